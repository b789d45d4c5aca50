# SPDX-License-Identifier: BSD-3-Clause
# VXLAN frames for the drop tests (test_drops.sh against vxsw-dpdk, test_ebpf_drops.sh against
# the eBPF fast path): a well-formed one or one broken in exactly one way, each carrying an
# ICMP echo from 10.100.0.2 to 10.100.0.1, sent 3 times from ul0 to the VTEP 192.0.2.1.
# Run with Debian's /usr/bin/python3 (python3-scapy).
# vxlan_send.py CASE SRC_MAC DST_MAC INNER_DST_MAC INNER_SRC_MAC: 3 VXLAN frames to 192.0.2.1
import struct
import sys
from scapy.all import ICMP, IP, UDP, Ether, IPOption_EOL, IPOption_NOP, Raw, sendp

case, src, dst, idst, isrc = sys.argv[1:6]
if case == "src_zero":
    isrc = "00:00:00:00:00:00"
elif case == "src_multicast":
    isrc = "01:00:5e:00:00:01"
inner = bytes(Ether(src=isrc, dst=idst) / IP(src="10.100.0.2", dst="10.100.0.1") /
              ICMP(id=0x7878, seq=1) / Raw(b"vxsw-drop-test"))
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
else:
    pkt = ip / udp / Raw(vxlan + inner)
# type set: over a Raw payload (the broken checksum) scapy would not know it is IPv4.
sendp(Ether(src=src, dst=dst, type=0x0800) / pkt, iface="ul0", count=3, inter=0.02,
      verbose=False)
