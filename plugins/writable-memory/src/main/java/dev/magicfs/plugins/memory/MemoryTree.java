package dev.magicfs.plugins.memory;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import dev.magicfs.api.MemoryBudget;

/**
 * One {@code writable-dir} tree in memory: the lock every change of its names takes, so a rename between two
 * of its directories is one step, and its bounds. Contents count against the mount's memory_limit.
 */
final class MemoryTree {
    final Object lock = new Object();
    final MemoryBudget budget;
    final FileLog log;
    private final long maxFiles;
    private final int maxFileSize;
    /** Nodes with a name in the tree, besides its root. */
    private long files;

    MemoryTree(MemoryBudget budget, long maxFiles, int maxFileSize, FileLog log) {
        this.budget = budget;
        this.maxFiles = maxFiles;
        this.maxFileSize = maxFileSize;
        this.log = log;
    }

    int maxFileSize() {
        return maxFileSize;
    }

    /** Called under {@link #lock} before a node is added. */
    void admitOne() throws FsException {
        if (files >= maxFiles) {
            throw new FsException(Errno.ENOSPC, "the tree holds max_files (" + maxFiles + ") already");
        }
        files++;
    }

    /** Called under {@link #lock} when a node lost its last name. */
    void releaseOne() {
        files--;
    }
}
