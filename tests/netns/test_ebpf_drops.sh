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
source "$(dirname "$0")/lib.sh"
lib_init
require_cmd tcpdump bridge
require_scapy
[[ -x $VXSWD ]] || die "$VXSWD not found: build first"
"$VXSWD" -b ebpf --check >/dev/null 2>&1 || log_skip "vxswd was built without the eBPF fast path"

BPFFS=$STATE/bpffs
mkdir -p "$BPFFS"
mount -t bpf bpf "$BPFFS" || log_skip "cannot mount a BPF filesystem"
MOUNTS+=("$BPFFS")

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
on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.2
vxswd_start h1 -b ebpf -p "$BPFFS/h1"

h1_mac=$(on h1 cat /sys/class/net/ul0/address)
h2_mac=$(on h2 cat /sys/class/net/ul0/address)
t1_mac=$(on t1 cat /sys/class/net/eth0/address)
REMOTE_MAC=02:00:00:00:02:02 # the made-up tenant behind h2
# The bridge learns t1 from its first frame (an ARP broadcast, flooded to h2).
on t1 ping -c 1 -W 1 10.100.0.2 >/dev/null 2>&1
busywait 3000 eval "dctl h1 fdb show | grep -qi $t1_mac" || die "t1's MAC did not reach the map"

send() { on h2 $PY "$LIB_DIR/vxlan_send.py" "$1" "$h2_mac" "$h1_mac" "$t1_mac" "$REMOTE_MAC"; }
passed() { dctl h1 -j stats show 2>/dev/null | jq -r --arg n "$1" '.passed[$n] // 0'; }
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
send valid
base=$(delivered)
check "t1 received the valid frames" busywait 3000 eval '(($(delivered) >= base + 3))'
check "h2 received t1's replies encapsulated" busywait 3000 eval '(($(capture_count h2-ul0) >= 1))'
check "h1's map has $REMOTE_MAC behind 192.0.2.2 (the kernel learned it)" busywait 3000 \
	eval "dctl h1 fdb show | grep -i $REMOTE_MAC | grep -q 192.0.2.2"
decap() { dctl h1 -j stats show 2>/dev/null | jq -r '.totals.decap // 0'; }
d=$(decap)
send valid
check "the next ones were decapsulated by the fast path" busywait 3000 \
	eval '(($(decap) >= d + 3))'
check "t1 received them too" busywait 3000 eval '(($(delivered) >= base + 6))'

test_end
