package dev.magicfs.plugins.lazyremote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.api.Caller;
import dev.magicfs.api.ContentCache;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caching, retry and refresh of one lazy-remote file, fetched from a local file: URL. */
class LazyRemoteFileTest {
    static final Caller ME = new Caller(0, 0, 1);

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();
    final FileLog fileLog = new FileLog() {
        public void info(String m) { log.add("info " + m); }
        public void error(String m) { log.add("error " + m); }
        public void debug(String m) { log.add("debug " + m); }
    };

    @Test
    void aFailedFirstFetchIsNotKeptAndTheNextOpenRetries() throws Exception {
        LazyRemoteFile file = file(null);
        assertEquals(Errno.EIO, assertThrows(FsException.class, () -> file.generate(ME)).errno());
        assertTrue(log.stream().anyMatch(m -> m.startsWith("error download failed, the next read tries again: cannot read")), log.toString());
        Files.writeString(dir.resolve("remote.txt"), "now it exists\n");
        assertEquals("now it exists\n", new String(file.generate(ME)));
        assertEquals(14, file.size());
    }

    @Test
    void aCopyOlderThanRefreshIsFetchedAgainAndAFailedRefreshKeepsTheOldCopy() throws Exception {
        Files.writeString(dir.resolve("remote.txt"), "v1");
        LazyRemoteFile file = file(Duration.ofMillis(200));
        assertEquals("v1", new String(file.generate(ME)));
        Files.writeString(dir.resolve("remote.txt"), "v2");
        assertEquals("v1", new String(file.generate(ME)), "still fresh: served from memory");
        Thread.sleep(300);
        assertEquals("v2", new String(file.generate(ME)));
        Files.delete(dir.resolve("remote.txt"));
        Thread.sleep(300);
        assertEquals("v2", new String(file.generate(ME)));
        assertTrue(log.stream().anyMatch(m -> m.startsWith("error refresh failed, still serving the copy from")), log.toString());
    }

    private LazyRemoteFile file(Duration refresh) {
        Source source = Source.parse("file:remote.txt", dir, Duration.ofSeconds(5), 1 << 20);
        return new LazyRemoteFile(source, Duration.ZERO, refresh, ContentCache.UNLIMITED, fileLog);
    }
}
