#!/usr/bin/env bash
# fuzz/run.sh SECONDS TARGET... — runs each libFuzzer target (built by `make fuzz-build`)
# for SECONDS, starting from the committed seeds fuzz/corpus/TARGET plus the local
# corpus build/fuzz/corpus/TARGET (kept between runs, not committed). Fails on a
# crash/leak/timeout report from libFuzzer or on any Rust panic message ("panicked at":
# a panic inside an export is caught by the guard and would otherwise go unnoticed).
# Prints one summary line per target: executions, seconds, crashes, panics.
# FUZZ_BIN: where the target binaries are (build/fuzz; `make fuzz-long` uses
# build/fuzz/nosan). FUZZ_FLAGS: more libFuzzer flags (a later flag wins).
# FUZZ_FORK=N: libFuzzer's fork mode, one campaign in N worker processes sharing the
# corpus (one per CPU); the parent prints no final stats, so the executions are its last
# "#N: cov:" progress line (the sum of the finished jobs' counts) and the crashes are
# its oom/timeout/crash counters (a crash, which includes a caught panic, stops it).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:?usage: fuzz/run.sh SECONDS TARGET...}; shift
export FUZZ_PKI=$PWD/build/fuzz/pki
fail=0
for t in "$@"; do
    mkdir -p "build/fuzz/corpus/$t" "build/fuzz/artifacts/$t" "fuzz/corpus/$t"
    log=build/fuzz/$t.log
    # The API-sequence targets keep two SSL_CTX / credentials objects for the whole run,
    # whose caches (server session cache, client ticket store, the engine's base-config
    # cache of 16) legitimately grow across inputs: libFuzzer's per-input leak check
    # then ran LeakSanitizer's heap scan after nearly every input (half of the time in
    # perf), and the entropic schedule's feature bookkeeping another third. For them,
    # leaks are checked once, by LeakSanitizer at exit (ASAN_OPTIONS detect_leaks=1), and
    # the classic schedule is used: about 5x the executions per second.
    extra=()
    [[ $t == api_* ]] && extra=(-detect_leaks=0 -entropic=0)
    [[ -n ${FUZZ_FORK:-} ]] && extra+=(-fork="$FUZZ_FORK")
    # ASan: the shim's own allocations come from the C side's malloc interceptor;
    # leak detection per input (-detect_leaks=1) is on.
    t0=$(date +%s)
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    timeout -k 10 $((secs + 60)) "${FUZZ_BIN:-build/fuzz}/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 ${extra[@]+"${extra[@]}"} ${FUZZ_FLAGS:-} -artifact_prefix="build/fuzz/artifacts/$t/" \
        "build/fuzz/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - t0 )) # under SECONDS when FUZZ_FLAGS has -runs=N
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    panics=$(grep -c 'panicked at' "$log")
    forked=0
    if [[ -n ${FUZZ_FORK:-} ]]; then
        runs=$(grep -ao '^#[0-9]*: cov' "$log" | tail -n 1 | grep -o '[0-9]*' || echo 0)
        # oom/timeout/crash counters of the last progress line: OOMs and timeouts are
        # skipped by the campaign (their inputs are kept as artifacts, counted below).
        forked=$(grep -ao 'oom/timeout/crash: [0-9]*/[0-9]*/[0-9]*' "$log" | tail -n 1 | awk -F/ '{print $NF}')
        forked=${forked:-0}
    fi
    # A slow-unit report is libFuzzer's note that one input took as long as -timeout
    # once, not a failure of its own; a machine that stalls for seconds (seen: both
    # targets at the same moment, inputs that replay in milliseconds) makes them. Each
    # is replayed here: one that is still slow (over 2 s) counts as a failure.
    slow=0
    for u in "build/fuzz/artifacts/$t"/slow-unit-*; do
        [[ -e $u ]] || continue
        start=$(date +%s%N)
        "${FUZZ_BIN:-build/fuzz}/$t" -timeout=10 "$u" >/dev/null 2>&1
        ms=$(( ($(date +%s%N) - start) / 1000000 ))
        echo "fuzz $t: $(basename "$u") replays in ${ms} ms"
        if (( ms > 2000 )); then slow=$((slow + 1)); fi
    done
    crashes=$(ls "build/fuzz/artifacts/$t" | grep -vc '^slow-unit-')
    crashes=$((crashes + slow + forked))
    echo "fuzz $t: ${runs:-0} executions in ${elapsed}s, exit $rc, artifacts $crashes, panics $panics"
    if [[ $rc -ne 0 || $panics -ne 0 || $crashes -ne 0 ]]; then
        fail=1
        grep -m5 -E 'ERROR|panicked at|SUMMARY' "$log" | sed 's/^/    /'
    fi
done
exit $fail
