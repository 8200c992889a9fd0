/* Who owns what: the BIO references SSL_set_bio / SSL_set0_rbio / SSL_set0_wbio /
 * SSL_set_fd take and drop (OpenSSL 3.0's case-by-case rules, ssl_lib.c), and the
 * lifetime of the string SSL_get_servername returns.
 *
 * Each BIO carries a callback that reports its final free (BIO_CB_FREE comes only
 * when the last reference goes). The test takes one extra reference on every BIO it
 * makes; after SSL_free it drops references one by one until the BIO is freed and
 * prints how many that took. A library that drops a reference the SSL still holds
 * shows as a free during SSL_set_bio or SSL_free (and, under ASan or valgrind, as a
 * use after free); one that keeps too many as a count that differs. No peer, no I/O. */
#include "harness.h"
#include <openssl/bio.h>
#include <stdint.h>

#define NB 4
static BIO *bios[NB];
static int freed[NB];
static const char *phase = "";

static long on_bio(BIO *b, int oper, const char *argp, size_t len, int argi, long argl, int ret,
                   size_t *processed)
{
    (void)argp; (void)len; (void)argi; (void)argl; (void)processed;
    if (oper == BIO_CB_FREE) {
        int k = (int)(intptr_t)BIO_get_callback_arg(b);
        freed[k] = 1;
        say("  %c freed during %s", 'a' + k, phase);
    }
    return ret;
}

/* Watches BIO b as 'a' + k and takes the test's extra reference on it. */
static BIO *watch(int k, BIO *b)
{
    if (!b)
        return NULL;
    BIO_set_callback_ex(b, on_bio);
    BIO_set_callback_arg(b, (char *)(intptr_t)k);
    BIO_up_ref(b);
    bios[k] = b;
    freed[k] = 0;
    return b;
}

/* A new memory BIO, watched. */
static BIO *mk(int k)
{
    return watch(k, BIO_new(BIO_s_mem()));
}

static void finish(const char *name, SSL *s)
{
    phase = "SSL_free";
    SSL_free(s);
    phase = "the test's frees";
    for (int k = 0; k < NB; k++) {
        if (!bios[k])
            continue;
        int n = 0;
        while (!freed[k] && n < 8) {
            BIO_free(bios[k]);
            n++;
        }
        say("%s: %c: %d reference(s) left after SSL_free%s", name, 'a' + k, n,
            freed[k] ? "" : " (still not freed: gave up)");
        bios[k] = NULL;
    }
}

static void set_bio(SSL *s, BIO *r, BIO *w)
{
    phase = "SSL_set_bio";
    SSL_set_bio(s, r, w);
}

int main(void)
{
    harness_init();
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *s;

    /* The same BIO for both slots, twice: the second call changes nothing. */
    s = SSL_new(ctx);
    BIO *a = mk(0);
    set_bio(s, a, a);
    set_bio(s, a, a);
    finish("same pair twice", s);

    /* Distinct BIOs, then the same pair again. */
    s = SSL_new(ctx);
    a = mk(0);
    BIO *b = mk(1);
    set_bio(s, a, b);
    set_bio(s, a, b);
    finish("distinct pair twice", s);

    /* Only the wbio changes: only it is adopted; the old wbio is freed. */
    s = SSL_new(ctx);
    a = mk(0);
    b = mk(1);
    BIO *c = mk(2);
    set_bio(s, a, b);
    set_bio(s, a, c);
    finish("wbio changes", s);

    /* Only the rbio changes, rbio and wbio different before: only it is adopted. */
    s = SSL_new(ctx);
    a = mk(0);
    b = mk(1);
    c = mk(2);
    set_bio(s, a, b);
    set_bio(s, c, b);
    finish("rbio changes", s);

    /* Only the rbio changes, one BIO in both slots before: both adopted (OpenSSL's
     * asymmetry). */
    s = SSL_new(ctx);
    a = mk(0);
    c = mk(2);
    set_bio(s, a, a);
    BIO_up_ref(a); /* the reference the wbio slot takes again */
    set_bio(s, c, a);
    finish("rbio changes from a shared BIO", s);

    /* Swapped. */
    s = SSL_new(ctx);
    a = mk(0);
    b = mk(1);
    set_bio(s, a, b);
    BIO_up_ref(a);
    BIO_up_ref(b);
    set_bio(s, b, a);
    finish("swapped", s);

    /* Distinct, then one of them in both slots. */
    s = SSL_new(ctx);
    a = mk(0);
    b = mk(1);
    set_bio(s, a, b);
    set_bio(s, a, a);
    finish("distinct, then the rbio in both", s);

    /* Set, then NULL in both slots. */
    s = SSL_new(ctx);
    a = mk(0);
    set_bio(s, a, a);
    set_bio(s, NULL, NULL);
    finish("then NULL", s);

    /* SSL_set_fd's BIO kept as the rbio, a new wbio. */
    s = SSL_new(ctx);
    SSL_set_fd(s, 0);
    watch(0, SSL_get_rbio(s));
    say("set_fd: one BIO in both slots: %s", SSL_get_rbio(s) == SSL_get_wbio(s) ? "yes" : "no");
    b = mk(1);
    set_bio(s, SSL_get_rbio(s), b);
    finish("set_fd, then a new wbio", s);

    /* set0: each takes the reference it is given and frees the one it had. */
    s = SSL_new(ctx);
    a = mk(0);
    b = mk(1);
    phase = "SSL_set0_rbio";
    SSL_set0_rbio(s, a);
    phase = "SSL_set0_wbio";
    SSL_set0_wbio(s, b);
    c = mk(2);
    SSL_set0_wbio(s, c);
    finish("set0", s);

    /* SSL_get_servername: a string the program may keep while the name stays. */
    s = SSL_new(ctx);
    SSL_set_tlsext_host_name(s, "localhost");
    const char *n1 = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    const char *n2 = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    say("SSL_get_servername twice: same pointer %s, first still \"%s\"", n1 == n2 ? "yes" : "no",
        n1 ? n1 : "(null)");
    SSL_free(s);

    SSL_CTX_free(ctx);
    say("done");
    return 0;
}
