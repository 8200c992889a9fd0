/* The verification matrix on the libssl face (issue 7): each bad certificate is
 * rejected by a client that asked for verification, with the real library's
 * SSL_connect / SSL_get_error / ERR entries / SSL_get_verify_result and the verify
 * callback's view; SSL_VERIFY_NONE reports the same verify result without failing;
 * nothing reports X509_V_OK for a chain that was not checked.
 * CRLs: X509_V_FLAG_CRL_CHECK / CRL_CHECK_ALL set on the store, the SSL_CTX's param or
 * the SSL's param. Run by ctests/verify_matrix.sh (VM_PKI, VM_PORT_<server>). */
#include "harness.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

enum where { STORE, CTX_PARAM, SSL_PARAM };

struct vcase {
    const char *label;
    const char *server; /* VM_PORT_<server> */
    const char *host;   /* SSL_set1_host; NULL: no name check */
    const char *trust;  /* CA file */
    const char *crls[2];
    unsigned long flags;
    enum where where;
};

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

static int cb(int ok, X509_STORE_CTX *sctx)
{
    X509 *x = X509_STORE_CTX_get_current_cert(sctx);
    char cn[256] = "?";
    if (x)
        X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
    say("    cb preverify_ok=%d depth=%d error=%d cert=%s", ok, X509_STORE_CTX_get_error_depth(sctx),
        X509_STORE_CTX_get_error(sctx), cn);
    return ok;
}

static void print_errors(void)
{
    unsigned long e;
    char buf[256];
    while ((e = ERR_get_error()) != 0) {
        ERR_error_string_n(e, buf, sizeof buf);
        say("    ERR %s", buf);
    }
}

static void run(const struct vcase *c, int mode, int with_cb)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_load_verify_locations(ctx, vm(c->trust), NULL) != 1)
        harness_die("load %s", c->trust);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    for (int i = 0; i < 2; i++)
        if (c->crls[i] && X509_STORE_load_file(store, vm(c->crls[i])) != 1)
            harness_die("load %s", c->crls[i]);
    if (c->flags && c->where == STORE)
        X509_STORE_set_flags(store, c->flags);
    if (c->flags && c->where == CTX_PARAM)
        X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), c->flags);
    SSL_CTX_set_verify(ctx, mode, with_cb ? cb : NULL);
    SSL *ssl = SSL_new(ctx);
    if (c->flags && c->where == SSL_PARAM)
        X509_VERIFY_PARAM_set_flags(SSL_get0_param(ssl), c->flags);
    SSL_set_tlsext_host_name(ssl, "localhost");
    if (c->host)
        SSL_set1_host(ssl, c->host);
    /* Not checked yet: OpenSSL initialises the result to X509_V_OK. */
    long before = SSL_get_verify_result(ssl);
    int fd = tcp_connect(port_of(c->server));
    SSL_set_fd(ssl, fd);
    ERR_clear_error();
    int r = SSL_connect(ssl);
    long v = SSL_get_verify_result(ssl);
    say("  %s%s: before %ld, SSL_connect %d %s, verify result %ld (%s)",
        mode == SSL_VERIFY_NONE ? "VERIFY_NONE" : "VERIFY_PEER", with_cb ? "+cb" : "", before, r,
        ssl_error_name(SSL_get_error(ssl, r)), v, X509_verify_cert_error_string(v));
    print_errors();
    if (r == 1 && mode == SSL_VERIFY_NONE && !with_cb) {
        /* The chain verification built (even when it failed): its subjects. */
        STACK_OF(X509) *vc = SSL_get0_verified_chain(ssl);
        char names[1024] = "";
        for (int i = 0; vc && i < sk_X509_num(vc); i++) {
            char cn[128] = "?";
            X509_NAME_get_text_by_NID(X509_get_subject_name(sk_X509_value(vc, i)), NID_commonName, cn, sizeof cn);
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? " / " : "", cn);
        }
        say("    verified chain: %d [%s]", vc ? sk_X509_num(vc) : -1, names);
    }
    if (r == 1)
        SSL_shutdown(ssl);
    close(fd);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    harness_init();
    const unsigned long LEAF = X509_V_FLAG_CRL_CHECK;
    const unsigned long ALL = X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
    const struct vcase cases[] = {
        {"good", "good", "localhost", "ca.pem", {0}, 0, STORE},
        {"expired", "expired", "localhost", "ca.pem", {0}, 0, STORE},
        {"not yet valid", "notyet", "localhost", "ca.pem", {0}, 0, STORE},
        {"self-signed", "selfsigned", "localhost", "ca.pem", {0}, 0, STORE},
        {"unknown CA", "good", "localhost", "other-ca.pem", {0}, 0, STORE},
        {"clientAuth-only EKU", "eku-client", "localhost", "ca.pem", {0}, 0, STORE},
        {"wrong name", "wrongname", "localhost", "ca.pem", {0}, 0, STORE},
        {"DNS-only SAN reached by IP", "dnsonly", "127.0.0.1", "ca.pem", {0}, 0, STORE},
        {"IP-only SAN reached by name", "iponly", "localhost", "ca.pem", {0}, 0, STORE},
        {"IP-only SAN reached by IP", "iponly", "127.0.0.1", "ca.pem", {0}, 0, STORE},
        /* The subject CN is a host name's last resort: OpenSSL uses it when the
         * certificate has no DNS SAN, GnuTLS when it has no SAN of any kind. */
        {"no SAN, CN=localhost, reached by name", "cnonly", "localhost", "ca.pem", {0}, 0, STORE},
        {"no SAN, CN=localhost, wrong name", "cnonly", "www.example.org", "ca.pem", {0}, 0, STORE},
        {"no SAN, CN=localhost, reached by IP", "cnonly", "127.0.0.1", "ca.pem", {0}, 0, STORE},
        {"IP SAN only, CN=localhost, reached by name", "cnip", "localhost", "ca.pem", {0}, 0, STORE},
        {"missing intermediate", "noint", "localhost", "ca.pem", {0}, 0, STORE},
        {"intermediate sent", "withint", "localhost", "ca.pem", {0}, 0, STORE},
        {"CA:FALSE issuer", "notca", "localhost", "ca.pem", {0}, 0, STORE},
        {"revoked, no CRL check", "revoked", "localhost", "ca.pem", {"ca.crl"}, 0, STORE},
        {"revoked, CRL_CHECK on the store", "revoked", "localhost", "ca.pem", {"ca.crl"}, LEAF, STORE},
        {"revoked, CRL_CHECK on the SSL_CTX param", "revoked", "localhost", "ca.pem", {"ca.crl"}, LEAF,
         CTX_PARAM},
        {"revoked, CRL_CHECK on the SSL param", "revoked", "localhost", "ca.pem", {"ca.crl"}, LEAF, SSL_PARAM},
        {"good, CRL_CHECK", "good", "localhost", "ca.pem", {"ca.crl"}, LEAF, STORE},
        {"good, CRL_CHECK, no CRL loaded", "good", "localhost", "ca.pem", {0}, LEAF, STORE},
        {"good, CRL_CHECK, expired CRL", "good", "localhost", "ca.pem", {"ca-expired.crl"}, LEAF, STORE},
        {"revoked, CRL_CHECK, expired CRL", "revoked", "localhost", "ca.pem", {"ca-expired.crl"}, LEAF,
         STORE},
        {"intermediate, CRL_CHECK, its CRL", "withint", "localhost", "ca.pem", {"int.crl"}, LEAF, STORE},
        {"intermediate, CRL_CHECK_ALL, only its CRL", "withint", "localhost", "ca.pem", {"int.crl"}, ALL,
         STORE},
        {"intermediate, CRL_CHECK_ALL, only the root's CRL", "withint", "localhost", "ca.pem", {"ca.crl"},
         ALL, STORE},
        {"intermediate, CRL_CHECK_ALL, both CRLs", "withint", "localhost", "ca.pem", {"int.crl", "ca.crl"},
         ALL, STORE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        say("%s:", cases[i].label);
        run(&cases[i], SSL_VERIFY_PEER, 0);
        run(&cases[i], SSL_VERIFY_PEER, 1);
        run(&cases[i], SSL_VERIFY_NONE, 0);
    }
    /* A fresh SSL, never connected, reports X509_V_OK as OpenSSL does. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = SSL_new(ctx);
    say("never connected: verify result %ld", SSL_get_verify_result(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    say("done");
    return 0;
}
