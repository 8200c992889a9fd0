#!/usr/bin/env python3
"""A scripted one-connection peer for the C tests (ctests/harness.h: harness_peer).

Run by the harness with LD_PRELOAD removed, so it is always the system OpenSSL.
Binds 127.0.0.1 on a free port, prints the port on stdout, serves ONE connection
in the given mode, and exits. Certificates come from $TLSSHIM_PKI.

modes:
  accept_close   no TLS: accept, read what the client sent (its ClientHello), then
                 close the TCP connection (FIN, no alert, no close_notify)
  close_notify   TLS: handshake, send b"hello\\n", send close_notify, wait for the
                 client to close
  eof            TLS: handshake, send b"hello\\n", close the TCP connection without
                 close_notify
  silent         no TLS: accept and read until the client closes, never answer
  hostile MODE   ctests/hostile_peer.py MODE (malformed records, alerts, downgrade …)
  hostile_client MODE PORT
                 ctests/hostile_client.py MODE PORT: a hostile CLIENT of the C test's
                 server on 127.0.0.1:PORT (prints nothing; see harness_peer_client)
"""
import os
import socket
import ssl
import sys


def drain(conn, timeout=0.3):
    """Reads until the peer is quiet for `timeout` seconds or closes."""
    conn.settimeout(timeout)
    try:
        while conn.recv(65536):
            pass
    except (socket.timeout, OSError):
        pass


def tls_context():
    pki = os.environ["TLSSHIM_PKI"]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(pki, "server.pem"), os.path.join(pki, "server.key"))
    return ctx


def main():
    mode = sys.argv[1]
    if mode == "hostile":
        # ctests/hostile_peer.py MODE: the hostile server of ossl_hostile/gnutls_hostile.
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile_peer.py")
        os.execv(sys.executable, [sys.executable, script] + sys.argv[2:])
    if mode == "hostile_client":
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile_client.py")
        os.execv(sys.executable, [sys.executable, script] + sys.argv[2:])
    ctx = tls_context() if mode in ("close_notify", "eof") else None
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)
    print(lsock.getsockname()[1], flush=True)
    lsock.settimeout(20)
    conn, _ = lsock.accept()
    lsock.close()
    conn.settimeout(10)
    if mode == "accept_close":
        drain(conn)
        conn.close()
    elif mode == "silent":
        drain(conn, timeout=20)
        conn.close()
    elif mode in ("close_notify", "eof"):
        tls = ctx.wrap_socket(conn, server_side=True)
        tls.sendall(b"hello\n")
        if mode == "close_notify":
            tls.settimeout(5)
            try:
                plain = tls.unwrap()  # sends close_notify, then waits for the client's
            except (OSError, ssl.SSLError):
                plain = tls
            drain(plain)
            plain.close()
        else:
            # SSLSocket.shutdown drops the TLS object without a close_notify.
            tls.shutdown(socket.SHUT_RDWR)
            tls.close()
    else:
        sys.exit("peer.py: unknown mode " + mode)


if __name__ == "__main__":
    main()
