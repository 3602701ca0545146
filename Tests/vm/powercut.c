/*
 * powercut.so: a power cut at an exact point of an apply, for the power-loss
 * matrix (Tests/VMTests/PowerLoss/PowerLossTests.swift). Loaded with LD_PRELOAD into
 * diskplan inside the rescue VM; its children (mdadm, mkfs, ...) inherit it.
 *
 * It counts, across all those processes, every write(2)-family call that goes
 * to a block device ("w" points) and every record diskplan appends to its
 * journal ("j" points):
 *
 *   POWERCUT_DIR=/run/powercut   counter, log and the "hit" mark live here
 *   POWERCUT_JOURNAL=PATH        diskplan's --journal file
 *   POWERCUT_LOG=1               log every point to $POWERCUT_DIR/log
 *   POWERCUT_AT=w:N              cut before the Nth block-device write:
 *                                writes 1..N-1 reached the disks, none after
 *   POWERCUT_AT=j:N              cut right after the Nth journal record
 *   POWERCUT_DROP=A-B            block-device writes A..B never reach the disk
 *                                (the call succeeds): a disk cache that wrote
 *                                later blocks first, then lost the rest
 *
 * At the cut it flushes what was written so far (sync(2): the kernel may have
 * written those pages back at any moment), writes $POWERCUT_DIR/hit naming
 * the point and the process, and stops the process for good. The scenario
 * sees the mark and resets the VM without a sync (vm-power-loss), so
 * nothing the stopped programs would have written next reaches the disks.
 * What the kernel does on its own (md resync, superblock updates) goes on
 * until the reset, as it would on real hardware.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *dir(void) {
    const char *d = getenv("POWERCUT_DIR");
    return d && *d ? d : "/run/powercut";
}

/* Kind of target: 'w' block device, 'j' the journal, 0 anything else. */
static char kind_of(int fd) {
    struct stat st, js;
    if (fstat(fd, &st) != 0) return 0;
    if (S_ISBLK(st.st_mode)) return 'w';
    const char *journal = getenv("POWERCUT_JOURNAL");
    if (S_ISREG(st.st_mode) && journal && stat(journal, &js) == 0 &&
        js.st_dev == st.st_dev && js.st_ino == st.st_ino) return 'j';
    return 0;
}

static void target_name(int fd, char *out, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, size - 1);
    out[n > 0 ? n : 0] = 0;
}

static void comm(char *out, size_t size) {
    out[0] = 0;
    FILE *f = fopen("/proc/self/comm", "r");
    if (!f) return;
    if (fgets(out, (int)size, f)) out[strcspn(out, "\n")] = 0;
    fclose(f);
}

/* Under the counter's lock: the next number of kind k, and a log line. */
static long next_point(char k, int fd, long long offset, size_t len, const void *buf) {
    char path[512], text[64] = {0};
    snprintf(path, sizeof path, "%s/count-%c", dir(), k);
    int c = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (c < 0) return -1;
    flock(c, LOCK_EX);
    ssize_t got = pread(c, text, sizeof text - 1, 0);
    long n = (got > 0 ? atol(text) : 0) + 1;
    int w = snprintf(text, sizeof text, "%ld\n", n);
    if (ftruncate(c, 0) != 0 || pwrite(c, text, (size_t)w, 0) != w) n = -1;
    if (n > 0 && getenv("POWERCUT_LOG")) {
        char logpath[512], target[256], name[32], line[1024];
        snprintf(logpath, sizeof logpath, "%s/log", dir());
        target_name(fd, target, sizeof target);
        comm(name, sizeof name);
        int len_line;
        if (k == 'j') {
            size_t l = strcspn((const char *)buf, "\n");
            if (l > len) l = len;
            len_line = snprintf(line, sizeof line, "j %ld %d %s %.*s\n", n, getpid(), name, (int)l, (const char *)buf);
        } else {
            len_line = snprintf(line, sizeof line, "w %ld %d %s %s %lld %zu\n", n, getpid(), name, target, offset, len);
        }
        int lg = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (lg >= 0) {
            if (write(lg, line, (size_t)(len_line < (int)sizeof line ? len_line : (int)sizeof line - 1)) < 0) { /* best effort */ }
            close(lg);
        }
    }
    flock(c, LOCK_UN);
    close(c);
    return n;
}

static int is_point(char k, long n) {
    const char *at = getenv("POWERCUT_AT");
    return at && at[0] == k && at[1] == ':' && atol(at + 2) == n;
}

static void cut(char k, long n, int fd) {
    char path[512], target[256], name[32], text[512];
    sync();
    target_name(fd, target, sizeof target);
    comm(name, sizeof name);
    int len = snprintf(text, sizeof text, "%c:%ld %d %s %s\n", k, n, getpid(), name, target);
    snprintf(path, sizeof path, "%s/hit.tmp", dir());
    int h = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (h >= 0) {
        if (write(h, text, (size_t)len) < 0) { /* the scenario times out instead */ }
        close(h);
        char done[512];
        snprintf(done, sizeof done, "%s/hit", dir());
        rename(path, done);
    }
    for (;;) pause();
}

static int dropped(long n) {
    const char *d = getenv("POWERCUT_DROP");
    long a, b;
    return d && sscanf(d, "%ld-%ld", &a, &b) == 2 && n >= a && n <= b;
}

/* Before a write: a 'w' point may cut here. Returns the kind, for after(),
   or 'd' for a block-device write that is to be dropped. */
static char before(int fd, long long offset, size_t len, const void *buf) {
    int saved = errno;
    char k = kind_of(fd);
    if (k == 'w') {
        long n = next_point('w', fd, offset, len, buf);
        if (is_point('w', n)) cut('w', n, fd);
        if (dropped(n)) k = 'd';
    }
    errno = saved;
    return k;
}

static size_t iov_len(const struct iovec *iov, int n);

/* After a journal record is written: a 'j' point may cut here. */
static void after(char k, int fd, const void *buf, size_t len) {
    if (k != 'j') return;
    int saved = errno;
    long n = next_point('j', fd, -1, len, buf);
    if (is_point('j', n)) cut('j', n, fd);
    errno = saved;
}

#define REAL(name) static __typeof__(name) *real_##name; if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t len) {
    REAL(write);
    char k = before(fd, lseek(fd, 0, SEEK_CUR), len, buf);
    if (k == 'd') return lseek(fd, (off_t)len, SEEK_CUR) < 0 ? -1 : (ssize_t)len;
    ssize_t r = real_write(fd, buf, len);
    after(k, fd, buf, len);
    return r;
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t offset) {
    REAL(pwrite);
    if (before(fd, offset, len, buf) == 'd') return (ssize_t)len;
    return real_pwrite(fd, buf, len, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t offset) {
    REAL(pwrite64);
    if (before(fd, offset, len, buf) == 'd') return (ssize_t)len;
    return real_pwrite64(fd, buf, len, offset);
}

static size_t iov_len(const struct iovec *iov, int n) {
    size_t total = 0;
    for (int i = 0; i < n; i++) total += iov[i].iov_len;
    return total;
}

ssize_t writev(int fd, const struct iovec *iov, int n) {
    REAL(writev);
    if (before(fd, lseek(fd, 0, SEEK_CUR), iov_len(iov, n), n > 0 ? iov[0].iov_base : "") == 'd')
        return lseek(fd, (off_t)iov_len(iov, n), SEEK_CUR) < 0 ? -1 : (ssize_t)iov_len(iov, n);
    return real_writev(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t offset) {
    REAL(pwritev);
    if (before(fd, offset, iov_len(iov, n), n > 0 ? iov[0].iov_base : "") == 'd') return (ssize_t)iov_len(iov, n);
    return real_pwritev(fd, iov, n, offset);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int n, off_t offset) {
    REAL(pwritev64);
    if (before(fd, offset, iov_len(iov, n), n > 0 ? iov[0].iov_base : "") == 'd') return (ssize_t)iov_len(iov, n);
    return real_pwritev64(fd, iov, n, offset);
}

ssize_t pwritev2(int fd, const struct iovec *iov, int n, off_t offset, int flags) {
    REAL(pwritev2);
    if (before(fd, offset, iov_len(iov, n), n > 0 ? iov[0].iov_base : "") == 'd') return (ssize_t)iov_len(iov, n);
    return real_pwritev2(fd, iov, n, offset, flags);
}
