package dev.magicfs.plugins.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One sql directory's connection pool, bounded to {@link #MAX_CONNECTIONS}. SQLite is embedded (a file next to
 * mount.yaml); PostgreSQL is reached over the network and shared by every host that mounts it. The driver is
 * named to HikariCP directly, so it loads from this plugin's jar rather than through DriverManager.
 */
final class Database implements AutoCloseable {
    static final int MAX_CONNECTIONS = 4;

    private final String shownUrl;
    private final HikariDataSource pool;

    private Database(String shownUrl, HikariDataSource pool) {
        this.shownUrl = shownUrl;
        this.pool = pool;
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

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    String url() {
        return shownUrl;
    }

    @Override
    public void close() {
        pool.close();
    }
}
