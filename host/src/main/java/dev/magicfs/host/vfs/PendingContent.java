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
    /** Why a write or ftruncate of this handle failed: its content is then never handed over. */
    private FsException failure;

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

    /** Stores what fits below the limit and returns its count; a write that starts at the limit fails (EFBIG). */
    synchronized int write(long offset, ByteBuffer from) throws FsException {
        long limit = Math.min(maxSize, Integer.MAX_VALUE - 8);
        int n = (int) Math.max(0, Math.min(from.remaining(), limit - offset));
        if (n == 0 && from.hasRemaining()) {
            throw failed(tooLarge(offset + 1));
        }
        long end = offset + n;
        try {
            resize(Math.max(end, length));
        } catch (FsException e) {
            throw failed(e);
        }
        from.get(bytes, (int) offset, n);
        changed = true;
        written = true;
        return n;
    }

    synchronized void truncate(long size) throws FsException {
        try {
            resize(size);
        } catch (FsException e) {
            throw failed(e);
        }
        length = (int) size;
        changed = true;
        written = true;
    }

    /**
     * Marks this handle's content as never to be handed over: a writer that was told a write failed (cp,
     * a shell) stops there, and what it left is not the content it meant to write.
     */
    private FsException failed(FsException e) {
        failure = e;
        return e;
    }

    /** Why a write of this handle failed, or null; a failed handle hands nothing over. */
    synchronized FsException failure() {
        return failure;
    }

    /** The content to hand over, or null when nothing changed since the last hand-over. */
    synchronized byte[] takeIfChanged() {
        return changed && failure == null ? take() : null;
    }

    /**
     * Like {@link #takeIfChanged()}, but only after a write. A shell's {@code > file} closes a duplicate of the
     * new descriptor before anything is written; that close must not hand over the empty content.
     */
    synchronized byte[] takeIfWritten() {
        return written && failure == null ? take() : null;
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

    private FsException tooLarge(long size) {
        return new FsException(Errno.EFBIG, "the content would grow to " + size + " bytes, past this file's limit of " + maxSize);
    }

    /** Makes room for {@code size} bytes; new bytes are zeros, as a write past the end leaves them. */
    private void resize(long size) throws FsException {
        if (size > maxSize || size > Integer.MAX_VALUE - 8) {
            throw tooLarge(size);
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
