/* A GnuTLS client on a non-blocking socket whose pull function says EAGAIN on its
 * first call (as recv(2) would had the answer not arrived yet, which on loopback
 * depends on scheduling); the loop waits with poll in the direction GnuTLS says.
 * Used by ctests/tools.sh to see the errno translation in TLSSHIM_LOG=debug.
 *   nb_client PORT CAFILE */
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int pulls;

static ssize_t pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	if (pulls++ == 0) {
		errno = EAGAIN;
		return -1;
	}
	return recv((int)(long)p, buf, n, 0);
}

static ssize_t push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	return send((int)(long)p, buf, n, MSG_NOSIGNAL);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		return 2;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	gnutls_certificate_credentials_t cred;
	gnutls_session_t s;
	gnutls_certificate_allocate_credentials(&cred);
	gnutls_certificate_set_x509_trust_file(cred, argv[2], GNUTLS_X509_FMT_PEM);
	gnutls_init(&s, GNUTLS_CLIENT);
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
	gnutls_session_set_verify_cert(s, "localhost", 0);
	gnutls_transport_set_ptr(s, (gnutls_transport_ptr_t)(long)fd);
	gnutls_transport_set_pull_function(s, pull);
	gnutls_transport_set_push_function(s, push);
	int rc, agains = 0;
	while ((rc = gnutls_handshake(s)) == GNUTLS_E_AGAIN) {
		agains++;
		struct pollfd p = { .fd = fd, .events = gnutls_record_get_direction(s) ? POLLOUT : POLLIN };
		poll(&p, 1, 5000);
	}
	printf("handshake %d after %d GNUTLS_E_AGAIN\n", rc, agains);
	gnutls_bye(s, GNUTLS_SHUT_WR);
	gnutls_deinit(s);
	gnutls_certificate_free_credentials(cred);
	close(fd);
	return rc == 0 && agains > 0 ? 0 : 1;
}
