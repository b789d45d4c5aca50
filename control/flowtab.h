/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flowtab: the flow rules of one dataplane, by ID, and the batch semantics every backend shares
 * (docs/flows.md): changes applied in order, all or nothing; IDs that only grow; a counter slot
 * per rule for life; strict delete by priority and match. A backend resolves each new rule into
 * its own terms (ports, VTEPs) through ftab_ops, builds its lookup structure from the table and
 * publishes it; only then does the batch commit. Plain C, control thread only.
 */
#ifndef VXSW_CONTROL_FLOWTAB_H
#define VXSW_CONTROL_FLOWTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "flowspec.h"
#include "htab.h"

struct ftab_rule {
	struct hnode node;
	uint32_t id; /* the key */
	uint32_t slot;
	struct flow_spec spec;		   /* without counters */
	uint64_t priv[2];		   /* the backend's resolution of spec */
	uint64_t base_packets, base_bytes; /* the slot's counters when the rule took it */
};

struct ftab_ops {
	/* Resolve r->spec (a new rule, or a MOD's replacement) into r->priv. 0, or -errno with
	 * *msg naming the field ("in_port: no such port"). */
	int (*resolve)(void *arg, struct ftab_rule *r, const char **msg);
	/* Give back what resolve took. */
	void (*release)(void *arg, struct ftab_rule *r);
	/* The counters of a slot now (summed over CPUs). */
	void (*counters)(void *arg, uint32_t slot, uint64_t *packets, uint64_t *bytes);
	void *arg;
};

struct ftab_undo;

struct ftab {
	struct htab rules; /* struct ftab_rule by id */
	uint32_t max;
	uint32_t *free_slots, n_free;
	uint32_t next_id;
	uint32_t next_id_before; /* of the pending batch: a rollback gives its IDs back */
	struct ftab_ops ops;
	struct ftab_undo *undo; /* the pending batch */
	uint32_t n_undo, undo_cap;
};

/* An empty table of at most max rules (slots 0 .. max - 1). 0 or -ENOMEM. */
int ftab_init(struct ftab *t, uint32_t max, const struct ftab_ops *ops);
void ftab_fini(struct ftab *t);

/*
 * Apply the n changes in order. On failure everything is undone, *bad is the index of the
 * change at fault and *msg says why (naming the field). On success ids[i] is the rule of
 * change i (0 for FLUSH) and the batch is pending: the table already reads as after it; the
 * caller publishes it to the dataplane, then calls ftab_commit(), or ftab_rollback() if it could
 * not publish.
 */
int ftab_apply(struct ftab *t, const struct flow_spec *ops, uint32_t n, uint32_t *ids,
	       uint32_t *bad, const char **msg);
/* The dataplane no longer sees what the batch removed: release and free it. */
void ftab_commit(struct ftab *t);
/* Put the table back as before the pending batch. */
void ftab_rollback(struct ftab *t);

uint32_t ftab_count(const struct ftab *t);

/* Every rule by ID, with its counters since it was added (or since ftab_counters_clear). */
int ftab_walk(struct ftab *t, int (*cb)(const struct flow_spec *, void *), void *arg);
void ftab_counters_clear(struct ftab *t);

/* Visit every rule (any order). */
#define FTAB_FOREACH(t, r, i, nx) HTAB_FOREACH(&(t)->rules, r, i, nx)

#endif /* VXSW_CONTROL_FLOWTAB_H */
