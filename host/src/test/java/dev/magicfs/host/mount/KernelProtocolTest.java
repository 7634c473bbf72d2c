package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What magicfs's own FUSE protocol implementation gives tools: what INIT put in force, 1 MiB requests,
 * READDIRPLUS listings, mmap of direct I/O files, interrupts, passthrough, and no libfuse in the process.
 */
class KernelProtocolTest {
    private static final int MANY = 2000;
    /** 8 MiB of numbered lines, so a piece out of place or missing shows. */
    private static final String BIG = numberedLines(8 << 20);
    private static final String BACKED = numberedLines(3 << 20);

    @RegisterExtension
    static final MountExtension fs = MountExtension.of(config())
            .withFile("big.txt", BIG)
            .withFile("backed.txt", BACKED)
            .log("debug");

    private static String config() {
        StringBuilder yaml = new StringBuilder("""
                files:
                  big.txt: {kind: static, file: big.txt, direct_io: true}
                  backed.txt: {kind: static, file: backed.txt}
                  mapped.txt:
                    kind: js
                    direct_io: true
                    source: |
                      function read(ctx) { return 'mapped through direct I/O\\n'.repeat(100); }
                  slow.txt: {kind: lazy-remote, url: "data:,at%20last%0A", delay: 10s}
                  hello.txt: {kind: static, text: "hello\\n"}
                """);
        for (int i = 0; i < MANY; i++) {
            yaml.append("  many/f").append(String.format("%04d", i)).append(".txt: {kind: static, text: \"").append(i).append("\\n\"}\n");
        }
        return yaml.toString();
    }

    @Test
    void theDebugLogSaysWhatInitPutInForce() {
        String log = fs.log();
        Matcher init = Pattern.compile("FUSE 7\\.(\\d+) \\(the kernel offers 7\\.\\d+\\): max_read (\\d+), max_write (\\d+), max_pages (\\d+).*; in force: ([A-Z0-9_ ]+);").matcher(log);
        assertTrue(init.find(), log);
        assertEquals("1048576", init.group(3), "max_write with max_pages 256, as /proc/sys/fs/fuse/max_pages_limit allows");
        assertEquals("256", init.group(4));
        for (String flag : new String[] {"ASYNC_READ", "ATOMIC_O_TRUNC", "DO_READDIRPLUS", "READDIRPLUS_AUTO", "PARALLEL_DIROPS", "DIRECT_IO_ALLOW_MMAP",
                "HANDLE_KILLPRIV_V2"}) {
            assertTrue(init.group(5).contains(flag), flag + " in " + init.group(0));
        }
    }

    @Test
    void aLargeDirectIoReadComesInRequestsOfOneMebibyte() throws Exception {
        Shell.Result dd = Shell.run("dd", "if=" + fs.file("big.txt"), "bs=4M", "status=none");
        assertArrayEquals(BIG.getBytes(), dd.assertSucceeded().stdoutBytes());
        Matcher reads = Pattern.compile("\\] READ big\\.txt \\(ino=\\d+\\) offset=\\d+ size=(\\d+)").matcher(fs.log());
        int count = 0;
        while (reads.find()) {
            assertEquals("1048576", reads.group(1), "every READ asks for 1 MiB:\n" + fs.log());
            count++;
        }
        assertTrue(count >= 8 && count <= 9, count + " READs for 8 MiB (and one at the end)");
    }

    @Test
    void lsOfTwoThousandFilesNeedsAlmostNoLookups() {
        String listing = Shell.run("ls", "-l", fs.file("many").toString()).assertSucceeded().stdout();
        assertEquals(MANY + 1, listing.lines().count(), "a total line and one line per file");
        assertTrue(listing.contains("f1999.txt"), listing.substring(0, 200));
        long lookups = Pattern.compile("\\] LOOKUP many/f\\d+\\.txt").matcher(fs.log()).results().count();
        assertTrue(lookups < 50, lookups + " LOOKUPs: READDIRPLUS gave the kernel the attributes of every file");
    }

    @Test
    void pythonMapsADirectIoScriptFile() {
        Shell.Result mapped = Shell.run("python3", "-c", """
                import mmap, os, sys
                fd = os.open(sys.argv[1], os.O_RDONLY)
                with mmap.mmap(fd, os.fstat(fd).st_size, prot=mmap.PROT_READ) as m:
                    sys.stdout.write(m[:].decode())
                """, fs.file("mapped.txt").toString());
        assertEquals("mapped through direct I/O\n".repeat(100), mapped.assertSucceeded().stdout());
    }

    @Test
    void ctrlCEndsAReaderOfASlowDownloadAtOnceAndTheMountServesOn() throws Exception {
        Process cat = new ProcessBuilder("cat", fs.file("slow.txt").toString()).start();
        Thread.sleep(700); // well inside the 10 s delay
        assertTrue(cat.isAlive(), "still waiting for the download");
        long sent = System.nanoTime();
        Shell.run("kill", "-INT", Long.toString(cat.pid())).assertSucceeded();
        assertTrue(cat.waitFor(1, TimeUnit.SECONDS), "cat ended within 1 s of SIGINT");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        System.out.println("SIGINT of a reader waiting for a 10 s download: ended after " + millis + " ms");
        assertEquals("hello\n", Shell.run("cat", fs.file("hello.txt").toString()).assertSucceeded().stdout());
        fs.awaitLog("-> EINTR: its caller was interrupted");
    }

    @Test
    void aPassthroughFileIsReadByTheKernelWithoutAReadRequest() throws Exception {
        assumeTrue(fs.log().matches("(?s).*in force: [A-Z_ ]*PASSTHROUGH.*"),
                "skipped: the kernel did not offer passthrough, or magicfs is not root (CAP_SYS_ADMIN)");
        byte[] read = Shell.run("cat", fs.file("backed.txt").toString()).assertSucceeded().stdoutBytes();
        assertArrayEquals(BACKED.getBytes(), read);
        fs.awaitLog("backed.txt (ino=");
        assertTrue(fs.log().contains("-> passthrough from "), fs.log());
        assertEquals(0, Pattern.compile("\\] READ backed\\.txt").matcher(fs.log()).results().count(),
                "the kernel read the backing file itself");
    }

    @Test
    void noLibfuseIsLoaded() throws Exception {
        String maps = Files.readString(Path.of("/proc", Long.toString(fs.host().process().pid()), "maps"));
        assertTrue(maps.contains("libc.so"), "the maps of the host's JVM");
        assertTrue(!maps.contains("libfuse"), "no libfuse mapped in the host");
    }

    private static String numberedLines(int bytes) {
        StringBuilder s = new StringBuilder(bytes);
        for (int i = 0; s.length() + 9 <= bytes; i++) {
            s.append(String.format("%08d\n", i));
        }
        return s.toString();
    }
}
