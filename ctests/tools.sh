#!/usr/bin/env bash
# The user's tools (issue 9): `make install` into a temporary prefix, a C program
# built with `pkg-config --cflags --libs tlsshim` that runs against the installed
# library, `tlsshim check` verdicts for curl and wget that agree with what happens
# when they run under `tlsshim run`, TLSSHIM_LOG=trace, SSLKEYLOGFILE lines that let
# tshark decrypt a capture (both faces, TLS 1.3 and 1.2), and `make uninstall`.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/ctests/out/tools
rm -rf "$work"
mkdir -p "$work"
prefix=$(mktemp -d /tmp/tlsshim-prefix.XXXXXX)
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"
cleanup_prefix() { rm -rf "$prefix"; peers_cleanup; }
trap cleanup_prefix EXIT

failed=0 passed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

pki=$root/ctests/out/pki
"$root/tools/pki.sh" "$pki" >/dev/null
www=$work/www
mkdir -p "$www"
echo "hello from s_server" >"$www/index.html"
start_peer -C "$www" s_server "$work/s_server.log" \
    openssl s_server -accept 127.0.0.1:@PORT@ -WWW -quiet -cert "$pki/server.pem" -key "$pki/server.key"
port=$started_port
start_peer "gnutls-serv --http" "$work/gnutls-serv.log" \
    gnutls-serv --http --port @PORT@ --x509certfile "$pki/server-chain.pem" \
    --x509keyfile "$pki/server.key" --disable-client-cert
gport=$started_port

# --- make install -----------------------------------------------------------------
if make -C "$root" install PREFIX="$prefix" >"$work/install.log" 2>&1; then
    pass "make install PREFIX=$prefix"
else
    fail "make install (see $work/install.log)"; tail -5 "$work/install.log"
fi
(cd "$prefix" && find . ! -type d | sort) >"$work/installed.txt"
for f in lib/libtlsshim.so bin/tlsshim lib/pkgconfig/tlsshim.pc lib/tlsshim/libssl.so.3 \
    lib/tlsshim/libssl.so lib/tlsshim/libgnutls.so.30 lib/tlsshim/libgnutls.so \
    lib/tlsshim/pkgconfig/libssl.pc lib/tlsshim/pkgconfig/openssl.pc lib/tlsshim/pkgconfig/gnutls.pc \
    include/tlsshim/openssl/ssl.h include/tlsshim/gnutls/gnutls.h; do
    [[ -e $prefix/$f ]] || fail "installed file missing: $f"
done
# Nothing that shadows the system libraries in $prefix/lib itself.
if ls "$prefix"/lib/libssl* "$prefix"/lib/libgnutls* >/dev/null 2>&1; then
    fail "libssl/libgnutls links outside the private directory"
else
    pass "libssl/libgnutls links only in the private directory lib/tlsshim"
fi
tlsshim=$prefix/bin/tlsshim

# --- a C program built with pkg-config tlsshim ------------------------------------
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046 # pkg-config output is a list of flags
if cc -Wall -Wextra -Werror -o "$work/pc_client" "$root/ctests/tools/pc_client.c" \
    $(pkg-config --cflags --libs tlsshim) 2>"$work/cc.log"; then
    out=$(env -u LD_PRELOAD -u LD_LIBRARY_PATH TLSSHIM_DEBUG=1 "$work/pc_client" "$port" "$pki/ca.pem" 2>"$work/pc_client.err")
    rc=$?
    echo "$out" >"$work/pc_client.out"
    if [[ $rc == 0 ]] && grep -q "^SSL_connect from $prefix/lib/libtlsshim.so" <<<"$out" &&
        grep -q "^gnutls_init from $prefix/lib/libtlsshim.so" <<<"$out" &&
        grep -q "hello from s_server" <<<"$out" && grep -q '^tlsshim:' "$work/pc_client.err"; then
        pass "pkg-config tlsshim: C program runs against the installed library: $(head -3 <<<"$out" | tail -1)"
    else
        fail "pkg-config tlsshim program (rc=$rc)"; echo "$out" | sed 's/^/    /'
    fi
else
    fail "pkg-config tlsshim build"; sed 's/^/    /' "$work/cc.log"
fi
# The private directory's libssl.pc / gnutls.pc name ours.
pc_ssl=$(PKG_CONFIG_PATH=$prefix/lib/tlsshim/pkgconfig pkg-config --cflags --libs libssl)
pc_gnutls=$(PKG_CONFIG_PATH=$prefix/lib/tlsshim/pkgconfig pkg-config --cflags --libs gnutls)
if [[ $pc_ssl == *"-I$prefix/include/tlsshim"*"-L$prefix/lib/tlsshim"*"-lssl -lcrypto"* &&
    $pc_gnutls == *"-L$prefix/lib/tlsshim"*"-lgnutls"* ]]; then
    pass "private libssl.pc / gnutls.pc point at tlsshim"
else
    fail "private .pc files: libssl: $pc_ssl; gnutls: $pc_gnutls"
fi

# --- tlsshim --version ---------------------------------------------------------------
ver=$("$tlsshim" --version)
if grep -q '^rustls 0\.' <<<"$ver" && grep -q 'aws-lc-rs' <<<"$ver" && grep -q 'GnuTLS 3.7.9' <<<"$ver" &&
    grep -q "^library: $prefix/lib/libtlsshim.so" <<<"$ver"; then
    pass "tlsshim --version: $(tr '\n' ' ' <<<"$ver" | cut -c1-120)…"
else
    fail "tlsshim --version"; echo "$ver" | sed 's/^/    /'
fi

# --- check verdicts agree with runs --------------------------------------------------
# A "will fail at" verdict (a missing export) must come with a failing run; otherwise
# the run must succeed, and a "may fail at" (stubs) must not have been called
# (TLSSHIM_LOG=warn logs every stub call).
agree() {
    local name=$1; shift
    local check verdict rc
    check=$("$tlsshim" check "$(command -v "$name")")
    echo "$check" >"$work/check-$name.txt"
    verdict=$(grep '^verdict:' <<<"$check")
    env TLSSHIM_DEBUG=1 TLSSHIM_LOG=warn timeout 20 "$tlsshim" run "$@" >"$work/run-$name.out" 2>"$work/run-$name.err" </dev/null
    rc=$?
    if [[ $verdict == *"will fail at"* ]]; then
        if [[ $rc != 0 ]]; then pass "check $name: '$verdict'; the run failed (rc=$rc)"; else fail "check $name: '$verdict' but the run succeeded"; fi
        return
    fi
    if [[ $rc != 0 ]] || ! grep -q '^tlsshim:' "$work/run-$name.err"; then
        fail "check $name: '$verdict' but the run failed (rc=$rc) or did not use tlsshim"; return
    fi
    if grep -q 'stub called' "$work/run-$name.err"; then
        fail "check $name: a stub was called: $(grep 'stub called' "$work/run-$name.err" | head -3 | tr '\n' ' ')"; return
    fi
    pass "check $name: '${verdict:0:100}'; tlsshim run $name: rc=0, $(head -1 "$work/run-$name.out")"
}
agree curl curl -sS --cacert "$pki/ca.pem" "https://localhost:$port/index.html"
agree wget wget -qO- --tries=1 --ca-certificate="$pki/ca.pem" "https://localhost:$gport/"
if grep -q 'implemented SSL_connect ' <(sed 's/  */ /g' "$work/check-curl.txt") &&
    grep -q 'implemented gnutls_handshake ' <(sed 's/  */ /g' "$work/check-wget.txt"); then
    pass "check lists curl's SSL_connect and wget's gnutls_handshake as implemented"
else
    fail "check output lacks SSL_connect (curl) / gnutls_handshake (wget)"
fi
# A program that does not use TLS at all.
if "$tlsshim" check "$(command -v true)" | grep -q '^verdict: should work'; then
    pass "check true: should work (imports nothing of ours)"
else
    fail "check true"
fi

# --- TLSSHIM_LOG=trace ----------------------------------------------------------------
env TLSSHIM_LOG=trace TLSSHIM_LOG_FILE="$work/trace.log" "$tlsshim" run curl -sS --cacert "$pki/ca.pem" \
    "https://localhost:$port/index.html" >/dev/null 2>"$work/trace.err"
if grep -q 'SSL_connect' "$work/trace.log" 2>/dev/null && grep -q 'SSL_read' "$work/trace.log"; then
    pass "TLSSHIM_LOG=trace: $(wc -l <"$work/trace.log") lines, SSL_connect and SSL_read among them"
else
    fail "TLSSHIM_LOG=trace: no SSL_connect/SSL_read lines in $work/trace.log"
fi
if grep -q 'SSL_connect -> 1' "$work/trace.log" 2>/dev/null &&
    grep -Eq 'SSL_write\(0x[0-9a-f]+, 0x[0-9a-f]+, [0-9]+\)' "$work/trace.log"; then
    pass "TLSSHIM_LOG=trace: arguments and outcomes ($(grep -Em1 -o 'SSL_write\(.*' "$work/trace.log"), SSL_connect -> 1)"
else
    fail "TLSSHIM_LOG=trace: no 'SSL_write(ssl, buf, n)' / 'SSL_connect -> 1' lines in $work/trace.log"
fi
# Trace: a string passed with its length is not read past it, a password not logged.
cc -Wall -o "$work/trace_args" "$root/ctests/tools/trace_args.c" -lgnutls
if env TLSSHIM_LOG=trace TLSSHIM_LOG_FILE="$work/trace-args.log" "$tlsshim" run "$work/trace_args" \
    "$pki/server.pem" "$pki/server.key" >"$work/trace-args.out" 2>&1 &&
    grep -q 'gnutls_idna_map(0x' "$work/trace-args.log" &&
    grep -q 'gnutls_certificate_set_x509_key_file2(' "$work/trace-args.log" &&
    ! grep -q 'not-in-the-log' "$work/trace-args.log"; then
    pass "TLSSHIM_LOG=trace: a sized string shown as a pointer, a password not logged"
else
    fail "TLSSHIM_LOG=trace: sized string or password ($work/trace-args.out, $work/trace-args.log)"
fi
# Debug: each errno translation of the GnuTLS transport (a client whose handshake runs
# on a non-blocking socket, so its first read meets EAGAIN; built against the system
# headers, run under tlsshim).
cc -Wall -o "$work/nb_client" "$root/ctests/tools/nb_client.c" -lgnutls
env TLSSHIM_LOG=debug TLSSHIM_LOG_FILE="$work/debug.log" "$tlsshim" run "$work/nb_client" "$port" \
    "$pki/ca.pem" >"$work/nb_client.out" 2>/dev/null
if grep -q 'tlsshim::errno: gnutls pull: EAGAIN -> GNUTLS_E_AGAIN' "$work/debug.log" 2>/dev/null; then
    pass "TLSSHIM_LOG=debug: errno translations (EAGAIN -> GNUTLS_E_AGAIN)"
else
    fail "TLSSHIM_LOG=debug: no errno translation line in $work/debug.log"
fi
quiet=$(env TLSSHIM_LOG= "$tlsshim" run curl -sS --cacert "$pki/ca.pem" "https://localhost:$port/index.html" 2>&1 >/dev/null)
if [[ -z $quiet ]]; then pass "TLSSHIM_LOG unset: nothing on stderr"; else fail "TLSSHIM_LOG unset: stderr: $quiet"; fi

# --- SSLKEYLOGFILE: tshark decrypts a captured session with our key log -------------
# One face each: curl (libssl) and wget (GnuTLS) fetch through tlsshim while dumpcap
# captures 127.0.0.1:$port; tshark then shows the HTTP request inside the TLS only
# with the key log (and not without it, so the keys are what decrypts it).
keylog_check() { # name command...
    local name=$1 cap=$work/$1.pcapng keys=$work/$1.keys; shift
    rm -f "$cap" "$keys"
    dumpcap -q -i lo -f "tcp port $port" -w "$cap" 2>"$work/$name.dumpcap" &
    local dpid=$!
    for _ in $(seq 50); do grep -q "Capturing on" "$work/$name.dumpcap" && break; sleep 0.1; done
    env SSLKEYLOGFILE="$keys" "$tlsshim" run "$@" >/dev/null 2>&1
    sleep 0.5; kill -INT "$dpid"; wait "$dpid" 2>/dev/null
    local with without
    with=$(tshark -r "$cap" -o "tls.keylog_file:$keys" -Y http.request -T fields -e http.request.uri 2>/dev/null)
    without=$(tshark -r "$cap" -Y http.request -T fields -e http.request.uri 2>/dev/null)
    if [[ $with == "/index.html" && -z $without ]]; then
        pass "SSLKEYLOGFILE $name: tshark decrypts the request ($(wc -l <"$keys") key log lines)"
    else
        fail "SSLKEYLOGFILE $name: with the key log: '$with', without: '$without' (see $cap, $keys)"
    fi
}
if command -v dumpcap >/dev/null && command -v tshark >/dev/null; then
    keylog_check curl curl -sS --cacert "$pki/ca.pem" "https://localhost:$port/index.html"
    keylog_check curl-tls12 curl -sS --tlsv1.2 --tls-max 1.2 --cacert "$pki/ca.pem" "https://localhost:$port/index.html"
    keylog_check wget wget -qO /dev/null --ca-certificate="$pki/ca.pem" "https://localhost:$port/index.html"
    keylog_check wget-tls12 wget -qO /dev/null --ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.2 --ca-certificate="$pki/ca.pem" "https://localhost:$port/index.html"
else
    fail "tshark/dumpcap not installed (tools/install-deps.sh installs tshark)"
fi

# --- make uninstall -------------------------------------------------------------------
make -C "$root" uninstall PREFIX="$prefix" >"$work/uninstall.log" 2>&1
left=$(cd "$prefix" && find . ! -type d)
if [[ -z $left ]]; then
    pass "make uninstall removed all $(wc -l <"$work/installed.txt") installed files"
else
    fail "make uninstall left: $left"
fi

echo "tools: $passed passed, $failed failed"
exit $((failed > 0))
