/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cls: the flow table's match semantics (dataplane/flow.h, flow.c) and its classifier
 * (dataplane/cls.c). The classifier is checked against a brute-force search over the same
 * rules (flow_match + flow_better on every rule) on random rules and keys, with a fixed seed,
 * while rules come and go; the key extraction on frames built by pkt_build.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cls.h"
#include "flow.h"
#include "pkt_build.h"

/* ---- a small deterministic generator (xorshift64*), so every run sees the same cases ---- */

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static uint32_t rnd_below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

/* ---- random keys and rules from small value sets, so that rules overlap and keys match ---- */

static void rnd_key(struct flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->f.vni = 100 + rnd_below(3);
	k->f.in_port = (uint16_t)rnd_below(4);
	k->f.ethertype = rnd_below(4) ? pkt_htons(VXSW_ETHERTYPE_IPV4) : pkt_htons(0x86dd);
	k->f.eth_dst[0] = 2;
	k->f.eth_dst[5] = (uint8_t)rnd_below(6);
	k->f.eth_src[0] = 2;
	k->f.eth_src[4] = (uint8_t)rnd_below(2);
	k->f.eth_src[5] = (uint8_t)rnd_below(6);
	k->f.ip_version = 4;
	k->f.ip_src[0] = 10;
	k->f.ip_src[2] = (uint8_t)rnd_below(4);
	k->f.ip_src[3] = (uint8_t)rnd_below(8);
	k->f.ip_dst[0] = 10;
	k->f.ip_dst[2] = (uint8_t)rnd_below(4);
	k->f.ip_dst[3] = (uint8_t)rnd_below(8);
	k->f.ip_proto = rnd_below(2) ? VXSW_IPPROTO_TCP : VXSW_IPPROTO_UDP;
	k->f.l4_src = pkt_htons(1000 + rnd_below(3));
	k->f.l4_dst = pkt_htons(rnd_below(2) ? 22 : 80 + rnd_below(2));
}

/* A prefix mask of bits bits over n bytes. */
static void prefix(uint8_t *m, unsigned int n, unsigned int bits)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int b = bits > 8 * i ? bits - 8 * i : 0;

		m[i] = b >= 8 ? 0xff : (uint8_t)(0xff00 >> b);
	}
}

/* A rule matching a random key on a random subset of the fields. */
static void rnd_rule(struct cls_rule *r, uint32_t id)
{
	struct flow_key *m = &r->m.mask;

	memset(r, 0, sizeof(*r));
	rnd_key(&r->m.value);
	if (rnd_below(2))
		m->f.vni = 0xffffffff;
	if (rnd_below(3) == 0)
		m->f.in_port = 0xffff;
	if (rnd_below(3) == 0)
		m->f.ethertype = 0xffff;
	if (rnd_below(4) == 0)
		memset(m->f.eth_dst, 0xff, 6);
	if (rnd_below(5) == 0)
		prefix(m->f.eth_src, 6, 40); /* an OUI-like prefix */
	if (rnd_below(2)) {
		m->f.ip_version = 0xff;
		prefix(m->f.ip_src, 4, rnd_below(2) ? 24 : 32 - rnd_below(3));
	}
	if (rnd_below(2))
		prefix(m->f.ip_dst, 4, rnd_below(2) ? 30 : 32);
	if (rnd_below(3) == 0)
		m->f.ip_proto = 0xff;
	if (rnd_below(3) == 0)
		m->f.l4_dst = 0xffff;
	if (rnd_below(6) == 0)
		m->f.l4_src = 0xffff;
	r->priority = rnd_below(8); /* few values: ties are common */
	r->id = id;
	r->action = id * 7ull;
}

/* ---- the reference: every rule, in turn ---- */

struct ref {
	struct cls_rule *r;
	bool *live;
	uint32_t n;
};

static const struct cls_rule *ref_lookup(const struct ref *ref, const struct flow_key *k)
{
	const struct cls_rule *best = NULL;
	struct flow_match m;
	uint32_t i;

	for (i = 0; i < ref->n; i++) {
		const struct cls_rule *r = &ref->r[i];

		if (!ref->live[i])
			continue;
		m = r->m;
		flow_mask_apply(&m.value, &m.mask); /* the classifier masks on add */
		if (flow_match(&m, k) &&
		    (!best || flow_better(r->priority, r->id, best->priority, best->id)))
			best = r;
	}
	return best;
}

static void expect_same(const struct cls *c, const struct ref *ref, const struct flow_key *k)
{
	const struct cls_rule *got = cls_lookup(c, k), *want = ref_lookup(ref, k);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->action, want->action);
}

/* Thousands of random rules and keys; rules deleted and added between rounds. */
static void test_against_reference(void **state)
{
	enum { RULES = 2000, ROUNDS = 20, KEYS = 1000 };
	struct ref ref = {calloc(RULES * 2, sizeof(struct cls_rule)), calloc(RULES * 2, 1), 0};
	struct flow_key k;
	struct cls *c;
	uint32_t round, i, matched = 0, live = 0;

	(void)state;
	assert_non_null(ref.r);
	assert_int_equal(cls_create(RULES * 2, &c), 0);
	for (i = 0; i < RULES; i++) {
		rnd_rule(&ref.r[ref.n], ref.n);
		assert_int_equal(cls_add(c, &ref.r[ref.n]), 0);
		ref.live[ref.n++] = true;
		live++;
	}
	for (round = 0; round < ROUNDS; round++) {
		for (i = 0; i < KEYS; i++) {
			rnd_key(&k);
			expect_same(c, &ref, &k);
			matched += ref_lookup(&ref, &k) != NULL;
		}
		/* A tenth of the live rules go, as many new ones come. */
		for (i = 0; i < RULES / 10; i++) {
			uint32_t j = rnd_below(ref.n);

			if (!ref.live[j])
				continue;
			assert_int_equal(cls_del(c, ref.r[j].id), 0);
			ref.live[j] = false;
			live--;
		}
		for (i = 0; i < RULES / 10 && ref.n < RULES * 2; i++) {
			rnd_rule(&ref.r[ref.n], ref.n);
			assert_int_equal(cls_add(c, &ref.r[ref.n]), 0);
			ref.live[ref.n++] = true;
			live++;
		}
		assert_int_equal(cls_count(c), live);
	}
	/* The cases mean something: most keys matched a rule, not all the same one. */
	assert_true(matched > ROUNDS * KEYS / 2);
	assert_true(cls_tuples(c) > 10);
	cls_free(c);
	free(ref.r);
	free(ref.live);
}

static void test_priority_and_ties(void **state)
{
	struct cls_rule a, b, any;
	struct flow_key k;
	struct cls *c;

	(void)state;
	assert_int_equal(cls_create(8, &c), 0);
	memset(&k, 0, sizeof(k));
	k.f.vni = 100;
	k.f.l4_dst = pkt_htons(22);

	memset(&any, 0, sizeof(any)); /* matches everything */
	any.id = 1;
	any.priority = 0;
	memset(&a, 0, sizeof(a));
	a.m.value.f.vni = 100;
	a.m.mask.f.vni = 0xffffffff;
	a.priority = 10;
	a.id = 2;
	b = a;
	b.m.value.f.l4_dst = pkt_htons(22);
	b.m.mask.f.l4_dst = 0xffff;
	b.id = 3; /* same priority as a, added later: a wins */

	assert_null(cls_lookup(c, &k));
	assert_int_equal(cls_add(c, &any), 0);
	assert_int_equal(cls_lookup(c, &k)->id, 1);
	assert_int_equal(cls_add(c, &b), 0);
	assert_int_equal(cls_lookup(c, &k)->id, 3);
	assert_int_equal(cls_add(c, &a), 0);
	assert_int_equal(cls_lookup(c, &k)->id, 2); /* the tie goes to the lower id */
	assert_int_equal(cls_add(c, &a), -EEXIST);
	b.priority = 11;
	b.id = 4;
	assert_int_equal(cls_add(c, &b), 0);
	assert_int_equal(cls_lookup(c, &k)->id, 4);
	assert_int_equal(cls_del(c, 4), 0);
	assert_int_equal(cls_lookup(c, &k)->id, 2);
	assert_int_equal(cls_del(c, 4), -ENOENT);
	assert_int_equal(cls_del(c, 2), 0);
	assert_int_equal(cls_del(c, 3), 0);
	assert_int_equal(cls_lookup(c, &k)->id, 1);
	assert_int_equal(cls_tuples(c), 1);
	k.f.vni = 200;
	assert_int_equal(cls_lookup(c, &k)->id, 1);
	assert_int_equal(cls_del(c, 1), 0);
	assert_null(cls_lookup(c, &k));
	assert_int_equal(cls_tuples(c), 0);
	cls_free(c);
}

/* The hard limit: past it, -ENOSPC and nothing changes. */
static void test_limit(void **state)
{
	struct cls_rule r;
	struct cls *c;
	uint32_t i;

	(void)state;
	assert_int_equal(cls_create(100, &c), 0);
	for (i = 0; i < 100; i++) {
		rnd_rule(&r, i);
		assert_int_equal(cls_add(c, &r), 0);
	}
	rnd_rule(&r, 100);
	assert_int_equal(cls_add(c, &r), -ENOSPC);
	assert_int_equal(cls_count(c), 100);
	assert_null(cls_get(c, 100));
	assert_non_null(cls_get(c, 99));
	cls_free(c);
}

/* The fields of real frames. */
static void test_extract(void **state)
{
	struct pb_inner o;
	struct flow_key k;
	uint8_t f[256];
	uint32_t len;

	(void)state;
	pb_inner_defaults(&o);
	o.proto = VXSW_IPPROTO_TCP;
	o.sport = 40000;
	o.dport = 22;
	len = pb_inner_build(f, sizeof(f), &o);
	flow_key_extract(&k, f, len, 3, 100);
	assert_int_equal(k.f.vni, 100);
	assert_int_equal(k.f.in_port, 3);
	assert_memory_equal(k.f.eth_dst, o.dst_mac, 6);
	assert_memory_equal(k.f.eth_src, o.src_mac, 6);
	assert_int_equal(k.f.ethertype, pkt_htons(VXSW_ETHERTYPE_IPV4));
	assert_int_equal(k.f.ip_version, 4);
	assert_int_equal(pkt_load32(k.f.ip_src), pkt_htonl(o.saddr));
	assert_int_equal(pkt_load32(k.f.ip_dst), pkt_htonl(o.daddr));
	assert_int_equal(k.f.ip_proto, VXSW_IPPROTO_TCP);
	assert_int_equal(k.f.l4_src, pkt_htons(40000));
	assert_int_equal(k.f.l4_dst, pkt_htons(22));

	/* A later fragment has no ports. */
	o.frag_off = 100;
	len = pb_inner_build(f, sizeof(f), &o);
	flow_key_extract(&k, f, len, 3, 100);
	assert_int_equal(k.f.ip_proto, VXSW_IPPROTO_TCP);
	assert_int_equal(k.f.l4_dst, 0);

	/* IPv6 UDP. */
	pb_inner_defaults(&o);
	o.ethertype = VXSW_ETHERTYPE_IPV6;
	o.saddr6[0] = 0xfd;
	o.daddr6[15] = 9;
	o.proto = VXSW_IPPROTO_UDP;
	o.dport = 53;
	len = pb_inner_build(f, sizeof(f), &o);
	flow_key_extract(&k, f, len, 0, 7);
	assert_int_equal(k.f.ip_version, 6);
	assert_memory_equal(k.f.ip_src, o.saddr6, 16);
	assert_memory_equal(k.f.ip_dst, o.daddr6, 16);
	assert_int_equal(k.f.l4_dst, pkt_htons(53));

	/* Cut at every length: never a read past the frame, fields present only when whole. */
	pb_inner_defaults(&o);
	len = pb_inner_build(f, sizeof(f), &o);
	for (uint32_t l = 0; l <= len; l++) {
		uint8_t *copy = malloc(l ? l : 1);

		assert_non_null(copy);
		memcpy(copy, f, l);
		flow_key_extract(&k, copy, l, 1, 1);
		if (l < VXSW_ETH_HLEN + VXSW_IPV4_HLEN)
			assert_int_equal(k.f.ip_version, 0);
		if (l < VXSW_ETH_HLEN + VXSW_IPV4_HLEN + 4)
			assert_int_equal(k.f.l4_dst, 0);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priority_and_ties),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_against_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
