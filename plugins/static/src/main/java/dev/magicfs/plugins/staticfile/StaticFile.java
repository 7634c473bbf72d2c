package dev.magicfs.plugins.staticfile;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Readable;
import java.nio.ByteBuffer;

/** Bytes fixed at mount time. */
final class StaticFile implements Readable {
    private final byte[] content;
    private final int mode;

    /** @param mode the permission bits when mount.yaml gives none; {@link #DEFAULT_MODE} for the host's */
    StaticFile(byte[] content, int mode) {
        this.content = content;
        this.mode = mode;
    }

    @Override
    public int mode() {
        return mode;
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
