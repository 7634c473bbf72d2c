package dev.magicfs.host.fuse;

import dev.magicfs.host.log.MountLog;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves a connection's requests on Java threads, each reading one request at a time from the device into a
 * buffer of its own and answering it before it reads the next.
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

    private final FuseDevice device;
    private final Dispatcher dispatcher;
    private final RequestMeter meter;
    private final int bufferSize;
    private final MountLog log;
    /** Buffers of workers that ended, for the next ones: a worker's buffer is a request's largest size, 1 MiB. */
    private final ConcurrentLinkedQueue<NativeBuffer> spareBuffers = new ConcurrentLinkedQueue<>();
    /** Set when the kernel ended the connection: the mount is gone. */
    private volatile boolean exited;
    /** Workers waiting for a request (in, or about to enter, read(2)). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** When the last waiting worker took a request; meaningful while {@link #waiting} is 0. */
    private volatile long allBusySince;
    private volatile boolean failed;
    /**
     * Set once the connection has ended: from then on no worker starts, and none touches the device again,
     * because the caller closes it once {@link #run} returns.
     */
    private volatile boolean stopping;
    private volatile Thread monitor;
    /** Set by {@link #abandon}: the workers are left where they are, blocked in the kernel. */
    private volatile boolean abandoned;
    private volatile boolean monitorAsleep;

    /** @param maxWrite the negotiated largest WRITE, which every read of the device must have room for */
    RequestLoop(FuseDevice device, Dispatcher dispatcher, RequestMeter meter, int maxWrite, MountLog log) {
        this.device = device;
        this.meter = meter;
        this.dispatcher = dispatcher;
        this.bufferSize = maxWrite + 4096; // a WRITE's headers and its data; a READ's reply fits as well
        this.log = log;
    }

    /**
     * Serves until the file system is unmounted.
     *
     * @return whether every worker finished: false when one is still inside a request, so the device must
     *     not be closed under it
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
     * The device must then be left to the process's exit, whose closing of it ends the connection.
     */
    void abandon() {
        abandoned = true;
        ended.countDown();
    }

    /** The threads serving requests now: one when idle, up to {@link #MAX_WORKERS}. */
    int workers() {
        return workers.size();
    }

    /** Whether the loop ended on an error of the FUSE device rather than an unmount. */
    boolean failed() {
        return failed;
    }

    private void work() {
        NativeBuffer buffer = spareBuffers.poll();
        Request request = new Request(buffer != null ? buffer : new NativeBuffer(bufferSize));
        try {
            while (!stopping && !exited) {
                waiting.incrementAndGet();
                int received;
                try {
                    received = device.read(request.buffer);
                } catch (IOException e) {
                    log.error(e.getMessage());
                    failed = true;
                    received = 0;
                }
                if (waiting.decrementAndGet() == 0) {
                    allBusySince = System.nanoTime();
                    if (monitorAsleep) {
                        LockSupport.unpark(monitor);
                    }
                }
                if (received < 0) {
                    continue;
                }
                if (received == 0) { // unmounted, or the device failed
                    exited = true;
                    break;
                }
                try {
                    long arrival = meter.arrived(request.decode(received));
                    dispatcher.dispatch(request);
                    meter.dispatched(request, arrival);
                } catch (RuntimeException | Error e) { // handlers answer their own failures; this is a bug in one
                    log.error("opcode " + request.opcode + " failed outside its handler: " + e);
                }
                if (waiting.get() > 0 && workers.size() > 1) {
                    return; // another worker is waiting for the next request: one is enough
                }
            }
        } finally {
            spareBuffers.add(request.buffer);
            workers.remove(Thread.currentThread());
            // The connection ended, or this worker died of an unexpected error with nobody left to serve.
            if (!stopping && (exited || workers.isEmpty())) {
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
