/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dp: the state vxsw-dpdk's forwarding lcores read and its control thread writes: ports, VNIs,
 * remote VTEPs, the FDB, the published configuration and the per-lcore counters. Readers run
 * lock-free; the control thread publishes with release stores and frees what it replaced only
 * after an RCU (QSBR) grace period. Private to dataplane/dpdk.
 */
#ifndef VXSW_DPDK_DP_H
#define VXSW_DPDK_DP_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include <vxsw/drop.h>
#include <vxsw/proto.h>

#include "cls.h"
#include "fdb.h"
#include "model.h"
#include "portsec.h"
#include "vxlan.h"

#define DP_BURST      32
#define DP_MAX_PORTS  32
#define DP_MAX_LCORES MODEL_MAX_LCORES
#define DP_PORT_NONE  0xffff
#define DP_NEIGH_MAX  256
#define DP_TXBUF      (DP_BURST * 4)
#define DP_FLOOD_MAX  1024 /* remote VTEPs in one flood list */

/* Published configuration: immutable once visible to the lcores. */
struct dp_conf {
	struct vxlan_rx_cfg rx; /* local_ip, dstport, knobs */
	uint16_t ul_port;	/* DP_PORT_NONE until configured */
	uint16_t mtu;		/* underlay IP MTU */
	uint16_t sport_min, sport_max;
	bool learn_unknown_vtep;
};

/* A VNI's replication list: remote VTEP indices, then local port ids. Immutable. */
struct dp_flood {
	uint16_t n_vteps;
	uint16_t n_ports;
	uint16_t ids[];
};

struct dp_vni {
	uint32_t vni;		/* 0: free slot */
	struct dp_flood *flood; /* RCU-published */
	uint64_t *members;	/* bitmap by VTEP index: the flood list, for the source check */
	/* control thread only */
	uint32_t mac_limit;
	uint32_t n_ports;
	struct model_counters base; /* counters at creation, for per-VNI figures */
};

struct dp_vtep {
	vxsw_be32 ip;		 /* 0: free slot */
	struct vxlan_tmpl *tmpl; /* RCU-published; NULL while the next hop is unresolved */
	uint8_t unres_reason;	 /* drop reason while tmpl is NULL */
	/* control thread only */
	uint32_t refs;
	uint32_t n_vnis;
	vxsw_be32 nh;
	bool quarantine; /* freed, reusable after the next grace period */
	struct model_counters base;
};

struct dp_port {
	uint16_t id;
	char name[VXSW_NAME_MAX];
	uint8_t role;	  /* enum vxsw_port_role, read with acquire */
	uint16_t vni_idx; /* access ports */
	struct rte_ether_addr mac;
	struct rte_ring *inject;	/* control thread -> lcore 0 -> this port's TX */
	struct vxsw_port_sec *sec;	/* RCU-published, immutable; NULL: no source check */
	struct model_port_sec sec_conf; /* control thread: as configured */
	struct model_counters base;
};

struct dp_counters {
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_packets, tx_bytes;
	uint64_t drops;
	uint64_t encap, decap, flood;
};

/*
 * An lcore's cache of the VNI -> slot and remote VTEP address -> slot lookups of the decap
 * path, in front of their rte_hash tables (as the FDB cache): direct-mapped, only hits, emptied
 * when dp.map_gen moves. slot + 1 is stored, so 0 is an empty entry.
 */
#define DP_MAP_CACHE 256

struct dp_map_cache {
	uint32_t gen;
	struct {
		uint32_t key;
		uint32_t slot1;
	} vni[DP_MAP_CACHE], vtep[DP_MAP_CACHE];
};

/*
 * The flow table as the lcores see it: a classifier that never changes once published (the
 * control thread builds a new one for every batch and swaps the pointer) and its generation,
 * which tags the lcores' exact-match caches. dp.flows is NULL while there is no rule: the
 * forwarding loop then does not look at flows at all.
 */
struct dp_flowtab {
	struct cls *cls;
	uint32_t gen; /* never 0 */
};

/* cls_rule.action as vxsw-dpdk packs it. */
#define DP_FLOW_ACT(a)	((uint32_t)((a)&0xff))		   /* enum vxsw_flow_action */
#define DP_FLOW_ARG(a)	((uint16_t)((a) >> 8))		   /* port id or VTEP slot */
#define DP_FLOW_VNI(a)	((uint32_t)((a) >> 24) & 0xffffff) /* ENCAP's VNI, 0 = the frame's */
#define DP_FLOW_SLOT(a) ((uint32_t)((a) >> 48))		   /* counter slot */
#define DP_FLOW_PACK(act, arg, vni, slot)                                                          \
	((uint64_t)(act) | (uint64_t)(arg) << 8 | (uint64_t)(vni) << 24 | (uint64_t)(slot) << 48)
/* Cached "no rule matches". */
#define DP_FLOW_NONE UINT64_MAX

struct dp_flow_ctr {
	uint64_t packets, bytes;
};

/*
 * An lcore's exact-match cache in front of the classifier: a frame's whole key, the winning
 * rule's packed action (or DP_FLOW_NONE) and the table generation it was found in. Two-way;
 * an entry of an older generation is a miss, so a new table needs no flush.
 */
#define DP_EMC_SIZE 1024

struct dp_emc {
	struct {
		struct flow_key key;
		uint64_t action;
		uint32_t gen;
	} e[DP_EMC_SIZE];
};

struct dp_txbuf {
	uint16_t n;
	uint64_t bytes; /* of the frames queued: counted as sent unless the NIC refuses some */
	struct rte_mbuf *pkts[DP_TXBUF];
};

struct dp_lcore {
	uint32_t idx; /* RCU thread id and TX queue index */
	unsigned int lcore_id;
	uint16_t n_rxq;
	uint16_t rxq_port[DP_MAX_PORTS];
	uint16_t rxq_queue[DP_MAX_PORTS];
	struct dp_counters port[DP_MAX_PORTS];
	struct dp_counters *vni;  /* max_vnis */
	struct dp_counters *vtep; /* max_vteps */
	uint64_t drops[VXSW_DROP_MAX];
	uint64_t busy_cycles, busy_packets;
	uint64_t learn_full;	      /* learn requests the full queue refused */
	struct fdb_cache *fdbc;	      /* this lcore's cache of FDB hits */
	struct dp_map_cache *mapc;    /* ... and of VNI and VTEP slots */
	struct dp_flow_ctr *flow_ctr; /* VXSW_FLOW_MAX, by rule slot */
	struct dp_emc *emc;
	struct dp_txbuf tx[DP_MAX_PORTS];
} __rte_cache_aligned;

/* Learn request from an lcore to the control thread. loc 0: learn from an unknown VTEP ip. */
struct dp_learn {
	uint32_t vni_idx;
	uint32_t loc;
	vxsw_be32 ip;
	uint8_t mac[6];
	uint16_t pad;
};

/* Why an mbuf was handed to the control thread (stored in mbuf->hash.usr). */
enum dp_slow {
	DP_SLOW_ARP = 1,
	DP_SLOW_ICMP,	 /* ICMP addressed to our VTEP address */
	DP_SLOW_TOO_BIG, /* answer with Fragmentation Needed / Packet Too Big */
};

struct dp {
	struct dp_conf *conf; /* RCU-published */
	struct fdb *fdb;
	struct rte_hash *vni_hash;  /* vni (host order u32) -> index */
	struct rte_hash *vtep_hash; /* ip (be32) -> index */
	/* Bumped after a VNI or VTEP leaves its hash: lcores' slot caches are stale then. */
	uint32_t map_gen;
	struct dp_vni *vnis;
	uint32_t max_vnis;
	struct dp_vtep *vteps;
	uint32_t max_vteps;
	uint32_t member_words; /* u64 words per VNI membership bitmap */
	struct dp_port ports[DP_MAX_PORTS];
	uint16_t n_ports;
	struct dp_lcore *lcores[DP_MAX_LCORES];
	uint32_t n_lcores;
	struct rte_mempool *pool;
	struct rte_ring *learn_ring;
	struct rte_ring *slow_ring;
	struct rte_rcu_qsbr *qs;
	struct dp_flowtab *flows; /* RCU-published; NULL: no rules */
	uint32_t now;		  /* seconds since start, written by the control thread */
	uint32_t idle_sleep_us;
	volatile bool quit;
};

extern struct dp dp;

/* fwd.c: the forwarding loop of one lcore (rte_eal_remote_launch entry). */
int fwd_main(void *arg);

/* model.c: control-thread work beyond requests: learning, slow path, neighbours, ageing. */
int model_init(uint32_t fdb_size);
void model_tick(uint64_t now_ms);
void model_fini(void);

/* model.c: the port id of a port name, or -ENOENT. */
int model_port_index(const char *name);

/* model.c: a reference on a remote VTEP (created on first use) for a flow's ENCAP action. */
int model_vtep_hold(vxsw_be32 ip);
void model_vtep_release(uint32_t slot);

/* flows.c */
int flows_init(void);
void flows_fini(void);
/* Every rule's counters start again from zero (stats clear). */
void flows_counters_clear(void);

/* telemetry.c */
int telemetry_init(void);

static inline void dp_count_drop(struct dp_lcore *lc, struct rte_mbuf *m, uint16_t port,
				 enum vxsw_drop why)
{
	lc->drops[why]++;
	if (port < DP_MAX_PORTS)
		lc->port[port].drops++;
	rte_pktmbuf_free(m);
}

#endif /* VXSW_DPDK_DP_H */
