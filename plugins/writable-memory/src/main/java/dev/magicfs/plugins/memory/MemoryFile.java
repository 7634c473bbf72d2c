package dev.magicfs.plugins.memory;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MemoryBudget;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Bytes in a growable array. Readers share the lock, writers take it alone, so concurrent writes never
 * interleave inside the buffer. Invariant: every array byte at or past {@code size} is zero, so growing by a
 * sparse write or a truncate needs no extra fill. The array's length is what is reserved from the mount's
 * memory budget.
 *
 * <p>With a {@link PersistFile}, {@link #sync} saves the content when it changed since the last save; saves
 * are serialized, and each saves one consistent snapshot.
 */
final class MemoryFile implements Readable, Writable, Truncatable, Syncable, AutoCloseable {
    private final int maxSize;
    private final MemoryBudget budget;
    private final PersistFile persist;
    private final FileLog log;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object saving = new Object();
    private byte[] data;
    private int size;
    /** Counts changes; {@link #savedVersion} is the one on disk. */
    private long version;
    private volatile long savedVersion;
    private volatile Instant modified;
    private final Duration saveInterval;
    /** The background saves, started at the first change (so {@code magicfs check} starts none). */
    private Future<?> backgroundSaves;
    private volatile Runnable onClose;
    /** Set at close: the memory went back to the budget. */
    private boolean released;

    /**
     * @param persist where the content is saved, or null to keep it in memory only
     * @param saveInterval how often changed content is saved in the background, or null for never
     * @throws FsException ENOSPC when the initial content does not fit the budget
     */
    MemoryFile(int maxSize, byte[] initial, MemoryBudget budget, PersistFile persist, Duration saveInterval, FileLog log)
            throws FsException {
        budget.reserve(initial.length);
        this.maxSize = maxSize;
        this.budget = budget;
        this.persist = persist;
        this.saveInterval = persist == null ? null : saveInterval;
        this.log = log;
        this.data = initial.clone();
        this.size = initial.length;
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
            return Readable.copy(data, size, offset, into);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        lock.writeLock().lock();
        try {
            // As POSIX asks of a write that crosses the file size limit: store what fits, return that count;
            // only a write that starts at the limit fails (EFBIG).
            checkLimit(offset + (from.hasRemaining() ? 1 : 0));
            int length = (int) Math.min(from.remaining(), maxSize - offset);
            long end = offset + length;
            ensureCapacity((int) end);
            from.get(data, (int) offset, length);
            size = Math.max(size, (int) end);
            changed();
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
                if (newSize < data.length / 4) { // give most of the memory back, df shows it
                    int capacity = (int) Math.max(newSize, Math.min(4096, data.length));
                    budget.release(data.length - capacity);
                    data = Arrays.copyOf(data, capacity);
                }
            } else {
                ensureCapacity((int) newSize);
            }
            size = (int) newSize;
            changed();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Saves the content if it changed since the last save; without a persist file, does nothing. */
    @Override
    public void sync(Caller caller) throws FsException {
        if (persist == null) {
            return;
        }
        synchronized (saving) {
            byte[] snapshot;
            int length;
            long snapshotVersion;
            lock.readLock().lock();
            try {
                if (version == savedVersion) {
                    return;
                }
                snapshot = Arrays.copyOf(data, size);
                length = size;
                snapshotVersion = version;
            } finally {
                lock.readLock().unlock();
            }
            persist.save(snapshot, length);
            savedVersion = snapshotVersion;
        }
    }

    /** Makes the next sync save, whatever changed: for content that came from elsewhere. */
    void markUnsaved() {
        lock.writeLock().lock();
        try {
            version++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The content now, copied. */
    byte[] content() {
        lock.readLock().lock();
        try {
            return Arrays.copyOf(data, size);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code action} once this file is closed. */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    /**
     * At unmount, or when the file left the mount or was replaced: stops the background saves, saves what is
     * not saved yet, and gives its memory back to the budget.
     */
    @Override
    public void close() throws FsException {
        synchronized (saving) {
            if (backgroundSaves != null) {
                backgroundSaves.cancel(false);
            }
        }
        try {
            sync(null);
        } finally {
            lock.writeLock().lock();
            try {
                budget.release(released ? 0 : data.length);
                released = true;
            } finally {
                lock.writeLock().unlock();
            }
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    /** Called under the write lock. */
    private void changed() {
        version++;
        modified = Instant.now();
        if (saveInterval != null && backgroundSaves == null) {
            backgroundSaves = BackgroundSaves.every(saveInterval, this::saveInBackground);
        }
    }

    private void saveInBackground() {
        try {
            sync(null);
        } catch (FsException e) {
            log.error("background save failed, trying again in " + saveInterval.toMillis() + " ms: " + e.getMessage());
        }
    }

    private void checkLimit(long end) throws FsException {
        if (end > maxSize) {
            throw new FsException(Errno.EFBIG, "would grow to " + end + " bytes, past max_size (" + maxSize + " bytes)");
        }
    }

    /** Grows the array, doubling while the budget allows, else to exactly what is needed. */
    private void ensureCapacity(int needed) throws FsException {
        if (needed <= data.length) {
            return;
        }
        int ahead = (int) Math.min(maxSize, Math.max(needed, Math.max(4096L, 2L * data.length)));
        try {
            budget.reserve(ahead - data.length);
        } catch (FsException e) {
            ahead = needed;
            budget.reserve(ahead - data.length);
        }
        data = Arrays.copyOf(data, ahead);
    }
}
