/* ctests/reliability/churn.c — creates and frees N (100,000) SSL objects from one
 * reused SSL_CTX, and N gnutls sessions from one reused credentials object, each given
 * a little state (SNI, ALPN, a memory BIO pair / transport callbacks, credentials) and
 * a first handshake step so the engine allocates its connection. Prints RSS (VmRSS)
 * after a warm-up of 1,000 and at the end; fails if it grew more than LIMIT_KB (4096).
 * Run preloaded (tools/reliability.sh): LD_PRELOAD=build/lib/libtlsshim.so. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <gnutls/gnutls.h>

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

static ssize_t pull(gnutls_transport_ptr_t p, void *b, size_t n) { (void)b; (void)n; gnutls_transport_set_errno(p, EAGAIN); return -1; }
static ssize_t push(gnutls_transport_ptr_t p, const void *b, size_t n) { (void)p; (void)b; return (ssize_t)n; }

static void one_ssl(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    if (!s) { fprintf(stderr, "SSL_new failed\n"); exit(1); }
    SSL_set_tlsext_host_name(s, "localhost");
    static const unsigned char alpn[] = "\x02h2\x08http/1.1";
    SSL_set_alpn_protos(s, alpn, sizeof alpn - 1);
    BIO *r = BIO_new(BIO_s_mem()), *w = BIO_new(BIO_s_mem());
    SSL_set_bio(s, r, w);
    if (SSL_connect(s) != -1 || SSL_get_error(s, -1) != SSL_ERROR_WANT_READ) { fprintf(stderr, "SSL_connect: unexpected\n"); exit(1); }
    SSL_free(s);
}

static void one_gnutls(gnutls_certificate_credentials_t cred)
{
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0) { fprintf(stderr, "gnutls_init failed\n"); exit(1); }
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_transport_set_ptr(s, s);
    gnutls_transport_set_push_function(s, push);
    gnutls_transport_set_pull_function(s, pull);
    if (gnutls_handshake(s) != GNUTLS_E_AGAIN) { fprintf(stderr, "gnutls_handshake: unexpected\n"); exit(1); }
    gnutls_deinit(s);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 100000, limit = getenv("LIMIT_KB") ? atol(getenv("LIMIT_KB")) : 4096;
    const char *ca = argc > 2 ? argv[2] : "ctests/out/pki/ca.pem";
    int bad = 0;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) { fprintf(stderr, "ctx set-up failed\n"); return 2; }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    for (int i = 0; i < 1000; i++) one_ssl(ctx);
    long a = rss_kb();
    for (long i = 0; i < n; i++) one_ssl(ctx);
    long b = rss_kb();
    ERR_clear_error();
    printf("%s SSL objects: %ld created/freed (one SSL_CTX), RSS %ld kB -> %ld kB (%+ld kB, limit %ld)\n",
           b - a <= limit ? "ok  " : "FAIL", n, a, b, b - a, limit);
    bad += b - a > limit;
    SSL_CTX_free(ctx);

    gnutls_certificate_credentials_t cred;
    if (gnutls_certificate_allocate_credentials(&cred) < 0 || gnutls_certificate_set_x509_trust_file(cred, ca, GNUTLS_X509_FMT_PEM) <= 0) {
        fprintf(stderr, "gnutls cred set-up failed\n"); return 2;
    }
    for (int i = 0; i < 1000; i++) one_gnutls(cred);
    a = rss_kb();
    for (long i = 0; i < n; i++) one_gnutls(cred);
    b = rss_kb();
    printf("%s gnutls sessions: %ld created/freed (one credentials object), RSS %ld kB -> %ld kB (%+ld kB, limit %ld)\n",
           b - a <= limit ? "ok  " : "FAIL", n, a, b, b - a, limit);
    bad += b - a > limit;
    gnutls_certificate_free_credentials(cred);
    return bad ? 1 : 0;
}
