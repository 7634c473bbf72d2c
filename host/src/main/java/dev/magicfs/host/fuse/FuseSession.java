package dev.magicfs.host.fuse;

import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.vfs.KernelCache;
import dev.magicfs.host.vfs.Vfs;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import sun.misc.Signal;

/**
 * One mount, from fuse_mount to unmount. Requests are served by a {@link RequestLoop} of worker threads, so a
 * slow file delays only its own requests. SIGINT, SIGTERM and SIGHUP (unless it reloads), or
 * {@code fusermount -u} from outside, end the loop: the mount is detached, the session torn down, and
 * {@link #serve} returns normally.
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
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private volatile RequestLoop activeLoop;
    private volatile LibFuse boundFuse;
    private volatile Pointer activeChannel;
    private volatile FuseAdapter activeAdapter;
    private volatile Runnable onHangup;

    /** @param requestTimeout how long a request may run in a plugin before its caller gets ETIMEDOUT */
    public FuseSession(Path mountPoint, String fsName, boolean allowOther, Duration requestTimeout, MountLog log) {
        this.mountPoint = new MountPoint(mountPoint);
        this.fsName = fsName;
        this.allowOther = allowOther;
        this.requestTimeout = requestTimeout;
        this.log = log;
    }

    /**
     * Starts binding libfuse on another thread. Binding it and generating jnr's classes for the callbacks takes
     * about 300 ms, which reading a large mount.yaml can overlap; {@link #serve} waits for it.
     */
    public static Future<LibFuse> bindInBackground() {
        FutureTask<LibFuse> binding = new FutureTask<>(() -> {
            LibFuse fuse = loadLibFuse();
            FuseAdapter.prepareCallbacks(fuse);
            return fuse;
        });
        Thread thread = new Thread(binding, "magicfs-bind-libfuse");
        thread.setDaemon(true);
        thread.start();
        return binding;
    }

    /** What SIGHUP does from the next mount on: a reload. Without it, SIGHUP unmounts like SIGTERM. */
    public void onHangup(Runnable action) {
        onHangup = action;
    }

    /** A new request_timeout, from an edited mount.yaml; requests that start from now on have it. */
    public void requestTimeout(Duration timeout) {
        FuseAdapter adapter = activeAdapter;
        if (adapter != null) {
            adapter.requestTimeout(timeout);
        }
    }

    @Override
    public void forgetName(long parent, String name) {
        Pointer channel = activeChannel;
        if (channel != null) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            boundFuse.fuse_lowlevel_notify_inval_entry(channel, parent, bytes, bytes.length);
        }
    }

    @Override
    public void forgetContent(long inode) {
        Pointer channel = activeChannel;
        if (channel != null) {
            boundFuse.fuse_lowlevel_notify_inval_inode(channel, inode, 0, 0);
        }
    }

    /** Mounts, serves {@code vfs} until unmounted or signalled, then cleans up. */
    public void serve(Vfs vfs, String description, Future<LibFuse> binding) throws MountException {
        prepareMountPoint();
        LibFuse fuse = bound(binding);
        Runtime runtime = Runtime.getRuntime(fuse);
        FuseAdapter adapter = new FuseAdapter(fuse, vfs, requestTimeout, log);
        List<Pointer> keepAlive = new ArrayList<>();
        Pointer args = arguments(runtime, keepAlive);
        String mp = mountPoint.path().toString();
        Pointer channel = fuse.fuse_mount(mp, args);
        if (channel == null) {
            throw new MountException("cannot mount at " + mp + " (libfuse's reason is printed above; is /dev/fuse "
                    + "there, fusermount installed, and for allow_other, user_allow_other set in /etc/fuse.conf?)");
        }
        Pointer session = fuse.fuse_lowlevel_new(args, adapter.operations(), FuseLayout.OPS_SIZE, null);
        if (session == null) {
            fuse.fuse_unmount(mp, channel);
            throw new MountException("libfuse refused the session options for " + mp);
        }
        fuse.fuse_session_add_chan(session, channel);
        Thread safetyNet = new Thread(() -> {
            if (loopEnded.getCount() > 0) {
                mountPoint.detach();
            }
        }, "magicfs-unmount-at-exit");
        java.lang.Runtime.getRuntime().addShutdownHook(safetyNet);
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
        log.info("mounted " + description + " at " + mp + "; stop with Ctrl-C or 'fusermount -u " + mp + "'");
        RequestLoop loop = new RequestLoop(fuse, session, channel, log);
        activeLoop = loop;
        boundFuse = fuse;
        activeAdapter = adapter;
        activeChannel = channel;
        adapter.start();
        boolean workersDone = loop.run();
        adapter.stop();
        activeChannel = null; // no notification after this: the channel is about to go
        loopEnded.countDown();
        fuse.fuse_session_remove_chan(channel);
        if (workersDone) {
            fuse.fuse_session_destroy(session);
            fuse.fuse_unmount(mp, channel);
        } else {
            // A worker will still reply through them: leave the session and channel to the process's exit.
            log.info("a worker is still blocked (in a plugin, or on a connection still in use); the session is left to the process's exit");
            if (mountPoint.currentMount().isPresent()) { // not detached by a stop already
                fuse.fuse_unmount(mp, null);
            }
        }
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(safetyNet);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        log.info("unmounted " + mp + (loop.failed() ? " (the FUSE device failed)" : ""));
        // libfuse held pointers to these until the session was destroyed: keep them reachable until here.
        Reference.reachabilityFence(adapter);
        Reference.reachabilityFence(keepAlive);
    }

    /**
     * Ends the session from a signal: detach the mount, which makes the kernel end the connection; if a
     * process keeps the old mount busy, abort the connection so the loop still ends.
     */
    private void stop(String why) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        log.info(why + ": unmounting " + mountPoint.path() + " lazily (fusermount -u -z): it leaves the namespace now");
        var mounted = mountPoint.currentMount();
        Thread stopper = new Thread(() -> {
            if (!mountPoint.detach()) {
                log.error("fusermount -u -z " + mountPoint.path() + " failed");
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
                        + "that could not be removed; run 'fusermount -u -z " + path + "'");
            }
            log.info("removed a dead mount at " + path + " left by a process that was killed");
        }
        var existing = mountPoint.currentMount();
        if (existing.isPresent()) {
            throw new MountException(path + " is already mounted (" + existing.get().type()
                    + "); unmount it first with 'fusermount -u " + path + "'");
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

    private static LibFuse bound(Future<LibFuse> binding) throws MountException {
        try {
            return binding.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MountException m) {
                throw m;
            }
            throw new MountException("cannot bind libfuse: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while binding libfuse");
        }
    }

    private static LibFuse loadLibFuse() throws MountException {
        try {
            return LibraryLoader.create(LibFuse.class).failImmediately().load("fuse");
        } catch (LinkageError | RuntimeException e) {
            throw new MountException("libfuse 2 is not installed (" + e.getMessage()
                    + "); on Debian or Ubuntu: apt-get install fuse libfuse2");
        }
    }

    /**
     * struct fuse_args for "magicfs -o fsname=NAME,subtype=magicfs,big_writes,atomic_o_trunc[,allow_other,
     * default_permissions]". atomic_o_trunc: O_TRUNC arrives with the open instead of as a separate setattr, so
     * a writer that replaces a generated file does not make it generate content first.
     */
    private Pointer arguments(Runtime runtime, List<Pointer> keepAlive) {
        String options = "fsname=" + fsName + ",subtype=magicfs,big_writes,atomic_o_trunc"
                + (allowOther ? ",allow_other,default_permissions" : "");
        String[] argv = {"magicfs", "-o", options};
        Pointer array = Memory.allocateDirect(runtime, 8 * (argv.length + 1), true);
        for (int i = 0; i < argv.length; i++) {
            byte[] bytes = argv[i].getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(runtime, bytes.length + 1, true);
            s.put(0, bytes, 0, bytes.length);
            array.putPointer(8L * i, s);
            keepAlive.add(s);
        }
        Pointer args = Memory.allocateDirect(runtime, FuseLayout.ARGS_SIZE, true);
        args.putInt(FuseLayout.ARGS_ARGC, argv.length);
        args.putPointer(FuseLayout.ARGS_ARGV, array);
        args.putInt(FuseLayout.ARGS_ALLOCATED, 0);
        keepAlive.add(array);
        keepAlive.add(args);
        return args;
    }
}
