package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.MutableDirectory;
import dev.magicfs.api.MutableNode;
import dev.magicfs.api.Node;
import dev.magicfs.plugins.bucket.BucketClient.ObjectInfo;
import dev.magicfs.plugins.bucket.BucketClient.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A folder of the bucket: the objects and common prefixes directly under its prefix, listed page by page and
 * kept for {@code refresh}, merged with the files made here that the bucket has not acknowledged yet. Changes
 * go to the bucket before they are answered; they take the tree's lock, so one change of the tree runs at a
 * time.
 *
 * <p>A folder with more than {@code listing_limit} names is <em>streamed</em> instead: each readdir lists it
 * as it reads ({@link FolderStream}), each name is looked up on its own, and only the nodes someone holds are
 * kept (weakly: a node the host still knows stays the same object), with the files made here.
 */
final class BucketDirectory extends BucketNode implements MutableDirectory, AutoCloseable {
    /** The names as last listed, with the files made here since; streamed, only those. Under this folder's monitor. */
    private Map<String, BucketNode> entries = new TreeMap<>();
    private long listedAt;
    private boolean listed;
    private boolean streamed;
    /** A streamed folder's nodes handed out, while anyone holds them. */
    private final HeldNodes handedOut = new HeldNodes();

    BucketDirectory(BucketTree tree, BucketDirectory parent, String name, Metadata metadata) {
        super(tree, parent, name, metadata);
    }

    /** The keys of this folder's objects start with this: "" or ending in '/'. */
    String prefix() {
        return parent == null ? tree.spec().prefix() : parent.prefix() + name + "/";
    }

    @Override
    public long links() {
        return names == 0 ? 0 : 2;
    }

    @Override
    public Node child(String childName, Caller caller) throws FsException {
        return named(childName);
    }

    /** The node called {@code childName}, or null: from the listing, or for a streamed folder, asked of the bucket. */
    synchronized BucketNode named(String childName) throws FsException {
        fresh();
        BucketNode node = entries.get(childName);
        if (node != null || !streamed || !usable(childName)) {
            return node;
        }
        node = handedOut.get(childName);
        if (node == null) {
            ObjectInfo object = tree.client().find(prefix() + childName);
            if (object == null && tree.client().keysUnder(prefix() + childName + "/", 1).isEmpty()) {
                return null;
            }
            node = newNode(childName, object);
            handedOut.put(childName, node);
        }
        return node;
    }

    @Override
    public List<Entry> children(Caller caller) throws FsException {
        synchronized (this) {
            fresh();
            if (streamed) {
                return new FolderStream(this);
            }
            List<Entry> list = new ArrayList<>(entries.size());
            entries.forEach((childName, node) -> list.add(new Entry(childName, node)));
            return list;
        }
    }

    /** A streamed folder's node for a name of a listing page ({@code object} null: a folder); null for none. */
    synchronized BucketNode streamedNode(String childName, ObjectInfo object) {
        if (!usable(childName)) {
            return null; // the folder's own marker, or a name no file can have
        }
        BucketNode known = known(childName);
        if (known instanceof BucketFile file && object != null) {
            file.listedAs(object);
            return file;
        }
        if (known instanceof BucketDirectory && object == null) {
            return known;
        }
        BucketNode node = newNode(childName, object);
        handedOut.put(childName, node);
        return node;
    }

    /** A node for a listed object, or for a folder when {@code object} is null. */
    private BucketNode newNode(String childName, ObjectInfo object) {
        return object != null ? new BucketFile(tree, this, childName, object, tree.fileMetadata(object.modified()))
                : new BucketDirectory(tree, this, childName, tree.folderMetadata());
    }

    /** The files made here that the bucket does not have yet: a streamed listing shows them after its last page. */
    synchronized Map<String, BucketNode> unlisted() {
        Map<String, BucketNode> made = new TreeMap<>();
        entries.forEach((childName, node) -> {
            if (node instanceof BucketFile file && !file.inBucket()) {
                made.put(childName, node);
            }
        });
        return made;
    }

    /** A streamed listing read to its end found {@code total} names: a folder that shrank is held again. */
    synchronized void streamEnded(int total) {
        if (total <= tree.spec().listingLimit()) {
            streamed = false;
            listed = false;
        }
    }

    @Override
    public boolean isEmpty() {
        try {
            synchronized (this) {
                fresh();
                if (!streamed) {
                    return entries.isEmpty();
                }
                if (!unlisted().isEmpty()) {
                    return false;
                }
            }
            // Streamed: asked of the bucket, whose first key under the prefix may be the folder's own marker.
            return tree.client().keysUnder(prefix(), 2).stream().allMatch(prefix()::equals);
        } catch (FsException e) {
            return false; // the rmdir or rename that asks fails on the bucket itself
        }
    }

    /** Empty as far as the listing held here knows; a streamed folder is never asked (it would cost a listing). */
    private synchronized boolean heldAndEmpty() {
        return !streamed && entries.isEmpty();
    }

    /** Keeps {@code node} as {@code childName}: made, adopted or moved here. */
    private synchronized void remember(String childName, BucketNode node) {
        entries.put(childName, node);
    }

    private synchronized void forget(String childName) {
        entries.remove(childName);
        handedOut.remove(childName);
    }

    /** Lists the folder again once the last listing is older than refresh. Under this folder's monitor. */
    private void fresh() throws FsException {
        tree.ready();
        if (streamed || listed && System.nanoTime() - listedAt < tree.refreshNanos()) {
            return;
        }
        String prefix = prefix();
        // What the bucket may not list yet, files made here and folders holding such: taken before the listing,
        // which an upload may overtake.
        List<String> unlisted = new ArrayList<>();
        entries.forEach((childName, node) -> {
            if (holdsUnsent(node)) {
                unlisted.add(childName);
            }
        });
        Map<String, BucketNode> now = new TreeMap<>();
        String next = null;
        do {
            Page page = tree.client().list(prefix, next);
            for (String folder : page.folders()) {
                String childName = folder.substring(prefix.length(), folder.length() - 1);
                if (usable(childName) && !(known(childName) instanceof BucketFile)) {
                    BucketNode known = known(childName);
                    now.put(childName, known != null ? known : newNode(childName, null));
                }
            }
            for (ObjectInfo object : page.objects()) {
                String childName = object.key().substring(prefix.length());
                if (!usable(childName) || now.get(childName) instanceof BucketDirectory) {
                    continue; // the folder's own marker, or a name no file can have
                }
                if (known(childName) instanceof BucketFile known) {
                    known.listedAs(object);
                    now.put(childName, known);
                } else {
                    now.put(childName, newNode(childName, object));
                }
            }
            next = page.next();
            if (now.size() > tree.spec().listingLimit()) {
                startStreaming(now);
                return;
            }
        } while (next != null);
        // Files made here and not uploaded yet are not in the bucket's listing, nor may their folders be; they are still here.
        for (String childName : unlisted) {
            now.putIfAbsent(childName, entries.get(childName));
        }
        entries = now;
        handedOut.clear(); // a folder streamed before: the nodes it handed out are in the listing now
        listed = true;
        listedAt = System.nanoTime();
    }

    /** A file the bucket does not have as it is, or a folder with such a file at any depth. */
    private static boolean holdsUnsent(BucketNode node) {
        List<BucketFile> files = node instanceof BucketFile file ? List.of(file) : ((BucketDirectory) node).filesBelow();
        return files.stream().anyMatch(file -> file.dirty() || !file.inBucket());
    }

    /** The node known by {@code childName}: listed or made here, or handed out while streamed. */
    private BucketNode known(String childName) {
        BucketNode node = entries.get(childName);
        return node != null ? node : handedOut.get(childName);
    }

    /** Holds from now on only the files made here, and hands out the listed nodes while someone holds them. */
    private void startStreaming(Map<String, BucketNode> listedSoFar) {
        tree.log().info(prefix() + " has more than " + tree.spec().listingLimit() + " names (listing_limit): it is"
                + " listed page by page as it is read, and each name is looked up on its own");
        Map<String, BucketNode> made = unlisted();
        listedSoFar.forEach((childName, node) -> {
            if (!made.containsKey(childName)) {
                handedOut.put(childName, node);
            }
        });
        entries = new TreeMap<>(made);
        streamed = true;
    }

    /** A key part that can be a name: not empty, not "." or "..", at most 255 bytes. */
    private static boolean usable(String childName) {
        return !childName.isEmpty() && !childName.equals(".") && !childName.equals("..") && !childName.contains("/")
                && childName.getBytes(StandardCharsets.UTF_8).length <= 255;
    }

    /** A name for a staged write found after a restart, making the folders on its way. */
    synchronized void adopt(String path, java.nio.file.Path staged) throws FsException {
        int slash = path.indexOf('/');
        if (slash > 0) {
            String folder = path.substring(0, slash);
            BucketDirectory directory = entries.get(folder) instanceof BucketDirectory known ? known
                    : new BucketDirectory(tree, this, folder, tree.folderMetadata());
            entries.put(folder, directory);
            directory.adopt(path.substring(slash + 1), staged);
            return;
        }
        BucketFile file = new BucketFile(tree, this, path, null, tree.fileMetadata(java.time.Instant.now()));
        file.adoptStaged(staged);
        entries.put(path, file);
        tree.uploads().scheduleNow(file);
    }

    @Override
    public MutableNode create(String childName, Metadata metadata, String linkTarget, Caller caller) throws FsException {
        tree.refuseIfReadOnly();
        synchronized (tree.lock) {
            if (named(childName) != null) {
                throw new FsException(Errno.EEXIST, "'" + childName + "' exists");
            }
            BucketNode node;
            if (metadata.type() == FileType.DIRECTORY) {
                tree.client().markFolder(prefix() + childName + "/");
                node = new BucketDirectory(tree, this, childName, metadata);
            } else if (metadata.type() == FileType.REGULAR) {
                BucketFile file = new BucketFile(tree, this, childName, null, metadata);
                file.startEmpty();
                tree.uploads().schedule(file);
                node = file;
            } else {
                throw new FsException(Errno.EPERM, "a bucket holds files and folders only, no " + metadata.type());
            }
            remember(childName, node);
            return node;
        }
    }

    @Override
    public void link(String childName, MutableNode existing, Caller caller) throws FsException {
        throw new FsException(Errno.EPERM, "a bucket has no hard links");
    }

    @Override
    public void remove(String childName, Caller caller) throws FsException {
        tree.refuseIfReadOnly();
        synchronized (tree.lock) {
            BucketNode node = child(childName);
            if (node instanceof BucketDirectory folder) {
                if (!folder.isEmpty()) {
                    throw new FsException(Errno.ENOTEMPTY, "'" + childName + "' is not empty");
                }
                tree.client().delete(folder.prefix()); // its marker, when it has one
            } else if (node instanceof BucketFile file) {
                file.uploading.lock(); // an upload running now would bring it back
                try {
                    if (file.inBucket() || file.dirty()) {
                        tree.client().delete(file.key());
                    }
                    file.removed();
                } finally {
                    file.uploading.unlock();
                }
            }
            node.names = 0;
            forget(childName);
            if (node instanceof BucketFile && parent != null && heldAndEmpty()) {
                // Its last object may have been what made the folder: a marker keeps it until rmdir, as on a disk.
                tree.client().markFolder(prefix());
            }
        }
    }

    private BucketNode child(String childName) throws FsException {
        BucketNode node = named(childName);
        if (node == null) {
            throw new FsException(Errno.ENOENT, "no such file: " + childName);
        }
        return node;
    }

    /**
     * A file moves by a copy in the bucket and a delete of the old key, a folder by moving every key under it
     * ({@link BucketMoves}): not atomic, and a folder's costs one copy per object in it.
     */
    @Override
    public void rename(String childName, MutableDirectory target, String newName, boolean exchange, Caller caller) throws FsException {
        tree.refuseIfReadOnly();
        if (exchange) {
            throw new FsException(Errno.EINVAL, "a bucket cannot swap two names in one step");
        }
        if (!(target instanceof BucketDirectory to) || to.tree != tree) {
            throw new FsException(Errno.EXDEV, "a rename within one bucket only");
        }
        synchronized (tree.lock) {
            BucketNode moving = child(childName);
            if (to.named(newName) != null) {
                to.remove(newName, caller);
            }
            List<BucketFile> files = moving instanceof BucketFile file ? List.of(file) : ((BucketDirectory) moving).filesBelow();
            files.forEach(file -> file.uploading.lock()); // until every key is the new one
            try {
                if (moving instanceof BucketFile file) {
                    BucketMoves.moveFile(tree, file, to.prefix() + newName);
                } else {
                    BucketDirectory folder = (BucketDirectory) moving;
                    BucketMoves.moveFolder(tree, folder.prefix(), to.prefix() + newName + "/");
                    synchronized (folder) {
                        folder.listed = false; // its files now have other keys: list them again
                    }
                }
                forget(childName);
                moving.moveTo(to, newName);
                to.remember(newName, moving);
                for (BucketFile file : files) {
                    file.renamed();
                }
            } finally {
                files.forEach(file -> file.uploading.unlock());
            }
        }
    }

    /** Every file node known under this folder, at any depth. */
    private List<BucketFile> filesBelow() {
        List<BucketNode> nodes;
        synchronized (this) {
            nodes = new ArrayList<>(entries.values());
            nodes.addAll(handedOut.all());
        }
        List<BucketFile> files = new ArrayList<>();
        for (BucketNode node : nodes) {
            if (node instanceof BucketFile file) {
                files.add(file);
            } else {
                files.addAll(((BucketDirectory) node).filesBelow());
            }
        }
        return files;
    }

    /** The host is done with the mount: the root finishes the uploads and lets go of the bucket. */
    @Override
    public void close() {
        if (parent == null) {
            tree.close();
        }
    }
}
