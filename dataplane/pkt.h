/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pkt: byte-order and Internet-checksum helpers for the packet code that both dataplanes share.
 * Header-only, no libc, so it also compiles for clang -target bpf.
 */
#ifndef VXSW_PKT_H
#define VXSW_PKT_H

#include <stdint.h>

#include <vxsw/wire.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define pkt_htons(x) ((vxsw_be16)(x))
#define pkt_ntohs(x) ((uint16_t)(x))
#define pkt_htonl(x) ((vxsw_be32)(x))
#define pkt_ntohl(x) ((uint32_t)(x))
#else
#define pkt_htons(x) ((vxsw_be16)__builtin_bswap16((uint16_t)(x)))
#define pkt_ntohs(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define pkt_htonl(x) ((vxsw_be32)__builtin_bswap32((uint32_t)(x)))
#define pkt_ntohl(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))
#endif

/* Unaligned loads: frames may start at any offset. */
static inline uint16_t pkt_load16(const void *p)
{
	uint16_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t pkt_load32(const void *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t pkt_load64(const void *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* Eight bytes as pkt_load64() returns them from memory holding b[0..7]: compares against
 * loaded words need no byte swap. Folds to a constant when b is one. */
static inline uint64_t pkt_word64(const uint8_t b[8])
{
	uint64_t v;

	__builtin_memcpy(&v, b, sizeof(v));
	return v;
}

/* One's-complement sum (RFC 1071) of len bytes, added to sum, not folded. */
static inline uint32_t pkt_csum_add(uint32_t sum, const void *data, uint32_t len)
{
	const uint8_t *p = data;
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/*
 * Is the checksum of a 20-byte IPv4 header right? The one's-complement sum does not depend on
 * byte order (RFC 1071 section 2(B)), so five native 32-bit loads summed in 64 bits and folded
 * give the answer that ten 16-bit big-endian additions would.
 */
static inline int pkt_ipv4_hdr20_csum_ok(const void *hdr)
{
	const uint8_t *p = hdr;
	uint64_t s = (uint64_t)pkt_load32(p) + pkt_load32(p + 4) + pkt_load32(p + 8) +
		     pkt_load32(p + 12) + pkt_load32(p + 16);

	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

/* Folds a sum to 16 bits and complements it: the value to store, in host order. */
static inline uint16_t pkt_csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline int pkt_mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

static inline int pkt_mac_is_zero(const uint8_t *mac)
{
	return (pkt_load32(mac) | pkt_load16(mac + 4)) == 0;
}

/* A valid unicast source address: never learned or accepted otherwise (IEEE 802.1Q 8.7). */
static inline int pkt_mac_is_valid_src(const uint8_t *mac)
{
	return !pkt_mac_is_multicast(mac) && !pkt_mac_is_zero(mac);
}

#endif /* VXSW_PKT_H */
