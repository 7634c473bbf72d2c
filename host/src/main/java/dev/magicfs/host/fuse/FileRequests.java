package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.Protocol.*;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.log.MountLog.Level;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.vfs.OpenFile;
import dev.magicfs.host.vfs.OpenMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import jnr.constants.platform.OpenFlags;

/** Open files: OPEN, CREATE, READ, WRITE, FLUSH, FSYNC, RELEASE. */
final class FileRequests {
    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = OpenFlags.O_WRONLY.intValue();
    private static final int O_RDWR = OpenFlags.O_RDWR.intValue();
    private static final int O_APPEND = OpenFlags.O_APPEND.intValue();
    private static final int O_TRUNC = OpenFlags.O_TRUNC.intValue();
    private static final int O_EXCL = OpenFlags.O_EXCL.intValue();

    private final Answers answers;
    private final Passthrough passthrough;

    FileRequests(Answers answers, Passthrough passthrough) {
        this.answers = answers;
        this.passthrough = passthrough;
    }

    /**
     * An open of a generated file whose generation another request is making waits for it without a thread: it
     * is answered by the thread that completes the generation.
     */
    void open(Request r) {
        long unique = r.unique;
        long ino = r.nodeId;
        CompletableFuture<OpenFile> opening;
        try {
            answers.deadlines.enter(unique, "OPEN", ino, true);
            Inode inode = answers.vfs.inode(ino);
            int flags = r.intAt(OPEN_IN_FLAGS);
            answers.debug("OPEN", inode, " flags=0" + Integer.toOctalString(flags));
            if ((r.intAt(OPEN_IN_OPEN_FLAGS) & OPEN_KILL_SUIDGID) != 0) {
                answers.dropSetIds(ino);
            }
            opening = answers.vfs.open(ino, modeOf(flags), r.caller());
        } catch (Throwable t) {
            answers.fail(unique, "OPEN " + answers.describe(ino), t);
            return;
        }
        if (opening.isDone()) {
            replyOpen(unique, ino, opening, answers.deadlines.leave());
            return;
        }
        RequestDeadlines.Call waiting = answers.deadlines.detach();
        opening.whenComplete((file, e) -> replyOpen(unique, ino, opening, answers.deadlines.finish(waiting)));
    }

    /**
     * CREATE: a new regular file in a changeable tree, opened at once; the reply is its entry and its open.
     * Without O_EXCL, a name another request made meanwhile is opened instead, as open(2) would.
     */
    void create(Request r) {
        long unique = r.unique;
        long parent = r.nodeId;
        String name = r.nameAt(CREATE_IN_SIZE);
        String path = answers.pathOf(parent, name);
        int flags = r.intAt(CREATE_IN_FLAGS);
        NativeBuffer out = Replies.small();
        Inode inode;
        OpenFile file;
        try {
            Answers.checkLength(name);
            answers.deadlines.enter(unique, "CREATE", parent, true);
            Caller caller = r.caller();
            try {
                inode = answers.vfs.namespace().createNode(parent, name, r.intAt(CREATE_IN_MODE), 0, null, caller);
            } catch (FsException e) {
                if (e.errno() != Errno.EEXIST || (flags & O_EXCL) != 0) {
                    throw e;
                }
                inode = answers.vfs.lookup(parent, name, caller);
            }
            if (answers.log.isOn(Level.INFO)) {
                answers.log.request("CREATE", path, 0, " -> ino=" + inode.number());
            }
            try {
                file = answers.vfs.open(inode.number(), modeOf(flags), caller).join();
            } catch (RuntimeException e) {
                answers.vfs.forget(inode.number(), 1);
                throw e;
            }
            AttrCodec.entryOut(out.bytes, Replies.PAYLOAD, inode.number(), answers.vfs.attributes(inode, caller), inode.cachePolicy().ttl());
        } catch (Throwable t) {
            answers.fail(unique, "CREATE " + path, t);
            return;
        }
        putOpenOut(out.bytes, Replies.PAYLOAD + ENTRY_OUT_SIZE, file, inode.number());
        if (!answers.deadlines.leave() || !answers.replies.send(unique, out, ENTRY_OUT_SIZE + OPEN_OUT_SIZE)) {
            passthrough.release(file.handle());
            answers.vfs.discard(file.handle());
        }
    }

    private static OpenMode modeOf(int flags) {
        int access = flags & O_ACCMODE;
        return new OpenMode(access != O_WRONLY, access == O_WRONLY || access == O_RDWR, (flags & O_APPEND) != 0,
                (flags & O_TRUNC) != 0);
    }

    /**
     * The open's reply: its handle and how the kernel caches it. An open that cannot have written needs no
     * FLUSH at its close (FOPEN_NOFLUSH); one of a file backed by a local file may be served by the kernel
     * from that file (passthrough).
     */
    private void replyOpen(long unique, long ino, CompletableFuture<OpenFile> opening, boolean mine) {
        OpenFile file;
        try {
            file = opening.join();
        } catch (Throwable t) {
            if (mine) {
                answers.replyFailure(unique, "OPEN " + answers.describe(ino), t);
            }
            return;
        }
        // Not answered here, or the opener was interrupted: no release will come for this handle.
        if (!mine) {
            answers.vfs.discard(file.handle());
            return;
        }
        NativeBuffer out = Replies.small();
        putOpenOut(out.bytes, Replies.PAYLOAD, file, ino);
        if (!answers.replies.send(unique, out, OPEN_OUT_SIZE)) {
            passthrough.release(file.handle());
            answers.vfs.discard(file.handle());
        }
    }

    /** fallocate(2): mode 0 in a changeable tree; every other mode, and every other file, EOPNOTSUPP. */
    void fallocate(Request r) {
        int mode = r.intAt(FALLOCATE_IN_MODE);
        answers.settle(r, "FALLOCATE", answers.describe(r.nodeId), " mode=" + mode, false, () -> answers.vfs.namespace()
                .allocate(r.nodeId, mode, r.longAt(FALLOCATE_IN_OFFSET), r.longAt(FALLOCATE_IN_LENGTH), r.caller()));
    }

    /** A fuse_open_out at {@code at} for {@code file}, registered for passthrough where it can be. */
    private void putOpenOut(ByteBuffer b, int at, OpenFile file, long ino) {
        int flags = (file.directIo() ? FOPEN_DIRECT_IO : 0) | (file.keepCache() ? FOPEN_KEEP_CACHE : 0)
                | (file.mode().write() && !file.changeable() ? 0 : FOPEN_NOFLUSH); // a changeable tree's close does nothing
        Path backing = file.backingFile();
        int backingId = backing == null ? -1 : passthrough.register(file.handle(), ino, backing, file.writesThrough());
        if (backingId >= 0) {
            flags = (flags & ~(FOPEN_DIRECT_IO | FOPEN_KEEP_CACHE)) | FOPEN_PASSTHROUGH;
            answers.debug("OPEN", ino, " -> passthrough from " + backing + " (backing id " + backingId + ")");
        } else if (!file.directIo()) {
            passthrough.servedWithPageCache(file.handle(), ino);
        }
        b.putLong(at + OPEN_OUT_FH, file.handle());
        b.putInt(at + OPEN_OUT_FLAGS, flags);
        b.putInt(at + OPEN_OUT_BACKING_ID, Math.max(backingId, 0));
    }

    /** The bytes are read straight into the worker's buffer, behind the reply's header. */
    void read(Request r) {
        long unique = r.unique;
        long ino = r.nodeId;
        int size = r.intAt(READ_IN_SIZE);
        long offset = r.longAt(READ_IN_OFFSET);
        int count;
        try {
            if (answers.log.isOn(Level.INFO)) {
                answers.log.request("READ", answers.describe(ino), size, " offset=" + offset + " size=" + size);
            }
            answers.deadlines.enter(unique, "READ", ino, true);
            ByteBuffer into = r.buffer.bytes.slice(Replies.PAYLOAD, Math.min(size, r.buffer.capacity() - Replies.PAYLOAD));
            count = answers.vfs.read(r.longAt(READ_IN_FH), offset, into, r.caller());
        } catch (Throwable t) {
            answers.fail(unique, "READ " + answers.describe(ino), t);
            return;
        }
        answers.reply(unique, r.buffer, count);
    }

    void write(Request r) {
        long unique = r.unique;
        long ino = r.nodeId;
        int size = r.intAt(WRITE_IN_LENGTH);
        long offset = r.longAt(WRITE_IN_OFFSET);
        int count;
        try {
            if (answers.log.isOn(Level.INFO)) {
                answers.log.request("WRITE", answers.describe(ino), size, " offset=" + offset + " len=" + size);
            }
            answers.deadlines.enter(unique, "WRITE", ino, true);
            count = answers.vfs.write(r.longAt(WRITE_IN_FH), offset, r.dataAt(WRITE_IN_SIZE, size), r.caller());
            if ((r.intAt(WRITE_IN_WRITE_FLAGS) & WRITE_KILL_SUIDGID) != 0) {
                answers.dropSetIds(r.nodeId);
            }
        } catch (Throwable t) {
            answers.fail(unique, "WRITE " + answers.describe(ino), t);
            return;
        }
        NativeBuffer out = Replies.small();
        out.bytes.putLong(Replies.PAYLOAD, 0).putInt(Replies.PAYLOAD, count);
        answers.reply(unique, out, WRITE_OUT_SIZE);
    }

    /** FLUSH (each close) and FSYNC: a writer's content is handed over, and a refusal is the caller's error. */
    void flush(Request r, boolean sync) {
        String operation = sync ? "FSYNC" : "FLUSH";
        long handle = r.longAt(sync ? FSYNC_IN_FH : FLUSH_IN_FH);
        try {
            answers.debug(operation, r.nodeId, "");
            answers.deadlines.enter(r.unique, operation, r.nodeId, sync); // every close must reach a writer's file
            if (sync) {
                answers.vfs.fsync(handle, r.caller());
            } else {
                answers.vfs.flush(handle, r.caller());
            }
        } catch (Throwable t) {
            answers.fail(r.unique, operation + " " + answers.describe(r.nodeId), t);
            return;
        }
        answers.done(r.unique);
    }

    void release(Request r) {
        passthrough.release(r.longAt(RELEASE_IN_FH));
        try {
            answers.debug("RELEASE", r.nodeId, "");
            answers.deadlines.enter(r.unique, "RELEASE", r.nodeId, false);
            answers.vfs.release(r.longAt(RELEASE_IN_FH), r.caller());
        } catch (Throwable t) {
            answers.fail(r.unique, "RELEASE " + answers.describe(r.nodeId), t);
            return;
        }
        answers.done(r.unique);
    }
}
