package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.Transfers;
import dev.magicfs.api.FileType;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Everything one {@code kind: bucket} folder shares: its spec, the client, the cache folder, the uploads and
 * the folder tree. The client and the cache folder are made at the first request, never by a check.
 */
final class BucketTree implements AutoCloseable {
    /** Taken by every change of names in the tree, so that moves and removals never interleave. */
    final Object lock = new Object();
    final CopyLimit copies;
    private final BucketSpec spec;
    private final FileLog log;
    private final Transfers transfers;
    private final int uid;
    private final int gid;
    private final Uploads uploads;
    private final BucketDirectory root;
    private BucketClient client;
    private CacheFolder cache;
    private FsException unusable;

    /** A tree whose folder has mount.yaml's {@code mode} bits, or 0755 when {@code mode} is null. */
    BucketTree(BucketSpec spec, Integer mode, FileLog log, Transfers transfers) {
        this.spec = spec;
        this.log = log;
        this.transfers = transfers;
        this.uid = owner("unix:uid");
        this.gid = owner("unix:gid");
        this.copies = new CopyLimit(spec.cacheLimit());
        this.uploads = new Uploads(this, log, spec.writeBack());
        Instant now = Instant.now();
        this.root = new BucketDirectory(this, null, "", new Metadata(FileType.DIRECTORY, mode != null ? mode : 0755, uid, gid, 0, now, now, now));
    }

    BucketDirectory root() {
        return root;
    }

    BucketSpec spec() {
        return spec;
    }

    FileLog log() {
        return log;
    }

    Uploads uploads() {
        return uploads;
    }

    long refreshNanos() {
        return spec.refresh().toNanos();
    }

    /** How long a read waits for a block before it fails: the service's timeout, with room for its retries. */
    long patienceNanos() {
        return spec.timeout().multipliedBy(3).toNanos();
    }

    Metadata fileMetadata(Instant modified) {
        return new Metadata(FileType.REGULAR, spec.readOnly() ? 0444 : 0644, uid, gid, 0, modified, modified, modified);
    }

    Metadata folderMetadata() {
        return new Metadata(FileType.DIRECTORY, 0755, uid, gid, 0, root.metadata().modified(),
                root.metadata().modified(), root.metadata().modified());
    }

    /** Every change of a read_only bucket fails with EROFS. */
    void refuseIfReadOnly() throws FsException {
        if (spec.readOnly()) {
            throw new FsException(Errno.EROFS, "the bucket is mounted read_only");
        }
    }

    synchronized BucketClient client() {
        if (client == null) {
            client = new BucketClient(spec, log, transfers);
        }
        return client;
    }

    synchronized CacheFolder cache() throws FsException {
        ready();
        return cache;
    }

    /** The copy's writes need no upload any more. */
    synchronized void unstage(Path copy) {
        if (cache != null) {
            cache.unstage(copy);
        }
    }

    /**
     * Opens the cache folder once, and hands each write an earlier mount staged but did not upload to its
     * folder, to be uploaded now: until then the file shows what was written.
     */
    synchronized void ready() throws FsException {
        if (cache != null) {
            return;
        }
        if (unusable != null) {
            throw unusable;
        }
        try {
            cache = CacheFolder.open(spec.cache());
        } catch (FsException e) {
            unusable = e;
            log.error(e.getMessage());
            throw e;
        }
        cache.dropUnstagedCopies();
        Map<Path, String> staged = cache.stagedWrites();
        int adopted = 0;
        for (Map.Entry<Path, String> write : staged.entrySet()) {
            String key = write.getValue();
            if (!key.startsWith(spec.prefix()) || key.length() == spec.prefix().length()) {
                log.error("a staged write in " + write.getKey() + " names " + key + ", outside " + spec.url() + "; left alone");
                continue;
            }
            root.adopt(key.substring(spec.prefix().length()), write.getKey());
            adopted++;
        }
        if (adopted > 0) {
            log.info(adopted + " write(s) an earlier mount staged but did not upload: uploading them now");
        }
    }

    /** When the mount serves: says whether the bucket answers, without holding up anything. */
    void serving() {
        try {
            ready();
            client().checkReachable();
            log.info(spec.url() + " is reachable" + (spec.endpoint() == null ? "" : " at " + spec.endpoint()));
        } catch (FsException e) {
            log.error("cannot reach " + spec.url() + " (" + e.getMessage() + "): reads of files not cached fail with EIO until it answers");
        }
    }

    @Override
    public void close() {
        uploads.close();
        synchronized (this) {
            if (client != null) {
                client.close();
            }
            if (cache != null) {
                cache.close();
            }
        }
    }

    private static int owner(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
