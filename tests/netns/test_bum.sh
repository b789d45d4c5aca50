#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Three vxsw-dpdk hosts on one underlay segment (a bridge in namespace "net"), one tenant each,
# all in VNI 100, every host flooding to the other two (head-end replication).
# Cases:
#   1. 5 broadcast frames from t1 reach t2 and t3 exactly 5 times each, and never come back to
#      t1 (no VTEP floods to another VTEP: split horizon)
#   2. the same for an unknown unicast destination
#   3. after learning, unicast t1 -> t3 works and t2 sees none of it
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_cmd tcpdump
require_scapy

add_ns net h1 h2 h3
on net ip link add br0 type bridge
on net ip link set br0 up
for h in 1 2 3; do
	add_link net p$h h$h ul0
	on net ip link set p$h master br0
	add_tenant t$h h$h ac0 10.100.0.$h/24
	others=$(for o in 1 2 3; do ((o != h)) && echo "flood add vni 100 dst 192.0.2.$o"; done)
	vxsw_start h$h ul0 ac0 <<EOF
underlay set port net_af_packet0 local 192.0.2.$h/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
$others
EOF
done

wait_underlay h1:2 h2:2 h3:2

# send_frames DST_MAC: 5 frames of a local experimental ethertype from t1 (with t1's own source
# MAC: scapy would otherwise send 00:00:00:00:00:00, which a switch must not learn or forward).
send_frames() {
	on t1 $PY -c "
from scapy.all import Ether, Raw, sendp
sendp(Ether(src='$(on t1 cat /sys/class/net/eth0/address)', dst='$1', type=0x88b5) / Raw(b'vxsw-bum-test' * 4), iface='eth0', count=5,
      inter=0.05, verbose=False)"
}

# flood_case CASE DST_MAC: t2 and t3 receive each of t1's 5 frames exactly once, t1 none.
flood_case() {
	local c=$1 t n1 n2 n3
	for t in t1 t2 t3; do
		capture_start $c-$t $t eth0 ether proto 0x88b5
	done
	send_frames "$2"
	busywait 5000 eval '(($(capture_count $c-t2) >= 5 && $(capture_count $c-t3) >= 5))'
	sleep 0.5 # duplicates would arrive right behind the originals
	for t in t1 t2 t3; do
		capture_stop $c-$t
	done
	n1=$(capture_count $c-t1) n2=$(capture_count $c-t2) n3=$(capture_count $c-t3)
	check "t2 got 5 ($n2)" test "$n2" -eq 5
	check "t3 got 5 ($n3)" test "$n3" -eq 5
	check "t1 got none back ($n1)" test "$n1" -eq 0
}

log "case 1: broadcast from t1 reaches t2 and t3 once each"
flood_before=$(counter h1 flood)
flood_case bcast ff:ff:ff:ff:ff:ff
check "h1 flood counter moved" counter_moved h1 flood "$flood_before"

log "case 2: unknown unicast from t1 reaches t2 and t3 once each"
flood_case unknown 02:00:00:00:99:99

log "case 3: learned unicast t1 -> t3 is not flooded to t2"
check "t1 -> t3 ping" ping_works t1 10.100.0.3
capture_start uni-t2 t2 eth0 icmp
check "t1 -> t3 ping again" ping_ok t1 10.100.0.3
n=$(capture_count uni-t2)
check "t2 saw no ICMP ($n)" test "$n" -eq 0
check "vxsw-dpdk still running on all hosts" eval 'vxsw_alive h1 && vxsw_alive h2 && vxsw_alive h3'

test_end
