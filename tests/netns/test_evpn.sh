#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# BGP EVPN runs the overlay: three hosts, each with vxsw-dpdk (underlay on the "ul" LAN), vxswd,
# and FRR's zebra + bgpd (iBGP full mesh over the "mg" LAN, advertise-all-vni). Nobody writes an
# FDB entry by hand: flood lists come from EVPN type-3 routes, remote MACs from type-2 routes of
# MACs the other dataplanes learned and vxswd wrote back as extern_learn.
# Cases:
#   1. every dataplane gets the flood list of the other two VTEPs
#   2. tenants on all three hosts reach each other
#   3. a tenant's MAC learned on h2 is in h1's dataplane as a remote extern_learn entry
#   4. a MAC moving from h2 to h3 is followed: h1 sends to h3 and the tenant stays reachable
#   5. a host taken away (FRR stopped on h3) is withdrawn from h1's dataplane
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/frr.sh"
lib_init
require_vxswd
frr_require
require_cmd bridge

add_ns net h1 h2 h3
for lan in mg ul; do
	on net ip link add $lan type bridge
	on net ip link set $lan up
done
for n in 1 2 3; do
	h=h$n
	add_link $h mg0 net m$n
	add_link $h ul0 net u$n
	on net ip link set m$n master mg
	on net ip link set u$n master ul
	on $h ip addr add 10.0.0.$n/24 dev mg0
	# zebra must resolve a remote VTEP before bgpd installs its routes; the VXLAN itself
	# goes through vxsw-dpdk on ul0, which the kernel never sees an address on.
	on $h ip route add 192.0.2.0/24 dev mg0
	add_tenant t$n $h ac0 10.100.0.$n/24 02:00:00:00:20:0$n
	kernel_vtep $h $n
	vxsw_start $h ul0 ac0 <<<"underlay set port net_af_packet0 local 192.0.2.$n/24 mtu 1500"
	vxswd_start $h
done
frr_start h1 10.0.0.1 10.0.0.2 10.0.0.3
frr_start h2 10.0.0.2 10.0.0.1 10.0.0.3
frr_start h3 10.0.0.3 10.0.0.1 10.0.0.2

# flooded_to HOST A...: HOST's dataplane floods VNI 100 to each A.
flooded_to() {
	local h=$1 a
	shift
	for a in "$@"; do
		ctl "$h" -j flood show | json_ok --arg a "$a" 'any(.[]; .vni == 100 and .dst == $a)' \
			|| return 1
	done
}
# pinned HOST MAC DST: HOST's dataplane holds MAC as an extern_learn entry towards DST.
pinned() {
	dp_has "$1" "any(.[]; .mac == \"$2\" and .dst == \"$3\" and
		(.flags // [] | index(\"extern_learn\")))"
}

log "1. flood lists from EVPN type-3 routes"
for n in 1 2 3; do
	check "h$n: 2 EVPN sessions" frr_wait_established h$n 2 20000
done
check "h1 floods to h2 and h3" busywait 15000 flooded_to h1 192.0.2.2 192.0.2.3
check "h2 floods to h1 and h3" busywait 5000 flooded_to h2 192.0.2.1 192.0.2.3
check "h3 floods to h1 and h2" busywait 5000 flooded_to h3 192.0.2.1 192.0.2.2
wait_underlay h1:2 h2:2 h3:2

log "2. tenants talk, with no FDB entry written by hand"
check "t1 -> t2" ping_works t1 10.100.0.2
check "t1 -> t3" ping_works t1 10.100.0.3
check "t2 -> t3" ping_works t2 10.100.0.3

log "3. learned MACs travel as EVPN type-2 routes"
check "h2 wrote t2's MAC back" busywait 5000 eval \
	'on h2 bridge fdb show dev rp1 | grep -q "02:00:00:00:20:02 .*extern_learn"'
check "h1 holds t2's MAC towards 192.0.2.2" busywait 5000 pinned h1 02:00:00:00:20:02 192.0.2.2

log "4. a MAC moving from h2 to h3 is followed"
# t2's address and MAC move to h3's tenant: what a migrated VM looks like to the network.
on t2 ip link set eth0 down
on t3 ip link set eth0 down
on t3 ip link set eth0 address 02:00:00:00:20:02
on t3 ip addr flush dev eth0
on t3 ip addr add 10.100.0.2/24 dev eth0
on t3 ip link set eth0 up
# The moved host speaks first (as a hypervisor's gratuitous ARP would).
on t3 arping -q -U -c 2 -I eth0 10.100.0.2 || true
check "h1 now sends t2's MAC to 192.0.2.3" busywait 10000 pinned h1 02:00:00:00:20:02 192.0.2.3
check "t1 -> the moved tenant" ping_works t1 10.100.0.2

log "5. a host taken away is withdrawn"
frr_stop h3
check "h1 no longer floods to h3" busywait 5000 eval '! flooded_to h1 192.0.2.3'
check "h1 holds nothing pinned towards h3" busywait 5000 eval \
	'! dp_has h1 "any(.[]; .dst == \"192.0.2.3\" and (.flags // [] | index(\"extern_learn\")))"'
check "h1 still floods to h2" flooded_to h1 192.0.2.2
for h in h1 h2; do
	check "$h's vxswd and vxsw-dpdk alive" eval \
		'kill -0 $(cat $STATE/$h-vxswd.pid) && vxsw_alive $h'
done

test_end
