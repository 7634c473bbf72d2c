package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.PluginJar;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plugin built outside this repository and dropped into a fresh plugins folder is used without rebuilding
 * anything; one that throws fails only its own requests.
 */
class DroppedPluginTest {
    static final String SHOUT_KIND = """
            package example.shout;

            import dev.magicfs.api.*;
            import java.nio.charset.StandardCharsets;
            import java.util.Set;

            @org.pf4j.Extension
            public class ShoutKind implements FileKind {
                public String name() { return "shout"; }
                public Set<String> keys() { return Set.of("words"); }
                public Node create(FileSpec spec, FileLog log) throws SpecException {
                    String words = spec.requiredText("words");
                    return (Generated) caller -> (words.toUpperCase() + "!\\n").getBytes(StandardCharsets.UTF_8);
                }
            }
            """;
    static final String BROKEN_KIND = """
            package example.broken;

            import dev.magicfs.api.*;
            import dev.magicfs.api.Readable;
            import java.nio.ByteBuffer;
            import java.util.Set;

            @org.pf4j.Extension
            public class BrokenKind implements FileKind {
                public String name() { return "broken"; }
                public Set<String> keys() { return Set.of("how"); }
                public Node create(FileSpec spec, FileLog log) throws SpecException {
                    String how = spec.text("how", "throw");
                    return new Readable() {
                        public long size() { return 10; }
                        public int read(long offset, ByteBuffer into, Caller caller) {
                            if (how.equals("hang")) {
                                try { Thread.sleep(2_000); } catch (InterruptedException e) { }
                                return 0;
                            }
                            throw new IllegalStateException("this plugin is broken on purpose");
                        }
                    };
                }
            }
            """;

    static Path dir;

    @BeforeAll
    static void buildPlugins() throws Exception {
        dir = Files.createTempDirectory("magicfs-dropped-");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.withId("shout").version("2.3.4").source("example.shout.ShoutKind", SHOUT_KIND, true).writeTo(plugins);
        PluginJar.withId("broken").source("example.broken.BrokenKind", BROKEN_KIND, true).writeTo(plugins);
        Files.writeString(dir.resolve("mount.yaml"), """
                plugins: plugins
                files:
                  shout.txt: {kind: shout, words: "hello plugin"}
                  broken.txt: {kind: broken}
                  slow.txt: {kind: broken, how: hang}
                  also-shout.txt: {kind: shout, words: "still here"}
                """);
    }

    @Test
    void droppedJarIsListedAndServes() throws Exception {
        Shell.Result kinds = runHost("kinds", "-c", dir.resolve("mount.yaml").toString());
        assertEquals(0, kinds.exitCode(), kinds.stdout());
        assertTrue(kinds.stdout().matches("(?s).*\\nshout +shout +2\\.3\\.4 +\\S+shout\\.jar\\n.*"), kinds.stdout());
        try (HostProcess host = mount()) {
            assertEquals("HELLO PLUGIN!\n", Shell.run("cat", host.mountPoint() + "/shout.txt").assertSucceeded().stdout());
        }
    }

    @Test
    void aThrowingPluginFailsOnlyItsOwnReadWithEio() throws Exception {
        try (HostProcess host = mount()) {
            Path root = host.mountPoint();
            Shell.Result broken = Shell.run("cat", root + "/broken.txt");
            assertTrue(broken.stderr().contains("Input/output error"), broken.stderr());
            assertTrue(host.log().contains("ERROR READ broken.txt (ino=3) -> EIO: java.lang.IllegalStateException: "
                    + "this plugin is broken on purpose"), host.log());
            // A file of the same plugin and one of another keep working, also while a read hangs.
            CompletableFuture<Shell.Result> slow = Shell.runAsync("cat", root + "/slow.txt");
            Thread.sleep(200);
            Shell.Result other = Shell.run("cat", root + "/also-shout.txt").assertSucceeded();
            assertEquals("STILL HERE!\n", other.stdout());
            assertTrue(other.millis() < 500, "took " + other.millis() + " ms while another file hung");
            slow.get();
            assertTrue(host.process().isAlive());
        }
    }

    private static HostProcess mount() throws Exception {
        Path mnt = Files.createTempDirectory(dir, "mnt-");
        return HostProcess.mount(dir.resolve("mount.yaml"), dir.resolve("plugins"), "info", mnt);
    }

    static Shell.Result runHost(String... args) throws Exception {
        Path out = Files.createTempFile("magicfs-cli-", ".out");
        Process p = HostProcess.start(out, args);
        int status = p.waitFor();
        return new Shell.Result(status, Files.readAllBytes(out), "", 0);
    }
}
