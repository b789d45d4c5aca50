/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * htab: a chained hash table of fixed-size binary keys for vxswd's tables (kernel objects, the
 * overlay it derives, what the dataplane holds). Intrusive: an entry embeds struct hnode first
 * and its key at key_off; the table never allocates entries, only its buckets, and refuses to
 * hold more than its hard limit. Keys are compared as bytes: zero their padding.
 */
#ifndef VXSW_CONTROL_HTAB_H
#define VXSW_CONTROL_HTAB_H

#include <stddef.h>
#include <stdint.h>

struct hnode {
	struct hnode *next;
	uint64_t hash;
};

struct htab {
	struct hnode **b;
	size_t nb;	/* buckets, a power of two */
	size_t n;	/* entries */
	size_t max;	/* hard limit */
	size_t key_off; /* key offset from the entry's start */
	size_t key_len;
};

/* An empty table for up to max entries. 0 or -ENOMEM. */
int htab_init(struct htab *t, size_t key_off, size_t key_len, size_t max);
/* Frees the buckets only (entries belong to the caller). Safe on a zeroed table. */
void htab_fini(struct htab *t);

/* For a table whose entries come from malloc(): free() every entry, then the buckets. */
void htab_free(struct htab *t);

/* The entry with this key, or NULL. */
void *htab_find(const struct htab *t, const void *key);

/* Adds an entry (its key already set): 0, -EEXIST (same key present), -ENOSPC (limit). */
int htab_add(struct htab *t, void *entry);

/* Removes an entry that is in the table. */
void htab_del(struct htab *t, void *entry);

/* Visit every entry; the current one may be removed (and freed) by the body. */
#define HTAB_FOREACH(t, e, i, nx)                                                                  \
	for ((i) = 0; (i) < (t)->nb; (i)++)                                                        \
		for ((e) = (void *)(t)->b[(i)],                                                    \
		    (nx) = (e) ? (void *)((struct hnode *)(e))->next : NULL;                       \
		     (e); (e) = (nx), (nx) = (e) ? (void *)((struct hnode *)(e))->next : NULL)

#endif /* VXSW_CONTROL_HTAB_H */
