#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Two hosts running vxsw-dpdk, one tenant behind each, VNI 100 over a 1500-byte underlay.
# Cases:
#   1. t1 <-> t2 ping at 56 and 1400 bytes, both ways (1400 + headers fits the 1450 overlay MTU)
#   2. ping -M do -s 1600 gets ICMP "fragmentation needed, mtu = 1450" back from vxsw,
#      and encap_mtu_exceeded counts it
#   3. both switches learned the far tenant's MAC behind the remote VTEP
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24
add_tenant t2 h2 ac0 10.100.0.2/24

vxsw_start h1 ul0 ac0 <<EOF
underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.2
EOF
vxsw_start h2 ul0 ac0 <<EOF
underlay set port net_af_packet0 local 192.0.2.2/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.1
EOF

log "case 1: ping 56 and 1400 bytes both ways"
check "t1 -> t2, 56 bytes" ping_works t1 10.100.0.2
check "t2 -> t1, 56 bytes" ping_works t2 10.100.0.1
check "t1 -> t2, 1400 bytes, DF" ping_works t1 10.100.0.2 -s 1400 -M do
check "t2 -> t1, 1400 bytes, DF" ping_works t2 10.100.0.1 -s 1400 -M do

log "case 2: too big for the overlay: ICMP fragmentation needed, counted"
frag_needed() {
	local out
	out=$(on t1 ping -n -c 2 -i 0.3 -W 2 -M do -s 1600 10.100.0.2 2>&1)
	log "$(sed 's/^/    /' <<<"$out")"
	grep -Eq 'Frag needed.*mtu ?= ?1450|mtu ?= ?1450' <<<"$out"
}
mtu_before=$(counter h1 encap_mtu_exceeded)
check "ping -M do -s 1600 reports mtu = 1450" frag_needed
check "encap_mtu_exceeded moved on h1" counter_moved h1 encap_mtu_exceeded "$mtu_before"
# Forget the learned path MTU so later pings are unaffected.
on t1 ip route flush cache >/dev/null 2>&1

log "case 3: each switch learned the far tenant behind the remote VTEP"
mac_t2=$(on t2 cat /sys/class/net/eth0/address)
mac_t1=$(on t1 cat /sys/class/net/eth0/address)
fdb_has() { ctl "$1" fdb show | grep -i "$2" | grep -q "$3"; }
check "h1 fdb: t2's MAC via 192.0.2.2" fdb_has h1 "$mac_t2" 192.0.2.2
check "h2 fdb: t1's MAC via 192.0.2.1" fdb_has h2 "$mac_t1" 192.0.2.1
check "vxsw-dpdk still running on h1 and h2" eval 'vxsw_alive h1 && vxsw_alive h2'

test_end
