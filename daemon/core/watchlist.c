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
 * empty (an empty alias would match everything); topics are written as
 * FollowTheMoney topic names (sanction, export.control).  A country repeated in an
 * entity's countries is kept once.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "core/watchlist-int.h"

/* Files at least this large are hashed in a thread beside the parse. */
#define WL_HASH_THREAD	(4 * 1024 * 1024)
#define WL_HASH_STEP	(8 * 1024 * 1024)	/* hashed between reports */

/* A file's bytes being hashed, maybe in a thread beside the parse. */
struct wl_hasher {
	pthread_t	 thread;
	int		 running;
	struct sha256	*sha;		/* of all the files */
	struct sha256	 file;		/* of this one */
	const char	*buf;
	size_t		 len;
	_Atomic size_t	 done;		/* bytes hashed so far */
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
static void	wl_issuer(void *, const struct ynode *, struct diag *);
static void	wl_published(void *, const struct ynode *, struct diag *);
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
static void	entity_topics(void *, const struct ynode *, struct diag *);
static void	entity_same_as(void *, const struct ynode *, struct diag *);
static void	entity_imo(void *, const struct ynode *, struct diag *);
static void	entity_registrations(void *, const struct ynode *,
		    struct diag *);
static void	entity_dates(void *, const struct ynode *, struct diag *,
		    const char *);
static void	entity_born(void *, const struct ynode *, struct diag *);
static void	entity_established(void *, const struct ynode *,
		    struct diag *);
static void	country_code(void *, const struct ynode *, struct diag *);
static void	country_name(void *, const struct ynode *, struct diag *);
static void	country_aliases(void *, const struct ynode *, struct diag *);
static void	country_adjectives(void *, const struct ynode *,
		    struct diag *);
static void	country_status(void *, const struct ynode *, struct diag *);

static const struct ykey wl_keys[] = {
	{ .name = "version", .required = 1, .parse = wl_version },
	{ .name = "name", .parse = wl_name },
	{ .name = "issuer", .parse = wl_issuer },
	{ .name = "published", .parse = wl_published },
	{ .name = "entities", .parse = wl_entities,
	    .stream = wl_entities_stream },
	{ .name = "countries", .parse = wl_countries,
	    .stream = wl_countries_stream },
};


/* An entity's keys; the fast path reads them in this order. */
const struct ykey wl_entity_keys[] = {
	{ .name = "id", .required = 1, .parse = entity_id },
	{ .name = "name", .required = 1, .parse = entity_name },
	{ .name = "type", .parse = entity_type },
	{ .name = "aliases", .parse = entity_aliases },
	{ .name = "weak_aliases", .parse = entity_weak_aliases },
	{ .name = "programs", .parse = entity_programs },
	{ .name = "countries", .parse = entity_countries },
	{ .name = "listed", .parse = entity_listed },
	{ .name = "source", .parse = entity_source },
	{ .name = "topics", .parse = entity_topics },
	{ .name = "same_as", .parse = entity_same_as },
	{ .name = "imo", .parse = entity_imo },
	{ .name = "registrations", .parse = entity_registrations },
	{ .name = "born", .parse = entity_born },
	{ .name = "established", .parse = entity_established },
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

/* Whether a string is empty or only spaces and tabs. */
int
wl_blank(const char *s)
{
	return (s[strspn(s, " \t")] == '\0');
}

/* Whether an id is free of control characters. */
int
wl_id_ok(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return (0);
	}
	return (1);
}

/* Whether c is an ASCII letter. */
static inline int
wl_letter(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* Whether s is a country code: two ASCII letters. */
int
wl_code_ok(const char *s)
{
	return (wl_letter(s[0]) && wl_letter(s[1]) && s[2] == '\0');
}

/* A copy of len bytes of s in the watchlist's arena. */
char *
wl_copy(struct wl_load *l, const char *s, size_t len)
{
	return (ytree_arena_strndup(l->arena, s, len));
}

/*
 * The watchlist's one copy of a string that many entities repeat
 * (programs, countries, sources, dates): a million entities name a few
 * dozen programs.
 */
char *
wl_intern(struct wl_load *l, const char *s, size_t len)
{
	struct strindex	*ix = &l->strings;
	struct strindex_slot	*slot;
	size_t		 h = strindex_hash(s);

	strindex_reserve(ix, 1);
	slot = strindex_slot(ix, s, h);
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
void
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

/*
 * Set sv to a list of strings as wl_names, and report each that ok
 * refuses: "invalid WHAT 'value' (HINT)" at its line.
 */
static void
wl_names_checked(struct wl_load *l, const struct ynode *val,
    struct diag *diag, struct strv *sv, int intern, int (*ok)(const char *),
    const char *what, const char *hint)
{
	const struct ynode	*it;
	size_t			 i;

	wl_names(l, val, diag, sv, intern);
	for (i = 0; val->type == YNODE_SEQ && i < val->n; i++) {
		it = val->items[i];
		if (it->type == YNODE_SCALAR && !wl_blank(it->scalar) &&
		    !ok(it->scalar))
			ytree_error(diag, it, "invalid %s '%s' (%s)", what,
			    it->scalar, hint);
	}
}

/* The interned upper-case copy of a country code. */
char *
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

/* name: a title for the list, kept for the lists table. */
static void
wl_name(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_load	*l = ctx;

	if (ytree_str(val, diag) != NULL)
		l->w->info[l->file].name = wl_copy(l, val->scalar, val->len);
}

/* issuer: who publishes the list (an authority), kept. */
static void
wl_issuer(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_load	*l = ctx;
	char		*s;

	if (wl_text(l, val, diag, &s, 0) == 0)
		l->w->info[l->file].issuer = s;
}

/* A date value, YYYY-MM-DD; NULL after saying why it is none. */
static const char *
wl_date(const struct ynode *val, struct diag *diag)
{
	const char	*s;

	if ((s = ytree_str(val, diag)) == NULL)
		return (NULL);
	if (!watchlist_date_ok(s)) {
		ytree_error(diag, val, "invalid date '%s' (expected "
		    "YYYY-MM-DD)", s);
		return (NULL);
	}
	return (s);
}

/* published: the list's own date, YYYY-MM-DD, kept. */
static void
wl_published(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_load	*l = ctx;
	const char	*s;

	if ((s = wl_date(val, diag)) != NULL)
		l->w->info[l->file].published = wl_copy(l, s, val->len);
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
int
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

	if ((s = wl_date(val, diag)) != NULL)
		we->e.listed = wl_intern(we->l, s, val->len);
}

/* entities[].source: which list it came from. */
static void
entity_source(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_text(we->l, val, diag, &we->e.source, 1);
}

/*
 * Whether s is written as a FollowTheMoney topic: lower-case ASCII letters,
 * digits, '.', '-' and '_', starting with a letter (sanction,
 * export.control, role.pep).
 */
int
wl_topic_ok(const char *s)
{
	if (*s < 'a' || *s > 'z')
		return (0);
	for (s++; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '.' || *s == '-' || *s == '_'))
			return (0);
	}
	return (1);
}

/*
 * entities[].same_as: the ids of other lists' entries that are this party
 * (a UK record's UN reference): one party with them (watchlist-party.c).
 */
static void
entity_same_as(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names(we->l, val, diag, &we->e.same_as, 1);
}

/*
 * Whether s is written as an IMO number: seven ASCII digits, as the lists
 * give a ship's ("Vessel Registration Identification IMO 9187629") and a
 * shipping company's ("Company Number IMO 5342883").
 */
int
wl_imo_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < 7; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}
	return (s[7] == '\0');
}

/* entities[].imo: its IMO numbers, by which the text may name it. */
static void
entity_imo(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names_checked(we->l, val, diag, &we->e.imo, 0, wl_imo_ok,
	    "IMO number", "seven digits, such as 9187629");
}

/*
 * Whether s is written as a registration number: a label, a space and 8 to
 * 15 ASCII digits ("Tax ID 7702070139", "Registration Number
 * 1027700132195", "INN 01703202210110").
 */
int
wl_registration_ok(const char *s)
{
	const char	*sp = strrchr(s, ' ');
	size_t		 n;

	if (sp == NULL || sp == s)
		return (0);
	n = strlen(sp + 1);
	return (n >= 8 && n <= 15 && strspn(sp + 1, "0123456789") == n);
}

/* entities[].registrations: its tax and company registration numbers. */
static void
entity_registrations(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names_checked(we->l, val, diag, &we->e.registrations, 0,
	    wl_registration_ok, "registration number", "a label, a space and "
	    "8 to 15 digits, such as \"Tax ID 7702070139\"");
}

/*
 * A date of birth as the lists give it, into the years it spans: a year
 * ("1962"), a month ("1962-05"), a day ("1962-05-01"), or two of them with
 * a slash between, the earlier first ("1960/1962": "DOB 1960 to 1962",
 * "circa 1961").  0, or -1 if s is none of these.
 */
int
watchlist_born_years(const char *s, unsigned *lo, unsigned *hi)
{
	char		 day[11];
	const char	*end;
	size_t		 n;
	unsigned	 y[2];
	int		 k;

	for (k = 0; k < 2; k++) {
		end = k == 0 ? strchr(s, '/') : NULL;
		n = end != NULL ? (size_t)(end - s) : strlen(s);
		if (strspn(s, "0123456789") != 4)
			return (-1);
		y[k] = (unsigned)atoi(s);
		if (n == 7 || n == 10) {
			memcpy(day, s, n);
			if (n == 7)
				memcpy(day + 7, "-01", 3);
			day[10] = '\0';
			if (!watchlist_date_ok(day))
				return (-1);
		} else if (n != 4)
			return (-1);
		if (y[k] < WL_BORN_MIN || y[k] > WL_BORN_MAX)
			return (-1);
		if (end == NULL)
			break;
		s = end + 1;
	}
	if (k == 0)
		y[1] = y[0];
	if (y[1] < y[0])
		return (-1);
	*lo = y[0];
	*hi = y[1];
	return (0);
}

/* Widen an entity's years of birth to take lo..hi in. */
void
wl_born_add(struct entity *e, unsigned lo, unsigned hi)
{
	if (e->born_lo == 0 || lo < e->born_lo)
		e->born_lo = (uint16_t)lo;
	if (hi > e->born_hi)
		e->born_hi = (uint16_t)hi;
}

/*
 * entities[].born: a person's dates of birth (watchlist_born_years), kept
 * as the years they span, by which the text's date or the age it gives
 * may tell a namesake.
 */
static void
entity_born(void *ctx, const struct ynode *val, struct diag *diag)
{
	entity_dates(ctx, val, diag, "date of birth");
}

/*
 * entities[].established: a body's dates of founding, kept as a person's
 * years of birth are: a text written before them names another body.
 */
static void
entity_established(void *ctx, const struct ynode *val, struct diag *diag)
{
	entity_dates(ctx, val, diag, "date of establishment");
}

/* A list of dates (watchlist_born_years) into an entity's years. */
static void
entity_dates(void *ctx, const struct ynode *val, struct diag *diag,
    const char *what)
{
	struct wl_entity	*we = ctx;
	const struct ynode	*it;
	unsigned		 lo, hi;
	size_t			 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of strings");
		return;
	}
	for (i = 0; i < val->n; i++) {
		it = val->items[i];
		if (ytree_str(it, diag) == NULL)
			continue;
		if (watchlist_born_years(it->scalar, &lo, &hi) == -1)
			ytree_error(diag, it, "invalid %s '%s' (YYYY, "
			    "YYYY-MM or YYYY-MM-DD, or two of them with a "
			    "slash between, such as 1960/1962)", what,
			    it->scalar);
		else
			wl_born_add(&we->e, lo, hi);
	}
}

/* entities[].topics: FollowTheMoney topics, such as export.control. */
static void
entity_topics(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct wl_entity	*we = ctx;

	wl_names_checked(we->l, val, diag, &we->e.topics, 1, wl_topic_ok,
	    "topic", "a FollowTheMoney topic name, such as sanction or "
	    "export.control");
}

/* Make room for n more entities. */
void
wl_entity_reserve(struct wl_load *l, size_t n)
{
	struct watchlist	*w = l->w;

	if (w->nentities + n <= l->ecap)
		return;
	l->ecap = w->nentities + n;
	w->entities = xreallocarray(w->entities, l->ecap, sizeof *w->entities);
	l->ewhere = xreallocarray(l->ewhere, l->ecap, sizeof *l->ewhere);
	strindex_reserve(&l->eindex, n);
}

/*
 * Add a parsed entity whose id was written at line: SIZE_MAX, or if its id
 * is a duplicate the first one's index (and nothing is added).  With merge,
 * an id first seen in another file is merged into that entity instead.
 */
size_t
wl_entity_add(struct wl_load *l, const struct entity *e, size_t line,
    int merge)
{
	struct watchlist	*w = l->w;
	size_t			 dup;

	if ((dup = strindex_add(&l->eindex, e->id, w->nentities)) != SIZE_MAX) {
		if (!merge || l->ewhere[dup].file == l->file)
			return (dup);
		wl_entity_merge(l, dup, e, line);
		w->info[l->file].entities++;
		return (SIZE_MAX);
	}
	if (w->nentities == l->ecap)
		wl_entity_reserve(l, l->ecap == 0 ? 64 : l->ecap);
	l->ewhere[w->nentities].file = l->file;
	l->ewhere[w->nentities].line = line;
	w->entities[w->nentities++] = *e;
	w->info[l->file].entities++;
	if (l->progress != NULL && w->nentities % WL_PROGRESS_STEP == 0)
		atomic_store_explicit(&l->progress->entities, w->nentities,
		    memory_order_relaxed);
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
	if ((dup = wl_entity_add(l, &we.e, we.id->line, 1)) != SIZE_MAX) {
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
	if ((dup = strindex_add(&l->cindex, wc.c.code, w->ncountries)) !=
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
void
wl_undo(struct wl_load *l, size_t ne, size_t nc)
{
	struct watchlist	*w = l->w;
	size_t			 i;

	if (w->nentities > ne) {
		w->nentities = ne;
		strindex_free(&l->eindex);
		for (i = 0; i < ne; i++)
			strindex_add(&l->eindex, w->entities[i].id, i);
	}
	if (w->ncountries > nc) {
		w->ncountries = nc;
		strindex_free(&l->cindex);
		for (i = 0; i < nc; i++)
			strindex_add(&l->cindex, w->countries[i].code, i);
	}
	strindex_free(&l->strings);
}

/* Forget what a file's reading said of it (its hash stays). */
void
wl_file_reset(struct watchlist_file *f)
{
	f->name = f->issuer = f->published = NULL;
	f->entities = 0;
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
	const char	*fmt, *what;
	int		 rc;

	if (wl_fast(l, buf, len) == 0)
		return;
	if ((fmt = listformat_guess(buf, len, &what)) != NULL) {
		diag_add(diag, name, 0, 0, "this looks like %s, not a "
		    "watchlist: convert it with `sanctwatch import %s %s -o "
		    "watchlist.yaml`", what, fmt, name);
		return;
	}
	wl_file_reset(&l->w->info[l->file]);
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
		wl_file_reset(&l->w->info[l->file]);
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
	l->w->info = xcalloc(files->n + 1, sizeof *l->w->info);
}

/* Finish a load: the watchlist, or NULL if any error was recorded. */
static struct watchlist *
wl_end(struct wl_load *l, struct sha256 *sha, size_t before)
{
	struct watchlist	*w = l->w;
	int			 ok;

	sha256_final_hex(sha, w->hash);
	if (l->merged > WL_MERGE_REPORTS)
		log_warnx("watchlist: %zu entities found in more than one file "
		    "were merged (the first %d named above)", l->merged,
		    WL_MERGE_REPORTS);
	ok = diag_count(l->diag) <= before;
	if (ok)
		wl_parties(l);
	strindex_free(&l->eindex);
	strindex_free(&l->cindex);
	strindex_free(&l->strings);
	ytree_arena_free(&l->scratch);
	free(l->ewhere);
	free(l->cwhere);
	if (!ok) {
		watchlist_free(w);
		return (NULL);
	}
	/* A hit reads its entity's name: at random, in a large list. */
	xcollapse(w->entities, w->nentities * sizeof *w->entities);
	if (w->nentities == 0 && w->files.n > 0)
		log_warnx("watchlist %s%s: no entities: no party can be "
		    "found (%zu countries)", w->files.v[0], w->files.n > 1 ?
		    " and the rest" : "", w->ncountries);
	return (w);
}

/* Hash a file's bytes in the hasher's thread. */
static void *
wl_hash_run(void *arg)
{
	struct wl_hasher	*h = arg;
	size_t			 off, n;

	/* In steps: the fast path gives back what is hashed (wl_fast_drop). */
	for (off = 0; off < h->len; off += n) {
		n = h->len - off < WL_HASH_STEP ? h->len - off : WL_HASH_STEP;
		sha256_update(h->sha, h->buf + off, n);
		sha256_update(&h->file, h->buf + off, n);
		atomic_store(&h->done, off + n);
	}
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
	atomic_store(&h->done, 0);
	sha256_init(&h->file);
	h->running = len >= WL_HASH_THREAD &&
	    pthread_create(&h->thread, NULL, wl_hash_run, h) == 0;
	if (!h->running)
		wl_hash_run(h);
}

/* Wait until the file is hashed; its own hash into hex. */
static void
wl_hash_wait(struct wl_hasher *h, char hex[65])
{
	if (h->running && pthread_join(h->thread, NULL) != 0)
		fatalx("watchlist: cannot join the hashing thread");
	h->running = 0;
	sha256_final_hex(&h->file, hex);
}

/* Load and merge watchlist files; NULL if any has an error (all in diag). */
struct watchlist *
watchlist_load(const struct strv *files, struct diag *diag)
{
	return (watchlist_load_progress(files, diag, NULL));
}

/*
 * Load as watchlist_load, telling progress (if not NULL) which file is
 * being read and how many entities were added so far.
 */
struct watchlist *
watchlist_load_progress(const struct strv *files, struct diag *diag,
    struct watchlist_progress *progress)
{
	struct wl_load	 l;
	struct wl_hasher hasher;
	struct sha256	 sha;
	size_t		 before = diag_count(diag), len;
	char		*buf;

	wl_begin(&l, files, diag);
	l.progress = progress;
	if (progress != NULL)
		atomic_store(&progress->files, files->n);
	sha256_init(&sha);
	for (l.file = 0; l.file < files->n; l.file++) {
		if (progress != NULL) {
			atomic_store(&progress->file, l.file + 1);
			atomic_store(&progress->entities, l.w->nentities);
		}
		buf = ytree_read_file(files->v[l.file], &len, diag);
		if (buf == NULL)
			continue;
		wl_hash_start(&hasher, &sha, buf, len);
		l.path = files->v[l.file];
		l.hashed = &hasher.done;
		wl_parse(&l, l.w->files.v[l.file], buf, len);
		l.hashed = NULL;
		wl_hash_wait(&hasher, l.w->info[l.file].sha256);
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
	if (len <= YAML_MAX_FILE) {	/* else wl_parse says it is */
		sha256_update(&sha, buf, len);
		sha256_hex(buf, len, l.w->info[0].sha256);
	}
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
	free(w->info);
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
		    !strv_equal(&x->aliases, &y->aliases) ||
		    !strv_equal(&x->weak_aliases, &y->weak_aliases) ||
		    !strv_equal(&x->programs, &y->programs) ||
		    !strv_equal(&x->countries, &y->countries) ||
		    !wl_same_str(x->listed, y->listed) ||
		    !wl_same_str(x->source, y->source) ||
		    !strv_equal(&x->topics, &y->topics) ||
		    !strv_equal(&x->same_as, &y->same_as) ||
		    !strv_equal(&x->imo, &y->imo) ||
		    !strv_equal(&x->registrations, &y->registrations) ||
		    x->born_lo != y->born_lo || x->born_hi != y->born_hi)
			return (0);
	}
	for (i = 0; i < a->ncountries; i++) {
		c = &a->countries[i];
		d = &b->countries[i];
		if (strcmp(c->code, d->code) != 0 ||
		    strcmp(c->name, d->name) != 0 ||
		    !strv_equal(&c->aliases, &d->aliases) ||
		    !strv_equal(&c->adjectives, &d->adjectives) ||
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
