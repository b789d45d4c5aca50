/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_mirror: vxswd's kernel mirror (control/mirror.c) on rtnetlink input. Two mirrors live
 * for the whole process, one per mode (representors, bridge ports), each loaded once with the
 * recorded dumps of the unit tests (tests/unit/fixtures/rtnl) so that an input's changes meet
 * real state: VNIs, ports, flood lists and MACs it can move or delete.
 *
 * Input: one flag byte, then one datagram as a NETLINK_ROUTE socket delivers it.
 *   bit 0: the bridge-ports mirror instead of the representors one
 *   bit 1: mirror_mark() before the datagram and mirror_sweep() after (a re-dump of just it)
 *   bit 2: feed the datagram twice
 *   bit 3: no mirror_commit() after it (the restore below runs with link changes pending)
 *   bit 4: after the restore, the recorded dumps once more: a re-dump of an unchanged kernel
 *          must report nothing
 * After each input the mirror is brought back to the recorded state the way vxswd recovers
 * from an overrun: mark, the recorded dumps again, sweep.
 *
 * Every report goes to a model dataplane that refuses what a real one could not apply (the
 * rules of test_mirror): something in a VNI it does not have, a VNI removed while something
 * lives in it, a removal of what it does not hold, a "change" that changes nothing. After each
 * commit the model must hold exactly what the mirror's walkers show, and after the restore
 * exactly what it held after the first load.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vxsw/addr.h>
#include <vxsw/proto.h>
#include <vxsw/wire.h>

#include "fuzz.h"
#include "mirror.h"

#define FLAG_BRIDGE_PORTS 0x01
#define FLAG_RESYNC	  0x02
#define FLAG_TWICE	  0x04
#define FLAG_NO_COMMIT	  0x08
#define FLAG_REFEED	  0x10

/* rtnl.c reads datagrams into 32 KiB. */
#define DGRAM_MAX 32768
/* Model sizes: far more than a DGRAM_MAX datagram can create on top of the recordings. */
#define MODEL_MAX 4096

#ifndef VXSW_FIXTURES_DIR
#define VXSW_FIXTURES_DIR "tests/unit/fixtures/rtnl"
#endif

/* ---- the recorded dumps ---- */

static const char *const dump_files[] = {"dump_link.bin", "dump_fdb.bin", "dump_neigh.bin",
					 "dump_addr.bin", "dump_route.bin"};

static struct {
	size_t n;
	void *dg[64];
	size_t len[64];
} dumps;

static void load_dumps(void)
{
	const char *dir = getenv("FIXTURES");
	char path[1024];
	uint32_t len;
	size_t i;
	FILE *f;

	if (!dir || !*dir)
		dir = VXSW_FIXTURES_DIR;
	for (i = 0; i < sizeof(dump_files) / sizeof(dump_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dump_files[i]);
		f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "fuzz_mirror: cannot open %s (set FIXTURES)\n", path);
			abort();
		}
		/* uint32 little-endian length, then the datagram (fixtures/rtnl/README). */
		while (fread(&len, sizeof(len), 1, f) == 1) {
			CHECK(dumps.n < sizeof(dumps.dg) / sizeof(dumps.dg[0]));
			dumps.dg[dumps.n] = malloc(len ? len : 1);
			CHECK(dumps.dg[dumps.n]);
			CHECK(fread(dumps.dg[dumps.n], 1, len, f) == len);
			dumps.len[dumps.n++] = len;
		}
		fclose(f);
	}
}

/* ---- the model dataplane ---- */

struct mfdb_entry {
	uint32_t vni;
	uint8_t mac[6];
	struct mirror_want want;
};

struct model {
	uint32_t vni[MODEL_MAX];
	size_t nvni;
	struct {
		char name[VXSW_NAME_MAX];
		uint32_t vni;
	} port[MODEL_MAX];
	size_t nport;
	struct {
		uint32_t vni;
		struct vxsw_ip ip;
	} flood[MODEL_MAX];
	size_t nflood;
	struct mfdb_entry fdb[MODEL_MAX];
	size_t nfdb;
};

struct fz {
	struct mirror *m;
	struct model dp, base;
	struct mirror_stats base_stats;
};

static struct fz fz[2];

/* FUZZ_MIRROR_TRACE=1: print every report, to read what led to a failed check. */
static bool trace;
/* Reports so far, to prove that a re-dump of an unchanged kernel causes none. */
static unsigned long reports;

static void tracef(const char *what, uint32_t vni, const char *detail)
{
	if (trace)
		fprintf(stderr, "report: %s vni %u %s\n", what, vni, detail);
}

static bool ip_same(const struct vxsw_ip *a, const struct vxsw_ip *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static bool ip_ok(const struct vxsw_ip *ip)
{
	return ip->family == VXSW_AF_INET || ip->family == VXSW_AF_INET6;
}

/* Written apart from mirror_want_equal(), which is under test. */
static bool want_same(const struct mirror_want *a, const struct mirror_want *b)
{
	if (a->is_learned != b->is_learned || a->is_dynamic != b->is_dynamic)
		return false;
	if (a->is_learned)
		return true;
	if (a->is_remote != b->is_remote || a->is_extern != b->is_extern)
		return false;
	return a->is_remote ? ip_same(&a->remote, &b->remote) : !strcmp(a->port, b->port);
}

static void want_ok(const struct mirror_want *w)
{
	if (w->is_learned)
		return;
	if (w->is_remote)
		CHECK(ip_ok(&w->remote));
	else
		CHECK(w->port[0] && memchr(w->port, '\0', sizeof(w->port)));
}

static long dp_vni(const struct model *dp, uint32_t vni)
{
	for (size_t i = 0; i < dp->nvni; i++)
		if (dp->vni[i] == vni)
			return (long)i;
	return -1;
}

static long dp_port(const struct model *dp, const char *name)
{
	for (size_t i = 0; i < dp->nport; i++)
		if (!strcmp(dp->port[i].name, name))
			return (long)i;
	return -1;
}

static long dp_flood(const struct model *dp, uint32_t vni, const struct vxsw_ip *ip)
{
	for (size_t i = 0; i < dp->nflood; i++)
		if (dp->flood[i].vni == vni && ip_same(&dp->flood[i].ip, ip))
			return (long)i;
	return -1;
}

static long dp_fdb(const struct model *dp, uint32_t vni, const uint8_t *mac)
{
	for (size_t i = 0; i < dp->nfdb; i++)
		if (dp->fdb[i].vni == vni && !memcmp(dp->fdb[i].mac, mac, 6))
			return (long)i;
	return -1;
}

static bool dp_vni_used(const struct model *dp, uint32_t vni)
{
	size_t i;

	for (i = 0; i < dp->nport; i++)
		if (dp->port[i].vni == vni)
			return true;
	for (i = 0; i < dp->nflood; i++)
		if (dp->flood[i].vni == vni)
			return true;
	for (i = 0; i < dp->nfdb; i++)
		if (dp->fdb[i].vni == vni)
			return true;
	return false;
}

static void on_vni(void *arg, uint32_t vni, bool present)
{
	struct model *dp = arg;
	long i = dp_vni(dp, vni);

	reports++;
	tracef(present ? "vni add" : "vni del", vni, "");
	CHECK(vni != 0 && vni <= VXSW_VXLAN_VNI_MAX); /* what a dataplane can hold */
	if (present) {
		CHECK(i < 0 && dp->nvni < MODEL_MAX);
		dp->vni[dp->nvni++] = vni;
	} else {
		CHECK(i >= 0 && !dp_vni_used(dp, vni)); /* what lives in a VNI leaves first */
		dp->vni[i] = dp->vni[--dp->nvni];
	}
}

static void on_port(void *arg, const char *port, uint32_t vni)
{
	struct model *dp = arg;
	long i = dp_port(dp, port);

	reports++;
	CHECK(port && port[0] && strlen(port) < VXSW_NAME_MAX);
	tracef("port", vni, port);
	if (!vni) {
		CHECK(i >= 0); /* unbinding a port never bound */
		dp->port[i] = dp->port[--dp->nport];
		return;
	}
	CHECK(dp_vni(dp, vni) >= 0);
	if (i < 0) {
		CHECK(dp->nport < MODEL_MAX);
		i = (long)dp->nport++;
		snprintf(dp->port[i].name, sizeof(dp->port[i].name), "%s", port);
		dp->port[i].vni = 0;
	}
	CHECK(dp->port[i].vni != vni); /* a report is a change */
	dp->port[i].vni = vni;
}

static void on_flood(void *arg, uint32_t vni, const struct vxsw_ip *ip, bool present)
{
	struct model *dp = arg;
	long i = dp_flood(dp, vni, ip);

	reports++;
	CHECK(ip_ok(ip));
	tracef(present ? "flood add" : "flood del", vni, "");
	if (present) {
		CHECK(i < 0 && dp_vni(dp, vni) >= 0 && dp->nflood < MODEL_MAX);
		dp->flood[dp->nflood].vni = vni;
		dp->flood[dp->nflood++].ip = *ip;
	} else {
		CHECK(i >= 0);
		dp->flood[i] = dp->flood[--dp->nflood];
	}
}

static void on_fdb(void *arg, uint32_t vni, const uint8_t mac[6], const struct mirror_want *want,
		   const struct mirror_want *old)
{
	struct model *dp = arg;
	long i = dp_fdb(dp, vni, mac);

	reports++;
	if (trace) {
		char d[64];

		snprintf(d, sizeof(d), "%02x:%02x:%02x:%02x:%02x:%02x %s", mac[0], mac[1], mac[2],
			 mac[3], mac[4], mac[5],
			 !want ? "del"
			 : old ? "change"
			       : "new");
		tracef("fdb", vni, d);
	}
	CHECK(mac && dp_vni(dp, vni) >= 0);
	if (want) {
		want_ok(want);
		/* Learned entries are the representors' write-back; there, the kernel's own
		 * dynamic entries are not overlay state (mirror.h). */
		if (dp == &fz[1].dp)
			CHECK(!want->is_learned);
		else if (!want->is_remote && !want->is_learned)
			CHECK(!want->is_dynamic);
	}
	if (!old) { /* new */
		CHECK(want && i < 0 && dp->nfdb < MODEL_MAX);
		i = (long)dp->nfdb++;
		dp->fdb[i].vni = vni;
		memcpy(dp->fdb[i].mac, mac, 6);
		dp->fdb[i].want = *want;
		return;
	}
	CHECK(i >= 0 && want_same(&dp->fdb[i].want, old)); /* old is what the dataplane holds */
	if (!want) {
		dp->fdb[i] = dp->fdb[--dp->nfdb];
		return;
	}
	CHECK(!want_same(want, old)); /* a report is a change */
	dp->fdb[i].want = *want;
}

static void on_changed(void *arg)
{
	(void)arg;
}

/* ---- the model against the mirror's walkers ---- */

static int walk_vni(uint32_t vni, void *arg)
{
	size_t *n = arg;

	CHECK(dp_vni(&fz[n[1]].dp, vni) >= 0);
	n[0]++;
	return 0;
}

static int walk_port(const char *port, uint32_t vni, void *arg)
{
	size_t *n = arg;
	const struct model *dp = &fz[n[1]].dp;
	long i = dp_port(dp, port);

	/* The dataplane hears of a port once it is bound. */
	if (vni) {
		CHECK(i >= 0 && dp->port[i].vni == vni);
		n[0]++;
	} else {
		CHECK(i < 0 || dp->port[i].vni == 0);
	}
	return 0;
}

static int walk_flood(uint32_t vni, const struct vxsw_ip *ip, void *arg)
{
	size_t *n = arg;

	CHECK(dp_flood(&fz[n[1]].dp, vni, ip) >= 0);
	n[0]++;
	return 0;
}

static int walk_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *w, void *arg)
{
	size_t *n = arg;
	const struct model *dp = &fz[n[1]].dp;
	long i = dp_fdb(dp, vni, mac);

	CHECK(i >= 0 && want_same(&dp->fdb[i].want, w));
	n[0]++;
	return 0;
}

static size_t bound_ports(const struct model *dp)
{
	size_t i, n = 0;

	for (i = 0; i < dp->nport; i++)
		n += dp->port[i].vni != 0;
	return n;
}

/* The reports told the model exactly what the mirror holds. */
static void check_model(size_t k)
{
	const struct mirror *m = fz[k].m;
	const struct model *dp = &fz[k].dp;
	size_t n[2] = {0, k};

	CHECK(mirror_walk_vnis(m, walk_vni, n) == 0 && n[0] == dp->nvni);
	n[0] = 0;
	CHECK(mirror_walk_ports(m, walk_port, n) == 0 && n[0] == bound_ports(dp));
	n[0] = 0;
	CHECK(mirror_walk_flood(m, walk_flood, n) == 0 && n[0] == dp->nflood);
	n[0] = 0;
	CHECK(mirror_walk_fdb(m, walk_fdb, n) == 0 && n[0] == dp->nfdb);
}

/* Two models hold the same overlay (in any order). */
static void check_same(const struct model *a, const struct model *b)
{
	size_t i;
	long j;

	CHECK(a->nvni == b->nvni && a->nflood == b->nflood && a->nfdb == b->nfdb);
	CHECK(bound_ports(a) == bound_ports(b));
	for (i = 0; i < a->nvni; i++)
		CHECK(dp_vni(b, a->vni[i]) >= 0);
	for (i = 0; i < a->nport; i++) {
		j = dp_port(b, a->port[i].name);
		if (a->port[i].vni)
			CHECK(j >= 0 && b->port[j].vni == a->port[i].vni);
	}
	for (i = 0; i < a->nflood; i++)
		CHECK(dp_flood(b, a->flood[i].vni, &a->flood[i].ip) >= 0);
	for (i = 0; i < a->nfdb; i++) {
		j = dp_fdb(b, a->fdb[i].vni, a->fdb[i].mac);
		CHECK(j >= 0 && want_same(&b->fdb[j].want, &a->fdb[i].want));
	}
}

/* ---- queries a backend makes ---- */

static int walk_learned(int ifindex, const char *port, const uint8_t mac[6], void *arg)
{
	const struct mirror *m = arg;

	CHECK(ifindex > 0 && port[0] && mirror_has_learned(m, ifindex, mac));
	return 0;
}

static void check_queries(size_t k)
{
	static const uint8_t neigh_ip[4] = {10, 0, 0, 2}, addr_ip[4] = {10, 0, 0, 1};
	const struct mirror *m = fz[k].m;
	const struct model *dp = &fz[k].dp;
	struct mirror_vxlan vx;
	struct mirror_link l;
	struct mirror_stats st;
	struct vxsw_ip ip;
	uint8_t mac[6];
	uint32_t vni;
	bool conflict;
	size_t i;
	int ifindex;

	if (mirror_local(m, &ip, &conflict) == 0)
		CHECK(ip_ok(&ip));
	for (i = 0; i < dp->nvni; i++) {
		CHECK(mirror_has_vni(m, dp->vni[i]));
		CHECK(mirror_vni_get(m, dp->vni[i], &vx) == 0 && vx.ifindex > 0);
		CHECK(mirror_link_get(m, vx.ifindex, &l) == 0 && l.ifindex == vx.ifindex);
	}
	for (i = 0; i < dp->nport; i++) {
		if (!dp->port[i].vni)
			continue;
		ifindex = mirror_port_ifindex(m, dp->port[i].name, &vni);
		CHECK(ifindex > 0 && vni == dp->port[i].vni);
		CHECK(mirror_link_get(m, ifindex, &l) == 0);
	}
	for (i = 0; i < dp->nfdb; i++)
		if (dp->fdb[i].want.is_learned)
			CHECK(mirror_learned_ifindex(m, dp->fdb[i].vni, dp->fdb[i].mac) > 0);
	CHECK(mirror_walk_learned(m, walk_learned, (void *)m) == 0);
	/* The recorded neighbour and address (fixtures/rtnl/README), whatever became of them. */
	memset(&ip, 0, sizeof(ip));
	ip.family = VXSW_AF_INET;
	memcpy(&ip.v4, neigh_ip, 4);
	mirror_neigh_get(m, 6, &ip, mac);
	memcpy(&ip.v4, addr_ip, 4);
	mirror_addr_ifindex(m, &ip);
	mirror_stats_get(m, &st);
	CHECK(st.vnis == dp->nvni && st.flood == dp->nflood && st.macs == dp->nfdb);
}

/* ---- setup and restore ---- */

static void feed_dumps(struct mirror *m)
{
	for (size_t i = 0; i < dumps.n; i++)
		CHECK(mirror_input(m, dumps.dg[i], dumps.len[i]) >= 0);
}

static void init(void)
{
	size_t k;

	trace = getenv("FUZZ_MIRROR_TRACE") != NULL;
	load_dumps();
	for (k = 0; k < 2; k++) {
		struct mirror_cb cb = {
			.vni = on_vni,
			.port = on_port,
			.flood = on_flood,
			.fdb = on_fdb,
			.changed = on_changed,
			.arg = &fz[k].dp,
		};

		CHECK(mirror_create(NULL, &cb, &fz[k].m) == 0);
		mirror_set_mode(fz[k].m, k ? MIRROR_BRIDGE_PORTS : MIRROR_REPRESENTORS);
		feed_dumps(fz[k].m);
		mirror_commit(fz[k].m);
		check_model(k);
		CHECK(fz[k].dp.nvni > 0); /* the recordings define an overlay */
		fz[k].base = fz[k].dp;
		mirror_stats_get(fz[k].m, &fz[k].base_stats);
	}
}

/* Back to the recorded state, as vxswd re-syncs after an overrun. */
static void restore(size_t k, bool refeed)
{
	const struct mirror_stats *b = &fz[k].base_stats;
	struct mirror_stats st;
	unsigned long before;

	if (trace)
		fprintf(stderr, "restore\n");
	mirror_mark(fz[k].m);
	feed_dumps(fz[k].m);
	mirror_sweep(fz[k].m);
	check_model(k);
	check_same(&fz[k].dp, &fz[k].base);
	mirror_stats_get(fz[k].m, &st);
	CHECK(st.links == b->links && st.fdb == b->fdb && st.neighs == b->neighs &&
	      st.addrs == b->addrs && st.routes == b->routes);
	if (refeed) {
		before = reports;
		feed_dumps(fz[k].m);
		mirror_commit(fz[k].m);
		CHECK(reports == before);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	uint8_t flags;
	size_t k, len;
	void *dg;
	int n;

	if (size < 1 || size - 1 > DGRAM_MAX)
		return 0;
	if (!ready) {
		init();
		ready = true;
	}
	flags = data[0];
	k = flags & FLAG_BRIDGE_PORTS ? 1 : 0;
	len = size - 1;
	/* As recv() leaves it: aligned, in a buffer of its exact size. */
	dg = malloc(len ? len : 1);
	CHECK(dg);
	memcpy(dg, data + 1, len);

	if (trace)
		fprintf(stderr, "input: flags 0x%02x, %zu bytes\n", flags, len);
	if (flags & FLAG_RESYNC)
		mirror_mark(fz[k].m);
	n = mirror_input(fz[k].m, dg, len);
	CHECK(n >= 0 || n == -EBADMSG);
	if (flags & FLAG_TWICE)
		CHECK(mirror_input(fz[k].m, dg, len) == n);
	if (!(flags & FLAG_NO_COMMIT))
		mirror_commit(fz[k].m);
	if (flags & FLAG_RESYNC)
		mirror_sweep(fz[k].m);
	if (!(flags & FLAG_NO_COMMIT) || (flags & FLAG_RESYNC)) {
		check_model(k);
		check_queries(k);
	}
	restore(k, flags & FLAG_REFEED);
	free(dg);
	return 0;
}
