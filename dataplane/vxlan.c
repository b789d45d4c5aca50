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
