/* Hostile peer bytes through the libssl face: the fuzz input is everything the peer
 * sends (the server's flight to a client, or the client's flight to a server when the
 * first input byte is odd), fed through a BIO_s_mem rbio; what we send goes to a
 * BIO_s_mem wbio that is drained. The input is split into chunks so the engine sees
 * records arrive piecewise. Handshake, reads and shutdown must never crash. Input bit
 * 2 also sets a message callback that reads every byte it is given (the engine's
 * record tap parses the peer's records then; ASan checks the lengths). */
#include "common.h"

static SSL_CTX *cctx, *sctx;
static volatile unsigned msg_sum;

static void msg_sink(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg)
{
    const unsigned char *p = buf;
    unsigned sum = (unsigned)(write_p + version + content_type) + (ssl == arg);
    for (size_t i = 0; i < len; i++) sum += p[i];
    msg_sum += sum;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(cctx, SSL_VERIFY_NONE, NULL);
    sctx = SSL_CTX_new(TLS_server_method());
    if (!cctx || !sctx || SSL_CTX_use_certificate_chain_file(sctx, fuzz_pki("server-chain.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(sctx, fuzz_pki("server.key"), SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "peer_ossl: set-up failed (FUZZ_PKI=%s?)\n", fuzz_pki(""));
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rd r = {data, size};
    unsigned mode = rd_u8(&r);
    int server = mode & 1;
    SSL *s = SSL_new(server ? sctx : cctx);
    if (!s) abort();
    BIO *rb = BIO_new(BIO_s_mem()), *wb = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(rb, -1); /* retry until the input is exhausted */
    SSL_set_bio(s, rb, wb);
    if (!server) SSL_set_tlsext_host_name(s, "localhost");
    if (mode & 4) { SSL_set_msg_callback(s, msg_sink); SSL_set_msg_callback_arg(s, s); }
    if (mode & 2) { static const unsigned char alpn[] = "\x02h2\x08http/1.1"; SSL_set_alpn_protos(s, alpn, sizeof alpn - 1); }
    char buf[20000];
    int steps = 0, done = 0;
    while (steps++ < 64) {
        const uint8_t *c;
        size_t n = rd_chunk(&r, &c, 20000);
        if (n) BIO_write(rb, c, (int)n);
        if (!r.n) BIO_set_mem_eof_return(rb, 0); /* then EOF */
        int ret = done ? SSL_read(s, buf, (int)(1 + (mode >> 2) * 300 % sizeof buf)) : (server ? SSL_accept(s) : SSL_connect(s));
        int err = SSL_get_error(s, ret);
        if (!done && ret == 1) done = 1;
        (void)BIO_reset(wb);
        ossl_check_no_panic("handshake/read");
        if (err == SSL_ERROR_SSL || err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN) break;
        if (!r.n && ret <= 0) break;
    }
    SSL_get_verify_result(s);
    SSL_get_version(s);
    SSL_pending(s);
    SSL_shutdown(s);
    SSL_free(s);
    ossl_check_no_panic("shutdown");
    return 0;
}
