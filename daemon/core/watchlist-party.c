/*
 * watchlist-party: one party, however many entries name it.  The same id
 * in two files is one entity, merged as it loads (wl_entity_merge); the
 * same name and type on two lists, countries agreeing, is one party whose
 * entries raise one alert (wl_parties, after the load).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/watchlist-int.h"

/*
 * The union of two vectors in a new one from the arena, without the
 * strings of but (strong aliases are no weak ones).
 */
static void
wl_union(struct wl_load *l, struct strv *to, const struct strv *a,
    const struct strv *b, const struct strv *but)
{
	struct strv	 u;
	size_t		 i;

	wl_list(l, &u, a->n + b->n);
	for (i = 0; i < a->n + b->n; i++) {
		const char *x = i < a->n ? a->v[i] : b->v[i - a->n];

		if (!strv_contains(&u, x) && (but == NULL || !strv_contains(but, x)))
			u.v[u.n++] = (char *)(uintptr_t)x;
	}
	*to = u;
}

/*
 * Merge entity e, found again in another file at line, into the first of
 * its id, d: names, aliases, programs and countries united (a name of its
 * own becomes an alias), the earliest listing date kept.  A different type
 * is reported and the first kept.  The OFAC SDN and non-SDN lists share
 * ids, and so do an import and a hand-written list beside it.
 */
void
wl_entity_merge(struct wl_load *l, size_t d, const struct entity *e,
    size_t line)
{
	struct entity	*to = &l->w->entities[d];
	struct strv	 extra = { 0 };
	const struct wl_where *first = &l->ewhere[d];

	if (l->merged++ < WL_MERGE_REPORTS)
		log_warnx("%s:%zu: entity '%s' is also at %s:%zu; merged",
		    l->w->files.v[l->file], line, e->id,
		    l->w->files.v[first->file], first->line);
	if (to->type != e->type)
		log_warnx("%s:%zu: entity '%s' is a %s here and a %s at %s:%zu; "
		    "kept as a %s", l->w->files.v[l->file], line, e->id,
		    watchlist_type_name(e->type), watchlist_type_name(to->type),
		    l->w->files.v[first->file], first->line,
		    watchlist_type_name(to->type));
	if (strcmp(to->name, e->name) != 0 && !strv_contains(&to->aliases, e->name)) {
		extra.v = (char **)(uintptr_t)&e->name;
		extra.n = 1;
	}
	wl_union(l, &extra, &extra, &e->aliases, NULL);
	wl_union(l, &to->aliases, &to->aliases, &extra, NULL);
	wl_union(l, &to->weak_aliases, &to->weak_aliases, &e->weak_aliases,
	    &to->aliases);
	wl_union(l, &to->programs, &to->programs, &e->programs, NULL);
	wl_union(l, &to->countries, &to->countries, &e->countries, NULL);
	wl_union(l, &to->topics, &to->topics, &e->topics, NULL);
	if (e->listed != NULL && (to->listed == NULL ||
	    strcmp(e->listed, to->listed) < 0))
		to->listed = e->listed;
	if (to->source == NULL)
		to->source = e->source;
}

/* An entity's party key and index, for finding the same party. */
struct wl_party {
	uint64_t	 key;
	size_t		 i;
};

/* Order party keys, then entities in list order. */
static int
wl_party_cmp(const void *a, const void *b)
{
	const struct wl_party	*pa = a, *pb = b;

	if (pa->key != pb->key)
		return (pa->key < pb->key ? -1 : 1);
	return (pa->i < pb->i ? -1 : pa->i > pb->i);
}

/*
 * The party key of an entity: its type and the folded words of its name,
 * apostrophes left out ("AL QA'IDA" and "AL-QAIDA" agree).
 */
static uint64_t
wl_party_key(const struct entity *e)
{
	struct token	 t[64];
	char		*bare;
	size_t		 i, n = 0, pos = 0, nt;
	uint64_t	 k = 0x9e3779b97f4a7c15ULL * (e->type + 1);

	bare = xmalloc(strlen(e->name) + 1);
	for (i = 0; e->name[i] != '\0'; i++) {
		if (e->name[i] != '\'' && e->name[i] != '`')
			bare[n++] = e->name[i];
	}
	nt = normalize_tokens(bare, n, &pos, t, nitems(t));
	for (i = 0; i < nt; i++)
		k = (k ^ t[i].hash) * 0xff51afd7ed558ccdULL;
	free(bare);
	return (k);
}

/* Whether two entities' countries agree: one in common, or one has none. */
static int
wl_countries_agree(const struct entity *a, const struct entity *b)
{
	size_t	 i;

	if (a->countries.n == 0 || b->countries.n == 0)
		return (1);
	for (i = 0; i < a->countries.n; i++) {
		if (strv_contains(&b->countries, a->countries.v[i]))
			return (1);
	}
	return (0);
}

/* Whether two entities come from different lists. */
static int
wl_other_list(const struct entity *a, const struct entity *b)
{
	if (a->source == NULL || b->source == NULL)
		return (a->source != b->source);
	return (strcmp(a->source, b->source) != 0);
}

/*
 * Find the entries of several lists that are one party: the same type and
 * name (folded, apostrophes left out) on different lists, with countries
 * that agree.  Each entity's same is the first such entry, or itself; one
 * party then raises one alert (alert.c).  A list against itself is never
 * merged: two entries of one list are two parties.  Lists of one source
 * (a million-entity import) skip the work.
 */
void
wl_parties(struct watchlist *w)
{
	struct wl_party	*p;
	size_t		 i, j, r;

	for (i = 0; i < w->nentities; i++)
		w->entities[i].same = i;
	for (i = 1; i < w->nentities; i++) {
		if (wl_other_list(&w->entities[0], &w->entities[i]))
			break;
	}
	if (i >= w->nentities)
		return;
	p = xreallocarray(NULL, w->nentities, sizeof *p);
	for (i = 0; i < w->nentities; i++) {
		p[i].key = wl_party_key(&w->entities[i]);
		p[i].i = i;
	}
	qsort(p, w->nentities, sizeof *p, wl_party_cmp);
	for (i = 0; i < w->nentities; i = j) {
		r = p[i].i;
		for (j = i + 1; j < w->nentities && p[j].key == p[i].key; j++) {
			if (wl_other_list(&w->entities[r],
			    &w->entities[p[j].i]) && wl_countries_agree(
			    &w->entities[r], &w->entities[p[j].i]))
				w->entities[p[j].i].same = r;
		}
	}
	free(p);
}

