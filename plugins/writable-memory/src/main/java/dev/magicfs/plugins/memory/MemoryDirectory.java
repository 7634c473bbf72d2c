package dev.magicfs.plugins.memory;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableDirectory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory of a {@link MemoryTree}. Its names are listed in the order they were made; every change takes
 * the tree's lock, so each is atomic against every other change in the tree.
 */
final class MemoryDirectory extends MemoryNode implements MutableDirectory {
    private final Map<String, MemoryNode> entries = new LinkedHashMap<>();
    private long subdirectories;

    MemoryDirectory(MemoryTree tree, Metadata metadata) {
        super(tree, metadata);
    }

    @Override
    public long links() {
        return names == 0 ? 0 : 2 + subdirectories;
    }

    @Override
    public Node child(String name, Caller caller) {
        synchronized (tree.lock) {
            return entries.get(name);
        }
    }

    @Override
    public List<Entry> children(Caller caller) {
        synchronized (tree.lock) {
            List<Entry> list = new ArrayList<>(entries.size());
            entries.forEach((name, node) -> list.add(new Entry(name, node)));
            return list;
        }
    }

    @Override
    public boolean isEmpty() {
        synchronized (tree.lock) {
            return entries.isEmpty();
        }
    }

    @Override
    public MutableNode create(String name, Metadata metadata, String linkTarget, Caller caller) throws FsException {
        synchronized (tree.lock) {
            checkFree(name);
            tree.admitOne();
            MemoryNode node;
            try {
                node = switch (metadata.type()) {
                    case DIRECTORY -> new MemoryDirectory(tree, metadata);
                    case REGULAR -> new MemoryRegularFile(tree, metadata);
                    default -> new MemoryLeaf(tree, metadata, linkTarget);
                };
            } catch (FsException e) {
                tree.releaseOne();
                throw e;
            }
            put(name, node);
            return node;
        }
    }

    @Override
    public void link(String name, MutableNode existing, Caller caller) throws FsException {
        if (!(existing instanceof MemoryNode node) || node.tree != tree) {
            throw new FsException(Errno.EXDEV, "a link within one writable-dir only");
        }
        synchronized (tree.lock) {
            if (node.names == 0) {
                throw new FsException(Errno.ENOENT, "the file was removed");
            }
            checkFree(name);
            entries.put(name, node);
            node.names++;
        }
    }

    @Override
    public void remove(String name, Caller caller) throws FsException {
        synchronized (tree.lock) {
            MemoryNode node = entries.get(name);
            if (node == null) {
                throw new FsException(Errno.ENOENT, "no such file: " + name);
            }
            if (node instanceof MemoryDirectory directory && !directory.entries.isEmpty()) {
                throw new FsException(Errno.ENOTEMPTY, "'" + name + "' is not empty");
            }
            take(name);
        }
    }

    @Override
    public void rename(String name, MutableDirectory target, String newName, boolean exchange, Caller caller) throws FsException {
        if (!(target instanceof MemoryDirectory to) || to.tree != tree) {
            throw new FsException(Errno.EXDEV, "a rename within one writable-dir only");
        }
        synchronized (tree.lock) {
            MemoryNode moving = entries.get(name);
            if (moving == null) {
                throw new FsException(Errno.ENOENT, "no such file: " + name);
            }
            MemoryNode replaced = to.entries.get(newName);
            if (exchange) {
                if (replaced == null) {
                    throw new FsException(Errno.ENOENT, "no such file: " + newName);
                }
                moving.names++; // first, so that no count touches 0 on the way
                replaced.names++;
                take(name);
                to.take(newName);
                to.put(newName, moving);
                put(name, replaced);
                return;
            }
            if (replaced instanceof MemoryDirectory directory && !directory.entries.isEmpty()) {
                throw new FsException(Errno.ENOTEMPTY, "'" + newName + "' is not empty");
            }
            if (replaced != null) {
                to.take(newName);
            }
            moving.names++;
            take(name);
            to.put(newName, moving);
        }
    }

    private void checkFree(String name) throws FsException {
        if (entries.containsKey(name)) {
            throw new FsException(Errno.EEXIST, "'" + name + "' exists");
        }
    }

    /** Adds a name for a node whose name count already says so. Under the tree's lock. */
    private void put(String name, MemoryNode node) {
        entries.put(name, node);
        if (node instanceof MemoryDirectory) {
            subdirectories++;
        }
    }

    /** Removes a name and counts it off its node. Under the tree's lock. */
    private void take(String name) {
        MemoryNode node = entries.remove(name);
        if (node instanceof MemoryDirectory) {
            subdirectories--;
        }
        if (--node.names == 0) {
            node.unlinked();
        }
    }

    static MemoryDirectory root(MemoryTree tree, int uid, int gid, int mode) {
        Instant now = Instant.now();
        return new MemoryDirectory(tree, new Metadata(FileType.DIRECTORY, mode, uid, gid, 0, now, now, now));
    }
}
