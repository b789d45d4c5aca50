// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_ctl: vxsw-dpdk's control server (dataplane/dpdk/ctl.c) over the fake model: every
 * command end to end, every class of malformed request (answered with the right errno and
 * extended ack, changing nothing), dumps over a real socket, and --config files.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <libmnl/libmnl.h>

#include <vxsw/drop.h>
#include <vxsw/proto.h>

#include "cmd.h"
#include "dpdk/ctl.h"
#include "fake_model.h"
#include "flowspec.h"
#include "proto.h"

/* Every answer message of the last request, back to back. */
static struct {
	_Alignas(8) uint8_t buf[1 << 20];
	size_t len;
	unsigned int n;
} cap;

static _Alignas(8) uint8_t reqbuf[VXSW_MSG_MAX + 256];

static int cap_reply(const struct nlmsghdr *m, void *arg)
{
	(void)arg;
	assert_true(m->nlmsg_len >= MNL_NLMSG_HDRLEN);
	assert_true(cap.len + MNL_ALIGN(m->nlmsg_len) <= sizeof(cap.buf));
	memcpy(cap.buf + cap.len, m, m->nlmsg_len);
	cap.len += MNL_ALIGN(m->nlmsg_len);
	cap.n++;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	fake_model_reset();
	return 0;
}

/* Parse a text command into reqbuf. */
static struct nlmsghdr *build(const char *text)
{
	char line[512], *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	struct cmd_req req;
	int argc;

	snprintf(line, sizeof(line), "%s", text);
	argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
	assert_true(argc > 0);
	if (cmd_parse(argc, argv, reqbuf, sizeof(reqbuf), 7, &req, err, sizeof(err)) < 0)
		fail_msg("%s: %s", text, err);
	return req.nlh;
}

static int run_len(const void *req, size_t len)
{
	cap.len = 0;
	cap.n = 0;
	return ctl_input(req, len, cap_reply, NULL);
}

static int run(const struct nlmsghdr *req)
{
	return run_len(req, req->nlmsg_len);
}

static int run_text(const char *text)
{
	return run(build(text));
}

static const struct nlmsghdr *msg_at(unsigned int i)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)cap.buf;
	int rem = (int)cap.len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
		if (i-- == 0)
			return nlh;
	fail_msg("no answer message %u", i);
	return NULL;
}

static const struct nlmsghdr *last_msg(void)
{
	assert_true(cap.n > 0);
	return msg_at(cap.n - 1);
}

/* The request failed with err; the single answer says so, naming attr or miss (0 = none). */
static void expect_error(const struct nlmsghdr *req, int ret, int err, unsigned int attr,
			 unsigned int miss, const char *text)
{
	struct proto_ack ack;

	assert_int_equal(ret, err);
	assert_int_equal(cap.n, 1);
	assert_int_equal(last_msg()->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(proto_ack_parse(last_msg(), req, &ack), 0);
	assert_int_equal(ack.error, err);
	if (attr) {
		assert_true(ack.has_offs);
		assert_int_equal(ack.bad_type, attr);
	}
	if (miss) {
		assert_true(ack.has_miss_type);
		assert_int_equal(ack.miss_type, miss);
	}
	if (text && !strstr(ack.msg, text))
		fail_msg("message \"%s\" lacks \"%s\"", ack.msg, text);
}

static void expect_ack(int ret)
{
	struct proto_ack ack;

	assert_int_equal(ret, 0);
	assert_int_equal(last_msg()->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(proto_ack_parse(last_msg(), NULL, &ack), 0);
	assert_int_equal(ack.error, 0);
	/* An ACK echoes only the request header, like the kernel's. */
	assert_true(last_msg()->nlmsg_flags & NLM_F_CAPPED);
}

static void parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	struct proto_err err;

	assert_int_equal(nlh->nlmsg_type, VXSW_MSG_TYPE);
	if (proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err) < 0)
		fail_msg("answer does not validate: %s", err.msg);
}

/* Append one raw attribute to a request (for requests cmd.c would never build). */
static void put_raw(struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len)
{
	mnl_attr_put(nlh, type, len, data);
}

static struct nlmsghdr *start(uint8_t cmd, uint16_t flags)
{
	return proto_msg_start(reqbuf, sizeof(reqbuf), cmd, NLM_F_REQUEST | NLM_F_ACK | flags, 9);
}

/* ---- commands ---- */

/* Port security: the list replaces the port's, the underlay is refused, port show gives it back. */
static void test_port_security(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1], *a;
	struct nlmsghdr *nlh;
	unsigned int n = 0, changes;

	(void)state;
	expect_ack(run_text("port security p1 allow 02:00:00:00:00:01,10.0.0.1 allow "
			    "02:00:00:00:00:02"));
	assert_true(fake.ports[1].sec.on);
	assert_int_equal(fake.ports[1].sec.n, 2);
	assert_true(fake.ports[1].sec.a[0].has_ip);
	assert_false(fake.ports[1].sec.a[1].has_ip);
	assert_int_equal(run_text("port show p1"), 0);
	parse_msg(msg_at(0), tb);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PORT_SECURITY]), 1);
	mnl_attr_for_each_nested(a, tb[VXSW_A_ALLOWED]) n++;
	assert_int_equal(n, 2);

	changes = fake.changes;
	nlh = build("port security p0 on");
	expect_error(nlh, run(nlh), -EBUSY, VXSW_A_PORT_NAME, 0, "underlay");
	nlh = build("port security nope off");
	expect_error(nlh, run(nlh), -ENODEV, VXSW_A_PORT_NAME, 0, "no such port");
	/* Allowed sources with security off make no sense. */
	nlh = start(VXSW_CMD_PORT_SECURITY_SET, 0);
	mnl_attr_put_strz(nlh, VXSW_A_PORT_NAME, "p1");
	mnl_attr_put_u8(nlh, VXSW_A_PORT_SECURITY, 0);
	a = (const struct nlattr *)mnl_attr_nest_start(nlh, VXSW_A_ALLOWED);
	mnl_attr_nest_end(nlh, (struct nlattr *)a);
	expect_error(nlh, run(nlh), -EINVAL, VXSW_A_ALLOWED, 0, "security on");
	assert_int_equal(fake.changes, changes);
	assert_int_equal(fake.ports[1].sec.n, 2);
}

/* A batch is all or nothing: the bad rule is named, by number, field and attribute offset. */
static void test_flow_batch(void **state)
{
	_Alignas(8) uint8_t req[4096];
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct nlmsghdr *nlh;
	struct nlattr *list;
	struct flow_spec f;
	struct proto_ack ack;
	struct proto_err perr;
	uint32_t ids[3];
	unsigned int changes, i;
	static const char *const rules[3] = {
		"add priority 10 ip_proto tcp dst_port 22 action drop",
		"add priority 1 action normal",
		"add in_port nope action drop",
	};

	(void)state;
	expect_ack(run_text("flow add priority 3 in_port p1 action output p2"));
	changes = fake.changes;

	nlh = proto_msg_start(req, sizeof(req), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST | NLM_F_ACK, 5);
	list = mnl_attr_nest_start(nlh, VXSW_A_FLOWS);
	for (i = 0; i < 3; i++) {
		char line[128], *argv[CMD_ARGV_MAX], errbuf[CMD_ERR_MAX];
		int argc;

		snprintf(line, sizeof(line), "%s", rules[i]);
		argc = cmd_split(line, argv, CMD_ARGV_MAX, errbuf, sizeof(errbuf));
		assert_int_equal(flow_spec_parse(argc, argv, &f, errbuf, sizeof(errbuf)), 0);
		assert_true(flow_spec_put(nlh, sizeof(req), VXSW_A_FLOW, &f));
	}
	mnl_attr_nest_end(nlh, list);
	assert_int_equal(run(nlh), -ENOENT);
	assert_int_equal(cap.n, 1);
	assert_int_equal(proto_ack_parse(last_msg(), nlh, &ack), 0);
	assert_string_equal(ack.msg, "rule 3: in_port: no such port");
	assert_true(ack.has_offs);
	assert_int_equal(ack.bad_type, VXSW_A_FLOW);
	/* The offset is the third rule's. */
	{
		const struct nlattr *a;
		uint32_t k = 0, off = 0;

		mnl_attr_for_each_nested(a, list)
		{
			if (k++ == 2)
				off = (uint32_t)((const char *)a - (const char *)nlh);
		}
		assert_int_equal(ack.offs, off);
	}
	/* Nothing of the batch was applied. */
	assert_int_equal(fake.changes, changes);
	assert_int_equal(model_flow_count(), 1);

	/* Without the bad rule it applies: two IDs back, after the first rule's. */
	expect_ack(run_text("flow add priority 10 ip_proto tcp dst_port 22 action drop"));
	assert_int_equal(cap.n, 2);
	parse_msg(msg_at(0), tb);
	assert_non_null(tb[VXSW_A_FLOW_IDS]);
	memcpy(ids, mnl_attr_get_payload(tb[VXSW_A_FLOW_IDS]), 4);
	assert_int_equal(ids[0], 2);
	assert_int_equal(model_flow_count(), 2);

	/* The dump gives every rule back with its counters. */
	assert_int_equal(run_text("flow show"), 0);
	assert_int_equal(cap.n, 3);
	parse_msg(msg_at(1), tb);
	assert_int_equal(flow_spec_get(tb[VXSW_A_FLOW], false, &f, &perr), 0);
	assert_int_equal(f.id, 2);
	assert_true(f.has_counters);

	/* An empty batch, an unknown ID, a MOD that would change the match. */
	nlh = start(VXSW_CMD_FLOW_BATCH, 0);
	list = mnl_attr_nest_start(nlh, VXSW_A_FLOWS);
	mnl_attr_nest_end(nlh, list);
	expect_error(nlh, run(nlh), -EINVAL, VXSW_A_FLOWS, 0, "no change in it");
	nlh = build("flow del 99");
	expect_error(nlh, run(nlh), -ENOENT, VXSW_A_FLOW, 0, "rule 1: id: no rule with this ID");
	assert_int_equal(model_flow_count(), 2);
	expect_ack(run_text("flow flush"));
	assert_int_equal(model_flow_count(), 0);
}

static void test_vni_lifecycle(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];

	(void)state;
	expect_ack(run_text("vni add 100 mac-limit 10"));
	assert_int_equal(fake.changes, 1);

	assert_int_equal(run_text("vni show 100"), 0);
	assert_int_equal(cap.n, 2);
	parse_msg(msg_at(0), tb);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 100);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_LIMIT_MACS]), 10);
	assert_non_null(tb[VXSW_A_STATS]);
	expect_ack(0);

	expect_ack(run_text("vni add 200"));
	assert_int_equal(run_text("vni show"), 0);
	assert_int_equal(cap.n, 3);
	assert_true(msg_at(0)->nlmsg_flags & NLM_F_MULTI);
	assert_int_equal(msg_at(2)->nlmsg_type, NLMSG_DONE);

	expect_ack(run_text("vni del 100"));
	assert_int_equal(fake.changes, 3);
	{
		const struct nlmsghdr *req = build("vni del 100");

		expect_error(req, run(req), -ENOENT, VXSW_A_VNI, 0, "no such VNI");
	}
	assert_int_equal(fake.changes, 3);
}

static void test_port_set_and_show(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	const struct nlmsghdr *req;

	(void)state;
	expect_ack(run_text("vni add 5"));
	expect_ack(run_text("port set p1 vni 5"));
	assert_int_equal(fake.ports[1].role, VXSW_PORT_ACCESS);
	assert_int_equal(run_text("port show p1"), 0);
	parse_msg(msg_at(0), tb);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "p1");
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 5);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PORT_ROLE]), VXSW_PORT_ACCESS);
	expect_ack(run_text("port set p1 vni none"));
	assert_int_equal(fake.ports[1].role, VXSW_PORT_UNBOUND);

	assert_int_equal(run_text("port show"), 0);
	assert_int_equal(cap.n, FAKE_PORTS + 1);

	req = build("port set p0 vni 5");
	expect_error(req, run(req), -EBUSY, VXSW_A_PORT_NAME, 0, "underlay");
	req = build("port show nosuch");
	expect_error(req, run(req), -ENODEV, VXSW_A_PORT_NAME, 0, "no such port");
}

static void test_fdb_commands(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	unsigned int i, n_static = 0;

	(void)state;
	expect_ack(run_text("vni add 100"));
	expect_ack(run_text("fdb add 00:11:22:33:44:55 vni 100 port p1"));
	expect_ack(run_text("fdb add 00:11:22:33:44:66 vni 100 dst 192.0.2.2"));
	fake.fdb[1].info.is_static = false; /* pretend it was learned */
	fake.fdb[1].info.age = 12;

	assert_int_equal(run_text("fdb show vni 100"), 0);
	assert_int_equal(cap.n, 3);
	for (i = 0; i < 2; i++) {
		parse_msg(msg_at(i), tb);
		assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 100);
		assert_non_null(tb[VXSW_A_MAC]);
		if (tb[VXSW_A_FDB_STATIC]) {
			n_static++;
			assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "p1");
			assert_null(tb[VXSW_A_AGE]);
		} else {
			assert_int_equal(mnl_attr_get_payload_len(tb[VXSW_A_REMOTE]), 4);
			assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_AGE]), 12);
		}
	}
	assert_int_equal(n_static, 1);
	assert_int_equal(msg_at(2)->nlmsg_type, NLMSG_DONE);

	/* flush without "static" leaves the static entry and reports the count. */
	assert_int_equal(run_text("fdb flush vni 100"), 0);
	parse_msg(msg_at(0), tb);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_COUNT]), 1);
	expect_ack(0);
	expect_ack(run_text("fdb del 00:11:22:33:44:55 vni 100"));
	assert_false(fake.fdb[0].used);
}

static void test_flood_neigh_vtep(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	const struct nlmsghdr *req;

	(void)state;
	expect_ack(run_text("vni add 7"));
	expect_ack(run_text("flood add vni 7 dst 192.0.2.9"));
	expect_ack(run_text("neigh add 192.0.2.9 lladdr 02:00:00:00:00:09"));
	assert_int_equal(run_text("flood show vni 7"), 0);
	assert_int_equal(cap.n, 2);
	assert_int_equal(run_text("vtep show"), 0);
	parse_msg(msg_at(0), tb);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_NEIGH_STATE]), VXSW_NEIGH_REACHABLE);
	assert_non_null(tb[VXSW_A_MAC]);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_N_VNIS]), 1);
	assert_int_equal(run_text("neigh show"), 0);
	parse_msg(msg_at(0), tb);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_NEIGH_STATE]), VXSW_NEIGH_PERMANENT);

	/* IPv6 parses and travels as 16 bytes; the dataplane refuses it by name. */
	req = build("flood add vni 7 dst 2001:db8::1");
	expect_error(req, run(req), -EAFNOSUPPORT, VXSW_A_REMOTE, 0, "IPv6");
	expect_ack(run_text("flood del vni 7 dst 192.0.2.9"));
	expect_ack(run_text("neigh del 192.0.2.9"));
}

static void test_status_config_underlay(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	const struct nlmsghdr *req;

	(void)state;
	expect_ack(run_text("config set ageing 60 reserved-bits ignore learn-unknown-vtep on "
			    "udp-csum verify fdb-limit 100 vni-mac-limit 5 port-mac-limit 6"));
	assert_int_equal(fake.config.ageing, 60);
	assert_int_equal(fake.config.reserved_bits, VXSW_RESERVED_IGNORE);
	assert_true(fake.config.learn_unknown_vtep);
	assert_int_equal(fake.config.udp_csum, VXSW_UDP_CSUM_VERIFY);
	expect_ack(run_text("underlay set port p0 local 192.0.2.1/24 gateway 192.0.2.254 mtu 1500 "
			    "dstport 4790 srcport 1000 2000 ttl 9"));
	assert_int_equal(fake.underlay.prefixlen, 24);
	assert_int_equal(fake.underlay.sport_max, 2000);

	assert_int_equal(run_text("status"), 0);
	parse_msg(msg_at(0), tb);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_VERSION]), "test");
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_AGEING]), 60);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]), 24);
	assert_int_equal(mnl_attr_get_u16(tb[VXSW_A_DSTPORT]), 4790);
	assert_non_null(tb[VXSW_A_LEARN_REFUSED]);

	req = build("config set ageing 2000000");
	expect_error(req, run(req), -ERANGE, VXSW_A_AGEING, 0, "ageing");
	req = build("underlay set mtu 100");
	expect_error(req, run(req), -ERANGE, VXSW_A_MTU, 0, "MTU");
}

static void test_stats(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1], *d, *a;
	unsigned int n = 0;
	bool found = false;

	(void)state;
	fake.stats.c.rx_packets = 11;
	fake.stats.drops[VXSW_DROP_VXLAN_UNKNOWN_VNI] = 5;
	fake.stats.n_lcores = 2;
	fake.stats.lcores[1].lcore_id = 3;
	fake.stats.lcores[1].busy_cycles = 1000;
	fake.stats.lcores[1].busy_packets = 10;
	assert_int_equal(run_text("stats show"), 0);
	parse_msg(msg_at(0), tb);
	mnl_attr_for_each_nested(d, tb[VXSW_A_DROPS])
	{
		const char *name = NULL;
		uint64_t count = 0;

		n++;
		mnl_attr_for_each_nested(a, d)
		{
			if (mnl_attr_get_type(a) == VXSW_A_DROP_NAME)
				name = mnl_attr_get_str(a);
			if (mnl_attr_get_type(a) == VXSW_A_DROP_COUNT)
				count = mnl_attr_get_u64(a);
		}
		if (name && !strcmp(name, "vxlan_unknown_vni")) {
			found = true;
			assert_int_equal(count, 5);
		}
	}
	assert_int_equal(n, VXSW_DROP_MAX);
	assert_true(found);
	n = 0;
	mnl_attr_for_each_nested(d, tb[VXSW_A_LCORES]) n++;
	assert_int_equal(n, 2);

	expect_ack(run_text("stats clear"));
	assert_int_equal(fake.stats_cleared, 1);
}

/* ---- malformed requests ---- */

/* A prefix of a request, as received or with nlmsg_len claiming just that much. */
static void test_truncated_every_length(void **state)
{
	static _Alignas(8) uint8_t copy[1024];
	const struct nlmsghdr *req;
	size_t len, n;

	(void)state;
	expect_ack(run_text("vni add 100"));
	/* No attribute padding at the end, so that no prefix is a whole request. */
	req = build("fdb add 00:11:22:33:44:55 vni 100 dst 192.0.2.2");
	len = req->nlmsg_len;
	assert_true(len < sizeof(copy));
	for (n = 0; n < len; n++) {
		unsigned int before = fake.changes;
		struct proto_ack ack;
		int ret;

		memcpy(copy, req, len);
		ret = run_len(copy, n);
		assert_true(ret < 0);
		assert_int_equal(cap.n, 1);
		assert_int_equal(last_msg()->nlmsg_type, NLMSG_ERROR);
		assert_int_equal(proto_ack_parse(last_msg(), NULL, &ack), 0);
		assert_int_equal(ack.error, ret);
		assert_int_equal(fake.changes, before);

		if (n < MNL_NLMSG_HDRLEN)
			continue;
		((struct nlmsghdr *)copy)->nlmsg_len = (uint32_t)n;
		ret = run_len(copy, n);
		assert_true(ret < 0);
		assert_int_equal(cap.n, 1);
		assert_int_equal(fake.changes, before);
	}
	expect_ack(run_len(req, len));
}

static void test_bad_nla_len(void **state)
{
	static const uint16_t lens[] = {0, 1, 3, 9, 200, 0xffff};
	struct nlmsghdr *req;
	struct nlattr *vni;
	size_t i;

	(void)state;
	expect_ack(run_text("vni add 1"));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		unsigned int before = fake.changes;

		req = build("vni del 1");
		vni = (struct nlattr *)((char *)req + PROTO_HDRLEN);
		vni->nla_len = lens[i];
		/* 9 fits the message only if it were longer: all of these are malformed. */
		expect_error(req, run(req), -EINVAL, 0, 0, NULL);
		assert_int_equal(fake.changes, before);
	}
	assert_true(fake.vni_used[0]);
}

static void test_unknown_attr_type(void **state)
{
	static const uint16_t types[] = {VXSW_A_MAX + 1, 200, 0x3fff, 0xffff, 0};
	uint32_t v = 1;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct nlmsghdr *req = start(VXSW_CMD_VNI_NEW, 0);
		struct proto_ack ack;
		uint32_t offs;

		put_raw(req, VXSW_A_VNI, &v, 4);
		offs = req->nlmsg_len;
		put_raw(req, types[i], &v, 4);
		expect_error(req, run(req), -EINVAL, 0, 0, "unknown attribute type");
		proto_ack_parse(last_msg(), req, &ack);
		assert_true(ack.has_offs);
		assert_int_equal(ack.offs, offs);
		assert_int_equal(fake.changes, 0);
	}
}

static void test_wrong_lengths(void **state)
{
	static const uint8_t mac[8] = {0};
	static const char name[] = "p1";
	uint32_t v = 100;
	struct nlmsghdr *req;

	(void)state;
	expect_ack(run_text("vni add 100"));

	req = start(VXSW_CMD_VNI_DEL, 0); /* u32 given 2 bytes */
	put_raw(req, VXSW_A_VNI, &v, 2);
	expect_error(req, run(req), -EINVAL, VXSW_A_VNI, 0, "length");

	req = start(VXSW_CMD_FDB_NEW, 0); /* MAC of 5 bytes */
	put_raw(req, VXSW_A_VNI, &v, 4);
	put_raw(req, VXSW_A_MAC, mac, 5);
	put_raw(req, VXSW_A_PORT_NAME, name, sizeof(name));
	expect_error(req, run(req), -EINVAL, VXSW_A_MAC, 0, "length 5, expected 6");

	req = start(VXSW_CMD_FLOOD_NEW, 0); /* an address of 5 bytes */
	put_raw(req, VXSW_A_VNI, &v, 4);
	put_raw(req, VXSW_A_REMOTE, mac, 5);
	expect_error(req, run(req), -EINVAL, VXSW_A_REMOTE, 0, "4 (IPv4) or 16 (IPv6)");

	req = start(VXSW_CMD_FDB_FLUSH, 0); /* a flag with payload */
	put_raw(req, VXSW_A_FDB_STATIC, &v, 4);
	expect_error(req, run(req), -EINVAL, VXSW_A_FDB_STATIC, 0, "flag");

	req = start(VXSW_CMD_CONFIG_SET, 0); /* u8 out of its enum */
	v = 7;
	put_raw(req, VXSW_A_RESERVED_BITS, &v, 1);
	expect_error(req, run(req), -ERANGE, VXSW_A_RESERVED_BITS, 0, "out of range");

	req = start(VXSW_CMD_VNI_DEL, 0); /* VNI beyond 24 bits */
	v = 0x1000000;
	put_raw(req, VXSW_A_VNI, &v, 4);
	expect_error(req, run(req), -ERANGE, VXSW_A_VNI, 0, NULL);

	req = start(VXSW_CMD_VNI_DEL, 0); /* VNI 0 */
	v = 0;
	put_raw(req, VXSW_A_VNI, &v, 4);
	expect_error(req, run(req), -ERANGE, VXSW_A_VNI, 0, "VNI must be");
	assert_int_equal(fake.changes, 1);
}

static void test_missing_attrs(void **state)
{
	static const uint8_t mac[6] = {0, 1, 2, 3, 4, 5}, addr[4] = {192, 0, 2, 1};
	uint32_t v = 100;
	struct nlmsghdr *req;

	(void)state;
	expect_ack(run_text("vni add 100"));
	req = start(VXSW_CMD_VNI_NEW, 0);
	expect_error(req, run(req), -EINVAL, 0, VXSW_A_VNI, "missing attribute vni");

	req = start(VXSW_CMD_FDB_NEW, 0);
	put_raw(req, VXSW_A_VNI, &v, 4);
	put_raw(req, VXSW_A_MAC, mac, 6);
	expect_error(req, run(req), -EINVAL, 0, VXSW_A_REMOTE, "port or a remote");

	req = start(VXSW_CMD_UNDERLAY_SET, 0);
	put_raw(req, VXSW_A_LOCAL, addr, 4);
	expect_error(req, run(req), -EINVAL, VXSW_A_LOCAL, VXSW_A_PREFIXLEN, NULL);

	req = start(VXSW_CMD_UNDERLAY_SET, 0);
	put_raw(req, VXSW_A_SPORT_MAX, &v, 2);
	expect_error(req, run(req), -EINVAL, VXSW_A_SPORT_MAX, VXSW_A_SPORT_MIN, NULL);
	assert_int_equal(fake.changes, 1);
}

static void test_string_without_nul(void **state)
{
	static const char name[] = "p1xx";
	uint32_t v = 100;
	char longname[VXSW_NAME_MAX + 8];
	struct nlmsghdr *req;

	(void)state;
	expect_ack(run_text("vni add 100"));
	req = start(VXSW_CMD_PORT_SET, 0);
	put_raw(req, VXSW_A_PORT_NAME, name, 2); /* "p1" without its NUL */
	put_raw(req, VXSW_A_VNI, &v, 4);
	expect_error(req, run(req), -EINVAL, VXSW_A_PORT_NAME, 0, "NUL");

	req = start(VXSW_CMD_PORT_SET, 0);
	put_raw(req, VXSW_A_PORT_NAME, "", 1);
	put_raw(req, VXSW_A_VNI, &v, 4);
	expect_error(req, run(req), -EINVAL, VXSW_A_PORT_NAME, 0, "empty");

	memset(longname, 'x', sizeof(longname));
	longname[sizeof(longname) - 1] = '\0';
	req = start(VXSW_CMD_PORT_SET, 0);
	put_raw(req, VXSW_A_PORT_NAME, longname, sizeof(longname));
	put_raw(req, VXSW_A_VNI, &v, 4);
	expect_error(req, run(req), -ENAMETOOLONG, VXSW_A_PORT_NAME, 0, "longer");
	assert_int_equal(fake.ports[1].role, VXSW_PORT_UNBOUND);
	assert_int_equal(fake.changes, 1);
}

static void test_oversized(void **state)
{
	struct nlmsghdr *req;

	(void)state;
	req = start(VXSW_CMD_VNI_NEW, 0);
	memset((char *)req + PROTO_HDRLEN, 0, sizeof(reqbuf) - PROTO_HDRLEN);
	req->nlmsg_len = VXSW_MSG_MAX + 4;
	expect_error(req, run(req), -EMSGSIZE, 0, 0, "longer");
	/* Capped: the answer never echoes more than the header. */
	assert_true(last_msg()->nlmsg_len < 256);
	assert_int_equal(fake.changes, 0);
}

/* A reply function whose client went away. */
static int dead_reply(const struct nlmsghdr *m, void *arg)
{
	(void)m;
	(*(unsigned int *)arg)++;
	return -EPIPE;
}

/* An ACK that cannot be sent is an error for ctl_handle's caller, like any answer lost. */
static void test_ack_send_fails(void **state)
{
	unsigned int calls = 0;

	(void)state;
	assert_int_equal(ctl_handle(build("vni add 100"), dead_reply, &calls), -EPIPE);
	assert_int_equal(calls, 1);
	assert_int_equal(fake.changes, 1); /* done, only the answer was lost */
	/* An error answer lost still returns the request's error. */
	assert_int_equal(ctl_handle(build("vni add 100"), dead_reply, &calls), -EEXIST);
	assert_int_equal(calls, 2);
	/* A dump whose first message cannot be sent stops there. */
	assert_int_equal(ctl_handle(build("vni show"), dead_reply, &calls), -EPIPE);
	assert_int_equal(calls, 3);
}

static void test_header_errors(void **state)
{
	uint32_t v = 100;
	struct nlmsghdr *req;

	(void)state;
	req = start(VXSW_CMD_VNI_NEW, 0);
	put_raw(req, VXSW_A_VNI, &v, 4);
	req->nlmsg_type = VXSW_MSG_TYPE + 1;
	expect_error(req, run(req), -EOPNOTSUPP, 0, 0, "message type");

	req->nlmsg_type = VXSW_MSG_TYPE;
	req->nlmsg_flags = NLM_F_ACK;
	expect_error(req, run(req), -EINVAL, 0, 0, "NLM_F_REQUEST");

	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	proto_msghdr(req)->version = 2;
	expect_error(req, run(req), -EPROTONOSUPPORT, 0, 0, "version 2");

	proto_msghdr(req)->version = VXSW_PROTO_VERSION;
	proto_msghdr(req)->cmd = 0;
	expect_error(req, run(req), -EOPNOTSUPP, 0, 0, "unknown command 0");
	proto_msghdr(req)->cmd = 250;
	expect_error(req, run(req), -EOPNOTSUPP, 0, 0, "unknown command 250");

	proto_msghdr(req)->cmd = VXSW_CMD_VNI_NEW;
	req->nlmsg_flags |= NLM_F_DUMP;
	expect_error(req, run(req), -EOPNOTSUPP, 0, 0, "dumped");

	req = start(VXSW_CMD_FDB_GET, 0);
	expect_error(req, run(req), -EOPNOTSUPP, 0, 0, "NLM_F_DUMP");

	req = start(VXSW_CMD_STATUS_GET, 0);
	req->nlmsg_len = MNL_NLMSG_HDRLEN; /* no vxsw header */
	expect_error(req, run(req), -EINVAL, 0, 0, "truncated");
	assert_int_equal(fake.changes, 0);
}

static void test_attr_not_for_command(void **state)
{
	uint32_t v = 100;
	struct nlmsghdr *req;

	(void)state;
	req = start(VXSW_CMD_VNI_NEW, 0);
	put_raw(req, VXSW_A_VNI, &v, 4);
	put_raw(req, VXSW_A_FDB_STATIC, NULL, 0);
	expect_error(req, run(req), -EINVAL, VXSW_A_FDB_STATIC, 0, "not valid in vni-new");

	req = start(VXSW_CMD_VNI_NEW, 0);
	put_raw(req, VXSW_A_VNI, &v, 4);
	put_raw(req, VXSW_A_VNI, &v, 4);
	expect_error(req, run(req), -EINVAL, VXSW_A_VNI, 0, "twice");

	/* A reply-only nest in a request: refused before its contents matter. */
	req = start(VXSW_CMD_STATS_CLEAR, 0);
	put_raw(req, VXSW_A_STATS, NULL, 0);
	expect_error(req, run(req), -EINVAL, VXSW_A_STATS, 0, "not valid");
	assert_int_equal(fake.changes, 0);
	assert_int_equal(fake.stats_cleared, 0);
}

static void test_bad_nested(void **state)
{
	struct nlmsghdr *req;
	struct nlattr *nest;
	uint32_t v = 1;

	(void)state;
	/* Nested validation applies even to attributes the command would then refuse. */
	req = start(VXSW_CMD_STATS_CLEAR, 0);
	nest = mnl_attr_nest_start(req, VXSW_A_DROPS);
	put_raw(req, VXSW_A_LCORE, &v, 4); /* wrong element type */
	mnl_attr_nest_end(req, nest);
	expect_error(req, run(req), -EINVAL, 0, 0, "element");

	req = start(VXSW_CMD_STATS_CLEAR, 0);
	nest = mnl_attr_nest_start(req, VXSW_A_STATS);
	put_raw(req, VXSW_STAT_RX_PACKETS, &v, 4); /* u64 given 4 bytes */
	mnl_attr_nest_end(req, nest);
	expect_error(req, run(req), -EINVAL, 0, 0, "length 4, expected 8");
	assert_int_equal(fake.stats_cleared, 0);
}

static void test_two_requests_in_one_datagram(void **state)
{
	static _Alignas(8) uint8_t two[512];
	const struct nlmsghdr *req;
	size_t len;

	(void)state;
	req = build("vni add 1");
	len = MNL_ALIGN(req->nlmsg_len);
	memcpy(two, req, req->nlmsg_len);
	req = build("vni add 2");
	memcpy(two + len, req, req->nlmsg_len);
	assert_int_equal(run_len(two, len + req->nlmsg_len), 0);
	assert_int_equal(cap.n, 2);
	assert_int_equal(fake.changes, 2);
}

/* ---- the socket ---- */

static char sock_dir[64], sock_path[128];

static int sock_setup(void **state)
{
	setup(state);
	snprintf(sock_dir, sizeof(sock_dir), "/tmp/vxsw-test-ctl-XXXXXX");
	assert_non_null(mkdtemp(sock_dir));
	snprintf(sock_path, sizeof(sock_path), "%s/run/ctl.sock", sock_dir);
	assert_int_equal(ctl_init(sock_path), 0);
	return 0;
}

static int sock_teardown(void **state)
{
	char dir[160];

	(void)state;
	ctl_fini();
	ctl_fini(); /* twice is fine */
	snprintf(dir, sizeof(dir), "%s/run", sock_dir);
	rmdir(dir);
	rmdir(sock_dir);
	return 0;
}

/* Let the server accept and answer whatever is pending. */
static void serve(void)
{
	int i;

	for (i = 0; i < 4; i++)
		ctl_poll(10);
}

static void test_socket_dump_batches(void **state)
{
	static _Alignas(8) uint8_t rx[VXSW_MSG_MAX];
	const struct nlmsghdr *req;
	unsigned int entries = 0, datagrams = 0, i;
	struct stat st;
	bool done = false;
	int fd;

	(void)state;
	assert_int_equal(stat(sock_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
	expect_ack(run_text("vni add 100"));
	for (i = 0; i < 1500; i++) {
		char text[80];

		snprintf(text, sizeof(text), "fdb add 02:00:00:00:%02x:%02x vni 100 dst 192.0.2.7",
			 i >> 8, i & 0xff);
		expect_ack(run_text(text));
	}
	fd = proto_connect(sock_path);
	assert_true(fd >= 0);
	req = build("fdb show");
	assert_int_equal(send(fd, req, req->nlmsg_len, 0), (ssize_t)req->nlmsg_len);
	serve();
	while (!done) {
		ssize_t n = recv(fd, rx, sizeof(rx), MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rx;
		int rem = (int)n;

		assert_true(n > 0);
		assert_true(n <= PROTO_DUMP_BATCH);
		datagrams++;
		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			assert_int_equal(nlh->nlmsg_type, VXSW_MSG_TYPE);
			assert_true(nlh->nlmsg_flags & NLM_F_MULTI);
			assert_int_equal(nlh->nlmsg_seq, 7);
			entries++;
		}
	}
	assert_int_equal(entries, 1500);
	assert_true(datagrams > 1);
	close(fd);
	serve(); /* notices the hang-up */
}

static void test_socket_garbage_then_valid(void **state)
{
	static _Alignas(8) uint8_t big[VXSW_MSG_MAX + 512];
	struct proto_ack ack;
	struct nlmsghdr *req;
	char junk[3] = {1, 2, 3};
	int fd, ret;

	(void)state;
	fd = proto_connect(sock_path);
	assert_true(fd >= 0);
	serve();
	assert_int_equal(send(fd, junk, sizeof(junk), 0), 3);
	serve();
	assert_true(recv(fd, big, sizeof(big), MSG_DONTWAIT) > 0);
	assert_int_equal(((struct nlmsghdr *)big)->nlmsg_type, NLMSG_ERROR);

	/* Longer than VXSW_MSG_MAX: refused with EMSGSIZE. */
	memset(big, 0, sizeof(big));
	req = proto_msg_start(big, sizeof(big), VXSW_CMD_STATUS_GET, NLM_F_REQUEST | NLM_F_ACK, 3);
	req->nlmsg_len = sizeof(big);
	assert_int_equal(send(fd, big, sizeof(big), 0), (ssize_t)sizeof(big));
	serve();
	assert_true(recv(fd, big, sizeof(big), MSG_DONTWAIT) > 0);
	assert_int_equal(proto_ack_parse((struct nlmsghdr *)big, NULL, &ack), 0);
	assert_int_equal(ack.error, -EMSGSIZE);

	/* The connection still works. */
	req = build("vni add 300");
	ret = send(fd, req, req->nlmsg_len, 0);
	assert_int_equal(ret, (int)req->nlmsg_len);
	serve();
	assert_true(recv(fd, big, sizeof(big), MSG_DONTWAIT) > 0);
	assert_int_equal(proto_ack_parse((struct nlmsghdr *)big, NULL, &ack), 0);
	assert_int_equal(ack.error, 0);
	assert_int_equal(fake.vni_used[0], true);
	close(fd);
	serve();
}

/* A client that asks for dump after dump and never reads is dropped, not waited for. */
static void test_socket_stuck_client_dropped(void **state)
{
	static _Alignas(8) uint8_t rx[VXSW_MSG_MAX];
	const struct nlmsghdr *req;
	struct timespec t0, t1;
	bool eof = false;
	unsigned int i;
	ssize_t n;
	int fd;

	(void)state;
	expect_ack(run_text("vni add 100"));
	for (i = 0; i < FAKE_FDB; i++) {
		char text[80];

		snprintf(text, sizeof(text), "fdb add 02:00:00:00:%02x:%02x vni 100 dst 192.0.2.7",
			 i >> 8, i & 0xff);
		expect_ack(run_text(text));
	}
	fd = proto_connect(sock_path);
	assert_true(fd >= 0);
	serve();
	req = build("fdb show");
	for (i = 0; i < 64; i++)
		assert_int_equal(send(fd, req, req->nlmsg_len, 0), (ssize_t)req->nlmsg_len);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 64; i++)
		ctl_poll(0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* One send timeout, not one per pending request. */
	assert_true(t1.tv_sec - t0.tv_sec < 3);
	/* Dropped: end of file, or a reset because our requests were left unread. */
	while ((n = recv(fd, rx, sizeof(rx), MSG_DONTWAIT)) > 0)
		;
	eof = n == 0 || errno == ECONNRESET;
	assert_true(eof);
	close(fd);
}

static void test_ctl_fd_and_double_init(void **state)
{
	(void)state;
	assert_true(ctl_fd() >= 0);
	assert_int_equal(ctl_init(sock_path), -EALREADY);
	assert_int_equal(ctl_poll(0), 0);
}

/* ---- --config ---- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load_config(void **state)
{
	char path[] = "/tmp/vxsw-test-config-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "# a comment\n"
			 "\n"
			 "vni add 100   # trailing comment\n"
			 "port set \"p1\" vni 100\n"
			 "fdb add 00:11:22:33:44:55 vni 100 port p1\n");
	assert_int_equal(ctl_load_config(path), 0);
	assert_true(fake.vni_used[0]);
	assert_int_equal(fake.ports[1].vni, 100);
	assert_true(fake.fdb[0].used);

	fake_model_reset();
	write_file(path, "vni add 1\n"
			 "vni add 1\n" /* exists: -EEXIST, stop here */
			 "vni add 2\n");
	assert_int_equal(ctl_load_config(path), -EEXIST);
	assert_int_equal(fake.changes, 1);

	fake_model_reset();
	write_file(path, "vni add 1\nvni add abc\nvni add 2\n");
	assert_int_equal(ctl_load_config(path), -EINVAL);
	assert_int_equal(fake.changes, 1);

	fake_model_reset();
	write_file(path, "vni add 'unterminated\n");
	assert_int_equal(ctl_load_config(path), -EINVAL);
	unlink(path);
	assert_int_equal(ctl_load_config(path), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_vni_lifecycle, setup),
		cmocka_unit_test_setup(test_flow_batch, setup),
		cmocka_unit_test_setup(test_port_security, setup),
		cmocka_unit_test_setup(test_port_set_and_show, setup),
		cmocka_unit_test_setup(test_fdb_commands, setup),
		cmocka_unit_test_setup(test_flood_neigh_vtep, setup),
		cmocka_unit_test_setup(test_status_config_underlay, setup),
		cmocka_unit_test_setup(test_stats, setup),
		cmocka_unit_test_setup(test_truncated_every_length, setup),
		cmocka_unit_test_setup(test_bad_nla_len, setup),
		cmocka_unit_test_setup(test_unknown_attr_type, setup),
		cmocka_unit_test_setup(test_wrong_lengths, setup),
		cmocka_unit_test_setup(test_missing_attrs, setup),
		cmocka_unit_test_setup(test_string_without_nul, setup),
		cmocka_unit_test_setup(test_oversized, setup),
		cmocka_unit_test_setup(test_ack_send_fails, setup),
		cmocka_unit_test_setup(test_header_errors, setup),
		cmocka_unit_test_setup(test_attr_not_for_command, setup),
		cmocka_unit_test_setup(test_bad_nested, setup),
		cmocka_unit_test_setup(test_two_requests_in_one_datagram, setup),
		cmocka_unit_test_setup_teardown(test_socket_dump_batches, sock_setup,
						sock_teardown),
		cmocka_unit_test_setup_teardown(test_socket_garbage_then_valid, sock_setup,
						sock_teardown),
		cmocka_unit_test_setup_teardown(test_socket_stuck_client_dropped, sock_setup,
						sock_teardown),
		cmocka_unit_test_setup_teardown(test_ctl_fd_and_double_init, sock_setup,
						sock_teardown),
		cmocka_unit_test_setup(test_load_config, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
