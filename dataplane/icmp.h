/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * icmp: the errors a VTEP sends back to a tenant whose frame would exceed the underlay MTU once
 * encapsulated: ICMP Fragmentation Needed (RFC 1191) for IPv4 with DF, ICMPv6 Packet Too Big
 * (RFC 4443) for IPv6. The reply claims the inner destination as its source, as the kernel's
 * vxlan does, so the sender's PMTU cache is updated for that destination.
 */
#ifndef VXSW_ICMP_H
#define VXSW_ICMP_H

#include <stdint.h>

/* Largest reply icmp_too_big() writes. */
#define ICMP_TOO_BIG_MAX (14 + 40 + 8 + 1232)

/*
 * Builds into out (ICMP_TOO_BIG_MAX bytes) the reply to the inner frame [frame, frame+len) that
 * does not fit in mtu (the largest inner IP packet that fits). Returns the reply length, or 0
 * when no reply is due: not IP, IPv4 without DF, an ICMP error itself, a non-unicast sender,
 * a source or destination address that is not one unicast host.
 */
uint32_t icmp_too_big(uint8_t *out, const uint8_t *frame, uint32_t len, uint16_t mtu);

/*
 * Turns the ICMP echo request in frame (an IPv4 packet to us) into its reply in place: swaps
 * MACs and addresses, sets type 0 and fixes both checksums. Returns 0, or -1 when it is not a
 * well-formed echo request (a fragment, or either checksum wrong, included).
 */
int icmp_echo_reply(uint8_t *frame, uint32_t len);

#endif /* VXSW_ICMP_H */
