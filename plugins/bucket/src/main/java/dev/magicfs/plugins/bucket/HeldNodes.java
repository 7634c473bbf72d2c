package dev.magicfs.plugins.bucket;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes a streamed folder handed out, by name, for as long as anyone else holds them: the host keeps the
 * node of every name the kernel knows, and must get that same object for the name again, while the folder
 * itself keeps none of a large listing. Not thread-safe: the folder's monitor guards it.
 */
final class HeldNodes {
    private final Map<String, Held> byName = new HashMap<>();
    private final ReferenceQueue<BucketNode> released = new ReferenceQueue<>();

    /** A node and the name it was handed out under, so its entry goes when the node does. */
    private static final class Held extends WeakReference<BucketNode> {
        final String name;

        Held(String name, BucketNode node, ReferenceQueue<BucketNode> queue) {
            super(node, queue);
            this.name = name;
        }
    }

    BucketNode get(String name) {
        Held held = byName.get(name);
        return held == null ? null : held.get();
    }

    void put(String name, BucketNode node) {
        purge();
        byName.put(name, new Held(name, node, released));
    }

    void remove(String name) {
        byName.remove(name);
    }

    void clear() {
        byName.clear();
        purge();
    }

    /** The nodes still held. */
    List<BucketNode> all() {
        List<BucketNode> nodes = new ArrayList<>();
        byName.values().forEach(held -> {
            BucketNode node = held.get();
            if (node != null) {
                nodes.add(node);
            }
        });
        return nodes;
    }

    private void purge() {
        for (var ref = released.poll(); ref != null; ref = released.poll()) {
            Held held = (Held) ref;
            byName.remove(held.name, held);
        }
    }
}
