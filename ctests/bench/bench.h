/* ctests/bench/bench.h — shared by the benchmark programs (ossl_bench.c, gnutls_bench.c).
 *
 * Each program runs ONE workload per invocation, client and server in one process
 * (two pthreads) over socketpairs, and prints its measurements as lines
 *     RESULT <key> <value>
 * on stdout. tools/bench.py runs the same binary against the real library and with
 * LD_PRELOAD=build/lib/libtlsshim.so, alternately, and tabulates the medians.
 * Any failure prints "bench: ..." on stderr and exits 1.
 *
 * The server thread takes connections from a pipe (one fd per connection) and runs
 * the face's serve() on each; the main thread is the client.
 */
#ifndef TLSSHIM_BENCH_H
#define TLSSHIM_BENCH_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BENCH_FN static __attribute__((unused))

#define CHUNK 16384   /* application write size for bulk */
#define RTT_SIZE 1024 /* request/response size */

BENCH_FN void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
BENCH_FN void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

BENCH_FN double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Heap in use: every arena's allocated chunks plus mmapped blocks. */
BENCH_FN long heap_used(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (long)(mi.uordblks + mi.hblkhd);
}

BENCH_FN long rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = 0;
    if (!f || fscanf(f, "%ld %ld", &size, &res) != 2)
        die("statm");
    fclose(f);
    return res * sysconf(_SC_PAGESIZE);
}

BENCH_FN void result(const char *key, double v)
{
    printf("RESULT %s %.6g\n", key, v);
    fflush(stdout);
}

BENCH_FN void raise_fd_limit(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) == 0) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

/* ---- the server thread: fds arrive on a pipe, -1 ends it ---- */
static int srv_pipe[2];
static int done_pipe[2]; /* server -> client: one int per finished connection */
static void serve(int fd);  /* defined by the face */

static void *server_main(void *arg)
{
    (void)arg;
    for (;;) {
        int fd;
        if (read(srv_pipe[0], &fd, sizeof fd) != sizeof fd)
            die("server pipe");
        if (fd == -1)
            return NULL;
        serve(fd);
    }
}

static pthread_t srv_thread;

BENCH_FN void server_start(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (pipe(srv_pipe) || pipe(done_pipe))
        die("pipe");
    if (pthread_create(&srv_thread, NULL, server_main, NULL))
        die("pthread_create");
}

BENCH_FN void server_stop(void)
{
    int fd = -1;
    if (write(srv_pipe[1], &fd, sizeof fd) != sizeof fd)
        die("server pipe");
    pthread_join(srv_thread, NULL);
}

/* A connected pair; the server end goes to the server thread. Returns the client end. */
BENCH_FN int new_conn(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
        die("socketpair: %s", strerror(errno));
    if (write(srv_pipe[1], &sv[1], sizeof sv[1]) != sizeof sv[1])
        die("server pipe");
    return sv[0];
}

BENCH_FN void server_done_signal(void)
{
    int one = 1;
    if (write(done_pipe[1], &one, sizeof one) != sizeof one)
        die("done pipe");
}

BENCH_FN void server_done_wait(void)
{
    int one;
    if (read(done_pipe[0], &one, sizeof one) != sizeof one)
        die("done pipe");
}

/* ---- command line: MODE [ARG] N ---- */
enum mode { M_BULK, M_HS, M_RESUME, M_MEM, M_RTT };

struct opts {
    enum mode mode;
    const char *arg; /* bulk: suite name; hs: ecdsa|rsa */
    long n;          /* bulk: MiB; hs/resume: handshakes; mem: connections; rtt: round trips */
    const char *pki;
};

BENCH_FN struct opts parse_opts(int argc, char **argv)
{
    struct opts o = {0};
    if (argc < 3)
        die("usage: %s bulk SUITE MIB | hs ecdsa|rsa N | resume N | mem N | rtt N", argv[0]);
    const char *m = argv[1];
    int have_arg = !strcmp(m, "bulk") || !strcmp(m, "hs");
    if (have_arg && argc < 4)
        die("%s needs two arguments", m);
    o.mode = !strcmp(m, "bulk")     ? M_BULK
             : !strcmp(m, "hs")     ? M_HS
             : !strcmp(m, "resume") ? M_RESUME
             : !strcmp(m, "mem")    ? M_MEM
             : !strcmp(m, "rtt")    ? M_RTT
                                    : (die("unknown mode %s", m), M_BULK);
    o.arg = have_arg ? argv[2] : "ecdsa";
    o.n = atol(argv[have_arg ? 3 : 2]);
    if (o.n <= 0)
        die("bad count");
    o.pki = getenv("BENCH_PKI");
    if (!o.pki)
        die("BENCH_PKI not set");
    return o;
}

BENCH_FN char *pki_path(const struct opts *o, const char *file)
{
    static char bufs[8][512];
    static int i;
    char *b = bufs[i++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", o->pki, file);
    return b;
}

#endif
