package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.host.log.MountLog;
import java.nio.ByteBuffer;

/**
 * Messages magicfs sends the kernel unasked, to drop what its caches hold after a reload or a change in a
 * dynamic directory. Sent from the thread that made the change, never from a request's worker: the kernel
 * may wait for locks a request in progress holds.
 */
final class Notifications {
    private final Replies replies;
    private final MountLog log;

    Notifications(Replies replies, MountLog log) {
        this.replies = replies;
        this.log = log;
    }

    /** Drops the cached name {@code name} in directory {@code parent}. */
    void invalidateEntry(long parent, byte[] name) {
        ByteBuffer b = Replies.small().bytes;
        int at = Replies.PAYLOAD;
        b.putLong(at + INVAL_ENTRY_PARENT, parent);
        b.putInt(at + INVAL_ENTRY_NAMELEN, name.length);
        b.putInt(at + INVAL_ENTRY_NAMELEN + 4, 0);
        b.put(at + NOTIFY_INVAL_ENTRY_SIZE, name);
        b.put(at + NOTIFY_INVAL_ENTRY_SIZE + name.length, (byte) 0);
        send(NOTIFY_INVAL_ENTRY, NOTIFY_INVAL_ENTRY_SIZE + name.length + 1, "name in ino=" + parent);
    }

    /** Drops the cached attributes and pages of {@code inode}. */
    void invalidateInode(long inode) {
        ByteBuffer b = Replies.small().bytes;
        int at = Replies.PAYLOAD;
        b.putLong(at + INVAL_INODE_INO, inode);
        b.putLong(at + INVAL_INODE_OFF, 0);
        b.putLong(at + INVAL_INODE_LEN, 0); // from offset 0, everything
        send(NOTIFY_INVAL_INODE, NOTIFY_INVAL_INODE_SIZE, "ino=" + inode);
    }

    /**
     * Drops only the cached attributes of {@code inode}: no page is touched, so this may be sent while a request
     * of that inode is running.
     */
    void invalidateAttributes(long inode) {
        ByteBuffer b = Replies.small().bytes;
        int at = Replies.PAYLOAD;
        b.putLong(at + INVAL_INODE_INO, inode);
        b.putLong(at + INVAL_INODE_OFF, -1);
        b.putLong(at + INVAL_INODE_LEN, 0);
        send(NOTIFY_INVAL_INODE, NOTIFY_INVAL_INODE_SIZE, "attributes of ino=" + inode);
    }

    /** A failure is normal for what the kernel does not hold (ENOENT), so it is only logged at debug. */
    private void send(int code, int length, String what) {
        if (!replies.notify(code, length)) {
            log.debug("cache invalidation of " + what + ": " + replies.device().lastError());
        }
    }
}
