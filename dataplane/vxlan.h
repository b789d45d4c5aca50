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

/*
 * The UDP source port for an inner frame: a hash of its Ethernet addresses, IP addresses,
 * protocol and L4 ports (RFC 7348 section 5: entropy for underlay ECMP), mapped into
 * [min, max]. Frames of one flow always get the same port; both dataplanes compute the same.
 */
uint16_t vxlan_sport(const uint8_t *inner, uint32_t len, uint16_t min, uint16_t max);

/* The 32-bit flow hash behind vxlan_sport. */
uint32_t vxlan_flow_hash(const uint8_t *inner, uint32_t len);

#endif /* VXSW_VXLAN_H */
