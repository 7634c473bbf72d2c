package dev.magicfs.host.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway S3-compatible server on loopback: S3Proxy with its filesystem backend, in a JVM of its own
 * (its libraries never meet the host's), checking AWS signatures against the key pair in the tests'
 * environment ({@code AWS_ACCESS_KEY_ID}, set by the build). Each bucket is a folder under {@link #folder},
 * and an object a file in it: a test puts objects there as another program's uploads, and reads what a
 * mount uploaded.
 */
public final class S3Server implements AutoCloseable {
    private final Path folder;
    private final int port;
    private Process process;

    private S3Server(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    public static S3Server start() throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("magicfs-s3-");
        int port = FreePort.onLoopback();
        Files.createDirectories(folder.resolve("buckets"));
        Files.writeString(folder.resolve("s3proxy.conf"), """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem-nio2
                jclouds.filesystem.basedir=%s
                """.formatted(port, environment("AWS_ACCESS_KEY_ID"), environment("AWS_SECRET_ACCESS_KEY"), folder.resolve("buckets")));
        Files.writeString(folder.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file><encoder><pattern>%%d %%level %%logger %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """.formatted(folder.resolve("server.log")));
        S3Server server = new S3Server(folder, port);
        server.startAgain();
        return server;
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: the build sets the tests' key pair (host/pom.xml)");
        }
        return value;
    }

    /** Starts the server (again, after {@link #kill}) on the same port and folder, and waits until it accepts. */
    public void startAgain() throws IOException, InterruptedException {
        String lib = System.getProperty("magicfs.test.s3proxy");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dlogback.configurationFile=" + folder.resolve("logback.xml"), "-cp", lib + "/*",
                "org.gaul.s3proxy.Main", "--properties", folder.resolve("s3proxy.conf").toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("server.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + Files.readString(folder.resolve("server.out")));
            }
            Thread.sleep(50);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server at once (SIGKILL): requests in flight break. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A new, empty bucket. */
    public void createBucket(String bucket) throws IOException {
        Files.createDirectories(folder.resolve("buckets").resolve(bucket));
    }

    /** The file that holds {@code key} of {@code bucket}, whether the object exists or not. */
    public Path object(String bucket, String key) {
        return folder.resolve("buckets").resolve(bucket).resolve(key);
    }

    /** Puts an object as another program would have uploaded it. */
    public void put(String bucket, String key, byte[] content) throws IOException {
        Path file = object(bucket, key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** The same, with text as UTF-8. */
    public void put(String bucket, String key, String text) throws IOException {
        put(bucket, key, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kill();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
