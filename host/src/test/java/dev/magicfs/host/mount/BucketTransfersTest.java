package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.ByteCountingRelay;
import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A bucket file's download or upload that runs past a second reports its progress as a lazy-remote
 * download does: a line a second in the log, and a line under "transfers in flight" in stats. A relay
 * carries S3Proxy's bytes at 4 MiB/s each way, as a slow link would. The upload is larger than the
 * download: the sockets' buffers take several MiB of it at once.
 */
class BucketTransfersTest extends BucketFixture {
    private static final int DOWNLOAD = 8 << 20; // about 2 s through the relay
    private static final int UPLOAD = 24 << 20; // about 6 s, in two parts

    @Test
    void aSlowDownloadAndASlowUploadLogTheirProgressAndShowInStats() throws Exception {
        server.createBucket("slow");
        byte[] object = random(DOWNLOAD, 1);
        server.put("slow", "top/big.bin", object);
        byte[] written = random(UPLOAD, 2);
        Path local = Files.write(dir.resolve("up.bin"), written);
        try (ByteCountingRelay relay = new ByteCountingRelay(server.port(), 4 << 20);
             HostProcess host = mount(config("slow", "slow", relay.endpoint(), ""), "m")) {
            Path b = host.mountPoint().resolve("b");
            CompletableFuture<Shell.Result> reader = Shell.runAsync("cat", b.resolve("big.bin").toString());
            Thread.sleep(1500);
            assertInFlight(host, "download of s3://slow/top/big.bin");
            assertArrayEquals(object, reader.join().assertSucceeded().stdoutBytes());

            // fsync returns once the bucket holds the file: the upload runs while this test looks.
            CompletableFuture<Shell.Result> writer = Shell.runAsync("python3", "-c", """
                    import os, shutil, sys
                    with open(sys.argv[1], 'rb') as src, open(sys.argv[2], 'wb') as dst:
                        shutil.copyfileobj(src, dst)
                        dst.flush()
                        os.fsync(dst.fileno())
                    """, local.toString(), b.resolve("up.bin").toString());
            Thread.sleep(1500);
            assertInFlight(host, "upload of s3://slow/top/up.bin");
            writer.join().assertSucceeded();
            assertArrayEquals(written, Files.readAllBytes(server.object("slow", "top/up.bin")));

            String log = host.log();
            assertProgress(log, "download of s3://slow/top/big.bin", "8.0 MiB");
            assertProgress(log, "upload of s3://slow/top/up.bin", "24.0 MiB");
        }
    }

    /**
     * A line with part of the bytes moved, other than where an upload's 16 MiB part ends: an upload counts as
     * its body goes out, not part by part.
     */
    private static void assertProgress(String log, String what, String total) {
        String at = ".*: " + Pattern.quote(what) + ": ";
        assertTrue(log.lines().anyMatch(l -> l.matches(at + "[1-9][\\d.]* [KM]iB of " + Pattern.quote(total) + " \\([1-9]\\d?%\\) at .*")
                && !l.contains(": 16.0 MiB of ")), what + "\n" + log);
        assertTrue(log.lines().anyMatch(l -> l.matches(at + "ended, " + Pattern.quote(total) + " in \\d+\\.\\d s .*")), what + "\n" + log);
    }

    private static void assertInFlight(HostProcess host, String what) {
        String stats = Shell.run("cat", host.mountPoint().resolve(".magic/stats").toString()).assertSucceeded().stdout();
        assertTrue(stats.contains("transfers in flight: 1\n") && stats.contains(": " + what + ": "), stats + host.log());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
