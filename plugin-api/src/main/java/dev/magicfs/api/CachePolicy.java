package dev.magicfs.api;

import java.time.Duration;

/**
 * How the kernel may cache a file, and what its size says. A null field means "no opinion": the next layer
 * decides. Layers, most specific first: the file's own keys in mount.yaml, the kind's
 * {@link FileKind#cachePolicy()}, the mount's {@code defaults:}, then the built-in defaults (1 s, no direct
 * I/O, no keep_cache, exact sizes).
 *
 * @param ttl how long the kernel may reuse a file's attributes and name lookup before asking again; zero
 *     means every {@code stat} reaches the node
 * @param directIo true: reads and writes bypass the page cache, so every read reaches the node (needed for
 *     content whose size changes between opens)
 * @param keepCache true: pages cached by an earlier open stay valid, so re-reading an unchanged file costs
 *     no request at all
 * @param exactSize for a {@link Generated} file: true ({@code size: exact}), a {@code stat} generates the
 *     content (or reuses one generation) and reports its true length, which the next open then serves; false
 *     ({@code size: unknown}), {@code stat} shows 0 without generating, as /proc does, and reads use direct I/O
 */
public record CachePolicy(Duration ttl, Boolean directIo, Boolean keepCache, Boolean exactSize) {

    /** No opinion on anything. */
    public static final CachePolicy INHERIT = new CachePolicy(null, null, null, null);

    /** A policy with no opinion on sizes. */
    public CachePolicy(Duration ttl, Boolean directIo, Boolean keepCache) {
        this(ttl, directIo, keepCache, null);
    }

    /** This policy where it has an opinion, {@code fallback} elsewhere. */
    public CachePolicy orElse(CachePolicy fallback) {
        return new CachePolicy(
                ttl != null ? ttl : fallback.ttl,
                directIo != null ? directIo : fallback.directIo,
                keepCache != null ? keepCache : fallback.keepCache,
                exactSize != null ? exactSize : fallback.exactSize);
    }

    /** A copy with {@code ttl} set: how long the kernel may reuse attributes and name lookups. */
    public CachePolicy withTtl(Duration value) {
        return new CachePolicy(value, directIo, keepCache, exactSize);
    }

    /** A copy with {@code direct_io} set: whether reads bypass the page cache. */
    public CachePolicy withDirectIo(boolean value) {
        return new CachePolicy(ttl, value, keepCache, exactSize);
    }

    /** A copy with {@code keep_cache} set: whether pages cached by an earlier open are kept. */
    public CachePolicy withKeepCache(boolean value) {
        return new CachePolicy(ttl, directIo, value, exactSize);
    }

    /** A copy with {@code size} set: whether stat generates a generated file's content to report its size. */
    public CachePolicy withExactSize(boolean value) {
        return new CachePolicy(ttl, directIo, keepCache, value);
    }
}
