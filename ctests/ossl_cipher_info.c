/* What a program learns about a cipher suite from its SSL_CIPHER (Python's
 * SSLContext.get_ciphers(): SSL_CIPHER_description and the cipher, digest, kx and auth
 * NIDs; SSL_CIPHER_get_handshake_digest), for every suite both libraries have, and
 * the description's buffer rules (NULL: allocated; under 128 bytes: NULL). No peer. */
#include "harness.h"

#include <openssl/evp.h>
#include <openssl/objects.h>

static const char *sn(int nid)
{
    return nid == NID_undef ? "undef" : OBJ_nid2sn(nid);
}

int main(void)
{
    harness_init();
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    /* The TLS 1.2 suites tlsshim has (ECDHE with AES-GCM or ChaCha20-Poly1305), and
     * OpenSSL's default TLS 1.3 suites. */
    SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20");
    STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(ctx);
    int n = sk ? sk_SSL_CIPHER_num(sk) : -1;
    say("suites: %d", n);
    for (int i = 0; i < n; i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
        char buf[256];
        const char *d = SSL_CIPHER_description(c, buf, sizeof buf);
        const EVP_MD *md = SSL_CIPHER_get_handshake_digest(c);
        say("%s (%s) id %08lx protocol %04x %s aead %d", SSL_CIPHER_get_name(c), SSL_CIPHER_standard_name(c),
            (unsigned long)SSL_CIPHER_get_id(c), SSL_CIPHER_get_protocol_id(c), SSL_CIPHER_get_version(c),
            SSL_CIPHER_is_aead(c));
        say("  cipher %s digest %s kx %s auth %s handshake digest %s (%d bytes)", sn(SSL_CIPHER_get_cipher_nid(c)),
            sn(SSL_CIPHER_get_digest_nid(c)), sn(SSL_CIPHER_get_kx_nid(c)), sn(SSL_CIPHER_get_auth_nid(c)),
            md ? sn(EVP_MD_get_type(md)) : "NULL", md ? EVP_MD_get_size(md) : -1);
        printf("  description [%s]", d == buf ? "into buf" : "elsewhere");
        printf(" %s", d ? d : "NULL\n");
        char *alloc = SSL_CIPHER_description(c, NULL, 0);
        say("  NULL buffer: %s", alloc && strcmp(alloc, buf) == 0 ? "allocated, same text" : "differs");
        OPENSSL_free(alloc);
        char small[127];
        say("  127-byte buffer: %s", SSL_CIPHER_description(c, small, sizeof small) ? "text" : "NULL");
    }
    /* (No NULL cases: OpenSSL 3.0 dereferences a NULL SSL_CIPHER in all four NID
     * getters; shim/null_sweep checks that tlsshim does not.) */
    /* Python sets post-handshake auth on each client SSL: accepted, nothing queued. */
    SSL *ssl = SSL_new(ctx);
    ERR_clear_error();
    SSL_set_post_handshake_auth(ssl, 1);
    say("SSL_set_post_handshake_auth: error queue %s", ERR_peek_error() ? "not empty" : "empty");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    say("done");
    return 0;
}
