package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Metadata;

/** A symbolic link, FIFO, socket or device node: metadata only (the kernel serves FIFOs and devices itself). */
final class SpecialNode extends TreeNode {
    private final String target;

    SpecialNode(DirTree tree, long id, Metadata metadata, String target) {
        super(tree, id, metadata);
        this.target = target;
    }

    @Override
    public String linkTarget() {
        return target;
    }
}
