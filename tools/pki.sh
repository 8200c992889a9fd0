#!/usr/bin/env bash
# tools/pki.sh DIR — a throwaway PKI for tests and the demo, made with the system
# openssl (never through tlsshim: LD_PRELOAD is removed for every call).
#   ca.pem/ca.key              ECDSA P-256 CA
#   server.pem/server.key      P-256 leaf, SAN DNS:localhost, IP:127.0.0.1, signed by the CA
#   server-chain.pem           server.pem + ca.pem
#   server-rsa.pem/.key        RSA-2048 leaf, same SANs; server-rsa-chain.pem
#   other-ca.pem/other-ca.key  an unrelated CA (wrong-CA tests)
#   selfsigned.pem/.key        self-signed leaf for localhost
#   expired.pem/.key           leaf signed by the CA, valid 2020-01-01 .. 2020-12-31
# Idempotent: does nothing when DIR already holds every file.
set -euo pipefail

dir=${1:?usage: tools/pki.sh DIR}
files=(ca.pem ca.key server.pem server.key server-chain.pem server-rsa.pem server-rsa.key
    server-rsa-chain.pem other-ca.pem other-ca.key selfsigned.pem selfsigned.key
    expired.pem expired.key)

complete=1
for f in "${files[@]}"; do
    [[ -s "$dir/$f" ]] || complete=0
done
[[ $complete -eq 1 ]] && exit 0

mkdir -p "$dir"
work=$(mktemp -d "$dir/.pki.XXXXXX")
trap 'rm -rf "$work"' EXIT

ossl() { env -u LD_PRELOAD openssl "$@"; }

san="subjectAltName=DNS:localhost,IP:127.0.0.1"
leaf_ext="$work/leaf.ext"
cat > "$leaf_ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
$san
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT

ec_key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() { # name subject
    ec_key "$work/$1.key"
    ossl req -new -x509 -key "$work/$1.key" -out "$work/$1.pem" -days 3650 -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

sign_leaf() { # name key
    ossl req -new -key "$work/$1.key" -out "$work/$1.csr" -subj "/CN=localhost" 2>/dev/null
    ossl x509 -req -in "$work/$1.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
        -CAcreateserial -out "$work/$1.pem" -days 825 -sha256 -extfile "$leaf_ext" 2>/dev/null
    cat "$work/$1.pem" "$work/ca.pem" > "$work/$1-chain.pem"
}

make_ca ca "/CN=tlsshim test CA"
make_ca other-ca "/CN=tlsshim unrelated CA"

ec_key "$work/server.key"
sign_leaf server

ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/server-rsa.key" 2>/dev/null
sign_leaf server-rsa

ec_key "$work/selfsigned.key"
ossl req -new -x509 -key "$work/selfsigned.key" -out "$work/selfsigned.pem" -days 825 \
    -subj "/CN=localhost" -addext "$san" 2>/dev/null

# Expired: `openssl x509` in 3.0 cannot set notBefore, `openssl ca` can.
ec_key "$work/expired.key"
ossl req -new -key "$work/expired.key" -out "$work/expired.csr" -subj "/CN=localhost" 2>/dev/null
mkdir -p "$work/ca-db"
: > "$work/ca-db/index.txt"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $work/ca-db
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[ any ]
commonName = supplied
CNF
echo 1000 > "$work/ca-db/serial"
ossl ca -batch -config "$work/ca.cnf" -cert "$work/ca.pem" -keyfile "$work/ca.key" \
    -in "$work/expired.csr" -out "$work/expired.pem" -notext \
    -startdate 20200101000000Z -enddate 20201231000000Z -extfile "$leaf_ext" 2>/dev/null

for f in "${files[@]}"; do
    mv -f "$work/$f" "$dir/$f"
done
chmod 600 "$dir"/*.key
