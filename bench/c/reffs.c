/*
 * The benchmark's C reference: a libfuse 2 low-level file system serving the same tree as bench/mount.yaml
 * describes for magicfs, with its cache settings taken from the command line (Debian's hello_ll.c hard-codes
 * 1 s timeouts, so it cannot show the case where every request reaches the daemon).
 *
 *   /small.txt       4 KiB of text
 *   /big.bin         64 MiB
 *   /dir/f0000 ...   1,000 files of a few bytes
 *
 *   reffs MOUNTPOINT TTL_SECONDS DIRECT_IO(0|1) KEEP_CACHE(0|1) [single]
 *
 * "single" serves on one thread (fuse_session_loop); by default it uses libfuse's worker threads
 * (fuse_session_loop_mt). Every reply is built from memory prepared at start. The same source builds on
 * libfuse 2 and, with -DFUSE_USE_VERSION=35, on libfuse 3: only the mounting differs.
 */
#ifndef FUSE_USE_VERSION
#define FUSE_USE_VERSION 26 /* -DFUSE_USE_VERSION=35 with pkg-config fuse3 builds it on libfuse 3 */
#endif
#include <errno.h>
#include <fuse_lowlevel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SMALL_INO 2
#define BIG_INO 3
#define DIR_INO 4
#define FIRST_CHILD_INO 5
#define CHILDREN 1000
#define SMALL_SIZE 4096
#define BIG_SIZE (64L << 20)

static double ttl;
static int direct_io, keep_cache;
static char *small, *big;
static char child_text[] = "child file\n";
static time_t started;

struct listing { char *buf; size_t size; };
static struct listing root_listing, dir_listing;

static int attributes(fuse_ino_t ino, struct stat *st) {
    memset(st, 0, sizeof(*st));
    st->st_ino = ino;
    st->st_uid = getuid();
    st->st_gid = getgid();
    st->st_atime = st->st_mtime = st->st_ctime = started;
    if (ino == FUSE_ROOT_ID || ino == DIR_INO) {
        st->st_mode = S_IFDIR | 0555;
        st->st_nlink = ino == FUSE_ROOT_ID ? 3 : 2;
        st->st_size = 4096;
    } else if (ino == SMALL_INO) {
        st->st_mode = S_IFREG | 0444; st->st_nlink = 1; st->st_size = SMALL_SIZE;
    } else if (ino == BIG_INO) {
        st->st_mode = S_IFREG | 0444; st->st_nlink = 1; st->st_size = BIG_SIZE;
    } else if (ino >= FIRST_CHILD_INO && ino < FIRST_CHILD_INO + CHILDREN) {
        st->st_mode = S_IFREG | 0444; st->st_nlink = 1; st->st_size = sizeof(child_text) - 1;
    } else {
        return -1;
    }
    st->st_blocks = (st->st_size + 511) / 512;
    return 0;
}

static void ref_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
    fuse_ino_t ino = 0;
    if (parent == FUSE_ROOT_ID) {
        if (strcmp(name, "small.txt") == 0) ino = SMALL_INO;
        else if (strcmp(name, "big.bin") == 0) ino = BIG_INO;
        else if (strcmp(name, "dir") == 0) ino = DIR_INO;
    } else if (parent == DIR_INO && name[0] == 'f' && strlen(name) == 5) {
        int n = atoi(name + 1);
        if (n >= 0 && n < CHILDREN) ino = FIRST_CHILD_INO + n;
    }
    if (ino == 0) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    struct fuse_entry_param e;
    memset(&e, 0, sizeof(e));
    e.ino = ino;
    e.attr_timeout = ttl;
    e.entry_timeout = ttl;
    attributes(ino, &e.attr);
    fuse_reply_entry(req, &e);
}

static void ref_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void) fi;
    struct stat st;
    if (attributes(ino, &st) != 0) fuse_reply_err(req, ENOENT);
    else fuse_reply_attr(req, &st, ttl);
}

static void ref_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    if (ino == FUSE_ROOT_ID || ino == DIR_INO) fuse_reply_err(req, EISDIR);
    else if ((fi->flags & O_ACCMODE) != O_RDONLY) fuse_reply_err(req, EACCES);
    else {
        fi->direct_io = direct_io;
        fi->keep_cache = keep_cache;
        fuse_reply_open(req, fi);
    }
}

static void reply_slice(fuse_req_t req, const char *data, size_t length, off_t off, size_t size) {
    if ((size_t) off >= length) fuse_reply_buf(req, NULL, 0);
    else fuse_reply_buf(req, data + off, off + size > length ? length - off : size);
}

static void ref_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) fi;
    if (ino == SMALL_INO) reply_slice(req, small, SMALL_SIZE, off, size);
    else if (ino == BIG_INO) reply_slice(req, big, BIG_SIZE, off, size);
    else reply_slice(req, child_text, sizeof(child_text) - 1, off, size);
}

static void add_entry(struct listing *l, const char *name, fuse_ino_t ino) {
    struct stat st;
    memset(&st, 0, sizeof(st));
    st.st_ino = ino;
    size_t old = l->size;
    l->size += fuse_add_direntry(NULL, NULL, 0, name, NULL, 0);
    l->buf = realloc(l->buf, l->size);
    fuse_add_direntry(NULL, l->buf + old, l->size - old, name, &st, l->size);
}

static void ref_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) fi;
    struct listing *l = ino == FUSE_ROOT_ID ? &root_listing : ino == DIR_INO ? &dir_listing : NULL;
    if (l == NULL) fuse_reply_err(req, ENOTDIR);
    else reply_slice(req, l->buf, l->size, off, size);
}

static struct fuse_lowlevel_ops ops = {
    .lookup = ref_lookup,
    .getattr = ref_getattr,
    .open = ref_open,
    .read = ref_read,
    .readdir = ref_readdir,
};

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: reffs MOUNTPOINT TTL_SECONDS DIRECT_IO KEEP_CACHE [single]\n");
        return 2;
    }
    ttl = atof(argv[2]);
    direct_io = atoi(argv[3]);
    keep_cache = atoi(argv[4]);
    int single = argc > 5 && strcmp(argv[5], "single") == 0;
    started = time(NULL);
    small = malloc(SMALL_SIZE);
    for (int i = 0; i < SMALL_SIZE; i++) small[i] = i % 64 == 63 ? '\n' : 'a' + i % 26;
    big = malloc(BIG_SIZE);
    for (long i = 0; i < BIG_SIZE; i++) big[i] = (char) (i * 31 + (i >> 12));
    add_entry(&root_listing, ".", FUSE_ROOT_ID);
    add_entry(&root_listing, "..", FUSE_ROOT_ID);
    add_entry(&root_listing, "small.txt", SMALL_INO);
    add_entry(&root_listing, "big.bin", BIG_INO);
    add_entry(&root_listing, "dir", DIR_INO);
    add_entry(&dir_listing, ".", DIR_INO);
    add_entry(&dir_listing, "..", FUSE_ROOT_ID);
    for (int i = 0; i < CHILDREN; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%04d", i);
        add_entry(&dir_listing, name, FIRST_CHILD_INO + i);
    }

#if FUSE_USE_VERSION >= 30
    char *fuse_argv[] = {argv[0], "-o", "fsname=reffs,subtype=reffs", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, fuse_argv);
    struct fuse_session *se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
    if (se == NULL || fuse_set_signal_handlers(se) != 0 || fuse_session_mount(se, argv[1]) != 0) return 1;
    struct fuse_loop_config *config = fuse_loop_cfg_create();
    int status = single ? fuse_session_loop(se) : fuse_session_loop_mt(se, config);
    fuse_loop_cfg_destroy(config);
    fuse_session_unmount(se);
    fuse_remove_signal_handlers(se);
    fuse_session_destroy(se);
    return status ? 1 : 0;
#else
    char *fuse_argv[] = {argv[0], "-o", "fsname=reffs,subtype=reffs,big_writes", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, fuse_argv);
    struct fuse_chan *ch = fuse_mount(argv[1], &args);
    if (ch == NULL) return 1;
    int status = 1;
    struct fuse_session *se = fuse_lowlevel_new(&args, &ops, sizeof(ops), NULL);
    if (se != NULL) {
        if (fuse_set_signal_handlers(se) == 0) {
            fuse_session_add_chan(se, ch);
            status = single ? fuse_session_loop(se) : fuse_session_loop_mt(se);
            fuse_remove_signal_handlers(se);
            fuse_session_remove_chan(ch);
        }
        fuse_session_destroy(se);
    }
    fuse_unmount(argv[1], ch);
    return status ? 1 : 0;
#endif
}
