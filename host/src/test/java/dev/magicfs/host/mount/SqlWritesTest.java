package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Writes through kind: sql store exactly what was written, or nothing: bytes as bytes, text as text. */
class SqlWritesTest {
    static final Path folder = createDatabase();

    @RegisterExtension
    static final MountExtension fs = MountExtension.of(folder.resolve("mount.yaml"));

    static Path createDatabase() {
        try {
            Path dir = Files.createTempDirectory("magicfs-sqlwrites-");
            SqliteFiles.create(dir.resolve("data.db"),
                    "create table blobs (id integer primary key, data blob)", "insert into blobs values (1, x'00')",
                    "create table notes (id integer primary key, body text)", "insert into notes values (1, 'kept')");
            Files.writeString(dir.resolve("mount.yaml"), """
                    files:
                      b:
                        kind: sql
                        url: jdbc:sqlite:%1$s
                        query: select id, data from blobs
                        name: "{id}.bin"
                        content: data
                        update: update blobs set data = :content where id = :id
                      n:
                        kind: sql
                        url: jdbc:sqlite:%1$s
                        query: select id, body from notes
                        name: "{id}.txt"
                        content: body
                        update: update notes set body = :content where id = :id
                    """.formatted(dir.resolve("data.db")));
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] column(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("data.db"));
                Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getBytes(1);
        }
    }

    @Test
    void binaryContentIsStoredAsTheBytesWritten() throws Exception {
        Shell.sh("printf '\\x00\\xff\\xfeA' > " + fs.file("b/1.bin")).assertSucceeded();
        byte[] expected = {0, (byte) 0xff, (byte) 0xfe, 'A'};
        assertArrayEquals(expected, column("select data from blobs where id = 1"));
        assertArrayEquals(expected, Files.readAllBytes(fs.file("b/1.bin")));
    }

    @Test
    void bytesThatAreNoTextAreRefusedByATextColumn() throws Exception {
        String script = """
                import errno, os, sys
                fd = os.open(sys.argv[1], os.O_WRONLY | os.O_TRUNC)
                os.write(fd, b'\\xff\\xfe not text')
                try:
                    os.close(fd)
                    print('closed')
                except OSError as e:
                    print(errno.errorcode[e.errno])
                """;
        assertEquals("EINVAL\n", Shell.run("python3", "-c", script, fs.file("n/1.txt").toString()).stdout());
        assertEquals("kept", new String(column("select body from notes where id = 1")));
        assertTrue(fs.log().contains("is not UTF-8"), fs.log());
    }

    @Test
    void aWritePastTheRowLimitCommitsNothing() throws Exception {
        Shell.Result over = Shell.sh("head -c 17000000 /dev/zero > " + fs.file("n/1.txt"));
        assertTrue(over.stderr().contains("File too large"), over.stderr());
        assertEquals("kept", new String(column("select body from notes where id = 1")));
        assertEquals("kept", Shell.run("cat", fs.file("n/1.txt").toString()).stdout());
    }
}
