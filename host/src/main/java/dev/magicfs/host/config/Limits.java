package dev.magicfs.host.config;

import java.time.Duration;

/**
 * How much one mount may hold and how long one request may take; every field set.
 *
 * @param memoryLimit bytes of content all files together may hold in memory (writes past it: ENOSPC)
 * @param cacheLimit bytes of copies that can be fetched again (downloads), least recently used evicted first
 * @param maxOpenFiles open handles at once (opens past it: ENFILE)
 * @param requestTimeout how long one request may run in a plugin before its caller gets ETIMEDOUT
 */
public record Limits(long memoryLimit, long cacheLimit, int maxOpenFiles, Duration requestTimeout) {

    /** A quarter of the heap: content and the copies made while writing it stay well inside the JVM's limit. */
    public static long defaultMemoryLimit() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    public static final long DEFAULT_CACHE_LIMIT = 256L << 20;
    public static final int DEFAULT_MAX_OPEN_FILES = 10_000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
}
