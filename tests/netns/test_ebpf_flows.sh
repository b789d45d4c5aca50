#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The flow table on the eBPF fast path (vxswd -b ebpf). h1 has tenants t1 (ac0) and t5 (ac5),
# h2 has t2, which listens on TCP 5201 and 5202; VNI 100, kernel learning. Cases:
#   1. an ACL on h1 drops t1's TCP to port 5201: t1 cannot connect there, t1 still connects to
#      5202, t5 (another tenant) still connects to 5201, ping still works
#   2. counters match what was sent: 20 SYNs from scapy to a blocked port count 20 packets and
#      1080 bytes on the rule and under flow_drop, and none reach t2
#   3. a rule on h2's underlay (in_port ul0) drops t1's UDP to port 9999 after decapsulation:
#      10 datagrams counted on it, none received by t2
#   4. a batch with a rule the backend cannot express (action flood) is refused, naming the
#      rule and the field, and installs nothing; so is a 17th distinct mask
#   5. vxswd kill -9 and restart: the rules are adopted from the pinned maps (same IDs) and the
#      ACL holds throughout
#   6. flow flush: t1 connects to 5201 again
#   7. port security on h1's ac5 (t5's MAC and address only): t5's own traffic passes; forged
#      source MACs are dropped and counted (port_src_mac_spoofed) before anything else sees
#      them; the check survives a vxswd restart; off lets them through
source "$(dirname "$0")/lib.sh"
lib_init
require_cmd bridge tc iperf3 tcpdump
require_scapy
require_ebpf

add_ns net h1 h2
on net ip link add br0 type bridge
on net ip link set br0 up
ebpf_host 1
ebpf_host 2
add_tenant t5 h1 ac5 10.100.0.5/24 02:00:00:00:10:05
on t5 ip link set eth0 mtu 1450
on h1 ip link set ac5 master br100
on h1 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.2
on h2 bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.1
vxswd_start h1 -b ebpf -p "$BPFFS/h1"
vxswd_start h2 -b ebpf -p "$BPFFS/h2"

for p in 5201 5202; do
	on t2 iperf3 -s -p "$p" >/dev/null 2>&1 &
	PID_LIST+=($!)
done
check "t1 -> t2 ping before any rule" ping_works t1 10.100.0.2
check "t5 -> t2 ping before any rule" ping_works t5 10.100.0.2

# rule_field HOST ID FIELD: a field of rule ID in HOST's flow table.
rule_field() { dctl "$1" -j flow show | jq -r ".[] | select(.id == $2) | .$3"; }
dropped() { dctl "$1" -j stats show | jq -r '.drop_reasons.flow_drop // 0'; }
n_rules() { dctl "$1" -j flow show | jq length; }

log "1. an ACL on h1 drops t1's TCP to port 5201 and nothing else"
acl=$(dctl h1 flow add priority 100 in_port ac0 ip_proto tcp dst_port 5201 action drop)
acl=${acl#id }
check "flow add answered with an ID" test -n "$acl"
check "t1 cannot connect to t2:5201" tcp_blocked t1 5201
check "t1 connects to t2:5202" tcp_works t1 5202
check "t5 connects to t2:5201" tcp_works t5 5201
check "t1 -> t2 ping still works" ping_ok t1 10.100.0.2

log "2. counters match what was sent"
syn=$(dctl h1 flow add priority 100 in_port ac0 ip_proto tcp dst_port 5300 action drop)
syn=${syn#id }
drops_before=$(dropped h1)
capture_start syn t2 eth0 tcp port 5300
on t1 $PY - <<'PYEOF'
from scapy.all import IP, TCP, Ether, sendp
sendp([Ether(src="02:00:00:00:10:01", dst="02:00:00:00:10:02") /
       IP(src="10.100.0.1", dst="10.100.0.2") / TCP(sport=40000 + i, dport=5300, flags="S")
       for i in range(20)], iface="eth0", verbose=False)
PYEOF
counts_are() { [[ $(rule_field h1 "$syn" packets) == 20 && $(rule_field h1 "$syn" bytes) == 1080 ]]; }
check "rule $syn counted 20 packets, 1080 bytes" busywait 3000 counts_are
log "   rule $syn: $(rule_field h1 "$syn" packets) packets, $(rule_field h1 "$syn" bytes) bytes"
check "flow_drop moved by 20" eval '(( $(dropped h1) - drops_before == 20 ))'
capture_stop syn
check "no SYN to 5300 reached t2" eval '(( $(capture_count syn) == 0 ))'

log "3. a rule on h2's underlay drops t1's UDP to 9999 after decapsulation"
ul=$(dctl h2 flow add priority 10 in_port ul0 ip_proto udp dst_port 9999 action drop)
ul=${ul#id }
capture_start udp t2 eth0 udp port 9999
on t1 $PY - <<'PYEOF'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(10):
    s.sendto(b"vxsw-flow-test", ("10.100.0.2", 9999))
PYEOF
check "h2's underlay rule counted 10" busywait 3000 eval '[[ $(rule_field h2 "$ul" packets) == 10 ]]'
capture_stop udp
check "t2 received none of them" eval '(( $(capture_count udp) == 0 ))'

log "4. what the backend cannot express is refused, and nothing of the batch installed"
before=$(n_rules h1)
cat >"$STATE/bad.flows" <<EOF
add priority 5 ip_proto udp dst_port 7000 action drop
add priority 5 dst_mac ff:ff:ff:ff:ff:ff action flood
EOF
dctl h1 flow batch "$STATE/bad.flows" 2>"$STATE/batch.err"
log "   $(cat "$STATE/batch.err")"
check "the error names rule 2, action flood and line 2" \
	grep -q 'rule 2: action flood: .*bad.flows line 2' "$STATE/batch.err"
check "nothing of the batch was installed" eval '[[ $(n_rules h1) == "$before" ]]'
for i in $(seq 1 17); do
	# Each rule its own mask: a prefix of another length.
	echo "add priority 1 ip_proto udp dst_ip 10.$i.0.0/$((8 + i)) action drop"
done >"$STATE/masks.flows"
dctl h1 flow batch "$STATE/masks.flows" 2>"$STATE/masks.err"
log "   $(cat "$STATE/masks.err")"
check "a 17th mask is refused" grep -q 'at most 16 distinct' "$STATE/masks.err"
check "nothing of that batch was installed" eval '[[ $(n_rules h1) == "$before" ]]'

log "5. vxswd kill -9 and restart: the rules are adopted"
ids_before=$(dctl h1 -j flow show | jq -c '[.[].id]')
vxswd_kill h1
check "t1 cannot connect to 5201 while vxswd is away" tcp_blocked t1 5201
vxswd_start h1 -b ebpf -p "$BPFFS/h1"
check "the same rules after the restart" eval \
	'[[ $(dctl h1 -j flow show | jq -c "[.[].id]") == "$ids_before" ]]'
check "rule $acl still matches in_port ac0, tcp 5201" eval \
	'[[ $(rule_field h1 "$acl" in_port) == ac0 && $(rule_field h1 "$acl" dst_port) == 5201 ]]'
check "t1 still cannot connect to 5201" tcp_blocked t1 5201
check "t1 still connects to 5202" tcp_works t1 5202

log "6. flow flush"
dctl h1 flow flush
check "the table is empty" eval '[[ $(n_rules h1) == 0 ]]'
check "t1 connects to t2:5201 again" tcp_works t1 5201

log "7. port security on the eBPF fast path"
dctl h1 port security ac5 allow 02:00:00:00:10:05,10.100.0.5
check "port show has the check" eval "dctl h1 -j port show ac5 | json_ok \
	'.security and .allowed == [{\"mac\": \"02:00:00:00:10:05\", \"ip\": \"10.100.0.5\"}]'"
check "t5 -> t2 ping" ping_works t5 10.100.0.2
forge() {
	on t5 $PY - <<'PYEOF'
from scapy.all import IP, UDP, Ether, Raw, sendp
sendp([Ether(src="02:66:66:66:66:66", dst="02:00:00:00:10:02") /
       IP(src="10.100.0.5", dst="10.100.0.2") / UDP(dport=7777) / Raw(b"spoof")] * 10,
      iface="eth0", verbose=False)
PYEOF
}
spoofed() { dctl h1 -j stats show | jq -r '.drop_reasons.port_src_mac_spoofed // 0'; }
capture_start spoof t2 eth0 udp port 7777
before=$(spoofed)
forge
check "port_src_mac_spoofed counted 10" busywait 3000 eval '(( $(spoofed) - before == 10 ))'
check "the kernel bridge never learned the forged MAC" eval \
	'! on h1 bridge fdb show br br100 | grep -qi 02:66:66:66:66:66'
vxswd_kill h1
vxswd_start h1 -b ebpf -p "$BPFFS/h1"
check "the check was adopted after a vxswd restart" eval "dctl h1 -j port show ac5 | json_ok \
	'.security and .allowed[0].mac == \"02:00:00:00:10:05\"'"
before=$(spoofed)
forge
check "and still drops forged frames" busywait 3000 eval '(( $(spoofed) - before == 10 ))'
sleep 0.5
capture_stop spoof
check "t2 received none of them" eval '(( $(capture_count spoof) == 0 ))'
dctl h1 port security ac5 off
capture_start open t2 eth0 udp port 7777
forge
check "off: t2 receives the forged frames" busywait 3000 eval '(( $(capture_count open) >= 10 ))'
capture_stop open

test_end
