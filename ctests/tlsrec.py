"""TLS record protection for the hostile peers (ctests/hostile_peer.py,
ctests/hostile_client.py): enough of the TLS 1.2 and TLS 1.3 record layers to forge
*encrypted* records (alerts, data after close_notify, a bad tag, an unknown inner
content type) on a connection whose handshake a Python `ssl` object made.

The keys come from the Python side's own key log (`SSLContext.keylog_filename`, the
NSS SSLKEYLOGFILE format): TLS 1.3 traffic secrets (`CLIENT_TRAFFIC_SECRET_0`,
`SERVER_TRAFFIC_SECRET_0`) through HKDF-Expand-Label (RFC 8446 7.1, 7.3), or the TLS
1.2 master secret (`CLIENT_RANDOM`) through the PRF's key expansion (RFC 5246 6.3,
AES-GCM per RFC 5288). AEAD from the `cryptography` package (Debian
python3-cryptography; tools/install-deps.sh). Sequence numbers are counted by the
caller's use of one RecordProtection per direction: the Python ssl object must not
write after the handshake (TLS 1.3 servers: `num_tickets = 0`).

Reading the other side's records: `Stream` splits raw bytes into records and, given a
RecordProtection for that direction, decrypts the ones protected with it (trial
decryption for TLS 1.3, where handshake-key records come first; for TLS 1.2 every
record after the peer's ChangeCipherSpec, the first being its Finished).
"""
import atexit
import hashlib
import hmac
import os
import struct
import tempfile

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

ALERT, HANDSHAKE, APPDATA, CCS = 21, 22, 23, 20

# TLS 1.3 suite name (ssl.SSLObject.cipher()[0]) -> (hash, key length, AEAD)
SUITES13 = {
    "TLS_AES_128_GCM_SHA256": (hashlib.sha256, 16, AESGCM),
    "TLS_AES_256_GCM_SHA384": (hashlib.sha384, 32, AESGCM),
    "TLS_CHACHA20_POLY1305_SHA256": (hashlib.sha256, 32, ChaCha20Poly1305),
}
# The one TLS 1.2 suite the peers use (they force it with set_ciphers).
SUITE12 = "ECDHE-ECDSA-AES128-GCM-SHA256"


def temp_keylog():
    """A fresh key log file path, removed when the process exits (whatever happens
    to the handshake)."""
    fd, path = tempfile.mkstemp(prefix="tlsshim-keylog.")
    os.close(fd)
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))
    return path


def read_keylog(path):
    """{label: (client_random, secret)} from an NSS key log file."""
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = (bytes.fromhex(parts[1]), bytes.fromhex(parts[2]))
    return out


def hkdf_expand_label(hashf, secret, label, context, length):
    full = b"tls13 " + label
    info = struct.pack(">H", length) + bytes([len(full)]) + full + bytes([len(context)]) + context
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(secret, block + info + bytes([i]), hashf).digest()
        out += block
        i += 1
    return out[:length]


def prf12(secret, label, seed, length):
    """The TLS 1.2 PRF with SHA-256 (P_SHA256)."""
    seed = label + seed
    out, a = b"", seed
    while len(out) < length:
        a = hmac.new(secret, a, hashlib.sha256).digest()
        out += hmac.new(secret, a + seed, hashlib.sha256).digest()
    return out[:length]


class RecordProtection:
    """One direction's write keys and sequence number."""

    def __init__(self, version, key, iv, aead):
        self.version, self.iv, self.aead, self.seq = version, iv, aead(key), 0

    @classmethod
    def tls13(cls, suite, secret):
        hashf, keylen, aead = SUITES13[suite]
        key = hkdf_expand_label(hashf, secret, b"key", b"", keylen)
        iv = hkdf_expand_label(hashf, secret, b"iv", b"", 12)
        return cls(13, key, iv, aead)

    @classmethod
    def tls12_pair(cls, master, client_random, server_random):
        """(client write, server write) for ECDHE-*-AES128-GCM-SHA256; the first
        encrypted record in each direction is the Finished, sequence number 0."""
        block = prf12(master, b"key expansion", server_random + client_random, 40)
        ck, sk, civ, siv = block[0:16], block[16:32], block[32:36], block[36:40]
        return cls(12, ck, civ, AESGCM), cls(12, sk, siv, AESGCM)

    def _nonce13(self, seq):
        return bytes(a ^ b for a, b in zip(self.iv, seq.to_bytes(12, "big")))

    def seal(self, ctype, data, corrupt=False):
        """One protected record of content type `ctype` (TLS 1.3: the inner type);
        `corrupt` flips a bit of the tag, so the record fails authentication."""
        seq = self.seq
        self.seq += 1
        if self.version == 13:
            inner = data + bytes([ctype])
            n = len(inner) + 16
            head = bytes([APPDATA, 3, 3]) + n.to_bytes(2, "big")
            body = bytearray(self.aead.encrypt(self._nonce13(seq), inner, head))
        else:
            explicit = seq.to_bytes(8, "big")
            aad = seq.to_bytes(8, "big") + bytes([ctype, 3, 3]) + len(data).to_bytes(2, "big")
            body = bytearray(explicit + self.aead.encrypt(self.iv + explicit, data, aad))
            head = bytes([ctype, 3, 3]) + len(body).to_bytes(2, "big")
        if corrupt:
            body[-1] ^= 0x01
        return head + bytes(body)

    def open(self, record):
        """(content type, plaintext) of a record protected at the current sequence
        number (which then advances), or None when it does not authenticate."""
        head, body = record[:5], record[5:]
        try:
            if self.version == 13:
                inner = self.aead.decrypt(self._nonce13(self.seq), body, head)
                inner = inner.rstrip(b"\0")
                ctype, data = inner[-1], inner[:-1]
            else:
                explicit, ct = body[:8], body[8:]
                aad = self.seq.to_bytes(8, "big") + head[:3] + (len(ct) - 16).to_bytes(2, "big")
                data = self.aead.decrypt(self.iv + explicit, ct, aad)
                ctype = head[0]
        except (InvalidTag, ValueError, IndexError):
            return None
        self.seq += 1
        return ctype, data


def split_records(buf):
    """(complete records, the rest)."""
    recs = []
    while len(buf) >= 5:
        n = int.from_bytes(buf[3:5], "big")
        if len(buf) < 5 + n:
            break
        recs.append(bytes(buf[:5 + n]))
        buf = buf[5 + n:]
    return recs, bytes(buf)


class Stream:
    """The records one side sent, fed in as raw bytes; `protection` (set once the keys
    are known) decrypts the records under those keys."""

    def __init__(self):
        self.pending = b""
        self.records = []  # every complete record so far, in order
        self.done = 0  # records already looked at by events()
        self.protection = None
        self.seen_ccs = False

    def feed(self, data):
        recs, self.pending = split_records(self.pending + data)
        self.records.extend(recs)

    def events(self):
        """New records as (content type, payload, encrypted): plaintext records as
        they are, protected ones decrypted; records under other keys (TLS 1.3
        handshake keys) are skipped."""
        out = []
        while self.done < len(self.records):
            rec = self.records[self.done]
            self.done += 1
            p = self.protection
            if rec[0] == CCS:
                self.seen_ccs = True
                continue
            encrypted = p is not None and (
                (p.version == 13 and rec[0] == APPDATA) or (p.version == 12 and self.seen_ccs))
            if not encrypted:
                if p is None or p.version == 12 or rec[0] != APPDATA:
                    out.append((rec[0], rec[5:], False))
                continue
            opened = p.open(rec)
            if opened is not None:
                out.append((opened[0], opened[1], True))
        return out


def describe_alert(payload, encrypted):
    if len(payload) != 2:
        return "malformed alert"
    return "%salert %d %d" % ("encrypted " if encrypted else "", payload[0], payload[1])
