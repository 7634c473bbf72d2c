package dev.magicfs.plugins.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MemoryFileTest {
    static final Caller ME = new Caller(0, 0, 1);
    final MemoryFile file = new MemoryFile(64, new byte[0]);

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

    private byte[] read() {
        ByteBuffer into = ByteBuffer.allocate(100);
        int n = file.read(0, into, ME);
        byte[] bytes = new byte[n];
        into.flip().get(bytes);
        return bytes;
    }
}
