#!/usr/bin/env bash
# ctests/constants.sh — proves tlsshim's headers (include/) agree with the system's.
#
# 1. Every object-like `#define NAME <integer expression>` in include/ is printed as
#    NAME=%lld by one generated C file, compiled once with -Iinclude (our headers)
#    and once against the system headers; the two outputs must be identical.
# 2. Test programs compile and link against OUR headers and OUR build/lib, and the
#    binaries record NEEDED libtlsshim.so (its SONAME), not the system libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
CC=${CC:-gcc}
out=$root/ctests/out/constants
rm -rf "$out"; mkdir -p "$out"

python3 - "$out/consts.c" include/openssl/ssl.h include/gnutls/gnutls.h \
    include/gnutls/x509.h include/gnutls/crypto.h include/gnutls/abstract.h include/gnutls/dtls.h <<'PY'
import re, sys
dst, files = sys.argv[1], sys.argv[2:]
defs = {}
for f in files:
    text = re.sub(r"/\*.*?\*/", " ", open(f).read(), flags=re.S).replace("\\\n", " ")
    for line in text.splitlines():
        m = re.match(r"\s*#\s*define\s+(\w+)(\(?)\s*(.*)$", line)
        if m and not m.group(2):
            defs[m.group(1)] = m.group(3).strip()
# Enumerators of the enums our headers declare are compared too.
enums = set()
for f in files:
    for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", open(f).read()):
        enums |= set(re.findall(r"(?:^|,)\s*([A-Za-z_]\w*)", body))
guards = {"OPENSSL_SSL_H", "HEADER_SSL_H", "GNUTLS_GNUTLS_H", "GNUTLS_X509_H", "GNUTLS_CRYPTO_H",
          "GNUTLS_ABSTRACT_H", "GNUTLS_DTLS_H"}
tok = re.compile(r"\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-+~|&()*])")
def is_int(name, seen=()):
    body = defs.get(name)
    if body is None or name in seen or not body:
        return False
    pos, ids = 0, []
    while pos < len(body):
        m = tok.match(body, pos)
        if not m:
            return False
        ids += re.findall(r"^[A-Za-z_]\w*$", m.group(1))
        pos = m.end()
    casts = {"uint64_t", "long", "unsigned", "int", "U", "L"}
    for i in ids:
        if i in casts or i.startswith("SSL_OP_BIT"):
            continue
        if i in defs:
            if not is_int(i, seen + (name,)):
                return False
        elif i in enums:
            continue
        elif not re.match(r"X509_FILETYPE_|OPENSSL_INIT_", i):  # libcrypto constants
            return False
    return True
names = sorted(set(n for n in defs if n not in guards and is_int(n)) | enums)
with open(dst, "w") as fh:
    fh.write("#include <stdio.h>\n#include <openssl/ssl.h>\n#include <gnutls/gnutls.h>\n"
             "#include <gnutls/x509.h>\n#include <gnutls/crypto.h>\n#include <gnutls/abstract.h>\n"
             "#include <gnutls/dtls.h>\n"
             "int main(void)\n{\n")
    for n in names:
        fh.write('    printf("%s=%%lld\\n", (long long)(%s));\n' % (n, n))
    fh.write("    return 0;\n}\n")
print("constants.sh: %d integer #defines and enumerators" % len(names))
PY

$CC -Wall -Werror -Iinclude -o "$out/consts-ours" "$out/consts.c"
$CC -Wall -Werror -o "$out/consts-system" "$out/consts.c"
"$out/consts-ours" >"$out/ours.txt"
"$out/consts-system" >"$out/system.txt"
if ! diff -u "$out/system.txt" "$out/ours.txt"; then
    echo "constants.sh: FAIL: include/ differs from the system headers" >&2
    exit 1
fi
echo "constants.sh: $(wc -l <"$out/ours.txt") constants equal to the system headers"

# Usable: build test programs against our headers and our libraries.
lib=${TLSSHIM_LIBDIR:-$root/build/lib}
[ -e "$lib/libssl.so" ] && [ -e "$lib/libgnutls.so" ] || { echo "constants.sh: run make lib first" >&2; exit 1; }
build() { # out src libs...
    local o=$1 src=$2; shift 2
    $CC -Wall -O1 -I include -I ctests -o "$out/$o" "$src" -L "$lib" "$@" -ldl -lpthread
}
build ossl_client_basic ctests/ossl_client_basic.c -lssl -lcrypto -lgnutls
build hdr_gnutls ctests/headers_gnutls.c -lgnutls
needed() { readelf -d "$out/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
# libtlsshim.so's SONAME is libtlsshim.so (one library serves both faces), so a program
# linked against build/lib/libssl.so / libgnutls.so records NEEDED libtlsshim.so —
# and must not record the system's libssl.so.3 / libgnutls.so.30.
for b in ossl_client_basic hdr_gnutls; do
    n=$(needed "$b" | tr '\n' ' ')
    if ! needed "$b" | grep -qx libtlsshim.so || needed "$b" | grep -Eqx 'libssl\.so\.3|libgnutls\.so\.30'; then
        echo "constants.sh: FAIL: $b NEEDED: $n (want libtlsshim.so, no system libssl/libgnutls)" >&2
        exit 1
    fi
    echo "constants.sh: $b NEEDED: $n"
done
# ...and it runs, loading tlsshim from build/lib.
LD_LIBRARY_PATH=$lib "$out/hdr_gnutls" >"$out/hdr_gnutls.out"
grep -q '^handshake: ' "$out/hdr_gnutls.out" || { echo "constants.sh: FAIL: hdr_gnutls" >&2; exit 1; }
echo "constants.sh: test programs compile and link against include/ and build/lib"
