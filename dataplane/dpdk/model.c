/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * model: the control thread's side of vxsw-dpdk (see model.h). It validates and applies
 * configuration, learns what the lcores report, answers ARP and ICMP for the VTEP address,
 * resolves underlay next hops, ages the FDB, and publishes every change with RCU: readers never
 * wait, and what they may still see is freed only after a grace period.
 */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_hash_crc.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>

#include "arp.h"
#include "dp.h"
#include "icmp.h"
#include "pkt.h"

#define RTE_LOGTYPE_VXSW RTE_LOGTYPE_USER1

struct neigh {
	vxsw_be32 ip; /* 0: free */
	uint8_t mac[6];
	uint8_t state; /* enum vxsw_neigh_state */
	uint8_t tries;
	uint64_t asked_ms, updated_ms;
};

/* What only the control thread sees. */
static struct {
	struct model_config cfg;
	struct model_underlay ul; /* has_port/has_local say what is set */
	uint16_t ul_port;
	struct neigh neigh[DP_NEIGH_MAX];
	void *garbage[1024];
	uint32_t n_garbage;
	uint64_t ctl_drops[VXSW_DROP_MAX];
	uint64_t start_tsc, now_ms, last_age_ms, last_neigh_ms;
	bool neigh_soon; /* a next hop nobody asked for yet: run neigh_tick at the next tick */
	uint64_t icmp_tokens, icmp_last_ms;
	uint32_t n_vnis, n_vteps;
	uint32_t n_quarantine;	 /* VTEP slots freed but maybe still seen by an lcore */
	struct model_stats base; /* for stats clear */
} ctl;

#define ICMP_RATE 100 /* Fragmentation Needed replies per second, burst as many */

/* ---- RCU helpers ---- */

static void reclaim(void)
{
	uint32_t i;

	if (ctl.n_garbage == 0 && ctl.n_quarantine == 0)
		return;
	rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
	for (i = 0; i < ctl.n_garbage; i++)
		rte_free(ctl.garbage[i]);
	ctl.n_garbage = 0;
	for (i = 0; ctl.n_quarantine && i < dp.max_vteps; i++)
		if (dp.vteps[i].quarantine) {
			dp.vteps[i].quarantine = false;
			ctl.n_quarantine--;
		}
}

static void defer_free(void *p)
{
	if (!p)
		return;
	if (ctl.n_garbage == RTE_DIM(ctl.garbage))
		reclaim();
	ctl.garbage[ctl.n_garbage++] = p;
}

static void publish_conf(void)
{
	struct dp_conf *c = rte_zmalloc("dp_conf", sizeof(*c), RTE_CACHE_LINE_SIZE), *old;

	if (!c) {
		RTE_LOG(ERR, VXSW, "out of memory publishing the configuration\n");
		return;
	}
	c->rx.local_ip = ctl.ul.has_local ? ctl.ul.local.v4 : 0;
	c->rx.dstport = rte_cpu_to_be_16(ctl.ul.dstport);
	c->rx.ignore_reserved = ctl.cfg.reserved_bits == VXSW_RESERVED_IGNORE;
	c->rx.verify_udp_csum = ctl.cfg.udp_csum == VXSW_UDP_CSUM_VERIFY;
	c->ul_port = ctl.ul.has_port ? ctl.ul_port : DP_PORT_NONE;
	c->mtu = ctl.ul.mtu;
	c->sport_min = ctl.ul.sport_min;
	c->sport_max = ctl.ul.sport_max;
	c->learn_unknown_vtep = ctl.cfg.learn_unknown_vtep;
	old = dp.conf;
	__atomic_store_n(&dp.conf, c, __ATOMIC_RELEASE);
	defer_free(old);
}

/* ---- counters ---- */

static void counters_add(struct model_counters *to, const struct dp_counters *c)
{
	to->rx_packets += c->rx_packets;
	to->rx_bytes += c->rx_bytes;
	to->tx_packets += c->tx_packets;
	to->tx_bytes += c->tx_bytes;
	to->drops += c->drops;
	to->encap += c->encap;
	to->decap += c->decap;
	to->flood += c->flood;
}

static void counters_sub(struct model_counters *c, const struct model_counters *base)
{
	c->rx_packets -= base->rx_packets;
	c->rx_bytes -= base->rx_bytes;
	c->tx_packets -= base->tx_packets;
	c->tx_bytes -= base->tx_bytes;
	c->drops -= base->drops;
	c->encap -= base->encap;
	c->decap -= base->decap;
	c->flood -= base->flood;
}

static void port_counters(uint16_t p, struct model_counters *ret)
{
	uint32_t l;

	memset(ret, 0, sizeof(*ret));
	for (l = 0; l < dp.n_lcores; l++)
		counters_add(ret, &dp.lcores[l]->port[p]);
}

static void vni_counters(uint32_t i, struct model_counters *ret)
{
	uint32_t l;

	memset(ret, 0, sizeof(*ret));
	for (l = 0; l < dp.n_lcores; l++)
		counters_add(ret, &dp.lcores[l]->vni[i]);
}

static void vtep_counters(uint32_t i, struct model_counters *ret)
{
	uint32_t l;

	memset(ret, 0, sizeof(*ret));
	for (l = 0; l < dp.n_lcores; l++)
		counters_add(ret, &dp.lcores[l]->vtep[i]);
}

/* ---- lookups ---- */

int model_port_index(const char *name)
{
	uint16_t p;

	for (p = 0; p < dp.n_ports; p++)
		if (strcmp(dp.ports[p].name, name) == 0)
			return p;
	return -ENOENT;
}

static int port_by_name(const char *name, struct extack *ea)
{
	int p = model_port_index(name);

	return p >= 0 ? p : extack_set(ea, -ENODEV, VXSW_A_PORT_NAME, "no such port");
}

static int vni_find(uint32_t vni)
{
	void *d;

	if (rte_hash_lookup_data(dp.vni_hash, &vni, &d) < 0)
		return -ENOENT;
	return (int)(uintptr_t)d;
}

static int vni_check(uint32_t vni, struct extack *ea)
{
	int i;

	if (vni == 0 || vni > VXSW_VXLAN_VNI_MAX)
		return extack_set(ea, -EINVAL, VXSW_A_VNI, "VNI out of range 1-16777215");
	i = vni_find(vni);
	if (i < 0)
		return extack_set(ea, -ENOENT, VXSW_A_VNI, "no such VNI");
	return i;
}

/* The VTEP's slot: the hash's data, not the key's position in the hash (they differ once
 * keys have been deleted and added again). */
static int vtep_find(vxsw_be32 ip)
{
	void *d;

	if (rte_hash_lookup_data(dp.vtep_hash, &ip, &d) < 0)
		return -ENOENT;
	return (int)(uintptr_t)d;
}

static int check_remote(const struct vxsw_ip *a, int attr, struct extack *ea)
{
	uint32_t h;

	if (a->family == VXSW_AF_INET6)
		return extack_set(ea, -EAFNOSUPPORT, attr, "IPv6 underlay is not supported yet");
	if (a->family != VXSW_AF_INET)
		return extack_set(ea, -EINVAL, attr, "address family must be IPv4");
	h = rte_be_to_cpu_32(a->v4);
	if (h == 0 || h == 0xffffffffu || (h >> 28) == 0xe || (h >> 24) == 127)
		return extack_set(ea, -EINVAL, attr, "not a unicast address");
	if (ctl.ul.has_local && a->v4 == ctl.ul.local.v4)
		return extack_set(ea, -EINVAL, attr, "that is the local VTEP address");
	return 0;
}

/* ---- neighbours and templates ---- */

static struct neigh *neigh_find(vxsw_be32 ip)
{
	uint32_t i;

	for (i = 0; i < DP_NEIGH_MAX; i++)
		if (ctl.neigh[i].ip == ip)
			return &ctl.neigh[i];
	return NULL;
}

static struct neigh *neigh_get(vxsw_be32 ip)
{
	struct neigh *n = neigh_find(ip);

	if (!n && (n = neigh_find(0)) != NULL) {
		memset(n, 0, sizeof(*n));
		n->ip = ip;
		n->state = VXSW_NEIGH_INCOMPLETE;
	}
	return n;
}

static bool in_subnet(const struct model_underlay *ul, vxsw_be32 ip)
{
	uint32_t mask;

	if (!ul->has_local)
		return false;
	mask = ul->prefixlen ? 0xffffffffu << (32 - ul->prefixlen) : 0;
	return ((rte_be_to_cpu_32(ip) ^ rte_be_to_cpu_32(ul->local.v4)) & mask) == 0;
}

static bool on_link(vxsw_be32 ip)
{
	return in_subnet(&ctl.ul, ip);
}

static vxsw_be32 nexthop(vxsw_be32 ip)
{
	if (on_link(ip))
		return ip;
	if (ctl.ul.has_gateway)
		return ctl.ul.gateway.v4;
	return 0;
}

static void vtep_set_tmpl(struct dp_vtep *vt, struct vxlan_tmpl *t, enum vxsw_drop why)
{
	struct vxlan_tmpl *old = vt->tmpl;

	vt->unres_reason = (uint8_t)why;
	__atomic_store_n(&vt->tmpl, t, __ATOMIC_RELEASE);
	defer_free(old);
}

/* Builds (or clears) the outer header of one VTEP from the underlay and neighbour state. */
static void vtep_rebuild(uint32_t i)
{
	struct dp_vtep *vt = &dp.vteps[i];
	struct vxlan_tmpl_params p;
	struct vxlan_tmpl *t;
	struct neigh *n;

	if (!ctl.ul.has_port || !ctl.ul.has_local) {
		vtep_set_tmpl(vt, NULL, VXSW_DROP_ENCAP_NO_UNDERLAY);
		return;
	}
	vt->nh = nexthop(vt->ip);
	if (vt->nh == 0) {
		vtep_set_tmpl(vt, NULL, VXSW_DROP_NO_ROUTE);
		return;
	}
	n = neigh_get(vt->nh);
	if (!n || n->state == VXSW_NEIGH_INCOMPLETE) {
		/* The VTEP's traffic is dropped until the answer (after a gateway change, say):
		 * ask for a new next hop at once, not at the next 100 ms neighbour tick. */
		if (n && n->tries == 0)
			ctl.neigh_soon = true;
		vtep_set_tmpl(vt, NULL, VXSW_DROP_NEIGH_UNRESOLVED);
		return;
	}
	t = rte_zmalloc("vxlan_tmpl", sizeof(*t), RTE_CACHE_LINE_SIZE);
	if (!t) {
		vtep_set_tmpl(vt, NULL, VXSW_DROP_NEIGH_UNRESOLVED);
		return;
	}
	memset(&p, 0, sizeof(p));
	memcpy(p.src_mac, dp.ports[ctl.ul_port].mac.addr_bytes, 6);
	memcpy(p.dst_mac, n->mac, 6);
	p.src_ip = ctl.ul.local.v4;
	p.dst_ip = vt->ip;
	p.dstport = rte_cpu_to_be_16(ctl.ul.dstport);
	p.ttl = ctl.ul.ttl;
	vxlan_tmpl_init(t, &p);
	vtep_set_tmpl(vt, t, VXSW_DROP_NONE);
}

static void vteps_rebuild(vxsw_be32 nh)
{
	uint32_t i;

	for (i = 0; i < dp.max_vteps; i++)
		if (dp.vteps[i].ip && (nh == 0 || dp.vteps[i].nh == nh || dp.vteps[i].tmpl == NULL))
			vtep_rebuild(i);
}

static int vtep_get(vxsw_be32 ip)
{
	int i = vtep_find(ip);
	uint32_t s;

	if (i >= 0)
		return i;
	for (s = 0; s < dp.max_vteps; s++)
		if (dp.vteps[s].ip == 0 && !dp.vteps[s].quarantine)
			break;
	if (s == dp.max_vteps)
		return -ENOSPC;
	memset(&dp.vteps[s], 0, sizeof(dp.vteps[s]));
	dp.vteps[s].ip = ip;
	vtep_counters(s, &dp.vteps[s].base);
	vtep_rebuild(s);
	if (rte_hash_add_key_data(dp.vtep_hash, &ip, (void *)(uintptr_t)s) != 0) {
		vtep_set_tmpl(&dp.vteps[s], NULL, VXSW_DROP_NEIGH_UNRESOLVED);
		dp.vteps[s].ip = 0;
		return -ENOSPC;
	}
	ctl.n_vteps++;
	return (int)s;
}

/* Drops a VTEP nobody refers to any more. Its slot is reused only after reclaim(). */
static void vtep_put(uint32_t i)
{
	struct dp_vtep *vt = &dp.vteps[i];

	if (vt->ip == 0 || vt->refs || vt->n_vnis)
		return;
	rte_hash_del_key(dp.vtep_hash, &vt->ip);
	__atomic_fetch_add(&dp.map_gen, 1, __ATOMIC_RELEASE);
	vtep_set_tmpl(vt, NULL, VXSW_DROP_NEIGH_UNRESOLVED);
	vt->ip = 0;
	vt->quarantine = true;
	ctl.n_quarantine++;
	ctl.n_vteps--;
}

int model_vtep_hold(vxsw_be32 ip)
{
	int i = vtep_get(ip);

	if (i >= 0)
		dp.vteps[i].refs++;
	return i;
}

void model_vtep_release(uint32_t slot)
{
	if (slot >= dp.max_vteps || dp.vteps[slot].refs == 0)
		return;
	if (--dp.vteps[slot].refs == 0)
		vtep_put(slot);
}

static void fdb_ref(void *arg, uint32_t loc, int delta)
{
	uint32_t i = loc & FDB_LOC_IDX_MASK;

	(void)arg;
	if (!(loc & FDB_LOC_REMOTE) || i >= dp.max_vteps)
		return;
	dp.vteps[i].refs += delta;
	if (dp.vteps[i].refs == 0)
		vtep_put(i);
}

/* ---- flood lists ---- */

static int flood_rebuild(uint32_t v)
{
	struct dp_vni *vn = &dp.vnis[v];
	uint16_t ids[DP_FLOOD_MAX + DP_MAX_PORTS];
	uint32_t nv = 0, np = 0, i;
	struct dp_flood *fl, *old;
	uint16_t p;

	for (i = 0; i < dp.max_vteps && nv < DP_FLOOD_MAX; i++)
		if (vn->members[i / 64] >> (i % 64) & 1)
			ids[nv++] = (uint16_t)i;
	for (p = 0; p < dp.n_ports; p++)
		if (dp.ports[p].role == VXSW_PORT_ACCESS && dp.ports[p].vni_idx == v)
			ids[nv + np++] = p;
	fl = NULL;
	if (nv + np) {
		fl = rte_zmalloc("flood", sizeof(*fl) + sizeof(uint16_t) * (nv + np), 0);
		if (!fl)
			return -ENOMEM;
		fl->n_vteps = (uint16_t)nv;
		fl->n_ports = (uint16_t)np;
		memcpy(fl->ids, ids, sizeof(uint16_t) * (nv + np));
	}
	old = vn->flood;
	__atomic_store_n(&vn->flood, fl, __ATOMIC_RELEASE);
	defer_free(old);
	return 0;
}

/* ---- the API ---- */

void model_status_get(struct model_status *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->version = VXSW_VERSION;
	ret->uptime = ctl.now_ms / 1000;
	ret->config = ctl.cfg;
	ret->underlay = ctl.ul;
	/* Settings with defaults are always in effect. */
	ret->underlay.has_mtu = ret->underlay.has_dstport = true;
	ret->underlay.has_sport = ret->underlay.has_ttl = true;
	ret->config.has_ageing = ret->config.has_limit_fdb = true;
	ret->config.has_limit_vni_macs = ret->config.has_limit_port_macs = true;
	ret->config.has_reserved_bits = ret->config.has_learn_unknown_vtep = true;
	ret->config.has_udp_csum = true;
	ret->fdb_size = dp.fdb->size;
	ret->max_vnis = dp.max_vnis;
	ret->max_vteps = dp.max_vteps;
	ret->n_ports = dp.n_ports;
	ret->n_vnis = ctl.n_vnis;
	ret->n_vteps = ctl.n_vteps;
	ret->n_macs = dp.fdb->count;
	memcpy(ret->learn_refused, dp.fdb->refused, sizeof(ret->learn_refused));
	for (uint32_t l = 0; l < dp.n_lcores; l++)
		ret->learn_refused[VXSW_REFUSE_QUEUE_FULL] += dp.lcores[l]->learn_full;
}

int model_config_set(const struct model_config *req, struct extack *ea)
{
	if (req->has_ageing && req->ageing > 1000000)
		return extack_set(ea, -ERANGE, VXSW_A_AGEING, "ageing must be 0-1000000 seconds");
	if (req->has_limit_fdb && req->limit_fdb > dp.fdb->size)
		return extack_set(ea, -ERANGE, VXSW_A_LIMIT_FDB,
				  "limit exceeds the FDB size (vxsw-dpdk --fdb-size)");
	if (req->has_reserved_bits && req->reserved_bits != VXSW_RESERVED_DROP &&
	    req->reserved_bits != VXSW_RESERVED_IGNORE)
		return extack_set(ea, -EINVAL, VXSW_A_RESERVED_BITS, "must be drop or ignore");
	if (req->has_udp_csum && req->udp_csum != VXSW_UDP_CSUM_IGNORE &&
	    req->udp_csum != VXSW_UDP_CSUM_VERIFY)
		return extack_set(ea, -EINVAL, VXSW_A_UDP_CSUM, "must be verify or ignore");
	if (req->has_ageing)
		ctl.cfg.ageing = req->ageing;
	if (req->has_limit_fdb) {
		ctl.cfg.limit_fdb = req->limit_fdb ? req->limit_fdb : dp.fdb->size;
		fdb_set_limit(dp.fdb, ctl.cfg.limit_fdb);
	}
	if (req->has_limit_vni_macs)
		ctl.cfg.limit_vni_macs = req->limit_vni_macs;
	if (req->has_limit_port_macs) {
		ctl.cfg.limit_port_macs = req->limit_port_macs;
		fdb_set_port_limit(dp.fdb, req->limit_port_macs);
	}
	if (req->has_reserved_bits)
		ctl.cfg.reserved_bits = req->reserved_bits;
	if (req->has_learn_unknown_vtep)
		ctl.cfg.learn_unknown_vtep = req->learn_unknown_vtep;
	if (req->has_udp_csum)
		ctl.cfg.udp_csum = req->udp_csum;
	publish_conf();
	reclaim();
	return 0;
}

int model_underlay_set(const struct model_underlay *req, struct extack *ea)
{
	struct model_underlay ul = ctl.ul;
	int port = ctl.ul_port, p;

	if (req->has_port) {
		p = port_by_name(req->port, ea);
		if (p < 0)
			return p;
		if (dp.ports[p].role == VXSW_PORT_ACCESS)
			return extack_set(ea, -EBUSY, VXSW_A_PORT_NAME,
					  "port is an access port (port set NAME vni none first)");
		port = p;
		ul.has_port = true;
		snprintf(ul.port, sizeof(ul.port), "%s", dp.ports[p].name);
	}
	if (req->has_local) {
		uint32_t h;

		if (req->local.family == VXSW_AF_INET6)
			return extack_set(ea, -EAFNOSUPPORT, VXSW_A_LOCAL,
					  "IPv6 underlay is not supported yet");
		if (req->local.family != VXSW_AF_INET)
			return extack_set(ea, -EINVAL, VXSW_A_LOCAL, "address family must be IPv4");
		h = rte_be_to_cpu_32(req->local.v4);
		if (h == 0 || (h >> 28) >= 0xe || (h >> 24) == 127)
			return extack_set(ea, -EINVAL, VXSW_A_LOCAL, "not a unicast address");
		if (req->prefixlen < 1 || req->prefixlen > 32)
			return extack_set(ea, -EINVAL, VXSW_A_PREFIXLEN,
					  "prefix length must be 1-32");
		if (vtep_find(req->local.v4) >= 0)
			return extack_set(ea, -EEXIST, VXSW_A_LOCAL,
					  "address is configured as a remote VTEP");
		ul.has_local = true;
		ul.local = req->local;
		ul.prefixlen = req->prefixlen;
	}
	if (req->has_gateway) {
		if (req->gateway.family == 0) {
			ul.has_gateway = false;
			memset(&ul.gateway, 0, sizeof(ul.gateway));
		} else if (req->gateway.family != VXSW_AF_INET) {
			return extack_set(ea, -EAFNOSUPPORT, VXSW_A_GATEWAY,
					  "gateway must be IPv4");
		} else {
			ul.has_gateway = true;
			ul.gateway = req->gateway;
		}
	}
	if (req->has_mtu) {
		if (req->mtu < 576 || req->mtu > 9600)
			return extack_set(ea, -ERANGE, VXSW_A_MTU, "MTU must be 576-9600");
		ul.mtu = req->mtu;
	}
	if (req->has_dstport) {
		if (req->dstport == 0)
			return extack_set(ea, -EINVAL, VXSW_A_DSTPORT, "UDP port must be 1-65535");
		ul.dstport = req->dstport;
	}
	if (req->has_sport) {
		if (req->sport_min == 0 || req->sport_min > req->sport_max)
			return extack_set(ea, -EINVAL, VXSW_A_SPORT_MIN,
					  "source port range must be MIN <= MAX, MIN >= 1");
		ul.sport_min = req->sport_min;
		ul.sport_max = req->sport_max;
	}
	if (req->has_ttl) {
		if (req->ttl == 0)
			return extack_set(ea, -EINVAL, VXSW_A_TTL, "TTL must be 1-255");
		ul.ttl = req->ttl;
	}
	if (ul.has_gateway && ul.has_local && !in_subnet(&ul, ul.gateway.v4))
		return extack_set(ea, -EINVAL, VXSW_A_GATEWAY,
				  "gateway is not in the local subnet");
	/* Valid: apply. */
	if (ctl.ul.has_port && ctl.ul_port != port)
		__atomic_store_n(&dp.ports[ctl.ul_port].role, VXSW_PORT_UNBOUND, __ATOMIC_RELEASE);
	ctl.ul = ul;
	ctl.ul_port = (uint16_t)port;
	if (ul.has_port)
		__atomic_store_n(&dp.ports[port].role, VXSW_PORT_UNDERLAY, __ATOMIC_RELEASE);
	publish_conf();
	vteps_rebuild(0);
	reclaim();
	return 0;
}

static void port_info(uint16_t p, struct model_port_info *ret)
{
	const struct dp_port *dpp = &dp.ports[p];
	struct rte_eth_stats st;
	struct rte_eth_link link;

	memset(ret, 0, sizeof(*ret));
	ret->id = p;
	snprintf(ret->name, sizeof(ret->name), "%s", dpp->name);
	ret->role = dpp->role;
	if (dpp->role == VXSW_PORT_ACCESS)
		ret->vni = dp.vnis[dpp->vni_idx].vni;
	memcpy(ret->mac, dpp->mac.addr_bytes, 6);
	if (rte_eth_link_get_nowait(p, &link) == 0)
		ret->link_up = link.link_status == RTE_ETH_LINK_UP;
	ret->macs = dp.fdb->port_count[p];
	ret->sec = dpp->sec_conf;
	port_counters(p, &ret->c);
	counters_sub(&ret->c, &dpp->base);
	if (rte_eth_stats_get(p, &st) == 0) {
		ret->rx_missed = st.imissed;
		ret->rx_errors = st.ierrors;
		ret->tx_errors = st.oerrors;
	}
}

int model_port_get(const char *name, struct model_port_info *ret, struct extack *ea)
{
	int p = port_by_name(name, ea);

	if (p < 0)
		return p;
	port_info((uint16_t)p, ret);
	return 0;
}

int model_port_walk(model_port_cb cb, void *arg)
{
	struct model_port_info info;
	uint16_t p;
	int ret;

	for (p = 0; p < dp.n_ports; p++) {
		port_info(p, &info);
		ret = cb(&info, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int model_port_security(const char *name, const struct model_port_sec *sec, struct extack *ea)
{
	struct vxsw_port_sec *ns = NULL, *old;
	struct dp_port *dpp;
	int p;

	p = port_by_name(name, ea);
	if (p < 0)
		return p;
	dpp = &dp.ports[p];
	if (dpp->role == VXSW_PORT_UNDERLAY)
		return extack_set(ea, -EBUSY, VXSW_A_PORT_NAME,
				  "port is the underlay port: its sources are VTEPs");
	if (sec->n > VXSW_PORT_ALLOWED_MAX)
		return extack_set(ea, -E2BIG, VXSW_A_ALLOWED, "too many allowed sources");
	if (sec->on) {
		ns = rte_zmalloc("port_sec", sizeof(*ns), RTE_CACHE_LINE_SIZE);
		if (!ns)
			return extack_set(ea, -ENOMEM, 0, "out of memory");
		ns->n = sec->n;
		memcpy(ns->a, sec->a, sizeof(sec->a[0]) * sec->n);
	}
	old = dpp->sec;
	__atomic_store_n(&dpp->sec, ns, __ATOMIC_RELEASE);
	dpp->sec_conf = *sec;
	if (!sec->on)
		dpp->sec_conf.n = 0;
	if (old) {
		rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
		rte_free(old);
	}
	return 0;
}

int model_port_bind(const char *name, uint32_t vni, struct extack *ea)
{
	struct dp_port *dpp;
	int p, v = -1, old = -1;

	p = port_by_name(name, ea);
	if (p < 0)
		return p;
	dpp = &dp.ports[p];
	if (dpp->role == VXSW_PORT_UNDERLAY)
		return extack_set(ea, -EBUSY, VXSW_A_PORT_NAME, "port is the underlay port");
	if (vni) {
		v = vni_check(vni, ea);
		if (v < 0)
			return v;
	}
	if (dpp->role == VXSW_PORT_ACCESS) {
		old = dpp->vni_idx;
		if (old == v)
			return 0;
		__atomic_store_n(&dpp->role, VXSW_PORT_UNBOUND, __ATOMIC_RELEASE);
		dp.vnis[old].n_ports--;
		flood_rebuild((uint32_t)old);
		/* No lcore may still switch a frame of the old VNI from this port. */
		rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
		fdb_flush(dp.fdb, FDB_ANY, fdb_loc_port((uint16_t)p), true);
	}
	if (v >= 0) {
		__atomic_store_n(&dpp->vni_idx, (uint16_t)v, __ATOMIC_RELAXED);
		__atomic_store_n(&dpp->role, VXSW_PORT_ACCESS, __ATOMIC_RELEASE);
		dp.vnis[v].n_ports++;
		flood_rebuild((uint32_t)v);
	}
	reclaim();
	return 0;
}

int model_vni_add(uint32_t vni, uint32_t mac_limit, struct extack *ea)
{
	struct dp_vni *vn;
	uint32_t s;

	if (vni == 0 || vni > VXSW_VXLAN_VNI_MAX)
		return extack_set(ea, -EINVAL, VXSW_A_VNI, "VNI out of range 1-16777215");
	if (vni_find(vni) >= 0)
		return extack_set(ea, -EEXIST, VXSW_A_VNI, "VNI exists");
	if (mac_limit > dp.fdb->size)
		return extack_set(ea, -ERANGE, VXSW_A_LIMIT_MACS, "limit exceeds the FDB size");
	for (s = 0; s < dp.max_vnis; s++)
		if (dp.vnis[s].vni == 0)
			break;
	if (s == dp.max_vnis)
		return extack_set(ea, -ENOSPC, VXSW_A_VNI, "VNI table full (vxsw-dpdk --max-vnis)");
	vn = &dp.vnis[s];
	vn->mac_limit = mac_limit ? mac_limit : ctl.cfg.limit_vni_macs;
	vn->n_ports = 0;
	vn->flood = NULL;
	memset(vn->members, 0, sizeof(uint64_t) * dp.member_words);
	vni_counters(s, &vn->base);
	fdb_set_vni_limit(dp.fdb, s, vn->mac_limit);
	vn->vni = vni;
	if (rte_hash_add_key_data(dp.vni_hash, &vni, (void *)(uintptr_t)s) != 0) {
		vn->vni = 0;
		return extack_set(ea, -ENOSPC, VXSW_A_VNI, "VNI table full");
	}
	ctl.n_vnis++;
	return 0;
}

int model_vni_del(uint32_t vni, struct extack *ea)
{
	struct dp_vni *vn;
	uint32_t i;
	int v = vni_check(vni, ea);

	if (v < 0)
		return v;
	vn = &dp.vnis[v];
	if (vn->n_ports)
		return extack_set(ea, -EBUSY, VXSW_A_VNI,
				  "VNI has access ports bound (port set NAME vni none first)");
	rte_hash_del_key(dp.vni_hash, &vni);
	__atomic_fetch_add(&dp.map_gen, 1, __ATOMIC_RELEASE);
	rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
	fdb_flush(dp.fdb, (uint32_t)v, FDB_ANY, true);
	for (i = 0; i < dp.max_vteps; i++) {
		if (vn->members[i / 64] >> (i % 64) & 1) {
			vn->members[i / 64] &= ~(1ull << (i % 64));
			dp.vteps[i].n_vnis--;
			vtep_put(i);
		}
	}
	flood_rebuild((uint32_t)v);
	reclaim();
	vn->vni = 0;
	ctl.n_vnis--;
	return 0;
}

static void vni_info(uint32_t i, struct model_vni_info *ret)
{
	const struct dp_vni *vn = &dp.vnis[i];
	uint32_t w;

	memset(ret, 0, sizeof(*ret));
	ret->vni = vn->vni;
	ret->mac_limit = vn->mac_limit;
	ret->macs = dp.fdb->vni_count[i];
	for (w = 0; w < dp.member_words; w++)
		ret->n_flood += (uint32_t)__builtin_popcountll(vn->members[w]);
	ret->n_ports = vn->n_ports;
	vni_counters(i, &ret->c);
	counters_sub(&ret->c, &vn->base);
}

int model_vni_get(uint32_t vni, struct model_vni_info *ret, struct extack *ea)
{
	int v = vni_check(vni, ea);

	if (v < 0)
		return v;
	vni_info((uint32_t)v, ret);
	return 0;
}

int model_vni_walk(model_vni_cb cb, void *arg)
{
	struct model_vni_info info;
	uint32_t i;
	int ret;

	for (i = 0; i < dp.max_vnis; i++) {
		if (dp.vnis[i].vni == 0)
			continue;
		vni_info(i, &info);
		ret = cb(&info, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int model_flood_add(uint32_t vni, const struct vxsw_ip *remote, struct extack *ea)
{
	struct dp_vni *vn;
	uint32_t w, n = 0;
	int v, t, err;

	v = vni_check(vni, ea);
	if (v < 0)
		return v;
	err = check_remote(remote, VXSW_A_REMOTE, ea);
	if (err)
		return err;
	vn = &dp.vnis[v];
	t = vtep_find(remote->v4);
	if (t >= 0 && (vn->members[t / 64] >> (t % 64) & 1))
		return extack_set(ea, -EEXIST, VXSW_A_REMOTE, "VTEP is already in the flood list");
	for (w = 0; w < dp.member_words; w++)
		n += (uint32_t)__builtin_popcountll(vn->members[w]);
	if (n >= DP_FLOOD_MAX)
		return extack_set(ea, -ENOSPC, VXSW_A_REMOTE, "flood list full (1024 VTEPs)");
	t = vtep_get(remote->v4);
	if (t < 0)
		return extack_set(ea, -ENOSPC, VXSW_A_REMOTE,
				  "VTEP table full (vxsw-dpdk --max-vteps)");
	dp.vteps[t].n_vnis++;
	__atomic_fetch_or(&vn->members[t / 64], 1ull << (t % 64), __ATOMIC_RELEASE);
	err = flood_rebuild((uint32_t)v);
	if (err) {
		__atomic_fetch_and(&vn->members[t / 64], ~(1ull << (t % 64)), __ATOMIC_RELEASE);
		dp.vteps[t].n_vnis--;
		vtep_put((uint32_t)t);
		reclaim();
		return extack_set(ea, err, 0, "out of memory");
	}
	reclaim();
	return 0;
}

int model_flood_del(uint32_t vni, const struct vxsw_ip *remote, struct extack *ea)
{
	struct dp_vni *vn;
	int v, t;

	v = vni_check(vni, ea);
	if (v < 0)
		return v;
	if (remote->family != VXSW_AF_INET)
		return extack_set(ea, -ENOENT, VXSW_A_REMOTE, "no such flood entry");
	vn = &dp.vnis[v];
	t = vtep_find(remote->v4);
	if (t < 0 || !(vn->members[t / 64] >> (t % 64) & 1))
		return extack_set(ea, -ENOENT, VXSW_A_REMOTE, "no such flood entry");
	__atomic_fetch_and(&vn->members[t / 64], ~(1ull << (t % 64)), __ATOMIC_RELEASE);
	flood_rebuild((uint32_t)v);
	dp.vteps[t].n_vnis--;
	vtep_put((uint32_t)t);
	reclaim();
	return 0;
}

int model_flood_walk(uint32_t vni, model_flood_cb cb, void *arg)
{
	struct vxsw_ip a = {.family = VXSW_AF_INET};
	uint32_t i, t;
	int ret;

	for (i = 0; i < dp.max_vnis; i++) {
		if (dp.vnis[i].vni == 0 || (vni && dp.vnis[i].vni != vni))
			continue;
		for (t = 0; t < dp.max_vteps; t++) {
			if (!(dp.vnis[i].members[t / 64] >> (t % 64) & 1))
				continue;
			a.v4 = dp.vteps[t].ip;
			ret = cb(dp.vnis[i].vni, &a, arg);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int model_fdb_add(uint32_t vni, const uint8_t mac[6], const char *port,
		  const struct vxsw_ip *remote, bool is_extern, struct extack *ea)
{
	uint32_t loc;
	int v, p, t, err;

	v = vni_check(vni, ea);
	if (v < 0)
		return v;
	if (!pkt_mac_is_valid_src(mac))
		return extack_set(ea, -EINVAL, VXSW_A_MAC, "MAC must be unicast and non-zero");
	if (port) {
		p = port_by_name(port, ea);
		if (p < 0)
			return p;
		if (dp.ports[p].role != VXSW_PORT_ACCESS || dp.ports[p].vni_idx != v)
			return extack_set(ea, -EINVAL, VXSW_A_PORT_NAME,
					  "port is not an access port of this VNI");
		loc = fdb_loc_port((uint16_t)p);
	} else if (remote) {
		err = check_remote(remote, VXSW_A_REMOTE, ea);
		if (err)
			return err;
		t = vtep_get(remote->v4);
		if (t < 0)
			return extack_set(ea, -ENOSPC, VXSW_A_REMOTE,
					  "VTEP table full (vxsw-dpdk --max-vteps)");
		loc = fdb_loc_vtep((uint16_t)t);
	} else {
		return extack_set(ea, -EINVAL, 0, "an entry needs a port or a remote VTEP");
	}
	err = fdb_add_pinned(dp.fdb, (uint32_t)v, mac, loc,
			     is_extern ? FDB_LOC_EXTERN : FDB_LOC_STATIC, dp.now);
	if (err) {
		if (loc & FDB_LOC_REMOTE)
			vtep_put(loc & FDB_LOC_IDX_MASK);
		reclaim();
		return extack_set(ea, err, VXSW_A_MAC,
				  err == -ENOSPC ? "FDB full" : "cannot add the entry");
	}
	reclaim();
	return 0;
}

int model_fdb_del(uint32_t vni, const uint8_t mac[6], struct extack *ea)
{
	int v = vni_check(vni, ea);

	if (v < 0)
		return v;
	if (fdb_del(dp.fdb, (uint32_t)v, mac) < 0)
		return extack_set(ea, -ENOENT, VXSW_A_MAC, "no such FDB entry");
	reclaim();
	return 0;
}

struct fdb_walk_arg {
	model_fdb_cb cb;
	void *arg;
};

static void fdb_info_fill(uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, uint32_t seen,
			  struct model_fdb_info *info)
{
	uint32_t i = loc & FDB_LOC_IDX_MASK;

	memset(info, 0, sizeof(*info));
	info->vni = dp.vnis[vni_idx].vni;
	memcpy(info->mac, mac, 6);
	info->is_static = loc & FDB_LOC_STATIC;
	info->is_extern = loc & FDB_LOC_EXTERN;
	info->age = dp.now - seen;
	if (loc & FDB_LOC_REMOTE) {
		info->is_remote = true;
		info->remote.family = VXSW_AF_INET;
		info->remote.v4 = i < dp.max_vteps ? dp.vteps[i].ip : 0;
	} else if (i < dp.n_ports) {
		snprintf(info->port, sizeof(info->port), "%s", dp.ports[i].name);
	}
}

static int fdb_walk_one(uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, uint32_t seen,
			void *arg)
{
	struct fdb_walk_arg *a = arg;
	struct model_fdb_info info;

	fdb_info_fill(vni_idx, mac, loc, seen, &info);
	return a->cb(&info, a->arg);
}

static struct {
	model_fdb_event_cb cb;
	void *arg;
} fdb_event;

void model_set_fdb_event(model_fdb_event_cb cb, void *arg)
{
	fdb_event.cb = cb;
	fdb_event.arg = arg;
}

/* fdb's report of a learned entry changing, passed on with names and addresses. */
static void fdb_event_one(void *arg, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, bool del)
{
	struct model_fdb_info info;

	(void)arg;
	if (!fdb_event.cb)
		return;
	fdb_info_fill(vni_idx, mac, loc, dp.now, &info);
	fdb_event.cb(&info, del, fdb_event.arg);
}

int model_fdb_walk(uint32_t vni, model_fdb_cb cb, void *arg)
{
	struct fdb_walk_arg a = {cb, arg};
	int v = FDB_ANY;

	if (vni) {
		v = vni_find(vni);
		if (v < 0)
			return 0;
	}
	return fdb_walk(dp.fdb, (uint32_t)v, fdb_walk_one, &a);
}

int model_fdb_flush(uint32_t vni, bool include_static, struct extack *ea)
{
	int v = FDB_ANY, n;

	if (vni) {
		v = vni_check(vni, ea);
		if (v < 0)
			return v;
	}
	n = fdb_flush(dp.fdb, (uint32_t)v, FDB_ANY, include_static);
	reclaim();
	return n;
}

int model_neigh_add(const struct vxsw_ip *addr, const uint8_t mac[6], struct extack *ea)
{
	struct neigh *n;
	int err = check_remote(addr, VXSW_A_NEIGH_ADDR, ea);

	if (err)
		return err;
	if (!pkt_mac_is_valid_src(mac))
		return extack_set(ea, -EINVAL, VXSW_A_MAC, "MAC must be unicast and non-zero");
	n = neigh_get(addr->v4);
	if (!n)
		return extack_set(ea, -ENOSPC, VXSW_A_NEIGH_ADDR, "neighbour table full (256)");
	memcpy(n->mac, mac, 6);
	n->state = VXSW_NEIGH_PERMANENT;
	n->updated_ms = ctl.now_ms;
	vteps_rebuild(addr->v4);
	reclaim();
	return 0;
}

int model_neigh_del(const struct vxsw_ip *addr, struct extack *ea)
{
	struct neigh *n = addr->family == VXSW_AF_INET ? neigh_find(addr->v4) : NULL;

	if (!addr->v4 || !n)
		return extack_set(ea, -ENOENT, VXSW_A_NEIGH_ADDR, "no such neighbour");
	memset(n, 0, sizeof(*n));
	vteps_rebuild(addr->v4);
	reclaim();
	return 0;
}

int model_neigh_walk(model_neigh_cb cb, void *arg)
{
	struct model_neigh_info info;
	uint32_t i;
	int ret;

	for (i = 0; i < DP_NEIGH_MAX; i++) {
		if (ctl.neigh[i].ip == 0)
			continue;
		memset(&info, 0, sizeof(info));
		info.addr.family = VXSW_AF_INET;
		info.addr.v4 = ctl.neigh[i].ip;
		memcpy(info.mac, ctl.neigh[i].mac, 6);
		info.state = ctl.neigh[i].state;
		ret = cb(&info, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int model_vtep_walk(model_vtep_cb cb, void *arg)
{
	struct model_vtep_info info;
	const struct neigh *n;
	uint32_t i;
	int ret;

	for (i = 0; i < dp.max_vteps; i++) {
		const struct dp_vtep *vt = &dp.vteps[i];

		if (vt->ip == 0)
			continue;
		memset(&info, 0, sizeof(info));
		info.remote.family = VXSW_AF_INET;
		info.remote.v4 = vt->ip;
		if (vt->nh) {
			info.nexthop.family = VXSW_AF_INET;
			info.nexthop.v4 = vt->nh;
			n = neigh_find(vt->nh);
			if (n && n->state != VXSW_NEIGH_INCOMPLETE)
				memcpy(info.mac, n->mac, 6);
		}
		info.resolved = vt->tmpl != NULL;
		info.n_vnis = vt->n_vnis;
		info.refs = vt->refs + vt->n_vnis;
		vtep_counters(i, &info.c);
		counters_sub(&info.c, &vt->base);
		ret = cb(&info, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static void stats_raw(struct model_stats *ret)
{
	uint32_t l, d;
	uint16_t p;

	memset(ret, 0, sizeof(*ret));
	for (l = 0; l < dp.n_lcores; l++) {
		const struct dp_lcore *lc = dp.lcores[l];

		for (p = 0; p < dp.n_ports; p++)
			counters_add(&ret->c, &lc->port[p]);
		for (d = 0; d < VXSW_DROP_MAX; d++)
			ret->drops[d] += lc->drops[d];
		if (l < MODEL_MAX_LCORES) {
			ret->lcores[l].lcore_id = lc->lcore_id;
			ret->lcores[l].busy_cycles = lc->busy_cycles;
			ret->lcores[l].busy_packets = lc->busy_packets;
		}
	}
	for (l = 0; l < dp.n_lcores; l++)
		for (uint32_t v = 0; v < dp.max_vnis; v++) {
			ret->c.encap += dp.lcores[l]->vni[v].encap;
			ret->c.decap += dp.lcores[l]->vni[v].decap;
			ret->c.flood += dp.lcores[l]->vni[v].flood;
		}
	for (d = 0; d < VXSW_DROP_MAX; d++)
		ret->drops[d] += ctl.ctl_drops[d];
	ret->n_lcores = dp.n_lcores < MODEL_MAX_LCORES ? dp.n_lcores : MODEL_MAX_LCORES;
}

void model_stats_get(struct model_stats *ret)
{
	uint32_t d, l;

	stats_raw(ret);
	counters_sub(&ret->c, &ctl.base.c);
	for (d = 0; d < VXSW_DROP_MAX; d++)
		ret->drops[d] -= ctl.base.drops[d];
	for (l = 0; l < ret->n_lcores; l++) {
		ret->lcores[l].busy_cycles -= ctl.base.lcores[l].busy_cycles;
		ret->lcores[l].busy_packets -= ctl.base.lcores[l].busy_packets;
	}
}

void model_stats_clear(void)
{
	uint32_t i;
	uint16_t p;

	stats_raw(&ctl.base);
	for (p = 0; p < dp.n_ports; p++)
		port_counters(p, &dp.ports[p].base);
	for (i = 0; i < dp.max_vnis; i++)
		vni_counters(i, &dp.vnis[i].base);
	for (i = 0; i < dp.max_vteps; i++)
		vtep_counters(i, &dp.vteps[i].base);
	flows_counters_clear();
}

/* ---- slow path ---- */

static void inject(uint16_t port, struct rte_mbuf *m)
{
	if (rte_ring_sp_enqueue(dp.ports[port].inject, m) != 0) {
		ctl.ctl_drops[VXSW_DROP_TX_FULL]++;
		rte_pktmbuf_free(m);
	}
}

static struct rte_mbuf *frame_mbuf(const uint8_t *data, uint32_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(dp.pool);
	char *p;

	if (!m) {
		ctl.ctl_drops[VXSW_DROP_MBUF_ALLOC]++;
		return NULL;
	}
	p = rte_pktmbuf_append(m, (uint16_t)len);
	if (!p) {
		rte_pktmbuf_free(m);
		ctl.ctl_drops[VXSW_DROP_MBUF_ALLOC]++;
		return NULL;
	}
	memcpy(p, data, len);
	return m;
}

static void arp_send(uint16_t op, const uint8_t *dst_mac, vxsw_be32 dst_ip)
{
	uint8_t buf[ARP_FRAME_LEN];
	struct rte_mbuf *m;
	uint32_t len;

	if (!ctl.ul.has_port || !ctl.ul.has_local)
		return;
	len = arp_build(buf, op, dp.ports[ctl.ul_port].mac.addr_bytes, ctl.ul.local.v4, dst_mac,
			dst_ip);
	m = frame_mbuf(buf, len);
	if (m)
		inject(ctl.ul_port, m);
}

static void slow_arp(struct rte_mbuf *m)
{
	struct vxsw_arp a;
	struct neigh *n;

	if (arp_parse(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m), &a) != 0) {
		ctl.ctl_drops[VXSW_DROP_ARP_INVALID]++;
		return;
	}
	if (!ctl.ul.has_local || !on_link(a.spa) || a.spa == ctl.ul.local.v4) {
		ctl.ctl_drops[VXSW_DROP_UNDERLAY_NOT_LOCAL]++;
		return;
	}
	/* RFC 826 "merge": refresh what we already track; add the sender if it asks for us. */
	n = neigh_find(a.spa);
	if (!n && a.tpa == ctl.ul.local.v4)
		n = neigh_get(a.spa);
	if (n && n->state != VXSW_NEIGH_PERMANENT) {
		bool changed = n->state == VXSW_NEIGH_INCOMPLETE || memcmp(n->mac, a.sha, 6);

		memcpy(n->mac, a.sha, 6);
		n->state = VXSW_NEIGH_REACHABLE;
		n->updated_ms = ctl.now_ms;
		n->tries = 0;
		if (changed)
			vteps_rebuild(a.spa);
	}
	if (a.oper == rte_cpu_to_be_16(VXSW_ARP_OP_REQUEST) && a.tpa == ctl.ul.local.v4)
		arp_send(VXSW_ARP_OP_REPLY, a.sha, a.spa);
}

static void slow_icmp(struct rte_mbuf *m)
{
	uint8_t *frame = rte_pktmbuf_mtod(m, uint8_t *);
	const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(frame + VXSW_ETH_HLEN);

	if (!ctl.ul.has_port || ip->daddr != ctl.ul.local.v4 ||
	    icmp_echo_reply(frame, rte_pktmbuf_data_len(m)) != 0) {
		ctl.ctl_drops[VXSW_DROP_UNDERLAY_UNHANDLED]++;
		rte_pktmbuf_free(m);
		return;
	}
	m->ol_flags = 0;
	inject(ctl.ul_port, m);
}

static void slow_too_big(struct rte_mbuf *m)
{
	uint8_t buf[ICMP_TOO_BIG_MAX];
	struct rte_mbuf *r;
	uint32_t len;

	/* Token bucket: ICMP_RATE per second (RFC 1812 section 4.3.2.8 asks for a limit). */
	if (ctl.now_ms > ctl.icmp_last_ms) {
		ctl.icmp_tokens += (ctl.now_ms - ctl.icmp_last_ms) * ICMP_RATE / 1000;
		if (ctl.icmp_tokens > ICMP_RATE)
			ctl.icmp_tokens = ICMP_RATE;
		ctl.icmp_last_ms = ctl.now_ms;
	}
	if (ctl.icmp_tokens == 0)
		return;
	if (m->nb_segs > 1 && rte_pktmbuf_linearize(m) != 0)
		return;
	len = icmp_too_big(buf, rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
			   (uint16_t)(ctl.ul.mtu - VXSW_VXLAN4_OVERHEAD));
	if (len == 0)
		return;
	r = frame_mbuf(buf, len);
	if (!r)
		return;
	ctl.icmp_tokens--;
	inject(m->port, r);
}

static void slow_drain(void)
{
	struct rte_mbuf *m[DP_BURST];
	unsigned int n, i;

	n = rte_ring_sc_dequeue_burst(dp.slow_ring, (void **)m, DP_BURST, NULL);
	for (i = 0; i < n; i++) {
		switch (m[i]->hash.usr) {
		case DP_SLOW_ARP:
			slow_arp(m[i]);
			break;
		case DP_SLOW_ICMP:
			slow_icmp(m[i]);
			continue; /* consumed */
		case DP_SLOW_TOO_BIG:
			slow_too_big(m[i]);
			break;
		}
		rte_pktmbuf_free(m[i]);
	}
}

static void learn_drain(void)
{
	struct dp_learn l[256];
	unsigned int n, i;
	int t;

	n = rte_ring_sc_dequeue_burst_elem(dp.learn_ring, l, sizeof(l[0]), RTE_DIM(l), NULL);
	for (i = 0; i < n; i++) {
		uint32_t loc = l[i].loc;

		/* The world may have changed since the lcore asked. */
		if (l[i].vni_idx >= dp.max_vnis || dp.vnis[l[i].vni_idx].vni == 0)
			continue;
		if (loc == 0) {
			if (!ctl.cfg.learn_unknown_vtep)
				continue;
			t = vtep_get(l[i].ip);
			if (t < 0)
				continue;
			loc = fdb_loc_vtep((uint16_t)t);
		} else if (!(loc & FDB_LOC_REMOTE)) {
			const struct dp_port *p = &dp.ports[loc & FDB_LOC_IDX_MASK];

			if (p->role != VXSW_PORT_ACCESS || p->vni_idx != l[i].vni_idx)
				continue;
		} else if (dp.vteps[loc & FDB_LOC_IDX_MASK].ip != l[i].ip) {
			continue;
		}
		fdb_learn(dp.fdb, l[i].vni_idx, l[i].mac, loc, dp.now);
		if (loc & FDB_LOC_REMOTE)
			vtep_put(loc & FDB_LOC_IDX_MASK); /* a VTEP made for nothing */
	}
}

static void neigh_tick(void)
{
	uint32_t i;

	for (i = 0; i < dp.max_vteps; i++) {
		const struct dp_vtep *vt = &dp.vteps[i];

		if (vt->ip && vt->tmpl == NULL && vt->unres_reason == VXSW_DROP_NEIGH_UNRESOLVED &&
		    vt->nh)
			neigh_get(vt->nh);
	}
	for (i = 0; i < DP_NEIGH_MAX; i++) {
		struct neigh *n = &ctl.neigh[i];

		if (n->ip == 0 || n->state == VXSW_NEIGH_PERMANENT)
			continue;
		if (n->state == VXSW_NEIGH_INCOMPLETE) {
			/* Ask once a second; give up on an unused entry after 10 tries. */
			if (ctl.now_ms - n->asked_ms >= 1000) {
				n->asked_ms = ctl.now_ms;
				if (++n->tries > 10) {
					bool used = false;

					for (uint32_t t = 0; t < dp.max_vteps && !used; t++)
						used = dp.vteps[t].ip && dp.vteps[t].nh == n->ip;
					if (!used) {
						memset(n, 0, sizeof(*n));
						continue;
					}
				}
				arp_send(VXSW_ARP_OP_REQUEST, NULL, n->ip);
			}
		} else if (ctl.now_ms - n->updated_ms >= 60000 &&
			   ctl.now_ms - n->asked_ms >= 60000) {
			/* Refresh a minute-old entry; the reply updates it if it moved. */
			n->asked_ms = ctl.now_ms;
			arp_send(VXSW_ARP_OP_REQUEST, NULL, n->ip);
		}
	}
}

void model_tick(uint64_t now_ms)
{
	ctl.now_ms = now_ms;
	__atomic_store_n(&dp.now, (uint32_t)(now_ms / 1000), __ATOMIC_RELAXED);
	learn_drain();
	slow_drain();
	if (ctl.neigh_soon || now_ms - ctl.last_neigh_ms >= 100) {
		ctl.neigh_soon = false;
		ctl.last_neigh_ms = now_ms;
		neigh_tick();
	}
	if (now_ms - ctl.last_age_ms >= 1000) {
		ctl.last_age_ms = now_ms;
		fdb_age(dp.fdb, dp.now, ctl.cfg.ageing);
	}
	reclaim();
}

int model_init(uint32_t fdb_size)
{
	struct rte_hash_parameters hp = {
		.entries = dp.max_vnis,
		.key_len = sizeof(uint32_t),
		.hash_func = rte_hash_crc,
		.socket_id = (int)rte_socket_id(),
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
	};
	struct fdb_params fp = {
		.name = "vxsw_fdb",
		.size = fdb_size,
		.max_vnis = dp.max_vnis,
		.max_ports = DP_MAX_PORTS,
		.socket_id = (int)rte_socket_id(),
		.qsbr = dp.qs,
		.ref = fdb_ref,
		.event = fdb_event_one,
	};
	struct rte_hash_rcu_config rc = {.v = dp.qs, .mode = RTE_HASH_QSBR_MODE_DQ};
	uint32_t i;
	int err;

	ctl.cfg.ageing = 300;
	ctl.cfg.limit_fdb = fdb_size;
	ctl.cfg.reserved_bits = VXSW_RESERVED_DROP;
	ctl.cfg.udp_csum = VXSW_UDP_CSUM_IGNORE;
	ctl.ul.mtu = 1500;
	ctl.ul.dstport = VXSW_VXLAN_PORT;
	/* The Linux default range for VXLAN source ports. */
	ctl.ul.sport_min = 32768;
	ctl.ul.sport_max = 60999;
	ctl.ul.ttl = 64;
	ctl.ul_port = DP_PORT_NONE;
	ctl.icmp_tokens = ICMP_RATE;

	hp.name = "vxsw_vni";
	dp.vni_hash = rte_hash_create(&hp);
	hp.name = "vxsw_vtep";
	hp.entries = dp.max_vteps;
	dp.vtep_hash = rte_hash_create(&hp);
	if (!dp.vni_hash || !dp.vtep_hash)
		return -ENOMEM;
	if (rte_hash_rcu_qsbr_add(dp.vni_hash, &rc) != 0 ||
	    rte_hash_rcu_qsbr_add(dp.vtep_hash, &rc) != 0)
		return -EINVAL;
	dp.member_words = (dp.max_vteps + 63) / 64;
	dp.vnis = rte_zmalloc("vnis", sizeof(*dp.vnis) * dp.max_vnis, RTE_CACHE_LINE_SIZE);
	dp.vteps = rte_zmalloc("vteps", sizeof(*dp.vteps) * dp.max_vteps, RTE_CACHE_LINE_SIZE);
	if (!dp.vnis || !dp.vteps)
		return -ENOMEM;
	for (i = 0; i < dp.max_vnis; i++) {
		dp.vnis[i].members = rte_zmalloc("members", sizeof(uint64_t) * dp.member_words, 0);
		if (!dp.vnis[i].members)
			return -ENOMEM;
	}
	err = fdb_create(&fp, &dp.fdb);
	if (err)
		return err;
	err = flows_init();
	if (err)
		return err;
	ctl.start_tsc = rte_get_tsc_cycles();
	publish_conf();
	return 0;
}

void model_fini(void)
{
	uint32_t i;

	reclaim();
	flows_fini();
	fdb_free(dp.fdb);
	rte_hash_free(dp.vni_hash);
	rte_hash_free(dp.vtep_hash);
	for (i = 0; dp.vnis && i < dp.max_vnis; i++)
		rte_free(dp.vnis[i].members);
	for (i = 0; dp.vteps && i < dp.max_vteps; i++)
		rte_free(dp.vteps[i].tmpl);
	rte_free(dp.vnis);
	rte_free(dp.vteps);
	rte_free(dp.conf);
}
