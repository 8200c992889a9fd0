/* ctests/bench/gnutls_bench.c — GnuTLS benchmark; see bench.h and tools/bench.py.
 *
 *   gnutls_bench bulk tls13-aes128|tls13-aes256|tls13-chacha|tls12-aes128 MIB
 *   gnutls_bench hs ecdsa|rsa N       full handshakes per second
 *   gnutls_bench resume N             resumed handshakes per second (server session
 *                                     tickets; client gnutls_session_get_data2 /
 *                                     gnutls_session_set_data)
 *   gnutls_bench mem N                heap per endpoint with N connections open
 *   gnutls_bench rtt N                1 KiB request/response round trips per second
 *
 * Every connection: TLS handshake (X25519 key share, the client verifies the chain
 * against ca.pem and the name "localhost"), the server sends one byte (so the client
 * has processed the session tickets), then both sides close with close_notify
 * (client gnutls_bye(SHUT_RDWR), server gnutls_bye(SHUT_WR) after the client's).
 * Full-handshake runs give every connection its own SNI name, as ossl_bench does.
 */
#include "bench.h"
#include <gnutls/gnutls.h>

static struct opts O;
static gnutls_certificate_credentials_t screds, ccreds;
static gnutls_priority_t prio;
static gnutls_datum_t ticket_key;
static int tickets_ok;

static void g_die(const char *what, int r)
{
    die("%s failed: %d %s", what, r, gnutls_strerror(r));
}

static void read_full(gnutls_session_t s, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = gnutls_record_recv(s, buf + got, n - got > CHUNK ? CHUNK : n - got);
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
            continue;
        if (r <= 0)
            g_die("gnutls_record_recv", (int)r);
        got += (size_t)r;
    }
}

static void write_full(gnutls_session_t s, const char *buf, size_t n)
{
    size_t sent = 0;
    while (sent < n) {
        ssize_t r = gnutls_record_send(s, buf + sent, n - sent);
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
            continue;
        if (r <= 0)
            g_die("gnutls_record_send", (int)r);
        sent += (size_t)r;
    }
}

/* Waits for the peer's close_notify (gnutls_record_recv returns 0). */
static void wait_close(gnutls_session_t s)
{
    char b[256];
    ssize_t r;
    while ((r = gnutls_record_recv(s, b, sizeof b)) > 0 || r == GNUTLS_E_AGAIN ||
           r == GNUTLS_E_INTERRUPTED) {
    }
}

static void setup(void)
{
    const char *suite = O.mode == M_BULK ? O.arg : "default";
    int rsa = O.mode == M_HS && !strcmp(O.arg, "rsa");
    int r;
    if ((r = gnutls_global_init()) < 0)
        g_die("gnutls_global_init", r);
    gnutls_certificate_allocate_credentials(&screds);
    gnutls_certificate_allocate_credentials(&ccreds);
    r = gnutls_certificate_set_x509_key_file(screds, pki_path(&O, rsa ? "server-rsa.pem" : "server.pem"),
                                             pki_path(&O, rsa ? "server-rsa.key" : "server.key"),
                                             GNUTLS_X509_FMT_PEM);
    if (r < 0)
        g_die("set_x509_key_file", r);
    r = gnutls_certificate_set_x509_trust_file(ccreds, pki_path(&O, "ca.pem"), GNUTLS_X509_FMT_PEM);
    if (r <= 0)
        g_die("set_x509_trust_file", r);
    const char *p =
        !strcmp(suite, "tls13-aes128")
            ? "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:-GROUP-ALL:+GROUP-X25519"
        : !strcmp(suite, "tls13-aes256")
            ? "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-256-GCM:-GROUP-ALL:+GROUP-X25519"
        : !strcmp(suite, "tls13-chacha")
            ? "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305:-GROUP-ALL:+GROUP-X25519"
        /* P-256 too: a TLS 1.2 ECDSA certificate's curve must be among the client's groups. */
        : !strcmp(suite, "tls12-aes128")
            ? "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+ECDHE-ECDSA:"
              "-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1"
        : !strcmp(suite, "default") ? "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-X25519"
                                    : (die("unknown suite %s", suite), "");
    const char *errpos = NULL;
    if ((r = gnutls_priority_init(&prio, p, &errpos)) < 0)
        g_die("gnutls_priority_init", r);
    if (O.mode == M_RESUME) {
        r = gnutls_session_ticket_key_generate(&ticket_key);
        tickets_ok = r == 0;
        if (!tickets_ok)
            fprintf(stderr, "bench: gnutls_session_ticket_key_generate: %d\n", r);
    }
}

static gnutls_session_t new_session(int fd, unsigned flags)
{
    gnutls_session_t s;
    int r;
    if ((r = gnutls_init(&s, flags)) < 0)
        g_die("gnutls_init", r);
    if ((r = gnutls_priority_set(s, prio)) < 0)
        g_die("gnutls_priority_set", r);
    if ((r = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE,
                                    flags & GNUTLS_SERVER ? screds : ccreds)) < 0)
        g_die("gnutls_credentials_set", r);
    gnutls_transport_set_int(s, fd);
    return s;
}

static void handshake(gnutls_session_t s, const char *who)
{
    int r;
    do {
        r = gnutls_handshake(s);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    if (r < 0) {
        fprintf(stderr, "bench: %s handshake\n", who);
        g_die("gnutls_handshake", r);
    }
}

/* ---- server side ---- */
static gnutls_session_t *held; /* mem mode: the server's connections */
static long nheld;
static volatile int warming = 1; /* the untimed first connection */

static gnutls_session_t server_accept(int fd)
{
    gnutls_session_t s = new_session(fd, GNUTLS_SERVER);
    if (tickets_ok) {
        int r = gnutls_session_ticket_enable_server(s, &ticket_key);
        if (r < 0)
            fprintf(stderr, "bench: gnutls_session_ticket_enable_server: %d\n", r);
    }
    handshake(s, "server");
    write_full(s, "x", 1);
    return s;
}

static void server_close(gnutls_session_t s)
{
    int fd = gnutls_transport_get_int(s);
    wait_close(s);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    gnutls_deinit(s);
    close(fd);
}

static void serve(int fd)
{
    static char buf[CHUNK];
    if (fd <= -2) { /* mem mode: traffic on held connection -(fd+2) */
        gnutls_session_t s = held[-(fd + 2)];
        read_full(s, buf, CHUNK);
        write_full(s, buf, CHUNK);
        server_done_signal();
        return;
    }
    gnutls_session_t s = server_accept(fd);
    switch (warming ? M_HS : O.mode) {
    case M_BULK: {
        long long left = (long long)O.n << 20;
        while (left > 0) {
            ssize_t r = gnutls_record_recv(s, buf, CHUNK);
            if (r <= 0)
                g_die("server gnutls_record_recv", (int)r);
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
static gnutls_datum_t last_session;

static gnutls_session_t client_connect(int fd, long i)
{
    char sni[64];
    gnutls_session_t c = new_session(fd, GNUTLS_CLIENT);
    if (O.mode == M_RESUME)
        snprintf(sni, sizeof sni, "localhost");
    else
        snprintf(sni, sizeof sni, "c%ld.bench.invalid", i);
    gnutls_server_name_set(c, GNUTLS_NAME_DNS, sni, strlen(sni));
    gnutls_session_set_verify_cert(c, "localhost", 0);
    if (last_session.data) {
        int r = gnutls_session_set_data(c, last_session.data, last_session.size);
        if (r < 0)
            fprintf(stderr, "bench: gnutls_session_set_data: %d\n", r);
    }
    handshake(c, "client");
    char b;
    read_full(c, &b, 1);
    return c;
}

static void client_close(gnutls_session_t c)
{
    int fd = gnutls_transport_get_int(c);
    int r;
    do {
        r = gnutls_bye(c, GNUTLS_SHUT_RDWR);
    } while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
    gnutls_deinit(c);
    close(fd);
}

/* One complete connection; returns whether it resumed. */
static int one_connection(long i)
{
    gnutls_session_t c = client_connect(new_conn(), i);
    int reused = gnutls_session_is_resumed(c) != 0;
    if (O.mode == M_RESUME) {
        gnutls_datum_t d = {0};
        if (gnutls_session_get_data2(c, &d) == 0) {
            gnutls_free(last_session.data);
            last_session = d;
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
        gnutls_session_t c = client_connect(new_conn(), 0);
        long long total = (long long)O.n << 20;
        double t0 = now();
        for (long long sent = 0; sent < total; sent += CHUNK)
            write_full(c, buf, CHUNK);
        char k;
        read_full(c, &k, 1);
        double t = now() - t0;
        result("MBps", (double)total / 1e6 / t);
        fprintf(stderr, "bench: %s %s\n", gnutls_protocol_get_name(gnutls_protocol_get_version(c)),
                gnutls_cipher_get_name(gnutls_cipher_get(c)));
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
        gnutls_session_t c = client_connect(new_conn(), 0);
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
        gnutls_session_t *cl = calloc((size_t)O.n, sizeof *cl);
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
