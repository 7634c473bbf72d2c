package dev.magicfs.plugins.js;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.FileKind;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FileSpec;
import dev.magicfs.api.Node;
import dev.magicfs.api.SpecException;
import java.time.Duration;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code kind: js}: a file whose content a JavaScript {@code read(ctx)} computes at each open, and which a
 * {@code write(ctx, data)} hook, when the script has one, makes writable. Keys: {@code source} (inline code) or
 * {@code script} (a file next to mount.yaml); {@code params} (free-form, {@code ctx.params}); {@code timeout}
 * per call (default 1s); {@code max_statements} per call (default 100,000,000; 0 for none); {@code max_size}
 * of written content (default 16 MiB).
 */
@Extension
public final class JsKind implements FileKind {
    static final String PARAMS = "params";
    static final String TIMEOUT = "timeout";
    static final String MAX_STATEMENTS = "max_statements";
    static final String MAX_SIZE = "max_size";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final long DEFAULT_MAX_STATEMENTS = 100_000_000;
    static final long DEFAULT_MAX_SIZE = 16L << 20;

    @Override
    public String name() {
        return "js";
    }

    @Override
    public Set<String> keys() {
        return Set.of(ScriptText.SOURCE, ScriptText.SCRIPT, PARAMS, TIMEOUT, MAX_STATEMENTS, MAX_SIZE);
    }

    /**
     * Each open runs the script again, with content of any length: no cached size. Reads may use the page
     * cache: the host gives each open the generation whose size the kernel was told, or direct I/O.
     */
    @Override
    public CachePolicy cachePolicy() {
        return CachePolicy.INHERIT.withTtl(Duration.ZERO);
    }

    @Override
    public Set<String> sourceKeys() {
        return Set.of(ScriptText.SCRIPT);
    }

    /** Starts the engine, and the scripts check and mount did not load, once the mount serves. */
    @Override
    public void serving() {
        Warmup.start();
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        return create(spec, log, new Store());
    }

    /** The new script keeps the store of the one it replaces: what it remembered survives an edit. */
    @Override
    public Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        return create(spec, log, previous instanceof JsFile js ? js.script.store() : new Store());
    }

    private Node create(FileSpec spec, FileLog log, Store store) throws SpecException {
        long maxSize = spec.size(MAX_SIZE, DEFAULT_MAX_SIZE);
        Script script = script(spec, log, store, false);
        return script.writable() ? new WritableJsFile(script, maxSize) : new JsFile(script);
    }

    /** A script from a js or js-dir spec: its text, params, timeout and statement limit. */
    static Script script(FileSpec spec, FileLog log, Store store, boolean lists) throws SpecException {
        Duration timeout = spec.duration(TIMEOUT, DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new SpecException(TIMEOUT, "the timeout must be longer than 0, such as 500ms or 2s");
        }
        // A call past the mount's request_timeout has no caller left: its reader got ETIMEDOUT. Stop it then.
        if (timeout.compareTo(spec.requestTimeout()) > 0) {
            timeout = spec.requestTimeout();
        }
        long maxStatements = count(spec, MAX_STATEMENTS, DEFAULT_MAX_STATEMENTS);
        return new Script(ScriptText.of(spec), spec.path(), spec.data(PARAMS), timeout, maxStatements, store, lists, log,
                new CheckedScripts(spec.cacheFolder()), !spec.checkOnly());
    }

    private static long count(FileSpec spec, String key, long fallback) throws SpecException {
        String text = spec.text(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpecException(key, "expected a whole number of statements, 0 or more, such as 1000000");
    }
}
