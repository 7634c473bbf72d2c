package dev.magicfs.api;

/**
 * A directory of a changeable tree. Each method changes the tree atomically, as one step other requests
 * see whole, and fails with the errno a local filesystem gives when the tree does not allow it at that
 * moment (EEXIST, ENOENT, ENOTEMPTY, ENOSPC). Checks of the caller's rights and of the names' types, and the
 * times, are the host's; the directory's own mtime is set by the host too.
 */
public interface MutableDirectory extends Directory, MutableNode {
    /**
     * Adds a new node under {@code name}, which must be free (EEXIST otherwise).
     *
     * @param linkTarget a symbolic link's target when {@code metadata.type()} is SYMLINK, else null
     */
    MutableNode create(String name, Metadata metadata, String linkTarget, Caller caller) throws FsException;

    /** Gives {@code existing}, a node of this tree that is no directory, the further name {@code name}. */
    void link(String name, MutableNode existing, Caller caller) throws FsException;

    /**
     * Removes the name {@code name}; a directory must be empty (ENOTEMPTY). The node lives on for whoever
     * still holds it, with one link fewer: an open file stays readable and writable until its last close.
     */
    void remove(String name, Caller caller) throws FsException;

    /**
     * Moves {@code name} to {@code newName} in {@code target}, a directory of the same tree, replacing what
     * {@code newName} named (the host checked that it may: no directory over a file, none over a non-empty
     * directory); with {@code exchange}, the two names swap their nodes.
     */
    void rename(String name, MutableDirectory target, String newName, boolean exchange, Caller caller) throws FsException;

    /** Whether no name is left in this directory. */
    boolean isEmpty();
}
