#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Who may talk to vxswd's control socket: root, vxswd's own user or group, nobody else. vxswd
# runs with the eBPF backend (no DPDK needed) in a namespace of its own.
# Cases:
#   1. root gets an answer
#   2. another uid is refused by the socket's mode (0660, root's)
#   3. with the mode opened to everyone, that uid is still refused: vxswd checks SO_PEERCRED
#      and closes the connection; it logs the refusal and keeps serving root
source "$(dirname "$0")/lib.sh"
lib_init
require_cmd setpriv
require_ebpf
# The other user reaches the socket's directory, as it would /run/vxsw.
chmod 0755 "$STATE"

add_ns h1
vxswd_start h1 -b ebpf -p "$BPFFS/h1"
SOCK=$STATE/h1-d.sock

# as_nobody CMD...: CMD as uid/gid 65534 with no supplementary groups.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

log "1. root"
check "root: daemon show" eval 'dctl h1 daemon show >/dev/null'

log "2. another uid, socket mode 0660"
check "the socket is 0660" test "$(stat -c %a "$SOCK")" = 660
check "uid 65534 is refused" eval '! as_nobody "$VXSWCTL" -s "$SOCK" daemon show 2>"$STATE/e2"'
log "   $(head -1 "$STATE/e2")"
check "with a permission error" grep -qi 'permission denied' "$STATE/e2"

log "3. another uid, socket mode opened to everyone"
chmod 0666 "$SOCK"
check "uid 65534 is still refused" eval '! as_nobody "$VXSWCTL" -s "$SOCK" daemon show 2>"$STATE/e3"'
log "   $(head -1 "$STATE/e3")"
check "vxswd logged the refusal" busywait 2000 grep -q 'refused a client .*uid 65534' \
	"$STATE/h1-vxswd.log"
check "root is still served" eval 'dctl h1 daemon show >/dev/null'

test_end
