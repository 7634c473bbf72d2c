package dev.magicfs.host.vfs;

import dev.magicfs.api.BackedByFile;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.host.tree.Inode;
import java.nio.file.Path;

/** One open(2) of a file until its release. */
public final class OpenFile {
    private final long handle;
    private final Inode inode;
    /** The node at open: a plugin's directory may give the inode a new node later, this open keeps its own. */
    private final Node node;
    private final OpenMode mode;
    /** The bytes every read of this open sees, for a generated file; null otherwise. */
    private final byte[] generated;
    /** What a writer of a replaceable file has written so far; null for other opens. */
    private final PendingContent pending;
    /** The stream this open reads of a file that grows while it is read; null for other opens. */
    private final FollowedContent.Reader follower;
    private final boolean directIo;
    private final boolean keepCache;
    /** How a generated file's handle uses the inode's page cache, which it leaves at release; null for others. */
    private final Inode.PageCacheUse cacheUse;
    /** The user who opened it, whose share of max_open_files it uses. */
    private int owner;
    /** A write came through this handle since the last sync, so its next close makes the content durable. */
    private volatile boolean unsynced;

    private OpenFile(long handle, Inode inode, OpenMode mode, byte[] generated, PendingContent pending,
            FollowedContent.Reader follower, boolean directIo, boolean keepCache, Inode.PageCacheUse cacheUse) {
        this.follower = follower;
        this.handle = handle;
        this.inode = inode;
        this.node = inode.node();
        this.mode = mode;
        this.generated = generated;
        this.pending = pending;
        this.directIo = directIo;
        this.keepCache = keepCache;
        this.cacheUse = cacheUse;
    }

    /** An open of a file whose reads and writes go to its node. */
    OpenFile(long handle, Inode inode, OpenMode mode, boolean directIo, boolean keepCache) {
        this(handle, inode, mode, null, null, null, directIo, keepCache, null);
    }

    /** An open of a generated file, reading {@code generated} as {@code use} says (direct I/O when refused). */
    OpenFile(long handle, Inode inode, OpenMode mode, byte[] generated, Inode.PageCacheUse use) {
        this(handle, inode, mode, generated, null, null, use == Inode.PageCacheUse.REFUSED, use == Inode.PageCacheUse.KEPT, use);
    }

    /**
     * A writer of a replaceable file, with a buffer of its own: direct I/O, since the page cache is the inode's,
     * shared by every handle.
     */
    OpenFile(long handle, Inode inode, OpenMode mode, PendingContent pending) {
        this(handle, inode, mode, null, pending, null, true, false, null);
    }

    /** A reader of a file that grows while it is read: direct I/O, since each open reads a stream of its own. */
    OpenFile(long handle, Inode inode, OpenMode mode, FollowedContent.Reader follower) {
        this(handle, inode, mode, null, null, follower, true, false, null);
    }

    public long handle() {
        return handle;
    }

    public Inode inode() {
        return inode;
    }

    Node node() {
        return node;
    }

    public OpenMode mode() {
        return mode;
    }

    byte[] generated() {
        return generated;
    }

    PendingContent pending() {
        return pending;
    }

    FollowedContent.Reader follower() {
        return follower;
    }

    /**
     * The local file a read-only open of a {@link BackedByFile} node may let the kernel read directly
     * (passthrough); null for every other open, and for one whose file asks for direct_io, which promises
     * that every read reaches magicfs (and its log).
     */
    public Path backingFile() {
        return node instanceof BackedByFile backed && (!mode.write() || writesThrough()) && !directIo && generated == null
                && pending == null && follower == null ? backed.backingFile() : null;
    }

    /** Whether the file belongs to a changeable tree, where a close saves nothing (fsync does). */
    public boolean changeable() {
        return node instanceof MutableNode;
    }

    /**
     * Whether the kernel may write to the backing file itself: for a changeable tree's file, whose every open
     * then goes through the one backing file, and whose size and mtime are that file's own.
     */
    public boolean writesThrough() {
        return node instanceof MutableNode && node instanceof BackedByFile backed && backed.acceptsDirectWrites()
                && backed.backingFile() != null;
    }

    public boolean directIo() {
        return directIo;
    }

    public boolean keepCache() {
        return keepCache;
    }

    int owner() {
        return owner;
    }

    void owner(int uid) {
        owner = uid;
    }

    /** Ends what this handle told the inode about the generation it reads; called once, at release. */
    void closed() {
        if (cacheUse != null) {
            inode.closedGenerated(cacheUse);
        }
    }

    void wrote() {
        unsynced = true;
    }

    /** Whether a write came since the last call; clears the mark. */
    boolean takeUnsynced() {
        boolean was = unsynced;
        unsynced = false;
        return was;
    }
}
