package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.log.MountLog.Level;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.vfs.DirectoryListing;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open directories: OPENDIR, READDIR, READDIRPLUS, RELEASEDIR, FSYNCDIR. */
final class DirectoryRequests {
    private final Answers answers;
    /** The open directories, by handle: each listing with its READDIR encoding. */
    private final Map<Long, OpenDirectory> open = new ConcurrentHashMap<>();

    private record OpenDirectory(DirectoryListing listing, ReaddirSource entries) {}

    DirectoryRequests(Answers answers) {
        this.answers = answers;
    }

    void opendir(Request r) {
        long unique = r.unique;
        long handle;
        try {
            answers.debug("OPENDIR", r.nodeId, "");
            answers.deadlines.enter(unique, "OPENDIR", r.nodeId, true);
            DirectoryListing listing = answers.vfs.openDirectory(r.nodeId, r.caller());
            // A directory from mount.yaml is encoded once; a plugin's, entry by entry as readdir asks.
            ReaddirSource entries = listing.fixed() != null
                    ? listing.fixed().derived(Dirents.class, () -> Dirents.encode(listing.entries()))
                    : Dirents.streamed(listing.entries());
            handle = listing.handle();
            open.put(handle, new OpenDirectory(listing, entries));
        } catch (Throwable t) {
            answers.fail(unique, "OPENDIR " + answers.describe(r.nodeId), t);
            return;
        }
        NativeBuffer out = Replies.small();
        out.bytes.putLong(Replies.PAYLOAD + OPEN_OUT_FH, handle).putLong(Replies.PAYLOAD + OPEN_OUT_FLAGS, 0);
        if (!answers.deadlines.leave() || !answers.replies.send(unique, out, OPEN_OUT_SIZE)) {
            open.remove(handle);
        }
    }

    /** READDIR and READDIRPLUS fill the reply with the entries from the offset on that fit; entry i's offset is i + 1. */
    void readdir(Request r, boolean plus) {
        long unique = r.unique;
        long offset = r.longAt(READ_IN_OFFSET);
        int size = Math.min(r.intAt(READ_IN_SIZE), r.buffer.capacity() - Replies.PAYLOAD);
        int used;
        try {
            if (answers.log.isOn(Level.INFO)) { // READDIRPLUS is the READDIR it is to a user, in the original format
                answers.log.request("READDIR", "ino=" + r.nodeId, 0, offset > 0 ? " offset=" + offset : "");
            }
            OpenDirectory directory = open.get(r.longAt(READ_IN_FH));
            if (directory == null) {
                throw new FsException(Errno.EIO, "unknown directory handle " + r.longAt(READ_IN_FH));
            }
            ByteBuffer out = r.buffer.bytes;
            if (plus) {
                Caller caller = r.caller();
                used = Dirents.plus(directory.listing().entries(), offset, size, out, Replies.PAYLOAD,
                        (buffer, at, entry) -> entryOut(directory.listing(), entry, buffer, at, caller));
            } else {
                used = directory.entries().copy(offset, size, out.slice(Replies.PAYLOAD, size));
            }
        } catch (Throwable t) {
            answers.fail(unique, (plus ? "READDIRPLUS " : "READDIR ") + answers.describe(r.nodeId), t);
            return;
        }
        answers.replies.send(unique, r.buffer, used);
    }

    /**
     * One READDIRPLUS entry's attributes, counted as a lookup, or nodeid 0 where {@code Vfs#lookUpListed} leaves
     * the name to the kernel's own LOOKUP: the dirent still shows the inode number known so far.
     */
    private long entryOut(DirectoryListing listing, DirectoryListing.Entry entry, ByteBuffer out, int at, Caller caller) {
        Inode inode = answers.vfs.lookUpListed(listing, entry);
        if (inode == null) {
            AttrCodec.emptyEntryOut(out, at);
            return entry.inode();
        }
        try {
            AttrCodec.entryOut(out, at, inode.number(), answers.vfs.attributesForLookup(inode, caller), inode.cachePolicy().ttl());
        } catch (RuntimeException e) { // this name's plugin failed: its LOOKUP will report it
            answers.vfs.forget(inode.number(), 1);
            AttrCodec.emptyEntryOut(out, at);
        }
        return inode.number();
    }

    void releasedir(Request r) {
        answers.debug("RELEASEDIR", r.nodeId, "");
        open.remove(r.longAt(RELEASE_IN_FH));
        answers.replies.error(r.unique, 0);
    }

    void fsyncdir(Request r) {
        answers.settle(r, "FSYNCDIR", answers.describe(r.nodeId), "", false,
                () -> answers.vfs.namespace().fsyncDirectory(r.nodeId, r.caller()));
    }
}
