/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flowspec: one flow rule (or one change to the flow table) as vxswctl, vxswd and the dataplanes
 * hold it, and its three forms: the text of "vxswctl flow add ..." (parse and print, the same
 * syntax both ways, so a dump can be replayed), the VXSW_A_FLOW attribute (put and get, with
 * every check a receiver makes) and JSON field names. Plain C, no allocation.
 */
#ifndef VXSW_CONTROL_FLOWSPEC_H
#define VXSW_CONTROL_FLOWSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include <vxsw/addr.h>
#include <vxsw/flow.h>
#include <vxsw/proto.h>

#include "proto.h"

struct flow_spec {
	uint8_t op;	   /* enum vxsw_flow_op */
	uint32_t id;	   /* 0 = none given */
	uint32_t priority; /* default 0 */
	bool has_match;	   /* DEL: match given (priority, fields, in_port): delete strictly */
	char in_port[VXSW_NAME_MAX]; /* "" = any port */
	struct flow_key value, mask; /* value already masked; in_port unused (by name) */
	bool has_action;
	uint8_t action; /* enum vxsw_flow_action */
	char out_port[VXSW_NAME_MAX];
	struct vxsw_ip remote;
	uint32_t encap_vni; /* 0 = the frame's VNI */
	bool has_counters;
	uint64_t packets, bytes;
};

/* A matchable field: its text keyword, JSON key, wire type and place in struct flow_key. */
struct flow_field {
	const char *name;
	uint16_t type; /* enum vxsw_flow_field */
	uint16_t off, len;
};

extern const struct flow_field flow_fields[VXSW_FLOW_F_MAX];
/* The field of type t, or NULL. */
const struct flow_field *flow_field_get(unsigned int t);
extern const char *const flow_action_names[VXSW_FLOW_ACT_MAX + 1];
extern const char *const flow_op_names[VXSW_FLOW_OP_MAX + 1];

/*
 * Parse "add|del|mod|flush ..." (argv[0] is the verb) into s. 0, or -EINVAL with err naming the
 * bad word and what was expected, e.g. invalid dst_port "http": expected 0-65535[/MASK].
 */
int flow_spec_parse(int argc, char *const argv[], struct flow_spec *s, char *err, size_t errlen);

/*
 * Write s as text: the add syntax without the verb ("priority 10 dst_ip 10.0.0.0/8 action
 * drop"); with counters when s has them and counters is true. Returns the length (the text is
 * cut to size - 1 bytes when longer).
 */
int flow_spec_format(const struct flow_spec *s, bool counters, char *buf, size_t size);

/* Add s as one nested attribute of type (VXSW_A_FLOW) to nlh. false if size is too small. */
bool flow_spec_put(struct nlmsghdr *nlh, size_t size, uint16_t type, const struct flow_spec *s);

/*
 * Read one VXSW_A_FLOW (validated against proto_flow_policy here) into s and check that it is a
 * whole request of its op: ADD has an action and its arguments, MOD an ID and an action and no
 * match, DEL an ID or a match, FLUSH nothing else; a value with bits outside its mask, an
 * ENCAP_VNI without ENCAP, and so on are refused. 0 or -EINVAL with err naming the attribute
 * (err->attr) and saying why in terms of the text syntax. request false: a dump record (no op,
 * counters allowed).
 */
int flow_spec_get(const struct nlattr *nest, bool request, struct flow_spec *s,
		  struct proto_err *err);

/* Mask s->value with s->mask (what a rule stores). */
void flow_mask_apply_spec(struct flow_spec *s);

/* Field f of s as its text value ("10.0.0.0/8", "22", "tcp"); returns snprintf's count. */
int flow_field_format(const struct flow_spec *s, const struct flow_field *f, char *buf,
		      size_t size);
/* Does the text of s write field f? (ip_version is implied by src_ip/dst_ip.) */
bool flow_field_shown(const struct flow_spec *s, const struct flow_field *f);

/* Do a and b match the same frames at the same priority (DEL's strict match)? */
bool flow_spec_same_match(const struct flow_spec *a, const struct flow_spec *b);

#endif /* VXSW_CONTROL_FLOWSPEC_H */
