#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Malformed VXLAN frames sent by scapy from h2 (a plain namespace, 192.0.2.2, in h1's flood list
# for VNI 100) to vxsw-dpdk on h1 (192.0.2.1), which has tenant t1 in VNI 100.
# Cases, each: 3 frames carrying an ICMP echo for t1, the named drop counter moves, t1 gets none
#   unknown VNI (999)                   vxlan_unknown_vni
#   I flag clear                        vxlan_i_flag_clear
#   reserved bits set                   vxlan_reserved_bits
#   outer IP fragment (MF; offset > 0)  outer_ip_fragment
#   VXLAN header cut to 4 bytes         vxlan_truncated
#   outer IP total length > frame       outer_ip_bad_length
#   UDP length > IP payload             outer_udp_bad_length
#   outer IP options (IHL 6)            outer_ip_options
#   outer IP header checksum wrong      outer_ip_bad_checksum
#   inner source MAC zero, multicast    src_mac_invalid
# Then a well-formed frame is delivered to t1, and t1's reply comes back encapsulated.
# Then bad input, each case while a1 streams 2000 UDP datagrams to a2 (VNI 200, two other
# ports of h1) that must all arrive:
#   the valid frame cut at every length (1 .. len-1; under 14 bytes the kernel will not send
#     one): the truncation counters grow by exactly the number sent, t1 gets none
#   the same cut at 34 .. 63 bytes with the IPv4 and UDP lengths made to match: 8
#     outer_udp_truncated, 8 vxlan_truncated, 14 inner_eth_truncated, t1 gets none
#   a wrong non-zero outer UDP checksum: delivered by default (udp-csum ignore, RFC 7348 5
#     makes checking a MAY); with "config set udp-csum verify" outer_udp_bad_checksum
#   a MAC pinned to t1's port, and one pinned to VTEP 192.0.2.3, claimed by frames from h2:
#     static_mac_conflict, t1 gets none, both entries stay where they were
#   an inner 802.1Q tag: switched on MAC like any frame, t1 gets it tagged, counted as decap
#   VXLAN in VXLAN (the inner frame is UDP/4789 to 192.0.2.1): delivered to t1 as it is, the
#     nested frame's source never learned nor delivered
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/drop_cases.sh"
lib_init
require_vxsw
require_cmd tcpdump arping
require_scapy

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24
# Bystanders: their traffic must carry on untouched whatever h2 sends.
add_tenant a1 h1 ac1 10.200.0.1/24
add_tenant a2 h1 ac2 10.200.0.2/24
on h2 ip addr add 192.0.2.2/24 dev ul0
# h1's underlay is net_af_xdp: an AF_PACKET socket (net_af_packet) only ever sees outer IP
# fragments after the kernel has reassembled them, so the fragment rule could not be tested.
vxsw_start h1 xdp:ul0 ac0 ac1 ac2 <<EOF
underlay set port net_af_xdp0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.2
vni add 200
port set net_af_packet2 vni 200
port set net_af_packet3 vni 200
EOF

# vxsw answers ARP for its VTEP address itself.
h1_mac=$(on h2 arping -c 1 -w 3 -I ul0 192.0.2.1 | sed -n 's/.*\[\(.*\)\].*/\1/p')
[[ -n $h1_mac ]] || die "vxsw-dpdk on h1 did not answer ARP for 192.0.2.1"
t1_mac=$(on t1 cat /sys/class/net/eth0/address)
h2_mac=$(on h2 cat /sys/class/net/ul0/address)
REMOTE_MAC=02:00:00:00:02:02 # the made-up tenant behind h2

send() { on h2 $PY "$LIB_DIR/vxlan_send.py" "$1" "$h2_mac" "$h1_mac" "$t1_mac" "$REMOTE_MAC"; }

capture_start t1 t1 eth0 ether src $REMOTE_MAC
delivered() { capture_count t1; }

# drop_case CASE COUNTER: CASE's frames move COUNTER on h1 and reach nobody.
drop_case() {
	local before
	before=$(counter h1 "$2")
	send "$1" || fail "scapy could not send $1"
	check "$1: $2 moved" busywait 3000 counter_moved h1 "$2" "$before"
}

log "drop cases"
drop_case unknown_vni vxlan_unknown_vni
drop_case i_flag_clear vxlan_i_flag_clear
drop_case reserved_bits vxlan_reserved_bits
drop_case fragment_mf outer_ip_fragment
drop_case fragment_offset outer_ip_fragment
drop_case vxlan_truncated vxlan_truncated
drop_case ip_bad_length outer_ip_bad_length
drop_case udp_bad_length outer_udp_bad_length
drop_case ip_options outer_ip_options
drop_case ip_bad_checksum outer_ip_bad_checksum
drop_case src_zero src_mac_invalid
drop_case src_multicast src_mac_invalid
sleep 0.3 # a frame wrongly let through would reach t1 by now
check "t1 received none of them ($(delivered))" test "$(delivered)" -eq 0

log "then well-formed traffic still flows"
capture_start h2-ul0 h2 ul0 udp port 4789
send valid
check "t1 received the valid frames" busywait 3000 eval '(($(delivered) >= 3))'
# t1 answers the echo requests; vxsw encapsulates the replies back to 192.0.2.2.
check "h2 received t1's replies encapsulated" busywait 3000 eval '(($(capture_count h2-ul0) >= 1))'
check "h1 learned $REMOTE_MAC behind 192.0.2.2" \
	eval "ctl h1 fdb show | grep -i $REMOTE_MAC | grep -q 192.0.2.2"
check "vxsw-dpdk still running on h1" vxsw_alive h1

# ---- bad input, each case under a stream between two bystanders (drop_cases.sh) ----
ping_works a1 10.200.0.2 || die "a1 cannot reach a2"
# reasons NAME...: the sum of those drop counters on h1.
reasons() {
	local n sum=0
	for n in "$@"; do
		sum=$((sum + $(counter h1 "$n")))
	done
	echo $sum
}

udp_csum() {
	local base
	base=$(delivered)
	send udp_bad_csum || fail "scapy could not send udp_bad_csum"
	check "wrong UDP checksum, udp-csum ignore (the default): delivered" \
		busywait 3000 eval '(($(delivered) >= base + 3))'
	ctl h1 config set udp-csum verify >/dev/null || fail "config set udp-csum verify refused"
	base=$(delivered)
	drop_case udp_bad_csum outer_udp_bad_checksum
	sleep 0.3
	check "  with udp-csum verify: t1 received none" test "$(delivered)" -eq "$base"
	ctl h1 config set udp-csum ignore >/dev/null
}

# fdb_at MAC WHERE: h1's FDB has MAC in VNI 100, static, at WHERE (a port name or VTEP address).
fdb_at() {
	ctl h1 -j fdb show 2>/dev/null | json_ok --arg m "$1" --arg w "$2" \
		'any(.[]; (.mac | ascii_downcase) == $m and .vni == 100 and .state == "static"
			and (.ifname == $w or .dst == $w))'
}

static_conflict() {
	local mp=02:00:00:00:0a:0a mv=02:00:00:00:0b:0b
	ctl h1 fdb add $mp vni 100 port net_af_packet1 >/dev/null || fail "fdb add $mp refused"
	ctl h1 flood add vni 100 dst 192.0.2.3 >/dev/null # VTEP A, a member of VNI 100
	ctl h1 fdb add $mv vni 100 dst 192.0.2.3 >/dev/null || fail "fdb add $mv refused"
	capture_start t1-pinned t1 eth0 ether src $mp or ether src $mv
	REMOTE_MAC=$mp drop_case valid static_mac_conflict
	REMOTE_MAC=$mv drop_case valid static_mac_conflict
	sleep 0.3
	check "  t1 received none of them" test "$(capture_count t1-pinned)" -eq 0
	check "  $mp still pinned to t1's port" fdb_at $mp net_af_packet1
	check "  $mv still pinned to VTEP 192.0.2.3" fdb_at $mv 192.0.2.3
	capture_stop t1-pinned
}

vni_decap() { ctl h1 -j vni show 100 2>/dev/null | jq -r '[.. | .decap? // empty] | first // 0'; }

inner_vlan() {
	local d
	d=$(vni_decap)
	capture_start t1-vlan t1 eth0 vlan 10 and ether src $REMOTE_MAC
	send inner_vlan || fail "scapy could not send inner_vlan"
	check "inner 802.1Q tag: switched on MAC, t1 received the 3 frames tagged" \
		busywait 3000 eval '(($(capture_count t1-vlan) == 3))'
	check "  counted as decapsulated in VNI 100" eval '(($(vni_decap) >= d + 3))'
	capture_stop t1-vlan
}

vxlan_in_vxlan() {
	capture_start t1-vv t1 eth0 udp dst port 4789 and ether src $REMOTE_MAC
	capture_start t1-nested t1 eth0 ether src 02:00:00:00:0e:0e
	send vxlan_in_vxlan || fail "scapy could not send vxlan_in_vxlan"
	check "VXLAN in VXLAN: t1 received the 3 frames as they were (UDP/4789 to 192.0.2.1)" \
		busywait 3000 eval '(($(capture_count t1-vv) == 3))'
	sleep 0.3
	check "  the nested frame was not decapsulated again" test "$(capture_count t1-nested)" -eq 0
	check "  nor its source learned" eval '! ctl h1 fdb show | grep -qi 02:00:00:00:0e:0e'
	capture_stop t1-vv
	capture_stop t1-nested
}

log "bad input, under a stream between two other tenants"
bystanders truncation
bystanders truncation_fixed
bystanders udp_csum
bystanders static_conflict
bystanders inner_vlan
bystanders vxlan_in_vxlan
check "vxsw-dpdk still running on h1" vxsw_alive h1
log "   drops: $(ctl h1 -j stats show | jq -c '[.. | objects | .drop_reasons? // empty] | first')"

test_end
