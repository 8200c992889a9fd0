"""A Python ssl server asking for an optional client certificate, trusting ca.pem
(and, with "system", the system bundle too); serves one connection.
   ca_names_server.py PORT PKI_DIR ca|system
Python sets no client CA list, so OpenSSL's CertificateRequest names no CA."""
import socket
import ssl
import sys

port, pki, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(pki + "/server.pem", pki + "/server.key")
ctx.verify_mode = ssl.CERT_OPTIONAL
ctx.load_verify_locations(pki + "/ca.pem")
if mode == "system":
    ctx.load_default_certs()
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
conn, _ = srv.accept()
try:
    tls = ctx.wrap_socket(conn, server_side=True)
    tls.sendall(b"hello\n")
    tls.close()
except (OSError, ssl.SSLError) as e:
    print("server:", e)
