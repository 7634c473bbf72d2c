package dev.magicfs.api;

/**
 * Memory a mount shares among copies that can be fetched again, such as downloads ({@code cache_limit} in
 * mount.yaml). When a new copy does not fit, the least recently used copies are evicted: their owners drop
 * them and fetch again on demand.
 */
public interface ContentCache {

    /**
     * Admits a copy of {@code bytes} bytes, evicting least recently used copies to make room.
     *
     * @param evict called (on any thread, at most once) when this copy must be dropped
     * @return the copy's place in the cache, or null when the copy is larger than the whole cache: the owner
     *     must not keep it
     */
    Entry admit(long bytes, Runnable evict);

    /** One admitted copy. */
    interface Entry {
        /** The copy was used: it becomes the most recently used. */
        void touch();

        /** The owner dropped the copy itself; its room is free again. */
        void remove();
    }

    /** A cache without a limit: nothing is ever evicted. */
    ContentCache UNLIMITED = (bytes, evict) -> new Entry() {
        @Override
        public void touch() {}

        @Override
        public void remove() {}
    };
}
