#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# vxswd: the kernel's bridge/vxlan state drives vxsw-dpdk. Two hosts (vxsw-dpdk + vxswd each,
# the kernel side made by kernel_vtep), one tenant each, VNI 100.
# Cases:
#   1. flood lists ("bridge fdb append 00:00:00:00:00:00 ... dst") and static remote MACs
#      ("bridge fdb add MAC dev vx100 dst ... static") reach the dataplane; tenants talk
#   2. deleting them stops the traffic, and the dataplane entries are gone
#   3. what the dataplane learned on the access port shows up in the kernel as an
#      extern_learn entry on the representor
#   4. vxswd kill -9 under a sequence-numbered UDP stream: 0 packets lost; kernel changes made
#      while it is down are applied when it comes back, and nothing else is touched
#   5. vxsw-dpdk restarted: vxswd notices and replays the state; tenants talk again
#   6. overlay changes through vxswd are refused with a clear message
#   7. events lost to a full netlink buffer (vxswd stopped during a burst of 5000 additions and
#      some deletions, 64 KiB buffer): vxswd re-dumps; the dataplane ends up with exactly the
#      kernel's entries
#   8. --holddown: a remote extern_learn MAC deleted from the kernel stays in the dataplane for
#      the hold-down, then goes; one re-added within it never leaves
#   9. garbage on vxswd's control socket (lengths past the datagram, 2^32-16, truncated
#      headers, random bytes) gets errors, and vxswd keeps serving
source "$(dirname "$0")/lib.sh"
lib_init
require_vxswd
require_cmd bridge

add_ns net h1 h2
on net ip link add br0 type bridge
on net ip link set br0 up
for h in 1 2; do
	add_link net p$h h$h ul0
	on net ip link set p$h master br0
	add_tenant t$h h$h ac0 10.100.0.$h/24 02:00:00:00:10:0$h
	kernel_vtep h$h $h
	vxsw_start h$h ul0 ac0 <<<"underlay set port net_af_packet0 local 192.0.2.$h/24 mtu 1500"
	vxswd_start h$h
done
# overlay HOST N OTHER ADD|DEL: HOST's flood entry and static entry for the other tenant.
overlay() {
	local h=$1 n=$2 o=$3
	if [[ $4 == add ]]; then
		on "$h" bridge fdb append 00:00:00:00:00:00 dev vx100 dst "192.0.2.$o"
		on "$h" bridge fdb add "02:00:00:00:10:0$o" dev vx100 dst "192.0.2.$o" self static
	else
		on "$h" bridge fdb del 00:00:00:00:00:00 dev vx100 dst "192.0.2.$o"
		on "$h" bridge fdb del "02:00:00:00:10:0$o" dev vx100 dst "192.0.2.$o" self
	fi
}

log "1. flood lists and static remote MACs from bridge fdb"
overlay h1 1 2 add
overlay h2 2 1 add
check "h1 dataplane has the static entry" busywait 2000 dp_has h1 \
	'any(.[]; .mac == "02:00:00:00:10:02" and .dst == "192.0.2.2" and .state == "static")'
check "h1 dataplane has the flood entry" busywait 2000 eval \
	'ctl h1 -j flood show | json_ok "any(.[]; .vni == 100 and .dst == \"192.0.2.2\")"'
check "the access port is bound to VNI 100" \
	eval 'ctl h1 -j port show net_af_packet1 | json_ok ".vni == 100"'
wait_underlay h1:1 h2:1
check "t1 -> t2 ping" ping_works t1 10.100.0.2

log "2. deleting them stops the traffic"
overlay h1 1 2 del
check "h1 dataplane entry removed" busywait 2000 eval \
	'! dp_has h1 "any(.[]; .mac == \"02:00:00:00:10:02\")"'
check "h1 flood list empty" busywait 2000 eval \
	'ctl h1 -j flood show | json_ok "length == 0"'
check "t1 -> t2 ping fails" eval '! ping_ok t1 10.100.0.2'
overlay h1 1 2 add
# The VTEP was released and made again in another slot: the entry must point at the new one.
check "restored entry points at 192.0.2.2" busywait 2000 dp_has h1 \
	'any(.[]; .mac == "02:00:00:00:10:02" and .dst == "192.0.2.2")'
check "restored: t1 -> t2 ping" ping_works t1 10.100.0.2

log "3. learned MACs go back to the kernel"
check "t1's MAC is extern_learn on h1's representor" busywait 2000 eval \
	'on h1 bridge fdb show dev rp1 | grep -q "02:00:00:00:10:01 .*extern_learn"'

log "4. vxswd kill -9 under traffic"
on h1 bridge fdb add 02:00:00:00:99:01 dev vx100 dst 192.0.2.2 self static
busywait 2000 dp_has h1 'any(.[]; .mac == "02:00:00:00:99:01")' || fail "setup entry missing"
udp_stream_start
sleep 0.5
vxswd_kill h1
# While vxswd is away: one entry deleted, one added, in the kernel only.
on h1 bridge fdb del 02:00:00:00:99:01 dev vx100 dst 192.0.2.2 self
on h1 bridge fdb add 02:00:00:00:99:02 dev vx100 dst 192.0.2.2 self static
sleep 0.5
vxswd_start h1
udp_stream_end
check "the entry deleted meanwhile is gone" eval \
	'! dp_has h1 "any(.[]; .mac == \"02:00:00:00:99:01\")"'
check "the entry added meanwhile is there" dp_has h1 'any(.[]; .mac == "02:00:00:00:99:02")'
check "the others are untouched" dp_has h1 \
	'any(.[]; .mac == "02:00:00:00:10:02" and .state == "static")'
check "epoch counted the re-sync" eval 'dctl h1 -j daemon show | json_ok ".epoch == 1"'

log "5. vxsw-dpdk restart: the state is replayed"
kill_pid "$(cat "$STATE/h1.pid")"
vxsw_start h1 ul0 ac0 <<<"underlay set port net_af_packet0 local 192.0.2.1/24 mtu 1500"
check "h1 dataplane has its entries again" busywait 5000 dp_has h1 \
	'any(.[]; .mac == "02:00:00:00:10:02") and any(.[]; .mac == "02:00:00:00:99:02")'
check "vxswd re-synced (epoch 2)" busywait 3000 eval \
	'dctl h1 -j daemon show | json_ok ".epoch == 2 and .connected"'
wait_underlay h1:1
check "t1 -> t2 ping after the restart" ping_works t1 10.100.0.2

log "6. overlay changes through vxswd are refused"
out=$(dctl h1 vni add 200 2>&1)
check "vni add refused: $out" eval '[[ $out == *"change it with ip link and bridge fdb"* ]]'
check "fdb show through vxswd works" eval 'dctl h1 fdb show | grep -q 02:00:00:00:10:02'
check "vxswd still alive" kill -0 "$(cat "$STATE/h1-vxswd.pid")"

log "7. netlink overrun: re-dump, mark and sweep"
# pinned_macs HOST: the sorted MACs HOST's dataplane holds as static or extern_learn entries.
pinned_macs() {
	ctl "$1" -j fdb show | jq -r '.[] | select(.state == "static" or .flags) | .mac' | sort
}
# kernel_macs HOST: the sorted MACs of HOST's vx100 entries that vxswd mirrors.
kernel_macs() {
	on "$1" bridge fdb show dev vx100 | awk '$1 != "00:00:00:00:00:00" && /dst/ {print $1}' | sort -u
}
same_macs() { [[ "$(pinned_macs "$1")" == "$(kernel_macs "$1")" ]]; }
vxswd_kill h2
printf '[netlink]\nrcvbuf = 65536\n' >"$STATE/h2-vxswd.conf"
vxswd_start h2 -c "$STATE/h2-vxswd.conf" --holddown 3
for i in 1 2 3; do
	on h2 bridge fdb add 02:00:00:00:88:0$i dev vx100 dst 192.0.2.1 self static
done
busywait 2000 same_macs h2 || fail "setup: h2's dataplane does not match its kernel"
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "fdb add 02:40:00:00:%02x:%02x dev vx100 dst 192.0.2.1 self static\n", int(i / 256), i % 256 }' \
	>"$STATE/burst.batch"
echo "fdb del 02:00:00:00:88:02 dev vx100 dst 192.0.2.1 self" >>"$STATE/burst.batch"
kill -STOP "$(cat "$STATE/h2-vxswd.pid")"
on h2 bridge -batch "$STATE/burst.batch"
kill -CONT "$(cat "$STATE/h2-vxswd.pid")"
check "vxswd saw the overrun" busywait 5000 eval \
	'dctl h2 -j daemon show | json_ok ".stats.netlink_overruns >= 1"'
check "dataplane == kernel after the re-dump ($(kernel_macs h2 | wc -l) MACs)" \
	busywait 10000 same_macs h2
check "the entry deleted during the burst is gone" eval \
	'! dp_has h2 "any(.[]; .mac == \"02:00:00:00:88:02\")"'
check "t2 -> t1 still works" ping_works t2 10.100.0.1

log "8. hold-down of remote extern_learn entries"
on h2 bridge fdb add 02:00:00:00:77:01 dev vx100 dst 192.0.2.1 self extern_learn
on h2 bridge fdb add 02:00:00:00:77:02 dev vx100 dst 192.0.2.1 self extern_learn
busywait 2000 dp_has h2 'any(.[]; .mac == "02:00:00:00:77:02")' || fail "setup: 77:02 missing"
on h2 bridge fdb del 02:00:00:00:77:01 dev vx100 dst 192.0.2.1 self
on h2 bridge fdb del 02:00:00:00:77:02 dev vx100 dst 192.0.2.1 self
sleep 0.5
on h2 bridge fdb add 02:00:00:00:77:02 dev vx100 dst 192.0.2.1 self extern_learn
sleep 0.5
check "held: still in the dataplane after 1 s" dp_has h2 'any(.[]; .mac == "02:00:00:00:77:01")'
check "daemon show counts it" eval 'dctl h2 -j daemon show | json_ok ".stats.held == 1"'
check "gone after the hold-down" busywait 5000 eval \
	'! dp_has h2 "any(.[]; .mac == \"02:00:00:00:77:01\")"'
check "the one re-added in time stayed" dp_has h2 'any(.[]; .mac == "02:00:00:00:77:02")'

log "9. garbage on vxswd's control socket"
$PY - "$STATE/h2-d.sock" <<'PYEOF' >"$STATE/garbage.out" 2>&1
import random, socket, struct, sys
random.seed(7)
def hdr(length, mtype=0x20, flags=1):
    return struct.pack("=IHHII", length, mtype, flags, 1, 0)
cases = [hdr(0xfffffff0) + b"\0" * 16, hdr(1 << 31) + b"\0" * 16, hdr(4096) + b"\0" * 8,
         hdr(16)[:10], b"", hdr(20) + b"\x01\x01\0\0", hdr(24) + b"\x0e\x01\0\0\xff\xff\x04\0"]
cases += [bytes(random.getrandbits(8) for _ in range(random.randrange(1, 200))) for _ in range(300)]
answered = 0
for c in cases:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sys.argv[1])
    s.settimeout(2)
    s.send(c)
    try:
        if s.recv(65536):
            answered += 1
    except socket.timeout:
        pass
    s.close()
print("answered", answered, "of", len(cases))
PYEOF
log "   $(cat "$STATE/garbage.out")"
check "vxswd still alive" kill -0 "$(cat "$STATE/h2-vxswd.pid")"
check "and still serving" eval 'dctl h2 -j daemon show | json_ok ".connected"'

test_end
