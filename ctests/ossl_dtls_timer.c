/* OpenSSL DTLS timers on a non-blocking client against the real gnutls-serv --udp
 * (DTLS_PORT, started by ctests/dtls.sh): DTLSv1_get_timeout says no timer before the
 * handshake and after it, and while the client waits for the server's flight a
 * running timer with some time left (OpenSSL's first timeout is exactly 1 s, the DTLS
 * engine's, dimpl's, 1 s with jitter either way, so the fact printed is "under 2 s");
 * DTLSv1_handle_timeout does
 * nothing (0) while the timer has not expired. The program drives the handshake with
 * poll, as a select-loop program does. */
#include "harness.h"
#include <fcntl.h>
#include <openssl/err.h>

int main(void)
{
	harness_init();
	SSL_CTX *ctx = SSL_CTX_new(DTLS_client_method());
	if (!ctx)
		harness_die("SSL_CTX_new");
	SSL_CTX_load_verify_locations(ctx, pki("ca.pem"), NULL);
	SSL *ssl = SSL_new(ctx);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(harness_port("DTLS_PORT")) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		harness_die("connect");
	set_nonblocking(fd, 1);
	BIO *bio = BIO_new_dgram(fd, BIO_NOCLOSE);
	BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &sa);
	SSL_set_bio(ssl, bio, bio);
	SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
	DTLS_set_link_mtu(ssl, 1000);

	struct timeval tv = { 7, 7 };
	long gt = DTLSv1_get_timeout(ssl, &tv);
	say("before the handshake: get_timeout %ld", gt);
	int r, calls = 0;
	while ((r = SSL_connect(ssl)) != 1) {
		int e = SSL_get_error(ssl, r);
		if (calls++ == 0) {
			struct timeval t1 = { 0, 0 };
			gt = DTLSv1_get_timeout(ssl, &t1);
			int in_range = t1.tv_sec < 2 && (t1.tv_sec > 0 || t1.tv_usec > 0);
			long ht = DTLSv1_handle_timeout(ssl);
			say("first SSL_connect: %d %s; get_timeout %ld, left in (0, 2 s): %d; handle_timeout %ld", r,
			    ssl_error_name(e), gt, in_range, ht);
		}
		if (e != SSL_ERROR_WANT_READ || calls > 100) {
			say("SSL_connect: %d %s", r, ssl_error_name(e));
			ERR_print_errors_fp(stdout);
			return 0;
		}
		wait_fd(fd, POLLIN, 2000);
	}
	gt = DTLSv1_get_timeout(ssl, &tv);
	say("connected after waiting: %d; get_timeout %ld handle_timeout %ld", calls > 0, gt, DTLSv1_handle_timeout(ssl));
	/* close_notify, so that the server is free for the next client. */
	SSL_shutdown(ssl);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return 0;
}
