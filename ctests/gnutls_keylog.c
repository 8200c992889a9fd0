/* gnutls_session_set_keylog_function: the labels and secret sizes the function gets
 * for a TLS 1.3 (AES-256-GCM-SHA384) and a TLS 1.2 handshake with gnutls-serv
 * (GNUTLS_PORT), in sorted order (the order of calls is not part of the contract). */
#include "harness.h"

#include <stdlib.h>

static char seen[32][96];
static int nseen;

static int keylog(gnutls_session_t s, const char *label, const gnutls_datum_t *secret)
{
    (void)s;
    if (nseen < 32)
        snprintf(seen[nseen++], sizeof seen[0], "%s %u", label, secret->size);
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(a, b); }

static void run(const char *prio)
{
    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_trust_file(cred, pki("ca.pem"), GNUTLS_X509_FMT_PEM);
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_priority_set_direct(s, prio, NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_session_set_keylog_function(s, keylog);
    int fd = tcp_connect(harness_port("GNUTLS_PORT")); /* set_int is a macro using it twice */
    gnutls_transport_set_int(s, fd);
    nseen = 0;
    int r = gnutls_handshake(s);
    say("%s: handshake %d, %s", prio, r, gnutls_protocol_get_name(gnutls_protocol_get_version(s)));
    qsort(seen, (size_t)nseen, sizeof seen[0], cmp);
    for (int i = 0; i < nseen; i++)
        if (i == 0 || strcmp(seen[i], seen[i - 1]))
            say("  keylog: %s", seen[i]);
    gnutls_bye(s, GNUTLS_SHUT_WR);
    close(fd);
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
}

int main(void)
{
    harness_init();
    gnutls_global_init();
    run("NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-256-GCM");
    run("NORMAL:-VERS-ALL:+VERS-TLS1.2");
    say("done");
    return 0;
}
