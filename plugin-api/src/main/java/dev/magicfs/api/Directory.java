package dev.magicfs.api;

import java.util.List;
/**
 * A directory whose children the node knows, listed and looked up on demand: a plugin's directory can hold
 * computed entries (rows of a table, results of a script) and sit anywhere in the tree. The host assigns each
 * child an inode number the first time the kernel looks it up, and keeps it for that name while the kernel
 * remembers it, even when the child's node object or attributes change; a name that is no longer there gives
 * ENOENT. Directories made from paths in mount.yaml implement this too.
 */
public interface Directory extends Node {

    /** The child called {@code name}, or null when there is none: the caller sees ENOENT. */
    Node child(String name, Caller caller) throws FsException;

    /**
     * Every child, as a snapshot that does not change afterwards: the host reads it by index for each readdir
     * of one opendir, so offsets stay right while the directory changes, and holds it (never a copy) until the
     * closedir. Keep it in the order it should be listed; a plugin may hand out the same snapshot again while
     * it is fresh.
     *
     * <p>A directory too large to hold may instead return a list it fills as it is read: one whose
     * {@code size()} is {@link Integer#MAX_VALUE} until its end is known and whose {@code get} returns null past
     * its last entry. The host reads it in index order, asking again for an index only after a seekdir.
     */
    List<Entry> children(Caller caller) throws FsException;

    /** One child of a directory. */
    record Entry(String name, Node node) {}
}
