#!/usr/bin/env bash
# Makes sure the packages `make test` and `make demo` need are installed (Debian/apt).
# Idempotent and quiet when nothing is missing. As root, installs what is missing
# (running `apt-get update` once, only if a first install attempt fails); as another
# user, names what is missing and exits 1.
set -euo pipefail

packages=(gcc make pkg-config libssl-dev libgnutls28-dev gnutls-bin openssl socat curl wget python3 python3-cryptography valgrind nginx-light stunnel4 msmtp lftp git tshark clang libclang-rt-14-dev)

installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-deps: dpkg-query not found; this script supports Debian/Ubuntu (apt) only." >&2
    echo "install-deps: install by hand: ${packages[*]}" >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q "${missing[@]}" >&2; then
    echo "install-deps: install failed; running apt-get update once and retrying" >&2
    apt-get update -q >&2
    apt-get install -y -q "${missing[@]}" >&2
fi

still=()
for p in "${missing[@]}"; do
    installed "$p" || still+=("$p")
done
if [[ ${#still[@]} -gt 0 ]]; then
    echo "install-deps: still missing after install: ${still[*]}" >&2
    exit 1
fi
