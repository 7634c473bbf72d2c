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

    public MountLog(String name, Level level, PrintStream out) {
        this.prefix = "[" + name + "] ";
        this.level = level;
        this.out = out;
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
