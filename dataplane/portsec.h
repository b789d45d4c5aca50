/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port security (anti-spoofing): a port's allowed sources and the check of one frame against
 * them, written once for both dataplanes (vxsw-dpdk's forwarding loop and the eBPF port
 * program, where it is also the value of the vxsw_port_sec map). Plain C, inline, no library
 * calls: it compiles for clang -target bpf too. vxsw_port_sec is part of the pinned map's
 * layout: append only.
 */
#ifndef VXSW_PORTSEC_H
#define VXSW_PORTSEC_H

#include <stdint.h>

#include <vxsw/drop.h>
#include <vxsw/proto.h>
#include <vxsw/wire.h>

#include "pkt.h"

/* One allowed source. */
struct vxsw_port_sec_entry {
	uint64_t mac; /* the 6 bytes of the MAC copied into a zeroed word */
	vxsw_be32 ip; /* with has_ip: IPv4 frames only from it, ARP only announcing it */
	uint32_t has_ip;
};

struct vxsw_port_sec {
	uint32_t n; /* entries in a[] */
	uint32_t pad;
	struct vxsw_port_sec_entry a[VXSW_PORT_ALLOWED_MAX];
};

static inline uint64_t vxsw_port_sec_mac(const uint8_t *mac)
{
	uint64_t m = 0;

	__builtin_memcpy(&m, mac, 6);
	return m;
}

/*
 * VXSW_DROP_NONE if a frame of len bytes (its Ethernet header whole) may come from a port with
 * the allowed sources s: the source MAC is allowed and, for an entry with an address, an IPv4
 * frame comes from it and an ARP frame announces it with the frame's own MAC; 0.0.0.0 (DHCP,
 * ARP probes) passes. Otherwise the reason to drop it.
 */
static inline enum vxsw_drop vxsw_port_sec_check(const struct vxsw_port_sec *s,
						 const uint8_t *frame, uint32_t len)
{
	uint64_t src = vxsw_port_sec_mac(frame + 6);
	vxsw_be16 type;
	vxsw_be32 ip;
	uint32_t j;

	for (j = 0; j < VXSW_PORT_ALLOWED_MAX; j++) {
		if (j >= s->n)
			return VXSW_DROP_PORT_MAC_SPOOFED;
		if (s->a[j].mac == src)
			break;
	}
	if (j == VXSW_PORT_ALLOWED_MAX)
		return VXSW_DROP_PORT_MAC_SPOOFED;
	if (!s->a[j].has_ip)
		return VXSW_DROP_NONE;
	__builtin_memcpy(&type, frame + 12, 2);
	if (type == pkt_htons(VXSW_ETHERTYPE_IPV4) && len >= 34) {
		__builtin_memcpy(&ip, frame + 26, 4);
		if (ip && ip != s->a[j].ip)
			return VXSW_DROP_PORT_IP_SPOOFED;
	} else if (type == pkt_htons(VXSW_ETHERTYPE_ARP) && len >= 42) {
		__builtin_memcpy(&ip, frame + 28, 4);
		if ((ip && ip != s->a[j].ip) || vxsw_port_sec_mac(frame + 22) != src)
			return VXSW_DROP_PORT_IP_SPOOFED;
	}
	return VXSW_DROP_NONE;
}

#endif /* VXSW_PORTSEC_H */
