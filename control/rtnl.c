/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtnl: the kernel side of vxswd (see rtnl.h). Groups are joined with NETLINK_ADD_MEMBERSHIP
 * (the RTNLGRP_* numbers, not the legacy bit masks) before the first dump, and every handler in
 * the mirror is idempotent, so an object seen both in a dump and in an event is applied twice
 * harmlessly.
 */
#include "rtnl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "proto.h"

#define RTNL_BUF 32768 /* libmnl 1.0.4 has no MNL_SOCKET_DUMP_SIZE */

static struct {
	struct mnl_socket *ev, *dump, *wr;
	uint32_t seq;
	struct rtnl_stats st;
	_Alignas(8) uint8_t buf[RTNL_BUF];
} r;

static unsigned int groups[] = {
	RTNLGRP_LINK,	     RTNLGRP_NEIGH,	 RTNLGRP_IPV4_IFADDR,
	RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
};

static struct mnl_socket *sock_open(void)
{
	struct mnl_socket *s = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	int one = 1;

	if (!s)
		return NULL;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(s);
		return NULL;
	}
	/* Errors name the bad attribute; ACKs do not echo the request. */
	mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &one, sizeof(one));
	return s;
}

int rtnl_open(int rcvbuf)
{
	size_t i;
	int ret;

	r.ev = sock_open();
	r.dump = sock_open();
	r.wr = sock_open();
	if (!r.ev || !r.dump || !r.wr) {
		ret = -errno;
		goto err;
	}
	/* Root may go past rmem_max (SO_RCVBUFFORCE); others get what rmem_max allows. */
	if (setsockopt(mnl_socket_get_fd(r.ev), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(r.ev), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (mnl_socket_setsockopt(r.ev, NETLINK_ADD_MEMBERSHIP, &groups[i],
					  sizeof(groups[i])) < 0) {
			ret = -errno;
			goto err;
		}
	}
	r.seq = (uint32_t)time(NULL);
	return 0;
err:
	rtnl_close();
	return ret ? ret : -ENOMEM;
}

void rtnl_close(void)
{
	if (r.ev)
		mnl_socket_close(r.ev);
	if (r.dump)
		mnl_socket_close(r.dump);
	if (r.wr)
		mnl_socket_close(r.wr);
	r.ev = r.dump = r.wr = NULL;
}

int rtnl_event_fd(void)
{
	return r.ev ? mnl_socket_get_fd(r.ev) : -1;
}

int rtnl_write_fd(void)
{
	return r.wr ? mnl_socket_get_fd(r.wr) : -1;
}

struct route_answer {
	int oif;
	struct vxsw_ip gw;
};

static int route_attr(const struct nlattr *a, void *data)
{
	struct route_answer *ra = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_OIF:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		ra->oif = (int)mnl_attr_get_u32(a);
		break;
	case RTA_GATEWAY:
		if (mnl_attr_get_payload_len(a) == 4) {
			ra->gw.family = VXSW_AF_INET;
			memcpy(&ra->gw.v4, mnl_attr_get_payload(a), 4);
		} else if (mnl_attr_get_payload_len(a) == 16) {
			ra->gw.family = VXSW_AF_INET6;
			memcpy(ra->gw.v6, mnl_attr_get_payload(a), 16);
		} else {
			return MNL_CB_ERROR;
		}
		break;
	}
	return MNL_CB_OK;
}

/*
 * Send the request in r.buf (its seq set here) on the dump socket and pass every answer message
 * to fn until NLMSG_DONE (0), an NLMSG_ERROR (its error: 0 for an ACK), or a non-zero return of
 * fn (returned; a positive one means "done").
 */
static int request(int (*fn)(const struct nlmsghdr *, void *), void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)r.buf;
	uint32_t seq = ++r.seq, portid = mnl_socket_get_portid(r.dump);
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(r.dump, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *p = (const void *)r.buf;
		int rem;

		n = mnl_socket_recvfrom(r.dump, r.buf, sizeof(r.buf));
		if (n < 0)
			return -errno;
		for (rem = (int)n; proto_nlmsg_ok(p, rem); p = mnl_nlmsg_next(p, &rem)) {
			if (p->nlmsg_seq != seq || p->nlmsg_pid != portid)
				continue;
			if (p->nlmsg_type == NLMSG_DONE)
				return 0;
			if (p->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(p);

				return p->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(*e) ? e->error
										     : -EBADMSG;
			}
			if ((ret = fn(p, arg)))
				return ret;
		}
	}
}

static int dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	mirror_msg(arg, nlh);
	return 0;
}

/* One dump request of type with a family header of hdrlen bytes (family at offset 0). A dump
 * interrupted by a change (NLM_F_DUMP_INTR) is still right once the events that follow are
 * applied. */
static int dump_one(struct mirror *m, uint16_t type, uint8_t family, size_t hdrlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(r.buf);
	uint8_t *hdr;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	hdr = mnl_nlmsg_put_extra_header(nlh, hdrlen);
	hdr[0] = family;
	return request(dump_cb, m);
}

/* The answer of RTM_GETROUTE: 1 with a filled, -errno for what cannot be used. */
static int route_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct rtmsg *rtm;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct rtmsg))
		return -EBADMSG;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_type != RTN_UNICAST)
		return -ENETUNREACH;
	if (mnl_attr_parse(nlh, sizeof(*rtm), route_attr, arg) < 0 ||
	    ((struct route_answer *)arg)->oif <= 0)
		return -EBADMSG;
	return 1;
}

int rtnl_route_get(const struct vxsw_ip *dst, int *ret_oif, struct vxsw_ip *ret_gw)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(r.buf);
	bool v4 = dst->family == VXSW_AF_INET;
	struct route_answer a;
	struct rtmsg *rtm;
	int ret;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = v4 ? AF_INET : AF_INET6;
	rtm->rtm_dst_len = v4 ? 32 : 128;
	mnl_attr_put(nlh, RTA_DST, v4 ? 4 : 16, v4 ? (const void *)&dst->v4 : dst->v6);
	memset(&a, 0, sizeof(a));
	ret = request(route_cb, &a);
	if (ret == -EHOSTUNREACH)
		ret = -ENETUNREACH;
	if (ret <= 0)
		return ret ? ret : -EBADMSG; /* no answer but an ACK */
	*ret_oif = a.oif;
	*ret_gw = a.gw;
	return 0;
}

int rtnl_dump(struct mirror *m)
{
	int ret;

	if ((ret = dump_one(m, RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg))) < 0 ||
	    (ret = dump_one(m, RTM_GETNEIGH, AF_BRIDGE, sizeof(struct ndmsg))) < 0 ||
	    (ret = dump_one(m, RTM_GETNEIGH, AF_INET, sizeof(struct ndmsg))) < 0 ||
	    (ret = dump_one(m, RTM_GETNEIGH, AF_INET6, sizeof(struct ndmsg))) < 0 ||
	    (ret = dump_one(m, RTM_GETADDR, AF_UNSPEC, sizeof(struct ifaddrmsg))) < 0 ||
	    (ret = dump_one(m, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg))) < 0 ||
	    (ret = dump_one(m, RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg))) < 0)
		return ret;
	mirror_commit(m);
	return 0;
}

/*
 * After ENOBUFS, throw away what the event socket still holds, until it is empty. Two reasons:
 *  - the kernel reports an overrun only once per congestion: it sets NETLINK_S_CONGESTED with
 *    the error and clears it only when a read leaves the queue empty. Until then every event
 *    it drops is dropped silently, so events lost while the re-dump runs (during a burst) would
 *    never cause another re-dump;
 *  - what is queued is older than the dump about to be made, and applied after it, it is
 *    wrong: an addition queued before the overrun whose removal was dropped would put the
 *    entry back after the sweep removed it.
 * Bounded, in case events arrive faster than they are thrown away; the re-dump follows anyway.
 */
static void events_discard(int fd)
{
	unsigned int i;

	for (i = 0; i < 65536; i++) {
		ssize_t n = recv(fd, r.buf, sizeof(r.buf), MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0 && errno != EINTR && errno != ENOBUFS)
			return; /* EAGAIN: empty, and the kernel will report the next overrun */
	}
}

int rtnl_events(struct mirror *m)
{
	int fd = mnl_socket_get_fd(r.ev);

	for (;;) {
		ssize_t n = recv(fd, r.buf, sizeof(r.buf), MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0 && errno == ENOBUFS) {
			r.st.overruns++;
			events_discard(fd);
			return -ENOBUFS;
		}
		if (n <= 0)
			return n < 0 ? -errno : -ECONNRESET;
		if (mirror_input(m, r.buf, (size_t)n) < 0)
			log_warn("netlink: a malformed datagram of %zd bytes, skipped", n);
	}
	mirror_commit(m);
	return 0;
}

int rtnl_learned(int ifindex, const uint8_t mac[6], bool add)
{
	/* Zeroed: libmnl 1.0.4 leaves an attribute's padding as it finds it (valgrind saw the
	 * stack's bytes after the MAC go to the kernel). */
	_Alignas(8) uint8_t buf[256] = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = add ? RTM_NEWNEIGH : RTM_DELNEIGH;
	/* No ACK: failures still come back as errors, read by rtnl_write_answers(). */
	nlh->nlmsg_flags = NLM_F_REQUEST | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	nlh->nlmsg_seq = ++r.seq;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_flags = NTF_MASTER | (add ? NTF_EXT_LEARNED : 0);
	ndm->ndm_state = add ? NUD_REACHABLE : 0;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	r.st.writes++;
	if (mnl_socket_sendto(r.wr, nlh, nlh->nlmsg_len) < 0) {
		r.st.write_errors++;
		return -errno;
	}
	return 0;
}

void rtnl_write_answers(void)
{
	int fd = rtnl_write_fd();

	for (;;) {
		ssize_t n = recv(fd, r.buf, sizeof(r.buf), MSG_DONTWAIT);
		const struct nlmsghdr *p = (const void *)r.buf;
		int rem;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (rem = (int)n; proto_nlmsg_ok(p, rem); p = mnl_nlmsg_next(p, &rem)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(p);

			if (p->nlmsg_type != NLMSG_ERROR ||
			    p->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e) || e->error == 0)
				continue;
			r.st.write_errors++;
			/* A removal of an entry the kernel already moved or dropped is fine. */
			if (e->error != -ENOENT)
				log_warn("kernel refused an extern_learn FDB write: %s",
					 strerror(-e->error));
		}
	}
}

void rtnl_stats_get(struct rtnl_stats *ret)
{
	*ret = r.st;
}
