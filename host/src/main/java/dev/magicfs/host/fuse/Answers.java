package dev.magicfs.host.fuse;

import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.log.MountLog.Level;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.vfs.Vfs;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;

/**
 * What every handler shares: the {@link Vfs} it calls, the deadlines it runs under, and the one way a failure
 * becomes a reply. A handler computes its whole answer inside {@code try}; any throwable there becomes one
 * error reply and a log line naming the file, so a failing plugin costs one request, never the mount.
 */
final class Answers {
    static final int EINTR = jnr.constants.platform.Errno.EINTR.intValue();

    final Vfs vfs;
    final MountLog log;
    final Replies replies;
    final RequestDeadlines deadlines;
    final Notifications notifications;

    Answers(Vfs vfs, MountLog log, Replies replies, RequestDeadlines deadlines) {
        this.vfs = vfs;
        this.log = log;
        this.replies = replies;
        this.deadlines = deadlines;
        this.notifications = new Notifications(replies, log);
    }

    /**
     * With HANDLE_KILLPRIV_V2 the kernel leaves setuid and setgid to magicfs at a write or an O_TRUNC open; it
     * keeps the old mode cached, so it is told to forget the attributes when they change.
     */
    void dropSetIds(long ino) throws FsException {
        if (vfs.namespace().dropSetIds(ino)) {
            notifications.invalidateAttributes(ino);
        }
    }

    /** Sends a small reply built in {@link Replies#small()} unless the deadline answered already. */
    void reply(long unique, NativeBuffer buffer, int length) {
        if (deadlines.leave()) {
            replies.send(unique, buffer, length);
        }
    }

    /** Success without a payload, unless the deadline answered already. */
    void done(long unique) {
        if (deadlines.leave()) {
            replies.error(unique, 0);
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /**
     * Runs a request whose answer is success or an errno, under its deadline. {@code file} and {@code detail}
     * name it in the log line of a failure, and of a success too when {@code logged}: a change is a request
     * line at INFO; the others are logged at debug before they run.
     */
    void settle(Request r, String operation, String file, String detail, boolean logged, Action action) {
        try {
            if (!logged) {
                debug(operation, r.nodeId, detail);
            }
            deadlines.enter(r.unique, operation, r.nodeId, true);
            action.run();
            if (logged && log.isOn(Level.INFO)) {
                log.request(operation, file, 0, detail);
            }
        } catch (Throwable t) {
            fail(r.unique, operation + " " + file + detail, t);
            return;
        }
        done(r.unique);
    }

    /**
     * Replies with the failure's errno and logs it: an expected refusal (ENOENT, EACCES, ...) as an INFO
     * line, anything a node did not mean (EIO, or an exception of a plugin) as an ERROR with the reason.
     */
    void fail(long unique, String what, Throwable failure) {
        if (deadlines.leave()) { // else answered with ETIMEDOUT or EINTR already
            replyFailure(unique, what, failure);
        }
    }

    /** The reply and log line of {@link #fail}, for a request whose deadline is settled. */
    void replyFailure(long unique, String what, Throwable thrown) {
        Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (failure instanceof RequestDeadlines.Interrupted) {
            log.info(what + " -> EINTR: its caller was interrupted");
            replies.error(unique, EINTR);
            return;
        }
        Errno errno = Errnos.classify(failure);
        if (!(failure instanceof FsException)) {
            log.error(what + " -> EIO: " + describeFailure(failure));
        } else if (errno == Errno.EIO) {
            log.error(what + " -> EIO: " + failure.getMessage());
        } else if (log.isOn(Level.INFO)) {
            log.info(what + " -> " + errno + " (" + failure.getMessage() + ")");
        }
        replies.error(unique, Errnos.number(errno));
    }

    private static String describeFailure(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return failure + (trace.length > 0 ? " at " + trace[0] : "");
    }

    void debug(String operation, long ino, String detail) {
        if (log.isOn(Level.DEBUG)) {
            log.debug(operation + " " + describe(ino) + detail);
        }
    }

    void debug(String operation, Inode inode, String detail) {
        if (log.isOn(Level.DEBUG)) {
            log.debug(operation + " " + inode.path() + " (ino=" + inode.number() + ")" + detail);
        }
    }

    /** {@code notes.txt (ino=5)}, or {@code ino=9} for an inode the table does not know. */
    String describe(long ino) {
        Inode inode = vfs.table().get(ino);
        return inode == null ? "ino=" + ino : inode.path() + " (ino=" + ino + ")";
    }

    String pathOf(long parent, String name) {
        Inode inode = vfs.table().get(parent);
        return inode == null || inode.parent() == null ? name : inode.path() + "/" + name;
    }

    /** The kernel passes names of up to 1,024 bytes; like Linux's own filesystems, magicfs takes 255. */
    static void checkLength(String name) throws FsException {
        if (name.length() > Vfs.MAX_NAME_BYTES / 3 && name.getBytes(StandardCharsets.UTF_8).length > Vfs.MAX_NAME_BYTES) {
            throw new FsException(Errno.ENAMETOOLONG, "a name of more than " + Vfs.MAX_NAME_BYTES + " bytes");
        }
    }
}
