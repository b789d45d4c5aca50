/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of dataplane/vxlan.h: every rejection of vxlan_rx_check() and its drop reason,
 * vxlan_rx_fast() against the checks one by one, the encap template against the receive check,
 * and the source-port hash. Frames come from
 * pkt_build, which computes its own checksums. Frames are checked from heap copies of their
 * exact length so that the sanitizer build catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pkt_build.h"
#include "vxlan.h"

#define BUF 10000

static const char *const drop_names[] = {
#define DROP_NAME(e, s) s,
	VXSW_DROP_REASONS(DROP_NAME)
#undef DROP_NAME
};

static struct vxlan_rx_cfg default_cfg(void)
{
	struct vxlan_rx_cfg cfg = {
		.local_ip = pkt_htonl(PB_OUTER_DADDR),
		.dstport = pkt_htons(VXSW_VXLAN_PORT),
	};

	return cfg;
}

/* vxlan_rx_check() on an exact-length heap copy of frame. */
static enum vxsw_drop check(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg,
			    struct vxlan_rx *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum vxsw_drop r;

	assert_non_null(copy);
	memcpy(copy, frame, len);
	r = vxlan_rx_check(copy, len, cfg, out);
	free(copy);
	return r;
}

static void expect_drop_(enum vxsw_drop got, enum vxsw_drop want, const char *file, int line)
{
	if (got != want)
		fail_msg("%s:%d: got %s, want %s", file, line, drop_names[got], drop_names[want]);
}

#define expect_drop(got, want) expect_drop_((got), (want), __FILE__, __LINE__)

/* Builds o, checks it with cfg; returns the reason. */
static enum vxsw_drop build_check(const struct pb_vxlan *o, const struct vxlan_rx_cfg *cfg,
				  struct vxlan_rx *out)
{
	static uint8_t buf[BUF];
	uint32_t len = pb_vxlan_build(buf, sizeof(buf), o);

	assert_int_not_equal(len, 0);
	return check(buf, len, cfg, out);
}

static void test_valid(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF], inner[200];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t len, i;

	(void)state;
	for (i = 0; i < sizeof(inner); i++)
		inner[i] = (uint8_t)(i * 7 + 3);
	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = sizeof(inner);
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	memset(&out, 0xa5, sizeof(out));
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	assert_int_equal(out.vni, PB_VNI);
	assert_int_equal(out.src_ip, pkt_htonl(PB_OUTER_SADDR));
	assert_int_equal(out.inner_off, PB_OFF_INNER);
	assert_int_equal(out.inner_len, sizeof(inner));
	assert_int_equal(out.l4proto, VXSW_IPPROTO_UDP);
	assert_memory_equal(buf + out.inner_off, inner, sizeof(inner));

	/* A different local address and port: the check follows cfg, not the defaults. */
	o.daddr = 0xc6336401;
	o.dport = 8472;
	cfg.local_ip = pkt_htonl(0xc6336401);
	cfg.dstport = pkt_htons(8472);
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
	o.dport = VXSW_VXLAN_PORT;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_UNHANDLED);
}

/* Cutting the frame short, IP and UDP lengths unchanged: once the IPv4 header is there,
 * tot_len exceeds what arrived. */
static void test_truncated_frame(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t full, len;
	enum vxsw_drop want;

	(void)state;
	pb_vxlan_defaults(&o);
	full = pb_vxlan_build(buf, sizeof(buf), &o);
	assert_true(full > 64);
	for (len = 0; len <= full; len++) {
		if (len < 14)
			want = VXSW_DROP_ETH_TRUNCATED;
		else if (len < 14 + 20)
			want = VXSW_DROP_OUTER_IP_TRUNCATED;
		else if (len < full)
			want = VXSW_DROP_OUTER_IP_LENGTH;
		else
			want = VXSW_DROP_NONE;
		expect_drop(check(buf, len, &cfg, &out), want);
	}
}

/* A short but consistent packet: tot_len and the UDP length say how much there is, the frame
 * has exactly that. Each header that does not fit has its own reason. */
static void test_truncated_packet(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t full, tot;
	enum vxsw_drop want;

	(void)state;
	pb_vxlan_defaults(&o);
	full = pb_vxlan_build(buf, sizeof(buf), &o);
	for (tot = 0; tot <= full - 14; tot++) {
		pb_put16(buf + PB_OFF_IP + 2, (uint16_t)tot);
		pb_fix_ip_csum(buf + PB_OFF_IP);
		pb_put16(buf + PB_OFF_UDP + 4, (uint16_t)(tot > 20 ? tot - 20 : 0));
		if (tot < 20)
			want = VXSW_DROP_OUTER_IP_LENGTH; /* tot_len below the header length */
		else if (tot < 20 + 8)
			want = VXSW_DROP_OUTER_UDP_TRUNCATED;
		else if (tot < 20 + 8 + 8)
			want = VXSW_DROP_VXLAN_TRUNCATED;
		else if (tot < 20 + 8 + 8 + 14)
			want = VXSW_DROP_INNER_TRUNCATED;
		else
			want = VXSW_DROP_NONE;
		memset(&out, 0, sizeof(out));
		/* Below 20, the frame still holds a whole IPv4 header: only tot_len is short. */
		expect_drop(check(buf, 14 + (tot < 20 ? 20 : tot), &cfg, &out), want);
		if (want == VXSW_DROP_NONE)
			assert_int_equal(out.inner_len, tot - 36);
	}
}

/* tot_len vs what arrived: bytes after the IP packet are Ethernet padding and fine; a tot_len
 * larger than the frame is not. */
static void test_ip_length(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint8_t inner[14] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x88, 0xb5};
	uint32_t len, tot;

	(void)state;
	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = sizeof(inner);
	o.pad = 10;
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	assert_int_equal(len, 74);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	assert_int_equal(out.inner_len, 14);
	assert_memory_equal(buf + out.inner_off, inner, 14);

	/* tot_len one more than arrived. */
	o.pad = 0;
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	tot = pb_get16(buf + PB_OFF_IP + 2);
	pb_put16(buf + PB_OFF_IP + 2, (uint16_t)(tot + 1));
	pb_fix_ip_csum(buf + PB_OFF_IP);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_LENGTH);
	pb_put16(buf + PB_OFF_IP + 2, 0xffff);
	pb_fix_ip_csum(buf + PB_OFF_IP);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_LENGTH);
}

static void test_ip_version(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	static const uint8_t versions[] = {0, 1, 5, 6, 15};
	struct vxlan_rx out;
	struct pb_vxlan o;
	size_t i;

	(void)state;
	pb_vxlan_defaults(&o);
	for (i = 0; i < sizeof(versions); i++) {
		o.version = versions[i];
		expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_OUTER_IP_VERSION);
	}
	/* Not IPv4 at all, whatever the payload. */
	pb_vxlan_defaults(&o);
	o.ethertype = VXSW_ETHERTYPE_IPV6;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_ETHERTYPE);
	o.ethertype = VXSW_ETHERTYPE_VLAN;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_ETHERTYPE);
}

static void test_ip_ihl(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t len, ihl;

	(void)state;
	pb_vxlan_defaults(&o);
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	for (ihl = 0; ihl < 5; ihl++) {
		buf[PB_OFF_IP] = (uint8_t)(0x40 | ihl);
		expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_LENGTH);
	}

	/* Options with a correct checksum and consistent lengths: refused as options. */
	for (ihl = 6; ihl <= 15; ihl++) {
		o.ihl = (uint8_t)ihl;
		len = pb_vxlan_build(buf, sizeof(buf), &o);
		assert_true(pb_ip_csum_ok(buf + PB_OFF_IP));
		expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_OPTIONS);
	}

	/* IHL larger than the whole packet: a length problem, not a read past the end. */
	o.ihl = 5;
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	buf[PB_OFF_IP] = 0x4f;
	pb_put16(buf + PB_OFF_IP + 2, 40);
	expect_drop(check(buf, 14 + 40, &cfg, &out), VXSW_DROP_OUTER_IP_LENGTH);
	expect_drop(check(buf, 14 + 20, &cfg, &out), VXSW_DROP_OUTER_IP_LENGTH);
}

static void test_ip_checksum(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t len, i;

	(void)state;
	pb_vxlan_defaults(&o);
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	/* Flipping a bit anywhere in the header but version, IHL and tot_len (checked first)
	 * breaks the checksum. */
	for (i = 1; i < 20; i++) {
		if (i == 2 || i == 3)
			continue;
		buf[PB_OFF_IP + i] ^= 0x10;
		expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_CHECKSUM);
		buf[PB_OFF_IP + i] ^= 0x10;
	}
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	/* A shorter tot_len (the rest counts as padding) without fixing the checksum. */
	pb_put16(buf + PB_OFF_IP + 2, (uint16_t)(pb_get16(buf + PB_OFF_IP + 2) - 1));
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_CHECKSUM);
	/* The checksum field itself. */
	pb_put16(buf + PB_OFF_IP + 2, (uint16_t)(pb_get16(buf + PB_OFF_IP + 2) + 1));
	buf[PB_OFF_IP + 11] ^= 1;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_IP_CHECKSUM);
}

/* The 20-byte fast checksum agrees with the RFC 1071 byte-wise sum on random headers, on
 * headers made valid, and on the sums that fold to 0x0000 or 0xffff (the one's-complement
 * double zero). */
static void test_ip_checksum_fast(void **state)
{
	uint64_t seed = 7;
	uint32_t i, j, agree = 0, valid = 0;
	uint8_t h[20];

	(void)state;
	for (i = 0; i < 200000; i++) {
		uint16_t c;

		for (j = 0; j < 20; j++)
			h[j] = (uint8_t)pb_rand(&seed);
		if (i % 3 == 0)
			memset(h, i % 2 ? 0xff : 0x00, 20);
		if (i % 2) {
			/* Make it valid: the checksum field as a sender computes it. */
			h[10] = h[11] = 0;
			c = pkt_csum_fold(pkt_csum_add(0, h, 20));
			h[10] = (uint8_t)(c >> 8);
			h[11] = (uint8_t)c;
		}
		valid += pkt_ipv4_hdr20_csum_ok(h);
		agree += pkt_ipv4_hdr20_csum_ok(h) == (pkt_csum_fold(pkt_csum_add(0, h, 20)) == 0);
	}
	assert_int_equal(agree, 200000);
	assert_true(valid >= 100000);
}

static void test_ip_fragment(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	struct vxlan_rx out;
	struct pb_vxlan o;

	(void)state;
	pb_vxlan_defaults(&o);
	o.frag_off = VXSW_IPV4_MF;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_OUTER_IP_FRAGMENT);
	o.frag_off = VXSW_IPV4_MF | VXSW_IPV4_DF;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_OUTER_IP_FRAGMENT);
	o.frag_off = 1;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_OUTER_IP_FRAGMENT);
	o.frag_off = 185; /* the last fragment: offset, no MF */
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_OUTER_IP_FRAGMENT);
	o.frag_off = VXSW_IPV4_OFFMASK;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_OUTER_IP_FRAGMENT);
	/* DF or nothing: a whole datagram. */
	o.frag_off = 0;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
	o.frag_off = VXSW_IPV4_DF;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
}

static void test_not_vxlan(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	struct vxlan_rx out;
	struct pb_vxlan o;

	(void)state;
	pb_vxlan_defaults(&o);
	o.daddr = PB_OUTER_DADDR + 1;
	memset(&out, 0, sizeof(out));
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_NOT_LOCAL);
	assert_int_equal(out.src_ip, pkt_htonl(PB_OUTER_SADDR));
	o.daddr = 0xffffffff;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_NOT_LOCAL);

	pb_vxlan_defaults(&o);
	o.proto = VXSW_IPPROTO_TCP;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_UNHANDLED);
	assert_int_equal(out.l4proto, VXSW_IPPROTO_TCP);
	o.proto = VXSW_IPPROTO_ICMP;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_UNHANDLED);
	assert_int_equal(out.l4proto, VXSW_IPPROTO_ICMP);

	pb_vxlan_defaults(&o);
	o.dport = 4790;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_UNHANDLED);
	o.dport = 8472;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_UNDERLAY_UNHANDLED);
	/* The source port is the sender's entropy: anything goes. */
	o.dport = VXSW_VXLAN_PORT;
	o.sport = VXSW_VXLAN_PORT;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
	o.sport = 0;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
}

static void test_udp_length(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t len, ulen;
	static const int deltas[] = {-1, 1, -14, 100};
	size_t i;

	(void)state;
	pb_vxlan_defaults(&o);
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	ulen = pb_get16(buf + PB_OFF_UDP + 4);
	for (i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		pb_put16(buf + PB_OFF_UDP + 4, (uint16_t)(ulen + deltas[i]));
		expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_LENGTH);
	}
	pb_put16(buf + PB_OFF_UDP + 4, 0);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_LENGTH);
	pb_put16(buf + PB_OFF_UDP + 4, (uint16_t)ulen);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
}

static void test_vxlan_flags(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t bit;

	(void)state;
	pb_vxlan_defaults(&o);
	o.vx_flags = 0;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_VXLAN_I_FLAG);
	cfg.ignore_reserved = true;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_VXLAN_I_FLAG);
	o.vx_flags = 0xf7ffffffu; /* everything but I */
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_VXLAN_I_FLAG);

	/* Each reserved bit of the flags word, then of the low byte of the VNI word. */
	for (bit = 0; bit < 32; bit++) {
		if ((1u << bit) == VXSW_VXLAN_FLAG_I)
			continue;
		pb_vxlan_defaults(&o);
		o.vx_flags = VXSW_VXLAN_FLAG_I | 1u << bit;
		cfg.ignore_reserved = false;
		expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_VXLAN_RESERVED);
		cfg.ignore_reserved = true;
		expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
		assert_int_equal(out.vni, PB_VNI);
	}
	for (bit = 0; bit < 8; bit++) {
		pb_vxlan_defaults(&o);
		o.vni_low = (uint8_t)(1u << bit);
		cfg.ignore_reserved = false;
		expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_VXLAN_RESERVED);
		cfg.ignore_reserved = true;
		memset(&out, 0, sizeof(out));
		expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
		assert_int_equal(out.vni, PB_VNI);
	}
	/* All of them at once. */
	pb_vxlan_defaults(&o);
	o.vx_flags = 0xffffffffu;
	o.vni_low = 0xff;
	o.vni = VXSW_VXLAN_VNI_MAX;
	cfg.ignore_reserved = false;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_VXLAN_RESERVED);
	cfg.ignore_reserved = true;
	expect_drop(build_check(&o, &cfg, &out), VXSW_DROP_NONE);
	assert_int_equal(out.vni, VXSW_VXLAN_VNI_MAX);
}

static void test_udp_checksum(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint8_t buf[BUF], inner[101];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t len, i;
	uint16_t good;

	(void)state;
	/* Odd length: the last byte is summed as the high half of a word. */
	for (i = 0; i < sizeof(inner); i++)
		inner[i] = (uint8_t)(0xc3 ^ (i * 13));
	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = sizeof(inner);

	/* Zero: "no checksum", accepted either way. */
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	assert_int_equal(pb_get16(buf + PB_OFF_UDP + 6), 0);
	cfg.verify_udp_csum = false;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	cfg.verify_udp_csum = true;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);

	/* The right one: accepted either way. */
	o.udp_csum = true;
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	good = pb_get16(buf + PB_OFF_UDP + 6);
	assert_int_not_equal(good, 0);
	cfg.verify_udp_csum = true;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	cfg.verify_udp_csum = false;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);

	/* A wrong one: accepted only when not verified. */
	pb_put16(buf + PB_OFF_UDP + 6, (uint16_t)(good + 1));
	cfg.verify_udp_csum = false;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	cfg.verify_udp_csum = true;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_CHECKSUM);
	pb_put16(buf + PB_OFF_UDP + 6, good);

	/* The checksum covers the whole datagram, the last (odd) byte included... */
	buf[len - 1] ^= 0x01;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_CHECKSUM);
	buf[len - 1] ^= 0x01;
	buf[PB_OFF_INNER + 20] ^= 0x80;
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_CHECKSUM);
	buf[PB_OFF_INNER + 20] ^= 0x80;
	/* ...and the pseudo-header: another source address with a fixed IP checksum. */
	pb_put32(buf + PB_OFF_IP + 12, PB_OUTER_SADDR + 0x100);
	pb_fix_ip_csum(buf + PB_OFF_IP);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_CHECKSUM);
	pb_fix_udp_csum(buf + PB_OFF_IP);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);

	/* Padding after the IP packet is outside the checksum. */
	o.pad = 7;
	len = pb_vxlan_build(buf, sizeof(buf), &o);
	expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
	assert_int_equal(out.inner_len, sizeof(inner));
}

static void test_udp_checksum_random(void **state)
{
	struct vxlan_rx_cfg cfg = default_cfg();
	uint64_t seed = 0x1234567;
	uint8_t buf[BUF], inner[1600];
	struct vxlan_rx out;
	struct pb_vxlan o;
	uint32_t n, i, len;

	(void)state;
	cfg.verify_udp_csum = true;
	for (n = 0; n < 300; n++) {
		pb_vxlan_defaults(&o);
		o.inner_len = 14 + (uint32_t)(pb_rand(&seed) % (sizeof(inner) - 14));
		for (i = 0; i < o.inner_len; i++)
			inner[i] = (uint8_t)pb_rand(&seed);
		o.inner = inner;
		o.saddr = (uint32_t)pb_rand(&seed);
		o.sport = (uint16_t)pb_rand(&seed);
		o.udp_csum = true;
		len = pb_vxlan_build(buf, sizeof(buf), &o);
		expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_NONE);
		i = PB_OFF_UDP + (uint32_t)(pb_rand(&seed) % (len - PB_OFF_UDP));
		buf[i] ^= (uint8_t)(1u << (pb_rand(&seed) % 8));
		/* A flipped bit in the destination port or the UDP length is another reason; a
		 * checksum flipped to zero means none. Anywhere else, the VXLAN header included
		 * (checked after the checksum), it is a checksum error. */
		if (i >= PB_OFF_UDP + 2 && i < PB_OFF_UDP + 6)
			continue;
		if (pb_get16(buf + PB_OFF_UDP + 6) == 0)
			continue;
		expect_drop(check(buf, len, &cfg, &out), VXSW_DROP_OUTER_UDP_CHECKSUM);
	}
}

/* The IPv4 header checksum over every byte, computed here without pkt.h. */
static void assert_outer(const uint8_t *f, const struct vxlan_tmpl_params *p, uint32_t inner_len,
			 uint16_t sport)
{
	const uint8_t *ip = f + 14, *udp = ip + 20;

	assert_memory_equal(f, p->dst_mac, 6);
	assert_memory_equal(f + 6, p->src_mac, 6);
	assert_int_equal(pb_get16(f + 12), VXSW_ETHERTYPE_IPV4);
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(ip[1], p->tos);
	assert_int_equal(pb_get16(ip + 2), inner_len + 36);
	assert_int_equal(pb_get16(ip + 4), 0);	    /* ID: atomic datagram */
	assert_int_equal(pb_get16(ip + 6), 0x4000); /* DF, no fragment */
	assert_int_equal(ip[8], p->ttl);
	assert_int_equal(ip[9], VXSW_IPPROTO_UDP);
	assert_true(pb_ip_csum_ok(ip));
	assert_memory_equal(ip + 12, &p->src_ip, 4);
	assert_memory_equal(ip + 16, &p->dst_ip, 4);
	assert_int_equal(pb_get16(udp), sport);
	assert_int_equal(pb_get16(udp + 2), pkt_ntohs(p->dstport));
	assert_int_equal(pb_get16(udp + 4), inner_len + 16);
	assert_int_equal(pb_get16(udp + 6), 0);
	assert_int_equal(pb_get32(udp + 8), VXSW_VXLAN_FLAG_I);
}

/*
 * vxlan_rx_fast() answers only for a frame vxlan_rx_check_each() accepts, and with the same
 * result: each header byte set to a handful of values and each bit flipped (with the IPv4
 * checksum left wrong, and made right so that the later checks are reached), every length,
 * Ethernet padding, and each combination of the two knobs. It must also take the frame every
 * VTEP sends, or it would be a test more on every packet.
 */
static int rx_fast_agrees(const uint8_t *frame, uint32_t len, const struct vxlan_rx_cfg *cfg)
{
	struct vxlan_rx a, b;
	uint8_t *copy = malloc(len ? len : 1);
	int fast;

	assert_non_null(copy);
	memcpy(copy, frame, len);
	memset(&a, 0xa5, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	fast = vxlan_rx_fast(copy, len, cfg, &a);
	if (fast) {
		expect_drop(vxlan_rx_check_each(copy, len, cfg, &b), VXSW_DROP_NONE);
		assert_int_equal(a.vni, b.vni);
		assert_int_equal(a.src_ip, b.src_ip);
		assert_int_equal(a.inner_off, b.inner_off);
		assert_int_equal(a.inner_len, b.inner_len);
		assert_int_equal(a.l4proto, b.l4proto);
	}
	free(copy);
	return fast;
}

static void test_rx_fast(void **state)
{
	static const uint8_t vals[] = {0x00, 0x01, 0x08, 0x11, 0x12, 0x40, 0x45, 0x46, 0x80, 0xff};
	uint8_t buf[BUF], f[BUF], inner[64];
	struct pb_vxlan o;
	uint32_t len, pos, i, k, taken = 0, tried = 0;

	(void)state;
	for (i = 0; i < sizeof(inner); i++)
		inner[i] = (uint8_t)(i * 13 + 1);
	pb_vxlan_defaults(&o);
	o.inner = inner;
	o.inner_len = sizeof(inner);
	len = pb_vxlan_build(buf, sizeof(buf) - 8, &o);
	assert_int_not_equal(len, 0);
	memset(buf + len, 0, 8);
	for (k = 0; k < 4; k++) {
		struct vxlan_rx_cfg cfg = default_cfg();

		cfg.ignore_reserved = k & 1;
		cfg.verify_udp_csum = k & 2;
		assert_true(rx_fast_agrees(buf, len, &cfg));
		assert_true(rx_fast_agrees(buf, len + 8, &cfg)); /* padding */
		for (i = 0; i <= len; i++)
			rx_fast_agrees(buf, i, &cfg);
		for (pos = 0; pos < PB_OFF_INNER + VXSW_ETH_HLEN; pos++) {
			for (i = 0; i < sizeof(vals) + 8; i++) {
				int fix;

				for (fix = 0; fix < 2; fix++) {
					memcpy(f, buf, len);
					if (i < sizeof(vals))
						f[pos] = vals[i];
					else
						f[pos] ^= (uint8_t)(1u << (i - sizeof(vals)));
					if (fix)
						pb_fix_ip_csum(f + PB_OFF_IP);
					taken += (uint32_t)rx_fast_agrees(f, len, &cfg);
					tried++;
				}
			}
		}
	}
	/* Bytes the test does not compare (TOS, ID, TTL, addresses' other halves, ports,
	 * the VNI, the inner frame) leave the frame valid: some mutations must be taken. */
	assert_true(taken > tried / 20);
}

static void test_encap_roundtrip(void **state)
{
	static const uint32_t vnis[] = {0, 1, 42, 0x800000, VXSW_VXLAN_VNI_MAX};
	static const uint32_t addrs[][2] = {
		{0x0a000001, 0x0a000002},
		{0xffffffff, 0xfffffffe}, /* sums that carry */
		{0, 0},
		{0xc0a80101, 0x0a0a0a0a},
	};
	static uint8_t buf[VXSW_VXLAN4_OVERHEAD + 9100], inner[9100];
	uint64_t seed = 42;
	struct vxlan_tmpl_params p = {
		.src_mac = {0x52, 0x54, 0, 0xaa, 0xbb, 0x01},
		.dst_mac = {0x52, 0x54, 0, 0xaa, 0xbb, 0x02},
		.dstport = pkt_htons(VXSW_VXLAN_PORT),
		.ttl = 17,
		.tos = 0xb8,
	};
	struct vxlan_rx_cfg cfg = default_cfg();
	struct vxlan_tmpl t;
	struct vxlan_rx out;
	uint32_t a, v, n, i;

	(void)state;
	for (i = 0; i < sizeof(inner); i++)
		inner[i] = (uint8_t)pb_rand(&seed);
	cfg.verify_udp_csum = true;
	for (a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++) {
		p.src_ip = pkt_htonl(addrs[a][0]);
		p.dst_ip = pkt_htonl(addrs[a][1]);
		p.ttl = (uint8_t)(a * 80 + 1);
		cfg.local_ip = p.dst_ip;
		vxlan_tmpl_init(&t, &p);
		for (v = 0; v < sizeof(vnis) / sizeof(vnis[0]); v++) {
			/* Every length that changes the checksum's carries, up to a jumbo frame. */
			for (n = 14; n <= sizeof(inner); n += n < 2000 ? 1 : 97) {
				uint16_t sport = (uint16_t)(n * 31 + v);

				memcpy(buf + VXSW_VXLAN4_OVERHEAD, inner, n);
				vxlan_encap_write(buf, &t, n, vnis[v], sport);
				assert_outer(buf, &p, n, sport);
				memset(&out, 0, sizeof(out));
				expect_drop(check(buf, VXSW_VXLAN4_OVERHEAD + n, &cfg, &out),
					    VXSW_DROP_NONE);
				assert_int_equal(out.vni, vnis[v]);
				assert_int_equal(out.src_ip, p.src_ip);
				assert_int_equal(out.inner_off, VXSW_VXLAN4_OVERHEAD);
				assert_int_equal(out.inner_len, n);
				assert_memory_equal(buf + out.inner_off, inner, n);
			}
		}
	}
}

/* The template is built once and reused: writing one packet leaves nothing behind for the
 * next (a shorter one after a longer one, another VNI). */
static void test_encap_reuse(void **state)
{
	struct vxlan_tmpl_params p = {
		.src_mac = {2, 0, 0, 0, 0, 1},
		.dst_mac = {2, 0, 0, 0, 0, 2},
		.src_ip = pkt_htonl(0x0a000001),
		.dst_ip = pkt_htonl(0x0a000002),
		.dstport = pkt_htons(4789),
		.ttl = 64,
	};
	uint8_t a[VXSW_VXLAN4_OVERHEAD], b[VXSW_VXLAN4_OVERHEAD];
	struct vxlan_tmpl t;

	(void)state;
	vxlan_tmpl_init(&t, &p);
	vxlan_encap_write(a, &t, 100, 7, 1000);
	vxlan_encap_write(b, &t, 1400, 0xffffff, 65535);
	vxlan_encap_write(b, &t, 100, 7, 1000);
	assert_memory_equal(a, b, sizeof(a));
}

/* A random inner frame: IPv4 or IPv6, TCP or UDP, random addresses and ports. */
static uint32_t random_inner(uint8_t *buf, uint32_t size, uint64_t *seed)
{
	struct pb_inner o;
	uint32_t i;

	pb_inner_defaults(&o);
	for (i = 0; i < 6; i++) {
		o.src_mac[i] = (uint8_t)pb_rand(seed);
		o.dst_mac[i] = (uint8_t)pb_rand(seed);
	}
	o.ethertype = pb_rand(seed) & 1 ? 0x0800 : 0x86dd;
	o.proto = pb_rand(seed) & 1 ? 6 : 17;
	o.saddr = (uint32_t)pb_rand(seed);
	o.daddr = (uint32_t)pb_rand(seed);
	for (i = 0; i < 16; i++) {
		o.saddr6[i] = (uint8_t)pb_rand(seed);
		o.daddr6[i] = (uint8_t)pb_rand(seed);
	}
	o.sport = (uint16_t)pb_rand(seed);
	o.dport = (uint16_t)pb_rand(seed);
	o.payload_len = (uint32_t)(pb_rand(seed) % 64);
	return pb_inner_build(buf, size, &o);
}

/*
 * The source-port tests run for both hashes: the one the BPF programs compute (vxlan_sport) and
 * vxsw-dpdk's (vxlan_sport_fast: CRC32C where the CPU has it). Each must spread, ignore what is
 * not the flow, and reach its whole range.
 */
static int use_fast;

static int hash_portable(void **state)
{
	(void)state;
	use_fast = 0;
	return 0;
}

static int hash_fast(void **state)
{
	(void)state;
	use_fast = 1;
	return 0;
}

static uint16_t sport_of(const uint8_t *inner, uint32_t len, uint16_t min, uint16_t max)
{
	return use_fast ? vxlan_sport_fast(inner, len, min, max)
			: vxlan_sport(inner, len, min, max);
}

static uint32_t hash_of(const uint8_t *inner, uint32_t len)
{
	return vxlan_flow_hash_(inner, len, use_fast ? VXLAN_HAVE_CRC : 0);
}

static void test_sport_range(void **state)
{
	static const uint16_t ranges[][2] = {
		{49152, 65535}, {1, 65535},	{0, 65535},	{1000, 1999}, {100, 100},
		{0, 0},		{65535, 65535}, {32768, 32769}, {0, 1},
	};
	uint64_t seed = 7;
	uint8_t buf[256];
	uint32_t r, n, len;
	uint16_t s;

	(void)state;
	for (n = 0; n < 5000; n++) {
		len = random_inner(buf, sizeof(buf), &seed);
		assert_int_not_equal(len, 0);
		/* Any prefix of a frame, down to nothing, including cut headers. */
		if (n % 4 == 0)
			len = (uint32_t)(pb_rand(&seed) % (len + 1));
		for (r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
			uint8_t *copy = malloc(len ? len : 1);

			memcpy(copy, buf, len);
			s = sport_of(copy, len, ranges[r][0], ranges[r][1]);
			free(copy);
			assert_in_range(s, ranges[r][0], ranges[r][1]);
		}
	}
}

/* Both ends of a two-port range are reached: the mapping uses the whole range. */
static void test_sport_range_ends(void **state)
{
	uint64_t seed = 99;
	uint8_t buf[256];
	uint32_t n, len, hits[2] = {0, 0}, wide[16] = {0}, differ = 0;

	(void)state;
	for (n = 0; n < 2000; n++) {
		len = random_inner(buf, sizeof(buf), &seed);
		hits[sport_of(buf, len, 40000, 40001) - 40000]++;
		wide[sport_of(buf, len, 0, 65535) >> 12]++;
		differ += hash_of(buf, len) != vxlan_flow_hash(buf, len);
	}
	/* Where the CPU has CRC32C, the "dpdk" runs test that hash, not the portable one twice. */
	if (use_fast && VXLAN_HAVE_CRC)
		assert_true(differ > 1990);
	assert_true(hits[0] > 800 && hits[1] > 800);
	for (n = 0; n < 16; n++)
		assert_true(wide[n] > 60);
}

/* Fields that are not part of the flow (payload, IP ID, TTL, length) do not move the port. */
static void test_sport_same_flow(void **state)
{
	static const uint16_t types[] = {0x0800, 0x86dd};
	uint8_t a[512], b[512];
	uint32_t la, lb, t, n;
	struct pb_inner o;

	(void)state;
	for (t = 0; t < 2; t++) {
		pb_inner_defaults(&o);
		o.ethertype = types[t];
		o.proto = 6;
		la = pb_inner_build(a, sizeof(a), &o);
		for (n = 0; n < 50; n++) {
			o.payload_len = n * 7;
			o.payload_seed = (uint8_t)(n * 3);
			o.ip_id = (uint16_t)(n * 1000);
			o.ttl = (uint8_t)(n + 1);
			o.tos = (uint8_t)(n << 2);
			lb = pb_inner_build(b, sizeof(b), &o);
			assert_int_equal(sport_of(a, la, 49152, 65535),
					 sport_of(b, lb, 49152, 65535));
			assert_int_equal(hash_of(a, la), hash_of(b, lb));
		}
	}
}

static uint32_t distinct(const uint16_t *ports, uint32_t n, uint16_t min)
{
	static uint8_t seen[65536];
	uint32_t i, d = 0;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		if (!seen[ports[i] - min]++)
			d++;
	}
	return d;
}

/* 1000 flows that differ in one field only, in a 1000-port range: a good hash reaches about
 * 632 distinct ports; a field that is not hashed reaches 1. */
static void spread_one(uint16_t ethertype, uint8_t proto, int field)
{
	static uint16_t ports[1000];
	uint8_t buf[256];
	struct pb_inner o;
	uint32_t i, len, d;

	for (i = 0; i < 1000; i++) {
		pb_inner_defaults(&o);
		o.ethertype = ethertype;
		o.proto = proto;
		switch (field) {
		case 0:
			o.sport = (uint16_t)(1024 + i);
			break;
		case 1:
			o.dport = (uint16_t)(1024 + i);
			break;
		case 2:
			o.saddr = 0x0a000000 + i;
			o.saddr6[14] = (uint8_t)(i >> 8);
			o.saddr6[15] = (uint8_t)i;
			break;
		case 3:
			o.daddr = 0x0a000000 + (i << 8);
			o.daddr6[0] = (uint8_t)(i >> 8);
			o.daddr6[7] = (uint8_t)i;
			break;
		case 4:
			o.src_mac[4] = (uint8_t)(i >> 8);
			o.src_mac[5] = (uint8_t)i;
			break;
		case 5:
			o.dst_mac[1] = (uint8_t)(i >> 8);
			o.dst_mac[2] = (uint8_t)i;
			break;
		}
		len = pb_inner_build(buf, sizeof(buf), &o);
		ports[i] = sport_of(buf, len, 20000, 20999);
	}
	d = distinct(ports, 1000, 20000);
	if (d <= 500)
		fail_msg("ethertype %#x proto %u field %d: %u distinct ports", ethertype, proto,
			 field, d);
}

static void test_sport_spread(void **state)
{
	int field;

	(void)state;
	for (field = 0; field < 6; field++) {
		spread_one(0x0800, 6, field);
		spread_one(0x0800, 17, field);
		spread_one(0x86dd, 6, field);
		spread_one(0x86dd, 17, field);
	}
	/* Non-IP frames spread by their MAC addresses. */
	spread_one(0x88b5, 0, 4);
	spread_one(0x88b5, 0, 5);
}

/* Ports swapped (the reply direction) or both ports equal must not all collapse together:
 * XOR-based folding cancels equal values if fields are not kept apart. */
static void test_sport_no_cancel(void **state)
{
	static uint16_t ports[1000];
	uint8_t buf[256];
	struct pb_inner o;
	uint32_t i, len;

	(void)state;
	for (i = 0; i < 1000; i++) {
		pb_inner_defaults(&o);
		o.proto = 6;
		o.sport = (uint16_t)(2000 + i);
		o.dport = (uint16_t)(2000 + i);
		len = pb_inner_build(buf, sizeof(buf), &o);
		ports[i] = sport_of(buf, len, 20000, 20999);
	}
	assert_true(distinct(ports, 1000, 20000) > 500);
	for (i = 0; i < 1000; i++) {
		pb_inner_defaults(&o);
		o.saddr = 0x0a000000 + i;
		o.daddr = 0x0a000000 + i;
		len = pb_inner_build(buf, sizeof(buf), &o);
		ports[i] = sport_of(buf, len, 20000, 20999);
	}
	assert_true(distinct(ports, 1000, 20000) > 500);
}

/* Adds v to one flow field (IP host parts, ports, MAC last bytes) of o. */
static void field_add(struct pb_inner *o, int field, uint32_t v)
{
	switch (field) {
	case 0:
		o->saddr += v;
		o->saddr6[15] = (uint8_t)(o->saddr6[15] + v);
		break;
	case 1:
		o->daddr += v;
		o->daddr6[15] = (uint8_t)(o->daddr6[15] + v);
		break;
	case 2:
		o->sport = (uint16_t)(o->sport + v);
		break;
	case 3:
		o->dport = (uint16_t)(o->dport + v);
		break;
	case 4:
		o->src_mac[5] = (uint8_t)(o->src_mac[5] + v);
		break;
	case 5:
		o->dst_mac[5] = (uint8_t)(o->dst_mac[5] + v);
		break;
	}
}

/*
 * Real traffic varies several fields at once: 64 clients each opening 64 connections from
 * consecutive ports, 64 VMs (MAC and IP) talking to 64 services. Every pair of fields, each
 * taking 64 consecutive values, makes 4096 flows that must reach about as many ports in a
 * 4096-port range as random ones would (~2589). A hash that folds fields together linearly
 * (XOR at fixed rotations) before mixing maps overlapping bits of two fields onto each other
 * and collapses such grids to a few hundred ports.
 */
static void test_sport_field_pairs(void **state)
{
	static const char *const names[] = {"saddr", "daddr", "sport", "dport", "smac", "dmac"};
	static const uint16_t types[] = {0x0800, 0x86dd};
	static uint16_t ports[4096];
	uint8_t buf[256];
	struct pb_inner o;
	uint32_t i, len, d, t, bad = 0;
	int a, b;

	(void)state;
	for (t = 0; t < 2; t++) {
		for (a = 0; a < 6; a++) {
			for (b = a + 1; b < 6; b++) {
				for (i = 0; i < 4096; i++) {
					pb_inner_defaults(&o);
					o.ethertype = types[t];
					o.proto = 6;
					o.sport = 40000;
					o.dport = 40000;
					field_add(&o, a, i & 63);
					field_add(&o, b, i >> 6);
					len = pb_inner_build(buf, sizeof(buf), &o);
					ports[i] = sport_of(buf, len, 0, 4095);
				}
				d = distinct(ports, 4096, 0);
				if (d < 2048) {
					print_error("%s %s x %s: %u distinct ports of 4096\n",
						    t ? "IPv6" : "IPv4", names[a], names[b], d);
					bad++;
				}
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* Later fragments carry no ports, so the port cannot depend on them for any fragment: the
 * first (MF, offset 0, ports present) and the later ones (offset set) must agree. */
static void test_sport_fragments(void **state)
{
	uint8_t first[256], later[256], whole[256];
	uint32_t lf, ll, lw, n, same = 0;
	struct pb_inner o;
	uint64_t seed = 5;
	uint16_t p;

	(void)state;
	for (n = 0; n < 200; n++) {
		pb_inner_defaults(&o);
		o.saddr = 0xc0a80000 + n;
		o.sport = (uint16_t)pb_rand(&seed);
		o.dport = (uint16_t)pb_rand(&seed);
		o.proto = n & 1 ? 6 : 17;
		o.frag_off = VXSW_IPV4_MF;
		o.payload_len = 100;
		lf = pb_inner_build(first, sizeof(first), &o);
		/* A later fragment: what would be ports is payload. */
		o.frag_off = 185;
		o.sport = (uint16_t)pb_rand(&seed);
		o.dport = (uint16_t)pb_rand(&seed);
		o.payload_len = 37;
		ll = pb_inner_build(later, sizeof(later), &o);
		p = sport_of(first, lf, 1, 65535);
		assert_int_equal(p, sport_of(later, ll, 1, 65535));
		/* A middle fragment (MF and offset). */
		o.frag_off = VXSW_IPV4_MF | 370;
		o.sport = (uint16_t)pb_rand(&seed);
		ll = pb_inner_build(later, sizeof(later), &o);
		assert_int_equal(p, sport_of(later, ll, 1, 65535));
		/* The same packet unfragmented does hash its ports: mostly another port. */
		o.frag_off = VXSW_IPV4_DF;
		lw = pb_inner_build(whole, sizeof(whole), &o);
		same += p == sport_of(whole, lw, 1, 65535);
	}
	assert_true(same < 5);
}

#define SPORT_TEST(f)                                                                              \
	{#f " (portable)", f, hash_portable, NULL, NULL},                                          \
	{                                                                                          \
#f " (dpdk)", f, hash_fast, NULL, NULL                                             \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_truncated_frame),
		cmocka_unit_test(test_truncated_packet),
		cmocka_unit_test(test_ip_length),
		cmocka_unit_test(test_ip_version),
		cmocka_unit_test(test_ip_ihl),
		cmocka_unit_test(test_ip_checksum),
		cmocka_unit_test(test_ip_checksum_fast),
		cmocka_unit_test(test_ip_fragment),
		cmocka_unit_test(test_not_vxlan),
		cmocka_unit_test(test_udp_length),
		cmocka_unit_test(test_vxlan_flags),
		cmocka_unit_test(test_udp_checksum),
		cmocka_unit_test(test_udp_checksum_random),
		cmocka_unit_test(test_rx_fast),
		cmocka_unit_test(test_encap_roundtrip),
		cmocka_unit_test(test_encap_reuse),
		SPORT_TEST(test_sport_range),
		SPORT_TEST(test_sport_range_ends),
		SPORT_TEST(test_sport_same_flow),
		SPORT_TEST(test_sport_spread),
		SPORT_TEST(test_sport_no_cancel),
		SPORT_TEST(test_sport_field_pairs),
		SPORT_TEST(test_sport_fragments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
