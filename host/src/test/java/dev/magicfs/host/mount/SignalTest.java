package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Mounts;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host ends cleanly, leaving no mount behind, on a signal or an unmount from outside. */
class SignalTest {

    @Test
    void sigtermUnmountsAndExitsZero() throws Exception {
        try (HostProcess host = mount()) {
            assertEquals("hi\n", Shell.run("cat", host.mountPoint() + "/hello.txt").assertSucceeded().stdout());
            assertEquals(0, host.terminate());
            assertFalse(Mounts.isMounted(host.mountPoint()));
            assertTrue(host.log().contains("[magicfs] SIGTERM: unmounting"), host.log());
        }
    }

    @Test
    void sigintUnmountsAndExitsZeroAndQuietLogsOnlyErrors() throws Exception {
        Path dir = Files.createTempDirectory("magicfs-quiet-");
        try (HostProcess host = HostProcess.mount(writeConfig(dir), TestPaths.builtInPlugins(), "quiet", dir.resolve("mnt"))) {
            assertEquals("hi\n", Shell.run("cat", host.mountPoint() + "/hello.txt").assertSucceeded().stdout());
            Shell.run("cat", host.mountPoint() + "/missing.txt");
            Shell.run("kill", "-INT", Long.toString(host.process().pid())).assertSucceeded();
            assertTrue(host.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, host.process().exitValue());
            assertFalse(Mounts.isMounted(host.mountPoint()));
            assertEquals("", host.log());
        }
    }

    /** A file held open and a shell whose working directory is inside: SIGTERM still ends magicfs within 5 s. */
    @Test
    void sigtermEndsABusyMountWithinFiveSeconds() throws Exception {
        try (HostProcess host = mount();
                FileChannel held = FileChannel.open(host.mountPoint().resolve("hello.txt"), StandardOpenOption.READ)) {
            Process inside = new ProcessBuilder("sleep", "60").directory(host.mountPoint().toFile()).start();
            try {
                long start = System.nanoTime();
                host.process().destroy();
                assertTrue(host.process().waitFor(5, TimeUnit.SECONDS), "still running 5 s after SIGTERM:\n" + host.log());
                assertEquals(0, host.process().exitValue());
                assertFalse(Mounts.isMounted(host.mountPoint()));
                assertTrue(host.log().contains("SIGTERM: unmounting " + host.mountPoint() + " lazily"), host.log());
                assertTrue(host.log().contains("the mount is still in use"), host.log());
                System.out.printf("busy mount: exited %d ms after SIGTERM%n", (System.nanoTime() - start) / 1_000_000);
            } finally {
                inside.destroyForcibly();
            }
        } catch (java.io.IOException closingOnTheEndedMount) {
            // the held file's close meets a connection that was aborted: expected
        }
    }

    @Test
    void fusermountFromOutsideEndsTheHost() throws Exception {
        try (HostProcess host = mount()) {
            Shell.run(Mounts.fusermount(), "-u", host.mountPoint().toString()).assertSucceeded();
            assertTrue(host.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, host.process().exitValue());
        }
    }

    @Test
    void aDeadMountLeftByAKilledHostIsRecoveredAtTheNextMount() throws Exception {
        Path dir = Files.createTempDirectory("magicfs-stale-");
        Path config = writeConfig(dir);
        Path mnt = dir.resolve("mnt");
        try (HostProcess killed = HostProcess.mount(config, TestPaths.builtInPlugins(), "info", mnt)) {
            killed.process().destroyForcibly().waitFor();
            assertTrue(Shell.run("ls", mnt.toString()).stderr().contains("Transport endpoint is not connected"));
            try (HostProcess next = HostProcess.mount(config, TestPaths.builtInPlugins(), "info", mnt)) {
                assertEquals("hi\n", Shell.run("cat", mnt + "/hello.txt").assertSucceeded().stdout());
                assertTrue(next.log().contains("removed a dead mount at " + mnt), next.log());
            }
        }
    }

    @Test
    void aLiveMountIsNotMountedOver() throws Exception {
        try (HostProcess host = mount()) {
            Path out = Files.createTempFile("magicfs-second-", ".log");
            Process second = HostProcess.start(out, "mount", "-c", host.mountPoint().getParent().resolve("mount.yaml").toString(),
                    "--plugins", TestPaths.builtInPlugins().toString(), host.mountPoint().toString());
            assertEquals(1, second.waitFor());
            assertTrue(Files.readString(out).contains("is already mounted"), Files.readString(out));
            assertEquals("hi\n", Shell.run("cat", host.mountPoint() + "/hello.txt").stdout());
        }
    }

    private static HostProcess mount() throws Exception {
        Path dir = Files.createTempDirectory("magicfs-signal-");
        return HostProcess.mount(writeConfig(dir), TestPaths.builtInPlugins(), "info", dir.resolve("mnt"));
    }

    private static Path writeConfig(Path dir) throws Exception {
        return Files.writeString(dir.resolve("mount.yaml"), "files:\n  hello.txt: {kind: static, text: \"hi\\n\"}\n");
    }
}
