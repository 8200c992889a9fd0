#!/usr/bin/env bash
# Real programs on the libssl face: curl, python3's ssl (Debian's and pyenv's, when
# present) and socat (client and server), each run against the real libssl and again
# with LD_PRELOAD=build/lib/libtlsshim.so, against real peers on 127.0.0.1 (openssl
# s_server, and real curl / openssl s_client in front of a socat server we serve).
# Each scenario must give the same exit status and the same output (first line).
# Good CA / wrong CA / wrong host name / insecure / TLS 1.2 only.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so=$root/build/lib/libtlsshim.so
work=$root/ctests/out/programs
rm -rf "$work"
mkdir -p "$work"
# A missing or unloadable library must fail, not compare the real one with itself.
maps=$(env LD_PRELOAD="$so" cat /proc/self/maps 2>/dev/null || true)
if [[ $maps != *"$(basename "$so")"* ]]; then
    echo "FAIL: $so is missing or not loaded by LD_PRELOAD"; exit 100
fi
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"
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
    --x509keyfile "$pki/server.key" --disable-client-cert --alpn http/1.1
gport=$started_port
# The same server on 127.0.0.2: a name the certificate does not carry.
start_peer -C "$www" s_server2 "$work/s_server2.log" \
    openssl s_server -accept 127.0.0.2:@PORT@ -WWW -quiet -cert "$pki/server.pem" -key "$pki/server.key"
port2=$started_port

failed=0 passed=0
# same NAME CMD... — runs CMD twice (real, ours) and compares status + first line.
same() {
    local name=$1; shift
    local real ours
    real=$(env -u LD_PRELOAD timeout 20 "$@" 2>/dev/null </dev/null | head -1; echo "rc=${PIPESTATUS[0]}")
    # Ours runs with TLSSHIM_DEBUG=1: every handshake says "tlsshim:" on stderr, the
    # proof that our library, not the real one, did the TLS.
    ours=$(env LD_PRELOAD="$so" TLSSHIM_DEBUG=1 timeout 20 "$@" 2>"$work/stderr" </dev/null | head -1; echo "rc=${PIPESTATUS[0]}")
    if ! grep -q '^tlsshim:' "$work/stderr"; then
        failed=$((failed + 1)); echo "FAIL $name: no tlsshim debug line, our library did not do the TLS"; return
    fi
    if [[ $real == "$ours" ]]; then
        passed=$((passed + 1)); echo "PASS $name: ${real//$'\n'/ }"
    else
        failed=$((failed + 1)); echo "FAIL $name"; echo "    real: ${real//$'\n'/ }"; echo "    ours: ${ours//$'\n'/ }"
    fi
}

url=https://localhost:$port/index.html
same "curl good CA" curl -sS --cacert "$pki/ca.pem" "$url"
same "curl wrong CA" curl -sS --cacert "$pki/other-ca.pem" "$url"
same "curl insecure" curl -sSk "$url"
same "curl wrong host" curl -sS --cacert "$pki/ca.pem" --resolve "wronghost:$port:127.0.0.1" "https://wronghost:$port/index.html"
same "curl TLS 1.2 only" curl -sS --tls-max 1.2 --cacert "$pki/ca.pem" "$url"
same "curl TLS 1.3 only" curl -sS --tlsv1.3 --cacert "$pki/ca.pem" "$url"
same "curl http/1.1 ALPN" curl -sS --http1.1 --cacert "$pki/ca.pem" -o /dev/null -w '%{http_version}\n' "$url"
# curl checks the name itself: a 127.0.0.2 URL does not match the certificate.
same "curl wrong name (127.0.0.2)" curl -sS --cacert "$pki/ca.pem" "https://127.0.0.2:$port2/index.html"
# The message curl prints for a failure, and the ALPN line of -v (the TLS debug
# lines go to stderr of the wrapper, not through the filter).
curl_msg='out=$(curl -v "$@" 2>&1 >/dev/null); grep "^tlsshim:" <<<"$out" >&2; grep -E "^curl: \([0-9]+\)|ALPN: server|SSL certificate problem" <<<"$out" | sort -u | tr "\n" " "'
same "curl wrong CA message" bash -c "$curl_msg" _ -sS --cacert "$pki/other-ca.pem" "$url"
same "curl wrong name message" bash -c "$curl_msg" _ -sS --cacert "$pki/ca.pem" "https://127.0.0.2:$port2/index.html"
same "curl -v --http1.1 ALPN (gnutls-serv)" bash -c "$curl_msg" _ -sS --http1.1 --cacert "$pki/ca.pem" "https://localhost:$gport/"
same "curl good CA (gnutls-serv)" curl -sS --cacert "$pki/ca.pem" -o /dev/null -w '%{http_code}\n' "https://localhost:$gport/"

# CRLs on the libssl face: curl --crlfile (X509_V_FLAG_CRL_CHECK|CRL_CHECK_ALL on the
# store) and Python's VERIFY_CRL_CHECK_LEAF with the CRL loaded by
# load_verify_locations, against a revoked server, a good one, and one whose CA (the
# intermediate) has no CRL loaded. PKI: ctests/verify_pki.sh.
vpki=$root/ctests/out/verify-pki
"$root/ctests/verify_pki.sh" "$vpki"
for n in revoked good; do
    start_peer "s_server $n" "$work/s_server-$n.log" openssl s_server -accept 127.0.0.1:@PORT@ -www -quiet \
        -cert "$vpki/$n.leaf.pem" -key "$vpki/$n.key"
    eval "crl_port_$n=\$started_port"
done
start_peer "s_server withint" "$work/s_server-withint.log" openssl s_server -accept 127.0.0.1:@PORT@ -www -quiet \
    -cert "$vpki/withint.leaf.pem" -key "$vpki/withint.key" -cert_chain "$vpki/int.pem"
crl_port_noca=$started_port
cat >"$work/crl.py" <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.load_verify_locations(sys.argv[3])
ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as sock:
        with ctx.wrap_socket(sock, server_hostname="localhost") as s:
            print("connected", s.version())
except ssl.SSLError as e:
    print(type(e).__name__, e.reason, getattr(e, "verify_code", ""), getattr(e, "verify_message", ""))
    sys.exit(3)
PY
# shellcheck disable=SC2154 # set by eval above
for t in "revoked:$crl_port_revoked" "good:$crl_port_good" "CA without CRL:$crl_port_noca"; do
    name=${t%%:*} p=${t##*:}
    same "curl --crlfile, $name server" bash -c "$curl_msg" _ -sS --cacert "$vpki/ca.pem" --crlfile "$vpki/ca.crl" "https://localhost:$p/"
    for py in /usr/bin/python3 "$(command -v python3)"; do
        [[ -x $py ]] || continue
        same "$py VERIFY_CRL_CHECK_LEAF, $name server" "$py" "$work/crl.py" "$p" "$vpki/ca.pem" "$vpki/ca.crl"
    done
done
same "curl --crlfile, good server, status" curl -sS --cacert "$vpki/ca.pem" --crlfile "$vpki/ca.crl" -o /dev/null -w '%{http_code}\n' "https://localhost:$crl_port_good/"
# A certificate whose only name is its subject CN: OpenSSL matches the CN when there
# is no DNS SAN, unless the program says never (Python: hostname_checks_common_name).
start_peer "s_server cnonly" "$work/s_server-cnonly.log" openssl s_server -accept 127.0.0.1:@PORT@ -www -quiet \
    -cert "$vpki/cnonly.leaf.pem" -key "$vpki/cnonly.key"
cat >"$work/cn.py" <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.hostname_checks_common_name = sys.argv[3] == "cn"
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as sock:
        with ctx.wrap_socket(sock, server_hostname="localhost") as s:
            print("connected", s.version())
except ssl.SSLError as e:
    print(type(e).__name__, e.reason, getattr(e, "verify_code", ""), getattr(e, "verify_message", ""))
    sys.exit(3)
PY
same "python3 CN-only certificate, hostname_checks_common_name" python3 "$work/cn.py" "$started_port" "$vpki/ca.pem" cn
same "python3 CN-only certificate, not hostname_checks_common_name" python3 "$work/cn.py" "$started_port" "$vpki/ca.pem" nocn
same "curl CN-only certificate" curl -sS --cacert "$vpki/ca.pem" -o /dev/null -w '%{http_code}\n' "https://localhost:$started_port/"
same "curl without --crlfile, revoked server" curl -sS --cacert "$vpki/ca.pem" -o /dev/null -w '%{http_code}\n' "https://localhost:$crl_port_revoked/"

cat >"$work/client.py" <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as sock:
        with ctx.wrap_socket(sock, server_hostname=sys.argv[3]) as s:
            s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
            data = b""
            while True:
                d = s.recv(4096)
                if not d:
                    break
                data += d
            print(s.version(), s.cipher()[0], data.split(b"\r\n")[0].decode())
except ssl.SSLError as e:
    print(type(e).__name__, e.reason, getattr(e, "verify_code", ""))
    sys.exit(3)
PY
for py in /usr/bin/python3 "$(command -v python3)"; do
    [[ -x $py ]] || continue
    same "$py good" "$py" "$work/client.py" "$port" "$pki/ca.pem" localhost
    same "$py wrong host" "$py" "$work/client.py" "$port" "$pki/ca.pem" wronghost
    same "$py wrong CA" "$py" "$work/client.py" "$port" "$pki/other-ca.pem" localhost
done

# Python's SSLContext.get_ciphers() (SSL_CIPHER_description and the NID getters) for the
# suites both libraries have, and a handshake with post_handshake_auth on (Python calls
# SSL_set_post_handshake_auth on each client socket; http.client turns it on).
cat >"$work/ciphers.py" <<'PY'
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
ciphers = [sorted(c.items()) for c in ctx.get_ciphers()]
ctx.post_handshake_auth = True
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as sock:
    with ctx.wrap_socket(sock, server_hostname="localhost") as s:
        print("connected", s.version(), ciphers)  # one line: same() compares the first
PY
for py in /usr/bin/python3 "$(command -v python3)"; do
    [[ -x $py ]] || continue
    same "$py get_ciphers, post_handshake_auth" "$py" "$work/ciphers.py" "$port" "$pki/ca.pem"
done

# openssl s_client itself (the libssl it links is the one under test): it asks for
# the key update type, the peer certificate, DANE, CT, SRTP … after the handshake, and
# reads through SSL_get_error; the lines that describe the connection, its verdict and
# the data must agree (the rest prints what each library offered).
cat >"$work/sclient.sh" <<'SH'
#!/usr/bin/env bash
# PORT CAFILE [s_client args...]: the facts s_client printed on one line, its exit code.
port=$1 ca=$2; shift 2
printf 'GET /index.html HTTP/1.0\r\n\r\n' | openssl s_client -connect "127.0.0.1:$port" \
    -servername localhost -CAfile "$ca" -ign_eof "$@" |
    grep -aE '^(New, |Verify return code|Verification|HTTP/1\.0 |hello from|Secure Renegotiation|No ALPN|ALPN protocol)' |
    tr '\n' ' '
echo "s_client rc=${PIPESTATUS[1]}"
SH
chmod +x "$work/sclient.sh"
for args in "" "-tls1_2" "-alpn http/1.1"; do
    # shellcheck disable=SC2086 # the arguments split on purpose
    same "openssl s_client $args" "$work/sclient.sh" "$port" "$pki/ca.pem" $args
done
same "openssl s_client wrong CA -verify_return_error" "$work/sclient.sh" "$port" "$pki/other-ca.pem" -verify_return_error

cat >"$work/fetch_urllib.py" <<'PY'
import ssl, sys, urllib.request
url, cafile, mode = sys.argv[1], sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
if mode == "none":
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
try:
    with urllib.request.urlopen(url, context=ctx, timeout=10) as r:
        print(r.status, r.read().decode().strip())
except urllib.error.URLError as e:
    print("URLError", getattr(e.reason, "reason", ""), getattr(e.reason, "verify_message", ""))
    sys.exit(4)
PY
for py in /usr/bin/python3 "$(command -v python3)"; do
    [[ -x $py ]] || continue
    same "$py urllib good" "$py" "$work/fetch_urllib.py" "$url" "$pki/ca.pem" verify
    same "$py urllib wrong CA" "$py" "$work/fetch_urllib.py" "$url" "$pki/other-ca.pem" verify
    same "$py urllib IP mismatch" "$py" "$work/fetch_urllib.py" "https://127.0.0.2:$port2/index.html" "$pki/ca.pem" verify
    same "$py urllib CERT_NONE" "$py" "$work/fetch_urllib.py" "$url" "$pki/other-ca.pem" none
done

if command -v socat >/dev/null; then
    req=$work/req.txt
    printf 'GET /index.html HTTP/1.0\r\n\r\n' >"$req"
    same "socat client good CA" socat -T5 "OPEN:$req,rdonly!!-" "OPENSSL:localhost:$port,cafile=$pki/ca.pem"
    same "socat client wrong CA" socat -T5 "OPEN:$req,rdonly!!-" "OPENSSL:localhost:$port,cafile=$pki/other-ca.pem"
    # socat as a server on our library (and on the real one), fetched by the real curl.
    for mode in real ours; do
        sport=$(free_port)
        if [[ $mode == ours ]]; then pre=$so; else pre=; fi
        env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 socat "OPENSSL-LISTEN:$sport,bind=127.0.0.1,reuseaddr,fork,cert=$pki/server.pem,key=$pki/server.key,verify=0" \
            SYSTEM:"echo hello from socat" >"$work/socat-$mode.log" 2>&1 &
        spid=$!
        for _ in $(seq 50); do ss -Hltn "sport = :$sport" | grep -q . && break; sleep 0.1; done
        got=$(env -u LD_PRELOAD timeout 5 openssl s_client -quiet -connect "127.0.0.1:$sport" -CAfile "$pki/ca.pem" -servername localhost 2>/dev/null </dev/null | head -1)
        tls=$(env -u LD_PRELOAD timeout 5 openssl s_client -connect "127.0.0.1:$sport" -CAfile "$pki/ca.pem" -servername localhost 2>/dev/null </dev/null | grep -E "^(New|Verify return code)" | tr '\n' ' ')
        kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
        eval "server_$mode=\"\$got | \$tls\""
    done
    # shellcheck disable=SC2154 # set by eval above
    if ! grep -q '^tlsshim: openssl server handshake done' "$work/socat-ours.log"; then
        failed=$((failed + 1)); echo "FAIL socat server: no tlsshim debug line from the preloaded server"
    elif [[ $server_real == "$server_ours" ]]; then
        passed=$((passed + 1)); echo "PASS socat server: $server_ours"
    else
        failed=$((failed + 1)); echo "FAIL socat server"; echo "    real: $server_real"; echo "    ours: $server_ours"
    fi
fi

# socat moving 10 MiB byte-exact in both directions, as client and as server on our
# library, against the real socat on the other side.
if command -v socat >/dev/null; then
    big=$work/big.bin
    head -c $((10 * 1024 * 1024)) /dev/urandom >"$big"
    want=$(sha256sum <"$big" | cut -d' ' -f1)
    for side in server client; do
        sport=$(free_port)
        if [[ $side == server ]]; then spre=$so; cpre=; else spre=; cpre=$so; fi
        # The server echoes what it receives; the client sends the file, reads it back.
        env LD_PRELOAD="$spre" TLSSHIM_DEBUG=1 socat "OPENSSL-LISTEN:$sport,bind=127.0.0.1,reuseaddr,cert=$pki/server.pem,key=$pki/server.key,verify=0" PIPE \
            2>"$work/socat-echo-$side.err" &
        spid=$!
        for _ in $(seq 50); do ss -Hltn "sport = :$sport" | grep -q . && break; sleep 0.1; done
        got=$(env LD_PRELOAD="$cpre" TLSSHIM_DEBUG=1 timeout 60 socat -T10 -b65536 "OPEN:$big,rdonly!!-" \
            "OPENSSL:localhost:$sport,cafile=$pki/ca.pem" 2>"$work/socat-client-$side.err" | sha256sum | cut -d' ' -f1)
        kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
        errfile=$work/socat-echo-$side.err
        [[ $side == client ]] && errfile=$work/socat-client-$side.err
        if [[ $got == "$want" ]] && grep -q '^tlsshim:' "$errfile"; then
            passed=$((passed + 1)); echo "PASS socat 10 MiB both ways, ours as $side: byte-exact"
        else
            failed=$((failed + 1)); echo "FAIL socat 10 MiB both ways, ours as $side: sha256 $got, want $want"
        fi
    done
fi

echo "programs: $passed passed, $failed failed"
exit $((failed > 0))
