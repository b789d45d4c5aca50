/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flow: the flow table's match semantics, written once for every dataplane: the fields a rule
 * can match (struct flow_key, extracted from a tenant frame by flow_key_extract), a rule's
 * masked match, and which of several matching rules wins. Plain C over byte buffers; the
 * classifier (cls.h) finds the winner fast, flow_match() is the definition it must agree with.
 */
#ifndef VXSW_FLOW_H
#define VXSW_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <vxsw/flow.h>
#include <vxsw/wire.h>

#include "pkt.h"

/* A rule's match: the key's bits where mask has ones must equal value's. */
struct flow_match {
	struct flow_key value; /* already masked */
	struct flow_key mask;
};

/* Does key satisfy m? */
static inline bool flow_match(const struct flow_match *m, const struct flow_key *key)
{
	uint64_t d = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		d |= (key->w[i] & m->mask.w[i]) ^ m->value.w[i];
	return d == 0;
}

/*
 * Of two matching rules, which wins: the higher priority; at equal priority the one added
 * first (the lower id). Written once so that the classifier, the reference search of the
 * tests and every backend order rules alike.
 */
static inline bool flow_better(uint32_t prio_a, uint32_t id_a, uint32_t prio_b, uint32_t id_b)
{
	return prio_a > prio_b || (prio_a == prio_b && id_a < id_b);
}

/* Masks value in place (what a rule stores). */
static inline void flow_mask_apply(struct flow_key *value, const struct flow_key *mask)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		value->w[i] &= mask->w[i];
}

/*
 * Fills key from a tenant frame (len bytes from its Ethernet header) received on in_port in
 * vni. Only what the frame holds is read: a field the frame is too short for stays zero.
 */
void flow_key_extract(struct flow_key *key, const uint8_t *frame, uint32_t len, uint16_t in_port,
		      uint32_t vni);

#endif /* VXSW_FLOW_H */
