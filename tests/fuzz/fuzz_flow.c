/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_flow: the flow rules' text and attributes (control/flowspec.c). The first input byte picks
 * the side:
 *   - text: the rest is one "flow ..." line (add/del/mod/flush and their words), split as
 *     vxswctl splits it and parsed by flow_spec_parse();
 *   - attributes: the rest is one VXSW_A_FLOW as a receiver gets it, read by flow_spec_get().
 * Beyond not crashing: whatever is accepted is a whole request of its op; put as an attribute
 * and read back it is the same rule; and its text, for an add, parses back to the same rule
 * again (vxswctl flow show prints lines that "flow batch" must take).
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
#include "flowspec.h"
#include "fuzz.h"
#include "proto.h"

static _Alignas(8) uint8_t buf[VXSW_MSG_MAX];

static bool same_rule(const struct flow_spec *a, const struct flow_spec *b)
{
	return a->op == b->op && a->id == b->id && a->priority == b->priority &&
	       !strcmp(a->in_port, b->in_port) && !memcmp(&a->value, &b->value, sizeof(a->value)) &&
	       !memcmp(&a->mask, &b->mask, sizeof(a->mask)) && a->has_action == b->has_action &&
	       (!a->has_action ||
		(a->action == b->action && !strcmp(a->out_port, b->out_port) &&
		 a->remote.family == b->remote.family && a->encap_vni == b->encap_vni &&
		 (a->remote.family != VXSW_AF_INET || a->remote.v4 == b->remote.v4) &&
		 (a->remote.family != VXSW_AF_INET6 || !memcmp(a->remote.v6, b->remote.v6, 16))));
}

/* A request spec survives the attribute round trip and, when it came from text and is an add,
 * the text round trip (the wire can say more than the text: a partial VNI mask, ports without
 * ip_proto; such rules are not text's to replay). */
static void round_trips(const struct flow_spec *s, bool from_text)
{
	struct flow_spec back, again;
	struct proto_err err;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char text[1024], *argv[CMD_ARGV_MAX], msg[CMD_ERR_MAX];
	int argc;

	memset(buf, 0, 4096);
	nlh = proto_msg_start(buf, sizeof(buf), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST, 1);
	CHECK(nlh);
	CHECK(flow_spec_put(nlh, sizeof(buf), VXSW_A_FLOW, s));
	nest = (struct nlattr *)((char *)nlh + PROTO_HDRLEN);
	memset(&err, 0, sizeof(err));
	CHECK(flow_spec_get(nest, true, &back, &err) == 0);
	CHECK(same_rule(s, &back));
	if (!from_text || s->op != VXSW_FLOW_OP_ADD)
		return;
	/* "add " + the printed rule parses back to the same rule. */
	memcpy(text, "add ", 4);
	flow_spec_format(s, false, text + 4, sizeof(text) - 4);
	argc = cmd_split(text, argv, CMD_ARGV_MAX, msg, sizeof(msg));
	CHECK(argc > 0);
	CHECK(flow_spec_parse(argc, argv, &again, msg, sizeof(msg)) == 0);
	CHECK(same_rule(s, &again));
}

static void text_side(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	struct flow_spec s;
	int argc;

	CHECK(line);
	memcpy(line, data, size);
	line[size] = '\0';
	argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
	if (argc > 0) {
		err[0] = '\0';
		if (flow_spec_parse(argc, argv, &s, err, sizeof(err)) == 0)
			round_trips(&s, true);
		else
			CHECK(memchr(err, '\0', sizeof(err)) && err[0]); /* a message says why */
	}
	free(line);
}

static void attr_side(const uint8_t *data, size_t size)
{
	struct flow_spec s;
	struct proto_err err;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int ret;

	if (size > sizeof(buf) - PROTO_HDRLEN - 4)
		return;
	memset(buf, 0, PROTO_HDRLEN + 4 + size + 8);
	nlh = proto_msg_start(buf, sizeof(buf), VXSW_CMD_FLOW_BATCH, NLM_F_REQUEST, 1);
	CHECK(nlh);
	/* The input is the nest's payload; the nest's own header is always right. */
	nest = mnl_attr_nest_start(nlh, VXSW_A_FLOW);
	memcpy(mnl_nlmsg_get_payload_tail(nlh), data, size);
	nlh->nlmsg_len += MNL_ALIGN(size);
	mnl_attr_nest_end(nlh, nest);
	if (nest->nla_len != MNL_ATTR_HDRLEN + MNL_ALIGN(size))
		return; /* longer than a u16 length can say */
	memset(&err, 0, sizeof(err));
	ret = flow_spec_get(nest, true, &s, &err);
	if (ret < 0) {
		CHECK(ret > -4096);
		CHECK(err.msg && err.msg[0]); /* refused with a reason */
		return;
	}
	/* What a receiver accepts is a whole request of its op. */
	CHECK(s.op <= VXSW_FLOW_OP_MAX);
	CHECK(s.op != VXSW_FLOW_OP_ADD || s.has_action);
	CHECK(s.op != VXSW_FLOW_OP_MOD || (s.id && s.has_action && !s.has_match));
	CHECK(s.op != VXSW_FLOW_OP_DEL || (!!s.id != s.has_match));
	CHECK(s.action <= VXSW_FLOW_ACT_MAX);
	CHECK(s.has_action || (!s.out_port[0] && !s.remote.family));
	/* No bit outside a mask. */
	for (unsigned int i = 0; i < 8; i++)
		CHECK((s.value.w[i] & ~s.mask.w[i]) == 0);
	round_trips(&s, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		attr_side(data + 1, size - 1);
	else
		text_side(data + 1, size - 1);
	return 0;
}
