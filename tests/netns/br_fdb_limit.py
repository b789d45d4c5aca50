# SPDX-License-Identifier: BSD-3-Clause
# The kernel bridge's own limit on learned FDB entries (IFLA_BR_FDB_MAX_LEARNED, Linux 6.8),
# which iproute2 6.1 cannot set: test_ebpf_badinput.sh bounds what 1M random source MACs cost
# the kernel with it. Run inside the bridge's namespace.
# br_fdb_limit.py set BRIDGE N: set the limit (0: none); br_fdb_limit.py get BRIDGE: print
# "n_learned max_learned". Exit 1 if the kernel refuses or does not know the attributes.
# (stdlib only; run by the tests with Debian's /usr/bin/python3)
import socket
import struct
import sys

RTM_NEWLINK, RTM_GETLINK = 16, 18
NLM_F_REQUEST, NLM_F_ACK = 0x1, 0x4
NLA_F_NESTED = 0x8000
IFLA_LINKINFO, IFLA_INFO_KIND, IFLA_INFO_DATA = 18, 1, 2
IFLA_BR_FDB_N_LEARNED, IFLA_BR_FDB_MAX_LEARNED = 48, 49  # after IFLA_BR_MCAST_QUERIER_STATE


def attr(t, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, t) + data + b"\0" * (-n % 4)


def attrs(buf):
    off = 0
    while off + 4 <= len(buf):
        n, t = struct.unpack_from("=HH", buf, off)
        if n < 4:
            break
        yield t & ~NLA_F_NESTED, buf[off + 4:off + n]
        off += (n + 3) & ~3


def request(msg_type, flags, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.send(struct.pack("=IHHII", 16 + len(body), msg_type, NLM_F_REQUEST | flags, 1, 0) + body)
    return s.recv(65536)


def main():
    op, br = sys.argv[1], sys.argv[2]
    ifi = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, socket.if_nametoindex(br), 0, 0)
    if op == "set":
        data = attr(IFLA_BR_FDB_MAX_LEARNED, struct.pack("=I", int(sys.argv[3])))
        info = attr(IFLA_INFO_KIND, b"bridge\0") + attr(IFLA_INFO_DATA | NLA_F_NESTED, data)
        resp = request(RTM_NEWLINK, NLM_F_ACK, ifi + attr(IFLA_LINKINFO | NLA_F_NESTED, info))
        err = struct.unpack_from("=i", resp, 16)[0]
        if err:
            sys.exit(f"RTM_NEWLINK: {-err}")
        return
    resp = request(RTM_GETLINK, 0, ifi)
    found = {}
    for t, v in attrs(resp[16 + 16:]):
        if t != IFLA_LINKINFO:
            continue
        for t2, v2 in attrs(v):
            if t2 == IFLA_INFO_DATA:
                found = {t3: v3 for t3, v3 in attrs(v2)}
    if IFLA_BR_FDB_N_LEARNED not in found or IFLA_BR_FDB_MAX_LEARNED not in found:
        sys.exit("the kernel does not report the bridge's learning limit")
    print(struct.unpack("=I", found[IFLA_BR_FDB_N_LEARNED])[0],
          struct.unpack("=I", found[IFLA_BR_FDB_MAX_LEARNED])[0])


if __name__ == "__main__":
    main()
