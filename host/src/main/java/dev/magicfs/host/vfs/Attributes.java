package dev.magicfs.host.vfs;

import java.time.Instant;

/**
 * What stat(2) shows for one inode.
 *
 * @param type the S_IFMT bits of st_mode (0100000 for a regular file)
 * @param rdev the device number of a device node, else 0
 */
public record Attributes(
        long inode,
        int type,
        int permissions,
        long links,
        long size,
        int uid,
        int gid,
        long rdev,
        Instant accessed,
        Instant modified,
        Instant changed) {
    public static final int DIRECTORY = 0040000;
    public static final int REGULAR = 0100000;

    public boolean directory() {
        return type == DIRECTORY;
    }
}
