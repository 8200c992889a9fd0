/* API sequences through the libssl face: the fuzz input is a program of calls with
 * arguments (NULLs, 0 / -1 / large lengths, calls in the wrong state, a retried write
 * with changed arguments) against live objects: two SSL_CTX, a client and a server SSL
 * joined by a BIO pair, replaced, freed and re-created on demand. Lengths above the
 * harness's buffers are passed only with a NULL buffer (anything else would be the
 * caller's own overflow, not the library's). */
#include "common.h"

static SSL_CTX *cctx, *sctx;
static unsigned char big[70000];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    cctx = SSL_CTX_new(TLS_client_method());
    sctx = SSL_CTX_new(TLS_server_method());
    if (!cctx || !sctx || SSL_CTX_use_certificate_chain_file(sctx, fuzz_pki("server-chain.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(sctx, fuzz_pki("server.key"), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(cctx, fuzz_pki("ca.pem"), NULL) != 1) {
        fprintf(stderr, "api_ossl: set-up failed (FUZZ_PKI=%s?)\n", fuzz_pki(""));
        abort();
    }
    return 0;
}

static int pick_len(struct rd *r, int *nullbuf)
{
    static const int lens[] = {0, 1, -1, 5, 100, 16384, 16385, 65536, INT_MAX, INT_MIN, 70000};
    unsigned k = rd_u8(r);
    int len = lens[k % (sizeof lens / sizeof *lens)];
    *nullbuf = (k & 0x80) != 0;
    if (len > (int)sizeof big) *nullbuf = 1;
    return len;
}

static void pair(SSL **c, SSL **s)
{
    BIO *b1 = NULL, *b2 = NULL;
    *c = SSL_new(cctx);
    *s = SSL_new(sctx);
    if (!*c || !*s || !BIO_new_bio_pair(&b1, 0, &b2, 0)) abort();
    SSL_set_bio(*c, b1, b1);
    SSL_set_bio(*s, b2, b2);
    SSL_set_connect_state(*c);
    SSL_set_accept_state(*s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rd r = {data, size};
    SSL *c, *s;
    pair(&c, &s);
    int ops = 0;
    while (r.n && ops++ < 200) {
        unsigned op = rd_u8(&r);
        SSL *x = (op & 0x80) ? s : c;
        int nb, len;
        size_t got = 0;
        const uint8_t *chunk;
        size_t cn;
        char name[64];
        switch (op & 0x3f) {
        case 0: case 1: case 2: SSL_do_handshake(x); break;
        case 3: SSL_connect(x); break;
        case 4: SSL_accept(x); break;
        case 5: len = pick_len(&r, &nb); SSL_read(x, nb ? NULL : big, len); break;
        case 6: len = pick_len(&r, &nb); SSL_write(x, nb ? NULL : big, len); break;
        case 7: len = pick_len(&r, &nb); SSL_peek(x, nb ? NULL : big, len); break;
        case 8: len = pick_len(&r, &nb); SSL_read_ex(x, nb ? NULL : big, (size_t)len, (op & 0x40) ? NULL : &got); break;
        case 9: len = pick_len(&r, &nb); SSL_write_ex(x, nb ? NULL : big, (size_t)len, (op & 0x40) ? NULL : &got); break;
        case 10: SSL_shutdown(x); break;
        case 11: SSL_get_error(x, (int)rd_u32(&r)); break;
        case 12: SSL_pending(x); SSL_has_pending(x); break;
        case 13: cn = rd_chunk(&r, &chunk, sizeof name - 1); memcpy(name, chunk, cn); name[cn] = 0;
            SSL_set_tlsext_host_name(x, ((op & 0x40) ? NULL : name)); break;
        case 14: cn = rd_chunk(&r, &chunk, 300); SSL_set_alpn_protos(x, (op & 0x40) ? NULL : chunk, (unsigned)cn); break;
        case 15: cn = rd_chunk(&r, &chunk, sizeof name - 1); memcpy(name, chunk, cn); name[cn] = 0;
            SSL_set_cipher_list(x, name); break;
        case 16: SSL_set_min_proto_version(x, (int)rd_u16(&r)); break;
        case 17: SSL_set_max_proto_version(x, (int)rd_u16(&r)); break;
        case 18: SSL_set_verify(x, (int)rd_u8(&r), NULL); break;
        case 19: { X509 *p = SSL_get1_peer_certificate(x); X509_free(p); } break;
        case 20: { SSL_SESSION *ss = SSL_get1_session(c); SSL_set_session(x, ss); SSL_SESSION_free(ss); } break;
        case 21: SSL_clear(x); break;
        case 22: SSL_get_version(x); SSL_get_current_cipher(x); SSL_get_verify_result(x); SSL_version(x); break;
        case 23: { const unsigned char *p; unsigned l; SSL_get0_alpn_selected(x, &p, &l); } break;
        case 24: SSL_set_fd(x, (op & 0x40) ? -1 : INT_MAX); break;
        case 25: SSL_set_shutdown(x, (int)rd_u8(&r)); SSL_get_shutdown(x); break;
        case 26: SSL_ctrl(x, (int)rd_u8(&r), (long)(int32_t)rd_u32(&r), NULL); break;
        case 27: SSL_CTX_ctrl((op & 0x40) ? sctx : cctx, (int)rd_u8(&r), (long)(int32_t)rd_u32(&r), NULL); break;
        case 28: SSL_set_mode(x, rd_u8(&r)); break;
        case 29: SSL_state_string(x); SSL_state_string_long(x); SSL_is_init_finished(x); SSL_in_init(x); break;
        case 30: /* retry a write with changed arguments */
            len = pick_len(&r, &nb); SSL_write(x, big, 1 + (len & 0x3fff));
            SSL_write(x, big + 7, 1 + ((len >> 3) & 0x3fff)); break;
        case 31: SSL_free(c); SSL_free(s); pair(&c, &s); break;
        case 32: SSL_get_servername(x, TLSEXT_NAMETYPE_host_name); SSL_get_peer_cert_chain(x); break;
        case 33: SSL_set_SSL_CTX(x, (op & 0x40) ? sctx : cctx); break;
        case 34: { char b[64]; SSL_get_shared_ciphers(x, b, (int)(rd_u8(&r) % sizeof b)); } break;
        case 35: SSL_renegotiate(x); SSL_key_update(x, (int)rd_u8(&r) % 3); break;
        case 36: SSL_set_read_ahead(x, 1); SSL_get_rbio(x); SSL_get_wbio(x); break;
        default: SSL_get_error(x, -1); break;
        }
        char what[32];
        snprintf(what, sizeof what, "op %u", op);
        ossl_check_no_panic(what);
    }
    SSL_free(c);
    SSL_free(s);
    return 0;
}
