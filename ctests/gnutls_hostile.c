/* Hostile peers on the GnuTLS face (issue 7): a client against ctests/hostile_peer.py
 * (see there and ossl_hostile.c). Prints each gnutls_handshake / gnutls_record_recv
 * result (GNUTLS_E_* name, fatal or not, the alert received), and the alert the peer
 * saw from us. Handshake and record timeouts of 5 s, so nothing can hang. */
#include "harness.h"

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

/* facts_only: GnuTLS and rustls differ in detail (RELIABILITY.md, "Hostile peers");
 * print only whether the connection failed (and that nothing hung). The alert the peer
 * saw goes to stderr only: GnuTLS sends no alert on its own (a program calls
 * gnutls_alert_send_appropriate), rustls always does. */
static void run(const char *mode, int facts_only)
{
    char out[] = "/tmp/tlsshim-hostile.XXXXXX";
    int ofd = mkstemp(out);
    if (ofd < 0)
        harness_die("mkstemp");
    close(ofd);
    setenv("HOSTILE_OUT", out, 1);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "hostile %s", mode);
    pid_t pid;
    int port = harness_peer(cmd, &pid);
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", strlen("localhost"));
    gnutls_handshake_set_timeout(s, 5000);
    gnutls_record_set_timeout(s, 5000);
    int fd = tcp_connect(port);
    gnutls_transport_set_int(s, fd);
    say("%s:", mode);
    int r, failed = 0;
    /* Non-fatal results (a warning alert) are printed and the handshake goes on. */
    for (int i = 0; i < 8; i++) {
        r = gnutls_handshake(s);
        print_rc("handshake", s, r, facts_only);
        if (r == 0 || gnutls_error_is_fatal(r))
            break;
    }
    failed = r != 0;
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
    close(fd);
    gnutls_certificate_free_credentials(cred);
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
    fprintf(stderr, "%s: peer saw: %s\n", mode, line);
    say("  finished (no crash, no hang)");
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    run("bad_type", 0);
    run("malformed_hello", 0);
    run("oversized", 0);
    run("warning_alert", 0);
    run("fatal_alert", 0);
    /* GnuTLS: GNUTLS_E_AGAIN, then UNEXPECTED_PACKET_LENGTH for an EOF inside a
     * record; we report GNUTLS_E_PREMATURE_TERMINATION. */
    run("truncated", 1);
    run("downgrade", 0);
    run("after_close", 0);
    /* GnuTLS returns GNUTLS_E_REHANDSHAKE and goes on; rustls refuses renegotiation
     * (warning no_renegotiation) and s_server then fails the connection. */
    run("hello_request", 1);
    /* Encrypted records forged after a real handshake (hostile_peer.py encNN_*).
     * GnuTLS fails on any TLS 1.3 alert but close_notify (FATAL_ALERT_RECEIVED, User
     * canceled); rustls ignores an encrypted user_canceled, as OpenSSL does, and the
     * engine cannot see it (it is encrypted). */
    run("enc13_warning", 1);
    run("enc13_warning_other", 0);
    run("enc13_fatal", 0);
    run("enc13_after_close", 0);
    run("enc13_bad_mac", 0);
    run("enc13_bad_type", 0);
    run("enc13_ccs", 0);
    /* GnuTLS reports an encrypted TLS 1.2 warning alert (WARNING_ALERT_RECEIVED, not
     * fatal, then the data that follows); rustls ignores it and the engine cannot
     * read its description (it is encrypted): we go straight on to the data. */
    run("enc12_warning", 1);
    run("enc12_fatal", 0);
    run("enc12_after_close", 0);
    run("enc12_bad_mac", 0);
    gnutls_global_deinit();
    say("done");
    return 0;
}
