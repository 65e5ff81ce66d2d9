/*
 * watchlist: watchlist YAML files -> one merged struct watchlist.
 *
 * Files are read in the order given; each is hashed as read (the watchlist's
 * hash is sha256 over all their bytes in order, so any edit shows as a new
 * version; a large file is hashed in a thread beside its parse) and parsed
 * with ytree, an entity at a time: the tree of one entity is built, read
 * and forgotten, never the whole document's.  Files in the importers' shape
 * take a faster path still (see wl_fast below).  Keys are static ykey
 * tables, as in config.c.  Entity ids are unique across all files and
 * country codes too: a hash index (open addressing, kept only while
 * loading) finds the first one in constant time even for lists of a million
 * entries, and the error at the duplicate names where the first was.  Every
 * error is collected; watchlist_load returns NULL if there was any.
 *
 * Memory: every string an entity keeps is in the watchlist's arena, and
 * the ones that repeat (programs, countries, sources, dates) are interned,
 * so a million entities cost their struct and their names, not a dozen
 * mallocs each.
 *
 * Normalization: country codes are two ASCII letters, stored upper case;
 * listed dates are real YYYY-MM-DD dates; names, ids and aliases must not be
 * empty (an empty alias would match everything).  A country repeated in an
 * entity's countries is kept once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "core/core.h"

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* The arena's chunks: a million entities' strings in ~500 mallocs. */
#define WL_ARENA_CHUNK	(256 * 1024)
/* Files at least this large are hashed in a thread beside the parse. */
#define WL_HASH_THREAD	(4 * 1024 * 1024)

/* Where an entity or country was defined: a file of the list, a line. */
struct wl_where {
	size_t		 file;
	size_t		 line;
};

/*
 * One slot of an index: a key borrowed from the watchlist, its index, and
 * its hash, so that probing and growing rarely read the key itself (at a
 * million ids, each read is a cache miss).
 */
struct wl_slot {
	char		*key;
	size_t		 idx;
	size_t		 hash;
};

/* An open-addressing index of ids; size is a power of two or 0. */
struct wl_index {
	struct wl_slot	*slots;
	size_t		 size;
	size_t		 used;
};

/* A file's bytes being hashed, maybe in a thread beside the parse. */
struct wl_hasher {
	pthread_t	 thread;
	int		 running;
	struct sha256	*sha;
	const char	*buf;
	size_t		 len;
};

/* The state of one load. */
struct wl_load {
	struct watchlist	*w;
	struct diag		*diag;	/* the file's own, while read */
	size_t			 file;	/* index into w->files */
	struct wl_index		 eindex;
	struct wl_index		 cindex;
	struct wl_index		 strings;	/* interned, in arena */
	struct yarena		*arena;	/* w->arena or the fast path's */
	struct yarena		 scratch;	/* one entity's nodes */
	struct wl_where		*ewhere;	/* as w->entities */
	struct wl_where		*cwhere;	/* as w->countries */
	size_t			 ecap;	/* of entities and ewhere */
	size_t			 ccap;	/* of countries and cwhere */
};

/* An entity being parsed, with where its id was written. */
struct wl_entity {
	struct wl_load		*l;
	struct entity		 e;
	const struct ynode	*id;
};

/* A country being parsed, with where its code was written. */
struct wl_country {
	struct wl_load		*l;
	struct country		 c;
	const struct ynode	*code;
};

static void	wl_version(void *, const struct ynode *, struct diag *);
static void	wl_name(void *, const struct ynode *, struct diag *);
static void	wl_entities(void *, const struct ynode *, struct diag *);
static int	wl_entities_stream(void *, struct yreader *, struct ynode *,
		    struct diag *);
static void	wl_countries(void *, const struct ynode *, struct diag *);
static int	wl_countries_stream(void *, struct yreader *, struct ynode *,
		    struct diag *);
static void	entity_id(void *, const struct ynode *, struct diag *);
static void	entity_name(void *, const struct ynode *, struct diag *);
static void	entity_type(void *, const struct ynode *, struct diag *);
static void	entity_aliases(void *, const struct ynode *, struct diag *);
static void	entity_weak_aliases(void *, const struct ynode *,
		    struct diag *);
static void	entity_programs(void *, const struct ynode *, struct diag *);
static void	entity_countries(void *, const struct ynode *, struct diag *);
static void	entity_listed(void *, const struct ynode *, struct diag *);
static void	entity_source(void *, const struct ynode *, struct diag *);
static void	country_code(void *, const struct ynode *, struct diag *);
static void	country_name(void *, const struct ynode *, struct diag *);
static void	country_aliases(void *, const struct ynode *, struct diag *);
static void	country_adjectives(void *, const struct ynode *,
		    struct diag *);
static void	country_status(void *, const struct ynode *, struct diag *);

static const struct ykey wl_keys[] = {
	{ .name = "version", .required = 1, .parse = wl_version },
	{ .name = "name", .parse = wl_name },
	{ .name = "entities", .parse = wl_entities,
	    .stream = wl_entities_stream },
	{ .name = "countries", .parse = wl_countries,
	    .stream = wl_countries_stream },
};

static const struct ykey wl_entity_keys[] = {
	{ .name = "id", .required = 1, .parse = entity_id },
	{ .name = "name", .required = 1, .parse = entity_name },
	{ .name = "type", .parse = entity_type },
	{ .name = "aliases", .parse = entity_aliases },
	{ .name = "weak_aliases", .parse = entity_weak_aliases },
	{ .name = "programs", .parse = entity_programs },
	{ .name = "countries", .parse = entity_countries },
	{ .name = "listed", .parse = entity_listed },
	{ .name = "source", .parse = entity_source },
};

static const struct ykey wl_country_keys[] = {
	{ .name = "code", .required = 1, .parse = country_code },
	{ .name = "name", .required = 1, .parse = country_name },
	{ .name = "aliases", .parse = country_aliases },
	{ .name = "adjectives", .parse = country_adjectives },
	{ .name = "status", .parse = country_status },
};

/* 0: read every file through libyaml, for tests that compare the two. */
int	 watchlist_fastpath = 1;

static const char *const wl_types[] = {
	[ENTITY_PERSON] = "person",
	[ENTITY_ORGANIZATION] = "organization",
	[ENTITY_VESSEL] = "vessel",
	[ENTITY_AIRCRAFT] = "aircraft",
	[ENTITY_OTHER] = "other",
};

/* The name of an entity type. */
const char *
watchlist_type_name(enum entity_type t)
{
	if ((size_t)t >= nitems(wl_types))
		return ("?");
	return (wl_types[t]);
}

/* FNV-1a over a string. */
static size_t
wl_hash(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return ((size_t)h);
}

/* The slot holding key (whose hash is h), or the empty slot for it. */
static struct wl_slot *
wl_index_slot(const struct wl_index *ix, const char *key, size_t h)
{
	const struct wl_slot	*slot;
	size_t			 i = h & (ix->size - 1);

	for (;; i = (i + 1) & (ix->size - 1)) {
		slot = &ix->slots[i];
		if (slot->key == NULL || (slot->hash == h &&
		    strcmp(slot->key, key) == 0))
			return (&ix->slots[i]);
	}
}

/* Grow an index's table to hold n more keys (at least 64 slots). */
static void
wl_index_reserve(struct wl_index *ix, size_t n)
{
	struct wl_slot	*old = ix->slots;
	size_t		 oldsize = ix->size, i;

	if (2 * (ix->used + n) <= ix->size)
		return;
	ix->size = oldsize == 0 ? 64 : oldsize * 2;
	while (2 * (ix->used + n) > ix->size)
		ix->size *= 2;
	ix->slots = xcalloc(ix->size, sizeof *ix->slots);
	for (i = 0; i < oldsize; i++) {
		if (old[i].key != NULL)
			*wl_index_slot(ix, old[i].key, old[i].hash) = old[i];
	}
	free(old);
}

/* Add key with idx; if it is already there, return the first's index. */
static size_t
wl_index_add(struct wl_index *ix, char *key, size_t idx)
{
	struct wl_slot	*slot;
	size_t		 h = wl_hash(key);

	wl_index_reserve(ix, 1);
	slot = wl_index_slot(ix, key, h);
	if (slot->key != NULL)
		return (slot->idx);
	slot->key = key;
	slot->idx = idx;
	slot->hash = h;
	ix->used++;
	return (SIZE_MAX);
}

/* Whether a string is empty or only spaces and tabs. */
static int
wl_blank(const char *s)
{
	return (s[strspn(s, " \t")] == '\0');
}

/* Whether an id is free of control characters. */
static int
wl_id_ok(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return (0);
	}
	return (1);
}

/* Whether s is a country code: two ASCII letters. */
static int
wl_code_ok(const char *s)
{
	const char	*letters;

	letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	return (strlen(s) == 2 && strspn(s, letters) == 2);
}

/* A copy of len bytes of s in the watchlist's arena. */
static char *
wl_copy(struct wl_load *l, const char *s, size_t len)
{
	return (ytree_arena_strndup(l->arena, s, len));
}

/*
 * The watchlist's one copy of a string that many entities repeat
 * (programs, countries, sources, dates): a million entities name a few
 * dozen programs.
 */
static char *
wl_intern(struct wl_load *l, const char *s, size_t len)
{
	struct wl_index	*ix = &l->strings;
	struct wl_slot	*slot;
	size_t		 h = wl_hash(s);

	wl_index_reserve(ix, 1);
	slot = wl_index_slot(ix, s, h);
	if (slot->key == NULL) {
		slot->key = wl_copy(l, s, len);
		slot->hash = h;
		ix->used++;
	}
	return (slot->key);
}

/* Read a non-empty string (not only spaces) into *out, interned or not. */
static int
wl_text(struct wl_load *l, const struct ynode *val, struct diag *diag,
    char **out, int intern)
{
	const char	*s;

	if ((s = ytree_str(val, diag)) == NULL)
		return (-1);
	if (wl_blank(s)) {
		ytree_error(diag, val, "must not be empty");
		return (-1);
	}
	if (intern)
		*out = wl_intern(l, s, val->len);
	else
		*out = wl_copy(l, s, val->len);
	return (0);
}

/*
 * Room in the arena for a list of at most n strings.  The watchlist's
 * vectors are never pushed to (they would realloc arena memory).
 */
static void
wl_list(struct wl_load *l, struct strv *sv, size_t n)
{
	sv->v = ytree_arena_alloc(l->arena, n * sizeof *sv->v);
	sv->n = 0;
	sv->cap = n;
}

/* Set sv to a list of non-empty strings, interned or not. */
static void
wl_names(struct wl_load *l, const struct ynode *val, struct diag *diag,
    struct strv *sv, int intern)
{
	size_t	 i;
	char	*s;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of strings");
		return;
	}
	if (val->n == 0)
		return;
	wl_list(l, sv, val->n);
	for (i = 0; i < val->n; i++) {
		if (wl_text(l, val->items[i], diag, &s, intern) == 0)
			sv->v[sv->n++] = s;
	}
}

/* The interned upper-case copy of a country code. */
static char *
wl_code_intern(struct wl_load *l, const char *s)
{
	char	 code[3];

	code[0] = (char)(s[0] & ~0x20);
	code[1] = (char)(s[1] & ~0x20);
	code[2] = '\0';
	return (wl_intern(l, code, 2));
}

/* Read a country code into *out, upper case, interned; -1 if bad. */
static int
wl_code(struct wl_load *l, const struct ynode *val, struct diag *diag,
    char **out)
{
	const char	*s;

	if ((s = ytree_str(val, diag)) == NULL)
		return (-1);
	if (!wl_code_ok(s)) {
		ytree_error(diag, val, "invalid country code '%s' (expected "
		    "ISO 3166-1 alpha-2, such as KG)", s);
		return (-1);
	}
	*out = wl_code_intern(l, s);
	return (0);
}

/* version: must be 1. */
static void
wl_version(void *ctx, const struct ynode *val, struct diag *diag)
{
	uint64_t	 v;

	(void)ctx;
	if (ytree_uint(val, diag, &v) == 0 && v != 1) {
		ytree_error(diag, val, "unsupported watchlist version %s "
		    "(expected 1)", val->scalar);
	}
}

/* name: a title for the list, checked and not kept. */
static void
wl_name(void *ctx, const struct ynode *val, struct diag *diag)
{
	(void)ctx;
	ytree_str(val, diag);
}

/* entities[].id: non-empty, no control characters. */
static void
entity_id(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	if (wl_text(we->l, val, diag, &we->e.id, 0) == -1)
		return;
	we->id = val;
	if (!wl_id_ok(we->e.id)) {
		ytree_error(diag, val, "an id must not contain control "
		    "characters");
	}
}

/* entities[].name: non-empty, as the list writes it. */
static void
entity_name(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_text(we->l, val, diag, &we->e.name, 0);
}

/* The type named s, or -1. */
static int
wl_type(const char *s)
{
	size_t	 i;

	for (i = 0; i < nitems(wl_types); i++) {
		if (strcmp(s, wl_types[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

/* entities[].type: person, organization, vessel, aircraft or other. */
static void
entity_type(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;
	const char		*s;
	int			 t;

	if ((s = ytree_str(val, diag)) == NULL)
		return;
	if ((t = wl_type(s)) != -1) {
		we->e.type = (enum entity_type)t;
		return;
	}
	ytree_error(diag, val, "unknown entity type '%s' (person, "
	    "organization, vessel, aircraft or other)", s);
}

/* entities[].aliases: strong aliases. */
static void
entity_aliases(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(we->l, val, diag, &we->e.aliases, 0);
}

/* entities[].weak_aliases: aliases that never alert on their own. */
static void
entity_weak_aliases(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(we->l, val, diag, &we->e.weak_aliases, 0);
}

/* entities[].programs: sanctions programs. */
static void
entity_programs(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(we->l, val, diag, &we->e.programs, 1);
}

/* entities[].countries: ISO alpha-2 codes, each kept once. */
static void
entity_countries(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;
	struct strv		*sv = &we->e.countries;
	char			*code;
	size_t			 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of country codes");
		return;
	}
	if (val->n == 0)
		return;
	wl_list(we->l, sv, val->n);
	for (i = 0; i < val->n; i++) {
		if (wl_code(we->l, val->items[i], diag, &code) == 0 &&
		    !strv_contains(sv, code))
			sv->v[sv->n++] = code;
	}
}

/* Whether s is a real date written YYYY-MM-DD (as importers write them). */
int
watchlist_date_ok(const char *s)
{
	static const int	 mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	int			 y, m, d, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return (0);
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return (0);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return (m != 2 || d != 29 || leap);
}

/* entities[].listed: the date it was listed, YYYY-MM-DD. */
static void
entity_listed(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;
	const char		*s;

	if ((s = ytree_str(val, diag)) == NULL)
		return;
	if (!watchlist_date_ok(s)) {
		ytree_error(diag, val, "invalid date '%s' (expected "
		    "YYYY-MM-DD)", s);
		return;
	}
	we->e.listed = wl_intern(we->l, s, val->len);
}

/* entities[].source: which list it came from. */
static void
entity_source(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_text(we->l, val, diag, &we->e.source, 1);
}

/* Make room for n more entities. */
static void
wl_entity_reserve(struct wl_load *l, size_t n)
{
	struct watchlist	*w = l->w;

	if (w->nentities + n <= l->ecap)
		return;
	l->ecap = w->nentities + n;
	w->entities = xreallocarray(w->entities, l->ecap, sizeof *w->entities);
	l->ewhere = xreallocarray(l->ewhere, l->ecap, sizeof *l->ewhere);
	wl_index_reserve(&l->eindex, n);
}

/*
 * Add a parsed entity whose id was written at line: SIZE_MAX, or if its id
 * is a duplicate the first one's index (and nothing is added).
 */
static size_t
wl_entity_add(struct wl_load *l, const struct entity *e, size_t line)
{
	struct watchlist	*w = l->w;
	size_t			 dup;

	if ((dup = wl_index_add(&l->eindex, e->id, w->nentities)) != SIZE_MAX)
		return (dup);
	if (w->nentities == l->ecap)
		wl_entity_reserve(l, l->ecap == 0 ? 64 : l->ecap);
	l->ewhere[w->nentities].file = l->file;
	l->ewhere[w->nentities].line = line;
	w->entities[w->nentities++] = *e;
	return (SIZE_MAX);
}

/* Parse one entity and add it, unless it has no id or a duplicate one. */
static void
wl_entity(struct wl_load *l, const struct ynode *item)
{
	struct wl_entity	 we;
	struct wl_where		*first;
	size_t			 dup;

	memset(&we, 0, sizeof we);
	we.l = l;
	we.e.type = ENTITY_OTHER;
	ytree_map(item, wl_entity_keys, nitems(wl_entity_keys), &we, l->diag);
	if (we.e.id == NULL)
		return;
	if ((dup = wl_entity_add(l, &we.e, we.id->line)) != SIZE_MAX) {
		first = &l->ewhere[dup];
		ytree_error(l->diag, we.id, "duplicate entity id '%s' (first "
		    "at %s:%zu)", we.e.id, l->w->files.v[first->file],
		    first->line);
	}
}

/* entities: a list of entities. */
static void
wl_entities(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_load	*l = ctx;
	size_t		 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of entities");
		return;
	}
	for (i = 0; i < val->n; i++)
		wl_entity(l, val->items[i]);
}

/*
 * Read a list of items one at a time, each into the scratch arena and
 * handed to fn, then forgotten: what keeps a million entities from being
 * a million trees.  Anything but a list is read whole and given to parse
 * (for its errors).  0, or -1 if the read failed.
 */
static int
wl_stream_items(struct wl_load *l, struct yreader *r, struct ynode *val,
    void (*fn)(struct wl_load *, const struct ynode *),
    void (*parse)(void *, const struct ynode *, struct diag *))
{
	struct ynode	*item;
	int		 rc;

	if (val->type != YNODE_SEQ) {
		if ((rc = ytree_rest(r, &l->scratch, val)) == 0)
			parse(l, val, l->diag);
		ytree_arena_reset(&l->scratch);
		return (rc);
	}
	while ((rc = ytree_next(r, &l->scratch, &item)) == 1) {
		if (ytree_rest(r, &l->scratch, item) == -1)
			return (-1);
		fn(l, item);
		ytree_arena_reset(&l->scratch);
	}
	return (rc);
}

/* entities, read as a stream. */
static int
wl_entities_stream(void *ctx, struct yreader *r, struct ynode *val,
    struct diag *diag)
{
	(void)diag;
	return (wl_stream_items(ctx, r, val, wl_entity, wl_entities));
}

/* countries[].code: ISO alpha-2, stored upper case. */
static void
country_code(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	if (wl_code(wc->l, val, diag, &wc->c.code) == 0)
		wc->code = val;
}

/* countries[].name: the country's common English name. */
static void
country_name(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	wl_text(wc->l, val, diag, &wc->c.name, 0);
}

/* countries[].aliases: other names. */
static void
country_aliases(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	wl_names(wc->l, val, diag, &wc->c.aliases, 0);
}

/* countries[].adjectives: Kyrgyz, Kyrgyzstani. */
static void
country_adjectives(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	wl_names(wc->l, val, diag, &wc->c.adjectives, 0);
}

/* countries[].status: sanctioned or watch. */
static void
country_status(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;
	const char		*s;

	if ((s = ytree_str(val, diag)) == NULL)
		return;
	if (strcmp(s, "sanctioned") == 0)
		wc->c.sanctioned = 1;
	else if (strcmp(s, "watch") == 0)
		wc->c.sanctioned = 0;
	else {
		ytree_error(diag, val, "unknown country status '%s' "
		    "(sanctioned or watch)", s);
	}
}

/* Parse one country and add it, unless its code is bad or a duplicate. */
static void
wl_country(struct wl_load *l, const struct ynode *item)
{
	struct watchlist	*w = l->w;
	struct wl_country	 wc;
	struct wl_where		*first;
	size_t			 dup;

	memset(&wc, 0, sizeof wc);
	wc.l = l;
	ytree_map(item, wl_country_keys, nitems(wl_country_keys), &wc,
	    l->diag);
	if (wc.code == NULL)
		return;
	if ((dup = wl_index_add(&l->cindex, wc.c.code, w->ncountries)) !=
	    SIZE_MAX) {
		first = &l->cwhere[dup];
		ytree_error(l->diag, wc.code, "duplicate country code '%s' "
		    "(first at %s:%zu)", wc.c.code, w->files.v[first->file],
		    first->line);
		return;
	}
	if (w->ncountries == l->ccap) {
		l->ccap = l->ccap == 0 ? 16 : l->ccap * 2;
		w->countries = xreallocarray(w->countries, l->ccap,
		    sizeof *w->countries);
		l->cwhere = xreallocarray(l->cwhere, l->ccap,
		    sizeof *l->cwhere);
	}
	l->cwhere[w->ncountries].file = l->file;
	l->cwhere[w->ncountries].line = wc.code->line;
	w->countries[w->ncountries++] = wc.c;
}

/* countries: a list of watched countries. */
static void
wl_countries(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_load	*l = ctx;
	size_t		 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of countries");
		return;
	}
	for (i = 0; i < val->n; i++)
		wl_country(l, val->items[i]);
}

/* countries, read as a stream. */
static int
wl_countries_stream(void *ctx, struct yreader *r, struct ynode *val,
    struct diag *diag)
{
	(void)diag;
	return (wl_stream_items(ctx, r, val, wl_country, wl_countries));
}

/*
 * Forget the entities and countries a file added (from indices ne, nc on)
 * and every interned string: their memory may be going.  A file with a
 * YAML error adds nothing, as when it was read whole before any of it was
 * used, and the fast path leaves nothing behind when it hands a file over.
 */
static void
wl_undo(struct wl_load *l, size_t ne, size_t nc)
{
	struct watchlist	*w = l->w;
	size_t			 i;

	if (w->nentities > ne) {
		w->nentities = ne;
		free(l->eindex.slots);
		memset(&l->eindex, 0, sizeof l->eindex);
		for (i = 0; i < ne; i++)
			wl_index_add(&l->eindex, w->entities[i].id, i);
	}
	if (w->ncountries > nc) {
		w->ncountries = nc;
		free(l->cindex.slots);
		memset(&l->cindex, 0, sizeof l->cindex);
		for (i = 0; i < nc; i++)
			wl_index_add(&l->cindex, w->countries[i].code, i);
	}
	free(l->strings.slots);
	memset(&l->strings, 0, sizeof l->strings);
}

/*
 * The fast path.  libyaml reads some 20 MB a second, so a million-entity
 * list would take most of the ten seconds its load may take.  The files
 * `sanctwatch import` writes have one shape: a comment, "version: 1", a
 * double-quoted name, "entities:" and one entity a line, "  - {...}", a
 * flow mapping of double-quoted strings and lists of them with only the
 * escapes \" \\ and \uXXXX.  Such a file is read here directly, line by
 * line, into the same entities the YAML reading gives.  The fast path only
 * ever accepts: at the first byte it does not take (another layout, other
 * escapes, characters libyaml would refuse or fold, such as line breaks
 * other than \n), and at anything that would be an error (an unknown or
 * repeated key, an empty name, a bad code or date, a duplicate id), what it
 * added is undone and the file is read again through libyaml, which makes
 * the very same errors as ever.
 */

/* The rows of wl_entity_keys, in order. */
enum wl_fkey {
	WL_F_ID,
	WL_F_NAME,
	WL_F_TYPE,
	WL_F_ALIASES,
	WL_F_WEAK_ALIASES,
	WL_F_PROGRAMS,
	WL_F_COUNTRIES,
	WL_F_LISTED,
	WL_F_SOURCE,
};

/* The state of a fast read of one file. */
struct wl_fast {
	struct wl_load	*l;
	const char	*p;		/* the cursor */
	const char	*eol;		/* the end of its line */
	char		*tmp;		/* the last string unescaped */
	size_t		 tmplen;
	size_t		 tmpcap;
	char		**items;	/* a list's strings so far */
	size_t		 nitems;
	size_t		 itemscap;
};

/*
 * The length of the UTF-8 character at p if libyaml reads it as itself in
 * a double-quoted scalar or a comment: printable (YAML 1.1), not a line
 * break (NEL, LS, PS), not a byte order mark; else 0.  Tabs and other
 * controls are 0 too: the importer escapes them.
 */
static size_t
wl_fast_char(const unsigned char *p, const unsigned char *end)
{
	uint32_t	 cp;
	size_t		 n, i;

	if (*p < 0x80)
		return (*p >= 0x20 && *p < 0x7f ? 1 : 0);
	if ((*p & 0xe0) == 0xc0) {
		n = 2;
		cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		n = 3;
		cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		n = 4;
		cp = *p & 0x07;
	} else
		return (0);
	if ((size_t)(end - p) < n)
		return (0);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000))
		return (0);	/* overlong */
	if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff ||
	    cp > 0x10ffff)
		return (0);
	return (n);
}

/* Append n bytes to the string being unescaped. */
static void
wl_fast_put(struct wl_fast *f, const char *s, size_t n)
{
	if (f->tmplen + n + 1 > f->tmpcap) {
		f->tmpcap = 2 * (f->tmplen + n + 1);
		f->tmp = xreallocarray(f->tmp, f->tmpcap, 1);
	}
	memcpy(f->tmp + f->tmplen, s, n);
	f->tmplen += n;
	f->tmp[f->tmplen] = '\0';
}

/* Skip a literal at the cursor; 0 if it is not there. */
static int
wl_fast_lit(struct wl_fast *f, const char *lit)
{
	size_t	 n = strlen(lit);

	if ((size_t)(f->eol - f->p) < n || memcmp(f->p, lit, n) != 0)
		return (0);
	f->p += n;
	return (1);
}

/* A \uXXXX escape at p (after the backslash) into f->tmp; -1 if not taken. */
static int
wl_fast_u(struct wl_fast *f, const char *p)
{
	unsigned	 cp = 0, i, d;
	char		 u[3];

	if (f->eol - p < 5)
		return (-1);
	for (i = 1; i < 5; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = (unsigned)(p[i] - '0');
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			d = (unsigned)((p[i] | 0x20) - 'a' + 10);
		else
			return (-1);
		cp = cp << 4 | d;
	}
	/* NUL is refused and surrogates are errors: libyaml says which. */
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
		return (-1);
	wl_fast_put(f, u, (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
	    (utf8proc_uint8_t *)u));
	return (0);
}

/* A double-quoted string at the cursor, unescaped into f->tmp; 0 or -1. */
static int
wl_fast_str(struct wl_fast *f)
{
	const unsigned char	*end = (const unsigned char *)f->eol;
	const char		*p, *run;
	size_t			 n;

	f->tmplen = 0;
	wl_fast_put(f, "", 0);
	if (!wl_fast_lit(f, "\""))
		return (-1);
	for (p = run = f->p; p < f->eol && *p != '"'; p += n) {
		if (*p != '\\') {
			if ((n = wl_fast_char((const unsigned char *)p,
			    end)) == 0)
				return (-1);
			continue;
		}
		wl_fast_put(f, run, (size_t)(p - run));
		if (p + 1 < f->eol && (p[1] == '"' || p[1] == '\\')) {
			wl_fast_put(f, p + 1, 1);
			n = 2;
		} else if (p + 1 < f->eol && p[1] == 'u' &&
		    wl_fast_u(f, p + 1) == 0)
			n = 6;
		else
			return (-1);
		run = p + n;
	}
	if (p == f->eol)
		return (-1);
	wl_fast_put(f, run, (size_t)(p - run));
	f->p = p + 1;
	return (0);
}

/* A string value that must not be blank: its copy, interned or not. */
static char *
wl_fast_text(struct wl_fast *f, int intern)
{
	if (wl_fast_str(f) == -1 || wl_blank(f->tmp))
		return (NULL);
	if (intern)
		return (wl_intern(f->l, f->tmp, f->tmplen));
	return (wl_copy(f->l, f->tmp, f->tmplen));
}

/*
 * A list of non-blank strings (country codes if codes) into sv; 0 or -1.
 * The empty list leaves sv empty, as wl_names does.
 */
static int
wl_fast_list(struct wl_fast *f, struct strv *sv, int intern, int codes)
{
	char	*s;
	size_t	 i;

	f->nitems = 0;
	if (!wl_fast_lit(f, "["))
		return (-1);
	if (wl_fast_lit(f, "]"))
		return (0);
	do {
		if (codes) {
			if (wl_fast_str(f) == -1 || !wl_code_ok(f->tmp))
				return (-1);
			s = wl_code_intern(f->l, f->tmp);
			for (i = 0; i < f->nitems && f->items[i] != s; i++)
				;
			if (i < f->nitems)
				continue;	/* kept once */
		} else if ((s = wl_fast_text(f, intern)) == NULL)
			return (-1);
		if (f->nitems == f->itemscap) {
			f->itemscap = f->itemscap == 0 ? 16 : 2 * f->itemscap;
			f->items = xreallocarray(f->items, f->itemscap,
			    sizeof *f->items);
		}
		f->items[f->nitems++] = s;
	} while (wl_fast_lit(f, ", "));
	if (!wl_fast_lit(f, "]"))
		return (-1);
	wl_list(f->l, sv, f->nitems);
	memcpy(sv->v, f->items, f->nitems * sizeof *sv->v);
	sv->n = f->nitems;
	return (0);
}

/* One key's value into e; 0 or -1. */
static int
wl_fast_value(struct wl_fast *f, enum wl_fkey k, struct entity *e)
{
	int	 t;

	switch (k) {
	case WL_F_ID:
		e->id = wl_fast_text(f, 0);
		return (e->id != NULL && wl_id_ok(e->id) ? 0 : -1);
	case WL_F_NAME:
		return ((e->name = wl_fast_text(f, 0)) != NULL ? 0 : -1);
	case WL_F_TYPE:
		if (wl_fast_str(f) == -1 || (t = wl_type(f->tmp)) == -1)
			return (-1);
		e->type = (enum entity_type)t;
		return (0);
	case WL_F_ALIASES:
		return (wl_fast_list(f, &e->aliases, 0, 0));
	case WL_F_WEAK_ALIASES:
		return (wl_fast_list(f, &e->weak_aliases, 0, 0));
	case WL_F_PROGRAMS:
		return (wl_fast_list(f, &e->programs, 1, 0));
	case WL_F_COUNTRIES:
		return (wl_fast_list(f, &e->countries, 1, 1));
	case WL_F_LISTED:
		if (wl_fast_str(f) == -1 || !watchlist_date_ok(f->tmp))
			return (-1);
		e->listed = wl_intern(f->l, f->tmp, f->tmplen);
		return (0);
	case WL_F_SOURCE:
		return ((e->source = wl_fast_text(f, 1)) != NULL ? 0 : -1);
	}
	return (-1);
}

/* The rest of an entity line after "  - ", added at line; 0 or -1. */
static int
wl_fast_entity(struct wl_fast *f, size_t line)
{
	struct entity	 e;
	unsigned	 seen = 0;
	size_t		 k;

	memset(&e, 0, sizeof e);
	e.type = ENTITY_OTHER;
	if (!wl_fast_lit(f, "{"))
		return (-1);
	do {
		if (wl_fast_str(f) == -1 || !wl_fast_lit(f, ": "))
			return (-1);
		for (k = 0; k < nitems(wl_entity_keys); k++) {
			if (strcmp(f->tmp, wl_entity_keys[k].name) == 0)
				break;
		}
		if (k == nitems(wl_entity_keys) || (seen & 1u << k) != 0)
			return (-1);
		seen |= 1u << k;
		if (wl_fast_value(f, (enum wl_fkey)k, &e) == -1)
			return (-1);
	} while (wl_fast_lit(f, ", "));
	if (!wl_fast_lit(f, "}") || f->p != f->eol)
		return (-1);
	if ((seen & (1u << WL_F_ID | 1u << WL_F_NAME)) !=
	    (1u << WL_F_ID | 1u << WL_F_NAME))
		return (-1);
	return (wl_entity_add(f->l, &e, line) == SIZE_MAX ? 0 : -1);
}

/* Whether the line at the cursor is a comment that libyaml would take. */
static int
wl_fast_comment(struct wl_fast *f)
{
	const unsigned char	*p = (const unsigned char *)f->p;
	const unsigned char	*end = (const unsigned char *)f->eol;
	size_t			 n;

	if (p == end || *p != '#')
		return (0);
	for (; p < end; p += n) {
		if ((n = wl_fast_char(p, end)) == 0)
			return (0);
	}
	return (1);
}

/*
 * Make room for an entity a line from p on: the arrays and the index are
 * sized once, not doubled a dozen times.  Room not used costs address
 * space, not memory.
 */
static void
wl_fast_reserve(struct wl_fast *f, const char *p, const char *end)
{
	size_t	 lines = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	wl_entity_reserve(f->l, lines + 1);
}

/* Read every line; 0 if the whole file is in the importers' shape. */
static int
wl_fast_lines(struct wl_fast *f, const char *buf, size_t len)
{
	const char	*end = buf + len, *next;
	size_t		 line = 0;
	int		 state = 0;	/* 1 version, 2 name, 3 entities */

	for (next = buf; next < end; line++) {
		f->p = next;
		if ((f->eol = memchr(f->p, '\n', (size_t)(end - f->p))) == NULL)
			f->eol = end;
		next = f->eol < end ? f->eol + 1 : end;
		if (f->p == f->eol || wl_fast_comment(f))
			continue;
		if (state == 3 && wl_fast_lit(f, "  - ")) {
			if (wl_fast_entity(f, line + 1) == -1)
				return (-1);
		} else if (state == 0 && wl_fast_lit(f, "version: 1") &&
		    f->p == f->eol)
			state = 1;
		else if (state == 1 && wl_fast_lit(f, "name: ")) {
			if (wl_fast_str(f) == -1 || f->p != f->eol)
				return (-1);
			state = 2;
		} else if ((state == 1 || state == 2) &&
		    wl_fast_lit(f, "entities:") && f->p == f->eol) {
			wl_fast_reserve(f, f->eol, end);
			state = 3;
		} else
			return (-1);
	}
	return (state == 3 ? 0 : -1);
}

/*
 * Load a file in the importers' shape; 0, or -1 with nothing added if it
 * is not one (then libyaml reads it).  What it adds is held in an arena of
 * its own until the whole file has been read.
 */
static int
wl_fast(struct wl_load *l, const char *buf, size_t len)
{
	struct wl_fast	 f;
	struct yarena	 arena = { .chunk = WL_ARENA_CHUNK };
	size_t		 before = l->w->nentities;
	int		 rc;

	if (!watchlist_fastpath || len > YAML_MAX_FILE)
		return (-1);
	memset(&f, 0, sizeof f);
	f.l = l;
	l->arena = &arena;
	rc = wl_fast_lines(&f, buf, len);
	l->arena = &l->w->arena;
	if (rc == 0)
		ytree_arena_move(l->arena, &arena);
	else {
		wl_undo(l, before, l->w->ncountries);
		ytree_arena_free(&arena);
	}
	free(f.tmp);
	free(f.items);
	return (rc);
}

/* Move the messages of from to the end of to. */
static void
wl_diag_move(struct diag *to, struct diag *from)
{
	size_t	 i;

	for (i = 0; i < from->msgs.n; i++)
		strv_push_owned(&to->msgs, from->msgs.v[i]);
	free(from->msgs.v);
	memset(from, 0, sizeof *from);
}

/*
 * Parse one file's bytes into the watchlist being loaded, as libyaml reads
 * them.  Its errors wait in a diag of their own until libyaml has read the
 * whole file: a YAML error anywhere is then the file's only error, as when
 * the file was read into a tree before any of it was looked at.
 */
static void
wl_parse(struct wl_load *l, const char *name, const void *buf, size_t len)
{
	struct diag	*diag = l->diag, fdiag = { 0 };
	struct yarena	 top = { 0 };
	struct yreader	*r;
	struct ynode	*root;
	size_t		 ne = l->w->nentities, nc = l->w->ncountries;
	int		 rc;

	if (wl_fast(l, buf, len) == 0)
		return;
	if ((r = ytree_reader_new(name, buf, len, diag)) == NULL)
		return;
	l->diag = &fdiag;
	if ((rc = ytree_next(r, &top, &root)) == 0)
		diag_add(&fdiag, name, 1, 1, "missing required key 'version'");
	else if (rc == 1) {
		rc = ytree_map_stream(r, &top, root, wl_keys, nitems(wl_keys),
		    l, &fdiag);
	}
	if (rc != -1)
		rc = ytree_reader_end(r);
	l->diag = diag;
	if (rc == -1) {
		diag_free(&fdiag);
		wl_undo(l, ne, nc);
	} else
		wl_diag_move(diag, &fdiag);
	ytree_reader_free(r);
	ytree_arena_free(&top);
}

/* Start a load of the given files. */
static void
wl_begin(struct wl_load *l, const struct strv *files, struct diag *diag)
{
	memset(l, 0, sizeof *l);
	l->w = xcalloc(1, sizeof *l->w);
	l->w->arena.chunk = WL_ARENA_CHUNK;
	l->arena = &l->w->arena;
	l->diag = diag;
	strv_copy(&l->w->files, files);
}

/* Finish a load: the watchlist, or NULL if any error was recorded. */
static struct watchlist *
wl_end(struct wl_load *l, struct sha256 *sha, size_t before)
{
	static const char	 digits[] = "0123456789abcdef";
	struct watchlist	*w = l->w;
	uint8_t			 md[32];
	size_t			 i;

	sha256_final(sha, md);
	for (i = 0; i < 32; i++) {
		w->hash[2 * i] = digits[md[i] >> 4];
		w->hash[2 * i + 1] = digits[md[i] & 0xf];
	}
	w->hash[64] = '\0';
	free(l->eindex.slots);
	free(l->cindex.slots);
	free(l->strings.slots);
	ytree_arena_free(&l->scratch);
	free(l->ewhere);
	free(l->cwhere);
	if (diag_count(l->diag) > before) {
		watchlist_free(w);
		return (NULL);
	}
	return (w);
}

/* Hash a file's bytes in the hasher's thread. */
static void *
wl_hash_run(void *arg)
{
	struct wl_hasher	*h = arg;

	sha256_update(h->sha, h->buf, h->len);
	return (NULL);
}

/*
 * Start hashing a file's bytes: beside the parse in a thread of its own if
 * the file is large (hashing 200 MB takes a second), else here and now.
 */
static void
wl_hash_start(struct wl_hasher *h, struct sha256 *sha, const char *buf,
    size_t len)
{
	h->sha = sha;
	h->buf = buf;
	h->len = len;
	h->running = len >= WL_HASH_THREAD &&
	    pthread_create(&h->thread, NULL, wl_hash_run, h) == 0;
	if (!h->running)
		wl_hash_run(h);
}

/* Wait until the file is hashed. */
static void
wl_hash_wait(struct wl_hasher *h)
{
	if (h->running && pthread_join(h->thread, NULL) != 0)
		fatalx("%s: pthread_join", __func__);
	h->running = 0;
}

/* Load and merge watchlist files; NULL if any has an error (all in diag). */
struct watchlist *
watchlist_load(const struct strv *files, struct diag *diag)
{
	struct wl_load	 l;
	struct wl_hasher hasher;
	struct sha256	 sha;
	size_t		 before = diag_count(diag), len;
	char		*buf;

	wl_begin(&l, files, diag);
	sha256_init(&sha);
	for (l.file = 0; l.file < files->n; l.file++) {
		buf = ytree_read_file(files->v[l.file], &len, diag);
		if (buf == NULL)
			continue;
		wl_hash_start(&hasher, &sha, buf, len);
		wl_parse(&l, l.w->files.v[l.file], buf, len);
		wl_hash_wait(&hasher);
		free(buf);
	}
	return (wl_end(&l, &sha, before));
}

/* Load a watchlist from a buffer named name, as from a file. */
struct watchlist *
watchlist_load_mem(const char *name, const void *buf, size_t len,
    struct diag *diag)
{
	struct wl_load	 l;
	struct sha256	 sha;
	struct strv	 files = { 0 };
	size_t		 before = diag_count(diag);

	strv_push(&files, name);
	wl_begin(&l, &files, diag);
	strv_free(&files);
	sha256_init(&sha);
	if (len <= YAML_MAX_FILE)	/* else wl_parse says it is */
		sha256_update(&sha, buf, len);
	wl_parse(&l, name, buf, len);
	return (wl_end(&l, &sha, before));
}

/* Free a watchlist; NULL is a no-op. */
void
watchlist_free(struct watchlist *w)
{
	if (w == NULL)
		return;
	free(w->entities);
	free(w->countries);
	ytree_arena_free(&w->arena);
	strv_free(&w->files);
	free(w);
}

/* Whether two strings are both NULL or equal. */
static int
wl_same_str(const char *a, const char *b)
{
	return (a == b || (a != NULL && b != NULL && strcmp(a, b) == 0));
}

/* Whether two string vectors hold the same strings in the same order. */
static int
wl_same_strv(const struct strv *a, const struct strv *b)
{
	size_t	 i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->v[i], b->v[i]) != 0)
			return (0);
	}
	return (1);
}

/*
 * Whether two watchlists hold the same entities and countries in the same
 * order (files and hash aside): how the tests hold the fast path to what
 * libyaml reads.
 */
int
watchlist_same(const struct watchlist *a, const struct watchlist *b)
{
	const struct entity	*x, *y;
	const struct country	*c, *d;
	size_t			 i;

	if (a->nentities != b->nentities || a->ncountries != b->ncountries)
		return (0);
	for (i = 0; i < a->nentities; i++) {
		x = &a->entities[i];
		y = &b->entities[i];
		if (strcmp(x->id, y->id) != 0 ||
		    strcmp(x->name, y->name) != 0 || x->type != y->type ||
		    !wl_same_strv(&x->aliases, &y->aliases) ||
		    !wl_same_strv(&x->weak_aliases, &y->weak_aliases) ||
		    !wl_same_strv(&x->programs, &y->programs) ||
		    !wl_same_strv(&x->countries, &y->countries) ||
		    !wl_same_str(x->listed, y->listed) ||
		    !wl_same_str(x->source, y->source))
			return (0);
	}
	for (i = 0; i < a->ncountries; i++) {
		c = &a->countries[i];
		d = &b->countries[i];
		if (strcmp(c->code, d->code) != 0 ||
		    strcmp(c->name, d->name) != 0 ||
		    !wl_same_strv(&c->aliases, &d->aliases) ||
		    !wl_same_strv(&c->adjectives, &d->adjectives) ||
		    c->sanctioned != d->sanctioned)
			return (0);
	}
	return (1);
}

/* The watched country with a code (in any case), or NULL. */
const struct country *
watchlist_country(const struct watchlist *w, const char *code)
{
	size_t	 i;

	for (i = 0; i < w->ncountries; i++) {
		if (strcasecmp(w->countries[i].code, code) == 0)
			return (&w->countries[i]);
	}
	return (NULL);
}
