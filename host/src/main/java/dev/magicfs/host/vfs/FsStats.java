package dev.magicfs.host.vfs;

/** What statfs(2) (and so df) shows, in blocks of {@link #blockSize} bytes. */
public record FsStats(long blockSize, long blocks, long freeBlocks, long files, long freeFiles, long maxNameLength) {}
