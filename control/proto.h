/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proto: the vxsw control protocol (include/vxsw/proto.h) over libmnl, shared by vxswctl, the
 * control server in vxsw-dpdk and (later) vxswd: sockets, request/reply building, attribute
 * validation against a policy table, and extended-ack error replies like the kernel's.
 */
#ifndef VXSW_CONTROL_PROTO_H
#define VXSW_CONTROL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include <vxsw/addr.h>
#include <vxsw/proto.h>

/* Bytes before the first attribute of a vxsw message. */
#define PROTO_HDRLEN (MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct vxsw_msghdr)))

/* Datagrams a server packs dump messages into (NLM_F_MULTI ... NLMSG_DONE). */
#define PROTO_DUMP_BATCH 32768

/* What an attribute must look like. kind 0 (PROTO_UNSPEC) marks an unknown attribute. */
enum proto_kind {
	PROTO_UNSPEC,
	PROTO_FLAG,	   /* no payload */
	PROTO_U8,	   /* exactly 1 byte, value in [min, max] */
	PROTO_U16,	   /* exactly 2 bytes, value in [min, max] */
	PROTO_U32,	   /* exactly 4 bytes, value in [min, max] */
	PROTO_U64,	   /* exactly 8 bytes */
	PROTO_STRING,	   /* NUL-terminated within the payload, strlen in [1, max_len - 1] */
	PROTO_BINARY,	   /* payload length in [min_len, max_len] */
	PROTO_ADDR,	   /* 4 (IPv4) or 16 (IPv6) bytes */
	PROTO_NESTED,	   /* attributes validated against nested[0..nested_max] */
	PROTO_NESTED_LIST, /* a list of nested_type attributes, each against nested[...] */
};

struct proto_policy {
	enum proto_kind kind;
	uint16_t min_len, max_len; /* BINARY; STRING uses max_len (incl. NUL) */
	uint64_t min, max;	   /* U8/U16/U32: allowed values; max 0 = the type's maximum */
	const struct proto_policy *nested;
	uint16_t nested_max;
	uint16_t nested_type; /* NESTED_LIST: the only attribute type allowed inside */
};

/*
 * Why a message was refused, in the terms the kernel's extended ack uses: a message, the bad
 * attribute (its offset in the request travels as NLMSGERR_ATTR_OFFS) or the type of a missing
 * one (NLMSGERR_ATTR_MISS_TYPE). msg points at a static string or at buf.
 */
struct proto_err {
	const char *msg;
	const struct nlattr *attr; /* inside the request, or NULL */
	uint16_t miss_type;	   /* 0 = none */
	char buf[160];
};

/* Sets err (if non-NULL) and returns the negative errno err_no. */
int proto_err_set(struct proto_err *err, int err_no, const struct nlattr *attr, const char *msg);

/* The policy of every vxsw attribute (index VXSW_A_*), and the name users see for it. */
extern const struct proto_policy proto_policy[VXSW_A_MAX + 1];
/* ... and of the attributes inside one VXSW_A_FLOW (index VXSW_FLOW_A_*). */
extern const struct proto_policy *const proto_flow_policy;
const char *proto_attr_name(unsigned int type);
const char *proto_cmd_name(unsigned int cmd);

/*
 * mnl_nlmsg_ok() that also holds for lengths of 2^31 and more, which mnl_nlmsg_ok() compares as
 * negative ints and lets through: a message fits in the rem bytes left, or the walk stops.
 */
static inline bool proto_nlmsg_ok(const struct nlmsghdr *nlh, int rem)
{
	return mnl_nlmsg_ok(nlh, rem) && nlh->nlmsg_len <= (uint32_t)rem;
}

/* ---- sockets (AF_UNIX SOCK_SEQPACKET, close-on-exec) ---- */

/* Connect to a server. Returns the fd or -errno. */
int proto_connect(const char *path);

/*
 * Listen on path: create its directory (0750) if missing, remove a stale socket, bind, chmod
 * 0660. Refuses to replace a socket another server still answers on (-EADDRINUSE). Returns the
 * listening fd (non-blocking) or -errno.
 */
int proto_listen(const char *path, int backlog);

/*
 * Accept one client and check SO_PEERCRED: uid 0, our euid or our egid may connect. Returns the
 * client fd (blocking, close-on-exec), -EPERM for a refused peer (closed; *cred says who, for the
 * caller's log), -EAGAIN if nobody is waiting, or another -errno. cred may be NULL.
 */
int proto_accept(int lfd, struct ucred *cred);

/* 0 if a peer with these credentials may use the control socket, else -EPERM. */
int proto_cred_allowed(const struct ucred *cred);

/* ---- building messages ---- */

/*
 * Start a vxsw message in buf (size bytes, at least PROTO_HDRLEN): nlmsghdr of type
 * VXSW_MSG_TYPE with flags and seq, then the vxsw_msghdr. Returns the header or NULL if buf is
 * too small. Add attributes with mnl_attr_put_*_check(nlh, size, ...).
 */
struct nlmsghdr *proto_msg_start(void *buf, size_t size, uint8_t cmd, uint16_t flags, uint32_t seq);

/* The vxsw_msghdr of a message with at least PROTO_HDRLEN bytes. */
static inline struct vxsw_msghdr *proto_msghdr(const struct nlmsghdr *nlh)
{
	return (struct vxsw_msghdr *)((char *)nlh + MNL_NLMSG_HDRLEN);
}

/*
 * Build the NLMSG_ERROR answer to req (error 0 = an ACK) in buf. req_len is how many bytes of
 * req are readable (it may be shorter than a header when the request was truncated). Like the
 * kernel, a failure echoes the whole request unless it would not fit in size (then only its
 * header, with NLM_F_CAPPED; an ACK is always capped) and adds NLMSGERR_ATTR_MSG/OFFS/MISS_TYPE
 * (with NLM_F_ACK_TLVS) from err when given. Returns the message length or -EMSGSIZE.
 */
int proto_ack_build(void *buf, size_t size, const void *req, size_t req_len, int error,
		    const struct proto_err *err);

/* Build an NLMSG_DONE (payload: int 0) closing a dump of req. Returns its length. */
int proto_done_build(void *buf, size_t size, const struct nlmsghdr *req);

/*
 * A PROTO_ADDR attribute (4 or 16 bytes, already validated) as a vxsw_ip, and back: put adds
 * nothing for an unset address (family 0) and returns false if buf (size bytes) is full.
 */
void proto_get_ip(const struct nlattr *a, struct vxsw_ip *ip);
bool proto_put_ip(struct nlmsghdr *nlh, size_t size, uint16_t type, const struct vxsw_ip *ip);

/* ---- validating messages ---- */

/*
 * Validate the attributes of a vxsw message (nlmsg_len bytes readable) against policy[0..max]
 * and store each one in tb[type] (tb has max + 1 slots, cleared first). Refuses truncated or
 * overlong attributes, trailing bytes, unknown types (never reading past policy), wrong
 * lengths, strings without NUL, values out of range, bad nested attributes and attributes
 * given twice. Returns 0 or -errno with err saying which attribute and why.
 */
int proto_parse(const struct nlmsghdr *nlh, const struct proto_policy *policy, unsigned int max,
		const struct nlattr **tb, struct proto_err *err);

/* Same for the attributes inside a nested attribute. */
int proto_parse_nested(const struct nlattr *nest, const struct proto_policy *policy,
		       unsigned int max, const struct nlattr **tb, struct proto_err *err);

/* Validate one attribute against one policy entry. */
int proto_validate_attr(const struct nlattr *attr, const struct proto_policy *pol,
			struct proto_err *err);

/* ---- the client side ---- */

/* What an NLMSG_ERROR or NLMSG_DONE said. */
struct proto_ack {
	int error; /* 0 or -errno */
	bool has_offs, has_miss_type;
	uint32_t offs;	    /* offset of the bad attribute in the request */
	uint32_t miss_type; /* type of a missing attribute */
	uint32_t bad_type;  /* type of the attribute at offs, when the request was available */
	char msg[256];	    /* extended-ack message, "" if none */
};

/*
 * Decode an NLMSG_ERROR (or NLMSG_DONE) message into ack. req (optional) is the request it
 * answers, to find the type of the attribute at NLMSGERR_ATTR_OFFS. Returns 0 or -EBADMSG if
 * the message is malformed.
 */
int proto_ack_parse(const struct nlmsghdr *nlh, const struct nlmsghdr *req, struct proto_ack *ack);

/* Called for each VXSW_MSG_TYPE reply; return 0 to go on, -errno to stop. */
typedef int (*proto_reply_cb)(const struct nlmsghdr *nlh, void *arg);

/*
 * Send req on fd and read the answer: reply messages go to cb (if non-NULL) until the ACK,
 * NLMSG_ERROR or NLMSG_DONE that ends it. Returns 0, the request's -errno (ack says why), a
 * callback's -errno, or -errno of a socket failure (-EBADMSG for a malformed reply). ack may be
 * NULL.
 */
int proto_transact(int fd, const struct nlmsghdr *req, proto_reply_cb cb, void *arg,
		   struct proto_ack *ack);

#endif /* VXSW_CONTROL_PROTO_H */
