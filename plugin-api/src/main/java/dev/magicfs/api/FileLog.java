package dev.magicfs.api;

/**
 * The mount's log, for one file. The host prefixes each message with the file's path, so a message reads
 * {@code [magicfs] weather.txt: downloaded, cached in memory}.
 */
public interface FileLog {

    /** Something a user watching the log wants to know: a download started or finished. */
    void info(String message);

    /** A failure of this file; always shown, even with {@code --log quiet}. */
    void error(String message);

    /** A detail shown only with {@code --log debug}. */
    void debug(String message);
}
