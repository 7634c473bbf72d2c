package dev.magicfs.plugins.staticfile;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Readable;
import java.nio.ByteBuffer;

/** Bytes fixed at mount time. */
final class StaticFile implements Readable {
    private final byte[] content;

    StaticFile(byte[] content) {
        this.content = content;
    }

    @Override
    public long size() {
        return content.length;
    }

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) {
        return Readable.copy(content, content.length, offset, into);
    }
}
