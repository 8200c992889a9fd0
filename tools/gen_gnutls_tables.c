/* Reads GnuTLS's own tables out of the real library, as Rust source.
 *
 *   tools/gen_gnutls_tables.sh  (compiles this, runs it against the system
 *   libgnutls and splices the output into src/gnutls/errors.rs and names.rs)
 *
 * `gen_gnutls_tables errors` prints every error code the library names (0, the
 * negative codes down to -1500 and any positive code), with gnutls_strerror_name,
 * gnutls_strerror and gnutls_error_is_fatal; `gen_gnutls_tables names` prints the
 * enum -> name tables of the algorithm getters, the alert names and the cipher-suite
 * table of gnutls_cipher_suite_info.  Nothing is typed in by hand. */
#define GNUTLS_INTERNAL_BUILD 1 /* no deprecation warnings for compression_get_name */
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <string.h>

#define SCAN 65536

static void lit(const char *s)
{
	/* A Rust C-string literal. */
	putchar('c');
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			printf("\\x%02x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void errors(void)
{
	printf("/// Every code libgnutls 3.7.9 names: (code, gnutls_strerror_name, gnutls_strerror,\n"
	       "/// gnutls_error_is_fatal).\n");
	printf("pub(crate) static ERROR_TABLE: &[(i32, &CStr, &CStr, bool)] = &[\n");
	for (int code = 1500; code >= -1500; code--) {
		const char *name = gnutls_strerror_name(code);
		if (name == NULL)
			continue;
		printf("    (%d, ", code);
		lit(name);
		printf(", ");
		lit(gnutls_strerror(code));
		printf(", %s),\n", gnutls_error_is_fatal(code) ? "true" : "false");
	}
	printf("];\n\n");
	printf("/// The unknown-code answer of gnutls_strerror.\n");
	printf("pub(crate) const UNKNOWN_ERROR_MESSAGE: &CStr = ");
	lit(gnutls_strerror(-9999));
	printf(";\n\n");
	for (int code = 1500; code >= -1500; code--) {
		const char *name = gnutls_strerror_name(code);
		if (name != NULL)
			printf("pub const %s: i32 = %d;\n", name, code);
	}
	int level;
	int dflt = gnutls_error_to_alert(-9999, &level), dflt_level = level;
	printf("\n/// gnutls_error_to_alert of every code whose answer is not the default one:\n"
	       "/// (code, alert description, alert level).\n");
	printf("pub(crate) static ERROR_ALERTS: &[(i32, u32, u32)] = &[\n");
	for (int code = 1500; code >= -1500; code--) {
		int alert = gnutls_error_to_alert(code, &level);
		if (alert != dflt || level != dflt_level)
			printf("    (%d, %d, %d),\n", code, alert, level);
	}
	printf("];\n\n");
	printf("/// gnutls_error_to_alert of any other code: (alert description, alert level).\n");
	printf("pub(crate) const DEFAULT_ERROR_ALERT: (u32, u32) = (%d, %d);\n", dflt, dflt_level);
}

typedef const char *(*getter)(unsigned);

static void names_of(const char *table, const char *doc, getter get)
{
	printf("/// %s, for every value below %d with a name.\n", doc, SCAN);
	printf("pub(crate) static %s: &[(u32, &CStr)] = &[\n", table);
	for (unsigned v = 0; v < SCAN; v++) {
		const char *n = get(v);
		if (n == NULL)
			continue;
		printf("    (%u, ", v);
		lit(n);
		printf("),\n");
	}
	printf("];\n\n");
}

#define G(f) ((getter)(void (*)(void))f)

static const char *alert_name(unsigned v) { return v < 256 ? gnutls_alert_get_name(v) : NULL; }

static void names(void)
{
	names_of("PROTOCOL_NAMES", "gnutls_protocol_get_name", G(gnutls_protocol_get_name));
	names_of("CIPHER_NAMES", "gnutls_cipher_get_name", G(gnutls_cipher_get_name));
	names_of("MAC_NAMES", "gnutls_mac_get_name", G(gnutls_mac_get_name));
	names_of("DIGEST_NAMES", "gnutls_digest_get_name", G(gnutls_digest_get_name));
	names_of("KX_NAMES", "gnutls_kx_get_name", G(gnutls_kx_get_name));
	names_of("PK_NAMES", "gnutls_pk_algorithm_get_name", G(gnutls_pk_algorithm_get_name));
	names_of("SIGN_NAMES", "gnutls_sign_get_name", G(gnutls_sign_get_name));
	names_of("ECC_CURVE_NAMES", "gnutls_ecc_curve_get_name", G(gnutls_ecc_curve_get_name));
	names_of("GROUP_NAMES", "gnutls_group_get_name", G(gnutls_group_get_name));
	names_of("COMPRESSION_NAMES", "gnutls_compression_get_name", G(gnutls_compression_get_name));
	names_of("CERTIFICATE_TYPE_NAMES", "gnutls_certificate_type_get_name",
		 G(gnutls_certificate_type_get_name));
	names_of("ALERT_NAMES", "gnutls_alert_get_name", G(alert_name));

	printf("/// gnutls_ecc_curve_get_size, for every curve with a non-zero size.\n");
	printf("pub(crate) static ECC_CURVE_SIZES: &[(u32, i32)] = &[\n");
	for (unsigned v = 0; v < SCAN; v++)
		if (gnutls_ecc_curve_get_size(v) != 0)
			printf("    (%u, %d),\n", v, gnutls_ecc_curve_get_size(v));
	printf("];\n\n");

	printf("/// gnutls_cipher_get_key_size / _iv_size / _tag_size of every named cipher.\n");
	printf("pub(crate) static CIPHER_SIZES: &[(u32, u32, u32, u32)] = &[\n");
	for (unsigned v = 0; v < SCAN; v++)
		if (gnutls_cipher_get_name(v) != NULL)
			printf("    (%u, %u, %u, %u),\n", v, (unsigned)gnutls_cipher_get_key_size(v),
			       gnutls_cipher_get_iv_size(v), gnutls_cipher_get_tag_size(v));
	printf("];\n\n");

	printf("/// gnutls_cipher_suite_info(idx, ...) for every idx, in the library's order.\n");
	printf("pub(crate) static CIPHER_SUITES: &[Suite] = &[\n");
	for (size_t i = 0;; i++) {
		unsigned char id[2];
		gnutls_kx_algorithm_t kx;
		gnutls_cipher_algorithm_t cipher;
		gnutls_mac_algorithm_t mac;
		gnutls_protocol_t min;
		const char *n = gnutls_cipher_suite_info(i, id, &kx, &cipher, &mac, &min);
		if (n == NULL)
			break;
		const char *short_name = gnutls_cipher_suite_get_name(kx, cipher, mac);
		printf("    Suite { id: [0x%02x, 0x%02x], name: ", id[0], id[1]);
		lit(n);
		printf(", short_name: ");
		if (short_name)
			lit(short_name);
		else
			printf("c\"\"");
		printf(", kx: %u, cipher: %u, mac: %u, min_version: %u },\n", kx, cipher, mac, min);
	}
	printf("];\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "errors") == 0)
		errors();
	else if (argc == 2 && strcmp(argv[1], "names") == 0)
		names();
	else {
		fprintf(stderr, "usage: %s errors|names\n", argv[0]);
		return 2;
	}
	return 0;
}
