package dev.magicfs.host.fuse;

import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.stats.MountStatistics;
import dev.magicfs.host.vfs.KernelCache;
import dev.magicfs.host.vfs.Vfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import sun.misc.Signal;

/**
 * One mount, from mount to unmount. Requests are served by a {@link RequestLoop} of worker threads, so a slow
 * file delays only its own requests. SIGINT, SIGTERM and SIGHUP (unless it reloads), or an unmount from
 * outside, end the loop: the mount is detached, the device closed, and {@link #serve} returns normally.
 */
public final class FuseSession implements KernelCache {
    /** How long a stop waits for the kernel to close the connection before aborting it. */
    private static final long STOP_GRACE_MILLIS = 2_000;
    /** How long an abort may take to end the loop before the loop is abandoned to the process's exit. */
    private static final long ABORT_MILLIS = 500;

    private final MountPoint mountPoint;
    private final String fsName;
    private final boolean allowOther;
    private final Duration requestTimeout;
    private final MountLog log;
    private final MountStatistics statistics;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private volatile RequestLoop activeLoop;
    private volatile Notifications notifications;
    private volatile RequestDeadlines activeDeadlines;
    private volatile Runnable onHangup;
    private volatile Runnable onServing = () -> {};

    /** @param requestTimeout how long a request may run in a plugin before its caller gets ETIMEDOUT */
    public FuseSession(Path mountPoint, String fsName, boolean allowOther, Duration requestTimeout, MountLog log,
            MountStatistics statistics) {
        this.statistics = statistics;
        this.mountPoint = new MountPoint(mountPoint);
        this.fsName = fsName;
        this.allowOther = allowOther;
        this.requestTimeout = requestTimeout;
        this.log = log;
    }

    /**
     * Binds the C library on another thread: jnr generates its classes in 200 to 300 ms, which reading the
     * command line, mount.yaml and the plugins overlaps. {@link #serve} then finds it ready, or waits for it.
     */
    public static void bindInBackground() {
        Thread thread = new Thread(LibC::get, "magicfs-bind-libc");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Binds the C library on this thread and makes one call through it, as a mount does first. For the AOT
     * cache's training run, which mounts nothing: the classes jnr loads to bind are then in the cache.
     */
    public static void bindNow() {
        LibC.get().geteuid();
    }

    /** Runs once the mount answers requests, before the first is read. */
    public void onServing(Runnable action) {
        onServing = action;
    }

    /** What SIGHUP does from the next mount on: a reload. Without it, SIGHUP unmounts like SIGTERM. */
    public void onHangup(Runnable action) {
        onHangup = action;
    }

    /** A new request_timeout, from an edited mount.yaml; requests that start from now on have it. */
    public void requestTimeout(Duration timeout) {
        RequestDeadlines deadlines = activeDeadlines;
        if (deadlines != null) {
            deadlines.timeout(timeout);
        }
    }

    @Override
    public void forgetName(long parent, String name) {
        Notifications n = notifications;
        if (n != null) {
            n.invalidateEntry(parent, name.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void forgetContent(long inode) {
        Notifications n = notifications;
        if (n != null) {
            n.invalidateInode(inode);
        }
    }

    /** The threads serving requests now; 0 before the mount serves and after it ends. */
    public int workers() {
        RequestLoop loop = activeLoop;
        return loop == null ? 0 : loop.workers();
    }

    /** Mounts, serves {@code vfs} until unmounted or signalled, then cleans up. */
    public void serve(Vfs vfs, String description) throws MountException {
        prepareMountPoint();
        Path mp = mountPoint.path();
        // The kernel checks modes against callers where other users come in, or where users own what they make.
        boolean usersOwnFiles = vfs.namespace().hasChangeableTree();
        boolean kernelChecksModes = allowOther || usersOwnFiles;
        FuseDevice device = Mounter.mount(mp, fsName, allowOther, kernelChecksModes);
        Replies replies = new Replies(device, new RequestMeter(statistics));
        Thread safetyNet = new Thread(() -> {
            if (loopEnded.getCount() > 0) {
                mountPoint.detach();
            }
        }, "magicfs-unmount-at-exit");
        java.lang.Runtime.getRuntime().addShutdownHook(safetyNet);
        InitNegotiation.Terms terms;
        try {
            terms = negotiate(device, replies);
        } catch (MountException e) {
            mountPoint.detach();
            device.close();
            java.lang.Runtime.getRuntime().removeShutdownHook(safetyNet);
            throw e;
        }
        handleSignals();
        log.info("mounted " + description + " at " + mp + "; stop with Ctrl-C or '" + Mounter.unmountCommand(mp, false) + "'");
        onServing.run();
        RequestDeadlines deadlines = new RequestDeadlines(replies, vfs::table, requestTimeout, log);
        Passthrough passthrough = new Passthrough(device, log);
        passthrough.enable(terms.has(Protocol.PASSTHROUGH));
        RequestLoop loop = new RequestLoop(device, new Dispatcher(new Answers(vfs, log, replies, deadlines), passthrough, usersOwnFiles),
                replies.meter(), terms.maxWrite(), log);
        activeLoop = loop;
        activeDeadlines = deadlines;
        notifications = new Notifications(replies, log);
        deadlines.start();
        boolean workersDone = loop.run();
        deadlines.stop();
        notifications = null; // no notification after this: the device is about to close
        loopEnded.countDown();
        if (mountPoint.currentMount().isPresent()) { // not detached by a stop or from outside already
            mountPoint.detach();
        }
        if (workersDone) {
            device.close();
        } else {
            // A worker will still reply through it: leave the device to the process's exit.
            log.info("a worker is still blocked (in a plugin, or on a connection still in use); the FUSE device is left to the process's exit");
        }
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(safetyNet);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        log.info("unmounted " + mp + (loop.failed() ? " (the FUSE device failed)" : ""));
    }

    /** Reads and answers the connection's first request, INIT, before any worker starts. */
    private InitNegotiation.Terms negotiate(FuseDevice device, Replies replies) throws MountException {
        Request init = new Request(new NativeBuffer(64 * 1024));
        try {
            int n;
            do {
                n = device.read(init.buffer);
            } while (n < 0);
            if (n == 0) {
                throw new MountException("the kernel ended the FUSE connection before INIT");
            }
            return InitNegotiation.answer(init.decode(n), replies, LibC.get().geteuid() == 0, log);
        } catch (IOException e) {
            throw new MountException(e.getMessage());
        }
    }

    private void handleSignals() {
        for (String signal : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(signal), s -> {
                    Runnable hangup = onHangup;
                    if (s.getName().equals("HUP") && hangup != null) {
                        hangup.run();
                    } else {
                        stop("SIG" + s.getName());
                    }
                });
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (-Xrs, or ignored at start): the shutdown hook still unmounts.
                log.debug("cannot handle SIG" + signal + ": " + e.getMessage());
            }
        }
    }

    /**
     * Ends the session from a signal: detach the mount, which makes the kernel end the connection; if a
     * process keeps the old mount busy, abort the connection so the loop still ends.
     */
    private void stop(String why) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        var mounted = mountPoint.currentMount();
        if (mounted.isPresent()) {
            log.info(why + ": unmounting " + mountPoint.path() + " lazily: it leaves the namespace now");
        } else {
            log.info(why + ": " + mountPoint.path() + " was unmounted already"); // by umount, before the signal
        }
        Thread stopper = new Thread(() -> {
            if (mounted.isPresent() && !mountPoint.detach()) {
                log.error("the lazy unmount of " + mountPoint.path() + " failed");
            }
            try {
                if (loopEnded.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
                log.info("the mount is still in use after " + STOP_GRACE_MILLIS + " ms (a file open in it, or a working "
                        + "directory inside it); ending its FUSE connection so magicfs can exit");
                boolean aborted = mounted.isPresent() && MountPoint.abort(mounted.get().connection());
                if (!loopEnded.await(aborted ? ABORT_MILLIS : 0, TimeUnit.MILLISECONDS) && activeLoop != null) {
                    // No fusectl to abort through: the kernel ends the connection when this process exits.
                    activeLoop.abandon();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "magicfs-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Creates the folder if needed, recovers a stale mount left by a killed magicfs, refuses a live one. */
    private void prepareMountPoint() throws MountException {
        Path path = mountPoint.path();
        if (mountPoint.isStale()) {
            if (!mountPoint.detach()) {
                throw new MountException(path + " holds a dead FUSE mount (\"Transport endpoint is not connected\") "
                        + "that could not be removed; run '" + Mounter.unmountCommand(path, true) + "'");
            }
            log.info("removed a dead mount at " + path + " left by a process that was killed");
        }
        var existing = mountPoint.currentMount();
        if (existing.isPresent()) {
            throw new MountException(path + " is already mounted (" + existing.get().type()
                    + "); unmount it first with '" + Mounter.unmountCommand(path, false) + "'");
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new MountException("mount point " + path + " is not a folder; choose an empty folder");
        }
        try {
            Files.createDirectories(path);
            try (Stream<Path> entries = Files.list(path)) {
                if (entries.findAny().isPresent()) {
                    throw new MountException("mount point " + path + " is not empty; choose an empty folder");
                }
            }
        } catch (IOException e) {
            throw new MountException("cannot use " + path + " as mount point: " + e);
        }
    }
}
