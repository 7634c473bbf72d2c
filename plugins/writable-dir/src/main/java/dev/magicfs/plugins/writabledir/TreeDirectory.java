package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableDirectory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.api.Syncable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory of a {@link DirTree}. Its names are listed in the order they were made; every change takes the
 * tree's lock and is written to the tree's journal before it shows, so each is atomic against every other
 * change in the tree, and a persisted tree never shows a change it did not write down.
 */
final class TreeDirectory extends TreeNode implements MutableDirectory, Syncable {
    private final Map<String, TreeNode> entries = new LinkedHashMap<>();
    private long subdirectories;

    TreeDirectory(DirTree tree, long id, Metadata metadata) {
        super(tree, id, metadata);
    }

    @Override
    public long links() {
        loadQuietly();
        return names == 0 ? 0 : 2 + subdirectories;
    }

    /** A stat of the tree's root may come before any lookup: it must show the stored tree too. */
    @Override
    public Metadata metadata() {
        loadQuietly();
        return super.metadata();
    }

    /** Asked while mount.yaml is assembled, also by {@code magicfs check}: never opens the store. */
    @Override
    public int mode() {
        return super.metadata().mode();
    }

    @Override
    public java.time.Instant lastModified() {
        return super.metadata().modified();
    }

    private void loadQuietly() {
        if (id == ROOT_ID) {
            synchronized (tree.lock) {
                try {
                    tree.ready();
                } catch (FsException e) {
                    // logged by ready(); the lookup that follows reports it
                }
            }
        }
    }

    @Override
    public Node child(String name, Caller caller) throws FsException {
        synchronized (tree.lock) {
            tree.ready();
            return entries.get(name);
        }
    }

    @Override
    public List<Entry> children(Caller caller) throws FsException {
        synchronized (tree.lock) {
            tree.ready();
            List<Entry> list = new ArrayList<>(entries.size());
            entries.forEach((name, node) -> list.add(new Entry(name, node)));
            return list;
        }
    }

    @Override
    public boolean isEmpty() {
        synchronized (tree.lock) { // asked only after a lookup, which loaded the store
            return entries.isEmpty();
        }
    }

    @Override
    public MutableNode create(String name, Metadata metadata, String linkTarget, Caller caller) throws FsException {
        return create(name, metadata, linkTarget, (Origin) null);
    }

    /** A new name and node; {@code origin}, for a copy of a from: folder's file, is what it shows until changed. */
    TreeNode create(String name, Metadata metadata, String linkTarget, Origin origin) throws FsException {
        synchronized (tree.lock) {
            tree.ready();
            checkFree(name);
            long id = tree.admitOne();
            try {
                TreeNode node = tree.newNode(id, metadata, linkTarget, origin);
                tree.journal().created(this, name, node);
                put(name, node);
                return node;
            } catch (FsException | RuntimeException e) {
                tree.releaseOne();
                throw e;
            }
        }
    }

    @Override
    public void link(String name, MutableNode existing, Caller caller) throws FsException {
        if (!(existing instanceof TreeNode node) || node.tree != tree) {
            throw new FsException(Errno.EXDEV, "a link within one writable-dir only");
        }
        synchronized (tree.lock) {
            tree.ready();
            if (node.names == 0) {
                throw new FsException(Errno.ENOENT, "the file was removed");
            }
            checkFree(name);
            tree.journal().linked(this, name, node);
            entries.put(name, node);
            node.names++;
        }
    }

    @Override
    public void remove(String name, Caller caller) throws FsException {
        synchronized (tree.lock) {
            tree.ready();
            TreeNode node = entries.get(name);
            if (node == null) {
                throw new FsException(Errno.ENOENT, "no such file: " + name);
            }
            if (node instanceof TreeDirectory directory && !directory.entries.isEmpty()) {
                throw new FsException(Errno.ENOTEMPTY, "'" + name + "' is not empty");
            }
            tree.journal().removed(this, name, node);
            take(name);
        }
    }

    @Override
    public void rename(String name, MutableDirectory target, String newName, boolean exchange, Caller caller) throws FsException {
        if (!(target instanceof TreeDirectory to) || to.tree != tree) {
            throw new FsException(Errno.EXDEV, "a rename within one writable-dir only");
        }
        synchronized (tree.lock) {
            tree.ready();
            TreeNode moving = entries.get(name);
            if (moving == null) {
                throw new FsException(Errno.ENOENT, "no such file: " + name);
            }
            TreeNode replaced = to.entries.get(newName);
            if (exchange && replaced == null) {
                throw new FsException(Errno.ENOENT, "no such file: " + newName);
            }
            if (!exchange && replaced instanceof TreeDirectory directory && !directory.entries.isEmpty()) {
                throw new FsException(Errno.ENOTEMPTY, "'" + newName + "' is not empty");
            }
            tree.journal().renamed(this, name, to, newName, moving, replaced, exchange);
            moving.names++; // first, so that no count touches 0 on the way
            if (exchange) {
                replaced.names++;
                take(name);
                to.take(newName);
                to.put(newName, moving);
                put(name, replaced);
                return;
            }
            if (replaced != null) {
                to.take(newName);
            }
            take(name);
            to.put(newName, moving);
        }
    }

    /** fsync of the directory: every change of the tree so far is durable. */
    @Override
    public void sync(Caller caller) throws FsException {
        tree.journal().sync();
    }

    @Override
    public void close() {
        super.close();
        if (id == ROOT_ID) {
            tree.close();
        }
    }

    private void checkFree(String name) throws FsException {
        if (entries.containsKey(name)) {
            throw new FsException(Errno.EEXIST, "'" + name + "' exists");
        }
    }

    /** Adds a name for a node whose name count already says so: for loading a store, and under the tree's lock. */
    void put(String name, TreeNode node) {
        entries.put(name, node);
        if (node instanceof TreeDirectory) {
            subdirectories++;
        }
    }

    /** Removes a name and counts it off its node. Under the tree's lock. */
    private void take(String name) {
        TreeNode node = entries.remove(name);
        if (node instanceof TreeDirectory) {
            subdirectories--;
        }
        if (--node.names == 0) {
            tree.releaseOne();
        }
    }

    static final long ROOT_ID = 1;
}
