/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the eBPF fast path (dataplane/bpf/vxsw.bpf.c, through its skeleton): each case
 * runs a program once with BPF_PROG_TEST_RUN on a frame from pkt_build and checks the verdict,
 * the bytes that come out (against vxlan.h's own encapsulation and receive check) and that
 * exactly the expected counter moved. Needs root (CAP_BPF, CAP_NET_ADMIN): exit 77 otherwise.
 *
 * BPF_PROG_TEST_RUN does not perform a redirect nor say where to: which port a frame goes to,
 * and whether into a veth's peer, is the netns tests' business. It refuses frames shorter than
 * an Ethernet header, and IPv4 (IPv6) frames shorter than Ethernet + 20 (40) bytes, so the
 * programs' answers to those (ETH_TRUNCATED, OUTER_IP_TRUNCATED) cannot be tried here.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/pkt_cls.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <vxsw/bpf.h>

#include "pkt_build.h"
#include "vxlan.h"
#include "vxsw.skel.h"

/* The test runs need an ifindex that exists: loopback is the ingress port and the underlay
 * device. Other ports are only numbers in the maps. */
#define LO	   1
#define PORT_PEER  7 /* a veth of VNI: bpf_redirect_peer() */
#define PORT_PLAIN 8 /* another port of VNI: bpf_redirect() */
#define PORT_OTHER 9 /* a port of VNI_OTHER */
#define VNI	   PB_VNI
#define VNI_OTHER  200
#define REFRESH_NS 10000000000ull /* 10 s: no test run takes that long */

#define SPORT_MIN 32768
#define SPORT_MAX 60999

static const uint8_t mac_a[6] = {0x02, 0, 0, 0, 0, 0x01}; /* pb_inner_defaults(): source */
static const uint8_t mac_b[6] = {0x02, 0, 0, 0, 0, 0x02}; /* ... and destination */
static const uint8_t nh_smac[6] = {0x52, 0x54, 0, 0, 0, 0x02};
static const uint8_t nh_dmac[6] = {0x52, 0x54, 0, 0, 0, 0x01};

static struct vxsw_bpf *skel;
static bool own_netns; /* in a private network namespace: its lo's MTU is ours to change */

/* clang-format off */
static const char *const reason_names[VXSW_BPF_REASON_MAX] = {
#define DROP_NAME(e, s) [VXSW_DROP_##e] = s,
	VXSW_DROP_REASONS(DROP_NAME)
#undef DROP_NAME
#define BPF_NAME(e, s) [VXSW_BPF_##e] = s,
	VXSW_BPF_REASONS(BPF_NAME)
#undef BPF_NAME
};
/* clang-format on */

/* ---- maps ---- */

/* Key and value sizes are the structs' own: libbpf refuses any other size. RAW_PUT and RAW_DEL
 * leave vxsw_gen alone, so the programs' caches may still hold what was there before; PUT and
 * DEL bump it after the write, as vxswd does. */
#define RAW_PUT(map, k, v)                                                                         \
	assert_int_equal(                                                                          \
		bpf_map__update_elem(skel->maps.map, &(k), sizeof(k), &(v), sizeof(v), BPF_ANY),   \
		0)
#define RAW_DEL(map, k)                                                                            \
	assert_int_equal(bpf_map__delete_elem(skel->maps.map, &(k), sizeof(k), 0), 0)
#define PUT(map, k, v)                                                                             \
	do {                                                                                       \
		RAW_PUT(map, k, v);                                                                \
		gen_bump();                                                                        \
	} while (0)
#define DEL(map, k)                                                                                \
	do {                                                                                       \
		RAW_DEL(map, k);                                                                   \
		gen_bump();                                                                        \
	} while (0)

static void gen_set(uint64_t gen)
{
	uint32_t zero = 0;

	RAW_PUT(vxsw_gen, zero, gen);
}

static void gen_bump(void)
{
	uint32_t zero = 0;
	uint64_t gen;

	assert_int_equal(bpf_map__lookup_elem(skel->maps.vxsw_gen, &zero, sizeof(zero), &gen,
					      sizeof(gen), 0),
			 0);
	gen_set(gen + 1);
}

static void map_clear(struct bpf_map *m)
{
	uint8_t key[64];

	assert_true(bpf_map__key_size(m) <= sizeof(key));
	while (!bpf_map__get_next_key(m, NULL, key, bpf_map__key_size(m)))
		assert_int_equal(bpf_map__delete_elem(m, key, bpf_map__key_size(m), 0), 0);
}

static struct vxsw_bpf_cfg cfg_default(void)
{
	struct vxsw_bpf_cfg c = {
		.local_ip = pkt_htonl(PB_OUTER_DADDR),
		.dstport = pkt_htons(VXSW_VXLAN_PORT),
		.refresh_ns = REFRESH_NS,
	};

	return c;
}

static struct vxsw_bpf_vni vni_default(void)
{
	struct vxsw_bpf_vni v = {
		.ifindex = 50,
		.sport_min = SPORT_MIN,
		.sport_max = SPORT_MAX,
		.flags = VXSW_BPF_VNI_LEARNING,
	};

	return v;
}

static void cfg_put(const struct vxsw_bpf_cfg *c)
{
	uint32_t zero = 0;

	PUT(vxsw_cfg, zero, *c);
}

static void vni_put(uint32_t vni, const struct vxsw_bpf_vni *v)
{
	PUT(vxsw_vnis, vni, *v);
}

static void port_put(uint32_t ifindex, uint32_t vni, uint8_t flags)
{
	struct vxsw_bpf_port p = {.vni = vni, .flags = flags};

	PUT(vxsw_ports, ifindex, p);
}

static struct vxsw_bpf_fdb_key fdb_key(uint32_t vni, const uint8_t mac[6])
{
	struct vxsw_bpf_fdb_key k = {.vni = vni};

	memcpy(k.mac, mac, 6);
	return k;
}

/* remote (host order) is used when ifindex is 0. */
static void fdb_put(uint32_t vni, const uint8_t mac[6], uint32_t ifindex, uint32_t remote,
		    uint32_t flags, uint64_t refreshed)
{
	struct vxsw_bpf_fdb_key k = fdb_key(vni, mac);
	struct vxsw_bpf_fdb e = {
		.ifindex = ifindex,
		.remote = ifindex ? 0 : pkt_htonl(remote),
		.flags = flags,
		.refreshed = refreshed,
	};

	PUT(vxsw_fdb, k, e);
}

static void fdb_del(uint32_t vni, const uint8_t mac[6])
{
	struct vxsw_bpf_fdb_key k = fdb_key(vni, mac);

	DEL(vxsw_fdb, k);
}

static struct vxsw_bpf_fdb fdb_get(uint32_t vni, const uint8_t mac[6])
{
	struct vxsw_bpf_fdb_key k = fdb_key(vni, mac);
	struct vxsw_bpf_fdb e;

	assert_int_equal(bpf_map__lookup_elem(skel->maps.vxsw_fdb, &k, sizeof(k), &e, sizeof(e), 0),
			 0);
	return e;
}

static struct vxsw_bpf_nexthop nexthop_default(void)
{
	struct vxsw_bpf_nexthop nh = {.ifindex = LO, .saddr = pkt_htonl(PB_OUTER_DADDR)};

	memcpy(nh.smac, nh_smac, 6);
	memcpy(nh.dmac, nh_dmac, 6);
	return nh;
}

static void member_put(uint32_t vni, uint32_t ip)
{
	struct vxsw_bpf_member_key k = {.vni = vni, .ip = pkt_htonl(ip)};
	uint32_t one = 1;

	PUT(vxsw_members, k, one);
}

/* ---- counters ---- */

static void stats_zero(void)
{
	int n = libbpf_num_possible_cpus();
	struct vxsw_bpf_stats *per = calloc(n, sizeof(*per));
	uint32_t zero = 0;

	assert_non_null(per);
	assert_int_equal(bpf_map__update_elem(skel->maps.vxsw_stats, &zero, sizeof(zero), per,
					      n * sizeof(*per), BPF_ANY),
			 0);
	free(per);
}

/* The per-CPU counters summed; every field is a uint64_t. */
static void stats_read(uint64_t sum[sizeof(struct vxsw_bpf_stats) / 8])
{
	int n = libbpf_num_possible_cpus(), cpu;
	size_t words = sizeof(struct vxsw_bpf_stats) / 8, i;
	struct vxsw_bpf_stats *per = calloc(n, sizeof(*per));
	uint32_t zero = 0;

	assert_non_null(per);
	assert_int_equal(bpf_map__lookup_elem(skel->maps.vxsw_stats, &zero, sizeof(zero), per,
					      n * sizeof(*per), 0),
			 0);
	memset(sum, 0, sizeof(struct vxsw_bpf_stats));
	for (cpu = 0; cpu < n; cpu++) {
		uint64_t w[sizeof(struct vxsw_bpf_stats) / 8];

		memcpy(w, &per[cpu], sizeof(w));
		for (i = 0; i < words; i++)
			sum[i] += w[i];
	}
	free(per);
}

static void field_name(size_t word, char *buf, size_t size)
{
	static const char *const head[] = {"encap_packets", "encap_bytes",   "decap_packets",
					   "decap_bytes",   "local_packets", "local_bytes"};
	size_t r;

	if (word < 6) {
		snprintf(buf, size, "%s", head[word]);
		return;
	}
	r = (word - 6) % VXSW_BPF_REASON_MAX;
	snprintf(buf, size, "%s[%s]", word - 6 < VXSW_BPF_REASON_MAX ? "passed" : "dropped",
		 reason_names[r] ? reason_names[r] : "?");
}

/* The counters are want, exactly; then they start again from zero. */
static void expect_stats_(const struct vxsw_bpf_stats *want, const char *file, int line)
{
	uint64_t got[sizeof(struct vxsw_bpf_stats) / 8], w[sizeof(struct vxsw_bpf_stats) / 8];
	char name[64];
	size_t i;
	bool ok = true;

	_Static_assert(sizeof(struct vxsw_bpf_stats) % 8 == 0, "all uint64_t");
	stats_read(got);
	memcpy(w, want, sizeof(w));
	for (i = 0; i < sizeof(w) / 8; i++) {
		if (got[i] == w[i])
			continue;
		field_name(i, name, sizeof(name));
		print_error("%s:%d: %s is %llu, want %llu\n", file, line, name,
			    (unsigned long long)got[i], (unsigned long long)w[i]);
		ok = false;
	}
	if (!ok)
		fail_msg("%s:%d: counters differ", file, line);
	stats_zero();
}

#define expect_stats(want) expect_stats_((want), __FILE__, __LINE__)

/* ---- running a program ---- */

struct out {
	int verdict;
	uint32_t len;
	uint8_t data[4096];
};

static void run_ctx(struct bpf_program *prog, const uint8_t *pkt, uint32_t len,
		    const struct __sk_buff *ctx, struct out *o)
{
	struct __sk_buff c = *ctx;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = len,
		    .data_out = o->data, .data_size_out = sizeof(o->data), .ctx_in = &c,
		    .ctx_size_in = sizeof(c), .repeat = 1);

	memset(o, 0, sizeof(*o));
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &opts), 0);
	o->verdict = (int)opts.retval;
	o->len = opts.data_size_out;
}

static void run(struct bpf_program *prog, const uint8_t *pkt, uint32_t len, struct out *o)
{
	struct __sk_buff ctx = {.ifindex = LO};

	run_ctx(prog, pkt, len, &ctx, o);
}

#define PORT_PROG     (skel->progs.vxsw_port_in)
#define UNDERLAY_PROG (skel->progs.vxsw_underlay_in)

static const char *verdict_name(int v)
{
	switch (v) {
	case TC_ACT_OK:
		return "TC_ACT_OK";
	case TC_ACT_SHOT:
		return "TC_ACT_SHOT";
	case TC_ACT_REDIRECT:
		return "TC_ACT_REDIRECT";
	default:
		return "?";
	}
}

static void expect_verdict_(const struct out *o, int want, const char *file, int line)
{
	if (o->verdict != want)
		fail_msg("%s:%d: verdict %d (%s), want %d (%s)", file, line, o->verdict,
			 verdict_name(o->verdict), want, verdict_name(want));
}

static void expect_bytes_(const struct out *o, const uint8_t *want, uint32_t len, const char *file,
			  int line)
{
	uint32_t i;

	if (o->len != len)
		fail_msg("%s:%d: %u bytes out, want %u", file, line, o->len, len);
	for (i = 0; i < len; i++)
		if (o->data[i] != want[i])
			fail_msg("%s:%d: byte %u is 0x%02x, want 0x%02x", file, line, i, o->data[i],
				 want[i]);
}

/* Ran prog on the frame: it went on to the kernel unchanged, counted as passed[reason], or
 * counted nowhere if reason is negative. */
static void expect_pass_(struct bpf_program *prog, const uint8_t *pkt, uint32_t len, int reason,
			 const char *file, int line)
{
	struct vxsw_bpf_stats want = {0};
	struct out o;

	run(prog, pkt, len, &o);
	expect_verdict_(&o, TC_ACT_OK, file, line);
	expect_bytes_(&o, pkt, len, file, line);
	if (reason >= 0)
		want.passed[reason] = 1;
	expect_stats_(&want, file, line);
}

#define NOT_COUNTED -1
#define port_pass(pkt, len, reason)                                                                \
	expect_pass_(PORT_PROG, (pkt), (len), (reason), __FILE__, __LINE__)
#define underlay_pass(pkt, len, reason)                                                            \
	expect_pass_(UNDERLAY_PROG, (pkt), (len), (reason), __FILE__, __LINE__)

/* The port program switched the frame, unchanged, to another local port. */
static void expect_local_(const uint8_t *pkt, uint32_t len, const char *file, int line)
{
	struct vxsw_bpf_stats want = {.local_packets = 1, .local_bytes = len};
	struct out o;

	run(PORT_PROG, pkt, len, &o);
	expect_verdict_(&o, TC_ACT_REDIRECT, file, line);
	expect_bytes_(&o, pkt, len, file, line);
	expect_stats_(&want, file, line);
}

#define port_local(pkt, len) expect_local_((pkt), (len), __FILE__, __LINE__)

/*
 * The port program encapsulated the frame for PB_OUTER_SADDR through nexthop_default(): the
 * outer headers exactly as vxlan_tmpl_init() and vxlan_encap_write() build them for the same
 * parameters, the source port vxlan_sport() of the whole inner frame, then the frame itself.
 */
static void expect_encap_(const uint8_t *inner, uint32_t len, const struct vxsw_bpf_vni *vi,
			  const char *file, int line)
{
	struct vxsw_bpf_stats want_stats = {.encap_packets = 1, .encap_bytes = len};
	struct vxlan_tmpl_params p = {
		.src_ip = pkt_htonl(PB_OUTER_DADDR),
		.dst_ip = pkt_htonl(PB_OUTER_SADDR),
		.dstport = pkt_htons(VXSW_VXLAN_PORT),
		.ttl = vi->ttl ? vi->ttl : 64,
		.tos = vi->tos,
	};
	struct vxlan_rx_cfg rxcfg = {.local_ip = p.dst_ip, .dstport = p.dstport};
	static uint8_t want[4096];
	struct vxlan_tmpl t;
	struct vxlan_rx rx;
	uint16_t sport;
	struct out o;

	assert_true(len + VXSW_VXLAN4_OVERHEAD <= sizeof(want));
	memcpy(p.src_mac, nh_smac, 6);
	memcpy(p.dst_mac, nh_dmac, 6);
	vxlan_tmpl_init(&t, &p);
	sport = vxlan_sport(inner, len, vi->sport_min, vi->sport_max);
	vxlan_encap_write(want, &t, len, VNI, sport);
	memcpy(want + VXSW_VXLAN4_OVERHEAD, inner, len);

	run(PORT_PROG, inner, len, &o);
	expect_verdict_(&o, TC_ACT_REDIRECT, file, line);
	expect_bytes_(&o, want, len + VXSW_VXLAN4_OVERHEAD, file, line);
	expect_stats_(&want_stats, file, line);
	/* What the remote VTEP sees: a valid VXLAN frame carrying exactly the inner frame. */
	sport = pb_get16(o.data + PB_OFF_UDP);
	assert_in_range(sport, vi->sport_min, vi->sport_max);
	assert_int_equal(vxlan_rx_check(o.data, o.len, &rxcfg, &rx), VXSW_DROP_NONE);
	assert_int_equal(rx.vni, VNI);
	assert_int_equal(rx.inner_len, len);
	assert_true(pb_ip_csum_ok(o.data + PB_OFF_IP));
}

#define port_encap(inner, len, vi) expect_encap_((inner), (len), (vi), __FILE__, __LINE__)

/* The underlay program decapsulated the frame: out comes exactly the inner frame. */
static void expect_decap_(const uint8_t *frame, uint32_t len, const uint8_t *inner,
			  uint32_t inner_len, const char *file, int line)
{
	struct vxsw_bpf_stats want = {.decap_packets = 1, .decap_bytes = inner_len};
	struct out o;

	run(UNDERLAY_PROG, frame, len, &o);
	expect_verdict_(&o, TC_ACT_REDIRECT, file, line);
	expect_bytes_(&o, inner, inner_len, file, line);
	expect_stats_(&want, file, line);
}

#define underlay_decap(frame, len, inner, inner_len)                                               \
	expect_decap_((frame), (len), (inner), (inner_len), __FILE__, __LINE__)

/* ---- frames ---- */

static uint32_t inner_build(uint8_t *buf, size_t size, const struct pb_inner *o)
{
	uint32_t len = pb_inner_build(buf, (uint32_t)size, o);

	assert_int_not_equal(len, 0);
	return len;
}

/* The default inner frame (IPv4/UDP, mac_a -> mac_b) with its destination MAC replaced. */
static uint32_t inner_to(uint8_t *buf, size_t size, const uint8_t dst[6])
{
	struct pb_inner o;

	pb_inner_defaults(&o);
	memcpy(o.dst_mac, dst, 6);
	return inner_build(buf, size, &o);
}

static uint32_t vxlan_build(uint8_t *buf, size_t size, const struct pb_vxlan *o)
{
	uint32_t len = pb_vxlan_build(buf, (uint32_t)size, o);

	assert_int_not_equal(len, 0);
	return len;
}

/* A VXLAN frame from PB_OUTER_SADDR to us around inner. */
static uint32_t vxlan_around(uint8_t *buf, size_t size, const uint8_t *inner, uint32_t inner_len)
{
	struct pb_vxlan o;

	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = inner_len;
	return vxlan_build(buf, size, &o);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- fixtures ---- */

/*
 * Every case starts from the same world: the VTEP PB_OUTER_DADDR, VNI with learning, lo and
 * two more ports in it, a port of another VNI, the remote VTEP PB_OUTER_SADDR a member of VNI
 * and reachable through lo; no FDB entry; counters at zero.
 */
static int setup(void **state)
{
	struct vxsw_bpf_nexthop nh = nexthop_default();
	struct vxsw_bpf_cfg cfg = cfg_default();
	struct vxsw_bpf_vni vi = vni_default();
	vxsw_be32 remote = pkt_htonl(PB_OUTER_SADDR);

	(void)state;
	map_clear(skel->maps.vxsw_vnis);
	map_clear(skel->maps.vxsw_ports);
	map_clear(skel->maps.vxsw_fdb);
	map_clear(skel->maps.vxsw_members);
	map_clear(skel->maps.vxsw_nexthops);
	cfg_put(&cfg);
	vni_put(VNI, &vi);
	vni_put(VNI_OTHER, &vi);
	port_put(LO, VNI, 0);
	port_put(PORT_PEER, VNI, VXSW_BPF_PORT_PEER);
	port_put(PORT_PLAIN, VNI, 0);
	port_put(PORT_OTHER, VNI_OTHER, VXSW_BPF_PORT_PEER);
	member_put(VNI, PB_OUTER_SADDR);
	PUT(vxsw_nexthops, remote, nh);
	stats_zero();
	return 0;
}

/* ---- the contract with vxswd ---- */

static void expect_map(const struct bpf_map *m, enum bpf_map_type type, size_t key, size_t value,
		       uint32_t max)
{
	assert_int_equal(bpf_map__type(m), type);
	assert_int_equal(bpf_map__key_size(m), key);
	assert_int_equal(bpf_map__value_size(m), value);
	assert_int_equal(bpf_map__max_entries(m), max);
}

static void test_map_layout(void **state)
{
	(void)state;
	expect_map(skel->maps.vxsw_cfg, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t),
		   sizeof(struct vxsw_bpf_cfg), 1);
	expect_map(skel->maps.vxsw_vnis, BPF_MAP_TYPE_HASH, sizeof(uint32_t),
		   sizeof(struct vxsw_bpf_vni), VXSW_BPF_VNIS_MAX);
	expect_map(skel->maps.vxsw_ports, BPF_MAP_TYPE_HASH, sizeof(uint32_t),
		   sizeof(struct vxsw_bpf_port), VXSW_BPF_PORTS_MAX);
	expect_map(skel->maps.vxsw_fdb, BPF_MAP_TYPE_HASH, sizeof(struct vxsw_bpf_fdb_key),
		   sizeof(struct vxsw_bpf_fdb), VXSW_BPF_FDB_MAX);
	expect_map(skel->maps.vxsw_members, BPF_MAP_TYPE_HASH, sizeof(struct vxsw_bpf_member_key),
		   sizeof(uint32_t), VXSW_BPF_MEMBERS_MAX);
	expect_map(skel->maps.vxsw_nexthops, BPF_MAP_TYPE_HASH, sizeof(vxsw_be32),
		   sizeof(struct vxsw_bpf_nexthop), VXSW_BPF_NEXTHOPS_MAX);
	expect_map(skel->maps.vxsw_stats, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(uint32_t),
		   sizeof(struct vxsw_bpf_stats), 1);
	expect_map(skel->maps.vxsw_gen, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(uint64_t), 1);
	/* The caches are the programs' own (vxswd neither pins nor reads them): a size only. */
	assert_int_equal(bpf_map__max_entries(skel->maps.vxsw_port_cache), VXSW_BPF_CACHE_SIZE);
	assert_int_equal(bpf_map__max_entries(skel->maps.vxsw_underlay_cache), VXSW_BPF_CACHE_SIZE);
	/* Preallocated: vxswd's inserts cannot fail for memory once the map exists. */
	assert_false(bpf_map__map_flags(skel->maps.vxsw_fdb) & BPF_F_NO_PREALLOC);
}

/* ---- vxsw_port_in ---- */

static void test_port_encap(void **state)
{
	struct vxsw_bpf_vni vi = vni_default();
	uint8_t inner[512];
	struct pb_inner o;
	uint32_t len;

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, 0, PB_OUTER_SADDR, 0, 0);
	len = inner_to(inner, sizeof(inner), mac_b);
	port_encap(inner, len, &vi);

	/* IPv6, and TCP: other words of the flow hash. */
	pb_inner_defaults(&o);
	o.ethertype = VXSW_ETHERTYPE_IPV6;
	o.proto = VXSW_IPPROTO_TCP;
	len = inner_build(inner, sizeof(inner), &o);
	port_encap(inner, len, &vi);

	/* 40 bytes of IPv4 options: the hash reads the ports 78 bytes into the frame. */
	pb_inner_defaults(&o);
	o.ihl = 15;
	len = inner_build(inner, sizeof(inner), &o);
	port_encap(inner, len, &vi);

	/* The VNI's TTL, TOS and a one-port range. */
	vi.ttl = 9;
	vi.tos = 0x28;
	vi.sport_min = vi.sport_max = 50000;
	vni_put(VNI, &vi);
	pb_inner_defaults(&o);
	len = inner_build(inner, sizeof(inner), &o);
	port_encap(inner, len, &vi);

	/* The smallest frame with an IPv4 header, and one the flow hash sees no ports in. */
	pb_inner_defaults(&o);
	o.proto = 253;
	o.payload_len = 0;
	len = inner_build(inner, sizeof(inner), &o);
	port_encap(inner, len, &vi);
}

static void test_port_local(void **state)
{
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	port_local(f, len);
	fdb_put(VNI, mac_b, PORT_PLAIN, 0, 0, 0);
	port_local(f, len);
	/* Non-IP between local ports: nothing to encapsulate, switched as well. */
	{
		struct pb_inner o;

		pb_inner_defaults(&o);
		o.ethertype = VXSW_ETHERTYPE_ARP;
		o.payload_len = 28;
		len = inner_build(f, sizeof(f), &o);
		port_local(f, len);
	}
}

static void test_port_same_port(void **state)
{
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, LO, 0, 0, 0);
	port_pass(f, len, VXSW_DROP_SAME_PORT);
}

static void test_port_unknown_dst(void **state)
{
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	/* Known in another VNI only. */
	fdb_put(VNI_OTHER, mac_b, PORT_OTHER, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	/* An entry of this VNI that names a port of another VNI, or no port at all: never
	 * delivered across tenants. */
	fdb_put(VNI, mac_b, PORT_OTHER, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	fdb_put(VNI, mac_b, 4242, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_UNKNOWN_DST);
}

static void test_port_bum(void **state)
{
	static const uint8_t dsts[][6] = {
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb},
		{0x33, 0x33, 0x00, 0x00, 0x00, 0x01},
		{0x03, 0x00, 0x00, 0x00, 0x00, 0x02}, /* the group bit alone */
	};
	uint8_t f[256];
	uint32_t len;
	size_t i;

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	for (i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++) {
		/* Even with an FDB entry for it: flooding is the bridge's. */
		fdb_put(VNI, dsts[i], PORT_PEER, 0, 0, 0);
		len = inner_to(f, sizeof(f), dsts[i]);
		port_pass(f, len, VXSW_BPF_BUM);
	}
}

static void test_port_src_invalid(void **state)
{
	static const uint8_t srcs[][6] = {
		{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		{0, 0, 0, 0, 0, 0},
	};
	struct pb_inner o;
	uint8_t f[256];
	uint32_t len;
	size_t i;

	(void)state;
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		fdb_put(VNI, srcs[i], LO, 0, 0, 0);
		pb_inner_defaults(&o);
		memcpy(o.src_mac, srcs[i], 6);
		len = inner_build(f, sizeof(f), &o);
		port_pass(f, len, VXSW_DROP_SRC_MAC_INVALID);
	}
}

/* The source must be known on the very port it came in on; the bridge learns it otherwise. */
static void test_port_learn(void **state)
{
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);

	(void)state;
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_LEARN); /* unknown */
	fdb_put(VNI_OTHER, mac_a, LO, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_LEARN); /* known in another VNI only */
	fdb_put(VNI, mac_a, PORT_PLAIN, 0, 0, 0);
	port_pass(f, len, VXSW_BPF_LEARN); /* moved here from another port */
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR, 0, 0);
	port_pass(f, len, VXSW_BPF_LEARN); /* moved here from a remote VTEP */
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	port_local(f, len);
}

/* A dynamic source sends one frame per refresh interval to the bridge, which keeps its entry
 * alive; a static one never does. */
static void test_port_refresh(void **state)
{
	struct vxsw_bpf_fdb e;
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);
	uint64_t t0, t1;

	(void)state;
	/* bpf_ktime_get_coarse_ns() is CLOCK_MONOTONIC_COARSE: "refreshed 0" is stale after
	 * REFRESH_NS of uptime. */
	assert_true(mono_ns() > REFRESH_NS);
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	fdb_put(VNI, mac_a, LO, 0, VXSW_BPF_FDB_DYNAMIC, 0);
	t0 = mono_ns();
	port_pass(f, len, VXSW_BPF_REFRESH);
	t1 = mono_ns();
	e = fdb_get(VNI, mac_a);
	assert_in_range(e.refreshed, t0, t1);
	assert_int_equal(e.ifindex, LO);
	assert_int_equal(e.flags, VXSW_BPF_FDB_DYNAMIC);
	/* Within the interval: forwarded, the time stays. */
	port_local(f, len);
	assert_int_equal(fdb_get(VNI, mac_a).refreshed, e.refreshed);
	/* One interval later, again. */
	fdb_put(VNI, mac_a, LO, 0, VXSW_BPF_FDB_DYNAMIC, mono_ns() - REFRESH_NS);
	port_pass(f, len, VXSW_BPF_REFRESH);
	port_local(f, len);
	/* A remote destination: the same rule for the source. */
	fdb_put(VNI, mac_b, 0, PB_OUTER_SADDR, 0, 0);
	fdb_put(VNI, mac_a, LO, 0, VXSW_BPF_FDB_DYNAMIC, 0);
	port_pass(f, len, VXSW_BPF_REFRESH);
	{
		struct vxsw_bpf_vni vi = vni_default();

		port_encap(f, len, &vi);
	}
	/* Static: never. */
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	port_local(f, len);
	assert_int_equal(fdb_get(VNI, mac_a).refreshed, 0);
}

static void test_port_unbound(void **state)
{
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	port_put(LO, 0, 0);
	port_pass(f, len, VXSW_DROP_PORT_UNBOUND);
	{
		uint32_t lo = LO;

		DEL(vxsw_ports, lo);
	}
	port_pass(f, len, VXSW_DROP_PORT_UNBOUND);
}

static void test_port_vlan(void **state)
{
	static const uint16_t types[] = {VXSW_ETHERTYPE_VLAN, 0x88a8};
	struct pb_inner o;
	uint8_t f[256];
	uint32_t len;
	size_t i;

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		pb_inner_defaults(&o);
		o.ethertype = types[i];
		len = inner_build(f, sizeof(f), &o);
		port_pass(f, len, VXSW_BPF_VLAN);
	}
	/* skb->vlan_present (a tag the driver took out) cannot be set in a test run. */
}

/* A remote destination the fast path cannot send to yet. */
static void test_port_encap_not_ready(void **state)
{
	struct vxsw_bpf_cfg cfg = cfg_default();
	struct vxsw_bpf_nexthop nh = nexthop_default();
	vxsw_be32 remote = pkt_htonl(PB_OUTER_SADDR);
	uint32_t vni = VNI;
	struct pb_inner o;
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);

	(void)state;
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, 0, PB_OUTER_SADDR, 0, 0);
	DEL(vxsw_nexthops, remote);
	port_pass(f, len, VXSW_BPF_NO_NEXTHOP);
	PUT(vxsw_nexthops, remote, nh);
	DEL(vxsw_vnis, vni);
	port_pass(f, len, VXSW_DROP_VXLAN_UNKNOWN_VNI);
	{
		struct vxsw_bpf_vni vi = vni_default();

		vni_put(VNI, &vi);
	}
	cfg.local_ip = 0;
	cfg_put(&cfg);
	port_pass(f, len, VXSW_DROP_ENCAP_NO_UNDERLAY);
	cfg = cfg_default();
	cfg_put(&cfg);

	/* bpf_skb_adjust_room() encapsulates IP only: ARP to a remote MAC goes the kernel's way. */
	pb_inner_defaults(&o);
	o.ethertype = VXSW_ETHERTYPE_ARP;
	o.payload_len = 28;
	len = inner_build(f, sizeof(f), &o);
	port_pass(f, len, VXSW_BPF_NOT_IP);
}

static int set_lo_mtu(int mtu)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ifr.ifr_mtu = mtu;
	ret = ioctl(fd, SIOCSIFMTU, &ifr) ? -errno : 0;
	close(fd);
	return ret;
}

static int teardown_mtu(void **state)
{
	(void)state;
	if (own_netns)
		set_lo_mtu(65536);
	return 0;
}

/*
 * The underlay MTU, from bpf_check_mtu() on the next hop's device: lo here. Its MTU (65536)
 * is beyond any frame a test run takes, so this case changes it, which main() made safe by
 * moving the test into a network namespace of its own; without one it is skipped.
 */
static void test_port_mtu(void **state)
{
	struct vxsw_bpf_vni vi = vni_default();
	struct pb_inner o;
	uint8_t f[2048];
	uint32_t len;

	(void)state;
	if (!own_netns)
		skip();
	assert_int_equal(set_lo_mtu(1500), 0);
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, 0, PB_OUTER_SADDR, 0, 0);
	/* 1450 bytes of inner IP: the outer IPv4 packet is exactly 1500 bytes. */
	pb_inner_defaults(&o);
	o.payload_len = 1450 - 28;
	len = inner_build(f, sizeof(f), &o);
	assert_int_equal(len, 1464);
	port_encap(f, len, &vi);
	o.payload_len++;
	len = inner_build(f, sizeof(f), &o);
	port_pass(f, len, VXSW_DROP_ENCAP_MTU);

	/* The cache keeps the MTU the helper found: a lower one is not seen until the generation
	 * changes (vxswd bumps it when a next hop's device changes MTU), then it is. */
	o.payload_len--;
	len = inner_build(f, sizeof(f), &o);
	assert_int_equal(set_lo_mtu(1400), 0);
	port_encap(f, len, &vi);
	gen_bump();
	port_pass(f, len, VXSW_DROP_ENCAP_MTU);
}

/* ---- vxsw_underlay_in ---- */

/* The decap world: mac_a behind the remote VTEP, mac_b on a local port. */
static void decap_fdb(void)
{
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR, 0, 0);
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
}

static void test_underlay_decap(void **state)
{
	uint8_t inner[512], f[1024];
	struct pb_inner io;
	struct pb_vxlan o;
	uint32_t il, len;

	(void)state;
	decap_fdb();
	il = inner_to(inner, sizeof(inner), mac_b);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_decap(f, len, inner, il);

	/* IPv6 inside (skb->protocol follows it: BPF_F_ADJ_ROOM_DECAP_L3_IPV6). */
	pb_inner_defaults(&io);
	io.ethertype = VXSW_ETHERTYPE_IPV6;
	io.proto = VXSW_IPPROTO_TCP;
	il = inner_build(inner, sizeof(inner), &io);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_decap(f, len, inner, il);

	/* To a port that is no veth; with a UDP checksum, another source port, TTL, TOS. */
	fdb_put(VNI, mac_b, PORT_PLAIN, 0, 0, 0);
	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = il;
	o.udp_csum = true;
	o.sport = 1;
	o.ttl = 1;
	o.tos = 0xb8;
	o.frag_off = 0;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_decap(f, len, inner, il);

	/* Without learning, the source need not be known. */
	{
		struct vxsw_bpf_vni vi = vni_default();

		vi.flags = 0;
		vni_put(VNI, &vi);
		fdb_put(VNI, mac_a, PORT_PLAIN, 0, 0, 0);
		underlay_decap(f, len, inner, il);
		fdb_del(VNI, mac_a);
		underlay_decap(f, len, inner, il);
	}
}

/* The program's verdict on every prefix of a frame is vxlan_rx_check()'s on the host: the
 * shared code does the same compiled for BPF. Without the VNI in vxsw_vnis a frame the check
 * accepts passes as VXLAN_UNKNOWN_VNI; the frames it finds not VXLAN pass uncounted. */
static void expect_as_host_(const uint8_t *f, uint32_t len, const char *file, int line)
{
	struct vxlan_rx_cfg cfg = {
		.local_ip = pkt_htonl(PB_OUTER_DADDR),
		.dstport = pkt_htons(VXSW_VXLAN_PORT),
	};
	struct vxlan_rx rx;
	enum vxsw_drop r = vxlan_rx_check(f, len, &cfg, &rx);

	if (r == VXSW_DROP_UNDERLAY_ETHERTYPE || r == VXSW_DROP_UNDERLAY_NOT_LOCAL ||
	    r == VXSW_DROP_UNDERLAY_UNHANDLED)
		expect_pass_(UNDERLAY_PROG, f, len, NOT_COUNTED, file, line);
	else if (r == VXSW_DROP_NONE)
		expect_pass_(UNDERLAY_PROG, f, len, VXSW_DROP_VXLAN_UNKNOWN_VNI, file, line);
	else
		expect_pass_(UNDERLAY_PROG, f, len, r, file, line);
}

#define expect_as_host(f, len) expect_as_host_((f), (len), __FILE__, __LINE__)

static void no_vni(void)
{
	uint32_t vni = VNI;

	DEL(vxsw_vnis, vni);
}

static void test_underlay_truncated(void **state)
{
	uint8_t f[1024];
	struct pb_vxlan o;
	uint32_t full, len, tot;

	(void)state;
	no_vni();
	/* Cut short, lengths unchanged, from the shortest IPv4 frame a test run takes. */
	pb_vxlan_defaults(&o);
	full = vxlan_build(f, sizeof(f), &o);
	for (len = VXSW_ETH_HLEN + VXSW_IPV4_HLEN; len <= full; len++)
		expect_as_host(f, len);
	/* Short but consistent: tot_len and the UDP length say what there is. */
	for (tot = 0; tot <= full - 14; tot++) {
		full = vxlan_build(f, sizeof(f), &o);
		pb_put16(f + PB_OFF_IP + 2, (uint16_t)tot);
		pb_fix_ip_csum(f + PB_OFF_IP);
		pb_put16(f + PB_OFF_UDP + 4, (uint16_t)(tot > 20 ? tot - 20 : 0));
		expect_as_host(f, 14 + (tot < 20 ? 20 : tot));
	}
	/* The explicit names of a few of them. */
	full = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, 64, VXSW_DROP_OUTER_IP_LENGTH);
	underlay_pass(f, full - 1, VXSW_DROP_OUTER_IP_LENGTH);
}

static void test_underlay_malformed(void **state)
{
	static const uint8_t versions[] = {0, 5, 6, 15};
	uint8_t f[1024];
	struct pb_vxlan o;
	uint32_t len, ihl;
	size_t i;

	(void)state;
	decap_fdb();
	for (i = 0; i < sizeof(versions); i++) {
		pb_vxlan_defaults(&o);
		o.version = versions[i];
		len = vxlan_build(f, sizeof(f), &o);
		underlay_pass(f, len, VXSW_DROP_OUTER_IP_VERSION);
	}
	/* Options, with a right checksum (the program sums up to 60 bytes of header). */
	for (ihl = 6; ihl <= 15; ihl++) {
		pb_vxlan_defaults(&o);
		o.ihl = (uint8_t)ihl;
		len = vxlan_build(f, sizeof(f), &o);
		assert_true(pb_ip_csum_ok(f + PB_OFF_IP));
		underlay_pass(f, len, VXSW_DROP_OUTER_IP_OPTIONS);
		f[PB_OFF_IP + 8]--; /* TTL */
		underlay_pass(f, len, VXSW_DROP_OUTER_IP_CHECKSUM);
	}
	/* A header length below 20. */
	pb_vxlan_defaults(&o);
	len = vxlan_build(f, sizeof(f), &o);
	f[PB_OFF_IP] = 0x44;
	underlay_pass(f, len, VXSW_DROP_OUTER_IP_LENGTH);

	pb_vxlan_defaults(&o);
	len = vxlan_build(f, sizeof(f), &o);
	f[PB_OFF_IP + 11] ^= 1;
	underlay_pass(f, len, VXSW_DROP_OUTER_IP_CHECKSUM);

	pb_vxlan_defaults(&o);
	o.frag_off = VXSW_IPV4_MF;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_OUTER_IP_FRAGMENT);
	o.frag_off = 185;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_OUTER_IP_FRAGMENT);

	pb_vxlan_defaults(&o);
	len = vxlan_build(f, sizeof(f), &o);
	pb_put16(f + PB_OFF_UDP + 4, (uint16_t)(pb_get16(f + PB_OFF_UDP + 4) - 1));
	underlay_pass(f, len, VXSW_DROP_OUTER_UDP_LENGTH);
	pb_put16(f + PB_OFF_UDP + 4, (uint16_t)(pb_get16(f + PB_OFF_UDP + 4) + 2));
	underlay_pass(f, len, VXSW_DROP_OUTER_UDP_LENGTH);

	pb_vxlan_defaults(&o);
	o.vx_flags = 0;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_VXLAN_I_FLAG);

	/* Inner frame shorter than an Ethernet header. */
	pb_vxlan_defaults(&o);
	o.inner = (const uint8_t *)"\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08";
	o.inner_len = 13;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_INNER_TRUNCATED);
}

/* RFC 7348 section 5: reserved bits are zero on send, "ignored on receipt" if so configured. */
static void test_underlay_reserved(void **state)
{
	struct vxsw_bpf_cfg cfg = cfg_default();
	uint8_t inner[256], f[1024];
	struct pb_vxlan o;
	uint32_t il, len, i;

	(void)state;
	decap_fdb();
	il = inner_to(inner, sizeof(inner), mac_b);
	for (i = 0; i < 3; i++) {
		pb_vxlan_defaults(&o);
		o.inner = inner;
		o.inner_len = il;
		if (i == 0)
			o.vx_flags |= 0x80000000u; /* another flag bit */
		else if (i == 1)
			o.vx_flags |= 0x00000100u; /* the reserved 24 bits */
		else
			o.vni_low = 1;
		len = vxlan_build(f, sizeof(f), &o);
		cfg.flags = 0;
		cfg_put(&cfg);
		underlay_pass(f, len, VXSW_DROP_VXLAN_RESERVED);
		cfg.flags = VXSW_BPF_CFG_IGNORE_RESERVED;
		cfg_put(&cfg);
		underlay_decap(f, len, inner, il);
	}
	/* And the I flag stays required. */
	o.vx_flags = 0x77000000u;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_VXLAN_I_FLAG);
}

/* Ordinary host traffic on the underlay: not a counter moves. */
static void test_underlay_not_vxlan(void **state)
{
	struct vxsw_bpf_cfg cfg = cfg_default();
	struct pb_inner io;
	struct pb_vxlan o;
	uint8_t f[1024];
	uint32_t len;

	(void)state;
	decap_fdb();
	/* ARP */
	pb_inner_defaults(&io);
	io.ethertype = VXSW_ETHERTYPE_ARP;
	io.payload_len = 28;
	len = inner_build(f, sizeof(f), &io);
	underlay_pass(f, len, NOT_COUNTED);
	/* IPv6 */
	pb_inner_defaults(&io);
	io.ethertype = VXSW_ETHERTYPE_IPV6;
	len = inner_build(f, sizeof(f), &io);
	underlay_pass(f, len, NOT_COUNTED);
	/* TCP and ICMP to the VTEP address */
	pb_vxlan_defaults(&o);
	o.proto = VXSW_IPPROTO_TCP;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, NOT_COUNTED);
	o.proto = VXSW_IPPROTO_ICMP;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, NOT_COUNTED);
	/* UDP to another port */
	pb_vxlan_defaults(&o);
	o.dport = 53;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, NOT_COUNTED);
	/* VXLAN for another address */
	pb_vxlan_defaults(&o);
	o.daddr = PB_OUTER_DADDR + 1;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, NOT_COUNTED);
	/* Not configured: even a valid VXLAN frame is left alone, uncounted. */
	pb_vxlan_defaults(&o);
	len = vxlan_build(f, sizeof(f), &o);
	cfg.local_ip = 0;
	cfg_put(&cfg);
	underlay_pass(f, len, NOT_COUNTED);
	/* Another VXLAN port. */
	cfg = cfg_default();
	cfg.dstport = pkt_htons(8472);
	cfg_put(&cfg);
	underlay_pass(f, len, NOT_COUNTED);
}

/* Valid VXLAN that the fast path leaves to the kernel's vxlan device. */
static void test_underlay_to_kernel(void **state)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t mcast[6] = {0x33, 0x33, 0, 0, 0, 1};
	static const uint8_t mac_c[6] = {0x02, 0, 0, 0, 0, 0x03};
	uint8_t inner[256], f[1024];
	struct pb_inner io;
	struct pb_vxlan o;
	uint32_t il, len;

	(void)state;
	decap_fdb();
	il = inner_to(inner, sizeof(inner), mac_b);

	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = il;
	o.vni = 4711;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_VXLAN_UNKNOWN_VNI);

	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = il;
	o.saddr = PB_OUTER_SADDR + 7;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_VXLAN_UNKNOWN_VTEP);
	member_put(VNI_OTHER, PB_OUTER_SADDR + 7); /* a member of another VNI only */
	underlay_pass(f, len, VXSW_DROP_VXLAN_UNKNOWN_VTEP);

	il = inner_to(inner, sizeof(inner), bcast);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_BPF_BUM);
	il = inner_to(inner, sizeof(inner), mcast);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_BPF_BUM);

	pb_inner_defaults(&io);
	io.ethertype = VXSW_ETHERTYPE_ARP;
	io.payload_len = 28;
	il = inner_build(inner, sizeof(inner), &io);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_BPF_NOT_IP);
	io.ethertype = VXSW_ETHERTYPE_VLAN;
	il = inner_build(inner, sizeof(inner), &io);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_BPF_NOT_IP);

	/* Inner destination unknown, remote, on a port of another VNI, on no port at all. */
	il = inner_to(inner, sizeof(inner), mac_c);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	fdb_put(VNI, mac_c, 0, PB_OUTER_SADDR + 1, 0, 0);
	underlay_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	fdb_put(VNI, mac_c, PORT_OTHER, 0, 0, 0);
	underlay_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	fdb_put(VNI, mac_c, 4242, 0, 0, 0);
	underlay_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	fdb_put(VNI_OTHER, mac_c, PORT_OTHER, 0, 0, 0);
	underlay_pass(f, len, VXSW_BPF_UNKNOWN_DST);

	/* Ethernet padding after the IP packet: the kernel trims it. */
	il = inner_to(inner, sizeof(inner), mac_b);
	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = il;
	o.pad = 4;
	len = vxlan_build(f, sizeof(f), &o);
	underlay_pass(f, len, VXSW_DROP_OUTER_IP_LENGTH);

	/* An inner source no one may send from. */
	pb_inner_defaults(&io);
	io.src_mac[0] = 0x01;
	il = inner_build(inner, sizeof(inner), &io);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_DROP_SRC_MAC_INVALID);
}

/* A GRO train: gso_size and gso_segs set in the test run's context. */
static void test_underlay_gso(void **state)
{
	struct vxsw_bpf_stats want = {0};
	uint8_t inner[256], f[1024];
	struct __sk_buff ctx = {.ifindex = LO, .gso_segs = 2, .gso_size = 100};
	struct out o;
	uint32_t il, len;

	(void)state;
	decap_fdb();
	il = inner_to(inner, sizeof(inner), mac_b);
	len = vxlan_around(f, sizeof(f), inner, il);
	run_ctx(UNDERLAY_PROG, f, len, &ctx, &o);
	expect_verdict_(&o, TC_ACT_OK, __FILE__, __LINE__);
	expect_bytes_(&o, f, len, __FILE__, __LINE__);
	want.passed[VXSW_BPF_GSO] = 1;
	expect_stats(&want);
	ctx.gso_segs = 1;
	run_ctx(UNDERLAY_PROG, f, len, &ctx, &o);
	expect_verdict_(&o, TC_ACT_OK, __FILE__, __LINE__);
	expect_stats(&want);
	ctx.gso_size = 0;
	ctx.gso_segs = 2;
	run_ctx(UNDERLAY_PROG, f, len, &ctx, &o);
	expect_verdict_(&o, TC_ACT_OK, __FILE__, __LINE__);
	expect_stats(&want);
}

/* With learning, the inner source must be known behind the VTEP that sent it. */
static void test_underlay_learn(void **state)
{
	uint8_t inner[256], f[1024];
	struct vxsw_bpf_fdb e;
	uint32_t il, len;
	uint64_t t0, t1;

	(void)state;
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	il = inner_to(inner, sizeof(inner), mac_b);
	len = vxlan_around(f, sizeof(f), inner, il);
	underlay_pass(f, len, VXSW_BPF_LEARN); /* unknown */
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR + 1, 0, 0);
	underlay_pass(f, len, VXSW_BPF_LEARN); /* behind another VTEP */
	fdb_put(VNI, mac_a, PORT_PLAIN, 0, 0, 0);
	underlay_pass(f, len, VXSW_BPF_LEARN); /* on a local port */
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR, 0, 0);
	underlay_decap(f, len, inner, il);

	/* A dynamic remote entry: one frame per interval to the vxlan device. */
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR, VXSW_BPF_FDB_DYNAMIC, 0);
	t0 = mono_ns();
	underlay_pass(f, len, VXSW_BPF_REFRESH);
	t1 = mono_ns();
	e = fdb_get(VNI, mac_a);
	assert_in_range(e.refreshed, t0, t1);
	underlay_decap(f, len, inner, il);
	assert_int_equal(fdb_get(VNI, mac_a).refreshed, e.refreshed);
}

/* ---- the forwarding caches ---- */

/*
 * A change to the maps reaches the programs with the next generation. In between, the
 * per-CPU cache may still give what the maps said before (the test runs on one CPU: see
 * main()); the bump ends that. Each case: forward once (the cache fills), change one map
 * without a bump (still forwarded), bump (the change shows as the reason the frame passes).
 */
enum cache_case {
	CC_IN_PORT,  /* the input port leaves the overlay */
	CC_SRC,	     /* the source MAC goes */
	CC_DST,	     /* the destination MAC goes */
	CC_OUT_PORT, /* the output port moves to another VNI */
	CC_NEXTHOP,  /* the remote VTEP's next hop goes */
	CC_VNI,	     /* the VNI goes */
	CC_UNDERLAY, /* the VTEP address goes */
	CC_MEMBER,   /* the sending VTEP leaves the VNI */
	CC_N
};

static void cache_change(enum cache_case c)
{
	struct vxsw_bpf_fdb_key ka = fdb_key(VNI, mac_a), kb = fdb_key(VNI, mac_b);
	struct vxsw_bpf_member_key mk = {.vni = VNI, .ip = pkt_htonl(PB_OUTER_SADDR)};
	struct vxsw_bpf_port other = {.vni = VNI_OTHER};
	struct vxsw_bpf_cfg cfg = cfg_default();
	vxsw_be32 remote = pkt_htonl(PB_OUTER_SADDR);
	uint32_t ifindex = LO, vni = VNI, peer = PORT_PEER, zero = 0;

	switch (c) {
	case CC_IN_PORT:
		RAW_DEL(vxsw_ports, ifindex);
		break;
	case CC_SRC:
		RAW_DEL(vxsw_fdb, ka);
		break;
	case CC_DST:
		RAW_DEL(vxsw_fdb, kb);
		break;
	case CC_OUT_PORT:
		RAW_PUT(vxsw_ports, peer, other);
		break;
	case CC_NEXTHOP:
		RAW_DEL(vxsw_nexthops, remote);
		break;
	case CC_VNI:
		RAW_DEL(vxsw_vnis, vni);
		break;
	case CC_UNDERLAY:
		cfg.local_ip = 0;
		RAW_PUT(vxsw_cfg, zero, cfg);
		break;
	case CC_MEMBER:
		RAW_DEL(vxsw_members, mk);
		break;
	default:
		fail();
	}
}

static void test_cache_port(void **state)
{
	static const struct {
		enum cache_case c;
		bool remote;
		int reason;
	} cases[] = {
		{CC_IN_PORT, false, VXSW_DROP_PORT_UNBOUND},
		{CC_SRC, false, VXSW_BPF_LEARN},
		{CC_DST, false, VXSW_BPF_UNKNOWN_DST},
		{CC_OUT_PORT, false, VXSW_BPF_UNKNOWN_DST},
		{CC_IN_PORT, true, VXSW_DROP_PORT_UNBOUND},
		{CC_SRC, true, VXSW_BPF_LEARN},
		{CC_DST, true, VXSW_BPF_UNKNOWN_DST},
		{CC_NEXTHOP, true, VXSW_BPF_NO_NEXTHOP},
		{CC_VNI, true, VXSW_DROP_VXLAN_UNKNOWN_VNI},
		{CC_UNDERLAY, true, VXSW_DROP_ENCAP_NO_UNDERLAY},
	};
	struct vxsw_bpf_vni vi = vni_default();
	uint8_t f[256];
	uint32_t len = inner_to(f, sizeof(f), mac_b);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(state);
		fdb_put(VNI, mac_a, LO, 0, 0, 0);
		if (cases[i].remote)
			fdb_put(VNI, mac_b, 0, PB_OUTER_SADDR, 0, 0);
		else
			fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
		for (int round = 0; round < 2; round++) {
			if (cases[i].remote)
				port_encap(f, len, &vi);
			else
				port_local(f, len);
			if (round == 0)
				cache_change(cases[i].c);
		}
		gen_bump();
		port_pass(f, len, cases[i].reason);
	}
	/* Generation 0: no cache, every change in force at once. */
	setup(state);
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	gen_set(0);
	port_local(f, len);
	cache_change(CC_DST);
	port_pass(f, len, VXSW_BPF_UNKNOWN_DST);
	gen_set(1);
}

static void test_cache_underlay(void **state)
{
	static const struct {
		enum cache_case c;
		int reason;
	} cases[] = {
		{CC_VNI, VXSW_DROP_VXLAN_UNKNOWN_VNI},
		{CC_MEMBER, VXSW_DROP_VXLAN_UNKNOWN_VTEP},
		{CC_SRC, VXSW_BPF_LEARN},
		{CC_DST, VXSW_BPF_UNKNOWN_DST},
		{CC_OUT_PORT, VXSW_BPF_UNKNOWN_DST},
	};
	uint8_t inner[256], f[1024];
	uint32_t il = inner_to(inner, sizeof(inner), mac_b);
	uint32_t len = vxlan_around(f, sizeof(f), inner, il);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(state);
		decap_fdb();
		underlay_decap(f, len, inner, il);
		cache_change(cases[i].c);
		underlay_decap(f, len, inner, il);
		gen_bump();
		underlay_pass(f, len, cases[i].reason);
	}
	/* A VTEP address gone: nothing is VXLAN to us any more, cached or not. */
	setup(state);
	decap_fdb();
	underlay_decap(f, len, inner, il);
	cache_change(CC_UNDERLAY);
	underlay_pass(f, len, NOT_COUNTED);
}

/* Many more destinations than cache slots, each with its own answer: a slot shared by two keys
 * never gives one the other's (a local delivery is not an encapsulation; a MAC without an
 * entry passes). Twice over: the second time many frames hit. */
static void cache_dst(uint8_t dst[6], uint32_t i)
{
	static const uint8_t base[6] = {0x02, 0xcc, 0, 0, 0, 0};

	memcpy(dst, base, 6);
	dst[4] = (uint8_t)(i >> 8);
	dst[5] = (uint8_t)i;
}

static void test_cache_collisions(void **state)
{
	struct vxsw_bpf_vni vi = vni_default();
	uint8_t f[256], vf[1024], dst[6];
	uint32_t n = 4 * VXSW_BPF_CACHE_SIZE, i, len, vlen;
	int round;

	(void)state;
	for (i = 0; i < n; i++) {
		cache_dst(dst, i);
		if (i % 3 == 0)
			fdb_put(VNI, dst, PORT_PEER, 0, 0, 0);
		else if (i % 3 == 1)
			fdb_put(VNI, dst, 0, PB_OUTER_SADDR, 0, 0);
	}
	fdb_put(VNI, mac_a, LO, 0, 0, 0);
	for (round = 0; round < 2; round++)
		for (i = 0; i < n; i++) {
			cache_dst(dst, i);
			len = inner_to(f, sizeof(f), dst);
			if (i % 3 == 0)
				port_local(f, len);
			else if (i % 3 == 1)
				port_encap(f, len, &vi);
			else
				port_pass(f, len, VXSW_BPF_UNKNOWN_DST);
		}
	/* From the underlay: only a MAC on a local port is decapsulated. */
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR, 0, 0);
	for (round = 0; round < 2; round++)
		for (i = 0; i < n; i++) {
			cache_dst(dst, i);
			len = inner_to(f, sizeof(f), dst);
			vlen = vxlan_around(vf, sizeof(vf), f, len);
			if (i % 3 == 0)
				underlay_decap(vf, vlen, f, len);
			else
				underlay_pass(vf, vlen, VXSW_BPF_UNKNOWN_DST);
		}
}

/* A cached dynamic source still goes to the kernel once its refresh falls due. */
static void test_cache_refresh(void **state)
{
	uint8_t f[256], vf[1024];
	uint32_t len = inner_to(f, sizeof(f), mac_b), vlen = vxlan_around(vf, sizeof(vf), f, len);
	const uint64_t margin = 200000000; /* 200 ms: far above the coarse clock's tick */

	(void)state;
	fdb_put(VNI, mac_b, PORT_PEER, 0, 0, 0);
	/* Due in 200 ms: forwarded, and from the cache the second time. */
	fdb_put(VNI, mac_a, LO, 0, VXSW_BPF_FDB_DYNAMIC, mono_ns() - REFRESH_NS + margin);
	port_local(f, len);
	port_local(f, len);
	usleep((useconds_t)(margin * 3 / 2 / 1000));
	port_pass(f, len, VXSW_BPF_REFRESH);
	port_local(f, len);

	/* The same from the underlay. */
	fdb_put(VNI, mac_a, 0, PB_OUTER_SADDR, VXSW_BPF_FDB_DYNAMIC,
		mono_ns() - REFRESH_NS + margin);
	underlay_decap(vf, vlen, f, len);
	underlay_decap(vf, vlen, f, len);
	usleep((useconds_t)(margin * 3 / 2 / 1000));
	underlay_pass(vf, vlen, VXSW_BPF_REFRESH);
	underlay_decap(vf, vlen, f, len);
}

/* ---- main ---- */

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/*
 * May this process load and run TC programs? A two-instruction program the verifier cannot
 * refuse tells: a refusal of it is about permissions, while the verifier refuses unsafe code
 * with the same EACCES.
 */
static int bpf_permitted(void)
{
	const struct bpf_insn insns[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = TC_ACT_OK},
		{.code = BPF_JMP | BPF_EXIT},
	};
	uint8_t pkt[VXSW_ETH_HLEN] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);
	int fd, ret;

	fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "probe", "GPL", insns, 2, NULL);
	if (fd < 0)
		return -errno;
	ret = bpf_prog_test_run_opts(fd, &opts) ? -errno : 0;
	close(fd);
	return ret;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_map_layout, setup),
		cmocka_unit_test_setup(test_port_encap, setup),
		cmocka_unit_test_setup(test_port_local, setup),
		cmocka_unit_test_setup(test_port_same_port, setup),
		cmocka_unit_test_setup(test_port_unknown_dst, setup),
		cmocka_unit_test_setup(test_port_bum, setup),
		cmocka_unit_test_setup(test_port_src_invalid, setup),
		cmocka_unit_test_setup(test_port_learn, setup),
		cmocka_unit_test_setup(test_port_refresh, setup),
		cmocka_unit_test_setup(test_port_unbound, setup),
		cmocka_unit_test_setup(test_port_vlan, setup),
		cmocka_unit_test_setup(test_port_encap_not_ready, setup),
		cmocka_unit_test_setup_teardown(test_port_mtu, setup, teardown_mtu),
		cmocka_unit_test_setup(test_underlay_decap, setup),
		cmocka_unit_test_setup(test_underlay_truncated, setup),
		cmocka_unit_test_setup(test_underlay_malformed, setup),
		cmocka_unit_test_setup(test_underlay_reserved, setup),
		cmocka_unit_test_setup(test_underlay_not_vxlan, setup),
		cmocka_unit_test_setup(test_underlay_to_kernel, setup),
		cmocka_unit_test_setup(test_underlay_gso, setup),
		cmocka_unit_test_setup(test_underlay_learn, setup),
		cmocka_unit_test_setup(test_cache_port, setup),
		cmocka_unit_test_setup(test_cache_underlay, setup),
		cmocka_unit_test_setup(test_cache_collisions, setup),
		cmocka_unit_test_setup(test_cache_refresh, setup),
	};
	int ret;

	libbpf_set_print(libbpf_print);
	ret = bpf_permitted();
	if (ret == -EPERM || ret == -EACCES) {
		printf("test_bpf: skipped: BPF programs cannot be loaded and run here (%s); "
		       "needs root\n",
		       strerror(-ret));
		return 77;
	}
	if (ret < 0) {
		fprintf(stderr, "test_bpf: BPF_PROG_TEST_RUN of a trivial program: %s\n",
			strerror(-ret));
		return 1;
	}
	skel = vxsw_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "test_bpf: loading vxsw.bpf.o failed: %s (verifier log above)\n",
			strerror(errno));
		return 1;
	}
	/* One CPU for every run: the programs' caches are per CPU, and test_cache_* count on
	 * what an earlier run left in them. */
	{
		cpu_set_t one;
		int cpu = sched_getcpu();

		CPU_ZERO(&one);
		CPU_SET(cpu < 0 ? 0 : cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one) < 0) {
			fprintf(stderr, "test_bpf: cannot stay on CPU %d: %s\n", cpu,
				strerror(errno));
			vxsw_bpf__destroy(skel);
			return 1;
		}
	}
	/* A network namespace of our own, with only lo, for test_port_mtu; the test runs need
	 * nothing else from the host's. */
	own_netns = unshare(CLONE_NEWNET) == 0;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	vxsw_bpf__destroy(skel);
	return ret;
}
