#!/usr/bin/env bash
# The foundation's promises about the shared object itself:
# - every libssl export of the system libssl.so.3 (518 names in OPENSSL_3.0.0) is
#   defined by us with its version node, and the GnuTLS names carry theirs;
# - standing in for libssl.so.3 / libgnutls.so.30 through LD_LIBRARY_PATH=build/lib
#   works for a real program (curl) with no "no version information" warning, and
#   the program's SSL_connect binds to our library.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so=$root/build/lib/libtlsshim.so
[[ -f $so ]] || { echo "FAIL: $so is missing"; exit 100; }
failed=0 passed=0
ok() { passed=$((passed + 1)); echo "PASS $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

ours=$(readelf --dyn-syms -W "$so" | awk '$7 != "UND" {print $8}')
real_ssl=$(readelf --dyn-syms -W /lib/x86_64-linux-gnu/libssl.so.3 | awk '$7 != "UND" && $8 ~ /@@?OPENSSL_3.0.0$/ {sub(/@.*/, "", $8); print $8}' | sort -u)
n_real=$(wc -l <<<"$real_ssl")
missing=$(comm -23 <(echo "$real_ssl") <(grep '@@OPENSSL_3.0.0$' <<<"$ours" | sed 's/@.*//' | sort -u))
if [[ -z $missing && $n_real -ge 500 ]]; then ok "all $n_real libssl exports defined as NAME@@OPENSSL_3.0.0"; else bad "libssl exports missing: $(head -c 300 <<<"$missing")"; fi
for s in SSL_write@@OPENSSL_3.0.0 SSL_write_ex@@OPENSSL_3.0.0 SSL_get_error@@OPENSSL_3.0.0 \
    gnutls_handshake@@GNUTLS_3_4 gnutls_record_send@@GNUTLS_3_4 gnutls_free@@GNUTLS_3_4; do
    if grep -qx "$s" <<<"$ours"; then ok "$s"; else bad "$s not exported"; fi
done
# Every GnuTLS name we define carries the node the real library gives it.
joined=$(join <(readelf --dyn-syms -W /lib/x86_64-linux-gnu/libgnutls.so.30 | awk '$7 != "UND" && $8 ~ /@@?GNUTLS_/ {n=$8; sub(/@@?/, " ", n); print n}' | sort) \
    <(grep '@@GNUTLS_' <<<"$ours" | sed 's/@@/ /' | sort))
ours_gnutls=$(grep -c '@@GNUTLS_' <<<"$ours")
wrong=$(awk '$2 != $3' <<<"$joined")
if [[ -z $wrong && $(wc -l <<<"$joined") -eq $ours_gnutls && $ours_gnutls -gt 1000 ]]; then
    ok "all $ours_gnutls GnuTLS exports carry the real library's version nodes"
else
    bad "GnuTLS nodes differ or names unknown to the real library: $(head -c 300 <<<"$wrong")"
fi
if readelf --dyn-syms -W "$so" | awk '$8=="gnutls_free@@GNUTLS_3_4" && $3 == 8 && $4 == "OBJECT"' | grep -q .; then
    ok "gnutls_free is an 8-byte data object"
else
    bad "gnutls_free is not an 8-byte data object"
fi

# Drop-in through LD_LIBRARY_PATH.
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"
pki=$root/ctests/out/pki
"$root/tools/pki.sh" "$pki" >/dev/null
www=$root/ctests/out/exports-www
mkdir -p "$www"
echo "drop-in page" >"$www/index.html"
start_peer -C "$www" s_server "$root/ctests/out/exports-s_server.log" \
    openssl s_server -accept 127.0.0.1:@PORT@ -WWW -quiet -cert "$pki/server.pem" -key "$pki/server.key"
out=$(env -u LD_PRELOAD LD_LIBRARY_PATH="$root/build/lib" LD_DEBUG=bindings LD_DEBUG_OUTPUT="$root/ctests/out/exports-bindings" \
    TLSSHIM_DEBUG=1 timeout 30 curl -sS --cacert "$pki/ca.pem" "https://localhost:$started_port/index.html" 2>"$root/ctests/out/exports-curl.err")
if [[ $out == "drop-in page" ]]; then ok "curl with LD_LIBRARY_PATH=build/lib fetched the page"; else bad "curl drop-in fetch: '$out'"; fi
if grep -q "no version information" "$root/ctests/out/exports-curl.err"; then bad "a 'no version information' warning"; else ok "no 'no version information' warning"; fi
if cat "$root"/ctests/out/exports-bindings.* 2>/dev/null | grep "normal symbol \`SSL_connect'" | grep -q "build/lib/libssl.so.3"; then
    ok "curl's SSL_connect bound to build/lib/libssl.so.3 (ours) [OPENSSL_3.0.0]"
else
    bad "curl's SSL_connect did not bind to build/lib/libssl.so.3"
fi
rm -f "$root"/ctests/out/exports-bindings.*
echo "exports: $passed passed, $failed failed"
exit $((failed > 0))
