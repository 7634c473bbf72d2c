package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One object's bytes in the cache folder: a sparse file filled block by block as reads ask for them. A read
 * waits for the blocks it needs; a ranged download streams them in, running a little ahead of the furthest
 * block wanted, so a sequential read is one stream and a read at 5 GiB fetches only around 5 GiB. Once the
 * file is changed locally, every block is present and the copy is the file's content.
 */
final class LocalCopy {
    /** Small enough that a read waits for little more than its own bytes, as a download streams them in. */
    static final int BLOCK = 256 << 10;
    /** How far a download may run past the furthest block a reader wanted (16 MiB) before it waits for readers. */
    private static final int AHEAD = 64;
    /** A block this far (4 MiB) past a running download starts a download of its own. */
    private static final int REACH = 16;
    /** How long a download that is far enough ahead waits for readers before it lets its connection go. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    final Path path;
    private final FileChannel channel;
    private final BitSet present = new BitSet();
    private final List<Download> downloads = new ArrayList<>();
    /** What each waiting reader waits on, by the block it waits for. */
    private final Map<Integer, CompletableFuture<Void>> arrivals = new HashMap<>();
    private long size;
    private long wanted = -1;
    private FsException failure;
    private boolean closed;

    /** A download of blocks {@code next..} into this copy. */
    private static final class Download {
        long next;

        Download(long next) {
            this.next = next;
        }
    }

    /** Where a download gets its bytes: the object's bytes {@code [from, to)}. */
    interface Source {
        InputStream open(long from, long to) throws FsException;
    }

    private LocalCopy(Path path, long size) throws IOException {
        this.path = path;
        this.size = size;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** An empty copy of an object of {@code size} bytes, to be downloaded into {@code path}. */
    static LocalCopy empty(Path path, long size) throws FsException {
        try {
            Files.deleteIfExists(path);
            return new LocalCopy(path, size);
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot create the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    /** A copy whose every byte is in {@code path} already (a staged write found after a restart). */
    static LocalCopy whole(Path path) throws FsException {
        try {
            LocalCopy copy = new LocalCopy(path, Files.size(path));
            copy.present.set(0, copy.blocks());
            return copy;
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot open the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    synchronized long size() {
        return size;
    }

    /** The file's length as it is: that of {@link #size} unless the kernel wrote the file directly. */
    long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return size();
        }
    }

    /** Takes the file's length as the copy's size, after the kernel may have written a whole copy directly. */
    synchronized void resize() {
        size = length();
        present.set(0, blocks());
    }

    synchronized boolean complete() {
        return present.nextClearBit(0) >= blocks();
    }

    private int blocks() {
        return (int) ((size + BLOCK - 1) / BLOCK);
    }

    /** Copies bytes at {@code offset} into {@code into}, downloading the blocks they lie in first. */
    int read(long offset, ByteBuffer into, Source source, long patienceNanos) throws FsException {
        long end;
        synchronized (this) {
            if (offset >= size) {
                return 0;
            }
            end = Math.min(size, offset + into.remaining());
        }
        await(offset, end, source, patienceNanos);
        ByteBuffer view = into.slice(into.position(), (int) (end - offset));
        try {
            int total = 0;
            while (view.hasRemaining()) {
                int n = channel.read(view, offset + total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            into.position(into.position() + total);
            return total;
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot read the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Downloads whatever is missing and waits for all of it: before the first local change. */
    void fetchAll(Source source, long patienceNanos) throws FsException {
        long end = size();
        if (end > 0) {
            await(0, end, source, patienceNanos);
        }
    }

    private void await(long from, long to, Source source, long patienceNanos) throws FsException {
        long first = from / BLOCK;
        long last = (to - 1) / BLOCK;
        for (long b = first; b <= last; b++) {
            long deadline = System.nanoTime() + patienceNanos;
            CompletableFuture<Void> arrival;
            while ((arrival = arrivalOf((int) b, last, source)) != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new FsException(Errno.EIO, "no byte of block " + b + " arrived in " + patienceNanos / 1_000_000 + " ms");
                }
                try {
                    arrival.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // looked at again: the deadline, a failure or a download to start
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FsException(Errno.EIO, "interrupted while downloading");
                }
            }
        }
    }

    /**
     * Null once {@code block} is present; otherwise what completes when it arrives or the download meant to
     * bring it ends, after starting one if none will. Each reader waits for its own block only, so the many
     * reads the kernel sends ahead do not all wake at every block.
     */
    private synchronized CompletableFuture<Void> arrivalOf(int block, long last, Source source) throws FsException {
        if (last > wanted) {
            wanted = last;
            notifyAll(); // a download waiting for readers may go on
        }
        if (present.get(block)) {
            return null;
        }
        if (closed) {
            throw new FsException(Errno.EIO, "the cached copy was dropped during the read");
        }
        if (!covered(block)) {
            if (failure != null && downloads.isEmpty()) {
                FsException f = failure;
                failure = null; // the next read tries again
                throw f;
            }
            start(block, source);
        }
        return arrivals.computeIfAbsent(block, b -> new CompletableFuture<>());
    }

    /** Wakes every waiting reader, to look again: a download ended, or the copy changed or closed. */
    private void wakeAll() {
        arrivals.values().forEach(f -> f.complete(null));
        arrivals.clear();
    }

    private boolean covered(long block) {
        for (Download d : downloads) {
            if (d.next <= block && block <= d.next + REACH) {
                return true;
            }
        }
        return false;
    }

    private void start(long block, Source source) {
        Download d = new Download(block);
        downloads.add(d);
        Thread.ofPlatform().daemon().name("bucket download").start(() -> run(d, source));
    }

    private void run(Download d, Source source) {
        InputStream in = null;
        try {
            long from = d.next * BLOCK;
            long to;
            synchronized (this) {
                to = size;
            }
            in = source.open(from, to);
            byte[] buffer = new byte[BLOCK];
            while (true) {
                int length;
                synchronized (this) {
                    long idleSince = System.nanoTime();
                    while (!closed && d.next > wanted + AHEAD && d.next < blocks()) {
                        long idle = System.nanoTime() - idleSince;
                        if (idle >= IDLE_NANOS) {
                            return; // nobody has read this far for a while: the connection goes
                        }
                        wait(Math.max(1, (IDLE_NANOS - idle) / 1_000_000));
                    }
                    if (closed || d.next >= blocks() || present.get((int) d.next)) {
                        return;
                    }
                    length = (int) Math.min(BLOCK, size - d.next * BLOCK);
                }
                int got = in.readNBytes(buffer, 0, length);
                if (got < length) {
                    throw new IOException("the object ended after " + (d.next * BLOCK + got) + " of " + size + " bytes");
                }
                ByteBuffer block = ByteBuffer.wrap(buffer, 0, length);
                long at = d.next * BLOCK;
                while (block.hasRemaining()) {
                    at += channel.write(block, at);
                }
                synchronized (this) {
                    CompletableFuture<Void> waiting = arrivals.remove((int) d.next);
                    present.set((int) d.next);
                    d.next++;
                    if (waiting != null) {
                        waiting.complete(null);
                    }
                }
            }
        } catch (FsException e) {
            fail(e);
        } catch (IOException e) {
            fail(new FsException(Errno.EIO, "download broke off: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            fail(new FsException(Errno.EIO, "download interrupted"));
        } catch (RuntimeException e) {
            fail(new FsException(Errno.EIO, "download failed: " + e, e));
        } finally {
            if (in != null) {
                BucketClient.abandon(in);
            }
            synchronized (this) {
                downloads.remove(d);
                notifyAll();
            }
        }
    }

    private synchronized void fail(FsException e) {
        failure = e;
    }

    /** Writes {@code from} at {@code offset}; every block must be present (see {@link #fetchAll}). */
    int write(long offset, ByteBuffer from) throws FsException {
        try {
            int total = 0;
            while (from.hasRemaining()) {
                total += channel.write(from, offset + total);
            }
            synchronized (this) {
                if (offset + total > size) {
                    size = offset + total;
                    present.set(0, blocks());
                    wakeAll();
                }
            }
            return total;
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot write the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    void truncate(long newSize) throws FsException {
        try {
            synchronized (this) {
                long current = channel.size(); // not size: the kernel may have written the file directly
                if (newSize < current) {
                    channel.truncate(newSize);
                } else if (newSize > current) {
                    channel.write(ByteBuffer.allocate(1), newSize - 1);
                }
                size = newSize;
                present.set(0, blocks());
                wakeAll();
            }
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot resize the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Flushes the bytes to the local disk, for a durable staged write. */
    void force() throws FsException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot save the cache file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Closes the file and stops the downloads; {@code delete} also removes it from the cache folder. */
    void close(boolean delete) {
        synchronized (this) {
            closed = true;
            notifyAll();
            wakeAll();
        }
        try {
            channel.close();
            if (delete) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a cache file left behind is removed at the next mount
        }
    }
}
