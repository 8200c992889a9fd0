/* Hostile clients on the GnuTLS face (issue 7): a SERVER against
 * ctests/hostile_client.py (see there and ossl_hostile_server.c). Prints each
 * gnutls_handshake / gnutls_record_recv result (GNUTLS_E_* name, fatal or not, the
 * alert received), and the alert the client saw from us. Handshake and record
 * timeouts of 5 s, accept within 10 s, alarm() for the rest, so nothing can hang.
 * Differences from GnuTLS: RELIABILITY.md, "Hostile peers". */
#include "hostile.h"

static gnutls_certificate_credentials_t cred;
static gnutls_priority_t prio;

/* FACTS: print only whether the connection failed (and that nothing hung). SHOW_ALERT:
 * print the alert the client saw; by default it goes to stderr only, since GnuTLS
 * sends no alert on its own when a handshake fails (a program calls
 * gnutls_alert_send_appropriate) and rustls always does. */
enum { FACTS = 1, SHOW_ALERT = 2 };

static void run(const char *mode, int flags)
{
    char out[32];
    pid_t pid;
    int fd = hostile_client_connects(mode, out, &pid);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_SERVER);
    gnutls_priority_set(s, prio);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_handshake_set_timeout(s, 5000);
    gnutls_record_set_timeout(s, 5000);
    gnutls_transport_set_int(s, fd);
    say("%s:", mode);
    hostile_gnutls_io(s, flags & FACTS);
    gnutls_deinit(s);
    linger_close(fd);
    harness_peer_wait(pid);
    char line[128];
    hostile_out_end(out, mode, "client", line, sizeof line);
    if (!(flags & FACTS) && (flags & SHOW_ALERT))
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
    /* A client-initiated renegotiation: GnuTLS hands the server program
     * GNUTLS_E_REHANDSHAKE (not fatal; a program that does not call gnutls_handshake
     * then fails on the next record, GNUTLS_E_UNEXPECTED_PACKET). rustls never
     * renegotiates: it answers no_renegotiation (a warning) and the connection goes
     * on, as OpenSSL 3.0's server does (ossl_hostile_server). Facts only. */
    run("enc12_reneg", FACTS);
    gnutls_priority_deinit(prio);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    say("done");
    return 0;
}
