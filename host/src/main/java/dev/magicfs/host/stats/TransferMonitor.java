package dev.magicfs.host.stats;

import dev.magicfs.api.Node;
import dev.magicfs.api.Transfers;
import dev.magicfs.api.Units;
import dev.magicfs.host.log.MountLog;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mount's transfers in flight ({@link Transfers}): once a second it logs the progress of each that has run
 * for a second or more, and {@code /.magic/stats} lists them. The ticking thread starts with the first
 * transfer, so a mount that makes none runs none.
 */
public final class TransferMonitor implements StatsSection {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final MountLog log;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService ticker;

    public TransferMonitor(MountLog log) {
        this.log = log;
    }

    /** What the file at {@code path} reports its transfers to; each line names the file. */
    public Transfers forFile(String path) {
        return (what, total) -> {
            Running transfer = new Running(path + ": " + what, total);
            running.add(transfer);
            startTicking();
            return transfer;
        };
    }

    /** How many transfers are running now. */
    public int inFlight() {
        return running.size();
    }

    @Override
    public String title() {
        return "transfers in flight";
    }

    @Override
    public List<String> lines() {
        return running.stream().map(Running::progress).sorted().toList();
    }

    private void startTicking() {
        if (ticker == null) {
            synchronized (this) {
                if (ticker == null) {
                    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread thread = new Thread(r, "magicfs-transfers");
                        thread.setDaemon(true);
                        return thread;
                    });
                    t.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
                    ticker = t;
                }
            }
        }
    }

    /** Logs each transfer that has run for a second or more: so at most once a second each. */
    private void tick() {
        long now = System.nanoTime();
        for (Running transfer : running) {
            if (now - transfer.started >= SECOND) {
                log.info(transfer.progress());
            }
        }
    }

    private final class Running implements Transfers.Transfer {
        final String what;
        final long total;
        final long started = System.nanoTime();
        final AtomicLong moved = new AtomicLong();

        Running(String what, long total) {
            this.what = what;
            this.total = total;
        }

        @Override
        public void moved(long bytes) {
            moved.addAndGet(bytes);
        }

        @Override
        public void restarted() {
            moved.set(0);
        }

        @Override
        public void close() {
            if (running.remove(this) && System.nanoTime() - started >= SECOND) {
                log.info(what + ": ended, " + Units.formatSize(moved.get()) + " in " + seconds() + " (" + rate() + ")");
            }
        }

        /** {@code big.iso: download of URL: 3.2 MiB of 10.0 MiB (32%) at 1.1 MiB/s, 2.9 s}. */
        String progress() {
            long done = moved.get();
            String of = total == Node.UNKNOWN_SIZE ? ""
                    : " of " + Units.formatSize(total) + (total > 0 ? String.format(Locale.ROOT, " (%d%%)", done * 100 / total) : "");
            return what + ": " + Units.formatSize(done) + of + " at " + rate() + ", " + seconds();
        }

        private String rate() {
            double elapsed = Math.max(1, System.nanoTime() - started) / 1e9;
            return Units.formatSize((long) (moved.get() / elapsed)) + "/s";
        }

        private String seconds() {
            return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
        }
    }
}
