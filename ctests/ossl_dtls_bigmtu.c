/* A DTLS client given an MTU far beyond any datagram (SSL_set_mtu(s, LONG_MAX) and
 * DTLS_set_link_mtu(s, LONG_MAX), with SSL_OP_NO_QUERY_MTU): OpenSSL 3.0 takes both
 * and sends its ClientHello. tlsshim used to size a buffer by the MTU on every send,
 * so the allocation failed and the process aborted. No peer: the ClientHello goes to
 * the other end of a datagram socketpair, which the test reads. */
#include "harness.h"
#include <openssl/err.h>

static void try(const char *what, int link)
{
	SSL_CTX *ctx = SSL_CTX_new(DTLS_client_method());
	SSL *ssl = SSL_new(ctx);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) != 0)
		harness_die("socketpair");
	set_nonblocking(sv[0], 1);
	BIO *bio = BIO_new_dgram(sv[0], BIO_NOCLOSE);
	/* Connected: the BIO writes with send(), not sendto() to an unset peer. */
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(9) };
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &peer);
	SSL_set_bio(ssl, bio, bio);
	SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
	long set = link ? DTLS_set_link_mtu(ssl, LONG_MAX) : SSL_set_mtu(ssl, LONG_MAX);
	int r = SSL_connect(ssl);
	int e = SSL_get_error(ssl, r);
	unsigned char buf[65536];
	ssize_t n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
	say("%s: set %ld, SSL_connect %d %s, a ClientHello sent: %s", what, set, r, ssl_error_name(e),
	    n > 13 && buf[0] == 22 && buf[13] == 1 ? "yes" : "no");
	ERR_clear_error();
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	harness_init();
	try("SSL_set_mtu(LONG_MAX)", 0);
	try("DTLS_set_link_mtu(LONG_MAX)", 1);
	say("done");
	return 0;
}
