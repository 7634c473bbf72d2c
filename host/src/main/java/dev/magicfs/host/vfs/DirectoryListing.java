package dev.magicfs.host.vfs;

import java.util.List;

/**
 * The entries of one opendir(3), fixed at open so readdir offsets stay consistent while the directory
 * changes. Offset {@code i} continues after entry {@code i - 1}.
 *
 * @param fixed whether the directory never changes (one made from mount.yaml), so every opendir of it gets
 *     these same entries and a reader may keep derived forms of them
 */
public record DirectoryListing(long handle, List<Entry> entries, boolean fixed) {

    /** One name; {@code inode} is {@link Vfs#UNKNOWN_INODE} for a child the kernel has not looked up yet. */
    public record Entry(String name, long inode, boolean directory) {}
}
