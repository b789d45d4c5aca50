#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Port security (anti-spoofing) on vxsw-dpdk. h1 has tenants t1 (ac0, secured: its own MAC and
# 10.100.0.1 only) and t3 (ac1, not secured); h2 has t2. VNI 100. Cases:
#   1. t1's own traffic passes; "port show" shows the check
#   2. 10 frames from t1 with a forged source MAC: port_src_mac_spoofed counts 10, t2 sees none,
#      and the FDB never learns the forged MAC
#   3. 10 IPv4 frames from t1's MAC with a forged source address: port_src_ip_spoofed counts 10,
#      t2 sees none
#   4. an ARP reply from t1 to t2 claiming t3's address (ARP spoofing): dropped and counted,
#      and t2 still has t3's MAC for it
#   5. t3, on the same host and VNI, is untouched throughout: its pings all answered
#   6. security off: the forged frames go through again
#   7. bad requests are refused and change nothing: the underlay port, 17 sources, a bad MAC
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_scapy
require_cmd tcpdump

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24 02:00:00:00:10:01
add_tenant t3 h1 ac1 10.100.0.3/24 02:00:00:00:10:03
add_tenant t2 h2 ac0 10.100.0.2/24 02:00:00:00:10:02

vxsw_start h1 ul0 ac0 ac1 <<EOF
underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
port set net_af_packet2 vni 100
flood add vni 100 dst 192.0.2.2
port security net_af_packet1 allow 02:00:00:00:10:01,10.100.0.1
EOF
vxsw_start h2 ul0 ac0 <<EOF
underlay set port net_af_packet0 local 192.0.2.2/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.1
EOF

FORGED=02:66:66:66:66:66
# spoof KIND: 10 frames from t1 (scapy), forged in one way.
spoof() {
	on t1 $PY - "$1" "$FORGED" <<'PYEOF'
import sys
from scapy.all import ARP, IP, UDP, Ether, Raw, sendp
kind, forged = sys.argv[1:3]
me, t2 = "02:00:00:00:10:01", "02:00:00:00:10:02"
if kind == "mac":
    f = Ether(src=forged, dst=t2) / IP(src="10.100.0.1", dst="10.100.0.2") / UDP(dport=7777)
elif kind == "ip":
    f = Ether(src=me, dst=t2) / IP(src="10.100.0.99", dst="10.100.0.2") / UDP(dport=7777)
else:  # an ARP reply to t2: "t3's address 10.100.0.3 is at t1's MAC"
    f = Ether(src=me, dst=t2) / ARP(op=2, hwsrc=me, psrc="10.100.0.3", hwdst=t2,
                                    pdst="10.100.0.2")
sendp([f / Raw(b"vxsw-spoof")] * (1 if kind == "arp" else 10), iface="eth0", verbose=False)
PYEOF
}
t3_pings() { on t3 ping -q -n -c 5 -i 0.1 -W 2 10.100.0.2 >/dev/null 2>&1; }

log "1. t1's own traffic passes"
check "t1 -> t2 ping" ping_works t1 10.100.0.2
check "t3 -> t2 ping" ping_works t3 10.100.0.2
check "port show has the check" eval "ctl h1 -j port show net_af_packet1 | json_ok \
	'.security and .allowed == [{\"mac\": \"02:00:00:00:10:01\", \"ip\": \"10.100.0.1\"}]'"

log "2. a forged source MAC"
# The forged ARP is the one that claims t3's address (the sender address, 4 bytes at offset
# 14 of the ARP header, 10.100.0.3): t1's own ARP, a probe of t2 when t1's entry for it goes
# stale, may arrive at any time and is no forgery.
capture_start spoof t2 eth0 udp port 7777 or arp and ether src 02:00:00:00:10:01 and \
	arp[14:4] = 0x0a640003
before=$(counter h1 port_src_mac_spoofed)
spoof mac
check "port_src_mac_spoofed counted 10" busywait 3000 \
	eval '(( $(counter h1 port_src_mac_spoofed) - before == 10 ))'
check "the FDB never learned $FORGED" eval "! ctl h1 fdb show | grep -qi $FORGED"

log "3. a forged source address from t1's own MAC"
before=$(counter h1 port_src_ip_spoofed)
spoof ip
check "port_src_ip_spoofed counted 10" busywait 3000 \
	eval '(( $(counter h1 port_src_ip_spoofed) - before == 10 ))'

log "4. ARP spoofing: t1 tells t2 that t3's address is at t1's MAC"
before=$(counter h1 port_src_ip_spoofed)
spoof arp
check "the ARP reply was dropped and counted" busywait 3000 \
	eval '(( $(counter h1 port_src_ip_spoofed) - before == 1 ))'
sleep 0.5
capture_stop spoof
check "t2 received none of the forged frames" eval '(( $(capture_count spoof) == 0 ))'
check "t2 still has t3's MAC for 10.100.0.3" eval \
	"on t2 ip neigh show 10.100.0.3 | grep -qi 02:00:00:00:10:03"

log "5. t3 untouched"
check "t3's 5 pings all answered" t3_pings
check "t1 still reaches t2" ping_ok t1 10.100.0.2

log "6. security off: forged frames go through again"
ctl h1 port security net_af_packet1 off
check "port show has no check" eval "ctl h1 -j port show net_af_packet1 | json_ok \
	'.security != true'"
capture_start open t2 eth0 udp port 7777
spoof mac
check "t2 received the 10 forged frames now" busywait 3000 eval '(( $(capture_count open) >= 10 ))'
capture_stop open

log "7. bad requests are refused and change nothing"
ctl h1 port security net_af_packet1 allow 02:00:00:00:10:01
check "the underlay port cannot be secured" eval \
	'! ctl h1 port security net_af_packet0 on 2>"$STATE/e1" && grep -q underlay "$STATE/e1"'
many=()
for i in $(seq 1 17); do many+=(allow "$(printf '02:00:00:00:11:%02x' "$i")"); done
check "17 allowed sources are refused" eval \
	'! ctl h1 port security net_af_packet1 "${many[@]}" 2>"$STATE/e2" && grep -q "at most 16" "$STATE/e2"'
check "a multicast MAC is refused" eval \
	'! ctl h1 port security net_af_packet1 allow 01:00:5e:00:00:01 2>/dev/null'
check "an IPv6 address is refused by the parser" eval \
	'! ctl h1 port security net_af_packet1 allow 02:00:00:00:10:01,2001:db8::1 2>/dev/null'
check "the check before them still holds" eval "ctl h1 -j port show net_af_packet1 | json_ok \
	'.allowed == [{\"mac\": \"02:00:00:00:10:01\"}]'"
check "vxsw-dpdk still running" vxsw_alive h1

test_end
