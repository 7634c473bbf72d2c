package dev.magicfs.api;

/**
 * A request failed with an {@link Errno}. The message is a sentence for the log ("download failed: HTTP 500
 * from http://...") and never reaches the caller, who sees only the errno.
 */
public class FsException extends Exception {
    private final Errno errno;

    /** A failure the caller sees as {@code errno}; {@code message} goes to the log. */
    public FsException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** The same, with the exception that caused it (logged with the message). */
    public FsException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The error the caller sees. */
    public Errno errno() {
        return errno;
    }
}
