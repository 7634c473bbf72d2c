package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A regular file of a tree in memory, as pages of {@link #PAGE} bytes that exist only where something was
 * written: a sparse file costs what it holds, and holes read as zeros. Pages count against the mount's
 * memory budget and go back to it at truncation and when the removed file is closed. A file of a {@code from:}
 * folder reads from there until its first change copies it in.
 */
final class InMemoryFile extends TreeNode implements Readable, Writable, Truncatable {
    static final int PAGE = 64 * 1024;
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    private long size;
    /** The from: folder's file this one shows until its first change; null once it holds its own bytes. */
    private Origin origin;

    InMemoryFile(DirTree tree, long id, Metadata metadata, Origin origin) {
        super(tree, id, metadata);
        this.origin = origin;
    }

    @Override
    public synchronized long size() {
        return origin != null ? origin.size() : size;
    }

    @Override
    synchronized Origin origin() {
        return origin;
    }

    /** Before the first change: the origin's bytes become pages of this file, or nothing changes. */
    private void ownContent(long upTo) throws FsException {
        Origin from = origin;
        if (from == null) {
            return;
        }
        origin = null;
        try {
            from.copyTo((at, bytes) -> write(at, bytes, null), upTo);
            tree.journal().contentOwned(this);
        } catch (FsException | RuntimeException e) {
            tree.budget.release((long) pages.size() * PAGE);
            pages.clear();
            size = 0;
            origin = from;
            throw e;
        }
    }

    @Override
    public synchronized int read(long offset, ByteBuffer into, Caller caller) throws FsException {
        if (origin != null) {
            return origin.read(offset, into);
        }
        int count = (int) Math.max(0, Math.min(into.remaining(), size - offset));
        for (int done = 0; done < count; ) {
            long at = offset + done;
            int inPage = (int) (at % PAGE);
            int n = Math.min(count - done, PAGE - inPage);
            byte[] page = pages.get(at / PAGE);
            if (page == null) {
                for (int i = 0; i < n; i++) {
                    into.put((byte) 0);
                }
            } else {
                into.put(page, inPage, n);
            }
            done += n;
        }
        return count;
    }

    /** As POSIX asks of a write that crosses the size limit: what fits is stored and counted; at the limit, EFBIG. */
    @Override
    public synchronized int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        ownContent(Long.MAX_VALUE);
        long limit = tree.maxFileSize();
        if (from.hasRemaining() && offset >= limit) {
            throw new FsException(Errno.EFBIG, "past max_size (" + limit + " bytes)");
        }
        int count = (int) Math.min(from.remaining(), limit - offset);
        for (int done = 0; done < count; ) {
            long at = offset + done;
            int inPage = (int) (at % PAGE);
            int n = Math.min(count - done, PAGE - inPage);
            byte[] page = pages.get(at / PAGE);
            if (page == null) {
                if (done > 0) { // a short write: what was stored so far counts
                    try {
                        page = newPage(at / PAGE);
                    } catch (FsException full) {
                        size = Math.max(size, at);
                        return done;
                    }
                } else {
                    page = newPage(at / PAGE);
                }
            }
            from.get(page, inPage, n);
            done += n;
        }
        size = Math.max(size, offset + count);
        return count;
    }

    @Override
    public synchronized void truncate(long newSize, Caller caller) throws FsException {
        if (newSize > tree.maxFileSize()) {
            throw new FsException(Errno.EFBIG, "past max_size (" + tree.maxFileSize() + " bytes)");
        }
        ownContent(newSize);
        if (newSize < size) {
            Map<Long, byte[]> gone = pages.tailMap((newSize + PAGE - 1) / PAGE, true);
            tree.budget.release((long) gone.size() * PAGE);
            gone.clear();
            byte[] last = pages.get(newSize / PAGE);
            if (last != null) { // the bytes past the new end must read as zeros if the file grows again
                Arrays.fill(last, (int) (newSize % PAGE), PAGE, (byte) 0);
            }
        }
        size = newSize;
    }

    private byte[] newPage(long index) throws FsException {
        tree.budget.reserve(PAGE);
        byte[] page = new byte[PAGE];
        pages.put(index, page);
        return page;
    }

    /** After the last name and handle: the pages go back to the budget. */
    @Override
    public synchronized void close() {
        if (names == 0) {
            tree.budget.release((long) pages.size() * PAGE);
            pages.clear();
        }
        super.close();
    }
}
