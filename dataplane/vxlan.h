/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxlan: the VXLAN (RFC 7348) packet rules that every vxsw dataplane applies, written once:
 * validation of a received outer header stack, the prebuilt outer header per remote VTEP and
 * its per-packet patching, and the UDP source-port hash. Plain C over byte buffers; no DPDK.
 */
#ifndef VXSW_VXLAN_H
#define VXSW_VXLAN_H

#include <stdbool.h>
#include <stdint.h>

#include <vxsw/drop.h>
#include <vxsw/wire.h>

#include "pkt.h"

/* What the receive check needs to know. Addresses and ports in network byte order. */
struct vxlan_rx_cfg {
	vxsw_be32 local_ip;
	vxsw_be16 dstport;
	bool ignore_reserved; /* accept non-zero reserved bits (RFC 7348 says "ignored on receipt")
			       */
	bool verify_udp_csum; /* verify a non-zero outer UDP checksum */
};

/* What a valid VXLAN frame carries. */
struct vxlan_rx {
	uint32_t vni;	    /* host order */
	vxsw_be32 src_ip;   /* the sending VTEP */
	uint16_t inner_off; /* inner Ethernet header offset from the outer one */
	uint16_t inner_len;
	uint8_t l4proto; /* outer IP protocol, set once the IPv4 header is valid */
};

/*
 * Checks an Ethernet frame received on the underlay. Returns VXSW_DROP_NONE for a valid VXLAN
 * frame addressed to cfg (out filled), or the reason to drop it. UNDERLAY_ETHERTYPE,
 * UNDERLAY_NOT_LOCAL and UNDERLAY_UNHANDLED are returned for frames that are valid but not
 * VXLAN; the caller decides whether its slow path wants them (ARP, ICMP to the VTEP).
 */
enum vxsw_drop vxlan_rx_check(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg,
			      struct vxlan_rx *out);

/* The outer Ethernet + IPv4 + UDP + VXLAN header of one remote VTEP, built once. */
struct vxlan_tmpl {
	uint8_t hdr[VXSW_VXLAN4_OVERHEAD];
	uint32_t ip_sum; /* unfolded sum of the IPv4 header with tot_len and csum zero */
};

struct vxlan_tmpl_params {
	uint8_t src_mac[VXSW_ETH_ALEN];
	uint8_t dst_mac[VXSW_ETH_ALEN];
	vxsw_be32 src_ip;
	vxsw_be32 dst_ip;
	vxsw_be16 dstport;
	uint8_t ttl;
	uint8_t tos;
};

void vxlan_tmpl_init(struct vxlan_tmpl *t, const struct vxlan_tmpl_params *p);

/*
 * Writes the outer headers for an inner frame of inner_len bytes into out (50 bytes, directly
 * before the inner frame). DF is set and the IP ID is zero (RFC 6864 section 4.1: atomic
 * datagrams); the UDP checksum is zero (RFC 7348 section 5).
 */
static inline void vxlan_encap_write(uint8_t *out, const struct vxlan_tmpl *t, uint32_t inner_len,
				     uint32_t vni, uint16_t sport)
{
	struct vxsw_ipv4 *ip = (struct vxsw_ipv4 *)(out + VXSW_ETH_HLEN);
	struct vxsw_udp *udp = (struct vxsw_udp *)(ip + 1);
	struct vxsw_vxlan *vx = (struct vxsw_vxlan *)(udp + 1);
	uint32_t tot = inner_len + VXSW_VXLAN4_OVERHEAD - VXSW_ETH_HLEN;
	uint32_t sum = t->ip_sum + tot;

	__builtin_memcpy(out, t->hdr, sizeof(t->hdr));
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ip->tot_len = pkt_htons(tot);
	ip->csum = pkt_htons(~sum);
	udp->sport = pkt_htons(sport);
	udp->len = pkt_htons(tot - VXSW_IPV4_HLEN);
	vx->vni = pkt_htonl(vni << 8);
}

/* murmur3's 64-bit finalizer: every input bit reaches every output bit. */
static inline uint64_t vxlan_fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* Odd 64-bit multipliers, one per word of the flow. */
static const uint64_t vxlan_flow_k[8] = {
	0x9e3779b97f4a7c15ull, 0xbf58476d1ce4e5b9ull, 0x94d049bb133111ebull, 0xd6e8feb86659fd93ull,
	0xa0761d6478bd642full, 0xe7037ed1a0b428dbull, 0x8ebc6af09c88c6e3ull, 0x589965cc75374cc3ull,
};

static inline uint64_t vxlan_mac_word(const uint8_t *mac, uint16_t extra)
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
static inline uint32_t vxlan_flow_hash(const uint8_t *inner, uint32_t len)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)inner;
	uint64_t h = 0x5678abcd12345678ull;
	uint32_t l4off = 0, i;
	uint16_t type;
	uint8_t proto = 0;

	if (len < VXSW_ETH_HLEN) {
		h = vxlan_fmix64(h);
		return (uint32_t)(h ^ (h >> 32));
	}
	type = pkt_ntohs(eth->type);
	h += vxlan_mac_word(eth->dst, type) * vxlan_flow_k[0];
	if (type == VXSW_ETHERTYPE_IPV4 && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN) {
		const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(eth + 1);

		h += ((uint64_t)pkt_load32(&ip->saddr) << 32 | pkt_load32(&ip->daddr)) *
		     vxlan_flow_k[2];
		proto = ip->proto;
		/* Only the first fragment carries ports; all fragments must hash alike. */
		if (!(ip->frag_off & pkt_htons(VXSW_IPV4_MF | VXSW_IPV4_OFFMASK)))
			l4off = VXSW_ETH_HLEN + (ip->ver_ihl & 0xf) * 4u;
	} else if (type == VXSW_ETHERTYPE_IPV6 && len >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN) {
		const struct vxsw_ipv6 *ip6 = (const struct vxsw_ipv6 *)(eth + 1);

		for (i = 0; i < 2; i++) {
			h += ((uint64_t)pkt_load32(ip6->saddr + 8 * i) << 32 |
			      pkt_load32(ip6->saddr + 8 * i + 4)) *
			     vxlan_flow_k[3 + i];
			h += ((uint64_t)pkt_load32(ip6->daddr + 8 * i) << 32 |
			      pkt_load32(ip6->daddr + 8 * i + 4)) *
			     vxlan_flow_k[5 + i];
		}
		proto = ip6->nexthdr;
		l4off = VXSW_ETH_HLEN + VXSW_IPV6_HLEN;
	}
	h += vxlan_mac_word(eth->src, proto) * vxlan_flow_k[1];
	if (l4off && (proto == VXSW_IPPROTO_TCP || proto == VXSW_IPPROTO_UDP) && l4off + 4 <= len)
		h += (uint64_t)pkt_load32(inner + l4off) * vxlan_flow_k[7];
	h = vxlan_fmix64(h);
	return (uint32_t)(h ^ (h >> 32));
}

/*
 * The UDP source port for an inner frame: a hash of its Ethernet addresses, IP addresses,
 * protocol and L4 ports (RFC 7348 section 5: entropy for underlay ECMP), mapped into
 * [min, max]. Frames of one flow always get the same port; both dataplanes compute the same.
 * Inline: it runs once per encapsulated packet.
 */
static inline uint16_t vxlan_sport(const uint8_t *inner, uint32_t len, uint16_t min, uint16_t max)
{
	uint32_t range = (uint32_t)max - min + 1;

	if (max < min)
		return min;
	/* Multiply-shift instead of a modulo: no division on the fast path. */
	return (uint16_t)(min + (((uint64_t)vxlan_flow_hash(inner, len) * range) >> 32));
}

#endif /* VXSW_VXLAN_H */
