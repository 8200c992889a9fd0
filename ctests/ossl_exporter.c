/* SSL_export_keying_material (RFC 5705; TLS 1.3: RFC 8446 7.5), as OpenVPN, hostapd
 * and EAP servers use it.
 * Part 1, client and server of the library under test over a BIO pair, TLS 1.3 and
 * TLS 1.2: the return values and error reasons before and during the handshake, with
 * no output, with a label the TLS 1.2 PRF reserves, with a NULL or empty label; both
 * ends derive the same bytes; which context variants give the same bytes (no context
 * and an empty one are the same in TLS 1.3 only).
 * Part 2, the server of the library under test against the real gnutls-cli
 * (--keymatexport): the bytes equal the other implementation's, TLS 1.3 and 1.2. */
#include "harness.h"

#include <openssl/err.h>

#define LABEL "EXPERIMENTAL tlsshim"

static void report(const char *what, int r)
{
    unsigned long e = ERR_peek_error();
    say("  %s: %d (lib %d reason %d)", what, r, e ? ERR_GET_LIB(e) : 0, e ? ERR_GET_REASON(e) : 0);
    ERR_clear_error();
}

static SSL_CTX *server_ctx(int tls12)
{
    SSL_CTX *sctx = harness_server_ctx();
    if (tls12)
        SSL_CTX_set_max_proto_version(sctx, TLS1_2_VERSION);
    return sctx;
}

static void pair_case(int tls12)
{
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = server_ctx(tls12);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    harness_bio_pair(c, s);
    say("%s, BIO pair:", tls12 ? "TLS 1.2" : "TLS 1.3");
    unsigned char a[32], b[32], x[32], big[1000];
    ERR_clear_error();
    report("before the handshake", SSL_export_keying_material(c, a, 32, LABEL, strlen(LABEL), NULL, 0, 0));
    int cr = SSL_connect(c);
    ERR_clear_error();
    say("  first SSL_connect %d", cr);
    report("during the handshake", SSL_export_keying_material(c, a, 32, LABEL, strlen(LABEL), NULL, 0, 0));
    int sr = 0;
    pump_handshake(c, s, &cr, &sr);
    say("  handshake %d %d %s", cr, sr, SSL_get_version(c));
    int r1 = SSL_export_keying_material(c, a, 32, LABEL, strlen(LABEL), NULL, 0, 0);
    int r2 = SSL_export_keying_material(s, b, 32, LABEL, strlen(LABEL), NULL, 0, 0);
    say("  client %d server %d, same bytes: %d", r1, r2, memcmp(a, b, 32) == 0);
    report("empty context",
           SSL_export_keying_material(c, x, 32, LABEL, strlen(LABEL), (const unsigned char *)"", 0, 1));
    say("  empty context gives the no-context bytes: %d", memcmp(a, x, 32) == 0);
    report("context abc", SSL_export_keying_material(c, x, 32, LABEL, strlen(LABEL), (const unsigned char *)"abc", 3, 1));
    say("  context abc gives the no-context bytes: %d", memcmp(a, x, 32) == 0);
    r2 = SSL_export_keying_material(s, b, 32, LABEL, strlen(LABEL), (const unsigned char *)"abc", 3, 1);
    say("  server with context abc %d, same as the client's: %d", r2, memcmp(x, b, 32) == 0);
    report("context abc, use_context 0",
           SSL_export_keying_material(c, x, 32, LABEL, strlen(LABEL), (const unsigned char *)"abc", 3, 0));
    say("  ... gives the no-context bytes: %d", memcmp(a, x, 32) == 0);
    report("NULL context of 3 bytes, use_context 0",
           SSL_export_keying_material(c, x, 32, LABEL, strlen(LABEL), NULL, 3, 0));
    say("  ... gives the no-context bytes: %d", memcmp(a, x, 32) == 0);
    report("no output", SSL_export_keying_material(c, x, 0, LABEL, strlen(LABEL), NULL, 0, 0));
    report("label key expansion", SSL_export_keying_material(c, x, 32, "key expansion", 13, NULL, 0, 0));
    report("label master secretX", SSL_export_keying_material(c, x, 32, "master secretX", 14, NULL, 0, 0));
    report("label client finished", SSL_export_keying_material(c, x, 32, "client finished", 15, NULL, 0, 0));
    report("empty label", SSL_export_keying_material(c, x, 32, "", 0, NULL, 0, 0));
    report("NULL label", SSL_export_keying_material(c, x, 32, NULL, 0, NULL, 0, 0));
    report("1000 bytes", SSL_export_keying_material(c, big, sizeof big, LABEL, strlen(LABEL), NULL, 0, 0));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void gnutls_cli_case(int tls12)
{
    struct keymat_peer peer;
    int cfd = keymat_peer_start(&peer, LABEL, tls12);
    SSL_CTX *sctx = server_ctx(tls12);
    SSL *s = SSL_new(sctx);
    SSL_set_fd(s, cfd);
    int r = SSL_accept(s);
    unsigned char m[32];
    int e = SSL_export_keying_material(s, m, 32, LABEL, strlen(LABEL), NULL, 0, 0);
    const char *same = keymat_verdict(&peer, m);
    say("%s, real gnutls-cli as the client: accept %d %s, export %d, same bytes as gnutls-cli's: %s",
        tls12 ? "TLS 1.2" : "TLS 1.3", r, SSL_get_version(s), e, same);
    SSL_shutdown(s);
    SSL_free(s);
    SSL_CTX_free(sctx);
    close(cfd);
}

int main(void)
{
    harness_init();
    pair_case(0);
    pair_case(1);
    gnutls_cli_case(0);
    gnutls_cli_case(1);
    say("done");
    return 0;
}
