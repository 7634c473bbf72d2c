package dev.magicfs.plugins.staticfile;

import dev.magicfs.api.BackedByFile;
import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local file served from the file itself, mapped into memory: its size is bounded by the disk, not by the
 * heap, and a read is a copy from the kernel's page cache, with no system call. The size is the file's at
 * mount; an edit of the file reloads the tree, which builds a new node.
 */
final class LocalFile implements BackedByFile {
    /** Mappings are made in pieces of this size: one mapping holds at most 2 GiB. */
    private static final int PIECE = 1 << 30;
    private final Path path;
    private final MappedByteBuffer[] pieces;
    private final long size;
    private final int mode;

    LocalFile(Path path, int mode) throws IOException {
        this.path = path;
        this.mode = mode;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            size = channel.size();
            pieces = new MappedByteBuffer[(int) ((size + PIECE - 1) / PIECE)];
            for (int i = 0; i < pieces.length; i++) {
                long start = (long) i * PIECE;
                pieces[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(PIECE, size - start));
            }
        }
    }

    @Override
    public Path backingFile() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int mode() {
        return mode;
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) throws FsException {
        int copied = 0;
        try {
            while (into.hasRemaining() && offset < size) {
                MappedByteBuffer piece = pieces[(int) (offset / PIECE)];
                int within = (int) (offset % PIECE);
                int n = Math.min(into.remaining(), piece.capacity() - within);
                into.put(into.position(), piece, within, n).position(into.position() + n);
                offset += n;
                copied += n;
            }
        } catch (InternalError e) { // the JVM's word for a fault in a mapping: the file shrank under it
            throw new FsException(Errno.EIO, path + " changed size while mounted (" + e.getMessage() + ")", e);
        }
        return copied;
    }
}
