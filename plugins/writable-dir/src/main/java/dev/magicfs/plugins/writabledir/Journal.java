package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;

/**
 * Where a tree writes down each change of its names and metadata, called under the tree's lock once the change
 * is decided and before it shows: a persisted tree's {@link SqliteStore}, or {@link #NONE} for a tree in memory.
 * A change the journal refuses (a full disk) fails its request and changes nothing.
 */
interface Journal {
    /** A new node named {@code name} in {@code parent}. */
    void created(TreeDirectory parent, String name, TreeNode node) throws FsException;

    void linked(TreeDirectory parent, String name, TreeNode node) throws FsException;

    /** {@code parent}'s name {@code name} goes; {@code node} keeps {@code node.names - 1} names. */
    void removed(TreeDirectory parent, String name, TreeNode node) throws FsException;

    /** {@code name} of {@code from} moved to {@code newName} of {@code to}; {@code replaced} lost that name. */
    void renamed(TreeDirectory from, String name, TreeDirectory to, String newName, TreeNode moving, TreeNode replaced,
            boolean exchange) throws FsException;

    void metadataChanged(TreeNode node, Metadata metadata) throws FsException;

    /** A file of a from: folder now holds its own copy of the bytes. */
    void contentOwned(TreeNode node) throws FsException;

    /** {@code node}'s extended attribute {@code name} is now {@code value}, or gone for null. */
    void xattrChanged(TreeNode node, String name, byte[] value) throws FsException;

    /** The host is done with a node that has no name left: its row and data go. */
    void dropped(TreeNode node);

    /** Makes every change so far durable (fsync of a file or a directory). */
    void sync() throws FsException;

    /** The mount ends. */
    default void close() {}

    Journal NONE = new Journal() {
        public void created(TreeDirectory parent, String name, TreeNode node) {}

        public void linked(TreeDirectory parent, String name, TreeNode node) {}

        public void removed(TreeDirectory parent, String name, TreeNode node) {}

        public void renamed(TreeDirectory from, String name, TreeDirectory to, String newName, TreeNode moving,
                TreeNode replaced, boolean exchange) {}

        public void metadataChanged(TreeNode node, Metadata metadata) {}

        public void xattrChanged(TreeNode node, String name, byte[] value) {}

        public void contentOwned(TreeNode node) {}

        public void dropped(TreeNode node) {}

        public void sync() {}
    };
}
