package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteDataSource;

/**
 * A persisted tree's journal: its names and metadata in an SQLite database ({@code tree.db}, WAL), each
 * regular file's bytes in {@code data/ID}. Every change is one transaction, committed before it shows, so a
 * crash of magicfs loses none; fsync commits once more with synchronous=FULL, which forces the WAL with every
 * change before it to disk. A lock on {@code lock} keeps a second mount out; a store of another format or a
 * damaged one is refused and never written.
 *
 * <p>At load, what a crash or an unlinked open file left behind goes: nodes without a name, data files
 * without a node.
 */
final class SqliteStore implements Journal {
    static final int FORMAT = 1;
    private static final String DATABASE = "tree.db";

    /**
     * The stores this process has open. A POSIX lock belongs to the process, and closing any descriptor of the
     * lock file drops it, so a second open in this process must not even touch that file.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final Connection db;
    private final FileChannel lockFile;
    private final FileLock lock;
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

    private SqliteStore(Path folder, Connection db, FileChannel lockFile, FileLock lock) {
        this.folder = folder;
        this.db = db;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * What {@code magicfs check} and a mount learn before anything is written: null when the store can be
     * used (or does not exist yet), else why not.
     */
    static String problem(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            return folder + " is not a folder";
        }
        if (OPEN.contains(folder)) {
            return folder + " is in use by another tree of this mount";
        }
        Path database = folder.resolve(DATABASE);
        if (!Files.exists(database)) {
            return null;
        }
        Path lockPath = folder.resolve("lock");
        try (FileChannel probe = Files.exists(lockPath) ? FileChannel.open(lockPath, StandardOpenOption.WRITE) : null) {
            FileLock held = probe == null ? null : probe.tryLock();
            if (probe != null && held == null) {
                return folder + " is in use by another mount";
            }
            if (held != null) {
                held.release();
            }
        } catch (OverlappingFileLockException e) {
            return folder + " is in use by another mount";
        } catch (IOException e) {
            return "cannot lock " + folder + ": " + e.getMessage();
        }
        try (Connection c = connect(database, true); Statement s = c.createStatement();
                ResultSet format = s.executeQuery("select value from meta where key = 'format'")) {
            int found = format.next() ? Integer.parseInt(format.getString(1)) : -1;
            return found == FORMAT ? null : database + " has store format " + found + ", this magicfs reads " + FORMAT;
        } catch (SQLException | NumberFormatException e) {
            return database + " is damaged or not a magicfs store (" + e.getMessage() + ")";
        }
    }

    /** Opens the store in {@code folder} (made when absent), locks it, and loads its tree into {@code root}'s. */
    static void open(Path folder, TreeDirectory root) throws IOException, SQLException {
        if (!OPEN.add(folder)) {
            throw new IOException(folder + " is in use by another tree of this mount");
        }
        try {
            openLocked(folder, root);
        } catch (IOException | SQLException | RuntimeException e) {
            OPEN.remove(folder);
            throw e;
        }
    }

    private static void openLocked(Path folder, TreeDirectory root) throws IOException, SQLException {
        Files.createDirectories(folder.resolve("data"));
        FileChannel lockFile = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException(folder + " is in use by another mount");
        }
        Connection db = null;
        try {
            db = connect(folder.resolve(DATABASE), false);
            SqliteStore store = new SqliteStore(folder, db, lockFile, lock);
            store.createSchema();
            store.load(root);
        } catch (IOException | SQLException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            lockFile.close(); // drops the lock with it
            throw e;
        }
    }

    private static Connection connect(Path database, boolean readOnly) throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + database);
        source.setReadOnly(readOnly);
        Connection c = source.getConnection();
        if (!readOnly) {
            try (Statement s = c.createStatement()) {
                s.execute("pragma journal_mode = wal");
                s.execute("pragma synchronous = normal");
                s.execute("pragma foreign_keys = off");
            }
        }
        return c;
    }

    private void createSchema() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("create table if not exists meta(key text primary key, value text not null)");
            s.execute("create table if not exists nodes(id integer primary key, type integer not null, mode integer not null,"
                    + " uid integer not null, gid integer not null, rdev integer not null, atime integer not null,"
                    + " mtime integer not null, ctime integer not null, target text)");
            s.execute("create table if not exists entries(parent integer not null, name text not null, child integer not null,"
                    + " primary key(parent, name)) without rowid");
            s.execute("create index if not exists entries_by_child on entries(child)");
            s.execute("insert or ignore into meta values('format', '" + FORMAT + "')");
            s.execute("insert or ignore into meta values('syncs', '0')");
        }
    }

    /** Reads every node and name into the tree, after removing what no name leads to. */
    private void load(TreeDirectory root) throws SQLException, IOException {
        DirTree tree = root.tree;
        try (Statement s = db.createStatement()) {
            s.execute("delete from nodes where id <> " + TreeDirectory.ROOT_ID + " and id not in (select child from entries)");
            s.execute("delete from entries where child not in (select id from nodes)");
        }
        Map<Long, TreeNode> nodes = new HashMap<>();
        nodes.put(TreeDirectory.ROOT_ID, root);
        long highest = TreeDirectory.ROOT_ID;
        boolean rootStored = false;
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("select id, type, mode, uid, gid, rdev, atime, mtime, ctime, target from nodes")) {
            while (r.next()) {
                long id = r.getLong(1);
                highest = Math.max(highest, id);
                if (id == TreeDirectory.ROOT_ID) {
                    root.keep(metadata(r));
                    rootStored = true;
                    continue;
                }
                TreeNode node = tree.newNode(id, metadata(r), r.getString(10));
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
        if (!rootStored) { // a new store
            insertNode(root);
        }
        removeDataWithoutNode(nodes.keySet());
        log = tree.log;
        tree.journal(this, highest, nodes.size() - 1);
        tree.log.info("store " + folder + ": " + (nodes.size() - 1) + " files and folders, " + named + " names");
    }

    private void logError(String message) {
        if (log != null) {
            log.error(message);
        }
    }

    private void removeDataWithoutNode(Set<Long> ids) throws IOException {
        Set<String> known = new HashSet<>();
        ids.forEach(id -> known.add(Long.toString(id)));
        try (DirectoryStream<Path> data = Files.newDirectoryStream(folder.resolve("data"))) {
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
    public synchronized void dropped(TreeNode node) {
        try {
            single(() -> update("delete from nodes where id = ?", node.id));
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
        try {
            db.close();
            lock.release();
            lockFile.close();
        } catch (SQLException | IOException e) {
            // the process ends with the mount: its exit releases the lock
        }
        OPEN.remove(folder);
    }

    private void insertNode(TreeNode node) throws SQLException {
        Metadata m = node.metadata();
        update("insert into nodes values(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", node.id, m.type().modeBits, m.mode(), m.uid(), m.gid(),
                m.rdev(), nanos(m.accessed()), nanos(m.modified()), nanos(m.changed()), node.linkTarget());
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Several statements as one transaction. */
    private void transaction(Work work) throws FsException {
        try {
            db.setAutoCommit(false);
            try {
                writePendingMetadata();
                work.run();
                db.commit();
                pendingMetadata.clear();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
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
