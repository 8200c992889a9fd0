/* libssl error reporting: SSL_get_error codes, the ERR queue and the verify result
 * in the cases a client meets — would-block, close_notify, wrong CA (with and
 * without SSL_VERIFY_PEER), EOF without close_notify (during and after the
 * handshake), and NULL arguments the real library tolerates. */
#include "harness.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

static SSL_CTX *client_ctx(const char *ca, int mode)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        harness_die("SSL_CTX_new failed");
    if (SSL_CTX_load_verify_locations(ctx, pki(ca), NULL) != 1)
        harness_die("SSL_CTX_load_verify_locations(%s) failed", ca);
    SSL_CTX_set_verify(ctx, mode, NULL);
    return ctx;
}

static SSL *client(SSL_CTX *ctx, int fd)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl)
        harness_die("SSL_new failed");
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set_fd(ssl, fd);
    return ssl;
}

/* The first entry of the ERR queue as lib/reason and its reason string, and how many
 * entries there are; empties the queue. */
static void print_err_queue(const char *what)
{
    unsigned long e = ERR_peek_error();
    if (!e) {
        say("%s: ERR queue empty", what);
        return;
    }
    const char *rs = ERR_reason_error_string(e);
    say("%s: ERR_peek_error lib=%d reason=%d (%s)", what, ERR_GET_LIB(e), ERR_GET_REASON(e),
        rs ? rs : "no string");
    ERR_clear_error();
}

static void result(const char *what, SSL *ssl, int r)
{
    int e = SSL_get_error(ssl, r);
    say("%s: ret=%d %s", what, r, ssl_error_name(e));
    print_err_queue(what);
}

/* A nonblocking socket whose peer never answers: the handshake wants to read. */
static void want_read(void)
{
    int sv[2];
    socket_pair(sv);
    set_nonblocking(sv[0], 1);
    SSL_CTX *ctx = client_ctx("ca.pem", SSL_VERIFY_PEER);
    SSL *ssl = client(ctx, sv[0]);
    int r = SSL_connect(ssl);
    result("want_read SSL_connect", ssl, r);
    say("want_read SSL_want_read: %d", SSL_want_read(ssl));
    unsigned char first = 0;
    say("want_read peer got a record: %d", read(sv[1], &first, 1) == 1 && first == 0x16);
    r = SSL_connect(ssl);
    result("want_read SSL_connect again", ssl, r);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(sv[0]);
    close(sv[1]);
}

/* The peer sends "hello\n" and close_notify. */
static void zero_return(void)
{
    pid_t pid;
    int port = harness_peer("close_notify", &pid);
    SSL_CTX *ctx = client_ctx("ca.pem", SSL_VERIFY_PEER);
    int fd = tcp_connect(port);
    SSL *ssl = client(ctx, fd);
    say("close_notify SSL_connect: %d", SSL_connect(ssl));
    char buf[64];
    int r = SSL_read(ssl, buf, sizeof buf);
    say("close_notify SSL_read 1: %d %.*s", r, r > 0 ? r - 1 : 0, buf);
    r = SSL_read(ssl, buf, sizeof buf);
    result("close_notify SSL_read 2", ssl, r);
    say("close_notify SSL_get_shutdown: %d", SSL_get_shutdown(ssl));
    r = SSL_read(ssl, buf, sizeof buf);
    result("close_notify SSL_read 3", ssl, r);
    say("close_notify SSL_shutdown: %d", SSL_shutdown(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    harness_peer_wait(pid);
}

/* The server's chain does not lead to the CA we trust. */
static void wrong_ca(int mode, const char *what)
{
    SSL_CTX *ctx = client_ctx("other-ca.pem", mode);
    int fd = tcp_connect(harness_port("OSSL_PORT"));
    SSL *ssl = client(ctx, fd);
    int r = SSL_connect(ssl);
    char label[64];
    snprintf(label, sizeof label, "%s SSL_connect", what);
    result(label, ssl, r);
    long v = SSL_get_verify_result(ssl);
    say("%s SSL_get_verify_result: %ld (%s)", what, v, X509_verify_cert_error_string(v));
    if (r == 1) {
        X509 *peer = SSL_get1_peer_certificate(ssl);
        say("%s peer certificate: %s", what, peer ? "present" : "NULL");
        X509_free(peer);
        r = SSL_shutdown(ssl);
        say("%s SSL_shutdown: %d", what, r);
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
}

/* The peer accepts TCP, reads the ClientHello and closes: EOF during the handshake. */
static void eof_in_handshake(void)
{
    pid_t pid;
    int port = harness_peer("accept_close", &pid);
    SSL_CTX *ctx = client_ctx("ca.pem", SSL_VERIFY_PEER);
    int fd = tcp_connect(port);
    SSL *ssl = client(ctx, fd);
    errno = 0;
    int r = SSL_connect(ssl);
    int saved = errno;
    result("eof_in_handshake SSL_connect", ssl, r);
    say("eof_in_handshake errno: %s", saved ? strerror(saved) : "0");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    harness_peer_wait(pid);
}

/* The peer completes the handshake, sends "hello\n" and closes TCP without
 * close_notify; with SSL_OP_IGNORE_UNEXPECTED_EOF when `ignore`. */
static void eof_after_handshake(int ignore)
{
    const char *what = ignore ? "eof_ignored" : "eof";
    pid_t pid;
    int port = harness_peer("eof", &pid);
    SSL_CTX *ctx = client_ctx("ca.pem", SSL_VERIFY_PEER);
    if (ignore)
        SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    int fd = tcp_connect(port);
    SSL *ssl = client(ctx, fd);
    say("%s SSL_connect: %d", what, SSL_connect(ssl));
    char buf[64];
    int r = SSL_read(ssl, buf, sizeof buf);
    say("%s SSL_read 1: %d %.*s", what, r, r > 0 ? r - 1 : 0, buf);
    errno = 0;
    r = SSL_read(ssl, buf, sizeof buf);
    int saved = errno;
    char label[64];
    snprintf(label, sizeof label, "%s SSL_read 2", what);
    result(label, ssl, r);
    say("%s errno: %s", what, saved ? strerror(saved) : "0");
    say("%s SSL_get_shutdown: %d", what, SSL_get_shutdown(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    harness_peer_wait(pid);
}

/* Only the NULL calls the real libssl 3.0 survives (SSL_write/SSL_read/
 * SSL_shutdown/SSL_connect(NULL) and SSL_get_error(NULL, <=0) crash it). */
static void null_args(void)
{
    ERR_clear_error();
    SSL_free(NULL);
    say("SSL_free(NULL): returned");
    SSL_CTX_free(NULL);
    say("SSL_CTX_free(NULL): returned");
    print_err_queue("free(NULL)");
    say("SSL_get_error(NULL, 1): %s", ssl_error_name(SSL_get_error(NULL, 1)));
    say("SSL_new(NULL): %s", SSL_new(NULL) ? "object" : "NULL");
    print_err_queue("SSL_new(NULL)");
    say("SSL_CTX_new(NULL): %s", SSL_CTX_new(NULL) ? "object" : "NULL");
    print_err_queue("SSL_CTX_new(NULL)");
}

int main(void)
{
    harness_init();
    want_read();
    zero_return();
    wrong_ca(SSL_VERIFY_PEER, "wrong_ca");
    wrong_ca(SSL_VERIFY_NONE, "wrong_ca_verify_none");
    eof_in_handshake();
    eof_after_handshake(0);
    eof_after_handshake(1);
    null_args();
    say("done");
    return 0;
}
