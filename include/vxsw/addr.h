/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw_ip: an underlay address, IPv4 or IPv6, as the control plane passes it around. The
 * dataplanes keep IPv4 addresses as big-endian 32-bit words; IPv6 is carried in the same type
 * so that interfaces need not change when the IPv6 underlay lands.
 */
#ifndef VXSW_ADDR_H
#define VXSW_ADDR_H

#include <stdint.h>

#define VXSW_AF_INET  2
#define VXSW_AF_INET6 10

struct vxsw_ip {
	uint8_t family; /* VXSW_AF_INET or VXSW_AF_INET6, 0 = unset */
	uint8_t pad[3];
	union {
		uint32_t v4; /* network byte order */
		uint8_t v6[16];
	};
};

#endif /* VXSW_ADDR_H */
