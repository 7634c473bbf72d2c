package dev.magicfs.host.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real command (cat, stat, sh -c "echo > file") and captures what a user would see. */
public final class Shell {
    private Shell() {}

    /** What a command printed and how it ended. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr, long millis) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public Result assertSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError("command failed with exit " + exitCode + ": " + stderr);
            }
            return this;
        }
    }

    public static Result run(String... command) {
        return run(null, command);
    }

    public static Result run(Path workingDirectory, String... command) {
        long start = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command));
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // Own threads, not the common pool: its one worker on a 2-core machine would serialize commands.
            CompletableFuture<byte[]> out = new CompletableFuture<>();
            CompletableFuture<byte[]> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> out.complete(readAll(p.getInputStream())));
            Thread.ofVirtual().start(() -> err.complete(readAll(p.getErrorStream())));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("command did not end within 60 s: " + List.of(command));
            }
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the command on its own thread. */
    public static CompletableFuture<Result> runAsync(String... command) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(run(command));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * {@code bash -c script}, for redirections such as {@code echo x > file}. bash, as users have it: dash's
     * printf reports every write error as "I/O error" whatever the errno.
     */
    public static Result sh(String script) {
        return run("bash", "-c", script);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
