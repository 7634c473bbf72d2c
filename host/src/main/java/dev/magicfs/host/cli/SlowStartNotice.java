package dev.magicfs.host.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Says what a mount is doing while it starts, once a second after its first second: a mount.yaml of 100,000
 * files takes several, and a silent terminal looks hung. A start that takes less says nothing.
 */
final class SlowStartNotice implements AutoCloseable {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final long started = System.nanoTime();
    private final Thread ticker;
    private volatile String step;
    private volatile boolean done;

    SlowStartNotice(PrintStream out, String firstStep) {
        this.out = out;
        this.step = firstStep;
        this.ticker = Thread.ofVirtual().name("magicfs-start-notice").start(this::tick);
    }

    /** The step now under way, such as "loading plugins". */
    void step(String now) {
        step = now;
    }

    private void tick() {
        long next = started + SECOND;
        while (!done) {
            LockSupport.parkNanos(next - System.nanoTime());
            if (!done && System.nanoTime() >= next) {
                out.printf(Locale.ROOT, "magicfs: %s (%.0f s)%n", step, (System.nanoTime() - started) / 1e9);
                next += SECOND;
            }
        }
    }

    @Override
    public void close() {
        done = true;
        LockSupport.unpark(ticker);
    }
}
