# SPDX-License-Identifier: BSD-3-Clause
# Shared helpers for vxsw's namespace tests (sourced by tests/netns/test_*.sh and scripts/lab).
# Every namespace, socket and process a script creates carries one unique prefix and is removed
# by the EXIT trap, also when a check fails half-way. Exit codes: 0 pass, 1 fail, 77 skip.
#
# Topology words: a "host" namespace runs a VTEP (vxsw-dpdk or a kernel vxlan device) with an
# underlay veth "ul0"; a "tenant" namespace hangs off a host by a veth, "eth0" on the tenant
# side and "acN" on the host side.

KSFT_SKIP=77
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$(cd "$LIB_DIR/../.." && pwd)
VXSW_BUILD=${VXSW_BUILD:-$SRC_DIR/build}
VXSW_DPDK=${VXSW_DPDK:-$VXSW_BUILD/dataplane/dpdk/vxsw-dpdk}
VXSWCTL=${VXSWCTL:-$VXSW_BUILD/control/vxswctl}
# scapy is a Debian package: use Debian's interpreter, not whatever python3 is first on PATH.
PY=/usr/bin/python3

# Tenant links are wider than the overlay MTU (1450 with a 1500 underlay) so that a tenant can
# send a frame vxsw must refuse with ICMP "fragmentation needed"; 1700 still fits one
# net_af_packet frame (2048 bytes), so nothing is truncated on the way in.
TENANT_MTU=${TENANT_MTU:-1700}

# Unique per run: "vxt-" + 6 random characters, unless the caller chose (scripts/lab does).
PREFIX=${VXSW_NS_PREFIX:-vxt-$(tr -dc a-z0-9 </dev/urandom 2>/dev/null | head -c 6)}
STATE=${VXSW_STATE:-/run/vxsw/$PREFIX}
NS_LIST=()
PID_LIST=()
MOUNTS=() # filesystems a test mounted under $STATE (a private bpffs), unmounted on exit
KEEP_STATE=${KEEP_STATE:-0}
RET=0

# Sanitizer builds (VXSW_SANITIZE=1: .ci/run runs the netns suite on its ASan+UBSan build):
# every vxsw binary this test starts (vxsw-dpdk, vxswd, each vxswctl) writes any ASan, LSan or
# UBSan report to $STATE/sanitizer.<pid> instead of stderr, which many checks discard; the
# first report ends the process (halt_on_error, abort_on_error), and cleanup fails the test
# when any report exists, whether or not a check noticed the death. Options given by the
# caller come after ours and win.
if ((${VXSW_SANITIZE:-0})); then
	export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:log_path=$STATE/sanitizer${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=$STATE/sanitizer${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	# Leaks of libraries vxsw does not build, each with its reason.
	export LSAN_OPTIONS="suppressions=$LIB_DIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	# GCC's libubsan, loaded beside libasan, ignores log_path and reports on stderr. The
	# daemons' stderr is their log in $STATE; vxswctl runs through a wrapper that keeps a copy
	# of its stderr in $STATE/vxswctl.stderr. reports_ok reads both.
	mkdir -p "$STATE"
	printf '#!/bin/bash
exec "%s" "$@" 2> >(tee -a "%s" >&2)
' "$VXSWCTL" \
		"$STATE/vxswctl.stderr" >"$STATE/vxswctl-san"
	chmod 0755 "$STATE/vxswctl-san"
	VXSWCTL=$STATE/vxswctl-san
fi
# VXSWD_WRAPPER: words put before vxswd by vxswd_start, e.g. valgrind and its options
# (scripts/valgrind-vxswd). With it, a valgrind log $STATE/valgrind.<pid> (--log-file=
# %q{VXSW_STATE}/valgrind.%p) must end with "ERROR SUMMARY: 0 errors", or the test fails.
VXSWD_WRAPPER=${VXSWD_WRAPPER:-}
export VXSW_STATE=$STATE
# How long kill_pid waits after SIGTERM before SIGKILL; a process under valgrind needs longer
# to check for leaks on its way out.
KILL_WAIT_S=${KILL_WAIT_S:-5}
[[ -n $VXSWD_WRAPPER ]] && KILL_WAIT_S=30

log() { printf '%s\n' "$*" >&2; }
log_skip() { log "SKIP: $*"; exit $KSFT_SKIP; }
fail() {
	log "FAIL: $*"
	RET=1
}
die() {
	log "FAIL: $*"
	exit 1
}

# check DESCRIPTION CMD...: run CMD; record and print the result of one test case.
check() {
	local what=$1
	shift
	if "$@"; then
		log "  ok    $what"
	else
		log "  FAIL  $what"
		RET=1
	fi
}

require_root() {
	((EUID == 0)) || log_skip "needs root (network namespaces)"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || log_skip "'$c' not installed (scripts/deps installs it)"
	done
}

require_scapy() {
	[[ -x $PY ]] && $PY -c 'import scapy' 2>/dev/null ||
		log_skip "scapy is not installed for $PY (scripts/deps installs python3-scapy)"
}

require_vxsw() {
	[[ -x $VXSW_DPDK ]] || die "$VXSW_DPDK not found: build first (meson setup build && ninja -C build)"
	[[ -x $VXSWCTL ]] || die "$VXSWCTL not found: build first"
}

# busywait TIMEOUT_MS CMD...: poll CMD every 50 ms until it succeeds or the time is up.
busywait() {
	local timeout_ms=$1 start now
	shift
	start=$(date +%s%3N)
	while true; do
		"$@" && return 0
		now=$(date +%s%3N)
		((now - start > timeout_ms)) && return 1
		sleep 0.05
	done
}

# json_ok JQ_ARGS...: stdin is JSON that satisfies the filter (jq -e). Empty input fails: jq 1.6
# exits 0 with -e when it reads nothing, so a command that printed nothing (a socket not there
# yet, a refused request) would otherwise pass a check.
json_ok() {
	local in
	in=$(cat) && [[ -n $in ]] && jq -e "$@" <<<"$in" >/dev/null
}

# ns NAME: the full name of this run's namespace NAME.
ns() { echo "$PREFIX-$1"; }

# on NAME CMD...: run CMD inside this run's namespace NAME.
on() {
	local n=$1
	shift
	ip netns exec "$PREFIX-$n" "$@"
}

# add_ns NAME...: create namespaces with loopback up and IPv6 off, so the kernel never sends
# router solicitations or MLD reports of its own on the links we count packets on.
add_ns() {
	local n
	for n in "$@"; do
		ip netns add "$PREFIX-$n" || die "cannot create namespace $PREFIX-$n"
		NS_LIST+=("$PREFIX-$n")
		on "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		on "$n" ip link set lo up
	done
}

# add_link NS1 IF1 NS2 IF2: a veth pair between two namespaces, both ends up, no addresses.
add_link() {
	ip -n "$PREFIX-$1" link add "$2" type veth peer name "$4" netns "$PREFIX-$3" ||
		die "cannot create veth $1/$2 - $3/$4"
	ip -n "$PREFIX-$1" link set "$2" up
	ip -n "$PREFIX-$3" link set "$4" up
}

# add_tenant TENANT HOST HOSTIF ADDR/LEN [MAC]: tenant namespace with eth0 = ADDR, joined to HOST
# by HOSTIF. TX checksum offload is off on eth0 because a userspace switch (AF_PACKET) would
# otherwise forward TCP/UDP with the checksum still unfilled.
add_tenant() {
	local t=$1 h=$2 hif=$3 addr=$4 mac=${5:-}
	add_ns "$t"
	add_link "$t" eth0 "$h" "$hif"
	on "$t" ip link set eth0 mtu "$TENANT_MTU"
	on "$h" ip link set "$hif" mtu "$TENANT_MTU"
	[[ -n $mac ]] && on "$t" ip link set eth0 address "$mac"
	on "$t" ip addr add "$addr" dev eth0
	on "$t" ethtool -K eth0 tx off >/dev/null 2>&1 || log "warning: ethtool -K eth0 tx off failed"
}

# hugepage_args: EAL memory options, hugepages when scripts/hugepages can provide them.
# Extra vxsw-dpdk options for every vxsw_start (a benchmark sizes the FDB with it).
VXSW_DPDK_EXTRA=()
HUGE_ARGS=()
hugepage_args() {
	local dir
	((${#HUGE_ARGS[@]})) && return 0
	if dir=$("$SRC_DIR/scripts/hugepages" 2>/dev/null); then
		HUGE_ARGS=(--huge-dir "$dir" -m 256)
	else
		log "warning: no hugepages, running vxsw-dpdk with --no-huge (slower)"
		HUGE_ARGS=(--no-huge -m 256)
	fi
}

# vxsw_sock HOST: the control socket of the vxsw-dpdk running in HOST.
vxsw_sock() { echo "$STATE/$1.sock"; }

# ctl HOST ARGS...: vxswctl against HOST's vxsw-dpdk.
ctl() {
	local h=$1
	shift
	"$VXSWCTL" -s "$STATE/$h.sock" "$@"
}

# vxsw_start HOST IFACE... <<< CONFIG: start vxsw-dpdk in HOST with one net_af_packet port per
# IFACE (net_af_packet0 = first IFACE, ...), the vxswctl commands on stdin as its start config.
# "xdp:IFACE" makes that port net_af_xdpN instead (raw frames: the kernel reassembles IP
# fragments before an AF_PACKET socket sees them). Waits until the control socket answers.
vxsw_start() {
	local h=$1 i=0 ifc pid
	local vdevs=()
	shift
	mkdir -p "$STATE"
	hugepage_args
	for ifc in "$@"; do
		case $ifc in
		xdp:*) vdevs+=(--vdev "net_af_xdp$i,iface=${ifc#xdp:}") ;;
		*) vdevs+=(--vdev "net_af_packet$i,iface=$ifc") ;;
		esac
		i=$((i + 1))
	done
	cat >"$STATE/$h.conf"
	rm -f "$STATE/$h.sock"
	# VXSW_SETSID=1 (scripts/lab): a session of its own, so the switch outlives the script
	# and its terminal. setsid execs in place, so $! is still the switch's PID.
	local setsid=()
	((${VXSW_SETSID:-0})) && setsid=(setsid)
	"${setsid[@]}" ip netns exec "$PREFIX-$h" "$VXSW_DPDK" -l 0,1 --no-pci --file-prefix "$PREFIX-$h" \
		"${HUGE_ARGS[@]}" "${vdevs[@]}" -- --socket "$STATE/$h.sock" \
		--config "$STATE/$h.conf" --idle-sleep 50 "${VXSW_DPDK_EXTRA[@]}" >"$STATE/$h.log" 2>&1 </dev/null &
	pid=$!
	PID_LIST+=("$pid")
	echo "$pid" >"$STATE/$h.pid"
	if ! busywait 20000 vxsw_ready "$h" "$pid"; then
		log "vxsw-dpdk in $h did not come up; its log:"
		sed 's/^/    /' "$STATE/$h.log" >&2
		die "vxsw-dpdk start failed in $h"
	fi
}

vxsw_ready() {
	kill -0 "$2" 2>/dev/null || return 1
	[[ -S $STATE/$1.sock ]] && ctl "$1" status >/dev/null 2>&1
}

# vxsw_alive HOST: the process is still running (a crash is a failure, not a skip).
vxsw_alive() {
	local pid
	pid=$(cat "$STATE/$1.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null
}

# vteps_resolved HOST [N]: HOST's vxsw-dpdk knows the MAC of each of its N (default: any)
# remote VTEPs; until then the first frames towards a VTEP are dropped while ARP runs.
vteps_resolved() {
	ctl "$1" -j vtep show 2>/dev/null |
		json_ok --argjson n "${2:-0}" 'length >= $n and all(.[]; .resolved)'
}

# wait_underlay HOST[:N]...: wait up to 5 s until every HOST resolved its N remote VTEPs.
wait_underlay() {
	local a h n
	for a in "$@"; do
		h=${a%%:*} n=0
		[[ $a == *:* ]] && n=${a#*:}
		busywait 5000 vteps_resolved "$h" "$n" ||
			die "$h: remote VTEPs not resolved: $(ctl "$h" vtep show)"
	done
}

# counter HOST NAME: the value of drop reason (or total) NAME on HOST's vxsw-dpdk, 0 if absent.
counter() {
	ctl "$1" -j stats show 2>/dev/null | jq -r --arg n "$2" \
		'[.. | objects | (.drop_reasons? // empty, .totals? // empty) | .[$n]? // empty]
		 | first // 0'
}

# counter_moved HOST NAME BEFORE: NAME has grown past BEFORE.
counter_moved() {
	local now
	now=$(counter "$1" "$2")
	((now > $3))
}

# ping_ok TENANT ADDR [PING ARGS]: three echo requests, all answered.
ping_ok() {
	local t=$1 a=$2
	shift 2
	on "$t" ping -q -n -c 3 -i 0.2 -W 2 "$@" "$a" >/dev/null 2>&1
}

# ping_works TENANT ADDR [PING ARGS]: the first pings may be lost to ARP and learning; wait up
# to 10 s for a clean round of three.
ping_works() {
	busywait 10000 ping_ok "$@"
}

# udp_stream_start [COUNT [IDLE_S]]: a sequence-numbered UDP stream of COUNT datagrams (default
# 3000) from t1 to t2 (10.100.0.2) at 1000/s, the receiver ready first and giving up after IDLE_S
# seconds (default 3) without a datagram; udp_stream_wait waits for it
# and logs its JSON line ($STATE/udp.json); udp_stream_end does that and checks that nothing was
# lost. UDP_FROM, UDP_TO and UDP_ADDR choose two other tenants (a bad-input test keeps t1 and t2
# for the bad input and measures the stream between two bystanders).
udp_stream_start() {
	local count=${1:-3000} idle=${2:-3}
	local from=${UDP_FROM:-t1} to=${UDP_TO:-t2} addr=${UDP_ADDR:-10.100.0.2}
	rm -f "$STATE/udp.json" "$STATE/udp.err"
	on "$to" $PY "$LIB_DIR/udpseq.py" recv 9000 "$count" "$idle" >"$STATE/udp.json" 2>"$STATE/udp.err" &
	PID_LIST+=($!)
	busywait 5000 grep -q ready "$STATE/udp.err"
	on "$from" $PY "$LIB_DIR/udpseq.py" send "$addr" 9000 "$count" 1000 &
	UDP_SENDER=$!
}

udp_stream_wait() {
	wait "$UDP_SENDER"
	busywait 6000 test -s "$STATE/udp.json"
	log "   stream: $(cat "$STATE/udp.json")"
}

udp_stream_end() {
	udp_stream_wait
	check "0 packets lost" eval 'jq -e ".lost == 0" "$STATE/udp.json" >/dev/null'
}

# tcp_ok TENANT PORT: a TCP connection from TENANT to 10.100.0.2:PORT (the far tenant of the
# flow tests) opens within 2 s; tcp_works waits up to 5 s for one; tcp_blocked: none opens.
tcp_ok() {
	on "$1" timeout 2 bash -c "exec 3<>/dev/tcp/10.100.0.2/$2" 2>/dev/null
}
tcp_works() { busywait 5000 tcp_ok "$@"; }
tcp_blocked() { ! tcp_ok "$@"; }

# storm TENANT SECS: TENANT floods broadcast frames for SECS seconds, from one CPU at 100k
# frames/s at most (the machine has two; a dataplane's forwarding core owns the other).
storm() {
	on "$1" timeout "$2" trafgen -o eth0 -P 1 --no-sock-mem -b 100000pps -q -C \
		'{ fill(0xff, 6), 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, c16(0x88b5), fill(0x5a, 46) }' \
		>"$STATE/storm.log" 2>&1
}

# random_macs TENANT N LOG: N frames from TENANT to 02:00:00:00:01:ff, each from a new source:
# 0x02 then 5 random bytes, a locally administered unicast MAC. Fails (saying why) if trafgen
# does.
random_macs() {
	on "$1" trafgen -o eth0 -P 1 --no-sock-mem -n "$2" -q -C \
		'{ 0x02, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, drnd(5), c16(0x88b5), fill(0x5a, 46) }' \
		>"$STATE/$3" 2>&1 || fail "trafgen failed: $(tail -3 "$STATE/$3")"
}

# capture_start NAME NS IFACE [TCPDUMP FILTER...]: record frames received on IFACE (inbound only,
# so a sender never counts its own frames) into $STATE/NAME.pcap, from the moment this returns.
declare -A CAPTURE_PID
capture_start() {
	local name=$1 n=$2 ifc=$3
	shift 3
	# --immediate-mode: each frame is written as it arrives, not when the kernel hands over a
	# block (up to a second later), so a count taken before sending never includes what is sent.
	on "$n" tcpdump -U --immediate-mode -Q in -ni "$ifc" -w "$STATE/$name.pcap" "$@" \
		2>"$STATE/$name.tcpdump" &
	CAPTURE_PID[$name]=$!
	PID_LIST+=($!)
	busywait 5000 grep -q listening "$STATE/$name.tcpdump" || die "tcpdump on $n/$ifc did not start"
}

# capture_count NAME: frames captured so far.
capture_count() {
	tcpdump -nr "$STATE/$1.pcap" 2>/dev/null | grep -c '^[0-9]' 
}

# capture_stop NAME: stop the capture; the pcap stays for tshark.
capture_stop() {
	kill_pid "${CAPTURE_PID[$1]}"
}

# kill_pid PID: TERM, wait up to KILL_WAIT_S (5 s), then KILL. Only ever called on PIDs this
# run started.
kill_pid() {
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < KILL_WAIT_S * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

# show_logs: on failure, the vxsw-dpdk logs help more than anything else.
show_logs() {
	local f
	for f in "$STATE"/*.log "$STATE"/frr-*/*.log; do
		[[ -s $f ]] || continue
		log "---- $f"
		tail -n 30 "$f" >&2
	done
}

# reports_ok: no sanitizer report, and every valgrind log says 0 errors (leaks counted as
# errors by scripts/valgrind-vxswd). Prints what it found. Call once the processes are gone.
reports_ok() {
	local f ok=0
	for f in "$STATE"/sanitizer.*; do
		[[ -e $f ]] || continue
		log "FAIL: sanitizer report $f:"
		head -n 60 "$f" >&2
		ok=1
	done
	for f in "$STATE"/*.log "$STATE"/vxswctl.stderr; do
		[[ -e $f ]] || continue
		grep -q -E 'runtime error:|ERROR: (Address|Leak)Sanitizer' "$f" || continue
		log "FAIL: sanitizer report in $f:"
		grep -E -A20 'runtime error:|ERROR: (Address|Leak)Sanitizer' "$f" | head -n 60 >&2
		ok=1
	done
	for f in "$STATE"/valgrind.*; do
		[[ -e $f && $f != *.killed ]] || continue
		grep -q 'ERROR SUMMARY: 0 errors' "$f" && continue
		log "FAIL: valgrind found errors or leaks, or did not finish: $f:"
		grep -v '^==[0-9]*== *$' "$f" | tail -n 60 >&2
		ok=1
	done
	return $ok
}

cleanup() {
	local rc=$? pid n
	trap - EXIT
	((rc == 0 && RET != 0)) && rc=$RET
	((rc != 0 && rc != KSFT_SKIP)) && show_logs
	for pid in "${PID_LIST[@]}"; do
		kill_pid "$pid"
	done
	# Whatever still runs inside our namespaces (a server started through "on ... &", whose
	# recorded PID was the subshell's) goes with them, rather than outliving its network.
	for n in "${NS_LIST[@]}"; do
		for pid in $(ip netns pids "$n" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
	done
	# Leak reports are written on the way out: only now are they complete.
	reports_ok || rc=1
	for n in "${NS_LIST[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	for n in "${MOUNTS[@]}"; do
		umount "$n" 2>/dev/null
	done
	# DPDK leaves its runtime dir and page files named after our --file-prefix behind.
	rm -rf /var/run/dpdk/"$PREFIX"-* 2>/dev/null
	[[ -n ${HUGE_ARGS[1]:-} && ${HUGE_ARGS[0]} == --huge-dir ]] &&
		rm -f "${HUGE_ARGS[1]}/$PREFIX"-*map_*
	((KEEP_STATE)) || rm -rf "$STATE" 2>/dev/null
	exit "$rc"
}
trap cleanup EXIT
# A signal ends the script through the EXIT trap, so the cleanup runs once.
trap 'exit 130' INT TERM HUP

# lib_init: the checks every test needs; call after sourcing.
lib_init() {
	require_root
	require_cmd ip ping ethtool jq
	mkdir -p "$STATE"
}

# test_end: exit with the result of all check calls.
test_end() {
	if ((RET == 0)); then
		log "PASS"
	else
		log "FAIL"
	fi
	exit "$RET"
}

# ---- vxswd: the kernel drives the dataplane ----

VXSWD=${VXSWD:-$VXSW_BUILD/control/vxswd}

require_vxswd() {
	require_vxsw
	[[ -x $VXSWD ]] || die "$VXSWD not found: build first"
}

# ebpf_host N: host hN on underlay bridge br0 of namespace "net" (the eBPF tests' topology),
# with the VTEP address 192.0.2.N on ul0, a bridge br100 with vx100 (kernel learning on) and
# tenant tN (MAC 02:00:00:00:10:0N) on ac0.
ebpf_host() {
	local n=$1
	add_link net p$n h$n ul0
	on net ip link set p$n master br0
	on h$n ip addr add 192.0.2.$n/24 dev ul0
	on h$n ip link add br100 type bridge
	on h$n ip link add vx100 type vxlan id 100 local 192.0.2.$n dstport 4789
	on h$n ip link set vx100 master br100
	add_tenant t$n h$n ac0 10.100.0.$n/24 02:00:00:00:10:0$n
	# The tenant's own offloads, as a real guest has them (add_tenant turns TX csum off).
	on t$n ethtool -K eth0 tx on >/dev/null 2>&1
	on t$n ip link set eth0 mtu 1450
	on h$n ip link set ac0 master br100
	on h$n ip link set br100 up
	on h$n ip link set vx100 up
}

# require_ebpf: vxswd with its eBPF backend, and a private BPF filesystem at $BPFFS (pins of
# this run never meet anyone else's; unmounted on exit). Skips where either is missing.
require_ebpf() {
	[[ -x $VXSWD ]] || die "$VXSWD not found: build first"
	"$VXSWD" -b ebpf --check >/dev/null 2>&1 ||
		log_skip "vxswd was built without the eBPF fast path"
	BPFFS=$STATE/bpffs
	mkdir -p "$BPFFS"
	mount -t bpf bpf "$BPFFS" || log_skip "cannot mount a BPF filesystem"
	MOUNTS+=("$BPFFS")
}

# dctl HOST ARGS...: vxswctl against HOST's vxswd.
dctl() {
	local h=$1
	shift
	"$VXSWCTL" -s "$STATE/$h-d.sock" "$@"
}

# kernel_vtep HOST N [VNI]: the kernel side of a vxsw host: bridge brVNI with vxlan vxVNI (local
# 192.0.2.N, no kernel learning) and a representor veth rp1 standing for the dataplane's access
# port net_af_packet1 (alias vxsw:net_af_packet1). Nothing in the kernel owns 192.0.2.N, so
# VXLAN packets only ever reach vxsw-dpdk.
kernel_vtep() {
	local h=$1 n=$2 vni=${3:-100}
	on "$h" ip link add "br$vni" type bridge
	on "$h" ip link add "vx$vni" type vxlan id "$vni" local "192.0.2.$n" dstport 4789 nolearning
	on "$h" ip link set "vx$vni" master "br$vni"
	on "$h" ip link add rp1 type veth peer name rp1x
	on "$h" ip link set rp1 master "br$vni"
	on "$h" ip link set rp1 alias vxsw:net_af_packet1
	on "$h" ip link set "br$vni" up
	on "$h" ip link set "vx$vni" up
	on "$h" ip link set rp1 up
	on "$h" ip link set rp1x up
}

# vxswd_synced HOST: HOST's vxswd is connected to its dataplane and has re-synced it.
vxswd_synced() {
	dctl "$1" -j daemon show 2>/dev/null | json_ok '.connected and .epoch >= 1'
}

# vxswd_start HOST [ARGS...]: start vxswd in HOST against HOST's vxsw-dpdk and wait until it
# has synced the dataplane with the kernel.
vxswd_start() {
	local h=$1 pid
	shift
	local wrapper=() wait_ms=10000
	[[ -n $VXSWD_WRAPPER ]] && read -ra wrapper <<<"$VXSWD_WRAPPER" && wait_ms=60000
	rm -f "$STATE/$h-d.sock"
	# ip netns exec and valgrind exec in place: $! is vxswd's PID either way.
	ip netns exec "$PREFIX-$h" "${wrapper[@]}" "$VXSWD" -s "$STATE/$h-d.sock" \
		-d "$STATE/$h.sock" "$@" >>"$STATE/$h-vxswd.log" 2>&1 </dev/null &
	pid=$!
	PID_LIST+=("$pid")
	echo "$pid" >"$STATE/$h-vxswd.pid"
	busywait "$wait_ms" vxswd_synced "$h" ||
		die "vxswd in $h did not sync: $(tail -5 "$STATE/$h-vxswd.log")"
}

# vxswd_kill HOST: kill -9 HOST's vxswd, as a crash would.
vxswd_kill() {
	local pid
	pid=$(cat "$STATE/$1-vxswd.pid")
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	# Killed on purpose: its valgrind log has no summary to check.
	[[ -e $STATE/valgrind.$pid ]] && mv "$STATE/valgrind.$pid" "$STATE/valgrind.$pid.killed"
	return 0
}

# dp_has HOST JQ: HOST's dataplane FDB (vxswctl -j fdb show, straight to vxsw-dpdk) satisfies JQ.
dp_has() {
	ctl "$1" -j fdb show 2>/dev/null | json_ok "$2"
}
