/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flow: the fields of a tenant frame that rules match (see flow.h). Reads only what the frame
 * holds; no allocation, so the forwarding loop may call it.
 */
#include "flow.h"

#include <string.h>

void flow_key_extract(struct flow_key *key, const uint8_t *frame, uint32_t len, uint16_t in_port,
		      uint32_t vni)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)frame;
	uint32_t l4off = 0;
	uint16_t type;

	memset(key, 0, sizeof(*key));
	key->f.vni = vni;
	key->f.in_port = in_port;
	if (len < VXSW_ETH_HLEN)
		return;
	memcpy(key->f.eth_dst, eth->dst, VXSW_ETH_ALEN);
	memcpy(key->f.eth_src, eth->src, VXSW_ETH_ALEN);
	key->f.ethertype = eth->type;
	type = pkt_ntohs(eth->type);
	if (type == VXSW_ETHERTYPE_IPV4 && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN) {
		const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(frame + VXSW_ETH_HLEN);
		uint32_t ihl = (ip->ver_ihl & 0xfu) * 4u;

		if ((ip->ver_ihl >> 4) != 4 || ihl < VXSW_IPV4_HLEN)
			return;
		key->f.ip_version = 4;
		memcpy(key->f.ip_src, &ip->saddr, 4);
		memcpy(key->f.ip_dst, &ip->daddr, 4);
		key->f.ip_proto = ip->proto;
		/* Only the first fragment carries the ports (RFC 791). */
		if (!(ip->frag_off & pkt_htons(VXSW_IPV4_OFFMASK)))
			l4off = VXSW_ETH_HLEN + ihl;
	} else if (type == VXSW_ETHERTYPE_IPV6 && len >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN) {
		const struct vxsw_ipv6 *ip6 = (const struct vxsw_ipv6 *)(frame + VXSW_ETH_HLEN);

		if ((pkt_ntohl(ip6->ver_tc_flow) >> 28) != 6)
			return;
		key->f.ip_version = 6;
		memcpy(key->f.ip_src, ip6->saddr, 16);
		memcpy(key->f.ip_dst, ip6->daddr, 16);
		/* Extension headers are not walked: the next header is the protocol matched. */
		key->f.ip_proto = ip6->nexthdr;
		l4off = VXSW_ETH_HLEN + VXSW_IPV6_HLEN;
	}
	if (l4off && l4off + 4 <= len &&
	    (key->f.ip_proto == VXSW_IPPROTO_TCP || key->f.ip_proto == VXSW_IPPROTO_UDP)) {
		memcpy(&key->f.l4_src, frame + l4off, 2);
		memcpy(&key->f.l4_dst, frame + l4off + 2, 2);
	}
}
