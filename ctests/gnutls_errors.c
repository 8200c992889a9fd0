/* GnuTLS error reporting: the error-code table (names, strings, fatality), and the
 * codes and record direction a client meets — would-block in the handshake, EINTR
 * and EAGAIN from a push function (with the `record_send(NULL, 0)` retry), wrong CA,
 * close_notify vs EOF without it, and a bad priority string. */
#include "harness.h"

#include <gnutls/x509.h>

static gnutls_certificate_credentials_t cred_for(const char *ca)
{
    gnutls_certificate_credentials_t cred;
    if (gnutls_certificate_allocate_credentials(&cred) < 0)
        harness_die("gnutls_certificate_allocate_credentials failed");
    if (gnutls_certificate_set_x509_trust_file(cred, pki(ca), GNUTLS_X509_FMT_PEM) <= 0)
        harness_die("gnutls_certificate_set_x509_trust_file(%s) failed", ca);
    return cred;
}

static gnutls_session_t client(gnutls_certificate_credentials_t cred)
{
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_CLIENT) < 0)
        harness_die("gnutls_init failed");
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost"));
    return s;
}

static const char *name_of(long rc)
{
    if (rc >= 0)
        return "ok";
    const char *n = gnutls_strerror_name((int)rc);
    return n ? n : "(no name)";
}

static int handshake_blocking(gnutls_session_t s)
{
    int r;
    do
        r = gnutls_handshake(s);
    while (r < 0 && gnutls_error_is_fatal(r) == 0);
    return r;
}

/* Every named code from -1 to -1500: name, fatality and message. */
static void error_table(void)
{
    int count = 0;
    for (int code = -1; code >= -1500; code--) {
        const char *name = gnutls_strerror_name(code);
        if (!name)
            continue;
        count++;
        say("code %d %s fatal=%d: %s", code, name, gnutls_error_is_fatal(code),
            gnutls_strerror(code));
    }
    say("named codes: %d", count);
    say("code 0: %s", gnutls_strerror(0));
    say("code 0 name: %s", gnutls_strerror_name(0) ? gnutls_strerror_name(0) : "NULL");
}

/* A nonblocking socket whose peer never answers. */
static void handshake_would_block(void)
{
    int sv[2];
    socket_pair(sv);
    set_nonblocking(sv[0], 1);
    gnutls_certificate_credentials_t cred = cred_for("ca.pem");
    gnutls_session_t s = client(cred);
    gnutls_transport_set_int(s, sv[0]);
    int r = gnutls_handshake(s);
    say("nonblocking handshake: %d %s fatal=%d direction=%d", r, name_of(r),
        gnutls_error_is_fatal(r), gnutls_record_get_direction(s));
    unsigned char first = 0;
    say("nonblocking peer got a record: %d", read(sv[1], &first, 1) == 1 && first == 0x16);
    r = gnutls_handshake(s);
    say("nonblocking handshake again: %d %s direction=%d", r, name_of(r),
        gnutls_record_get_direction(s));
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    close(sv[0]);
    close(sv[1]);
}

/* Transport callbacks over a plain fd, with one injected failure. */
struct transport {
    int fd;
    int fail_push_once; /* errno to fail the next push with, 0 = none */
    int pushes_failed;
};

static ssize_t push_fn(gnutls_transport_ptr_t p, const void *data, size_t len)
{
    struct transport *t = p;
    if (t->fail_push_once) {
        errno = t->fail_push_once;
        t->fail_push_once = 0;
        t->pushes_failed++;
        return -1;
    }
    ssize_t r;
    do
        r = send(t->fd, data, len, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    return r;
}

static ssize_t pull_fn(gnutls_transport_ptr_t p, void *data, size_t len)
{
    struct transport *t = p;
    ssize_t r;
    do
        r = recv(t->fd, data, len, 0);
    while (r < 0 && errno == EINTR);
    return r;
}

static gnutls_session_t callback_client(gnutls_certificate_credentials_t cred,
                                        struct transport *t)
{
    gnutls_session_t s = client(cred);
    gnutls_transport_set_ptr(s, t);
    gnutls_transport_set_push_function(s, push_fn);
    gnutls_transport_set_pull_function(s, pull_fn);
    return s;
}

/* EINTR from the push function during the handshake: GNUTLS_E_INTERRUPTED, and the
 * handshake then resumes. */
static void push_eintr(void)
{
    gnutls_certificate_credentials_t cred = cred_for("ca.pem");
    struct transport t = {.fd = tcp_connect(harness_port("GNUTLS_PORT")), .fail_push_once = EINTR};
    gnutls_session_t s = callback_client(cred, &t);
    int r = gnutls_handshake(s);
    say("push EINTR handshake: %d %s fatal=%d direction=%d", r, name_of(r),
        gnutls_error_is_fatal(r), gnutls_record_get_direction(s));
    r = handshake_blocking(s);
    say("push EINTR handshake resumed: %d %s", r, name_of(r));
    say("push EINTR failures injected: %d", t.pushes_failed);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    close(t.fd);
}

/* EAGAIN from the push function during record_send after the handshake:
 * GNUTLS_E_AGAIN with direction 1, then record_send(NULL, 0) completes the pending
 * record and returns the original count. */
static void push_eagain_retry(void)
{
    gnutls_certificate_credentials_t cred = cred_for("ca.pem");
    struct transport t = {.fd = tcp_connect(harness_port("GNUTLS_PORT"))};
    gnutls_session_t s = callback_client(cred, &t);
    int r = handshake_blocking(s);
    say("push EAGAIN handshake: %d %s", r, name_of(r));
    static const char req[] = "GET / HTTP/1.0\r\n\r\n";
    t.fail_push_once = EAGAIN;
    ssize_t n = gnutls_record_send(s, req, strlen(req));
    say("push EAGAIN record_send: %zd %s fatal=%d direction=%d", n, name_of(n),
        gnutls_error_is_fatal((int)n), gnutls_record_get_direction(s));
    n = gnutls_record_send(s, NULL, 0);
    say("push EAGAIN record_send(NULL, 0) retry: %zd %s", n, name_of(n));
    char buf[4096];
    do
        n = gnutls_record_recv(s, buf, sizeof buf);
    while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    int len = 0;
    while (len < n && buf[len] != '\r' && buf[len] != '\n')
        len++;
    say("push EAGAIN response: %s, first line: %.*s", n > 0 ? "data" : name_of(n), len, buf);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    close(t.fd);
}

/* A server whose chain does not lead to our CA: the handshake succeeds when the
 * application verifies afterwards; gnutls_session_set_verify_cert makes it fail. */
static void wrong_ca(void)
{
    gnutls_certificate_credentials_t cred = cred_for("other-ca.pem");
    int fd = tcp_connect(harness_port("GNUTLS_PORT"));
    gnutls_session_t s = client(cred);
    gnutls_transport_set_int(s, fd);
    int r = handshake_blocking(s);
    say("wrong CA handshake: %d %s", r, name_of(r));
    unsigned status = 0xffffffff;
    r = gnutls_certificate_verify_peers2(s, &status);
    say("wrong CA verify_peers2: %d %s status=0x%x", r, name_of(r), status);
    status = 0xffffffff;
    r = gnutls_certificate_verify_peers3(s, "localhost", &status);
    say("wrong CA verify_peers3: %d %s status=0x%x", r, name_of(r), status);
    gnutls_datum_t out = {0};
    if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) == 0) {
        say("wrong CA status text: %s", out.data);
        gnutls_free(out.data);
    }
    gnutls_bye(s, GNUTLS_SHUT_WR);
    gnutls_deinit(s);
    close(fd);

    fd = tcp_connect(harness_port("GNUTLS_PORT"));
    s = client(cred);
    gnutls_session_set_verify_cert(s, "localhost", 0);
    gnutls_transport_set_int(s, fd);
    r = handshake_blocking(s);
    say("wrong CA with set_verify_cert handshake: %d %s fatal=%d", r, name_of(r),
        gnutls_error_is_fatal(r));
    say("wrong CA get_verify_cert_status: 0x%x", gnutls_session_get_verify_cert_status(s));
    gnutls_deinit(s);
    close(fd);
    gnutls_certificate_free_credentials(cred);
}

/* The peer (ctests/peer.py) sends "hello\n", then close_notify or a bare TCP close. */
static void peer_close(const char *mode)
{
    pid_t pid;
    int port = harness_peer(mode, &pid);
    gnutls_certificate_credentials_t cred = cred_for("ca.pem");
    int fd = tcp_connect(port);
    gnutls_session_t s = client(cred);
    gnutls_transport_set_int(s, fd);
    int r = handshake_blocking(s);
    say("%s handshake: %d %s", mode, r, name_of(r));
    char buf[64];
    ssize_t n;
    int i = 0;
    do {
        n = gnutls_record_recv(s, buf, sizeof buf);
        if (n > 0)
            say("%s record_recv %d: %zd %.*s", mode, ++i, n, (int)n - 1, buf);
    } while (n > 0 || n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
    say("%s record_recv end: %zd %s fatal=%d", mode, n, name_of(n), gnutls_error_is_fatal((int)n));
    n = gnutls_record_recv(s, buf, sizeof buf);
    say("%s record_recv again: %zd %s", mode, n, name_of(n));
    if (strcmp(mode, "close_notify") == 0) {
        r = gnutls_bye(s, GNUTLS_SHUT_WR);
        say("%s bye: %d %s", mode, r, name_of(r));
    }
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    close(fd);
    harness_peer_wait(pid);
}

static void bad_priority(void)
{
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    static const char *strings[] = {"NORMAL:+NO-SUCH-THING", "NONSENSE", "NORMAL:-VERS-ALL:+BOGUS"};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        const char *err = NULL;
        int r = gnutls_priority_set_direct(s, strings[i], &err);
        say("priority \"%s\": %d %s err_pos=%ld", strings[i], r, name_of(r),
            err ? (long)(err - strings[i]) : -1L);
    }
    int r = gnutls_priority_set_direct(s, "NORMAL", NULL);
    say("priority \"NORMAL\": %d %s", r, name_of(r));
    gnutls_deinit(s);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    error_table();
    handshake_would_block();
    push_eintr();
    push_eagain_retry();
    wrong_ca();
    peer_close("close_notify");
    peer_close("eof");
    bad_priority();
    gnutls_global_deinit();
    say("done");
    return 0;
}
