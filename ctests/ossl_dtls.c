/* ctests/ossl_dtls.c — an OpenSSL DTLS client (DTLS_client_method, a datagram BIO)
 * against the real `gnutls-serv --udp --echo` ($DTLS_PORT), run by ctests/dtls.sh:
 * the handshake with verification, SSL_get_version / cipher, DTLS_get_data_mtu with a
 * link MTU of 1000, writes of the data MTU (echoed), of the data MTU + 1 and of more
 * than a record, SSL_get_error and the ERR reason for each, and the shutdown. */
#include "harness.h"
#include <openssl/err.h>

static void report(SSL *ssl, const char *what, int r)
{
    int e = SSL_get_error(ssl, r);
    unsigned long err = ERR_peek_error();
    say("%s: %d %s reason %d", what, r, ssl_error_name(e), err ? ERR_GET_REASON(err) : 0);
    ERR_clear_error();
}

static void echo(SSL *ssl, const char *what, const char *sent, int n)
{
    static char buf[20000];
    int got = 0, r = 0;
    while (got < n) {
        r = SSL_read(ssl, buf + got, (int)sizeof buf - got);
        if (r <= 0)
            break;
        got += r;
    }
    say("%s: echo %d bytes, %s", what, got, got == n && !memcmp(buf, sent, (size_t)n) ? "same" : "DIFFERENT");
}

int main(void)
{
    harness_init();
    const SSL_METHOD *m = DTLS_client_method();
    say("DTLS_client_method: %s", m ? "ok" : "NULL");
    SSL_CTX *ctx = SSL_CTX_new(m);
    if (!ctx)
        harness_die("SSL_CTX_new");
    say("load CA: %d", SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL));
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL *ssl = SSL_new(ctx);
    say("SSL_is_dtls: %d", SSL_is_dtls(ssl));

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(harness_port("DTLS_PORT"))};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        harness_die("connect");
    BIO *bio = BIO_new_dgram(fd, BIO_NOCLOSE);
    BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &sa);
    SSL_set_bio(ssl, bio, bio);
    SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
    say("DTLS_set_link_mtu 1000: %ld", (long)DTLS_set_link_mtu(ssl, 1000));
    SSL_set1_host(ssl, "localhost");
    SSL_set_tlsext_host_name(ssl, "localhost");

    int r = SSL_connect(ssl);
    report(ssl, "SSL_connect", r);
    if (r != 1)
        return 0;
    say("version %s cipher %s verify %ld", SSL_get_version(ssl), SSL_get_cipher_name(ssl),
        SSL_get_verify_result(ssl));
    unsigned dmtu = (unsigned)DTLS_get_data_mtu(ssl);
    say("DTLS_get_data_mtu: %u", dmtu);

    static char big[20000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = 'a' + i % 26;
    r = SSL_write(ssl, big, (int)dmtu);
    report(ssl, "write data mtu", r);
    if (r > 0)
        echo(ssl, "data mtu", big, r);
    r = SSL_write(ssl, big, (int)dmtu + 1);
    report(ssl, "write data mtu + 1", r);
    if (r > 0)
        echo(ssl, "data mtu + 1", big, r);
    r = SSL_write(ssl, big, 16385);
    report(ssl, "write 16385", r);
    r = SSL_write(ssl, "hello", 5);
    report(ssl, "write hello", r);
    if (r > 0)
        echo(ssl, "hello", "hello", 5);
    r = SSL_shutdown(ssl);
    report(ssl, "SSL_shutdown", r);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return 0;
}
