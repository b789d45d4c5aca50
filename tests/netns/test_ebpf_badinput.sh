#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Heavy bad input from a tenant against the eBPF fast path (vxswd -b ebpf on h1's kernel bridge
# br100 + vxlan vx100; h2 a plain kernel VTEP): tenant t1 misbehaves, tenants a1 and a2 share
# its bridge, and a1 streams sequence-numbered UDP to a2 (1000/s, through the fast path)
# throughout. vxswd's FDB map is at its smallest (1024 entries).
# Cases:
#   1. broadcast storm: trafgen floods broadcast frames from t1 for 3 s; the fast path passes
#      every one to the kernel (bum), whose bridge floods it (h2 receives it encapsulated); the
#      stream a1 -> a2 keeps going (loss bound below); vxswd survives
#   2. 1,000,000 random source MACs from t1 (trafgen, drnd()): each passed to the kernel
#      (learn); the kernel's bridge stops learning at its own limit (fdb_max_learned 3000, set
#      with br_fdb_limit.py), the FDB map stays within its 1024 entries, vxswd counts what the
#      map refused (dataplane_errors), a1's and a2's MACs stay in the map on their ports and the
#      stream a1 -> a2 loses nothing and stays on the fast path
source "$(dirname "$0")/lib.sh"
lib_init
require_cmd trafgen bridge bpftool
require_ebpf

add_ns h1 h2
add_link h1 ul0 h2 ul0
on h1 ip addr add 192.0.2.1/24 dev ul0
on h2 ip addr add 192.0.2.2/24 dev ul0
on h1 ip link add br100 type bridge
# The kernel's own bound on what a tenant can make its bridge learn (Linux 6.8).
on h1 $PY "$LIB_DIR/br_fdb_limit.py" set br100 3000 ||
	log_skip "this kernel has no bridge fdb_max_learned"
on h1 ip link add vx100 type vxlan id 100 local 192.0.2.1 dstport 4789
on h1 ip link set vx100 master br100
add_tenant t1 h1 ac0 10.100.0.1/24
add_tenant a1 h1 ac1 10.100.0.11/24
add_tenant a2 h1 ac2 10.100.0.12/24
for p in ac0 ac1 ac2; do
	on h1 ip link set $p master br100
done
on h1 ip link set br100 up
on h1 ip link set vx100 up
on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.2
on h2 ip link add vx100 type vxlan id 100 local 192.0.2.2 dstport 4789 nolearning
on h2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.1
on h2 ip link set vx100 up
cat >"$STATE/h1-vxswd.conf" <<EOF
[ebpf]
fdb = 1024
EOF
vxswd_start h1 -b ebpf -p "$BPFFS/h1" -c "$STATE/h1-vxswd.conf"

ping_works a1 10.100.0.12 || die "a1 cannot reach a2"
a1_mac=$(on a1 cat /sys/class/net/eth0/address)
a2_mac=$(on a2 cat /sys/class/net/eth0/address)
export UDP_FROM=a1 UDP_TO=a2 UDP_ADDR=10.100.0.12

stats() { dctl h1 -j stats show 2>/dev/null; }
passed() { stats | jq -r --arg n "$1" '.passed[$n] // 0'; }
local_pkts() { stats | jq -r '.totals.local // 0'; }
dp_errors() { dctl h1 -j daemon show 2>/dev/null | jq -r '.stats.dataplane_errors // 0'; }
rx_of() { on "$1" ip -j -s link show "$2" | jq -r '.[0].stats64.rx.packets'; }
map_size() { bpftool -j map dump pinned "$BPFFS/h1/vxsw_fdb" | jq length; }
# in_map MAC PORT: the fast path's FDB map (as vxswd reports it) has MAC on PORT.
in_map() {
	dctl h1 -j fdb show 2>/dev/null |
		json_ok --arg m "$1" --arg p "$2" 'any(.[]; (.mac | ascii_downcase) == $m and .ifname == $p)'
}
busywait 5000 eval "in_map $a1_mac ac1 && in_map $a2_mac ac2" || die "a1, a2 not in the map"
vxswd_alive() { kill -0 "$(cat "$STATE/h1-vxswd.pid")"; }

log "1. broadcast storm from t1 for 3 s, a1 -> a2 streaming"
b=$(passed bum) s0=$(rx_of h1 ac0) r=$(rx_of h2 vx100)
udp_stream_start 5000
sleep 1
storm t1 3
udp_stream_wait
storm=$(($(rx_of h1 ac0) - s0)) db=$(($(passed bum) - b)) dr=$(($(rx_of h2 vx100) - r))
log "   h1's ac0 received $storm frames; passed bum +$db; h2's vx100 received +$dr"
check "the storm reached h1 (>= 10000 frames)" test "$storm" -ge 10000
check "the fast path passed every frame of it to the kernel (bum)" test "$db" -ge "$storm"
check "the kernel's bridge flooded it: h2 received >= 90%" test $((dr * 10)) -ge $((storm * 9))
check "a1 -> a2 reached its end, lost <= 1% ($(jq -r .lost "$STATE/udp.json"))" \
	eval 'jq -e ".last == 4999 and .lost <= 50" "$STATE/udp.json" >/dev/null'
check "vxswd still running" vxswd_alive

log "2. 1,000,000 random source MACs from t1"
on h1 bridge fdb add 02:00:00:00:01:ff dev ac0 master static
l=$(passed learn) e=$(dp_errors) lp=$(local_pkts) s0=$(rx_of h1 ac0)
udp_stream_start 8000
t0=$(date +%s%3N)
# To a MAC on t1's own port (the bridge drops it there: learning is under test, not flooding).
random_macs t1 1000000 macs.log
t1_ms=$(($(date +%s%3N) - t0))
udp_stream_wait
read -r n_learned max_learned < <(on h1 $PY "$LIB_DIR/br_fdb_limit.py" get br100)
n_map=$(map_size)
# vxswd may still be working through the kernel's events.
busywait 5000 eval '(($(dp_errors) - e >= n_learned - n_map))'
n_map=$(map_size)
log "   1M frames sent in $t1_ms ms; passed learn +$(($(passed learn) - l)); bridge: $n_learned learned"
log "   (limit $max_learned); map: $n_map entries; vxswd dataplane_errors +$(($(dp_errors) - e))"
check "the kernel's bridge stopped learning at its limit" test "$n_learned" -le 3000
rx=$(($(rx_of h1 ac0) - s0))
check "the fast path passed each of the $rx frames to the kernel (learn)" \
	eval '(($(passed learn) - l == rx))'
check "the FDB map stays within its 1024 entries" test "$n_map" -le 1024
# Every MAC the bridge learned beyond what the map holds was refused once at least.
check "vxswd counted what the map refused (dataplane_errors >= $((n_learned - n_map)))" \
	eval '(($(dp_errors) - e >= n_learned - n_map))'
check "a1's and a2's MACs still in the map on their ports" \
	eval "in_map $a1_mac ac1 && in_map $a2_mac ac2"
check "a1 -> a2 lost nothing" eval 'jq -e ".lost == 0" "$STATE/udp.json" >/dev/null'
check "and went through the fast path (local +$(($(local_pkts) - lp)) >= 7000)" \
	eval '(($(local_pkts) - lp >= 7000))'
check "vxswd still running" vxswd_alive

test_end
