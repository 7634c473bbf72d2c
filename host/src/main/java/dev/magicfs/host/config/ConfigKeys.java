package dev.magicfs.host.config;

import java.util.List;

/**
 * Every key of mount.yaml that the host itself reads, with its type and default. Kinds add their own keys
 * per file. README's mount.yaml reference follows this list.
 */
public final class ConfigKeys {
    private ConfigKeys() {}

    /** Top level. String, default "magicfs": file system name shown by mount(8) and in log lines. */
    public static final String NAME = "name";
    /** Top level. Folder, default "plugins": the plugin jars, relative to mount.yaml; --plugins overrides it. */
    public static final String PLUGINS = "plugins";
    /** Top level. Boolean, default false: other users may use the mount, with mode bits enforced. */
    public static final String ALLOW_OTHER = "allow_other";
    /** Top level. Boolean, default true: serve /.magic, the mount's statistics, log and reload switch. */
    public static final String MAGIC_DIR = "magic_dir";
    /** The name of that folder in the root, which no file of mount.yaml may take while it is served. */
    public static final String MAGIC_FOLDER = ".magic";
    /** Top level. Map of the cache keys below: what every file inherits. */
    public static final String DEFAULTS = "defaults";
    /** Top level. Size, default a quarter of the JVM heap: all writable content together (ENOSPC past it). */
    public static final String MEMORY_LIMIT = "memory_limit";
    /** Top level. Size, default 256MiB: downloaded copies together; the least recently used are dropped. */
    public static final String CACHE_LIMIT = "cache_limit";
    /** Top level. Count, default 10000: open files at once (ENFILE past it). */
    public static final String MAX_OPEN_FILES = "max_open_files";
    /** Top level. Duration, default 60s: how long one request may run in a plugin before it fails (ETIMEDOUT). */
    public static final String REQUEST_TIMEOUT = "request_timeout";
    /** Top level. Map of path to file spec; a path with '/' creates its parent directories. */
    public static final String FILES = "files";

    /** Per file. The kind's name, required. */
    public static final String KIND = "kind";
    /** Per file. Octal string such as "0644"; default 0644 for writable kinds, 0444 otherwise. */
    public static final String MODE = "mode";
    /** Per file or in defaults. Duration, default 1s: kernel attribute and entry cache time. */
    public static final String TTL = "ttl";
    /** Per file or in defaults. Boolean, default false: bypass the page cache, every read reaches magicfs. */
    public static final String DIRECT_IO = "direct_io";
    /** Per file or in defaults. Boolean, default false: keep cached pages across opens. */
    public static final String KEEP_CACHE = "keep_cache";
    /**
     * Per file or in defaults. "exact" (default) or "unknown": whether stat of a generated file generates it to
     * report its true length (the next open serves that generation), or shows 0 as /proc does.
     */
    public static final String SIZE = "size";

    /**
     * Per file. Duration such as 7d: a writable file not modified for this long is emptied; in a writable
     * directory, each file not modified for this long is removed.
     */
    public static final String EXPIRE_AFTER = "expire_after";

    public static final List<String> TOP_LEVEL = List.of(NAME, PLUGINS, ALLOW_OTHER, MEMORY_LIMIT, CACHE_LIMIT,
            MAX_OPEN_FILES, REQUEST_TIMEOUT, MAGIC_DIR, DEFAULTS, FILES);
    public static final List<String> CACHE = List.of(TTL, DIRECT_IO, KEEP_CACHE, SIZE);
    public static final List<String> COMMON_FILE_KEYS = List.of(KIND, MODE, TTL, DIRECT_IO, KEEP_CACHE, SIZE, EXPIRE_AFTER);
}
