/* Run under `tlsshim run` with TLSSHIM_LOG=trace by ctests/tools.sh: the trace log
 * shows the exports' arguments, but a string passed with its length (gnutls_idna_map)
 * is not read up to a NUL (here it ends at a page that cannot be read), and a key's
 * password is not written. Exit status 0 when every call returned. */
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: trace_args CERT KEY\n");
        return 2;
    }
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE) != 0)
        return 2;
    char *name = p + page - 9;
    memcpy(name, "localhost", 9); /* no NUL: the next byte cannot be read */
    gnutls_datum_t out = {NULL, 0};
    int r = gnutls_idna_map(name, 9, &out, 0);
    printf("gnutls_idna_map: %d %.*s\n", r, (int)out.size, out.data ? (char *)out.data : "");
    gnutls_free(out.data);

    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    r = gnutls_certificate_set_x509_key_file2(cred, argv[1], argv[2], GNUTLS_X509_FMT_PEM,
                                              "not-in-the-log-7391", 0);
    printf("gnutls_certificate_set_x509_key_file2: %d\n", r);
    gnutls_certificate_free_credentials(cred);
    return 0;
}
