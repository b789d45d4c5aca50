#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Malformed VXLAN against the eBPF fast path: scapy on h2 (a plain namespace, 192.0.2.2, in
# h1's flood list for VNI 100) sends to h1 (kernel bridge + vxlan with vxswd -b ebpf), which has
# tenant t1 in VNI 100. The fast path leaves every one of them to the kernel, counted under the
# same name vxsw-dpdk drops it under; the kernel drops them in turn.
# Cases, each 3 frames carrying an ICMP echo for t1: the named "passed" counter moves
#   unknown VNI (999)                   vxlan_unknown_vni
#   I flag clear                        vxlan_i_flag_clear
#   reserved bits set                   vxlan_reserved_bits
#   outer IP fragment (MF; offset > 0)  outer_ip_fragment
#   VXLAN header cut to 4 bytes         vxlan_truncated
#   outer IP total length > frame       outer_ip_bad_length
#   UDP length > IP payload             outer_udp_bad_length
#   outer IP header checksum wrong      outer_ip_bad_checksum
#   inner source MAC zero, multicast    src_mac_invalid
# and t1 receives none of them; outer IP options (IHL 6) are counted (outer_ip_options) and then
# delivered by the kernel, which accepts them. Then well-formed frames reach t1 (the first through the kernel,
# which learns the sender; later ones decapsulated by the fast path), and t1's replies go back.
# Then bad input, each case while a1 streams 2000 UDP datagrams to a2 (VNI 200, switched by the
# fast path on h1) that must all arrive:
#   the valid frame cut at every length (under 14 bytes the kernel will not send one): passed
#     under the truncation reasons, exactly as many as sent; t1 gets none
#   cut at 34 .. 63 bytes with the lengths made to match: 8 outer_udp_truncated, 8
#     vxlan_truncated, 14 inner_eth_truncated
#   a wrong non-zero outer UDP checksum: not verified by the fast path (as vxsw-dpdk's default),
#     so from a learned sender decapsulated and delivered; from a new sender passed (learn) and
#     dropped by the kernel, which verifies it (UdpInCsumErrors)
#   a MAC pinned behind VTEP 192.0.2.3 (vxlan static entry) claimed from h2: passed (learn), the
#     kernel's vxlan device drops it, the entry stays; a MAC pinned to t1's port (bridge static
#     sticky): passed (learn), the entry stays, the kernel's bridge still forwards the frame
#   an inner 802.1Q tag: passed (inner_not_ip), the bridge delivers it tagged
#   VXLAN in VXLAN: decapsulated once, t1 gets it as it was, the nested source never learned
#   a tenant packet too big once encapsulated: passed (encap_mtu_exceeded, from bpf_check_mtu),
#     the kernel answers "fragmentation needed" (MTU 1450) and h2 gets nothing that big
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/drop_cases.sh"
lib_init
require_cmd tcpdump bridge
require_scapy
require_ebpf

add_ns h1 h2
add_link h1 ul0 h2 ul0
on h1 ip addr add 192.0.2.1/24 dev ul0
on h2 ip addr add 192.0.2.2/24 dev ul0
on h1 ip link add br100 type bridge
on h1 ip link add vx100 type vxlan id 100 local 192.0.2.1 dstport 4789
on h1 ip link set vx100 master br100
add_tenant t1 h1 ac0 10.100.0.1/24
on h1 ip link set ac0 master br100
on h1 ip link set br100 up
on h1 ip link set vx100 up
# Bystanders in VNI 200, switched locally by the fast path: their traffic must carry on
# untouched whatever h2 sends.
on h1 ip link add br200 type bridge
on h1 ip link add vx200 type vxlan id 200 local 192.0.2.1 dstport 4789
on h1 ip link set vx200 master br200
add_tenant a1 h1 ac1 10.200.0.1/24
add_tenant a2 h1 ac2 10.200.0.2/24
on h1 ip link set ac1 master br200
on h1 ip link set ac2 master br200
on h1 ip link set br200 up
on h1 ip link set vx200 up
on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.2
# No refresh frames during the test (one frame of a dynamic MAC per interval goes to the kernel
# instead of the fast path): the counts below are exact. The test ends long before the kernel's
# own entries would age.
printf '[ebpf]\nrefresh = 3600000\n' >"$STATE/vxswd.conf"
vxswd_start h1 -b ebpf -p "$BPFFS/h1" -c "$STATE/vxswd.conf"

h1_mac=$(on h1 cat /sys/class/net/ul0/address)
h2_mac=$(on h2 cat /sys/class/net/ul0/address)
t1_mac=$(on t1 cat /sys/class/net/eth0/address)
REMOTE_MAC=02:00:00:00:02:02 # the made-up tenant behind h2
# The bridge learns t1 from its first frame (an ARP broadcast, flooded to h2).
on t1 ping -c 1 -W 1 10.100.0.2 >/dev/null 2>&1
busywait 3000 eval "dctl h1 fdb show | grep -qi $t1_mac" || die "t1's MAC did not reach the map"

send() { on h2 $PY "$LIB_DIR/vxlan_send.py" "$1" "$h2_mac" "$h1_mac" "$t1_mac" "$REMOTE_MAC"; }
passed() { dctl h1 -j stats show 2>/dev/null | jq -r --arg n "$1" '.passed[$n] // 0'; }
decap() { dctl h1 -j stats show 2>/dev/null | jq -r '.totals.decap // 0'; }
moved() { (($(passed "$1") >= $2)); }

capture_start t1 t1 eth0 ether src $REMOTE_MAC
delivered() { capture_count t1; }

# pass_case CASE REASON: CASE's 3 frames are left to the kernel under REASON.
pass_case() {
	local before
	before=$(passed "$2")
	send "$1" || fail "scapy could not send $1"
	check "$1: passed $2" busywait 3000 moved "$2" $((before + 3))
}

log "malformed frames go to the kernel, counted"
pass_case unknown_vni vxlan_unknown_vni
pass_case i_flag_clear vxlan_i_flag_clear
pass_case reserved_bits vxlan_reserved_bits
pass_case fragment_mf outer_ip_fragment
pass_case fragment_offset outer_ip_fragment
pass_case vxlan_truncated vxlan_truncated
pass_case ip_bad_length outer_ip_bad_length
pass_case udp_bad_length outer_udp_bad_length
pass_case ip_bad_checksum outer_ip_bad_checksum
pass_case src_zero src_mac_invalid
pass_case src_multicast src_mac_invalid
sleep 0.3 # a frame wrongly let through would reach t1 by now
check "t1 received none of them ($(delivered))" test "$(delivered)" -eq 0
# Outer IP options: the fast path leaves them to the kernel, whose vxlan device takes them
# (valid IPv4); counted here, delivered by the kernel's rules.
pass_case ip_options outer_ip_options

log "then well-formed traffic flows, through the fast path once the sender is learned"
capture_start h2-ul0 h2 ul0 udp port 4789
# Counted before sending: tcpdump may write the frames before a count taken afterwards.
base=$(delivered)
send valid
check "t1 received the valid frames" busywait 3000 eval '(($(delivered) >= base + 3))'
check "h2 received t1's replies encapsulated" busywait 3000 eval '(($(capture_count h2-ul0) >= 1))'
check "h1's map has $REMOTE_MAC behind 192.0.2.2 (the kernel learned it)" busywait 3000 \
	eval "dctl h1 fdb show | grep -i $REMOTE_MAC | grep -q 192.0.2.2"
d=$(decap)
send valid
check "the next ones were decapsulated by the fast path" busywait 3000 \
	eval '(($(decap) >= d + 3))'
check "t1 received them too" busywait 3000 eval '(($(delivered) >= base + 6))'
# ---- bad input, each case under a stream between two bystanders (drop_cases.sh) ----
ping_works a1 10.200.0.2 || die "a1 cannot reach a2"
# reasons REASON...: the sum of those "passed" counters.
reasons() {
	dctl h1 -j stats show 2>/dev/null | jq -r '[.passed[$ARGS.positional[]] // 0] | add' \
		--args "$@"
}

# A non-zero UDP checksum is not verified by the fast path (RFC 7348 5 makes it a MAY, and a
# sender with checksum offload hands frames over before it is filled in); the kernel's UDP
# stack verifies it. So a wrong one from a learned sender is delivered by the fast path, from
# a sender the kernel must first learn it is passed (learn) and dropped by the kernel.
udp_csum_errors() { on h1 nstat -az UdpInCsumErrors | awk '$1 == "UdpInCsumErrors" { print $2 }'; }
udp_csum() {
	local base d l c
	base=$(delivered) d=$(decap)
	send udp_bad_csum || fail "scapy could not send udp_bad_csum"
	check "wrong UDP checksum from a learned sender: decapsulated by the fast path, delivered" \
		busywait 3000 eval '(($(decap) >= d + 3 && $(delivered) >= base + 3))'
	capture_start t1-csum t1 eth0 ether src 02:00:00:00:0c:0c
	l=$(passed learn) c=$(udp_csum_errors)
	REMOTE_MAC=02:00:00:00:0c:0c send udp_bad_csum || fail "scapy could not send udp_bad_csum"
	check "  from a new sender: passed (learn) to the kernel" busywait 3000 moved learn $((l + 3))
	check "  which drops it (UdpInCsumErrors +3)" busywait 3000 \
		eval '(($(udp_csum_errors) >= c + 3))'
	sleep 0.3
	check "  t1 received none" test "$(capture_count t1-csum)" -eq 0
	capture_stop t1-csum
}

# map_at MAC WHERE: the fast path's FDB has MAC in VNI 100 at WHERE (a port or VTEP address).
map_at() {
	dctl h1 -j fdb show 2>/dev/null | json_ok --arg m "$1" --arg w "$2" \
		'any(.[]; (.mac | ascii_downcase) == $m and .vni == 100 and (.ifname == $w or .dst == $w))'
}
# bridge_learned MAC: h1's bridge has a learned (master, not static) entry for MAC on vx100.
bridge_learned() { on h1 bridge fdb show br br100 | grep -i "^$1 dev vx100 master" | grep -vq static; }

# Static MACs are the kernel's to defend here. The fast path takes no frame whose source is
# not known behind its sending VTEP (passed: learn). The kernel's vxlan device (learning on)
# drops a frame claiming a MAC it has statically behind another VTEP (no counter of its own),
# and its bridge keeps a "sticky" entry on its port (a plain static one it would move), but
# forwards the frame: the bridge has no rule against a source on the wrong port.
static_conflict() {
	local mp=02:00:00:00:0a:0a mv=02:00:00:00:0b:0b l
	on h1 bridge fdb add $mp dev ac0 master static sticky || fail "bridge fdb add $mp refused"
	on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.3 # VTEP A, a member
	on h1 bridge fdb add $mv dev vx100 dst 192.0.2.3 self static || fail "fdb add $mv refused"
	check "the map has $mp on ac0 and $mv behind 192.0.2.3" busywait 3000 \
		eval "map_at $mp ac0 && map_at $mv 192.0.2.3"
	capture_start t1-pv t1 eth0 ether src $mv
	capture_start t1-pp t1 eth0 ether src $mp
	l=$(passed learn)
	REMOTE_MAC=$mv send valid || fail "scapy could not send"
	check "$mv from h2 (VTEP B): passed (learn)" busywait 3000 moved learn $((l + 3))
	sleep 0.3
	check "  the kernel's vxlan device dropped them: t1 received none" \
		test "$(capture_count t1-pv)" -eq 0
	check "  its bridge learned nothing" eval "! bridge_learned $mv"
	check "  $mv still behind 192.0.2.3" map_at $mv 192.0.2.3
	l=$(passed learn)
	REMOTE_MAC=$mp send valid || fail "scapy could not send"
	check "$mp from h2: passed (learn), never decapsulated by the fast path" \
		busywait 3000 moved learn $((l + 3))
	check "  the kernel's bridge forwarded them to t1" \
		busywait 3000 eval '(($(capture_count t1-pp) == 3))'
	check "  $mp still on ac0 (sticky)" map_at $mp ac0
	capture_stop t1-pv
	capture_stop t1-pp
}

# Inner 802.1Q: the fast path decapsulates IPv4 and IPv6 only; a tagged frame goes to the
# kernel (inner_not_ip), whose bridge (no VLAN filtering) switches it on MAC to t1, tagged.
inner_vlan() {
	local p
	p=$(passed inner_not_ip)
	capture_start t1-vlan t1 eth0 vlan 10 and ether src $REMOTE_MAC
	send inner_vlan || fail "scapy could not send inner_vlan"
	check "inner 802.1Q tag: passed (inner_not_ip)" busywait 3000 moved inner_not_ip $((p + 3))
	check "  t1 received the 3 frames tagged" busywait 3000 eval '(($(capture_count t1-vlan) == 3))'
	capture_stop t1-vlan
}

vxlan_in_vxlan() {
	local d
	# A valid frame first takes the kernel's periodic refresh of the sender, if due (one in
	# 10 s of a learned sender's frames goes to the kernel), so that the next three meet the
	# fast path.
	d=$(decap)
	send valid
	busywait 3000 eval '(($(decap) >= d + 2))'
	d=$(decap)
	capture_start t1-vv t1 eth0 udp dst port 4789 and ether src $REMOTE_MAC
	capture_start t1-nested t1 eth0 ether src 02:00:00:00:0e:0e
	send vxlan_in_vxlan || fail "scapy could not send vxlan_in_vxlan"
	check "VXLAN in VXLAN: decapsulated once, by the fast path" \
		busywait 3000 eval '(($(decap) == d + 3))'
	check "  t1 received the 3 frames as they were (UDP/4789 to 192.0.2.1)" \
		busywait 3000 eval '(($(capture_count t1-vv) == 3))'
	sleep 0.3
	check "  the nested frame was not decapsulated again" test "$(capture_count t1-nested)" -eq 0
	check "  nor its source learned" eval '! dctl h1 fdb show | grep -qi 02:00:00:00:0e:0e'
	capture_stop t1-vv
	capture_stop t1-nested
}

# Too big once encapsulated: bpf_check_mtu() refuses it against the underlay device, the fast
# path passes it (encap_mtu_exceeded), and the kernel's vxlan device answers as vxsw-dpdk does:
# ICMP "fragmentation needed" with the overlay MTU (1450) to t1, which then sends no more.
encap_mtu() {
	local p e
	on t1 ip neigh replace 10.100.0.2 lladdr $REMOTE_MAC dev eth0
	capture_start h2-big h2 ul0 udp port 4789 and greater 1400
	capture_start t1-icmp t1 eth0 'icmp[0] == 3 and icmp[1] == 4 and icmp[6:2] == 1450'
	# First what fits (this also takes the kernel's periodic refresh of t1's MAC, if due, so
	# that the next frame meets the fast path).
	e=$(dctl h1 -j stats show | jq -r '.totals.encap // 0')
	on t1 ping -q -c 3 -i 0.2 -W 1 -M do -s 1400 10.100.0.2 >/dev/null 2>&1
	check "a 1428-byte packet for h2 fits: encapsulated, received by h2" busywait 3000 \
		eval '(($(dctl h1 -j stats show | jq -r ".totals.encap") >= e + 2 &&
			$(capture_count h2-big) == 3))'
	p=$(passed encap_mtu_exceeded)
	on t1 ping -q -c 1 -W 1 -M do -s 1472 10.100.0.2 >/dev/null 2>&1
	check "a 1500-byte one: passed (encap_mtu_exceeded)" \
		busywait 3000 moved encap_mtu_exceeded $((p + 1))
	check "  t1 got \"fragmentation needed, MTU 1450\" from the kernel" \
		busywait 3000 eval '(($(capture_count t1-icmp) == 1))'
	sleep 0.3
	check "  h2 received nothing that big" test "$(capture_count h2-big)" -eq 3
	capture_stop h2-big
	capture_stop t1-icmp
	on t1 ip neigh del 10.100.0.2 dev eth0
	on t1 ip route flush cache
}

log "bad input, under a stream between two other tenants"
bystanders truncation
bystanders truncation_fixed
bystanders udp_csum
bystanders static_conflict
bystanders inner_vlan
bystanders vxlan_in_vxlan
bystanders encap_mtu

check "vxswd still running on h1" kill -0 "$(cat "$STATE/h1-vxswd.pid")"
log "   passed: $(dctl h1 -j stats show | jq -c '.passed | with_entries(select(.value > 0))')"

test_end
