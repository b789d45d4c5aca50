/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend_ebpf: vxswd's eBPF fast path. Loads the TC programs of dataplane/bpf (one skeleton),
 * pins their maps under a directory of their own, attaches the programs to the ingress of
 * every port (the devices in a VNI's bridge) and of the underlay devices, and keeps the maps
 * equal to the kernel mirror: ports and their VNI, VNI parameters, the FDB, the members of
 * each VNI, and a next hop per remote VTEP (the kernel's route to it, the neighbour's MAC).
 * What the maps do not cover goes to the kernel's bridge and vxlan devices, which stay the
 * slow path and the learning source. The maps' generation (vxsw_gen) moves after each series
 * of writes (bebpf_flush, bebpf_answer), which ends the programs' cached decisions. A restart
 * adopts the pinned maps and the attached programs (replaced in place), so traffic keeps
 * flowing; bebpf_cleanup removes them.
 * Single-threaded, like all of vxswd.
 */
#ifndef VXSW_CONTROL_BACKEND_EBPF_H
#define VXSW_CONTROL_BACKEND_EBPF_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netlink.h>

#include <vxsw/addr.h>

#include "mirror.h"

struct bebpf_opts {
	char pin_dir[108];    /* where the maps are pinned */
	uint32_t refresh_ms;  /* a dynamic MAC's frame goes to the kernel this often */
	bool ignore_reserved; /* accept non-zero VXLAN reserved bits */
	uint32_t fdb_max;     /* FDB map size (hard limit) */
	char underlay[4][16]; /* underlay devices named in the config ("" = none) */
};

struct bebpf_stats {
	uint64_t ops;	   /* map updates and deletions */
	uint64_t errors;   /* ... that failed */
	uint64_t refused;  /* entries not installed: a map was full, or not IPv4 */
	uint64_t attaches; /* programs attached */
	uint32_t epoch;	   /* full re-syncs */
};

/* Open and load the programs (adopting maps pinned by an earlier run) for the mirror m. 0 or
 * -errno, with a message in err. */
int bebpf_open(const struct bebpf_opts *o, const struct mirror *m, char *err, size_t errlen);
/* Close what this process holds; the programs stay attached and the maps pinned. */
void bebpf_close(void);
bool bebpf_loaded(void);

/* The overlay's changes, as for backend_dpdk; applied to the maps at once. */
void bebpf_vni(uint32_t vni, bool present);
void bebpf_port(const char *port, uint32_t vni);
void bebpf_flood(uint32_t vni, const struct vxsw_ip *remote, bool present);
void bebpf_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *want);

/* Routes, neighbours, addresses or device parameters changed: next hops and parameters are
 * derived again at the next flush. */
void bebpf_changed(void);
/* Apply what bebpf_changed asked for, then publish a new generation if any map was written
 * since the last one. 0 or -errno. */
int bebpf_flush(void);

/*
 * Make the maps hold exactly the mirror's overlay (after a start that adopted pinned maps):
 * what the maps hold and the mirror does not is removed, unless keep (the hold-down) still
 * wants it (mac NULL: a flood entry). 0 or -errno.
 */
int bebpf_resync(bool (*keep)(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *remote));

/*
 * Answer a vxswctl read request (STATUS, STATS, PORT, VNI, FLOOD, FDB, VTEP) from the maps, in
 * the shape vxsw-dpdk uses, each message to fn; or clear the counters (STATS_CLEAR). 0,
 * -EOPNOTSUPP for a request the backend does not serve, or -errno (from fn too).
 */
int bebpf_answer(const struct nlmsghdr *req, int (*fn)(const struct nlmsghdr *, void *), void *arg);

void bebpf_stats_get(struct bebpf_stats *ret);
const char *bebpf_pin_dir(void);

/* Detach vxsw's programs from every device and remove the maps pinned in pin_dir: what
 * "vxswd --cleanup" does. Returns the number of programs detached, or -errno. */
int bebpf_cleanup(const char *pin_dir);

#endif /* VXSW_CONTROL_BACKEND_EBPF_H */
