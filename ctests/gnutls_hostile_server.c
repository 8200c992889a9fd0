/* Hostile clients on the GnuTLS face (issue 7): a SERVER against
 * ctests/hostile_client.py (see there and ossl_hostile_server.c). Prints each
 * gnutls_handshake / gnutls_record_recv result (GNUTLS_E_* name, fatal or not, the
 * alert received), and the alert the client saw from us. Handshake and record
 * timeouts of 5 s, accept within 10 s, alarm() for the rest, so nothing can hang.
 * Differences from GnuTLS: RELIABILITY.md, "Hostile peers". */
#include "harness.h"

static gnutls_certificate_credentials_t cred;
static gnutls_priority_t prio;

static const char *name_of(int rc)
{
    const char *n = rc < 0 ? gnutls_strerror_name(rc) : "ok";
    return n ? n : "(no name)";
}

static void print_rc(const char *what, gnutls_session_t s, int r, int facts_only)
{
    if (facts_only)
        return;
    if (r == GNUTLS_E_WARNING_ALERT_RECEIVED || r == GNUTLS_E_FATAL_ALERT_RECEIVED)
        say("  %s %s fatal=%d alert %s", what, name_of(r), gnutls_error_is_fatal(r),
            gnutls_alert_get_name(gnutls_alert_get(s)));
    else
        say("  %s %s fatal=%d", what, name_of(r), r < 0 ? gnutls_error_is_fatal(r) : 0);
}

/* Half-closes `fd` and reads until the client closes (or 4 s), so that our close
 * never resets a connection the client is still reading its alert from. */
static void linger_close(int fd)
{
    shutdown(fd, SHUT_WR);
    char buf[4096];
    while (wait_fd(fd, POLLIN, 4000) && read(fd, buf, sizeof buf) > 0)
        ;
    close(fd);
}

/* FACTS: print only whether the connection failed (and that nothing hung). SHOW_ALERT:
 * print the alert the client saw; by default it goes to stderr only, since GnuTLS
 * sends no alert on its own when a handshake fails (a program calls
 * gnutls_alert_send_appropriate) and rustls always does. */
enum { FACTS = 1, SHOW_ALERT = 2 };

static void run(const char *mode, int flags)
{
    int facts_only = flags & FACTS;
    char out[] = "/tmp/tlsshim-hostile.XXXXXX";
    int ofd = mkstemp(out);
    if (ofd < 0)
        harness_die("mkstemp");
    close(ofd);
    setenv("HOSTILE_OUT", out, 1);
    int port;
    int lfd = tcp_listen(&port);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "hostile_client %s", mode);
    pid_t pid = harness_peer_client(cmd, port);
    int fd = tcp_accept(lfd, 10000);
    close(lfd);
    if (fd < 0)
        harness_die("%s: the hostile client did not connect", mode);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_SERVER);
    gnutls_priority_set(s, prio);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_handshake_set_timeout(s, 5000);
    gnutls_record_set_timeout(s, 5000);
    gnutls_transport_set_int(s, fd);
    say("%s:", mode);
    int r;
    /* Non-fatal results (a warning alert) are printed and the handshake goes on. */
    for (int i = 0; i < 8; i++) {
        r = gnutls_handshake(s);
        print_rc("handshake", s, r, facts_only);
        if (r == 0 || gnutls_error_is_fatal(r))
            break;
    }
    int failed = r != 0;
    for (int i = 0; r == 0 && i < 4; i++) {
        char buf[256];
        ssize_t n = gnutls_record_recv(s, buf, sizeof buf);
        if (n > 0) {
            if (!facts_only)
                say("  record_recv %zd bytes: %.*s", n, (int)n - 1, buf);
            continue;
        }
        print_rc("record_recv", s, (int)n, facts_only);
        failed = 1;
        if (n < 0 && gnutls_error_is_fatal((int)n))
            break;
    }
    if (facts_only)
        say("  failed: %s", failed ? "yes" : "no");
    gnutls_deinit(s);
    linger_close(fd);
    harness_peer_wait(pid);
    char line[128] = "(nothing)";
    FILE *f = fopen(out, "r");
    if (f) {
        if (!fgets(line, sizeof line, f))
            strcpy(line, "(nothing)\n");
        fclose(f);
    }
    unlink(out);
    line[strcspn(line, "\n")] = 0;
    fprintf(stderr, "%s: client saw: %s\n", mode, line);
    if (!facts_only && (flags & SHOW_ALERT))
        say("  client saw: %s", line);
    say("  finished (no crash, no hang)");
}

int main(void)
{
    harness_init();
    alarm(120);
    gnutls_global_init();
    gnutls_certificate_allocate_credentials(&cred);
    if (gnutls_certificate_set_x509_key_file(cred, pki("server-chain.pem"), pki("server.key"),
                                             GNUTLS_X509_FMT_PEM) < 0)
        harness_die("server certificate");
    /* NORMAL without TLS 1.0/1.1: rustls speaks neither, and GnuTLS' NORMAL would
     * negotiate TLS 1.1 with the old_version client where we refuse it. */
    if (gnutls_priority_init(&prio, "NORMAL:-VERS-TLS1.1:-VERS-TLS1.0", NULL) < 0)
        harness_die("priority");
    run("bad_type", 0);
    run("empty_hello", 0);
    /* GnuTLS: GNUTLS_E_AGAIN, then UNEXPECTED_PACKET_LENGTH for an EOF inside a
     * record; we report GNUTLS_E_PREMATURE_TERMINATION. */
    run("truncated", FACTS);
    run("oversized", 0);
    run("old_version", 0);
    run("no_shared", 0);
    run("fatal_alert", 0);
    run("warning_alert", 0);
    run("warning_mid", SHOW_ALERT);
    run("http", 0);
    /* GnuTLS takes an SSLv2-format ClientHello and answers it; rustls does not read
     * that format (GNUTLS_E_UNEXPECTED_PACKET). */
    run("sslv2", FACTS);
    run("after_close", SHOW_ALERT);
    run("enc_after_close", SHOW_ALERT);
    run("enc_bad_mac", 0);
    run("enc12_bad_mac", 0);
    run("enc_fatal", SHOW_ALERT);
    run("enc_bad_type", 0);
    run("enc_ccs", 0);
    /* GnuTLS fails on any TLS 1.3 alert but close_notify (FATAL_ALERT_RECEIVED, User
     * canceled); rustls ignores an encrypted user_canceled, as OpenSSL does, and the
     * engine cannot see it (it is encrypted). */
    run("enc_warning", FACTS);
    gnutls_priority_deinit(prio);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    say("done");
    return 0;
}
