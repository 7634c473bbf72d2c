package dev.magicfs.plugins.js;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One background thread that, a second after the mount serves, starts the JavaScript engine and makes the
 * first context of each script whose load {@link CheckedScripts} let check and mount skip. The first open of a
 * js file then finds them ready. The second is for the mount's first requests: on two CPUs, an engine warming
 * up beside them slowed the root's first listing by a fifth of a second. An open that comes sooner loads what
 * it needs itself. Until the mount serves, scripts wait in a list; a mount without such scripts starts nothing.
 */
final class Warmup {
    private static final long DELAY_MILLIS = 1000;
    private static final List<Script> waiting = new ArrayList<>();
    private static boolean serving;
    private static ScheduledExecutorService thread;

    private Warmup() {}

    /** Makes {@code script}'s first context ahead of its first call, a second after the mount serves or after now. */
    static synchronized void prepare(Script script) {
        waiting.add(script);
        if (serving && waiting.size() == 1) {
            runSoon();
        }
    }

    /** The mount serves: in a second, warm the engine's built-ins once, then load the scripts that waited. */
    static synchronized void start() {
        if (!serving) {
            serving = true;
            if (!waiting.isEmpty()) {
                runSoon();
            }
        }
    }

    private static void runSoon() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "magicfs-js-warmup");
                t.setDaemon(true);
                return t;
            });
        }
        thread.schedule(Warmup::run, DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void run() {
        List<Script> scripts;
        synchronized (Warmup.class) {
            scripts = List.copyOf(waiting);
            waiting.clear();
        }
        JsEngine.get().warmUp();
        scripts.forEach(Script::prepare);
    }

    /** Stops the thread, with whatever it had left: the plugin is stopping. */
    static synchronized void stop() {
        waiting.clear();
        serving = false;
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }
}
