#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The flow table on vxsw-dpdk. Host h1 has two tenants in VNI 100, t1 (ac0) and t3 (ac1); h2 has
# t2, which listens on TCP 5201 and 5202. Cases:
#   1. an ACL on h1 drops t1's TCP to port 5201: t1 cannot connect there, t1 still connects to
#      5202, and t3 (another tenant, same VNI) still connects to 5201; ping still works
#   2. the rule counters match what was sent: 20 SYNs from scapy to a blocked port count 20
#      packets and 20 x 54 bytes on the rule and on flow_drop, and none reach t2
#   3. a count rule counts t1's pings and leaves them to the switch
#   4. flow mod turns the drop into normal: t1 connects to 5201
#   5. a batch file with one bad rule installs none, and the error names the rule, the field and
#      the line
#   6. rules change under traffic: 20 batches of 100 rules added and removed while a
#      3000-datagram UDP stream runs from t1 to t2: nothing lost
source "$(dirname "$0")/lib.sh"
lib_init
require_vxsw
require_scapy
require_cmd iperf3 tcpdump

add_ns h1 h2
add_link h1 ul0 h2 ul0
add_tenant t1 h1 ac0 10.100.0.1/24
add_tenant t3 h1 ac1 10.100.0.3/24
add_tenant t2 h2 ac0 10.100.0.2/24

vxsw_start h1 ul0 ac0 ac1 <<EOF
underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
port set net_af_packet2 vni 100
flood add vni 100 dst 192.0.2.2
EOF
vxsw_start h2 ul0 ac0 <<EOF
underlay set port net_af_packet0 local 192.0.2.2/24 mtu 1500
vni add 100
port set net_af_packet1 vni 100
flood add vni 100 dst 192.0.2.1
EOF

for p in 5201 5202; do
	on t2 iperf3 -s -p "$p" >/dev/null 2>&1 &
	PID_LIST+=($!)
done
check "t1 -> t2 ping before any rule" ping_works t1 10.100.0.2
check "t3 -> t2 ping before any rule" ping_works t3 10.100.0.2

# rule_field ID FIELD: a field of rule ID in h1's flow table (JSON).
rule_field() {
	ctl h1 -j flow show | jq -r ".[] | select(.id == $1) | .$2"
}

log "case 1: an ACL drops t1's TCP to port 5201 and nothing else"
acl=$(ctl h1 flow add priority 100 in_port net_af_packet1 ip_proto tcp dst_port 5201 action drop)
acl=${acl#id }
check "flow add answered with an ID" test -n "$acl"
check "t1 cannot connect to t2:5201" tcp_blocked t1 5201
check "t1 connects to t2:5202" tcp_works t1 5202
check "t3 connects to t2:5201" tcp_works t3 5201
check "t1 -> t2 ping still works" ping_ok t1 10.100.0.2

log "case 2: counters match what was sent"
mac_t1=$(on t1 cat /sys/class/net/eth0/address)
mac_t2=$(on t2 cat /sys/class/net/eth0/address)
syn=$(ctl h1 flow add priority 100 in_port net_af_packet1 ip_proto tcp dst_port 5300 action drop)
syn=${syn#id }
drops_before=$(counter h1 flow_drop)
capture_start syn t2 eth0 tcp port 5300
on t1 $PY - "$mac_t1" "$mac_t2" <<'PYEOF'
import sys
from scapy.all import IP, TCP, Ether, sendp
src, dst = sys.argv[1:3]
sendp([Ether(src=src, dst=dst) / IP(src="10.100.0.1", dst="10.100.0.2") /
       TCP(sport=40000 + i, dport=5300, flags="S") for i in range(20)],
      iface="eth0", verbose=False)
PYEOF
counts_are() { [[ $(rule_field "$syn" packets) == 20 && $(rule_field "$syn" bytes) == 1080 ]]; }
check "rule $syn counted 20 packets, 1080 bytes" busywait 3000 counts_are
log "   rule $syn: $(rule_field "$syn" packets) packets, $(rule_field "$syn" bytes) bytes"
check "flow_drop moved by 20" eval '(( $(counter h1 flow_drop) - drops_before == 20 ))'
capture_stop syn
check "no SYN to 5300 reached t2" eval '(( $(capture_count syn) == 0 ))'
check "the ACL rule counted t1's attempts" eval '(( $(rule_field "$acl" packets) > 0 ))'

log "case 3: a count rule counts t1's pings and leaves them to the switch"
cnt=$(ctl h1 flow add priority 50 in_port net_af_packet1 ip_proto icmp action count)
cnt=${cnt#id }
on t1 ping -q -n -c 5 -i 0.2 -W 2 10.100.0.2 >"$STATE/ping.out" 2>&1
check "5 pings answered" grep -q '5 received' "$STATE/ping.out"
check "the count rule counted 5 packets" eval '[[ $(rule_field "$cnt" packets) == 5 ]]'

log "case 4: flow mod turns the drop into normal"
ctl h1 flow mod "$acl" action normal
check "t1 connects to t2:5201 now" tcp_works t1 5201
check "rule $acl is normal, counters kept" \
	eval '[[ $(rule_field "$acl" action) == normal && $(rule_field "$acl" packets) -gt 0 ]]'

log "case 5: a batch with one bad rule installs none"
n_before=$(ctl h1 -j flow show | jq length)
cat >"$STATE/bad.flows" <<EOF
# three good rules and a bad one
add priority 10 ip_proto udp dst_port 7000 action drop
add priority 10 ip_proto udp dst_port 7001 action drop
add priority 10 ip_proto udp dst_port 7002 action drop
add priority 10 in_port no-such-port action drop
EOF
ctl h1 flow batch "$STATE/bad.flows" 2>"$STATE/batch.err"
log "   $(cat "$STATE/batch.err")"
check "the error names rule 4, in_port and line 5" \
	grep -q 'rule 4: in_port: no such port.*bad.flows line 5' "$STATE/batch.err"
check "no rule of the batch was installed" eval '[[ $(ctl h1 -j flow show | jq length) == "$n_before" ]]'
check "vxswctl exits non-zero on a refused batch" eval '! ctl h1 flow batch "$STATE/bad.flows" 2>/dev/null'

log "case 6: 20 batches of 100 rules come and go under a UDP stream"
for b in $(seq 0 19); do
	for i in $(seq 0 99); do
		echo "add id $((100000 + b * 100 + i)) priority 5 ip_proto udp dst_port $((20000 + b * 100 + i)) action drop"
	done >"$STATE/add$b.flows"
	for i in $(seq 0 99); do
		echo "del $((100000 + b * 100 + i))"
	done >"$STATE/del$b.flows"
done
udp_stream_start
churn_ok=1
for b in $(seq 0 19); do
	ctl h1 flow batch "$STATE/add$b.flows" >/dev/null || churn_ok=0
	ctl h1 flow batch "$STATE/del$b.flows" >/dev/null || churn_ok=0
done
check "every batch applied" test "$churn_ok" = 1
udp_stream_end
check "the table is back to its rules" eval '[[ $(ctl h1 -j flow show | jq length) == "$n_before" ]]'
check "vxsw-dpdk still running on h1 and h2" eval 'vxsw_alive h1 && vxsw_alive h2'

test_end
