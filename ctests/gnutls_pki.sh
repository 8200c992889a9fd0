#!/bin/sh
# Makes the test PKI for the GnuTLS session tests into $1 (default: $TLSSHIM_PKI):
#   ca.pem/ca.key            the trusted CA
#   server.pem/server.key    localhost + 127.0.0.1, signed by ca
#   other-ca.pem             an unrelated CA (the "wrong CA")
#   self.pem/self.key        self-signed localhost
#   expired.pem/expired.key  localhost, signed by ca, expired in 2021
#   wronghost.pem/.key       www.example.org, signed by ca
#   revoked.pem/.key         localhost, signed by ca, revoked in ca.crl
#   ca.crl                   ca's CRL (v2, with a CRL number), listing revoked.pem
set -eu
d=${1:-${TLSSHIM_PKI:?usage: gnutls_pki.sh DIR}}
mkdir -p "$d"; cd "$d"
[ -f done ] && exit 0
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=tlsshim test CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
q openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 3650 -subj "/CN=other CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
leaf() { # name cn san
  q openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" > "$1.ext"
}
leaf server localhost "DNS:localhost,IP:127.0.0.1"
q openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 825 -extfile server.ext
leaf wronghost www.example.org "DNS:www.example.org"
q openssl x509 -req -in wronghost.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out wronghost.pem -days 825 -extfile wronghost.ext
q openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem -days 825 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
# Expired: `openssl ca` is the one openssl command that takes explicit dates.
leaf expired localhost "DNS:localhost,IP:127.0.0.1"
mkdir -p ca.db; : > ca.db/index.txt; echo 1000 > ca.db/serial
cat > ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = ca.db/index.txt
serial = ca.db/serial
crlnumber = ca.db/crlnumber
unique_subject = no
default_crl_days = 3650
new_certs_dir = ca.db
default_md = sha256
policy = p
copy_extensions = none
[p]
commonName = supplied
CNF
q openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z -extfile expired.ext -notext
leaf revoked localhost "DNS:localhost,IP:127.0.0.1"
q openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in revoked.csr -out revoked.pem \
  -days 825 -extfile revoked.ext -notext
echo 01 > ca.db/crlnumber
q openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -revoke revoked.pem
q openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out ca.crl
cat server.pem ca.pem > server-chain.pem
touch done
