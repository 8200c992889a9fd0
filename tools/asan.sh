#!/usr/bin/env bash
# tools/asan.sh [NAME...] — the differential ctests (ctests/SUITE, or the names given)
# built with AddressSanitizer + UndefinedBehaviorSanitizer (and LeakSanitizer, on with
# ASan), run against the real libraries and with tlsshim preloaded (after the ASan
# runtime, which must come first). Any sanitizer report fails the run: ASan/LSan exit
# non-zero, UBSan halts on the first error. What it catches on our side: C buffers we
# write past, pointers we hand out that the program frees wrongly, memory we leak
# (Rust allocates with the system malloc, which ASan intercepts).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
asan=$(gcc -print-file-name=libasan.so)
[[ -e $asan ]] || { echo "asan.sh: no libasan.so for gcc (install gcc's ASan runtime)" >&2; exit 1; }
export CTEST_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
export CTEST_OUT=$root/ctests/out/asan
export CTEST_PRELOAD_FIRST=$asan
# The slow unwinder: the Rust frames have no frame pointers, and a leak is attributed
# by its whole stack (lsan.supp).
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:fast_unwind_on_malloc=0:malloc_context_size=64
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/ctests/lsan.supp:print_suppressions=0
exec "$root/ctests/run.sh" "$@"
