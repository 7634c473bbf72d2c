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
}
