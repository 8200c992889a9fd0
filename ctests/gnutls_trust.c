/* Trust sources other than a trust file, against `gnutls-serv --http` (GNUTLS_PORT):
 *  - gnutls_x509_trust_list_* (what gnutls-cli uses): init, add_trust_file /
 *    _mem / add_cas counts and errors, attached with gnutls_certificate_set_trust_list
 *    before it is filled; the verify status a handshake then gives;
 *  - gnutls_certificate_set_x509_trust with gnutls_x509_crt_t lists (lftp), and
 *    gnutls_certificate_set_x509_crl with an empty list;
 *  - gnutls_load_file. */
#include "harness.h"

#include <gnutls/x509.h>

static const char *name_of(int rc)
{
    const char *n = rc < 0 ? gnutls_strerror_name(rc) : "ok";
    return n ? n : "(no name)";
}

static gnutls_datum_t file_datum(const char *path)
{
    gnutls_datum_t d = {NULL, 0};
    if (gnutls_load_file(path, &d) < 0)
        harness_die("cannot load %s", path);
    return d;
}

/* A handshake with `cred` to `port`; prints its result and the verify status. With
 * `resume_in`, set_data first; with `resume_out`, the session's data afterwards. */
static void connect_once(const char *what, int port, gnutls_certificate_credentials_t cred,
                         const char *prio, gnutls_datum_t *resume_in,
                         gnutls_datum_t *resume_out)
{
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_priority_set_direct(s, prio, NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost"));
    if (resume_in)
        say("%s set_data: %s", what, name_of(gnutls_session_set_data(s, resume_in->data,
                                                                    resume_in->size)));
    int fd = tcp_connect(port);
    gnutls_transport_set_int(s, fd);
    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && gnutls_error_is_fatal(r) == 0);
    say("%s handshake: %s", what, name_of(r));
    if (r == 0) {
        unsigned status = 0xffffffff;
        int v = gnutls_certificate_verify_peers3(s, "localhost", &status);
        say("%s verify: %s status 0x%x", what, name_of(v), status);
        say("%s resumed: %d", what, gnutls_session_is_resumed(s));
        /* A request and its answer, as a program would, before taking the data: the
         * TLS 1.3 tickets arrive after the handshake. (GnuTLS returns GNUTLS_E_AGAIN
         * from gnutls_record_recv after a ticket even when blocking; not compared.) */
        const char req[] = "GET / HTTP/1.0\r\n\r\n";
        gnutls_record_send(s, req, sizeof req - 1);
        char buf[4096];
        ssize_t n;
        do
            n = gnutls_record_recv(s, buf, sizeof buf);
        while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
        say("%s response: %s", what, n > 0 ? "data" : name_of((int)n));
        if (resume_out) {
            int g = gnutls_session_get_data2(s, resume_out);
            say("%s get_data2: %s non-empty=%d", what, name_of(g),
                g == 0 && resume_out->size > 4);
        }
        gnutls_bye(s, GNUTLS_SHUT_WR);
    }
    close(fd);
    gnutls_deinit(s);
}

int main(void)
{
    harness_init();
    int gport = harness_port("GNUTLS_PORT");
    gnutls_global_init();

    /* Trust lists. */
    gnutls_x509_trust_list_t tl;
    say("trust_list_init: %s", name_of(gnutls_x509_trust_list_init(&tl, 0)));
    gnutls_certificate_credentials_t tcred;
    gnutls_certificate_allocate_credentials(&tcred);
    gnutls_certificate_set_trust_list(tcred, tl, 0);
    /* Filled after being attached, as gnutls-cli does. */
    int r = gnutls_x509_trust_list_add_trust_file(tl, pki("ca.pem"), NULL, GNUTLS_X509_FMT_PEM,
                                                  GNUTLS_TL_USE_IN_TLS, 0);
    say("add_trust_file ca.pem: %d", r);
    r = gnutls_x509_trust_list_add_trust_file(tl, "/nonexistent.pem", NULL,
                                              GNUTLS_X509_FMT_PEM, 0, 0);
    say("add_trust_file missing: %d %s", r, name_of(r));
    connect_once("trust list", gport, tcred, "NORMAL", NULL, NULL);

    gnutls_x509_trust_list_t tl2;
    gnutls_x509_trust_list_init(&tl2, 0);
    gnutls_datum_t other = file_datum(pki("other-ca.pem"));
    r = gnutls_x509_trust_list_add_trust_mem(tl2, &other, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
    say("add_trust_mem other-ca.pem: %d", r);
    gnutls_certificate_credentials_t tcred2;
    gnutls_certificate_allocate_credentials(&tcred2);
    gnutls_certificate_set_trust_list(tcred2, tl2, 0);
    connect_once("trust list other CA", gport, tcred2, "NORMAL", NULL, NULL);

    gnutls_x509_trust_list_t tl3;
    gnutls_x509_trust_list_init(&tl3, 0);
    gnutls_x509_crt_t *cas = NULL;
    unsigned ncas = 0;
    gnutls_datum_t ca = file_datum(pki("ca.pem"));
    r = gnutls_x509_crt_list_import2(&cas, &ncas, &ca, GNUTLS_X509_FMT_PEM, 0);
    say("crt_list_import2: %s %u", name_of(r), ncas);
    /* add_cas takes the certificates (and the array stays the caller's). */
    r = gnutls_x509_trust_list_add_cas(tl3, cas, ncas, 0);
    say("add_cas: %d", r);
    gnutls_free(cas);
    gnutls_certificate_credentials_t tcred3;
    gnutls_certificate_allocate_credentials(&tcred3);
    gnutls_certificate_set_trust_list(tcred3, tl3, 0);
    connect_once("trust list add_cas", gport, tcred3, "NORMAL", NULL, NULL);

    /* gnutls_certificate_set_x509_trust with crt objects (lftp). */
    gnutls_x509_crt_t crts[2];
    unsigned ncrts = 2;
    gnutls_datum_t both;
    both.size = ca.size + other.size;
    both.data = gnutls_malloc(both.size);
    memcpy(both.data, other.data, other.size);
    memcpy(both.data + other.size, ca.data, ca.size);
    r = gnutls_x509_crt_list_import(crts, &ncrts, &both, GNUTLS_X509_FMT_PEM, 0);
    say("crt_list_import: %d", r);
    gnutls_certificate_credentials_t xcred;
    gnutls_certificate_allocate_credentials(&xcred);
    say("set_x509_trust 2: %d", gnutls_certificate_set_x509_trust(xcred, crts, ncrts));
    say("set_x509_trust 0: %d", gnutls_certificate_set_x509_trust(xcred, crts, 0));
    say("set_x509_crl 0: %d", gnutls_certificate_set_x509_crl(xcred, NULL, 0));
    for (unsigned i = 0; i < ncrts; i++)
        gnutls_x509_crt_deinit(crts[i]); /* the credentials keep their own copies */
    connect_once("set_x509_trust", gport, xcred, "NORMAL", NULL, NULL);
    gnutls_certificate_credentials_t xcred2;
    gnutls_certificate_allocate_credentials(&xcred2);
    gnutls_x509_crt_t one;
    gnutls_x509_crt_init(&one);
    gnutls_x509_crt_import(one, &other, GNUTLS_X509_FMT_PEM);
    say("set_x509_trust other: %d", gnutls_certificate_set_x509_trust(xcred2, &one, 1));
    gnutls_x509_crt_deinit(one);
    connect_once("set_x509_trust other CA", gport, xcred2, "NORMAL", NULL, NULL);
    gnutls_free(both.data);


    gnutls_free(ca.data);
    gnutls_free(other.data);
    gnutls_certificate_free_credentials(tcred);
    gnutls_certificate_free_credentials(tcred2);
    gnutls_certificate_free_credentials(tcred3);
    gnutls_certificate_free_credentials(xcred);
    gnutls_certificate_free_credentials(xcred2);
    gnutls_global_deinit();
    return 0;
}
