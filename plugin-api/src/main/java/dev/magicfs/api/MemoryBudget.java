package dev.magicfs.api;

/**
 * The memory a mount lets all its files' own content hold together ({@code memory_limit} in mount.yaml), so
 * that a user's {@code dd} ends in ENOSPC and never in an exhausted JVM heap. A node reserves before it
 * grows and releases what it frees; {@code df} on the mount shows the limit and what is reserved.
 */
public interface MemoryBudget {

    /**
     * Takes {@code bytes} from the budget.
     *
     * @throws FsException ENOSPC when the budget has less than {@code bytes} left; nothing is taken then
     */
    void reserve(long bytes) throws FsException;

    /** Gives back {@code bytes} reserved earlier. */
    void release(long bytes);

    /** A budget without a limit, for nodes built outside a mount (tests, tools). */
    MemoryBudget UNLIMITED = new MemoryBudget() {
        @Override
        public void reserve(long bytes) {}

        @Override
        public void release(long bytes) {}
    };
}
