#!/usr/bin/env python3
"""tools/bench.py — run the benchmarks and write BENCHMARKS.md (called by `make bench`).

Each C benchmark (build/bench/{ossl,gnutls}_bench, compiled against the system headers)
runs alternately against the real library and with LD_PRELOAD=build/lib/libtlsshim.so,
and the bare-rustls example (target/release/examples/bare_rustls) runs the same
workload in the same round:  real, ours, bare, real, ours, bare, …  (BENCH_PAIRS
rounds, default 5). A row reports the medians, the median of the per-round ratios
ours/real and their min–max, and ours/bare likewise.

Environment: BENCH_QUICK=1 (small counts, 2 rounds: a smoke run, not a measurement),
BENCH_PAIRS=N, BENCH_ONLY=substring (rows whose name contains it), BENCH_OUT=path
(default BENCHMARKS.md).
"""
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SO = os.path.join(ROOT, "build/lib/libtlsshim.so")
BIN = os.path.join(ROOT, "build/bench")
BARE = os.path.join(ROOT, "target/release/examples/bare_rustls")
PKI = os.path.join(ROOT, "build/bench/pki")
QUICK = os.environ.get("BENCH_QUICK") == "1"
PAIRS = int(os.environ.get("BENCH_PAIRS", "2" if QUICK else "7"))
ONLY = os.environ.get("BENCH_ONLY", "")
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "BENCHMARKS.md"))
TIMEOUT = 180


def mem_connections(want=10000):
    """The memory rows hold `want` connections open (the issue's 10,000): a socketpair
    each, so 2 descriptors per connection. Raises the descriptor limit to fit (root may
    raise the hard limit too); where it cannot, as many as fit."""
    need = 2 * want + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for limits in ((need, max(need, hard)), (min(need, hard), hard)):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, limits)
            break
        except (ValueError, OSError):
            continue
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(100, min(want, (soft - 256) // 2))


MEM_CONNS = 100 if QUICK else mem_connections()
# The memory rows are deterministic (in every run so far each one's min–max over the
# rounds was a single value), and with 10,000 connections one run of the real libssl
# takes ~11 s: 3 rounds keep `make bench` under 5 minutes (5 rounds took 345 s).
MEM_ROUNDS = min(PAIRS, 3)

# (workload id, args full, args quick, [(result key, row label, unit, higher is better)])
WORKLOADS = [
    ("bulk-aes128", ["bulk", "tls13-aes128", "256"], ["bulk", "tls13-aes128", "16"],
     [("MBps", "bulk TLS 1.3 AES-128-GCM, 16 KiB writes", "MB/s", True)]),
    ("bulk-aes256", ["bulk", "tls13-aes256", "256"], ["bulk", "tls13-aes256", "16"],
     [("MBps", "bulk TLS 1.3 AES-256-GCM, 16 KiB writes", "MB/s", True)]),
    ("bulk-chacha", ["bulk", "tls13-chacha", "256"], ["bulk", "tls13-chacha", "16"],
     [("MBps", "bulk TLS 1.3 CHACHA20-POLY1305, 16 KiB writes", "MB/s", True)]),
    ("bulk-tls12", ["bulk", "tls12-aes128", "256"], ["bulk", "tls12-aes128", "16"],
     [("MBps", "bulk TLS 1.2 ECDHE-ECDSA-AES128-GCM, 16 KiB writes", "MB/s", True)]),
    ("hs-ecdsa", ["hs", "ecdsa", "400"], ["hs", "ecdsa", "30"],
     [("hps", "full handshakes, ECDSA P-256 server", "hs/s", True)]),
    ("hs-rsa", ["hs", "rsa", "300"], ["hs", "rsa", "30"],
     [("hps", "full handshakes, RSA-2048 server", "hs/s", True)]),
    ("resume", ["resume", "400"], ["resume", "30"],
     [("hps", "resumed handshakes (tickets)", "hs/s", True)]),
    ("rtt", ["rtt", "20000"], ["rtt", "1000"],
     [("rtps", "1 KiB request/response round trips", "rt/s", True)]),
    # Wall time of a whole process that makes two connections (warm-up + 1): start-up
    # costs such as the crypto library's initialisation, which short-lived programs
    # (curl, wget) pay on every run. Measured by this script, not by the program.
    ("startup", ["hs", "ecdsa", "1"], ["hs", "ecdsa", "1"],
     [("wall_ms", "process start to exit, 2 handshakes (start-up cost)", "ms", False)]),
    ("mem", ["mem", str(MEM_CONNS)], ["mem", "100"],
     [("heap_hs", "heap per endpoint after handshake (mallinfo2)", "bytes", False),
      ("heap_traffic", "heap per endpoint after 16 KiB each way", "bytes", False),
      ("rss_hs", "RSS per endpoint after handshake", "bytes", False),
      ("rss_traffic", "RSS per endpoint after 16 KiB each way", "bytes", False)]),
]

FACES = [("libssl", "ossl_bench"), ("GnuTLS", "gnutls_bench")]


def run(cmd, preload):
    env = dict(os.environ, BENCH_PKI=PKI)
    env.pop("LD_PRELOAD", None)
    if preload:
        env["LD_PRELOAD"] = SO
    try:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        wall = time.perf_counter() - t0
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if p.returncode != 0:
        return None, (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]
    res = {"wall_ms": wall * 1e3}
    for line in p.stdout.splitlines():
        m = re.match(r"RESULT (\S+) (\S+)$", line)
        if m:
            res[m.group(1)] = float(m.group(2))
    return res, None


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              env={k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
                              ).stdout.strip()
    except OSError:
        return "?"


def lock_version(name):
    try:
        text = open(os.path.join(ROOT, "Cargo.lock")).read()
    except OSError:
        return "?"
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(name), text)
    return m.group(1) if m else "?"


def fmt(v, unit):
    if v is None:
        return "—"
    if unit == "bytes":
        return "{:,.0f}".format(v)
    if v >= 100:
        return "{:,.0f}".format(v)
    return "{:.3g}".format(v)


def main():
    for path in [SO, BARE] + [os.path.join(BIN, b) for _, b in FACES]:
        if not os.path.exists(path):
            sys.exit("bench.py: %s missing (run `make bench`)" % path)
    started = time.time()
    load_start = os.getloadavg()
    raw = {}   # (face, wid) -> {"real": [..], "ours": [..], "bare": [..]} of result dicts
    errors = {}
    for face, binary in FACES:
        for wid, full, quick, rows in WORKLOADS:
            if ONLY and not any(ONLY in (face + " " + wid + " " + r[1]) for r in rows):
                continue
            args = quick if QUICK else full
            runs = {"real": [], "ours": [], "bare": []}
            sides = [("real", [os.path.join(BIN, binary)] + args, False),
                     ("ours", [os.path.join(BIN, binary)] + args, True),
                     ("bare", [BARE] + args, False)]
            for rnd in range(MEM_ROUNDS if wid == "mem" else PAIRS):
                # Alternate, and rotate who goes first so no side always follows another.
                for side, cmd, preload in sides[rnd % 3:] + sides[:rnd % 3]:
                    res, err = run(cmd, preload)
                    runs[side].append(res)
                    if err:
                        errors.setdefault((face, wid, side), err)
            raw[(face, wid)] = runs
            print("bench: %-7s %-12s done (%.0f s)" % (face, wid, time.time() - started),
                  file=sys.stderr, flush=True)

    lines = []
    out = lines.append
    out("# Benchmarks")
    out("")
    out("Produced by `make bench` (`tools/bench.py`); %s." % (
        "**BENCH_QUICK=1 smoke run: small counts, not a measurement**" if QUICK
        else "%d rounds" % PAIRS))
    out("")
    out("- machine: %s, %s cores, %s" % (
        sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.processor(),
        os.cpu_count(), platform.platform()))
    out("- real libraries: %s; GnuTLS %s" % (sh("openssl version"),
                                             sh("pkg-config --modversion gnutls")))
    out("- ours: tlsshim %s (commit %s), rustls %s, aws-lc-rs %s (aws-lc-sys %s), %s" % (
        lock_version("tlsshim"), sh("git -C %s rev-parse --short HEAD" % ROOT),
        lock_version("rustls"), lock_version("aws-lc-rs"), lock_version("aws-lc-sys"),
        sh("rustc --version")))
    out("- date: %s; wall time %.0f s; load average (1 min) %.2f at the start, %.2f at "
        "the end (other work shares this machine: read the min–max columns)" % (
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), time.time() - started,
            load_start[0], os.getloadavg()[0]))
    out("")
    out("Method: `ctests/bench/{ossl,gnutls}_bench.c`, compiled once against the system "
        "headers, run against the real library (**real**) and with "
        "`LD_PRELOAD=build/lib/libtlsshim.so` (**ours**); `examples/bare_rustls.rs` runs the "
        "same workload on rustls directly (**bare**). Each round runs real, ours, bare in "
        "turn (the order rotates from round to round); values are medians over the rounds, ratios are the median of the per-round "
        "ratios with their min–max. Client and server are two threads of one process over "
        "a socketpair; every connection verifies the server chain and name; X25519. "
        "Full handshakes use a new SNI name per connection so nobody resumes; each "
        "connection ends with one server byte and close_notify both ways. Memory: N = "
        "%s connections held open (%d rounds), Δ(mallinfo2 uordblks+hblkhd) and ΔRSS "
        "divided by 2N (client and server endpoints). Higher is better except for bytes."
        % (format(MEM_CONNS, ","), MEM_ROUNDS))
    out("")
    for face, _ in FACES:
        out("## %s face" % face)
        out("")
        out("| row | unit | real | ours | ours/real (min–max) | bare rustls | ours/bare (min–max) | notes |")
        out("|---|---|---:|---:|---|---:|---|---|")
        for wid, _, _, rows in WORKLOADS:
            runs = raw.get((face, wid))
            if runs is None:
                continue
            for key, label, unit, _higher in rows:
                vals = {s: [r.get(key) if r else None for r in runs[s]] for s in runs}
                med = {s: (statistics.median([v for v in vals[s] if v is not None])
                           if any(v is not None for v in vals[s]) else None) for s in vals}

                def ratio(a, b):
                    rs = [x / y for x, y in zip(vals[a], vals[b])
                          if x is not None and y is not None and y != 0]
                    if not rs:
                        return "—"
                    return "%.2f× (%.2f–%.2f)" % (statistics.median(rs), min(rs), max(rs))

                notes = []
                for side in ("real", "ours", "bare"):
                    if (face, wid, side) in errors:
                        notes.append("%s failed: %s" % (side, errors[(face, wid, side)][:80]))
                if key == "hps":
                    # Resumed rows must resume, full-handshake rows must not.
                    for side in ("real", "ours", "bare"):
                        fr = [r.get("reused") for r in runs[side] if r]
                        if not fr:
                            continue
                        m = statistics.median(fr)
                        if (wid == "resume" and m < 0.99) or (wid != "resume" and m > 0):
                            notes.append("%s resumed %.0f%%" % (side, 100 * m))
                out("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    label, unit, fmt(med["real"], unit), fmt(med["ours"], unit),
                    ratio("ours", "real"), fmt(med["bare"], unit), ratio("ours", "bare"),
                    "; ".join(notes)))
        out("")
    notes = os.path.join(ROOT, "ctests/bench/PROFILE.md")
    if os.path.exists(notes):
        out(open(notes).read().rstrip())
    text = "\n".join(lines) + "\n"
    with open(OUT, "w") as f:
        f.write(text)
    raw_path = os.path.join(BIN, "results.json")
    with open(raw_path, "w") as f:
        json.dump({"%s/%s" % k: v for k, v in raw.items()}, f, indent=1)
    print(text)
    print("bench: wrote %s (raw runs: %s)" % (OUT, raw_path), file=sys.stderr)


if __name__ == "__main__":
    main()
