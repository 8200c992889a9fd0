/* ctests/dtls_server.c — a GnuTLS DTLS 1.2 server (GNUTLS_SERVER | GNUTLS_DATAGRAM)
 * against a real client: `gnutls-cli --udp`, started without LD_PRELOAD.
 *   1. gnutls_dtls_cookie_send / gnutls_dtls_cookie_verify on fixed inputs: the
 *      HelloVerifyRequest bytes, the prestate, the error codes.
 *   2. The stateless cookie exchange with the real client, as GnuTLS' ex-serv-dtls.c
 *      does it (MSG_PEEK, verify, send the cookie, then gnutls_dtls_prestate_set),
 *      the handshake, data both ways, the data MTU, GNUTLS_E_LARGE_PACKET.
 *   3. A server without the cookie exchange. */
#include "harness.h"
#include <gnutls/dtls.h>
#include <sys/time.h>

static unsigned char captured[256];
static size_t captured_len;
static ssize_t capture_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    (void)ptr;
    captured_len = len < sizeof captured ? len : sizeof captured;
    memcpy(captured, data, captured_len);
    return (ssize_t)len;
}

struct peer_addr {
    int fd;
    struct sockaddr_in addr;
};

static ssize_t sendto_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    struct peer_addr *p = ptr;
    return sendto(p->fd, data, len, 0, (struct sockaddr *)&p->addr, sizeof p->addr);
}

static void hex(const char *what, const unsigned char *b, size_t n)
{
    char line[1024];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < sizeof line; i++)
        o += (size_t)snprintf(line + o, sizeof line - o, "%02x", b[i]);
    line[o] = 0;
    say("%s (%zu bytes): %s", what, n, line);
}

static void cookie_functions(void)
{
    say("== cookie functions");
    unsigned char keyb[32];
    for (int i = 0; i < 32; i++)
        keyb[i] = (unsigned char)(i * 7 + 1);
    gnutls_datum_t key = {keyb, sizeof keyb};
    const char client[] = "client 127.0.0.1:4242";
    gnutls_dtls_prestate_st pre = {.record_seq = 5, .hsk_read_seq = 0, .hsk_write_seq = 0};
    int r = gnutls_dtls_cookie_send(&key, (void *)client, sizeof client, &pre, NULL, capture_push);
    say("cookie_send: %d", r);
    hex("HelloVerifyRequest", captured, captured_len);
    gnutls_datum_t nokey = {NULL, 0};
    say("cookie_send without a key: %d",
        gnutls_dtls_cookie_send(&nokey, (void *)client, sizeof client, &pre, NULL, capture_push));

    /* A ClientHello carrying the cookie (record seq 3, message_seq 1). */
    unsigned char ch[200];
    size_t n = 0;
    const unsigned char rec[] = {22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0};
    memcpy(ch, rec, sizeof rec);
    n = sizeof rec;
    const unsigned char hs[] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    memcpy(ch + n, hs, sizeof hs);
    n += sizeof hs;
    ch[n++] = 254;
    ch[n++] = 253;
    memset(ch + n, 0x42, 32);
    n += 32;
    ch[n++] = 0; /* session id */
    ch[n++] = 16;
    memcpy(ch + n, captured + captured_len - 16, 16);
    n += 16;
    const unsigned char tail[] = {0, 2, 0xc0, 0x2b, 1, 0};
    memcpy(ch + n, tail, sizeof tail);
    n += sizeof tail;

    gnutls_dtls_prestate_st got;
    memset(&got, 0xff, sizeof got);
    r = gnutls_dtls_cookie_verify(&key, (void *)client, sizeof client, ch, n, &got);
    say("cookie_verify: %d prestate %u %u %u", r, got.record_seq, got.hsk_read_seq,
        got.hsk_write_seq);
    say("cookie_verify, other client: %d",
        gnutls_dtls_cookie_verify(&key, "someone else", 12, ch, n, &got));
    say("cookie_verify, short message: %d",
        gnutls_dtls_cookie_verify(&key, (void *)client, sizeof client, ch, 40, &got));
    ch[sizeof rec + sizeof hs + 2 + 32 + 1] = 0; /* no cookie */
    say("cookie_verify, no cookie: %d",
        gnutls_dtls_cookie_verify(&key, (void *)client, sizeof client, ch, n, &got));
}

/* Starts `gnutls-cli --udp` (the real one: no LD_PRELOAD) against PORT; its stdin is
 * *to (what it sends), its output goes to a log. */
static pid_t start_client(int port, int *to)
{
    int p[2];
    if (pipe(p) != 0)
        harness_die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        harness_die("fork");
    if (pid == 0) {
        dup2(p[0], 0);
        close(p[0]);
        close(p[1]);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        unsetenv("LD_PRELOAD");
        char portarg[32], ca[600];
        snprintf(portarg, sizeof portarg, "--port=%d", port);
        snprintf(ca, sizeof ca, "--x509cafile=%s", pki("ca.pem"));
        execlp("gnutls-cli", "gnutls-cli", "--udp", portarg, ca, "127.0.0.1", (char *)NULL);
        _exit(127);
    }
    close(p[0]);
    *to = p[1];
    return pid;
}

static void stop_client(pid_t pid, int to)
{
    close(to);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

static int udp_bind(int *port)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
        harness_die("udp bind: %s", strerror(errno));
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    *port = ntohs(sa.sin_port);
    return fd;
}

static void serve(gnutls_certificate_credentials_t cred, int with_cookie)
{
    say("== server %s the cookie exchange", with_cookie ? "with" : "without");
    int port, to;
    int fd = udp_bind(&port);
    pid_t pid = start_client(port, &to);
    gnutls_dtls_prestate_st prestate;
    memset(&prestate, 0, sizeof prestate);
    struct sockaddr_in cli;
    unsigned char keyb[16] = "tlsshim dtls key";
    gnutls_datum_t key = {keyb, sizeof keyb};
    for (int round = 0; round < 5; round++) {
        unsigned char buf[2048];
        socklen_t clen = sizeof cli;
        ssize_t n = recvfrom(fd, buf, sizeof buf, MSG_PEEK, (struct sockaddr *)&cli, &clen);
        if (n < 0)
            harness_die("no ClientHello: %s", strerror(errno));
        if (!with_cookie)
            break;
        int r = gnutls_dtls_cookie_verify(&key, &cli, sizeof cli, buf, (size_t)n, &prestate);
        say("cookie_verify of ClientHello %d: %d", round + 1, r);
        if (r == 0) {
            say("prestate %u %u %u", prestate.record_seq, prestate.hsk_read_seq,
                prestate.hsk_write_seq);
            break;
        }
        struct peer_addr pa = {fd, cli};
        r = gnutls_dtls_cookie_send(&key, &cli, sizeof cli, &prestate, &pa, sendto_push);
        say("cookie_send: %d", r);
        recvfrom(fd, buf, sizeof buf, 0, NULL, NULL); /* the peeked ClientHello */
    }
    if (connect(fd, (struct sockaddr *)&cli, sizeof cli) != 0)
        harness_die("connect: %s", strerror(errno));

    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_SERVER | GNUTLS_DATAGRAM);
    gnutls_priority_set_direct(s, "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:+AES-128-GCM", NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    if (with_cookie)
        gnutls_dtls_prestate_set(s, &prestate);
    gnutls_dtls_set_mtu(s, 1000);
    gnutls_transport_set_int(s, fd);
    int r;
    do {
        r = gnutls_handshake(s);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    say("handshake: %d (%s)", r, r < 0 ? gnutls_strerror_name(r) : "ok");
    if (r == 0) {
        say("data mtu %u", gnutls_dtls_get_data_mtu(s));
        const char line[] = "hello from the client\n";
        if (write(to, line, sizeof line - 1) < 0)
            harness_die("write to gnutls-cli");
        char buf[256];
        ssize_t n;
        do {
            n = gnutls_record_recv(s, buf, sizeof buf);
        } while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
        say("recv: %zd %s", n,
            n == (ssize_t)sizeof line - 1 && !memcmp(buf, line, sizeof line - 1) ? "same" : "DIFFERENT");
        say("send: %zd", gnutls_record_send(s, "reply\n", 6));
        static char big[2000];
        n = gnutls_record_send(s, big, gnutls_dtls_get_data_mtu(s) + 1);
        say("send data mtu + 1: %zd (%s)", n, n < 0 ? gnutls_strerror_name((int)n) : "sent");
        say("send data mtu: %zd", gnutls_record_send(s, big, gnutls_dtls_get_data_mtu(s)));
        say("bye: %d", gnutls_bye(s, GNUTLS_SHUT_WR));
    }
    gnutls_deinit(s);
    stop_client(pid, to);
    close(fd);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    cookie_functions();
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    say("key file: %d", gnutls_certificate_set_x509_key_file(cred, pki("server.pem"),
                                                            pki("server.key"),
                                                            GNUTLS_X509_FMT_PEM));
    serve(cred, 1);
    serve(cred, 0);
    gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return 0;
}
