/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtnl: vxswd's rtnetlink sockets (libmnl). One socket subscribed to the link, neighbour,
 * address and route groups, with a large receive buffer; one for dumps; one for writing the
 * dataplane's learned MACs back as extern_learn bridge entries (answers read asynchronously,
 * so a slow kernel never stalls the daemon). Feeds everything it reads into the mirror.
 */
#ifndef VXSW_CONTROL_RTNL_H
#define VXSW_CONTROL_RTNL_H

#include <stdbool.h>
#include <stdint.h>

#include "mirror.h"

struct rtnl_stats {
	uint64_t overruns;     /* ENOBUFS on the event socket */
	uint64_t writes;       /* extern_learn entries written or removed */
	uint64_t write_errors; /* ... that the kernel refused */
};

/* Open the sockets and subscribe (before any dump). rcvbuf: bytes for the event socket.
 * 0 or -errno. */
int rtnl_open(int rcvbuf);
void rtnl_close(void);

/* fds for poll(): events, and the answers to writes. */
int rtnl_event_fd(void);
int rtnl_write_fd(void);

/* Dump links, FDB, neighbours, addresses and routes into m. 0 or -errno. */
int rtnl_dump(struct mirror *m);

/* Read the waiting events into m (non-blocking). 0, or -ENOBUFS when the kernel dropped some:
 * the events still queued are thrown away (they predate the re-dump) and the caller re-dumps
 * (mirror_mark, rtnl_dump, mirror_sweep). */
int rtnl_events(struct mirror *m);

/*
 * Ask the kernel how it would send to dst (RTM_GETROUTE, the equivalent of "ip route get"): the
 * output device and the gateway (family 0 when dst is on-link). 0, -ENETUNREACH (no route, or
 * not a unicast one) or -errno.
 */
int rtnl_route_get(const struct vxsw_ip *dst, int *ret_oif, struct vxsw_ip *ret_gw);

/* Write (add) or remove the extern_learn entry of mac on the bridge port ifindex. */
int rtnl_learned(int ifindex, const uint8_t mac[6], bool add);

/* Read the kernel's answers to writes (non-blocking), counting refusals. */
void rtnl_write_answers(void);

void rtnl_stats_get(struct rtnl_stats *ret);

#endif /* VXSW_CONTROL_RTNL_H */
