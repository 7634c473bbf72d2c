package dev.magicfs.host.memory;

import dev.magicfs.api.ContentCache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A {@link ContentCache} with a limit: an access-ordered map of the admitted copies, whose eldest entries are
 * evicted when a new copy needs room. Evictions run outside the lock, so an owner may take its own locks.
 */
public final class LruContentCache implements ContentCache {
    private volatile long limit;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<Slot, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private long used;

    public LruContentCache(long limit) {
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** A new limit, from an edited mount.yaml; copies past it go at the next admission. */
    public void limit(long bytes) {
        limit = bytes;
    }

    @Override
    public Entry admit(long bytes, Runnable evict) {
        if (bytes > limit) {
            return null;
        }
        Slot slot = new Slot(bytes, evict);
        List<Slot> evicted = new ArrayList<>();
        synchronized (this) {
            Iterator<Slot> eldest = slots.keySet().iterator();
            while (used + bytes > limit && eldest.hasNext()) {
                Slot old = eldest.next();
                eldest.remove();
                used -= old.bytes;
                evicted.add(old);
            }
            slots.put(slot, slot);
            used += bytes;
        }
        evicted.forEach(s -> s.evict.run());
        return slot;
    }

    public synchronized long used() {
        return used;
    }

    private final class Slot implements Entry {
        final long bytes;
        final Runnable evict;

        Slot(long bytes, Runnable evict) {
            this.bytes = bytes;
            this.evict = evict;
        }

        @Override
        public void touch() {
            synchronized (LruContentCache.this) {
                slots.get(this);
            }
        }

        @Override
        public void remove() {
            synchronized (LruContentCache.this) {
                if (slots.remove(this) != null) {
                    used -= bytes;
                }
            }
        }
    }
}
