#!/usr/bin/env python3
"""Regenerate src/symbols.tsv: the one list of exports.

Rows come from the real libraries' export tables (../shared/reference/*.exports.tsv):
every libssl name, and every GnuTLS name a reference program imports.  The C return
type is read from the system headers so a stub can return the documented failure
value.  The `status` column (impl/stub) is derived from the faces: an export is `impl`
when src/openssl/ or src/gnutls/ defines `extern "C" fn NAME`; build.rs refuses a
table that disagrees with the sources, so run this script after adding a function.
"""
import os, re, subprocess, sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ref = os.path.join(top, "..", "shared", "reference")
out = os.path.join(top, "src", "symbols.tsv")


def prototypes(header, defines=()):
    cmd = ["gcc", "-E", "-P", *defines, "-x", "c", "-"]
    src = f"#include <{header}>\n"
    text = subprocess.run(cmd, input=src, capture_output=True, text=True, check=True).stdout
    text = re.sub(r"__attribute__\s*\(\(.*?\)\)", " ", text)
    protos = {}
    for decl in re.split(r"[;{}]", text):
        decl = " ".join(decl.split())
        m = re.match(r"^(?:extern )?([A-Za-z_][\w \*]*?)\s*\(?\s*\b([A-Za-z_]\w*)\s*\)?\s*\(", decl)
        if decl.startswith("typedef"):
            continue
        fp = re.match(r"^(?:extern )?[\w \*]*\(\s*\*\s*([A-Za-z_]\w*)\s*\(", decl)
        if fp:  # a function returning a function pointer
            protos.setdefault(fp.group(1), "void (*)")
        elif m:
            protos.setdefault(m.group(2), m.group(1).strip())
    return protos


def ret_class(ctype):
    if ctype is None:
        return "int"
    t = ctype.replace("const ", "").replace("static ", "").replace("inline ", "").strip()
    if "*" in t:
        return "ptr"
    if t == "void":
        return "void"
    if t in ("time_t",):
        return "time"
    if t == "int":
        return "int"
    return "uint"


def failure(face, rc):
    if rc in ("void", "ptr", "uint"):
        return "0"
    if rc == "time":
        return "-1"
    # int: OpenSSL documents 0 (or <= 0) as failure for nearly every int function;
    # GnuTLS answers an unimplemented function with GNUTLS_E_UNIMPLEMENTED_FEATURE.
    return "-1250" if face == "gnutls" else "0"


def face_functions(face_dir):
    names = set()
    d = os.path.join(top, "src", face_dir)
    for f in os.listdir(d):
        if f.endswith(".rs"):
            names |= set(re.findall(r'extern "C" fn (\w+)\s*\(', open(os.path.join(d, f)).read()))
    return names


implemented = {"ssl": face_functions("openssl"), "gnutls": face_functions("gnutls")}

old = {}
if os.path.exists(out):
    for line in open(out):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        old[f[0]] = f

ssl_protos = prototypes("openssl/ssl.h", ["-DOPENSSL_API_COMPAT=0x10000000L"])
ssl_protos.update({k: v for k, v in prototypes("openssl/srtp.h").items() if k not in ssl_protos})
gnutls_protos = {}
for h in ["gnutls/gnutls.h", "gnutls/x509.h", "gnutls/abstract.h", "gnutls/crypto.h",
          "gnutls/pkcs11.h", "gnutls/ocsp.h", "gnutls/dtls.h", "gnutls/pkcs12.h", "gnutls/urls.h",
          "gnutls/x509-ext.h", "gnutls/pkcs7.h", "gnutls/socket.h"]:
    for k, v in prototypes(h).items():
        gnutls_protos.setdefault(k, v)

rows = []
for line in open(os.path.join(ref, "libssl.exports.tsv")):
    name, node, kind = line.split()
    rows.append(("ssl", name, node, kind, ssl_protos.get(name)))

gnutls_nodes = {}
for line in open(os.path.join(ref, "libgnutls.exports.tsv")):
    name, node, kind = line.split()
    gnutls_nodes[name] = (node, kind)
wanted = set()
for f in os.listdir(os.path.join(ref, "imports")):
    for line in open(os.path.join(ref, "imports", f)):
        m = re.match(r"^(gnutls_\w+)@", line)
        if m:
            wanted.add(m.group(1))
# Standing in for libgnutls.so.30 (LD_LIBRARY_PATH) means every public function any
# library in the process imports must exist (curl's libldap imports gnutls_x509_privkey_*),
# and under LD_PRELOAD a function we lack would reach the real library with our
# objects: so every public GNUTLS_3_* function is exported, as a safe stub at least.
# (Data objects other than the allocator hooks — the FFDHE/SRP group datums — are not:
# a stub cannot give their content.)
wanted |= {n for n, (node, kind) in gnutls_nodes.items()
           if kind == "FUNC" and node.startswith("GNUTLS_3") and not n.startswith("_")}
# The allocator hooks are data objects programs copy-relocate; export all of them.
wanted |= {"gnutls_free", "gnutls_malloc", "gnutls_realloc", "gnutls_calloc", "gnutls_strdup",
           "gnutls_secure_malloc"}
wanted |= {n for n, f in old.items() if f[1] == "gnutls"}
for name in sorted(wanted):
    node, kind = gnutls_nodes[name]
    rows.append(("gnutls", name, node, kind, gnutls_protos.get(name)))

missing = [r[1] for r in rows if r[4] is None and r[3] == "FUNC"]
if missing:
    print("no prototype found (treated as int):", " ".join(missing), file=sys.stderr)

with open(out, "w") as o:
    o.write("# The one list of exports. Generated by tools/gen_symbols.py; edit only a\n# failure value the man page documents otherwise (SSL_get_fd: -1); `status` follows the sources.\n")
    o.write("# name\tface\tversion-node\tkind\treturn-class\tfailure-value\tstatus\n")
    for face, name, node, kind, ctype in sorted(rows, key=lambda r: (r[0] != "ssl", r[1])):
        rc = "object" if kind == "OBJECT" else ret_class(ctype)
        fail = "-" if kind == "OBJECT" else failure(face, rc)
        if name in old and old[name][4] == rc:
            fail = old[name][5]  # a hand-set failure value (e.g. SSL_get_fd's -1) is kept
        status = "impl" if kind == "OBJECT" or name in implemented[face] else "stub"
        o.write(f"{name}\t{face}\t{node}\t{kind}\t{rc}\t{fail}\t{status}\n")
print(f"{len(rows)} exports written to {out}")
