package dev.magicfs.plugins.sql;

import dev.magicfs.api.Caller;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Replaceable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** One row as a file, read-only: its content column's bytes, as the listing read them. */
class RowFile implements Readable {
    final SqlDirectory directory;
    private final byte[] content;
    private final Instant modified;
    final Map<String, Object> row;

    RowFile(SqlDirectory directory, byte[] content, Instant modified, Map<String, Object> row) {
        this.directory = directory;
        this.content = content;
        this.modified = modified;
        this.row = row;
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public Instant lastModified() {
        return modified;
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) {
        return Readable.copy(content, content.length, offset, into);
    }

    /**
     * A row of a directory with an {@code update}: writing hands the whole new content to it (the host buffers
     * the writes and hands them over at close or fsync).
     */
    static final class Writable extends RowFile implements Replaceable {
        Writable(SqlDirectory directory, byte[] content, Instant modified, Map<String, Object> row) {
            super(directory, content, modified, row);
        }

        @Override
        public void replace(byte[] newContent, Caller caller) throws FsException {
            directory.update(row, newContent);
            directory.log().info("row updated through " + directory.database().url());
        }
    }
}
