/* fuzz/replay.c — runs fuzz inputs through one target without libFuzzer, e.g. against
 * a library built with rustls's debug assertions on (RELIABILITY.md, F2):
 *   gcc -O1 -g -o build/fuzz/replay_api_gnutls fuzz/replay.c fuzz/api_gnutls.c -Ifuzz \
 *       -lgnutls -lssl -lcrypto
 *   FUZZ_PKI=... LD_PRELOAD=path/to/libtlsshim.so build/fuzz/replay_api_gnutls INPUT...
 * Prints one line per input that ran to the end; a panic or crash shows on stderr. */
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    static uint8_t buf[1 << 20];
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        printf("ran %s\n", argv[i]);
    }
    return 0;
}
