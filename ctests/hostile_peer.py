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

Encrypted records after a real handshake (modes encNN_*, NN = 13 or 12: TLS 1.3, or
TLS 1.2 with ECDHE-ECDSA-AES128-GCM-SHA256): the Python server completes the handshake
over memory BIOs with its key log on (TLS 1.3: no tickets, so it writes nothing after
the handshake) and every later record is forged with those keys (ctests/tlsrec.py).
Each mode first sends "hello\\n" as a proper record; the alert reported is then the
first one the client sends, decrypted ("encrypted alert LEVEL DESCRIPTION").
  encNN_warning   an encrypted warning user_canceled alert, "world\\n", close_notify
  enc13_warning_other  (TLS 1.3) an encrypted warning unrecognized_name alert (only
                  close_notify and user_canceled may be warnings in TLS 1.3)
  encNN_fatal     an encrypted fatal access_denied alert
  encNN_after_close  close_notify, then "after\\n" properly encrypted
  encNN_bad_mac   a record whose tag is wrong
  enc13_bad_type  a record whose inner content type is 0x63
  enc13_ccs       a ChangeCipherSpec inside encryption (RFC 8446 5: unexpected_message)
"""
import os
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlsrec  # noqa: E402

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


def protected_handshake(conn, version):
    """A real handshake (TLS 1.3 or 1.2) with the key log on; returns the protection
    for our records and a tlsrec.Stream of the client's (to read its alerts)."""
    keylog = tlsrec.temp_keylog()
    ctx = server_context(max12=version == 12)
    ctx.keylog_filename = keylog
    if version == 13:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.num_tickets = 0
    else:
        ctx.set_ciphers(tlsrec.SUITE12)
        ctx.options |= ssl.OP_NO_TICKET
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_side=True)
    client = tlsrec.Stream()
    sent = b""
    conn.settimeout(10)
    while True:
        try:
            obj.do_handshake()
            break
        except ssl.SSLWantReadError:
            out = outgoing.read()
            sent += out
            if out:
                conn.sendall(out)
            d = conn.recv(65536)
            if not d:
                raise SystemExit("client left during the handshake")
            client.feed(d)
            incoming.write(d)
    out = outgoing.read()
    sent += out
    if out:
        conn.sendall(out)
    keys = tlsrec.read_keylog(keylog)
    if version == 13:
        suite = obj.cipher()[0]
        write = tlsrec.RecordProtection.tls13(suite, keys["SERVER_TRAFFIC_SECRET_0"][1])
        client.protection = tlsrec.RecordProtection.tls13(
            suite, keys["CLIENT_TRAFFIC_SECRET_0"][1])
    else:
        client_random, master = keys["CLIENT_RANDOM"]
        server_random = sent[11:43]  # record (5) + handshake (4) headers + version (2)
        client.protection, write = tlsrec.RecordProtection.tls12_pair(
            master, client_random, server_random)
        write.seq = 1  # our Finished went out under sequence number 0
    client.events()  # the handshake's own records
    return write, client


def watch_protected(conn, client, seconds=3.0):
    """The first alert the client sends, decrypted if it is encrypted."""
    deadline = time.monotonic() + seconds
    while True:
        for ctype, payload, encrypted in client.events():
            if ctype == tlsrec.ALERT:
                return tlsrec.describe_alert(payload, encrypted)
        left = deadline - time.monotonic()
        if left <= 0:
            return "no alert, timeout"
        conn.settimeout(left)
        try:
            d = conn.recv(65536)
        except socket.timeout:
            return "no alert, timeout"
        except ConnectionResetError:
            d = b""
        # A client that closes with our later records unread resets the connection
        # instead of a FIN, depending on timing: both are "closed".
        if not d:
            return "no alert, connection closed"
        client.feed(d)


def protected(conn, mode):
    version = int(mode[3:5])
    case = mode[6:]
    write, client = protected_handshake(conn, version)
    out = []

    def send(ctype, data, corrupt=False):
        out.append(write.seal(ctype, data, corrupt))

    send(tlsrec.APPDATA, b"hello\n")
    if case == "warning":
        send(tlsrec.ALERT, b"\x01\x5a")
        send(tlsrec.APPDATA, b"world\n")
        send(tlsrec.ALERT, b"\x01\x00")
    elif case == "warning_other":
        send(tlsrec.ALERT, b"\x01\x70")
        send(tlsrec.APPDATA, b"world\n")
        send(tlsrec.ALERT, b"\x01\x00")
    elif case == "fatal":
        send(tlsrec.ALERT, b"\x02\x31")
    elif case == "after_close":
        send(tlsrec.ALERT, b"\x01\x00")
        send(tlsrec.APPDATA, b"after\n")
    elif case == "bad_mac":
        send(tlsrec.APPDATA, b"bad\n", corrupt=True)
    elif case == "bad_type":
        send(0x63, b"junk")
    elif case == "ccs":
        send(tlsrec.CCS, b"\x01")
    else:
        raise SystemExit("unknown mode " + mode)
    try:
        conn.sendall(b"".join(out))  # one write: the client sees the records together
    except (BrokenPipeError, ConnectionResetError):
        pass
    report(watch_protected(conn, client))
    conn.close()


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
    if mode.startswith("enc"):
        protected(conn, mode)
        return
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
