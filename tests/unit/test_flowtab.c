// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_flowtab: the batch semantics both backends share (control/flowtab.c): all or nothing,
 * IDs that only grow, strict delete, MOD keeping ID, slot and counters, slots reused only after
 * a commit, resources taken by resolve given back exactly once, rollback of a published batch.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "flowtab.h"

/* A fake backend: ports p1/p2 exist, resolve takes one "reference" per rule, counters are
 * an array by slot. */
static struct {
	int refs;
	uint64_t packets[8], bytes[8];
} be;

static int resolve(void *arg, struct ftab_rule *r, const char **msg)
{
	(void)arg;
	if (r->spec.in_port[0] && strcmp(r->spec.in_port, "p1") && strcmp(r->spec.in_port, "p2")) {
		*msg = "in_port: no such port";
		return -ENOENT;
	}
	be.refs++;
	r->priv[0] = 42;
	return 0;
}

static void release(void *arg, struct ftab_rule *r)
{
	(void)arg;
	assert_int_equal(r->priv[0], 42);
	be.refs--;
}

static void counters(void *arg, uint32_t slot, uint64_t *p, uint64_t *b)
{
	(void)arg;
	assert_true(slot < 8);
	*p = be.packets[slot];
	*b = be.bytes[slot];
}

static const struct ftab_ops ops = {.resolve = resolve, .release = release, .counters = counters};

static struct flow_spec spec(const char *text)
{
	char line[256], *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	struct flow_spec s;
	int argc;

	snprintf(line, sizeof(line), "%s", text);
	argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
	if (flow_spec_parse(argc, argv, &s, err, sizeof(err)) < 0)
		fail_msg("%s: %s", text, err);
	return s;
}

/* Apply one change and commit it; returns the error. */
static int one(struct ftab *t, const char *text, uint32_t *id)
{
	struct flow_spec s = spec(text);
	const char *msg = NULL;
	uint32_t bad, dummy;
	int ret = ftab_apply(t, &s, 1, id ? id : &dummy, &bad, &msg);

	if (ret == 0)
		ftab_commit(t);
	return ret;
}

struct seen {
	uint32_t ids[16];
	uint64_t packets[16];
	unsigned int n;
};

static int collect(const struct flow_spec *s, void *arg)
{
	struct seen *v = arg;

	assert_true(s->has_counters);
	v->packets[v->n] = s->packets;
	v->ids[v->n++] = s->id;
	return 0;
}

static void test_batch_all_or_nothing(void **state)
{
	struct flow_spec b[3] = {spec("add priority 5 action drop"),
				 spec("add priority 6 action normal"),
				 spec("add in_port nope action drop")};
	struct ftab t;
	const char *msg = NULL;
	uint32_t ids[3], bad = 99, id;

	(void)state;
	memset(&be, 0, sizeof(be));
	assert_int_equal(ftab_init(&t, 8, &ops), 0);
	assert_int_equal(one(&t, "add priority 1 action count", &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(ftab_apply(&t, b, 3, ids, &bad, &msg), -ENOENT);
	assert_int_equal(bad, 2);
	assert_string_equal(msg, "in_port: no such port");
	/* Nothing of it stays, and what it took was given back. */
	assert_int_equal(ftab_count(&t), 1);
	assert_int_equal(be.refs, 1);
	/* The IDs the failed batch would have used are used now: nothing was consumed. */
	assert_int_equal(ftab_apply(&t, b, 2, ids, &bad, &msg), 0);
	ftab_commit(&t);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 3);
	assert_int_equal(be.refs, 3);
	ftab_fini(&t);
	assert_int_equal(be.refs, 0);
}

static void test_ids_del_mod(void **state)
{
	struct ftab t;
	struct seen v = {0};
	uint32_t id;

	(void)state;
	memset(&be, 0, sizeof(be));
	assert_int_equal(ftab_init(&t, 8, &ops), 0);
	assert_int_equal(one(&t, "add id 10 priority 1 action drop", &id), 0);
	assert_int_equal(id, 10);
	assert_int_equal(one(&t, "add id 10 action drop", NULL), -EEXIST);
	/* The next ID follows the highest given. */
	assert_int_equal(one(&t, "add priority 2 dst_ip 10.0.0.0/8 action drop", &id), 0);
	assert_int_equal(id, 11);
	/* Strict delete: priority and match exactly. */
	assert_int_equal(one(&t, "del priority 2 dst_ip 10.0.0.0/16", NULL), -ENOENT);
	assert_int_equal(one(&t, "del priority 3 dst_ip 10.0.0.0/8", NULL), -ENOENT);
	assert_int_equal(one(&t, "del priority 2 dst_ip 10.0.0.0/8", NULL), 0);
	assert_int_equal(ftab_count(&t), 1);
	/* IDs only grow, even after a delete. */
	assert_int_equal(one(&t, "add action normal", &id), 0);
	assert_int_equal(id, 12);

	/* MOD keeps the ID, the slot and the counters. */
	be.packets[0] = 7;
	assert_int_equal(one(&t, "mod 10 action count", NULL), 0);
	assert_int_equal(ftab_walk(&t, collect, &v), 0);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.ids[0], 10);
	assert_int_equal(v.ids[1], 12);
	assert_int_equal(v.packets[0], 7);
	assert_int_equal(one(&t, "mod 99 action count", NULL), -ENOENT);
	assert_int_equal(be.refs, 2);

	/* Counters cleared: from now. */
	ftab_counters_clear(&t);
	be.packets[0] = 9;
	v.n = 0;
	ftab_walk(&t, collect, &v);
	assert_int_equal(v.packets[0], 2);

	assert_int_equal(one(&t, "flush", NULL), 0);
	assert_int_equal(ftab_count(&t), 0);
	assert_int_equal(be.refs, 0);
	ftab_fini(&t);
}

/* A slot is reused only after the commit of its rule's removal; a new rule's counters start
 * from what its slot holds then. */
static void test_slots_and_rollback(void **state)
{
	struct ftab t;
	struct seen v = {0};
	struct flow_spec s[2];
	const char *msg;
	uint32_t ids[2], bad, id, i;

	(void)state;
	memset(&be, 0, sizeof(be));
	assert_int_equal(ftab_init(&t, 2, &ops), 0);
	assert_int_equal(one(&t, "add action drop", &id), 0);
	assert_int_equal(one(&t, "add action drop", &id), 0);
	assert_int_equal(one(&t, "add action drop", NULL), -ENOSPC);
	/* Delete one and add one in one batch: the slot is not free yet, the table is. */
	s[0] = spec("del 1");
	s[1] = spec("add action count");
	assert_int_equal(ftab_apply(&t, s, 2, ids, &bad, &msg), -ENOSPC);
	assert_int_equal(bad, 1);
	assert_int_equal(ftab_count(&t), 2);
	assert_int_equal(one(&t, "del 1", NULL), 0);
	be.packets[1] = 5; /* whatever the old rule left in its slot */
	for (i = 0; i < 2; i++)
		be.packets[i] = 5;
	assert_int_equal(one(&t, "add action count", &id), 0);
	ftab_walk(&t, collect, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(v.packets[1], 0); /* the new rule starts at zero */

	/* A batch published and then rolled back: the table is as before, resources given back. */
	s[0] = spec("flush");
	assert_int_equal(ftab_apply(&t, s, 1, ids, &bad, &msg), 0);
	assert_int_equal(ftab_count(&t), 0);
	ftab_rollback(&t);
	assert_int_equal(ftab_count(&t), 2);
	assert_int_equal(be.refs, 2);
	ftab_fini(&t);
	assert_int_equal(be.refs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_all_or_nothing),
		cmocka_unit_test(test_ids_del_mod),
		cmocka_unit_test(test_slots_and_rollback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
