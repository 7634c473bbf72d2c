package dev.magicfs.host.vfs;

import dev.magicfs.api.Node;
import java.nio.ByteBuffer;

/**
 * A file that grows while it is read, such as the mount's log ({@code /.magic/log}), each open reading a
 * stream of its own: what the file holds when it is opened, then what is added. fstat of the open shows how
 * far that stream has grown, so {@code tail -f}, which polls fstat and reads what was added, follows it even
 * while the file drops its oldest bytes. A host file: plugins have no use for it yet.
 */
public interface FollowedContent extends Node {

    /** A stream for one open, starting at the oldest byte the file still holds. */
    Reader follow();

    /** One open's stream, read at offsets of its own. */
    interface Reader {
        /** How far the stream has grown: what fstat of the open shows. */
        long size();

        /** Copies the stream's bytes at {@code offset} into {@code into}; returns how many, 0 at its end. */
        int read(long offset, ByteBuffer into);
    }
}
