#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Faults under traffic. h1 runs vxsw-dpdk driven by vxswd from its kernel (kernel_vtep); h2 is a
# plain kernel VTEP in another subnet, reached through router r1 (r2 is a second, working path).
# Each fault runs under a sequence-numbered UDP stream t1 -> t2 on VNI 100 and prints what it
# cost (lost, longest gap, how long the fault took); afterwards h1's dataplane, asked directly,
# must hold exactly what h1's kernel says (same_state: VNIs, port bindings, flood lists, MACs).
# Cases:
#   1. vxswd kill -9, a kernel change while it is away, restart: 0 lost
#   2. vxsw-dpdk stopped and started again: vxswd reconnects and replays by itself; the loss is
#      bounded by the time the dataplane was away, and the traffic comes back
#   3. the representor rp1 down/up (it carries no traffic: 0 lost); the access port's veth ac0
#      and the underlay veth ul0 down for 1 s each (about 1 s lost, up to 3 s more on ac0 (see
#      there), then traffic again)
#   4. netlink overrun: vxswd with a 64 KiB receive buffer, 10,000 FDB additions in one burst
#      (and removals of the burst's first entries at its end), vxswd stopped for the first 2000:
#      it counts the overrun, re-dumps while the burst goes on, and the dataplane holds the
#      kernel's 9,950 entries exactly; 0 lost
#   5. the underlay gateway moves from r1 to r2 (vxswctl underlay set gateway): vtep show has
#      the new next hop, r2 carries the traffic; then a gateway nobody answers for 1 s, and r1
#      again
#   6. 1,000 VNIs (vxlan devices) added and removed while the stream runs on VNI 100: 0 lost,
#      and the dataplane ends with exactly the kernel's VNIs
source "$(dirname "$0")/lib.sh"
lib_init
require_vxswd
require_cmd bridge

T2_MAC=02:00:00:00:10:02
T1_MAC=02:00:00:00:10:01

# ---- topology: segment A (192.0.2.0/24: h1, r1, r2), segment B (198.51.100.0/24: h2, r1, r2)
add_ns net r1 r2 h1 h2
for b in bra brb; do
	on net ip link add $b type bridge
	on net ip link set $b up
done
seg() { # NET_IF NS NS_IF BRIDGE
	add_link net "$1" "$2" "$3"
	on net ip link set "$1" master "$4"
}
seg pa1 h1 ul0 bra
seg pb2 h2 ul0 brb
for r in 1 2; do
	seg par$r r$r a0 bra
	seg pbr$r r$r b0 brb
	on r$r ip addr add 192.0.2.$((255 - r))/24 dev a0
	on r$r ip addr add 198.51.100.$((255 - r))/24 dev b0
	on r$r sysctl -qw net.ipv4.ip_forward=1
done

# h2: a Linux VTEP (kernel learning on) with tenant t2, its route to 192.0.2.0/24 through r1.
add_tenant t2 h2 ac0 10.100.0.2/24 $T2_MAC
on h2 ip addr add 198.51.100.2/24 dev ul0
on h2 ip route add default via 198.51.100.254
on h2 ip link add br100 type bridge
on h2 ip link add vx100 type vxlan id 100 local 198.51.100.2 dstport 4789
on h2 ip link set vx100 master br100
on h2 ip link set ac0 master br100
on h2 ip link set br100 up
on h2 ip link set vx100 up
on h2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.1

# h1: vxsw-dpdk (ul0 = net_af_packet0, ac0 = net_af_packet1) and vxswd; the overlay is in h1's
# kernel: a flood entry and a static entry for t2, both behind h2.
add_tenant t1 h1 ac0 10.100.0.1/24 02:00:00:00:10:01
kernel_vtep h1 1
H1_CONF="underlay set port net_af_packet0 local 192.0.2.1/24 gateway 192.0.2.254 mtu 1500"
vxsw_start h1 ul0 ac0 <<<"$H1_CONF"
vxswd_start h1
on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 198.51.100.2
on h1 bridge fdb add $T2_MAC dev vx100 dst 198.51.100.2 self static

# ---- the kernel's overlay and the dataplane's, as comparable lines ----

# kernel_state HOST: the overlay HOST's kernel defines (vxswd.8, "THE OVERLAY IN THE KERNEL"),
# one sorted line per object: "vni N", "port PORT vni N" (0: unbound), "flood VNI DST",
# "fdb VNI MAC dst DST static|extern", "fdb VNI MAC port PORT static", and "learned VNI MAC
# port PORT" for vxswd's write-backs. Of several entries for one MAC in one VNI the one vxswd
# pushes wins: a write-back (nothing pinned), a static local, a static remote, an extern_learn
# or dynamic remote; the lowest address among equals.
kernel_state() {
	on "$1" ip -d -j link show >"$STATE/$1.links.json" || return 1
	on "$1" bridge -j fdb show >"$STATE/$1.fdb.json" || return 1
	jq -rn --slurpfile links "$STATE/$1.links.json" --slurpfile fdb "$STATE/$1.fdb.json" '
	$links[0] as $links | $fdb[0] as $fdb
	| ($links | map(select(.linkinfo.info_kind == "vxlan" and (.flags | index("UP"))
		and (.linkinfo.info_data.external | not)))) as $vx
	| ($vx | map({key: .ifname, value: .linkinfo.info_data.id}) | from_entries) as $vni_of
	| ($links | map(select((.ifalias // "") | startswith("vxsw:")) | {key: .ifname, value: {
		port: .ifalias[5:],
		vni: ([$vx[] as $v | select(.master != null and $v.master == .master) | $v.linkinfo.info_data.id]
		      | min // 0)}}) | from_entries) as $rep
	| def ext: (.flags // []) | index("extern_learn");
	  ([$vni_of[] | "vni \(.)"] | unique[]),
	  ($rep[] | "port \(.port) vni \(.vni)"),
	  ([$fdb[] | select($vni_of[.ifname] and .mac == "00:00:00:00:00:00" and .dst)
	    | "flood \($vni_of[.ifname]) \(.dst)"] | unique[]),
	  ([($fdb[] | select($vni_of[.ifname] and .mac != "00:00:00:00:00:00" and .dst
			and ((.flags // []) | index("self")) and (.vni == null or .vni == $vni_of[.ifname]))
	     | {vni: $vni_of[.ifname], mac, rank: (if ext or (.state | IN("static", "permanent") | not)
		then 3 else 2 end), at: .dst,
		line: "fdb \($vni_of[.ifname]) \(.mac) dst \(.dst) \(if ext or (.state | IN("static", "permanent") | not) then "extern" else "static" end)"}),
	    ($fdb[] | select($rep[.ifname].vni > 0 and .master and (ext or .state == "static"))
	     | $rep[.ifname] as $r
	     | if ext then {vni: $r.vni, mac, rank: 0, at: "", line: "learned \($r.vni) \(.mac) port \($r.port)"}
	       else {vni: $r.vni, mac, rank: 1, at: "", line: "fdb \($r.vni) \(.mac) port \($r.port) static"} end)]
	   | group_by([.vni, .mac])[] | sort_by([.rank, .at])[0]
	   | select(.rank > 0 or true) | .line)' | sort
}

# dp_state HOST: the same lines from what HOST's vxsw-dpdk holds (asked directly, not through
# vxswd), for the ports a representor stands for (REPS: their names, one a line). Entries the
# dataplane learned from remote VTEPs are not mirrored, so not listed.
dp_state() {
	local h=$1 reps=$2
	{
		ctl "$h" -j vni show | jq -r '.[] | "vni \(.vni)"'
		ctl "$h" -j port show | jq -r --arg reps "$reps" \
			'.[] | select(.ifname | IN($reps | split("\n")[])) | "port \(.ifname) vni \(.vni // 0)"'
		ctl "$h" -j flood show | jq -r '.[] | "flood \(.vni) \(.dst)"'
		ctl "$h" -j fdb show | jq -r --arg reps "$reps" '.[]
			| (if .state == "static" then "static" elif ((.flags // []) | index("extern_learn"))
			   then "extern" else "learned" end) as $k
			| if .dst and $k != "learned" then "fdb \(.vni) \(.mac) dst \(.dst) \($k)"
			  elif .dst then empty
			  elif $k == "learned" then (select(.ifname | IN($reps | split("\n")[]))
				| "learned \(.vni) \(.mac) port \(.ifname)")
			  else "fdb \(.vni) \(.mac) port \(.ifname) \($k)" end'
	} | sort
}

# same_state HOST: HOST's dataplane holds exactly the overlay its kernel defines; the two lists
# and their difference are left in $STATE/HOST.{kernel,dp,diff}.
same_state() {
	local h=$1 reps
	kernel_state "$h" >"$STATE/$h.kernel" || return 1
	reps=$(awk '$1 == "port" { print $2 }' "$STATE/$h.kernel")
	dp_state "$h" "$reps" >"$STATE/$h.dp" || return 1
	[[ -s $STATE/$h.kernel ]] && diff "$STATE/$h.kernel" "$STATE/$h.dp" >"$STATE/$h.diff"
}

# state_ok HOST: same_state within 10 s; logs a summary, or the difference ("<" kernel only,
# ">" dataplane only).
state_ok() {
	local h=$1
	if busywait 10000 same_state "$h"; then
		log "   state: $(awk '{ n[$1]++ } END { printf "%d VNIs, %d ports, %d flood, %d MACs, %d learned", n["vni"], n["port"], n["flood"], n["fdb"], n["learned"] }' "$STATE/$h.kernel")"
		return 0
	fi
	log "   dataplane != kernel ($(grep -c '^[<>]' "$STATE/$h.diff") lines differ):"
	grep '^[<>]' "$STATE/$h.diff" | head -n 20 | sed 's/^/     /' >&2
	return 1
}

# ---- faults under a stream ----

# The faults that last as long as vxswd's work on them (4, 6) take 2-4 s alone, up to 3.9 s
# seen with another test beside them under ASan (CI runs two at a time), 4 s and more under
# valgrind (scripts/valgrind-vxswd): their streams last 8 s, 15 under valgrind.
SLOW_STREAM=8000
[[ -n $VXSWD_WRAPPER ]] && SLOW_STREAM=15000

# fault_begin N WHAT [COUNT [IDLE_S]]: start a stream of COUNT datagrams (default 3000, one per
# ms; the receiver waits IDLE_S for the next, default 3), let it run a moment, and start the
# clock of fault N.
fault_begin() {
	FAULT_N=$1 FAULT_WHAT=$2
	udp_stream_start "${3:-3000}" "${4:-3}"
	sleep 0.3 # traffic flowing before the fault, not a wait for a condition
	FAULT_T0=$(date +%s%3N)
}

# fault_end: the fault is over (recovered): stop its clock. The figures only describe the fault if
# the stream was still running then.
fault_end() {
	FAULT_MS=$(($(date +%s%3N) - FAULT_T0))
	kill -0 "$UDP_SENDER" 2>/dev/null
	FAULT_COVERED=$?
}

# fault_report MAX_LOST [MAX_GAP_MS]: wait for the stream; log lost, longest gap and the fault's
# duration; check that the stream covered the fault, lost at most MAX_LOST (and had no silence
# longer than MAX_GAP_MS), and reached its end.
fault_report() {
	local max=$1 max_gap=${2:-} lost gap last count
	udp_stream_wait
	lost=$(jq -r .lost "$STATE/udp.json")
	gap=$(jq -r .longest_gap_ms "$STATE/udp.json")
	last=$(jq -r .last "$STATE/udp.json")
	count=$(jq -r .sent "$STATE/udp.json")
	log "   fault $FAULT_N ($FAULT_WHAT): lost $lost, longest gap $gap ms, fault took $FAULT_MS ms"
	check "the stream outlasted the fault" test "$FAULT_COVERED" -eq 0
	# Under valgrind (scripts/valgrind-vxswd) vxswd runs 20-50 times slower and takes one of
	# the two CPUs from the stream and the dataplane (4 lost, a 330 ms gap, in case 6): the
	# bounds are for vxswd at full speed, and that run is about memory.
	if [[ -n $VXSWD_WRAPPER ]]; then
		log "   (loss bounds not checked: vxswd runs under ${VXSWD_WRAPPER%% *})"
	else
		check "lost $lost <= $max" test "${lost:-999999}" -le "$max"
		[[ -n $max_gap ]] && check "longest gap $gap ms <= $max_gap ms" \
			test "${gap%.*}" -le "$max_gap"
	fi
	check "traffic flowed to the end of the stream" test "${last:--1}" -ge $((count - 5))
}

log "0. setup"
wait_underlay h1:1
check "t1 -> t2 ping across r1" ping_works t1 10.100.0.2
check "dataplane == kernel" state_ok h1

log "1. vxswd kill -9 and restart"
fault_begin 1 "vxswd kill -9"
vxswd_kill h1
# While vxswd is away the kernel changes: one entry added, the flood list gets a member.
on h1 bridge fdb add 02:00:00:00:99:01 dev vx100 dst 198.51.100.2 self static
on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 198.51.100.9
vxswd_start h1
fault_end
fault_report 0
check "dataplane == kernel" state_ok h1
check "the change made while vxswd was away is there" dp_has h1 \
	'any(.[]; .mac == "02:00:00:00:99:01")'

log "2. vxsw-dpdk restart"
# A port's source check set through vxswd must come back with the dataplane: vxswd keeps it.
dctl h1 port security net_af_packet1 allow "$T1_MAC"
epoch=$(dctl h1 -j daemon show | jq -r .epoch)
fault_begin 2 "vxsw-dpdk restart" 5000
kill_pid "$(cat "$STATE/h1.pid")"
vxsw_start h1 ul0 ac0 <<<"$H1_CONF"
check "vxswd re-synced by itself (epoch $epoch -> $((epoch + 1)))" busywait 10000 eval \
	'dctl h1 -j daemon show | json_ok --argjson e "$epoch" ".connected and .epoch == \$e + 1"'
busywait 5000 vteps_resolved h1 1
fault_end
check "the dataplane was back and synced within 5 s ($FAULT_MS ms)" test "$FAULT_MS" -le 5000
# What the dataplane was away for, plus what ARP and the first frames need.
fault_report $((FAULT_MS + 500))
check "dataplane == kernel" state_ok h1
check "the port's source check is back (vxswd restored it)" eval \
	"ctl h1 -j port show net_af_packet1 | json_ok '.security and .allowed[0].mac == \"$T1_MAC\"'"
dctl h1 port security net_af_packet1 off

log "3. port down/up"
fault_begin 3a "representor rp1 down 1 s"
on h1 ip link set rp1 down
sleep 1 # the fault's length
on h1 ip link set rp1 up
fault_end
fault_report 0
check "dataplane == kernel" state_ok h1
# About 1 s lost each on ul0; on ac0 2-4 s of silence. t1 keeps what it sends while it resolves
# 10.100.0.2 again (the kernel flushed the entry with the carrier), so fewer are lost than the
# silence lasts. On ac0 the first frame vxsw sends after the link is back (the ARP reply for t1)
# stays in net_af_packet's TX ring: the packet socket still holds the ENETDOWN of the link going
# down, the first send after it fails, and the frame leaves only with the next frame for ac0,
# the reply to t1's ARP retry a second later; an ARP request t1 sent before the socket was back
# costs another second.
fault_begin 3b "access port ac0 down 1 s" 7000 6
on h1 ip link set ac0 down
sleep 1 # the fault's length
on h1 ip link set ac0 up
fault_end
fault_report 4500 4500
check "dataplane == kernel" state_ok h1
fault_begin 3c "underlay port ul0 down 1 s"
on h1 ip link set ul0 down
sleep 1 # the fault's length
on h1 ip link set ul0 up
fault_end
fault_report 1300 1500
check "dataplane == kernel" state_ok h1

log "4. netlink overrun: 10,000 FDB additions in one burst"
vxswd_kill h1
printf '[netlink]\nrcvbuf = 65536\n' >"$STATE/h1-vxswd.conf"
vxswd_start h1 -c "$STATE/h1-vxswd.conf"
{
	for ((i = 0; i < 10000; i++)); do
		printf 'fdb add 02:40:00:00:%02x:%02x dev vx100 dst 198.51.100.2 self static\n' \
			$((i / 256)) $((i % 256))
	done
	# The first additions are the events most likely still queued when the buffer overran;
	# their removals, at the end, among the events lost.
	for ((i = 0; i < 50; i++)); do
		printf 'fdb del 02:40:00:00:00:%02x dev vx100 dst 198.51.100.2 self\n' $i
	done
} >"$STATE/burst.batch"
# burst_at_least N: the kernel holds N entries of the burst.
burst_at_least() { (($(on h1 bridge fdb show dev vx100 | grep -c '^02:40:') >= $1)); }
fault_begin 4 "10,000 FDB additions, 64 KiB netlink buffer" "$SLOW_STREAM"
# vxswd is stopped for the burst's first 2000 changes, as a busy or descheduled daemon would be:
# whether it keeps up with 64 KiB is otherwise up to the scheduler, and this makes the overrun
# certain. The other 8000 arrive while it re-dumps.
kill -STOP "$(cat "$STATE/h1-vxswd.pid")"
on h1 bridge -batch "$STATE/burst.batch" &
burst=$!
busywait 10000 burst_at_least 2000
kill -CONT "$(cat "$STATE/h1-vxswd.pid")"
check "the burst was applied by the kernel" wait "$burst"
check "vxswd counted the overrun" busywait 5000 eval \
	'dctl h1 -j daemon show | json_ok ".stats.netlink_overruns >= 1"'
check "dataplane == kernel" state_ok h1
fault_end
fault_report 0
check "the dataplane holds the 9950 MACs left of the burst" test \
	"$(grep -c '^fdb 100 02:40:00:00:' "$STATE/h1.dp")" -eq 9950

log "5. underlay route change"
fault_begin 5a "gateway r1 -> r2"
r2_rx=$(on r2 cat /sys/class/net/a0/statistics/rx_packets)
dctl h1 underlay set gateway 192.0.2.253 >/dev/null
check "vtep show: next hop 192.0.2.253, resolved" busywait 3000 eval \
	'ctl h1 -j vtep show | json_ok "any(.[]; .dst == \"198.51.100.2\" and .nexthop == \"192.0.2.253\" and .resolved)"'
fault_end
# Only the ARP exchange with r2: the first request goes out at once.
fault_report 20
check "r2 carried the stream" test $(($(on r2 cat /sys/class/net/a0/statistics/rx_packets) - r2_rx)) \
	-ge 2000
check "dataplane == kernel" state_ok h1
# vxswctl has no way to remove the gateway; pointing it at an address nobody answers for 1 s
# takes the route away as surely, and putting r1 back must bring the traffic back.
unres=$(counter h1 underlay_neigh_unresolved)
fault_begin 5b "gateway to a dead address 1 s, then back to r1"
dctl h1 underlay set gateway 192.0.2.250 >/dev/null
sleep 1 # the fault's length
dctl h1 underlay set gateway 192.0.2.254 >/dev/null
busywait 3000 vteps_resolved h1 1
fault_end
fault_report 1300 1500
check "the frames meanwhile were dropped as neigh_unresolved" counter_moved h1 underlay_neigh_unresolved \
	$((unres + 500))
check "vtep show: next hop 192.0.2.254 again" eval \
	'ctl h1 -j vtep show | json_ok "any(.[]; .nexthop == \"192.0.2.254\" and .resolved)"'
check "dataplane == kernel" state_ok h1

log "6. 1,000 VNIs added and removed under traffic on VNI 100"
awk 'BEGIN { for (v = 1000; v < 2000; v++)
	printf "link add vx%d group 7 type vxlan id %d local 192.0.2.1 dstport 4789 nolearning\n", v, v
	print "link set group 7 up" }' >"$STATE/vnis.batch"
fault_begin 6 "1,000 VNIs added and removed" "$SLOW_STREAM"
on h1 ip -batch "$STATE/vnis.batch"
vnis_are() { ctl h1 -j vni show | json_ok --argjson n "$1" 'length == $n'; }
check "the dataplane has 1001 VNIs" busywait 10000 vnis_are 1001
check "dataplane == kernel (1001 VNIs)" state_ok h1
on h1 ip link del group 7
check "dataplane == kernel (VNI 100 only)" state_ok h1
fault_end
fault_report 0
check "vxswd refused nothing" eval 'dctl h1 -j daemon show | json_ok ".stats.mirror_refused == 0"'
check "vxsw-dpdk still running" vxsw_alive h1

test_end
