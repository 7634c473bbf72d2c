package dev.magicfs.plugins.js;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FileLog;
import dev.magicfs.api.FsException;
import dev.magicfs.api.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * One js file's script at run time: a pool of contexts on the shared engine, each with the script loaded
 * once, plus the file's store and console. A context serves one call at a time; calls on several threads use
 * several contexts, up to {@link #MAX_CONTEXTS}. A context whose call was stopped or failed inside the engine
 * is closed and replaced by a fresh one when next needed.
 */
final class Script {
    /** How many calls of one file may run at once; more wait for a context, up to the timeout. */
    static final int MAX_CONTEXTS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private static final String ENTRY_TEXT = entryText();

    private final ScriptText text;
    private final String path;
    private final String paramsJson;
    private final Duration timeout;
    private final long maxStatements;
    private final Store store;
    private final ConsoleLog console;
    private final LinkedBlockingQueue<ScriptContext> idle = new LinkedBlockingQueue<>();
    private final AtomicInteger contexts = new AtomicInteger();
    private final boolean writable;
    private volatile boolean closed;

    /**
     * Loads the script into its first context, which then serves the first read; or, when the same script
     * loaded cleanly before ({@link CheckedScripts}), takes its hooks from that record and leaves the engine
     * for later: {@code warm} makes the first context in the background, and a check makes none.
     *
     * @param store the file's store, new or taken over from the script this one replaces
     * @param lists a js-dir's script, which must define list(ctx, dir) as well
     * @param checked the records of scripts that loaded cleanly before
     * @param warm whether this script serves a mount (false for a check)
     * @throws SpecException for a syntax error, a top level that throws or runs too long, or a missing hook
     */
    Script(ScriptText text, String path, Object params, Duration timeout, long maxStatements, Store store,
            boolean lists, FileLog log, CheckedScripts checked, boolean warm) throws SpecException {
        this.store = store;
        this.text = text;
        this.path = path;
        this.paramsJson = Json.of(params);
        this.timeout = timeout;
        this.maxStatements = maxStatements;
        this.console = new ConsoleLog(log);
        String key = CheckedScripts.key(text.text(), ENTRY_TEXT, lists, maxStatements,
                ScriptContext.loadTimeout(timeout).toMillis());
        CheckedScripts.Hooks hooks = checked.find(key);
        ScriptContext first = null;
        if (hooks == null) {
            try {
                first = newContext();
            } catch (PolyglotException e) {
                throw loadProblem(e);
            }
            hooks = new CheckedScripts.Hooks(first.hasRead(), first.hasWrite(), first.hasList());
        }
        String missing = !hooks.read() ? (lists ? "read(ctx, name)" : "read(ctx)") : lists && !hooks.list() ? "list(ctx, dir)" : null;
        if (missing != null) {
            if (first != null) {
                first.close();
            }
            throw text.problem("the script defines no function " + missing);
        }
        writable = hooks.write();
        if (first == null) {
            if (warm) {
                Warmup.prepare(this);
            }
            return;
        }
        checked.record(key, hooks);
        contexts.incrementAndGet();
        idle.add(first);
    }

    /**
     * Makes the first context ahead of the first call, on the warm-up thread, unless a call or a close came
     * first. A load that fails here fails the first call too, which reports it.
     */
    void prepare() {
        if (closed || !contexts.compareAndSet(0, 1)) {
            return; // a call made one already
        }
        try {
            idle.add(newContext());
        } catch (RuntimeException e) {
            contexts.decrementAndGet();
            return;
        }
        if (closed) {
            close();
        }
    }

    /** Whether the script has a write hook. */
    boolean writable() {
        return writable;
    }

    /** A js-dir's entries in {@code dir} ("" for its top). */
    List<ScriptContext.Listed> list(Caller caller, String dir) throws FsException {
        return call("list", context -> context.list(caller.uid(), caller.gid(), caller.pid(), dir));
    }

    /** A js-dir entry's content for one open; {@code name} is its path inside the js-dir. */
    byte[] read(Caller caller, String name) throws FsException {
        return call("read", context -> context.read(caller.uid(), caller.gid(), caller.pid(), name));
    }

    /** The content for one open. */
    byte[] read(Caller caller) throws FsException {
        return call("read", context -> context.read(caller.uid(), caller.gid(), caller.pid()));
    }

    /** Hands a writer's whole content to the write hook; its refusal becomes the writer's errno. */
    void write(byte[] content, Caller caller) throws FsException {
        call("write", context -> {
            context.write(caller.uid(), caller.gid(), caller.pid(), content);
            return null;
        });
    }

    /** Runs one hook on a pooled context; any failure becomes the errno the host replies with. */
    private <T> T call(String hook, java.util.function.Function<ScriptContext, T> body) throws FsException {
        ScriptContext context = acquire();
        try {
            return body.apply(context);
        } catch (RuntimeException e) {
            throw failure(hook, context, e);
        } finally {
            giveBack(context);
        }
    }

    private ScriptContext newContext() {
        JsEngine engine = JsEngine.get();
        ResourceLimits limits = maxStatements > 0 ? ResourceLimits.newBuilder().statementLimit(maxStatements, null).build()
                : ResourceLimits.newBuilder().build();
        ScriptContext context = new ScriptContext(
                engine.newContext(limits, console.stream(false), console.stream(true)), engine, timeout);
        try {
            context.load(text.source(), EntrySource.SOURCE, store, paramsJson, path);
            return context;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** An idle context, a new one while fewer than the maximum exist, or else the first one given back. */
    private ScriptContext acquire() throws FsException {
        ScriptContext context = idle.poll();
        if (context != null) {
            return context;
        }
        if (contexts.incrementAndGet() <= MAX_CONTEXTS) {
            try {
                return newContext();
            } catch (RuntimeException e) {
                contexts.decrementAndGet();
                throw new FsException(Errno.EIO, "loading the script into a new context failed: " + e.getMessage());
            }
        }
        contexts.decrementAndGet();
        try {
            context = idle.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsException(Errno.EIO, "interrupted while waiting for a free context");
        }
        if (context == null) {
            throw new FsException(Errno.ETIMEDOUT, "all " + MAX_CONTEXTS + " contexts of this script stayed busy for "
                    + shown(timeout));
        }
        return context;
    }

    /** The file's store, which a replacing script takes over. */
    Store store() {
        return store;
    }

    /** Closes the idle contexts: this script was replaced or the mount ended. Busy ones close when given back. */
    void close() {
        closed = true;
        for (ScriptContext context; (context = idle.poll()) != null; ) {
            context.close();
            contexts.decrementAndGet();
        }
    }

    private void giveBack(ScriptContext context) {
        if (context.broken() || closed) {
            context.close();
            contexts.decrementAndGet();
        } else {
            idle.add(context);
        }
    }

    /**
     * The one place where a failed call becomes an errno: a stopped script ETIMEDOUT (wall clock) or EIO
     * (statement limit); an Error whose {@code errno} property names an errno, that errno; anything else EIO.
     * The message, which the host logs, names the hook and the script's line.
     */
    private FsException failure(String hook, ScriptContext context, RuntimeException e) {
        String call = hook + "()";
        if (e instanceof ScriptContext.WrongResult) {
            return new FsException(Errno.EIO, e.getMessage());
        }
        if (!(e instanceof PolyglotException p)) {
            return new FsException(Errno.EIO, call + " failed in the engine: " + e, e);
        }
        if (context.timedOut()) {
            return new FsException(Errno.ETIMEDOUT, call + " ran past its timeout of " + shown(timeout) + " and was stopped");
        }
        if (p.isResourceExhausted()) {
            boolean statements = maxStatements > 0 && String.valueOf(p.getMessage()).contains("Statement count limit");
            return new FsException(Errno.EIO, statements
                    ? call + " ran past its limit of " + maxStatements + " statements and was stopped"
                    : call + " ran out of memory and was stopped (" + p.getMessage() + ")");
        }
        if (!p.isGuestException()) {
            return new FsException(Errno.EIO, call + " failed in the engine: " + p.getMessage(), p);
        }
        String where = where(p);
        Errno errno = errnoOf(p.getGuestObject());
        if (errno != null) {
            return new FsException(errno, call + " refused: " + p.getMessage() + where);
        }
        return new FsException(Errno.EIO, call + " threw " + p.getMessage() + where);
    }

    /** The errno an Error names with its {@code errno} property ("EINVAL"), or null. */
    private static Errno errnoOf(Value error) {
        if (error == null || !error.hasMembers()) {
            return null;
        }
        Value errno = error.getMember("errno");
        if (errno == null || !errno.isString()) {
            return null;
        }
        try {
            return Errno.valueOf(errno.asString());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** " (mount.yaml:14:9)": the innermost frame in the file's own script, or "" when none is. */
    private String where(PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection at = frame.getSourceLocation();
            if (frame.isGuestFrame() && text.isThis(at)) {
                return " (" + text.locate(at.getStartLine(), at.getStartColumn()) + ")";
            }
        }
        return "";
    }

    /** A failure of the first load, reported by check and mount at the script's line. */
    private SpecException loadProblem(PolyglotException e) {
        SourceSection at = e.getSourceLocation();
        if (e.isSyntaxError() && text.isThis(at)) {
            return text.problem(at.getStartLine(), at.getStartColumn(), syntaxMessage(e.getMessage()));
        }
        if (e.isResourceExhausted()) {
            return text.problem("the script's top level ran past its limit of " + maxStatements + " statements");
        }
        if (e.isCancelled()) {
            return text.problem("the script's top level ran past its timeout of " + shown(ScriptContext.loadTimeout(timeout)));
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection section = frame.getSourceLocation();
            if (frame.isGuestFrame() && text.isThis(section)) {
                return text.problem(section.getStartLine(), section.getStartColumn(),
                        "the script's top level threw " + e.getMessage());
            }
        }
        return text.problem("the script failed to load: " + e.getMessage());
    }

    /** "SyntaxError: Expected eof but found }" from GraalJS's "SyntaxError: name:3:1 Expected ...\n code\n ^". */
    static String syntaxMessage(String message) {
        String first = message.lines().findFirst().orElse(message);
        return first.replaceFirst("^(SyntaxError: )?\\S*:\\d+:\\d+ ", "SyntaxError: ");
    }

    /** 500ms, 1s, 1.5s. */
    static String shown(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms < 1000 ? ms + "ms" : ms / 1000.0 + "s";
    }

    private static String entryText() {
        try (InputStream in = Script.class.getResourceAsStream("entry.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the js plugin jar lacks entry.js", e);
        }
    }

    /** The entry glue as a Source, built at the first load (the polyglot API is slow to start). */
    private static final class EntrySource {
        static final Source SOURCE = Source.newBuilder("js", ENTRY_TEXT, "magicfs-entry.js").internal(true).buildLiteral();
    }
}
