/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mirror: kernel rtnetlink state -> the overlay vxswd pushes to a dataplane (see mirror.h).
 * Kernel objects live in hash tables keyed as the kernel identifies them; the overlay is kept
 * in four more tables (VNIs, ports, flood lists, MACs) so that every change can be reported as
 * a difference. FDB events are applied incrementally (one MAC at a time); link events, rare and
 * able to change everything, trigger one full re-derivation at the next commit.
 */
#include "mirror.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <vxsw/addr.h>
#include <vxsw/wire.h>

#include "pkt.h"

#define ALIAS_PREFIX "vxsw:"

enum link_kind { LK_OTHER, LK_BRIDGE, LK_VXLAN, LK_VETH };

struct mlink {
	struct hnode hn;
	int32_t ifindex; /* key */
	uint32_t epoch;
	char name[IFNAMSIZ];
	char port[VXSW_NAME_MAX]; /* "vxsw:PORT" alias: the dataplane port it stands for */
	uint32_t flags;		  /* IFF_* */
	int32_t master;
	enum link_kind kind;
	uint32_t vni; /* vxlan */
	bool external;
	struct vxsw_ip local;
	uint32_t br_vni; /* bridge: the VNI of the vxlan device in it (derived) */
	/* What a backend needs beyond the overlay: the device's address and MTU, and the
	 * vxlan device's wire parameters. */
	uint8_t mac[6];
	uint32_t mtu;
	uint16_t dstport; /* vxlan, host order */
	uint16_t port_min, port_max;
	uint8_t ttl, tos;
	bool learning;
	bool peer_netns; /* the link (a veth's peer) is in another network namespace */
};

/* A kernel FDB entry: a vxlan "self" entry (one per MAC and remote) or a bridge entry (one per
 * MAC and VLAN in a bridge). */
struct mfdb_key {
	int32_t ifindex; /* the vxlan device, or the bridge */
	uint8_t mac[6];
	uint8_t is_bridge;
	uint8_t pad;
	uint32_t id;	    /* vxlan: NDA_VNI (0 = the device's); bridge: the VLAN */
	struct vxsw_ip dst; /* flood entries only: a unicast MAC's remote is not part of its key */
};

struct mfdb {
	struct hnode hn;
	struct mfdb_key k;
	struct vxsw_ip dst; /* vxlan entries: the remote VTEP */
	uint32_t epoch;
	int32_t port; /* bridge entries: the port */
	uint16_t state;
	uint8_t flags;
	uint32_t flood_vni;	    /* the flood list it is counted in, 0 = none */
	struct mfdb *mprev, *mnext; /* the other entries of the same MAC */
};

/* All kernel entries of one MAC, to re-derive that MAC without a scan. */
struct mmac {
	struct hnode hn;
	uint8_t mac[6];
	uint8_t pad[2];
	struct mfdb *head;
};

struct mneigh_key {
	int32_t ifindex;
	struct vxsw_ip ip;
};
struct mneigh {
	struct hnode hn;
	struct mneigh_key k;
	uint32_t epoch;
	uint8_t mac[6];
	uint16_t state;
};

struct maddr_key {
	int32_t ifindex;
	struct vxsw_ip ip;
	uint8_t prefixlen;
	uint8_t pad[3];
};
struct maddr {
	struct hnode hn;
	struct maddr_key k;
	uint32_t epoch;
};

struct mroute_key {
	uint32_t table, priority;
	struct vxsw_ip dst;
	uint8_t dstlen, tos;
	uint8_t pad[2];
};
struct mroute {
	struct hnode hn;
	struct mroute_key k;
	uint32_t epoch;
	struct vxsw_ip gw;
	int32_t oif;
};

/* The derived overlay. */
struct dvni {
	struct hnode hn;
	uint32_t vni;
	int32_t ifindex; /* its vxlan device */
};
struct dport {
	struct hnode hn;
	char port[VXSW_NAME_MAX];
	uint32_t vni;
	int32_t ifindex;
};
struct dflood_key {
	uint32_t vni;
	struct vxsw_ip ip;
};
struct dflood {
	struct hnode hn;
	struct dflood_key k;
	uint32_t refs;
};
struct dfdb_key {
	uint32_t vni;
	uint8_t mac[6];
	uint8_t pad[2];
};
struct dfdb {
	struct hnode hn;
	struct dfdb_key k;
	struct mirror_want w;
};

struct mirror {
	struct mirror_cb cb;
	struct mirror_limits lim;
	enum mirror_mode mode;
	uint32_t epoch;
	bool links_dirty;
	struct htab links, fdb, macs, neighs, addrs, routes;
	struct htab vnis, ports, flood, dfdb;
	uint64_t messages, invalid, refused;
};

static const uint8_t zero_mac[6];

#define KEY_OFF(type, field) offsetof(type, field)

/* ---- tables ---- */

static int tables_init(struct mirror *m)
{
	const struct mirror_limits *l = &m->lim;
	int err = 0;

	err |= htab_init(&m->links, KEY_OFF(struct mlink, ifindex), sizeof(int32_t), l->links);
	err |= htab_init(&m->fdb, KEY_OFF(struct mfdb, k), sizeof(struct mfdb_key), l->fdb);
	err |= htab_init(&m->macs, KEY_OFF(struct mmac, mac), 6, l->fdb);
	err |= htab_init(&m->neighs, KEY_OFF(struct mneigh, k), sizeof(struct mneigh_key),
			 l->neighs);
	err |= htab_init(&m->addrs, KEY_OFF(struct maddr, k), sizeof(struct maddr_key), l->addrs);
	err |= htab_init(&m->routes, KEY_OFF(struct mroute, k), sizeof(struct mroute_key),
			 l->routes);
	err |= htab_init(&m->vnis, KEY_OFF(struct dvni, vni), sizeof(uint32_t), l->links);
	err |= htab_init(&m->ports, KEY_OFF(struct dport, port), VXSW_NAME_MAX, l->links);
	err |= htab_init(&m->flood, KEY_OFF(struct dflood, k), sizeof(struct dflood_key), l->fdb);
	err |= htab_init(&m->dfdb, KEY_OFF(struct dfdb, k), sizeof(struct dfdb_key), l->fdb);
	return err ? -ENOMEM : 0;
}

int mirror_create(const struct mirror_limits *lim, const struct mirror_cb *cb, struct mirror **ret)
{
	static const struct mirror_limits dflt = MIRROR_DEFAULT_LIMITS;
	struct mirror *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->lim = lim ? *lim : dflt;
	if (cb)
		m->cb = *cb;
	if (tables_init(m) < 0) {
		mirror_free(m);
		return -ENOMEM;
	}
	*ret = m;
	return 0;
}

void mirror_free(struct mirror *m)
{
	if (!m)
		return;
	htab_free(&m->links);
	htab_free(&m->fdb);
	htab_free(&m->macs);
	htab_free(&m->neighs);
	htab_free(&m->addrs);
	htab_free(&m->routes);
	htab_free(&m->vnis);
	htab_free(&m->ports);
	htab_free(&m->flood);
	htab_free(&m->dfdb);
	free(m);
}

static struct mlink *link_get(const struct mirror *m, int32_t ifindex)
{
	return htab_find(&m->links, &ifindex);
}

/* ---- reporting ---- */

static void report_vni(struct mirror *m, uint32_t vni, bool present)
{
	if (m->cb.vni)
		m->cb.vni(m->cb.arg, vni, present);
}

static void report_port(struct mirror *m, const char *port, uint32_t vni)
{
	if (m->cb.port)
		m->cb.port(m->cb.arg, port, vni);
}

static void report_flood(struct mirror *m, uint32_t vni, const struct vxsw_ip *ip, bool present)
{
	if (m->cb.flood)
		m->cb.flood(m->cb.arg, vni, ip, present);
}

/* Something a backend derives beyond the overlay (next hops, wire parameters) may have changed. */
static void report_changed(struct mirror *m)
{
	if (m->cb.changed)
		m->cb.changed(m->cb.arg);
}

static void report_fdb(struct mirror *m, uint32_t vni, const uint8_t mac[6],
		       const struct mirror_want *w, const struct mirror_want *old)
{
	if (m->cb.fdb)
		m->cb.fdb(m->cb.arg, vni, mac, w, old);
}

/* ---- derivation ---- */

/* A vxlan device that defines a VNI of the overlay. */
static bool link_is_vni(const struct mlink *l)
{
	return l && l->kind == LK_VXLAN && !l->external && l->vni && (l->flags & IFF_UP);
}

/* The VNI of the overlay a vxlan self entry belongs to, 0 if none. Per-remote VNI translation
 * (an NDA_VNI other than the device's) is not something the dataplane does: ignored. */
static uint32_t self_vni(const struct mirror *m, const struct mfdb *e)
{
	const struct mlink *l = link_get(m, e->k.ifindex);

	if (!link_is_vni(l) || (e->k.id && e->k.id != l->vni))
		return 0;
	return l->vni;
}

/* The VNI of a bridge entry on a representor, 0 if none. */
static uint32_t bridge_vni(const struct mirror *m, const struct mfdb *e)
{
	const struct mlink *p = link_get(m, e->port), *b = link_get(m, e->k.ifindex);

	if (!p || !p->port[0] || !b || b->kind != LK_BRIDGE)
		return 0;
	return b->br_vni;
}

static uint32_t entry_vni(const struct mirror *m, const struct mfdb *e)
{
	return e->k.is_bridge ? bridge_vni(m, e) : self_vni(m, e);
}

static bool is_static_state(uint16_t state)
{
	return state & (NUD_PERMANENT | NUD_NOARP);
}

/*
 * What the dataplane should hold for (vni, mac), from every kernel entry of that MAC. Ranks:
 * vxswd's own write-back (leave the learned entry alone) > a static local MAC > a static remote
 * > an extern_learn or dynamic remote; among equals the lowest remote address.
 */
static bool derive_mac(const struct mirror *m, uint32_t vni, const uint8_t mac[6],
		       struct mirror_want *w)
{
	const struct mmac *mm = htab_find(&m->macs, mac);
	const struct mfdb *e, *best = NULL;
	int best_rank = 0;
	bool dynamic = false;

	if (!mm || !memcmp(mac, zero_mac, 6))
		return false;
	memset(w, 0, sizeof(*w));
	for (e = mm->head; e; e = e->mnext) {
		int rank = 0;

		if (entry_vni(m, e) != vni)
			continue;
		if (e->k.is_bridge && m->mode == MIRROR_BRIDGE_PORTS) {
			/* Permanent entries are the ports' own addresses: for the host. */
			if (e->state & NUD_PERMANENT)
				continue;
			rank = (e->state & NUD_NOARP) && !(e->flags & NTF_EXT_LEARNED) ? 4 : 1;
		} else if (e->k.is_bridge) {
			if (e->flags & NTF_EXT_LEARNED) {
				/* Learned by the dataplane, written back by vxswd: it stands. */
				w->is_learned = true;
				return true;
			}
			if ((e->state & NUD_NOARP) && !(e->state & NUD_PERMANENT))
				rank = 4;
		} else if (e->dst.family) {
			rank = is_static_state(e->state) && !(e->flags & NTF_EXT_LEARNED) ? 3 : 2;
		}
		if (rank > best_rank || (rank && rank == best_rank &&
					 memcmp(&e->dst, &best->dst, sizeof(e->dst)) < 0)) {
			best = e;
			best_rank = rank;
		}
	}
	if (!best)
		return false;
	dynamic = !is_static_state(best->state) && !(best->flags & NTF_EXT_LEARNED);
	w->is_dynamic = dynamic;
	if (best->k.is_bridge) {
		snprintf(w->port, sizeof(w->port), "%s", link_get(m, best->port)->port);
		w->is_extern = best_rank == 1;
	} else {
		w->is_remote = true;
		w->remote = best->dst;
		w->is_extern = best_rank == 2;
	}
	return true;
}

bool mirror_want_equal(const struct mirror_want *a, const struct mirror_want *b)
{
	if (a->is_learned != b->is_learned || a->is_remote != b->is_remote ||
	    a->is_extern != b->is_extern || a->is_dynamic != b->is_dynamic)
		return false;
	if (a->is_learned)
		return true;
	return a->is_remote ? !memcmp(&a->remote, &b->remote, sizeof(a->remote))
			    : !strcmp(a->port, b->port);
}

static void dfdb_key(struct dfdb_key *k, uint32_t vni, const uint8_t mac[6])
{
	memset(k, 0, sizeof(*k));
	k->vni = vni;
	memcpy(k->mac, mac, 6);
}

/* Re-derive one MAC of one VNI and report a difference. */
static void update_mac(struct mirror *m, uint32_t vni, const uint8_t mac[6])
{
	struct mirror_want w;
	struct dfdb_key k;
	struct dfdb *d;
	bool want;

	if (!vni || !htab_find(&m->vnis, &vni))
		return;
	want = derive_mac(m, vni, mac, &w);
	dfdb_key(&k, vni, mac);
	d = htab_find(&m->dfdb, &k);
	if (!want) {
		if (d) {
			htab_del(&m->dfdb, d);
			report_fdb(m, vni, mac, NULL, &d->w);
			free(d);
		}
		return;
	}
	if (d) {
		struct mirror_want old = d->w;

		if (mirror_want_equal(&d->w, &w))
			return;
		d->w = w;
		report_fdb(m, vni, mac, &w, &old);
		return;
	} else {
		d = calloc(1, sizeof(*d));
		if (!d)
			return;
		d->k = k;
		if (htab_add(&m->dfdb, d) < 0) {
			m->refused++;
			free(d);
			return;
		}
		d->w = w;
	}
	report_fdb(m, vni, mac, &w, NULL);
}

/* Count a zero-MAC vxlan entry in its flood list (or stop counting it). */
static void flood_ref(struct mirror *m, struct mfdb *e, uint32_t vni, bool report)
{
	struct dflood_key k;
	struct dflood *f;

	if (e->flood_vni == vni)
		return;
	memset(&k, 0, sizeof(k));
	if (e->flood_vni) {
		k.vni = e->flood_vni;
		k.ip = e->dst;
		f = htab_find(&m->flood, &k);
		if (f && --f->refs == 0) {
			htab_del(&m->flood, f);
			free(f);
			if (report)
				report_flood(m, k.vni, &k.ip, false);
		}
		e->flood_vni = 0;
	}
	if (!vni || !e->dst.family)
		return;
	k.vni = vni;
	k.ip = e->dst;
	f = htab_find(&m->flood, &k);
	if (!f) {
		f = calloc(1, sizeof(*f));
		if (!f)
			goto refused;
		f->k = k;
		if (htab_add(&m->flood, f) < 0) {
			free(f);
			goto refused;
		}
		if (report)
			report_flood(m, vni, &k.ip, true);
	}
	f->refs++;
	e->flood_vni = vni;
	return;
refused:
	m->refused++;
}

static bool is_flood_entry(const struct mfdb *e)
{
	return !e->k.is_bridge && !memcmp(e->k.mac, zero_mac, 6);
}

/* ---- the full pass, after link changes ---- */

static void derive_bridges(struct mirror *m)
{
	struct mlink *l, *b;
	void *nx;
	size_t i;

	HTAB_FOREACH(&m->links, l, i, nx)
	l->br_vni = 0;
	HTAB_FOREACH(&m->links, l, i, nx)
	{
		if (!link_is_vni(l) || !(b = link_get(m, l->master)) || b->kind != LK_BRIDGE)
			continue;
		/* Two VNIs in one bridge: the dataplane binds a port to one; the lower wins. */
		if (!b->br_vni || l->vni < b->br_vni)
			b->br_vni = l->vni;
	}
}

static void rederive(struct mirror *m)
{
	struct htab nv, np, ovt, opt;
	struct mlink *l;
	struct dvni *v, *ov;
	struct dport *p, *op;
	struct mfdb *e;
	struct dfdb *d;
	void *nx;
	size_t i;

	derive_bridges(m);
	if (htab_init(&nv, KEY_OFF(struct dvni, vni), sizeof(uint32_t), m->lim.links) < 0)
		return;
	if (htab_init(&np, KEY_OFF(struct dport, port), VXSW_NAME_MAX, m->lim.links) < 0) {
		htab_fini(&nv);
		return;
	}
	HTAB_FOREACH(&m->links, l, i, nx)
	{
		if (link_is_vni(l) && !htab_find(&nv, &l->vni) && (v = calloc(1, sizeof(*v)))) {
			v->vni = l->vni;
			v->ifindex = l->ifindex;
			if (htab_add(&nv, v) < 0)
				free(v);
		}
		if (l->port[0] && !htab_find(&np, l->port) && (p = calloc(1, sizeof(*p)))) {
			const struct mlink *b = link_get(m, l->master);

			memcpy(p->port, l->port, sizeof(p->port));
			p->vni = b && b->kind == LK_BRIDGE ? b->br_vni : 0;
			p->ifindex = l->ifindex;
			if (htab_add(&np, p) < 0)
				free(p);
		}
	}

	/* Removals first: MACs and flood entries of VNIs that go, ports that leave. */
	HTAB_FOREACH(&m->dfdb, d, i, nx)
	{
		if (!htab_find(&nv, &d->k.vni)) {
			htab_del(&m->dfdb, d);
			report_fdb(m, d->k.vni, d->k.mac, NULL, &d->w);
			free(d);
		}
	}
	HTAB_FOREACH(&m->fdb, e, i, nx)
	{
		if (is_flood_entry(e) && e->flood_vni && !htab_find(&nv, &e->flood_vni))
			flood_ref(m, e, 0, true);
	}
	HTAB_FOREACH(&m->ports, op, i, nx)
	{
		p = htab_find(&np, op->port);
		if (op->vni && (!p || p->vni != op->vni))
			report_port(m, op->port, 0);
	}
	HTAB_FOREACH(&m->vnis, ov, i, nx)
	{
		if (!htab_find(&nv, &ov->vni))
			report_vni(m, ov->vni, false);
	}
	/* Then additions, in the order a dataplane needs them; the new tables are in place by
	 * then, so that a callback asking about a VNI or port sees what it is told about. */
	ovt = m->vnis;
	opt = m->ports;
	m->vnis = nv;
	m->ports = np;
	HTAB_FOREACH(&nv, v, i, nx)
	{
		if (!htab_find(&ovt, &v->vni))
			report_vni(m, v->vni, true);
	}
	HTAB_FOREACH(&np, p, i, nx)
	{
		op = htab_find(&opt, p->port);
		if (p->vni && (!op || op->vni != p->vni))
			report_port(m, p->port, p->vni);
	}
	htab_free(&ovt);
	htab_free(&opt);

	HTAB_FOREACH(&m->fdb, e, i, nx)
	{
		if (is_flood_entry(e))
			flood_ref(m, e, self_vni(m, e), true);
	}
	/* Every MAC of every entry, once per VNI: update_mac reports only differences. */
	HTAB_FOREACH(&m->fdb, e, i, nx)
	{
		uint32_t vni = entry_vni(m, e);

		if (!is_flood_entry(e) && vni)
			update_mac(m, vni, e->k.mac);
	}
	/* MACs whose entries now map to no VNI or a different one. */
	HTAB_FOREACH(&m->dfdb, d, i, nx)
	{
		struct mirror_want w;

		if (!derive_mac(m, d->k.vni, d->k.mac, &w))
			update_mac(m, d->k.vni, d->k.mac);
	}
	m->links_dirty = false;
}

void mirror_commit(struct mirror *m)
{
	if (m->links_dirty)
		rederive(m);
}

/* ---- attribute parsing ---- */

struct attrs {
	const struct nlattr **tb;
	unsigned int max;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *at = data;
	unsigned int type = mnl_attr_get_type(a);

	/* Newer kernels send types past our headers' MAX: skip them, never index with them. */
	if (mnl_attr_type_valid(a, (uint16_t)at->max) < 0 || type > at->max)
		return MNL_CB_OK;
	at->tb[type] = a;
	return MNL_CB_OK;
}

/*
 * The attributes of payload (len bytes) into tb. They must fill it exactly: libmnl's walk stops
 * quietly at an attribute that does not fit, and a message cut or corrupted there is malformed,
 * not one with fewer attributes.
 */
static int parse_attrs(const void *payload, size_t len, const struct nlattr **tb, unsigned int max)
{
	struct attrs at = {tb, max};
	const struct nlattr *attr;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_payload(payload, len)
	{
		attr_cb(attr, &at);
	}
	return (const char *)attr < (const char *)payload + len ? -EINVAL : 0;
}

static int parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		 unsigned int max)
{
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen))
		return -EINVAL;
	/* Up to nlmsg_len, not libmnl's aligned tail: the padding of the last message of a
	 * datagram may lie past its end. */
	return parse_attrs(mnl_nlmsg_get_payload_offset(nlh, hdrlen),
			   nlh->nlmsg_len - MNL_NLMSG_HDRLEN - MNL_ALIGN(hdrlen), tb, max);
}

static int parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max)
{
	return parse_attrs(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest), tb, max);
}

static bool len_is(const struct nlattr *a, size_t len)
{
	return a && mnl_attr_get_payload_len(a) == len;
}

static bool len_at_least(const struct nlattr *a, size_t len)
{
	return a && mnl_attr_get_payload_len(a) >= len;
}

/* A NUL-terminated string attribute copied into buf; false if absent or malformed. */
static bool get_str(const struct nlattr *a, char *buf, size_t size)
{
	const char *s;
	size_t n;

	if (!a)
		return false;
	s = mnl_attr_get_payload(a);
	n = strnlen(s, mnl_attr_get_payload_len(a));
	if (n == mnl_attr_get_payload_len(a) || n >= size)
		return false;
	memcpy(buf, s, n + 1);
	return true;
}

static bool get_ip(const struct nlattr *a, struct vxsw_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (len_is(a, 4)) {
		ip->family = VXSW_AF_INET;
		memcpy(&ip->v4, mnl_attr_get_payload(a), 4);
		return true;
	}
	if (len_is(a, 16)) {
		ip->family = VXSW_AF_INET6;
		memcpy(ip->v6, mnl_attr_get_payload(a), 16);
		return true;
	}
	return false;
}

/* ---- links ---- */

/* The vxlan device's wire parameters; -EINVAL if one is malformed. */
static int vxlan_params(const struct nlattr **vx, struct mlink *l)
{
	l->dstport = VXSW_VXLAN_PORT;
	l->learning = true; /* the kernel's default */
	if (vx[IFLA_VXLAN_PORT]) {
		if (!len_is(vx[IFLA_VXLAN_PORT], 2))
			return -EINVAL;
		l->dstport = ntohs(mnl_attr_get_u16(vx[IFLA_VXLAN_PORT]));
	}
	if (vx[IFLA_VXLAN_PORT_RANGE]) {
		const struct ifla_vxlan_port_range *r;

		if (!len_is(vx[IFLA_VXLAN_PORT_RANGE], sizeof(*r)))
			return -EINVAL;
		r = mnl_attr_get_payload(vx[IFLA_VXLAN_PORT_RANGE]);
		l->port_min = ntohs(r->low);
		l->port_max = ntohs(r->high);
	}
	if (vx[IFLA_VXLAN_TTL]) {
		if (!len_is(vx[IFLA_VXLAN_TTL], 1))
			return -EINVAL;
		l->ttl = mnl_attr_get_u8(vx[IFLA_VXLAN_TTL]);
	}
	if (vx[IFLA_VXLAN_TOS]) {
		if (!len_is(vx[IFLA_VXLAN_TOS], 1))
			return -EINVAL;
		l->tos = mnl_attr_get_u8(vx[IFLA_VXLAN_TOS]);
	}
	if (vx[IFLA_VXLAN_LEARNING]) {
		if (!len_is(vx[IFLA_VXLAN_LEARNING], 1))
			return -EINVAL;
		l->learning = mnl_attr_get_u8(vx[IFLA_VXLAN_LEARNING]);
	}
	return 0;
}

static void fdb_remove(struct mirror *m, struct mfdb *e, bool report);

static void link_gone(struct mirror *m, struct mlink *l)
{
	struct mfdb *e;
	void *nx;
	size_t i;

	/* The kernel drops the FDB of a device with it, not always with one event per entry. */
	HTAB_FOREACH(&m->fdb, e, i, nx)
	{
		if (e->k.ifindex == l->ifindex || (e->k.is_bridge && e->port == l->ifindex))
			fdb_remove(m, e, !m->links_dirty);
	}
	htab_del(&m->links, l);
	free(l);
	m->links_dirty = true;
}

static int link_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1], *vx[IFLA_VXLAN_MAX + 1];
	const struct ifinfomsg *ifi;
	struct mlink nl, *l;
	char kind[16];

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*ifi))
		return -EINVAL;
	ifi = mnl_nlmsg_get_payload(nlh);
	/* AF_BRIDGE link messages describe bridge port state, not the link. */
	if (ifi->ifi_family == AF_BRIDGE)
		return 0;
	if (ifi->ifi_index <= 0 || parse(nlh, sizeof(*ifi), tb, IFLA_MAX) < 0)
		return -EINVAL;
	l = link_get(m, ifi->ifi_index);
	if (nlh->nlmsg_type == RTM_DELLINK) {
		if (l)
			link_gone(m, l);
		return 0;
	}
	memset(&nl, 0, sizeof(nl));
	nl.ifindex = ifi->ifi_index;
	nl.flags = ifi->ifi_flags;
	if (!get_str(tb[IFLA_IFNAME], nl.name, sizeof(nl.name)))
		return -EINVAL;
	if (tb[IFLA_MASTER]) {
		if (!len_is(tb[IFLA_MASTER], 4))
			return -EINVAL;
		nl.master = (int32_t)mnl_attr_get_u32(tb[IFLA_MASTER]);
	}
	if (tb[IFLA_ADDRESS] && len_is(tb[IFLA_ADDRESS], 6))
		memcpy(nl.mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
	if (tb[IFLA_MTU] && len_is(tb[IFLA_MTU], 4))
		nl.mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	nl.peer_netns = tb[IFLA_LINK_NETNSID] != NULL;
	if (tb[IFLA_IFALIAS] && m->mode == MIRROR_REPRESENTORS) {
		char alias[256];

		if (get_str(tb[IFLA_IFALIAS], alias, sizeof(alias)) &&
		    !strncmp(alias, ALIAS_PREFIX, strlen(ALIAS_PREFIX)) &&
		    strlen(alias + strlen(ALIAS_PREFIX)) < sizeof(nl.port))
			strcpy(nl.port, alias + strlen(ALIAS_PREFIX));
	}
	if (tb[IFLA_LINKINFO]) {
		if (parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX) < 0)
			return -EINVAL;
		if (get_str(li[IFLA_INFO_KIND], kind, sizeof(kind))) {
			if (!strcmp(kind, "bridge"))
				nl.kind = LK_BRIDGE;
			else if (!strcmp(kind, "vxlan"))
				nl.kind = LK_VXLAN;
			else if (!strcmp(kind, "veth"))
				nl.kind = LK_VETH;
		}
		if (nl.kind == LK_VXLAN && li[IFLA_INFO_DATA]) {
			if (parse_nested(li[IFLA_INFO_DATA], vx, IFLA_VXLAN_MAX) < 0)
				return -EINVAL;
			/* 24 bits (RFC 7348 section 5): the kernel refuses more, and a dataplane
			 * could only refuse the VNI or truncate it into another one. */
			if (vx[IFLA_VXLAN_ID]) {
				if (!len_is(vx[IFLA_VXLAN_ID], 4) ||
				    mnl_attr_get_u32(vx[IFLA_VXLAN_ID]) > VXSW_VXLAN_VNI_MAX)
					return -EINVAL;
				nl.vni = mnl_attr_get_u32(vx[IFLA_VXLAN_ID]);
			}
			if (vx[IFLA_VXLAN_LOCAL] && !get_ip(vx[IFLA_VXLAN_LOCAL], &nl.local))
				return -EINVAL;
			if (vx[IFLA_VXLAN_LOCAL6] && !get_ip(vx[IFLA_VXLAN_LOCAL6], &nl.local))
				return -EINVAL;
			if (vx[IFLA_VXLAN_COLLECT_METADATA] &&
			    len_at_least(vx[IFLA_VXLAN_COLLECT_METADATA], 1))
				nl.external = mnl_attr_get_u8(vx[IFLA_VXLAN_COLLECT_METADATA]);
			if (vxlan_params(vx, &nl) < 0)
				return -EINVAL;
		}
	}
	/* Bridge-ports mode: every bridged device other than a vxlan one is a port. */
	if (m->mode == MIRROR_BRIDGE_PORTS && nl.master && nl.kind != LK_VXLAN &&
	    nl.kind != LK_BRIDGE)
		snprintf(nl.port, sizeof(nl.port), "%s", nl.name);
	if (!l) {
		l = calloc(1, sizeof(*l));
		if (!l)
			return -ENOMEM;
		*l = nl;
		if (htab_add(&m->links, l) < 0) {
			free(l);
			m->refused++;
			return 0;
		}
		l->epoch = m->epoch;
		m->links_dirty = true;
		return 0;
	}
	/* Only what the overlay depends on makes a full pass necessary. */
	if (l->flags != nl.flags || l->master != nl.master || l->kind != nl.kind ||
	    l->vni != nl.vni || l->external != nl.external || strcmp(l->port, nl.port) ||
	    memcmp(&l->local, &nl.local, sizeof(nl.local)))
		m->links_dirty = true;
	if (memcmp(l->mac, nl.mac, 6) || l->mtu != nl.mtu || l->dstport != nl.dstport ||
	    l->port_min != nl.port_min || l->port_max != nl.port_max || l->ttl != nl.ttl ||
	    l->tos != nl.tos || l->learning != nl.learning || l->peer_netns != nl.peer_netns)
		report_changed(m);
	nl.hn = l->hn;
	nl.br_vni = l->br_vni;
	nl.epoch = m->epoch; /* seen in this dump: mirror_sweep keeps it */
	*l = nl;
	return 0;
}

/* ---- FDB ---- */

static void mac_link(struct mirror *m, struct mfdb *e)
{
	struct mmac *mm = htab_find(&m->macs, e->k.mac);

	if (!mm) {
		mm = calloc(1, sizeof(*mm));
		if (!mm)
			return;
		memcpy(mm->mac, e->k.mac, 6);
		if (htab_add(&m->macs, mm) < 0) {
			free(mm);
			return;
		}
	}
	e->mprev = NULL;
	e->mnext = mm->head;
	if (mm->head)
		mm->head->mprev = e;
	mm->head = e;
}

static void mac_unlink(struct mirror *m, struct mfdb *e)
{
	struct mmac *mm = htab_find(&m->macs, e->k.mac);

	if (!mm)
		return;
	if (e->mprev)
		e->mprev->mnext = e->mnext;
	else if (mm->head == e)
		mm->head = e->mnext;
	if (e->mnext)
		e->mnext->mprev = e->mprev;
	e->mprev = e->mnext = NULL;
	if (!mm->head) {
		htab_del(&m->macs, mm);
		free(mm);
	}
}

static void fdb_remove(struct mirror *m, struct mfdb *e, bool report)
{
	uint32_t vni = entry_vni(m, e);
	uint8_t mac[6];

	memcpy(mac, e->k.mac, 6);
	/* Always reported: the flood table follows the entries that exist, even mid-change. */
	if (is_flood_entry(e))
		flood_ref(m, e, 0, true);
	mac_unlink(m, e);
	htab_del(&m->fdb, e);
	free(e);
	if (report && vni)
		update_mac(m, vni, mac);
}

static int fdb_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[NDA_MAX + 1];
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct mlink *l;
	struct mfdb_key k;
	struct mfdb *e;
	struct vxsw_ip dst;
	uint32_t old_vni = 0, new_vni;
	bool report;

	if (ndm->ndm_ifindex <= 0 || parse(nlh, sizeof(*ndm), tb, NDA_MAX) < 0 ||
	    !len_is(tb[NDA_LLADDR], 6))
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	memset(&dst, 0, sizeof(dst));
	memcpy(k.mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
	l = link_get(m, ndm->ndm_ifindex);
	if (tb[NDA_MASTER]) {
		/* A bridge entry: one per MAC and VLAN in the bridge, whichever port it is on. */
		if (!len_is(tb[NDA_MASTER], 4) || (tb[NDA_VLAN] && !len_is(tb[NDA_VLAN], 2)))
			return -EINVAL;
		k.is_bridge = 1;
		k.ifindex = (int32_t)mnl_attr_get_u32(tb[NDA_MASTER]);
		k.id = tb[NDA_VLAN] ? mnl_attr_get_u16(tb[NDA_VLAN]) : 0;
		if (k.ifindex == ndm->ndm_ifindex)
			return 0; /* the bridge's own addresses */
	} else if (l && l->kind == LK_VXLAN) {
		if ((tb[NDA_VNI] && !len_is(tb[NDA_VNI], 4)) ||
		    (tb[NDA_DST] && !get_ip(tb[NDA_DST], &dst)))
			return -EINVAL;
		k.ifindex = ndm->ndm_ifindex;
		k.id = tb[NDA_VNI] ? mnl_attr_get_u32(tb[NDA_VNI]) : 0;
		/* Flood entries are one per remote; a unicast MAC has one entry whose remote a
		 * replace changes in place (the kernel announces only the new one). */
		if (!memcmp(k.mac, zero_mac, 6))
			k.dst = dst;
	} else {
		return 0; /* a device's own entries (multicast, its address): not overlay state */
	}
	report = !m->links_dirty; /* a pending full pass will report everything */
	e = htab_find(&m->fdb, &k);
	if (nlh->nlmsg_type == RTM_DELNEIGH) {
		if (e)
			fdb_remove(m, e, report);
		return 0;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return -ENOMEM;
		e->k = k;
		if (htab_add(&m->fdb, e) < 0) {
			free(e);
			m->refused++;
			return 0;
		}
		mac_link(m, e);
	} else {
		old_vni = entry_vni(m, e);
	}
	e->epoch = m->epoch;
	e->state = ndm->ndm_state;
	e->flags = ndm->ndm_flags;
	e->port = ndm->ndm_ifindex;
	if (!e->k.is_bridge)
		e->dst = dst;
	if (!report)
		return 0;
	new_vni = entry_vni(m, e);
	if (is_flood_entry(e)) {
		flood_ref(m, e, new_vni, true);
		return 0;
	}
	if (old_vni && old_vni != new_vni)
		update_mac(m, old_vni, k.mac);
	if (new_vni)
		update_mac(m, new_vni, k.mac);
	return 0;
}

/* ---- neighbours, addresses, routes: kept for next hops and for status ---- */

/*
 * The entry of t for key (an object the kernel names in an add or delete message), for
 * neighbours, addresses and routes: removed and NULL returned for a delete; otherwise found,
 * or made (size bytes, key copied in) and added. NULL with *err = -ENOMEM when out of memory;
 * NULL with *err = 0 for a delete or a refusal (counted) at the table's limit.
 */
static void *obj_apply(struct mirror *m, struct htab *t, const void *key, size_t size, bool del,
		       int *err)
{
	void *o = htab_find(t, key);

	*err = 0;
	if (del) {
		if (o) {
			htab_del(t, o);
			free(o);
		}
		return NULL;
	}
	if (o)
		return o;
	o = calloc(1, size);
	if (!o) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy((char *)o + t->key_off, key, t->key_len);
	if (htab_add(t, o) < 0) {
		free(o);
		m->refused++;
		return NULL;
	}
	return o;
}

static int neigh_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[NDA_MAX + 1];
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct mneigh_key k;
	struct mneigh *n;
	int err;

	if (parse(nlh, sizeof(*ndm), tb, NDA_MAX) < 0 || !tb[NDA_DST])
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	k.ifindex = ndm->ndm_ifindex;
	if (!get_ip(tb[NDA_DST], &k.ip) || (tb[NDA_LLADDR] && !len_at_least(tb[NDA_LLADDR], 6)))
		return -EINVAL;
	n = obj_apply(m, &m->neighs, &k, sizeof(*n), nlh->nlmsg_type == RTM_DELNEIGH, &err);
	if (!n) {
		if (!err && nlh->nlmsg_type == RTM_DELNEIGH)
			report_changed(m);
		return err;
	}
	n->epoch = m->epoch;
	if (n->state != ndm->ndm_state ||
	    (tb[NDA_LLADDR] && memcmp(n->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6))) {
		n->state = ndm->ndm_state;
		if (tb[NDA_LLADDR])
			memcpy(n->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
		report_changed(m);
	}
	return 0;
}

static int addr_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa;
	struct maddr_key k;
	struct maddr *a;
	int err;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*ifa))
		return -EINVAL;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (parse(nlh, sizeof(*ifa), tb, IFA_MAX) < 0)
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	k.ifindex = (int32_t)ifa->ifa_index;
	k.prefixlen = ifa->ifa_prefixlen;
	if (!get_ip(tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], &k.ip))
		return -EINVAL;
	a = obj_apply(m, &m->addrs, &k, sizeof(*a), nlh->nlmsg_type == RTM_DELADDR, &err);
	report_changed(m);
	if (!a)
		return err;
	a->epoch = m->epoch;
	return 0;
}

static int route_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;
	struct mroute_key k;
	struct mroute *r;
	struct vxsw_ip gw;
	int err;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*rtm))
		return -EINVAL;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (parse(nlh, sizeof(*rtm), tb, RTA_MAX) < 0)
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	k.table = tb[RTA_TABLE] && len_is(tb[RTA_TABLE], 4) ? mnl_attr_get_u32(tb[RTA_TABLE])
							    : rtm->rtm_table;
	/* The underlay is the main table's unicast routes. */
	if (k.table != RT_TABLE_MAIN || rtm->rtm_type != RTN_UNICAST ||
	    (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6))
		return 0;
	k.dstlen = rtm->rtm_dst_len;
	k.tos = rtm->rtm_tos;
	if (tb[RTA_PRIORITY] && len_is(tb[RTA_PRIORITY], 4))
		k.priority = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_DST] && !get_ip(tb[RTA_DST], &k.dst))
		return -EINVAL;
	if (!tb[RTA_DST])
		k.dst.family = rtm->rtm_family == AF_INET ? VXSW_AF_INET : VXSW_AF_INET6;
	/* Checked before anything changes: a malformed message must leave the table alone. */
	memset(&gw, 0, sizeof(gw));
	if (tb[RTA_GATEWAY] && !get_ip(tb[RTA_GATEWAY], &gw))
		return -EINVAL;
	r = obj_apply(m, &m->routes, &k, sizeof(*r), nlh->nlmsg_type == RTM_DELROUTE, &err);
	report_changed(m);
	if (!r)
		return err;
	r->epoch = m->epoch;
	r->gw = gw;
	r->oif = tb[RTA_OIF] && len_is(tb[RTA_OIF], 4) ? (int32_t)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
	return 0;
}

/* ---- input ---- */

int mirror_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	int ret = 0;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		ret = link_msg(m, nlh);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct ndmsg)) {
			ret = -EINVAL;
			break;
		}
		if (((const struct ndmsg *)mnl_nlmsg_get_payload(nlh))->ndm_family == AF_BRIDGE)
			ret = fdb_msg(m, nlh);
		else
			ret = neigh_msg(m, nlh);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		ret = addr_msg(m, nlh);
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		ret = route_msg(m, nlh);
		break;
	default:
		return 0;
	}
	if (ret < 0)
		m->invalid++;
	else
		m->messages++;
	return ret < 0 ? -EINVAL : 0;
}

int mirror_input(struct mirror *m, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int n = 0, rem = (int)len;

	if (len > INT32_MAX)
		return -EINVAL;
	/* mnl_nlmsg_ok() compares nlmsg_len as an int: a length of 2^31 or more passes it. */
	while (mnl_nlmsg_ok(nlh, rem) && nlh->nlmsg_len <= (uint32_t)rem) {
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
			mirror_msg(m, nlh);
			n++;
		}
		nlh = mnl_nlmsg_next(nlh, &rem);
	}
	if (rem != 0) {
		m->invalid++;
		return -EBADMSG;
	}
	return n;
}

/* ---- re-dump: mark and sweep ---- */

void mirror_mark(struct mirror *m)
{
	m->epoch++;
}

#define SWEEP(t, type)                                                                             \
	do {                                                                                       \
		type *o_;                                                                          \
		void *nx_;                                                                         \
		size_t i_;                                                                         \
		HTAB_FOREACH(t, o_, i_, nx_)                                                       \
		{                                                                                  \
			if (o_->epoch != m->epoch) {                                               \
				htab_del(t, o_);                                                   \
				free(o_);                                                          \
			}                                                                          \
		}                                                                                  \
	} while (0)

void mirror_sweep(struct mirror *m)
{
	struct mlink *l;
	struct mfdb *e;
	void *nx;
	size_t i;

	HTAB_FOREACH(&m->fdb, e, i, nx)
	{
		if (e->epoch != m->epoch)
			fdb_remove(m, e, !m->links_dirty);
	}
	HTAB_FOREACH(&m->links, l, i, nx)
	{
		if (l->epoch != m->epoch)
			link_gone(m, l);
	}
	SWEEP(&m->neighs, struct mneigh);
	SWEEP(&m->addrs, struct maddr);
	SWEEP(&m->routes, struct mroute);
	mirror_commit(m);
	report_changed(m);
}

/* ---- queries ---- */

int mirror_walk_vnis(const struct mirror *m, int (*fn)(uint32_t, void *), void *arg)
{
	const struct dvni *v;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&m->vnis, v, i, nx)
	{
		if ((ret = fn(v->vni, arg)))
			return ret;
	}
	return 0;
}

int mirror_walk_ports(const struct mirror *m, int (*fn)(const char *, uint32_t, void *), void *arg)
{
	const struct dport *p;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&m->ports, p, i, nx)
	{
		if ((ret = fn(p->port, p->vni, arg)))
			return ret;
	}
	return 0;
}

int mirror_walk_flood(const struct mirror *m, int (*fn)(uint32_t, const struct vxsw_ip *, void *),
		      void *arg)
{
	const struct dflood *f;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&m->flood, f, i, nx)
	{
		if ((ret = fn(f->k.vni, &f->k.ip, arg)))
			return ret;
	}
	return 0;
}

int mirror_walk_fdb(const struct mirror *m,
		    int (*fn)(uint32_t, const uint8_t *, const struct mirror_want *, void *),
		    void *arg)
{
	const struct dfdb *d;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&m->dfdb, d, i, nx)
	{
		if ((ret = fn(d->k.vni, d->k.mac, &d->w, arg)))
			return ret;
	}
	return 0;
}

bool mirror_has_vni(const struct mirror *m, uint32_t vni)
{
	return htab_find(&m->vnis, &vni) != NULL;
}

int mirror_port_ifindex(const struct mirror *m, const char *port, uint32_t *vni)
{
	char key[VXSW_NAME_MAX];
	const struct dport *p;

	if (strlen(port) >= sizeof(key))
		return -ENOENT;
	memset(key, 0, sizeof(key));
	strcpy(key, port);
	p = htab_find(&m->ports, key);
	if (!p)
		return -ENOENT;
	if (vni)
		*vni = p->vni;
	return p->ifindex;
}

bool mirror_has_learned(const struct mirror *m, int ifindex, const uint8_t mac[6])
{
	const struct mmac *mm = htab_find(&m->macs, mac);
	const struct mfdb *e;

	for (e = mm ? mm->head : NULL; e; e = e->mnext)
		if (e->k.is_bridge && e->port == ifindex && (e->flags & NTF_EXT_LEARNED))
			return true;
	return false;
}

int mirror_learned_ifindex(const struct mirror *m, uint32_t vni, const uint8_t mac[6])
{
	const struct mmac *mm = htab_find(&m->macs, mac);
	const struct mfdb *e;

	for (e = mm ? mm->head : NULL; e; e = e->mnext)
		if (e->k.is_bridge && (e->flags & NTF_EXT_LEARNED) && bridge_vni(m, e) == vni)
			return e->port;
	return -ENOENT;
}

int mirror_walk_learned(const struct mirror *m,
			int (*fn)(int, const char *, const uint8_t *, void *), void *arg)
{
	const struct mfdb *e;
	const struct mlink *p;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&m->fdb, e, i, nx)
	{
		if (!e->k.is_bridge || !(e->flags & NTF_EXT_LEARNED))
			continue;
		p = link_get(m, e->port);
		if (p && p->port[0] && (ret = fn(e->port, p->port, e->k.mac, arg)))
			return ret;
	}
	return 0;
}

int mirror_local(const struct mirror *m, struct vxsw_ip *ret, bool *conflict)
{
	const struct dvni *v;
	const struct mlink *l;
	void *nx;
	size_t i;

	memset(ret, 0, sizeof(*ret));
	*conflict = false;
	HTAB_FOREACH(&m->vnis, v, i, nx)
	{
		l = link_get(m, v->ifindex);
		if (!l || !l->local.family)
			continue;
		if (!ret->family)
			*ret = l->local;
		else if (memcmp(ret, &l->local, sizeof(*ret)))
			*conflict = true;
	}
	return ret->family ? 0 : -ENOENT;
}

void mirror_set_mode(struct mirror *m, enum mirror_mode mode)
{
	m->mode = mode;
}

int mirror_link_get(const struct mirror *m, int ifindex, struct mirror_link *ret)
{
	const struct mlink *l = link_get(m, ifindex);

	if (!l)
		return -ENOENT;
	memset(ret, 0, sizeof(*ret));
	ret->ifindex = l->ifindex;
	memcpy(ret->name, l->name, sizeof(ret->name));
	memcpy(ret->mac, l->mac, 6);
	ret->mtu = l->mtu;
	ret->flags = l->flags;
	ret->master = l->master;
	ret->is_veth = l->kind == LK_VETH;
	ret->peer_netns = l->peer_netns;
	return 0;
}

int mirror_vni_get(const struct mirror *m, uint32_t vni, struct mirror_vxlan *ret)
{
	const struct dvni *v = htab_find(&m->vnis, &vni);
	const struct mlink *l = v ? link_get(m, v->ifindex) : NULL;

	if (!l)
		return -ENOENT;
	memset(ret, 0, sizeof(*ret));
	ret->ifindex = l->ifindex;
	ret->local = l->local;
	ret->dstport = l->dstport;
	ret->port_min = l->port_min;
	ret->port_max = l->port_max;
	ret->ttl = l->ttl;
	ret->tos = l->tos;
	ret->learning = l->learning;
	return 0;
}

int mirror_neigh_get(const struct mirror *m, int ifindex, const struct vxsw_ip *ip, uint8_t mac[6])
{
	struct mneigh_key k;
	const struct mneigh *n;

	memset(&k, 0, sizeof(k));
	k.ifindex = ifindex;
	k.ip = *ip;
	n = htab_find(&m->neighs, &k);
	if (!n)
		return -ENOENT;
	/* INCOMPLETE and FAILED entries have no usable address; STALE ones still do. */
	if (!(n->state &
	      (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP)) ||
	    pkt_mac_is_zero(n->mac))
		return -EAGAIN;
	memcpy(mac, n->mac, 6);
	return 0;
}

int mirror_addr_ifindex(const struct mirror *m, const struct vxsw_ip *ip)
{
	const struct maddr *a;
	void *nx;
	size_t i;

	HTAB_FOREACH(&m->addrs, a, i, nx)
	{
		if (!memcmp(&a->k.ip, ip, sizeof(*ip)))
			return a->k.ifindex;
	}
	return -ENOENT;
}

void mirror_stats_get(const struct mirror *m, struct mirror_stats *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->messages = m->messages;
	ret->invalid = m->invalid;
	ret->refused = m->refused;
	ret->links = (uint32_t)m->links.n;
	ret->fdb = (uint32_t)m->fdb.n;
	ret->neighs = (uint32_t)m->neighs.n;
	ret->addrs = (uint32_t)m->addrs.n;
	ret->routes = (uint32_t)m->routes.n;
	ret->vnis = (uint32_t)m->vnis.n;
	ret->ports = (uint32_t)m->ports.n;
	ret->flood = (uint32_t)m->flood.n;
	ret->macs = (uint32_t)m->dfdb.n;
}
