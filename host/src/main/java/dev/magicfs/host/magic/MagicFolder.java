package dev.magicfs.host.magic;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Node;
import dev.magicfs.host.config.ConfigKeys;
import dev.magicfs.host.log.LogRing;
import dev.magicfs.host.stats.MountStatistics;
import dev.magicfs.host.stats.StatsText;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The files of {@code /.magic}, built once per mount: a reload of mount.yaml puts the very same nodes in the
 * new tree, so their inode numbers, open handles and {@code tail -f} go on across it. The folder is left out
 * of the root's listing (so {@code ls -a}, {@code find}, {@code tar} and {@code rsync} of the mount do not see
 * it) and found by name; its files are the mount owner's only.
 */
public final class MagicFolder {
    /** The folder's name in the root. */
    public static final String NAME = ConfigKeys.MAGIC_FOLDER;
    /** The folder's mode: its owner may list and enter it, nobody else. */
    public static final int MODE = 0500;
    /** Every stat and read reaches the files: what they say changes while the mount serves. */
    public static final CachePolicy CACHE = new CachePolicy(Duration.ZERO, true, false, true);
    /**
     * For stats and metrics, which change with every request: each open counts afresh, and stat shows size 0
     * as /proc does rather than count once for the stat and serve that to the next open.
     */
    public static final CachePolicy LIVE = new CachePolicy(Duration.ZERO, true, false, false);

    /** Reloads mount.yaml as SIGHUP does, waiting for it to finish. */
    public interface Reload {
        /** @return null when the edit was applied (or there was none), else why it was rejected */
        String run() throws InterruptedException;
    }

    private final Map<String, Node> files = new LinkedHashMap<>();
    private volatile String configInForce = "";

    /**
     * @param kinds the table of loaded kinds, as {@code magicfs kinds} prints it
     */
    public MagicFolder(StatsText stats, MountStatistics statistics, LogRing log, Supplier<String> kinds, Reload reload) {
        files.put("stats", new TextFile(stats::render));
        files.put("metrics", new TextFile(() -> metrics(statistics)));
        files.put("log", new LogFile(log));
        files.put("config", new TextFile(() -> configInForce));
        files.put("kinds", new TextFile(kinds));
        files.put("reload", new ReloadFile(reload));
    }

    /** How the kernel may cache file {@code name}. */
    public static CachePolicy cachePolicy(String name) {
        return name.equals("stats") || name.equals("metrics") ? LIVE : CACHE;
    }

    /** The files by name, in the order a listing shows them. */
    public Map<String, Node> files() {
        return files;
    }

    /** Records the text of the mount.yaml now served, which {@code config} shows. */
    public void inForce(String configText) {
        configInForce = configText;
    }

    /** The statistics in the Prometheus text exposition format (version 0.0.4), as a scraper reads them. */
    static String metrics(MountStatistics statistics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, statistics.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
