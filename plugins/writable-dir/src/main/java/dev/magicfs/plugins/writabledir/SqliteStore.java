package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A persisted tree's journal: its names and metadata in an SQLite database ({@code tree.db}, WAL), each
 * regular file's bytes in {@code data/ID}. Every change is one transaction, committed before it shows, so a
 * crash of magicfs loses none; fsync commits once more with synchronous=FULL, which forces the WAL with every
 * change before it to disk. {@link StoreFolder} locks the folder and refuses a store it cannot read.
 *
 * <p>At load, what a crash or an unlinked open file left behind goes: nodes without a name, data files
 * without a node.
 */
final class SqliteStore implements Journal {
    private final StoreFolder store;
    private final Path folder;
    private final Connection db;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    static final long METADATA_DELAY_MILLIS = 100;
    /** Metadata changes not written yet, by node id; see {@link #metadataChanged}. */
    private final Map<Long, Metadata> pendingMetadata = new LinkedHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "magicfs-store-metadata");
        t.setDaemon(true);
        return t;
    });
    private FileLog log;
    /** Inside {@link #transaction}: a nested one (a from: folder's import) joins it. */
    private boolean inTransaction;

    private SqliteStore(StoreFolder store) {
        this.store = store;
        this.folder = store.folder;
        this.db = store.db;
    }

    /**
     * Opens the store in {@code folder} (made when absent), locks it, and loads its tree into {@code root}'s. A
     * new store of a tree with a from: folder starts as a view of that folder.
     */
    static void open(Path folder, TreeDirectory root, Path from) throws IOException, SQLException {
        StoreFolder store = StoreFolder.open(folder);
        try {
            new SqliteStore(store).load(root, from);
        } catch (IOException | SQLException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Reads every node and name into the tree, after removing what no name leads to. */
    private void load(TreeDirectory root, Path from) throws SQLException, IOException {
        DirTree tree = root.tree;
        try (Statement s = db.createStatement()) {
            s.execute("delete from nodes where id <> " + TreeDirectory.ROOT_ID + " and id not in (select child from entries)");
            s.execute("delete from entries where child not in (select id from nodes)");
            s.execute("delete from xattrs where node not in (select id from nodes)");
        }
        Map<Long, TreeNode> nodes = new HashMap<>();
        nodes.put(TreeDirectory.ROOT_ID, root);
        long highest = TreeDirectory.ROOT_ID;
        boolean rootStored = false;
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select id, type, mode, uid, gid, rdev, atime, mtime, ctime, target, origin from nodes")) {
            while (r.next()) {
                long id = r.getLong(1);
                highest = Math.max(highest, id);
                if (id == TreeDirectory.ROOT_ID) {
                    root.keep(metadata(r));
                    rootStored = true;
                    continue;
                }
                String origin = r.getString(11);
                TreeNode node = tree.newNode(id, metadata(r), r.getString(10), origin == null ? null : new Origin(Path.of(origin)));
                node.names = 0;
                nodes.put(id, node);
            }
        } catch (FsException e) {
            throw new IOException(e.getMessage(), e);
        }
        long named = 0;
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select parent, name, child from entries")) {
            while (r.next()) {
                TreeNode parent = nodes.get(r.getLong(1));
                TreeNode child = nodes.get(r.getLong(3));
                if (parent instanceof TreeDirectory directory && child != null) {
                    child.names++;
                    directory.put(r.getString(2), child);
                    named++;
                }
            }
        }
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("select node, name, value from xattrs")) {
            while (r.next()) {
                nodes.get(r.getLong(1)).keepXattr(r.getString(2), r.getBytes(3));
            }
        }
        if (!rootStored) { // a new store
            insertNode(root);
        }
        removeDataWithoutNode(nodes.keySet());
        log = tree.log;
        tree.journal(this, highest, nodes.size() - 1);
        tree.log.info("store " + folder + ": " + (nodes.size() - 1) + " files and folders, " + named + " names");
        if (!rootStored && from != null) {
            importFolder(root, from);
        }
    }

    /** A new store's tree starts as the from: folder, written as one transaction. */
    private synchronized void importFolder(TreeDirectory root, Path from) throws IOException {
        long[] names = new long[1];
        try {
            transaction(() -> {
                try {
                    names[0] = FolderImport.into(root, from);
                } catch (IOException | FsException e) {
                    throw new SQLException(e.getMessage(), e);
                }
            });
        } catch (FsException e) {
            throw new IOException("cannot start the tree from " + from + ": " + e.getMessage(), e);
        }
        log.info("store " + folder + " starts as a view of " + from + ": " + names[0] + " names");
    }

    private void logError(String message) {
        if (log != null) {
            log.error(message);
        }
    }

    private void removeDataWithoutNode(Set<Long> ids) throws IOException {
        Set<String> known = new HashSet<>();
        ids.forEach(id -> known.add(Long.toString(id)));
        try (DirectoryStream<Path> data = Files.newDirectoryStream(store.data())) {
            for (Path file : data) {
                if (!known.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static Metadata metadata(ResultSet r) throws SQLException {
        return new Metadata(FileType.ofMode(r.getInt(2)), r.getInt(3), r.getInt(4), r.getInt(5), r.getLong(6),
                instant(r.getLong(7)), instant(r.getLong(8)), instant(r.getLong(9)));
    }

    @Override
    public synchronized void created(TreeDirectory parent, String name, TreeNode node) throws FsException {
        transaction(() -> {
            insertNode(node);
            update("insert into entries values(?, ?, ?)", parent.id, name, node.id);
        });
    }

    @Override
    public synchronized void linked(TreeDirectory parent, String name, TreeNode node) throws FsException {
        single(() -> update("insert into entries values(?, ?, ?)", parent.id, name, node.id));
    }

    @Override
    public synchronized void removed(TreeDirectory parent, String name, TreeNode node) throws FsException {
        single(() -> update("delete from entries where parent = ? and name = ?", parent.id, name));
    }

    @Override
    public synchronized void renamed(TreeDirectory from, String name, TreeDirectory to, String newName, TreeNode moving,
            TreeNode replaced, boolean exchange) throws FsException {
        transaction(() -> {
            if (exchange) {
                update("update entries set child = ? where parent = ? and name = ?", moving.id, to.id, newName);
                update("update entries set child = ? where parent = ? and name = ?", replaced.id, from.id, name);
                return;
            }
            update("delete from entries where parent = ? and name = ?", to.id, newName);
            update("update entries set parent = ?, name = ? where parent = ? and name = ?", to.id, newName, from.id, name);
        });
    }

    /**
     * Metadata changes wait for the next transaction, an fsync, or {@link #METADATA_DELAY_MILLIS}, whichever
     * comes first: a create or rename also moves its directories' times, and tar x sets each file's times,
     * owner and mode one call after another, so most changes ride along with the next one.
     */
    @Override
    public synchronized void metadataChanged(TreeNode node, Metadata m) {
        if (pendingMetadata.isEmpty()) {
            flusher.schedule(this::flushInBackground, METADATA_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
        pendingMetadata.put(node.id, m);
    }

    private synchronized void flushInBackground() {
        try {
            transaction(() -> {});
        } catch (FsException e) {
            logError("saving metadata to " + folder + " failed, the next change tries again: " + e.getMessage());
        }
    }

    private void writePendingMetadata() throws SQLException {
        for (Map.Entry<Long, Metadata> pending : pendingMetadata.entrySet()) {
            Metadata m = pending.getValue();
            update("update nodes set mode = ?, uid = ?, gid = ?, atime = ?, mtime = ?, ctime = ? where id = ?",
                    m.mode(), m.uid(), m.gid(), nanos(m.accessed()), nanos(m.modified()), nanos(m.changed()), pending.getKey());
        }
    }

    @Override
    public synchronized void xattrChanged(TreeNode node, String name, byte[] value) throws FsException {
        if (value == null) {
            single(() -> update("delete from xattrs where node = ? and name = ?", node.id, name));
        } else {
            single(() -> update("insert or replace into xattrs values(?, ?, ?)", node.id, name, value));
        }
    }

    @Override
    public synchronized void contentOwned(TreeNode node) throws FsException {
        single(() -> update("update nodes set origin = null where id = ?", node.id));
    }

    @Override
    public synchronized void dropped(TreeNode node) {
        try {
            transaction(() -> {
                update("delete from nodes where id = ?", node.id);
                update("delete from xattrs where node = ?", node.id);
            });
            if (node instanceof OnDiskFile file) {
                file.deleteData();
            }
        } catch (FsException | IOException e) {
            node.tree.log.error("removing file " + node.id + " from " + folder + " failed; the next mount will: " + e.getMessage());
        }
    }

    @Override
    public synchronized void sync() throws FsException {
        if (!pendingMetadata.isEmpty()) {
            transaction(() -> {});
        }
        try (Statement s = db.createStatement()) {
            s.execute("pragma synchronous = full");
            try {
                s.executeUpdate("update meta set value = value + 1 where key = 'syncs'");
            } finally {
                s.execute("pragma synchronous = normal");
            }
        } catch (SQLException e) {
            throw new FsException(Errno.EIO, "cannot sync " + folder + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        flusher.shutdownNow();
        try {
            if (!pendingMetadata.isEmpty()) {
                transaction(() -> {});
            }
        } catch (FsException e) {
            logError("saving metadata to " + folder + " at unmount failed: " + e.getMessage());
        }
store.close();
    }

    private void insertNode(TreeNode node) throws SQLException {
        Metadata m = node.metadata();
        Origin origin = node.origin();
        update("insert into nodes values(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", node.id, m.type().modeBits, m.mode(), m.uid(), m.gid(),
                m.rdev(), nanos(m.accessed()), nanos(m.modified()), nanos(m.changed()), node.linkTarget(),
                origin == null ? null : origin.file.toString());
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Several statements as one transaction. */
    private void transaction(Work work) throws FsException {
        if (inTransaction) { // a change made while a from: folder is imported joins that transaction
            try {
                work.run();
                return;
            } catch (SQLException e) {
                throw refused(e);
            }
        }
        try {
            db.setAutoCommit(false);
            inTransaction = true;
            try {
                writePendingMetadata();
                work.run();
                db.commit();
                pendingMetadata.clear();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                inTransaction = false;
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw refused(e);
        }
    }

    /** One statement, a transaction of its own, unless metadata waits to go with it. */
    private void single(Work work) throws FsException {
        if (!pendingMetadata.isEmpty()) {
            transaction(work);
            return;
        }
        try {
            work.run();
        } catch (SQLException e) {
            throw refused(e);
        }
    }

    private FsException refused(SQLException e) {
        Errno errno = e.getMessage() != null && e.getMessage().contains("SQLITE_FULL") ? Errno.ENOSPC : Errno.EIO;
        return new FsException(errno, "the store " + folder + " refused the change: " + e.getMessage());
    }

    /** Runs {@code sql}, prepared once per connection: most changes are one short statement. */
    private void update(String sql, Object... values) throws SQLException {
        PreparedStatement p = prepared.get(sql);
        if (p == null) {
            p = db.prepareStatement(sql);
            prepared.put(sql, p);
        }
        for (int i = 0; i < values.length; i++) {
            p.setObject(i + 1, values[i]);
        }
        p.executeUpdate();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
