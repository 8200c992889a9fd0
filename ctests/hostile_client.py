#!/usr/bin/env python3
"""A hostile TLS client for the C servers ctests/ossl_hostile_server.c and
gnutls_hostile_server.c (issue 7), run through ctests/peer.py
(`peer.py hostile_client MODE PORT`), always without LD_PRELOAD (the system Python and
OpenSSL). Connects to 127.0.0.1:PORT, misbehaves once, and exits.

Where the misbehaviour needs real TLS bytes, a Python ssl.SSLObject client over memory
BIOs makes them (a real ClientHello, a whole handshake); after a handshake, encrypted
records are forged with the keys from that client's own key log (ctests/tlsrec.py).
Raw ClientHellos (old versions, no common suite, SSLv2 format) are built here.

After misbehaving, the client reads what the server sends back, for up to 4 s or until
the server closes, and writes one line to the file $HOSTILE_OUT (when set): the first
alert the server sent ("alert LEVEL DESCRIPTION", or "encrypted alert LEVEL
DESCRIPTION" for one under the TLS 1.3 application keys), else "no alert, EOF",
"no alert, reset" or "no alert, timeout". The first alert is what counts: a server
that sends close_notify and then nothing reports that.

modes:
  bad_type       a record of content type 0x63 instead of a ClientHello
  empty_hello    a handshake record holding a ClientHello of length 0
  truncated      the first 30 bytes of a real ClientHello, then EOF (shutdown SHUT_WR)
  oversized      a handshake record of 2^14 + 2048 + 1 bytes
  old_version    a ClientHello offering TLS 1.1 at most (legacy_version 0x0302, no
                 supported_versions), with TLS 1.0-era suites
  no_shared      a TLS 1.2 ClientHello whose only suites are RSA key exchange
                 (AES128-SHA, AES256-SHA): none fits the server's ECDSA key
  fatal_alert    a fatal handshake_failure alert instead of a ClientHello
  warning_alert  a warning user_canceled alert, then a real handshake (TLS 1.3),
                 "hi\\n" and close_notify (OpenSSL and GnuTLS refuse the alert)
  warning_mid    TLS 1.2: a warning user_canceled alert between the ClientHello and
                 the client's second flight, then "hi\\n" and close_notify
  http           plain text "GET / HTTP/1.0\\r\\n\\r\\n"
  sslv2          an SSLv2-format ClientHello (version 3.3, three suites)
  after_close    a real TLS 1.3 handshake, "hi\\n", close_notify, then two plaintext
                 application-data records of junk
  enc_after_close  TLS 1.3: "hi\\n", close_notify, then "after\\n": every record
                 properly encrypted
  enc_bad_mac    TLS 1.3: "hi\\n", then a record whose tag is wrong
  enc12_bad_mac  the same on TLS 1.2 (ECDHE-ECDSA-AES128-GCM-SHA256)
  enc_fatal      TLS 1.3: "hi\\n", then an encrypted fatal access_denied alert
  enc_bad_type   TLS 1.3: "hi\\n", then a record whose inner content type is 0x63
  enc_ccs        TLS 1.3: "hi\\n", then a ChangeCipherSpec inside encryption
  enc_warning    TLS 1.3: "hi\\n", an encrypted warning user_canceled alert, "hi\\n",
                 close_notify
  enc12_reneg    TLS 1.2: "hi\\n", then a new ClientHello under encryption (a
                 client-initiated renegotiation), "hi\\n" and close_notify
"""
import os
import socket
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlsrec  # noqa: E402


def report(line):
    path = os.environ.get("HOSTILE_OUT")
    if path:
        with open(path, "w") as f:
            f.write(line + "\n")


def ext(kind, body):
    return kind.to_bytes(2, "big") + len(body).to_bytes(2, "big") + body


def vec(n, body):
    return len(body).to_bytes(n, "big") + body


def raw_client_hello(version, suites, record_version=0x0301):
    """A ClientHello record for TLS <= 1.2 (no supported_versions)."""
    groups = b"".join(g.to_bytes(2, "big") for g in (0x001D, 0x0017, 0x0018))
    sigalgs = b"".join(s.to_bytes(2, "big") for s in (0x0403, 0x0804, 0x0401, 0x0503, 0x0201, 0x0203))
    exts = (ext(0x000A, vec(2, groups)) + ext(0x000B, vec(1, b"\x00"))
            + ext(0x000D, vec(2, sigalgs)) + ext(0xFF01, b"\x00"))
    body = (version.to_bytes(2, "big") + os.urandom(32) + vec(1, b"")
            + vec(2, b"".join(s.to_bytes(2, "big") for s in suites)) + vec(1, b"\x00")
            + vec(2, exts))
    msg = b"\x01" + vec(3, body)
    return b"\x16" + record_version.to_bytes(2, "big") + vec(2, msg)


def sslv2_client_hello():
    """SSLv2-format ClientHello (RFC 5246 E.2) asking for TLS 1.2."""
    suites = b"".join(b"\x00" + s.to_bytes(2, "big") for s in (0xC02B, 0xC02F, 0x009C))
    challenge = os.urandom(16)
    msg = (b"\x01\x03\x03" + len(suites).to_bytes(2, "big") + b"\x00\x00"
           + len(challenge).to_bytes(2, "big") + suites + challenge)
    return (0x8000 | len(msg)).to_bytes(2, "big") + msg


class Client:
    """A Python ssl client over memory BIOs on `sock`; every byte the server sent is
    kept in `stream` (tlsrec.Stream) so that its alerts can be read, encrypted or not."""

    def __init__(self, sock, max12=False):
        self.sock = sock
        self.keylog = tlsrec.temp_keylog()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.keylog_filename = self.keylog
        if max12:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            ctx.set_ciphers(tlsrec.SUITE12)
        else:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.incoming, self.outgoing, server_hostname="localhost")
        self.stream = tlsrec.Stream()
        self.write = None

    def hello(self):
        """The ClientHello this client would send."""
        try:
            self.obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        return self.outgoing.read()

    def handshake(self, first=b"", before_second=b""):
        """A whole handshake; `first` goes out before the ClientHello, `before_second`
        before the client's second flight. False when the server ended it (its alert,
        if any, is then in `stream`)."""
        if first:
            self.sock.sendall(first)
        flights = 0
        while True:
            try:
                self.obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                out = self.outgoing.read()
                if out:
                    if flights == 1 and before_second:
                        out = before_second + out
                    flights += 1
                    send_all(self.sock, out)
                try:
                    d = self.sock.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    d = b""
                if not d:
                    return False
                self.stream.feed(d)
                self.incoming.write(d)
            except ssl.SSLError:
                return False
        out = self.outgoing.read()
        if flights == 1 and before_second:
            out = before_second + out
        if out:
            send_all(self.sock, out)
        keys = tlsrec.read_keylog(self.keylog)
        if self.obj.version() == "TLSv1.3":
            suite = self.obj.cipher()[0]
            self.write = tlsrec.RecordProtection.tls13(suite, keys["CLIENT_TRAFFIC_SECRET_0"][1])
            self.stream.protection = tlsrec.RecordProtection.tls13(
                suite, keys["SERVER_TRAFFIC_SECRET_0"][1])
        else:
            client_random, master = keys["CLIENT_RANDOM"]
            sh = next(r for r in self.stream.records if r[0] == tlsrec.HANDSHAKE and r[5] == 2)
            self.write, self.stream.protection = tlsrec.RecordProtection.tls12_pair(
                master, client_random, sh[11:43])
            self.write.seq = 1  # our Finished went out under sequence number 0
        self.stream.events()  # the handshake's own records
        return True

    def send(self, ctype, data, corrupt=False):
        self.sock.sendall(self.write.seal(ctype, data, corrupt))


def watch_alert(sock, stream, seconds=4.0, raw=False):
    """The first alert the server sends (plaintext, or under the application keys).
    `raw`: this client cannot go on with a handshake, so a server that answers with a
    handshake record (it took the hello) is reported at once."""
    deadline = time.monotonic() + seconds
    while True:
        for ctype, payload, encrypted in stream.events():
            if ctype == tlsrec.ALERT:
                return tlsrec.describe_alert(payload, encrypted)
            if raw and ctype == tlsrec.HANDSHAKE:
                return "no alert, a handshake message"
        left = deadline - time.monotonic()
        if left <= 0:
            return "no alert, timeout"
        sock.settimeout(left)
        try:
            d = sock.recv(65536)
        except socket.timeout:
            return "no alert, timeout"
        except ConnectionResetError:
            return "no alert, reset"
        if not d:
            return "no alert, EOF"
        stream.feed(d)


def send_all(sock, data):
    """sendall that tolerates a server that already gave up (it may reset)."""
    try:
        sock.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stream = tlsrec.Stream()
    if mode == "bad_type":
        send_all(sock, b"\x63\x03\x03\x00\x04junk")
    elif mode == "empty_hello":
        send_all(sock, b"\x16\x03\x01\x00\x04\x01\x00\x00\x00")
    elif mode == "truncated":
        send_all(sock, Client(sock).hello()[:30])
        sock.shutdown(socket.SHUT_WR)
    elif mode == "oversized":
        n = 2**14 + 2048 + 1
        send_all(sock, b"\x16\x03\x01" + n.to_bytes(2, "big") + b"\x01" * n)
    elif mode == "old_version":
        send_all(sock, raw_client_hello(0x0302, [0xC009, 0xC013, 0x002F, 0x0035]))
    elif mode == "no_shared":
        send_all(sock, raw_client_hello(0x0303, [0x002F, 0x0035]))
    elif mode == "fatal_alert":
        send_all(sock, b"\x15\x03\x01\x00\x02\x02\x28")
    elif mode == "http":
        send_all(sock, b"GET / HTTP/1.0\r\n\r\n")
    elif mode == "sslv2":
        send_all(sock, sslv2_client_hello())
    elif mode in ("warning_alert", "warning_mid", "after_close") or mode.startswith("enc"):
        c = Client(sock, max12=mode in ("warning_mid",) or mode.startswith("enc12"))
        warning = b"\x15\x03\x03\x00\x02\x01\x5a"  # user_canceled
        stream = c.stream
        if not c.handshake(first=warning if mode == "warning_alert" else b"",
                           before_second=warning if mode == "warning_mid" else b""):
            report(watch_alert(sock, stream))
            return
        hi = b"hi\n"
        if mode in ("warning_alert", "warning_mid"):
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x01\x00")
        elif mode == "after_close":
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x01\x00")
            send_all(sock, b"\x17\x03\x03\x00\x10" + b"J" * 16)
            send_all(sock, b"\x17\x03\x03\x00\x05after")
        elif mode == "enc_after_close":
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x01\x00")
            c.send(tlsrec.APPDATA, b"after\n")
        elif mode in ("enc_bad_mac", "enc12_bad_mac"):
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.APPDATA, b"bad\n", corrupt=True)
        elif mode == "enc_fatal":
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x02\x31")
        elif mode == "enc_bad_type":
            c.send(tlsrec.APPDATA, hi)
            c.send(0x63, b"junk")
        elif mode == "enc_ccs":
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.CCS, b"\x01")
        elif mode == "enc_warning":
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x01\x5a")
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x01\x00")
        elif mode == "enc12_reneg":
            c.send(tlsrec.APPDATA, hi)
            # A second client's ClientHello message (its record header off), sent
            # under the first connection's keys: a renegotiation request.
            again = Client(sock, max12=True).hello()[5:]
            c.send(tlsrec.HANDSHAKE, again)
            time.sleep(0.2)
            c.send(tlsrec.APPDATA, hi)
            c.send(tlsrec.ALERT, b"\x01\x00")
        else:
            raise SystemExit("unknown mode " + mode)
        report(watch_alert(sock, stream))
        return
    else:
        raise SystemExit("unknown mode " + mode)
    report(watch_alert(sock, stream, raw=True))
    sock.close()


if __name__ == "__main__":
    main()
