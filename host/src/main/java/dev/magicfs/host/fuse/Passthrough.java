package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.host.log.MountLog;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FUSE passthrough: an open of a file backed by a local file is registered with the kernel, which then reads
 * that file itself, at the speed of the filesystem under it, without a READ request. It needs the kernel's
 * offer at INIT and CAP_SYS_ADMIN (the kernel checks at each registration); where either is missing, or a
 * registration fails, opens are served by magicfs as always, and the first failure says why at debug.
 */
final class Passthrough {
    private static final int O_RDONLY = 0;
    private static final ThreadLocal<NativeBuffer> ARGUMENT = ThreadLocal.withInitial(() -> new NativeBuffer(BACKING_MAP_SIZE));

    private final LibC c = LibC.get();
    private final FuseDevice device;
    private final MountLog log;
    private volatile boolean enabled;
    /** The registration of each open handle served by passthrough, dropped at its RELEASE. */
    private final Map<Long, Integer> registrations = new ConcurrentHashMap<>();

    Passthrough(FuseDevice device, MountLog log) {
        this.device = device;
        this.log = log;
    }

    void enable(boolean on) {
        enabled = on;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Registers {@code file}'s open file with the kernel for the open {@code handle}.
     *
     * @return the backing id to send in the open's reply, or -1 to serve the open without passthrough
     */
    int register(long handle, Path file) {
        if (!enabled) {
            return -1;
        }
        int fd = c.open(file.toString(), O_RDONLY | FuseDevice.O_CLOEXEC);
        if (fd < 0) {
            log.debug("passthrough: cannot open " + file + " (" + c.strerror(LibC.errno()) + "); served by magicfs");
            return -1;
        }
        try {
            NativeBuffer map = ARGUMENT.get();
            map.bytes.putLong(0, 0).putLong(8, 0).putInt(BACKING_MAP_FD, fd);
            int id = c.ioctl(device.fd, DEV_IOC_BACKING_OPEN, map.address);
            if (id < 0) {
                enabled = false;
                log.debug("passthrough off: the kernel refused to register " + file + " (" + c.strerror(LibC.errno())
                        + "); files are served by magicfs");
            }
            if (id < 0) {
                return -1;
            }
            registrations.put(handle, id);
            return id;
        } finally {
            c.close(fd); // the registration holds its own reference to the file
        }
    }

    /**
     * Drops the registration of {@code handle}, at its RELEASE or when its open was not delivered. It is kept
     * until then because the kernel looks the backing id up after it has taken the open's reply, in the
     * opener's own time.
     */
    void release(long handle) {
        Integer backingId = registrations.isEmpty() ? null : registrations.remove(handle);
        if (backingId != null) {
            NativeBuffer id = ARGUMENT.get();
            id.bytes.putInt(0, backingId);
            c.ioctl(device.fd, DEV_IOC_BACKING_CLOSE, id.address);
        }
    }
}
