package dev.magicfs.host.fuse;

import dev.magicfs.host.log.MountLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Serves a session's requests on Java threads, in place of libfuse's fuse_session_loop_mt.
 *
 * <p>Why not libfuse's loop: it starts a native thread whenever no worker is idle and ends one whenever more
 * than ten are, and a new native thread must be attached to the JVM at its first callback. Under a stream of
 * requests that churn cost about 50 µs a request (bench/run.sh: 9k stat/s against the C reference's 50k).
 *
 * <p>How: one worker normally reads and serves every request, so consecutive requests find a warm thread and
 * need no hand-over between threads. A monitor looks every {@link #BUSY_MILLIS} ms: when every worker has been
 * inside a request that long (a slow download, a hung plugin, a burst from several processes), it starts one
 * more, up to {@link #MAX_WORKERS}. A worker that finishes a request while another is waiting for the next
 * one ends, so the pool shrinks back to one once the slow requests are done.
 */
final class RequestLoop {
    /** Requests served at once; more wait in the kernel's queue until a worker is free. */
    static final int MAX_WORKERS = 64;
    /** How long every worker may be busy before another one starts: the most a slow file delays the others. */
    static final long BUSY_MILLIS = 2;
    /** How many looks in a row that find a worker waiting send the monitor to sleep (50 ms of quiet). */
    private static final int IDLE_CHECKS = 25;
    /** How long the end of the loop waits for workers still inside a request (a hung plugin, say). */
    private static final long JOIN_MILLIS = 2_000;
    private static final int EINTR = Errno.EINTR.intValue();
    private static final int EAGAIN = Errno.EAGAIN.intValue();

    private final LibFuse fuse;
    private final Runtime runtime;
    private final Pointer session;
    private final Pointer channel;
    private final long bufferSize;
    private final MountLog log;
    /** Workers waiting for a request (in, or about to enter, read(2)). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** When the last waiting worker took a request; meaningful while {@link #waiting} is 0. */
    private volatile long allBusySince;
    private volatile boolean failed;
    /**
     * Set once the session has ended: from then on no worker starts, and none touches the session or the
     * channel again, because the caller frees them once {@link #run} returns.
     */
    private volatile boolean stopping;
    private volatile Thread monitor;
    /** Set by {@link #abandon}: the workers are left where they are, blocked in the kernel. */
    private volatile boolean abandoned;
    private volatile boolean monitorAsleep;

    RequestLoop(LibFuse fuse, Pointer session, Pointer channel, MountLog log) {
        this.fuse = fuse;
        this.runtime = Runtime.getRuntime(fuse);
        this.session = session;
        this.channel = channel;
        this.bufferSize = fuse.fuse_chan_bufsize(channel);
        this.log = log;
    }

    /**
     * Serves until the file system is unmounted.
     *
     * @return whether every worker finished: false when one is still inside a request, so the session must
     *     not be destroyed under it
     */
    boolean run() {
        startWorker();
        Thread thread = new Thread(this::monitor, "magicfs-fuse-monitor");
        thread.setDaemon(true);
        monitor = thread;
        thread.start();
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            stopping = true; // no worker starts after this, so the ones joined below are all there are
        }
        LockSupport.unpark(thread); // a sleeping monitor sees the end
        if (abandoned) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return workers.isEmpty();
    }

    /**
     * Ends {@link #run} without waiting for the workers, which stay blocked reading the device: for a stop
     * whose connection the kernel will not end (a process still uses the mount, and no fusectl to abort it).
     * The session must then be left to the process's exit, whose closing of the device ends the connection.
     */
    void abandon() {
        abandoned = true;
        ended.countDown();
    }

    /** Whether the loop ended on an error of the FUSE device rather than an unmount. */
    boolean failed() {
        return failed;
    }

    private void work() {
        Pointer buffer = Memory.allocateDirect(runtime, bufferSize);
        Pointer channelCell = Memory.allocateDirect(runtime, runtime.addressSize());
        try {
            while (!stopping && fuse.fuse_session_exited(session) == 0) {
                waiting.incrementAndGet();
                channelCell.putPointer(0, channel);
                int received = fuse.fuse_chan_recv(channelCell, buffer, bufferSize);
                if (waiting.decrementAndGet() == 0) {
                    allBusySince = System.nanoTime();
                    if (monitorAsleep) {
                        LockSupport.unpark(monitor);
                    }
                }
                if (received == -EINTR || received == -EAGAIN) {
                    continue;
                }
                if (received <= 0) { // 0: unmounted (libfuse has exited the session); below: the device failed
                    failed |= received < 0;
                    fuse.fuse_session_exit(session);
                    break;
                }
                fuse.fuse_session_process(session, buffer, received, channelCell.getPointer(0));
                if (waiting.get() > 0 && workers.size() > 1) {
                    return; // another worker is waiting for the next request: one is enough
                }
            }
        } finally {
            workers.remove(Thread.currentThread());
            // The session ended, or this worker died of an unexpected error with nobody left to serve.
            if (!stopping && (fuse.fuse_session_exited(session) != 0 || workers.isEmpty())) {
                ended.countDown();
            }
        }
    }

    /**
     * Looks every {@link #BUSY_MILLIS} ms while requests come in. After {@link #IDLE_CHECKS} looks in a row found
     * a worker waiting, it sleeps until a worker takes a request with nobody left waiting, so an idle mount
     * costs no wake-ups.
     */
    private void monitor() {
        long busyNanos = TimeUnit.MILLISECONDS.toNanos(BUSY_MILLIS);
        int idleChecks = 0;
        while (!stopping) {
            if (idleChecks >= IDLE_CHECKS) {
                monitorAsleep = true;
                if (waiting.get() > 0) { // checked after the flag is set, so a request cannot slip past
                    LockSupport.park(this);
                }
                monitorAsleep = false;
                idleChecks = 0;
            }
            LockSupport.parkNanos(busyNanos);
            if (waiting.get() > 0) {
                idleChecks++;
            } else if (System.nanoTime() - allBusySince >= busyNanos && workers.size() < MAX_WORKERS) {
                startWorker();
            }
        }
    }

    private synchronized void startWorker() {
        if (stopping) {
            return;
        }
        Thread worker = new Thread(this::work, "magicfs-fuse-" + started.incrementAndGet());
        worker.setDaemon(true);
        workers.add(worker);
        if (workers.size() > 1) {
            log.debug("FUSE worker started: " + workers.size() + " serving, all others busy for " + BUSY_MILLIS + " ms");
        }
        worker.start();
    }
}
