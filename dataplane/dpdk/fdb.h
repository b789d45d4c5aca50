/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fdb: the forwarding database of vxsw-dpdk, (VNI, MAC) -> location (a local port or a remote
 * VTEP). An rte_hash with lock-free readers: forwarding lcores look up in bulk and refresh
 * last-seen times; one control thread adds, moves, ages and deletes, and key slots are freed
 * only after an RCU grace period. Owns the global, per-VNI and per-port MAC limits and the
 * counters of what they refused. Times are seconds from the caller's clock (tests use a fake).
 */
#ifndef VXSW_DPDK_FDB_H
#define VXSW_DPDK_FDB_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_hash.h>
#include <rte_rcu_qsbr.h>

#include <vxsw/proto.h>

/* Location: kind in the top bits, index (port id or VTEP index) below. 0 is never valid. */
#define FDB_LOC_VALID  0x80000000u
#define FDB_LOC_REMOTE 0x40000000u
#define FDB_LOC_STATIC 0x20000000u
/* Programmed by a control plane (EVPN): never ages, but learning may move it (MAC mobility). */
#define FDB_LOC_EXTERN 0x10000000u
/* Entries a control plane owns: outside the learning limits and the ageing. */
#define FDB_LOC_PINNED	 (FDB_LOC_STATIC | FDB_LOC_EXTERN)
#define FDB_LOC_IDX_MASK 0x0000ffffu

static inline uint32_t fdb_loc_port(uint16_t port)
{
	return FDB_LOC_VALID | port;
}

static inline uint32_t fdb_loc_vtep(uint16_t vtep)
{
	return FDB_LOC_VALID | FDB_LOC_REMOTE | vtep;
}

/* Same place, whatever the flags. */
static inline bool fdb_loc_same(uint32_t a, uint32_t b)
{
	return ((a ^ b) & (FDB_LOC_REMOTE | FDB_LOC_IDX_MASK)) == 0;
}

/* Key: 16 bytes so that rte_hash compares it with one vector instruction. */
struct fdb_key {
	uint32_t vni_idx;
	uint8_t mac[6];
	uint8_t pad[6];
} __attribute__((aligned(16)));

static inline void fdb_key_set(struct fdb_key *k, uint32_t vni_idx, const uint8_t *mac)
{
	k->vni_idx = vni_idx;
	__builtin_memcpy(k->mac, mac, 6);
	__builtin_memset(k->pad, 0, sizeof(k->pad));
}

/* Hash data: location in the low 32 bits, the key's slot position above (for last_seen). */
static inline uint32_t fdb_data_loc(uintptr_t d)
{
	return (uint32_t)d;
}

static inline uint32_t fdb_data_pos(uintptr_t d)
{
	return (uint32_t)((uint64_t)d >> 32);
}

/* Called by the control thread for every reference an entry takes (+1) or drops (-1). */
typedef void (*fdb_ref_fn)(void *arg, uint32_t loc, int delta);

/*
 * Called by the control thread when a learned entry appears or moves (del false, loc = where
 * it is now) or goes away (del true: aged, flushed, deleted or replaced by a pinned entry).
 */
typedef void (*fdb_event_fn)(void *arg, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc,
			     bool del);

struct fdb_params {
	const char *name;
	uint32_t size; /* hard limit of the table */
	uint32_t max_vnis;
	uint32_t max_ports;
	int socket_id;
	struct rte_rcu_qsbr *qsbr; /* NULL: single-threaded use (tests) */
	fdb_ref_fn ref;
	void *ref_arg;
	fdb_event_fn event; /* optional */
	void *event_arg;
};

struct fdb {
	struct rte_hash *h;
	uint32_t *last_seen; /* by slot position; written by the lcores */
	uint32_t n_slots;
	uint32_t size;
	uint32_t max_vnis, max_ports;
	uint32_t count;	      /* all entries */
	uint32_t n_learned;   /* entries that are not pinned */
	uint32_t *vni_count;  /* learned entries per VNI index */
	uint32_t *vni_limit;  /* per VNI index, 0 = none */
	uint32_t *port_count; /* learned entries per port */
	uint32_t limit;	      /* global limit for learned entries (<= size) */
	uint32_t port_limit;  /* 0 = none */
	uint64_t refused[VXSW_REFUSE_MAX + 1];
	/* Bumped whenever an entry goes away or changes place: lcores' caches are stale then. */
	uint32_t gen;
	fdb_ref_fn ref;
	void *ref_arg;
	fdb_event_fn event; /* optional */
	void *event_arg;
};

int fdb_create(const struct fdb_params *p, struct fdb **ret);
void fdb_free(struct fdb *f);

/* Fast path: up to 64 keys; returns hits as a bit mask, data[i] valid for hit i. */
static inline uint64_t fdb_lookup_bulk(const struct fdb *f, const void **keys, uint32_t n,
				       void **data)
{
	uint64_t hits = 0;

	rte_hash_lookup_bulk_data(f->h, keys, n, &hits, data);
	return hits;
}

/*
 * Each forwarding lcore keeps a small two-way set-associative cache of FDB hits in front of the
 * rte_hash (an exact-match cache, as OVS's EMC): one multiply, one or two loads and compares
 * per key instead of a cuckoo lookup. Two ways, because direct-mapped, the 512 MACs of 256
 * flows in a 1M-entry table collided in 15 slots and sent one frame in nine to the rte_hash. Only
 * hits are cached, so adding entries needs no invalidation; any delete, move or replace bumps
 * fdb->gen and every cache empties itself at its next burst. The key packs the VNI index (< 65536)
 * above the 48-bit MAC; data 0 means an empty slot.
 */
#define FDB_CACHE_BITS 12
#define FDB_CACHE_SIZE (1u << FDB_CACHE_BITS)

struct fdb_cache {
	uint32_t gen; /* fdb->gen the entries belong to */
	uint64_t hits, misses;
	struct {
		uint64_t key;
		uintptr_t data;
	} e[FDB_CACHE_SIZE] __attribute__((aligned(64))); /* a set never straddles a line */
};

static inline uint64_t fdb_cache_key(uint32_t vni_idx, const uint8_t *mac)
{
	uint64_t k = 0;

	__builtin_memcpy(&k, mac, 6);
	return k | (uint64_t)vni_idx << 48;
}

static inline uint32_t fdb_cache_slot(uint64_t key)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - FDB_CACHE_BITS));
}

/* Fast path: the FDB data of key (fdb_cache_key()) or 0 for a miss; the set's two ways are
 * adjacent, in one cache line. */
static inline uintptr_t fdb_cache_get(const struct fdb_cache *c, uint64_t key)
{
	uint32_t i = fdb_cache_slot(key) & ~1u;

	if (c->e[i].key == key)
		return c->e[i].data;
	return c->e[i + 1].key == key ? c->e[i + 1].data : 0;
}

/* A hit of the rte_hash goes to the set's first way; what was there moves to the second. */
static inline void fdb_cache_put(struct fdb_cache *c, uint32_t slot, uint64_t key, uintptr_t data)
{
	uint32_t i = slot & ~1u;

	if (c->e[i].data)
		c->e[i + 1] = c->e[i];
	c->e[i].key = key;
	c->e[i].data = data;
}

/* Start of a burst: forget everything if the table changed under the cache. */
static inline void fdb_cache_sync(struct fdb_cache *c, const struct fdb *f)
{
	uint32_t gen = __atomic_load_n(&f->gen, __ATOMIC_ACQUIRE);

	if (__builtin_expect(c->gen != gen, 0)) {
		__builtin_memset(c->e, 0, sizeof(c->e));
		c->gen = gen;
	}
}

/*
 * Fast path: look up n (<= 64) keys, through the cache, the rest in one bulk rte_hash lookup
 * whose hits are cached. Returns hits as a bit mask, data[i] valid for hit i.
 */
static inline uint64_t fdb_cache_lookup_bulk(struct fdb_cache *c, const struct fdb *f,
					     const struct fdb_key *keys, uint32_t n, void **data)
{
	const void *mk[64];
	void *md[64];
	uint8_t mi[64];
	uint32_t slot[64];
	uint64_t hits = 0, mhits = 0;
	uint32_t i, nm = 0;

	for (i = 0; i < n; i++) {
		uint64_t k = fdb_cache_key(keys[i].vni_idx, keys[i].mac);

		uintptr_t d = fdb_cache_get(c, k);

		slot[i] = fdb_cache_slot(k);
		if (d) {
			data[i] = (void *)d;
			hits |= 1ull << i;
		} else {
			mk[nm] = &keys[i];
			mi[nm++] = (uint8_t)i;
		}
	}
	c->hits += n - nm;
	if (nm == 0)
		return hits;
	c->misses += nm;
	rte_hash_lookup_bulk_data(f->h, mk, nm, &mhits, md);
	for (i = 0; i < nm; i++) {
		uint32_t j = mi[i];

		if (!(mhits >> i & 1) || md[i] == NULL)
			continue;
		data[j] = md[i];
		hits |= 1ull << j;
		fdb_cache_put(c, slot[j], fdb_cache_key(keys[j].vni_idx, keys[j].mac),
			      (uintptr_t)md[i]);
	}
	return hits;
}

/* Fast path: a hit refreshes the entry's age. Written only when it changes: no false sharing
 * churn for a MAC seen many times a second. */
static inline void fdb_touch(const struct fdb *f, uint32_t pos, uint32_t now)
{
	uint32_t *p = &f->last_seen[pos];

	if (__atomic_load_n(p, __ATOMIC_RELAXED) != now)
		__atomic_store_n(p, now, __ATOMIC_RELAXED);
}

/*
 * Learns (or moves) vni_idx/mac to loc (no FDB_LOC_PINNED bits). An FDB_LOC_EXTERN entry
 * elsewhere is moved and becomes learned. Returns 1 if added, 2 if moved,
 * 0 if it was already there (age refreshed), -EPERM if a static entry holds the MAC, -ENOSPC
 * if a limit refused it (counted in f->refused), or another -errno.
 */
int fdb_learn(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, uint32_t now);

/*
 * Adds or replaces a pinned entry: kind FDB_LOC_STATIC (learning never moves it) or
 * FDB_LOC_EXTERN (learning may). Limits do not apply, only the table size. 0 or -errno.
 */
int fdb_add_pinned(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6], uint32_t loc,
		   uint32_t kind, uint32_t now);

static inline int fdb_add_static(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6],
				 uint32_t loc, uint32_t now)
{
	return fdb_add_pinned(f, vni_idx, mac, loc, FDB_LOC_STATIC, now);
}

/* Removes one entry: 0, or -ENOENT. */
int fdb_del(struct fdb *f, uint32_t vni_idx, const uint8_t mac[6]);

/* Control-thread lookup: 0 with *loc and *last_seen set, or -ENOENT. */
int fdb_get(const struct fdb *f, uint32_t vni_idx, const uint8_t mac[6], uint32_t *loc,
	    uint32_t *last_seen);

/* Removes learned (not pinned) entries not seen for more than ageing seconds; returns how
 * many. */
int fdb_age(struct fdb *f, uint32_t now, uint32_t ageing);

#define FDB_ANY 0xffffffffu

/* Removes entries of vni_idx (or FDB_ANY) at loc (or FDB_ANY, compared with fdb_loc_same),
 * pinned ones too if asked; returns how many. */
int fdb_flush(struct fdb *f, uint32_t vni_idx, uint32_t loc, bool include_static);

typedef int (*fdb_walk_fn)(uint32_t vni_idx, const uint8_t mac[6], uint32_t loc, uint32_t last_seen,
			   void *arg);
/* Calls fn for each entry of vni_idx (or FDB_ANY); stops at and returns fn's non-zero. */
int fdb_walk(const struct fdb *f, uint32_t vni_idx, fdb_walk_fn fn, void *arg);

/* Limits: global for learned entries (clamped to the table size), per port, per VNI. */
void fdb_set_limit(struct fdb *f, uint32_t limit);
void fdb_set_port_limit(struct fdb *f, uint32_t limit);
void fdb_set_vni_limit(struct fdb *f, uint32_t vni_idx, uint32_t limit);

#endif /* VXSW_DPDK_FDB_H */
