/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw wire formats: the Ethernet, ARP, IPv4, IPv6, ICMP, UDP and VXLAN headers exactly as they
 * appear on the wire, shared by both dataplanes and the tests. Plain C: compiles for the host
 * and for clang -target bpf. Multi-byte fields are big-endian; the vxsw_be* types say so.
 */
#ifndef VXSW_WIRE_H
#define VXSW_WIRE_H

#include <stdint.h>

typedef uint16_t vxsw_be16;
typedef uint32_t vxsw_be32;

#define VXSW_ETH_ALEN	    6
#define VXSW_ETH_HLEN	    14
#define VXSW_ETHERTYPE_IPV4 0x0800
#define VXSW_ETHERTYPE_ARP  0x0806
#define VXSW_ETHERTYPE_VLAN 0x8100
#define VXSW_ETHERTYPE_IPV6 0x86dd

#define VXSW_IPPROTO_ICMP   1
#define VXSW_IPPROTO_TCP    6
#define VXSW_IPPROTO_UDP    17
#define VXSW_IPPROTO_ICMPV6 58

/* IANA-assigned VXLAN port (RFC 7348 section 5). */
#define VXSW_VXLAN_PORT 4789

struct vxsw_eth {
	uint8_t dst[VXSW_ETH_ALEN];
	uint8_t src[VXSW_ETH_ALEN];
	vxsw_be16 type;
} __attribute__((packed));

struct vxsw_arp {
	vxsw_be16 htype;
	vxsw_be16 ptype;
	uint8_t hlen;
	uint8_t plen;
	vxsw_be16 oper;
	uint8_t sha[VXSW_ETH_ALEN];
	vxsw_be32 spa;
	uint8_t tha[VXSW_ETH_ALEN];
	vxsw_be32 tpa;
} __attribute__((packed));

#define VXSW_ARP_HTYPE_ETHER 1
#define VXSW_ARP_OP_REQUEST  1
#define VXSW_ARP_OP_REPLY    2

struct vxsw_ipv4 {
	uint8_t ver_ihl;
	uint8_t tos;
	vxsw_be16 tot_len;
	vxsw_be16 id;
	vxsw_be16 frag_off;
	uint8_t ttl;
	uint8_t proto;
	vxsw_be16 csum;
	vxsw_be32 saddr;
	vxsw_be32 daddr;
} __attribute__((packed));

#define VXSW_IPV4_HLEN	  20
#define VXSW_IPV4_DF	  0x4000
#define VXSW_IPV4_MF	  0x2000
#define VXSW_IPV4_OFFMASK 0x1fff

struct vxsw_ipv6 {
	vxsw_be32 ver_tc_flow;
	vxsw_be16 payload_len;
	uint8_t nexthdr;
	uint8_t hop_limit;
	uint8_t saddr[16];
	uint8_t daddr[16];
} __attribute__((packed));

#define VXSW_IPV6_HLEN 40

struct vxsw_udp {
	vxsw_be16 sport;
	vxsw_be16 dport;
	vxsw_be16 len;
	vxsw_be16 csum;
} __attribute__((packed));

#define VXSW_UDP_HLEN 8

/* ICMP / ICMPv6 common header; "data" carries the next-hop MTU for Fragmentation Needed
 * (RFC 1191 section 4) and the MTU for Packet Too Big (RFC 4443 section 3.2). */
struct vxsw_icmp {
	uint8_t type;
	uint8_t code;
	vxsw_be16 csum;
	vxsw_be32 data;
} __attribute__((packed));

#define VXSW_ICMP_ECHOREPLY    0
#define VXSW_ICMP_DEST_UNREACH 3
#define VXSW_ICMP_FRAG_NEEDED  4
#define VXSW_ICMP_ECHO	       8
#define VXSW_ICMPV6_PKT_TOOBIG 2

/* VXLAN header (RFC 7348 section 5): 8 flag bits (only I is defined), 24 reserved bits, 24-bit
 * VNI, 8 reserved bits. */
struct vxsw_vxlan {
	vxsw_be32 flags;
	vxsw_be32 vni;
} __attribute__((packed));

#define VXSW_VXLAN_HLEN	   8
#define VXSW_VXLAN_FLAG_I  0x08000000u
#define VXSW_VXLAN_VNI_MAX 0xffffffu

/* Outer headers added by VXLAN over IPv4: Ethernet + IPv4 + UDP + VXLAN = 50 bytes. */
#define VXSW_VXLAN4_OVERHEAD (VXSW_ETH_HLEN + VXSW_IPV4_HLEN + VXSW_UDP_HLEN + VXSW_VXLAN_HLEN)
/* ... and over IPv6: 70 bytes. */
#define VXSW_VXLAN6_OVERHEAD (VXSW_ETH_HLEN + VXSW_IPV6_HLEN + VXSW_UDP_HLEN + VXSW_VXLAN_HLEN)

#endif /* VXSW_WIRE_H */
