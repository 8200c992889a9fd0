#!/usr/bin/env bash
# Servers on the libssl face: Debian's nginx, stunnel4 and socat run under
# LD_PRELOAD=build/lib/libtlsshim.so, and again on the real libssl, serving real
# clients (curl, openssl s_client, socat) on 127.0.0.1. Each check must give the same
# answer for both, and the preloaded server must show tlsshim's debug lines (the proof
# that our library served). nginx: TLS 1.2 and 1.3, ALPN h2 and http/1.1, two server
# blocks by SNI with different certificates, resumption (s_client -reconnect),
# client-certificate auth on a location, 100 MiB byte-exact, 200 concurrent clients.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so=$root/build/lib/libtlsshim.so
work=$root/ctests/out/servers
rm -rf "$work"
mkdir -p "$work"
maps=$(env LD_PRELOAD="$so" cat /proc/self/maps 2>/dev/null || true)
if [[ $maps != *libtlsshim.so* ]]; then
    echo "FAIL: $so is missing or not loaded by LD_PRELOAD"; exit 100
fi
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"
pki=$root/ctests/out/pki
"$root/tools/pki.sh" "$pki" >/dev/null
ossl() { env -u LD_PRELOAD openssl "$@"; }

# A second name for SNI, and a client certificate, signed by the test CA.
ext=$work/ext.cnf
printf 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:alt.localhost\n' >"$ext"
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/alt.key" 2>/dev/null
ossl req -new -key "$work/alt.key" -subj /CN=alt.localhost -out "$work/alt.csr" 2>/dev/null
ossl x509 -req -in "$work/alt.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 30 -extfile "$ext" -out "$work/alt.pem" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=clientAuth\n' >"$work/client.cnf"
ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/client.key" 2>/dev/null
ossl req -new -key "$work/client.key" -subj /CN=tlsshim-client -out "$work/client.csr" 2>/dev/null
ossl x509 -req -in "$work/client.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 30 -extfile "$work/client.cnf" -out "$work/client.pem" 2>/dev/null
# The same key certified by a CA the servers do not trust.
ossl x509 -req -in "$work/client.csr" -CA "$pki/other-ca.pem" -CAkey "$pki/other-ca.key" -CAcreateserial -days 30 -extfile "$work/client.cnf" -out "$work/other-client.pem" 2>/dev/null

failed=0 passed=0
check() { # NAME REAL OURS
    if [[ $2 == "$3" ]]; then
        passed=$((passed + 1)); echo "PASS $1: $2"
    else
        failed=$((failed + 1)); echo "FAIL $1"; echo "    real: $2"; echo "    ours: $3"
    fi
}
proof() { # NAME LOGFILE — the preloaded server said tlsshim did the TLS
    if grep -q '^tlsshim: openssl server handshake done' "$2"; then
        passed=$((passed + 1)); echo "PASS $1: tlsshim served"
    else
        failed=$((failed + 1)); echo "FAIL $1: no tlsshim debug line from the preloaded server"
    fi
}

# ---- nginx
if command -v nginx >/dev/null; then
    html=$work/html
    mkdir -p "$html/secure" "$work/tmp"
    echo "hello from nginx" >"$html/index.html"
    echo "alt site" >"$work/alt.html"
    echo "secret" >"$html/secure/index.html"
    head -c $((100 * 1024 * 1024)) /dev/urandom >"$html/big.bin"
    big_sum=$(sha256sum <"$html/big.bin" | cut -d' ' -f1)
    declare -A results
    for mode in real ours; do
        port=$(free_port)
        conf=$work/nginx-$mode.conf
        cat >"$conf" <<NGX
daemon off;
master_process off;
worker_processes 1;
env TLSSHIM_DEBUG;
error_log $work/nginx-$mode.err info;
pid $work/nginx-$mode.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    ssl_session_cache shared:SSL$mode:1m;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_client_certificate $pki/ca.pem;
    ssl_verify_client optional;
    server {
        listen 127.0.0.1:$port ssl http2;
        server_name localhost;
        ssl_certificate $pki/server-chain.pem;
        ssl_certificate_key $pki/server.key;
        ssl_certificate $pki/server-rsa-chain.pem;
        ssl_certificate_key $pki/server-rsa.key;
        root $html;
        location /secure/ { if (\$ssl_client_verify != SUCCESS) { return 403; } }
    }
    server {
        listen 127.0.0.1:$port ssl http2;
        server_name alt.localhost;
        ssl_certificate $work/alt.pem;
        ssl_certificate_key $work/alt.key;
        location / { return 200 "alt site\n"; }
    }
}
NGX
        if [[ $mode == ours ]]; then pre=$so; else pre=; fi
        env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 nginx -c "$conf" -p "$work" >"$work/nginx-$mode.out" 2>&1 &
        npid=$!
        for _ in $(seq 100); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
        c=(env -u LD_PRELOAD timeout 90 curl -sS --max-time 60 --cacert "$pki/ca.pem")
        u=https://localhost:$port
        r=""
        r+="tls1.3 $("${c[@]}" --tlsv1.3 "$u/index.html" -w ' %{http_version}' 2>&1) | "
        r+="tls1.2 $("${c[@]}" --tls-max 1.2 "$u/index.html" -w ' %{http_version}' 2>&1) | "
        r+="http1.1 $("${c[@]}" --http1.1 -o /dev/null -w '%{http_version} %{http_code}' "$u/index.html" 2>&1) | "
        r+="h2 $("${c[@]}" --http2 -o /dev/null -w '%{http_version} %{http_code}' "$u/index.html" 2>&1) | "
        r+="sni $("${c[@]}" --resolve "alt.localhost:$port:127.0.0.1" "https://alt.localhost:$port/" 2>&1) "
        r+="$(echo | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" -servername alt.localhost 2>/dev/null | ossl x509 -noout -subject 2>/dev/null) | "
        # Two certificates (ECDSA and RSA): the one the client's signature schemes or
        # cipher suite ask for is served.
        for sc in "-tls1_3" "-tls1_3 -sigalgs RSA-PSS+SHA256" "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256" \
            "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256"; do
            # shellcheck disable=SC2086 # the options are words
            r+="[$sc] $(echo | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" -servername localhost $sc 2>/dev/null | grep -E '^(Server public key|Peer signature type)' | tr '\n' ' ')| "
        done
        # The CertificateRequest names the client CA list (ssl_client_certificate).
        r+="CA names: $(echo | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" -servername localhost 2>/dev/null | sed -n '/client certificate CA names/,/^Requested/p' | grep -v '^Requested' | tr '\n' ' ') | "
        [[ -n ${SERVERS_DEBUG:-} ]] && echo "$mode: $r" >&2
        r+="no client cert $("${c[@]}" -o /dev/null -w '%{http_code}' "$u/secure/" 2>&1) | "
        r+="client cert $("${c[@]}" --cert "$work/client.pem" --key "$work/client.key" "$u/secure/" 2>&1) | "
        reused=$(echo | timeout 20 env -u LD_PRELOAD openssl s_client -tls1_2 -connect "127.0.0.1:$port" -servername localhost -reconnect -CAfile "$pki/ca.pem" 2>/dev/null | grep -c '^Reused')
        r+="TLS 1.2 s_client -reconnect: $reused Reused | "
        rm -f "$work/sess.pem"
        (sleep 0.5; echo) | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" -servername localhost -sess_out "$work/sess.pem" -CAfile "$pki/ca.pem" >/dev/null 2>&1
        r+="TLS 1.3 ticket: $(echo | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" -servername localhost -sess_in "$work/sess.pem" -CAfile "$pki/ca.pem" 2>/dev/null | grep -E '^(Reused|New),' | cut -d, -f1) | "
        got=$("${c[@]}" "$u/big.bin" 2>/dev/null | sha256sum | cut -d' ' -f1)
        r+="100 MiB byte-exact: $([[ $got == "$big_sum" ]] && echo yes || echo no) | "
        ok=$(seq 200 | xargs -P 50 -I{} "${c[@]}" -o /dev/null -w '%{http_code}\n' "$u/index.html" 2>&1 | grep -c '^200$')
        r+="200 concurrent clients: $ok OK"
        results[$mode]=$r
        kill "$npid" 2>/dev/null; wait "$npid" 2>/dev/null
    done
    check "nginx" "${results[real]}" "${results[ours]}"
    proof "nginx under tlsshim" "$work/nginx-ours.err"
fi

# ---- stunnel4 wrapping a plain TCP echo service, used by a real openssl s_client
if command -v stunnel4 >/dev/null; then
    eport=$(free_port)
    socat "TCP-LISTEN:$eport,bind=127.0.0.1,reuseaddr,fork" PIPE &
    epid=$!
    declare -A st
    for mode in real ours; do
        port=$(free_port)
        cat >"$work/stunnel-$mode.conf" <<STN
foreground = yes
pid =
debug = 4
output = $work/stunnel-$mode.log
[echo]
accept = 127.0.0.1:$port
connect = 127.0.0.1:$eport
cert = $pki/server-chain.pem
key = $pki/server.key
STN
        if [[ $mode == ours ]]; then pre=$so; else pre=; fi
        env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 stunnel4 "$work/stunnel-$mode.conf" >"$work/stunnel-$mode.out" 2>&1 &
        spid=$!
        for _ in $(seq 100); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
        st[$mode]=$( (echo "echo through stunnel"; sleep 1) | timeout 5 env -u LD_PRELOAD openssl s_client -quiet -connect "127.0.0.1:$port" -servername localhost -CAfile "$pki/ca.pem" -verify_return_error 2>/dev/null | head -1)
        kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
    done
    kill "$epid" 2>/dev/null; wait "$epid" 2>/dev/null
    check "stunnel4 echo" "${st[real]}" "${st[ours]}"
    proof "stunnel4 under tlsshim" "$work/stunnel-ours.out"
fi

# ---- socat OPENSSL-LISTEN with verify=1 and a client certificate from a real socat
declare -A sc
for mode in real ours; do
    port=$(free_port)
    if [[ $mode == ours ]]; then pre=$so; else pre=; fi
    env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 socat "OPENSSL-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork,cert=$pki/server.pem,key=$pki/server.key,cafile=$pki/ca.pem,verify=1" \
        SYSTEM:'echo client verified' >"$work/socat-$mode.out" 2>&1 &
    spid=$!
    for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
    with=$(env -u LD_PRELOAD socat -T5 - "OPENSSL:localhost:$port,cafile=$pki/ca.pem,cert=$work/client.pem,key=$work/client.key" </dev/null 2>/dev/null | head -1)
    without=$(env -u LD_PRELOAD socat -T5 - "OPENSSL:localhost:$port,cafile=$pki/ca.pem" </dev/null 2>/dev/null | head -1; echo "rc=${PIPESTATUS[0]}")
    sc[$mode]="with client cert: $with | without: $without"
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
done
check "socat verify=1" "${sc[real]}" "${sc[ours]}"
proof "socat server under tlsshim" "$work/socat-ours.out"

# ---- The CA names of a CertificateRequest: OpenSSL lists the client CA list only
# (none when the program set none, as Python does), not every trusted root — with the
# system bundle trusted, that would be some 140 names.
declare -A cn
for mode in real ours; do
    if [[ $mode == ours ]]; then pre=$so; else pre=; fi
    cn[$mode]=
    for trust in ca system; do
        port=$(free_port)
        env LD_PRELOAD="$pre" "$peers_python" "$root/ctests/tools/ca_names_server.py" "$port" "$pki" "$trust" \
            >"$work/cn-$mode.out" 2>&1 &
        cpid=$!
        for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
        cn[$mode]+="$trust: $(echo | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" 2>/dev/null | sed -n '/client certificate CA names/,/^Requested/p' | grep -v '^Requested' | tr '\n' ' ')| "
        kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null
    done
done
check "python ssl server: CA names in the CertificateRequest" "${cn[real]}" "${cn[ours]}"

# ---- Python's ssl server (ctests/tools/resume_server.py): the server-side session
# cache against real `openssl s_client -reconnect` (6 connections each): TLS 1.2 with
# tickets, TLS 1.2 with SSL_OP_NO_TICKET (session ids), TLS 1.3 stateful tickets and
# num_tickets 0; what the client saw reused and the server's SSL_CTX_sess_* counters.
# (Python frees each SSL without sending close_notify, so OpenSSL drops its session
# id from the cache again, ssl_clear_bad_session: no session-id reuse; tlsshim too.)
declare -A py
for mode in real ours; do
    if [[ $mode == ours ]]; then pre=$so; else pre=; fi
    py[$mode]=
    for case in "-tls1_2|" "-tls1_2|no-ticket" "-tls1_3|no-ticket" "-tls1_3|tickets=0"; do
        copt=${case%%|*} sopt=${case#*|}
        port=$(free_port)
        # shellcheck disable=SC2086
        env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 "$peers_python" "$root/ctests/tools/resume_server.py" "$port" \
            "$pki/server.pem" "$pki/server.key" 6 $sopt >"$work/py-$mode.out" 2>&1 &
        ppid=$!
        for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
        reused=$(echo | timeout 20 env -u LD_PRELOAD openssl s_client -connect "127.0.0.1:$port" "$copt" -reconnect \
            -CAfile "$pki/ca.pem" 2>/dev/null | grep -c '^Reused')
        for _ in $(seq 50); do kill -0 "$ppid" 2>/dev/null || break; sleep 0.1; done
        kill "$ppid" 2>/dev/null; wait "$ppid" 2>/dev/null
        py[$mode]+="[$copt $sopt: client reused $reused; $(grep '^server' "$work/py-$mode.out")] "
        cat "$work/py-$mode.out" >>"$work/py-$mode.all"
    done
done
check "python ssl server session cache vs s_client -reconnect" "${py[real]}" "${py[ours]}"
proof "python ssl server under tlsshim" "$work/py-ours.all"

# ---- gnutls-serv (GnuTLS face) requiring a client certificate, used by real curl.
if command -v gnutls-serv >/dev/null; then
    declare -A gs
    for mode in real ours; do
        port=$(free_port)
        if [[ $mode == ours ]]; then pre=$so; else pre=; fi
        env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 gnutls-serv --http --port "$port" --x509certfile "$pki/server-chain.pem" \
            --x509keyfile "$pki/server.key" --require-client-cert --verify-client-cert --x509cafile "$pki/ca.pem" \
            >"$work/gnutls-serv-$mode.out" 2>&1 &
        gpid=$!
        for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
        c=(env -u LD_PRELOAD timeout 20 curl -sS --cacert "$pki/ca.pem")
        with=$("${c[@]}" --cert "$work/client.pem" --key "$work/client.key" "https://localhost:$port/" 2>&1 | grep -o 'Protocol version:</TD><TD>[^<]*' | head -1)
        # Refused either way; whether curl reads the certificate_required alert before
        # the reset is timing (seen with the real GnuTLS too), so only refusal counts.
        if "${c[@]}" -o /dev/null "https://localhost:$port/" >/dev/null 2>&1; then without=served; else without=refused; fi
        gs[$mode]="with client cert: $with | without: $without"
        kill "$gpid" 2>/dev/null; wait "$gpid" 2>/dev/null
    done
    check "gnutls-serv --require-client-cert" "${gs[real]}" "${gs[ours]}"
    if grep -qE '^tlsshim: Client chain of [0-9]+ certificates verified: Ok' "$work/gnutls-serv-ours.out"; then
        passed=$((passed + 1)); echo "PASS gnutls-serv under tlsshim verified the client certificate"
    else
        failed=$((failed + 1)); echo "FAIL gnutls-serv under tlsshim: no client verification line"
    fi
fi

# ---- gnutls-serv under tlsshim (and on the real GnuTLS) with a real gnutls-cli in
# front: a client certificate from the trusted CA, one from another CA, none; the
# server requiring and verifying (--require-client-cert --verify-client-cert) or only
# verifying what it gets (--verify-client-cert). gnutls-serv checks the certificate in
# its verify function during the handshake and answers an untrusted one with
# access_denied; a missing required one gets certificate_required.
if command -v gnutls-serv >/dev/null && command -v gnutls-cli >/dev/null; then
    declare -A gc
    for mode in real ours; do
        if [[ $mode == ours ]]; then pre=$so; else pre=; fi
        gc[$mode]=
        for sopts in "--require-client-cert --verify-client-cert" "--verify-client-cert"; do
            port=$(free_port)
            # shellcheck disable=SC2086
            env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 gnutls-serv --http --port "$port" --x509certfile "$pki/server-chain.pem" \
                --x509keyfile "$pki/server.key" $sopts --x509cafile "$pki/ca.pem" >>"$work/gnutls-serv-cli-$mode.out" 2>&1 &
            gpid=$!
            for _ in $(seq 50); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
            gc[$mode]+="[$sopts:"
            for cert in client.pem other-client.pem none; do
                if [[ $cert == none ]]; then copts=(); else copts=(--x509certfile "$work/$cert" --x509keyfile "$work/client.key"); fi
                out=$(printf 'GET / HTTP/1.0\r\n\r\n' | env -u LD_PRELOAD timeout 10 gnutls-cli --x509cafile "$pki/ca.pem" \
                    "${copts[@]}" -p "$port" localhost 2>&1)
                rc=$?
                gc[$mode]+=" $cert rc=$rc $(grep -o 'HTTP/1.0 200 OK\|Received alert \[[0-9]*\]' <<<"$out" | head -1);"
            done
            gc[$mode]+="] "
            kill "$gpid" 2>/dev/null; wait "$gpid" 2>/dev/null
        done
    done
    check "gnutls-serv client certificates from real gnutls-cli" "${gc[real]}" "${gc[ours]}"
    if grep -q '^tlsshim: gnutls server handshake done' "$work/gnutls-serv-cli-ours.out"; then
        passed=$((passed + 1)); echo "PASS gnutls-serv (gnutls-cli clients) under tlsshim: tlsshim served"
    else
        failed=$((failed + 1)); echo "FAIL gnutls-serv (gnutls-cli clients): no tlsshim debug line from the preloaded server"
    fi
fi

echo "servers: $passed passed, $failed failed"
exit $((failed > 0))
