/* GnuTLS timeouts: gnutls_handshake_set_timeout, gnutls_record_set_timeout and the
 * pull-timeout function GnuTLS calls to wait for data.
 *
 *  - a handshake with a peer that never answers (a listening socket nobody accepts
 *    on) ends with GNUTLS_E_TIMEDOUT, fatal, after about the timeout;
 *  - with custom pull and pull-timeout functions, the pull-timeout function is called
 *    with the time left (ms) before each read, and its 0 ("no data") ends the
 *    handshake with GNUTLS_E_TIMEDOUT;
 *  - gnutls_record_set_timeout: a gnutls_record_recv with nothing coming returns
 *    GNUTLS_E_TIMEDOUT (not fatal: the session goes on and a later request is
 *    answered);
 *  - without a timeout, a non-blocking handshake never calls the pull-timeout function.
 * Times are printed as buckets (the elapsed time is within [timeout, timeout + 1 s)). */
#include "harness.h"
#include <gnutls/x509.h>
#include <time.h>

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A TCP connection to a listening socket that nobody accepts: the kernel completes
 * the connection and takes the ClientHello, and nothing ever comes back. */
static int silent_peer(int *listener)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		harness_die("listen: %s", strerror(errno));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&a, sizeof a))
		harness_die("connect: %s", strerror(errno));
	*listener = l;
	return fd;
}

struct io {
	int fd;
	int pull_timeout_calls;
	unsigned first_ms, last_ms;
	int answer; /* what the pull-timeout function reports: -2 = poll for real */
};

static ssize_t pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct io *io = p;
	return recv(io->fd, buf, n, 0);
}

static ssize_t push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	struct io *io = p;
	return send(io->fd, buf, n, MSG_NOSIGNAL);
}

static int pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
	struct io *io = p;
	if (io->pull_timeout_calls++ == 0)
		io->first_ms = ms;
	io->last_ms = ms;
	if (io->answer != -2)
		return io->answer;
	struct pollfd pfd = { .fd = io->fd, .events = POLLIN };
	return poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (int)ms);
}

static gnutls_session_t client(gnutls_certificate_credentials_t cred)
{
	gnutls_session_t s;
	if (gnutls_init(&s, GNUTLS_CLIENT) < 0)
		harness_die("gnutls_init");
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
	return s;
}

/* A client on the program's own pull and push functions over io->fd, and with
 * `with_pull_timeout` its pull-timeout function too. */
static gnutls_session_t custom_client(gnutls_certificate_credentials_t cred, struct io *io, int with_pull_timeout)
{
	gnutls_session_t s = client(cred);
	gnutls_transport_set_ptr(s, io);
	gnutls_transport_set_pull_function(s, pull);
	gnutls_transport_set_push_function(s, push);
	if (with_pull_timeout)
		gnutls_transport_set_pull_timeout_function(s, pull_timeout);
	return s;
}

static const char *bucket(long elapsed, long timeout)
{
	if (elapsed < timeout - 50)
		return "early";
	if (elapsed < timeout + 1000)
		return "on time";
	return "late";
}

int main(void)
{
	harness_init();
	gnutls_global_init();
	gnutls_certificate_credentials_t cred;
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);

	/* 1. Default transport, blocking fd, 400 ms handshake timeout, silent peer. */
	{
		int l, fd = silent_peer(&l);
		gnutls_session_t s = client(cred);
		gnutls_transport_set_int(s, fd);
		gnutls_handshake_set_timeout(s, 400);
		long t0 = now_ms();
		int rc = gnutls_handshake(s);
		long el = now_ms() - t0;
		say("default transport: handshake %d (%s) fatal=%d %s", rc, gnutls_strerror_name(rc),
		    gnutls_error_is_fatal(rc), bucket(el, 400));
		gnutls_deinit(s);
		close(fd);
		close(l);
	}

	/* 2. Custom pull/push and a pull-timeout function that polls for real. */
	{
		int l, fd = silent_peer(&l);
		struct io io = { .fd = fd, .answer = -2 };
		gnutls_session_t s = custom_client(cred, &io, 1);
		gnutls_handshake_set_timeout(s, 300);
		long t0 = now_ms();
		int rc = gnutls_handshake(s);
		long el = now_ms() - t0;
		say("pull-timeout polling: handshake %d (%s) %s; called=%d first_ms<=300:%d first_ms>200:%d",
		    rc, gnutls_strerror_name(rc), bucket(el, 300), io.pull_timeout_calls > 0,
		    io.first_ms <= 300, io.first_ms > 200);
		gnutls_deinit(s);
		close(fd);
		close(l);
	}

	/* 3. The pull-timeout function says "no data" at once. */
	{
		int l, fd = silent_peer(&l);
		struct io io = { .fd = fd, .answer = 0 };
		gnutls_session_t s = custom_client(cred, &io, 1);
		gnutls_handshake_set_timeout(s, 5000);
		long t0 = now_ms();
		int rc = gnutls_handshake(s);
		long el = now_ms() - t0;
		say("pull-timeout says 0: handshake %d (%s) calls=%d quick=%d", rc, gnutls_strerror_name(rc),
		    io.pull_timeout_calls, el < 1000);
		gnutls_deinit(s);
		close(fd);
		close(l);
	}

	/* 4. Record timeout against openssl s_server -www (it answers only a request). */
	{
		int fd = tcp_connect(harness_port("OSSL_PORT"));
		gnutls_session_t s = client(cred);
		gnutls_transport_set_int(s, fd);
		int rc;
		do
			rc = gnutls_handshake(s);
		while (rc < 0 && !gnutls_error_is_fatal(rc));
		say("record timeout: handshake %d", rc);
		gnutls_record_set_timeout(s, 300);
		char buf[4096];
		long t0 = now_ms();
		ssize_t got = gnutls_record_recv(s, buf, sizeof buf);
		/* TLS 1.3 tickets may come first: GnuTLS reports them as GNUTLS_E_AGAIN. */
		while (got == GNUTLS_E_AGAIN) {
			t0 = now_ms();
			got = gnutls_record_recv(s, buf, sizeof buf);
		}
		long el = now_ms() - t0;
		say("record timeout: recv %zd (%s) fatal=%d %s", got, gnutls_strerror_name((int)got),
		    gnutls_error_is_fatal((int)got), bucket(el, 300));
		const char req[] = "GET / HTTP/1.0\r\n\r\n";
		say("record timeout: send after %zd", gnutls_record_send(s, req, sizeof req - 1));
		gnutls_record_set_timeout(s, 5000);
		got = gnutls_record_recv(s, buf, sizeof buf);
		while (got == GNUTLS_E_AGAIN)
			got = gnutls_record_recv(s, buf, sizeof buf);
		say("record timeout: answer %s", got > 0 && !memcmp(buf, "HTTP/1.0 200", 12) ? "HTTP/1.0 200" : "?");
		gnutls_deinit(s);
		close(fd);
	}

	/* 5. No timeout, non-blocking fd: GNUTLS_E_AGAIN, the pull-timeout function unused. */
	{
		int l, fd = silent_peer(&l);
		set_nonblocking(fd, 1);
		struct io io = { .fd = fd, .answer = -2 };
		gnutls_session_t s = custom_client(cred, &io, 1);
		gnutls_handshake_set_timeout(s, 0);
		int rc = gnutls_handshake(s);
		say("no timeout, non-blocking: handshake %d (%s) pull_timeout calls=%d", rc,
		    gnutls_strerror_name(rc), io.pull_timeout_calls);
		gnutls_deinit(s);
		close(fd);
		close(l);
	}

	/* 7. Non-blocking fd, default transport, with a handshake timeout: GNUTLS_E_AGAIN
	 * while time is left (GnuTLS does not wait), GNUTLS_E_TIMEDOUT once it is up. */
	{
		int l, fd = silent_peer(&l);
		set_nonblocking(fd, 1);
		gnutls_session_t s = client(cred);
		gnutls_transport_set_int(s, fd);
		gnutls_handshake_set_timeout(s, 300);
		long t0 = now_ms();
		int rc = gnutls_handshake(s);
		say("non-blocking with timeout: first %d (%s) quick=%d", rc, gnutls_strerror_name(rc),
		    now_ms() - t0 < 250);
		int agains = 0;
		while (rc == GNUTLS_E_AGAIN) {
			agains++;
			wait_fd(fd, POLLIN, 50);
			rc = gnutls_handshake(s);
		}
		say("non-blocking with timeout: then %d (%s) %s again>1:%d", rc, gnutls_strerror_name(rc),
		    bucket(now_ms() - t0, 300), agains > 1);
		gnutls_deinit(s);
		close(fd);
		close(l);
	}

	/* 6. Custom pull function and no pull-timeout function, with a handshake timeout. */
	{
		int l, fd = silent_peer(&l);
		set_nonblocking(fd, 1);
		struct io io = { .fd = fd };
		gnutls_session_t s = custom_client(cred, &io, 0);
		gnutls_handshake_set_timeout(s, 300);
		long t0 = now_ms();
		int rc = gnutls_handshake(s);
		say("custom pull, no pull-timeout: handshake %d (%s) quick=%d", rc, gnutls_strerror_name(rc),
		    now_ms() - t0 < 250);
		gnutls_deinit(s);
		close(fd);
		close(l);
	}

	gnutls_certificate_free_credentials(cred);
	gnutls_global_deinit();
	return 0;
}
