/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxlan: receive validation, outer-header templates and the source-port hash (see vxlan.h).
 * Shared by vxsw-dpdk and the unit tests; every rejection maps to one named drop reason.
 */
#include "vxlan.h"

#include <stddef.h>

enum vxsw_drop vxlan_rx_check(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg,
			      struct vxlan_rx *out)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)frame;
	const struct vxsw_ipv4 *ip;
	const struct vxsw_udp *udp;
	const struct vxsw_vxlan *vx;
	uint32_t ihl, tot, ulen, flags, vni;

	if (len < VXSW_ETH_HLEN)
		return VXSW_DROP_ETH_TRUNCATED;
	if (eth->type != pkt_htons(VXSW_ETHERTYPE_IPV4))
		return VXSW_DROP_UNDERLAY_ETHERTYPE;
	len -= VXSW_ETH_HLEN;
	if (len < VXSW_IPV4_HLEN)
		return VXSW_DROP_OUTER_IP_TRUNCATED;
	ip = (const struct vxsw_ipv4 *)(eth + 1);
	if ((ip->ver_ihl >> 4) != 4)
		return VXSW_DROP_OUTER_IP_VERSION;
	ihl = (ip->ver_ihl & 0xf) * 4u;
	if (ihl < VXSW_IPV4_HLEN)
		return VXSW_DROP_OUTER_IP_LENGTH;
	tot = pkt_ntohs(ip->tot_len);
	/* Trailing bytes beyond tot_len are Ethernet padding and allowed. */
	if (tot < ihl || tot > len || ihl > len)
		return VXSW_DROP_OUTER_IP_LENGTH;
	if (pkt_csum_fold(pkt_csum_add(0, ip, ihl)) != 0)
		return VXSW_DROP_OUTER_IP_CHECKSUM;
	out->l4proto = ip->proto;
	out->src_ip = ip->saddr;
	if (ip->daddr != cfg->local_ip)
		return VXSW_DROP_UNDERLAY_NOT_LOCAL;
	/* A fragment of anything addressed to us: VTEPs never fragment (RFC 7348 section 4.3). */
	if (ip->frag_off & pkt_htons(VXSW_IPV4_MF | VXSW_IPV4_OFFMASK))
		return VXSW_DROP_OUTER_IP_FRAGMENT;
	if (ip->proto != VXSW_IPPROTO_UDP)
		return VXSW_DROP_UNDERLAY_UNHANDLED;
	/* VTEPs send no options; a header we cannot account for is not VXLAN we accept. */
	if (ihl != VXSW_IPV4_HLEN)
		return VXSW_DROP_OUTER_IP_OPTIONS;
	if (tot - ihl < VXSW_UDP_HLEN)
		return VXSW_DROP_OUTER_UDP_TRUNCATED;
	udp = (const struct vxsw_udp *)((const uint8_t *)ip + ihl);
	if (udp->dport != cfg->dstport)
		return VXSW_DROP_UNDERLAY_UNHANDLED;
	ulen = pkt_ntohs(udp->len);
	if (ulen != tot - ihl)
		return VXSW_DROP_OUTER_UDP_LENGTH;
	if (ulen < VXSW_UDP_HLEN + VXSW_VXLAN_HLEN)
		return VXSW_DROP_VXLAN_TRUNCATED;
	/* RFC 7348 section 5: a zero checksum must be accepted; a non-zero one is checked only
	 * when asked, since senders with checksum offload hand it over before it is filled in. */
	if (cfg->verify_udp_csum && udp->csum != 0) {
		uint32_t sum = pkt_csum_add(0, &ip->saddr, 8);

		sum += VXSW_IPPROTO_UDP + ulen;
		sum = pkt_csum_add(sum, udp, ulen);
		if (pkt_csum_fold(sum) != 0)
			return VXSW_DROP_OUTER_UDP_CHECKSUM;
	}
	vx = (const struct vxsw_vxlan *)(udp + 1);
	flags = pkt_ntohl(vx->flags);
	vni = pkt_ntohl(vx->vni);
	if (!(flags & VXSW_VXLAN_FLAG_I))
		return VXSW_DROP_VXLAN_I_FLAG;
	if (!cfg->ignore_reserved && ((flags & ~VXSW_VXLAN_FLAG_I) || (vni & 0xff)))
		return VXSW_DROP_VXLAN_RESERVED;
	if (ulen - VXSW_UDP_HLEN - VXSW_VXLAN_HLEN < VXSW_ETH_HLEN)
		return VXSW_DROP_INNER_TRUNCATED;
	out->vni = vni >> 8;
	out->inner_off = (uint16_t)(VXSW_ETH_HLEN + ihl + VXSW_UDP_HLEN + VXSW_VXLAN_HLEN);
	out->inner_len = (uint16_t)(ulen - VXSW_UDP_HLEN - VXSW_VXLAN_HLEN);
	return VXSW_DROP_NONE;
}

void vxlan_tmpl_init(struct vxlan_tmpl *t, const struct vxlan_tmpl_params *p)
{
	struct vxsw_eth *eth = (struct vxsw_eth *)t->hdr;
	struct vxsw_ipv4 *ip = (struct vxsw_ipv4 *)(eth + 1);
	struct vxsw_udp *udp = (struct vxsw_udp *)(ip + 1);
	struct vxsw_vxlan *vx = (struct vxsw_vxlan *)(udp + 1);

	__builtin_memset(t, 0, sizeof(*t));
	__builtin_memcpy(eth->dst, p->dst_mac, VXSW_ETH_ALEN);
	__builtin_memcpy(eth->src, p->src_mac, VXSW_ETH_ALEN);
	eth->type = pkt_htons(VXSW_ETHERTYPE_IPV4);
	ip->ver_ihl = 0x45;
	ip->tos = p->tos;
	ip->frag_off = pkt_htons(VXSW_IPV4_DF);
	ip->ttl = p->ttl;
	ip->proto = VXSW_IPPROTO_UDP;
	ip->saddr = p->src_ip;
	ip->daddr = p->dst_ip;
	udp->dport = p->dstport;
	vx->flags = pkt_htonl(VXSW_VXLAN_FLAG_I);
	t->ip_sum = pkt_csum_add(0, ip, VXSW_IPV4_HLEN);
}

/* murmur3's 64-bit finalizer: every input bit reaches every output bit. */
static inline uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* Odd 64-bit multipliers, one per word of the flow. */
static const uint64_t flow_k[8] = {
	0x9e3779b97f4a7c15ull, 0xbf58476d1ce4e5b9ull, 0x94d049bb133111ebull, 0xd6e8feb86659fd93ull,
	0xa0761d6478bd642full, 0xe7037ed1a0b428dbull, 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull,
};

static inline uint64_t mac_word(const uint8_t *mac, uint16_t extra)
{
	return (uint64_t)pkt_load32(mac) | (uint64_t)pkt_load16(mac + 4) << 32 |
	       (uint64_t)extra << 48;
}

/*
 * Each 64-bit word of the flow (MACs, addresses, ports) is multiplied by its own odd constant
 * and the products summed, then mixed once: the multiplies are independent, so this costs a
 * few cycles where a mix per field cost tens, and fields cannot cancel each other out the way
 * they do when XORed together.
 */
uint32_t vxlan_flow_hash(const uint8_t *inner, uint32_t len)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)inner;
	uint64_t h = 0x5678abcd12345678ull;
	uint32_t l4off = 0, i;
	uint16_t type;
	uint8_t proto = 0;

	if (len < VXSW_ETH_HLEN) {
		h = fmix64(h);
		return (uint32_t)(h ^ (h >> 32));
	}
	type = pkt_ntohs(eth->type);
	h += mac_word(eth->dst, type) * flow_k[0];
	if (type == VXSW_ETHERTYPE_IPV4 && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN) {
		const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(eth + 1);

		h += ((uint64_t)pkt_load32(&ip->saddr) << 32 | pkt_load32(&ip->daddr)) * flow_k[2];
		proto = ip->proto;
		/* Only the first fragment carries ports; all fragments must hash alike. */
		if (!(ip->frag_off & pkt_htons(VXSW_IPV4_MF | VXSW_IPV4_OFFMASK)))
			l4off = VXSW_ETH_HLEN + (ip->ver_ihl & 0xf) * 4u;
	} else if (type == VXSW_ETHERTYPE_IPV6 && len >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN) {
		const struct vxsw_ipv6 *ip6 = (const struct vxsw_ipv6 *)(eth + 1);

		for (i = 0; i < 2; i++) {
			h += ((uint64_t)pkt_load32(ip6->saddr + 8 * i) << 32 |
			      pkt_load32(ip6->saddr + 8 * i + 4)) *
			     flow_k[3 + i];
			h += ((uint64_t)pkt_load32(ip6->daddr + 8 * i) << 32 |
			      pkt_load32(ip6->daddr + 8 * i + 4)) *
			     flow_k[5 + i];
		}
		proto = ip6->nexthdr;
		l4off = VXSW_ETH_HLEN + VXSW_IPV6_HLEN;
	}
	h += mac_word(eth->src, proto) * flow_k[1];
	if (l4off && (proto == VXSW_IPPROTO_TCP || proto == VXSW_IPPROTO_UDP) && l4off + 4 <= len)
		h += (uint64_t)pkt_load32(inner + l4off) * flow_k[7];
	h = fmix64(h);
	return (uint32_t)(h ^ (h >> 32));
}

uint16_t vxlan_sport(const uint8_t *inner, uint32_t len, uint16_t min, uint16_t max)
{
	uint32_t range = (uint32_t)max - min + 1;

	if (max < min)
		return min;
	/* Multiply-shift instead of a modulo: no division on the fast path. */
	return (uint16_t)(min + (((uint64_t)vxlan_flow_hash(inner, len) * range) >> 32));
}
