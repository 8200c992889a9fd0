#!/usr/bin/env bash
# ctests/verify_matrix.sh — the certificate verification matrix (issue 7), both faces.
#
# Makes the matrix PKI (ctests/verify_pki.sh, into ctests/out/verify-pki), starts one
# `openssl s_server -www` per certificate (without LD_PRELOAD, on free 127.0.0.1 ports,
# killed by pid; tools/peers.sh) and runs the differential tests
# ctests/ossl_verify_matrix.c and ctests/gnutls_verify_matrix.c through ctests/run.sh
# (built against the system headers, run against the real libraries and again with
# LD_PRELOAD=build/lib/libtlsshim.so; stdout must be byte-identical).
# The tests find the PKI in VM_PKI and the port serving NAME.pem in VM_PORT_<NAME>
# (dashes as underscores).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/ctests/out
mkdir -p "$out/logs"
# shellcheck source=tools/peers.sh
source "$root/tools/peers.sh"

VM_PKI=$out/verify-pki
./ctests/verify_pki.sh "$VM_PKI"
export VM_PKI

# name [chain file] — the server sends NAME.leaf.pem (or selfsigned.pem), plus CHAIN.
serve() {
    local name=$1 chain=${2:-} cert=$VM_PKI/$1.leaf.pem args=()
    [[ -f $cert ]] || cert=$VM_PKI/$1.pem
    [[ -n $chain ]] && args=(-cert_chain "$VM_PKI/$chain")
    start_peer "s_server $name" "$out/logs/vm-s_server-$name.log" \
        openssl s_server -accept 127.0.0.1:@PORT@ -www -quiet -cert "$cert" -key "$VM_PKI/$name.key" "${args[@]}"
    export "VM_PORT_${name//-/_}=$started_port"
}
for n in good expired notyet selfsigned eku-client wrongname dnsonly iponly cnonly cnip noint revoked; do
    serve "$n"
done
serve withint int.pem
serve notca notca-issuer.pem

./ctests/run.sh ossl_verify_matrix gnutls_verify_matrix
