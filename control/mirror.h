/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mirror: vxswd's copy of the kernel's rtnetlink state (links, AF_BRIDGE FDB entries,
 * neighbours, addresses, routes) and the overlay it defines. It parses what the kernel sends
 * (dumps and events, validating every attribute before use) and derives the overlay the
 * dataplane must hold: VNIs, access ports and their VNI, flood lists, remote and static MACs.
 * Every change of that overlay is reported through struct mirror_cb, in an order a dataplane
 * can apply (removals before additions, VNIs before what lives in them). No sockets here, so
 * the unit tests feed it recorded messages.
 *
 * The kernel's words for the overlay:
 *  - a VNI is an up vxlan device (not "external") with "id N"; its "local" is the VTEP address;
 *  - an access port of the dataplane is a netdev whose alias is "vxsw:PORT" (PORT = the
 *    dataplane's port name), in a bridge together with the VNI's vxlan device;
 *  - the flood list is the all-zero MAC on the vxlan device ("bridge fdb append 00:..:00 dev
 *    vx100 dst A"), one kernel entry per remote; a remote MAC is a vxlan "self" entry with
 *    NDA_DST (NDA_VNI absent = the device's VNI), one per MAC (a replace changes its NDA_DST in
 *    place and announces only the new one); a static local MAC is a "master static" entry on
 *    a representor (its state NUD_NOARP; NUD_PERMANENT entries are the bridge's own);
 *  - "extern_learn" entries on representors are the ones vxswd writes back from the
 *    dataplane's learning: they are not pushed back to it.
 */
#ifndef VXSW_CONTROL_MIRROR_H
#define VXSW_CONTROL_MIRROR_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include <vxsw/addr.h>
#include <vxsw/proto.h>

#include "htab.h"

/* A MAC's place in the overlay as vxswd wants the dataplane to hold it. */
struct mirror_want {
	bool is_learned; /* the dataplane learned it (vxswd wrote it back): no pinned entry, and
			  * the learned one must be left alone */
	bool is_remote;
	bool is_extern;		  /* else static: learning never moves it */
	bool is_dynamic;	  /* the kernel learned it and ages it */
	char port[VXSW_NAME_MAX]; /* local */
	struct vxsw_ip remote;	  /* remote */
};

/* Do two wants put the MAC in the same place, the same way? */
bool mirror_want_equal(const struct mirror_want *a, const struct mirror_want *b);

/* Overlay changes, reported as they happen. port/want are valid during the call only. */
struct mirror_cb {
	void (*vni)(void *arg, uint32_t vni, bool present);
	void (*port)(void *arg, const char *port, uint32_t vni); /* vni 0: unbound */
	void (*flood)(void *arg, uint32_t vni, const struct vxsw_ip *remote, bool present);
	/* want NULL: the MAC leaves the overlay; old: what it was (NULL: new). */
	void (*fdb)(void *arg, uint32_t vni, const uint8_t mac[6], const struct mirror_want *want,
		    const struct mirror_want *old);
	/* Optional: neighbours, addresses, routes, a device's address or MTU or a vxlan
	 * device's parameters changed (what next hops and wire parameters derive from). */
	void (*changed)(void *arg);
	void *arg;
};

/* Hard limits on what is mirrored; past them an object is refused and counted. */
struct mirror_limits {
	uint32_t links, fdb, neighs, addrs, routes;
};

#define MIRROR_DEFAULT_LIMITS                                                                      \
	{                                                                                          \
		.links = 65536, .fdb = 2097152, .neighs = 262144, .addrs = 65536,                  \
		.routes = 1048576                                                                  \
	}

struct mirror_stats {
	uint64_t messages; /* handled */
	uint64_t invalid;  /* refused as malformed */
	uint64_t refused;  /* objects over a limit */
	uint32_t links, fdb, neighs, addrs, routes;
	uint32_t vnis, ports, flood, macs; /* the derived overlay */
};

struct mirror;

int mirror_create(const struct mirror_limits *lim, const struct mirror_cb *cb, struct mirror **ret);
void mirror_free(struct mirror *m);

/*
 * Which devices are the dataplane's ports. REPRESENTORS (the default, for vxsw-dpdk): devices
 * with the alias "vxsw:PORT" stand for the dataplane's port PORT; the kernel's dynamic bridge
 * entries are not overlay state. BRIDGE_PORTS (the eBPF fast path): every device in a VNI's
 * bridge other than the vxlan device is a port, named as the device; the bridge's dynamic and
 * extern_learn entries on it are local MACs (want.is_extern, is_dynamic), its permanent ones
 * (the ports' own addresses) are the host's. Set before the first input.
 */
enum mirror_mode { MIRROR_REPRESENTORS, MIRROR_BRIDGE_PORTS };
void mirror_set_mode(struct mirror *m, enum mirror_mode mode);

/* A device as the kernel describes it. */
struct mirror_link {
	int32_t ifindex;
	char name[IFNAMSIZ];
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t flags; /* IFF_* */
	int32_t master;
	bool is_veth;
	bool peer_netns; /* its link (a veth's peer) is in another network namespace */
};
int mirror_link_get(const struct mirror *m, int ifindex, struct mirror_link *ret);

/* The vxlan device of a VNI and its wire parameters. */
struct mirror_vxlan {
	int32_t ifindex;
	struct vxsw_ip local;
	uint16_t dstport;	     /* host order */
	uint16_t port_min, port_max; /* source port range, 0 0: the kernel's default */
	uint8_t ttl, tos;	     /* ttl 0: the kernel's default (64) */
	bool learning;
};
int mirror_vni_get(const struct mirror *m, uint32_t vni, struct mirror_vxlan *ret);

/* The link-layer address of neighbour ip on ifindex: 0, -ENOENT (no entry) or -EAGAIN (being
 * resolved, or failed). */
int mirror_neigh_get(const struct mirror *m, int ifindex, const struct vxsw_ip *ip, uint8_t mac[6]);

/* The device holding address ip, or -ENOENT. */
int mirror_addr_ifindex(const struct mirror *m, const struct vxsw_ip *ip);

/*
 * Handle one datagram from a NETLINK_ROUTE socket (len bytes, one or more messages). Messages
 * vxswd does not use are skipped; malformed ones are counted and skipped, never trusted.
 * Returns the number of messages handled, or -EBADMSG when the datagram itself is cut (what
 * came before the cut is kept).
 */
int mirror_input(struct mirror *m, const void *buf, size_t len);

/* Handle one message (nlmsg_len bytes readable). 0, or -EINVAL if it was malformed. */
int mirror_msg(struct mirror *m, const struct nlmsghdr *nlh);

/*
 * Link changes are applied in one pass over everything at the next commit, so a dump of many
 * links costs one pass. Call after each batch of input; FDB changes are reported at once.
 */
void mirror_commit(struct mirror *m);

/*
 * Re-dump support (after ENOBUFS, the kernel's events were lost): mirror_mark() before the
 * dumps, mirror_sweep() after them removes every object the dumps did not report again, and
 * reports the overlay changes. Nothing still in the kernel is removed on the way.
 */
void mirror_mark(struct mirror *m);
void mirror_sweep(struct mirror *m);

/* The derived overlay, for a full re-sync of a dataplane. Walkers stop at a non-zero return. */
int mirror_walk_vnis(const struct mirror *m, int (*fn)(uint32_t vni, void *), void *arg);
int mirror_walk_ports(const struct mirror *m, int (*fn)(const char *port, uint32_t vni, void *),
		      void *arg);
int mirror_walk_flood(const struct mirror *m,
		      int (*fn)(uint32_t vni, const struct vxsw_ip *remote, void *), void *arg);
int mirror_walk_fdb(const struct mirror *m,
		    int (*fn)(uint32_t vni, const uint8_t mac[6], const struct mirror_want *,
			      void *),
		    void *arg);

/* Is the VNI present? Is the port a representor, and of which VNI (0: none)? */
bool mirror_has_vni(const struct mirror *m, uint32_t vni);

/*
 * The representor of a dataplane port: its ifindex (> 0) and, if vni is non-NULL, the VNI it is
 * bound to (0: none). -ENOENT if no netdev stands for that port.
 */
int mirror_port_ifindex(const struct mirror *m, const char *port, uint32_t *vni);

/* Does the kernel hold vxswd's extern_learn entry for mac on this representor? */
bool mirror_has_learned(const struct mirror *m, int ifindex, const uint8_t mac[6]);

/* The representor holding vxswd's extern_learn entry for (vni, mac), or -ENOENT. */
int mirror_learned_ifindex(const struct mirror *m, uint32_t vni, const uint8_t mac[6]);

/* Walk the extern_learn entries on representors (those vxswd wrote back). */
int mirror_walk_learned(const struct mirror *m,
			int (*fn)(int ifindex, const char *port, const uint8_t mac[6], void *),
			void *arg);

/* The VTEP address of the vxlan devices (family 0 if none); more than one is an error the
 * caller may report (the dataplane has one). */
int mirror_local(const struct mirror *m, struct vxsw_ip *ret, bool *conflict);

void mirror_stats_get(const struct mirror *m, struct mirror_stats *ret);

#endif /* VXSW_CONTROL_MIRROR_H */
