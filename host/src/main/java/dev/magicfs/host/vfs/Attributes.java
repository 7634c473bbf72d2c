package dev.magicfs.host.vfs;

import java.time.Instant;

/** What stat(2) shows for one inode. */
public record Attributes(
        long inode,
        boolean directory,
        int permissions,
        long links,
        long size,
        int uid,
        int gid,
        Instant accessed,
        Instant modified,
        Instant changed) {}
