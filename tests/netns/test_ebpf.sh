#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The eBPF fast path (vxswd -b ebpf): TC programs on the kernel's own bridge ports and underlay
# forward known unicast; the kernel's bridge + vxlan stay the slow path and learn. Hosts h1 and
# h2 run it; h3 is a plain kernel VTEP; h4 runs vxsw-dpdk with vxswd (when DPDK is built). One
# tenant per host on VNI 100, all VTEPs on one underlay bridge. Kernel learning fills the FDB:
# no MAC is configured by hand.
# Cases:
#   1. ping between the two eBPF hosts, and the fast-path counters show the traffic took it:
#      encapsulated on one side, decapsulated on the other; "stats clear" zeroes them
#   2. iperf3 TCP (offloads on: GSO and partial checksums) through the fast path; and between
#      two tenants of one host, port to port
#   3. interop with the plain kernel VTEP, both ways, encap through the fast path
#   4. interop with vxsw-dpdk, both ways
#   5. a MAC the kernel forgets leaves the maps, and comes back with the next frame
#   6. vxswd kill -9 and restart under a sequence-numbered UDP stream: 0 packets lost, and
#      the pinned maps and counters are adopted
#   7. the underlays' MTU lowered below a frame the fast path carried: the next such frames
#      go to the kernel (which fragments the outer packet), counted as encap_mtu_exceeded;
#      the programs keep the MTU they found, so this holds only if vxswd empties their caches
#   8. "vxswd --cleanup" removes the programs and the maps; the kernel path carries on alone
source "$(dirname "$0")/lib.sh"
lib_init
require_cmd bridge tc iperf3
require_ebpf

# flood HOST OTHERS...: HOST's flood list.
flood() {
	local h=$1 o
	shift
	for o in "$@"; do
		on "$h" bridge fdb append 00:00:00:00:00:00 dev vx100 dst "192.0.2.$o"
	done
}

ebpf_start() {
	vxswd_start "$1" -b ebpf -p "$BPFFS/$1"
}

# stat HOST NAME: a fast-path total (encap, decap, local...) of HOST's vxswd.
stat() {
	dctl "$1" -j stats show 2>/dev/null | jq -r --arg n "$2" '.totals[$n] // 0'
}
# passed HOST REASON: frames HOST's fast path left to the kernel for REASON.
passed() {
	dctl "$1" -j stats show 2>/dev/null | jq -r --arg n "$2" '.passed[$n] // 0'
}
# pings TENANT ADDR: ten echo requests, all answered.
pings() { on "$1" ping -q -n -c 10 -i 0.05 -W 2 "$2" >/dev/null; }
grew() { (($(stat "$1" "$2") >= $3)); }
# took HOST NAME: frames HOST's fast path took as NAME (encap, decap, local) plus those it left
# to the kernel to keep a learned MAC alive there (refresh: one frame per MAC every 10 s, which
# may fall among a case's ten pings, whatever the test's pace).
took() { echo $(($(stat "$1" "$2") + $(passed "$1" refresh))); }
took_grew() { (($(took "$1" "$2") >= $3)); }
grew_passed() { (($(passed "$1" "$2") >= $3)); }
map_has() { dctl "$1" -j fdb show 2>/dev/null | json_ok "$2"; }

add_ns net h1 h2 h3
on net ip link add br0 type bridge
on net ip link set br0 up
for n in 1 2 3; do
	ebpf_host $n
done
# A second tenant on h1, for port-to-port traffic.
add_tenant t5 h1 ac5 10.100.0.5/24 02:00:00:00:10:05
on t5 ethtool -K eth0 tx on >/dev/null 2>&1
on t5 ip link set eth0 mtu 1450
on h1 ip link set ac5 master br100
flood h1 2 3
flood h2 1 3
flood h3 1 2
ebpf_start h1
ebpf_start h2

log "1. ping through the fast path"
check "t1 -> t2 ping" ping_works t1 10.100.0.2
e1=$(took h1 encap)
d2=$(took h2 decap)
check "10 more pings" pings t1 10.100.0.2
check "h1 encapsulated them" busywait 2000 took_grew h1 encap $((e1 + 10))
check "h2 decapsulated them" busywait 2000 took_grew h2 decap $((d2 + 10))
check "h1's map holds t1 on ac0 and t2 behind 192.0.2.2" eval \
	'map_has h1 "any(.[]; .mac == \"02:00:00:00:10:01\" and .ifname == \"ac0\") and
	 any(.[]; .mac == \"02:00:00:00:10:02\" and .dst == \"192.0.2.2\")"'
check "tc shows the program on ac0" eval 'on h1 tc filter show dev ac0 ingress | grep -q vxsw_port_in'
check "and on the underlay" eval 'on h1 tc filter show dev ul0 ingress | grep -q vxsw_underlay'
check "stats clear zeroes the counters" eval 'dctl h1 stats clear && (($(stat h1 encap) == 0))'

log "2. iperf3 TCP through the fast path"
on t2 iperf3 -s -1 -p 5201 >"$STATE/iperf-s.log" 2>&1 &
PID_LIST+=($!)
busywait 3000 eval 'on t2 ss -ltn | grep -q :5201'
e1=$(stat h1 encap)
check "iperf3 t1 -> t2 for 2 s" eval \
	'on t1 iperf3 -c 10.100.0.2 -p 5201 -t 2 -J >"$STATE/iperf.json" 2>&1'
mbps=$(jq -r '.end.sum_received.bits_per_second / 1e6 | floor' "$STATE/iperf.json" 2>/dev/null)
log "   iperf3: ${mbps:-?} Mbit/s; h1 encap $(($(stat h1 encap) - e1)) (GSO frames count once)"
check "TCP got through (> 50 Mbit/s)" test "${mbps:-0}" -gt 50
check "the data went through h1's fast path" grew h1 encap $((e1 + 100))

check "t1 -> t5 ping (same host)" ping_works t1 10.100.0.5
l1=$(took h1 local)
check "10 more pings t1 -> t5" pings t1 10.100.0.5
check "h1 forwarded them port to port" busywait 2000 took_grew h1 local $((l1 + 20))
on t5 iperf3 -s -1 -p 5201 >"$STATE/iperf5-s.log" 2>&1 &
PID_LIST+=($!)
busywait 3000 eval 'on t5 ss -ltn | grep -q :5201'
check "iperf3 t1 -> t5 for 1 s" eval \
	'on t1 iperf3 -c 10.100.0.5 -p 5201 -t 1 -J >"$STATE/iperf5.json" 2>&1'
mbps=$(jq -r '.end.sum_received.bits_per_second / 1e6 | floor' "$STATE/iperf5.json" 2>/dev/null)
log "   iperf3 port to port: ${mbps:-?} Mbit/s"
check "TCP got through port to port (> 50 Mbit/s)" test "${mbps:-0}" -gt 50

log "3. interop with a plain kernel VTEP"
check "t1 -> t3 ping" ping_works t1 10.100.0.3
check "t3 -> t2 ping" ping_works t3 10.100.0.2
e1=$(took h1 encap)
check "10 more pings t1 -> t3" pings t1 10.100.0.3
check "h1 encapsulated them towards the kernel VTEP" busywait 2000 took_grew h1 encap $((e1 + 10))

log "4. interop with vxsw-dpdk"
if [[ -x $VXSW_DPDK ]]; then
	add_ns h4
	add_link net p4 h4 ul0
	on net ip link set p4 master br0
	add_tenant t4 h4 ac0 10.100.0.4/24 02:00:00:00:10:04
	kernel_vtep h4 4
	vxsw_start h4 ul0 ac0 <<<"underlay set port net_af_packet0 local 192.0.2.4/24 mtu 1500"
	vxswd_start h4
	flood h4 1 2
	flood h1 4
	flood h2 4
	check "t1 -> t4 ping" ping_works t1 10.100.0.4
	check "t4 -> t2 ping" ping_works t4 10.100.0.2
	e1=$(took h1 encap)
	check "10 more pings t1 -> t4" pings t1 10.100.0.4
	check "h1 encapsulated them towards vxsw-dpdk" busywait 2000 took_grew h1 encap $((e1 + 10))
else
	log "   (skipped: vxsw-dpdk not built)"
fi

log "5. a MAC the kernel forgets leaves the maps"
on h1 bridge fdb del 02:00:00:00:10:02 dev vx100 self
check "gone from h1's map" busywait 2000 eval \
	'! map_has h1 "any(.[]; .mac == \"02:00:00:00:10:02\")"'
check "t1 -> t2 ping (the kernel learns it again)" ping_works t1 10.100.0.2
check "back in h1's map" busywait 2000 map_has h1 'any(.[]; .mac == "02:00:00:00:10:02")'

log "6. vxswd kill -9 and restart under traffic"
e1=$(stat h1 encap)
udp_stream_start
sleep 0.5
vxswd_kill h1
sleep 0.5
ebpf_start h1
udp_stream_end
check "the counters were adopted, not reset" grew h1 encap $((e1 + 2900))
check "the restarted vxswd holds the same map" busywait 2000 map_has h1 \
	'any(.[]; .mac == "02:00:00:00:10:02" and .dst == "192.0.2.2")'

log "7. the underlay's MTU lowered under traffic"
# 1300 bytes of ICMP payload: a 1342-byte inner frame, a 1378-byte outer IPv4 packet. Without
# DF (-M dont): the kernel's vxlan device fragments the outer packet rather than send t1 an
# ICMP "fragmentation needed", after which t1 would fragment the pings itself.
bigpings() { on t1 ping -q -n -c 5 -i 0.05 -W 2 -M dont -s 1300 10.100.0.2 >/dev/null; }
e1=$(took h1 encap)
check "t1 -> t2 big pings through the fast path" bigpings
check "h1 encapsulated them" took_grew h1 encap $((e1 + 5))
m1=$(passed h1 encap_mtu_exceeded)
on h1 ip link set ul0 mtu 1300
on h2 ip link set ul0 mtu 1300
check "t1 -> t2 big pings, the outer packets fragmented by the kernel" \
	busywait 3000 bigpings
check "h1 left them to the kernel as encap_mtu_exceeded" grew_passed h1 encap_mtu_exceeded \
	$((m1 + 5))
on h1 ip link set ul0 mtu 1500
on h2 ip link set ul0 mtu 1500
e1=$(took h1 encap)
check "the MTU back at 1500: big pings through the fast path again" busywait 3000 bigpings
check "h1 encapsulated them" took_grew h1 encap $((e1 + 5))

log "8. vxswd --cleanup"
vxswd_kill h1
check "cleanup runs" on h1 "$VXSWD" --cleanup -p "$BPFFS/h1"
check "no program left on ac0" eval '! on h1 tc filter show dev ac0 ingress | grep -q vxsw'
check "none on the underlay" eval '! on h1 tc filter show dev ul0 ingress | grep -q vxsw'
check "the pinned maps are gone" test ! -e "$BPFFS/h1"
check "t1 -> t2 ping over the kernel alone" ping_works t1 10.100.0.2

test_end
