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
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_cmd tcpdump arping
require_scapy

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24
on h2 ip addr add 192.0.2.2/24 dev ul0
# h1's underlay is net_af_xdp: an AF_PACKET socket (net_af_packet) only ever sees outer IP
# fragments after the kernel has reassembled them, so the fragment rule could not be tested.
vxsw_start h1 xdp:ul0 ac0 <<EOF
underlay set port net_af_xdp0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.2
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

test_end
