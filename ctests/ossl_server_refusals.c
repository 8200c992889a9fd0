/* A server's callbacks refusing a ClientHello: the servername callback returning
 * SSL_TLSEXT_ERR_ALERT_FATAL (with the alert OpenSSL presets, unrecognized_name, and
 * with one it sets), and the ALPN select callback returning it (no_application_protocol).
 * The alert goes to the client, which reports it; each side's error queue says why.
 * Client and server of the library under test joined by a BIO pair; no peer. */
#include "harness.h"

#include <openssl/err.h>

static int sni_alert = -1; /* -1: leave OpenSSL's preset */

static int sni_cb(SSL *s, int *al, void *arg)
{
    (void)s;
    (void)arg;
    say("  servername callback: preset alert %d", *al);
    if (sni_alert >= 0)
        *al = sni_alert;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                   unsigned int inlen, void *arg)
{
    (void)s;
    (void)out;
    (void)outlen;
    (void)in;
    (void)inlen;
    (void)arg;
    say("  ALPN callback");
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/* The server's info callback: the alert it writes. */
static void info_cb(const SSL *s, int where, int ret)
{
    (void)s;
    if (where & SSL_CB_WRITE_ALERT)
        say("  server info: alert write %s:%s", SSL_alert_type_string_long(ret), SSL_alert_desc_string_long(ret));
}

static void run(const char *name, int use_sni, int alert, int tls12)
{
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = harness_server_ctx();
    if (tls12)
        SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
    SSL_CTX_set_info_callback(sctx, info_cb);
    sni_alert = alert;
    if (use_sni)
        SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
    else
        SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, NULL);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    harness_bio_pair(c, s);
    SSL_set_tlsext_host_name(c, "localhost");
    static const unsigned char protos[] = "\x02h2\x08http/1.1";
    SSL_set_alpn_protos(c, protos, sizeof protos - 1);
    say("%s:", name);
    int cr = 0, sr = 0;
    ERR_clear_error();
    /* One step each, in turn, reading each side's error queue after its own step. */
    unsigned long ce = 0, se = 0;
    int cerr = 0, serr = 0;
    for (int i = 0; i < 6; i++) {
        cr = SSL_connect(c);
        if (cr <= 0 && !ce) {
            cerr = SSL_get_error(c, cr);
            ce = ERR_peek_error();
        }
        ERR_clear_error();
        sr = SSL_accept(s);
        if (sr <= 0 && !se) {
            serr = SSL_get_error(s, sr);
            se = ERR_peek_error();
        }
        ERR_clear_error();
    }
    say("  client %d %s reason %d; server %d %s reason %d", cr, ssl_error_name(cerr), ERR_GET_REASON(ce), sr,
        ssl_error_name(serr), ERR_GET_REASON(se));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(void)
{
    harness_init();
    run("servername callback fatal, preset alert", 1, -1, 0);
    run("servername callback fatal, handshake_failure", 1, SSL_AD_HANDSHAKE_FAILURE, 0);
    run("servername callback fatal, TLS 1.2", 1, -1, 1);
    run("ALPN callback fatal", 0, -1, 0);
    run("ALPN callback fatal, TLS 1.2", 0, -1, 1);
    say("done");
    return 0;
}
