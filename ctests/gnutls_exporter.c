/* gnutls_prf_rfc5705 (RFC 5705; TLS 1.3: RFC 8446 7.5): a server of the library under
 * test against the real gnutls-cli (--keymatexport), TLS 1.3 and TLS 1.2: the bytes
 * equal gnutls-cli's; the return values before the handshake, with no output, with a
 * label the TLS 1.2 PRF reserves (GnuTLS checks none), with a context over 65535
 * bytes; which context variants give the same bytes (a NULL context is no context,
 * which in TLS 1.2 differs from an empty one). */
#include "harness.h"

#include <gnutls/gnutls.h>

#define LABEL "EXPERIMENTAL tlsshim"

static void run(int tls12)
{
    const char *prio = tls12 ? "NORMAL:-VERS-ALL:+VERS-TLS1.2" : "NORMAL";
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_key_file(cred, pki("server-chain.pem"), pki("server.key"), GNUTLS_X509_FMT_PEM);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_SERVER);
    gnutls_priority_set_direct(s, prio, NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    say("%s:", tls12 ? "TLS 1.2" : "TLS 1.3");
    unsigned char a[32], x[32];
    say("  before the handshake: %d", gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, 0, NULL, 32, (char *)a));

    struct keymat_peer peer;
    int cfd = keymat_peer_start(&peer, LABEL, tls12);
    gnutls_transport_set_int(s, cfd);
    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && !gnutls_error_is_fatal(r));
    int e = gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, 0, NULL, 32, (char *)a);
    const char *same = keymat_verdict(&peer, a);
    say("  handshake %d %s, export %d, same bytes as gnutls-cli's: %s", r,
        gnutls_protocol_get_name(gnutls_protocol_get_version(s)), e, same);
    say("  empty context: %d", gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, 0, "", 32, (char *)x));
    say("  ... gives the no-context bytes: %d", memcmp(a, x, 32) == 0);
    say("  context abc: %d", gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, 3, "abc", 32, (char *)x));
    say("  ... gives the no-context bytes: %d", memcmp(a, x, 32) == 0);
    say("  no output: %d", gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, 0, NULL, 0, (char *)x));
    say("  label key expansion: %d", gnutls_prf_rfc5705(s, 13, "key expansion", 0, NULL, 32, (char *)x));
    say("  empty label: %d", gnutls_prf_rfc5705(s, 0, "", 0, NULL, 32, (char *)x));
    static char big[70000];
    say("  context of 70000 bytes: %d", gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, sizeof big, big, 32, (char *)x));
    static char many[1000];
    say("  1000 bytes: %d", gnutls_prf_rfc5705(s, strlen(LABEL), LABEL, 0, NULL, sizeof many, many));
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    close(cfd);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    run(0);
    run(1);
    gnutls_global_deinit();
    say("done");
    return 0;
}
