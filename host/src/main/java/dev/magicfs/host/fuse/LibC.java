package dev.magicfs.host.fuse;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;

/**
 * The C library calls host/fuse makes: the FUSE device is read and written like a file, mounted with mount(2)
 * or through fusermount, and configured with ioctl(2). Buffers are passed as the addresses of direct
 * ByteBuffers ({@link NativeBuffer}), so no call copies or allocates.
 */
public interface LibC {
    int open(String path, int flags);

    int close(int fd);

    @ssize_t
    long read(int fd, @intptr_t long buffer, @size_t long count);

    @ssize_t
    long write(int fd, @intptr_t long buffer, @size_t long count);

    /** ioctl(2) with a pointer argument. */
    int ioctl(int fd, @u_int64_t long request, @intptr_t long argument);

    int mount(String source, String target, String type, @u_int64_t long flags, String data);

    int umount2(String target, int flags);

    int socketpair(int domain, int type, int protocol, @Out int[] fds);

    int socket(int domain, int type, int protocol);

    @ssize_t
    long sendmsg(int fd, @intptr_t long message, int flags);

    @ssize_t
    long recvmsg(int fd, @intptr_t long message, int flags);

    int posix_spawnp(@Out int[] pid, String file, @intptr_t long fileActions, @intptr_t long attributes,
            @intptr_t long argv, @intptr_t long envp);

    int waitpid(int pid, @Out int[] status, int options);

    int geteuid();

    String strerror(int errno);

    /** The C library, bound once per process. */
    static LibC get() {
        return Holder.C;
    }

    /** The errno the last call on this thread left. */
    static int errno() {
        return LastError.getLastError(Runtime.getRuntime(Holder.C));
    }

    final class Holder {
        private static final LibC C = LibraryLoader.create(LibC.class).failImmediately().load("c");

        private Holder() {}
    }
}
