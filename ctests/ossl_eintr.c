/* EINTR from the socket during a blocking handshake: the socket BIO counts it as a
 * retry, so SSL_connect returns -1 with SSL_ERROR_WANT_READ (not an error), and the
 * connection can go on. A silent peer and a SIGALRM without SA_RESTART make the read
 * fail with EINTR deterministically. The timer repeats every 200 ms until the first
 * SSL_connect returns: a first alarm that fires before the read blocks (a slow start,
 * e.g. under valgrind) is followed by one that interrupts it. */
#include "harness.h"

#include <openssl/err.h>
#include <signal.h>
#include <sys/time.h>

static void on_alarm(int sig) { (void)sig; }

int main(void)
{
    harness_init();
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm; /* no SA_RESTART: the blocked recv fails with EINTR */
    sigaction(SIGALRM, &sa, NULL);

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    int sv[2];
    socket_pair(sv);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, sv[0]);
    struct itimerval t = {.it_value = {.tv_sec = 0, .tv_usec = 200000},
                          .it_interval = {.tv_sec = 0, .tv_usec = 200000}};
    setitimer(ITIMER_REAL, &t, NULL);
    int r = SSL_connect(ssl);
    struct itimerval off = {0};
    setitimer(ITIMER_REAL, &off, NULL);
    int e = SSL_get_error(ssl, r);
    say("SSL_connect interrupted: %d %s, ERR queue %s", r, ssl_error_name(e), ERR_peek_error() ? "set" : "empty");
    say("SSL_want_read: %d", SSL_want_read(ssl));
    /* The peer answers nothing and closes: the retried handshake sees EOF. */
    close(sv[1]);
    r = SSL_connect(ssl);
    say("retry after the peer closed: %d %s", r, ssl_error_name(SSL_get_error(ssl, r)));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(sv[0]);
    say("done");
    return 0;
}
