#!/usr/bin/env python3
"""A hostile TLS server for the C tests ctests/ossl_hostile.c and gnutls_hostile.c
(issue 7), run through ctests/peer.py (`peer.py hostile MODE`), always without
LD_PRELOAD (the system Python and OpenSSL). Binds 127.0.0.1 on a free port, prints the
port, serves ONE connection and exits.

Where the misbehaviour needs real TLS bytes (a real ServerHello, a real handshake), a
Python ssl.SSLObject server over memory BIOs makes them and the bytes are then cut,
patched or followed by raw records on the socket. Certificates: $TLSSHIM_PKI.

After misbehaving, the peer reads what the client sends back for up to 3 s and writes
one line to the file $HOSTILE_OUT (when set): the first plaintext alert the client sent
("alert LEVEL DESCRIPTION"), "no alert, EOF", or "no alert, timeout".

modes:
  bad_type        answers the ClientHello with a record of content type 0x63
  malformed_hello answers with a handshake record holding a ServerHello of length 0
  oversized       answers with a handshake record of 2^14 + 2048 + 1 bytes
  warning_alert   sends a warning alert (unrecognized_name) before a real server flight
  fatal_alert     answers with a fatal handshake_failure alert
  truncated       sends the first 30 bytes of a real ServerHello, then closes (EOF)
  downgrade       a real TLS 1.2 ServerHello whose random ends in the TLS 1.3 downgrade
                  sentinel "DOWNGRD\\x01" (RFC 8446 4.1.3), then the rest of the flight
  after_close     full TLS handshake, "hello\\n", close_notify, then a junk record and
                  a second close_notify-free record of garbage
  hello_request   TLS 1.2 `openssl s_server`, which after the handshake sends a
                  HelloRequest (its "r" command), then "hello\\n"
"""
import os
import socket
import ssl
import subprocess
import sys
import time

SENTINEL12 = b"DOWNGRD\x01"


def report(line):
    path = os.environ.get("HOSTILE_OUT")
    if path:
        with open(path, "w") as f:
            f.write(line + "\n")


def read_record(conn):
    """One TLS record (header + body) or b"" on EOF."""
    head = b""
    while len(head) < 5:
        d = conn.recv(5 - len(head))
        if not d:
            return b""
        head += d
    n = int.from_bytes(head[3:5], "big")
    body = b""
    while len(body) < n:
        d = conn.recv(n - len(body))
        if not d:
            return b""
        body += d
    return head + body


def read_client_hello(conn):
    rec = read_record(conn)
    if not rec or rec[0] != 22:
        raise SystemExit("no ClientHello")
    return rec


def watch_alert(conn, seconds=3.0):
    """The first plaintext alert the client sends, as a line for report()."""
    conn.settimeout(seconds)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            rec = read_record(conn)
            if not rec:
                return "no alert, EOF"
            if rec[0] == 21 and len(rec) == 7:
                return "alert %d %d" % (rec[5], rec[6])
    except (socket.timeout, OSError):
        pass
    return "no alert, timeout"


def server_context(max12=False):
    pki = os.environ["TLSSHIM_PKI"]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(pki, "server.pem"), os.path.join(pki, "server.key"))
    if max12:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def server_flight(hello, max12=False):
    """The bytes a real server answers `hello` with (ServerHello ... )."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = server_context(max12).wrap_bio(incoming, outgoing, server_side=True)
    incoming.write(hello)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def full_handshake(conn):
    """A complete server handshake over memory BIOs; returns the SSLObject and BIOs."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = server_context().wrap_bio(incoming, outgoing, server_side=True)
    conn.settimeout(10)
    while True:
        try:
            obj.do_handshake()
            break
        except ssl.SSLWantReadError:
            out = outgoing.read()
            if out:
                conn.sendall(out)
            d = conn.recv(65536)
            if not d:
                raise SystemExit("client left during the handshake")
            incoming.write(d)
    out = outgoing.read()
    if out:
        conn.sendall(out)
    return obj, incoming, outgoing


def hello_request(lsock):
    """TLS 1.2 `openssl s_server` on the port the peer reserved, driven through its
    stdin: "r" renegotiates (a HelloRequest on TLS 1.2), a line is sent as data."""
    port = lsock.getsockname()[1]
    lsock.close()
    pki = os.environ["TLSSHIM_PKI"]
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    srv = subprocess.Popen(
        ["openssl", "s_server", "-tls1_2", "-naccept", "1", "-accept", "127.0.0.1:%d" % port,
         "-cert", os.path.join(pki, "server.pem"), "-key", os.path.join(pki, "server.key")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        # s_server prints ACCEPT once it listens, and "CIPHER is" after a handshake.
        for wanted in (b"ACCEPT", b"CIPHER is"):
            while True:
                line = srv.stdout.readline()
                if not line:
                    raise SystemExit("s_server ended early")
                if wanted in line:
                    break
            if wanted == b"ACCEPT":
                print(port, flush=True)
        time.sleep(0.2)
        srv.stdin.write(b"r\n")
        srv.stdin.flush()
        time.sleep(0.5)
        srv.stdin.write(b"hello\n")
        srv.stdin.flush()
        time.sleep(1.0)
        report("s_server ran")
    finally:
        srv.kill()
        srv.wait()


def main():
    mode = sys.argv[1]
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)
    if mode == "hello_request":
        hello_request(lsock)
        return
    print(lsock.getsockname()[1], flush=True)
    lsock.settimeout(20)
    conn, _ = lsock.accept()
    lsock.close()
    conn.settimeout(10)
    if mode == "after_close":
        obj, _, outgoing = full_handshake(conn)
        obj.write(b"hello\n")
        conn.sendall(outgoing.read())
        try:
            obj.unwrap()
        except ssl.SSLWantReadError:
            pass
        conn.sendall(outgoing.read())
        # Application data records after close_notify: junk a client must not deliver.
        conn.sendall(b"\x17\x03\x03\x00\x10" + b"J" * 16)
        conn.sendall(b"\x17\x03\x03\x00\x05" + b"after")
        time.sleep(1.0)
        conn.close()
        return
    hello = read_client_hello(conn)
    if mode == "bad_type":
        conn.sendall(b"\x63\x03\x03\x00\x04junk")
    elif mode == "malformed_hello":
        conn.sendall(b"\x16\x03\x03\x00\x04\x02\x00\x00\x00")
    elif mode == "oversized":
        n = 2**14 + 2048 + 1
        conn.sendall(b"\x16\x03\x03" + n.to_bytes(2, "big") + b"\x02" * n)
    elif mode == "warning_alert":
        conn.sendall(b"\x15\x03\x03\x00\x02\x01\x70" + server_flight(hello))
    elif mode == "fatal_alert":
        conn.sendall(b"\x15\x03\x03\x00\x02\x02\x28")
    elif mode == "truncated":
        conn.sendall(server_flight(hello)[:30])
        conn.close()
        report("no alert, closed by the peer")
        return
    elif mode == "downgrade":
        flight = bytearray(server_flight(hello, max12=True))
        # record header (5) + handshake header (4) + version (2) + random (32)
        if flight[0] != 22 or flight[5] != 2:
            raise SystemExit("no ServerHello")
        flight[35:43] = SENTINEL12
        conn.sendall(bytes(flight))
    else:
        raise SystemExit("unknown mode " + mode)
    report(watch_alert(conn))
    conn.close()


if __name__ == "__main__":
    main()
