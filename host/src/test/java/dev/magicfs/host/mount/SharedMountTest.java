package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.magicfs.host.testing.LoopbackHttp;
import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mount many users and processes share: no user takes every open file, readers waiting for one download
 * are not refused, a runaway script is stopped with its request, and a flood of requests folds in the log.
 */
class SharedMountTest {
    static final AtomicInteger fetches = new AtomicInteger();
    static final HttpServer server = LoopbackHttp.start(Map.of("/slow", exchange -> {
        fetches.incrementAndGet();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LoopbackHttp.reply(exchange, 200, "worth the wait\n".getBytes());
    }));

    // request_timeout is short for the runaway script, yet well above the slow download plus a fresh JVM's first
    // HTTP exchange (up to half a second here), so that waiting readers are not timed out.
    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            allow_other: true
            max_open_files: 512
            request_timeout: 2s
            files:
              hello.txt: {kind: static, text: "hi\\n"}
              slow.txt: {kind: lazy-remote, url: "http://127.0.0.1:%d/slow", timeout: 10s}
              notes.txt: {kind: writable-memory}
              spin.txt:
                kind: js
                timeout: 600s
                max_statements: 0
                source: |
                  function read(ctx) { while (true) {} }
            """.formatted(server.getAddress().getPort()));

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    /** Opens {@code count} descriptors of hello.txt as {@code user} and says how many it got and how it stopped. */
    private static String holdOpen(String user, int count) {
        String script = """
                import errno, sys
                held = []
                try:
                    for i in range(int(sys.argv[2])):
                        held.append(open(sys.argv[1], 'rb'))
                    print(len(held), 'ok')
                except OSError as e:
                    print(len(held), errno.errorcode[e.errno])
                """;
        return Shell.run("runuser", "-u", user, "--", "python3", "-c", script, fs.file("hello.txt").toString(), "" + count)
                .assertSucceeded().stdout().strip();
    }

    @Test
    void noUserButRootCanTakeEveryOpenFile() throws Exception {
        // The test's folder is private to root; other users must reach the mount point in it.
        Files.setPosixFilePermissions(fs.directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("240 ENFILE", holdOpen("nobody", 600), "a user's share is half of what is left after root's reserve");
        String root = holdOpen("root", 600);
        assertTrue(root.endsWith(" ENFILE") && Integer.parseInt(root.split(" ")[0]) > 480, "root opened " + root);
    }

    @Test
    void readersWaitingForOneDownloadAreNotRefused() {
        String script = """
                import sys, threading
                results = []
                def read():
                    try:
                        with open(sys.argv[1], 'rb') as f:
                            results.append(f.read())
                    except OSError as e:
                        results.append(str(e).encode())
                threads = [threading.Thread(target=read) for _ in range(200)]
                [t.start() for t in threads]
                [t.join() for t in threads]
                print(sum(1 for r in results if r == b'worth the wait\\n'))
                """;
        assertEquals("200", Shell.run("python3", "-c", script, fs.file("slow.txt").toString()).assertSucceeded().stdout().strip());
        assertEquals(1, fetches.get(), "one download served all 200 readers");
    }

    @Test
    void aRunawayScriptStopsWhenItsRequestTimesOut() throws Exception {
        Shell.Result cat = Shell.run("cat", fs.file("spin.txt").toString());
        assertTrue(cat.stderr().contains("Connection timed out"), cat.stderr());
        assertTrue(cat.millis() < 5_000, "cat took " + cat.millis() + " ms");
        Thread.sleep(1500); // the script's own stop comes with the request's deadline
        long before = cpuTicks();
        Thread.sleep(1000);
        long used = cpuTicks() - before;
        assertTrue(used < 50, "the host used " + used + " ticks of CPU in 1 s after the reader gave up");
        assertEquals("hi\n", Shell.run("cat", fs.file("hello.txt").toString()).assertSucceeded().stdout());
    }

    /** utime + stime of the host process, in clock ticks (100 a second). */
    private static long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/" + fs.host().process().pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    @Test
    void aFloodOfWritesFoldsInTheLog() {
        String script = """
                import os, sys
                fd = os.open(sys.argv[1], os.O_WRONLY)
                for i in range(3000):
                    os.pwrite(fd, b'x', i)
                os.close(fd)
                """;
        Shell.run("python3", "-c", script, fs.file("notes.txt").toString()).assertSucceeded();
        String log = fs.awaitLog("WRITE notes.txt (ino=4) ×"); // the fourth file: inodes go in mount.yaml order from 2
        long lines = log.lines().filter(l -> l.contains("WRITE notes.txt")).count();
        assertTrue(lines < 300, lines + " log lines for 3,000 writes");
        assertTrue(log.lines().anyMatch(l -> l.matches(".*WRITE notes.txt \\(ino=\\d+\\) ×[\\d,]+, [\\d.]+ \\w+ in the last 1 s")), log);
    }
}
