#!/usr/bin/env bash
# Fails when a generated file does not match src/symbols.tsv: SUPPORT.md (with
# tools/reference/imports), the headers in include/ (tools/gen_headers.py), or the
# status column itself (tools/gen_symbols.py). Regenerate with `make support`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 tools/gen_support.py --check
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r include "$tmp/include.committed"
python3 tools/gen_headers.py >/dev/null
if ! diff -r "$tmp/include.committed" include >/dev/null; then
    diff -ru "$tmp/include.committed" include | head -20
    rm -rf include && cp -r "$tmp/include.committed" include
    echo "include/ is stale: run make support and commit it"; exit 1
fi
