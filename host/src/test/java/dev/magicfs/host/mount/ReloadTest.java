package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.PluginJar;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving mount.yaml, or a source it names, changes the mounted tree without a remount. */
class ReloadTest {
    @TempDir
    Path dir;

    private Path config;
    private Path mnt;

    private HostProcess mount(String yaml, String... options) throws Exception {
        config = dir.resolve("mount.yaml");
        save(yaml);
        mnt = dir.resolve("mnt");
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", mnt, options);
    }

    /** Saves mount.yaml as an editor does: a new file renamed over the old one. */
    private void save(String yaml) throws IOException {
        Path temporary = dir.resolve(".mount.yaml.swp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, dir.resolve("mount.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String read(String name) throws IOException {
        return Files.readString(mnt.resolve(name));
    }

    /** Waits up to {@code millis} for {@code condition}; returns how long it took. */
    private static long within(long millis, String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > millis * 1_000_000) {
                throw new AssertionError(what + " did not happen within " + millis + " ms");
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private boolean reads(String name, String expected) {
        try {
            return read(name).equals(expected);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean missing(String name) {
        try {
            read(name);
            return false;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void addsRemovesAndChangesShowAtOnceDespiteAnHourOfTtlAndKeepCache() throws Exception {
        try (HostProcess host = mount("""
                defaults: {ttl: 1h, keep_cache: true}
                files:
                  text.txt: {kind: static, text: "old bytes\\n"}
                  going.txt: {kind: static, text: "going away\\n"}
                """)) {
            assertEquals("old bytes\n", read("text.txt"));
            assertEquals("going away\n", read("going.txt"));
            try (FileChannel oldText = FileChannel.open(mnt.resolve("text.txt"));
                    FileChannel oldGoing = FileChannel.open(mnt.resolve("going.txt"))) {
                save("""
                        defaults: {ttl: 1h, keep_cache: true}
                        files:
                          text.txt: {kind: static, text: "new bytes, longer\\n"}
                          added.txt: {kind: static, text: "added\\n"}
                        """);
                long millis = within(2_000, "the new text", () -> reads("text.txt", "new bytes, longer\n"));
                assertEquals("added\n", read("added.txt"));
                assertTrue(missing("going.txt"), "a removed file gives ENOENT");
                assertEquals(Set.of("text.txt", "added.txt"), names(mnt));
                assertEquals("old bytes\n", readAll(oldText), "a handle opened before the change reads the old bytes");
                assertEquals("going away\n", readAll(oldGoing), "so does one of the removed file");
                host.log().lines().filter(l -> l.contains("RELOAD")).forEach(System.out::println);
                assertTrue(host.log().contains("[magicfs] RELOAD mount.yaml: +1 -1 ~1 files"), host.log());
                System.out.println("reload seen by cat after " + millis + " ms");
            }
        }
    }

    @Test
    void writtenContentSurvivesAnUnrelatedEditAndKeepsItsInode() throws Exception {
        try (HostProcess host = mount("""
                files:
                  notes.txt: {kind: writable-memory}
                  other.txt: {kind: static, text: "1\\n"}
                """)) {
            Shell.sh("echo 'typed before the edit' >> " + mnt.resolve("notes.txt")).assertSucceeded();
            Object inode = Files.getAttribute(mnt.resolve("notes.txt"), "unix:ino");
            save("""
                    files:
                      notes.txt: {kind: writable-memory, max_size: 1MiB}
                      other.txt: {kind: static, text: "2\\n"}
                    """);
            within(2_000, "the edit", () -> reads("other.txt", "2\n"));
            assertEquals("typed before the edit\n", read("notes.txt"));
            assertEquals(inode, Files.getAttribute(mnt.resolve("notes.txt"), "unix:ino"));
        }
    }

    @Test
    void contentMovedToANewPersistFileIsSavedThere() throws Exception {
        try (HostProcess host = mount("files:\n  notes.txt: {kind: writable-memory, persist: first.bin}\n")) {
            Shell.sh("echo 'kept across the move' >> " + mnt.resolve("notes.txt")).assertSucceeded();
            save("files:\n  notes.txt: {kind: writable-memory, persist: second.bin}\n");
            within(2_000, "the reload", () -> host.log().contains("RELOAD mount.yaml: +0 -0 ~1 files"));
            assertEquals(0, host.terminate());
        }
        try (HostProcess again = HostProcess.mount(config, TestPaths.builtInPlugins(), "info", mnt)) {
            assertEquals("kept across the move\n", read("notes.txt"));
            assertTrue(again.log().contains("loaded 21 bytes from " + dir.resolve("second.bin")), again.log());
        }
    }

    @Test
    void aBrokenEditIsRejectedWithItsPositionAndTheOldTreeKeepsServing() throws Exception {
        try (HostProcess host = mount("""
                files:
                  hello.txt: {kind: static, text: "hi\\n"}
                """)) {
            save("""
                    files:
                      hello.txt: {kind: statik, text: "broken\\n"}
                      more.txt: {kind: static, text: "never\\n"}
                    """);
            within(3_000, "the rejection", () -> host.log().contains("RELOAD rejected"));
            assertTrue(host.log().contains("RELOAD rejected: " + config + ":2:21: unknown kind 'statik' (did you mean 'static'?)"),
                    host.log());
            assertEquals("hi\n", read("hello.txt"));
            assertTrue(missing("more.txt"), "nothing of the broken edit was applied");
        }
    }

    @Test
    void aScriptKeepsItsStoreAcrossEditsOfItsSourceAndARenameOfItsFile() throws Exception {
        Files.writeString(dir.resolve("count.js"), "function read(ctx) { const n = (ctx.store.get('n') ?? 0) + 1; "
                + "ctx.store.set('n', n); return `one ${n}\\n`; }");
        try (HostProcess host = mount("""
                files:
                  count.txt: {kind: js, script: count.js}
                """)) {
            assertEquals("one 1\n", read("count.txt"));
            assertEquals("one 2\n", read("count.txt"));
            Files.writeString(dir.resolve("count.js"), "function read(ctx) { const n = (ctx.store.get('n') ?? 0) + 1; "
                    + "ctx.store.set('n', n); return `two ${n}\\n`; }");
            within(2_000, "the edited script", () -> read0("count.txt").startsWith("two "));
            Files.move(dir.resolve("count.js"), dir.resolve("renamed.js"));
            save("""
                    files:
                      count.txt: {kind: js, script: renamed.js}
                    """);
            int before = Integer.parseInt(read("count.txt").trim().split(" ")[1]);
            within(2_000, "the renamed script", () -> host.log().contains("RELOAD mount.yaml: +0 -0 ~1 files"));
            String after = read("count.txt");
            assertTrue(after.startsWith("two ") && Integer.parseInt(after.trim().split(" ")[1]) > before,
                    "the store carried over: " + before + " then " + after);
        }
    }

    @Test
    void fiftyRapidSavesEndInTheLastState() throws Exception {
        try (HostProcess host = mount(version(0))) {
            for (int i = 1; i <= 50; i++) {
                save(version(i));
                Thread.sleep(10);
            }
            within(3_000, "the last save", () -> reads("version.txt", "50\n"));
            Thread.sleep(500); // a reload still under way must not bring back an older state
            assertEquals("50\n", read("version.txt"));
            assertEquals(Set.of("version.txt", "f0.txt", "f1.txt"), names(mnt)); // 50 mod 4 = 2
            assertTrue(host.process().isAlive());
            long reloads = host.log().lines().filter(l -> l.contains("] RELOAD mount.yaml:")).count();
            System.out.println("50 saves, " + reloads + " reloads");
        }
    }

    /** Save {@code i}: version.txt says i, and files f0 .. f(i mod 4 - 1) exist. */
    private static String version(int i) {
        StringBuilder yaml = new StringBuilder("files:\n  version.txt: {kind: static, text: \"" + i + "\\n\"}\n");
        for (int f = 0; f < i % 4; f++) {
            yaml.append("  f").append(f).append(".txt: {kind: static, text: \"").append(i).append("\"}\n");
        }
        return yaml.toString();
    }

    @Test
    void readersDuringReloadsSeeWholeOldOrWholeNewContent() throws Exception {
        String a = "A".repeat(300_000);
        String b = "B".repeat(300_000);
        try (HostProcess host = mount(big(a))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        try {
                            String content = read("big.txt");
                            if (!content.equals(a) && !content.equals(b)) {
                                wrong.add(content.length() + " chars starting " + content.substring(0, Math.min(5, content.length())));
                            }
                            reads.incrementAndGet();
                        } catch (IOException e) {
                            wrong.add(e.toString());
                        }
                    }
                }));
            }
            for (int i = 1; i <= 20; i++) {
                save(big(i % 2 == 0 ? a : b));
                String expected = i % 2 == 0 ? a : b;
                within(3_000, "save " + i, () -> reads("big.txt", expected));
            }
            running.set(false);
            for (Thread t : readers) {
                t.join();
            }
            assertTrue(wrong.isEmpty(), wrong.size() + " mixed or failed reads, such as " + wrong.peek());
            System.out.println("20 reloads under 4 readers: " + reads.get() + " whole reads");
        }
    }

    private static String big(String content) {
        return "files:\n  big.txt: {kind: static, text: \"" + content + "\", keep_cache: true}\n";
    }

    @Test
    void withNoWatchOnlySighupReloads() throws Exception {
        try (HostProcess host = mount("files:\n  a.txt: {kind: static, text: \"1\\n\"}\n", "--no-watch")) {
            save("files:\n  a.txt: {kind: static, text: \"2\\n\"}\n");
            Thread.sleep(1_000);
            assertEquals("1\n", read("a.txt"));
            Shell.run("kill", "-HUP", Long.toString(host.process().pid())).assertSucceeded();
            within(2_000, "the reload on SIGHUP", () -> reads("a.txt", "2\n"));
            assertTrue(host.process().isAlive(), "SIGHUP reloads, it does not unmount");
        }
    }

    @Test
    void aPluginJarAddedWhileMountedServesAfterTheNextEdit() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (Stream<Path> jars = Files.list(TestPaths.builtInPlugins())) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        config = dir.resolve("mount.yaml");
        save("files:\n  a.txt: {kind: static, text: \"1\\n\"}\n");
        mnt = dir.resolve("mnt");
        try (HostProcess host = HostProcess.mount(config, plugins, "info", mnt)) {
            PluginJar.withId("shout").source("example.shout.ShoutKind", DroppedPluginTest.SHOUT_KIND, true).writeTo(plugins);
            save("files:\n  a.txt: {kind: static, text: \"1\\n\"}\n  loud.txt: {kind: shout, words: \"added live\"}\n");
            within(3_000, "the new kind", () -> reads("loud.txt", "ADDED LIVE!\n"));
            assertTrue(host.log().contains("plugin 'shout' loaded while mounted; new kinds: [shout]"), host.log());
            Files.writeString(plugins.resolve("shout.jar"), "replaced", StandardOpenOption.APPEND);
            save("files:\n  a.txt: {kind: static, text: \"2\\n\"}\n  loud.txt: {kind: shout, words: \"added live\"}\n");
            within(3_000, "the refusal", () -> host.log().contains("was replaced while mounted; plugin 'shout' stays loaded"));
            assertTrue(host.log().contains("its kinds [shout] serve files"), host.log());
            assertEquals("ADDED LIVE!\n", read("loud.txt"));
        }
    }

    private String read0(String name) {
        try {
            return read(name);
        } catch (IOException e) {
            return "";
        }
    }

    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(4096);
        channel.read(into, 0);
        return new String(into.array(), 0, into.position(), StandardCharsets.UTF_8);
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
