/* ctests/bench/ossl_bench.c — libssl benchmark; see bench.h and tools/bench.py.
 *
 *   ossl_bench bulk tls13-aes128|tls13-aes256|tls13-chacha|tls12-aes128 MIB
 *   ossl_bench hs ecdsa|rsa N        full handshakes per second
 *   ossl_bench resume N              resumed handshakes per second (SSL_get1_session /
 *                                    SSL_set_session, same SSL_CTX)
 *   ossl_bench mem N                 heap per endpoint with N connections open
 *   ossl_bench rtt N                 1 KiB request/response round trips per second
 *
 * Every connection: TLS handshake (X25519, the client verifies the chain against
 * ca.pem and the name "localhost"), the server sends one byte (so the client has
 * processed the session tickets), then both sides close with close_notify.
 * Full-handshake runs give every connection its own SNI name so that no library
 * resumes (tlsshim resumes on its own when an SSL_CTX is reused for the same name);
 * resumed handshakes are counted with SSL_session_reused.
 */
#include "bench.h"
#include <openssl/err.h>
#include <openssl/ssl.h>

static struct opts O;
static SSL_CTX *sctx, *cctx;

static void ossl_die(const char *what)
{
    fprintf(stderr, "bench: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static void read_full(SSL *s, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        int r = SSL_read(s, buf + got, (int)(n - got > CHUNK ? CHUNK : n - got));
        if (r <= 0)
            ossl_die("SSL_read");
        got += (size_t)r;
    }
}

static void write_full(SSL *s, const char *buf, size_t n)
{
    if (SSL_write(s, buf, (int)n) != (int)n)
        ossl_die("SSL_write");
}

/* Waits for the peer's close_notify (SSL_read returns 0). */
static void wait_close(SSL *s)
{
    char b[256];
    while (SSL_read(s, b, sizeof b) > 0) {
    }
}

static void setup(void)
{
    const char *suite = O.mode == M_BULK ? O.arg : "default";
    int tls12 = !strncmp(suite, "tls12", 5);
    int rsa = O.mode == M_HS && !strcmp(O.arg, "rsa");

    sctx = SSL_CTX_new(TLS_server_method());
    cctx = SSL_CTX_new(TLS_client_method());
    if (!sctx || !cctx)
        ossl_die("SSL_CTX_new");
    if (SSL_CTX_use_certificate_chain_file(sctx, pki_path(&O, rsa ? "server-rsa.pem" : "server.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(sctx, pki_path(&O, rsa ? "server-rsa.key" : "server.key"),
                                    SSL_FILETYPE_PEM) != 1)
        ossl_die("server certificate");
    if (SSL_CTX_load_verify_locations(cctx, pki_path(&O, "ca.pem"), NULL) != 1)
        ossl_die("load_verify_locations");
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    /* P-256 too: a TLS 1.2 ECDSA certificate's curve must be among the client's groups. */
    SSL_CTX_set1_groups_list(sctx, "X25519:P-256");
    SSL_CTX_set1_groups_list(cctx, "X25519:P-256");
    if (O.mode == M_RESUME)
        SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    if (tls12) {
        SSL_CTX_set_max_proto_version(sctx, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
        if (SSL_CTX_set_cipher_list(sctx, "ECDHE-ECDSA-AES128-GCM-SHA256") != 1 ||
            SSL_CTX_set_cipher_list(cctx, "ECDHE-ECDSA-AES128-GCM-SHA256") != 1)
            ossl_die("set_cipher_list");
    } else {
        SSL_CTX_set_min_proto_version(sctx, TLS1_3_VERSION);
        SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION);
        const char *cs = !strcmp(suite, "tls13-aes128")   ? "TLS_AES_128_GCM_SHA256"
                         : !strcmp(suite, "tls13-aes256") ? "TLS_AES_256_GCM_SHA384"
                         : !strcmp(suite, "tls13-chacha") ? "TLS_CHACHA20_POLY1305_SHA256"
                         : !strcmp(suite, "default")      ? NULL
                                                          : (die("unknown suite %s", suite), NULL);
        if (cs && (SSL_CTX_set_ciphersuites(sctx, cs) != 1 || SSL_CTX_set_ciphersuites(cctx, cs) != 1))
            ossl_die("set_ciphersuites");
    }
}

/* ---- server side ---- */
static SSL **held; /* mem mode: the server's connections */
static long nheld;
static volatile int warming = 1; /* the untimed first connection */

static SSL *server_accept(int fd)
{
    SSL *s = SSL_new(sctx);
    if (!s || SSL_set_fd(s, fd) != 1)
        ossl_die("server SSL_new");
    if (SSL_accept(s) != 1)
        ossl_die("SSL_accept");
    write_full(s, "x", 1);
    return s;
}

static void server_close(SSL *s)
{
    int fd = SSL_get_fd(s);
    wait_close(s);
    SSL_shutdown(s);
    SSL_free(s);
    close(fd);
}

static void serve(int fd)
{
    static char buf[CHUNK];
    if (fd <= -2) { /* mem mode: traffic on held connection -(fd+2) */
        SSL *s = held[-(fd + 2)];
        read_full(s, buf, CHUNK);
        write_full(s, buf, CHUNK);
        server_done_signal();
        return;
    }
    SSL *s = server_accept(fd);
    switch (warming ? M_HS : O.mode) {
    case M_BULK: {
        long long left = (long long)O.n << 20;
        while (left > 0) {
            int r = SSL_read(s, buf, CHUNK);
            if (r <= 0)
                ossl_die("server SSL_read");
            left -= r;
        }
        write_full(s, "k", 1);
        break;
    }
    case M_RTT:
        for (long i = 0; i < O.n; i++) {
            read_full(s, buf, RTT_SIZE);
            write_full(s, buf, RTT_SIZE);
        }
        break;
    case M_MEM:
        if (warming)
            break;
        held[nheld++] = s;
        server_done_signal();
        return;
    default:
        break;
    }
    server_close(s);
    if (O.mode == M_MEM)
        server_done_signal();
}

/* ---- client side ---- */
static SSL_SESSION *last_session;

static SSL *client_connect(int fd, long i)
{
    char sni[64];
    SSL *c = SSL_new(cctx);
    if (!c || SSL_set_fd(c, fd) != 1)
        ossl_die("client SSL_new");
    if (O.mode == M_RESUME)
        snprintf(sni, sizeof sni, "localhost");
    else
        snprintf(sni, sizeof sni, "c%ld.bench.invalid", i);
    SSL_set_tlsext_host_name(c, sni);
    if (SSL_set1_host(c, "localhost") != 1)
        ossl_die("SSL_set1_host");
    if (last_session && SSL_set_session(c, last_session) != 1)
        ERR_clear_error(); /* tlsshim: a stub; it resumes through the SSL_CTX */
    if (SSL_connect(c) != 1)
        ossl_die("SSL_connect");
    char b;
    if (SSL_read(c, &b, 1) != 1)
        ossl_die("client SSL_read");
    return c;
}

static void client_close(SSL *c)
{
    int fd = SSL_get_fd(c);
    SSL_shutdown(c);
    wait_close(c);
    SSL_free(c);
    close(fd);
}

/* One complete connection; returns whether it resumed. */
static int one_connection(long i)
{
    SSL *c = client_connect(new_conn(), i);
    int reused = SSL_session_reused(c);
    if (O.mode == M_RESUME) {
        SSL_SESSION *s = SSL_get1_session(c);
        if (s) {
            SSL_SESSION_free(last_session);
            last_session = s;
        } else {
            ERR_clear_error();
        }
    }
    client_close(c);
    return reused;
}

int main(int argc, char **argv)
{
    O = parse_opts(argc, argv);
    raise_fd_limit();
    setup();
    server_start();
    /* Warm-up: one connection, untimed (lazy initialisation, first ticket). */
    one_connection(-1);
    if (O.mode == M_MEM)
        server_done_wait();
    warming = 0;

    switch (O.mode) {
    case M_BULK: {
        static char buf[CHUNK];
        memset(buf, 'b', sizeof buf);
        SSL *c = client_connect(new_conn(), 0);
        long long total = (long long)O.n << 20;
        double t0 = now();
        for (long long sent = 0; sent < total; sent += CHUNK)
            write_full(c, buf, CHUNK);
        char k;
        if (SSL_read(c, &k, 1) != 1)
            ossl_die("ack");
        double t = now() - t0;
        result("MBps", (double)total / 1e6 / t);
        const SSL_CIPHER *ci = SSL_get_current_cipher(c);
        fprintf(stderr, "bench: %s %s\n", SSL_get_version(c), ci ? SSL_CIPHER_get_name(ci) : "?");
        client_close(c);
        break;
    }
    case M_HS:
    case M_RESUME: {
        long reused = 0;
        double t0 = now();
        for (long i = 0; i < O.n; i++)
            reused += one_connection(i);
        double t = now() - t0;
        result("hps", (double)O.n / t);
        result("reused", (double)reused / (double)O.n);
        break;
    }
    case M_RTT: {
        static char buf[RTT_SIZE];
        memset(buf, 'r', sizeof buf);
        SSL *c = client_connect(new_conn(), 0);
        double t0 = now();
        for (long i = 0; i < O.n; i++) {
            write_full(c, buf, RTT_SIZE);
            read_full(c, buf, RTT_SIZE);
        }
        double t = now() - t0;
        result("rtps", (double)O.n / t);
        client_close(c);
        break;
    }
    case M_MEM: {
        held = calloc((size_t)O.n, sizeof *held);
        SSL **cl = calloc((size_t)O.n, sizeof *cl);
        long h0 = heap_used(), r0 = rss_bytes();
        for (long i = 0; i < O.n; i++) {
            cl[i] = client_connect(new_conn(), i);
            server_done_wait();
        }
        long h1 = heap_used(), r1 = rss_bytes();
        static char buf[CHUNK];
        memset(buf, 'm', sizeof buf);
        for (long i = 0; i < O.n; i++) {
            int cmd = (int)(-(i + 2));
            if (write(srv_pipe[1], &cmd, sizeof cmd) != sizeof cmd)
                die("pipe");
            write_full(cl[i], buf, CHUNK);
            read_full(cl[i], buf, CHUNK);
            server_done_wait();
        }
        long h2 = heap_used(), r2 = rss_bytes();
        double per = 2.0 * (double)O.n; /* client and server endpoints */
        result("heap_hs", (double)(h1 - h0) / per);
        result("heap_traffic", (double)(h2 - h0) / per);
        result("rss_hs", (double)(r1 - r0) / per);
        result("rss_traffic", (double)(r2 - r0) / per);
        break;
    }
    }
    server_stop();
    return 0;
}
