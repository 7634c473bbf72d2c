package dev.magicfs.plugins.memory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One daemon thread that runs every persisted file's {@code persist_interval} saves, one after another. */
final class BackgroundSaves {
    private BackgroundSaves() {}

    private static final class Holder {
        // Created at the first save, never at mount or check time.
        static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "magicfs-persist");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code save} every {@code interval}, the first time one interval from now. */
    static Future<?> every(Duration interval, Runnable save) {
        long millis = Math.max(1, interval.toMillis());
        return Holder.EXECUTOR.scheduleWithFixedDelay(save, millis, millis, TimeUnit.MILLISECONDS);
    }
}
