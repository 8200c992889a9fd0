/* ctests/dtls_lossy.c — a GnuTLS DTLS 1.2 client whose handshake crosses
 * ctests/lossy_relay.py ($LOSSY_PORT, in front of a real gnutls-serv --udp --echo):
 * handshake datagrams are dropped and reordered both ways, and the handshake must
 * complete by retransmission within gnutls_dtls_set_timeouts(300 ms, 20 s), once
 * with the default (blocking) transport and once with GNUTLS_NONBLOCK, a non-blocking
 * socket, and the program waiting gnutls_dtls_get_timeout() between calls.
 * Then data goes through both ways; the relay delivers the first echo twice, and the
 * replayed record shows in gnutls_record_get_discarded (one more than before it). ctests/dtls.sh checks the relay's log: every
 * handshake lost and reordered datagrams. */
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

static void run(gnutls_certificate_credentials_t cred, int nonblocking)
{
    gnutls_session_t s;
    say("== %s", nonblocking ? "non-blocking" : "blocking");
    gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_DATAGRAM | (nonblocking ? GNUTLS_NONBLOCK : 0));
    gnutls_priority_set_direct(s, "NORMAL:-VERS-ALL:+VERS-DTLS1.2", NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_dtls_set_mtu(s, 1000);
    gnutls_dtls_set_timeouts(s, 300, 20000);
    int fd = udp_connect(harness_port("LOSSY_PORT"));
    if (nonblocking)
        set_nonblocking(fd, 1);
    gnutls_transport_set_int(s, fd);
    int r, again = 0;
    do {
        r = gnutls_handshake(s);
        if (r == GNUTLS_E_AGAIN) {
            again++;
            unsigned ms = gnutls_dtls_get_timeout(s);
            wait_fd(fd, POLLIN, ms > 0 ? (int)ms : 1);
        }
    } while (r < 0 && !gnutls_error_is_fatal(r));
    say("handshake: %d (%s)", r, r < 0 ? gnutls_strerror_name(r) : "ok");
    if (nonblocking)
        say("handshake returned GNUTLS_E_AGAIN in between: %s", again > 0 ? "yes" : "no");
    if (r == 0) {
        const char msg[] = "through a lossy link";
        ssize_t n;
        do {
            n = gnutls_record_send(s, msg, sizeof msg);
        } while (n == GNUTLS_E_AGAIN);
        say("send: %zd", n);
        char buf[256];
        do {
            if (nonblocking)
                wait_fd(fd, POLLIN, 5000);
            n = gnutls_record_recv(s, buf, sizeof buf);
        } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
        say("echo: %zd %s", n, n == (ssize_t)sizeof msg && !memcmp(buf, msg, sizeof msg) ? "same" : "DIFFERENT");
        /* Only the replay is counted here: GnuTLS also counts the stale handshake
         * records it dropped during a lossy handshake, which vary from run to run. */
        unsigned before = gnutls_record_get_discarded(s);
        const char msg2[] = "second";
        do {
            n = gnutls_record_send(s, msg2, sizeof msg2);
        } while (n == GNUTLS_E_AGAIN);
        do {
            if (nonblocking)
                wait_fd(fd, POLLIN, 5000);
            n = gnutls_record_recv(s, buf, sizeof buf);
        } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
        say("second echo: %zd %s", n, n == (ssize_t)sizeof msg2 && !memcmp(buf, msg2, sizeof msg2) ? "same" : "DIFFERENT");
        say("discarded by the replay: %u", gnutls_record_get_discarded(s) - before);
        say("bye: %d", gnutls_bye(s, GNUTLS_SHUT_WR));
    }
    gnutls_deinit(s);
    close(fd);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);
    run(cred, 0);
    run(cred, 1);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return 0;
}
