package dev.magicfs.plugins.bucket;

import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends changed files to the bucket: each {@code write_back} after its last change or close, while nobody
 * writes it, and at once for fsync. A failed upload stays staged and is tried again with a growing pause
 * (1 s doubling to a minute); at the end of the mount every staged file is tried once more, and what still
 * fails is uploaded by the next mount.
 */
final class Uploads implements AutoCloseable {
    private static final long MAX_PAUSE_NANOS = Duration.ofMinutes(1).toNanos();

    private final BucketTree tree;
    private final FileLog log;
    private final long writeBackNanos;
    /** Files waiting, with the System.nanoTime() each is due at. */
    private final Map<BucketFile, Long> due = new HashMap<>();
    private final Map<BucketFile, Integer> failures = new HashMap<>();
    /** Every file with changes not acknowledged yet, due or not (a writer holds it open, an upload runs). */
    private final Set<BucketFile> unsent = new HashSet<>();
    private Thread worker;
    private boolean closed;

    Uploads(BucketTree tree, FileLog log, Duration writeBack) {
        this.tree = tree;
        this.log = log;
        this.writeBackNanos = writeBack.toNanos();
    }

    /** {@code file} changed or its writer closed: it goes up write_back from now, unless it changes again. */
    void schedule(BucketFile file) {
        scheduleIn(file, writeBackNanos);
    }

    /** A write an earlier mount staged: it has waited long enough. */
    void scheduleNow(BucketFile file) {
        scheduleIn(file, 0);
    }

    private synchronized void scheduleIn(BucketFile file, long nanos) {
        if (closed) {
            return;
        }
        due.put(file, System.nanoTime() + nanos);
        unsent.add(file);
        if (worker == null) {
            worker = Thread.ofPlatform().daemon().name("bucket uploads " + tree.spec().url()).start(this::run);
        }
        notifyAll();
    }

    private void run() {
        while (true) {
            BucketFile next;
            synchronized (this) {
                next = null;
                while (!closed && next == null) {
                    long now = System.nanoTime();
                    long soonest = Long.MAX_VALUE;
                    for (Map.Entry<BucketFile, Long> e : due.entrySet()) {
                        if (e.getValue() - now <= 0) {
                            next = e.getKey();
                            break;
                        }
                        soonest = Math.min(soonest, e.getValue() - now);
                    }
                    if (next == null) {
                        waitNanos(soonest);
                    }
                }
                if (closed) {
                    return;
                }
                due.remove(next);
                if (next.writers() > 0) {
                    continue; // its last close schedules it again
                }
            }
            try {
                upload(next);
            } catch (FsException e) {
                retryLater(next, e);
            }
        }
    }

    private void waitNanos(long nanos) {
        try {
            if (nanos == Long.MAX_VALUE) {
                wait();
            } else {
                wait(Math.max(1, nanos / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private synchronized void retryLater(BucketFile file, FsException e) {
        int failed = failures.merge(file, 1, Integer::sum);
        long pause = Math.min(MAX_PAUSE_NANOS, 1_000_000_000L << Math.min(failed - 1, 6));
        log.error("upload of " + file.key() + " failed (" + e.getMessage() + "); it stays staged, next try in "
                + pause / 1_000_000_000 + " s");
        unsent.add(file);
        if (!closed && !due.containsKey(file)) {
            due.put(file, System.nanoTime() + pause);
            notifyAll();
        }
    }

    /** fsync: uploads now and returns once the bucket acknowledged; a failure is fsync's (EIO) and retried later. */
    void uploadNow(BucketFile file) throws FsException {
        try {
            upload(file);
        } catch (FsException e) {
            retryLater(file, e);
            throw e;
        }
    }

    /** Sends the file's copy as it is now, again while it changed during the upload. */
    private void upload(BucketFile file) throws FsException {
        file.uploading.lock();
        try {
            for (int round = 0; round < 3; round++) {
                BucketFile.Snapshot sent = file.snapshot();
                if (sent == null) {
                    sent(file);
                    return;
                }
                long start = System.nanoTime();
                String etag = tree.client().upload(sent.key(), sent.file(), sent.size());
                boolean clean = file.uploaded(sent, etag);
                log.debug("uploaded " + sent.key() + " (" + sent.size() + " bytes) in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                if (clean) {
                    tree.copies.admit(file, sent.size()); // a clean copy now, which cache_limit may drop
                    sent(file);
                    return;
                }
                if (!file.key().equals(sent.key()) || file.names == 0) {
                    tree.client().delete(sent.key()); // renamed or removed while it went up
                }
                if (file.writers() > 0) {
                    return; // still open for writing: its last close sends it again
                }
            }
            schedule(file); // it keeps changing: the next quiet moment sends it
        } finally {
            file.uploading.unlock();
        }
    }

    private synchronized void sent(BucketFile file) {
        unsent.remove(file);
        failures.remove(file);
    }

    /** The end of the mount: every staged file is tried once more, and the log says how it went. */
    @Override
    public void close() {
        List<BucketFile> left;
        synchronized (this) {
            closed = true;
            notifyAll();
            left = new ArrayList<>(unsent);
        }
        left.removeIf(f -> !f.dirty() || f.names == 0);
        if (left.isEmpty()) {
            return;
        }
        long bytes = left.stream().mapToLong(BucketFile::size).sum();
        log.info("uploading " + left.size() + " changed file(s), " + bytes + " bytes, to " + tree.spec().url() + " before the mount ends");
        int done = 0;
        for (BucketFile file : left) {
            try {
                upload(file);
                done++;
                log.info("uploaded " + done + " of " + left.size() + ": " + file.key());
            } catch (FsException e) {
                log.error("could not upload " + file.key() + " (" + e.getMessage() + "): it stays staged in "
                        + tree.spec().cache() + ", and the next mount uploads it");
            }
        }
    }
}
