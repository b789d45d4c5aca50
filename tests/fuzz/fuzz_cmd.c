/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_cmd: the vxsw command grammar (control/cmd.c), the text parser that vxswctl -b batch
 * files and vxsw-dpdk --config files go through. The input is one line: cmd_split() cuts it into
 * words, cmd_parse() turns them into a request, both as vxswctl calls them.
 *
 * Beyond not crashing: the words survive being quoted back and split again, a smaller word
 * limit fails exactly when the line has more words, every request built passes the protocol
 * policy the servers apply and carries only values that whole words of the line say (read
 * again here with inet_pton and friends), and a buffer one byte too small fails with -EMSGSIZE,
 * not with a cut request.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include <vxsw/proto.h>

#include "cmd.h"
#include "fuzz.h"
#include "proto.h"

/* Longer lines than this teach nothing more (CMD_ARGV_MAX words of a few bytes). */
#define LINE_MAX_FUZZ 8192

/* vxswctl's request buffer. */
static _Alignas(8) uint8_t reqbuf[VXSW_MSG_MAX];
static _Alignas(8) uint8_t smallbuf[VXSW_MSG_MAX];
/* More than any request takes (a few attributes); cleared before each input, since libmnl 1.0.4
 * leaves the padding after an attribute as it was and the requests are compared byte by byte. */
#define REQ_CLEAR 4096

static bool err_ok(const char *err, size_t size)
{
	return memchr(err, '\0', size) && err[0];
}

static char *dup_line(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	CHECK(s);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Each word escaped character by character ("" for an empty word), then split again. */
static void check_requote(char *const argv[], int argc)
{
	size_t len = 1, n = 0;
	char *line, *argv2[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	int i, argc2;

	for (i = 0; i < argc; i++)
		len += 2 * strlen(argv[i]) + 3;
	line = malloc(len);
	CHECK(line);
	for (i = 0; i < argc; i++) {
		const char *p = argv[i];

		if (!*p) {
			line[n++] = '\'';
			line[n++] = '\'';
		}
		for (; *p; p++) {
			line[n++] = '\\';
			line[n++] = *p;
		}
		line[n++] = ' ';
	}
	line[n] = '\0';
	argc2 = cmd_split(line, argv2, CMD_ARGV_MAX, err, sizeof(err));
	CHECK(argc2 == argc);
	for (i = 0; i < argc; i++)
		CHECK(!strcmp(argv[i], argv2[i]));
	free(line);
}

static void check_split(const uint8_t *data, size_t size, char *line, char *const argv[], int argc)
{
	char *copy, *argv2[CMD_ARGV_MAX], err[CMD_ERR_MAX];
	int i;

	CHECK(argc <= CMD_ARGV_MAX);
	for (i = 0; i < argc; i++) {
		size_t wl = strlen(argv[i]);

		/* In place, in order, never overlapping. */
		CHECK(argv[i] >= line && argv[i] + wl <= line + size);
		if (i + 1 < argc)
			CHECK(argv[i] + wl < argv[i + 1]);
	}
	check_requote(argv, argc);
	if (!argc)
		return;
	/* One word fewer allowed: -E2BIG; exactly enough: the same words. */
	copy = dup_line(data, size);
	CHECK(cmd_split(copy, argv2, argc - 1, err, sizeof(err)) == -E2BIG);
	CHECK(err_ok(err, sizeof(err)));
	free(copy);
	copy = dup_line(data, size);
	CHECK(cmd_split(copy, argv2, argc, err, sizeof(err)) == argc);
	for (i = 0; i < argc; i++)
		CHECK(!strcmp(argv[i], argv2[i]));
	free(copy);
}

/* ---- every value of a request comes from one whole word of the line ---- */

/* Decimal digits only (leading zeros allowed, as the grammar allows them), equal to v. */
static bool word_is_num(const char *w, uint64_t v)
{
	uint64_t x = 0;

	if (!*w)
		return false;
	for (; *w; w++) {
		if (*w < '0' || *w > '9' || x > UINT32_MAX)
			return false;
		x = x * 10 + (uint64_t)(*w - '0');
	}
	return x == v;
}

/* An IPv4 or IPv6 address with exactly these bytes. */
static bool word_is_addr(const char *w, const struct nlattr *a)
{
	uint8_t b[16];
	size_t n = mnl_attr_get_payload_len(a);

	if (inet_pton(n == 4 ? AF_INET : AF_INET6, w, b) != 1)
		return false;
	return !memcmp(b, mnl_attr_get_payload(a), n);
}

/* ADDR/LEN, with the address of a and the length len. */
static bool word_is_prefix(const char *w, const struct nlattr *a, uint8_t len)
{
	const char *slash = strchr(w, '/');
	char *addr;
	bool ok;

	if (!slash)
		return false;
	addr = strndup(w, (size_t)(slash - w));
	CHECK(addr);
	ok = word_is_addr(addr, a) && word_is_num(slash + 1, len);
	free(addr);
	return ok;
}

/* xx:xx:xx:xx:xx:xx with these bytes. */
static bool word_is_mac(const char *w, const uint8_t *mac)
{
	unsigned int b[6], i;
	char tail;

	if (strlen(w) != 17 || sscanf(w, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
				      &b[4], &b[5], &tail) != 6)
		return false;
	for (i = 0; i < 6; i++)
		if (!isxdigit((unsigned char)w[3 * i]) || !isxdigit((unsigned char)w[3 * i + 1]) ||
		    b[i] != mac[i])
			return false;
	return true;
}

static bool word_matches(const char *w, const struct nlattr *a, const struct nlattr **tb)
{
	unsigned int type = mnl_attr_get_type(a);

	switch (type) {
	case VXSW_A_VNI:
		return mnl_attr_get_u32(a) ? word_is_num(w, mnl_attr_get_u32(a))
					   : !strcmp(w, "none");
	case VXSW_A_LOCAL:
		return word_is_prefix(w, a, mnl_attr_get_u8(tb[VXSW_A_PREFIXLEN]));
	case VXSW_A_PREFIXLEN:
		return tb[VXSW_A_LOCAL] && word_is_prefix(w, tb[VXSW_A_LOCAL], mnl_attr_get_u8(a));
	case VXSW_A_GATEWAY:
	case VXSW_A_REMOTE:
	case VXSW_A_NEIGH_ADDR:
		return word_is_addr(w, a);
	case VXSW_A_MAC:
		return word_is_mac(w, mnl_attr_get_payload(a));
	case VXSW_A_MTU:
	case VXSW_A_DSTPORT:
	case VXSW_A_SPORT_MIN:
	case VXSW_A_SPORT_MAX:
		return word_is_num(w, mnl_attr_get_u16(a));
	case VXSW_A_TTL:
		return word_is_num(w, mnl_attr_get_u8(a));
	case VXSW_A_AGEING:
	case VXSW_A_LIMIT_FDB:
	case VXSW_A_LIMIT_VNI_MACS:
	case VXSW_A_LIMIT_PORT_MACS:
	case VXSW_A_LIMIT_MACS:
		return word_is_num(w, mnl_attr_get_u32(a));
	case VXSW_A_PORT_NAME:
		return !strcmp(w, mnl_attr_get_str(a));
	default:
		return true; /* enums and flags: one of a few keywords */
	}
}

static void check_words(const struct nlmsghdr *nlh, const struct nlattr **tb, char *const argv[],
			int argc)
{
	const struct nlattr *a;
	int i;

	mnl_attr_for_each(a, nlh, sizeof(struct vxsw_msghdr))
	{
		for (i = 0; i < argc; i++)
			if (word_matches(argv[i], a, tb))
				break;
		CHECK(i < argc);
	}
}

/* A request as vxswctl would send it: one message, valid under the protocol's policy. */
static void check_request(const struct cmd_req *req, size_t size, char *const argv[], int argc)
{
	const struct nlattr *tb[VXSW_A_MAX + 1];
	const struct nlmsghdr *nlh = req->nlh;
	struct proto_err perr;

	CHECK((void *)nlh == (void *)reqbuf);
	CHECK(nlh->nlmsg_len >= PROTO_HDRLEN && nlh->nlmsg_len <= size);
	CHECK(nlh->nlmsg_type == VXSW_MSG_TYPE);
	CHECK((nlh->nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK)) == (NLM_F_REQUEST | NLM_F_ACK));
	CHECK(req->dump == ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP));
	CHECK(proto_msghdr(nlh)->cmd == req->cmd && req->cmd >= 1 && req->cmd <= VXSW_CMD_MAX);
	CHECK(proto_msghdr(nlh)->version == VXSW_PROTO_VERSION);
	memset(&perr, 0, sizeof(perr));
	CHECK(proto_parse(nlh, proto_policy, VXSW_A_MAX, tb, &perr) == 0);
	check_words(nlh, tb, argv, argc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, *argv[CMD_ARGV_MAX], err[CMD_ERR_MAX], small_err[8];
	struct cmd_req req, req2, untouched;
	uint32_t len;
	int argc, ret, ret2;

	if (size > LINE_MAX_FUZZ)
		return 0;
	line = dup_line(data, size);
	memset(reqbuf, 0, REQ_CLEAR);
	memset(smallbuf, 0, REQ_CLEAR);
	memset(err, 0x55, sizeof(err));
	argc = cmd_split(line, argv, CMD_ARGV_MAX, err, sizeof(err));
	if (argc < 0) {
		CHECK(argc == -EINVAL || argc == -E2BIG);
		CHECK(err_ok(err, sizeof(err)));
		goto out;
	}
	check_split(data, size, line, argv, argc);
	/* "flow batch FILE" reads a file: not the grammar (fuzz_flow takes its lines), and not
	 * something a fuzzer should do with whatever paths it makes up. */
	if (argc >= 2 && !strcmp(argv[0], "flow") && !strcmp(argv[1], "batch"))
		goto out;

	memset(err, 0x55, sizeof(err));
	ret = cmd_parse(argc, argv, reqbuf, sizeof(reqbuf), 7, &req, err, sizeof(err));
	/* The same words with a tiny error buffer, or none, decide the same. */
	memset(small_err, 0x55, sizeof(small_err));
	ret2 = cmd_parse(argc, argv, smallbuf, sizeof(smallbuf), 7, &req2, small_err,
			 sizeof(small_err));
	CHECK(ret == ret2 && (ret2 == 0 || memchr(small_err, '\0', sizeof(small_err))));
	CHECK(cmd_parse(argc, argv, smallbuf, sizeof(smallbuf), 7, &req2, NULL, 0) == ret);
	if (ret < 0) {
		CHECK(ret == -EINVAL); /* a 64 KiB buffer holds any request */
		CHECK(err_ok(err, sizeof(err)));
		goto out;
	}
	check_request(&req, sizeof(reqbuf), argv, argc);
	len = req.nlh->nlmsg_len;
	CHECK(len <= REQ_CLEAR);

	/* Exactly enough room: the same bytes; one byte less: -EMSGSIZE, *ret untouched. */
	memset(smallbuf, 0, REQ_CLEAR);
	CHECK(cmd_parse(argc, argv, smallbuf, len, 7, &req2, err, sizeof(err)) == 0);
	CHECK(req2.nlh->nlmsg_len == len && !memcmp(smallbuf, reqbuf, len));
	memset(&req2, 0x5a, sizeof(req2));
	memset(&untouched, 0x5a, sizeof(untouched));
	CHECK(cmd_parse(argc, argv, smallbuf, len - 1, 7, &req2, err, sizeof(err)) == -EMSGSIZE);
	CHECK(err_ok(err, sizeof(err)));
	CHECK(!memcmp(&req2, &untouched, sizeof(req2)));
out:
	free(line);
	return 0;
}
