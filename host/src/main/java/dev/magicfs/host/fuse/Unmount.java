package dev.magicfs.host.fuse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Errno;

/** {@code magicfs unmount}: ends a magicfs mount as umount(8) or fusermount3 -u would, for root or its user. */
public final class Unmount {
    private Unmount() {}

    /**
     * Unmounts the magicfs mount at {@code mountPoint}; its process then ends by itself.
     *
     * @param lazy detach it now even while processes use it; the kernel ends it when the last one lets go
     * @throws MountException when nothing of magicfs is mounted there, or the mount is busy or not ours
     */
    public static void unmount(Path mountPoint, boolean lazy) throws MountException {
        MountPoint point = new MountPoint(mountPoint);
        Optional<MountPoint.FuseMount> mounted = point.currentMount();
        if (mounted.isEmpty() || !mounted.get().type().equals("fuse.magicfs")) {
            throw new MountException(point.path() + " is not a magicfs mount"
                    + mounted.map(m -> " (it is " + m.type() + ")").orElse(""));
        }
        LibC c = LibC.get();
        if (c.geteuid() == 0) {
            if (c.umount2(point.path().toString(), lazy ? Mounter.MNT_DETACH : 0) == 0) {
                return;
            }
            int errno = LibC.errno();
            throw new MountException("cannot unmount " + point.path() + ": " + c.strerror(errno)
                    + (errno == Errno.EBUSY.intValue() ? " (a process uses it: --lazy detaches it now and ends it when the last one lets go)" : ""));
        }
        Path fusermount = Mounter.fusermount().orElseThrow(() -> new MountException("cannot unmount " + point.path()
                + " as a user without fusermount3: apt-get install fuse3"));
        List<String> command = new ArrayList<>(List.of(fusermount.toString(), "-u"));
        if (lazy) {
            command.add("-z");
        }
        command.add(point.path().toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new MountException("cannot unmount " + point.path() + ": " + (said.isEmpty() ? fusermount + " failed" : said));
            }
        } catch (IOException e) {
            throw new MountException("cannot run " + fusermount + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while unmounting " + point.path());
        }
    }
}
