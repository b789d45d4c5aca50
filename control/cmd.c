// SPDX-License-Identifier: BSD-3-Clause
/*
 * cmd: text commands -> control-protocol requests. Each command is a row of a table saying
 * which positional words and keyword arguments it takes and which attribute each becomes, so
 * the grammar in cmd_usage, the parser and the man page stay in step.
 */
#include "cmd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vxsw/proto.h>

#include "flowspec.h"
#include "proto.h"
#include "words.h"

const char cmd_usage[] =
	"status\n"
	"config set [ageing SECS] [fdb-limit N] [vni-mac-limit N] [port-mac-limit N]\n"
	"           [reserved-bits drop|ignore] [learn-unknown-vtep on|off] [udp-csum "
	"verify|ignore]\n"
	"underlay set [port NAME] [local ADDR/LEN] [gateway ADDR] [mtu N] [dstport N]\n"
	"             [srcport MIN MAX] [ttl N]\n"
	"underlay show\n"
	"port show [NAME]\n"
	"port set NAME vni N|none\n"
	"port security NAME off | on | allow MAC[,ADDR] [allow MAC[,ADDR]]...\n"
	"vni add N [mac-limit N]\n"
	"vni del N\n"
	"vni show [N]\n"
	"flood add vni N dst ADDR\n"
	"flood del vni N dst ADDR\n"
	"flood show [vni N]\n"
	"fdb add MAC vni N port NAME|dst ADDR [extern_learn]\n"
	"fdb del MAC vni N\n"
	"fdb show [vni N]\n"
	"fdb flush [vni N] [static]\n"
	"neigh add ADDR lladdr MAC\n"
	"neigh del ADDR\n"
	"neigh show\n"
	"vtep show\n"
	"stats show\n"
	"stats clear\n"
	"daemon show\n"
	"flow add [id N] [priority N] [MATCH...] action ACTION\n"
	"flow del ID | flow del [priority N] [MATCH...]\n"
	"flow mod ID action ACTION\n"
	"flow flush\n"
	"flow show | flow dump\n"
	"flow batch FILE|-\n"
	"  MATCH := in_port NAME | vni N | src_mac|dst_mac MAC[/MASK] | eth_type ipv4|ipv6|arp|N\n"
	"           | ip_version 4|6|none | src_ip|dst_ip ADDR[/LEN] | ip_proto tcp|udp|icmp|N\n"
	"           | src_port|dst_port N[/MASK]\n"
	"  ACTION := normal | drop | count | flood | output PORT | encap ADDR [vni N]\n";

enum arg_kind {
	ARG_VNI,      /* 1-16777215 */
	ARG_VNI_NONE, /* a VNI or "none" (sent as 0) */
	ARG_U32,
	ARG_U16_NZ, /* 1-65535 */
	ARG_U8_NZ,  /* 1-255 */
	ARG_NAME,
	ARG_ADDR,
	ARG_PREFIX, /* ADDR/LEN: the address and VXSW_A_PREFIXLEN */
	ARG_MAC,
	ARG_ENUM, /* one of words[]: the index is the u8 value */
	ARG_FLAG,
	ARG_SRCPORT, /* MIN MAX: VXSW_A_SPORT_MIN and VXSW_A_SPORT_MAX */
};

struct arg {
	const char *key; /* NULL: positional */
	enum arg_kind kind;
	uint16_t attr;
	bool required;
	const char *meta; /* the value as the usage writes it */
	const char *const *words;
};

#define CMD_MAX_ARGS 8

struct cmd_def {
	const char *object, *verb;
	uint8_t cmd;
	enum { DUMP_NO, DUMP_YES, DUMP_IF_NO_POS } dump;
	enum cmd_view view;
	bool need_one; /* "set": at least one argument */
	struct arg args[CMD_MAX_ARGS];
};

static const char *const w_reserved[] = {"drop", "ignore", NULL};
static const char *const w_onoff[] = {"off", "on", NULL};
static const char *const w_csum[] = {"ignore", "verify", NULL};

/* Keyword arguments (key != NULL) and positional ones; REQ marks the required ones. */
#define OPT(k, t, a, m)	 .key = (k), .kind = (t), .attr = (a), .meta = (m)
#define REQ(k, t, a, m)	 OPT(k, t, a, m), .required = true
#define ENUM(k, a, m, w) OPT(k, ARG_ENUM, a, m), .words = (w)
#define FLAG(k, a)	 .key = (k), .kind = ARG_FLAG, .attr = (a)
#define CMD(o, v, c)	 .object = (o), .verb = (v), .cmd = (c)

static const struct cmd_def cmds[] = {
	{CMD("status", NULL, VXSW_CMD_STATUS_GET)},
	{CMD("config", "set", VXSW_CMD_CONFIG_SET), .need_one = true,
	 .args = {{OPT("ageing", ARG_U32, VXSW_A_AGEING, "SECS")},
		  {OPT("fdb-limit", ARG_U32, VXSW_A_LIMIT_FDB, "N")},
		  {OPT("vni-mac-limit", ARG_U32, VXSW_A_LIMIT_VNI_MACS, "N")},
		  {OPT("port-mac-limit", ARG_U32, VXSW_A_LIMIT_PORT_MACS, "N")},
		  {ENUM("reserved-bits", VXSW_A_RESERVED_BITS, "drop|ignore", w_reserved)},
		  {ENUM("learn-unknown-vtep", VXSW_A_LEARN_UNKNOWN_VTEP, "on|off", w_onoff)},
		  {ENUM("udp-csum", VXSW_A_UDP_CSUM, "verify|ignore", w_csum)}}},
	{CMD("underlay", "set", VXSW_CMD_UNDERLAY_SET), .need_one = true,
	 .args = {{OPT("port", ARG_NAME, VXSW_A_PORT_NAME, "NAME")},
		  {OPT("local", ARG_PREFIX, VXSW_A_LOCAL, "ADDR/LEN")},
		  {OPT("gateway", ARG_ADDR, VXSW_A_GATEWAY, "ADDR")},
		  {OPT("mtu", ARG_U16_NZ, VXSW_A_MTU, "N")},
		  {OPT("dstport", ARG_U16_NZ, VXSW_A_DSTPORT, "N")},
		  {OPT("srcport", ARG_SRCPORT, VXSW_A_SPORT_MIN, "MIN MAX")},
		  {OPT("ttl", ARG_U8_NZ, VXSW_A_TTL, "N")}}},
	{CMD("underlay", "show", VXSW_CMD_STATUS_GET), .view = CMD_VIEW_UNDERLAY},
	{CMD("port", "show", VXSW_CMD_PORT_GET), .dump = DUMP_IF_NO_POS,
	 .args = {{OPT(NULL, ARG_NAME, VXSW_A_PORT_NAME, "NAME")}}},
	{CMD("port", "set", VXSW_CMD_PORT_SET),
	 .args = {{REQ(NULL, ARG_NAME, VXSW_A_PORT_NAME, "NAME")},
		  {REQ("vni", ARG_VNI_NONE, VXSW_A_VNI, "N|none")}}},
	/* port security: parsed by parse_port_security (the repeated "allow"). */
	{CMD("port", "security", VXSW_CMD_PORT_SECURITY_SET)},
	{CMD("vni", "add", VXSW_CMD_VNI_NEW),
	 .args = {{REQ(NULL, ARG_VNI, VXSW_A_VNI, "N")},
		  {OPT("mac-limit", ARG_U32, VXSW_A_LIMIT_MACS, "N")}}},
	{CMD("vni", "del", VXSW_CMD_VNI_DEL), .args = {{REQ(NULL, ARG_VNI, VXSW_A_VNI, "N")}}},
	{CMD("vni", "show", VXSW_CMD_VNI_GET), .dump = DUMP_IF_NO_POS,
	 .args = {{OPT(NULL, ARG_VNI, VXSW_A_VNI, "N")}}},
	{CMD("flood", "add", VXSW_CMD_FLOOD_NEW),
	 .args = {{REQ("vni", ARG_VNI, VXSW_A_VNI, "N")},
		  {REQ("dst", ARG_ADDR, VXSW_A_REMOTE, "ADDR")}}},
	{CMD("flood", "del", VXSW_CMD_FLOOD_DEL),
	 .args = {{REQ("vni", ARG_VNI, VXSW_A_VNI, "N")},
		  {REQ("dst", ARG_ADDR, VXSW_A_REMOTE, "ADDR")}}},
	{CMD("flood", "show", VXSW_CMD_FLOOD_GET), .dump = DUMP_YES,
	 .args = {{OPT("vni", ARG_VNI, VXSW_A_VNI, "N")}}},
	/* fdb add: args[2] and args[3] are the two exclusive destinations. */
	{CMD("fdb", "add", VXSW_CMD_FDB_NEW),
	 .args = {{REQ(NULL, ARG_MAC, VXSW_A_MAC, "MAC")},
		  {REQ("vni", ARG_VNI, VXSW_A_VNI, "N")},
		  {OPT("port", ARG_NAME, VXSW_A_PORT_NAME, "NAME")},
		  {OPT("dst", ARG_ADDR, VXSW_A_REMOTE, "ADDR")},
		  {FLAG("extern_learn", VXSW_A_FDB_EXTERN)}}},
	{CMD("fdb", "del", VXSW_CMD_FDB_DEL),
	 .args = {{REQ(NULL, ARG_MAC, VXSW_A_MAC, "MAC")}, {REQ("vni", ARG_VNI, VXSW_A_VNI, "N")}}},
	{CMD("fdb", "show", VXSW_CMD_FDB_GET), .dump = DUMP_YES,
	 .args = {{OPT("vni", ARG_VNI, VXSW_A_VNI, "N")}}},
	{CMD("fdb", "flush", VXSW_CMD_FDB_FLUSH),
	 .args = {{OPT("vni", ARG_VNI, VXSW_A_VNI, "N")}, {FLAG("static", VXSW_A_FDB_STATIC)}}},
	{CMD("neigh", "add", VXSW_CMD_NEIGH_NEW),
	 .args = {{REQ(NULL, ARG_ADDR, VXSW_A_NEIGH_ADDR, "ADDR")},
		  {REQ("lladdr", ARG_MAC, VXSW_A_MAC, "MAC")}}},
	{CMD("neigh", "del", VXSW_CMD_NEIGH_DEL),
	 .args = {{REQ(NULL, ARG_ADDR, VXSW_A_NEIGH_ADDR, "ADDR")}}},
	{CMD("neigh", "show", VXSW_CMD_NEIGH_GET), .dump = DUMP_YES},
	{CMD("vtep", "show", VXSW_CMD_VTEP_GET), .dump = DUMP_YES},
	{CMD("stats", "show", VXSW_CMD_STATS_GET)},
	{CMD("stats", "clear", VXSW_CMD_STATS_CLEAR)},
	{CMD("daemon", "show", VXSW_CMD_DAEMON_GET)},
	/* flow: parsed by flowspec.c (parse_flow below); the rows name the verbs. */
	{CMD("flow", "add", VXSW_CMD_FLOW_BATCH)},
	{CMD("flow", "del", VXSW_CMD_FLOW_BATCH)},
	{CMD("flow", "mod", VXSW_CMD_FLOW_BATCH)},
	{CMD("flow", "flush", VXSW_CMD_FLOW_BATCH)},
	{CMD("flow", "show", VXSW_CMD_FLOW_GET), .dump = DUMP_YES},
	{CMD("flow", "dump", VXSW_CMD_FLOW_GET), .dump = DUMP_YES}, /* ovs-ofctl's word */
	{CMD("flow", "batch", VXSW_CMD_FLOW_BATCH)},
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

struct ctx {
	struct nlmsghdr *nlh;
	size_t size;
	char *err;
	size_t errlen;
	const struct cmd_def *def;
};

__attribute__((format(printf, 3, 4))) static int fail(struct ctx *c, int ret, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

static int too_big(struct ctx *c)
{
	return fail(c, -EMSGSIZE, "request does not fit in %zu bytes", c->size);
}

/* A decimal number without sign, blanks or base prefix, in [lo, hi]. */
static int parse_num(const char *s, uint64_t lo, uint64_t hi, uint64_t *ret)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > hi)
			return -ERANGE;
	}
	if (v < lo)
		return -ERANGE;
	*ret = v;
	return 0;
}

static int put(struct ctx *c, uint16_t type, size_t len, const void *data)
{
	if (!mnl_attr_put_check(c->nlh, c->size, type, len, data))
		return too_big(c);
	return 0;
}

static int put_u32(struct ctx *c, uint16_t type, uint32_t v)
{
	return put(c, type, sizeof(v), &v);
}

static int put_u16(struct ctx *c, uint16_t type, uint16_t v)
{
	return put(c, type, sizeof(v), &v);
}

static int put_u8(struct ctx *c, uint16_t type, uint8_t v)
{
	return put(c, type, sizeof(v), &v);
}

/* The words of an enum as "a|b|c" for messages. */
static void join_words(const char *const *w, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *w && n < size; w++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "|" : "", *w);
}

/* Parse the value(s) of one argument at argv[0..]; returns words consumed or -errno. */
static int parse_value(struct ctx *c, const struct arg *a, int argc, char *const argv[])
{
	const char *what = a->key ? a->key : a->meta;
	uint8_t addr[16], mac[6];
	char buf[64], *slash;
	uint64_t v, v2;
	int len, i;

	if (a->kind == ARG_FLAG)
		return put(c, a->attr, 0, NULL) ?: 0;
	if (argc < 1 || (a->kind == ARG_SRCPORT && argc < 2))
		return fail(c, -EINVAL, "%s %s: \"%s\" needs %s", c->def->object, c->def->verb,
			    what, a->meta);

	switch (a->kind) {
	case ARG_VNI_NONE:
		if (!strcmp(argv[0], "none"))
			return put_u32(c, a->attr, 0) ?: 1;
		/* fall through */
	case ARG_VNI:
		if (parse_num(argv[0], 1, 0xffffff, &v))
			return fail(c, -EINVAL, "invalid VNI \"%s\": expected 1-16777215%s",
				    argv[0], a->kind == ARG_VNI_NONE ? " or none" : "");
		return put_u32(c, a->attr, (uint32_t)v) ?: 1;
	case ARG_U32:
		if (parse_num(argv[0], 0, UINT32_MAX, &v))
			return fail(c, -EINVAL, "invalid %s \"%s\": expected 0-4294967295", what,
				    argv[0]);
		return put_u32(c, a->attr, (uint32_t)v) ?: 1;
	case ARG_U16_NZ:
		if (parse_num(argv[0], 1, UINT16_MAX, &v))
			return fail(c, -EINVAL, "invalid %s \"%s\": expected 1-65535", what,
				    argv[0]);
		return put_u16(c, a->attr, (uint16_t)v) ?: 1;
	case ARG_U8_NZ:
		if (parse_num(argv[0], 1, UINT8_MAX, &v))
			return fail(c, -EINVAL, "invalid %s \"%s\": expected 1-255", what, argv[0]);
		return put_u8(c, a->attr, (uint8_t)v) ?: 1;
	case ARG_NAME:
		if (!argv[0][0] || strlen(argv[0]) >= VXSW_NAME_MAX)
			return fail(c, -EINVAL,
				    "invalid port name \"%s\": expected 1-%d characters", argv[0],
				    VXSW_NAME_MAX - 1);
		return put(c, a->attr, strlen(argv[0]) + 1, argv[0]) ?: 1;
	case ARG_ADDR:
		len = word_addr(argv[0], addr);
		if (len < 0)
			return fail(c, -EINVAL,
				    "invalid address \"%s\": expected an IPv4 or IPv6 address",
				    argv[0]);
		return put(c, a->attr, (size_t)len, addr) ?: 1;
	case ARG_PREFIX:
		/* Split in a copy; a word too long for it is refused, not cut down to a start that
		 * might parse. */
		slash = NULL;
		if ((size_t)snprintf(buf, sizeof(buf), "%s", argv[0]) < sizeof(buf))
			slash = strchr(buf, '/');
		if (slash)
			*slash = '\0';
		len = slash ? word_addr(buf, addr) : -EINVAL;
		if (len < 0 || parse_num(slash + 1, 0, len == 4 ? 32 : 128, &v))
			return fail(c, -EINVAL, "invalid %s \"%s\": expected ADDR/LEN", what,
				    argv[0]);
		return put(c, a->attr, (size_t)len, addr) ?: put_u8(c, VXSW_A_PREFIXLEN, (uint8_t)v)
									?: 1;
	case ARG_MAC:
		if (word_mac(argv[0], mac))
			return fail(c, -EINVAL,
				    "invalid MAC address \"%s\": expected xx:xx:xx:xx:xx:xx",
				    argv[0]);
		return put(c, a->attr, sizeof(mac), mac) ?: 1;
	case ARG_ENUM:
		for (i = 0; a->words[i]; i++)
			if (!strcmp(argv[0], a->words[i]))
				return put_u8(c, a->attr, (uint8_t)i) ?: 1;
		join_words(a->words, buf, sizeof(buf));
		return fail(c, -EINVAL, "invalid %s \"%s\": expected %s", what, argv[0], buf);
	case ARG_SRCPORT:
		if (parse_num(argv[0], 1, UINT16_MAX, &v))
			return fail(c, -EINVAL, "invalid srcport MIN \"%s\": expected 1-65535",
				    argv[0]);
		if (parse_num(argv[1], 1, UINT16_MAX, &v2))
			return fail(c, -EINVAL, "invalid srcport MAX \"%s\": expected 1-65535",
				    argv[1]);
		if (v > v2)
			return fail(c, -EINVAL, "invalid srcport range %s %s: MIN exceeds MAX",
				    argv[0], argv[1]);
		return put_u16(c, VXSW_A_SPORT_MIN, (uint16_t)v)
			       ?: put_u16(c, VXSW_A_SPORT_MAX, (uint16_t)v2) ?: 2;
	case ARG_FLAG:
		break;
	}
	return fail(c, -EINVAL, "internal error: argument kind %d", a->kind);
}

/* The verbs of object, or every object when object is NULL, as "a, b, c". */
static void list_words(const char *object, char *buf, size_t size)
{
	size_t n = 0, i;

	buf[0] = '\0';
	for (i = 0; i < N_CMDS && n < size; i++) {
		const char *w = object ? cmds[i].verb : cmds[i].object;

		if (!w || (object && strcmp(cmds[i].object, object)))
			continue;
		/* The table keeps each object's rows together. */
		if (!object && i > 0 && !strcmp(cmds[i - 1].object, w))
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", w);
	}
}

static bool is_key(const struct cmd_def *d, const char *word)
{
	int j;

	for (j = 0; j < CMD_MAX_ARGS; j++)
		if (d->args[j].key && !strcmp(d->args[j].key, word))
			return true;
	return false;
}

static int parse_args(struct ctx *c, int argc, char *const argv[], bool *has_pos)
{
	const struct cmd_def *d = c->def;
	bool seen[CMD_MAX_ARGS] = {false};
	int i = 0, j, n, pos = 0, given = 0;

	/* Positional words come first, in table order. */
	for (j = 0; j < CMD_MAX_ARGS && d->args[j].meta && !d->args[j].key; j++) {
		if (i >= argc || is_key(d, argv[i]))
			break;
		n = parse_value(c, &d->args[j], argc - i, argv + i);
		if (n < 0)
			return n;
		seen[j] = true;
		i += n;
		pos++;
	}
	while (i < argc) {
		for (j = 0; j < CMD_MAX_ARGS; j++)
			if (d->args[j].key && !strcmp(d->args[j].key, argv[i]))
				break;
		if (j == CMD_MAX_ARGS)
			return fail(c, -EINVAL, "%s %s: unknown argument \"%s\"", d->object,
				    d->verb, argv[i]);
		if (seen[j])
			return fail(c, -EINVAL, "%s %s: \"%s\" given twice", d->object, d->verb,
				    argv[i]);
		n = parse_value(c, &d->args[j], argc - i - 1, argv + i + 1);
		if (n < 0)
			return n;
		seen[j] = true;
		i += 1 + n;
		given++;
	}
	for (j = 0; j < CMD_MAX_ARGS; j++)
		if (d->args[j].required && !seen[j])
			return fail(c, -EINVAL, "%s %s: missing %s%s%s", d->object, d->verb,
				    d->args[j].key ? d->args[j].key : "", d->args[j].key ? " " : "",
				    d->args[j].meta);
	if (d->need_one && !given)
		return fail(c, -EINVAL, "%s %s: nothing to set", d->object, d->verb);
	/* fdb add: exactly one destination. */
	if (d->cmd == VXSW_CMD_FDB_NEW && seen[2] == seen[3])
		return fail(c, -EINVAL, "fdb add: give either \"port NAME\" or \"dst ADDR\"");
	*has_pos = pos > 0;
	return 0;
}

/* Where each rule of the last flow request came from (batch files: their line numbers). */
static uint32_t flow_lines[CMD_FLOW_BATCH_MAX];
static uint32_t n_flow_lines;
static char flow_file[128];

uint32_t cmd_flow_line(uint32_t index, const char **file)
{
	*file = flow_file;
	return index < n_flow_lines ? flow_lines[index] : 0;
}

/* One rule change (words after "flow") into the FLOWS list of the request. */
static int put_flow(struct ctx *c, int argc, char *const argv[], uint32_t line)
{
	struct flow_spec spec;
	int r;

	r = flow_spec_parse(argc, argv, &spec, c->err, c->errlen);
	if (r < 0)
		return r;
	if (n_flow_lines >= CMD_FLOW_BATCH_MAX ||
	    !flow_spec_put(c->nlh, c->size, VXSW_A_FLOW, &spec))
		return -EMSGSIZE;
	flow_lines[n_flow_lines++] = line;
	return 0;
}

/* "flow batch FILE": every line a change ("add ...", "del ...", an optional "flow" first). */
static int parse_flow_file(struct ctx *c, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *line = NULL, *argv[CMD_ARGV_MAX], msg[CMD_ERR_MAX];
	uint32_t lineno = 0;
	size_t cap = 0;
	int r = 0, argc;

	snprintf(flow_file, sizeof(flow_file), "%s", name);
	if (!f)
		return fail(c, -EINVAL, "flow batch: cannot open %s: %s", path, strerror(errno));
	while (r == 0 && getline(&line, &cap, f) >= 0) {
		char *const *w = argv;

		lineno++;
		argc = cmd_split(line, argv, CMD_ARGV_MAX, msg, sizeof(msg));
		if (argc > 0 && !strcmp(argv[0], "flow")) {
			w++;
			argc--;
		}
		if (argc < 0) {
			r = fail(c, -EINVAL, "%s:%u: %s", name, lineno, msg);
		} else if (argc > 0) {
			r = put_flow(c, argc, w, lineno);
			if (r == -EMSGSIZE)
				r = fail(c, -EINVAL,
					 "%s:%u: the batch does not fit one request (%u rules so "
					 "far): a batch is applied all or nothing, so split the "
					 "file",
					 name, lineno, n_flow_lines);
			else if (r < 0) {
				snprintf(msg, sizeof(msg), "%s", c->err);
				r = fail(c, -EINVAL, "%s:%u: %s", name, lineno, msg);
			}
		}
	}
	if (r == 0 && ferror(f))
		r = fail(c, -EINVAL, "flow batch: reading %s: %s", name, strerror(errno));
	if (r == 0 && n_flow_lines == 0)
		r = fail(c, -EINVAL, "flow batch: %s holds no rule", name);
	free(line);
	if (f != stdin)
		fclose(f);
	return r;
}

static int parse_flow(struct ctx *c, int argc, char *const argv[])
{
	struct nlattr *list = mnl_attr_nest_start_check(c->nlh, c->size, VXSW_A_FLOWS);
	int r;

	n_flow_lines = 0;
	flow_file[0] = '\0';
	if (!list)
		return too_big(c);
	if (!strcmp(argv[0], "batch")) {
		if (argc != 2)
			return fail(c, -EINVAL, "flow batch: expected one FILE (or - for stdin)");
		r = parse_flow_file(c, argv[1]);
	} else {
		r = put_flow(c, argc, argv, 0);
		if (r == -EMSGSIZE)
			r = too_big(c);
	}
	if (r < 0)
		return r;
	mnl_attr_nest_end(c->nlh, list);
	return 0;
}

/* "port security NAME off | on | allow MAC[,ADDR] [allow MAC[,ADDR]]...": the whole list. */
static int parse_port_security(struct ctx *c, int argc, char *const argv[])
{
	struct nlattr *list = NULL, *e;
	uint8_t mac[6], addr[16];
	char buf[64], *comma;
	int i, len;

	if (argc < 2)
		return fail(c, -EINVAL,
			    "port security: expected NAME off, on or allow MAC[,ADDR]...");
	if (!argv[0][0] || strlen(argv[0]) >= VXSW_NAME_MAX)
		return fail(c, -EINVAL, "invalid port name \"%s\": expected 1-%d characters",
			    argv[0], VXSW_NAME_MAX - 1);
	if (put(c, VXSW_A_PORT_NAME, strlen(argv[0]) + 1, argv[0]))
		return too_big(c);
	if (argc == 2 && (!strcmp(argv[1], "off") || !strcmp(argv[1], "on")))
		return put_u8(c, VXSW_A_PORT_SECURITY, !strcmp(argv[1], "on")) ? too_big(c) : 0;
	if (put_u8(c, VXSW_A_PORT_SECURITY, 1))
		return too_big(c);
	list = mnl_attr_nest_start_check(c->nlh, c->size, VXSW_A_ALLOWED);
	if (!list)
		return too_big(c);
	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "allow"))
			return fail(c, -EINVAL,
				    "port security: unexpected \"%s\": expected allow MAC[,ADDR]",
				    argv[i]);
		if (i + 1 >= argc)
			return fail(c, -EINVAL, "port security: \"allow\" needs MAC[,ADDR]");
		if ((size_t)snprintf(buf, sizeof(buf), "%s", argv[i + 1]) >= sizeof(buf))
			return fail(c, -EINVAL, "invalid allowed source \"%s\"", argv[i + 1]);
		comma = strchr(buf, ',');
		if (comma)
			*comma++ = '\0';
		if (word_mac(buf, mac))
			return fail(
				c, -EINVAL,
				"invalid allowed source \"%s\": expected xx:xx:xx:xx:xx:xx[,ADDR]",
				argv[i + 1]);
		len = comma ? word_addr(comma, addr) : 0;
		if (len < 0 || len == 16)
			return fail(c, -EINVAL,
				    "invalid allowed source \"%s\": the address must be IPv4",
				    argv[i + 1]);
		e = mnl_attr_nest_start_check(c->nlh, c->size, VXSW_A_ALLOWED_ADDR);
		if (!e || put(c, VXSW_A_MAC, 6, mac) ||
		    (len && put(c, VXSW_A_NEIGH_ADDR, (size_t)len, addr)))
			return too_big(c);
		mnl_attr_nest_end(c->nlh, e);
	}
	mnl_attr_nest_end(c->nlh, list);
	return 0;
}

int cmd_parse(int argc, char *const argv[], void *buf, size_t size, uint32_t seq,
	      struct cmd_req *ret, char *err, size_t errlen)
{
	struct ctx c = {.size = size, .err = err, .errlen = errlen};
	const struct cmd_def *d = NULL;
	bool object_known = false, has_pos = false, dump;
	char words[160];
	int rest, r;
	size_t i;

	if (argc < 1)
		return fail(&c, -EINVAL,
			    "missing object: expected one of status, config, underlay, "
			    "port, vni, flood, fdb, neigh, vtep, stats, daemon, flow");
	for (i = 0; i < N_CMDS; i++) {
		if (strcmp(cmds[i].object, argv[0]))
			continue;
		object_known = true;
		if (!cmds[i].verb || (argc > 1 && !strcmp(cmds[i].verb, argv[1]))) {
			d = &cmds[i];
			break;
		}
	}
	if (!object_known) {
		list_words(NULL, words, sizeof(words));
		return fail(&c, -EINVAL, "unknown object \"%s\": expected one of %s", argv[0],
			    words);
	}
	if (!d) {
		list_words(argv[0], words, sizeof(words));
		if (argc < 2)
			return fail(&c, -EINVAL, "%s: missing command: expected one of %s", argv[0],
				    words);
		return fail(&c, -EINVAL, "unknown command \"%s\" for \"%s\": expected one of %s",
			    argv[1], argv[0], words);
	}

	c.def = d;
	c.nlh = proto_msg_start(buf, size, d->cmd, NLM_F_REQUEST | NLM_F_ACK, seq);
	if (!c.nlh)
		return too_big(&c);
	if (d->cmd == VXSW_CMD_FLOW_BATCH || d->cmd == VXSW_CMD_PORT_SECURITY_SET) {
		r = d->cmd == VXSW_CMD_FLOW_BATCH ? parse_flow(&c, argc - 1, argv + 1)
						  : parse_port_security(&c, argc - 2, argv + 2);
		if (r < 0)
			return r;
		ret->nlh = c.nlh;
		ret->cmd = d->cmd;
		ret->dump = false;
		ret->view = d->view;
		return 0;
	}
	rest = d->verb ? 2 : 1;
	if (!d->verb && argc > 1)
		return fail(&c, -EINVAL, "%s: unexpected argument \"%s\"", d->object, argv[1]);
	r = parse_args(&c, argc - rest, argv + rest, &has_pos);
	if (r < 0)
		return r;
	dump = d->dump == DUMP_YES || (d->dump == DUMP_IF_NO_POS && !has_pos);
	if (dump)
		c.nlh->nlmsg_flags |= NLM_F_DUMP;
	ret->nlh = c.nlh;
	ret->cmd = d->cmd;
	ret->dump = dump;
	ret->view = d->view;
	return 0;
}

static int split_fail(char *err, size_t errlen, int ret, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
	return ret;
}

int cmd_split(char *line, char *argv[], int max, char *err, size_t errlen)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r' || *r == '\v' ||
		       *r == '\f')
			r++;
		if (!*r || *r == '#')
			break;
		if (argc == max)
			return split_fail(err, errlen, -E2BIG, "too many words on the line");
		argv[argc++] = w;
		/* Copy one word, removing quotes and escapes; w never passes r. */
		while (*r && *r != ' ' && *r != '\t' && *r != '\n' && *r != '\r' && *r != '\v' &&
		       *r != '\f') {
			if (*r == '\'') {
				for (r++; *r && *r != '\''; r++)
					*w++ = *r;
				if (!*r)
					return split_fail(err, errlen, -EINVAL,
							  "unterminated ' quote");
				r++;
			} else if (*r == '"') {
				for (r++; *r && *r != '"'; r++) {
					if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r;
				}
				if (!*r)
					return split_fail(err, errlen, -EINVAL,
							  "unterminated \" quote");
				r++;
			} else if (*r == '\\' && r[1]) {
				*w++ = r[1];
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		/* Terminate the word; r may sit on the blank being overwritten. */
		if (*r) {
			*w = '\0';
			w = ++r;
		} else {
			*w = '\0';
			break;
		}
	}
	return argc;
}
