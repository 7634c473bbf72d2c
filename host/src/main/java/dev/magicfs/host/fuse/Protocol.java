package dev.magicfs.host.fuse;

/**
 * The kernel's FUSE protocol, {@code <linux/fuse.h>}: opcodes, flags, and the offsets of the fields magicfs
 * reads and writes, for x86-64. Offsets of a request body count from the end of its fuse_in_header.
 * {@code ProtocolLayoutTest} compiles a C program against the header and checks every constant; those the
 * build machine's header is too old to have are named in its output.
 */
final class Protocol {
    private Protocol() {}

    /** The protocol magicfs speaks; the kernel and magicfs use the lower of their two minor versions. */
    static final int KERNEL_VERSION = 7;
    static final int MAGICFS_MINOR = 40;
    static final int ROOT_ID = 1;

    // opcodes
    static final int LOOKUP = 1, FORGET = 2, GETATTR = 3, SETATTR = 4, READLINK = 5, SYMLINK = 6, MKNOD = 8,
            MKDIR = 9, UNLINK = 10, RMDIR = 11, RENAME = 12, LINK = 13, OPEN = 14, READ = 15, WRITE = 16,
            STATFS = 17, RELEASE = 18, FSYNC = 20, SETXATTR = 21, GETXATTR = 22, LISTXATTR = 23, REMOVEXATTR = 24,
            FLUSH = 25, INIT = 26, OPENDIR = 27, READDIR = 28, RELEASEDIR = 29, FSYNCDIR = 30, GETLK = 31,
            SETLK = 32, SETLKW = 33, ACCESS = 34, CREATE = 35, INTERRUPT = 36, BMAP = 37, DESTROY = 38,
            IOCTL = 39, POLL = 40, NOTIFY_REPLY = 41, BATCH_FORGET = 42, FALLOCATE = 43, READDIRPLUS = 44,
            RENAME2 = 45, LSEEK = 46, COPY_FILE_RANGE = 47, SYNCFS = 50, TMPFILE = 51, STATX = 52;

    // INIT flags, the first 32 in flags, the next in flags2
    static final long ASYNC_READ = 1L, ATOMIC_O_TRUNC = 1L << 3, BIG_WRITES = 1L << 5, AUTO_INVAL_DATA = 1L << 12,
            DO_READDIRPLUS = 1L << 13, READDIRPLUS_AUTO = 1L << 14, WRITEBACK_CACHE = 1L << 16,
            PARALLEL_DIROPS = 1L << 18, MAX_PAGES = 1L << 22, HANDLE_KILLPRIV_V2 = 1L << 28, INIT_EXT = 1L << 30,
            DIRECT_IO_ALLOW_MMAP = 1L << 36, PASSTHROUGH = 1L << 37;

    // open reply flags
    static final int FOPEN_DIRECT_IO = 1, FOPEN_KEEP_CACHE = 1 << 1, FOPEN_NOFLUSH = 1 << 5, FOPEN_PASSTHROUGH = 1 << 7;

    // setattr valid bits
    static final int FATTR_MODE = 1, FATTR_UID = 1 << 1, FATTR_GID = 1 << 2, FATTR_SIZE = 1 << 3,
            FATTR_ATIME = 1 << 4, FATTR_MTIME = 1 << 5, FATTR_FH = 1 << 6, FATTR_ATIME_NOW = 1 << 7,
            FATTR_MTIME_NOW = 1 << 8, FATTR_KILL_SUIDGID = 1 << 11;
    /** With HANDLE_KILLPRIV_V2: a write or O_TRUNC open by a caller without CAP_FSETID drops setuid and setgid. */
    static final int WRITE_KILL_SUIDGID = 1 << 2, OPEN_KILL_SUIDGID = 1;
    static final int GETATTR_FH = 1;

    // notification codes, sent in fuse_out_header.error with unique 0
    static final int NOTIFY_INVAL_INODE = 2, NOTIFY_INVAL_ENTRY = 3;

    // ioctls on /dev/fuse
    static final long DEV_IOC_CLONE = 0x8004e500L, DEV_IOC_BACKING_OPEN = 0x4010e501L, DEV_IOC_BACKING_CLOSE = 0x4004e502L;

    // struct fuse_in_header, struct fuse_out_header
    static final int IN_HEADER_SIZE = 40, IN_LEN = 0, IN_OPCODE = 4, IN_UNIQUE = 8, IN_NODEID = 16, IN_UID = 24,
            IN_GID = 28, IN_PID = 32;
    static final int OUT_HEADER_SIZE = 16, OUT_LEN = 0, OUT_ERROR = 4, OUT_UNIQUE = 8;

    // struct fuse_init_in, struct fuse_init_out
    static final int INIT_IN_MAJOR = 0, INIT_IN_MINOR = 4, INIT_IN_MAX_READAHEAD = 8, INIT_IN_FLAGS = 12,
            INIT_IN_FLAGS2 = 16;
    static final int INIT_OUT_SIZE = 64, INIT_OUT_MAJOR = 0, INIT_OUT_MINOR = 4, INIT_OUT_MAX_READAHEAD = 8,
            INIT_OUT_FLAGS = 12, INIT_OUT_MAX_BACKGROUND = 16, INIT_OUT_CONGESTION_THRESHOLD = 18,
            INIT_OUT_MAX_WRITE = 20, INIT_OUT_TIME_GRAN = 24, INIT_OUT_MAX_PAGES = 28, INIT_OUT_FLAGS2 = 32,
            INIT_OUT_MAX_STACK_DEPTH = 36;
    /** The reply size for kernels before 7.23, which know only its first fields. */
    static final int INIT_OUT_COMPAT_SIZE = 24;

    // struct fuse_attr, struct fuse_entry_out, struct fuse_attr_out
    static final int ATTR_SIZE = 88, ATTR_INO = 0, ATTR_SIZE_FIELD = 8, ATTR_BLOCKS = 16, ATTR_ATIME = 24,
            ATTR_MTIME = 32, ATTR_CTIME = 40, ATTR_ATIMENSEC = 48, ATTR_MTIMENSEC = 52, ATTR_CTIMENSEC = 56,
            ATTR_MODE = 60, ATTR_NLINK = 64, ATTR_UID = 68, ATTR_GID = 72, ATTR_BLKSIZE = 80;
    static final int ENTRY_OUT_SIZE = 128, ENTRY_NODEID = 0, ENTRY_GENERATION = 8, ENTRY_VALID = 16,
            ENTRY_ATTR_VALID = 24, ENTRY_VALID_NSEC = 32, ENTRY_ATTR_VALID_NSEC = 36, ENTRY_ATTR = 40;
    static final int ATTR_OUT_SIZE = 104, ATTR_OUT_VALID = 0, ATTR_OUT_VALID_NSEC = 8, ATTR_OUT_ATTR = 16;

    // request bodies
    static final int GETATTR_IN_FLAGS = 0, GETATTR_IN_FH = 8;
    static final int SETATTR_IN_VALID = 0, SETATTR_IN_FH = 8, SETATTR_IN_SIZE = 16, SETATTR_IN_ATIME = 32,
            SETATTR_IN_MTIME = 40, SETATTR_IN_ATIMENSEC = 56, SETATTR_IN_MTIMENSEC = 60, SETATTR_IN_MODE = 68,
            SETATTR_IN_UID = 76, SETATTR_IN_GID = 80;
    static final int OPEN_IN_FLAGS = 0, OPEN_IN_OPEN_FLAGS = 4;
    static final int OPEN_OUT_SIZE = 16, OPEN_OUT_FH = 0, OPEN_OUT_FLAGS = 8, OPEN_OUT_BACKING_ID = 12;
    static final int READ_IN_FH = 0, READ_IN_OFFSET = 8, READ_IN_SIZE = 16;
    static final int WRITE_IN_SIZE = 40, WRITE_IN_FH = 0, WRITE_IN_OFFSET = 8, WRITE_IN_LENGTH = 16, WRITE_IN_WRITE_FLAGS = 20;
    static final int WRITE_OUT_SIZE = 8;
    static final int RELEASE_IN_FH = 0, FLUSH_IN_FH = 0, FSYNC_IN_FH = 0;
    static final int FORGET_IN_NLOOKUP = 0;
    static final int BATCH_FORGET_IN_SIZE = 8, BATCH_FORGET_IN_COUNT = 0, FORGET_ONE_SIZE = 16,
            FORGET_ONE_NODEID = 0, FORGET_ONE_NLOOKUP = 8;
    static final int INTERRUPT_IN_UNIQUE = 0;
    static final int MKNOD_IN_SIZE = 16, MKDIR_IN_SIZE = 8, CREATE_IN_SIZE = 16, RENAME_IN_SIZE = 8,
            RENAME2_IN_SIZE = 16, LINK_IN_SIZE = 8;
    // struct fuse_getxattr_in (also LISTXATTR's), fuse_getxattr_out, and fuse_setxattr_in without SETXATTR_EXT
    static final int GETXATTR_IN_SIZE = 8, GETXATTR_IN_SIZE_FIELD = 0, GETXATTR_OUT_SIZE = 8, SETXATTR_IN_SIZE = 8,
            SETXATTR_IN_SIZE_FIELD = 0, SETXATTR_IN_FLAGS = 4;
    static final int FALLOCATE_IN_OFFSET = 8, FALLOCATE_IN_LENGTH = 16, FALLOCATE_IN_MODE = 24;
    static final int MKNOD_IN_MODE = 0, MKNOD_IN_RDEV = 4, MKDIR_IN_MODE = 0, CREATE_IN_FLAGS = 0, CREATE_IN_MODE = 4,
            LINK_IN_OLDNODEID = 0, RENAME_IN_NEWDIR = 0, RENAME2_IN_NEWDIR = 0, RENAME2_IN_FLAGS = 8;

    // struct fuse_statfs_out (a struct fuse_kstatfs)
    static final int STATFS_OUT_SIZE = 80, KSTATFS_BLOCKS = 0, KSTATFS_BFREE = 8, KSTATFS_BAVAIL = 16,
            KSTATFS_FILES = 24, KSTATFS_FFREE = 32, KSTATFS_BSIZE = 40, KSTATFS_NAMELEN = 44, KSTATFS_FRSIZE = 48;

    // struct fuse_dirent, struct fuse_direntplus: entries are 8-byte aligned
    static final int DIRENT_INO = 0, DIRENT_OFF = 8, DIRENT_NAMELEN = 16, DIRENT_TYPE = 20, DIRENT_NAME = 24,
            DIRENT_ALIGN = 8;
    static final int DIRENTPLUS_DIRENT = 128;

    // notifications
    static final int NOTIFY_INVAL_INODE_SIZE = 24, INVAL_INODE_INO = 0, INVAL_INODE_OFF = 8, INVAL_INODE_LEN = 16;
    static final int NOTIFY_INVAL_ENTRY_SIZE = 16, INVAL_ENTRY_PARENT = 0, INVAL_ENTRY_NAMELEN = 8;

    // struct fuse_backing_map
    static final int BACKING_MAP_SIZE = 16, BACKING_MAP_FD = 0;

    // st_mode file types
    static final int S_IFDIR = 0040000, S_IFREG = 0100000, S_IFLNK = 0120000;
}
