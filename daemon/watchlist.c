/*
 * watchlist: watchlist YAML files -> one merged struct watchlist.
 *
 * Files are read in the order given; each is hashed as read (the watchlist's
 * hash is sha256 over all their bytes in order, so any edit shows as a new
 * version) and parsed with ytree.  Keys are static ykey tables, as in
 * config.c.  Entity ids are unique across all files and country codes too:
 * a hash index (open addressing, kept only while loading) finds the first
 * one in constant time even for lists of a million entries, and the error at
 * the duplicate names where the first was.  Every error is collected;
 * watchlist_load returns NULL if there was any.
 *
 * Normalization: country codes are two ASCII letters, stored upper case;
 * listed dates are real YYYY-MM-DD dates; names, ids and aliases must not be
 * empty (an empty alias would match everything).  A country repeated in an
 * entity's countries is kept once.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanctwatch.h"

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* Where an entity or country was defined: a file of the list, a line. */
struct wl_where {
	size_t		 file;
	size_t		 line;
};

/* One slot of the id index: a key borrowed from the watchlist, its index. */
struct wl_slot {
	const char	*key;
	size_t		 idx;
};

/* An open-addressing index of ids; size is a power of two or 0. */
struct wl_index {
	struct wl_slot	*slots;
	size_t		 size;
	size_t		 used;
};

/* The state of one load. */
struct wl_load {
	struct watchlist	*w;
	struct diag		*diag;
	size_t			 file;	/* index into w->files */
	struct wl_index		 eindex;
	struct wl_index		 cindex;
	struct wl_where		*ewhere;	/* as w->entities */
	struct wl_where		*cwhere;	/* as w->countries */
	size_t			 ecap;	/* of entities and ewhere */
	size_t			 ccap;	/* of countries and cwhere */
};

/* An entity being parsed, with where its id was written. */
struct wl_entity {
	struct entity		 e;
	const struct ynode	*id;
};

/* A country being parsed, with where its code was written. */
struct wl_country {
	struct country		 c;
	const struct ynode	*code;
};

static void	wl_version(void *, const struct ynode *, struct diag *);
static void	wl_name(void *, const struct ynode *, struct diag *);
static void	wl_entities(void *, const struct ynode *, struct diag *);
static void	wl_countries(void *, const struct ynode *, struct diag *);
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
	{ .name = "entities", .parse = wl_entities },
	{ .name = "countries", .parse = wl_countries },
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

/* The slot holding key, or the empty slot where it would go. */
static struct wl_slot *
wl_index_slot(const struct wl_index *ix, const char *key)
{
	size_t	 i = wl_hash(key) & (ix->size - 1);

	while (ix->slots[i].key != NULL && strcmp(ix->slots[i].key, key) != 0)
		i = (i + 1) & (ix->size - 1);
	return (&ix->slots[i]);
}

/* Double an index's table (at least 64 slots) and reinsert its keys. */
static void
wl_index_grow(struct wl_index *ix)
{
	struct wl_slot	*old = ix->slots;
	size_t		 oldsize = ix->size, i;

	ix->size = oldsize == 0 ? 64 : oldsize * 2;
	ix->slots = xcalloc(ix->size, sizeof *ix->slots);
	for (i = 0; i < oldsize; i++) {
		if (old[i].key != NULL)
			*wl_index_slot(ix, old[i].key) = old[i];
	}
	free(old);
}

/* Add key with idx; if it is already there, return the first's index. */
static size_t
wl_index_add(struct wl_index *ix, const char *key, size_t idx)
{
	struct wl_slot	*slot;

	if (2 * (ix->used + 1) > ix->size)
		wl_index_grow(ix);
	slot = wl_index_slot(ix, key);
	if (slot->key != NULL)
		return (slot->idx);
	slot->key = key;
	slot->idx = idx;
	ix->used++;
	return (SIZE_MAX);
}

/* Read a non-empty string (not only spaces) into *out. */
static int
wl_text(const struct ynode *val, struct diag *diag, char **out)
{
	char	*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return (-1);
	if (s[strspn(s, " \t")] == '\0') {
		ytree_error(diag, val, "must not be empty");
		free(s);
		return (-1);
	}
	free(*out);
	*out = s;
	return (0);
}

/* Append a list of non-empty strings to sv. */
static void
wl_names(const struct ynode *val, struct diag *diag, struct strv *sv)
{
	size_t	 i;
	char	*s;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of strings");
		return;
	}
	for (i = 0; i < val->n; i++) {
		s = NULL;
		if (wl_text(val->items[i], diag, &s) == 0)
			strv_push_owned(sv, s);
	}
}

/* Read a country code into *out, upper case; -1 if not two letters. */
static int
wl_code(const struct ynode *val, struct diag *diag, char **out)
{
	const char	*s;
	char		*code;

	if (ytree_string(val, diag, out) == -1)
		return (-1);
	code = *out;
	s = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	if (strlen(code) != 2 || strspn(code, s) != 2) {
		ytree_error(diag, val, "invalid country code '%s' (expected "
		    "ISO 3166-1 alpha-2, such as KG)", code);
		return (-1);
	}
	code[0] = (char)(code[0] & ~0x20);
	code[1] = (char)(code[1] & ~0x20);
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
	char	*s = NULL;

	(void)ctx;
	ytree_string(val, diag, &s);
	free(s);
}

/* entities[].id: non-empty, no control characters. */
static void
entity_id(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;
	const char		*p;

	if (wl_text(val, diag, &we->e.id) == -1)
		return;
	we->id = val;
	for (p = we->e.id; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			ytree_error(diag, val, "an id must not contain control "
			    "characters");
			return;
		}
	}
}

/* entities[].name: non-empty, as the list writes it. */
static void
entity_name(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_text(val, diag, &we->e.name);
}

/* entities[].type: person, organization, vessel, aircraft or other. */
static void
entity_type(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;
	char			*s = NULL;
	size_t			 i;

	if (ytree_string(val, diag, &s) == -1)
		return;
	for (i = 0; i < nitems(wl_types); i++) {
		if (strcmp(s, wl_types[i]) == 0) {
			we->e.type = (enum entity_type)i;
			free(s);
			return;
		}
	}
	ytree_error(diag, val, "unknown entity type '%s' (person, "
	    "organization, vessel, aircraft or other)", s);
	free(s);
}

/* entities[].aliases: strong aliases. */
static void
entity_aliases(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(val, diag, &we->e.aliases);
}

/* entities[].weak_aliases: aliases that never alert on their own. */
static void
entity_weak_aliases(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(val, diag, &we->e.weak_aliases);
}

/* entities[].programs: sanctions programs. */
static void
entity_programs(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(val, diag, &we->e.programs);
}

/* entities[].countries: ISO alpha-2 codes, each kept once. */
static void
entity_countries(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;
	char			*code;
	size_t			 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of country codes");
		return;
	}
	for (i = 0; i < val->n; i++) {
		code = NULL;
		if (wl_code(val->items[i], diag, &code) == 0 &&
		    !strv_contains(&we->e.countries, code))
			strv_push_owned(&we->e.countries, code);
		else
			free(code);
	}
}

/* Whether s is a real date written YYYY-MM-DD. */
static int
wl_date_ok(const char *s)
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

	if (ytree_string(val, diag, &we->e.listed) == -1)
		return;
	if (!wl_date_ok(we->e.listed)) {
		ytree_error(diag, val, "invalid date '%s' (expected "
		    "YYYY-MM-DD)", we->e.listed);
	}
}

/* entities[].source: which list it came from. */
static void
entity_source(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_text(val, diag, &we->e.source);
}

/* Free what an entity holds. */
static void
entity_clear(struct entity *e)
{
	free(e->id);
	free(e->name);
	strv_free(&e->aliases);
	strv_free(&e->weak_aliases);
	strv_free(&e->programs);
	strv_free(&e->countries);
	free(e->listed);
	free(e->source);
}

/* Parse one entity and add it, unless it has no id or a duplicate one. */
static void
wl_entity(struct wl_load *l, const struct ynode *item)
{
	struct watchlist	*w = l->w;
	struct wl_entity	 we;
	struct wl_where		*first;
	size_t			 dup;

	memset(&we, 0, sizeof we);
	we.e.type = ENTITY_OTHER;
	ytree_map(item, wl_entity_keys, nitems(wl_entity_keys), &we, l->diag);
	if (we.e.id == NULL) {
		entity_clear(&we.e);
		return;
	}
	if ((dup = wl_index_add(&l->eindex, we.e.id, w->nentities)) !=
	    SIZE_MAX) {
		first = &l->ewhere[dup];
		ytree_error(l->diag, we.id, "duplicate entity id '%s' (first "
		    "at %s:%zu)", we.e.id, w->files.v[first->file],
		    first->line);
		entity_clear(&we.e);
		return;
	}
	if (w->nentities == l->ecap) {
		l->ecap = l->ecap == 0 ? 64 : l->ecap * 2;
		w->entities = xreallocarray(w->entities, l->ecap,
		    sizeof *w->entities);
		l->ewhere = xreallocarray(l->ewhere, l->ecap,
		    sizeof *l->ewhere);
	}
	l->ewhere[w->nentities].file = l->file;
	l->ewhere[w->nentities].line = we.id->line;
	w->entities[w->nentities++] = we.e;
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

/* countries[].code: ISO alpha-2, stored upper case. */
static void
country_code(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	if (wl_code(val, diag, &wc->c.code) == 0)
		wc->code = val;
}

/* countries[].name: the country's common English name. */
static void
country_name(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	wl_text(val, diag, &wc->c.name);
}

/* countries[].aliases: other names. */
static void
country_aliases(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	wl_names(val, diag, &wc->c.aliases);
}

/* countries[].adjectives: Kyrgyz, Kyrgyzstani. */
static void
country_adjectives(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;

	wl_names(val, diag, &wc->c.adjectives);
}

/* countries[].status: sanctioned or watch. */
static void
country_status(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_country	*wc = ctx;
	char			*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return;
	if (strcmp(s, "sanctioned") == 0)
		wc->c.sanctioned = 1;
	else if (strcmp(s, "watch") == 0)
		wc->c.sanctioned = 0;
	else {
		ytree_error(diag, val, "unknown country status '%s' "
		    "(sanctioned or watch)", s);
	}
	free(s);
}

/* Free what a country holds. */
static void
country_clear(struct country *c)
{
	free(c->code);
	free(c->name);
	strv_free(&c->aliases);
	strv_free(&c->adjectives);
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
	ytree_map(item, wl_country_keys, nitems(wl_country_keys), &wc,
	    l->diag);
	if (wc.code == NULL) {
		country_clear(&wc.c);
		return;
	}
	if ((dup = wl_index_add(&l->cindex, wc.c.code, w->ncountries)) !=
	    SIZE_MAX) {
		first = &l->cwhere[dup];
		ytree_error(l->diag, wc.code, "duplicate country code '%s' "
		    "(first at %s:%zu)", wc.c.code, w->files.v[first->file],
		    first->line);
		country_clear(&wc.c);
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

/* Parse one file's bytes into the watchlist being loaded. */
static void
wl_parse(struct wl_load *l, const char *name, const void *buf, size_t len)
{
	struct ydoc	*doc;

	if ((doc = ytree_load_mem(name, buf, len, l->diag)) == NULL)
		return;
	if (doc->root == NULL)
		diag_add(l->diag, name, 1, 1, "missing required key 'version'");
	else
		ytree_map(doc->root, wl_keys, nitems(wl_keys), l, l->diag);
	ydoc_free(doc);
}

/* Start a load of the given files. */
static void
wl_begin(struct wl_load *l, const struct strv *files, struct diag *diag)
{
	memset(l, 0, sizeof *l);
	l->w = xcalloc(1, sizeof *l->w);
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
	free(l->ewhere);
	free(l->cwhere);
	if (diag_count(l->diag) > before) {
		watchlist_free(w);
		return (NULL);
	}
	return (w);
}

/* Load and merge watchlist files; NULL if any has an error (all in diag). */
struct watchlist *
watchlist_load(const struct strv *files, struct diag *diag)
{
	struct wl_load	 l;
	struct sha256	 sha;
	size_t		 before = diag_count(diag), len;
	char		*buf;

	wl_begin(&l, files, diag);
	sha256_init(&sha);
	for (l.file = 0; l.file < files->n; l.file++) {
		buf = ytree_read_file(files->v[l.file], &len, diag);
		if (buf == NULL)
			continue;
		sha256_update(&sha, buf, len);
		wl_parse(&l, files->v[l.file], buf, len);
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
	size_t	 i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nentities; i++)
		entity_clear(&w->entities[i]);
	free(w->entities);
	for (i = 0; i < w->ncountries; i++)
		country_clear(&w->countries[i]);
	free(w->countries);
	strv_free(&w->files);
	free(w);
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
