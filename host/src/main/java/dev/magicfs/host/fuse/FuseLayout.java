package dev.magicfs.host.fuse;

/**
 * Struct sizes and field offsets of libfuse 2 and glibc on x86-64, as read from the C headers.
 * {@code FuseLayoutTest} compiles a C program against {@code <fuse_lowlevel.h>} and checks every one.
 */
final class FuseLayout {
    private FuseLayout() {}

    // struct stat
    static final int STAT_SIZE = 144;
    static final int ST_INO = 8;
    static final int ST_NLINK = 16;
    static final int ST_MODE = 24;
    static final int ST_UID = 28;
    static final int ST_GID = 32;
    static final int ST_SIZE = 48;
    static final int ST_BLKSIZE = 56;
    static final int ST_BLOCKS = 64;
    static final int ST_ATIM = 72;
    static final int ST_MTIM = 88;
    static final int ST_CTIM = 104;

    // struct fuse_entry_param
    static final int ENTRY_SIZE = 176;
    static final int ENTRY_INO = 0;
    static final int ENTRY_GENERATION = 8;
    static final int ENTRY_ATTR = 16;
    static final int ENTRY_ATTR_TIMEOUT = 160;
    static final int ENTRY_ENTRY_TIMEOUT = 168;

    // struct fuse_file_info: direct_io and keep_cache are the two lowest bits of the word at 20
    static final int FI_SIZE = 40;
    static final int FI_FLAGS = 0;
    static final int FI_BITS = 20;
    static final int FI_BIT_DIRECT_IO = 1;
    static final int FI_BIT_KEEP_CACHE = 1 << 1;
    static final int FI_FH = 24;

    // struct fuse_ctx
    static final int CTX_UID = 0;
    static final int CTX_GID = 4;
    static final int CTX_PID = 8;

    // struct statvfs
    static final int STATVFS_SIZE = 112;
    static final int F_BSIZE = 0;
    static final int F_FRSIZE = 8;
    static final int F_BLOCKS = 16;
    static final int F_BFREE = 24;
    static final int F_BAVAIL = 32;
    static final int F_FILES = 40;
    static final int F_FFREE = 48;
    static final int F_FAVAIL = 56;
    static final int F_NAMEMAX = 80;

    // struct fuse_args
    static final int ARGS_SIZE = 24;
    static final int ARGS_ARGC = 0;
    static final int ARGS_ARGV = 8;
    static final int ARGS_ALLOCATED = 16;

    // struct fuse_lowlevel_ops: one pointer per operation
    static final int OPS_SIZE = 328;
    static final int OP_LOOKUP = 16;
    static final int OP_FORGET = 24;
    static final int OP_GETATTR = 32;
    static final int OP_SETATTR = 40;
    static final int OP_MKNOD = 56;
    static final int OP_MKDIR = 64;
    static final int OP_UNLINK = 72;
    static final int OP_RMDIR = 80;
    static final int OP_SYMLINK = 88;
    static final int OP_RENAME = 96;
    static final int OP_LINK = 104;
    static final int OP_OPEN = 112;
    static final int OP_READ = 120;
    static final int OP_WRITE = 128;
    static final int OP_FLUSH = 136;
    static final int OP_RELEASE = 144;
    static final int OP_FSYNC = 152;
    static final int OP_OPENDIR = 160;
    static final int OP_READDIR = 168;
    static final int OP_RELEASEDIR = 176;
    static final int OP_FSYNCDIR = 184;
    static final int OP_STATFS = 192;
    static final int OP_CREATE = 240;

    // setattr's to_set bits (FUSE_SET_ATTR_*)
    static final int SET_MODE = 1;
    static final int SET_UID = 1 << 1;
    static final int SET_GID = 1 << 2;
    static final int SET_SIZE = 1 << 3;
    static final int SET_ATIME = 1 << 4;
    static final int SET_MTIME = 1 << 5;
    static final int SET_ATIME_NOW = 1 << 7;
    static final int SET_MTIME_NOW = 1 << 8;

    // struct fuse_dirent, the kernel's READDIR format (what fuse_add_direntry writes), entries 8-byte aligned
    static final int DIRENT_INO = 0;
    static final int DIRENT_OFF = 8;
    static final int DIRENT_NAMELEN = 16;
    static final int DIRENT_TYPE = 20;
    static final int DIRENT_NAME = 24;
    static final int DIRENT_ALIGN = 8;

    // st_mode file types
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
}
