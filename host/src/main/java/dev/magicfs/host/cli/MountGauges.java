package dev.magicfs.host.cli;

import dev.magicfs.host.assembly.AssembledMount;
import dev.magicfs.host.fuse.FuseSession;
import dev.magicfs.host.stats.MountStatistics;
import dev.magicfs.host.vfs.Vfs;

/** The gauges of a mount's statistics: what it holds, read whenever someone looks at {@code /.magic}. */
final class MountGauges {
    private MountGauges() {}

    static void register(MountStatistics statistics, Vfs vfs, AssembledMount mount, FuseSession session) {
        Runtime jvm = Runtime.getRuntime();
        statistics.gauge(MountStatistics.OPEN_FILES, "Files open now", () -> vfs.statistics().getOpenFiles());
        statistics.gauge(MountStatistics.WORKERS, "Threads serving requests now", session::workers);
        statistics.gauge(MountStatistics.MEMORY_USED, "Bytes of writable content, counted against memory_limit",
                () -> mount.memory().used());
        statistics.gauge(MountStatistics.MEMORY_LIMIT, "The mount's memory_limit", () -> mount.memory().limit());
        statistics.gauge(MountStatistics.CACHE_USED, "Bytes of downloaded copies, counted against cache_limit",
                () -> mount.cache().used());
        statistics.gauge(MountStatistics.CACHE_LIMIT, "The mount's cache_limit", () -> mount.cache().limit());
        statistics.gauge(MountStatistics.HEAP_USED, "Bytes of the Java heap in use", () -> jvm.totalMemory() - jvm.freeMemory());
        statistics.gauge(MountStatistics.HEAP_MAX, "The most bytes the Java heap may grow to", jvm::maxMemory);
    }
}
