package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.log.MountLog.Level;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.vfs.AttributeChanges;
import dev.magicfs.host.vfs.Attributes;
import dev.magicfs.host.vfs.FsStats;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Names and attributes: LOOKUP, FORGET, GETATTR, SETATTR, STATFS. */
final class NodeRequests {
    private final Answers answers;

    NodeRequests(Answers answers) {
        this.answers = answers;
    }

    void lookup(Request r) {
        long unique = r.unique;
        long parent = r.nodeId;
        String name = r.nameAt(0);
        NativeBuffer out = Replies.small();
        try {
            Answers.checkLength(name);
            answers.deadlines.enter(unique, "LOOKUP", parent, true);
            Caller caller = r.caller();
            Inode inode = answers.vfs.lookup(parent, name, caller);
            if (answers.log.isOn(Level.INFO)) {
                answers.log.request("LOOKUP", inode.path(), 0, " -> ino=" + inode.number());
            }
            Attributes attributes = answers.vfs.attributesForLookup(inode, caller);
            AttrCodec.entryOut(out.bytes, Replies.PAYLOAD, inode.number(), attributes, inode.cachePolicy().ttl());
        } catch (Throwable t) {
            Duration negative = t instanceof FsException e && e.errno() == Errno.ENOENT ? answers.vfs.namespace().missingNameTtl(parent) : null;
            if (negative == null) {
                answers.fail(unique, "LOOKUP " + answers.pathOf(parent, name), t);
                return;
            }
            // Every change of a changeable tree comes through the kernel, so it may remember a missing name.
            if (answers.log.isOn(Level.INFO)) {
                answers.log.info("LOOKUP " + answers.pathOf(parent, name) + " -> ENOENT (" + t.getMessage() + ")");
            }
            AttrCodec.negativeEntryOut(out.bytes, Replies.PAYLOAD, negative);
        }
        answers.reply(unique, out, ENTRY_OUT_SIZE);
    }

    void forget(Request r) {
        forget(r.nodeId, r.longAt(FORGET_IN_NLOOKUP));
    }

    void batchForget(Request r) {
        int count = r.intAt(BATCH_FORGET_IN_COUNT);
        for (int i = 0; i < count; i++) {
            int at = BATCH_FORGET_IN_SIZE + i * FORGET_ONE_SIZE;
            forget(r.longAt(at + FORGET_ONE_NODEID), r.longAt(at + FORGET_ONE_NLOOKUP));
        }
    }

    /** No reply: the kernel does not wait for a FORGET. */
    private void forget(long ino, long lookups) {
        try {
            answers.debug("FORGET", ino, " lookups=" + lookups);
            answers.vfs.forget(ino, lookups);
        } catch (Throwable t) {
            answers.log.error("FORGET ino=" + ino + ": " + t);
        }
    }

    /** A generated file's size may wait for a generation another request makes: the reply then comes from there. */
    void getattr(Request r) {
        long unique = r.unique;
        long ino = r.nodeId;
        Inode inode;
        CompletableFuture<Attributes> attributes;
        try {
            answers.deadlines.enter(unique, "GETATTR", ino, true);
            inode = answers.vfs.inode(ino);
            answers.debug("GETATTR", inode, "");
            Long handle = (r.intAt(GETATTR_IN_FLAGS) & GETATTR_FH) != 0 ? r.longAt(GETATTR_IN_FH) : null;
            attributes = answers.vfs.attributesLater(inode, handle, r.caller());
        } catch (Throwable t) {
            answers.fail(unique, "GETATTR " + answers.describe(ino), t);
            return;
        }
        if (attributes.isDone()) {
            replyAttributes(unique, inode, attributes, answers.deadlines.leave());
        } else {
            RequestDeadlines.Call waiting = answers.deadlines.detach();
            attributes.whenComplete((a, e) -> replyAttributes(unique, inode, attributes, answers.deadlines.finish(waiting)));
        }
    }

    private void replyAttributes(long unique, Inode inode, CompletableFuture<Attributes> attributes, boolean mine) {
        if (!mine) {
            return;
        }
        NativeBuffer out = Replies.small();
        try {
            AttrCodec.attrOut(out.bytes, Replies.PAYLOAD, attributes.join(), inode.cachePolicy().ttl());
        } catch (Throwable t) {
            answers.replyFailure(unique, "GETATTR " + inode.path(), t);
            return;
        }
        answers.replies.send(unique, out, ATTR_OUT_SIZE);
    }

    void setattr(Request r) {
        long unique = r.unique;
        long ino = r.nodeId;
        NativeBuffer out = Replies.small();
        try {
            answers.deadlines.enter(unique, "SETATTR", ino, true);
            Inode inode = answers.vfs.inode(ino);
            AttributeChanges changes = AttrCodec.changes(r);
            answers.debug("SETATTR", inode, " " + changes);
            Long handle = (r.intAt(SETATTR_IN_VALID) & FATTR_FH) != 0 ? r.longAt(SETATTR_IN_FH) : null;
            Attributes result = answers.vfs.setAttributes(ino, handle, changes, r.caller());
            AttrCodec.attrOut(out.bytes, Replies.PAYLOAD, result, inode.cachePolicy().ttl());
        } catch (Throwable t) {
            answers.fail(unique, "SETATTR " + answers.describe(ino), t);
            return;
        }
        answers.reply(unique, out, ATTR_OUT_SIZE);
    }

    void statfs(Request r) {
        NativeBuffer out = Replies.small();
        try {
            answers.debug("STATFS", r.nodeId, "");
            FsStats stats = answers.vfs.stats(r.nodeId);
            ByteBuffer b = out.bytes;
            int at = Replies.PAYLOAD;
            for (int i = 0; i < STATFS_OUT_SIZE; i += 8) {
                b.putLong(at + i, 0);
            }
            b.putLong(at + KSTATFS_BLOCKS, stats.blocks());
            b.putLong(at + KSTATFS_BFREE, stats.freeBlocks());
            b.putLong(at + KSTATFS_BAVAIL, stats.freeBlocks());
            b.putLong(at + KSTATFS_FILES, stats.files());
            b.putLong(at + KSTATFS_FFREE, stats.freeFiles());
            b.putInt(at + KSTATFS_BSIZE, (int) stats.blockSize());
            b.putInt(at + KSTATFS_NAMELEN, (int) stats.maxNameLength());
            b.putInt(at + KSTATFS_FRSIZE, (int) stats.blockSize());
        } catch (Throwable t) {
            answers.fail(r.unique, "STATFS", t);
            return;
        }
        answers.reply(r.unique, out, STATFS_OUT_SIZE);
    }
}
