package dev.magicfs.host.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A magicfs host running {@code mount} in its own JVM, as a user runs it, with its stderr (the request log)
 * captured. {@link #close()} always leaves no process and no mount behind.
 */
public final class HostProcess implements AutoCloseable {
    private static final long MOUNT_TIMEOUT_MILLIS = 30_000;

    private final Process process;
    private final Path mountPoint;
    private final Path logFile;

    private HostProcess(Process process, Path mountPoint, Path logFile) {
        this.process = process;
        this.mountPoint = mountPoint;
        this.logFile = logFile;
    }

    /** Runs {@code magicfs mount -c config --plugins plugins --log level mountPoint} and waits until it is mounted. */
    public static HostProcess mount(Path config, Path plugins, String level, Path mountPoint) throws IOException {
        return mount(config, plugins, level, mountPoint, new String[0]);
    }

    /** The same, with more options of {@code mount}, such as {@code --no-watch}. */
    public static HostProcess mount(Path config, Path plugins, String level, Path mountPoint, String... options)
            throws IOException {
        return mount(List.of(), config, plugins, level, mountPoint, options);
    }

    /** The same, with options for the host's JVM, such as {@code -Xmx256m}. */
    public static HostProcess mount(List<String> jvmOptions, Path config, Path plugins, String level, Path mountPoint,
            String... options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("mount", "-c", config.toString(), "--plugins", plugins.toString(),
                "--log", level));
        arguments.addAll(List.of(options));
        arguments.add(mountPoint.toString());
        List<String> command = javaCommand(arguments.toArray(String[]::new));
        command.addAll(1, jvmOptions);
        return launch(command, config.getParent(), mountPoint);
    }

    /**
     * Runs {@code command} (a magicfs mount, such as a distribution's {@code bin/magicfs mount POINT}) in
     * {@code folder} and waits until {@code mountPoint} is mounted and answers.
     */
    public static HostProcess launch(List<String> command, Path folder, Path mountPoint) throws IOException {
        Path logFile = Files.createTempFile(folder, "host-", ".log");
        HostProcess host = new HostProcess(start(command, folder, logFile), mountPoint, logFile);
        host.awaitMounted();
        return host;
    }

    /** Starts the host's main class in a new JVM with the test class path; stdout and stderr go to {@code output}. */
    public static Process start(Path output, String... arguments) throws IOException {
        return start(javaCommand(arguments), Path.of("."), output);
    }

    /** What a command that ran to its end printed, and its exit code. */
    public record Finished(int exitCode, String output) {}

    /**
     * Runs the host's main class to its end, as {@link #start} does, with 30 s to finish (a refused mount
     * must not hang); {@code output} keeps what it printed.
     */
    public static Finished runToEnd(Path output, String... arguments) throws IOException, InterruptedException {
        Process process = start(output, arguments);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("magicfs " + String.join(" ", arguments) + " did not end within 30 s: " + Files.readString(output));
        }
        return new Finished(process.exitValue(), Files.readString(output));
    }

    /** The command that runs the host's main class with {@code arguments}: this JVM, its flags, the test class path. */
    public static List<String> javaCommand(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.magicfs.host.cli.Main");
        command.addAll(List.of(arguments));
        return command;
    }

    private static Process start(List<String> command, Path folder, Path output) throws IOException {
        return new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private void awaitMounted() throws IOException {
        long deadline = System.currentTimeMillis() + MOUNT_TIMEOUT_MILLIS;
        // Listed and answering: a dead mount left at the same place is listed too, but does not answer. The same
        // mount before and after the answer: the host removes a dead one before mounting, and the folder under
        // it answers too.
        while (!servesItself()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                close();
                throw new IllegalStateException("magicfs did not mount " + mountPoint + " (exit "
                        + (process.isAlive() ? "none" : process.exitValue()) + "); its log:\n" + log());
            }
            sleep(20);
        }
    }

    private boolean servesItself() {
        String listed = Mounts.mountId(mountPoint);
        return listed != null && answers(mountPoint) && listed.equals(Mounts.mountId(mountPoint));
    }

    private static boolean answers(Path mountPoint) {
        try (var entries = Files.newDirectoryStream(mountPoint)) { // opendir: never answered from a cache
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path mountPoint() {
        return mountPoint;
    }

    public Process process() {
        return process;
    }

    /** Everything the host printed so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Sends SIGTERM and returns the exit code (-1 if it did not exit within 15 s). */
    public int terminate() {
        process.destroy();
        try {
            return process.waitFor(15, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        if (Mounts.isMounted(mountPoint)) {
            Mounts.detach(mountPoint);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
