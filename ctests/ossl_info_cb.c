/* The info callback (SSL_CTX_set_info_callback, SSL_set_info_callback and their
 * getters), client and server in one process over a nonblocking socketpair, pumped
 * in turn: TLS 1.3 and 1.2 handshakes with data and close_notify both ways (v0, v1),
 * a client that does not trust the server (v2: it writes unknown_ca, the server reads
 * it), no common version (v3: the server writes protocol_version), and an SSL's own
 * callback replacing the context's (v4). What each side saw is printed by show()
 * (which explains what is compared). RAW=1 in the environment also prints every
 * (where, ret, state) as it comes, for studying the real library:
 *   TLSSHIM_PKI=... RAW=1 ./ctests/out/ossl_info_cb
 * Seen with OpenSSL 3.0 (and done alike by tlsshim): a TLS 1.3 server calls
 * HANDSHAKE_DONE before it writes its tickets (LOOP after DONE); a TLS 1.3 client
 * runs LOOP + CONNECT_EXIT 1 for each ticket it reads in SSL_read, with no START or
 * DONE; calls on a failed connection call nothing. */
#include "harness.h"

#include <openssl/err.h>

#define MAXEV 512
struct ev {
    int where, ret;
};
static struct ev evs[2][MAXEV];
static int nev[2];
static int raw;
static char lastbuf[64];

static void record(const SSL *ssl, int where, int ret)
{
    int side = SSL_is_server(ssl);
    if (raw)
        printf("  raw %s where=0x%04x ret=%d %s\n", side ? "S" : "C", where, ret, SSL_state_string_long(ssl));
    if (nev[side] < MAXEV)
        evs[side][nev[side]++] = (struct ev){where, ret};
}

static void ctx_cb(const SSL *ssl, int where, int ret) { record(ssl, where, ret); }

static void ssl_cb(const SSL *ssl, int where, int ret) { record(ssl, where | 0x40000000, ret); }

static const char *side_name(int side) { return side ? "server" : "client"; }

/* One side's sequence with each run of LOOP calls shown once: OpenSSL calls LOOP at
 * every state of its state machine (one per handshake message read or written), and
 * rustls shows no such states, so tlsshim calls LOOP at the steps it can see (the
 * start, each flight sent or received). What is printed is what both give: START
 * first, DONE, which calls block (EXIT -1) and which finish (EXIT 1), the LOOP runs
 * between them with the role bit (accept/connect), alerts read and written with their
 * level and code, and whose callback (the SSL's or the context's) was called. */
static void show(int v, int side)
{
    printf("v%d %s:", v, side_name(side));
    const char *last = "";
    for (int i = 0; i < nev[side]; i++) {
        int w = evs[side][i].where, r = evs[side][i].ret;
        char tok[64];
        const char *who = (w & 0x40000000) ? "ssl:" : "";
        w &= ~0x40000000;
        if (w == SSL_CB_HANDSHAKE_START)
            snprintf(tok, sizeof tok, "%sSTART/%d", who, r);
        else if (w == SSL_CB_HANDSHAKE_DONE)
            snprintf(tok, sizeof tok, "%sDONE/%d", who, r);
        else if (w == SSL_CB_ACCEPT_LOOP || w == SSL_CB_CONNECT_LOOP)
            snprintf(tok, sizeof tok, "%s%s-LOOP", who, w == SSL_CB_ACCEPT_LOOP ? "ACCEPT" : "CONNECT");
        else if (w == SSL_CB_ACCEPT_EXIT || w == SSL_CB_CONNECT_EXIT)
            snprintf(tok, sizeof tok, "%s%s-EXIT/%d", who, w == SSL_CB_ACCEPT_EXIT ? "ACCEPT" : "CONNECT", r);
        else if (w == SSL_CB_READ_ALERT || w == SSL_CB_WRITE_ALERT)
            snprintf(tok, sizeof tok, "%s%s-ALERT/%s:%s", who, w == SSL_CB_READ_ALERT ? "READ" : "WRITE",
                     SSL_alert_type_string(r), SSL_alert_desc_string_long(r));
        else
            snprintf(tok, sizeof tok, "%s?%x/%d", who, w, r);
        if (strstr(tok, "-LOOP") && !strcmp(tok, last))
            continue;
        printf(" %s", tok);
        snprintf(lastbuf, sizeof lastbuf, "%s", tok);
        last = lastbuf;
    }
    printf("\n");
}

int main(void)
{
    harness_init();
    raw = getenv("RAW") != NULL;
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(cctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    say("get_info_callback before: %s", SSL_CTX_get_info_callback(sctx) ? "set" : "NULL");
    SSL_CTX_set_info_callback(sctx, ctx_cb);
    SSL_CTX_set_info_callback(cctx, ctx_cb);
    say("get_info_callback after: %s", SSL_CTX_get_info_callback(sctx) == ctx_cb ? "ours" : "other");
    for (int v = 0; v < 5; v++) {
        int sv[2];
        socket_pair(sv);
        set_nonblocking(sv[0], 1);
        set_nonblocking(sv[1], 1);
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        SSL_set_max_proto_version(c, v == 1 || v == 3 ? TLS1_2_VERSION : TLS1_3_VERSION);
        if (v == 2) { /* the client does not trust the server: it sends the alert */
            SSL_CTX *other = SSL_CTX_new(TLS_client_method());
            SSL_CTX_load_verify_locations(other, pki("other-ca.pem"), NULL);
            SSL_CTX_set_verify(other, SSL_VERIFY_PEER, NULL);
            SSL_CTX_set_info_callback(other, ctx_cb);
            SSL_free(c);
            c = SSL_new(other);
            SSL_CTX_free(other);
        }
        if (v == 3) /* no common version: the server sends the alert */
            SSL_set_min_proto_version(s, TLS1_3_VERSION);
        if (v == 4) { /* the SSL's own callback wins over the context's */
            SSL_set_info_callback(c, ssl_cb);
            SSL_set_info_callback(s, ssl_cb);
            say("v4 SSL_get_info_callback: %s", SSL_get_info_callback(c) == ssl_cb ? "ssl_cb" : "other");
        }
        SSL_set_fd(c, sv[0]);
        SSL_set_fd(s, sv[1]);
        if (v == 0) /* the state outside the callback (stunnel's callback logs it) */
            say("v0 before: state %d %s / %s", SSL_get_state(c), SSL_state_string_long(c), SSL_state_string(s));
        nev[0] = nev[1] = 0;
        int cr = 0, sr = 0;
        int both = pump_handshake(c, s, &cr, &sr);
        say("v%d handshake: %d %d", v, cr, sr);
        if (v == 0)
            say("v0 after: state %d %d %s / %s", SSL_get_state(c), SSL_get_state(s), SSL_state_string_long(c),
                SSL_state_string(s));
        if (both) {
            char buf[100];
            SSL_write(c, "ping", 4);
            SSL_read(s, buf, sizeof buf);
            SSL_write(s, "pong", 4);
            SSL_read(c, buf, sizeof buf);
            SSL_shutdown(c);
            SSL_read(s, buf, sizeof buf);
            SSL_shutdown(s);
            SSL_read(c, buf, sizeof buf);
        }
        for (int side = 0; side < 2; side++)
            show(v, side);
        SSL_free(c);
        SSL_free(s);
        close(sv[0]);
        close(sv[1]);
        ERR_clear_error();
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
