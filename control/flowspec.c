// SPDX-License-Identifier: BSD-3-Clause
/*
 * flowspec: flow rules as text, as VXSW_A_FLOW attributes and back (see flowspec.h). The text
 * keywords follow tc flower's where it has one (src_mac, dst_ip, ip_proto, dst_port, ...).
 */
#include "flowspec.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

#define OFF(m) ((uint16_t)offsetof(struct flow_key, f.m))
#define LEN(m) ((uint16_t)sizeof(((struct flow_key *)0)->f.m))
#define FLD(n, t, m)                                                                               \
	{                                                                                          \
		.name = (n), .type = (t), .off = OFF(m), .len = LEN(m)                             \
	}

/* In text order: the order a rule prints in. */
const struct flow_field flow_fields[VXSW_FLOW_F_MAX] = {
	FLD("vni", VXSW_FLOW_F_VNI, vni),
	FLD("src_mac", VXSW_FLOW_F_ETH_SRC, eth_src),
	FLD("dst_mac", VXSW_FLOW_F_ETH_DST, eth_dst),
	FLD("eth_type", VXSW_FLOW_F_ETHERTYPE, ethertype),
	FLD("ip_version", VXSW_FLOW_F_IP_VERSION, ip_version),
	FLD("src_ip", VXSW_FLOW_F_IP_SRC, ip_src),
	FLD("dst_ip", VXSW_FLOW_F_IP_DST, ip_dst),
	FLD("ip_proto", VXSW_FLOW_F_IP_PROTO, ip_proto),
	FLD("src_port", VXSW_FLOW_F_L4_SRC, l4_src),
	FLD("dst_port", VXSW_FLOW_F_L4_DST, l4_dst),
};

const char *const flow_action_names[VXSW_FLOW_ACT_MAX + 1] = {
	[VXSW_FLOW_ACT_NORMAL] = "normal", [VXSW_FLOW_ACT_DROP] = "drop",
	[VXSW_FLOW_ACT_OUTPUT] = "output", [VXSW_FLOW_ACT_ENCAP] = "encap",
	[VXSW_FLOW_ACT_FLOOD] = "flood",   [VXSW_FLOW_ACT_COUNT] = "count",
};

const char *const flow_op_names[VXSW_FLOW_OP_MAX + 1] = {
	[VXSW_FLOW_OP_ADD] = "add",
	[VXSW_FLOW_OP_DEL] = "del",
	[VXSW_FLOW_OP_MOD] = "mod",
	[VXSW_FLOW_OP_FLUSH] = "flush",
};

const struct flow_field *flow_field_get(unsigned int t)
{
	unsigned int i;

	for (i = 0; i < VXSW_FLOW_F_MAX; i++)
		if (flow_fields[i].type == t)
			return &flow_fields[i];
	return NULL;
}

static const struct flow_field *field_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < VXSW_FLOW_F_MAX; i++)
		if (!strcmp(flow_fields[i].name, name))
			return &flow_fields[i];
	return NULL;
}

static uint8_t *fv(struct flow_key *k, const struct flow_field *f)
{
	return (uint8_t *)k + f->off;
}

static const uint8_t *cfv(const struct flow_key *k, const struct flow_field *f)
{
	return (const uint8_t *)k + f->off;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static bool field_set(const struct flow_spec *s, const struct flow_field *f)
{
	return !all_zero(cfv(&s->mask, f), f->len);
}

/* ---- text ---- */

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *ret)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* Split "A/B" in a copy (buf, size bytes): *b is NULL without a slash. -EINVAL if too long. */
static int split_slash(const char *word, char *buf, size_t size, char **b)
{
	char *slash;

	if ((size_t)snprintf(buf, size, "%s", word) >= size)
		return -EINVAL;
	slash = strchr(buf, '/');
	*b = NULL;
	if (slash) {
		*slash = '\0';
		*b = slash + 1;
	}
	return 0;
}

static void prefix_mask(uint8_t *m, unsigned int len, unsigned int bits)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		unsigned int take = bits > 8 ? 8 : bits;

		m[i] = (uint8_t)(0xff00u >> take);
		bits -= take;
	}
}

/* A field's value (and mask) from its word; 0 or -EINVAL with err. */
static int parse_field(struct flow_spec *s, const struct flow_field *f, const char *word, char *err,
		       size_t errlen)
{
	uint8_t *v = fv(&s->value, f), *m = fv(&s->mask, f), a[16], am[16];
	char buf[96], *b;
	uint64_t n, nm;
	int len, lm;

	if (split_slash(word, buf, sizeof(buf), &b))
		return fail(err, errlen, "invalid %s \"%s\": too long", f->name, word);
	switch (f->type) {
	case VXSW_FLOW_F_VNI:
		if (b || parse_u64(buf, 0xffffff, &n) || n == 0)
			return fail(err, errlen, "invalid vni \"%s\": expected 1-16777215", word);
		memcpy(v, &(uint32_t){(uint32_t)n}, 4);
		memset(m, 0xff, 4);
		return 0;
	case VXSW_FLOW_F_ETH_SRC:
	case VXSW_FLOW_F_ETH_DST:
		if (word_mac(buf, v) || (b && word_mac(b, m)))
			return fail(err, errlen,
				    "invalid %s \"%s\": expected xx:xx:xx:xx:xx:xx[/MASK]", f->name,
				    word);
		if (!b)
			memset(m, 0xff, 6);
		return 0;
	case VXSW_FLOW_F_ETHERTYPE:
		if (!strcmp(buf, "ipv4"))
			n = VXSW_ETHERTYPE_IPV4;
		else if (!strcmp(buf, "ipv6"))
			n = VXSW_ETHERTYPE_IPV6;
		else if (!strcmp(buf, "arp"))
			n = VXSW_ETHERTYPE_ARP;
		else if (parse_u64(buf, 0xffff, &n) || n < 0x600)
			return fail(err, errlen,
				    "invalid eth_type \"%s\": expected ipv4, ipv6, arp or "
				    "0x0600-0xffff",
				    word);
		if (b)
			return fail(err, errlen, "invalid eth_type \"%s\": no mask allowed", word);
		memcpy(v, &(uint16_t){htons((uint16_t)n)}, 2);
		memset(m, 0xff, 2);
		return 0;
	case VXSW_FLOW_F_IP_VERSION:
		if (!strcmp(buf, "none"))
			n = 0;
		else if (parse_u64(buf, 6, &n) || (n != 4 && n != 6))
			return fail(err, errlen, "invalid ip_version \"%s\": expected 4, 6 or none",
				    word);
		if (b)
			return fail(err, errlen, "invalid ip_version \"%s\": no mask allowed",
				    word);
		*v = (uint8_t)n;
		*m = 0xff;
		return 0;
	case VXSW_FLOW_F_IP_SRC:
	case VXSW_FLOW_F_IP_DST:
		len = word_addr(buf, a);
		if (len < 0)
			return fail(err, errlen,
				    "invalid %s \"%s\": expected ADDR[/LEN] or ADDR/MASK", f->name,
				    word);
		memset(am, 0, sizeof(am));
		if (!b) {
			memset(am, 0xff, (size_t)len);
		} else if (strchr(b, '.') || strchr(b, ':')) {
			lm = word_addr(b, am);
			if (lm != len)
				return fail(err, errlen,
					    "invalid %s \"%s\": the mask must be an address of the "
					    "same family",
					    f->name, word);
		} else if (parse_u64(b, (uint64_t)len * 8, &nm)) {
			return fail(err, errlen, "invalid %s \"%s\": prefix length must be 0-%d",
				    f->name, word, len * 8);
		} else {
			prefix_mask(am, (unsigned int)len, (unsigned int)nm);
		}
		/* The address family is part of the match: 10/8 must not match an IPv6 address
		 * that starts with 0x0a. */
		if (s->mask.f.ip_version && s->value.f.ip_version != (len == 4 ? 4 : 6))
			return fail(err, errlen,
				    "invalid %s \"%s\": the rule already matches IPv%u", f->name,
				    word, s->value.f.ip_version);
		s->value.f.ip_version = len == 4 ? 4 : 6;
		s->mask.f.ip_version = 0xff;
		memcpy(v, a, 16);
		memcpy(m, am, 16);
		return 0;
	case VXSW_FLOW_F_IP_PROTO:
		if (!strcmp(buf, "tcp"))
			n = VXSW_IPPROTO_TCP;
		else if (!strcmp(buf, "udp"))
			n = VXSW_IPPROTO_UDP;
		else if (!strcmp(buf, "icmp"))
			n = VXSW_IPPROTO_ICMP;
		else if (!strcmp(buf, "icmpv6"))
			n = 58;
		else if (parse_u64(buf, 255, &n))
			return fail(
				err, errlen,
				"invalid ip_proto \"%s\": expected tcp, udp, icmp, icmpv6 or 0-255",
				word);
		if (b)
			return fail(err, errlen, "invalid ip_proto \"%s\": no mask allowed", word);
		*v = (uint8_t)n;
		*m = 0xff;
		return 0;
	case VXSW_FLOW_F_L4_SRC:
	case VXSW_FLOW_F_L4_DST:
		nm = 0xffff;
		if (parse_u64(buf, 0xffff, &n) || (b && parse_u64(b, 0xffff, &nm)))
			return fail(err, errlen, "invalid %s \"%s\": expected 0-65535[/MASK]",
				    f->name, word);
		memcpy(v, &(uint16_t){htons((uint16_t)n)}, 2);
		memcpy(m, &(uint16_t){htons((uint16_t)nm)}, 2);
		return 0;
	default:
		return fail(err, errlen, "internal error: field %u", f->type);
	}
}

static int parse_name(const char *what, const char *word, char *out, char *err, size_t errlen)
{
	if (!word[0] || strlen(word) >= VXSW_NAME_MAX)
		return fail(err, errlen,
			    "invalid %s \"%s\": expected a port name of 1-%d characters", what,
			    word, VXSW_NAME_MAX - 1);
	strcpy(out, word);
	return 0;
}

/* "action ..." from argv[0] (the word after "action"); returns the words used or -EINVAL. */
static int parse_action(struct flow_spec *s, int argc, char *const argv[], char *err, size_t errlen)
{
	uint8_t a[16];
	uint64_t n;
	int i, len;

	if (argc < 1)
		return fail(err, errlen,
			    "action: missing: expected normal, drop, count, flood, output PORT or "
			    "encap ADDR [vni N]");
	for (i = 0; i <= VXSW_FLOW_ACT_MAX; i++)
		if (!strcmp(argv[0], flow_action_names[i]))
			break;
	if (i > VXSW_FLOW_ACT_MAX)
		return fail(err, errlen,
			    "invalid action \"%s\": expected normal, drop, count, flood, output "
			    "PORT or encap ADDR [vni N]",
			    argv[0]);
	s->has_action = true;
	s->action = (uint8_t)i;
	if (i == VXSW_FLOW_ACT_OUTPUT) {
		if (argc < 2)
			return fail(err, errlen, "action output: missing PORT");
		return parse_name("output port", argv[1], s->out_port, err, errlen) ?: 2;
	}
	if (i != VXSW_FLOW_ACT_ENCAP)
		return 1;
	if (argc < 2)
		return fail(err, errlen, "action encap: missing ADDR (a remote VTEP)");
	len = word_addr(argv[1], a);
	if (len < 0)
		return fail(err, errlen,
			    "invalid encap address \"%s\": expected an IPv4 or IPv6 address",
			    argv[1]);
	s->remote.family = len == 4 ? VXSW_AF_INET : VXSW_AF_INET6;
	memcpy(len == 4 ? (void *)&s->remote.v4 : (void *)s->remote.v6, a, (size_t)len);
	if (argc < 3 || strcmp(argv[2], "vni"))
		return 2;
	if (argc < 4 || parse_u64(argv[3], 0xffffff, &n) || n == 0)
		return fail(err, errlen, "invalid encap vni \"%s\": expected 1-16777215",
			    argc < 4 ? "" : argv[3]);
	s->encap_vni = (uint32_t)n;
	return 4;
}

int flow_spec_parse(int argc, char *const argv[], struct flow_spec *s, char *err, size_t errlen)
{
	bool seen_field[VXSW_FLOW_F_MAX + 1] = {false}, seen_id = false, seen_prio = false;
	const struct flow_field *f;
	const char *verb;
	uint64_t n;
	int i, r, op;

	memset(s, 0, sizeof(*s));
	if (argc < 1)
		return fail(err, errlen, "flow: missing command: expected add, del, mod or flush");
	verb = argv[0];
	for (op = 0; op <= VXSW_FLOW_OP_MAX; op++)
		if (!strcmp(verb, flow_op_names[op]))
			break;
	if (op > VXSW_FLOW_OP_MAX)
		return fail(err, errlen,
			    "unknown flow command \"%s\": expected add, del, mod or flush", verb);
	s->op = (uint8_t)op;
	if (op == VXSW_FLOW_OP_FLUSH && argc > 1)
		return fail(err, errlen, "flow flush: unexpected argument \"%s\"", argv[1]);
	i = 1;
	/* del ID and mod ID: the ID comes first, bare. */
	if ((op == VXSW_FLOW_OP_DEL || op == VXSW_FLOW_OP_MOD) && i < argc && argv[i][0] >= '0' &&
	    argv[i][0] <= '9') {
		if (parse_u64(argv[i], UINT32_MAX, &n) || n == 0)
			return fail(err, errlen,
				    "flow %s: invalid ID \"%s\": expected 1-4294967295", verb,
				    argv[i]);
		s->id = (uint32_t)n;
		seen_id = true;
		i++;
	}
	while (i < argc) {
		const char *k = argv[i];

		if (!strcmp(k, "action")) {
			r = parse_action(s, argc - i - 1, argv + i + 1, err, errlen);
			if (r < 0)
				return r;
			i += 1 + r;
			if (i < argc)
				return fail(
					err, errlen,
					"flow %s: unexpected \"%s\" after the action (the action "
					"comes last)",
					verb, argv[i]);
			break;
		}
		if (i + 1 >= argc)
			return fail(err, errlen, "flow %s: \"%s\" needs a value", verb, k);
		if (!strcmp(k, "id")) {
			if (seen_id)
				return fail(err, errlen, "flow %s: \"id\" given twice", verb);
			if (parse_u64(argv[i + 1], UINT32_MAX, &n) || n == 0)
				return fail(err, errlen, "invalid id \"%s\": expected 1-4294967295",
					    argv[i + 1]);
			s->id = (uint32_t)n;
			seen_id = true;
		} else if (!strcmp(k, "priority")) {
			if (seen_prio)
				return fail(err, errlen, "flow %s: \"priority\" given twice", verb);
			if (parse_u64(argv[i + 1], UINT32_MAX, &n))
				return fail(err, errlen,
					    "invalid priority \"%s\": expected 0-4294967295",
					    argv[i + 1]);
			s->priority = (uint32_t)n;
			seen_prio = true;
			s->has_match = true;
		} else if (!strcmp(k, "in_port")) {
			if (s->in_port[0])
				return fail(err, errlen, "flow %s: \"in_port\" given twice", verb);
			if (parse_name("in_port", argv[i + 1], s->in_port, err, errlen))
				return -EINVAL;
			s->has_match = true;
		} else if ((f = field_by_name(k)) != NULL) {
			/* ip_version may come implied by src_ip/dst_ip before; given twice
			 * by name is an error. */
			if (seen_field[f->type])
				return fail(err, errlen, "flow %s: \"%s\" given twice", verb, k);
			seen_field[f->type] = true;
			if (f->type == VXSW_FLOW_F_IP_VERSION && s->mask.f.ip_version) {
				uint8_t before = s->value.f.ip_version;

				r = parse_field(s, f, argv[i + 1], err, errlen);
				if (r == 0 && s->value.f.ip_version != before)
					return fail(err, errlen,
						    "invalid ip_version \"%s\": the addresses are "
						    "IPv%u",
						    argv[i + 1], before);
			} else {
				r = parse_field(s, f, argv[i + 1], err, errlen);
			}
			if (r)
				return r;
			s->has_match = true;
		} else {
			return fail(err, errlen,
				    "flow %s: unknown argument \"%s\": expected id, priority, "
				    "in_port, vni, src_mac, dst_mac, eth_type, ip_version, src_ip, "
				    "dst_ip, ip_proto, src_port, dst_port or action",
				    verb, k);
		}
		i += 2;
	}
	flow_mask_apply_spec(s);

	/* Ports are only read from TCP and UDP: a rule on them without saying which would
	 * silently match nothing else, so the text asks for it (the wire does not). */
	if ((s->mask.f.l4_src || s->mask.f.l4_dst) &&
	    (s->mask.f.ip_proto != 0xff ||
	     (s->value.f.ip_proto != VXSW_IPPROTO_TCP && s->value.f.ip_proto != VXSW_IPPROTO_UDP)))
		return fail(err, errlen, "flow %s: %s needs ip_proto tcp or udp", verb,
			    s->mask.f.l4_src ? "src_port" : "dst_port");
	switch (op) {
	case VXSW_FLOW_OP_ADD:
		if (!s->has_action)
			return fail(err, errlen, "flow add: missing action");
		break;
	case VXSW_FLOW_OP_MOD:
		if (!seen_id)
			return fail(err, errlen, "flow mod: missing ID");
		if (s->has_match)
			return fail(err, errlen,
				    "flow mod: only the action changes: delete and add the rule to "
				    "change its match or priority");
		if (!s->has_action)
			return fail(err, errlen, "flow mod: missing action");
		break;
	case VXSW_FLOW_OP_DEL:
		if (s->has_action)
			return fail(err, errlen, "flow del: no action allowed");
		if (seen_id && s->has_match)
			return fail(err, errlen, "flow del: give an ID or a match, not both");
		if (!seen_id && !s->has_match)
			return fail(err, errlen,
				    "flow del: give an ID, or the priority and match of the rule");
		break;
	case VXSW_FLOW_OP_FLUSH:
		break;
	}
	return 0;
}

void flow_mask_apply_spec(struct flow_spec *s)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		s->value.w[i] &= s->mask.w[i];
}

static size_t mask_prefix_len(const uint8_t *m, size_t len, bool *contiguous)
{
	size_t bits = 0, i;
	bool ended = false;

	*contiguous = true;
	for (i = 0; i < len * 8; i++) {
		bool one = m[i / 8] >> (7 - i % 8) & 1;

		if (one && ended)
			*contiguous = false;
		if (!one)
			ended = true;
		else if (!ended)
			bits++;
	}
	return bits;
}

int flow_field_format(const struct flow_spec *s, const struct flow_field *f, char *buf, size_t size)
{
	const uint8_t *v = cfv(&s->value, f), *m = cfv(&s->mask, f);
	char a[INET6_ADDRSTRLEN], am[INET6_ADDRSTRLEN];
	uint16_t p, pm;
	uint32_t u;
	size_t plen;
	bool contiguous;
	int fam, len;

	switch (f->type) {
	case VXSW_FLOW_F_VNI:
		memcpy(&u, v, 4);
		return snprintf(buf, size, "%u", u);
	case VXSW_FLOW_F_ETH_SRC:
	case VXSW_FLOW_F_ETH_DST:
		len = snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x", v[0], v[1], v[2], v[3],
			       v[4], v[5]);
		if (all_zero(m, 6) || memcmp(m, "\xff\xff\xff\xff\xff\xff", 6) == 0)
			return len;
		return snprintf(buf, size,
				"%02x:%02x:%02x:%02x:%02x:%02x/%02x:%02x:%02x:%02x:%02x:%02x", v[0],
				v[1], v[2], v[3], v[4], v[5], m[0], m[1], m[2], m[3], m[4], m[5]);
	case VXSW_FLOW_F_ETHERTYPE:
		memcpy(&p, v, 2);
		p = ntohs(p);
		if (p == VXSW_ETHERTYPE_IPV4)
			return snprintf(buf, size, "ipv4");
		if (p == VXSW_ETHERTYPE_IPV6)
			return snprintf(buf, size, "ipv6");
		if (p == VXSW_ETHERTYPE_ARP)
			return snprintf(buf, size, "arp");
		return snprintf(buf, size, "0x%04x", p);
	case VXSW_FLOW_F_IP_VERSION:
		return *v ? snprintf(buf, size, "%u", *v) : snprintf(buf, size, "none");
	case VXSW_FLOW_F_IP_SRC:
	case VXSW_FLOW_F_IP_DST:
		fam = s->value.f.ip_version == 6 ? AF_INET6 : AF_INET;
		len = fam == AF_INET ? 4 : 16;
		inet_ntop(fam, v, a, sizeof(a));
		plen = mask_prefix_len(m, (size_t)len, &contiguous);
		if (contiguous && plen == (size_t)len * 8)
			return snprintf(buf, size, "%s", a);
		if (contiguous)
			return snprintf(buf, size, "%s/%zu", a, plen);
		inet_ntop(fam, m, am, sizeof(am));
		return snprintf(buf, size, "%s/%s", a, am);
	case VXSW_FLOW_F_IP_PROTO:
		if (*v == VXSW_IPPROTO_TCP)
			return snprintf(buf, size, "tcp");
		if (*v == VXSW_IPPROTO_UDP)
			return snprintf(buf, size, "udp");
		if (*v == VXSW_IPPROTO_ICMP)
			return snprintf(buf, size, "icmp");
		if (*v == 58)
			return snprintf(buf, size, "icmpv6");
		return snprintf(buf, size, "%u", *v);
	case VXSW_FLOW_F_L4_SRC:
	case VXSW_FLOW_F_L4_DST:
		memcpy(&p, v, 2);
		memcpy(&pm, m, 2);
		if (pm == 0xffff)
			return snprintf(buf, size, "%u", ntohs(p));
		return snprintf(buf, size, "%u/0x%04x", ntohs(p), ntohs(pm));
	default:
		return snprintf(buf, size, "?");
	}
}

/* Is field f written in the text? ip_version is implied by an address. */
bool flow_field_shown(const struct flow_spec *s, const struct flow_field *f)
{
	if (!field_set(s, f))
		return false;
	if (f->type == VXSW_FLOW_F_IP_VERSION && s->mask.f.ip_version == 0xff &&
	    (!all_zero(s->mask.f.ip_src, 16) || !all_zero(s->mask.f.ip_dst, 16)))
		return false;
	return true;
}

/*
 * A port name as one word cmd_split() gives back: as is when it holds nothing special, else in
 * double quotes with " and \ escaped (a name may hold any byte but NUL).
 */
static const char *word(const char *name, char *out, size_t size)
{
	size_t n = 0;
	const char *p;
	bool plain = name[0] && name[0] != '#';

	for (p = name; *p && plain; p++)
		plain = !strchr(" \t\n\r\v\f'\"\\", *p);
	if (plain)
		return name;
	out[n++] = '"';
	for (p = name; *p && n + 3 < size; p++) {
		if (*p == '"' || *p == '\\')
			out[n++] = '\\';
		out[n++] = *p;
	}
	out[n++] = '"';
	out[n] = '\0';
	return out;
}

int flow_spec_format(const struct flow_spec *s, bool counters, char *buf, size_t size)
{
	char q[2 * VXSW_NAME_MAX + 3];
	char v[96];
	size_t n = 0;
	unsigned int i;

#define OUT(...)                                                                                   \
	do {                                                                                       \
		int w_ = snprintf(buf + n, size > n ? size - n : 0, __VA_ARGS__);                  \
		if (w_ > 0)                                                                        \
			n += (size_t)w_;                                                           \
	} while (0)

	if (size)
		buf[0] = '\0';
	if (s->id)
		OUT("id %u ", s->id);
	OUT("priority %u", s->priority);
	if (s->in_port[0])
		OUT(" in_port %s", word(s->in_port, q, sizeof(q)));
	for (i = 0; i < VXSW_FLOW_F_MAX; i++) {
		if (!flow_field_shown(s, &flow_fields[i]))
			continue;
		flow_field_format(s, &flow_fields[i], v, sizeof(v));
		OUT(" %s %s", flow_fields[i].name, v);
	}
	OUT(" action %s", flow_action_names[s->action <= VXSW_FLOW_ACT_MAX ? s->action : 0]);
	if (s->action == VXSW_FLOW_ACT_OUTPUT)
		OUT(" %s", word(s->out_port, q, sizeof(q)));
	if (s->action == VXSW_FLOW_ACT_ENCAP) {
		inet_ntop(s->remote.family == VXSW_AF_INET6 ? AF_INET6 : AF_INET,
			  s->remote.family == VXSW_AF_INET6 ? (const void *)s->remote.v6
							    : (const void *)&s->remote.v4,
			  v, sizeof(v));
		OUT(" %s", v);
		if (s->encap_vni)
			OUT(" vni %u", s->encap_vni);
	}
	if (counters && s->has_counters)
		OUT("  # packets %llu bytes %llu", (unsigned long long)s->packets,
		    (unsigned long long)s->bytes);
#undef OUT
	return (int)n;
}

/* ---- attributes ---- */

bool flow_spec_put(struct nlmsghdr *nlh, size_t size, uint16_t type, const struct flow_spec *s)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, type), *match;
	unsigned int i;
	bool ok = nest != NULL;

	if (!ok)
		return false;
	ok = mnl_attr_put_u8_check(nlh, size, VXSW_FLOW_A_OP, s->op);
	if (ok && s->id)
		ok = mnl_attr_put_u32_check(nlh, size, VXSW_FLOW_A_ID, s->id);
	if (s->op == VXSW_FLOW_OP_ADD || (s->op == VXSW_FLOW_OP_DEL && s->has_match)) {
		if (ok)
			ok = mnl_attr_put_u32_check(nlh, size, VXSW_FLOW_A_PRIORITY, s->priority);
		if (ok && s->in_port[0])
			ok = mnl_attr_put_strz_check(nlh, size, VXSW_FLOW_A_IN_PORT, s->in_port);
		match = ok ? mnl_attr_nest_start_check(nlh, size, VXSW_FLOW_A_MATCH) : NULL;
		ok = match != NULL;
		for (i = 0; ok && i < VXSW_FLOW_F_MAX; i++) {
			const struct flow_field *f = &flow_fields[i];
			uint8_t vm[32];

			if (!field_set(s, f))
				continue;
			memcpy(vm, cfv(&s->value, f), f->len);
			memcpy(vm + f->len, cfv(&s->mask, f), f->len);
			ok = mnl_attr_put_check(nlh, size, f->type, 2u * f->len, vm);
		}
		if (ok)
			mnl_attr_nest_end(nlh, match);
	}
	if (ok && s->has_action) {
		ok = mnl_attr_put_u8_check(nlh, size, VXSW_FLOW_A_ACTION, s->action);
		if (ok && s->action == VXSW_FLOW_ACT_OUTPUT)
			ok = mnl_attr_put_strz_check(nlh, size, VXSW_FLOW_A_OUT_PORT, s->out_port);
		if (ok && s->action == VXSW_FLOW_ACT_ENCAP)
			ok = proto_put_ip(nlh, size, VXSW_FLOW_A_REMOTE, &s->remote);
		if (ok && s->action == VXSW_FLOW_ACT_ENCAP && s->encap_vni)
			ok = mnl_attr_put_u32_check(nlh, size, VXSW_FLOW_A_ENCAP_VNI, s->encap_vni);
	}
	if (ok && s->has_counters)
		ok = mnl_attr_put_u64_check(nlh, size, VXSW_FLOW_A_PACKETS, s->packets) &&
		     mnl_attr_put_u64_check(nlh, size, VXSW_FLOW_A_BYTES, s->bytes);
	if (!ok) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static int bad(struct proto_err *err, const struct nlattr *a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct proto_err *err, const struct nlattr *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->buf, sizeof(err->buf), fmt, ap);
	va_end(ap);
	return proto_err_set(err, -EINVAL, a, err->buf);
}

int flow_spec_get(const struct nlattr *nest, bool request, struct flow_spec *s,
		  struct proto_err *err)
{
	const struct nlattr *tb[VXSW_FLOW_A_MAX + 1], *mt[VXSW_FLOW_F_MAX + 1];
	bool any_match;
	unsigned int i, t;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = proto_parse_nested(nest, proto_flow_policy, VXSW_FLOW_A_MAX, tb, err);
	if (ret < 0)
		return ret;
	if (tb[VXSW_FLOW_A_MATCH]) {
		/* Any field policy: the nested policy is reached through the flow policy. */
		ret = proto_parse_nested(tb[VXSW_FLOW_A_MATCH],
					 proto_flow_policy[VXSW_FLOW_A_MATCH].nested,
					 VXSW_FLOW_F_MAX, mt, err);
		if (ret < 0)
			return ret;
		for (t = 1; t <= VXSW_FLOW_F_MAX; t++) {
			const struct flow_field *f = flow_field_get(t);
			const uint8_t *p;

			if (!mt[t] || !f)
				continue;
			p = mnl_attr_get_payload(mt[t]);
			for (i = 0; i < f->len; i++)
				if (p[i] & ~p[f->len + i])
					return bad(err, mt[t],
						   "%s: the value has bits outside the mask",
						   f->name);
			memcpy(fv(&s->value, f), p, f->len);
			memcpy(fv(&s->mask, f), p + f->len, f->len);
		}
		if (s->mask.f.ip_version && s->value.f.ip_version != 0 &&
		    s->value.f.ip_version != 4 && s->value.f.ip_version != 6)
			return bad(err, mt[VXSW_FLOW_F_IP_VERSION],
				   "ip_version: expected 4, 6 or 0");
		if ((!all_zero(s->mask.f.ip_src, 16) || !all_zero(s->mask.f.ip_dst, 16)) &&
		    (s->mask.f.ip_version != 0xff || !s->value.f.ip_version))
			return bad(err, mt[VXSW_FLOW_F_IP_SRC] ?: mt[VXSW_FLOW_F_IP_DST],
				   "src_ip/dst_ip: the rule must also match ip_version 4 or 6");
		if (s->value.f.ip_version == 4 &&
		    (!all_zero(s->mask.f.ip_src + 4, 12) || !all_zero(s->mask.f.ip_dst + 4, 12)))
			return bad(err, mt[VXSW_FLOW_F_IP_SRC] ?: mt[VXSW_FLOW_F_IP_DST],
				   "src_ip/dst_ip: an IPv4 address is 4 bytes");
	}
	s->op = tb[VXSW_FLOW_A_OP] ? mnl_attr_get_u8(tb[VXSW_FLOW_A_OP]) : VXSW_FLOW_OP_ADD;
	if (tb[VXSW_FLOW_A_ID])
		s->id = mnl_attr_get_u32(tb[VXSW_FLOW_A_ID]);
	if (tb[VXSW_FLOW_A_PRIORITY])
		s->priority = mnl_attr_get_u32(tb[VXSW_FLOW_A_PRIORITY]);
	if (tb[VXSW_FLOW_A_IN_PORT])
		strcpy(s->in_port, mnl_attr_get_str(tb[VXSW_FLOW_A_IN_PORT]));
	any_match = tb[VXSW_FLOW_A_PRIORITY] || tb[VXSW_FLOW_A_IN_PORT] || tb[VXSW_FLOW_A_MATCH];
	s->has_match = any_match;
	if (tb[VXSW_FLOW_A_ACTION]) {
		s->has_action = true;
		s->action = mnl_attr_get_u8(tb[VXSW_FLOW_A_ACTION]);
	}
	if (tb[VXSW_FLOW_A_OUT_PORT])
		strcpy(s->out_port, mnl_attr_get_str(tb[VXSW_FLOW_A_OUT_PORT]));
	if (tb[VXSW_FLOW_A_REMOTE])
		proto_get_ip(tb[VXSW_FLOW_A_REMOTE], &s->remote);
	if (tb[VXSW_FLOW_A_ENCAP_VNI])
		s->encap_vni = mnl_attr_get_u32(tb[VXSW_FLOW_A_ENCAP_VNI]);
	if (tb[VXSW_FLOW_A_PACKETS] || tb[VXSW_FLOW_A_BYTES]) {
		if (request)
			return bad(err, tb[VXSW_FLOW_A_PACKETS] ?: tb[VXSW_FLOW_A_BYTES],
				   "counters cannot be set");
		s->has_counters = true;
		if (tb[VXSW_FLOW_A_PACKETS])
			s->packets = mnl_attr_get_u64(tb[VXSW_FLOW_A_PACKETS]);
		if (tb[VXSW_FLOW_A_BYTES])
			s->bytes = mnl_attr_get_u64(tb[VXSW_FLOW_A_BYTES]);
	}

	/* The action's arguments go with it. */
	if (s->has_action) {
		if ((s->action == VXSW_FLOW_ACT_OUTPUT) != !!tb[VXSW_FLOW_A_OUT_PORT])
			return bad(err, tb[VXSW_FLOW_A_OUT_PORT] ?: tb[VXSW_FLOW_A_ACTION],
				   s->action == VXSW_FLOW_ACT_OUTPUT
					   ? "action output: missing the port"
					   : "an output port goes only with action output");
		if ((s->action == VXSW_FLOW_ACT_ENCAP) != !!tb[VXSW_FLOW_A_REMOTE])
			return bad(err, tb[VXSW_FLOW_A_REMOTE] ?: tb[VXSW_FLOW_A_ACTION],
				   s->action == VXSW_FLOW_ACT_ENCAP
					   ? "action encap: missing the remote VTEP"
					   : "a remote VTEP goes only with action encap");
		if (tb[VXSW_FLOW_A_ENCAP_VNI] && s->action != VXSW_FLOW_ACT_ENCAP)
			return bad(err, tb[VXSW_FLOW_A_ENCAP_VNI],
				   "an encap VNI goes only with action encap");
	} else if (tb[VXSW_FLOW_A_OUT_PORT] || tb[VXSW_FLOW_A_REMOTE] ||
		   tb[VXSW_FLOW_A_ENCAP_VNI]) {
		return bad(err,
			   tb[VXSW_FLOW_A_OUT_PORT] ?: tb[VXSW_FLOW_A_REMOTE]
							       ?: tb[VXSW_FLOW_A_ENCAP_VNI],
			   "an action's argument without an action");
	}
	if (!request) {
		if (!s->id || !s->has_action)
			return bad(err, nest, "a flow record needs an id and an action");
		return 0;
	}
	switch (s->op) {
	case VXSW_FLOW_OP_ADD:
		if (!s->has_action)
			return bad(err, nest, "flow add: missing action");
		break;
	case VXSW_FLOW_OP_MOD:
		if (!s->id)
			return bad(err, nest, "flow mod: missing ID");
		if (any_match)
			return bad(err,
				   tb[VXSW_FLOW_A_PRIORITY] ?: tb[VXSW_FLOW_A_IN_PORT]
								  ?: tb[VXSW_FLOW_A_MATCH],
				   "flow mod: only the action changes");
		if (!s->has_action)
			return bad(err, nest, "flow mod: missing action");
		break;
	case VXSW_FLOW_OP_DEL:
		if (s->has_action)
			return bad(err, tb[VXSW_FLOW_A_ACTION], "flow del: no action allowed");
		if (!s->id == !any_match)
			return bad(err, tb[VXSW_FLOW_A_ID] ?: nest,
				   "flow del: give an ID or a match, not both or neither");
		break;
	case VXSW_FLOW_OP_FLUSH:
		if (s->id || any_match || s->has_action)
			return bad(err, nest, "flow flush: takes nothing else");
		break;
	}
	return 0;
}

bool flow_spec_same_match(const struct flow_spec *a, const struct flow_spec *b)
{
	return a->priority == b->priority && !strcmp(a->in_port, b->in_port) &&
	       !memcmp(&a->value, &b->value, sizeof(a->value)) &&
	       !memcmp(&a->mask, &b->mask, sizeof(a->mask));
}
