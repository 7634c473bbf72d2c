package dev.magicfs.host.vfs;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MemoryBudget;
import dev.magicfs.api.Readable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The content a writer builds in one open handle of a {@code Replaceable} file, until fsync or close hands it
 * over. Reads of the same handle see it. Its buffer is reserved from the mount's memory budget until
 * {@link #discard}. Synchronized: one handle may be used by several threads.
 */
final class PendingContent {
    private final long maxSize;
    private final MemoryBudget budget;
    private byte[] bytes;
    private int length;
    /** The content differs from what the file had at open or at the last hand-over. */
    private boolean changed;
    /** A write or ftruncate came since the open or the last hand-over; O_TRUNC alone is not one. */
    private boolean written;

    /**
     * @param start the content the handle starts from
     * @param changed whether the start already differs from the file's content (O_TRUNC)
     */
    PendingContent(byte[] start, long maxSize, boolean changed, MemoryBudget budget) throws FsException {
        budget.reserve(start.length);
        this.maxSize = maxSize;
        this.budget = budget;
        this.bytes = start.clone();
        this.length = start.length;
        this.changed = changed;
    }

    synchronized int size() {
        return length;
    }

    synchronized int read(long offset, ByteBuffer into) {
        return Readable.copy(bytes, length, offset, into);
    }

    synchronized int write(long offset, ByteBuffer from) throws FsException {
        int n = from.remaining();
        long end = offset + n;
        resize(Math.max(end, length));
        from.get(bytes, (int) offset, n);
        changed = true;
        written = true;
        return n;
    }

    synchronized void truncate(long size) throws FsException {
        resize(size);
        length = (int) size;
        changed = true;
        written = true;
    }

    /** The content to hand over, or null when nothing changed since the last hand-over. */
    synchronized byte[] takeIfChanged() {
        return changed ? take() : null;
    }

    /**
     * Like {@link #takeIfChanged()}, but only after a write. A shell's {@code > file} closes a duplicate of the
     * new descriptor before anything is written; that close must not hand over the empty content.
     */
    synchronized byte[] takeIfWritten() {
        return written ? take() : null;
    }

    private byte[] take() {
        changed = false;
        written = false;
        return Arrays.copyOf(bytes, length);
    }

    /** Gives the buffer's memory back to the budget; the handle is closed. */
    synchronized void discard() {
        budget.release(bytes.length);
        bytes = new byte[0];
        length = 0;
    }

    /** Makes room for {@code size} bytes; new bytes are zeros, as a write past the end leaves them. */
    private void resize(long size) throws FsException {
        if (size > maxSize || size > Integer.MAX_VALUE - 8) {
            throw new FsException(Errno.EFBIG, "the content would grow to " + size + " bytes, past this file's limit of " + maxSize);
        }
        if (size > bytes.length) {
            int capacity = (int) Math.max(size, Math.min(Math.min(maxSize, Integer.MAX_VALUE - 8), bytes.length * 2L));
            try {
                budget.reserve(capacity - bytes.length);
            } catch (FsException e) {
                capacity = (int) size; // no room to grow ahead: take only what this write needs
                budget.reserve(capacity - bytes.length);
            }
            bytes = Arrays.copyOf(bytes, capacity);
        } else if (size < length) {
            Arrays.fill(bytes, (int) size, length, (byte) 0);
        }
        if (size > length) {
            length = (int) size;
        }
    }
}
