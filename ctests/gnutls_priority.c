/* Differential test: priority strings; rc and where err_pos points, one line each.
 * No network. Run against the real libgnutls and with LD_PRELOAD=libtlsshim.so. */
#include <gnutls/gnutls.h>
#include <stdio.h>

static const char *strings[] = {
	"NORMAL", "PERFORMANCE", "SECURE128", "SECURE192", "SECURE256", "SECURE", "PFS", "@SYSTEM",
	"NONE", "LEGACY", "NORMAL:-VERS-ALL:+VERS-TLS1.2", "NORMAL:-VERS-TLS1.3", "NORMAL:%COMPAT",
	"NORMAL:-VERS-TLS-ALL:+VERS-TLS1.3", "SECURE256:+SECURE128:-VERS-TLS-ALL:+VERS-TLS1.2",
	"NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+AEAD:+SIGN-ALL:+GROUP-ALL:+CTYPE-X509",
	"NORMAL:+ANON-ECDH:+ANON-DH", "NORMAL:!VERS-TLS1.0:!VERS-TLS1.1", "NORMAL:%NO_TICKETS",
	"NORMAL:%SERVER_PRECEDENCE", "NORMAL:-CHACHA20-POLY1305", "NORMAL:+CURVE-ALL:-GROUP-X25519",
	"FOO", "NORMAL:FOO", "NORMAL:+FOO", "NORMAL:-VERS-TLS1.2:+BAR:%COMPAT", "NORMAL:%FOO",
	"NORMAL::+AES-128-GCM", "NORMAL:", "", "NORMAL:+VERS-TLS1.9",
	"NORMAL:-VERS-ALL", "NONE:+VERS-TLS1.2", "PERFORMANCE:%COMPAT:-VERS-SSL3.0",
	"SECURE128:-VERS-SSL3.0:-VERS-TLS1.0", "NORMAL:-RSA", "NORMAL:+3DES-CBC:+ARCFOUR-128",
	NULL
};

int main(void)
{
	gnutls_global_init();
	for (int i = 0; strings[i]; i++) {
		gnutls_priority_t p = NULL;
		const char *err = NULL;
		int rc = gnutls_priority_init(&p, strings[i], &err);
		printf("init \"%s\": %d err_at=%ld\n", strings[i], rc, err ? (long)(err - strings[i]) : -1L);
		if (rc == 0)
			gnutls_priority_deinit(p);
		gnutls_session_t s;
		gnutls_init(&s, GNUTLS_CLIENT);
		err = NULL;
		rc = gnutls_priority_set_direct(s, strings[i], &err);
		printf("set_direct \"%s\": %d err_at=%ld\n", strings[i], rc, err ? (long)(err - strings[i]) : -1L);
		if (rc == 0)
			printf("  protocol: %d\n", gnutls_protocol_get_version(s));
		gnutls_deinit(s);
	}
	gnutls_priority_t p = NULL;
	printf("init NULL: %d\n", gnutls_priority_init(&p, NULL, NULL));
	gnutls_priority_deinit(p);
	const char *err = NULL;
	printf("init2 append: %d\n", gnutls_priority_init2(&p, "%COMPAT", &err, GNUTLS_PRIORITY_INIT_DEF_APPEND));
	gnutls_priority_deinit(p);
	err = NULL;
	printf("init2 append bad: %d err_null=%d\n", gnutls_priority_init2(&p, "+FOO", &err, GNUTLS_PRIORITY_INIT_DEF_APPEND), err == NULL);
	gnutls_session_t s;
	gnutls_init(&s, GNUTLS_CLIENT);
	printf("priority_set NULL: %d\n", gnutls_priority_set(s, NULL));
	printf("set_default_priority: %d protocol=%d\n", gnutls_set_default_priority(s), gnutls_protocol_get_version(s));
	gnutls_deinit(s);
	gnutls_global_deinit();
	return 0;
}
