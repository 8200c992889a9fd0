# shellcheck shell=bash
# Sourced by ctests/run.sh and tools/demo.sh: real TLS peers on free 127.0.0.1 ports,
# always run without LD_PRELOAD (so they are the system OpenSSL/GnuTLS, never us),
# killed by pid when the sourcing script exits.
#
#   peers_python          a python3 with the system ssl module (/usr/bin/python3)
#   start_peer [-C DIR] NAME LOG CMD...
#                         runs CMD (in DIR), "@PORT@" in its arguments replaced by a
#                         free port, waits until that very process listens there;
#                         sets $started_port. Retries on another port if the first
#                         was taken meanwhile; exits 1 if the peer never listens.

peers_python=/usr/bin/python3
[[ -x $peers_python ]] || peers_python=$(command -v python3)

peer_pids=()
peers_cleanup() {
    local pid
    for pid in "${peer_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${peer_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap peers_cleanup EXIT

free_port() {
    "$peers_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# listening_pid PORT PID — PID has a TCP socket listening on PORT.
listening_pid() {
    ss -Hltnp "sport = :$1" 2>/dev/null | grep -q "pid=$2,"
}

started_port=
start_peer() {
    local dir=.
    if [[ $1 == -C ]]; then
        dir=$2
        shift 2
    fi
    local name=$1 log=$2
    shift 2
    local attempt port pid i a
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        local args=()
        for a in "$@"; do args+=("${a//@PORT@/$port}"); done
        (cd "$dir" && exec env -u LD_PRELOAD "${args[@]}") >"$log" 2>&1 </dev/null &
        pid=$!
        for i in $(seq 1 100); do
            if listening_pid "$port" "$pid"; then
                peer_pids+=("$pid")
                # shellcheck disable=SC2034  # read by the sourcing script
                started_port=$port
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        echo "$name did not listen on 127.0.0.1:$port (attempt $attempt, ${i} polls); log:" >&2
        sed 's/^/    /' "$log" >&2
    done
    echo "could not start $name" >&2
    exit 1
}
