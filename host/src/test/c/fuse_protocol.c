/* Prints, as NAME=VALUE lines, every constant Protocol.java and Mounter.java hard-code, read from the kernel's
 * <linux/fuse.h> and the C library's headers. ProtocolLayoutTest compiles and runs it and compares. A name
 * the header is too old to define prints NAME=? and is reported, not compared. */
#define _GNU_SOURCE
#include <linux/fuse.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define VAL(name, value) printf("%s=%lld\n", name, (long long) (value))
#define SIZE(name, type) VAL(name, sizeof(type))
#define OFF(name, type, field) VAL(name, offsetof(type, field))
#define UNKNOWN(name) printf("%s=?\n", name)

int main(void) {
    VAL("KERNEL_VERSION", FUSE_KERNEL_VERSION);
    VAL("ROOT_ID", FUSE_ROOT_ID);

    VAL("LOOKUP", FUSE_LOOKUP); VAL("FORGET", FUSE_FORGET); VAL("GETATTR", FUSE_GETATTR);
    VAL("SETATTR", FUSE_SETATTR); VAL("READLINK", FUSE_READLINK); VAL("SYMLINK", FUSE_SYMLINK);
    VAL("MKNOD", FUSE_MKNOD); VAL("MKDIR", FUSE_MKDIR); VAL("UNLINK", FUSE_UNLINK); VAL("RMDIR", FUSE_RMDIR);
    VAL("RENAME", FUSE_RENAME); VAL("LINK", FUSE_LINK); VAL("OPEN", FUSE_OPEN); VAL("READ", FUSE_READ);
    VAL("WRITE", FUSE_WRITE); VAL("STATFS", FUSE_STATFS); VAL("RELEASE", FUSE_RELEASE); VAL("FSYNC", FUSE_FSYNC);
    VAL("SETXATTR", FUSE_SETXATTR); VAL("GETXATTR", FUSE_GETXATTR); VAL("LISTXATTR", FUSE_LISTXATTR);
    VAL("REMOVEXATTR", FUSE_REMOVEXATTR); VAL("FLUSH", FUSE_FLUSH); VAL("INIT", FUSE_INIT);
    VAL("OPENDIR", FUSE_OPENDIR); VAL("READDIR", FUSE_READDIR); VAL("RELEASEDIR", FUSE_RELEASEDIR);
    VAL("FSYNCDIR", FUSE_FSYNCDIR); VAL("GETLK", FUSE_GETLK); VAL("SETLK", FUSE_SETLK); VAL("SETLKW", FUSE_SETLKW);
    VAL("ACCESS", FUSE_ACCESS); VAL("CREATE", FUSE_CREATE); VAL("INTERRUPT", FUSE_INTERRUPT); VAL("BMAP", FUSE_BMAP);
    VAL("DESTROY", FUSE_DESTROY); VAL("IOCTL", FUSE_IOCTL); VAL("POLL", FUSE_POLL);
    VAL("NOTIFY_REPLY", FUSE_NOTIFY_REPLY); VAL("BATCH_FORGET", FUSE_BATCH_FORGET);
    VAL("FALLOCATE", FUSE_FALLOCATE); VAL("READDIRPLUS", FUSE_READDIRPLUS); VAL("RENAME2", FUSE_RENAME2);
    VAL("LSEEK", FUSE_LSEEK); VAL("COPY_FILE_RANGE", FUSE_COPY_FILE_RANGE); VAL("SYNCFS", FUSE_SYNCFS);
    VAL("TMPFILE", FUSE_TMPFILE);
#if FUSE_KERNEL_MINOR_VERSION >= 39
    VAL("STATX", FUSE_STATX);
#else
    UNKNOWN("STATX");
#endif

    VAL("ASYNC_READ", FUSE_ASYNC_READ); VAL("ATOMIC_O_TRUNC", FUSE_ATOMIC_O_TRUNC);
    VAL("BIG_WRITES", FUSE_BIG_WRITES); VAL("AUTO_INVAL_DATA", FUSE_AUTO_INVAL_DATA);
    VAL("DO_READDIRPLUS", FUSE_DO_READDIRPLUS); VAL("READDIRPLUS_AUTO", FUSE_READDIRPLUS_AUTO);
    VAL("WRITEBACK_CACHE", FUSE_WRITEBACK_CACHE); VAL("PARALLEL_DIROPS", FUSE_PARALLEL_DIROPS);
    VAL("MAX_PAGES", FUSE_MAX_PAGES); VAL("INIT_EXT", FUSE_INIT_EXT);
#ifdef FUSE_DIRECT_IO_ALLOW_MMAP
    VAL("DIRECT_IO_ALLOW_MMAP", FUSE_DIRECT_IO_ALLOW_MMAP);
#else
    UNKNOWN("DIRECT_IO_ALLOW_MMAP");
#endif
#ifdef FUSE_PASSTHROUGH
    VAL("PASSTHROUGH", FUSE_PASSTHROUGH);
    VAL("FOPEN_PASSTHROUGH", FOPEN_PASSTHROUGH);
    VAL("DEV_IOC_BACKING_OPEN", FUSE_DEV_IOC_BACKING_OPEN);
    VAL("DEV_IOC_BACKING_CLOSE", FUSE_DEV_IOC_BACKING_CLOSE);
    SIZE("BACKING_MAP_SIZE", struct fuse_backing_map);
    OFF("BACKING_MAP_FD", struct fuse_backing_map, fd);
    OFF("OPEN_OUT_BACKING_ID", struct fuse_open_out, backing_id);
    OFF("INIT_OUT_MAX_STACK_DEPTH", struct fuse_init_out, max_stack_depth);
#else
    UNKNOWN("PASSTHROUGH"); UNKNOWN("FOPEN_PASSTHROUGH"); UNKNOWN("DEV_IOC_BACKING_OPEN");
    UNKNOWN("DEV_IOC_BACKING_CLOSE"); UNKNOWN("BACKING_MAP_SIZE"); UNKNOWN("BACKING_MAP_FD");
    UNKNOWN("OPEN_OUT_BACKING_ID"); UNKNOWN("INIT_OUT_MAX_STACK_DEPTH");
#endif
    VAL("DEV_IOC_CLONE", FUSE_DEV_IOC_CLONE);
    VAL("HANDLE_KILLPRIV_V2", FUSE_HANDLE_KILLPRIV_V2); VAL("FATTR_KILL_SUIDGID", FATTR_KILL_SUIDGID);
    VAL("WRITE_KILL_SUIDGID", FUSE_WRITE_KILL_SUIDGID); VAL("OPEN_KILL_SUIDGID", FUSE_OPEN_KILL_SUIDGID);

    VAL("FOPEN_DIRECT_IO", FOPEN_DIRECT_IO); VAL("FOPEN_KEEP_CACHE", FOPEN_KEEP_CACHE);
    VAL("FOPEN_NOFLUSH", FOPEN_NOFLUSH);
    VAL("FATTR_MODE", FATTR_MODE); VAL("FATTR_UID", FATTR_UID); VAL("FATTR_GID", FATTR_GID);
    VAL("FATTR_SIZE", FATTR_SIZE); VAL("FATTR_ATIME", FATTR_ATIME); VAL("FATTR_MTIME", FATTR_MTIME);
    VAL("FATTR_FH", FATTR_FH); VAL("FATTR_ATIME_NOW", FATTR_ATIME_NOW); VAL("FATTR_MTIME_NOW", FATTR_MTIME_NOW);
    VAL("GETATTR_FH", FUSE_GETATTR_FH);
    VAL("NOTIFY_INVAL_INODE", FUSE_NOTIFY_INVAL_INODE); VAL("NOTIFY_INVAL_ENTRY", FUSE_NOTIFY_INVAL_ENTRY);

    SIZE("IN_HEADER_SIZE", struct fuse_in_header);
    OFF("IN_LEN", struct fuse_in_header, len); OFF("IN_OPCODE", struct fuse_in_header, opcode);
    OFF("IN_UNIQUE", struct fuse_in_header, unique); OFF("IN_NODEID", struct fuse_in_header, nodeid);
    OFF("IN_UID", struct fuse_in_header, uid); OFF("IN_GID", struct fuse_in_header, gid);
    OFF("IN_PID", struct fuse_in_header, pid);
    SIZE("OUT_HEADER_SIZE", struct fuse_out_header);
    OFF("OUT_LEN", struct fuse_out_header, len); OFF("OUT_ERROR", struct fuse_out_header, error);
    OFF("OUT_UNIQUE", struct fuse_out_header, unique);

    OFF("INIT_IN_MAJOR", struct fuse_init_in, major); OFF("INIT_IN_MINOR", struct fuse_init_in, minor);
    OFF("INIT_IN_MAX_READAHEAD", struct fuse_init_in, max_readahead);
    OFF("INIT_IN_FLAGS", struct fuse_init_in, flags); OFF("INIT_IN_FLAGS2", struct fuse_init_in, flags2);
    SIZE("INIT_OUT_SIZE", struct fuse_init_out);
    OFF("INIT_OUT_MAJOR", struct fuse_init_out, major); OFF("INIT_OUT_MINOR", struct fuse_init_out, minor);
    OFF("INIT_OUT_MAX_READAHEAD", struct fuse_init_out, max_readahead);
    OFF("INIT_OUT_FLAGS", struct fuse_init_out, flags);
    OFF("INIT_OUT_MAX_BACKGROUND", struct fuse_init_out, max_background);
    OFF("INIT_OUT_CONGESTION_THRESHOLD", struct fuse_init_out, congestion_threshold);
    OFF("INIT_OUT_MAX_WRITE", struct fuse_init_out, max_write);
    OFF("INIT_OUT_TIME_GRAN", struct fuse_init_out, time_gran);
    OFF("INIT_OUT_MAX_PAGES", struct fuse_init_out, max_pages);
    OFF("INIT_OUT_FLAGS2", struct fuse_init_out, flags2);
    VAL("INIT_OUT_COMPAT_SIZE", FUSE_COMPAT_22_INIT_OUT_SIZE);

    SIZE("ATTR_SIZE", struct fuse_attr);
    OFF("ATTR_INO", struct fuse_attr, ino); OFF("ATTR_SIZE_FIELD", struct fuse_attr, size);
    OFF("ATTR_BLOCKS", struct fuse_attr, blocks); OFF("ATTR_ATIME", struct fuse_attr, atime);
    OFF("ATTR_MTIME", struct fuse_attr, mtime); OFF("ATTR_CTIME", struct fuse_attr, ctime);
    OFF("ATTR_ATIMENSEC", struct fuse_attr, atimensec); OFF("ATTR_MTIMENSEC", struct fuse_attr, mtimensec);
    OFF("ATTR_CTIMENSEC", struct fuse_attr, ctimensec); OFF("ATTR_MODE", struct fuse_attr, mode);
    OFF("ATTR_NLINK", struct fuse_attr, nlink); OFF("ATTR_UID", struct fuse_attr, uid);
    OFF("ATTR_GID", struct fuse_attr, gid); OFF("ATTR_BLKSIZE", struct fuse_attr, blksize);
    SIZE("ENTRY_OUT_SIZE", struct fuse_entry_out);
    OFF("ENTRY_NODEID", struct fuse_entry_out, nodeid); OFF("ENTRY_GENERATION", struct fuse_entry_out, generation);
    OFF("ENTRY_VALID", struct fuse_entry_out, entry_valid); OFF("ENTRY_ATTR_VALID", struct fuse_entry_out, attr_valid);
    OFF("ENTRY_VALID_NSEC", struct fuse_entry_out, entry_valid_nsec);
    OFF("ENTRY_ATTR_VALID_NSEC", struct fuse_entry_out, attr_valid_nsec);
    OFF("ENTRY_ATTR", struct fuse_entry_out, attr);
    SIZE("ATTR_OUT_SIZE", struct fuse_attr_out);
    OFF("ATTR_OUT_VALID", struct fuse_attr_out, attr_valid);
    OFF("ATTR_OUT_VALID_NSEC", struct fuse_attr_out, attr_valid_nsec);
    OFF("ATTR_OUT_ATTR", struct fuse_attr_out, attr);

    OFF("GETATTR_IN_FLAGS", struct fuse_getattr_in, getattr_flags); OFF("GETATTR_IN_FH", struct fuse_getattr_in, fh);
    OFF("SETATTR_IN_VALID", struct fuse_setattr_in, valid); OFF("SETATTR_IN_FH", struct fuse_setattr_in, fh);
    OFF("SETATTR_IN_SIZE", struct fuse_setattr_in, size); OFF("SETATTR_IN_ATIME", struct fuse_setattr_in, atime);
    OFF("SETATTR_IN_MTIME", struct fuse_setattr_in, mtime);
    OFF("SETATTR_IN_ATIMENSEC", struct fuse_setattr_in, atimensec);
    OFF("SETATTR_IN_MTIMENSEC", struct fuse_setattr_in, mtimensec);
    OFF("SETATTR_IN_MODE", struct fuse_setattr_in, mode); OFF("SETATTR_IN_UID", struct fuse_setattr_in, uid);
    OFF("SETATTR_IN_GID", struct fuse_setattr_in, gid);
    OFF("OPEN_IN_FLAGS", struct fuse_open_in, flags); OFF("OPEN_IN_OPEN_FLAGS", struct fuse_open_in, open_flags);
    SIZE("OPEN_OUT_SIZE", struct fuse_open_out);
    OFF("OPEN_OUT_FH", struct fuse_open_out, fh); OFF("OPEN_OUT_FLAGS", struct fuse_open_out, open_flags);
    OFF("READ_IN_FH", struct fuse_read_in, fh); OFF("READ_IN_OFFSET", struct fuse_read_in, offset);
    OFF("READ_IN_SIZE", struct fuse_read_in, size);
    SIZE("WRITE_IN_SIZE", struct fuse_write_in);
    OFF("WRITE_IN_FH", struct fuse_write_in, fh); OFF("WRITE_IN_OFFSET", struct fuse_write_in, offset);
    OFF("WRITE_IN_LENGTH", struct fuse_write_in, size); OFF("WRITE_IN_WRITE_FLAGS", struct fuse_write_in, write_flags);
    SIZE("GETXATTR_IN_SIZE", struct fuse_getxattr_in); OFF("GETXATTR_IN_SIZE_FIELD", struct fuse_getxattr_in, size);
    SIZE("GETXATTR_OUT_SIZE", struct fuse_getxattr_out);
    VAL("SETXATTR_IN_SIZE", FUSE_COMPAT_SETXATTR_IN_SIZE); /* without SETXATTR_EXT, which magicfs does not take */
    OFF("SETXATTR_IN_SIZE_FIELD", struct fuse_setxattr_in, size); OFF("SETXATTR_IN_FLAGS", struct fuse_setxattr_in, flags);
    SIZE("WRITE_OUT_SIZE", struct fuse_write_out);
    OFF("RELEASE_IN_FH", struct fuse_release_in, fh); OFF("FLUSH_IN_FH", struct fuse_flush_in, fh);
    OFF("FSYNC_IN_FH", struct fuse_fsync_in, fh);
    OFF("FORGET_IN_NLOOKUP", struct fuse_forget_in, nlookup);
    SIZE("BATCH_FORGET_IN_SIZE", struct fuse_batch_forget_in);
    OFF("BATCH_FORGET_IN_COUNT", struct fuse_batch_forget_in, count);
    SIZE("FORGET_ONE_SIZE", struct fuse_forget_one);
    OFF("FORGET_ONE_NODEID", struct fuse_forget_one, nodeid); OFF("FORGET_ONE_NLOOKUP", struct fuse_forget_one, nlookup);
    OFF("INTERRUPT_IN_UNIQUE", struct fuse_interrupt_in, unique);
    SIZE("MKNOD_IN_SIZE", struct fuse_mknod_in); SIZE("MKDIR_IN_SIZE", struct fuse_mkdir_in);
    SIZE("CREATE_IN_SIZE", struct fuse_create_in); SIZE("RENAME_IN_SIZE", struct fuse_rename_in);
    SIZE("RENAME2_IN_SIZE", struct fuse_rename2_in); SIZE("LINK_IN_SIZE", struct fuse_link_in);
    OFF("MKNOD_IN_MODE", struct fuse_mknod_in, mode); OFF("MKNOD_IN_RDEV", struct fuse_mknod_in, rdev);
    OFF("MKDIR_IN_MODE", struct fuse_mkdir_in, mode); OFF("CREATE_IN_FLAGS", struct fuse_create_in, flags);
    OFF("CREATE_IN_MODE", struct fuse_create_in, mode); OFF("LINK_IN_OLDNODEID", struct fuse_link_in, oldnodeid);
    OFF("RENAME_IN_NEWDIR", struct fuse_rename_in, newdir); OFF("RENAME2_IN_NEWDIR", struct fuse_rename2_in, newdir);
    OFF("RENAME2_IN_FLAGS", struct fuse_rename2_in, flags);
    OFF("FALLOCATE_IN_OFFSET", struct fuse_fallocate_in, offset); OFF("FALLOCATE_IN_LENGTH", struct fuse_fallocate_in, length);
    OFF("FALLOCATE_IN_MODE", struct fuse_fallocate_in, mode);

    SIZE("STATFS_OUT_SIZE", struct fuse_statfs_out);
    OFF("KSTATFS_BLOCKS", struct fuse_kstatfs, blocks); OFF("KSTATFS_BFREE", struct fuse_kstatfs, bfree);
    OFF("KSTATFS_BAVAIL", struct fuse_kstatfs, bavail); OFF("KSTATFS_FILES", struct fuse_kstatfs, files);
    OFF("KSTATFS_FFREE", struct fuse_kstatfs, ffree); OFF("KSTATFS_BSIZE", struct fuse_kstatfs, bsize);
    OFF("KSTATFS_NAMELEN", struct fuse_kstatfs, namelen); OFF("KSTATFS_FRSIZE", struct fuse_kstatfs, frsize);

    OFF("DIRENT_INO", struct fuse_dirent, ino); OFF("DIRENT_OFF", struct fuse_dirent, off);
    OFF("DIRENT_NAMELEN", struct fuse_dirent, namelen); OFF("DIRENT_TYPE", struct fuse_dirent, type);
    OFF("DIRENT_NAME", struct fuse_dirent, name); VAL("DIRENT_ALIGN", sizeof(uint64_t));
    OFF("DIRENTPLUS_DIRENT", struct fuse_direntplus, dirent);

    SIZE("NOTIFY_INVAL_INODE_SIZE", struct fuse_notify_inval_inode_out);
    OFF("INVAL_INODE_INO", struct fuse_notify_inval_inode_out, ino);
    OFF("INVAL_INODE_OFF", struct fuse_notify_inval_inode_out, off);
    OFF("INVAL_INODE_LEN", struct fuse_notify_inval_inode_out, len);
    SIZE("NOTIFY_INVAL_ENTRY_SIZE", struct fuse_notify_inval_entry_out);
    OFF("INVAL_ENTRY_PARENT", struct fuse_notify_inval_entry_out, parent);
    OFF("INVAL_ENTRY_NAMELEN", struct fuse_notify_inval_entry_out, namelen);

    VAL("S_IFDIR", S_IFDIR); VAL("S_IFREG", S_IFREG); VAL("S_IFLNK", S_IFLNK);

    /* Mounter.java: mount(2), sockets and SCM_RIGHTS */
    VAL("MS_NOSUID", MS_NOSUID); VAL("MS_NODEV", MS_NODEV); VAL("MNT_DETACH", MNT_DETACH);
    VAL("AF_UNIX", AF_UNIX); VAL("SOCK_STREAM", SOCK_STREAM); VAL("SOL_SOCKET", SOL_SOCKET);
    VAL("SCM_RIGHTS", SCM_RIGHTS);
    SIZE("MSGHDR_SIZE", struct msghdr); OFF("MSG_IOV", struct msghdr, msg_iov);
    OFF("MSG_IOVLEN", struct msghdr, msg_iovlen); OFF("MSG_CONTROL", struct msghdr, msg_control);
    OFF("MSG_CONTROLLEN", struct msghdr, msg_controllen);
    SIZE("IOVEC_SIZE", struct iovec);
    OFF("CMSG_LEVEL", struct cmsghdr, cmsg_level); OFF("CMSG_TYPE", struct cmsghdr, cmsg_type);
    VAL("CMSG_DATA", CMSG_LEN(0));
    return 0;
}
