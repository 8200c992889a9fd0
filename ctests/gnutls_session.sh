#!/bin/bash
# The GnuTLS session/record differential tests, standalone: makes the PKI, starts the
# peers (gnutls-serv --http and openssl s_server, with `env -u LD_PRELOAD`, on
# 127.0.0.1, killed by PID), builds each ctests/gnutls_*.c against the system headers,
# runs it against the real libgnutls and with LD_PRELOAD=$TLSSHIM_LIB, and diffs the
# outputs; then wget end to end. Exit status: the number of failed comparisons.
#
# Environment: TLSSHIM_LIB (default build/lib/libtlsshim.so), TLSSHIM_PKI (a directory
# for the PKI; default a temporary one), GNUTLS_PORT / OSSL_PORT / BASE_PORT (the peers'
# ports; default from 17400).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
lib=${TLSSHIM_LIB:-$top/build/lib/libtlsshim.so}
# A missing or unloadable library must fail, not silently compare the real one with itself.
maps=$(env LD_PRELOAD="$lib" cat /proc/self/maps 2>/dev/null || true)
if [[ $maps != *"$(basename "$lib")"* ]]; then
  echo "FAIL: $lib is missing or not loaded by LD_PRELOAD"; exit 100
fi
work=$(mktemp -d)
pki=${TLSSHIM_PKI:-$work/pki}
# Free ports by default (fixed ones collide with another run on the same machine).
free_ports() { /usr/bin/python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"; }
read -r p0 p1 p2 p3 p4 p5 p6 p7 <<<"$(free_ports 8)"
if [[ -n ${BASE_PORT:-} ]]; then
  p0=$BASE_PORT p1=$((BASE_PORT + 1)) p2=$((BASE_PORT + 2)) p3=$((BASE_PORT + 3)) p4=$((BASE_PORT + 4)) p5=$((BASE_PORT + 5)) p6=$((BASE_PORT + 6)) p7=$((BASE_PORT + 7))
fi
gport=${GNUTLS_PORT:-$p0}
oport=${OSSL_PORT:-$p1}
selfport=$p2 expport=$p3 hostport=$p4 tls13port=$p5 snport=$p6 revport=$p7
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

"$top/ctests/gnutls_pki.sh" "$pki" || exit 100
echo "hello from openssl s_server" > "$pki/index.html"
start() { (cd "$pki" && exec env -u LD_PRELOAD "$@" </dev/null >"$work/peer.$#.log" 2>&1) & pids="$pids $!"; }
start gnutls-serv --http -p "$gport" --x509certfile "$pki/server.pem" --x509keyfile "$pki/server.key"
start openssl s_server -WWW -quiet -accept "$oport" -cert "$pki/server.pem" -key "$pki/server.key"
start openssl s_server -quiet -naccept 1000 -accept "$selfport" -cert "$pki/self.pem" -key "$pki/self.key"
start openssl s_server -quiet -naccept 1000 -accept "$expport" -cert "$pki/expired.pem" -key "$pki/expired.key"
start openssl s_server -quiet -naccept 1000 -accept "$hostport" -cert "$pki/wronghost.pem" -key "$pki/wronghost.key"
start openssl s_server -quiet -naccept 1000 -accept "$tls13port" -tls1_3 -cert "$pki/server.pem" -key "$pki/server.key"
# A TLS 1.2 server whose SNI callback does not know "localhost": it sends a warning
# alert unrecognized_name (112) in the clear during the handshake.
start openssl s_server -quiet -naccept 1000 -accept "$snport" -tls1_2 -servername other.example \
  -cert "$pki/server.pem" -key "$pki/server.key" -cert2 "$pki/server.pem" -key2 "$pki/server.key"
start openssl s_server -quiet -naccept 1000 -accept "$revport" -cert "$pki/revoked.pem" -key "$pki/revoked.key"
for p in $gport $oport $selfport $expport $hostport $tls13port $snport $revport; do
  i=0; while ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; do i=$((i+1)); [ $i -gt 50 ] && { echo "peer on $p did not start"; exit 100; }; sleep 0.1; done
done

failed=0
compare() { # name command...
  name=$1; shift
  timeout 60 "$@" >"$work/real" 2>&1
  LD_PRELOAD=$lib timeout 60 "$@" >"$work/ours" 2>&1
  if cmp -s "$work/real" "$work/ours"; then
    echo "PASS $name ($(wc -l <"$work/real") lines)"
  else
    echo "FAIL $name"; diff "$work/real" "$work/ours" | sed 's/^/    /'; failed=$((failed + 1))
  fi
}
for t in gnutls_client gnutls_priority gnutls_transport_errors gnutls_creds_server; do
  cc -Wall -o "$work/$t" "$top/ctests/$t.c" -lgnutls || exit 100
done
compare "priorities" "$work/gnutls_priority"
for port in $gport $oport; do
  compare "client facts :$port" "$work/gnutls_client" info $port "$pki/ca.pem" localhost
  compare "client facts TLS1.2 :$port" "$work/gnutls_client" info $port "$pki/ca.pem" localhost NORMAL:-VERS-TLS1.3
  compare "transport errors :$port" "$work/gnutls_transport_errors" $port $tls13port
done
compare "warning alert during the handshake" "$work/gnutls_client" info $snport "$pki/ca.pem" localhost
compare "verify: wrong CA" "$work/gnutls_client" verify $gport "$pki/other-ca.pem" localhost
compare "verify: self-signed" "$work/gnutls_client" verify $selfport "$pki/ca.pem" localhost
compare "verify: expired" "$work/gnutls_client" verify $expport "$pki/ca.pem" localhost
compare "verify: expired, time checks off" "$work/gnutls_client" verify-notime $expport "$pki/ca.pem" localhost
compare "verify: wrong CA, time checks off" "$work/gnutls_client" verify-notime $gport "$pki/other-ca.pem" localhost
# CRLs (gnutls_certificate_set_x509_crl_file): the revoked certificate is refused, a
# good one from the same CA is not.
compare "verify: revoked, with the CRL" "$work/gnutls_client" verify-crl $revport "$pki/ca.pem" localhost
compare "verify: revoked, without the CRL" "$work/gnutls_client" verify $revport "$pki/ca.pem" localhost
compare "verify: good, with the CRL" "$work/gnutls_client" verify-crl $gport "$pki/ca.pem" localhost
compare "verify: revoked, CRL objects" "$work/gnutls_client" verify-crlobj $revport "$pki/ca.pem" localhost
compare "verify: wrong host" "$work/gnutls_client" verify $hostport "$pki/ca.pem" localhost
compare "credentials, verify function, server" "$work/gnutls_creds_server" "$pki" $oport

# wget end to end: same exit status (and the page when it succeeds).
for port in $gport $oport $selfport $expport $hostport $revport; do
  for args in "--ca-certificate=$pki/ca.pem" "--ca-certificate=$pki/other-ca.pem" "--no-check-certificate" \
      "--ca-certificate=$pki/ca.pem --crl-file=$pki/ca.crl"; do
    # gnutls-serv's page shows the random session id: left out of the comparison.
    compare "wget $(echo "$args" | sed "s|$pki/||") :$port" sh -c "{ wget -qO- --tries=1 --timeout=10 $args https://localhost:$port/index.html; echo \"exit \$?\"; } | grep -v 'Session ID'"
    # … and the same verdict messages ("doesn't have a known issuer", "does not match
    # hostname", "has expired", "self-signed") with the same exit status.
    compare "wget messages $(echo "$args" | sed "s|$pki/||") :$port" sh -c "{ wget -O /dev/null --tries=1 --timeout=10 $args https://localhost:$port/index.html 2>&1; echo \"exit \$?\"; } | grep -E 'ERROR|WARNING|certificate|owner|issuer|exit'"
  done
done
echo "$failed failed"
exit $failed
