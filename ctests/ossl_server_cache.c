/* The server-side session cache: SSL_CTX_set_session_cache_mode (SERVER, NO_INTERNAL,
 * OFF), SSL_OP_NO_TICKET, SSL_CTX_set_num_tickets, the new/get/remove callbacks on a
 * server (an external cache keyed by SSL_SESSION_get_id holding i2d_SSL_SESSION
 * bytes, as nginx's shared cache does), SSL_CTX_add_session / remove_session,
 * SSL_CTX_set_timeout, the sess_* counters, and i2d/d2i_SSL_SESSION (garbage fails
 * with NULL and an error; a client session through i2d/d2i resumes in a new context).
 * Client and server run in this process, both on the library under test, over
 * nonblocking socketpairs; each case makes a full handshake, then one offering the
 * session the client got. */
#include "harness.h"

#include <openssl/err.h>

static int new_calls, get_calls, remove_calls;
static SSL_SESSION *server_kept; /* the last session the server's new_cb gave */
static struct {
    unsigned char id[64];
    unsigned int idlen;
    unsigned char der[8192];
    int derlen;
} ext[16];
static int next;

static int on_new(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    new_calls++;
    unsigned int len;
    const unsigned char *id = SSL_SESSION_get_id(sess, &len);
    if (next < 16 && len <= 64) {
        memcpy(ext[next].id, id, len);
        ext[next].idlen = len;
        unsigned char *p = ext[next].der;
        ext[next].derlen = i2d_SSL_SESSION(sess, NULL) <= (int)sizeof ext[next].der ? i2d_SSL_SESSION(sess, &p) : 0;
        next++;
    }
    if (server_kept)
        SSL_SESSION_free(server_kept);
    server_kept = sess;
    return 1;
}

static SSL_SESSION *on_get(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl;
    get_calls++;
    *copy = 0;
    for (int i = next - 1; i >= 0; i--)
        if (ext[i].idlen == (unsigned)len && !memcmp(ext[i].id, id, len) && ext[i].derlen > 0) {
            const unsigned char *p = ext[i].der;
            return d2i_SSL_SESSION(NULL, &p, ext[i].derlen);
        }
    return NULL;
}

static void on_remove(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)ctx;
    (void)sess;
    remove_calls++;
}

/* One connection; returns the client's session (a reference) and whether it resumed. */
static SSL_SESSION *connect_once(SSL_CTX *sctx, SSL_CTX *cctx, int version, SSL_SESSION *offer, int *reused)
{
    int sv[2];
    socket_pair(sv);
    set_nonblocking(sv[0], 1);
    set_nonblocking(sv[1], 1);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    SSL_set_min_proto_version(c, version);
    SSL_set_max_proto_version(c, version);
    if (offer)
        SSL_set_session(c, offer);
    SSL_set_fd(c, sv[0]);
    SSL_set_fd(s, sv[1]);
    int cr = 0, sr = 0;
    int both = pump_handshake(c, s, &cr, &sr);
    char buf[64];
    SSL_write(s, "hello", 5);
    for (int i = 0; i < 5 && SSL_read(c, buf, sizeof buf) <= 0; i++)
        ;
    SSL_write(c, "x", 1);
    for (int i = 0; i < 5 && SSL_read(s, buf, sizeof buf) <= 0; i++)
        ;
    SSL_write(s, "again", 5); /* a TLS 1.3 client has read its tickets by now */
    for (int i = 0; i < 5 && SSL_read(c, buf, sizeof buf) <= 0; i++)
        ;
    *reused = both ? SSL_session_reused(c) * 10 + SSL_session_reused(s) : -1;
    SSL_SESSION *got = SSL_get1_session(c);
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
    close(sv[0]);
    close(sv[1]);
    ERR_clear_error();
    return got;
}

static SSL_CTX *server_ctx(void)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"test", 4);
    return sctx;
}

static SSL_CTX *client_ctx(void)
{
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    return cctx;
}

enum { NO_TICKET = 1, EXTERNAL = 2, OFF = 4, ZERO_TICKETS = 8, REMOVE = 16, EXPIRE = 32 };

static void run_case(const char *name, int version, int flags)
{
    SSL_CTX *sctx = server_ctx(), *cctx = client_ctx();
    new_calls = get_calls = remove_calls = next = 0;
    if (flags & NO_TICKET)
        SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
    if (flags & OFF)
        SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_OFF);
    if (flags & EXPIRE)
        SSL_CTX_set_timeout(sctx, 1);
    if (flags & EXTERNAL) {
        SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
        SSL_CTX_sess_set_get_cb(sctx, on_get);
    }
    if (flags & ZERO_TICKETS) {
        int r = SSL_CTX_set_num_tickets(sctx, 0);
        say("%s set_num_tickets 0: %d, get %zu", name, r, SSL_CTX_get_num_tickets(sctx));
    }
    SSL_CTX_sess_set_new_cb(sctx, on_new);
    /* OpenSSL keeps TLS 1.3 stateless-ticket sessions in its internal cache too when a
     * remove callback is set (ssl_update_cache); only the removal case sets one. */
    if (flags & REMOVE)
        SSL_CTX_sess_set_remove_cb(sctx, on_remove);
    int r1, r2;
    SSL_SESSION *s1 = connect_once(sctx, cctx, version, NULL, &r1);
    int new_after_full = new_calls;
    long number_after_full = SSL_CTX_sess_number(sctx);
    if (flags & REMOVE) {
        int r = server_kept ? SSL_CTX_remove_session(sctx, server_kept) : -1, calls = remove_calls;
        int again = server_kept ? SSL_CTX_remove_session(sctx, server_kept) : -1;
        /* OpenSSL calls the remove callback for a session with an id even when it
         * was not in the cache (remove_session_lock). */
        say("%s remove_session: %d, remove_cb calls %d; again: %d, remove_cb calls %d", name, r, calls, again,
            remove_calls);
    }
    if (flags & EXPIRE)
        sleep(2);
    SSL_SESSION *s2 = connect_once(sctx, cctx, version, s1, &r2);
    /* After a resumption OpenSSL 3.0 sends one TLS 1.3 ticket, rustls as many as after
     * a full handshake: whether new_cb was called again is what both give. */
    say("%s: full reused %02d, then reused %02d; new_cb %d then %s; get_cb %s; remove_cb %d", name, r1, r2,
        new_after_full, new_calls > new_after_full ? "called" : "not called", get_calls ? "called" : "not called",
        remove_calls);
    say("%s counters: number after full %ld, accept %ld good %ld hits %ld cb_hits %ld misses %ld timeouts %ld", name,
        number_after_full, SSL_CTX_sess_accept(sctx), SSL_CTX_sess_accept_good(sctx), SSL_CTX_sess_hits(sctx),
        SSL_CTX_sess_cb_hits(sctx), SSL_CTX_sess_misses(sctx), SSL_CTX_sess_timeouts(sctx));
    SSL_SESSION_free(s1);
    SSL_SESSION_free(s2);
    if (server_kept)
        SSL_SESSION_free(server_kept);
    server_kept = NULL;
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

int main(void)
{
    harness_init();
    run_case("1.2 tickets", TLS1_2_VERSION, 0);
    run_case("1.2 no-ticket", TLS1_2_VERSION, NO_TICKET);
    run_case("1.2 no-ticket external", TLS1_2_VERSION, NO_TICKET | EXTERNAL);
    run_case("1.2 no-ticket cache-off", TLS1_2_VERSION, NO_TICKET | OFF);
    run_case("1.2 no-ticket removed", TLS1_2_VERSION, NO_TICKET | REMOVE);
    run_case("1.2 no-ticket expired", TLS1_2_VERSION, NO_TICKET | EXPIRE);
    run_case("1.3 tickets", TLS1_3_VERSION, 0);
    run_case("1.3 no-ticket", TLS1_3_VERSION, NO_TICKET);
    run_case("1.3 no-ticket external", TLS1_3_VERSION, NO_TICKET | EXTERNAL);
    run_case("1.3 zero tickets", TLS1_3_VERSION, ZERO_TICKETS);

    /* Settings and their defaults. */
    SSL_CTX *sctx = server_ctx();
    long t0 = SSL_CTX_get_timeout(sctx), t1 = SSL_CTX_set_timeout(sctx, 60);
    say("default timeout %ld, set_timeout returns %ld, now %ld", t0, t1, SSL_CTX_get_timeout(sctx));
    say("default num_tickets %zu, cache mode %ld", SSL_CTX_get_num_tickets(sctx), SSL_CTX_get_session_cache_mode(sctx));
    SSL *s = SSL_new(sctx);
    size_t n0 = SSL_get_num_tickets(s);
    int n1 = SSL_set_num_tickets(s, 3);
    say("SSL num_tickets %zu, set 3: %d, now %zu", n0, n1, SSL_get_num_tickets(s));
    SSL_free(s);
    SSL_CTX_sess_set_get_cb(sctx, on_get);
    say("sess_set_get_cb then get: %s", SSL_CTX_sess_get_get_cb(sctx) == on_get ? "same" : "other");
    say("sess_get_new_cb unset: %s", SSL_CTX_sess_get_new_cb(sctx) ? "set" : "NULL");

    /* d2i on garbage: NULL and an error entry. */
    static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x01, 0xff, 0xee};
    const unsigned char *p = junk;
    ERR_clear_error();
    SSL_SESSION *bad = d2i_SSL_SESSION(NULL, &p, sizeof junk);
    say("d2i garbage: %s, error queued %s, pointer moved %s", bad ? "session" : "NULL", ERR_peek_error() ? "yes" : "no",
        p != junk ? "yes" : "no");
    ERR_clear_error();
    p = junk;
    say("d2i 0 bytes: %s", d2i_SSL_SESSION(NULL, &p, 0) ? "session" : "NULL");
    ERR_clear_error();
    say("i2d NULL: %d", i2d_SSL_SESSION(NULL, NULL));
    ERR_clear_error();

    /* A client session through i2d/d2i resumes with a new client context. */
    for (int v = TLS1_2_VERSION; v <= TLS1_3_VERSION; v++) {
        SSL_CTX *cctx = client_ctx();
        int r;
        SSL_SESSION *got = connect_once(sctx, cctx, v, NULL, &r);
        int len = i2d_SSL_SESSION(got, NULL);
        unsigned char *der = malloc(len), *w = der;
        int len2 = i2d_SSL_SESSION(got, &w);
        say("v%x i2d: lengths agree %d, pointer advanced %d", v, len == len2 && len > 0, w == der + len);
        const unsigned char *rp = der;
        SSL_SESSION *back = d2i_SSL_SESSION(NULL, &rp, len);
        say("v%x d2i: %s, pointer advanced %d, version %x", v, back ? "session" : "NULL", rp == der + len,
            back ? SSL_SESSION_get_protocol_version(back) : 0);
        SSL_CTX_free(cctx);
        cctx = client_ctx();
        SSL_SESSION *again = connect_once(sctx, cctx, v, back, &r);
        say("v%x resumed from the decoded session in a new context: %02d", v, r);
        SSL_SESSION_free(again);
        SSL_SESSION_free(back);
        SSL_SESSION_free(got);
        free(der);
        SSL_CTX_free(cctx);
    }
    SSL_CTX_free(sctx);
    return 0;
}
