/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pkt_build: frame builder for the unit tests (see pkt_build.h). Byte-at-a-time on purpose:
 * it shares no code with the dataplane it is used to test.
 */
#include "pkt_build.h"

#include <string.h>

uint16_t pb_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t pb_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void pb_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

void pb_put32(uint8_t *p, uint32_t v)
{
	pb_put16(p, v >> 16);
	pb_put16(p + 2, v & 0xffff);
}

uint16_t pb_csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i < len; i++)
		acc += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)(~acc & 0xffff);
}

uint32_t pb_pseudo4(const uint8_t *ip4, uint8_t proto, uint32_t len)
{
	uint32_t sum = proto + len;
	int i;

	/* saddr at 12, daddr at 16 */
	for (i = 12; i < 20; i += 2)
		sum += pb_get16(ip4 + i);
	return sum;
}

uint32_t pb_pseudo6(const uint8_t *ip6, uint8_t proto, uint32_t len)
{
	uint32_t sum = proto + (len >> 16) + (len & 0xffff);
	int i;

	/* saddr at 8, daddr at 24 */
	for (i = 8; i < 40; i += 2)
		sum += pb_get16(ip6 + i);
	return sum;
}

void pb_fix_ip_csum(uint8_t *ip)
{
	uint32_t hlen = (ip[0] & 0xf) * 4u;

	pb_put16(ip + 10, 0);
	pb_put16(ip + 10, pb_csum(ip, hlen, 0));
}

bool pb_ip_csum_ok(const uint8_t *ip)
{
	return pb_csum(ip, (ip[0] & 0xf) * 4u, 0) == 0;
}

void pb_fix_udp_csum(uint8_t *ip)
{
	uint32_t hlen = (ip[0] & 0xf) * 4u;
	uint8_t *udp = ip + hlen;
	uint32_t ulen = pb_get16(udp + 4);
	uint16_t c;

	pb_put16(udp + 6, 0);
	c = pb_csum(udp, ulen, pb_pseudo4(ip, 17, ulen));
	/* RFC 768: a computed zero is sent as all ones; zero means "no checksum". */
	pb_put16(udp + 6, c ? c : 0xffff);
}

uint64_t pb_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

void pb_inner_defaults(struct pb_inner *o)
{
	static const uint8_t dst[PB_MAC_ALEN] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
	static const uint8_t src[PB_MAC_ALEN] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	static const uint8_t s6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	static const uint8_t d6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};

	memset(o, 0, sizeof(*o));
	memcpy(o->dst_mac, dst, sizeof(dst));
	memcpy(o->src_mac, src, sizeof(src));
	o->ethertype = 0x0800;
	o->ihl = 5;
	o->ttl = 64;
	o->ip_id = 0x1234;
	o->frag_off = 0x4000;
	o->saddr = 0xc0a80001; /* 192.168.0.1 */
	o->daddr = 0xc0a80002;
	memcpy(o->saddr6, s6, 16);
	memcpy(o->daddr6, d6, 16);
	o->proto = 17;
	o->sport = 12345;
	o->dport = 80;
	o->payload_len = 64;
	o->payload_seed = 0x40;
}

static uint32_t l4_hlen(uint8_t proto)
{
	switch (proto) {
	case 6:
		return 20;
	case 17:
	case 1:
	case 58:
		return 8;
	default:
		return 0;
	}
}

/* Writes the L4 header and payload at l4; returns their length. */
static uint32_t build_l4(uint8_t *l4, const struct pb_inner *o)
{
	uint32_t hl = l4_hlen(o->proto), i;

	memset(l4, 0, hl);
	for (i = 0; i < o->payload_len; i++)
		l4[hl + i] = (uint8_t)(o->payload_seed + i);
	if (o->proto == 6 || o->proto == 17) {
		pb_put16(l4, o->sport);
		pb_put16(l4 + 2, o->dport);
	}
	if (o->proto == 6)
		l4[12] = 5 << 4;
	if (o->proto == 17)
		pb_put16(l4 + 4, (uint16_t)(hl + o->payload_len));
	if (o->proto == 1 || o->proto == 58) {
		l4[0] = o->icmp_type;
		l4[1] = o->icmp_code;
		pb_put32(l4 + 4, o->icmp_data);
	}
	return hl + o->payload_len;
}

uint32_t pb_inner_build(uint8_t *buf, uint32_t size, const struct pb_inner *o)
{
	uint32_t ihl = o->ihl * 4u, l4len, len;
	uint8_t *ip = buf + 14, *l4;

	len = 14;
	if (o->ethertype == 0x0800)
		len += ihl + l4_hlen(o->proto) + o->payload_len;
	else if (o->ethertype == 0x86dd)
		len += 40 + l4_hlen(o->proto) + o->payload_len;
	else
		len += o->payload_len;
	if (len > size || len - 14 > 0xffff + (o->ethertype == 0x86dd ? 40u : 0u))
		return 0;
	memcpy(buf, o->dst_mac, PB_MAC_ALEN);
	memcpy(buf + 6, o->src_mac, PB_MAC_ALEN);
	pb_put16(buf + 12, o->ethertype);
	if (o->ethertype == 0x0800) {
		memset(ip, 1, ihl); /* options are NOPs */
		ip[0] = (uint8_t)(0x40 | o->ihl);
		ip[1] = o->tos;
		pb_put16(ip + 4, o->ip_id);
		pb_put16(ip + 6, o->frag_off);
		ip[8] = o->ttl;
		ip[9] = o->proto;
		pb_put32(ip + 12, o->saddr);
		pb_put32(ip + 16, o->daddr);
		l4 = ip + ihl;
		l4len = build_l4(l4, o);
		pb_put16(ip + 2, (uint16_t)(ihl + l4len));
		pb_fix_ip_csum(ip);
		if (o->proto == 17)
			pb_fix_udp_csum(ip);
		if (o->proto == 1)
			pb_put16(l4 + 2, pb_csum(l4, l4len, 0));
	} else if (o->ethertype == 0x86dd) {
		pb_put32(ip, 0x60000000u | (uint32_t)o->tos << 20);
		ip[6] = o->proto;
		ip[7] = o->ttl;
		memcpy(ip + 8, o->saddr6, 16);
		memcpy(ip + 24, o->daddr6, 16);
		l4 = ip + 40;
		l4len = build_l4(l4, o);
		pb_put16(ip + 4, (uint16_t)l4len);
		if (o->proto == 17 || o->proto == 58) {
			uint16_t c = pb_csum(l4, l4len, pb_pseudo6(ip, o->proto, l4len));

			pb_put16(l4 + (o->proto == 17 ? 6 : 2), c || o->proto == 58 ? c : 0xffff);
		}
	} else {
		build_l4(ip, &(struct pb_inner){.payload_len = o->payload_len,
						.payload_seed = o->payload_seed});
	}
	return len;
}

void pb_vxlan_defaults(struct pb_vxlan *o)
{
	static const uint8_t dst[PB_MAC_ALEN] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x02};
	static const uint8_t src[PB_MAC_ALEN] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x01};

	memset(o, 0, sizeof(*o));
	memcpy(o->dst_mac, dst, sizeof(dst));
	memcpy(o->src_mac, src, sizeof(src));
	o->ethertype = 0x0800;
	o->version = 4;
	o->ihl = 5;
	o->ttl = 64;
	o->proto = 17;
	o->frag_off = 0x4000;
	o->saddr = PB_OUTER_SADDR;
	o->daddr = PB_OUTER_DADDR;
	o->sport = PB_OUTER_SPORT;
	o->dport = 4789;
	o->vx_flags = 0x08000000u;
	o->vni = PB_VNI;
}

uint32_t pb_vxlan_build(uint8_t *buf, uint32_t size, const struct pb_vxlan *o)
{
	uint8_t inner_buf[256];
	const uint8_t *inner = o->inner;
	uint32_t inner_len = o->inner_len;
	uint32_t ihl = o->ihl * 4u, ulen, tot, len;
	uint8_t *ip = buf + 14, *udp, *vx;

	if (!inner) {
		struct pb_inner io;

		pb_inner_defaults(&io);
		inner_len = pb_inner_build(inner_buf, sizeof(inner_buf), &io);
		inner = inner_buf;
	}
	ulen = 8 + 8 + inner_len;
	tot = ihl + ulen;
	len = 14 + tot + o->pad;
	if (ihl < 20 || len > size || tot > 0xffff)
		return 0;
	memcpy(buf, o->dst_mac, PB_MAC_ALEN);
	memcpy(buf + 6, o->src_mac, PB_MAC_ALEN);
	pb_put16(buf + 12, o->ethertype);
	memset(ip, 1, ihl);
	ip[0] = (uint8_t)(o->version << 4 | o->ihl);
	ip[1] = o->tos;
	pb_put16(ip + 2, (uint16_t)tot);
	pb_put16(ip + 4, o->ip_id);
	pb_put16(ip + 6, o->frag_off);
	ip[8] = o->ttl;
	ip[9] = o->proto;
	pb_put32(ip + 12, o->saddr);
	pb_put32(ip + 16, o->daddr);
	pb_fix_ip_csum(ip);
	udp = ip + ihl;
	pb_put16(udp, o->sport);
	pb_put16(udp + 2, o->dport);
	pb_put16(udp + 4, (uint16_t)ulen);
	pb_put16(udp + 6, 0);
	vx = udp + 8;
	pb_put32(vx, o->vx_flags);
	pb_put32(vx + 4, o->vni << 8 | o->vni_low);
	memcpy(vx + 8, inner, inner_len);
	memset(vx + 8 + inner_len, 0xee, o->pad);
	if (o->udp_csum)
		pb_fix_udp_csum(ip);
	return len;
}
