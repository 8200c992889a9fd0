/* OpenSSL I/O semantics in one process: a client and a server of the library under
 * test over a nonblocking socketpair. Checks: handshake by alternation, WANT_WRITE
 * when the socket is full and the retry with the same arguments reporting the whole
 * length exactly once (byte-exact at the peer), SSL_MODE_ENABLE_PARTIAL_WRITE
 * returning one record, SSL_peek / SSL_pending / SSL_read_ex, the shutdown sequence,
 * and SSL_write after shutdown. */
#include "harness.h"

#include <openssl/err.h>

#define BIG (1 << 20)

static unsigned char out[BIG], in[BIG];

static int pump_read(SSL *s, unsigned char *dst, size_t cap, size_t *got)
{
    for (;;) {
        int n = SSL_read(s, dst + *got, (int)(cap - *got));
        if (n > 0) {
            *got += (size_t)n;
            continue;
        }
        return SSL_get_error(s, n);
    }
}

int main(void)
{
    harness_init();
    for (int i = 0; i < BIG; i++)
        out[i] = (unsigned char)(i * 7 + (i >> 9));

    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(cctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);

    int sv[2];
    socket_pair(sv);
    set_nonblocking(sv[0], 1);
    set_nonblocking(sv[1], 1);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    SSL_set_fd(c, sv[0]);
    SSL_set_fd(s, sv[1]);
    SSL_set_tlsext_host_name(c, "localhost");
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);

    int cr = 0, sr = 0, rounds = 0;
    while ((cr != 1 || sr != 1) && rounds++ < 100) {
        if (cr != 1)
            cr = SSL_do_handshake(c);
        if (sr != 1)
            sr = SSL_do_handshake(s);
    }
    say("handshake: client %d server %d", cr, sr);
    say("client first SSL_do_handshake error kind: %s", ssl_error_name(SSL_get_error(c, cr)));
    say("version: %s / %s", SSL_get_version(c), SSL_get_version(s));
    say("verify result: %ld", SSL_get_verify_result(c));

    /* 1. WANT_WRITE and the same-arguments retry. */
    int w = SSL_write(c, out, BIG);
    say("SSL_write 1 MiB on a full socket: %d %s", w, ssl_error_name(SSL_get_error(c, w)));
    size_t got = 0;
    int tries = 0;
    while (w <= 0 && tries++ < 1000) {
        pump_read(s, in, sizeof in, &got);
        w = SSL_write(c, out, BIG);
        if (w <= 0 && SSL_get_error(c, w) != SSL_ERROR_WANT_WRITE)
            break;
    }
    say("retry with the same arguments returns: %d", w);
    int e = pump_read(s, in, sizeof in, &got);
    say("peer received: %zu bytes, byte-exact: %d, then %s", got, got == BIG && !memcmp(in, out, BIG),
        ssl_error_name(e));

    /* 2. Partial writes: one record at a time. */
    SSL_set_mode(c, SSL_MODE_ENABLE_PARTIAL_WRITE);
    w = SSL_write(c, out, 65536);
    say("partial-write mode SSL_write(64 KiB): %d", w);
    got = 0;
    pump_read(s, in, sizeof in, &got);
    say("peer received: %zu", got);
    SSL_clear_mode(c, SSL_MODE_ENABLE_PARTIAL_WRITE);

    /* 3. peek, pending, read_ex. */
    w = SSL_write(c, "0123456789abcdefghij", 20);
    say("SSL_write 20: %d", w);
    char buf[64] = {0};
    int p = -1;
    for (int i = 0; i < 100 && p <= 0; i++)
        p = SSL_peek(s, buf, 5);
    say("SSL_peek 5: %d '%.5s'", p, buf);
    say("SSL_pending after peek: %d, has_pending: %d", SSL_pending(s), SSL_has_pending(s));
    int r = SSL_read(s, buf, 8);
    say("SSL_read 8: %d '%.8s'", r, buf);
    say("SSL_pending: %d", SSL_pending(s));
    size_t rb = 0;
    int ok = SSL_read_ex(s, buf, sizeof buf, &rb);
    say("SSL_read_ex: %d %zu '%.*s'", ok, rb, (int)rb, buf);
    ok = SSL_read_ex(s, buf, sizeof buf, &rb);
    say("SSL_read_ex on empty socket: %d %zu %s", ok, rb, ssl_error_name(SSL_get_error(s, ok)));
    size_t wr = 0;
    ok = SSL_write_ex(c, "xyz", 3, &wr);
    say("SSL_write_ex: %d %zu", ok, wr);
    for (int i = 0; i < 100; i++)
        if ((ok = SSL_read_ex(s, buf, sizeof buf, &rb)) == 1)
            break;
    say("SSL_read_ex: %d %zu", ok, rb);

    /* 4. Shutdown. */
    int sd = SSL_shutdown(c);
    say("client SSL_shutdown 1: %d, state %d", sd, SSL_get_shutdown(c));
    r = SSL_read(s, buf, sizeof buf);
    say("server SSL_read after close_notify: %d %s, state %d", r, ssl_error_name(SSL_get_error(s, r)),
        SSL_get_shutdown(s));
    sd = SSL_shutdown(s);
    say("server SSL_shutdown: %d, state %d", sd, SSL_get_shutdown(s));
    sd = SSL_shutdown(c);
    for (int i = 0; i < 100 && sd == -1 && SSL_get_error(c, sd) == SSL_ERROR_WANT_READ; i++)
        sd = SSL_shutdown(c);
    say("client SSL_shutdown 2: %d, state %d", sd, SSL_get_shutdown(c));
    ERR_clear_error();
    w = SSL_write(c, "late", 4);
    unsigned long err = ERR_peek_error();
    say("SSL_write after shutdown: %d %s, reason %d", w, ssl_error_name(SSL_get_error(c, w)), ERR_GET_REASON(err));

    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    close(sv[0]);
    close(sv[1]);
    say("done");
    return 0;
}
