package dev.magicfs.host.fuse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** A direct buffer in the machine's byte order, and its address for the system calls that fill or send it. */
final class NativeBuffer {
    final ByteBuffer bytes;
    final long address;

    NativeBuffer(int capacity) {
        bytes = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        address = Pointer.wrap(Runtime.getRuntime(LibC.get()), bytes).address();
    }

    int capacity() {
        return bytes.capacity();
    }
}
