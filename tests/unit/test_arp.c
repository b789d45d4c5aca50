/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of dataplane/arp.c: the exact bytes of built requests and replies (RFC 826), and
 * every frame arp_parse() must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arp.h"
#include "pkt.h"

static const uint8_t mac_a[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t mac_b[6] = {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
#define IP_A 0x0a000001u /* 10.0.0.1 */
#define IP_B 0xc0a86402u /* 192.168.100.2 */

/* Who has 192.168.100.2? Tell 10.0.0.1 (52:54:00:12:34:56). */
static const uint8_t request_bytes[ARP_FRAME_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* destination: broadcast */
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, /* source */
	0x08, 0x06,			    /* ARP */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, /* Ethernet (6 bytes), IPv4 (4 bytes) */
	0x00, 0x01,			    /* request */
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, /* sender hardware address */
	10,   0,    0,	  1,		    /* sender protocol address */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* target hardware address: unknown */
	192,  168,  100,  2,		    /* target protocol address */
					    /* then zero padding to 60 */
};

/* 10.0.0.1 is at 52:54:00:12:34:56, to 02:aa:bb:cc:dd:ee / 192.168.100.2. */
static const uint8_t reply_bytes[ARP_FRAME_LEN] = {
	0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, /* destination: the asker */
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, /* source */
	0x08, 0x06,			    /* ARP */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, /* Ethernet (6 bytes), IPv4 (4 bytes) */
	0x00, 0x02,			    /* reply */
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, /* sender hardware address */
	10,   0,    0,	  1,		    /* sender protocol address */
	0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, /* target hardware address */
	192,  168,  100,  2,		    /* target protocol address */
};

static void test_build_request(void **state)
{
	uint8_t out[ARP_FRAME_LEN + 8];

	(void)state;
	memset(out, 0x5a, sizeof(out));
	assert_int_equal(
		arp_build(out, VXSW_ARP_OP_REQUEST, mac_a, pkt_htonl(IP_A), mac_b, pkt_htonl(IP_B)),
		ARP_FRAME_LEN);
	assert_memory_equal(out, request_bytes, ARP_FRAME_LEN);
	/* Nothing written past the frame. */
	assert_int_equal(out[ARP_FRAME_LEN], 0x5a);
	assert_int_equal(out[ARP_FRAME_LEN + 7], 0x5a);
}

static void test_build_reply(void **state)
{
	uint8_t out[ARP_FRAME_LEN + 8];

	(void)state;
	memset(out, 0x5a, sizeof(out));
	assert_int_equal(
		arp_build(out, VXSW_ARP_OP_REPLY, mac_a, pkt_htonl(IP_A), mac_b, pkt_htonl(IP_B)),
		ARP_FRAME_LEN);
	assert_memory_equal(out, reply_bytes, ARP_FRAME_LEN);
	assert_int_equal(out[ARP_FRAME_LEN], 0x5a);
}

static void assert_parsed(const uint8_t *frame, uint32_t len, uint16_t op, const uint8_t *tha)
{
	uint8_t *copy = malloc(len);
	struct vxsw_arp a;

	assert_non_null(copy);
	memcpy(copy, frame, len);
	memset(&a, 0, sizeof(a));
	assert_int_equal(arp_parse(copy, len, &a), 0);
	free(copy);
	assert_int_equal(pkt_ntohs(a.htype), VXSW_ARP_HTYPE_ETHER);
	assert_int_equal(pkt_ntohs(a.ptype), VXSW_ETHERTYPE_IPV4);
	assert_int_equal(a.hlen, 6);
	assert_int_equal(a.plen, 4);
	assert_int_equal(pkt_ntohs(a.oper), op);
	assert_memory_equal(a.sha, mac_a, 6);
	assert_int_equal(pkt_ntohl(a.spa), IP_A);
	assert_memory_equal(a.tha, tha, 6);
	assert_int_equal(pkt_ntohl(a.tpa), IP_B);
}

static void test_parse(void **state)
{
	static const uint8_t zero[6];

	(void)state;
	assert_parsed(request_bytes, ARP_FRAME_LEN, VXSW_ARP_OP_REQUEST, zero);
	assert_parsed(reply_bytes, ARP_FRAME_LEN, VXSW_ARP_OP_REPLY, mac_b);
	/* Unpadded (14 + 28, as received on a virtual NIC) is enough. */
	assert_parsed(request_bytes, 42, VXSW_ARP_OP_REQUEST, zero);
	assert_parsed(reply_bytes, 42, VXSW_ARP_OP_REPLY, mac_b);
}

/* arp_parse() on an exact-length copy must fail and leave ret untouched. */
static void assert_refused_(const uint8_t *frame, uint32_t len, const char *what)
{
	uint8_t *copy = malloc(len ? len : 1);
	struct vxsw_arp a, before;

	assert_non_null(copy);
	memcpy(copy, frame, len);
	memset(&a, 0x77, sizeof(a));
	before = a;
	if (arp_parse(copy, len, &a) != -1)
		fail_msg("accepted: %s (len %u)", what, len);
	free(copy);
	assert_memory_equal(&a, &before, sizeof(a));
}

#define assert_refused(f, l) assert_refused_((f), (l), #f)

/* A copy of the request with one byte changed. */
static const uint8_t *with_byte(uint32_t off, uint8_t v)
{
	static uint8_t f[ARP_FRAME_LEN];

	memcpy(f, request_bytes, sizeof(f));
	f[off] = v;
	return f;
}

static void test_parse_refused(void **state)
{
	uint32_t len;

	(void)state;
	for (len = 0; len < 42; len++) {
		assert_refused(request_bytes, len);
		assert_refused(reply_bytes, len);
	}
	/* Ethertype: IPv4, RARP. */
	assert_refused(with_byte(13, 0x00), ARP_FRAME_LEN);
	assert_refused(with_byte(13, 0x35), ARP_FRAME_LEN);
	/* Hardware type: IEEE 802 (6), and one in the high byte. */
	assert_refused(with_byte(15, 6), ARP_FRAME_LEN);
	assert_refused(with_byte(14, 1), ARP_FRAME_LEN);
	/* Protocol type: IPv6, and 0x0801. */
	assert_refused(with_byte(16, 0x86), ARP_FRAME_LEN);
	assert_refused(with_byte(17, 0x01), ARP_FRAME_LEN);
	/* Address lengths. */
	assert_refused(with_byte(18, 8), ARP_FRAME_LEN);
	assert_refused(with_byte(18, 0), ARP_FRAME_LEN);
	assert_refused(with_byte(19, 16), ARP_FRAME_LEN);
	assert_refused(with_byte(19, 0), ARP_FRAME_LEN);
	/* Operation: 0, RARP request (3), and 1 in the high byte. */
	assert_refused(with_byte(21, 0), ARP_FRAME_LEN);
	assert_refused(with_byte(21, 3), ARP_FRAME_LEN);
	assert_refused(with_byte(20, 1), ARP_FRAME_LEN);
	/* Sender hardware address: multicast, broadcast, zero. */
	assert_refused(with_byte(22, 0x01), ARP_FRAME_LEN);
	assert_refused(with_byte(22, 0x53), ARP_FRAME_LEN);
	{
		uint8_t f[ARP_FRAME_LEN];

		memcpy(f, request_bytes, sizeof(f));
		memset(f + 22, 0xff, 6);
		assert_refused(f, ARP_FRAME_LEN);
		memset(f + 22, 0, 6);
		assert_refused(f, ARP_FRAME_LEN);
	}
}

/* Build then parse, for many addresses: each field lands where parse reads it. */
static void test_roundtrip(void **state)
{
	uint8_t out[ARP_FRAME_LEN], src[6], dst[6];
	struct vxsw_arp a;
	uint32_t i, j;

	(void)state;
	for (i = 0; i < 256; i++) {
		for (j = 0; j < 6; j++) {
			src[j] = (uint8_t)(i * 37 + j * 11);
			dst[j] = (uint8_t)(i * 53 + j * 7);
		}
		src[0] &= 0xfe;
		if (!pkt_mac_is_valid_src(src))
			continue;
		arp_build(out, i & 1 ? VXSW_ARP_OP_REPLY : VXSW_ARP_OP_REQUEST, src,
			  pkt_htonl(0x0a000000 + i), dst, pkt_htonl(0x0b000000 + i));
		assert_int_equal(arp_parse(out, ARP_FRAME_LEN, &a), 0);
		assert_memory_equal(a.sha, src, 6);
		assert_memory_equal(out + 6, src, 6);
		assert_int_equal(pkt_ntohl(a.spa), 0x0a000000 + i);
		assert_int_equal(pkt_ntohl(a.tpa), 0x0b000000 + i);
		assert_int_equal(pkt_ntohs(a.oper), i & 1 ? 2 : 1);
		if (i & 1) {
			assert_memory_equal(a.tha, dst, 6);
			assert_memory_equal(out, dst, 6);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_request), cmocka_unit_test(test_build_reply),
		cmocka_unit_test(test_parse),	      cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
