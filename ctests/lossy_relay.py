#!/usr/bin/env python3
"""ctests/lossy_relay.py LISTEN_PORT SERVER_PORT — a lossy UDP relay on 127.0.0.1.

Each new client address is a session, relayed to 127.0.0.1:SERVER_PORT from a socket
of its own. Handshake datagrams (the first record is a handshake or change-cipher-spec
record) are lost and reordered, so that a DTLS handshake only completes through
retransmission:
  client -> server: the first datagram (the first ClientHello) is dropped;
  server -> client: the second datagram is dropped, the third is held back and sent
                    after the fourth;
  both ways: each later handshake datagram is dropped with probability 1/5 (seeded
             per session, so a run is reproducible), at most 6 in all.
Application data and alerts always pass; the server's first application-data datagram
is delivered twice (a replay the client must discard). When a session's first application-data
datagram passes, one line goes to stdout:
  session N: dropped D reordered R (handshake datagrams: C from the client, S from the server)
ctests/dtls.sh checks that every session lost and reordered datagrams.
"""
import random
import select
import socket
import sys
import time

HANDSHAKE, CCS = 22, 20
RANDOM_DROP = 0.2
MAX_RANDOM_DROPS = 6
HOLD_MS = 300


class Session:
    def __init__(self, index, client, server_port):
        self.index = index
        self.client = client
        self.up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.up.connect(("127.0.0.1", server_port))
        self.rng = random.Random(1000 + index)
        self.count = {"c2s": 0, "s2c": 0}
        self.dropped = 0
        self.random_drops = 0
        self.reordered = 0
        self.held = None  # (deadline, datagram) from the server
        self.reported = False
        self.duplicated = False

    def lossy(self, direction, datagram):
        """True when the datagram is dropped; counts handshake datagrams."""
        if not datagram or datagram[0] not in (HANDSHAKE, CCS):
            return False
        i = self.count[direction]
        self.count[direction] += 1
        if (direction, i) in (("c2s", 0), ("s2c", 1)):
            self.dropped += 1
            return True
        if i > 3 and self.random_drops < MAX_RANDOM_DROPS and self.rng.random() < RANDOM_DROP:
            self.random_drops += 1
            self.dropped += 1
            return True
        return False

    def report(self, datagram):
        if not self.reported and datagram and datagram[0] == 23:
            self.reported = True
            print(f"session {self.index}: dropped {self.dropped} reordered {self.reordered} "
                  f"(handshake datagrams: {self.count['c2s']} from the client, "
                  f"{self.count['s2c']} from the server)", flush=True)


def main():
    listen_port, server_port = int(sys.argv[1]), int(sys.argv[2])
    lsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lsock.bind(("127.0.0.1", listen_port))
    sessions = {}
    deadline = time.monotonic() + 600  # never outlives a test run by much
    while time.monotonic() < deadline:
        socks = [lsock] + [s.up for s in sessions.values()]
        ready, _, _ = select.select(socks, [], [], 0.05)
        now = time.monotonic()
        for s in sessions.values():
            if s.held and s.held[0] <= now:
                lsock.sendto(s.held[1], s.client)
                s.held = None
        for sock in ready:
            if sock is lsock:
                data, addr = lsock.recvfrom(65536)
                s = sessions.get(addr)
                if s is None:
                    s = sessions[addr] = Session(len(sessions) + 1, addr, server_port)
                s.report(data)
                if not s.lossy("c2s", data):
                    s.up.send(data)
                continue
            s = next(x for x in sessions.values() if x.up is sock)
            try:
                data = sock.recv(65536)
            except OSError:
                continue
            s.report(data)
            n = s.count["s2c"]
            if s.lossy("s2c", data):
                continue
            if n == 2 and data and data[0] in (HANDSHAKE, CCS):
                s.held = (now + HOLD_MS / 1000, data)
                continue
            lsock.sendto(data, s.client)
            if data and data[0] == 23 and not s.duplicated:
                s.duplicated = True
                lsock.sendto(data, s.client)
            if n == 3 and s.held:
                lsock.sendto(s.held[1], s.client)
                s.held = None
                s.reordered += 1


if __name__ == "__main__":
    main()
