/* ctests/headers_gnutls.c — built by ctests/constants.sh against include/ (tlsshim's
 * headers) and build/lib/libgnutls.so only, to prove the headers are usable; it
 * uses only functions tlsshim implements. Not part of the differential suite. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/crypto.h>
#include <gnutls/abstract.h>
#include <gnutls/dtls.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    gnutls_session_t s;
    gnutls_certificate_credentials_t cred;
    gnutls_x509_crt_t crt;
    int rc;

    if (gnutls_check_version("3.4.0") == NULL)
        return 1;
    gnutls_global_init();
    gnutls_certificate_allocate_credentials(&cred);
    if (argc > 1)
        gnutls_certificate_set_x509_trust_file(cred, argv[1], GNUTLS_X509_FMT_PEM);
    gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_handshake_set_timeout(s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);
    gnutls_transport_set_int(s, -1);
    rc = gnutls_handshake(s);
    printf("handshake: %s fatal=%d\n", gnutls_strerror(rc), gnutls_error_is_fatal(rc));
    printf("tag size: %u\n", gnutls_cipher_get_tag_size(GNUTLS_CIPHER_AES_128_GCM));
    if (gnutls_x509_crt_init(&crt) == GNUTLS_E_SUCCESS)
        gnutls_x509_crt_deinit(crt);
    gnutls_pubkey_t key;
    if (gnutls_pubkey_init(&key) == GNUTLS_E_SUCCESS)
        gnutls_pubkey_deinit(key);
    unsigned char r[8];
    gnutls_rnd(GNUTLS_RND_NONCE, r, sizeof r);
    gnutls_free(NULL);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    (void)argv;
    return 0;
}
