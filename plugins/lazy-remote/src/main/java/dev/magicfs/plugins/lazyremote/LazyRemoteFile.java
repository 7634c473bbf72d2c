package dev.magicfs.plugins.lazyremote;

import dev.magicfs.api.Caller;
import dev.magicfs.api.ContentCache;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.Transfers;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Generated;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetched at the first open and kept in memory. Readers that arrive during a fetch wait for that same
 * fetch. A failed first fetch is not kept: the next open tries again. With {@code refresh}, an older copy
 * is fetched again; if that fails, the old copy keeps being served. Copies live in the mount's
 * {@link ContentCache}: an evicted copy is dropped and fetched again at the next open.
 */
final class LazyRemoteFile implements Generated {
    private final Source source;
    private final Duration delay;
    private final Duration refresh;
    private final FileLog log;
    private final ContentCache cache;
    private final Transfers transfers;
    /** The fetch in flight or done; null before the first one and after a failed first one. */
    private final AtomicReference<CompletableFuture<Copy>> current;
    private volatile long announcedSize;

    /** @param entry the copy's place in the cache; null when it was too large to keep */
    private record Copy(byte[] bytes, Instant fetchedAt, ContentCache.Entry entry) {}

    LazyRemoteFile(Source source, Duration delay, Duration refresh, ContentCache cache, FileLog log) {
        this(source, delay, refresh, cache, log, Transfers.NONE, new AtomicReference<>());
    }

    /**
     * A file that replaces {@code previous} after an edit of its spec: it keeps the copy fetched so far when
     * the URL is the same.
     */
    LazyRemoteFile(Source source, Duration delay, Duration refresh, ContentCache cache, FileLog log, Transfers transfers,
            LazyRemoteFile previous) {
        this(source, delay, refresh, cache, log, transfers,
                previous != null && previous.source.url().equals(source.url()) ? previous.current : new AtomicReference<>());
    }

    private LazyRemoteFile(Source source, Duration delay, Duration refresh, ContentCache cache, FileLog log,
            Transfers transfers, AtomicReference<CompletableFuture<Copy>> current) {
        this.transfers = transfers;
        this.current = current;
        this.cache = cache;
        this.source = source;
        this.delay = delay;
        this.refresh = refresh;
        this.log = log;
        this.announcedSize = UNKNOWN_SIZE;
    }

    @Override
    public long size() {
        Copy copy = finishedCopy(current.get());
        if (copy != null) {
            return copy.bytes.length;
        }
        long announced = announcedSize;
        return announced >= 0 ? announced : source.sizeBeforeFetch();
    }

    /** The kept copy's length, or the source's before a fetch (data:, file:): stat then fetches nothing. */
    @Override
    public long knownSize() {
        CompletableFuture<Copy> seen = current.get();
        Copy copy = finishedCopy(seen);
        if (copy != null && !isStale(seen)) {
            return copy.bytes.length;
        }
        return seen == null ? source.sizeBeforeFetch() : UNKNOWN_SIZE;
    }

    @Override
    public byte[] generate(Caller caller) throws FsException {
        while (true) {
            CompletableFuture<Copy> seen = current.get();
            if (seen != null && !isStale(seen)) {
                Copy copy = await(seen);
                if (copy.entry != null) {
                    copy.entry.touch();
                }
                return copy.bytes;
            }
            CompletableFuture<Copy> mine = new CompletableFuture<>();
            if (current.compareAndSet(seen, mine)) {
                fetchInto(mine, finishedCopy(seen));
                return await(mine).bytes;
            }
        }
    }

    private boolean isStale(CompletableFuture<Copy> future) {
        Copy copy = finishedCopy(future);
        return copy != null && refresh != null && copy.fetchedAt.plus(refresh).isBefore(Instant.now());
    }

    private static Copy finishedCopy(CompletableFuture<Copy> future) {
        return future != null && future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }

    private void fetchInto(CompletableFuture<Copy> target, Copy previous) {
        if (previous != null) {
            log.info("refreshing from " + source.url() + "...");
        } else if (delay.isPositive()) {
            log.info("first read, simulating a slow download...");
        } else {
            log.info("first read, downloading " + source.url() + "...");
        }
        try {
            Thread.sleep(delay);
            byte[] bytes = source.fetch(size -> announcedSize = size, transfers);
            ContentCache.Entry entry = cache.admit(bytes.length, () -> {
                if (current.compareAndSet(target, null)) {
                    log.debug("dropped from the cache (cache_limit): fetched again at the next open");
                }
            });
            target.complete(new Copy(bytes, Instant.now(), entry));
            if (previous != null && previous.entry != null) {
                previous.entry.remove();
            }
            if (entry != null) {
                log.info("downloaded, cached in memory");
            } else {
                current.compareAndSet(target, null);
                log.info("downloaded " + bytes.length + " bytes, more than cache_limit: not kept, fetched again at the next open");
            }
        } catch (FsException | InterruptedException | RuntimeException e) {
            if (previous != null) {
                log.error("refresh failed, still serving the copy from " + previous.fetchedAt + ": " + e.getMessage());
                target.complete(new Copy(previous.bytes, Instant.now(), previous.entry));
                return;
            }
            log.error("download failed, the next read tries again: " + e.getMessage());
            announcedSize = UNKNOWN_SIZE;
            current.compareAndSet(target, null);
            target.completeExceptionally(e);
        }
    }

    private static Copy await(CompletableFuture<Copy> future) throws FsException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof FsException fs) {
                throw fs;
            }
            throw new FsException(Errno.EIO, "download failed: " + e.getCause(), e.getCause());
        }
    }
}
