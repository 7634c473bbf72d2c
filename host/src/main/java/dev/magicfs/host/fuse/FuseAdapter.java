package dev.magicfs.host.fuse;

import static dev.magicfs.host.fuse.FuseLayout.*;

import dev.magicfs.api.Caller;
import dev.magicfs.api.Errno;
import dev.magicfs.api.FsException;
import dev.magicfs.host.log.MountLog;
import dev.magicfs.host.log.MountLog.Level;
import dev.magicfs.host.tree.Inode;
import dev.magicfs.host.vfs.AttributeChanges;
import dev.magicfs.host.vfs.Attributes;
import dev.magicfs.host.vfs.DirectoryListing;
import dev.magicfs.host.vfs.FsStats;
import dev.magicfs.host.vfs.OpenFile;
import dev.magicfs.host.vfs.OpenMode;
import dev.magicfs.host.vfs.Vfs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * libfuse's low-level operations, each a thin handler: decode the request, call {@link Vfs}, and end in exactly
 * one reply. A handler computes its whole answer inside {@code try}; any throwable there becomes one error
 * reply and a log line naming the file, so a failing plugin costs one request, never the mount.
 */
final class FuseAdapter {
    private static final int MAX_NAME = 4096;
    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = OpenFlags.O_WRONLY.intValue();
    private static final int O_RDWR = OpenFlags.O_RDWR.intValue();
    private static final int O_APPEND = OpenFlags.O_APPEND.intValue();
    private static final int O_TRUNC = OpenFlags.O_TRUNC.intValue();

    private final LibFuse fuse;
    private final Runtime runtime;
    private final Vfs vfs;
    private final MountLog log;
    private final RequestDeadlines deadlines;
    /** The operations table handed to libfuse; the callbacks it points to are kept here so they are never collected. */
    private final Pointer operations;
    private final List<Object> callbacks = new ArrayList<>();
    private final ThreadLocal<RequestBuffers> buffers;
    /** The open directories' entries in READDIR's format, by handle. */
    private final Map<Long, ReaddirSource> directories = new ConcurrentHashMap<>();

    FuseAdapter(LibFuse fuse, Vfs vfs, Duration requestTimeout, MountLog log) {
        this.fuse = fuse;
        this.runtime = Runtime.getRuntime(fuse);
        this.vfs = vfs;
        this.log = log;
        this.deadlines = vfs == null ? null : new RequestDeadlines(fuse, vfs::table, requestTimeout, log);
        this.buffers = ThreadLocal.withInitial(() -> new RequestBuffers(runtime));
        this.operations = Memory.allocateDirect(runtime, OPS_SIZE, true);
        register(OP_LOOKUP, LibFuse.NameCallback.class, (LibFuse.NameCallback) this::lookup);
        register(OP_FORGET, LibFuse.ForgetCallback.class, (LibFuse.ForgetCallback) this::forget);
        register(OP_GETATTR, LibFuse.FileInfoCallback.class, (LibFuse.FileInfoCallback) this::getattr);
        register(OP_SETATTR, LibFuse.SetattrCallback.class, (LibFuse.SetattrCallback) this::setattr);
        register(OP_OPEN, LibFuse.FileInfoCallback.class, (LibFuse.FileInfoCallback) this::open);
        register(OP_READ, LibFuse.ReadCallback.class, (LibFuse.ReadCallback) this::read);
        register(OP_WRITE, LibFuse.WriteCallback.class, (LibFuse.WriteCallback) this::write);
        register(OP_FLUSH, LibFuse.FileInfoCallback.class, (LibFuse.FileInfoCallback) (req, ino, fi) -> flush(req, "FLUSH", ino, fi, false));
        register(OP_RELEASE, LibFuse.FileInfoCallback.class, (LibFuse.FileInfoCallback) this::release);
        register(OP_FSYNC, LibFuse.FsyncCallback.class, (LibFuse.FsyncCallback) (req, ino, d, fi) -> flush(req, "FSYNC", ino, fi, true));
        register(OP_OPENDIR, LibFuse.FileInfoCallback.class, (LibFuse.FileInfoCallback) this::opendir);
        register(OP_READDIR, LibFuse.ReadCallback.class, (LibFuse.ReadCallback) this::readdir);
        register(OP_RELEASEDIR, LibFuse.FileInfoCallback.class, (LibFuse.FileInfoCallback) this::releasedir);
        register(OP_FSYNCDIR, LibFuse.FsyncCallback.class, (LibFuse.FsyncCallback) (req, ino, d, fi) -> done(req, "FSYNCDIR", ino));
        register(OP_STATFS, LibFuse.StatfsCallback.class, (LibFuse.StatfsCallback) this::statfs);
        register(OP_MKNOD, LibFuse.MknodCallback.class,
                (LibFuse.MknodCallback) (req, parent, name, mode, dev) -> refuse(req, "MKNOD", parent, name, true));
        register(OP_MKDIR, LibFuse.MkdirCallback.class,
                (LibFuse.MkdirCallback) (req, parent, name, mode) -> refuse(req, "MKDIR", parent, name, true));
        register(OP_CREATE, LibFuse.CreateCallback.class,
                (LibFuse.CreateCallback) (req, parent, name, mode, fi) -> refuse(req, "CREATE", parent, name, true));
        register(OP_SYMLINK, LibFuse.SymlinkCallback.class,
                (LibFuse.SymlinkCallback) (req, target, parent, name) -> refuse(req, "SYMLINK", parent, name, true));
        register(OP_LINK, LibFuse.LinkCallback.class,
                (LibFuse.LinkCallback) (req, ino, parent, name) -> refuse(req, "LINK", parent, name, true));
        register(OP_UNLINK, LibFuse.NameCallback.class,
                (LibFuse.NameCallback) (req, parent, name) -> refuse(req, "UNLINK", parent, name, false));
        register(OP_RMDIR, LibFuse.NameCallback.class,
                (LibFuse.NameCallback) (req, parent, name) -> refuse(req, "RMDIR", parent, name, false));
        register(OP_RENAME, LibFuse.RenameCallback.class,
                (LibFuse.RenameCallback) (req, parent, name, newParent, newName) -> refuse(req, "RENAME", parent, name, false));
    }

    /**
     * Makes jnr generate and load its classes for every callback shape now, on the calling thread, so that the
     * adapter built for the mount later finds them ready. The adapter built here serves nothing.
     */
    static void prepareCallbacks(LibFuse fuse) {
        new FuseAdapter(fuse, null, null, null);
    }

    /** The watchdog that answers requests stuck in a plugin runs from here... */
    void start() {
        deadlines.start();
    }

    /** ...to here. */
    void stop() {
        deadlines.stop();
    }

    void requestTimeout(Duration timeout) {
        deadlines.timeout(timeout);
    }

    /** The struct fuse_lowlevel_ops to pass to fuse_lowlevel_new. */
    Pointer operations() {
        return operations;
    }

    private <T> void register(int offset, Class<T> type, T callback) {
        callbacks.add(callback);
        operations.putPointer(offset, runtime.getClosureManager().getClosurePointer(type, callback));
    }

    // ---- names and attributes

    private void lookup(Pointer req, long parent, Pointer namePointer) {
        String name = namePointer.getString(0, MAX_NAME, StandardCharsets.UTF_8);
        Pointer entry;
        try {
            checkLength(name);
            deadlines.enter(req, "LOOKUP", parent, true);
            Caller caller = caller(req);
            Inode inode = vfs.lookup(parent, name, caller);
            if (log.isOn(Level.INFO)) {
                log.request("LOOKUP", inode.path(), 0, " -> ino=" + inode.number());
            }
            RequestBuffers b = buffers.get();
            entry = b.entry;
            double ttl = StatCodec.seconds(inode.cachePolicy().ttl());
            entry.putLong(ENTRY_INO, inode.number());
            entry.putLong(ENTRY_GENERATION, 0);
            StatCodec.encode(vfs.attributesForLookup(inode, caller), b.entryAttr);
            entry.putDouble(ENTRY_ATTR_TIMEOUT, ttl);
            entry.putDouble(ENTRY_ENTRY_TIMEOUT, ttl);
        } catch (Throwable t) {
            fail(req, "LOOKUP " + pathOf(parent, name), t);
            return;
        }
        if (deadlines.leave()) {
            fuse.fuse_reply_entry(req, entry);
        }
    }

    private void forget(Pointer req, long ino, long lookups) {
        try {
            logRequest("FORGET", ino, " lookups=" + lookups);
            vfs.forget(ino, lookups);
        } catch (Throwable t) {
            log.error("FORGET ino=" + ino + ": " + t);
        }
        fuse.fuse_reply_none(req);
    }

    /** A generated file's size may wait for a generation another request makes: the reply then comes from there. */
    private void getattr(Pointer req, long ino, Pointer fi) {
        Inode inode;
        CompletableFuture<Attributes> attributes;
        try {
            deadlines.enter(req, "GETATTR", ino, true);
            inode = vfs.inode(ino);
            logRequest("GETATTR", inode, "");
            Long handle = fi != null && fi.address() != 0 ? fi.getLong(FI_FH) : null;
            attributes = vfs.attributesLater(inode, handle, caller(req));
        } catch (Throwable t) {
            fail(req, "GETATTR " + describe(ino), t);
            return;
        }
        if (attributes.isDone()) {
            replyAttributes(req, inode, attributes, deadlines.leave());
        } else {
            RequestDeadlines.Call waiting = deadlines.detach();
            attributes.whenComplete((a, e) -> replyAttributes(req, inode, attributes, deadlines.finish(waiting)));
        }
    }

    private void replyAttributes(Pointer req, Inode inode, CompletableFuture<Attributes> attributes, boolean mine) {
        if (!mine) {
            return;
        }
        Pointer stat = buffers.get().stat;
        try {
            StatCodec.encode(attributes.join(), stat);
        } catch (Throwable t) {
            replyFailure(req, "GETATTR " + inode.path(), t);
            return;
        }
        fuse.fuse_reply_attr(req, stat, StatCodec.seconds(inode.cachePolicy().ttl()));
    }

    private void setattr(Pointer req, long ino, Pointer attr, int toSet, Pointer fi) {
        Pointer stat;
        double ttl;
        try {
            deadlines.enter(req, "SETATTR", ino, true);
            Inode inode = vfs.inode(ino);
            AttributeChanges changes = StatCodec.changes(attr, toSet);
            logRequest("SETATTR", inode, " " + changes);
            Long handle = fi == null || fi.address() == 0 ? null : fi.getLong(FI_FH);
            Attributes result = vfs.setAttributes(ino, handle, changes, caller(req));
            stat = buffers.get().stat;
            StatCodec.encode(result, stat);
            ttl = StatCodec.seconds(inode.cachePolicy().ttl());
        } catch (Throwable t) {
            fail(req, "SETATTR " + describe(ino), t);
            return;
        }
        if (deadlines.leave()) {
            fuse.fuse_reply_attr(req, stat, ttl);
        }
    }

    // ---- files

    /**
     * An open of a generated file whose generation another request is making waits for it without a thread: it
     * is answered by the thread that completes the generation, with a copy of the file info, since libfuse's
     * lives on its stack only until this returns.
     */
    private void open(Pointer req, long ino, Pointer fi) {
        CompletableFuture<OpenFile> opening;
        try {
            deadlines.enter(req, "OPEN", ino, true);
            Inode inode = vfs.inode(ino);
            int flags = fi.getInt(FI_FLAGS);
            logRequest("OPEN", inode, " flags=0" + Integer.toOctalString(flags));
            int access = flags & O_ACCMODE;
            OpenMode mode = new OpenMode(access != O_WRONLY, access == O_WRONLY || access == O_RDWR,
                    (flags & O_APPEND) != 0, (flags & O_TRUNC) != 0);
            opening = vfs.open(ino, mode, caller(req));
        } catch (Throwable t) {
            fail(req, "OPEN " + describe(ino), t);
            return;
        }
        if (opening.isDone()) {
            replyOpen(req, ino, fi, opening, deadlines.leave());
            return;
        }
        Pointer info = Memory.allocateDirect(runtime, FI_SIZE, true);
        for (int i = 0; i < FI_SIZE; i += 4) {
            info.putInt(i, fi.getInt(i));
        }
        RequestDeadlines.Call waiting = deadlines.detach();
        opening.whenComplete((file, e) -> replyOpen(req, ino, info, opening, deadlines.finish(waiting)));
    }

    private void replyOpen(Pointer req, long ino, Pointer fi, CompletableFuture<OpenFile> opening, boolean mine) {
        OpenFile file;
        try {
            file = opening.join();
        } catch (Throwable t) {
            if (mine) {
                replyFailure(req, "OPEN " + describe(ino), t);
            }
            return;
        }
        // Not answered here, or the opener was interrupted: no release will come for this handle.
        if (!mine) {
            vfs.discard(file.handle());
            return;
        }
        fi.putLong(FI_FH, file.handle());
        int bits = fi.getInt(FI_BITS) & ~(FI_BIT_DIRECT_IO | FI_BIT_KEEP_CACHE);
        bits |= file.directIo() ? FI_BIT_DIRECT_IO : 0;
        bits |= file.keepCache() ? FI_BIT_KEEP_CACHE : 0;
        fi.putInt(FI_BITS, bits);
        if (fuse.fuse_reply_open(req, fi) != 0) {
            vfs.discard(file.handle());
        }
    }

    private void read(Pointer req, long ino, long size, long offset, Pointer fi) {
        RequestBuffers b = buffers.get();
        int count;
        try {
            if (log.isOn(Level.INFO)) {
                log.request("READ", describe(ino), size, " offset=" + offset + " size=" + size);
            }
            deadlines.enter(req, "READ", ino, true);
            ByteBuffer into = b.io((int) size);
            count = vfs.read(fi.getLong(FI_FH), offset, into, caller(req));
        } catch (Throwable t) {
            fail(req, "READ " + describe(ino), t);
            return;
        }
        if (deadlines.leave()) {
            fuse.fuse_reply_buf(req, b.ioPointer, count);
        }
    }

    private void write(Pointer req, long ino, Pointer data, long size, long offset, Pointer fi) {
        int count;
        try {
            if (log.isOn(Level.INFO)) {
                log.request("WRITE", describe(ino), size, " offset=" + offset + " len=" + size);
            }
            deadlines.enter(req, "WRITE", ino, true);
            ByteBuffer from = buffers.get().copyIn(data, (int) size);
            count = vfs.write(fi.getLong(FI_FH), offset, from, caller(req));
        } catch (Throwable t) {
            fail(req, "WRITE " + describe(ino), t);
            return;
        }
        if (deadlines.leave()) {
            fuse.fuse_reply_write(req, count);
        }
    }

    /** FLUSH (each close) and FSYNC: a writer's content is handed over, and a refusal is the caller's error. */
    private void flush(Pointer req, String operation, long ino, Pointer fi, boolean sync) {
        try {
            logRequest(operation, ino, "");
            deadlines.enter(req, operation, ino, sync); // every close must reach a writer's file
            if (sync) {
                vfs.fsync(fi.getLong(FI_FH), caller(req));
            } else {
                vfs.flush(fi.getLong(FI_FH), caller(req));
            }
        } catch (Throwable t) {
            fail(req, operation + " " + describe(ino), t);
            return;
        }
        if (deadlines.leave()) {
            fuse.fuse_reply_err(req, 0);
        }
    }

    private void release(Pointer req, long ino, Pointer fi) {
        try {
            logRequest("RELEASE", ino, "");
            deadlines.enter(req, "RELEASE", ino, false);
            vfs.release(fi.getLong(FI_FH), caller(req));
        } catch (Throwable t) {
            fail(req, "RELEASE " + describe(ino), t);
            return;
        }
        if (deadlines.leave()) {
            fuse.fuse_reply_err(req, 0);
        }
    }

    // ---- directories

    private void opendir(Pointer req, long ino, Pointer fi) {
        try {
            logRequest("OPENDIR", ino, "");
            deadlines.enter(req, "OPENDIR", ino, true);
            DirectoryListing listing = vfs.openDirectory(ino, caller(req));
            // A directory from mount.yaml is encoded once; a plugin's, entry by entry as readdir asks.
            ReaddirSource entries = listing.fixed() != null
                    ? listing.fixed().derived(Dirents.class, () -> Dirents.encode(listing.entries()))
                    : Dirents.streamed(listing.entries());
            directories.put(listing.handle(), entries);
            fi.putLong(FI_FH, listing.handle());
        } catch (Throwable t) {
            fail(req, "OPENDIR " + describe(ino), t);
            return;
        }
        if (!deadlines.leave() || fuse.fuse_reply_open(req, fi) != 0) {
            directories.remove(fi.getLong(FI_FH));
        }
    }

    /** Fills the reply with the entries from {@code offset} on that fit; entry i's offset is i + 1. */
    private void readdir(Pointer req, long ino, long size, long offset, Pointer fi) {
        RequestBuffers b = buffers.get();
        int used;
        try {
            if (log.isOn(Level.INFO)) {
                log.request("READDIR", "ino=" + ino, 0, offset > 0 ? " offset=" + offset : "");
            }
            ReaddirSource listing = directories.get(fi.getLong(FI_FH));
            if (listing == null) {
                throw new FsException(Errno.EIO, "unknown directory handle " + fi.getLong(FI_FH));
            }
            used = listing.copy(offset, size, b.io((int) size));
        } catch (Throwable t) {
            fail(req, "READDIR " + describe(ino), t);
            return;
        }
        fuse.fuse_reply_buf(req, b.ioPointer, used);
    }

    private void releasedir(Pointer req, long ino, Pointer fi) {
        logRequest("RELEASEDIR", ino, "");
        directories.remove(fi.getLong(FI_FH));
        fuse.fuse_reply_err(req, 0);
    }

    private void statfs(Pointer req, long ino) {
        Pointer st;
        try {
            logRequest("STATFS", ino, "");
            FsStats stats = vfs.stats();
            st = buffers.get().statvfs;
            st.putLong(F_BSIZE, stats.blockSize());
            st.putLong(F_FRSIZE, stats.blockSize());
            st.putLong(F_BLOCKS, stats.blocks());
            st.putLong(F_BFREE, stats.freeBlocks());
            st.putLong(F_BAVAIL, stats.freeBlocks());
            st.putLong(F_FILES, stats.files());
            st.putLong(F_FFREE, stats.freeFiles());
            st.putLong(F_FAVAIL, stats.freeFiles());
            st.putLong(F_NAMEMAX, stats.maxNameLength());
        } catch (Throwable t) {
            fail(req, "STATFS", t);
            return;
        }
        fuse.fuse_reply_statfs(req, st);
    }

    /** create, mkdir, unlink, rename...: no kind allows them, so each ends in the fitting errno. */
    private void refuse(Pointer req, String operation, long parent, Pointer namePointer, boolean createsName) {
        String name = namePointer.getString(0, MAX_NAME, StandardCharsets.UTF_8);
        FsException refusal;
        try {
            checkLength(name);
            refusal = vfs.refuseNameChange(parent, name, createsName, caller(req));
        } catch (FsException e) {
            refusal = e;
        }
        fail(req, operation + " " + pathOf(parent, name), refusal);
    }

    /** The kernel passes names of up to 1,024 bytes; like Linux's own filesystems, magicfs takes 255. */
    private static void checkLength(String name) throws FsException {
        if (name.length() > Vfs.MAX_NAME_BYTES / 3 && name.getBytes(StandardCharsets.UTF_8).length > Vfs.MAX_NAME_BYTES) {
            throw new FsException(Errno.ENAMETOOLONG, "a name of more than " + Vfs.MAX_NAME_BYTES + " bytes");
        }
    }

    private void done(Pointer req, String operation, long ino) {
        logRequest(operation, ino, "");
        fuse.fuse_reply_err(req, 0);
    }

    // ---- replies and log lines

    /**
     * Replies with the failure's errno and logs it: an expected refusal (ENOENT, EACCES, ...) as an INFO
     * line, anything a node did not mean (EIO, or an exception of a plugin) as an ERROR with the reason.
     */
    private void fail(Pointer req, String what, Throwable failure) {
        if (deadlines.leave()) { // else answered with ETIMEDOUT already
            replyFailure(req, what, failure);
        }
    }

    /** The reply and log line of {@link #fail}, for a request whose deadline is settled. */
    private void replyFailure(Pointer req, String what, Throwable thrown) {
        Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        Errno errno = Errnos.classify(failure);
        if (!(failure instanceof FsException)) {
            log.error(what + " -> EIO: " + describeFailure(failure));
        } else if (errno == Errno.EIO) {
            log.error(what + " -> EIO: " + failure.getMessage());
        } else if (log.isOn(Level.INFO)) {
            log.info(what + " -> " + errno + " (" + failure.getMessage() + ")");
        }
        fuse.fuse_reply_err(req, Errnos.number(errno));
    }

    private static String describeFailure(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return failure + (trace.length > 0 ? " at " + trace[0] : "");
    }

    private void logRequest(String operation, long ino, String detail) {
        if (log.isOn(Level.DEBUG)) {
            log.debug(operation + " " + describe(ino) + detail);
        }
    }

    private void logRequest(String operation, Inode inode, String detail) {
        if (log.isOn(Level.DEBUG)) {
            log.debug(operation + " " + inode.path() + " (ino=" + inode.number() + ")" + detail);
        }
    }

    /** {@code notes.txt (ino=5)}, or {@code ino=9} for an inode the table does not know. */
    private String describe(long ino) {
        Inode inode = vfs.table().get(ino);
        return inode == null ? "ino=" + ino : inode.path() + " (ino=" + ino + ")";
    }

    private String pathOf(long parent, String name) {
        Inode inode = vfs.table().get(parent);
        return inode == null || inode.parent() == null ? name : inode.path() + "/" + name;
    }

    private Caller caller(Pointer req) {
        Pointer ctx = fuse.fuse_req_ctx(req);
        return new Caller(ctx.getInt(CTX_UID), ctx.getInt(CTX_GID), ctx.getInt(CTX_PID));
    }
}
