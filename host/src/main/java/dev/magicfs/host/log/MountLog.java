package dev.magicfs.host.log;

import dev.magicfs.api.FileLog;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line per event, prefixed with the mount's name: {@code [magicfs] LOOKUP notes.txt -> ino=5}. Thread-safe:
 * each line is written whole.
 */
public final class MountLog {

    /** How much is shown. */
    public enum Level {
        /** Errors only. */
        QUIET,
        /** Errors, LOOKUP/READ/WRITE/READDIR and what plugins report (the original magicfs's log). */
        INFO,
        /** Also one line for every other request received. */
        DEBUG
    }

    private final String prefix;
    private final Level level;
    private final PrintStream out;

    private final RequestLines requests;
    /** The recent lines, for /.magic/log; null when the mount has none. */
    private final LogRing ring;
    private volatile String quietFolder;

    public MountLog(String name, Level level, PrintStream out) {
        this(name, level, out, null);
    }

    /** A log whose lines also go, each with the time it was written, to {@code ring} (when not null). */
    public MountLog(String name, Level level, PrintStream out, LogRing ring) {
        this.prefix = "[" + name + "] ";
        this.level = level;
        this.out = out;
        this.ring = ring;
        this.requests = new RequestLines(this::emit);
        if (level == Level.INFO) {
            Thread flusher = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    requests.flush();
                }
            }, "magicfs-log");
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    /**
     * An INFO line for one request, {@code operation} on {@code file}: past a rate per file and operation the
     * lines of each second fold into one ({@link RequestLines}); at DEBUG every request is a line.
     *
     * @param bytes what the request moves (a read's or write's size), summed in the folded line
     */
    public void request(String operation, String file, long bytes, String detail) {
        if (isQuiet(file)) {
            return;
        }
        if (level == Level.DEBUG) {
            debug(operation + " " + file + detail);
        } else if (level == Level.INFO) {
            requests.offer(operation + " " + file, bytes, operation + " " + file + detail);
        }
    }

    /**
     * Logs no request line (INFO or DEBUG) for {@code folder} and its files, the mount's own folder: a read of
     * its log would log a line that the read itself returns, so {@code cat} of it would never end and
     * {@code tail -f} never go quiet. Their failures are still logged.
     */
    public void quietRequestsUnder(String folder) {
        quietFolder = folder;
    }

    /** Whether {@code file} (a path such as ".magic/log") is in the quiet folder. */
    private boolean isQuiet(String file) {
        String folder = quietFolder;
        return folder != null && file.startsWith(folder) && (file.length() == folder.length() || file.charAt(folder.length()) == '/');
    }

    public boolean isOn(Level wanted) {
        return level.compareTo(wanted) >= 0;
    }

    public void info(String message) {
        write(Level.INFO, message);
    }

    /** A debug line; one of a request in the quiet folder ({@code "READ .magic/log ..."}) is dropped. */
    public void debug(String message) {
        if (quietFolder != null && isOn(Level.DEBUG)) {
            int space = message.indexOf(' ');
            int end = message.indexOf(' ', space + 1);
            if (space > 0 && isQuiet(end < 0 ? message.substring(space + 1) : message.substring(space + 1, end))) {
                return;
            }
        }
        write(Level.DEBUG, message);
    }

    public void error(String message) {
        write(Level.QUIET, "ERROR " + message);
    }

    private void write(Level at, String message) {
        if (isOn(at)) {
            emit(message);
        }
    }

    private void emit(String message) {
        String line = prefix + message;
        out.println(line);
        if (ring != null) {
            ring.append(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        }
    }

    /** The log as one file's plugin sees it: every message names the file. */
    public FileLog forFile(String path) {
        return new FileLog() {
            @Override
            public void info(String message) {
                MountLog.this.info(path + ": " + message);
            }

            @Override
            public void error(String message) {
                MountLog.this.error(path + ": " + message);
            }

            @Override
            public void debug(String message) {
                MountLog.this.debug(path + ": " + message);
            }
        };
    }
}
