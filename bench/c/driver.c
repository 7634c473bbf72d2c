/*
 * The benchmark's syscall driver: repeats one operation on one path for a number of seconds and prints how
 * many it managed per second (or MB/s for reads of a large file). The file system under test does the rest.
 *
 *   driver stat PATH SECONDS        stat(2)
 *   driver open-read PATH SECONDS   open(2), one 4 KiB read(2), close(2)
 *   driver seq-read PATH SECONDS    the whole file in 128 KiB read(2)s, again and again; prints MB/s
 *   driver seq-read-4m PATH SECONDS the same in 4 MiB read(2)s, as dd bs=4M reads
 *   driver readdir PATH SECONDS     opendir(3), readdir(3) to the end, closedir(3)
 *   driver create PATH SECONDS      creates PATH/c<N> (O_CREAT|O_EXCL), writes 4 KiB, closes; N counts up
 *   driver rename PATH SECONDS      renames PATH/a to PATH/b and back (PATH/a must exist)
 *
 * Output: one line, "<ops or MB> per second". Any failing call stops it with a message and exit 1, so a
 * broken file system cannot pass for a fast one.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

#define BUFFER (4 << 20)

static void die(const char *what, const char *path) {
    fprintf(stderr, "driver: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* One operation; returns the bytes it read (0 for metadata operations). */
static long once(const char *op, const char *path, char *buffer) {
    if (strcmp(op, "stat") == 0) {
        struct stat st;
        if (stat(path, &st) != 0) die("stat", path);
        return 0;
    }
    if (strcmp(op, "open-read") == 0) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) die("open", path);
        if (read(fd, buffer, 4096) < 0) die("read", path);
        if (close(fd) != 0) die("close", path);
        return 0;
    }
    if (strncmp(op, "seq-read", 8) == 0) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) die("open", path);
        long total = 0;
        ssize_t n;
        size_t chunk = strcmp(op, "seq-read-4m") == 0 ? BUFFER : 128 * 1024;
        while ((n = read(fd, buffer, chunk)) > 0) total += n;
        if (n < 0) die("read", path);
        if (close(fd) != 0) die("close", path);
        if (total == 0) { errno = ENODATA; die("empty file", path); }
        return total;
    }
    if (strcmp(op, "readdir") == 0) {
        DIR *dir = opendir(path);
        if (dir == NULL) die("opendir", path);
        errno = 0;
        while (readdir(dir) != NULL) {}
        if (errno != 0) die("readdir", path);
        if (closedir(dir) != 0) die("closedir", path);
        return 0;
    }
    if (strcmp(op, "create") == 0) {
        static long n;
        char name[4096];
        snprintf(name, sizeof name, "%s/c%ld", path, n++);
        int fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
        if (fd < 0) die("create", name);
        if (write(fd, buffer, 4096) != 4096) die("write", name);
        if (close(fd) != 0) die("close", name);
        return 0;
    }
    if (strcmp(op, "rename") == 0) {
        static int flip;
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s/%s", path, flip ? "b" : "a");
        snprintf(b, sizeof b, "%s/%s", path, flip ? "a" : "b");
        if (rename(a, b) != 0) die("rename", a);
        flip = !flip;
        return 0;
    }
    fprintf(stderr, "driver: unknown operation %s (stat, open-read, seq-read, seq-read-4m, readdir, create, rename)\n", op);
    exit(2);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: driver stat|open-read|seq-read|seq-read-4m|readdir|create|rename PATH SECONDS\n");
        return 2;
    }
    const char *op = argv[1], *path = argv[2];
    double seconds = atof(argv[3]);
    char *buffer = malloc(BUFFER);
    long ops = 0, bytes = 0;
    double start = now(), end = start + seconds, t = start;
    int sequential = strncmp(op, "seq-read", 8) == 0;
    int batch = sequential ? 1 : 64; /* read the clock every 64 short operations */
    while (t < end) {
        for (int i = 0; i < batch; i++) {
            bytes += once(op, path, buffer);
            ops++;
        }
        t = now();
    }
    double elapsed = now() - start;
    if (sequential) {
        printf("%.1f\n", bytes / elapsed / 1e6);
    } else {
        printf("%.0f\n", ops / elapsed);
    }
    return 0;
}
