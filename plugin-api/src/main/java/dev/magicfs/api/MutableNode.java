package dev.magicfs.api;

/**
 * A file, directory, symbolic link or special file of a tree users change with ordinary tools (the
 * {@code writable-dir} kind). The host means every operation the way Linux does and sets the
 * {@link Metadata} it leads to; the node stores it. A regular file is also {@link Readable}, {@link Writable}
 * and {@link Truncatable}; a directory is a {@link MutableDirectory}.
 *
 * <p>The host knows a node by its identity: the store hands out the same object for the same file for as
 * long as anyone holds it, so a hard link shows one inode under both names.
 */
public interface MutableNode extends Node {
    Metadata metadata();

    /** Keeps {@code changed} as this node's metadata; a persisted store makes it durable by the next sync. */
    void metadata(Metadata changed) throws FsException;

    /** The names the node has in its tree: 0 once the last is removed; for a directory, 2 plus its subdirectories. */
    long links();

    /**
     * A write or truncation changed the content at {@code now}: by default mtime and ctime move. A node whose
     * storage keeps its own mtime (a data file) may do nothing here, so no write costs a metadata update.
     */
    default void contentChanged(java.time.Instant now) throws FsException {
        metadata(metadata().modifiedAt(now));
    }

    /**
     * The value of the extended attribute {@code name} ({@code user.*} or {@code trusted.*}), or null when the
     * node has none by that name. The host has checked the name; the bytes returned are not changed by anyone.
     */
    default byte[] xattr(String name) {
        return null;
    }

    /** The names of the node's extended attributes, in the order they were first set. */
    default java.util.List<String> xattrNames() {
        return java.util.List.of();
    }

    /**
     * Keeps {@code value} as the extended attribute {@code name}, or removes it when {@code value} is null.
     * The host has decided the change is allowed (flags, rights, sizes); the node may still refuse it, for
     * example with ENOSPC when its room for attributes is used up.
     */
    default void xattr(String name, byte[] value) throws FsException {
        throw new FsException(Errno.ENOTSUP, "this file keeps no extended attributes");
    }

    /** A symbolic link's target; null for every other node. */
    default String linkTarget() {
        return null;
    }

    @Override
    default int mode() {
        return metadata().mode();
    }

    @Override
    default java.time.Instant lastModified() {
        return metadata().modified();
    }
}
