package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.FuseLayout.*;

import dev.magicfs.host.vfs.AttributeChanges;
import dev.magicfs.host.vfs.Attributes;
import java.time.Duration;
import java.time.Instant;
import jnr.ffi.Pointer;

/** Attributes to and from libfuse's struct stat, and times as it takes them. */
final class StatCodec {
    private StatCodec() {}

    /** What a SETATTR asks to change, from its struct stat and its to_set bits. */
    static AttributeChanges changes(Pointer attr, int toSet) {
        Instant now = (toSet & (SET_ATIME_NOW | SET_MTIME_NOW)) != 0 ? Instant.now() : null;
        return new AttributeChanges(
                (toSet & SET_SIZE) != 0 ? attr.getLong(ST_SIZE) : null,
                (toSet & SET_ATIME_NOW) != 0 ? now : (toSet & SET_ATIME) != 0 ? time(attr, ST_ATIM) : null,
                (toSet & SET_MTIME_NOW) != 0 ? now : (toSet & SET_MTIME) != 0 ? time(attr, ST_MTIM) : null,
                (toSet & SET_MODE) != 0 ? attr.getInt(ST_MODE) & 07777 : null,
                (toSet & SET_UID) != 0 ? attr.getInt(ST_UID) : null,
                (toSet & SET_GID) != 0 ? attr.getInt(ST_GID) : null);
    }

    /** Fills {@code stat} with {@code a}. */
    static void encode(Attributes a, Pointer stat) {
        for (int i = 0; i < STAT_SIZE; i += 8) {
            stat.putLong(i, 0);
        }
        stat.putLong(ST_INO, a.inode());
        stat.putLong(ST_NLINK, a.links());
        stat.putInt(ST_MODE, (a.directory() ? S_IFDIR : S_IFREG) | a.permissions());
        stat.putInt(ST_UID, a.uid());
        stat.putInt(ST_GID, a.gid());
        stat.putLong(ST_SIZE, a.size());
        stat.putLong(ST_BLKSIZE, 4096);
        stat.putLong(ST_BLOCKS, (a.size() + 511) / 512);
        putTime(stat, ST_ATIM, a.accessed());
        putTime(stat, ST_MTIM, a.modified());
        putTime(stat, ST_CTIM, a.changed());
    }

    private static void putTime(Pointer stat, int offset, Instant time) {
        stat.putLong(offset, time.getEpochSecond());
        stat.putLong(offset + 8, time.getNano());
    }

    private static Instant time(Pointer stat, int offset) {
        return Instant.ofEpochSecond(stat.getLong(offset), stat.getLong(offset + 8));
    }

    /** A ttl as libfuse takes it: seconds, as a double. */
    static double seconds(Duration ttl) {
        return ttl.toNanos() / 1e9;
    }
}
