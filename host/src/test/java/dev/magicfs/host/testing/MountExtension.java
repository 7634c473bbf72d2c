package dev.magicfs.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Mounts a mount.yaml for a test class in a real magicfs process, waits for the mount, and always unmounts
 * afterwards, even when a test fails.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MountExtension fs = MountExtension.of(Paths.repositoryFile("mount.yaml")).log("debug");
 * }</pre>
 */
public final class MountExtension implements BeforeAllCallback, AfterAllCallback {
    private final String yaml;
    private final Map<String, byte[]> extraFiles = new LinkedHashMap<>();
    private Path plugins = TestPaths.builtInPlugins();
    private String level = "info";
    private final List<String> jvmOptions = new ArrayList<>();
    private Path directory;
    private HostProcess host;

    private MountExtension(String yaml) {
        this.yaml = yaml;
    }

    /** A mount of this mount.yaml text. */
    public static MountExtension of(String yaml) {
        return new MountExtension(yaml);
    }

    /** A mount of the mount.yaml file at {@code path}. */
    public static MountExtension of(Path path) {
        try {
            return new MountExtension(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log level: quiet, info or debug. */
    public MountExtension log(String logLevel) {
        this.level = logLevel;
        return this;
    }

    /** An option for the host's JVM, such as {@code -Xmx256m}. */
    public MountExtension jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public MountExtension plugins(Path folder) {
        this.plugins = folder;
        return this;
    }

    /** A file written next to mount.yaml before mounting, for specs that name local files. */
    public MountExtension withFile(String name, String content) {
        extraFiles.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The repository's file {@code name} (such as {@code js/settings.js}), copied next to mount.yaml. */
    public MountExtension withRepositoryFile(String name) {
        try {
            extraFiles.put(name, Files.readAllBytes(TestPaths.repositoryFile(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("magicfs-test-");
        Path config = directory.resolve("mount.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        for (var file : extraFiles.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        host = HostProcess.mount(jvmOptions, config, plugins, level, directory.resolve("mnt"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (host != null) {
            host.close();
        }
    }

    /** The mount point. */
    public Path root() {
        return host.mountPoint();
    }

    public Path file(String path) {
        return host.mountPoint().resolve(path);
    }

    /** The folder holding mount.yaml. */
    public Path directory() {
        return directory;
    }

    public HostProcess host() {
        return host;
    }

    /** Everything the host logged so far. */
    public String log() {
        return host.log();
    }

    /**
     * The log once it contains {@code fragment}, waiting up to 5 s: the kernel sends some requests (RELEASE,
     * FORGET) after the syscall that caused them has returned. Fails with the whole log if it never appears.
     */
    public String awaitLog(String fragment) {
        long deadline = System.currentTimeMillis() + 5_000;
        String log = host.log();
        while (!log.contains(fragment)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("'" + fragment + "' missing from the log:\n" + log);
            }
            HostProcess.sleep(20);
            log = host.log();
        }
        return log;
    }
}
