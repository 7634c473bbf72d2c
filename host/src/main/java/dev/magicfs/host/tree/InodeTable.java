package dev.magicfs.host.tree;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Node;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every inode the kernel may name, by number. Inodes built from mount.yaml are pinned and numbered in file
 * order from 2; a child found later by lookup in a plugin's directory gets the next free number, and keeps it
 * until the kernel forgets it. Lock-free: a concurrent map per parent and one for numbers.
 */
public final class InodeTable {
    private final ConcurrentHashMap<Long, Inode> byNumber = new ConcurrentHashMap<>();
    private final AtomicLong nextNumber = new AtomicLong(Inode.ROOT + 1);
    private final Inode root;

    public InodeTable(Directory rootNode, CachePolicy rootPolicy) {
        root = new Inode(Inode.ROOT, rootNode, null, "", 0755, rootPolicy, true);
        byNumber.put(Inode.ROOT, root);
    }

    public Inode root() {
        return root;
    }

    /** The inode numbered {@code number}, or null when there is none. */
    public Inode get(long number) {
        return byNumber.get(number);
    }

    /** Adds a child built from mount.yaml, with the next number; for building the tree before mounting. */
    public Inode addPinned(Inode parent, String name, Node node, int permissions, CachePolicy policy) {
        Inode inode = new Inode(nextNumber.getAndIncrement(), node, parent, name, permissions, policy, true);
        parent.children().put(name, inode);
        byNumber.put(inode.number(), inode);
        return inode;
    }

    /**
     * The inode of {@code parent}'s child {@code name}, which its directory says is {@code node}, counted as one
     * kernel lookup. A name whose node changed gets a new inode.
     */
    public Inode lookedUp(Inode parent, String name, Node node) {
        // Counting inside compute() orders this lookup against a concurrent forget() of the same name.
        Inode inode = parent.children().compute(name, (n, known) -> {
            Inode result = known != null && known.node() == node
                    ? known
                    : new Inode(nextNumber.getAndIncrement(), node, parent, name, defaultPermissions(node),
                            parent.cachePolicy(), false);
            result.lookups().incrementAndGet();
            return result;
        });
        byNumber.putIfAbsent(inode.number(), inode);
        return inode;
    }

    /** The inode already known for {@code parent}'s child {@code name}, or null; counts nothing. */
    public Inode known(Inode parent, String name) {
        return parent.childNamed(name);
    }

    /** The kernel forgot {@code count} lookups of {@code number}; an unpinned inode nobody remembers is dropped. */
    public void forget(long number, long count) {
        Inode inode = byNumber.get(number);
        if (inode == null || inode.lookups().addAndGet(-count) > 0 || inode.isPinned()) {
            return;
        }
        boolean[] dropped = {false};
        inode.parent().children().computeIfPresent(inode.name(), (n, current) -> {
            dropped[0] = current == inode && inode.lookups().get() <= 0;
            return dropped[0] ? null : current;
        });
        if (dropped[0]) {
            byNumber.remove(number, inode);
        }
    }

    public Collection<Inode> all() {
        return byNumber.values();
    }

    /** 0755 for directories, 0644 for writable files, 0444 for the rest. */
    public static int defaultPermissions(Node node) {
        if (node instanceof Directory) {
            return 0755;
        }
        return Inode.takesWrites(node) ? 0644 : 0444;
    }
}
