/* ctests/ossl_dtls.c — an OpenSSL DTLS client (DTLS_client_method, a datagram BIO)
 * against the real `gnutls-serv --udp --echo` ($DTLS_PORT), run by ctests/dtls.sh:
 * the handshake with verification, SSL_get_version / cipher, DTLS_get_data_mtu with a
 * link MTU of 1000, writes of the data MTU (echoed), of the data MTU + 1 and of more
 * than a record, SSL_get_error and the ERR reason for each, and the shutdown.
 * Then an OpenSSL DTLS server (DTLS_server_method) for the real `gnutls-cli --udp`,
 * started without LD_PRELOAD: handshake, a line each way. */
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

static void server(void)
{
    say("== server");
    SSL_CTX *ctx = SSL_CTX_new(DTLS_server_method());
    say("certificate: %d key: %d",
        SSL_CTX_use_certificate_file(ctx, pki("server.pem"), SSL_FILETYPE_PEM),
        SSL_CTX_use_PrivateKey_file(ctx, pki("server.key"), SSL_FILETYPE_PEM));
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        harness_die("bind");
    int p[2];
    if (pipe(p) != 0)
        harness_die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[0], 0);
        close(p[1]);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        unsetenv("LD_PRELOAD");
        char port[32], ca[600];
        snprintf(port, sizeof port, "--port=%d", ntohs(sa.sin_port));
        snprintf(ca, sizeof ca, "--x509cafile=%s", pki("ca.pem"));
        execlp("gnutls-cli", "gnutls-cli", "--udp", port, ca, "localhost", (char *)NULL);
        _exit(127);
    }
    close(p[0]);
    struct sockaddr_in cli;
    socklen_t clen = sizeof cli;
    char b[4];
    if (wait_fd(fd, POLLIN, 10000) <= 0 ||
        recvfrom(fd, b, sizeof b, MSG_PEEK, (struct sockaddr *)&cli, &clen) < 0 ||
        connect(fd, (struct sockaddr *)&cli, sizeof cli) != 0)
        harness_die("no client");
    SSL *ssl = SSL_new(ctx);
    BIO *bio = BIO_new_dgram(fd, BIO_NOCLOSE);
    BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &cli);
    SSL_set_bio(ssl, bio, bio);
    int r = SSL_accept(ssl);
    report(ssl, "SSL_accept", r);
    if (r == 1) {
        say("version %s cipher %s", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
        const char line[] = "hello from gnutls-cli\n";
        if (write(p[1], line, sizeof line - 1) < 0)
            harness_die("write");
        char buf[256];
        r = SSL_read(ssl, buf, sizeof buf);
        say("read: %d %s", r, r == (int)sizeof line - 1 && !memcmp(buf, line, sizeof line - 1) ? "same" : "DIFFERENT");
        report(ssl, "write reply", SSL_write(ssl, "reply\n", 6));
        report(ssl, "SSL_shutdown", SSL_shutdown(ssl));
    }
    close(p[1]);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
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
    server();
    return 0;
}
