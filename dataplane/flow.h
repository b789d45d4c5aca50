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

#include <vxsw/wire.h>

#include "pkt.h"

/*
 * The fields of a frame a rule can match, as 64-bit words so that masking and hashing go a word
 * at a time. Addresses and ports in network byte order, as on the wire; IPv4 addresses in the
 * first 4 bytes of src/dst with the rest zero; absent fields (no IP header, a non-first
 * fragment's ports) are zero.
 */
struct flow_key {
	union {
		struct {
			uint32_t vni;	  /* host order */
			uint16_t in_port; /* the dataplane's port id */
			vxsw_be16 ethertype;
			uint8_t eth_dst[VXSW_ETH_ALEN];
			uint8_t eth_src[VXSW_ETH_ALEN];
			uint8_t ip_src[16];
			uint8_t ip_dst[16];
			uint8_t ip_proto;
			uint8_t ip_version; /* 4, 6 or 0 */
			vxsw_be16 l4_src;
			vxsw_be16 l4_dst;
			uint8_t pad[2];
		} f;
		uint64_t w[8];
	};
};

_Static_assert(sizeof(struct flow_key) == 64, "flow_key is eight words");

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
