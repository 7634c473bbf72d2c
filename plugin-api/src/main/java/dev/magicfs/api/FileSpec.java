package dev.magicfs.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * One file's entry in mount.yaml, as its kind sees it. The typed getters throw {@link SpecException}s that the
 * host reports with the key's line and column.
 */
public interface FileSpec {

    /** The file's path in the mount, with '/' between names, for example {@code config/limits.json}. */
    String path();

    /** The folder holding mount.yaml; relative paths in a spec are resolved against it. */
    Path baseDirectory();

    /** The keys present in this spec. */
    Set<String> keys();

    /**
     * The value of {@code key} as plain Java data: String (for every scalar, as written), List or Map of
     * these, or null when the key is absent or empty.
     */
    Object value(String key);

    /**
     * The value of {@code key} typed as YAML reads it: String, Long, Double, Boolean, List or Map of these,
     * or null. For free-form data a kind hands on, such as a script's {@code params}.
     */
    Object data(String key);

    /**
     * Names a place inside the text of {@code key}'s value as an editor shows it, {@code mount.yaml:14:9}, so
     * a log line about an inline script points at the user's line. Where the place cannot be mapped exactly,
     * it names the key's line and the place within the text.
     *
     * @param line 1-based line within the value's text
     * @param column 1-based column within that line
     */
    String locate(String key, int line, int column);

    /**
     * Whether the file is only checked ({@code magicfs check}), not mounted: a kind then leaves out what is about
     * the running system rather than the spec, such as whether a running mount holds a store already.
     */
    default boolean checkOnly() {
        return false;
    }

    /**
     * The permission bits of the spec's {@code mode} key, or null when it has none. The host applies them to
     * what a kind builds; a kind whose node keeps its own metadata (a writable directory's root) starts from them.
     */
    default Integer modeBits() {
        return null;
    }

    /**
     * The mount's budget for content that files hold in memory ({@code memory_limit}); a node that stores what
     * users write reserves from it.
     */
    default MemoryBudget memoryBudget() {
        return MemoryBudget.UNLIMITED;
    }

    /**
     * The mount's cache for copies that can be fetched again ({@code cache_limit}); a node that keeps
     * downloads admits them here.
     */
    default ContentCache contentCache() {
        return ContentCache.UNLIMITED;
    }

    /**
     * How long one request may run in a plugin ({@code request_timeout}) before its caller gets ETIMEDOUT. A
     * kind whose work can run longer (a script, a download) should stop it by then: the caller is gone.
     */
    default Duration requestTimeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * A folder of this user's where a kind may keep what only saves time, shared by every mount and check:
     * records of scripts already checked, a native library already unpacked. It is {@code $XDG_CACHE_HOME/magicfs},
     * else {@code ~/.cache/magicfs}, or null when there is no home. It may be missing or read-only, and anything
     * in it may vanish: losing it must cost time, never a file or a correct answer.
     */
    default Path cacheFolder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        if (cache != null && cache.startsWith("/")) {
            return Path.of(cache, "magicfs");
        }
        String home = System.getProperty("user.home");
        return home == null || !home.startsWith("/") ? null : Path.of(home, ".cache", "magicfs");
    }

    /**
     * Where the file reports transfers that may take long, such as a download or an upload, so that their
     * progress is logged and shown in {@code /.magic/stats}.
     */
    default Transfers transfers() {
        return Transfers.NONE;
    }

    /** A scalar value as written, or null when absent; a list or a map is a mistake. */
    default String text(String key) throws SpecException {
        Object v = value(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new SpecException(key, "'" + key + "' must be a single value, not a list or a map");
    }

    /** A required scalar value. */
    default String requiredText(String key) throws SpecException {
        String v = text(key);
        if (v == null) {
            throw new SpecException(null, "missing required key '" + key + "'");
        }
        return v;
    }

    /** A scalar value as written, or {@code fallback} when absent. */
    default String text(String key, String fallback) throws SpecException {
        String v = text(key);
        return v == null ? fallback : v;
    }

    /** A duration such as {@code 0}, {@code 500ms}, {@code 2s}, {@code 1m} or {@code 1h}; {@code fallback} when absent. */
    default Duration duration(String key, Duration fallback) throws SpecException {
        String v = text(key);
        try {
            return v == null ? fallback : Units.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new SpecException(key, e.getMessage());
        }
    }

    /** A size in bytes such as {@code 4096}, {@code 64KiB} or {@code 16MiB}; {@code fallback} when absent. */
    default long size(String key, long fallback) throws SpecException {
        String v = text(key);
        try {
            return v == null ? fallback : Units.parseSize(v);
        } catch (IllegalArgumentException e) {
            throw new SpecException(key, e.getMessage());
        }
    }

    /** A boolean ({@code true}/{@code false}, {@code yes}/{@code no}); {@code fallback} when absent. */
    default boolean bool(String key, boolean fallback) throws SpecException {
        String v = text(key);
        try {
            return v == null ? fallback : Units.parseBoolean(v);
        } catch (IllegalArgumentException e) {
            throw new SpecException(key, e.getMessage());
        }
    }

    /** A path relative to {@link #baseDirectory()} (or absolute) that must name an existing regular file. */
    default Path existingFile(String key) throws SpecException {
        String v = requiredText(key);
        Path p = baseDirectory().resolve(v).normalize();
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new SpecException(key, "file not found: " + p);
        }
        String notRegular = notARegularFile(p);
        if (notRegular != null) {
            throw new SpecException(key, p + " " + notRegular + "; expected a regular file");
        }
        if (!Files.isReadable(p)) {
            throw new SpecException(key, "file not readable: " + p);
        }
        return p;
    }

    /**
     * What {@code path} is when it is there but is not a regular file ("is a folder", "is a named pipe
     * (FIFO)", ...), or null for a regular file or a path that does not exist. Reading a FIFO or a device would
     * block or never end, so a spec must say so at once.
     */
    static String notARegularFile(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path)) {
            return null;
        }
        if (!Files.exists(path)) {
            return "is a symbolic link that leads nowhere or into a loop";
        }
        if (Files.isDirectory(path)) {
            return "is a folder";
        }
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "is a named pipe (FIFO)";
                case 0020000 -> "is a character device";
                case 0060000 -> "is a block device";
                case 0140000 -> "is a socket";
                default -> "is not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "is not a regular file";
        }
    }
}
