#!/usr/bin/env bash
# tools/valgrind.sh [NAME...] — the differential ctests with their tlsshim (preloaded)
# runs under valgrind memcheck: any memory error or definitely-lost block makes the
# preloaded run exit 99, which ctests/run.sh reports as a failure (the real-library
# run must exit 0). Logs: ctests/out/logs/valgrind/PID.log. `all` = every SUITE member.
# shim/null_sweep runs with memory-error checking only: it hands fresh objects to every
# export and never frees them on purpose (the test's own leaks, not the library's).
set -euo pipefail
cd "$(dirname "$0")/.."
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(ossl_client_basic ossl_io ossl_session gnutls_client_basic gnutls_errors)
mkdir -p ctests/out/logs/valgrind
rm -f ctests/out/logs/valgrind/*.log
if [[ ${names[0]} == all ]]; then mapfile -t names < <(grep -v '^#' ctests/SUITE | grep -v '^$'); fi
export CTEST_TIMEOUT=${CTEST_TIMEOUT:-300}
vg="valgrind -q --error-exitcode=99 --num-callers=30 --suppressions=$PWD/tools/valgrind.supp --log-file=$PWD/ctests/out/logs/valgrind/%p.log"
leaks="--leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
rest=() sweep=()
for n in "${names[@]}"; do if [[ $n == shim/null_sweep ]]; then sweep+=("$n"); else rest+=("$n"); fi; done
rc=0
if [[ ${#rest[@]} -gt 0 ]]; then CTEST_WRAP="$vg $leaks" ./ctests/run.sh "${rest[@]}" || rc=1; fi
if [[ ${#sweep[@]} -gt 0 ]]; then CTEST_WRAP="$vg --leak-check=no" ./ctests/run.sh "${sweep[@]}" || rc=1; fi
echo "valgrind logs: $(ls ctests/out/logs/valgrind | wc -l) files, $(cat ctests/out/logs/valgrind/*.log 2>/dev/null | grep -c 'ERROR SUMMARY\|definitely lost' || true) error/leak report lines"
exit $rc
