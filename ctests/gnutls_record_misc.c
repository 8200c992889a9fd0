/* The rest of the GnuTLS record API a client uses, against openssl s_server -www:
 * gnutls_rnd, gnutls_record_get_max_size / set_max_size, gnutls_record_cork /
 * uncork, gnutls_alert_send (close_notify), gnutls_reauth on a client. One line a fact. */
#include "harness.h"
#include <gnutls/crypto.h>

static gnutls_certificate_credentials_t cred;

static gnutls_session_t connect_client(const char *prio, int *fdp)
{
	gnutls_session_t s;
	if (gnutls_init(&s, GNUTLS_CLIENT) < 0)
		harness_die("gnutls_init");
	if (gnutls_priority_set_direct(s, prio, NULL) < 0)
		harness_die("priority");
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
	int fd = tcp_connect(harness_port("OSSL_PORT"));
	gnutls_transport_set_int(s, fd);
	*fdp = fd;
	return s;
}

static int handshake(gnutls_session_t s)
{
	int rc;
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	return rc;
}

/* Reads the HTTP answer to the end; returns its first line's status code or -1. */
static int answer(gnutls_session_t s)
{
	char buf[8192];
	size_t have = 0;
	for (;;) {
		ssize_t n = gnutls_record_recv(s, buf + have, sizeof buf - 1 - have);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		if (have == sizeof buf - 1)
			have = 64; /* keep the status line, drop the rest */
	}
	buf[have] = 0;
	int code = -1;
	if (sscanf(buf, "HTTP/1.0 %d", &code) != 1)
		return -1;
	return code;
}

int main(void)
{
	harness_init();
	gnutls_global_init();
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);

	/* gnutls_rnd: every level fills the buffer; two draws differ. */
	unsigned char a[32], b[32], zero[32] = { 0 };
	for (int level = GNUTLS_RND_NONCE; level <= GNUTLS_RND_KEY; level++) {
		memset(a, 0, sizeof a);
		memset(b, 0, sizeof b);
		int r1 = gnutls_rnd(level, a, sizeof a), r2 = gnutls_rnd(level, b, sizeof b);
		say("rnd(level %d): %d %d filled=%d differ=%d", level, r1, r2, memcmp(a, zero, 32) != 0,
		    memcmp(a, b, 32) != 0);
	}
	say("rnd(len 0): %d", gnutls_rnd(GNUTLS_RND_NONCE, a, 0));

	const char *prios[] = { "NORMAL:-VERS-ALL:+VERS-TLS1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.2" };
	for (unsigned i = 0; i < 2; i++) {
		const char *v = i == 0 ? "TLS1.3" : "TLS1.2";
		int fd;
		gnutls_session_t s = connect_client(prios[i], &fd);
		say("%s: max_size before handshake %zu", v, gnutls_record_get_max_size(s));
		say("%s: reauth before handshake %d", v, gnutls_reauth(s, 0));
		int rc = handshake(s);
		say("%s: handshake %d", v, rc);
		say("%s: max_size after handshake %zu", v, gnutls_record_get_max_size(s));
		say("%s: reauth on a client %d", v, gnutls_reauth(s, 0));

		/* Corked sends are taken whole and sent by uncork. */
		gnutls_record_cork(s);
		const char *parts[] = { "GET / ", "HTTP/1.0\r\n", "\r\n" };
		for (unsigned p = 0; p < 3; p++)
			say("%s: corked send %zd", v, gnutls_record_send(s, parts[p], strlen(parts[p])));
		say("%s: uncork(WAIT) %d", v, gnutls_record_uncork(s, GNUTLS_RECORD_WAIT));
		say("%s: uncork again %d", v, gnutls_record_uncork(s, GNUTLS_RECORD_WAIT));
		say("%s: answer %d", v, answer(s));
		gnutls_deinit(s);
		close(fd);
	}

	/* gnutls_record_set_max_size before the handshake (a client): the limits GnuTLS
	 * takes, and a request answered after it. */
	{
		int fd;
		gnutls_session_t s = connect_client("NORMAL", &fd);
		size_t sizes[] = { 100, 511, 512, 4096, 16384, 16385 };
		for (unsigned i = 0; i < sizeof sizes / sizeof *sizes; i++)
			say("set_max_size(%zu): %zd get=%zu", sizes[i], gnutls_record_set_max_size(s, sizes[i]),
			    gnutls_record_get_max_size(s));
		say("set_max_size(1024): %zd", gnutls_record_set_max_size(s, 1024));
		say("max_size before handshake %zu", gnutls_record_get_max_size(s));
		say("handshake %d", handshake(s));
		const char req[] = "GET / HTTP/1.0\r\n\r\n";
		say("send %zd", gnutls_record_send(s, req, sizeof req - 1));
		say("answer %d", answer(s));
		gnutls_deinit(s);
		close(fd);
	}

	/* gnutls_alert_send(WARNING, close_notify) is how a session says goodbye by hand. */
	{
		int fd;
		gnutls_session_t s = connect_client("NORMAL", &fd);
		say("close_notify: handshake %d", handshake(s));
		say("close_notify: alert_send %d", gnutls_alert_send(s, GNUTLS_AL_WARNING, GNUTLS_A_CLOSE_NOTIFY));
		char c;
		ssize_t n;
		do
			n = gnutls_record_recv(s, &c, 1);
		while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
		say("close_notify: then recv %zd", n);
		gnutls_deinit(s);
		close(fd);
	}

	gnutls_certificate_free_credentials(cred);
	gnutls_global_deinit();
	return 0;
}
