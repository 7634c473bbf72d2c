package dev.magicfs.host.fuse;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A mount point folder and what /proc/self/mountinfo says is mounted there. */
final class MountPoint {
    private final Path path;

    MountPoint(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /** A FUSE mount at this path: its kernel connection number (the device minor) and type. */
    record FuseMount(int connection, String type) {}

    Optional<FuseMount> currentMount() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            FuseMount found = null;
            for (String line : lines) {
                // id parent major:minor root MOUNTPOINT options... - TYPE source superoptions
                String[] fields = line.split(" ");
                int dash = List.of(fields).indexOf("-");
                if (fields.length < 5 || dash < 0 || dash + 1 >= fields.length) {
                    continue;
                }
                if (unescape(fields[4]).equals(path.toString()) && fields[dash + 1].startsWith("fuse")) {
                    found = new FuseMount(Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1)), fields[dash + 1]);
                }
            }
            return Optional.ofNullable(found); // the last one is the one on top
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when a FUSE mount is here and its process is gone ("Transport endpoint is not connected"). */
    boolean isStale() {
        if (currentMount().isEmpty()) {
            return false;
        }
        // opendir, not stat: the kernel may still answer stat from its attribute cache for a dead mount.
        try (var entries = Files.newDirectoryStream(path)) {
            return false;
        } catch (FileSystemException e) {
            return String.valueOf(e.getReason()).contains("not connected");
        } catch (IOException e) {
            return false;
        }
    }

    /** Detaches the mount lazily: see {@link Mounter#detach}. */
    boolean detach() {
        return Mounter.detach(path);
    }

    /** Ends the kernel connection of a mount, waking every thread blocked on it; needs root and fusectl. */
    static boolean abort(int connection) {
        try {
            Files.writeString(Path.of("/sys/fs/fuse/connections", Integer.toString(connection), "abort"), "1");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
