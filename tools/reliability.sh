#!/usr/bin/env bash
# tools/reliability.sh [CONNS] — RSS churn and load (issue 7; RELIABILITY.md):
#  1. ctests/reliability/churn.c, preloaded: 100,000 SSL objects (one SSL_CTX) and
#     100,000 gnutls sessions (one credentials object) created and freed; RSS flat.
#  2. ctests/reliability/load.c: a server on our libssl face, then one on our GnuTLS
#     face (preloaded; 8 threads sharing one SSL_CTX / credentials), each taking CONNS
#     (1000) connections from the load generator run with the REAL libraries, in
#     batches of 100 concurrent; 64 KiB each way per connection, checked byte-exact.
# Everything runs under `timeout`; exit status 0 only if every part passed.
set -uo pipefail
cd "$(dirname "$0")/.."
conns=${1:-1000}
so=$PWD/build/lib/libtlsshim.so
pki=$PWD/build/reliability/pki
mkdir -p build/reliability
./tools/pki.sh "$pki"
cflags=(-O2 -g -Wall -Wextra -Werror -pthread)
gcc "${cflags[@]}" -o build/reliability/churn ctests/reliability/churn.c -lssl -lcrypto -lgnutls || exit 1
gcc "${cflags[@]}" -o build/reliability/load ctests/reliability/load.c -lssl -lcrypto -lgnutls || exit 1
fail=0
env LD_PRELOAD="$so" timeout 300 build/reliability/churn 100000 "$pki/ca.pem" || fail=1
for face in ossl gnutls; do
    pf=build/reliability/port.$face
    rm -f "$pf"
    env LD_PRELOAD="$so" timeout 600 build/reliability/load server $face "$pf" "$conns" 8 "$pki" \
        >build/reliability/server.$face.out 2>build/reliability/server.$face.err &
    spid=$!
    for _ in $(seq 100); do [[ -s $pf ]] && break; sleep 0.1; done
    env -u LD_PRELOAD timeout 600 build/reliability/load client $face "$(cat "$pf")" "$conns" 100 "$pki" || fail=1
    wait "$spid" || fail=1
    cat build/reliability/server.$face.out
    grep -m5 . build/reliability/server.$face.err | sed 's/^/    server stderr: /'
done
[[ $fail -eq 0 ]] && echo "reliability: all passed" || echo "reliability: FAILED"
exit $fail
