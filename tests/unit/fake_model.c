// SPDX-License-Identifier: BSD-3-Clause
/*
 * fake_model: a plain-C stand-in for vxsw-dpdk's model (dataplane/dpdk/model.h) for
 * test_ctl. It validates like the real one (change nothing on error, extack naming the
 * attribute) but keeps everything in small arrays and counts successful changes.
 */
#include "fake_model.h"

#include <errno.h>
#include <string.h>

struct fake_model fake;

void fake_model_reset(void)
{
	static const char *const names[FAKE_PORTS] = {"p0", "p1", "p2"};
	int i;

	memset(&fake, 0, sizeof(fake));
	for (i = 0; i < FAKE_PORTS; i++) {
		fake.ports[i].id = (uint16_t)i;
		strcpy(fake.ports[i].name, names[i]);
		fake.ports[i].role = i == 0 ? VXSW_PORT_UNDERLAY : VXSW_PORT_UNBOUND;
		fake.ports[i].mac[0] = 0x02;
		fake.ports[i].mac[5] = (uint8_t)i;
		fake.ports[i].link_up = true;
	}
	fake.config.ageing = 300;
	fake.config.limit_fdb = FAKE_FDB;
	fake.underlay.has_port = true;
	strcpy(fake.underlay.port, "p0");
	fake.underlay.dstport = 4789;
	fake.underlay.has_dstport = true;
}

static bool ip_eq(const struct vxsw_ip *a, const struct vxsw_ip *b)
{
	if (a->family != b->family)
		return false;
	return a->family == VXSW_AF_INET ? a->v4 == b->v4 : !memcmp(a->v6, b->v6, 16);
}

static int check_ip(const struct vxsw_ip *ip, int attr, struct extack *ea)
{
	if (ip->family == VXSW_AF_INET6)
		return extack_set(ea, -EAFNOSUPPORT, attr, "IPv6 underlay is not supported yet");
	return 0;
}

static struct model_port_info *port_find(const char *name)
{
	int i;

	for (i = 0; i < FAKE_PORTS; i++)
		if (!strcmp(fake.ports[i].name, name))
			return &fake.ports[i];
	return NULL;
}

static int vni_find(uint32_t vni)
{
	int i;

	for (i = 0; i < FAKE_VNIS; i++)
		if (fake.vni_used[i] && fake.vnis[i].vni == vni)
			return i;
	return -1;
}

void model_status_get(struct model_status *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->version = "test";
	ret->uptime = 42;
	ret->config = fake.config;
	ret->underlay = fake.underlay;
	ret->fdb_size = FAKE_FDB;
	ret->max_vnis = FAKE_VNIS;
	ret->max_vteps = FAKE_FLOOD;
	ret->n_ports = FAKE_PORTS;
	ret->learn_refused[VXSW_REFUSE_TABLE_FULL] = 7;
}

int model_config_set(const struct model_config *req, struct extack *ea)
{
	if (req->has_ageing && req->ageing > 1000000)
		return extack_set(ea, -ERANGE, VXSW_A_AGEING, "ageing must be 0-1000000 seconds");
	if (req->has_ageing)
		fake.config.ageing = req->ageing;
	if (req->has_limit_fdb)
		fake.config.limit_fdb = req->limit_fdb;
	if (req->has_limit_vni_macs)
		fake.config.limit_vni_macs = req->limit_vni_macs;
	if (req->has_limit_port_macs)
		fake.config.limit_port_macs = req->limit_port_macs;
	if (req->has_reserved_bits)
		fake.config.reserved_bits = req->reserved_bits;
	if (req->has_learn_unknown_vtep)
		fake.config.learn_unknown_vtep = req->learn_unknown_vtep;
	if (req->has_udp_csum)
		fake.config.udp_csum = req->udp_csum;
	fake.changes++;
	return 0;
}

int model_underlay_set(const struct model_underlay *req, struct extack *ea)
{
	int ret;

	if (req->has_port && !port_find(req->port))
		return extack_set(ea, -ENODEV, VXSW_A_PORT_NAME, "no such port");
	if (req->has_local && (ret = check_ip(&req->local, VXSW_A_LOCAL, ea)) < 0)
		return ret;
	if (req->has_mtu && (req->mtu < 576 || req->mtu > 9600))
		return extack_set(ea, -ERANGE, VXSW_A_MTU, "MTU must be 576-9600");
	if (req->has_port) {
		fake.underlay.has_port = true;
		strcpy(fake.underlay.port, req->port);
	}
	if (req->has_local) {
		fake.underlay.has_local = true;
		fake.underlay.local = req->local;
		fake.underlay.prefixlen = req->prefixlen;
	}
	if (req->has_gateway) {
		fake.underlay.has_gateway = true;
		fake.underlay.gateway = req->gateway;
	}
	if (req->has_mtu) {
		fake.underlay.has_mtu = true;
		fake.underlay.mtu = req->mtu;
	}
	if (req->has_dstport) {
		fake.underlay.has_dstport = true;
		fake.underlay.dstport = req->dstport;
	}
	if (req->has_sport) {
		fake.underlay.has_sport = true;
		fake.underlay.sport_min = req->sport_min;
		fake.underlay.sport_max = req->sport_max;
	}
	if (req->has_ttl) {
		fake.underlay.has_ttl = true;
		fake.underlay.ttl = req->ttl;
	}
	fake.changes++;
	return 0;
}

int model_port_get(const char *name, struct model_port_info *ret, struct extack *ea)
{
	struct model_port_info *p = port_find(name);

	if (!p)
		return extack_set(ea, -ENODEV, VXSW_A_PORT_NAME, "no such port");
	*ret = *p;
	return 0;
}

int model_port_walk(model_port_cb cb, void *arg)
{
	int i, ret;

	for (i = 0; i < FAKE_PORTS; i++)
		if ((ret = cb(&fake.ports[i], arg)) != 0)
			return ret;
	return 0;
}

int model_port_bind(const char *name, uint32_t vni, struct extack *ea)
{
	struct model_port_info *p = port_find(name);

	if (!p)
		return extack_set(ea, -ENODEV, VXSW_A_PORT_NAME, "no such port");
	if (p->role == VXSW_PORT_UNDERLAY)
		return extack_set(ea, -EBUSY, VXSW_A_PORT_NAME, "port is the underlay port");
	if (vni && vni_find(vni) < 0)
		return extack_set(ea, -ENOENT, VXSW_A_VNI, "no such VNI");
	p->vni = vni;
	p->role = vni ? VXSW_PORT_ACCESS : VXSW_PORT_UNBOUND;
	fake.changes++;
	return 0;
}

int model_vni_add(uint32_t vni, uint32_t mac_limit, struct extack *ea)
{
	int i;

	if (vni_find(vni) >= 0)
		return extack_set(ea, -EEXIST, VXSW_A_VNI, "VNI exists");
	if (mac_limit > FAKE_FDB)
		return extack_set(ea, -ERANGE, VXSW_A_LIMIT_MACS, "limit exceeds the FDB size");
	for (i = 0; i < FAKE_VNIS && fake.vni_used[i]; i++)
		;
	if (i == FAKE_VNIS)
		return extack_set(ea, -ENOSPC, VXSW_A_VNI, "VNI table full");
	fake.vni_used[i] = true;
	memset(&fake.vnis[i], 0, sizeof(fake.vnis[i]));
	fake.vnis[i].vni = vni;
	fake.vnis[i].mac_limit = mac_limit;
	fake.changes++;
	return 0;
}

int model_vni_del(uint32_t vni, struct extack *ea)
{
	int i = vni_find(vni);

	if (i < 0)
		return extack_set(ea, -ENOENT, VXSW_A_VNI, "no such VNI");
	fake.vni_used[i] = false;
	fake.changes++;
	return 0;
}

int model_vni_get(uint32_t vni, struct model_vni_info *ret, struct extack *ea)
{
	int i = vni_find(vni);

	if (i < 0)
		return extack_set(ea, -ENOENT, VXSW_A_VNI, "no such VNI");
	*ret = fake.vnis[i];
	return 0;
}

int model_vni_walk(model_vni_cb cb, void *arg)
{
	int i, ret;

	for (i = 0; i < FAKE_VNIS; i++)
		if (fake.vni_used[i] && (ret = cb(&fake.vnis[i], arg)) != 0)
			return ret;
	return 0;
}

int model_flood_add(uint32_t vni, const struct vxsw_ip *remote, struct extack *ea)
{
	int i, free_slot = -1, ret;

	if (vni_find(vni) < 0)
		return extack_set(ea, -ENOENT, VXSW_A_VNI, "no such VNI");
	ret = check_ip(remote, VXSW_A_REMOTE, ea);
	if (ret < 0)
		return ret;
	for (i = 0; i < FAKE_FLOOD; i++) {
		if (!fake.flood[i].used) {
			if (free_slot < 0)
				free_slot = i;
		} else if (fake.flood[i].vni == vni && ip_eq(&fake.flood[i].remote, remote)) {
			return extack_set(ea, -EEXIST, VXSW_A_REMOTE,
					  "VTEP is already in the flood list");
		}
	}
	if (free_slot < 0)
		return extack_set(ea, -ENOSPC, VXSW_A_REMOTE, "flood list full");
	fake.flood[free_slot].used = true;
	fake.flood[free_slot].vni = vni;
	fake.flood[free_slot].remote = *remote;
	fake.changes++;
	return 0;
}

int model_flood_del(uint32_t vni, const struct vxsw_ip *remote, struct extack *ea)
{
	int i;

	for (i = 0; i < FAKE_FLOOD; i++) {
		if (fake.flood[i].used && fake.flood[i].vni == vni &&
		    ip_eq(&fake.flood[i].remote, remote)) {
			fake.flood[i].used = false;
			fake.changes++;
			return 0;
		}
	}
	return extack_set(ea, -ENOENT, VXSW_A_REMOTE, "no such flood entry");
}

int model_flood_walk(uint32_t vni, model_flood_cb cb, void *arg)
{
	int i, ret;

	for (i = 0; i < FAKE_FLOOD; i++)
		if (fake.flood[i].used && (!vni || fake.flood[i].vni == vni) &&
		    (ret = cb(fake.flood[i].vni, &fake.flood[i].remote, arg)) != 0)
			return ret;
	return 0;
}

static struct fake_fdb *fdb_find(uint32_t vni, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < FAKE_FDB; i++)
		if (fake.fdb[i].used && fake.fdb[i].info.vni == vni &&
		    !memcmp(fake.fdb[i].info.mac, mac, 6))
			return &fake.fdb[i];
	return NULL;
}

int model_fdb_add(uint32_t vni, const uint8_t mac[6], const char *port,
		  const struct vxsw_ip *remote, bool is_extern, struct extack *ea)
{
	struct fake_fdb *e;
	int i, ret;

	if (vni_find(vni) < 0)
		return extack_set(ea, -ENOENT, VXSW_A_VNI, "no such VNI");
	if (mac[0] & 1)
		return extack_set(ea, -EINVAL, VXSW_A_MAC, "MAC must be unicast and non-zero");
	if (port && !port_find(port))
		return extack_set(ea, -ENODEV, VXSW_A_PORT_NAME, "no such port");
	if (!port && !remote)
		return extack_set(ea, -EINVAL, 0, "an entry needs a port or a remote VTEP");
	if (remote && (ret = check_ip(remote, VXSW_A_REMOTE, ea)) < 0)
		return ret;
	e = fdb_find(vni, mac);
	for (i = 0; !e && i < FAKE_FDB; i++)
		if (!fake.fdb[i].used)
			e = &fake.fdb[i];
	if (!e)
		return extack_set(ea, -ENOSPC, VXSW_A_MAC, "FDB full");
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->info.vni = vni;
	memcpy(e->info.mac, mac, 6);
	e->info.is_static = !is_extern;
	e->info.is_extern = is_extern;
	if (port) {
		strcpy(e->info.port, port);
	} else {
		e->info.is_remote = true;
		e->info.remote = *remote;
	}
	fake.changes++;
	return 0;
}

int model_fdb_del(uint32_t vni, const uint8_t mac[6], struct extack *ea)
{
	struct fake_fdb *e = fdb_find(vni, mac);

	if (!e)
		return extack_set(ea, -ENOENT, VXSW_A_MAC, "no such FDB entry");
	e->used = false;
	fake.changes++;
	return 0;
}

int model_fdb_walk(uint32_t vni, model_fdb_cb cb, void *arg)
{
	int i, ret;

	for (i = 0; i < FAKE_FDB; i++)
		if (fake.fdb[i].used && (!vni || fake.fdb[i].info.vni == vni) &&
		    (ret = cb(&fake.fdb[i].info, arg)) != 0)
			return ret;
	return 0;
}

int model_fdb_flush(uint32_t vni, bool include_static, struct extack *ea)
{
	int i, n = 0;

	(void)ea;
	for (i = 0; i < FAKE_FDB; i++) {
		struct fake_fdb *e = &fake.fdb[i];

		if (e->used && (!vni || e->info.vni == vni) &&
		    (include_static || !e->info.is_static)) {
			e->used = false;
			n++;
		}
	}
	fake.changes++;
	return n;
}

int model_neigh_add(const struct vxsw_ip *addr, const uint8_t mac[6], struct extack *ea)
{
	int i, ret;

	ret = check_ip(addr, VXSW_A_NEIGH_ADDR, ea);
	if (ret < 0)
		return ret;
	for (i = 0; i < FAKE_NEIGH && fake.neigh[i].used; i++)
		;
	if (i == FAKE_NEIGH)
		return extack_set(ea, -ENOSPC, VXSW_A_NEIGH_ADDR, "neighbour table full");
	fake.neigh[i].used = true;
	fake.neigh[i].info.addr = *addr;
	memcpy(fake.neigh[i].info.mac, mac, 6);
	fake.neigh[i].info.state = VXSW_NEIGH_PERMANENT;
	fake.changes++;
	return 0;
}

int model_neigh_del(const struct vxsw_ip *addr, struct extack *ea)
{
	int i;

	for (i = 0; i < FAKE_NEIGH; i++) {
		if (fake.neigh[i].used && ip_eq(&fake.neigh[i].info.addr, addr)) {
			fake.neigh[i].used = false;
			fake.changes++;
			return 0;
		}
	}
	return extack_set(ea, -ENOENT, VXSW_A_NEIGH_ADDR, "no such neighbour");
}

int model_neigh_walk(model_neigh_cb cb, void *arg)
{
	int i, ret;

	for (i = 0; i < FAKE_NEIGH; i++)
		if (fake.neigh[i].used && (ret = cb(&fake.neigh[i].info, arg)) != 0)
			return ret;
	return 0;
}

/* One VTEP per distinct flood-list address, resolved when a neighbour has its address. */
int model_vtep_walk(model_vtep_cb cb, void *arg)
{
	int i, j, ret;

	for (i = 0; i < FAKE_FLOOD; i++) {
		struct model_vtep_info v;

		if (!fake.flood[i].used)
			continue;
		for (j = 0; j < i; j++)
			if (fake.flood[j].used &&
			    ip_eq(&fake.flood[j].remote, &fake.flood[i].remote))
				break;
		if (j < i)
			continue;
		memset(&v, 0, sizeof(v));
		v.remote = fake.flood[i].remote;
		v.nexthop = v.remote;
		for (j = 0; j < FAKE_FLOOD; j++)
			if (fake.flood[j].used && ip_eq(&fake.flood[j].remote, &v.remote))
				v.n_vnis++;
		v.refs = v.n_vnis;
		for (j = 0; j < FAKE_NEIGH; j++) {
			if (fake.neigh[j].used && ip_eq(&fake.neigh[j].info.addr, &v.remote)) {
				v.resolved = true;
				memcpy(v.mac, fake.neigh[j].info.mac, 6);
			}
		}
		if ((ret = cb(&v, arg)) != 0)
			return ret;
	}
	return 0;
}

void model_stats_get(struct model_stats *ret)
{
	*ret = fake.stats;
}

int model_port_security(const char *name, const struct model_port_sec *sec, struct extack *ea)
{
	struct model_port_info *p = port_find(name);

	if (!p)
		return extack_set(ea, -ENODEV, VXSW_A_PORT_NAME, "no such port");
	if (p->role == VXSW_PORT_UNDERLAY)
		return extack_set(ea, -EBUSY, VXSW_A_PORT_NAME, "port is the underlay port");
	p->sec = *sec;
	fake.changes++;
	return 0;
}

/* The real table's rules, in a copy that replaces the table only when the whole batch applies. */
int model_flow_batch(const struct flow_spec *ops, uint32_t n, uint32_t *ids, uint32_t *bad,
		     struct extack *ea)
{
	struct flow_spec t[FAKE_FLOWS];
	uint32_t next = fake.next_flow_id ? fake.next_flow_id : 1, i, j;

	memcpy(t, fake.flows, sizeof(t));
	for (i = 0; i < n; i++) {
		const struct flow_spec *o = &ops[i];

		*bad = i;
		ids[i] = 0;
		switch (o->op) {
		case VXSW_FLOW_OP_ADD:
			for (j = 0; j < FAKE_FLOWS; j++)
				if (o->id && t[j].id == o->id)
					return extack_set(ea, -EEXIST, 0,
							  "id: a rule with this ID exists");
			if (o->in_port[0] && !port_find(o->in_port))
				return extack_set(ea, -ENOENT, 0, "in_port: no such port");
			if (o->action == VXSW_FLOW_ACT_OUTPUT && !port_find(o->out_port))
				return extack_set(ea, -ENOENT, 0, "action output: no such port");
			for (j = 0; j < FAKE_FLOWS && t[j].id; j++)
				;
			if (j == FAKE_FLOWS)
				return extack_set(ea, -ENOSPC, 0, "the flow table is full");
			t[j] = *o;
			t[j].id = o->id ? o->id : next;
			if (t[j].id >= next)
				next = t[j].id + 1;
			ids[i] = t[j].id;
			break;
		case VXSW_FLOW_OP_DEL:
			for (j = 0; j < FAKE_FLOWS; j++)
				if (t[j].id &&
				    (o->id ? t[j].id == o->id : flow_spec_same_match(&t[j], o)))
					break;
			if (j == FAKE_FLOWS)
				return extack_set(ea, -ENOENT, 0, "id: no rule with this ID");
			t[j].id = 0;
			break;
		case VXSW_FLOW_OP_MOD:
			for (j = 0; j < FAKE_FLOWS; j++)
				if (t[j].id && t[j].id == o->id)
					break;
			if (j == FAKE_FLOWS)
				return extack_set(ea, -ENOENT, 0, "id: no rule with this ID");
			t[j].action = o->action;
			memcpy(t[j].out_port, o->out_port, sizeof(o->out_port));
			t[j].remote = o->remote;
			t[j].encap_vni = o->encap_vni;
			break;
		case VXSW_FLOW_OP_FLUSH:
			memset(t, 0, sizeof(t));
			break;
		}
	}
	memcpy(fake.flows, t, sizeof(t));
	fake.next_flow_id = next;
	fake.changes++;
	return 0;
}

int model_flow_walk(model_flow_cb cb, void *arg)
{
	struct flow_spec s;
	uint32_t j;
	int ret;

	for (j = 0; j < FAKE_FLOWS; j++) {
		if (!fake.flows[j].id)
			continue;
		s = fake.flows[j];
		s.has_counters = true;
		s.packets = j;
		s.bytes = 100u * j;
		ret = cb(&s, arg);
		if (ret)
			return ret;
	}
	return 0;
}

uint32_t model_flow_count(void)
{
	uint32_t j, n = 0;

	for (j = 0; j < FAKE_FLOWS; j++)
		n += fake.flows[j].id != 0;
	return n;
}

void model_stats_clear(void)
{
	memset(&fake.stats, 0, sizeof(fake.stats));
	fake.stats_cleared++;
	fake.changes++;
}
