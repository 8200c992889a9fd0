/* API sequences through the GnuTLS face: the fuzz input is a program of calls with
 * arguments (NULLs, 0 / large sizes, calls in the wrong state, a retried send with
 * changed arguments and the documented (NULL, 0) retry) against a client and a server
 * session joined by two in-memory pipes (push/pull callbacks, EAGAIN when empty or
 * when the input says so), with shared credentials. Sizes above the harness's buffers
 * are passed only with a NULL buffer. */
#include "common.h"

static gnutls_certificate_credentials_t ccred, scred;
static unsigned char big[70000];
struct pipe { unsigned char b[1 << 18]; size_t n; int block; };
static struct pipe c2s, s2c;
struct end { struct pipe *in, *out; gnutls_session_t s; };
static struct end ce = {&s2c, &c2s, NULL}, se = {&c2s, &s2c, NULL};

static ssize_t pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
    struct end *e = p;
    if (!e->in->n || e->in->block) { gnutls_transport_set_errno(e->s, EAGAIN); return -1; }
    size_t n = len < e->in->n ? len : e->in->n;
    memcpy(buf, e->in->b, n);
    memmove(e->in->b, e->in->b + n, e->in->n - n);
    e->in->n -= n;
    return (ssize_t)n;
}
static ssize_t push(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
    struct end *e = p;
    size_t room = sizeof e->out->b - e->out->n;
    if (!room || e->out->block) { gnutls_transport_set_errno(e->s, EAGAIN); return -1; }
    size_t n = len < room ? len : room;
    memcpy(e->out->b + e->out->n, buf, n);
    e->out->n += n;
    return (ssize_t)n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    if (gnutls_certificate_allocate_credentials(&ccred) < 0 || gnutls_certificate_allocate_credentials(&scred) < 0 ||
        gnutls_certificate_set_x509_key_file(scred, fuzz_pki("server-chain.pem"), fuzz_pki("server.key"), GNUTLS_X509_FMT_PEM) < 0 ||
        gnutls_certificate_set_x509_trust_file(ccred, fuzz_pki("ca.pem"), GNUTLS_X509_FMT_PEM) < 0) {
        fprintf(stderr, "api_gnutls: set-up failed (FUZZ_PKI=%s?)\n", fuzz_pki(""));
        abort();
    }
    return 0;
}

static void mk(struct end *e, int server)
{
    if (gnutls_init(&e->s, server ? GNUTLS_SERVER : GNUTLS_CLIENT) < 0) abort();
    gnutls_set_default_priority(e->s);
    gnutls_credentials_set(e->s, GNUTLS_CRD_CERTIFICATE, server ? scred : ccred);
    gnutls_transport_set_ptr(e->s, e);
    gnutls_transport_set_push_function(e->s, push);
    gnutls_transport_set_pull_function(e->s, pull);
}

static size_t pick_len(struct rd *r, int *nullbuf)
{
    static const size_t lens[] = {0, 1, 5, 100, 16384, 16385, 65536, SIZE_MAX, (size_t)SSIZE_MAX, 70000, (size_t)-1 / 2 + 1};
    unsigned k = rd_u8(r);
    size_t len = lens[k % (sizeof lens / sizeof *lens)];
    *nullbuf = (k & 0x80) != 0;
    if (len > sizeof big) *nullbuf = 1;
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rd r = {data, size};
    c2s.n = s2c.n = 0; c2s.block = s2c.block = 0;
    mk(&ce, 0); mk(&se, 1);
    int ops = 0;
    while (r.n && ops++ < 200) {
        unsigned op = rd_u8(&r);
        struct end *e = (op & 0x80) ? &se : &ce;
        gnutls_session_t x = e->s;
        int nb;
        size_t len;
        const uint8_t *chunk;
        size_t cn;
        char name[64];
        switch (op & 0x3f) {
        case 0: case 1: case 2: case 3: gnutls_handshake(x); break;
        case 4: len = pick_len(&r, &nb); gnutls_record_recv(x, nb ? NULL : big, len); break;
        case 5: len = pick_len(&r, &nb); gnutls_record_send(x, nb ? NULL : big, len); break;
        case 6: gnutls_record_send(x, NULL, 0); break; /* the documented retry */
        case 7: gnutls_bye(x, (op & 0x40) ? GNUTLS_SHUT_WR : GNUTLS_SHUT_RDWR); break;
        case 8: gnutls_record_check_pending(x); gnutls_record_get_direction(x); break;
        case 9: cn = rd_chunk(&r, &chunk, sizeof name - 1); memcpy(name, chunk, cn); name[cn] = 0;
            gnutls_server_name_set(x, GNUTLS_NAME_DNS, (op & 0x40) ? NULL : name, (op & 0x40) ? rd_u8(&r) : cn); break;
        case 10: cn = rd_chunk(&r, &chunk, sizeof name - 1); memcpy(name, chunk, cn); name[cn] = 0;
            gnutls_priority_set_direct(x, (op & 0x40) ? NULL : name, NULL); break;
        case 11: { gnutls_datum_t p[2] = {{(unsigned char *)"h2", 2}, {(unsigned char *)"http/1.1", 8}};
            gnutls_alpn_set_protocols(x, (op & 0x40) ? NULL : p, rd_u8(&r) % 3, 0); } break;
        case 12: { gnutls_datum_t d; gnutls_alpn_get_selected_protocol(x, &d); } break;
        case 13: { unsigned st = 0; gnutls_certificate_verify_peers2(x, &st); } break;
        case 14: { unsigned n = 0; gnutls_certificate_get_peers(x, &n); } break;
        case 15: { gnutls_datum_t d = {0}; if (gnutls_session_get_data2(x, &d) == 0) { gnutls_session_set_data(ce.s, d.data, d.size); gnutls_free(d.data); } } break;
        case 16: cn = rd_chunk(&r, &chunk, 300); gnutls_session_set_data(x, (op & 0x40) ? NULL : chunk, cn); break;
        case 17: gnutls_protocol_get_version(x); gnutls_cipher_get(x); gnutls_kx_get(x); gnutls_mac_get(x); break;
        case 18: gnutls_session_is_resumed(x); gnutls_session_get_flags(x); break;
        case 19: gnutls_record_set_timeout(x, rd_u16(&r)); break;
        case 20: gnutls_handshake_set_timeout(x, rd_u16(&r)); break;
        case 21: { char *d = gnutls_session_get_desc(x); gnutls_free(d); } break;
        case 22: e->out->block = rd_u8(&r) & 1; break; /* stall one direction */
        case 23: e->in->block = 0; e->out->block = 0; break;
        case 24: /* retry a send with changed arguments */
            len = pick_len(&r, &nb); gnutls_record_send(x, big, 1 + (len & 0x3fff));
            gnutls_record_send(x, big + 3, 1 + ((len >> 2) & 0x3fff)); break;
        case 25: gnutls_deinit(ce.s); gnutls_deinit(se.s); c2s.n = s2c.n = 0; mk(&ce, 0); mk(&se, 1); break;
        case 26: gnutls_alert_send(x, GNUTLS_AL_WARNING, rd_u8(&r)); gnutls_alert_get(x); break;
        case 27: gnutls_session_set_verify_cert(x, (op & 0x40) ? NULL : "localhost", 0); break;
        case 28: gnutls_certificate_server_set_request(x, rd_u8(&r) % 3); break;
        case 29: { volatile long sink = gnutls_error_is_fatal((int)rd_u32(&r)); sink += (long)gnutls_strerror((int)rd_u32(&r));
            sink += (long)gnutls_strerror_name((int)rd_u32(&r)); (void)sink; } break;
        case 30: gnutls_record_get_max_size(x); gnutls_record_set_max_size(x, rd_u16(&r)); break;
        case 31: /* an fd transport replaces our pointer; our callbacks need it back */
            gnutls_transport_set_int(x, (op & 0x40) ? -1 : INT_MAX); gnutls_transport_get_int(x);
            gnutls_transport_set_ptr(x, e); break;
        case 32: gnutls_rehandshake(x); break;
        case 33: gnutls_session_ticket_enable_server(x, NULL); break;
        default: gnutls_record_get_direction(x); break;
        }
    }
    gnutls_deinit(ce.s);
    gnutls_deinit(se.s);
    return 0;
}
