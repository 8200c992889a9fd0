/* TLS 1.3 key updates through both faces against real peers: gnutls_handshake called
 * again on an established session (a KeyUpdate, returning 0), gnutls_session_key_update,
 * SSL_key_update before a write; the connection goes on working afterwards. Peers:
 * gnutls-serv --http (GNUTLS_PORT) and openssl s_server -www (OSSL_PORT). */
#include "harness.h"

#include <openssl/err.h>

static void first_line(const char *who, const char *buf)
{
    const char *nl = strchr(buf, '\r');
    say("%s first line: %.*s", who, nl ? (int)(nl - buf) : (int)strlen(buf), buf);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    int fd = tcp_connect(harness_port("GNUTLS_PORT")); /* set_int is a macro using it twice */
    gnutls_transport_set_int(s, fd);
    int r = gnutls_handshake(s);
    say("gnutls_handshake: %d, version %s", r, gnutls_protocol_get_name(gnutls_protocol_get_version(s)));
    say("gnutls_handshake again (key update): %d", gnutls_handshake(s));
    say("gnutls_session_key_update(GNUTLS_KU_PEER): %d", gnutls_session_key_update(s, GNUTLS_KU_PEER));
    const char *req = "GET / HTTP/1.0\r\n\r\n";
    say("record_send: %zd", gnutls_record_send(s, req, strlen(req)));
    char buf[8192] = {0};
    ssize_t n, total = 0;
    while ((n = gnutls_record_recv(s, buf + total, sizeof buf - 1 - (size_t)total)) > 0 || n == GNUTLS_E_AGAIN)
        if (n > 0)
            total += n;
    first_line("gnutls", buf);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL *ssl = SSL_new(ctx);
    ERR_clear_error();
    r = SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED);
    say("SSL_key_update before the handshake: %d, reason %d", r, ERR_GET_REASON(ERR_peek_error()));
    ERR_clear_error();
    SSL_set_fd(ssl, tcp_connect(harness_port("OSSL_PORT")));
    SSL_set_tlsext_host_name(ssl, "localhost");
    say("key update type before the handshake: %d", SSL_get_key_update_type(ssl));
    say("SSL_connect: %d", SSL_connect(ssl));
    say("key update type %d, in init %d, init finished %d", SSL_get_key_update_type(ssl), SSL_in_init(ssl),
        SSL_is_init_finished(ssl));
    r = SSL_key_update(ssl, 7);
    say("SSL_key_update(7): %d, reason %d", r, ERR_GET_REASON(ERR_peek_error()));
    ERR_clear_error();
    say("SSL_key_update(REQUESTED): %d", SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED));
    /* OpenSSL is "in init" until the KeyUpdate goes out (openssl s_client relies on
     * the type to tell this from a handshake). */
    say("key update type %d, in init %d, init finished %d", SSL_get_key_update_type(ssl), SSL_in_init(ssl),
        SSL_is_init_finished(ssl));
    say("SSL_write: %d", SSL_write(ssl, req, (int)strlen(req)));
    say("key update type %d, in init %d, init finished %d", SSL_get_key_update_type(ssl), SSL_in_init(ssl),
        SSL_is_init_finished(ssl));
    memset(buf, 0, sizeof buf);
    int got = 0;
    while ((r = SSL_read(ssl, buf + got, (int)sizeof buf - 1 - got)) > 0)
        got += r;
    first_line("openssl", buf);
    SSL_shutdown(ssl);
    close(SSL_get_fd(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    say("done");
    return 0;
}
