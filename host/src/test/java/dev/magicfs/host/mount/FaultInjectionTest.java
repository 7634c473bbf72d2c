package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.magicfs.host.testing.LoopbackHttp;
import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.PluginJar;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers and plugins that misbehave: each fails only its own requests, with a fitting errno and a log line,
 * within its limit, and the other files keep answering.
 */
class FaultInjectionTest {
    static final String STUCK_KIND = """
            package example.stuck;

            import dev.magicfs.api.*;
            import dev.magicfs.api.Readable;
            import java.nio.ByteBuffer;
            import java.util.Set;

            @org.pf4j.Extension
            public class StuckKind implements FileKind {
                public String name() { return "stuck"; }
                public Set<String> keys() { return Set.of(); }
                public Node create(FileSpec spec, FileLog log) {
                    return new Readable() {
                        public long size() { return 10; }
                        public int read(long offset, ByteBuffer into, Caller caller) {
                            while (true) {
                                try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }
                            }
                        }
                    };
                }
            }
            """;

    static final CountDownLatch release = new CountDownLatch(1);
    static final AtomicInteger cutRequests = new AtomicInteger();
    static final AtomicLong hugeBytesSent = new AtomicLong();
    static final HttpServer server = startServer();
    static final ServerSocket cutServer = startCutServer();
    static final Path plugins = builtInAndStuckPlugins();

    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            request_timeout: 2s
            files:
              hang.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/hang", timeout: 500ms}
              stall.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/stall", timeout: 500ms}
              cut.txt: {kind: lazy-remote, url: "http://127.0.0.1:%2$d/cut"}
              huge.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/huge", max_size: 1MiB}
              announced.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/announced", max_size: 1MiB}
              stuck.txt: {kind: stuck, direct_io: true}
              hello.txt: {kind: static, text: "hi\\n"}
            """.formatted(server.getAddress().getPort(), cutServer.getLocalPort())).plugins(plugins);

    static HttpServer startServer() {
        return LoopbackHttp.start(Map.of(
                "/hang", exchange -> { // no answer at all
                    await(release);
                    exchange.close();
                },
                "/stall", exchange -> { // headers and part of the body, then nothing
                    exchange.sendResponseHeaders(200, 1000);
                    exchange.getResponseBody().write(new byte[100]);
                    exchange.getResponseBody().flush();
                    await(release);
                    exchange.close();
                },
                "/huge", exchange -> { // an endless body without a length
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream out = exchange.getResponseBody()) {
                        while (hugeBytesSent.get() < (4L << 30)) {
                            out.write(chunk);
                            hugeBytesSent.addAndGet(chunk.length);
                        }
                    } catch (IOException clientWentAway) {
                        // the end this test wants
                    }
                },
                "/announced", exchange -> { // says 2 GiB, sends a little, then waits
                    exchange.sendResponseHeaders(200, 2L << 30);
                    exchange.getResponseBody().write(new byte[1024]);
                    exchange.getResponseBody().flush();
                    await(release);
                    exchange.close();
                }));
    }


    /**
     * A server that answers its first request with half of the 1,000 bytes it announces and closes the
     * connection, and later ones whole. Raw HTTP on a socket: a real server cannot be made to do this.
     */
    static ServerSocket startCutServer() {
        try {
            ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try (Socket connection = s.accept()) {
                        BufferedReader request = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                        while (!request.readLine().isEmpty()) {
                            // the request's headers
                        }
                        boolean cut = cutRequests.incrementAndGet() == 1;
                        OutputStream out = connection.getOutputStream();
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.write(new byte[cut ? 500 : 1000]);
                        out.flush();
                    } catch (IOException | NullPointerException e) {
                        // closed at the end of the test, or a client that went away
                    }
                }
            });
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One plugins folder: the built-in jars and the stuck one. */
    static Path builtInAndStuckPlugins() {
        try (var builtIn = Files.list(TestPaths.builtInPlugins())) {
            Path folder = Files.createTempDirectory("magicfs-stuck-plugin-");
            for (Path jar : builtIn.toList()) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
            PluginJar.withId("stuck").source("example.stuck.StuckKind", STUCK_KIND, true).writeTo(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopServer() throws IOException {
        release.countDown();
        server.stop(0);
        cutServer.close();
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithEioWhileOtherFilesAnswer() throws Exception {
        for (String name : List.of("hang.txt", "stall.txt")) {
            CompletableFuture<Shell.Result> hanging = Shell.runAsync("cat", fs.file(name).toString());
            Thread.sleep(100);
            assertAnswersQuickly();
            Shell.Result failed = hanging.get(10, TimeUnit.SECONDS);
            assertTrue(failed.stderr().contains("Input/output error"), name + ": " + failed.stderr());
            assertTrue(failed.millis() >= 400 && failed.millis() < 3_000, name + " took " + failed.millis() + " ms");
        }
        fs.awaitLog("/hang took longer than its timeout of 500 ms");
        fs.awaitLog("/stall took longer than its timeout of 500 ms");
    }

    @Test
    void aBodyCutShortGivesEioAndIsNotKept() {
        Shell.Result cut = Shell.run("cat", fs.file("cut.txt").toString());
        assertTrue(cut.stderr().contains("Input/output error"), cut.stderr());
        fs.awaitLog("cut.txt: download failed, the next read tries again");
        assertEquals(1000, Shell.run("cat", fs.file("cut.txt").toString()).assertSucceeded().stdoutBytes().length);
        assertEquals(2, cutRequests.get());
    }

    @Test
    void aHugeBodyGivesEfbigAndIsNotReadToTheEnd() {
        for (String name : List.of("huge.txt", "announced.txt")) {
            Shell.Result huge = Shell.run("cat", fs.file(name).toString());
            assertTrue(huge.stderr().contains("File too large"), name + ": " + huge.stderr());
        }
        assertTrue(hugeBytesSent.get() < (64L << 20), "the endless body was read on: " + hugeBytesSent.get() + " bytes");
        assertTrue(fs.host().process().isAlive());
        assertAnswersQuickly();
    }

    /**
     * 40 readers of a file whose plugin never returns: the first ones get ETIMEDOUT after request_timeout,
     * later ones EIO at once while the plugin is stuck, or EAGAIN when the file already holds its share of
     * threads; other files answer throughout.
     */
    @Test
    void aPluginThatNeverReturnsTimesOutAndHoldsOnlyItsShareOfThreads() throws Exception {
        List<CompletableFuture<Shell.Result>> readers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            readers.add(Shell.runAsync("cat", fs.file("stuck.txt").toString()));
        }
        Thread.sleep(300);
        assertAnswersQuickly();
        int timedOut = 0;
        int refused = 0;
        int failedAtOnce = 0;
        for (CompletableFuture<Shell.Result> reader : readers) {
            Shell.Result r = reader.get(20, TimeUnit.SECONDS);
            assertTrue(r.exitCode() != 0, "a read of the stuck file succeeded");
            if (r.stderr().contains("Connection timed out")) {
                timedOut++;
            } else if (r.stderr().contains("Resource temporarily unavailable")) {
                refused++;
            } else if (r.stderr().contains("Input/output error")) {
                failedAtOnce++;
            }
            assertTrue(r.millis() < 5_000, "a reader waited " + r.millis() + " ms");
        }
        String counts = timedOut + " timed out, " + failedAtOnce + " failed at once, " + refused + " refused";
        assertEquals(40, timedOut + failedAtOnce + refused, counts);
        assertTrue(timedOut >= 1 && timedOut <= 16, counts + ": more than the file's share of 16 threads");
        System.out.println("stuck plugin, 40 readers: " + counts);
        fs.awaitLog("READ stuck.txt (ino=7) -> ETIMEDOUT: no answer from its plugin within request_timeout (2000 ms)");
        assertAnswersQuickly();
        assertEquals("hi\n", Shell.run("cat", fs.file("hello.txt").toString()).assertSucceeded().stdout());
    }

    /** A stuck file added by a reload holds no more threads than one mounted from the start. */
    @Test
    void aStuckFileAddedByAReloadIsCappedToo() throws Exception {
        Path yaml = fs.directory().resolve("mount.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "  added-stuck.txt: {kind: stuck, direct_io: true}\n");
        fs.awaitLog("RELOAD mount.yaml: +1 -0 ~0 files");
        List<CompletableFuture<Shell.Result>> readers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            readers.add(Shell.runAsync("cat", fs.file("added-stuck.txt").toString()));
        }
        int timedOut = 0;
        for (CompletableFuture<Shell.Result> reader : readers) {
            Shell.Result r = reader.get(20, TimeUnit.SECONDS);
            assertTrue(r.exitCode() != 0);
            timedOut += r.stderr().contains("Connection timed out") ? 1 : 0;
        }
        assertTrue(timedOut >= 1 && timedOut <= 16, timedOut + " timed out: more than the file's share of 16 threads");
        assertAnswersQuickly();
    }

    private static void assertAnswersQuickly() {
        Shell.Result hello = Shell.run("cat", fs.file("hello.txt").toString()).assertSucceeded();
        assertEquals("hi\n", hello.stdout());
        assertTrue(hello.millis() < 500, "hello.txt took " + hello.millis() + " ms");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
