package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tools that trust st_size (tar, git, sendfile, mmap) get exactly the bytes cat shows from files generated at
 * each open: a stat reports the true size of a generation, and the open after it serves that generation.
 */
class GeneratedSizesTest {
    /** Every generation says its own length in its first line, so a copy cut short or padded shows. */
    private static final String SELF_SIZED = """
            function read(ctx) {
              const n = (ctx.store.get('n') ?? 0) + 1;
              ctx.store.set('n', n);
              const size = %s;
              const head = `generation ${n}, ${size} bytes\\n`;
              return head + 'x'.repeat(size - head.length - 1) + '\\n';
            }
            """;

    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            files:
              time.txt: {kind: clock}
              grows.txt:
                kind: js
                source: |
            %s
              shrinks.txt:
                kind: js
                source: |
            %s
              fresh.txt:
                kind: js
                source: |
            %s
              remote.txt: {kind: lazy-remote, url: "data:,fetched%%20on%%20first%%20use%%0A", delay: 50ms}
              costly.txt:
                kind: js
                size: unknown
                source: |
                  function read(ctx) { return 'generated only when opened\\n'; }
              rows:
                kind: js-dir
                source: |
                  function list(ctx) { return Array.from({ length: 1000 }, (_, i) => `row-${i}.txt`); }
                  function read(ctx, name) { return `content of ${name}\\n`; }
            """.formatted(indent(SELF_SIZED.formatted("4001 + 1000 * n")), indent(SELF_SIZED.formatted("Math.max(1001, 70001 - 10000 * n)")),
                    indent(SELF_SIZED.formatted("4001 + 1000 * n"))));

    private static String indent(String script) {
        return script.indent(6).stripTrailing();
    }

    private static final Pattern HEAD = Pattern.compile("generation (\\d+), (\\d+) bytes\n");

    /** The content is one whole generation: its length is the one its first line states. */
    private static void assertWholeGeneration(byte[] content, String what) {
        String text = new String(content, StandardCharsets.UTF_8);
        Matcher m = HEAD.matcher(text);
        assertTrue(m.lookingAt(), what + " starts with its header: " + text.substring(0, Math.min(60, text.length())));
        assertEquals(Integer.parseInt(m.group(2)), content.length, what + " is one whole generation");
    }

    @Test
    void statReportsTheSizeThatCatThenReads() {
        String size = Shell.run("stat", "-c", "%s", fs.file("grows.txt").toString()).assertSucceeded().stdout().strip();
        byte[] read = Shell.run("cat", fs.file("grows.txt").toString()).assertSucceeded().stdoutBytes();
        assertEquals(Integer.parseInt(size), read.length, "cat after stat reads the generation stat measured");
        assertWholeGeneration(read, "cat");
        assertTrue(Integer.parseInt(Shell.run("stat", "-c", "%s", fs.file("time.txt").toString()).stdout().strip()) > 0);
    }

    @Test
    void tarArchivesEveryGeneratedFileWhole() throws Exception {
        Path out = Files.createTempDirectory("magicfs-tar-");
        // fresh.txt is read by tar only: no open before told the kernel its size.
        Shell.run("tar", "-C", fs.root().toString(), "-cf", out.resolve("a.tar").toString(),
                "time.txt", "fresh.txt", "grows.txt", "shrinks.txt", "remote.txt").assertSucceeded();
        Shell.run("tar", "-C", out.toString(), "-xf", out.resolve("a.tar").toString()).assertSucceeded();
        assertTrue(Files.readString(out.resolve("time.txt")).startsWith("The time right now is "));
        assertWholeGeneration(Files.readAllBytes(out.resolve("fresh.txt")), "fresh.txt from tar");
        assertWholeGeneration(Files.readAllBytes(out.resolve("grows.txt")), "grows.txt from tar");
        assertWholeGeneration(Files.readAllBytes(out.resolve("shrinks.txt")), "shrinks.txt from tar");
        assertEquals("fetched on first use\n", Files.readString(out.resolve("remote.txt")));
    }

    @Test
    void gitStoresWholeGenerationsAndStatusDoesNotCrash() throws Exception {
        Path repo = Files.createTempDirectory("magicfs-git-");
        String git = "git --git-dir=" + repo + " --work-tree=" + fs.root();
        Shell.sh(git + " init -q && " + git + " add grows.txt shrinks.txt time.txt").assertSucceeded();
        for (String name : new String[] {"grows.txt", "shrinks.txt"}) {
            byte[] blob = Shell.sh(git + " cat-file blob :" + name).assertSucceeded().stdoutBytes();
            assertWholeGeneration(blob, name + " as git stored it");
        }
        // The next generations have other sizes: status reads them again (git mmaps what lstat measured).
        Shell.Result status = Shell.sh(git + " status --porcelain grows.txt shrinks.txt time.txt");
        assertEquals(0, status.exitCode(), "git status: " + status.stderr());
    }

    @Test
    void sendfileRightAfterOpenCopiesTheWholeContent() {
        String script = """
                import os, sys
                fd = os.open(sys.argv[1], os.O_RDONLY)
                r, w = os.pipe()
                n = os.sendfile(w, fd, 0, 1 << 20)
                os.close(w)
                data = os.read(r, 1 << 20)
                sys.stdout.buffer.write(data)
                """;
        byte[] copied = Shell.run("python3", "-c", script, fs.file("grows.txt").toString()).assertSucceeded().stdoutBytes();
        assertWholeGeneration(copied, "sendfile's copy");
    }

    @Test
    void mmapOfGeneratedFilesShowsTheirContent() {
        String script = """
                import mmap, sys
                with open(sys.argv[1], 'rb') as f:
                    m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                    sys.stdout.buffer.write(m[:])
                """;
        byte[] mapped = Shell.run("python3", "-c", script, fs.file("shrinks.txt").toString()).assertSucceeded().stdoutBytes();
        assertWholeGeneration(mapped, "the mapping");
        String clock = Shell.run("python3", "-c", script, fs.file("time.txt").toString()).assertSucceeded().stdout();
        assertTrue(clock.startsWith("The time right now is "), clock);
    }

    @Test
    void sizeUnknownShowsZeroAndStillReadsWhole() {
        assertEquals("0", Shell.run("stat", "-c", "%s", fs.file("costly.txt").toString()).stdout().strip());
        assertEquals("generated only when opened\n", Shell.run("cat", fs.file("costly.txt").toString()).assertSucceeded().stdout());
    }

    @Test
    void longListingOfAComputedDirectoryShowsTrueSizes() {
        Shell.Result listing = Shell.run("ls", "-l", fs.file("rows").toString()).assertSucceeded();
        assertTrue(listing.stdout().contains(" " + "content of row-999.txt\n".length() + " "), listing.stdout().lines().skip(1).findFirst().orElse(""));
        assertTrue(listing.millis() < 5_000, "ls -l of 1,000 computed files took " + listing.millis() + " ms");
    }
}
