# SPDX-License-Identifier: BSD-3-Clause
# A sequence-numbered UDP stream, to measure what a fault costs the traffic: "send" paces
# COUNT datagrams at RATE per second; "recv" reports, as one JSON line, how many arrived, how
# many were lost or duplicated, the longest silence between two arrivals, and the highest
# sequence number that arrived ("last": COUNT - 1 when the traffic flowed to the end).
# Usage: udpseq.py send ADDR PORT COUNT RATE | udpseq.py recv PORT COUNT IDLE_S
# (stdlib only; run by the tests with Debian's /usr/bin/python3)
import json
import socket
import struct
import sys
import time

MAGIC = 0x76787371  # "vxsq"


def send(addr, port, count, rate):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    start = time.monotonic()
    for seq in range(count):
        # Paced against the start time, so a slow iteration does not slow the whole stream.
        delay = start + seq / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            s.sendto(struct.pack("!II", MAGIC, seq) + b"\0" * 56, (addr, port))
        except OSError:
            # A fault may take the sender's link or route away for a while (ENETUNREACH,
            # ENOBUFS): that datagram is lost, which is what the receiver measures.
            pass


def recv(port, count, idle):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    s.settimeout(idle)
    seen = set()
    dups = 0
    gap = 0.0
    last = None
    print("ready", file=sys.stderr, flush=True)
    while len(seen) < count:
        try:
            data = s.recv(2048)
        except socket.timeout:
            break
        now = time.monotonic()
        if len(data) < 8:
            continue
        magic, seq = struct.unpack("!II", data[:8])
        if magic != MAGIC or seq >= count:
            continue
        if seq in seen:
            dups += 1
            continue
        seen.add(seq)
        if last is not None:
            gap = max(gap, now - last)
        last = now
    print(json.dumps({"sent": count, "received": len(seen), "lost": count - len(seen),
                      "duplicates": dups, "longest_gap_ms": round(gap * 1000, 1),
                      "last": max(seen, default=-1)}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
    elif len(sys.argv) == 5 and sys.argv[1] == "recv":
        recv(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(__doc__ or "usage: udpseq.py send ADDR PORT COUNT RATE | recv PORT COUNT IDLE_S")
