/* A blocking GnuTLS client against `gnutls-serv --http` (GNUTLS_PORT): trust file,
 * default priorities, SNI, handshake facts, certificate verification, an HTTP
 * request, the receive loop and gnutls_bye. */
#include "harness.h"

#include <gnutls/x509.h>

static const char *name_of(int rc)
{
    const char *n = rc < 0 ? gnutls_strerror_name(rc) : "ok";
    return n ? n : "(no name)";
}

/* Prints the result; a failed set-up step ends the test (what follows needs it). */
#define CHECK_RC(what, expr)                                                           \
    do {                                                                               \
        int rc_ = (expr);                                                              \
        say("%s: %d (%s)", what, rc_, name_of(rc_));                                   \
    } while (0)
#define REQUIRE_RC(what, expr)                                                         \
    do {                                                                               \
        int rc_ = (expr);                                                              \
        say("%s: %d (%s)", what, rc_, name_of(rc_));                                   \
        if (rc_ < 0)                                                                   \
            return 0;                                                                  \
    } while (0)

int main(void)
{
    harness_init();
    int port = harness_port("GNUTLS_PORT");

    REQUIRE_RC("gnutls_global_init", gnutls_global_init());
    gnutls_certificate_credentials_t cred;
    REQUIRE_RC("gnutls_certificate_allocate_credentials",
             gnutls_certificate_allocate_credentials(&cred));
    say("gnutls_certificate_set_x509_trust_file: %d",
        gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM));

    gnutls_session_t s;
    REQUIRE_RC("gnutls_init", gnutls_init(&s, GNUTLS_CLIENT));
    CHECK_RC("gnutls_set_default_priority", gnutls_set_default_priority(s));
    CHECK_RC("gnutls_credentials_set", gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred));
    CHECK_RC("gnutls_server_name_set",
             gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost")));

    int fd = tcp_connect(port);
    gnutls_transport_set_int(s, fd);
    say("gnutls_transport_get_int matches: %d", gnutls_transport_get_int(s) == fd);
    gnutls_handshake_set_timeout(s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && gnutls_error_is_fatal(r) == 0);
    REQUIRE_RC("gnutls_handshake", r);

    const char *name = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
    say("protocol: %s", name ? name : "NULL");
    name = gnutls_cipher_get_name(gnutls_cipher_get(s));
    say("cipher: %s", name ? name : "NULL");
    name = gnutls_mac_get_name(gnutls_mac_get(s));
    say("mac: %s", name ? name : "NULL");
    name = gnutls_certificate_type_get_name(gnutls_certificate_type_get(s));
    say("certificate type: %s", name ? name : "NULL");
    say("session resumed: %d", gnutls_session_is_resumed(s));

    unsigned status = 0xffffffff;
    CHECK_RC("gnutls_certificate_verify_peers2", gnutls_certificate_verify_peers2(s, &status));
    say("verify_peers2 status: 0x%x", status);
    status = 0xffffffff;
    CHECK_RC("gnutls_certificate_verify_peers3 localhost",
             gnutls_certificate_verify_peers3(s, "localhost", &status));
    say("verify_peers3 localhost status: 0x%x", status);
    status = 0xffffffff;
    CHECK_RC("gnutls_certificate_verify_peers3 wrong name",
             gnutls_certificate_verify_peers3(s, "wrong.example", &status));
    say("verify_peers3 wrong name status: 0x%x", status);

    unsigned int npeers = 0;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &npeers);
    say("gnutls_certificate_get_peers: %s, count %u", peers ? "present" : "NULL", npeers);
    if (peers && npeers > 0) {
        gnutls_x509_crt_t crt;
        gnutls_x509_crt_init(&crt);
        CHECK_RC("gnutls_x509_crt_import", gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER));
        say("gnutls_x509_crt_check_hostname localhost: %u",
            gnutls_x509_crt_check_hostname(crt, "localhost"));
        gnutls_x509_crt_deinit(crt);
    }

    static const char req[] = "GET / HTTP/1.0\r\n\r\n";
    ssize_t n = gnutls_record_send(s, req, strlen(req));
    say("gnutls_record_send: %zd", n);

    char buf[4096];
    char first[256] = "";
    size_t firstlen = 0;
    int firstdone = 0;
    long total = 0;
    for (;;) {
        n = gnutls_record_recv(s, buf, sizeof buf);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            continue;
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n && !firstdone; i++) {
            if (buf[i] == '\r' || buf[i] == '\n')
                firstdone = 1;
            else if (firstlen < sizeof first - 1)
                first[firstlen++] = buf[i];
        }
        total += n;
    }
    say("first line: %s", first);
    say("bytes received > 0: %d", total > 0);
    say("final gnutls_record_recv: %zd (%s)", n, name_of((int)n));

    CHECK_RC("gnutls_bye", gnutls_bye(s, GNUTLS_SHUT_RDWR));
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    say("done");
    return 0;
}
