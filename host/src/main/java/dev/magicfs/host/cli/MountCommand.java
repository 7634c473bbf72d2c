package dev.magicfs.host.cli;

import com.sun.security.auth.module.UnixSystem;
import dev.magicfs.host.assembly.AssembledMount;
import dev.magicfs.host.assembly.MountServices;
import dev.magicfs.host.fuse.FuseSession;
import dev.magicfs.host.fuse.MountException;
import dev.magicfs.host.fuse.SystemdNotify;
import dev.magicfs.host.log.LogRing;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.magic.MagicFolder;
import dev.magicfs.host.stats.MountStatistics;
import dev.magicfs.host.stats.StatsText;
import dev.magicfs.host.stats.TransferMonitor;
import dev.magicfs.host.reload.ConfigWatcher;
import dev.magicfs.host.reload.Reloader;
import dev.magicfs.host.vfs.Expiry;
import dev.magicfs.host.vfs.Vfs;
import dev.magicfs.host.vfs.VfsStatsMXBean;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "mount", description = "Check mount.yaml, then mount it and serve it in the foreground until a signal or an unmount.")
final class MountCommand implements Callable<Integer> {
    private static final Duration JMX_DELAY = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--log", defaultValue = "info", description = "quiet (errors only), info (the request log) or debug (every request); default: ${DEFAULT-VALUE}")
    MountLog.Level level;

    @Parameters(index = "0", paramLabel = "MOUNTPOINT", description = "an empty folder; created if missing")
    Path mountPoint;

    @Option(names = "--daemon", description = "return once the mount serves, leaving it to a process of its own that logs to --log-file (exit 1, with the reasons, when it fails)")
    boolean daemon;

    @Option(names = "--log-file", paramLabel = "FILE", description = "append the log to FILE instead of stderr; with --daemon the default is /var/log/magicfs/MOUNTPOINT.log for root, else under ~/.local/state/magicfs")
    Path logFile;

    @Option(names = DaemonLauncher.SIGNAL_OPTION, hidden = true, description = "write 'ready' on stdout once serving (how --daemon learns it)")
    boolean servingSignal;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "also serve /.magic/metrics over HTTP at http://127.0.0.1:PORT/metrics, for Prometheus or another scraper on this machine (loopback only)")
    Integer metricsPort;

    @Option(names = "--no-watch", description = "do not reload when mount.yaml, a source it names or a plugins folder changes ('kill -HUP' still reloads)")
    boolean noWatch;

    /**
     * Registers the statistics a second after the mount serves. JMX's platform server loads 250 classes and
     * takes 0.2 s of CPU to start, which the first requests of a fresh mount would otherwise wait behind.
     */
    private static void registerStatisticsSoon(Vfs vfs, String name, MountLog log) {
        Thread.ofVirtual().name("magicfs-jmx").start(() -> {
            try {
                Thread.sleep(JMX_DELAY);
            } catch (InterruptedException e) {
                return;
            }
            registerStatistics(vfs, name, log);
        });
    }

    /** Makes open files and memory use visible to JMX clients; a mount works without it. */
    private static void registerStatistics(Vfs vfs, String name, MountLog log) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new StandardMBean(vfs.statistics(), VfsStatsMXBean.class, true),
                    new ObjectName("dev.magicfs:type=Mount,name=" + name)); // names are letters, digits, . _ -
        } catch (JMException | RuntimeException e) { // a runtime one when the MXBean interface cannot be mapped
            log.debug("statistics not registered with JMX: " + e);
        }
    }

    @Override
    public Integer call() {
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be a port from 1 to 65535, not " + metricsPort);
        }
        if (daemon) {
            return DaemonLauncher.launch(spec.commandLine().getParseResult().originalArgs(), mountPoint, logFile != null ? logFile : DaemonLauncher.defaultLogFile(mountPoint),
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (logFile != null) {
            try {
                System.setErr(new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                spec.commandLine().getErr().println("magicfs: cannot write the log to " + logFile + ": " + e.getMessage());
                return 1;
            }
        }
        return serve();
    }

    private Integer serve() {
        Instant mounted = Instant.now();
        LogRing ring = new LogRing(LogRing.DEFAULT_CAPACITY);
        MountStatistics statistics = new MountStatistics();
        AtomicReference<Reloader> reloading = new AtomicReference<>();
        AtomicReference<Expiry> expiring = new AtomicReference<>();
        MountLoader.ServicesFactory services = (config, kinds, log) -> {
            TransferMonitor transfers = new TransferMonitor(log);
            ExpirySection expiries = new ExpirySection(expiring::get);
            statistics.gauge(MountStatistics.TRANSFERS, "Transfers (downloads, uploads) running now", transfers::inFlight);
            statistics.gauge(MountStatistics.EXPIRING, "Files that expire_after will empty or remove", expiries::count);
            StatsText stats = new StatsText(VersionLine.text() + ": mount \"" + config.name() + "\" at "
                    + mountPoint.toAbsolutePath().normalize(), mounted, statistics, List.of(transfers, expiries));
            return new MountServices(new MagicFolder(stats, statistics, ring, kinds::table,
                    () -> reloading.get().reloadAndWait("written to /.magic/reload")), transfers);
        };
        try (MountLoader.Loaded loaded = MountLoader.loadToMount(options, level,
                ProblemReport.printedTo(spec.commandLine().getErr()), ring, services)) {
            if (loaded == null) {
                return 1;
            }
            UnixSystem user = new UnixSystem();
            AssembledMount mount = loaded.mount();
            Vfs vfs = new Vfs(mount.table(), mount.memory(), mount.limits().maxOpenFiles(), mounted,
                    (int) user.getUid(), (int) user.getGid());
            MountLoader.Summary summary = loaded.summary();
            FuseSession session = new FuseSession(mountPoint, summary.name(), summary.allowOther(),
                    mount.limits().requestTimeout(), loaded.log(), statistics);
            MountGauges.register(statistics, vfs, mount, session);
            try (HTTPServer metrics = metricsPort == null ? null : serveMetrics(statistics, loaded.log());
                    Reloader reloader = new Reloader(options.config(), loaded.kinds(), vfs, mount, session,
                    session::requestTimeout, summary.name(), summary.allowOther(), loaded.log());
                    ConfigWatcher watcher = noWatch ? null : ConfigWatcher.start(reloader, loaded.pluginFolders(), loaded.log())) {
                reloading.set(reloader);
                Expiry expiry = new Expiry(vfs, session, loaded.log(), ExpiryClock.fromSystemProperties(), () -> reloader.current().expiries());
                expiring.set(expiry);
                session.onHangup(() -> reloader.reloadSoon("SIGHUP"));
                session.onServing(() -> {
                    loaded.kinds().serving(loaded.log());
                    expiry.start();
                    SystemdNotify.ready("serving " + mountPoint.toAbsolutePath().normalize());
                    if (servingSignal) {
                        System.out.println(DaemonLauncher.READY);
                        System.out.flush();
                        System.setOut(System.err); // whoever waited for the signal may be gone
                    }
                    registerStatisticsSoon(vfs, summary.name(), loaded.log());
                    StartupTimings timings = StartupTimings.get();
                    timings.mark("mount");
                    loaded.log().debug(timings.describe());
                    timings.printIfAsked();
                });
                session.serve(vfs, summary.describe());
                SystemdNotify.stopping();
                expiry.stop();
            }
            vfs.close().forEach(failure -> loaded.log().error("at unmount: " + failure));
            return 0;
        } catch (MountException e) {
            spec.commandLine().getErr().println("magicfs: " + e.getMessage());
            return 1;
        } catch (IOException e) { // before mounting: the metrics port is taken
            spec.commandLine().getErr().println("magicfs: cannot serve the metrics at 127.0.0.1:" + metricsPort + ": " + e.getMessage());
            return 1;
        }
    }

    private HTTPServer serveMetrics(MountStatistics statistics, MountLog log) throws IOException {
        HTTPServer server = statistics.serveOnLoopback(metricsPort);
        log.info("metrics at http://127.0.0.1:" + server.getPort() + "/metrics");
        return server;
    }
}
