/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ctl: the control server of vxsw-dpdk. Serves the vxsw control protocol on an AF_UNIX socket
 * and applies --config files; both turn requests into model_* calls. Runs in the control
 * thread only (not thread-safe); no DPDK here, so the unit tests run it over a fake model.
 */
#ifndef VXSW_DPDK_CTL_H
#define VXSW_DPDK_CTL_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/netlink.h>

/* Clients served at once; more are refused until one leaves. */
#define CTL_MAX_CLIENTS 32
/* How long one send to a client may block before the client is dropped. */
#define CTL_SNDTIMEO_MS 500

/* Takes one answer message (valid during the call). Returns 0 or -errno to stop a dump. */
typedef int (*ctl_reply_fn)(const struct nlmsghdr *msg, void *arg);

/*
 * Listen on path (NULL: VXSW_DPDK_SOCK), creating its directory 0750 and the socket 0660;
 * peers other than root, our user or our group are refused. Returns 0 or -errno
 * (-EADDRINUSE: another server answers there; -EALREADY: already listening).
 */
int ctl_init(const char *path);

/*
 * An epoll fd that is readable whenever ctl_poll() has work (a client to accept or a request
 * to read), for a main loop that waits on several fds; -1 before ctl_init().
 */
int ctl_fd(void);

/*
 * Accept new clients and serve at most one request of each ready client, waiting up to
 * timeout_ms (0: just look) for something to do. A client that sends garbage gets an error
 * answer; one that stops reading for CTL_SNDTIMEO_MS while we answer is disconnected.
 * Returns the number of events handled or -errno if waiting itself failed.
 */
int ctl_poll(int timeout_ms);

/*
 * Queue a report of a learned FDB entry for every subscriber (VXSW_CMD_EVENTS_SUBSCRIBE); the
 * model calls it (model_set_fdb_event). Reports go out, many per datagram, at the next
 * ctl_flush_events(). Not thread-safe: control thread only.
 */
struct model_fdb_info;
void ctl_fdb_event(const struct model_fdb_info *info, bool del, void *arg);

/*
 * Send the queued reports without blocking. A subscriber whose socket is full misses them and
 * is sent VXSW_CMD_EVENTS_LOST as soon as it has room, so that it re-dumps the FDB.
 */
void ctl_flush_events(void);

/* Close every client and the listening socket and remove it. Safe to call twice. */
void ctl_fini(void);

/*
 * Handle one request: check it (length <= VXSW_MSG_MAX, type, NLM_F_REQUEST, version,
 * command, attributes against the protocol policy and the command's list), call the model,
 * and answer through reply: reply messages, then an ACK (if NLM_F_ACK) or NLMSG_DONE (dumps),
 * or a single NLMSG_ERROR with an extended ack. req->nlmsg_len bytes must be readable.
 * Returns 0, the request's -errno (after the error answer), or reply's -errno.
 */
int ctl_handle(const struct nlmsghdr *req, ctl_reply_fn reply, void *arg);

/*
 * Handle one received datagram (len bytes, 4-byte aligned) holding one or more requests,
 * refusing truncated or overlong ones with an error answer. Returns like ctl_handle() for the
 * first request that failed, else 0.
 */
int ctl_input(const void *buf, size_t len, ctl_reply_fn reply, void *arg);

/*
 * Run the vxswctl commands in file ("-" = stdin), one per line (# comments, quotes as in
 * vxswctl -b), through ctl_handle(). Stops at the first failure, printing "file:line: message"
 * to stderr, and returns its -errno; 0 when every line succeeded.
 */
int ctl_load_config(const char *file);

#endif /* VXSW_DPDK_CTL_H */
