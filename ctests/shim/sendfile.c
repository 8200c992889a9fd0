/* tlsshim only: SSL_sendfile works on any socket. OpenSSL 3.0 needs kernel TLS for it
 * (without it: -1, SSL_R_UNINITIALIZED); the issue asks for the fallback of reading the
 * file and sending it through the connection, so there is no real-library twin.
 * 300 KiB from offset 1000 arrive byte-exact at the peer. */
#include "harness.h"

#include <pthread.h>

#define SIZE (300 * 1024)
#define OFFSET 1000

static unsigned char file_data[SIZE + OFFSET], got[SIZE];
static SSL *server;

static void *serve(void *arg)
{
    (void)arg;
    if (SSL_accept(server) != 1)
        return NULL;
    size_t n = 0;
    while (n < SIZE) {
        int r = SSL_read(server, got + n, SIZE - (int)n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    return (void *)(uintptr_t)n;
}

int main(void)
{
    harness_init();
    for (size_t i = 0; i < sizeof file_data; i++)
        file_data[i] = (unsigned char)(i * 31 + 7);
    char path[] = "/tmp/tlsshim-sendfile-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, file_data, sizeof file_data) != (ssize_t)sizeof file_data)
        harness_die("temp file");
    unlink(path);

    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    int sv[2];
    socket_pair(sv);
    SSL *c = SSL_new(cctx);
    server = SSL_new(sctx);
    SSL_set_fd(c, sv[0]);
    SSL_set_fd(server, sv[1]);
    pthread_t th;
    pthread_create(&th, NULL, serve, NULL);
    say("SSL_connect: %d", SSL_connect(c));
    ossl_ssize_t sent = SSL_sendfile(c, fd, OFFSET, SIZE, 0);
    say("SSL_sendfile: %zd", (ssize_t)sent);
    void *res;
    pthread_join(th, &res);
    size_t n = (size_t)(uintptr_t)res;
    printf("%s peer received %zu bytes, byte-exact %d\n", n == SIZE && !memcmp(got, file_data + OFFSET, SIZE) ? "ok  " : "FAIL",
           n, !memcmp(got, file_data + OFFSET, SIZE));
    if (sent != SIZE)
        printf("FAIL SSL_sendfile returned %zd, want %d\n", (ssize_t)sent, SIZE);
    SSL_free(c);
    SSL_free(server);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
