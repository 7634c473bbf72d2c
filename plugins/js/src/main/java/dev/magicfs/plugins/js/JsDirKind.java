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
 * {@code kind: js-dir}: a directory whose entries a script computes. {@code list(ctx, dir)} returns the names
 * in {@code dir} ("" for the top; {@code { name, dir: true }} makes a subdirectory), {@code read(ctx, name)} the
 * content of the entry at path {@code name}. Same keys, sandbox, pool and limits as {@code kind: js}, plus
 * {@code refresh}: how long a listing may be reused (default 0: each {@code ls} lists again).
 */
@Extension
public final class JsDirKind implements FileKind {
    static final String REFRESH = "refresh";

    @Override
    public String name() {
        return "js-dir";
    }

    @Override
    public Set<String> keys() {
        return Set.of(ScriptText.SOURCE, ScriptText.SCRIPT, JsKind.PARAMS, JsKind.TIMEOUT, JsKind.MAX_STATEMENTS, REFRESH);
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

    /** Entries come and go and their content is computed at each open: no cached names or sizes. */
    @Override
    public CachePolicy cachePolicy() {
        return CachePolicy.INHERIT.withTtl(Duration.ZERO);
    }

    @Override
    public Node create(FileSpec spec, FileLog log) throws SpecException {
        return create(spec, log, new Store());
    }

    @Override
    public Node recreate(FileSpec spec, FileLog log, Node previous) throws SpecException {
        return create(spec, log, previous instanceof JsDirectory d ? d.script().store() : new Store());
    }

    private static Node create(FileSpec spec, FileLog log, Store store) throws SpecException {
        Duration refresh = spec.duration(REFRESH, Duration.ZERO);
        Script script = JsKind.script(spec, log, store, true);
        return new JsDirectory(script, "", refresh);
    }
}
