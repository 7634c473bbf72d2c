package dev.magicfs.host.vfs;

/** What an open(2) asks for, decoded from its flags. */
public record OpenMode(boolean read, boolean write, boolean append) {}
