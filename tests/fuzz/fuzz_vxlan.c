/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_vxlan: the packet code every dataplane runs on what arrives from the wire
 * (dataplane/vxlan.h, icmp.c, arp.c). The input is a frame received on the underlay: its outer
 * header stack is validated under every receive configuration, and what decapsulates is hashed,
 * given a source port, re-encapsulated and validated again; ICMP and ARP answer it too.
 *
 * Input: a 13-byte prefix, then the frame.
 *   [0]      flags: bit 0 takes local_ip and dstport from the frame itself (outer IPv4 daddr,
 *            UDP dport), so that mutations of the frame keep reaching the VXLAN checks
 *   [1..4]   local_ip, [5..6] dstport (network order, as vxlan_rx_cfg holds them)
 *   [7..8]   source port min, [9..10] max (big-endian; max < min is allowed), [11..12] MTU
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vxsw/drop.h>
#include <vxsw/wire.h>

#include "arp.h"
#include "fuzz.h"
#include "icmp.h"
#include "pkt.h"
#include "vxlan.h"

#define PREFIX		13
#define FLAG_FROM_FRAME 0x01

static uint16_t be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ---- outer validation under the four configurations ---- */

static bool same_rx(const struct vxlan_rx *a, const struct vxlan_rx *b)
{
	return a->vni == b->vni && a->src_ip == b->src_ip && a->inner_off == b->inner_off &&
	       a->inner_len == b->inner_len;
}

/* cfg index: bit 0 ignore_reserved, bit 1 verify_udp_csum. */
static void rx_all(const uint8_t *frame, uint32_t len, vxsw_be32 local, vxsw_be16 dport,
		   enum vxsw_drop r[4], struct vxlan_rx out[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		struct vxlan_rx_cfg cfg = {
			.local_ip = local,
			.dstport = dport,
			.ignore_reserved = i & 1,
			.verify_udp_csum = i & 2,
		};

		struct vxlan_rx each;
		enum vxsw_drop e;

		memset(&out[i], 0, sizeof(out[i]));
		memset(&each, 0, sizeof(each));
		r[i] = vxlan_rx_check(frame, len, &cfg, &out[i]);
		CHECK(r[i] < VXSW_DROP_MAX);
		/* The one-test path answers as the checks one by one would. */
		e = vxlan_rx_check_each(frame, len, &cfg, &each);
		CHECK(e == r[i]);
		CHECK(e != VXSW_DROP_NONE ||
		      (same_rx(&each, &out[i]) && each.l4proto == out[i].l4proto));
		if (r[i] != VXSW_DROP_NONE)
			continue;
		CHECK(out[i].inner_off == VXSW_VXLAN4_OVERHEAD);
		CHECK(out[i].inner_len >= VXSW_ETH_HLEN);
		CHECK((uint32_t)out[i].inner_off + out[i].inner_len <= len);
		CHECK(out[i].vni <= VXSW_VXLAN_VNI_MAX);
		CHECK(out[i].l4proto == VXSW_IPPROTO_UDP);
	}
}

/* What each knob may change: ignoring reserved bits only lets through what was refused for
 * them; verifying the UDP checksum only refuses, for the checksum, what got past it. */
static void check_configs(const enum vxsw_drop r[4], const struct vxlan_rx out[4])
{
	int csum, res;

	for (csum = 0; csum < 4; csum += 2) {
		enum vxsw_drop strict = r[csum], lax = r[csum | 1];

		if (strict != lax)
			CHECK(strict == VXSW_DROP_VXLAN_RESERVED &&
			      (lax == VXSW_DROP_NONE || lax == VXSW_DROP_INNER_TRUNCATED));
		else if (strict == VXSW_DROP_NONE)
			CHECK(same_rx(&out[csum], &out[csum | 1]));
	}
	for (res = 0; res < 2; res++) {
		enum vxsw_drop off = r[res], on = r[res | 2];

		if (off != on)
			CHECK(on == VXSW_DROP_OUTER_UDP_CHECKSUM &&
			      (off == VXSW_DROP_NONE || off == VXSW_DROP_VXLAN_I_FLAG ||
			       off == VXSW_DROP_VXLAN_RESERVED ||
			       off == VXSW_DROP_INNER_TRUNCATED));
		else if (off == VXSW_DROP_NONE)
			CHECK(same_rx(&out[res], &out[res | 2]));
	}
}

/* Ethernet padding after the IP packet changes nothing, and a frame cut inside the inner one
 * is never accepted. */
static void check_padding(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg,
			  const struct vxlan_rx *rx)
{
	uint32_t cut = (uint32_t)rx->inner_off + rx->inner_len - 1;
	uint8_t *c = malloc(len + 18);
	struct vxlan_rx rx2;

	CHECK(c);
	memcpy(c, frame, len);
	memset(c + len, 0xee, 18);
	memset(&rx2, 0, sizeof(rx2));
	CHECK(vxlan_rx_check(c, len + 18, cfg, &rx2) == VXSW_DROP_NONE && same_rx(rx, &rx2));
	CHECK(vxlan_rx_check(c, cut, cfg, &rx2) != VXSW_DROP_NONE);
	free(c);
}

/* ---- the inner frame: flow hash, source port, encapsulation ---- */

/*
 * The hash must depend on the flow only (MACs, EtherType, IP addresses, protocol, L4 ports,
 * and the IPv4 fields that say where the ports are): every other byte is flipped in a copy and
 * the hash must not move.
 */
static void check_flow_hash(const uint8_t *inner, uint32_t len)
{
	uint8_t *c = malloc(len ? len : 1), *key = calloc(len ? len : 1, 1);
	uint32_t h = vxlan_flow_hash(inner, len), i, l4off = 0;
	uint8_t proto = 0;

	CHECK(c && key);
	memcpy(c, inner, len);
	if (len >= VXSW_ETH_HLEN) {
		uint16_t type = be16_at(inner + 12);

		memset(key, 1, VXSW_ETH_HLEN);
		if (type == VXSW_ETHERTYPE_IPV4 && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN) {
			key[14] = key[20] = key[21] = key[23] = 1; /* ver_ihl, frag_off, proto */
			memset(key + 26, 1, 8);			   /* saddr, daddr */
			proto = inner[23];
			if (!(be16_at(inner + 20) & (VXSW_IPV4_MF | VXSW_IPV4_OFFMASK)))
				l4off = VXSW_ETH_HLEN + (inner[14] & 0xf) * 4u;
		} else if (type == VXSW_ETHERTYPE_IPV6 && len >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN) {
			key[20] = 1;		 /* next header */
			memset(key + 22, 1, 32); /* addresses */
			proto = inner[20];
			l4off = VXSW_ETH_HLEN + VXSW_IPV6_HLEN;
		}
		if (l4off && (proto == VXSW_IPPROTO_TCP || proto == VXSW_IPPROTO_UDP) &&
		    l4off + 4 <= len)
			memset(key + l4off, 1, 4);
	}
	for (i = 0; i < len; i++)
		if (!key[i])
			c[i] ^= 0xa5;
	CHECK(vxlan_flow_hash(c, len) == h);
	free(key);
	free(c);
}

static void check_inner(const uint8_t *frame, uint32_t len, const struct vxlan_rx *rx,
			vxsw_be32 local, vxsw_be16 dport, uint16_t smin, uint16_t smax)
{
	const struct vxsw_eth *eth = (const struct vxsw_eth *)frame;
	const struct vxsw_ipv4 *ip = (const struct vxsw_ipv4 *)(eth + 1);
	const uint8_t *inner = frame + rx->inner_off;
	uint32_t ilen = rx->inner_len;
	struct vxlan_tmpl_params p;
	struct vxlan_rx_cfg cfg = {0};
	struct vxlan_tmpl t;
	struct vxlan_rx rx2;
	uint16_t sport;
	uint8_t *buf;

	(void)len;
	check_flow_hash(inner, ilen);
	sport = vxlan_sport(inner, ilen, smin, smax);
	if (smax < smin)
		CHECK(sport == smin);
	else
		CHECK(sport >= smin && sport <= smax);

	/* Answer the sender the way a dataplane would: the outer addresses swapped. */
	memset(&p, 0, sizeof(p));
	memcpy(p.src_mac, eth->dst, VXSW_ETH_ALEN);
	memcpy(p.dst_mac, eth->src, VXSW_ETH_ALEN);
	p.src_ip = local;
	p.dst_ip = rx->src_ip;
	p.dstport = dport;
	p.ttl = ip->ttl;
	p.tos = ip->tos;
	vxlan_tmpl_init(&t, &p);
	buf = malloc(VXSW_VXLAN4_OVERHEAD + ilen);
	CHECK(buf);
	memcpy(buf + VXSW_VXLAN4_OVERHEAD, inner, ilen);
	vxlan_encap_write(buf, &t, ilen, rx->vni, sport);

	cfg.local_ip = p.dst_ip;
	cfg.dstport = p.dstport;
	cfg.verify_udp_csum = true;
	memset(&rx2, 0, sizeof(rx2));
	CHECK(vxlan_rx_check(buf, VXSW_VXLAN4_OVERHEAD + ilen, &cfg, &rx2) == VXSW_DROP_NONE);
	CHECK(rx2.vni == rx->vni && rx2.inner_len == ilen && rx2.src_ip == p.src_ip);
	CHECK(rx2.inner_off == VXSW_VXLAN4_OVERHEAD);
	CHECK(be16_at(buf + VXSW_ETH_HLEN + VXSW_IPV4_HLEN) == sport);
	free(buf);
}

/* ---- ICMP and ARP ---- */

static uint16_t fold(const void *p, uint32_t len, uint32_t sum)
{
	return pkt_csum_fold(pkt_csum_add(sum, p, len));
}

/* A Fragmentation Needed / Packet Too Big reply is well formed and quotes the frame. */
static void check_too_big(const uint8_t *frame, uint32_t len, uint16_t mtu)
{
	uint8_t *out = malloc(ICMP_TOO_BIG_MAX);
	uint32_t n, q;

	CHECK(out);
	n = icmp_too_big(out, frame, len, mtu);
	CHECK(n <= ICMP_TOO_BIG_MAX);
	if (n) {
		uint16_t type = be16_at(out + 12);

		CHECK(!memcmp(out, frame + 6, 6) && !memcmp(out + 6, frame, 6));
		if (type == VXSW_ETHERTYPE_IPV4) {
			CHECK(n >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN + 8 && n <= 14 + 576);
			q = n - (VXSW_ETH_HLEN + VXSW_IPV4_HLEN + 8);
			CHECK(fold(out + 14, VXSW_IPV4_HLEN, 0) == 0);
			CHECK(be16_at(out + 16) == n - VXSW_ETH_HLEN);
			CHECK(out[34] == VXSW_ICMP_DEST_UNREACH &&
			      out[35] == VXSW_ICMP_FRAG_NEEDED);
			CHECK(fold(out + 34, n - 34, 0) == 0);
			CHECK(!out[38] && !out[39] && be16_at(out + 40) == mtu);
			CHECK(q <= len - VXSW_ETH_HLEN && !memcmp(out + 42, frame + 14, q));
		} else {
			uint32_t sum;

			CHECK(type == VXSW_ETHERTYPE_IPV6);
			CHECK(n >= VXSW_ETH_HLEN + VXSW_IPV6_HLEN + 8 && n <= 14 + 1280);
			q = n - (VXSW_ETH_HLEN + VXSW_IPV6_HLEN + 8);
			CHECK(be16_at(out + 18) == n - VXSW_ETH_HLEN - VXSW_IPV6_HLEN);
			CHECK(out[54] == VXSW_ICMPV6_PKT_TOOBIG);
			sum = pkt_csum_add(0, out + 22, 32) + (n - 54) + VXSW_IPPROTO_ICMPV6;
			CHECK(fold(out + 54, n - 54, sum) == 0);
			CHECK(!out[58] && !out[59] &&
			      be16_at(out + 60) == (mtu < 1280 ? 1280 : mtu));
			CHECK(q <= len - VXSW_ETH_HLEN && !memcmp(out + 62, frame + 14, q));
		}
	}
	free(out);
}

/* An echo request turned into its reply has both checksums right and is no request any more. */
static void check_echo(const uint8_t *frame, uint32_t len)
{
	uint8_t *c = malloc(len ? len : 1);
	uint32_t ihl, tot;

	CHECK(c);
	memcpy(c, frame, len);
	if (icmp_echo_reply(c, len) == 0) {
		ihl = (c[14] & 0xf) * 4u;
		tot = be16_at(c + 16);
		CHECK(!memcmp(c, frame + 6, 6) && !memcmp(c + 6, frame, 6));
		CHECK(fold(c + 14, ihl, 0) == 0);
		CHECK(c[14 + ihl] == VXSW_ICMP_ECHOREPLY);
		CHECK(fold(c + 14 + ihl, tot - ihl, 0) == 0);
		CHECK(!memcmp(c + 26, frame + 30, 4) && !memcmp(c + 30, frame + 26, 4));
		CHECK(icmp_echo_reply(c, len) != 0);
	}
	free(c);
}

/* A parsed ARP frame answered with arp_build parses back to what was built. */
static void check_arp(const uint8_t *frame, uint32_t len)
{
	uint8_t out[ARP_FRAME_LEN], *copy;
	struct vxsw_arp a, b;
	uint16_t op;

	if (arp_parse(frame, len, &a) != 0)
		return;
	CHECK(a.hlen == 6 && a.plen == 4 && pkt_mac_is_valid_src(a.sha));
	for (op = VXSW_ARP_OP_REQUEST; op <= VXSW_ARP_OP_REPLY; op++) {
		CHECK(arp_build(out, op, frame, a.tpa, a.sha, a.spa) == ARP_FRAME_LEN);
		copy = malloc(ARP_FRAME_LEN);
		CHECK(copy);
		memcpy(copy, out, ARP_FRAME_LEN);
		if (arp_parse(copy, ARP_FRAME_LEN, &b) == 0) {
			CHECK(b.oper == pkt_htons(op) && !memcmp(b.sha, frame, 6));
			CHECK(b.spa == a.tpa && b.tpa == a.spa);
			if (op == VXSW_ARP_OP_REPLY)
				CHECK(!memcmp(b.tha, a.sha, 6) && !memcmp(copy, a.sha, 6));
		} else {
			CHECK(!pkt_mac_is_valid_src(frame)); /* we answered as an invalid MAC */
		}
		free(copy);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *frame = data + PREFIX;
	enum vxsw_drop r[4];
	struct vxlan_rx out[4];
	vxsw_be32 local;
	vxsw_be16 dport;
	uint16_t smin, smax, mtu;
	uint32_t len;
	int i;

	if (size < PREFIX || size - PREFIX > 65535 + VXSW_ETH_HLEN)
		return 0;
	len = (uint32_t)(size - PREFIX);
	memcpy(&local, data + 1, 4);
	memcpy(&dport, data + 5, 2);
	smin = be16_at(data + 7);
	smax = be16_at(data + 9);
	mtu = be16_at(data + 11);
	if ((data[0] & FLAG_FROM_FRAME) && len >= VXSW_ETH_HLEN + VXSW_IPV4_HLEN + 4) {
		memcpy(&local, frame + 30, 4);
		memcpy(&dport, frame + 36, 2);
	}

	rx_all(frame, len, local, dport, r, out);
	check_configs(r, out);
	for (i = 0; i < 4; i++) {
		if (r[i] == VXSW_DROP_NONE) {
			const uint8_t *inner = frame + out[i].inner_off;
			struct vxlan_rx_cfg cfg = {
				.local_ip = local,
				.dstport = dport,
				.ignore_reserved = i & 1,
				.verify_udp_csum = i & 2,
			};

			check_padding(frame, len, &cfg, &out[i]);

			check_inner(frame, len, &out[i], local, dport, smin, smax);
			check_too_big(inner, out[i].inner_len, mtu);
			break;
		}
	}
	/* The frame as the slow path sees it (ARP, ICMP to the VTEP), and as a tenant's. */
	check_too_big(frame, len, mtu);
	check_echo(frame, len);
	check_arp(frame, len);
	return 0;
}
