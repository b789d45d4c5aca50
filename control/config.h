/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config: vxswd's settings (sockets, backend, netlink buffer, hold-down, table limits) from an
 * INI file parsed with libinih. Only daemon settings live here: the overlay itself is kernel
 * state (ip link, bridge fdb), and the dataplane's own knobs are vxsw-dpdk's.
 */
#ifndef VXSW_CONTROL_CONFIG_H
#define VXSW_CONTROL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mirror.h"

#define VXSWD_CONF "/etc/vxsw/vxswd.conf"

struct vxswd_config {
	char socket[108];    /* [vxswd] socket: where vxswctl connects */
	char backend[16];    /* [vxswd] backend: "dpdk" or "ebpf" */
	int rcvbuf;	     /* [netlink] rcvbuf: bytes for the kernel event socket */
	uint32_t holddown;   /* [fdb] holddown: seconds before removing remote entries, 0 = none */
	char dp_socket[108]; /* [dpdk] socket: vxsw-dpdk's control socket */
	uint32_t retry_ms;   /* [dpdk] retry: reconnect interval */
	struct mirror_limits lim; /* [limits] links, fdb, neighs, addrs, routes */
	/* [ebpf] */
	char pin_dir[108];    /* pin_dir: where the maps are pinned */
	uint32_t refresh_ms;  /* refresh: a dynamic MAC's frame goes to the kernel this often */
	char underlay[4][16]; /* underlay: devices to attach to besides the automatic ones */
	bool ignore_reserved; /* reserved_bits: drop (false) or ignore */
	uint32_t bpf_fdb;     /* fdb: FDB map size */
};

/* The defaults, as documented in vxswd(8). */
void config_defaults(struct vxswd_config *c);

/*
 * Read file into c (settings it does not name keep their values). Returns 0, or -errno with
 * err holding "file:line: what is wrong" (or "file: why it cannot be read").
 */
int config_load(const char *file, struct vxswd_config *c, char *err, size_t errlen);

#endif /* VXSW_CONTROL_CONFIG_H */
