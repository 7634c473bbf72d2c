package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.host.log.MountLog;
import java.nio.file.Path;
import java.util.HashMap;
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
    private static final int O_RDWR = 2;
    private static final ThreadLocal<NativeBuffer> ARGUMENT = ThreadLocal.withInitial(() -> new NativeBuffer(BACKING_MAP_SIZE));

    private final LibC c = LibC.get();
    private final FuseDevice device;
    private final MountLog log;
    private volatile boolean enabled;
    /** The inode of each open handle served by passthrough, until its RELEASE. */
    private final Map<Long, Long> inodeOfHandle = new ConcurrentHashMap<>();
    /**
     * Each inode's one backing file and how many handles use it: the kernel refuses a second, different
     * backing for an inode that is open through one already. Guarded by this.
     */
    private final Map<Long, Backing> backings = new HashMap<>();

    private record Backing(int id, int handles) {}

    /** The inode of each open handle read through the page cache, until its RELEASE. */
    private final Map<Long, Long> cachedInodeOfHandle = new ConcurrentHashMap<>();
    /**
     * How many handles of each inode read through the page cache: the kernel refuses passthrough (ETXTBSY)
     * to an inode with such an open, so its next opens are served by magicfs too. Guarded by this.
     */
    private final Map<Long, Integer> cachedOpens = new HashMap<>();

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
     * Registers {@code file} with the kernel as inode {@code ino}'s backing for the open {@code handle}, or
     * shares the registration its other open handles use.
     *
     * @param writable whether the kernel writes through to the file too (a changeable tree's file)
     * @return the backing id to send in the open's reply, or -1 to serve the open without passthrough
     */
    synchronized int register(long handle, long ino, Path file, boolean writable) {
        if (!enabled || cachedOpens.containsKey(ino)) {
            return -1;
        }
        Backing backing = backings.get(ino);
        if (backing == null) {
            int id = registerWithKernel(file, writable);
            if (id < 0) {
                return -1;
            }
            backing = new Backing(id, 0);
        }
        backings.put(ino, new Backing(backing.id(), backing.handles() + 1));
        inodeOfHandle.put(handle, ino);
        return backing.id();
    }

    /**
     * Notes that {@code handle}, an open of inode {@code ino} answered without passthrough, reads through the
     * page cache, until its release. Only while passthrough is on: otherwise no open would conflict.
     */
    void servedWithPageCache(long handle, long ino) {
        if (enabled) {
            synchronized (this) {
                cachedOpens.merge(ino, 1, Integer::sum);
            }
            cachedInodeOfHandle.put(handle, ino);
        }
    }

    private int registerWithKernel(Path file, boolean writable) {
        int fd = c.open(file.toString(), (writable ? O_RDWR : O_RDONLY) | FuseDevice.O_CLOEXEC);
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
            return id;
        } finally {
            c.close(fd); // the registration holds its own reference to the file
        }
    }

    /**
     * Drops {@code handle}'s use of its inode's backing, at its RELEASE or when its open was not delivered; the
     * last handle's drop ends the registration. It is kept until then because the kernel looks the backing id
     * up after it has taken the open's reply, in the opener's own time.
     */
    void release(long handle) {
        Long cached = cachedInodeOfHandle.isEmpty() ? null : cachedInodeOfHandle.remove(handle);
        if (cached != null) {
            synchronized (this) {
                cachedOpens.computeIfPresent(cached, (ino, n) -> n > 1 ? n - 1 : null);
            }
        }
        Long ino = inodeOfHandle.isEmpty() ? null : inodeOfHandle.remove(handle);
        if (ino == null) {
            return;
        }
        synchronized (this) {
            Backing backing = backings.get(ino);
            if (backing.handles() > 1) {
                backings.put(ino, new Backing(backing.id(), backing.handles() - 1));
                return;
            }
            backings.remove(ino);
            NativeBuffer id = ARGUMENT.get();
            id.bytes.putInt(0, backing.id());
            c.ioctl(device.fd, DEV_IOC_BACKING_CLOSE, id.address);
        }
    }
}
