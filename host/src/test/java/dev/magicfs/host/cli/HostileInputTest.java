package dev.magicfs.host.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.SqliteFiles;
import dev.magicfs.host.testing.TestPaths;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that used to hang check, crash it or mislead: each is refused (or accepted) at once, with line:col. */
class HostileInputTest {
    @TempDir
    Path dir;

    /** check's exit code and everything it printed, mount.yaml's path shortened. */
    private String check(String yaml) throws Exception {
        Files.writeString(dir.resolve("mount.yaml"), yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Main.commandLine().setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute("check", "-c", dir.resolve("mount.yaml").toString(),
                        "--plugins", TestPaths.builtInPlugins().toString()));
        return code + " " + (out + err.toString()).replace(dir.resolve("mount.yaml").toString(), "mount.yaml");
    }

    @Test
    void aLongValueParsesInLinearTime() throws Exception {
        String big = "x".repeat(50 << 20);
        long start = System.nanoTime();
        String said = check("files:\n  big.txt:\n    kind: static\n    text: " + big + "\n");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(said.startsWith("0 "), said.substring(0, Math.min(200, said.length())));
        assertTrue(millis < 20_000, "a 50 MB value took " + millis + " ms to check");
    }

    @Test
    void persistNamingAFifoIsRefusedNotAHang() throws Exception {
        Shell.run("mkfifo", dir.resolve("pipe").toString()).assertSucceeded();
        String said = check("files:\n  notes.txt:\n    kind: writable-memory\n    persist: pipe\n");
        assertTrue(said.startsWith("1 mount.yaml:4:5: ") && said.contains("is a named pipe (FIFO)"), said);
    }

    @Test
    void aSourceThatIsNoRegularFileSaysWhatItIs() throws Exception {
        Shell.run("mkfifo", dir.resolve("pipe").toString()).assertSucceeded();
        Files.createDirectory(dir.resolve("folder"));
        Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        String said = check("""
                files:
                  a: {kind: static, file: pipe}
                  b: {kind: static, file: /dev/zero}
                  c: {kind: static, file: folder}
                  d: {kind: static, file: loop}
                """);
        assertTrue(said.contains("mount.yaml:2:"), said);
        assertTrue(said.contains("pipe is a named pipe (FIFO)"), said);
        assertTrue(said.contains("/dev/zero is a character device"), said);
        assertTrue(said.contains("folder is a folder"), said);
        assertTrue(said.contains("loop is a symbolic link that leads nowhere or into a loop"), said);
    }

    @Test
    void aSourceFileLargerThanTheHeapCanHoldIsAccepted() throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve("huge.bin").toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        String said = check("files:\n  huge.bin: {kind: static, file: huge.bin}\n");
        assertTrue(said.startsWith("0 ") && !said.contains("OutOfMemoryError"), said);
    }

    @Test
    void aListingQueryThatChangesDataIsRefusedWhereItSays() throws Exception {
        SqliteFiles.create(dir.resolve("mail.db"), "create table m (id integer, body text)");
        String said = check("""
                files:
                  mail:
                    kind: sql
                    url: jdbc:sqlite:mail.db
                    query: |
                      select id, body from m;
                      delete from m returning id, body
                    name: "{id}.txt"
                    content: body
                """);
        assertTrue(said.startsWith("1 mount.yaml:7:7: ") && said.contains("'delete' writes"), said);
    }

    @Test
    void aFileThatIsNoDatabaseIsSaidToBeNone() throws Exception {
        Files.writeString(dir.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        String said = check("""
                files:
                  rows: {kind: sql, url: "jdbc:sqlite:shadow", query: "select 1 as id", name: "{id}", content: id}
                """);
        assertTrue(said.startsWith("1 mount.yaml:2:") && said.contains("is not an SQLite database"), said);
        assertTrue(!said.contains("HikariPool") && !said.contains("Connection is not available"), said);
    }
}
