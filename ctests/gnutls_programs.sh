#!/usr/bin/env bash
# Real programs on the GnuTLS face: gnutls-cli, lftp, msmtp and git (git-remote-https,
# through libcurl-gnutls), each run against the real libgnutls and again with
# LD_PRELOAD=build/lib/libtlsshim.so, against real peers on 127.0.0.1: gnutls-serv
# --http, openssl s_server -WWW, and ctests/tls_servers.py (HTTPS file server, SMTP
# over TLS), all started without LD_PRELOAD and killed by pid.
# Each scenario must give the same exit status and the same selected output lines
# (a pattern per scenario picks the lines that do not vary from run to run).
# (wget is compared by ctests/gnutls_session.sh.)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
so=$root/build/lib/libtlsshim.so
work=$root/ctests/out/gnutls_programs
mkdir -p "$work"
# A missing or unloadable library must fail, not compare the real one with itself.
# (captured first: `cat … | grep -q` under pipefail fails when grep exits early)
maps=$(env LD_PRELOAD="$so" cat /proc/self/maps 2>/dev/null || true)
if [[ $maps != *libtlsshim.so* ]]; then
    echo "FAIL: $so is missing or not loaded by LD_PRELOAD"; exit 100
fi
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"
pki=$root/ctests/out/pki
"$root/tools/pki.sh" "$pki" >/dev/null
www=$work/www
rm -rf "$www"
mkdir -p "$www"
echo "hello from the test server" >"$www/index.html"

start_peer -C "$www" gnutls-serv "$work/gnutls-serv.log" \
    gnutls-serv --http -a -p @PORT@ --x509certfile "$pki/server.pem" --x509keyfile "$pki/server.key"
gport=$started_port
start_peer -C "$www" s_server "$work/s_server.log" \
    openssl s_server -accept 127.0.0.1:@PORT@ -WWW -quiet -alpn http/1.1 -cert "$pki/server.pem" -key "$pki/server.key"
oport=$started_port
start_peer https "$work/https.log" \
    "$peers_python" "$root/ctests/tls_servers.py" https @PORT@ "$pki/server.pem" "$pki/server.key" "$www"
hport=$started_port
start_peer smtps "$work/smtps.log" \
    "$peers_python" "$root/ctests/tls_servers.py" smtps @PORT@ "$pki/server.pem" "$pki/server.key"
sport=$started_port

failed=0 passed=0 skipped=0
# same NAME PATTERN SCRIPT — runs the shell SCRIPT twice (real, ours); compares the
# exit status and the lines of stdout+stderr that match the extended regex PATTERN.
same() {
    local name=$1 pattern=$2 script=$3
    local real ours rc
    env -u LD_PRELOAD timeout 30 sh -c "$script" >"$work/out" 2>"$work/err"
    rc=$?
    real=$(grep -aE "$pattern" "$work/out" "$work/err" --no-filename; echo "rc=$rc")
    # Ours runs with TLSSHIM_DEBUG=1: every handshake says "tlsshim:" on stderr, the
    # proof that our library, not the real one, did the TLS.
    env LD_PRELOAD="$so" TLSSHIM_DEBUG=1 timeout 30 sh -c "$script" >"$work/out" 2>"$work/stderr"
    rc=$?
    ours=$(grep -aE "$pattern" "$work/out" "$work/stderr" --no-filename; echo "rc=$rc")
    if ! grep -q '^tlsshim: gnutls' "$work/stderr"; then
        failed=$((failed + 1)); echo "FAIL $name: no tlsshim debug line, our library did not do the TLS"
        sed 's/^/    /' "$work/stderr" | head -20
        return
    fi
    if [[ $real == "$ours" ]]; then
        passed=$((passed + 1)); echo "PASS $name: ${real//$'\n'/ | }"
    else
        failed=$((failed + 1)); echo "FAIL $name"; echo "    real: ${real//$'\n'/ | }"; echo "    ours: ${ours//$'\n'/ | }"
    fi
}
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }

# --- gnutls-cli: the request comes on stdin; the lines compared are its verdicts.
printf 'GET /index.html HTTP/1.0\r\n\r\n' >"$work/request"
cli() { echo "gnutls-cli $* <$work/request"; }
cli_lines='^(Processed|- Status|- The hostname|\*\*\* Fatal|\*\*\* Verifying|HTTP/1\.[01] |- Application protocol|- Version|- Key Exchange|- Cipher|- MAC|hello from|\*\*\* This is a resumed|\*\*\* Previous session (was|was not) resumed|- Certificate type|- Description)'
for port in $gport $oport; do
    same "gnutls-cli good CA :$port" "$cli_lines" "$(cli --x509cafile "$pki/ca.pem" -p "$port" localhost)"
    same "gnutls-cli wrong CA :$port" "$cli_lines" "$(cli --x509cafile "$pki/other-ca.pem" -p "$port" localhost)"
    same "gnutls-cli insecure :$port" "$cli_lines" "$(cli --insecure -p "$port" localhost)"
    same "gnutls-cli TLS1.2 :$port" "$cli_lines" "$(cli --x509cafile "$pki/ca.pem" --priority NORMAL:-VERS-TLS1.3 -p "$port" localhost)"
done
same "gnutls-cli ALPN :$oport" "$cli_lines" "$(cli --x509cafile "$pki/ca.pem" --alpn=http/1.1 -p "$oport" localhost)"
# -r: the second connection resumes with the first one's data (TLS 1.3 tickets and TLS
# 1.2), as the real library does.
resume_lines='^(\*\*\* This is a resumed session|- Resume Handshake was completed|\*\*\* Fatal)'
for port in $gport $oport; do
    for prio in NORMAL NORMAL:-VERS-TLS1.3; do
        same "gnutls-cli -r $prio :$port" "$resume_lines" "$(cli -r --priority "$prio" --x509cafile "$pki/ca.pem" -p "$port" localhost)"
    done
done
same "gnutls-cli wrong host :$gport" "$cli_lines" "$(cli --x509cafile "$pki/ca.pem" -p "$gport" 127.0.0.2)"

# --- lftp over HTTPS (the python file server).
lftp_c() { echo "lftp -c 'set net:max-retries 1; set net:timeout 5; $1; cat https://localhost:$hport/index.html'"; }
lftp_lines='^(hello from|cat: |lftp: )'
if command -v lftp >/dev/null; then
    same "lftp good CA" "$lftp_lines" "$(lftp_c "set ssl:ca-file $pki/ca.pem")"
    same "lftp wrong CA" "$lftp_lines" "$(lftp_c "set ssl:ca-file $pki/other-ca.pem")"
    same "lftp insecure" "$lftp_lines" "$(lftp_c "set ssl:verify-certificate no")"
else
    skip lftp "not installed (apt-get install lftp)"
fi

# --- msmtp over implicit TLS (the python SMTP server).
printf 'Subject: tlsshim\n\nhello\n' >"$work/mail"
msmtp_c() { echo "msmtp --host=localhost --port=$sport --tls=on --tls-starttls=off $* --from=a@localhost -- b@localhost <$work/mail"; }
msmtp_lines='^msmtp: '
if command -v msmtp >/dev/null; then
    same "msmtp good CA" "$msmtp_lines" "$(msmtp_c --tls-trust-file="$pki/ca.pem")"
    same "msmtp wrong CA" "$msmtp_lines" "$(msmtp_c --tls-trust-file="$pki/other-ca.pem")"
    same "msmtp no cert check" "$msmtp_lines" "$(msmtp_c --tls-certcheck=off)"
else
    skip msmtp "not installed (apt-get install msmtp)"
fi

# --- git ls-remote over HTTPS: git-remote-https links libcurl-gnutls; the python
# file server serves a bare repository by git's dumb HTTP protocol.
remote_https=$(git --exec-path 2>/dev/null)/git-remote-https
if [[ -x $remote_https ]] && ldd "$remote_https" 2>/dev/null | grep libcurl-gnutls >/dev/null; then
    repo=$www/repo.git
    env -u LD_PRELOAD git init -q --bare "$repo"
    env -u LD_PRELOAD git -C "$repo" -c user.name=t -c user.email=t@t \
        fast-import --quiet <<'EOF'
commit refs/heads/main
committer t <t@t> 0 +0000
data 2
c
M 644 inline f
data 2
f

EOF
    env -u LD_PRELOAD git -C "$repo" update-server-info
    git_lines='^([0-9a-f]{40}|fatal: )'
    same "git ls-remote good CA" "$git_lines" "GIT_SSL_CAINFO=$pki/ca.pem git ls-remote https://localhost:$hport/repo.git"
    same "git ls-remote wrong CA" "$git_lines" "GIT_SSL_CAINFO=$pki/other-ca.pem git ls-remote https://localhost:$hport/repo.git"
    same "git ls-remote no verify" "$git_lines" "GIT_SSL_NO_VERIFY=1 git ls-remote https://localhost:$hport/repo.git"
else
    skip git "no git-remote-https linked with libcurl-gnutls"
fi

# --- gnutls-serv on our library (and on the real one), with real clients in front:
# the page it serves (less the random session id and the port), and the exit codes.
for mode in real ours; do
    if [[ $mode == ours ]]; then pre=$so; else pre=; fi
    (cd "$www" && exec env LD_PRELOAD="$pre" TLSSHIM_DEBUG=1 gnutls-serv --http -p "$(free_port)" \
        --x509certfile "$pki/server-chain.pem" --x509keyfile "$pki/server.key") >"$work/serv-$mode.log" 2>&1 </dev/null &
    spid=$!
    peer_pids+=("$spid")
    sport_serv=
    for _ in $(seq 100); do
        sport_serv=$(ss -Hltnp 2>/dev/null | grep "pid=$spid," | grep -o '0.0.0.0:[0-9]*' | head -1 | cut -d: -f2)
        [[ -n $sport_serv ]] && break
        sleep 0.05
    done
    page() { # CMD... — the page, without what varies between servers and runs
        env -u LD_PRELOAD timeout 20 "$@" 2>/dev/null | sed -e 's/<[^>]*>/ /g' | sed -e 's/localhost:[0-9]*/localhost:PORT/' | grep -v -e 'Session ID' -e '^\s*$'
        echo "rc=${PIPESTATUS[0]}"
    }
    served=$(
        page curl -sS --cacert "$pki/ca.pem" "https://localhost:$sport_serv/"
        page curl -sS --tls-max 1.2 --cacert "$pki/ca.pem" "https://localhost:$sport_serv/"
        page curl -sS --cacert "$pki/other-ca.pem" "https://localhost:$sport_serv/"
        page wget -qO- --tries=1 --ca-certificate="$pki/ca.pem" "https://localhost:$sport_serv/"
        env -u LD_PRELOAD timeout 20 gnutls-cli -r --x509cafile "$pki/ca.pem" -p "$sport_serv" localhost </dev/null 2>&1 |
            grep -aE "$resume_lines"
    )
    eval "served_$mode=\$served"
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
done
# shellcheck disable=SC2154 # set by eval above
if ! grep -q '^tlsshim: gnutls server handshake done' "$work/serv-ours.log"; then
    failed=$((failed + 1)); echo "FAIL gnutls-serv: no tlsshim debug line from the preloaded server"
elif [[ -z $served_real ]]; then
    failed=$((failed + 1)); echo "FAIL gnutls-serv: the real server served nothing"
elif [[ $served_real == "$served_ours" ]]; then
    passed=$((passed + 1)); echo "PASS gnutls-serv (curl, curl TLS 1.2, curl wrong CA, wget, gnutls-cli -r): ${served_ours//$'\n'/ | }"
else
    failed=$((failed + 1)); echo "FAIL gnutls-serv"; diff <(echo "$served_real") <(echo "$served_ours") | sed 's/^/    /'
fi

echo "gnutls programs: $passed passed, $failed failed, $skipped skipped"
exit $((failed > 0))
