/* Hostile peers on the libssl face (issue 7): a client against ctests/hostile_peer.py
 * (malformed, oversized and mistyped records, warning and fatal alerts, a truncated
 * ServerHello, a TLS 1.2 ServerHello carrying the TLS 1.3 downgrade sentinel, records
 * after close_notify, a TLS 1.2 HelloRequest). Prints SSL_connect / SSL_read results,
 * SSL_get_error, the ERR reason, and the alert the peer saw from us. Reads time out
 * after 5 s (SO_RCVTIMEO), so nothing can hang; run.sh's timeout covers the rest. */
#include "hostile.h"

#include <sys/time.h>

/* Where rustls genuinely differs from OpenSSL (RELIABILITY.md, "Hostile peers"), a
 * case prints less: FACTS only whether the connection failed (and that nothing hung),
 * NO_REASON no ERR reason, NO_ALERT not the alert the peer saw (on stderr instead).
 * NO_RENEG sets SSL_OP_NO_RENEGOTIATION. LAST_REASON prints the reason of the last
 * ERR entry instead of the first. */
enum { FACTS = 1, NO_REASON = 2, NO_ALERT = 4, NO_RENEG = 8, LAST_REASON = 16 };

static void run(const char *mode, int flags)
{
    char out[32];
    hostile_out_begin(out);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "hostile %s", mode);
    pid_t pid;
    int port = harness_peer(cmd, &pid);
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    if (flags & NO_RENEG)
        SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    SSL *ssl = SSL_new(ctx);
    int fd = tcp_connect(port);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    say("%s%s:", mode, flags & NO_RENEG ? ", SSL_OP_NO_RENEGOTIATION" : "");
    ERR_clear_error();
    struct hostile_ossl o = {
        .mode = mode,
        .facts_only = flags & FACTS,
        .show_reason = !(flags & NO_REASON),
        .last_reason = flags & LAST_REASON,
    };
    hostile_ossl_io(ssl, "SSL_connect", SSL_connect(ssl), &o);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    harness_peer_wait(pid);
    char line[128];
    hostile_out_end(out, mode, "peer", line, sizeof line);
    if (!(flags & FACTS) && !(flags & NO_ALERT))
        say("  peer saw: %s", line);
    say("  finished (no crash, no hang)");
}

int main(void)
{
    harness_init();
    /* rustls answers an unknown content type with decode_error (alert 50), OpenSSL
     * with unexpected_message (10); the reason is the same ("unexpected message"). */
    run("bad_type", NO_ALERT);
    run("malformed_hello", 0);
    /* rustls sends decode_error (50) for an oversized record, OpenSSL record_overflow. */
    run("oversized", NO_ALERT);
    run("warning_alert", 0);
    run("fatal_alert", 0);
    run("truncated", 0);
    run("downgrade", 0);
    run("after_close", 0);
    /* OpenSSL renegotiates; rustls refuses (warning no_renegotiation), and s_server
     * then fails the connection. With SSL_OP_NO_RENEGOTIATION OpenSSL refuses too. */
    run("hello_request", FACTS);
    run("hello_request", NO_RENEG);
    /* Encrypted records forged after a real handshake (hostile_peer.py encNN_*). */
    run("enc13_warning", 0);
    /* A TLS 1.3 warning other than user_canceled: both fail as on a fatal alert;
     * rustls then sends decode_error, OpenSSL nothing. */
    run("enc13_warning_other", NO_ALERT);
    run("enc13_fatal", 0);
    run("enc13_after_close", 0);
    run("enc13_bad_mac", 0);
    /* rustls answers an unknown inner type with decode_error, OpenSSL with
     * unexpected_message; the reason is the same ("bad record type"). */
    run("enc13_bad_type", NO_ALERT);
    run("enc13_ccs", 0);
    run("enc12_warning", 0);
    run("enc12_fatal", 0);
    run("enc12_after_close", 0);
    /* OpenSSL queues its provider's "cipher operation failed" (AES-GCM, TLS 1.2)
     * before "decryption failed or bad record mac"; we queue only the latter. */
    run("enc12_bad_mac", LAST_REASON);
    say("done");
    return 0;
}
