package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code expire_after}: files not modified for that long are removed from a writable directory and a writable
 * file is emptied. The mount's expiry clock is moved ahead through the file the test names, so a week passes
 * at once.
 */
class ExpiryTest {
    @TempDir
    Path dir;

    private HostProcess mount(String yaml) throws Exception {
        Path config = dir.resolve("mount.yaml");
        Files.writeString(config, yaml);
        return HostProcess.mount(List.of("-Dmagicfs.expiry.clock.offset.file=" + dir.resolve("offset")), config,
                TestPaths.builtInPlugins(), "info", dir.resolve("mnt"));
    }

    @Test
    void filesNotModifiedForTheirExpireAfterAreRemovedOrEmptiedAndLogged() throws Exception {
        // A week, and two: the sweeps come a tenth of the shortest apart, at most a minute.
        try (HostProcess host = mount("""
                files:
                  drop: {kind: writable-dir, expire_after: 7d}
                  notes.txt: {kind: writable-memory, expire_after: 20s}
                """)) {
            Path mnt = host.mountPoint();
            Shell.sh("mkdir -p " + mnt.resolve("drop/sub") + " && echo old > " + mnt.resolve("drop/old.txt")
                    + " && echo deep > " + mnt.resolve("drop/sub/deep.txt") + " && echo note > " + mnt.resolve("notes.txt"))
                    .assertSucceeded();
            String stats = Files.readString(mnt.resolve(".magic/stats"));
            assertTrue(stats.contains("files that expire: 3\n"), stats);
            assertTrue(stats.contains("  notes.txt at "), stats); // the soonest first
            assertTrue(stats.matches("(?s).*drop/old\\.txt at \\S+ \\(in 6 d 23 h\\).*"), stats);

            Files.writeString(dir.resolve("offset"), "30s");
            within(10_000, "notes.txt emptied", () -> size(mnt.resolve("notes.txt")) == 0);
            assertTrue(Files.exists(mnt.resolve("drop/old.txt")), "a week has not passed for drop");
            assertTrue(host.log().contains("notes.txt: emptied, not modified for its expire_after"), host.log());

            try (RandomAccessFile open = new RandomAccessFile(mnt.resolve("drop/old.txt").toFile(), "r")) {
                Shell.sh("echo fresh > " + mnt.resolve("drop/fresh.txt")).assertSucceeded();
                Files.writeString(dir.resolve("offset"), "8d");
                within(10_000, "deep.txt removed", () -> !Files.exists(mnt.resolve("drop/sub/deep.txt")));
                assertTrue(Files.exists(mnt.resolve("drop/old.txt")), "a file open now waits for the next sweep");
                assertEquals("old", open.readLine());
            }
            within(10_000, "old.txt removed once closed", () -> !Files.exists(mnt.resolve("drop/old.txt")));
            // the clock says a week passed since fresh.txt was written too, so it goes as well; folders stay
            within(10_000, "fresh.txt removed", () -> !Files.exists(mnt.resolve("drop/fresh.txt")));
            assertTrue(Files.isDirectory(mnt.resolve("drop/sub")));
            assertEquals("", Shell.run("ls", mnt.resolve("drop/sub").toString()).assertSucceeded().stdout());
            assertTrue(host.log().contains("drop/sub/deep.txt: removed, not modified for its expire_after"), host.log());
            assertTrue(Files.readString(mnt.resolve(".magic/stats")).contains("files that expire: none"));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void within(long millis, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + millis + " ms");
            }
            Thread.sleep(50);
        }
    }
}
