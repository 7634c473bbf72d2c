package dev.magicfs.plugins.writabledir;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file of a {@code from:} folder that a tree's regular file shows until its first change. The folder is
 * only ever read: the first write, truncation or fallocate copies the bytes into the tree's own storage, and
 * from then on the file is the tree's.
 */
final class Origin {
    private static final int CHUNK = 1 << 20;
    final Path file;

    Origin(Path file) {
        this.file = file;
    }

    /** The folder file's size now; 0 once it is gone from the folder. */
    long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    int read(long offset, ByteBuffer into) throws FsException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int total = 0;
            while (into.hasRemaining()) {
                int n = channel.read(into, offset + total);
                if (n <= 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot read " + file + " of the tree's from: folder: " + e.getMessage());
        }
    }

    interface Target {
        /** Stores {@code bytes} at {@code offset}; returns how many it took. */
        int write(long offset, ByteBuffer bytes) throws FsException;
    }

    /**
     * Copies the folder file's first {@code upTo} bytes (a truncation keeps no more) into {@code target}:
     * ENOSPC when the target takes less.
     */
    void copyTo(Target target, long upTo) throws FsException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, Math.min(upTo, size()))));
        for (long at = 0; at < upTo; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), upTo - at));
            int n = read(at, chunk);
            if (n <= 0) {
                return;
            }
            chunk.flip();
            if (target.write(at, chunk) < n) {
                throw new FsException(Errno.ENOSPC, "no room to copy " + file + " into the tree");
            }
            at += n;
        }
    }

    /** Copies all of the folder file into {@code target}. */
    void copyTo(Target target) throws FsException {
        copyTo(target, Long.MAX_VALUE);
    }
}
