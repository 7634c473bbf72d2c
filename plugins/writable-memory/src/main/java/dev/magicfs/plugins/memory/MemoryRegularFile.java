package dev.magicfs.plugins.memory;

import dev.magicfs.api.Caller;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Metadata;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import java.nio.ByteBuffer;

/** A regular file of a {@link MemoryTree}: its bytes in a {@link MemoryFile}, without a persist file. */
final class MemoryRegularFile extends MemoryNode implements Readable, Writable, Truncatable, AutoCloseable {
    private final MemoryFile content;

    MemoryRegularFile(MemoryTree tree, Metadata metadata) throws FsException {
        super(tree, metadata);
        content = new MemoryFile(tree.maxFileSize(), new byte[0], tree.budget, null, null, tree.log);
    }

    @Override
    public long size() {
        return content.size();
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) {
        return content.read(offset, into, caller);
    }

    @Override
    public int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        return content.write(offset, from, caller);
    }

    @Override
    public void truncate(long size, Caller caller) throws FsException {
        content.truncate(size, caller);
    }

    /** Gives the content's memory back to the mount's budget. */
    @Override
    public void close() {
        try {
            content.close();
        } catch (FsException e) {
            tree.log.error("releasing a removed file's memory failed: " + e.getMessage()); // no persist file: cannot happen
        }
    }
}
