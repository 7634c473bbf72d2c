package dev.magicfs.plugins.js;

import dev.magicfs.api.FileLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where one js file's {@code console} output goes: the mount's log, each line prefixed with the file's path by
 * the host. Rate-limited per file (a burst of {@value #BURST} lines, then {@value #LINES_PER_SECOND} a second),
 * so a script logging in a loop cannot flood the log; dropped lines are counted in the next line that passes.
 */
final class ConsoleLog {
    static final int BURST = 20;
    static final int LINES_PER_SECOND = 10;
    private static final int MAX_LINE = 1000;

    private final FileLog log;
    private double tokens = BURST;
    private long refilledAt = System.nanoTime();
    private long dropped;

    ConsoleLog(FileLog log) {
        this.log = log;
    }

    /** A stream for one context's {@code console.log} (or, with {@code error}, {@code console.error}). */
    OutputStream stream(boolean error) {
        return new LineStream(line -> emit(line, error));
    }

    private void emit(String line, boolean error) {
        String text;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(BURST, tokens + (now - refilledAt) / 1e9 * LINES_PER_SECOND);
            refilledAt = now;
            if (tokens < 1) {
                dropped++;
                return;
            }
            tokens--;
            text = "console: " + (line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line)
                    + (dropped > 0 ? " (" + dropped + " lines dropped before this one)" : "");
            dropped = 0;
        }
        if (error) {
            log.error(text);
        } else {
            log.info(text);
        }
    }

    /** Splits bytes into lines; one per context, so lines of two threads never mix. */
    private static final class LineStream extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineStream(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines.accept(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else if (current.size() <= MAX_LINE * 4) {
                current.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    }
}
