/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend_ebpf: the eBPF fast path's loader and map writer in vxswd (see backend_ebpf.h).
 * The mirror's overlay changes arrive as calls; this file keeps what it wrote in its own
 * tables (so a change knows what it replaces, and a restart knows what to sweep) and writes
 * the maps at once. Next hops are derived at flush from the kernel's route to each VTEP and
 * the neighbour table.
 */
#include "backend_ebpf.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <libmnl/libmnl.h>
#include <linux/magic.h>

#include <vxsw/bpf.h>
#include <vxsw/proto.h>

#include "flowspec.h"
#include "flowtab.h"
#include "portsec.h"
#include "secspec.h"
#include "htab.h"
#include "log.h"
#include "proto.h"
#include "rtnl.h"
#include "vxsw.skel.h"

#ifndef VXSW_VERSION
#define VXSW_VERSION "unknown"
#endif

#define MAX_UNDERLAY 16

struct bport {
	struct hnode hn;
	char name[VXSW_NAME_MAX]; /* key */
	int32_t ifindex;
	uint32_t vni;
	bool sec_on; /* port security: sec is in vxsw_port_sec */
	struct vxsw_port_sec sec;
};

struct bvni {
	struct hnode hn;
	uint32_t vni; /* key */
	struct vxsw_bpf_vni v;
};

struct bfdb {
	struct hnode hn;
	struct vxsw_bpf_fdb_key k;
	struct vxsw_bpf_fdb v;
};

/* A (VNI, VTEP) pair: in the flood list, or behind remote MACs; refs counts both. */
struct bmember {
	struct hnode hn;
	struct vxsw_bpf_member_key k;
	uint32_t refs;
	bool flood;
};

struct bvtep {
	struct hnode hn;
	vxsw_be32 ip; /* key */
	uint32_t refs;
	bool have; /* nh is in the map */
	struct vxsw_bpf_nexthop nh;
	struct vxsw_ip gw; /* the next hop's address (the VTEP itself when on-link) */
	uint32_t mtu;	   /* nh.ifindex's, when nh was written or last checked */
};

static struct {
	struct bebpf_opts o;
	const struct mirror *m;
	struct vxsw_bpf *skel;
	int cfg_fd, vnis_fd, ports_fd, fdb_fd, members_fd, nh_fd, stats_fd, gen_fd;
	/* The maps' generation (vxsw_gen) as written, and whether a write since needs a new
	 * one: the programs' caches drop what they took from an older generation. */
	uint64_t gen;
	bool gen_stale;
	struct htab ports, vnis, fdb, members, vteps;
	struct vxsw_bpf_cfg cfg; /* as written */
	int underlay[MAX_UNDERLAY];
	unsigned int n_underlay;
	bool dirty;
	struct bebpf_stats st;
	time_t started;
	/* The flow table: the rules (flowtab) and, per map set, the keys written there. */
	struct ftab flows;
	bool flows_ready;
	int fsel_fd, fmasks_fd, frules_fd, fstats_fd, psec_fd;
	uint32_t fset; /* the set the programs use */
	struct vxsw_bpf_flow_key *fkeys[2];
	uint32_t n_fkeys[2];
} b = {.cfg_fd = -1, .gen_fd = -1};

/* ---- maps ---- */

static int map_set(int fd, const void *k, const void *v)
{
	b.st.ops++;
	b.gen_stale = true;
	if (bpf_map_update_elem(fd, k, v, BPF_ANY) == 0)
		return 0;
	b.st.errors++;
	if (errno == E2BIG || errno == ENOMEM || errno == ENOSPC)
		b.st.refused++;
	return -errno;
}

static void map_del(int fd, const void *k)
{
	b.st.ops++;
	b.gen_stale = true;
	if (bpf_map_delete_elem(fd, k) < 0 && errno != ENOENT)
		b.st.errors++;
}

/* After a series of writes: the programs' caches forget what the maps said before them. A
 * failure leaves gen_stale set, for the next call to try again. */
static void gen_publish(void)
{
	uint32_t zero = 0;
	uint64_t next = b.gen + 1;

	if (!b.gen_stale || b.gen_fd < 0)
		return;
	if (bpf_map_update_elem(b.gen_fd, &zero, &next, BPF_ANY) < 0) {
		b.st.errors++;
		return;
	}
	b.gen = next;
	b.gen_stale = false;
}

/* ---- tc attachment ---- */

/* libbpf prints the kernel's extended ack of every failed tc request; the probes below fail
 * by design (the clsact qdisc exists already, a device has none), so they are not shown. */
static bool libbpf_probing;

static int tc_attach(int ifindex, int prog_fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VXSW_BPF_TC_HANDLE,
		    .priority = VXSW_BPF_TC_PRIORITY, .prog_fd = prog_fd,
		    .flags = BPF_TC_F_REPLACE);
	int ret;

	libbpf_probing = true;
	ret = bpf_tc_hook_create(&hook);
	libbpf_probing = false;
	if (ret < 0 && ret != -EEXIST)
		return ret;
	/* REPLACE swaps an earlier run's program in one step: no frame sees no program. */
	ret = bpf_tc_attach(&hook, &opts);
	if (ret == 0)
		b.st.attaches++;
	return ret;
}

/* Is the filter at our handle and priority on ifindex one of vxsw's programs? */
static bool tc_is_ours(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VXSW_BPF_TC_HANDLE,
		    .priority = VXSW_BPF_TC_PRIORITY);
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int fd;
	bool ours;

	libbpf_probing = true;
	fd = bpf_tc_query(&hook, &opts);
	libbpf_probing = false;
	if (fd < 0)
		return false;
	fd = bpf_prog_get_fd_by_id(opts.prog_id);
	if (fd < 0)
		return false;
	memset(&info, 0, sizeof(info));
	ours = bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && !strncmp(info.name, "vxsw_", 5);
	close(fd);
	return ours;
}

static int tc_detach(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = VXSW_BPF_TC_HANDLE,
		    .priority = VXSW_BPF_TC_PRIORITY);

	if (!tc_is_ours(ifindex))
		return -ENOENT;
	return bpf_tc_detach(&hook, &opts);
}

static void underlay_attach(int ifindex)
{
	struct mirror_link l;
	unsigned int i;
	int ret;

	for (i = 0; i < b.n_underlay; i++)
		if (b.underlay[i] == ifindex)
			return;
	if (b.n_underlay == MAX_UNDERLAY) {
		log_warn("ebpf: more than %d underlay devices; not attaching to ifindex %d",
			 MAX_UNDERLAY, ifindex);
		return;
	}
	ret = tc_attach(ifindex, bpf_program__fd(b.skel->progs.vxsw_underlay_in));
	if (ret < 0) {
		log_err("ebpf: cannot attach to underlay ifindex %d: %s", ifindex, strerror(-ret));
		return;
	}
	b.underlay[b.n_underlay++] = ifindex;
	log_info("ebpf: underlay %s attached",
		 mirror_link_get(b.m, ifindex, &l) == 0 ? l.name : "?");
}

/* ---- members and VTEPs ---- */

static struct bvtep *vtep_ref(vxsw_be32 ip)
{
	struct bvtep *t = htab_find(&b.vteps, &ip);

	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return NULL;
		t->ip = ip;
		if (htab_add(&b.vteps, t) < 0) {
			free(t);
			b.st.refused++;
			return NULL;
		}
		b.dirty = true; /* resolved at the next flush */
	}
	t->refs++;
	return t;
}

static void vtep_unref(vxsw_be32 ip)
{
	struct bvtep *t = htab_find(&b.vteps, &ip);

	if (!t || --t->refs)
		return;
	if (t->have)
		map_del(b.nh_fd, &ip);
	htab_del(&b.vteps, t);
	free(t);
}

static void member_key(struct vxsw_bpf_member_key *k, uint32_t vni, vxsw_be32 ip)
{
	memset(k, 0, sizeof(*k));
	k->vni = vni;
	k->ip = ip;
}

static struct bmember *member_ref(uint32_t vni, vxsw_be32 ip)
{
	struct vxsw_bpf_member_key k;
	struct bmember *mb;
	uint32_t one = 1;

	member_key(&k, vni, ip);
	mb = htab_find(&b.members, &k);
	if (!mb) {
		mb = calloc(1, sizeof(*mb));
		if (!mb)
			return NULL;
		mb->k = k;
		if (htab_add(&b.members, mb) < 0 || !vtep_ref(ip)) {
			if (htab_find(&b.members, &k) == mb)
				htab_del(&b.members, mb);
			free(mb);
			b.st.refused++;
			return NULL;
		}
		map_set(b.members_fd, &k, &one);
	}
	mb->refs++;
	return mb;
}

static void member_unref(uint32_t vni, vxsw_be32 ip, bool flood)
{
	struct vxsw_bpf_member_key k;
	struct bmember *mb;

	member_key(&k, vni, ip);
	mb = htab_find(&b.members, &k);
	if (!mb)
		return;
	if (flood)
		mb->flood = false;
	if (--mb->refs)
		return;
	map_del(b.members_fd, &k);
	htab_del(&b.members, mb);
	free(mb);
	vtep_unref(ip);
}

/* ---- the overlay ---- */

static void vni_value(uint32_t vni, struct vxsw_bpf_vni *v)
{
	struct mirror_vxlan x;

	memset(v, 0, sizeof(*v));
	if (mirror_vni_get(b.m, vni, &x) < 0)
		return;
	v->ifindex = (uint32_t)x.ifindex;
	/* The kernel's default source port range is the local port range; vxsw's, both
	 * dataplanes', is 49152-65535 (RFC 6335's dynamic ports) unless the device names one. */
	v->sport_min = x.port_min ? x.port_min : 49152;
	v->sport_max = x.port_max ? x.port_max : 65535;
	v->ttl = x.ttl;
	v->tos = x.tos == 1 ? 0 : x.tos; /* 1 is the kernel's "inherit": not done here, 0 */
	v->flags = x.learning ? VXSW_BPF_VNI_LEARNING : 0;
}

void bebpf_vni(uint32_t vni, bool present)
{
	struct bvni *v = htab_find(&b.vnis, &vni);

	if (!present) {
		if (v) {
			map_del(b.vnis_fd, &vni);
			htab_del(&b.vnis, v);
			free(v);
		}
		return;
	}
	if (!v) {
		v = calloc(1, sizeof(*v));
		if (!v)
			return;
		v->vni = vni;
		if (htab_add(&b.vnis, v) < 0) {
			free(v);
			b.st.refused++;
			return;
		}
	}
	vni_value(vni, &v->v);
	map_set(b.vnis_fd, &vni, &v->v);
	b.dirty = true; /* the VTEP address and port may come with it */
}

static struct bport *port_find(const char *name)
{
	char key[VXSW_NAME_MAX];

	if (strlen(name) >= sizeof(key))
		return NULL;
	memset(key, 0, sizeof(key));
	strcpy(key, name);
	return htab_find(&b.ports, key);
}

/* The port on device ifindex, or NULL. */
static struct bport *port_by_ifindex(int32_t ifindex)
{
	struct bport *p;
	void *nx;
	size_t i;

	HTAB_FOREACH(&b.ports, p, i, nx)
	if (p->ifindex == ifindex)
		return p;
	return NULL;
}

static void port_remove(struct bport *p)
{
	map_del(b.ports_fd, &p->ifindex);
	if (p->sec_on)
		map_del(b.psec_fd, &p->ifindex);
	tc_detach(p->ifindex); /* the device may be gone, and its filter with it */
	htab_del(&b.ports, p);
	free(p);
}

/* p's entry in vxsw_ports, from its link l: VNI, delivery, whether its sources are checked. */
static int port_write(const struct bport *p, const struct mirror_link *l)
{
	struct vxsw_bpf_port v;

	memset(&v, 0, sizeof(v));
	v.vni = p->vni;
	/* bpf_redirect_peer() reaches a peer in another namespace only (the tenant's); within
	 * one namespace the plain redirect delivers through the veth. */
	v.flags = l->is_veth && l->peer_netns ? VXSW_BPF_PORT_PEER : 0;
	if (p->sec_on)
		v.flags |= VXSW_BPF_PORT_SECURED;
	return map_set(b.ports_fd, &p->ifindex, &v);
}

void bebpf_port(const char *name, uint32_t vni)
{
	struct bport *p = port_find(name);
	struct mirror_link l;
	int ifindex, ret;

	if (!vni) {
		if (p)
			port_remove(p);
		return;
	}
	ifindex = mirror_port_ifindex(b.m, name, NULL);
	if (ifindex <= 0 || mirror_link_get(b.m, ifindex, &l) < 0)
		return;
	if (p && p->ifindex != ifindex) {
		port_remove(p);
		p = NULL;
	}
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return;
		snprintf(p->name, sizeof(p->name), "%s", name);
		p->ifindex = ifindex;
		/* A check an earlier run set is still in the pinned map: adopted. */
		if (bpf_map_lookup_elem(b.psec_fd, &ifindex, &p->sec) == 0)
			p->sec_on = true;
		if (htab_add(&b.ports, p) < 0) {
			free(p);
			b.st.refused++;
			return;
		}
	}
	p->vni = vni;
	/* The check before the flag that makes the program look for it. */
	if (p->sec_on)
		map_set(b.psec_fd, &ifindex, &p->sec);
	if (port_write(p, &l) < 0)
		return;
	ret = tc_attach(ifindex, bpf_program__fd(b.skel->progs.vxsw_port_in));
	if (ret < 0)
		log_err("ebpf: cannot attach to port %s: %s", name, strerror(-ret));
}

void bebpf_flood(uint32_t vni, const struct vxsw_ip *remote, bool present)
{
	struct vxsw_bpf_member_key k;
	struct bmember *mb;

	if (remote->family != VXSW_AF_INET) {
		b.st.refused++; /* an IPv6 underlay is vxsw-dpdk's only, for now */
		return;
	}
	member_key(&k, vni, remote->v4);
	mb = htab_find(&b.members, &k);
	if (present) {
		if (mb && mb->flood)
			return;
		mb = member_ref(vni, remote->v4);
		if (mb)
			mb->flood = true;
	} else if (mb && mb->flood) {
		member_unref(vni, remote->v4, true);
	}
}

static void fdb_key(struct vxsw_bpf_fdb_key *k, uint32_t vni, const uint8_t mac[6])
{
	memset(k, 0, sizeof(*k));
	k->vni = vni;
	memcpy(k->mac, mac, 6);
}

static void fdb_remove(struct bfdb *f)
{
	map_del(b.fdb_fd, &f->k);
	if (!f->v.ifindex)
		member_unref(f->k.vni, f->v.remote, false);
	htab_del(&b.fdb, f);
	free(f);
}

void bebpf_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *w)
{
	struct vxsw_bpf_fdb_key k;
	struct vxsw_bpf_fdb v;
	struct bfdb *f;

	fdb_key(&k, vni, mac);
	f = htab_find(&b.fdb, &k);
	memset(&v, 0, sizeof(v));
	if (w && !w->is_learned) {
		if (w->is_dynamic)
			v.flags |= VXSW_BPF_FDB_DYNAMIC;
		else if (w->is_extern)
			v.flags |= VXSW_BPF_FDB_EXTERN;
		if (w->is_remote) {
			v.remote = w->remote.v4;
			if (w->remote.family != VXSW_AF_INET) {
				b.st.refused++;
				w = NULL;
			}
		} else {
			const struct bport *p = port_find(w->port);

			if (p)
				v.ifindex = (uint32_t)p->ifindex;
			else
				w = NULL; /* not a port of the overlay (yet) */
		}
	} else {
		w = NULL;
	}
	if (!w) {
		if (f)
			fdb_remove(f);
		return;
	}
	if (f && !memcmp(&f->v, &v, sizeof(v)))
		return;
	if (!v.ifindex && !member_ref(vni, v.remote))
		return;
	if (!f) {
		f = calloc(1, sizeof(*f));
		if (!f || (f->k = k, htab_add(&b.fdb, f) < 0)) {
			free(f);
			b.st.refused++;
			if (!v.ifindex)
				member_unref(vni, v.remote, false);
			return;
		}
	} else if (!f->v.ifindex) {
		member_unref(vni, f->v.remote, false);
	}
	f->v = v;
	if (map_set(b.fdb_fd, &k, &v) < 0)
		log_debug("ebpf: FDB entry not installed: %s", strerror(errno));
}

/* ---- derived state: configuration, VNI parameters, next hops ---- */

void bebpf_changed(void)
{
	b.dirty = true;
}

static void resolve(struct bvtep *t)
{
	struct vxsw_bpf_nexthop nh;
	struct vxsw_ip dst, gw;
	struct mirror_link l;
	int oif = 0, ret;

	memset(&nh, 0, sizeof(nh));
	memset(&dst, 0, sizeof(dst)); /* keys are compared as bytes */
	memset(&gw, 0, sizeof(gw));
	dst.family = VXSW_AF_INET;
	dst.v4 = t->ip;
	ret = rtnl_route_get(&dst, &oif, &gw);
	if (ret == 0) {
		t->gw = gw.family ? gw : dst;
		ret = mirror_neigh_get(b.m, oif, &t->gw, nh.dmac);
	}
	if (ret == 0)
		ret = mirror_link_get(b.m, oif, &l);
	if (ret == 0 && b.cfg.local_ip) {
		nh.ifindex = (uint32_t)oif;
		memcpy(nh.smac, l.mac, 6);
		nh.saddr = b.cfg.local_ip;
		underlay_attach(oif);
		/* The programs' caches keep the MTU bpf_check_mtu() found on the device; no map
		 * holds it, so a change of it is published by a new generation alone. */
		if (t->have && t->mtu != l.mtu)
			b.gen_stale = true;
		t->mtu = l.mtu;
		if (t->have && !memcmp(&t->nh, &nh, sizeof(nh)))
			return;
		if (map_set(b.nh_fd, &t->ip, &nh) == 0) {
			t->nh = nh;
			t->have = true;
		}
		return;
	}
	/* No route or no neighbour yet: the kernel's vxlan device sends (and resolves). */
	if (t->have) {
		map_del(b.nh_fd, &t->ip);
		t->have = false;
	}
}

/* The configuration, the VNIs' parameters and the next hops, again from the mirror. */
static void derive(void)
{
	struct vxsw_bpf_cfg c;
	struct vxsw_ip local;
	struct bvni *v;
	struct bvtep *t;
	bool conflict;
	void *nx;
	size_t i;
	uint32_t zero = 0;

	b.dirty = false;
	memset(&c, 0, sizeof(c));
	if (mirror_local(b.m, &local, &conflict) == 0 && local.family == VXSW_AF_INET)
		c.local_ip = local.v4;
	c.dstport = htons(VXSW_VXLAN_PORT);
	HTAB_FOREACH(&b.vnis, v, i, nx)
	{
		struct mirror_vxlan x;

		if (mirror_vni_get(b.m, v->vni, &x) == 0) {
			c.dstport = htons(x.dstport);
			break;
		}
	}
	c.flags = b.o.ignore_reserved ? VXSW_BPF_CFG_IGNORE_RESERVED : 0;
	c.refresh_ns = (uint64_t)b.o.refresh_ms * 1000000;
	if (memcmp(&c, &b.cfg, sizeof(c)) && map_set(b.cfg_fd, &zero, &c) == 0)
		b.cfg = c;
	if (c.local_ip) {
		int ifindex = mirror_addr_ifindex(b.m, &local);

		if (ifindex > 0)
			underlay_attach(ifindex);
	}
	for (i = 0; i < sizeof(b.o.underlay) / sizeof(b.o.underlay[0]); i++) {
		int ifindex = b.o.underlay[i][0] ? (int)if_nametoindex(b.o.underlay[i]) : 0;

		if (ifindex > 0)
			underlay_attach(ifindex);
	}
	HTAB_FOREACH(&b.vnis, v, i, nx)
	{
		struct vxsw_bpf_vni nv;

		vni_value(v->vni, &nv);
		if (memcmp(&nv, &v->v, sizeof(nv)) && map_set(b.vnis_fd, &v->vni, &nv) == 0)
			v->v = nv;
	}
	HTAB_FOREACH(&b.vteps, t, i, nx)
	resolve(t);
}

int bebpf_flush(void)
{
	if (!b.skel)
		return 0;
	if (b.dirty)
		derive();
	gen_publish();
	return 0;
}

/* ---- re-sync: sweep what an earlier run left that the kernel no longer says ---- */

/* Every key of a map, in one allocation (*n of them, size bytes each). */
static void *map_keys(int fd, size_t size, size_t *n)
{
	size_t cap = 1024, len = 0;
	uint8_t *keys = malloc(cap * size), *prev = NULL;

	while (keys && bpf_map_get_next_key(fd, prev, keys + len * size) == 0) {
		prev = keys + len * size;
		if (++len == cap) {
			uint8_t *nk = realloc(keys, cap * 2 * size);

			if (!nk) {
				free(keys);
				return NULL;
			}
			keys = nk;
			prev = keys + (len - 1) * size;
			cap *= 2;
		}
	}
	*n = len;
	return keys;
}

static void flows_adopt(void);

int bebpf_resync(bool (*keep)(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *remote))
{
	size_t n, i;
	uint8_t *keys;
	int32_t *ifx;
	uint32_t *vnis;
	vxsw_be32 *ips;
	struct bfdb *f;
	struct bport *p;
	void *nx;

	if (!b.skel)
		return -ENOTCONN;
	if (!(ifx = map_keys(b.ports_fd, sizeof(*ifx), &n)))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!port_by_ifindex(ifx[i])) {
			map_del(b.ports_fd, &ifx[i]);
			tc_detach(ifx[i]);
		}
	free(ifx);
	/* Source checks of ports that are gone. */
	if (!(ifx = map_keys(b.psec_fd, sizeof(*ifx), &n)))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!(p = port_by_ifindex(ifx[i])) || !p->sec_on)
			map_del(b.psec_fd, &ifx[i]);
	free(ifx);
	if (!(vnis = map_keys(b.vnis_fd, sizeof(*vnis), &n)))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!htab_find(&b.vnis, &vnis[i]))
			map_del(b.vnis_fd, &vnis[i]);
	free(vnis);
	if (!(keys = map_keys(b.fdb_fd, sizeof(struct vxsw_bpf_fdb_key), &n)))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct vxsw_bpf_fdb_key *k = (const void *)(keys + i * sizeof(*k));

		if (!htab_find(&b.fdb, k) && !(keep && keep(k->vni, k->mac, NULL)))
			map_del(b.fdb_fd, k);
	}
	free(keys);
	if (!(keys = map_keys(b.members_fd, sizeof(struct vxsw_bpf_member_key), &n)))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct vxsw_bpf_member_key *k = (const void *)(keys + i * sizeof(*k));
		struct vxsw_ip ip = {.family = VXSW_AF_INET, .v4 = k->ip};

		if (!htab_find(&b.members, k) && !(keep && keep(k->vni, NULL, &ip)))
			map_del(b.members_fd, k);
	}
	free(keys);
	if (!(ips = map_keys(b.nh_fd, sizeof(*ips), &n)))
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!htab_find(&b.vteps, &ips[i]))
			map_del(b.nh_fd, &ips[i]);
	free(ips);
	/* What the tables say is written again where the map differs (an earlier run may have
	 * left another value). refreshed is the programs' own: not compared. */
	HTAB_FOREACH(&b.fdb, f, i, nx)
	{
		struct vxsw_bpf_fdb cur;

		if (bpf_map_lookup_elem(b.fdb_fd, &f->k, &cur) < 0 ||
		    (cur.refreshed = 0, memcmp(&cur, &f->v, sizeof(cur))))
			map_set(b.fdb_fd, &f->k, &f->v);
	}
	b.dirty = true;
	b.st.epoch++;
	flows_adopt();
	return bebpf_flush();
}

/* ---- the flow table ---- */

/*
 * A rule in the programs' terms (priv): priv[0] = input ifindex (0: any) | output ifindex << 32;
 * priv[1] = output port flags | the ENCAP VTEP (be32) << 32. The programs match the input port
 * by ifindex, so a port above 65535 cannot be matched and is refused.
 */
#define F_IN(r)	    ((uint32_t)(r)->priv[0])
#define F_OUT(r)    ((uint32_t)((r)->priv[0] >> 32))
#define F_FLAGS(r)  ((uint8_t)(r)->priv[1])
#define F_REMOTE(r) ((vxsw_be32)((r)->priv[1] >> 32))

/* The ifindex of a local port (a bridge port of a VNI) or, when underlay is given, of an
 * underlay device too; -ENOENT if name is neither. */
static int flow_port(const char *name, bool *underlay, uint8_t *flags)
{
	struct mirror_link l;
	struct bport *p = port_find(name);
	unsigned int i;

	*underlay = false;
	if (p) {
		*flags = mirror_link_get(b.m, p->ifindex, &l) == 0 && l.is_veth && l.peer_netns
				 ? VXSW_BPF_PORT_PEER
				 : 0;
		return p->ifindex;
	}
	for (i = 0; i < b.n_underlay; i++)
		if (mirror_link_get(b.m, b.underlay[i], &l) == 0 && !strcmp(l.name, name)) {
			*underlay = true;
			return b.underlay[i];
		}
	return -ENOENT;
}

static int flow_resolve(void *arg, struct ftab_rule *r, const char **msg)
{
	const struct flow_spec *s = &r->spec;
	int in = 0, out = 0;
	bool in_ul = false, ul;
	uint8_t flags = 0, f;

	(void)arg;
	if (s->in_port[0]) {
		in = flow_port(s->in_port, &in_ul, &f);
		if (in < 0) {
			*msg = "in_port: no such port (a bridge port in a VNI, or an underlay "
			       "device)";
			return -ENOENT;
		}
		if (in > 0xffff) {
			*msg = "in_port: its ifindex is above 65535, which the ebpf backend "
			       "cannot match";
			return -EOPNOTSUPP;
		}
	}
	switch (s->action) {
	case VXSW_FLOW_ACT_OUTPUT:
		out = flow_port(s->out_port, &ul, &flags);
		if (out < 0 || ul) {
			*msg = "action output: no such port (a bridge port in a VNI)";
			return -ENOENT;
		}
		break;
	case VXSW_FLOW_ACT_ENCAP:
		if (s->remote.family != VXSW_AF_INET) {
			*msg = "action encap: the ebpf backend has an IPv4 underlay only";
			return -EAFNOSUPPORT;
		}
		if (!s->in_port[0] || in_ul) {
			*msg = "action encap: the ebpf backend encapsulates frames of a local port "
			       "only: give in_port a bridge port";
			return -EOPNOTSUPP;
		}
		/* The VTEP's next hop is resolved like those of the FDB's VTEPs. */
		if (!vtep_ref(s->remote.v4)) {
			*msg = "action encap: the VTEP table is full";
			return -ENOSPC;
		}
		break;
	case VXSW_FLOW_ACT_FLOOD:
		*msg = "action flood: the ebpf backend leaves flooding to the kernel's bridge and "
		       "cannot express it";
		return -EOPNOTSUPP;
	default:
		break;
	}
	r->priv[0] = (uint64_t)(uint32_t)in | (uint64_t)(uint32_t)out << 32;
	r->priv[1] = (uint64_t)flags |
		     (uint64_t)(s->action == VXSW_FLOW_ACT_ENCAP ? s->remote.v4 : 0) << 32;
	return 0;
}

static void flow_release(void *arg, struct ftab_rule *r)
{
	(void)arg;
	if (r->spec.action == VXSW_FLOW_ACT_ENCAP && F_REMOTE(r))
		vtep_unref(F_REMOTE(r));
}

static void flow_counters(void *arg, uint32_t slot, uint64_t *packets, uint64_t *bytes)
{
	int ncpu = libbpf_num_possible_cpus(), i;
	struct vxsw_bpf_flow_stats *v;

	(void)arg;
	*packets = *bytes = 0;
	if (ncpu <= 0 || !(v = calloc((size_t)ncpu, sizeof(*v))))
		return;
	if (bpf_map_lookup_elem(b.fstats_fd, &slot, v) == 0)
		for (i = 0; i < ncpu; i++) {
			*packets += v[i].packets;
			*bytes += v[i].bytes;
		}
	free(v);
}

/* The rule's match as the programs see it: the input port by ifindex. */
static void flow_match_of(const struct ftab_rule *r, struct flow_key *value, struct flow_key *mask)
{
	*value = r->spec.value;
	*mask = r->spec.mask;
	value->f.in_port = (uint16_t)F_IN(r);
	mask->f.in_port = F_IN(r) ? 0xffff : 0;
}

struct fmask {
	struct flow_key mask;
	uint32_t max_prio;
};

static int fmask_cmp(const void *a, const void *b_)
{
	const struct fmask *x = a, *y = b_;

	return x->max_prio > y->max_prio ? -1 : x->max_prio < y->max_prio;
}

/*
 * Write the table into the set the programs do not use, then switch them to it. Nothing the
 * programs see changes unless everything was written. 0, or -errno with *msg.
 */
static int flows_publish(const char **msg)
{
	uint32_t set = b.fset ^ 1, zero = 0, nm = 0, n = 0, i, j;
	struct fmask masks[VXSW_BPF_FLOW_MASKS];
	struct vxsw_bpf_flow_key *keys;
	struct vxsw_bpf_flow_sel sel;
	struct ftab_rule *r, *nx;
	size_t k;
	int ret = 0;

	/* The masks, best priority first. */
	FTAB_FOREACH(&b.flows, r, k, nx)
	{
		struct flow_key v, m;

		flow_match_of(r, &v, &m);
		for (i = 0; i < nm && memcmp(&masks[i].mask, &m, sizeof(m)); i++)
			;
		if (i == nm) {
			if (nm == VXSW_BPF_FLOW_MASKS) {
				*msg = "match: the ebpf backend takes at most 16 distinct field "
				       "combinations (masks) in its table";
				return -E2BIG;
			}
			masks[nm].mask = m;
			masks[nm++].max_prio = r->spec.priority;
		} else if (r->spec.priority > masks[i].max_prio) {
			masks[i].max_prio = r->spec.priority;
		}
	}
	qsort(masks, nm, sizeof(masks[0]), fmask_cmp);

	/* Empty the set (what an earlier table left there), then fill it. */
	for (i = 0; i < b.n_fkeys[set]; i++)
		bpf_map_delete_elem(b.frules_fd, &b.fkeys[set][i]);
	b.n_fkeys[set] = 0;
	keys = realloc(b.fkeys[set], sizeof(*keys) * (ftab_count(&b.flows) + 1));
	if (!keys) {
		*msg = "out of memory";
		return -ENOMEM;
	}
	b.fkeys[set] = keys;
	FTAB_FOREACH(&b.flows, r, k, nx)
	{
		struct vxsw_bpf_flow fv = {0}, cur;
		struct vxsw_bpf_flow_key fk;
		struct flow_key m;

		memset(&fk, 0, sizeof(fk));
		flow_match_of(r, &fk.value, &m);
		for (i = 0; i < nm && memcmp(&masks[i].mask, &m, sizeof(m)); i++)
			;
		fk.set_mask = set * VXSW_BPF_FLOW_MASKS + i;
		for (j = 0; j < 8; j++)
			fk.value.w[j] &= m.w[j];
		fv.priority = r->spec.priority;
		fv.id = r->id;
		fv.slot = r->slot;
		fv.action = r->spec.action;
		fv.flags = F_FLAGS(r);
		fv.ifindex = F_OUT(r);
		fv.remote = F_REMOTE(r);
		fv.vni = r->spec.encap_vni;
		/* Two rules with the same match: only the better can ever win. */
		if (bpf_map_lookup_elem(b.frules_fd, &fk, &cur) == 0 &&
		    (cur.priority > fv.priority || (cur.priority == fv.priority && cur.id < fv.id)))
			continue;
		if (bpf_map_update_elem(b.frules_fd, &fk, &fv, BPF_ANY) < 0) {
			ret = -errno;
			*msg = "the ebpf backend's rule map is full";
			break;
		}
		keys[n++] = fk;
		b.n_fkeys[set] = n;
	}
	for (i = 0; ret == 0 && i < nm; i++) {
		struct vxsw_bpf_flow_mask fm = {.mask = masks[i].mask,
						.max_prio = masks[i].max_prio};
		uint32_t mi = set * VXSW_BPF_FLOW_MASKS + i;

		if (bpf_map_update_elem(b.fmasks_fd, &mi, &fm, BPF_ANY) < 0) {
			ret = -errno;
			*msg = "writing the ebpf backend's masks failed";
		}
	}
	if (ret == 0 && bpf_map_lookup_elem(b.fsel_fd, &zero, &sel) < 0)
		ret = -errno;
	if (ret) {
		for (i = 0; i < b.n_fkeys[set]; i++)
			bpf_map_delete_elem(b.frules_fd, &b.fkeys[set][i]);
		b.n_fkeys[set] = 0;
		return ret;
	}
	/* Two writes of one word each: first the new set's mask count (the set in use does not
	 * change), then the switch to it. A program reads a consistent pair either way. */
	sel.n_masks[set] = nm;
	if (bpf_map_update_elem(b.fsel_fd, &zero, &sel, BPF_ANY) < 0)
		return -errno;
	sel.set = set;
	if (bpf_map_update_elem(b.fsel_fd, &zero, &sel, BPF_ANY) < 0)
		return -errno;
	b.fset = set;
	b.dirty = true; /* an ENCAP's VTEP may need its next hop */
	return bebpf_flush();
}

static int flows_open(void)
{
	static const struct ftab_ops ops = {
		.resolve = flow_resolve,
		.release = flow_release,
		.counters = flow_counters,
	};
	struct vxsw_bpf_flow_sel sel;
	uint32_t zero = 0;

	b.fsel_fd = bpf_map__fd(b.skel->maps.vxsw_flow_sel);
	b.fmasks_fd = bpf_map__fd(b.skel->maps.vxsw_flow_masks);
	b.frules_fd = bpf_map__fd(b.skel->maps.vxsw_flow_rules);
	b.fstats_fd = bpf_map__fd(b.skel->maps.vxsw_flow_stats);
	b.psec_fd = bpf_map__fd(b.skel->maps.vxsw_port_sec);
	if (bpf_map_lookup_elem(b.fsel_fd, &zero, &sel) == 0)
		b.fset = sel.set & 1;
	if (ftab_init(&b.flows, VXSW_BPF_FLOWS_MAX, &ops) < 0)
		return -ENOMEM;
	b.flows_ready = true;
	return 0;
}

static void flows_close(void)
{
	if (b.flows_ready)
		ftab_fini(&b.flows);
	b.flows_ready = false;
	free(b.fkeys[0]);
	free(b.fkeys[1]);
	b.fkeys[0] = b.fkeys[1] = NULL;
	b.n_fkeys[0] = b.n_fkeys[1] = 0;
}

/* The name of a local port or underlay device by ifindex, for a rule read back from the maps. */
static bool flow_port_name(uint32_t ifindex, char *name)
{
	struct mirror_link l;

	if (mirror_link_get(b.m, (int)ifindex, &l) < 0)
		return false;
	snprintf(name, VXSW_NAME_MAX, "%s", l.name);
	return true;
}

/*
 * After a restart: the rules in the set the programs use become the table again (a rule whose
 * ports are gone is dropped with a warning), so that an ACL survives vxswd. Rules that shared a
 * match with a better one were never in the maps and are not recovered; counters start again.
 */
static void flows_adopt(void)
{
	struct vxsw_bpf_flow_mask masks[VXSW_BPF_FLOW_MASKS];
	struct vxsw_bpf_flow_sel sel;
	uint32_t zero = 0, i, n_ok = 0, id, bad;
	struct vxsw_bpf_flow_key *keys;
	const char *msg = NULL;
	size_t n, k;

	if (ftab_count(&b.flows) || bpf_map_lookup_elem(b.fsel_fd, &zero, &sel) < 0)
		return;
	b.fset = sel.set & 1;
	for (i = 0; i < sel.n_masks[b.fset] && i < VXSW_BPF_FLOW_MASKS; i++) {
		uint32_t mi = b.fset * VXSW_BPF_FLOW_MASKS + i;

		if (bpf_map_lookup_elem(b.fmasks_fd, &mi, &masks[i]) < 0)
			return;
	}
	if (!(keys = map_keys(b.frules_fd, sizeof(*keys), &n)))
		return;
	for (k = 0; k < n; k++) {
		struct vxsw_bpf_flow v;
		struct flow_spec s;
		uint32_t mi = keys[k].set_mask;

		if (mi / VXSW_BPF_FLOW_MASKS != b.fset ||
		    mi % VXSW_BPF_FLOW_MASKS >= sel.n_masks[b.fset] ||
		    bpf_map_lookup_elem(b.frules_fd, &keys[k], &v) < 0)
			continue;
		memset(&s, 0, sizeof(s));
		s.op = VXSW_FLOW_OP_ADD;
		s.id = v.id;
		s.priority = v.priority;
		s.value = keys[k].value;
		s.mask = masks[mi % VXSW_BPF_FLOW_MASKS].mask;
		s.has_action = true;
		s.action = v.action;
		if ((s.mask.f.in_port && !flow_port_name(s.value.f.in_port, s.in_port)) ||
		    (v.action == VXSW_FLOW_ACT_OUTPUT && !flow_port_name(v.ifindex, s.out_port))) {
			log_warn("ebpf: flow rule %u names a port that is gone: not kept", v.id);
			continue;
		}
		s.value.f.in_port = s.mask.f.in_port = 0;
		if (v.action == VXSW_FLOW_ACT_ENCAP) {
			s.remote.family = VXSW_AF_INET;
			s.remote.v4 = v.remote;
			s.encap_vni = v.vni;
		}
		if (ftab_apply(&b.flows, &s, 1, &id, &bad, &msg) == 0) {
			ftab_commit(&b.flows);
			n_ok++;
		} else {
			log_warn("ebpf: flow rule %u not kept: %s", v.id, msg);
		}
	}
	free(keys);
	if (n_ok)
		log_info("ebpf: adopted %u flow rules from %s", n_ok, b.o.pin_dir);
}

/* ---- load ---- */

static int pin_dir_ready(const char *dir, char *err, size_t errlen)
{
	char parent[PATH_MAX], *slash;
	struct statfs sf;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = 0;
	if (statfs(parent, &sf) < 0 || sf.f_type != BPF_FS_MAGIC) {
		snprintf(err, errlen,
			 "%s is not a BPF filesystem (mount it: mount -t bpf bpf /sys/fs/bpf)",
			 parent);
		return -ENOTDIR;
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
		return -errno;
	}
	return 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || libbpf_probing)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int bebpf_open(const struct bebpf_opts *o, const struct mirror *m, char *err, size_t errlen)
{
	struct bpf_map *map;
	char path[PATH_MAX];
	int ret;

	b.o = *o;
	b.m = m;
	b.started = time(NULL);
	if ((ret = pin_dir_ready(o->pin_dir, err, errlen)) < 0)
		return ret;
	libbpf_set_print(libbpf_quiet);
	b.skel = vxsw_bpf__open();
	if (!b.skel) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the BPF object: %s", strerror(errno));
		return ret;
	}
	if (o->fdb_max)
		bpf_map__set_max_entries(b.skel->maps.vxsw_fdb, o->fdb_max);
	bpf_object__for_each_map(map, b.skel->obj)
	{
		if (bpf_map__type(map) == BPF_MAP_TYPE_ARRAY &&
		    strncmp(bpf_map__name(map), "vxsw_", 5))
			continue; /* the object's own .rodata/.bss */
		/* Each load has caches of its own: a cache's layout is the programs' business. */
		if (map == b.skel->maps.vxsw_port_cache || map == b.skel->maps.vxsw_underlay_cache)
			continue;
		snprintf(path, sizeof(path), "%s/%s", o->pin_dir, bpf_map__name(map));
		bpf_map__set_pin_path(map, path);
	}
	/* Maps pinned by an earlier run are reused (libbpf checks they are compatible), so the
	 * programs already attached and the new ones share them. */
	ret = vxsw_bpf__load(b.skel);
	if (ret < 0) {
		snprintf(err, errlen,
			 "cannot load the BPF programs: %s (maps pinned in %s by another version "
			 "or with other limits? \"vxswd --cleanup\" removes them)",
			 strerror(-ret), o->pin_dir);
		vxsw_bpf__destroy(b.skel);
		b.skel = NULL;
		return ret;
	}
	b.cfg_fd = bpf_map__fd(b.skel->maps.vxsw_cfg);
	b.vnis_fd = bpf_map__fd(b.skel->maps.vxsw_vnis);
	b.ports_fd = bpf_map__fd(b.skel->maps.vxsw_ports);
	b.fdb_fd = bpf_map__fd(b.skel->maps.vxsw_fdb);
	b.members_fd = bpf_map__fd(b.skel->maps.vxsw_members);
	b.nh_fd = bpf_map__fd(b.skel->maps.vxsw_nexthops);
	b.stats_fd = bpf_map__fd(b.skel->maps.vxsw_stats);
	b.gen_fd = bpf_map__fd(b.skel->maps.vxsw_gen);
	/* Onwards from the generation an earlier run left: the programs it attached and their
	 * caches stay until the new ones replace them. */
	if (bpf_map_lookup_elem(b.gen_fd, &(uint32_t){0}, &b.gen) < 0)
		b.gen = 0;
	b.gen_stale = true; /* 0 (caches off) becomes 1 */
	if (flows_open() < 0) {
		snprintf(err, errlen, "out of memory");
		bebpf_close();
		return -ENOMEM;
	}
	memset(&b.cfg, 0xff, sizeof(b.cfg)); /* nothing written yet: the first flush writes */
	if (htab_init(&b.ports, offsetof(struct bport, name), VXSW_NAME_MAX, VXSW_BPF_PORTS_MAX) <
		    0 ||
	    htab_init(&b.vnis, offsetof(struct bvni, vni), sizeof(uint32_t), VXSW_BPF_VNIS_MAX) <
		    0 ||
	    htab_init(&b.fdb, offsetof(struct bfdb, k), sizeof(struct vxsw_bpf_fdb_key),
		      o->fdb_max ? o->fdb_max : VXSW_BPF_FDB_MAX) < 0 ||
	    htab_init(&b.members, offsetof(struct bmember, k), sizeof(struct vxsw_bpf_member_key),
		      VXSW_BPF_MEMBERS_MAX) < 0 ||
	    htab_init(&b.vteps, offsetof(struct bvtep, ip), sizeof(vxsw_be32),
		      VXSW_BPF_NEXTHOPS_MAX) < 0) {
		snprintf(err, errlen, "out of memory");
		bebpf_close();
		return -ENOMEM;
	}
	b.dirty = true;
	return 0;
}

void bebpf_close(void)
{
	flows_close();
	htab_free(&b.ports);
	htab_free(&b.vnis);
	htab_free(&b.fdb);
	htab_free(&b.members);
	htab_free(&b.vteps);
	if (b.skel)
		vxsw_bpf__destroy(b.skel); /* the filters hold the programs, the pins the maps */
	b.skel = NULL;
	b.gen_fd = -1;
	b.n_underlay = 0;
}

bool bebpf_loaded(void)
{
	return b.skel != NULL;
}

void bebpf_stats_get(struct bebpf_stats *ret)
{
	*ret = b.st;
}

const char *bebpf_pin_dir(void)
{
	return b.o.pin_dir;
}

/* ---- cleanup ---- */

int bebpf_cleanup(const char *pin_dir)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	struct vxsw_bpf *skel;
	struct bpf_map *map;
	char path[PATH_MAX];
	int n = 0;

	if (!ifs)
		return -errno;
	libbpf_set_print(libbpf_quiet);
	for (i = ifs; i->if_index; i++)
		if (tc_detach((int)i->if_index) == 0)
			n++;
	if_freenameindex(ifs);
	/* The maps' names from the object itself (opened, not loaded): every map it has. */
	skel = vxsw_bpf__open();
	if (!skel)
		return -errno;
	bpf_object__for_each_map(map, skel->obj)
	{
		if (strncmp(bpf_map__name(map), "vxsw_", 5))
			continue;
		snprintf(path, sizeof(path), "%s/%s", pin_dir, bpf_map__name(map));
		if (unlink(path) < 0 && errno != ENOENT) {
			int err = -errno;

			vxsw_bpf__destroy(skel);
			return err;
		}
	}
	vxsw_bpf__destroy(skel);
	if (rmdir(pin_dir) < 0 && errno != ENOENT)
		return -errno;
	return n;
}

/* ---- vxswctl's read requests ---- */

struct answer {
	const struct nlmsghdr *req;
	int (*fn)(const struct nlmsghdr *, void *);
	void *arg;
	unsigned int sent;
	_Alignas(8) uint8_t buf[8192];
};

/* A dump's answers are NLM_F_MULTI and end with NLMSG_DONE; a get's are plain. */
static struct nlmsghdr *ans_start(struct answer *a, bool list)
{
	a->sent++;
	return proto_msg_start(a->buf, sizeof(a->buf), proto_msghdr(a->req)->cmd,
			       list && (a->req->nlmsg_flags & NLM_F_DUMP) ? NLM_F_MULTI : 0,
			       a->req->nlmsg_seq);
}

static bool put_ip4(struct nlmsghdr *nlh, uint16_t type, vxsw_be32 ip)
{
	return mnl_attr_put_check(nlh, sizeof(((struct answer *)0)->buf), type, 4, &ip);
}

#define PUT_OK(call) ok = ok && (call)
#define SZ	     sizeof(((struct answer *)0)->buf)

static void stats_sum(struct vxsw_bpf_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus(), c;
	struct vxsw_bpf_stats *per;
	uint32_t zero = 0;
	size_t j;

	memset(sum, 0, sizeof(*sum));
	if (ncpu <= 0 || !(per = calloc((size_t)ncpu, sizeof(*per))))
		return;
	if (bpf_map_lookup_elem(b.stats_fd, &zero, per) == 0) {
		for (c = 0; c < ncpu; c++) {
			const uint64_t *s = (const uint64_t *)&per[c];
			uint64_t *d = (uint64_t *)sum;

			for (j = 0; j < sizeof(*sum) / sizeof(uint64_t); j++)
				d[j] += s[j];
		}
	}
	free(per);
}

static const char *const reason_names[VXSW_BPF_REASON_MAX] = {
#define NAME_DROP(e, s) [VXSW_DROP_##e] = s,
	VXSW_DROP_REASONS(NAME_DROP)
#undef NAME_DROP
#define NAME_BPF(e, s) [VXSW_BPF_##e] = s,
		VXSW_BPF_REASONS(NAME_BPF)
#undef NAME_BPF
};

static bool put_reasons(struct nlmsghdr *nlh, uint16_t type, const uint64_t *counts)
{
	struct nlattr *list = mnl_attr_nest_start_check(nlh, SZ, type), *item;
	bool ok = list != NULL;
	uint32_t r;

	/* Reason 0 ("none") is never counted. */
	for (r = 1; ok && r < VXSW_BPF_REASON_MAX; r++) {
		item = mnl_attr_nest_start_check(nlh, SZ, VXSW_A_DROP);
		ok = item && mnl_attr_put_strz_check(nlh, SZ, VXSW_A_DROP_NAME, reason_names[r]) &&
		     mnl_attr_put_u32_check(nlh, SZ, VXSW_A_DROP_ID, r) &&
		     mnl_attr_put_u64_check(nlh, SZ, VXSW_A_DROP_COUNT, counts[r]);
		if (item)
			mnl_attr_nest_end(nlh, item);
	}
	if (list)
		mnl_attr_nest_end(nlh, list);
	return ok;
}

static int answer_stats(struct answer *a)
{
	struct vxsw_bpf_stats s;
	struct nlmsghdr *nlh = ans_start(a, false);
	struct nlattr *nest;
	uint64_t drops = 0;
	bool ok;
	int r;

	stats_sum(&s);
	for (r = 0; r < VXSW_BPF_REASON_MAX; r++)
		drops += s.dropped[r];
	nest = mnl_attr_nest_start_check(nlh, SZ, VXSW_A_STATS);
	ok = nest &&
	     mnl_attr_put_u64_check(nlh, SZ, VXSW_STAT_TX_PACKETS,
				    s.encap_packets + s.decap_packets + s.local_packets) &&
	     mnl_attr_put_u64_check(nlh, SZ, VXSW_STAT_TX_BYTES,
				    s.encap_bytes + s.decap_bytes + s.local_bytes) &&
	     mnl_attr_put_u64_check(nlh, SZ, VXSW_STAT_DROPS, drops) &&
	     mnl_attr_put_u64_check(nlh, SZ, VXSW_STAT_ENCAP_PACKETS, s.encap_packets) &&
	     mnl_attr_put_u64_check(nlh, SZ, VXSW_STAT_DECAP_PACKETS, s.decap_packets) &&
	     mnl_attr_put_u64_check(nlh, SZ, VXSW_STAT_LOCAL_PACKETS, s.local_packets);
	if (nest)
		mnl_attr_nest_end(nlh, nest);
	PUT_OK(put_reasons(nlh, VXSW_A_DROPS, s.dropped));
	PUT_OK(put_reasons(nlh, VXSW_A_PASSES, s.passed));
	return ok ? a->fn(nlh, a->arg) : -EMSGSIZE;
}

/* Zero every CPU's counters (an update of a per-CPU array writes all CPUs' values). */
static int stats_clear(void)
{
	int ncpu = libbpf_num_possible_cpus();
	struct vxsw_bpf_stats *zero;
	uint32_t key = 0;
	int ret = 0;

	if (ncpu <= 0 || !(zero = calloc((size_t)ncpu, sizeof(*zero))))
		return -ENOMEM;
	if (bpf_map_update_elem(b.stats_fd, &key, zero, BPF_ANY) < 0)
		ret = -errno;
	free(zero);
	ftab_counters_clear(&b.flows);
	return ret;
}

static int answer_status(struct answer *a)
{
	struct nlmsghdr *nlh = ans_start(a, false);
	struct mirror_stats ms;
	bool ok = true;

	mirror_stats_get(b.m, &ms);
	PUT_OK(mnl_attr_put_strz_check(nlh, SZ, VXSW_A_VERSION, VXSW_VERSION));
	PUT_OK(mnl_attr_put_u64_check(nlh, SZ, VXSW_A_UPTIME, (uint64_t)(time(NULL) - b.started)));
	PUT_OK(mnl_attr_put_u8_check(nlh, SZ, VXSW_A_RESERVED_BITS,
				     b.o.ignore_reserved ? VXSW_RESERVED_IGNORE
							 : VXSW_RESERVED_DROP));
	if (b.cfg.local_ip && b.cfg.local_ip != 0xffffffffu) {
		PUT_OK(put_ip4(nlh, VXSW_A_LOCAL, b.cfg.local_ip));
		PUT_OK(mnl_attr_put_u16_check(nlh, SZ, VXSW_A_DSTPORT, ntohs(b.cfg.dstport)));
	}
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_FDB_SIZE,
				      b.o.fdb_max ? b.o.fdb_max : VXSW_BPF_FDB_MAX));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_LIMIT_VNIS, VXSW_BPF_VNIS_MAX));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_LIMIT_VTEPS, VXSW_BPF_NEXTHOPS_MAX));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_PORTS, (uint32_t)b.ports.n));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_VNIS, (uint32_t)b.vnis.n));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_VTEPS, (uint32_t)b.vteps.n));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_MACS, (uint32_t)b.fdb.n));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_FLOWS, ftab_count(&b.flows)));
	PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_LIMIT_FLOWS, VXSW_BPF_FLOWS_MAX));
	return ok ? a->fn(nlh, a->arg) : -EMSGSIZE;
}

static uint32_t count_macs(uint32_t vni, int32_t ifindex)
{
	const struct bfdb *f;
	uint32_t n = 0;
	void *nx;
	size_t i;

	HTAB_FOREACH(&b.fdb, f, i, nx)
	n += (!vni || f->k.vni == vni) && (!ifindex || (int32_t)f->v.ifindex == ifindex);
	return n;
}

/* PORT_SECURITY_SET: the same request and checks as vxsw-dpdk's; written to vxsw_port_sec. */
static int answer_port_security(const struct nlattr **tb, const char **msg, int *attr)
{
	struct vxsw_port_sec sec;
	struct mirror_link l;
	struct bport *p;
	bool on, was;
	int ret;

	*attr = VXSW_A_PORT_NAME;
	p = port_find(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
	if (!p) {
		*msg = "no such port (a bridge port in a VNI)";
		return -ENODEV;
	}
	ret = secspec_get(tb, &on, &sec.n, sec.a, msg, attr);
	if (ret < 0)
		return ret;
	sec.pad = 0;
	if (mirror_link_get(b.m, p->ifindex, &l) < 0) {
		*msg = "the port's link is gone";
		return -ENODEV;
	}
	/* On: the check, then the port's flag; off: the flag, then the check. The program
	 * never finds the flag without the check. */
	if (on && bpf_map_update_elem(b.psec_fd, &p->ifindex, &sec, BPF_ANY) < 0) {
		*msg = "writing the port's check failed";
		return -errno;
	}
	was = p->sec_on;
	p->sec_on = on;
	if (on != was && port_write(p, &l) < 0) {
		p->sec_on = was;
		*msg = "writing the port's entry failed";
		return -EIO;
	}
	if (!on && was)
		map_del(b.psec_fd, &p->ifindex);
	p->sec = sec;
	return 0;
}

static int answer_ports(struct answer *a, const struct nlattr **tb)
{
	const struct bport *p;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&b.ports, p, i, nx)
	{
		struct nlmsghdr *nlh;
		struct mirror_link l;
		bool ok = true;

		if (tb[VXSW_A_PORT_NAME] && strcmp(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), p->name))
			continue;
		nlh = ans_start(a, true);
		PUT_OK(mnl_attr_put_strz_check(nlh, SZ, VXSW_A_PORT_NAME, p->name));
		PUT_OK(mnl_attr_put_u8_check(nlh, SZ, VXSW_A_PORT_ROLE, VXSW_PORT_ACCESS));
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_VNI, p->vni));
		if (mirror_link_get(b.m, p->ifindex, &l) == 0) {
			PUT_OK(mnl_attr_put_check(nlh, SZ, VXSW_A_PORT_MAC, 6, l.mac));
			PUT_OK(mnl_attr_put_u8_check(nlh, SZ, VXSW_A_LINK_UP,
						     (l.flags & IFF_UP) != 0));
		}
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_MACS, count_macs(0, p->ifindex)));
		if (ok && p->sec_on)
			ok = secspec_put(nlh, SZ, p->sec.n, p->sec.a);
		if (!ok)
			return -EMSGSIZE;
		if ((ret = a->fn(nlh, a->arg)) < 0)
			return ret;
	}
	return 0;
}

static int answer_vnis(struct answer *a, const struct nlattr **tb)
{
	const struct bvni *v;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&b.vnis, v, i, nx)
	{
		struct nlmsghdr *nlh;
		const struct bport *p;
		const struct bmember *mb;
		uint32_t ports = 0, flood = 0;
		void *nx2;
		size_t j;
		bool ok = true;

		if (tb[VXSW_A_VNI] && mnl_attr_get_u32(tb[VXSW_A_VNI]) != v->vni)
			continue;
		nlh = ans_start(a, true);
		HTAB_FOREACH(&b.ports, p, j, nx2)
		ports += p->vni == v->vni;
		HTAB_FOREACH(&b.members, mb, j, nx2)
		flood += mb->k.vni == v->vni && mb->flood;
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_VNI, v->vni));
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_MACS, count_macs(v->vni, 0)));
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_PORTS, ports));
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_FLOOD, flood));
		if (!ok)
			return -EMSGSIZE;
		if ((ret = a->fn(nlh, a->arg)) < 0)
			return ret;
	}
	return 0;
}

static int answer_flood(struct answer *a, const struct nlattr **tb)
{
	const struct bmember *mb;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&b.members, mb, i, nx)
	{
		struct nlmsghdr *nlh;
		bool ok = true;

		if (!mb->flood || (tb[VXSW_A_VNI] && mnl_attr_get_u32(tb[VXSW_A_VNI]) != mb->k.vni))
			continue;
		nlh = ans_start(a, true);
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_VNI, mb->k.vni));
		PUT_OK(put_ip4(nlh, VXSW_A_REMOTE, mb->k.ip));
		if (!ok)
			return -EMSGSIZE;
		if ((ret = a->fn(nlh, a->arg)) < 0)
			return ret;
	}
	return 0;
}

/* The FDB as the map holds it (what the programs see), not as vxswd meant it. */
static int answer_fdb(struct answer *a, const struct nlattr **tb)
{
	size_t n, i;
	struct vxsw_bpf_fdb_key *keys = map_keys(b.fdb_fd, sizeof(*keys), &n);
	int ret = 0;

	if (!keys)
		return -ENOMEM;
	for (i = 0; i < n && ret >= 0; i++) {
		struct nlmsghdr *nlh;
		struct vxsw_bpf_fdb v;
		struct mirror_link l;
		bool ok = true;

		if ((tb[VXSW_A_VNI] && mnl_attr_get_u32(tb[VXSW_A_VNI]) != keys[i].vni) ||
		    bpf_map_lookup_elem(b.fdb_fd, &keys[i], &v) < 0)
			continue;
		nlh = ans_start(a, true);
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_VNI, keys[i].vni));
		PUT_OK(mnl_attr_put_check(nlh, SZ, VXSW_A_MAC, 6, keys[i].mac));
		if (v.ifindex)
			PUT_OK(mnl_attr_put_strz_check(
				nlh, SZ, VXSW_A_PORT_NAME,
				mirror_link_get(b.m, (int)v.ifindex, &l) == 0 ? l.name : "?"));
		else
			PUT_OK(put_ip4(nlh, VXSW_A_REMOTE, v.remote));
		if (v.flags & VXSW_BPF_FDB_EXTERN)
			PUT_OK(mnl_attr_put_check(nlh, SZ, VXSW_A_FDB_EXTERN, 0, NULL));
		else if (!(v.flags & VXSW_BPF_FDB_DYNAMIC))
			PUT_OK(mnl_attr_put_check(nlh, SZ, VXSW_A_FDB_STATIC, 0, NULL));
		ret = ok ? a->fn(nlh, a->arg) : -EMSGSIZE;
	}
	free(keys);
	return ret;
}

static int answer_vteps(struct answer *a)
{
	const struct bvtep *t;
	void *nx;
	size_t i;
	int ret;

	HTAB_FOREACH(&b.vteps, t, i, nx)
	{
		struct nlmsghdr *nlh = ans_start(a, true);
		const struct bmember *mb;
		uint32_t vnis = 0;
		void *nx2;
		size_t j;
		bool ok = true;

		HTAB_FOREACH(&b.members, mb, j, nx2)
		vnis += mb->k.ip == t->ip && mb->flood;
		PUT_OK(put_ip4(nlh, VXSW_A_REMOTE, t->ip));
		/* Resolved: the next hop is in the map. Not resolved: the kernel sends. */
		PUT_OK(mnl_attr_put_u8_check(nlh, SZ, VXSW_A_NEIGH_STATE,
					     t->have ? VXSW_NEIGH_REACHABLE
						     : VXSW_NEIGH_INCOMPLETE));
		if (t->have) {
			PUT_OK(proto_put_ip(nlh, SZ, VXSW_A_NEXTHOP, &t->gw));
			PUT_OK(mnl_attr_put_check(nlh, SZ, VXSW_A_MAC, 6, t->nh.dmac));
		}
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_N_VNIS, vnis));
		PUT_OK(mnl_attr_put_u32_check(nlh, SZ, VXSW_A_REFS, t->refs));
		if (!ok)
			return -EMSGSIZE;
		if ((ret = a->fn(nlh, a->arg)) < 0)
			return ret;
	}
	return 0;
}

/* The NLMSG_ERROR answer to a refused flow batch: the rule's message and attribute. */
static int flow_error(struct answer *a, int err, const struct nlattr *at, uint32_t index,
		      const char *msg)
{
	struct proto_err perr;
	int len;

	memset(&perr, 0, sizeof(perr));
	snprintf(perr.buf, sizeof(perr.buf), "rule %u: %s", index + 1, msg ? msg : strerror(-err));
	proto_err_set(&perr, err, at, perr.buf);
	len = proto_ack_build(a->buf, sizeof(a->buf), a->req, a->req->nlmsg_len, err, &perr);
	if (len < 0)
		len = proto_ack_build(a->buf, sizeof(a->buf), a->req, MNL_NLMSG_HDRLEN, err, &perr);
	return len < 0 ? len : a->fn((const struct nlmsghdr *)a->buf, a->arg);
}

/* A batch of flow changes, all or nothing, as vxsw-dpdk does it (ctl.c). Answered entirely
 * here, the ACK or error included: returns 1 then. */
static int answer_flow_batch(struct answer *a, const struct nlattr **tb)
{
	const struct nlattr *at, **ats = NULL;
	struct flow_spec *ops = NULL;
	struct proto_err perr;
	struct nlmsghdr *nlh;
	uint32_t n = 0, i = 0, bad = 0, *ids = NULL;
	const char *msg = NULL;
	int ret;

	if (!tb[VXSW_A_FLOWS])
		return flow_error(a, -EINVAL, NULL, 0, "flow batch: no change in it");
	mnl_attr_for_each_nested(at, tb[VXSW_A_FLOWS]) n++;
	if (n == 0)
		return flow_error(a, -EINVAL, tb[VXSW_A_FLOWS], 0, "flow batch: no change in it");
	ops = malloc(sizeof(*ops) * n);
	ids = calloc(n, sizeof(*ids));
	ats = malloc(sizeof(*ats) * n);
	if (!ops || !ids || !ats) {
		ret = flow_error(a, -ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	mnl_attr_for_each_nested(at, tb[VXSW_A_FLOWS])
	{
		memset(&perr, 0, sizeof(perr));
		if ((ret = flow_spec_get(at, true, &ops[i], &perr)) < 0) {
			ret = flow_error(a, ret, perr.attr ? perr.attr : at, i, perr.msg);
			goto out;
		}
		ats[i++] = at;
	}
	ret = ftab_apply(&b.flows, ops, n, ids, &bad, &msg);
	if (ret < 0) {
		ret = flow_error(a, ret, ats[bad < n ? bad : 0], bad, msg);
		goto out;
	}
	ret = flows_publish(&msg);
	if (ret < 0) {
		ftab_rollback(&b.flows);
		ret = flow_error(a, ret, ats[n - 1], n - 1, msg);
		goto out;
	}
	ftab_commit(&b.flows);
	for (i = 0; i < n; i++)
		if (ops[i].op != VXSW_FLOW_OP_ADD)
			ids[i] = 0;
	nlh = ans_start(a, false);
	if (!mnl_attr_put_check(nlh, sizeof(a->buf), VXSW_A_FLOW_IDS, sizeof(*ids) * n, ids)) {
		ret = -EMSGSIZE;
		goto out;
	}
	ret = a->fn(nlh, a->arg);
	if (ret == 0 && (a->req->nlmsg_flags & NLM_F_ACK)) {
		int len =
			proto_ack_build(a->buf, sizeof(a->buf), a->req, a->req->nlmsg_len, 0, NULL);

		ret = len < 0 ? len : a->fn((const struct nlmsghdr *)a->buf, a->arg);
	}
out:
	free(ops);
	free(ids);
	free(ats);
	return ret < 0 ? ret : 1;
}

static int flow_record(const struct flow_spec *f, void *arg)
{
	struct answer *a = arg;
	struct nlmsghdr *nlh = ans_start(a, true);

	if (!flow_spec_put(nlh, sizeof(a->buf), VXSW_A_FLOW, f))
		return -EMSGSIZE;
	return a->fn(nlh, a->arg);
}

static int answer_request(const struct nlmsghdr *req, int (*fn)(const struct nlmsghdr *, void *),
			  void *arg)
{
	static struct answer a;
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err perr;
	int ret;

	if (!b.skel)
		return -ENOTCONN;
	if (proto_parse(req, proto_policy, VXSW_A_MAX, tb, &perr) < 0)
		return -EINVAL;
	a.req = req;
	a.fn = fn;
	a.arg = arg;
	a.sent = 0;
	switch (proto_msghdr(req)->cmd) {
	case VXSW_CMD_STATUS_GET:
		return answer_status(&a);
	case VXSW_CMD_STATS_GET:
		return answer_stats(&a);
	case VXSW_CMD_STATS_CLEAR:
		return stats_clear();
	case VXSW_CMD_PORT_GET:
		ret = answer_ports(&a, tb);
		break;
	case VXSW_CMD_VNI_GET:
		ret = answer_vnis(&a, tb);
		break;
	case VXSW_CMD_FLOOD_GET:
		ret = answer_flood(&a, tb);
		break;
	case VXSW_CMD_FDB_GET:
		ret = answer_fdb(&a, tb);
		break;
	case VXSW_CMD_VTEP_GET:
		ret = answer_vteps(&a);
		break;
	case VXSW_CMD_FLOW_BATCH:
		return answer_flow_batch(&a, tb);
	case VXSW_CMD_PORT_SECURITY_SET: {
		const char *msg = NULL;
		int attr = 0;

		if (!tb[VXSW_A_PORT_NAME] || !tb[VXSW_A_PORT_SECURITY])
			return -EINVAL;
		ret = answer_port_security(tb, &msg, &attr);
		if (ret < 0) {
			struct proto_err perr;
			int len;

			memset(&perr, 0, sizeof(perr));
			proto_err_set(&perr, ret, attr > 0 ? tb[attr] : NULL, msg);
			len = proto_ack_build(a.buf, sizeof(a.buf), req, req->nlmsg_len, ret,
					      &perr);
			return len < 0 ? len : (fn((const struct nlmsghdr *)a.buf, arg) ?: 1);
		}
		return 0;
	}
	case VXSW_CMD_FLOW_GET:
		if (!(req->nlmsg_flags & NLM_F_DUMP))
			return -EOPNOTSUPP;
		ret = ftab_walk(&b.flows, flow_record, &a);
		a.sent = 1;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (ret < 0)
		return ret;
	if (!(req->nlmsg_flags & NLM_F_DUMP))
		return a.sent ? 0 : -ENOENT; /* a get of one object that is not there */
	if (proto_done_build(a.buf, sizeof(a.buf), req) < 0)
		return -EMSGSIZE;
	return fn((const struct nlmsghdr *)a.buf, arg);
}

int bebpf_answer(const struct nlmsghdr *req, int (*fn)(const struct nlmsghdr *, void *), void *arg)
{
	int ret = answer_request(req, fn, arg);

	/* A change (port security) is in force before its acknowledgement leaves. */
	gen_publish();
	return ret;
}
