package dev.magicfs.host.fuse;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.tree.InodeTable;
import dev.magicfs.host.tree.StaticDirectory;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Keeps one file's plugin from holding the mount's request threads:
 * <ul>
 *   <li>a request that runs in a plugin longer than {@code request_timeout} is answered with ETIMEDOUT by a
 *       watchdog;</li>
 *   <li>while such a request is still stuck in the plugin, further requests for that file fail at once with
 *       EIO instead of joining it (the kernel queues reads of one page behind each other, so each would
 *       otherwise wait a whole timeout and strand one more thread);</li>
 *   <li>a file may have at most {@link #PER_FILE} requests running at once; more get EAGAIN at once.</li>
 * </ul>
 * So a file whose plugin never returns holds at most {@link #PER_FILE} of the {@link RequestLoop#MAX_WORKERS}
 * threads, and its callers learn it within one timeout.
 *
 * <p>It also answers the kernel's INTERRUPTs (the caller got a signal, say Ctrl-C): the interrupted request
 * gets EINTR at once, and the thread running it in a plugin is interrupted, which a plugin waiting on I/O or a
 * lock may take as a cancellation.
 *
 * <p>Exactly one reply per request: the worker, the watchdog and an interrupt race for it through
 * {@link Call#claim}. A worker whose request was answered for it must not touch the request again;
 * {@link #leave} tells it.
 */
final class RequestDeadlines {
    /** The most requests one file may have running; a quarter of the threads, so three quarters stay for others. */
    static final int PER_FILE = RequestLoop.MAX_WORKERS / 4;

    /** How long an INTERRUPT that came before its request is kept: the kernel sends it right after the request. */
    private static final long EARLY_INTERRUPT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int EINTR = jnr.constants.platform.Errno.EINTR.intValue();

    private final Replies replies;
    /** The tree being served, read at each request: a reload replaces it. */
    private final Supplier<InodeTable> tree;
    private final MountLog log;
    private volatile long timeoutNanos;
    private volatile Duration timeout;
    /** The requests being served, by the kernel's unique id. */
    private final ConcurrentHashMap<Long, Call> running = new ConcurrentHashMap<>();
    /** INTERRUPTs whose request no worker had entered yet, with when they came. */
    private final ConcurrentHashMap<Long, Long> earlyInterrupts = new ConcurrentHashMap<>();
    /** Files with requests answered by the watchdog whose plugin call has not returned yet, and how many. */
    private final ConcurrentHashMap<Inode, Integer> stuck = new ConcurrentHashMap<>();
    private final ThreadLocal<Call> current = new ThreadLocal<>();
    private volatile Thread watchdog;

    /** One request inside a plugin, or waiting for one. */
    static final class Call {
        final long unique;
        final String operation;
        final Inode inode;
        final long started = System.nanoTime();
        private final AtomicBoolean answered = new AtomicBoolean();
        /** The worker running it, until it leaves or detaches; guarded by the call's monitor. */
        private Thread worker = Thread.currentThread();
        /** Answered with EINTR: no stuck count, and the worker's interrupt status is cleared when it leaves. */
        private boolean interrupted;

        Call(long unique, String operation, Inode inode) {
            this.unique = unique;
            this.operation = operation;
            this.inode = inode;
        }

        /** True for the first caller only: that one replies. */
        boolean claim() {
            return answered.compareAndSet(false, true);
        }
    }

    RequestDeadlines(Replies replies, Supplier<InodeTable> tree, Duration timeout, MountLog log) {
        this.replies = replies;
        this.tree = tree;
        this.log = log;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Marks the calling thread as serving request {@code unique} on inode {@code ino} (the file, or the directory whose
     * children a lookup asks for).
     *
     * @param capped whether a stuck file or the file's limit of {@link #PER_FILE} refuses the request; not
     *     for a close or a release, which end a handle and are never sent again
     * @throws FsException EAGAIN when the file already has {@link #PER_FILE} requests running
     * @throws Interrupted when the kernel interrupted the request before it got here
     */
    void enter(long unique, String operation, long ino, boolean capped) throws FsException {
        if (!earlyInterrupts.isEmpty() && earlyInterrupts.remove(unique) != null) {
            throw new Interrupted();
        }
        Inode found = tree.get().get(ino);
        // A directory from mount.yaml answers from the host's memory and never blocks: nothing to cap there.
        Inode inode = found != null && found.node() instanceof StaticDirectory ? null : found;
        if (capped && inode != null && !stuck.isEmpty() && stuck.containsKey(inode)) {
            throw new FsException(Errno.EIO, "refused at once: an earlier request is still stuck in this file's plugin");
        }
        if (inode != null && !inode.enterRequest(capped ? PER_FILE : Integer.MAX_VALUE)) {
            throw new FsException(Errno.EAGAIN, PER_FILE + " requests for this file are still running in its plugin");
        }
        Call call = new Call(unique, operation, inode);
        running.put(unique, call);
        current.set(call);
    }

    /**
     * Ends the calling thread's request.
     *
     * @return true when the caller must reply (also when {@link #enter} was not called or failed); false when
     *     the watchdog has already replied and the request must not be touched
     */
    boolean leave() {
        return finish(detach());
    }

    /**
     * Frees the calling thread from its request, which now waits for work another request is doing (a
     * generation being made): it no longer counts against its file's limit, since it runs no plugin code, but
     * its deadline still holds. {@link #finish} ends it.
     *
     * @return the request, for {@link #finish}; null when {@link #enter} was not called or failed
     */
    Call detach() {
        Call call = current.get();
        if (call != null) {
            current.remove();
            if (call.inode != null) {
                call.inode.leaveRequest();
            }
            synchronized (call) {
                call.worker = null;
                if (call.interrupted) {
                    Thread.interrupted(); // the interrupt was for the plugin call, not for this worker's next request
                }
            }
        }
        return call;
    }

    /**
     * Ends a request {@link #detach detached} from its thread, on any thread.
     *
     * @return as {@link #leave}
     */
    boolean finish(Call call) {
        if (call == null) {
            return true;
        }
        running.remove(call.unique, call);
        boolean mine;
        boolean interrupted;
        synchronized (call) { // with the watchdog's expiry, so the stuck count is never left behind
            mine = call.claim();
            interrupted = call.interrupted;
            if (!mine && !interrupted && call.inode != null) {
                stuck.computeIfPresent(call.inode, (inode, n) -> n > 1 ? n - 1 : null);
            }
        }
        if (!mine && interrupted) {
            log.debug(call.operation + " " + describe(call) + ": finished after its caller was interrupted");
        } else if (!mine) {
            log.info(call.operation + " " + describe(call) + ": the plugin returned after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.started) + " ms; its caller had its answer already");
        }
        return mine;
    }

    /**
     * The kernel's INTERRUPT of request {@code unique}: its caller gets EINTR now, and a worker running it in a
     * plugin is interrupted. An INTERRUPT for a request no worker has entered yet is kept for a moment, for
     * {@link #enter}; one for a request already answered is dropped, as the protocol allows.
     */
    void interrupt(long unique) {
        Call call = running.get(unique);
        if (call == null) {
            long now = System.nanoTime();
            earlyInterrupts.values().removeIf(at -> now - at > EARLY_INTERRUPT_NANOS);
            earlyInterrupts.put(unique, now);
            return;
        }
        synchronized (call) {
            if (!call.claim()) {
                return;
            }
            call.interrupted = true;
            if (call.worker != null) {
                call.worker.interrupt();
            }
        }
        running.remove(unique, call);
        log.info(call.operation + " " + describe(call) + " -> EINTR: its caller was interrupted");
        replies.error(unique, EINTR);
    }

    /** Thrown by {@link #enter} for a request the kernel interrupted before a worker entered it. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted by the caller", null, false, false);
        }
    }

    /** A new timeout for the requests that start from now on, from an edited mount.yaml. */
    void timeout(Duration value) {
        timeout = value;
        timeoutNanos = value.toNanos();
    }

    /** Starts the watchdog, which looks at the running requests ten times per timeout (at most once per second). */
    void start() {
        Thread thread = new Thread(() -> {
            while (watchdog == Thread.currentThread()) {
                LockSupport.parkNanos(Math.clamp(timeoutNanos / 10, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1)));
                expireOverdue();
            }
        }, "magicfs-request-deadline");
        thread.setDaemon(true);
        watchdog = thread;
        thread.start();
    }

    void stop() {
        watchdog = null;
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        for (Call call : running.values()) {
            if (now - call.started > timeoutNanos && expire(call)) {
                running.remove(call.unique, call);
                log.error(call.operation + " " + describe(call) + " -> ETIMEDOUT: no answer from its plugin within "
                        + "request_timeout (" + timeout.toMillis() + " ms); the plugin is still running it");
                replies.error(call.unique, Errnos.number(Errno.ETIMEDOUT));
            }
        }
    }

    private boolean expire(Call call) {
        synchronized (call) {
            if (!call.claim()) {
                return false;
            }
            if (call.inode != null) {
                stuck.merge(call.inode, 1, Integer::sum);
            }
            return true;
        }
    }

    private static String describe(Call call) {
        return call.inode == null ? "" : call.inode.path() + " (ino=" + call.inode.number() + ")";
    }
}
