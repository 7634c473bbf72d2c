package dev.magicfs.plugins.js;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one GraalVM engine every js file shares, so code parsed once is shared by all contexts, and the
 * watchdog thread that stops scripts running past their timeout. Created at the first js file, closed when
 * the plugin stops.
 */
final class JsEngine {
    /**
     * What a script may touch of the host: only methods marked {@code @HostAccess.Export} (the store), and the
     * bytes of a buffer handed to a write hook. No classes, no reflection.
     */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.CONSTRAINED).allowBufferAccess(true).build();

    private static JsEngine shared;

    private final Engine engine;
    private final ScheduledThreadPoolExecutor watchdog;
    private boolean warmedUp;

    private JsEngine() {
        engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                // Without a JVMCI compiler GraalJS runs in its interpreter; that is expected here, not a warning.
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                // The engine closes its log stream when it closes: a stream on fd 2 itself would close the
                // process's stderr, and every message after that (a refused mount's reason) would be lost.
                .logHandler(new FilterOutputStream(new FileOutputStream(FileDescriptor.err)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                })
                .build();
        watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "magicfs-js-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /** The shared engine, created on first use. */
    static synchronized JsEngine get() {
        if (shared == null) {
            shared = new JsEngine();
        }
        return shared;
    }

    /** Whether the engine runs now. */
    static synchronized boolean started() {
        return shared != null;
    }

    /** Closes the engine and every context still open on it. */
    static synchronized void shutdown() {
        if (shared != null) {
            shared.watchdog.shutdownNow();
            shared.engine.close(true);
            shared = null;
        }
    }

    /**
     * Runs the built-ins most scripts use once, in a context of its own: the first use of each in a JVM costs
     * tens of ms in GraalJS's interpreter (the first Date over 100 ms, for its time zones), which a file's first
     * open would otherwise pay. Once per engine.
     */
    void warmUp() {
        synchronized (this) {
            if (warmedUp) {
                return;
            }
            warmedUp = true;
        }
        try (Context context = newContext(ResourceLimits.newBuilder().build(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream())) {
            context.eval("js", WARM_UP);
        } catch (RuntimeException e) {
            // a warm-up saves time and nothing else: the first call does the same work if this fails
        }
    }

    private static final String WARM_UP = """
            const d = new Date();
            const s = `${d.toUTCString()} ${d.toISOString()} ${d.toString()} ${Date.now()}`;
            JSON.stringify(JSON.parse(JSON.stringify({ s, a: [1, 'x', null], o: { ...{ b: true } } })), null, 2);
            new TextDecoder().decode(new TextEncoder().encode(s));
            [3, 1, 2].map((x) => x * 2).filter(Boolean).sort().join(',');
            Object.freeze(Object.values({ k: 1 }));
            """;

    ScheduledThreadPoolExecutor watchdog() {
        return watchdog;
    }

    /**
     * A sandboxed context on the shared engine: no host classes (no class lookup, so no {@code Java} object),
     * files, network, processes, threads or environment; {@code load}, {@code print} and the {@code Graal}
     * object removed. Console output goes to
     * {@code out} and {@code err}.
     */
    Context newContext(ResourceLimits limits, OutputStream out, OutputStream err) {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HOST_ACCESS)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .resourceLimits(limits)
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.text-encoding", "true")
                .build();
    }
}
