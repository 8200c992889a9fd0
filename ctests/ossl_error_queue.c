/* The error queue across calls a program makes between its I/O calls: an SSL_ctrl
 * command the library does not know returns 0 and queues nothing (OpenSSL's
 * ssl3_ctrl); informational calls such as SSL_get_shared_sigalgs (a tlsshim stub,
 * which queues an "unsupported" entry) must not turn the next handshake step's
 * SSL_get_error into SSL_ERROR_SSL: openssl s_client makes a dozen such calls and
 * never clears the queue. Client and server of the library under test over a BIO
 * pair; no peer. */
#include "harness.h"

#include <openssl/err.h>

int main(void)
{
    harness_init();
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = harness_server_ctx();
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    harness_bio_pair(c, s);
    ERR_clear_error();
    long r = SSL_ctrl(c, 9999, 0, NULL);
    say("SSL_ctrl(unknown command): %ld, queue empty: %d", r, ERR_peek_error() == 0);
    r = SSL_CTX_ctrl(cctx, 9999, 0, NULL);
    say("SSL_CTX_ctrl(unknown command): %ld, queue empty: %d", r, ERR_peek_error() == 0);
    say("SSL_get_shared_sigalgs before the handshake: %d",
        SSL_get_shared_sigalgs(c, 0, NULL, NULL, NULL, NULL, NULL));
    int cr = SSL_connect(c);
    say("SSL_connect %d %s", cr, ssl_error_name(SSL_get_error(c, cr)));
    int sr = SSL_accept(s);
    say("SSL_accept %d %s", sr, ssl_error_name(SSL_get_error(s, sr)));
    ERR_clear_error();
    pump_handshake(c, s, &cr, &sr);
    say("handshake %d %d", cr, sr);
    /* After the handshake, before any data: a read would block. */
    say("SSL_get_shared_sigalgs: %d", SSL_get_shared_sigalgs(c, 0, NULL, NULL, NULL, NULL, NULL));
    char buf[16];
    int n = SSL_read(c, buf, sizeof buf);
    say("SSL_read %d %s", n, ssl_error_name(SSL_get_error(c, n)));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    say("done");
    return 0;
}
