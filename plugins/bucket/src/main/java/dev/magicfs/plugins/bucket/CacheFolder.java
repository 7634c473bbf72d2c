package dev.magicfs.plugins.bucket;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bucket's folder on local disk: {@code data/} holds object copies, {@code staged/} one small file per
 * copy with writes not uploaded yet, naming the key it goes to. A staged copy outlives the process, even
 * {@code kill -9}: the next mount uploads it. Other copies only save time, and go at the next mount. The
 * {@code lock} keeps a second mount out of the same folder.
 */
final class CacheFolder implements AutoCloseable {
    private final Path root;
    private final Path data;
    private final Path staged;
    private final FileChannel lockFile;
    private final FileLock lock;

    private CacheFolder(Path root, FileChannel lockFile, FileLock lock) {
        this.root = root;
        this.data = root.resolve("data");
        this.staged = root.resolve("staged");
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static CacheFolder open(Path root) throws FsException {
        try {
            Files.createDirectories(root.resolve("data"));
            Files.createDirectories(root.resolve("staged"));
            FileChannel channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new FsException(Errno.EIO, "another mount uses the cache folder " + root + "; give each mount a cache: of its own");
            }
            return new CacheFolder(root, channel, lock);
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot use the cache folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** A new name for a copy in {@code data/}. */
    Path newCopy() {
        return data.resolve(UUID.randomUUID().toString());
    }

    /** Writes not uploaded yet, by copy file, with the key each goes to. */
    Map<Path, String> stagedWrites() throws FsException {
        Map<Path, String> found = new LinkedHashMap<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(staged)) {
            for (Path note : names) {
                Path copy = data.resolve(note.getFileName().toString());
                if (Files.isRegularFile(copy)) {
                    found.put(copy, Files.readString(note, StandardCharsets.UTF_8));
                } else {
                    Files.delete(note);
                }
            }
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot read " + staged + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Removes copies that only saved time: a new mount starts with what the bucket says. */
    void dropUnstagedCopies() throws FsException {
        try (DirectoryStream<Path> names = Files.newDirectoryStream(data)) {
            for (Path copy : names) {
                if (!Files.exists(staged.resolve(copy.getFileName().toString()))) {
                    Files.delete(copy);
                }
            }
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot clear " + data + ": " + e.getMessage(), e);
        }
    }

    /** Notes that {@code copy} holds writes for {@code key}; on disk (written, then renamed) before it returns. */
    void stage(Path copy, String key) throws FsException {
        Path note = staged.resolve(copy.getFileName().toString());
        Path temporary = staged.resolve("." + copy.getFileName() + ".new");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Files.move(temporary, note, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot note a staged write in " + staged + ": " + e.getMessage(), e);
        }
    }

    /** {@code copy} was uploaded (or its file removed): nothing of it is pending any more. */
    void unstage(Path copy) {
        try {
            Files.deleteIfExists(staged.resolve(copy.getFileName().toString()));
        } catch (IOException ignored) {
            // uploaded once more at the next mount, which is harmless
        }
    }

    Path root() {
        return root;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
