#!/bin/sh
# Makes the certificates the X.509 differential tests read: ctests/mkpki_x509.sh DIR.
# Each one exercises a rule of GnuTLS's DN printing or host-name matching.
set -eu
d=${1:-${TLSSHIM_PKI:-/tmp/tlsshim-pki}}
mkdir -p "$d"
cd "$d"
o() { openssl "$@" 2>/dev/null; }
o req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
  -subj "/C=US/O=Test CA Org/CN=Test CA" -set_serial 1
leaf() { # name subj ext-lines keytype
  name=$1 subj=$2 ext=$3 key=${4:-ec}
  if [ "$key" = ec ]; then o ecparam -name prime256v1 -genkey -noout -out "$name.key"
  else o genrsa -out "$name.key" 2048; fi
  o req -new -key "$name.key" -out "$name.csr" -subj "$subj" -utf8
  printf '%s\n' "$ext" > "$name.ext"
  o x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -set_serial 0x0123456789abcdef01 \
    -days 365 -out "$name.pem" -extfile "$name.ext"
  o x509 -in "$name.pem" -outform DER -out "$name.der"
  rm -f "$name.csr" "$name.ext"
}
leaf san "/C=DE/ST=Berlin/L=Berlin/O=Example, Inc./OU=Unit\\+One/CN=www.example.com" \
  "subjectAltName=DNS:www.example.com,DNS:*.example.org,DNS:foo*.example.net,IP:127.0.0.1,IP:::1,email:a@b.c"
leaf cnonly "/O=CN Only/CN=cnonly.example.com" "basicConstraints=CA:FALSE" rsa
leaf cnwild "/CN=*.wild.example" "basicConstraints=CA:FALSE"
leaf ipsan "/CN=127.0.0.2" "subjectAltName=IP:10.0.0.1"
leaf nodns "/CN=nodns.example" "subjectAltName=email:x@nodns.example"
leaf multi "/CN=a+OU=b/O=\"quoted\"/street=  lead\\;semi #x/CN=second.example/DC=example/DC=com/emailAddress=me@x.example/serialNumber=42/UID=uid1" \
  "subjectAltName=DNS:*.*.example.com,DNS:*.com,DNS:xn--bcher-kva.example"
leaf utf8 "/CN=Bücher.example/O=Straße \\, Co" "subjectAltName=DNS:UPPER.Example.COM"
leaf twocn "/CN=one.example/CN=two.example" "basicConstraints=CA:FALSE"
leaf ekuclient "/CN=eku.example" "extendedKeyUsage=clientAuth"
leaf ekuserver "/CN=ekus.example" "extendedKeyUsage=clientAuth,serverAuth"
o x509 -in ca.pem -outform DER -out ca.der
cat ca.pem san.pem > unsorted.pem
head -c 100 san.der > trunc.der
cat san.der ca.der > trailing.der
{ echo "-----BEGIN CERTIFICATE-----"; printf 'garbage garbage garbage' | base64; echo "-----END CERTIFICATE-----"; } > pemgarbage.pem
cat san.pem ca.pem > chain.pem
printf 'garbage\n' > garbage.bin
printf -- '-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n' > badb64.pem
echo "$d"
