#!/usr/bin/env python3
"""Generates include/openssl/ssl.h and include/gnutls/{gnutls,x509,crypto,abstract,dtls}.h.

Prototypes, typedefs and enums are copied from the SYSTEM headers (OpenSSL 3.0,
GnuTLS 3.7.9) as the preprocessor sees them, for exactly the `impl` rows of
src/symbols.tsv; #define lines are copied verbatim (token-identical, so including a
system header that repeats one is not a redefinition error). ctests/constants.sh
proves every integer #define equal to the system's.

    python3 tools/gen_headers.py        # rewrite include/
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYS = "/usr/include"
IDENT = re.compile(r"[A-Za-z_]\w*")


def impl_names(face):
    out = []
    for line in open(os.path.join(ROOT, "src/symbols.tsv")):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) >= 7 and f[1] == face and f[6] == "impl" and f[3] == "FUNC":
            out.append(f[0])
    return out


def objects(face):
    out = []
    for line in open(os.path.join(ROOT, "src/symbols.tsv")):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 7 and f[1] == face and f[6] == "impl" and f[3] == "OBJECT":
            out.append(f[0])
    return out


def statements(header, extra_cflags=()):
    """Top-level C statements of the preprocessed header, each with its origin file."""
    src = "#include <%s>\n" % header
    pp = subprocess.run(["gcc", "-E", *extra_cflags, "-"], input=src, text=True,
                        capture_output=True, check=True).stdout
    stmts, cur, depth, origin = [], [], 0, ""
    for line in pp.splitlines():
        m = re.match(r'# \d+ "([^"]+)"', line)
        if m:
            origin = m.group(1)
            continue
        if not line.strip():
            continue
        cur_origin = origin
        for ch in line:
            cur.append(ch)
            if ch in "{(":
                depth += 1
            elif ch in "})":
                depth -= 1
            elif ch == ";" and depth == 0:
                stmts.append(("".join(cur).strip(), cur_origin))
                cur = []
        cur.append("\n")
    return stmts


def norm(s):
    s = re.sub(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)", "", s)  # keep it plain C
    s = re.sub(r"\bextern\b\s*", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,;)])", r"\1", s)
    s = re.sub(r"\(\s+", "(", s)
    return s


def defined_name(stmt):
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", stmt)
    if m and stmt.startswith("typedef"):
        return m.group(1)
    if stmt.startswith("typedef") and "{" not in stmt:
        m = re.match(r"typedef[^(]*?\b(\w+)\s*\(", stmt)  # a function type
        if m:
            return m.group(1)
    ids = IDENT.findall(re.sub(r"\[[^\]]*\]", "", stmt))
    return ids[-1] if ids else None


def pick(stmts, origins, funcs, extra_seed=(), skip=()):
    """Function prototypes for funcs, plus (transitively) the typedefs from origins they use."""
    protos, missing = {}, []
    for name in funcs:
        pat = re.compile(r"\b%s\s*\(" % re.escape(name))
        hit = [s for s, o in stmts if pat.search(s) and not s.startswith("typedef")
               # a pointer named NAME (a member or variable) is no prototype; a
               # function returning a function pointer, `int (*NAME(args))(...)`, is
               and not re.search(r"\(\s*\*\s*%s\s*\)" % name, s)]
        if not hit:
            missing.append(name)
            continue
        protos[name] = hit[0]
    if missing:
        sys.exit("gen_headers: no prototype for: " + " ".join(missing))
    typedefs = [(s, defined_name(s)) for s, o in stmts
                if any(o.endswith(x) for x in origins) and
                (s.startswith("typedef") or re.match(r"(struct|enum|union)\s+\w+\s*\{", s))]
    byname = {}
    for s, n in typedefs:
        byname.setdefault(n, s)
        m = re.match(r"(?:typedef\s+)?(struct|enum|union)\s+(\w+)\s*\{", s)
        if m:
            byname.setdefault(m.group(2), s)
    want, todo = set(skip), list(extra_seed)
    for p in protos.values():
        todo += IDENT.findall(p)
    while todo:
        i = todo.pop()
        if i in byname and byname[i] not in want:
            want.add(byname[i])
            todo += IDENT.findall(byname[i])
    tds = [s for s, n in typedefs if s in want and s not in skip]
    seen, out = set(), []
    for s in tds:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out, [protos[n] for n in funcs]


def defines(files):
    """name -> verbatim '#define ...' line(s), first definition wins, over files."""
    out = {}
    for f in files:
        text = re.sub(r"/\*.*?\*/", " ", open(f).read(), flags=re.S)
        text = text.replace("\\\n", "\\\x00")
        for line in text.split("\n"):
            m = re.match(r"\s*#\s*define\s+(\w+)", line)
            if m and m.group(1) not in out:
                out[m.group(1)] = (re.sub(r"^\s*#\s*", "#", line)
                                   .replace("\\\x00", "\\\n").rstrip())
    return out


def select_defines(table, wanted):
    """wanted names plus every macro in table they reference, dependencies first."""
    order, seen = [], set()

    def visit(n):
        if n in seen or n not in table:
            return
        seen.add(n)
        body = table[n].split(None, 2)[2] if len(table[n].split(None, 2)) > 2 else ""
        body = re.sub(r'"[^"]*"', "", body)
        for i in IDENT.findall(body):
            visit(i)
        order.append(n)

    for n in wanted:
        if n not in table:
            sys.exit("gen_headers: no #define " + n)
        visit(n)
    return [table[n] for n in order]


def fmt_proto(p):
    return norm(p)


def write(path, text):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text)


HDR = "/* Generated by tools/gen_headers.py from the system headers and src/symbols.tsv; do not edit. */\n"


def gen_openssl():
    funcs = impl_names("ssl")
    stmts = statements("openssl/ssl.h")
    tds, protos = pick(stmts, ["openssl/ssl.h"], funcs)
    files = [SYS + "/openssl/" + f for f in ("ssl.h", "tls1.h", "ssl3.h", "prov_ssl.h", "sslerr.h")]
    table = defines(files)
    consts_rs = open(os.path.join(ROOT, "src/openssl/consts.rs")).read()
    wanted = [n for n in table if re.match(
        r"SSL_ERROR_|SSL_VERIFY_|SSL_MODE_|SSL_FILETYPE_|SSL_SESS_CACHE_|SSL_OP_|"
        r"TLS1_(1_|2_|3_)?VERSION$|SSL3_VERSION$|TLS_MAX_VERSION$|"
        r"SSL_(SENT|RECEIVED)_SHUTDOWN$|TLSEXT_NAMETYPE_host_name$|SSL_TLSEXT_ERR_|"
        r"OPENSSL_INIT_LOAD_SSL_STRINGS$|OPENSSL_INIT_NO_LOAD_SSL_STRINGS$|SSL_NOTHING$|"
        r"SSL_WRITING$|SSL_READING$|SSL_X509_LOOKUP$", n)]
    wanted += sorted(set(re.findall(r"\b(SSL_CTRL_\w+|SSL_R_\w+)\b", consts_rs)) & set(table))
    # Function-like macros over ctrl commands our SSL_ctrl / SSL_CTX_ctrl handle.
    ctrls = set(re.findall(r"\bSSL_CTRL_\w+\b", consts_rs))
    for n, line in table.items():
        if re.match(r"#define\s+\w+\(", line):
            used = set(re.findall(r"\bSSL_CTRL_\w+\b", line))
            if used and used <= ctrls:
                wanted.append(n)
    wanted += ["SSL_get_cipher", "SSL_get_cipher_name", "SSL_get_cipher_bits",
               "SSL_get_cipher_version", "SSL_library_init", "SSL_load_error_strings",
               "SSL_get_peer_certificate", "OpenSSL_add_ssl_algorithms",
               "SSLeay_add_ssl_algorithms"]
    wanted = list(dict.fromkeys(wanted))
    out = [HDR, "#ifndef OPENSSL_SSL_H\n#define OPENSSL_SSL_H\n#pragma once\n",
           "#ifndef OPENSSL_NO_DEPRECATED_3_0\n#define HEADER_SSL_H\n#endif\n",
           "/* libcrypto types (X509, EVP_PKEY, BIO, X509_STORE, ...) are the system's. */",
           "#include <openssl/macros.h>", "#include <openssl/e_os2.h>",
           "#include <openssl/opensslconf.h>", "#include <openssl/comp.h>",
           "#include <openssl/bio.h>", "#include <openssl/x509.h>",
           "#include <openssl/crypto.h>", "#include <openssl/err.h>", "",
           "#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
           "/* Constants and macros, copied verbatim from the OpenSSL 3.0 headers. */"]
    out += select_defines(table, wanted)
    out += ["", "/* libssl types. */",
            "typedef struct ssl_method_st SSL_METHOD;",
            "typedef struct ssl_cipher_st SSL_CIPHER;",
            "typedef struct ssl_session_st SSL_SESSION;"]
    out += [norm(t) for t in tds if not re.search(r"\b(SSL_METHOD|SSL_CIPHER|SSL_SESSION);$", norm(t))]
    out += ["", "/* Functions tlsshim implements (src/symbols.tsv, status impl). */"]
    out += [fmt_proto(p) for p in protos]
    out += ["", "#ifdef __cplusplus\n}\n#endif\n#endif /* OPENSSL_SSL_H */", ""]
    write("include/openssl/ssl.h", "\n".join(out))


# Implemented exports that the generated headers leave out, and why.
NOT_IN_HEADERS = {
    "_gnutls_global_init_skip": "internal: the real library's constructor calls it",
    "gnutls_pkcs11_set_pin_function": "declared in <gnutls/pkcs11.h>, not generated",
    "gnutls_pkcs11_set_token_function": "declared in <gnutls/pkcs11.h>, not generated",
}


# The GnuTLS headers besides gnutls.h that get a generated twin, with the headers each
# includes and the #define names copied into it.
SUBHEADERS = [
    ("x509", ["gnutls/gnutls.h"], r"GNUTLS_OID_|GNUTLS_KP_|GNUTLS_X509_DN_"),
    ("crypto", ["gnutls/gnutls.h"], None),
    ("abstract", ["gnutls/gnutls.h", "gnutls/x509.h"], None),
    ("dtls", ["gnutls/gnutls.h"], None),
]


def declared_in(stmts, header):
    return {n for st, o in stmts if o.endswith(header) and not st.startswith("typedef")
            for n in re.findall(r"\b(gnutls_\w+)\s*\(", st)[:1]}


def gen_gnutls():
    funcs = [f for f in impl_names("gnutls") if f not in NOT_IN_HEADERS]
    stmts = (statements("gnutls/abstract.h") + statements("gnutls/crypto.h")
             + statements("gnutls/dtls.h"))
    # A function goes to the header that declares it (<gnutls/x509.h>, <gnutls/crypto.h>,
    # <gnutls/abstract.h>, else gnutls.h).
    placed = {}
    for sub, _, _ in SUBHEADERS:
        names = declared_in(stmts, "gnutls/%s.h" % sub)
        placed[sub] = [f for f in funcs if f in names and
                       not any(f in v for v in placed.values())]
    main = [f for f in funcs if not any(f in v for v in placed.values())]
    objs = objects("gnutls")
    odecl = list(dict.fromkeys(
        norm(s) for s, o in stmts if o.endswith("gnutls/gnutls.h") and
        re.search(r"\bextern\b", s) and defined_name_obj(s) in objs))
    tds, protos = pick(stmts, ["gnutls/gnutls.h"], main, extra_seed=IDENT.findall(" ".join(odecl)))
    table = defines([SYS + "/gnutls/gnutls.h"])
    wanted = [n for n in table if re.match(
        r"GNUTLS_E_|GNUTLS_VERSION|GNUTLS_(SERVER|CLIENT|DATAGRAM|NONBLOCK|NO_SIGNAL|"
        r"NO_EXTENSIONS|NO_TICKETS|NO_REPLAY_PROTECTION|ALLOW_ID_CHANGE|ENABLE_FALSE_START|"
        r"FORCE_CLIENT_CERT|ENABLE_CERT_TYPE_NEG|DEFAULT_HANDSHAKE_TIMEOUT|"
        r"INDEFINITE_TIMEOUT|MAX_SESSION_ID_SIZE|MAX_SESSION_ID|ALPN_MAND|MAC_SHA|DIG_SHA|"
        r"PK_ECC|PK_EC|CRT_RAW|HANDSHAKE_ANY|CIPHER_RIJNDAEL_\w+|CIPHER_ARCFOUR|"
        r"PRIORITY_INIT_DEF_APPEND|SEC_PARAM_NORMAL|RECORD_WAIT)$|gnutls_transport_set_int$|"
        r"gnutls_check_version_numeric$|gnutls_sign_algorithm_get_name$|gnutls_read$|"
        r"gnutls_write$|gnutls_cred_set$", n)]
    out = [HDR, "#ifndef GNUTLS_GNUTLS_H\n#define GNUTLS_GNUTLS_H\n",
           "#include <sys/types.h>", "#include <stddef.h>", "#include <time.h>",
           "#include <sys/uio.h>", "",
           "#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
           "/* Constants and macros, copied verbatim from the GnuTLS 3.7.9 header. */"]
    out += select_defines(table, wanted)
    out += ["", "/* Types (the ones the functions below use). */"]
    out += [norm(t) for t in tds]
    out += ["", "/* Allocation functions (data objects, as in libgnutls). */"]
    out += ["extern " + o for o in odecl]
    out += ["", "/* Functions tlsshim implements (src/symbols.tsv, status impl). */"]
    out += [fmt_proto(p) for p in protos]
    out += ["", "#ifdef __cplusplus\n}\n#endif\n#endif /* GNUTLS_GNUTLS_H */", ""]
    write("include/gnutls/gnutls.h", "\n".join(out))

    done = list(tds)
    for sub, includes, define_re in SUBHEADERS:
        origins = includes + ["gnutls/%s.h" % sub]
        sub_tds, sub_protos = pick(stmts, origins, placed[sub], skip=done)
        done += sub_tds
        guard = "GNUTLS_%s_H" % sub.upper()
        out = [HDR, "#ifndef %s\n#define %s\n" % (guard, guard)]
        out += ["#include <%s>" % h for h in includes]
        out += ["", "#ifdef __cplusplus\nextern \"C\" {\n#endif\n"]
        if define_re:
            t = defines([SYS + "/gnutls/%s.h" % sub])
            out += select_defines(t, [n for n in t if re.match(define_re, n)])
        out += ["", "/* Types. */"] + [norm(t) for t in sub_tds]
        out += ["", "/* Functions tlsshim implements (src/symbols.tsv, status impl). */"]
        out += [fmt_proto(p) for p in sub_protos]
        out += ["", "#ifdef __cplusplus\n}\n#endif\n#endif /* %s */" % guard, ""]
        write("include/gnutls/%s.h" % sub, "\n".join(out))


def defined_name_obj(s):
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)", s)
    return m.group(1) if m else defined_name(s)


if __name__ == "__main__":
    gen_openssl()
    gen_gnutls()
