/* gnutls_bye before the handshake has finished, then more handshake and record calls:
 * a client and a server session in one thread over a non-blocking socketpair, stepped
 * by hand. Found by the api_gnutls fuzz target (RELIABILITY.md F3): after our
 * close_notify went out mid-handshake, a later gnutls_handshake drove the abandoned
 * handshake on and rustls, on the peer's close_notify, queued a second "last" alert.
 * Also gnutls_error_to_alert over every code and gnutls_alert_send_appropriate, before
 * and after a failed handshake. One line a fact: each call's return value by name. */
#include "harness.h"

static gnutls_certificate_credentials_t ccred, scred;

static void pair(gnutls_session_t *c, gnutls_session_t *s, int sv[2], const char *prio)
{
	socket_pair(sv);
	set_nonblocking(sv[0], 1);
	set_nonblocking(sv[1], 1);
	if (gnutls_init(c, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0 ||
	    gnutls_init(s, GNUTLS_SERVER | GNUTLS_NONBLOCK) < 0)
		harness_die("gnutls_init");
	gnutls_priority_set_direct(*c, prio, NULL);
	gnutls_priority_set_direct(*s, prio, NULL);
	gnutls_credentials_set(*c, GNUTLS_CRD_CERTIFICATE, ccred);
	gnutls_credentials_set(*s, GNUTLS_CRD_CERTIFICATE, scred);
	gnutls_server_name_set(*c, GNUTLS_NAME_DNS, "localhost", 9);
	gnutls_transport_set_int(*c, sv[0]);
	gnutls_transport_set_int(*s, sv[1]);
}

static const char *rc_name(int rc)
{
	static char buf[96];
	if (rc >= 0) {
		snprintf(buf, sizeof buf, "%d", rc);
		return buf;
	}
	snprintf(buf, sizeof buf, "%s%s", gnutls_strerror_name(rc), gnutls_error_is_fatal(rc) ? " (fatal)" : "");
	return buf;
}

static void finish(gnutls_session_t c, gnutls_session_t s, int sv[2])
{
	gnutls_deinit(c);
	gnutls_deinit(s);
	close(sv[0]);
	close(sv[1]);
}

/* Client flight, server flight; then one side (or both) says bye (SHUT_WR) before the
 * handshake has finished. Printed: what the side that said bye gets from later
 * handshake and record calls. What its peer gets goes to stderr only: on a
 * close_notify in the middle of a handshake GnuTLS answers GNUTLS_E_SESSION_EOF (TLS
 * 1.2; a plaintext alert where TLS 1.3 expects an encrypted record: DECRYPTION_FAILED),
 * while rustls ignores a TLS 1.2 close_notify before the handshake's end (our peer
 * waits: GNUTLS_E_AGAIN) and fails a TLS 1.3 one with an alert (RELIABILITY.md, F3). */
static void case_bye(const char *prio, int client_byes, int server_byes)
{
	gnutls_session_t c, s;
	int sv[2];
	char buf[64];
	pair(&c, &s, sv, prio);
	printf("%s: client bye %d, server bye %d\n", prio, client_byes, server_byes);
	printf("  client handshake: %s\n", rc_name(gnutls_handshake(c)));
	printf("  server handshake: %s\n", rc_name(gnutls_handshake(s)));
	if (server_byes)
		printf("  server bye: %s\n", rc_name(gnutls_bye(s, GNUTLS_SHUT_WR)));
	if (client_byes)
		printf("  client bye: %s\n", rc_name(gnutls_bye(c, GNUTLS_SHUT_WR)));
	for (int i = 0; i < 3; i++) {
		int rc = gnutls_handshake(c);
		if (client_byes)
			printf("  client handshake: %s\n", rc_name(rc));
		else
			fprintf(stderr, "  (peer) client handshake: %s\n", rc_name(rc));
	}
	for (int i = 0; i < 2; i++) {
		int rc = gnutls_handshake(s);
		if (server_byes)
			printf("  server handshake: %s\n", rc_name(rc));
		else
			fprintf(stderr, "  (peer) server handshake: %s\n", rc_name(rc));
	}
	int rc = (int)gnutls_record_recv(c, buf, sizeof buf);
	if (client_byes)
		printf("  client recv: %s\n", rc_name(rc));
	rc = (int)gnutls_record_recv(s, buf, sizeof buf);
	if (server_byes)
		printf("  server recv: %s\n", rc_name(rc));
	finish(c, s, sv);
	printf("  finished\n");
}

/* Record calls on a session whose handshake never started, and after its first step. */
static void case_fresh(const char *prio)
{
	gnutls_session_t c, s;
	int sv[2];
	char buf[64];
	pair(&c, &s, sv, prio);
	printf("%s: record calls before the handshake finished\n", prio);
	printf("  client recv: %s\n", rc_name((int)gnutls_record_recv(c, buf, sizeof buf)));
	printf("  client send: %s\n", rc_name((int)gnutls_record_send(c, "x", 1)));
	printf("  server recv: %s\n", rc_name((int)gnutls_record_recv(s, buf, sizeof buf)));
	printf("  client handshake: %s\n", rc_name(gnutls_handshake(c)));
	printf("  client recv: %s\n", rc_name((int)gnutls_record_recv(c, buf, sizeof buf)));
	printf("  server handshake: %s\n", rc_name(gnutls_handshake(s)));
	printf("  server recv: %s\n", rc_name((int)gnutls_record_recv(s, buf, sizeof buf)));
	printf("  server send: %s\n", rc_name((int)gnutls_record_send(s, "x", 1)));
	finish(c, s, sv);
}

/* gnutls_error_to_alert of every code from 100 down to -1500 whose answer differs
 * from the unknown code's, and how many; gnutls_alert_send_appropriate. */
static void alerts(void)
{
	int level = -1;
	int dflt = gnutls_error_to_alert(-9999, &level), dflt_level = level;
	printf("error_to_alert default: %d level %d\n", dflt, dflt_level);
	int differ = 0;
	for (int code = 100; code >= -1500; code--) {
		int alert = gnutls_error_to_alert(code, &level);
		if (alert != dflt || level != dflt_level) {
			printf("  error_to_alert %d: %d level %d\n", code, alert, level);
			differ++;
		}
	}
	printf("  %d codes differ; NULL level: %d\n", differ, gnutls_error_to_alert(GNUTLS_E_DECRYPTION_FAILED, NULL));

	gnutls_session_t c, s;
	int sv[2];
	/* No cipher in common: the handshake fails on both sides. */
	socket_pair(sv);
	set_nonblocking(sv[0], 1);
	set_nonblocking(sv[1], 1);
	gnutls_init(&c, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
	gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NONBLOCK);
	gnutls_priority_set_direct(c, "NORMAL:-CIPHER-ALL:+CHACHA20-POLY1305", NULL);
	gnutls_priority_set_direct(s, "NORMAL:-CIPHER-ALL:+AES-128-GCM", NULL);
	gnutls_credentials_set(c, GNUTLS_CRD_CERTIFICATE, ccred);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, scred);
	gnutls_transport_set_int(c, sv[0]);
	gnutls_transport_set_int(s, sv[1]);
	printf("alert_send_appropriate AGAIN: %s\n", rc_name(gnutls_alert_send_appropriate(c, GNUTLS_E_AGAIN)));
	printf("alert_send_appropriate FATAL_ALERT_RECEIVED: %s\n",
	       rc_name(gnutls_alert_send_appropriate(c, GNUTLS_E_FATAL_ALERT_RECEIVED)));
	printf("  client handshake: %s\n", rc_name(gnutls_handshake(c)));
	int rs = gnutls_handshake(s);
	printf("  server handshake: %s\n", rc_name(rs));
	printf("  server alert_send_appropriate: %s\n", rc_name(gnutls_alert_send_appropriate(s, rs)));
	finish(c, s, sv);
}

int main(void)
{
	harness_init();
	gnutls_certificate_allocate_credentials(&ccred);
	gnutls_certificate_allocate_credentials(&scred);
	gnutls_certificate_set_x509_trust_file(ccred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);
	if (gnutls_certificate_set_x509_key_file(scred, pki("server-chain.pem"), pki("server.key"),
						 GNUTLS_X509_FMT_PEM) < 0)
		harness_die("server key");
	static const char *prios[] = { "NORMAL:-VERS-ALL:+VERS-TLS1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.2" };
	for (int p = 0; p < 2; p++) {
		case_fresh(prios[p]);
		case_bye(prios[p], 1, 0);
		/* A server that said bye, TLS 1.2 only: under TLS 1.3 GnuTLS lets a server
		 * that said bye after its flight still finish the handshake when the
		 * client's Finished comes (observed); tlsshim abandons it, as GnuTLS does in
		 * the other cases. Not when both say bye: GnuTLS' server then reads the
		 * client's close_notify (GNUTLS_E_SESSION_EOF), tlsshim's stays abandoned
		 * (GNUTLS_E_INVALID_SESSION). */
		if (p == 1)
			case_bye(prios[p], 0, 1);
	}
	alerts();
	gnutls_certificate_free_credentials(ccred);
	gnutls_certificate_free_credentials(scred);
	return 0;
}
