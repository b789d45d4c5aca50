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
 * vni. Only what the frame holds is read: a field the frame is too short for stays zero. Inline
 * and without library calls, so that the eBPF programs run this very code.
 */
static inline void flow_key_extract(struct flow_key *key, const uint8_t *frame, uint32_t len,
				    uint16_t in_port, uint32_t vni)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)frame;
	uint32_t l4off = 0;
	uint16_t type;

	__builtin_memset(key, 0, sizeof(*key));
	key->f.vni = vni;
	key->f.in_port = in_port;
	if (len < VXSW_ETH_HLEN)
		return;
	__builtin_memcpy(key->f.eth_dst, eth->dst, VXSW_ETH_ALEN);
	__builtin_memcpy(key->f.eth_src, eth->src, VXSW_ETH_ALEN);
	key->f.ethertype = eth->type;
	type = pkt_ntohs(eth->type);
	if (type == VXSW_ETHERTYPE_IPV4 && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN) {
		const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(frame + VXSW_ETH_HLEN);
		uint32_t ihl = (ip->ver_ihl & 0xfu) * 4u;

		if ((ip->ver_ihl >> 4) != 4 || ihl < VXSW_IPV4_HLEN)
			return;
		key->f.ip_version = 4;
		__builtin_memcpy(key->f.ip_src, &ip->saddr, 4);
		__builtin_memcpy(key->f.ip_dst, &ip->daddr, 4);
		key->f.ip_proto = ip->proto;
		/* Only the first fragment carries the ports (RFC 791). */
		if (!(ip->frag_off & pkt_htons(VXSW_IPV4_OFFMASK)))
			l4off = VXSW_ETH_HLEN + ihl;
	} else if (type == VXSW_ETHERTYPE_IPV6 && len >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN) {
		const struct vxsw_ipv6 *ip6 = (const struct vxsw_ipv6 *)(frame + VXSW_ETH_HLEN);

		if ((pkt_ntohl(ip6->ver_tc_flow) >> 28) != 6)
			return;
		key->f.ip_version = 6;
		__builtin_memcpy(key->f.ip_src, ip6->saddr, 16);
		__builtin_memcpy(key->f.ip_dst, ip6->daddr, 16);
		/* Extension headers are not walked: the next header is the protocol matched. */
		key->f.ip_proto = ip6->nexthdr;
		l4off = VXSW_ETH_HLEN + VXSW_IPV6_HLEN;
	}
	if (l4off && l4off + 4 <= len &&
	    (key->f.ip_proto == VXSW_IPPROTO_TCP || key->f.ip_proto == VXSW_IPPROTO_UDP)) {
		__builtin_memcpy(&key->f.l4_src, frame + l4off, 2);
		__builtin_memcpy(&key->f.l4_dst, frame + l4off + 2, 2);
	}
}

#endif /* VXSW_FLOW_H */
