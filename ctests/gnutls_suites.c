/* What a GnuTLS client reports about the negotiated suite: one line per fact.
 *   gnutls_suites PORT PRIORITY   (connects to 127.0.0.1:PORT, e.g. a gnutls-serv)
 * Records the gnutls_cipher_get / gnutls_kx_get / gnutls_mac_get values the session
 * code must report for each suite rustls negotiates. */
#include <gnutls/gnutls.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define S(x) ((x) ? (x) : "(null)")

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s PORT PRIORITY\n", argv[0]);
		return 2;
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		perror("connect");
		return 2;
	}
	gnutls_certificate_credentials_t cred;
	gnutls_session_t s;
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_init(&s, GNUTLS_CLIENT);
	const char *err = NULL;
	int ret = gnutls_priority_set_direct(s, argv[2], &err);
	if (ret < 0) {
		printf("priority %d at %s\n", ret, S(err));
		return 1;
	}
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(s, fd);
	do
		ret = gnutls_handshake(s);
	while (ret < 0 && !gnutls_error_is_fatal(ret));
	printf("handshake %d\n", ret);
	if (ret < 0)
		return 1;
	gnutls_protocol_t v = gnutls_protocol_get_version(s);
	gnutls_cipher_algorithm_t c = gnutls_cipher_get(s);
	gnutls_kx_algorithm_t kx = gnutls_kx_get(s);
	gnutls_mac_algorithm_t m = gnutls_mac_get(s);
	printf("protocol %d %s\n", v, S(gnutls_protocol_get_name(v)));
	printf("cipher %d %s\n", c, S(gnutls_cipher_get_name(c)));
	printf("kx %d %s\n", kx, S(gnutls_kx_get_name(kx)));
	printf("mac %d %s\n", m, S(gnutls_mac_get_name(m)));
	printf("suite_get_name %s\n", S(gnutls_cipher_suite_get_name(kx, c, m)));
	printf("group %s\n", S(gnutls_group_get_name(gnutls_group_get(s))));
	gnutls_bye(s, GNUTLS_SHUT_RDWR);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
	close(fd);
	return 0;
}
