#!/usr/bin/env bash
# ctests/verify_pki.sh DIR — the PKI of the verification matrix (ctests/verify_matrix.sh),
# made with the system openssl (LD_PRELOAD removed for every call). ECDSA P-256 keys.
#   ca.pem/.key           root CA (CA:TRUE, keyCertSign+cRLSign)
#   int.pem/.key          intermediate CA, signed by the root
#   other-ca.pem          an unrelated CA
# Leaves (CN=localhost, serverAuth, signed by the root unless said otherwise); each
# NAME.pem is what the server sends (leaf, plus the chain where said), NAME.key its key:
#   good          SAN DNS:localhost, IP:127.0.0.1
#   expired       valid 2020-01-01 .. 2021-01-01
#   notyet        valid 2099-01-01 .. 2100-01-01
#   selfsigned    self-signed, same SANs
#   eku-client    extendedKeyUsage=clientAuth only
#   wrongname     SAN DNS:www.example.org only
#   dnsonly       SAN DNS:localhost only (reached by 127.0.0.1)
#   iponly        SAN IP:127.0.0.1 only, CN=tlsshim ip-only (reached by localhost)
#   cnonly        no SAN at all, CN=localhost (the subject CN is the only name)
#   cnip          SAN IP:127.0.0.1 only, CN=localhost
#   noint         signed by the intermediate; sent alone (the intermediate is missing)
#   withint       signed by the intermediate; sent with it (leaf + int)
#   notca         signed by a leaf (CA:FALSE) of the root; sent with that leaf
#   revoked       revoked in ca.crl and ca-expired.crl
# CRLs (v2, with a CRL number, as webpki needs):
#   ca.crl            the root's, next update in 10 years, lists revoked
#   ca-expired.crl    the root's, issued 2020-01-01, next update 2021-01-01, lists revoked
#   int.crl           the intermediate's, empty
# Idempotent: does nothing when DIR/done exists.
set -euo pipefail
dir=${1:?usage: ctests/verify_pki.sh DIR}
[[ -f $dir/done ]] && exit 0
mkdir -p "$dir"
cd "$dir"
ossl() { env -u LD_PRELOAD openssl "$@" >/dev/null 2>&1; }
key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"; }

ca_db() { # name — an `openssl ca` configuration and database for CA NAME
    mkdir -p "$1.db"
    : >"$1.db/index.txt"
    echo 1000 >"$1.db/serial"
    echo 01 >"$1.db/crlnumber"
    cat >"$1.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $1.db/index.txt
serial = $1.db/serial
crlnumber = $1.db/crlnumber
new_certs_dir = $1.db
unique_subject = no
default_md = sha256
default_crl_days = 3650
policy = p
copy_extensions = none
[p]
commonName = supplied
CNF
}

self_ca() { # name subject
    key "$1"
    ossl req -new -x509 -key "$1.key" -out "$1.pem" -days 3650 -subj "$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    ca_db "$1"
}

# sign ISSUER NAME EXTENSIONS [openssl ca date options] — NAME.pem signed by ISSUER;
# subject CN=localhost ($CN overrides).
sign() {
    local issuer=$1 name=$2 ext=$3
    shift 3
    key "$name"
    ossl req -new -key "$name.key" -out "$name.csr" -subj "/CN=${CN:-localhost}"
    printf '%b\n' "$ext" >"$name.ext"
    local dates=("$@")
    [[ ${#dates[@]} -eq 0 ]] && dates=(-days 825)
    ossl ca -batch -config "$issuer.cnf" -cert "$issuer.pem" -keyfile "$issuer.key" -in "$name.csr" \
        -out "$name.leaf.pem" -notext -extfile "$name.ext" "${dates[@]}"
    cp "$name.leaf.pem" "$name.pem"
}

leaf_ext() { # SAN EKU
    echo "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=$2\nsubjectAltName=$1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid"
}
both=DNS:localhost,IP:127.0.0.1

self_ca ca "/CN=tlsshim matrix root CA"
self_ca other-ca "/CN=tlsshim matrix unrelated CA"
# The intermediate: a CA signed by the root.
key int
ossl req -new -key int.key -out int.csr -subj "/CN=tlsshim matrix intermediate CA"
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >int.ext
ossl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in int.csr -out int.pem -notext \
    -extfile int.ext -days 3650 -subj "/CN=tlsshim matrix intermediate CA"
ca_db int

sign ca good "$(leaf_ext $both serverAuth)"
sign ca expired "$(leaf_ext $both serverAuth)" -startdate 20200101000000Z -enddate 20210101000000Z
sign ca notyet "$(leaf_ext $both serverAuth)" -startdate 20990101000000Z -enddate 21000101000000Z
sign ca eku-client "$(leaf_ext $both clientAuth)"
sign ca wrongname "$(leaf_ext DNS:www.example.org serverAuth)"
sign ca dnsonly "$(leaf_ext DNS:localhost serverAuth)"
# CN is not a host name: OpenSSL falls back to the CN when no DNS SAN is present.
CN="tlsshim ip-only" sign ca iponly "$(leaf_ext IP:127.0.0.1 serverAuth)"
sign ca revoked "$(leaf_ext $both serverAuth)"
sign ca cnonly "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth"
sign ca cnip "$(leaf_ext IP:127.0.0.1 serverAuth)"
sign int noint "$(leaf_ext $both serverAuth)"
sign int withint "$(leaf_ext $both serverAuth)"
cat withint.leaf.pem int.pem >withint.pem
# A leaf used as an issuer: notca-issuer is an ordinary CA:FALSE leaf of the root.
sign ca notca-issuer "$(leaf_ext $both serverAuth)"
ca_db notca-issuer
sign notca-issuer notca "$(leaf_ext $both serverAuth)"
cat notca.leaf.pem notca-issuer.pem >notca.pem

key selfsigned
ossl req -new -x509 -key selfsigned.key -out selfsigned.pem -days 825 -subj "/CN=localhost" \
    -addext "subjectAltName=$both" -addext "extendedKeyUsage=serverAuth"

ossl ca -config ca.cnf -cert ca.pem -keyfile ca.key -revoke revoked.pem
ossl ca -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out ca.crl
ossl ca -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out ca-expired.crl \
    -crl_lastupdate 20200101000000Z -crl_nextupdate 20210101000000Z
ossl ca -config int.cnf -cert int.pem -keyfile int.key -gencrl -out int.crl
for f in ca.crl ca-expired.crl int.crl good.pem noint.pem notca.pem; do
    [[ -s $f ]] || { echo "verify_pki.sh: $f was not made" >&2; exit 1; }
done
chmod 600 ./*.key
touch done
