/* ctests/reliability/load.c — load test (issue 7), one program, four roles:
 *   load server ossl|gnutls PORTFILE CONNS THREADS PKI   a TLS server on 127.0.0.1
 *       through the libssl or GnuTLS API; THREADS threads share one SSL_CTX / one
 *       credentials object and accept() on one listening socket; each connection is
 *       used by the one thread that accepted it. THREADS 0: a thread per connection,
 *       as many open at once as the clients make. Exits after CONNS connections.
 *       Prints the most connections it held open at once after their handshake.
 *       Run it preloaded with tlsshim (tools/reliability.sh).
 *   load client ossl|gnutls PORT CONNS BATCH PKI          the load generator, run with
 *       the REAL libraries: BATCH concurrent connections (one thread each) at a time,
 *       CONNS in all, certificate verified against the test CA (name localhost). When
 *       BATCH is CONNS, every connection waits after its handshake until all of them
 *       have done theirs (a barrier): the server then holds CONNS at once.
 * Each connection: the client sends an 8-byte id then 64 KiB derived from it; the
 * server checks every byte, answers 64 KiB derived from the id the other way, the
 * client checks every byte; then close_notify both ways. Any failure is counted and
 * printed; both sides print connections, bytes verified, errors, and RSS (VmRSS)
 * before and after. Exit status 0 only with 0 errors and every connection done. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <malloc.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <gnutls/gnutls.h>

#define PAYLOAD 65536

static int gnutls_face;
static const char *pki;
static long conns;
static int lfd, port;
static SSL_CTX *ctx;
static gnutls_certificate_credentials_t cred;
static atomic_long done, errors, verified, next_id, open_now, open_peak;
static int use_barrier;
static pthread_barrier_t barrier;

/* A server connection finished its handshake (+1) or is closing (-1). */
static void opened(int delta)
{
    long now = atomic_fetch_add(&open_now, delta) + delta;
    long peak = atomic_load(&open_peak);
    while (now > peak && !atomic_compare_exchange_weak(&open_peak, &peak, now))
        ;
}

/* Client side, all connections at once: wait until every one has its handshake done
 * (or failed: a failed one still arrives, so nobody waits for ever). */
static void all_connected(int server)
{
    if (!server && use_barrier)
        pthread_barrier_wait(&barrier);
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

static void fill(unsigned char *b, uint64_t id, int dir)
{
    uint64_t x = id * 0x9E3779B97F4A7C15ull + (uint64_t)dir;
    for (size_t i = 0; i < PAYLOAD; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        b[i] = (unsigned char)x;
    }
}

static char *path(const char *f)
{
    static __thread char bufs[2][4096]; /* two may be live in one call */
    static __thread unsigned k;
    char *buf = bufs[k++ % 2];
    snprintf(buf, sizeof bufs[0], "%s/%s", pki, f);
    return buf;
}

static void fail(const char *role, uint64_t id, const char *what, long code)
{
    atomic_fetch_add(&errors, 1);
    fprintf(stderr, "load %s: connection %llu: %s (%ld)\n", role, (unsigned long long)id, what, code);
}

static void timeouts(int fd)
{
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Exchange over one established connection. io(ctx, buf, len, write) returns >0 bytes or <=0. */
typedef long (*io_fn)(void *c, unsigned char *b, size_t n, int wr);
static int full(io_fn io, void *c, unsigned char *b, size_t n, int wr)
{
    size_t off = 0;
    while (off < n) {
        long r = io(c, b + off, n - off, wr);
        if (r <= 0)
            return (int)r;
        off += (size_t)r;
    }
    return 1;
}
static int exchange(const char *role, io_fn io, void *c, int server, uint64_t id)
{
    unsigned char *got = malloc(PAYLOAD), *want = malloc(PAYLOAD);
    int ok = 0;
    unsigned char idb[8];
    if (server) {
        if (full(io, c, idb, 8, 0) != 1) { fail(role, id, "read id", 0); goto out; }
        memcpy(&id, idb, 8);
        fill(want, id, 0);
        if (full(io, c, got, PAYLOAD, 0) != 1) { fail(role, id, "read payload", 0); goto out; }
        if (memcmp(got, want, PAYLOAD)) { fail(role, id, "payload differs", 0); goto out; }
        fill(want, id, 1);
        if (full(io, c, want, PAYLOAD, 1) != 1) { fail(role, id, "write payload", 0); goto out; }
    } else {
        memcpy(idb, &id, 8);
        fill(want, id, 0);
        if (full(io, c, idb, 8, 1) != 1 || full(io, c, want, PAYLOAD, 1) != 1) { fail(role, id, "write payload", 0); goto out; }
        fill(want, id, 1);
        if (full(io, c, got, PAYLOAD, 0) != 1) { fail(role, id, "read payload", 0); goto out; }
        if (memcmp(got, want, PAYLOAD)) { fail(role, id, "payload differs", 0); goto out; }
    }
    atomic_fetch_add(&verified, PAYLOAD);
    ok = 1;
out:
    free(got);
    free(want);
    return ok;
}

static long ossl_io(void *c, unsigned char *b, size_t n, int wr)
{
    return wr ? SSL_write(c, b, (int)n) : SSL_read(c, b, (int)n);
}
static long gnutls_io(void *c, unsigned char *b, size_t n, int wr)
{
    ssize_t r;
    do r = wr ? gnutls_record_send(c, b, n) : gnutls_record_recv(c, b, n);
    while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
    return r;
}

/* One connection on fd, both roles, either face. */
static void conn(int fd, int server, uint64_t id)
{
    const char *role = server ? "server" : "client";
    timeouts(fd);
    if (!gnutls_face) {
        SSL *s = SSL_new(ctx);
        SSL_set_fd(s, fd);
        if (!server) { SSL_set_tlsext_host_name(s, "localhost"); SSL_set1_host(s, "localhost"); }
        int r = server ? SSL_accept(s) : SSL_connect(s);
        all_connected(server);
        if (server && r == 1)
            opened(1);
        if (r != 1) {
            fail(role, id, "handshake", SSL_get_error(s, r));
            ERR_print_errors_fp(stderr);
        } else if (exchange(role, ossl_io, s, server, id)) {
            /* close_notify both ways: send ours, then read the peer's. */
            int sr = SSL_shutdown(s);
            if (sr == 0) { unsigned char b; sr = SSL_read(s, &b, 1) == 0 && SSL_get_error(s, 0) == SSL_ERROR_ZERO_RETURN; }
            if (sr != 1) fail(role, id, "shutdown", sr); else atomic_fetch_add(&done, 1);
        }
        if (server && r == 1)
            opened(-1);
        SSL_free(s);
        ERR_clear_error();
    } else {
        gnutls_session_t s;
        gnutls_init(&s, server ? GNUTLS_SERVER : GNUTLS_CLIENT);
        gnutls_set_default_priority(s);
        gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
        if (!server) { gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9); gnutls_session_set_verify_cert(s, "localhost", 0); }
        gnutls_transport_set_int(s, fd);
        int r;
        do r = gnutls_handshake(s); while (r < 0 && !gnutls_error_is_fatal(r));
        all_connected(server);
        if (server && r >= 0)
            opened(1);
        if (r < 0) {
            fail(role, id, gnutls_strerror(r), r);
        } else if (exchange(role, gnutls_io, s, server, id)) {
            do r = gnutls_bye(s, GNUTLS_SHUT_RDWR); while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
            if (r < 0) fail(role, id, gnutls_strerror(r), r); else atomic_fetch_add(&done, 1);
        }
        if (server && r >= 0)
            opened(-1);
        gnutls_deinit(s);
    }
    close(fd);
}

static void *server_thread(void *arg)
{
    (void)arg;
    for (;;) {
        long me = atomic_fetch_add(&next_id, 1);
        if (me >= conns)
            return NULL;
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) { fail("server", (uint64_t)me, "accept", errno); continue; }
        conn(fd, 1, 0);
    }
}

static void *conn_thread(void *arg)
{
    conn((int)(intptr_t)arg, 1, 0);
    return NULL;
}

static void *client_thread(void *arg)
{
    uint64_t id = (uint64_t)(uintptr_t)arg;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        fail("client", id, "connect", errno);
        if (fd >= 0) close(fd);
        all_connected(0);
        return NULL;
    }
    conn(fd, 0, id);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 7) { fprintf(stderr, "usage: load server|client ossl|gnutls PORTFILE|PORT CONNS THREADS|BATCH PKI\n"); return 2; }
    int server = !strcmp(argv[1], "server");
    gnutls_face = !strcmp(argv[2], "gnutls");
    conns = atol(argv[4]);
    int threads = atoi(argv[5]);
    pki = argv[6];
    if (!gnutls_face) {
        ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
        if (server ? SSL_CTX_use_certificate_chain_file(ctx, path("server-chain.pem")) != 1 ||
                         SSL_CTX_use_PrivateKey_file(ctx, path("server.key"), SSL_FILETYPE_PEM) != 1
                   : SSL_CTX_load_verify_locations(ctx, path("ca.pem"), NULL) != 1) { fprintf(stderr, "SSL_CTX set-up failed\n"); return 2; }
        if (!server) SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    } else {
        gnutls_certificate_allocate_credentials(&cred);
        if (server ? gnutls_certificate_set_x509_key_file(cred, path("server-chain.pem"), path("server.key"), GNUTLS_X509_FMT_PEM) < 0
                   : gnutls_certificate_set_x509_trust_file(cred, path("ca.pem"), GNUTLS_X509_FMT_PEM) <= 0) { fprintf(stderr, "credentials set-up failed\n"); return 2; }
    }
    long rss0 = rss_kb();
    struct timeval t0, t1;
    gettimeofday(&t0, NULL);
    if (server) {
        lfd = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t al = sizeof a;
        if (bind(lfd, (struct sockaddr *)&a, sizeof a) || listen(lfd, 1024) || getsockname(lfd, (struct sockaddr *)&a, &al)) { perror("listen"); return 2; }
        FILE *pf = fopen(argv[3], "w");
        fprintf(pf, "%d\n", ntohs(a.sin_port));
        fclose(pf);
        if (threads > 0) {
            pthread_t *t = calloc((size_t)threads, sizeof *t);
            for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, server_thread, NULL);
            for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
            free(t);
        } else {
            /* A thread per connection (256 KiB stacks). */
            pthread_attr_t attr;
            pthread_attr_init(&attr);
            pthread_attr_setstacksize(&attr, 256 * 1024);
            pthread_t *t = calloc((size_t)conns, sizeof *t);
            long started = 0;
            for (long i = 0; i < conns; i++) {
                int fd = accept(lfd, NULL, NULL);
                if (fd < 0) { fail("server", (uint64_t)i, "accept", errno); continue; }
                if (pthread_create(&t[started], &attr, conn_thread, (void *)(intptr_t)fd)) { fail("server", (uint64_t)i, "thread", errno); close(fd); continue; }
                started++;
            }
            for (long i = 0; i < started; i++) pthread_join(t[i], NULL);
            free(t);
            pthread_attr_destroy(&attr);
        }
    } else {
        port = atoi(argv[3]);
        use_barrier = threads == conns;
        if (use_barrier)
            pthread_barrier_init(&barrier, NULL, (unsigned)conns);
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 256 * 1024);
        pthread_t *t = calloc((size_t)threads, sizeof *t);
        for (long base = 0; base < conns; base += threads) {
            int n = conns - base < threads ? (int)(conns - base) : threads;
            for (int i = 0; i < n; i++)
                if (pthread_create(&t[i], &attr, client_thread, (void *)(uintptr_t)(base + i + 1))) { perror("pthread_create"); return 2; }
            for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
        }
        free(t);
        pthread_attr_destroy(&attr);
    }
    gettimeofday(&t1, NULL);
    long rss1 = rss_kb();
    malloc_trim(0); /* give freed memory back, so RSS shows what is still in use */
    long rss2 = rss_kb();
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_usec - t0.tv_usec) / 1e6;
    printf("load %s %s: %ld/%ld connections complete, %ld bytes verified received, %ld errors, %d %s, %.1f s, RSS %ld kB -> %ld kB\n",
           argv[1], argv[2], (long)done, conns, (long)verified, (long)errors, threads,
           server ? (threads ? "threads" : "(a thread per connection)") : "concurrent per batch", secs, rss0, rss1);
    if (server)
        printf("load server %s: at most %ld connections open at once after their handshake; RSS after malloc_trim %ld kB\n",
               argv[2], (long)open_peak, rss2);
    Dl_info di;
    void *fn = gnutls_face ? (void *)gnutls_record_send : (void *)SSL_write;
    printf("load %s %s: %s from %s\n", argv[1], argv[2], gnutls_face ? "gnutls_record_send" : "SSL_write",
           dladdr(fn, &di) && di.dli_fname ? di.dli_fname : "?");
    return errors == 0 && done == conns ? 0 : 1;
}
