/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_ctl: vxsw-dpdk's control server (dataplane/dpdk/ctl.c) over the fake model of the unit
 * tests (tests/unit/fake_model.c), so no DPDK. Every input starts from a freshly reset model.
 *
 * Input: one flag byte, then
 *   flag bit 0 set:   a --config file: each line is split, parsed and handled as
 *                     vxsw-dpdk --config does (reaches deep model states with few bytes);
 *   bit 0 clear, bit 1 clear: one datagram from a client, through ctl_input();
 *   bit 0 clear, bit 1 set:   each message of the datagram through ctl_handle() alone;
 *   bits 2-4, N:      if not 0, the Nth answer cannot be sent (a client that stopped reading).
 *
 * Beyond not crashing: every answer is one a client accepts (replies pass the protocol policy
 * and carry the request's command and sequence number, errors decode), a request gets exactly
 * the final answer its flags ask for, a refused request changes nothing in the model, and once
 * an answer could not be sent, nothing more is sent for that request.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include <vxsw/proto.h>

#include "cmd.h"
#include "dpdk/ctl.h"
#include "fake_model.h"
#include "fuzz.h"
#include "proto.h"

#define FLAG_TEXT   0x01
#define FLAG_HANDLE 0x02
#define FAIL_SHIFT  2
#define FAIL_MASK   0x07
#define MAX_LINES   256

/* What the answers to the request being handled looked like. */
static struct {
	const struct nlmsghdr *req; /* NULL: several requests (ctl_input), generic checks only */
	unsigned int replies;
	unsigned int finals; /* NLMSG_ERROR or NLMSG_DONE */
	int final_type;
	int error;
	unsigned int calls, fail_at; /* answers attempted; the one that fails (0: none) */
	bool failed;
} ans;

static _Alignas(8) uint8_t reqbuf[VXSW_MSG_MAX];

/* Every answer, as a client (vxswctl, vxswd's backend) would check it. */
static int reply(const struct nlmsghdr *m, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	const struct nlmsghdr *req = ans.req;
	struct proto_err perr;
	struct proto_ack ack;

	(void)arg;
	CHECK(m->nlmsg_len >= MNL_NLMSG_HDRLEN && m->nlmsg_len <= VXSW_MSG_MAX);
	if (++ans.calls == ans.fail_at) {
		ans.failed = true;
		return -EPIPE;
	}
	if (req) {
		CHECK(!ans.failed);	/* the request stopped being answered */
		CHECK(ans.finals == 0); /* nothing after the final answer */
		CHECK(m->nlmsg_seq == req->nlmsg_seq && m->nlmsg_pid == req->nlmsg_pid);
	}
	if (m->nlmsg_type == NLMSG_ERROR || m->nlmsg_type == NLMSG_DONE) {
		CHECK(proto_ack_parse(m, req, &ack) == 0);
		CHECK(ack.error <= 0);
		if (req && ack.has_offs)
			CHECK(ack.offs >= PROTO_HDRLEN && ack.offs < req->nlmsg_len);
		ans.finals++;
		ans.final_type = m->nlmsg_type;
		ans.error = ack.error;
		return 0;
	}
	CHECK(m->nlmsg_type == VXSW_MSG_TYPE);
	memset(&perr, 0, sizeof(perr));
	CHECK(proto_parse(m, proto_policy, VXSW_A_MAX, tb, &perr) == 0);
	if (req) {
		CHECK(proto_msghdr(m)->cmd == proto_msghdr(req)->cmd);
		CHECK(((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) ==
		      !!(m->nlmsg_flags & NLM_F_MULTI));
	}
	ans.replies++;
	return 0;
}

/* One request (nlmsg_len bytes readable) through ctl_handle, with what must follow. */
static void handle(const struct nlmsghdr *req)
{
	unsigned int before = fake.changes;
	bool dump;
	int ret;

	ans.req = req;
	ans.replies = ans.finals = 0;
	ans.failed = false;
	ret = ctl_handle(req, reply, NULL);
	CHECK(ret <= 0);
	if (ans.failed)
		return; /* what was applied before the answer failed stays */
	if (ret < 0) {
		CHECK(fake.changes == before);
		CHECK(ans.finals == 1 && ans.final_type == NLMSG_ERROR && ans.error == ret);
		return;
	}
	dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (dump)
		CHECK(ans.finals == 1 && ans.final_type == NLMSG_DONE && ans.error == 0);
	else if (req->nlmsg_flags & NLM_F_ACK)
		CHECK(ans.finals == 1 && ans.final_type == NLMSG_ERROR && ans.error == 0);
	else
		CHECK(ans.finals == 0);
}

/* The lines of a --config file. */
static void run_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *next, *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	unsigned int lineno = 0;
	struct cmd_req req;
	int argc;

	CHECK(text);
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line && lineno < MAX_LINES; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
		if (argc <= 0)
			continue;
		if (cmd_parse(argc, argv, reqbuf, sizeof(reqbuf), lineno, &req, err, sizeof(err)) <
		    0)
			continue;
		handle(req.nlh);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh;
	uint8_t flags, *dg;
	size_t len;
	int rem;

	if (size < 1 || size > VXSW_MSG_MAX)
		return 0;
	flags = data[0];
	data++;
	len = size - 1;
	fake_model_reset();
	memset(&ans, 0, sizeof(ans));
	ans.fail_at = (flags >> FAIL_SHIFT) & FAIL_MASK;
	if (flags & FLAG_TEXT) {
		run_text(data, len);
		return 0;
	}
	/* A datagram as recvmsg() leaves it: aligned, in a buffer of its exact size. */
	dg = malloc(len ? len : 1);
	CHECK(dg);
	memcpy(dg, data, len);
	if (flags & FLAG_HANDLE) {
		nlh = (const struct nlmsghdr *)dg;
		for (rem = (int)len; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
			handle(nlh);
	} else {
		CHECK(ctl_input(dg, len, reply, NULL) <= 0);
	}
	free(dg);
	return 0;
}
