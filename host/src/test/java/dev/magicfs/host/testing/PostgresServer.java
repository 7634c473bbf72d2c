package dev.magicfs.host.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server on loopback: Debian's binaries (package postgresql), a fresh data folder and a
 * free port, run as the system user {@code postgres} when the tests run as root (PostgreSQL refuses root).
 * {@link #close()} stops it and leaves nothing running.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path bin;
    private final Path folder;
    private final int port;

    private PostgresServer(Path bin, Path folder, int port) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
    }

    /** Creates a cluster whose superuser is {@code magicfs} (trust on loopback) and starts it. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path folder = Files.createTempDirectory("magicfs-postgres-");
        run("chown", "-R", "postgres", folder.toString());
        int port = FreePort.onLoopback();
        PostgresServer server = new PostgresServer(bin, folder, port);
        server.asPostgres(bin.resolve("initdb").toString(), "-D", folder.resolve("data").toString(), "-A", "trust",
                "-U", "magicfs", "--no-sync");
        server.startAgain();
        return server;
    }

    /** Starts the server (again, after {@link #kill}). */
    public void startAgain() throws IOException, InterruptedException {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-l",
                folder.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server at once, as a crash would: connections break mid-query. */
    public void kill() throws IOException, InterruptedException {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-m", "immediate", "stop");
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=magicfs}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=magicfs";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            kill();
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The newest installed server's bin folder, such as /usr/lib/postgresql/17/bin. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL is not installed: run scripts/setup-debian.sh --tests");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + root));
        }
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
