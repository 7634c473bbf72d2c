package dev.magicfs.host.fuse;

import java.io.IOException;
import jnr.constants.platform.Errno;

/**
 * An open {@code /dev/fuse}: one read(2) takes one request, one write(2) sends one reply or notification.
 * Safe for any number of threads; a reply must go to the descriptor its request came from.
 */
final class FuseDevice implements AutoCloseable {
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 02000000;
    private static final int ENOENT = Errno.ENOENT.intValue();
    private static final int EINTR = Errno.EINTR.intValue();
    private static final int EAGAIN = Errno.EAGAIN.intValue();
    private static final int ENODEV = Errno.ENODEV.intValue();

    private final LibC c = LibC.get();
    final int fd;

    FuseDevice(int fd) {
        this.fd = fd;
    }

    /** Opens /dev/fuse for a mount(2) by this process. */
    static FuseDevice open() throws IOException {
        int fd = LibC.get().open("/dev/fuse", O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open /dev/fuse: " + LibC.get().strerror(LibC.errno()));
        }
        return new FuseDevice(fd);
    }

    /**
     * Reads one request into {@code into}.
     *
     * @return its length; 0 when the mount is gone (the kernel ended the connection); -1 when the read was
     *     interrupted or the request withdrawn before it was read, so the caller reads again
     * @throws IOException when the device fails otherwise
     */
    int read(NativeBuffer into) throws IOException {
        long n = c.read(fd, into.address, into.capacity());
        if (n > 0) {
            return (int) n;
        }
        int errno = n < 0 ? LibC.errno() : ENODEV;
        if (errno == ENODEV) {
            return 0;
        }
        if (errno == EINTR || errno == EAGAIN || errno == ENOENT) {
            return -1;
        }
        throw new IOException("reading /dev/fuse failed: " + c.strerror(errno));
    }

    /**
     * Writes {@code length} bytes from {@code from}.
     *
     * @return false when the kernel no longer waits for this reply (its caller was interrupted, or the mount
     *     is gone), which ends the request as well as a delivered reply would
     */
    boolean write(NativeBuffer from, int length) {
        return c.write(fd, from.address, length) == length;
    }

    /** The error of the last failed {@link #write} on this thread, for a log line. */
    String lastError() {
        return c.strerror(LibC.errno());
    }

    @Override
    public void close() {
        c.close(fd);
    }
}
