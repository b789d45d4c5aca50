/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icmp: Fragmentation Needed / Packet Too Big replies and echo replies (see icmp.h).
 */
#include "icmp.h"

#include <vxsw/wire.h>

#include "pkt.h"

static uint32_t too_big4(uint8_t *out, const uint8_t *frame, uint32_t len, uint16_t mtu)
{
	const struct vxsw_eth *ieth = (const struct vxsw_eth *)frame;
	const struct vxsw_ipv4 *iip = (const struct vxsw_ipv4 *)(ieth + 1);
	struct vxsw_eth *eth = (struct vxsw_eth *)out;
	struct vxsw_ipv4 *ip = (struct vxsw_ipv4 *)(eth + 1);
	struct vxsw_icmp *icmp = (struct vxsw_icmp *)(ip + 1);
	uint32_t ihl, tot, quote, src, dst;

	if (len < VXSW_ETH_HLEN + VXSW_IPV4_HLEN || (iip->ver_ihl >> 4) != 4)
		return 0;
	ihl = (iip->ver_ihl & 0xf) * 4u;
	if (ihl < VXSW_IPV4_HLEN || VXSW_ETH_HLEN + ihl > len)
		return 0;
	if (!(iip->frag_off & pkt_htons(VXSW_IPV4_DF)))
		return 0;
	/* RFC 1122 section 3.2.2: not about a datagram from anything but one host (0/8, loopback,
	 * multicast, class E and broadcast) nor to multicast, class E or broadcast, since the
	 * reply would come from that destination. */
	src = pkt_ntohl(iip->saddr);
	dst = pkt_ntohl(iip->daddr);
	if (src >> 24 == 0 || src >> 24 == 127 || src >> 28 >= 0xe || dst >> 28 >= 0xe)
		return 0;
	/* Never an error about an error (RFC 1122 section 3.2.2). */
	if (iip->proto == VXSW_IPPROTO_ICMP && VXSW_ETH_HLEN + ihl < len) {
		uint8_t type = frame[VXSW_ETH_HLEN + ihl];

		if (type != VXSW_ICMP_ECHO && type != VXSW_ICMP_ECHOREPLY)
			return 0;
	}
	/* RFC 1812 section 4.3.2.3: quote as much of the datagram as fits in 576 bytes; what
	 * follows its tot_len is Ethernet padding, not part of it. */
	quote = len - VXSW_ETH_HLEN;
	tot = pkt_ntohs(iip->tot_len);
	if (tot >= ihl && tot < quote)
		quote = tot;
	if (quote > 576 - VXSW_IPV4_HLEN - 8)
		quote = 576 - VXSW_IPV4_HLEN - 8;
	__builtin_memcpy(eth->dst, ieth->src, VXSW_ETH_ALEN);
	__builtin_memcpy(eth->src, ieth->dst, VXSW_ETH_ALEN);
	eth->type = pkt_htons(VXSW_ETHERTYPE_IPV4);
	__builtin_memset(ip, 0, sizeof(*ip));
	ip->ver_ihl = 0x45;
	ip->tot_len = pkt_htons(VXSW_IPV4_HLEN + 8 + quote);
	ip->ttl = 64;
	ip->proto = VXSW_IPPROTO_ICMP;
	ip->saddr = iip->daddr;
	ip->daddr = iip->saddr;
	ip->csum = pkt_htons(pkt_csum_fold(pkt_csum_add(0, ip, VXSW_IPV4_HLEN)));
	icmp->type = VXSW_ICMP_DEST_UNREACH;
	icmp->code = VXSW_ICMP_FRAG_NEEDED;
	icmp->csum = 0;
	icmp->data = pkt_htonl(mtu); /* unused(16) | next-hop MTU(16), RFC 1191 section 4 */
	__builtin_memcpy(icmp + 1, iip, quote);
	icmp->csum = pkt_htons(pkt_csum_fold(pkt_csum_add(0, icmp, 8 + quote)));
	return VXSW_ETH_HLEN + VXSW_IPV4_HLEN + 8 + quote;
}

static uint32_t too_big6(uint8_t *out, const uint8_t *frame, uint32_t len, uint16_t mtu)
{
	const struct vxsw_eth *ieth = (const struct vxsw_eth *)frame;
	const struct vxsw_ipv6 *iip = (const struct vxsw_ipv6 *)(ieth + 1);
	struct vxsw_eth *eth = (struct vxsw_eth *)out;
	struct vxsw_ipv6 *ip = (struct vxsw_ipv6 *)(eth + 1);
	struct vxsw_icmp *icmp = (struct vxsw_icmp *)(ip + 1);
	uint32_t quote, plen, sum;

	if (len < VXSW_ETH_HLEN + VXSW_IPV6_HLEN ||
	    (iip->ver_tc_flow & pkt_htonl(0xf0000000u)) != pkt_htonl(0x60000000u))
		return 0;
	/* Never to a multicast or unspecified source (RFC 4443 section 2.4 e). */
	if (iip->saddr[0] == 0xff ||
	    (pkt_mac_is_zero(iip->saddr) && pkt_mac_is_zero(iip->saddr + 6) &&
	     pkt_load32(iip->saddr + 12) == 0))
		return 0;
	/* Nor about one sent to a group: the reply's source, its destination, must be unicast
	 * (RFC 4443 section 2.2). */
	if (iip->daddr[0] == 0xff)
		return 0;
	if (iip->nexthdr == VXSW_IPPROTO_ICMPV6 && len > VXSW_ETH_HLEN + VXSW_IPV6_HLEN &&
	    frame[VXSW_ETH_HLEN + VXSW_IPV6_HLEN] < 128)
		return 0;
	/* RFC 4443 section 2.4 c: as much of the packet as fits in the minimum IPv6 MTU; what
	 * follows its payload length is Ethernet padding. */
	quote = len - VXSW_ETH_HLEN;
	plen = VXSW_IPV6_HLEN + (uint32_t)pkt_ntohs(iip->payload_len);
	if (plen < quote)
		quote = plen;
	if (quote > 1280 - VXSW_IPV6_HLEN - 8)
		quote = 1280 - VXSW_IPV6_HLEN - 8;
	__builtin_memcpy(eth->dst, ieth->src, VXSW_ETH_ALEN);
	__builtin_memcpy(eth->src, ieth->dst, VXSW_ETH_ALEN);
	eth->type = pkt_htons(VXSW_ETHERTYPE_IPV6);
	ip->ver_tc_flow = pkt_htonl(0x60000000u);
	ip->payload_len = pkt_htons(8 + quote);
	ip->nexthdr = VXSW_IPPROTO_ICMPV6;
	ip->hop_limit = 255;
	__builtin_memcpy(ip->saddr, iip->daddr, 16);
	__builtin_memcpy(ip->daddr, iip->saddr, 16);
	icmp->type = VXSW_ICMPV6_PKT_TOOBIG;
	icmp->code = 0;
	icmp->csum = 0;
	icmp->data = pkt_htonl(mtu);
	__builtin_memcpy(icmp + 1, iip, quote);
	/* Pseudo-header: addresses, upper-layer length, next header (RFC 8200 section 8.1). */
	sum = pkt_csum_add(0, ip->saddr, 32);
	sum += 8 + quote + VXSW_IPPROTO_ICMPV6;
	sum = pkt_csum_add(sum, icmp, 8 + quote);
	icmp->csum = pkt_htons(pkt_csum_fold(sum));
	return VXSW_ETH_HLEN + VXSW_IPV6_HLEN + 8 + quote;
}

uint32_t icmp_too_big(uint8_t *out, const uint8_t *frame, uint32_t len, uint16_t mtu)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)frame;

	if (len < VXSW_ETH_HLEN || !pkt_mac_is_valid_src(eth->src))
		return 0;
	if (eth->type == pkt_htons(VXSW_ETHERTYPE_IPV4))
		return too_big4(out, frame, len, mtu);
	if (eth->type == pkt_htons(VXSW_ETHERTYPE_IPV6))
		return too_big6(out, frame, len, mtu < 1280 ? 1280 : mtu);
	return 0;
}

int icmp_echo_reply(uint8_t *frame, uint32_t len)
{
	struct vxsw_eth *eth = (struct vxsw_eth *)frame;
	struct vxsw_ipv4 *ip = (struct vxsw_ipv4 *)(eth + 1);
	struct vxsw_icmp *icmp;
	uint8_t mac[VXSW_ETH_ALEN];
	uint32_t ihl, tot;
	vxsw_be32 a;

	if (len < VXSW_ETH_HLEN + VXSW_IPV4_HLEN + 8 || eth->type != pkt_htons(VXSW_ETHERTYPE_IPV4))
		return -1;
	ihl = (ip->ver_ihl & 0xf) * 4u;
	tot = pkt_ntohs(ip->tot_len);
	if ((ip->ver_ihl >> 4) != 4 || ihl < VXSW_IPV4_HLEN || tot < ihl + 8 ||
	    tot > len - VXSW_ETH_HLEN || ip->proto != VXSW_IPPROTO_ICMP)
		return -1;
	/* Only a whole, intact request: a fragment holds part of the message (or none of its
	 * header), and a reply must not hand back damaged data under a fresh checksum. */
	if (ip->frag_off & pkt_htons(VXSW_IPV4_MF | VXSW_IPV4_OFFMASK))
		return -1;
	icmp = (struct vxsw_icmp *)((uint8_t *)ip + ihl);
	if (icmp->type != VXSW_ICMP_ECHO || icmp->code != 0)
		return -1;
	if (pkt_csum_fold(pkt_csum_add(0, ip, ihl)) != 0 ||
	    pkt_csum_fold(pkt_csum_add(0, icmp, tot - ihl)) != 0)
		return -1;
	__builtin_memcpy(mac, eth->dst, VXSW_ETH_ALEN);
	__builtin_memcpy(eth->dst, eth->src, VXSW_ETH_ALEN);
	__builtin_memcpy(eth->src, mac, VXSW_ETH_ALEN);
	a = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = a;
	ip->ttl = 64;
	ip->csum = 0;
	ip->csum = pkt_htons(pkt_csum_fold(pkt_csum_add(0, ip, ihl)));
	icmp->type = VXSW_ICMP_ECHOREPLY;
	icmp->csum = 0;
	icmp->csum = pkt_htons(pkt_csum_fold(pkt_csum_add(0, icmp, tot - ihl)));
	return 0;
}
