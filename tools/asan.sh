#!/usr/bin/env bash
# tools/asan.sh [NAME...] — the differential ctests (ctests/SUITE, or the names given)
# built with AddressSanitizer + UndefinedBehaviorSanitizer (and LeakSanitizer, on with
# ASan), run against the real libraries and with tlsshim preloaded (after the ASan
# runtime, which must come first). Any sanitizer report fails the run: ASan/LSan exit
# non-zero, UBSan halts on the first error. What it catches on our side: C buffers we
# write past, pointers we hand out that the program frees wrongly, memory we leak
# (Rust allocates with the system malloc, which ASan intercepts).
#
# shim/null_sweep runs without leak detection: it calls every constructor with valid
# arguments and drops the result on purpose (it checks that no call crashes), so its
# leaks are the test's own; memory errors are still fatal there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
asan=$(gcc -print-file-name=libasan.so)
[[ -e $asan ]] || { echo "asan.sh: no libasan.so for gcc (install gcc's ASan runtime)" >&2; exit 1; }
export CTEST_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
export CTEST_OUT=$root/ctests/out/asan
export CTEST_PRELOAD_FIRST=$asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
opts=halt_on_error=1:abort_on_error=0
sweep=shim/null_sweep
if [[ $# -eq 0 ]]; then
    mapfile -t names < <(grep -v '^#' "$root/ctests/SUITE" | grep -v "^$sweep\$" | grep .)
    ASAN_OPTIONS=detect_leaks=1:$opts "$root/ctests/run.sh" "${names[@]}"
    ASAN_OPTIONS=detect_leaks=0:$opts exec "$root/ctests/run.sh" "$sweep"
fi
ASAN_OPTIONS=detect_leaks=1:$opts exec "$root/ctests/run.sh" "$@"
