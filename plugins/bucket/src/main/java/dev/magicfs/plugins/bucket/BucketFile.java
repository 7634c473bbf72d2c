package dev.magicfs.plugins.bucket;

import dev.magicfs.api.BackedByFile;
import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.OpenAware;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import dev.magicfs.plugins.bucket.BucketClient.ObjectInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An object of the bucket as a file. Reads fill a {@link LocalCopy} from ranged downloads; the first change
 * fetches the rest, stages the copy (it survives a crash) and makes it the file's content, which
 * {@link Uploads} sends to the bucket {@code write_back} after the last writer closes, or at fsync.
 *
 * <p>Once the copy is whole, the kernel may read and write it directly (passthrough): an open for writing of
 * a whole copy stages it at once, since its writes no longer pass here, and the copy stays the file's for as
 * long as anyone has the file open, so the kernel never reads a copy the plugin has let go.
 */
final class BucketFile extends BucketNode implements Readable, Writable, Truncatable, Syncable, OpenAware, BackedByFile,
        AutoCloseable {
    /** Held by whoever uploads this file, so a background upload and an fsync never overlap. */
    final ReentrantLock uploading = new ReentrantLock();
    /** The version in the bucket this file shows, or null before its first upload. */
    private ObjectInfo remote;
    private LocalCopy copy;
    /** Whether the copy holds changes the bucket has not acknowledged. */
    private boolean dirty;
    /** Counts changes, so an upload knows whether the content moved on while it ran. */
    private long version;
    private int opens;
    private int writers;
    private int readers;
    /** A newer version the bucket listed while the file was open: it is shown from the last close. */
    private ObjectInfo listedWhileOpen;

    BucketFile(BucketTree tree, BucketDirectory parent, String name, ObjectInfo remote, Metadata metadata) {
        super(tree, parent, name, metadata);
        this.remote = remote;
    }

    String key() {
        return parent.prefix() + name;
    }

    @Override
    public synchronized long size() {
        return dirty ? copy.length() : remote == null ? 0 : remote.size();
    }

    synchronized boolean dirty() {
        return dirty;
    }

    synchronized int writers() {
        return writers;
    }

    /**
     * The bucket lists this object as {@code listed}: a clean file shows that version, dropping a copy of an
     * older one; a file with local changes keeps them (the last writer wins).
     */
    synchronized void listedAs(ObjectInfo listed) {
        if (dirty || (remote != null && sameVersion(remote, listed))) {
            return;
        }
        if (opens > 0 || readers > 0) {
            listedWhileOpen = listed; // an open file reads one version to its end
            return;
        }
        remote = listed;
        metadata(metadata().withTimes(listed.modified(), listed.modified(), listed.modified()));
        if (copy != null) {
            tree.copies.forget(this);
            copy.close(true);
            copy = null;
        }
    }

    /** By ETag; a service that sends none (some do not for every object) by size and time. */
    private static boolean sameVersion(ObjectInfo known, ObjectInfo listed) {
        return known.etag() != null || listed.etag() != null ? java.util.Objects.equals(known.etag(), listed.etag())
                : known.size() == listed.size() && java.util.Objects.equals(known.modified(), listed.modified());
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) throws FsException {
        LocalCopy reading;
        ObjectInfo version;
        boolean made = false;
        synchronized (this) {
            if (copy == null) {
                if (remote == null) {
                    return 0;
                }
                copy = LocalCopy.empty(tree.cache().newCopy(), remote.size());
                made = true;
            } else if (!dirty) {
                tree.copies.touch(this);
            }
            reading = copy;
            version = remote;
            readers++;
        }
        if (made) {
            tree.copies.admit(this, version.size()); // outside this file's lock: it may drop other files' copies
        }
        try {
            return reading.read(offset, into, source(version), tree.patienceNanos());
        } finally {
            synchronized (this) {
                readers--;
            }
        }
    }

    private LocalCopy.Source source(ObjectInfo version) {
        return (from, to) -> tree.client().read(key(), from, to, version.etag());
    }

    /** Drops a clean copy to make room ({@code cache_limit}); it downloads again when read. */
    synchronized void dropCleanCopy() {
        if (!dirty && copy != null && readers == 0 && opens == 0) {
            copy.close(true);
            copy = null;
        }
    }

    @Override
    public int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        LocalCopy target = local(false);
        int n = target.write(offset, from);
        changed();
        return n;
    }

    @Override
    public void truncate(long size, Caller caller) throws FsException {
        local(size == 0).truncate(size);
        changed();
    }

    /**
     * The copy, made the file's content for a change: the rest of the object is fetched first unless the change
     * discards it all, and the copy is staged before the change is acknowledged.
     */
    private LocalCopy local(boolean discarding) throws FsException {
        tree.refuseIfReadOnly();
        LocalCopy fetching = null;
        ObjectInfo version;
        synchronized (this) {
            if (dirty) {
                return copy;
            }
            version = remote;
            if (!discarding && remote != null && remote.size() > 0) {
                if (copy == null) {
                    copy = LocalCopy.empty(tree.cache().newCopy(), remote.size());
                }
                fetching = copy;
            }
        }
        if (fetching != null) {
            fetching.fetchAll(source(version), tree.patienceNanos());
        }
        synchronized (this) {
            if (dirty) {
                return copy;
            }
            if (copy == null || copy != fetching) {
                if (copy != null) {
                    copy.close(true);
                }
                copy = LocalCopy.empty(tree.cache().newCopy(), 0);
            }
            tree.copies.forget(this);
            tree.cache().stage(copy.path, key());
            dirty = true;
            return copy;
        }
    }

    /** A new file: empty, staged, and uploaded after write_back even if nobody writes to it. */
    synchronized void startEmpty() throws FsException {
        copy = LocalCopy.empty(tree.cache().newCopy(), 0);
        tree.cache().stage(copy.path, key());
        dirty = true;
        version++;
    }

    /** A staged write found after a restart: its copy is the file's content until it is uploaded. */
    synchronized void adoptStaged(Path staged) throws FsException {
        copy = LocalCopy.whole(staged);
        dirty = true;
        version++;
    }

    private void changed() {
        synchronized (this) {
            version++;
        }
        tree.uploads().schedule(this);
    }

    @Override
    public void sync(Caller caller) throws FsException {
        if (dirty()) {
            tree.uploads().uploadNow(this);
        }
    }

    /** The whole copy, which the kernel may read (and write, once staged) itself; null while any is missing. */
    @Override
    public synchronized Path backingFile() {
        // A writer that found the copy partial writes through here: it is not staged yet.
        return copy != null && copy.complete() && (dirty || writers == 0) ? copy.path : null;
    }

    @Override
    public boolean acceptsDirectWrites() {
        return !tree.spec().readOnly();
    }

    /** A copy on its way in is cached once, in the cache folder, not again by the mount's page cache. */
    @Override
    public boolean directIoUntilBacked() {
        return true;
    }

    @Override
    public synchronized void opened(boolean forWriting) {
        opens++;
        if (!forWriting) {
            return;
        }
        writers++;
        if (!dirty && copy != null && copy.complete() && acceptsDirectWrites()) {
            try {
                tree.cache().stage(copy.path, key());
                tree.copies.forget(this);
                dirty = true;
                version++;
            } catch (FsException e) {
                // not staged, so backingFile() keeps this writer's changes coming through write(), which stages
            }
        }
    }

    @Override
    public void closed(boolean forWriting, Caller caller) {
        boolean pending;
        synchronized (this) {
            opens--;
            if (forWriting) {
                writers--;
                if (dirty) {
                    // The kernel may have written the copy directly, unseen: an upload that began before this
                    // close may lack those writes, so it must not leave the file clean.
                    copy.resize();
                    version++;
                }
            }
            pending = forWriting && dirty;
            if (opens == 0 && listedWhileOpen != null) {
                ObjectInfo listed = listedWhileOpen;
                listedWhileOpen = null;
                listedAs(listed);
            }
        }
        if (pending) {
            tree.uploads().schedule(this);
        }
    }

    /** What an upload sends: the copy as it is now, under the key the file has now. */
    record Snapshot(String key, Path file, long size, long version) {}

    /** The upload to make, or null when there is nothing to send (clean, or removed). */
    synchronized Snapshot snapshot() throws FsException {
        if (!dirty || names == 0) {
            return null;
        }
        copy.force();
        return new Snapshot(key(), copy.path, copy.length(), version);
    }

    /**
     * The bucket acknowledged {@code sent} as {@code etag}. The file is clean when nothing changed meanwhile;
     * otherwise it stays staged for the next upload.
     *
     * @return whether the file is clean now
     */
    synchronized boolean uploaded(Snapshot sent, String etag) {
        if (version != sent.version() || !key().equals(sent.key()) || names == 0) {
            return false;
        }
        if (writers > 0 && acceptsDirectWrites()) {
            return false; // the kernel may write more without a word: the last close sends it again
        }
        Instant now = Instant.now();
        remote = new ObjectInfo(sent.key(), sent.size(), now, etag);
        dirty = false;
        tree.unstage(copy.path);
        return true;
    }

    /** The file was renamed: a staged note names the new key, and the bucket's old object is the caller's to move. */
    synchronized void renamed() throws FsException {
        if (dirty) {
            tree.cache().stage(copy.path, key());
        }
    }

    /** The bucket now holds this file under its current key, as copied there by a rename. */
    synchronized void movedTo(String key, String etag) {
        if (remote != null) {
            remote = new ObjectInfo(key, remote.size(), remote.modified(), etag);
        }
    }

    synchronized boolean inBucket() {
        return remote != null;
    }

    /** The name was removed: nothing of it goes to the bucket any more. */
    synchronized void removed() {
        names = 0;
        if (dirty) {
            tree.unstage(copy.path);
        }
    }

    /** The host is done with the file: a staged copy stays for its upload, any other goes. */
    @Override
    public synchronized void close() {
        if (copy == null) {
            return;
        }
        if (names == 0 || !dirty) {
            tree.copies.forget(this);
            copy.close(true);
            if (dirty) {
                tree.unstage(copy.path);
            }
            copy = null;
        }
    }
}
