#!/usr/bin/env bash
# tools/reliability.sh [CONNS] — RSS churn and load (issue 7; RELIABILITY.md):
#  1. ctests/reliability/churn.c, preloaded: 100,000 SSL objects (one SSL_CTX) and
#     100,000 gnutls sessions (one credentials object) created and freed; RSS flat.
#  2. ctests/reliability/load.c: a server on our libssl face, then one on our GnuTLS
#     face (preloaded; one SSL_CTX / credentials shared by all threads), each taking
#     CONNS (1000) connections from the load generator run with the REAL libraries,
#     twice: all CONNS at once (a thread per connection on both sides; the clients
#     wait after their handshakes until all are done, so the server holds CONNS open
#     at once, which it reports and this script checks), then with 8 server threads
#     taking batches of 100; 64 KiB each way per connection, checked byte-exact.
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
# A descriptor per connection on each side, plus the usual ones.
ulimit -n $(( conns + 256 > 4096 ? conns + 256 : 4096 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
env LD_PRELOAD="$so" timeout 300 build/reliability/churn 100000 "$pki/ca.pem" || fail=1
for face in ossl gnutls; do
    # server threads (0: one per connection) and client batch for each run
    for shape in "0 $conns" "8 100"; do
        read -r threads batch <<<"$shape"
        pf=build/reliability/port.$face
        out=build/reliability/server.$face.$threads
        rm -f "$pf"
        env LD_PRELOAD="$so" timeout 600 build/reliability/load server $face "$pf" "$conns" "$threads" "$pki" \
            >"$out.out" 2>"$out.err" &
        spid=$!
        for _ in $(seq 100); do [[ -s $pf ]] && break; sleep 0.1; done
        env -u LD_PRELOAD timeout 600 build/reliability/load client $face "$(cat "$pf")" "$conns" "$batch" "$pki" || fail=1
        wait "$spid" || fail=1
        cat "$out.out"
        grep -m5 . "$out.err" | sed 's/^/    server stderr: /'
        if [[ $threads == 0 ]] && ! grep -q "at most $conns connections open at once" "$out.out"; then
            echo "reliability: the $face server did not hold $conns connections at once"
            fail=1
        fi
    done
done
[[ $fail -eq 0 ]] && echo "reliability: all passed" || echo "reliability: FAILED"
exit $fail
