/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_htab: vxswd's intrusive hash table (control/htab.c): add/find/del, a duplicate key, the
 * hard limit, growth to 100k entries with every entry still found, and removal while walking.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "htab.h"

/* A multi-byte key after other fields, as the mirror's tables have them. */
struct item {
	struct hnode hn;
	uint32_t val;
	struct {
		uint8_t mac[6];
		uint16_t vlan;
	} k;
};

static struct htab t;

static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	htab_fini(&t);
	return 0;
}

static void init(size_t max)
{
	assert_int_equal(
		htab_init(&t, offsetof(struct item, k), sizeof(((struct item *)0)->k), max), 0);
}

/* Items 0..n-1 with distinct keys (the index spread over the MAC). */
static struct item *items(size_t n)
{
	struct item *it = calloc(n, sizeof(*it));
	size_t i;

	assert_non_null(it);
	for (i = 0; i < n; i++) {
		it[i].val = (uint32_t)i;
		it[i].k.mac[0] = 0x02;
		it[i].k.mac[3] = (uint8_t)(i >> 16);
		it[i].k.mac[4] = (uint8_t)(i >> 8);
		it[i].k.mac[5] = (uint8_t)i;
		it[i].k.vlan = (uint16_t)(i % 7);
	}
	return it;
}

static void test_add_find_del(void **state)
{
	struct item *it = items(3), probe;

	(void)state;
	init(16);
	assert_null(htab_find(&t, &it[0].k));
	assert_int_equal(htab_add(&t, &it[0]), 0);
	assert_int_equal(htab_add(&t, &it[1]), 0);
	assert_ptr_equal(htab_find(&t, &it[0].k), &it[0]);
	assert_ptr_equal(htab_find(&t, &it[1].k), &it[1]);
	assert_null(htab_find(&t, &it[2].k));
	assert_int_equal(t.n, 2);

	/* A lookup key lives anywhere: only the bytes count. */
	probe.k = it[1].k;
	assert_ptr_equal(htab_find(&t, &probe.k), &it[1]);

	/* Same key, another entry: refused, the first one stays. */
	probe.val = 99;
	assert_int_equal(htab_add(&t, &probe), -EEXIST);
	assert_ptr_equal(htab_find(&t, &it[1].k), &it[1]);

	htab_del(&t, &it[0]);
	assert_null(htab_find(&t, &it[0].k));
	assert_ptr_equal(htab_find(&t, &it[1].k), &it[1]);
	assert_int_equal(t.n, 1);
	assert_int_equal(htab_add(&t, &it[0]), 0); /* and back */
	assert_ptr_equal(htab_find(&t, &it[0].k), &it[0]);
	free(it);
}

static void test_limit(void **state)
{
	struct item *it = items(4);

	(void)state;
	init(3);
	assert_int_equal(htab_add(&t, &it[0]), 0);
	assert_int_equal(htab_add(&t, &it[1]), 0);
	assert_int_equal(htab_add(&t, &it[2]), 0);
	assert_int_equal(htab_add(&t, &it[3]), -ENOSPC);
	assert_null(htab_find(&t, &it[3].k));
	assert_int_equal(htab_add(&t, &it[0]), -EEXIST); /* a duplicate is still a duplicate */
	assert_int_equal(t.n, 3);

	/* Room again once one leaves. */
	htab_del(&t, &it[1]);
	assert_int_equal(htab_add(&t, &it[3]), 0);
	assert_ptr_equal(htab_find(&t, &it[3].k), &it[3]);
	free(it);
}

static void test_zero_limit(void **state)
{
	struct item *it = items(1);

	(void)state;
	init(0);
	assert_int_equal(htab_add(&t, &it[0]), -ENOSPC);
	assert_int_equal(t.n, 0);
	free(it);
}

/* The buckets double many times on the way: every entry must be found after every growth. */
static void test_growth(void **state)
{
	const size_t n = 100000;
	struct item *it = items(n);
	size_t i;

	(void)state;
	init(n);
	for (i = 0; i < n; i++)
		assert_int_equal(htab_add(&t, &it[i]), 0);
	assert_int_equal(t.n, n);
	assert_true(t.nb >= n); /* at most one entry per bucket on average */
	for (i = 0; i < n; i++)
		assert_ptr_equal(htab_find(&t, &it[i].k), &it[i]);

	/* The limit holds at size too. */
	assert_int_equal(htab_add(&t, &it[0]), -EEXIST);
	{
		struct item extra = it[0];

		extra.k.mac[0] = 0x06;
		assert_int_equal(htab_add(&t, &extra), -ENOSPC);
	}

	/* Remove every other one: the rest are still there, the removed ones are not. */
	for (i = 0; i < n; i += 2)
		htab_del(&t, &it[i]);
	assert_int_equal(t.n, n / 2);
	for (i = 0; i < n; i++)
		assert_ptr_equal(htab_find(&t, &it[i].k), i % 2 ? &it[i] : NULL);
	free(it);
}

/* HTAB_FOREACH visits each entry exactly once, also when the body removes the current one. */
static void test_del_during_foreach(void **state)
{
	const size_t n = 1000;
	struct item *it = items(n), *e;
	uint8_t *seen = calloc(n, 1);
	size_t i, visits = 0;
	void *nx;

	(void)state;
	assert_non_null(seen);
	init(n);
	for (i = 0; i < n; i++)
		assert_int_equal(htab_add(&t, &it[i]), 0);

	HTAB_FOREACH(&t, e, i, nx)
	{
		assert_int_equal(seen[e->val]++, 0);
		visits++;
		if (e->val % 2 == 0) {
			htab_del(&t, e);
			memset(e, 0xa5, sizeof(*e)); /* as if freed: the walk must not look at it */
		}
	}
	assert_int_equal(visits, n);
	assert_int_equal(t.n, n / 2);
	for (i = 1; i < n; i += 2)
		assert_ptr_equal(htab_find(&t, &it[i].k), &it[i]);

	/* Empty it the same way: nothing left in any bucket. */
	visits = 0;
	HTAB_FOREACH(&t, e, i, nx)
	{
		htab_del(&t, e);
		visits++;
	}
	assert_int_equal(visits, n / 2);
	assert_int_equal(t.n, 0);
	for (i = 0; i < t.nb; i++)
		assert_null(t.b[i]);
	free(seen);
	free(it);
}

static void test_fini_zeroed(void **state)
{
	struct htab z;

	(void)state;
	memset(&z, 0, sizeof(z));
	htab_fini(&z); /* a table whose init never ran */
	htab_fini(&z); /* and twice */
	assert_null(htab_find(&z, "\0\0\0\0\0\0\0\0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_find_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_del_during_foreach, setup, teardown),
		cmocka_unit_test(test_fini_zeroed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
