package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.magicfs.host.testing.LoopbackHttp;
import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** lazy-remote against a real HTTP server on loopback. */
class LazyRemoteHttpTest {
    static final AtomicInteger forecastRequests = new AtomicInteger();
    static final AtomicInteger flakyRequests = new AtomicInteger();
    static final HttpServer server = startServer();

    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            files:
              forecast.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/forecast"}
              flaky.txt: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/flaky"}
              hello.txt: {kind: static, text: "hi\\n"}
              slow.bin: {kind: lazy-remote, url: "http://127.0.0.1:%1$d/slow"}
            """.formatted(server.getAddress().getPort()));

    static HttpServer startServer() {
        return LoopbackHttp.start(Map.of(
                "/forecast", exchange -> {
                    forecastRequests.incrementAndGet();
                    sleep(1000); // slow enough that all eight readers arrive during the fetch
                    LoopbackHttp.reply(exchange, 200, "rain at noon\n".getBytes(StandardCharsets.UTF_8));
                },
                "/slow", exchange -> { // 1 MiB in 16 pieces, 2.4 s
                    exchange.sendResponseHeaders(200, SLOW_SIZE);
                    try (var body = exchange.getResponseBody()) {
                        for (int i = 0; i < 16; i++) {
                            body.write(new byte[SLOW_SIZE / 16]);
                            body.flush();
                            sleep(150);
                        }
                    }
                },
                "/flaky", exchange -> {
                    boolean fail = flakyRequests.incrementAndGet() == 1;
                    LoopbackHttp.reply(exchange, fail ? 500 : 200,
                            (fail ? "server error\n" : "second time lucky\n").getBytes(StandardCharsets.UTF_8));
                }));
    }

    private static final int SLOW_SIZE = 1 << 20;

    @Test
    void aDownloadPastASecondLogsItsProgressOnceASecondAndShowsInStats() throws Exception {
        CompletableFuture<Shell.Result> reader = Shell.runAsync("wc", "-c", fs.file("slow.bin").toString());
        Thread.sleep(1300);
        String stats = Shell.run("cat", fs.file(".magic/stats").toString()).assertSucceeded().stdout();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
        assertTrue(stats.contains("transfers in flight: 1\n  slow.bin: download of " + url + ": "), stats);
        assertTrue(stats.contains(" of 1.0 MiB ("), stats);
        assertEquals(SLOW_SIZE + " " + fs.file("slow.bin") + "\n", reader.join().assertSucceeded().stdout());
        String log = fs.log();
        long progress = log.lines().filter(l -> l.contains("slow.bin: download of " + url + ": ") && l.contains(" of 1.0 MiB (")).count();
        // 2.4 s of download: a line at each of the first two seconds, perhaps a third at the end
        assertTrue(progress >= 1 && progress <= 3, log);
        assertTrue(log.lines().anyMatch(l -> l.matches(".*slow\\.bin: download of " + java.util.regex.Pattern.quote(url)
                + ": ended, 1\\.0 MiB in \\d+\\.\\d s \\(\\d+\\.\\d KiB/s\\)")), log);
        assertTrue(Shell.run("cat", fs.file(".magic/stats").toString()).stdout().contains("transfers in flight: none"));
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void eightConcurrentFirstReadersShareOneFetch() {
        List<CompletableFuture<Shell.Result>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(Shell.runAsync("cat", fs.file("forecast.txt").toString()));
        }
        for (CompletableFuture<Shell.Result> reader : readers) {
            assertEquals("rain at noon\n", reader.join().assertSucceeded().stdout());
        }
        assertEquals(1, forecastRequests.get());
        assertEquals("rain at noon\n", Shell.run("cat", fs.file("forecast.txt").toString()).stdout());
        assertEquals(1, forecastRequests.get());
        assertEquals("13", Shell.run("stat", "-c", "%s", fs.file("forecast.txt").toString()).stdout().strip());
    }

    @Test
    void aFailedFetchGivesEioIsNotCachedAndTheNextReadRetries() {
        Shell.Result first = Shell.run("cat", fs.file("flaky.txt").toString());
        assertTrue(first.stderr().contains("Input/output error"), first.stderr());
        assertTrue(fs.log().contains("[magicfs] ERROR flaky.txt: download failed, the next read tries again: GET http://127.0.0.1:"
                + server.getAddress().getPort() + "/flaky answered HTTP 500"), fs.log());
        assertEquals("second time lucky\n", Shell.run("cat", fs.file("flaky.txt").toString()).assertSucceeded().stdout());
        assertEquals(2, flakyRequests.get());
        assertEquals("hi\n", Shell.run("cat", fs.file("hello.txt").toString()).stdout());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
