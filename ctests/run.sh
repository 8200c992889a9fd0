#!/usr/bin/env bash
# ctests/run.sh [NAME...] — the differential C tests.
#
#   ./ctests/run.sh               the suite: every name listed in ctests/SUITE
#   ./ctests/run.sh NAME...       the named tests, listed in SUITE or not
#                                 (NAME: ossl_errors, shim/stubs, or a path to the .c)
#
# A test ctests/NAME.c is built against the SYSTEM headers and run twice: against the
# real libraries, and with LD_PRELOAD=build/lib/libtlsshim.so. Its stdout must be
# byte-identical in both runs, both must exit 0, and the stderr line that
# harness_init() writes must show SSL_write / gnutls_record_send bound to the system
# libraries in the first run and to libtlsshim.so in the second.
# A test ctests/shim/NAME.c has no real-library twin: it runs once, preloaded, must
# exit 0 and must print no line starting with "FAIL".
#
# Peers (openssl s_server, gnutls-serv, ctests/peer.py) always run without
# LD_PRELOAD, on free 127.0.0.1 ports, and are killed by pid on exit:
#   OSSL_PORT    openssl s_server -www, sends server.pem only (no chain), so a client
#                trusting other-ca.pem gets X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
#   GNUTLS_PORT  gnutls-serv --http, sends server-chain.pem (leaf + CA)
#   HARNESS_PEER ctests/peer.py, one-connection scripted peers (see harness.h)
# Environment knobs: CTEST_TIMEOUT (seconds per run, 30), CTEST_DIFF_LINES (60),
# CTEST_WRAP (a command prefix for the preloaded runs only, e.g. valgrind),
# CTEST_CFLAGS (extra compiler flags, e.g. sanitizers), CTEST_OUT (the build and log
# directory, ctests/out), CTEST_PRELOAD_FIRST (a library preloaded before ours, e.g.
# the ASan runtime, which must come first). tools/asan.sh uses the last three.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
out=${CTEST_OUT:-$root/ctests/out}
so=$root/build/lib/libtlsshim.so
per_test_timeout=${CTEST_TIMEOUT:-30}
diff_lines=${CTEST_DIFF_LINES:-60}

mkdir -p "$out/shim" "$out/logs"

# ---------------------------------------------------------------- peers
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"
python=$peers_python

start_peers() {
    pki=$out/pki
    ./tools/pki.sh "$pki"
    start_peer "openssl s_server" "$out/logs/s_server.log" \
        openssl s_server -accept 127.0.0.1:@PORT@ -www -cert "$pki/server.pem" \
        -key "$pki/server.key"
    OSSL_PORT=$started_port
    start_peer "gnutls-serv" "$out/logs/gnutls-serv.log" \
        gnutls-serv --http --alpn http/1.1 --alpn h2 --port @PORT@ --x509certfile "$pki/server-chain.pem" \
        --x509keyfile "$pki/server.key" --disable-client-cert
    GNUTLS_PORT=$started_port
    export OSSL_PORT GNUTLS_PORT
    export TLSSHIM_PKI=$pki
    HARNESS_PEER="$(printf '%q %q' "$python" "$root/ctests/peer.py")"
    export HARNESS_PEER
}

# ---------------------------------------------------------------- build
CC=${CC:-gcc}
cflags=(-Wall -O1 -g -fPIE -pie -I"$root/ctests")
# shellcheck disable=SC2206 # CTEST_CFLAGS is a list of flags
cflags+=(${CTEST_CFLAGS:-})
libs=(-lssl -lcrypto -lgnutls -ldl -lpthread)

build() { # src bin: (re)built when it is missing or older than its source or a header
    local src=$1 bin=$2 stale=0 h
    [[ ! -x $bin || $src -nt $bin ]] && stale=1
    for h in "$root"/ctests/*.h; do [[ $h -nt $bin ]] && stale=1; done
    if [[ $stale == 1 ]]; then
        "$CC" "${cflags[@]}" -o "$bin" "$src" "${libs[@]}"
    fi
}

# ---------------------------------------------------------------- checks
# check_origin MODE STDERR_FILE — the harness_init lines match the expected library.
# MODE real: both symbols from the system libssl.so.3 / libgnutls.so.30 (not ours).
# MODE ours: both symbols from libtlsshim.so (the very file in build/lib).
check_origin() {
    local mode=$1 errf=$2 sym line lib ok=0
    for sym in SSL_write gnutls_record_send; do
        line=$(grep -m1 "^harness: $sym from " "$errf" || true)
        if [[ -z $line ]]; then
            echo "    no 'harness: $sym from' line on stderr (harness_init not called?)"
            ok=1
            continue
        fi
        lib=${line#"harness: $sym from "}
        local resolved
        resolved=$(realpath -e "$lib" 2>/dev/null || echo "$lib")
        if [[ $mode == ours ]]; then
            if [[ $resolved != "$(realpath -e "$so")" ]]; then
                echo "    $sym bound to $lib, expected $so"
                ok=1
            fi
        else
            local want=libssl.so.3
            [[ $sym == gnutls_record_send ]] && want=libgnutls.so.30
            if [[ $(basename "$lib") != "$want" || $resolved == "$(realpath -e "$so" 2>/dev/null || echo "$so")" ]]; then
                echo "    $sym bound to $lib, expected the system $want"
                ok=1
            fi
        fi
    done
    return $ok
}

# run_one MODE BIN TAG — runs BIN (real: no preload; ours: preloaded), output in
# $out/logs/TAG.MODE.{out,err}; prints the exit status.
run_one() {
    local mode=$1 bin=$2 tag=$3 preload=${4:-$so} rc=0
    preload=${CTEST_PRELOAD_FIRST:+$CTEST_PRELOAD_FIRST:}$preload
    local o=$out/logs/$tag.$mode.out e=$out/logs/$tag.$mode.err
    if [[ $mode == real ]]; then
        env -u LD_PRELOAD timeout -k 5 "$per_test_timeout" "$bin" >"$o" 2>"$e" || rc=$?
    else
        # CTEST_WRAP (word-split; empty by default): a command the preloaded run goes
        # through, e.g. valgrind (tools/valgrind.sh); real runs are never wrapped.
        # shellcheck disable=SC2086
        env LD_PRELOAD="$preload" timeout -k 5 "$per_test_timeout" ${CTEST_WRAP:-} "$bin" >"$o" 2>"$e" || rc=$?
    fi
    echo "$rc"
}

describe_rc() {
    case $1 in
    0) echo "exit 0" ;;
    124) echo "timed out after ${per_test_timeout}s" ;;
    *) if (($1 > 128)); then echo "killed by signal $(($1 - 128)) ($(kill -l $(($1 - 128)) 2>/dev/null || echo ?))"; else echo "exit $1"; fi ;;
    esac
}

show_stderr() { # file
    if [[ -s $1 ]]; then
        echo "    stderr ($1):"
        tail -n 15 "$1" | sed 's/^/      /'
    fi
}

# diff_test NAME — a test with a real-library twin.
diff_test() {
    local name=$1 bin=$out/$1 rc_real rc_ours
    rc_real=$(run_one real "$bin" "$name")
    rc_ours=$(run_one ours "$bin" "$name")
    local lr=$out/logs/$name.real lo=$out/logs/$name.ours
    local msgs=()
    if [[ $rc_real != 0 ]]; then
        msgs+=("real run: $(describe_rc "$rc_real") (a test must pass on the real library)")
    fi
    if [[ $rc_ours != 0 ]]; then
        msgs+=("tlsshim run: $(describe_rc "$rc_ours")")
    fi
    local origin
    if ! origin=$(check_origin real "$lr.err"); then msgs+=("real run bound the wrong library:" "$origin"); fi
    if ! origin=$(check_origin ours "$lo.err"); then msgs+=("tlsshim run bound the wrong library:" "$origin"); fi
    local differs=0
    cmp -s "$lr.out" "$lo.out" || differs=1
    [[ $differs == 1 ]] && msgs+=("stdout differs")
    if [[ ! -s $lr.out ]]; then msgs+=("real run printed nothing"); fi
    if [[ ${#msgs[@]} -eq 0 ]]; then
        echo "PASS $name ($(wc -l <"$lr.out") lines)"
        return 0
    fi
    echo "FAIL $name"
    printf '    %s\n' "${msgs[@]}"
    if [[ $differs == 1 ]]; then
        diff -u --label "real ($lr.out)" --label "tlsshim ($lo.out)" "$lr.out" "$lo.out" >"$out/logs/$name.diff" || true
        echo "    unified diff (--- real, +++ tlsshim):"
        head -n "$diff_lines" "$out/logs/$name.diff" | sed 's/^/      /'
        local n
        n=$(wc -l <"$out/logs/$name.diff")
        ((n > diff_lines)) && echo "      … $((n - diff_lines)) more lines in $out/logs/$name.diff"
    fi
    [[ $rc_real != 0 ]] && show_stderr "$lr.err"
    [[ $rc_ours != 0 ]] && show_stderr "$lo.err"
    return 1
}

# shim_test NAME (NAME = shim/x) — ours only.
shim_test() {
    local name=$1 tag=${1//\//_} rc msgs=()
    rc=$(run_one ours "$out/$name" "$tag")
    local lo=$out/logs/$tag.ours
    [[ $rc != 0 ]] && msgs+=("$(describe_rc "$rc")")
    local origin
    if ! origin=$(check_origin ours "$lo.err"); then msgs+=("bound the wrong library:" "$origin"); fi
    if grep -q '^FAIL' "$lo.out"; then msgs+=("$(grep '^FAIL' "$lo.out")"); fi
    if [[ ! -s $lo.out ]]; then msgs+=("printed nothing"); fi
    if [[ ${#msgs[@]} -eq 0 ]]; then
        echo "PASS $name ($(wc -l <"$lo.out") lines, tlsshim only)"
        return 0
    fi
    echo "FAIL $name"
    printf '    %s\n' "${msgs[@]}"
    show_stderr "$lo.err"
    return 1
}

# ---------------------------------------------------------------- self-test
# Proves the harness cannot pass silently: a preload of a missing file, or of a
# library that is not ours, is detected; a stdout difference is detected.
self_test() {
    local src=$out/selftest.c bin=$out/selftest rc
    cat >"$src" <<'C'
#include "harness.h"
int main(void)
{
    harness_init();
    const char *extra = getenv("SELFTEST_EXTRA");
    say("selftest%s", extra ? extra : "");
    return 0;
}
C
    build "$src" "$bin"
    rc=$(run_one ours "$bin" selftest-missing "$out/does-not-exist/libtlsshim.so")
    if [[ $rc != 0 ]] || check_origin ours "$out/logs/selftest-missing.ours.err" >/dev/null; then
        echo "FAIL self-test: a preload of a missing file was not detected" >&2
        return 1
    fi
    local other
    other=$(gcc -print-file-name=libz.so.1)
    [[ -e $other ]] || other=/lib/x86_64-linux-gnu/libz.so.1
    rc=$(run_one ours "$bin" selftest-other "$other")
    if [[ $rc != 0 ]] || check_origin ours "$out/logs/selftest-other.ours.err" >/dev/null; then
        echo "FAIL self-test: a preload of another library ($other) was not detected" >&2
        return 1
    fi
    rc=$(run_one ours "$bin" selftest-ours)
    if [[ $rc != 0 ]] || ! check_origin ours "$out/logs/selftest-ours.ours.err" >/dev/null; then
        echo "FAIL self-test: with $so preloaded, SSL_write/gnutls_record_send are not bound to it:" >&2
        check_origin ours "$out/logs/selftest-ours.ours.err" >&2 || true
        return 1
    fi
    rc=$(run_one real "$bin" selftest-real)
    if [[ $rc != 0 ]] || ! check_origin real "$out/logs/selftest-real.real.err" >/dev/null; then
        echo "FAIL self-test: the real run is not bound to the system libraries" >&2
        return 1
    fi
    SELFTEST_EXTRA=" differs" run_one ours "$bin" selftest-diff >/dev/null
    if cmp -s "$out/logs/selftest-real.real.out" "$out/logs/selftest-diff.ours.out"; then
        echo "FAIL self-test: a stdout difference was not detected" >&2
        return 1
    fi
    echo "PASS self-test (missing preload, foreign preload and stdout differences are detected)"
}

# ---------------------------------------------------------------- main
normalize() { # a name or path → NAME or shim/NAME
    local n=${1#./}
    n=${n#ctests/}
    n=${n%.c}
    echo "$n"
}

tests=()
if [[ $# -gt 0 ]]; then
    for a in "$@"; do tests+=("$(normalize "$a")"); done
else
    while read -r line; do
        line=${line%%#*}
        line=${line//[[:space:]]/}
        [[ -n $line ]] && tests+=("$(normalize "$line")")
    done <ctests/SUITE
fi

for t in "${tests[@]}"; do
    if [[ ! -f ctests/$t.c ]]; then
        echo "run.sh: no test ctests/$t.c" >&2
        exit 1
    fi
done

if [[ ! -f $so ]]; then
    echo "run.sh: $so is missing; run 'make lib' first" >&2
    exit 1
fi

start=$SECONDS
for t in "${tests[@]}"; do
    build "ctests/$t.c" "$out/$t"
done

self_test

start_peers

failed=()
for t in "${tests[@]}"; do
    if [[ $t == shim/* ]]; then
        shim_test "$t" || failed+=("$t")
    else
        diff_test "$t" || failed+=("$t")
    fi
done

echo "ctests: $((${#tests[@]} - ${#failed[@]}))/${#tests[@]} passed in $((SECONDS - start))s (logs in $out/logs)"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "ctests: FAILED: ${failed[*]}"
    exit 1
fi
