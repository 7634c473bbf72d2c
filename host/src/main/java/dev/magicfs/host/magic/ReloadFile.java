package dev.magicfs.host.magic;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.api.Readable;
import dev.magicfs.api.Truncatable;
import dev.magicfs.api.Writable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code /.magic/reload}: {@code echo 1 > /mnt/.magic/reload} reloads mount.yaml as SIGHUP does, and the write
 * returns once the edit is served; a rejected edit fails the write with EINVAL, its reasons in the log.
 * Reading it tells how the last reload through it went.
 */
final class ReloadFile implements Readable, Writable, Truncatable {
    private final MagicFolder.Reload reload;
    private volatile byte[] status = "write 1 here to reload mount.yaml\n".getBytes(StandardCharsets.UTF_8);

    ReloadFile(MagicFolder.Reload reload) {
        this.reload = reload;
    }

    @Override
    public int write(long offset, ByteBuffer from, Caller caller) throws FsException {
        int count = from.remaining();
        byte[] bytes = new byte[count];
        from.get(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!text.equals("1")) {
            throw new FsException(Errno.EINVAL, "write 1 to reload mount.yaml, not '" + abbreviated(text) + "'");
        }
        String rejected;
        try {
            rejected = reload.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsException(Errno.EIO, "interrupted while mount.yaml was reloading"); // the caller got EINTR already
        }
        status = ((rejected == null ? "applied" : "rejected: " + rejected) + " at " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        if (rejected != null) {
            throw new FsException(Errno.EINVAL, "the edit of mount.yaml was rejected: " + rejected);
        }
        return count;
    }

    private static String abbreviated(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }

    /** {@code >} truncates before it writes; there is nothing to cut. */
    @Override
    public void truncate(long size, Caller caller) {}

    @Override
    public int read(long offset, ByteBuffer into, Caller caller) {
        byte[] now = status;
        return Readable.copy(now, now.length, offset, into);
    }

    @Override
    public long size() {
        return status.length;
    }

    @Override
    public int mode() {
        return 0600;
    }
}
