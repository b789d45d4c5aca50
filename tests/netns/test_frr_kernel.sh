#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Self-check of frr.sh with kernel-only VTEPs (no vxsw): hosts h1..h3 share the management LAN
# 10.0.0.0/24 (bridge in "net") and run zebra + bgpd, iBGP EVPN full mesh. Each has VNI 100 as
# br100 + vx100 (local 192.0.2.N, an address the kernel does not own) + a local port rp1.
# Cases:
#   1. every host has its 2 EVPN sessions established
#   2. h1's vx100 gets flood entries (all-zero MAC) for 192.0.2.2 and 192.0.2.3
#   3. a MAC added on h2's rp1 as extern_learn appears on h1's vx100 with dst 192.0.2.2
#   4. deleting it on h2 removes it from h1
#   5. stopping FRR on h3 withdraws h3's flood entry and MACs from h1; h2's stay
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/frr.sh"
lib_init
frr_require
require_cmd bridge

add_ns net h1 h2 h3
on net ip link add br0 type bridge
on net ip link set br0 up
for n in 1 2 3; do
	h=h$n
	add_link $h mg0 net p$n
	on net ip link set p$n master br0
	on $h ip addr add 10.0.0.$n/24 dev mg0
	# bgpd installs a remote VTEP's routes only if zebra can resolve its address.
	on $h ip route add 192.0.2.0/24 dev mg0
	on $h ip link add br100 type bridge
	on $h ip link set br100 up
	on $h ip link add vx100 type vxlan id 100 local 192.0.2.$n dstport 4789 nolearning
	on $h ip link set vx100 master br100 up
	on $h ip link add rp1 type veth peer name rp1x
	on $h ip link set rp1 master br100 up
	on $h ip link set rp1x up
done

# mark, then within MS WHAT CMD...: check that CMD comes true within MS ms; the time since the
# mark is part of the case's name.
mark() { T0=$(date +%s%3N); }
since() { echo "$(($(date +%s%3N) - T0)) ms"; }
within() {
	local ms=$1 what=$2 ok=0
	shift 2
	busywait "$ms" "$@" || ok=1
	check "$what ($(since))" test $ok -eq 0
}
# fdb HOST REGEX: a line of HOST's vx100 FDB matches REGEX.
fdb() { on "$1" bridge fdb show dev vx100 | grep -Eq "$2"; }
no_fdb() { ! fdb "$@"; }

mark
frr_start h1 10.0.0.1 10.0.0.2 10.0.0.3
frr_start h2 10.0.0.2 10.0.0.1 10.0.0.3
frr_start h3 10.0.0.3 10.0.0.1 10.0.0.2
log "        (FRR started on h1..h3 in $(since))"

log "case 1: EVPN sessions"
for n in 1 2 3; do
	check "h$n: 2 sessions established" frr_wait_established h$n 2 15000
done
log "        ($(since) after FRR start)"

log "case 2: flood list on h1 (time since FRR start)"
within 5000 "00:00:00:00:00:00 dst 192.0.2.2" fdb h1 '^00:00:00:00:00:00 dst 192.0.2.2 '
within 5000 "00:00:00:00:00:00 dst 192.0.2.3" fdb h1 '^00:00:00:00:00:00 dst 192.0.2.3 '

log "case 3: a MAC learned on h2 shows on h1"
mark
on h2 bridge fdb add 02:00:00:00:02:01 dev rp1 master extern_learn
within 5000 "h1: 02:00:00:00:02:01 dst 192.0.2.2 extern_learn" \
	fdb h1 '^02:00:00:00:02:01 dst 192.0.2.2 .*extern_learn'

log "case 4: deleting it on h2 removes it on h1"
mark
on h2 bridge fdb del 02:00:00:00:02:01 dev rp1 master
within 5000 "h1: no 02:00:00:00:02:01" no_fdb h1 '^02:00:00:00:02:01 '

log "case 5: stopping FRR on h3 withdraws h3's entries on h1"
on h3 bridge fdb add 02:00:00:00:03:01 dev rp1 master extern_learn
busywait 5000 fdb h1 '^02:00:00:00:03:01 dst 192.0.2.3 ' || die "h3's MAC never reached h1"
mark
frr_stop h3
log "        (frr_stop h3 took $(since))"
within 5000 "h1: nothing towards 192.0.2.3" no_fdb h1 'dst 192.0.2.3 |^02:00:00:00:03:01 '
check "h1: flood entry to 192.0.2.2 stays" fdb h1 '^00:00:00:00:00:00 dst 192.0.2.2 '
check "h1: 1 session established" frr_established h1 1

test_end
