package dev.magicfs.plugins.memory;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Where a persisted file's content lives on disk, written crash-safely: a temporary file is written and
 * fsynced, renamed over the old one, and the folder is fsynced, so after a crash at any moment the file holds
 * either the old content or the new, whole. A header carries the length and a CRC-32C of the content, so a
 * file damaged or changed outside magicfs is recognised and never overwritten.
 *
 * <p>Format: the 8 bytes {@code MAGICFS1}, the content's length (8 bytes, big-endian), its CRC-32C (4 bytes),
 * then the content.
 */
final class PersistFile {
    private static final byte[] MAGIC = {'M', 'A', 'G', 'I', 'C', 'F', 'S', '1'};
    private static final int HEADER = MAGIC.length + 8 + 4;

    private final Path path;
    private final Path temporary;

    PersistFile(Path path) {
        this.path = path;
        this.temporary = path.resolveSibling(path.getFileName() + ".tmp");
    }

    Path path() {
        return path;
    }

    /**
     * The saved content, or null when nothing was saved yet.
     *
     * @throws IOException when the file cannot be read or is not a whole magicfs persist file; the message
     *     says which
     */
    byte[] load(long maxSize) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a magicfs persist file (it does not start with MAGICFS1)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, HEADER - MAGIC.length);
        long length = in.getLong();
        int crc = in.getInt();
        if (length != bytes.length - HEADER) {
            throw new IOException("damaged: the header says " + length + " bytes of content, the file holds "
                    + (bytes.length - HEADER));
        }
        if (length > maxSize) {
            throw new IOException("holds " + length + " bytes, more than max_size (" + maxSize + ")");
        }
        CRC32C check = new CRC32C();
        check.update(bytes, HEADER, (int) length);
        if ((int) check.getValue() != crc) {
            throw new IOException("damaged: the content does not match its checksum");
        }
        return Arrays.copyOfRange(bytes, HEADER, bytes.length);
    }

    /** Replaces the saved content with {@code length} bytes of {@code content}, crash-safely. */
    void save(byte[] content, int length) throws FsException {
        CRC32C check = new CRC32C();
        check.update(content, 0, length);
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putLong(length).putInt((int) check.getValue()).flip();
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer body = ByteBuffer.wrap(content, 0, length);
                while (header.hasRemaining() || body.hasRemaining()) {
                    out.write(new ByteBuffer[] {header, body});
                }
                out.force(true);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the folder cannot rename atomically", e);
            }
            try (FileChannel folder = FileChannel.open(path.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                folder.force(true); // makes the rename itself durable
            }
        } catch (IOException e) {
            throw new FsException(Errno.EIO, "cannot save to " + path + ": " + e.getMessage(), e);
        }
    }
}
