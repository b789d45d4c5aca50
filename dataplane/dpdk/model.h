/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * model: the configuration and state of a running vxsw-dpdk (ports, VNIs, remote VTEPs, flood
 * lists, FDB, underlay neighbours, knobs and limits) as the control thread sees it. Every
 * change goes through these functions, called from the control thread only; they validate
 * everything first and change nothing on error, then publish to the forwarding lcores with RCU.
 * Return 0 (or a count) on success, -errno on failure with ea->msg/ea->attr saying why.
 */
#ifndef VXSW_DPDK_MODEL_H
#define VXSW_DPDK_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include <vxsw/addr.h>
#include <vxsw/drop.h>
#include <vxsw/proto.h>

#include "portsec.h"

/* Why a request failed: a static message and the VXSW_A_* attribute at fault (0 = none). */
struct extack {
	const char *msg;
	int attr;
};

static inline int extack_set(struct extack *ea, int err, int attr, const char *msg)
{
	if (ea) {
		ea->msg = msg;
		ea->attr = attr;
	}
	return err;
}

/* Packet/byte counters summed over the forwarding lcores. */
struct model_counters {
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_packets, tx_bytes;
	uint64_t drops;
	uint64_t encap, decap, flood;
};

/* A port's source check (anti-spoofing, portsec.h): with on, only frames from an allowed
 * source leave the port. The sources as the dataplane checks them. */
struct model_port_sec {
	bool on;
	uint32_t n;
	struct vxsw_port_sec_entry a[VXSW_PORT_ALLOWED_MAX];
};

struct model_port_info {
	uint16_t id;
	char name[VXSW_NAME_MAX];
	enum vxsw_port_role role;
	uint32_t vni; /* access ports: the bound VNI */
	uint8_t mac[6];
	bool link_up;
	uint32_t macs; /* FDB entries located on this port */
	struct model_counters c;
	uint64_t rx_missed, rx_errors, tx_errors; /* from rte_eth_stats */
	struct model_port_sec sec;
};

struct model_vni_info {
	uint32_t vni;
	uint32_t mac_limit; /* 0 = none */
	uint32_t macs;
	uint32_t n_flood; /* remote VTEPs in the flood list */
	uint32_t n_ports; /* access ports bound */
	struct model_counters c;
};

struct model_fdb_info {
	uint32_t vni;
	uint8_t mac[6];
	bool is_remote;
	char port[VXSW_NAME_MAX]; /* local entries */
	struct vxsw_ip remote;	  /* remote entries */
	bool is_static;
	bool is_extern; /* programmed by a control plane, movable by learning */
	uint32_t age;	/* seconds since last seen (learned entries) */
};

struct model_neigh_info {
	struct vxsw_ip addr;
	uint8_t mac[6];
	enum vxsw_neigh_state state;
};

struct model_vtep_info {
	struct vxsw_ip remote;
	struct vxsw_ip nexthop;
	uint8_t mac[6];
	bool resolved;
	uint32_t n_vnis; /* flood lists it is in */
	uint32_t refs;	 /* flood memberships + FDB entries pointing at it */
	struct model_counters c;
};

/* Knobs and limits; CONFIG_SET changes those whose has_* flag is set. */
struct model_config {
	bool has_ageing, has_limit_fdb, has_limit_vni_macs, has_limit_port_macs;
	bool has_reserved_bits, has_learn_unknown_vtep, has_udp_csum;
	uint32_t ageing; /* seconds, 0 = never */
	uint32_t limit_fdb;
	uint32_t limit_vni_macs;
	uint32_t limit_port_macs;
	enum vxsw_reserved_bits reserved_bits;
	bool learn_unknown_vtep;
	enum vxsw_udp_csum udp_csum;
};

/* Underlay settings; UNDERLAY_SET changes those whose has_* flag is set. */
struct model_underlay {
	bool has_port, has_local, has_gateway, has_mtu, has_dstport, has_sport, has_ttl;
	char port[VXSW_NAME_MAX];
	struct vxsw_ip local;
	uint8_t prefixlen;
	struct vxsw_ip gateway; /* family 0 = no gateway */
	uint16_t mtu;		/* IP MTU of the underlay */
	uint16_t dstport;
	uint16_t sport_min, sport_max;
	uint8_t ttl;
};

struct model_status {
	const char *version;
	uint64_t uptime;
	struct model_config config;
	struct model_underlay underlay; /* has_* say what is configured */
	uint32_t fdb_size, max_vnis, max_vteps;
	uint32_t n_ports, n_vnis, n_vteps, n_macs;
	uint64_t learn_refused[VXSW_REFUSE_MAX + 1];
};

struct model_lcore_stats {
	uint32_t lcore_id;
	uint64_t busy_cycles, busy_packets;
};

#define MODEL_MAX_LCORES 16

struct model_stats {
	struct model_counters c;
	uint64_t drops[VXSW_DROP_MAX];
	uint32_t n_lcores;
	struct model_lcore_stats lcores[MODEL_MAX_LCORES];
};

/* Walk callbacks return 0 to go on, non-zero to stop the walk (which then returns it). */
typedef int (*model_port_cb)(const struct model_port_info *, void *);
typedef int (*model_vni_cb)(const struct model_vni_info *, void *);
typedef int (*model_flood_cb)(uint32_t vni, const struct vxsw_ip *remote, void *);
typedef int (*model_fdb_cb)(const struct model_fdb_info *, void *);
typedef int (*model_neigh_cb)(const struct model_neigh_info *, void *);
typedef int (*model_vtep_cb)(const struct model_vtep_info *, void *);

void model_status_get(struct model_status *ret);
int model_config_set(const struct model_config *req, struct extack *ea);
int model_underlay_set(const struct model_underlay *req, struct extack *ea);

int model_port_get(const char *name, struct model_port_info *ret, struct extack *ea);
int model_port_walk(model_port_cb cb, void *arg);
/* Bind an access port to vni, or unbind it with vni 0. */
int model_port_bind(const char *name, uint32_t vni, struct extack *ea);
/* Replace the port's source check (off: every source, as without one). */
int model_port_security(const char *name, const struct model_port_sec *sec, struct extack *ea);

int model_vni_add(uint32_t vni, uint32_t mac_limit, struct extack *ea);
int model_vni_del(uint32_t vni, struct extack *ea);
int model_vni_get(uint32_t vni, struct model_vni_info *ret, struct extack *ea);
int model_vni_walk(model_vni_cb cb, void *arg);

int model_flood_add(uint32_t vni, const struct vxsw_ip *remote, struct extack *ea);
int model_flood_del(uint32_t vni, const struct vxsw_ip *remote, struct extack *ea);
/* vni 0 walks every VNI. */
int model_flood_walk(uint32_t vni, model_flood_cb cb, void *arg);

/*
 * A pinned entry: port != NULL for a local port, else remote. is_extern: programmed by a control
 * plane (EVPN), learning may move it; else static, learning never moves it.
 */
int model_fdb_add(uint32_t vni, const uint8_t mac[6], const char *port,
		  const struct vxsw_ip *remote, bool is_extern, struct extack *ea);
int model_fdb_del(uint32_t vni, const uint8_t mac[6], struct extack *ea);
int model_fdb_walk(uint32_t vni, model_fdb_cb cb, void *arg);
/* Returns the number of entries removed. */
int model_fdb_flush(uint32_t vni, bool include_static, struct extack *ea);

int model_neigh_add(const struct vxsw_ip *addr, const uint8_t mac[6], struct extack *ea);
int model_neigh_del(const struct vxsw_ip *addr, struct extack *ea);
int model_neigh_walk(model_neigh_cb cb, void *arg);

int model_vtep_walk(model_vtep_cb cb, void *arg);

/*
 * Where learned entries are reported: cb runs in the control thread when one appears or moves
 * (del false) and when it goes away (del true). NULL turns reports off.
 */
typedef void (*model_fdb_event_cb)(const struct model_fdb_info *info, bool del, void *arg);
void model_set_fdb_event(model_fdb_event_cb cb, void *arg);

/*
 * The flow table (docs/flows.md). A batch applies its changes in order, all or nothing: on
 * failure nothing changed, *bad is the index of the change at fault and ea says why, naming the
 * field ("in_port: no such port"). ids[i] is the ID of change i's rule (0 for FLUSH). Forwarding
 * never pauses: the lcores switch to the new table between two bursts.
 */
struct flow_spec;
int model_flow_batch(const struct flow_spec *ops, uint32_t n, uint32_t *ids, uint32_t *bad,
		     struct extack *ea);
/* Every rule, by ID, with its counters (has_counters set). */
typedef int (*model_flow_cb)(const struct flow_spec *, void *);
int model_flow_walk(model_flow_cb cb, void *arg);
uint32_t model_flow_count(void);

void model_stats_get(struct model_stats *ret);
void model_stats_clear(void);

#endif /* VXSW_DPDK_MODEL_H */
