/* Differential test: how transport events become GnuTLS return codes.
 * A client talks to a real TLS server through its own push/pull functions, which
 * inject errors (errno via gnutls_transport_set_errno or plain errno); one line per
 * fact. Also: peers that close early or do not speak TLS (forked here), a fatal
 * alert, EOF without close_notify, the (NULL, 0) retry of a blocked send, and a send
 * larger than a record.
 * Usage: gnutls_transport_errors TLS_PORT TLS13_ONLY_PORT
 *   TLS_PORT: any TLS server for localhost (gnutls-serv --http or openssl s_server -WWW)
 *   TLS13_ONLY_PORT: openssl s_server -tls1_3 (answers a TLS 1.2-only client with an alert) */
#include <gnutls/gnutls.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* The injection script: on push/pull call number `at` (1-based), fail with `err`
 * (0: return 0, i.e. EOF), reporting it through set_errno or errno. */
struct inject {
	int fd;
	gnutls_session_t s;
	const char *op;	/* "push" or "pull" */
	int at, err, via_set_errno;
	int pushes, pulls;
	int armed;
};

static ssize_t fail(struct inject *in)
{
	in->armed = 0;
	if (in->err == 0)
		return 0;
	if (in->via_set_errno)
		gnutls_transport_set_errno(in->s, in->err);
	else
		errno = in->err;
	return -1;
}

static ssize_t my_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct inject *in = p;
	in->pulls++;
	if (in->armed && strcmp(in->op, "pull") == 0 && in->pulls >= in->at)
		return fail(in);
	return recv(in->fd, buf, n, 0);
}

static ssize_t my_push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	struct inject *in = p;
	in->pushes++;
	if (in->armed && strcmp(in->op, "push") == 0 && in->pushes >= in->at)
		return fail(in);
	return send(in->fd, buf, n, MSG_NOSIGNAL);
}

static int connect_port(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("connect");
		exit(2);
	}
	return fd;
}

static gnutls_certificate_credentials_t cred;

static gnutls_session_t client(struct inject *in, int fd, const char *prio)
{
	gnutls_session_t s;
	gnutls_init(&s, GNUTLS_CLIENT);
	if (prio)
		gnutls_priority_set_direct(s, prio, NULL);
	else
		gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
	memset(in, 0, sizeof *in);
	in->fd = fd;
	in->s = s;
	gnutls_transport_set_ptr(s, in);
	gnutls_transport_set_push_function(s, my_push);
	gnutls_transport_set_pull_function(s, my_pull);
	return s;
}

static int handshake_retrying(gnutls_session_t s)
{
	int rc;
	do
		rc = gnutls_handshake(s);
	while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
	return rc;
}

/* One handshake with one injected failure on the `at`-th push/pull. */
static void handshake_case(int port, const char *op, int at, int err, int via_set_errno, const char *name)
{
	struct inject in;
	int fd = connect_port(port);
	gnutls_session_t s = client(&in, fd, NULL);
	in.op = op;
	in.at = at;
	in.err = err;
	in.via_set_errno = via_set_errno;
	in.armed = 1;
	int rc = gnutls_handshake(s);
	printf("handshake %s (%s): %d direction=%d\n", name, via_set_errno ? "set_errno" : "errno", rc,
	       gnutls_record_get_direction(s));
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
		printf("  retried: %d\n", handshake_retrying(s));
	gnutls_deinit(s);
	close(fd);
}

static const char request[] = "GET / HTTP/1.0\r\n\r\n";

static ssize_t read_all(gnutls_session_t s, ssize_t *total)
{
	char buf[4096];
	ssize_t got;
	*total = 0;
	for (;;) {
		got = gnutls_record_recv(s, buf, sizeof buf);
		if (got == GNUTLS_E_AGAIN || got == GNUTLS_E_INTERRUPTED)
			continue;
		if (got <= 0)
			return got;
		*total += got;
	}
}

/* A local peer that is not a TLS server: it writes `banner` (or nothing) and closes. */
static int fake_peer(const char *banner, pid_t *child)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &len);
	*child = fork();
	if (*child == 0) {
		int c = accept(l, NULL, NULL);
		char buf[4096];
		recv(c, buf, sizeof buf, 0);
		if (banner)
			send(c, banner, strlen(banner), MSG_NOSIGNAL);
		usleep(200000);
		close(c);
		_exit(0);
	}
	close(l);
	return ntohs(a.sin_port);
}

int main(int argc, char **argv)
{
	int port = atoi(argv[1]);
	int port13 = argc > 2 ? atoi(argv[2]) : 0;
	struct inject in;
	int fd, rc;
	gnutls_session_t s;

	signal(SIGPIPE, SIG_IGN);
	gnutls_global_init();
	gnutls_certificate_allocate_credentials(&cred);

	handshake_case(port, "pull", 1, EAGAIN, 1, "pull EAGAIN");
	handshake_case(port, "pull", 1, EAGAIN, 0, "pull EAGAIN");
	handshake_case(port, "push", 1, EAGAIN, 1, "push EAGAIN");
	handshake_case(port, "push", 1, EAGAIN, 0, "push EAGAIN");
	handshake_case(port, "pull", 1, EINTR, 1, "pull EINTR");
	handshake_case(port, "push", 1, EINTR, 0, "push EINTR");
	handshake_case(port, "pull", 1, EIO, 1, "pull EIO");
	handshake_case(port, "push", 1, EIO, 1, "push EIO");
	handshake_case(port, "pull", 1, ECONNRESET, 0, "pull ECONNRESET");
	handshake_case(port, "push", 1, EPIPE, 0, "push EPIPE");
	handshake_case(port, "push", 1, ECONNRESET, 0, "push ECONNRESET");
	handshake_case(port, "push", 1, EMSGSIZE, 1, "push EMSGSIZE");
	handshake_case(port, "pull", 1, 0, 0, "pull EOF");

	/* A send that blocks, then the (NULL, 0) retry. */
	fd = connect_port(port);
	s = client(&in, fd, NULL);
	printf("handshake: %d\n", handshake_retrying(s));
	in.op = "push";
	in.at = in.pushes + 1;
	in.err = EAGAIN;
	in.via_set_errno = 1;
	in.armed = 1;
	/* GnuTLS sets the direction to 1 when it queues or flushes a record
	 * (lib/buffers.c _gnutls_io_write_buffered/_flush) and to 0 when it reads. */
	ssize_t sent = gnutls_record_send(s, request, sizeof request - 1);
	printf("send blocked: %zd direction=%d\n", sent, gnutls_record_get_direction(s));
	printf("send retry (NULL, 0): %zd direction=%d\n", gnutls_record_send(s, NULL, 0),
	       gnutls_record_get_direction(s));
	/* A receive that blocks: direction 0; then the retry reads the answer. */
	in.op = "pull";
	in.at = in.pulls + 1;
	in.err = EAGAIN;
	in.via_set_errno = 0;
	in.armed = 1;
	char first[1];
	ssize_t got1;
	do
		got1 = gnutls_record_recv(s, first, sizeof first);
	while (got1 == GNUTLS_E_INTERRUPTED);
	printf("recv blocked: %zd direction=%d\n", got1 < 0 ? got1 : 0, gnutls_record_get_direction(s));
	ssize_t total;
	rc = read_all(s, &total);
	printf("response: end=%d got_data=%d\n", rc, total > 0);
	gnutls_deinit(s);
	close(fd);

	/* A send that is interrupted, retried with the same data. */
	fd = connect_port(port);
	s = client(&in, fd, NULL);
	handshake_retrying(s);
	in.op = "push";
	in.at = in.pushes + 1;
	in.err = EINTR;
	in.via_set_errno = 0;
	in.armed = 1;
	printf("send interrupted: %zd\n", gnutls_record_send(s, request, sizeof request - 1));
	printf("send retry (same data): %zd\n", gnutls_record_send(s, request, sizeof request - 1));
	rc = read_all(s, &total);
	printf("response: end=%d got_data=%d\n", rc, total > 0);
	gnutls_deinit(s);
	close(fd);

	/* More than a record's worth. */
	fd = connect_port(port);
	s = client(&in, fd, NULL);
	handshake_retrying(s);
	static char big[40000];
	memset(big, 'a', sizeof big);
	printf("send 40000: %zd\n", gnutls_record_send(s, big, sizeof big));
	printf("send 16385: %zd\n", gnutls_record_send(s, big, 16385));
	printf("send 1: %zd\n", gnutls_record_send(s, big, 1));
	printf("send 0 (nothing pending): %zd\n", gnutls_record_send(s, big, 0));
	printf("send NULL, 0 (nothing pending): %zd\n", gnutls_record_send(s, NULL, 0));
	gnutls_deinit(s);
	close(fd);

	/* EOF without close_notify after the handshake. */
	fd = connect_port(port);
	s = client(&in, fd, NULL);
	handshake_retrying(s);
	in.op = "pull";
	in.at = in.pulls + 1;
	in.err = 0;
	in.armed = 1;
	char buf[100];
	ssize_t got;
	do
		got = gnutls_record_recv(s, buf, sizeof buf);
	while (got == GNUTLS_E_AGAIN);
	printf("recv at EOF: %zd\n", got);
	in.op = "push";
	in.at = in.pushes + 1;
	in.err = EAGAIN;
	in.via_set_errno = 1;
	in.armed = 1;
	printf("send after EOF: %zd\n", gnutls_record_send(s, request, sizeof request - 1));
	gnutls_deinit(s);
	close(fd);

	/* Transport errors on established sessions (send(2)/recv(2) errnos). */
	{
		struct { const char *op; int err; const char *name; } cases[] = {
			{ "pull", ECONNRESET, "ECONNRESET" }, { "pull", EIO, "EIO" },
			{ "push", ECONNRESET, "ECONNRESET" }, { "push", EPIPE, "EPIPE" },
			{ "push", EMSGSIZE, "EMSGSIZE" },
		};
		for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) {
			fd = connect_port(port);
			s = client(&in, fd, NULL);
			handshake_retrying(s);
			in.op = cases[i].op;
			in.at = !strcmp(cases[i].op, "pull") ? in.pulls + 1 : in.pushes + 1;
			in.err = cases[i].err;
			in.via_set_errno = 0;
			in.armed = 1;
			ssize_t r;
			if (!strcmp(cases[i].op, "pull")) {
				do
					r = gnutls_record_recv(s, buf, sizeof buf);
				while (r == GNUTLS_E_AGAIN);
			} else {
				r = gnutls_record_send(s, request, sizeof request - 1);
			}
			printf("established %s %s: %zd (%s) fatal=%d direction=%d\n", cases[i].op, cases[i].name, r,
			       gnutls_strerror_name((int)r), gnutls_error_is_fatal((int)r), gnutls_record_get_direction(s));
			gnutls_deinit(s);
			close(fd);
		}
	}

	/* Peers that are not TLS servers. */
	pid_t child;
	int p = fake_peer(NULL, &child);
	fd = connect_port(p);
	s = client(&in, fd, NULL);
	printf("handshake with a peer that reads and closes: %d\n", handshake_retrying(s));
	gnutls_deinit(s);
	close(fd);
	waitpid(child, NULL, 0);

	p = fake_peer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", &child);
	fd = connect_port(p);
	s = client(&in, fd, NULL);
	printf("handshake with an HTTP server: %d\n", handshake_retrying(s));
	gnutls_deinit(s);
	close(fd);
	waitpid(child, NULL, 0);

	p = fake_peer("220 smtp.example.com ESMTP ready\r\n", &child);
	fd = connect_port(p);
	s = client(&in, fd, NULL);
	printf("handshake with an SMTP banner: %d\n", handshake_retrying(s));
	gnutls_deinit(s);
	close(fd);
	waitpid(child, NULL, 0);

	/* A fatal alert: a TLS 1.2-only client against a TLS 1.3-only server. */
	if (port13) {
		fd = connect_port(port13);
		s = client(&in, fd, "NORMAL:-VERS-ALL:+VERS-TLS1.2");
		rc = handshake_retrying(s);
		printf("handshake TLS1.2 vs TLS1.3-only: %d fatal=%d alert=%d\n", rc, rc < 0 && rc != GNUTLS_E_AGAIN, gnutls_alert_get(s));
		gnutls_deinit(s);
		close(fd);
	}

	gnutls_certificate_free_credentials(cred);
	gnutls_global_deinit();
	return 0;
}
