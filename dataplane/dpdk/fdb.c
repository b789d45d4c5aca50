/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fdb: (VNI, MAC) -> location table with lock-free readers, ageing and limits (see fdb.h).
 * Only the control thread calls the functions in this file.
 */
#include "fdb.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "pkt.h"

int fdb_create(const struct fdb_params *p, struct fdb **ret)
{
	struct rte_hash_parameters hp = {
		.name = p->name,
		.entries = p->size,
		.key_len = sizeof(struct fdb_key),
		.hash_func = rte_hash_crc,
		.hash_func_init_val = 0,
		.socket_id = p->socket_id,
	};
	struct fdb *f;
	int err;

	if (p->size < 8 || p->max_vnis == 0 || p->max_ports == 0)
		return -EINVAL;
	f = rte_zmalloc_socket("fdb", sizeof(*f), 0, p->socket_id);
	if (!f)
		return -ENOMEM;
	if (p->qsbr)
		hp.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF;
	f->h = rte_hash_create(&hp);
	if (!f->h) {
		err = -rte_errno ?: -ENOMEM;
		goto err_hash;
	}
	if (p->qsbr) {
		struct rte_hash_rcu_config rc = {
			.v = p->qsbr,
			.mode = RTE_HASH_QSBR_MODE_DQ,
		};

		if (rte_hash_rcu_qsbr_add(f->h, &rc) != 0) {
			err = -rte_errno ?: -EINVAL;
			goto err_rcu;
		}
	}
	f->n_slots = (uint32_t)rte_hash_max_key_id(f->h) + 1;
	f->last_seen =
		rte_zmalloc_socket("fdb_age", sizeof(uint32_t) * f->n_slots, 64, p->socket_id);
	f->vni_count =
		rte_zmalloc_socket("fdb_vni", sizeof(uint32_t) * p->max_vnis, 0, p->socket_id);
	f->vni_limit =
		rte_zmalloc_socket("fdb_vnil", sizeof(uint32_t) * p->max_vnis, 0, p->socket_id);
	f->port_count =
		rte_zmalloc_socket("fdb_port", sizeof(uint32_t) * p->max_ports, 0, p->socket_id);
	if (!f->last_seen || !f->vni_count || !f->vni_limit || !f->port_count) {
		err = -ENOMEM;
		goto err_arrays;
	}
	f->size = p->size;
	f->limit = p->size;
	f->max_vnis = p->max_vnis;
	f->max_ports = p->max_ports;
	f->ref = p->ref;
	f->ref_arg = p->ref_arg;
	f->event = p->event;
	f->event_arg = p->event_arg;
	*ret = f;
	return 0;

err_arrays:
	rte_free(f->last_seen);
	rte_free(f->vni_count);
	rte_free(f->vni_limit);
	rte_free(f->port_count);
err_rcu:
	rte_hash_free(f->h);
err_hash:
	rte_free(f);
	return err;
}

void fdb_free(struct fdb *f)
{
	if (!f)
		return;
	rte_hash_free(f->h);
	rte_free(f->last_seen);
	rte_free(f->vni_count);
	rte_free(f->vni_limit);
	rte_free(f->port_count);
	rte_free(f);
}

static void *data_make(uint32_t loc, uint32_t pos)
{
	return (void *)(uintptr_t)((uint64_t)pos << 32 | loc);
}

/* Bookkeeping for an entry appearing (delta +1) or leaving (-1). */
static void account(struct fdb *f, uint32_t vni_idx, uint32_t loc, int delta)
{
	f->count += delta;
	if (!(loc & FDB_LOC_PINNED)) {
		f->n_learned += delta;
		f->vni_count[vni_idx] += delta;
		if (!(loc & FDB_LOC_REMOTE) && (loc & FDB_LOC_IDX_MASK) < f->max_ports)
			f->port_count[loc & FDB_LOC_IDX_MASK] += delta;
	}
	if (f->ref)
		f->ref(f->ref_arg, loc, delta);
}

/* Tell the owner that a learned entry appeared, moved or went away. */
static void notify(const struct fdb *f, const struct fdb_key *k, uint32_t loc, bool del)
{
	if (f->event && !(loc & FDB_LOC_PINNED))
		f->event(f->event_arg, k->vni_idx, k->mac, loc, del);
}

static int check_limits(struct fdb *f, uint32_t vni_idx, uint32_t loc, bool is_new)
{
	uint32_t port = loc & FDB_LOC_IDX_MASK;

	if (is_new && f->count >= f->size) {
		f->refused[VXSW_REFUSE_TABLE_FULL]++;
		return -ENOSPC;
	}
	if (f->vni_limit[vni_idx] && f->vni_count[vni_idx] >= f->vni_limit[vni_idx]) {
		f->refused[VXSW_REFUSE_VNI_LIMIT]++;
		return -ENOSPC;
	}
	if (!(loc & FDB_LOC_REMOTE) && f->port_limit && port < f->max_ports &&
	    f->port_count[port] >= f->port_limit) {
		f->refused[VXSW_REFUSE_PORT_LIMIT]++;
		return -ENOSPC;
	}
	if (f->limit < f->size && f->n_learned >= f->limit) {
		f->refused[VXSW_REFUSE_TABLE_FULL]++;
		return -ENOSPC;
	}
	return 0;
}

static int insert(struct fdb *f, const struct fdb_key *k, uint32_t loc, uint32_t now)
{
	int32_t pos = rte_hash_add_key(f->h, k);

	if (pos < 0)
		return pos == -ENOSPC ? -ENOSPC : -EINVAL;
	__atomic_store_n(&f->last_seen[pos], now, __ATOMIC_RELAXED);
	/* The key is visible with NULL data until this update: readers treat NULL as a miss. */
	if (rte_hash_add_key_data(f->h, k, data_make(loc, (uint32_t)pos)) != 0) {
		rte_hash_del_key(f->h, k);
		return -EINVAL;
	}
	account(f, k->vni_idx, loc, +1);
	notify(f, k, loc, false);
	return 0;
}

static int replace(struct fdb *f, const struct fdb_key *k, uint32_t old, uint32_t loc, uint32_t pos,
		   uint32_t now)
{
	__atomic_store_n(&f->last_seen[pos], now, __ATOMIC_RELAXED);
	if (rte_hash_add_key_data(f->h, k, data_make(loc, pos)) != 0)
		return -EINVAL;
	/* After the new data: an lcore that sees this generation finds it in the table. */
	__atomic_fetch_add(&f->gen, 1, __ATOMIC_RELEASE);
	account(f, k->vni_idx, loc, +1);
	account(f, k->vni_idx, old, -1);
	if (!(loc & FDB_LOC_PINNED))
		notify(f, k, loc, false);
	else
		notify(f, k, old, true);
	return 0;
}

static int lookup(const struct fdb *f, const struct fdb_key *k, uint32_t *loc, uint32_t *pos)
{
	void *d;

	if (rte_hash_lookup_data(f->h, k, &d) < 0 || d == NULL)
		return -ENOENT;
	*loc = fdb_data_loc((uintptr_t)d);
	*pos = fdb_data_pos((uintptr_t)d);
	return 0;
}

int fdb_learn(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, uint32_t now)
{
	struct fdb_key k;
	uint32_t old, pos;
	int err;

	if (vni_idx >= f->max_vnis || !(loc & FDB_LOC_VALID) || (loc & FDB_LOC_PINNED) ||
	    !pkt_mac_is_valid_src(mac))
		return -EINVAL;
	fdb_key_set(&k, vni_idx, mac);
	if (lookup(f, &k, &old, &pos) == 0) {
		if (old & FDB_LOC_STATIC)
			return fdb_loc_same(old, loc) ? 0 : -EPERM;
		if (fdb_loc_same(old, loc)) {
			if (!(old & FDB_LOC_EXTERN))
				__atomic_store_n(&f->last_seen[pos], now, __ATOMIC_RELAXED);
			return 0;
		}
		/* A control-plane entry taken over by learning joins the learned ones: the
		 * limits apply as to a new entry. */
		if (old & FDB_LOC_EXTERN) {
			err = check_limits(f, vni_idx, loc, false);
			if (err)
				return err;
			err = replace(f, &k, old, loc, pos, now);
			return err ? err : 2;
		}
		/* A move keeps the VNI count; only the destination port's limit matters. */
		if (!(loc & FDB_LOC_REMOTE) && f->port_limit &&
		    (loc & FDB_LOC_IDX_MASK) < f->max_ports &&
		    f->port_count[loc & FDB_LOC_IDX_MASK] >= f->port_limit) {
			f->refused[VXSW_REFUSE_PORT_LIMIT]++;
			return -ENOSPC;
		}
		err = replace(f, &k, old, loc, pos, now);
		return err ? err : 2;
	}
	err = check_limits(f, vni_idx, loc, true);
	if (err)
		return err;
	err = insert(f, &k, loc, now);
	if (err == -ENOSPC)
		f->refused[VXSW_REFUSE_TABLE_FULL]++;
	return err ? err : 1;
}

int fdb_add_pinned(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc,
		   uint32_t kind, uint32_t now)
{
	struct fdb_key k;
	uint32_t old, pos;

	if (vni_idx >= f->max_vnis || !(loc & FDB_LOC_VALID) || pkt_mac_is_multicast(mac) ||
	    (kind != FDB_LOC_STATIC && kind != FDB_LOC_EXTERN))
		return -EINVAL;
	loc = (loc & ~FDB_LOC_PINNED) | kind;
	fdb_key_set(&k, vni_idx, mac);
	if (lookup(f, &k, &old, &pos) == 0)
		return old == loc ? 0 : replace(f, &k, old, loc, pos, now);
	if (f->count >= f->size)
		return -ENOSPC;
	return insert(f, &k, loc, now);
}

static int remove_key(struct fdb *f, const struct fdb_key *k, uint32_t loc)
{
	if (rte_hash_del_key(f->h, k) < 0)
		return -ENOENT;
	/* After the removal: lcores' caches forget it at their next burst. */
	__atomic_fetch_add(&f->gen, 1, __ATOMIC_RELEASE);
	account(f, k->vni_idx, loc, -1);
	notify(f, k, loc, true);
	return 0;
}

int fdb_del(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6])
{
	struct fdb_key k;
	uint32_t loc, pos;

	if (vni_idx >= f->max_vnis)
		return -ENOENT;
	fdb_key_set(&k, vni_idx, mac);
	if (lookup(f, &k, &loc, &pos) < 0)
		return -ENOENT;
	return remove_key(f, &k, loc);
}

int fdb_get(const struct fdb *f, uint32_t vni_idx, const uint8_t mac[6], uint32_t *loc,
	    uint32_t *last_seen)
{
	struct fdb_key k;
	uint32_t pos;

	if (vni_idx >= f->max_vnis)
		return -ENOENT;
	fdb_key_set(&k, vni_idx, mac);
	if (lookup(f, &k, loc, &pos) < 0)
		return -ENOENT;
	if (last_seen)
		*last_seen = __atomic_load_n(&f->last_seen[pos], __ATOMIC_RELAXED);
	return 0;
}

/* Visits every entry; removes those for which match() says so. */
static int sweep(struct fdb *f,
		 bool (*match)(const struct fdb *, const struct fdb_key *, uint32_t, uint32_t,
			       const void *),
		 const void *arg)
{
	const void *key;
	void *data;
	uint32_t next = 0;
	int n = 0;

	while (rte_hash_iterate(f->h, &key, &data, &next) >= 0) {
		uint32_t loc = fdb_data_loc((uintptr_t)data);
		uint32_t seen;
		struct fdb_key k;

		if (data == NULL)
			continue;
		memcpy(&k, key, sizeof(k));
		seen = __atomic_load_n(&f->last_seen[fdb_data_pos((uintptr_t)data)],
				       __ATOMIC_RELAXED);
		if (match(f, &k, loc, seen, arg) && remove_key(f, &k, loc) == 0)
			n++;
	}
	return n;
}

struct age_arg {
	uint32_t now, ageing;
};

static bool aged(const struct fdb *f, const struct fdb_key *k, uint32_t loc, uint32_t seen,
		 const void *arg)
{
	const struct age_arg *a = arg;

	(void)f;
	(void)k;
	/* Unsigned difference: a last_seen written "after" now by an lcore is not old. */
	return !(loc & FDB_LOC_PINNED) && (int32_t)(a->now - seen) > (int32_t)a->ageing;
}

int fdb_age(struct fdb *f, uint32_t now, uint32_t ageing)
{
	struct age_arg a = {now, ageing};

	if (ageing == 0)
		return 0;
	return sweep(f, aged, &a);
}

struct flush_arg {
	uint32_t vni_idx, loc;
	bool include_static;
};

static bool flushed(const struct fdb *f, const struct fdb_key *k, uint32_t loc, uint32_t seen,
		    const void *arg)
{
	const struct flush_arg *a = arg;

	(void)f;
	(void)seen;
	if (a->vni_idx != FDB_ANY && k->vni_idx != a->vni_idx)
		return false;
	if (a->loc != FDB_ANY && !fdb_loc_same(a->loc, loc))
		return false;
	return a->include_static || !(loc & FDB_LOC_PINNED);
}

int fdb_flush(struct fdb *f, uint32_t vni_idx, uint32_t loc, bool include_static)
{
	struct flush_arg a = {vni_idx, loc, include_static};

	return sweep(f, flushed, &a);
}

int fdb_walk(const struct fdb *f, uint32_t vni_idx, fdb_walk_fn fn, void *arg)
{
	const void *key;
	void *data;
	uint32_t next = 0;
	int ret;

	while (rte_hash_iterate(f->h, &key, &data, &next) >= 0) {
		struct fdb_key k;

		if (data == NULL)
			continue;
		/* A copy, as in sweep(): rte_hash stores keys 8-byte aligned, struct fdb_key is
		 * 16-byte aligned, so pointing one at a stored key is undefined behaviour. */
		memcpy(&k, key, sizeof(k));
		if (vni_idx != FDB_ANY && k.vni_idx != vni_idx)
			continue;
		ret = fn(k.vni_idx, k.mac, fdb_data_loc((uintptr_t)data),
			 __atomic_load_n(&f->last_seen[fdb_data_pos((uintptr_t)data)],
					 __ATOMIC_RELAXED),
			 arg);
		if (ret)
			return ret;
	}
	return 0;
}

void fdb_set_limit(struct fdb *f, uint32_t limit)
{
	f->limit = limit == 0 || limit > f->size ? f->size : limit;
}

void fdb_set_port_limit(struct fdb *f, uint32_t limit)
{
	f->port_limit = limit;
}

void fdb_set_vni_limit(struct fdb *f, uint32_t vni_idx, uint32_t limit)
{
	if (vni_idx < f->max_vnis)
		f->vni_limit[vni_idx] = limit;
}
