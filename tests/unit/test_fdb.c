/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of dataplane/dpdk/fdb.c: learning, moves, static entries, ageing on a fake clock,
 * the global/per-VNI/per-port limits and their refusal counters, flush, walk, bulk lookup, and
 * the reference callback. A random sequence of operations is replayed against a plain reference
 * model. DPDK's EAL runs without hugepages, PCI or shared config, so no root is needed.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "fdb.h"

/* ---- the reference callback, as seen from outside ---- */

/* refs[remote][index]: the sum of the deltas for that place (static or not). */
static int64_t refs[2][FDB_LOC_IDX_MASK + 1];
static uint32_t zero_hits[2][FDB_LOC_IDX_MASK + 1]; /* times refs fell to 0 */
static uint64_t ref_calls;
static int bad_deltas;

static void ref_cb(void *arg, uint32_t loc, int delta)
{
	int64_t *r = &refs[!!(loc & FDB_LOC_REMOTE)][loc & FDB_LOC_IDX_MASK];

	(void)arg;
	ref_calls++;
	if ((delta != 1 && delta != -1) || !(loc & FDB_LOC_VALID))
		bad_deltas++;
	*r += delta;
	if (*r < 0)
		bad_deltas++;
	if (*r == 0)
		zero_hits[!!(loc & FDB_LOC_REMOTE)][loc & FDB_LOC_IDX_MASK]++;
}

static int64_t refs_at(uint32_t loc)
{
	return refs[!!(loc & FDB_LOC_REMOTE)][loc & FDB_LOC_IDX_MASK];
}

/* ---- EAL and the table under test ---- */

static bool eal_ok;
static char runtime_dir[PATH_MAX];

static int eal_setup(void **state)
{
	char prefix[64], lcore[16];
	char *argv[] = {
		"test_fdb",
		"--no-huge",
		"-m",
		"64",
		"--no-pci",
		"--no-shconf",
		"--no-telemetry",
		"--file-prefix",
		prefix,
		"-l",
		lcore,
		"--log-level",
		"error",
		NULL,
	};
	cpu_set_t cpus;
	int cpu = 0, ret;

	(void)state;
	/* One lcore, on a CPU this process may run on. */
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0)
		while (cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &cpus))
			cpu++;
	snprintf(lcore, sizeof(lcore), "%d", cpu);
	snprintf(prefix, sizeof(prefix), "vxsw-test-fdb-%d", (int)getpid());
	ret = rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1, argv);
	if (ret < 0) {
		print_error("rte_eal_init: %s\n", rte_strerror(rte_errno));
		return 0; /* the tests skip */
	}
	eal_ok = true;
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", rte_eal_get_runtime_dir());
	return 0;
}

static int eal_teardown(void **state)
{
	(void)state;
	if (!eal_ok)
		return 0;
	rte_eal_cleanup();
	/* --no-shconf leaves the per-prefix runtime directory empty but does not remove it. */
	if (runtime_dir[0])
		rmdir(runtime_dir);
	return 0;
}

#define MAX_VNIS  4
#define MAX_PORTS 8

/* The learned-entry reports of the table under test, in order. */
static struct {
	uint32_t vni_idx, loc;
	uint8_t mac[6];
	bool del;
} events[16];
static unsigned int n_events;

static void event_cb(void *arg, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, bool del)
{
	(void)arg;
	if (n_events < 16) {
		events[n_events].vni_idx = vni_idx;
		events[n_events].loc = loc;
		memcpy(events[n_events].mac, mac, 6);
		events[n_events].del = del;
	}
	n_events++;
}

static void expect_event(unsigned int i, uint32_t vni_idx, const uint8_t *m, uint32_t loc, bool del)
{
	assert_true(i < n_events);
	assert_int_equal(events[i].vni_idx, vni_idx);
	assert_memory_equal(events[i].mac, m, 6);
	assert_int_equal(events[i].loc, loc);
	assert_int_equal(events[i].del, del);
}

static struct fdb *make_fdb(uint32_t size)
{
	static unsigned int n;
	char name[32];
	struct fdb_params p = {
		.name = name,
		.size = size,
		.max_vnis = MAX_VNIS,
		.max_ports = MAX_PORTS,
		.socket_id = SOCKET_ID_ANY,
		.qsbr = NULL,
		.ref = ref_cb,
		.event = event_cb,
	};
	struct fdb *f = NULL;

	snprintf(name, sizeof(name), "test_fdb_%u", n++);
	assert_int_equal(fdb_create(&p, &f), 0);
	assert_non_null(f);
	return f;
}

static int fdb_setup(void **state)
{
	if (!eal_ok)
		return 0;
	memset(refs, 0, sizeof(refs));
	memset(zero_hits, 0, sizeof(zero_hits));
	ref_calls = 0;
	bad_deltas = 0;
	n_events = 0;
	*state = make_fdb(1024);
	return 0;
}

static int fdb_teardown(void **state)
{
	fdb_free(*state);
	return 0;
}

#define SKIP_WITHOUT_EAL()                                                                         \
	do {                                                                                       \
		if (!eal_ok)                                                                       \
			skip();                                                                    \
	} while (0)

static const uint8_t *mac(uint32_t i)
{
	static uint8_t m[64][6];
	uint8_t *p = m[i % 64];

	p[0] = 0x02;
	p[1] = 0x42;
	p[2] = (uint8_t)(i >> 24);
	p[3] = (uint8_t)(i >> 16);
	p[4] = (uint8_t)(i >> 8);
	p[5] = (uint8_t)i;
	return p;
}

static uint32_t loc_of(struct fdb *f, uint32_t vni, const uint8_t *m)
{
	uint32_t loc = 0;

	assert_int_equal(fdb_get(f, vni, m, &loc, NULL), 0);
	return loc;
}

static uint32_t seen_of(struct fdb *f, uint32_t vni, const uint8_t *m)
{
	uint32_t loc, seen = 0xdeadbeef;

	assert_int_equal(fdb_get(f, vni, m, &loc, &seen), 0);
	return seen;
}

static bool present(struct fdb *f, uint32_t vni, const uint8_t *m)
{
	uint32_t loc;

	return fdb_get(f, vni, m, &loc, NULL) == 0;
}

/* ---- behaviour, one rule at a time ---- */

static void test_create_invalid(void **state)
{
	struct fdb_params p = {
		.name = "test_fdb_invalid",
		.size = 1024,
		.max_vnis = 1,
		.max_ports = 1,
		.socket_id = SOCKET_ID_ANY,
	};
	struct fdb *f = (struct fdb *)0x1;

	(void)state;
	SKIP_WITHOUT_EAL();
	p.size = 7;
	assert_int_equal(fdb_create(&p, &f), -EINVAL);
	p.size = 1024;
	p.max_vnis = 0;
	assert_int_equal(fdb_create(&p, &f), -EINVAL);
	p.max_vnis = 1;
	p.max_ports = 0;
	assert_int_equal(fdb_create(&p, &f), -EINVAL);
	assert_ptr_equal(f, (struct fdb *)0x1); /* untouched on failure */
	fdb_free(NULL);
}

static void test_learn_move(void **state)
{
	struct fdb *f = *state;
	const uint8_t *m = mac(1);

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_learn(f, 1, m, fdb_loc_port(3), 0), 1);
	assert_int_equal(loc_of(f, 1, m), fdb_loc_port(3));
	assert_int_equal(seen_of(f, 1, m), 0);
	assert_int_equal(f->count, 1);
	assert_int_equal(f->port_count[3], 1);
	assert_int_equal(f->vni_count[1], 1);
	assert_int_equal(refs_at(fdb_loc_port(3)), 1);

	/* Seen again in the same place: nothing changes but its age. */
	assert_int_equal(fdb_learn(f, 1, m, fdb_loc_port(3), 40), 0);
	assert_int_equal(seen_of(f, 1, m), 40);
	assert_int_equal(f->count, 1);
	assert_int_equal(refs_at(fdb_loc_port(3)), 1);

	/* Another VNI is another entry. */
	assert_int_equal(fdb_learn(f, 2, m, fdb_loc_port(3), 41), 1);
	assert_int_equal(f->count, 2);
	assert_int_equal(refs_at(fdb_loc_port(3)), 2);

	/* Moves: port to port, port to VTEP, VTEP to VTEP. */
	assert_int_equal(fdb_learn(f, 1, m, fdb_loc_port(5), 50), 2);
	assert_int_equal(loc_of(f, 1, m), fdb_loc_port(5));
	assert_int_equal(seen_of(f, 1, m), 50);
	assert_int_equal(f->port_count[3], 1);
	assert_int_equal(f->port_count[5], 1);
	assert_int_equal(refs_at(fdb_loc_port(3)), 1);
	assert_int_equal(refs_at(fdb_loc_port(5)), 1);
	assert_int_equal(fdb_learn(f, 1, m, fdb_loc_vtep(5), 51), 2);
	assert_int_equal(loc_of(f, 1, m), fdb_loc_vtep(5));
	assert_int_equal(f->port_count[5], 0);
	assert_int_equal(refs_at(fdb_loc_port(5)), 0);
	assert_int_equal(refs_at(fdb_loc_vtep(5)), 1);
	assert_int_equal(fdb_learn(f, 1, m, fdb_loc_vtep(6), 52), 2);
	assert_int_equal(refs_at(fdb_loc_vtep(5)), 0);
	assert_int_equal(refs_at(fdb_loc_vtep(6)), 1);
	assert_int_equal(f->count, 2);
	assert_int_equal(f->vni_count[1], 1);
	assert_int_equal(f->n_learned, 2);
	assert_int_equal(bad_deltas, 0);
}

static void test_learn_invalid(void **state)
{
	static const uint8_t bad[][6] = {
		{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}, /* IPv4 multicast */
		{0x33, 0x33, 0x00, 0x00, 0x00, 0x01}, /* IPv6 multicast */
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, /* broadcast */
		{0x03, 0x00, 0x00, 0x00, 0x00, 0x00}, /* group bit with the local bit */
		{0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, /* zero */
	};
	struct fdb *f = *state;
	size_t i;

	SKIP_WITHOUT_EAL();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(fdb_learn(f, 0, bad[i], fdb_loc_port(1), 0), -EINVAL);
		assert_false(present(f, 0, bad[i]));
	}
	/* A multicast destination cannot be pinned statically either. */
	assert_int_equal(fdb_add_static(f, 0, bad[0], fdb_loc_vtep(1), 0), -EINVAL);
	assert_int_equal(fdb_add_static(f, 0, bad[2], fdb_loc_vtep(1), 0), -EINVAL);
	/* VNI index out of range, invalid locations, a static flag in a learned one. */
	assert_int_equal(fdb_learn(f, MAX_VNIS, mac(1), fdb_loc_port(1), 0), -EINVAL);
	assert_int_equal(fdb_learn(f, 0, mac(1), 0, 0), -EINVAL);
	assert_int_equal(fdb_learn(f, 0, mac(1), 1, 0), -EINVAL);
	assert_int_equal(fdb_learn(f, 0, mac(1), fdb_loc_port(1) | FDB_LOC_STATIC, 0), -EINVAL);
	assert_int_equal(fdb_add_static(f, MAX_VNIS, mac(1), fdb_loc_port(1), 0), -EINVAL);
	assert_int_equal(fdb_add_static(f, 0, mac(1), 0, 0), -EINVAL);
	assert_int_equal(f->count, 0);
	assert_int_equal(ref_calls, 0);
	/* Lookups out of range are misses, not reads out of bounds. */
	assert_int_equal(fdb_del(f, MAX_VNIS, mac(1)), -ENOENT);
	assert_false(present(f, MAX_VNIS, mac(1)));
	assert_false(present(f, 0xffffffff, mac(1)));
}

static void test_del_get(void **state)
{
	struct fdb *f = *state;
	uint32_t loc = 0x12345678, seen = 0x9abcdef0;

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_get(f, 0, mac(1), &loc, &seen), -ENOENT);
	assert_int_equal(loc, 0x12345678); /* untouched on failure */
	assert_int_equal(seen, 0x9abcdef0);
	assert_int_equal(fdb_del(f, 0, mac(1)), -ENOENT);
	assert_int_equal(fdb_learn(f, 0, mac(1), fdb_loc_vtep(9), 7), 1);
	assert_int_equal(fdb_add_static(f, 0, mac(2), fdb_loc_vtep(9), 8), 0);
	assert_int_equal(refs_at(fdb_loc_vtep(9)), 2);
	assert_int_equal(fdb_del(f, 0, mac(1)), 0);
	assert_int_equal(fdb_del(f, 0, mac(1)), -ENOENT);
	assert_int_equal(fdb_del(f, 1, mac(2)), -ENOENT); /* other VNI */
	assert_int_equal(refs_at(fdb_loc_vtep(9)), 1);
	assert_int_equal(fdb_del(f, 0, mac(2)), 0);
	assert_int_equal(refs_at(fdb_loc_vtep(9)), 0);
	assert_int_equal(zero_hits[1][9], 1);
	assert_int_equal(f->count, 0);
	assert_int_equal(f->n_learned, 0);
	/* A deleted key can come back. */
	assert_int_equal(fdb_learn(f, 0, mac(1), fdb_loc_port(2), 9), 1);
	assert_int_equal(loc_of(f, 0, mac(1)), fdb_loc_port(2));
}

static void test_static(void **state)
{
	struct fdb *f = *state;
	const uint8_t *m = mac(7);

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_add_static(f, 0, m, fdb_loc_vtep(2), 0), 0);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_vtep(2) | FDB_LOC_STATIC);
	assert_int_equal(f->count, 1);
	assert_int_equal(f->n_learned, 0);
	assert_int_equal(refs_at(fdb_loc_vtep(2)), 1);

	/* Learning never moves it... */
	assert_int_equal(fdb_learn(f, 0, m, fdb_loc_port(1), 10), -EPERM);
	assert_int_equal(fdb_learn(f, 0, m, fdb_loc_vtep(3), 10), -EPERM);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_vtep(2) | FDB_LOC_STATIC);
	/* ...and seeing it where it is changes nothing. */
	assert_int_equal(fdb_learn(f, 0, m, fdb_loc_vtep(2), 10), 0);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_vtep(2) | FDB_LOC_STATIC);
	assert_int_equal(f->n_learned, 0);

	/* Never aged, never flushed unless asked. */
	assert_int_equal(fdb_age(f, 1000000, 300), 0);
	assert_int_equal(fdb_age(f, 0x7fffffff, 1), 0);
	assert_true(present(f, 0, m));
	assert_int_equal(fdb_flush(f, FDB_ANY, FDB_ANY, false), 0);
	assert_true(present(f, 0, m));

	/* Adding it again is a no-op; elsewhere replaces it; the references follow. */
	assert_int_equal(fdb_add_static(f, 0, m, fdb_loc_vtep(2), 20), 0);
	assert_int_equal(f->count, 1);
	assert_int_equal(refs_at(fdb_loc_vtep(2)), 1);
	assert_int_equal(fdb_add_static(f, 0, m, fdb_loc_port(4), 30), 0);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_port(4) | FDB_LOC_STATIC);
	assert_int_equal(f->count, 1);
	assert_int_equal(refs_at(fdb_loc_vtep(2)), 0);
	assert_int_equal(refs_at(fdb_loc_port(4)), 1);
	assert_int_equal(f->port_count[4], 0); /* static entries do not count against ports */

	/* A learned entry made static, in the same place: its reference never drops to zero
	 * on the way (a VTEP would be released and re-created). */
	assert_int_equal(fdb_learn(f, 1, m, fdb_loc_vtep(5), 40), 1);
	assert_int_equal(f->n_learned, 1);
	assert_int_equal(fdb_add_static(f, 1, m, fdb_loc_vtep(5), 41), 0);
	assert_int_equal(loc_of(f, 1, m), fdb_loc_vtep(5) | FDB_LOC_STATIC);
	assert_int_equal(refs_at(fdb_loc_vtep(5)), 1);
	assert_int_equal(zero_hits[1][5], 0);
	assert_int_equal(f->n_learned, 0);
	assert_int_equal(f->vni_count[1], 0);
	assert_int_equal(fdb_age(f, 1000, 10), 0);
	assert_int_equal(f->count, 2);
	assert_int_equal(bad_deltas, 0);
}

/* An entry a control plane (EVPN) programmed: pinned like a static one, but learning may take
 * it over (MAC mobility), after which it is an ordinary learned entry. */
static void test_extern(void **state)
{
	struct fdb *f = *state;
	const uint8_t *m = mac(8);

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_add_pinned(f, 0, m, fdb_loc_vtep(2), FDB_LOC_EXTERN, 0), 0);
	assert_int_equal(fdb_add_pinned(f, 0, m, fdb_loc_vtep(2), FDB_LOC_VALID, 0), -EINVAL);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_vtep(2) | FDB_LOC_EXTERN);
	assert_int_equal(f->n_learned, 0);
	assert_int_equal(n_events, 0); /* pinned entries are not reported */
	/* Not aged, not flushed with the learned ones; seeing it in place changes nothing. */
	assert_int_equal(fdb_age(f, 1000000, 300), 0);
	assert_int_equal(fdb_flush(f, FDB_ANY, FDB_ANY, false), 0);
	assert_int_equal(fdb_learn(f, 0, m, fdb_loc_vtep(2), 5), 0);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_vtep(2) | FDB_LOC_EXTERN);

	/* Learned on a local port: moved, now learned, counted and reported. */
	assert_int_equal(fdb_learn(f, 0, m, fdb_loc_port(1), 10), 2);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_port(1));
	assert_int_equal(f->n_learned, 1);
	assert_int_equal(f->vni_count[0], 1);
	assert_int_equal(f->port_count[1], 1);
	assert_int_equal(refs_at(fdb_loc_vtep(2)), 0);
	assert_int_equal(n_events, 1);
	expect_event(0, 0, m, fdb_loc_port(1), false);

	/* Programmed again (moved back by EVPN): the learned entry is reported gone. */
	assert_int_equal(fdb_add_pinned(f, 0, m, fdb_loc_vtep(3), FDB_LOC_EXTERN, 20), 0);
	assert_int_equal(f->n_learned, 0);
	assert_int_equal(f->port_count[1], 0);
	assert_int_equal(n_events, 2);
	expect_event(1, 0, m, fdb_loc_port(1), true);

	/* A limit that refuses new entries refuses the take-over too. */
	fdb_set_port_limit(f, 1);
	assert_int_equal(fdb_learn(f, 0, mac(9), fdb_loc_port(1), 21), 1);
	assert_int_equal(fdb_learn(f, 0, m, fdb_loc_port(1), 22), -ENOSPC);
	assert_int_equal(loc_of(f, 0, m), fdb_loc_vtep(3) | FDB_LOC_EXTERN);
	assert_int_equal(bad_deltas, 0);
}

/* Every way a learned entry comes and goes is reported once, in order. */
static void test_events(void **state)
{
	struct fdb *f = *state;

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(1), 0), 1);
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(1), 1), 0); /* refresh: silent */
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_vtep(4), 2), 2); /* move */
	assert_int_equal(fdb_learn(f, 2, mac(2), fdb_loc_port(2), 2), 1);
	assert_int_equal(fdb_learn(f, 3, mac(3), fdb_loc_port(3), 50), 1);
	assert_int_equal(fdb_age(f, 60, 30), 2); /* ages 1 and 2 */
	assert_int_equal(fdb_del(f, 3, mac(3)), 0);
	assert_int_equal(fdb_add_static(f, 3, mac(4), fdb_loc_port(3), 60), 0); /* silent */
	assert_int_equal(fdb_del(f, 3, mac(4)), 0);				/* silent */
	assert_int_equal(n_events, 7);
	expect_event(0, 1, mac(1), fdb_loc_port(1), false);
	expect_event(1, 1, mac(1), fdb_loc_vtep(4), false);
	expect_event(2, 2, mac(2), fdb_loc_port(2), false);
	expect_event(3, 3, mac(3), fdb_loc_port(3), false);
	/* the two aged entries, in table order */
	assert_true(events[4].del && events[5].del);
	assert_int_not_equal(events[4].vni_idx, 3);
	assert_int_not_equal(events[5].vni_idx, 3);
	assert_int_not_equal(events[4].vni_idx, events[5].vni_idx);
	expect_event(6, 3, mac(3), fdb_loc_port(3), true);
}

/* Two ways per set: two MACs of one set are both served from the cache; a third takes the
 * first way and the older of the two is forgotten. */
static void test_cache_ways(void **state)
{
	struct fdb *f = *state;
	struct fdb_cache *c = calloc(1, sizeof(*c));
	struct fdb_key k[3];
	void *data[3];
	uint32_t set, n = 0, i;
	uint8_t macs[3][6];

	SKIP_WITHOUT_EAL();
	assert_non_null(c);
	/* Three MACs whose keys fall in one set. */
	set = fdb_cache_slot(fdb_cache_key(1, mac(1000))) & ~1u;
	for (i = 1000; n < 3 && i < 1000000; i++) {
		if ((fdb_cache_slot(fdb_cache_key(1, mac(i))) & ~1u) != set)
			continue;
		memcpy(macs[n], mac(i), 6);
		assert_int_equal(fdb_learn(f, 1, macs[n], fdb_loc_port(1), 0), 1);
		fdb_key_set(&k[n], 1, macs[n]);
		n++;
	}
	assert_int_equal(n, 3);
	fdb_cache_sync(c, f);
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 2, data), 3);
	assert_int_equal(c->misses, 2);
	/* Both ways hold one: no miss. */
	assert_int_not_equal(fdb_cache_get(c, fdb_cache_key(1, macs[0])), 0);
	assert_int_not_equal(fdb_cache_get(c, fdb_cache_key(1, macs[1])), 0);
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 2, data), 3);
	assert_int_equal(c->misses, 2);
	/* The third: it and the most recent of the others stay. */
	assert_int_equal(fdb_cache_lookup_bulk(c, f, &k[2], 1, data), 1);
	assert_int_not_equal(fdb_cache_get(c, fdb_cache_key(1, macs[2])), 0);
	assert_int_not_equal(fdb_cache_get(c, fdb_cache_key(1, macs[1])), 0);
	assert_int_equal(fdb_cache_get(c, fdb_cache_key(1, macs[0])), 0);
	free(c);
}

/* The lcores' cache: hits are cached; an add needs no invalidation, a delete or a move does. */
static void test_cache(void **state)
{
	struct fdb *f = *state;
	struct fdb_cache *c = calloc(1, sizeof(*c));
	struct fdb_key k[2];
	void *data[2];
	uint32_t gen;

	SKIP_WITHOUT_EAL();
	assert_non_null(c);
	fdb_key_set(&k[0], 1, mac(1));
	fdb_key_set(&k[1], 1, mac(2));
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(1), 0), 1);
	fdb_cache_sync(c, f);
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 2, data), 1); /* mac(2) unknown */
	assert_int_equal(fdb_data_loc((uintptr_t)data[0]), fdb_loc_port(1));
	assert_int_equal(c->misses, 2);
	/* Served from the cache now. */
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 1, data), 1);
	assert_int_equal(c->hits, 1);

	/* Adding and refreshing leave the generation alone... */
	gen = f->gen;
	assert_int_equal(fdb_learn(f, 1, mac(2), fdb_loc_port(2), 0), 1);
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(1), 5), 0);
	assert_int_equal(f->gen, gen);
	fdb_cache_sync(c, f);
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 2, data), 3);

	/* ...a move bumps it: the next burst's sync empties the cache, the new place is seen. */
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(3), 6), 2);
	assert_int_not_equal(f->gen, gen);
	fdb_cache_sync(c, f);
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 1, data), 1);
	assert_int_equal(fdb_data_loc((uintptr_t)data[0]), fdb_loc_port(3));

	/* A delete too: the entry is a miss at the next burst. */
	gen = f->gen;
	assert_int_equal(fdb_del(f, 1, mac(1)), 0);
	assert_int_not_equal(f->gen, gen);
	fdb_cache_sync(c, f);
	assert_int_equal(fdb_cache_lookup_bulk(c, f, k, 1, data), 0);
	free(c);
}

static void test_ageing(void **state)
{
	struct fdb *f = *state;

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_learn(f, 0, mac(1), fdb_loc_port(1), 0), 1);
	assert_int_equal(fdb_age(f, 299, 300), 0);
	assert_int_equal(fdb_age(f, 300, 300), 0);
	assert_true(present(f, 0, mac(1)));
	assert_int_equal(fdb_age(f, 301, 300), 1);
	assert_false(present(f, 0, mac(1)));
	assert_int_equal(f->count, 0);
	assert_int_equal(refs_at(fdb_loc_port(1)), 0);

	/* Ageing 0 disables it. */
	assert_int_equal(fdb_learn(f, 0, mac(2), fdb_loc_port(1), 0), 1);
	assert_int_equal(fdb_age(f, 1000000, 0), 0);
	assert_int_equal(fdb_age(f, 0xffffffff, 0), 0);
	assert_true(present(f, 0, mac(2)));

	/* Learning again refreshes, a move too. */
	assert_int_equal(fdb_learn(f, 0, mac(2), fdb_loc_port(1), 200), 0);
	assert_int_equal(fdb_age(f, 450, 300), 0);
	assert_int_equal(fdb_learn(f, 0, mac(2), fdb_loc_port(2), 400), 2);
	assert_int_equal(fdb_age(f, 650, 300), 0);
	assert_int_equal(fdb_age(f, 701, 300), 1);

	/* Only the old ones go. */
	assert_int_equal(fdb_learn(f, 0, mac(3), fdb_loc_port(1), 1000), 1);
	assert_int_equal(fdb_learn(f, 0, mac(4), fdb_loc_vtep(1), 1100), 1);
	assert_int_equal(fdb_learn(f, 1, mac(5), fdb_loc_vtep(1), 1200), 1);
	assert_int_equal(fdb_age(f, 1300, 300), 0);
	assert_int_equal(fdb_age(f, 1450, 300), 2);
	assert_false(present(f, 0, mac(3)));
	assert_false(present(f, 0, mac(4)));
	assert_true(present(f, 1, mac(5)));
	assert_int_equal(refs_at(fdb_loc_vtep(1)), 1);

	/* A clock that wrapped past zero is still a difference. */
	assert_int_equal(fdb_learn(f, 2, mac(6), fdb_loc_port(1), 0xfffffff0u), 1);
	assert_int_equal(fdb_age(f, 0x10, 300), 0);
	assert_true(present(f, 2, mac(6)));
	assert_int_equal(fdb_age(f, 0xfffffff0u + 301, 300), 1);
	assert_false(present(f, 2, mac(6)));
}

/* The lcores refresh ages through fdb_touch() at the position the bulk lookup returns. */
static void test_touch(void **state)
{
	struct fdb *f = *state;
	struct fdb_key k;
	const void *keys[1] = {&k};
	void *data[1] = {NULL};

	SKIP_WITHOUT_EAL();
	assert_int_equal(fdb_learn(f, 3, mac(9), fdb_loc_vtep(4), 0), 1);
	fdb_key_set(&k, 3, mac(9));
	assert_int_equal(fdb_lookup_bulk(f, keys, 1, data), 1);
	assert_int_equal(fdb_data_loc((uintptr_t)data[0]), fdb_loc_vtep(4));
	assert_true(fdb_data_pos((uintptr_t)data[0]) < f->n_slots);
	fdb_touch(f, fdb_data_pos((uintptr_t)data[0]), 250);
	assert_int_equal(seen_of(f, 3, mac(9)), 250);
	assert_int_equal(fdb_age(f, 400, 300), 0);
	assert_int_equal(fdb_age(f, 551, 300), 1);
}

static void test_global_limit(void **state)
{
	struct fdb *f = *state;
	uint32_t i;

	SKIP_WITHOUT_EAL();
	fdb_set_limit(f, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(fdb_learn(f, i % 2, mac(i), fdb_loc_port((uint16_t)i), 0), 1);
	assert_int_equal(fdb_learn(f, 0, mac(10), fdb_loc_port(0), 0), -ENOSPC);
	assert_int_equal(fdb_learn(f, 3, mac(11), fdb_loc_vtep(0), 0), -ENOSPC);
	assert_false(present(f, 0, mac(10)));
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 2);
	assert_int_equal(f->refused[VXSW_REFUSE_VNI_LIMIT], 0);
	assert_int_equal(f->refused[VXSW_REFUSE_PORT_LIMIT], 0);
	/* What is already there can be refreshed and moved. */
	assert_int_equal(fdb_learn(f, 0, mac(0), fdb_loc_port(0), 5), 0);
	assert_int_equal(fdb_learn(f, 0, mac(0), fdb_loc_port(7), 5), 2);
	/* The limit is for learned entries: static ones still go in, and do not count. */
	assert_int_equal(fdb_add_static(f, 0, mac(20), fdb_loc_vtep(1), 0), 0);
	assert_int_equal(f->count, 5);
	assert_int_equal(fdb_del(f, 0, mac(20)), 0);
	/* Room again after a delete. */
	assert_int_equal(fdb_del(f, 1, mac(1)), 0);
	assert_int_equal(fdb_learn(f, 0, mac(10), fdb_loc_port(0), 0), 1);
	assert_int_equal(fdb_learn(f, 0, mac(11), fdb_loc_port(0), 0), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 3);
	/* Raising it, and 0 or more than the table meaning the table. */
	fdb_set_limit(f, 5);
	assert_int_equal(fdb_learn(f, 0, mac(11), fdb_loc_port(0), 0), 1);
	fdb_set_limit(f, 0);
	assert_int_equal(f->limit, 1024);
	fdb_set_limit(f, 5000);
	assert_int_equal(f->limit, 1024);
	assert_int_equal(fdb_learn(f, 0, mac(12), fdb_loc_port(0), 0), 1);
	/* Lowering it below what is there refuses new ones, removes nothing. */
	fdb_set_limit(f, 2);
	assert_int_equal(f->count, 6);
	assert_int_equal(fdb_learn(f, 0, mac(13), fdb_loc_port(0), 0), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 4);
}

static void test_vni_limit(void **state)
{
	struct fdb *f = *state;

	SKIP_WITHOUT_EAL();
	fdb_set_vni_limit(f, 1, 2);
	fdb_set_vni_limit(f, MAX_VNIS, 1); /* out of range: ignored */
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(1), 0), 1);
	assert_int_equal(fdb_learn(f, 1, mac(2), fdb_loc_vtep(1), 0), 1);
	assert_int_equal(fdb_learn(f, 1, mac(3), fdb_loc_port(2), 0), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_VNI_LIMIT], 1);
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 0);
	assert_int_equal(f->refused[VXSW_REFUSE_PORT_LIMIT], 0);
	/* Other VNIs are not limited. */
	assert_int_equal(fdb_learn(f, 0, mac(3), fdb_loc_port(2), 0), 1);
	assert_int_equal(fdb_learn(f, 2, mac(3), fdb_loc_port(2), 0), 1);
	assert_int_equal(fdb_learn(f, 2, mac(4), fdb_loc_port(2), 0), 1);
	assert_int_equal(fdb_learn(f, 2, mac(5), fdb_loc_port(2), 0), 1);
	/* A move within the VNI keeps its count. */
	assert_int_equal(fdb_learn(f, 1, mac(2), fdb_loc_port(6), 0), 2);
	/* Statics are not limited and not counted. */
	assert_int_equal(fdb_add_static(f, 1, mac(9), fdb_loc_port(1), 0), 0);
	assert_int_equal(f->vni_count[1], 2);
	/* Aged out: room again. */
	assert_int_equal(fdb_learn(f, 1, mac(1), fdb_loc_port(1), 100), 0);
	/* All but mac(1) in VNI 1 and the static were last seen at 0. */
	assert_int_equal(fdb_age(f, 350, 300), 5);
	assert_int_equal(f->vni_count[1], 1);
	assert_int_equal(fdb_learn(f, 1, mac(3), fdb_loc_port(2), 350), 1);
	assert_int_equal(fdb_learn(f, 1, mac(4), fdb_loc_port(2), 350), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_VNI_LIMIT], 2);
	/* 0: no limit. */
	fdb_set_vni_limit(f, 1, 0);
	assert_int_equal(fdb_learn(f, 1, mac(4), fdb_loc_port(2), 350), 1);
}

static void test_port_limit(void **state)
{
	struct fdb *f = *state;

	SKIP_WITHOUT_EAL();
	fdb_set_port_limit(f, 2);
	assert_int_equal(fdb_learn(f, 0, mac(1), fdb_loc_port(3), 0), 1);
	assert_int_equal(fdb_learn(f, 1, mac(2), fdb_loc_port(3), 0), 1);
	assert_int_equal(fdb_learn(f, 2, mac(3), fdb_loc_port(3), 0), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_PORT_LIMIT], 1);
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 0);
	assert_int_equal(f->refused[VXSW_REFUSE_VNI_LIMIT], 0);
	/* Other ports, and remote VTEPs, are not limited by it. */
	assert_int_equal(fdb_learn(f, 2, mac(3), fdb_loc_port(4), 0), 1);
	assert_int_equal(fdb_learn(f, 0, mac(4), fdb_loc_vtep(3), 0), 1);
	assert_int_equal(fdb_learn(f, 0, mac(5), fdb_loc_vtep(3), 0), 1);
	assert_int_equal(fdb_learn(f, 0, mac(6), fdb_loc_vtep(3), 0), 1);
	/* A move into the full port is refused and leaves the entry where it was. */
	assert_int_equal(fdb_learn(f, 2, mac(3), fdb_loc_port(3), 10), -ENOSPC);
	assert_int_equal(loc_of(f, 2, mac(3)), fdb_loc_port(4));
	assert_int_equal(f->refused[VXSW_REFUSE_PORT_LIMIT], 2);
	assert_int_equal(fdb_learn(f, 0, mac(4), fdb_loc_port(3), 10), -ENOSPC);
	assert_int_equal(loc_of(f, 0, mac(4)), fdb_loc_vtep(3));
	assert_int_equal(f->refused[VXSW_REFUSE_PORT_LIMIT], 3);
	assert_int_equal(refs_at(fdb_loc_port(3)), 2);
	/* A move out of it makes room; into a port with room is fine. */
	assert_int_equal(fdb_learn(f, 0, mac(1), fdb_loc_port(4), 10), 2);
	assert_int_equal(f->port_count[3], 1);
	assert_int_equal(f->port_count[4], 2);
	assert_int_equal(fdb_learn(f, 0, mac(4), fdb_loc_port(4), 11), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_PORT_LIMIT], 4);
	assert_int_equal(fdb_learn(f, 0, mac(4), fdb_loc_port(3), 11), 2);
	assert_int_equal(f->port_count[3], 2);
	/* Statics do not count and are not limited. */
	assert_int_equal(fdb_add_static(f, 3, mac(8), fdb_loc_port(3), 0), 0);
	assert_int_equal(f->port_count[3], 2);
	/* 0: no limit. */
	fdb_set_port_limit(f, 0);
	assert_int_equal(fdb_learn(f, 2, mac(3), fdb_loc_port(3), 12), 2);
	assert_int_equal(f->port_count[3], 3);
	assert_int_equal(bad_deltas, 0);
}

/* The table size is a hard limit for everything, static entries included. */
static void test_table_size(void **state)
{
	struct fdb *f;
	uint32_t i;

	(void)state;
	SKIP_WITHOUT_EAL();
	f = make_fdb(8);
	fdb_set_limit(f, 100);
	assert_int_equal(f->limit, 8);
	for (i = 0; i < 6; i++)
		assert_int_equal(fdb_learn(f, 0, mac(i), fdb_loc_port(1), 0), 1);
	assert_int_equal(fdb_add_static(f, 0, mac(6), fdb_loc_vtep(1), 0), 0);
	assert_int_equal(fdb_add_static(f, 1, mac(6), fdb_loc_vtep(1), 0), 0);
	assert_int_equal(f->count, 8);
	assert_int_equal(fdb_learn(f, 2, mac(7), fdb_loc_port(1), 0), -ENOSPC);
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 1);
	assert_int_equal(fdb_add_static(f, 2, mac(7), fdb_loc_port(1), 0), -ENOSPC);
	assert_int_equal(f->count, 8);
	/* Full, but what is there can still move, or turn static. */
	assert_int_equal(fdb_learn(f, 0, mac(0), fdb_loc_port(2), 1), 2);
	assert_int_equal(fdb_add_static(f, 0, mac(1), fdb_loc_port(2), 1), 0);
	assert_int_equal(f->count, 8);
	assert_int_equal(fdb_del(f, 0, mac(2)), 0);
	assert_int_equal(fdb_learn(f, 2, mac(7), fdb_loc_port(1), 0), 1);
	fdb_free(f);

	/* A larger table never holds more than its size, whatever the hash does. */
	f = make_fdb(64);
	for (i = 0; i < 1000; i++) {
		int r = fdb_learn(f, i % MAX_VNIS, mac(1000 + i), fdb_loc_vtep(1), 0);

		assert_true(r == 1 || r == -ENOSPC);
	}
	assert_true(f->count <= 64);
	assert_true(f->count >= 56);
	assert_int_equal(f->refused[VXSW_REFUSE_TABLE_FULL], 1000 - f->count);
	fdb_free(f);
}

static void test_flush(void **state)
{
	struct fdb *f = *state;
	uint32_t v, i;

	SKIP_WITHOUT_EAL();
	/* Per VNI: 3 learned at port 1, 2 learned at VTEP 2, 1 static at port 1, 1 at VTEP 2. */
	for (v = 0; v < 3; v++) {
		for (i = 0; i < 3; i++)
			assert_int_equal(fdb_learn(f, v, mac(i), fdb_loc_port(1), 0), 1);
		for (i = 3; i < 5; i++)
			assert_int_equal(fdb_learn(f, v, mac(i), fdb_loc_vtep(2), 0), 1);
		assert_int_equal(fdb_add_static(f, v, mac(5), fdb_loc_port(1), 0), 0);
		assert_int_equal(fdb_add_static(f, v, mac(6), fdb_loc_vtep(2), 0), 0);
	}
	assert_int_equal(f->count, 21);
	/* One VNI, one place, learned only. */
	assert_int_equal(fdb_flush(f, 0, fdb_loc_port(1), false), 3);
	assert_false(present(f, 0, mac(0)));
	assert_true(present(f, 0, mac(3)));
	assert_true(present(f, 0, mac(5)));
	assert_true(present(f, 1, mac(0)));
	/* A place in every VNI, statics too; the place matches whatever its flags. */
	assert_int_equal(fdb_flush(f, FDB_ANY, fdb_loc_vtep(2), true), 9);
	assert_false(present(f, 1, mac(6)));
	assert_false(present(f, 2, mac(3)));
	assert_true(present(f, 1, mac(0)));
	assert_int_equal(refs_at(fdb_loc_vtep(2)), 0);
	/* A VNI, every place, learned only. */
	assert_int_equal(fdb_flush(f, 1, FDB_ANY, false), 3);
	assert_true(present(f, 1, mac(5)));
	assert_true(present(f, 2, mac(0)));
	/* The same again: nothing left to flush. */
	assert_int_equal(fdb_flush(f, 1, FDB_ANY, false), 0);
	/* A place that holds nothing. */
	assert_int_equal(fdb_flush(f, FDB_ANY, fdb_loc_port(2), true), 0);
	assert_int_equal(fdb_flush(f, FDB_ANY, fdb_loc_vtep(1), true), 0);
	/* Everything. */
	assert_int_equal(f->count, 6);
	assert_int_equal(fdb_flush(f, FDB_ANY, FDB_ANY, false), 3);
	assert_int_equal(fdb_flush(f, FDB_ANY, FDB_ANY, true), 3);
	assert_int_equal(f->count, 0);
	assert_int_equal(f->n_learned, 0);
	assert_int_equal(refs_at(fdb_loc_port(1)), 0);
	assert_int_equal(bad_deltas, 0);
}

struct walk_state {
	uint32_t n;
	uint8_t seen[MAX_VNIS][64];
	uint32_t loc[MAX_VNIS][64];
	uint32_t last[MAX_VNIS][64];
	uint32_t stop_after;
};

static int walk_cb(uint32_t vni, const uint8_t m[6], uint32_t loc, uint32_t last_seen, void *arg)
{
	struct walk_state *w = arg;
	uint32_t i = m[5];

	assert_true(vni < MAX_VNIS);
	assert_memory_equal(m, mac(i), 6);
	w->seen[vni][i]++;
	w->loc[vni][i] = loc;
	w->last[vni][i] = last_seen;
	w->n++;
	return w->stop_after && w->n == w->stop_after ? 42 : 0;
}

static void test_walk(void **state)
{
	static struct walk_state w;
	struct fdb *f = *state;
	uint32_t v, i;

	SKIP_WITHOUT_EAL();
	memset(&w, 0, sizeof(w));
	assert_int_equal(fdb_walk(f, FDB_ANY, walk_cb, &w), 0);
	assert_int_equal(w.n, 0);
	for (v = 0; v < MAX_VNIS; v++)
		for (i = v; i < 40; i += v + 1)
			assert_int_equal(fdb_learn(f, v, mac(i), fdb_loc_port((uint16_t)(i % 8)),
						   100 * v + i),
					 1);
	assert_int_equal(fdb_add_static(f, 3, mac(50), fdb_loc_vtep(7), 5), 0);
	assert_int_equal(fdb_del(f, 0, mac(10)), 0);

	assert_int_equal(fdb_walk(f, FDB_ANY, walk_cb, &w), 0);
	assert_int_equal(w.n, f->count);
	for (v = 0; v < MAX_VNIS; v++) {
		for (i = 0; i < 64; i++) {
			bool want = (i >= v && i < 40 && (i - v) % (v + 1) == 0 &&
				     !(v == 0 && i == 10)) ||
				    (v == 3 && i == 50);

			assert_int_equal(w.seen[v][i], want ? 1 : 0);
			if (!want)
				continue;
			if (i == 50) {
				assert_int_equal(w.loc[v][i], fdb_loc_vtep(7) | FDB_LOC_STATIC);
				assert_int_equal(w.last[v][i], 5);
			} else {
				assert_int_equal(w.loc[v][i], fdb_loc_port((uint16_t)(i % 8)));
				assert_int_equal(w.last[v][i], 100 * v + i);
			}
		}
	}

	/* One VNI only. */
	memset(&w, 0, sizeof(w));
	assert_int_equal(fdb_walk(f, 2, walk_cb, &w), 0);
	assert_int_equal(w.n, 13); /* 2, 5, ..., 38 */
	for (i = 0; i < 64; i++)
		assert_int_equal(w.seen[0][i] + w.seen[1][i] + w.seen[3][i], 0);
	memset(&w, 0, sizeof(w));
	assert_int_equal(fdb_walk(f, MAX_VNIS + 1, walk_cb, &w), 0);
	assert_int_equal(w.n, 0);

	/* A non-zero return stops the walk and is returned. */
	memset(&w, 0, sizeof(w));
	w.stop_after = 3;
	assert_int_equal(fdb_walk(f, FDB_ANY, walk_cb, &w), 42);
	assert_int_equal(w.n, 3);
}

static void test_lookup_bulk(void **state)
{
	struct fdb *f = *state;
	struct fdb_key k[64];
	const void *keys[64];
	void *data[64];
	uint64_t hits;
	uint32_t i;

	SKIP_WITHOUT_EAL();
	for (i = 0; i < 64; i += 3)
		assert_int_equal(fdb_learn(f, i % MAX_VNIS, mac(i), fdb_loc_vtep((uint16_t)i), i),
				 1);
	assert_int_equal(fdb_add_static(f, 1, mac(1), fdb_loc_port(2), 0), 0);
	for (i = 0; i < 64; i++) {
		fdb_key_set(&k[i], i % MAX_VNIS, mac(i));
		keys[i] = &k[i];
		data[i] = NULL;
	}
	hits = fdb_lookup_bulk(f, keys, 64, data);
	for (i = 0; i < 64; i++) {
		bool want = i % 3 == 0 || i == 1;

		assert_int_equal((hits >> i) & 1, want);
		if (!want)
			continue;
		if (i == 1) {
			assert_int_equal(fdb_data_loc((uintptr_t)data[i]),
					 fdb_loc_port(2) | FDB_LOC_STATIC);
		} else {
			assert_int_equal(fdb_data_loc((uintptr_t)data[i]),
					 fdb_loc_vtep((uint16_t)i));
			assert_int_equal(f->last_seen[fdb_data_pos((uintptr_t)data[i])], i);
		}
	}
	/* Fewer keys than a full burst; a key of another VNI misses. */
	fdb_key_set(&k[0], 1, mac(0));
	hits = fdb_lookup_bulk(f, keys, 5, data);
	assert_int_equal(hits, 1u << 3 | 1u << 1);
}

/* ---- a random sequence of operations against a reference model ---- */

/* xorshift64*: a fixed seed gives the same sequence everywhere. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

#define M_VNIS	 MAX_VNIS
#define M_MACS	 20 /* the last two are invalid sources: multicast, zero */
#define M_PLACES 10 /* ports 0-4, VTEPs 0-4 */

struct m_entry {
	bool on;
	uint32_t loc; /* with FDB_LOC_STATIC */
	uint32_t seen;
};

struct model {
	struct m_entry e[M_VNIS][M_MACS];
	uint32_t size, limit, port_limit, vni_limit[M_VNIS];
	uint64_t refused[VXSW_REFUSE_MAX + 1];
};

static const uint8_t *m_mac(uint32_t i)
{
	static const uint8_t mc[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
	static const uint8_t zero[6];

	if (i == M_MACS - 2)
		return mc;
	if (i == M_MACS - 1)
		return zero;
	return mac(i);
}

static uint32_t m_place(uint32_t i)
{
	return i < M_PLACES / 2 ? fdb_loc_port((uint16_t)i)
				: fdb_loc_vtep((uint16_t)(i - M_PLACES / 2));
}

static bool m_learned(const struct m_entry *e)
{
	return e->on && !(e->loc & FDB_LOC_STATIC);
}

static uint32_t m_count(const struct model *m, int what, uint32_t arg)
{
	uint32_t v, i, n = 0;

	for (v = 0; v < M_VNIS; v++) {
		for (i = 0; i < M_MACS; i++) {
			const struct m_entry *e = &m->e[v][i];

			if (!e->on)
				continue;
			switch (what) {
			case 0: /* all */
				n++;
				break;
			case 1: /* learned */
				n += m_learned(e);
				break;
			case 2: /* learned in VNI arg */
				n += v == arg && m_learned(e);
				break;
			case 3: /* learned at local port arg */
				n += m_learned(e) && !(e->loc & FDB_LOC_REMOTE) &&
				     (e->loc & FDB_LOC_IDX_MASK) == arg;
				break;
			case 4: /* anything at place arg */
				n += fdb_loc_same(e->loc, arg);
				break;
			}
		}
	}
	return n;
}

static bool m_port_full(const struct model *m, uint32_t loc)
{
	return !(loc & FDB_LOC_REMOTE) && m->port_limit &&
	       m_count(m, 3, loc & FDB_LOC_IDX_MASK) >= m->port_limit;
}

static int m_learn(struct model *m, uint32_t v, uint32_t i, uint32_t loc, uint32_t now)
{
	struct m_entry *e;

	if (v >= M_VNIS || i >= M_MACS - 2)
		return -EINVAL;
	e = &m->e[v][i];
	if (e->on) {
		if (e->loc & FDB_LOC_STATIC)
			return fdb_loc_same(e->loc, loc) ? 0 : -EPERM;
		if (fdb_loc_same(e->loc, loc)) {
			e->seen = now;
			return 0;
		}
		if (m_port_full(m, loc)) {
			m->refused[VXSW_REFUSE_PORT_LIMIT]++;
			return -ENOSPC;
		}
		e->loc = loc;
		e->seen = now;
		return 2;
	}
	if (m_count(m, 0, 0) >= m->size) {
		m->refused[VXSW_REFUSE_TABLE_FULL]++;
		return -ENOSPC;
	}
	if (m->vni_limit[v] && m_count(m, 2, v) >= m->vni_limit[v]) {
		m->refused[VXSW_REFUSE_VNI_LIMIT]++;
		return -ENOSPC;
	}
	if (m_port_full(m, loc)) {
		m->refused[VXSW_REFUSE_PORT_LIMIT]++;
		return -ENOSPC;
	}
	if (m_count(m, 1, 0) >= m->limit) {
		m->refused[VXSW_REFUSE_TABLE_FULL]++;
		return -ENOSPC;
	}
	*e = (struct m_entry){true, loc, now};
	return 1;
}

static int m_add_static(struct model *m, uint32_t v, uint32_t i, uint32_t loc, uint32_t now)
{
	struct m_entry *e;

	if (v >= M_VNIS || i == M_MACS - 2)
		return -EINVAL;
	e = &m->e[v][i];
	loc |= FDB_LOC_STATIC;
	if (e->on) {
		if (e->loc != loc)
			*e = (struct m_entry){true, loc, now};
		return 0;
	}
	if (m_count(m, 0, 0) >= m->size)
		return -ENOSPC;
	*e = (struct m_entry){true, loc, now};
	return 0;
}

static int m_del(struct model *m, uint32_t v, uint32_t i)
{
	if (v >= M_VNIS || !m->e[v][i].on)
		return -ENOENT;
	m->e[v][i].on = false;
	return 0;
}

static int m_age(struct model *m, uint32_t now, uint32_t ageing)
{
	uint32_t v, i;
	int n = 0;

	for (v = 0; ageing && v < M_VNIS; v++) {
		for (i = 0; i < M_MACS; i++) {
			struct m_entry *e = &m->e[v][i];

			if (m_learned(e) && now - e->seen > ageing) {
				e->on = false;
				n++;
			}
		}
	}
	return n;
}

static int m_flush(struct model *m, uint32_t vni, uint32_t loc, bool statics)
{
	uint32_t v, i;
	int n = 0;

	for (v = 0; v < M_VNIS; v++) {
		for (i = 0; i < M_MACS; i++) {
			struct m_entry *e = &m->e[v][i];

			if (!e->on || (vni != FDB_ANY && v != vni) ||
			    (loc != FDB_ANY && !fdb_loc_same(e->loc, loc)) ||
			    (!statics && (e->loc & FDB_LOC_STATIC)))
				continue;
			e->on = false;
			n++;
		}
	}
	return n;
}

struct m_walk {
	const struct model *m;
	uint32_t n, bad;
};

static int m_walk_cb(uint32_t vni, const uint8_t mc[6], uint32_t loc, uint32_t last_seen, void *arg)
{
	struct m_walk *w = arg;
	uint32_t i = mc[0] & 1 ? M_MACS - 2 : mc[0] == 0 ? M_MACS - 1 : mc[5];
	const struct m_entry *e;

	w->n++;
	if (vni >= M_VNIS || i >= M_MACS || memcmp(mc, m_mac(i), 6) != 0) {
		w->bad++;
		return 0;
	}
	e = &w->m->e[vni][i];
	if (!e->on || e->loc != loc || e->seen != last_seen)
		w->bad++;
	return 0;
}

/* The table, its counters and the references agree with the model. */
static void m_compare(struct fdb *f, const struct model *m, uint32_t step)
{
	struct m_walk w = {.m = m};
	struct fdb_key k[M_VNIS * M_MACS];
	const void *keys[64];
	void *data[64];
	uint32_t n, j, base, p;
	uint64_t hits;

	assert_int_equal(fdb_walk(f, FDB_ANY, m_walk_cb, &w), 0);
	if (w.bad || w.n != m_count(m, 0, 0))
		fail_msg("step %u: walk saw %u entries, %u wrong; model has %u", step, w.n, w.bad,
			 m_count(m, 0, 0));
	assert_int_equal(f->count, m_count(m, 0, 0));
	assert_int_equal(f->n_learned, m_count(m, 1, 0));
	for (j = 0; j <= VXSW_REFUSE_MAX; j++)
		if (f->refused[j] != m->refused[j])
			fail_msg("step %u: refused[%u] %llu, model %llu", step, j,
				 (unsigned long long)f->refused[j],
				 (unsigned long long)m->refused[j]);
	for (p = 0; p < M_PLACES; p++)
		if (refs_at(m_place(p)) != m_count(m, 4, m_place(p)))
			fail_msg("step %u: place %u holds %u entries, refs say %lld", step, p,
				 m_count(m, 4, m_place(p)), (long long)refs_at(m_place(p)));
	assert_int_equal(bad_deltas, 0);

	/* Every key, present or not, through the fast-path lookup. */
	n = M_VNIS * M_MACS;
	for (j = 0; j < n; j++)
		fdb_key_set(&k[j], j / M_MACS, m_mac(j % M_MACS));
	for (base = 0; base < n; base += 64) {
		uint32_t cnt = n - base < 64 ? n - base : 64;

		for (j = 0; j < cnt; j++)
			keys[j] = &k[base + j];
		hits = fdb_lookup_bulk(f, keys, cnt, data);
		for (j = 0; j < cnt; j++) {
			const struct m_entry *e = &m->e[(base + j) / M_MACS][(base + j) % M_MACS];
			uintptr_t d = (uintptr_t)data[j];

			if ((int)((hits >> j) & 1) != (int)e->on)
				fail_msg("step %u: key %u hit %d, model %d", step, base + j,
					 (int)((hits >> j) & 1), e->on);
			if (!e->on)
				continue;
			assert_int_equal(fdb_data_loc(d), e->loc);
			assert_true(fdb_data_pos(d) < f->n_slots);
			assert_int_equal(f->last_seen[fdb_data_pos(d)], e->seen);
		}
	}
}

static void run_model(uint32_t size, uint64_t seed, uint32_t steps)
{
	static struct model m;
	struct fdb *f = make_fdb(size);
	uint32_t step, now = 1000, p, before[M_PLACES];
	int got, want;

	memset(&m, 0, sizeof(m));
	m.size = size;
	m.limit = size;
	for (step = 0; step < steps; step++) {
		uint32_t op = rnd(&seed) % 100;
		uint32_t v = rnd(&seed) % (M_VNIS * 8 + 1) / 8; /* M_VNIS now and then */
		uint32_t i = rnd(&seed) % M_MACS;
		uint32_t loc = m_place(rnd(&seed) % M_PLACES);

		now += rnd(&seed) % 4;
		for (p = 0; p < M_PLACES; p++)
			before[p] = m_count(&m, 4, m_place(p));
		memset(zero_hits, 0, sizeof(zero_hits));
		if (op < 45) {
			got = fdb_learn(f, v, m_mac(i), loc, now);
			want = m_learn(&m, v, i, loc, now);
		} else if (op < 55) {
			got = fdb_add_static(f, v, m_mac(i), loc, now);
			want = m_add_static(&m, v, i, loc, now);
		} else if (op < 75) {
			got = fdb_del(f, v, m_mac(i));
			want = m_del(&m, v, i);
		} else if (op < 85) {
			uint32_t ageing = (uint32_t)(rnd(&seed) % 5) * 10;

			got = fdb_age(f, now, ageing);
			want = m_age(&m, now, ageing);
		} else if (op < 88) {
			uint32_t fv = rnd(&seed) & 1 ? v : FDB_ANY;
			uint32_t fl = rnd(&seed) & 1 ? loc : FDB_ANY;
			bool st = rnd(&seed) & 1;

			if (fv == M_VNIS)
				fv = FDB_ANY;
			got = fdb_flush(f, fv, fl, st);
			want = m_flush(&m, fv, fl, st);
		} else if (op < 92) {
			static const uint32_t limits[] = {0, 5, 12, 30};
			uint32_t l = limits[rnd(&seed) % 4];

			fdb_set_limit(f, l);
			m.limit = l == 0 || l > size ? size : l;
			got = want = 0;
		} else if (op < 96) {
			static const uint32_t limits[] = {0, 1, 3, 6};
			uint32_t l = limits[rnd(&seed) % 4];

			fdb_set_port_limit(f, l);
			m.port_limit = l;
			got = want = 0;
		} else {
			static const uint32_t limits[] = {0, 2, 8};
			uint32_t l = limits[rnd(&seed) % 3];

			fdb_set_vni_limit(f, v, l);
			if (v < M_VNIS)
				m.vni_limit[v] = l;
			got = want = 0;
		}
		if (got != want)
			fail_msg("step %u: op %u vni %u mac %u loc %#x: got %d, model %d", step, op,
				 v, i, loc, got, want);
		/* A place's references fall to zero exactly when its last entry goes. */
		for (p = 0; p < M_PLACES; p++) {
			uint32_t l = m_place(p);
			uint32_t z = zero_hits[!!(l & FDB_LOC_REMOTE)][l & FDB_LOC_IDX_MASK];
			uint32_t after = m_count(&m, 4, l);

			if (z != (before[p] && !after))
				fail_msg("step %u: place %u went %u -> %u entries, refs hit 0 %u "
					 "times",
					 step, p, before[p], after, z);
		}
		m_compare(f, &m, step);
	}
	fdb_free(f);
}

static void test_model_large(void **state)
{
	(void)state;
	SKIP_WITHOUT_EAL();
	run_model(1024, 0x5eed0001, 6000);
}

/* A table of 8 is full most of the time: the size limit against the model. */
static void test_model_small(void **state)
{
	(void)state;
	SKIP_WITHOUT_EAL();
	run_model(8, 0x5eed0002, 6000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_invalid),
		cmocka_unit_test_setup_teardown(test_learn_move, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_learn_invalid, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_del_get, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_static, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_extern, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_events, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_cache_ways, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_cache, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_ageing, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_touch, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_global_limit, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_vni_limit, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_port_limit, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_table_size, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_flush, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_walk, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_lookup_bulk, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_model_large, fdb_setup, fdb_teardown),
		cmocka_unit_test_setup_teardown(test_model_small, fdb_setup, fdb_teardown),
	};

	return cmocka_run_group_tests(tests, eal_setup, eal_teardown);
}
