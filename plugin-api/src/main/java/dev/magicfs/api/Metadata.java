package dev.magicfs.api;

import java.time.Instant;

/**
 * What stat(2) shows of a node in a changeable tree besides its size and link count: the host decides every
 * value (a new file's owner, a chmod's bits, the times each operation touches) and the node keeps it.
 *
 * @param mode the permission bits with setuid, setgid and sticky (07777)
 * @param rdev the device number of a character or block device node, else 0
 */
public record Metadata(FileType type, int mode, int uid, int gid, long rdev, Instant accessed, Instant modified, Instant changed) {
    public Metadata {
        mode &= 07777;
    }

    public Metadata withMode(int bits, Instant now) {
        return new Metadata(type, bits, uid, gid, rdev, accessed, modified, now);
    }

    public Metadata withOwner(int newUid, int newGid, Instant now) {
        return new Metadata(type, mode, newUid, newGid, rdev, accessed, modified, now);
    }

    public Metadata withTimes(Instant newAccessed, Instant newModified, Instant now) {
        return new Metadata(type, mode, uid, gid, rdev, newAccessed, newModified, now);
    }

    /** Content or entries changed: mtime and ctime are {@code now}. */
    public Metadata modifiedAt(Instant now) {
        return new Metadata(type, mode, uid, gid, rdev, accessed, now, now);
    }

    /** Only the inode changed (a link, a rename): ctime is {@code now}. */
    public Metadata changedAt(Instant now) {
        return new Metadata(type, mode, uid, gid, rdev, accessed, modified, now);
    }
}
