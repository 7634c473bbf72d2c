package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.ByteCountingRelay;
import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.Mounts;
import dev.magicfs.host.testing.S3Server;
import dev.magicfs.host.testing.Shell;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kind: bucket over a real S3-compatible server (S3Proxy) on loopback, used with ordinary tools. */
class BucketTest extends BucketFixture {
    @Test
    void objectsAreFilesAndPrefixesFoldersListedPageByPage() throws Exception {
        server.createBucket("listing");
        for (int i = 0; i < 10_000; i++) {
            server.put("listing", "top/many/object-" + i + ".txt", "object " + i + "\n");
        }
        byte[] photo = new byte[3 << 20];
        new Random(7).nextBytes(photo);
        server.put("listing", "top/2026/march/photo.jpg", photo);
        server.put("listing", "outside/not-shown.txt", "no\n");
        try (HostProcess host = mount(config("listing", "listing", server.endpoint(), "refresh: 1s"), "m")) {
            Path b = host.mountPoint().resolve("b");
            assertEquals("10000\n", Shell.sh("ls " + b.resolve("many") + " | wc -l").assertSucceeded().stdout());
            assertEquals("2026\nmany\n", Shell.sh("ls " + b).assertSucceeded().stdout());
            assertEquals("object 4711\n", Files.readString(b.resolve("many/object-4711.txt")));
            assertArrayEquals(photo, Files.readAllBytes(b.resolve("2026/march/photo.jpg")));
            assertEquals(photo.length, Files.size(b.resolve("2026/march/photo.jpg")));
            Shell.Result tar = Shell.sh("tar -C " + b + " -cf - 2026 | tar -tvf -").assertSucceeded();
            assertTrue(tar.stdout().contains("2026/march/photo.jpg"), tar.stdout());
            assertFalse(Files.exists(b.resolve("not-shown.txt")));
            // Listed again after refresh: objects put there by others carry no ETag on this server.
            Thread.sleep(1_100);
            assertEquals("object 4711\n", Files.readString(b.resolve("many/object-4711.txt")));
        }
    }

    @Test
    void aFolderOverListingLimitIsListedAsItIsReadAndLooksUpEachName() throws Exception {
        server.createBucket("streamed");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2_500; i++) {
            server.put("streamed", "top/many/o" + (10_000 + i), "object " + i + "\n");
            expected.append("o").append(10_000 + i).append('\n');
        }
        server.put("streamed", "top/many/sub/inner.txt", "inner\n");
        expected.append("sub\n");
        try (HostProcess host = mount(config("streamed", "streamed", server.endpoint(), "listing_limit: 1000\nwrite_back: 1h"), "m")) {
            Path many = host.mountPoint().resolve("b/many");
            assertEquals(expected.toString(), Shell.sh("ls " + many).assertSucceeded().stdout());
            assertTrue(host.log().contains("more than 1000 names (listing_limit)"), host.log());
            assertEquals("object 1234\n", Files.readString(many.resolve("o11234")));
            assertEquals("inner\n", Files.readString(many.resolve("sub/inner.txt")));
            assertTrue(Shell.run("stat", many.resolve("o99999").toString()).stderr().contains("No such file"));
            assertEquals("2501\n", Shell.sh("ls -l " + many + " | grep -c '^[-d]'").assertSucceeded().stdout());

            // A file made here shows before the bucket has it; a removed one goes.
            Shell.sh("printf 'made here\\n' > " + many.resolve("new.txt") + " && rm " + many.resolve("o10000")).assertSucceeded();
            assertFalse(Files.exists(server.object("streamed", "top/many/o10000")));
            String listed = Shell.sh("ls " + many).assertSucceeded().stdout();
            assertEquals(2501, listed.lines().count(), listed);
            assertTrue(listed.contains("new.txt\n") && !listed.contains("o10000\n"), listed);
            assertEquals("made here\n", Files.readString(many.resolve("new.txt")));
        }
        // A streamed folder emptied is empty: rmdir asks the bucket.
        try (HostProcess host = mount(config("small", "streamed", server.endpoint(), "listing_limit: 2\nrefresh: 100ms"), "m")) {
            Path d = host.mountPoint().resolve("b/d");
            Shell.sh("mkdir " + d + " && cd " + d + " && for f in 1 2 3; do echo $f > $f && sync $f; done").assertSucceeded();
            Shell.sh("sleep 0.2 && ls " + d + " && rm " + d + "/1 " + d + "/2 " + d + "/3 && rmdir " + d).assertSucceeded();
            assertTrue(host.log().contains("more than 2 names (listing_limit)"), host.log());
            assertFalse(Files.exists(server.object("streamed", "top/d")));
        }
    }

    @Test
    void aReadFarIntoALargeObjectDownloadsLittleMoreThanItAsked() throws Exception {
        server.createBucket("large");
        byte[] content = new byte[64 << 20];
        new Random(11).nextBytes(content);
        server.put("large", "top/disk.img", content);
        try (ByteCountingRelay relay = new ByteCountingRelay(server.port());
             HostProcess host = mount(config("large", "large", relay.endpoint(), ""), "m")) {
            Path image = host.mountPoint().resolve("b/disk.img");
            relay.takeBytesFromServer();
            Shell.Result slice = Shell.run("dd", "if=" + image, "bs=1M", "skip=48", "count=1", "status=none").assertSucceeded();
            assertArrayEquals(Arrays.copyOfRange(content, 48 << 20, 49 << 20), slice.stdoutBytes());
            long sent = relay.takeBytesFromServer();
            assertTrue(sent < 24 << 20, "one MiB at 48 MiB cost " + sent + " bytes from the server");
            assertArrayEquals(content, Files.readAllBytes(image));
        }
    }

    @Test
    void writesGoUpAfterTheLastCloseAndFsyncUploadsAtOnce() throws Exception {
        server.createBucket("writes");
        server.put("writes", "top/log.txt", "one\n");
        try (HostProcess host = mount(config("writes", "writes", server.endpoint(), "write_back: 500ms\nrefresh: 1s"), "m")) {
            Path b = host.mountPoint().resolve("b");
            Shell.sh("printf 'new file\\n' > " + b.resolve("new.txt")).assertSucceeded();
            awaitTrue(() -> contentOf("writes", "top/new.txt").equals("new file\n"), "new.txt uploaded after close");

            // fsync returns once the bucket has it (write_back alone would take 500 ms more).
            Shell.run("python3", "-c", """
                    import os, sys
                    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
                    os.write(fd, b"two\\n")
                    os.fsync(fd)
                    print(open(sys.argv[2]).read(), end="")
                    os.close(fd)
                    """, b.resolve("log.txt").toString(), server.object("writes", "top/log.txt").toString())
                    .assertSucceeded();
            assertEquals("one\ntwo\n", contentOf("writes", "top/log.txt"));
            assertEquals("one\ntwo\n", Files.readString(b.resolve("log.txt")));

            Shell.sh("truncate -s 2 " + b.resolve("log.txt") + " && sync " + b.resolve("log.txt")).assertSucceeded();
            assertEquals("on", contentOf("writes", "top/log.txt"));

            Shell.sh("mkdir " + b.resolve("docs") + " && mv " + b.resolve("new.txt") + " " + b.resolve("docs/renamed.txt")).assertSucceeded();
            assertEquals("new file\n", contentOf("writes", "top/docs/renamed.txt"));
            assertFalse(Files.exists(server.object("writes", "top/new.txt")));
            assertEquals("new file\n", Files.readString(b.resolve("docs/renamed.txt")));
            assertEquals("rmdir: failed to remove '" + b.resolve("docs") + "': Directory not empty\n",
                    Shell.run("rmdir", b.resolve("docs").toString()).stderr());
            Shell.sh("rm " + b.resolve("docs/renamed.txt") + " && rmdir " + b.resolve("docs")).assertSucceeded();
            assertFalse(Files.exists(server.object("writes", "top/docs/renamed.txt")));
            assertEquals("log.txt\n", Shell.sh("ls " + b).assertSucceeded().stdout());

            // A folder moves with everything under it, its subfolders' markers too.
            Shell.sh("cd " + b + " && mkdir -p tree/inner && printf 'deep\\n' > tree/inner/leaf.txt && sync tree/inner/leaf.txt"
                    + " && mv tree moved").assertSucceeded();
            assertEquals("deep\n", contentOf("writes", "top/moved/inner/leaf.txt"));
            assertFalse(Files.exists(server.object("writes", "top/tree/inner/leaf.txt")));
            assertEquals("deep\n", Files.readString(b.resolve("moved/inner/leaf.txt")));
            Shell.sh("rm -r " + b.resolve("moved")).assertSucceeded();
            assertEquals("log.txt\n", Shell.sh("ls " + b).assertSucceeded().stdout());

            assertEquals(1, Shell.run("ln", b.resolve("log.txt").toString(), b.resolve("hard").toString()).exitCode());
            assertTrue(Shell.run("ln", "-s", "log.txt", b.resolve("soft").toString()).stderr().contains("Operation not permitted"));
        }
    }

    @Test
    void aWholeCopyIsReadAndWrittenByTheKernelItselfAndEveryWriteStillGoesUp() throws Exception {
        server.createBucket("direct");
        byte[] data = new byte[3 << 20];
        new Random(17).nextBytes(data);
        server.put("direct", "top/data.bin", data);
        server.put("direct", "top/mapped.bin", Arrays.copyOf(data, 100_000));
        try (HostProcess host = mount(config("direct", "direct", server.endpoint(), "write_back: 300ms\nrefresh: 1h"), "m")) {
            Path file = host.mountPoint().resolve("b/data.bin");
            // The first reader downloads through magicfs and holds the file open; a second open, of the now
            // whole copy, cannot be given to the kernel while the first reads through the page cache.
            assertEquals("3145728 True\n", Shell.run("python3", "-c", """
                    import sys
                    first = open(sys.argv[1], 'rb')
                    a = first.read()
                    b = open(sys.argv[1], 'rb').read()
                    print(len(b), a == b)
                    """, file.toString()).assertSucceeded().stdout());
            assertArrayEquals(data, Files.readAllBytes(file));
            int before = host.log().length();
            assertTrue(host.log().contains("READ b/data.bin"), host.log());
            assertArrayEquals(data, Files.readAllBytes(file));
            assertFalse(host.log().substring(before).contains("READ b/data.bin"), "the second read reached magicfs:\n" + host.log());

            // Written by the kernel straight into the staged copy: fsync sends what was written before it, and
            // what comes after it goes up at the last close.
            Shell.run("python3", "-c", """
                    import os, sys
                    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
                    os.write(fd, b"before fsync")
                    os.fsync(fd)
                    print(os.path.getsize(sys.argv[2]))
                    os.write(fd, b", after it")
                    os.close(fd)
                    """, file.toString(), server.object("direct", "top/data.bin").toString()).assertSucceeded()
                    .stdout().lines().forEach(size -> assertEquals(data.length + 12, Long.parseLong(size)));
            byte[] expected = Arrays.copyOf(data, data.length + 22);
            System.arraycopy(", after it".getBytes(), 0, expected, data.length + 12, 10);
            System.arraycopy("before fsync".getBytes(), 0, expected, data.length, 12);
            awaitTrue(() -> Arrays.equals(expected, bytesOrEmpty(server.object("direct", "top/data.bin"))), "both writes uploaded");
            assertFalse(host.log().contains("WRITE b/data.bin"), "the writes reached magicfs:\n" + host.log());
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(expected.length, Files.size(file));

            // A truncation, which reaches magicfs, of a file the kernel has just made longer.
            assertEquals((expected.length + 500) + "\n", Shell.run("python3", "-c", """
                    import os, sys
                    fd = os.open(sys.argv[1], os.O_RDWR)
                    os.pwrite(fd, b"z" * 100, int(sys.argv[2]) + 1000)
                    os.ftruncate(fd, int(sys.argv[2]) + 500)
                    print(os.fstat(fd).st_size)
                    os.close(fd)
                    """, file.toString(), "" + expected.length).assertSucceeded().stdout());
            awaitTrue(() -> server.object("direct", "top/data.bin").toFile().length() == expected.length + 500, "the truncation uploaded");

            // An object on its way in skips the mount's page cache (it is cached once, in the cache folder);
            // mmap of it still works.
            assertEquals("True\n", Shell.run("python3", "-c", """
                    import mmap, sys
                    with open(sys.argv[1], 'rb') as f, mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ) as m:
                        print(m[:] == open(sys.argv[2], 'rb').read())
                    """, host.mountPoint().resolve("b/mapped.bin").toString(), server.object("direct", "top/mapped.bin").toString())
                    .assertSucceeded().stdout());
        }
    }

    @Test
    void aFileWrittenWhileItsEmptyFirstVersionGoesUpIsStillUploadedWhole() throws Exception {
        // With write_back 0s a new file's empty version goes up at once, while cp writes it through passthrough,
        // unseen by the plugin: the close must send the rest.
        server.createBucket("copies");
        byte[] content = new byte[4 << 20];
        new Random(3).nextBytes(content);
        Path source = Files.write(dir.resolve("source.bin"), content);
        try (HostProcess host = mount(config("copies", "copies", server.endpoint(), "write_back: 0s"), "m")) {
            Path b = host.mountPoint().resolve("b");
            Shell.sh("for i in $(seq 1 10); do cp " + source + " " + b + "/c$i.bin && sync " + b + "/c$i.bin; done").assertSucceeded();
            for (int i = 1; i <= 10; i++) {
                assertArrayEquals(content, bytesOrEmpty(server.object("copies", "top/c" + i + ".bin")), "c" + i + ".bin as uploaded");
            }
        }
    }

    @Test
    void anUnmountUploadsWhatIsPendingAndAKilledMountsWritesGoUpAtTheNextMount() throws Exception {
        server.createBucket("pending");
        Path config = config("pending", "pending", server.endpoint(), "write_back: 1h");
        try (HostProcess host = mount(config, "m")) {
            Shell.sh("printf 'kept at exit\\n' > " + host.mountPoint().resolve("b/at-exit.txt")).assertSucceeded();
            assertFalse(Files.exists(server.object("pending", "top/at-exit.txt")), "write_back is an hour");
            assertEquals(0, host.terminate());
            assertTrue(host.log().contains("before the mount ends"), host.log());
        }
        assertEquals("kept at exit\n", contentOf("pending", "top/at-exit.txt"));

        try (HostProcess host = mount(config, "m")) {
            Shell.sh("printf 'survives kill -9\\n' > " + host.mountPoint().resolve("b/killed.txt")).assertSucceeded();
            host.process().destroyForcibly().waitFor();
            Mounts.detach(host.mountPoint());
        }
        assertFalse(Files.exists(server.object("pending", "top/killed.txt")));
        try (HostProcess host = mount(config, "m")) {
            assertEquals("survives kill -9\n", Files.readString(host.mountPoint().resolve("b/killed.txt")));
            awaitTrue(() -> contentOf("pending", "top/killed.txt").equals("survives kill -9\n"), "the staged write uploaded");
            assertTrue(host.log().contains("did not upload: uploading them now"), host.log());
        }
    }

    @Test
    void aServiceThatIsDownFailsUncachedReadsWithEioInTimeAndUploadsResumeWhenItIsBack() throws Exception {
        server.createBucket("outage");
        server.put("outage", "top/remote.txt", "far away\n");
        try (HostProcess host = mount(config("outage", "outage", server.endpoint(), "timeout: 1s\nwrite_back: 200ms\nrefresh: 1h"), "m")) {
            Path b = host.mountPoint().resolve("b");
            assertEquals("1\n", Shell.sh("ls " + b + " | wc -l").assertSucceeded().stdout()); // listed while it is up
            server.kill();
            try {
                Shell.Result read = Shell.run("cat", b.resolve("remote.txt").toString());
                assertEquals(1, read.exitCode());
                assertTrue(read.stderr().contains("Input/output error"), read.stderr());
                assertTrue(read.millis() < 15_000, "the read failed after " + read.millis() + " ms");
                assertEquals("hi\n", Files.readString(host.mountPoint().resolve("hello.txt")));
                Shell.sh("printf 'written while down\\n' > " + b.resolve("queued.txt")).assertSucceeded();
                Thread.sleep(1_500);
            } finally {
                server.startAgain();
            }
            awaitTrue(() -> contentOf("outage", "top/queued.txt").equals("written while down\n"), "the upload retried");
            assertEquals("far away\n", Files.readString(b.resolve("remote.txt")));
            assertTrue(host.log().contains("it stays staged, next try in"), host.log());
        }
    }

    @Test
    void twoMountsShareOneBucketAndTheLastWriterWins() throws Exception {
        server.createBucket("shared");
        String keys = "write_back: 0s\nrefresh: 500ms";
        try (HostProcess a = mount(config("a", "shared", server.endpoint(), keys), "a");
             HostProcess b = mount(config("b", "shared", server.endpoint(), keys), "b")) {
            Path inA = a.mountPoint().resolve("b/note.txt");
            Path inB = b.mountPoint().resolve("b/note.txt");
            Shell.sh("printf 'from a\\n' > " + inA).assertSucceeded();
            awaitTrue(() -> Files.exists(inB) && readOrEmpty(inB).equals("from a\n"), "host b sees host a's file");

            byte[] big1 = new byte[4 << 20];
            byte[] big2 = new byte[4 << 20];
            Arrays.fill(big1, (byte) 'a');
            Arrays.fill(big2, (byte) 'b');
            Path source1 = Files.write(dir.resolve("one"), big1);
            Path source2 = Files.write(dir.resolve("two"), big2);
            var first = Shell.runAsync("sh", "-c", "cp " + source1 + " " + a.mountPoint().resolve("b/race.bin") + " && sync " + a.mountPoint().resolve("b/race.bin"));
            var second = Shell.runAsync("sh", "-c", "cp " + source2 + " " + b.mountPoint().resolve("b/race.bin") + " && sync " + b.mountPoint().resolve("b/race.bin"));
            first.join().assertSucceeded();
            second.join().assertSucceeded();
            byte[] result = Files.readAllBytes(server.object("shared", "top/race.bin"));
            assertTrue(Arrays.equals(result, big1) || Arrays.equals(result, big2), "the object mixes both writers");
        }
    }

    @Test
    void refusedCredentialsGiveEaccesAndOneLogLine() throws Exception {
        server.createBucket("private");
        server.put("private", "top/secret.txt", "s\n");
        Path credentials = Files.writeString(dir.resolve("credentials"), """
                [wrong]
                aws_access_key_id = not-the-key
                aws_secret_access_key = not-the-secret
                """);
        Path config = Files.writeString(dir.resolve("wrong-key.yaml"), Files.readString(config("x", "private", server.endpoint(), ""))
                .replace("credentials: env", "credentials: profile wrong"));
        try (HostProcess host = HostProcess.mount(java.util.List.of("-Daws.sharedCredentialsFile=" + credentials), config,
                TestPaths.builtInPlugins(), "info", dir.resolve("m"))) {
            Path b = host.mountPoint().resolve("b");
            for (int i = 0; i < 3; i++) {
                Shell.Result ls = Shell.run("ls", b.toString());
                assertTrue(ls.stderr().contains("Permission denied"), ls.stderr());
            }
            assertEquals("hi\n", Files.readString(host.mountPoint().resolve("hello.txt")));
            long lines = host.log().lines().filter(l -> l.contains("refused our credentials")).count();
            assertEquals(1, lines, host.log());
        }
    }

    @Test
    void aWrongBucketUrlIsRefusedBeforeMountingWithItsPosition() throws Exception {
        Path config = Files.writeString(dir.resolve("wrong.yaml"), """
                files:
                  b:
                    kind: bucket
                    url: https://holiday-photos/2026/
                """);
        HostProcess.Finished check = HostProcess.runToEnd(dir.resolve("check.log"), "check", "-c", config.toString(),
                "--plugins", TestPaths.builtInPlugins().toString());
        assertNotEquals(0, check.exitCode());
        assertTrue(check.output().contains("wrong.yaml:4:5") && check.output().contains("s3://BUCKET/PREFIX/"), check.output());
    }
}
