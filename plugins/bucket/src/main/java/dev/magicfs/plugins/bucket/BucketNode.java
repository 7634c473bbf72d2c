package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableNode;

/**
 * A file or folder of a bucket: where it sits (its folder and name, from which its key follows) and what
 * stat shows. S3 keeps no owner or mode: they are the mount's, changed in memory only. Node objects are told
 * apart by identity: a folder hands out the same object for a name while it is there.
 */
abstract class BucketNode implements MutableNode {
    final BucketTree tree;
    /** The folder and name; changed by renames, under the tree's lock. */
    volatile BucketDirectory parent;
    volatile String name;
    private volatile Metadata metadata;
    /** 1 while the node has its name, 0 once removed. */
    volatile long names = 1;

    BucketNode(BucketTree tree, BucketDirectory parent, String name, Metadata metadata) {
        this.tree = tree;
        this.parent = parent;
        this.name = name;
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

    /** Moves the node to {@code name} in {@code folder}; under the tree's lock. */
    void moveTo(BucketDirectory folder, String newName) {
        parent = folder;
        name = newName;
    }
}
