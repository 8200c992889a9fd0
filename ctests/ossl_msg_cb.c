/* The message callback (SSL_CTX_set_msg_callback, SSL_set_msg_callback and their
 * _arg macros): what `curl -v` prints its "TLS handshake, Client hello (1)" lines
 * from. OpenSSL calls it for each record header it reads or writes (SSL3_RT_HEADER,
 * the 5 bytes, with the record's version), for the inner content type of each TLS 1.3
 * protected record (SSL3_RT_INNER_CONTENT_TYPE, 1 byte), and for each handshake
 * message (4-byte header and body), ChangeCipherSpec written and alert; application
 * data is not passed, nor a ChangeCipherSpec read. All of this was observed with the
 * real OpenSSL 3.0 (RAW=1 runs), including the version each call gets: the record's
 * for a header, the ClientHello's for a server's protocol_version alert.
 *
 * Part 1, client and server in one process over a nonblocking socketpair, pumped in
 * turn: TLS 1.3 (v0) and TLS 1.2 (v1) handshakes with data and close_notify both
 * ways, no common version (v2: the server writes protocol_version), and an SSL's own
 * callback and argument replacing the context's (v3). Messages only: how handshake
 * messages are packed into records is each library's own (rustls puts a flight in
 * one record, OpenSSL a message per record), and a client that fails mid-flight
 * sends its alert under the handshake keys in rustls, in plain text in OpenSSL.
 * v3 also shows that a client resumes only a session it is given (SSL_set_session):
 * OpenSSL never looks one up for it.
 * Part 2, a client against the real `openssl s_server` (OSSL_PORT), TLS 1.3 (w0)
 * and 1.2 (w1), handshake then close_notify both ways: every call, record headers
 * and inner content types too, since the server's records are the same in both runs
 * and a client's own flights are one message per record in both libraries.
 *
 * RAW=1 in the environment also prints every call as it comes, with its length:
 *   TLSSHIM_PKI=... OSSL_PORT=... RAW=1 ./ctests/out/ossl_msg_cb */
#include "harness.h"

#include <openssl/err.h>

#define MAXEV 256
struct ev {
    int write_p, version, type;
    unsigned char b[6];
    size_t len;
    int who;
};
static struct ev evs[2][MAXEV];
static int nev[2];
static int raw;
static int ctx_arg_tag, ssl_arg_tag;

static void record(int who, int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl,
                   void *arg)
{
    int side = SSL_is_server(ssl);
    const unsigned char *p = buf;
    if (raw) {
        printf("  raw %s %s v=%04x ct=%d len=%zu:", side ? "S" : "C", write_p ? "OUT" : "IN ", version,
               content_type, len);
        for (size_t i = 0; i < len && i < 8; i++)
            printf(" %02x", p[i]);
        printf("\n");
    }
    if (arg != (who ? (void *)&ssl_arg_tag : (void *)&ctx_arg_tag))
        who |= 2; /* the wrong argument */
    if (nev[side] < MAXEV) {
        struct ev *e = &evs[side][nev[side]++];
        *e = (struct ev){write_p, version, content_type, {0}, len, who};
        memcpy(e->b, p, len < sizeof e->b ? len : sizeof e->b);
    }
}

static void ctx_cb(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg)
{
    record(0, write_p, version, content_type, buf, len, ssl, arg);
}

static void ssl_cb(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg)
{
    record(1, write_p, version, content_type, buf, len, ssl, arg);
}

static const char *side_name(int side) { return side ? "server" : "client"; }

/* One side's calls in order, one token each (records: with the record headers and
 * inner content types): ">" written, "<" read; then
 *   hdr<type>/<record version>   a record header (its type and version bytes; the
 *                                length is left out: message sizes differ)
 *   in<type>                     the inner content type of a TLS 1.3 record
 *   hs<msg type>/<len>           a handshake message, with its length for the
 *                                messages whose size both libraries share (Finished,
 *                                KeyUpdate, HelloRequest), "n" elsewhere
 *   ccs, alert<level>.<desc>     ChangeCipherSpec, an alert
 * each with "@" and the version argument when it is not the connection's version
 * (OpenSSL passes the record's own version for a header), "ssl:" when the SSL's own
 * callback was called and "BADARG" when the argument was not the one set. */
static void show(char part, int v, int side, int version, int records)
{
    printf("%c%d %s:", part, v, side_name(side));
    for (int i = 0; i < nev[side]; i++) {
        struct ev *e = &evs[side][i];
        if (!records && (e->type == SSL3_RT_HEADER || e->type == SSL3_RT_INNER_CONTENT_TYPE))
            continue;
        char tok[64];
        const char *dir = e->write_p ? ">" : "<";
        switch (e->type) {
        case SSL3_RT_HEADER:
            snprintf(tok, sizeof tok, "%shdr%d/%02x%02x", dir, e->b[0], e->b[1], e->b[2]);
            break;
        case SSL3_RT_INNER_CONTENT_TYPE:
            snprintf(tok, sizeof tok, "%sin%d", dir, e->b[0]);
            break;
        case SSL3_RT_HANDSHAKE:
            if (e->b[0] == SSL3_MT_FINISHED || e->b[0] == SSL3_MT_KEY_UPDATE || e->b[0] == SSL3_MT_HELLO_REQUEST)
                snprintf(tok, sizeof tok, "%shs%d/%zu", dir, e->b[0], e->len);
            else
                snprintf(tok, sizeof tok, "%shs%d/n", dir, e->b[0]);
            break;
        case SSL3_RT_CHANGE_CIPHER_SPEC:
            snprintf(tok, sizeof tok, "%sccs/%zu:%d", dir, e->len, e->b[0]);
            break;
        case SSL3_RT_ALERT:
            snprintf(tok, sizeof tok, "%salert/%zu:%d.%d", dir, e->len, e->b[0], e->b[1]);
            break;
        default:
            snprintf(tok, sizeof tok, "%s?%d/%zu", dir, e->type, e->len);
        }
        char ver[16] = "";
        if (e->version != version)
            snprintf(ver, sizeof ver, "@%04x", e->version);
        printf(" %s%s%s%s", e->who & 1 ? "ssl:" : "", e->who & 2 ? "BADARG:" : "", tok, ver);
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
    SSL_CTX_set_msg_callback(sctx, ctx_cb);
    SSL_CTX_set_msg_callback(cctx, ctx_cb);
    say("SSL_CTX_set_msg_callback_arg: %ld", SSL_CTX_set_msg_callback_arg(sctx, &ctx_arg_tag));
    SSL_CTX_set_msg_callback_arg(cctx, &ctx_arg_tag);
    for (int v = 0; v < 4; v++) {
        int sv[2];
        socket_pair(sv);
        set_nonblocking(sv[0], 1);
        set_nonblocking(sv[1], 1);
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        int version = v == 1 || v == 2 ? TLS1_2_VERSION : TLS1_3_VERSION;
        SSL_set_max_proto_version(c, version);
        if (v == 2) /* no common version: the server sends the alert */
            SSL_set_min_proto_version(s, TLS1_3_VERSION);
        if (v == 3) { /* the SSL's own callback and argument win over the context's */
            SSL_set_msg_callback(c, ssl_cb);
            SSL_set_msg_callback(s, ssl_cb);
            say("v3 SSL_set_msg_callback_arg: %ld", SSL_set_msg_callback_arg(c, &ssl_arg_tag));
            SSL_set_msg_callback_arg(s, &ssl_arg_tag);
        }
        SSL_set_fd(c, sv[0]);
        SSL_set_fd(s, sv[1]);
        nev[0] = nev[1] = 0;
        int cr = 0, sr = 0;
        int both = pump_handshake(c, s, &cr, &sr);
        say("v%d handshake: %d %d, reused %d", v, cr, sr, cr == 1 ? SSL_session_reused(c) : -1);
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
            show('v', v, side, version, 0);
        SSL_free(c);
        SSL_free(s);
        close(sv[0]);
        close(sv[1]);
        ERR_clear_error();
    }
    /* Part 2: against the real openssl s_server. */
    int port = harness_port("OSSL_PORT");
    for (int w = 0; w < 2; w++) {
        int version = w == 1 ? TLS1_2_VERSION : TLS1_3_VERSION;
        int fd = tcp_connect(port);
        SSL *c = SSL_new(cctx);
        SSL_set_max_proto_version(c, version);
        SSL_set_fd(c, fd);
        nev[0] = nev[1] = 0;
        say("w%d connect: %d", w, SSL_connect(c));
        /* The server's tickets (TLS 1.3), its close_notify after ours. */
        SSL_shutdown(c);
        char buf[100];
        say("w%d read after shutdown: %d", w, SSL_read(c, buf, sizeof buf));
        show('w', w, 0, version, 1);
        SSL_free(c);
        close(fd);
        ERR_clear_error();
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
