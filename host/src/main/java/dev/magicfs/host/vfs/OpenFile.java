package dev.magicfs.host.vfs;

import dev.magicfs.api.Node;
import dev.magicfs.host.tree.Inode;

/** One open(2) of a file until its release. */
public final class OpenFile {
    private final long handle;
    private final Inode inode;
    /** The node at open: a plugin's directory may give the inode a new node later, this open keeps its own. */
    private final Node node;
    private final OpenMode mode;
    private final byte[] generated;
    private final PendingContent pending;
    private final boolean directIo;
    private final boolean keepCache;
    /** A write came through this handle since the last sync, so its next close makes the content durable. */
    private volatile boolean unsynced;

    /**
     * @param handle the number the kernel hands back on each read and write
     * @param generated the bytes every read of this open sees, for a generated file; null otherwise
     * @param pending what a writer of a replaceable file has written so far; null for other opens
     * @param directIo whether this open bypasses the page cache
     * @param keepCache whether pages cached by earlier opens stay valid
     */
    OpenFile(long handle, Inode inode, OpenMode mode, byte[] generated, PendingContent pending, boolean directIo,
            boolean keepCache) {
        this.handle = handle;
        this.inode = inode;
        this.node = inode.node();
        this.mode = mode;
        this.generated = generated;
        this.pending = pending;
        this.directIo = directIo;
        this.keepCache = keepCache;
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

    public boolean directIo() {
        return directIo;
    }

    public boolean keepCache() {
        return keepCache;
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
