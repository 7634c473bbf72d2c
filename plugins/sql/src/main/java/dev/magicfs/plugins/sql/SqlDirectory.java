package dev.magicfs.plugins.sql;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Node;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directory of a {@code kind: sql} file: one file per row of its query, in subdirectories by the
 * {@code group} column when set. One query answers a whole listing; the listing is kept for {@code refresh},
 * and a lookup reuses one as old as {@code refresh} ({@link #LOOKUP_REUSE} when that is 0), so {@code ls -l} runs
 * the query once. A database
 * error fails the request with EIO; the next one tries again.
 */
final class SqlDirectory implements Directory, AutoCloseable {
    static final Duration LOOKUP_REUSE = Duration.ofSeconds(1);

    /** What the spec says about the rows. */
    record Settings(String query, NameTemplate template, String content, String mtime, String group, Update update) {}

    private final Database database;
    private final Settings settings;
    private final Duration refresh;
    private final FileLog log;
    private volatile Listing listing;
    /** The content column holds bytes (BLOB, bytea): written content is stored as bytes, else as UTF-8 text. */
    private volatile boolean binaryContent;

    /** One query's result: the entries of this directory and of each group's subdirectory. */
    private record Listing(Map<String, List<Entry>> byGroup, Map<String, Map<String, Node>> byName, long takenAt) {
        boolean youngerThan(Duration age) {
            return System.nanoTime() - takenAt < age.toNanos();
        }
    }

    SqlDirectory(Database database, Settings settings, Duration refresh, FileLog log) {
        this.database = database;
        this.settings = settings;
        this.refresh = refresh;
        this.log = log;
    }

    @Override
    public List<Entry> children(Caller caller) throws FsException {
        return fresh(refresh).byGroup.get("");
    }

    @Override
    public Node child(String name, Caller caller) throws FsException {
        return fresh(lookupAge()).byName.get("").get(name);
    }

    /** The next listing queries again: after a write, so the writer sees its row as the database has it. */
    void invalidate() {
        listing = null;
    }

    Database database() {
        return database;
    }

    private Listing fresh(Duration age) throws FsException {
        Listing l = listing;
        return l != null && l.youngerThan(age) ? l : query();
    }

    /** One subdirectory of the listing: a value of the group column. */
    private final class Group implements Directory {
        private final String name;

        Group(String name) {
            this.name = name;
        }

        @Override
        public List<Entry> children(Caller caller) throws FsException {
            return fresh(refresh).byGroup.getOrDefault(name, List.of());
        }

        @Override
        public Node child(String child, Caller caller) throws FsException {
            return fresh(lookupAge()).byName.getOrDefault(name, Map.of()).get(child);
        }
    }

    /** A row as read: its file name, its group, and the values of all its columns. */
    private record Row(String name, String group, Map<String, Object> values) {}

    private synchronized Listing query() throws FsException {
        Listing l = listing;
        if (l != null && l.youngerThan(Duration.ofMillis(50))) {
            return l; // another thread queried a moment ago
        }
        List<Row> rows = new ArrayList<>();
        try {
            database.readOnly(c -> {
                try (PreparedStatement statement = c.prepareStatement(settings.query()); ResultSet result = statement.executeQuery()) {
                    ResultSetMetaData meta = result.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        if (meta.getColumnLabel(i).equals(settings.content()) && isBinary(meta.getColumnType(i))) {
                            binaryContent = true;
                        }
                    }
                    while (result.next()) {
                        Map<String, Object> values = new LinkedHashMap<>(); // in the query's column order
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            values.put(meta.getColumnLabel(i), result.getObject(i));
                        }
                        String group = settings.group() == null ? "" : NameTemplate.safe(String.valueOf(values.get(settings.group())));
                        rows.add(new Row(settings.template().name(values::get), group, values));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new FsException(Errno.EIO, "query failed on " + database.url() + ": " + e.getMessage(), e);
        }
        // A fixed order, whatever order the database returned: duplicates get the same ~N every time, given by
        // their values in the query's column order (the key first, in a query that selects it first).
        rows.sort(Comparator.comparing(Row::group).thenComparing(Row::name).thenComparing(r -> stringValues(r.values())));
        Map<String, List<Entry>> byGroup = new LinkedHashMap<>();
        Map<String, Map<String, Node>> byName = new HashMap<>();
        Map<String, Set<String>> taken = new HashMap<>();
        byGroup.put("", new ArrayList<>());
        byName.put("", new HashMap<>());
        Listing previous = listing;
        for (Row row : rows) {
            if (!row.group().isEmpty() && !byGroup.containsKey(row.group())) {
                byGroup.put(row.group(), new ArrayList<>());
                byName.put(row.group(), new HashMap<>());
                Node group = previousNode(previous, "", row.group()) instanceof Group g ? g : new Group(row.group());
                byGroup.get("").add(new Entry(row.group(), group));
                byName.get("").put(row.group(), group);
            }
            String name = NameTemplate.unique(row.name(), taken.computeIfAbsent(row.group(), g -> new HashSet<>()));
            Object raw = row.values().get(settings.content());
            binaryContent |= raw instanceof byte[];
            byte[] content = contentOf(raw);
            Node file = settings.update() != null ? new RowFile.Writable(this, content, mtimeOf(row.values()), keysOf(row.values()))
                    : new RowFile(this, content, mtimeOf(row.values()), Map.of());
            byGroup.get(row.group()).add(new Entry(name, file));
            byName.get(row.group()).put(name, file);
        }
        byGroup.replaceAll((g, entries) -> List.copyOf(entries));
        Listing next = new Listing(byGroup, byName, System.nanoTime());
        listing = next;
        return next;
    }

    /** The values the update names, the only ones a row keeps besides its content: a listing is held once. */
    private Map<String, Object> keysOf(Map<String, Object> values) {
        Map<String, Object> keys = new HashMap<>();
        for (String parameter : settings.update().parameters()) {
            if (!parameter.equals("content")) {
                keys.put(parameter, values.get(parameter));
            }
        }
        return keys;
    }

    private static Node previousNode(Listing previous, String group, String name) {
        return previous == null ? null : previous.byName.getOrDefault(group, Map.of()).get(name);
    }

    private static String stringValues(Map<String, Object> values) {
        StringBuilder out = new StringBuilder();
        values.values().forEach(v -> out.append(v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : v).append('\0'));
        return out.toString();
    }

    private static byte[] contentOf(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The mtime column as an instant: a SQL timestamp, seconds since 1970, or ISO-8601 text; null when none. */
    private Instant mtimeOf(Map<String, Object> values) {
        if (settings.mtime() == null) {
            return null;
        }
        Object v = values.get(settings.mtime());
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v != null) {
            String text = v.toString().trim();
            try {
                return text.matches("-?\\d+") ? Instant.ofEpochSecond(Long.parseLong(text)) : Instant.parse(text.replace(' ', 'T'));
            } catch (DateTimeParseException | NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Runs the update for one row in a transaction: {@code :content} is {@code content}, other names the row's columns. */
    void update(Map<String, Object> row, byte[] content) throws FsException {
        Update update = settings.update();
        String text = binaryContent ? null : text(content);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement statement = c.prepareStatement(update.sql())) {
                for (int i = 0; i < update.parameters().size(); i++) {
                    String parameter = update.parameters().get(i);
                    if (!parameter.equals("content")) {
                        statement.setObject(i + 1, row.get(parameter));
                    } else if (text == null) {
                        statement.setBytes(i + 1, content);
                    } else {
                        statement.setString(i + 1, text);
                    }
                }
                int changed = statement.executeUpdate();
                if (changed != 1) {
                    c.rollback();
                    throw new FsException(Errno.EIO, "the update changed " + changed + " rows, not 1; rolled back");
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new FsException(errnoOf(e), "the update failed on " + database.url() + ": " + e.getMessage(), e);
        } finally {
            invalidate();
        }
    }

    private static boolean isBinary(int sqlType) {
        return sqlType == Types.BINARY || sqlType == Types.VARBINARY || sqlType == Types.LONGVARBINARY || sqlType == Types.BLOB;
    }

    /** What was written, for a text column: UTF-8 as it is, or refused, never altered (no replacement characters). */
    private String text(byte[] content) throws FsException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new FsException(Errno.EINVAL, "column '" + settings.content() + "' holds text, and what was written is not UTF-8"
                    + " (store binary content in a BLOB or bytea column)");
        }
    }

    /** A database's refusal as the errno a writer understands. */
    private static Errno errnoOf(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("23") || state.startsWith("22")) {
            return Errno.EINVAL; // a constraint or a value the column does not take
        }
        if (state.equals("42501")) {
            return Errno.EACCES;
        }
        if (state.equals("53100")) {
            return Errno.ENOSPC;
        }
        return Errno.EIO;
    }

    FileLog log() {
        return log;
    }

    /** How old a listing a lookup may use: {@code refresh}, or {@link #LOOKUP_REUSE} when that is 0. */
    private Duration lookupAge() {
        return refresh.isZero() ? LOOKUP_REUSE : refresh;
    }

    @Override
    public void close() {
        database.close();
    }
}
