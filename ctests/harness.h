/* ctests/harness.h — shared helpers for the differential C tests.
 *
 * Every test is compiled against the SYSTEM OpenSSL/GnuTLS headers and run twice by
 * ctests/run.sh: once against the real libraries, once with
 * LD_PRELOAD=build/lib/libtlsshim.so. Its stdout must be byte-identical in both runs,
 * so a test prints one line per checked fact and nothing that varies between runs
 * (no ports, pointers, times, pids).
 *
 * harness_init() must be called first: it reports on stderr which library
 * SSL_write and gnutls_record_send were bound to, and run.sh checks those lines
 * (system libs in the real run, libtlsshim.so in the preload run).
 *
 * Environment provided by run.sh:
 *   TLSSHIM_PKI     directory made by tools/pki.sh (ca.pem, server.pem, other-ca.pem …)
 *   OSSL_PORT       `openssl s_server -www` on 127.0.0.1, cert server.pem
 *   GNUTLS_PORT     `gnutls-serv --http` on 127.0.0.1, cert server.pem
 *   HARNESS_PEER    command line prefix that runs ctests/peer.py (see harness_peer)
 */
#ifndef TLSSHIM_HARNESS_H
#define TLSSHIM_HARNESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <openssl/ssl.h>

/* Helpers are static and may go unused by a given test. */
#define HARNESS_FN static __attribute__((unused))

/* Prints a checked fact: one line on stdout. */
#define say(...)                                                                       \
    do {                                                                               \
        printf(__VA_ARGS__);                                                           \
        putchar('\n');                                                                 \
    } while (0)

/* A failure of the test's own set-up (not a fact about the library under test):
 * message on stderr, exit 2. The two runs then differ in exit status and run.sh fails. */
HARNESS_FN void harness_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
HARNESS_FN void harness_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("harness: FATAL: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stdout);
    exit(2);
}

HARNESS_FN void harness_report_origin(const char *name, const void *addr)
{
    Dl_info info;
    if (dladdr(addr, &info) && info.dli_fname)
        fprintf(stderr, "harness: %s from %s\n", name, info.dli_fname);
    else
        fprintf(stderr, "harness: %s from ?\n", name);
}

/* Call first. Line-buffers stdout (a crash keeps what was printed), ignores SIGPIPE
 * (a write to a closed socket returns EPIPE instead of killing the test) and reports
 * where SSL_write and gnutls_record_send were bound. The addresses are taken through
 * the linked symbols (the GOT, since tests are PIE), so they show what the dynamic
 * linker really bound. */
HARNESS_FN void harness_init(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    harness_report_origin("SSL_write", (const void *)&SSL_write);
    harness_report_origin("gnutls_record_send", (const void *)&gnutls_record_send);
}

/* A required environment variable. */
HARNESS_FN const char *harness_env(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        harness_die("environment variable %s is not set (run the test through ctests/run.sh)",
                    name);
    return v;
}

/* A port number from the environment (OSSL_PORT, GNUTLS_PORT). */
HARNESS_FN int harness_port(const char *name)
{
    int port = atoi(harness_env(name));
    if (port <= 0 || port > 65535)
        harness_die("%s is not a port", name);
    return port;
}

/* "$TLSSHIM_PKI/<file>"; the result is malloc'd and lives until exit (tests are
 * short). The pointers are kept in a static table so valgrind (make valgrind) sees
 * them as reachable, not as a leak of the library under test. */
HARNESS_FN const char *pki(const char *file)
{
    static char *volatile kept[256]; /* volatile: the stores are not optimised away */
    static size_t nkept;
    const char *dir = harness_env("TLSSHIM_PKI");
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    if (!p)
        harness_die("out of memory");
    snprintf(p, n, "%s/%s", dir, file);
    if (nkept < sizeof kept / sizeof *kept)
        kept[nkept++] = p;
    return p;
}

HARNESS_FN void set_nonblocking(int fd, int on)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK)) < 0)
        harness_die("fcntl O_NONBLOCK: %s", strerror(errno));
}

/* Waits until fd is readable (events = POLLIN) or writable (POLLOUT); 0 on timeout. */
HARNESS_FN int wait_fd(int fd, short events, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = events};
    int r;
    do
        r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        harness_die("poll: %s", strerror(errno));
    return r;
}

/* A blocking TCP connection to 127.0.0.1:port. */
HARNESS_FN int tcp_connect(int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        harness_die("socket: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        harness_die("connect 127.0.0.1:%d: %s", port, strerror(errno));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* A nonblocking TCP connection to 127.0.0.1:port, already established (the TCP
 * handshake is waited for, so that the TLS layer sees a connected socket). */
HARNESS_FN int tcp_connect_nb(int port)
{
    int fd = tcp_connect(port);
    set_nonblocking(fd, 1);
    return fd;
}

/* A connected AF_UNIX stream pair; sv[1] is the "peer" end that a test may leave
 * silent to get a deterministic would-block. */
HARNESS_FN void socket_pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        harness_die("socketpair: %s", strerror(errno));
}

/* A server context with the test PKI's server chain (server-chain.pem, ECDSA) and key. */
HARNESS_FN SSL_CTX *harness_server_ctx(void)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(sctx, pki("server-chain.pem"));
    SSL_CTX_use_PrivateKey_file(sctx, pki("server.key"), SSL_FILETYPE_PEM);
    return sctx;
}

/* Joins client c and server s by a BIO pair, each SSL owning its end. */
HARNESS_FN void harness_bio_pair(SSL *c, SSL *s)
{
    BIO *b1, *b2;
    BIO_new_bio_pair(&b1, 0, &b2, 0);
    SSL_set_bio(c, b1, b1);
    SSL_set_bio(s, b2, b2);
}

/* Drives a client and a server SSL in one process (over a nonblocking pair) in
 * turn, SSL_connect then SSL_accept, until both handshakes are done, at most 20
 * rounds. The last return values go to *cr / *sr; 1 when both finished. */
HARNESS_FN int pump_handshake(SSL *c, SSL *s, int *cr, int *sr)
{
    int cd = 0, sd = 0, r;
    for (int i = 0; i < 20 && !(cd && sd); i++) {
        if (!cd) {
            r = SSL_connect(c);
            cd = r == 1;
            *cr = r;
        }
        if (!sd) {
            r = SSL_accept(s);
            sd = r == 1;
            *sr = r;
        }
    }
    return cd && sd;
}

/* Runs the shell command line `cmd` with LD_PRELOAD removed (so it runs on the system
 * libraries). Its stdout goes to a pipe whose read end is *out_fd, or to /dev/null when
 * out_fd is NULL; with quiet, its stdin comes from and its stderr goes to /dev/null.
 * Returns its pid. */
HARNESS_FN pid_t harness_spawn_real(const char *cmd, int *out_fd, int quiet)
{
    int fds[2] = { -1, -1 };
    if (out_fd && pipe(fds) < 0)
        harness_die("pipe: %s", strerror(errno));
    fflush(stdout);
    pid_t child = fork();
    if (child < 0)
        harness_die("fork: %s", strerror(errno));
    if (child == 0) {
        int devnull = quiet || !out_fd ? open("/dev/null", O_RDWR) : -1;
        if (quiet && devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 2);
        }
        if (out_fd) {
            dup2(fds[1], 1);
            close(fds[0]);
            close(fds[1]);
        } else if (devnull >= 0) {
            dup2(devnull, 1);
        }
        unsetenv("LD_PRELOAD");
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    if (out_fd) {
        close(fds[1]);
        *out_fd = fds[0];
    }
    return child;
}

/* Starts ctests/peer.py MODE (see there) with LD_PRELOAD removed, so the peer always
 * runs on the system OpenSSL. Returns the port it listens on; *pid receives its pid,
 * for harness_peer_wait. The peer serves one connection and exits. */
HARNESS_FN int harness_peer(const char *mode, pid_t *pid)
{
    const char *cmd = harness_env("HARNESS_PEER");
    char line[4096];
    snprintf(line, sizeof line, "exec %s %s", cmd, mode);
    int fd;
    pid_t child = harness_spawn_real(line, &fd, 0);
    char buf[32] = {0};
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t r = read(fd, buf + got, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || buf[got] == '\n')
            break;
        got++;
    }
    close(fd);
    int port = atoi(buf);
    if (port <= 0)
        harness_die("peer %s did not report a port", mode);
    *pid = child;
    return port;
}

/* A listening TCP socket on 127.0.0.1, on a free port (*port). */
HARNESS_FN int tcp_listen(int *port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 4) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        harness_die("listen on 127.0.0.1: %s", strerror(errno));
    *port = ntohs(sa.sin_port);
    return fd;
}

/* Accepts one connection on `lfd` within timeout_ms; -1 if none came. */
HARNESS_FN int tcp_accept(int lfd, int timeout_ms)
{
    if (!wait_fd(lfd, POLLIN, timeout_ms))
        return -1;
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
        harness_die("accept: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Starts ctests/peer.py MODE PORT (see there) as a CLIENT of the test's server on
 * 127.0.0.1:port, with LD_PRELOAD removed (the system OpenSSL). Returns its pid, for
 * harness_peer_wait. */
HARNESS_FN pid_t harness_peer_client(const char *mode, int port)
{
    const char *cmd = harness_env("HARNESS_PEER");
    char line[4096];
    snprintf(line, sizeof line, "exec %s %s %d", cmd, mode, port);
    /* The test's stdout is compared: the peer's goes to /dev/null. */
    return harness_spawn_real(line, NULL, 0);
}

/* Runs `gnutls-cli` (the system GnuTLS: LD_PRELOAD removed) against 127.0.0.1:port
 * with the extra arguments in `args` (one string, split by the shell), stdin from
 * /dev/null (it says bye and exits after the handshake); *out_fd receives the read end
 * of its stdout. Returns its pid, for harness_peer_wait. */
HARNESS_FN pid_t harness_gnutls_cli(int port, const char *args, int *out_fd)
{
    char line[1024];
    snprintf(line, sizeof line, "exec gnutls-cli -p %d 127.0.0.1 --insecure %s", port, args);
    return harness_spawn_real(line, out_fd, 1);
}

/* Reads fd to its end (at most size-1 bytes kept, NUL-terminated); closes it. */
HARNESS_FN void read_all(int fd, char *buf, size_t size)
{
    size_t got = 0;
    for (;;) {
        if (wait_fd(fd, POLLIN, 10000) <= 0)
            break;
        char tmp[4096];
        ssize_t r = read(fd, tmp, sizeof tmp);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t keep = (size_t)r < size - 1 - got ? (size_t)r : size - 1 - got;
        memcpy(buf + got, tmp, keep);
        got += keep;
    }
    buf[got] = 0;
    close(fd);
}

/* Reaps a peer started by harness_peer; a peer that does not exit within a few
 * seconds is killed (by its pid). */
HARNESS_FN void harness_peer_wait(pid_t pid)
{
    for (int i = 0; i < 100; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid)
            return;
        usleep(50 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* The real gnutls-cli as a client that exports 32 bytes of keying material under
 * `label` (--keymatexport; TLS 1.2 only with tls12): returns the accepted connection;
 * the caller runs its server on it, then calls keymat_verdict. */
struct keymat_peer {
    int lfd, out_fd;
    pid_t pid;
};
HARNESS_FN int keymat_peer_start(struct keymat_peer *p, const char *label, int tls12)
{
    int port;
    p->lfd = tcp_listen(&port);
    char args[256];
    snprintf(args, sizeof args, "--keymatexport='%s' --keymatexportsize=32%s", label,
             tls12 ? " --priority=NORMAL:-VERS-ALL:+VERS-TLS1.2" : "");
    p->pid = harness_gnutls_cli(port, args, &p->out_fd);
    return tcp_accept(p->lfd, 10000);
}

/* Whether the 32 bytes `m` equal what gnutls-cli printed ("yes" / "no"); reaps it. */
HARNESS_FN const char *keymat_verdict(struct keymat_peer *p, const unsigned char m[32])
{
    char hex[65];
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", m[i]);
    static char out[65536];
    read_all(p->out_fd, out, sizeof out);
    close(p->lfd);
    harness_peer_wait(p->pid);
    const char *km = strstr(out, "- Key material: ");
    return km ? (strncmp(km + 16, hex, 64) == 0 ? "yes" : "no") : "(gnutls-cli printed none)";
}

/* The name of an SSL_get_error code, for readable output. */
HARNESS_FN const char *ssl_error_name(int e)
{
    switch (e) {
    case SSL_ERROR_NONE: return "SSL_ERROR_NONE";
    case SSL_ERROR_SSL: return "SSL_ERROR_SSL";
    case SSL_ERROR_WANT_READ: return "SSL_ERROR_WANT_READ";
    case SSL_ERROR_WANT_WRITE: return "SSL_ERROR_WANT_WRITE";
    case SSL_ERROR_WANT_X509_LOOKUP: return "SSL_ERROR_WANT_X509_LOOKUP";
    case SSL_ERROR_SYSCALL: return "SSL_ERROR_SYSCALL";
    case SSL_ERROR_ZERO_RETURN: return "SSL_ERROR_ZERO_RETURN";
    case SSL_ERROR_WANT_CONNECT: return "SSL_ERROR_WANT_CONNECT";
    case SSL_ERROR_WANT_ACCEPT: return "SSL_ERROR_WANT_ACCEPT";
    case SSL_ERROR_WANT_ASYNC: return "SSL_ERROR_WANT_ASYNC";
    case SSL_ERROR_WANT_ASYNC_JOB: return "SSL_ERROR_WANT_ASYNC_JOB";
    case SSL_ERROR_WANT_CLIENT_HELLO_CB: return "SSL_ERROR_WANT_CLIENT_HELLO_CB";
    default: return "SSL_ERROR_?";
    }
}

#endif /* TLSSHIM_HARNESS_H */
