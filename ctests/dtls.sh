#!/usr/bin/env bash
# ctests/dtls.sh — the DTLS tests (issue 5), in `make ctests`.
#
# Starts real DTLS peers without LD_PRELOAD, then runs the differential C tests with
# ctests/run.sh (real libgnutls, then tlsshim preloaded; stdout must be identical):
#   DTLS_PORT     gnutls-serv --udp --echo, server.pem (ECDSA P-256)
#   LOSSY_PORT    ctests/lossy_relay.py in front of another gnutls-serv --udp --echo:
#                 drops and reorders handshake datagrams on 127.0.0.1
#   dtls_client   data MTU per suite, GNUTLS_E_LARGE_PACKET, cork, push errors
#   dtls_lossy    the handshake over the lossy relay (retransmissions)
#   ossl_dtls     an OpenSSL DTLS client (DTLS_client_method) against DTLS_PORT
#   dtls_server   a tlsshim-or-real GnuTLS DTLS server against a real gnutls client
#                 (ctests/dtls_peer.c, linked with libgnutls, run with env -u LD_PRELOAD)
# After the runs, the relay's log must show datagrams dropped and reordered in each
# handshake it carried (so the lossy test did test retransmission).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/ctests/out
mkdir -p "$out/logs"
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"

./tools/pki.sh "$out/pki" >/dev/null
export TLSSHIM_PKI=$out/pki

# start_udp_peer NAME LOG CMD... — as start_peer, for a process that binds a UDP port.
start_udp_peer() {
    local name=$1 log=$2
    shift 2
    local attempt port pid i a
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        local args=()
        for a in "$@"; do args+=("${a//@PORT@/$port}"); done
        env -u LD_PRELOAD "${args[@]}" >"$log" 2>&1 </dev/null &
        pid=$!
        for i in $(seq 1 100); do
            if ss -Hlunp "sport = :$port" 2>/dev/null | grep -q "pid=$pid,"; then
                peer_pids+=("$pid")
                started_port=$port
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    echo "FAIL: $name never bound a UDP port (log: $log)" >&2
    exit 1
}

serv=(gnutls-serv --udp --echo --port @PORT@ --x509certfile "$out/pki/server.pem"
    --x509keyfile "$out/pki/server.key")
start_udp_peer "gnutls-serv --udp" "$out/logs/dtls-serv.log" "${serv[@]}"
DTLS_PORT=$started_port
start_udp_peer "gnutls-serv --udp (behind the relay)" "$out/logs/dtls-serv-lossy.log" "${serv[@]}"
behind=$started_port
relay_log=$out/logs/dtls-relay.log
start_udp_peer "lossy relay" "$relay_log" \
    "$peers_python" "$root/ctests/lossy_relay.py" @PORT@ "$behind"
LOSSY_PORT=$started_port
export DTLS_PORT LOSSY_PORT

rc=0
./ctests/run.sh dtls_client dtls_lossy dtls_server ossl_dtls ossl_dtls_timer || rc=1

# Every handshake through the relay lost and reordered datagrams.
sessions=$(grep -c '^session ' "$relay_log" || true)
lossy=$(grep -cE '^session .* dropped [1-9][0-9]* .*reordered [1-9]' "$relay_log" || true)
if [[ $sessions -ge 2 && $sessions == "$lossy" ]]; then
    echo "PASS lossy relay: $sessions handshakes, each with datagrams dropped and reordered"
else
    echo "FAIL lossy relay: $lossy of $sessions sessions lost and reordered datagrams ($relay_log)"
    rc=1
fi
exit $rc
