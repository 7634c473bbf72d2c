package dev.magicfs.plugins.memory;

import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableNode;

/** What every node of a {@link MemoryTree} keeps: its metadata and how many names it has. */
abstract class MemoryNode implements MutableNode {
    final MemoryTree tree;
    private volatile Metadata metadata;
    /** Names in the tree; changed under the tree's lock. */
    volatile long names = 1;

    MemoryNode(MemoryTree tree, Metadata metadata) {
        this.tree = tree;
        this.metadata = metadata;
    }

    @Override
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public void metadata(Metadata changed) {
        metadata = changed;
    }

    @Override
    public long links() {
        return names;
    }

    /** Lost its last name; a file's content is given back when the host closes it, after its last handle. */
    void unlinked() {
        tree.releaseOne();
    }
}
