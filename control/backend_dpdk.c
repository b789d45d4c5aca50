/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend_dpdk: drives vxsw-dpdk over its control socket (see backend_dpdk.h). Changes are
 * queued as requests in one datagram buffer; only the last request of a datagram asks for an
 * ACK, and the dataplane answers failures of the others with NLMSG_ERROR anyway, so one round
 * trip confirms a whole datagram.
 */
#include "backend_dpdk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include <vxsw/proto.h>

#include "flowspec.h"
#include "htab.h"
#include "log.h"
#include "proto.h"

/* The dataplane answers within this, or is considered hung. */
#define BDPDK_TIMEOUT_S 5
/* Refusals logged per flush; the rest are only counted. */
#define BDPDK_LOG_ERRORS 5

static struct {
	char path[108];
	struct bdpdk_cb cb;
	int fd, efd;
	uint32_t seq;
	size_t len;	/* bytes queued in buf */
	unsigned int n; /* requests queued */
	uint32_t first; /* seq of the first queued request */
	struct bdpdk_stats st;
	_Alignas(8) uint8_t buf[VXSW_MSG_MAX];
	_Alignas(8) uint8_t rx[VXSW_MSG_MAX];
} b = {.fd = -1, .efd = -1};

void bdpdk_init(const char *path, const struct bdpdk_cb *cb)
{
	snprintf(b.path, sizeof(b.path), "%s", path ? path : VXSW_DPDK_SOCK);
	if (cb)
		b.cb = *cb;
}

const char *bdpdk_path(void)
{
	return b.path;
}

bool bdpdk_connected(void)
{
	return b.fd >= 0 && b.efd >= 0;
}

int bdpdk_event_fd(void)
{
	return b.efd;
}

void bdpdk_disconnect(void)
{
	if (b.fd >= 0)
		close(b.fd);
	if (b.efd >= 0)
		close(b.efd);
	b.fd = b.efd = -1;
	b.len = b.n = 0;
}

static ssize_t recv_dgram(int fd, int flags)
{
	ssize_t n;

	do {
		n = recv(fd, b.rx, sizeof(b.rx), flags);
	} while (n < 0 && errno == EINTR);
	if (n == 0)
		return -ECONNRESET;
	if (n < 0)
		return -errno;
	return n;
}

int bdpdk_connect(void)
{
	struct timeval tv = {.tv_sec = BDPDK_TIMEOUT_S};
	_Alignas(8) uint8_t req[PROTO_HDRLEN];
	struct nlmsghdr *nlh;
	struct proto_ack ack;
	int ret, rcvbuf = 8 << 20;

	bdpdk_disconnect();
	b.fd = proto_connect(b.path);
	if (b.fd < 0) {
		ret = b.fd;
		b.fd = -1;
		return ret;
	}
	b.efd = proto_connect(b.path);
	if (b.efd < 0) {
		ret = b.efd;
		b.efd = -1;
		goto err;
	}
	setsockopt(b.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(b.efd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(b.efd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* Subscribe before any dump, so that nothing learned in between is missed. */
	nlh = proto_msg_start(req, sizeof(req), VXSW_CMD_EVENTS_SUBSCRIBE,
			      NLM_F_REQUEST | NLM_F_ACK, ++b.seq);
	ret = proto_transact(b.efd, nlh, NULL, NULL, &ack);
	if (ret < 0) {
		log_err("dataplane %s refused the event subscription: %s", b.path,
			ack.msg[0] ? ack.msg : strerror(-ret));
		goto err;
	}
	b.st.connects++;
	return 0;
err:
	bdpdk_disconnect();
	return ret;
}

/* ---- events ---- */

static int parse_learned(const struct nlmsghdr *nlh, struct bdpdk_learned *l, bool *del,
			 bool *pinned)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;

	if (proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err) < 0 || !tb[VXSW_A_VNI] ||
	    !tb[VXSW_A_MAC] || (!tb[VXSW_A_PORT_NAME] && !tb[VXSW_A_REMOTE]))
		return -EBADMSG;
	memset(l, 0, sizeof(*l));
	l->vni = mnl_attr_get_u32(tb[VXSW_A_VNI]);
	memcpy(l->mac, mnl_attr_get_payload(tb[VXSW_A_MAC]), 6);
	if (tb[VXSW_A_PORT_NAME]) {
		snprintf(l->port, sizeof(l->port), "%s", mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
	} else {
		l->is_remote = true;
		proto_get_ip(tb[VXSW_A_REMOTE], &l->remote);
	}
	if (del)
		*del = tb[VXSW_A_EVENT] && mnl_attr_get_u8(tb[VXSW_A_EVENT]) == VXSW_EVENT_DEL;
	if (pinned)
		*pinned = tb[VXSW_A_FDB_STATIC] || tb[VXSW_A_FDB_EXTERN];
	return 0;
}

int bdpdk_events(void)
{
	for (;;) {
		ssize_t n = recv_dgram(b.efd, MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (const void *)b.rx;
		int rem;

		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return 0;
		if (n < 0)
			return (int)n;
		for (rem = (int)n; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			struct bdpdk_learned l;
			bool del;
			uint8_t cmd;

			if (nlh->nlmsg_type != VXSW_MSG_TYPE || nlh->nlmsg_len < PROTO_HDRLEN)
				continue;
			cmd = proto_msghdr(nlh)->cmd;
			if (cmd == VXSW_CMD_EVENTS_LOST) {
				b.st.lost++;
				if (b.cb.lost)
					b.cb.lost(b.cb.arg);
			} else if (cmd == VXSW_CMD_FDB_EVENT &&
				   parse_learned(nlh, &l, &del, NULL) == 0) {
				b.st.events++;
				if (b.cb.learned)
					b.cb.learned(b.cb.arg, &l, del);
			}
		}
	}
}

/* ---- queued changes ---- */

static struct nlmsghdr *queue_start(uint8_t cmd)
{
	struct nlmsghdr *nlh;

	if (!bdpdk_connected())
		return NULL;
	/* Room for the largest single request (well under 256 bytes). */
	if (b.len + 256 > sizeof(b.buf) && bdpdk_flush() < 0)
		return NULL;
	nlh = proto_msg_start(b.buf + b.len, sizeof(b.buf) - b.len, cmd, NLM_F_REQUEST, ++b.seq);
	if (b.n == 0)
		b.first = b.seq;
	return nlh;
}

static void queue_end(struct nlmsghdr *nlh)
{
	b.len += MNL_ALIGN(nlh->nlmsg_len);
	b.n++;
}

/* queue_start() left room for a whole request: the check cannot fail. */
static void put_ip(struct nlmsghdr *nlh, uint16_t type, const struct vxsw_ip *ip)
{
	proto_put_ip(nlh, sizeof(b.buf) - b.len, type, ip);
}

void bdpdk_vni(uint32_t vni, bool present)
{
	struct nlmsghdr *nlh = queue_start(present ? VXSW_CMD_VNI_NEW : VXSW_CMD_VNI_DEL);

	if (!nlh)
		return;
	mnl_attr_put_u32(nlh, VXSW_A_VNI, vni);
	queue_end(nlh);
}

void bdpdk_port(const char *port, uint32_t vni)
{
	struct nlmsghdr *nlh = queue_start(VXSW_CMD_PORT_SET);

	if (!nlh)
		return;
	mnl_attr_put_strz(nlh, VXSW_A_PORT_NAME, port);
	mnl_attr_put_u32(nlh, VXSW_A_VNI, vni);
	queue_end(nlh);
}

void bdpdk_flood(uint32_t vni, const struct vxsw_ip *remote, bool present)
{
	struct nlmsghdr *nlh = queue_start(present ? VXSW_CMD_FLOOD_NEW : VXSW_CMD_FLOOD_DEL);

	if (!nlh)
		return;
	mnl_attr_put_u32(nlh, VXSW_A_VNI, vni);
	put_ip(nlh, VXSW_A_REMOTE, remote);
	queue_end(nlh);
}

void bdpdk_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *w)
{
	struct nlmsghdr *nlh = queue_start(w ? VXSW_CMD_FDB_NEW : VXSW_CMD_FDB_DEL);

	if (!nlh)
		return;
	mnl_attr_put_u32(nlh, VXSW_A_VNI, vni);
	mnl_attr_put(nlh, VXSW_A_MAC, 6, mac);
	if (w && w->is_remote)
		put_ip(nlh, VXSW_A_REMOTE, &w->remote);
	else if (w)
		mnl_attr_put_strz(nlh, VXSW_A_PORT_NAME, w->port);
	if (w && w->is_extern)
		mnl_attr_put(nlh, VXSW_A_FDB_EXTERN, 0, NULL);
	queue_end(nlh);
}

/* The request a failure answers, to say what was refused. */
static const struct nlmsghdr *queued(uint32_t seq)
{
	const struct nlmsghdr *nlh = (const void *)b.buf;
	int rem = (int)b.len;

	for (; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
		if (nlh->nlmsg_seq == seq)
			return nlh;
	return NULL;
}

static void log_refusal(const struct nlmsghdr *err_msg, unsigned int *logged)
{
	const struct nlmsghdr *req = queued(err_msg->nlmsg_seq);
	struct proto_ack ack;

	b.st.errors++;
	if (++*logged > BDPDK_LOG_ERRORS)
		return;
	proto_ack_parse(err_msg, req, &ack);
	log_warn("dataplane refused %s: %s%s%s",
		 req ? proto_cmd_name(proto_msghdr(req)->cmd) : "a request",
		 ack.msg[0] ? ack.msg : strerror(-ack.error), ack.bad_type ? " at attribute " : "",
		 ack.bad_type ? proto_attr_name(ack.bad_type) : "");
}

int bdpdk_flush(void)
{
	struct nlmsghdr *last;
	unsigned int logged = 0;
	uint32_t last_seq;
	ssize_t n;
	int ret = 0;

	if (!b.n)
		return 0;
	if (!bdpdk_connected()) {
		b.len = b.n = 0;
		return -ENOTCONN;
	}
	/* Only the last request asks for an ACK: it closes the datagram's answers. */
	last = (struct nlmsghdr *)queued(b.seq);
	if (!last) {
		b.len = b.n = 0;
		return -EINVAL;
	}
	last->nlmsg_flags |= NLM_F_ACK;
	last_seq = b.seq;
	do {
		n = send(b.fd, b.buf, b.len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		ret = -errno;
		goto out;
	}
	b.st.ops += b.n;
	for (;;) {
		const struct nlmsghdr *nlh = (const void *)b.rx;
		bool done = false;
		int rem;

		n = recv_dgram(b.fd, 0);
		if (n < 0) {
			ret = (int)n;
			goto out;
		}
		for (rem = (int)n; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			int error;

			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(int))
				continue;
			error = *(const int *)mnl_nlmsg_get_payload(nlh);
			if (error)
				log_refusal(nlh, &logged);
			if (nlh->nlmsg_seq == last_seq)
				done = true;
		}
		if (done)
			break;
	}
	if (logged > BDPDK_LOG_ERRORS)
		log_warn("dataplane refused %u more requests of that batch",
			 logged - BDPDK_LOG_ERRORS);
out:
	b.len = b.n = 0;
	return ret;
}

/* ---- re-sync ---- */

/* What the dataplane holds, keyed like the mirror's overlay. */
struct have {
	struct hnode hn;
	uint32_t vni;
	uint8_t mac[6]; /* FDB */
	uint8_t kind;	/* HAVE_* */
	uint8_t pad;
	char port[64];	       /* PORT; FDB local */
	struct vxsw_ip remote; /* FLOOD; FDB remote */
	/* not in the key: */
	bool seen;	/* the mirror has it too (mark) */
	bool is_extern; /* FDB */
	bool is_remote;
	char where[64];	   /* FDB: port of a local entry */
	struct vxsw_ip at; /* FDB: remote VTEP of a remote entry */
	uint32_t bound;	   /* PORT: its VNI */
};

enum { HAVE_VNI = 1, HAVE_PORT, HAVE_FLOOD, HAVE_FDB };

#define HAVE_KEY_LEN offsetof(struct have, seen) - offsetof(struct have, vni)

struct rs {
	struct htab have;
	const struct mirror *m;
	int err;
};

static struct have *have_new(uint8_t kind)
{
	struct have *h = calloc(1, sizeof(*h));

	if (h)
		h->kind = kind;
	return h;
}

static struct have *have_find(struct rs *r, struct have *key)
{
	return htab_find(&r->have, &key->vni);
}

static void have_put(struct rs *r, struct have *h)
{
	if (htab_add(&r->have, h) < 0) {
		free(h);
		r->err = -ENOMEM;
	}
}

static int dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;
	struct have *h;

	if (proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err) < 0)
		return -EBADMSG;
	switch (proto_msghdr(nlh)->cmd) {
	case VXSW_CMD_VNI_GET:
		if (!tb[VXSW_A_VNI] || !(h = have_new(HAVE_VNI)))
			return 0;
		h->vni = mnl_attr_get_u32(tb[VXSW_A_VNI]);
		break;
	case VXSW_CMD_PORT_GET:
		if (!tb[VXSW_A_PORT_NAME] || !(h = have_new(HAVE_PORT)))
			return 0;
		snprintf(h->port, sizeof(h->port), "%s", mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
		h->bound = tb[VXSW_A_VNI] ? mnl_attr_get_u32(tb[VXSW_A_VNI]) : 0;
		break;
	case VXSW_CMD_FLOOD_GET:
		if (!tb[VXSW_A_VNI] || !tb[VXSW_A_REMOTE] || !(h = have_new(HAVE_FLOOD)))
			return 0;
		h->vni = mnl_attr_get_u32(tb[VXSW_A_VNI]);
		proto_get_ip(tb[VXSW_A_REMOTE], &h->remote);
		break;
	case VXSW_CMD_FDB_GET: {
		struct bdpdk_learned l;
		bool pinned;

		if (parse_learned(nlh, &l, NULL, &pinned) < 0)
			return 0;
		if (!pinned) {
			/* Learned: the kernel write-back reconciles these. */
			if (!l.is_remote && b.cb.learned)
				b.cb.learned(b.cb.arg, &l, false);
			return 0;
		}
		if (!(h = have_new(HAVE_FDB)))
			return 0;
		h->vni = l.vni;
		memcpy(h->mac, l.mac, 6);
		h->is_remote = l.is_remote;
		h->is_extern = tb[VXSW_A_FDB_EXTERN] != NULL;
		if (l.is_remote)
			h->at = l.remote;
		else
			snprintf(h->where, sizeof(h->where), "%s", l.port);
		break;
	}
	default:
		return 0;
	}
	have_put(arg, h);
	return 0;
}

static int dump(uint8_t cmd, struct rs *r)
{
	_Alignas(8) uint8_t req[PROTO_HDRLEN];
	struct nlmsghdr *nlh =
		proto_msg_start(req, sizeof(req), cmd, NLM_F_REQUEST | NLM_F_DUMP, ++b.seq);
	int ret = proto_transact(b.fd, nlh, dump_cb, r, NULL);

	return ret < 0 ? ret : r->err;
}

static int mark_vni(uint32_t vni, void *arg)
{
	struct rs *r = arg;
	struct have k = {.vni = vni, .kind = HAVE_VNI}, *h = have_find(r, &k);

	if (h)
		h->seen = true;
	else
		bdpdk_vni(vni, true);
	return 0;
}

static int mark_port(const char *port, uint32_t vni, void *arg)
{
	struct rs *r = arg;
	struct have k = {.kind = HAVE_PORT}, *h;

	snprintf(k.port, sizeof(k.port), "%s", port);
	h = have_find(r, &k);
	if (h)
		h->seen = true;
	if (!h || h->bound != vni)
		bdpdk_port(port, vni);
	return 0;
}

static int mark_flood(uint32_t vni, const struct vxsw_ip *remote, void *arg)
{
	struct rs *r = arg;
	struct have k = {.vni = vni, .kind = HAVE_FLOOD, .remote = *remote}, *h;

	h = have_find(r, &k);
	if (h)
		h->seen = true;
	else
		bdpdk_flood(vni, remote, true);
	return 0;
}

static bool fdb_same(const struct have *h, const struct mirror_want *w)
{
	if (h->is_remote != w->is_remote || h->is_extern != w->is_extern)
		return false;
	return w->is_remote ? !memcmp(&h->at, &w->remote, sizeof(w->remote))
			    : !strcmp(h->where, w->port);
}

static int mark_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *w, void *arg)
{
	struct rs *r = arg;
	struct have k = {.vni = vni, .kind = HAVE_FDB}, *h;

	/* The dataplane learned it: it keeps its learned entry, and a pinned one is swept. */
	if (w->is_learned)
		return 0;
	memcpy(k.mac, mac, 6);
	h = have_find(r, &k);
	if (h)
		h->seen = true;
	if (!h || !fdb_same(h, w))
		bdpdk_fdb(vni, mac, w);
	return 0;
}

int bdpdk_resync(const struct mirror *m,
		 bool (*keep)(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *remote))
{
	struct rs r = {.m = m};
	struct have *h;
	void *nx;
	size_t i;
	int ret;

	if (!bdpdk_connected())
		return -ENOTCONN;
	ret = bdpdk_flush();
	if (ret < 0)
		return ret;
	if (htab_init(&r.have, offsetof(struct have, vni), HAVE_KEY_LEN, SIZE_MAX) < 0)
		return -ENOMEM;
	if ((ret = dump(VXSW_CMD_VNI_GET, &r)) < 0 || (ret = dump(VXSW_CMD_PORT_GET, &r)) < 0 ||
	    (ret = dump(VXSW_CMD_FLOOD_GET, &r)) < 0 || (ret = dump(VXSW_CMD_FDB_GET, &r)) < 0)
		goto out;
	/* Mark what the kernel still says; queue what the dataplane lacks, in dependency order. */
	mirror_walk_vnis(m, mark_vni, &r);
	mirror_walk_ports(m, mark_port, &r);
	mirror_walk_flood(m, mark_flood, &r);
	mirror_walk_fdb(m, mark_fdb, &r);
	/* Sweep: MACs and flood entries first, then ports, then VNIs. */
	HTAB_FOREACH(&r.have, h, i, nx)
	{
		if (h->seen || !keep)
			continue;
		if ((h->kind == HAVE_FDB && keep(h->vni, h->mac, NULL)) ||
		    (h->kind == HAVE_FLOOD && keep(h->vni, NULL, &h->remote)))
			h->seen = true;
	}
	HTAB_FOREACH(&r.have, h, i, nx)
	{
		if (h->seen)
			continue;
		if (h->kind == HAVE_FDB)
			bdpdk_fdb(h->vni, h->mac, NULL);
		else if (h->kind == HAVE_FLOOD)
			bdpdk_flood(h->vni, &h->remote, false);
	}
	HTAB_FOREACH(&r.have, h, i, nx)
	{
		if (!h->seen && h->kind == HAVE_PORT && h->bound &&
		    mirror_port_ifindex(m, h->port, NULL) < 0)
			continue; /* a port no netdev stands for: not vxswd's to change */
		if (!h->seen && h->kind == HAVE_PORT && h->bound)
			bdpdk_port(h->port, 0);
	}
	HTAB_FOREACH(&r.have, h, i, nx)
	{
		if (!h->seen && h->kind == HAVE_VNI)
			bdpdk_vni(h->vni, false);
	}
	ret = bdpdk_flush();
	if (ret == 0)
		b.st.epoch++;
out:
	HTAB_FOREACH(&r.have, h, i, nx)
	free(h);
	htab_fini(&r.have);
	return ret;
}

/* ---- relaying vxswctl's requests ---- */

int bdpdk_relay(const struct nlmsghdr *req, int (*fn)(const struct nlmsghdr *, void *), void *arg)
{
	uint32_t client_seq = req->nlmsg_seq, seq;
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	bool want_ack = req->nlmsg_flags & NLM_F_ACK;
	struct nlmsghdr *fwd;
	ssize_t n;
	int ret;

	if (!bdpdk_connected())
		return -ENOTCONN;
	ret = bdpdk_flush();
	if (ret < 0)
		return ret;
	if (req->nlmsg_len > sizeof(b.buf))
		return -EMSGSIZE;
	/* Our own sequence number, and always an ACK (or DONE) to know where the answer ends. */
	memcpy(b.buf, req, req->nlmsg_len);
	fwd = (struct nlmsghdr *)b.buf;
	fwd->nlmsg_seq = seq = ++b.seq;
	if (!dump)
		fwd->nlmsg_flags |= NLM_F_ACK;
	do {
		n = send(b.fd, fwd, fwd->nlmsg_len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *nlh = (void *)b.rx;
		int rem;

		n = recv_dgram(b.fd, 0);
		if (n < 0)
			return (int)n;
		for (rem = (int)n; proto_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			bool end = nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR;

			if (nlh->nlmsg_seq != seq)
				continue;
			nlh->nlmsg_seq = client_seq;
			/* An error echoes our copy of the request: give back the client's seq. */
			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(struct nlmsgerr)) {
				struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				e->msg.nlmsg_seq = client_seq;
				if (!want_ack && !dump)
					e->msg.nlmsg_flags &= ~NLM_F_ACK;
				if (e->error == 0 && !want_ack && !dump)
					return 0; /* the client asked for no ACK */
			}
			ret = fn(nlh, arg);
			if (ret < 0 || end)
				return ret < 0 ? ret : 0;
		}
	}
}

/* ---- the flow table ---- */

/*
 * vxswd's copy of the dataplane's flow rules (IDs, matches, actions), read back after every
 * batch vxswctl sends through vxswd. A dataplane that restarts comes back without rules; the
 * copy puts them back, with their IDs, so that ties between equal priorities stay as they were.
 */
static struct {
	bool known; /* the copy is the dataplane's table (false until the first read) */
	struct flow_spec *v;
	uint32_t n, cap;
} fl;

struct flow_read {
	struct flow_spec *v;
	uint32_t n, cap;
	int err;
};

static int flow_read_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct flow_read *r = arg;
	struct proto_err err;

	if (proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err) < 0 || !tb[VXSW_A_FLOW])
		return -EBADMSG;
	if (r->n == r->cap) {
		uint32_t cap = r->cap ? 2 * r->cap : 64;
		struct flow_spec *v = realloc(r->v, sizeof(*v) * cap);

		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	if (flow_spec_get(tb[VXSW_A_FLOW], false, &r->v[r->n], &err) < 0)
		return -EBADMSG;
	r->v[r->n].has_counters = false;
	r->n++;
	return 0;
}

static int flows_read(struct flow_read *r)
{
	_Alignas(8) uint8_t req[PROTO_HDRLEN];
	struct nlmsghdr *nlh = proto_msg_start(req, sizeof(req), VXSW_CMD_FLOW_GET,
					       NLM_F_REQUEST | NLM_F_DUMP, ++b.seq);

	memset(r, 0, sizeof(*r));
	return proto_transact(b.fd, nlh, flow_read_cb, r, NULL);
}

static void flows_keep(struct flow_read *r)
{
	free(fl.v);
	fl.v = r->v;
	fl.n = r->n;
	fl.cap = r->cap;
	fl.known = true;
}

int bdpdk_flows_refresh(void)
{
	struct flow_read r;
	int ret;

	if (!bdpdk_connected())
		return -ENOTCONN;
	ret = flows_read(&r);
	if (ret < 0) {
		free(r.v);
		return ret;
	}
	flows_keep(&r);
	return 0;
}

/* Re-install the copy, many rules to a request (each request is all or nothing). */
static int flows_restore(void)
{
	struct nlmsghdr *nlh = NULL;
	struct nlattr *list = NULL;
	uint32_t i = 0, sent = 0;
	int ret;

	while (i < fl.n) {
		struct flow_spec add = fl.v[i];

		if (!nlh) {
			nlh = proto_msg_start(b.buf, sizeof(b.buf), VXSW_CMD_FLOW_BATCH,
					      NLM_F_REQUEST | NLM_F_ACK, ++b.seq);
			list = mnl_attr_nest_start(nlh, VXSW_A_FLOWS);
		}
		add.op = VXSW_FLOW_OP_ADD;
		/* Room for the nest's end: a request never ends half-written. */
		if (flow_spec_put(nlh, sizeof(b.buf) - 64, VXSW_A_FLOW, &add)) {
			i++;
			if (i < fl.n)
				continue;
		}
		mnl_attr_nest_end(nlh, list);
		ret = proto_transact(b.fd, nlh, NULL, NULL, NULL);
		b.st.ops++;
		if (ret < 0) {
			b.st.errors++;
			log_err("restoring the dataplane's flow rules: %s", strerror(-ret));
			return ret;
		}
		sent = i;
		nlh = NULL;
	}
	if (fl.n)
		log_info("restored %u flow rules in the dataplane", sent);
	return 0;
}

int bdpdk_flows_sync(void)
{
	struct flow_read r;
	int ret;

	ret = flows_read(&r);
	if (ret < 0) {
		free(r.v);
		return ret;
	}
	if (fl.known && r.n == 0 && fl.n) {
		free(r.v);
		return flows_restore();
	}
	/* First contact, or the dataplane kept its rules: its table is the truth. */
	flows_keep(&r);
	return 0;
}

uint32_t bdpdk_flows_count(void)
{
	return fl.n;
}

/* ---- ports' source checks ---- */

struct psec {
	struct hnode hn;
	char name[VXSW_NAME_MAX]; /* key */
	uint32_t len;
	_Alignas(8) uint8_t req[]; /* the request, as vxswctl sent it */
};

static struct htab psecs;

void bdpdk_port_security_keep(const struct nlmsghdr *req)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;
	struct psec *p, *old;
	char key[VXSW_NAME_MAX];

	if (!psecs.nb && htab_init(&psecs, offsetof(struct psec, name), VXSW_NAME_MAX, 4096) < 0)
		return;
	if (proto_parse(req, proto_policy, VXSW_A_MAX, tb, &err) < 0 || !tb[VXSW_A_PORT_NAME])
		return;
	memset(key, 0, sizeof(key));
	snprintf(key, sizeof(key), "%s", mnl_attr_get_str(tb[VXSW_A_PORT_NAME]));
	p = calloc(1, sizeof(*p) + req->nlmsg_len);
	if (!p)
		return;
	memcpy(p->name, key, sizeof(key));
	p->len = req->nlmsg_len;
	memcpy(p->req, req, req->nlmsg_len);
	((struct nlmsghdr *)p->req)->nlmsg_flags |= NLM_F_ACK;
	old = htab_find(&psecs, key);
	if (old) {
		htab_del(&psecs, old);
		free(old);
	}
	if (htab_add(&psecs, p) < 0)
		free(p);
}

void bdpdk_free(void)
{
	free(fl.v);
	memset(&fl, 0, sizeof(fl));
	htab_free(&psecs);
}

int bdpdk_port_security_restore(void)
{
	struct psec *p, *nx;
	size_t i;
	int ret;

	if (!psecs.nb)
		return 0;
	HTAB_FOREACH(&psecs, p, i, nx)
	{
		struct nlmsghdr *nlh = (struct nlmsghdr *)p->req;
		struct proto_ack ack;

		memset(&ack, 0, sizeof(ack));
		nlh->nlmsg_seq = ++b.seq;
		ret = proto_transact(b.fd, nlh, NULL, NULL, &ack);
		b.st.ops++;
		if (ret < 0 && ret == ack.error) {
			/* Refused now (the port is gone?): say so, keep trying after restarts. */
			b.st.errors++;
			log_warn("port security of %s not restored: %s", p->name,
				 ack.msg[0] ? ack.msg : strerror(-ret));
			continue;
		}
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int status_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	struct proto_err err;

	if (proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &err) < 0)
		return -EBADMSG;
	if (tb[VXSW_A_LOCAL])
		proto_get_ip(tb[VXSW_A_LOCAL], arg);
	return 0;
}

int bdpdk_underlay_local(struct vxsw_ip *ret)
{
	_Alignas(8) uint8_t req[PROTO_HDRLEN];
	struct nlmsghdr *nlh;

	memset(ret, 0, sizeof(*ret));
	if (!bdpdk_connected())
		return -ENOTCONN;
	nlh = proto_msg_start(req, sizeof(req), VXSW_CMD_STATUS_GET, NLM_F_REQUEST | NLM_F_ACK,
			      ++b.seq);
	return proto_transact(b.fd, nlh, status_cb, ret, NULL);
}

void bdpdk_stats_get(struct bdpdk_stats *ret)
{
	*ret = b.st;
}
