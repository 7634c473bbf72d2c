package dev.magicfs.host.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;

/**
 * Attaches a FUSE connection to a folder and detaches it. With CAP_SYS_ADMIN (root), magicfs opens
 * /dev/fuse and calls mount(2) itself. Otherwise the setuid fusermount3 (or libfuse 2's fusermount, which
 * speaks the same protocol) mounts for the user and hands the opened device back over a socket pair: the
 * socket's number is in the environment variable {@code _FUSE_COMMFD}, the device comes as SCM_RIGHTS.
 */
final class Mounter {
    static final int MS_NOSUID = 2, MS_NODEV = 4, MNT_DETACH = 2;
    static final int AF_UNIX = 1, SOCK_STREAM = 1, SOL_SOCKET = 1, SCM_RIGHTS = 1;
    // struct msghdr, struct iovec and struct cmsghdr on x86-64, checked by ProtocolLayoutTest
    static final int MSGHDR_SIZE = 56, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32, MSG_CONTROLLEN = 40;
    static final int IOVEC_SIZE = 16, CMSG_LEVEL = 8, CMSG_TYPE = 12, CMSG_DATA = 16;
    private static final int EPERM = Errno.EPERM.intValue();

    private Mounter() {}

    /** The fusermount programs, in the order tried. */
    static final List<String> FUSERMOUNTS = List.of("fusermount3", "fusermount");

    /**
     * Mounts a new FUSE connection at {@code mountPoint} and returns its device.
     *
     * @param defaultPermissions whether the kernel checks each access against the mode bits and owners
     */
    static FuseDevice mount(Path mountPoint, String fsName, boolean allowOther, boolean defaultPermissions) throws MountException {
        LibC c = LibC.get();
        if (c.geteuid() == 0) {
            FuseDevice device;
            try {
                device = FuseDevice.open();
            } catch (IOException e) {
                throw new MountException(e.getMessage() + " (is the fuse kernel module loaded, and /dev/fuse passed to this container?)");
            }
            String data = "fd=" + device.fd + ",rootmode=40000,user_id=0,group_id=0" + options(allowOther, defaultPermissions);
            if (c.mount(fsName, mountPoint.toString(), "fuse.magicfs", MS_NOSUID | MS_NODEV, data) == 0) {
                return device;
            }
            int errno = LibC.errno();
            device.close();
            if (errno != EPERM) { // EPERM: root without CAP_SYS_ADMIN, in a container: fusermount may still do it
                throw new MountException("cannot mount at " + mountPoint + ": " + c.strerror(errno));
            }
        }
        return throughFusermount(mountPoint, fsName, allowOther, defaultPermissions);
    }

    private static String options(boolean allowOther, boolean defaultPermissions) {
        return (allowOther ? ",allow_other" : "") + (defaultPermissions ? ",default_permissions" : "");
    }

    private static FuseDevice throughFusermount(Path mountPoint, String fsName, boolean allowOther, boolean defaultPermissions)
            throws MountException {
        Path program = fusermount().orElseThrow(() -> new MountException("cannot mount at " + mountPoint
                + ": magicfs is not root and finds neither fusermount3 nor fusermount (Debian and Ubuntu: apt-get install fuse3)"));
        String options = "fsname=" + fsName + ",subtype=magicfs" + options(allowOther, defaultPermissions);
        LibC c = LibC.get();
        int[] sockets = new int[2];
        if (c.socketpair(AF_UNIX, SOCK_STREAM, 0, sockets) != 0) {
            throw new MountException("cannot create a socket pair for fusermount: " + c.strerror(LibC.errno()));
        }
        try {
            int pid = Spawn.spawn(program.toString(), List.of(program.toString(), "-o", options, "--", mountPoint.toString()),
                    Map.of("_FUSE_COMMFD", Integer.toString(sockets[1])));
            c.close(sockets[1]);
            sockets[1] = -1;
            int fd = receiveDescriptor(sockets[0]);
            int status = Spawn.await(pid);
            if (fd < 0) {
                throw new MountException("cannot mount at " + mountPoint + ": " + program.getFileName()
                        + " failed (exit status " + status + "; its reason is printed above; for allow_other, "
                        + "user_allow_other must be set in /etc/fuse.conf)");
            }
            return new FuseDevice(fd);
        } finally {
            c.close(sockets[0]);
            if (sockets[1] >= 0) {
                c.close(sockets[1]);
            }
        }
    }

    /** The descriptor fusermount sends over {@code socket}, or -1 when it ends without one. */
    private static int receiveDescriptor(int socket) {
        NativeBuffer m = new NativeBuffer(MSGHDR_SIZE + IOVEC_SIZE + 8 + 64);
        long iov = m.address + MSGHDR_SIZE;
        long data = iov + IOVEC_SIZE;
        long control = data + 8;
        int iovAt = MSGHDR_SIZE, controlAt = MSGHDR_SIZE + IOVEC_SIZE + 8;
        m.bytes.putLong(MSG_IOV, iov).putLong(MSG_IOVLEN, 1).putLong(MSG_CONTROL, control).putLong(MSG_CONTROLLEN, 64);
        m.bytes.putLong(iovAt, data).putLong(iovAt + 8, 1);
        long received;
        do {
            received = LibC.get().recvmsg(socket, m.address, 0);
        } while (received < 0 && LibC.errno() == Errno.EINTR.intValue());
        if (received <= 0 || m.bytes.getLong(MSG_CONTROLLEN) < CMSG_DATA + 4
                || m.bytes.getInt(controlAt + CMSG_LEVEL) != SOL_SOCKET || m.bytes.getInt(controlAt + CMSG_TYPE) != SCM_RIGHTS) {
            return -1;
        }
        return m.bytes.getInt(controlAt + CMSG_DATA);
    }

    /**
     * Detaches the mount at {@code mountPoint} lazily: it leaves the namespace at once, and the kernel ends the
     * connection when its last user lets go.
     */
    static boolean detach(Path mountPoint) {
        LibC c = LibC.get();
        if (c.geteuid() == 0 && c.umount2(mountPoint.toString(), MNT_DETACH) == 0) {
            return true;
        }
        Optional<Path> program = fusermount();
        if (program.isEmpty()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(program.get().toString(), "-u", "-z", mountPoint.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** fusermount3, else fusermount, from PATH or the usual folders. */
    static Optional<Path> fusermount() {
        List<Path> folders = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                folders.add(Path.of(dir));
            }
        }
        folders.addAll(List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/bin")));
        return FUSERMOUNTS.stream()
                .flatMap(name -> folders.stream().map(dir -> dir.resolve(name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The command a user runs to unmount {@code mountPoint}, for messages. */
    static String unmountCommand(Path mountPoint, boolean lazy) {
        return fusermount().map(p -> p.getFileName() + (lazy ? " -u -z " : " -u ") + mountPoint)
                .orElse((lazy ? "umount -l " : "umount ") + mountPoint);
    }

}
