// SPDX-License-Identifier: BSD-3-Clause
/*
 * vxswctl: the command-line client of the vxsw control protocol. Parses a command (cmd.c),
 * sends it to vxsw-dpdk (or vxswd) over the control socket (proto.c) and prints the answer as
 * iproute2-like text or, with -j, JSON (json.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <vxsw/drop.h>
#include <vxsw/proto.h>

#include "cmd.h"
#include "flowspec.h"
#include "json.h"
#include "proto.h"

/* Exit codes. */
#define EXIT_OK	    0
#define EXIT_FAILED 1
#define EXIT_USAGE  2

/* How long to wait for the server before giving up on a request. */
#define RECV_TIMEOUT_S 30

static bool opt_json, opt_pretty;
static const char *opt_socket;
static bool opt_socket_given;
static int sock_fd = -1;
static uint32_t seq;
static uint8_t reqbuf[VXSW_MSG_MAX];

static const char *const stat_names[VXSW_STAT_MAX + 1] = {
	[VXSW_STAT_RX_PACKETS] = "rx_packets",
	[VXSW_STAT_RX_BYTES] = "rx_bytes",
	[VXSW_STAT_TX_PACKETS] = "tx_packets",
	[VXSW_STAT_TX_BYTES] = "tx_bytes",
	[VXSW_STAT_DROPS] = "drops",
	[VXSW_STAT_ENCAP_PACKETS] = "encap",
	[VXSW_STAT_DECAP_PACKETS] = "decap",
	[VXSW_STAT_FLOOD_PACKETS] = "flood",
	[VXSW_STAT_BUSY_CYCLES] = "busy_cycles",
	[VXSW_STAT_BUSY_PACKETS] = "busy_packets",
	[VXSW_STAT_MACS] = "macs",
	[VXSW_STAT_RX_MISSED] = "rx_missed",
	[VXSW_STAT_RX_ERRORS] = "rx_errors",
	[VXSW_STAT_TX_ERRORS] = "tx_errors",
	[VXSW_STAT_LOCAL_PACKETS] = "local",
};

static const char *const dstat_names[VXSW_DSTAT_MAX + 1] = {
	[VXSW_DSTAT_NL_MESSAGES] = "netlink_messages",
	[VXSW_DSTAT_NL_INVALID] = "netlink_invalid",
	[VXSW_DSTAT_NL_OVERRUNS] = "netlink_overruns",
	[VXSW_DSTAT_LINKS] = "links",
	[VXSW_DSTAT_FDB] = "fdb",
	[VXSW_DSTAT_NEIGHS] = "neighs",
	[VXSW_DSTAT_ADDRS] = "addrs",
	[VXSW_DSTAT_ROUTES] = "routes",
	[VXSW_DSTAT_MIRROR_REFUSED] = "mirror_refused",
	[VXSW_DSTAT_DP_OPS] = "dataplane_ops",
	[VXSW_DSTAT_DP_ERRORS] = "dataplane_errors",
	[VXSW_DSTAT_DP_CONNECTS] = "dataplane_connects",
	[VXSW_DSTAT_LEARN_EVENTS] = "learn_events",
	[VXSW_DSTAT_EVENTS_LOST] = "events_lost",
	[VXSW_DSTAT_KERNEL_WRITES] = "kernel_writes",
	[VXSW_DSTAT_KERNEL_ERRORS] = "kernel_errors",
	[VXSW_DSTAT_HELD] = "held",
};

static const char *const refuse_names[VXSW_REFUSE_MAX + 1] = {
	[VXSW_REFUSE_TABLE_FULL] = "table_full",
	[VXSW_REFUSE_VNI_LIMIT] = "vni_limit",
	[VXSW_REFUSE_PORT_LIMIT] = "port_limit",
	[VXSW_REFUSE_QUEUE_FULL] = "queue_full",
};

static const char *const drop_names[VXSW_DROP_MAX] = {
#define DROP_NAME(e, s) [VXSW_DROP_##e] = s,
	VXSW_DROP_REASONS(DROP_NAME)
#undef DROP_NAME
};

static const char *const role_names[] = {
	[VXSW_PORT_UNBOUND] = "unbound",
	[VXSW_PORT_ACCESS] = "access",
	[VXSW_PORT_UNDERLAY] = "underlay",
};

static const char *const neigh_states[] = {
	[VXSW_NEIGH_INCOMPLETE] = "INCOMPLETE",
	[VXSW_NEIGH_REACHABLE] = "REACHABLE",
	[VXSW_NEIGH_PERMANENT] = "PERMANENT",
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vxswctl [-j] [-p] [-s SOCKET] OBJECT COMMAND [ARGS]\n"
		"       vxswctl [-j] [-p] [-s SOCKET] -b FILE [-f]\n"
		"Options:\n"
		"  -j, --json          JSON output\n"
		"  -p, --pretty        pretty-printed JSON output (implies -j)\n"
		"  -s, --socket PATH   control socket (default $VXSW_SOCKET, else vxswd's %s\n"
		"                      when it runs, else vxsw-dpdk's %s)\n"
		"  -b, --batch FILE    run the commands in FILE (- for stdin), one per line\n"
		"  -f, --force         in batch mode, go on after a failed command\n"
		"  -h, --help          this text\n"
		"  -V, --version       print the version\n"
		"Commands:\n",
		VXSWD_SOCK, VXSW_DPDK_SOCK);
	/* The grammar, indented. */
	for (const char *p = cmd_usage; *p;) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		fprintf(f, "  %.*s\n", n, p);
		p += n + (nl ? 1 : 0);
	}
}

/* ---- formatting helpers ---- */

static const char *fmt_addr(const struct nlattr *a, char *buf, size_t size)
{
	int af = mnl_attr_get_payload_len(a) == 4 ? AF_INET : AF_INET6;

	if (!inet_ntop(af, mnl_attr_get_payload(a), buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

static const char *fmt_mac(const struct nlattr *a, char *buf, size_t size)
{
	const uint8_t *m = mnl_attr_get_payload(a);

	snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

#define NAME_OF(names, v) name_of(names, sizeof(names) / sizeof(names[0]), v)

/* One printer per reply; tb holds the validated top-level attributes. */
struct show {
	struct json j;
	const struct cmd_req *req;
	unsigned int count;
};

static uint32_t u32_or(const struct nlattr *a, uint32_t dflt)
{
	return a ? mnl_attr_get_u32(a) : dflt;
}

/* Key/value in JSON, " key value" in text, only when the attribute is present. */
static void show_u32(struct show *s, const struct nlattr *a, const char *key, const char *word)
{
	if (!a)
		return;
	if (opt_json)
		json_kv_u64(&s->j, key, mnl_attr_get_u32(a));
	else
		printf(" %s %" PRIu32, word, mnl_attr_get_u32(a));
}

static void show_u16(struct show *s, const struct nlattr *a, const char *key, const char *word)
{
	if (!a)
		return;
	if (opt_json)
		json_kv_u64(&s->j, key, mnl_attr_get_u16(a));
	else
		printf(" %s %u", word, mnl_attr_get_u16(a));
}

static void show_u8(struct show *s, const struct nlattr *a, const char *key, const char *word)
{
	if (!a)
		return;
	if (opt_json)
		json_kv_u64(&s->j, key, mnl_attr_get_u8(a));
	else
		printf(" %s %u", word, mnl_attr_get_u8(a));
}

static void show_str(struct show *s, const char *key, const char *word, const char *v)
{
	if (opt_json)
		json_kv_str(&s->j, key, v);
	else
		printf(" %s %s", word, v);
}

static void show_addr(struct show *s, const struct nlattr *a, const char *key, const char *word)
{
	char buf[INET6_ADDRSTRLEN];

	if (a)
		show_str(s, key, word, fmt_addr(a, buf, sizeof(buf)));
}

static void show_mac(struct show *s, const struct nlattr *a, const char *key, const char *word)
{
	char buf[18];

	if (a)
		show_str(s, key, word, fmt_mac(a, buf, sizeof(buf)));
}

/* A nested list of u64 counters, e.g. VXSW_A_STATS, as "key": {...} or an indented line. */
static int show_counters(struct show *s, const struct nlattr *nest, const char *key,
			 const char *const *names, unsigned int max, const char *indent)
{
	const struct nlattr *a;
	bool any = false;

	if (!nest)
		return 0;
	if (opt_json) {
		json_key(&s->j, key);
		json_obj_open(&s->j);
	}
	mnl_attr_for_each_nested(a, nest)
	{
		unsigned int t = mnl_attr_get_type(a);
		char nbuf[24];
		const char *n = t <= max && names[t] ? names[t] : NULL;

		if (!n) {
			snprintf(nbuf, sizeof(nbuf), "counter_%u", t);
			n = nbuf;
		}
		if (opt_json) {
			json_kv_u64(&s->j, n, mnl_attr_get_u64(a));
		} else {
			printf("%s%s %" PRIu64, any ? " " : indent, n, mnl_attr_get_u64(a));
			any = true;
		}
	}
	if (opt_json)
		json_obj_close(&s->j);
	else if (any)
		printf("\n");
	return 0;
}

static void show_underlay(struct show *s, const struct nlattr **tb)
{
	if (opt_json) {
		json_key(&s->j, "underlay");
		json_obj_open(&s->j);
	} else {
		printf("underlay");
	}
	if (tb[VXSW_A_PORT_NAME])
		show_str(s, "port", "port", mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
	if (tb[VXSW_A_LOCAL]) {
		char buf[INET6_ADDRSTRLEN];

		fmt_addr(tb[VXSW_A_LOCAL], buf, sizeof(buf));
		if (opt_json) {
			json_kv_str(&s->j, "local", buf);
			if (tb[VXSW_A_PREFIXLEN])
				json_kv_u64(&s->j, "prefixlen",
					    mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]));
		} else if (tb[VXSW_A_PREFIXLEN]) {
			printf(" local %s/%u", buf, mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]));
		} else {
			printf(" local %s", buf);
		}
	}
	show_addr(s, tb[VXSW_A_GATEWAY], "gateway", "gateway");
	show_u16(s, tb[VXSW_A_MTU], "mtu", "mtu");
	show_u16(s, tb[VXSW_A_DSTPORT], "dstport", "dstport");
	if (tb[VXSW_A_SPORT_MIN] && tb[VXSW_A_SPORT_MAX]) {
		if (opt_json) {
			json_kv_u64(&s->j, "srcport_min", mnl_attr_get_u16(tb[VXSW_A_SPORT_MIN]));
			json_kv_u64(&s->j, "srcport_max", mnl_attr_get_u16(tb[VXSW_A_SPORT_MAX]));
		} else {
			printf(" srcport %u %u", mnl_attr_get_u16(tb[VXSW_A_SPORT_MIN]),
			       mnl_attr_get_u16(tb[VXSW_A_SPORT_MAX]));
		}
	}
	show_u8(s, tb[VXSW_A_TTL], "ttl", "ttl");
	if (opt_json)
		json_obj_close(&s->j);
	else
		printf("\n");
}

static void show_enum8(struct show *s, const struct nlattr *a, const char *key, const char *word,
		       const char *const *names, size_t n)
{
	if (a)
		show_str(s, key, word, name_of(names, n, mnl_attr_get_u8(a)));
}

static int show_status(struct show *s, const struct nlattr **tb)
{
	static const char *const rb[] = {"drop", "ignore"}, *const csum[] = {"ignore", "verify"};

	if (opt_json)
		json_obj_open(&s->j);
	if (s->req->view == CMD_VIEW_UNDERLAY) {
		show_underlay(s, tb);
		if (opt_json)
			json_obj_close(&s->j);
		return 0;
	}
	if (opt_json) {
		if (tb[VXSW_A_VERSION])
			json_kv_str(&s->j, "version", mnl_attr_get_str(tb[VXSW_A_VERSION]));
		if (tb[VXSW_A_UPTIME])
			json_kv_u64(&s->j, "uptime", mnl_attr_get_u64(tb[VXSW_A_UPTIME]));
		json_key(&s->j, "config");
		json_obj_open(&s->j);
	} else {
		printf("version %s uptime %" PRIu64 "\nconfig",
		       tb[VXSW_A_VERSION] ? mnl_attr_get_str(tb[VXSW_A_VERSION]) : "?",
		       tb[VXSW_A_UPTIME] ? mnl_attr_get_u64(tb[VXSW_A_UPTIME]) : 0);
	}
	show_u32(s, tb[VXSW_A_AGEING], "ageing", "ageing");
	show_u32(s, tb[VXSW_A_LIMIT_FDB], "fdb_limit", "fdb-limit");
	show_u32(s, tb[VXSW_A_LIMIT_VNI_MACS], "vni_mac_limit", "vni-mac-limit");
	show_u32(s, tb[VXSW_A_LIMIT_PORT_MACS], "port_mac_limit", "port-mac-limit");
	show_enum8(s, tb[VXSW_A_RESERVED_BITS], "reserved_bits", "reserved-bits", rb, 2);
	if (tb[VXSW_A_LEARN_UNKNOWN_VTEP]) {
		bool on = mnl_attr_get_u8(tb[VXSW_A_LEARN_UNKNOWN_VTEP]);

		if (opt_json)
			json_kv_bool(&s->j, "learn_unknown_vtep", on);
		else
			printf(" learn-unknown-vtep %s", on ? "on" : "off");
	}
	show_enum8(s, tb[VXSW_A_UDP_CSUM], "udp_csum", "udp-csum", csum, 2);
	if (opt_json)
		json_obj_close(&s->j);
	else
		printf("\n");
	show_underlay(s, tb);
	if (opt_json) {
		json_key(&s->j, "limits");
		json_obj_open(&s->j);
	} else {
		printf("limits");
	}
	show_u32(s, tb[VXSW_A_FDB_SIZE], "fdb_size", "fdb-size");
	show_u32(s, tb[VXSW_A_LIMIT_VNIS], "vnis", "vnis");
	show_u32(s, tb[VXSW_A_LIMIT_VTEPS], "vteps", "vteps");
	show_u32(s, tb[VXSW_A_LIMIT_FLOWS], "flows", "flows");
	if (opt_json)
		json_obj_close(&s->j);
	else
		printf("\ncounts");
	show_u32(s, tb[VXSW_A_N_PORTS], "ports", "ports");
	show_u32(s, tb[VXSW_A_N_VNIS], "vnis", "vnis");
	show_u32(s, tb[VXSW_A_N_VTEPS], "vteps", "vteps");
	show_u32(s, tb[VXSW_A_N_MACS], "macs", "macs");
	show_u32(s, tb[VXSW_A_N_FLOWS], "flows", "flows");
	if (!opt_json)
		printf("\n");
	show_counters(s, tb[VXSW_A_LEARN_REFUSED], "learn_refused", refuse_names, VXSW_REFUSE_MAX,
		      "learn-refused ");
	if (opt_json)
		json_obj_close(&s->j);
	return 0;
}

/* Ends a port, VNI or VTEP record: its counters on an indented line, or in "stats". */
static int show_record_end(struct show *s, const struct nlattr **tb)
{
	if (!opt_json)
		printf("\n");
	show_counters(s, tb[VXSW_A_STATS], "stats", stat_names, VXSW_STAT_MAX, "    ");
	if (opt_json)
		json_obj_close(&s->j);
	return 0;
}

/* "security on allow MAC[,ADDR]..." as port security takes it; JSON: security, allowed[]. */
static void show_port_sec(struct show *s, const struct nlattr **tb)
{
	const struct nlattr *a, *at[VXSW_A_MAX + 1];
	struct proto_err err;
	char mac[18], ip[INET6_ADDRSTRLEN];

	if (!tb[VXSW_A_PORT_SECURITY] || !mnl_attr_get_u8(tb[VXSW_A_PORT_SECURITY]))
		return;
	if (opt_json) {
		json_kv_bool(&s->j, "security", true);
		json_key(&s->j, "allowed");
		json_arr_open(&s->j);
	} else {
		printf(" security on");
	}
	if (tb[VXSW_A_ALLOWED])
		mnl_attr_for_each_nested(a, tb[VXSW_A_ALLOWED])
		{
			if (proto_parse_nested(a, proto_policy, VXSW_A_MAX, at, &err) < 0 ||
			    !at[VXSW_A_MAC])
				continue;
			fmt_mac(at[VXSW_A_MAC], mac, sizeof(mac));
			if (at[VXSW_A_NEIGH_ADDR])
				fmt_addr(at[VXSW_A_NEIGH_ADDR], ip, sizeof(ip));
			if (opt_json) {
				json_obj_open(&s->j);
				json_kv_str(&s->j, "mac", mac);
				if (at[VXSW_A_NEIGH_ADDR])
					json_kv_str(&s->j, "ip", ip);
				json_obj_close(&s->j);
			} else {
				printf(" allow %s%s%s", mac, at[VXSW_A_NEIGH_ADDR] ? "," : "",
				       at[VXSW_A_NEIGH_ADDR] ? ip : "");
			}
		}
	if (opt_json)
		json_arr_close(&s->j);
}

static int show_port(struct show *s, const struct nlattr **tb)
{
	unsigned int role = tb[VXSW_A_PORT_ROLE] ? mnl_attr_get_u8(tb[VXSW_A_PORT_ROLE]) : 0;
	const char *name = tb[VXSW_A_PORT_NAME] ? mnl_attr_get_str(tb[VXSW_A_PORT_NAME]) : "?";

	if (opt_json) {
		json_obj_open(&s->j);
		json_kv_str(&s->j, "ifname", name);
	} else {
		printf("%s", name);
	}
	show_u16(s, tb[VXSW_A_PORT_ID], "id", "id");
	show_str(s, "role", "role", NAME_OF(role_names, role));
	if (role == VXSW_PORT_ACCESS)
		show_u32(s, tb[VXSW_A_VNI], "vni", "vni");
	show_mac(s, tb[VXSW_A_PORT_MAC], "mac", "mac");
	if (tb[VXSW_A_LINK_UP]) {
		bool up = mnl_attr_get_u8(tb[VXSW_A_LINK_UP]);

		if (opt_json)
			json_kv_bool(&s->j, "link_up", up);
		else
			printf(" %s", up ? "up" : "down");
	}
	show_u32(s, tb[VXSW_A_N_MACS], "macs", "macs");
	show_port_sec(s, tb);
	return show_record_end(s, tb);
}

static int show_vni(struct show *s, const struct nlattr **tb)
{
	if (opt_json)
		json_obj_open(&s->j);
	else
		printf("vni %" PRIu32, u32_or(tb[VXSW_A_VNI], 0));
	if (opt_json)
		json_kv_u64(&s->j, "vni", u32_or(tb[VXSW_A_VNI], 0));
	show_u32(s, tb[VXSW_A_LIMIT_MACS], "mac_limit", "mac-limit");
	show_u32(s, tb[VXSW_A_N_MACS], "macs", "macs");
	show_u32(s, tb[VXSW_A_N_PORTS], "ports", "ports");
	show_u32(s, tb[VXSW_A_N_FLOOD], "flood", "flood");
	return show_record_end(s, tb);
}

static int show_flood(struct show *s, const struct nlattr **tb)
{
	if (opt_json) {
		json_obj_open(&s->j);
		json_kv_u64(&s->j, "vni", u32_or(tb[VXSW_A_VNI], 0));
	} else {
		printf("vni %" PRIu32, u32_or(tb[VXSW_A_VNI], 0));
	}
	show_addr(s, tb[VXSW_A_REMOTE], "dst", "dst");
	if (opt_json)
		json_obj_close(&s->j);
	else
		printf("\n");
	return 0;
}

/* Keys as iproute2's "bridge -j fdb show" names them. */
static int show_fdb(struct show *s, const struct nlattr **tb)
{
	char buf[18];

	if (opt_json) {
		json_obj_open(&s->j);
		if (tb[VXSW_A_MAC])
			json_kv_str(&s->j, "mac", fmt_mac(tb[VXSW_A_MAC], buf, sizeof(buf)));
	} else {
		printf("%s", tb[VXSW_A_MAC] ? fmt_mac(tb[VXSW_A_MAC], buf, sizeof(buf)) : "?");
	}
	show_u32(s, tb[VXSW_A_VNI], "vni", "vni");
	if (tb[VXSW_A_PORT_NAME])
		show_str(s, "ifname", "port", mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
	show_addr(s, tb[VXSW_A_REMOTE], "dst", "dst");
	if (tb[VXSW_A_FDB_STATIC]) {
		if (opt_json)
			json_kv_str(&s->j, "state", "static");
		else
			printf(" static");
	} else if (tb[VXSW_A_FDB_EXTERN]) {
		/* As bridge -j: a flag list. */
		if (opt_json) {
			json_key(&s->j, "flags");
			json_arr_open(&s->j);
			json_str(&s->j, "extern_learn");
			json_arr_close(&s->j);
		} else {
			printf(" extern_learn");
		}
	} else {
		show_u32(s, tb[VXSW_A_AGE], "updated", "updated");
	}
	if (opt_json)
		json_obj_close(&s->j);
	else
		printf("\n");
	return 0;
}

static int show_neigh(struct show *s, const struct nlattr **tb)
{
	unsigned int state = tb[VXSW_A_NEIGH_STATE] ? mnl_attr_get_u8(tb[VXSW_A_NEIGH_STATE]) : 0;
	char buf[INET6_ADDRSTRLEN];

	if (opt_json) {
		json_obj_open(&s->j);
		if (tb[VXSW_A_NEIGH_ADDR])
			json_kv_str(&s->j, "dst",
				    fmt_addr(tb[VXSW_A_NEIGH_ADDR], buf, sizeof(buf)));
	} else {
		printf("%s", tb[VXSW_A_NEIGH_ADDR]
				     ? fmt_addr(tb[VXSW_A_NEIGH_ADDR], buf, sizeof(buf))
				     : "?");
	}
	if (state != VXSW_NEIGH_INCOMPLETE)
		show_mac(s, tb[VXSW_A_MAC], "lladdr", "lladdr");
	if (opt_json) {
		/* iproute2 lists neighbour states as an array */
		json_key(&s->j, "state");
		json_arr_open(&s->j);
		json_str(&s->j, NAME_OF(neigh_states, state));
		json_arr_close(&s->j);
		json_obj_close(&s->j);
	} else {
		printf(" %s\n", NAME_OF(neigh_states, state));
	}
	return 0;
}

static int show_vtep(struct show *s, const struct nlattr **tb)
{
	bool resolved = tb[VXSW_A_NEIGH_STATE] &&
			mnl_attr_get_u8(tb[VXSW_A_NEIGH_STATE]) != VXSW_NEIGH_INCOMPLETE;
	char buf[INET6_ADDRSTRLEN];

	if (opt_json) {
		json_obj_open(&s->j);
		if (tb[VXSW_A_REMOTE])
			json_kv_str(&s->j, "dst", fmt_addr(tb[VXSW_A_REMOTE], buf, sizeof(buf)));
	} else {
		printf("%s",
		       tb[VXSW_A_REMOTE] ? fmt_addr(tb[VXSW_A_REMOTE], buf, sizeof(buf)) : "?");
	}
	show_addr(s, tb[VXSW_A_NEXTHOP], "nexthop", "via");
	if (resolved)
		show_mac(s, tb[VXSW_A_MAC], "lladdr", "lladdr");
	if (opt_json)
		json_kv_bool(&s->j, "resolved", resolved);
	else if (!resolved)
		printf(" unresolved");
	show_u32(s, tb[VXSW_A_N_VNIS], "vnis", "vnis");
	show_u32(s, tb[VXSW_A_REFS], "refs", "refs");
	return show_record_end(s, tb);
}

/* Drop reasons, or (passes) the reasons the eBPF fast path left frames to the kernel. */
static int show_drops(struct show *s, const struct nlattr *drops, bool passes)
{
	const char *title = passes ? "passed to the kernel:\n" : "drop reasons:\n";
	const struct nlattr *d, *a;
	bool header = false;

	if (opt_json) {
		json_key(&s->j, passes ? "passed" : "drop_reasons");
		json_obj_open(&s->j);
	}
	mnl_attr_for_each_nested(d, drops)
	{
		const char *name = NULL;
		uint64_t count = 0;
		uint32_t id = UINT32_MAX;
		char nbuf[24];

		mnl_attr_for_each_nested(a, d)
		{
			switch (mnl_attr_get_type(a)) {
			case VXSW_A_DROP_NAME:
				name = mnl_attr_get_str(a);
				break;
			case VXSW_A_DROP_ID:
				id = mnl_attr_get_u32(a);
				break;
			case VXSW_A_DROP_COUNT:
				count = mnl_attr_get_u64(a);
				break;
			}
		}
		if (!name && id < VXSW_DROP_MAX)
			name = drop_names[id];
		if (!name) {
			snprintf(nbuf, sizeof(nbuf), "drop_%" PRIu32, id);
			name = nbuf;
		}
		if (opt_json) {
			json_kv_u64(&s->j, name, count);
		} else if (count) {
			if (!header)
				printf("%s", title);
			header = true;
			printf("    %s %" PRIu64 "\n", name, count);
		}
	}
	if (opt_json)
		json_obj_close(&s->j);
	return 0;
}

static int show_lcores(struct show *s, const struct nlattr *lcores)
{
	const struct nlattr *l, *a;

	if (opt_json) {
		json_key(&s->j, "lcores");
		json_arr_open(&s->j);
	}
	mnl_attr_for_each_nested(l, lcores)
	{
		uint64_t cycles = 0, packets = 0;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, l)
		{
			if (mnl_attr_get_type(a) == VXSW_A_LCORE_ID) {
				id = mnl_attr_get_u32(a);
			} else if (mnl_attr_get_type(a) == VXSW_A_STATS) {
				const struct nlattr *st;

				mnl_attr_for_each_nested(st, a)
				{
					if (mnl_attr_get_type(st) == VXSW_STAT_BUSY_CYCLES)
						cycles = mnl_attr_get_u64(st);
					else if (mnl_attr_get_type(st) == VXSW_STAT_BUSY_PACKETS)
						packets = mnl_attr_get_u64(st);
				}
			}
		}
		if (opt_json) {
			json_obj_open(&s->j);
			json_kv_u64(&s->j, "lcore", id);
			json_kv_u64(&s->j, "busy_cycles", cycles);
			json_kv_u64(&s->j, "packets", packets);
			json_key(&s->j, "cycles_per_packet");
			if (packets)
				json_double(&s->j, (double)cycles / (double)packets);
			else
				json_null(&s->j);
			json_obj_close(&s->j);
		} else {
			printf("lcore %" PRIu32 " busy-cycles %" PRIu64 " packets %" PRIu64, id,
			       cycles, packets);
			if (packets)
				printf(" cycles/packet %.1f", (double)cycles / (double)packets);
			printf("\n");
		}
	}
	if (opt_json)
		json_arr_close(&s->j);
	return 0;
}

static int show_stats(struct show *s, const struct nlattr **tb)
{
	if (opt_json)
		json_obj_open(&s->j);
	if (opt_json && !tb[VXSW_A_STATS]) {
		json_key(&s->j, "totals");
		json_obj_open(&s->j);
		json_obj_close(&s->j);
	}
	show_counters(s, tb[VXSW_A_STATS], "totals", stat_names, VXSW_STAT_MAX, "");
	if (tb[VXSW_A_DROPS])
		show_drops(s, tb[VXSW_A_DROPS], false);
	if (tb[VXSW_A_PASSES])
		show_drops(s, tb[VXSW_A_PASSES], true);
	if (tb[VXSW_A_LCORES])
		show_lcores(s, tb[VXSW_A_LCORES]);
	if (opt_json)
		json_obj_close(&s->j);
	return 0;
}

/* vxswd: what it drives, whether it is connected, and its counters. */
static int show_daemon(struct show *s, const struct nlattr **tb)
{
	if (opt_json)
		json_obj_open(&s->j);
	if (opt_json && tb[VXSW_A_VERSION])
		json_kv_str(&s->j, "version", mnl_attr_get_str(tb[VXSW_A_VERSION]));
	else if (tb[VXSW_A_VERSION])
		printf("vxswd %s", mnl_attr_get_str(tb[VXSW_A_VERSION]));
	if (tb[VXSW_A_BACKEND])
		show_str(s, "backend", "backend", mnl_attr_get_str(tb[VXSW_A_BACKEND]));
	if (tb[VXSW_A_DP_SOCKET])
		show_str(s, "dataplane", "dataplane", mnl_attr_get_str(tb[VXSW_A_DP_SOCKET]));
	if (tb[VXSW_A_DP_CONNECTED]) {
		bool up = mnl_attr_get_u8(tb[VXSW_A_DP_CONNECTED]);

		if (opt_json)
			json_kv_bool(&s->j, "connected", up);
		else
			printf(up ? " connected" : " disconnected");
	}
	show_u32(s, tb[VXSW_A_EPOCH], "epoch", "epoch");
	show_addr(s, tb[VXSW_A_LOCAL], "local", "local");
	if (!opt_json)
		printf("\n");
	show_counters(s, tb[VXSW_A_DAEMON_STATS], "stats", dstat_names, VXSW_DSTAT_MAX, "    ");
	if (opt_json)
		json_obj_close(&s->j);
	return 0;
}

/* One flow rule: the text of "flow add" (a dump replays as a batch file), or a JSON object. */
static int show_flow_rule(struct show *s, const struct nlattr *nest)
{
	struct flow_spec f;
	struct proto_err err;
	char buf[1024];
	unsigned int i;

	if (flow_spec_get(nest, false, &f, &err) < 0) {
		fprintf(stderr, "vxswctl: malformed flow record: %s\n", err.msg);
		return -EBADMSG;
	}
	if (!opt_json) {
		flow_spec_format(&f, true, buf, sizeof(buf));
		printf("add %s\n", buf);
		return 0;
	}
	json_obj_open(&s->j);
	json_kv_u64(&s->j, "id", f.id);
	json_kv_u64(&s->j, "priority", f.priority);
	if (f.in_port[0])
		json_kv_str(&s->j, "in_port", f.in_port);
	for (i = 0; i < VXSW_FLOW_F_MAX; i++) {
		if (!flow_field_shown(&f, &flow_fields[i]))
			continue;
		flow_field_format(&f, &flow_fields[i], buf, sizeof(buf));
		json_kv_str(&s->j, flow_fields[i].name, buf);
	}
	json_kv_str(&s->j, "action", flow_action_names[f.action]);
	if (f.action == VXSW_FLOW_ACT_OUTPUT)
		json_kv_str(&s->j, "out_port", f.out_port);
	if (f.action == VXSW_FLOW_ACT_ENCAP) {
		inet_ntop(f.remote.family == VXSW_AF_INET6 ? AF_INET6 : AF_INET,
			  f.remote.family == VXSW_AF_INET6 ? (const void *)f.remote.v6
							   : (const void *)&f.remote.v4,
			  buf, sizeof(buf));
		json_kv_str(&s->j, "remote", buf);
		if (f.encap_vni)
			json_kv_u64(&s->j, "encap_vni", f.encap_vni);
	}
	json_kv_u64(&s->j, "packets", f.packets);
	json_kv_u64(&s->j, "bytes", f.bytes);
	json_obj_close(&s->j);
	return 0;
}

static int show_flow(struct show *s, const struct nlattr **tb)
{
	return tb[VXSW_A_FLOW] ? show_flow_rule(s, tb[VXSW_A_FLOW]) : 0;
}

/* The answer to a batch: the ID of each rule added ("id N" lines). */
static int show_flow_ids(struct show *s, const struct nlattr **tb)
{
	const struct nlattr *a = tb[VXSW_A_FLOW_IDS];
	uint32_t id, i, n;

	if (!a)
		return 0;
	n = mnl_attr_get_payload_len(a) / 4;
	if (opt_json)
		json_arr_open(&s->j);
	for (i = 0; i < n; i++) {
		memcpy(&id, (const uint8_t *)mnl_attr_get_payload(a) + 4 * i, 4);
		if (!id)
			continue;
		if (opt_json) {
			json_obj_open(&s->j);
			json_kv_u64(&s->j, "id", id);
			json_obj_close(&s->j);
		} else {
			printf("id %" PRIu32 "\n", id);
		}
	}
	if (opt_json)
		json_arr_close(&s->j);
	return 0;
}

static int reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct show *s = arg;
	struct proto_err err;
	int ret;

	ret = proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err);
	if (ret < 0) {
		fprintf(stderr, "vxswctl: malformed reply: %s\n", err.msg);
		return -EBADMSG;
	}
	s->count++;
	switch (s->req->cmd) {
	case VXSW_CMD_STATUS_GET:
		return show_status(s, tb);
	case VXSW_CMD_PORT_GET:
		return show_port(s, tb);
	case VXSW_CMD_VNI_GET:
		return show_vni(s, tb);
	case VXSW_CMD_FLOOD_GET:
		return show_flood(s, tb);
	case VXSW_CMD_FDB_GET:
		return show_fdb(s, tb);
	case VXSW_CMD_NEIGH_GET:
		return show_neigh(s, tb);
	case VXSW_CMD_VTEP_GET:
		return show_vtep(s, tb);
	case VXSW_CMD_STATS_GET:
		return show_stats(s, tb);
	case VXSW_CMD_DAEMON_GET:
		return show_daemon(s, tb);
	case VXSW_CMD_FLOW_GET:
		return show_flow(s, tb);
	case VXSW_CMD_FLOW_BATCH:
		return show_flow_ids(s, tb);
	default:
		return 0; /* e.g. the count of FDB_FLUSH: nothing to print */
	}
}

static bool prints_reply(uint8_t cmd)
{
	switch (cmd) {
	case VXSW_CMD_STATUS_GET:
	case VXSW_CMD_PORT_GET:
	case VXSW_CMD_VNI_GET:
	case VXSW_CMD_FLOOD_GET:
	case VXSW_CMD_FDB_GET:
	case VXSW_CMD_NEIGH_GET:
	case VXSW_CMD_VTEP_GET:
	case VXSW_CMD_STATS_GET:
	case VXSW_CMD_DAEMON_GET:
	case VXSW_CMD_FLOW_GET:
	case VXSW_CMD_FLOW_BATCH:
		return true;
	default:
		return false;
	}
}

static int connect_once(void)
{
	struct timeval tv = {.tv_sec = RECV_TIMEOUT_S};

	if (sock_fd >= 0)
		return 0;
	sock_fd = proto_connect(opt_socket);
	/* No socket chosen: vxswd when it runs, else straight to the dataplane. */
	if (sock_fd < 0 && !opt_socket_given && sock_fd != -EACCES) {
		opt_socket = VXSW_DPDK_SOCK;
		sock_fd = proto_connect(opt_socket);
	}
	if (sock_fd < 0)
		return sock_fd;
	setsockopt(sock_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

/* "file:line: " in batch mode, "vxswctl: " otherwise. */
static void print_prefix(const char *file, unsigned int line)
{
	if (file)
		fprintf(stderr, "%s:%u: ", file, line);
	else
		fprintf(stderr, "vxswctl: ");
}

/* A batch error points into one rule of the request: say which, and its batch file line. */
static void print_flow_origin(const struct nlmsghdr *req, uint32_t offs)
{
	const struct nlattr *a, *list = NULL;
	const char *file;
	uint32_t i = 0, line;

	mnl_attr_for_each(a, req, PROTO_HDRLEN - MNL_NLMSG_HDRLEN)
	{
		if (mnl_attr_get_type(a) == VXSW_A_FLOWS)
			list = a;
	}
	if (!list)
		return;
	mnl_attr_for_each_nested(a, list)
	{
		uint32_t start = (uint32_t)((const char *)a - (const char *)req);

		if (offs >= start && offs < start + a->nla_len) {
			line = cmd_flow_line(i, &file);
			if (line)
				fprintf(stderr, " (%s line %u)", file, line);
			return;
		}
		i++;
	}
}

static void print_error(const char *file, unsigned int line, int ret, const struct proto_ack *ack,
			const struct nlmsghdr *req)
{
	print_prefix(file, line);
	fprintf(stderr, "%s", ack->msg[0] ? ack->msg : strerror(-ret));
	/* A flow error names its rule and field itself; say where the rule came from. */
	if (ack->has_offs && proto_msghdr(req)->cmd == VXSW_CMD_FLOW_BATCH && ack->msg[0])
		print_flow_origin(req, ack->offs);
	else if (ack->has_offs && ack->bad_type)
		fprintf(stderr, " (attribute %s)", proto_attr_name(ack->bad_type));
	else if (ack->has_offs)
		fprintf(stderr, " (at offset %" PRIu32 " of the %s request)", ack->offs,
			proto_cmd_name(proto_msghdr(req)->cmd));
	if (ack->has_miss_type)
		fprintf(stderr, " (missing attribute %s)", proto_attr_name(ack->miss_type));
	fprintf(stderr, "\n");
}

/* Run one command; returns an exit code. */
static int run(int argc, char *argv[], const char *file, unsigned int line)
{
	char err[CMD_ERR_MAX];
	struct proto_ack ack;
	struct cmd_req req;
	struct show s = {.req = &req};
	bool print;
	int ret, jret = 0;

	ret = cmd_parse(argc, argv, reqbuf, sizeof(reqbuf), ++seq, &req, err, sizeof(err));
	if (ret < 0) {
		print_prefix(file, line);
		fprintf(stderr, "%s\n", err);
		return EXIT_USAGE;
	}
	ret = connect_once();
	if (ret < 0) {
		print_prefix(file, line);
		fprintf(stderr, "cannot connect to %s: %s\n", opt_socket, strerror(-ret));
		return EXIT_FAILED;
	}
	print = prints_reply(req.cmd);
	if (print && opt_json) {
		json_init(&s.j, stdout, opt_pretty);
		if (req.dump)
			json_arr_open(&s.j);
	}
	ret = proto_transact(sock_fd, req.nlh, reply_cb, &s, &ack);
	if (print && opt_json) {
		if (req.dump)
			json_arr_close(&s.j);
		if (req.dump || s.count)
			jret = json_finish(&s.j);
	}
	fflush(stdout);
	if (ret == -EBADMSG && !ack.error) {
		print_prefix(file, line);
		fprintf(stderr, "malformed reply from %s\n", opt_socket);
		return EXIT_FAILED;
	}
	if (ret < 0) {
		print_error(file, line, ret, &ack, req.nlh);
		if (ret == -ECONNRESET || ret == -EPIPE || ret == -ETIMEDOUT) {
			close(sock_fd); /* reconnect for the next command */
			sock_fd = -1;
		}
		return EXIT_FAILED;
	}
	if (jret < 0) {
		print_prefix(file, line);
		fprintf(stderr, "writing output: %s\n", strerror(-jret));
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static int run_batch(const char *path, bool force)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	unsigned int lineno = 0;
	size_t cap = 0;
	int status = EXIT_OK, ret;

	if (!f) {
		fprintf(stderr, "vxswctl: cannot open %s: %s\n", path, strerror(errno));
		return EXIT_FAILED;
	}
	while (getline(&line, &cap, f) >= 0) {
		int argc;

		lineno++;
		argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
		if (argc < 0) {
			fprintf(stderr, "%s:%u: %s\n", name, lineno, err);
			ret = EXIT_USAGE;
		} else if (argc == 0) {
			continue;
		} else {
			ret = run(argc, argv, name, lineno);
		}
		if (ret != EXIT_OK) {
			if (status == EXIT_OK)
				status = ret;
			if (!force)
				break;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "vxswctl: reading %s: %s\n", name, strerror(errno));
		status = EXIT_FAILED;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return status;
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},	  {"pretty", no_argument, NULL, 'p'},
		{"socket", required_argument, NULL, 's'}, {"batch", required_argument, NULL, 'b'},
		{"force", no_argument, NULL, 'f'},	  {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},	  {NULL, 0, NULL, 0},
	};
	const char *batch = NULL;
	bool force = false;
	int opt, ret;

	opt_socket = getenv("VXSW_SOCKET");
	opt_socket_given = opt_socket && *opt_socket;
	if (!opt_socket_given)
		opt_socket = VXSWD_SOCK;
	while ((opt = getopt_long(argc, argv, "+jps:b:fhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			opt_json = true;
			break;
		case 'p':
			opt_json = opt_pretty = true;
			break;
		case 's':
			opt_socket = optarg;
			opt_socket_given = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("vxswctl %s\n", VXSW_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (batch && optind < argc) {
		fprintf(stderr, "vxswctl: -b takes no command on the command line\n");
		return EXIT_USAGE;
	}
	if (force && !batch) {
		fprintf(stderr, "vxswctl: -f needs -b\n");
		return EXIT_USAGE;
	}
	if (batch) {
		ret = run_batch(batch, force);
	} else if (optind == argc) {
		usage(stderr);
		ret = EXIT_USAGE;
	} else {
		ret = run(argc - optind, argv + optind, NULL, 0);
	}
	if (sock_fd >= 0)
		close(sock_fd);
	return ret;
}
