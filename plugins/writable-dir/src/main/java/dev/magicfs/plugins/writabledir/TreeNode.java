package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableNode;

/**
 * What every node of a {@link DirTree} keeps: its number in the store, its metadata and how many names it
 * has. Node objects are not equal to each other by value: the host tells nodes apart by identity.
 */
abstract class TreeNode implements MutableNode, AutoCloseable {
    final DirTree tree;
    final long id;
    private volatile Metadata metadata;
    /** Names in the tree; changed under the tree's lock. */
    volatile long names = 1;

    TreeNode(DirTree tree, long id, Metadata metadata) {
        this.tree = tree;
        this.id = id;
        this.metadata = metadata;
    }

    @Override
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public void metadata(Metadata changed) throws FsException {
        synchronized (tree.lock) {
            tree.journal().metadataChanged(this, changed);
            metadata = changed;
        }
    }

    /** For subclasses whose content keeps part of the metadata (a data file's mtime). */
    void keep(Metadata changed) {
        metadata = changed;
    }

    @Override
    public long links() {
        return names;
    }

    /**
     * The host is done with this node: at unmount, or once it has no name and no open handle (then its row and
     * content go).
     */
    @Override
    public void close() {
        if (names == 0) {
            tree.journal().dropped(this);
        }
    }
}
