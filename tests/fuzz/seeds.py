#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Writes the fuzz targets' seed corpora, tests/fuzz/corpus/<target>/, from scratch: frames in
# the shapes of the unit tests (tests/unit/pkt_build.c), control-protocol requests and answers,
# --config scripts, vxswctl command lines, and the recorded rtnetlink traffic of
# tests/unit/fixtures/rtnl split into its datagrams and messages. Stdlib only; deterministic.
# Each file starts with the prefix its fuzz_<target>.c describes.
#
#   /usr/bin/python3 tests/fuzz/seeds.py        (run from anywhere; rewrites every corpus dir)
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "unit", "fixtures", "rtnl")
OUT = os.path.join(HERE, "corpus")


def write(target, name, data):
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(bytes(data))


# ---- packets ----

def csum(data, start=0):
    if len(data) % 2:
        data = data + b"\0"
    s = start + sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def ip6(last):
    return bytes([0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [last])


MAC_A = bytes([2, 0, 0, 0, 0, 1])
MAC_B = bytes([2, 0, 0, 0, 0, 2])
VTEP_MAC_R = bytes([0x52, 0x54, 0, 0, 0, 1])
VTEP_MAC_L = bytes([0x52, 0x54, 0, 0, 0, 2])


def ipv4(src, dst, proto, payload, ihl=5, frag=0x4000, ttl=64, tos=0, ver=4, bad_csum=False,
         tot=None):
    opts = b"\x01" * ((ihl - 5) * 4)
    tot = 4 * ihl + len(payload) if tot is None else tot
    hdr = struct.pack("!BBHHHBBH4s4s", ver << 4 | ihl, tos, tot, 0x1234, frag, ttl, proto, 0,
                      ip4(src), ip4(dst)) + opts
    c = csum(hdr) ^ (0x1111 if bad_csum else 0)
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + payload


def l4(proto, sport, dport, payload, src=None, dst=None):
    if proto == 6:
        return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x02, 65535, 0, 0) + payload
    u = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    if src is not None:
        pseudo = src + dst + struct.pack("!BBH", 0, 17, len(u))
        u = u[:6] + struct.pack("!H", csum(pseudo + u) or 0xFFFF) + u[8:]
    return u


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def inner4(proto=17, plen=64, frag=0x4000):
    payload = bytes((0x40 + i) & 0xFF for i in range(plen))
    seg = l4(proto, 12345, 80, payload)
    return eth(MAC_B, MAC_A, 0x0800, ipv4("192.168.0.1", "192.168.0.2", proto, seg, frag=frag))


def inner6(plen=64):
    seg = l4(17, 12345, 80, bytes(i & 0xFF for i in range(plen)))
    hdr = struct.pack("!IHBB", 0x60000000, len(seg), 17, 64) + ip6(1) + ip6(2)
    return eth(MAC_B, MAC_A, 0x86DD, hdr + seg)


def inner_arp():
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A, ip4("192.168.0.1"),
                       b"\0" * 6, ip4("192.168.0.2"))
    return eth(b"\xff" * 6, MAC_A, 0x0806, body)


def vxlan(inner, flags=0x08000000, vni=0x123456, vni_low=0, dport=4789, udp_csum=False,
          bad_udp_csum=False, src="10.0.0.1", dst="10.0.0.2", ulen=None, pad=0, etype=0x0800,
          **ipkw):
    vx = struct.pack("!II", flags, vni << 8 | vni_low) + inner
    u = struct.pack("!HHHH", 49152, dport, 8 + len(vx) if ulen is None else ulen, 0) + vx
    if udp_csum or bad_udp_csum:
        pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, len(u))
        c = (csum(pseudo + u) or 0xFFFF) ^ (0x0F0F if bad_udp_csum else 0)
        u = u[:6] + struct.pack("!H", c) + u[8:]
    return eth(VTEP_MAC_L, VTEP_MAC_R, etype, ipv4(src, dst, 17, u, **ipkw)) + b"\xee" * pad


def vx_prefix(flags=0, local="10.0.0.2", dport=4789, smin=49152, smax=65535, mtu=1450):
    return bytes([flags]) + ip4(local) + struct.pack("!HHHH", dport, smin, smax, mtu)


def seeds_vxlan():
    p = vx_prefix()
    frames = {
        "valid-udp": vxlan(inner4()),
        "valid-tcp": vxlan(inner4(proto=6)),
        "valid-ipv6": vxlan(inner6()),
        "valid-arp": vxlan(inner_arp()),
        "valid-inner-fragment": vxlan(inner4(frag=0x2000)),
        "valid-udp-csum": vxlan(inner4(), udp_csum=True),
        "valid-padded": vxlan(inner4(plen=2), pad=6),
        "valid-big-df": vxlan(inner4(plen=1400)),
        "bad-udp-csum": vxlan(inner4(), bad_udp_csum=True),
        "reserved-flags": vxlan(inner4(), flags=0x08000100),
        "reserved-vni-low": vxlan(inner4(), vni_low=0x5A),
        "i-flag-clear": vxlan(inner4(), flags=0),
        "outer-vlan": vxlan(inner4(), etype=0x8100),
        "not-local": vxlan(inner4(), dst="10.0.0.9"),
        "other-port": vxlan(inner4(), dport=8472),
        "ip-options": vxlan(inner4(), ihl=6),
        "ip-fragment": vxlan(inner4(), frag=0x2000),
        "ip-bad-csum": vxlan(inner4(), bad_csum=True),
        "ip-version-6": vxlan(inner4(), ver=6),
        "ip-tot-short": vxlan(inner4(), tot=40),
        "udp-len-wrong": vxlan(inner4(), ulen=30),
        "inner-truncated": vxlan(inner4()[:10]),
        "cut-in-vxlan": vxlan(inner4())[:14 + 20 + 8 + 4],
    }
    for name, frame in frames.items():
        write("vxlan", name, p + frame)
    # The same with local/dstport taken from the frame, and an empty source-port range.
    write("vxlan", "from-frame-not-local", vx_prefix(flags=1) + frames["not-local"])
    write("vxlan", "sport-max-below-min", vx_prefix(smin=60000, smax=50000) + frames["valid-udp"])
    # The slow path's frames: an echo request to the VTEP, an ARP request for it.
    icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + bytes(range(56))
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    write("vxlan", "echo-to-vtep",
          p + eth(VTEP_MAC_L, VTEP_MAC_R, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 1, icmp)))
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, VTEP_MAC_R, ip4("10.0.0.1"),
                      b"\0" * 6, ip4("10.0.0.2"))
    write("vxlan", "arp-for-vtep", p + eth(b"\xff" * 6, VTEP_MAC_R, 0x0806, arp))
    # A tenant frame too big for the overlay (the ICMP reply path), IPv4 and IPv6.
    write("vxlan", "tenant-too-big-v4", vx_prefix(mtu=576) + inner4(plen=1400))
    write("vxlan", "tenant-too-big-v6", vx_prefix(mtu=1280) + inner6(plen=1400))


# ---- netlink and the vxsw control protocol ----

NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x2, 0x4, 0x300
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_ERROR, NLMSG_DONE, VXSW_MSG_TYPE = 2, 3, 0x20
NLA_F_NESTED = 0x8000

# include/vxsw/proto.h
CMD = {n: i + 1 for i, n in enumerate(
    "status-get config-set underlay-set port-get port-set vni-new vni-del vni-get flood-new "
    "flood-del flood-get fdb-new fdb-del fdb-get fdb-flush neigh-new neigh-del neigh-get "
    "vtep-get stats-get stats-clear events-subscribe fdb-event events-lost daemon-get".split())}
A = {n: i + 1 for i, n in enumerate(
    "port-name port-id port-role vni local prefixlen gateway mtu dstport sport-min sport-max "
    "ttl remote mac fdb-static age ageing limit-fdb limit-vni-macs limit-port-macs limit-macs "
    "reserved-bits learn-unknown-vtep udp-csum stats drops drop drop-name drop-id drop-count "
    "neigh-addr neigh-state nexthop version uptime lcores lcore lcore-id port-mac link-up count "
    "limit-vnis limit-vteps fdb-size learn-refused n-ports n-vnis n-vteps n-macs n-flood refs "
    "fdb-extern event backend dp-socket dp-connected epoch daemon-stats passes".split())}


def align(n):
    return (n + 3) & ~3


def attr(t, payload):
    payload = bytes(payload)
    return struct.pack("=HH", 4 + len(payload), t) + payload + b"\0" * (align(len(payload)) -
                                                                       len(payload))


def a_u8(name, v):
    return attr(A[name], struct.pack("=B", v))


def a_u16(name, v):
    return attr(A[name], struct.pack("=H", v))


def a_u32(name, v):
    return attr(A[name], struct.pack("=I", v))


def a_u64(t, v):
    return attr(t, struct.pack("=Q", v))


def a_str(name, s):
    return attr(A[name], s.encode() + b"\0")


def a_bin(name, b):
    return attr(A[name], b)


def a_flag(name):
    return attr(A[name], b"")


def nest(t, inner):
    return attr(t, inner)


def nlmsg(mtype, flags, seq, payload, pid=0):
    payload = bytes(payload)
    return struct.pack("=IHHII", 16 + len(payload), mtype, flags, seq, pid) + payload + \
        b"\0" * (align(len(payload)) - len(payload))


def vxmsg(cmd, flags=NLM_F_REQUEST | NLM_F_ACK, seq=7, attrs=b"", version=1, pid=0):
    return nlmsg(VXSW_MSG_TYPE, flags, seq, struct.pack("=BBH", CMD[cmd], version, 0) + attrs,
                 pid)


def fake_request():
    """The request fuzz_proto.c answers are matched against (its init())."""
    return vxmsg("fdb-new", attrs=a_u32("vni", 100) + a_bin("mac", bytes([2, 0, 0, 0, 1, 2])) +
                 a_bin("remote", ip4("192.0.2.2")) + a_str("port-name", "p1"))


def error_msg(req, error, msg=None, offs=None, miss=None, capped=False, seq=7):
    flags = NLM_F_CAPPED if capped else 0
    body = struct.pack("=i", error) + (req[:16] if capped else req)
    tlvs = b""
    if msg is not None:
        tlvs += attr(1, msg.encode() + b"\0")
    if offs is not None:
        tlvs += attr(2, struct.pack("=I", offs))
    if miss is not None:
        tlvs += attr(5, struct.pack("=I", miss))
    if tlvs:
        flags |= NLM_F_ACK_TLVS
    return nlmsg(NLMSG_ERROR, flags, seq, body + tlvs)


def done_msg(seq=7):
    return nlmsg(NLMSG_DONE, NLM_F_MULTI, seq, struct.pack("=i", 0))


def requests():
    """Valid requests of several commands, as vxswctl builds them."""
    mac = bytes([2, 0, 0, 0, 0, 1])
    return {
        "status": vxmsg("status-get"),
        "config-set": vxmsg("config-set", attrs=a_u32("ageing", 300) +
                            a_u32("limit-fdb", 1000) + a_u8("reserved-bits", 1) +
                            a_u8("learn-unknown-vtep", 1) + a_u8("udp-csum", 1)),
        "underlay-set": vxmsg("underlay-set", attrs=a_str("port-name", "p0") +
                              a_bin("local", ip4("192.0.2.1")) + a_u8("prefixlen", 24) +
                              a_bin("gateway", ip4("192.0.2.254")) + a_u16("mtu", 1500) +
                              a_u16("dstport", 4789) + a_u16("sport-min", 49152) +
                              a_u16("sport-max", 65535) + a_u8("ttl", 64)),
        "vni-new": vxmsg("vni-new", attrs=a_u32("vni", 100) + a_u32("limit-macs", 100)),
        "port-set": vxmsg("port-set", attrs=a_str("port-name", "p1") + a_u32("vni", 100)),
        "flood-new-v6": vxmsg("flood-new", attrs=a_u32("vni", 100) + a_bin("remote", ip6(2))),
        "fdb-new-remote": vxmsg("fdb-new", attrs=a_u32("vni", 100) + a_bin("mac", mac) +
                                a_bin("remote", ip4("192.0.2.3")) + a_flag("fdb-extern")),
        "fdb-new-port": vxmsg("fdb-new", attrs=a_u32("vni", 100) + a_bin("mac", mac) +
                              a_str("port-name", "p1")),
        "fdb-dump": vxmsg("fdb-get", flags=NLM_F_REQUEST | NLM_F_DUMP,
                          attrs=a_u32("vni", 100)),
        "neigh-new": vxmsg("neigh-new", attrs=a_bin("neigh-addr", ip4("192.0.2.3")) +
                           a_bin("mac", mac)),
        "fdb-flush": vxmsg("fdb-flush", attrs=a_u32("vni", 100) + a_flag("fdb-static")),
        "stats-get": vxmsg("stats-get"),
    }


def stats_reply():
    stats = b"".join(a_u64(i, 1000 * i) for i in range(1, 9))
    drops = b"".join(nest(A["drop"], a_str("drop-name", n) + a_u32("drop-id", i) +
                          a_u64(A["drop-count"], i))
                     for i, n in enumerate(["none", "eth_truncated", "vxlan_i_flag_clear"]))
    lcores = nest(A["lcore"], a_u32("lcore-id", 1) +
                  nest(A["stats"], a_u64(9, 12345) + a_u64(10, 67)))
    return vxmsg("stats-get", flags=0, attrs=nest(A["stats"], stats) + nest(A["drops"], drops) +
                 nest(A["lcores"], lcores))


def daemon_reply():
    dstats = b"".join(a_u64(i, i) for i in range(1, 18))
    return vxmsg("daemon-get", flags=0,
                 attrs=a_str("backend", "dpdk") + a_str("dp-socket", "/run/vxsw/dpdk.sock") +
                 a_u8("dp-connected", 1) + a_u32("epoch", 2) + nest(A["daemon-stats"], dstats) +
                 nest(A["learn-refused"], a_u64(1, 7) + a_u64(2, 0)))


def seeds_proto():
    reqs = requests()
    for name, m in reqs.items():
        write("proto", "req-" + name, m)
    write("proto", "req-two-in-one", reqs["vni-new"] + reqs["port-set"])
    fake = fake_request()
    write("proto", "ans-ack", error_msg(fake, 0, capped=True))
    write("proto", "ans-error-tlvs",
          error_msg(fake, -22, msg="attribute vni: value 0 out of range", offs=20, miss=14))
    write("proto", "ans-error-capped", error_msg(fake, -2, msg="no such VNI", offs=20,
                                                 capped=True))
    write("proto", "ans-fdb-dump", vxmsg("fdb-get", flags=NLM_F_MULTI, attrs=a_u32("vni", 100) +
                                         a_bin("mac", bytes([2, 0, 0, 0, 0, 1])) +
                                         a_str("port-name", "p1") + a_u32("age", 5)) + done_msg())
    write("proto", "ans-stats", stats_reply() + error_msg(fake, 0, capped=True))
    write("proto", "ans-daemon", daemon_reply() + error_msg(fake, 0, capped=True))
    # Broken ones: an attribute running past the message, a string without NUL, a duplicate.
    bad = bytearray(vxmsg("vni-new", attrs=a_u32("vni", 100)))
    struct.pack_into("=H", bad, 20, 200)
    write("proto", "bad-attr-len", bad)
    write("proto", "bad-string", vxmsg("port-get", attrs=attr(A["port-name"], b"p1p1")))
    write("proto", "bad-long-name", vxmsg("port-get", attrs=a_str("port-name", "p" * 70)))
    write("proto", "bad-twice", vxmsg("vni-new", attrs=a_u32("vni", 1) + a_u32("vni", 2)))


def seeds_ctl():
    reqs = requests()
    config = "\n".join([
        "# a --config file",
        "underlay set port p0 local 192.0.2.1/24 gateway 192.0.2.254 mtu 1500",
        "config set ageing 60 reserved-bits ignore udp-csum verify",
        "vni add 100 mac-limit 100",
        "vni add 200",
        "port set p1 vni 100",
        "flood add vni 100 dst 192.0.2.2",
        "fdb add 02:00:00:00:00:01 vni 100 dst 192.0.2.3 extern_learn",
        "fdb add 02:00:00:00:00:02 vni 100 port p1",
        "neigh add 192.0.2.3 lladdr 02:00:00:00:00:09",
        "fdb show", "vni show", "vni show 100", "port show", "port show p1", "flood show",
        "neigh show", "vtep show", "stats show", "status", "underlay show",
        "fdb del 02:00:00:00:00:01 vni 100", "fdb flush vni 100 static",
        "flood del vni 100 dst 192.0.2.2", "neigh del 192.0.2.3",
        "config set vni-mac-limit 5 port-mac-limit 3 learn-unknown-vtep on",
        "stats clear", "port set p1 vni none", "vni del 100", ""])
    write("ctl", "text-config", b"\x01" + config.encode())
    errors = "\n".join(["vni add 100", "vni add 100", "port set p0 vni 100",
                        "fdb add 02:00:00:00:00:01 vni 300 port p1", "underlay set mtu 100",
                        "flood add vni 100 dst 2001:db8::2", "neigh del 192.0.2.9",
                        "events", ""])
    write("ctl", "text-errors", b"\x01" + errors.encode())
    batch = reqs["vni-new"] + reqs["port-set"] + reqs["fdb-new-port"] + reqs["fdb-dump"] + \
        vxmsg("port-get", flags=NLM_F_REQUEST | NLM_F_DUMP) + reqs["stats-get"]
    write("ctl", "dgram-batch", b"\x00" + batch)
    write("ctl", "handle-batch", b"\x02" + batch)
    # The same with a client that stops reading: at the 1st, the 3rd and the 5th answer.
    write("ctl", "dgram-batch-fail-1", bytes([1 << 2]) + batch)
    write("ctl", "handle-batch-fail-3", bytes([0x02 | 3 << 2]) + batch)
    write("ctl", "text-config-fail-5", bytes([0x01 | 5 << 2]) + config.encode())
    write("ctl", "dgram-underlay", b"\x00" + reqs["underlay-set"] + reqs["config-set"] +
          reqs["status"])
    # What the text grammar cannot say: combinations the server itself must refuse.
    mac = a_bin("mac", bytes([2, 0, 0, 0, 0, 1]))
    write("ctl", "handle-refused", b"\x02" +
          vxmsg("underlay-set", attrs=a_bin("local", ip4("192.0.2.1"))) +
          vxmsg("underlay-set", attrs=a_bin("local", ip4("192.0.2.1")) + a_u8("prefixlen", 33)) +
          vxmsg("underlay-set", attrs=a_u16("sport-min", 5)) +
          vxmsg("underlay-set", attrs=a_u16("sport-min", 5) + a_u16("sport-max", 4)) +
          vxmsg("fdb-new", attrs=a_u32("vni", 100) + mac + a_str("port-name", "p1") +
                a_bin("remote", ip4("192.0.2.3"))) +
          vxmsg("fdb-new", attrs=a_u32("vni", 100) + mac) +
          vxmsg("vni-new", attrs=a_u32("vni", 100) + a_str("port-name", "p1")) +
          vxmsg("events-subscribe"))
    write("ctl", "dgram-bad", b"\x00" + vxmsg("status-get", version=2) +
          vxmsg("status-get", flags=NLM_F_ACK) + vxmsg("fdb-new", flags=NLM_F_REQUEST |
                                                       NLM_F_DUMP) +
          vxmsg("vni-new", attrs=a_u32("vni", 0)) + struct.pack("=IHH", 64, 0x20, 1))


def seeds_cmd():
    lines = [
        "status",
        "config set ageing 300 fdb-limit 1000 vni-mac-limit 10 port-mac-limit 5 "
        "reserved-bits ignore learn-unknown-vtep on udp-csum verify",
        "underlay set port p0 local 192.0.2.1/24 gateway 192.0.2.254 mtu 1500 dstport 4789 "
        "srcport 49152 65535 ttl 64",
        "underlay set local 2001:db8::1/64",
        "underlay show",
        "port show p1",
        "port set p1 vni none",
        "vni add 100 mac-limit 1000",
        "vni show",
        "flood add vni 100 dst 2001:db8::2",
        "flood show vni 100",
        "fdb add 02:00:00:00:00:01 vni 100 dst 192.0.2.3 extern_learn",
        "fdb add 02:00:00:00:00:02 vni 100 port 'p 1'",
        "fdb del 02:00:00:00:00:01 vni 100",
        "fdb flush vni 100 static",
        "neigh add 192.0.2.3 lladdr 02:00:00:00:00:09",
        "neigh del 192.0.2.3",
        "vtep show",
        "stats clear",
        "daemon show",
        'port set "p\\"1" vni 100   # a comment',
        "port\\ set p1 vni 1",
        "vni add 16777216",
        "underlay set srcport 2 1",
        "fdb add 02:00:00:00:00:01 vni 100",
        "fdb add 02:00:00:00:00:01 vni 100 port p1 dst 192.0.2.3",
        "port set 'p1 vni 100",
    ]
    for i, line in enumerate(lines):
        write("cmd", "line-%02d" % i, line.encode() + b"\n")


# ---- rtnetlink, from the recordings ----

def records(name):
    data = open(os.path.join(FIXTURES, name), "rb").read()
    off = 0
    while off < len(data):
        (n,) = struct.unpack_from("<I", data, off)
        yield data[off + 4:off + 4 + n]
        off += 4 + n


def messages(dg):
    off = 0
    while off + 16 <= len(dg):
        (n,) = struct.unpack_from("=I", dg, off)
        if n < 16:
            break
        yield dg[off:off + n]
        off += align(n)


RTM = {16: "newlink", 17: "dellink", 20: "newaddr", 21: "deladdr", 24: "newroute",
       25: "delroute", 28: "newneigh", 29: "delneigh", 3: "done"}


def seeds_mirror():
    # Flags cycle over the modes (fuzz_mirror.c): representors/bridge ports, re-dump, twice,
    # no commit, re-fed unchanged.
    flags = [0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x10, 0x13]
    k = 0
    # Dumps: small datagrams whole; the link dump one link per seed (each about 2 KB).
    for name in ["dump_fdb.bin", "dump_neigh.bin", "dump_addr.bin", "dump_route.bin"]:
        for i, dg in enumerate(records(name)):
            if len(dg) > 20:
                write("mirror", "%s-%d" % (name[:-4], i), bytes([flags[k % len(flags)]]) + dg)
                k += 1
    for i, dg in enumerate(records("dump_link.bin")):
        for j, m in enumerate(messages(dg)):
            write("mirror", "dump_link-%d-%d" % (i, j), bytes([flags[k % len(flags)]]) + m)
            k += 1
    # Events: each datagram (one message each), named for its type.
    for i, dg in enumerate(records("events.bin")):
        (t,) = struct.unpack_from("=H", dg, 4)
        write("mirror", "event-%02d-%s" % (i, RTM.get(t, str(t))),
              bytes([flags[k % len(flags)]]) + dg)
        k += 1


def main():
    for target, gen in [("vxlan", seeds_vxlan), ("proto", seeds_proto), ("ctl", seeds_ctl),
                        ("cmd", seeds_cmd), ("mirror", seeds_mirror)]:
        d = os.path.join(OUT, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        gen()
        files = os.listdir(d)
        size = sum(os.path.getsize(os.path.join(d, f)) for f in files)
        print("%-7s %3d seeds, %6d bytes" % (target, len(files), size))


if __name__ == "__main__":
    main()
