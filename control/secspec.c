// SPDX-License-Identifier: BSD-3-Clause
/* secspec: a port's source check as control-protocol attributes (see secspec.h). */
#include "secspec.h"

#include <errno.h>
#include <string.h>

#include <vxsw/proto.h>

#include "pkt.h"
#include "proto.h"

#define FAIL(e, a, m) (*attr = (a), *msg = (m), (e))

int secspec_get(const struct nlattr *const *tb, bool *on, uint32_t *n,
		struct vxsw_port_sec_entry a[VXSW_PORT_ALLOWED_MAX], const char **msg, int *attr)
{
	const struct nlattr *e, *at[VXSW_A_MAX + 1];
	struct vxsw_port_sec_entry *x;
	struct proto_err perr;
	uint32_t i;

	*n = 0;
	memset(a, 0, sizeof(*a) * VXSW_PORT_ALLOWED_MAX);
	if (!tb[VXSW_A_PORT_SECURITY])
		return FAIL(-EINVAL, VXSW_A_PORT_SECURITY, "missing attribute port-security");
	*on = mnl_attr_get_u8(tb[VXSW_A_PORT_SECURITY]);
	if (!tb[VXSW_A_ALLOWED])
		return 0;
	if (!*on)
		return FAIL(-EINVAL, VXSW_A_ALLOWED, "allowed sources go with port security on");
	mnl_attr_for_each_nested(e, tb[VXSW_A_ALLOWED])
	{
		if (*n == VXSW_PORT_ALLOWED_MAX)
			return FAIL(-E2BIG, VXSW_A_ALLOWED,
				    "too many allowed sources (at most 16)");
		/* Each entry passed the nested policy in proto_parse() already. */
		if (proto_parse_nested(e, proto_policy, VXSW_A_MAX, at, &perr) < 0 ||
		    !at[VXSW_A_MAC])
			return FAIL(-EINVAL, VXSW_A_ALLOWED, "an allowed source needs a MAC");
		if (!pkt_mac_is_valid_src(mnl_attr_get_payload(at[VXSW_A_MAC])))
			return FAIL(-EINVAL, VXSW_A_ALLOWED,
				    "an allowed MAC must be a unicast, non-zero address");
		x = &a[*n];
		x->mac = vxsw_port_sec_mac(mnl_attr_get_payload(at[VXSW_A_MAC]));
		for (i = 0; i < *n; i++)
			if (a[i].mac == x->mac)
				return FAIL(-EINVAL, VXSW_A_ALLOWED, "a MAC is allowed twice");
		if (at[VXSW_A_NEIGH_ADDR]) {
			if (mnl_attr_get_payload_len(at[VXSW_A_NEIGH_ADDR]) != 4)
				return FAIL(-EAFNOSUPPORT, VXSW_A_ALLOWED,
					    "an allowed address must be IPv4");
			memcpy(&x->ip, mnl_attr_get_payload(at[VXSW_A_NEIGH_ADDR]), 4);
			x->has_ip = 1;
		}
		(*n)++;
	}
	return 0;
}

bool secspec_put(struct nlmsghdr *nlh, size_t size, uint32_t n, const struct vxsw_port_sec_entry *a)
{
	struct nlattr *list, *e;
	uint32_t i;
	bool ok = mnl_attr_put_u8_check(nlh, size, VXSW_A_PORT_SECURITY, 1);

	list = ok ? mnl_attr_nest_start_check(nlh, size, VXSW_A_ALLOWED) : NULL;
	if (!list)
		return false;
	for (i = 0; ok && i < n && i < VXSW_PORT_ALLOWED_MAX; i++) {
		uint8_t mac[8];

		memcpy(mac, &a[i].mac, 8);
		e = mnl_attr_nest_start_check(nlh, size, VXSW_A_ALLOWED_ADDR);
		ok = e && mnl_attr_put_check(nlh, size, VXSW_A_MAC, 6, mac);
		if (ok && a[i].has_ip)
			ok = mnl_attr_put_check(nlh, size, VXSW_A_NEIGH_ADDR, 4, &a[i].ip);
		if (e)
			mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, list);
	return ok;
}
