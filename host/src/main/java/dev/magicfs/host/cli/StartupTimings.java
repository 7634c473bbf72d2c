package dev.magicfs.host.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * How long each step of start-up took, from {@code main}: the command line, parsing mount.yaml, loading the
 * plugins, building the files, and the mount. (The JVM's own start before {@code main} is what
 * {@code bench/startup.sh} measures as {@code java -version}.) The debug log has the line; with
 * {@code MAGICFS_TIMINGS=1} it goes to stderr for check and mount too.
 */
final class StartupTimings {
    private static final StartupTimings INSTANCE = new StartupTimings();

    private final long startNanos = System.nanoTime();
    private final List<String> steps = new ArrayList<>();
    private long lastNanos = startNanos;

    private StartupTimings() {}

    /** The timings of this process; the first call, at the start of {@code main}, starts the clock. */
    static StartupTimings get() {
        return INSTANCE;
    }

    /** Marks the end of {@code step}, which ran since the previous mark. */
    synchronized void mark(String step) {
        long now = System.nanoTime();
        steps.add(step + " " + (now - lastNanos) / 1_000_000 + " ms");
        lastNanos = now;
    }

    /** {@code startup: command line 300 ms, parse 12 ms, plugins 90 ms, files 300 ms, mount 20 ms; 722 ms from main}. */
    synchronized String describe() {
        return "startup: " + String.join(", ", steps) + "; " + (lastNanos - startNanos) / 1_000_000 + " ms from main";
    }

    /** Prints the steps to stderr when MAGICFS_TIMINGS is set. */
    void printIfAsked() {
        String asked = System.getenv("MAGICFS_TIMINGS");
        if (asked != null && !asked.isEmpty() && !asked.equals("0")) {
            System.err.println(describe());
        }
    }
}
