package dev.magicfs.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magicfs.host.testing.HostProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code mvn package} builds, used as a user uses it: unpacked, run through {@code bin/magicfs} from
 * another folder, and extended with a plugin built from {@code examples/plugin-template}.
 */
class DistributionIT {
    private static final String VERSION = System.getProperty("magicfs.version");

    @TempDir
    static Path work;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = unpackInto(work);
    }

    /** Unpacks the archive the build made into {@code folder}; returns the magicfs-VERSION folder it holds. */
    static Path unpackInto(Path folder) throws Exception {
        Path archive = Path.of(System.getProperty("magicfs.dist.archive"));
        Launched tar = Launched.run(folder, List.of("tar", "xzf", archive.toString(), "-C", folder.toString()));
        assertEquals(0, tar.exitCode(), tar.output());
        return folder.resolve("magicfs-" + VERSION);
    }

    @Test
    void theArchiveHoldsTheLauncherLibrariesBuiltInPluginsAndDefaultMount() throws IOException {
        assertTrue(Files.isExecutable(home.resolve("bin/magicfs")));
        assertTrue(Files.exists(home.resolve("lib/magicfs-host-" + VERSION + ".jar")));
        assertTrue(Files.exists(home.resolve("lib/magicfs-plugin-api-" + VERSION + ".jar")));
        assertEquals(List.of("magicfs-bucket.jar", "magicfs-clock.jar", "magicfs-js.jar", "magicfs-lazy-remote.jar",
                "magicfs-sql.jar", "magicfs-static.jar", "magicfs-writable-dir.jar", "magicfs-writable-memory.jar"),
                names(home.resolve("plugins")));
        assertTrue(names(home.resolve("lib")).stream().noneMatch(n -> n.contains("sqlite") || n.contains("postgresql")
                || n.contains("Hikari")), "the database drivers live in the plugins that use them, not on the class path");
        assertTrue(Files.exists(home.resolve("mount.yaml")));
        assertTrue(Files.exists(home.resolve("js/settings.js")));
    }

    /**
     * The archive ships the JVM's AOT cache its build's training run made; unpacked elsewhere, the launcher's
     * JVM still takes it, and --version answers without it.
     */
    @Test
    void theAotCacheOfTheBuildServesAnUnpackedCopy() throws Exception {
        assertTrue(Files.size(home.resolve("lib/magicfs.aot")) > 1 << 20);
        Path elsewhere = Files.createDirectories(work.resolve("aot-check"));
        Launched check = Launched.run(elsewhere, List.of("env", "MAGICFS_JAVA_OPTS=-Xlog:aot=info", "JAVA_HOME=" + System.getProperty("java.home"),
                home.resolve("bin/magicfs").toString(), "check", "-c", home.resolve("mount.yaml").toString()));
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("Using AOT-linked classes: true"), check.output());
        Launched version = Launched.run(elsewhere, List.of(home.resolve("bin/magicfs").toString(), "--version"));
        // The commit is the checkout's, when it is one: a build without git names none.
        Launched head = Launched.run(Path.of("").toAbsolutePath(), List.of("git", "rev-parse", "HEAD"));
        String line = version.output();
        if (head.exitCode() == 0) {
            String commit = line.replaceFirst("^magicfs " + VERSION + " \\(commit ([0-9a-f]{7,}) of \\d{4}-\\d{2}-\\d{2}"
                    + "( with local changes)?; plugin API " + VERSION + "\\)\n$", "$1");
            assertTrue(!commit.equals(line) && head.output().startsWith(commit), line + " names the commit " + head.output());
        } else {
            assertEquals("magicfs " + VERSION + " (plugin API " + VERSION + ")\n", line);
        }
    }

    @Test
    void anUnpackedCopyMountsTheDefaultMountFromAnotherFolder() throws Exception {
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        try (HostProcess mount = mount(elsewhere, work.resolve("default-mnt"))) {
            assertEquals(List.of("box", "greeting.txt", "hello.txt", "notes.txt", "settings.json", "time.txt", "weather.txt"),
                    names(mount.mountPoint()));
            Files.writeString(mount.mountPoint().resolve("box/kept.txt"), "kept\n");
            assertTrue(Files.isDirectory(home.resolve("box.store/data")), "the default box keeps its tree beside mount.yaml");
            assertEquals("Hello! I am not a real file. A tiny Java program made me up.\n",
                    Files.readString(mount.mountPoint().resolve("hello.txt")));
            assertTrue(Files.readString(mount.mountPoint().resolve("greeting.txt")).startsWith("Hello "));
            assertTrue(mount.log().contains("mounted " + home.resolve("mount.yaml")), mount.log());
            assertEquals(0, mount.terminate(), mount.log());
        }
    }

    @Test
    void theTemplatePluginBuildsAndItsKindServesAFileBesideTheBuiltInKinds() throws Exception {
        Path template = copyTemplate(work.resolve("template"));
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
        Launched build = Launched.run(template, List.of(mvn.toString(), "-B", "-q", "-Dstyle.color=never",
                "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"), "-Dmagicfs.version=" + VERSION, "package"));
        assertEquals(0, build.exitCode(), build.output());

        Path mine = Files.createDirectories(work.resolve("mine"));
        Path plugins = Files.createDirectories(mine.resolve("plugins"));
        Files.copy(template.resolve("target/magicfs-uptime.jar"), plugins.resolve("magicfs-uptime.jar"));
        Files.writeString(mine.resolve("mount.yaml"), """
                plugins: plugins
                files:
                  uptime.txt: {kind: uptime, template: "up {uptime}\\n"}
                  hello.txt: {kind: static, text: "built-in kinds are still here\\n"}
                """);

        Launched kinds = Launched.run(mine, List.of(home.resolve("bin/magicfs").toString(), "kinds"));
        assertEquals(0, kinds.exitCode(), kinds.output());
        assertTrue(kinds.output().matches("(?s).*\\nuptime +uptime +1\\.0\\.0 +\\S*magicfs-uptime\\.jar\\n.*"), kinds.output());
        assertTrue(kinds.output().contains("\nstatic "), kinds.output());

        try (HostProcess mount = mount(mine, work.resolve("mine-mnt"))) {
            String uptime = Files.readString(mount.mountPoint().resolve("uptime.txt"));
            assertTrue(uptime.matches("up 0m \\d\\ds\n"), uptime);
            assertEquals("built-in kinds are still here\n", Files.readString(mount.mountPoint().resolve("hello.txt")));
            assertEquals(0, mount.terminate(), mount.log());
        }
    }

    /** The distribution's launcher, {@code bin/magicfs mount POINT}, run in {@code folder}. */
    private static HostProcess mount(Path folder, Path point) throws IOException {
        return HostProcess.launch(List.of(home.resolve("bin/magicfs").toString(), "mount", point.toString()), folder, point);
    }

    @Test
    void theLauncherNamesAJavaThatIsTooOldInsteadOfFailingWithAStackTrace() throws Exception {
        Path jvms = Files.createDirectories(work.resolve("jvms"));
        Path old = Files.createDirectories(jvms.resolve("java-17-example/bin"));
        Files.writeString(old.getParent().resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        Files.writeString(old.resolve("java"), "#!/bin/sh\nexit 1\n");
        old.resolve("java").toFile().setExecutable(true);
        // In a private mount namespace, /usr/lib/jvm holds only that old Java.
        Launched check = withHidden(Path.of("/usr/lib/jvm"), jvms, "env -u JAVA_HOME " + home.resolve("bin/magicfs") + " check");
        assertEquals(1, check.exitCode(), check.output());
        assertEquals("magicfs needs Java 25 or newer; these are too old: /usr/lib/jvm/java-17-example (Java 17).\n"
                + "On Debian trixie: apt-get install openjdk-25-jdk-headless; elsewhere see https://adoptium.net, then set JAVA_HOME.\n",
                check.output());
    }

    @Test
    void theLauncherSaysWhatAMountWithoutTheFuseDeviceNeeds() throws Exception {
        Path notADevice = Files.writeString(work.resolve("not-a-device"), "");
        Launched mount = withHidden(Path.of("/dev/fuse"), notADevice,
                home.resolve("bin/magicfs") + " mount " + work.resolve("no-device-mnt"));
        assertEquals(1, mount.exitCode(), mount.output());
        assertEquals("magicfs needs /dev/fuse: load the fuse module (modprobe fuse), or in a container pass --device /dev/fuse\n",
                mount.output());
    }

    /**
     * A user who is not root mounts through the setuid fusermount3 (or fusermount), which hands magicfs the
     * opened device over a socket. The user is granted /dev/fuse for the test, as the Docker image's entry
     * point grants it, and the device's mode is restored after.
     */
    @Test
    void aUserWhoIsNotRootMountsThroughFusermount() throws Exception {
        String fusermount = Stream.of("fusermount3", "fusermount")
                .filter(p -> Launched.run0(List.of("sh", "-c", "command -v " + p)) == 0).findFirst().orElse(null);
        assumeTrue(fusermount != null, "needs fusermount3 or fusermount");
        assumeTrue("root".equals(System.getProperty("user.name")) && Launched.run0(List.of("id", "nobody")) == 0,
                "needs root, to grant the user nobody /dev/fuse");
        Path shared = Files.createDirectories(Path.of("/tmp", "magicfs-user-" + ProcessHandle.current().pid()));
        Path mountPoint = shared.resolve("mnt");
        Path device = Path.of("/dev/fuse");
        var deviceMode = Files.getPosixFilePermissions(device);
        try {
            assertEquals(0, Launched.run0(List.of("cp", "-r", home.toString(), shared.resolve("magicfs").toString())));
            Files.createDirectories(mountPoint);
            assertEquals(0, Launched.run0(List.of("chmod", "-R", "a+rX", shared.toString())));
            assertEquals(0, Launched.run0(List.of("chown", "nobody", mountPoint.toString())));
            Files.setPosixFilePermissions(device, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            Path log = shared.resolve("host.log");
            Process host = new ProcessBuilder("runuser", "-u", "nobody", "--", "env", "JAVA_HOME=" + System.getProperty("java.home"),
                    shared.resolve("magicfs/bin/magicfs").toString(), "mount", mountPoint.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.currentTimeMillis() + 30_000;
                while (!Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + mountPoint + " ")) {
                    assertTrue(host.isAlive() && System.currentTimeMillis() < deadline, "not mounted: " + Files.readString(log));
                    Thread.sleep(50);
                }
                Launched cat = Launched.run(shared, List.of("runuser", "-u", "nobody", "--", "cat", mountPoint.resolve("hello.txt").toString()));
                assertEquals("Hello! I am not a real file. A tiny Java program made me up.\n", cat.output());
                // The installation's box.store belongs to root: that one tree fails, and says why; the rest serves.
                Launched box = Launched.run(shared, List.of("runuser", "-u", "nobody", "--", "ls", mountPoint.resolve("box").toString()));
                assertTrue(box.output().contains("Input/output error"), box.output());
                assertTrue(Files.readString(log).contains("cannot open the store"), Files.readString(log));
                assertEquals(0, Launched.run0(List.of("runuser", "-u", "nobody", "--", fusermount, "-u", mountPoint.toString())));
                assertTrue(host.waitFor(15, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
                assertEquals(0, host.exitValue(), Files.readString(log));
            } finally {
                host.destroyForcibly();
                Launched.run0(List.of("umount", "-l", mountPoint.toString()));
            }
        } finally {
            Files.setPosixFilePermissions(device, deviceMode);
            Launched.run0(List.of("rm", "-rf", shared.toString()));
        }
    }

    /**
     * Runs {@code command} with {@code replacement} mounted over {@code hidden} in a private mount namespace,
     * so the machine itself is untouched. Needs root (as the mounted tests do) and Java under /usr/lib/jvm.
     */
    private static Launched withHidden(Path hidden, Path replacement, String command) throws Exception {
        assumeTrue(System.getProperty("java.home").startsWith("/usr/lib/jvm/"), "this test hides /usr/lib/jvm");
        assumeTrue(Launched.run(work, List.of("unshare", "-m", "true")).exitCode() == 0, "needs unshare -m (root)");
        return Launched.run(work, List.of("unshare", "-m", "sh", "-c",
                "mount --bind \"$1\" \"$2\" && exec " + command, "sh", replacement.toString(), hidden.toString()));
    }

    /**
     * The image's build copies each module's pom into a layer of its own before fetching dependencies; a module
     * that the Dockerfile misses makes `docker build` fail, and nothing else here would notice.
     */
    @Test
    void theDockerfileCopiesEveryModulesPom() throws IOException {
        Path root = Path.of(System.getProperty("magicfs.template")).getParent().getParent();
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        List<String> modules = modules(root, "");
        assertTrue(modules.contains("plugins/sql/"), modules.toString());
        for (String module : modules) {
            assertTrue(dockerfile.contains("COPY " + module + "pom.xml " + module + "\n"), "Dockerfile lacks COPY " + module + "pom.xml");
        }
    }

    /** Every module below {@code folder} of the build, as "plugins/js/". */
    private static List<String> modules(Path root, String folder) throws IOException {
        List<String> found = new java.util.ArrayList<>();
        var m = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve(folder + "pom.xml")));
        while (m.find()) {
            String module = folder + m.group(1) + "/";
            found.add(module);
            found.addAll(modules(root, module));
        }
        return found;
    }

    private static Path copyTemplate(Path target) throws IOException {
        Path source = Path.of(System.getProperty("magicfs.template"));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.filter(p -> !source.relativize(p).startsWith("target")).toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()));
            }
        }
        return target;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A finished command: its exit code and everything it printed. */
    record Launched(int exitCode, String output) {
        /** The exit code of {@code command}, its output discarded. */
        static int run0(List<String> command) {
            try {
                return new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }

        static Launched run(Path folder, List<String> command) throws Exception {
            Path output = Files.createTempFile("magicfs-it-", ".txt");
            try {
                Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                int exit = process.waitFor();
                return new Launched(exit, Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.delete(output);
            }
        }
    }
}
