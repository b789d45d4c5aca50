/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend_dpdk: vxswd's side of the vxsw control protocol towards vxsw-dpdk. Owns two
 * connections to the dataplane: one for requests (changes are packed many to a datagram and
 * acknowledged once per datagram, so 100k entries cost a few hundred round trips) and one that
 * receives FDB events. Re-syncs the dataplane with the mirror by mark and sweep: dump what the
 * dataplane holds, remove what the kernel no longer says, add what is missing, touch nothing
 * else. Single-threaded, like all of vxswd.
 */
#ifndef VXSW_CONTROL_BACKEND_DPDK_H
#define VXSW_CONTROL_BACKEND_DPDK_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netlink.h>

#include <vxsw/addr.h>

#include "mirror.h"

struct bdpdk_stats {
	uint64_t ops;	   /* requests sent */
	uint64_t errors;   /* requests refused */
	uint64_t connects; /* connections made */
	uint64_t events;   /* FDB events received */
	uint64_t lost;	   /* EVENTS_LOST notices */
	uint32_t epoch;	   /* full re-syncs */
};

/* What the dataplane reports about a learned entry (an FDB event or a dump line). */
struct bdpdk_learned {
	uint32_t vni;
	uint8_t mac[6];
	bool is_remote;
	char port[64];
	struct vxsw_ip remote;
};

/* Called for each FDB event (del true: the learned entry went away), for EVENTS_LOST (lost
 * true, the rest unset) and, during a re-sync, for each learned entry on a local port. */
struct bdpdk_cb {
	void (*learned)(void *arg, const struct bdpdk_learned *l, bool del);
	void (*lost)(void *arg);
	void *arg;
};

/* Set the socket path and callbacks. Does not connect. */
void bdpdk_init(const char *path, const struct bdpdk_cb *cb);

/* Connect both connections and subscribe to events. 0 or -errno. */
int bdpdk_connect(void);
void bdpdk_disconnect(void);
/* At exit: free the copies kept across connections (flow rules, ports' source checks). */
void bdpdk_free(void);
bool bdpdk_connected(void);

/* The event connection, for poll(); -1 when disconnected. */
int bdpdk_event_fd(void);

/* Read the events waiting (non-blocking). 0, or -errno when the dataplane went away (the
 * caller disconnects and retries later). */
int bdpdk_events(void);

/* Queue one change (sent by bdpdk_flush, or earlier when a datagram is full). */
void bdpdk_vni(uint32_t vni, bool present);
void bdpdk_port(const char *port, uint32_t vni);
void bdpdk_flood(uint32_t vni, const struct vxsw_ip *remote, bool present);
void bdpdk_fdb(uint32_t vni, const uint8_t mac[6], const struct mirror_want *want);

/* Send what is queued and wait for the dataplane's answer. 0, or -errno if the connection
 * failed (refused requests are counted and logged, not returned). */
int bdpdk_flush(void);

/*
 * Make the dataplane hold exactly the mirror's overlay: dump its VNIs, port bindings, flood
 * lists and pinned FDB entries, remove what the mirror does not have, add what it lacks. Then
 * report every learned entry on a local port through cb.learned, for the kernel write-back.
 * keep (optional) spares entries the mirror no longer has but the caller still wants (the
 * hold-down): mac NULL for a flood entry. 0 or -errno.
 */
int bdpdk_resync(const struct mirror *m,
		 bool (*keep)(uint32_t vni, const uint8_t *mac, const struct vxsw_ip *remote));

/*
 * Send a request of a vxswctl client (req, nlmsg_len bytes) to the dataplane and pass every
 * answer message to fn, seq restored. 0 or -errno of the connection.
 */
int bdpdk_relay(const struct nlmsghdr *req, int (*fn)(const struct nlmsghdr *, void *), void *arg);

/*
 * The flow table: vxswd keeps a copy of the dataplane's rules. refresh re-reads it (after a batch
 * was relayed); sync, after each (re)connection, puts the copy back into a dataplane that came
 * back empty, or else adopts what the dataplane holds. 0 or -errno.
 */
int bdpdk_flows_refresh(void);
int bdpdk_flows_sync(void);
uint32_t bdpdk_flows_count(void);

/*
 * Ports' source checks (PORT_SECURITY_SET): keep records the last request vxswctl sent for a
 * port (the dataplane accepted it); restore sends them all again after a (re)connection, so a
 * restarted dataplane gets them back. A request replaces the port's whole check, so sending it
 * twice is harmless. 0 or -errno of the connection.
 */
void bdpdk_port_security_keep(const struct nlmsghdr *req);
int bdpdk_port_security_restore(void);

/* The dataplane's underlay (VTEP) address, family 0 if it has none. 0 or -errno. */
int bdpdk_underlay_local(struct vxsw_ip *ret);

void bdpdk_stats_get(struct bdpdk_stats *ret);
const char *bdpdk_path(void);

#endif /* VXSW_CONTROL_BACKEND_DPDK_H */
