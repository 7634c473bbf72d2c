package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.PostgresServer;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kind: sql over a real PostgreSQL server, mounted by two magicfs processes at once. */
class PostgresDirectoryTest {
    static PostgresServer server;
    static Path dir;
    static Path config;

    @BeforeAll
    static void startDatabase() throws Exception {
        server = PostgresServer.start();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("create table messages (id integer primary key, subject text, body text)");
            s.execute("insert into messages select i, 'subject ' || i, 'body ' || i || chr(10) from generate_series(1, 100) i");
            // A function that writes: the word check cannot see into it, the read-only transaction does.
            s.execute("create function drain() returns setof messages language sql as 'delete from messages returning *'");
        }
        dir = Files.createTempDirectory("magicfs-pg-");
        config = Files.writeString(dir.resolve("mount.yaml"), """
                files:
                  hello.txt: {kind: static, text: "hi\\n"}
                  mail:
                    kind: sql
                    url: "%1$s"
                    query: select id, subject, body from messages
                    name: "{id}-{subject}.txt"
                    content: body
                    refresh: 500ms
                    update: update messages set body = :content where id = :id
                  drained:
                    kind: sql
                    url: "%1$s"
                    query: select id, body from drain()
                    name: "{id}.txt"
                    content: body
                """.formatted(server.url()));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        server.close();
    }

    private static HostProcess mount(String name) throws Exception {
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", dir.resolve(name));
    }

    @Test
    void twoHostsShowTheSameRowsAndAWriteThroughOneShowsThroughTheOther() throws Exception {
        try (HostProcess a = mount("a"); HostProcess b = mount("b")) {
            assertEquals("100\n", Shell.sh("ls " + dir.resolve("a/mail") + " | wc -l").assertSucceeded().stdout());
            assertEquals(Shell.sh("ls " + dir.resolve("a/mail")).stdout(), Shell.sh("ls " + dir.resolve("b/mail")).stdout());
            Path inA = dir.resolve("a/mail/7-subject 7.txt");
            Path inB = dir.resolve("b/mail/7-subject 7.txt");
            assertEquals("body 7\n", Files.readString(inB));
            Shell.run("bash", "-c", "printf 'written through host a\\n' > '" + inA + "'").assertSucceeded();
            long start = System.nanoTime();
            while (!Files.readString(inB).equals("written through host a\n")) {
                assertTrue(System.nanoTime() - start < 3_000_000_000L, "host b still shows " + Files.readString(inB));
                Thread.sleep(50);
            }
            try (Connection c = server.connect(); ResultSet r = c.createStatement().executeQuery("select body from messages where id = 7")) {
                assertTrue(r.next());
                assertEquals("written through host a\n", r.getString(1));
            }
            System.out.printf("postgres: a write through host a showed through host b after %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void aListingRunsReadOnlySoAQueryThatWritesChangesNothing() throws Exception {
        try (HostProcess a = mount("d")) {
            Shell.Result listing = Shell.run("ls", dir.resolve("d/drained").toString());
            assertTrue(listing.stderr().contains("Input/output error"), listing.stderr());
            assertTrue(a.log().contains("read-only transaction"), a.log());
            try (Connection c = server.connect(); ResultSet r = c.createStatement().executeQuery("select count(*) from messages")) {
                assertTrue(r.next());
                assertEquals(100, r.getInt(1), "no row was deleted");
            }
        }
    }

    @Test
    void aDatabaseThatDiesGivesEioAndALogLineAndTheMountRecoversWhenItIsBack() throws Exception {
        try (HostProcess a = mount("c")) {
            Path mail = dir.resolve("c/mail");
            assertEquals("100\n", Shell.sh("ls '" + mail + "' | wc -l").assertSucceeded().stdout());
            server.kill();
            try {
                Thread.sleep(600); // past refresh: the next ls asks the database
                Shell.Result failed = Shell.run("ls", mail.toString());
                assertTrue(failed.stderr().contains("Input/output error"), failed.stderr());
                assertTrue(a.log().contains("ERROR OPENDIR mail (ino="), a.log());
                assertTrue(a.log().contains("query failed on jdbc:postgresql://127.0.0.1:"), a.log());
                assertEquals("hi\n", Shell.run("cat", dir.resolve("c/hello.txt").toString()).assertSucceeded().stdout());
            } finally {
                server.startAgain();
            }
            long start = System.nanoTime();
            Shell.Result again;
            while ((again = Shell.sh("ls '" + mail + "' | wc -l")).stdout().equals("100\n") == false) {
                assertTrue(System.nanoTime() - start < 15_000_000_000L, "no recovery: " + again.stderr());
                Thread.sleep(200);
            }
            System.out.printf("postgres: listing again %d ms after the server came back%n", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
