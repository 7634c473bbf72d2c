package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magicfs.host.testing.HostJmx;
import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100,000 rows listed through readdir exactly, with the time and the heap the listing takes. */
class SqlScaleTest {
    static final int ROWS = 100_000;

    @TempDir
    Path dir;

    @Test
    void aHundredThousandRowsAreListedExactlyOnce() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("big.db"))) {
            c.createStatement().execute("create table rows (id integer primary key, body text)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into rows values (?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "row " + i + "\n");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        Path config = Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  rows:
                    kind: sql
                    url: jdbc:sqlite:big.db
                    query: select id, body from rows
                    name: "{id}.txt"
                    content: body
                    refresh: 1h
                """);
        try (HostProcess host = HostProcess.mount(config, TestPaths.builtInPlugins(), "quiet", dir.resolve("mnt"));
                HostJmx jmx = HostJmx.attach(host, "magicfs")) {
            long before = jmx.heapAfterGc();
            long start = System.nanoTime();
            Shell.Result listed = Shell.sh("ls -f " + dir.resolve("mnt/rows") + " | wc -l");
            long first = (System.nanoTime() - start) / 1_000_000;
            assertEquals((ROWS + 2) + "\n", listed.assertSucceeded().stdout(), "100,000 names plus . and ..");
            start = System.nanoTime();
            assertEquals((ROWS + 2) + "\n", Shell.sh("ls -f " + dir.resolve("mnt/rows") + " | sort -u | wc -l").assertSucceeded().stdout());
            long second = (System.nanoTime() - start) / 1_000_000;
            long after = jmx.heapAfterGc();
            assertEquals("row 99999\n", Files.readString(dir.resolve("mnt/rows/99999.txt")));
            System.out.printf("sql: ls -f of %d rows: %d ms with the query, %d ms from the kept listing (and sort -u); "
                    + "heap after GC %.1f MiB before, %.1f MiB with the listing kept (%.0f bytes a row)%n", ROWS, first,
                    second, before / 1048576.0, after / 1048576.0, (after - before) / (double) ROWS);
        }
    }
}
