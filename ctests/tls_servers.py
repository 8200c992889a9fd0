#!/usr/bin/env python3
"""Long-running TLS servers for ctests/gnutls_programs.sh, on the system OpenSSL (the
script starts them with LD_PRELOAD removed): they are the real peers that real GnuTLS
programs talk to, with tlsshim or the real libgnutls on the program's side.

usage: tls_servers.py MODE PORT CERT KEY [DIR]
  https   HTTP/1.0 over TLS serving the files of DIR (lftp `cat`, git's dumb HTTP)
  smtps   a minimal SMTP dialogue over implicit TLS (msmtp): greeting, EHLO, MAIL,
          RCPT, DATA, QUIT; each message's size is printed on stdout
Binds 127.0.0.1:PORT; serves until killed.
"""
import functools
import http.server
import socketserver
import ssl
import sys


def context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP for a client to hand over one message."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 localhost ESMTP tls_servers.py")
        in_data, size = False, 0
        for raw in self.rfile:
            line = raw.rstrip(b"\r\n")
            if in_data:
                if line == b".":
                    in_data = False
                    print(f"message: {size} bytes", flush=True)
                    self.reply("250 2.0.0 queued")
                else:
                    size += len(raw)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-localhost")
                self.reply("250 8BITMIME")
            elif verb == b"HELO":
                self.reply("250 localhost")
            elif verb == b"DATA":
                in_data, size = True, 0
                self.reply("354 end with <CRLF>.<CRLF>")
            elif verb == b"QUIT":
                self.reply("221 2.0.0 bye")
                return
            else:
                self.reply("250 2.0.0 ok")


class TlsServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, addr, handler, ctx):
        super().__init__(addr, handler)
        self.ctx = ctx

    def get_request(self):
        sock, addr = self.socket.accept()
        return self.ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request, client_address):
        try:
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return  # a client that rejects our certificate: nothing to serve
        super().finish_request(request, client_address)


def main():
    mode, port, cert, key = sys.argv[1:5]
    if mode == "https":
        handler = functools.partial(Quiet, directory=sys.argv[5])
    elif mode == "smtps":
        handler = Smtp
    else:
        sys.exit(f"unknown mode {mode}")
    with TlsServer(("127.0.0.1", int(port)), handler, context(cert, key)) as srv:
        srv.serve_forever()


if __name__ == "__main__":
    main()
