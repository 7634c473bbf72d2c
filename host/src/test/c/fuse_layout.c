/* Prints, as NAME=VALUE lines, every struct offset and constant FuseLayout.java hard-codes, read from the
 * libfuse 2 and glibc headers. FuseLayoutTest compiles and runs it and compares. */
#define FUSE_USE_VERSION 26
#define _FILE_OFFSET_BITS 64
#include <fuse_lowlevel.h>
#include <linux/fuse.h>
#include <sys/statvfs.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define SIZE(name, type) printf("%s=%zu\n", name, sizeof(type))
#define OFF(name, type, field) printf("%s=%zu\n", name, offsetof(type, field))
#define VAL(name, value) printf("%s=%ld\n", name, (long) (value))

/* Bitfields have no offsetof: set one bit, find the 4-byte word it lands in, print the word's value. */
static size_t bit_word(void (*set)(struct fuse_file_info *), unsigned int *value) {
    struct fuse_file_info fi;
    memset(&fi, 0, sizeof fi);
    set(&fi);
    for (size_t at = 0; at < sizeof fi; at += 4) {
        memcpy(value, (char *) &fi + at, sizeof *value);
        if (*value != 0) {
            return at;
        }
    }
    return (size_t) -1;
}
static void bit(const char *name, void (*set)(struct fuse_file_info *)) {
    unsigned int value;
    size_t at = bit_word(set, &value);
    printf("FI_BITS=%zu\n%s=%u\n", at, name, value);
}
static void direct_io(struct fuse_file_info *fi) { fi->direct_io = 1; }
static void keep_cache(struct fuse_file_info *fi) { fi->keep_cache = 1; }

int main(void) {
    SIZE("STAT_SIZE", struct stat);
    OFF("ST_INO", struct stat, st_ino);
    OFF("ST_NLINK", struct stat, st_nlink);
    OFF("ST_MODE", struct stat, st_mode);
    OFF("ST_UID", struct stat, st_uid);
    OFF("ST_GID", struct stat, st_gid);
    OFF("ST_SIZE", struct stat, st_size);
    OFF("ST_BLKSIZE", struct stat, st_blksize);
    OFF("ST_BLOCKS", struct stat, st_blocks);
    OFF("ST_ATIM", struct stat, st_atim);
    OFF("ST_MTIM", struct stat, st_mtim);
    OFF("ST_CTIM", struct stat, st_ctim);

    SIZE("ENTRY_SIZE", struct fuse_entry_param);
    OFF("ENTRY_INO", struct fuse_entry_param, ino);
    OFF("ENTRY_GENERATION", struct fuse_entry_param, generation);
    OFF("ENTRY_ATTR", struct fuse_entry_param, attr);
    OFF("ENTRY_ATTR_TIMEOUT", struct fuse_entry_param, attr_timeout);
    OFF("ENTRY_ENTRY_TIMEOUT", struct fuse_entry_param, entry_timeout);

    SIZE("FI_SIZE", struct fuse_file_info);
    OFF("FI_FLAGS", struct fuse_file_info, flags);
    OFF("FI_FH", struct fuse_file_info, fh);
    bit("FI_BIT_DIRECT_IO", direct_io);
    bit("FI_BIT_KEEP_CACHE", keep_cache);

    OFF("CTX_UID", struct fuse_ctx, uid);
    OFF("CTX_GID", struct fuse_ctx, gid);
    OFF("CTX_PID", struct fuse_ctx, pid);

    SIZE("STATVFS_SIZE", struct statvfs);
    OFF("F_BSIZE", struct statvfs, f_bsize);
    OFF("F_FRSIZE", struct statvfs, f_frsize);
    OFF("F_BLOCKS", struct statvfs, f_blocks);
    OFF("F_BFREE", struct statvfs, f_bfree);
    OFF("F_BAVAIL", struct statvfs, f_bavail);
    OFF("F_FILES", struct statvfs, f_files);
    OFF("F_FFREE", struct statvfs, f_ffree);
    OFF("F_FAVAIL", struct statvfs, f_favail);
    OFF("F_NAMEMAX", struct statvfs, f_namemax);

    SIZE("ARGS_SIZE", struct fuse_args);
    OFF("ARGS_ARGC", struct fuse_args, argc);
    OFF("ARGS_ARGV", struct fuse_args, argv);
    OFF("ARGS_ALLOCATED", struct fuse_args, allocated);

    SIZE("OPS_SIZE", struct fuse_lowlevel_ops);
    OFF("OP_LOOKUP", struct fuse_lowlevel_ops, lookup);
    OFF("OP_FORGET", struct fuse_lowlevel_ops, forget);
    OFF("OP_GETATTR", struct fuse_lowlevel_ops, getattr);
    OFF("OP_SETATTR", struct fuse_lowlevel_ops, setattr);
    OFF("OP_MKNOD", struct fuse_lowlevel_ops, mknod);
    OFF("OP_MKDIR", struct fuse_lowlevel_ops, mkdir);
    OFF("OP_UNLINK", struct fuse_lowlevel_ops, unlink);
    OFF("OP_RMDIR", struct fuse_lowlevel_ops, rmdir);
    OFF("OP_SYMLINK", struct fuse_lowlevel_ops, symlink);
    OFF("OP_RENAME", struct fuse_lowlevel_ops, rename);
    OFF("OP_LINK", struct fuse_lowlevel_ops, link);
    OFF("OP_OPEN", struct fuse_lowlevel_ops, open);
    OFF("OP_READ", struct fuse_lowlevel_ops, read);
    OFF("OP_WRITE", struct fuse_lowlevel_ops, write);
    OFF("OP_FLUSH", struct fuse_lowlevel_ops, flush);
    OFF("OP_RELEASE", struct fuse_lowlevel_ops, release);
    OFF("OP_FSYNC", struct fuse_lowlevel_ops, fsync);
    OFF("OP_OPENDIR", struct fuse_lowlevel_ops, opendir);
    OFF("OP_READDIR", struct fuse_lowlevel_ops, readdir);
    OFF("OP_RELEASEDIR", struct fuse_lowlevel_ops, releasedir);
    OFF("OP_FSYNCDIR", struct fuse_lowlevel_ops, fsyncdir);
    OFF("OP_STATFS", struct fuse_lowlevel_ops, statfs);
    OFF("OP_CREATE", struct fuse_lowlevel_ops, create);

    VAL("SET_MODE", FUSE_SET_ATTR_MODE);
    VAL("SET_UID", FUSE_SET_ATTR_UID);
    VAL("SET_GID", FUSE_SET_ATTR_GID);
    VAL("SET_SIZE", FUSE_SET_ATTR_SIZE);
    VAL("SET_ATIME", FUSE_SET_ATTR_ATIME);
    VAL("SET_MTIME", FUSE_SET_ATTR_MTIME);
    VAL("SET_ATIME_NOW", FUSE_SET_ATTR_ATIME_NOW);
    VAL("SET_MTIME_NOW", FUSE_SET_ATTR_MTIME_NOW);
    OFF("DIRENT_INO", struct fuse_dirent, ino);
    OFF("DIRENT_OFF", struct fuse_dirent, off);
    OFF("DIRENT_NAMELEN", struct fuse_dirent, namelen);
    OFF("DIRENT_TYPE", struct fuse_dirent, type);
    OFF("DIRENT_NAME", struct fuse_dirent, name);
    VAL("DIRENT_ALIGN", FUSE_DIRENT_ALIGN(1));
    VAL("S_IFDIR", S_IFDIR);
    VAL("S_IFREG", S_IFREG);
    return 0;
}
