package dev.magicfs.host.stats;

import dev.magicfs.api.Units;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code /.magic/stats}: the statistics as a person reads them, from the same snapshot the metrics show. */
public final class StatsText {
    private final String heading;
    private final Instant mounted;
    private final MountStatistics statistics;
    private final List<StatsSection> sections;

    /** @param heading the first line's start, such as {@code magicfs 0.1.0: mount "docs" at /mnt/docs} */
    public StatsText(String heading, Instant mounted, MountStatistics statistics, List<StatsSection> sections) {
        this.heading = heading;
        this.mounted = mounted;
        this.statistics = statistics;
        this.sections = sections;
    }

    /** The text, as of now. */
    public String render() {
        MetricSnapshots snapshots = statistics.scrape();
        Map<String, Double> gauges = new HashMap<>();
        Map<String, Row> rows = new TreeMap<>();
        for (MetricSnapshot snapshot : snapshots) {
            String name = snapshot.getMetadata().getName();
            if (snapshot instanceof GaugeSnapshot g && !g.getDataPoints().isEmpty()) {
                gauges.put(name, g.getDataPoints().get(0).getValue());
            } else if (snapshot instanceof HistogramSnapshot h && name.equals(MountStatistics.DURATION)) {
                h.getDataPoints().forEach(p -> rows.computeIfAbsent(p.getLabels().get("operation"), k -> new Row()).timed(p));
            } else if (snapshot instanceof CounterSnapshot c && name.equals(MountStatistics.BYTES)) {
                c.getDataPoints().forEach(p -> rows.computeIfAbsent(p.getLabels().get("operation"), k -> new Row()).bytes += (long) p.getValue());
            } else if (snapshot instanceof CounterSnapshot c && name.equals(MountStatistics.ERRORS)) {
                c.getDataPoints().forEach(p -> rows.computeIfAbsent(p.getLabels().get("operation"), k -> new Row())
                        .errors.merge(p.getLabels().get("errno"), (long) p.getValue(), Long::sum));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(heading).append(", up ").append(uptime(Duration.between(mounted, Instant.now())))
                .append(" (since ").append(mounted.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(")\n\n");
        out.append(String.format(Locale.ROOT, "%-14s %12s %10s %9s %9s  %s%n", "requests", "count", "data", "p50", "p99", "errors"));
        rows.forEach((operation, row) -> {
            if (row.count > 0) {
                out.append(String.format(Locale.ROOT, "%-14s %,12d %10s %9s %9s  %s%n", operation, row.count,
                        row.bytes > 0 ? Units.formatSize(row.bytes) : "-", seconds(row.quantile(0.5)),
                        seconds(row.quantile(0.99)), row.errorText()));
            }
        });
        out.append('\n');
        out.append(String.format(Locale.ROOT, "open files %,d; workers %,d%n", gauge(gauges, MountStatistics.OPEN_FILES),
                gauge(gauges, MountStatistics.WORKERS)));
        out.append("memory ").append(Units.formatSize(gauge(gauges, MountStatistics.MEMORY_USED))).append(" of ")
                .append(Units.formatSize(gauge(gauges, MountStatistics.MEMORY_LIMIT))).append(" (writable content); cache ")
                .append(Units.formatSize(gauge(gauges, MountStatistics.CACHE_USED))).append(" of ")
                .append(Units.formatSize(gauge(gauges, MountStatistics.CACHE_LIMIT))).append(" (downloaded copies); heap ")
                .append(Units.formatSize(gauge(gauges, MountStatistics.HEAP_USED))).append(" of ")
                .append(Units.formatSize(gauge(gauges, MountStatistics.HEAP_MAX))).append('\n');
        for (StatsSection section : sections) {
            List<String> lines = section.lines();
            int count = section.count();
            out.append('\n').append(section.title()).append(": ").append(count == 0 ? "none" : String.format(Locale.ROOT, "%,d", count)).append('\n');
            lines.forEach(line -> out.append("  ").append(line).append('\n'));
            if (count > lines.size()) {
                out.append(String.format(Locale.ROOT, "  … and %,d more%n", count - lines.size()));
            }
        }
        return out.toString();
    }

    private static long gauge(Map<String, Double> gauges, String name) {
        return gauges.getOrDefault(name, 0.0).longValue();
    }

    private static String seconds(double s) {
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.0f µs", s * 1e6);
        }
        return s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1e3) : String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86400 + " d " + s % 86400 / 3600 + " h";
    }

    /** One operation's line. */
    private static final class Row {
        long count;
        long bytes;
        ClassicHistogramBuckets buckets = ClassicHistogramBuckets.EMPTY;
        final Map<String, Long> errors = new TreeMap<>();

        void timed(HistogramSnapshot.HistogramDataPointSnapshot point) {
            count = point.getCount();
            buckets = point.getClassicBuckets();
        }

        /**
         * The latency below which fraction {@code q} of the requests took, interpolated inside its bucket as
         * Prometheus's histogram_quantile does; the last finite bound when it falls in the +Inf bucket.
         */
        double quantile(double q) {
            double rank = q * count;
            long seen = 0;
            double lower = 0;
            for (int i = 0; i < buckets.size(); i++) {
                long inBucket = buckets.getCount(i);
                double upper = buckets.getUpperBound(i);
                if (seen + inBucket >= rank && inBucket > 0) {
                    if (Double.isInfinite(upper)) {
                        return lower;
                    }
                    return lower + (upper - lower) * (rank - seen) / inBucket;
                }
                seen += inBucket;
                if (!Double.isInfinite(upper)) {
                    lower = upper;
                }
            }
            return lower;
        }

        String errorText() {
            StringBuilder text = new StringBuilder();
            errors.forEach((errno, n) -> text.append(text.isEmpty() ? "" : ", ").append(errno).append(' ').append(String.format(Locale.ROOT, "%,d", n)));
            return text.toString();
        }
    }
}
