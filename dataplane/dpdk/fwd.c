/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fwd: the fast path of vxsw-dpdk. Each forwarding lcore polls its RX queues in bursts of 32,
 * switches frames from access ports (learn, look up, encapsulate or replicate) and from the
 * underlay (validate, decapsulate, learn, deliver), and transmits per port in batches. It never
 * allocates (beyond mbuf copies for replication), locks, logs or makes a system call, except
 * the optional idle sleep; every discarded frame counts one drop reason.
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include "dp.h"
#include "flow.h"
#include "pkt.h"

/*
 * The slot of key in h (the hash's data: a key's position in the hash is not its slot once
 * keys have been deleted and added again), through the lcore's direct-mapped cache e; -1 if
 * h has no such key.
 */
static inline int32_t map_lookup(const struct rte_hash *h, uint32_t key, uint32_t *ce)
{
	uint32_t i = (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 56) * 2;
	void *d;

	if (likely(ce[i] == key && ce[i + 1]))
		return (int32_t)ce[i + 1] - 1;
	if (rte_hash_lookup_data(h, &key, &d) < 0)
		return -1;
	ce[i] = key;
	ce[i + 1] = (uint32_t)(uintptr_t)d + 1;
	return (int32_t)(uintptr_t)d;
}

/* Start of a burst: forget the cached slots if a VNI or VTEP went away since. */
static inline void map_sync(struct dp_map_cache *c)
{
	uint32_t gen = __atomic_load_n(&dp.map_gen, __ATOMIC_ACQUIRE);

	if (unlikely(c->gen != gen)) {
		memset(c->vni, 0, sizeof(c->vni));
		memset(c->vtep, 0, sizeof(c->vtep));
		c->gen = gen;
	}
}

/* Not inlined (it runs once per burst and port): profiles then show the transmit apart. */
static __attribute__((noinline)) void tx_flush(struct dp_lcore *lc, uint16_t port)
{
	struct dp_txbuf *b = &lc->tx[port];
	uint16_t sent, i;

	if (b->n == 0)
		return;
	sent = rte_eth_tx_burst(port, (uint16_t)lc->idx, b->pkts, b->n);
	lc->port[port].tx_packets += sent;
	for (i = sent; i < b->n; i++) {
		b->bytes -= rte_pktmbuf_pkt_len(b->pkts[i]);
		dp_count_drop(lc, b->pkts[i], port, VXSW_DROP_TX_FULL);
	}
	lc->port[port].tx_bytes += b->bytes;
	b->bytes = 0;
	b->n = 0;
}

static inline void tx_one(struct dp_lcore *lc, uint16_t port, struct rte_mbuf *m)
{
	struct dp_txbuf *b = &lc->tx[port];

	b->bytes += rte_pktmbuf_pkt_len(m);
	b->pkts[b->n++] = m;
	if (unlikely(b->n == DP_TXBUF))
		tx_flush(lc, port);
}

static inline void learn_req(struct dp_lcore *lc, uint32_t vni_idx, const uint8_t *mac,
			     uint32_t loc, vxsw_be32 ip)
{
	struct dp_learn l = {.vni_idx = vni_idx, .loc = loc, .ip = ip};

	__builtin_memcpy(l.mac, mac, 6);
	/* A full queue only delays learning: the next frame asks again. */
	if (rte_ring_mp_enqueue_elem(dp.learn_ring, &l, sizeof(l)) != 0)
		lc->learn_full++;
}

static inline void slow_req(struct dp_lcore *lc, struct rte_mbuf *m, uint16_t port,
			    enum dp_slow why)
{
	m->hash.usr = why;
	m->port = port;
	if (rte_ring_mp_enqueue(dp.slow_ring, m) != 0)
		dp_count_drop(lc, m, port, VXSW_DROP_SLOWPATH_FULL);
}

/* Encapsulates m in VNI vni for remote VTEP vt_idx; false if it was dropped (counted). Inlined
 * into the loops that call it: a call costs about twenty instructions a packet here. */
static inline __attribute__((always_inline)) bool encap_build(struct dp_lcore *lc,
							      const struct dp_conf *conf,
							      struct rte_mbuf *m, uint16_t in_port,
							      uint32_t vni, uint16_t vt_idx)
{
	const struct dp_vtep *vt = &dp.vteps[vt_idx];
	const struct vxlan_tmpl *t = __atomic_load_n(&vt->tmpl, __ATOMIC_ACQUIRE);
	uint32_t len = rte_pktmbuf_pkt_len(m);
	uint8_t *hdr;
	uint16_t sport;

	if (unlikely(t == NULL)) {
		dp_count_drop(lc, m, in_port, (enum vxsw_drop)vt->unres_reason);
		return false;
	}
	sport = vxlan_sport_fast(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
				 conf->sport_min, conf->sport_max);
	hdr = (uint8_t *)rte_pktmbuf_prepend(m, VXSW_VXLAN4_OVERHEAD);
	if (unlikely(hdr == NULL)) {
		dp_count_drop(lc, m, in_port, VXSW_DROP_ENCAP_HEADROOM);
		return false;
	}
	vxlan_encap_write(hdr, t, len, vni, sport);
	m->ol_flags = 0;
	return true;
}

/* Encapsulates m for remote VTEP vt_idx of VNI vni_idx, counts it and queues it on the
 * underlay. */
static inline __attribute__((always_inline)) void
encap_vni(struct dp_lcore *lc, const struct dp_conf *conf, struct rte_mbuf *m, uint16_t in_port,
	  uint32_t vni_idx, uint32_t vni, uint16_t vt_idx)
{
	uint32_t len = rte_pktmbuf_pkt_len(m);

	if (!encap_build(lc, conf, m, in_port, vni, vt_idx))
		return;
	lc->vni[vni_idx].encap++;
	lc->vtep[vt_idx].tx_packets++;
	lc->vtep[vt_idx].tx_bytes += len;
	tx_one(lc, conf->ul_port, m);
}

/* Encapsulate in the VNI of slot vni_idx, to the VTEP of slot vt_idx. */
static inline __attribute__((always_inline)) void encap(struct dp_lcore *lc,
							const struct dp_conf *conf,
							struct rte_mbuf *m, uint16_t in_port,
							uint32_t vni_idx, uint16_t vt_idx)
{
	encap_vni(lc, conf, m, in_port, vni_idx, dp.vnis[vni_idx].vni, vt_idx);
}

/* Does an inner frame of len bytes fit the underlay once encapsulated? */
static inline bool fits(const struct dp_conf *conf, uint32_t len)
{
	return len + VXSW_VXLAN4_OVERHEAD - VXSW_ETH_HLEN <= conf->mtu;
}

/*
 * Head-end replication (RFC 7348 section 4.2): to every remote VTEP in the VNI's flood list
 * when the frame came from a local port, and to every local port but the one it came in on.
 * A frame from a remote VTEP never goes to another one (split horizon).
 */
static void flood(struct dp_lcore *lc, const struct dp_conf *conf, struct rte_mbuf *m,
		  uint16_t in_port, uint32_t vni_idx, bool from_remote)
{
	const struct dp_flood *fl = __atomic_load_n(&dp.vnis[vni_idx].flood, __ATOMIC_ACQUIRE);
	uint16_t dst[DP_MAX_PORTS + DP_FLOOD_MAX];
	bool remote[DP_MAX_PORTS + DP_FLOOD_MAX];
	uint32_t n = 0, i;

	if (fl == NULL) {
		dp_count_drop(lc, m, in_port, VXSW_DROP_FLOOD_NO_DEST);
		return;
	}
	if (!from_remote) {
		if (fits(conf, rte_pktmbuf_pkt_len(m))) {
			for (i = 0; i < fl->n_vteps && n < RTE_DIM(dst); i++) {
				dst[n] = fl->ids[i];
				remote[n++] = true;
			}
		} else if (fl->n_vteps) {
			lc->drops[VXSW_DROP_ENCAP_MTU]++;
		}
	}
	for (i = 0; i < fl->n_ports && n < RTE_DIM(dst); i++) {
		if (fl->ids[fl->n_vteps + i] == in_port)
			continue;
		dst[n] = fl->ids[fl->n_vteps + i];
		remote[n++] = false;
	}
	if (n == 0) {
		dp_count_drop(lc, m, in_port, VXSW_DROP_FLOOD_NO_DEST);
		return;
	}
	lc->vni[vni_idx].flood++;
	/* Copies first: the original is modified (encapsulated) only as the last destination. */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *c = m;

		if (i + 1 < n) {
			c = rte_pktmbuf_copy(m, dp.pool, 0, UINT32_MAX);
			if (unlikely(c == NULL)) {
				lc->drops[VXSW_DROP_MBUF_ALLOC]++;
				continue;
			}
		}
		if (remote[i])
			encap(lc, conf, c, in_port, vni_idx, dst[i]);
		else
			tx_one(lc, dst[i], c);
	}
}

/*
 * The flow table's verdict on a tenant frame (in_port, VNI and the frame itself): the winning
 * rule's packed action or DP_FLOW_NONE, through the lcore's exact-match cache. The rule's
 * counters move here.
 */
static inline uint64_t flow_verdict(struct dp_lcore *lc, const struct dp_flowtab *ft,
				    const struct rte_mbuf *m, uint16_t in_port, uint32_t vni)
{
	struct flow_key k;
	const struct cls_rule *r;
	uint64_t h = 0x243f6a8885a308d3ull, d = 0, act;
	uint32_t i, slot;
	typeof(lc->emc->e[0]) *e;

	flow_key_extract(&k, rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m), in_port,
			 vni);
	for (i = 0; i < 8; i++)
		h += k.w[i] * vxlan_flow_k[i];
	h = vxlan_fmix64(h);
	/* Two ways: a set is e[2j] and e[2j + 1]; a miss replaces the one the hash's bit 32
	 * picks. Keys compared word by word, without a call. */
	e = &lc->emc->e[h & (DP_EMC_SIZE - 2)];
	for (i = 0; i < 8; i++)
		d |= e->key.w[i] ^ k.w[i];
	if (d != 0 || e->gen != ft->gen) {
		e++;
		for (d = 0, i = 0; i < 8; i++)
			d |= e->key.w[i] ^ k.w[i];
	}
	if (likely(e->gen == ft->gen && d == 0)) {
		act = e->action;
	} else {
		e = &lc->emc->e[(h & (DP_EMC_SIZE - 2)) + (h >> 32 & 1)];
		r = cls_lookup(ft->cls, &k);
		act = r ? r->action : DP_FLOW_NONE;
		e->key = k;
		e->action = act;
		e->gen = ft->gen;
	}
	if (act != DP_FLOW_NONE) {
		slot = DP_FLOW_SLOT(act);
		lc->flow_ctr[slot].packets++;
		lc->flow_ctr[slot].bytes += rte_pktmbuf_pkt_len(m);
	}
	return act;
}

/*
 * Carry out a rule's action other than NORMAL and COUNT (which leave the frame to the L2 switch:
 * the function returns false then). A frame a rule takes is not learned from: it never reaches
 * the switch.
 */
static bool flow_act(struct dp_lcore *lc, const struct dp_conf *conf, struct rte_mbuf *m,
		     uint64_t act, uint16_t in_port, uint32_t vni_idx, bool from_remote)
{
	switch (DP_FLOW_ACT(act)) {
	case VXSW_FLOW_ACT_DROP:
		dp_count_drop(lc, m, in_port, VXSW_DROP_FLOW_DROP);
		return true;
	case VXSW_FLOW_ACT_OUTPUT:
		tx_one(lc, DP_FLOW_ARG(act), m);
		return true;
	case VXSW_FLOW_ACT_ENCAP:
		if (unlikely(!fits(conf, rte_pktmbuf_pkt_len(m)))) {
			dp_count_drop(lc, m, in_port, VXSW_DROP_ENCAP_MTU);
			return true;
		}
		encap_vni(lc, conf, m, in_port, vni_idx,
			  DP_FLOW_VNI(act) ? DP_FLOW_VNI(act) : dp.vnis[vni_idx].vni,
			  DP_FLOW_ARG(act));
		return true;
	case VXSW_FLOW_ACT_FLOOD:
		flood(lc, conf, m, in_port, vni_idx, from_remote);
		return true;
	default:
		return false;
	}
}

/* Frames from an access port: those a rule takes are handled and counted here (as received on
 * the port and in the VNI); the rest stay in pkts, in order, for the L2 switch. */
static uint16_t flow_filter_access(struct dp_lcore *lc, const struct dp_flowtab *ft,
				   const struct dp_conf *conf, uint16_t port, uint32_t vni_idx,
				   struct rte_mbuf **pkts, uint16_t n)
{
	uint32_t vni = dp.vnis[vni_idx].vni;
	uint16_t i, keep = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint32_t len = rte_pktmbuf_pkt_len(m);
		uint64_t act = flow_verdict(lc, ft, m, port, vni);

		if (act != DP_FLOW_NONE && DP_FLOW_ACT(act) != VXSW_FLOW_ACT_NORMAL &&
		    DP_FLOW_ACT(act) != VXSW_FLOW_ACT_COUNT) {
			lc->port[port].rx_packets++;
			lc->port[port].rx_bytes += len;
			lc->vni[vni_idx].rx_packets++;
			lc->vni[vni_idx].rx_bytes += len;
			flow_act(lc, conf, m, act, port, vni_idx, false);
			continue;
		}
		pkts[keep++] = m;
	}
	return keep;
}

/* The 48-bit MAC at p as the low bits of a cache key (p + 8 must be readable). */
static inline uint64_t mac_key(const uint8_t *p)
{
	uint64_t w;

	__builtin_memcpy(&w, p, 8);
	return w & 0xffffffffffffull;
}

/*
 * A secured access port's source check (anti-spoofing, portsec.h), before the flow table and
 * the switch. Frames that fail are counted as received on the port, then dropped.
 */
static uint16_t port_sec_filter(struct dp_lcore *lc, const struct vxsw_port_sec *sec, uint16_t port,
				struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i, keep = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint32_t len = rte_pktmbuf_data_len(m);
		enum vxsw_drop why;

		/* Shorter than a header: the switch counts it as truncated. */
		why = len < VXSW_ETH_HLEN
			      ? VXSW_DROP_NONE
			      : vxsw_port_sec_check(sec, rte_pktmbuf_mtod(m, uint8_t *), len);
		if (likely(why == VXSW_DROP_NONE)) {
			pkts[keep++] = m;
			continue;
		}
		lc->port[port].rx_packets++;
		lc->port[port].rx_bytes += rte_pktmbuf_pkt_len(m);
		dp_count_drop(lc, m, port, why);
	}
	return keep;
}

/* Frames from an access port bound to vni_idx that the cached fast path did not take: full
 * lookups, learning, flooding and every drop rule. The caller counted them as received. */
static void rx_access_slow(struct dp_lcore *lc, const struct dp_conf *conf, uint16_t port,
			   uint32_t vni_idx, struct rte_mbuf **pkts, uint16_t n)
{
	struct fdb_key keys[2 * DP_BURST];
	void *data[2 * DP_BURST];
	uint16_t ok[DP_BURST];
	uint32_t now = __atomic_load_n(&dp.now, __ATOMIC_RELAXED);
	uint32_t me = fdb_loc_port(port);
	uint64_t hits;
	uint16_t i, nk = 0, nok = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct vxsw_eth *eth = rte_pktmbuf_mtod(m, const struct vxsw_eth *);

		if (unlikely(rte_pktmbuf_data_len(m) < VXSW_ETH_HLEN)) {
			dp_count_drop(lc, m, port, VXSW_DROP_ETH_TRUNCATED);
			continue;
		}
		if (unlikely(!pkt_mac_is_valid_src(eth->src))) {
			dp_count_drop(lc, m, port, VXSW_DROP_SRC_MAC_INVALID);
			continue;
		}
		fdb_key_set(&keys[nk], vni_idx, eth->src);
		fdb_key_set(&keys[nk + 1], vni_idx, eth->dst);
		nk += 2;
		ok[nok++] = i;
	}
	if (nok == 0)
		return;
	hits = fdb_cache_lookup_bulk(lc->fdbc, dp.fdb, keys, nk, data);
	for (i = 0; i < nok; i++) {
		struct rte_mbuf *m = pkts[ok[i]];
		const struct vxsw_eth *eth = rte_pktmbuf_mtod(m, const struct vxsw_eth *);
		uintptr_t sd = (uintptr_t)data[2 * i], dd = (uintptr_t)data[2 * i + 1];
		uint32_t loc;

		lc->vni[vni_idx].rx_packets++;
		lc->vni[vni_idx].rx_bytes += rte_pktmbuf_pkt_len(m);
		/* Source: learn, refresh, or refuse a frame claiming a static MAC elsewhere. */
		if ((hits >> (2 * i) & 1) && sd) {
			loc = fdb_data_loc(sd);
			if (fdb_loc_same(loc, me))
				fdb_touch(dp.fdb, fdb_data_pos(sd), now);
			else if (loc & FDB_LOC_STATIC) {
				dp_count_drop(lc, m, port, VXSW_DROP_STATIC_MAC_CONFLICT);
				continue;
			} else
				learn_req(lc, vni_idx, eth->src, me, 0);
		} else {
			learn_req(lc, vni_idx, eth->src, me, 0);
		}
		/* Destination. */
		if (pkt_mac_is_multicast(eth->dst) || !(hits >> (2 * i + 1) & 1) || !dd) {
			flood(lc, conf, m, port, vni_idx, false);
			continue;
		}
		loc = fdb_data_loc(dd);
		if (loc & FDB_LOC_REMOTE) {
			if (unlikely(!fits(conf, rte_pktmbuf_pkt_len(m)))) {
				lc->drops[VXSW_DROP_ENCAP_MTU]++;
				lc->port[port].drops++;
				slow_req(lc, m, port, DP_SLOW_TOO_BIG);
				continue;
			}
			encap(lc, conf, m, port, vni_idx, (uint16_t)(loc & FDB_LOC_IDX_MASK));
		} else if ((loc & FDB_LOC_IDX_MASK) == port) {
			dp_count_drop(lc, m, port, VXSW_DROP_SAME_PORT);
		} else {
			tx_one(lc, (uint16_t)(loc & FDB_LOC_IDX_MASK), m);
		}
	}
}

/* Encapsulated frames to one VTEP in a row: its counters are added once. */
struct encap_run {
	int32_t vt;
	uint32_t pkts, all;
	uint64_t bytes;
};

static inline void encap_run_flush(struct dp_lcore *lc, struct encap_run *r)
{
	if (!r->pkts)
		return;
	lc->vtep[r->vt].tx_packets += r->pkts;
	lc->vtep[r->vt].tx_bytes += r->bytes;
	r->all += r->pkts;
	r->pkts = 0;
	r->bytes = 0;
}

static inline void encap_run_add(struct dp_lcore *lc, struct encap_run *r, int32_t vt, uint32_t len)
{
	if (vt != r->vt) {
		encap_run_flush(lc, r);
		r->vt = vt;
	}
	r->pkts++;
	r->bytes += len;
}

/*
 * Frames from an access port bound to vni_idx. The common case (source MAC known on this port,
 * destination known, both in this lcore's FDB cache) is switched in this one pass; any other
 * frame (a miss, learning, a move, flooding, a drop rule) goes to rx_access_slow() with the
 * rest of the burst. Frames of one flow take the same path within a burst: no reordering.
 */
static void rx_access(struct dp_lcore *lc, const struct dp_conf *conf, uint16_t port,
		      uint32_t vni_idx, struct rte_mbuf **pkts, uint16_t n)
{
	const struct fdb_cache *c = lc->fdbc;
	struct rte_mbuf *slow[DP_BURST];
	uint32_t now = __atomic_load_n(&dp.now, __ATOMIC_RELAXED);
	uint32_t me = fdb_loc_port(port);
	uint64_t vkey = (uint64_t)vni_idx << 48, bytes = 0, fbytes = 0;
	uint32_t vni = dp.vnis[vni_idx].vni;
	struct encap_run run = {.vt = -1};
	uint16_t i, ns = 0;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const uint8_t *eth = rte_pktmbuf_mtod(m, const uint8_t *);
		uint32_t len = rte_pktmbuf_pkt_len(m), sloc, dloc;
		uintptr_t sd, dd;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		bytes += len;
		if (unlikely(rte_pktmbuf_data_len(m) < VXSW_ETH_HLEN))
			goto slow;
		sd = fdb_cache_get(c, mac_key(eth + 6) | vkey);
		dd = fdb_cache_get(c, mac_key(eth) | vkey);
		if (unlikely(!sd || !dd))
			goto slow;
		sloc = fdb_data_loc(sd);
		dloc = fdb_data_loc(dd);
		if (unlikely(!fdb_loc_same(sloc, me)))
			goto slow;
		if (likely(dloc & FDB_LOC_REMOTE)) {
			if (unlikely(!fits(conf, len)))
				goto slow;
			uint16_t vt = (uint16_t)(dloc & FDB_LOC_IDX_MASK);

			fdb_touch(dp.fdb, fdb_data_pos(sd), now);
			if (encap_build(lc, conf, m, port, vni, vt)) {
				encap_run_add(lc, &run, vt, len);
				tx_one(lc, conf->ul_port, m);
			}
		} else if ((dloc & FDB_LOC_IDX_MASK) != port) {
			fdb_touch(dp.fdb, fdb_data_pos(sd), now);
			tx_one(lc, (uint16_t)(dloc & FDB_LOC_IDX_MASK), m);
		} else {
			goto slow;
		}
		fbytes += len;
		continue;
	slow:
		slow[ns++] = m;
	}
	encap_run_flush(lc, &run);
	lc->vni[vni_idx].encap += run.all;
	lc->port[port].rx_packets += n;
	lc->port[port].rx_bytes += bytes;
	lc->vni[vni_idx].rx_packets += n - ns;
	lc->vni[vni_idx].rx_bytes += fbytes;
	if (ns)
		rx_access_slow(lc, conf, port, vni_idx, slow, ns);
}

static inline bool vtep_member(uint32_t vni_idx, int32_t vt)
{
	const uint64_t *bits = dp.vnis[vni_idx].members;

	return vt >= 0 && (__atomic_load_n(&bits[vt / 64], __ATOMIC_RELAXED) >> (vt % 64) & 1);
}

/* Decapsulated frames of one (VNI, VTEP) in a row: their counters are added once. */
struct decap_run {
	int32_t v, vt;
	uint32_t pkts;
	uint64_t bytes;
};

static inline void decap_run_flush(struct dp_lcore *lc, struct decap_run *r)
{
	if (!r->pkts)
		return;
	lc->vni[r->v].decap += r->pkts;
	lc->vni[r->v].rx_packets += r->pkts;
	lc->vni[r->v].rx_bytes += r->bytes;
	lc->vtep[r->vt].rx_packets += r->pkts;
	lc->vtep[r->vt].rx_bytes += r->bytes;
	r->pkts = 0;
	r->bytes = 0;
}

static inline void decap_run_add(struct dp_lcore *lc, struct decap_run *r, int32_t v, int32_t vt,
				 uint32_t len)
{
	if (v != r->v || vt != r->vt) {
		decap_run_flush(lc, r);
		r->v = v;
		r->vt = vt;
	}
	r->pkts++;
	r->bytes += len;
}

/*
 * Frames from the underlay port, in one pass: validation, the VNI and source VTEP (the previous
 * frame's answer first: a burst usually comes from one VTEP in one VNI), decapsulation, and the
 * common case from the FDB cache (source known at this VTEP, destination on a local port).
 * Frames the cache cannot settle get two FDB keys and go on to one bulk lookup.
 */
static void rx_underlay(struct dp_lcore *lc, const struct dp_conf *conf,
			const struct dp_flowtab *ft, uint16_t port, struct rte_mbuf **pkts,
			uint16_t n)
{
	struct decap_run run = {.v = -1, .vt = -1};
	uint64_t rx_bytes = 0;
	struct vxlan_rx rx[DP_BURST];
	void *data[2 * DP_BURST];
	int32_t vni_idx[DP_BURST], vt_idx[DP_BURST];
	struct fdb_key keys[2 * DP_BURST];
	uint16_t ok[DP_BURST];
	uint32_t now = __atomic_load_n(&dp.now, __ATOMIC_RELAXED);
	uint32_t last_vni = UINT32_MAX; /* no VNI: they have 24 bits */
	vxsw_be32 last_ip = 0;
	int32_t v = -1, vt = -1;
	bool vt_known = false;
	uint16_t i, nok = 0, nk = 0;
	uint64_t hits;

	map_sync(lc->mapc);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct vxsw_eth *ieth;
		struct vxlan_rx x;
		enum vxsw_drop r;
		int32_t fvt;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		rx_bytes += rte_pktmbuf_pkt_len(m);
		if (unlikely(m->nb_segs > 1) && rte_pktmbuf_linearize(m) != 0) {
			dp_count_drop(lc, m, port, VXSW_DROP_MBUF_ALLOC);
			continue;
		}
		r = vxlan_rx_check(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
				   &conf->rx, &x);
		if (unlikely(r != VXSW_DROP_NONE)) {
			if (r == VXSW_DROP_UNDERLAY_ETHERTYPE &&
			    rte_pktmbuf_mtod(m, struct vxsw_eth *)->type ==
				    pkt_htons(VXSW_ETHERTYPE_ARP))
				slow_req(lc, m, port, DP_SLOW_ARP);
			else if (r == VXSW_DROP_UNDERLAY_UNHANDLED &&
				 x.l4proto == VXSW_IPPROTO_ICMP)
				slow_req(lc, m, port, DP_SLOW_ICMP);
			else
				dp_count_drop(lc, m, port, r);
			continue;
		}
		if (x.vni != last_vni) {
			v = map_lookup(dp.vni_hash, x.vni, &lc->mapc->vni[0].key);
			last_vni = x.vni;
		}
		if (!vt_known || x.src_ip != last_ip) {
			vt = map_lookup(dp.vtep_hash, x.src_ip, &lc->mapc->vtep[0].key);
			last_ip = x.src_ip;
			vt_known = true;
		}
		if (unlikely(v < 0)) {
			dp_count_drop(lc, m, port, VXSW_DROP_VXLAN_UNKNOWN_VNI);
			continue;
		}
		fvt = vt;
		if (unlikely(!vtep_member((uint32_t)v, fvt))) {
			if (!conf->learn_unknown_vtep) {
				dp_count_drop(lc, m, port, VXSW_DROP_VXLAN_UNKNOWN_VTEP);
				continue;
			}
			fvt = -1;
		}
		/* One segment (linearized above), and vxlan_rx_check() proved the inner frame lies
		 * within it: what rte_pktmbuf_adj() and _trim() would do, without their checks. */
		m->data_off = (uint16_t)(m->data_off + x.inner_off);
		m->data_len = x.inner_len;
		m->pkt_len = x.inner_len;
		m->ol_flags = 0;
		ieth = rte_pktmbuf_mtod(m, const struct vxsw_eth *);
		if (unlikely(!pkt_mac_is_valid_src(ieth->src))) {
			dp_count_drop(lc, m, port, VXSW_DROP_SRC_MAC_INVALID);
			continue;
		}
		if (unlikely(ft != NULL)) {
			uint64_t act = flow_verdict(lc, ft, m, port, x.vni);

			if (act != DP_FLOW_NONE && DP_FLOW_ACT(act) != VXSW_FLOW_ACT_NORMAL &&
			    DP_FLOW_ACT(act) != VXSW_FLOW_ACT_COUNT) {
				if (fvt >= 0) {
					decap_run_add(lc, &run, v, fvt, rte_pktmbuf_pkt_len(m));
				} else {
					lc->vni[v].decap++;
					lc->vni[v].rx_packets++;
					lc->vni[v].rx_bytes += rte_pktmbuf_pkt_len(m);
				}
				flow_act(lc, conf, m, act, port, (uint32_t)v, true);
				continue;
			}
		}
		/* The common case from the cache: source known at this VTEP, destination on a
		 * local port. */
		if (likely(fvt >= 0)) {
			uint64_t vkey = (uint64_t)v << 48;
			uintptr_t sd = fdb_cache_get(lc->fdbc, mac_key(ieth->src) | vkey);
			uintptr_t dd = fdb_cache_get(lc->fdbc, mac_key(ieth->dst) | vkey);

			if (sd && dd &&
			    fdb_loc_same(fdb_data_loc(sd), fdb_loc_vtep((uint16_t)fvt)) &&
			    !(fdb_data_loc(dd) & FDB_LOC_REMOTE)) {
				fdb_touch(dp.fdb, fdb_data_pos(sd), now);
				decap_run_add(lc, &run, v, fvt, x.inner_len);
				tx_one(lc, (uint16_t)(fdb_data_loc(dd) & FDB_LOC_IDX_MASK), m);
				continue;
			}
		}
		fdb_key_set(&keys[nk], (uint32_t)v, ieth->src);
		fdb_key_set(&keys[nk + 1], (uint32_t)v, ieth->dst);
		nk += 2;
		ok[nok] = i;
		vni_idx[nok] = v;
		vt_idx[nok] = fvt;
		rx[nok] = x;
		nok++;
	}
	lc->port[port].rx_packets += n;
	lc->port[port].rx_bytes += rx_bytes;
	decap_run_flush(lc, &run);
	if (nok == 0)
		return;
	hits = fdb_cache_lookup_bulk(lc->fdbc, dp.fdb, keys, nk, data);
	for (i = 0; i < nok; i++) {
		struct rte_mbuf *m = pkts[ok[i]];
		const struct vxsw_eth *ieth = rte_pktmbuf_mtod(m, const struct vxsw_eth *);
		uintptr_t sd = (uintptr_t)data[2 * i], dd = (uintptr_t)data[2 * i + 1];
		uint32_t v = (uint32_t)vni_idx[i], loc;
		uint32_t from = vt_idx[i] >= 0 ? fdb_loc_vtep((uint16_t)vt_idx[i]) : 0;

		lc->vni[v].decap++;
		lc->vni[v].rx_packets++;
		lc->vni[v].rx_bytes += rte_pktmbuf_pkt_len(m);
		if (vt_idx[i] >= 0) {
			lc->vtep[vt_idx[i]].rx_packets++;
			lc->vtep[vt_idx[i]].rx_bytes += rte_pktmbuf_pkt_len(m);
		}
		if ((hits >> (2 * i) & 1) && sd) {
			loc = fdb_data_loc(sd);
			if (from && fdb_loc_same(loc, from))
				fdb_touch(dp.fdb, fdb_data_pos(sd), now);
			else if (loc & FDB_LOC_STATIC) {
				dp_count_drop(lc, m, port, VXSW_DROP_STATIC_MAC_CONFLICT);
				continue;
			} else
				learn_req(lc, v, ieth->src, from, rx[i].src_ip);
		} else {
			learn_req(lc, v, ieth->src, from, rx[i].src_ip);
		}
		if (pkt_mac_is_multicast(ieth->dst) || !(hits >> (2 * i + 1) & 1) || !dd) {
			flood(lc, conf, m, port, v, true);
			continue;
		}
		loc = fdb_data_loc(dd);
		if (loc & FDB_LOC_REMOTE)
			dp_count_drop(lc, m, port, VXSW_DROP_SPLIT_HORIZON);
		else
			tx_one(lc, (uint16_t)(loc & FDB_LOC_IDX_MASK), m);
	}
}

/* Not inlined (once per burst): its inclusive cost in a profile is the switching work alone. */
static __attribute__((noinline)) void rx_port(struct dp_lcore *lc, const struct dp_conf *conf,
					      uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	const struct dp_port *p = &dp.ports[port];
	const struct dp_flowtab *ft = __atomic_load_n(&dp.flows, __ATOMIC_ACQUIRE);
	uint8_t role = __atomic_load_n(&p->role, __ATOMIC_ACQUIRE);
	uint16_t i;

	if (role == VXSW_PORT_ACCESS) {
		uint32_t vni_idx = __atomic_load_n(&p->vni_idx, __ATOMIC_RELAXED);
		const struct vxsw_port_sec *sec = __atomic_load_n(&p->sec, __ATOMIC_ACQUIRE);

		if (unlikely(sec != NULL)) {
			n = port_sec_filter(lc, sec, port, pkts, n);
			if (n == 0)
				return;
		}
		if (unlikely(ft != NULL)) {
			n = flow_filter_access(lc, ft, conf, port, vni_idx, pkts, n);
			if (n == 0)
				return;
		}
		rx_access(lc, conf, port, vni_idx, pkts, n);
	} else if (role == VXSW_PORT_UNDERLAY && conf->ul_port == port) {
		rx_underlay(lc, conf, ft, port, pkts, n);
	} else {
		for (i = 0; i < n; i++) {
			lc->port[port].rx_packets++;
			lc->port[port].rx_bytes += rte_pktmbuf_pkt_len(pkts[i]);
			dp_count_drop(lc, pkts[i], port, VXSW_DROP_PORT_UNBOUND);
		}
	}
}

/* Lcore 0 transmits what the control thread prepared (ARP, ICMP). */
static void drain_inject(struct dp_lcore *lc)
{
	struct rte_mbuf *m[DP_BURST];
	uint16_t p;
	unsigned int n, i;

	for (p = 0; p < dp.n_ports; p++) {
		n = rte_ring_sc_dequeue_burst(dp.ports[p].inject, (void **)m, DP_BURST, NULL);
		for (i = 0; i < n; i++)
			tx_one(lc, p, m[i]);
		if (n)
			tx_flush(lc, p);
	}
}

int fwd_main(void *arg)
{
	struct dp_lcore *lc = arg;
	struct rte_mbuf *pkts[DP_BURST];
	uint32_t idle = 0;
	uint16_t q, p;

	rte_rcu_qsbr_thread_register(dp.qs, lc->idx);
	rte_rcu_qsbr_thread_online(dp.qs, lc->idx);
	while (!dp.quit) {
		const struct dp_conf *conf = __atomic_load_n(&dp.conf, __ATOMIC_ACQUIRE);
		bool busy = false;

		for (q = 0; q < lc->n_rxq; q++) {
			uint64_t t0;
			uint16_t n;

			/* Busy cycles include the receive, as testpmd's --record-core-cycles and
			 * OVS's pmd-stats count theirs: the figures compare like with like. */
			t0 = rte_rdtsc();
			p = lc->rxq_port[q];
			n = rte_eth_rx_burst(p, lc->rxq_queue[q], pkts, DP_BURST);
			if (n == 0)
				continue;
			fdb_cache_sync(lc->fdbc, dp.fdb);
			rx_port(lc, conf, p, pkts, n);
			for (p = 0; p < dp.n_ports; p++)
				tx_flush(lc, p);
			lc->busy_cycles += rte_rdtsc() - t0;
			lc->busy_packets += n;
			busy = true;
		}
		if (lc->idx == 0)
			drain_inject(lc);
		/* Between bursts no table pointer is held: report a quiescent state. */
		rte_rcu_qsbr_quiescent(dp.qs, lc->idx);
		if (busy) {
			idle = 0;
		} else if (dp.idle_sleep_us && ++idle > 64) {
			rte_delay_us_sleep(dp.idle_sleep_us);
		}
	}
	rte_rcu_qsbr_thread_offline(dp.qs, lc->idx);
	rte_rcu_qsbr_thread_unregister(dp.qs, lc->idx);
	return 0;
}
