package dev.magicfs.plugins.memory;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Bytes in a growable array. Readers share the lock, writers take it alone, so concurrent writes never
 * interleave inside the buffer. Invariant: every array byte at or past {@code size} is zero, so growing by a
 * sparse write or a truncate needs no extra fill.
 */
final class MemoryFile implements Readable, Writable, Truncatable {
    private final int maxSize;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private byte[] data;
    private int size;
    private volatile Instant modified;

    MemoryFile(int maxSize, byte[] initial) {
        this.maxSize = maxSize;
        this.data = initial.clone();
        this.size = initial.length;
        this.modified = null;
    }

    @Override
    public long size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Instant lastModified() {
        return modified;
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) {
        lock.readLock().lock();
        try {
            if (offset >= size) {
                return 0;
            }
            int n = (int) Math.min(into.remaining(), size - offset);
            into.put(data, (int) offset, n);
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        int length = from.remaining();
        long end = offset + length;
        lock.writeLock().lock();
        try {
            checkLimit(end);
            ensureCapacity((int) end);
            from.get(data, (int) offset, length);
            size = Math.max(size, (int) end);
            modified = Instant.now();
            return length;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void truncate(long newSize, Caller caller) throws FsException {
        lock.writeLock().lock();
        try {
            checkLimit(newSize);
            if (newSize < size) {
                Arrays.fill(data, (int) newSize, size, (byte) 0);
            } else {
                ensureCapacity((int) newSize);
            }
            size = (int) newSize;
            modified = Instant.now();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkLimit(long end) throws FsException {
        if (end > maxSize) {
            throw new FsException(Errno.EFBIG, "would grow to " + end + " bytes, past max_size (" + maxSize + " bytes)");
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            long doubled = Math.max(4096L, 2L * data.length);
            data = Arrays.copyOf(data, (int) Math.min(maxSize, Math.max(doubled, needed)));
        }
    }
}
