// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_cmd: the text-command parser (control/cmd.c) shared by vxswctl and vxsw-dpdk --config:
 * each command becomes the right request, each bad word gets a message naming it, and batch
 * lines split like a shell would for the quoting we support.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libmnl/libmnl.h>

#include <vxsw/proto.h>

#include "cmd.h"
#include "flowspec.h"
#include "proto.h"

static _Alignas(8) uint8_t buf[4096];
static const struct nlattr *tb[VXSW_A_MAX + 1];
static struct cmd_req req;
static char err[CMD_ERR_MAX];

/* Split and parse text; returns cmd_parse's result. On success tb holds the attributes. */
static int parse_sz(const char *text, size_t size)
{
	char line[512], *argv[CMD_ARGV_MAX];
	struct proto_err perr;
	int argc, ret;

	snprintf(line, sizeof(line), "%s", text);
	argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
	assert_true(argc >= 0);
	err[0] = '\0';
	ret = cmd_parse(argc, argv, buf, size, 77, &req, err, sizeof(err));
	if (ret == 0) {
		/* Whatever the parser builds must pass the protocol's own validation. */
		if (proto_parse(req.nlh, proto_policy, VXSW_A_MAX, tb, &perr) < 0)
			fail_msg("%s: built an invalid request: %s", text, perr.msg);
		assert_int_equal(req.nlh->nlmsg_seq, 77);
		assert_true(req.nlh->nlmsg_flags & NLM_F_REQUEST);
		assert_true(req.nlh->nlmsg_flags & NLM_F_ACK);
		assert_int_equal(proto_msghdr(req.nlh)->cmd, req.cmd);
		assert_int_equal(!!(req.nlh->nlmsg_flags & NLM_F_ROOT), req.dump);
	}
	return ret;
}

static int parse(const char *text)
{
	return parse_sz(text, sizeof(buf));
}

static void ok(const char *text, uint8_t cmd, bool dump)
{
	if (parse(text) != 0)
		fail_msg("%s: %s", text, err);
	assert_int_equal(req.cmd, cmd);
	assert_int_equal(req.dump, dump);
}

static void bad(const char *text, const char *msg)
{
	assert_int_equal(parse(text), -EINVAL);
	assert_string_equal(err, msg);
}

static unsigned int n_attrs(void)
{
	unsigned int n = 0, t;

	for (t = 1; t <= VXSW_A_MAX; t++)
		n += tb[t] != NULL;
	return n;
}

static void test_simple_commands(void **state)
{
	(void)state;
	ok("status", VXSW_CMD_STATUS_GET, false);
	assert_int_equal(req.view, CMD_VIEW_DEFAULT);
	ok("underlay show", VXSW_CMD_STATUS_GET, false);
	assert_int_equal(req.view, CMD_VIEW_UNDERLAY);
	ok("port show", VXSW_CMD_PORT_GET, true);
	ok("port show net_af_packet1", VXSW_CMD_PORT_GET, false);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "net_af_packet1");
	ok("vni show", VXSW_CMD_VNI_GET, true);
	ok("vni show 100", VXSW_CMD_VNI_GET, false);
	ok("flood show", VXSW_CMD_FLOOD_GET, true);
	assert_int_equal(n_attrs(), 0);
	ok("flood show vni 5", VXSW_CMD_FLOOD_GET, true);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 5);
	ok("fdb show", VXSW_CMD_FDB_GET, true);
	ok("fdb show vni 16777215", VXSW_CMD_FDB_GET, true);
	ok("neigh show", VXSW_CMD_NEIGH_GET, true);
	ok("vtep show", VXSW_CMD_VTEP_GET, true);
	ok("stats show", VXSW_CMD_STATS_GET, false);
	ok("stats clear", VXSW_CMD_STATS_CLEAR, false);
}

static void test_config_set(void **state)
{
	(void)state;
	ok("config set ageing 0 fdb-limit 4294967295 vni-mac-limit 1 port-mac-limit 2 "
	   "reserved-bits ignore learn-unknown-vtep on udp-csum verify",
	   VXSW_CMD_CONFIG_SET, false);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_AGEING]), 0);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_LIMIT_FDB]), UINT32_MAX);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_LIMIT_VNI_MACS]), 1);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_LIMIT_PORT_MACS]), 2);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_RESERVED_BITS]), VXSW_RESERVED_IGNORE);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_LEARN_UNKNOWN_VTEP]), 1);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_UDP_CSUM]), VXSW_UDP_CSUM_VERIFY);
	ok("config set reserved-bits drop learn-unknown-vtep off udp-csum ignore",
	   VXSW_CMD_CONFIG_SET, false);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_RESERVED_BITS]), VXSW_RESERVED_DROP);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_LEARN_UNKNOWN_VTEP]), 0);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_UDP_CSUM]), VXSW_UDP_CSUM_IGNORE);

	bad("config set", "config set: nothing to set");
	bad("config set ageing", "config set: \"ageing\" needs SECS");
	bad("config set ageing -1", "invalid ageing \"-1\": expected 0-4294967295");
	bad("config set ageing 4294967296", "invalid ageing \"4294967296\": expected 0-4294967295");
	bad("config set ageing 0x10", "invalid ageing \"0x10\": expected 0-4294967295");
	bad("config set ageing 1 ageing 2", "config set: \"ageing\" given twice");
	bad("config set reserved-bits maybe",
	    "invalid reserved-bits \"maybe\": expected drop|ignore");
	bad("config set learn-unknown-vtep yes",
	    "invalid learn-unknown-vtep \"yes\": expected off|on");
	bad("config set age 5", "config set: unknown argument \"age\"");
}

static void test_underlay_set(void **state)
{
	(void)state;
	ok("underlay set port p0 local 192.0.2.1/24 gateway 192.0.2.254 mtu 1500 dstport 4789 "
	   "srcport 49152 65535 ttl 64",
	   VXSW_CMD_UNDERLAY_SET, false);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "p0");
	assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_LOCAL]), 4);
	assert_memory_equal(mnl_attr_get_payload(tb[VXSW_A_LOCAL]), "\xc0\x00\x02\x01", 4);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]), 24);
	assert_memory_equal(mnl_attr_get_payload(tb[VXSW_A_GATEWAY]), "\xc0\x00\x02\xfe", 4);
	assert_int_equal(mnl_attr_get_u16(tb[VXSW_A_MTU]), 1500);
	assert_int_equal(mnl_attr_get_u16(tb[VXSW_A_DSTPORT]), 4789);
	assert_int_equal(mnl_attr_get_u16(tb[VXSW_A_SPORT_MIN]), 49152);
	assert_int_equal(mnl_attr_get_u16(tb[VXSW_A_SPORT_MAX]), 65535);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_TTL]), 64);

	ok("underlay set local 2001:db8::1/64", VXSW_CMD_UNDERLAY_SET, false);
	assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_LOCAL]), 16);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]), 64);

	bad("underlay set local 192.0.2.1", "invalid local \"192.0.2.1\": expected ADDR/LEN");
	bad("underlay set local 192.0.2.1/33", "invalid local \"192.0.2.1/33\": expected ADDR/LEN");
	bad("underlay set local 192.0.2.1/", "invalid local \"192.0.2.1/\": expected ADDR/LEN");
	bad("underlay set gateway 192.0.2", "invalid address \"192.0.2\": expected an IPv4 or "
					    "IPv6 address");
	bad("underlay set mtu 0", "invalid mtu \"0\": expected 1-65535");
	bad("underlay set dstport 65536", "invalid dstport \"65536\": expected 1-65535");
	bad("underlay set ttl 256", "invalid ttl \"256\": expected 1-255");
	bad("underlay set srcport 5", "underlay set: \"srcport\" needs MIN MAX");
	bad("underlay set srcport 6 5", "invalid srcport range 6 5: MIN exceeds MAX");
	bad("underlay set srcport x 5", "invalid srcport MIN \"x\": expected 1-65535");
	bad("underlay set port", "underlay set: \"port\" needs NAME");
}

static void test_vni_port_flood(void **state)
{
	(void)state;
	ok("vni add 100 mac-limit 50", VXSW_CMD_VNI_NEW, false);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 100);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_LIMIT_MACS]), 50);
	ok("vni del 1", VXSW_CMD_VNI_DEL, false);
	bad("vni add abc", "invalid VNI \"abc\": expected 1-16777215");
	bad("vni add 0", "invalid VNI \"0\": expected 1-16777215");
	bad("vni add 16777216", "invalid VNI \"16777216\": expected 1-16777215");
	bad("vni add", "vni add: missing N");
	bad("vni del 1 2", "vni del: unknown argument \"2\"");

	ok("port set p1 vni 7", VXSW_CMD_PORT_SET, false);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 7);
	ok("port set p1 vni none", VXSW_CMD_PORT_SET, false);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 0);
	bad("port set p1", "port set: missing vni N|none");
	bad("port set p1 vni nothing", "invalid VNI \"nothing\": expected 1-16777215 or none");
	bad("port set vni 5", "port set: missing NAME");
	bad("port set "
	    "a123456789012345678901234567890123456789012345678901234567890123 vni 5",
	    "invalid port name "
	    "\"a123456789012345678901234567890123456789012345678901234567890123\": "
	    "expected 1-63 characters");
	bad("port set '' vni 5", "invalid port name \"\": expected 1-63 characters");

	ok("flood add vni 5 dst 192.0.2.2", VXSW_CMD_FLOOD_NEW, false);
	assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_REMOTE]), 4);
	ok("flood del dst 2001:db8::2 vni 5", VXSW_CMD_FLOOD_DEL, false);
	assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_REMOTE]), 16);
	bad("flood add vni 5", "flood add: missing dst ADDR");
	bad("flood add dst 192.0.2.2", "flood add: missing vni N");
}

static void test_fdb_neigh(void **state)
{
	static const uint8_t mac[6] = {0, 0x11, 0x22, 0x33, 0x44, 0x55};

	(void)state;
	ok("fdb add 00:11:22:33:44:55 vni 100 port net_af_packet1", VXSW_CMD_FDB_NEW, false);
	assert_memory_equal(mnl_attr_get_payload(tb[VXSW_A_MAC]), mac, 6);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "net_af_packet1");
	assert_null(tb[VXSW_A_REMOTE]);
	ok("fdb add 00:11:22:33:44:55 dst 192.0.2.2 vni 100", VXSW_CMD_FDB_NEW, false);
	assert_non_null(tb[VXSW_A_REMOTE]);
	ok("fdb add 00:AA:bb:CC:dd:EE vni 1 dst 192.0.2.2", VXSW_CMD_FDB_NEW, false);
	bad("fdb add 00:11:22:33:44:55 vni 100",
	    "fdb add: give either \"port NAME\" or \"dst ADDR\"");
	bad("fdb add 00:11:22:33:44:55 vni 100 port p1 dst 192.0.2.2",
	    "fdb add: give either \"port NAME\" or \"dst ADDR\"");
	bad("fdb add 0:11:22:33:44:55 vni 1 port p", "invalid MAC address \"0:11:22:33:44:55\": "
						     "expected xx:xx:xx:xx:xx:xx");
	bad("fdb add 00-11-22-33-44-55 vni 1 port p", "invalid MAC address "
						      "\"00-11-22-33-44-55\": expected "
						      "xx:xx:xx:xx:xx:xx");
	bad("fdb add 00:11:22:33:44:5g vni 1 port p", "invalid MAC address "
						      "\"00:11:22:33:44:5g\": expected "
						      "xx:xx:xx:xx:xx:xx");
	bad("fdb add vni 1 port p", "fdb add: missing MAC");
	ok("fdb del 00:11:22:33:44:55 vni 100", VXSW_CMD_FDB_DEL, false);
	ok("fdb flush", VXSW_CMD_FDB_FLUSH, false);
	assert_int_equal(n_attrs(), 0);
	ok("fdb flush vni 3 static", VXSW_CMD_FDB_FLUSH, false);
	assert_non_null(tb[VXSW_A_FDB_STATIC]);
	assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_FDB_STATIC]), 0);

	ok("neigh add 192.0.2.254 lladdr 52:54:00:12:34:56", VXSW_CMD_NEIGH_NEW, false);
	assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_NEIGH_ADDR]), 4);
	ok("neigh del fe80::1", VXSW_CMD_NEIGH_DEL, false);
	bad("neigh add 192.0.2.254", "neigh add: missing lladdr MAC");
	bad("neigh add 300.0.0.1 lladdr 52:54:00:12:34:56",
	    "invalid address \"300.0.0.1\": expected an IPv4 or IPv6 address");
}

static void test_objects_and_verbs(void **state)
{
	(void)state;
	bad("", "missing object: expected one of status, config, underlay, port, vni, flood, fdb, "
		"neigh, vtep, stats, daemon, flow");
	bad("bridge fdb show", "unknown object \"bridge\": expected one of status, config, "
			       "underlay, port, vni, flood, fdb, neigh, vtep, stats, daemon, flow");
	bad("fdb", "fdb: missing command: expected one of add, del, show, flush");
	/* No abbreviations, ever: scripts written today keep their meaning. */
	bad("fdb sh", "unknown command \"sh\" for \"fdb\": expected one of add, del, show, flush");
	bad("stat", "unknown object \"stat\": expected one of status, config, underlay, port, vni, "
		    "flood, fdb, neigh, vtep, stats, daemon, flow");
	bad("status now", "status: unexpected argument \"now\"");
	bad("vtep show 1", "vtep show: unknown argument \"1\"");
}

static void test_small_buffer(void **state)
{
	(void)state;
	assert_int_equal(parse_sz("status", PROTO_HDRLEN - 1), -EMSGSIZE);
	assert_int_equal(parse_sz("fdb add 00:11:22:33:44:55 vni 100 port p1", PROTO_HDRLEN + 12),
			 -EMSGSIZE);
	assert_non_null(strstr(err, "does not fit"));
}

/* ---- cmd_split ---- */

static int split(const char *text, char **argv)
{
	static char line[512];

	snprintf(line, sizeof(line), "%s", text);
	return cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
}

static void test_split(void **state)
{
	char *argv[CMD_ARGV_MAX], *few[2];
	char line[64];

	(void)state;
	assert_int_equal(split("", argv), 0);
	assert_int_equal(split("   \t \n", argv), 0);
	assert_int_equal(split("# a comment", argv), 0);
	assert_int_equal(split("   # indented comment", argv), 0);

	assert_int_equal(split("fdb  show\tvni 5\n", argv), 4);
	assert_string_equal(argv[0], "fdb");
	assert_string_equal(argv[1], "show");
	assert_string_equal(argv[2], "vni");
	assert_string_equal(argv[3], "5");

	assert_int_equal(split("vni add 5 # the tenant", argv), 3);
	assert_string_equal(argv[2], "5");
	assert_int_equal(split("port set a#b vni 1", argv), 5); /* # inside a word is literal */
	assert_string_equal(argv[2], "a#b");

	assert_int_equal(split("port set 'my port' vni 1", argv), 5);
	assert_string_equal(argv[2], "my port");
	assert_int_equal(split("x \"a \\\"b\\\" \\\\c\" y", argv), 3);
	assert_string_equal(argv[1], "a \"b\" \\c");
	assert_string_equal(argv[2], "y");
	assert_int_equal(split("x 'it''s' a\\ b \"\"", argv), 4);
	assert_string_equal(argv[1], "its");
	assert_string_equal(argv[2], "a b");
	assert_string_equal(argv[3], "");
	assert_int_equal(split("x pre'mid'post", argv), 2);
	assert_string_equal(argv[1], "premidpost");

	assert_int_equal(split("x 'open", argv), -EINVAL);
	assert_string_equal(err, "unterminated ' quote");
	assert_int_equal(split("x \"open", argv), -EINVAL);
	assert_string_equal(err, "unterminated \" quote");

	snprintf(line, sizeof(line), "a b c");
	assert_int_equal(cmd_split(line, few, 2, err, sizeof(err)), -E2BIG);
	snprintf(line, sizeof(line), "a b");
	assert_int_equal(cmd_split(line, few, 2, err, sizeof(err)), 2);
}

static void test_usage_lists_every_command(void **state)
{
	static const char *const lines[] = {
		"status\n",	"config set ",	 "underlay set ",  "underlay show\n",
		"port show",	"port set ",	 "vni add ",	   "vni del ",
		"vni show",	"flood add ",	 "flood del ",	   "flood show",
		"fdb add ",	"fdb del ",	 "fdb show",	   "fdb flush",
		"neigh add ",	"neigh del ",	 "neigh show\n",   "vtep show\n",
		"stats show\n", "stats clear\n", "port security ", "flow add ",
		"flow del ",	"flow mod ",	 "flow flush\n",   "flow show | flow dump\n",
		"flow batch ",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (!strstr(cmd_usage, lines[i]))
			fail_msg("usage lacks \"%s\"", lines[i]);
}

static void test_port_security(void **state)
{
	const struct nlattr *a;
	unsigned int n = 0;

	(void)state;
	ok("port security p1 off", VXSW_CMD_PORT_SECURITY_SET, false);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PORT_SECURITY]), 0);
	assert_null(tb[VXSW_A_ALLOWED]);
	ok("port security p1 on", VXSW_CMD_PORT_SECURITY_SET, false);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PORT_SECURITY]), 1);
	ok("port security p1 allow 02:00:00:00:00:01,10.0.0.1 allow 02:00:00:00:00:02",
	   VXSW_CMD_PORT_SECURITY_SET, false);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "p1");
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PORT_SECURITY]), 1);
	mnl_attr_for_each_nested(a, tb[VXSW_A_ALLOWED]) n++;
	assert_int_equal(n, 2);
	bad("port security p1", "port security: expected NAME off, on or allow MAC[,ADDR]...");
	bad("port security p1 allow", "port security: \"allow\" needs MAC[,ADDR]");
	bad("port security p1 permit 02:00:00:00:00:01",
	    "port security: unexpected \"permit\": expected allow MAC[,ADDR]");
	bad("port security p1 allow 02:00:00:00:00",
	    "invalid allowed source \"02:00:00:00:00\": expected xx:xx:xx:xx:xx:xx[,ADDR]");
	bad("port security p1 allow 02:00:00:00:00:01,2001:db8::1",
	    "invalid allowed source \"02:00:00:00:00:01,2001:db8::1\": the address must be IPv4");
}

/* The one rule of the last flow request, read back as a receiver would. */
static void flow_of_req(struct flow_spec *f)
{
	const struct nlattr *a;
	struct proto_err perr;
	unsigned int n = 0;

	assert_non_null(tb[VXSW_A_FLOWS]);
	mnl_attr_for_each_nested(a, tb[VXSW_A_FLOWS])
	{
		if (flow_spec_get(a, true, f, &perr) < 0)
			fail_msg("flow does not validate: %s", perr.msg);
		n++;
	}
	assert_int_equal(n, 1);
}

/* Text -> request -> attributes -> text gives back the same words. */
static void flow_round_trip(const char *text, const char *want)
{
	char line[512], out[512];
	struct flow_spec f;

	snprintf(line, sizeof(line), "flow add %s", text);
	ok(line, VXSW_CMD_FLOW_BATCH, false);
	flow_of_req(&f);
	assert_int_equal(f.op, VXSW_FLOW_OP_ADD);
	flow_spec_format(&f, false, out, sizeof(out));
	assert_string_equal(out, want ? want : text);
}

static void test_flow_text(void **state)
{
	struct flow_spec f;

	(void)state;
	flow_round_trip("priority 10 in_port p1 ip_proto tcp dst_port 22 action drop", NULL);
	flow_round_trip("priority 5 vni 100 src_mac 02:00:00:00:00:00/ff:00:00:00:00:00 dst_ip "
			"10.1.0.0/16 action encap 192.0.2.9 vni 200",
			NULL);
	flow_round_trip("id 7 priority 0 eth_type arp action flood", NULL);
	flow_round_trip("priority 1 src_ip 2001:db8::/32 ip_proto udp src_port 1024/0xfc00 "
			"action output p2",
			NULL);
	/* A host address prints without /32; a non-prefix mask as an address. */
	flow_round_trip("priority 2 dst_ip 10.0.0.1/32 action count",
			"priority 2 dst_ip 10.0.0.1 action count");
	flow_round_trip("priority 2 dst_ip 10.0.0.1/255.0.255.0 action normal",
			"priority 2 dst_ip 10.0.0.0/255.0.255.0 action normal");
	flow_round_trip("priority 3 ip_version none action drop", NULL);
	flow_round_trip("action drop", "priority 0 action drop");

	/* The address family is part of the match. */
	ok("flow add dst_ip 10.0.0.0/8 action drop", VXSW_CMD_FLOW_BATCH, false);
	flow_of_req(&f);
	assert_int_equal(f.value.f.ip_version, 4);
	assert_int_equal(f.mask.f.ip_version, 0xff);

	ok("flow del 12", VXSW_CMD_FLOW_BATCH, false);
	flow_of_req(&f);
	assert_int_equal(f.op, VXSW_FLOW_OP_DEL);
	assert_int_equal(f.id, 12);
	ok("flow del priority 5 dst_ip 10.0.0.0/8", VXSW_CMD_FLOW_BATCH, false);
	flow_of_req(&f);
	assert_true(f.has_match);
	ok("flow mod 3 action output p1", VXSW_CMD_FLOW_BATCH, false);
	flow_of_req(&f);
	assert_int_equal(f.op, VXSW_FLOW_OP_MOD);
	assert_int_equal(f.action, VXSW_FLOW_ACT_OUTPUT);
	ok("flow flush", VXSW_CMD_FLOW_BATCH, false);
	ok("flow show", VXSW_CMD_FLOW_GET, true);
	ok("flow dump", VXSW_CMD_FLOW_GET, true);

	bad("flow add priority 1", "flow add: missing action");
	bad("flow add dst_port 22 action drop", "flow add: dst_port needs ip_proto tcp or udp");
	bad("flow add ip_proto icmp dst_port 22 action drop",
	    "flow add: dst_port needs ip_proto tcp or udp");
	bad("flow add dst_ip 10.0.0.0/33 action drop",
	    "invalid dst_ip \"10.0.0.0/33\": prefix length must be 0-32");
	bad("flow add src_ip 10.0.0.0/8 dst_ip 2001:db8::1 action drop",
	    "invalid dst_ip \"2001:db8::1\": the rule already matches IPv4");
	bad("flow add src_ip 10.0.0.1 ip_version 6 action drop",
	    "invalid ip_version \"6\": the addresses are IPv4");
	bad("flow add ip_proto tcp dst_port http action drop",
	    "invalid dst_port \"http\": expected 0-65535[/MASK]");
	bad("flow add src_mac 02:00:00:00:00 action drop",
	    "invalid src_mac \"02:00:00:00:00\": expected xx:xx:xx:xx:xx:xx[/MASK]");
	bad("flow add eth_type 0x0100 action drop",
	    "invalid eth_type \"0x0100\": expected ipv4, ipv6, arp or 0x0600-0xffff");
	bad("flow add vni 0 action drop", "invalid vni \"0\": expected 1-16777215");
	bad("flow add action jump", "invalid action \"jump\": expected normal, drop, count, "
				    "flood, output PORT or encap ADDR [vni N]");
	bad("flow add action drop priority 3",
	    "flow add: unexpected \"priority\" after the action (the action comes last)");
	bad("flow add action output", "action output: missing PORT");
	bad("flow add action encap 192.0.2.1 vni 0",
	    "invalid encap vni \"0\": expected 1-16777215");
	bad("flow add priority 1 priority 2 action drop", "flow add: \"priority\" given twice");
	bad("flow add colour red action drop",
	    "flow add: unknown argument \"colour\": expected id, priority, in_port, vni, src_mac, "
	    "dst_mac, eth_type, ip_version, src_ip, dst_ip, ip_proto, src_port, dst_port or "
	    "action");
	bad("flow del", "flow del: give an ID, or the priority and match of the rule");
	bad("flow del 3 priority 2", "flow del: give an ID or a match, not both");
	bad("flow del 3 action drop", "flow del: no action allowed");
	bad("flow mod 3", "flow mod: missing action");
	bad("flow mod 3 priority 1 action drop",
	    "flow mod: only the action changes: delete and add the rule to change its match or "
	    "priority");
	bad("flow mod action drop", "flow mod: missing ID");
	bad("flow flush now", "flow flush: unexpected argument \"now\"");
	bad("flow add id 0 action drop", "invalid id \"0\": expected 1-4294967295");
}

/* The receiver's checks, on attributes cmd.c would never build. */
static void test_flow_attrs_refused(void **state)
{
	_Alignas(8) uint8_t b[512];
	struct nlmsghdr *nlh;
	struct nlattr *nest, *m;
	struct flow_spec f;
	struct proto_err perr;
	uint8_t vm[4] = {0x0f, 0x00, 0x0e, 0x00}; /* eth_type value 0x0f00, mask 0x0e00 */

	(void)state;
	nlh = proto_msg_start(b, sizeof(b), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST, 1);
	nest = mnl_attr_nest_start(nlh, VXSW_A_FLOW);
	mnl_attr_put_u8(nlh, VXSW_FLOW_A_ACTION, VXSW_FLOW_ACT_DROP);
	m = mnl_attr_nest_start(nlh, VXSW_FLOW_A_MATCH);
	mnl_attr_put(nlh, VXSW_FLOW_F_ETHERTYPE, 4, vm);
	mnl_attr_nest_end(nlh, m);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(flow_spec_get(nest, true, &f, &perr), -EINVAL);
	assert_string_equal(perr.msg, "eth_type: the value has bits outside the mask");

	nlh = proto_msg_start(b, sizeof(b), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST, 1);
	nest = mnl_attr_nest_start(nlh, VXSW_A_FLOW);
	mnl_attr_put_u8(nlh, VXSW_FLOW_A_ACTION, VXSW_FLOW_ACT_DROP);
	mnl_attr_put_strz(nlh, VXSW_FLOW_A_OUT_PORT, "p1");
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(flow_spec_get(nest, true, &f, &perr), -EINVAL);
	assert_string_equal(perr.msg, "an output port goes only with action output");

	/* A prefix without the address family it belongs to. */
	nlh = proto_msg_start(b, sizeof(b), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST, 1);
	nest = mnl_attr_nest_start(nlh, VXSW_A_FLOW);
	mnl_attr_put_u8(nlh, VXSW_FLOW_A_ACTION, VXSW_FLOW_ACT_DROP);
	m = mnl_attr_nest_start(nlh, VXSW_FLOW_A_MATCH);
	{
		uint8_t ip[32] = {10, 0, 0, 0};

		memset(ip + 16, 0xff, 1);
		mnl_attr_put(nlh, VXSW_FLOW_F_IP_DST, 32, ip);
	}
	mnl_attr_nest_end(nlh, m);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(flow_spec_get(nest, true, &f, &perr), -EINVAL);
	assert_string_equal(perr.msg, "src_ip/dst_ip: the rule must also match ip_version 4 or 6");

	/* Counters are read only. */
	nlh = proto_msg_start(b, sizeof(b), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST, 1);
	nest = mnl_attr_nest_start(nlh, VXSW_A_FLOW);
	mnl_attr_put_u8(nlh, VXSW_FLOW_A_ACTION, VXSW_FLOW_ACT_DROP);
	mnl_attr_put_u64(nlh, VXSW_FLOW_A_PACKETS, 5);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(flow_spec_get(nest, true, &f, &perr), -EINVAL);
	assert_string_equal(perr.msg, "counters cannot be set");
}

/* A batch file: one request, every line one rule; an error names the line. */
static void test_flow_batch_file(void **state)
{
	char path[] = "/tmp/vxsw-test-flows-XXXXXX", text[160];
	const char *file;
	struct flow_spec f;
	const struct nlattr *a;
	unsigned int n = 0;
	FILE *fp;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("# ACL for tenant a\n"
	      "add priority 10 ip_proto tcp dst_port 22 action drop\n"
	      "\n"
	      "flow add priority 1 action normal   # the rest\n"
	      "del 4\n",
	      fp);
	fclose(fp);
	snprintf(text, sizeof(text), "flow batch %s", path);
	ok(text, VXSW_CMD_FLOW_BATCH, false);
	mnl_attr_for_each_nested(a, tb[VXSW_A_FLOWS])
	{
		struct proto_err perr;

		assert_int_equal(flow_spec_get(a, true, &f, &perr), 0);
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(cmd_flow_line(0, &file), 2);
	assert_int_equal(cmd_flow_line(1, &file), 4);
	assert_int_equal(cmd_flow_line(2, &file), 5);
	assert_string_equal(file, path);

	fp = fopen(path, "w");
	fputs("add priority 10 action drop\nadd priority 1 src_port 80 action drop\n", fp);
	fclose(fp);
	assert_int_equal(parse(text), -EINVAL);
	snprintf(text, sizeof(text), "%s:2: flow add: src_port needs ip_proto tcp or udp", path);
	assert_string_equal(err, text);
	unlink(path);
	snprintf(text, sizeof(text), "flow batch %s", path);
	assert_int_equal(parse(text), -EINVAL);
	assert_non_null(strstr(err, "cannot open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_commands),
		cmocka_unit_test(test_config_set),
		cmocka_unit_test(test_underlay_set),
		cmocka_unit_test(test_vni_port_flood),
		cmocka_unit_test(test_fdb_neigh),
		cmocka_unit_test(test_objects_and_verbs),
		cmocka_unit_test(test_small_buffer),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_usage_lists_every_command),
		cmocka_unit_test(test_flow_text),
		cmocka_unit_test(test_port_security),
		cmocka_unit_test(test_flow_attrs_refused),
		cmocka_unit_test(test_flow_batch_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
