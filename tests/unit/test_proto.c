// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_proto: the control-protocol library (control/proto.c): message building and attribute
 * validation round trips, every malformed-attribute class, kernel-style extended acks, the
 * client transaction loop over a socketpair, and the listening socket's file rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <libmnl/libmnl.h>

#include <vxsw/proto.h>

#include "proto.h"

static _Alignas(8) uint8_t buf[8192];
static _Alignas(8) uint8_t out[8192];

static struct nlmsghdr *start(uint8_t cmd)
{
	return proto_msg_start(buf, sizeof(buf), cmd, NLM_F_REQUEST | NLM_F_ACK, 5);
}

static void test_msg_start(void **state)
{
	struct nlmsghdr *nlh;

	(void)state;
	assert_null(proto_msg_start(buf, PROTO_HDRLEN - 1, 1, 0, 0));
	nlh = start(VXSW_CMD_FDB_NEW);
	assert_int_equal(nlh->nlmsg_len, PROTO_HDRLEN);
	assert_int_equal(nlh->nlmsg_type, VXSW_MSG_TYPE);
	assert_int_equal(nlh->nlmsg_seq, 5);
	assert_int_equal(proto_msghdr(nlh)->cmd, VXSW_CMD_FDB_NEW);
	assert_int_equal(proto_msghdr(nlh)->version, VXSW_PROTO_VERSION);
}

/* Every kind of attribute survives encode -> validate -> decode. */
static void test_round_trip(void **state)
{
	static const uint8_t mac[6] = {0, 0x11, 0x22, 0x33, 0x44, 0x55};
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct nlattr *nest, *item;
	struct proto_err err;
	struct nlmsghdr *nlh;
	uint32_t v4 = 0x0102a8c0;

	(void)state;
	nlh = start(VXSW_CMD_STATUS_GET);
	mnl_attr_put_strz(nlh, VXSW_A_PORT_NAME, "net_af_packet0");
	mnl_attr_put_u16(nlh, VXSW_A_PORT_ID, 3);
	mnl_attr_put_u32(nlh, VXSW_A_VNI, 0xffffff);
	mnl_attr_put(nlh, VXSW_A_LOCAL, 4, &v4);
	mnl_attr_put(nlh, VXSW_A_REMOTE, 16, v6);
	mnl_attr_put(nlh, VXSW_A_MAC, 6, mac);
	mnl_attr_put(nlh, VXSW_A_FDB_STATIC, 0, NULL);
	mnl_attr_put_u8(nlh, VXSW_A_TTL, 64);
	mnl_attr_put_u64(nlh, VXSW_A_UPTIME, UINT64_C(1) << 40);
	nest = mnl_attr_nest_start(nlh, VXSW_A_STATS);
	mnl_attr_put_u64(nlh, VXSW_STAT_RX_PACKETS, 99);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, VXSW_A_DROPS);
	for (int i = 0; i < 3; i++) {
		item = mnl_attr_nest_start(nlh, VXSW_A_DROP);
		mnl_attr_put_strz(nlh, VXSW_A_DROP_NAME, "x");
		mnl_attr_put_u64(nlh, VXSW_A_DROP_COUNT, (uint64_t)i);
		mnl_attr_nest_end(nlh, item);
	}
	mnl_attr_nest_end(nlh, nest);

	assert_int_equal(proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err), 0);
	assert_string_equal(mnl_attr_get_str(tb[VXSW_A_PORT_NAME]), "net_af_packet0");
	assert_int_equal(mnl_attr_get_u16(tb[VXSW_A_PORT_ID]), 3);
	assert_int_equal(mnl_attr_get_u32(tb[VXSW_A_VNI]), 0xffffff);
	assert_memory_equal(mnl_attr_get_payload(tb[VXSW_A_LOCAL]), &v4, 4);
	assert_memory_equal(mnl_attr_get_payload(tb[VXSW_A_REMOTE]), v6, 16);
	assert_memory_equal(mnl_attr_get_payload(tb[VXSW_A_MAC]), mac, 6);
	assert_non_null(tb[VXSW_A_FDB_STATIC]);
	assert_int_equal(mnl_attr_get_u8(tb[VXSW_A_TTL]), 64);
	assert_int_equal(mnl_attr_get_u64(tb[VXSW_A_UPTIME]), UINT64_C(1) << 40);
	assert_non_null(tb[VXSW_A_STATS]);
	assert_non_null(tb[VXSW_A_DROPS]);
	assert_null(tb[VXSW_A_GATEWAY]);
	{
		const struct nlattr *stb[VXSW_STAT_MAX + 1];
		const struct proto_policy *sp = proto_policy[VXSW_A_STATS].nested;

		assert_int_equal(proto_parse_nested(tb[VXSW_A_STATS], sp, VXSW_STAT_MAX, stb, &err),
				 0);
		assert_int_equal(mnl_attr_get_u64(stb[VXSW_STAT_RX_PACKETS]), 99);
	}
}

/* Build a message with one raw attribute and expect validation to refuse it. */
static void expect_bad(uint16_t type, const void *data, size_t len, int errno_, const char *text)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;
	struct nlmsghdr *nlh = start(VXSW_CMD_STATUS_GET);
	const struct nlattr *a = (const struct nlattr *)((char *)nlh + PROTO_HDRLEN);

	mnl_attr_put(nlh, type, len, data);
	assert_int_equal(proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err), errno_);
	/* The innermost bad attribute, as the kernel reports it: inside a when nested. */
	assert_true((const char *)err.attr >= (const char *)a &&
		    (const char *)err.attr < (const char *)a + a->nla_len);
	assert_non_null(err.msg);
	if (text && !strstr(err.msg, text))
		fail_msg("\"%s\" lacks \"%s\"", err.msg, text);
}

static void test_bad_attrs(void **state)
{
	static const uint8_t zero[80];
	char s[80];
	uint32_t v;

	(void)state;
	expect_bad(VXSW_A_VNI, zero, 3, -EINVAL, "length 3, expected 4");
	expect_bad(VXSW_A_VNI, zero, 8, -EINVAL, "length 8, expected 4");
	v = 0x1000000;
	expect_bad(VXSW_A_VNI, &v, 4, -ERANGE, "out of range 0-16777215");
	expect_bad(VXSW_A_PORT_ID, zero, 4, -EINVAL, "expected 2");
	expect_bad(VXSW_A_TTL, zero, 1, -ERANGE, "out of range 1-255");
	expect_bad(VXSW_A_UPTIME, zero, 4, -EINVAL, "expected 8");
	expect_bad(VXSW_A_MAC, zero, 7, -EINVAL, "expected 6");
	expect_bad(VXSW_A_LOCAL, zero, 0, -EINVAL, "4 (IPv4) or 16 (IPv6)");
	expect_bad(VXSW_A_GATEWAY, zero, 8, -EINVAL, "4 (IPv4) or 16 (IPv6)");
	expect_bad(VXSW_A_FDB_STATIC, zero, 1, -EINVAL, "flag");
	expect_bad(VXSW_A_PORT_NAME, "abc", 3, -EINVAL, "NUL");
	expect_bad(VXSW_A_PORT_NAME, "", 0, -EINVAL, "NUL");
	expect_bad(VXSW_A_PORT_NAME, "", 1, -EINVAL, "empty");
	memset(s, 'a', sizeof(s));
	s[VXSW_NAME_MAX] = '\0';
	expect_bad(VXSW_A_PORT_NAME, s, VXSW_NAME_MAX + 1, -ENAMETOOLONG, "longer than 63");
	expect_bad(VXSW_A_MAX + 1, zero, 4, -EINVAL, "unknown attribute type");
	expect_bad(0x3fff, zero, 4, -EINVAL, "unknown attribute type 16383");
	expect_bad(0, zero, 4, -EINVAL, "unknown attribute type 0");
	/* A list whose element has the wrong type, and a stats nest with a short counter. */
	expect_bad(VXSW_A_DROPS, (const uint8_t[]){8, 0, VXSW_A_LCORE, 0, 0, 0, 0, 0}, 8, -EINVAL,
		   "element");
	expect_bad(VXSW_A_STATS, (const uint8_t[]){8, 0, VXSW_STAT_RX_PACKETS, 0, 0, 0, 0, 0}, 8,
		   -EINVAL, "expected 8");
	expect_bad(VXSW_A_STATS, (const uint8_t[]){8, 0, VXSW_STAT_MAX + 1, 0, 0, 0, 0, 0}, 8,
		   -EINVAL, "unknown attribute type");
	expect_bad(VXSW_A_STATS, (const uint8_t[]){3, 0, 1, 0}, 4, -EINVAL, "length 3 invalid");
}

/* Truncation and length lies at the attribute level, at every length. */
static void test_truncated_attrs(void **state)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;
	struct nlmsghdr *nlh;
	uint32_t full, n;

	(void)state;
	nlh = start(VXSW_CMD_VNI_NEW);
	mnl_attr_put_u32(nlh, VXSW_A_VNI, 100);
	mnl_attr_put_strz(nlh, VXSW_A_PORT_NAME, "p1");
	full = nlh->nlmsg_len;
	for (n = 0; n < full; n++) {
		int ret;

		nlh->nlmsg_len = n;
		ret = proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err);
		if (n < PROTO_HDRLEN) {
			assert_int_equal(ret, -EINVAL);
			continue;
		}
		/* Whole messages: prefixes ending after an attribute (its padding optional). */
		if (n == PROTO_HDRLEN || n == PROTO_HDRLEN + 8 || n == PROTO_HDRLEN + 8 + 7)
			assert_int_equal(ret, 0);
		else
			assert_int_equal(ret, -EINVAL);
	}
	nlh->nlmsg_len = full;
	assert_int_equal(proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err), 0);

	/* The same attribute twice. */
	mnl_attr_put_u32(nlh, VXSW_A_VNI, 100);
	assert_int_equal(proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "given twice"));
}

/* A small policy must never be indexed with a larger type. */
static void test_small_policy(void **state)
{
	static const struct proto_policy small[3] = {[1] = {.kind = PROTO_U32}};
	const struct nlattr *tb[3];
	struct proto_err err;
	struct nlmsghdr *nlh;

	(void)state;
	nlh = start(1);
	mnl_attr_put_u32(nlh, 1, 5);
	assert_int_equal(proto_parse(nlh, small, 2, tb, &err), 0);
	mnl_attr_put_u32(nlh, 2, 5); /* within max, but kind UNSPEC */
	assert_int_equal(proto_parse(nlh, small, 2, tb, &err), -EINVAL);
	nlh = start(1);
	mnl_attr_put_u32(nlh, VXSW_A_MAX, 5);
	assert_int_equal(proto_parse(nlh, small, 2, tb, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "unknown attribute type"));
}

static void test_ack_round_trip(void **state)
{
	struct proto_err err = {0};
	struct proto_ack ack;
	struct nlmsghdr *req, *nlh;
	const struct nlattr *bad;
	int len;

	(void)state;
	req = start(VXSW_CMD_FDB_NEW);
	mnl_attr_put_u32(req, VXSW_A_VNI, 100);
	bad = (const struct nlattr *)((char *)req + req->nlmsg_len);
	mnl_attr_put_u32(req, VXSW_A_MAC, 1);

	/* An error echoes the request and carries MSG, OFFS and MISS_TYPE. */
	proto_err_set(&err, -ENOENT, bad, "no such thing");
	err.miss_type = VXSW_A_REMOTE;
	len = proto_ack_build(out, sizeof(out), req, req->nlmsg_len, -ENOENT, &err);
	assert_true(len > 0);
	nlh = (struct nlmsghdr *)out;
	assert_int_equal(nlh->nlmsg_len, (uint32_t)len);
	assert_int_equal(nlh->nlmsg_type, NLMSG_ERROR);
	assert_int_equal(nlh->nlmsg_seq, 5);
	assert_int_equal(nlh->nlmsg_flags & (NLM_F_CAPPED | NLM_F_ACK_TLVS), NLM_F_ACK_TLVS);
	assert_memory_equal((char *)mnl_nlmsg_get_payload(nlh) + 4, req, req->nlmsg_len);
	assert_int_equal(proto_ack_parse(nlh, req, &ack), 0);
	assert_int_equal(ack.error, -ENOENT);
	assert_string_equal(ack.msg, "no such thing");
	assert_true(ack.has_offs);
	assert_int_equal(ack.offs, (const char *)bad - (const char *)req);
	assert_int_equal(ack.bad_type, VXSW_A_MAC);
	assert_true(ack.has_miss_type);
	assert_int_equal(ack.miss_type, VXSW_A_REMOTE);

	/* Too small for the echo: capped, TLVs kept. */
	len = proto_ack_build(out, 80, req, req->nlmsg_len, -ENOENT, &err);
	assert_true(len > 0 && len <= 80);
	assert_true(nlh->nlmsg_flags & NLM_F_CAPPED);
	assert_int_equal(proto_ack_parse(nlh, req, &ack), 0);
	assert_string_equal(ack.msg, "no such thing");
	assert_int_equal(ack.bad_type, VXSW_A_MAC);
	assert_int_equal(proto_ack_build(out, 40, req, req->nlmsg_len, -ENOENT, &err), -EMSGSIZE);

	/* An ACK: capped, no TLVs. */
	len = proto_ack_build(out, sizeof(out), req, req->nlmsg_len, 0, NULL);
	assert_int_equal(len, MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr));
	assert_int_equal(nlh->nlmsg_flags, NLM_F_CAPPED);
	assert_int_equal(proto_ack_parse(nlh, req, &ack), 0);
	assert_int_equal(ack.error, 0);
	assert_string_equal(ack.msg, "");

	/* A truncated request (3 bytes) still gets a well-formed answer. */
	len = proto_ack_build(out, sizeof(out), req, 3, -EINVAL, NULL);
	assert_true(len > 0);
	assert_true(nlh->nlmsg_flags & NLM_F_CAPPED);
	assert_int_equal(proto_ack_parse(nlh, NULL, &ack), 0);
	assert_int_equal(ack.error, -EINVAL);

	/* DONE. */
	len = proto_done_build(out, sizeof(out), req);
	assert_int_equal(nlh->nlmsg_type, NLMSG_DONE);
	assert_true(nlh->nlmsg_flags & NLM_F_MULTI);
	assert_int_equal(proto_ack_parse(nlh, req, &ack), 0);
	assert_int_equal(ack.error, 0);
}

static void test_ack_parse_malformed(void **state)
{
	struct proto_err err = {0};
	struct proto_ack ack;
	struct nlmsghdr *req, *nlh = (struct nlmsghdr *)out;
	int len;

	(void)state;
	req = start(VXSW_CMD_VNI_NEW);
	proto_err_set(&err, -EINVAL, NULL, "x");
	len = proto_ack_build(out, sizeof(out), req, req->nlmsg_len, -EINVAL, &err);
	/* Cut the message into the TLVs, then into the nlmsgerr. */
	nlh->nlmsg_len = (uint32_t)len - 4;
	assert_int_equal(proto_ack_parse(nlh, req, &ack), -EBADMSG);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
	assert_int_equal(proto_ack_parse(nlh, req, &ack), -EBADMSG);
	/* A positive error is not a kernel-style errno. */
	nlh->nlmsg_len = (uint32_t)len;
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->error = 5;
	assert_int_equal(proto_ack_parse(nlh, req, &ack), -EBADMSG);
	nlh->nlmsg_type = VXSW_MSG_TYPE;
	assert_int_equal(proto_ack_parse(nlh, req, &ack), -EBADMSG);
}

/*
 * An echoed header length near 4 GiB must not wrap in MNL_ALIGN: the echo would then be read
 * as extended-ack TLVs, and a request could forge the error message its sender sees.
 */
static void test_ack_parse_echo_len_wraps(void **state)
{
	static _Alignas(8) uint8_t big[MNL_NLMSG_HDRLEN + 4 + 0x10000 + 64];
	struct nlmsghdr *nlh = (struct nlmsghdr *)big;
	struct nlmsgerr *e;
	struct nlattr *a;
	struct proto_ack ack;

	(void)state;
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	nlh->nlmsg_len = sizeof(big);
	e = mnl_nlmsg_get_payload(nlh);
	e->error = -EINVAL;
	e->msg.nlmsg_len = 0xfffffffe; /* MNL_ALIGN in 32 bits: 0 */
	/* Where a wrapped offset walks to: past the echoed header (read as a 0xfffe-byte TLV). */
	a = (struct nlattr *)((char *)e + 4 + 0x10000);
	a->nla_type = NLMSGERR_ATTR_MSG;
	a->nla_len = MNL_ATTR_HDRLEN + 7;
	memcpy(a + 1, "forged", 7);
	assert_int_equal(proto_ack_parse(nlh, NULL, &ack), -EBADMSG);
	assert_string_equal(ack.msg, "");
}

/* ---- proto_transact against a scripted peer ---- */

static int count_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(*(int *)arg)++;
	return 0;
}

/* Queue answer messages (each at its own offset in msgs) as one datagram on fd. */
static void queue(int fd, const void *msgs, size_t len)
{
	assert_int_equal(send(fd, msgs, len, 0), (ssize_t)len);
}

static size_t add_reply(uint8_t *dst, uint32_t seq, uint16_t flags)
{
	struct nlmsghdr *nlh = proto_msg_start(dst, 256, VXSW_CMD_FDB_GET, flags, seq);

	mnl_attr_put_u32(nlh, VXSW_A_VNI, 1);
	return nlh->nlmsg_len;
}

static void test_transact(void **state)
{
	static _Alignas(8) uint8_t dgram[4096];
	struct proto_err err = {0};
	struct proto_ack ack;
	struct nlmsghdr *req;
	const struct nlattr *bad;
	size_t off;
	int sv[2], n = 0;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	req = proto_msg_start(buf, sizeof(buf), VXSW_CMD_FDB_GET,
			      NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, 42);

	/* A stale message, then three entries over two datagrams, then DONE. */
	off = add_reply(dgram, 41, NLM_F_MULTI);
	off += add_reply(dgram + off, 42, NLM_F_MULTI);
	off += add_reply(dgram + off, 42, NLM_F_MULTI);
	queue(sv[1], dgram, off);
	off = add_reply(dgram, 42, NLM_F_MULTI);
	off += (size_t)proto_done_build(dgram + off, 64, req);
	queue(sv[1], dgram, off);
	assert_int_equal(proto_transact(sv[0], req, count_cb, &n, &ack), 0);
	assert_int_equal(n, 3);

	/* An error with an extended ack naming an attribute of the request. */
	req = proto_msg_start(buf, sizeof(buf), VXSW_CMD_VNI_DEL, NLM_F_REQUEST | NLM_F_ACK, 43);
	bad = (const struct nlattr *)((char *)req + req->nlmsg_len);
	mnl_attr_put_u32(req, VXSW_A_VNI, 9);
	proto_err_set(&err, -ENOENT, bad, "no such VNI");
	off = (size_t)proto_ack_build(dgram, sizeof(dgram), req, req->nlmsg_len, -ENOENT, &err);
	queue(sv[1], dgram, off);
	assert_int_equal(proto_transact(sv[0], req, NULL, NULL, &ack), -ENOENT);
	assert_string_equal(ack.msg, "no such VNI");
	assert_int_equal(ack.bad_type, VXSW_A_VNI);

	/* Garbage in the answer. */
	memset(dgram, 0xff, 64);
	((struct nlmsghdr *)dgram)->nlmsg_len = 64;
	((struct nlmsghdr *)dgram)->nlmsg_seq = 43;
	((struct nlmsghdr *)dgram)->nlmsg_type = 0x99;
	queue(sv[1], dgram, 64);
	assert_int_equal(proto_transact(sv[0], req, NULL, NULL, &ack), -EBADMSG);

	/* A request with neither ACK nor DUMP would wait forever: refused. */
	req->nlmsg_flags = NLM_F_REQUEST;
	assert_int_equal(proto_transact(sv[0], req, NULL, NULL, &ack), -EINVAL);

	/* The server went away. */
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	close(sv[1]);
	assert_true(proto_transact(sv[0], req, NULL, NULL, &ack) < 0);
	close(sv[0]);
}

/* ---- sockets ---- */

static void test_listen_rules(void **state)
{
	char dir[] = "/tmp/vxsw-test-proto-XXXXXX", sub[128], path[160];
	struct ucred cred;
	struct stat st;
	int lfd, cfd, afd, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/run", dir);
	snprintf(path, sizeof(path), "%s/ctl.sock", sub);

	lfd = proto_listen(path, 4);
	assert_true(lfd >= 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0750);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);

	/* A live server is never replaced. */
	assert_int_equal(proto_listen(path, 4), -EADDRINUSE);

	/* That probe connected and left; the server just sees a short-lived client. */
	afd = proto_accept(lfd, &cred);
	assert_true(afd >= 0);
	close(afd);

	/* Our own client passes the SO_PEERCRED check. */
	assert_int_equal(proto_accept(lfd, &cred), -EAGAIN);
	cfd = proto_connect(path);
	assert_true(cfd >= 0);
	afd = proto_accept(lfd, &cred);
	assert_true(afd >= 0);
	assert_int_equal(cred.pid, getpid());
	close(afd);
	close(cfd);

	/* A stale socket (nobody listening) is replaced. */
	close(lfd);
	lfd = proto_listen(path, 4);
	assert_true(lfd >= 0);
	close(lfd);

	/* Anything else at the path is left alone. */
	unlink(path);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(proto_listen(path, 4), -EEXIST);
	unlink(path);

	assert_int_equal(proto_connect(path), -ENOENT);
	memset(sub, 'x', sizeof(sub) - 1);
	sub[sizeof(sub) - 1] = '\0';
	assert_int_equal(proto_connect(sub), -ENAMETOOLONG);
	assert_int_equal(proto_listen(sub, 4), -ENAMETOOLONG);
	snprintf(sub, sizeof(sub), "%s/run", dir);
	rmdir(sub);
	rmdir(dir);
}

static void test_cred_rules(void **state)
{
	struct ucred c = {.pid = 1};

	(void)state;
	c.uid = 0;
	c.gid = 12345;
	assert_int_equal(proto_cred_allowed(&c), 0);
	c.uid = geteuid();
	assert_int_equal(proto_cred_allowed(&c), 0);
	c.uid = geteuid() + 1000;
	c.gid = getegid();
	assert_int_equal(proto_cred_allowed(&c), 0);
	c.gid = getegid() + 1000;
	assert_int_equal(proto_cred_allowed(&c), -EPERM);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(proto_attr_name(VXSW_A_VNI), "vni");
	assert_string_equal(proto_attr_name(VXSW_A_REFS), "refs");
	assert_string_equal(proto_attr_name(VXSW_A_MAX + 1), "unknown");
	assert_string_equal(proto_attr_name(0), "unknown");
	assert_string_equal(proto_cmd_name(VXSW_CMD_FDB_NEW), "fdb-new");
	assert_string_equal(proto_cmd_name(VXSW_CMD_MAX + 1), "unknown");
	/* Every attribute has a policy and a name. */
	for (unsigned int t = 1; t <= VXSW_A_MAX; t++) {
		assert_int_not_equal(proto_policy[t].kind, PROTO_UNSPEC);
		assert_string_not_equal(proto_attr_name(t), "unknown");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msg_start),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_attrs),
		cmocka_unit_test(test_truncated_attrs),
		cmocka_unit_test(test_small_policy),
		cmocka_unit_test(test_ack_round_trip),
		cmocka_unit_test(test_ack_parse_malformed),
		cmocka_unit_test(test_ack_parse_echo_len_wraps),
		cmocka_unit_test(test_transact),
		cmocka_unit_test(test_listen_rules),
		cmocka_unit_test(test_cred_rules),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
