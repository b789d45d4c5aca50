// SPDX-License-Identifier: BSD-3-Clause
/*
 * ctl: vxsw-dpdk's control server. Requests from the control socket and from --config files
 * are checked here (message, command, attributes) before anything reaches model.c, so a bad
 * request answers with an error naming the attribute and changes nothing.
 */
#include "ctl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include <vxsw/addr.h>
#include <vxsw/drop.h>
#include <vxsw/proto.h>

#include "cmd.h"
#include "flowspec.h"
#include "model.h"
#include "secspec.h"
#include "proto.h"

#ifndef VXSW_VERSION
#define VXSW_VERSION "unknown"
#endif

#define CTL_BACKLOG 16
#define CTL_EVENTS  16

static struct {
	int lfd, epfd;
	char path[108];
	int clients[CTL_MAX_CLIENTS];
	unsigned int n_clients;
	/* Subscribers of FDB events, and those that missed some (owed an EVENTS_LOST). */
	int subs[CTL_MAX_CLIENTS];
	bool sub_lost[CTL_MAX_CLIENTS];
	unsigned int n_subs;
	size_t ev_len; /* bytes of events waiting in ev */
	uint64_t ev_sent, ev_dropped;
	time_t last_log; /* rate limit of refusal messages */
	unsigned int suppressed;
	/* One request in, one answer message being built, one datagram of answers out. */
	_Alignas(8) uint8_t rx[VXSW_MSG_MAX];
	_Alignas(8) uint8_t msg[VXSW_MSG_MAX];
	_Alignas(8) uint8_t batch[PROTO_DUMP_BATCH];
	_Alignas(8) uint8_t ev[PROTO_DUMP_BATCH];
} ctl = {.lfd = -1, .epfd = -1};

/* A request being handled. */
#define CTL_ERR_MAX 160

struct hctx {
	const struct nlmsghdr *req;
	const struct nlattr **tb;
	ctl_reply_fn reply;
	void *arg;
	int reply_err; /* the reply function failed: stop answering */
	bool dump;
	/* A handler's own error report: the attribute at fault and the message. */
	const struct nlattr *bad;
	char errbuf[CTL_ERR_MAX];
};

__attribute__((format(printf, 1, 2))) static void ctl_log(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vxsw-dpdk: control: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- answers ---- */

static int send_reply(struct hctx *h, const struct nlmsghdr *m)
{
	int ret;

	if (h->reply_err)
		return h->reply_err;
	ret = h->reply(m, h->arg);
	if (ret < 0)
		h->reply_err = ret;
	return ret;
}

/*
 * Send the NLMSG_ERROR answer to req; returns error, or for an ACK (error 0) whether it went
 * out: a request whose ACK was lost must not look answered to ctl_input's caller.
 */
static int answer_error(struct hctx *h, const void *req, size_t req_len, int error,
			const struct proto_err *err)
{
	int len, ret;

	if (h->reply_err)
		return error ?: h->reply_err;
	len = proto_ack_build(ctl.msg, sizeof(ctl.msg), req, req_len, error, err);
	if (len < 0)
		return error ?: len;
	ret = send_reply(h, (const struct nlmsghdr *)ctl.msg);
	return error ?: (ret < 0 ? ret : 0);
}

static struct nlmsghdr *msg_start(struct hctx *h)
{
	struct nlmsghdr *nlh = proto_msg_start(ctl.msg, sizeof(ctl.msg), proto_msghdr(h->req)->cmd,
					       h->dump ? NLM_F_MULTI : 0, h->req->nlmsg_seq);

	nlh->nlmsg_pid = h->req->nlmsg_pid;
	return nlh;
}

/* Attribute writers; the message buffer holds VXSW_MSG_MAX, far more than any one answer. */
static bool put(struct nlmsghdr *nlh, uint16_t type, size_t len, const void *data)
{
	return mnl_attr_put_check(nlh, sizeof(ctl.msg), type, len, data);
}

static bool put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t v)
{
	return put(nlh, type, sizeof(v), &v);
}

static bool put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t v)
{
	return put(nlh, type, sizeof(v), &v);
}

static bool put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	return put(nlh, type, sizeof(v), &v);
}

static bool put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	return mnl_attr_put_u64_check(nlh, sizeof(ctl.msg), type, v);
}

static bool put_str(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	/* Empty strings are invalid in the protocol: leave the attribute out. */
	return !s[0] || mnl_attr_put_strz_check(nlh, sizeof(ctl.msg), type, s);
}

static bool put_ip(struct nlmsghdr *nlh, uint16_t type, const struct vxsw_ip *ip)
{
	return proto_put_ip(nlh, sizeof(ctl.msg), type, ip);
}

static bool put_counters(struct nlmsghdr *nlh, const struct model_counters *c,
			 const uint64_t *nic /* rx_missed, rx_errors, tx_errors or NULL */)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_STATS);
	bool ok;

	if (!nest)
		return false;
	ok = put_u64(nlh, VXSW_STAT_RX_PACKETS, c->rx_packets) &&
	     put_u64(nlh, VXSW_STAT_RX_BYTES, c->rx_bytes) &&
	     put_u64(nlh, VXSW_STAT_TX_PACKETS, c->tx_packets) &&
	     put_u64(nlh, VXSW_STAT_TX_BYTES, c->tx_bytes) &&
	     put_u64(nlh, VXSW_STAT_DROPS, c->drops) &&
	     put_u64(nlh, VXSW_STAT_ENCAP_PACKETS, c->encap) &&
	     put_u64(nlh, VXSW_STAT_DECAP_PACKETS, c->decap) &&
	     put_u64(nlh, VXSW_STAT_FLOOD_PACKETS, c->flood);
	if (ok && nic)
		ok = put_u64(nlh, VXSW_STAT_RX_MISSED, nic[0]) &&
		     put_u64(nlh, VXSW_STAT_RX_ERRORS, nic[1]) &&
		     put_u64(nlh, VXSW_STAT_TX_ERRORS, nic[2]);
	mnl_attr_nest_end(nlh, nest);
	return ok;
}

/* Send a finished answer message; -EMSGSIZE if a writer ran out of room. */
static int finish(struct hctx *h, struct nlmsghdr *nlh, bool ok)
{
	if (!ok)
		return -EMSGSIZE;
	return send_reply(h, nlh);
}

/* ---- request attributes ---- */

static uint32_t get_u32(const struct nlattr *a)
{
	return mnl_attr_get_u32(a);
}

/* ---- commands ---- */

static int do_status(struct hctx *h, struct extack *ea)
{
	struct model_status st;
	const struct model_underlay *u = &st.underlay;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	bool ok;
	int i;

	(void)ea;
	memset(&st, 0, sizeof(st));
	model_status_get(&st);
	nlh = msg_start(h);
	ok = put_str(nlh, VXSW_A_VERSION, st.version ? st.version : VXSW_VERSION) &&
	     put_u64(nlh, VXSW_A_UPTIME, st.uptime) &&
	     put_u32(nlh, VXSW_A_AGEING, st.config.ageing) &&
	     put_u32(nlh, VXSW_A_LIMIT_FDB, st.config.limit_fdb) &&
	     put_u32(nlh, VXSW_A_LIMIT_VNI_MACS, st.config.limit_vni_macs) &&
	     put_u32(nlh, VXSW_A_LIMIT_PORT_MACS, st.config.limit_port_macs) &&
	     put_u8(nlh, VXSW_A_RESERVED_BITS, (uint8_t)st.config.reserved_bits) &&
	     put_u8(nlh, VXSW_A_LEARN_UNKNOWN_VTEP, st.config.learn_unknown_vtep) &&
	     put_u8(nlh, VXSW_A_UDP_CSUM, (uint8_t)st.config.udp_csum) &&
	     put_u32(nlh, VXSW_A_FDB_SIZE, st.fdb_size) &&
	     put_u32(nlh, VXSW_A_LIMIT_VNIS, st.max_vnis) &&
	     put_u32(nlh, VXSW_A_LIMIT_VTEPS, st.max_vteps) &&
	     put_u32(nlh, VXSW_A_N_PORTS, st.n_ports) && put_u32(nlh, VXSW_A_N_VNIS, st.n_vnis) &&
	     put_u32(nlh, VXSW_A_N_VTEPS, st.n_vteps) && put_u32(nlh, VXSW_A_N_MACS, st.n_macs) &&
	     put_u32(nlh, VXSW_A_N_FLOWS, model_flow_count()) &&
	     put_u32(nlh, VXSW_A_LIMIT_FLOWS, VXSW_FLOW_MAX);
	if (ok && u->has_port)
		ok = put_str(nlh, VXSW_A_PORT_NAME, u->port);
	if (ok && u->has_local && u->local.family)
		ok = put_ip(nlh, VXSW_A_LOCAL, &u->local) &&
		     put_u8(nlh, VXSW_A_PREFIXLEN, u->prefixlen);
	if (ok && u->has_gateway)
		ok = put_ip(nlh, VXSW_A_GATEWAY, &u->gateway);
	if (ok && u->has_mtu)
		ok = put_u16(nlh, VXSW_A_MTU, u->mtu);
	if (ok && u->has_dstport && u->dstport)
		ok = put_u16(nlh, VXSW_A_DSTPORT, u->dstport);
	if (ok && u->has_sport && u->sport_min && u->sport_max)
		ok = put_u16(nlh, VXSW_A_SPORT_MIN, u->sport_min) &&
		     put_u16(nlh, VXSW_A_SPORT_MAX, u->sport_max);
	if (ok && u->has_ttl && u->ttl)
		ok = put_u8(nlh, VXSW_A_TTL, u->ttl);
	nest = ok ? mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_LEARN_REFUSED) : NULL;
	ok = nest != NULL;
	for (i = 1; ok && i <= VXSW_REFUSE_MAX; i++)
		ok = put_u64(nlh, (uint16_t)i, st.learn_refused[i]);
	if (nest)
		mnl_attr_nest_end(nlh, nest);
	return finish(h, nlh, ok);
}

static int do_config_set(struct hctx *h, struct extack *ea)
{
	const struct nlattr **tb = h->tb;
	struct model_config c;

	memset(&c, 0, sizeof(c));
	if (tb[VXSW_A_AGEING]) {
		c.has_ageing = true;
		c.ageing = get_u32(tb[VXSW_A_AGEING]);
	}
	if (tb[VXSW_A_LIMIT_FDB]) {
		c.has_limit_fdb = true;
		c.limit_fdb = get_u32(tb[VXSW_A_LIMIT_FDB]);
	}
	if (tb[VXSW_A_LIMIT_VNI_MACS]) {
		c.has_limit_vni_macs = true;
		c.limit_vni_macs = get_u32(tb[VXSW_A_LIMIT_VNI_MACS]);
	}
	if (tb[VXSW_A_LIMIT_PORT_MACS]) {
		c.has_limit_port_macs = true;
		c.limit_port_macs = get_u32(tb[VXSW_A_LIMIT_PORT_MACS]);
	}
	if (tb[VXSW_A_RESERVED_BITS]) {
		c.has_reserved_bits = true;
		c.reserved_bits = mnl_attr_get_u8(tb[VXSW_A_RESERVED_BITS]);
	}
	if (tb[VXSW_A_LEARN_UNKNOWN_VTEP]) {
		c.has_learn_unknown_vtep = true;
		c.learn_unknown_vtep = mnl_attr_get_u8(tb[VXSW_A_LEARN_UNKNOWN_VTEP]);
	}
	if (tb[VXSW_A_UDP_CSUM]) {
		c.has_udp_csum = true;
		c.udp_csum = mnl_attr_get_u8(tb[VXSW_A_UDP_CSUM]);
	}
	return model_config_set(&c, ea);
}

static int do_underlay_set(struct hctx *h, struct extack *ea)
{
	const struct nlattr **tb = h->tb;
	struct model_underlay u;

	memset(&u, 0, sizeof(u));
	if (tb[VXSW_A_PORT_NAME]) {
		u.has_port = true;
		snprintf(u.port, sizeof(u.port), "%s", mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
	}
	if (tb[VXSW_A_LOCAL]) {
		u.has_local = true;
		proto_get_ip(tb[VXSW_A_LOCAL], &u.local);
		u.prefixlen = mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]);
	}
	if (tb[VXSW_A_GATEWAY]) {
		u.has_gateway = true;
		proto_get_ip(tb[VXSW_A_GATEWAY], &u.gateway);
	}
	if (tb[VXSW_A_MTU]) {
		u.has_mtu = true;
		u.mtu = mnl_attr_get_u16(tb[VXSW_A_MTU]);
	}
	if (tb[VXSW_A_DSTPORT]) {
		u.has_dstport = true;
		u.dstport = mnl_attr_get_u16(tb[VXSW_A_DSTPORT]);
	}
	if (tb[VXSW_A_SPORT_MIN]) {
		u.has_sport = true;
		u.sport_min = mnl_attr_get_u16(tb[VXSW_A_SPORT_MIN]);
		u.sport_max = mnl_attr_get_u16(tb[VXSW_A_SPORT_MAX]);
	}
	if (tb[VXSW_A_TTL]) {
		u.has_ttl = true;
		u.ttl = mnl_attr_get_u8(tb[VXSW_A_TTL]);
	}
	return model_underlay_set(&u, ea);
}

static int port_msg(struct hctx *h, const struct model_port_info *p)
{
	struct nlmsghdr *nlh = msg_start(h);
	uint64_t nic[3] = {p->rx_missed, p->rx_errors, p->tx_errors};
	bool ok;

	ok = put_str(nlh, VXSW_A_PORT_NAME, p->name) && put_u16(nlh, VXSW_A_PORT_ID, p->id) &&
	     put_u8(nlh, VXSW_A_PORT_ROLE, (uint8_t)p->role) &&
	     put(nlh, VXSW_A_PORT_MAC, 6, p->mac) && put_u8(nlh, VXSW_A_LINK_UP, p->link_up) &&
	     put_u32(nlh, VXSW_A_N_MACS, p->macs) && put_counters(nlh, &p->c, nic);
	if (ok && p->role == VXSW_PORT_ACCESS && p->vni)
		ok = put_u32(nlh, VXSW_A_VNI, p->vni & 0xffffff);
	if (ok && p->sec.on)
		ok = secspec_put(nlh, sizeof(ctl.msg), p->sec.n, p->sec.a);
	return finish(h, nlh, ok);
}

static int port_cb(const struct model_port_info *p, void *arg)
{
	return port_msg(arg, p);
}

static int do_port_get(struct hctx *h, struct extack *ea)
{
	struct model_port_info p;
	int ret;

	memset(&p, 0, sizeof(p));
	ret = model_port_get(mnl_attr_get_str(h->tb[VXSW_A_PORT_NAME]), &p, ea);
	return ret < 0 ? ret : port_msg(h, &p);
}

static int dump_port(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_port_walk(port_cb, h);
}

static int do_port_set(struct hctx *h, struct extack *ea)
{
	return model_port_bind(mnl_attr_get_str(h->tb[VXSW_A_PORT_NAME]),
			       get_u32(h->tb[VXSW_A_VNI]), ea);
}

static int do_port_security_set(struct hctx *h, struct extack *ea)
{
	struct model_port_sec sec;
	const char *msg = NULL;
	int attr = 0, ret;

	ret = secspec_get(h->tb, &sec.on, &sec.n, sec.a, &msg, &attr);
	if (ret < 0)
		return extack_set(ea, ret, attr, msg);
	return model_port_security(mnl_attr_get_str(h->tb[VXSW_A_PORT_NAME]), &sec, ea);
}

static int do_vni_new(struct hctx *h, struct extack *ea)
{
	const struct nlattr *lim = h->tb[VXSW_A_LIMIT_MACS];

	return model_vni_add(get_u32(h->tb[VXSW_A_VNI]), lim ? get_u32(lim) : 0, ea);
}

static int do_vni_del(struct hctx *h, struct extack *ea)
{
	return model_vni_del(get_u32(h->tb[VXSW_A_VNI]), ea);
}

static int vni_msg(struct hctx *h, const struct model_vni_info *v)
{
	struct nlmsghdr *nlh = msg_start(h);
	bool ok;

	ok = put_u32(nlh, VXSW_A_VNI, v->vni) && put_u32(nlh, VXSW_A_LIMIT_MACS, v->mac_limit) &&
	     put_u32(nlh, VXSW_A_N_MACS, v->macs) && put_u32(nlh, VXSW_A_N_FLOOD, v->n_flood) &&
	     put_u32(nlh, VXSW_A_N_PORTS, v->n_ports) && put_counters(nlh, &v->c, NULL);
	return finish(h, nlh, ok);
}

static int vni_cb(const struct model_vni_info *v, void *arg)
{
	return vni_msg(arg, v);
}

static int do_vni_get(struct hctx *h, struct extack *ea)
{
	struct model_vni_info v;
	int ret;

	memset(&v, 0, sizeof(v));
	ret = model_vni_get(get_u32(h->tb[VXSW_A_VNI]), &v, ea);
	return ret < 0 ? ret : vni_msg(h, &v);
}

static int dump_vni(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_vni_walk(vni_cb, h);
}

static int do_flood_new(struct hctx *h, struct extack *ea)
{
	struct vxsw_ip ip;

	proto_get_ip(h->tb[VXSW_A_REMOTE], &ip);
	return model_flood_add(get_u32(h->tb[VXSW_A_VNI]), &ip, ea);
}

static int do_flood_del(struct hctx *h, struct extack *ea)
{
	struct vxsw_ip ip;

	proto_get_ip(h->tb[VXSW_A_REMOTE], &ip);
	return model_flood_del(get_u32(h->tb[VXSW_A_VNI]), &ip, ea);
}

static int flood_cb(uint32_t vni, const struct vxsw_ip *remote, void *arg)
{
	struct hctx *h = arg;
	struct nlmsghdr *nlh = msg_start(h);

	return finish(h, nlh, put_u32(nlh, VXSW_A_VNI, vni) && put_ip(nlh, VXSW_A_REMOTE, remote));
}

static uint32_t vni_filter(struct hctx *h)
{
	return h->tb[VXSW_A_VNI] ? get_u32(h->tb[VXSW_A_VNI]) : 0;
}

static int dump_flood(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_flood_walk(vni_filter(h), flood_cb, h);
}

static int do_fdb_new(struct hctx *h, struct extack *ea)
{
	const struct nlattr **tb = h->tb;
	struct vxsw_ip ip;

	if (tb[VXSW_A_REMOTE])
		proto_get_ip(tb[VXSW_A_REMOTE], &ip);
	return model_fdb_add(get_u32(tb[VXSW_A_VNI]), mnl_attr_get_payload(tb[VXSW_A_MAC]),
			     tb[VXSW_A_PORT_NAME] ? mnl_attr_get_str(tb[VXSW_A_PORT_NAME]) : NULL,
			     tb[VXSW_A_REMOTE] ? &ip : NULL, tb[VXSW_A_FDB_EXTERN] != NULL, ea);
}

static int do_fdb_del(struct hctx *h, struct extack *ea)
{
	return model_fdb_del(get_u32(h->tb[VXSW_A_VNI]), mnl_attr_get_payload(h->tb[VXSW_A_MAC]),
			     ea);
}

/* The attributes of one FDB entry, in dumps and in events. */
static bool put_fdb(struct nlmsghdr *nlh, const struct model_fdb_info *f)
{
	bool ok = put_u32(nlh, VXSW_A_VNI, f->vni) && put(nlh, VXSW_A_MAC, 6, f->mac);

	if (ok)
		ok = f->is_remote ? put_ip(nlh, VXSW_A_REMOTE, &f->remote)
				  : put_str(nlh, VXSW_A_PORT_NAME, f->port);
	if (ok && f->is_static)
		ok = put(nlh, VXSW_A_FDB_STATIC, 0, NULL);
	else if (ok && f->is_extern)
		ok = put(nlh, VXSW_A_FDB_EXTERN, 0, NULL);
	else if (ok)
		ok = put_u32(nlh, VXSW_A_AGE, f->age);
	return ok;
}

static int fdb_cb(const struct model_fdb_info *f, void *arg)
{
	struct hctx *h = arg;
	struct nlmsghdr *nlh = msg_start(h);

	return finish(h, nlh, put_fdb(nlh, f));
}

static int dump_fdb(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_fdb_walk(vni_filter(h), fdb_cb, h);
}

static int do_fdb_flush(struct hctx *h, struct extack *ea)
{
	struct nlmsghdr *nlh;
	int ret;

	ret = model_fdb_flush(vni_filter(h), h->tb[VXSW_A_FDB_STATIC] != NULL, ea);
	if (ret < 0)
		return ret;
	/* Tell how many entries went. */
	nlh = msg_start(h);
	return finish(h, nlh, put_u32(nlh, VXSW_A_COUNT, (uint32_t)ret));
}

static int do_neigh_new(struct hctx *h, struct extack *ea)
{
	struct vxsw_ip ip;

	proto_get_ip(h->tb[VXSW_A_NEIGH_ADDR], &ip);
	return model_neigh_add(&ip, mnl_attr_get_payload(h->tb[VXSW_A_MAC]), ea);
}

static int do_neigh_del(struct hctx *h, struct extack *ea)
{
	struct vxsw_ip ip;

	proto_get_ip(h->tb[VXSW_A_NEIGH_ADDR], &ip);
	return model_neigh_del(&ip, ea);
}

static int neigh_cb(const struct model_neigh_info *n, void *arg)
{
	struct hctx *h = arg;
	struct nlmsghdr *nlh = msg_start(h);

	return finish(h, nlh,
		      put_ip(nlh, VXSW_A_NEIGH_ADDR, &n->addr) && put(nlh, VXSW_A_MAC, 6, n->mac) &&
			      put_u8(nlh, VXSW_A_NEIGH_STATE, (uint8_t)n->state));
}

static int dump_neigh(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_neigh_walk(neigh_cb, h);
}

static int vtep_cb(const struct model_vtep_info *v, void *arg)
{
	struct hctx *h = arg;
	struct nlmsghdr *nlh = msg_start(h);
	bool ok;

	ok = put_ip(nlh, VXSW_A_REMOTE, &v->remote) && put_ip(nlh, VXSW_A_NEXTHOP, &v->nexthop) &&
	     put_u8(nlh, VXSW_A_NEIGH_STATE,
		    v->resolved ? VXSW_NEIGH_REACHABLE : VXSW_NEIGH_INCOMPLETE) &&
	     put_u32(nlh, VXSW_A_N_VNIS, v->n_vnis) && put_u32(nlh, VXSW_A_REFS, v->refs) &&
	     put_counters(nlh, &v->c, NULL);
	if (ok && v->resolved)
		ok = put(nlh, VXSW_A_MAC, 6, v->mac);
	return finish(h, nlh, ok);
}

static int dump_vtep(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_vtep_walk(vtep_cb, h);
}

static const char *const drop_names[VXSW_DROP_MAX] = {
#define CTL_DROP_NAME(e, s) [VXSW_DROP_##e] = s,
	VXSW_DROP_REASONS(CTL_DROP_NAME)
#undef CTL_DROP_NAME
};

static int do_stats_get(struct hctx *h, struct extack *ea)
{
	static struct model_stats st; /* large; the control thread is the only caller */
	struct nlattr *list, *item, *stats;
	struct nlmsghdr *nlh;
	bool ok = true;
	uint32_t i;

	(void)ea;
	memset(&st, 0, sizeof(st));
	model_stats_get(&st);
	nlh = msg_start(h);
	ok = put_counters(nlh, &st.c, NULL);
	list = ok ? mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_DROPS) : NULL;
	ok = list != NULL;
	for (i = 0; ok && i < VXSW_DROP_MAX; i++) {
		item = mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_DROP);
		ok = item && put_str(nlh, VXSW_A_DROP_NAME, drop_names[i]) &&
		     put_u32(nlh, VXSW_A_DROP_ID, i) &&
		     put_u64(nlh, VXSW_A_DROP_COUNT, st.drops[i]);
		if (item)
			mnl_attr_nest_end(nlh, item);
	}
	if (list)
		mnl_attr_nest_end(nlh, list);
	list = ok ? mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_LCORES) : NULL;
	ok = list != NULL;
	for (i = 0; ok && i < st.n_lcores && i < MODEL_MAX_LCORES; i++) {
		item = mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_LCORE);
		ok = item && put_u32(nlh, VXSW_A_LCORE_ID, st.lcores[i].lcore_id);
		stats = ok ? mnl_attr_nest_start_check(nlh, sizeof(ctl.msg), VXSW_A_STATS) : NULL;
		ok = stats && put_u64(nlh, VXSW_STAT_BUSY_CYCLES, st.lcores[i].busy_cycles) &&
		     put_u64(nlh, VXSW_STAT_BUSY_PACKETS, st.lcores[i].busy_packets);
		if (stats)
			mnl_attr_nest_end(nlh, stats);
		if (item)
			mnl_attr_nest_end(nlh, item);
	}
	if (list)
		mnl_attr_nest_end(nlh, list);
	return finish(h, nlh, ok);
}

static int do_stats_clear(struct hctx *h, struct extack *ea)
{
	(void)h;
	(void)ea;
	model_stats_clear();
	return 0;
}

/*
 * What each command accepts. Lists end with 0; "need" attributes must be present, "may" ones
 * may be; anything else known to the protocol is refused as not valid for the command.
 */
#define ATTR_LIST_MAX 10

struct cmd_spec {
	int (*doit)(struct hctx *, struct extack *);
	int (*dumpit)(struct hctx *, struct extack *);
	uint8_t need[4];
	uint8_t may[ATTR_LIST_MAX];
	uint8_t dump_may[2];
};

static int do_subscribe(struct hctx *h, struct extack *ea);

/* A batch of flow changes: each checked on its own, then applied all or nothing. An error
 * names the change ("rule 3: in_port: no such port") and points at its attribute. */
static int do_flow_batch(struct hctx *h, struct extack *ea)
{
	const struct nlattr *a, **at = NULL;
	struct flow_spec *ops = NULL;
	struct proto_err perr;
	struct nlmsghdr *nlh;
	uint32_t n = 0, i = 0, bad = 0, *ids = NULL;
	int ret;

	mnl_attr_for_each_nested(a, h->tb[VXSW_A_FLOWS]) n++;
	if (n == 0)
		return extack_set(ea, -EINVAL, VXSW_A_FLOWS, "flow batch: no change in it");
	ops = malloc(sizeof(*ops) * n);
	ids = calloc(n, sizeof(*ids));
	at = malloc(sizeof(*at) * n);
	if (!ops || !ids || !at) {
		ret = extack_set(ea, -ENOMEM, 0, "out of memory");
		goto out;
	}
	mnl_attr_for_each_nested(a, h->tb[VXSW_A_FLOWS])
	{
		memset(&perr, 0, sizeof(perr));
		ret = flow_spec_get(a, true, &ops[i], &perr);
		if (ret < 0) {
			h->bad = perr.attr ? perr.attr : a;
			snprintf(h->errbuf, sizeof(h->errbuf), "rule %u: %s", i + 1,
				 perr.msg ? perr.msg : "invalid");
			goto out;
		}
		at[i++] = a;
	}
	ret = model_flow_batch(ops, n, ids, &bad, ea);
	if (ret < 0) {
		h->bad = at[bad < n ? bad : 0];
		snprintf(h->errbuf, sizeof(h->errbuf), "rule %u: %s", bad + 1,
			 ea->msg ? ea->msg : strerror(-ret));
		goto out;
	}
	for (i = 0; i < n; i++)
		if (ops[i].op != VXSW_FLOW_OP_ADD)
			ids[i] = 0;
	nlh = msg_start(h);
	ret = finish(h, nlh, put(nlh, VXSW_A_FLOW_IDS, sizeof(*ids) * n, ids));
out:
	free(ops);
	free(ids);
	free(at);
	return ret;
}

static int flow_cb(const struct flow_spec *f, void *arg)
{
	struct hctx *h = arg;
	struct nlmsghdr *nlh = msg_start(h);

	return finish(h, nlh, flow_spec_put(nlh, sizeof(ctl.msg), VXSW_A_FLOW, f));
}

static int dump_flow(struct hctx *h, struct extack *ea)
{
	(void)ea;
	return model_flow_walk(flow_cb, h);
}

static const struct cmd_spec specs[VXSW_CMD_MAX + 1] = {
	[VXSW_CMD_STATUS_GET] = {.doit = do_status},
	[VXSW_CMD_CONFIG_SET] = {.doit = do_config_set,
				 .may = {VXSW_A_AGEING, VXSW_A_LIMIT_FDB, VXSW_A_LIMIT_VNI_MACS,
					 VXSW_A_LIMIT_PORT_MACS, VXSW_A_RESERVED_BITS,
					 VXSW_A_LEARN_UNKNOWN_VTEP, VXSW_A_UDP_CSUM}},
	[VXSW_CMD_UNDERLAY_SET] = {.doit = do_underlay_set,
				   .may = {VXSW_A_PORT_NAME, VXSW_A_LOCAL, VXSW_A_PREFIXLEN,
					   VXSW_A_GATEWAY, VXSW_A_MTU, VXSW_A_DSTPORT,
					   VXSW_A_SPORT_MIN, VXSW_A_SPORT_MAX, VXSW_A_TTL}},
	[VXSW_CMD_PORT_GET] = {.doit = do_port_get,
			       .dumpit = dump_port,
			       .need = {VXSW_A_PORT_NAME}},
	[VXSW_CMD_PORT_SET] = {.doit = do_port_set, .need = {VXSW_A_PORT_NAME, VXSW_A_VNI}},
	[VXSW_CMD_VNI_NEW] = {.doit = do_vni_new, .need = {VXSW_A_VNI}, .may = {VXSW_A_LIMIT_MACS}},
	[VXSW_CMD_VNI_DEL] = {.doit = do_vni_del, .need = {VXSW_A_VNI}},
	[VXSW_CMD_VNI_GET] = {.doit = do_vni_get, .dumpit = dump_vni, .need = {VXSW_A_VNI}},
	[VXSW_CMD_FLOOD_NEW] = {.doit = do_flood_new, .need = {VXSW_A_VNI, VXSW_A_REMOTE}},
	[VXSW_CMD_FLOOD_DEL] = {.doit = do_flood_del, .need = {VXSW_A_VNI, VXSW_A_REMOTE}},
	[VXSW_CMD_FLOOD_GET] = {.dumpit = dump_flood, .dump_may = {VXSW_A_VNI}},
	[VXSW_CMD_FDB_NEW] = {.doit = do_fdb_new,
			      .need = {VXSW_A_VNI, VXSW_A_MAC},
			      .may = {VXSW_A_PORT_NAME, VXSW_A_REMOTE, VXSW_A_FDB_EXTERN}},
	[VXSW_CMD_FDB_DEL] = {.doit = do_fdb_del, .need = {VXSW_A_VNI, VXSW_A_MAC}},
	[VXSW_CMD_FDB_GET] = {.dumpit = dump_fdb, .dump_may = {VXSW_A_VNI}},
	[VXSW_CMD_FDB_FLUSH] = {.doit = do_fdb_flush, .may = {VXSW_A_VNI, VXSW_A_FDB_STATIC}},
	[VXSW_CMD_NEIGH_NEW] = {.doit = do_neigh_new, .need = {VXSW_A_NEIGH_ADDR, VXSW_A_MAC}},
	[VXSW_CMD_NEIGH_DEL] = {.doit = do_neigh_del, .need = {VXSW_A_NEIGH_ADDR}},
	[VXSW_CMD_NEIGH_GET] = {.dumpit = dump_neigh},
	[VXSW_CMD_VTEP_GET] = {.dumpit = dump_vtep},
	[VXSW_CMD_STATS_GET] = {.doit = do_stats_get},
	[VXSW_CMD_STATS_CLEAR] = {.doit = do_stats_clear},
	[VXSW_CMD_EVENTS_SUBSCRIBE] = {.doit = do_subscribe},
	[VXSW_CMD_FLOW_BATCH] = {.doit = do_flow_batch, .need = {VXSW_A_FLOWS}},
	[VXSW_CMD_FLOW_GET] = {.dumpit = dump_flow},
	[VXSW_CMD_PORT_SECURITY_SET] = {.doit = do_port_security_set,
					.need = {VXSW_A_PORT_NAME, VXSW_A_PORT_SECURITY},
					.may = {VXSW_A_ALLOWED}},
};

static bool in_list(const uint8_t *list, size_t n, unsigned int type)
{
	size_t i;

	for (i = 0; i < n && list[i]; i++)
		if (list[i] == type)
			return true;
	return false;
}

#define IN_LIST(l, t) in_list(l, sizeof(l), t)

/* The command's own rules, beyond the policy: which attributes, and how they combine. */
static int check_attrs(const struct cmd_spec *s, uint8_t cmd, bool dump, const struct nlattr **tb,
		       struct proto_err *err)
{
	unsigned int t;

	for (t = 1; t <= VXSW_A_MAX; t++) {
		bool ok =
			dump ? IN_LIST(s->dump_may, t) : IN_LIST(s->need, t) || IN_LIST(s->may, t);

		if (tb[t] && !ok) {
			proto_err_set(err, -EINVAL, tb[t], NULL);
			snprintf(err->buf, sizeof(err->buf), "attribute %s is not valid in %s%s",
				 proto_attr_name(t), proto_cmd_name(cmd), dump ? " dumps" : "");
			err->msg = err->buf;
			return -EINVAL;
		}
	}
	for (t = 0; !dump && t < sizeof(s->need) && s->need[t]; t++) {
		if (!tb[s->need[t]]) {
			proto_err_set(err, -EINVAL, NULL, NULL);
			snprintf(err->buf, sizeof(err->buf), "missing attribute %s",
				 proto_attr_name(s->need[t]));
			err->msg = err->buf;
			err->miss_type = s->need[t];
			return -EINVAL;
		}
	}
	/* VNI 0 is "none" for PORT_SET only. */
	if (tb[VXSW_A_VNI] && cmd != VXSW_CMD_PORT_SET && get_u32(tb[VXSW_A_VNI]) == 0)
		return proto_err_set(err, -ERANGE, tb[VXSW_A_VNI], "VNI must be 1-16777215");
	switch (cmd) {
	case VXSW_CMD_UNDERLAY_SET:
		if (!tb[VXSW_A_LOCAL] != !tb[VXSW_A_PREFIXLEN]) {
			const struct nlattr *have = tb[VXSW_A_LOCAL] ?: tb[VXSW_A_PREFIXLEN];

			proto_err_set(err, -EINVAL, have, "local and prefixlen go together");
			err->miss_type = tb[VXSW_A_LOCAL] ? VXSW_A_PREFIXLEN : VXSW_A_LOCAL;
			return -EINVAL;
		}
		if (tb[VXSW_A_LOCAL] && mnl_attr_get_payload_len(tb[VXSW_A_LOCAL]) == 4 &&
		    mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]) > 32)
			return proto_err_set(err, -ERANGE, tb[VXSW_A_PREFIXLEN],
					     "IPv4 prefix length must be 0-32");
		if (!tb[VXSW_A_SPORT_MIN] != !tb[VXSW_A_SPORT_MAX]) {
			const struct nlattr *have = tb[VXSW_A_SPORT_MIN] ?: tb[VXSW_A_SPORT_MAX];

			proto_err_set(err, -EINVAL, have, "sport-min and sport-max go together");
			err->miss_type = tb[VXSW_A_SPORT_MIN] ? VXSW_A_SPORT_MAX : VXSW_A_SPORT_MIN;
			return -EINVAL;
		}
		if (tb[VXSW_A_SPORT_MIN] &&
		    mnl_attr_get_u16(tb[VXSW_A_SPORT_MIN]) > mnl_attr_get_u16(tb[VXSW_A_SPORT_MAX]))
			return proto_err_set(err, -EINVAL, tb[VXSW_A_SPORT_MIN],
					     "source port minimum exceeds maximum");
		break;
	case VXSW_CMD_FDB_NEW:
		if (tb[VXSW_A_PORT_NAME] && tb[VXSW_A_REMOTE])
			return proto_err_set(err, -EINVAL, tb[VXSW_A_REMOTE],
					     "an entry has a port or a remote VTEP, not both");
		if (!tb[VXSW_A_PORT_NAME] && !tb[VXSW_A_REMOTE]) {
			proto_err_set(err, -EINVAL, NULL, "an entry needs a port or a remote VTEP");
			err->miss_type = VXSW_A_REMOTE;
			return -EINVAL;
		}
		break;
	default:
		break;
	}
	return 0;
}

int ctl_handle(const struct nlmsghdr *req, ctl_reply_fn reply, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct hctx h = {.req = req, .tb = tb, .reply = reply, .arg = arg};
	const struct cmd_spec *s;
	const struct vxsw_msghdr *vh;
	struct extack ea = {0};
	struct proto_err err;
	int ret;

	memset(&err, 0, sizeof(err));
	if (req->nlmsg_len > VXSW_MSG_MAX) {
		/* Never echo (or read) more than the protocol allows. */
		ret = proto_err_set(&err, -EMSGSIZE, NULL, "message longer than VXSW_MSG_MAX");
		return answer_error(&h, req, MNL_NLMSG_HDRLEN, ret, &err);
	}
	if (req->nlmsg_type != VXSW_MSG_TYPE) {
		snprintf(err.buf, sizeof(err.buf), "unknown message type %u", req->nlmsg_type);
		ret = proto_err_set(&err, -EOPNOTSUPP, NULL, err.buf);
		goto err_answer;
	}
	if (!(req->nlmsg_flags & NLM_F_REQUEST)) {
		ret = proto_err_set(&err, -EINVAL, NULL, "not a request: NLM_F_REQUEST is clear");
		goto err_answer;
	}
	if (req->nlmsg_len < PROTO_HDRLEN) {
		ret = proto_err_set(&err, -EINVAL, NULL, "message truncated: no vxsw header");
		goto err_answer;
	}
	vh = proto_msghdr(req);
	if (vh->version != VXSW_PROTO_VERSION) {
		snprintf(err.buf, sizeof(err.buf),
			 "protocol version %u not supported (expected %u)", vh->version,
			 VXSW_PROTO_VERSION);
		ret = proto_err_set(&err, -EPROTONOSUPPORT, NULL, err.buf);
		goto err_answer;
	}
	s = vh->cmd <= VXSW_CMD_MAX ? &specs[vh->cmd] : NULL;
	if (!s || (!s->doit && !s->dumpit)) {
		snprintf(err.buf, sizeof(err.buf), "unknown command %u", vh->cmd);
		ret = proto_err_set(&err, -EOPNOTSUPP, NULL, err.buf);
		goto err_answer;
	}
	h.dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (h.dump && !s->dumpit) {
		ret = proto_err_set(&err, -EOPNOTSUPP, NULL, "command cannot be dumped");
		goto err_answer;
	}
	if (!h.dump && !s->doit) {
		ret = proto_err_set(&err, -EOPNOTSUPP, NULL, "command needs NLM_F_DUMP");
		goto err_answer;
	}
	ret = proto_parse(req, proto_policy, VXSW_A_MAX, tb, &err);
	if (ret < 0)
		goto err_answer;
	ret = check_attrs(s, vh->cmd, h.dump, tb, &err);
	if (ret < 0)
		goto err_answer;

	ret = h.dump ? s->dumpit(&h, &ea) : s->doit(&h, &ea);
	if (h.reply_err)
		return h.reply_err;
	if (ret < 0) {
		/* The model's extack: point at its attribute if the request has it. */
		proto_err_set(&err, ret, NULL, ea.msg);
		if (ea.attr > 0 && ea.attr <= VXSW_A_MAX)
			err.attr = tb[ea.attr];
		if (h.errbuf[0]) {
			snprintf(err.buf, sizeof(err.buf), "%s", h.errbuf);
			err.msg = err.buf;
		}
		if (h.bad)
			err.attr = h.bad;
		goto err_answer;
	}
	if (h.dump) {
		ret = proto_done_build(ctl.msg, sizeof(ctl.msg), req);
		return ret < 0 ? ret : send_reply(&h, (const struct nlmsghdr *)ctl.msg);
	}
	if (req->nlmsg_flags & NLM_F_ACK)
		return answer_error(&h, req, req->nlmsg_len, 0, NULL);
	return 0;

err_answer:
	return answer_error(&h, req, req->nlmsg_len, ret, &err);
}

int ctl_input(const void *buf, size_t len, ctl_reply_fn reply, void *arg)
{
	struct hctx h = {.reply = reply, .arg = arg};
	struct proto_err err;
	size_t off = 0;
	int ret, first = 0;

	memset(&err, 0, sizeof(err));
	if (len < MNL_NLMSG_HDRLEN) {
		snprintf(err.buf, sizeof(err.buf), "message truncated: %zu bytes", len);
		ret = proto_err_set(&err, -EINVAL, NULL, err.buf);
		return answer_error(&h, buf, len, ret, &err);
	}
	while (off < len) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const char *)buf + off);
		size_t rem = len - off;

		if (rem < MNL_NLMSG_HDRLEN || nlh->nlmsg_len < MNL_NLMSG_HDRLEN ||
		    nlh->nlmsg_len > rem) {
			snprintf(err.buf, sizeof(err.buf),
				 "message length %u invalid: %zu bytes received",
				 rem < MNL_NLMSG_HDRLEN ? 0 : nlh->nlmsg_len, rem);
			ret = proto_err_set(&err, -EINVAL, NULL, err.buf);
			ret = answer_error(&h, nlh, rem, ret, &err);
			return first ?: ret;
		}
		ret = ctl_handle(nlh, reply, arg);
		if (ret < 0 && !first)
			first = ret;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	return first;
}

/* ---- the socket ---- */

/* Answers to one client, packed into datagrams of up to PROTO_DUMP_BATCH bytes. */
struct sock_out {
	int fd;
	size_t len;
	int err;
};

static int sock_send(struct sock_out *o, const void *data, size_t len)
{
	ssize_t n;

	do {
		n = send(o->fd, data, len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		o->err = errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
	return o->err;
}

static int sock_flush(struct sock_out *o)
{
	int ret = 0;

	if (o->len && !o->err)
		ret = sock_send(o, ctl.batch, o->len);
	o->len = 0;
	return ret ?: o->err;
}

static int sock_reply(const struct nlmsghdr *m, void *arg)
{
	struct sock_out *o = arg;

	if (o->err)
		return o->err;
	if (o->len + m->nlmsg_len > sizeof(ctl.batch) && sock_flush(o) < 0)
		return o->err;
	if (m->nlmsg_len > sizeof(ctl.batch))
		return sock_send(o, m, m->nlmsg_len);
	memcpy(ctl.batch + o->len, m, m->nlmsg_len);
	o->len += MNL_ALIGN(m->nlmsg_len);
	return 0;
}

static void sub_remove(int fd)
{
	unsigned int i;

	for (i = 0; i < ctl.n_subs; i++) {
		if (ctl.subs[i] == fd) {
			ctl.n_subs--;
			ctl.subs[i] = ctl.subs[ctl.n_subs];
			ctl.sub_lost[i] = ctl.sub_lost[ctl.n_subs];
			break;
		}
	}
}

static void client_close(int fd)
{
	unsigned int i;

	sub_remove(fd);
	epoll_ctl(ctl.epfd, EPOLL_CTL_DEL, fd, NULL);
	close(fd);
	for (i = 0; i < ctl.n_clients; i++) {
		if (ctl.clients[i] == fd) {
			ctl.clients[i] = ctl.clients[--ctl.n_clients];
			break;
		}
	}
}

/* ---- events ---- */

/* Subscribe the connection a request came on. Not for --config files or in-process callers. */
static int do_subscribe(struct hctx *h, struct extack *ea)
{
	int fd;
	unsigned int i;

	if (h->reply != sock_reply)
		return extack_set(ea, -EOPNOTSUPP, 0, "events need a socket connection");
	fd = ((const struct sock_out *)h->arg)->fd;
	for (i = 0; i < ctl.n_subs; i++)
		if (ctl.subs[i] == fd)
			return 0;
	ctl.subs[ctl.n_subs] = fd;
	ctl.sub_lost[ctl.n_subs] = false;
	ctl.n_subs++;
	return 0;
}

/* Send without waiting: a subscriber that does not keep up misses events, never stalls us. */
static bool sub_send(int fd, const void *data, size_t len)
{
	ssize_t n;

	do {
		n = send(fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	return n == (ssize_t)len;
}

void ctl_flush_events(void)
{
	_Alignas(8) uint8_t lost[PROTO_HDRLEN];
	unsigned int i;

	for (i = 0; i < ctl.n_subs; i++) {
		/* Owed a loss notice: it goes first, and the events behind it are not needed
		 * (the subscriber re-dumps), but are sent anyway when they fit. */
		if (ctl.sub_lost[i]) {
			struct nlmsghdr *nlh =
				proto_msg_start(lost, sizeof(lost), VXSW_CMD_EVENTS_LOST, 0, 0);

			if (!sub_send(ctl.subs[i], nlh, nlh->nlmsg_len))
				continue;
			ctl.sub_lost[i] = false;
		}
		if (ctl.ev_len && !sub_send(ctl.subs[i], ctl.ev, ctl.ev_len)) {
			ctl.sub_lost[i] = true;
			ctl.ev_dropped++;
		}
	}
	if (ctl.ev_len && ctl.n_subs)
		ctl.ev_sent++;
	ctl.ev_len = 0;
}

void ctl_fdb_event(const struct model_fdb_info *info, bool del, void *arg)
{
	struct nlmsghdr *nlh;

	(void)arg;
	if (!ctl.n_subs)
		return;
	/* Built in the message buffer (the attribute writers know its size), then queued. */
	nlh = proto_msg_start(ctl.msg, sizeof(ctl.msg), VXSW_CMD_FDB_EVENT, 0, 0);
	if (!put_u8(nlh, VXSW_A_EVENT, del ? VXSW_EVENT_DEL : VXSW_EVENT_NEW) ||
	    !put_fdb(nlh, info))
		return;
	if (ctl.ev_len + MNL_ALIGN(nlh->nlmsg_len) > sizeof(ctl.ev))
		ctl_flush_events();
	memcpy(ctl.ev + ctl.ev_len, nlh, nlh->nlmsg_len);
	ctl.ev_len += MNL_ALIGN(nlh->nlmsg_len);
}

/* Serve one datagram of a ready client. */
static void client_input(int fd)
{
	struct iovec iov = {.iov_base = ctl.rx, .iov_len = sizeof(ctl.rx)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct sock_out o = {.fd = fd};
	ssize_t n;

	do {
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		client_close(fd);
		return;
	}
	if (mh.msg_flags & MSG_TRUNC) {
		struct hctx h = {.reply = sock_reply, .arg = &o};
		struct proto_err err;

		memset(&err, 0, sizeof(err));
		snprintf(err.buf, sizeof(err.buf), "message longer than %d bytes", VXSW_MSG_MAX);
		proto_err_set(&err, -EMSGSIZE, NULL, err.buf);
		answer_error(&h, ctl.rx, MNL_NLMSG_HDRLEN, -EMSGSIZE, &err);
	} else {
		ctl_input(ctl.rx, (size_t)n, sock_reply, &o);
	}
	sock_flush(&o);
	if (o.err) {
		ctl_log("dropping a client that does not read its answers: %s", strerror(-o.err));
		client_close(fd);
	}
}

static void log_refused(const struct ucred *cred, const char *why)
{
	time_t now = time(NULL);

	if (now == ctl.last_log) {
		ctl.suppressed++;
		return;
	}
	ctl.last_log = now;
	ctl_log("refused a client (pid %d uid %u gid %u): %s%s", (int)cred->pid, cred->uid,
		cred->gid, why, ctl.suppressed ? " (and earlier ones not shown)" : "");
	ctl.suppressed = 0;
}

static void accept_clients(void)
{
	struct timeval tv = {.tv_sec = CTL_SNDTIMEO_MS / 1000,
			     .tv_usec = (CTL_SNDTIMEO_MS % 1000) * 1000};
	struct epoll_event ev = {.events = EPOLLIN};
	struct ucred cred;
	int fd, sndbuf = 1 << 20;

	for (;;) {
		memset(&cred, 0, sizeof(cred));
		fd = proto_accept(ctl.lfd, &cred);
		if (fd == -EAGAIN)
			return;
		if (fd == -EPERM) {
			log_refused(&cred, "only root, our user or our group may connect");
			continue;
		}
		if (fd < 0) {
			if (fd != -ECONNABORTED && fd != -EINTR)
				ctl_log("accept: %s", strerror(-fd));
			return;
		}
		if (ctl.n_clients == CTL_MAX_CLIENTS) {
			log_refused(&cred, "too many clients");
			close(fd);
			continue;
		}
		/* A client that stops reading must not hold the control thread for long. */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
		ev.data.fd = fd;
		if (epoll_ctl(ctl.epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			ctl_log("epoll: %s", strerror(errno));
			close(fd);
			continue;
		}
		ctl.clients[ctl.n_clients++] = fd;
	}
}

int ctl_init(const char *path)
{
	struct epoll_event ev = {.events = EPOLLIN};
	int ret;

	if (ctl.lfd >= 0)
		return -EALREADY;
	if (!path)
		path = VXSW_DPDK_SOCK;
	if (strlen(path) >= sizeof(ctl.path))
		return -ENAMETOOLONG;
	ctl.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ctl.epfd < 0)
		return -errno;
	ctl.lfd = proto_listen(path, CTL_BACKLOG);
	if (ctl.lfd < 0) {
		ret = ctl.lfd;
		goto err_epoll;
	}
	snprintf(ctl.path, sizeof(ctl.path), "%s", path);
	ev.data.fd = ctl.lfd;
	if (epoll_ctl(ctl.epfd, EPOLL_CTL_ADD, ctl.lfd, &ev) < 0) {
		ret = -errno;
		goto err_listen;
	}
	return 0;

err_listen:
	close(ctl.lfd);
	unlink(ctl.path);
	ctl.lfd = -1;
	ctl.path[0] = '\0';
err_epoll:
	close(ctl.epfd);
	ctl.epfd = -1;
	return ret;
}

int ctl_fd(void)
{
	return ctl.epfd;
}

int ctl_poll(int timeout_ms)
{
	struct epoll_event ev[CTL_EVENTS];
	int n, i;

	if (ctl.epfd < 0)
		return -EBADF;
	n = epoll_wait(ctl.epfd, ev, CTL_EVENTS, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		if (ev[i].data.fd == ctl.lfd)
			accept_clients();
		else if (ev[i].events & EPOLLIN)
			client_input(ev[i].data.fd);
		else
			client_close(ev[i].data.fd); /* hung up or failed without data */
	}
	return n;
}

void ctl_fini(void)
{
	while (ctl.n_clients)
		client_close(ctl.clients[ctl.n_clients - 1]);
	if (ctl.lfd >= 0) {
		close(ctl.lfd);
		unlink(ctl.path);
		ctl.lfd = -1;
		ctl.path[0] = '\0';
	}
	if (ctl.epfd >= 0) {
		close(ctl.epfd);
		ctl.epfd = -1;
	}
}

/* ---- --config files ---- */

struct cfg_out {
	const struct nlmsghdr *req;
	struct proto_ack ack;
};

static int cfg_reply(const struct nlmsghdr *m, void *arg)
{
	struct cfg_out *o = arg;

	if (m->nlmsg_type == NLMSG_ERROR)
		proto_ack_parse(m, o->req, &o->ack);
	return 0; /* show commands print nothing here */
}

int ctl_load_config(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	unsigned int lineno = 0;
	size_t cap = 0;
	int ret = 0;

	if (!f) {
		ret = -errno;
		fprintf(stderr, "%s: %s\n", file, strerror(-ret));
		return ret;
	}
	while (getline(&line, &cap, f) >= 0) {
		struct cfg_out o = {0};
		struct cmd_req req;
		int argc;

		lineno++;
		argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
		if (argc == 0)
			continue;
		if (argc > 0)
			ret = cmd_parse(argc, argv, ctl.rx, sizeof(ctl.rx), lineno, &req, err,
					sizeof(err));
		else
			ret = argc;
		if (ret < 0) {
			fprintf(stderr, "%s:%u: %s\n", file, lineno, err);
			break;
		}
		o.req = req.nlh;
		ret = ctl_handle(req.nlh, cfg_reply, &o);
		if (ret < 0) {
			fprintf(stderr, "%s:%u: %s", file, lineno,
				o.ack.msg[0] ? o.ack.msg : strerror(-ret));
			if (o.ack.has_offs && o.ack.bad_type)
				fprintf(stderr, " (attribute %s)", proto_attr_name(o.ack.bad_type));
			if (o.ack.has_miss_type)
				fprintf(stderr, " (missing attribute %s)",
					proto_attr_name(o.ack.miss_type));
			fputc('\n', stderr);
			break;
		}
	}
	if (!ret && ferror(f)) {
		ret = -EIO;
		fprintf(stderr, "%s: read error\n", file);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}
