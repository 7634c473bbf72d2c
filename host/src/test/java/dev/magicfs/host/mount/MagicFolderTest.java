package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.FreePort;
import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Mounts;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /.magic}: the mount's statistics, metrics, log, config and kinds as files, and reload through a file. */
class MagicFolderTest {
    private static final String YAML = """
            name: magic-test
            files:
              hello.txt: {kind: static, text: "hello\\n"}
              notes.txt: {kind: writable-memory}
            """;

    @TempDir
    Path dir;

    private HostProcess mount(String yaml) throws Exception {
        Path config = dir.resolve("mount.yaml");
        Files.writeString(config, yaml);
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", dir.resolve("mnt"), "--no-watch");
    }

    @Test
    void theFolderIsFoundByNameButListedNowhereAndIsTheOwnersOnly() throws Exception {
        try (HostProcess host = mount(YAML)) {
            Path mnt = host.mountPoint();
            String listing = Shell.run("ls", "-a", mnt.toString()).assertSucceeded().stdout();
            assertFalse(listing.contains(".magic"), listing);
            assertEquals("", Shell.run("find", mnt.toString(), "-path", "*magic*").assertSucceeded().stdout());
            assertEquals("dr-x------", Shell.run("stat", "-c", "%A", mnt.resolve(".magic").toString()).assertSucceeded().stdout().strip());
            assertEquals("config\nkinds\nlog\nmetrics\nreload\nstats\n",
                    Shell.run("ls", mnt.resolve(".magic").toString()).assertSucceeded().stdout());
            String modes = Shell.sh("cd " + mnt.resolve(".magic") + " && stat -c '%n %A' stats metrics log config kinds reload").assertSucceeded().stdout();
            assertEquals("""
                    stats -r--------
                    metrics -r--------
                    log -r--------
                    config -r--------
                    kinds -r--------
                    reload -rw-------
                    """, modes);
            assertEquals(YAML, Files.readString(mnt.resolve(".magic/config")));
            assertTrue(Files.readString(mnt.resolve(".magic/kinds")).lines().anyMatch(l -> l.startsWith("static ")));
        }
    }

    @Test
    void statsCountTheRequestsThatCame() throws Exception {
        try (HostProcess host = mount(YAML)) {
            Path mnt = host.mountPoint();
            long before = count(Files.readString(mnt.resolve(".magic/stats")), "OPEN");
            for (int i = 0; i < 5; i++) {
                assertEquals("hello\n", Shell.run("cat", mnt.resolve("hello.txt").toString()).assertSucceeded().stdout());
            }
            assertNotEquals(0, Shell.run("cat", mnt.resolve("missing.txt").toString()).exitCode());
            String stats = Files.readString(mnt.resolve(".magic/stats"));
            assertTrue(stats.startsWith("magicfs "), stats);
            assertTrue(stats.contains("mount \"magic-test\" at " + mnt), stats);
            // the reads of stats itself count too, so at least the five cats' opens
            assertTrue(count(stats, "OPEN") >= before + 5, stats);
            assertTrue(line(stats, "LOOKUP").contains("ENOENT 1"), stats);
            assertTrue(stats.contains("open files 1;"), stats); // stats itself, open while it is made
            assertTrue(stats.contains("memory 0 B of "), stats);
        }
    }

    @Test
    void metricsParseAsPrometheusTextAndMoveWithRequests() throws Exception {
        try (HostProcess host = mount(YAML)) {
            Path mnt = host.mountPoint();
            String first = prometheusSamples(mnt.resolve(".magic/metrics").toString());
            Shell.sh("for i in 1 2 3 4 5 6 7; do cat " + mnt.resolve("hello.txt") + " > /dev/null; done").assertSucceeded();
            Shell.sh("printf 'twelve bytes' > " + mnt.resolve("notes.txt")).assertSucceeded();
            String second = prometheusSamples(mnt.resolve(".magic/metrics").toString());
            double opens = sample(second, "magicfs_request_duration_seconds_count{operation=OPEN}")
                    - sample(first, "magicfs_request_duration_seconds_count{operation=OPEN}");
            assertTrue(opens >= 8, second); // seven cats and printf
            assertEquals(12, sample(second, "magicfs_request_bytes_total{operation=WRITE}"), second);
            assertTrue(sample(second, "magicfs_request_bytes_total{operation=READ}") >= 7 * 6, second);
            // the +Inf bucket holds every request: the histogram is whole
            assertEquals(sample(second, "magicfs_request_duration_seconds_count{operation=OPEN}"),
                    sample(second, "magicfs_request_duration_seconds_bucket{le=+Inf,operation=OPEN}"), second);
            assertEquals(1, sample(second, "magicfs_open_files"), second); // metrics, being read
        }
    }

    @Test
    void metricsPortServesTheSameMetricsOverHttpOnLoopbackOnlyAndATakenPortRefusesTheMount() throws Exception {
        int port = FreePort.onLoopback();
        String url = "http://127.0.0.1:" + port + "/metrics";
        Path config = Files.writeString(dir.resolve("mount.yaml"), YAML);
        try (HostProcess host = HostProcess.mount(config, TestPaths.builtInPlugins(), "info", dir.resolve("mnt"), "--metrics-port", String.valueOf(port))) {
            Shell.sh("for i in 1 2 3 4 5; do cat " + host.mountPoint().resolve("hello.txt") + " > /dev/null; done").assertSucceeded();
            String served = prometheusSamples(url);
            assertTrue(sample(served, "magicfs_request_duration_seconds_count{operation=OPEN}") >= 5, served);
            assertEquals(sample(prometheusSamples(host.mountPoint().resolve(".magic/metrics").toString()), "magicfs_request_bytes_total{operation=READ}"),
                    sample(served, "magicfs_request_bytes_total{operation=READ}"), served);
            assertTrue(host.log().contains("metrics at " + url), host.log());
            for (InetAddress other : otherAddresses()) {
                assertThrows(ConnectException.class, () -> new Socket(other, port).close(), "served on " + other);
            }

            // The port is taken now: a second mount asking for it is refused before it mounts.
            Path output = dir.resolve("second.out");
            HostProcess.Finished refused = HostProcess.runToEnd(output, "mount", "-c", config.toString(), "--plugins",
                    TestPaths.builtInPlugins().toString(), "--metrics-port", String.valueOf(port), dir.resolve("second").toString());
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("magicfs: cannot serve the metrics at 127.0.0.1:" + port + ": "), refused.output());
            assertFalse(Mounts.isMounted(dir.resolve("second")));
        }
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(), "still served after unmount");
    }

    /** This machine's addresses other than loopback's, where the metrics must not be served. */
    private static List<InetAddress> otherAddresses() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> !isLoopback(i))
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).toList();
    }

    private static boolean isLoopback(NetworkInterface network) {
        try {
            return network.isLoopback() || !network.isUp();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void tailFollowsTheLogAsTheMountServes() throws Exception {
        try (HostProcess host = mount(YAML)) {
            Path mnt = host.mountPoint();
            assertTrue(Files.readString(mnt.resolve(".magic/log")).contains("mounted "), host.log());
            Process tail = new ProcessBuilder("tail", "-n", "0", "-f", mnt.resolve(".magic/log").toString()).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8))) {
                Thread.sleep(300); // tail's first look at the file
                Shell.run("cat", mnt.resolve("hello.txt").toString()).assertSucceeded();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String line;
                do {
                    line = lines.readLine();
                } while (line != null && !line.contains("READ hello.txt") && System.nanoTime() < deadline);
                assertTrue(line != null && line.contains("READ hello.txt"), "tail -f did not show the read: " + line);
                assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z \\[magic-test] READ hello.txt.*"), line);
            } finally {
                tail.destroy();
            }
        }
    }

    @Test
    void writingOneReloadsAndARejectedEditFailsTheWriteWithItsReason() throws Exception {
        try (HostProcess host = mount(YAML)) {
            Path mnt = host.mountPoint();
            Path config = dir.resolve("mount.yaml");
            Files.writeString(config, YAML + "  added.txt: {kind: static, text: new}\n");
            assertFalse(Files.exists(mnt.resolve("added.txt")), "--no-watch: nothing reloads on its own");
            Shell.sh("echo 1 > " + mnt.resolve(".magic/reload")).assertSucceeded();
            assertEquals("new", Files.readString(mnt.resolve("added.txt")));
            assertTrue(Files.readString(mnt.resolve(".magic/config")).contains("added.txt"));
            assertTrue(Files.readString(mnt.resolve(".magic/reload")).startsWith("applied at "));

            Files.writeString(config, YAML + "  broken.txt: {kind: static, txet: oops}\n");
            Shell.Result rejected = Shell.sh("echo 1 > " + mnt.resolve(".magic/reload"));
            assertEquals(1, rejected.exitCode());
            assertTrue(rejected.stderr().contains("Invalid argument"), rejected.stderr());
            String log = Files.readString(mnt.resolve(".magic/log"));
            assertTrue(log.contains("RELOAD rejected: " + config + ":5:"), log);
            assertTrue(log.contains("unknown key 'txet'"), log);
            assertEquals("new", Files.readString(mnt.resolve("added.txt")), "the tree in force stays");
            assertTrue(Files.readString(mnt.resolve(".magic/config")).contains("added.txt"), "config shows the mount.yaml in force");
            assertFalse(Files.readString(mnt.resolve(".magic/config")).contains("broken.txt"));

            Shell.Result nonsense = Shell.sh("echo yes > " + mnt.resolve(".magic/reload"));
            assertTrue(nonsense.stderr().contains("Invalid argument"), nonsense.stderr());
            Shell.Result denied = Shell.sh("echo x > " + mnt.resolve(".magic/stats"));
            assertNotEquals(0, denied.exitCode());
        }
    }

    /** A read of the log logs no line of its own, which the read would return: cat ends, also at debug level. */
    @Test
    void catOfTheLogEndsAtDebugLevel() throws Exception {
        Path config = dir.resolve("mount.yaml");
        Files.writeString(config, YAML);
        try (HostProcess host = HostProcess.mount(config, TestPaths.builtInPlugins(), "debug", dir.resolve("mnt"))) {
            Shell.run("cat", host.mountPoint().resolve("hello.txt").toString()).assertSucceeded();
            Shell.Result log = Shell.run("timeout", "20", "cat", host.mountPoint().resolve(".magic/log").toString()).assertSucceeded();
            assertTrue(log.stdout().contains("OPEN hello.txt"), log.stdout());
            assertFalse(log.stdout().contains(".magic/log"), log.stdout());
        }
    }

    @Test
    void magicDirFalseServesNone() throws Exception {
        try (HostProcess host = mount("magic_dir: false\n" + YAML)) {
            assertFalse(Files.exists(host.mountPoint().resolve(".magic")));
            assertFalse(Files.exists(host.mountPoint().resolve(".magic/stats")));
        }
    }

    /** The number in the count column of {@code operation}'s line, 0 when there is none. */
    private static long count(String stats, String operation) {
        String line = line(stats, operation);
        return line.isEmpty() ? 0 : Long.parseLong(line.split("\\s+")[1].replace(",", ""));
    }

    private static String line(String stats, String operation) {
        return stats.lines().filter(l -> l.startsWith(operation + " ")).findFirst().orElse("");
    }

    /**
     * Metrics (a file, or an http URL, read as Prometheus scrapes it) read by the Prometheus project's own
     * Python parser: one line per sample, {@code name{label=value,...} value} with labels sorted, or the
     * parser's error.
     */
    private static String prometheusSamples(String source) {
        String script = """
                import sys, urllib.request
                from prometheus_client.parser import text_string_to_metric_families
                src = sys.argv[1]
                text = urllib.request.urlopen(src).read().decode() if src.startswith("http") else open(src).read()
                for family in text_string_to_metric_families(text):
                    for s in family.samples:
                        labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
                        print(f"{s.name}{{{labels}}} {s.value}" if labels else f"{s.name} {s.value}")
                """;
        // Debian's python3-prometheus-client is installed for the system's Python, which another python3 earlier on
        // PATH (a pyenv) would not see.
        return Shell.run("/usr/bin/python3", "-c", script, source).assertSucceeded().stdout();
    }

    private static double sample(String samples, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(samples);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
