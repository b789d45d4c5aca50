# SPDX-License-Identifier: BSD-3-Clause
# FRR 8.4 (zebra + bgpd, BGP EVPN) inside a test's host namespaces; source after lib.sh.
# Each host's daemons get $STATE/frr-HOST/ for config, sockets, pid files and logs, and run in a
# mount namespace of their own whose /var/tmp is $STATE/frr-HOST/tmp: nothing is written to
# /etc/frr, /run/frr or the real /var/tmp. lib.sh's EXIT trap kills them (PID_LIST) and removes
# $STATE.
#
# What FRR needs, found with FRR 8.4.4 on kernel 6.18 (three hosts, iBGP over mg0):
# - Local VTEP: zebra takes it from the vxlan device (`local 192.0.2.N`). The kernel need not
#   own that address and needs no route to it.
# - Remote VTEPs: bgpd tracks the EVPN next hop (the remote VTEP IP) through zebra and keeps
#   type-2/3 routes whose next hop does not resolve invalid: not imported into the VNI, so no
#   FDB entries. Any connected or kernel route resolves it: `ip route add 192.0.2.0/24 dev mg0`
#   (the simplest), a gateway that does not even exist (`via 10.0.0.254`), or one /32 per VTEP.
#   A default route does not, unless `ip nht resolve-via-default` is configured.
# - Local MACs: zebra advertises bridge-port FDB entries unless they are permanent, so
#   `bridge fdb add MAC dev rp1 master extern_learn` (never ages; `static` adds nothing, the
#   kernel ignores the state of an extern_learn entry) or `master static`. A plain
#   `bridge fdb add MAC dev rp1 master` is permanent and never advertised. They go out as plain
#   type-2 routes (no MAC mobility or sticky community).
# - Remote MACs become `MAC dev vx100 dst VTEP self extern_learn` plus a `master br100`
#   extern_learn entry; the flood list becomes `00:00:00:00:00:00 dst VTEP self permanent`.
# - Withdrawal: when bgpd ends (SIGTERM, or even SIGKILL: the kernel closes its TCP sessions)
#   its peers drop its routes and FDB entries within ~0.1 s; only a silent peer waits for the
#   9 s hold time set below. zebra on SIGTERM flushes its own host's remote entries, while that
#   host's bgpd keeps advertising: stop and start a host's two daemons together.
# - Run as root with `-u root -g frrvty`: FRR insists that its user is in the vty group
#   (frrvty); -g puts it there without touching /etc/group. "could chown socket" is harmless.

FRR_DIR=${FRR_DIR:-/usr/lib/frr}
FRR_ASN=${FRR_ASN:-65000}
declare -A FRR_PID

# frr_require: skip unless FRR's zebra, bgpd, vtysh and its vty group are installed.
frr_require() {
	[[ -x $FRR_DIR/zebra && -x $FRR_DIR/bgpd ]] ||
		log_skip "FRR is not installed ($FRR_DIR/zebra, $FRR_DIR/bgpd)"
	require_cmd vtysh
	getent group frrvty >/dev/null || log_skip "FRR's group frrvty does not exist"
}

# frr_dir HOST: config, sockets, pid files and logs of HOST's daemons.
frr_dir() { echo "$STATE/frr-$1"; }

# frr_daemon HOST NAME: start FRR daemon NAME in HOST in the foreground, so that $! is its PID
# (ip netns exec, unshare and sh all exec in place). -P 0: no TCP vty, only the socket in $d.
frr_daemon() {
	local h=$1 name=$2 d
	d=$(frr_dir "$h")
	local args=(-f "$d/$name.conf" -i "$d/$name.pid" -z "$d/zserv.api" --vty_socket "$d" -P 0
		-u root -g frrvty --log stdout --log-level info)
	# The inner sh mounts $d/tmp over /var/tmp, then becomes the daemon.
	# shellcheck disable=SC2016
	ip netns exec "$PREFIX-$h" unshare -m \
		sh -c 'mount --bind "$1" /var/tmp && shift && exec "$@"' sh "$d/tmp" \
		"$FRR_DIR/$name" "${args[@]}" >"$d/$name.log" 2>&1 </dev/null &
	FRR_PID[$h-$name]=$!
	PID_LIST+=($!)
}

# frr_up HOST NAME SOCKET: NAME still runs and has created SOCKET.
frr_up() {
	kill -0 "${FRR_PID[$1-$2]}" 2>/dev/null && [[ -S $3 ]]
}

# frr_wait_up HOST NAME SOCKET: wait up to 5 s for frr_up, or show NAME's log and die.
frr_wait_up() {
	local d
	d=$(frr_dir "$1")
	busywait 5000 frr_up "$1" "$2" "$d/$3" && return 0
	log "$2 in $1 did not come up; its log:"
	sed 's/^/    /' "$d/$2.log" >&2
	die "$2 start failed in $1"
}

# frr_start HOST ROUTER_ID PEER_IP...: zebra + bgpd in HOST, iBGP (AS $FRR_ASN) to each PEER_IP
# with only the l2vpn evpn family, advertising every VNI zebra finds. Returns when both
# daemons answer on their vty sockets; the sessions come up later (frr_wait_established).
frr_start() {
	local h=$1 rid=$2 d p
	shift 2
	d=$(frr_dir "$h")
	mkdir -p "$d/tmp"
	rm -f "$d"/*.vty "$d/zserv.api"
	: >"$d/vtysh.conf" # so that vtysh reads nothing from /etc/frr
	echo "hostname $h" >"$d/zebra.conf"
	{
		echo "hostname $h"
		echo "router bgp $FRR_ASN"
		echo " bgp router-id $rid"
		echo " no bgp default ipv4-unicast"
		# Short timers: drop a silent peer after 9 s, retry a refused connect after 2 s.
		echo " timers bgp 3 9"
		for p; do
			echo " neighbor $p remote-as $FRR_ASN"
			echo " neighbor $p timers connect 2"
		done
		echo " address-family l2vpn evpn"
		for p; do
			echo "  neighbor $p activate"
		done
		echo "  advertise-all-vni"
		echo " exit-address-family"
	} >"$d/bgpd.conf"
	frr_daemon "$h" zebra
	frr_wait_up "$h" zebra zserv.api
	frr_daemon "$h" bgpd
	frr_wait_up "$h" bgpd bgpd.vty
}

# frr_stop HOST: SIGTERM bgpd (its peers withdraw its routes), then zebra (it flushes HOST's
# remote FDB entries); each is waited for, killed after 5 s.
frr_stop() {
	local n
	for n in bgpd zebra; do
		[[ -n ${FRR_PID[$1-$n]:-} ]] || continue
		kill_pid "${FRR_PID[$1-$n]}"
		unset "FRR_PID[$1-$n]"
	done
}

# frr_vtysh HOST CMD...: run each CMD in vtysh against HOST's daemons.
frr_vtysh() {
	local d c args=()
	d=$(frr_dir "$1")
	shift
	for c; do
		args+=(-c "$c")
	done
	vtysh --config_dir "$d" --vty_socket "$d" "${args[@]}"
}

# frr_established HOST N: HOST's bgpd has at least N EVPN sessions established.
frr_established() {
	frr_vtysh "$1" 'show bgp l2vpn evpn summary json' 2>/dev/null | json_ok --argjson n "$2" \
		'[.peers[]? | select(.state == "Established")] | length >= $n'
}

# frr_wait_established HOST N TIMEOUT_MS: wait until HOST has N EVPN sessions established.
frr_wait_established() {
	busywait "$3" frr_established "$1" "$2"
}
