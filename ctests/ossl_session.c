/* Client resumption the way curl does it (a new SSL_CTX per connection: the session
 * from the new-session callback is given to the next connection with
 * SSL_set_session), the keylog callback, the write-retry rules (shorter length,
 * moved buffer, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER), SSL_write of 0 and -1 bytes,
 * and the alert strings. Peer: openssl s_server -www (OSSL_PORT). */
#include "harness.h"

#include <openssl/err.h>

static SSL_SESSION *saved;
static int new_cb_calls, keylog_lines, keylog_client_traffic;

static int on_new_session(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    new_cb_calls++;
    if (saved)
        SSL_SESSION_free(saved);
    saved = sess;
    return 1; /* we keep the reference */
}

static void on_keylog(const SSL *ssl, const char *line)
{
    (void)ssl;
    keylog_lines++;
    if (!strncmp(line, "CLIENT_TRAFFIC_SECRET_0 ", 24) && strlen(line) == 24 + 64 + 1 + 96)
        keylog_client_traffic++;
}

static void fetch(int port, int round)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
    SSL_CTX_sess_set_new_cb(ctx, on_new_session);
    SSL_CTX_set_keylog_callback(ctx, on_keylog);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, tcp_connect(port));
    SSL_set_tlsext_host_name(ssl, "localhost");
    if (saved)
        say("round %d SSL_set_session: %d", round, SSL_set_session(ssl, saved));
    say("round %d SSL_connect: %d", round, SSL_connect(ssl));
    say("round %d SSL_write: %d", round, SSL_write(ssl, "GET / HTTP/1.0\r\n\r\n", 18));
    char buf[4096];
    int n, total = 0;
    while ((n = SSL_read(ssl, buf, sizeof buf)) > 0)
        total += n;
    say("round %d read something: %d, SSL_session_reused: %d", round, total > 0, SSL_session_reused(ssl));
    say("round %d new-session callback called: %d", round, new_cb_calls > 0);
    SSL_SESSION *s1 = SSL_get1_session(ssl);
    say("round %d SSL_get1_session: %s, version %x", round, s1 ? "session" : "NULL",
        s1 ? SSL_SESSION_get_protocol_version(s1) : 0);
    SSL_SESSION_free(s1);
    SSL_shutdown(ssl);
    close(SSL_get_fd(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    new_cb_calls = 0;
}

int main(void)
{
    harness_init();
    int port = harness_port("OSSL_PORT");
    fetch(port, 1);
    say("keylog lines seen: %d, CLIENT_TRAFFIC_SECRET_0 well formed: %d", keylog_lines > 0, keylog_client_traffic);
    fetch(port, 2);
    SSL_SESSION_free(saved);

    /* Write-retry rules over a nonblocking socketpair whose peer never reads. */
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    static unsigned char big[1 << 20], other[1 << 20];
    for (int mode = 0; mode < 3; mode++) {
        int sv[2];
        socket_pair(sv);
        set_nonblocking(sv[0], 1);
        set_nonblocking(sv[1], 1);
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        SSL_set_fd(c, sv[0]);
        SSL_set_fd(s, sv[1]);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        for (int i = 0; i < 50; i++) {
            SSL_do_handshake(c);
            SSL_do_handshake(s);
        }
        ERR_clear_error();
        if (mode == 2)
            SSL_set_mode(c, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        int w = SSL_write(c, big, sizeof big);
        say("mode %d first write: %d %s", mode, w, ssl_error_name(SSL_get_error(c, w)));
        if (mode == 0)
            w = SSL_write(c, big, 100); /* shorter */
        else
            w = SSL_write(c, other, sizeof other); /* moved */
        unsigned long e = ERR_peek_error();
        say("mode %d retry: %d %s reason %d", mode, w, ssl_error_name(SSL_get_error(c, w)), ERR_GET_REASON(e));
        ERR_clear_error();
        w = SSL_write(c, big, sizeof big);
        say("mode %d write after that: %s", mode, w > 0 ? "bytes" : ssl_error_name(SSL_get_error(c, w)));
        ERR_clear_error();
        SSL_free(c);
        SSL_free(s);
        close(sv[0]);
        close(sv[1]);
    }

    /* SSL_write of 0 and -1 bytes on a connected client. */
    {
        int sv[2];
        socket_pair(sv);
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        SSL_set_fd(c, sv[0]);
        SSL_set_fd(s, sv[1]);
        set_nonblocking(sv[0], 1);
        set_nonblocking(sv[1], 1);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        for (int i = 0; i < 50; i++) {
            SSL_do_handshake(c);
            SSL_do_handshake(s);
        }
        ERR_clear_error();
        int w = SSL_write(c, "x", 0);
        say("SSL_write 0 bytes: %d %s, queue %s", w, ssl_error_name(SSL_get_error(c, w)), ERR_peek_error() ? "set" : "empty");
        size_t written = 99;
        say("SSL_write_ex 0 bytes: %d written %zu", SSL_write_ex(c, "x", 0, &written), written);
        w = SSL_write(c, "x", -1);
        say("SSL_write -1 bytes: %d %s reason %d", w, ssl_error_name(SSL_get_error(c, w)), ERR_GET_REASON(ERR_peek_error()));
        ERR_clear_error();
        w = SSL_write(c, "still usable", 12);
        say("then SSL_write 12: %d", w);
        SSL_free(c);
        SSL_free(s);
        close(sv[0]);
        close(sv[1]);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);

    for (int v = 0; v < 256; v++)
        if (strcmp(SSL_alert_desc_string_long(v), "unknown"))
            say("alert %d: %s %s", v, SSL_alert_desc_string(v), SSL_alert_desc_string_long(v));
    for (int l = 0; l < 4; l++)
        say("alert level %d: %s %s", l, SSL_alert_type_string(l << 8), SSL_alert_type_string_long(l << 8));
    say("done");
    return 0;
}
