/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw flow rules on the wire and in every dataplane: the fields of a frame a rule matches
 * (struct flow_key, the same bytes in vxsw-dpdk, the BPF maps and the control protocol), the
 * actions, and the attributes of one rule in the control protocol (VXSW_A_FLOW). Semantics:
 * docs/flows.md. Append only.
 */
#ifndef VXSW_FLOW_WIRE_H
#define VXSW_FLOW_WIRE_H

#include <stdint.h>

#include <vxsw/wire.h>

/*
 * The fields of a frame a rule can match, as 64-bit words so that masking and hashing go a word
 * at a time. Addresses and ports in network byte order, as on the wire; IPv4 addresses in the
 * first 4 bytes of src/dst with the rest zero; absent fields (no IP header, a non-first
 * fragment's ports) are zero.
 */
struct flow_key {
	union {
		struct {
			uint32_t vni;	  /* host order */
			uint16_t in_port; /* the dataplane's port id */
			vxsw_be16 ethertype;
			uint8_t eth_dst[VXSW_ETH_ALEN];
			uint8_t eth_src[VXSW_ETH_ALEN];
			uint8_t ip_src[16];
			uint8_t ip_dst[16];
			uint8_t ip_proto;
			uint8_t ip_version; /* 4, 6 or 0 */
			vxsw_be16 l4_src;
			vxsw_be16 l4_dst;
			uint8_t pad[2];
		} f;
		uint64_t w[8];
	};
};

_Static_assert(sizeof(struct flow_key) == 64, "flow_key is eight words");

/*
 * The matchable fields (attribute types inside VXSW_FLOW_A_MATCH: each carries the field's
 * value, then its mask, both field-sized). The input port travels by name (VXSW_FLOW_A_IN_PORT):
 * each dataplane numbers its ports its own way.
 */
enum vxsw_flow_field {
	VXSW_FLOW_F_UNSPEC,
	VXSW_FLOW_F_VNI,	/* 4 bytes, host order */
	VXSW_FLOW_F_ETH_DST,	/* 6 */
	VXSW_FLOW_F_ETH_SRC,	/* 6 */
	VXSW_FLOW_F_ETHERTYPE,	/* 2, network order */
	VXSW_FLOW_F_IP_VERSION, /* 1: 4, 6, or 0 for "not IP" */
	VXSW_FLOW_F_IP_SRC,	/* 16: IPv4 in the first 4 */
	VXSW_FLOW_F_IP_DST,	/* 16 */
	VXSW_FLOW_F_IP_PROTO,	/* 1 */
	VXSW_FLOW_F_L4_SRC,	/* 2, network order */
	VXSW_FLOW_F_L4_DST,	/* 2 */
	__VXSW_FLOW_F_MAX
};
#define VXSW_FLOW_F_MAX (__VXSW_FLOW_F_MAX - 1)

/* What a rule does with the frames it wins. */
enum vxsw_flow_action {
	VXSW_FLOW_ACT_NORMAL, /* the L2 switch, as with no rule */
	VXSW_FLOW_ACT_DROP,   /* counted as drop reason flow_drop */
	VXSW_FLOW_ACT_OUTPUT, /* to the access port VXSW_FLOW_A_OUT_PORT, as is */
	VXSW_FLOW_ACT_ENCAP,  /* to the remote VTEP VXSW_FLOW_A_REMOTE, in VXSW_FLOW_A_ENCAP_VNI or
			       * the frame's own VNI */
	VXSW_FLOW_ACT_FLOOD,  /* to the VNI's flood list and its other local ports */
	VXSW_FLOW_ACT_COUNT,  /* the rule counts the frame, then the L2 switch handles it */
	__VXSW_FLOW_ACT_MAX
};
#define VXSW_FLOW_ACT_MAX (__VXSW_FLOW_ACT_MAX - 1)

/* What one entry of a VXSW_CMD_FLOW_BATCH does. */
enum vxsw_flow_op {
	VXSW_FLOW_OP_ADD,   /* a new rule (ID optional: the dataplane picks the next one) */
	VXSW_FLOW_OP_DEL,   /* by ID, or by PRIORITY + MATCH + IN_PORT exactly */
	VXSW_FLOW_OP_MOD,   /* ID + a new action; match, priority and counters stay */
	VXSW_FLOW_OP_FLUSH, /* every rule */
	__VXSW_FLOW_OP_MAX
};
#define VXSW_FLOW_OP_MAX (__VXSW_FLOW_OP_MAX - 1)

/* Inside one VXSW_A_FLOW. */
enum vxsw_flow_attr {
	VXSW_FLOW_A_UNSPEC,
	VXSW_FLOW_A_OP,	       /* u8, enum vxsw_flow_op (requests) */
	VXSW_FLOW_A_ID,	       /* u32, 1..: a rule's handle; at equal priority the lower wins */
	VXSW_FLOW_A_PRIORITY,  /* u32: higher wins; default 0 */
	VXSW_FLOW_A_IN_PORT,   /* string: match the input port */
	VXSW_FLOW_A_MATCH,     /* nested, enum vxsw_flow_field: value then mask */
	VXSW_FLOW_A_ACTION,    /* u8, enum vxsw_flow_action */
	VXSW_FLOW_A_OUT_PORT,  /* string: OUTPUT's port */
	VXSW_FLOW_A_REMOTE,    /* binary, 4 or 16 bytes: ENCAP's VTEP */
	VXSW_FLOW_A_ENCAP_VNI, /* u32: ENCAP's VNI, absent = the frame's */
	VXSW_FLOW_A_PACKETS,   /* u64 (dumps) */
	VXSW_FLOW_A_BYTES,     /* u64 (dumps) */
	__VXSW_FLOW_A_MAX
};
#define VXSW_FLOW_A_MAX (__VXSW_FLOW_A_MAX - 1)

/* Hard limit of rules in one dataplane. */
#define VXSW_FLOW_MAX 65536

#endif /* VXSW_FLOW_WIRE_H */
