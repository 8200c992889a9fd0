#!/bin/bash
# Runs ctests/gnutls_x509.c and ctests/gnutls_names.c against the real libgnutls and
# under LD_PRELOAD=build/lib/libtlsshim.so; fails if any printed fact differs.
# (ctests/gnutls_suites.c needs a gnutls-serv peer and the session code; not run here.)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
so=$top/build/lib/libtlsshim.so
# A missing or unloadable library must fail, not silently compare the real one with itself.
maps=$(env LD_PRELOAD="$so" cat /proc/self/maps 2>/dev/null || true)
if [[ $maps != *"$(basename "$so")"* ]]; then
  echo "FAIL: $so is missing or not loaded by LD_PRELOAD"; exit 100
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pki=${TLSSHIM_PKI:-$out/pki}
[ -f "$pki/san.pem" ] || "$top/ctests/mkpki_x509.sh" "$pki" >/dev/null
status=0
for t in gnutls_x509 gnutls_names; do
    gcc -Wall -o "$out/$t" "$top/ctests/$t.c" -lgnutls
    env -u LD_PRELOAD "$out/$t" "$pki" > "$out/$t.real" 2>&1
    LD_PRELOAD=$so "$out/$t" "$pki" > "$out/$t.ours" 2>&1
    if diff -u "$out/$t.real" "$out/$t.ours"; then
        echo "ok   $t ($(wc -l < "$out/$t.real") facts)"
    else
        echo "FAIL $t"; status=1
    fi
done
exit $status
