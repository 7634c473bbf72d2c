package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.MountExtension;
import dev.magicfs.host.testing.Shell;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-file ttl, direct_io and keep_cache, seen as the requests that reach magicfs (the debug log). */
class CacheSettingsTest {
    @RegisterExtension
    static final MountExtension fs = MountExtension.of("""
            defaults:
              ttl: 1s
            files:
              zero.txt:       {kind: static, text: "ttl zero\\n", ttl: 0}
              thirty.txt:     {kind: static, text: "ttl thirty\\n", ttl: 30s}
              direct.txt:     {kind: static, text: "direct\\n", direct_io: true}
              kept.txt:       {kind: static, text: "kept\\n"}
              dropped.txt:    {kind: static, text: "dropped\\n", keep_cache: false}
            """).log("debug");

    @Test
    void zeroTtlAsksAtEveryStatThirtySecondsAlmostNever() throws Exception {
        for (int i = 0; i < 20; i++) {
            Shell.run("stat", fs.file("zero.txt").toString(), fs.file("thirty.txt").toString()).assertSucceeded();
            Thread.sleep(20);
        }
        int zero = count("(LOOKUP|GETATTR) zero\\.txt");
        int thirty = count("(LOOKUP|GETATTR) thirty\\.txt");
        assertTrue(zero >= 20, "zero.txt: " + zero + " requests for 20 stats");
        assertTrue(thirty <= 2, "thirty.txt: " + thirty + " requests for 20 stats");
    }

    @Test
    void directIoSendsEveryReadToMagicfsKeepCacheServesRepeatsFromThePageCache() {
        for (int i = 0; i < 3; i++) {
            assertEquals("direct\n", Shell.run("cat", fs.file("direct.txt").toString()).assertSucceeded().stdout());
            assertEquals("kept\n", Shell.run("cat", fs.file("kept.txt").toString()).assertSucceeded().stdout());
            assertEquals("dropped\n", Shell.run("cat", fs.file("dropped.txt").toString()).assertSucceeded().stdout());
        }
        // direct_io: each cat reads at 0 and then finds the end (two READs a cat).
        assertEquals(6, count("READ direct\\.txt \\(ino=\\d+\\) offset="));
        // keep_cache (the static default): only the first cat reaches magicfs.
        assertEquals(1, count("READ kept\\.txt \\(ino=\\d+\\) offset="));
        // Neither: every open drops the cached pages, so each cat reads once.
        assertEquals(3, count("READ dropped\\.txt \\(ino=\\d+\\) offset="));
    }

    /** A read-only open is opened with FOPEN_NOFLUSH: its close sends no FLUSH, only the RELEASE. */
    @Test
    void debugLogHasOneLineForEveryRequest() {
        Shell.run("cat", fs.file("kept.txt").toString()).assertSucceeded();
        for (String op : new String[] {"OPEN kept.txt", "RELEASE kept.txt"}) {
            fs.awaitLog("[magicfs] " + op + " (ino=");
        }
        assertEquals(0, count("FLUSH kept\\.txt"), fs.log());
    }

    private static int count(String regex) {
        Matcher m = Pattern.compile("\\[magicfs\\] " + regex).matcher(fs.log());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
