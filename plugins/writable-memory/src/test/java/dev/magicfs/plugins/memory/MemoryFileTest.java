package dev.magicfs.plugins.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.MemoryBudget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryFileTest {
    static final Caller ME = new Caller(0, 0, 1);
    static final FileLog QUIET = new FileLog() {
        public void info(String message) {}

        public void error(String message) {}

        public void debug(String message) {}
    };
    final MemoryFile file = memoryFile(64, MemoryBudget.UNLIMITED, null);

    static MemoryFile memoryFile(int maxSize, MemoryBudget budget, PersistFile persist) {
        try {
            return new MemoryFile(maxSize, new byte[0], budget, persist, null, QUIET);
        } catch (FsException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shrinkingThenGrowingShowsZerosNotOldBytes() throws Exception {
        file.write(0, ByteBuffer.wrap("secret".getBytes()), ME);
        file.truncate(1, ME);
        file.truncate(6, ME);
        assertArrayEquals(new byte[] {'s', 0, 0, 0, 0, 0}, read());
        file.write(8, ByteBuffer.wrap(new byte[] {'!'}), ME);
        assertArrayEquals(new byte[] {'s', 0, 0, 0, 0, 0, 0, 0, '!'}, read());
    }

    @Test
    void theLimitIsEnforcedWithEfbig() throws Exception {
        file.write(0, ByteBuffer.allocate(64), ME);
        assertEquals(Errno.EFBIG, assertThrows(FsException.class, () -> file.write(64, ByteBuffer.allocate(1), ME)).errno());
        assertEquals(Errno.EFBIG, assertThrows(FsException.class, () -> file.truncate(65, ME)).errno());
        assertEquals(64, file.size());
    }

    @Test
    void growthIsReservedFromTheMountsBudgetAndTruncationGivesItBack() throws Exception {
        long[] used = {0};
        MemoryBudget budget = new MemoryBudget() {
            public void reserve(long bytes) throws FsException {
                if (used[0] + bytes > 10_000) {
                    throw new FsException(Errno.ENOSPC, "full");
                }
                used[0] += bytes;
            }

            public void release(long bytes) {
                used[0] -= bytes;
            }
        };
        MemoryFile big = memoryFile(1 << 20, budget, null);
        big.write(0, ByteBuffer.allocate(6_000), ME);
        assertEquals(6_000, used[0], "a write that cannot double reserves exactly what it needs");
        assertEquals(Errno.ENOSPC, assertThrows(FsException.class, () -> big.write(6_000, ByteBuffer.allocate(5_000), ME)).errno());
        assertEquals(6_000, big.size(), "a refused write changes nothing");
        big.truncate(0, ME);
        assertEquals(4_096, used[0]);
    }

    @Test
    void syncSavesWholeSnapshotsThatLoadBackAndDamageIsRecognised(@TempDir Path dir) throws Exception {
        PersistFile persist = new PersistFile(dir.resolve("notes.bin"));
        assertNull(persist.load(64), "nothing saved yet");
        MemoryFile saved = memoryFile(64, MemoryBudget.UNLIMITED, persist);
        saved.write(0, ByteBuffer.wrap("first".getBytes()), ME);
        saved.sync(ME);
        assertArrayEquals("first".getBytes(), persist.load(64));
        saved.write(5, ByteBuffer.wrap(" second".getBytes()), ME);
        saved.close();
        assertArrayEquals("first second".getBytes(), persist.load(64));
        assertFalse(Files.exists(dir.resolve("notes.bin.tmp")), "the temporary file was renamed");

        byte[] bytes = Files.readAllBytes(dir.resolve("notes.bin"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve("notes.bin"), bytes);
        assertTrue(assertThrows(IOException.class, () -> persist.load(64)).getMessage().contains("checksum"));
        Files.writeString(dir.resolve("notes.bin"), "plain text");
        assertTrue(assertThrows(IOException.class, () -> persist.load(64)).getMessage().contains("MAGICFS1"));
    }

    private byte[] read() {
        ByteBuffer into = ByteBuffer.allocate(100);
        int n = file.read(0, into, ME);
        byte[] bytes = new byte[n];
        into.flip().get(bytes);
        return bytes;
    }
}
