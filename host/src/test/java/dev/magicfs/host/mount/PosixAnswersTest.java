package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The answers copying and archiving tools rely on: no-op chmod and chown, name lengths, short writes, times. */
class PosixAnswersTest {
    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            files:
              hello.txt: {kind: static, text: "hi\\n"}
              notes.txt: {kind: writable-memory}
              copies/a.txt: {kind: writable-memory}
              copies/b.txt: {kind: writable-memory}
              copies/c.txt: {kind: writable-memory}
              small.bin: {kind: writable-memory, max_size: 16KiB}
              doc.json:
                kind: js
                max_size: 16KiB
                source: |
                  function read(ctx) { return ctx.store.get('doc') ?? '{}'; }
                  function write(ctx, data) { ctx.store.set('doc', new TextDecoder().decode(data)); }
            """);

    private static String mnt(String path) {
        return fs.file(path).toString();
    }

    @Test
    void copyingToolsThatKeepModesAndOwnersSucceed() throws Exception {
        Path src = Files.createTempFile("magicfs-src-", ".txt");
        Files.writeString(src, "copied with its mode\n");
        Shell.run("chmod", "0640", src.toString()).assertSucceeded();
        Shell.run("cp", "-p", src.toString(), mnt("copies/a.txt")).assertSucceeded();
        assertEquals("640 copied with its mode", (Shell.run("stat", "-c", "%a", mnt("copies/a.txt")).stdout().strip()
                + " " + Shell.run("cat", mnt("copies/a.txt")).stdout().strip()));
        Shell.run("cp", "-a", src.toString(), mnt("copies/b.txt")).assertSucceeded();
        Shell.run("chmod", "0600", mnt("copies/c.txt")).assertSucceeded();
        assertEquals("600", Shell.run("stat", "-c", "%a", mnt("copies/c.txt")).stdout().strip());
        Shell.run("python3", "-c", "import shutil, sys; shutil.copy(sys.argv[1], sys.argv[2])", src.toString(), mnt("notes.txt"))
                .assertSucceeded();
        Path tar = Files.createTempFile("magicfs-", ".tar");
        Shell.run("tar", "-C", src.getParent().toString(), "-cf", tar.toString(), src.getFileName().toString()).assertSucceeded();
        Shell.run("tar", "-C", mnt("copies"), "--overwrite", "--transform", "s/.*/a.txt/", "-xf", tar.toString()).assertSucceeded();
        // What stays refused: a real change of what mount.yaml fixes.
        assertTrue(Shell.run("chmod", "0644", mnt("hello.txt")).stderr().contains("Operation not permitted"));
        assertTrue(Shell.run("chown", "12345", mnt("notes.txt")).stderr().contains("Operation not permitted"));
        Shell.run("chmod", "0444", mnt("hello.txt")).assertSucceeded();
        Shell.sh("chown $(id -u):$(id -g) " + mnt("hello.txt")).assertSucceeded();
    }

    @Test
    void namesLongerThan255BytesAreTooLong() {
        String name = "n".repeat(300);
        assertTrue(Shell.run("stat", mnt(name)).stderr().contains("File name too long"));
        assertTrue(Shell.run("touch", mnt(name)).stderr().contains("File name too long"));
        assertTrue(Shell.run("stat", mnt("n".repeat(255))).stderr().contains("No such file"));
        assertEquals("255", Shell.run("stat", "-f", "-c", "%l", fs.root().toString()).stdout().strip());
    }

    @Test
    void aWriteThatCrossesTheLimitIsShortAndTheNextFails() {
        for (String file : new String[] {"small.bin", "doc.json"}) {
            String script = """
                    import errno, os, sys
                    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_TRUNC)
                    print(os.pwrite(fd, b'x' * 8192, 12 * 1024))
                    try:
                        os.pwrite(fd, b'y', 16 * 1024)
                    except OSError as e:
                        print(errno.errorcode[e.errno])
                    """;
            assertEquals("4096\nEFBIG\n", Shell.run("python3", "-c", script, mnt(file)).assertSucceeded().stdout(), file);
        }
        assertEquals("16384", Shell.run("stat", "-c", "%s", mnt("small.bin")).stdout().strip());
    }

    @Test
    void aWriterToldOfAFailedWriteCommitsNothing() {
        Shell.sh("printf '{\"kept\": true}' > " + mnt("doc.json")).assertSucceeded();
        Shell.Result over = Shell.sh("head -c 20000 /dev/zero > " + mnt("doc.json"));
        assertTrue(over.stderr().contains("File too large"), over.stderr());
        assertEquals("{\"kept\": true}", Shell.run("cat", mnt("doc.json")).stdout());
    }

    @Test
    void touchSetsTheTimeItIsAskedForAndKeepsTheOther() {
        Shell.run("touch", "-m", "-d", "2002-02-02 02:02:02", mnt("notes.txt")).assertSucceeded();
        Shell.run("touch", "-a", "-d", "2001-01-01 01:01:01", mnt("notes.txt")).assertSucceeded();
        String times = Shell.run("stat", "-c", "%x|%y", mnt("notes.txt")).stdout();
        assertTrue(times.startsWith("2001-01-01 01:01:01"), times);
        assertTrue(times.contains("|2002-02-02 02:02:02"), times);
    }

    @Test
    void readOnlyOpenWithTruncateTruncatesAWritableFile() {
        Shell.sh("echo keep > " + mnt("copies/b.txt")).assertSucceeded();
        Shell.run("python3", "-c", "import os, sys; os.close(os.open(sys.argv[1], os.O_RDONLY | os.O_TRUNC))", mnt("copies/b.txt"))
                .assertSucceeded();
        assertEquals("0", Shell.run("stat", "-c", "%s", mnt("copies/b.txt")).stdout().strip());
        assertTrue(Shell.run("python3", "-c", "import os, sys; os.open(sys.argv[1], os.O_RDONLY | os.O_TRUNC)", mnt("hello.txt"))
                .stderr().contains("Permission denied"));
    }

    @Test
    void dfShowsFreeInodes() {
        long free = Long.parseLong(Shell.run("df", "--output=iavail", fs.root().toString()).stdout().lines().skip(1)
                .findFirst().orElseThrow().strip());
        assertTrue(free > 1_000_000, "free inodes: " + free);
    }

    @Test
    void everyRefusedMountSaysWhy() throws Exception {
        Path dir = Files.createTempDirectory("magicfs-refused-");
        Path config = Files.copy(TestPaths.repositoryFile("mount.yaml"), dir.resolve("mount.yaml"));
        Files.createDirectories(dir.resolve("js"));
        Files.copy(TestPaths.repositoryFile("js/settings.js"), dir.resolve("js/settings.js"));
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("x"), "");
        Path file = Files.writeString(dir.resolve("plain-file"), "");
        assertRefused(config, full, "is not empty");
        assertRefused(config, file, "is not a folder");
        assertRefused(config, fs.root(), "is already mounted");
    }

    private static void assertRefused(Path config, Path mountPoint, String reason) throws Exception {
        Path out = Files.createTempFile("magicfs-refused-", ".log");
        Process p = HostProcess.start(out, "mount", "-c", config.toString(), "--plugins", TestPaths.builtInPlugins().toString(),
                mountPoint.toString());
        assertEquals(1, p.waitFor());
        String said = Files.readString(out);
        assertTrue(said.contains("magicfs: ") && said.contains(reason), "mount of " + mountPoint + " said: '" + said + "'");
    }
}
