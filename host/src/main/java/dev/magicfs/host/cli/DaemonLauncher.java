package dev.magicfs.host.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code magicfs mount --daemon}: starts this very command again without {@code --daemon}, in a session of
 * its own (setsid), its log going to a file, and returns once it serves, or with its reasons when it fails.
 * The JVM cannot fork, so the second process is how a Java service detaches.
 */
final class DaemonLauncher {
    /** What the serving process writes on its standard output once it serves; hidden from --help. */
    static final String SIGNAL_OPTION = "--serving-signal";
    static final String READY = "ready";

    private DaemonLauncher() {}

    /** The log of a daemon that names no --log-file: /var/log/magicfs for root, else the user's state folder. */
    static Path defaultLogFile(Path mountPoint) {
        String name = mountPoint.toAbsolutePath().normalize().toString().replaceAll("^/+", "").replace('/', '-') + ".log";
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/log/magicfs", name.equals(".log") ? "root.log" : name);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && state.startsWith("/") ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("magicfs").resolve(name);
    }

    /** Starts the serving process and waits until it serves (0) or fails (1, its log's new lines printed to {@code err}). */
    static int launch(List<String> arguments, Path mountPoint, Path logFile, PrintWriter out, PrintWriter err) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Process serving = new ProcessBuilder(command(arguments))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            String said;
            try (BufferedReader signal = new BufferedReader(new InputStreamReader(serving.getInputStream(), StandardCharsets.UTF_8))) {
                said = signal.readLine();
            }
            if (READY.equals(said)) {
                out.println("magicfs: serving " + mountPoint.toAbsolutePath().normalize() + " (pid " + serving.pid() + "); log: " + logFile);
                out.flush();
                return 0;
            }
            serving.waitFor(10, TimeUnit.SECONDS);
            err.print(newText(logFile, logStart));
            err.println("magicfs: the mount did not start; its log is " + logFile);
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("magicfs: cannot start the serving process: " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * This JVM's command line, with --daemon replaced by the serving signal, under setsid when there is one.
     * Rebuilt from the JVM's options, class path and {@code arguments} (the command's own): the JDK reads a
     * command line of over 4 KiB, a long class path's, as none at all.
     */
    private static List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        for (String argument : arguments) {
            command.add(argument.equals("--daemon") ? SIGNAL_OPTION : argument);
        }
        return command;
    }

    private static String newText(Path file, long from) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(Math.min(from, in.length()));
            byte[] bytes = new byte[(int) Math.min(64 * 1024, in.length() - in.getFilePointer())];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
