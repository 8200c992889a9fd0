#!/usr/bin/env python3
"""A small TLS server for ctests/servers.sh: Python's ssl module, which servers.sh runs
on the real libssl and under LD_PRELOAD=libtlsshim.so, serving N connections from
`openssl s_client -reconnect`, then printing the context's session statistics
(SSL_CTX_sess_* through SSLContext.session_stats()).

usage: resume_server.py PORT CERT KEY N [no-ticket] [tickets=K]
Prints "listening" once bound, then the statistics after N connections.
"""
import socket
import ssl
import sys

port, cert, key, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
for opt in sys.argv[5:]:
    if opt == "no-ticket":
        ctx.options |= ssl.OP_NO_TICKET
    elif opt.startswith("tickets="):
        ctx.num_tickets = int(opt.split("=", 1)[1])
listener = socket.create_server(("127.0.0.1", port))
print("listening", flush=True)
reused = 0
for _ in range(count):
    conn, _ = listener.accept()
    conn.settimeout(5)
    try:
        with ctx.wrap_socket(conn, server_side=True) as tls:
            reused += tls.session_reused
            try:
                tls.recv(1)  # s_client closes; this waits for that
            except (ssl.SSLError, OSError):
                pass
    except (ssl.SSLError, OSError):
        pass
stats = ctx.session_stats()
print(
    "server reused %d; accept %d good %d hits %d misses %d number %d"
    % (reused, stats["accept"], stats["accept_good"], stats["hits"], stats["misses"], stats["number"]),
    flush=True,
)
