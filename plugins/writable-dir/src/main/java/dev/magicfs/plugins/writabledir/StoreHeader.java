package dev.magicfs.plugins.writabledir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The first 100 bytes of a store's {@code tree.db}, SQLite's database header, read without SQLite: starting
 * its native library costs a mount a third of a second, and a probe needs only two numbers. SQLite keeps an
 * application's id at offset 68 and its schema version ({@code pragma user_version}) at offset 60, both
 * big-endian; magicfs writes its own id and the store format there.
 */
record StoreHeader(int applicationId, int userVersion) {
    /** "mgfs". */
    static final int APPLICATION_ID = 0x6d676673;
    /** The format of a store from before the header was marked: only its meta table knows. */
    static final int UNMARKED = 0;

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** @throws IOException when the file is not an SQLite database, or one of another application */
    static StoreHeader read(Path database) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(100);
        try (FileChannel in = FileChannel.open(database)) {
            while (header.hasRemaining() && in.read(header) >= 0) {
                // a short read of a regular file is rare but allowed
            }
        }
        if (header.hasRemaining() || !header.flip().slice(0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new IOException("not an SQLite database");
        }
        StoreHeader read = new StoreHeader(header.getInt(68), header.getInt(60));
        if (read.applicationId() != 0 && read.applicationId() != APPLICATION_ID) {
            throw new IOException(String.format("an SQLite database of another application, id 0x%08x", read.applicationId()));
        }
        return read;
    }

    /** The store format, or {@link #UNMARKED}. */
    int format() {
        return applicationId == APPLICATION_ID ? userVersion : UNMARKED;
    }
}
