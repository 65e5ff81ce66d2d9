/*
 * The matcher: a watchlist compiled into name patterns, and a scan that
 * finds them in text.
 *
 * Text and names are cut into the same tokens (normalize.c): a pattern is a
 * sequence of token hashes, and patterns are grouped by their first token in
 * an open-addressing table.  A scan tokenizes the text once and, at each
 * token, looks up the patterns that start with it and compares the next
 * hashes.  The cost per byte is the tokenizer's; the cost per token is one
 * table probe, whatever the size of the list, and a match is word-bounded by
 * construction.
 *
 * Each watchlist name yields a few variants, each with a method and a score:
 *   the listed name (exact 1.0), the name without a leading or trailing legal
 *   form (exact 0.95), strong aliases (alias 0.95, 0.90 without legal form),
 *   weak aliases (weak-alias 0.60), for persons written "SURNAME, Given
 *   Names" also "Given Names Surname" (reordered 0.95), "First Surname" and
 *   "Surname, First" (reordered 0.90); country names (exact 1.0), aliases
 *   (alias 0.95) and adjectives (adjective 0.90).
 * A legal form alone never matches: what remains after removing it must be
 * two tokens, or one of at least five bytes.  The same token sequence from
 * two variants of one party keeps the best score.
 *
 * The compiled matcher is immutable and shares nothing with the watchlist
 * but the name strings, so a reload can build a new one beside the old.
 */
#include <stdlib.h>
#include <string.h>

#include "sanctwatch.h"

#define MATCHER_MAX_TOKENS	32	/* longer names are cut to this */
#define MATCHER_CHUNK		4096	/* text tokens made at a time */

struct pattern {
	uint64_t	 first;		/* hash of the first token */
	uint32_t	 tok;		/* offset into matcher->toks */
	uint32_t	 ntok;
	uint32_t	 party;
	uint8_t		 kind;		/* enum party_kind */
	uint8_t		 method;	/* enum match_method */
	double		 score;
	const char	*name;		/* the watchlist's string */
};

struct matcher {
	struct pattern	*pats;		/* sorted by first token hash */
	size_t		 npats;
	size_t		 cap;
	uint64_t	*toks;		/* every pattern's token hashes */
	size_t		 ntoks;
	size_t		 tokcap;
	uint32_t	*slots;		/* hash table: index+1 of a run in pats */
	size_t		 nslots;	/* a power of two */
};

/* Legal forms, as token sequences, removed from either end of a name. */
static const char *const matcher_legal_forms[] = {
	"limited liability company", "joint stock company",
	"closed joint stock company", "open joint stock company",
	"public joint stock company", "limited company", "llc", "ooo", "osoo",
	"zao", "oao", "pao", "ao", "jsc", "cjsc", "ojsc", "pjsc", "ltd",
	"limited", "gmbh", "inc", "corp", "co", "llp", "plc", "tov", "too",
};

static const char *const matcher_method_names[] = {
	[MATCH_EXACT] = "exact",
	[MATCH_ALIAS] = "alias",
	[MATCH_WEAK_ALIAS] = "weak-alias",
	[MATCH_ADJECTIVE] = "adjective",
	[MATCH_REORDERED] = "reordered",
};

/* The name of a method, as alerts show it. */
const char *
matcher_method_name(enum match_method m)
{
	if ((size_t)m >= sizeof matcher_method_names /
	    sizeof matcher_method_names[0] || matcher_method_names[m] == NULL)
		return ("unknown");
	return (matcher_method_names[m]);
}

/* Hashes of a string's tokens into out (at most max); returns the count. */
static size_t
matcher_hashes(const char *s, uint64_t *out, size_t max, size_t *lens)
{
	struct token	 t[MATCHER_MAX_TOKENS];
	size_t		 n, i, pos = 0;

	n = normalize_tokens(s, strlen(s), &pos, t, max);
	for (i = 0; i < n; i++) {
		out[i] = t[i].hash;
		if (lens != NULL)
			lens[i] = t[i].flen;
	}
	return (n);
}

#define NLEGAL	(sizeof matcher_legal_forms / sizeof matcher_legal_forms[0])

/* The legal forms' token hashes, made once. */
static struct {
	uint64_t	 h[4];
	size_t		 n;
} matcher_legal[NLEGAL];
static int	matcher_legal_ready;

/* The length of the legal form at the start (or end) of h[0..n), or 0. */
static size_t
matcher_legal_prefix(const uint64_t *h, size_t n, int at_end)
{
	size_t	 i, k, best = 0;

	if (!matcher_legal_ready) {
		for (i = 0; i < NLEGAL; i++) {
			matcher_legal[i].n = matcher_hashes(
			    matcher_legal_forms[i], matcher_legal[i].h, 4,
			    NULL);
		}
		matcher_legal_ready = 1;
	}
	for (i = 0; i < NLEGAL; i++) {
		k = matcher_legal[i].n;
		if (k == 0 || k > n || k <= best)
			continue;
		if (memcmp(at_end ? h + n - k : h, matcher_legal[i].h,
		    k * sizeof *h) == 0)
			best = k;
	}
	return (best);
}

/* Append one pattern, or raise the score of an identical one. */
static void
matcher_add(struct matcher *m, const uint64_t *h, size_t n,
    enum party_kind kind, size_t party, enum match_method method,
    double score, const char *name)
{
	struct pattern	*p;
	size_t		 i;

	if (n == 0)
		return;
	for (i = m->npats; i > 0; i--) {	/* variants of one party */
		p = &m->pats[i - 1];
		if (p->party != party || p->kind != kind)
			break;
		if (p->ntok == n && memcmp(m->toks + p->tok, h,
		    n * sizeof *h) == 0) {
			if (score > p->score) {
				p->score = score;
				p->method = (uint8_t)method;
				p->name = name;
			}
			return;
		}
	}
	if (m->npats == m->cap) {
		m->cap = m->cap == 0 ? 256 : m->cap * 2;
		m->pats = xreallocarray(m->pats, m->cap, sizeof *m->pats);
	}
	while (m->ntoks + n > m->tokcap) {
		m->tokcap = m->tokcap == 0 ? 1024 : m->tokcap * 2;
		m->toks = xreallocarray(m->toks, m->tokcap, sizeof *m->toks);
	}
	memcpy(m->toks + m->ntoks, h, n * sizeof *h);
	p = &m->pats[m->npats++];
	p->first = h[0];
	p->tok = (uint32_t)m->ntoks;
	p->ntok = (uint32_t)n;
	p->party = (uint32_t)party;
	p->kind = (uint8_t)kind;
	p->method = (uint8_t)method;
	p->score = score;
	p->name = name;
	m->ntoks += n;
}

/*
 * Add a name and, if it carries a legal form at either end, the name without
 * it at a lower score, provided enough of the name remains.
 */
static void
matcher_add_name(struct matcher *m, const char *name, enum party_kind kind,
    size_t party, enum match_method method, double score, double stripped)
{
	uint64_t	 h[MATCHER_MAX_TOKENS];
	size_t		 lens[MATCHER_MAX_TOKENS];
	size_t		 n, lead, trail;

	n = matcher_hashes(name, h, MATCHER_MAX_TOKENS, lens);
	if (n == 0)
		return;
	lead = matcher_legal_prefix(h, n, 0);
	trail = lead < n ? matcher_legal_prefix(h + lead, n - lead, 1) : 0;
	if (lead + trail == n)		/* a legal form alone */
		return;
	matcher_add(m, h, n, kind, party, method, score, name);
	if (lead + trail == 0)
		return;
	n -= lead + trail;
	if (n == 1 && lens[lead] < 5)
		return;
	matcher_add(m, h + lead, n, kind, party, method, stripped, name);
}

/*
 * Add the natural-order variants of a person's "SURNAME, Given Names":
 * all given names then the surname, the first given name then the surname,
 * and the surname then the first given name.
 */
static void
matcher_add_person(struct matcher *m, const char *name, size_t party,
    double score)
{
	uint64_t	 sur[MATCHER_MAX_TOKENS], giv[MATCHER_MAX_TOKENS];
	uint64_t	 h[MATCHER_MAX_TOKENS];
	const char	*comma;
	char		*s;
	size_t		 ns, ng;

	if ((comma = strchr(name, ',')) == NULL)
		return;
	s = xstrndup(name, (size_t)(comma - name));
	ns = matcher_hashes(s, sur, MATCHER_MAX_TOKENS / 2, NULL);
	free(s);
	ng = matcher_hashes(comma + 1, giv, MATCHER_MAX_TOKENS / 2, NULL);
	if (ns == 0 || ng == 0)
		return;
	memcpy(h, giv, ng * sizeof *h);
	memcpy(h + ng, sur, ns * sizeof *h);
	matcher_add(m, h, ng + ns, PARTY_ENTITY, party, MATCH_REORDERED, score,
	    name);
	if (ng < 2)
		return;
	h[0] = giv[0];
	memcpy(h + 1, sur, ns * sizeof *h);
	matcher_add(m, h, 1 + ns, PARTY_ENTITY, party, MATCH_REORDERED,
	    score - 0.05, name);
	memcpy(h, sur, ns * sizeof *h);
	h[ns] = giv[0];
	matcher_add(m, h, ns + 1, PARTY_ENTITY, party, MATCH_REORDERED,
	    score - 0.05, name);
}

/* Add every variant of one entity. */
static void
matcher_add_entity(struct matcher *m, const struct entity *e, size_t i)
{
	size_t	 j;

	matcher_add_name(m, e->name, PARTY_ENTITY, i, MATCH_EXACT, 1.0, 0.95);
	if (e->type == ENTITY_PERSON)
		matcher_add_person(m, e->name, i, 0.95);
	for (j = 0; j < e->aliases.n; j++) {
		matcher_add_name(m, e->aliases.v[j], PARTY_ENTITY, i,
		    MATCH_ALIAS, 0.95, 0.90);
		if (e->type == ENTITY_PERSON)
			matcher_add_person(m, e->aliases.v[j], i, 0.90);
	}
	for (j = 0; j < e->weak_aliases.n; j++) {
		matcher_add_name(m, e->weak_aliases.v[j], PARTY_ENTITY, i,
		    MATCH_WEAK_ALIAS, 0.60, 0.55);
	}
}

/* Add every name of one country. */
static void
matcher_add_country(struct matcher *m, const struct country *c, size_t i)
{
	size_t	 j;

	matcher_add_name(m, c->name, PARTY_COUNTRY, i, MATCH_EXACT, 1.0, 1.0);
	for (j = 0; j < c->aliases.n; j++) {
		matcher_add_name(m, c->aliases.v[j], PARTY_COUNTRY, i,
		    MATCH_ALIAS, 0.95, 0.95);
	}
	for (j = 0; j < c->adjectives.n; j++) {
		matcher_add_name(m, c->adjectives.v[j], PARTY_COUNTRY, i,
		    MATCH_ADJECTIVE, 0.90, 0.90);
	}
}

/* Order patterns by first token, then longest first. */
static int
matcher_cmp(const void *a, const void *b)
{
	const struct pattern	*pa = a, *pb = b;

	if (pa->first != pb->first)
		return (pa->first < pb->first ? -1 : 1);
	if (pa->ntok != pb->ntok)
		return (pa->ntok > pb->ntok ? -1 : 1);
	return (0);
}

/* The table slot where runs starting with hash h live or would go. */
static size_t
matcher_slot(const struct matcher *m, uint64_t h)
{
	size_t	 i = (size_t)(h ^ (h >> 29)) & (m->nslots - 1);

	while (m->slots[i] != 0 && m->pats[m->slots[i] - 1].first != h)
		i = (i + 1) & (m->nslots - 1);
	return (i);
}

/* Sort the patterns and index each run of equal first tokens. */
static void
matcher_index(struct matcher *m)
{
	size_t	 i;

	qsort(m->pats, m->npats, sizeof *m->pats, matcher_cmp);
	m->nslots = 16;
	while (m->nslots < m->npats * 2)
		m->nslots *= 2;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	for (i = 0; i < m->npats; i++) {
		if (i > 0 && m->pats[i].first == m->pats[i - 1].first)
			continue;
		m->slots[matcher_slot(m, m->pats[i].first)] = (uint32_t)i + 1;
	}
}

/* Compile a watchlist. */
struct matcher *
matcher_new(const struct watchlist *wl)
{
	struct matcher	*m;
	size_t		 i;

	m = xcalloc(1, sizeof *m);
	for (i = 0; i < wl->nentities; i++)
		matcher_add_entity(m, &wl->entities[i], i);
	for (i = 0; i < wl->ncountries; i++)
		matcher_add_country(m, &wl->countries[i], i);
	matcher_index(m);
	return (m);
}

/* How many name patterns the matcher holds. */
size_t
matcher_names(const struct matcher *m)
{
	return (m->npats);
}

/* Report every pattern that matches the tokens starting at t[i]. */
static size_t
matcher_at(const struct matcher *m, const struct token *t, size_t i,
    size_t n, matcher_cb cb, void *arg)
{
	const struct pattern	*p;
	struct match_hit	 hit;
	size_t			 k, found = 0;
	uint32_t		 s;

	if ((s = m->slots[matcher_slot(m, t[i].hash)]) == 0)
		return (0);
	for (p = &m->pats[s - 1]; p < m->pats + m->npats &&
	    p->first == t[i].hash; p++) {
		if (p->ntok > n - i)
			continue;
		for (k = 1; k < p->ntok; k++) {
			if (m->toks[p->tok + k] != t[i + k].hash)
				break;
		}
		if (k < p->ntok)
			continue;
		hit.kind = (enum party_kind)p->kind;
		hit.party = p->party;
		hit.name = p->name;
		hit.method = (enum match_method)p->method;
		hit.score = p->score;
		hit.start = t[i].start;
		hit.end = t[i + p->ntok - 1].end;
		cb(&hit, arg);
		found++;
	}
	return (found);
}

/*
 * Scan text; call cb for every hit, in order of start; return the count.
 * Tokens are made a chunk at a time, keeping the last MATCHER_MAX_TOKENS of
 * a chunk for the next, so memory does not grow with the text.
 */
size_t
matcher_scan(const struct matcher *m, const char *text, size_t len,
    matcher_cb cb, void *arg)
{
	struct token	*t;
	size_t		 n = 0, pos = 0, i, limit, found = 0;

	if (m->npats == 0 || len == 0)
		return (0);
	t = xreallocarray(NULL, MATCHER_CHUNK, sizeof *t);
	for (;;) {
		n += normalize_tokens(text, len, &pos, t + n,
		    MATCHER_CHUNK - n);
		limit = pos >= len ? n : n - MATCHER_MAX_TOKENS;
		for (i = 0; i < limit; i++)
			found += matcher_at(m, t, i, n, cb, arg);
		if (pos >= len)
			break;
		memmove(t, t + limit, (n - limit) * sizeof *t);
		n -= limit;
	}
	free(t);
	return (found);
}

/* Free a compiled matcher. */
void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	free(m->pats);
	free(m->toks);
	free(m->slots);
	free(m);
}
