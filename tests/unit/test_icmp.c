/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of dataplane/icmp.c: Fragmentation Needed and Packet Too Big replies to tenant
 * frames that do not fit the underlay, and echo replies. Replies are checked field by field and
 * their checksums recomputed with pkt_build's own code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "icmp.h"
#include "pkt.h"
#include "pkt_build.h"

#define BUF 2048

/* icmp_too_big() on an exact-length heap copy; out is poisoned first. */
static uint32_t too_big(uint8_t *out, const uint8_t *frame, uint32_t len, uint16_t mtu)
{
	uint8_t *copy = malloc(len ? len : 1);
	uint32_t r;

	assert_non_null(copy);
	memcpy(copy, frame, len);
	memset(out, 0xcc, ICMP_TOO_BIG_MAX);
	r = icmp_too_big(out, copy, len, mtu);
	free(copy);
	assert_true(r <= ICMP_TOO_BIG_MAX);
	return r;
}

/* An IPv4 frame of ip_len bytes of IP packet (UDP, DF). */
static uint32_t frame4(uint8_t *buf, uint32_t ip_len)
{
	struct pb_inner o;

	pb_inner_defaults(&o);
	o.payload_len = ip_len - 28;
	return pb_inner_build(buf, BUF, &o);
}

/* Checks an ICMPv4 Fragmentation Needed reply to frame (whose IP packet is ip_len long). */
static void assert_frag_needed(const uint8_t *r, uint32_t rlen, const uint8_t *frame,
			       uint32_t ip_len, uint16_t mtu)
{
	const uint8_t *ip = r + 14, *icmp = ip + 20;
	uint32_t quote = ip_len < 576 - 28 ? ip_len : 576 - 28;

	assert_int_equal(rlen, 14 + 20 + 8 + quote);
	assert_memory_equal(r, frame + 6, 6); /* to the sender */
	assert_memory_equal(r + 6, frame, 6);
	assert_int_equal(pb_get16(r + 12), VXSW_ETHERTYPE_IPV4);
	assert_int_equal(ip[0], 0x45);
	assert_int_equal(pb_get16(ip + 2), 20 + 8 + quote);
	assert_true(pb_get16(ip + 2) <= 576);
	assert_int_equal(pb_get16(ip + 6) & (VXSW_IPV4_MF | VXSW_IPV4_OFFMASK), 0);
	assert_true(ip[8] > 1);
	assert_int_equal(ip[9], VXSW_IPPROTO_ICMP);
	assert_true(pb_ip_csum_ok(ip));
	/* From the destination the frame was for, to its source. */
	assert_memory_equal(ip + 12, frame + 14 + 16, 4);
	assert_memory_equal(ip + 16, frame + 14 + 12, 4);
	assert_int_equal(icmp[0], VXSW_ICMP_DEST_UNREACH);
	assert_int_equal(icmp[1], VXSW_ICMP_FRAG_NEEDED);
	assert_int_equal(pb_csum(icmp, 8 + quote, 0), 0);
	assert_int_equal(pb_get16(icmp + 4), 0); /* unused */
	assert_int_equal(pb_get16(icmp + 6), mtu);
	assert_memory_equal(icmp + 8, frame + 14, quote);
}

static void test_frag_needed(void **state)
{
	static const uint32_t lens[] = {28, 29, 100, 547, 548, 549, 575, 576, 577, 1400, 1500};
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	uint32_t i, len, r;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		len = frame4(frame, lens[i]);
		assert_int_equal(len, 14 + lens[i]);
		r = too_big(out, frame, len, 1450);
		assert_frag_needed(out, r, frame, lens[i], 1450);
	}
	/* A large packet: the reply is exactly 576 bytes of IP. */
	len = frame4(frame, 1500);
	r = too_big(out, frame, len, 1234);
	assert_int_equal(pb_get16(out + 14 + 2), 576);
	assert_frag_needed(out, r, frame, 1500, 1234);
}

/* IP options are quoted with the header they belong to. */
static void test_frag_needed_options(void **state)
{
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	struct pb_inner o;
	uint32_t len, r;

	(void)state;
	pb_inner_defaults(&o);
	o.ihl = 15;
	o.payload_len = 1000;
	len = pb_inner_build(frame, sizeof(frame), &o);
	r = too_big(out, frame, len, 1000);
	assert_frag_needed(out, r, frame, len - 14, 1000);
	assert_int_equal(out[14 + 28], 0x4f);
}

/* Ethernet padding after a short IP packet is not part of the datagram: the quote stops at
 * its tot_len. */
static void test_frag_needed_padding(void **state)
{
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	uint32_t len, r;

	(void)state;
	len = frame4(frame, 30); /* 44 bytes: padded to 60 on the wire */
	memset(frame + len, 0xee, 60 - len);
	r = too_big(out, frame, 60, 1400);
	assert_frag_needed(out, r, frame, 30, 1400);
}

static void test_no_frag_needed(void **state)
{
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	static const uint8_t errors[] = {3, 4, 5, 11, 12};
	struct pb_inner o;
	uint32_t len, i;

	(void)state;
	/* Without DF the sender lets the path fragment: no error. */
	pb_inner_defaults(&o);
	o.frag_off = 0;
	o.payload_len = 1400;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_int_equal(too_big(out, frame, len, 1450), 0);

	/* Never an error about an ICMP error... */
	for (i = 0; i < sizeof(errors); i++) {
		pb_inner_defaults(&o);
		o.proto = VXSW_IPPROTO_ICMP;
		o.icmp_type = errors[i];
		o.payload_len = 1400;
		len = pb_inner_build(frame, sizeof(frame), &o);
		assert_int_equal(too_big(out, frame, len, 1450), 0);
	}
	/* ...but one about an echo request or reply. */
	o.icmp_type = VXSW_ICMP_ECHO;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_frag_needed(out, too_big(out, frame, len, 1450), frame, len - 14, 1450);
	o.icmp_type = VXSW_ICMP_ECHOREPLY;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_frag_needed(out, too_big(out, frame, len, 1450), frame, len - 14, 1450);

	/* Not to a multicast, broadcast or zero source MAC. */
	pb_inner_defaults(&o);
	o.payload_len = 1400;
	o.src_mac[0] = 0x01;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_int_equal(too_big(out, frame, len, 1450), 0);
	memset(o.src_mac, 0xff, 6);
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_int_equal(too_big(out, frame, len, 1450), 0);
	memset(o.src_mac, 0, 6);
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_int_equal(too_big(out, frame, len, 1450), 0);

	/* Not IP. */
	pb_inner_defaults(&o);
	o.ethertype = VXSW_ETHERTYPE_ARP;
	o.payload_len = 1400;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_int_equal(too_big(out, frame, len, 1450), 0);
	o.ethertype = VXSW_ETHERTYPE_VLAN;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_int_equal(too_big(out, frame, len, 1450), 0);
}

/* RFC 1122 section 3.2.2: no error about a datagram whose source is not one host (zero,
 * loopback, broadcast, multicast, class E) or that was sent to broadcast or multicast. The
 * reply's source would be that destination. */
static void test_no_frag_needed_bad_address(void **state)
{
	static const uint32_t sources[] = {0,	       0x00010203, 0x7f000001, 0xe0000001,
					   0xefffffff, 0xf0000001, 0xffffffff};
	static const uint32_t dests[] = {0xe00000fb, 0xefffffff, 0xffffffff};
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	struct pb_inner o;
	uint32_t len, i;

	(void)state;
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		pb_inner_defaults(&o);
		o.saddr = sources[i];
		o.payload_len = 1400;
		len = pb_inner_build(frame, sizeof(frame), &o);
		if (too_big(out, frame, len, 1450) != 0)
			fail_msg("reply to a packet from %#x", sources[i]);
	}
	for (i = 0; i < sizeof(dests) / sizeof(dests[0]); i++) {
		pb_inner_defaults(&o);
		o.daddr = dests[i];
		o.payload_len = 1400;
		len = pb_inner_build(frame, sizeof(frame), &o);
		if (too_big(out, frame, len, 1450) != 0)
			fail_msg("reply to a packet to %#x", dests[i]);
	}
	/* Unicast at the edges of those ranges still gets one. */
	pb_inner_defaults(&o);
	o.saddr = 0x01000001;
	o.daddr = 0xdfffffff;
	o.payload_len = 1400;
	len = pb_inner_build(frame, sizeof(frame), &o);
	assert_frag_needed(out, too_big(out, frame, len, 1450), frame, len - 14, 1450);
}

/* Malformed IPv4: no reply, no read past the end. */
static void test_no_frag_needed_malformed(void **state)
{
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	uint32_t len, n, ihl;

	(void)state;
	len = frame4(frame, 1400);
	for (n = 0; n < 14 + 20; n++)
		assert_int_equal(too_big(out, frame, n, 1450), 0);
	frame[14] = 0x65; /* version 6 in an IPv4 frame */
	assert_int_equal(too_big(out, frame, len, 1450), 0);
	for (ihl = 0; ihl < 5; ihl++) {
		frame[14] = (uint8_t)(0x40 | ihl);
		assert_int_equal(too_big(out, frame, len, 1450), 0);
	}
	/* IHL past the end of the frame. */
	frame[14] = 0x4f;
	assert_int_equal(too_big(out, frame, 14 + 40, 1450), 0);
}

/* Builds an IPv6 frame; returns its length. */
static uint32_t frame6(uint8_t *buf, uint8_t proto, uint8_t icmp_type, uint32_t payload)
{
	struct pb_inner o;

	pb_inner_defaults(&o);
	o.ethertype = VXSW_ETHERTYPE_IPV6;
	o.proto = proto;
	o.icmp_type = icmp_type;
	o.payload_len = payload;
	return pb_inner_build(buf, BUF, &o);
}

static void assert_too_big6(const uint8_t *r, uint32_t rlen, const uint8_t *frame, uint32_t ip_len,
			    uint32_t mtu)
{
	const uint8_t *ip = r + 14, *icmp = ip + 40;
	uint32_t quote = ip_len < 1280 - 48 ? ip_len : 1280 - 48;

	assert_int_equal(rlen, 14 + 40 + 8 + quote);
	assert_true(rlen - 14 <= 1280);
	assert_memory_equal(r, frame + 6, 6);
	assert_memory_equal(r + 6, frame, 6);
	assert_int_equal(pb_get16(r + 12), VXSW_ETHERTYPE_IPV6);
	assert_int_equal(ip[0] >> 4, 6);
	assert_int_equal(pb_get16(ip + 4), 8 + quote);
	assert_int_equal(ip[6], VXSW_IPPROTO_ICMPV6);
	assert_true(ip[7] > 1);
	assert_memory_equal(ip + 8, frame + 14 + 24, 16);
	assert_memory_equal(ip + 24, frame + 14 + 8, 16);
	assert_int_equal(icmp[0], VXSW_ICMPV6_PKT_TOOBIG);
	assert_int_equal(icmp[1], 0);
	assert_int_equal(pb_get32(icmp + 4), mtu);
	assert_int_equal(pb_csum(icmp, 8 + quote, pb_pseudo6(ip, 58, 8 + quote)), 0);
	assert_memory_equal(icmp + 8, frame + 14, quote);
}

static void test_too_big6(void **state)
{
	static const uint32_t payloads[] = {0, 1, 100, 1183, 1184, 1185, 1400, 1452, 1500};
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	uint32_t i, len, r;

	(void)state;
	for (i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
		len = frame6(frame, VXSW_IPPROTO_UDP, 0, payloads[i]);
		r = too_big(out, frame, len, 1450);
		assert_too_big6(out, r, frame, len - 14, 1450);
	}
	/* The MTU is never below the IPv6 minimum (RFC 8200 section 5). */
	len = frame6(frame, VXSW_IPPROTO_TCP, 0, 1400);
	r = too_big(out, frame, len, 1279);
	assert_too_big6(out, r, frame, len - 14, 1280);
	r = too_big(out, frame, len, 0);
	assert_too_big6(out, r, frame, len - 14, 1280);
	r = too_big(out, frame, len, 1280);
	assert_too_big6(out, r, frame, len - 14, 1280);
	r = too_big(out, frame, len, 9000);
	assert_too_big6(out, r, frame, len - 14, 9000);
}

static void test_too_big6_padding(void **state)
{
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	uint32_t len, r;

	(void)state;
	len = frame6(frame, VXSW_IPPROTO_UDP, 0, 0); /* 62 bytes */
	memset(frame + len, 0xee, 10);
	r = too_big(out, frame, len + 10, 1400);
	assert_too_big6(out, r, frame, len - 14, 1400);
}

static void test_no_too_big6(void **state)
{
	uint8_t frame[BUF], out[ICMP_TOO_BIG_MAX];
	static const uint8_t errors[] = {1, 2, 3, 4, 127};
	uint32_t len, i;

	(void)state;
	for (i = 0; i < sizeof(errors); i++) {
		len = frame6(frame, VXSW_IPPROTO_ICMPV6, errors[i], 1400);
		assert_int_equal(too_big(out, frame, len, 1400), 0);
	}
	/* Informational messages (echo request 128, reply 129) do get one. */
	len = frame6(frame, VXSW_IPPROTO_ICMPV6, 128, 1400);
	assert_too_big6(out, too_big(out, frame, len, 1400), frame, len - 14, 1400);
	len = frame6(frame, VXSW_IPPROTO_ICMPV6, 129, 1400);
	assert_too_big6(out, too_big(out, frame, len, 1400), frame, len - 14, 1400);

	/* Not to a multicast or unspecified source address (RFC 4443 section 2.4 e). */
	len = frame6(frame, VXSW_IPPROTO_UDP, 0, 1400);
	frame[14 + 8] = 0xff;
	assert_int_equal(too_big(out, frame, len, 1400), 0);
	memset(frame + 14 + 8, 0, 16);
	assert_int_equal(too_big(out, frame, len, 1400), 0);
	frame[14 + 8 + 15] = 2; /* ::2 is a unicast address */
	assert_int_not_equal(too_big(out, frame, len, 1400), 0);

	/* Not about a packet sent to a multicast group: the reply would come from it. */
	len = frame6(frame, VXSW_IPPROTO_UDP, 0, 1400);
	frame[14 + 24] = 0xff;
	frame[14 + 25] = 0x02;
	assert_int_equal(too_big(out, frame, len, 1400), 0);

	/* Not to a multicast source MAC. */
	len = frame6(frame, VXSW_IPPROTO_UDP, 0, 1400);
	frame[6] |= 1;
	assert_int_equal(too_big(out, frame, len, 1400), 0);

	/* Malformed: short, wrong version. */
	len = frame6(frame, VXSW_IPPROTO_UDP, 0, 1400);
	for (i = 0; i < 14 + 40; i++)
		assert_int_equal(too_big(out, frame, i, 1400), 0);
	frame[14] = 0x45;
	assert_int_equal(too_big(out, frame, len, 1400), 0);
}

/* An echo request from 192.168.0.1 to 192.168.0.2. */
static uint32_t echo_request(uint8_t *buf, uint8_t ihl, uint32_t payload)
{
	struct pb_inner o;

	pb_inner_defaults(&o);
	o.proto = VXSW_IPPROTO_ICMP;
	o.icmp_type = VXSW_ICMP_ECHO;
	o.icmp_data = 0xbeef0007; /* id, sequence */
	o.ihl = ihl;
	o.ttl = 3;
	o.payload_len = payload;
	return pb_inner_build(buf, BUF, &o);
}

static void assert_echo_reply(const uint8_t *r, const uint8_t *req, uint32_t len)
{
	uint32_t ihl = (req[14] & 0xf) * 4u, tot = pb_get16(req + 16);
	const uint8_t *ip = r + 14, *icmp = ip + ihl;

	assert_memory_equal(r, req + 6, 6);
	assert_memory_equal(r + 6, req, 6);
	assert_int_equal(pb_get16(ip + 2), tot);
	assert_memory_equal(ip + 12, req + 14 + 16, 4);
	assert_memory_equal(ip + 16, req + 14 + 12, 4);
	assert_true(ip[8] >= 64); /* a fresh TTL (RFC 1700 default), not the request's 3 */
	assert_int_equal(ip[9], VXSW_IPPROTO_ICMP);
	assert_true(pb_ip_csum_ok(ip));
	assert_int_equal(icmp[0], VXSW_ICMP_ECHOREPLY);
	assert_int_equal(icmp[1], 0);
	assert_int_equal(pb_csum(icmp, tot - ihl, 0), 0);
	/* Identifier, sequence and data come back unchanged (RFC 792), and nothing past the
	 * IP packet is touched. */
	assert_memory_equal(icmp + 4, req + 14 + ihl + 4, tot - ihl - 4);
	assert_memory_equal(r + 14 + tot, req + 14 + tot, len - 14 - tot);
}

static void test_echo_reply(void **state)
{
	static const uint32_t payloads[] = {0, 1, 56, 57, 1472};
	uint8_t req[BUF], r[BUF];
	uint32_t i, len;

	(void)state;
	for (i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
		len = echo_request(req, 5, payloads[i]);
		memcpy(r, req, len);
		assert_int_equal(icmp_echo_reply(r, len), 0);
		assert_echo_reply(r, req, len);
	}
	/* With IP options. */
	len = echo_request(req, 7, 33);
	memcpy(r, req, len);
	assert_int_equal(icmp_echo_reply(r, len), 0);
	assert_echo_reply(r, req, len);
	/* With Ethernet padding: the checksum covers the ICMP message only. */
	len = echo_request(req, 5, 0);
	memset(req + len, 0xee, 60 - len);
	memcpy(r, req, 60);
	assert_int_equal(icmp_echo_reply(r, 60), 0);
	assert_echo_reply(r, req, 60);
}

static void fix_icmp_csum(uint8_t *frame, uint32_t len)
{
	uint8_t *icmp = frame + 14 + 20;

	pb_put16(icmp + 2, 0);
	pb_put16(icmp + 2, pb_csum(icmp, len - 14 - 20, 0));
}

/* A malformed request is refused and left as it was. */
static void assert_refused(const uint8_t *frame, uint32_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, frame, len);
	assert_int_equal(icmp_echo_reply(copy, len), -1);
	assert_memory_equal(copy, frame, len);
	free(copy);
}

static void test_echo_reply_refused(void **state)
{
	uint8_t req[BUF];
	uint32_t len, n;

	(void)state;
	len = echo_request(req, 5, 16);
	for (n = 0; n < len; n++)
		assert_refused(req, n); /* tot_len says more than there is */

	len = echo_request(req, 5, 16);
	pb_put16(req + 12, VXSW_ETHERTYPE_IPV6);
	assert_refused(req, len);

	len = echo_request(req, 5, 16);
	req[14] = 0x65;
	assert_refused(req, len);
	req[14] = 0x44;
	assert_refused(req, len);

	len = echo_request(req, 5, 16);
	pb_put16(req + 16, 20 + 7); /* no room for the ICMP header */
	pb_fix_ip_csum(req + 14);
	assert_refused(req, len);

	len = echo_request(req, 5, 16);
	req[14 + 9] = VXSW_IPPROTO_UDP;
	pb_fix_ip_csum(req + 14);
	assert_refused(req, len);

	/* Not an echo request; checksums right, so only the type or code refuses it. */
	len = echo_request(req, 5, 16);
	req[34] = VXSW_ICMP_ECHOREPLY;
	fix_icmp_csum(req, len);
	assert_refused(req, len);
	req[34] = VXSW_ICMP_DEST_UNREACH;
	fix_icmp_csum(req, len);
	assert_refused(req, len);
	req[34] = VXSW_ICMP_ECHO;
	req[35] = 1; /* echo has code 0 only */
	fix_icmp_csum(req, len);
	assert_refused(req, len);
	req[35] = 0;
	fix_icmp_csum(req, len);
	assert_int_equal(icmp_echo_reply(req, len), 0);

	/* IHL past the end. */
	len = echo_request(req, 5, 16);
	req[14] = 0x4f;
	assert_refused(req, len);

	/* A fragment is not a whole request: a reply to the first would carry MF and a checksum
	 * over part of the message; a later one starts with data, not an ICMP header. */
	len = echo_request(req, 5, 16);
	pb_put16(req + 14 + 6, VXSW_IPV4_MF);
	pb_fix_ip_csum(req + 14);
	assert_refused(req, len);
	pb_put16(req + 14 + 6, 185);
	pb_fix_ip_csum(req + 14);
	assert_refused(req, len);

	/* A damaged request is discarded, not answered with a freshly valid checksum. */
	len = echo_request(req, 5, 16);
	req[len - 1] ^= 0x20;
	assert_refused(req, len);
	len = echo_request(req, 5, 16);
	req[14 + 8] ^= 1; /* TTL, IP checksum not fixed */
	assert_refused(req, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frag_needed),
		cmocka_unit_test(test_frag_needed_options),
		cmocka_unit_test(test_frag_needed_padding),
		cmocka_unit_test(test_no_frag_needed),
		cmocka_unit_test(test_no_frag_needed_bad_address),
		cmocka_unit_test(test_no_frag_needed_malformed),
		cmocka_unit_test(test_too_big6),
		cmocka_unit_test(test_too_big6_padding),
		cmocka_unit_test(test_no_too_big6),
		cmocka_unit_test(test_echo_reply),
		cmocka_unit_test(test_echo_reply_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
