#!/usr/bin/env bash
# Fails when SUPPORT.md does not match src/symbols.tsv and tools/reference/imports
# (regenerate with `make support`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 tools/gen_support.py --check
