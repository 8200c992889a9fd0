/* Client session resumption, against `gnutls-serv --http` (GNUTLS_PORT, tickets on)
 * and `openssl s_server -www` (OSSL_PORT): gnutls_session_get_data2 after a request
 * and its answer, gnutls_session_set_data on the next session, which must be resumed
 * (gnutls_session_is_resumed = 1), TLS 1.3 and TLS 1.2; the data of a resumed session
 * resumes again; set_data refuses garbage and NULL and accepts GnuTLS' "no ticket"
 * marker. */
#include "harness.h"

#include <gnutls/x509.h>

static const char *name_of(int rc)
{
    const char *n = rc < 0 ? gnutls_strerror_name(rc) : "ok";
    return n ? n : "(no name)";
}

static __attribute__((unused)) gnutls_datum_t file_datum(const char *path)
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

static ssize_t plain_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
    return recv((int)(long)p, buf, n, 0);
}

static ssize_t plain_push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
    return send((int)(long)p, buf, n, MSG_NOSIGNAL);
}

/* get_data2 right after the handshake, as gnutls-cli -r does: with the default
 * transport GnuTLS waits a little for the TLS 1.3 ticket; with a pull function and
 * no pull timeout function it cannot wait and returns its "no ticket" data. */
static void immediate(const char *what, int port, gnutls_certificate_credentials_t cred,
                      int custom_pull, gnutls_datum_t *out)
{
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_priority_set_direct(s, "NORMAL", NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost"));
    int fd = tcp_connect(port);
    if (custom_pull) {
        gnutls_transport_set_ptr(s, (gnutls_transport_ptr_t)(long)fd);
        gnutls_transport_set_pull_function(s, plain_pull);
        gnutls_transport_set_push_function(s, plain_push);
    } else {
        gnutls_transport_set_int(s, fd);
    }
    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && gnutls_error_is_fatal(r) == 0);
    say("%s handshake: %s", what, name_of(r));
    r = gnutls_session_get_data2(s, out);
    say("%s get_data2: %s size>4=%d", what, name_of(r), r == 0 && out->size > 4);
    gnutls_deinit(s);
    close(fd);
}

static void resumption(const char *server, int port, gnutls_certificate_credentials_t cred,
                       const char *prio)
{
    char what[128];
    gnutls_datum_t first = {NULL, 0}, second = {NULL, 0};
    snprintf(what, sizeof what, "%s %s first", server, prio);
    connect_once(what, port, cred, prio, NULL, &first);
    snprintf(what, sizeof what, "%s %s second", server, prio);
    connect_once(what, port, cred, prio, &first, &second);
    snprintf(what, sizeof what, "%s %s third", server, prio);
    connect_once(what, port, cred, prio, &second, NULL);
    gnutls_free(first.data);
    gnutls_free(second.data);
}

int main(void)
{
    harness_init();
    int gport = harness_port("GNUTLS_PORT");
    int oport = harness_port("OSSL_PORT");
    gnutls_global_init();
    gnutls_certificate_credentials_t xcred;
    gnutls_certificate_allocate_credentials(&xcred);
    gnutls_certificate_set_x509_trust_file(xcred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);
    int r;

    const unsigned char garbage[] = "not a session";
    gnutls_session_t g;
    gnutls_init(&g, GNUTLS_CLIENT);
    r = gnutls_session_set_data(g, garbage, sizeof garbage);
    say("set_data garbage: %s", name_of(r));
    r = gnutls_session_set_data(g, NULL, 0);
    say("set_data NULL: %s", name_of(r));
    r = gnutls_session_set_data(g, "\0\0\0\0", 4);
    say("set_data empty marker: %s", name_of(r));
    gnutls_deinit(g);
    resumption("gnutls-serv", gport, xcred, "NORMAL");
    resumption("gnutls-serv", gport, xcred, "NORMAL:-VERS-TLS1.3");
    resumption("s_server", oport, xcred, "NORMAL");
    resumption("s_server", oport, xcred, "NORMAL:-VERS-TLS1.3");

    for (int custom = 0; custom <= 1; custom++) {
        const char *what = custom ? "immediate, pull function" : "immediate, default transport";
        char label[128];
        gnutls_datum_t d = {NULL, 0};
        immediate(what, gport, xcred, custom, &d);
        snprintf(label, sizeof label, "%s, next", what);
        connect_once(label, gport, xcred, "NORMAL", &d, NULL);
        gnutls_free(d.data);
    }

    gnutls_certificate_free_credentials(xcred);
    gnutls_global_deinit();
    return 0;
}
