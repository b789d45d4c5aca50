/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_config: vxswd.conf (control/config.c): the defaults, a full file, the range of every
 * number, the exact "file:line: message" of each kind of mistake (the first bad line wins),
 * files that cannot be read, and the shipped example, whose every key shows its default.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <vxsw/proto.h>

#include "config.h"

static char dir[] = "/tmp/test_config.XXXXXX";
static char path[sizeof(dir) + 16];
static char err[512];
static struct vxswd_config c;

static int group_setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/vxswd.conf", dir);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

/* Write text as the config file and load it over the defaults. */
static int load(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	config_defaults(&c);
	memset(err, 0, sizeof(err));
	return config_load(path, &c, err, sizeof(err));
}

static void expect_error(const char *text, int line, const char *msg)
{
	char want[sizeof(err)];

	snprintf(want, sizeof(want), "%s:%d: %s", path, line, msg);
	assert_int_equal(load(text), -EINVAL);
	assert_string_equal(err, want);
}

static void assert_config_equal(const struct vxswd_config *a, const struct vxswd_config *b)
{
	assert_string_equal(a->socket, b->socket);
	assert_string_equal(a->backend, b->backend);
	assert_int_equal(a->rcvbuf, b->rcvbuf);
	assert_int_equal(a->holddown, b->holddown);
	assert_string_equal(a->dp_socket, b->dp_socket);
	assert_int_equal(a->retry_ms, b->retry_ms);
	assert_memory_equal(&a->lim, &b->lim, sizeof(a->lim));
	assert_string_equal(a->pin_dir, b->pin_dir);
	assert_int_equal(a->refresh_ms, b->refresh_ms);
	assert_memory_equal(a->underlay, b->underlay, sizeof(a->underlay));
	assert_int_equal(a->ignore_reserved, b->ignore_reserved);
	assert_int_equal(a->bpf_fdb, b->bpf_fdb);
}

static void test_defaults(void **state)
{
	const struct mirror_limits lim = MIRROR_DEFAULT_LIMITS;

	(void)state;
	memset(&c, 0xff, sizeof(c));
	config_defaults(&c);
	assert_string_equal(c.socket, VXSWD_SOCK);
	assert_string_equal(c.backend, "dpdk");
	assert_int_equal(c.rcvbuf, 32 << 20);
	assert_int_equal(c.holddown, 0);
	assert_string_equal(c.dp_socket, VXSW_DPDK_SOCK);
	assert_int_equal(c.retry_ms, 1000);
	assert_memory_equal(&c.lim, &lim, sizeof(lim));
	assert_string_equal(c.pin_dir, "/sys/fs/bpf/vxsw");
	assert_int_equal(c.refresh_ms, 10000);
	assert_string_equal(c.underlay[0], "");
	assert_false(c.ignore_reserved);
	assert_int_equal(c.bpf_fdb, 262144);

	/* An empty file, or one of comments only, changes nothing. */
	assert_int_equal(load(""), 0);
	assert_string_equal(c.socket, VXSWD_SOCK);
	assert_int_equal(load("# nothing\n; nothing either\n\n[vxswd]\n"), 0);
	assert_string_equal(c.backend, "dpdk");
}

static void test_full_file(void **state)
{
	(void)state;
	assert_int_equal(load("# every key\n"
			      "[vxswd]\n"
			      "socket = /tmp/vxswd.sock\n"
			      "backend=dpdk\n"
			      "\n"
			      "[netlink]\n"
			      "  rcvbuf   =   65536\n"
			      "[fdb]\n"
			      "; seconds\n"
			      "holddown = 86400\n"
			      "[dpdk]\n"
			      "socket = /tmp/dpdk.sock\n"
			      "retry = 60000\n"
			      "[ebpf]\n"
			      "pin_dir = /sys/fs/bpf/x\n"
			      "refresh = 100\n"
			      "underlay = eth0, eth1,eth2\n"
			      "reserved_bits = ignore\n"
			      "fdb = 1024\n"
			      "[limits]\n"
			      "links = 1\n"
			      "fdb = 2\n"
			      "neighs = 3\n"
			      "addrs = 4\n"
			      "routes = 16777216\n"),
			 0);
	assert_string_equal(err, "");
	assert_string_equal(c.socket, "/tmp/vxswd.sock");
	assert_string_equal(c.backend, "dpdk");
	assert_int_equal(c.rcvbuf, 65536);
	assert_int_equal(c.holddown, 86400);
	assert_string_equal(c.dp_socket, "/tmp/dpdk.sock");
	assert_int_equal(c.retry_ms, 60000);
	assert_string_equal(c.pin_dir, "/sys/fs/bpf/x");
	assert_int_equal(c.refresh_ms, 100);
	assert_string_equal(c.underlay[0], "eth0");
	assert_string_equal(c.underlay[1], "eth1");
	assert_string_equal(c.underlay[2], "eth2");
	assert_string_equal(c.underlay[3], "");
	assert_true(c.ignore_reserved);
	assert_int_equal(c.bpf_fdb, 1024);
	assert_int_equal(c.lim.links, 1);
	assert_int_equal(c.lim.fdb, 2);
	assert_int_equal(c.lim.neighs, 3);
	assert_int_equal(c.lim.addrs, 4);
	assert_int_equal(c.lim.routes, 16777216);
}

/* Settings the file does not name keep the values they had (the command line's, say). */
static void test_unnamed_keep_their_value(void **state)
{
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("[fdb]\nholddown = 30\n", f);
	fclose(f);
	config_defaults(&c);
	snprintf(c.socket, sizeof(c.socket), "/from/the/command/line");
	c.retry_ms = 77;
	assert_int_equal(config_load(path, &c, err, sizeof(err)), 0);
	assert_int_equal(c.holddown, 30);
	assert_string_equal(c.socket, "/from/the/command/line");
	assert_int_equal(c.retry_ms, 77);
}

/* The lowest and highest value of every number are taken; one past either end is refused. */
static void test_number_ranges(void **state)
{
	static const struct {
		const char *text;
		int ok;
	} cases[] = {
		{"[netlink]\nrcvbuf = 65536\n", 1},  {"[netlink]\nrcvbuf = 2147483647\n", 1},
		{"[netlink]\nrcvbuf = 65535\n", 0},  {"[netlink]\nrcvbuf = 2147483648\n", 0},
		{"[fdb]\nholddown = 0\n", 1},	     {"[fdb]\nholddown = 86400\n", 1},
		{"[fdb]\nholddown = 86401\n", 0},    {"[dpdk]\nretry = 10\n", 1},
		{"[dpdk]\nretry = 60000\n", 1},	     {"[dpdk]\nretry = 9\n", 0},
		{"[dpdk]\nretry = 60001\n", 0},	     {"[limits]\nlinks = 1\n", 1},
		{"[limits]\nlinks = 16777216\n", 1}, {"[limits]\nlinks = 0\n", 0},
		{"[limits]\nlinks = 16777217\n", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = load(cases[i].text);

		if (ret != (cases[i].ok ? 0 : -EINVAL))
			print_message("case: %s", cases[i].text);
		assert_int_equal(ret, cases[i].ok ? 0 : -EINVAL);
	}
}

/* The ebpf backend is there when vxswd was built with the eBPF fast path. */
static void test_backend(void **state)
{
	(void)state;
	assert_int_equal(load("[vxswd]\nbackend = dpdk\n"), 0);
#ifdef VXSW_HAVE_BPF
	assert_int_equal(load("[vxswd]\nbackend = ebpf\n"), 0);
	assert_string_equal(c.backend, "ebpf");
#else
	expect_error("[vxswd]\nbackend = ebpf\n", 2,
		     "backend ebpf: this vxswd was built without the eBPF fast path");
#endif
}

static void test_errors(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *msg;
	} cases[] = {
		{"[vxswd]\nsocket = /x\n[vxsw]\nsocket = /y\n", 4,
		 "unknown section [vxsw] (vxswd, netlink, fdb, dpdk, ebpf, limits)"},
		{"[vxswd]\nsokcet = /x\n", 2, "unknown key \"sokcet\" in [vxswd]"},
		{"[dpdk]\nrcvbuf = 65536\n", 2, "unknown key \"rcvbuf\" in [dpdk]"},
		{"[limits]\nmacs = 10\n", 2,
		 "unknown key \"macs\" in [limits] (links, fdb, neighs, addrs, routes)"},
		{"# comment\n\n[netlink]\nrcvbuf = 1024\n", 4,
		 "rcvbuf: bytes, 65536 to 2147483647"},
		{"[fdb]\nholddown = 86401\n", 2, "holddown: seconds, 0 to 86400"},
		{"[dpdk]\nretry = 0\n", 2, "retry: milliseconds, 10 to 60000"},
		{"[limits]\nfdb = 0\n", 2, "fdb: a count, 1 to 16777216"},
		/* Not numbers. */
		{"[fdb]\nholddown = ten\n", 2, "holddown: seconds, 0 to 86400"},
		{"[fdb]\nholddown = -1\n", 2, "holddown: seconds, 0 to 86400"},
		{"[fdb]\nholddown = 10s\n", 2, "holddown: seconds, 0 to 86400"},
		{"[fdb]\nholddown = 0x10\n", 2, "holddown: seconds, 0 to 86400"},
		{"[fdb]\nholddown =\n", 2, "holddown: seconds, 0 to 86400"},
		{"[limits]\nroutes = 99999999999999999999999\n", 2,
		 "routes: a count, 1 to 16777216"},
		/* Strings. */
		{"[vxswd]\nbackend = bpf\n", 2, "backend \"bpf\" is not one of dpdk, ebpf"},
		{"[vxswd]\nbackend = DPDK\n", 2, "backend \"DPDK\" is not one of dpdk, ebpf"},
		{"[ebpf]\npin_dir = sys/fs/bpf\n", 2, "pin_dir: an absolute path of 1-107 bytes"},
		{"[ebpf]\nrefresh = 99\n", 2, "refresh: milliseconds, 100 to 3600000"},
		{"[ebpf]\nunderlay = a,b,c,d,e\n", 2,
		 "underlay: 1 to 4 device names, separated by commas"},
		{"[ebpf]\nunderlay = 0123456789abcdef\n", 2,
		 "underlay: 1 to 4 device names, separated by commas"},
		{"[ebpf]\nunderlay = ,\n", 2, "underlay: 1 to 4 device names, separated by commas"},
		{"[ebpf]\nreserved_bits = keep\n", 2, "reserved_bits: drop or ignore"},
		{"[ebpf]\nfdb = 1023\n", 2, "fdb: a count, 1024 to 16777216"},
		{"[vxswd]\nsocket =\n", 2, "socket: a path of 1-107 bytes"},
		/* Lines that are not INI. */
		{"[vxswd]\nsocket /x\n", 2, "syntax error"},
		{"[vxswd\nsocket = /x\n", 1, "syntax error"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_error(cases[i].text, cases[i].line, cases[i].msg);
}

/* sun_path holds 107 bytes and a NUL. */
static void test_path_length(void **state)
{
	char text[256], p107[108];

	(void)state;
	memset(p107, 'a', sizeof(p107) - 1);
	p107[0] = '/';
	p107[107] = '\0';

	snprintf(text, sizeof(text), "[dpdk]\nsocket = %s\n", p107);
	assert_int_equal(load(text), 0);
	assert_string_equal(c.dp_socket, p107);

	snprintf(text, sizeof(text), "[vxswd]\nsocket = %sa\n", p107);
	expect_error(text, 2, "socket: a path of 1-107 bytes");
	snprintf(text, sizeof(text), "[dpdk]\nsocket = %sa\n", p107);
	expect_error(text, 2, "socket: a path of 1-107 bytes");
}

/* Only the first bad line is reported, with its own message, whatever comes after it. */
static void test_first_error_wins(void **state)
{
	(void)state;
	/* A syntax error, then a bad value: the syntax error, not the value's message. */
	expect_error("[vxswd]\nnot a key\n[fdb]\nholddown = 99999\n", 2, "syntax error");
	/* A bad value, then a syntax error. */
	expect_error("[fdb]\nholddown = 99999\nnot a key\n", 2, "holddown: seconds, 0 to 86400");
	/* Two bad values. */
	expect_error("[dpdk]\nretry = 1\n[limits]\nfdb = 0\n", 2,
		     "retry: milliseconds, 10 to 60000");
	/* A syntax error after a good line, then an unknown key. */
	expect_error("[fdb]\nholddown = 5\n[dpdk\n[vxswd]\nbogus = 1\n", 3, "syntax error");
}

static void test_unreadable(void **state)
{
	char want[sizeof(err)], missing[sizeof(dir) + 16];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/absent.conf", dir);
	config_defaults(&c);
	assert_int_equal(config_load(missing, &c, err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s: No such file or directory", missing);
	assert_string_equal(err, want);

	/* A directory opens but cannot be read: an error, not an empty config. */
	assert_int_equal(config_load(dir, &c, err, sizeof(err)), -EISDIR);
	snprintf(want, sizeof(want), "%s: Is a directory", dir);
	assert_string_equal(err, want);
}

/*
 * control/vxswd.conf.example shows every key commented out with its default: uncommented, it
 * must load and give exactly the defaults.
 */
static void test_example(void **state)
{
	const char *example = getenv("VXSWD_CONF_EXAMPLE");
	struct vxswd_config dflt;
	char line[512], text[8192] = "";
	size_t len = 0, keys = 0;
	FILE *f;

	(void)state;
	if (!example)
		skip();
	f = fopen(example, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		/* "#key = value" is a setting; "# words" is prose. */
		const char *l =
			line[0] == '#' && line[1] >= 'a' && line[1] <= 'z' ? line + 1 : line;

		keys += l != line;
		assert_true(len + strlen(l) < sizeof(text));
		strcpy(text + len, l);
		len += strlen(l);
	}
	fclose(f);
	assert_int_equal(keys, 15); /* every key of config.c with a default */
	assert_int_equal(load(text), 0);
	config_defaults(&dflt);
	assert_config_equal(&c, &dflt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_unnamed_keep_their_value),
		cmocka_unit_test(test_number_ranges),
		cmocka_unit_test(test_backend),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_path_length),
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_example),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
