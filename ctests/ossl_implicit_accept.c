/* A server SSL in accept state that the program reads from / writes to before any
 * handshake call (SSL_read, SSL_read_ex with a 0 length, SSL_peek, SSL_write: each
 * runs the handshake implicitly, as OpenSSL documents). Found by fuzz/api_ossl: the
 * tlsshim engine used the connection before the ClientHello was accepted (a panic,
 * caught by the export's guard, so the call failed with ERR_R_INTERNAL_ERROR).
 * Client and server of the library under test over a nonblocking socketpair. */
#include "harness.h"

#include <openssl/err.h>

static void report(const char *what, SSL *s, int r)
{
    unsigned long e = ERR_peek_error();
    say("%s: %d, %s, ERR queue %s", what, r, ssl_error_name(SSL_get_error(s, r)), e ? "not empty" : "empty");
    ERR_clear_error();
}

int main(void)
{
    harness_init();
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

    char buf[64];
    size_t got = 0;
    /* Nothing sent yet: every call wants to read the ClientHello. */
    report("server SSL_read before the handshake", s, SSL_read(s, buf, sizeof buf));
    report("server SSL_read_ex(len 0) before the handshake", s, SSL_read_ex(s, buf, 0, &got));
    report("server SSL_peek before the handshake", s, SSL_peek(s, buf, sizeof buf));
    report("server SSL_write before the handshake", s, SSL_write(s, "x", 1));

    /* The client's handshake and the server's SSL_read alternate until the client's
     * data arrives: the read completes the handshake on its own. */
    int cr = 0, sr = -1, rounds = 0, wrote = 0;
    while (sr <= 0 && rounds++ < 200) {
        if (cr != 1)
            cr = SSL_do_handshake(c);
        if (cr == 1 && !wrote)
            wrote = SSL_write(c, "hello", 5) == 5;
        sr = SSL_read(s, buf, sizeof buf);
        if (sr <= 0) {
            int k = SSL_get_error(s, sr);
            if (k != SSL_ERROR_WANT_READ && k != SSL_ERROR_WANT_WRITE)
                break;
            ERR_clear_error();
        }
    }
    say("client handshake %d, client wrote %d", cr, wrote);
    say("server SSL_read after the implicit handshake: %d '%.*s'", sr, sr > 0 ? sr : 0, buf);
    say("server finished: %d", SSL_is_init_finished(s));
    /* And the server writes back through the same connection. */
    int sw = SSL_write(s, "world", 5);
    int r = -1;
    for (int i = 0; i < 50 && r <= 0; i++)
        r = SSL_read(c, buf, sizeof buf);
    say("server SSL_write %d, client read %d '%.*s'", sw, r, r > 0 ? r : 0, buf);
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
