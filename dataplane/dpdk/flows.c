// SPDX-License-Identifier: BSD-3-Clause
/*
 * flows: vxsw-dpdk's flow table, control side (model_flow_* in model.h). The rules live in a
 * table by ID; a batch changes that table in order, keeping an undo log, and when every change
 * was accepted a new classifier is built from the whole table and published. The lcores pick it
 * up between two bursts; the old one is freed after an RCU grace period. A failed batch is
 * undone, so nothing changes and nothing is half-installed. Per-rule counters live per lcore,
 * indexed by a slot the rule keeps for life (MOD too); a slot is reused only after the grace
 * period that follows its rule's removal, and a new rule's counters start from what the slot
 * holds then.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_malloc.h>

#include "dp.h"
#include "flowspec.h"
#include "htab.h"

struct flow_rule {
	struct hnode node;
	uint32_t id; /* the key */
	uint32_t slot;
	int32_t vtep; /* ENCAP: the VTEP slot held, else -1 */
	uint16_t in_port, out_port;
	struct flow_spec spec;
	struct dp_flow_ctr base; /* the slot's counters when the rule took it */
};

enum undo_kind { UNDO_ADDED, UNDO_REMOVED, UNDO_REPLACED };

struct undo {
	enum undo_kind kind;
	struct flow_rule *r, *old; /* REPLACED: r took old's place */
};

static struct {
	struct htab rules; /* by id */
	uint32_t *free_slots, n_free;
	uint32_t next_id;
	uint32_t gen;
	struct dp_flowtab *tab; /* what dp.flows points at, or NULL */
	struct undo *undo;
	uint32_t n_undo, undo_cap;
} F;

int flows_init(void)
{
	uint32_t i;
	int ret;

	ret = htab_init(&F.rules, offsetof(struct flow_rule, id), sizeof(uint32_t), VXSW_FLOW_MAX);
	if (ret)
		return ret;
	F.free_slots = malloc(sizeof(*F.free_slots) * VXSW_FLOW_MAX);
	if (!F.free_slots)
		return -ENOMEM;
	/* Popped from the end: slot 0 first. */
	for (i = 0; i < VXSW_FLOW_MAX; i++)
		F.free_slots[i] = VXSW_FLOW_MAX - 1 - i;
	F.n_free = VXSW_FLOW_MAX;
	F.next_id = 1;
	return 0;
}

static void tab_free(struct dp_flowtab *t)
{
	if (!t)
		return;
	cls_free(t->cls);
	free(t);
}

void flows_fini(void)
{
	tab_free(F.tab);
	F.tab = NULL;
	htab_free(&F.rules);
	free(F.free_slots);
	free(F.undo);
	memset(&F, 0, sizeof(F));
}

uint32_t model_flow_count(void)
{
	return (uint32_t)F.rules.n;
}

static void slot_counters(uint32_t slot, struct dp_flow_ctr *ret)
{
	uint32_t i;

	memset(ret, 0, sizeof(*ret));
	for (i = 0; i < dp.n_lcores; i++) {
		ret->packets += dp.lcores[i]->flow_ctr[slot].packets;
		ret->bytes += dp.lcores[i]->flow_ctr[slot].bytes;
	}
}

void flows_counters_clear(void)
{
	struct flow_rule *r, *nx;
	size_t i;

	HTAB_FOREACH(&F.rules, r, i, nx)
	{
		slot_counters(r->slot, &r->base);
	}
}

static int port_by_name(const char *name)
{
	uint16_t i;

	for (i = 0; i < dp.n_ports; i++)
		if (!strcmp(dp.ports[i].name, name))
			return i;
	return -ENOENT;
}

static int undo_push(enum undo_kind kind, struct flow_rule *r, struct flow_rule *old)
{
	if (F.n_undo == F.undo_cap) {
		uint32_t cap = F.undo_cap ? 2 * F.undo_cap : 64;
		struct undo *u = realloc(F.undo, sizeof(*u) * cap);

		if (!u)
			return -ENOMEM;
		F.undo = u;
		F.undo_cap = cap;
	}
	F.undo[F.n_undo++] = (struct undo){.kind = kind, .r = r, .old = old};
	return 0;
}

/* A new rule object for spec (its action resolved, a VTEP held for ENCAP); not in the table. */
static int rule_new(const struct flow_spec *spec, const struct flow_rule *old,
		    struct flow_rule **ret, struct extack *ea)
{
	struct flow_rule *r;
	int p;

	r = calloc(1, sizeof(*r));
	if (!r)
		return extack_set(ea, -ENOMEM, 0, "out of memory");
	r->vtep = -1;
	if (old) {
		/* MOD: the match, priority, ID and counters stay; the action is new. */
		r->spec = old->spec;
		r->spec.action = spec->action;
		r->spec.has_action = true;
		memcpy(r->spec.out_port, spec->out_port, sizeof(r->spec.out_port));
		r->spec.remote = spec->remote;
		r->spec.encap_vni = spec->encap_vni;
		r->in_port = old->in_port;
	} else {
		r->spec = *spec;
		r->in_port = DP_PORT_NONE;
		if (spec->in_port[0]) {
			p = port_by_name(spec->in_port);
			if (p < 0) {
				free(r);
				return extack_set(ea, -ENOENT, 0, "in_port: no such port");
			}
			r->in_port = (uint16_t)p;
		}
	}
	r->spec.has_counters = false;
	switch (r->spec.action) {
	case VXSW_FLOW_ACT_OUTPUT:
		p = port_by_name(r->spec.out_port);
		if (p < 0) {
			free(r);
			return extack_set(ea, -ENOENT, 0, "action output: no such port");
		}
		if (dp.ports[p].role == VXSW_PORT_UNDERLAY) {
			free(r);
			return extack_set(ea, -EINVAL, 0,
					  "action output: the underlay port carries only VXLAN; "
					  "use action encap");
		}
		r->out_port = (uint16_t)p;
		break;
	case VXSW_FLOW_ACT_ENCAP:
		if (r->spec.remote.family != VXSW_AF_INET) {
			free(r);
			return extack_set(ea, -EAFNOSUPPORT, 0,
					  "action encap: vxsw-dpdk has an IPv4 underlay only");
		}
		r->vtep = model_vtep_hold(r->spec.remote.v4);
		if (r->vtep < 0) {
			free(r);
			return extack_set(ea, -ENOSPC, 0, "action encap: the VTEP table is full");
		}
		break;
	default:
		break;
	}
	*ret = r;
	return 0;
}

static void rule_free(struct flow_rule *r)
{
	if (r->vtep >= 0)
		model_vtep_release((uint32_t)r->vtep);
	free(r);
}

static struct flow_rule *find_strict(const struct flow_spec *spec)
{
	struct flow_rule *r, *nx;
	size_t i;

	HTAB_FOREACH(&F.rules, r, i, nx)
	{
		if (flow_spec_same_match(&r->spec, spec))
			return r;
	}
	return NULL;
}

static int op_apply(const struct flow_spec *op, uint32_t *id, struct extack *ea)
{
	struct flow_rule *r, *old, *nx;
	size_t i;
	int ret;

	switch (op->op) {
	case VXSW_FLOW_OP_ADD:
		if (op->id && htab_find(&F.rules, &op->id))
			return extack_set(ea, -EEXIST, 0, "id: a rule with this ID exists");
		if (!op->id && F.next_id == 0)
			return extack_set(ea, -ENOSPC, 0, "id: every ID has been used");
		if (F.rules.n >= VXSW_FLOW_MAX || F.n_free == 0)
			return extack_set(ea, -ENOSPC, 0, "the flow table is full");
		ret = rule_new(op, NULL, &r, ea);
		if (ret)
			return ret;
		r->id = op->id ? op->id : F.next_id;
		r->spec.id = r->id;
		r->slot = F.free_slots[--F.n_free];
		slot_counters(r->slot, &r->base);
		if (htab_add(&F.rules, r) || undo_push(UNDO_ADDED, r, NULL)) {
			htab_del(&F.rules, r);
			F.free_slots[F.n_free++] = r->slot;
			rule_free(r);
			return extack_set(ea, -ENOMEM, 0, "out of memory");
		}
		/* IDs only grow: at equal priority the lower ID (the older rule) wins. */
		if (r->id >= F.next_id)
			F.next_id = r->id + 1;
		*id = r->id;
		return 0;
	case VXSW_FLOW_OP_DEL:
		r = op->id ? htab_find(&F.rules, &op->id) : find_strict(op);
		if (!r)
			return extack_set(ea, -ENOENT, 0,
					  op->id ? "id: no rule with this ID"
						 : "no rule with this priority and match");
		htab_del(&F.rules, r);
		if (undo_push(UNDO_REMOVED, r, NULL)) {
			htab_add(&F.rules, r);
			return extack_set(ea, -ENOMEM, 0, "out of memory");
		}
		*id = r->id;
		return 0;
	case VXSW_FLOW_OP_MOD:
		old = htab_find(&F.rules, &op->id);
		if (!old)
			return extack_set(ea, -ENOENT, 0, "id: no rule with this ID");
		ret = rule_new(op, old, &r, ea);
		if (ret)
			return ret;
		r->id = old->id;
		r->slot = old->slot;
		r->base = old->base;
		htab_del(&F.rules, old);
		htab_add(&F.rules, r);
		if (undo_push(UNDO_REPLACED, r, old)) {
			htab_del(&F.rules, r);
			htab_add(&F.rules, old);
			rule_free(r);
			return extack_set(ea, -ENOMEM, 0, "out of memory");
		}
		*id = r->id;
		return 0;
	case VXSW_FLOW_OP_FLUSH:
		HTAB_FOREACH(&F.rules, r, i, nx)
		{
			htab_del(&F.rules, r);
			if (undo_push(UNDO_REMOVED, r, NULL)) {
				htab_add(&F.rules, r);
				return extack_set(ea, -ENOMEM, 0, "out of memory");
			}
		}
		*id = 0;
		return 0;
	default:
		return extack_set(ea, -EINVAL, 0, "unknown flow operation");
	}
}

/* Put the table back as it was before the batch. */
static void undo_all(void)
{
	while (F.n_undo) {
		struct undo *u = &F.undo[--F.n_undo];

		switch (u->kind) {
		case UNDO_ADDED:
			htab_del(&F.rules, u->r);
			F.free_slots[F.n_free++] = u->r->slot;
			rule_free(u->r);
			break;
		case UNDO_REMOVED:
			htab_add(&F.rules, u->r);
			break;
		case UNDO_REPLACED:
			htab_del(&F.rules, u->r);
			htab_add(&F.rules, u->old);
			rule_free(u->r);
			break;
		}
	}
}

/* After the grace period: what the batch removed or replaced can go. */
static void undo_commit(void)
{
	uint32_t i;

	for (i = 0; i < F.n_undo; i++) {
		struct undo *u = &F.undo[i];

		if (u->kind == UNDO_REMOVED) {
			F.free_slots[F.n_free++] = u->r->slot;
			rule_free(u->r);
		} else if (u->kind == UNDO_REPLACED) {
			rule_free(u->old);
		}
	}
	F.n_undo = 0;
}

static uint64_t rule_action(const struct flow_rule *r)
{
	uint16_t arg = 0;

	if (r->spec.action == VXSW_FLOW_ACT_OUTPUT)
		arg = r->out_port;
	else if (r->spec.action == VXSW_FLOW_ACT_ENCAP)
		arg = (uint16_t)r->vtep;
	return DP_FLOW_PACK(r->spec.action, arg,
			    r->spec.action == VXSW_FLOW_ACT_ENCAP ? r->spec.encap_vni : 0, r->slot);
}

/* A classifier holding every rule of the table. */
static int tab_build(struct dp_flowtab **ret)
{
	struct dp_flowtab *t;
	struct flow_rule *r, *nx;
	size_t i;
	int err;

	*ret = NULL;
	if (F.rules.n == 0)
		return 0;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	err = cls_create(VXSW_FLOW_MAX, &t->cls);
	if (err) {
		free(t);
		return err;
	}
	HTAB_FOREACH(&F.rules, r, i, nx)
	{
		struct cls_rule cr = {
			.m = {.value = r->spec.value, .mask = r->spec.mask},
			.priority = r->spec.priority,
			.id = r->id,
			.action = rule_action(r),
		};

		/* The input port is matched by the id the lcores see. */
		if (r->in_port != DP_PORT_NONE) {
			cr.m.value.f.in_port = r->in_port;
			cr.m.mask.f.in_port = 0xffff;
		}
		err = cls_add(t->cls, &cr);
		if (err) {
			tab_free(t);
			return err;
		}
	}
	t->gen = ++F.gen ? F.gen : ++F.gen;
	*ret = t;
	return 0;
}

int model_flow_batch(const struct flow_spec *ops, uint32_t n, uint32_t *ids, uint32_t *bad,
		     struct extack *ea)
{
	struct dp_flowtab *t, *old;
	uint32_t i;
	int ret;

	F.n_undo = 0;
	for (i = 0; i < n; i++) {
		ret = op_apply(&ops[i], &ids[i], ea);
		if (ret) {
			*bad = i;
			undo_all();
			return ret;
		}
	}
	ret = tab_build(&t);
	if (ret) {
		*bad = n ? n - 1 : 0;
		undo_all();
		return extack_set(ea, ret, 0, "out of memory building the classifier");
	}
	old = F.tab;
	F.tab = t;
	__atomic_store_n(&dp.flows, t, __ATOMIC_RELEASE);
	/* Between bursts an lcore holds no table: once each has passed a quiescent state, none
	 * can still be reading the old one or the rules' old actions. */
	rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
	tab_free(old);
	undo_commit();
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct flow_rule *x = *(struct flow_rule *const *)a,
			       *y = *(struct flow_rule *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int model_flow_walk(model_flow_cb cb, void *arg)
{
	struct flow_rule **v, *r, *nx;
	struct flow_spec s;
	struct dp_flow_ctr c;
	size_t i, n = 0;
	int ret = 0;

	if (F.rules.n == 0)
		return 0;
	v = malloc(sizeof(*v) * F.rules.n);
	if (!v)
		return -ENOMEM;
	HTAB_FOREACH(&F.rules, r, i, nx)
	{
		v[n++] = r;
	}
	qsort(v, n, sizeof(*v), by_id);
	for (i = 0; i < n && !ret; i++) {
		s = v[i]->spec;
		slot_counters(v[i]->slot, &c);
		s.has_counters = true;
		s.packets = c.packets - v[i]->base.packets;
		s.bytes = c.bytes - v[i]->base.bytes;
		ret = cb(&s, arg);
	}
	free(v);
	return ret;
}
