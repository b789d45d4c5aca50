#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Heavy bad input from a tenant against vxsw-dpdk on h1: tenant t1 misbehaves, tenants a1 and
# a2 share t1's VNI 100 on the same switch (a remote VTEP h2, a kernel vxlan device, is in the
# flood list), and a1 streams sequence-numbered UDP to a2 (1000/s) throughout.
# Cases:
#   1. broadcast storm: trafgen floods broadcast frames from t1 for 3 s; the VNI's flood
#      counter moves by what came in, the stream a1 -> a2 keeps going (loss bound below), h2
#      receives the storm encapsulated (head-end replication), vxsw-dpdk survives
#   2. 1,000,000 random source MACs from t1 (trafgen, drnd()), with "config set port-mac-limit
#      1000": t1's port holds exactly 1000 MACs, the FDB stays far below its fdb-limit, the
#      refusals are counted (learn_refused port_limit + queue_full >= what was not learned),
#      a1's and a2's MACs stay on their ports and the stream loses nothing
#   3. 100,000 more with no port limit and "fdb-limit 2000": exactly 2000 learned entries,
#      table_full refusals, the bystanders' MACs and stream untouched
# The frames of case 2 go to a MAC pinned to t1's own port (dst_is_ingress_port): learning is
# what is under test, not flooding a million frames to the bystanders.
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_cmd trafgen
add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24
add_tenant a1 h1 ac1 10.100.0.11/24
add_tenant a2 h1 ac2 10.100.0.12/24
on h2 ip addr add 192.0.2.2/24 dev ul0
on h2 ip link add vx100 type vxlan id 100 local 192.0.2.2 dstport 4789 nolearning
on h2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.1
on h2 ip link set vx100 up
vxsw_start h1 ul0 ac0 ac1 ac2 <<EOF
underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
port set net_af_packet2 vni 100
port set net_af_packet3 vni 100
flood add vni 100 dst 192.0.2.2
EOF
wait_underlay h1:1
ping_works a1 10.100.0.12 || die "a1 cannot reach a2"
a1_mac=$(on a1 cat /sys/class/net/eth0/address)
a2_mac=$(on a2 cat /sys/class/net/eth0/address)
export UDP_FROM=a1 UDP_TO=a2 UDP_ADDR=10.100.0.12

# on_port MAC PORT: h1's FDB has MAC in VNI 100 on PORT.
on_port() {
	ctl h1 -j fdb show vni 100 2>/dev/null |
		json_ok --arg m "$1" --arg p "$2" 'any(.[]; (.mac | ascii_downcase) == $m and .ifname == $p)'
}
vni_stat() { ctl h1 -j vni show 100 2>/dev/null | jq -r --arg n "$1" '.stats[$n] // 0'; }
port_rx() { ctl h1 -j port show "$1" 2>/dev/null | jq -r '.stats.rx_packets // 0'; }
refused() { ctl h1 -j status 2>/dev/null | jq -r --arg n "$1" '.learn_refused[$n] // 0'; }
h2_rx() { on h2 ip -j -s link show vx100 | jq -r '.[0].stats64.rx.packets'; }

log "1. broadcast storm from t1 for 3 s, a1 -> a2 streaming"
f=$(vni_stat flood) r=$(h2_rx) s0=$(port_rx net_af_packet1)
udp_stream_start 5000
sleep 1
storm t1 3
udp_stream_wait
storm=$(($(port_rx net_af_packet1) - s0)) df=$(($(vni_stat flood) - f)) dr=$(($(h2_rx) - r))
log "   t1's port received $storm frames; VNI 100 flood +$df; h2's vx100 received +$dr"
check "the storm reached the switch (>= 10000 frames)" test "$storm" -ge 10000
check "every frame of it was flooded (VNI flood counter)" test "$df" -ge "$storm"
check "h2 received >= 90% of it, encapsulated" test $((dr * 10)) -ge $((storm * 9))
# The bystanders' stream crosses the switch's one forwarding lcore with the storm.
check "a1 -> a2 reached its end, lost <= 1% ($(jq -r .lost "$STATE/udp.json"))" \
	eval 'jq -e ".last == 4999 and .lost <= 50" "$STATE/udp.json" >/dev/null'
check "vxsw-dpdk still running" vxsw_alive h1

log "2. 1,000,000 random source MACs from t1, port-mac-limit 1000"
ctl h1 config set port-mac-limit 1000 fdb-limit 4096 >/dev/null || die "config set refused"
ctl h1 fdb add 02:00:00:00:01:ff vni 100 port net_af_packet1 >/dev/null || die "fdb add refused"
ctl h1 fdb flush vni 100 >/dev/null # t1's MAC from the storm: the count below starts at 0
ping_works a1 10.100.0.12 || die "a1 lost a2 after the flush"
rp=$(refused port_limit) rq=$(refused queue_full) rx0=$(port_rx net_af_packet1)
udp_stream_start 8000
t0=$(date +%s%3N)
random_macs t1 1000000 macs.log
t1_ms=$(($(date +%s%3N) - t0))
udp_stream_wait
rx=$(($(port_rx net_af_packet1) - rx0))
n_t1=$(ctl h1 -j fdb show vni 100 | jq '[.[] | select(.ifname == "net_af_packet1" and .state != "static")] | length')
n_all=$(ctl h1 -j fdb show | jq length)
dp=$(($(refused port_limit) - rp)) dq=$(($(refused queue_full) - rq))
log "   1M frames sent in $t1_ms ms, $rx reached the switch; FDB: $n_t1 on t1's port, $n_all in all;"
log "   learn_refused: port_limit +$dp, queue_full +$dq"
check "t1's port holds exactly its limit (1000)" test "$n_t1" -eq 1000
check "the FDB stays within its limit (4096)" test "$n_all" -le 4096
# Each frame has a new source (two of 1M random 40-bit MACs are alike with p ~ 0.4, but one
# alike a learned MAC with p ~ 0.0005): one learn request each, learned or refused.
check "every MAC not learned was counted: port_limit + queue_full = $((rx - 1000))" \
	test $((dp + dq)) -eq $((rx - 1000))
check "a1's MAC still on its port" on_port "$a1_mac" net_af_packet2
check "a2's MAC still on its port" on_port "$a2_mac" net_af_packet3
check "a1 -> a2 lost nothing" eval 'jq -e ".lost == 0" "$STATE/udp.json" >/dev/null'
check "vxsw-dpdk still running" vxsw_alive h1

log "3. 100,000 more, no port limit, the table limit (fdb-limit) at 2000"
ctl h1 config set port-mac-limit 0 fdb-limit 2000 >/dev/null || die "config set refused"
rt=$(refused table_full)
udp_stream_start 3000
random_macs t1 100000 macs2.log
udp_stream_wait
n_learned=$(ctl h1 -j fdb show | jq '[.[] | select(.state != "static")] | length')
log "   FDB: $n_learned learned; learn_refused: table_full +$(($(refused table_full) - rt))"
check "the learned entries stop at fdb-limit (2000)" test "$n_learned" -eq 2000
check "the refusals are counted (table_full)" eval '(($(refused table_full) > rt))'
check "a1's and a2's MACs still on their ports" \
	eval 'on_port "$a1_mac" net_af_packet2 && on_port "$a2_mac" net_af_packet3'
check "a1 -> a2 lost nothing" eval 'jq -e ".lost == 0" "$STATE/udp.json" >/dev/null'
check "vxsw-dpdk still running" vxsw_alive h1

test_end
