package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.magicfs.host.testing.LoopbackHttp;
import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mount's limits: memory for written content, downloads kept, open files. */
class LimitsTest {
    static final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    static final HttpServer server = startServer();

    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            memory_limit: 1MiB
            cache_limit: 1000
            max_open_files: 3
            files:
              a.txt: {kind: writable-memory, max_size: 768KiB}
              b.txt: {kind: writable-memory, max_size: 768KiB}
              hello.txt: {kind: static, text: "hi\\n"}
              one.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/one"}
              two.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/two"}
            """.formatted(server.getAddress().getPort()));

    static HttpServer startServer() {
        Map<String, HttpHandler> handlers = new HashMap<>();
        for (String name : List.of("one", "two")) {
            handlers.put("/" + name, exchange -> {
                fetches.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                LoopbackHttp.reply(exchange, 200, name.repeat(200).getBytes()); // 600 bytes: two do not fit 1000
            });
        }
        return LoopbackHttp.start(handlers);
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void writesPastTheMemoryLimitFailWithEnospcAndDfShowsTheLimit() {
        String a = fs.file("a.txt").toString();
        String b = fs.file("b.txt").toString();
        Shell.run("dd", "if=/dev/zero", "of=" + a, "bs=100k", "count=7").assertSucceeded();
        Shell.Result full = Shell.run("dd", "if=/dev/zero", "of=" + b, "bs=100k", "count=7");
        assertTrue(full.stderr().contains("No space left on device"), full.stderr());
        assertTrue(fs.host().process().isAlive());
        // df: 1024 KiB in all; a.txt's 700 KiB (and b.txt's part) used
        String[] df = Shell.run("df", "-k", "--output=size,used", fs.root().toString()).assertSucceeded().stdout().lines()
                .skip(1).findFirst().orElseThrow().trim().split("\\s+");
        assertEquals(1024, Long.parseLong(df[0]));
        assertTrue(Long.parseLong(df[1]) >= 700, "used " + df[1] + " KiB");
        Shell.run("truncate", "-s", "0", a).assertSucceeded();
        Shell.run("truncate", "-s", "0", b).assertSucceeded();
        Shell.run("dd", "if=/dev/zero", "of=" + b, "bs=100k", "count=7").assertSucceeded();
        Shell.run("truncate", "-s", "0", b).assertSucceeded();
    }

    @Test
    void aFileStopsAtItsMaxSizeWithEfbig() {
        Shell.Result tooBig = Shell.run("dd", "if=/dev/zero", "of=" + fs.file("a.txt"), "bs=1M", "count=1");
        assertTrue(tooBig.stderr().contains("File too large"), tooBig.stderr());
        Shell.run("truncate", "-s", "0", fs.file("a.txt").toString()).assertSucceeded();
    }

    @Test
    void opensPastMaxOpenFilesFailWithEnfileUntilOneCloses() throws Exception {
        List<FileChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(FileChannel.open(fs.file("hello.txt"), StandardOpenOption.READ));
            }
            FileSystemException refused = assertThrows(FileSystemException.class,
                    () -> FileChannel.open(fs.file("hello.txt"), StandardOpenOption.READ));
            assertTrue(refused.getMessage().contains("Too many open files in system"), refused.getMessage());
            open.removeFirst().close();
            FileChannel.open(fs.file("hello.txt"), StandardOpenOption.READ).close();
        } finally {
            for (FileChannel c : open) {
                c.close();
            }
        }
    }

    @Test
    void downloadsPastTheCacheLimitEvictTheLeastRecentlyUsed() {
        assertEquals("one".repeat(200), Shell.run("cat", fs.file("one.txt").toString()).assertSucceeded().stdout());
        assertEquals("one".repeat(200), Shell.run("cat", fs.file("one.txt").toString()).assertSucceeded().stdout());
        assertEquals(1, fetches.get("one").get(), "kept while it fits");
        assertEquals("two".repeat(200), Shell.run("cat", fs.file("two.txt").toString()).assertSucceeded().stdout());
        assertEquals("one".repeat(200), Shell.run("cat", fs.file("one.txt").toString()).assertSucceeded().stdout());
        assertEquals(2, fetches.get("one").get(), "one.txt was evicted for two.txt and fetched again");
        assertEquals("one".repeat(200), Shell.run("cat", fs.file("one.txt").toString()).assertSucceeded().stdout());
        assertEquals(2, fetches.get("one").get());
    }
}
