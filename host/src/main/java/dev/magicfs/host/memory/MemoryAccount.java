package dev.magicfs.host.memory;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MemoryBudget;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link MemoryBudget} with a limit, shared by every file of one mount; lock-free. */
public final class MemoryAccount implements MemoryBudget {
    private volatile long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryAccount(long limit) {
        this.limit = limit;
    }

    /** A new limit, from an edited mount.yaml; what is in use stays, further reservations meet the new limit. */
    public void limit(long bytes) {
        limit = bytes;
    }

    @Override
    public void reserve(long bytes) throws FsException {
        if (bytes <= 0) {
            return;
        }
        long before;
        do {
            before = used.get();
            if (bytes > limit - before) {
                throw new FsException(Errno.ENOSPC, "memory_limit reached: " + before + " of " + limit
                        + " bytes are in use, " + bytes + " more were asked for");
            }
        } while (!used.compareAndSet(before, before + bytes));
    }

    @Override
    public void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }
}
