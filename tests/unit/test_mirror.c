/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_mirror: vxswd's kernel mirror (control/mirror.c) fed with recorded rtnetlink traffic
 * (fixtures/rtnl, see its README for the namespace): the overlay a dump defines, the exact
 * reports a sequence of kernel events gives, re-dumps (idempotence, mark and sweep), MAC
 * precedence, limits, and every kind of broken input.
 *
 * Every report goes to a model dataplane that refuses what a real one could not apply (a MAC
 * in a VNI it does not have, a VNI removed while something lives in it, a removal of what it
 * does not hold); after each step the model must equal what the mirror's walkers show.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "mirror.h"

/* The recorded namespace's ifindexes (fixtures/rtnl/README). */
enum { BR100 = 2, BR200 = 3, VX100 = 4, VX200 = 5, RP1 = 7, RP2 = 9 };

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LINE	      128

/* ---- fixtures: one datagram per record, each in a buffer of exactly its size ---- */

struct fixture {
	size_t n;
	uint8_t *dg[64];
	size_t len[64];
};

static struct fixture fx_link, fx_fdb, fx_neigh, fx_addr, fx_route, fx_events;

static void fixture_load(struct fixture *fx, const char *name)
{
	const char *dir = getenv("FIXTURES");
	char path[512];
	uint32_t len;
	FILE *f;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	memset(fx, 0, sizeof(*fx));
	while (fread(&len, sizeof(len), 1, f) == 1) { /* little-endian, as is this host */
		assert_true(fx->n < ARRAY_SIZE(fx->dg));
		fx->dg[fx->n] = malloc(len);
		assert_non_null(fx->dg[fx->n]);
		assert_int_equal(fread(fx->dg[fx->n], 1, len, f), len);
		fx->len[fx->n++] = len;
	}
	fclose(f);
	assert_true(fx->n > 0);
}

static void fixture_free(struct fixture *fx)
{
	while (fx->n)
		free(fx->dg[--fx->n]);
}

static int group_setup(void **state)
{
	(void)state;
	fixture_load(&fx_link, "dump_link.bin");
	fixture_load(&fx_fdb, "dump_fdb.bin");
	fixture_load(&fx_neigh, "dump_neigh.bin");
	fixture_load(&fx_addr, "dump_addr.bin");
	fixture_load(&fx_route, "dump_route.bin");
	fixture_load(&fx_events, "events.bin");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	fixture_free(&fx_link);
	fixture_free(&fx_fdb);
	fixture_free(&fx_neigh);
	fixture_free(&fx_addr);
	fixture_free(&fx_route);
	fixture_free(&fx_events);
	return 0;
}

/* ---- text forms ---- */

static const char *ip_str(const struct vxsw_ip *ip)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static unsigned int i;
	char *s = buf[i++ % 4];

	if (!inet_ntop(ip->family == VXSW_AF_INET6 ? AF_INET6 : AF_INET, &ip->v4, s,
		       INET6_ADDRSTRLEN))
		snprintf(s, INET6_ADDRSTRLEN, "?");
	return s;
}

static const char *mac_str(const uint8_t *mac)
{
	static char buf[4][18];
	static unsigned int i;
	char *s = buf[i++ % 4];

	snprintf(s, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return s;
}

static void mac_parse(const char *s, uint8_t mac[6])
{
	assert_int_equal(sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
				&mac[3], &mac[4], &mac[5]),
			 6);
}

static void want_str(char *buf, size_t size, const struct mirror_want *w)
{
	if (w->is_learned)
		snprintf(buf, size, "learned");
	else if (w->is_remote)
		snprintf(buf, size, "remote %s %s", ip_str(&w->remote),
			 w->is_extern ? "extern" : "static");
	else
		snprintf(buf, size, "local %s %s", w->port, w->is_extern ? "extern" : "static");
	if (w->is_dynamic)
		snprintf(buf + strlen(buf), size - strlen(buf), " dynamic");
}

/* ---- the reports, as text, in order ---- */

static struct {
	char line[64][LINE];
	size_t n; /* may pass the array: counted, not kept */
} rep;

static void report(const char *fmt, ...)
{
	va_list ap;

	if (rep.n < ARRAY_SIZE(rep.line)) {
		va_start(ap, fmt);
		vsnprintf(rep.line[rep.n], LINE, fmt, ap);
		va_end(ap);
	}
	rep.n++;
}

/* ---- the model dataplane ---- */

static struct {
	uint32_t vni[64];
	size_t nvni;
	struct {
		char name[VXSW_NAME_MAX];
		uint32_t vni;
	} port[64];
	size_t nport;
	struct {
		uint32_t vni;
		struct vxsw_ip ip;
	} flood[64];
	size_t nflood;
	struct {
		uint32_t vni;
		uint8_t mac[6];
		char want[LINE];
	} fdb[64];
	size_t nfdb;
} dp;

static long dp_vni(uint32_t vni)
{
	for (size_t i = 0; i < dp.nvni; i++)
		if (dp.vni[i] == vni)
			return (long)i;
	return -1;
}

static long dp_port(const char *name)
{
	for (size_t i = 0; i < dp.nport; i++)
		if (!strcmp(dp.port[i].name, name))
			return (long)i;
	return -1;
}

static long dp_flood(uint32_t vni, const struct vxsw_ip *ip)
{
	for (size_t i = 0; i < dp.nflood; i++)
		if (dp.flood[i].vni == vni && !memcmp(&dp.flood[i].ip, ip, sizeof(*ip)))
			return (long)i;
	return -1;
}

static long dp_fdb(uint32_t vni, const uint8_t *mac)
{
	for (size_t i = 0; i < dp.nfdb; i++)
		if (dp.fdb[i].vni == vni && !memcmp(dp.fdb[i].mac, mac, 6))
			return (long)i;
	return -1;
}

/* Something still lives in the VNI. */
static bool dp_vni_used(uint32_t vni)
{
	size_t i;

	for (i = 0; i < dp.nport; i++)
		if (dp.port[i].vni == vni)
			return true;
	for (i = 0; i < dp.nflood; i++)
		if (dp.flood[i].vni == vni)
			return true;
	for (i = 0; i < dp.nfdb; i++)
		if (dp.fdb[i].vni == vni)
			return true;
	return false;
}

static void on_vni(void *arg, uint32_t vni, bool present)
{
	long i = dp_vni(vni);

	(void)arg;
	report("vni %u %s", vni, present ? "add" : "del");
	if (present) {
		assert_int_equal(i, -1);
		assert_true(dp.nvni < ARRAY_SIZE(dp.vni));
		dp.vni[dp.nvni++] = vni;
	} else {
		assert_true(i >= 0);
		assert_false(dp_vni_used(vni)); /* what lives in a VNI leaves first */
		dp.vni[i] = dp.vni[--dp.nvni];
	}
}

static void on_port(void *arg, const char *port, uint32_t vni)
{
	long i = dp_port(port);

	(void)arg;
	report("port %s vni %u", port, vni);
	assert_true(strlen(port) > 0 && strlen(port) < VXSW_NAME_MAX);
	if (vni)
		assert_true(dp_vni(vni) >= 0);
	if (i < 0) {
		assert_int_not_equal(vni, 0); /* unbinding a port never bound */
		assert_true(dp.nport < ARRAY_SIZE(dp.port));
		i = (long)dp.nport++;
		snprintf(dp.port[i].name, sizeof(dp.port[i].name), "%s", port);
	}
	assert_int_not_equal(dp.port[i].vni, vni); /* a report is a change */
	dp.port[i].vni = vni;
}

static void on_flood(void *arg, uint32_t vni, const struct vxsw_ip *ip, bool present)
{
	long i = dp_flood(vni, ip);

	(void)arg;
	report("flood %u %s %s", vni, ip_str(ip), present ? "add" : "del");
	if (present) {
		assert_int_equal(i, -1);
		assert_true(dp_vni(vni) >= 0);
		assert_true(dp.nflood < ARRAY_SIZE(dp.flood));
		dp.flood[dp.nflood].vni = vni;
		dp.flood[dp.nflood++].ip = *ip;
	} else {
		assert_true(i >= 0);
		dp.flood[i] = dp.flood[--dp.nflood];
	}
}

static void on_fdb(void *arg, uint32_t vni, const uint8_t mac[6], const struct mirror_want *want,
		   const struct mirror_want *old)
{
	char w[LINE] = "", o[LINE] = "";
	long i = dp_fdb(vni, mac);

	(void)arg;
	if (want)
		want_str(w, sizeof(w), want);
	if (old)
		want_str(o, sizeof(o), old);
	if (!want)
		report("fdb %u %s del (was %s)", vni, mac_str(mac), o);
	else if (old)
		report("fdb %u %s %s (was %s)", vni, mac_str(mac), w, o);
	else
		report("fdb %u %s %s", vni, mac_str(mac), w);

	assert_true(dp_vni(vni) >= 0);
	if (!old) { /* new */
		assert_non_null(want);
		assert_int_equal(i, -1);
		assert_true(dp.nfdb < ARRAY_SIZE(dp.fdb));
		i = (long)dp.nfdb++;
		dp.fdb[i].vni = vni;
		memcpy(dp.fdb[i].mac, mac, 6);
		snprintf(dp.fdb[i].want, LINE, "%s", w);
		return;
	}
	assert_true(i >= 0);
	assert_string_equal(dp.fdb[i].want, o); /* old is what the dataplane holds */
	if (!want) {
		dp.fdb[i] = dp.fdb[--dp.nfdb];
		return;
	}
	assert_string_not_equal(w, o); /* a report is a change */
	snprintf(dp.fdb[i].want, LINE, "%s", w);
}

static unsigned int changed;

static void on_changed(void *arg)
{
	(void)arg;
	changed++;
}

static const struct mirror_cb cb = {
	.changed = on_changed,
	.vni = on_vni,
	.port = on_port,
	.flood = on_flood,
	.fdb = on_fdb,
};

/* ---- the overlay as sorted text, from the mirror's walkers or from the model ---- */

static struct {
	char line[256][LINE];
	size_t n;
	char text[256 * LINE];
} ov;

static void ov_add(const char *fmt, ...)
{
	va_list ap;

	assert_true(ov.n < ARRAY_SIZE(ov.line));
	va_start(ap, fmt);
	vsnprintf(ov.line[ov.n++], LINE, fmt, ap);
	va_end(ap);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(a, b);
}

static const char *ov_text(void)
{
	size_t i, len = 0;

	qsort(ov.line, ov.n, LINE, cmp_line);
	ov.text[0] = '\0';
	for (i = 0; i < ov.n; i++)
		len += (size_t)snprintf(ov.text + len, sizeof(ov.text) - len, "%s\n", ov.line[i]);
	ov.n = 0;
	return ov.text;
}

static int walk_vni(uint32_t vni, void *arg)
{
	(void)arg;
	ov_add("vni %u", vni);
	return 0;
}

static int walk_port(const char *port, uint32_t vni, void *arg)
{
	(void)arg;
	if (vni) /* the dataplane hears of a port once it is bound */
		ov_add("port %s %u", port, vni);
	return 0;
}

static int walk_flood(uint32_t vni, const struct vxsw_ip *ip, void *arg)
{
	(void)arg;
	ov_add("flood %u %s", vni, ip_str(ip));
	return 0;
}

static int walk_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *w, void *arg)
{
	char s[LINE];

	(void)arg;
	want_str(s, sizeof(s), w);
	ov_add("fdb %u %s %s", vni, mac_str(mac), s);
	return 0;
}

/* The overlay the mirror holds; the string lives until the next call. */
static const char *overlay(const struct mirror *m)
{
	mirror_walk_vnis(m, walk_vni, NULL);
	mirror_walk_ports(m, walk_port, NULL);
	mirror_walk_flood(m, walk_flood, NULL);
	mirror_walk_fdb(m, walk_fdb, NULL);
	return ov_text();
}

static const char *model(void)
{
	size_t i;

	for (i = 0; i < dp.nvni; i++)
		ov_add("vni %u", dp.vni[i]);
	for (i = 0; i < dp.nport; i++)
		if (dp.port[i].vni)
			ov_add("port %s %u", dp.port[i].name, dp.port[i].vni);
	for (i = 0; i < dp.nflood; i++)
		ov_add("flood %u %s", dp.flood[i].vni, ip_str(&dp.flood[i].ip));
	for (i = 0; i < dp.nfdb; i++)
		ov_add("fdb %u %s %s", dp.fdb[i].vni, mac_str(dp.fdb[i].mac), dp.fdb[i].want);
	return ov_text();
}

/* The reports told the model exactly what the mirror now holds. */
static void check_model(const struct mirror *m)
{
	char want[sizeof(ov.text)];

	snprintf(want, sizeof(want), "%s", overlay(m));
	assert_string_equal(model(), want);
}

/* ---- feeding ---- */

static void feed(struct mirror *m, const struct fixture *fx)
{
	for (size_t i = 0; i < fx->n; i++)
		assert_true(mirror_input(m, fx->dg[i], fx->len[i]) >= 0);
}

/* What rtnl_dump() does: every dump, then one commit. */
static void dump_all(struct mirror *m)
{
	feed(m, &fx_link);
	feed(m, &fx_fdb);
	feed(m, &fx_neigh);
	feed(m, &fx_addr);
	feed(m, &fx_route);
	mirror_commit(m);
}

/* One message, then a commit (as one recv() of events would). */
static void feed_msg(struct mirror *m, const struct nlmsghdr *nlh)
{
	assert_int_equal(mirror_input(m, nlh, nlh->nlmsg_len), 1);
	mirror_commit(m);
}

/* The overlay of the recorded namespace (fixtures/rtnl/README). */
static const char dumped[] = "fdb 100 02:00:00:00:01:02 remote 192.0.2.2 static\n"
			     "fdb 100 02:00:00:00:01:03 remote 192.0.2.3 extern\n"
			     "fdb 100 02:00:00:00:aa:01 local net_af_packet1 static\n"
			     "fdb 100 02:00:00:00:aa:02 learned\n"
			     "fdb 200 02:00:00:00:02:02 remote 192.0.2.2 static\n"
			     "flood 100 192.0.2.2\n"
			     "flood 100 192.0.2.3\n"
			     "port net_af_packet1 100\n"
			     "port net_af_packet2 200\n"
			     "vni 100\n"
			     "vni 200\n";

static struct mirror *m;

static int setup(void **state)
{
	(void)state;
	memset(&dp, 0, sizeof(dp));
	rep.n = 0;
	return mirror_create(NULL, &cb, &m);
}

static int teardown(void **state)
{
	(void)state;
	mirror_free(m);
	m = NULL;
	return 0;
}

/* A mirror that holds the dumps, with the reports of that forgotten. */
static int setup_loaded(void **state)
{
	if (setup(state) < 0)
		return -1;
	dump_all(m);
	rep.n = 0;
	return 0;
}

static void expect_reports(const char *const *want, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < rep.n; i++)
		assert_string_equal(rep.line[i], want[i]);
	assert_int_equal(rep.n, n);
}

/* ---- messages built in memory, shaped as the kernel's ---- */

static _Alignas(8) uint8_t mbuf[4][512];
static unsigned int mbuf_i;

/* An AF_BRIDGE FDB entry: on a vxlan device (dst, no master) or a bridge port (master). */
static struct nlmsghdr *fdb_msg(uint16_t type, int ifindex, int master, const char *mac,
				const char *dst, uint16_t state, uint8_t flags)
{
	uint8_t *buf = mbuf[mbuf_i++ % 4], lladdr[6];
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	struct in_addr a;

	memset(buf, 0, sizeof(mbuf[0]));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = state;
	ndm->ndm_flags = flags;
	mac_parse(mac, lladdr);
	mnl_attr_put(nlh, NDA_LLADDR, 6, lladdr);
	if (dst) {
		assert_int_equal(inet_pton(AF_INET, dst, &a), 1);
		mnl_attr_put(nlh, NDA_DST, 4, &a);
	}
	if (master)
		mnl_attr_put_u32(nlh, NDA_MASTER, (uint32_t)master);
	return nlh;
}

/* "bridge fdb add MAC dev vx100 dst DST self [extern_learn]" and its deletion. */
static struct nlmsghdr *remote(uint16_t type, const char *mac, const char *dst, uint8_t flags)
{
	return fdb_msg(type, VX100, 0, mac, dst, NUD_NOARP | NUD_PERMANENT, NTF_SELF | flags);
}

/* "bridge fdb add MAC dev rp1 master static" (NUD_NOARP) or vxswd's write-back
 * (extern_learn, NUD_REACHABLE), and their deletion. */
static struct nlmsghdr *local(uint16_t type, const char *mac, uint16_t state, uint8_t flags)
{
	return fdb_msg(type, RP1, BR100, mac, NULL, state, flags);
}

/* A copy of a message in a buffer of exactly its length. */
static struct nlmsghdr *msg_copy(const struct nlmsghdr *nlh)
{
	struct nlmsghdr *c = malloc(nlh->nlmsg_len);

	assert_non_null(c);
	memcpy(c, nlh, nlh->nlmsg_len);
	return c;
}

/* The first message of a fixture with this type and ifindex (the family header's). */
static const struct nlmsghdr *find_msg(const struct fixture *fx, uint16_t type, int ifindex)
{
	for (size_t i = 0; i < fx->n; i++) {
		const struct nlmsghdr *nlh = (const void *)fx->dg[i];
		int rem = (int)fx->len[i];

		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			const int *idx = (const int *)((const uint8_t *)NLMSG_DATA(nlh) + 4);

			if (nlh->nlmsg_type == type && *idx == ifindex)
				return nlh;
		}
	}
	fail_msg("no message of type %u for ifindex %d", type, ifindex);
	return NULL;
}

/* ---- the dump ---- */

/* The reports of a dump: every VNI, then the ports bound to them, then flood lists and MACs. */
static void test_dump(void **state)
{
	static const char *const reports[] = {
		"fdb 100 02:00:00:00:01:02 remote 192.0.2.2 static",
		"fdb 100 02:00:00:00:01:03 remote 192.0.2.3 extern",
		"fdb 100 02:00:00:00:aa:01 local net_af_packet1 static",
		"fdb 100 02:00:00:00:aa:02 learned",
		"fdb 200 02:00:00:00:02:02 remote 192.0.2.2 static",
		"flood 100 192.0.2.2 add",
		"flood 100 192.0.2.3 add",
		"port net_af_packet1 vni 100",
		"port net_af_packet2 vni 200",
		"vni 100 add",
		"vni 200 add",
	};
	struct mirror_stats st;
	int phase = 0;
	size_t i;

	(void)state;
	dump_all(m);

	/* Order by kind; within a kind the tables' order, which means nothing. */
	for (i = 0; i < rep.n; i++) {
		int p = !strncmp(rep.line[i], "vni", 3)	   ? 0
			: !strncmp(rep.line[i], "port", 4) ? 1
							   : 2;

		assert_true(p >= phase);
		phase = p;
	}
	qsort(rep.line, rep.n, LINE, cmp_line);
	expect_reports(reports, ARRAY_SIZE(reports));

	/* No multicast, permanent (the bridge's own) or dynamically learned MAC made it. */
	assert_string_equal(overlay(m), dumped);
	check_model(m);

	mirror_stats_get(m, &st);
	assert_int_equal(st.invalid, 0);
	assert_int_equal(st.links, 9);
	assert_int_equal(st.vnis, 2);
	assert_int_equal(st.ports, 2);
	assert_int_equal(st.flood, 2);
	assert_int_equal(st.macs, 5);
	assert_true(st.neighs > 0 && st.addrs > 0 && st.routes > 0);
}

static int walk_learned(int ifindex, const char *port, const uint8_t mac[6], void *arg)
{
	(void)arg;
	ov_add("%d %s %s", ifindex, port, mac_str(mac));
	return 0;
}

/*
 * The eBPF backend's view of the same namespace: every device in a VNI's bridge other than the
 * vxlan device is a port, named as the device; the bridge's learned (dynamic), static and
 * extern_learn entries on it are local MACs, its permanent ones (the ports' own addresses)
 * are not. Remote entries as before. And what the backend derives next hops from.
 */
static void test_bridge_ports(void **state)
{
	static const char bridged[] = "fdb 100 02:00:00:00:01:02 remote 192.0.2.2 static\n"
				      "fdb 100 02:00:00:00:01:03 remote 192.0.2.3 extern\n"
				      "fdb 100 02:00:00:00:aa:01 local rp1 static\n"
				      "fdb 100 02:00:00:00:aa:02 local rp1 extern\n"
				      "fdb 100 02:00:00:00:e1:01 local rp1 extern dynamic\n"
				      "fdb 200 02:00:00:00:02:02 remote 192.0.2.2 static\n"
				      "fdb 200 02:00:00:00:e2:01 local rp2 extern dynamic\n"
				      "flood 100 192.0.2.2\n"
				      "flood 100 192.0.2.3\n"
				      "port rp1 100\n"
				      "port rp2 200\n"
				      "vni 100\n"
				      "vni 200\n";
	struct mirror_link l;
	struct mirror_vxlan x;
	struct vxsw_ip ip;
	uint8_t mac[6];
	unsigned int before;

	(void)state;
	mirror_set_mode(m, MIRROR_BRIDGE_PORTS);
	dump_all(m);
	assert_string_equal(overlay(m), bridged);
	check_model(m);
	assert_int_equal(mirror_port_ifindex(m, "rp1", NULL), RP1);

	/* A MAC the bridge learns on a port, then forgets. */
	rep.n = 0;
	feed_msg(m, local(RTM_NEWNEIGH, "02:00:00:00:77:01", NUD_REACHABLE, 0));
	feed_msg(m, local(RTM_DELNEIGH, "02:00:00:00:77:01", NUD_REACHABLE, 0));
	{
		static const char *const reports[] = {
			"fdb 100 02:00:00:00:77:01 local rp1 extern dynamic",
			"fdb 100 02:00:00:00:77:01 del (was local rp1 extern dynamic)",
		};

		expect_reports(reports, ARRAY_SIZE(reports));
	}
	check_model(m);

	/* The devices and the vxlan device's parameters. */
	assert_int_equal(mirror_link_get(m, RP1, &l), 0);
	assert_string_equal(l.name, "rp1");
	assert_true(l.is_veth);
	assert_false(l.peer_netns); /* rp1x is in the same namespace */
	assert_int_equal(l.master, BR100);
	assert_int_equal(mirror_link_get(m, 999, &l), -ENOENT);
	assert_int_equal(mirror_vni_get(m, 100, &x), 0);
	assert_int_equal(x.ifindex, VX100);
	assert_int_equal(x.dstport, 4789);
	assert_false(x.learning); /* recorded with nolearning */
	assert_int_equal(x.local.family, VXSW_AF_INET);
	assert_int_equal(mirror_vni_get(m, 300, &x), -ENOENT);

	/* Neighbour 10.0.0.2 is permanent on rp1x (ifindex 6), 10.0.0.1 is rp1x's address. */
	memset(&ip, 0, sizeof(ip));
	ip.family = VXSW_AF_INET;
	assert_int_equal(inet_pton(AF_INET, "10.0.0.2", &ip.v4), 1);
	assert_int_equal(mirror_neigh_get(m, 6, &ip, mac), 0);
	assert_int_equal(mirror_neigh_get(m, RP1, &ip, mac), -ENOENT);
	assert_int_equal(inet_pton(AF_INET, "10.0.0.1", &ip.v4), 1);
	assert_int_equal(mirror_addr_ifindex(m, &ip), 6);
	assert_int_equal(inet_pton(AF_INET, "10.9.9.9", &ip.v4), 1);
	assert_int_equal(mirror_addr_ifindex(m, &ip), -ENOENT);

	/* Routes and neighbours are what next hops derive from: a change is announced. */
	before = changed;
	feed(m, &fx_route);
	assert_true(changed > before);
}

static void test_dump_queries(void **state)
{
	uint8_t aa01[6], aa02[6];
	struct vxsw_ip local;
	bool conflict = true;
	uint32_t vni = 0;

	(void)state;
	mac_parse("02:00:00:00:aa:01", aa01);
	mac_parse("02:00:00:00:aa:02", aa02);

	assert_true(mirror_has_vni(m, 100));
	assert_true(mirror_has_vni(m, 200));
	assert_false(mirror_has_vni(m, 300));

	assert_int_equal(mirror_port_ifindex(m, "net_af_packet1", &vni), RP1);
	assert_int_equal(vni, 100);
	assert_int_equal(mirror_port_ifindex(m, "net_af_packet2", &vni), RP2);
	assert_int_equal(vni, 200);
	assert_int_equal(mirror_port_ifindex(m, "net_af_packet3", NULL), -ENOENT);

	/* vxswd's write-back is known as such; the static MAC is not one. */
	assert_true(mirror_has_learned(m, RP1, aa02));
	assert_false(mirror_has_learned(m, RP2, aa02));
	assert_false(mirror_has_learned(m, RP1, aa01));
	assert_int_equal(mirror_learned_ifindex(m, 100, aa02), RP1);
	assert_int_equal(mirror_learned_ifindex(m, 200, aa02), -ENOENT);
	assert_int_equal(mirror_learned_ifindex(m, 100, aa01), -ENOENT);
	mirror_walk_learned(m, walk_learned, NULL);
	assert_string_equal(ov_text(), "7 net_af_packet1 02:00:00:00:aa:02\n");

	assert_int_equal(mirror_local(m, &local, &conflict), 0);
	assert_string_equal(ip_str(&local), "192.0.2.1");
	assert_false(conflict);
}

/* ---- the events ---- */

/* The recorded changes, each datagram as it came (a commit after each): exactly these. */
static void test_events(void **state)
{
	static const char *const reports[] = {
		/* bridge fdb add 02:00:00:00:01:04 dev vx100 dst 192.0.2.4 self extern_learn */
		"fdb 100 02:00:00:00:01:04 remote 192.0.2.4 extern",
		/* bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.0.2.4 */
		"flood 100 192.0.2.4 add",
		/* bridge fdb del 02:00:00:00:01:02 dev vx100 dst 192.0.2.2 self */
		"fdb 100 02:00:00:00:01:02 del (was remote 192.0.2.2 static)",
		/* bridge fdb del 00:00:00:00:00:00 dev vx100 dst 192.0.2.3 */
		"flood 100 192.0.2.3 del",
		/* ip link set rp2 nomaster */
		"port net_af_packet2 vni 0",
		/* ip link del vx200: its MAC first, then the VNI */
		"fdb 200 02:00:00:00:02:02 del (was remote 192.0.2.2 static)",
		"vni 200 del",
	};
	struct mirror_stats st;
	uint32_t vni = 1;

	(void)state;
	for (size_t i = 0; i < fx_events.n; i++) {
		assert_true(mirror_input(m, fx_events.dg[i], fx_events.len[i]) >= 0);
		mirror_commit(m);
	}
	expect_reports(reports, ARRAY_SIZE(reports));
	check_model(m);
	assert_string_equal(overlay(m), "fdb 100 02:00:00:00:01:03 remote 192.0.2.3 extern\n"
					"fdb 100 02:00:00:00:01:04 remote 192.0.2.4 extern\n"
					"fdb 100 02:00:00:00:aa:01 local net_af_packet1 static\n"
					"fdb 100 02:00:00:00:aa:02 learned\n"
					"flood 100 192.0.2.2\n"
					"flood 100 192.0.2.4\n"
					"port net_af_packet1 100\n"
					"vni 100\n");
	/* rp2 still stands for its port, bound to nothing. */
	assert_int_equal(mirror_port_ifindex(m, "net_af_packet2", &vni), RP2);
	assert_int_equal(vni, 0);
	mirror_stats_get(m, &st);
	assert_int_equal(st.invalid, 0);
	assert_int_equal(st.links, 8);
}

/* The same events drained in one batch (one commit): the same changes, in an order the model
 * accepts (the MAC of VNI 200 still leaves before the VNI). */
static void test_events_one_batch(void **state)
{
	static const char *const reports[] = {
		"fdb 100 02:00:00:00:01:02 del (was remote 192.0.2.2 static)",
		"fdb 100 02:00:00:00:01:04 remote 192.0.2.4 extern",
		"fdb 200 02:00:00:00:02:02 del (was remote 192.0.2.2 static)",
		"flood 100 192.0.2.3 del",
		"flood 100 192.0.2.4 add",
		"port net_af_packet2 vni 0",
		"vni 200 del",
	};

	(void)state;
	feed(m, &fx_events);
	mirror_commit(m);
	check_model(m);
	qsort(rep.line, rep.n, LINE, cmp_line);
	expect_reports(reports, ARRAY_SIZE(reports));
}

/* ---- re-dumps ---- */

static void test_dump_twice(void **state)
{
	struct mirror_stats a, b;

	(void)state;
	mirror_stats_get(m, &a);
	dump_all(m);
	assert_int_equal(rep.n, 0);
	mirror_stats_get(m, &b);
	assert_int_equal(b.messages, 2 * a.messages);
	a.messages = b.messages;
	assert_memory_equal(&a, &b, sizeof(a));
	assert_string_equal(overlay(m), dumped);
}

static bool has_mac(const struct nlmsghdr *nlh, const uint8_t *mac)
{
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNEIGH)
		return false;
	mnl_attr_for_each(a, nlh, sizeof(struct ndmsg))
	{
		if (mnl_attr_get_type(a) == NDA_LLADDR && mnl_attr_get_payload_len(a) == 6 &&
		    !memcmp(mnl_attr_get_payload(a), mac, 6))
			return true;
	}
	return false;
}

/* The FDB dump without the entries of one MAC, rebuilt datagram by datagram. */
static void fdb_dump_without(struct fixture *out, const char *mac)
{
	uint8_t lladdr[6];

	mac_parse(mac, lladdr);
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < fx_fdb.n; i++) {
		const struct nlmsghdr *nlh = (const void *)fx_fdb.dg[i];
		int rem = (int)fx_fdb.len[i];
		uint8_t *dg = malloc(fx_fdb.len[i]);
		size_t len = 0;

		assert_non_null(dg);
		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (has_mac(nlh, lladdr))
				continue;
			memcpy(dg + len, nlh, MNL_ALIGN(nlh->nlmsg_len));
			len += MNL_ALIGN(nlh->nlmsg_len);
		}
		out->dg[out->n] = dg;
		out->len[out->n++] = len;
	}
}

/* After lost events: a full re-dump changes nothing; one without a MAC removes exactly it. */
static void test_mark_sweep(void **state)
{
	static const char *const reports[] = {
		"fdb 100 02:00:00:00:01:03 del (was remote 192.0.2.3 extern)",
	};
	struct fixture fdb;
	struct mirror_stats st;

	(void)state;
	mirror_mark(m);
	dump_all(m);
	mirror_sweep(m);
	assert_int_equal(rep.n, 0);
	assert_string_equal(overlay(m), dumped);

	/* Only links and the FDB this time, and 02:00:00:00:01:03 is gone from the kernel. */
	fdb_dump_without(&fdb, "02:00:00:00:01:03");
	mirror_mark(m);
	feed(m, &fx_link);
	feed(m, &fdb);
	mirror_commit(m);
	assert_int_equal(rep.n, 0); /* nothing is removed before the sweep */
	mirror_sweep(m);
	expect_reports(reports, ARRAY_SIZE(reports));
	check_model(m);

	/* Neighbours, addresses and routes were not dumped again: swept, and no overlay change. */
	mirror_stats_get(m, &st);
	assert_int_equal(st.links, 9);
	assert_int_equal(st.neighs, 0);
	assert_int_equal(st.addrs, 0);
	assert_int_equal(st.routes, 0);
	fixture_free(&fdb);
}

/* ---- MAC changes ---- */

/* "bridge fdb replace" of a remote MAC changes its remote in place: one entry, one change. */
static void test_remote_replaced(void **state)
{
	static const char *const reports[] = {
		"fdb 100 02:00:00:00:01:02 remote 192.0.2.9 static (was remote 192.0.2.2 static)",
		"fdb 100 02:00:00:00:01:02 del (was remote 192.0.2.9 static)",
	};
	struct mirror_stats before, after;

	(void)state;
	mirror_stats_get(m, &before);
	feed_msg(m, remote(RTM_NEWNEIGH, "02:00:00:00:01:02", "192.0.2.9", 0));
	mirror_stats_get(m, &after);
	assert_int_equal(after.fdb, before.fdb); /* replaced, not added */
	assert_int_equal(after.macs, before.macs);

	feed_msg(m, remote(RTM_DELNEIGH, "02:00:00:00:01:02", "192.0.2.9", 0));
	expect_reports(reports, ARRAY_SIZE(reports));
	check_model(m);
	mirror_stats_get(m, &after);
	assert_int_equal(after.macs, before.macs - 1);
}

/* One MAC, several kernel entries: vxswd's write-back > a static local MAC > a remote. */
static void test_mac_precedence(void **state)
{
	static const char *const reports[] = {
		("fdb 100 02:00:00:00:01:03 local net_af_packet1 static "
		 "(was remote 192.0.2.3 extern)"),
		"fdb 100 02:00:00:00:01:03 learned (was local net_af_packet1 static)",
		"fdb 100 02:00:00:00:01:03 remote 192.0.2.7 extern (was learned)",
	};
	const char *mac = "02:00:00:00:01:03"; /* remote 192.0.2.3 extern_learn in the dump */

	(void)state;
	/* A static MAC on the representor beats the remote... */
	feed_msg(m, local(RTM_NEWNEIGH, mac, NUD_NOARP, 0));
	/* ...even when the remote moves. */
	feed_msg(m, remote(RTM_NEWNEIGH, mac, "192.0.2.7", NTF_EXT_LEARNED));
	/* The dataplane learned it and vxswd wrote it back (the bridge's one entry for the MAC
	 * becomes extern_learn): it beats both. */
	feed_msg(m, local(RTM_NEWNEIGH, mac, NUD_REACHABLE, NTF_EXT_LEARNED));
	/* The write-back ages out: the remote again. */
	feed_msg(m, local(RTM_DELNEIGH, mac, NUD_REACHABLE, NTF_EXT_LEARNED));
	expect_reports(reports, ARRAY_SIZE(reports));
	check_model(m);
}

/* ---- limits ---- */

static void test_limits(void **state)
{
	static const struct mirror_limits tiny[] = {
		{.links = 3, .fdb = 1000, .neighs = 1000, .addrs = 1000, .routes = 1000},
		{.links = 1000, .fdb = 3, .neighs = 1000, .addrs = 1000, .routes = 1000},
		{.links = 1000, .fdb = 1000, .neighs = 1, .addrs = 1, .routes = 1},
	};
	struct mirror_stats st;

	(void)state;
	mirror_free(m);
	m = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(tiny); i++) {
		memset(&dp, 0, sizeof(dp));
		assert_int_equal(mirror_create(&tiny[i], &cb, &m), 0);
		dump_all(m);
		for (size_t j = 0; j < fx_events.n; j++) {
			mirror_input(m, fx_events.dg[j], fx_events.len[j]);
			mirror_commit(m);
		}
		check_model(m);
		mirror_stats_get(m, &st);
		assert_true(st.refused > 0);
		assert_int_equal(st.invalid, 0);
		assert_true(st.links <= tiny[i].links && st.vnis <= tiny[i].links);
		assert_true(st.fdb <= tiny[i].fdb && st.macs <= tiny[i].fdb);
		assert_true(st.neighs <= tiny[i].neighs && st.routes <= tiny[i].routes);
		assert_true(st.addrs <= tiny[i].addrs);
		mirror_free(m);
		m = NULL;
	}

	/* FDB limit 3: the first three entries of the dump (vx100's own address, 01:03, 01:02)
	 * are kept; the other ten are refused, and so is 01:04 later. */
	memset(&dp, 0, sizeof(dp));
	assert_int_equal(mirror_create(&tiny[1], &cb, &m), 0);
	dump_all(m);
	mirror_stats_get(m, &st);
	assert_int_equal(st.fdb, 3);
	assert_int_equal(st.refused, 10);
	assert_string_equal(overlay(m), "fdb 100 02:00:00:00:01:02 remote 192.0.2.2 static\n"
					"fdb 100 02:00:00:00:01:03 remote 192.0.2.3 extern\n"
					"port net_af_packet1 100\n"
					"port net_af_packet2 200\n"
					"vni 100\n"
					"vni 200\n");
	feed_msg(m, remote(RTM_NEWNEIGH, "02:00:00:00:01:04", "192.0.2.4", NTF_EXT_LEARNED));
	mirror_stats_get(m, &st);
	assert_int_equal(st.refused, 11);
	/* Room again once one goes. */
	feed_msg(m, remote(RTM_DELNEIGH, "02:00:00:00:01:02", "192.0.2.2", 0));
	feed_msg(m, remote(RTM_NEWNEIGH, "02:00:00:00:01:04", "192.0.2.4", NTF_EXT_LEARNED));
	check_model(m);
	mirror_stats_get(m, &st);
	assert_int_equal(st.macs, 2);
}

/* ---- broken input ---- */

static struct {
	char text[sizeof(ov.text)]; /* the overlay of the dumps */
	struct mirror_stats st;
} base;

static int setup_broken(void **state)
{
	if (setup_loaded(state) < 0)
		return -1;
	snprintf(base.text, sizeof(base.text), "%s", overlay(m));
	mirror_stats_get(m, &base.st);
	return 0;
}

static bool same_tables(const struct mirror_stats *a, const struct mirror_stats *b)
{
	return a->links == b->links && a->fdb == b->fdb && a->neighs == b->neighs &&
	       a->addrs == b->addrs && a->routes == b->routes;
}

/* Back to the dumped state the way vxswd recovers (mark, dump, sweep). */
static void restore(void)
{
	struct mirror_stats st;

	mirror_mark(m);
	dump_all(m);
	mirror_sweep(m);
	check_model(m);
	assert_string_equal(overlay(m), base.text);
	mirror_stats_get(m, &st);
	assert_true(same_tables(&st, &base.st));
}

/*
 * One broken datagram, to the loaded mirror and to an empty one. Whatever it is, nothing
 * crashes and the reports keep the model right; if no message of it was accepted, it changed
 * nothing at all. Returns whether it was refused; the loaded mirror is restored if needed.
 */
static bool feed_broken(const void *buf, size_t len)
{
	struct mirror_stats before, after;
	struct mirror *e;
	bool refused;

	rep.n = 0;
	mirror_stats_get(m, &before);
	mirror_input(m, buf, len);
	mirror_commit(m);
	mirror_stats_get(m, &after);
	check_model(m);
	refused = after.messages == before.messages;
	if (refused) {
		assert_int_equal(rep.n, 0);
		assert_true(same_tables(&after, &before));
		assert_string_equal(overlay(m), base.text);
	} else if (strcmp(overlay(m), base.text) || !same_tables(&after, &base.st)) {
		restore();
	}

	assert_int_equal(mirror_create(NULL, NULL, &e), 0);
	mirror_input(e, buf, len);
	mirror_commit(e);
	mirror_stats_get(e, &after);
	if (!after.messages) {
		struct mirror_stats empty = {.invalid = after.invalid};

		assert_memory_equal(&after, &empty, sizeof(after));
	}
	mirror_free(e);
	return refused;
}

/* Calls fn for every message of every fixture. */
static void for_each_msg(void (*fn)(const struct nlmsghdr *))
{
	const struct fixture *all[] = {&fx_link, &fx_fdb,   &fx_neigh,
				       &fx_addr, &fx_route, &fx_events};

	for (size_t f = 0; f < ARRAY_SIZE(all); f++)
		for (size_t i = 0; i < all[f]->n; i++) {
			const struct nlmsghdr *nlh = (const void *)all[f]->dg[i];
			int rem = (int)all[f]->len[i];

			for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
				fn(nlh);
		}
}

static void truncate_msg(const struct nlmsghdr *nlh)
{
	struct mirror_stats before, after;

	for (uint32_t len = 0; len < nlh->nlmsg_len; len++) {
		struct nlmsghdr *c = msg_copy(nlh);
		void *cut = malloc(len ? len : 1);

		/* The datagram cut, the header still claiming the whole message: refused. */
		assert_non_null(cut);
		memcpy(cut, c, len);
		mirror_stats_get(m, &before);
		assert_true(feed_broken(cut, len));
		assert_int_equal(mirror_input(m, cut, len), len ? -EBADMSG : 0);
		mirror_stats_get(m, &after);
		assert_int_equal(after.invalid, before.invalid + (len ? 2 : 0));

		/* The header made to agree: a shorter message, refused or not. */
		if (len >= sizeof(*c)) {
			c->nlmsg_len = len;
			memcpy(cut, c, len);
			feed_broken(cut, len);
		}
		free(cut);
		free(c);
	}
}

static void test_truncated(void **state)
{
	(void)state;
	for_each_msg(truncate_msg);
	restore();
}

/* The offsets of a message's attributes (not nested ones), as a bitmap of 4-byte words. */
static void attr_offsets(const struct nlmsghdr *nlh, size_t hdr, uint8_t *is_attr)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, hdr)
	{
		is_attr[((const uint8_t *)a - (const uint8_t *)nlh) / 4] = 1;
	}
}

/*
 * Every 16-bit word at a 4-byte boundary past the family header may be an attribute length
 * (at any depth): set each to lengths that do not fit. A top-level attribute too short for its
 * own header or longer than the message is never trusted: such a message changes nothing.
 */
static void corrupt_lengths(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	bool is_link = nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK;
	size_t hdr = is_link ? sizeof(struct ifinfomsg)
		     : nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR ? 8
											: 12;
	uint8_t is_attr[8192 / 4] = {0};
	uint16_t orig, lens[7];

	assert_true(nlh->nlmsg_len <= sizeof(is_attr) * 4);
	/* AF_BRIDGE link messages are ignored whatever they hold. */
	if (!is_link || ifi->ifi_family != AF_BRIDGE)
		attr_offsets(nlh, hdr, is_attr);
	for (size_t off = NLMSG_HDRLEN + hdr; off + 4 <= nlh->nlmsg_len; off += 4) {
		memcpy(&orig, (const uint8_t *)nlh + off, 2);
		lens[0] = 0;
		lens[1] = 1;
		lens[2] = 3;
		lens[3] = 0xffff;
		lens[4] = (uint16_t)(orig - 1);
		lens[5] = (uint16_t)(orig + 1);
		lens[6] = (uint16_t)(orig + 4);
		for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
			struct nlmsghdr *c = msg_copy(nlh);
			bool refused;

			memcpy((uint8_t *)c + off, &lens[i], 2);
			refused = feed_broken(c, c->nlmsg_len);
			/* The first four never fit an attribute of these messages. */
			if (is_attr[off / 4] && i < 4 && !refused)
				fail_msg("type %u: attribute at %zu with length %u was used",
					 nlh->nlmsg_type, off, lens[i]);
			free(c);
		}
	}
}

static void test_bad_attr_len(void **state)
{
	struct mirror_stats st;

	(void)state;
	for_each_msg(corrupt_lengths);
	mirror_stats_get(m, &st);
	assert_true(st.invalid > base.st.invalid);
	restore();
}

/* Messages with something odd in them, one by one. */
static void test_odd_messages(void **state)
{
	_Alignas(8) uint8_t buf[512];
	struct nlmsghdr *nlh, *c;
	struct ifinfomsg *ifi;
	struct mirror_stats st;

	(void)state;
	/* An NDA_LLADDR of 5 bytes: refused, FDB or neighbour. */
	nlh = remote(RTM_NEWNEIGH, "02:00:00:00:01:02", "192.0.2.9", 0);
	((struct nlattr *)((uint8_t *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct ndmsg))))
		->nla_len = 4 + 5;
	assert_true(feed_broken(nlh, nlh->nlmsg_len));
	((struct ndmsg *)NLMSG_DATA(nlh))->ndm_family = AF_INET;
	assert_true(feed_broken(nlh, nlh->nlmsg_len));

	/* An attribute type from a newer kernel: skipped, the message used. */
	nlh = remote(RTM_NEWNEIGH, "02:00:00:00:01:02", "192.0.2.9", 0);
	mnl_attr_put_u32(nlh, 200, 0xdeadbeef);
	memcpy(buf, nlh, nlh->nlmsg_len);
	assert_false(feed_broken(buf, ((struct nlmsghdr *)buf)->nlmsg_len));
	rep.n = 0;
	feed_msg(m, (struct nlmsghdr *)buf);
	assert_int_equal(rep.n, 1);
	assert_string_equal(rep.line[0], "fdb 100 02:00:00:00:01:02 remote 192.0.2.9 static (was "
					 "remote 192.0.2.2 static)");
	restore();

	/* Deletions of what was never there: accepted, nothing reported. */
	rep.n = 0;
	feed_msg(m, remote(RTM_DELNEIGH, "02:00:00:00:99:99", "192.0.2.2", 0));
	feed_msg(m, remote(RTM_DELNEIGH, "00:00:00:00:00:00", "192.0.2.99", 0));
	feed_msg(m, local(RTM_DELNEIGH, "02:00:00:00:99:99", NUD_NOARP, 0));
	c = msg_copy(find_msg(&fx_link, RTM_NEWLINK, VX200));
	c->nlmsg_type = RTM_DELLINK;
	((struct ifinfomsg *)NLMSG_DATA(c))->ifi_index = 99;
	feed_msg(m, c);
	free(c);
	assert_int_equal(rep.n, 0);
	assert_string_equal(overlay(m), base.text);

	/* AF_BRIDGE link messages are about bridge port state: vx100 "down" there changes
	 * nothing, nor does the recorded AF_BRIDGE RTM_DELLINK of rp2 (events.bin record 7). */
	c = msg_copy(find_msg(&fx_link, RTM_NEWLINK, VX100));
	ifi = NLMSG_DATA(c);
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_flags &= ~(unsigned int)IFF_UP;
	feed_msg(m, c);
	free(c);
	nlh = (struct nlmsghdr *)fx_events.dg[7];
	assert_int_equal(nlh->nlmsg_type, RTM_DELLINK);
	assert_int_equal(((struct ifinfomsg *)NLMSG_DATA(nlh))->ifi_family, AF_BRIDGE);
	feed_msg(m, nlh);
	assert_int_equal(rep.n, 0);
	assert_string_equal(overlay(m), base.text);

	mirror_stats_get(m, &st);
	assert_int_equal(st.links, base.st.links);
	assert_true(st.invalid > base.st.invalid);
}

/* A buffer of exactly len bytes holding the first len bytes of nlh, nlmsg_len set to len. */
static void *cut_copy(const struct nlmsghdr *nlh, uint32_t len)
{
	struct nlmsghdr *c = malloc(len);

	assert_non_null(c);
	memcpy(c, nlh, len);
	c->nlmsg_len = len;
	return c;
}

/* The inputs of the bugs these tests found, each as small as it gets. */
static void test_regressions(void **state)
{
	_Alignas(8) uint8_t buf[64] = {0};
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct rtmsg *rtm;
	void *c;

	(void)state;
	/* A nlmsg_len of 2^31 or more passed mnl_nlmsg_ok() (it compares as an int); with -16,
	 * mnl_nlmsg_next() then stepped 4 GiB forward with 48 bytes "left" and read there. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = VX100;
	nlh->nlmsg_len = (uint32_t)-16;
	assert_true(feed_broken(buf, 32));
	assert_int_equal(mirror_input(m, buf, 32), -EBADMSG);

	/* A last message whose length is not a multiple of 4: libmnl walked its attributes up to
	 * the aligned length, past the datagram (here into "vx100" without its NUL). */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = VX100;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "vx100");
	c = cut_copy(nlh, NLMSG_HDRLEN + sizeof(*ifi) + 4 + 5);
	assert_true(feed_broken(c, ((struct nlmsghdr *)c)->nlmsg_len));
	free(c);

	/* An attribute whose length does not fit ended libmnl's walk quietly: vx100 without its
	 * IFLA_LINKINFO was taken for a plain device, and VNI 100 was removed. */
	c = msg_copy(find_msg(&fx_link, RTM_NEWLINK, VX100));
	{
		struct nlattr *a;

		mnl_attr_for_each(a, (struct nlmsghdr *)c, sizeof(*ifi))
		{
			if (mnl_attr_get_type(a) == IFLA_LINKINFO)
				break;
		}
		a->nla_len = 0;
	}
	assert_true(feed_broken(c, ((struct nlmsghdr *)c)->nlmsg_len));
	free(c);

	/* A route with a gateway of 3 bytes was refused, but only after it was installed. */
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 24;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, 4, (uint8_t[]){203, 0, 113, 0});
	mnl_attr_put(nlh, RTA_GATEWAY, 3, (uint8_t[]){10, 0, 0});
	assert_true(feed_broken(nlh, nlh->nlmsg_len));
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/* Random bytes; then random bytes behind a plausible header, so that the parsers see them. */
static void test_garbage(void **state)
{
	static const uint16_t types[] = {RTM_NEWLINK, RTM_DELLINK, RTM_NEWNEIGH, RTM_DELNEIGH,
					 RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE};
	struct mirror_stats st;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		size_t len = rnd() % 300;
		uint8_t *buf = malloc(len ? len : 1);

		assert_non_null(buf);
		for (size_t j = 0; j < len; j++)
			buf[j] = (uint8_t)rnd();
		if (i % 2 && len >= NLMSG_HDRLEN + 12) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
			struct ndmsg *ndm = NLMSG_DATA(nlh);

			nlh->nlmsg_len = (uint32_t)len;
			nlh->nlmsg_type = types[rnd() % ARRAY_SIZE(types)];
			ndm->ndm_family = (uint8_t[]){AF_BRIDGE, AF_INET, AF_INET6}[rnd() % 3];
		}
		feed_broken(buf, len);
		free(buf);
	}
	mirror_stats_get(m, &st);
	assert_true(st.invalid > base.st.invalid);
	restore();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_queries, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_events_one_batch, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_dump_twice, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_mark_sweep, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_remote_replaced, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_mac_precedence, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup_broken, teardown),
		cmocka_unit_test_setup_teardown(test_bad_attr_len, setup_broken, teardown),
		cmocka_unit_test_setup_teardown(test_odd_messages, setup_broken, teardown),
		cmocka_unit_test_setup_teardown(test_regressions, setup_broken, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup_broken, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
