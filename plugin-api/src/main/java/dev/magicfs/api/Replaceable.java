package dev.magicfs.api;

/**
 * A file whose content is replaced as a whole when a writer is done, such as a script that validates what
 * was written. The host buffers the writes of each open handle: the buffer starts as the content this open
 * generated (empty after {@code O_TRUNC}), and the node receives the handle's whole new content at the first
 * {@code close(2)} or {@code fsync(2)} after a write, or at the last close when the file was only truncated.
 * A refusal is what that {@code close} or {@code fsync} returns, so {@code /bin/echo bad > file} or
 * {@code cp} report it. (A shell's builtin {@code echo} ignores errors from close; its writes succeed.)
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
