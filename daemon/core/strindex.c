/*
 * strindex: an open-addressing index of strings, key -> index, for the
 * joins of loading and importing lists (ids, country codes, interned
 * strings).  Keys are borrowed, never copied or freed; each slot keeps the
 * key's hash, so probing and growing rarely read the key itself (at a
 * million ids, each read is a cache miss).  The table is a power of two at
 * most half full.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* FNV-1a over a string. */
size_t
strindex_hash(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return ((size_t)h);
}

/* The slot holding key (whose hash is h), or the empty slot for it. */
struct strindex_slot *
strindex_slot(const struct strindex *ix, const char *key, size_t h)
{
	const struct strindex_slot	*slot;
	size_t				 i = h & (ix->size - 1);

	for (;; i = (i + 1) & (ix->size - 1)) {
		slot = &ix->slots[i];
		if (slot->key == NULL || (slot->hash == h &&
		    strcmp(slot->key, key) == 0))
			return (&ix->slots[i]);
	}
}

/* Grow an index's table to hold n more keys (at least 64 slots). */
void
strindex_reserve(struct strindex *ix, size_t n)
{
	struct strindex_slot	*old = ix->slots;
	size_t			 oldsize = ix->size, i;

	if (2 * (ix->used + n) <= ix->size)
		return;
	ix->size = oldsize == 0 ? 64 : oldsize * 2;
	while (2 * (ix->used + n) > ix->size)
		ix->size *= 2;
	ix->slots = xcalloc(ix->size, sizeof *ix->slots);
	for (i = 0; i < oldsize; i++) {
		if (old[i].key != NULL)
			*strindex_slot(ix, old[i].key, old[i].hash) = old[i];
	}
	free(old);
}

/* Add key with idx; if it is already there, return the first's index. */
size_t
strindex_add(struct strindex *ix, char *key, size_t idx)
{
	struct strindex_slot	*slot;
	size_t			 h = strindex_hash(key);

	strindex_reserve(ix, 1);
	slot = strindex_slot(ix, key, h);
	if (slot->key != NULL)
		return (slot->idx);
	slot->key = key;
	slot->idx = idx;
	slot->hash = h;
	ix->used++;
	return (SIZE_MAX);
}

/* The index of key, or SIZE_MAX. */
size_t
strindex_find(const struct strindex *ix, const char *key)
{
	const struct strindex_slot	*slot;

	if (ix->size == 0)
		return (SIZE_MAX);
	slot = strindex_slot(ix, key, strindex_hash(key));
	return (slot->key != NULL ? slot->idx : SIZE_MAX);
}

/* Empty an index and free its table. */
void
strindex_free(struct strindex *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof *ix);
}

/*
 * Ask for the slot where key will be looked for, a while before it is:
 * the loader does as it reads an entity's id, and adds the entity once
 * the rest of its line is read (at a million ids, each slot is a miss in
 * memory).
 */
void
strindex_prefetch(const struct strindex *ix, const char *key)
{
	if (ix->size > 0)
		__builtin_prefetch(&ix->slots[strindex_hash(key) &
		    (ix->size - 1)], 1);
}
