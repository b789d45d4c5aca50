/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd: the vxsw text commands ("fdb add 00:11:22:33:44:55 vni 100 dst 192.0.2.2"), parsed into
 * control-protocol requests. One grammar for vxswctl's command line, vxswctl -b batch files and
 * vxsw-dpdk --config files. Keywords are never abbreviated.
 */
#ifndef VXSW_CONTROL_CMD_H
#define VXSW_CONTROL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

/* Most words on one batch line. */
#define CMD_ARGV_MAX 64
/* Size of an error message buffer that never truncates a parser message. */
#define CMD_ERR_MAX 256

/* What a reply to the request should be shown as. */
enum cmd_view {
	CMD_VIEW_DEFAULT,  /* by the request's command */
	CMD_VIEW_UNDERLAY, /* "underlay show": the underlay part of STATUS_GET */
};

struct cmd_req {
	struct nlmsghdr *nlh; /* the request, at the start of the caller's buffer */
	uint8_t cmd;	      /* VXSW_CMD_* */
	bool dump;	      /* NLM_F_DUMP is set: answers are NLM_F_MULTI ... NLMSG_DONE */
	enum cmd_view view;
};

/*
 * Parse one command (argv[0] is the object, e.g. "fdb") into a request with NLM_F_REQUEST |
 * NLM_F_ACK (and NLM_F_DUMP for listings) and sequence number seq, built in buf (size bytes).
 * Returns 0 and fills *ret, -EINVAL for a usage error or -EMSGSIZE if buf is too small; err (of
 * errlen bytes, CMD_ERR_MAX is enough) then names the bad word, e.g.
 * invalid VNI "abc": expected 1-16777215. *ret is untouched on failure.
 */
int cmd_parse(int argc, char *const argv[], void *buf, size_t size, uint32_t seq,
	      struct cmd_req *ret, char *err, size_t errlen);

/*
 * Split a batch line into words, in place: blanks separate words; '...' quotes literally;
 * "..." quotes with \" and \\ escapes; a backslash outside quotes escapes the next character;
 * '#' at the start of a word comments out the rest of the line. Fills argv[0..max-1] and
 * returns the word count (0 for a blank or comment line), or -EINVAL (unterminated quote) or
 * -E2BIG (more than max words) with err saying so.
 */
int cmd_split(char *line, char *argv[], int max, char *err, size_t errlen);

/* Most rule changes in one flow request (a batch file is one request). */
#define CMD_FLOW_BATCH_MAX 8192

/*
 * Where rule index (0-based, in request order) of the last "flow" command cmd_parse() built
 * came from: the batch file's line (0 for the command line) and *file its name ("" if none).
 */
uint32_t cmd_flow_line(uint32_t index, const char **file);

/* The grammar, one command per line, for usage messages. */
extern const char cmd_usage[];

#endif /* VXSW_CONTROL_CMD_H */
