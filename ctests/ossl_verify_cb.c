/* The verify callback: called with a real X509_STORE_CTX (current certificate, error,
 * depth, the SSL in ex_data), in OpenSSL's order; its answer decides under
 * SSL_VERIFY_PEER (1 overrides a failure, 0 rejects a good chain) and is ignored under
 * SSL_VERIFY_NONE. Peer: openssl s_server -www (OSSL_PORT, sends the leaf only).
 * The callback also calls back into the SSL mid-handshake, as curl and nginx do
 * (SSL_get_ex_data with the program's index, SSL_get_servername, SSL_get_SSL_CTX). */
#include "harness.h"

#include <openssl/err.h>
#include <openssl/x509.h>

static int answer; /* -1: return preverify_ok */
static SSL *current_ssl;
static SSL_CTX *current_ctx;
static int app_idx;
static int app_tag;

static int cb(int ok, X509_STORE_CTX *ctx)
{
    X509 *x = X509_STORE_CTX_get_current_cert(ctx);
    char cn[256] = "?";
    if (x)
        X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
    SSL *ssl = X509_STORE_CTX_get_ex_data(ctx, SSL_get_ex_data_X509_STORE_CTX_idx());
    say("  cb preverify_ok=%d depth=%d error=%d cert=%s ssl=%s", ok, X509_STORE_CTX_get_error_depth(ctx),
        X509_STORE_CTX_get_error(ctx), cn, ssl == current_ssl ? "ours" : "other");
    if (ssl) {
        const char *sn = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
        say("    from the callback: app data %s, servername %s, ctx %s",
            SSL_get_ex_data(ssl, app_idx) == &app_tag ? "ours" : "other", sn ? sn : "(null)",
            SSL_get_SSL_CTX(ssl) == current_ctx ? "ours" : "other");
    }
    return answer < 0 ? ok : answer;
}

static void run_host(const char *name, const char *ca, int mode, int ans, const char *host)
{
    int port = harness_port("OSSL_PORT");
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, pki(ca), NULL);
    SSL_CTX_set_verify(ctx, mode, cb);
    SSL *ssl = SSL_new(ctx);
    current_ssl = ssl;
    current_ctx = ctx;
    SSL_set_ex_data(ssl, app_idx, &app_tag);
    answer = ans;
    SSL_set_fd(ssl, tcp_connect(port));
    SSL_set_tlsext_host_name(ssl, "localhost");
    if (host)
        X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), host, 0);
    say("%s:", name);
    ERR_clear_error();
    int r = SSL_connect(ssl);
    unsigned long e = ERR_peek_error();
    say("  SSL_connect %d %s reason %d, verify result %ld", r, ssl_error_name(SSL_get_error(ssl, r)),
        ERR_GET_REASON(e), SSL_get_verify_result(ssl));
    ERR_clear_error();
    if (r == 1)
        SSL_shutdown(ssl);
    close(SSL_get_fd(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* The program replaces the context's X509_STORE (SSL_CTX_set_cert_store frees the old
 * one) while a handshake is under way, before the server's certificate has arrived:
 * the callback's X509_STORE_CTX must not use the freed store. Client and server of the
 * library under test joined by a BIO pair, so that the first step deterministically
 * stops for the server. */
static void run_store_swap(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, cb);
    SSL_CTX *sctx = harness_server_ctx();
    SSL *ssl = SSL_new(ctx), *srv = SSL_new(sctx);
    harness_bio_pair(ssl, srv);
    current_ssl = ssl;
    current_ctx = ctx;
    SSL_set_ex_data(ssl, app_idx, &app_tag);
    answer = -1;
    SSL_set_tlsext_host_name(ssl, "localhost");
    say("store replaced mid-handshake:");
    int r = SSL_connect(ssl);
    say("  first SSL_connect %d %s", r, ssl_error_name(SSL_get_error(ssl, r)));
    X509_STORE *fresh = X509_STORE_new();
    X509_STORE_load_file(fresh, pki("ca.pem"));
    SSL_CTX_set_cert_store(ctx, fresh);
    int sr = 0;
    pump_handshake(ssl, srv, &r, &sr);
    say("  SSL_connect %d %s, SSL_accept %d, verify result %ld", r, ssl_error_name(SSL_get_error(ssl, r)),
        sr, SSL_get_verify_result(ssl));
    ERR_clear_error();
    SSL_free(ssl);
    SSL_free(srv);
    SSL_CTX_free(ctx);
    SSL_CTX_free(sctx);
}

/* The program moves a client to another context (SSL_set_SSL_CTX) after its first
 * handshake step, before the server's certificate has arrived: OpenSSL verifies with
 * the store of the SSL's context of the moment (ssl_verify_cert_chain reads
 * s->ctx->cert_store), so the new context's CA decides; the old context's store holds
 * the wrong CA. With free_old the program also drops its own reference on the old
 * context, which then must not be read. The SSL's own verify mode (SSL_set_verify)
 * stays. BIO pair, as run_store_swap. */
static void run_ctx_switch(int free_old)
{
    SSL_CTX *old = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(old, pki("other-ca.pem"), NULL);
    SSL_CTX *new = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(new, pki("ca.pem"), NULL);
    SSL_CTX *sctx = harness_server_ctx();
    SSL *ssl = SSL_new(old), *srv = SSL_new(sctx);
    SSL_set_verify(ssl, SSL_VERIFY_PEER, NULL);
    harness_bio_pair(ssl, srv);
    SSL_set_tlsext_host_name(ssl, "localhost");
    say("context switched mid-handshake%s:", free_old ? ", old one freed" : "");
    int r = SSL_connect(ssl);
    say("  first SSL_connect %d %s", r, ssl_error_name(SSL_get_error(ssl, r)));
    say("  SSL_set_SSL_CTX gives the new one: %d", SSL_set_SSL_CTX(ssl, new) == new);
    if (free_old) {
        SSL_CTX_free(old);
        old = NULL;
    }
    int sr = 0;
    pump_handshake(ssl, srv, &r, &sr);
    unsigned long e = ERR_peek_error();
    say("  SSL_connect %d %s reason %d, SSL_accept %d, verify result %ld", r,
        ssl_error_name(SSL_get_error(ssl, r)), ERR_GET_REASON(e), sr, SSL_get_verify_result(ssl));
    ERR_clear_error();
    SSL_free(ssl);
    SSL_free(srv);
    SSL_CTX_free(old);
    SSL_CTX_free(new);
    SSL_CTX_free(sctx);
}

static void run(const char *name, const char *ca, int mode, int ans)
{
    run_host(name, ca, mode, ans, NULL);
}

int main(void)
{
    harness_init();
    app_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    say("SSL_get_ex_data_X509_STORE_CTX_idx >= 0: %d", SSL_get_ex_data_X509_STORE_CTX_idx() >= 0);
    run("good CA, VERIFY_PEER, callback returns preverify_ok", "ca.pem", SSL_VERIFY_PEER, -1);
    run("wrong CA, VERIFY_PEER, callback returns 1", "other-ca.pem", SSL_VERIFY_PEER, 1);
    run("wrong CA, VERIFY_PEER, callback returns preverify_ok", "other-ca.pem", SSL_VERIFY_PEER, -1);
    run("good CA, VERIFY_PEER, callback returns 0", "ca.pem", SSL_VERIFY_PEER, 0);
    run("wrong CA, VERIFY_NONE, callback returns 0", "other-ca.pem", SSL_VERIFY_NONE, 0);
    run_host("good CA, wrong host, callback returns preverify_ok", "ca.pem", SSL_VERIFY_PEER, -1, "wronghost");
    run_host("good CA, wrong host, callback returns 1", "ca.pem", SSL_VERIFY_PEER, 1, "wronghost");
    run_host("good CA, right host, callback returns preverify_ok", "ca.pem", SSL_VERIFY_PEER, -1, "localhost");
    run_store_swap();
    run_ctx_switch(0);
    run_ctx_switch(1);
    say("done");
    return 0;
}
