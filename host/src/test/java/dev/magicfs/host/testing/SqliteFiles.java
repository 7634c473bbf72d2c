package dev.magicfs.host.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** SQLite databases the sql tests mount, made with the same driver the sql kind uses. */
public final class SqliteFiles {
    private SqliteFiles() {}

    /** Creates (or opens) the database file {@code db} and runs {@code statements} in it. */
    public static Path create(Path db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
        return db;
    }
}
