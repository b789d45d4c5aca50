#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Two VNIs with the same tenant addresses on both hosts: VNI 100 joins a1 and a2, VNI 200 joins
# b1 and b2; all four tenants use 10.100.0.1 (on h1) and 10.100.0.2 (on h2).
# Cases:
#   1. each pair pings within its VNI
#   2. ARP from a1 is answered by a2 only (b2 owns the same address in VNI 200)
#   3. broadcast and unknown unicast from a1 (even to b2's MAC) never reach b1 or b2
#   4. each switch's FDB holds every MAC in its own VNI only
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_cmd arping

# MAC = 02:00:00:<vni/100>:<host>:01, so a leak is easy to spot in any dump.
MAC_A1=02:00:00:01:01:01 MAC_A2=02:00:00:01:02:01
MAC_B1=02:00:00:02:01:01 MAC_B2=02:00:00:02:02:01

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant a1 h1 ac0 10.100.0.1/24 $MAC_A1
add_tenant b1 h1 ac1 10.100.0.1/24 $MAC_B1
add_tenant a2 h2 ac0 10.100.0.2/24 $MAC_A2
add_tenant b2 h2 ac1 10.100.0.2/24 $MAC_B2

for h in 1 2; do
	vxsw_start h$h ul0 ac0 ac1 <<EOF
underlay set port net_af_packet0 local 192.0.2.$h/24 mtu 1500
vni add 100
vni add 200
port set net_af_packet1 vni 100
port set net_af_packet2 vni 200
flood add vni 100 dst 192.0.2.$((3 - h))
flood add vni 200 dst 192.0.2.$((3 - h))
EOF
done

rx() { on "$1" cat /sys/class/net/eth0/statistics/rx_packets; }

log "case 1: each pair talks within its VNI"
check "a1 -> a2 (VNI 100)" ping_works a1 10.100.0.2
check "b1 -> b2 (VNI 200)" ping_works b1 10.100.0.2
check "a2 -> a1 (VNI 100)" ping_works a2 10.100.0.1
check "b2 -> b1 (VNI 200)" ping_works b2 10.100.0.1

log "case 2: a1's ARP for 10.100.0.2 is answered by a2 only"
arp_only_from() {
	local out
	out=$(on "$1" arping -c 3 -w 3 -I eth0 10.100.0.2 2>&1)
	log "$(sed 's/^/    /' <<<"$out")"
	grep -qi "reply from 10.100.0.2 \[$2\]" <<<"$out" &&
		! grep -i "reply from" <<<"$out" | grep -vqi "\[$2\]"
}
check "a1 hears only a2" arp_only_from a1 $MAC_A2
check "b1 hears only b2" arp_only_from b1 $MAC_B2

log "case 3: nothing from VNI 100 reaches VNI 200's tenants"
b1_rx=$(rx b1) b2_rx=$(rx b2) a2_rx=$(rx a2)
on a1 arping -c 3 -w 2 -I eth0 -b 10.100.0.2 >/dev/null 2>&1
# Unknown unicast: a1 sends to b2's MAC, which VNI 100 has never seen; it floods in VNI 100 only.
on a1 ip neigh replace 10.100.0.99 lladdr $MAC_B2 dev eth0
on a1 ping -c 3 -i 0.2 -W 1 10.100.0.99 >/dev/null 2>&1
# The flood did go out in VNI 100 (a2 got it); then allow stray frames time to show up.
check "a2 received the flood ($a2_rx -> $(rx a2) packets)" busywait 3000 eval '(($(rx a2) > a2_rx))'
sleep 0.5
check "b1 received nothing ($b1_rx -> $(rx b1) packets)" test "$(rx b1)" -eq "$b1_rx"
check "b2 received nothing ($b2_rx -> $(rx b2) packets)" test "$(rx b2)" -eq "$b2_rx"

log "case 4: FDB entries stay in their VNI"
fdb_only() { # HOST VNI MAC...: every MAC the switch has in VNI is one of MAC...
	local h=$1 vni=$2
	shift 2
	local macs
	macs=$(ctl "$h" -j fdb show | jq -r --argjson v "$vni" '.[] | select(.vni == $v) | .mac')
	log "    $h vni $vni: $(echo $macs)"
	[[ -n $macs ]] || return 1
	local m
	for m in $macs; do
		[[ " ${*,,} " == *" ${m,,} "* ]] || return 1
	done
}
for h in h1 h2; do
	check "$h: VNI 100 holds only a1/a2" fdb_only $h 100 $MAC_A1 $MAC_A2
	check "$h: VNI 200 holds only b1/b2" fdb_only $h 200 $MAC_B1 $MAC_B2
done
check "vxsw-dpdk still running on h1 and h2" eval 'vxsw_alive h1 && vxsw_alive h2'

test_end
