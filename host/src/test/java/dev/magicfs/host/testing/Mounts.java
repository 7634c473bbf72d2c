package dev.magicfs.host.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel has mounted, from /proc/self/mountinfo. */
public final class Mounts {
    private Mounts() {}

    public static boolean isMounted(Path mountPoint) {
        return mountId(mountPoint) != null;
    }

    /** The id mountinfo gives the mount on top at {@code mountPoint}, or null when nothing is mounted there. */
    public static String mountId(Path mountPoint) {
        String id = null;
        String wanted = mountPoint.toAbsolutePath().normalize().toString().replace(" ", "\\040");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].equals(wanted)) {
                    id = fields[0]; // the last line is the mount on top
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /**
     * The fusermount this machine has: fusermount3 (Debian's fuse3) or libfuse 2's fusermount; magicfs
     * installs only fuse3, and only where neither is present.
     */
    public static String fusermount() {
        for (String name : new String[] {"fusermount3", "fusermount"}) {
            for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return name;
                }
            }
        }
        throw new IllegalStateException("neither fusermount3 nor fusermount is installed");
    }

    public static void detach(Path mountPoint) {
        try {
            new ProcessBuilder(fusermount(), "-u", "-z", mountPoint.toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
