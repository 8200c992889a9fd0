/* tlsshim only: an export that is not implemented yet (status `stub` in
 * src/symbols.tsv) returns its documented failure value and, on the libssl face,
 * pushes ERR_LIB_SSL / ERR_R_UNSUPPORTED with the function's name in the entry.
 * It never falls through to the real library. Prints "FAIL …" on a mismatch. */
#define OPENSSL_SUPPRESS_DEPRECATED /* SSL_CTX_set_srp_username is deprecated in 3.0 */
#include "harness.h"

#include <gnutls/dtls.h>
#include <gnutls/ocsp.h>
#include <openssl/err.h>

static int failures;

static void expect(int ok, const char *fmt, const char *what)
{
    printf("%s ", ok ? "ok  " : "FAIL");
    printf(fmt, what);
    putchar('\n');
    failures += !ok;
}

/* The ERR queue holds exactly one entry: ERR_LIB_SSL / ERR_R_UNSUPPORTED naming func. */
static void expect_unsupported_entry(const char *func)
{
    const char *file = NULL, *efunc = NULL, *data = NULL;
    int line = 0, flags = 0;
    unsigned long e = ERR_get_error_all(&file, &line, &efunc, &data, &flags);
    expect(e != 0, "%s pushed an ERR entry", func);
    expect(ERR_GET_LIB(e) == ERR_LIB_SSL, "%s: ERR_GET_LIB is ERR_LIB_SSL", func);
    expect(ERR_GET_REASON(e) == ERR_R_UNSUPPORTED, "%s: ERR_GET_REASON is ERR_R_UNSUPPORTED", func);
    expect(efunc && strcmp(efunc, func) == 0, "%s: the entry's function is the export", func);
    expect(data && (flags & ERR_TXT_STRING) && strstr(data, func) != NULL,
           "%s: the entry's data text names the export", func);
    expect(ERR_peek_error() == 0, "%s pushed exactly one entry", func);
    ERR_clear_error();
}

int main(void)
{
    harness_init();
    ERR_clear_error();

    expect(SSL_CTX_set_srp_username(NULL, "user") == 0, "%s returns 0",
           "SSL_CTX_set_srp_username");
    expect_unsupported_entry("SSL_CTX_set_srp_username");

    expect(DTLSv1_listen(NULL, NULL) == 0, "%s returns 0", "DTLSv1_listen");
    expect_unsupported_entry("DTLSv1_listen");

    gnutls_ocsp_req_t req = NULL;
    expect(gnutls_ocsp_req_init(&req) == GNUTLS_E_UNIMPLEMENTED_FEATURE,
           "%s returns GNUTLS_E_UNIMPLEMENTED_FEATURE", "gnutls_ocsp_req_init");
    /* (gnutls_dtls_cookie_verify was the second example until DTLS was implemented.) */
    expect(gnutls_heartbeat_ping(NULL, 0, 0, 0) == GNUTLS_E_UNIMPLEMENTED_FEATURE,
           "%s returns GNUTLS_E_UNIMPLEMENTED_FEATURE", "gnutls_heartbeat_ping");
    expect(ERR_peek_error() == 0, "%s", "the GnuTLS stubs leave the libssl ERR queue alone");

    printf("%s\n", failures ? "FAIL stubs" : "done");
    return 0;
}
