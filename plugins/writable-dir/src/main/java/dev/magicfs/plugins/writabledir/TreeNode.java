package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.StorageSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every node of a {@link DirTree} keeps: its number in the store, its metadata and how many names it
 * has. Node objects are not equal to each other by value: the host tells nodes apart by identity.
 */
abstract class TreeNode implements MutableNode, StorageSpace, AutoCloseable {
    final DirTree tree;
    final long id;
    private volatile Metadata metadata;
    /** Names in the tree; changed under the tree's lock. */
    volatile long names = 1;
    /**
     * Extended attributes in the order first set, null while there are none. Replaced whole under the tree's
     * lock, so a reader needs none.
     */
    private volatile Map<String, byte[]> xattrs;

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
    public byte[] xattr(String name) {
        Map<String, byte[]> current = xattrs;
        return current == null ? null : current.get(name);
    }

    @Override
    public List<String> xattrNames() {
        Map<String, byte[]> current = xattrs;
        return current == null ? List.of() : List.copyOf(current.keySet());
    }

    /** A tree in memory counts attributes against the mount's memory_limit; a persisted one keeps them in its store. */
    @Override
    public void xattr(String name, byte[] value) throws FsException {
        synchronized (tree.lock) {
            Map<String, byte[]> changed = xattrs == null ? new LinkedHashMap<>() : new LinkedHashMap<>(xattrs);
            byte[] old = value == null ? changed.remove(name) : changed.put(name, value);
            long growth = footprint(name, value) - footprint(name, old);
            boolean counted = tree.dataFolder() == null;
            if (counted && growth > 0) {
                tree.budget.reserve(growth);
            }
            try {
                tree.journal().xattrChanged(this, name, value);
            } catch (FsException e) {
                if (counted && growth > 0) {
                    tree.budget.release(growth);
                }
                throw e;
            }
            if (counted && growth < 0) {
                tree.budget.release(-growth);
            }
            xattrs = changed.isEmpty() ? null : changed;
        }
    }

    /** The from: folder's file a regular file still shows, or null. */
    Origin origin() {
        return null;
    }

    /** An attribute read from the store at load. */
    void keepXattr(String name, byte[] value) {
        Map<String, byte[]> changed = xattrs == null ? new LinkedHashMap<>() : xattrs;
        changed.put(name, value);
        xattrs = changed;
    }

    private static long footprint(String name, byte[] value) {
        return value == null ? 0 : name.length() + value.length;
    }

    /** df in the tree: its max_files, and for a persisted tree the disk under its store. */
    @Override
    public Space space() throws FsException {
        return tree.space();
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
            Map<String, byte[]> gone = xattrs;
            if (gone != null && tree.dataFolder() == null) {
                gone.forEach((name, value) -> tree.budget.release(footprint(name, value)));
            }
            xattrs = null;
        }
    }
}
