/* Hostile clients on the libssl face (issue 7): a SERVER against ctests/hostile_client.py
 * (records of an unknown type, empty / truncated / oversized ClientHellos, old
 * versions, no common suite, alerts instead of a ClientHello, plain-text HTTP, an
 * SSLv2-format hello, records after close_notify, forged encrypted records after a
 * TLS 1.3 handshake). One connection per case; prints SSL_accept / SSL_read results,
 * SSL_get_error, the ERR reason, and the alert the client saw from us. Reads time out
 * after 5 s (SO_RCVTIMEO), accept after 10 s, and alarm() ends a stuck process, so
 * nothing can hang. Differences from OpenSSL: RELIABILITY.md, "Hostile peers". */
#include "hostile.h"

#include <sys/time.h>

/* Every ERR entry, to stderr (diagnostics; not compared). */
static void dump_errors(const char *mode)
{
    unsigned long e;
    const char *file, *func, *data;
    int line, flags;
    while ((e = ERR_get_error_all(&file, &line, &func, &data, &flags)))
        fprintf(stderr, "%s: ERR %s: %s (%s)\n", mode, ERR_lib_error_string(e) ? ERR_lib_error_string(e) : "?",
                ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "?", func ? func : "");
}


/* Where rustls genuinely differs from OpenSSL (RELIABILITY.md, "Hostile peers"), a
 * case prints less: FACTS only whether the connection failed (and that nothing hung),
 * NO_REASON no ERR reason, NO_ALERT not the alert the client saw (stderr instead).
 * LAST_REASON prints the reason of the last ERR entry instead of the first. Every
 * entry goes to stderr. */
enum { FACTS = 1, NO_REASON = 2, NO_ALERT = 4, LAST_REASON = 8 };

static SSL_CTX *ctx;

static void run(const char *mode, int flags)
{
    char out[32];
    pid_t pid;
    int fd = hostile_client_connects(mode, out, &pid);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    say("%s:", mode);
    ERR_clear_error();
    struct hostile_ossl o = {
        .mode = mode,
        .facts_only = flags & FACTS,
        .show_reason = !(flags & NO_REASON),
        .last_reason = flags & LAST_REASON,
        .drain = dump_errors,
    };
    hostile_ossl_io(ssl, "SSL_accept", SSL_accept(ssl), &o);
    SSL_free(ssl);
    linger_close(fd);
    harness_peer_wait(pid);
    char line[128];
    hostile_out_end(out, mode, "client", line, sizeof line);
    if (!(flags & FACTS) && !(flags & NO_ALERT))
        say("  client saw: %s", line);
    say("  finished (no crash, no hang)");
}

int main(void)
{
    harness_init();
    alarm(120);
    ctx = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_chain_file(ctx, pki("server-chain.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, pki("server.key"), SSL_FILETYPE_PEM) != 1)
        harness_die("server certificate");
    /* As servers are usually set up (nginx's default): TLS 1.2 and 1.3. */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* rustls answers an unknown content type with decode_error (50), OpenSSL with
     * unexpected_message (10); the reason is the same ("unexpected message"). */
    run("bad_type", NO_ALERT);
    /* OpenSSL: "length too short" (its ClientHello parser's word for a missing
     * field), we: "length mismatch" (our one reason for a message that does not
     * decode); both send decode_error. */
    run("empty_hello", NO_REASON);
    /* OpenSSL sends decode_error on an EOF inside a record; rustls sends nothing. */
    run("truncated", NO_ALERT);
    /* rustls sends decode_error (50) for an oversized record, OpenSSL record_overflow. */
    run("oversized", NO_ALERT);
    run("old_version", 0);
    run("no_shared", 0);
    run("fatal_alert", 0);
    run("warning_alert", 0);
    run("warning_mid", 0);
    /* OpenSSL sends no alert to a plain-text HTTP client, rustls decode_error. */
    run("http", NO_ALERT);
    /* OpenSSL takes an SSLv2-format ClientHello (and fails on its suites: no shared
     * cipher, handshake_failure); rustls does not read that format ("wrong version
     * number", decode_error). */
    run("sslv2", NO_REASON | NO_ALERT);
    run("after_close", 0);
    run("enc_after_close", 0);
    run("enc_bad_mac", 0);
    /* OpenSSL queues its provider's "cipher operation failed" (AES-GCM, TLS 1.2)
     * before "decryption failed or bad record mac"; we queue only the latter. */
    run("enc12_bad_mac", LAST_REASON);
    run("enc_fatal", 0);
    /* rustls answers an unknown inner type with decode_error, OpenSSL with
     * unexpected_message; the reason is the same ("bad record type"). */
    run("enc_bad_type", NO_ALERT);
    run("enc_ccs", 0);
    run("enc_warning", 0);
    /* A client-initiated renegotiation: OpenSSL 3.0 refuses it by default
     * (SSL_OP_ALLOW_CLIENT_RENEGOTIATION unset) with a no_renegotiation warning and goes
     * on; rustls never renegotiates and does the same. */
    run("enc12_reneg", 0);
    SSL_CTX_free(ctx);
    say("done");
    return 0;
}
