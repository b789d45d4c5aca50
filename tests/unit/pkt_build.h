/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pkt_build: test helper that builds valid frames (a tenant frame, or one wrapped in outer
 * Ethernet/IPv4/UDP/VXLAN) from options with a default for every field, so that a test can
 * change or break exactly one field. Its checksum code is written apart from dataplane/pkt.h
 * so that each checks the other. Option fields are in host byte order.
 */
#ifndef VXSW_TEST_PKT_BUILD_H
#define VXSW_TEST_PKT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PB_MAC_ALEN 6

/* The default outer addresses and port of pb_vxlan_defaults(). */
#define PB_OUTER_SADDR 0x0a000001u /* 10.0.0.1: the remote VTEP */
#define PB_OUTER_DADDR 0x0a000002u /* 10.0.0.2: us */
#define PB_OUTER_SPORT 49152
#define PB_VNI	       0x123456u

/* A tenant frame: Ethernet, then IPv4 or IPv6 (or nothing else for other ethertypes), then
 * TCP, UDP, ICMP/ICMPv6 or raw payload. */
struct pb_inner {
	uint8_t dst_mac[PB_MAC_ALEN];
	uint8_t src_mac[PB_MAC_ALEN];
	uint16_t ethertype;
	uint8_t ihl; /* IPv4 header length in 32-bit words; more than 5 adds NOP options */
	uint8_t tos;
	uint8_t ttl; /* also the IPv6 hop limit */
	uint16_t ip_id;
	uint16_t frag_off; /* flags and offset, as in the header */
	uint32_t saddr, daddr;
	uint8_t saddr6[16], daddr6[16];
	uint8_t proto; /* IPv4 protocol or IPv6 next header */
	uint16_t sport, dport;
	uint8_t icmp_type, icmp_code;
	uint32_t icmp_data;   /* the second word of an ICMP header (echo id/seq) */
	uint32_t payload_len; /* bytes after the L4 header (after the IP header if no L4) */
	uint8_t payload_seed; /* payload byte i is seed + i */
};

/* An IPv4/UDP frame with DF set, 64 bytes of payload, unicast MACs. */
void pb_inner_defaults(struct pb_inner *o);

/* Writes the frame into buf (size bytes); returns its length, or 0 if it does not fit. IP
 * lengths and all checksums (IPv4 header, UDP, ICMP, ICMPv6) are filled in; TCP's is not. */
uint32_t pb_inner_build(uint8_t *buf, uint32_t size, const struct pb_inner *o);

struct pb_vxlan {
	uint8_t dst_mac[PB_MAC_ALEN];
	uint8_t src_mac[PB_MAC_ALEN];
	uint16_t ethertype;
	uint8_t version; /* IP version nibble */
	uint8_t ihl;	 /* 32-bit words; more than 5 adds NOP options */
	uint8_t tos;
	uint8_t ttl;
	uint8_t proto;
	uint16_t ip_id;
	uint16_t frag_off;
	uint32_t saddr, daddr;
	uint16_t sport, dport;
	bool udp_csum;	      /* fill in the right UDP checksum instead of zero */
	uint32_t vx_flags;    /* first VXLAN word */
	uint32_t vni;	      /* 24 bits, the top of the second word */
	uint8_t vni_low;      /* the reserved low byte of the second word */
	const uint8_t *inner; /* tenant frame; NULL: a pb_inner_defaults() one */
	uint32_t inner_len;
	uint32_t pad; /* Ethernet padding (0xee bytes) after the IP packet */
};

/* A valid frame from PB_OUTER_SADDR to PB_OUTER_DADDR:4789, VNI PB_VNI, DF, UDP csum 0. */
void pb_vxlan_defaults(struct pb_vxlan *o);

/* Writes the frame into buf; returns its length, or 0 if it does not fit. */
uint32_t pb_vxlan_build(uint8_t *buf, uint32_t size, const struct pb_vxlan *o);

/* Offsets in a pb_vxlan frame with a 20-byte IPv4 header. */
#define PB_OFF_IP    14
#define PB_OFF_UDP   (PB_OFF_IP + 20)
#define PB_OFF_VXLAN (PB_OFF_UDP + 8)
#define PB_OFF_INNER (PB_OFF_VXLAN + 8)

/* Big-endian accessors for any offset. */
uint16_t pb_get16(const uint8_t *p);
uint32_t pb_get32(const uint8_t *p);
void pb_put16(uint8_t *p, uint16_t v);
void pb_put32(uint8_t *p, uint32_t v);

/* Internet checksum (RFC 1071) of len bytes plus a 32-bit starting sum: the value to store.
 * Data whose checksum field is correct yields 0. */
uint16_t pb_csum(const void *data, size_t len, uint32_t sum);

/* Pseudo-header sums (RFC 768, RFC 8200 section 8.1), to pass as pb_csum's sum. */
uint32_t pb_pseudo4(const uint8_t *ip4, uint8_t proto, uint32_t len);
uint32_t pb_pseudo6(const uint8_t *ip6, uint8_t proto, uint32_t len);

/* Recomputes the IPv4 header checksum of the header at ip (its IHL, its tot_len). */
void pb_fix_ip_csum(uint8_t *ip);
/* Recomputes the UDP checksum of the IPv4/UDP packet at ip (over the UDP length). */
void pb_fix_udp_csum(uint8_t *ip);
bool pb_ip_csum_ok(const uint8_t *ip);

/* A small deterministic PRNG (xorshift64*) for property tests. */
uint64_t pb_rand(uint64_t *state);

#endif /* VXSW_TEST_PKT_BUILD_H */
