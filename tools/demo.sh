#!/usr/bin/env bash
# tools/demo.sh (`make demo`): unmodified curl (libssl) and wget (GnuTLS) fetch pages
# over TLS with LD_PRELOAD=build/lib/libtlsshim.so, from real servers (system
# openssl s_server and gnutls-serv, run without the preload), and show proof that
# tlsshim did the TLS: its TLSSHIM_DEBUG lines and the dynamic linker's bindings of
# SSL_connect / gnutls_handshake to libtlsshim.so. Exits non-zero when a fetch fails
# or the proof is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
so=$root/build/lib/libtlsshim.so
demo=$root/build/demo
pki=$demo/pki
www=$demo/www

# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"

if [[ ! -f $so ]]; then
    echo "demo: $so is missing; run 'make lib' first" >&2
    exit 1
fi

mkdir -p "$www" "$demo/logs"
./tools/pki.sh "$pki"
page="Hello from tlsshim demo $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
printf '%s\n' "$page" >"$www/page.html"

start_peer -C "$www" "openssl s_server -WWW" "$demo/logs/s_server.log" \
    openssl s_server -accept 127.0.0.1:@PORT@ -WWW -cert "$pki/server.pem" -key "$pki/server.key"
ossl_port=$started_port
start_peer "gnutls-serv --http" "$demo/logs/gnutls-serv.log" \
    gnutls-serv --http --port @PORT@ --x509certfile "$pki/server-chain.pem" \
    --x509keyfile "$pki/server.key" --disable-client-cert
gnutls_port=$started_port

failures=0
fail() {
    echo "demo: FAIL: $*" >&2
    failures=$((failures + 1))
}

# fetch NAME SYMBOL CMD... — runs CMD preloaded, with TLSSHIM_DEBUG=1 and the
# linker's binding log; sets $body. Prints the proof.
body=
fetch() {
    local name=$1 symbol=$2
    shift 2
    local out=$demo/logs/$name.out err=$demo/logs/$name.err ld=$demo/logs/$name.ld rc=0
    rm -f "$ld".*
    echo "== $name: LD_PRELOAD=build/lib/libtlsshim.so $*"
    LD_PRELOAD=$so TLSSHIM_DEBUG=1 LD_DEBUG=bindings LD_DEBUG_OUTPUT=$ld \
        timeout 30 "$@" >"$out" 2>"$err" || rc=$?
    body=$(cat "$out")
    if [[ $rc -ne 0 ]]; then
        fail "$name exited with status $rc"
        sed 's/^/   stderr: /' "$err" | tail -n 20 >&2
    fi
    echo "-- fetched:"
    sed 's/^/   /' "$out" | head -n 12
    echo "-- tlsshim debug lines (stderr):"
    if grep '^tlsshim:' "$err" | sed 's/^/   /' | grep .; then :; else
        fail "$name: no 'tlsshim:' line on stderr (TLSSHIM_DEBUG=1)"
    fi
    echo "-- dynamic linker bindings of $symbol:"
    local bindings
    bindings=$(cat "$ld".* 2>/dev/null | grep -E "normal symbol \`$symbol'" || true)
    if [[ -n $bindings ]]; then
        sed -E 's/^[[:space:]]*[0-9]+:[[:space:]]*//; s/^/   /' <<<"$bindings"
    fi
    if ! grep -q "to $so \[[0-9]*\]: normal symbol \`$symbol'" <<<"$bindings"; then
        fail "$name: $symbol was not bound to $so"
    fi
    echo
}

fetch curl SSL_connect \
    curl -sS --cacert "$pki/ca.pem" "https://localhost:$ossl_port/page.html"
if [[ $body != "$page" ]]; then
    fail "curl fetched something other than the page ($page)"
fi

fetch wget gnutls_handshake \
    wget --no-config --no-hsts -qO- --ca-certificate="$pki/ca.pem" "https://localhost:$gnutls_port/"
if ! grep -q 'GnuTLS' <<<"$body"; then
    fail "wget did not fetch gnutls-serv's status page"
fi

if [[ $failures -gt 0 ]]; then
    echo "demo: $failures check(s) failed (logs in build/demo/logs)" >&2
    exit 1
fi
echo "demo: curl (libssl) and wget (GnuTLS) fetched over TLS through tlsshim"
