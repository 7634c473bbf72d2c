package dev.magicfs.api;

/**
 * A file whose content is replaced as a whole when a writer is done, such as a script that validates what
 * was written. The host buffers the writes of each open handle: the buffer starts as the content this open
 * generated (empty after {@code O_TRUNC}), and at {@code fsync} or {@code close} the node receives the
 * handle's whole new content. A failure there is what {@code fsync(2)} or {@code close(2)} returns, so
 * {@code echo bad > file} reports it.
 *
 * <p>A node with this capability is usually {@link Generated} as well: later opens read whatever it then
 * generates. Without this capability or {@link Writable}, opening the file for writing fails with EACCES.
 */
public interface Replaceable extends Node {

    /**
     * Takes {@code content} as the file's new content, or refuses it.
     *
     * @throws FsException EINVAL (or another errno) when the content is refused; the caller's close or
     *     fsync fails with it
     */
    void replace(byte[] content, Caller caller) throws FsException;

    /** The largest content a writer may leave in one handle; writing past it fails with EFBIG. */
    default long maxSize() {
        return 16L << 20;
    }
}
