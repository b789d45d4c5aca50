/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_proto: the control-protocol library (control/proto.c) on untrusted messages, from both
 * sides of a control socket. The input is one datagram: each netlink message in it is
 * validated as a server validates a request (proto_parse against the protocol's policy) and
 * answered (proto_ack_build), decoded as a client decodes an answer (proto_ack_parse against a
 * request of its own), and the whole datagram is read by proto_transact() as the answer to a
 * request, over a socketpair.
 *
 * Beyond not crashing: what validates can be read back as the policy says (addresses, nested
 * attributes), an error answer decodes to the error, message, offset and attribute it was built
 * from, and a client never takes an answer's error for anything but 0 or -errno.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include <vxsw/addr.h>
#include <vxsw/proto.h>

#include "fuzz.h"
#include "proto.h"

/* The request a client is waiting for an answer to (seq 7, as the seeds' answers). */
#define FAKE_SEQ 7
static _Alignas(8) uint8_t fake_buf[256];
static const struct nlmsghdr *fake_req;
static _Alignas(8) uint8_t ack_buf[VXSW_MSG_MAX];
static _Alignas(8) uint8_t put_buf[256];
static int sv[2] = {-1, -1};

static void init(void)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0, 0x01, 0x02}, remote[4] = {192, 0, 2, 2};
	struct nlmsghdr *nlh;

	nlh = proto_msg_start(fake_buf, sizeof(fake_buf), VXSW_CMD_FDB_NEW,
			      NLM_F_REQUEST | NLM_F_ACK, FAKE_SEQ);
	CHECK(nlh);
	mnl_attr_put_u32(nlh, VXSW_A_VNI, 100);
	mnl_attr_put(nlh, VXSW_A_MAC, sizeof(mac), mac);
	mnl_attr_put(nlh, VXSW_A_REMOTE, sizeof(remote), remote);
	mnl_attr_put_strz(nlh, VXSW_A_PORT_NAME, "p1");
	fake_req = nlh;
	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
}

static bool inside(const void *p, const struct nlmsghdr *nlh)
{
	return (const char *)p >= (const char *)nlh &&
	       (const char *)p < (const char *)nlh + nlh->nlmsg_len;
}

/* ---- the server side: validation ---- */

/* A validated nested attribute validates again on its own, as a handler would read it. */
static void check_nested(const struct nlattr *a, const struct proto_policy *pol)
{
	const struct nlattr *ntb[VXSW_A_MAX + 1];
	const struct nlattr *e;
	struct proto_err err;

	if (pol->kind == PROTO_NESTED) {
		CHECK(proto_parse_nested(a, pol->nested, pol->nested_max, ntb, &err) == 0);
		return;
	}
	mnl_attr_for_each_nested(e, a)
	{
		CHECK(mnl_attr_get_type(e) == pol->nested_type);
		CHECK(proto_parse_nested(e, pol->nested, pol->nested_max, ntb, &err) == 0);
	}
}

static void check_valid(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	struct vxsw_ip ip, ip2;
	struct nlmsghdr *out;
	unsigned int t;

	for (t = 0; t <= VXSW_A_MAX; t++) {
		const struct proto_policy *pol = &proto_policy[t];
		const struct nlattr *a = tb[t];

		if (!a)
			continue;
		CHECK(t > 0 && pol->kind != PROTO_UNSPEC && mnl_attr_get_type(a) == t);
		CHECK(inside(a, nlh) &&
		      (const char *)a + a->nla_len <= (const char *)nlh + nlh->nlmsg_len);
		CHECK(proto_validate_attr(a, pol, NULL) == 0);
		switch (pol->kind) {
		case PROTO_ADDR:
			/* Read it and write it back: the same bytes. */
			proto_get_ip(a, &ip);
			CHECK(ip.family == VXSW_AF_INET || ip.family == VXSW_AF_INET6);
			out = proto_msg_start(put_buf, sizeof(put_buf), 0, 0, 0);
			CHECK(out && proto_put_ip(out, sizeof(put_buf), (uint16_t)t, &ip));
			proto_get_ip(mnl_nlmsg_get_payload_offset(out, sizeof(struct vxsw_msghdr)),
				     &ip2);
			CHECK(!memcmp(&ip, &ip2, sizeof(ip)));
			CHECK(!memcmp(mnl_attr_get_payload(a),
				      (const char *)out + PROTO_HDRLEN + MNL_ATTR_HDRLEN,
				      mnl_attr_get_payload_len(a)));
			break;
		case PROTO_STRING:
			CHECK(strlen(mnl_attr_get_str(a)) < pol->max_len);
			break;
		case PROTO_NESTED:
		case PROTO_NESTED_LIST:
			check_nested(a, pol);
			break;
		default:
			break;
		}
	}
}

/* The answer a server builds decodes to what it was built from. */
static void check_answer(const struct nlmsghdr *req, size_t req_len, int error,
			 const struct proto_err *err, size_t size)
{
	const struct nlmsghdr *ans = (const struct nlmsghdr *)ack_buf;
	struct proto_ack ack;
	int n;

	n = proto_ack_build(ack_buf, size, req, req_len, error, err);
	if (n == -EMSGSIZE) {
		CHECK(size < VXSW_MSG_MAX);
		return;
	}
	CHECK(n > 0 && (size_t)n <= size && ans->nlmsg_len == (uint32_t)n);
	CHECK(ans->nlmsg_type == NLMSG_ERROR);
	if (req_len >= sizeof(*req))
		CHECK(ans->nlmsg_seq == req->nlmsg_seq);
	CHECK(proto_ack_parse(ans, req_len >= sizeof(*req) ? req : NULL, &ack) == 0);
	CHECK(ack.error == error);
	if (!error || !err)
		return;
	if (err->msg && (ans->nlmsg_flags & NLM_F_ACK_TLVS))
		CHECK(!strncmp(ack.msg, err->msg, sizeof(ack.msg) - 1));
	if (err->attr && inside(err->attr, req) && ack.has_offs) {
		CHECK(ack.offs == (uint32_t)((const char *)err->attr - (const char *)req));
		if (ack.offs >= PROTO_HDRLEN && ack.offs + MNL_ATTR_HDRLEN <= req->nlmsg_len)
			CHECK(ack.bad_type == mnl_attr_get_type(err->attr));
	}
	if (err->miss_type && ack.has_miss_type)
		CHECK(ack.miss_type == err->miss_type);
}

static void check_request(const struct nlmsghdr *nlh, size_t small)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err);
	if (ret == 0) {
		check_valid(nlh, tb);
	} else {
		CHECK(ret == -EINVAL || ret == -ERANGE || ret == -ENAMETOOLONG);
		CHECK(err.msg && err.msg[0]);
		CHECK(!err.attr || inside(err.attr, nlh));
		/* As a server names a missing attribute (proto_parse never does). */
		err.miss_type = (nlh->nlmsg_seq >> 24) & 0x3f;
	}
	/* A full answer, and one squeezed into what the input asks for. */
	check_answer(nlh, nlh->nlmsg_len, ret, &err, sizeof(ack_buf));
	check_answer(nlh, nlh->nlmsg_len, ret, &err, small);
	/* A request cut short, as a server answers a datagram that ends inside a header. */
	check_answer(nlh, nlh->nlmsg_len < 16 ? nlh->nlmsg_len : 15, -EINVAL, &err,
		     sizeof(ack_buf));
	if (nlh->nlmsg_len >= PROTO_HDRLEN)
		CHECK(proto_cmd_name(proto_msghdr(nlh)->cmd) != NULL);
}

/* ---- the client side: answers ---- */

static void check_ack_parse(const struct nlmsghdr *nlh, const struct nlmsghdr *req)
{
	struct proto_ack ack;
	int ret;

	ret = proto_ack_parse(nlh, req, &ack);
	CHECK(ret == 0 || ret == -EBADMSG);
	if (ret)
		return;
	CHECK(ack.error <= 0 && ack.error >= -4095);
	CHECK(memchr(ack.msg, '\0', sizeof(ack.msg)));
	if (ack.bad_type) {
		CHECK(req && ack.has_offs && ack.offs >= PROTO_HDRLEN);
		CHECK(ack.offs + MNL_ATTR_HDRLEN <= req->nlmsg_len);
	}
}

static int reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;

	(void)arg;
	CHECK(nlh->nlmsg_type == VXSW_MSG_TYPE && nlh->nlmsg_len >= PROTO_HDRLEN);
	CHECK(nlh->nlmsg_seq == FAKE_SEQ);
	/* What vxswctl does with a reply: validate it before printing. */
	return proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err) < 0 ? -EBADMSG : 0;
}

static void drain(int fd)
{
	char buf[512];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* The datagram as the whole answer to fake_req. */
static void check_transact(const uint8_t *dg, size_t len)
{
	struct proto_ack ack;
	int ret;

	if (send(sv[1], dg, len, MSG_DONTWAIT) != (ssize_t)len)
		return;
	ret = proto_transact(sv[0], fake_req, reply_cb, NULL, &ack);
	CHECK(ret <= 0 && ret >= -4095);
	CHECK(memchr(ack.msg, '\0', sizeof(ack.msg)));
	drain(sv[0]);
	drain(sv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh, *first = NULL;
	uint8_t *dg;
	int rem;

	if (size > VXSW_MSG_MAX)
		return 0;
	if (!fake_req)
		init();
	/* The datagram in a buffer of its exact size: a read past it is a bug. */
	dg = malloc(size ? size : 1);
	CHECK(dg);
	memcpy(dg, data, size);
	nlh = (const struct nlmsghdr *)dg;
	for (rem = (int)size; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		CHECK(nlh->nlmsg_len >= sizeof(*nlh) && nlh->nlmsg_len <= (uint32_t)rem);
		if (!first)
			first = nlh;
		/* How small an answer buffer: from the message's own bytes. */
		check_request(nlh, MNL_NLMSG_HDRLEN + (nlh->nlmsg_pid & 0x1ff));
		check_ack_parse(nlh, fake_req);
		check_ack_parse(nlh, first);
		check_ack_parse(nlh, NULL);
	}
	check_transact(dg, size);
	free(dg);
	return 0;
}
