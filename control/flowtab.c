// SPDX-License-Identifier: BSD-3-Clause
/*
 * flowtab: a batch of flow changes applied with an undo log (see flowtab.h). What a batch
 * removed or replaced stays allocated, and keeps its backend resources, until ftab_commit(),
 * when the dataplane can no longer be looking at it.
 */
#include "flowtab.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum undo_kind { UNDO_ADDED, UNDO_REMOVED, UNDO_REPLACED };

struct ftab_undo {
	enum undo_kind kind;
	struct ftab_rule *r, *old; /* REPLACED: r took old's place */
};

int ftab_init(struct ftab *t, uint32_t max, const struct ftab_ops *ops)
{
	uint32_t i;
	int ret;

	memset(t, 0, sizeof(*t));
	ret = htab_init(&t->rules, offsetof(struct ftab_rule, id), sizeof(uint32_t), max);
	if (ret)
		return ret;
	t->free_slots = malloc(sizeof(*t->free_slots) * max);
	if (!t->free_slots) {
		htab_fini(&t->rules);
		return -ENOMEM;
	}
	/* Popped from the end: slot 0 first. */
	for (i = 0; i < max; i++)
		t->free_slots[i] = max - 1 - i;
	t->n_free = max;
	t->max = max;
	t->next_id = 1;
	t->ops = *ops;
	return 0;
}

static void rule_free(struct ftab *t, struct ftab_rule *r)
{
	t->ops.release(t->ops.arg, r);
	free(r);
}

void ftab_fini(struct ftab *t)
{
	struct ftab_rule *r, *nx;
	size_t i;

	ftab_rollback(t);
	FTAB_FOREACH(t, r, i, nx)
	{
		htab_del(&t->rules, r);
		rule_free(t, r);
	}
	htab_fini(&t->rules);
	free(t->free_slots);
	free(t->undo);
	memset(t, 0, sizeof(*t));
}

uint32_t ftab_count(const struct ftab *t)
{
	return (uint32_t)t->rules.n;
}

static int undo_push(struct ftab *t, enum undo_kind kind, struct ftab_rule *r,
		     struct ftab_rule *old)
{
	if (t->n_undo == t->undo_cap) {
		uint32_t cap = t->undo_cap ? 2 * t->undo_cap : 64;
		struct ftab_undo *u = realloc(t->undo, sizeof(*u) * cap);

		if (!u)
			return -ENOMEM;
		t->undo = u;
		t->undo_cap = cap;
	}
	t->undo[t->n_undo++] = (struct ftab_undo){.kind = kind, .r = r, .old = old};
	return 0;
}

/* A rule object for spec (MOD: old's match, priority, ID and slot with spec's action),
 * resolved by the backend; not in the table yet. */
static int rule_new(struct ftab *t, const struct flow_spec *spec, const struct ftab_rule *old,
		    struct ftab_rule **ret, const char **msg)
{
	struct ftab_rule *r = calloc(1, sizeof(*r));
	int err;

	if (!r) {
		*msg = "out of memory";
		return -ENOMEM;
	}
	if (old) {
		*r = *old;
		memset(&r->node, 0, sizeof(r->node));
		r->spec.action = spec->action;
		r->spec.has_action = true;
		memcpy(r->spec.out_port, spec->out_port, sizeof(r->spec.out_port));
		r->spec.remote = spec->remote;
		r->spec.encap_vni = spec->encap_vni;
		memset(r->priv, 0, sizeof(r->priv));
	} else {
		r->spec = *spec;
	}
	r->spec.has_counters = false;
	r->spec.packets = r->spec.bytes = 0;
	err = t->ops.resolve(t->ops.arg, r, msg);
	if (err) {
		free(r);
		return err;
	}
	*ret = r;
	return 0;
}

static struct ftab_rule *find_strict(struct ftab *t, const struct flow_spec *spec)
{
	struct ftab_rule *r, *nx;
	size_t i;

	FTAB_FOREACH(t, r, i, nx)
	{
		if (flow_spec_same_match(&r->spec, spec))
			return r;
	}
	return NULL;
}

#define FAIL(e, m) (*msg = (m), (e))

static int op_add(struct ftab *t, const struct flow_spec *op, uint32_t *id, const char **msg)
{
	struct ftab_rule *r;
	int err;

	if (op->id && htab_find(&t->rules, &op->id))
		return FAIL(-EEXIST, "id: a rule with this ID exists");
	if (!op->id && t->next_id == 0)
		return FAIL(-ENOSPC, "id: every ID has been used");
	if (t->rules.n >= t->max || t->n_free == 0)
		return FAIL(-ENOSPC, "the flow table is full");
	err = rule_new(t, op, NULL, &r, msg);
	if (err)
		return err;
	r->id = op->id ? op->id : t->next_id;
	r->spec.id = r->id;
	r->slot = t->free_slots[--t->n_free];
	t->ops.counters(t->ops.arg, r->slot, &r->base_packets, &r->base_bytes);
	if (htab_add(&t->rules, r) || undo_push(t, UNDO_ADDED, r, NULL)) {
		htab_del(&t->rules, r);
		t->free_slots[t->n_free++] = r->slot;
		rule_free(t, r);
		return FAIL(-ENOMEM, "out of memory");
	}
	/* IDs only grow: at equal priority the lower ID (the older rule) wins. */
	if (r->id >= t->next_id)
		t->next_id = r->id + 1;
	*id = r->id;
	return 0;
}

static int op_apply(struct ftab *t, const struct flow_spec *op, uint32_t *id, const char **msg)
{
	struct ftab_rule *r, *old, *nx;
	size_t i;
	int err;

	*id = 0;
	switch (op->op) {
	case VXSW_FLOW_OP_ADD:
		return op_add(t, op, id, msg);
	case VXSW_FLOW_OP_DEL:
		r = op->id ? htab_find(&t->rules, &op->id) : find_strict(t, op);
		if (!r)
			return FAIL(-ENOENT, op->id ? "id: no rule with this ID"
						    : "no rule with this priority and match");
		htab_del(&t->rules, r);
		if (undo_push(t, UNDO_REMOVED, r, NULL)) {
			htab_add(&t->rules, r);
			return FAIL(-ENOMEM, "out of memory");
		}
		return 0;
	case VXSW_FLOW_OP_MOD:
		old = htab_find(&t->rules, &op->id);
		if (!old)
			return FAIL(-ENOENT, "id: no rule with this ID");
		err = rule_new(t, op, old, &r, msg);
		if (err)
			return err;
		htab_del(&t->rules, old);
		htab_add(&t->rules, r);
		if (undo_push(t, UNDO_REPLACED, r, old)) {
			htab_del(&t->rules, r);
			htab_add(&t->rules, old);
			rule_free(t, r);
			return FAIL(-ENOMEM, "out of memory");
		}
		return 0;
	case VXSW_FLOW_OP_FLUSH:
		FTAB_FOREACH(t, r, i, nx)
		{
			htab_del(&t->rules, r);
			if (undo_push(t, UNDO_REMOVED, r, NULL)) {
				htab_add(&t->rules, r);
				return FAIL(-ENOMEM, "out of memory");
			}
		}
		return 0;
	default:
		return FAIL(-EINVAL, "unknown flow operation");
	}
}

int ftab_apply(struct ftab *t, const struct flow_spec *ops, uint32_t n, uint32_t *ids,
	       uint32_t *bad, const char **msg)
{
	uint32_t i;
	int err;

	t->next_id_before = t->next_id;
	for (i = 0; i < n; i++) {
		err = op_apply(t, &ops[i], &ids[i], msg);
		if (err) {
			*bad = i;
			ftab_rollback(t);
			return err;
		}
	}
	return 0;
}

void ftab_rollback(struct ftab *t)
{
	if (t->n_undo)
		t->next_id = t->next_id_before;
	while (t->n_undo) {
		struct ftab_undo *u = &t->undo[--t->n_undo];

		switch (u->kind) {
		case UNDO_ADDED:
			htab_del(&t->rules, u->r);
			t->free_slots[t->n_free++] = u->r->slot;
			rule_free(t, u->r);
			break;
		case UNDO_REMOVED:
			htab_add(&t->rules, u->r);
			break;
		case UNDO_REPLACED:
			htab_del(&t->rules, u->r);
			htab_add(&t->rules, u->old);
			rule_free(t, u->r);
			break;
		}
	}
}

void ftab_commit(struct ftab *t)
{
	uint32_t i;

	for (i = 0; i < t->n_undo; i++) {
		struct ftab_undo *u = &t->undo[i];

		if (u->kind == UNDO_REMOVED) {
			t->free_slots[t->n_free++] = u->r->slot;
			rule_free(t, u->r);
		} else if (u->kind == UNDO_REPLACED) {
			rule_free(t, u->old);
		}
	}
	t->n_undo = 0;
}

static int by_id(const void *a, const void *b)
{
	const struct ftab_rule *x = *(struct ftab_rule *const *)a;
	const struct ftab_rule *y = *(struct ftab_rule *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int ftab_walk(struct ftab *t, int (*cb)(const struct flow_spec *, void *), void *arg)
{
	struct ftab_rule **v, *r, *nx;
	struct flow_spec s;
	uint64_t p, b;
	size_t i, n = 0;
	int ret = 0;

	if (t->rules.n == 0)
		return 0;
	v = malloc(sizeof(*v) * t->rules.n);
	if (!v)
		return -ENOMEM;
	FTAB_FOREACH(t, r, i, nx)
	{
		v[n++] = r;
	}
	qsort(v, n, sizeof(*v), by_id);
	for (i = 0; i < n && !ret; i++) {
		s = v[i]->spec;
		t->ops.counters(t->ops.arg, v[i]->slot, &p, &b);
		s.has_counters = true;
		s.packets = p - v[i]->base_packets;
		s.bytes = b - v[i]->base_bytes;
		ret = cb(&s, arg);
	}
	free(v);
	return ret;
}

void ftab_counters_clear(struct ftab *t)
{
	struct ftab_rule *r, *nx;
	size_t i;

	FTAB_FOREACH(t, r, i, nx)
	{
		t->ops.counters(t->ops.arg, r->slot, &r->base_packets, &r->base_bytes);
	}
}
