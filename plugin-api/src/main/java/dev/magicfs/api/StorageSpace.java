package dev.magicfs.api;

/**
 * What the storage under a node holds and has left, for statfs(2) of a name in its tree ({@code df} of a
 * folder in the mount). A node that is not one answers with the mount's memory budget and inode room.
 */
public interface StorageSpace {
    /**
     * @param totalBytes the storage's size, or -1 for the mount's memory budget
     * @param freeBytes what is left of it, or -1 as for {@code totalBytes}
     * @param files the names the tree may hold in all
     * @param freeFiles the names it may still take
     */
    record Space(long totalBytes, long freeBytes, long files, long freeFiles) {}

    Space space() throws FsException;
}
