/*
 * watchlist-party: one party, however many entries name it.  The same id
 * in two files is one entity, merged as it loads (wl_entity_merge); the
 * same name or strong alias on two lists, types and countries agreeing, is
 * one party whose entries raise one alert (wl_parties, after the load).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/matcher-int.h"
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
 * own becomes an alias; an alias weak in either is weak), the earliest
 * listing date kept.  A different type
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
	/*
	 * An alias either entry holds weak stays weak: the OFAC lists mark
	 * their low-quality a.k.a.s ("ABDUL KARIM" of GUNAWAN, Gun Gun
	 * Rusman), the consolidated screening list copies them unmarked.
	 */
	wl_union(l, &to->weak_aliases, &to->weak_aliases, &e->weak_aliases,
	    NULL);
	wl_union(l, &extra, &extra, &e->aliases, NULL);
	wl_union(l, &to->aliases, &to->aliases, &extra, &to->weak_aliases);
	wl_union(l, &to->programs, &to->programs, &e->programs, NULL);
	wl_union(l, &to->countries, &to->countries, &e->countries, NULL);
	wl_union(l, &to->topics, &to->topics, &e->topics, NULL);
	wl_union(l, &to->same_as, &to->same_as, &e->same_as, NULL);
	wl_union(l, &to->imo, &to->imo, &e->imo, NULL);
	wl_union(l, &to->registrations, &to->registrations,
	    &e->registrations, NULL);
	if (e->born_lo != 0)
		wl_born_add(to, e->born_lo, e->born_hi);
	if (e->listed != NULL && (to->listed == NULL ||
	    strcmp(e->listed, to->listed) < 0))
		to->listed = e->listed;
	if (to->source == NULL)
		to->source = e->source;
}

/* A party key of an entity (of its name or a strong alias). */
struct wl_party {
	uint64_t	 key;
	size_t		 i;
	int		 primary;	/* of its name, not an alias */
	int		 coined;	/* one word no dictionary has */
	int		 initials;	/* capitals, its entry's initials */
	int		 rare;		/* a person's rare full name */
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

/* Whether two entities come from the same list. */
static int
wl_same_list(const struct entity *a, const struct entity *b)
{
	if (a->source == NULL || b->source == NULL)
		return (a->source == b->source);
	return (strcmp(a->source, b->source) == 0);
}

/*
 * Whether two types may be one party's: the same, or one of them "other"
 * (the export lists do not say whether an entry is a firm or a person).
 */
static int
wl_types_agree(const struct entity *a, const struct entity *b)
{
	return (a->type == b->type || a->type == ENTITY_OTHER ||
	    b->type == ENTITY_OTHER);
}

/*
 * Whether a name is one word of seven letters or more that no dictionary
 * has, everyday, rarer or proper ("MOOYOKBANK"): a coined name, which two
 * lists' entries share only if they are one party.  Not a person's: an
 * alias "ABDELRAHMAN" is a given name many bear (the caller's class).
 */
static int
wl_coined(const char *name)
{
	struct ntoks	 nt;

	names_cut(name, strlen(name), &nt, 2);
	return (nt.n == 1 && nt.flen[0] >= 7 && !names_is_common(nt.skel[0]) &&
	    !names_is_rare(nt.skel[0]) && !names_is_proper(nt.skel[0]));
}

/*
 * The bracket that opens a part in brackets at the end of a name ("...
 * LOGISTICS (MODSAF)"), or NULL.
 */
static const char *
wl_bracket(const char *name)
{
	size_t	 len = strlen(name);

	if (len == 0 || name[len - 1] != ')')
		return (NULL);
	return (strrchr(name, '('));
}

/*
 * The capitals a name is, or gives in brackets at its end ("IRANIAN
 * REVOLUTIONARY GUARD CORPS (IRGC)"), into *a and *n: 1 if they are three
 * to ten capitals and the initials of the entity's name.
 */
static int
wl_own_initials(const struct entity *e, const char *name, const char **a,
    size_t *n)
{
	const char	*p, *end = name + strlen(name);
	size_t		 i;

	if ((p = wl_bracket(name)) != NULL) {
		p++;
		end--;
	} else
		p = name;
	*a = p;
	*n = (size_t)(end - p);
	if (*n < 3 || *n > 10)
		return (0);
	for (i = 0; i < *n; i++) {
		if (p[i] < 'A' || p[i] > 'Z')
			return (0);
	}
	return (matcher_initials(e->name, p, *n));
}

/*
 * Whether a name, as a person's, is a full name of two words or more, one
 * at least no name that very many people bear: "Jalaluddin Haqqani" is one
 * person on every list that writes it, whatever country each gives (the
 * UN his nationality, an export list his address); "Mohammed Ali" is not.
 */
static int
wl_rare_person(const char *name)
{
	struct ntoks	 nt;
	size_t		 k, words = 0, rare = 0;

	names_cut(name, strlen(name), &nt, MATCHER_MAX_TOKENS);
	for (k = 0; k < nt.n; k++) {
		if (names_is_function(nt.skel[k]))
			continue;
		if (nt.flen[k] < 2)
			return (0);
		words++;
		rare += !names_is_popname(nt.hash[k]);
	}
	return (words >= 2 && rare > 0);
}

/* Room for one more party key. */
static struct wl_party *
wl_party_next(struct wl_party **p, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap * 2 + 64;
		*p = xreallocarray(*p, *cap, sizeof **p);
	}
	memset(&(*p)[*n], 0, sizeof **p);
	return (&(*p)[(*n)++]);
}

/*
 * Add an entity's keys: of its name and strong aliases, in each class;
 * and a body's initials, alone or in brackets after a name, where they
 * are its name's.
 */
static void
wl_party_keys(const struct entity *e, size_t i, struct wl_party **p,
    size_t *n, size_t *cap)
{
	struct wl_party	*x;
	struct ntoks	 nt;
	const char	*name, *a, *open;
	char		*bare;
	size_t		 k, c, na;
	uint64_t	 key;

	for (k = 0; k <= e->aliases.n; k++) {
		name = k == 0 ? e->name : e->aliases.v[k - 1];
		for (c = 0; c < 2; c++) {
			/* A person is a person; "other" may be either. */
			if ((c == 1) != (e->type == ENTITY_PERSON) &&
			    e->type != ENTITY_OTHER)
				continue;
			if ((key = names_party_key(name, c == 1)) == 0)
				continue;
			x = wl_party_next(p, n, cap);
			x->key = key;
			x->primary = k == 0;
			x->coined = c == 0 && wl_coined(name);
			x->rare = c == 1 && wl_rare_person(name);
			x->i = i;
		}
		/*
		 * A body's name with its initials in brackets after it is
		 * also the name without them, as another list writes it
		 * ("MINISTRY OF DEFENSE AND SUPPORT FOR ARMED FORCES
		 * LOGISTICS (MODSAF)").
		 */
		if (e->type != ENTITY_PERSON &&
		    (open = wl_bracket(name)) != NULL && open > name) {
			bare = xstrndup(name, (size_t)(open - name));
			if ((key = names_party_key(bare, 0)) != 0) {
				x = wl_party_next(p, n, cap);
				x->key = key;
				x->primary = k == 0;
				x->i = i;
			}
			free(bare);
		}
		if (e->type == ENTITY_PERSON || e->type == ENTITY_VESSEL ||
		    !wl_own_initials(e, name, &a, &na))
			continue;
		names_cut(a, na, &nt, 1);
		if (nt.n != 1)
			continue;
		x = wl_party_next(p, n, cap);
		x->key = nt.hash[0] ^ 0x6a09e667f3bcc909ULL;	/* no name's */
		x->initials = 1;
		x->i = i;
	}
}

/*
 * Whether two entities' names share a word that is no everyday word:
 * entries that share only an alias are one party where their names agree
 * so ("AL-QA'IDA IN THE ARABIAN PENINSULA" and "AL-QAIDA IN THE ARABIAN
 * PENINSULA (AQAP)"), not where they do not (HIZBALLAH and THE HOUTHIS,
 * both called "Ansar Allah").
 */
static int
wl_names_share(const struct entity *a, const struct entity *b)
{
	struct ntoks	 x, y;
	size_t		 i, k;

	names_cut(a->name, strlen(a->name), &x, MATCHER_MAX_TOKENS);
	names_cut(b->name, strlen(b->name), &y, MATCHER_MAX_TOKENS);
	for (i = 0; i < x.n; i++) {
		if (x.flen[i] < 3 || names_is_common(x.skel[i]))
			continue;
		for (k = 0; k < y.n; k++) {
			if (x.skel[i] == y.skel[k])
				return (1);
		}
	}
	return (0);
}

/*
 * Whether more than half the words of the shorter of two entities' names,
 * before any bracket and function words aside, are words of the other by
 * their skeleton: ISLAMIC and IRANIAN REVOLUTIONARY GUARD CORPS, both
 * "IRGC", are one body; IRAN COMMUNICATION INDUSTRIES and IRAN COMPOSITES
 * INSTITUTE, both "ICI", are not.
 */
static int
wl_names_mostly(const struct entity *a, const struct entity *b)
{
	struct ntoks	 x, y, t;
	const char	*pa, *pb;
	size_t		 i, k, words = 0, shared = 0;

	pa = strchr(a->name, '(');
	pb = strchr(b->name, '(');
	names_cut(a->name, pa != NULL ? (size_t)(pa - a->name) :
	    strlen(a->name), &x, MATCHER_MAX_TOKENS);
	names_cut(b->name, pb != NULL ? (size_t)(pb - b->name) :
	    strlen(b->name), &y, MATCHER_MAX_TOKENS);
	if (y.n < x.n) {
		t = x;
		x = y;
		y = t;
	}
	for (i = 0; i < x.n; i++) {
		if (names_is_function(x.skel[i]))
			continue;
		words++;
		for (k = 0; k < y.n && y.skel[k] != x.skel[i]; k++)
			;
		shared += k < y.n;
	}
	return (words > 0 && 2 * shared > words);
}

/* The first entity of i's party so far (path halving). */
static size_t
wl_root(struct entity *v, size_t i)
{
	while (v[i].same != i) {
		v[i].same = v[v[i].same].same;
		i = v[i].same;
	}
	return (i);
}

/*
 * Join the parties of a and b (roots) unless one list would then have two
 * entries in it, or types or countries disagree: both asked (0), none (by
 * an identifier, WL_JOIN_LOOSE), or types only (WL_JOIN_TYPES: a person's
 * rare full name).  next[] links each party's entries in a ring.
 */
#define WL_JOIN_LOOSE	1
#define WL_JOIN_TYPES	2
static void
wl_join(struct entity *v, size_t *next, size_t a, size_t b, int loose)
{
	size_t	 x, y, t;

	if (a == b)
		return;
	x = a;
	do {
		y = b;
		do {
			if (wl_same_list(&v[x], &v[y]) ||
			    (loose != WL_JOIN_LOOSE &&
			    !wl_types_agree(&v[x], &v[y])) || (loose == 0 &&
			    !wl_countries_agree(&v[x], &v[y])))
				return;
			y = next[y];
		} while (y != b);
		x = next[x];
	} while (x != a);
	if (b < a) {
		t = a;
		a = b;
		b = t;
	}
	v[b].same = (uint32_t)a;
	t = next[a];
	next[a] = next[b];
	next[b] = t;
}

/* The part of an id before its first '-' ("un" of un-QDi.001). */
static size_t
wl_id_prefix(const char *id)
{
	const char	*d = strchr(id, '-');

	return (d != NULL ? (size_t)(d - id) : 0);
}

/*
 * Whether a loaded entity's id has the prefix of id: whether the list an
 * id names is loaded at all.  prefixes holds the distinct ones, found once.
 */
static int
wl_list_loaded(const struct watchlist *w, const char *id, struct strv *prefixes)
{
	size_t	 i, n, k;

	if (prefixes->n == 0) {
		for (i = 0; i < w->nentities; i++) {
			n = wl_id_prefix(w->entities[i].id);
			for (k = 0; k < prefixes->n; k++) {
				if (strlen(prefixes->v[k]) == n && strncmp(
				    prefixes->v[k], w->entities[i].id, n) == 0)
					break;
			}
			if (k == prefixes->n && prefixes->n < 64)
				strv_push_owned(prefixes, xstrndup(w->entities[i].id,
				    n));
		}
	}
	n = wl_id_prefix(id);
	for (k = 0; k < prefixes->n; k++) {
		if (strlen(prefixes->v[k]) == n &&
		    strncmp(prefixes->v[k], id, n) == 0)
			return (1);
	}
	return (0);
}

/*
 * Join each entity with the entries its same_as names, another list's
 * records of the same party, whatever their names: the UK writes a UN
 * reference in its records ("UN Ref QDi.001"), which its importer gives as
 * same_as: [un-QDi.001].  A reference into a list that is not loaded (no
 * id has its prefix "un-") is normal: counted at info level.  One to no
 * entity of a loaded list is one located warning for them all; those a
 * join refuses (one party would hold two entries of one list, types or
 * countries disagree) one located line at info level, as the lists' own
 * data, which the user cannot change.  A reference to itself is a located
 * warning; a cycle (each naming the other) is one party, as it should be.
 */
static void
wl_same_as(struct wl_load *l, size_t *next)
{
	struct watchlist *w = l->w;
	struct entity	*v = w->entities, *e;
	size_t		 i, k, to, dangling = 0, fi = 0, fk = 0;
	size_t		 refused = 0, ri = 0, rk = 0, absent = 0;
	const struct wl_where *at;
	struct strv	 prefixes = { 0 };

	for (i = 0; i < w->nentities; i++) {
		e = &v[i];
		at = &l->ewhere[i];
		for (k = 0; k < e->same_as.n; k++) {
			to = strindex_find(&l->eindex, e->same_as.v[k]);
			if (to == SIZE_MAX) {
				if (!wl_list_loaded(w, e->same_as.v[k],
				    &prefixes))
					absent++;
				else if (dangling++ == 0) {
					fi = i;
					fk = k;
				}
				continue;
			}
			if (to == i) {
				log_warnx("%s:%zu: entity '%s': same_as names "
				    "itself; ignored", w->files.v[at->file],
				    at->line, e->id);
				continue;
			}
			wl_join(v, next, wl_root(v, i), wl_root(v, to), 0);
			if (wl_root(v, i) == wl_root(v, to))
				continue;
			log_debug("%s:%zu: entity '%s': same_as '%s' not "
			    "joined", w->files.v[at->file], at->line, e->id,
			    e->same_as.v[k]);
			if (refused++ == 0) {
				ri = i;
				rk = k;
			}
		}
	}
	if (refused > 0) {
		at = &l->ewhere[ri];
		log_info("%s:%zu: entity '%s': same_as '%s' not joined: one "
		    "party would hold two entries of one list, or types or "
		    "countries disagree (%zu such reference%s)",
		    w->files.v[at->file], at->line, v[ri].id,
		    v[ri].same_as.v[rk], refused, refused == 1 ? "" : "s");
	}
	if (dangling > 0) {
		at = &l->ewhere[fi];
		log_warnx("%s:%zu: entity '%s': same_as '%s' names no entity of "
		    "its list (%zu such reference%s)", w->files.v[at->file],
		    at->line, v[fi].id, v[fi].same_as.v[fk], dangling,
		    dangling == 1 ? "" : "s");
	}
	if (absent > 0)
		log_info("watchlist: %zu same_as reference%s name%s lists not "
		    "loaded; load them to join their entries", absent,
		    absent == 1 ? "" : "s", absent == 1 ? "s" : "");
	strv_free(&prefixes);
}

/* An IMO number and the entity that lists it. */
struct wl_imo {
	const char	*num;
	size_t		 i;
};

static int
wl_imo_cmp(const void *a, const void *b)
{
	const struct wl_imo	*x = a, *y = b;
	int			 c = strcmp(x->num, y->num);

	if (c != 0)
		return (c);
	return (x->i < y->i ? -1 : x->i > y->i);
}

/*
 * Join the entries of different lists that give one IMO number: one ship
 * (or shipping firm) whatever its names, its type (the UK's list of 2018
 * calls its ships entities) or its flag, which a ship of the shadow fleet
 * changes with its name.  Two entries of one list stay two parties.
 */
static void
wl_same_imo(struct wl_load *l, size_t *next)
{
	struct watchlist *w = l->w;
	struct entity	*v = w->entities;
	struct wl_imo	*x = NULL;
	size_t		 i, k, j, n = 0, cap = 0;

	for (i = 0; i < w->nentities; i++) {
		for (k = 0; k < v[i].imo.n; k++) {
			if (n == cap) {
				cap = cap == 0 ? 256 : 2 * cap;
				x = xreallocarray(x, cap, sizeof *x);
			}
			x[n].num = v[i].imo.v[k];
			x[n++].i = i;
		}
	}
	if (n > 1)
		qsort(x, n, sizeof *x, wl_imo_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(x[j].num, x[i].num) == 0; j++)
			wl_join(v, next, wl_root(v, x[i].i),
			    wl_root(v, x[j].i), WL_JOIN_LOOSE);
	}
	free(x);
}

/*
 * Find the entries of several lists that are one party: on different
 * lists, one's name is the other's name or strong alias (folded, apostrophes
 * and a firm's legal forms left out: "Gazprom, OAO" and "Public Joint Stock
 * Company Gazprom", an entry "Rosneft" and one with the alias "ROSNEFT"),
 * types agree (or one is "other") and so do countries.  Each entity's same
 * is the first entry of its party; one party then raises one alert
 * (alert.c).  A party never holds two entries of one list: two entries of
 * one list are two parties.  A name of one everyday word joins nothing,
 * and an alias two entries share joins them only if their names share a
 * word (wl_names_share) or it is a coined word (wl_coined: "MOOYOKBANK" of the
 * Foreign Trade Bank of North Korea on the US and UN lists).  Then each same_as
 * joins its entries (wl_same_as), and each IMO number its lists' entries
 * (wl_same_imo).  Lists of one source without same_as (a million-entity
 * import) skip the work.
 */
void
wl_parties(struct wl_load *l)
{
	struct watchlist *w = l->w;
	struct entity	*v = w->entities;
	struct wl_party	*p = NULL;
	size_t		*next, i, j, a, b, n = 0, cap = 0;
	int		 one = 1, refs = 0;

	for (i = 0; i < w->nentities; i++) {
		v[i].same = v[i].next_same = (uint32_t)i;
		refs |= v[i].same_as.n > 0;
	}
	for (i = 1; i < w->nentities && one; i++)
		one = wl_same_list(&v[0], &v[i]);
	if (one && !refs)
		return;
	next = xreallocarray(NULL, w->nentities, sizeof *next);
	for (i = 0; i < w->nentities; i++)
		next[i] = i;
	if (!one) {
		for (i = 0; i < w->nentities; i++)
			wl_party_keys(&v[i], i, &p, &n, &cap);
		qsort(p, n, sizeof *p, wl_party_cmp);
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && p[j].key == p[i].key; j++)
			;
		for (a = i; a < j; a++) {
			for (b = a + 1; b < j; b++) {
				if (p[a].rare && p[b].rare && (p[a].primary ||
				    p[b].primary))
					wl_join(v, next, wl_root(v, p[a].i),
					    wl_root(v, p[b].i), WL_JOIN_TYPES);
				else if (p[a].primary || p[b].primary ||
				    (p[a].coined && p[b].coined) ||
				    (p[a].initials && p[b].initials &&
				    wl_names_mostly(&v[p[a].i], &v[p[b].i])) ||
				    wl_names_share(&v[p[a].i], &v[p[b].i]))
					wl_join(v, next, wl_root(v, p[a].i),
					    wl_root(v, p[b].i), 0);
			}
		}
	}
	if (refs)
		wl_same_as(l, next);
	if (!one)
		wl_same_imo(l, next);
	for (i = 0; i < w->nentities; i++) {
		v[i].same = (uint32_t)wl_root(v, i);
		v[i].next_same = (uint32_t)next[i];
	}
	free(next);
	free(p);
}
