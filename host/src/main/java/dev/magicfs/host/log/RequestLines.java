package dev.magicfs.host.log;

import dev.magicfs.api.Units;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Folds the request log under load: each operation on one file writes at most {@link #LINES_PER_SECOND} lines a
 * second; the rest of that second becomes one line, {@code READ big.bin ×18,234, 1.1 GiB in the last 1 s}, so
 * a benchmark's million reads cost a few hundred lines, not a million. Debug level shows every request.
 */
final class RequestLines {
    static final int LINES_PER_SECOND = 20;
    private static final long SECOND = 1_000_000_000L;

    /** One operation on one file in the current second. */
    private static final class Window {
        long start;
        int written;
        long folded;
        long bytes;
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Consumer<String> out;

    RequestLines(Consumer<String> out) {
        this.out = out;
    }

    /**
     * Writes {@code line} unless {@code key} (an operation and a file) had its lines this second already; then
     * counts it, with the {@code bytes} it moved (0 for none).
     */
    void offer(String key, long bytes, String line) {
        long now = System.nanoTime();
        Window w = windows.computeIfAbsent(key, k -> new Window());
        String summary = null;
        boolean write;
        synchronized (w) {
            if (now - w.start >= SECOND) {
                summary = summary(key, w);
                w.start = now;
                w.written = 0;
            }
            write = w.written < LINES_PER_SECOND;
            if (write) {
                w.written++;
            } else {
                w.folded++;
                w.bytes += bytes;
            }
        }
        if (summary != null) {
            out.accept(summary);
        }
        if (write) {
            out.accept(line);
        }
    }

    /** Writes what was folded in windows that ended, and forgets files that went quiet; run once a second. */
    void flush() {
        long now = System.nanoTime();
        windows.forEach((key, w) -> {
            String summary = null;
            synchronized (w) {
                if (now - w.start >= SECOND) {
                    summary = summary(key, w);
                    if (summary == null) {
                        windows.remove(key, w);
                    }
                }
            }
            if (summary != null) {
                out.accept(summary);
            }
        });
    }

    /** The line for what {@code w} folded, resetting it; null when it folded nothing. */
    private static String summary(String key, Window w) {
        if (w.folded == 0) {
            return null;
        }
        String line = String.format(Locale.ROOT, "%s ×%,d%s in the last 1 s", key, w.folded,
                w.bytes > 0 ? ", " + Units.formatSize(w.bytes) : "");
        w.folded = 0;
        w.bytes = 0;
        return line;
    }
}
