/* Differential test: a GnuTLS client against a real peer, one line per fact.
 * Usage: gnutls_client MODE PORT [CAFILE] [HOST] [PRIORITY]
 *   MODE: info   handshake, session facts, verification, one HTTP GET, bye
 *         verify handshake and verification status only
 * Built against the system headers; run against the real libgnutls and with
 * LD_PRELOAD=build/lib/libtlsshim.so; the outputs must be equal. */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

static void print_status(const char *what, int rc, unsigned status, gnutls_certificate_type_t t)
{
	gnutls_datum_t out;
	printf("%s: rc=%d status=0x%x\n", what, rc, status);
	if (rc == 0 && gnutls_certificate_verification_status_print(status, t, &out, 0) == 0) {
		printf("%s text: %s\n", what, out.data);
		gnutls_free(out.data);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argv[1];
	int port = atoi(argv[2]);
	const char *cafile = argc > 3 ? argv[3] : "";
	const char *host = argc > 4 ? argv[4] : "localhost";
	const char *prio = argc > 5 ? argv[5] : NULL;
	gnutls_session_t s;
	gnutls_certificate_credentials_t cred;
	int rc;

	gnutls_global_init();
	rc = gnutls_certificate_allocate_credentials(&cred);
	printf("allocate_credentials: %d\n", rc);
	if (*cafile) {
		rc = gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_PEM);
		printf("set_x509_trust_file: %d\n", rc);
	}
	if (strcmp(mode, "verify-notime") == 0) {
		gnutls_certificate_set_verify_flags(cred, GNUTLS_VERIFY_DISABLE_TIME_CHECKS);
		printf("set_verify_flags: DISABLE_TIME_CHECKS\n");
		mode = "verify";
	}
	if (strcmp(mode, "verify-crlobj") == 0) {
		/* ca.crl, next to the CA file, through gnutls_x509_crl_t objects (lftp) */
		char crl[4096];
		snprintf(crl, sizeof crl, "%.*sca.crl", (int)(strrchr(cafile, '/') ? strrchr(cafile, '/') - cafile + 1 : 0), cafile);
		gnutls_datum_t d;
		gnutls_x509_crl_t x;
		printf("load_file: %d\n", gnutls_load_file(crl, &d));
		printf("crl_init: %d\n", gnutls_x509_crl_init(&x));
		printf("crl_import(DER from PEM): %d\n", gnutls_x509_crl_import(x, &d, GNUTLS_X509_FMT_DER));
		printf("crl_import(PEM): %d\n", gnutls_x509_crl_import(x, &d, GNUTLS_X509_FMT_PEM));
		printf("set_x509_crl: %d\n", gnutls_certificate_set_x509_crl(cred, &x, 1));
		gnutls_x509_crl_deinit(x);
		gnutls_free(d.data);
		mode = "verify";
	}
	if (strcmp(mode, "verify-crl") == 0) {
		/* ca.crl, next to the CA file */
		char crl[4096];
		snprintf(crl, sizeof crl, "%.*sca.crl", (int)(strrchr(cafile, '/') ? strrchr(cafile, '/') - cafile + 1 : 0), cafile);
		printf("set_x509_crl_file: %d\n", gnutls_certificate_set_x509_crl_file(cred, crl, GNUTLS_X509_FMT_PEM));
		mode = "verify";
	}
	rc = gnutls_init(&s, GNUTLS_CLIENT);
	printf("init: %d\n", rc);
	if (prio) {
		const char *err = NULL;
		rc = gnutls_priority_set_direct(s, prio, &err);
		printf("priority_set_direct: %d err_at=%ld\n", rc, err ? (long)(err - prio) : -1L);
	} else {
		printf("set_default_priority: %d\n", gnutls_set_default_priority(s));
	}
	printf("credentials_set: %d\n", gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred));
	printf("server_name_set: %d\n", gnutls_server_name_set(s, GNUTLS_NAME_DNS, host, strlen(host)));
	int fd = connect_port(port);
	gnutls_transport_set_int(s, fd);
	printf("transport_get_int: %d\n", gnutls_transport_get_int(s) == fd);
	printf("protocol before handshake: %d\n", gnutls_protocol_get_version(s));
	do {
		rc = gnutls_handshake(s);
		/* A warning alert (e.g. unrecognized_name from a TLS 1.2 server whose names
		 * do not include ours) stops the handshake; calling it again goes on. */
		if (rc == GNUTLS_E_WARNING_ALERT_RECEIVED)
			printf("handshake: %d fatal=%d alert: %d %s\n", rc, gnutls_error_is_fatal(rc),
			       gnutls_alert_get(s), gnutls_alert_get_name(gnutls_alert_get(s)));
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	printf("handshake: %d\n", rc);
	if (rc < 0) {
		printf("alert: %d\n", gnutls_alert_get(s));
		gnutls_deinit(s);
		gnutls_certificate_free_credentials(cred);
		close(fd);
		return 0;
	}
	gnutls_certificate_type_t t = gnutls_certificate_type_get(s);
	unsigned status = 0;
	rc = gnutls_certificate_verify_peers2(s, &status);
	print_status("verify_peers2", rc, status, t);
	rc = gnutls_certificate_verify_peers3(s, host, &status);
	print_status("verify_peers3(host)", rc, status, t);
	rc = gnutls_certificate_verify_peers3(s, "wrong.example.com", &status);
	print_status("verify_peers3(wrong)", rc, status, t);
	rc = gnutls_certificate_verify_peers3(s, NULL, &status);
	print_status("verify_peers3(NULL)", rc, status, t);
	if (strcmp(mode, "verify") == 0)
		goto out;
	unsigned n = 0;
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &n);
	printf("peers: %u first=%s\n", n, peers && n && peers[0].size > 100 && peers[0].data[0] == 0x30 ? "der" : "?");
	printf("certificate_type: %d type2(peers)=%d type2(ours)=%d\n", t,
	       gnutls_certificate_type_get2(s, GNUTLS_CTYPE_PEERS), gnutls_certificate_type_get2(s, GNUTLS_CTYPE_OURS));
	printf("protocol: %d\n", gnutls_protocol_get_version(s));
	printf("cipher: %d kx: %d mac: %d\n", gnutls_cipher_get(s), gnutls_kx_get(s), gnutls_mac_get(s));
	char *desc = gnutls_session_get_desc(s);
	printf("desc: %s\n", desc);
	gnutls_free(desc);
	printf("resumed: %d\n", gnutls_session_is_resumed(s));
	printf("request_status: %u\n", gnutls_certificate_client_get_request_status(s));
	gnutls_datum_t alpn;
	printf("alpn_get: %d\n", gnutls_alpn_get_selected_protocol(s, &alpn));
	unsigned char id[64];
	size_t idlen = sizeof id;
	rc = gnutls_session_get_id(s, id, &idlen);
	printf("session_get_id: %d len_ok=%d\n", rc, idlen <= 32);
	gnutls_datum_t data = { 0 };
	rc = gnutls_session_get_data2(s, &data);
	printf("session_get_data2: %d nonempty=%d\n", rc, data.size > 0);
	size_t dlen = 0;
	rc = gnutls_session_get_data(s, NULL, &dlen);
	printf("session_get_data(NULL): %d nonempty=%d\n", rc, dlen > 0);
	gnutls_free(data.data);
	char name[256];
	size_t nlen = sizeof name;
	unsigned ntype;
	rc = gnutls_server_name_get(s, name, &nlen, &ntype, 0);
	printf("server_name_get: %d\n", rc);

	const char req[] = "GET / HTTP/1.0\r\n\r\n";
	printf("record_send: %zd\n", gnutls_record_send(s, req, sizeof req - 1));
	printf("direction: %d\n", gnutls_record_get_direction(s));
	char buf[4096];
	ssize_t got, total = 0;
	int reads = 0;
	for (;;) {
		got = gnutls_record_recv(s, buf, sizeof buf);
		/* TLS 1.3 tickets surface as GNUTLS_E_AGAIN in GnuTLS: retry. */
		if (got == GNUTLS_E_AGAIN || got == GNUTLS_E_INTERRUPTED)
			continue;
		if (got <= 0)
			break;
		total += got;
		reads++;
		if (reads == 1)
			printf("first bytes: %.12s\n", buf);
	}
	printf("recv end: %zd got_data=%d\n", got, total > 0);
	printf("pending: %zu\n", gnutls_record_check_pending(s));
	printf("bye: %d\n", gnutls_bye(s, GNUTLS_SHUT_WR));
out:
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
	close(fd);
	gnutls_global_deinit();
	return 0;
}
