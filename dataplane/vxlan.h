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

/* The shortest VXLAN frame: outer headers without IP options and an inner Ethernet header. */
#define VXLAN_RX_FAST_MIN (VXSW_VXLAN4_OVERHEAD + VXSW_ETH_HLEN)

/*
 * The frame every VTEP sends, told apart in one test: four words at fixed offsets compared under
 * masks (EtherType, IPv4 version and header length, no fragment, UDP, our address and port, the
 * VXLAN flags and reserved bits), then the lengths and the header checksum. True only for a
 * frame vxlan_rx_check_each() accepts, with the same *out; false leaves the frame to it, which
 * names what is wrong.
 */
static inline __attribute__((always_inline)) int
vxlan_rx_fast(const uint8_t *f, uint32_t len, const struct vxlan_rx_cfg *cfg, struct vxlan_rx *out)
{
	/* Bytes 12-19: EtherType, version and IHL (TOS, total length and ID not compared). */
	static const uint8_t m0[8] = {0xff, 0xff, 0xff}, v0[8] = {0x08, 0x00, 0x45};
	/* Bytes 20-27: MF and fragment offset (DF allowed), protocol. */
	static const uint8_t m1[8] = {0x3f, 0xff, 0x00, 0xff}, v1[8] = {0, 0, 0, VXSW_IPPROTO_UDP};
	/* Bytes 30-37: destination address, UDP destination port. */
	static const uint8_t m2[8] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0xff, 0xff};
	/* Bytes 42-49: VXLAN flags (I alone), reserved, VNI, reserved; with ignore_reserved, I. */
	static const uint8_t m3[8] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0xff}, m3i[8] = {0x08};
	static const uint8_t v3[8] = {0x08};
	uint8_t b2[8] = {0};
	uint64_t w0, w1, w2, w3;
	uint32_t tot, ulen;

	if (len < VXLAN_RX_FAST_MIN)
		return 0;
	__builtin_memcpy(b2, &cfg->local_ip, 4);
	__builtin_memcpy(b2 + 6, &cfg->dstport, 2);
	w0 = pkt_load64(f + 12) & pkt_word64(m0);
	w1 = pkt_load64(f + 20) & pkt_word64(m1);
	w2 = pkt_load64(f + 30) & pkt_word64(m2);
	w3 = pkt_load64(f + 42) & (cfg->ignore_reserved ? pkt_word64(m3i) : pkt_word64(m3));
	if ((w0 ^ pkt_word64(v0)) | (w1 ^ pkt_word64(v1)) | (w2 ^ pkt_word64(b2)) |
	    (w3 ^ pkt_word64(v3)))
		return 0;
	if (cfg->verify_udp_csum && pkt_load16(f + 40) != 0)
		return 0;
	tot = pkt_ntohs(pkt_load16(f + 16));
	ulen = pkt_ntohs(pkt_load16(f + 38));
	if (tot > len - VXSW_ETH_HLEN || ulen != tot - VXSW_IPV4_HLEN ||
	    ulen < VXSW_UDP_HLEN + VXSW_VXLAN_HLEN + VXSW_ETH_HLEN)
		return 0;
	if (!pkt_ipv4_hdr20_csum_ok(f + VXSW_ETH_HLEN))
		return 0;
	out->l4proto = VXSW_IPPROTO_UDP;
	__builtin_memcpy(&out->src_ip, f + 26, 4);
	out->vni = pkt_ntohl(pkt_load32(f + 46)) >> 8;
	out->inner_off = VXSW_VXLAN4_OVERHEAD;
	out->inner_len = (uint16_t)(ulen - VXSW_UDP_HLEN - VXSW_VXLAN_HLEN);
	return 1;
}

/*
 * Checks an Ethernet frame received on the underlay. Returns VXSW_DROP_NONE for a valid VXLAN
 * frame addressed to cfg (out filled), or the reason to drop it. UNDERLAY_ETHERTYPE,
 * UNDERLAY_NOT_LOCAL and UNDERLAY_UNHANDLED are returned for frames that are valid but not
 * VXLAN; the caller decides whether its slow path wants them (ARP, ICMP to the VTEP).
 * Each check in turn: vxlan_rx_check() below is what the dataplanes call.
 */
static inline __attribute__((always_inline)) enum vxsw_drop
vxlan_rx_check_each(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg,
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
	if (ihl == VXSW_IPV4_HLEN ? !pkt_ipv4_hdr20_csum_ok(ip)
				  : pkt_csum_fold(pkt_csum_add(0, ip, ihl)) != 0)
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

/* vxlan_rx_check_each()'s answer, the common frame told apart by vxlan_rx_fast() first. Inline:
 * it runs once per received packet. */
static inline __attribute__((always_inline)) enum vxsw_drop
vxlan_rx_check(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg,
	       struct vxlan_rx *out)
{
	if (vxlan_rx_fast(frame, len, cfg, out))
		return VXSW_DROP_NONE;
	return vxlan_rx_check_each(frame, len, cfg, out);
}

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

/* Builds the template of one remote VTEP. Inline, so that the BPF programs (which cannot call
 * out of line code of the host) build the very same header. */
static inline void vxlan_tmpl_init(struct vxlan_tmpl *t, const struct vxlan_tmpl_params *p)
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

/* A 64-bit word of the packet, its high half folded onto its low half: a multiply carries a
 * bit only upwards, so a field in the top bits alone would reach few bits of the hash. */
static inline uint64_t vxlan_load64(const uint8_t *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v ^ (v >> 32);
}

/* The CPU's CRC32C instruction (SSE4.2), where the compiler may use it: vxsw-dpdk's hash. */
#if defined(__SSE4_2__) && !defined(__bpf__)
#include <nmmintrin.h>
#define VXLAN_HAVE_CRC 1
#else
#define VXLAN_HAVE_CRC 0
#endif

/* Word i of the flow (read at p) into the hash h: multiplied by its own constant and added,
 * or, with crc, folded in by one CRC32C instruction. */
static inline __attribute__((always_inline)) uint64_t vxlan_flow_mix(uint64_t h, const uint8_t *p,
								     int i, int crc)
{
#if VXLAN_HAVE_CRC
	if (crc)
		return _mm_crc32_u64(h, pkt_load64(p));
#endif
	(void)crc;
	return h + vxlan_load64(p) * vxlan_flow_k[i];
}

/*
 * Each 64-bit word of the flow (MACs and EtherType, addresses, protocol and ports) goes into the
 * hash: the words are read with fixed-offset loads (bytes 0-7 and 6-13 hold both MACs and the
 * EtherType), so an IPv4 frame costs four loads. Words are read in host byte order.
 *
 * Two ways to mix them, chosen by crc (a constant: the other way is compiled out). Without: each
 * word multiplied by its own odd constant, the products summed and mixed once (murmur3's
 * finalizer); the multiplies are independent, and BPF programs can run it. With: a chain of
 * CRC32C instructions, about a third of the instructions, then one multiply, whose high half
 * depends on every bit of the CRC (a CRC alone is linear: grids of field values would fall on
 * few ports).
 */
static inline __attribute__((always_inline)) uint32_t vxlan_flow_hash_(const uint8_t *inner,
								       uint32_t len, int crc)
{
	uint64_t h = 0x5678abcd12345678ull;
	uint32_t l4off = 0;
	uint16_t type;
	uint8_t proto = 0;

	if (len < VXSW_ETH_HLEN)
		goto out;
	h = vxlan_flow_mix(h, inner, 0, crc);
	h = vxlan_flow_mix(h, inner + 6, 1, crc);
	type = pkt_ntohs(((const struct vxsw_eth *)inner)->type);
	if (type == VXSW_ETHERTYPE_IPV4 && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN) {
		const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(inner + VXSW_ETH_HLEN);

		h = vxlan_flow_mix(h, (const uint8_t *)&ip->saddr, 2, crc);
		proto = ip->proto;
		/* Only the first fragment carries ports; all fragments must hash alike. */
		if (!(ip->frag_off & pkt_htons(VXSW_IPV4_MF | VXSW_IPV4_OFFMASK)))
			l4off = VXSW_ETH_HLEN + (ip->ver_ihl & 0xf) * 4u;
	} else if (type == VXSW_ETHERTYPE_IPV6 && len >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN) {
		const struct vxsw_ipv6 *ip6 = (const struct vxsw_ipv6 *)(inner + VXSW_ETH_HLEN);

		h = vxlan_flow_mix(h, ip6->saddr, 3, crc);
		h = vxlan_flow_mix(h, ip6->saddr + 8, 4, crc);
		h = vxlan_flow_mix(h, ip6->daddr, 5, crc);
		h = vxlan_flow_mix(h, ip6->daddr + 8, 6, crc);
		proto = ip6->nexthdr;
		l4off = VXSW_ETH_HLEN + VXSW_IPV6_HLEN;
	}
	{
		uint64_t last = proto;

		if (l4off && (proto == VXSW_IPPROTO_TCP || proto == VXSW_IPPROTO_UDP) &&
		    l4off + 4 <= len)
			last |= (uint64_t)pkt_load32(inner + l4off) << 8;
#if VXLAN_HAVE_CRC
		if (crc) {
			h = _mm_crc32_u64(h, last);
			goto out;
		}
#endif
		h += last * vxlan_flow_k[7];
	}
out:
#if VXLAN_HAVE_CRC
	if (crc)
		return (uint32_t)(((uint32_t)h * 0x9e3779b97f4a7c15ull) >> 32);
#endif
	h = vxlan_fmix64(h);
	return (uint32_t)(h ^ (h >> 32));
}

/* The flow hash both dataplanes can compute (the BPF programs have no CRC instruction). */
static inline __attribute__((always_inline)) uint32_t vxlan_flow_hash(const uint8_t *inner,
								      uint32_t len)
{
	return vxlan_flow_hash_(inner, len, 0);
}

/* A 32-bit hash mapped into [min, max]: multiply-shift instead of a modulo, no division. */
static inline uint16_t vxlan_sport_map(uint32_t hash, uint16_t min, uint16_t max)
{
	if (max < min)
		return min;
	return (uint16_t)(min + (((uint64_t)hash * ((uint32_t)max - min + 1)) >> 32));
}

/*
 * The UDP source port for an inner frame: a hash of its Ethernet addresses, IP addresses,
 * protocol and L4 ports (RFC 7348 section 5: entropy for underlay ECMP), mapped into
 * [min, max]. Frames of one flow always get the same port. Inline: it runs once per
 * encapsulated packet.
 *
 * vxlan_sport() is the BPF programs'; vxlan_sport_fast() is vxsw-dpdk's, with the CRC32C
 * instruction where the CPU has it. The two may give one flow different ports: each is stable
 * per flow, and a host runs one dataplane.
 */
static inline __attribute__((always_inline)) uint16_t
vxlan_sport(const uint8_t *inner, uint32_t len, uint16_t min, uint16_t max)
{
	return vxlan_sport_map(vxlan_flow_hash_(inner, len, 0), min, max);
}

static inline __attribute__((always_inline)) uint16_t
vxlan_sport_fast(const uint8_t *inner, uint32_t len, uint16_t min, uint16_t max)
{
	return vxlan_sport_map(vxlan_flow_hash_(inner, len, VXLAN_HAVE_CRC), min, max);
}

#endif /* VXSW_VXLAN_H */
