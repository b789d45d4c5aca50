/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw eBPF fast path: the keys and values of the maps that vxswd fills and the TC programs in
 * dataplane/bpf/ read, and the counters the programs keep. Plain C: compiles for the host and
 * for clang -target bpf. Append only: pinned maps outlive the programs and the daemon, so a
 * layout change needs a new map name.
 */
#ifndef VXSW_BPF_H
#define VXSW_BPF_H

#include <stdint.h>

#include <vxsw/drop.h>
#include <vxsw/flow.h>
#include <vxsw/wire.h>

/* Where vxswd pins the maps (one directory per vxswd instance). */
#define VXSW_BPF_PIN_DIR "/sys/fs/bpf/vxsw"

/* tc filter handle and priority of the programs on each device (ingress, clsact). */
#define VXSW_BPF_TC_HANDLE   0x7658 /* "vX" */
#define VXSW_BPF_TC_PRIORITY 0x7658

/* Hard limits (max_entries); vxswd may lower them from its configuration before load. */
#define VXSW_BPF_PORTS_MAX    4096
#define VXSW_BPF_VNIS_MAX     4096
#define VXSW_BPF_FDB_MAX      262144
#define VXSW_BPF_MEMBERS_MAX  65536
#define VXSW_BPF_NEXTHOPS_MAX 4096
#define VXSW_BPF_FLOWS_MAX    8192 /* rules */
#define VXSW_BPF_FLOW_MASKS   16   /* distinct masks (tuples) a lookup tries at most */
#define VXSW_BPF_CACHE_SIZE   1024 /* entries per CPU of each program's forwarding cache */

/* vxsw_cfg (array, one element, key 0): what the underlay program needs to know. */
struct vxsw_bpf_cfg {
	vxsw_be32 local_ip; /* the VTEP address; 0: not configured, every frame passes */
	vxsw_be16 dstport;  /* VXLAN UDP port */
	uint8_t flags;	    /* VXSW_BPF_CFG_* */
	uint8_t pad;
	uint64_t refresh_ns; /* a dynamic MAC sends one frame to the kernel this often */
};

#define VXSW_BPF_CFG_IGNORE_RESERVED 0x1 /* accept non-zero VXLAN reserved bits */

/*
 * vxsw_gen (array, one element, key 0: uint64_t): the generation of the maps the programs
 * forward by. Each program keeps a per-CPU forwarding cache (not pinned) of the decisions it
 * took from vxsw_ports, vxsw_vnis, vxsw_fdb, vxsw_members, vxsw_nexthops and vxsw_cfg, each
 * tagged with the generation it was taken under; an entry of another generation is not used.
 * vxswd bumps it after writing any of those maps. 0: the caches are off.
 */

/* vxsw_vnis (hash, key: uint32_t VNI in host order). */
struct vxsw_bpf_vni {
	uint32_t ifindex;	       /* its vxlan device */
	uint16_t sport_min, sport_max; /* outer UDP source port range, host order */
	uint8_t ttl;		       /* outer TTL (the vxlan device's; 0 there means 64) */
	uint8_t tos;
	uint8_t flags; /* VXSW_BPF_VNI_* */
	uint8_t pad;
};

/* The kernel's vxlan device learns remote MACs itself: a frame from an unknown or moved inner
 * source goes to it, and so does one from a source VTEP that is not a member of the VNI. */
#define VXSW_BPF_VNI_LEARNING 0x1

/* vxsw_ports (hash, key: uint32_t ifindex): the local ports, each in one VNI. */
struct vxsw_bpf_port {
	uint32_t vni;  /* 0: not in the overlay */
	uint8_t flags; /* VXSW_BPF_PORT_* */
	uint8_t pad[3];
};

#define VXSW_BPF_PORT_PEER    0x1 /* a veth: deliver into its peer with bpf_redirect_peer() */
#define VXSW_BPF_PORT_SECURED 0x2 /* its sources are checked: an entry in vxsw_port_sec */

/* vxsw_fdb (hash): where a MAC of a VNI is. */
struct vxsw_bpf_fdb_key {
	uint32_t vni;
	uint8_t mac[VXSW_ETH_ALEN];
	uint8_t pad[2]; /* zero */
};

struct vxsw_bpf_fdb {
	uint32_t ifindex; /* a local port, or 0 for a remote MAC */
	vxsw_be32 remote; /* the remote VTEP (IPv4) */
	uint32_t flags;	  /* VXSW_BPF_FDB_* */
	uint32_t pad;
	uint64_t refreshed; /* programs only: when a frame last went to the kernel to refresh it */
};

/* The kernel learned the entry and ages it: one frame per refresh_ns goes to the kernel, so
 * that its entry stays alive while the fast path carries the traffic. */
#define VXSW_BPF_FDB_DYNAMIC 0x1
/* A control plane set it (extern_learn: EVPN): for display, the programs do not look at it. */
#define VXSW_BPF_FDB_EXTERN 0x2

/* vxsw_members (hash): the remote VTEPs of a VNI (its flood list and the VTEPs its remote
 * MACs are behind). A frame from any other VTEP is not decapsulated by the fast path. */
struct vxsw_bpf_member_key {
	uint32_t vni;
	vxsw_be32 ip;
};

/* vxsw_nexthops (hash, key: vxsw_be32 remote VTEP): how to reach a remote VTEP on the
 * underlay, from the kernel's route and neighbour tables. Absent: the kernel resolves it. */
struct vxsw_bpf_nexthop {
	uint32_t ifindex; /* the underlay device */
	uint8_t smac[VXSW_ETH_ALEN];
	uint8_t dmac[VXSW_ETH_ALEN];
	vxsw_be32 saddr; /* source address of the outer header (the VTEP address) */
};

/*
 * The flow table (docs/flows.md), in two sets so that a batch switches at once: vxswd fills
 * the set not in use, then flips vxsw_flow_sel.set. A lookup tries the set's masks, best
 * priority first, and looks the masked key up in vxsw_flow_rules; the key's in_port is the
 * input device's ifindex (below 65536: vxswd refuses rules on ports above).
 */

/* vxsw_flow_sel (array, one element): the set in use and how many masks each set has. */
struct vxsw_bpf_flow_sel {
	uint32_t set; /* 0 or 1 */
	uint32_t n_masks[2];
	uint32_t pad;
};

/* vxsw_flow_masks (array, 2 x VXSW_BPF_FLOW_MASKS: set * VXSW_BPF_FLOW_MASKS + i). */
struct vxsw_bpf_flow_mask {
	struct flow_key mask;
	uint32_t max_prio; /* the best priority of the rules with this mask */
	uint32_t pad;
};

/* vxsw_flow_rules (hash): the best rule of a set for a mask and a masked key. */
struct vxsw_bpf_flow_key {
	uint32_t set_mask; /* set * VXSW_BPF_FLOW_MASKS + mask index */
	uint32_t pad;
	struct flow_key value; /* masked */
};

struct vxsw_bpf_flow {
	uint32_t priority;
	uint32_t id;	/* at equal priority the lower wins */
	uint32_t slot;	/* vxsw_flow_stats index */
	uint8_t action; /* enum vxsw_flow_action */
	uint8_t flags;	/* OUTPUT: VXSW_BPF_PORT_* of the port */
	uint16_t pad;
	uint32_t ifindex; /* OUTPUT: the port */
	vxsw_be32 remote; /* ENCAP: the VTEP */
	uint32_t vni;	  /* ENCAP: the VNI, 0 = the frame's */
	uint32_t pad2;
};

/* vxsw_flow_stats (per-CPU array, VXSW_BPF_FLOWS_MAX, by slot). */
struct vxsw_bpf_flow_stats {
	uint64_t packets, bytes;
};

/*
 * Why a frame went to the kernel instead of the fast path (or, rarely, was dropped): the drop
 * reasons of the DPDK dataplane, for the same packet rules, then the fast path's own.
 */
#define VXSW_BPF_REASONS(X)                                                                        \
	X(BUM, "bum")			    /* broadcast, multicast: the kernel floods */          \
	X(UNKNOWN_DST, "unknown_dst")	    /* no FDB entry for the destination */                 \
	X(LEARN, "learn")		    /* source MAC new or moved: the kernel learns it */    \
	X(REFRESH, "refresh")		    /* keeps the kernel's dynamic entry alive */           \
	X(NO_NEXTHOP, "nexthop_unresolved") /* the kernel resolves the underlay neighbour */       \
	X(NOT_IP, "inner_not_ip")	    /* decap of a non-IP inner frame (ARP...) */           \
	X(GSO, "gso")			    /* a GSO frame the fast path cannot decapsulate */     \
	X(VLAN, "vlan_tagged")		    /* 802.1Q on a local port: the bridge's business */    \
	X(REDIRECT, "redirect_failed")

/* clang-format off */
enum vxsw_bpf_reason {
	/* 0 .. VXSW_DROP_MAX - 1: enum vxsw_drop */
#define VXSW_BPF_REASON_ENUM(e, s) VXSW_BPF_##e,
	VXSW_BPF_REASON_FIRST = VXSW_DROP_MAX - 1,
	VXSW_BPF_REASONS(VXSW_BPF_REASON_ENUM)
#undef VXSW_BPF_REASON_ENUM
	VXSW_BPF_REASON_MAX
};
/* clang-format on */

/* vxsw_stats (per-CPU array, one element, key 0). */
struct vxsw_bpf_stats {
	uint64_t encap_packets, encap_bytes;   /* local port -> underlay */
	uint64_t decap_packets, decap_bytes;   /* underlay -> local port */
	uint64_t local_packets, local_bytes;   /* local port -> local port */
	uint64_t passed[VXSW_BPF_REASON_MAX];  /* left to the kernel, by reason */
	uint64_t dropped[VXSW_BPF_REASON_MAX]; /* dropped, by reason */
};

#endif /* VXSW_BPF_H */
