/*
 * The matcher: a watchlist compiled into name patterns, and a scan that
 * finds them in text.
 *
 * Text and names are cut into the same tokens (normalize.c), each with two
 * hashes: its folded form and its spelling skeleton.  Every distinct name
 * token is one entry of a vocabulary; a pattern is a sequence of vocabulary
 * ids.  Patterns are grouped by a key, the skeleton of a one-token name or
 * the skeletons of the first two tokens of a longer one, sorted into
 * buckets by the key's low bits (a directory gives each bucket's first
 * pattern), and fronted by two bitsets: the skeletons of the names' first
 * tokens (at most 1 MB), and the keys (at most 8 MB).  A scan tokenizes
 * the text a chunk at a time, picks the tokens whose skeleton is a first
 * token with one bit test each and no branch, and for those tests the key
 * bits (the pair starting there, the token alone); only when one is set
 * does it look in the bucket and compare the tokens' skeletons.  A hit
 * whose folded hashes also agree is exact; otherwise it is a spelling
 * variant.  The cost per byte is the tokenizer's and the cost per token is
 * one bit test whatever the size of the list; a match is word-bounded by
 * construction.  Hashes are 64-bit and not confirmed against the strings:
 * a false hit needs a collision of every token of a name.
 *
 * The forms each listed name is written in, with their methods and scores,
 * come from names.c.
 *
 * The compiled matcher is immutable and shares nothing with the watchlist
 * but the name strings, so a reload can build a new one beside the old.
 */
#include <sys/mman.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "core/matcher-int.h"

#if defined(__linux__) && !defined(MADV_COLLAPSE)
#define MADV_COLLAPSE		25	/* Linux 6.1; glibc 2.36 lacks it */
#endif

#define MATCHER_MAX_CANDS	64	/* hits weighed together at a position */
#define MATCHER_MIN_BITS	16	/* log2 of a bitset's size in bits */
#define MATCHER_MAX_BITS	23	/* 1 MB */
#define MATCHER_MAX_KEY_BITS	26	/* 8 MB */
#define MATCHER_AHEAD		8	/* candidates whose keys are fetched */
#define MATCHER_TAG(hash)	((uint8_t)((hash) >> 56))
#define MATCHER_NEAR_BITS	20	/* log2 of a bitset the L2 cache holds */
#define MATCHER_SORT_SMALL	8	/* buckets sorted by insertion */
#define MATCHER_GROUP_BITS	8	/* bits of bucket a round of swaps sorts */
#define MATCHER_COMMON_DF	17	/* persons bearing a common name */
#define MATCHER_COMMONEST	50	/* one person in this many bears one */
#define MATCHER_LONG_WORD	9	/* letters of a word no list knows */
#define MATCHER_BEARER_NEAR	20000	/* bytes read for a surname's bearer */
#define MATCHER_INITIALS_NEAR	12	/* tokens after a name read for them */

/* A pattern's bits: its kind, method and flags in one byte. */
#define PAT_KIND(p)		((p)->bits & 0x1)
#define PAT_METHOD(p)		(((p)->bits >> 1) & 0x7)
#define PAT_NOFUZZY		0x10	/* exact hashes only */
#define PAT_GENERIC		0x20	/* only everyday words */
#define PAT_VESSEL		0x40	/* weak without a vessel word near */
#define PAT_COMMA		0x80	/* may cross a comma ("Surname, Given") */
/*
 * The score word: the score, the form's rules, whether a person's.  Its
 * bit of MATCH_R_COMMON_NAMES, which only a person's name has, is
 * MATCH_R_ABBREV in another's, which only a firm's has.
 */
#define PAT_SCORE(p)		((unsigned)(p)->score & 0x3ff)
#define PAT_RULES(p)		((((p)->score & PAT_PERSON) ? \
				    ((unsigned)(p)->score >> 10) & 0x1f : \
				    ((unsigned)(p)->score >> 10) & 0xf) | \
				    (((p)->score & (PAT_PERSON | PAT_ABBREV)) == \
				    PAT_ABBREV ? MATCH_R_ABBREV : 0))
#define PAT_ABBREV		(MATCH_R_COMMON_NAMES << 10)
#define PAT_PERSON		0x8000
#define PAT_FORM_RULES		(MATCH_R_LEGAL | MATCH_R_PAREN | \
				    MATCH_R_APOSTROPHE | MATCH_R_CAPPED)
/* The token count and a person's name order. */
#define PAT_NTOK(p)		((size_t)(p)->ntok & 0x3f)
#define PAT_ORDER(p)		((enum match_order)((p)->ntok >> 6))
#define PAT_CAPS		0x40	/* in ntok, not reordered: needs capitals */
#define PAT_HEAD		0x80	/* in ntok, not reordered: VAR_HEAD */
#define PAT_IS_HEAD(p)		(PAT_METHOD(p) != MATCH_REORDERED && \
				    ((p)->ntok & PAT_HEAD))
#define PAT_NEEDS_CAPS(p)	(PAT_METHOD(p) != MATCH_REORDERED && \
				    ((p)->ntok & PAT_CAPS))

/* One distinct name token. */
struct vtok {
	uint64_t	 hash;
	uint64_t	 skel;
	uint32_t	 df;		/* persons whose names have it */
	union {
		uint32_t last;		/* build only: the last person + 1 */
		uint32_t bearers;	/* then: matcher_crowd */
	};
};

/*
 * A pattern, 20 bytes (a million entities make seven million).  Its key is
 * the low half of matcher_key() of its first tokens: it picks the
 * pattern's bucket and tells runs apart within one; a pattern is confirmed
 * token by token, so the half key need not be unique.  Its name is a
 * number, not a pointer: which of its party's strings (matcher_name_id).
 */
struct pattern {
	uint32_t	 key;		/* (uint32_t)matcher_key() */
	uint32_t	 tok;		/* offset into matcher->toks; see ones */
	uint32_t	 party;
	uint32_t	 name;		/* matcher_name_id() */
	uint16_t	 score;		/* per mille; MATCH_R_* << 10; PAT_PERSON */
	uint8_t		 ntok;		/* tokens; enum match_order << 6 */
	uint8_t		 bits;		/* kind, method << 1, PAT_* */
};

struct matcher {
	const struct watchlist *wl;	/* whose strings names are */
	const char	**xnames;	/* names not of their party's strings */
	size_t		 nxnames;
	const char	*lastname;	/* build only: the last name's number */
	uint32_t	 lastid;
	struct vtok	*vocab;
	size_t		 nvocab;
	size_t		 vcap;
	uint32_t	*vslots;	/* build only: hash -> vocab id + 1 */
	size_t		 nvslots;
	uint32_t	*toks;		/* every pattern's vocabulary ids */
	size_t		 ntoks;
	int		 ones;		/* a one-token pattern's tok is its id */
	size_t		 tokcap;
	struct pattern	*pats;		/* by bucket, then matcher_cmp */
	size_t		 npats;
	size_t		 cap;
	uint32_t	*dir;		/* bucket -> its first pattern */
	uint32_t	 dmask;		/* buckets - 1 */
	uint8_t		*tags;		/* per pattern: its first word's hash */
	uint64_t	*first;		/* bitset: skeletons of first tokens */
	unsigned	 fshift;	/* 64 - log2(bits in first) */
	uint64_t	*keys;		/* bitset: matcher_key()s */
	unsigned	 kshift;	/* 64 - log2(words in keys) */
	size_t		 persons;	/* listed persons, each party once */
	size_t		 lastperson;	/* build only: the last counted + 1 */
	size_t		 never;		/* listed names that never match */
	char		*never_first;	/* the first of them, for the log */
	struct num_ref	*imos;		/* listed IMO numbers, by number */
	size_t		 nimos;
	uint64_t	 imo_skel;	/* of the word "IMO" */
	struct num_ref	*regs;		/* registration numbers, by number */
	size_t		 nregs;
	uint64_t	*family;	/* bitset: persons with a relative */
	uint64_t	*splinter;	/* bitset: groups called dissidents */
	struct placed	*placed;	/* bodies' names with a place, by key */
	size_t		 nplaced;
	size_t		 placedcap;
	uint64_t	*given;		/* build only: Arabic given names */
	size_t		 ngiven;
	size_t		 givencap;
};

/*
 * A body's name less the place it names ("ISLAMIC JIHAD" of "ISLAMIC
 * JIHAD OF PALESTINE", "EGYPTIAN ISLAMIC JIHAD"), by the key of what is
 * left (names_party_key), with the place's country.
 */
struct placed {
	uint64_t	 key;
	uint32_t	 party;
	char		 cc[3];
	const char	*name;		/* the listed name, place and all */
};

/*
 * A listed IMO or registration number, its entity and what a hit on it
 * says it matched.
 */
struct num_ref {
	uint64_t	 num;
	uint32_t	 entity;
	char		*name;		/* "IMO 9187629", "Tax ID 7702070139" */
};

/*
 * A pattern's vocabulary ids.  Once compiled, a pattern of one token holds
 * its id itself: a surname a hundred listed persons bear is a hundred such
 * patterns in a row, and each read of matcher->toks was a miss in memory.
 */
static inline const uint32_t *
matcher_ids(const struct matcher *m, const struct pattern *p)
{
	if (m->ones && PAT_NTOK(p) == 1)
		return (&p->tok);
	return (m->toks + p->tok);
}

static const char *const matcher_method_names[] = {
	[MATCH_EXACT] = "exact",
	[MATCH_ALIAS] = "alias",
	[MATCH_WEAK_ALIAS] = "weak-alias",
	[MATCH_ADJECTIVE] = "adjective",
	[MATCH_REORDERED] = "reordered",
	[MATCH_TRANSLITERATED] = "transliterated",
	[MATCH_FUZZY] = "fuzzy",
	[MATCH_SURNAME] = "surname",
	[MATCH_RULE] = "rule",
	[MATCH_IMO] = "imo",
	[MATCH_REGISTRATION] = "registration",
	[MATCH_UNKNOWN] = "unknown",
};

/* Score penalties, per mille. */
#define PENALTY_TRANSLIT	50
#define PENALTY_SKELETON	80
#define PENALTY_ONE_WORD	150	/* and a lone word spelt otherwise */
#define PENALTY_COMMON_NAMES	250	/* a person's name of common names */
#define PENALTY_LONGER		300	/* inside a longer name */
#define PENALTY_GENERIC		300	/* a name of everyday words */
#define PENALTY_CASELESS	300	/* words, in text without case */
#define PENALTY_BARE		200	/* one word left of a firm's name */
#define PENALTY_HEAD		150	/* a long firm's first two words */
#define PENALTY_SHIPNAME	250	/* a ship's name of words */
#define SCORE_NICKNAMED		900	/* see matcher_nicknamed */
#define SCORE_MEN		850	/* initials before a group's men */
#define SCORE_ACRONYM		900	/* a body's acronym, corroborated */
#define PENALTY_ACRONYM		250	/* and alone */
#define SCORE_FAMILY		500	/* a double surname two persons bear */
#define SCORE_TITLED		850	/* a title before a rare surname */
#define SCORE_NUMBER		1000	/* a listed IMO or registration
					   number, alone or after the name */
#define WRITTEN_UNKNOWN		2	/* matcher_written: no case to tell by */

static const char *const matcher_order_names[] = {
	[ORDER_GIVEN_SURNAME] = "given names, surname",
	[ORDER_FIRST_SURNAME] = "first given name, surname",
	[ORDER_SURNAME_FIRST] = "surname, first given name",
	[ORDER_DOUBLE_SURNAME] = "given names, first half of the surname",
};

/* The rules, in bit order, as an alert's explanation names them. */
static const char *const matcher_rule_names[MATCH_R_NRULES] = {
	"legal form left out",
	"part of the name left out",
	"apostrophes left out",
	"short, common or initials: weak alone",
	"only common names on the lists",
	"spelling variant",
	"transliterated from Cyrillic",
	"one word spelt differently",
	"part of a longer name in the text",
	"vessel word near",
	"vessel name with no vessel word near",
	"only everyday words",
	"a country of the party named in the text",
	"one word once the legal form is left out: weak alone",
	"sanctions words in the text",
	"another listed party of its program named in the text",
	"a name many people bear, in a sport report",
	"a long name's first words: weak alone",
	"a nickname in quotes inside the name",
	"text in capitals: case cannot tell the name from words",
	"its IMO number right after it",
	"another ship's IMO number right after it",
	"its registration number right after it",
	"another registration number right after it",
	"a word written another way: short or long (Co, Corp, Intl), in "
	    "the other number (Tiger, Brigades), a body's by another word "
	    "(group, cartel, television), a country by another of its names "
	    "(Burma, Myanmar), or in another place (Sepah Bank, Oil "
	    "Ministry)",
	"a word for a group's men right after it, or before a word for a "
	    "group right before it (PKK guerrillas, the rebel group PKK), or "
	    "its own initials after it (National Liberation Army "
	    "(ELN))",
	"a ship's name of everyday words or a name, a vessel word its only "
	    "evidence: many ships bear it",
	"a given name joined by \"and\" to another person's name, whose "
	    "surname it shares (Uday and Qusay Hussein)",
	"a title right before a surname that one listed person and no "
	    "census bears (President Putin, Mullah Baradar)",
	"a vessel word right before a name that is no vessel's, here or at "
	    "another mention: a ship of that name (the bulk carrier Golden "
	    "Star)",
	"a person born after the text's date, or a child then, or of "
	    "another age than the text gives, a body established after the "
	    "text's date, or a group the list calls another's dissidents "
	    "where the text never says so: another party of that name",
	"a given name alone after a word of kinship, with the surname of a "
	    "person named before it (Hafez al-Assad ... his son Bashar)",
};

/* How a person's name was ordered, as alerts show it. */
const char *
matcher_order_name(enum match_order o)
{
	if ((size_t)o >= nitems(matcher_order_names))
		return ("unknown");
	return (matcher_order_names[o]);
}

/* The name of one rule bit (MATCH_R_*), or NULL. */
const char *
matcher_rule_name(unsigned rule)
{
	size_t	 i;

	for (i = 0; i < nitems(matcher_rule_names); i++) {
		if (rule == 1u << i)
			return (matcher_rule_names[i]);
	}
	return (NULL);
}

/* The name of a method, as alerts show it. */
const char *
matcher_method_name(enum match_method m)
{
	if ((size_t)m >= nitems(matcher_method_names) ||
	    matcher_method_names[m] == NULL)
		return ("unknown");
	return (matcher_method_names[m]);
}

/* The method of a name, or -1. */
int
matcher_method_parse(const char *s)
{
	size_t	 m;

	for (m = 0; s != NULL && m < nitems(matcher_method_names); m++) {
		if (strcmp(s, matcher_method_names[m]) == 0)
			return ((int)m);
	}
	return (-1);
}

/* The vocabulary slot of a folded hash. */
static size_t
matcher_vslot(const struct matcher *m, uint64_t h)
{
	size_t	 i = (size_t)(h ^ (h >> 31)) & (m->nvslots - 1);

	while (m->vslots[i] != 0 && m->vocab[m->vslots[i] - 1].hash != h)
		i = (i + 1) & (m->nvslots - 1);
	return (i);
}

/* Double the vocabulary's index. */
static void
matcher_vgrow(struct matcher *m)
{
	size_t	 i;

	free(m->vslots);
	m->nvslots = m->nvslots == 0 ? 1024 : m->nvslots * 2;
	m->vslots = xcalloc(m->nvslots, sizeof *m->vslots);
	for (i = 0; i < m->nvocab; i++)
		m->vslots[matcher_vslot(m, m->vocab[i].hash)] = (uint32_t)i + 1;
}

/* The vocabulary id of a token, added if new. */
static uint32_t
matcher_vocab(struct matcher *m, uint64_t hash, uint64_t skel)
{
	size_t	 s;

	if ((m->nvocab + 1) * 2 > m->nvslots)
		matcher_vgrow(m);
	s = matcher_vslot(m, hash);
	if (m->vslots[s] != 0)
		return (m->vslots[s] - 1);
	if (m->nvocab == m->vcap) {
		m->vcap = m->vcap == 0 ? 1024 : m->vcap * 2;
		m->vocab = xreallocarray(m->vocab, m->vcap, sizeof *m->vocab);
	}
	m->vocab[m->nvocab].hash = hash;
	m->vocab[m->nvocab].skel = skel;
	m->vocab[m->nvocab].df = 0;
	m->vocab[m->nvocab].last = 0;
	m->vslots[s] = (uint32_t)m->nvocab + 1;
	return ((uint32_t)m->nvocab++);
}

/*
 * The table key of a pattern: the skeleton of its only token, or of its
 * first two, so that a common first word ("Global", "Trade") does not make
 * a long run to walk.
 */
static inline uint64_t
matcher_key(uint64_t s0, uint64_t s1, size_t n)
{
	uint64_t	 k;

	if (n < 2)
		return (s0);
	k = (s0 ^ (s1 << 31 | s1 >> 33)) * 0xc2b2ae3d27d4eb4fULL;
	return (k ^ (k >> 31));
}

/*
 * The number of a variant's name among its party's strings: 0 its name,
 * then its aliases, then its weak aliases (a country's adjectives).  A
 * name that is none of them is kept in xnames, its number NAME_OTHER and
 * its place there.
 */
#define NAME_OTHER	0x80000000u
static uint32_t
matcher_name_id(struct matcher *m, const struct variant *v)
{
	const struct strv	*lists[2] = { NULL, NULL };
	const char		*first = NULL;
	uint32_t		 id = 1;
	size_t			 i, k;

	if (m->wl != NULL && v->kind == PARTY_ENTITY &&
	    v->party < m->wl->nentities) {
		first = m->wl->entities[v->party].name;
		lists[0] = &m->wl->entities[v->party].aliases;
		lists[1] = &m->wl->entities[v->party].weak_aliases;
	} else if (m->wl != NULL && v->kind == PARTY_COUNTRY &&
	    v->party < m->wl->ncountries) {
		first = m->wl->countries[v->party].name;
		lists[0] = &m->wl->countries[v->party].aliases;
		lists[1] = &m->wl->countries[v->party].adjectives;
	}
	if (first != NULL && v->name == first)
		return (0);
	for (k = 0; k < 2 && lists[k] != NULL; k++) {
		for (i = 0; i < lists[k]->n; i++, id++) {
			if (v->name == lists[k]->v[i])
				return (id);
		}
	}
	m->xnames = xreallocarray(m->xnames, m->nxnames + 1,
	    sizeof *m->xnames);
	m->xnames[m->nxnames] = v->name;
	return (NAME_OTHER | (uint32_t)m->nxnames++);
}

/* The name string of a pattern. */
static const char *
matcher_name(const struct matcher *m, const struct pattern *p)
{
	const struct strv	*a, *b;
	const char		*first;
	uint32_t		 id = p->name;

	if (id & NAME_OTHER)
		return (m->xnames[id & ~NAME_OTHER]);
	if (PAT_KIND(p) == PARTY_ENTITY) {
		first = m->wl->entities[p->party].name;
		a = &m->wl->entities[p->party].aliases;
		b = &m->wl->entities[p->party].weak_aliases;
	} else {
		first = m->wl->countries[p->party].name;
		a = &m->wl->countries[p->party].aliases;
		b = &m->wl->countries[p->party].adjectives;
	}
	if (id == 0)
		return (first);
	return (id - 1 < a->n ? a->v[id - 1] : b->v[id - 1 - a->n]);
}

/* Fill in a pattern's name, score, rules, order and bits from a variant. */
static void
matcher_set(struct matcher *m, struct pattern *p, const struct ntoks *nt,
    const size_t *idx, size_t n, const struct variant *v)
{
	p->name = matcher_name_id(m, v);
	p->score = (uint16_t)(v->score | (v->rules & PAT_FORM_RULES) << 10 |
	    ((v->rules & MATCH_R_ABBREV) ? PAT_ABBREV : 0) |
	    (v->type == ENTITY_PERSON ? PAT_PERSON : 0));
	p->ntok = (uint8_t)(n | (v->method == MATCH_REORDERED ?
	    (unsigned)v->order << 6 : ((v->rules & VAR_CAPS) ? PAT_CAPS : 0) |
	    ((v->rules & VAR_HEAD) ? PAT_HEAD : 0)));
	p->bits = (uint8_t)(v->kind | v->method << 1 |
	    ((n == 1 && nt->flen[idx[0]] < 6) ? PAT_NOFUZZY : 0) |
	    ((v->rules & VAR_GENERIC) ? PAT_GENERIC : 0) |
	    ((v->rules & VAR_VESSEL) ? PAT_VESSEL : 0) |
	    ((v->rules & VAR_COMMA) ? PAT_COMMA : 0));
}

/*
 * Count a person's tokens once each: how many persons bear a token tells a
 * common name ("Mohammed", "Ali") from a rare one (matcher_common_names).
 * A person is counted once, by the first entry of the party: on three
 * lists, Saddam Hussein's family of seven is seven bearers of "Saddam",
 * not twenty-one.
 */
static void
matcher_count(struct matcher *m, const uint32_t *ids, size_t n,
    const struct variant *v)
{
	size_t	 i;

	if (v->kind != PARTY_ENTITY || v->type != ENTITY_PERSON ||
	    m->wl->entities[v->party].same != v->party)
		return;
	if (m->lastperson != v->party + 1) {
		m->lastperson = v->party + 1;
		m->persons++;
	}
	for (i = 0; i < n; i++) {
		if (m->vocab[ids[i]].last != v->party + 1) {
			m->vocab[ids[i]].last = (uint32_t)v->party + 1;
			m->vocab[ids[i]].df++;
		}
	}
}

/*
 * Count the bearers of a name however it is spelt: the persons of every
 * spelling of one skeleton ("Omar" and "Umar", "Hussein" and "Husayn")
 * bear one name, and "Mohammad Omar" is as common as "Muhammad Umar".  A
 * person with two spellings of one name is counted twice.
 */
static void
matcher_df_by_skel(struct matcher *m)
{
	struct { uint64_t skel; uint32_t df; } *t;
	size_t		 i, j, n = 64, borne = 0;

	for (i = 0; i < m->nvocab; i++)
		borne += m->vocab[i].df != 0;
	while (n < borne * 2)
		n *= 2;
	t = xcalloc(n, sizeof *t);
	for (i = 0; i < m->nvocab; i++) {
		if (m->vocab[i].df == 0)
			continue;
		for (j = m->vocab[i].skel & (n - 1); t[j].df != 0 &&
		    t[j].skel != m->vocab[i].skel; j = (j + 1) & (n - 1))
			;
		t[j].skel = m->vocab[i].skel;
		t[j].df += m->vocab[i].df;
	}
	for (i = 0; i < m->nvocab; i++) {
		if (m->vocab[i].df == 0)
			continue;
		for (j = m->vocab[i].skel & (n - 1); t[j].skel !=
		    m->vocab[i].skel; j = (j + 1) & (n - 1))
			;
		m->vocab[i].df = t[j].df;
	}
	free(t);
}

/*
 * Where a pattern's token ids go: the forms of one name share most of
 * their words ("OOO VARKOLIN TEKHNO", "VARKOLIN TEKHNO"; "Darbo Denquovich
 * PRALIN", "PRALIN Darbo"), so a pattern's ids are looked for among the
 * last pattern's, or appended after the part of them they begin with.
 * Offsets never go down as patterns are added, and two patterns at one
 * offset differ in length (or are one pattern), so matcher_cmp orders
 * them as when each had ids of its own.  A third of the ids are saved.
 */
static uint32_t
matcher_toks(struct matcher *m, const uint32_t *ids, size_t n)
{
	size_t	 from = m->npats > 1 ? m->pats[m->npats - 2].tok : m->ntoks;
	size_t	 o, k;

	for (o = from; o + n <= m->ntoks; o++) {
		if (m->toks[o] == ids[0] &&
		    memcmp(m->toks + o, ids, n * sizeof *ids) == 0)
			return ((uint32_t)o);
	}
	for (k = n - 1; k > 0; k--) {
		if (m->ntoks - from >= k && m->toks[m->ntoks - k] == ids[0] &&
		    memcmp(m->toks + m->ntoks - k, ids, k * sizeof *ids) == 0)
			break;
	}
	while (m->ntoks + n - k > m->tokcap) {
		m->tokcap = m->tokcap == 0 ? 1024 : m->tokcap * 2;
		m->toks = xreallocarray(m->toks, m->tokcap, sizeof *m->toks);
	}
	memcpy(m->toks + m->ntoks, ids + k, (n - k) * sizeof *ids);
	m->ntoks += n - k;
	return ((uint32_t)(m->ntoks - n));
}

/* Append one pattern, or raise the score of an identical one. */
void
matcher_add(struct matcher *m, const struct ntoks *nt, const size_t *idx,
    size_t n, const struct variant *v)
{
	struct pattern	*p;
	uint32_t	 ids[MATCHER_MAX_TOKENS];
	size_t		 i;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		ids[i] = matcher_vocab(m, nt->hash[idx[i]], nt->skel[idx[i]]);
	matcher_count(m, ids, n, v);
	for (i = m->npats; i > 0; i--) {	/* variants of one party */
		p = &m->pats[i - 1];
		if (p->party != v->party || PAT_KIND(p) != v->kind)
			break;
		if (PAT_NTOK(p) == n && m->toks[p->tok] == ids[0] &&
		    memcmp(m->toks + p->tok, ids, n * sizeof *ids) == 0) {
			if (v->score > PAT_SCORE(p))
				matcher_set(m, p, nt, idx, n, v);
			return;
		}
	}
	if (m->npats == m->cap) {
		m->cap = m->cap == 0 ? 256 : m->cap * 2;
		m->pats = xreallocarray(m->pats, m->cap, sizeof *m->pats);
	}
	p = &m->pats[m->npats++];
	p->key = (uint32_t)matcher_key(nt->skel[idx[0]],
	    n > 1 ? nt->skel[idx[1]] : 0, n);
	p->tok = matcher_toks(m, ids, n);
	p->party = (uint32_t)v->party;
	matcher_set(m, p, nt, idx, n, v);
}

/* Add tokens nt[from..from+n) as one variant. */
void
matcher_add_run(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, const struct variant *v)
{
	size_t	 idx[MATCHER_MAX_TOKENS], i;

	for (i = 0; i < n; i++)
		idx[i] = from + i;
	matcher_add(m, nt, idx, n, v);
}

/*
 * Order patterns by key, longest first, then party, best first, then as
 * added (so the order is the same whatever sort makes it).
 */
static int
matcher_cmp(const void *a, const void *b)
{
	const struct pattern	*pa = a, *pb = b;

	if (pa->key != pb->key)
		return (pa->key < pb->key ? -1 : 1);
	if (PAT_NTOK(pa) != PAT_NTOK(pb))
		return (PAT_NTOK(pa) > PAT_NTOK(pb) ? -1 : 1);
	if (PAT_KIND(pa) != PAT_KIND(pb))
		return (PAT_KIND(pa) < PAT_KIND(pb) ? -1 : 1);
	if (pa->party != pb->party)
		return (pa->party < pb->party ? -1 : 1);
	if (PAT_SCORE(pa) != PAT_SCORE(pb))
		return (PAT_SCORE(pa) > PAT_SCORE(pb) ? -1 : 1);
	if (pa->tok != pb->tok)
		return (pa->tok < pb->tok ? -1 : 1);
	return (0);
}

/* Sort the n patterns of one bucket; tmp has room for n. */
static void
matcher_sort_bucket(struct pattern *p, size_t n, struct pattern *tmp)
{
	struct pattern	 x;
	size_t		 i, j, k, h;

	if (n > MATCHER_SORT_SMALL) {
		/*
		 * A merge sort, stable as glibc's qsort (a merge sort too) is,
		 * with the compare inlined: the buckets of the names many
		 * persons bear hold hundreds of patterns.
		 */
		h = n / 2;
		matcher_sort_bucket(p, h, tmp);
		matcher_sort_bucket(p + h, n - h, tmp);
		if (matcher_cmp(&p[h - 1], &p[h]) <= 0)
			return;
		for (i = 0, j = h, k = 0; i < h && j < n; k++)
			tmp[k] = matcher_cmp(&p[j], &p[i]) < 0 ? p[j++] : p[i++];
		while (i < h)
			tmp[k++] = p[i++];
		memcpy(p, tmp, k * sizeof *p);
		return;
	}
	for (i = 1; i < n; i++) {
		x = p[i];
		for (j = i; j > 0 && matcher_cmp(&p[j - 1], &x) > 0; j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

/*
 * The set of keys is a Bloom filter of two bits per item, both in one
 * 64-bit word: the word picked by the top bits of the hash, the bits by
 * its low twelve.  At 16 bits per item a miss passes about 1.5% of the time
 * (with one bit per item: 6%).  It may take 8 MB: at a million entities
 * (seven million patterns) a cap of 1 MB left it 58% set, and nine keys in
 * ten that passed it were a miss in the directory and the patterns for
 * nothing.  The set of first tokens, tested for every token of the text,
 * has one bit per item in at most 1 MB: the cheapest test, and what it
 * lets through the keys stop.
 */
static inline uint64_t
matcher_bits(uint64_t h)
{
	return (1ULL << (h & 63) | 1ULL << ((h >> 6) & 63));
}

/* Add h to a bitset of 2^(64 - shift) words, two bits per item. */
static inline void
matcher_setbit(uint64_t *bits, unsigned shift, uint64_t h)
{
	bits[h >> shift] |= matcher_bits(h);
}

/* Add h to a bitset of 2^(64 - shift) bits, one bit per item. */
static inline void
matcher_setbit1(uint64_t *bits, unsigned shift, uint64_t h)
{
	uint64_t	 s = h >> shift;

	bits[s / 64] |= 1ULL << (s % 64);
}

/*
 * n bytes of zeros, in huge pages when n is a few of them (xhugealloc):
 * the scan reads the key bitset and the patterns at random, and with 4 KB
 * pages nearly every read of a large matcher was a miss in the TLB too.
 */
static void *
matcher_zalloc(size_t n)
{
	void	*p = xhugealloc(n);

	memset(p, 0, n);
	return (p);
}

/*
 * A bitset of 16 bits per item or more, at most 2^maxb bits; its shift in
 * *shift.
 */
static uint64_t *
matcher_bitset(size_t items, unsigned *shift, unsigned maxb)
{
	unsigned	 b = MATCHER_MIN_BITS;

	while (b < maxb && ((size_t)1 << b) < items * 16)
		b++;
	*shift = 64 - (b - 6);
	return (matcher_zalloc((size_t)1 << b >> 3));
}

/* A person's name words, function words aside (matcher_person_words). */
struct person_words {
	size_t		 words;		/* how many */
	size_t		 ok;		/* how many the predicate takes */
	const struct vtok *first;	/* the first, or NULL */
	const struct vtok *last;	/* the last, or NULL */
};

/*
 * Count the words of person pattern p, and those ok takes, into *pw: 0 if
 * p is no person's.
 */
static int
matcher_person_words(const struct matcher *m, const struct pattern *p,
    int (*ok)(const struct vtok *), struct person_words *pw)
{
	const uint32_t	*ids = matcher_ids(m, p);
	const struct vtok *v;
	size_t		 k;

	memset(pw, 0, sizeof *pw);
	if (!(p->score & PAT_PERSON))
		return (0);
	for (k = 0; k < PAT_NTOK(p); k++) {
		v = &m->vocab[ids[k]];
		if (names_is_function(v->skel))
			continue;
		if (pw->first == NULL)
			pw->first = v;
		pw->last = v;
		pw->words++;
		pw->ok += ok(v) != 0;
	}
	return (1);
}

/* Whether a name many listed persons or a census count bear. */
static int
matcher_is_common(const struct vtok *v)
{
	return (v->df >= MATCHER_COMMON_DF || names_is_popname(v->hash));
}

/*
 * Whether a name is no sign of one person in a sport report: common on
 * the lists or among people (matcher_is_common), or in some country's
 * census tables ("Popov", "Kuznetsov": one country's players bear it as
 * often as its officials).  Not one that a listed family makes frequent
 * on the lists ("Saddam", which his sons bear as their father's name).
 */
static int
matcher_is_namesake(const struct vtok *v)
{
	return (matcher_is_common(v) || names_is_census(v->hash));
}

/* Whether a name is in some country's census tables. */
static int
matcher_is_census(const struct vtok *v)
{
	return (names_is_census(v->hash));
}

/*
 * Whether two names are one Arabic name many bear: a theophoric name or a
 * compound given name ("Abdul Ghani", "Gul Mohammad"), however rare its
 * other word, or a kunya of a name that more than one listed person
 * bears or a census counts ("Abu Bakr", "Abu Omar", "Abu Jihad", the nom
 * de guerre of two listed men and of the PLO's Khalil al-Wazir); not "Abu
 * Qatada", a kunya of a name one listed person alone bears.
 */
static int
matcher_one_arabic(const struct person_words *pw)
{
	if (names_is_compound_tail(pw->last->hash))
		return (1);
	if (!names_is_compound_head(pw->first->hash))
		return (0);
	return (!names_is_kunya_head(pw->first->hash) || pw->last->df > 1 ||
	    matcher_is_namesake(pw->last));
}

/*
 * Whether a person's name of one or two words (function words aside) is
 * made only of common names: names that many listed persons bear
 * ("Mohammed Ali", "Jose Lopez"), or that a country's census counts among
 * its most frequent given names and surnames ("Mark Taylor", "Fernando
 * Torres", names_is_popname()); or one Arabic name in two words ("Abdul
 * Ghani", "Abu Bakr": matcher_one_arabic).  Thousands of people bear
 * such a name, so the form is weak alone, while "Vladimir Putin" has a rare
 * word.
 */
static int
matcher_common_names(const struct matcher *m, const struct pattern *p)
{
	struct person_words pw;

	if (PAT_KIND(p) != PARTY_ENTITY ||
	    !matcher_person_words(m, p, matcher_is_common, &pw) ||
	    pw.words == 0 || pw.words > 2)
		return (0);
	/*
	 * "Abdul Ghani", "Abu Bakr", "Gul Mohammad": one name, however rare
	 * its other word.
	 */
	return (pw.ok == pw.words || (pw.words == 2 &&
	    matcher_one_arabic(&pw)));
}
/* Whether a name is one of the commonest given names of the lists. */
static int
matcher_commonest(const struct matcher *m, const struct vtok *v)
{
	return (v->df >= MATCHER_COMMON_DF &&
	    v->df * MATCHER_COMMONEST > m->persons);
}

/*
 * Whether a person's form is one to three names (function words aside)
 * none of which is rare: each a common name (names_is_popname()), one that
 * MATCHER_COMMON_DF listed persons bear, or one some country's census
 * tables count (matcher_is_namesake).  "Yasser Ibrahim", "Kim Sang",
 * "Mohammad Kazemi", "Alexander Popov", "Kim Yong Su" may be any of many
 * people; "Vladimir Putin" has a name that one listed person bears.  So is
 * a name of two whose first is one of the commonest given names, borne by
 * MATCHER_COMMON_DF listed persons at least and by more than one in
 * MATCHER_COMMONEST, and whose last more than one listed person or a
 * census bears ("Mohammad Zahid", a cricketer as often as a Taliban
 * official; not "Vladimir Putin", nor "Alexander Karelin", the wrestler
 * the lists name as a deputy).  Such a form is weak in a sport report,
 * full of players' names and their countries (alert.c).  Not elsewhere: a
 * listed family ("Assad", "Yanukovych") makes a surname frequent on the
 * lists and not among people.
 */
static int
matcher_namesake(const struct matcher *m, const struct pattern *p,
    const struct token *t)
{
	struct person_words pw;
	size_t		 k;

	/*
	 * A body's name of the article and one word ("AL-SHABAAB", "the
	 * youth") is a club's in a sport report: Al Shabab, Al Ahly.
	 */
	if (!(p->score & PAT_PERSON) && PAT_KIND(p) == PARTY_ENTITY &&
	    PAT_NTOK(p) == 2 && names_is_al(m->vocab[matcher_ids(m,
	    p)[0]].hash))
		return (1);
	if (!matcher_person_words(m, p, matcher_is_namesake, &pw) ||
	    pw.words == 0 || pw.words > 3)
		return (0);
	/*
	 * A Korean or Chinese name of syllables, two or three of five
	 * letters at most with a surname a census counts ("Kim Kwang Il",
	 * "Kim Tong-ho"): a handful of surnames and a few hundred
	 * syllables make every such name many people's.
	 */
	if (pw.words >= 2 && pw.ok >= 1 && PAT_NTOK(p) == pw.words) {
		for (k = 0; k < PAT_NTOK(p) && t[k].flen <= 5; k++)
			;
		if (k == PAT_NTOK(p) && (names_is_census(pw.first->hash) ||
		    names_is_census(pw.last->hash)))
			return (1);
	}
	return (pw.ok == pw.words || (pw.words == 2 &&
	    matcher_commonest(m, pw.first) &&
	    (pw.last->df > 1 || names_is_census(pw.last->hash))));
}

/* Whether a name is no sign of one person: borne by two or more. */
static int
matcher_is_shared(const struct vtok *v)
{
	return (v->df > 1 || matcher_is_namesake(v));
}

/*
 * Whether a person's form of two or three names is made of names that
 * more than one listed person, or a census, bears: spelt otherwise, a
 * namesake's in a sport report (matcher_try).
 */
static int
matcher_spelt_namesake(const struct matcher *m, const struct pattern *p)
{
	struct person_words pw;

	return (matcher_person_words(m, p, matcher_is_shared, &pw) &&
	    pw.words >= 2 && pw.words <= 3 && pw.ok == pw.words);
}

/*
 * Whether a person's form is one Arabic name in two words ("Abdul Qadir",
 * "Abu Bakr": a theophoric name or a kunya; "Gul Mohammad", a compound
 * given name): one name, that the news of the party's own country is
 * full of, so naming the country says nothing of which person it means
 * (alert.c).  Not two names, however common on the lists: "Alexei Miller"
 * in a story on Russia is Gazprom's chief.
 */
static int
matcher_one_name(const struct matcher *m, const struct pattern *p)
{
	struct person_words pw;

	return (matcher_person_words(m, p, matcher_is_census, &pw) &&
	    pw.words == 2 && matcher_one_arabic(&pw));
}

/*
 * Whether a person's form is made only of names that some country's census
 * tables have ("Ivan Duque", "Fernando Torres"): a text on that country is
 * full of people so named, so naming the country says little of which one
 * it means (alert.c).
 */
static int
matcher_census_only(const struct matcher *m, const struct pattern *p)
{
	struct person_words pw;

	return (matcher_person_words(m, p, matcher_is_census, &pw) &&
	    pw.words > 0 && pw.ok == pw.words);
}
/*
 * Swap the patterns of the 1 << bits buckets from from on into their
 * buckets, in place, as dir bounds them (a pattern's bucket is its key &
 * dmask): at most MATCHER_GROUP_BITS bits a round, into groups of buckets
 * by the top bits, then each group the same way.  next has room for
 * 1 << MATCHER_GROUP_BITS.
 */
static void
matcher_group(struct pattern *pats, const uint32_t *dir, uint32_t dmask,
    uint32_t from, unsigned bits, uint32_t *next)
{
	struct pattern	 x;
	unsigned	 r, shift;
	uint32_t	 g, c, ng;

	r = bits < MATCHER_GROUP_BITS ? bits : MATCHER_GROUP_BITS;
	shift = bits - r;
	ng = 1u << r;
	for (g = 0; g < ng; g++)
		next[g] = dir[from + (g << shift)];
	for (g = 0; g < ng; g++) {
		while (next[g] < dir[from + ((g + 1) << shift)]) {
			c = ((pats[next[g]].key & dmask) - from) >> shift;
			if (c == g) {
				next[g]++;
				continue;
			}
			x = pats[next[c]];
			pats[next[c]++] = pats[next[g]];
			pats[next[g]] = x;
		}
	}
	for (g = 0; shift > 0 && g < ng; g++)
		matcher_group(pats, dir, dmask, from + (g << shift), shift,
		    next);
}

/* The whole key of a pattern (matcher_key of its first tokens). */
static uint64_t
matcher_pattern_key(const struct matcher *m, const struct pattern *p)
{
	const uint32_t	*ids = matcher_ids(m, p);

	return (matcher_key(m->vocab[ids[0]].skel, PAT_NTOK(p) > 1 ?
	    m->vocab[ids[1]].skel : 0, PAT_NTOK(p)));
}

/*
 * Whether pattern p is a person's surname alone, of one word, as the
 * scan weighs a crowd of them (matcher_crowd).
 */
static int
matcher_is_surname(const struct pattern *p)
{
	return (PAT_METHOD(p) == MATCH_SURNAME && PAT_NTOK(p) == 1 &&
	    PAT_KIND(p) == PARTY_ENTITY);
}

/*
 * Count the bearers of each surname alone: the listed persons that a word
 * of one skeleton names as a surname by itself ("Henry" of CHENRI,
 * Qusim, "Mohammed" of MOHAMMED, Mustafa), into the vocabulary's bearers
 * (its build-only count of persons is done with).  A surname that more
 * than MATCHER_CROWD of them bear names none of them alone: it scores
 * next to nothing for each (matcher_namesake), counts as a mention of
 * none, and spares the scan a hit per bearer, a thousand for one word of
 * a million names.  Patterns of one key are in a row, a party's together
 * (matcher_cmp); a key tells skeletons apart but for a rare clash of its
 * half, which only counts a few more bearers.
 */
static void
matcher_crowd(struct matcher *m)
{
	size_t		 i, j, k, n;
	uint32_t	 party;

	for (i = 0; i < m->nvocab; i++)
		m->vocab[i].bearers = 0;
	for (i = 0; i < m->npats; i = j) {
		n = 0;
		party = UINT32_MAX;
		for (j = i; j < m->npats && m->pats[j].key == m->pats[i].key;
		    j++) {
			if (matcher_is_surname(&m->pats[j]) &&
			    m->pats[j].party != party) {
				party = m->pats[j].party;
				n++;
			}
		}
		for (k = i; k < j && n > 0; k++) {
			if (matcher_is_surname(&m->pats[k]))
				m->vocab[m->pats[k].tok].bearers = (uint32_t)n;
		}
	}
}

/*
 * Fill the bitsets and mark the common names, then put the patterns in
 * buckets by the low bits of their key, in place (a counting pass, then
 * each pattern swapped into its bucket), and sort each bucket.  No copy of
 * the patterns is made, so a build's peak memory is about what the scans
 * use.  The bitsets come first, while the patterns are in the order they
 * were added and read their tokens in order.  The swaps go in rounds of a
 * few bits (matcher_group), so that each round writes to a few hundred
 * places at a time, which the cache holds: in one round every swap waited
 * for a miss in memory to learn the next, 2.6 of the 7 seconds a million
 * entities took to load and compile.
 */
static void
matcher_index(struct matcher *m)
{
	const uint32_t	*ids;
	struct pattern	*tmp;
	uint32_t	*next, b, big;
	unsigned	 lg = 4;
	size_t		 i, nb = 16;

	free(m->vslots);		/* scans need only the vocabulary */
	m->vslots = NULL;
	m->nvslots = 0;
	m->first = matcher_bitset(m->npats, &m->fshift, MATCHER_MAX_BITS);
	m->fshift -= 6;			/* one bit per item: a shift in bits */
	m->keys = matcher_bitset(m->npats, &m->kshift, MATCHER_MAX_KEY_BITS);
	for (i = 0; i < m->npats; i++) {
		/*
		 * The key bitset of a large list is bigger than the cache:
		 * ask for the word the pattern MATCHER_AHEAD on sets, as the
		 * scan does, and for the vocabulary that one after it reads.
		 */
		if (i + 2 * MATCHER_AHEAD < m->npats) {
			ids = matcher_ids(m, &m->pats[i + 2 * MATCHER_AHEAD]);
			__builtin_prefetch(&m->vocab[ids[0]]);
			if (PAT_NTOK(&m->pats[i + 2 * MATCHER_AHEAD]) > 1)
				__builtin_prefetch(&m->vocab[ids[1]]);
		}
		if (i + MATCHER_AHEAD < m->npats)
			__builtin_prefetch(&m->keys[matcher_pattern_key(m,
			    &m->pats[i + MATCHER_AHEAD]) >> m->kshift], 1);
		ids = matcher_ids(m, &m->pats[i]);
		matcher_setbit1(m->first, m->fshift, m->vocab[ids[0]].skel);
		matcher_setbit(m->keys, m->kshift,
		    matcher_pattern_key(m, &m->pats[i]));
		if (matcher_common_names(m, &m->pats[i]))
			m->pats[i].score |= MATCH_R_COMMON_NAMES << 10;
	}
	while (nb < m->npats / 4) {
		nb *= 2;
		lg++;
	}
	m->dmask = (uint32_t)nb - 1;
	m->dir = xcalloc(nb + 1, sizeof *m->dir);
	for (i = 0; i < m->npats; i++)
		m->dir[(m->pats[i].key & m->dmask) + 1]++;
	for (i = 0; i < nb; i++)
		m->dir[i + 1] += m->dir[i];
	next = xreallocarray(NULL, 1u << MATCHER_GROUP_BITS, sizeof *next);
	if (m->npats > 0)		/* pats is NULL without any */
		matcher_group(m->pats, m->dir, m->dmask, 0, lg, next);
	for (b = 0, big = 0; b < nb; b++) {
		if (m->dir[b + 1] - m->dir[b] > big)
			big = m->dir[b + 1] - m->dir[b];
	}
	tmp = xreallocarray(NULL, big + 1, sizeof *tmp);
	for (b = 0; b < nb; b++) {
		if (m->dir[b + 1] > m->dir[b])
			matcher_sort_bucket(m->pats + m->dir[b],
			    m->dir[b + 1] - m->dir[b], tmp);
	}
	free(tmp);
	free(next);
	m->tags = xreallocarray(NULL, m->npats, sizeof *m->tags);
	for (i = 0; i < m->npats; i++) {
		m->tags[i] = MATCHER_TAG(m->vocab[matcher_ids(m,
		    &m->pats[i])[0]].hash);
		if (PAT_NTOK(&m->pats[i]) == 1)
			m->pats[i].tok = m->toks[m->pats[i].tok];
	}
	m->ones = 1;
	matcher_crowd(m);
	if (m->npats > 0) {		/* give back the growth slack */
		m->pats = xreallocarray(m->pats, m->npats, sizeof *m->pats);
		m->toks = xreallocarray(m->toks, m->ntoks, sizeof *m->toks);
		m->vocab = xreallocarray(m->vocab, m->nvocab,
		    sizeof *m->vocab);
		xcollapse(m->pats, m->npats * sizeof *m->pats);
		xcollapse(m->toks, m->ntoks * sizeof *m->toks);
		xcollapse(m->vocab, m->nvocab * sizeof *m->vocab);
		xcollapse(m->dir, (nb + 1) * sizeof *m->dir);
		xcollapse(m->tags, m->npats * sizeof *m->tags);
	}
}

/* Order IMO and registration numbers by number, then entity. */
static int
matcher_cmp_num(const void *a, const void *b)
{
	const struct num_ref	*x = a, *y = b;

	if (x->num != y->num)
		return (x->num < y->num ? -1 : 1);
	return (x->entity < y->entity ? -1 : x->entity > y->entity);
}

/* The skeleton of one word, as the text's tokens have it. */
static uint64_t
matcher_word_skel(const char *w)
{
	struct ntoks	 nt;

	names_cut(w, strlen(w), &nt, 1);
	return (nt.n == 1 ? nt.skel[0] : 0);
}

/* Add a number of entity i to *refs, and its word to the bitsets. */
static void
matcher_num_add(struct matcher *m, struct num_ref **refs, size_t *n,
    size_t *cap, uint64_t num, size_t i, char *name, const char *word)
{
	uint64_t	 skel = matcher_word_skel(word);

	if (*n == *cap) {
		*cap = *cap == 0 ? 64 : 2 * *cap;
		*refs = xreallocarray(*refs, *cap, sizeof **refs);
	}
	(*refs)[*n].num = num;
	(*refs)[*n].entity = (uint32_t)i;
	(*refs)[(*n)++].name = name;
	matcher_setbit1(m->first, m->fshift, skel);
	matcher_setbit(m->keys, m->kshift, skel);
}

/*
 * The listed IMO and registration numbers, by number: a text that writes
 * one names its ship or firm whatever name it gives, as a renamed tanker
 * of the shadow fleet keeps its number.  The scan stops at "IMO" (and at
 * "IMO9187629", written as one word) and at a listed registration number
 * as at the first word of a name.
 */
static void
matcher_num_index(struct matcher *m)
{
	const struct entity	*e;
	const char		*d;
	char			 word[16];
	size_t			 i, k, icap = 0, rcap = 0;

	for (i = 0; i < m->wl->nentities; i++) {
		e = &m->wl->entities[i];
		for (k = 0; k < e->imo.n; k++) {
			snprintf(word, sizeof word, "IMO%s", e->imo.v[k]);
			matcher_num_add(m, &m->imos, &m->nimos, &icap,
			    strtoull(e->imo.v[k], NULL, 10), i,
			    xasprintf("IMO %s", e->imo.v[k]), word);
		}
		for (k = 0; k < e->registrations.n; k++) {
			d = strrchr(e->registrations.v[k], ' ') + 1;
			matcher_num_add(m, &m->regs, &m->nregs, &rcap,
			    strtoull(d, NULL, 10), i,
			    xstrdup(e->registrations.v[k]), d);
		}
	}
	if (m->nregs > 1)
		qsort(m->regs, m->nregs, sizeof *m->regs, matcher_cmp_num);
	if (m->nimos == 0)
		return;
	qsort(m->imos, m->nimos, sizeof *m->imos, matcher_cmp_num);
	m->imo_skel = matcher_word_skel("IMO");
	matcher_setbit1(m->first, m->fshift, m->imo_skel);
	matcher_setbit(m->keys, m->kshift, m->imo_skel);
}

/*
 * Whether entity e lists registration number num; with num 0, whether it
 * lists one of ndig digits (of the scheme a number of that length is).
 */
static int
matcher_entity_reg(const struct entity *e, uint64_t num, size_t ndig)
{
	const char	*d;
	size_t		 k;

	for (k = 0; k < e->registrations.n; k++) {
		d = strrchr(e->registrations.v[k], ' ') + 1;
		if (num != 0 ? strtoull(d, NULL, 10) == num :
		    strlen(d) == ndig)
			return (1);
	}
	return (0);
}

/*
 * Whether entity e lists IMO number num; with num 0, whether it lists a
 * ship's number (evidence_imo_ship), so is a ship whatever its type says
 * (the UK's list of 2018 calls its ships entities).
 */
static int
matcher_entity_imo(const struct entity *e, uint32_t num)
{
	uint32_t	 x;
	size_t		 k;

	for (k = 0; k < e->imo.n; k++) {
		x = (uint32_t)strtoul(e->imo.v[k], NULL, 10);
		if (num == 0 ? evidence_imo_ship(x) : x == num)
			return (1);
	}
	return (0);
}

/* Count a listed name that never matches (names.c says which at debug). */
void
matcher_never(struct matcher *m, const char *kind, const char *id,
    const char *name)
{
	if (m->never++ == 0)
		m->never_first = xasprintf("%s %s \"%s\"", kind, id, name);
}

/* Remember a body's name less its place (names_add_placed). */
void
matcher_add_placed(struct matcher *m, uint64_t key, size_t party,
    const char *cc, const char *name)
{
	struct placed	*pl;

	if (m->nplaced == m->placedcap) {
		m->placedcap = m->placedcap == 0 ? 64 : 2 * m->placedcap;
		m->placed = xreallocarray(m->placed, m->placedcap,
		    sizeof *m->placed);
	}
	pl = &m->placed[m->nplaced++];
	pl->key = key;
	pl->party = (uint32_t)party;
	memcpy(pl->cc, cc, 2);
	pl->cc[2] = '\0';
	pl->name = name;
}

/* Remember a given name (folded hash) of a person listed with "al-". */
void
matcher_add_given(struct matcher *m, uint64_t hash)
{
	if (m->ngiven == m->givencap) {
		m->givencap = m->givencap == 0 ? 256 : 2 * m->givencap;
		m->given = xreallocarray(m->given, m->givencap,
		    sizeof *m->given);
	}
	m->given[m->ngiven++] = hash;
}

static int
matcher_u64_cmp(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/* Whether a given name was remembered (matcher_add_given). */
int
matcher_has_given(const struct matcher *m, uint64_t hash)
{
	return (m->ngiven > 0 && bsearch(&hash, m->given, m->ngiven,
	    sizeof *m->given, matcher_u64_cmp) != NULL);
}

static int
matcher_placed_cmp(const void *a, const void *b)
{
	const struct placed	*x = a, *y = b;

	if (x->key != y->key)
		return (x->key < y->key ? -1 : 1);
	return (x->party < y->party ? -1 : x->party > y->party);
}

/*
 * The bodies whose names are the words text[0..len) and a place, other
 * than party, where those words are a cover name of party's: an alias
 * that shares no word with its name ("ISLAMIC JIHAD" of HIZBALLAH; not
 * "AL QAIDA" of AL QA'IDA, whose "AL-QAIDA IN IRAQ" is a branch).  At
 * most max, into out; how many.
 */
size_t
matcher_placed(const struct matcher *m, size_t party, const char *text,
    size_t len, struct placed_party *out, size_t max)
{
	const struct entity	*e = &m->wl->entities[party];
	const struct placed	*pl;
	struct ntoks		 a, b;
	char			 buf[256];
	uint64_t		 key;
	size_t			 lo = 0, hi = m->nplaced, mid, i, j, n = 0;

	if (m->nplaced == 0 || len == 0 || len >= sizeof buf ||
	    e->type != ENTITY_ORGANIZATION)
		return (0);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if ((key = names_party_key(buf, 0)) == 0)
		return (0);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->placed[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == m->nplaced || m->placed[lo].key != key)
		return (0);
	names_cut(buf, len, &a, MATCHER_MAX_TOKENS);
	names_cut(e->name, strlen(e->name), &b, MATCHER_MAX_TOKENS);
	for (i = 0; i < a.n; i++) {
		for (j = 0; j < b.n; j++) {
			if (a.skel[i] == b.skel[j])
				return (0);
		}
	}
	for (pl = &m->placed[lo]; pl < m->placed + m->nplaced &&
	    pl->key == key && n < max; pl++) {
		if (pl->party == party)
			continue;
		out[n].party = pl->party;
		memcpy(out[n].cc, pl->cc, sizeof out[n].cc);
		out[n].name = pl->name;
		n++;
	}
	return (n);
}

/*
 * Mark the persons whose surname alone another listed person bears too
 * (a family on the lists: AL-ASSAD, QADHAFI, ARELLANO FELIX), by the
 * surname patterns of one key: a relative is read for only after them
 * (alert.c, alert_kin).  Common surnames have no such pattern.
 */
static void
matcher_families(struct matcher *m)
{
	const struct pattern	*p = m->pats;
	size_t			 i, j, k, first;

	m->family = xcalloc(m->wl->nentities / 64 + 1, sizeof *m->family);
	for (i = 0; i < m->npats; i = j) {
		first = SIZE_MAX;
		for (j = i; j < m->npats && p[j].key == p[i].key; j++) {
			if (PAT_KIND(&p[j]) != PARTY_ENTITY ||
			    PAT_METHOD(&p[j]) != MATCH_SURNAME)
				continue;
			if (first == SIZE_MAX)
				first = p[j].party;
			else if (p[j].party != first)
				first = SIZE_MAX - 1;
		}
		if (first != SIZE_MAX - 1)
			continue;
		for (k = i; k < j; k++) {
			if (PAT_KIND(&p[k]) == PARTY_ENTITY &&
			    PAT_METHOD(&p[k]) == MATCH_SURNAME)
				m->family[p[k].party / 64] |=
				    1ULL << (p[k].party % 64);
		}
	}
}

/*
 * Whether another listed person bears the surname of entity e, a person
 * (matcher_families).
 */
int
matcher_has_family(const struct matcher *m, size_t e)
{
	return (e < m->wl->nentities &&
	    (m->family[e / 64] >> (e % 64)) & 1);
}

/* Note entity e a group whose own names call it dissidents (names.c). */
void
matcher_note_splinter(struct matcher *m, size_t e)
{
	if (e < m->wl->nentities)
		m->splinter[e / 64] |= 1ULL << (e % 64);
}

/* Whether entity e is a group whose own names call it dissidents. */
int
matcher_is_splinter(const struct matcher *m, size_t e)
{
	return (e < m->wl->nentities &&
	    (m->splinter[e / 64] >> (e % 64)) & 1);
}

/*
 * Compile a watchlist.  Names that never match (a legal form alone, no
 * letters) are the lists' own data, reported one by one at import: the
 * load says only how many, in one line.
 */
struct matcher *
matcher_new(const struct watchlist *wl)
{
	struct matcher	*m;
	size_t		 i;

	names_init();
	m = xcalloc(1, sizeof *m);
	m->wl = wl;
	m->splinter = xcalloc(wl->nentities / 64 + 1, sizeof *m->splinter);
	for (i = 0; i < wl->nentities; i++)
		names_note_entity(m, &wl->entities[i]);
	if (m->ngiven > 0)
		qsort(m->given, m->ngiven, sizeof *m->given, matcher_u64_cmp);
	for (i = 0; i < wl->nentities; i++)
		names_add_entity(m, &wl->entities[i], i);
	free(m->given);
	m->given = NULL;
	m->ngiven = m->givencap = 0;
	for (i = 0; i < wl->ncountries; i++)
		names_add_country(m, &wl->countries[i], i);
	if (m->nplaced > 0)
		qsort(m->placed, m->nplaced, sizeof *m->placed,
		    matcher_placed_cmp);
	matcher_df_by_skel(m);
	matcher_index(m);
	matcher_families(m);
	matcher_num_index(m);
	if (m->never > 0)
		log_info("watchlist: %zu %s never match%s (a legal form alone, "
		    "or no letters or digits), such as %s; the log at level "
		    "debug lists them", m->never, m->never == 1 ? "name" :
		    "names", m->never == 1 ? "es" : "", m->never_first);
	free(m->never_first);
	m->never_first = NULL;
	return (m);
}

/* How many name patterns the matcher holds. */
size_t
matcher_names(const struct matcher *m)
{
	return (m->npats);
}

/*
 * Whether a[0..alen), capitals, are the initials of every word of name
 * before any part in parentheses, in order, but "of", "the", "in", "for"
 * and "and": "NIOC" of NATIONAL IRANIAN OIL COMPANY, "LTTE" of
 * LIBERATION TIGERS OF TAMIL EELAM; not "IAEA" of a long name that holds
 * "International Atomic Energy Agency" among other words.  The lists'
 * entries of one body are found by them too (watchlist-party.c).
 */
int
matcher_initials(const char *name, const char *a, size_t alen)
{
	static const char *const skip[] = { "of", "the", "in", "for", "and" };
	const char	*p = name, *w;
	size_t		 n, k = 0, i;

	for (;;) {
		while (*p != '\0' && *p != '(' && !isalnum((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '(')
			break;
		for (w = p; isalnum((unsigned char)*p); p++)
			;
		n = (size_t)(p - w);
		for (i = 0; i < nitems(skip) && (strlen(skip[i]) != n ||
		    strncasecmp(w, skip[i], n) != 0); i++)
			;
		if (i < nitems(skip))
			continue;
		if (k == alen || (w[0] | 0x20) != (a[k] | 0x20))
			return (0);
		k++;
	}
	return (k == alen);
}

/* Whether v has a string of two to ten capitals alone ("ELN"). */
static int
matcher_strv_caps(const struct strv *v)
{
	uint32_t	 i;
	size_t		 k;

	for (i = 0; i < v->n; i++) {
		for (k = 0; v->v[i][k] >= 'A' && v->v[i][k] <= 'Z'; k++)
			;
		if (v->v[i][k] == '\0' && k >= 2 && k <= 10)
			return (1);
	}
	return (0);
}

/*
 * Whether token a of text is entity e's own initials: two to ten capitals
 * that are an alias of the entity, or its name's initials
 * (matcher_initials) if it has no such alias.  1 if so, -1 if other
 * capitals, else 0.
 */
static int
matcher_initials_of(const struct entity *e, const char *text,
    const struct token *a)
{
	char	 s[11];
	size_t	 i;

	if (a->flen < 2 || a->flen > 10 || a->end - a->start != a->flen)
		return (0);
	for (i = 0; i < a->flen; i++) {
		if (text[a->start + i] < 'A' || text[a->start + i] > 'Z')
			return (0);
		s[i] = text[a->start + i];
	}
	s[i] = '\0';
	if (strv_contains(&e->aliases, s) ||
	    strv_contains(&e->weak_aliases, s))
		return (1);
	if (!matcher_strv_caps(&e->aliases) &&
	    !matcher_strv_caps(&e->weak_aliases) &&
	    matcher_initials(e->name, s, a->flen))
		return (1);
	return (-1);
}

/*
 * Whether the name at t[0..nt) has its party's own initials right after
 * it, as the press introduces a group: 1 if so, -1 if other capitals are
 * there, else 0.  "The National Liberation Army (ELN)" is the Colombian
 * group, whose alias ELN is, not the Macedonian one of the same name,
 * whose alias is NLA.  In brackets right after the name; or later in its
 * sentence, a few words on, after a comma or "or" ("The National
 * Liberation Army, a group known by its Spanish initials, ELN, ...",
 * "the Kurdistan Workers Party, or PKK"), where other capitals in
 * brackets right after it say nothing either way.
 */
static int
matcher_own_initials(const struct entity *e, const char *text, size_t len,
    const struct token *t, size_t nt, size_t n)
{
	const struct token	*a = &t[nt];
	size_t			 i, k;

	if (nt >= n)
		return (0);
	for (i = t[nt - 1].end; i < a->start && text[i] == ' '; i++)
		;
	if (i < a->start && text[i] == '(') {
		for (i++; i < a->start && text[i] == ' '; i++)
			;			/* "( ELN )", tokenized */
		if (i != a->start)
			return (0);
		for (i = a->end; i < len && text[i] == ' '; i++)
			;
		if (i == len || text[i] != ')')
			return (0);
		return (matcher_initials_of(e, text, a));
	}
	for (k = nt; k < n && k < nt + MATCHER_INITIALS_NEAR; k++) {
		if (evidence_stop(text, &t[k - 1], &t[k]))
			break;
		if (matcher_initials_of(e, text, &t[k]) <= 0)
			continue;
		if (memchr(text + t[k - 1].end, ',', t[k].start -
		    t[k - 1].end) != NULL || evidence_word(text, &t[k - 1],
		    "or"))
			return (1);
	}
	return (0);
}

/*
 * A scan's state: where the callback goes, and the longest entity hit so
 * far, which hides the hits of other entities it strictly contains ("OSOO
 * PROGRESS LIDER" is no mention of an entity "OSOO PROGRESS").
 */
struct scan {
	const struct watchlist *wl;
	const char	*text;
	size_t		 len;
	const struct token *t0;		/* the chunk's first token */
	matcher_cb	 cb;
	void		*arg;
	size_t		 found;
	size_t		 cover_start;	/* token index of the cover */
	size_t		 cover_end;	/* token index after the cover */
	uint32_t	 cover_party;
	int		 covered;
	size_t		 named_end;	/* token index after the last name */
	size_t		 named_party;	/* its number right after: 1 + party */
};

/*
 * Whether the words t[0..n) of pattern p may be a name in text without
 * case, where "GOOD RUN" and "UK PAY" are written as "Good Run" and
 * "Osama Bin Laden" are.  Function words and numbers aside, one word at
 * least must be no everyday word ("TAMIL TIGERS", "OSAMA BIN LADEN"; not
 * "GOOD RUN", "NEW TECHNOLOGIES"), or each a name many people bear, for a
 * person ("MARK TAYLOR"); or everyday words must be three at least
 * ("FEDERAL SECURITY SERVICE") or joined by a hyphen ("ALFA-BANK"), which
 * a phrase seldom is.  A word spelt otherwise than the list spells it
 * must not be an everyday word as spelt ("ALEKSEY MILLER", "BANK ROSSIA",
 * "GTME TECHNOLOGII", "SAEED AL-JAMAL"; not "UK PAY" for UK Pae Won, "ALI
 * SAID" for AL-SAYYID, Ali).  Nor may a person's name end in a verb that
 * follows names in news ("KHAN SAID" for SAID, Khan).  (exact: whether
 * every word is spelt as listed.)
 */
static int
matcher_caseless_name(const struct matcher *m, const struct pattern *p,
    const struct token *t, const char *text, int exact)
{
	const uint32_t	*ids = matcher_ids(m, p);
	const struct vtok *v;
	size_t		 k, named = 0, census = 0, words = 0;
	int		 joined = 0;

	for (k = 0; k < PAT_NTOK(p); k++) {
		v = &m->vocab[ids[k]];
		if (k > 0 && text[t[k - 1].end] == '-' &&
		    t[k].start == t[k - 1].end + 1)
			joined = 1;
		if (names_is_function(v->skel) || evidence_digits(text, &t[k]))
			continue;
		words++;
		if (!names_is_common(v->skel))
			named++;
		else if (!exact && v->hash != t[k].hash &&
		    names_is_everyday(t[k].hash))
			return (0);
		else if (names_is_census(t[k].hash))
			census++;
	}
	if ((p->score & PAT_PERSON) &&
	    names_is_reporting(t[PAT_NTOK(p) - 1].hash))
		return (0);
	return (named > 0 || words >= 3 || joined ||
	    ((p->score & PAT_PERSON) && census == words));
}

/*
 * Whether one of the first n words of pattern p is no function word and
 * no word of the dictionary, everyday, rarer or proper.
 */
static int
matcher_has_proper(const struct matcher *m, const struct pattern *p,
    size_t n)
{
	const uint32_t	*ids = matcher_ids(m, p);
	const struct vtok *v;
	size_t		 k;

	for (k = 0; k < n; k++) {
		v = &m->vocab[ids[k]];
		if (!names_is_function(v->skel) && !names_is_common(v->skel) &&
		    !names_is_rare(v->skel) && !names_is_proper(v->skel))
			return (1);
	}
	return (0);
}

/*
 * Whether a ship's name, pattern p, is made of everyday words, proper
 * names and numbers only ("HAPPINESS I", "HERCULES", "MARSHAL ZHUKOV"; not
 * "ARTAVIL"), as names_weak_vessel() tells a weak one; t[0..) are the
 * tokens of text it matches.
 */
static int
matcher_words_ship(const struct matcher *m, const struct pattern *p,
    const char *text, const struct token *t)
{
	const uint32_t	*ids = matcher_ids(m, p);
	const struct vtok *v;
	size_t		 k;

	for (k = 0; k < PAT_NTOK(p); k++) {
		v = &m->vocab[ids[k]];
		if (!names_is_common(v->skel) && !names_is_proper(v->skel) &&
		    !names_is_function(v->skel) &&
		    !evidence_digits(text, &t[k]))
			return (0);
	}
	return (1);
}

/*
 * Whether the bytes between two tokens are brackets and spaces (and a dot
 * after an initial) where the listed name has a part in brackets: the
 * name as the list writes it ("Iranian Oil Company (U.K.) Limited").
 */
static int
matcher_bracketed(const struct matcher *m, const struct pattern *p,
    const char *text, const struct token *a, const struct token *b)
{
	size_t	 i;
	int	 bracket = 0;

	for (i = a->end; i < b->start; i++) {
		if (text[i] == '(' || text[i] == ')')
			bracket = 1;
		else if (text[i] != ' ' && !(text[i] == '.' && a->flen <= 2))
			return (0);
	}
	return (bracket && strchr(matcher_name(m, p), '(') != NULL);
}

/*
 * Whether the text writes a name's tokens t[0..n) as a name: its first
 * and last words capitalised unless they are function words ("al-Qaeda"),
 * or all of them in a name of two ("The Base", "Vladimir Putin"; not "the
 * base", "said Khan", «проект»); a word inside a longer name may be
 * lower case if it has three letters or fewer or is no everyday word
 * ("Dizayn end Development"; not "an Islamic state in Egypt"), and so
 * may the rest of a word cut at an apostrophe ("Qa'ida"), or an everyday
 * word after a firm's acronym ("VTB bank") or after a rare word, no
 * proper name, in a name of two ("Sinaloa cartel"; not "Wagner group"),
 * and a word for a group or a broadcaster ("al-Manar television") ending
 * a longer one with a word no dictionary has ("Abu Sayyaf group"; not
 * "the Islamic Jihad group", which is as often another party's "Islamic
 * Jihad" called a group), and "cartel" after the place it is named for
 * ("the Juarez cartel").  Nothing between them ends a name.  Where the
 * text has no case (caseless: evidence_caseless), capitals say nothing,
 * and the words themselves are weighed (matcher_caseless_name, exact as
 * there): 1 if they may be a name, WRITTEN_UNKNOWN if only capitals would
 * have told (PENALTY_CASELESS).
 */
static int
matcher_written(const struct matcher *m, const struct pattern *p,
    const struct token *t, const char *text, int caseless, int exact)
{
	const uint32_t	*ids = matcher_ids(m, p);
	size_t		 k;

	for (k = 0; k < PAT_NTOK(p); k++) {
		if (k > 0 && !evidence_gap(text, &t[k - 1], &t[k],
		    p->bits & PAT_COMMA) &&
		    !matcher_bracketed(m, p, text, &t[k - 1], &t[k]))
			return (0);
		if (caseless)
			continue;
		if (!names_is_function(m->vocab[ids[k]].skel) &&
		    !evidence_capital(text, &t[k]) &&
		    !(k > 0 && evidence_joined(text, &t[k - 1], &t[k])) &&
		    !(k > 0 && k + 1 < PAT_NTOK(p) && (t[k].flen <= 3 ||
		    !names_is_everyday(t[k].hash))) &&
		    !(k > 1 && !(p->score & PAT_PERSON) &&
		    (names_is_band_word(m->vocab[ids[k]].hash) ||
		    names_is_outlet_word(m->vocab[ids[k]].hash) ||
		    names_is_cartel(m->vocab[ids[k]].hash)) &&
		    matcher_has_proper(m, p, k)) &&
		    !(k == 1 && PAT_NTOK(p) == 2 && !(p->score & PAT_PERSON) &&
		    names_is_cartel(m->vocab[ids[k]].hash)) &&
		    !(k > 0 && !(p->score & PAT_PERSON) &&
		    names_is_common(m->vocab[ids[k]].skel) && t[0].flen >= 2 &&
		    (evidence_upper(text, &t[0]) || (PAT_NTOK(p) == 2 &&
		    t[0].flen >= 5 && !names_is_common(m->vocab[ids[0]].skel) &&
		    !names_is_proper(m->vocab[ids[0]].skel)))))
			return (0);
	}
	if (caseless && !matcher_caseless_name(m, p, t, text, exact))
		return (WRITTEN_UNKNOWN);
	return (1);
}

/* The one word of a pattern but function words, or SIZE_MAX. */
static size_t
matcher_the_word(const struct matcher *m, const struct pattern *p)
{
	const uint32_t	*ids = matcher_ids(m, p);
	size_t		 k, word = SIZE_MAX;

	for (k = 0; k < PAT_NTOK(p); k++) {
		if (names_is_function(m->vocab[ids[k]].skel))
			continue;
		if (word != SIZE_MAX)
			return (SIZE_MAX);
		word = k;
	}
	return (word);
}

/*
 * Whether a pattern is one word but function words ("Jazeera" of "El
 * Jazireh"): spelt otherwise, one word is weak evidence alone ("Interpol"
 * is no INTERPAL, "Lovell" no LOWELL).
 */
static int
matcher_one_word(const struct matcher *m, const struct pattern *p)
{
	return (matcher_the_word(m, p) != SIZE_MAX);
}

/*
 * Whether a pattern is one word but function words, and the text writes
 * that word otherwise as a word of the everyday dictionary: the word the
 * writer meant, not a spelling of the name ("Securities" is no listed
 * SETZARTES).
 */
static int
matcher_everyday_variant(const struct matcher *m, const struct pattern *p,
    const struct token *t)
{
	size_t	 word = matcher_the_word(m, p);

	return (word != SIZE_MAX && m->vocab[matcher_ids(m, p)[word]].hash !=
	    t[word].hash && names_is_everyday(t[word].hash));
}

/*
 * Whether a name of everyday words (PAT_GENERIC) is one proper name of
 * the dictionary, a firm's less its legal form ("Aeroflot" of PJSC
 * AEROFLOT; names_add_stripped): a place's or a person's as often, so
 * only a word for a firm or a legal form beside it in the text makes it
 * the firm's.  Only a name cut from its legal form (MATCH_R_LEGAL) is
 * one: a name of everyday words has none but everyday words, and one of
 * dictionary words in the other number (names_add_run) is weighed as
 * such names are.
 */
static int
matcher_proper_word(const struct matcher *m, const struct pattern *p)
{
	const uint32_t	*ids = matcher_ids(m, p);

	return (PAT_NTOK(p) == 1 && (PAT_RULES(p) & MATCH_R_LEGAL) &&
	    names_is_proper(m->vocab[ids[0]].skel) &&
	    !names_is_common(m->vocab[ids[0]].skel));
}

/*
 * Whether the text's words of a one-word hit spelt otherwise hold a long
 * word that no dictionary knows (everyday or rarer words; a proper name
 * may be the listed name's own spelling, "Hezbollah"), of as many letters
 * as the listed name's longest word, give or take one: the name
 * transliterated another way ("Yuganskneftegas" of YUGANSKNEFTEGAZ,
 * "Hizbollah" of HIZBALLAH), where a short or common word spelt close to
 * a name is another word ("Interpol" is no INTERPAL), and a longer one
 * another name of the same consonants ("Panagiotis" is no PANGATES).
 */
static int
matcher_long_unknown(const struct matcher *m, const struct pattern *p,
    const struct token *t, size_t n)
{
	const char	*s;
	size_t		 k, run = 0, longest = SIZE_MAX;

	for (k = 0; k < n; k++) {
		if (t[k].flen < MATCHER_LONG_WORD ||
		    names_is_common(t[k].skel) ||
		    names_is_everyday(t[k].hash) || names_is_rare(t[k].skel))
			continue;
		/* The name is read only now: most words are short or known. */
		if (longest == SIZE_MAX) {
			longest = 0;
			for (s = matcher_name(m, p); *s != '\0'; s++) {
				run = isalnum((unsigned char)*s) ||
				    (*s & 0x80) ? run + 1 : 0;
				if (run > longest)
					longest = run;
			}
		}
		if (t[k].flen + 1 >= longest && t[k].flen <= longest + 1)
			return (1);
	}
	return (0);
}

/*
 * What the patterns tried at one position of the text share: a surname a
 * hundred listed persons bear is a hundred patterns of the same tokens,
 * and what the text around says of them is the same for each.
 */
enum try_ask {
	ASK_LONGER,		/* evidence_longer */
	ASK_LEGAL,		/* evidence_legal_near */
	ASK_VESSEL,		/* evidence_vessel_near */
	ASK_IMO,		/* evidence_imo_after */
	ASK_REG,		/* evidence_reg_after */
	ASK_FIGHTERS,		/* evidence_fighters */
	ASK_N
};
static int (*const matcher_asks[ASK_N])(const char *, const struct token *,
    size_t, size_t, size_t, int) = {
	[ASK_LONGER] = evidence_longer,
	[ASK_LEGAL] = evidence_legal_near,
	[ASK_VESSEL] = evidence_vessel_near,
	[ASK_IMO] = evidence_imo_after,
	[ASK_REG] = evidence_reg_after,
	[ASK_FIGHTERS] = evidence_fighters,
};
struct try_memo {
	const uint32_t	*ids;		/* the last pattern's ids */
	size_t		 nt;		/* their count; 0: none yet */
	unsigned	 bits;		/* its PAT_COMMA, PAT_PERSON */
	int		 written;	/* matcher_written of it */
	int		 cased_asked;	/* caseless is known */
	int		 caseless;	/* evidence_caseless at the position */
	int		 namesake;	/* matcher_namesake; -1: not asked */
	int		 place;		/* matcher_place_word + 1, or 0 */
	size_t		 ask_nt[ASK_N];	/* the n each was asked for; 0: none */
	int		 ask[ASK_N];	/* its answer */
};

/*
 * Make the memo hold what is known of pattern p: unless it has the tokens
 * and flags of the last pattern, whether the text writes it as a name
 * (matcher_written; exact is whether its words are the text's, the same
 * for the same tokens) and nothing more.
 */
static void
matcher_memo_pattern(const struct matcher *m, const struct pattern *p,
    const struct token *t, size_t nb, size_t na, const char *text,
    int exact, struct try_memo *mo)
{
	const uint32_t	*ids = matcher_ids(m, p);
	unsigned	 bits = (p->bits & PAT_COMMA) | (p->score & PAT_PERSON);

	if (mo->nt == PAT_NTOK(p) && mo->bits == bits && (ids == mo->ids ||
	    memcmp(ids, mo->ids, PAT_NTOK(p) * sizeof *ids) == 0))
		return;
	if (!mo->cased_asked) {
		mo->caseless = evidence_caseless(text, t, nb, na);
		mo->cased_asked = 1;
	}
	mo->ids = ids;
	mo->nt = PAT_NTOK(p);
	mo->bits = bits;
	mo->written = matcher_written(m, p, t, text, mo->caseless, exact);
	mo->namesake = -1;
}

/*
 * What the text says around the n tokens at t, which has nb tokens before
 * t and na from t on, asked once for each n: whether they are part of a
 * longer name, a legal form or a vessel word near.
 */
static int
matcher_memo_ask(struct try_memo *mo, enum try_ask ask, const char *text,
    const struct token *t, size_t n, size_t nb, size_t na)
{
	if (mo->ask_nt[ask] != n) {
		mo->ask_nt[ask] = n;
		mo->ask[ask] = matcher_asks[ask](text, t, n, nb, na,
		    mo->caseless);
	}
	return (mo->ask[ask]);
}

/* Take penalty per mille off a score, and note the rule. */
static void
matcher_penalty(unsigned *score, unsigned *rules, unsigned pen,
    unsigned rule)
{
	*score = *score > pen ? *score - pen : 0;
	*rules |= rule;
}

/* Hold a score at SCORE_CAPPED at most, and note the rule. */
static void
matcher_cap(unsigned *score, unsigned *rules, unsigned rule)
{
	if (*score > SCORE_CAPPED)
		*score = SCORE_CAPPED;
	*rules |= rule;
}

/*
 * Whether one of the tokens t[0..n) is the word w of a name's tokens, of
 * two letters or more, no function word and no word ids[0..np) of the
 * pattern (not the surname itself).
 */
static int
matcher_token_is(const struct token *t, size_t n, const struct token *w,
    const struct vtok *vocab, const uint32_t *ids, size_t np)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		if (t[i].hash != w->hash || t[i].flen < 2 ||
		    names_is_function(t[i].skel))
			continue;
		for (j = 0; j < np; j++) {
			if (vocab[ids[j]].hash == t[i].hash)
				break;
		}
		if (j == np)
			return (1);
	}
	return (0);
}

/*
 * Whether a word of skeleton skel is a word of entity e's name or of one
 * of its aliases.
 */
static int
matcher_name_word(const struct entity *e, uint64_t skel)
{
	struct token	 nt[MATCHER_MAX_TOKENS];
	const char	*name;
	size_t		 a, k, nn, pos;

	for (a = 0; a <= e->aliases.n; a++) {
		name = a == 0 ? e->name : e->aliases.v[a - 1];
		pos = 0;
		nn = normalize_tokens(name, strlen(name), &pos, nt, nitems(nt));
		for (k = 0; k < nn; k++) {
			if (nt[k].skel == skel)
				return (1);
		}
	}
	return (0);
}

/*
 * Whether the text within MATCHER_BEARER_NEAR bytes of a surname alone at
 * t[0] gives it, elsewhere, to another person: right after a capitalised
 * word of its own that is no title, no everyday word ("SAID PUTIN" in
 * capitals) and no name of the listed person's ("Yasser
 * Arafat ... Mr Arafat" is no 'ARAFAT, Muhammad; "Vladimir Putin ...
 * President Putin" is PUTIN, Vladimir).
 */
static int
matcher_other_bearer(const struct matcher *m, const struct pattern *p,
    const struct token *t, const struct scan *sc)
{
	const struct entity	*e = &m->wl->entities[p->party];
	const char		*text = sc->text, *q, *end, *w;
	size_t			 n = t[0].end - t[0].start, from, pos;
	struct token		 tok;

	from = t[0].start > MATCHER_BEARER_NEAR ?
	    t[0].start - MATCHER_BEARER_NEAR : 0;
	end = text + (sc->len - t[0].end > MATCHER_BEARER_NEAR ?
	    t[0].end + MATCHER_BEARER_NEAR : sc->len);
	for (q = text + from; (q = memmem(q, (size_t)(end - q),
	    text + t[0].start, n)) != NULL; q += n) {
		if (q == text + t[0].start || q - text < 2 ||
		    (q + n < end && isalnum((unsigned char)q[n])) ||
		    q[-1] != ' ')
			continue;
		for (w = q - 1; w > text && isalpha((unsigned char)w[-1]); w--)
			;
		if (q - 1 - w < 2 || !isupper((unsigned char)*w) ||
		    (w > text && !isspace((unsigned char)w[-1])))
			continue;
		pos = 0;
		if (normalize_tokens(w, (size_t)(q - 1 - w), &pos, &tok, 1) !=
		    1 || names_is_office(tok.hash) ||
		    names_is_function(tok.skel) || names_is_everyday(tok.hash))
			continue;
		if (!matcher_name_word(e, tok.skel))
			return (1);
	}
	return (0);
}

/*
 * Whether a person's surname alone, pattern p of one word, has a title
 * right before it in the text t[-nb..) ("President Putin", "Mullah
 * Baradar", "Mr Deripaska"), and is a name that one listed person bears
 * and no census counts, of five letters or more: a public figure so
 * named is that person.  "President Assad" is not (a family of them on
 * the lists), nor "Mr Smith".
 */
static int
matcher_titled(const struct matcher *m, const struct pattern *p,
    const struct token *t, size_t nb, const char *text)
{
	const struct vtok	*v;

	if (PAT_NTOK(p) != 1 || nb == 0 || t[0].flen < 5 ||
	    !evidence_gap(text, &t[-1], &t[0], 0) ||
	    !evidence_capital(text, &t[-1]) ||
	    !names_is_office(t[-1].hash))
		return (0);
	v = &m->vocab[matcher_ids(m, p)[0]];
	return (v->df == 1 && !names_is_census(v->hash) &&
	    !names_is_common(v->skel));
}

/*
 * Whether a person's surname alone, pattern p at t[0], follows a nickname
 * in quotes and, before it, one of the person's other names as listed
 * ("Joaquin "El Chapo" Guzman" of GUZMAN LOERA, Joaquin, whose alias
 * "GUZMAN, Chapo" gives the surname alone): the press writes the cartels'
 * and militias' leaders so, and a given name and a nickname around a
 * surname name one person.  Returns the mention's first byte, or
 * SIZE_MAX; *own says whether the nickname is a word of the person's
 * names too, which tells a father from a son of the same given name and
 * surname (matcher_beaten).  The person's names are cut into tokens once
 * for both.
 */
static size_t
matcher_nicknamed(const struct matcher *m, const struct pattern *p,
    const struct token *t, size_t nb, const char *text, int caseless,
    int *own)
{
	const struct entity	*e = &m->wl->entities[p->party];
	const uint32_t		*ids = matcher_ids(m, p);
	struct token		 nt[MATCHER_MAX_TOKENS];
	const char		*s;
	size_t			 g, a, k, nn, pos, na = 1 + e->aliases.n +
				    e->weak_aliases.n;
	int			 given = 0;

	*own = 0;
	if ((g = evidence_nickname(text, t, nb, caseless)) == 0)
		return (SIZE_MAX);
	for (a = 0; a < na && (!given || !*own); a++) {
		s = a == 0 ? e->name : a <= e->aliases.n ?
		    e->aliases.v[a - 1] : e->weak_aliases.v[a - 1 -
		    e->aliases.n];
		pos = 0;
		nn = normalize_tokens(s, strlen(s), &pos, nt, nitems(nt));
		for (k = 0; k < nn; k++) {
			given |= matcher_token_is(t - (ptrdiff_t)g, 1, &nt[k],
			    m->vocab, ids, PAT_NTOK(p));
			*own |= matcher_token_is(t - (ptrdiff_t)g + 1, g - 1,
			    &nt[k], m->vocab, ids, PAT_NTOK(p));
		}
	}
	if (!given) {
		*own = 0;
		return (SIZE_MAX);
	}
	return (t[-(ptrdiff_t)g].start);
}

/* Whether token t[k] is a word for a ship ("tanker", "M/T", "bulk carrier"). */
static int
matcher_ship_word(const struct token *t, ptrdiff_t k, ptrdiff_t first)
{
	return (names_is_ship_word(t[k].hash) || (k - 1 >= first &&
	    (names_is_vessel_pair(t[k - 1].hash, t[k].hash) ||
	    names_is_bulk_carrier(t[k - 1].hash, t[k].hash))));
}

/*
 * Whether the text writes the name t[0..nt) as a ship's: a word for a ship
 * right before it ("the bulk carrier Golden Star", "MV Golden Star"), or
 * in an apposition right after it, a comma and a ship word within four
 * words ("The Golden Star, a Handysize bulk carrier,").  na tokens from
 * t[0] on, nb before it.
 */
static int
matcher_ship_named(const char *text, const struct token *t, size_t nt,
    size_t nb, size_t na)
{
	size_t	 i, k;

	if (nb > 0 && evidence_gap(text, &t[-1], &t[0], 0) &&
	    matcher_ship_word(t, -1, -(ptrdiff_t)nb))
		return (1);
	if (na <= nt)
		return (0);
	for (i = t[nt - 1].end; i < t[nt].start && text[i] == ' '; i++)
		;
	if (i >= t[nt].start || text[i] != ',')
		return (0);
	for (k = nt; k < na && k < nt + 4; k++) {
		if (k > nt && memchr(text + t[k - 1].end, ',', t[k].start -
		    t[k - 1].end) != NULL)
			break;
		if (matcher_ship_word(t, (ptrdiff_t)k, 0))
			return (1);
	}
	return (0);
}

/* Whether a token is a country's name, adjective or capital, alone. */
static int
matcher_place_word(const char *text, const struct token *t)
{
	uint64_t	 set[COUNTRY_SET];
	size_t		 i;

	country_scan(text + t->start, t->end - t->start, set);
	for (i = 0; i < COUNTRY_SET; i++) {
		if (set[i] != 0)
			return (1);
	}
	return (0);
}

/*
 * Whether pattern p matches the tokens at t[0..n) of text, which has nb
 * tokens before t: 0 if not, else 1 and its method, score and rules in
 * *hit.  The tokens must agree by skeleton (exactly, for a short word) and
 * be written as a name; the text around weighs the score.
 */
static int
matcher_try(const struct matcher *m, const struct pattern *p,
    const struct token *t, size_t n, size_t nb, const struct scan *sc,
    struct try_memo *mo, struct match_hit *hit)
{
	const uint32_t	*ids = matcher_ids(m, p);
	const struct vtok *v;
	const struct entity *e;
	size_t		 k, nt = PAT_NTOK(p), start = SIZE_MAX, ndig;
	uint64_t	 reg;
	uint32_t	 imo;
	const char	*place;
	int		 exact = 1, tr = 0, acronym, men, elsewhere, proper;
	int		 initials = 0;
	unsigned	 score = PAT_SCORE(p), rules = PAT_RULES(p), lift = 0;

	if (nt > n)
		return (0);
	for (k = 0; k < nt; k++) {
		v = &m->vocab[ids[k]];
		if (v->skel != t[k].skel)
			return (0);
		if (v->hash != t[k].hash)
			exact = 0;
		if (t[k].flags & TOKEN_TRANSLIT)
			tr = 1;
	}
	if (!exact && ((p->bits & PAT_NOFUZZY) ||
	    matcher_everyday_variant(m, p, t)))
		return (0);
	matcher_memo_pattern(m, p, t, nb, n, sc->text, exact, mo);
	if (!mo->written ||
	    !evidence_number_ends(sc->text, sc->len, &t[0], &t[nt - 1]))
		return (0);
	/*
	 * A hyphen joins the syllables of one given name ("Ri Chang-myong"),
	 * never a surname to the given name after it: "Chang-myong" is no
	 * "CHANG, Myong Ho".
	 */
	if (PAT_METHOD(p) == MATCH_REORDERED &&
	    PAT_ORDER(p) == ORDER_SURNAME_FIRST && nt == 2 &&
	    sc->text[t[0].end] == '-' && t[1].start == t[0].end + 1)
		return (0);
	/*
	 * Nor does a person's name end inside a word that a hyphen carries
	 * on in lower case: "Kim Il-sung" is no "IL, Kim Kyong", "Kim
	 * Jong-il" no "KIM, Jong"; "Saddam-era" and "Putin-backed" still
	 * name them, an everyday word after a name of four letters or more.
	 */
	if ((p->score & PAT_PERSON) && nt < n && !mo->caseless &&
	    sc->text[t[nt - 1].end] == '-' &&
	    t[nt].start == t[nt - 1].end + 1 &&
	    !evidence_capital(sc->text, &t[nt]) &&
	    (t[nt - 1].flen <= 3 || !names_is_everyday(t[nt].hash)))
		return (0);
	/*
	 * A surname alone that is a country's name, adjective or capital
	 * in the text ("AMI IRAQ" is no "Iraq", "Cairo" no CAIRO, Ahmed) is
	 * the place's.
	 */
	if (PAT_METHOD(p) == MATCH_SURNAME && nt == 1) {
		if (mo->place == 0)	/* the same token for every pattern */
			mo->place = 1 + matcher_place_word(sc->text, &t[0]);
		if (mo->place == 2)
			return (0);
	}
	hit->method = (enum match_method)PAT_METHOD(p);
	hit->order = PAT_ORDER(p);
	hit->namesake = 0;
	hit->yields = 0;
	hit->own_nickname = 0;
	hit->nocountry = 0;
	hit->place = NULL;
	hit->base = score / 1000.0;
	if (!exact || tr) {
		matcher_penalty(&score, &rules, exact ? PENALTY_TRANSLIT :
		    PENALTY_SKELETON, exact ? MATCH_R_TRANSLIT :
		    MATCH_R_SPELLING | (tr ? MATCH_R_TRANSLIT : 0));
		if (hit->method != MATCH_WEAK_ALIAS &&
		    hit->method != MATCH_SURNAME)
			hit->method = tr ? MATCH_TRANSLITERATED : MATCH_FUZZY;
	}
	if (PAT_KIND(p) == PARTY_ENTITY) {
		if (hit->method == MATCH_SURNAME && exact &&
		    (start = matcher_nicknamed(m, p, t, nb, sc->text,
		    mo->caseless, &hit->own_nickname)) != SIZE_MAX) {
			score = SCORE_NICKNAMED;
			rules |= MATCH_R_NICKNAME;
			hit->method = MATCH_REORDERED;
			hit->order = ORDER_GIVEN_SURNAME;
		} else if (hit->method == MATCH_SURNAME && exact &&
		    matcher_titled(m, p, t, nb, sc->text) &&
		    !matcher_other_bearer(m, p, t, sc)) {
			score = SCORE_TITLED;
			rules |= MATCH_R_TITLED;
		}
		if (!exact && matcher_one_word(m, p) &&
		    !matcher_long_unknown(m, p, t, nt))
			matcher_penalty(&score, &rules, PENALTY_ONE_WORD,
			    MATCH_R_ONE_WORD);
		if (mo->namesake == -1)
			mo->namesake = matcher_namesake(m, p, t);
		hit->namesake = mo->namesake;
		/*
		 * A person's name spelt otherwise than the lists spell it,
		 * of names no one listed person alone bears, is one more
		 * namesake in a sport report ("Jamal Mubarak" in a Kuwaiti
		 * line-up; not "Viacheslav Fetisov", whose surname is the
		 * listed deputy's alone).
		 */
		if (!exact && !hit->namesake && matcher_spelt_namesake(m, p))
			hit->namesake = 1;
		/* and so is its one word after the article ("Al Shabab") */
		if (PAT_NTOK(p) == 1 && nb > 0 && !(p->score & PAT_PERSON) &&
		    names_is_al(t[-1].hash))
			hit->namesake = 1;
		/*
		 * "Ivan Duque" of DUQUE GAVIRIA, Ivan Roberto: half a double
		 * surname and a given name, both census names, name many
		 * people in the party's own country; so does "Abdul Qadir",
		 * one name.
		 */
		hit->nocountry = (hit->method == MATCH_REORDERED &&
		    PAT_ORDER(p) == ORDER_DOUBLE_SURNAME &&
		    matcher_census_only(m, p)) || matcher_one_name(m, p);
		if (hit->nocountry)
			rules |= MATCH_R_COMMON_NAMES;
		/*
		 * A name of common names is given back by its party's
		 * country named only where a title or office stands right
		 * before it ("Chief Executive John Lee", "Gazprom chief
		 * executive Alexei Miller"): a public figure of that
		 * country.  A shopkeeper or a player of that country is
		 * not ("Muhammad Ali" in a story on Pakistan, "Zhang Wei"
		 * in one on China).
		 */
		if ((rules & MATCH_R_COMMON_NAMES) && (nb == 0 ||
		    !names_is_office(t[-1].hash)))
			hit->nocountry = 1;
		if (rules & MATCH_R_COMMON_NAMES) {
			matcher_penalty(&score, &rules, PENALTY_COMMON_NAMES,
			    0);
			lift = PENALTY_COMMON_NAMES;
		}
		e = &m->wl->entities[p->party];
		/*
		 * A group's name before a word for its men is the group's,
		 * though its words are everyday ones ("Shining Path
		 * guerrillas"), its founder's name ("Abu Sayyaf rebels") or
		 * its initials in capitals ("PKK guerrillas"); so is one
		 * the text gives its own initials after, in brackets, and
		 * one it gives another's is not.
		 */
		acronym = (rules & MATCH_R_CAPPED) && PAT_NTOK(p) == 1 &&
		    hit->method != MATCH_WEAK_ALIAS && !mo->caseless &&
		    t[0].flen >= 3 && evidence_upper(sc->text, &t[0]);
		/*
		 * Another country's right before a name of everyday words
		 * makes it that country's: "Saudi Arabia's Ministry of
		 * Petroleum" is no listed Iranian one, whatever else the
		 * text says of Iran, and the "Sudan People's Liberation
		 * Army rebels" are no listed Peruvian group's, whose alias
		 * the words are.
		 */
		place = (p->bits & PAT_GENERIC) ?
		    evidence_country_before(sc->text, t, nb) : NULL;
		elsewhere = place != NULL && !strv_contains(&e->countries,
		    place);
		hit->place = place;
		proper = (p->bits & PAT_GENERIC) && matcher_proper_word(m, p);
		men = e->type == ENTITY_ORGANIZATION && ((p->bits &
		    PAT_GENERIC) || PAT_IS_HEAD(p) || acronym) && !elsewhere &&
		    !proper;
		if (men && !acronym)
			initials = matcher_own_initials(e, sc->text, sc->len,
			    t, nt, n);
		men = men && initials >= 0 && (initials > 0 ||
		    matcher_memo_ask(mo, ASK_FIGHTERS, sc->text, t, nt, nb,
		    n));
		if (men)
			rules |= MATCH_R_MEN;
		if (men && acronym && score < SCORE_MEN)
			score = SCORE_MEN;
		/*
		 * A body's alias of four capitals or more that are the
		 * initials of its name, written so ("NIOC", "IRGC", "LTTE"),
		 * is as weak alone as any initials but no word: its country,
		 * a party of its program or sanctions words give it back.
		 * Three letters name too many bodies ("PIJ", "SL").
		 */
		else if (acronym && t[0].flen >= 4 &&
		    e->type != ENTITY_PERSON && matcher_initials(e->name,
		    sc->text + t[0].start, t[0].flen)) {
			score = SCORE_ACRONYM - PENALTY_ACRONYM;
			lift += PENALTY_ACRONYM;
		}
		/* A name of everyday words is a firm's beside its legal form. */
		if ((p->bits & PAT_GENERIC) && !men && (!(rules &
		    MATCH_R_LEGAL) || !matcher_memo_ask(mo, ASK_LEGAL, sc->text,
		    t, nt, nb, n))) {
			/* A proper name not said to be a firm's is not. */
			if (proper)
				return (0);
			matcher_penalty(&score, &rules, PENALTY_GENERIC,
			    MATCH_R_GENERIC);
			/* Another country's: nothing gives it back. */
			if (elsewhere)
				hit->nocountry = 1;
			else
				lift += PENALTY_GENERIC;
		} else if (PAT_IS_HEAD(p) && !men) {
			/*
			 * "Cosco Shipping": its parent's name as often ("the
			 * Cosco Shipping group" too).
			 */
			matcher_penalty(&score, &rules, PENALTY_HEAD,
			    MATCH_R_HEAD);
			lift += PENALTY_HEAD;
			hit->nocountry = 1;
		} else if ((rules & MATCH_R_LEGAL) && matcher_one_word(m, p) &&
		    !matcher_memo_ask(mo, ASK_LEGAL, sc->text, t, nt, nb, n)) {
			matcher_penalty(&score, &rules, PENALTY_BARE,
			    MATCH_R_BARE);
			lift += PENALTY_BARE;
			/*
			 * A firm's one word is a club's as often in a
			 * sport report: "KAMAZ Naberezhnye Chelny 28 8 6
			 * 14", a club of the truck maker's town.
			 */
			hit->namesake = 1;
		}
		if (PAT_NEEDS_CAPS(p) && (mo->caseless ||
		    !evidence_upper(sc->text, &t[0])) &&
		    score > SCORE_CAPPED)
			matcher_cap(&score, &rules, MATCH_R_CAPPED |
			    (mo->caseless ? MATCH_R_CASELESS : 0));
		if (matcher_memo_ask(mo, ASK_LONGER, sc->text, t, nt, nb,
		    n))
			matcher_penalty(&score, &rules, PENALTY_LONGER,
			    MATCH_R_LONGER);
		/*
		 * "the bulk carrier Golden Star", "MV Tiger", "The Golden
		 * Star, a Handysize bulk carrier": a ship of the name of a
		 * listed firm, group or person, not the party.
		 */
		if (e->type != ENTITY_VESSEL &&
		    matcher_ship_named(sc->text, t, nt, nb, n))
			matcher_penalty(&score, &rules, PENALTY_LONGER,
			    MATCH_R_SHIP);
		/* "the Star Forest" is another ship than FOREST. */
		if ((p->bits & PAT_VESSEL) && !mo->caseless &&
		    !(rules & MATCH_R_LONGER) &&
		    evidence_ship_before(sc->text, t, nb))
			matcher_penalty(&score, &rules, PENALTY_LONGER,
			    MATCH_R_LONGER);
		if ((p->bits & PAT_VESSEL) && matcher_memo_ask(mo,
		    ASK_VESSEL, sc->text, t, nt, nb, n)) {
			/*
			 * A ship's name of everyday words or a person's
			 * ("the tanker Hercules", "Happiness") has been
			 * many ships' over the years: a vessel word says a
			 * ship, not which.  Its number, its country, a
			 * party of its program or sanctions words must say
			 * the rest.
			 */
			rules |= MATCH_R_VESSEL;
			if (matcher_words_ship(m, p, sc->text, t)) {
				matcher_penalty(&score, &rules,
				    PENALTY_SHIPNAME, MATCH_R_SHIPNAME);
				lift += PENALTY_SHIPNAME;
			}
		} else if (p->bits & PAT_VESSEL)
			matcher_cap(&score, &rules, MATCH_R_NO_VESSEL);
		/*
		 * No case to tell the name from words: only the party's
		 * country named in the text gives it back (alert.c), and
		 * nothing gives back one word ("STAR FOREST TANKER" is no
		 * tanker FOREST, whatever country the story names).
		 */
		if (mo->written == WRITTEN_UNKNOWN && matcher_one_word(m, p)) {
			matcher_cap(&score, &rules, MATCH_R_CASELESS);
			lift = 0;
		} else if (mo->written == WRITTEN_UNKNOWN) {
			matcher_penalty(&score, &rules, PENALTY_CASELESS,
			    MATCH_R_CASELESS);
			lift += PENALTY_CASELESS;
		}
		/*
		 * An IMO number right after the name says which ship it is:
		 * the party's own makes it sure, another ship's a namesake
		 * ("the ferry RORO JUPITER (IMO 7360186)" is not a listed
		 * tanker JUPITER).  A list that gives no number says nothing.
		 */
		if (e->imo.n > 0 && (imo = (uint32_t)matcher_memo_ask(mo,
		    ASK_IMO, sc->text, t, nt, nb, n)) != 0) {
			if (matcher_entity_imo(e, imo)) {
				if (hit->method != MATCH_WEAK_ALIAS)
					score = SCORE_NUMBER;
				rules |= MATCH_R_IMO;
				lift = 0;
			} else if (evidence_imo_ship(imo) &&
			    matcher_entity_imo(e, 0)) {
				matcher_cap(&score, &rules, MATCH_R_OTHER_IMO);
				lift = 0;
			}
		}
		/* The same of a firm's tax or registration number. */
		if (e->registrations.n > 0 && (k = (size_t)matcher_memo_ask(mo,
		    ASK_REG, sc->text, t, nt, nb, n)) != 0 &&
		    (reg = evidence_reg_number(sc->text, &t[k], &ndig)) != 0) {
			if (matcher_entity_reg(e, reg, 0)) {
				if (hit->method != MATCH_WEAK_ALIAS)
					score = SCORE_NUMBER;
				rules |= MATCH_R_REG;
				lift = 0;
			} else if (matcher_entity_reg(e, 0, ndig)) {
				matcher_cap(&score, &rules, MATCH_R_OTHER_REG);
				lift = 0;
			}
		}
	}
	hit->kind = (enum party_kind)PAT_KIND(p);
	hit->party = p->party;
	hit->name = matcher_name(m, p);
	hit->score = score / 1000.0;
	hit->lift = lift / 1000.0;
	hit->rules = rules;
	hit->start = start != SIZE_MAX ? start : t[0].start;
	hit->end = t[nt - 1].end;
	return (1);
}

/* One candidate hit at a position, before the choice between them. */
struct cand {
	struct match_hit hit;
	size_t		 end;		/* token index after it */
};

/*
 * Report a hit unless a longer entity hit of another party contains it;
 * its token indexes are set here.
 */
static void
matcher_emit(struct scan *sc, struct match_hit *h, size_t at, size_t end)
{
	h->tok = at;
	h->tok_end = end;
	if (h->kind == PARTY_ENTITY) {
		if (sc->covered && sc->cover_party != h->party &&
		    end <= sc->cover_end && (at > sc->cover_start ||
		    end < sc->cover_end))
			return;
		if (h->method != MATCH_WEAK_ALIAS &&
		    h->method != MATCH_SURNAME && (!sc->covered ||
		    end > sc->cover_end)) {
			sc->covered = 1;
			sc->cover_start = at;
			sc->cover_end = end;
			sc->cover_party = (uint32_t)h->party;
		}
	}
	if (h->rules & (MATCH_R_IMO | MATCH_R_REG)) {
		sc->named_end = end;
		sc->named_party = h->party + 1;
	}
	sc->cb(h, sc->arg);
	sc->found++;
}

/* Whether a listed name has n words or more, cut by spaces. */
static int
matcher_words_at_least(const char *name, size_t n)
{
	const char	*p = name;
	size_t		 k = 1;

	while ((p = strchr(p, ' ')) != NULL && k < n) {
		while (*p == ' ')
			p++;
		k += *p != '\0';
	}
	return (k >= n);
}

/*
 * Whether c is an entity's hit on its name less a last word that is a
 * country ("BANK SADERAT IRAN" as "Bank Saderat") which d's entity, of
 * another party, gives as one of its countries too.
 */
static int
matcher_country_shared(const struct watchlist *wl, const struct cand *c,
    const struct cand *d)
{
	const char	*last, *cc;
	char		 buf[64];
	size_t		 n;

	if (wl == NULL || c->hit.kind != PARTY_ENTITY ||
	    d->hit.kind != PARTY_ENTITY || d->hit.party >= wl->nentities)
		return (0);
	if ((last = strrchr(c->hit.name, ' ')) == NULL)
		return (0);
	if ((n = strlen(++last)) == 0 || n >= sizeof buf)
		return (0);
	memcpy(buf, last, n + 1);
	if ((cc = country_lookup(buf)) == NULL)
		return (0);
	return (strv_contains(&wl->entities[d->hit.party].countries, cc));
}

/*
 * Whether candidate c is beaten by d, another party's name on the same
 * tokens: a spelling variant by an exact name ("Tessaner Trading" listed
 * beside "Tesanner Trading" is found as itself), and a name cut from a
 * longer one or with a word written another way by a name as listed
 * ("National Iranian Oil Company" is the listed company, not its
 * "NATIONAL IRANIAN OIL COMPANY PTE LTD"; "Bank Mellat" is BANK MELLAT,
 * not the "MELLAT BANK CJSC" of Armenia).  A
 * spelling variant beats nothing, whatever its method: a person's weak
 * alias "Hizbullah" leaves "Hizbollah" to HIZBALLAH; but another spelling
 * variant that scores better.
 */
static int
matcher_beaten(const struct watchlist *wl, const struct cand *c,
    const struct cand *d)
{
	unsigned	 cut = MATCH_R_LEGAL | MATCH_R_PAREN;

	/*
	 * Of two spelling variants, the better form wins: "Mohammad Omar"
	 * is OMAR, Mohammed (a name, 0.87), not another's alias "UMAR,
	 * Muhammad" (0.82).
	 */
	if (d->end == c->end && (d->hit.party != c->hit.party ||
	    d->hit.kind != c->hit.kind) && (c->hit.rules & MATCH_R_SPELLING) &&
	    (d->hit.rules & MATCH_R_SPELLING) &&
	    d->hit.score >= c->hit.score + 0.05 - 1e-9)
		return (1);
	/*
	 * "Joaquin "El Chapo" Guzman" is the father, whose alias "GUZMAN,
	 * Chapo" has the nickname, not the son of his given name and surname.
	 */
	if (d->end == c->end && d->hit.party != c->hit.party &&
	    (c->hit.rules & MATCH_R_NICKNAME) &&
	    (d->hit.rules & MATCH_R_NICKNAME) && !c->hit.own_nickname &&
	    d->hit.own_nickname)
		return (1);
	if (d->end != c->end || (d->hit.party == c->hit.party &&
	    d->hit.kind == c->hit.kind) || d->hit.method == MATCH_FUZZY ||
	    (d->hit.rules & MATCH_R_SPELLING))
		return (0);
	if (c->hit.method == MATCH_FUZZY)
		return (1);
	/*
	 * Another's alias of three words or more that is a listed name as
	 * it stands names that party: "National Iranian Tanker Company" is
	 * the company, not its representative office in the Netherlands,
	 * whose alias the words are.  A shorter one is as often a short name
	 * both bear ("Cimex").
	 */
	if (c->hit.method == MATCH_ALIAS && d->hit.method == MATCH_EXACT &&
	    matcher_words_at_least(c->hit.name, 3) &&
	    !(c->hit.rules & MATCH_R_FORM) && !(d->hit.rules & MATCH_R_FORM) &&
	    d->hit.score >= c->hit.score - 0.1)
		return (1);
	/*
	 * A part cut from two different listed names names neither: "the
	 * Islamic State" is the head of ISIL's name and of ISIL-K's.  Names
	 * of the same words in another order are one party's on two lists
	 * ("ABDUL SALAM HANAFI ALI MARDAN QUL", "QUL, Abdul Salam Hanafi Ali
	 * Mardan").
	 */
	if ((c->hit.rules & MATCH_R_PAREN) && (d->hit.rules &
	    MATCH_R_PAREN) && d->hit.score >= c->hit.score &&
	    strcmp(c->hit.name, d->hit.name) != 0 &&
	    names_party_key(c->hit.name, 1) != names_party_key(d->hit.name, 1))
		return (1);
	/* Half a double surname: the party with more of its names wins. */
	if (c->hit.method == MATCH_REORDERED && d->hit.method ==
	    MATCH_REORDERED && c->hit.order == ORDER_DOUBLE_SURNAME &&
	    d->hit.base > c->hit.base)
		return (1);
	/*
	 * A name less a part of it loses to another's name less its legal
	 * form alone: "VTB Bank" is VTB BANK PJSC, not VTB BANK BELARUS
	 * less its country.  But where the other's entry gives that country
	 * too, the words name either: "Bank Saderat" is BANK SADERAT IRAN
	 * as much as BANK SADERAT PLC of London, whose entry gives Iran.
	 */
	if ((c->hit.rules & MATCH_R_PAREN) && (d->hit.rules & MATCH_R_LEGAL) &&
	    matcher_country_shared(wl, c, d))
		return (0);
	return ((((c->hit.rules & cut) && !(d->hit.rules & cut)) ||
	    ((c->hit.rules & MATCH_R_PAREN) && !(d->hit.rules &
	    (MATCH_R_PAREN | MATCH_R_ABBREV))) ||
	    ((c->hit.rules & MATCH_R_ABBREV) && !(d->hit.rules & (cut |
	    MATCH_R_ABBREV)))) && d->hit.method != MATCH_WEAK_ALIAS &&
	    d->hit.method != MATCH_SURNAME &&
	    d->hit.score >= c->hit.score - 0.1);
}

/* Whether any d can beat c (matcher_beaten): keep the two in step. */
static int
matcher_beatable(const struct cand *c)
{
	return (c->hit.method == MATCH_FUZZY || c->hit.method == MATCH_ALIAS ||
	    (c->hit.rules & (MATCH_R_LEGAL | MATCH_R_PAREN |
	    MATCH_R_ABBREV | MATCH_R_NICKNAME)) != 0 ||
	    (c->hit.method == MATCH_REORDERED &&
	    c->hit.order == ORDER_DOUBLE_SURNAME));
}

/*
 * Whether the word after byte at of text names the members of a family
 * ("brothers", "family", "clan"): a surname before it names them all.
 */
static int
matcher_family_word(const char *text, size_t len, size_t at)
{
	static const char *const words[] = { "brothers", "sisters",
	    "siblings", "family", "families", "clan" };
	size_t		 i, n;

	while (at < len && text[at] == ' ')
		at++;
	for (i = 0; i < nitems(words); i++) {
		n = strlen(words[i]);
		if (len - at >= n && strncasecmp(text + at, words[i], n) == 0 &&
		    (len - at == n || !isalpha((unsigned char)text[at + n])))
			return (1);
	}
	return (0);
}

/*
 * A double surname alone that two listed persons bear is their family's
 * ("Arellano Felix said", "the Arellano Felix cartel"), not one person's:
 * each such candidate scores as a surname alone, 0.50; but before a word
 * for the family's members it names each ("the Rodriguez Orejuela
 * brothers").  Two entries of one person on two lists are one person
 * (names_party_key).
 */
static void
matcher_family(const struct scan *sc, struct cand *c, size_t n)
{
	size_t		 i, j;
	uint64_t	 ki;

	for (i = 0; i < n; i++) {
		if (c[i].hit.method != MATCH_SURNAME ||
		    c[i].hit.base <= SCORE_FAMILY / 1000.0 + 1e-9 ||
		    matcher_family_word(sc->text, sc->len, c[i].hit.end))
			continue;
		ki = names_party_key(c[i].hit.name, 1);
		for (j = 0; j < n; j++) {
			if (j == i || c[j].hit.method != MATCH_SURNAME ||
			    c[j].end != c[i].end ||
			    c[j].hit.party == c[i].hit.party ||
			    names_party_key(c[j].hit.name, 1) == ki)
				continue;
			c[i].hit.score = c[i].hit.base = SCORE_FAMILY /
			    1000.0;
			break;
		}
	}
}

/*
 * Whether c, beaten by d (matcher_beaten), is still reported, to yield to
 * d unless the text names c's country and none of d's (alert.c): two
 * bodies, no persons, of countries of their own, none the same
 * ("HAVANATUR" of France beats "HAVANATUR S.A." of Cuba as listed whole,
 * but a story on Cuba means the Cuban firm).
 */
static int
matcher_may_yield(const struct watchlist *wl, const struct cand *c,
    const struct cand *d)
{
	const struct strv	*a, *b;
	uint32_t		 i;

	if (wl == NULL || c->hit.kind != PARTY_ENTITY ||
	    d->hit.kind != PARTY_ENTITY || c->hit.party >= wl->nentities ||
	    d->hit.party >= wl->nentities)
		return (0);
	if (wl->entities[c->hit.party].type == ENTITY_PERSON ||
	    wl->entities[d->hit.party].type == ENTITY_PERSON)
		return (0);
	a = &wl->entities[c->hit.party].countries;
	b = &wl->entities[d->hit.party].countries;
	if (a->n == 0 || b->n == 0)
		return (0);
	for (i = 0; i < a->n; i++) {
		if (strv_contains(b, a->v[i]))
			return (0);
	}
	return (1);
}

/*
 * Report the candidates found at one position that no other beats.  Only a
 * spelling variant, a name cut from a longer one, half a double surname or
 * a name around a nickname can be beaten, so only those are weighed
 * against the others: a surname that a hundred listed persons bear makes
 * a hundred candidates, none of which beats another.
 */
static void
matcher_choose(struct scan *sc, struct cand *c, size_t n, size_t at)
{
	size_t	 i, j;
	int	 beaten;

	matcher_family(sc, c, n);
	for (i = 0; i < n; i++) {
		beaten = 0;
		for (j = matcher_beatable(&c[i]) ? 0 : n; j < n && !beaten;
		    j++)
			beaten = matcher_beaten(sc->wl, &c[i], &c[j]);
		if (!beaten)
			matcher_emit(sc, &c[i].hit, at, c[i].end);
		else if (matcher_may_yield(sc->wl, &c[i], &c[j - 1])) {
			c[i].hit.yields = c[j - 1].hit.party + 1;
			matcher_emit(sc, &c[i].hit, at, c[i].end);
		}
	}
}

/*
 * The place of the next candidate; when the array is full, report what it
 * holds first.  (Nothing is reported between the making of a candidate and
 * its keeping, so making it in place changes nothing of what is reported:
 * the same sixty-four are weighed together.)
 */
static struct match_hit *
matcher_slot(struct scan *sc, struct cand *c, size_t *n, size_t at)
{
	if (*n == MATCHER_MAX_CANDS) {
		matcher_choose(sc, c, *n, at);
		*n = 0;
	}
	return (&c[*n].hit);
}

/*
 * Report the patterns that match the tokens starting at t[0], token number
 * at in the text: for each party and length, only the best-scoring one.
 */
static void
matcher_at(const struct matcher *m, uint64_t key, const struct token *t,
    size_t n, size_t at, struct scan *sc)
{
	const struct pattern	*p, *end, *grp = NULL;
	struct match_hit	 hit, *slot;
	struct cand		 cand[MATCHER_MAX_CANDS];
	struct try_memo		 mo;
	size_t			 ncand = 0, nb = (size_t)(t - sc->t0);
	uint32_t		 k = (uint32_t)key;
	int			 have = 0, nick = -1;

	memset(&mo, 0, sizeof mo);
	p = m->pats + m->dir[k & m->dmask];
	end = m->pats + m->dir[(k & m->dmask) + 1];
	while (p < end && p->key != k)
		p++;
	for (; p < end && p->key == k; p++) {
		if (grp != NULL && (PAT_NTOK(p) != PAT_NTOK(grp) ||
		    p->party != grp->party || PAT_KIND(p) != PAT_KIND(grp))) {
			if (have)
				cand[ncand++].end = at + PAT_NTOK(grp);
			have = 0;
		}
		grp = p;
		/*
		 * A short word matches only as written: many words share its
		 * skeleton in a large list ("Tory", "Tiri", "Tura"), and its
		 * tag says most are not it without reading their words.
		 */
		if ((p->bits & PAT_NOFUZZY) &&
		    m->tags[p - m->pats] != MATCHER_TAG(t[0].hash))
			continue;
		/*
		 * A surname a crowd bears names none of them alone, but
		 * after a nickname in quotes ("Joaquin "El Chapo" Guzman"),
		 * which tells its bearer (matcher_nicknamed).
		 */
		if (matcher_is_surname(p) &&
		    m->vocab[p->tok].bearers > MATCHER_CROWD) {
			if (nick == -1)
				nick = evidence_nickname(sc->text, t, nb, 0) ||
				    evidence_nickname(sc->text, t, nb, 1);
			if (!nick)
				continue;
		}
		/* A hit reads its name through the entity (matcher_name). */
		if (PAT_KIND(p) == PARTY_ENTITY)
			__builtin_prefetch(&m->wl->entities[p->party].name);
		/* The group's first hit is made in place, a better one copied. */
		slot = have ? &hit : matcher_slot(sc, cand, &ncand, at);
		if (!matcher_try(m, p, t, n, nb, sc, &mo, slot))
			continue;
		if (have && hit.score > cand[ncand].hit.score)
			cand[ncand].hit = hit;
		have = 1;
	}
	if (have)
		cand[ncand++].end = at + PAT_NTOK(grp);
	matcher_choose(sc, cand, ncand, at);
}

/*
 * Report each entity refs[0..n) lists with number num: a hit of method on
 * bytes start..end of the text, tokens at..at + k.  Not the number right
 * after a name it made sure ("ARTAVIL, IMO 9187629"): one mention.
 */
static void
matcher_num_hits(const struct num_ref *refs, size_t n, uint64_t num,
    enum match_method method, size_t start, size_t end, size_t at,
    size_t k, struct scan *sc)
{
	struct match_hit hit;
	size_t		 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (refs[mid].num < num)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && refs[lo].num == num; lo++) {
		if (sc->named_party == refs[lo].entity + 1 &&
		    at <= sc->named_end + 3)
			continue;
		memset(&hit, 0, sizeof hit);
		hit.kind = PARTY_ENTITY;
		hit.party = refs[lo].entity;
		hit.name = refs[lo].name;
		hit.method = method;
		hit.score = hit.base = SCORE_NUMBER / 1000.0;
		hit.start = start;
		hit.end = end;
		matcher_emit(sc, &hit, at, at + k);
	}
}

/*
 * Report the entities whose IMO number is written at t[0], token number at
 * of the text, of the na tokens from t on: "IMO 9187629" names its ship.
 */
static void
matcher_imo(const struct matcher *m, const struct token *t, size_t na,
    size_t at, struct scan *sc)
{
	size_t		 k;
	uint32_t	 num;

	if ((num = evidence_imo_at(sc->text, t, na, &k)) != 0)
		matcher_num_hits(m->imos, m->nimos, num, MATCH_IMO,
		    t[0].start, t[k - 1].end, at, k, sc);
}

/*
 * Report the entities whose tax or company registration number is the
 * token t[0] (token number at of the text, nb tokens before it), with a
 * label before it ("INN 7702070139", "ОГРН 1027700132195"): the number
 * names its firm, as the IMO number its ship.
 */
static void
matcher_reg(const struct matcher *m, const struct token *t, size_t nb,
    size_t at, struct scan *sc)
{
	size_t		 ndig;
	uint64_t	 num;

	if ((num = evidence_reg_number(sc->text, t, &ndig)) != 0 &&
	    evidence_reg_label(sc->text, t, nb))
		matcher_num_hits(m->regs, m->nregs, num, MATCH_REGISTRATION,
		    t[0].start, t[0].end, at, 1, sc);
}

/* Whether a bitset of two bits per item may have h (if not, it has not). */
static inline int
matcher_bit(const uint64_t *bits, unsigned shift, uint64_t h)
{
	uint64_t	 b = matcher_bits(h);

	return ((bits[h >> shift] & b) == b);
}

/* Whether a bitset of one bit per item may have h. */
static inline int
matcher_bit1(const uint64_t *bits, unsigned shift, uint64_t h)
{
	uint64_t	 s = h >> shift;

	return ((bits[s / 64] >> (s % 64)) & 1);
}

/*
 * Scan text; call cb for every hit, in order of its first token (tok),
 * and so of start but for a person's name with a nickname in quotes
 * inside, which starts at the given name before the nickname ("Sergei
 * \"Good Run\" Zheleznyak": the nickname's own hits come first, found
 * before the surname tells it is one); return the count.
 * Tokens are made a chunk at a time, keeping the last MATCHER_MAX_TOKENS of
 * a chunk for the next, and MATCHER_BACK more before them for the context
 * of a match, so memory does not grow with the text.
 */
size_t
matcher_scan(const struct matcher *m, const char *text, size_t len,
    matcher_cb cb, void *arg)
{
	return (matcher_scan_tokens(m, text, len, NULL, cb, NULL, arg));
}

/*
 * Whether a token is a word in lower case that no name of one token can
 * be written as: a name's word that starts in lower case is no name
 * (matcher_written) unless it is a function word of names ("al", "bin"),
 * or the text around has no case to tell by, which such a word itself
 * rules out (evidence_caseless), unless it is a letter alone or a word
 * title case leaves in lower case.  In news a fifth of the lookups of
 * one token were of "is", "said", "but" and "been", each spelt as some
 * listed name's one word is, to be turned away there.
 */
static inline int
matcher_lower_word(const char *text, const struct token *t)
{
	unsigned char	 c = (unsigned char)text[t->start];

	return (c >= 'a' && c <= 'z' && t->flen > 1 &&
	    !names_is_function(t->skel) && !names_is_minor(t->hash));
}

/*
 * Look up the names in a chunk of tokens, t[0..n) of which t[from..limit)
 * are new and t[0] is token number base, after showing it to tcb.
 */
static void
matcher_chunk(const struct matcher *m, struct scan *sc, struct token *t,
    size_t from, size_t limit, size_t n, size_t base, uint32_t *cand,
    matcher_tok_cb tcb, void *arg)
{
	size_t		 i, nc, c;
	uint64_t	 key, s0;
	int		 far;

	if (tcb != NULL)
		tcb(sc->text, t, from, limit, n, base, arg);
	far = 64 - m->kshift + 3 > MATCHER_NEAR_BITS;	/* log2 of bytes */
	sc->t0 = t;
	/*
	 * First the tokens that start some name, without a branch per
	 * token: whether one does depends on the word, and lists whose
	 * names start with common words ("The", "Al") would make such a
	 * branch a coin toss.  Then the keys of those.
	 */
	for (i = from, nc = 0; i < limit; i++) {
		cand[nc] = (uint32_t)i;
		nc += matcher_bit1(m->first, m->fshift, t[i].skel);
	}
	for (c = 0; c < nc; c++) {
		/*
		 * The words of the key bitset a few candidates ahead will
		 * test: a large list's is not in the nearer caches (a small
		 * one's is, and asking costs more than it saves).  In a
		 * function of its own GCC drops them: a prefetch is no side
		 * effect.
		 */
		if (far && c + MATCHER_AHEAD < nc) {
			i = cand[c + MATCHER_AHEAD];
			__builtin_prefetch(&m->keys[t[i].skel >> m->kshift]);
			__builtin_prefetch(&m->keys[matcher_key(t[i].skel,
			    t[i + 1 < n ? i + 1 : i].skel, 2) >> m->kshift]);
		}
		i = cand[c];
		s0 = t[i].skel;
		if (i + 1 < n) {	/* longer names first */
			key = matcher_key(s0, t[i + 1].skel, 2);
			if (matcher_bit(m->keys, m->kshift, key))
				matcher_at(m, key, t + i, n - i, base + i, sc);
		}
		if (matcher_bit(m->keys, m->kshift, s0)) {
			if (m->nimos > 0 && (s0 == m->imo_skel ||
			    t[i].flen == 10))
				matcher_imo(m, t + i, n - i, base + i, sc);
			if (m->nregs > 0 && t[i].flen >= 8 && t[i].flen <= 15)
				matcher_reg(m, t + i, i, base + i, sc);
			if (!matcher_lower_word(sc->text, &t[i]))
				matcher_at(m, s0, t + i, n - i, base + i, sc);
		}
	}
}

/*
 * Scan text as matcher_scan, and show each chunk of tokens to tcb first
 * (when not NULL), so another pattern set can share the tokenizer.  The
 * tokens are made here, or taken from feed (tokfeed.c) when not NULL: the
 * same chunks either way.
 */
size_t
matcher_scan_tokens(const struct matcher *m, const char *text, size_t len,
    struct tokfeed *feed, matcher_cb cb, matcher_tok_cb tcb, void *arg)
{
	const struct tokchunk	*ck;
	struct tokchunk		 own;
	struct scan		 sc;
	size_t			 pos = 0;
	uint32_t		*cand;
	int			 last;

	if ((m->npats == 0 && tcb == NULL) || len == 0)
		return (0);
	memset(&sc, 0, sizeof sc);
	sc.wl = m->wl;
	sc.text = text;
	sc.len = len;
	sc.cb = cb;
	sc.arg = arg;
	cand = xreallocarray(NULL, MATCHER_CHUNK, sizeof *cand);
	if (feed != NULL) {
		while ((ck = tokfeed_take(feed)) != NULL) {
			matcher_chunk(m, &sc, ck->t, ck->from, ck->limit,
			    ck->n, ck->base, cand, tcb, arg);
			tokfeed_give(feed);
		}
		free(cand);
		return (sc.found);
	}
	own.t = xreallocarray(NULL, MATCHER_CHUNK, sizeof *own.t);
	for (last = tokchunk_cut(&own, NULL, text, len, &pos);;
	    last = tokchunk_cut(&own, &own, text, len, &pos)) {
		matcher_chunk(m, &sc, own.t, own.from, own.limit, own.n,
		    own.base, cand, tcb, arg);
		if (last)
			break;
	}
	free(cand);
	free(own.t);
	return (sc.found);
}

/* Free a compiled matcher. */
void
matcher_free(struct matcher *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	free(m->xnames);
	free(m->vocab);
	free(m->vslots);
	free(m->toks);
	free(m->pats);
	free(m->dir);
	free(m->tags);
	free(m->first);
	free(m->keys);
	for (i = 0; i < m->nimos; i++)
		free(m->imos[i].name);
	free(m->imos);
	for (i = 0; i < m->nregs; i++)
		free(m->regs[i].name);
	free(m->regs);
	free(m->placed);
	free(m->family);
	free(m->splinter);
	free(m);
}
