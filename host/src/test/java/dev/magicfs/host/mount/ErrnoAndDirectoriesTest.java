package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits, nested and large directories, and concurrent writers. */
class ErrnoAndDirectoriesTest {
    static final int MANY = 1000;

    @RegisterExtension
    static final MountExtension fs = MountExtension.of(yaml()).withFile("local.txt", "from a local file\n");

    static String yaml() {
        StringBuilder b = new StringBuilder("""
                files:
                  small.txt: {kind: writable-memory, max_size: 10}
                  shared.txt: {kind: writable-memory}
                  locked.txt: {kind: writable-memory, mode: "0444"}
                  deep/er/file.txt: {kind: static, file: local.txt}
                  deep/sibling.txt: {kind: static, text: "sibling\\n"}
                """);
        for (int i = 0; i < MANY; i++) {
            b.append("  many/file-with-a-longish-name-").append(i).append(".txt: {kind: static, text: \"").append(i).append("\"}\n");
        }
        return b.toString();
    }

    @Test
    void writesPastMaxSizeFailWithEfbig() {
        Shell.sh("printf 0123456789 > " + fs.file("small.txt")).assertSucceeded();
        Shell.Result over = Shell.sh("printf x >> " + fs.file("small.txt"));
        assertTrue(over.stderr().contains("File too large"), over.stderr());
        assertTrue(Shell.run("truncate", "-s", "11", fs.file("small.txt").toString()).stderr().contains("File too large"));
        assertEquals("0123456789", Shell.run("cat", fs.file("small.txt").toString()).stdout());
    }

    @Test
    void aWritableKindWithAReadOnlyModeIsReadOnly() {
        assertTrue(Shell.sh("echo x > " + fs.file("locked.txt")).stderr().contains("Permission denied"));
    }

    @Test
    void nestedDirectoriesComeFromPaths() {
        assertEquals("from a local file\n", Shell.run("cat", fs.file("deep/er/file.txt").toString()).assertSucceeded().stdout());
        assertEquals("er\nsibling.txt\n", Shell.run("ls", fs.file("deep").toString()).stdout());
        assertEquals("755 directory 3", Shell.run("stat", "-c", "%a %F %h", fs.file("deep").toString()).stdout().strip());
        assertTrue(Shell.run("cat", fs.file("deep").toString()).stderr().contains("Is a directory"));
        assertTrue(Shell.run("ls", fs.file("deep/sibling.txt/x").toString()).stderr().contains("Not a directory"));
        List<String> found = List.of(Shell.run("find", fs.root().toString(), "-type", "f").stdout().split("\n"));
        assertEquals(MANY + 5, found.size());
    }

    @Test
    void aLargeDirectoryIsListedCompletelyAcrossReaddirReplies() {
        List<String> names = List.of(Shell.run("ls", "-f", fs.file("many").toString()).assertSucceeded().stdout().split("\n"));
        List<String> expected = new ArrayList<>(List.of(".", ".."));
        IntStream.range(0, MANY).forEach(i -> expected.add("file-with-a-longish-name-" + i + ".txt"));
        assertEquals(expected, names);
        assertTrue(fs.log().contains("READDIR ino="), "several READDIR replies expected");
        assertEquals("999", Shell.run("cat", fs.file("many/file-with-a-longish-name-999.txt").toString()).stdout());
    }

    @Test
    void concurrentWritersNeverCorruptTheBuffer() throws Exception {
        Path shared = fs.file("shared.txt");
        int writers = 8;
        int block = 64 * 1024;
        List<CompletableFuture<Shell.Result>> runs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            char c = (char) ('a' + w);
            // Each writer fills its own 64 KiB region with its letter, 16 times over.
            runs.add(Shell.runAsync("sh", "-c", "for i in $(seq 16); do head -c " + block + " /dev/zero | tr '\\0' '" + c
                    + "' | dd of=" + shared + " bs=" + block + " seek=" + w + " conv=notrunc status=none; done"));
        }
        runs.forEach(r -> r.join().assertSucceeded());
        byte[] content = Files.readAllBytes(shared);
        assertEquals(writers * block, content.length);
        for (int i = 0; i < content.length; i++) {
            if (content[i] != 'a' + i / block) {
                throw new AssertionError("byte " + i + " is '" + (char) content[i] + "'");
            }
        }
    }
}
