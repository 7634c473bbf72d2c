package dev.magicfs.host.tree;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Directory;
import dev.magicfs.api.MutableNode;
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
    /** For a node of a changeable tree, the name it was last looked up, created or renamed by. */
    private volatile Inode parent;
    private volatile String name;
    /** Permission bits: mount.yaml's, until a chmod of a writable file changes them. */
    private volatile int permissions;
    private final CachePolicy cachePolicy;
    private final boolean pinned;
    private final ConcurrentHashMap<String, Inode> children;
    private final AtomicLong lookups = new AtomicLong();

    /** The size last reported to the kernel; a generated file opened with another size needs direct I/O. */
    private volatile long reportedSize = -1;
    /** The latest generation, in the making or made; see {@link #generationFor}. */
    private Generation generation;
    /** The length of the last generation of a {@code Generated} node, or -1 before the first. */
    private volatile long generatedSize = -1;
    /** How long the last generation took to make (for a directory: of one of its files), or -1 before the first. */
    private volatile long lastGenerationNanos = -1;
    /** The generation the kernel's page cache holds for this inode, and how many open handles read it. */
    private byte[] pageCached;
    private int pageCachedOpens;
    /** The generation the latest open handle reads, and how many handles of generations are open. */
    private byte[] served;
    private int servedOpens;
    /** The times set by touch(1) (utimensat), and when they were set. */
    private volatile Instant touchedMtime;
    private volatile Instant touchedAtime;
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
        touchedAtime = earlier.touchedAtime;
        touchedAt = earlier.touchedAt;
        if (earlier.node == node) {
            permissions = earlier.permissions; // a chmod lasts as long as the file it was made on
        }
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

    /** A rename in a changeable tree moved this node to {@code newParent}'s {@code newName}. */
    void moveTo(Inode newParent, String newName) {
        parent = newParent;
        name = newName;
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

    /** Permission bits, such as 0644; with setuid, setgid and sticky for a node of a changeable tree. */
    public int permissions() {
        return node instanceof MutableNode changeable ? changeable.metadata().mode() : permissions;
    }

    /** A chmod: new permission bits, kept while the mount runs. */
    public void permissions(int bits) {
        permissions = bits;
    }

    /** The cache settings, every field set. */
    public CachePolicy cachePolicy() {
        return cachePolicy;
    }

    /** True when writes are allowed: the node can take them and its mode has a write bit. */
    public boolean isWritable() {
        return takesWrites(node) && (permissions() & 0222) != 0;
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

    public long lastGenerationNanos() {
        return lastGenerationNanos;
    }

    public void lastGenerationNanos(long nanos) {
        lastGenerationNanos = nanos;
    }

    public long generatedSize() {
        return generatedSize;
    }

    public void generatedSize(long size) {
        generatedSize = size;
    }

    /**
     * The generation a stat or an open uses: the latest one while it is being made, or made less than
     * {@code freshNanos} ago and not taken by an open yet; else a new one, which the caller must make. An open
     * ({@code claim}) takes the generation it gets, so the next open gets a new one; opens that come while it
     * is still being made share it.
     */
    public synchronized Generation.Use generationFor(boolean claim, long freshNanos) {
        Generation latest = generation;
        boolean shared = latest != null && (!latest.content().isDone() || !latest.claimed && latest.freshFor(freshNanos));
        if (!shared) {
            latest = new Generation();
            generation = latest;
        }
        latest.claimed |= claim;
        return new Generation.Use(latest, !shared);
    }

    /** The content changed (a writer handed it over, a truncate): no open may be served an earlier generation. */
    public synchronized void forgetGeneration() {
        generation = null;
    }

    /** How an open of a generated file may use the page cache; see {@link #enterPageCache}. */
    public enum PageCacheUse {
        /** Another generation is being read through the cache: this open must use direct I/O. */
        REFUSED,
        /** The cache holds another generation, or none: the open drops it and reads anew. */
        FRESH,
        /** The cache holds this very generation: the open keeps it. */
        KEPT
    }

    /**
     * An open handle reads {@code content}: through the page cache if {@code mayCache} and the cache can take
     * it. Every handle reading through the cache must read one generation, since the cache is the inode's, not
     * the handle's; a refused open uses direct I/O. {@link #closedGenerated} ends it.
     */
    public synchronized PageCacheUse openedGenerated(byte[] content, boolean mayCache) {
        served = content;
        servedOpens++;
        if (!mayCache || pageCachedOpens > 0 && pageCached != content) {
            return PageCacheUse.REFUSED;
        }
        boolean same = pageCached == content;
        pageCached = content;
        pageCachedOpens++;
        return same ? PageCacheUse.KEPT : PageCacheUse.FRESH;
    }

    /**
     * The generation open handles read, else null: a stat reports its size then. The kernel maps and reads the
     * page cache up to the size it was last told, and fstat carries no handle, so it cannot be told apart.
     */
    public synchronized byte[] beingRead() {
        return pageCachedOpens > 0 ? pageCached : servedOpens > 0 ? served : null;
    }

    /** A handle that {@link #openedGenerated} counted was released. */
    public synchronized void closedGenerated(PageCacheUse use) {
        servedOpens--;
        if (use != PageCacheUse.REFUSED) {
            pageCachedOpens--;
        }
    }

    public Instant touchedMtime() {
        return touchedMtime;
    }

    public Instant touchedAtime() {
        return touchedAtime;
    }

    public Instant touchedAt() {
        return touchedAt;
    }

    public void touch(Instant mtime, Instant atime, Instant at) {
        touchedAt = at;
        touchedMtime = mtime;
        touchedAtime = atime;
    }
}
