package dev.magicfs.api;

/**
 * A file whose whole content is computed when it is opened, such as the current time. Every open gets one
 * generation, and every read of that open is served from the same bytes, so a file larger than one read never
 * mixes two generations.
 *
 * <p>Sizes are exact: a {@code stat} (or the lookup before an open) calls {@link #generate}, unless
 * {@link #knownSize} tells the length without it, and reports that
 * generation's length, and the next open within the file's ttl (at least a second) serves that very
 * generation, so tools that read {@code st_size} bytes (tar, git, sendfile, mmap) get exactly what cat shows.
 * A file whose generation is too costly to run at each {@code stat} can say {@code size: unknown} in
 * mount.yaml ({@link CachePolicy#exactSize}): stat then shows 0, as /proc does, and reads use direct I/O.
 * So {@code generate} may run without a read following it; it must not count on one.
 */
public interface Generated extends Node {

    /** The content for one open by {@code caller}. */
    byte[] generate(Caller caller) throws FsException;

    /**
     * The length the next generation will have, when the node knows it without generating: a download kept
     * in memory, or one whose length is known before it starts. A stat then reports it and generates nothing.
     * {@link Node#UNKNOWN_SIZE} (the default) when only a generation can tell.
     */
    default long knownSize() {
        return UNKNOWN_SIZE;
    }
}
