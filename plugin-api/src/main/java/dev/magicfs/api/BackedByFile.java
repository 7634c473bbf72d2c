package dev.magicfs.api;

import java.nio.file.Path;

/**
 * A file whose bytes are exactly those of a local file, as they are now. The host may then let the kernel read
 * that file directly (FUSE passthrough) instead of calling {@link #read}: such reads reach no plugin and no
 * request log line.
 */
public interface BackedByFile extends Readable {
    /** The local file whose bytes this file shows. */
    Path backingFile();

    /**
     * Whether an open for writing of a changeable tree's file may let the kernel write the backing file
     * directly too. A file that answers false sees every write; its opens for writing then read through
     * magicfs as well, since the kernel lets one file's opens mix passthrough with nothing else.
     */
    default boolean acceptsDirectWrites() {
        return true;
    }

    /**
     * Whether an open made while {@link #backingFile} is null skips the kernel's page cache (direct I/O): for a
     * file whose bytes are on their way into the backing file, so that memory holds them once, there, and not
     * a second time in the page cache of the mount.
     */
    default boolean directIoUntilBacked() {
        return false;
    }
}
