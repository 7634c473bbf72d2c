package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.host.vfs.AttributeChanges;
import dev.magicfs.host.vfs.Attributes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/** Attributes to the kernel's struct fuse_attr and its entry and attribute replies, and SETATTR's changes back. */
final class AttrCodec {
    private AttrCodec() {}

    /** What a SETATTR asks to change. */
    static AttributeChanges changes(Request request) {
        int valid = request.intAt(SETATTR_IN_VALID);
        Instant now = (valid & (FATTR_ATIME_NOW | FATTR_MTIME_NOW)) != 0 ? Instant.now() : null;
        return new AttributeChanges(
                (valid & FATTR_SIZE) != 0 ? request.longAt(SETATTR_IN_SIZE) : null,
                (valid & FATTR_ATIME_NOW) != 0 ? now
                        : (valid & FATTR_ATIME) != 0 ? time(request, SETATTR_IN_ATIME, SETATTR_IN_ATIMENSEC) : null,
                (valid & FATTR_MTIME_NOW) != 0 ? now
                        : (valid & FATTR_MTIME) != 0 ? time(request, SETATTR_IN_MTIME, SETATTR_IN_MTIMENSEC) : null,
                (valid & FATTR_MODE) != 0 ? request.intAt(SETATTR_IN_MODE) & 07777 : null,
                (valid & FATTR_UID) != 0 ? request.intAt(SETATTR_IN_UID) : null,
                (valid & FATTR_GID) != 0 ? request.intAt(SETATTR_IN_GID) : null,
                (valid & FATTR_KILL_SUIDGID) != 0);
    }

    /** A fuse_attr_out at {@code at}; returns its size. */
    static int attrOut(ByteBuffer out, int at, Attributes a, Duration ttl) {
        out.putLong(at + ATTR_OUT_VALID, ttl.getSeconds());
        out.putInt(at + ATTR_OUT_VALID_NSEC, ttl.getNano());
        out.putInt(at + ATTR_OUT_VALID_NSEC + 4, 0);
        attr(out, at + ATTR_OUT_ATTR, a);
        return ATTR_OUT_SIZE;
    }

    /** A fuse_entry_out at {@code at} for inode {@code nodeId} (0: attributes only, no lookup counted); returns its size. */
    static int entryOut(ByteBuffer out, int at, long nodeId, Attributes a, Duration ttl) {
        out.putLong(at + ENTRY_NODEID, nodeId);
        out.putLong(at + ENTRY_GENERATION, 0);
        out.putLong(at + ENTRY_VALID, ttl.getSeconds());
        out.putLong(at + ENTRY_ATTR_VALID, ttl.getSeconds());
        out.putInt(at + ENTRY_VALID_NSEC, ttl.getNano());
        out.putInt(at + ENTRY_ATTR_VALID_NSEC, ttl.getNano());
        attr(out, at + ENTRY_ATTR, a);
        return ENTRY_OUT_SIZE;
    }

    /** An entry_out that tells the kernel nothing but to look the name up itself (nodeid 0, READDIRPLUS). */
    static int emptyEntryOut(ByteBuffer out, int at) {
        for (int i = 0; i < ENTRY_OUT_SIZE; i += 8) {
            out.putLong(at + i, 0);
        }
        return ENTRY_OUT_SIZE;
    }

    /** A LOOKUP's answer that the name is missing, which the kernel may remember for {@code ttl}. */
    static int negativeEntryOut(ByteBuffer out, int at, Duration ttl) {
        emptyEntryOut(out, at);
        out.putLong(at + ENTRY_VALID, ttl.getSeconds());
        out.putInt(at + ENTRY_VALID_NSEC, ttl.getNano());
        return ENTRY_OUT_SIZE;
    }

    private static void attr(ByteBuffer out, int at, Attributes a) {
        out.putLong(at + ATTR_INO, a.inode());
        out.putLong(at + ATTR_SIZE_FIELD, a.size());
        out.putLong(at + ATTR_BLOCKS, (a.size() + 511) / 512);
        putTime(out, at + ATTR_ATIME, at + ATTR_ATIMENSEC, a.accessed());
        putTime(out, at + ATTR_MTIME, at + ATTR_MTIMENSEC, a.modified());
        putTime(out, at + ATTR_CTIME, at + ATTR_CTIMENSEC, a.changed());
        out.putInt(at + ATTR_MODE, a.type() | a.permissions());
        out.putInt(at + ATTR_NLINK, (int) Math.min(a.links(), Integer.MAX_VALUE));
        out.putInt(at + ATTR_UID, a.uid());
        out.putInt(at + ATTR_GID, a.gid());
        out.putInt(at + ATTR_GID + 4, (int) a.rdev());
        out.putInt(at + ATTR_BLKSIZE, 4096);
        out.putInt(at + ATTR_BLKSIZE + 4, 0); // flags
    }

    private static void putTime(ByteBuffer out, int seconds, int nanos, Instant time) {
        out.putLong(seconds, time.getEpochSecond());
        out.putInt(nanos, time.getNano());
    }

    private static Instant time(Request request, int seconds, int nanos) {
        return Instant.ofEpochSecond(request.longAt(seconds), Integer.toUnsignedLong(request.intAt(nanos)));
    }
}
