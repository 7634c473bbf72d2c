package dev.magicfs.host.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The mount's statistics, in a registry of its own (not the JVM's default one, so two mounts in one JVM, as in
 * the tests, count apart). Requests are recorded as they are answered; gauges are read at each scrape.
 */
public final class MountStatistics {
    /** Latency buckets, in seconds: 5 µs to a minute, the range between a cached lookup and request_timeout. */
    static final double[] LATENCY_BOUNDS = {5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    static final String DURATION = "magicfs_request_duration_seconds";
    static final String BYTES = "magicfs_request_bytes";
    static final String ERRORS = "magicfs_request_errors";

    /** Gauge names; {@link StatsText} shows them in words. */
    public static final String OPEN_FILES = "magicfs_open_files", WORKERS = "magicfs_workers",
            MEMORY_USED = "magicfs_memory_used_bytes", MEMORY_LIMIT = "magicfs_memory_limit_bytes",
            CACHE_USED = "magicfs_cache_used_bytes", CACHE_LIMIT = "magicfs_cache_limit_bytes",
            HEAP_USED = "magicfs_jvm_heap_used_bytes", HEAP_MAX = "magicfs_jvm_heap_max_bytes",
            TRANSFERS = "magicfs_transfers_in_flight", EXPIRING = "magicfs_expiring_files";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram durations;
    private final Counter bytes;
    private final Counter errors;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    public MountStatistics() {
        durations = Histogram.builder().name(DURATION)
                .help("Requests answered, by operation, and how long each took from its arrival to its answer")
                .labelNames("operation").classicUpperBounds(LATENCY_BOUNDS).classicOnly().withoutExemplars()
                .register(registry);
        bytes = Counter.builder().name(BYTES).help("Bytes of file data moved by reads and writes")
                .labelNames("operation").withoutExemplars().register(registry);
        errors = Counter.builder().name(ERRORS).help("Requests answered with an error, by operation and errno")
                .labelNames("operation", "errno").withoutExemplars().register(registry);
    }

    /** One operation's counters; look it up once and keep it, recording costs no map lookup then. */
    public Operation operation(String name) {
        return operations.computeIfAbsent(name, Operation::new);
    }

    /**
     * A value read at every scrape, such as the open files.
     *
     * @param name the metric's name, {@code magicfs_open_files}
     */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(c -> c.call(value.getAsDouble())).register(registry);
    }

    /** Everything, as of now. */
    public MetricSnapshots scrape() {
        return registry.scrape();
    }

    /** Serves the statistics as Prometheus scrapes them, at http://127.0.0.1:PORT/metrics: loopback only. */
    public HTTPServer serveOnLoopback(int port) throws IOException {
        return HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(port).registry(registry).buildAndStart();
    }

    /** The requests of one operation. Thread-safe. */
    public final class Operation {
        private final String name;
        private final DistributionDataPoint duration;
        /** Made at the first byte moved, so operations that move none show no byte count. */
        private volatile CounterDataPoint moved;
        private final Map<String, CounterDataPoint> failures = new ConcurrentHashMap<>();

        private Operation(String name) {
            this.name = name;
            this.duration = durations.labelValues(name);
        }

        /**
         * One request answered.
         *
         * @param dataBytes the file data it moved, 0 for none
         * @param errno the error it was answered with, such as "ENOENT"; null for success
         */
        public void answered(long nanos, long dataBytes, String errno) {
            duration.observe(nanos / 1e9);
            if (dataBytes > 0) {
                CounterDataPoint counter = moved;
                if (counter == null) {
                    counter = bytes.labelValues(name); // the same data point however many threads ask
                    moved = counter;
                }
                counter.inc(dataBytes);
            }
            if (errno != null) {
                failures.computeIfAbsent(errno, e -> errors.labelValues(name, e)).inc();
            }
        }
    }
}
