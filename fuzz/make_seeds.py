#!/usr/bin/env python3
"""fuzz/make_seeds.py — writes the small seed corpora in fuzz/corpus/ (committed).
peer_*: real first flights captured on 127.0.0.1 from the system openssl and gnutls
tools (never preloaded): ClientHellos (server mode, first byte odd) and the servers'
replies to them (client mode, first byte even), in the targets' chunk format
(u16 little-endian length, then the bytes). api_*: short call programs."""
import os, socket, subprocess, time, struct
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pki = os.path.join(root, "build/fuzz/pki")
env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}

def capture_hello(cmd):
    ls = socket.socket(); ls.bind(("127.0.0.1", 0)); ls.listen(1)
    port = ls.getsockname()[1]
    p = subprocess.Popen([c.replace("PORT", str(port)) for c in cmd], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    ls.settimeout(5); c, _ = ls.accept(); c.settimeout(1)
    data = b""
    try:
        while len(data) < 5 or len(data) < 5 + struct.unpack(">H", data[3:5])[0]:
            d = c.recv(65536)
            if not d: break
            data += d
    except socket.timeout: pass
    c.close(); p.kill(); p.wait(); ls.close()
    return data

def server_reply(cmd, hello):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    p = subprocess.Popen([c.replace("PORT", str(port)) for c in cmd], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(50):
        try: c = socket.create_connection(("127.0.0.1", port)); break
        except OSError: time.sleep(0.1)
    c.sendall(hello); c.settimeout(1); data = b""
    try:
        while True:
            d = c.recv(65536)
            if not d: break
            data += d
    except (socket.timeout, ConnectionResetError): pass
    c.close(); p.kill(); p.wait()
    return data

def chunks(b, size):
    out = b""
    for i in range(0, len(b), size):
        part = b[i:i + size]; out += struct.pack("<H", len(part)) + part
    return out

def write(target, name, data):
    d = os.path.join(root, "fuzz/corpus", target); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), "wb").write(data)

hellos = {
    "ossl13": capture_hello(["openssl", "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost", "-alpn", "h2,http/1.1"]),
    "ossl12": capture_hello(["openssl", "s_client", "-connect", "127.0.0.1:PORT", "-servername", "localhost", "-tls1_2"]),
    "gnutls": capture_hello(["gnutls-cli", "--insecure", "-p", "PORT", "127.0.0.1"]),
}
servers = {
    "ossl": ["openssl", "s_server", "-accept", "127.0.0.1:PORT", "-cert", pki + "/server-chain.pem", "-key", pki + "/server.key", "-naccept", "1"],
    "ossl_rsa": ["openssl", "s_server", "-accept", "127.0.0.1:PORT", "-cert", pki + "/server-rsa-chain.pem", "-key", pki + "/server-rsa.key", "-naccept", "1"],
}
for hn, h in hellos.items():
    assert h and h[0] == 0x16, hn
    for t in ("peer_ossl", "peer_gnutls"):
        write(t, "hello_" + hn, b"\x01" + chunks(h, 20000))
        write(t, "hello_split_" + hn, b"\x03" + chunks(h, 40))
    for sn, cmd in servers.items():
        rep = server_reply(cmd, h)
        if rep:
            for t in ("peer_ossl", "peer_gnutls"):
                write(t, "reply_%s_%s" % (sn, hn), b"\x00" + chunks(rep, 20000))
                write(t, "reply_split_%s_%s" % (sn, hn), b"\x02" + chunks(rep, 100))
# api programs: handshake both sides in turns, then write/read, shutdown.
hs = bytes([0x00, 0x80] * 6)
write("api_ossl", "handshake_io", hs + bytes([0x06, 0x04, 0x85, 0x04, 0x86, 0x04, 0x05, 0x04, 0x0a, 0x8a, 0x0a]))
write("api_ossl", "names_alpn", bytes([0x0d, 9, 0]) + b"localhost" + bytes([0x0e, 12, 0]) + b"\x02h2\x08http/1.1" + hs + bytes([0x17, 0x97, 0x13, 0x14]))
write("api_ossl", "resume", hs + bytes([0x0a, 0x8a, 0x1f, 0x14]) + hs + bytes([0x16]))
write("api_gnutls", "handshake_io", hs + bytes([0x05, 0x04, 0x84, 0x04, 0x85, 0x04, 0x04, 0x04, 0x07, 0x87, 0x07]))
write("api_gnutls", "stall_retry", bytes([0x16, 1]) + hs + bytes([0x17]) + hs + bytes([0x18, 6, 0x06, 0x84, 0x84]))
write("api_gnutls", "names", bytes([0x09, 9, 0]) + b"localhost" + bytes([0x1b, 0x0b, 2]) + hs + bytes([0x0d, 0x0c, 0x0e, 0x11, 0x0f, 0x19]) + hs + bytes([0x12]))
print("seeds written")
