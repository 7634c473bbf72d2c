package dev.magicfs.host.tree;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Directory;
import dev.magicfs.api.Node;
import dev.magicfs.api.Replaceable;
import dev.magicfs.api.Writable;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node with the number the kernel knows it by, its place in the tree and its settings. The mutable fields
 * are the host's bookkeeping about what the kernel was told; they are volatile and need no lock.
 */
public final class Inode {
    public static final long ROOT = 1;

    private final long number;
    /** Replaced only for a child of a plugin's directory whose entry changed; see {@link InodeTable#lookedUp}. */
    private volatile Node node;
    private final Inode parent;
    private final String name;
    private final int permissions;
    private final CachePolicy cachePolicy;
    private final boolean pinned;
    private final ConcurrentHashMap<String, Inode> children;
    private final AtomicLong lookups = new AtomicLong();

    /** The size last reported to the kernel; a generated file opened with another size needs direct I/O. */
    private volatile long reportedSize = -1;
    /** The length of the last generation of a {@code Generated} node, or -1 before the first. */
    private volatile long generatedSize = -1;
    /** An mtime set by touch(1), and when it was set. */
    private volatile Instant touchedMtime;
    private volatile Instant touchedAt;
    /** Requests inside this node's plugin code right now; see {@link #enterRequest}. */
    private volatile int running;
    private static final AtomicIntegerFieldUpdater<Inode> RUNNING = AtomicIntegerFieldUpdater.newUpdater(Inode.class, "running");

    Inode(long number, Node node, Inode parent, String name, int permissions, CachePolicy cachePolicy, boolean pinned) {
        this.number = number;
        this.node = node;
        this.parent = parent;
        this.name = name;
        this.permissions = permissions;
        this.cachePolicy = cachePolicy;
        this.pinned = pinned;
        this.children = node instanceof Directory ? new ConcurrentHashMap<>() : null;
    }

    /**
     * Counts a request that is about to run this node's code, unless {@code max} already do: then it returns
     * false and counts nothing. This bounds the request threads one slow or stuck file can hold.
     */
    public boolean enterRequest(int max) {
        if (RUNNING.incrementAndGet(this) > max) {
            RUNNING.decrementAndGet(this);
            return false;
        }
        return true;
    }

    /** Takes over what the kernel was told about {@code earlier}, the inode of the same number in an earlier tree. */
    void carryFrom(Inode earlier) {
        lookups.set(earlier.lookups.get());
        reportedSize = earlier.reportedSize;
        generatedSize = earlier.node == node ? earlier.generatedSize : -1;
        touchedMtime = earlier.touchedMtime;
        touchedAt = earlier.touchedAt;
    }

    /** Ends a request counted by {@link #enterRequest}. */
    public void leaveRequest() {
        RUNNING.decrementAndGet(this);
    }

    public long number() {
        return number;
    }

    public Node node() {
        return node;
    }

    void node(Node replacement) {
        node = replacement;
    }

    public Inode parent() {
        return parent;
    }

    public String name() {
        return name;
    }

    /** The path from the root, as log lines show it: {@code notes.txt}, {@code config/limits.json}, {@code /}. */
    /**
     * The path in the mount, {@code config/limits.json} ("/" for the root). Built when asked, for log lines:
     * kept in every inode, it would cost a string per file.
     */
    public String path() {
        return parent == null ? "/" : parent.parent == null ? name : parent.path() + "/" + name;
    }

    public boolean isDirectory() {
        return children != null;
    }

    /** Permission bits, such as 0644. */
    public int permissions() {
        return permissions;
    }

    /** The cache settings, every field set. */
    public CachePolicy cachePolicy() {
        return cachePolicy;
    }

    /** True when writes are allowed: the node can take them and its mode has a write bit. */
    public boolean isWritable() {
        return takesWrites(node) && (permissions & 0222) != 0;
    }

    /** Whether a node has a capability that takes writes. */
    public static boolean takesWrites(Node node) {
        return node instanceof Writable || node instanceof Replaceable;
    }

    /** Built from mount.yaml: lives as long as the mount, whatever the kernel forgets. */
    public boolean isPinned() {
        return pinned;
    }

    /** The children the table knows (those built from mount.yaml, and those the kernel looked up); none for a file. */
    public java.util.Collection<Inode> childInodes() {
        return children == null ? java.util.List.of() : children.values();
    }

    Inode childNamed(String childName) {
        return children.get(childName);
    }

    ConcurrentHashMap<String, Inode> children() {
        return children;
    }

    AtomicLong lookups() {
        return lookups;
    }

    public long reportedSize() {
        return reportedSize;
    }

    public void reportedSize(long size) {
        reportedSize = size;
    }

    public long generatedSize() {
        return generatedSize;
    }

    public void generatedSize(long size) {
        generatedSize = size;
    }

    public Instant touchedMtime() {
        return touchedMtime;
    }

    public Instant touchedAt() {
        return touchedAt;
    }

    public void touch(Instant mtime, Instant at) {
        touchedAt = at;
        touchedMtime = mtime;
    }
}
