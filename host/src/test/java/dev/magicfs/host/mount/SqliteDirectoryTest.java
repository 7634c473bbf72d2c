package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kind: sql over a SQLite file of 10,000 messages, on a real mount; the database is changed behind its back. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqliteDirectoryTest {
    static final int MESSAGES = 10_000;
    static final long BASE_TIME = 1_700_000_000L;
    static final Path folder = createDatabase();

    @RegisterExtension
    static final MountExtension fs = MountExtension.of(folder.resolve("mount.yaml"));

    static Path createDatabase() {
        try {
            Path dir = Files.createTempDirectory("magicfs-sqlite-");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mail.db"));
                    Statement s = c.createStatement()) {
                s.execute("create table messages (id integer primary key, folder text, subject text, body text, received_at integer)");
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("insert into messages values (?, ?, ?, ?, ?)")) {
                    for (int i = 1; i <= MESSAGES; i++) {
                        insert.setInt(1, i);
                        insert.setString(2, i % 2 == 0 ? "inbox" : "archive");
                        insert.setString(3, "subject " + i);
                        insert.setString(4, "body of message " + i + "\n");
                        insert.setLong(5, BASE_TIME + i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                c.commit();
            }
            Files.writeString(dir.resolve("mount.yaml"), """
                    files:
                      readme.txt: {kind: static, text: "mail below\\n"}
                      mail:
                        kind: sql
                        url: jdbc:sqlite:%1$s
                        query: select id, subject, body, received_at from messages
                        name: "{id}-{subject}.eml"
                        content: body
                        mtime: received_at
                        refresh: 1s
                        update: update messages set body = :content where id = :id
                      folders:
                        kind: sql
                        url: jdbc:sqlite:%1$s
                        query: select id, folder, subject, body from messages where id <= 10
                        name: "{subject}.txt"
                        content: body
                        group: folder
                        refresh: 0
                      subjects:
                        kind: sql
                        url: jdbc:sqlite:%1$s
                        query: select id, subject, body from messages where id > 30000
                        name: "{subject}"
                        content: body
                        refresh: 0
                    """.formatted(dir.resolve("mail.db")));
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Shell.Result sh(String script) {
        return Shell.run("bash", "-c", "cd " + fs.root() + " && " + script);
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("mail.db"));
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    @Order(1)
    void everyRowIsAFileWithItsBytesAndItsTime() {
        long start = System.nanoTime();
        assertEquals(MESSAGES + "\n", sh("ls mail | wc -l").assertSucceeded().stdout());
        System.out.printf("sqlite: ls of %d rows in %d ms%n", MESSAGES, (System.nanoTime() - start) / 1_000_000);
        for (int id : List.of(1, 777, 5000, MESSAGES)) {
            assertEquals("body of message " + id + "\n", sh("cat 'mail/" + id + "-subject " + id + ".eml'").assertSucceeded().stdout());
            assertEquals((BASE_TIME + id) + "\n", sh("stat -c %Y 'mail/" + id + "-subject " + id + ".eml'").assertSucceeded().stdout());
        }
        assertEquals("mail below\n", sh("cat readme.txt").assertSucceeded().stdout());
    }

    @Test
    @Order(2)
    void groupsAreSubdirectories() {
        assertEquals("archive\ninbox\n", sh("ls folders").assertSucceeded().stdout());
        assertEquals("subject 10.txt\nsubject 2.txt\nsubject 4.txt\nsubject 6.txt\nsubject 8.txt\n",
                sh("ls folders/inbox").assertSucceeded().stdout());
        assertEquals("body of message 3\n", sh("cat 'folders/archive/subject 3.txt'").assertSucceeded().stdout());
    }

    @Test
    @Order(3)
    void insertsAppearAndDeletesDisappearAfterRefresh() throws Exception {
        sql("insert into messages values (20001, 'inbox', 'new arrival', 'just in\n', " + (BASE_TIME + 99) + ")");
        sql("delete from messages where id = 2");
        Thread.sleep(1_200);
        assertEquals("just in\n", sh("cat 'mail/20001-new arrival.eml'").assertSucceeded().stdout());
        assertTrue(sh("cat 'mail/2-subject 2.eml'").stderr().contains("No such file or directory"));
        assertEquals(MESSAGES + "\n", sh("ls mail | wc -l").assertSucceeded().stdout());
    }

    @Test
    @Order(4)
    void aWriteUpdatesTheRow() throws Exception {
        sh("printf 'rewritten body\\n' > 'mail/5-subject 5.eml'").assertSucceeded();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("mail.db"));
                ResultSet r = c.createStatement().executeQuery("select body from messages where id = 5")) {
            assertTrue(r.next());
            assertEquals("rewritten body\n", r.getString(1));
        }
        assertEquals("rewritten body\n", sh("cat 'mail/5-subject 5.eml'").assertSucceeded().stdout());
        sql("create trigger no_secrets before update on messages when new.body like '%secret%' "
                + "begin select raise(abort, 'no secrets in mail'); end");
        Shell.Result refused = sh("/bin/echo 'a secret' > 'mail/6-subject 6.eml'");
        assertTrue(refused.exitCode() != 0 && refused.stderr().contains("error"), refused.stderr());
        fs.awaitLog("no secrets in mail");
        assertEquals("body of message 6\n", sh("cat 'mail/6-subject 6.eml'").assertSucceeded().stdout(), "the row is unchanged");
        Shell.Result readOnly = sh("echo x > 'folders/archive/subject 3.txt'");
        assertTrue(readOnly.stderr().contains("Permission denied"), readOnly.stderr());
    }

    @Test
    @Order(5)
    void awkwardSubjectsBecomeSafeUniqueNames() throws Exception {
        sql("insert into messages values (30001, 'inbox', 'a/b/../c', 'slashes\n', 0)");
        sql("insert into messages values (30002, 'inbox', '..', 'dots\n', 0)");
        sql("insert into messages values (30003, 'inbox', 'it''s \"quoted\"', 'quotes\n', 0)");
        sql("insert into messages values (30004, 'inbox', 'Grüße 你好', 'unicode\n', 0)");
        sql("update messages set subject = 'same' where id in (30001, 30002)");
        sql("insert into messages values (30005, 'inbox', 'x' || char(10) || 'y', 'newline\n', 0)");
        sql("insert into messages values (30006, 'inbox', '..', 'dot dot\n', 0)");
        sql("insert into messages values (30007, 'inbox', '', 'empty\n', 0)");
        List<String> names = sh("ls -A subjects").assertSucceeded().stdout().lines().sorted().toList();
        assertEquals(List.of(".._", "Grüße 你好", "_", "it's \"quoted\"", "same", "same~2", "x_y").stream().sorted().toList(),
                names);
        assertEquals("slashes\n", sh("cat subjects/same").assertSucceeded().stdout());
        assertEquals("dots\n", sh("cat subjects/same~2").assertSucceeded().stdout());
        assertEquals("quotes\n", sh("cat 'subjects/it'\"'\"'s \"quoted\"'").assertSucceeded().stdout());
        assertEquals("unicode\n", sh("cat 'subjects/Grüße 你好'").assertSucceeded().stdout());
    }
}
