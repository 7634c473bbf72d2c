package dev.magicfs.api;

/**
 * The process on whose behalf a request arrives, as the kernel reports it.
 *
 * @param uid the caller's user id
 * @param gid the caller's group id
 * @param pid the caller's process id (0 when the kernel acts on its own, for example on writeback)
 */
public record Caller(int uid, int gid, int pid) {}
