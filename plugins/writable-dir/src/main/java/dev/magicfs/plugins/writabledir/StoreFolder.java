package dev.magicfs.plugins.writabledir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteDataSource;

/**
 * A persisted tree's folder: {@code tree.db}, {@code data/} and {@code lock}. Opening it takes the lock, so a
 * second mount is kept out, and brings an older store's schema up to date; a store of a newer format, or a
 * damaged one, is refused before anything is written.
 *
 * <p>Format 1 had no extended attributes and no from: folder; format 2 adds the table of the first and the
 * {@code origin} column of {@code nodes} (the folder's file a node shows until its first change).
 */
final class StoreFolder implements AutoCloseable {
    static final int FORMAT = 2;
    private static final int OLDEST_READ = 1;
    private static final String DATABASE = "tree.db";

    /**
     * The stores this process has open. A POSIX lock belongs to the process, and closing any descriptor of the
     * lock file drops it, so a second open in this process must not even touch that file.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    final Path folder;
    final Connection db;
    private final FileChannel lockFile;

    private StoreFolder(Path folder, Connection db, FileChannel lockFile) {
        this.folder = folder;
        this.db = db;
        this.lockFile = lockFile;
    }

    Path data() {
        return folder.resolve("data");
    }

    /**
     * What {@code magicfs check} and a mount learn before anything is written: null when the store can be
     * used (or does not exist yet), else why not. A check ({@code inUseIsFine}) does not mind a store that a
     * running mount holds, as it will when the user checks the mount.yaml of a running mount.
     *
     * <p>A store this user may not open is not a mistake of mount.yaml (another user mounting the same
     * installation's default, say): it is left to the tree's first use, which fails that tree alone with EIO and
     * says why, while the rest of the mount serves.
     */
    static String problem(Path folder, boolean inUseIsFine) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            return folder + " is not a folder";
        }
        if (OPEN.contains(folder)) {
            return folder + " is in use by another tree of this mount";
        }
        Path database = folder.resolve(DATABASE);
        if (!Files.exists(database) || isEmpty(database)) {
            return null; // new, or made by an open that ended before SQLite's first write: it holds nothing yet
        }
        Path lockPath = folder.resolve("lock");
        if (!Files.isReadable(database) || (Files.exists(lockPath) && !Files.isWritable(lockPath))) {
            return null;
        }
        try (FileChannel probe = Files.exists(lockPath) ? FileChannel.open(lockPath, StandardOpenOption.WRITE) : null) {
            FileLock held = probe == null ? null : tryLock(probe);
            if (probe != null && held == null) {
                return inUseIsFine ? null : folder + " is in use by another mount";
            }
            if (held != null) {
                held.release();
            }
        } catch (IOException e) {
            return "cannot lock " + folder + ": " + e.getMessage();
        }
        int found;
        try {
            found = StoreHeader.read(database).format();
        } catch (IOException e) {
            return database + " is damaged or not a magicfs store (" + e.getMessage() + ")";
        }
        if (found == StoreHeader.UNMARKED) {
            try (Connection c = connect(database, true); Statement s = c.createStatement();
                    ResultSet format = s.executeQuery("select value from meta where key = 'format'")) {
                found = format.next() ? Integer.parseInt(format.getString(1)) : -1;
            } catch (SQLException | NumberFormatException e) {
                return database + " is damaged or not a magicfs store (" + e.getMessage() + ")";
            }
        }
        return found >= OLDEST_READ && found <= FORMAT ? null
                : database + " has store format " + found + ", this magicfs reads " + OLDEST_READ + " to " + FORMAT;
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false; // the probe that follows says why
        }
    }

    /** Opens the store in {@code folder}, made when absent, and locks it. */
    static StoreFolder open(Path folder) throws IOException, SQLException {
        if (!OPEN.add(folder)) {
            throw new IOException(folder + " is in use by another tree of this mount");
        }
        FileChannel lockFile = null;
        Connection db = null;
        try {
            Files.createDirectories(folder.resolve("data"));
            lockFile = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (tryLock(lockFile) == null) {
                throw new IOException(folder + " is in use by another mount");
            }
            db = connect(folder.resolve(DATABASE), false);
            createSchema(db);
            return new StoreFolder(folder, db, lockFile);
        } catch (IOException | SQLException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            if (lockFile != null) {
                lockFile.close(); // drops the lock with it
            }
            OPEN.remove(folder);
            throw e;
        }
    }

    /** The lock on {@code lockFile}, or null when another process, or a channel of this one, holds it. */
    private static FileLock tryLock(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static Connection connect(Path database, boolean readOnly) throws SQLException {
        SqliteLibrary.load();
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + database);
        source.setReadOnly(readOnly);
        Connection c = source.getConnection();
        if (!readOnly) {
            try (Statement s = c.createStatement()) {
                // The folder's lock keeps every other process out already; an exclusive SQLite lock, taken
                // before WAL mode, saves the shared-memory index and two file locks per transaction.
                s.execute("pragma locking_mode = exclusive");
                s.execute("pragma journal_mode = wal");
                s.execute("pragma synchronous = normal");
                s.execute("pragma foreign_keys = off");
            }
        }
        return c;
    }

    private static void createSchema(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            // The header's format, as the probe read it (StoreHeader.format), now through SQLite.
            int marked = pragma(s, "application_id") == StoreHeader.APPLICATION_ID ? pragma(s, "user_version") : StoreHeader.UNMARKED;
            if (marked > FORMAT) { // the probe said so already, unless a newer magicfs wrote it since
                throw new SQLException("the store has format " + marked + ", this magicfs reads " + OLDEST_READ + " to " + FORMAT);
            }
            s.execute("create table if not exists meta(key text primary key, value text not null)");
            s.execute("create table if not exists nodes(id integer primary key, type integer not null, mode integer not null,"
                    + " uid integer not null, gid integer not null, rdev integer not null, atime integer not null,"
                    + " mtime integer not null, ctime integer not null, target text, origin text)");
            s.execute("create table if not exists entries(parent integer not null, name text not null, child integer not null,"
                    + " primary key(parent, name)) without rowid");
            s.execute("create index if not exists entries_by_child on entries(child)");
            s.execute("create table if not exists xattrs(node integer not null, name text not null, value blob not null,"
                    + " primary key(node, name)) without rowid");
            if (!hasColumn(s, "nodes", "origin")) { // a store of format 1
                s.execute("alter table nodes add column origin text");
            }
            s.execute("insert or ignore into meta values('format', '" + FORMAT + "')");
            s.execute("update meta set value = '" + FORMAT + "' where key = 'format'"); // format 1 lacked xattrs and origins
            s.execute("insert or ignore into meta values('syncs', '0')");
            if (marked != FORMAT) {
                // The header marks the store for the next probe, which reads it without SQLite; the checkpoint
                // writes it from the write-ahead log into the file itself.
                s.execute("pragma application_id = " + StoreHeader.APPLICATION_ID);
                s.execute("pragma user_version = " + FORMAT);
                s.execute("pragma wal_checkpoint(truncate)");
            }
        }
    }

    private static int pragma(Statement s, String name) throws SQLException {
        try (ResultSet value = s.executeQuery("pragma " + name)) {
            return value.next() ? value.getInt(1) : 0;
        }
    }

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet columns = s.executeQuery("select 1 from pragma_table_info('" + table + "') where name = '" + column + "'")) {
            return columns.next();
        }
    }

    /** Closes the database and drops the lock. */
    @Override
    public void close() {
        try {
            db.close();
            lockFile.close();
        } catch (SQLException | IOException e) {
            // the process ends with the mount: its exit releases the lock
        }
        OPEN.remove(folder);
    }
}
