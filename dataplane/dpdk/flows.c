// SPDX-License-Identifier: BSD-3-Clause
/*
 * flows: vxsw-dpdk's flow table (model_flow_* in model.h). The rules and the batch semantics
 * are control/flowtab.c's; here a rule is resolved into port ids and a held VTEP, and after
 * each accepted batch a new classifier is built from the whole table and published. The lcores
 * pick it up between two bursts; the old one is freed after an RCU grace period, and only then
 * does the batch commit (what it removed is released). A batch that cannot be published is
 * rolled back: nothing changes and nothing is half-installed. Per-rule counters live per lcore,
 * by the rule's slot.
 */
#include <errno.h>
#include <stdlib.h>

#include "dp.h"
#include "flowtab.h"

/* priv[0]: in_port | out_port << 16; priv[1]: the VTEP slot held (ENCAP), else -1. */
#define IN_PORT(r)  ((uint16_t)(r)->priv[0])
#define OUT_PORT(r) ((uint16_t)((r)->priv[0] >> 16))
#define VTEP(r)	    ((int32_t)(r)->priv[1])

static struct {
	struct ftab t;
	uint32_t gen;
	struct dp_flowtab *tab; /* what dp.flows points at, or NULL */
} F;

static int resolve(void *arg, struct ftab_rule *r, const char **msg)
{
	const struct flow_spec *s = &r->spec;
	int in = DP_PORT_NONE, out = 0, vt = -1;

	(void)arg;
	if (s->in_port[0] && (in = model_port_index(s->in_port)) < 0) {
		*msg = "in_port: no such port";
		return -ENOENT;
	}
	switch (s->action) {
	case VXSW_FLOW_ACT_OUTPUT:
		out = model_port_index(s->out_port);
		if (out < 0) {
			*msg = "action output: no such port";
			return -ENOENT;
		}
		if (dp.ports[out].role == VXSW_PORT_UNDERLAY) {
			*msg = "action output: the underlay port carries only VXLAN; use action "
			       "encap";
			return -EINVAL;
		}
		break;
	case VXSW_FLOW_ACT_ENCAP:
		if (s->remote.family != VXSW_AF_INET) {
			*msg = "action encap: vxsw-dpdk has an IPv4 underlay only";
			return -EAFNOSUPPORT;
		}
		vt = model_vtep_hold(s->remote.v4);
		if (vt < 0) {
			*msg = "action encap: the VTEP table is full";
			return -ENOSPC;
		}
		break;
	default:
		break;
	}
	r->priv[0] = (uint64_t)(uint16_t)in | (uint64_t)(uint16_t)out << 16;
	r->priv[1] = (uint64_t)(int64_t)vt;
	return 0;
}

static void release(void *arg, struct ftab_rule *r)
{
	(void)arg;
	if (VTEP(r) >= 0)
		model_vtep_release((uint32_t)VTEP(r));
}

static void counters(void *arg, uint32_t slot, uint64_t *packets, uint64_t *bytes)
{
	uint32_t i;

	(void)arg;
	*packets = *bytes = 0;
	for (i = 0; i < dp.n_lcores; i++) {
		*packets += dp.lcores[i]->flow_ctr[slot].packets;
		*bytes += dp.lcores[i]->flow_ctr[slot].bytes;
	}
}

int flows_init(void)
{
	static const struct ftab_ops ops = {
		.resolve = resolve,
		.release = release,
		.counters = counters,
	};

	return ftab_init(&F.t, VXSW_FLOW_MAX, &ops);
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
	ftab_fini(&F.t);
}

uint32_t model_flow_count(void)
{
	return ftab_count(&F.t);
}

void flows_counters_clear(void)
{
	ftab_counters_clear(&F.t);
}

static uint64_t rule_action(const struct ftab_rule *r)
{
	uint16_t arg = 0;

	if (r->spec.action == VXSW_FLOW_ACT_OUTPUT)
		arg = OUT_PORT(r);
	else if (r->spec.action == VXSW_FLOW_ACT_ENCAP)
		arg = (uint16_t)VTEP(r);
	return DP_FLOW_PACK(r->spec.action, arg,
			    r->spec.action == VXSW_FLOW_ACT_ENCAP ? r->spec.encap_vni : 0, r->slot);
}

/* A classifier holding every rule of the table (NULL for an empty table). */
static int tab_build(struct dp_flowtab **ret)
{
	struct dp_flowtab *t;
	struct ftab_rule *r, *nx;
	size_t i;
	int err;

	*ret = NULL;
	if (ftab_count(&F.t) == 0)
		return 0;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	err = cls_create(VXSW_FLOW_MAX, &t->cls);
	if (err) {
		free(t);
		return err;
	}
	FTAB_FOREACH(&F.t, r, i, nx)
	{
		struct cls_rule cr = {
			.m = {.value = r->spec.value, .mask = r->spec.mask},
			.priority = r->spec.priority,
			.id = r->id,
			.action = rule_action(r),
		};

		/* The input port is matched by the id the lcores see. */
		if (IN_PORT(r) != DP_PORT_NONE) {
			cr.m.value.f.in_port = IN_PORT(r);
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
	const char *msg = NULL;
	int ret;

	ret = ftab_apply(&F.t, ops, n, ids, bad, &msg);
	if (ret)
		return extack_set(ea, ret, 0, msg);
	ret = tab_build(&t);
	if (ret) {
		ftab_rollback(&F.t);
		*bad = n ? n - 1 : 0;
		return extack_set(ea, ret, 0, "out of memory building the classifier");
	}
	old = F.tab;
	F.tab = t;
	__atomic_store_n(&dp.flows, t, __ATOMIC_RELEASE);
	/* Between bursts an lcore holds no table: once each has passed a quiescent state, none
	 * can still be reading the old one or the rules' old actions. */
	rte_rcu_qsbr_synchronize(dp.qs, RTE_QSBR_THRID_INVALID);
	tab_free(old);
	ftab_commit(&F.t);
	return 0;
}

int model_flow_walk(model_flow_cb cb, void *arg)
{
	return ftab_walk(&F.t, cb, arg);
}
