/* The verification matrix on the GnuTLS face (issue 7): for each certificate, the
 * handshake without verification followed by gnutls_certificate_verify_peers3 (status
 * bits and gnutls_certificate_verification_status_print's text), and the handshake
 * error with gnutls_session_set_verify_cert; verify_peers before any handshake.
 * CRLs: gnutls_certificate_set_x509_crl_file. Run by ctests/verify_matrix.sh
 * (VM_PKI, VM_PORT_<server>). */
#include "harness.h"

#include <gnutls/x509.h>

static const char *vm(const char *file)
{
    static char buf[8][512];
    static int n;
    char *p = buf[n++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", harness_env("VM_PKI"), file);
    return p;
}

static int port_of(const char *server)
{
    char name[64];
    snprintf(name, sizeof name, "VM_PORT_%s", server);
    for (char *c = name; *c; c++)
        if (*c == '-')
            *c = '_';
    return harness_port(name);
}

static const char *name_of(int rc)
{
    const char *n = rc < 0 ? gnutls_strerror_name(rc) : "ok";
    return n ? n : "(no name)";
}

struct vcase {
    const char *label;
    const char *server;
    const char *host;
    const char *trust;
    const char *crl;
};

static void print_status(unsigned status)
{
    gnutls_datum_t out = {NULL, 0};
    int r = gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0);
    say("    status 0x%x: %s", status, r == 0 && out.data ? (const char *)out.data : name_of(r));
    gnutls_free(out.data);
}

/* One handshake; with `enforce`, gnutls_session_set_verify_cert(host). */
static void run(const struct vcase *c, int enforce)
{
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    if (gnutls_certificate_set_x509_trust_file(cred, vm(c->trust), GNUTLS_X509_FMT_PEM) < 1)
        harness_die("trust %s", c->trust);
    if (c->crl && gnutls_certificate_set_x509_crl_file(cred, vm(c->crl), GNUTLS_X509_FMT_PEM) < 1)
        harness_die("crl %s", c->crl);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost"));
    if (enforce)
        gnutls_session_set_verify_cert(s, c->host, 0);
    unsigned status = 0;
    int before = gnutls_certificate_verify_peers3(s, c->host, &status);
    int fd = tcp_connect(port_of(c->server));
    gnutls_transport_set_int(s, fd);
    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && gnutls_error_is_fatal(r) == 0);
    say("  %s: verify_peers3 before %s, handshake %s", enforce ? "set_verify_cert" : "no verification",
        name_of(before), name_of(r));
    if (r == 0) {
        status = 0xffffffff;
        int v = gnutls_certificate_verify_peers3(s, c->host, &status);
        say("    verify_peers3 %s", name_of(v));
        if (v == 0)
            print_status(status);
        gnutls_bye(s, GNUTLS_SHUT_WR);
    } else {
        /* After a failed verification the status GnuTLS kept for the session. */
        say("    verify_get_verify_status %s",
            gnutls_session_get_verify_cert_status(s) ? "bits set" : "no bits");
    }
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    const struct vcase cases[] = {
        {"good", "good", "localhost", "ca.pem", NULL},
        {"expired", "expired", "localhost", "ca.pem", NULL},
        {"not yet valid", "notyet", "localhost", "ca.pem", NULL},
        {"self-signed", "selfsigned", "localhost", "ca.pem", NULL},
        {"unknown CA", "good", "localhost", "other-ca.pem", NULL},
        {"clientAuth-only EKU", "eku-client", "localhost", "ca.pem", NULL},
        {"wrong name", "wrongname", "localhost", "ca.pem", NULL},
        {"DNS-only SAN reached by IP", "dnsonly", "127.0.0.1", "ca.pem", NULL},
        {"IP-only SAN reached by name", "iponly", "localhost", "ca.pem", NULL},
        {"IP-only SAN reached by IP", "iponly", "127.0.0.1", "ca.pem", NULL},
        /* The subject CN is a host name's last resort: OpenSSL uses it when the
         * certificate has no DNS SAN, GnuTLS when it has no SAN of any kind. */
        {"no SAN, CN=localhost, reached by name", "cnonly", "localhost", "ca.pem", NULL},
        {"no SAN, CN=localhost, wrong name", "cnonly", "www.example.org", "ca.pem", NULL},
        {"no SAN, CN=localhost, reached by IP", "cnonly", "127.0.0.1", "ca.pem", NULL},
        {"IP SAN only, CN=localhost, reached by name", "cnip", "localhost", "ca.pem", NULL},
        {"missing intermediate", "noint", "localhost", "ca.pem", NULL},
        {"intermediate sent", "withint", "localhost", "ca.pem", NULL},
        {"CA:FALSE issuer", "notca", "localhost", "ca.pem", NULL},
        {"revoked, no CRL", "revoked", "localhost", "ca.pem", NULL},
        {"revoked, CRL", "revoked", "localhost", "ca.pem", "ca.crl"},
        {"good, CRL", "good", "localhost", "ca.pem", "ca.crl"},
        {"good, expired CRL", "good", "localhost", "ca.pem", "ca-expired.crl"},
        {"revoked, expired CRL", "revoked", "localhost", "ca.pem", "ca-expired.crl"},
        {"intermediate, its CRL only", "withint", "localhost", "ca.pem", "int.crl"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        say("%s:", cases[i].label);
        run(&cases[i], 0);
        run(&cases[i], 1);
    }
    gnutls_global_deinit();
    say("done");
    return 0;
}
