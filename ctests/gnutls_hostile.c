/* Hostile peers on the GnuTLS face (issue 7): a client against ctests/hostile_peer.py
 * (see there and ossl_hostile.c). Prints each gnutls_handshake / gnutls_record_recv
 * result (GNUTLS_E_* name, fatal or not, the alert received), and the alert the peer
 * saw from us. Handshake and record timeouts of 5 s, so nothing can hang. */
#include "hostile.h"

/* facts_only: GnuTLS and rustls differ in detail (RELIABILITY.md, "Hostile peers");
 * print only whether the connection failed (and that nothing hung). The alert the peer
 * saw goes to stderr only: GnuTLS sends no alert on its own (a program calls
 * gnutls_alert_send_appropriate), rustls always does. */
static void run(const char *mode, int facts_only)
{
    char out[32];
    hostile_out_begin(out);
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
    hostile_gnutls_io(s, facts_only);
    gnutls_deinit(s);
    close(fd);
    gnutls_certificate_free_credentials(cred);
    harness_peer_wait(pid);
    char line[128];
    hostile_out_end(out, mode, "peer", line, sizeof line);
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
