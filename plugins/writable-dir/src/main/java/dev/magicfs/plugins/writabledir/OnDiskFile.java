package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.BackedByFile;
import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.Syncable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A regular file of a persisted tree: its bytes in a data file of the store, never in the heap, so a file
 * may be as large as the disk allows and sparse files stay sparse. Size and mtime are the data file's own,
 * so they are right after a crash too; fsync forces the data file, then the store's journal.
 *
 * <p>A file of a {@code from:} folder reads from there until its first change copies it into its data file.
 * Such a file is served without passthrough for the whole mount: the kernel does not let one inode's opens mix
 * passthrough with its page cache, and the folder's file is never handed to the kernel to write.
 */
final class OnDiskFile extends TreeNode implements BackedByFile, Writable, Truncatable, Syncable {
    private final Path data;
    /** The from: folder's file this one shows until its first change; null once it holds its own bytes. */
    private volatile Origin origin;
    private final boolean passthrough;

    OnDiskFile(DirTree tree, long id, Metadata metadata, Path data, Origin origin) {
        super(tree, id, metadata);
        this.data = data;
        this.origin = origin;
        this.passthrough = origin == null;
    }

    @Override
    Origin origin() {
        return origin;
    }

    /** Before the first change: the origin's first {@code upTo} bytes go to the data file, then the store says so. */
    private synchronized void ownContent(long upTo) throws FsException {
        Origin from = origin;
        if (from == null) {
            return;
        }
        withChannel("copy " + from.file + " into", file -> {
            file.truncate(0);
            return 0;
        });
        from.copyTo((at, bytes) -> withChannel("write", file -> file.write(bytes, at)), upTo);
        tree.journal().contentOwned(this);
        origin = null;
    }

    /**
     * The data file, for the kernel to read and write itself (passthrough), unless the tree bounds its files'
     * size: writes the kernel makes itself would not be checked against {@code max_size}.
     */
    @Override
    public Path backingFile() {
        if (!passthrough || tree.maxFileSize() < WritableDirKind.DEFAULT_PERSISTED_MAX_SIZE) {
            return null;
        }
        try {
            createIfMissing(); // the kernel opens the data file by name: it must exist
            return data;
        } catch (IOException e) {
            return null;
        }
    }

    private void createIfMissing() throws IOException {
        if (!Files.exists(data)) {
            Files.newByteChannel(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        }
    }

    @Override
    public Metadata metadata() {
        Metadata m = super.metadata();
        if (origin != null) {
            return m; // no data file yet: the store's times stand
        }
        try {
            Instant modified = Files.getLastModifiedTime(data).toInstant();
            return modified.equals(m.modified()) ? m : new Metadata(m.type(), m.mode(), m.uid(), m.gid(), m.rdev(),
                    m.accessed(), modified, modified.isAfter(m.changed()) ? modified : m.changed());
        } catch (IOException e) {
            return m; // not written yet: the store's times stand
        }
    }

    /** A new mtime goes to the data file itself, where writes move it too. */
    @Override
    public void metadata(Metadata changed) throws FsException {
        if (origin == null && !changed.modified().equals(metadata().modified())) {
            try {
                createIfMissing();
                Files.setLastModifiedTime(data, FileTime.from(changed.modified()));
            } catch (IOException e) {
                throw failed("set the time of", e);
            }
        }
        super.metadata(changed);
    }

    /** The data file's own mtime moved with the write; the store needs no word of it. */
    @Override
    public void contentChanged(Instant now) {}

    @Override
    public long size() {
        Origin from = origin;
        if (from != null) {
            return from.size();
        }
        try {
            return Files.size(data);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) throws FsException {
        Origin from = origin;
        if (from != null) {
            return from.read(offset, into);
        }
        return withChannel("read", file -> {
            int total = 0;
            while (into.hasRemaining()) {
                int n = file.read(into, offset + total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            return total;
        });
    }

    @Override
    public int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        long limit = tree.maxFileSize();
        if (from.hasRemaining() && offset >= limit) {
            throw new FsException(Errno.EFBIG, "past max_size (" + limit + " bytes)");
        }
        if (from.remaining() > limit - offset) {
            from.limit((int) (from.position() + (limit - offset)));
        }
        ownContent(Long.MAX_VALUE);
        int start = from.position();
        return withChannel("write", file -> {
            from.position(start); // a retry writes the same bytes again, at the same place
            int total = 0;
            while (from.hasRemaining()) {
                total += file.write(from, offset + total);
            }
            return total;
        });
    }

    @Override
    public void truncate(long size, Caller caller) throws FsException {
        if (size > tree.maxFileSize()) {
            throw new FsException(Errno.EFBIG, "past max_size (" + tree.maxFileSize() + " bytes)");
        }
        ownContent(size);
        withChannel("truncate", file -> {
            if (size < file.size()) {
                file.truncate(size);
            } else if (size > file.size()) {
                file.write(ByteBuffer.allocate(1), size - 1); // grows sparsely: a hole, then one zero
            }
            return 0;
        });
    }

    /** fsync(2): the bytes, then the name that leads to them. */
    @Override
    public void sync(Caller caller) throws FsException {
        withChannel("sync", file -> {
            file.force(true);
            return 0;
        });
        tree.journal().sync();
    }

    @Override
    public void close() {
        tree.dataFiles.close(data);
        super.close();
    }

    /** Deletes the data file; for the store, once the file has no name and no handle. */
    void deleteData() throws IOException {
        Files.deleteIfExists(data);
    }

    private interface ChannelWork {
        int run(FileChannel file) throws IOException;
    }

    /** Runs {@code work} on the data file's channel, once more if the channel was closed under it (see OpenDataFiles). */
    private int withChannel(String what, ChannelWork work) throws FsException {
        try {
            try {
                return work.run(tree.dataFiles.get(data));
            } catch (ClosedChannelException evicted) {
                return work.run(tree.dataFiles.get(data));
            }
        } catch (IOException e) {
            throw failed(what, e);
        }
    }

    /** The errno the disk under the store gave, as Java's message names it; EIO for any other failure. */
    private FsException failed(String what, IOException e) {
        String message = String.valueOf(e.getMessage());
        Errno errno = message.contains("No space left") ? Errno.ENOSPC
                : message.contains("File too large") ? Errno.EFBIG
                : message.contains("Disk quota exceeded") ? Errno.ENOSPC : Errno.EIO;
        return new FsException(errno, "cannot " + what + " " + data + ": " + message);
    }
}
