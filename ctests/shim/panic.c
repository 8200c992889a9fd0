/* tlsshim only: a panic inside an export (forced with TLSSHIM_FORCE_PANIC, a test
 * switch) becomes the function's documented failure value; the libssl face puts
 * ERR_R_INTERNAL_ERROR naming the function on the queue; the process lives and the
 * other exports keep working. */
#include "harness.h"

#include <openssl/err.h>

int main(void)
{
    /* Before the first call into the library: the switch is read once. */
    setenv("TLSSHIM_FORCE_PANIC", "SSL_CTX_new_ex,SSL_get_version,gnutls_init,gnutls_strerror", 1);
    harness_init();
    int bad = 0;

    ERR_clear_error();
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    const char *file = NULL, *func = NULL, *data = NULL;
    int line = 0, flags = 0;
    unsigned long e = ERR_get_error_all(&file, &line, &func, &data, &flags);
    int ok = ctx == NULL && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == (ERR_R_INTERNAL_ERROR & 0x7fffff) &&
             func && !strcmp(func, "SSL_CTX_new_ex") && data && strstr(data, "forced panic");
    printf("%s SSL_CTX_new panics: NULL, ERR lib %d reason %d func %s data '%s'\n", ok ? "ok  " : "FAIL",
           ERR_GET_LIB(e), ERR_GET_REASON(e), func ? func : "-", data ? data : "-");
    bad += !ok;

    /* Still alive: a function without a forced panic works. */
    const SSL_METHOD *m = TLS_client_method();
    ok = m != NULL;
    printf("%s TLS_client_method still works\n", ok ? "ok  " : "FAIL");
    bad += !ok;

    gnutls_session_t s = NULL;
    int r = gnutls_init(&s, GNUTLS_CLIENT);
    ok = r == GNUTLS_E_INTERNAL_ERROR;
    printf("%s gnutls_init panics: %d (GNUTLS_E_INTERNAL_ERROR is %d)\n", ok ? "ok  " : "FAIL", r, GNUTLS_E_INTERNAL_ERROR);
    bad += !ok;
    /* gnutls_strerror never returns NULL in GnuTLS: its failure value is the text for
     * an unknown code. */
    const char *msg = gnutls_strerror(GNUTLS_E_AGAIN);
    ok = msg && !strcmp(msg, "(unknown error code)");
    printf("%s gnutls_strerror panics: %s\n", ok ? "ok  " : "FAIL", msg ? msg : "NULL");
    bad += !ok;
    ok = gnutls_error_is_fatal(GNUTLS_E_AGAIN) == 0;
    printf("%s gnutls_error_is_fatal still works\n", ok ? "ok  " : "FAIL");
    bad += !ok;
    return bad ? 1 : 0;
}
