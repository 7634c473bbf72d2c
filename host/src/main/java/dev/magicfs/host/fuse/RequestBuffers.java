package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.FuseLayout.*;

import java.nio.ByteBuffer;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** Native memory reused by every request of one libfuse thread, so a request allocates no native memory. */
final class RequestBuffers {
    final Pointer entry;
    /** The struct stat inside {@link #entry}. */
    final Pointer entryAttr;
    final Pointer stat;
    final Pointer statvfs;
    private final Runtime runtime;
    private ByteBuffer io;
    Pointer ioPointer;
    private byte[] incoming = new byte[0];

    RequestBuffers(Runtime runtime) {
        this.runtime = runtime;
        entry = Memory.allocateDirect(runtime, ENTRY_SIZE, true);
        entryAttr = entry.slice(ENTRY_ATTR, STAT_SIZE);
        stat = Memory.allocateDirect(runtime, STAT_SIZE, true);
        statvfs = Memory.allocateDirect(runtime, STATVFS_SIZE, true);
        io(128 * 1024);
    }

    /** A direct buffer of {@code size} bytes for a reply, the same memory as {@link #ioPointer}. */
    ByteBuffer io(int size) {
        if (io == null || io.capacity() < size) {
            io = ByteBuffer.allocateDirect(Math.max(size, 128 * 1024));
            ioPointer = Pointer.wrap(runtime, io);
        }
        return io.clear().limit(size);
    }

    /** The request's data, copied into reusable heap memory. */
    ByteBuffer copyIn(Pointer data, int size) {
        if (incoming.length < size) {
            incoming = new byte[Math.max(size, 128 * 1024)];
        }
        data.get(0, incoming, 0, size);
        return ByteBuffer.wrap(incoming, 0, size);
    }
}
