/* Security level (SSL_CTX_/SSL_ set/get_security_level, @SECLEVEL=n in a cipher
 * string) and early data refused cleanly when it is not configured:
 * SSL_read_early_data on a server (it runs the handshake up to the ClientHello, then
 * says FINISH), on a client, SSL_write_early_data on a client with no early-data
 * session and on a server, the max/recv_max early data settings, and
 * SSL_get_early_data_status. Client and server in this process, over a socketpair. */
#include "harness.h"

#include <openssl/err.h>

static void show_err(const char *what, int r, SSL *ssl)
{
    unsigned long e = ERR_peek_error();
    say("%s: %d, SSL_get_error %s, error lib %d reason %d", what, r, ssl_error_name(SSL_get_error(ssl, r)),
        e ? ERR_GET_LIB(e) : 0, e ? ERR_GET_REASON(e) : 0);
    ERR_clear_error();
}

int main(void)
{
    harness_init();
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());

    /* Security level. */
    say("ctx default security level: %d", SSL_CTX_get_security_level(cctx));
    SSL_CTX_set_security_level(cctx, 3);
    say("ctx after set 3: %d", SSL_CTX_get_security_level(cctx));
    SSL *c = SSL_new(cctx);
    say("SSL inherits: %d", SSL_get_security_level(c));
    SSL_set_security_level(c, 0);
    say("SSL after set 0: %d, ctx still %d", SSL_get_security_level(c), SSL_CTX_get_security_level(cctx));
    SSL_free(c);
    int r0 = SSL_CTX_set_cipher_list(cctx, "DEFAULT:@SECLEVEL=0");
    say("cipher list with @SECLEVEL=0: %d, level %d", r0, SSL_CTX_get_security_level(cctx));
    r0 = SSL_CTX_set_cipher_list(cctx, "HIGH:!aNULL:@SECLEVEL=4");
    say("cipher list with @SECLEVEL=4: %d, level %d", r0, SSL_CTX_get_security_level(cctx));
    ERR_clear_error();
    SSL_CTX_set_security_level(cctx, 1);

    /* Early data settings. */
    say("ctx max_early_data %u recv_max %u", SSL_CTX_get_max_early_data(sctx), SSL_CTX_get_recv_max_early_data(sctx));
    int r1 = SSL_CTX_set_max_early_data(sctx, 0), r2 = SSL_CTX_set_recv_max_early_data(sctx, 1000);
    say("set max 0: %d, set recv_max 1000: %d, now %u %u", r1, r2, SSL_CTX_get_max_early_data(sctx),
        SSL_CTX_get_recv_max_early_data(sctx));

    int sv[2];
    socket_pair(sv);
    set_nonblocking(sv[0], 1);
    set_nonblocking(sv[1], 1);
    c = SSL_new(cctx);
    SSL *s = SSL_new(sctx);
    SSL_set_fd(c, sv[0]);
    SSL_set_fd(s, sv[1]);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    unsigned int m0 = SSL_get_max_early_data(s);
    say("SSL max_early_data %u, set 0: %d", m0, SSL_set_max_early_data(s, 0));
    char buf[64];
    size_t n = 99;
    show_err("client SSL_write_early_data, no session", SSL_write_early_data(c, "x", 1, &n), c);
    say("  written left at %zu", n);
    show_err("client SSL_read_early_data", SSL_read_early_data(c, buf, sizeof buf, &n), c);
    show_err("server SSL_write_early_data", SSL_write_early_data(s, "x", 1, &n), s);
    n = 99;
    show_err("server SSL_read_early_data before the ClientHello", SSL_read_early_data(s, buf, sizeof buf, &n), s);
    say("  readbytes %zu", n);
    SSL_connect(c); /* the ClientHello goes out */
    n = 99;
    int r = SSL_read_early_data(s, buf, sizeof buf, &n);
    say("server SSL_read_early_data after the ClientHello: %d (FINISH is %d), readbytes %zu", r,
        SSL_READ_EARLY_DATA_FINISH, n);
    ERR_clear_error();
    int cr = 0, sr = 0;
    pump_handshake(c, s, &cr, &sr);
    say("handshake: %d %d", cr == 1, sr == 1);
    say("early data status: client %d server %d (NOT_SENT %d)", SSL_get_early_data_status(c),
        SSL_get_early_data_status(s), SSL_EARLY_DATA_NOT_SENT);
    show_err("server SSL_read_early_data after the handshake", SSL_read_early_data(s, buf, sizeof buf, &n), s);
    SSL_write(c, "ping", 4);
    int got = 0;
    for (int i = 0; i < 5 && got <= 0; i++)
        got = SSL_read(s, buf, sizeof buf);
    say("then SSL_read: %d", got);
    SSL_SESSION *sess = SSL_get1_session(c);
    say("session max_early_data: %u", sess ? SSL_SESSION_get_max_early_data(sess) : 99);
    SSL_SESSION_free(sess);
    SSL_free(c);
    SSL_free(s);
    close(sv[0]);
    close(sv[1]);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
