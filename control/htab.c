/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * htab: chained hash table with a hard limit (see htab.h). Buckets double when the load passes
 * one entry per bucket, so lookups stay short up to the limit.
 */
#include "htab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define HTAB_MIN_BUCKETS 64

static uint64_t hash_bytes(const void *key, size_t len)
{
	const uint8_t *p = key;
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a, then a final mix for the low bits */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static const void *key_of(const struct htab *t, const void *entry)
{
	return (const char *)entry + t->key_off;
}

int htab_init(struct htab *t, size_t key_off, size_t key_len, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->b = calloc(HTAB_MIN_BUCKETS, sizeof(*t->b));
	if (!t->b)
		return -ENOMEM;
	t->nb = HTAB_MIN_BUCKETS;
	t->max = max;
	t->key_off = key_off;
	t->key_len = key_len;
	return 0;
}

void htab_fini(struct htab *t)
{
	free(t->b);
	t->b = NULL;
	t->nb = t->n = 0;
}

void htab_free(struct htab *t)
{
	void *e, *nx;
	size_t i;

	HTAB_FOREACH(t, e, i, nx)
	free(e);
	htab_fini(t);
}

void *htab_find(const struct htab *t, const void *key)
{
	uint64_t h;
	struct hnode *n;

	if (!t->nb)
		return NULL;
	h = hash_bytes(key, t->key_len);
	for (n = t->b[h & (t->nb - 1)]; n; n = n->next)
		if (n->hash == h && !memcmp(key_of(t, n), key, t->key_len))
			return n;
	return NULL;
}

/* Double the buckets; on allocation failure keep the old ones (longer chains, still right). */
static void grow(struct htab *t)
{
	size_t nb = t->nb * 2, i;
	struct hnode **b = calloc(nb, sizeof(*b));

	if (!b)
		return;
	for (i = 0; i < t->nb; i++) {
		struct hnode *n = t->b[i], *next;

		for (; n; n = next) {
			next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	}
	free(t->b);
	t->b = b;
	t->nb = nb;
}

int htab_add(struct htab *t, void *entry)
{
	struct hnode *n = entry;
	size_t i;

	if (htab_find(t, key_of(t, entry)))
		return -EEXIST;
	if (t->n >= t->max)
		return -ENOSPC;
	if (t->n >= t->nb)
		grow(t);
	n->hash = hash_bytes(key_of(t, entry), t->key_len);
	i = n->hash & (t->nb - 1);
	n->next = t->b[i];
	t->b[i] = n;
	t->n++;
	return 0;
}

void htab_del(struct htab *t, void *entry)
{
	struct hnode *n = entry, **pp = &t->b[n->hash & (t->nb - 1)];

	for (; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			n->next = NULL;
			t->n--;
			return;
		}
	}
}
