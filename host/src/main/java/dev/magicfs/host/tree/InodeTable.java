package dev.magicfs.host.tree;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Directory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every inode the kernel may name, by number. Inodes built from mount.yaml are pinned and numbered in file
 * order from 2; a child found later by lookup in a plugin's directory gets the next free number, and keeps it
 * until the kernel forgets it. Lock-free: a concurrent map per parent and one for numbers.
 */
public final class InodeTable {
    private final ConcurrentHashMap<Long, Inode> byNumber = new ConcurrentHashMap<>();
    /** Inodes of an earlier tree of this mount that the kernel still remembers: found by number until forgotten. */
    private final ConcurrentHashMap<Long, Inode> retired = new ConcurrentHashMap<>();
    private final AtomicLong nextNumber;
    private final Inode root;
    /**
     * The inodes of changeable trees' nodes, by node identity: a node has one inode whatever name finds it (hard
     * links) and keeps it across renames. Their bookkeeping takes {@link #changeable}'s lock.
     */
    private final Map<Node, Inode> byNode = new IdentityHashMap<>();
    private final Object changeable = new Object();

    public InodeTable(Directory rootNode, CachePolicy rootPolicy) {
        this(rootNode, rootPolicy, new AtomicLong(Inode.ROOT + 1), null);
    }

    /**
     * A table for a new tree of the same mount, after mount.yaml changed: new inodes are numbered after every
     * number {@code previous} gave out, so a number never names two files.
     */
    public InodeTable(Directory rootNode, CachePolicy rootPolicy, InodeTable previous) {
        this(rootNode, rootPolicy, previous.nextNumber, previous.root);
    }

    private InodeTable(Directory rootNode, CachePolicy rootPolicy, AtomicLong nextNumber, Inode previousRoot) {
        this.nextNumber = nextNumber;
        root = new Inode(Inode.ROOT, rootNode, null, "", 0755, rootPolicy, true);
        if (previousRoot != null) {
            root.carryFrom(previousRoot);
        }
        byNumber.put(Inode.ROOT, root);
    }

    public Inode root() {
        return root;
    }

    /** The inode numbered {@code number}, or null when there is none. */
    public Inode get(long number) {
        Inode inode = byNumber.get(number);
        return inode != null || retired.isEmpty() ? inode : retired.get(number);
    }

    /** Whether {@code inode} is part of this tree, not one kept from an earlier tree until the kernel forgets it. */
    public boolean isCurrent(Inode inode) {
        return byNumber.get(inode.number()) == inode;
    }

    /** Adds a child built from mount.yaml, with the next number; for building the tree before mounting. */
    public Inode addPinned(Inode parent, String name, Node node, int permissions, CachePolicy policy) {
        return addPinned(parent, name, node, permissions, policy, null);
    }

    /**
     * Adds a child built from mount.yaml that {@code earlier}, an inode of the tree this one replaces, stood
     * for: it keeps that number and what the kernel was told about it. With a null {@code earlier}, it gets the
     * next number.
     */
    public Inode addPinned(Inode parent, String name, Node node, int permissions, CachePolicy policy, Inode earlier) {
        long number = earlier != null ? earlier.number() : nextNumber.getAndIncrement();
        Inode inode = new Inode(number, node, parent, name, permissions, policy, true);
        if (earlier != null) {
            inode.carryFrom(earlier);
        }
        parent.children().put(name, inode);
        byNumber.put(inode.number(), inode);
        return inode;
    }

    /** The inode at {@code path} ("a/b.txt"; "" for the root), or null. */
    public Inode find(String path) {
        Inode inode = root;
        for (String name : path.isEmpty() ? new String[0] : path.split("/")) {
            inode = inode.isDirectory() ? inode.childNamed(name) : null;
            if (inode == null) {
                return null;
            }
        }
        return inode;
    }

    /**
     * Keeps the inodes of {@code previous} that this tree no longer has but the kernel still remembers, so an
     * open handle's fstat or a late request still finds them until the kernel forgets them.
     */
    public void retireFrom(InodeTable previous) {
        keepChangeableInodes(previous);
        for (Map<Long, Inode> earlier : List.of(previous.byNumber, previous.retired)) {
            earlier.forEach((number, inode) -> {
                if (!byNumber.containsKey(number) && inode.lookups().get() > 0) {
                    retired.put(number, inode);
                }
            });
        }
    }

    /**
     * A changeable tree that this tree kept (its root is the same node, under the same pinned number) keeps
     * the numbers the kernel knows for its files and folders too, so a live edit of mount.yaml that leaves
     * a writable-dir alone changes nothing under it.
     */
    private void keepChangeableInodes(InodeTable previous) {
        synchronized (previous.changeable) {
            synchronized (changeable) {
                previous.byNode.forEach((node, inode) -> {
                    if (treeKept(inode)) {
                        byNode.put(node, inode);
                        byNumber.put(inode.number(), inode);
                    }
                });
            }
        }
    }

    private boolean treeKept(Inode inode) {
        Inode at = inode;
        while (at != null && !at.isPinned()) {
            at = at.parent();
        }
        if (at == null) {
            return false;
        }
        Inode now = byNumber.get(at.number());
        return now != null && now.node() == at.node();
    }

    /**
     * The inode of {@code parent}'s child {@code name}, which its directory says is {@code node}, counted as one
     * kernel lookup. A name keeps its inode while the kernel remembers it, also when a plugin's directory gives
     * a new node for it (a row that changed); a name that turned from file to directory or back gets a new one.
     */
    public Inode lookedUp(Inode parent, String name, Node node) {
        if (node instanceof MutableNode) {
            Inode declared = parent.childNamed(name);
            if (declared != null && declared.isPinned() && declared.node() == node) { // a writable-dir itself
                declared.lookups().incrementAndGet();
                return declared;
            }
            return lookedUpChangeable(parent, name, node);
        }
        // Counting inside compute() orders this lookup against a concurrent forget() of the same name.
        Inode inode = parent.children().compute(name, (n, known) -> {
            boolean same = known != null && (known.node() == node
                    || !known.isPinned() && known.isDirectory() == (node instanceof Directory));
            if (same && known.node() != node) {
                known.node(node);
            }
            Inode result = same
                    ? known
                    : new Inode(nextNumber.getAndIncrement(), node, parent, name, defaultPermissions(node),
                            parent.cachePolicy(), false);
            result.lookups().incrementAndGet();
            return result;
        });
        byNumber.putIfAbsent(inode.number(), inode);
        return inode;
    }

    private Inode lookedUpChangeable(Inode parent, String name, Node node) {
        synchronized (changeable) {
            Inode inode = byNode.get(node);
            if (inode == null) {
                inode = new Inode(nextNumber.getAndIncrement(), node, parent, name, 0, parent.cachePolicy(), false);
                byNode.put(node, inode);
                byNumber.put(inode.number(), inode);
            } else {
                moved(inode, parent, name);
            }
            inode.lookups().incrementAndGet();
            return inode;
        }
    }

    /** {@code node} of a changeable tree now has the name {@code name} in {@code parent}; counts nothing. */
    public void renamed(Node node, Inode parent, String name) {
        synchronized (changeable) {
            Inode inode = byNode.get(node);
            if (inode != null) {
                moved(inode, parent, name);
            }
        }
    }

    private static void moved(Inode inode, Inode parent, String name) {
        if (inode.parent() != parent || !inode.name().equals(name)) {
            inode.parent().children().remove(inode.name(), inode);
            inode.moveTo(parent, name);
        }
        parent.children().put(name, inode);
    }

    /** {@code parent}'s name {@code name} was removed from a changeable tree; its inode lives while remembered. */
    public void removed(Inode parent, String name) {
        synchronized (changeable) {
            parent.children().remove(name);
        }
    }

    /** The inode already known for {@code parent}'s child {@code name}, or null; counts nothing. */
    public Inode known(Inode parent, String name) {
        return parent.childNamed(name);
    }

    /** The kernel forgot {@code count} lookups of {@code number}; an unpinned inode nobody remembers is dropped. */
    public void forget(long number, long count) {
        Inode inode = byNumber.get(number);
        if (inode == null) {
            Inode old = retired.get(number);
            if (old != null && old.lookups().addAndGet(-count) <= 0) {
                retired.remove(number, old);
            }
            return;
        }
        if (inode.node() instanceof MutableNode && !inode.isPinned()) {
            forgetChangeable(inode, count);
            return;
        }
        if (inode.lookups().addAndGet(-count) > 0 || inode.isPinned()) {
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

    private void forgetChangeable(Inode inode, long count) {
        synchronized (changeable) {
            if (inode.lookups().addAndGet(-count) > 0) {
                return;
            }
            byNode.remove(inode.node(), inode);
            byNumber.remove(inode.number(), inode);
            inode.parent().children().remove(inode.name(), inode);
        }
        // A removed file the kernel no longer holds (no name, no open handle) gives its space back now.
        if (((MutableNode) inode.node()).links() == 0 && inode.node() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing left to tell: no request waits for this
            }
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
