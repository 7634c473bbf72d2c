package dev.magicfs.plugins.bucket;

import dev.magicfs.api.FsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renames for a bucket, which has none: a file's object is copied to its new key and the old key deleted, a
 * folder's every object the same way. The caller holds off the uploads of the files moved, or one could land
 * under an old key while it moves. A copy that fails undoes the copies made; once every copy is made the move
 * stands, and an old key the bucket would not delete is logged rather than failing the rename.
 */
final class BucketMoves {
    private BucketMoves() {}

    /** Moves a file's object; a file with staged changes only loses its old object, its upload sends the new. */
    static void moveFile(BucketTree tree, BucketFile file, String destination) throws FsException {
        String from = file.key();
        if (file.inBucket() && !file.dirty()) {
            file.movedTo(destination, tree.client().copy(from, destination));
        }
        if (file.inBucket() || file.dirty()) {
            deleteOld(tree, List.of(from), from, destination);
        }
    }

    /** Moves every object under the prefix {@code from} to the prefix {@code destination}. */
    static void moveFolder(BucketTree tree, String from, String destination) throws FsException {
        List<String> keys = tree.client().keysUnder(from, Integer.MAX_VALUE);
        if (keys.size() > 1000) {
            tree.log().info("moving " + keys.size() + " objects from " + from + " to " + destination);
        }
        List<String> made = new ArrayList<>();
        try {
            for (String key : keys) {
                String copy = destination + key.substring(from.length());
                tree.client().copy(key, copy);
                made.add(copy);
            }
        } catch (FsException e) {
            String left = deleteAll(tree, made);
            if (left != null) {
                tree.log().error("the failed move of " + from + " left copies behind under " + destination + ": " + left);
            }
            throw e;
        }
        // Last key first: a folder's marker goes after what is in it, as services that keep folders need.
        List<String> old = new ArrayList<>(keys.reversed());
        if (!keys.contains(from)) {
            // No marker listed, and perhaps nothing uploaded under it yet: without one the folder would vanish at
            // the next listing. Some services (S3Proxy's filesystem backend) leave a marker out of its own listing.
            tree.client().markFolder(destination);
            old.add(from);
        }
        deleteOld(tree, old, from, destination);
    }

    private static void deleteOld(BucketTree tree, List<String> keys, String from, String destination) {
        String left = deleteAll(tree, keys);
        if (left != null) {
            tree.log().error("moved " + from + " to " + destination + ", but the old name keeps " + left
                    + " until it is removed");
        }
    }

    /** Deletes each key, going on past failures; null when all went, else how many stayed and the first reason. */
    private static String deleteAll(BucketTree tree, List<String> keys) {
        int failed = 0;
        String first = null;
        for (String key : keys) {
            try {
                tree.client().delete(key);
            } catch (FsException e) {
                if (failed++ == 0) {
                    first = e.getMessage();
                }
            }
        }
        return failed == 0 ? null : failed + " key(s) the bucket would not delete (" + first + ")";
    }
}
