package dev.magicfs.host.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.size_t;

/**
 * The part of libfuse 2 (FUSE_USE_VERSION 26) that magicfs uses: the low-level session API and its replies.
 * Structs are passed as raw pointers laid out by {@link FuseLayout}.
 */
public interface LibFuse {
    Pointer fuse_mount(String mountpoint, Pointer args);

    void fuse_unmount(String mountpoint, Pointer channel);

    Pointer fuse_lowlevel_new(Pointer args, Pointer operations, @size_t long operationsSize, Pointer userdata);

    void fuse_session_add_chan(Pointer session, Pointer channel);

    void fuse_session_remove_chan(Pointer channel);

    @size_t
    long fuse_chan_bufsize(Pointer channel);

    /** Reads one request; returns its length, 0 once unmounted, or -errno. {@code channelCell} is a struct fuse_chan **. */
    int fuse_chan_recv(Pointer channelCell, Pointer buffer, @size_t long size);

    void fuse_session_process(Pointer session, Pointer buffer, @size_t long length, Pointer channel);

    int fuse_session_exited(Pointer session);

    void fuse_session_exit(Pointer session);

    void fuse_session_destroy(Pointer session);

    Pointer fuse_req_ctx(Pointer request);

    int fuse_reply_err(Pointer request, int errno);

    void fuse_reply_none(Pointer request);

    int fuse_reply_entry(Pointer request, Pointer entryParam);

    int fuse_reply_attr(Pointer request, Pointer stat, double attrTimeout);

    int fuse_reply_open(Pointer request, Pointer fileInfo);

    int fuse_reply_write(Pointer request, @size_t long count);

    int fuse_reply_buf(Pointer request, Pointer buffer, @size_t long size);

    int fuse_reply_statfs(Pointer request, Pointer statvfs);

    /** Drops the kernel's cached attributes and pages of {@code ino} (off 0, len 0: all of them). */
    int fuse_lowlevel_notify_inval_inode(Pointer channel, long ino, long off, long len);

    /** Drops the kernel's cached name {@code name} in directory {@code parent}; {@code name} need not end in NUL. */
    int fuse_lowlevel_notify_inval_entry(Pointer channel, long parent, byte[] name, @size_t long nameLength);

    // The shapes of the callbacks in struct fuse_lowlevel_ops. Each has exactly one @Delegate method.

    /** lookup, unlink, rmdir. */
    interface NameCallback {
        @Delegate
        void call(Pointer request, long parent, Pointer name);
    }

    interface ForgetCallback {
        @Delegate
        void call(Pointer request, long inode, long lookups);
    }

    /** getattr, open, flush, release, opendir, releasedir. */
    interface FileInfoCallback {
        @Delegate
        void call(Pointer request, long inode, Pointer fileInfo);
    }

    interface SetattrCallback {
        @Delegate
        void call(Pointer request, long inode, Pointer stat, int toSet, Pointer fileInfo);
    }

    /** read, readdir. */
    interface ReadCallback {
        @Delegate
        void call(Pointer request, long inode, @size_t long size, long offset, Pointer fileInfo);
    }

    interface WriteCallback {
        @Delegate
        void call(Pointer request, long inode, Pointer buffer, @size_t long size, long offset, Pointer fileInfo);
    }

    /** fsync, fsyncdir. */
    interface FsyncCallback {
        @Delegate
        void call(Pointer request, long inode, int dataSync, Pointer fileInfo);
    }

    interface StatfsCallback {
        @Delegate
        void call(Pointer request, long inode);
    }

    interface MknodCallback {
        @Delegate
        void call(Pointer request, long parent, Pointer name, int mode, long device);
    }

    interface MkdirCallback {
        @Delegate
        void call(Pointer request, long parent, Pointer name, int mode);
    }

    interface CreateCallback {
        @Delegate
        void call(Pointer request, long parent, Pointer name, int mode, Pointer fileInfo);
    }

    interface SymlinkCallback {
        @Delegate
        void call(Pointer request, Pointer target, long parent, Pointer name);
    }

    interface LinkCallback {
        @Delegate
        void call(Pointer request, long inode, long newParent, Pointer newName);
    }

    interface RenameCallback {
        @Delegate
        void call(Pointer request, long parent, Pointer name, long newParent, Pointer newName);
    }
}
