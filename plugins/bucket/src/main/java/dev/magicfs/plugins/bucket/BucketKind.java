package dev.magicfs.plugins.bucket;

import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: bucket}: an S3-compatible bucket (or a prefix of one) as a folder. Objects are files and
 * '/' makes folders; reads fetch on demand into a disk cache, writes are staged there and uploaded in the
 * background ({@code write_back} after the last close, at once for fsync). Any S3-compatible service works
 * through {@code endpoint}.
 */
@Extension
public final class BucketKind implements FileKind {
    /** Trees built for the mount's start, told when it serves; null after that. */
    private List<BucketTree> waiting = new ArrayList<>();

    @Override
    public String name() {
        return "bucket";
    }

    @Override
    public Set<String> keys() {
        return Set.of(BucketSpec.URL, BucketSpec.ENDPOINT, BucketSpec.REGION, BucketSpec.CREDENTIALS, BucketSpec.CACHE,
                BucketSpec.CACHE_LIMIT, BucketSpec.REFRESH, BucketSpec.WRITE_BACK, BucketSpec.TIMEOUT, BucketSpec.READ_ONLY,
                BucketSpec.LISTING_LIMIT);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        BucketTree tree = new BucketTree(BucketSpec.of(spec), spec.modeBits(), log, spec.transfers());
        if (!spec.checkOnly()) {
            synchronized (this) {
                if (waiting != null) {
                    waiting.add(tree);
                } else {
                    Thread.ofVirtual().start(tree::serving);
                }
            }
        }
        return tree.root();
    }

    /** An edit that leaves the bucket's settings as they were keeps the folder; any other waits for a new mount. */
    @Override
    public Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        BucketSpec edited = BucketSpec.of(spec);
        if (previous instanceof BucketDirectory root && root.tree.spec().equals(edited)) {
            return previous;
        }
        throw new SpecException(BucketSpec.URL, "a mounted bucket's settings cannot change while it is mounted; unmount to change them");
    }

    @Override
    public void serving() {
        List<BucketTree> trees;
        synchronized (this) {
            trees = waiting;
            waiting = null;
        }
        trees.forEach(BucketTree::serving);
    }
}
