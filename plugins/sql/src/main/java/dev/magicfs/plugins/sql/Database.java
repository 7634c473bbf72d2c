package dev.magicfs.plugins.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * One sql directory's connection pool, bounded to {@link #MAX_CONNECTIONS}. SQLite is embedded (a file next to
 * mount.yaml); PostgreSQL is reached over the network and shared by every host that mounts it. The driver is
 * named to HikariCP directly, so it loads from this plugin's jar rather than through DriverManager.
 */
final class Database implements AutoCloseable {
    static final int MAX_CONNECTIONS = 4;
    /** The first 16 bytes of every SQLite database file. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final String shownUrl;
    private final HikariDataSource pool;
    private final boolean sqlite;

    private Database(String shownUrl, HikariDataSource pool) {
        this.shownUrl = shownUrl;
        this.pool = pool;
        this.sqlite = shownUrl.startsWith("jdbc:sqlite:");
    }

    /**
     * Opens the pool for {@code url}. A relative SQLite path is resolved against {@code base}, and must exist:
     * SQLite would otherwise create an empty database, which {@code check} must not do.
     *
     * @throws IllegalArgumentException for a URL of another database, or a SQLite file that is not there
     */
    static Database open(String url, Path base) {
        HikariConfig config = new HikariConfig();
        String jdbcUrl;
        if (url.startsWith("jdbc:sqlite:")) {
            Path file = base.resolve(url.substring("jdbc:sqlite:".length())).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("SQLite database not found: " + file);
            }
            checkSqliteHeader(file);
            jdbcUrl = "jdbc:sqlite:" + file;
            config.setDriverClassName("org.sqlite.JDBC");
            config.setMaximumPoolSize(1); // one writer at a time is all SQLite allows; readers queue briefly
        } else if (url.startsWith("jdbc:postgresql:")) {
            jdbcUrl = url;
            config.setDriverClassName("org.postgresql.Driver");
            config.setMaximumPoolSize(MAX_CONNECTIONS);
        } else {
            throw new IllegalArgumentException("unsupported database URL '" + url
                    + "' (expected jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
        }
        config.setJdbcUrl(jdbcUrl);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(3_000); // a database that is down fails a request in 3 s, not 30
        config.setInitializationFailTimeout(-1); // a database that is down at mount is an EIO later, not a crash
        config.setPoolName("magicfs-sql");
        return new Database(url, new HikariDataSource(config));
    }

    /**
     * Refuses a file that is not an SQLite database before the pool tries it: SQLite would only say so at the
     * first statement, after the pool has logged each failed attempt to connect.
     */
    private static void checkSqliteHeader(Path file) {
        byte[] head = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the SQLite database " + file + ": " + e.getMessage());
        }
        if (n > 0 && !Arrays.equals(head, SQLITE_HEADER)) { // an empty file is a database with no tables yet
            throw new IllegalArgumentException(file + " is not an SQLite database (it does not start with \"SQLite format 3\")");
        }
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** What a listing does on a connection that may only read. */
    interface Reading<T> {
        T read(Connection c) throws SQLException;
    }

    /**
     * Runs {@code reading} where the database refuses writes: a read-only transaction on PostgreSQL, and
     * SQLite's query_only on its one connection. A listing query that tries to write fails instead of writing.
     */
    <T> T readOnly(Reading<T> reading) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (sqlite) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA query_only = ON");
                }
                try {
                    return reading.read(c);
                } finally {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA query_only = OFF");
                    }
                }
            }
            c.setAutoCommit(false);
            c.setReadOnly(true); // the pool restores both when the connection comes back
            try {
                return reading.read(c);
            } finally {
                c.rollback();
            }
        }
    }

    String url() {
        return shownUrl;
    }

    @Override
    public void close() {
        pool.close();
    }
}
