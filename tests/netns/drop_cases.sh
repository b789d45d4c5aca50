# SPDX-License-Identifier: BSD-3-Clause
# Bad-input cases that test_drops.sh (vxsw-dpdk) and test_ebpf_drops.sh (the eBPF fast path)
# run alike. Sourced after lib.sh; the test defines:
#   send CASE        send vxlan_send.py's frames of CASE from h2 to h1
#   delivered        frames t1 has received so far
#   reasons NAME...  the sum of the counters the dataplane counts NAME under (vxsw-dpdk's drop
#                    reasons; the eBPF fast path's pass reasons)
# and the bystander tenants a1 and a2 (10.200.0.2) on h1, in a VNI of their own.

TRUNC=(eth_truncated outer_ip_truncated outer_ip_bad_length outer_udp_truncated
	outer_udp_bad_length vxlan_truncated inner_eth_truncated)

# bystanders CASE...: run CASE while a1 streams 2000 datagrams (2 s) to a2; none may be lost.
bystanders() {
	UDP_FROM=a1 UDP_TO=a2 UDP_ADDR=10.200.0.2 udp_stream_start 2000
	"$@"
	udp_stream_wait
	check "  a1 -> a2 lost nothing meanwhile" eval 'jq -e ".lost == 0" "$STATE/udp.json" >/dev/null'
}

# The valid frame cut at every length: each one counted under a truncation reason, none more,
# none delivered.
truncation() {
	local before sent base
	base=$(delivered)
	before=$(reasons "${TRUNC[@]}")
	sent=$(send truncated_every) || fail "scapy could not send the cuts"
	log "   $sent cuts sent"
	check "truncated at every length: counted under the truncation reasons, $sent of them" \
		busywait 3000 eval '(($(reasons "${TRUNC[@]}") == before + sent))'
	sleep 0.3 # a cut wrongly let through would reach t1 by now, a late count be in
	check "  and no more: $(($(reasons "${TRUNC[@]}") - before)) counted" \
		eval '(($(reasons "${TRUNC[@]}") == before + sent))'
	check "  t1 received none of them" test "$(delivered)" -eq "$base"
}

# Cuts whose lengths were made to match, so that each deeper header check is reached.
truncation_fixed() {
	local u v i sent base
	base=$(delivered)
	u=$(reasons outer_udp_truncated) v=$(reasons vxlan_truncated) i=$(reasons inner_eth_truncated)
	sent=$(send truncated_fixed) || fail "scapy could not send the cuts"
	check "$sent cuts with lengths to match: 8 outer_udp_truncated, 8 vxlan_truncated, 14 inner_eth_truncated" \
		busywait 3000 eval '(($(reasons outer_udp_truncated) == u + 8 &&
			$(reasons vxlan_truncated) == v + 8 && $(reasons inner_eth_truncated) == i + 14))'
	sleep 0.3
	check "  t1 received none of them" test "$(delivered)" -eq "$base"
}
