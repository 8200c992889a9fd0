/* SSL_CONF_cmd for the common commands, file and command-line styles: return values
 * (2 value used, 0 bad value, -2 unknown command), value types, and that the settings
 * reach the context (protocol bounds read back, a connection to a real peer uses them).
 * Peer: openssl s_server -www (OSSL_PORT). */
#include "harness.h"

#include <openssl/err.h>

static void cmd(SSL_CONF_CTX *cc, const char *name, const char *value)
{
    ERR_clear_error();
    int r = SSL_CONF_cmd(cc, name, value);
    say("SSL_CONF_cmd(%s, %s): %d, type %d, error reason %d", name, value ? value : "NULL", r,
        SSL_CONF_cmd_value_type(cc, name), ERR_GET_REASON(ERR_peek_error()));
}

int main(void)
{
    harness_init();
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CONF_CTX *cc = SSL_CONF_CTX_new();
    say("set_flags: %u", SSL_CONF_CTX_set_flags(cc, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SHOW_ERRORS));
    SSL_CONF_CTX_set_ssl_ctx(cc, ctx);
    cmd(cc, "MinProtocol", "TLSv1.2");
    cmd(cc, "MaxProtocol", "TLSv1.2");
    cmd(cc, "MaxProtocol", "TLSv9");
    cmd(cc, "CipherString", "ECDHE-ECDSA-AES128-GCM-SHA256");
    cmd(cc, "CipherString", "NOPE");
    cmd(cc, "Ciphersuites", "TLS_AES_128_GCM_SHA256");
    cmd(cc, "Groups", "X25519:P-256");
    cmd(cc, "NoSuchCommand", "x");
    say("SSL_CONF_CTX_finish: %d", SSL_CONF_CTX_finish(cc));
    say("min/max proto: %x %x", (unsigned)SSL_CTX_get_min_proto_version(ctx), (unsigned)SSL_CTX_get_max_proto_version(ctx));
    SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, tcp_connect(harness_port("OSSL_PORT")));
    SSL_set_tlsext_host_name(ssl, "localhost");
    ERR_clear_error();
    int r = SSL_connect(ssl);
    say("connect %d (%s, reason %d): %s %s", r, ssl_error_name(SSL_get_error(ssl, r)), ERR_GET_REASON(ERR_peek_error()), SSL_get_version(ssl), SSL_get_current_cipher(ssl) ? SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)) : "-");
    SSL_shutdown(ssl);
    close(SSL_get_fd(ssl));
    SSL_free(ssl);
    SSL_CONF_CTX_free(cc);

    cc = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(cc, SSL_CONF_FLAG_CMDLINE);
    SSL_CONF_CTX_set_ssl_ctx(cc, ctx);
    cmd(cc, "-min_protocol", "TLSv1.3");
    cmd(cc, "-max_protocol", "TLSv1.3");
    cmd(cc, "min_protocol", "TLSv1.3");
    cmd(cc, "-cipher", "HIGH");
    say("min/max proto: %x %x", (unsigned)SSL_CTX_get_min_proto_version(ctx), (unsigned)SSL_CTX_get_max_proto_version(ctx));
    SSL_CONF_CTX_free(cc);
    SSL_CTX_free(ctx);
    say("done");
    return 0;
}
