/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw control protocol: netlink-formatted messages (struct nlmsghdr, a vxsw_msghdr, then
 * attributes) over an AF_UNIX SOCK_SEQPACKET socket. Requests set NLM_F_REQUEST and usually
 * NLM_F_ACK; listings set NLM_F_DUMP and are answered by NLM_F_MULTI messages closed by
 * NLMSG_DONE. Errors are NLMSG_ERROR with the extended-ack attributes of the kernel
 * (NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS naming the bad attribute). The same protocol runs
 * vxswctl -> vxsw-dpdk and, later, vxswctl -> vxswd -> dataplane. Append only.
 */
#ifndef VXSW_PROTO_H
#define VXSW_PROTO_H

#include <stdint.h>

#define VXSW_RUN_DIR   "/run/vxsw"
#define VXSW_DPDK_SOCK VXSW_RUN_DIR "/dpdk.sock"
#define VXSWD_SOCK     VXSW_RUN_DIR "/vxswd.sock"

/* nlmsg_type of every vxsw request and reply (above NLMSG_MIN_TYPE = 0x10). */
#define VXSW_MSG_TYPE	   0x20
#define VXSW_PROTO_VERSION 1
/* Largest message either side sends or accepts. */
#define VXSW_MSG_MAX 65536

/* Follows struct nlmsghdr, like struct genlmsghdr. */
struct vxsw_msghdr {
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;
};

enum vxsw_cmd {
	VXSW_CMD_UNSPEC,
	VXSW_CMD_STATUS_GET,   /* -> STATUS attrs: version, uptime, config, underlay, limits */
	VXSW_CMD_CONFIG_SET,   /* AGEING, LIMIT_*, RESERVED_BITS, LEARN_UNKNOWN_VTEP, ... */
	VXSW_CMD_UNDERLAY_SET, /* PORT_NAME, LOCAL, PREFIXLEN, GATEWAY, MTU, DSTPORT, ... */
	VXSW_CMD_PORT_GET,     /* dump or PORT_NAME -> PORT_* + STATS */
	VXSW_CMD_PORT_SET,     /* PORT_NAME + VNI (bind as access port) or VNI 0 (unbind) */
	VXSW_CMD_VNI_NEW,      /* VNI [LIMIT_MACS] */
	VXSW_CMD_VNI_DEL,      /* VNI */
	VXSW_CMD_VNI_GET,      /* dump or VNI -> VNI + STATS */
	VXSW_CMD_FLOOD_NEW,    /* VNI + REMOTE */
	VXSW_CMD_FLOOD_DEL,    /* VNI + REMOTE */
	VXSW_CMD_FLOOD_GET,    /* dump [VNI] -> VNI + REMOTE */
	VXSW_CMD_FDB_NEW,      /* VNI + MAC + (PORT_NAME | REMOTE): a static entry */
	VXSW_CMD_FDB_DEL,      /* VNI + MAC */
	VXSW_CMD_FDB_GET,      /* dump [VNI] -> VNI, MAC, PORT_NAME | REMOTE, FDB_STATIC, AGE */
	VXSW_CMD_FDB_FLUSH,    /* [VNI] [FDB_STATIC]: remove learned (and static) entries */
	VXSW_CMD_NEIGH_NEW,    /* NEIGH_ADDR + MAC: a static underlay neighbour */
	VXSW_CMD_NEIGH_DEL,    /* NEIGH_ADDR */
	VXSW_CMD_NEIGH_GET,    /* dump -> NEIGH_ADDR, MAC, NEIGH_STATE */
	VXSW_CMD_VTEP_GET,     /* dump -> REMOTE, NEXTHOP, MAC, STATS */
	VXSW_CMD_STATS_GET,    /* -> STATS (totals), DROPS, LCORES */
	VXSW_CMD_STATS_CLEAR,
	VXSW_CMD_EVENTS_SUBSCRIBE,  /* this connection receives FDB_EVENT and EVENTS_LOST */
	VXSW_CMD_FDB_EVENT,	    /* notification: EVENT, VNI, MAC, PORT_NAME | REMOTE */
	VXSW_CMD_EVENTS_LOST,	    /* notification: events were dropped, re-dump to catch up */
	VXSW_CMD_DAEMON_GET,	    /* vxswd only -> BACKEND, DP_SOCKET, DP_CONNECTED, EPOCH, ... */
	VXSW_CMD_FLOW_BATCH,	    /* FLOWS: rule changes applied all or nothing -> FLOW_IDS */
	VXSW_CMD_FLOW_GET,	    /* dump -> FLOW (rule + PACKETS, BYTES) */
	VXSW_CMD_PORT_SECURITY_SET, /* PORT_NAME + PORT_SECURITY [+ ALLOWED]: replaces the port's
				     * source check (anti-spoofing) */
	__VXSW_CMD_MAX
};
#define VXSW_CMD_MAX (__VXSW_CMD_MAX - 1)

enum vxsw_attr {
	VXSW_A_UNSPEC,
	VXSW_A_PORT_NAME,	   /* string, NUL-terminated, < VXSW_NAME_MAX */
	VXSW_A_PORT_ID,		   /* u16 */
	VXSW_A_PORT_ROLE,	   /* u8, enum vxsw_port_role */
	VXSW_A_VNI,		   /* u32, 1..0xffffff */
	VXSW_A_LOCAL,		   /* binary, 4 or 16 bytes: underlay (VTEP) address */
	VXSW_A_PREFIXLEN,	   /* u8 */
	VXSW_A_GATEWAY,		   /* binary, 4 or 16 bytes */
	VXSW_A_MTU,		   /* u16: underlay IP MTU */
	VXSW_A_DSTPORT,		   /* u16, host order */
	VXSW_A_SPORT_MIN,	   /* u16 */
	VXSW_A_SPORT_MAX,	   /* u16 */
	VXSW_A_TTL,		   /* u8 */
	VXSW_A_REMOTE,		   /* binary, 4 or 16 bytes: a remote VTEP */
	VXSW_A_MAC,		   /* binary, 6 bytes */
	VXSW_A_FDB_STATIC,	   /* flag */
	VXSW_A_AGE,		   /* u32 seconds since last seen */
	VXSW_A_AGEING,		   /* u32 seconds, 0 = never age */
	VXSW_A_LIMIT_FDB,	   /* u32: global MAC limit (<= table size) */
	VXSW_A_LIMIT_VNI_MACS,	   /* u32: default per-VNI MAC limit, 0 = none */
	VXSW_A_LIMIT_PORT_MACS,	   /* u32: per-port MAC limit, 0 = none */
	VXSW_A_LIMIT_MACS,	   /* u32: the MAC limit of one VNI (VNI_NEW) */
	VXSW_A_RESERVED_BITS,	   /* u8, enum vxsw_reserved_bits */
	VXSW_A_LEARN_UNKNOWN_VTEP, /* u8 0/1 */
	VXSW_A_UDP_CSUM,	   /* u8, enum vxsw_udp_csum: receive checksum policy */
	VXSW_A_STATS,		   /* nested, enum vxsw_stat: u64 each */
	VXSW_A_DROPS,		   /* nested list of VXSW_A_DROP */
	VXSW_A_DROP,		   /* nested: DROP_NAME, DROP_ID, DROP_COUNT */
	VXSW_A_DROP_NAME,	   /* string */
	VXSW_A_DROP_ID,		   /* u32 */
	VXSW_A_DROP_COUNT,	   /* u64 */
	VXSW_A_NEIGH_ADDR,	   /* binary, 4 or 16 bytes */
	VXSW_A_NEIGH_STATE,	   /* u8, enum vxsw_neigh_state */
	VXSW_A_NEXTHOP,		   /* binary, 4 or 16 bytes */
	VXSW_A_VERSION,		   /* string: software version */
	VXSW_A_UPTIME,		   /* u64 seconds */
	VXSW_A_LCORES,		   /* nested list of VXSW_A_LCORE */
	VXSW_A_LCORE,		   /* nested: LCORE_ID + STATS (BUSY_CYCLES, PACKETS...) */
	VXSW_A_LCORE_ID,	   /* u32 */
	VXSW_A_PORT_MAC,	   /* binary, 6 bytes: the port's own address */
	VXSW_A_LINK_UP,		   /* u8 0/1 */
	VXSW_A_COUNT,		   /* u32: entries (MACs in a VNI, VTEPs in a flood list...) */
	VXSW_A_LIMIT_VNIS,	   /* u32: hard limit, read only */
	VXSW_A_LIMIT_VTEPS,	   /* u32: hard limit, read only */
	VXSW_A_FDB_SIZE,	   /* u32: table size, read only */
	VXSW_A_LEARN_REFUSED,	   /* nested, enum vxsw_refuse: u64 each */
	VXSW_A_N_PORTS,		   /* u32: ports (STATUS) or access ports bound (VNI) */
	VXSW_A_N_VNIS,		   /* u32: VNIs (STATUS) or flood lists a VTEP is in (VTEP) */
	VXSW_A_N_VTEPS,		   /* u32: remote VTEPs (STATUS) */
	VXSW_A_N_MACS,		   /* u32: FDB entries (STATUS, PORT, VNI) */
	VXSW_A_N_FLOOD,		   /* u32: remote VTEPs in a VNI's flood list (VNI) */
	VXSW_A_REFS,		   /* u32: flood memberships + FDB entries using a VTEP (VTEP) */
	VXSW_A_FDB_EXTERN,    /* flag: set by a control plane; never ages, learning may move it */
	VXSW_A_EVENT,	      /* u8, enum vxsw_event */
	VXSW_A_BACKEND,	      /* string: the backend vxswd drives ("dpdk" or "ebpf") */
	VXSW_A_DP_SOCKET,     /* string: the dataplane's control socket */
	VXSW_A_DP_CONNECTED,  /* u8 0/1 */
	VXSW_A_EPOCH,	      /* u32: full re-syncs of the dataplane so far */
	VXSW_A_DAEMON_STATS,  /* nested, enum vxsw_daemon_stat: u64 each */
	VXSW_A_PASSES,	      /* nested list of VXSW_A_DROP: frames the eBPF fast path left to
			       * the kernel, by reason */
	VXSW_A_FLOWS,	      /* nested list of VXSW_A_FLOW */
	VXSW_A_FLOW,	      /* nested, enum vxsw_flow_attr (vxsw/flow.h): one rule or change */
	VXSW_A_N_FLOWS,	      /* u32: flow rules installed (STATUS) */
	VXSW_A_LIMIT_FLOWS,   /* u32: hard limit, read only */
	VXSW_A_FLOW_IDS,      /* binary, u32 each: FLOW_BATCH's answer, the ID of each rule added
			       * (0 for the other changes), in request order */
	VXSW_A_PORT_SECURITY, /* u8 0/1: only the ALLOWED sources may send from the port */
	VXSW_A_ALLOWED,	      /* nested list of VXSW_A_ALLOWED_ADDR */
	VXSW_A_ALLOWED_ADDR,  /* nested: MAC and, optionally, NEIGH_ADDR (its IPv4 address) */
	__VXSW_A_MAX
};
#define VXSW_A_MAX (__VXSW_A_MAX - 1)

#define VXSW_NAME_MAX 64
/* Allowed sources of one port (PORT_SECURITY_SET): a hard limit. */
#define VXSW_PORT_ALLOWED_MAX 16

enum vxsw_port_role {
	VXSW_PORT_UNBOUND,
	VXSW_PORT_ACCESS,
	VXSW_PORT_UNDERLAY,
};

enum vxsw_reserved_bits {
	VXSW_RESERVED_DROP, /* default: RFC 7348 reserved bits must be zero */
	VXSW_RESERVED_IGNORE,
};

enum vxsw_udp_csum {
	VXSW_UDP_CSUM_IGNORE, /* default: a non-zero outer UDP checksum is not verified */
	VXSW_UDP_CSUM_VERIFY,
};

enum vxsw_neigh_state {
	VXSW_NEIGH_INCOMPLETE,
	VXSW_NEIGH_REACHABLE,
	VXSW_NEIGH_PERMANENT,
};

/* Counters in VXSW_A_STATS. Each is a u64; absent ones are zero. */
enum vxsw_stat {
	VXSW_STAT_UNSPEC,
	VXSW_STAT_RX_PACKETS,
	VXSW_STAT_RX_BYTES,
	VXSW_STAT_TX_PACKETS,
	VXSW_STAT_TX_BYTES,
	VXSW_STAT_DROPS,
	VXSW_STAT_ENCAP_PACKETS,
	VXSW_STAT_DECAP_PACKETS,
	VXSW_STAT_FLOOD_PACKETS,
	VXSW_STAT_BUSY_CYCLES,
	VXSW_STAT_BUSY_PACKETS,
	VXSW_STAT_MACS,
	VXSW_STAT_RX_MISSED, /* the NIC's own counters (rte_eth_stats) */
	VXSW_STAT_RX_ERRORS,
	VXSW_STAT_TX_ERRORS,
	VXSW_STAT_LOCAL_PACKETS, /* forwarded from a local port to another (eBPF fast path) */
	__VXSW_STAT_MAX
};
#define VXSW_STAT_MAX (__VXSW_STAT_MAX - 1)

/* What happened to a learned FDB entry (VXSW_CMD_FDB_EVENT). */
enum vxsw_event {
	VXSW_EVENT_NEW, /* learned, or moved to the location given */
	VXSW_EVENT_DEL, /* aged out, flushed or replaced by a control-plane entry */
};

/* vxswd's own counters and gauges (VXSW_A_DAEMON_STATS). */
enum vxsw_daemon_stat {
	VXSW_DSTAT_UNSPEC,
	VXSW_DSTAT_NL_MESSAGES, /* rtnetlink messages handled */
	VXSW_DSTAT_NL_INVALID,	/* rtnetlink messages refused as malformed */
	VXSW_DSTAT_NL_OVERRUNS, /* ENOBUFS on the event socket (each causes a re-dump) */
	VXSW_DSTAT_LINKS,	/* gauges: kernel objects mirrored */
	VXSW_DSTAT_FDB,
	VXSW_DSTAT_NEIGHS,
	VXSW_DSTAT_ADDRS,
	VXSW_DSTAT_ROUTES,
	VXSW_DSTAT_MIRROR_REFUSED, /* kernel objects not mirrored: a table was full */
	VXSW_DSTAT_DP_OPS,	   /* requests sent to the dataplane */
	VXSW_DSTAT_DP_ERRORS,	   /* requests the dataplane refused */
	VXSW_DSTAT_DP_CONNECTS,	   /* connections made to the dataplane */
	VXSW_DSTAT_LEARN_EVENTS,   /* FDB events received from the dataplane */
	VXSW_DSTAT_EVENTS_LOST,	   /* EVENTS_LOST notices received (each causes a re-sync) */
	VXSW_DSTAT_KERNEL_WRITES,  /* extern_learn entries written to / removed from the kernel */
	VXSW_DSTAT_KERNEL_ERRORS,  /* ... that the kernel refused */
	VXSW_DSTAT_HELD,	   /* gauge: entries kept by the hold-down timer */
	__VXSW_DSTAT_MAX
};
#define VXSW_DSTAT_MAX (__VXSW_DSTAT_MAX - 1)

/* Why a MAC was not learned (VXSW_A_LEARN_REFUSED). */
enum vxsw_refuse {
	VXSW_REFUSE_UNSPEC,
	VXSW_REFUSE_TABLE_FULL,
	VXSW_REFUSE_VNI_LIMIT,
	VXSW_REFUSE_PORT_LIMIT,
	VXSW_REFUSE_QUEUE_FULL,
	__VXSW_REFUSE_MAX
};
#define VXSW_REFUSE_MAX (__VXSW_REFUSE_MAX - 1)

#endif /* VXSW_PROTO_H */
