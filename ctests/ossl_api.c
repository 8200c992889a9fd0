/* The configuration surface of the libssl face against real peers: ALPN, cipher
 * lists and TLS 1.3 ciphersuites, protocol bounds, the peer chain as libcrypto
 * objects, set_cert_store, certificates and keys given as X509 / EVP_PKEY objects,
 * a BIO pair transport, ex_data and the getters programs print. Peers:
 * gnutls-serv --http with ALPN (GNUTLS_PORT, sends leaf + CA) and in-process. */
#include "harness.h"

#include <openssl/objects.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static SSL *connect_to(SSL_CTX *ctx, int port)
{
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, tcp_connect(port));
    SSL_set_tlsext_host_name(ssl, "localhost");
    return ssl;
}

static void done_with(SSL *ssl)
{
    SSL_shutdown(ssl);
    close(SSL_get_fd(ssl));
    SSL_free(ssl);
}

static void facts(const char *name, SSL *ssl, int r)
{
    const unsigned char *alpn = NULL;
    unsigned alen = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alen);
    const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
    int alg_bits = 0;
    int bits = c ? SSL_CIPHER_get_bits(c, &alg_bits) : 0;
    say("%s: connect %d, %s, %s (%s, %d/%d bits), ALPN '%.*s', verify %ld", name, r, SSL_get_version(ssl),
        c ? SSL_CIPHER_get_name(c) : "-", c ? SSL_CIPHER_get_version(c) : "-", bits, alg_bits, (int)alen,
        alpn ? (const char *)alpn : "", SSL_get_verify_result(ssl));
    /* The server's handshake signature: TLS 1.3 only, where a P-256 key signs with
     * ecdsa_secp256r1_sha256 whatever the client offers. In TLS 1.2 the server picks
     * the hash from the client's list, whose order differs (rustls lists SHA-384
     * first, OpenSSL SHA-256): a known difference. */
    if (SSL_version(ssl) == TLS1_3_VERSION) {
        int type = 0, hash = 0;
        int rt = SSL_get_peer_signature_type_nid(ssl, &type);
        int rh = (int)SSL_get_peer_signature_nid(ssl, &hash);
        say("  peer signature: type %d %s, hash %d %s", rt, rt ? OBJ_nid2sn(type) : "-", rh,
            rh ? OBJ_nid2sn(hash) : "-");
    }
}

int main(void)
{
    harness_init();
    int gport = harness_port("GNUTLS_PORT");
    static const unsigned char protos[] = "\x02h2\x08http/1.1";

    /* ALPN. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    say("SSL_CTX_set_alpn_protos: %d", SSL_CTX_set_alpn_protos(ctx, protos, sizeof protos - 1));
    say("SSL_CTX_set_alpn_protos bad list: %d", SSL_CTX_set_alpn_protos(ctx, (const unsigned char *)"\x05h2", 3));
    SSL *ssl = connect_to(ctx, gport);
    facts("ALPN h2,http/1.1", ssl, SSL_connect(ssl));
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
    say("peer chain: %d certificates", chain ? sk_X509_num(chain) : -1);
    for (int i = 0; chain && i < sk_X509_num(chain); i++) {
        char cn[128] = "";
        X509_NAME_get_text_by_NID(X509_get_subject_name(sk_X509_value(chain, i)), NID_commonName, cn, sizeof cn);
        say("  chain[%d] CN=%s", i, cn);
    }
    X509 *peer = SSL_get1_peer_certificate(ssl);
    say("SSL_get1_peer_certificate: %s", peer ? "X509" : "NULL");
    X509_free(peer);
    done_with(ssl);

    ssl = connect_to(ctx, gport);
    say("SSL_set_alpn_protos http/1.1 only: %d", SSL_set_alpn_protos(ssl, (const unsigned char *)"\x08http/1.1", 9));
    facts("ALPN http/1.1", ssl, SSL_connect(ssl));
    done_with(ssl);
    SSL_CTX_free(ctx);

    /* Cipher lists, ciphersuites and protocol bounds. */
    struct {
        const char *name, *list, *suites;
        int min, max;
    } cases[] = {
        {"TLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", NULL, 0, TLS1_2_VERSION},
        {"TLS 1.2 CHACHA20", "ECDHE-ECDSA-CHACHA20-POLY1305", NULL, TLS1_2_VERSION, TLS1_2_VERSION},
        {"TLS 1.2 HIGH", "HIGH:!aNULL", NULL, 0, TLS1_2_VERSION},
        {"TLS 1.3 AES-128", NULL, "TLS_AES_128_GCM_SHA256", TLS1_3_VERSION, 0},
        {"TLS 1.3 CHACHA20", NULL, "TLS_CHACHA20_POLY1305_SHA256", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
        if (cases[i].list)
            say("%s: set_cipher_list %d", cases[i].name, SSL_CTX_set_cipher_list(ctx, cases[i].list));
        if (cases[i].suites)
            say("%s: set_ciphersuites %d", cases[i].name, SSL_CTX_set_ciphersuites(ctx, cases[i].suites));
        if (cases[i].min)
            say("%s: set_min_proto %d", cases[i].name, (int)SSL_CTX_set_min_proto_version(ctx, cases[i].min));
        if (cases[i].max)
            say("%s: set_max_proto %d", cases[i].name, (int)SSL_CTX_set_max_proto_version(ctx, cases[i].max));
        ssl = connect_to(ctx, gport);
        facts(cases[i].name, ssl, SSL_connect(ssl));
        done_with(ssl);
        SSL_CTX_free(ctx);
    }
    ctx = SSL_CTX_new(TLS_client_method());
    ERR_clear_error();
    int rc = SSL_CTX_set_cipher_list(ctx, "NOPE");
    say("set_cipher_list(\"NOPE\"): %d, reason %d", rc, ERR_GET_REASON(ERR_peek_error()));
    ERR_clear_error();
    say("set_ciphersuites(\"NOPE\"): %d", SSL_CTX_set_ciphersuites(ctx, "NOPE"));
    ERR_clear_error();
    say("set_max_proto_version(0x999): %d", (int)SSL_CTX_set_max_proto_version(ctx, 0x999));

    /* A store handed over with set_cert_store. */
    X509_STORE *store = X509_STORE_new();
    X509_STORE_load_file(store, pki("ca.pem"));
    SSL_CTX_set_cert_store(ctx, store);
    say("get_cert_store is the one set: %d", SSL_CTX_get_cert_store(ctx) == store);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    ssl = connect_to(ctx, gport);
    facts("set_cert_store", ssl, SSL_connect(ssl));
    int idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    rc = SSL_set_ex_data(ssl, idx, (void *)ctx);
    say("ex_data: set %d, get back %d", rc, SSL_get_ex_data(ssl, idx) == (void *)ctx);
    say("SSL_get_SSL_CTX: %d, SSL_get_fd >= 0: %d, SSL_is_server %d", SSL_get_SSL_CTX(ssl) == ctx, SSL_get_fd(ssl) >= 0,
        SSL_is_server(ssl));
    done_with(ssl);
    SSL_CTX_free(ctx);

    /* A server whose certificate and key come as objects; the client over a BIO pair. */
    FILE *f = fopen(pki("server.pem"), "r");
    X509 *cert = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    f = fopen(pki("server.key"), "r");
    EVP_PKEY *key = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    int uc = SSL_CTX_use_certificate(sctx, cert);
    int uk = SSL_CTX_use_PrivateKey(sctx, key);
    say("use_certificate(X509): %d, use_PrivateKey(EVP_PKEY): %d, check_private_key: %d", uc, uk,
        SSL_CTX_check_private_key(sctx));
    X509_free(cert);
    EVP_PKEY_free(key);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(cctx, pki("ca.pem"), NULL);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    harness_bio_pair(c, s);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    SSL_set_tlsext_host_name(c, "localhost");
    int cr = 0, sr = 0;
    for (int i = 0; i < 100 && (cr != 1 || sr != 1); i++) {
        if (cr != 1)
            cr = SSL_do_handshake(c);
        if (sr != 1)
            sr = SSL_do_handshake(s);
    }
    say("BIO pair handshake: client %d server %d, verify %ld, server is_server %d", cr, sr, SSL_get_verify_result(c),
        SSL_is_server(s));
    char buf[32] = {0};
    SSL_write(c, "over a BIO pair", 15);
    int n = SSL_read(s, buf, sizeof buf - 1);
    say("BIO pair data: %d '%s'", n, buf);
    say("SSL_get_rbio == SSL_get_wbio: %d", SSL_get_rbio(c) == SSL_get_wbio(c));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    say("done");
    return 0;
}
