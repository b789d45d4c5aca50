/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * config: vxswd.conf through libinih (see config.h). Every key is known and range-checked; an
 * unknown section or key is an error, so a typo never silently leaves a default in place.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include <net/if.h>

#include <vxsw/bpf.h>
#include <vxsw/proto.h>

void config_defaults(struct vxswd_config *c)
{
	static const struct mirror_limits lim = MIRROR_DEFAULT_LIMITS;

	memset(c, 0, sizeof(*c));
	snprintf(c->socket, sizeof(c->socket), "%s", VXSWD_SOCK);
	snprintf(c->backend, sizeof(c->backend), "dpdk");
	c->rcvbuf = 32 << 20;
	c->holddown = 0;
	snprintf(c->dp_socket, sizeof(c->dp_socket), "%s", VXSW_DPDK_SOCK);
	c->retry_ms = 1000;
	c->lim = lim;
	snprintf(c->pin_dir, sizeof(c->pin_dir), "%s", VXSW_BPF_PIN_DIR);
	c->refresh_ms = 10000;
	c->bpf_fdb = VXSW_BPF_FDB_MAX;
}

/* "a, b, c": up to n device names. */
static bool names(const char *v, char (*dst)[16], size_t n)
{
	char buf[256], *save = NULL, *tok;
	size_t i = 0;

	if (strlen(v) >= sizeof(buf))
		return false;
	strcpy(buf, v);
	memset(dst, 0, n * sizeof(*dst));
	for (tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (i == n || strlen(tok) >= IFNAMSIZ)
			return false;
		strcpy(dst[i++], tok);
	}
	return i > 0;
}

struct ctx {
	struct vxswd_config *c;
	FILE *f;
	int line;     /* the line libinih is on */
	int msg_line; /* the line msg is about */
	char msg[160];
};

/*
 * fgets for ini_parse_stream, counting lines as libinih does (one per call): Debian's libinih
 * is built without INI_HANDLER_LINENO, and only the message of the line ini_parse reports
 * (the first bad one, maybe a syntax error the handler never saw) may be shown.
 */
static char *reader(char *str, int num, void *stream)
{
	struct ctx *x = stream;
	char *s = fgets(str, num, x->f);

	if (s)
		x->line++;
	return s;
}

static bool num(const char *v, uint64_t min, uint64_t max, uint64_t *ret)
{
	char *end;
	unsigned long long n;

	if (!*v || *v == '-')
		return false;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return false;
	*ret = n;
	return true;
}

static bool str(const char *v, char *dst, size_t size)
{
	if (!*v || strlen(v) >= size)
		return false;
	memcpy(dst, v, strlen(v) + 1);
	return true;
}

/* One key: 1 = accepted; 0 = refused, with x->msg saying why. */
static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct ctx *x = user;
	struct vxswd_config *c = x->c;
	uint64_t n;

#define IS(s, k) (!strcmp(section, s) && !strcmp(name, k))
/* ini_parse reports the first bad line: keep the first message, and its line. */
#define BAD(...)                                                                                   \
	(x->msg[0] ? 0 : (x->msg_line = x->line, snprintf(x->msg, sizeof(x->msg), __VA_ARGS__), 0))
	if (IS("vxswd", "socket"))
		return str(value, c->socket, sizeof(c->socket))
			       ? 1
			       : BAD("socket: a path of 1-107 bytes");
	if (IS("vxswd", "backend")) {
		if (strcmp(value, "dpdk") && strcmp(value, "ebpf"))
			return BAD("backend \"%s\" is not one of dpdk, ebpf", value);
#ifndef VXSW_HAVE_BPF
		if (!strcmp(value, "ebpf"))
			return BAD("backend ebpf: this vxswd was built without the eBPF fast path");
#endif
		return str(value, c->backend, sizeof(c->backend));
	}
	if (IS("ebpf", "pin_dir")) {
		if (value[0] != '/')
			return BAD("pin_dir: an absolute path of 1-107 bytes");
		return str(value, c->pin_dir, sizeof(c->pin_dir))
			       ? 1
			       : BAD("pin_dir: an absolute path of 1-107 bytes");
	}
	if (IS("ebpf", "refresh")) {
		if (!num(value, 100, 3600000, &n))
			return BAD("refresh: milliseconds, 100 to 3600000");
		c->refresh_ms = (uint32_t)n;
		return 1;
	}
	if (IS("ebpf", "underlay"))
		return names(value, c->underlay, 4)
			       ? 1
			       : BAD("underlay: 1 to 4 device names, separated by commas");
	if (IS("ebpf", "reserved_bits")) {
		if (strcmp(value, "drop") && strcmp(value, "ignore"))
			return BAD("reserved_bits: drop or ignore");
		c->ignore_reserved = !strcmp(value, "ignore");
		return 1;
	}
	if (IS("ebpf", "fdb")) {
		if (!num(value, 1024, 16u << 20, &n))
			return BAD("fdb: a count, 1024 to %u", 16u << 20);
		c->bpf_fdb = (uint32_t)n;
		return 1;
	}
	if (IS("netlink", "rcvbuf")) {
		if (!num(value, 65536, INT_MAX, &n))
			return BAD("rcvbuf: bytes, 65536 to %d", INT_MAX);
		c->rcvbuf = (int)n;
		return 1;
	}
	if (IS("fdb", "holddown")) {
		if (!num(value, 0, 86400, &n))
			return BAD("holddown: seconds, 0 to 86400");
		c->holddown = (uint32_t)n;
		return 1;
	}
	if (IS("dpdk", "socket"))
		return str(value, c->dp_socket, sizeof(c->dp_socket))
			       ? 1
			       : BAD("socket: a path of 1-107 bytes");
	if (IS("dpdk", "retry")) {
		if (!num(value, 10, 60000, &n))
			return BAD("retry: milliseconds, 10 to 60000");
		c->retry_ms = (uint32_t)n;
		return 1;
	}
	if (!strcmp(section, "limits")) {
		uint32_t *p = !strcmp(name, "links")	? &c->lim.links
			      : !strcmp(name, "fdb")	? &c->lim.fdb
			      : !strcmp(name, "neighs") ? &c->lim.neighs
			      : !strcmp(name, "addrs")	? &c->lim.addrs
			      : !strcmp(name, "routes") ? &c->lim.routes
							: NULL;

		if (!p)
			return BAD("unknown key \"%s\" in [limits] (links, fdb, neighs, addrs, "
				   "routes)",
				   name);
		if (!num(value, 1, 16u << 20, &n))
			return BAD("%s: a count, 1 to %u", name, 16u << 20);
		*p = (uint32_t)n;
		return 1;
	}
	if (strcmp(section, "vxswd") && strcmp(section, "netlink") && strcmp(section, "fdb") &&
	    strcmp(section, "dpdk") && strcmp(section, "ebpf"))
		return BAD("unknown section [%s] (vxswd, netlink, fdb, dpdk, ebpf, limits)",
			   section);
	return BAD("unknown key \"%s\" in [%s]", name, section);
#undef IS
#undef BAD
}

int config_load(const char *file, struct vxswd_config *c, char *err, size_t errlen)
{
	struct ctx x = {.c = c};
	FILE *f = fopen(file, "r");
	int line, e;

	if (!f) {
		e = errno;
		snprintf(err, errlen, "%s: %s", file, strerror(e));
		return -e;
	}
	x.f = f;
	line = ini_parse_stream(reader, &x, handler, &x);
	/* A read error (a directory opens, then fails with EISDIR) is not the end of the file. */
	e = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (e) {
		snprintf(err, errlen, "%s: %s", file, strerror(e));
		return -e;
	}
	if (line == 0)
		return 0;
	if (line < 0) {
		snprintf(err, errlen, "%s: cannot be read", file);
		return -EIO;
	}
	snprintf(err, errlen, "%s:%d: %s", file, line,
		 x.msg[0] && x.msg_line == line ? x.msg : "syntax error");
	return -EINVAL;
}
