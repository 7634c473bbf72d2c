package dev.magicfs.plugins.staticfile;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Readable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local file served from the file itself, read where each read asks: its size is bounded by the disk, not by
 * the heap. The size is the file's at mount; an edit of the file reloads the tree, which builds a new node.
 */
final class LocalFile implements Readable, AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int mode;

    LocalFile(Path path, int mode) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        this.mode = mode;
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
        int start = into.position();
        try {
            while (into.hasRemaining() && offset + (into.position() - start) < size) {
                if (channel.read(into, offset + (into.position() - start)) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot read " + path + ": " + e.getMessage(), e);
        }
        return into.position() - start;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
