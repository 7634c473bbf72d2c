package dev.magicfs.plugins.bucket;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code cache_limit}: the disk room clean copies may take. When a new copy does not fit, the copies used
 * least recently are dropped (they download again on demand). Copies with writes not uploaded yet are never
 * dropped and not counted: they are the only place those bytes are.
 */
final class CopyLimit {
    private final long limit;
    /** Clean copies by their files, least recently used first, with the bytes each may grow to. */
    private final LinkedHashMap<BucketFile, Long> copies = new LinkedHashMap<>(16, 0.75f, true);
    private long used;

    CopyLimit(long limit) {
        this.limit = limit;
    }

    /** {@code file} holds a clean copy of {@code bytes} (at most): older copies make room. */
    void admit(BucketFile file, long bytes) {
        Map<BucketFile, Long> dropped = new LinkedHashMap<>();
        synchronized (this) {
            Long before = copies.put(file, bytes);
            used += bytes - (before == null ? 0 : before);
            for (Iterator<Map.Entry<BucketFile, Long>> i = copies.entrySet().iterator(); i.hasNext() && used > limit; ) {
                Map.Entry<BucketFile, Long> eldest = i.next();
                if (eldest.getKey() != file) {
                    i.remove();
                    used -= eldest.getValue();
                    dropped.put(eldest.getKey(), eldest.getValue());
                }
            }
        }
        dropped.keySet().forEach(BucketFile::dropCleanCopy); // outside this lock: a file takes its own
    }

    /** A read used {@code file}'s copy: it is the most recently used. */
    synchronized void touch(BucketFile file) {
        copies.get(file);
    }

    /** {@code file}'s copy is gone or no longer clean: its room is free. */
    synchronized void forget(BucketFile file) {
        Long bytes = copies.remove(file);
        if (bytes != null) {
            used -= bytes;
        }
    }
}
