/* fuzz/common.h — shared by the libFuzzer targets in fuzz/ (see fuzz/README.md).
 * The targets are C, built with clang -fsanitize=fuzzer and linked against an
 * sancov-instrumented build of libtlsshim.so (build/fuzz/libtlsshim.so), so libFuzzer
 * sees the coverage of the Rust code behind the C ABI. Compiled against the SYSTEM
 * OpenSSL/GnuTLS headers (the ABI tlsshim exports); libcrypto is the system one. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <errno.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <gnutls/gnutls.h>

/* PKI made by tools/pki.sh; FUZZ_PKI overrides the directory. */
static inline const char *fuzz_pki(const char *file)
{
    static char bufs[4][4096]; /* rotating: several may be live in one call */
    static unsigned next;
    char *buf = bufs[next++ % 4];
    const char *dir = getenv("FUZZ_PKI");
    snprintf(buf, sizeof bufs[0], "%s/%s", dir ? dir : "build/fuzz/pki", file);
    return buf;
}

/* A byte reader over the fuzz input. */
struct rd { const uint8_t *p; size_t n; };
static inline unsigned rd_u8(struct rd *r) { if (!r->n) return 0; r->n--; return *r->p++; }
static inline unsigned rd_u16(struct rd *r) { unsigned a = rd_u8(r); return a | rd_u8(r) << 8; }
static inline uint32_t rd_u32(struct rd *r) { uint32_t a = rd_u16(r); return a | (uint32_t)rd_u16(r) << 16; }
/* Up to `max` bytes (length prefixed by one byte, scaled). */
static inline size_t rd_chunk(struct rd *r, const uint8_t **out, size_t max)
{
    size_t want = rd_u16(r) % (max + 1);
    if (want > r->n) want = r->n;
    *out = r->p; r->p += want; r->n -= want;
    return want;
}
#endif

/* A panic inside a libssl export is caught by the export's guard, which returns the
 * failure value and queues ERR_R_INTERNAL_ERROR with "tlsshim internal error: <panic
 * message>". That is a bug, not a peer's or caller's error: abort, so libFuzzer keeps
 * the input. Empties the ERR queue. */
static inline void ossl_check_no_panic(const char *after)
{
    const char *func = NULL, *data = NULL;
    int flags = 0;
    unsigned long e;
    while ((e = ERR_get_error_all(NULL, NULL, &func, &data, &flags)) != 0) {
        if (data && !strncmp(data, "tlsshim internal error:", 23)) {
            fprintf(stderr, "FUZZ: panic caught inside %s (after %s): %s\n", func ? func : "?", after, data);
            abort();
        }
    }
}
