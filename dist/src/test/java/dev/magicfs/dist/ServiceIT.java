package dev.magicfs.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magicfs.dist.DistributionIT.Launched;
import dev.magicfs.host.testing.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * magicfs run as a service from the unpacked distribution: mount(8) and /etc/fstab through its mount helper,
 * {@code mount --daemon} and {@code unmount}, and readiness told to systemd. Each runs in a private mount
 * namespace of its own (root, as the mounted tests), so nothing outlives it on the machine.
 */
class ServiceIT {
    @TempDir
    static Path work;

    static Path home;
    static Path config;

    @BeforeAll
    static void unpack() throws Exception {
        home = DistributionIT.unpackInto(work);
        config = work.resolve("service.yaml");
        Files.writeString(config, """
                name: svc
                files:
                  hello.txt: {kind: static, text: "hello from a service\\n"}
                """);
    }

    /**
     * Runs {@code script} with bash in a private mount namespace, with the distribution's mount helper laid
     * over /usr/sbin (an overlay, in that namespace only), where mount(8) looks for mount.fuse.magicfs.
     */
    private static Launched inNamespace(String script) throws Exception {
        assumeTrue(Launched.run(work, List.of("unshare", "-m", "true")).exitCode() == 0, "needs unshare -m (root)");
        Path helpers = Files.createDirectories(work.resolve("helpers"));
        Path helper = helpers.resolve("mount.fuse.magicfs");
        if (!Files.exists(helper)) {
            Files.createSymbolicLink(helper, home.resolve("bin/mount.fuse.magicfs"));
        }
        String prelude = "set -e\nexport JAVA_HOME=" + System.getProperty("java.home") + "\n"
                + "mount -t overlay overlay -o lowerdir=" + helpers + ":/usr/sbin /usr/sbin\n";
        return Launched.run(work, List.of("unshare", "-m", "--propagation", "private", "bash", "-c", prelude + script));
    }

    @Test
    void anFstabLineMountsWithMountAAndMountTMountsByHand() throws Exception {
        Path fstab = work.resolve("fstab");
        Path a = Files.createDirectories(work.resolve("by-fstab"));
        Path b = Files.createDirectories(work.resolve("by-hand"));
        Files.writeString(fstab, "# a magicfs line, as in /etc/fstab\n" + config + " " + a + " fuse.magicfs defaults,nofail,log_file="
                + work.resolve("a.log") + " 0 0\n");
        Launched run = inNamespace("""
                mount -a -T %1$s
                cat %2$s/hello.txt
                findmnt -n -o FSTYPE,SOURCE %2$s
                mount -t fuse.magicfs %3$s %4$s -o log=debug,log_file=%5$s,metrics_port=%7$d
                cat %4$s/hello.txt
                python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' http://127.0.0.1:%7$d/metrics
                %6$s/bin/magicfs unmount %2$s
                %6$s/bin/magicfs unmount %4$s
                ! findmnt %2$s && ! findmnt %4$s
                """.formatted(fstab, a, config, b, work.resolve("b.log"), home, FreePort.onLoopback()));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(2, run.output().split("hello from a service\n", -1).length - 1, run.output());
        assertTrue(run.output().contains("fuse.magicfs svc\n"), run.output());
        assertTrue(Files.readString(work.resolve("b.log")).contains("OPEN hello.txt"), "log=debug and log_file= reach the mount");
        assertTrue(run.output().contains("magicfs_request_duration_seconds_count{operation=\"OPEN\"}"), "metrics_port= serves the metrics: " + run.output());
        assertTrue(Files.readString(work.resolve("a.log")).contains("unmounted " + a));
    }

    @Test
    void theHelperRefusesOptionsItDoesNotKnow() throws Exception {
        Path c = Files.createDirectories(work.resolve("refused"));
        Launched run = inNamespace("mount -t fuse.magicfs " + config + " " + c + " -o ro || echo refused=$?");
        assertTrue(run.output().contains("'ro' is not an option of magicfs"), run.output());
        assertTrue(run.output().contains("refused="), run.output());
    }

    @Test
    void daemonReturnsOnceServingAndFailsWithTheReasonsWhenTheMountCannotStart() throws Exception {
        Path d = Files.createDirectories(work.resolve("daemon"));
        Path bad = work.resolve("bad.yaml");
        Files.writeString(bad, "files:\n  x.txt: {kind: statc}\n");
        Launched run = inNamespace("""
                %1$s/bin/magicfs mount --daemon -c %2$s --log-file %3$s %4$s
                cat %4$s/hello.txt
                %1$s/bin/magicfs mount --daemon -c %5$s --log-file %3$s %4$s/../daemon-bad && echo unexpected || echo failed=$?
                %1$s/bin/magicfs unmount %4$s
                %1$s/bin/magicfs unmount %4$s || echo again=$?
                """.formatted(home, config, work.resolve("daemon.log"), d, bad));
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().matches("(?s)magicfs: serving " + d + " \\(pid \\d+\\); log: " + work.resolve("daemon.log") + "\n"
                + "hello from a service\n.*"), run.output());
        assertTrue(run.output().contains(bad + ":2:17: unknown kind 'statc' (did you mean 'static'?)"), run.output());
        assertTrue(run.output().contains("failed=1"), run.output());
        assertTrue(run.output().contains("magicfs: " + d + " is not a magicfs mount\nagain=1"), run.output());
        assertFalse(run.output().contains("unexpected"), run.output());
    }

    /** Type=notify: once serving, the mount sends READY=1 to the datagram socket systemd names in $NOTIFY_SOCKET. */
    @Test
    void readinessReachesTheSocketSystemdNames() throws Exception {
        Path n = Files.createDirectories(work.resolve("notified"));
        Path socket = work.resolve("notify.sock");
        Path said = work.resolve("notify.txt");
        String listener = """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind(sys.argv[1])
                s.settimeout(60)
                open(sys.argv[2], "w").write(s.recv(4096).decode())
                """;
        Launched run = inNamespace("""
                python3 -c '%1$s' %2$s %3$s &
                listener=$!
                while [ ! -S %2$s ]; do sleep 0.05; done
                NOTIFY_SOCKET=%2$s %4$s/bin/magicfs mount -c %5$s %6$s > %7$s 2>&1 &
                server=$!
                wait $listener
                cat %6$s/hello.txt
                kill -TERM $server
                wait $server || echo "ended with $?"
                """.formatted(listener, socket, said, home, config, n, work.resolve("notified.log")));
        assertEquals(0, run.exitCode(), run.output() + Files.readString(work.resolve("notified.log")));
        assertEquals("READY=1\nSTATUS=serving " + n, Files.readString(said));
        assertTrue(run.output().contains("hello from a service"), run.output());
    }
}
