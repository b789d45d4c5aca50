/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxlan: receive validation, outer-header templates and the source-port hash (see vxlan.h).
 * Shared by vxsw-dpdk and the unit tests; every rejection maps to one named drop reason.
 */
#include "vxlan.h"

#include <stddef.h>

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
