/* A blocking libssl client against `openssl s_server -www` (OSSL_PORT):
 * CA file, peer verification, SNI, handshake facts, an HTTP request, the read loop
 * to EOF and the shutdown sequence. */
#include "harness.h"

#include <openssl/err.h>
#include <openssl/x509.h>

int main(void)
{
    harness_init();
    int port = harness_port("OSSL_PORT");

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    say("SSL_CTX_new: %s", ctx ? "ok" : "NULL");
    if (!ctx)
        return 0;
    say("SSL_CTX_load_verify_locations: %d",
        SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL));
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    say("SSL_CTX_get_verify_mode: %d", SSL_CTX_get_verify_mode(ctx));

    SSL *ssl = SSL_new(ctx);
    say("SSL_new: %s", ssl ? "ok" : "NULL");
    if (!ssl)
        return 0;
    say("SSL_set_tlsext_host_name: %ld", SSL_set_tlsext_host_name(ssl, "localhost"));
    int fd = tcp_connect(port);
    say("SSL_set_fd: %d", SSL_set_fd(ssl, fd));
    say("SSL_get_fd matches: %d", SSL_get_fd(ssl) == fd);
    say("SSL_is_init_finished before: %d", SSL_is_init_finished(ssl));

    int r = SSL_connect(ssl);
    say("SSL_connect: %d", r);
    if (r != 1) {
        say("SSL_get_error: %s", ssl_error_name(SSL_get_error(ssl, r)));
        return 0;
    }
    say("SSL_is_init_finished after: %d", SSL_is_init_finished(ssl));
    say("SSL_get_version: %s", SSL_get_version(ssl));
    say("SSL_version: 0x%x", SSL_version(ssl));
    say("SSL_get_verify_result: %ld", SSL_get_verify_result(ssl));
    X509 *peer = SSL_get1_peer_certificate(ssl);
    say("SSL_get1_peer_certificate: %s", peer ? "present" : "NULL");
    if (peer) {
        char cn[256] = "";
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
        say("peer CN: %s", cn);
        X509_free(peer);
    }
    const char *servername = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    say("SSL_get_servername: %s", servername ? servername : "(null)");
    const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
    say("SSL_get_current_cipher: %s", c ? "present" : "NULL");
    say("SSL_get_cipher_name: %s", SSL_get_cipher_name(ssl));
    if (c)
        say("SSL_CIPHER_get_name: %s", SSL_CIPHER_get_name(c));
    say("SSL_pending after handshake: %d", SSL_pending(ssl));

    static const char req[] = "GET / HTTP/1.0\r\n\r\n";
    r = SSL_write(ssl, req, (int)strlen(req));
    say("SSL_write: %d", r);

    char buf[4096];
    char first[256] = "";
    size_t firstlen = 0;
    int firstdone = 0;
    long total = 0;
    int reads = 0;
    for (;;) {
        r = SSL_read(ssl, buf, sizeof buf);
        if (r <= 0)
            break;
        reads++;
        for (int i = 0; i < r && !firstdone; i++) {
            if (buf[i] == '\r' || buf[i] == '\n')
                firstdone = 1;
            else if (firstlen < sizeof first - 1)
                first[firstlen++] = buf[i];
        }
        total += r;
    }
    say("first line: %s", first);
    say("bytes read > 0: %d", total > 0);
    say("final SSL_read: %d", r);
    int e = SSL_get_error(ssl, r);
    say("SSL_get_error after final read: %s", ssl_error_name(e));
    say("SSL_get_shutdown after final read: %d", SSL_get_shutdown(ssl));
    if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_SSL) {
        unsigned long err = ERR_peek_error();
        say("ERR_peek_error lib/reason: %d/%d", ERR_GET_LIB(err), ERR_GET_REASON(err));
    }

    r = SSL_shutdown(ssl);
    say("SSL_shutdown 1: %d", r);
    if (r == 0) {
        r = SSL_shutdown(ssl);
        say("SSL_shutdown 2: %d", r);
    }
    say("SSL_get_shutdown: %d", SSL_get_shutdown(ssl));

    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    say("done");
    return 0;
}
