/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cls: tuple-space search over the flow table's rules (see cls.h). Tuples are kept sorted by
 * the best priority they hold; each hashes its rules by masked value into chained buckets.
 * Changes run on the control path and may allocate; cls_lookup never does.
 */
#include "cls.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vxlan.h"

struct cls_entry {
	struct cls_entry *next;	   /* same bucket of its tuple */
	struct cls_entry *id_next; /* same bucket of the id table */
	struct cls_tuple *t;
	uint64_t hash;
	struct cls_rule r;
};

struct cls_tuple {
	struct flow_key mask;
	uint32_t n;	   /* rules */
	uint32_t max_prio; /* the best priority among them */
	uint32_t nb;	   /* buckets, a power of two */
	struct cls_entry **b;
};

struct cls {
	uint32_t max, n;
	struct cls_tuple **t; /* by max_prio, best first */
	uint32_t nt, tcap;
	struct cls_entry **ids;
	uint32_t nid; /* id buckets, a power of two */
};

/* The masked key's hash: each word times its own odd constant, then mixed (as the flow hash). */
static inline uint64_t masked_hash(const struct flow_key *k, const struct flow_key *mask)
{
	uint64_t h = 0x243f6a8885a308d3ull;
	unsigned int i;

	for (i = 0; i < 8; i++)
		h += (k->w[i] & mask->w[i]) * vxlan_flow_k[i];
	return vxlan_fmix64(h);
}

static inline uint32_t id_slot(const struct cls *c, uint32_t id)
{
	return (uint32_t)((id * 0x9e3779b97f4a7c15ull) >> 32) & (c->nid - 1);
}

int cls_create(uint32_t max_rules, struct cls **ret)
{
	struct cls *c = calloc(1, sizeof(*c));
	uint32_t nid = 16;

	if (!c)
		return -ENOMEM;
	while (nid < max_rules && nid < (1u << 30))
		nid <<= 1;
	c->max = max_rules;
	c->nid = nid;
	c->ids = calloc(nid, sizeof(*c->ids));
	if (!c->ids) {
		free(c);
		return -ENOMEM;
	}
	*ret = c;
	return 0;
}

void cls_free(struct cls *c)
{
	uint32_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->nt; i++) {
		struct cls_tuple *t = c->t[i];

		for (j = 0; j < t->nb; j++) {
			struct cls_entry *e = t->b[j], *nx;

			for (; e; e = nx) {
				nx = e->next;
				free(e);
			}
		}
		free(t->b);
		free(t);
	}
	free(c->t);
	free(c->ids);
	free(c);
}

static struct cls_entry *id_find(const struct cls *c, uint32_t id)
{
	struct cls_entry *e;

	for (e = c->ids[id_slot(c, id)]; e; e = e->id_next)
		if (e->r.id == id)
			return e;
	return NULL;
}

const struct cls_rule *cls_get(const struct cls *c, uint32_t id)
{
	const struct cls_entry *e = id_find(c, id);

	return e ? &e->r : NULL;
}

/* Keep the tuples ordered by their best priority after tuple i changed. */
static void tuple_resort(struct cls *c, uint32_t i)
{
	struct cls_tuple *t = c->t[i];

	while (i > 0 && c->t[i - 1]->max_prio < t->max_prio) {
		c->t[i] = c->t[i - 1];
		i--;
	}
	while (i + 1 < c->nt && c->t[i + 1]->max_prio > t->max_prio) {
		c->t[i] = c->t[i + 1];
		i++;
	}
	c->t[i] = t;
}

static uint32_t tuple_index(const struct cls *c, const struct cls_tuple *t)
{
	uint32_t i;

	for (i = 0; i < c->nt; i++)
		if (c->t[i] == t)
			return i;
	return c->nt;
}

static int tuple_grow(struct cls_tuple *t)
{
	uint32_t nb = t->nb ? t->nb * 2 : 8, i;
	struct cls_entry **b = calloc(nb, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (i = 0; i < t->nb; i++) {
		struct cls_entry *e = t->b[i], *nx;

		for (; e; e = nx) {
			nx = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(t->b);
	t->b = b;
	t->nb = nb;
	return 0;
}

/* The tuple of mask, made if new (and then placed by priority when its first rule comes). */
static struct cls_tuple *tuple_get(struct cls *c, const struct flow_key *mask)
{
	struct cls_tuple *t;
	uint32_t i;

	for (i = 0; i < c->nt; i++)
		if (!memcmp(&c->t[i]->mask, mask, sizeof(*mask)))
			return c->t[i];
	if (c->nt == c->tcap) {
		uint32_t cap = c->tcap ? c->tcap * 2 : 8;
		struct cls_tuple **nt = realloc(c->t, cap * sizeof(*nt));

		if (!nt)
			return NULL;
		c->t = nt;
		c->tcap = cap;
	}
	t = calloc(1, sizeof(*t));
	if (!t || tuple_grow(t) < 0) {
		free(t);
		return NULL;
	}
	t->mask = *mask;
	c->t[c->nt++] = t;
	return t;
}

static void tuple_drop(struct cls *c, struct cls_tuple *t)
{
	uint32_t i = tuple_index(c, t);

	memmove(&c->t[i], &c->t[i + 1], (c->nt - i - 1) * sizeof(c->t[0]));
	c->nt--;
	free(t->b);
	free(t);
}

int cls_add(struct cls *c, const struct cls_rule *r)
{
	struct cls_tuple *t;
	struct cls_entry *e;
	uint32_t slot;

	if (id_find(c, r->id))
		return -EEXIST;
	if (c->n >= c->max)
		return -ENOSPC;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->r = *r;
	flow_mask_apply(&e->r.m.value, &e->r.m.mask);
	t = tuple_get(c, &e->r.m.mask);
	if (!t || (t->n + 1 > t->nb * 2 && tuple_grow(t) < 0)) {
		if (t && t->n == 0)
			tuple_drop(c, t);
		free(e);
		return -ENOMEM;
	}
	e->t = t;
	e->hash = masked_hash(&e->r.m.value, &t->mask);
	slot = (uint32_t)(e->hash & (t->nb - 1));
	e->next = t->b[slot];
	t->b[slot] = e;
	if (t->n++ == 0 || r->priority > t->max_prio) {
		t->max_prio = r->priority;
		tuple_resort(c, tuple_index(c, t));
	}
	slot = id_slot(c, r->id);
	e->id_next = c->ids[slot];
	c->ids[slot] = e;
	c->n++;
	return 0;
}

int cls_del(struct cls *c, uint32_t id)
{
	struct cls_entry **pp, *e;
	struct cls_tuple *t;
	uint32_t i;

	for (pp = &c->ids[id_slot(c, id)]; *pp && (*pp)->r.id != id; pp = &(*pp)->id_next)
		;
	e = *pp;
	if (!e)
		return -ENOENT;
	*pp = e->id_next;
	t = e->t;
	for (pp = &t->b[e->hash & (t->nb - 1)]; *pp != e; pp = &(*pp)->next)
		;
	*pp = e->next;
	c->n--;
	if (--t->n == 0) {
		tuple_drop(c, t);
	} else if (e->r.priority == t->max_prio) {
		/* The best may have left: recompute, then move the tuple down if it must. */
		t->max_prio = 0;
		for (i = 0; i < t->nb; i++) {
			const struct cls_entry *x;

			for (x = t->b[i]; x; x = x->next)
				if (x->r.priority > t->max_prio)
					t->max_prio = x->r.priority;
		}
		tuple_resort(c, tuple_index(c, t));
	}
	free(e);
	return 0;
}

const struct cls_rule *cls_lookup(const struct cls *c, const struct flow_key *key)
{
	const struct cls_rule *best = NULL;
	uint32_t i;

	for (i = 0; i < c->nt; i++) {
		const struct cls_tuple *t = c->t[i];
		const struct cls_entry *e;
		uint64_t h;

		/* Tuples come best first: none after this one can win. */
		if (best && t->max_prio < best->priority)
			break;
		h = masked_hash(key, &t->mask);
		for (e = t->b[h & (t->nb - 1)]; e; e = e->next) {
			if (e->hash != h || !flow_match(&e->r.m, key))
				continue;
			if (!best || flow_better(e->r.priority, e->r.id, best->priority, best->id))
				best = &e->r;
		}
	}
	return best;
}

uint32_t cls_count(const struct cls *c)
{
	return c->n;
}

uint32_t cls_tuples(const struct cls *c)
{
	return c->nt;
}

int cls_walk(const struct cls *c, int (*fn)(const struct cls_rule *r, void *arg), void *arg)
{
	uint32_t i, j;
	int ret;

	for (i = 0; i < c->nt; i++)
		for (j = 0; j < c->t[i]->nb; j++) {
			const struct cls_entry *e;

			for (e = c->t[i]->b[j]; e; e = e->next)
				if ((ret = fn(&e->r, arg)))
					return ret;
		}
	return 0;
}
