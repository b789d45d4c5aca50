# SPDX-License-Identifier: BSD-3-Clause
# One kernel FDB change -> vxsw-dpdk, timed inside one process so that no fork or exec is in
# the figure: add a static remote MAC to a vxlan device over rtnetlink, then poll the
# dataplane's FDB (a VNI-filtered dump over its control socket) until the MAC is there.
# Prints one JSON line: the latency of each change in microseconds and the cost of one poll.
# Usage (in the host's namespace, as root): fdb-latency.py VXLAN_DEV VNI DP_SOCKET COUNT
# (stdlib only; run by scripts/bench-vxswd with Debian's /usr/bin/python3)
import json
import socket
import struct
import sys
import time

NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE, NLM_F_DUMP = 1, 4, 0x200, 0x400, 0x300
RTM_NEWNEIGH, AF_BRIDGE, NDA_DST, NDA_LLADDR = 28, 7, 1, 2
NTF_SELF, NUD_NOARP, NUD_PERMANENT = 0x02, 0x40, 0x80
VXSW_MSG_TYPE, VXSW_CMD_FDB_GET, VXSW_A_VNI, VXSW_A_MAC = 0x20, 14, 4, 14


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def msg(mtype, flags, seq, body):
    return struct.pack("=IHHII", 16 + len(body), mtype, flags, seq, 0) + body


def walk(buf):
    off = 0
    while off + 16 <= len(buf):
        n, t, _, seq, _ = struct.unpack_from("=IHHII", buf, off)
        if n < 16:
            return
        yield t, seq, buf[off + 16:off + n]
        off += (n + 3) & ~3


def fdb_add(nl, ifindex, mac, dst, seq):
    body = struct.pack("=BBHiHBB", AF_BRIDGE, 0, 0, ifindex, NUD_NOARP | NUD_PERMANENT,
                       NTF_SELF, 0)
    body += attr(NDA_LLADDR, mac) + attr(NDA_DST, socket.inet_aton(dst))
    nl.send(msg(RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, body))
    for t, s, payload in walk(nl.recv(65536)):
        if t == NLMSG_ERROR and s == seq and struct.unpack_from("=i", payload)[0] != 0:
            sys.exit("kernel refused the FDB entry: errno %d" % -struct.unpack_from("=i", payload)[0])


def dp_macs(dp, vni, seq):
    """The MACs of one VNI in the dataplane's FDB."""
    dp.send(msg(VXSW_MSG_TYPE, NLM_F_REQUEST | NLM_F_DUMP, seq,
                struct.pack("=BBH", VXSW_CMD_FDB_GET, 1, 0) + attr(VXSW_A_VNI, struct.pack("=I", vni))))
    macs = set()
    while True:
        for t, s, payload in walk(dp.recv(65536)):
            if s != seq:
                continue
            if t in (NLMSG_DONE, NLMSG_ERROR):
                return macs
            off = 4  # the vxsw header
            while off + 4 <= len(payload):
                n, at = struct.unpack_from("=HH", payload, off)
                if n < 4:
                    break
                if at == VXSW_A_MAC:
                    macs.add(payload[off + 4:off + 10])
                off += (n + 3) & ~3


def main():
    dev, vni, path, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    ifindex = socket.if_nametoindex(dev)
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)  # NETLINK_ROUTE
    nl.bind((0, 0))
    dp = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    dp.connect(path)
    seq = 1
    t = time.perf_counter()
    for _ in range(20):
        seq += 1
        dp_macs(dp, vni, seq)
    poll_us = (time.perf_counter() - t) / 20 * 1e6
    lat = []
    for i in range(count):
        mac = bytes([2, 0x30, 0, 0, i >> 8 & 0xff, i & 0xff])
        seq += 1
        t0 = time.perf_counter()
        fdb_add(nl, ifindex, mac, "192.0.2.2", seq)
        while True:
            seq += 1
            if mac in dp_macs(dp, vni, seq):
                break
            if time.perf_counter() - t0 > 5:
                sys.exit("change %d did not reach the dataplane in 5 s" % i)
        lat.append(round((time.perf_counter() - t0) * 1e6))
        time.sleep(0.02)  # let vxswd go back to waiting: each change is measured alone
    print(json.dumps({"latency_us": lat, "poll_us": round(poll_us)}))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: fdb-latency.py VXLAN_DEV VNI DP_SOCKET COUNT")
    main()
