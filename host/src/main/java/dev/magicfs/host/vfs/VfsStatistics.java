package dev.magicfs.host.vfs;

import dev.magicfs.host.memory.MemoryAccount;
import java.util.function.IntSupplier;

/**
 * The values {@link VfsStatsMXBean} shows, read at each call. A class of its own: JMX maps every method of
 * an MXBean interface, a static factory's too, so the interface holds the attributes only.
 */
final class VfsStatistics implements VfsStatsMXBean {
    private final IntSupplier openFiles;
    private final MemoryAccount memory;

    VfsStatistics(IntSupplier openFiles, MemoryAccount memory) {
        this.openFiles = openFiles;
        this.memory = memory;
    }

    @Override
    public int getOpenFiles() {
        return openFiles.getAsInt();
    }

    @Override
    public long getMemoryUsedBytes() {
        return memory.used();
    }

    @Override
    public long getMemoryLimitBytes() {
        return memory.limit();
    }
}
