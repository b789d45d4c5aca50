/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arp: parsing and building of Ethernet/IPv4 ARP frames (see arp.h).
 */
#include "arp.h"

#include "pkt.h"

int arp_parse(const uint8_t *frame, uint32_t len, struct vxsw_arp *ret)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)frame;
	struct vxsw_arp a;

	if (len < VXSW_ETH_HLEN + sizeof(a) || eth->type != pkt_htons(VXSW_ETHERTYPE_ARP))
		return -1;
	__builtin_memcpy(&a, eth + 1, sizeof(a));
	if (a.htype != pkt_htons(VXSW_ARP_HTYPE_ETHER) ||
	    a.ptype != pkt_htons(VXSW_ETHERTYPE_IPV4) || a.hlen != VXSW_ETH_ALEN || a.plen != 4)
		return -1;
	if (a.oper != pkt_htons(VXSW_ARP_OP_REQUEST) && a.oper != pkt_htons(VXSW_ARP_OP_REPLY))
		return -1;
	if (!pkt_mac_is_valid_src(a.sha))
		return -1;
	*ret = a;
	return 0;
}

uint32_t arp_build(uint8_t *out, uint16_t op, const uint8_t src_mac[6], vxsw_be32 src_ip,
		   const uint8_t dst_mac[6], vxsw_be32 dst_ip)
{
	static const uint8_t bcast[VXSW_ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t zero[VXSW_ETH_ALEN];
	struct vxsw_eth *eth = (struct vxsw_eth *)out;
	struct vxsw_arp a;

	__builtin_memset(out, 0, ARP_FRAME_LEN);
	__builtin_memcpy(eth->dst, op == VXSW_ARP_OP_REQUEST ? bcast : dst_mac, VXSW_ETH_ALEN);
	__builtin_memcpy(eth->src, src_mac, VXSW_ETH_ALEN);
	eth->type = pkt_htons(VXSW_ETHERTYPE_ARP);
	a.htype = pkt_htons(VXSW_ARP_HTYPE_ETHER);
	a.ptype = pkt_htons(VXSW_ETHERTYPE_IPV4);
	a.hlen = VXSW_ETH_ALEN;
	a.plen = 4;
	a.oper = pkt_htons(op);
	__builtin_memcpy(a.sha, src_mac, VXSW_ETH_ALEN);
	a.spa = src_ip;
	__builtin_memcpy(a.tha, op == VXSW_ARP_OP_REQUEST ? zero : dst_mac, VXSW_ETH_ALEN);
	a.tpa = dst_ip;
	__builtin_memcpy(eth + 1, &a, sizeof(a));
	return ARP_FRAME_LEN;
}
