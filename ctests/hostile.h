/* ctests/hostile.h — what the hostile-peer tests share (ossl_hostile, gnutls_hostile:
 * our client against ctests/hostile_peer.py; ossl_hostile_server, gnutls_hostile_server:
 * our server against ctests/hostile_client.py): the peer's report file, a lingering
 * close, and the handshake / read loops with what they print. */
#ifndef TLSSHIM_HOSTILE_H
#define TLSSHIM_HOSTILE_H
#include "harness.h"

#include <openssl/err.h>

/* A fresh file the hostile peer writes its one-line report to (HOSTILE_OUT: the first
 * alert it saw from us, or how the connection ended). `out` holds 32 bytes. */
HARNESS_FN void hostile_out_begin(char *out)
{
    strcpy(out, "/tmp/tlsshim-hostile.XXXXXX");
    int fd = mkstemp(out);
    if (fd < 0)
        harness_die("mkstemp");
    close(fd);
    setenv("HOSTILE_OUT", out, 1);
}

/* The peer's report, also written to stderr as "MODE: WHO saw: …"; the file goes away.
 * Call after the peer has ended (harness_peer_wait). */
HARNESS_FN void hostile_out_end(const char *out, const char *mode, const char *who, char *line, size_t n)
{
    snprintf(line, n, "(nothing)");
    FILE *f = fopen(out, "r");
    if (f) {
        if (!fgets(line, (int)n, f))
            snprintf(line, n, "(nothing)");
        fclose(f);
    }
    unlink(out);
    line[strcspn(line, "\n")] = 0;
    fprintf(stderr, "%s: %s saw: %s\n", mode, who, line);
}

/* A server test's connection from ctests/hostile_client.py in `mode`: makes the report
 * file (`out`, 32 bytes), starts the client, and returns the accepted socket (10 s at
 * most); the client's pid goes to `pid`. */
HARNESS_FN int hostile_client_connects(const char *mode, char *out, pid_t *pid)
{
    hostile_out_begin(out);
    int port;
    int lfd = tcp_listen(&port);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "hostile_client %s", mode);
    *pid = harness_peer_client(cmd, port);
    int fd = tcp_accept(lfd, 10000);
    close(lfd);
    if (fd < 0)
        harness_die("%s: the hostile client did not connect", mode);
    return fd;
}

/* Half-closes `fd` and reads until the peer closes (or 4 s), so that our close never
 * resets a connection the peer is still reading its alert from. */
HARNESS_FN void linger_close(int fd)
{
    shutdown(fd, SHUT_WR);
    char buf[4096];
    while (wait_fd(fd, POLLIN, 4000) && read(fd, buf, sizeof buf) > 0)
        ;
    close(fd);
}

/* libssl: the reason of the first ERR entry, or of the last one with `last`. */
HARNESS_FN const char *hostile_reason(int last)
{
    unsigned long e = last ? ERR_peek_last_error() : ERR_peek_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return e ? (r ? r : "(no string)") : "none";
}

/* libssl: how the reads after a finished handshake are printed, and what is done with
 * the ERR queue after each printed result (cleared, or each entry to stderr first). */
struct hostile_ossl {
    const char *mode;
    int facts_only;    /* print nothing but whether the connection failed */
    int show_reason;   /* else "(not compared)" */
    int last_reason;   /* the last ERR entry's reason rather than the first's */
    void (*drain)(const char *mode);
};

HARNESS_FN void hostile_ossl_drain(const struct hostile_ossl *o)
{
    if (o->drain)
        o->drain(o->mode);
    else
        ERR_clear_error();
}

/* Prints the handshake call's result (WHAT: SSL_connect or SSL_accept), then up to 4
 * SSL_reads after a finished handshake, until one fails or the peer closed. Returns
 * whether the connection failed (a handshake failure, a failed read, or the end);
 * with `facts_only` prints only that verdict. */
HARNESS_FN int hostile_ossl_io(SSL *ssl, const char *what, int r, const struct hostile_ossl *o)
{
    int failed = r != 1;
    if (!o->facts_only)
        say("  %s %d %s, reason %s", what, r, ssl_error_name(SSL_get_error(ssl, r)),
            o->show_reason ? hostile_reason(o->last_reason) : "(not compared)");
    hostile_ossl_drain(o);
    for (int i = 0; r == 1 && i < 4; i++) {
        char buf[256];
        int n = SSL_read(ssl, buf, sizeof buf);
        int e = SSL_get_error(ssl, n);
        if (n > 0) {
            if (!o->facts_only)
                say("  SSL_read %d bytes: %.*s", n, n - 1, buf);
            continue;
        }
        failed = 1;
        if (!o->facts_only)
            say("  SSL_read %d %s, reason %s", n, ssl_error_name(e),
                o->show_reason ? hostile_reason(o->last_reason) : "(not compared)");
        hostile_ossl_drain(o);
        if (e != SSL_ERROR_ZERO_RETURN)
            break;
    }
    if (o->facts_only)
        say("  failed: %s", failed ? "yes" : "no");
    return failed;
}

/* GnuTLS: a result by name ("ok" for success). */
HARNESS_FN const char *hostile_gnutls_name(int rc)
{
    const char *n = rc < 0 ? gnutls_strerror_name(rc) : "ok";
    return n ? n : "(no name)";
}

HARNESS_FN void hostile_gnutls_print(const char *what, gnutls_session_t s, int r, int facts_only)
{
    if (facts_only)
        return;
    if (r == GNUTLS_E_WARNING_ALERT_RECEIVED || r == GNUTLS_E_FATAL_ALERT_RECEIVED)
        say("  %s %s fatal=%d alert %s", what, hostile_gnutls_name(r), gnutls_error_is_fatal(r),
            gnutls_alert_get_name(gnutls_alert_get(s)));
    else
        say("  %s %s fatal=%d", what, hostile_gnutls_name(r), r < 0 ? gnutls_error_is_fatal(r) : 0);
}

/* GnuTLS: the handshake (non-fatal results, a warning alert, are printed and it goes
 * on), then up to 4 gnutls_record_recv after a finished one. Returns whether the
 * connection failed; with `facts_only` prints only that verdict. */
HARNESS_FN int hostile_gnutls_io(gnutls_session_t s, int facts_only)
{
    int r = -1;
    for (int i = 0; i < 8; i++) {
        r = gnutls_handshake(s);
        hostile_gnutls_print("handshake", s, r, facts_only);
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
        hostile_gnutls_print("record_recv", s, (int)n, facts_only);
        failed = 1;
        if (n < 0 && gnutls_error_is_fatal((int)n))
            break;
    }
    if (facts_only)
        say("  failed: %s", failed ? "yes" : "no");
    return failed;
}
#endif
