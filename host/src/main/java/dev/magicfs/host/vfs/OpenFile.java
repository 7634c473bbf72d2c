package dev.magicfs.host.vfs;

import dev.magicfs.host.tree.Inode;

/**
 * One open(2) of a file until its release.
 *
 * @param handle the number the kernel hands back on each read and write
 * @param generated the bytes every read of this open sees, for a generated file; null otherwise
 * @param pending what a writer of a replaceable file has written so far; null for other opens
 * @param directIo whether this open bypasses the page cache
 * @param keepCache whether pages cached by earlier opens stay valid
 */
public record OpenFile(long handle, Inode inode, OpenMode mode, byte[] generated, PendingContent pending,
        boolean directIo, boolean keepCache) {}
