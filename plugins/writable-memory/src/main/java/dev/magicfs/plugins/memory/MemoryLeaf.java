package dev.magicfs.plugins.memory;

import dev.magicfs.api.Metadata;

/** A symbolic link, FIFO, socket or device node: metadata only. */
final class MemoryLeaf extends MemoryNode {
    private final String target;

    MemoryLeaf(MemoryTree tree, Metadata metadata, String target) {
        super(tree, metadata);
        this.target = target;
    }

    @Override
    public String linkTarget() {
        return target;
    }
}
