package dev.magicfs.host.vfs;

import dev.magicfs.host.memory.MemoryAccount;
import java.util.function.IntSupplier;

/**
 * What a running mount holds, for JMX clients (jconsole, a load test): registered by {@code magicfs mount} as
 * {@code dev.magicfs:type=Mount,name=NAME}.
 */
public interface VfsStatsMXBean {
    /** Files open now. */
    int getOpenFiles();

    /** Bytes of content reserved from memory_limit. */
    long getMemoryUsedBytes();

    /** The mount's memory_limit. */
    long getMemoryLimitBytes();

    /** The values as they are at each call. */
    static VfsStatsMXBean of(IntSupplier openFiles, MemoryAccount memory) {
        return new VfsStatsMXBean() {
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
        };
    }
}
