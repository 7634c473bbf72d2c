package dev.magicfs.api;

import java.time.Instant;

/**
 * One file or directory of the mount, as a plugin builds it. A node implements the capabilities it has
 * ({@link Readable}, {@link Generated}, {@link Writable}, {@link Truncatable}, {@link Syncable},
 * {@link Directory}); the host
 * checks for them with {@code instanceof}. A node that is none of these is an empty read-only file.
 *
 * <p>A node that holds resources (a background writer, a connection) implements {@link AutoCloseable}: the
 * host closes it once, after the mount has ended and no request runs any more.
 */
public interface Node {

    /**
     * The size {@code stat} reports, or {@link #UNKNOWN_SIZE} when the node cannot tell before it is read
     * (a download that has not started). The host opens such a file with direct I/O, so reads reach the node
     * whatever the size says. For {@link Generated} nodes the host reports the length of a generation (see
     * there) and ignores this.
     */
    default long size() {
        return 0;
    }

    /**
     * When the content last changed, or null when it never changes after the mount (the host then reports
     * the mount time).
     */
    default Instant lastModified() {
        return null;
    }

    /**
     * The permission bits the file has when mount.yaml gives it no {@code mode}, such as a source file's own
     * (0640 keeps a file that was not for everyone so); {@link #DEFAULT_MODE} for the host's default: 0444,
     * 0644 for a writable file, 0755 for a directory.
     */
    default int mode() {
        return DEFAULT_MODE;
    }

    /** Returned by {@link #mode()} for the host's default mode. */
    int DEFAULT_MODE = -1;

    /** Returned by {@link #size()} when the size is not known yet. */
    long UNKNOWN_SIZE = -1;
}
