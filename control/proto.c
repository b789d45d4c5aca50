// SPDX-License-Identifier: BSD-3-Clause
/*
 * proto: vxsw control protocol helpers shared by vxswctl and the control servers. Messages are
 * plain netlink (libmnl builds and walks them); this file adds what libmnl leaves to the
 * kernel: policy validation, extended-ack replies and the AF_UNIX socket rules.
 */
#include "proto.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <vxsw/flow.h>

/* Attribute tables on the stack; the protocol must stay below this many attribute types. */
#define PROTO_TB_MAX 128
_Static_assert(VXSW_A_MAX < PROTO_TB_MAX, "grow PROTO_TB_MAX");

#define U8(lo, hi)                                                                                 \
	{                                                                                          \
		.kind = PROTO_U8, .min = (lo), .max = (hi)                                         \
	}
#define U16(lo, hi)                                                                                \
	{                                                                                          \
		.kind = PROTO_U16, .min = (lo), .max = (hi)                                        \
	}
#define U32(lo, hi)                                                                                \
	{                                                                                          \
		.kind = PROTO_U32, .min = (lo), .max = (hi)                                        \
	}
#define U64                                                                                        \
	{                                                                                          \
		.kind = PROTO_U64                                                                  \
	}
#define STR(n)                                                                                     \
	{                                                                                          \
		.kind = PROTO_STRING, .max_len = (n)                                               \
	}
#define BIN(lo, hi)                                                                                \
	{                                                                                          \
		.kind = PROTO_BINARY, .min_len = (lo), .max_len = (hi)                             \
	}
#define ADDR                                                                                       \
	{                                                                                          \
		.kind = PROTO_ADDR                                                                 \
	}
#define FLAG                                                                                       \
	{                                                                                          \
		.kind = PROTO_FLAG                                                                 \
	}

/* VXSW_A_STATS: enum vxsw_stat, u64 each. */
static const struct proto_policy stats_policy[VXSW_STAT_MAX + 1] = {
	[1 ... VXSW_STAT_MAX] = U64,
};

/* VXSW_A_LEARN_REFUSED: enum vxsw_refuse, u64 each. */
static const struct proto_policy refuse_policy[VXSW_REFUSE_MAX + 1] = {
	[1 ... VXSW_REFUSE_MAX] = U64,
};

/* VXSW_A_DAEMON_STATS: enum vxsw_daemon_stat, u64 each. */
static const struct proto_policy dstats_policy[VXSW_DSTAT_MAX + 1] = {
	[1 ... VXSW_DSTAT_MAX] = U64,
};

/* Inside one VXSW_A_DROP. */
static const struct proto_policy drop_policy[VXSW_A_DROP_COUNT + 1] = {
	[VXSW_A_DROP_NAME] = STR(VXSW_NAME_MAX),
	[VXSW_A_DROP_ID] = U32(0, 0),
	[VXSW_A_DROP_COUNT] = U64,
};

/* Inside one VXSW_A_LCORE. */
static const struct proto_policy lcore_policy[VXSW_A_LCORE_ID + 1] = {
	[VXSW_A_STATS] = {.kind = PROTO_NESTED,
			  .nested = stats_policy,
			  .nested_max = VXSW_STAT_MAX},
	[VXSW_A_LCORE_ID] = U32(0, 0),
};

/* Inside one VXSW_A_ALLOWED_ADDR. */
static const struct proto_policy allowed_policy[VXSW_A_NEIGH_ADDR + 1] = {
	[VXSW_A_MAC] = BIN(6, 6),
	[VXSW_A_NEIGH_ADDR] = ADDR,
};

/* Inside VXSW_FLOW_A_MATCH: each field's value then its mask. */
#define FIELD(n) BIN(2 * (n), 2 * (n))
static const struct proto_policy match_policy[VXSW_FLOW_F_MAX + 1] = {
	[VXSW_FLOW_F_VNI] = FIELD(4),	     [VXSW_FLOW_F_ETH_DST] = FIELD(6),
	[VXSW_FLOW_F_ETH_SRC] = FIELD(6),    [VXSW_FLOW_F_ETHERTYPE] = FIELD(2),
	[VXSW_FLOW_F_IP_VERSION] = FIELD(1), [VXSW_FLOW_F_IP_SRC] = FIELD(16),
	[VXSW_FLOW_F_IP_DST] = FIELD(16),    [VXSW_FLOW_F_IP_PROTO] = FIELD(1),
	[VXSW_FLOW_F_L4_SRC] = FIELD(2),     [VXSW_FLOW_F_L4_DST] = FIELD(2),
};

/* Inside one VXSW_A_FLOW. */
static const struct proto_policy flow_policy[VXSW_FLOW_A_MAX + 1] = {
	[VXSW_FLOW_A_OP] = U8(0, VXSW_FLOW_OP_MAX),
	[VXSW_FLOW_A_ID] = U32(1, 0),
	[VXSW_FLOW_A_PRIORITY] = U32(0, 0),
	[VXSW_FLOW_A_IN_PORT] = STR(VXSW_NAME_MAX),
	[VXSW_FLOW_A_MATCH] = {.kind = PROTO_NESTED,
			       .nested = match_policy,
			       .nested_max = VXSW_FLOW_F_MAX},
	[VXSW_FLOW_A_ACTION] = U8(0, VXSW_FLOW_ACT_MAX),
	[VXSW_FLOW_A_OUT_PORT] = STR(VXSW_NAME_MAX),
	[VXSW_FLOW_A_REMOTE] = ADDR,
	[VXSW_FLOW_A_ENCAP_VNI] = U32(1, 0xffffff),
	[VXSW_FLOW_A_PACKETS] = U64,
	[VXSW_FLOW_A_BYTES] = U64,
};

const struct proto_policy proto_policy[VXSW_A_MAX + 1] = {
	[VXSW_A_PORT_NAME] = STR(VXSW_NAME_MAX),
	[VXSW_A_PORT_ID] = U16(0, 0),
	[VXSW_A_PORT_ROLE] = U8(0, VXSW_PORT_UNDERLAY),
	[VXSW_A_VNI] = U32(0, 0xffffff),
	[VXSW_A_LOCAL] = ADDR,
	[VXSW_A_PREFIXLEN] = U8(0, 128),
	[VXSW_A_GATEWAY] = ADDR,
	[VXSW_A_MTU] = U16(0, 0),
	[VXSW_A_DSTPORT] = U16(1, 0),
	[VXSW_A_SPORT_MIN] = U16(1, 0),
	[VXSW_A_SPORT_MAX] = U16(1, 0),
	[VXSW_A_TTL] = U8(1, 0),
	[VXSW_A_REMOTE] = ADDR,
	[VXSW_A_MAC] = BIN(6, 6),
	[VXSW_A_FDB_STATIC] = FLAG,
	[VXSW_A_AGE] = U32(0, 0),
	[VXSW_A_AGEING] = U32(0, 0),
	[VXSW_A_LIMIT_FDB] = U32(0, 0),
	[VXSW_A_LIMIT_VNI_MACS] = U32(0, 0),
	[VXSW_A_LIMIT_PORT_MACS] = U32(0, 0),
	[VXSW_A_LIMIT_MACS] = U32(0, 0),
	[VXSW_A_RESERVED_BITS] = U8(0, VXSW_RESERVED_IGNORE),
	[VXSW_A_LEARN_UNKNOWN_VTEP] = U8(0, 1),
	[VXSW_A_UDP_CSUM] = U8(0, VXSW_UDP_CSUM_VERIFY),
	[VXSW_A_STATS] = {.kind = PROTO_NESTED,
			  .nested = stats_policy,
			  .nested_max = VXSW_STAT_MAX},
	[VXSW_A_DROPS] = {.kind = PROTO_NESTED_LIST,
			  .nested = drop_policy,
			  .nested_max = VXSW_A_DROP_COUNT,
			  .nested_type = VXSW_A_DROP},
	[VXSW_A_DROP] = {.kind = PROTO_NESTED,
			 .nested = drop_policy,
			 .nested_max = VXSW_A_DROP_COUNT},
	[VXSW_A_DROP_NAME] = STR(VXSW_NAME_MAX),
	[VXSW_A_DROP_ID] = U32(0, 0),
	[VXSW_A_DROP_COUNT] = U64,
	[VXSW_A_NEIGH_ADDR] = ADDR,
	[VXSW_A_NEIGH_STATE] = U8(0, VXSW_NEIGH_PERMANENT),
	[VXSW_A_NEXTHOP] = ADDR,
	[VXSW_A_VERSION] = STR(VXSW_NAME_MAX),
	[VXSW_A_UPTIME] = U64,
	[VXSW_A_LCORES] = {.kind = PROTO_NESTED_LIST,
			   .nested = lcore_policy,
			   .nested_max = VXSW_A_LCORE_ID,
			   .nested_type = VXSW_A_LCORE},
	[VXSW_A_LCORE] = {.kind = PROTO_NESTED,
			  .nested = lcore_policy,
			  .nested_max = VXSW_A_LCORE_ID},
	[VXSW_A_LCORE_ID] = U32(0, 0),
	[VXSW_A_PORT_MAC] = BIN(6, 6),
	[VXSW_A_LINK_UP] = U8(0, 1),
	[VXSW_A_COUNT] = U32(0, 0),
	[VXSW_A_LIMIT_VNIS] = U32(0, 0),
	[VXSW_A_LIMIT_VTEPS] = U32(0, 0),
	[VXSW_A_FDB_SIZE] = U32(0, 0),
	[VXSW_A_LEARN_REFUSED] = {.kind = PROTO_NESTED,
				  .nested = refuse_policy,
				  .nested_max = VXSW_REFUSE_MAX},
	[VXSW_A_N_PORTS] = U32(0, 0),
	[VXSW_A_N_VNIS] = U32(0, 0),
	[VXSW_A_N_VTEPS] = U32(0, 0),
	[VXSW_A_N_MACS] = U32(0, 0),
	[VXSW_A_N_FLOOD] = U32(0, 0),
	[VXSW_A_REFS] = U32(0, 0),
	[VXSW_A_FDB_EXTERN] = FLAG,
	[VXSW_A_EVENT] = U8(0, VXSW_EVENT_DEL),
	[VXSW_A_BACKEND] = STR(VXSW_NAME_MAX),
	[VXSW_A_DP_SOCKET] = STR(108),
	[VXSW_A_DP_CONNECTED] = U8(0, 1),
	[VXSW_A_EPOCH] = U32(0, 0),
	[VXSW_A_DAEMON_STATS] = {.kind = PROTO_NESTED,
				 .nested = dstats_policy,
				 .nested_max = VXSW_DSTAT_MAX},
	[VXSW_A_PASSES] = {.kind = PROTO_NESTED_LIST,
			   .nested = drop_policy,
			   .nested_max = VXSW_A_DROP_COUNT,
			   .nested_type = VXSW_A_DROP},
	[VXSW_A_FLOWS] = {.kind = PROTO_NESTED_LIST,
			  .nested = flow_policy,
			  .nested_max = VXSW_FLOW_A_MAX,
			  .nested_type = VXSW_A_FLOW},
	[VXSW_A_FLOW] = {.kind = PROTO_NESTED,
			 .nested = flow_policy,
			 .nested_max = VXSW_FLOW_A_MAX},
	[VXSW_A_N_FLOWS] = U32(0, 0),
	[VXSW_A_LIMIT_FLOWS] = U32(0, 0),
	[VXSW_A_FLOW_IDS] = BIN(0, UINT16_MAX),
	[VXSW_A_PORT_SECURITY] = U8(0, 1),
	[VXSW_A_ALLOWED] = {.kind = PROTO_NESTED_LIST,
			    .nested = allowed_policy,
			    .nested_max = VXSW_A_NEIGH_ADDR,
			    .nested_type = VXSW_A_ALLOWED_ADDR},
	[VXSW_A_ALLOWED_ADDR] = {.kind = PROTO_NESTED,
				 .nested = allowed_policy,
				 .nested_max = VXSW_A_NEIGH_ADDR},
};

const struct proto_policy *const proto_flow_policy = flow_policy;

static const char *const attr_names[VXSW_A_MAX + 1] = {
	[VXSW_A_PORT_NAME] = "port-name",
	[VXSW_A_PORT_ID] = "port-id",
	[VXSW_A_PORT_ROLE] = "port-role",
	[VXSW_A_VNI] = "vni",
	[VXSW_A_LOCAL] = "local",
	[VXSW_A_PREFIXLEN] = "prefixlen",
	[VXSW_A_GATEWAY] = "gateway",
	[VXSW_A_MTU] = "mtu",
	[VXSW_A_DSTPORT] = "dstport",
	[VXSW_A_SPORT_MIN] = "sport-min",
	[VXSW_A_SPORT_MAX] = "sport-max",
	[VXSW_A_TTL] = "ttl",
	[VXSW_A_REMOTE] = "remote",
	[VXSW_A_MAC] = "mac",
	[VXSW_A_FDB_STATIC] = "fdb-static",
	[VXSW_A_AGE] = "age",
	[VXSW_A_AGEING] = "ageing",
	[VXSW_A_LIMIT_FDB] = "limit-fdb",
	[VXSW_A_LIMIT_VNI_MACS] = "limit-vni-macs",
	[VXSW_A_LIMIT_PORT_MACS] = "limit-port-macs",
	[VXSW_A_LIMIT_MACS] = "limit-macs",
	[VXSW_A_RESERVED_BITS] = "reserved-bits",
	[VXSW_A_LEARN_UNKNOWN_VTEP] = "learn-unknown-vtep",
	[VXSW_A_UDP_CSUM] = "udp-csum",
	[VXSW_A_STATS] = "stats",
	[VXSW_A_DROPS] = "drops",
	[VXSW_A_DROP] = "drop",
	[VXSW_A_DROP_NAME] = "drop-name",
	[VXSW_A_DROP_ID] = "drop-id",
	[VXSW_A_DROP_COUNT] = "drop-count",
	[VXSW_A_NEIGH_ADDR] = "neigh-addr",
	[VXSW_A_NEIGH_STATE] = "neigh-state",
	[VXSW_A_NEXTHOP] = "nexthop",
	[VXSW_A_VERSION] = "version",
	[VXSW_A_UPTIME] = "uptime",
	[VXSW_A_LCORES] = "lcores",
	[VXSW_A_LCORE] = "lcore",
	[VXSW_A_LCORE_ID] = "lcore-id",
	[VXSW_A_PORT_MAC] = "port-mac",
	[VXSW_A_LINK_UP] = "link-up",
	[VXSW_A_COUNT] = "count",
	[VXSW_A_LIMIT_VNIS] = "limit-vnis",
	[VXSW_A_LIMIT_VTEPS] = "limit-vteps",
	[VXSW_A_FDB_SIZE] = "fdb-size",
	[VXSW_A_LEARN_REFUSED] = "learn-refused",
	[VXSW_A_N_PORTS] = "n-ports",
	[VXSW_A_N_VNIS] = "n-vnis",
	[VXSW_A_N_VTEPS] = "n-vteps",
	[VXSW_A_N_MACS] = "n-macs",
	[VXSW_A_N_FLOOD] = "n-flood",
	[VXSW_A_REFS] = "refs",
	[VXSW_A_FDB_EXTERN] = "fdb-extern",
	[VXSW_A_EVENT] = "event",
	[VXSW_A_BACKEND] = "backend",
	[VXSW_A_DP_SOCKET] = "dp-socket",
	[VXSW_A_DP_CONNECTED] = "dp-connected",
	[VXSW_A_EPOCH] = "epoch",
	[VXSW_A_DAEMON_STATS] = "daemon-stats",
	[VXSW_A_PASSES] = "passes",
	[VXSW_A_FLOWS] = "flows",
	[VXSW_A_FLOW] = "flow",
	[VXSW_A_N_FLOWS] = "n-flows",
	[VXSW_A_LIMIT_FLOWS] = "limit-flows",
	[VXSW_A_FLOW_IDS] = "flow-ids",
	[VXSW_A_PORT_SECURITY] = "port-security",
	[VXSW_A_ALLOWED] = "allowed",
	[VXSW_A_ALLOWED_ADDR] = "allowed-addr",
};

static const char *const cmd_names[VXSW_CMD_MAX + 1] = {
	[VXSW_CMD_STATUS_GET] = "status-get",
	[VXSW_CMD_CONFIG_SET] = "config-set",
	[VXSW_CMD_UNDERLAY_SET] = "underlay-set",
	[VXSW_CMD_PORT_GET] = "port-get",
	[VXSW_CMD_PORT_SET] = "port-set",
	[VXSW_CMD_VNI_NEW] = "vni-new",
	[VXSW_CMD_VNI_DEL] = "vni-del",
	[VXSW_CMD_VNI_GET] = "vni-get",
	[VXSW_CMD_FLOOD_NEW] = "flood-new",
	[VXSW_CMD_FLOOD_DEL] = "flood-del",
	[VXSW_CMD_FLOOD_GET] = "flood-get",
	[VXSW_CMD_FDB_NEW] = "fdb-new",
	[VXSW_CMD_FDB_DEL] = "fdb-del",
	[VXSW_CMD_FDB_GET] = "fdb-get",
	[VXSW_CMD_FDB_FLUSH] = "fdb-flush",
	[VXSW_CMD_NEIGH_NEW] = "neigh-new",
	[VXSW_CMD_NEIGH_DEL] = "neigh-del",
	[VXSW_CMD_NEIGH_GET] = "neigh-get",
	[VXSW_CMD_VTEP_GET] = "vtep-get",
	[VXSW_CMD_STATS_GET] = "stats-get",
	[VXSW_CMD_STATS_CLEAR] = "stats-clear",
	[VXSW_CMD_EVENTS_SUBSCRIBE] = "events-subscribe",
	[VXSW_CMD_FDB_EVENT] = "fdb-event",
	[VXSW_CMD_EVENTS_LOST] = "events-lost",
	[VXSW_CMD_DAEMON_GET] = "daemon-get",
	[VXSW_CMD_FLOW_BATCH] = "flow-batch",
	[VXSW_CMD_FLOW_GET] = "flow-get",
	[VXSW_CMD_PORT_SECURITY_SET] = "port-security-set",
};

const char *proto_attr_name(unsigned int type)
{
	if (type > VXSW_A_MAX || !attr_names[type])
		return "unknown";
	return attr_names[type];
}

const char *proto_cmd_name(unsigned int cmd)
{
	if (cmd > VXSW_CMD_MAX || !cmd_names[cmd])
		return "unknown";
	return cmd_names[cmd];
}

int proto_err_set(struct proto_err *err, int err_no, const struct nlattr *attr, const char *msg)
{
	if (err) {
		err->msg = msg;
		err->attr = attr;
		err->miss_type = 0;
	}
	return err_no;
}

/* Like proto_err_set with a formatted message kept in err->buf. */
__attribute__((format(printf, 4, 5))) static int
err_fmt(struct proto_err *err, int err_no, const struct nlattr *attr, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return err_no;
	va_start(ap, fmt);
	vsnprintf(err->buf, sizeof(err->buf), fmt, ap);
	va_end(ap);
	return proto_err_set(err, err_no, attr, err->buf);
}

/* ---- validation ---- */

static int parse_range(const void *base, size_t len, const struct proto_policy *policy,
		       unsigned int max, const struct nlattr **tb, bool top, struct proto_err *err);

static const char *pol_name(unsigned int type, bool top, char *buf, size_t size)
{
	if (top)
		return proto_attr_name(type);
	snprintf(buf, size, "nested attribute %u", type);
	return buf;
}

static int validate(const struct nlattr *a, const struct proto_policy *pol, bool top,
		    struct proto_err *err)
{
	static const uint8_t int_len[] = {
		[PROTO_U8] = 1, [PROTO_U16] = 2, [PROTO_U32] = 4, [PROTO_U64] = 8};
	const struct nlattr *tb[PROTO_TB_MAX];
	unsigned int type = mnl_attr_get_type(a);
	size_t plen = mnl_attr_get_payload_len(a);
	const char *p = mnl_attr_get_payload(a);
	char nbuf[32];
	const char *name = pol_name(type, top, nbuf, sizeof(nbuf));
	uint64_t v, hi;
	size_t off;
	int ret;

	switch (pol->kind) {
	case PROTO_FLAG:
		if (plen)
			return err_fmt(err, -EINVAL, a, "attribute %s: a flag has no payload",
				       name);
		return 0;
	case PROTO_U8:
	case PROTO_U16:
	case PROTO_U32:
	case PROTO_U64:
		if (plen != int_len[pol->kind])
			return err_fmt(err, -EINVAL, a, "attribute %s: length %zu, expected %u",
				       name, plen, int_len[pol->kind]);
		if (pol->kind == PROTO_U64)
			return 0;
		v = pol->kind == PROTO_U8    ? mnl_attr_get_u8(a)
		    : pol->kind == PROTO_U16 ? mnl_attr_get_u16(a)
					     : mnl_attr_get_u32(a);
		hi = pol->max ? pol->max : (UINT64_C(1) << (8 * plen)) - 1;
		if (v < pol->min || v > hi)
			return err_fmt(err, -ERANGE, a,
				       "attribute %s: value %" PRIu64 " out of range %" PRIu64
				       "-%" PRIu64,
				       name, v, pol->min, hi);
		return 0;
	case PROTO_STRING:
		if (!plen || !memchr(p, '\0', plen))
			return err_fmt(err, -EINVAL, a, "attribute %s: string not NUL-terminated",
				       name);
		if (!p[0])
			return err_fmt(err, -EINVAL, a, "attribute %s: empty string", name);
		if (strlen(p) + 1 > pol->max_len)
			return err_fmt(err, -ENAMETOOLONG, a,
				       "attribute %s: string longer than %u bytes", name,
				       pol->max_len - 1);
		return 0;
	case PROTO_BINARY:
		if (plen < pol->min_len || plen > pol->max_len) {
			if (pol->min_len == pol->max_len)
				return err_fmt(err, -EINVAL, a,
					       "attribute %s: length %zu, expected %u", name, plen,
					       pol->min_len);
			return err_fmt(err, -EINVAL, a, "attribute %s: length %zu, expected %u-%u",
				       name, plen, pol->min_len, pol->max_len);
		}
		return 0;
	case PROTO_ADDR:
		if (plen != 4 && plen != 16)
			return err_fmt(err, -EINVAL, a,
				       "attribute %s: length %zu, expected 4 (IPv4) or 16 (IPv6)",
				       name, plen);
		return 0;
	case PROTO_NESTED:
		return parse_range(p, plen, pol->nested, pol->nested_max, tb, false, err);
	case PROTO_NESTED_LIST:
		/* Each element: an attribute of type nested_type holding nested attributes. */
		for (off = 0; off < plen;
		     off += MNL_ALIGN(((const struct nlattr *)(p + off))->nla_len)) {
			const struct nlattr *e = (const struct nlattr *)(p + off);

			if (plen - off < MNL_ATTR_HDRLEN || e->nla_len < MNL_ATTR_HDRLEN ||
			    e->nla_len > plen - off)
				return err_fmt(err, -EINVAL, e, "attribute %s: element truncated",
					       name);
			if (mnl_attr_get_type(e) != pol->nested_type)
				return err_fmt(err, -EINVAL, e,
					       "attribute %s: element of type %u, expected %u",
					       name, mnl_attr_get_type(e), pol->nested_type);
			ret = parse_range(mnl_attr_get_payload(e), mnl_attr_get_payload_len(e),
					  pol->nested, pol->nested_max, tb, false, err);
			if (ret < 0)
				return ret;
		}
		return 0;
	case PROTO_UNSPEC:
		break;
	}
	return err_fmt(err, -EINVAL, a, "unknown attribute type %u", type);
}

int proto_validate_attr(const struct nlattr *attr, const struct proto_policy *pol,
			struct proto_err *err)
{
	return validate(attr, pol, true, err);
}

static int parse_range(const void *base, size_t len, const struct proto_policy *policy,
		       unsigned int max, const struct nlattr **tb, bool top, struct proto_err *err)
{
	char nbuf[32];
	size_t off = 0;
	int ret;

	if (max >= PROTO_TB_MAX)
		return proto_err_set(err, -EINVAL, NULL, "policy too large");
	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (off < len) {
		const struct nlattr *a = (const struct nlattr *)((const char *)base + off);
		unsigned int type;

		if (len - off < MNL_ATTR_HDRLEN)
			return err_fmt(err, -EINVAL, a, "attribute truncated: %zu trailing bytes",
				       len - off);
		if (a->nla_len < MNL_ATTR_HDRLEN || a->nla_len > len - off)
			return err_fmt(err, -EINVAL, a,
				       "attribute length %u invalid: %zu bytes left in message",
				       a->nla_len, len - off);
		type = mnl_attr_get_type(a);
		/* Never index policy past max: unknown types are refused here. */
		if (type == 0 || type > max || policy[type].kind == PROTO_UNSPEC)
			return err_fmt(err, -EINVAL, a, "unknown attribute type %u", type);
		if (tb[type])
			return err_fmt(err, -EINVAL, a, "attribute %s given twice",
				       pol_name(type, top, nbuf, sizeof(nbuf)));
		ret = validate(a, &policy[type], top, err);
		if (ret < 0)
			return ret;
		tb[type] = a;
		off += MNL_ALIGN(a->nla_len);
	}
	return 0;
}

int proto_parse(const struct nlmsghdr *nlh, const struct proto_policy *policy, unsigned int max,
		const struct nlattr **tb, struct proto_err *err)
{
	if (nlh->nlmsg_len < PROTO_HDRLEN)
		return proto_err_set(err, -EINVAL, NULL, "message truncated");
	return parse_range((const char *)nlh + PROTO_HDRLEN, nlh->nlmsg_len - PROTO_HDRLEN, policy,
			   max, tb, policy == proto_policy, err);
}

int proto_parse_nested(const struct nlattr *nest, const struct proto_policy *policy,
		       unsigned int max, const struct nlattr **tb, struct proto_err *err)
{
	return parse_range(mnl_attr_get_payload(nest), mnl_attr_get_payload_len(nest), policy, max,
			   tb, policy == proto_policy, err);
}

/* ---- building ---- */

struct nlmsghdr *proto_msg_start(void *buf, size_t size, uint8_t cmd, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct vxsw_msghdr *vh;

	if (size < PROTO_HDRLEN)
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = VXSW_MSG_TYPE;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	vh = mnl_nlmsg_put_extra_header(nlh, sizeof(*vh));
	vh->cmd = cmd;
	vh->version = VXSW_PROTO_VERSION;
	return nlh;
}

void proto_get_ip(const struct nlattr *a, struct vxsw_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (mnl_attr_get_payload_len(a) == 4) {
		ip->family = VXSW_AF_INET;
		memcpy(&ip->v4, mnl_attr_get_payload(a), 4);
	} else {
		ip->family = VXSW_AF_INET6;
		memcpy(ip->v6, mnl_attr_get_payload(a), 16);
	}
}

bool proto_put_ip(struct nlmsghdr *nlh, size_t size, uint16_t type, const struct vxsw_ip *ip)
{
	if (ip->family == VXSW_AF_INET)
		return mnl_attr_put_check(nlh, size, type, 4, &ip->v4);
	if (ip->family == VXSW_AF_INET6)
		return mnl_attr_put_check(nlh, size, type, 16, ip->v6);
	return true; /* unset */
}

int proto_ack_build(void *buf, size_t size, const void *req, size_t req_len, int error,
		    const struct proto_err *err)
{
	struct nlmsghdr hdr = {0}, *nlh;
	struct nlmsgerr *e;
	size_t echo = 0, tlv = 0, msg_len = 0;
	uint32_t offs = 0;
	bool has_offs = false;

	memcpy(&hdr, req, req_len < sizeof(hdr) ? req_len : sizeof(hdr));
	/* Echo the request only when all of it was received; otherwise cap it. */
	if (error && req_len >= sizeof(hdr) && hdr.nlmsg_len >= sizeof(hdr) &&
	    hdr.nlmsg_len <= req_len)
		echo = hdr.nlmsg_len - sizeof(hdr);
	if (error && err) {
		if (err->msg) {
			msg_len = strlen(err->msg) + 1;
			tlv += MNL_ATTR_HDRLEN + MNL_ALIGN(msg_len);
		}
		if (err->attr && (const char *)err->attr >= (const char *)req &&
		    (size_t)((const char *)err->attr - (const char *)req) < req_len) {
			offs = (const char *)err->attr - (const char *)req;
			has_offs = true;
			tlv += MNL_ATTR_HDRLEN + 4;
		}
		if (err->miss_type)
			tlv += MNL_ATTR_HDRLEN + 4;
	}
	if (MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*e)) + MNL_ALIGN(echo) + tlv > size)
		echo = 0;
	if (MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*e)) + tlv > size)
		return -EMSGSIZE;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = hdr.nlmsg_seq;
	nlh->nlmsg_pid = hdr.nlmsg_pid;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) + echo);
	e->error = error;
	e->msg = hdr;
	if (echo)
		memcpy(e + 1, (const char *)req + sizeof(hdr), echo);
	else
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	if (tlv) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		if (msg_len)
			mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, err->msg);
		if (has_offs)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
		if (err->miss_type)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, err->miss_type);
	}
	return nlh->nlmsg_len;
}

int proto_done_build(void *buf, size_t size, const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh;
	int *status;

	if (size < MNL_NLMSG_HDRLEN + sizeof(int))
		return -EMSGSIZE;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = req->nlmsg_pid;
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(*status));
	*status = 0;
	return nlh->nlmsg_len;
}

/* ---- parsing answers ---- */

static int parse_ack_tlvs(const char *p, size_t len, const struct nlmsghdr *req,
			  struct proto_ack *ack)
{
	size_t off = 0;

	while (off < len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);
		size_t plen;

		if (len - off < MNL_ATTR_HDRLEN || a->nla_len < MNL_ATTR_HDRLEN ||
		    a->nla_len > len - off)
			return -EBADMSG;
		plen = mnl_attr_get_payload_len(a);
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (!plen || !memchr(mnl_attr_get_payload(a), '\0', plen))
				return -EBADMSG;
			snprintf(ack->msg, sizeof(ack->msg), "%s", mnl_attr_get_str(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (plen != 4)
				return -EBADMSG;
			ack->offs = mnl_attr_get_u32(a);
			ack->has_offs = true;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen != 4)
				return -EBADMSG;
			ack->miss_type = mnl_attr_get_u32(a);
			ack->has_miss_type = true;
			break;
		default:
			break; /* newer kernels' TLVs we do not use */
		}
		off += MNL_ALIGN(a->nla_len);
	}
	if (ack->has_offs && req && ack->offs >= PROTO_HDRLEN &&
	    (uint64_t)ack->offs + MNL_ATTR_HDRLEN <= req->nlmsg_len)
		ack->bad_type =
			mnl_attr_get_type((const struct nlattr *)((const char *)req + ack->offs));
	return 0;
}

int proto_ack_parse(const struct nlmsghdr *nlh, const struct nlmsghdr *req, struct proto_ack *ack)
{
	const char *p = mnl_nlmsg_get_payload(nlh);
	size_t len, off;
	int error;

	memset(ack, 0, sizeof(*ack));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN)
		return -EBADMSG;
	len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (len < sizeof(int))
			return 0;
		memcpy(&error, p, sizeof(error));
		off = MNL_ALIGN(sizeof(int));
	} else if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const struct nlmsgerr *)p;

		if (len < sizeof(*e))
			return -EBADMSG;
		error = e->error;
		off = MNL_ALIGN(sizeof(*e));
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			/* The whole request is echoed, so it fits. In size_t: a length near
			 * 4 GiB wraps to 0 in MNL_ALIGN, and the echo is read as TLVs. */
			if (e->msg.nlmsg_len < MNL_NLMSG_HDRLEN)
				return -EBADMSG;
			off = MNL_ALIGN(sizeof(e->error)) + MNL_ALIGN((size_t)e->msg.nlmsg_len);
			if (off > len)
				return -EBADMSG;
		}
	} else {
		return -EBADMSG;
	}
	if (error > 0 || error < -4095)
		return -EBADMSG;
	ack->error = error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= len)
		return 0;
	return parse_ack_tlvs(p + off, len - off, req, ack);
}

/* ---- sockets ---- */

static int fill_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (!path[0] || strlen(path) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, path);
	return 0;
}

int proto_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd, ret;

	ret = fill_addr(&sun, path);
	if (ret < 0)
		return ret;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/* Create the socket's directory (one level) 0750 if it does not exist. */
static int make_dir(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0750) == 0)
		return chmod(dir, 0750) < 0 ? -errno : 0;
	return errno == EEXIST ? 0 : -errno;
}

/* Remove a socket left by a dead server; refuse to touch anything else. */
static int remove_stale(const char *path)
{
	struct stat st;
	int fd;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = proto_connect(path);
	if (fd >= 0) {
		close(fd);
		return -EADDRINUSE;
	}
	if (fd != -ECONNREFUSED)
		return fd;
	return unlink(path) < 0 ? -errno : 0;
}

int proto_listen(const char *path, int backlog)
{
	struct sockaddr_un sun;
	int fd, ret;

	ret = fill_addr(&sun, path);
	if (ret < 0)
		return ret;
	ret = make_dir(path);
	if (ret < 0)
		return ret;
	ret = remove_stale(path);
	if (ret < 0)
		return ret;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		goto err_close;
	/* Before listen(): nobody can connect while the mode is still the umask's. */
	if (chmod(path, 0660) < 0)
		goto err_unlink;
	if (listen(fd, backlog) < 0)
		goto err_unlink;
	return fd;

err_unlink:
	ret = -errno;
	unlink(path);
	close(fd);
	return ret;
err_close:
	ret = -errno;
	close(fd);
	return ret;
}

int proto_cred_allowed(const struct ucred *cred)
{
	if (cred->uid == 0 || cred->uid == geteuid() || cred->gid == getegid())
		return 0;
	return -EPERM;
}

int proto_accept(int lfd, struct ucred *cred)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);
	int fd, ret;

	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (cred)
		*cred = uc;
	ret = proto_cred_allowed(&uc);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

/* ---- client transaction ---- */

static ssize_t recv_msg(int fd, void *buf, size_t size)
{
	struct iovec iov = {.iov_base = buf, .iov_len = size};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;

	do {
		n = recvmsg(fd, &mh, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? -ETIMEDOUT : -errno;
	if (n == 0)
		return -ECONNRESET;
	if (mh.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	return n;
}

int proto_transact(int fd, const struct nlmsghdr *req, proto_reply_cb cb, void *arg,
		   struct proto_ack *ack)
{
	struct proto_ack local;
	bool done = false;
	int cb_err = 0, ret = 0;
	ssize_t n;
	char *buf;

	if (!ack)
		ack = &local;
	memset(ack, 0, sizeof(*ack));
	if (!(req->nlmsg_flags & (NLM_F_ACK | NLM_F_DUMP)) || req->nlmsg_len > VXSW_MSG_MAX)
		return -EINVAL;
	do {
		n = send(fd, req, req->nlmsg_len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;

	buf = malloc(VXSW_MSG_MAX);
	if (!buf)
		return -ENOMEM;
	while (!done) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int rem;

		n = recv_msg(fd, buf, VXSW_MSG_MAX);
		if (n < 0) {
			ret = n;
			goto out;
		}
		for (rem = n; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq)
				continue; /* the end of an earlier, abandoned answer */
			if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
				ret = proto_ack_parse(nlh, req, ack);
				if (ret == 0)
					ret = ack->error;
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_NOOP)
				continue;
			if (nlh->nlmsg_type != VXSW_MSG_TYPE || nlh->nlmsg_len < PROTO_HDRLEN) {
				ret = -EBADMSG;
				goto out;
			}
			if (cb && !cb_err)
				cb_err = cb(nlh, arg);
		}
		if (!done && rem) {
			ret = -EBADMSG;
			goto out;
		}
	}
	if (!ret)
		ret = cb_err;
out:
	free(buf);
	return ret;
}
