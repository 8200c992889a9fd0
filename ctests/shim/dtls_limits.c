/* tlsshim only: what the DTLS engine (dimpl) cannot do fails cleanly, never with a
 * panic or GNUTLS_E_INTERNAL_ERROR (the real GnuTLS does these, so no twin):
 *   - a DTLS server with an RSA certificate: GNUTLS_E_INSUFFICIENT_CREDENTIALS at the
 *     handshake (dimpl signs with ECDSA only);
 *   - a DTLS client with an RSA client certificate goes on without it (it reaches the
 *     point of sending its ClientHello);
 *   - gnutls_dtls_set_data_mtu before the handshake: GNUTLS_E_INVALID_SESSION. */
#include "harness.h"
#include <gnutls/dtls.h>

int main(void)
{
    harness_init();
    gnutls_global_init();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
        harness_die("socketpair");
    gnutls_certificate_credentials_t rsa;
    gnutls_certificate_allocate_credentials(&rsa);
    if (gnutls_certificate_set_x509_key_file(rsa, pki("server-rsa.pem"), pki("server-rsa.key"),
                                             GNUTLS_X509_FMT_PEM) < 0)
        harness_die("RSA key file");

    gnutls_session_t srv;
    gnutls_init(&srv, GNUTLS_SERVER | GNUTLS_DATAGRAM | GNUTLS_NONBLOCK);
    gnutls_priority_set_direct(srv, "NORMAL", NULL);
    gnutls_credentials_set(srv, GNUTLS_CRD_CERTIFICATE, rsa);
    gnutls_transport_set_int(srv, sv[0]);
    int r = gnutls_handshake(srv);
    say("%s RSA server handshake: %s", r == GNUTLS_E_INSUFFICIENT_CREDENTIALS ? "ok" : "FAIL",
        gnutls_strerror_name(r));
    gnutls_deinit(srv);

    gnutls_session_t cli;
    gnutls_init(&cli, GNUTLS_CLIENT | GNUTLS_DATAGRAM | GNUTLS_NONBLOCK);
    gnutls_priority_set_direct(cli, "NORMAL", NULL);
    gnutls_credentials_set(cli, GNUTLS_CRD_CERTIFICATE, rsa);
    say("%s set_data_mtu before the handshake",
        gnutls_dtls_set_data_mtu(cli, 500) == GNUTLS_E_INVALID_SESSION ? "ok" : "FAIL");
    gnutls_transport_set_int(cli, sv[1]);
    r = gnutls_handshake(cli);
    char buf[2048];
    ssize_t n = recv(sv[0], buf, sizeof buf, MSG_DONTWAIT);
    say("%s RSA client: handshake %s, ClientHello sent: %s",
        r == GNUTLS_E_AGAIN && n > 13 && buf[0] == 22 ? "ok" : "FAIL", gnutls_strerror_name(r),
        n > 13 && buf[0] == 22 ? "yes" : "no");
    gnutls_deinit(cli);
    gnutls_certificate_free_credentials(rsa);
    gnutls_global_deinit();
    return 0;
}
