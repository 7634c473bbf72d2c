package dev.magicfs.host.vfs;

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
}
