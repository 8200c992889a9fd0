/* Hostile peer bytes through the GnuTLS face: the fuzz input is everything the peer
 * sends (server flight to a client session, or client flight to a server session when
 * the first byte is odd), handed out by the pull callback in input-chosen chunks
 * (EAGAIN between chunks, 0 = EOF at the end; see pull()); the push callback discards. Handshake,
 * gnutls_record_recv and gnutls_bye must never crash. */
#include "common.h"

static gnutls_certificate_credentials_t ccred, scred;
struct io { struct rd r; const uint8_t *cur; size_t curn; int again; gnutls_session_t s; };

/* The input after the mode byte is chunks (u16 little-endian length, then bytes; the
 * format peer_ossl reads, so the two targets share seeds). A pull hands out the current
 * chunk (as much as asked); between chunks one pull says EAGAIN; 0 (EOF) at the end. */
static ssize_t pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
    struct io *io = p;
    if (!io->curn) {
        if (!io->r.n) return 0;
        if (io->again) { io->again = 0; gnutls_transport_set_errno(io->s, EAGAIN); errno = EAGAIN; return -1; }
        io->curn = rd_chunk(&io->r, &io->cur, 20000);
        if (!io->curn) { gnutls_transport_set_errno(io->s, EAGAIN); errno = EAGAIN; return -1; }
    }
    size_t n = len < io->curn ? len : io->curn;
    memcpy(buf, io->cur, n);
    io->cur += n; io->curn -= n;
    if (!io->curn) io->again = 1;
    return (ssize_t)n;
}
static ssize_t push(gnutls_transport_ptr_t p, const void *buf, size_t len) { (void)p; (void)buf; return (ssize_t)len; }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    if (gnutls_certificate_allocate_credentials(&ccred) < 0 || gnutls_certificate_allocate_credentials(&scred) < 0 ||
        gnutls_certificate_set_x509_key_file(scred, fuzz_pki("server-chain.pem"), fuzz_pki("server.key"), GNUTLS_X509_FMT_PEM) < 0) {
        fprintf(stderr, "peer_gnutls: set-up failed (FUZZ_PKI=%s?)\n", fuzz_pki(""));
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct io io = {{data, size}, NULL, 0, 0, NULL};
    unsigned mode = rd_u8(&io.r);
    int server = mode & 1;
    gnutls_session_t s;
    if (gnutls_init(&s, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NONBLOCK) < 0) abort();
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, server ? scred : ccred);
    if (!server) gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    io.s = s;
    gnutls_transport_set_ptr(s, &io);
    gnutls_transport_set_pull_function(s, pull);
    gnutls_transport_set_push_function(s, push);
    int r, steps = 0;
    do r = gnutls_handshake(s); while (r < 0 && !gnutls_error_is_fatal(r) && (io.r.n || io.curn) && steps++ < 200);
    if (r == 0) {
        char buf[20000];
        steps = 0;
        do r = (int)gnutls_record_recv(s, buf, 1 + (mode >> 1) * 100 % sizeof buf);
        while ((r > 0 || !gnutls_error_is_fatal(r)) && r != 0 && (io.r.n || io.curn) && steps++ < 200);
    }
    gnutls_certificate_verify_peers2(s, (unsigned[]){0});
    gnutls_bye(s, GNUTLS_SHUT_WR);
    gnutls_deinit(s);
    return 0;
}
