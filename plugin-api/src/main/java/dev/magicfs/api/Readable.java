package dev.magicfs.api;

import java.nio.ByteBuffer;

/**
 * A file whose bytes can be read at any offset, such as fixed or stored content. A file that is neither
 * Readable nor {@link Generated} reads as empty.
 *
 * <p>Import it by name ({@code import dev.magicfs.api.Readable;}): with {@code import dev.magicfs.api.*} the
 * name is ambiguous with {@link java.lang.Readable}.
 */
public interface Readable extends Node {

    /**
     * Copies content starting at {@code offset} into {@code into}, at most {@code into.remaining()} bytes.
     *
     * @return the number of bytes copied; 0 at or past the end of the file
     */
    int read(long offset, ByteBuffer into, Caller caller) throws FsException;

    /**
     * The usual {@link #read} of content held in an array: copies {@code content[offset..length)} into
     * {@code into}, as much as fits.
     *
     * @return the number of bytes copied; 0 at or past {@code length}
     */
    static int copy(byte[] content, int length, long offset, ByteBuffer into) {
        if (offset >= length) {
            return 0;
        }
        int n = (int) Math.min(into.remaining(), length - offset);
        into.put(content, (int) offset, n);
        return n;
    }
}
