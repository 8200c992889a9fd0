#!/usr/bin/env bash
# tools/valgrind.sh [NAME...] — the differential ctests with their tlsshim (preloaded)
# runs under valgrind memcheck: any memory error or definitely-lost block makes the
# preloaded run exit 99, which ctests/run.sh reports as a failure (the real-library
# run must exit 0). Logs: ctests/out/logs/valgrind/NAME.PID.log.
set -euo pipefail
cd "$(dirname "$0")/.."
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(ossl_client_basic ossl_io ossl_session gnutls_client_basic gnutls_errors)
mkdir -p ctests/out/logs/valgrind
rm -f ctests/out/logs/valgrind/*.log
export CTEST_TIMEOUT=${CTEST_TIMEOUT:-300}
export CTEST_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=30 --suppressions=$PWD/tools/valgrind.supp --log-file=$PWD/ctests/out/logs/valgrind/%p.log"
./ctests/run.sh "${names[@]}"
echo "valgrind logs: $(ls ctests/out/logs/valgrind | wc -l) files, $(cat ctests/out/logs/valgrind/*.log 2>/dev/null | grep -c 'ERROR SUMMARY\|definitely lost' || true) error/leak report lines"
