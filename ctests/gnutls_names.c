/* Differential test of the GnuTLS error, name and global functions: prints one line
 * per fact; run against the real libgnutls and under LD_PRELOAD=libtlsshim.so (with
 * 2>&1: gnutls_perror writes to stderr) and compare. */
#define GNUTLS_INTERNAL_BUILD 1 /* no deprecation warnings */
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <stdio.h>

#define S(x) ((x) ? (x) : "(null)")

int main(void)
{
	printf("global_init %d %d\n", gnutls_global_init(), gnutls_global_init());
	gnutls_global_deinit();
	for (int code = 1500; code >= -1500; code--)
		printf("error %d fatal=%d [%s]\n", code, gnutls_error_is_fatal(code), gnutls_strerror(code));
	printf("error %d fatal=%d [%s]\n", -100000, gnutls_error_is_fatal(-100000), gnutls_strerror(-100000));
	printf("error %d fatal=%d [%s]\n", 100000, gnutls_error_is_fatal(100000), gnutls_strerror(100000));
	fflush(stdout);
	gnutls_perror(GNUTLS_E_AGAIN);
	gnutls_perror(-9999);
	fflush(stderr);
	for (unsigned v = 0; v < 1100; v++) {
		printf("%u protocol=%s cipher=%s mac=%s digest=%s kx=%s pk=%s sign=%s curve=%s/%d group=%s "
		       "comp=%s certtype=%s alert=%s sizes=%zu/%u/%u\n",
		       v, S(gnutls_protocol_get_name(v)), S(gnutls_cipher_get_name(v)), S(gnutls_mac_get_name(v)),
		       S(gnutls_digest_get_name(v)), S(gnutls_kx_get_name(v)), S(gnutls_pk_algorithm_get_name(v)),
		       S(gnutls_sign_get_name(v)), S(gnutls_ecc_curve_get_name(v)), gnutls_ecc_curve_get_size(v),
		       S(gnutls_group_get_name(v)), S(gnutls_compression_get_name(v)),
		       S(gnutls_certificate_type_get_name(v)), S(gnutls_alert_get_name(v)),
		       gnutls_cipher_get_key_size(v), gnutls_cipher_get_iv_size(v), gnutls_cipher_get_tag_size(v));
	}
	for (size_t i = 0;; i++) {
		unsigned char id[2] = { 0, 0 };
		gnutls_kx_algorithm_t kx;
		gnutls_cipher_algorithm_t c;
		gnutls_mac_algorithm_t m;
		gnutls_protocol_t v;
		const char *n = gnutls_cipher_suite_info(i, id, &kx, &c, &m, &v);
		printf("suite %zu %s", i, S(n));
		if (!n) {
			printf("\n");
			break;
		}
		printf(" %02x%02x kx=%d cipher=%d mac=%d min=%d get_name=%s\n", id[0], id[1], kx, c, m, v,
		       S(gnutls_cipher_suite_get_name(kx, c, m)));
	}
	printf("suite_get_name(1,1,1)=%s\n", S(gnutls_cipher_suite_get_name(1, 1, 1)));
	printf("suite_info(NULLs)=%s\n", S(gnutls_cipher_suite_info(0, NULL, NULL, NULL, NULL, NULL)));
	const char *reqs[] = { "3.7.9", "3.7.8", "3.7.10", "3.8.0", "3", "4", "", "garbage", "3.7.9a", "2.99", "03.7.9" };
	printf("check_version(NULL)=%s\n", S(gnutls_check_version(NULL)));
	for (unsigned i = 0; i < sizeof reqs / sizeof *reqs; i++)
		printf("check_version(%s)=%s\n", reqs[i], S(gnutls_check_version(reqs[i])));
	return 0;
}
