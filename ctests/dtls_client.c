/* ctests/dtls_client.c — a GnuTLS DTLS 1.2 client (GNUTLS_DATAGRAM) against a real
 * `gnutls-serv --udp --echo` ($DTLS_PORT, cert server.pem, P-256), run by
 * ctests/dtls.sh: the MTU and data MTU before and after the handshake for AES-128-GCM,
 * AES-256-GCM and ChaCha20-Poly1305; gnutls_record_send of the data MTU + 1
 * (GNUTLS_E_LARGE_PACKET, non-fatal); corking beyond the data MTU; a push function
 * failing with EMSGSIZE, EAGAIN (then the (NULL, 0) retry) and EINTR; the echo of
 * what was sent after each of them; verification of the server's certificate. */
#include "harness.h"
#include <gnutls/dtls.h>

static int udp_connect(int port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        harness_die("udp connect: %s", strerror(errno));
    return fd;
}

/* The push function: sends the datagram, unless told to fail once with an errno. */
static int fail_next_errno;
static int push_calls;
static ssize_t push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    push_calls++;
    if (fail_next_errno) {
        errno = fail_next_errno;
        fail_next_errno = 0;
        return -1;
    }
    return send((int)(intptr_t)ptr, data, len, 0);
}

/* Reads the echo of what was just sent (gnutls-serv echoes at most 254 bytes a
 * record, so a long write comes back in pieces); prints its size and whether it
 * matches. */
static void expect_echo(gnutls_session_t s, const char *what, const char *sent, size_t n)
{
    static char buf[20000];
    size_t got = 0;
    ssize_t r = 0;
    while (got < n) {
        r = gnutls_record_recv(s, buf + got, sizeof buf - got);
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    say("%s: echo %zu bytes (last recv %zd), %s", what, got, r,
        got == n && memcmp(buf, sent, n) == 0 ? "same" : "DIFFERENT");
}

static gnutls_session_t open_session(gnutls_certificate_credentials_t cred, const char *cipher,
                                     int *fd_out)
{
    gnutls_session_t s;
    char prio[200];
    snprintf(prio, sizeof prio,
             "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:+%s:-KX-ALL:+ECDHE-ECDSA", cipher);
    gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_DATAGRAM);
    int r = gnutls_priority_set_direct(s, prio, NULL);
    if (r < 0)
        harness_die("priority %s: %d", prio, r);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    int fd = udp_connect(harness_port("DTLS_PORT"));
    gnutls_transport_set_int(s, fd);
    *fd_out = fd;
    return s;
}

static void suite_run(gnutls_certificate_credentials_t cred, const char *cipher)
{
    int fd;
    gnutls_session_t s = open_session(cred, cipher, &fd);
    say("== %s", cipher);
    gnutls_dtls_set_mtu(s, 1000);
    say("before handshake: mtu %u data mtu %u", gnutls_dtls_get_mtu(s),
        gnutls_dtls_get_data_mtu(s));
    say("set_data_mtu before handshake: %d", gnutls_dtls_set_data_mtu(s, 900));
    char tiny[8];
    say("send before handshake: %zd", gnutls_record_send(s, "x", 1));
    say("recv before handshake: %zd", gnutls_record_recv(s, tiny, sizeof tiny));
    int r;
    do {
        r = gnutls_handshake(s);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    say("handshake: %d (%s)", r, r < 0 ? gnutls_strerror_name(r) : "ok");
    if (r < 0)
        return;
    say("protocol %s cipher %s", gnutls_protocol_get_name(gnutls_protocol_get_version(s)),
        gnutls_cipher_get_name(gnutls_cipher_get(s)));
    unsigned status = 99;
    r = gnutls_certificate_verify_peers3(s, "localhost", &status);
    say("verify_peers3: %d status %u", r, status);
    say("after handshake: mtu %u data mtu %u", gnutls_dtls_get_mtu(s),
        gnutls_dtls_get_data_mtu(s));
    gnutls_dtls_set_mtu(s, 500);
    say("mtu 500: data mtu %u", gnutls_dtls_get_data_mtu(s));
    r = gnutls_dtls_set_data_mtu(s, 900);
    say("set_data_mtu 900: %d, mtu %u, data mtu %u", r, gnutls_dtls_get_mtu(s),
        gnutls_dtls_get_data_mtu(s));
    gnutls_dtls_set_mtu(s, 1000);
    unsigned dmtu = gnutls_dtls_get_data_mtu(s);
    say("mtu 1000: data mtu %u", dmtu);

    static char big[20000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = 'a' + i % 26;
    ssize_t n = gnutls_record_send(s, big, dmtu + 1);
    say("send data mtu + 1: %zd (%s)", n, n < 0 ? gnutls_strerror_name((int)n) : "sent");
    if (n < 0)
        say("  fatal: %d", gnutls_error_is_fatal((int)n));
    n = gnutls_record_send(s, big, dmtu);
    say("send data mtu: %zd", n);
    expect_echo(s, "data mtu", big, dmtu);
    n = gnutls_record_send(s, "hello", 5);
    say("send hello: %zd", n);
    expect_echo(s, "hello", "hello", 5);
    say("check_pending: %zu", gnutls_record_check_pending(s));
    say("discarded: %u", gnutls_record_get_discarded(s));
    say("bye: %d", gnutls_bye(s, GNUTLS_SHUT_WR));
    gnutls_deinit(s);
    close(fd);
}

/* Corking and the push function's errors, on one AES-128-GCM session. */
static void io_run(gnutls_certificate_credentials_t cred)
{
    int fd;
    gnutls_session_t s = open_session(cred, "AES-128-GCM", &fd);
    say("== push errors and cork");
    gnutls_dtls_set_mtu(s, 1000);
    gnutls_transport_set_push_function(s, push);
    gnutls_transport_set_ptr(s, (gnutls_transport_ptr_t)(intptr_t)fd);
    /* A custom pull is not set: the fd is read; the default pull timeout polls it. */
    int r;
    do {
        r = gnutls_handshake(s);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    say("handshake: %d", r);
    if (r < 0)
        return;
    static char data[1000];
    memset(data, 'x', sizeof data);

    gnutls_record_cork(s);
    say("corked send 500: %zd", gnutls_record_send(s, data, 500));
    ssize_t n = gnutls_record_send(s, data, 500);
    say("corked send 500 more: %zd (%s)", n, n < 0 ? gnutls_strerror_name((int)n) : "buffered");
    say("corked send 400: %zd", gnutls_record_send(s, data, 400));
    say("uncork: %d", (int)gnutls_record_uncork(s, GNUTLS_RECORD_WAIT));
    expect_echo(s, "uncorked", data, 900);
    say("uncork again: %d", (int)gnutls_record_uncork(s, 0));

    fail_next_errno = EMSGSIZE;
    n = gnutls_record_send(s, "emsgsize", 8);
    say("push EMSGSIZE: %zd (%s) fatal %d", n, gnutls_strerror_name((int)n),
        gnutls_error_is_fatal((int)n));
    n = gnutls_record_send(s, "after emsgsize", 14);
    say("send after EMSGSIZE: %zd", n);
    expect_echo(s, "after EMSGSIZE", "after emsgsize", 14);

    fail_next_errno = EAGAIN;
    n = gnutls_record_send(s, "eagain-data", 11);
    say("push EAGAIN: %zd (%s) direction %d", n, gnutls_strerror_name((int)n),
        gnutls_record_get_direction(s));
    n = gnutls_record_send(s, NULL, 0);
    say("retry (NULL, 0): %zd", n);
    expect_echo(s, "after EAGAIN", "eagain-data", 11);

    fail_next_errno = EINTR;
    n = gnutls_record_send(s, "eintr-data", 10);
    say("push EINTR: %zd (%s)", n, gnutls_strerror_name((int)n));
    n = gnutls_record_send(s, NULL, 0);
    say("retry (NULL, 0): %zd", n);
    expect_echo(s, "after EINTR", "eintr-data", 10);

    say("bye: %d", gnutls_bye(s, GNUTLS_SHUT_WR));
    gnutls_deinit(s);
    close(fd);
}

/* A server that never answers: the handshake ends with GNUTLS_E_TIMEDOUT after the
 * total timeout of gnutls_dtls_set_timeouts. */
static void silent_peer(gnutls_certificate_credentials_t cred, int handshake_timeout)
{
    say("== silent peer (%s)",
        handshake_timeout ? "gnutls_handshake_set_timeout 400" : "gnutls_dtls_set_timeouts 100 600");
    int quiet = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (bind(quiet, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(quiet, (struct sockaddr *)&sa, &len) != 0)
        harness_die("bind: %s", strerror(errno));
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_DATAGRAM);
    gnutls_priority_set_direct(s, "NORMAL:-VERS-ALL:+VERS-DTLS1.2", NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    if (handshake_timeout)
        gnutls_handshake_set_timeout(s, 400); /* total 400 ms, retransmission at 1 s */
    else
        gnutls_dtls_set_timeouts(s, 100, 600);
    int fd = udp_connect(ntohs(sa.sin_port));
    gnutls_transport_set_int(s, fd);
    int r;
    do {
        r = gnutls_handshake(s);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    say("handshake: %d (%s)", r, gnutls_strerror_name(r));
    char buf[2048];
    int hellos = 0;
    while (recv(quiet, buf, sizeof buf, MSG_DONTWAIT) > 0)
        hellos++;
    say("ClientHello retransmitted: %s", hellos > 1 ? "yes" : "no");
    gnutls_deinit(s);
    close(fd);
    close(quiet);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    say("trust file: %d",
        gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM));

    /* A fresh datagram session: GnuTLS' defaults. */
    gnutls_session_t s;
    say("init datagram: %d", gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_DATAGRAM));
    say("default mtu %u data mtu %u timeout %u", gnutls_dtls_get_mtu(s),
        gnutls_dtls_get_data_mtu(s), gnutls_dtls_get_timeout(s));
    gnutls_dtls_set_mtu(s, 100000);
    say("mtu 100000 kept as %u", gnutls_dtls_get_mtu(s));
    say("discarded: %u", gnutls_record_get_discarded(s));
    gnutls_deinit(s);

    suite_run(cred, "AES-128-GCM");
    suite_run(cred, "AES-256-GCM");
    suite_run(cred, "CHACHA20-POLY1305");
    io_run(cred);
    silent_peer(cred, 0);
    silent_peer(cred, 1);

    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return 0;
}
