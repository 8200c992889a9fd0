/* Built by ctests/tools.sh with `pkg-config --cflags --libs tlsshim` against an
 * installed tlsshim: a TLS 1.3 fetch through the libssl API from a local
 * s_server, and a GnuTLS session object; dladdr says which library each came from. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *origin(void *fn) {
    Dl_info info;
    return dladdr(fn, &info) && info.dli_fname ? info.dli_fname : "?";
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: pc_client PORT CAFILE\n");
        return 2;
    }
    printf("SSL_connect from %s\n", origin((void *)SSL_connect));
    printf("gnutls_init from %s\n", origin((void *)gnutls_init));

    gnutls_session_t session;
    if (gnutls_init(&session, GNUTLS_CLIENT) != GNUTLS_E_SUCCESS) return 3;
    gnutls_deinit(session);

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx || SSL_CTX_load_verify_locations(ctx, argv[2], NULL) != 1) return 4;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) return 5;
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set1_host(ssl, "localhost");
    if (SSL_connect(ssl) != 1) return 6;
    const char req[] = "GET /index.html HTTP/1.0\r\n\r\n";
    if (SSL_write(ssl, req, sizeof req - 1) != (int)(sizeof req - 1)) return 7;
    char buf[4096];
    int n, total = 0;
    while ((n = SSL_read(ssl, buf + total, (int)sizeof buf - 1 - total)) > 0) total += n;
    buf[total] = 0;
    printf("%s %s %s", SSL_get_version(ssl), SSL_get_cipher_name(ssl), total ? buf : "(nothing)\n");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return 0;
}
