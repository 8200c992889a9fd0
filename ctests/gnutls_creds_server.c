/* Differential test: credentials, the verify function, and a GnuTLS server.
 * Usage: gnutls_creds_server PKI_DIR TLS_PORT
 *   PKI_DIR: from ctests/gnutls_pki.sh; TLS_PORT: a TLS server for localhost signed by
 *   PKI_DIR/ca.pem (gnutls-serv --http or openssl s_server -WWW).
 * The server half runs in a forked child, with the same library as the client. */
#include <gnutls/gnutls.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *pki;
/* A path in PKI_DIR; each call its own buffer (a few are live at once). */
static const char *at(const char *name)
{
	static char paths[4][4096];
	static int next;
	char *p = paths[next++ % 4];
	snprintf(p, sizeof paths[0], "%s/%s", pki, name);
	return p;
}

static gnutls_datum_t file_datum(const char *file)
{
	unsigned char *buf = malloc(65536); /* freed at exit */
	FILE *f = fopen(file, "rb");
	gnutls_datum_t d = { buf, f ? (unsigned)fread(buf, 1, 65536, f) : 0 };
	if (f)
		fclose(f);
	return d;
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

static int verify_answer, verify_calls;
static int verify_cb(gnutls_session_t s)
{
	unsigned status = 99, n = 0;
	int rc = gnutls_certificate_verify_peers2(s, &status);
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &n);
	verify_calls++;
	printf("  in verify function: verify_peers2=%d status=0x%x peers=%u der=%d ptr=%s\n", rc, status, n,
	       peers && peers[0].data[0] == 0x30, (char *)gnutls_session_get_ptr(s));
	return verify_answer;
}

static void verify_fn_case(int port, const char *ca, int answer)
{
	gnutls_certificate_credentials_t cred;
	gnutls_session_t s;
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_certificate_set_x509_trust_file(cred, at(ca), GNUTLS_X509_FMT_PEM);
	gnutls_certificate_set_verify_function(cred, verify_cb);
	verify_answer = answer;
	verify_calls = 0;
	gnutls_init(&s, GNUTLS_CLIENT);
	gnutls_session_set_ptr(s, "user data");
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	int fd = connect_port(port);
	gnutls_transport_set_int(s, fd);
	int rc;
	do
		rc = gnutls_handshake(s);
	while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
	printf("verify function (%s, returns %d): handshake=%d calls=%d\n", ca, answer, rc, verify_calls);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
	close(fd);
}

/* The server's priority string (NULL: gnutls_set_default_priority). */
static const char *server_prio;

static void server(int fd, const char *certfile, const char *keyfile)
{
	gnutls_certificate_credentials_t cred;
	gnutls_session_t s;
	gnutls_certificate_allocate_credentials(&cred);
	char cert[4096], key[4096];
	snprintf(cert, sizeof cert, "%s/%s", pki, certfile);
	snprintf(key, sizeof key, "%s/%s", pki, keyfile);
	printf("server key_file: %d\n", gnutls_certificate_set_x509_key_file(cred, cert, key, GNUTLS_X509_FMT_PEM));
	gnutls_init(&s, GNUTLS_SERVER);
	if (server_prio)
		gnutls_priority_set_direct(s, server_prio, NULL);
	else
		gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_datum_t protos[2] = { { (unsigned char *)"h2", 2 }, { (unsigned char *)"http/1.1", 8 } };
	gnutls_alpn_set_protocols(s, protos, 2, 0);
	gnutls_transport_set_int(s, fd);
	int rc;
	do
		rc = gnutls_handshake(s);
	while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
	printf("server handshake: %d\n", rc);
	if (rc < 0) /* as gnutls-serv does (rustls sends its alert itself, returning 0 here) */
		printf("server alert_send_appropriate: %d\n", gnutls_alert_send_appropriate(s, rc));
	if (rc == 0) {
		char name[256];
		size_t len = sizeof name;
		unsigned type = 0;
		rc = gnutls_server_name_get(s, name, &len, &type, 0);
		printf("server_name_get: %d %s len=%zu type=%u\n", rc, rc == 0 ? name : "-", len, type);
		len = 2;
		printf("server_name_get small: %d len=%zu\n", gnutls_server_name_get(s, name, &len, &type, 0), len);
		len = sizeof name;
		printf("server_name_get 1: %d\n", gnutls_server_name_get(s, name, &len, &type, 1));
		gnutls_datum_t alpn;
		rc = gnutls_alpn_get_selected_protocol(s, &alpn);
		printf("server alpn: %d %.*s\n", rc, rc == 0 ? (int)alpn.size : 0, rc == 0 ? (char *)alpn.data : "");
		printf("server protocol: %d cipher: %d kx: %d\n", gnutls_protocol_get_version(s), gnutls_cipher_get(s),
		       gnutls_kx_get(s));
		char *desc = gnutls_session_get_desc(s);
		printf("server desc: %s\n", desc);
		gnutls_free(desc);
		char buf[100];
		ssize_t n;
		do
			n = gnutls_record_recv(s, buf, sizeof buf);
		while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
		printf("server got: %zd %.*s\n", n, n > 0 ? (int)n : 0, buf);
		printf("server send: %zd\n", gnutls_record_send(s, "pong", 4));
		printf("server bye: %d\n", gnutls_bye(s, GNUTLS_SHUT_RDWR));
	}
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
}

static void server_case(const char *certfile, const char *keyfile, const char *client_prio)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		close(sv[0]);
		server(sv[1], certfile, keyfile);
		fflush(stdout);
		_exit(0);
	}
	close(sv[1]);
	/* The server prints first (the client waits for it), so the output order is fixed. */
	gnutls_certificate_credentials_t cred;
	gnutls_session_t s;
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_certificate_set_x509_trust_file(cred, at("ca.pem"), GNUTLS_X509_FMT_PEM);
	gnutls_init(&s, GNUTLS_CLIENT);
	gnutls_priority_set_direct(s, client_prio, NULL);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
	gnutls_datum_t protos[1] = { { (unsigned char *)"http/1.1", 8 } };
	gnutls_alpn_set_protocols(s, protos, 1, 0);
	gnutls_transport_set_int(s, sv[0]);
	int rc;
	do
		rc = gnutls_handshake(s);
	while (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED);
	char out[4096] = "";
	size_t o = 0;
	o += snprintf(out + o, sizeof out - o, "client handshake: %d\n", rc);
	if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED)
		o += snprintf(out + o, sizeof out - o, "client got alert: %d\n", (int)gnutls_alert_get(s));
	if (rc == 0) {
		unsigned status = 99;
		gnutls_certificate_verify_peers3(s, "localhost", &status);
		o += snprintf(out + o, sizeof out - o, "client verify: 0x%x\n", status);
		char *desc = gnutls_session_get_desc(s);
		o += snprintf(out + o, sizeof out - o, "client desc: %s\n", desc);
		gnutls_free(desc);
		gnutls_datum_t alpn;
		rc = gnutls_alpn_get_selected_protocol(s, &alpn);
		o += snprintf(out + o, sizeof out - o, "client alpn: %d %.*s\n", rc, rc == 0 ? (int)alpn.size : 0,
			      rc == 0 ? (char *)alpn.data : "");
		o += snprintf(out + o, sizeof out - o, "client send: %zd\n", gnutls_record_send(s, "ping", 4));
		char buf[100];
		ssize_t n;
		do
			n = gnutls_record_recv(s, buf, sizeof buf);
		while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
		o += snprintf(out + o, sizeof out - o, "client got: %zd %.*s\n", n, n > 0 ? (int)n : 0, buf);
		o += snprintf(out + o, sizeof out - o, "client bye: %d\n", gnutls_bye(s, GNUTLS_SHUT_RDWR));
		do
			n = gnutls_record_recv(s, buf, sizeof buf);
		while (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED);
		o += snprintf(out + o, sizeof out - o, "client recv after close: %zd\n", n);
	}
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
	close(sv[0]);
	waitpid(child, NULL, 0);
	fputs(out, stdout);
}

int main(int argc, char **argv)
{
	pki = argv[1];
	int port = atoi(argv[2]);
	gnutls_certificate_credentials_t cred;
	gnutls_global_init();

	gnutls_certificate_allocate_credentials(&cred);
	printf("trust_file ca.pem: %d\n", gnutls_certificate_set_x509_trust_file(cred, at("ca.pem"), GNUTLS_X509_FMT_PEM));
	printf("trust_file chain: %d\n",
	       gnutls_certificate_set_x509_trust_file(cred, at("server-chain.pem"), GNUTLS_X509_FMT_PEM));
	printf("trust_file missing: %d\n", gnutls_certificate_set_x509_trust_file(cred, at("nope.pem"), GNUTLS_X509_FMT_PEM));
	printf("system_trust: %d\n", gnutls_certificate_set_x509_system_trust(cred));
	gnutls_datum_t mem = file_datum(at("ca.pem"));
	printf("trust_mem: %d\n", gnutls_certificate_set_x509_trust_mem(cred, &mem, GNUTLS_X509_FMT_PEM));
	mem = file_datum(at("server.key"));
	printf("trust_mem (a key): %d\n", gnutls_certificate_set_x509_trust_mem(cred, &mem, GNUTLS_X509_FMT_PEM));
	printf("trust_file (a key): %d\n", gnutls_certificate_set_x509_trust_file(cred, at("server.key"), GNUTLS_X509_FMT_PEM));
	gnutls_datum_t c = file_datum(at("server.pem"));
	gnutls_datum_t k = file_datum(at("server.key"));
	printf("key_mem: %d\n", gnutls_certificate_set_x509_key_mem(cred, &c, &k, GNUTLS_X509_FMT_PEM));
	printf("key_file (cert is a key): %d\n", gnutls_certificate_set_x509_key_file(cred, at("self.key"), at("self.key"), GNUTLS_X509_FMT_PEM));
	printf("key_file mismatch: %d\n", gnutls_certificate_set_x509_key_file(cred, at("server.pem"), at("self.key"), GNUTLS_X509_FMT_PEM));
	printf("key_file missing: %d\n", gnutls_certificate_set_x509_key_file(cred, at("nope.pem"), at("server.key"), GNUTLS_X509_FMT_PEM));
	printf("key_file2: %d\n", gnutls_certificate_set_x509_key_file2(cred, at("server.pem"), at("server.key"), GNUTLS_X509_FMT_PEM, NULL, 0));
	gnutls_certificate_free_credentials(cred);

	gnutls_anon_client_credentials_t anon;
	printf("anon allocate: %d\n", gnutls_anon_allocate_client_credentials(&anon));
	gnutls_anon_free_client_credentials(anon);

	verify_fn_case(port, "ca.pem", 0);
	verify_fn_case(port, "ca.pem", 1);
	verify_fn_case(port, "other-ca.pem", 0);
	verify_fn_case(port, "other-ca.pem", -1);

	server_case("server.pem", "server.key", "NORMAL");
	server_case("server.pem", "server.key", "NORMAL:-VERS-TLS1.3");
	server_case("server.pem", "server.key", "NORMAL:-VERS-ALL:+VERS-TLS1.2:-AES-128-GCM:-AES-256-GCM");
	/* A server limited to TLS 1.2, a client to TLS 1.3 (which offers only TLS 1.3
	 * suites): GnuTLS takes TLS 1.2 from the hello's legacy version and finds no suite
	 * (NO_CIPHER_SUITES, handshake_failure), where OpenSSL and rustls refuse on the
	 * versions (protocol_version). */
	server_prio = "NORMAL:-VERS-ALL:+VERS-TLS1.2";
	server_case("server.pem", "server.key", "NORMAL:-VERS-ALL:+VERS-TLS1.3");
	server_case("server.pem", "server.key", "NORMAL");
	server_prio = NULL;

	gnutls_global_deinit();
	return 0;
}
