package dev.magicfs.api;

/**
 * A directory whose children the node knows, listed and looked up on demand. The host assigns each child an
 * inode number the first time the kernel looks it up and keeps it while the kernel remembers the name.
 * Directories made from paths in mount.yaml implement this too.
 */
public interface Directory extends Node {

    /** The child called {@code name}, or null when there is none: the caller sees ENOENT. */
    Node child(String name, Caller caller) throws FsException;

    /** Every child, in an order that stays the same while the children do. */
    Iterable<Entry> children(Caller caller) throws FsException;

    /** One child of a directory. */
    record Entry(String name, Node node) {}
}
