/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arp: ARP for the underlay (RFC 826): parse a frame, build requests and replies. A VTEP
 * answers for its own address and resolves its next hops itself, so it works on a NIC the
 * kernel never sees.
 */
#ifndef VXSW_ARP_H
#define VXSW_ARP_H

#include <stdint.h>

#include <vxsw/wire.h>

#define ARP_FRAME_LEN 60 /* 14 + 28, padded to the Ethernet minimum */

/* Checks an Ethernet/IPv4 ARP frame; on success copies its body to ret and returns 0. */
int arp_parse(const uint8_t *frame, uint32_t len, struct vxsw_arp *ret);

/* Builds a request (broadcast) or a reply (to dst_mac/dst_ip) into out; returns its length. */
uint32_t arp_build(uint8_t *out, uint16_t op, const uint8_t src_mac[6], vxsw_be32 src_ip,
		   const uint8_t dst_mac[6], vxsw_be32 dst_ip);

#endif /* VXSW_ARP_H */
