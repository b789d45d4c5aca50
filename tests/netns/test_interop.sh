#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vxsw-dpdk on h1 against a plain Linux VTEP on h2 (vxlan device vx100 in a bridge with the
# tenant's veth, flood entry to 192.0.2.1, default offloads on ul0).
# Cases:
#   1. t1 <-> t2 ping at 56 and 1400 bytes, both ways; 1600 bytes from t1 gets "mtu = 1450"
#   2. tshark on h2's ul0 decodes what vxsw sent as VXLAN: VNI 100, flags 0x0800 (I only),
#      outer DF set, UDP checksum 0, destination port 4789, an inner ICMP echo; nothing malformed
#   3. the kernel accepted vxsw's frames (its vxlan device counted them) and vxsw learned t2
#   4. with udpcsum on, the kernel's partially checksummed frames still get through
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_cmd tcpdump tshark bridge

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24
TENANT_MTU=1450 add_tenant t2 h2 ac0 10.100.0.2/24

vxsw_start h1 ul0 ac0 <<EOF
underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.2
EOF

kernel_vtep() { # [vxlan options]: (re)create h2's Linux VTEP
	on h2 ip link del vx100 2>/dev/null
	on h2 ip link add vx100 type vxlan id 100 local 192.0.2.2 dstport 4789 nolearning "$@"
	on h2 ip link set vx100 master br0 up
	on h2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.1
}
on h2 ip addr add 192.0.2.2/24 dev ul0
on h2 ip link add br0 type bridge
on h2 ip link set br0 up
on h2 ip link set ac0 master br0
kernel_vtep

log "case 1: ping 56 and 1400 bytes both ways"
capture_start h2-ul0 h2 ul0 udp port 4789
pcap=$STATE/h2-ul0.pcap
check "t1 -> t2, 56 bytes" ping_works t1 10.100.0.2
check "t2 -> t1, 56 bytes" ping_works t2 10.100.0.1
check "t1 -> t2, 1400 bytes, DF" ping_works t1 10.100.0.2 -s 1400 -M do
check "t2 -> t1, 1400 bytes, DF" ping_works t2 10.100.0.1 -s 1400 -M do
capture_stop h2-ul0
too_big() {
	on t1 ping -n -c 2 -i 0.3 -W 2 -M do -s 1600 10.100.0.2 2>&1 | grep -Eq 'mtu ?= ?1450'
}
check "t1 -> t2, 1600 bytes, DF: vxsw answers mtu = 1450" too_big
on t1 ip route flush cache

log "case 2: tshark decodes vxsw's frames as VXLAN"
fields=$(tshark -r "$pcap" -d udp.port==4789,vxlan -Y 'ip.src == 192.0.2.1' -T fields \
	-E occurrence=f -E separator=' ' -e vxlan.vni -e vxlan.flags -e ip.flags.df -e udp.checksum \
	-e udp.dstport -e icmp.type 2>/dev/null | sort | uniq -c)
log "$(sed 's/^/    /' <<<"count vni flags df udp-csum dport icmp-type"$'\n'"$fields")"
vxsw_frames() { # every frame from vxsw matches the expected fields; some carry echo requests
	[[ -n $fields ]] &&
		! grep -vqE '^ *[0-9]+ 100 0x0*800 (1|True) 0x0000 4789 ?[08]?$' <<<"$fields" &&
		grep -qE ' 4789 8$' <<<"$fields"
}
check "VNI 100, I flag, DF, csum 0, port 4789, inner ICMP" vxsw_frames
malformed=$(tshark -r "$pcap" -d udp.port==4789,vxlan -Y '_ws.malformed || _ws.expert.severity >= "error"' 2>/dev/null | wc -l)
check "no malformed frames ($malformed)" test "$malformed" -eq 0

log "case 3: the kernel accepted vxsw's frames; vxsw learned t2 behind 192.0.2.2"
vx_rx=$(on h2 cat /sys/class/net/vx100/statistics/rx_packets)
check "vx100 rx_packets > 0 ($vx_rx)" test "$vx_rx" -gt 0
mac_t2=$(on t2 cat /sys/class/net/eth0/address)
check "h1 fdb: t2's MAC via 192.0.2.2" eval 'ctl h1 fdb show | grep -i "$mac_t2" | grep -q 192.0.2.2'

log "case 4: kernel peer with UDP checksums on (partial checksums on veth)"
kernel_vtep udpcsum
check "t2 -> t1, 56 bytes" ping_works t2 10.100.0.1
check "t1 -> t2, 1400 bytes" ping_works t1 10.100.0.2 -s 1400
check "vxsw-dpdk still running on h1" vxsw_alive h1

test_end
