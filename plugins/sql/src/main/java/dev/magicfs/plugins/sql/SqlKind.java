package dev.magicfs.plugins.sql;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: sql}: a directory with one file per row of {@code query}. {@code name} is a template of columns
 * ({@code "{id}-{subject}.eml"}), {@code content} the column of the bytes, {@code mtime} an optional column of
 * times, {@code group} an optional column that makes one subdirectory per value, {@code refresh} how long a
 * listing may be reused (default 1s), and {@code update} an optional statement with {@code :content} and
 * {@code :column} parameters that makes the files writable. {@code url} is {@code jdbc:sqlite:FILE} (relative
 * to mount.yaml) or {@code jdbc:postgresql://HOST/DB}. The statements are prepared at check time, so a syntax
 * error or a column that is not in the query is reported before mounting.
 */
@Extension
public final class SqlKind implements FileKind {
    static final String URL = "url";
    static final String QUERY = "query";
    static final String NAME = "name";
    static final String CONTENT = "content";
    static final String MTIME = "mtime";
    static final String GROUP = "group";
    static final String REFRESH = "refresh";
    static final String UPDATE = "update";

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Set<String> keys() {
        return Set.of(URL, QUERY, NAME, CONTENT, MTIME, GROUP, REFRESH, UPDATE);
    }

    /** Rows come and go: names and attributes are asked for each time; content is read as a whole per open. */
    @Override
    public CachePolicy cachePolicy() {
        return CachePolicy.INHERIT.withTtl(Duration.ZERO).withDirectIo(true);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        NameTemplate template = new NameTemplate(spec.requiredText(NAME));
        String content = spec.requiredText(CONTENT);
        String mtime = spec.text(MTIME);
        String group = spec.text(GROUP);
        Duration refresh = spec.duration(REFRESH, Duration.ofSeconds(1));
        String query = spec.requiredText(QUERY);
        String updateText = spec.text(UPDATE);
        Database database;
        try {
            database = Database.open(spec.requiredText(URL), spec.baseDirectory());
        } catch (IllegalArgumentException e) {
            throw new SpecException(URL, e.getMessage());
        }
        try {
            Update update = updateText == null ? null : new Update(updateText);
            validate(database, query, template, content, mtime, group, update);
            ReadOnlyQuery.check(QUERY, query); // after the database's own word on the syntax, which is clearer
            return new SqlDirectory(database, new SqlDirectory.Settings(query, template, content, mtime, group, update),
                    refresh, log);
        } catch (SpecException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Prepares the statements, and checks that every column named is one the query gives. */
    private static void validate(Database database, String query, NameTemplate template, String content, String mtime,
            String group, Update update) throws SpecException {
        Set<String> columns = new LinkedHashSet<>();
        try (Connection c = database.connection()) {
            try (PreparedStatement statement = c.prepareStatement(query)) {
                ResultSetMetaData meta = statement.getMetaData();
                if (meta == null) {
                    throw new SpecException(QUERY, "the query returns no rows; expected a select");
                }
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
            } catch (SQLException e) {
                throw new SpecException(QUERY, "the query does not prepare: " + e.getMessage());
            }
            if (update != null) {
                try (PreparedStatement statement = c.prepareStatement(update.sql())) {
                    // prepared: its syntax and names are right
                } catch (SQLException e) {
                    throw new SpecException(UPDATE, "the update does not prepare: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new SpecException(URL, "cannot connect to " + database.url() + ": " + e.getMessage());
        }
        for (String column : template.columns()) {
            requireColumn(columns, NAME, column);
        }
        requireColumn(columns, CONTENT, content);
        requireColumn(columns, MTIME, mtime);
        requireColumn(columns, GROUP, group);
        if (update != null) {
            for (String parameter : update.parameters()) {
                if (!parameter.equals("content") && !columns.contains(parameter)) {
                    throw new SpecException(UPDATE, "parameter ':" + parameter + "' is neither :content nor one of the query's columns " + columns);
                }
            }
        }
    }

    private static void requireColumn(Set<String> columns, String key, String column) throws SpecException {
        if (column != null && !columns.contains(column)) {
            throw new SpecException(key, "column '" + column + "' is not among the query's columns " + columns);
        }
    }
}
