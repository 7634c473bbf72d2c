package dev.magicfs.host.vfs;

/**
 * What an open(2) asks for, decoded from its flags.
 *
 * @param truncate O_TRUNC: a writer starts from empty content
 */
public record OpenMode(boolean read, boolean write, boolean append, boolean truncate) {}
