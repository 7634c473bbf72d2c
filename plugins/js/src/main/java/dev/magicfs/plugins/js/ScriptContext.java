package dev.magicfs.plugins.js;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * One GraalVM context with a file's script loaded, used by one thread at a time. Every call into it runs
 * under a wall-clock deadline: past it, the watchdog cancels the context and the caller sees a
 * {@link PolyglotException} with {@link #timedOut()} true. A context that may be cancelled or damaged is
 * {@link #broken()} and never goes back to its pool.
 */
final class ScriptContext implements AutoCloseable {
    private final Context context;
    private final JsEngine engine;
    private static final Duration MIN_LOAD_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private Value read;
    private Value write;
    private Value list;
    private boolean hasRead;
    private boolean hasWrite;
    private boolean hasList;
    private volatile boolean timedOut;
    private boolean broken;

    ScriptContext(Context context, JsEngine engine, Duration timeout) {
        this.context = context;
        this.engine = engine;
        this.timeout = timeout;
    }

    /**
     * How long a script's top level may run: its call timeout, but at least 10 s. The first load in a JVM
     * parses and warms up the JavaScript engine, which takes over a second on one busy CPU and is no fault of
     * the script; a top level that loops forever is still stopped.
     */
    static Duration loadTimeout(Duration callTimeout) {
        return callTimeout.compareTo(MIN_LOAD_TIMEOUT) > 0 ? callTimeout : MIN_LOAD_TIMEOUT;
    }

    /** Runs the script's top level, then binds its hooks through the entry glue. */
    void load(Source script, Source entry, Store store, String paramsJson, String path) {
        context.initialize("js");
        call(loadTimeout(timeout), () -> {
            context.eval(script);
            Value hooks = context.eval(entry).execute(store, paramsJson, path);
            read = hooks.getMember("read");
            write = hooks.getMember("write");
            hasRead = hooks.getMember("hasRead").asBoolean();
            hasWrite = hooks.getMember("hasWrite").asBoolean();
            list = hooks.getMember("list");
            hasList = hooks.getMember("hasList").asBoolean();
            return null;
        });
    }

    boolean hasRead() {
        return hasRead;
    }

    boolean hasWrite() {
        return hasWrite;
    }

    boolean hasList() {
        return hasList;
    }

    /** One entry of a js-dir's listing. */
    record Listed(String name, boolean directory) {}

    /** A js-dir's {@code list(ctx, dir)} for one caller: the names in {@code dir} ("" for the top). */
    List<Listed> list(int uid, int gid, int pid, String dir) {
        return call(timeout, () -> {
            Value result = list.execute(uid, gid, pid, dir);
            List<Listed> entries = new ArrayList<>((int) result.getArraySize());
            for (long i = 0; i < result.getArraySize(); i++) {
                Value e = result.getArrayElement(i);
                entries.add(new Listed(e.getMember("name").asString(), e.getMember("dir").asBoolean()));
            }
            return entries;
        });
    }

    /** A js-dir's {@code read(ctx, name)} for one caller, as bytes; {@code name} is the path inside the js-dir. */
    byte[] read(int uid, int gid, int pid, String name) {
        return call(timeout, () -> bytesOf(read.execute(uid, gid, pid, name)));
    }

    /**
     * The read hook's result for one caller, as bytes: a string as UTF-8, an ArrayBuffer's (or typed array's)
     * bytes, null or undefined as nothing.
     *
     * @throws WrongResult when the hook returned anything else
     */
    byte[] read(int uid, int gid, int pid) {
        return call(timeout, () -> bytesOf(read.execute(uid, gid, pid)));
    }

    /** The write hook for one caller, given the whole new content. */
    void write(int uid, int gid, int pid, byte[] content) {
        call(timeout, () -> write.execute(uid, gid, pid, ByteBuffer.wrap(content)));
    }

    private static byte[] bytesOf(Value result) {
        if (result.isNull()) {
            return new byte[0];
        }
        if (result.isString()) {
            return result.asString().getBytes(StandardCharsets.UTF_8);
        }
        if (result.hasBufferElements()) {
            long size = result.getBufferSize();
            byte[] bytes = new byte[Math.toIntExact(size)];
            result.readBuffer(0, bytes, 0, bytes.length);
            return bytes;
        }
        String shown = result.toString();
        throw new WrongResult("read() returned " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown)
                + "; expected a string, a Uint8Array, an ArrayBuffer, null or undefined");
    }

    /** Whether the watchdog stopped the last call. */
    boolean timedOut() {
        return timedOut;
    }

    /** Whether the context may be cancelled or damaged, so it must be closed rather than reused. */
    boolean broken() {
        return broken;
    }

    private <T> T call(Duration limit, Callable<T> body) {
        ScheduledFuture<?> deadline = engine.watchdog().schedule(this::cancel, limit.toNanos(), TimeUnit.NANOSECONDS);
        try {
            context.resetLimits();
            return body.call();
        } catch (WrongResult e) {
            throw e;
        } catch (PolyglotException e) {
            broken |= e.isCancelled() || e.isResourceExhausted() || e.isInternalError() || e.isExit();
            throw e;
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        } catch (Exception e) {
            broken = true;
            throw new IllegalStateException(e);
        } finally {
            if (!deadline.cancel(false)) {
                broken = true; // the watchdog fired, or is firing: the context is or will be cancelled
            }
        }
    }

    private void cancel() {
        timedOut = true;
        context.close(true);
    }

    @Override
    public void close() {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // already closed by the watchdog or a resource limit: nothing is left to free
        }
    }

    /** A read hook returned something that is not content; the context itself is fine. */
    static final class WrongResult extends RuntimeException {
        WrongResult(String message) {
            super(message, null, false, false);
        }
    }
}
