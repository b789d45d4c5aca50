# SPDX-License-Identifier: BSD-3-Clause
# VXLAN frames for the drop tests (test_drops.sh against vxsw-dpdk, test_ebpf_drops.sh against
# the eBPF fast path): a well-formed one or one broken in exactly one way, each carrying an
# ICMP echo from 10.100.0.2 to 10.100.0.1, sent 3 times from ul0 to the VTEP 192.0.2.1.
# Run with Debian's /usr/bin/python3 (python3-scapy).
# vxlan_send.py CASE SRC_MAC DST_MAC INNER_DST_MAC INNER_SRC_MAC: 3 VXLAN frames to 192.0.2.1
# Cases beyond one broken field:
#   udp_bad_csum     a non-zero outer UDP checksum that is wrong (RFC 7348 5: checking it is a MAY)
#   inner_vlan       the inner frame carries an 802.1Q tag (VLAN 10) before its IPv4 header
#   vxlan_in_vxlan   the inner frame is itself VXLAN (UDP/4789, VNI 100) to the VTEP address,
#                    carrying a frame from 02:00:00:00:0e:0e: a tenant's packet, never decapsulated
#                    a second time
#   truncated_every  the valid frame cut at every length from 1 to its length - 1, once each
#   truncated_fixed  the valid frame cut at every length from 34 (a whole outer IPv4 header) to 63
#                    (one byte short of an inner Ethernet header) with the IPv4 total length, its
#                    checksum and the UDP length made to match the cut, so that each deeper header
#                    check is reached; once each
# The two truncated_* cases print how many frames the kernel accepted for sending: a frame
# shorter than an Ethernet header (14 bytes) is refused by the packet socket (EINVAL).
import socket
import struct
import sys
from scapy.all import ICMP, IP, UDP, Dot1Q, Ether, IPOption_EOL, IPOption_NOP, Raw, sendp

case, src, dst, idst, isrc = sys.argv[1:6]
if case == "src_zero":
    isrc = "00:00:00:00:00:00"
elif case == "src_multicast":
    isrc = "01:00:5e:00:00:01"
echo = IP(src="10.100.0.2", dst="10.100.0.1") / ICMP(id=0x7878, seq=1) / Raw(b"vxsw-drop-test")
if case == "inner_vlan":
    inner = bytes(Ether(src=isrc, dst=idst) / Dot1Q(vlan=10) / echo)
elif case == "vxlan_in_vxlan":
    nested = Ether(src="02:00:00:00:0e:0e", dst=idst) / echo
    inner = bytes(Ether(src=isrc, dst=idst) / IP(src="10.100.0.2", dst="192.0.2.1") /
                  UDP(sport=49153, dport=4789, chksum=0) /
                  Raw(struct.pack("!B3xI", 0x08, 100 << 8) + bytes(nested)))
else:
    inner = bytes(Ether(src=isrc, dst=idst) / echo)
flags, vni, rsvd = 0x08, 100, 0
if case == "unknown_vni":
    vni = 999
elif case == "i_flag_clear":
    flags = 0x00
elif case == "reserved_bits":
    rsvd = 0x01
# RFC 7348 5: flags(8) reserved(24) VNI(24) reserved(8)
vxlan = struct.pack("!B3xI", flags, (vni << 8) | rsvd)
udp = UDP(sport=49152, dport=4789, chksum=0)
ip = IP(src="192.0.2.2", dst="192.0.2.1", flags="DF", ttl=64)
if case == "fragment_mf":
    ip.flags, ip.frag = "MF", 0
elif case == "fragment_offset":
    ip.flags, ip.frag = 0, 100
elif case == "ip_options":
    ip.options = [IPOption_NOP(), IPOption_NOP(), IPOption_NOP(), IPOption_EOL()]
if case == "vxlan_truncated":
    pkt = ip / udp / Raw(vxlan[:4])
elif case == "ip_bad_length":
    pkt = IP(bytes(ip / udp / Raw(vxlan + inner)))
    pkt.len += 100
    pkt.chksum = None
elif case == "udp_bad_length":
    pkt = IP(bytes(ip / udp / Raw(vxlan + inner)))
    pkt[UDP].len += 100
elif case == "ip_bad_checksum":
    raw = bytearray(bytes(ip / udp / Raw(vxlan + inner)))
    raw[10] ^= 0x5a  # the header checksum's first byte
    pkt = Raw(bytes(raw))
elif case == "udp_bad_csum":
    pkt = IP(bytes(ip / UDP(sport=49152, dport=4789) / Raw(vxlan + inner)))
    good = pkt[UDP].chksum
    # Wrong, and not 0 (which means "no checksum"), nor 0xffff (the same sum, RFC 768).
    pkt[UDP].chksum = good ^ 0x5a5a if good ^ 0x5a5a not in (0, 0xffff) else good ^ 0x0101
else:
    pkt = ip / udp / Raw(vxlan + inner)


def send_cuts(frames):
    """Each frame once, on a raw packet socket (scapy's sendp() is too slow for hundreds)."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind(("ul0", 0))
    sent = 0
    for f in frames:
        try:
            s.send(f)
            sent += 1
        except OSError:
            pass  # shorter than an Ethernet header: the packet socket refuses it
    print(sent)


full = bytes(Ether(src=src, dst=dst) / ip / udp / Raw(vxlan + inner))
if case == "truncated_every":
    send_cuts(full[:n] for n in range(1, len(full)))
elif case == "truncated_fixed":
    def cut(n):
        f = bytearray(full[:n])
        struct.pack_into("!H", f, 16, n - 14)   # IPv4 total length
        struct.pack_into("!H", f, 24, 0)        # IPv4 header checksum, recomputed below
        csum = sum(struct.unpack("!10H", f[14:34]))
        csum = (csum & 0xffff) + (csum >> 16)
        csum = (csum & 0xffff) + (csum >> 16)
        struct.pack_into("!H", f, 24, ~csum & 0xffff)
        if n >= 40:
            struct.pack_into("!H", f, 38, n - 34)  # UDP length, once the field is there
        return bytes(f)
    send_cuts(cut(n) for n in range(34, 64))
else:
    # type set: over a Raw payload (the broken checksum) scapy would not know it is IPv4.
    sendp(Ether(src=src, dst=dst, type=0x0800) / pkt, iface="ul0", count=3, inter=0.02,
          verbose=False)
