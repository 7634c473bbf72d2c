package dev.magicfs.host.vfs;

import dev.magicfs.api.FsException;
import dev.magicfs.api.StorageSpace;
import dev.magicfs.host.memory.MemoryAccount;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;

/** What statfs(2), and so df, reports: the mount's memory, or the storage of the tree a file is in. */
final class SpaceReport {
    /** The free inodes reported: numbers are 64-bit, so only memory bounds them; 2^32 is what df shows. */
    private static final long INODE_ROOM = 1L << 32;

    private SpaceReport() {}

    /**
     * Space as df shows it: the size is the mount's memory_limit, the space used what writable files and
     * writers' buffers hold. Inodes are numbered without a limit: df -i shows the tree's and
     * {@link #INODE_ROOM} free.
     */
    static FsStats ofMount(InodeTable table, MemoryAccount memory) {
        long blocks = memory.limit() / Vfs.BLOCK_SIZE;
        long usedBlocks = Math.min(blocks, (memory.used() + Vfs.BLOCK_SIZE - 1) / Vfs.BLOCK_SIZE);
        long used = table.all().size();
        return new FsStats(Vfs.BLOCK_SIZE, blocks, blocks - usedBlocks, used + INODE_ROOM, INODE_ROOM, Vfs.MAX_NAME_BYTES);
    }

    /**
     * Space of inode {@code number}: the storage of the tree it is in where that tree says
     * ({@link StorageSpace}, a persisted writable-dir's disk and max_files), else the mount's.
     */
    static FsStats of(InodeTable table, MemoryAccount memory, long number) throws FsException {
        FsStats mount = ofMount(table, memory);
        Inode inode = table.get(number);
        while (inode != null && !(inode.node() instanceof StorageSpace)) {
            inode = inode.parent();
        }
        if (inode == null) {
            return mount;
        }
        StorageSpace.Space space = ((StorageSpace) inode.node()).space();
        boolean ownBytes = space.totalBytes() >= 0;
        return new FsStats(Vfs.BLOCK_SIZE, ownBytes ? space.totalBytes() / Vfs.BLOCK_SIZE : mount.blocks(),
                ownBytes ? space.freeBytes() / Vfs.BLOCK_SIZE : mount.freeBlocks(), space.files(), space.freeFiles(), Vfs.MAX_NAME_BYTES);
    }
}
