package dev.magicfs.host.fuse;

import java.nio.ByteBuffer;

/** Where one opendir's READDIR replies come from: a listing encoded once, or encoded as each reply asks. */
interface ReaddirSource {
    /**
     * Writes the whole entries from index {@code offset} on that fit in {@code size} bytes into {@code out} (from
     * its position) and returns how many bytes that is: 0 past the end.
     */
    int copy(long offset, long size, ByteBuffer out);
}
