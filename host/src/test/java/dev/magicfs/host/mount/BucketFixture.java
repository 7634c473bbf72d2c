package dev.magicfs.host.mount;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magicfs.host.testing.HostProcess;
import dev.magicfs.host.testing.S3Server;
import dev.magicfs.host.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the bucket tests share: one S3Proxy for the class, mount.yaml files with a bucket folder, and waiting. */
abstract class BucketFixture {
    static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** A mount.yaml with a static file and the bucket folder {@code b}, with further keys for it. */
    Path config(String name, String bucket, String endpoint, String keys) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                files:
                  hello.txt: {kind: static, text: "hi\\n"}
                  b:
                    kind: bucket
                    url: s3://%s/top/
                    endpoint: %s
                    credentials: env
                    cache: %s
                %s
                """.formatted(bucket, endpoint, dir.resolve(name + ".cache"), keys.indent(4)));
    }

    HostProcess mount(Path config, String name) throws Exception {
        return HostProcess.mount(config, TestPaths.builtInPlugins(), "info", dir.resolve(name));
    }

    static String contentOf(String bucket, String key) {
        return readOrEmpty(server.object(bucket, key));
    }

    static String readOrEmpty(Path file) {
        return new String(bytesOrEmpty(file), java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] bytesOrEmpty(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 20 s: " + what);
            Thread.sleep(50);
        }
    }
}
