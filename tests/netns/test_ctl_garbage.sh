#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Malformed requests on both control sockets, vxsw-dpdk's and vxswd's (relaying to it): each is
# answered with an error, the daemon keeps serving, and vxswd keeps its dataplane connection.
# One host: vxsw-dpdk (an underlay and an access port on veths) driven by vxswd.
# Cases (tests/netns/ctlgarbage.py; each ends with a status request on the same connection and
# on a new one):
#   1. datagrams longer than VXSW_MSG_MAX (65536): EMSGSIZE
#   2. nlmsg_len past the end of the datagram (by 4 bytes up to 2^32-1): EINVAL
#   3. attributes nested 1000 deep, in each nested attribute and inside a flow's match: EINVAL
#   4. VXSW_A_FLOWS lists of 1 to 16,378 empty entries: EINVAL
#   5. zero-length attributes (nla_len 4, and 0) of every type in every position: an error
#   6. 10,000 garbage datagrams back to back: 10,000 errors
source "$(dirname "$0")/lib.sh"
lib_init
require_vxswd

add_ns h1
for i in ul0 ac0; do
	on h1 ip link add "$i" type veth peer name "${i}x"
	on h1 ip link set "$i" up
	on h1 ip link set "${i}x" up
done
kernel_vtep h1 1
vxsw_start h1 ul0 ac0 <<<"underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500"
vxswd_start h1

# connects: how many times vxswd connected to the dataplane.
connects() { dctl h1 -j daemon show | jq -r '.stats.dataplane_connects'; }
C0=$(connects)
[[ $C0 =~ ^[0-9]+$ ]] || die "no dataplane_connects in vxswd's daemon show: $(dctl h1 -j daemon show)"

n=0
for c in oversized past_end deep flows zero_len burst; do
	n=$((n + 1))
	log "$n. $c"
	for who in vxsw-dpdk vxswd; do
		sock=$(vxsw_sock h1)
		[[ $who == vxswd ]] && sock=$STATE/h1-d.sock
		check "$who: every datagram answered with an error, then status" \
			eval '$PY "$LIB_DIR/ctlgarbage.py" "$sock" $c >"$STATE/$c-$who.json"'
		log "   $who: $(cat "$STATE/$c-$who.json")"
	done
	check "vxsw-dpdk still running" vxsw_alive h1
	check "vxswd still running" kill -0 "$(cat "$STATE/h1-vxswd.pid")"
	check "vxswd kept its dataplane connection" test "$(connects)" = "$C0"
done

test_end
