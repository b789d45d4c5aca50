/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cls: the flow table's classifier, a tuple-space search. Rules with the same mask form a
 * tuple; a tuple hashes its rules by their masked value, so one lookup per tuple finds every
 * rule of that mask a key can match, and tuples are tried in order of their best priority,
 * stopping when no later one could win. Its answer is, by definition, the rule flow_match()
 * and flow_better() (flow.h) would pick from all of them; test_cls checks that against a
 * brute-force search. Plain C, no DPDK: a dataplane builds a classifier off the fast path and
 * publishes it (the one it replaced is freed once no lcore can hold it).
 */
#ifndef VXSW_CLS_H
#define VXSW_CLS_H

#include <stdint.h>

#include "flow.h"

struct cls_rule {
	struct flow_match m; /* value already masked */
	uint32_t priority;   /* higher wins */
	uint32_t id;	     /* unique; at equal priority the lower wins (added first) */
	uint64_t action;     /* the caller's, opaque here */
};

struct cls;

/* An empty classifier for at most max_rules rules. 0 or -ENOMEM. */
int cls_create(uint32_t max_rules, struct cls **ret);
void cls_free(struct cls *c);

/* Add a copy of r (its value is masked here). 0, -EEXIST (the id is taken), -ENOSPC (full)
 * or -ENOMEM; on error nothing changed. */
int cls_add(struct cls *c, const struct cls_rule *r);

/* Remove rule id. 0 or -ENOENT. */
int cls_del(struct cls *c, uint32_t id);

/* The rule id, or NULL. */
const struct cls_rule *cls_get(const struct cls *c, uint32_t id);

/* The winning rule for key, or NULL if none matches. No allocation, no lock: safe from any
 * number of readers while nobody changes c. */
const struct cls_rule *cls_lookup(const struct cls *c, const struct flow_key *key);

uint32_t cls_count(const struct cls *c);
/* Distinct masks: what a lookup costs, at most one hash probe each. */
uint32_t cls_tuples(const struct cls *c);

/* Visit every rule (any order); stops at fn's first non-zero return, which it returns. */
int cls_walk(const struct cls *c, int (*fn)(const struct cls_rule *r, void *arg), void *arg);

#endif /* VXSW_CLS_H */
