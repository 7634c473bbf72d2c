package dev.magicfs.host.log;

import dev.magicfs.api.FileLog;
import java.io.PrintStream;

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

    public MountLog(String name, Level level, PrintStream out) {
        this.prefix = "[" + name + "] ";
        this.level = level;
        this.out = out;
        this.requests = new RequestLines(line -> out.println(prefix + line));
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
        if (level == Level.DEBUG) {
            debug(operation + " " + file + detail);
        } else if (level == Level.INFO) {
            requests.offer(operation + " " + file, bytes, operation + " " + file + detail);
        }
    }

    public boolean isOn(Level wanted) {
        return level.compareTo(wanted) >= 0;
    }

    public void info(String message) {
        write(Level.INFO, message);
    }

    public void debug(String message) {
        write(Level.DEBUG, message);
    }

    public void error(String message) {
        write(Level.QUIET, "ERROR " + message);
    }

    private void write(Level at, String message) {
        if (isOn(at)) {
            out.println(prefix + message);
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
