/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxswd: the vxsw control daemon. Mirrors the kernel's vxlan devices, bridge FDB, neighbours,
 * addresses and routes (rtnl + mirror) into a dataplane: vxsw-dpdk (backend_dpdk), whose
 * learned MACs it writes back to the kernel as extern_learn entries so that FRR's EVPN
 * advertises them, or the eBPF fast path (backend_ebpf), for which the kernel's bridge learns.
 * Serves vxswctl (its own status; the rest relayed to vxsw-dpdk, or answered from the eBPF
 * maps). One thread, one poll loop; every wait is bounded.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include <vxsw/bpf.h>
#include <vxsw/proto.h>

#include "backend_dpdk.h"
#ifdef VXSW_HAVE_BPF
#include "backend_ebpf.h"
#endif
#include "config.h"
#include "htab.h"
#include "log.h"
#include "mirror.h"
#include "notify.h"
#include "proto.h"
#include "rtnl.h"

#ifndef VXSW_VERSION
#define VXSW_VERSION "unknown"
#endif

#define MAX_CLIENTS 16
#define TICK_MS	    100

static volatile sig_atomic_t quit;

static struct {
	struct vxswd_config cfg;
	bool ebpf; /* the backend is the eBPF fast path, not vxsw-dpdk */
	struct mirror *m;
	int lfd;
	int clients[MAX_CLIENTS];
	unsigned int n_clients;
	bool need_resync;    /* the dataplane's events were lost, or it came back */
	bool need_redump;    /* kernel events were lost and the re-dump failed: retry */
	uint64_t next_retry; /* ms, monotonic */
	bool was_connected;
	struct htab held;    /* removals waiting for the hold-down */
	struct htab learned; /* during a re-sync: learned MACs the dataplane reported */
	bool collecting;
	_Alignas(8) uint8_t rx[VXSW_MSG_MAX];
} d = {.lfd = -1};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- hold-down: remote entries removed from the kernel wait before leaving the dataplane ---- */

struct held {
	struct hnode hn;
	uint32_t vni;
	uint8_t mac[6]; /* zero for a flood entry */
	uint8_t pad[2];
	struct vxsw_ip ip; /* flood entry: the remote */
	/* not in the key: */
	uint64_t deadline;
	struct mirror_want was; /* FDB: what the dataplane still holds */
};

#define HELD_KEY_LEN (offsetof(struct held, deadline) - offsetof(struct held, vni))

static struct held *held_find(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *ip)
{
	struct held k;

	memset(&k, 0, sizeof(k));
	k.vni = vni;
	if (mac)
		memcpy(k.mac, mac, 6);
	if (ip)
		k.ip = *ip;
	return htab_find(&d.held, &k.vni);
}

/* Keep a removal back; false if it must go out now (no hold-down, or the table is full). */
static bool held_add(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *ip,
		     const struct mirror_want *was)
{
	struct held *h;

	if (!d.cfg.holddown || held_find(vni, mac, ip))
		return d.cfg.holddown != 0;
	h = calloc(1, sizeof(*h));
	if (!h)
		return false;
	h->vni = vni;
	if (mac)
		memcpy(h->mac, mac, 6);
	if (ip)
		h->ip = *ip;
	if (was)
		h->was = *was;
	h->deadline = now_ms() + (uint64_t)d.cfg.holddown * 1000;
	if (htab_add(&d.held, h) < 0) {
		free(h);
		return false;
	}
	return true;
}

static void held_drop(struct held *h)
{
	htab_del(&d.held, h);
	free(h);
}

/* ---- the backend: vxsw-dpdk or the eBPF fast path, chosen once at start ---- */

struct backend {
	void (*vni)(uint32_t vni, bool present);
	void (*port)(const char *port, uint32_t vni);
	void (*flood)(uint32_t vni, const struct vxsw_ip *remote, bool present);
	void (*fdb)(uint32_t vni, const uint8_t mac[6], const struct mirror_want *want);
	bool (*connected)(void);
	const char *(*path)(void);
};

static const struct backend be_dpdk = {bdpdk_vni, bdpdk_port,	   bdpdk_flood,
				       bdpdk_fdb, bdpdk_connected, bdpdk_path};
#ifdef VXSW_HAVE_BPF
static const struct backend be_ebpf = {bebpf_vni, bebpf_port,	bebpf_flood,
				       bebpf_fdb, bebpf_loaded, bebpf_pin_dir};
#endif
static const struct backend *be = &be_dpdk;

static void held_expire(bool all)
{
	uint64_t now = now_ms();
	struct held *h;
	void *nx;
	size_t i;

	HTAB_FOREACH(&d.held, h, i, nx)
	{
		if (!all && h->deadline > now)
			continue;
		if (h->ip.family)
			be->flood(h->vni, &h->ip, false);
		else
			be->fdb(h->vni, h->mac, NULL);
		held_drop(h);
	}
}

/* ---- mirror -> dataplane ---- */

/* The VNI leaves: the dataplane drops its MACs and flood list with it, held ones too. */
static void held_drop_vni(uint32_t vni)
{
	struct held *h;
	void *nx;
	size_t i;

	HTAB_FOREACH(&d.held, h, i, nx)
	{
		if (h->vni == vni)
			held_drop(h);
	}
}

/* bdpdk_resync's question: is this entry, gone from the mirror, still held? */
static bool held_keep(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *ip)
{
	return held_find(vni, mac, ip) != NULL;
}

static void on_vni(void *arg, uint32_t vni, bool present)
{
	(void)arg;
	if (!present)
		held_drop_vni(vni);
	log_info("VNI %u %s", vni, present ? "added" : "removed");
	be->vni(vni, present);
}

static void on_port(void *arg, const char *port, uint32_t vni)
{
	(void)arg;
	if (vni)
		log_info("port %s bound to VNI %u", port, vni);
	else
		log_info("port %s unbound", port);
	be->port(port, vni);
}

static void on_flood(void *arg, uint32_t vni, const struct vxsw_ip *ip, bool present)
{
	struct held *h = held_find(vni, NULL, ip);

	(void)arg;
	if (present && h) {
		held_drop(h); /* back before the hold-down ran out: the dataplane still has it */
		return;
	}
	if (!present && mirror_has_vni(d.m, vni) && held_add(vni, NULL, ip, NULL))
		return;
	be->flood(vni, ip, present);
}

static void on_fdb(void *arg, uint32_t vni, const uint8_t mac[6], const struct mirror_want *w,
		   const struct mirror_want *old)
{
	struct held *h = held_find(vni, mac, NULL);

	(void)arg;
	if (w && h) {
		bool same = mirror_want_equal(w, &h->was);

		held_drop(h);
		if (same)
			return;
	}
	/* The dataplane learned the MAC (its write-back is what the kernel shows), or did: the
	 * learned entry is the dataplane's own business, never deleted from here. */
	if ((w && w->is_learned) || (!w && old && old->is_learned))
		return;
	/* Only what a control plane learned (extern_learn) is held: a static entry an operator
	 * deletes goes at once. */
	if (!w && old && old->is_extern && mirror_has_vni(d.m, vni) &&
	    held_add(vni, mac, NULL, old))
		return;
	be->fdb(vni, mac, w);
}

/* Routes, neighbours, addresses or device parameters changed: the eBPF backend's next hops
 * and parameters derive from them (vxsw-dpdk resolves its own next hops). */
static void on_changed(void *arg)
{
	(void)arg;
#ifdef VXSW_HAVE_BPF
	if (d.ebpf)
		bebpf_changed();
#endif
}

/* ---- dataplane learning -> kernel extern_learn entries ---- */

struct lkey {
	struct hnode hn;
	int32_t ifindex;
	uint8_t mac[6];
	uint8_t pad[2];
};

/*
 * A learned entry appeared, moved or went away in the dataplane. Local ones are written to (or
 * removed from) the kernel as extern_learn entries on the port's representor; a MAC that moved
 * to a remote VTEP loses its write-back, so EVPN stops advertising it as local.
 */
static void on_learned(void *arg, const struct bdpdk_learned *l, bool del)
{
	uint32_t vni = 0;
	int ifindex;

	(void)arg;
	if (l->is_remote) {
		if (!del && (ifindex = mirror_learned_ifindex(d.m, l->vni, l->mac)) > 0)
			rtnl_learned(ifindex, l->mac, false);
		return;
	}
	ifindex = mirror_port_ifindex(d.m, l->port, &vni);
	if (ifindex < 0 || vni != l->vni)
		return; /* no netdev stands for that port in that VNI */
	if (d.collecting && !del) {
		struct lkey *k = calloc(1, sizeof(*k));

		if (k) {
			k->ifindex = ifindex;
			memcpy(k->mac, l->mac, 6);
			if (htab_add(&d.learned, k) < 0)
				free(k);
		}
	}
	if (del != mirror_has_learned(d.m, ifindex, l->mac))
		return; /* the kernel already agrees */
	rtnl_learned(ifindex, l->mac, !del);
}

static void on_lost(void *arg)
{
	(void)arg;
	log_warn("dataplane dropped FDB events: re-syncing");
	d.need_resync = true;
}

/* Kernel extern_learn entries on representors that the dataplane no longer has: remove. */
static int sweep_learned(int ifindex, const char *port, const uint8_t mac[6], void *arg)
{
	struct lkey k;

	(void)port;
	(void)arg;
	memset(&k, 0, sizeof(k));
	k.ifindex = ifindex;
	memcpy(k.mac, mac, 6);
	if (!htab_find(&d.learned, &k.ifindex))
		rtnl_learned(ifindex, mac, false);
	return 0;
}

static const char *ip_str(const struct vxsw_ip *ip, char *buf, size_t size)
{
	if (!inet_ntop(ip->family == VXSW_AF_INET ? AF_INET : AF_INET6,
		       ip->family == VXSW_AF_INET ? (const void *)&ip->v4 : ip->v6, buf,
		       (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

/*
 * Remote VTEPs send to the address the vxlan devices name as local (EVPN advertises it); the
 * dataplane answers on its own underlay address. Say so clearly when they differ.
 */
static void check_local(void)
{
	struct vxsw_ip k, dp;
	bool conflict;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	if (mirror_local(d.m, &k, &conflict) < 0)
		return;
	if (conflict)
		log_warn("vxlan devices name different local addresses; the dataplane has one "
			 "VTEP address (%s is one of them)",
			 ip_str(&k, a, sizeof(a)));
	if (!d.ebpf && bdpdk_underlay_local(&dp) == 0 && memcmp(&k, &dp, sizeof(k)))
		log_warn(
			"vxlan devices say the VTEP address is %s, but the dataplane's underlay is "
			"%s: remote VTEPs will send to an address the dataplane does not answer",
			ip_str(&k, a, sizeof(a)), dp.family ? ip_str(&dp, b, sizeof(b)) : "unset");
}

static void resync(void)
{
	int ret;

	if (htab_init(&d.learned, offsetof(struct lkey, ifindex), 12, SIZE_MAX) < 0)
		return;
	d.collecting = true;
	ret = bdpdk_resync(d.m, held_keep);
	d.collecting = false;
	if (ret == 0)
		ret = bdpdk_flows_sync();
	if (ret == 0)
		ret = bdpdk_port_security_restore();
	if (ret == 0) {
		mirror_walk_learned(d.m, sweep_learned, NULL);
		d.need_resync = false;
		log_info("dataplane %s in sync with the kernel", bdpdk_path());
		check_local();
	} else {
		log_err("re-sync with %s failed: %s", bdpdk_path(), strerror(-ret));
		bdpdk_disconnect();
		bdpdk_free();
	}
	htab_free(&d.learned);
}

static void dataplane_tick(void)
{
	uint64_t now = now_ms();
	int ret;

#ifdef VXSW_HAVE_BPF
	if (d.ebpf) {
		/* After the start: sweep what an earlier run left in the pinned maps. */
		if (d.need_resync && (ret = bebpf_resync(held_keep)) < 0) {
			log_err("re-sync of the eBPF maps failed: %s", strerror(-ret));
		} else if (d.need_resync) {
			d.need_resync = false;
			log_info("eBPF maps in %s in sync with the kernel", bebpf_pin_dir());
			check_local();
		}
		return;
	}
#endif
	if (!bdpdk_connected()) {
		if (now < d.next_retry)
			return;
		d.next_retry = now + d.cfg.retry_ms;
		ret = bdpdk_connect();
		if (ret < 0) {
			if (d.was_connected) {
				log_warn("dataplane %s gone (%s): retrying every %u ms",
					 bdpdk_path(), strerror(-ret), d.cfg.retry_ms);
				d.was_connected = false;
			}
			return;
		}
		log_info("connected to the dataplane at %s", bdpdk_path());
		d.was_connected = true;
		d.need_resync = true;
	}
	if (d.need_resync)
		resync();
}

static void dataplane_lost(int err)
{
	log_warn("dataplane connection lost: %s", strerror(-err));
	bdpdk_disconnect();
	d.next_retry = 0;
}

/* ---- kernel events ---- */

/* Kernel events were lost: read everything again; what the dumps do not show is swept. */
static void redump(void)
{
	int ret;

	mirror_mark(d.m);
	ret = rtnl_dump(d.m);
	if (ret == 0) {
		mirror_sweep(d.m);
		d.need_redump = false;
		return;
	}
	/* A failed dump proves nothing about what is gone: no sweep, and try again. */
	if (!d.need_redump)
		log_err("re-dump failed: %s (retrying)", strerror(-ret));
	d.need_redump = true;
}

static void kernel_events(void)
{
	int ret = rtnl_events(d.m);

	if (ret == -ENOBUFS) {
		log_warn("netlink receive buffer overrun: re-dumping the kernel state");
		redump();
	} else if (ret < 0) {
		log_err("netlink: %s", strerror(-ret));
	}
}

/* ---- the vxswctl server ---- */

struct out {
	int fd;
	size_t len;
	int err;
	int answer; /* the error code of the last NLMSG_ERROR passed on (0: an ACK) */
	_Alignas(8) uint8_t buf[PROTO_DUMP_BATCH];
};

static int out_flush(struct out *o)
{
	ssize_t n;

	if (!o->len || o->err)
		return o->err;
	do {
		n = send(o->fd, o->buf, o->len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		o->err = -errno;
	o->len = 0;
	return o->err;
}

/* Queue one answer message. Only a failure to send to the client fails (o->err): a message
 * larger than the batch (the dataplane echoing a large bad request, up to VXSW_MSG_MAX) goes
 * out alone, or bdpdk_relay() would take the error for the dataplane's. */
static int out_put(const struct nlmsghdr *nlh, void *arg)
{
	struct out *o = arg;
	ssize_t n;

	if (o->len + MNL_ALIGN(nlh->nlmsg_len) > sizeof(o->buf) && out_flush(o) < 0)
		return o->err;
	if (nlh->nlmsg_type == NLMSG_ERROR &&
	    nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr))
		o->answer = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->error;
	if (nlh->nlmsg_len > sizeof(o->buf)) {
		do {
			n = send(o->fd, nlh, nlh->nlmsg_len, MSG_NOSIGNAL);
		} while (n < 0 && errno == EINTR);
		if (n < 0)
			o->err = -errno;
		return o->err;
	}
	memcpy(o->buf + o->len, nlh, nlh->nlmsg_len);
	o->len += MNL_ALIGN(nlh->nlmsg_len);
	return 0;
}

static void answer_error(struct out *o, const struct nlmsghdr *req, int error, const char *msg)
{
	_Alignas(8) uint8_t buf[1024] = {0}; /* attribute padding included */
	struct proto_err err;
	int len;

	memset(&err, 0, sizeof(err));
	proto_err_set(&err, error, NULL, msg);
	len = proto_ack_build(buf, sizeof(buf), req, req->nlmsg_len, error, msg ? &err : NULL);
	if (len > 0)
		out_put((const struct nlmsghdr *)buf, o);
}

static void put_dstat(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	mnl_attr_put_u64(nlh, type, v);
}

static void answer_daemon(struct out *o, const struct nlmsghdr *req)
{
	/* Zeroed: libmnl leaves attribute padding as it is, and this goes to a client. */
	_Alignas(8) uint8_t buf[2048] = {0};
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct mirror_stats ms;
	struct bdpdk_stats bs;
	struct rtnl_stats rs;

	mirror_stats_get(d.m, &ms);
	bdpdk_stats_get(&bs);
	rtnl_stats_get(&rs);
#ifdef VXSW_HAVE_BPF
	if (d.ebpf) {
		struct bebpf_stats es;

		bebpf_stats_get(&es);
		memset(&bs, 0, sizeof(bs));
		bs.ops = es.ops;
		bs.errors = es.errors + es.refused;
		bs.connects = es.attaches;
		bs.epoch = es.epoch;
	}
#endif
	nlh = proto_msg_start(buf, sizeof(buf), VXSW_CMD_DAEMON_GET, 0, req->nlmsg_seq);
	mnl_attr_put_strz(nlh, VXSW_A_VERSION, VXSW_VERSION);
	mnl_attr_put_strz(nlh, VXSW_A_BACKEND, d.cfg.backend);
	mnl_attr_put_strz(nlh, VXSW_A_DP_SOCKET, be->path());
	mnl_attr_put_u8(nlh, VXSW_A_DP_CONNECTED, be->connected());
	mnl_attr_put_u32(nlh, VXSW_A_EPOCH, bs.epoch);
	{
		struct vxsw_ip local;
		bool conflict;

		/* The VTEP address the kernel's vxlan devices name. */
		if (mirror_local(d.m, &local, &conflict) == 0)
			mnl_attr_put(nlh, VXSW_A_LOCAL, local.family == VXSW_AF_INET ? 4 : 16,
				     local.family == VXSW_AF_INET ? (const void *)&local.v4
								  : local.v6);
	}
	nest = mnl_attr_nest_start(nlh, VXSW_A_DAEMON_STATS);
	put_dstat(nlh, VXSW_DSTAT_NL_MESSAGES, ms.messages);
	put_dstat(nlh, VXSW_DSTAT_NL_INVALID, ms.invalid);
	put_dstat(nlh, VXSW_DSTAT_NL_OVERRUNS, rs.overruns);
	put_dstat(nlh, VXSW_DSTAT_LINKS, ms.links);
	put_dstat(nlh, VXSW_DSTAT_FDB, ms.fdb);
	put_dstat(nlh, VXSW_DSTAT_NEIGHS, ms.neighs);
	put_dstat(nlh, VXSW_DSTAT_ADDRS, ms.addrs);
	put_dstat(nlh, VXSW_DSTAT_ROUTES, ms.routes);
	put_dstat(nlh, VXSW_DSTAT_MIRROR_REFUSED, ms.refused);
	put_dstat(nlh, VXSW_DSTAT_DP_OPS, bs.ops);
	put_dstat(nlh, VXSW_DSTAT_DP_ERRORS, bs.errors);
	put_dstat(nlh, VXSW_DSTAT_DP_CONNECTS, bs.connects);
	put_dstat(nlh, VXSW_DSTAT_LEARN_EVENTS, bs.events);
	put_dstat(nlh, VXSW_DSTAT_EVENTS_LOST, bs.lost);
	put_dstat(nlh, VXSW_DSTAT_KERNEL_WRITES, rs.writes);
	put_dstat(nlh, VXSW_DSTAT_KERNEL_ERRORS, rs.write_errors);
	put_dstat(nlh, VXSW_DSTAT_HELD, d.held.n);
	mnl_attr_nest_end(nlh, nest);
	out_put(nlh, o);
	if (req->nlmsg_flags & NLM_F_ACK)
		answer_error(o, req, 0, NULL);
}

/* What vxswd itself owns: changed in the kernel, never behind its back. */
static bool owned_by_kernel(uint8_t cmd, const struct nlmsghdr *req)
{
	switch (cmd) {
	case VXSW_CMD_PORT_SET:
	case VXSW_CMD_VNI_NEW:
	case VXSW_CMD_VNI_DEL:
	case VXSW_CMD_FLOOD_NEW:
	case VXSW_CMD_FLOOD_DEL:
	case VXSW_CMD_FDB_NEW:
	case VXSW_CMD_FDB_DEL:
		return true;
	case VXSW_CMD_FDB_FLUSH: {
		/* Flushing learned entries is fine; static ones are the kernel's. A malformed
		 * request goes on to the dataplane, which says what is wrong with it. */
		const struct nlattr *tb[VXSW_A_MAX + 1];
		struct proto_err err;

		return proto_parse(req, proto_policy, VXSW_A_MAX, tb, &err) == 0 &&
		       tb[VXSW_A_FDB_STATIC];
	}
	default:
		return false;
	}
}

static void serve_one(struct out *o, const struct nlmsghdr *req)
{
	uint8_t cmd;
	int ret;

	if (req->nlmsg_type != VXSW_MSG_TYPE || req->nlmsg_len < PROTO_HDRLEN ||
	    !(req->nlmsg_flags & NLM_F_REQUEST)) {
		answer_error(o, req, -EINVAL, "not a vxsw request");
		return;
	}
	cmd = proto_msghdr(req)->cmd;
	if (proto_msghdr(req)->version != VXSW_PROTO_VERSION) {
		answer_error(o, req, -EPROTONOSUPPORT, "protocol version not supported");
		return;
	}
	if (cmd == VXSW_CMD_DAEMON_GET) {
		/* Ours to check: the dataplane never sees it. */
		if (req->nlmsg_len > PROTO_HDRLEN) {
			answer_error(o, req, -EINVAL, "daemon-get takes no attributes");
			return;
		}
		answer_daemon(o, req);
		return;
	}
	if (cmd == VXSW_CMD_EVENTS_SUBSCRIBE || cmd == VXSW_CMD_FDB_EVENT ||
	    cmd == VXSW_CMD_EVENTS_LOST) {
		answer_error(o, req, -EOPNOTSUPP, "events are served by the dataplane socket");
		return;
	}
	if (owned_by_kernel(cmd, req)) {
		answer_error(o, req, -EPERM,
			     "vxswd mirrors the overlay from the kernel: change it with ip link "
			     "and bridge fdb (or use the dataplane socket without vxswd)");
		return;
	}
#ifdef VXSW_HAVE_BPF
	if (d.ebpf) {
		ret = bebpf_answer(req, out_put, o);
		if (ret > 0)
			return; /* answered, ACK or error included */
		if (ret == -EOPNOTSUPP)
			answer_error(o, req, ret, "the ebpf backend does not serve this request");
		else if (ret == -ENOENT)
			answer_error(o, req, ret, "no such object");
		else if (ret < 0 && ret != o->err)
			answer_error(o, req, ret, NULL);
		else if (ret == 0 && (req->nlmsg_flags & NLM_F_ACK) &&
			 !(req->nlmsg_flags & NLM_F_DUMP))
			answer_error(o, req, 0, NULL);
		return;
	}
#endif
	if (!bdpdk_connected()) {
		answer_error(o, req, -ENOTCONN, "vxswd is not connected to the dataplane");
		return;
	}
	o->answer = -EINVAL;
	ret = bdpdk_relay(req, out_put, o);
	if (ret < 0 && ret != o->err) {
		answer_error(o, req, ret, "the dataplane did not answer");
		dataplane_lost(ret);
		return;
	}
	/* Whatever the batch did, read the table back: that is what a restart restores. */
	if (cmd == VXSW_CMD_FLOW_BATCH && ret == 0 && (ret = bdpdk_flows_refresh()) < 0) {
		log_err("reading the dataplane's flow rules: %s", strerror(-ret));
		dataplane_lost(ret);
	}
	/* A port's source check the dataplane took: kept, and applied again after a restart. */
	if (cmd == VXSW_CMD_PORT_SECURITY_SET && ret == 0 && o->answer == 0)
		bdpdk_port_security_keep(req);
}

static void client_close(unsigned int i)
{
	close(d.clients[i]);
	d.clients[i] = d.clients[--d.n_clients];
}

static void client_input(unsigned int i)
{
	static struct out o;
	const struct nlmsghdr *nlh = (const void *)d.rx;
	struct iovec iov = {.iov_base = d.rx, .iov_len = sizeof(d.rx)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n;
	int rem;

	do {
		n = recvmsg(d.clients[i], &mh, MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		client_close(i);
		return;
	}
	memset(&o, 0, offsetof(struct out, buf));
	o.fd = d.clients[i];
	if (mh.msg_flags & MSG_TRUNC) {
		/* Only the first VXSW_MSG_MAX bytes arrived: serve none of it. */
		struct nlmsghdr h = {.nlmsg_len = sizeof(h)};

		memcpy(&h, d.rx, sizeof(h));
		h.nlmsg_len = sizeof(h); /* echo the header only */
		answer_error(&o, &h, -EMSGSIZE, "message longer than VXSW_MSG_MAX");
		rem = 0;
	} else {
		for (rem = (int)n; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
			serve_one(&o, nlh);
	}
	if (rem) {
		struct nlmsghdr h = {.nlmsg_len = sizeof(h)};

		answer_error(&o, &h, -EINVAL, "truncated message");
	}
	if (out_flush(&o) < 0)
		client_close(i);
}

static void accept_clients(void)
{
	struct timeval tv = {.tv_sec = 1};
	struct ucred cred;
	int fd;

	for (;;) {
		fd = proto_accept(d.lfd, &cred);
		if (fd == -EAGAIN || fd == -EINTR || fd == -ECONNABORTED)
			return;
		if (fd == -EPERM) {
			log_warn("refused a client (pid %d uid %u): not root, our user or group",
				 (int)cred.pid, cred.uid);
			continue;
		}
		if (fd < 0) {
			log_err("accept: %s", strerror(-fd));
			return;
		}
		if (d.n_clients == MAX_CLIENTS) {
			close(fd);
			continue;
		}
		/* A client that stops reading is dropped, not waited for. */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		d.clients[d.n_clients++] = fd;
	}
}

/* ---- main ---- */

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vxswd [-c FILE] [-b dpdk|ebpf] [-s SOCKET] [-d SOCKET] [-p DIR]\n"
		"             [--holddown SECS] [-v] [--check]\n"
		"       vxswd --cleanup [-p DIR]\n"
		"Mirror the kernel's vxlan/bridge state into the vxsw dataplane.\n"
		"  -c, --config FILE     settings (default %s if it exists)\n"
		"  -b, --backend NAME    dpdk (vxsw-dpdk) or ebpf (the eBPF fast path)\n"
		"  -s, --socket PATH     vxswctl socket (default %s)\n"
		"  -d, --dataplane PATH  vxsw-dpdk's control socket (default %s)\n"
		"  -p, --pin-dir DIR     ebpf: where the maps are pinned (default %s)\n"
		"      --cleanup         ebpf: detach the programs and remove the pinned maps\n"
		"      --holddown SECS   keep remote entries that long after the kernel drops "
		"them\n"
		"  -v, --verbose         debug messages\n"
		"      --check           check the configuration and exit\n"
		"  -h, --help, -V, --version\n",
		VXSWD_CONF, VXSWD_SOCK, VXSW_DPDK_SOCK, VXSW_BPF_PIN_DIR);
}

static int setup(int argc, char **argv, bool *check_only, bool *cleanup)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"backend", required_argument, NULL, 'b'},
		{"pin-dir", required_argument, NULL, 'p'},
		{"cleanup", no_argument, NULL, 'X'},
		{"socket", required_argument, NULL, 's'},
		{"dataplane", required_argument, NULL, 'd'},
		{"holddown", required_argument, NULL, 'H'},
		{"verbose", no_argument, NULL, 'v'},
		{"check", no_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *file = NULL, *sock = NULL, *dp = NULL, *hold = NULL, *backend = NULL;
	const char *pin = NULL;
	char err[256];
	int opt;

	while ((opt = getopt_long(argc, argv, "c:b:s:d:p:vhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			file = optarg;
			break;
		case 'b':
			backend = optarg;
			break;
		case 'p':
			pin = optarg;
			break;
		case 'X':
			*cleanup = true;
			break;
		case 's':
			sock = optarg;
			break;
		case 'd':
			dp = optarg;
			break;
		case 'H':
			hold = optarg;
			break;
		case 'v':
			log_max_prio = LOG_DEBUG;
			break;
		case 'C':
			*check_only = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("vxswd %s\n", VXSW_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vxswd: unexpected argument \"%s\"\n", argv[optind]);
		return -EINVAL;
	}
	config_defaults(&d.cfg);
	if (!file && access(VXSWD_CONF, F_OK) == 0)
		file = VXSWD_CONF;
	if (file && config_load(file, &d.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "vxswd: %s\n", err);
		return -EINVAL;
	}
	if ((sock && strlen(sock) >= sizeof(d.cfg.socket)) ||
	    (dp && strlen(dp) >= sizeof(d.cfg.dp_socket))) {
		fprintf(stderr, "vxswd: socket path too long (at most 107 bytes)\n");
		return -EINVAL;
	}
	if (backend) {
		if (strcmp(backend, "dpdk") && strcmp(backend, "ebpf")) {
			fprintf(stderr, "vxswd: --backend: dpdk or ebpf\n");
			return -EINVAL;
		}
#ifndef VXSW_HAVE_BPF
		if (!strcmp(backend, "ebpf")) {
			fprintf(stderr, "vxswd: this vxswd was built without the eBPF fast path\n");
			return -EINVAL;
		}
#endif
		snprintf(d.cfg.backend, sizeof(d.cfg.backend), "%s", backend);
	}
	if (pin) {
		if (pin[0] != '/' || strlen(pin) >= sizeof(d.cfg.pin_dir)) {
			fprintf(stderr, "vxswd: --pin-dir: an absolute path of 1-107 bytes\n");
			return -EINVAL;
		}
		strcpy(d.cfg.pin_dir, pin);
	}
	d.ebpf = !strcmp(d.cfg.backend, "ebpf");
#ifdef VXSW_HAVE_BPF
	if (d.ebpf)
		be = &be_ebpf;
#endif
	if (sock)
		strcpy(d.cfg.socket, sock);
	if (dp)
		strcpy(d.cfg.dp_socket, dp);
	if (hold) {
		char *end;
		unsigned long v = strtoul(hold, &end, 10);

		if (!*hold || *end || v > 86400) {
			fprintf(stderr, "vxswd: --holddown: seconds, 0 to 86400\n");
			return -EINVAL;
		}
		d.cfg.holddown = (uint32_t)v;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct mirror_cb mcb = {.vni = on_vni,
				      .port = on_port,
				      .flood = on_flood,
				      .fdb = on_fdb,
				      .changed = on_changed};
	const struct bdpdk_cb bcb = {.learned = on_learned, .lost = on_lost};
	struct pollfd pfd[4 + MAX_CLIENTS];
	bool check_only = false, cleanup = false;
	int ret, exit_code = 0;

	if (setup(argc, argv, &check_only, &cleanup) < 0)
		return 2;
	if (check_only) {
		printf("vxswd: configuration ok\n");
		return 0;
	}
	if (cleanup) {
#ifdef VXSW_HAVE_BPF
		ret = bebpf_cleanup(d.cfg.pin_dir);
		if (ret < 0) {
			fprintf(stderr, "vxswd: cleanup of %s: %s\n", d.cfg.pin_dir,
				strerror(-ret));
			return 1;
		}
		printf("vxswd: detached %d program%s, removed %s\n", ret, ret == 1 ? "" : "s",
		       d.cfg.pin_dir);
		return 0;
#else
		fprintf(stderr, "vxswd: this vxswd was built without the eBPF fast path\n");
		return 2;
#endif
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (htab_init(&d.held, offsetof(struct held, vni), HELD_KEY_LEN, d.cfg.lim.fdb) < 0 ||
	    mirror_create(&d.cfg.lim, &mcb, &d.m) < 0) {
		log_err("out of memory");
		return 1;
	}
	if (d.ebpf)
		mirror_set_mode(d.m, MIRROR_BRIDGE_PORTS);
	ret = rtnl_open(d.cfg.rcvbuf);
	if (ret < 0) {
		log_err("cannot open rtnetlink: %s", strerror(-ret));
		return 1;
	}
	bdpdk_init(d.cfg.dp_socket, &bcb);
#ifdef VXSW_HAVE_BPF
	if (d.ebpf) {
		struct bebpf_opts eo;
		char err[256];

		memset(&eo, 0, sizeof(eo));
		snprintf(eo.pin_dir, sizeof(eo.pin_dir), "%s", d.cfg.pin_dir);
		eo.refresh_ms = d.cfg.refresh_ms;
		eo.ignore_reserved = d.cfg.ignore_reserved;
		eo.fdb_max = d.cfg.bpf_fdb;
		memcpy(eo.underlay, d.cfg.underlay, sizeof(eo.underlay));
		/* Loaded before the dump: the dump's changes go straight into the maps. */
		ret = bebpf_open(&eo, d.m, err, sizeof(err));
		if (ret < 0) {
			log_err("ebpf: %s", err);
			return 1;
		}
		d.need_resync = true;
		log_info("ebpf: programs loaded, maps in %s", d.cfg.pin_dir);
	}
#endif
	/* The kernel first (nothing to push yet), then the dataplane gets all of it at once. */
	ret = rtnl_dump(d.m);
	if (ret < 0) {
		log_err("cannot dump the kernel state: %s", strerror(-ret));
		return 1;
	}
	d.lfd = proto_listen(d.cfg.socket, 16);
	if (d.lfd < 0) {
		log_err("cannot serve %s: %s", d.cfg.socket, strerror(-d.lfd));
		return 1;
	}
	{
		struct mirror_stats ms;

		mirror_stats_get(d.m, &ms);
		log_info("kernel: %u links, %u FDB entries, %u neighbours, %u routes; overlay: %u "
			 "VNIs, %u ports, %u flood entries, %u MACs",
			 ms.links, ms.fdb, ms.neighs, ms.routes, ms.vnis, ms.ports, ms.flood,
			 ms.macs);
	}
	d.was_connected = true; /* so that a first failure is logged */
	dataplane_tick();
	notify_send("READY=1");
	log_info("serving vxswctl on %s", d.cfg.socket);

	while (!quit) {
		unsigned int n = 0, i, base;

		pfd[n++] = (struct pollfd){.fd = rtnl_event_fd(), .events = POLLIN};
		pfd[n++] = (struct pollfd){.fd = rtnl_write_fd(), .events = POLLIN};
		pfd[n++] = (struct pollfd){.fd = d.ebpf ? -1 : bdpdk_event_fd(), .events = POLLIN};
		pfd[n++] = (struct pollfd){.fd = d.lfd, .events = POLLIN};
		base = n;
		for (i = 0; i < d.n_clients; i++)
			pfd[n++] = (struct pollfd){.fd = d.clients[i], .events = POLLIN};
		ret = poll(pfd, n, TICK_MS);
		if (ret < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			exit_code = 1;
			break;
		}
		if (ret > 0) {
			if (pfd[0].revents)
				kernel_events();
			if (pfd[1].revents)
				rtnl_write_answers();
			if (pfd[2].revents && pfd[2].fd >= 0 && (ret = bdpdk_events()) < 0)
				dataplane_lost(ret);
			/* Clients, last first: client_close moves the last one into the gap. */
			for (i = n; i-- > base;)
				if (pfd[i].revents && i - base < d.n_clients)
					client_input(i - base);
			if (pfd[3].revents)
				accept_clients();
		}
		held_expire(false);
		if (d.need_redump)
			redump();
#ifdef VXSW_HAVE_BPF
		if (d.ebpf)
			bebpf_flush();
#endif
		if (!d.ebpf && (ret = bdpdk_flush()) < 0 && ret != -ENOTCONN)
			dataplane_lost(ret);
		dataplane_tick();
	}
	log_info("stopping");
	notify_send("STOPPING=1");
	held_expire(true); /* nothing held back survives us unnoticed */
	bdpdk_flush();
	for (unsigned int i = 0; i < d.n_clients; i++)
		close(d.clients[i]);
	close(d.lfd);
	unlink(d.cfg.socket);
	bdpdk_disconnect();
#ifdef VXSW_HAVE_BPF
	if (d.ebpf)
		bebpf_close(); /* the programs stay attached and the maps pinned */
#endif
	rtnl_close();
	mirror_free(d.m);
	htab_fini(&d.held);
	return exit_code;
}
