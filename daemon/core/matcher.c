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
 * pattern), and fronted by two bitsets of at most 1 MB each: the skeletons
 * of the names' first tokens, and the keys.  A scan tokenizes the text a
 * chunk at a time, picks the tokens whose skeleton is a first token with
 * one bit test each and no branch, and for those tests the key bits (the
 * pair starting there, the token alone); only when one is set does it look
 * in the bucket and compare the tokens' skeletons.  A hit whose folded
 * hashes also agree is exact; otherwise it is a spelling variant.  The cost
 * per byte is the tokenizer's and the cost per token is one bit test
 * whatever the size of the list; a match is word-bounded by construction.
 * Hashes are 64-bit and not confirmed against the strings: a false hit
 * needs a collision of every token of a name.
 *
 * Each watchlist name yields variants, each with a method and a score:
 *   the listed name (exact 1.0), the name without legal forms at either end
 *   (exact 0.95), strong aliases (alias 0.95, 0.90 without legal form), weak
 *   aliases (weak-alias 0.60), for persons written "SURNAME, Given Names"
 *   also "Given Names Surname" (reordered 0.95), "First Surname" and
 *   "Surname, First" (reordered 0.90) and the surname alone (surname 0.50,
 *   below the default min_score); country names (exact 1.0), aliases (alias
 *   0.95) and adjectives (adjective 0.90).
 * A hit through Cyrillic text scores 0.05 less and says "transliterated"; a
 * hit through the skeleton alone scores 0.08 less and says "fuzzy" (or
 * "transliterated").  Weak-alias and surname hits keep their method.
 *
 * False alerts are kept rare by what is not a variant: a legal form alone
 * never matches; a name stripped of its legal form must keep two tokens, or
 * one of at least five letters that is not a common word ("PROGRESS",
 * "STAR"); a one-token entity name that is short or a common word scores
 * 0.50; a one-token name shorter than six letters matches only exactly, not
 * by its skeleton.  A name that normalizes to nothing, or to legal forms
 * only, is reported with log_warnx and left out.
 *
 * The compiled matcher is immutable and shares nothing with the watchlist
 * but the name strings, so a reload can build a new one beside the old.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/core.h"

#define MATCHER_MAX_TOKENS	32	/* longer names are cut to this */
#define MATCHER_CHUNK		4096	/* text tokens made at a time */
#define MATCHER_MAX_CANDS	64	/* hits weighed together at a position */
#define MATCHER_MIN_BITS	16	/* log2 of a bitset's size in bits */
#define MATCHER_MAX_BITS	23	/* 1 MB */
#define MATCHER_SORT_SMALL	8	/* buckets sorted by insertion */

/* A pattern's bits: its kind, method and flags in one byte. */
#define PAT_KIND(p)		((p)->bits & 0x1)
#define PAT_METHOD(p)		(((p)->bits >> 1) & 0x7)
#define PAT_NOFUZZY		0x10	/* exact hashes only */
#define PAT_CASED		0x20	/* only common words: text capitalised */

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* One distinct name token. */
struct vtok {
	uint64_t	 hash;
	uint64_t	 skel;
};

/*
 * A pattern, 24 bytes.  Its key is the low half of matcher_key() of its
 * first tokens: it picks the pattern's bucket and tells runs apart within
 * one; a pattern is confirmed token by token, so the half key need not be
 * unique.
 */
struct pattern {
	const char	*name;		/* the watchlist's string */
	uint32_t	 key;		/* (uint32_t)matcher_key() */
	uint32_t	 tok;		/* offset into matcher->toks */
	uint32_t	 party;
	uint16_t	 score;		/* per mille */
	uint8_t		 ntok;
	uint8_t		 bits;		/* kind, method << 1, PAT_* */
};

struct matcher {
	struct vtok	*vocab;
	size_t		 nvocab;
	size_t		 vcap;
	uint32_t	*vslots;	/* build only: hash -> vocab id + 1 */
	size_t		 nvslots;
	uint32_t	*toks;		/* every pattern's vocabulary ids */
	size_t		 ntoks;
	size_t		 tokcap;
	struct pattern	*pats;		/* by bucket, then matcher_cmp */
	size_t		 npats;
	size_t		 cap;
	uint32_t	*dir;		/* bucket -> its first pattern */
	uint32_t	 dmask;		/* buckets - 1 */
	uint64_t	*first;		/* bitset: skeletons of first tokens */
	unsigned	 fshift;	/* 64 - log2(bits in first) */
	uint64_t	*keys;		/* bitset: matcher_key()s */
	unsigned	 kshift;	/* 64 - log2(words in keys) */
};

/* A name cut into tokens. */
struct ntoks {
	uint64_t	 hash[MATCHER_MAX_TOKENS];
	uint64_t	 skel[MATCHER_MAX_TOKENS];
	size_t		 flen[MATCHER_MAX_TOKENS];
	size_t		 n;
};

/* Legal forms, removed from either end of a name. */
static const char *const matcher_legal_forms[] = {
	"limited liability company", "joint stock company",
	"closed joint stock company", "open joint stock company",
	"public joint stock company", "private joint stock company",
	"limited liability partnership", "public limited company",
	"obshchestvo s ogranichennoy otvetstvennostyu",
	"aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo",
	"otkrytoe aktsionernoe obshchestvo",
	"publichnoe aktsionernoe obshchestvo", "limited company", "llc", "ooo",
	"osoo", "zao", "oao", "pao", "ao", "jsc", "cjsc", "ojsc", "pjsc", "ltd",
	"limited", "gmbh", "inc", "incorporated", "corp", "co", "llp", "plc",
	"tov", "too", "ag", "sa", "srl", "bv", "nv", "fze", "fzco", "fzc",
	"dmcc", "pte", "pvt", "sdn bhd", "bhd", "kft", "sro", "doo", "ad",
	"ip", "chp", "tdv", "mchj", "ook",
	/* Written with dots, a word a letter ("S.A. DE C.V.", "P.J.S."). */
	"s a", "s a de c v", "s de r l de c v", "s de r l", "s a p i de c v",
	"s c de r l de c v", "s p r de r l", "s p r de r l de c v",
	"s de p r de r l de c v", "s p r de r i", "sa de cv", "c a", "s c",
	"a c", "a s", "s r o", "s r l", "s a s", "s p a", "b v", "n v",
	"p j s", "p j s c", "j s c", "l l c", "l t d",
	"sociedad anonima", "sociedad anonima de capital variable",
	"sociedad civil", "asociacion civil", "sprl", "fgup",
};

/* Common words: a name reduced to one of them alone needs more. */
static const char *const matcher_common_words[] = {
	"the", "and", "for", "with", "from", "into", "about", "after", "their",
	"there", "these", "those", "which", "while", "where", "other", "under",
	"over", "between", "against", "during", "without", "before", "again",
	"would", "could", "should", "being", "first", "second", "third",
	"world", "people", "state", "states", "group", "groups", "global",
	"international", "national", "general", "central", "united", "union",
	"company", "companies", "holding", "holdings", "trade", "trading",
	"traders", "export", "import", "industry", "industries", "industrial",
	"service", "services", "system", "systems", "solution", "solutions",
	"technology", "technologies", "tech", "energy", "power", "capital",
	"invest", "investment", "investments", "finance", "financial",
	"bank", "banking", "insurance", "partners", "partner", "alliance",
	"progress", "leader", "leaders", "design", "development", "project",
	"projects", "cargo", "line", "lines", "logistics", "transport",
	"shipping", "marine", "maritime", "ocean", "star", "stars", "alpha",
	"alfa", "beta", "delta", "omega", "sigma", "prime", "premier", "royal",
	"golden", "gold", "silver", "diamond", "crystal", "eagle", "falcon",
	"phoenix", "victory", "future", "vector", "impulse", "energia",
	"region", "regional", "city", "north", "south", "east", "west",
	"eastern", "western", "northern", "southern", "new", "modern", "smart",
	"standard", "quality", "market", "markets", "media", "press", "news",
	"house", "home", "office", "center", "centre", "institute", "academy",
	"university", "school", "research", "science", "scientific",
	"engineering", "electronics", "electronic", "machine", "machinery",
	"construction", "building", "resources", "resource", "metal", "metals",
	"steel", "chemical", "chemicals", "pharma", "medical", "health",
	"agro", "food", "foods", "oil", "gas", "petroleum", "mining", "motors",
	"auto", "aero", "air", "airlines", "aviation", "defense", "defence",
	"security", "consulting", "management", "network", "networks",
	"digital", "data", "software", "telecom", "communications", "supply",
	"supplies", "equipment", "parts", "components", "products", "product",
	"production", "factory", "plant", "works", "office", "agency",
	"foundation", "fund", "council", "ministry", "committee", "department",
	"bureau", "army", "navy", "force", "forces", "police", "guard",
	"president", "minister", "director", "government", "republic",
	"federal", "federation", "council", "party", "movement", "front",
	"brothers", "sons", "family", "friends", "express", "link", "bridge",
	"port", "harbour", "harbor", "island", "islands", "river", "lake",
	"mountain", "sun", "moon", "sky", "sea", "land", "green", "blue", "red",
	"white", "black", "orange", "true", "best", "good", "great", "grand",
	"big", "small", "one", "two", "three", "plus", "pro", "max", "lux",
	"tour", "travel", "art", "arts", "sport", "sports", "life", "time",
	"china", "russia", "iran", "korea",
	/* Proper nouns of everyday prose the dictionary writes capitalised. */
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "monday",
	"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"english", "christmas", "easter",
};

/*
 * Words a name may write in lower case even where its other words must be
 * capitalised ("Army of the Pure", "Bank for Foreign Trade").
 */
static const char *const matcher_function_words[] = {
	"the", "of", "and", "for", "a", "an", "in", "on", "at", "to", "by",
	"with", "from", "de", "del", "della", "la", "le", "les", "al", "el",
	"du", "des", "da", "di", "do", "dos", "das", "van", "von", "der",
	"den", "y", "e", "i", "et", "und",
};

/* The words put before a vessel's name ("the tanker Destiny"), lower case. */
static const char *const matcher_vessel_words[] = {
	"tanker", "supertanker", "vessel", "ship", "freighter", "carrier",
	"vlcc", "mt", "mv", "m/t", "m/v", "yacht", "superyacht",
};

static const char *const matcher_method_names[] = {
	[MATCH_EXACT] = "exact",
	[MATCH_ALIAS] = "alias",
	[MATCH_WEAK_ALIAS] = "weak-alias",
	[MATCH_ADJECTIVE] = "adjective",
	[MATCH_REORDERED] = "reordered",
	[MATCH_TRANSLITERATED] = "transliterated",
	[MATCH_FUZZY] = "fuzzy",
	[MATCH_SURNAME] = "surname",
	[MATCH_UNKNOWN] = "unknown",
};

/* Score penalties, per mille. */
#define PENALTY_TRANSLIT	50
#define PENALTY_SKELETON	80
#define SCORE_CAPPED		500	/* short or common one-word names */

/*
 * The legal forms' and common words' tokens, made once.  The common words
 * are the list above and the everyday words of matcher_dict, about 40,000;
 * their table of skeletons, 1 MB, is at most half full.
 */
static struct ntoks	matcher_legal[nitems(matcher_legal_forms)];
static uint64_t		matcher_common[1 << 17]; /* skeletons; 0 = empty */
static uint64_t		matcher_function[128];
static uint64_t		matcher_proper_set[1 << 15]; /* 10,000 names */
static struct ntoks	matcher_vessel[nitems(matcher_vessel_words)];
static uint64_t		matcher_legal_ends[512]; /* first and last tokens */
static pthread_once_t	matcher_tables_once = PTHREAD_ONCE_INIT;

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

/* Cut a string into at most max tokens. */
static void
matcher_cut(const char *s, size_t len, struct ntoks *nt, size_t max)
{
	struct token	 t[MATCHER_MAX_TOKENS];
	size_t		 i, pos = 0;

	if (max > MATCHER_MAX_TOKENS)
		max = MATCHER_MAX_TOKENS;
	nt->n = normalize_tokens(s, len, &pos, t, max);
	for (i = 0; i < nt->n; i++) {
		nt->hash[i] = t[i].hash;
		nt->skel[i] = t[i].skel;
		nt->flen[i] = t[i].flen;
	}
}

/* The slot of a skeleton in a set of n (a power of two) skeletons. */
static size_t
matcher_set_slot(const uint64_t *set, size_t n, uint64_t skel)
{
	size_t	 i = (size_t)skel & (n - 1);

	while (set[i] != 0 && set[i] != skel)
		i = (i + 1) & (n - 1);
	return (i);
}

/* Add a skeleton to a set of n. */
static void
matcher_set_add(uint64_t *set, size_t n, uint64_t skel)
{
	set[matcher_set_slot(set, n, skel)] = skel;
}

/* Whether a set of n has a skeleton. */
static int
matcher_set_has(const uint64_t *set, size_t n, uint64_t skel)
{
	return (set[matcher_set_slot(set, n, skel)] == skel);
}

/* Add the skeleton of each word of a list of NUL-ended words to a set. */
static void
matcher_set_words(uint64_t *set, size_t nset, const char *words, size_t len)
{
	struct ntoks	 nt;
	const char	*w;
	size_t		 n;

	for (w = words; w < words + len; w += n + 1) {
		n = strlen(w);
		matcher_cut(w, n, &nt, 1);
		if (nt.n == 1)
			matcher_set_add(set, nset, nt.skel[0]);
	}
}

/*
 * Cut a word that a name may write in lower case into *nt, and add its
 * tokens to the function words (and so to the common words).
 */
static void
matcher_lower_word(const char *w, struct ntoks *nt)
{
	size_t	 k;

	matcher_cut(w, strlen(w), nt, 2);
	for (k = 0; k < nt->n; k++) {
		matcher_set_add(matcher_function, nitems(matcher_function),
		    nt->skel[k]);
		matcher_set_add(matcher_common, nitems(matcher_common),
		    nt->skel[k]);
	}
}

/* Build the legal-form, common-word, proper-name and vessel-word tables. */
static void
matcher_tables(void)
{
	struct ntoks	 nt;
	size_t		 i;

	for (i = 0; i < nitems(matcher_legal_forms); i++) {
		matcher_cut(matcher_legal_forms[i],
		    strlen(matcher_legal_forms[i]), &matcher_legal[i],
		    MATCHER_MAX_TOKENS);
		if (matcher_legal[i].n == 0)
			continue;
		matcher_set_add(matcher_legal_ends, nitems(matcher_legal_ends),
		    matcher_legal[i].skel[0]);
		matcher_set_add(matcher_legal_ends, nitems(matcher_legal_ends),
		    matcher_legal[i].skel[matcher_legal[i].n - 1]);
	}
	for (i = 0; i < nitems(matcher_common_words); i++) {
		matcher_cut(matcher_common_words[i],
		    strlen(matcher_common_words[i]), &nt, 1);
		matcher_set_add(matcher_common, nitems(matcher_common),
		    nt.skel[0]);
	}
	matcher_set_words(matcher_common, nitems(matcher_common),
	    matcher_dict, matcher_dict_len);
	matcher_set_words(matcher_proper_set, nitems(matcher_proper_set),
	    matcher_proper, matcher_proper_len);
	for (i = 0; i < nitems(matcher_function_words); i++)
		matcher_lower_word(matcher_function_words[i], &nt);
	for (i = 0; i < nitems(matcher_vessel_words); i++)
		matcher_lower_word(matcher_vessel_words[i], &matcher_vessel[i]);
}

/* Whether a token skeleton is a common word. */
static int
matcher_is_common(uint64_t skel)
{
	return (matcher_set_has(matcher_common, nitems(matcher_common), skel));
}

/*
 * The length of a legal form at the start (or end) of nt[off..off+n).  A
 * form of several words is compared by skeleton ("Obshchestvo s
 * Ogranichennoi Otvetstvennostyu"), a one-word form as written: the
 * skeleton of "OOK" is also that of "OCK" and "OEK", which are names.
 */
static size_t
matcher_legal_at(const struct ntoks *nt, size_t off, size_t n, int at_end)
{
	const uint64_t	*h, *l;
	size_t		 i, k, best = 0;

	/* Most names neither start nor end with a legal form's word. */
	if (n == 0 || !matcher_set_has(matcher_legal_ends,
	    nitems(matcher_legal_ends), nt->skel[off + (at_end ? n - 1 : 0)]))
		return (0);
	for (i = 0; i < nitems(matcher_legal); i++) {
		k = matcher_legal[i].n;
		if (k == 0 || k > n || k <= best)
			continue;
		h = (k == 1 ? nt->hash : nt->skel) + off + (at_end ? n - k : 0);
		l = k == 1 ? matcher_legal[i].hash : matcher_legal[i].skel;
		if (memcmp(h, l, k * sizeof *h) == 0)
			best = k;
	}
	return (best);
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
	m->vslots[s] = (uint32_t)m->nvocab + 1;
	return ((uint32_t)m->nvocab++);
}

/* One variant to add: tokens nt[idx[0..n)] of a party. */
struct variant {
	const char	*id;		/* the party's, for warnings */
	enum party_kind	 kind;
	int		 vessel;	/* proper names are common words */
	size_t		 party;
	enum match_method method;
	unsigned	 score;		/* per mille */
	const char	*name;
};

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

/* Whether a token skeleton is a function word ("of", "the"). */
static int
matcher_is_function(uint64_t skel)
{
	return (matcher_set_has(matcher_function, nitems(matcher_function),
	    skel));
}

/*
 * Whether tokens nt[idx[0..n)] are all common words, and so match only
 * where the text capitalises the ones that are not function words.
 */
static int
matcher_cased(const struct ntoks *nt, const size_t *idx, size_t n)
{
	size_t	 i;
	int	 content = 0;

	for (i = 0; i < n; i++) {
		if (!matcher_is_common(nt->skel[idx[i]]))
			return (0);
		if (!matcher_is_function(nt->skel[idx[i]]))
			content = 1;
	}
	return (content);
}

/* Append one pattern, or raise the score of an identical one. */
static void
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
	for (i = m->npats; i > 0; i--) {	/* variants of one party */
		p = &m->pats[i - 1];
		if (p->party != v->party || PAT_KIND(p) != v->kind)
			break;
		if (p->ntok == n && memcmp(m->toks + p->tok, ids,
		    n * sizeof *ids) == 0) {
			if (v->score > p->score) {
				p->score = (uint16_t)v->score;
				p->bits = (uint8_t)((p->bits & ~0xe) |
				    v->method << 1);
				p->name = v->name;
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
	memcpy(m->toks + m->ntoks, ids, n * sizeof *ids);
	p = &m->pats[m->npats++];
	p->key = (uint32_t)matcher_key(nt->skel[idx[0]],
	    n > 1 ? nt->skel[idx[1]] : 0, n);
	p->name = v->name;
	p->tok = (uint32_t)m->ntoks;
	p->party = (uint32_t)v->party;
	p->score = (uint16_t)v->score;
	p->ntok = (uint8_t)n;
	p->bits = (uint8_t)(v->kind | v->method << 1 |
	    ((n == 1 && nt->flen[idx[0]] < 6) ? PAT_NOFUZZY : 0) |
	    (matcher_cased(nt, idx, n) ? PAT_CASED : 0));
	m->ntoks += n;
}

/* Add tokens nt[from..from+n) as one variant. */
static void
matcher_add_run(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, const struct variant *v)
{
	size_t	 idx[MATCHER_MAX_TOKENS], i;

	for (i = 0; i < n; i++)
		idx[i] = from + i;
	matcher_add(m, nt, idx, n, v);
}

/* Whether a token skeleton is a proper name ("Serena", "Siberia"). */
static int
matcher_is_proper(uint64_t skel)
{
	return (matcher_set_has(matcher_proper_set,
	    nitems(matcher_proper_set), skel));
}

/* Whether one token may stand alone once legal forms are gone. */
static int
matcher_strong_word(const struct ntoks *nt, size_t i)
{
	return (nt->flen[i] >= 5 && !matcher_is_common(nt->skel[i]));
}

/*
 * Whether one token may name a vessel alone: not a common word, nor a
 * proper name, which a ship is often named after and news is full of
 * ("SERENA", "SIBERIA", "DOVER").
 */
static int
matcher_strong_vessel(const struct ntoks *nt, size_t i)
{
	return (matcher_strong_word(nt, i) && !matcher_is_proper(nt->skel[i]));
}

/*
 * Whether a vessel's name is weak alone: one word that is not strong, or
 * words that are all common words or proper names ("DEEP SEA", "HAPPINESS
 * I", "OCEAN STAR").
 */
static int
matcher_weak_vessel(const struct ntoks *nt)
{
	size_t	 i;

	if (nt->n == 1)
		return (!matcher_strong_vessel(nt, 0));
	for (i = 0; i < nt->n; i++) {
		if (!matcher_is_common(nt->skel[i]) &&
		    !matcher_is_proper(nt->skel[i]))
			return (0);
	}
	return (1);
}

/*
 * Whether tokens nt[from..from+n) are all of one or two letters: initials
 * ("E. X. Co."), which punctuation anywhere in a text can spell.
 */
static int
matcher_initials(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i;

	for (i = from; i < from + n; i++) {
		if (nt->flen[i] > 2)
			return (0);
	}
	return (1);
}

/* Warn about a name that can never match. */
static void
matcher_warn(const struct variant *v, const char *why)
{
	log_warnx("watchlist %s %s: name \"%s\" %s; it never matches",
	    v->kind == PARTY_ENTITY ? "entity" : "country", v->id, v->name,
	    why);
}

/*
 * Add name[0..len) and, if it carries legal forms at either end, the name
 * without them at the stripped score, provided enough of the name remains.
 * A lone token that is short or a common word is capped (entities only).
 * A part of a name (quiet) gives no warnings.
 */
static void
matcher_add_part(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped, int quiet)
{
	struct ntoks	 nt;
	size_t		 lead = 0, trail = 0, k, n;
	unsigned	 full = v->score;

	matcher_cut(name, len, &nt, MATCHER_MAX_TOKENS);
	if (nt.n == 0) {
		if (!quiet)
			matcher_warn(v, "has no letters or digits");
		return;
	}
	while (lead < nt.n &&
	    (k = matcher_legal_at(&nt, lead, nt.n - lead, 0)) != 0)
		lead += k;
	while (lead + trail < nt.n && (k = matcher_legal_at(&nt, lead,
	    nt.n - lead - trail, 1)) != 0)
		trail += k;
	if (lead + trail == nt.n) {
		if (!quiet)
			matcher_warn(v, "is only a legal form");
		return;
	}
	if (v->kind == PARTY_ENTITY && v->score > SCORE_CAPPED &&
	    ((v->vessel ? matcher_weak_vessel(&nt) : (nt.n == 1 &&
	    !matcher_strong_word(&nt, 0))) || matcher_initials(&nt, 0, nt.n)))
		v->score = SCORE_CAPPED;
	matcher_add_run(m, &nt, 0, nt.n, v);
	v->score = full;
	n = nt.n - lead - trail;
	if (n == nt.n || (n == 1 && !matcher_strong_word(&nt, lead)) ||
	    matcher_initials(&nt, lead, n))
		return;
	v->score = stripped;
	matcher_add_run(m, &nt, lead, n, v);
	v->score = full;
}

/*
 * Add name[0..len).  One that ends with a part in parentheses, an acronym,
 * a translation or a place ("SYRIAN ARAB AIRLINES (SAA)", "AL-HARAMAIN
 * FOUNDATION (PAKISTAN)"), is also the name without it, at the stripped
 * score and under the same rules; the part alone is no variant ("Pakistan"
 * names no foundation).
 */
static void
matcher_add_forms(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped, int quiet)
{
	const char	*open, *close;
	unsigned	 full = v->score;

	matcher_add_part(m, name, len, v, stripped, quiet);
	close = name + len;
	while (close > name && (close[-1] == ' ' || close[-1] == '\t'))
		close--;
	if (close == name || close[-1] != ')' ||
	    (open = memrchr(name, '(', (size_t)(close - name))) == NULL ||
	    open == name || memchr(open, ')', (size_t)(close - 1 - open)) != NULL)
		return;
	v->score = stripped;
	matcher_add_part(m, name, (size_t)(open - name), v, stripped, 1);
	v->score = full;
}

/*
 * The length of an apostrophe at s[i] (', U+2019, U+2018, U+02BC, U+02BE,
 * U+02BF), or 0.
 */
static size_t
matcher_apostrophe(const unsigned char *s, size_t i, size_t len)
{
	if (s[i] == '\'' || s[i] == '`')
		return (1);
	if (i + 2 < len && s[i] == 0xe2 && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0x99 || s[i + 2] == 0x98))
		return (3);
	if (i + 1 < len && s[i] == 0xca &&
	    (s[i + 1] == 0xbc || s[i + 1] == 0xbe || s[i + 1] == 0xbf))
		return (2);
	return (0);
}

/*
 * Add a name, and if an apostrophe stands inside one of its words (the
 * ayn or hamza of a transliteration: "AL QA'IDA", "JAMA'AT"), the name
 * without it too, as the press often writes it ("Al Qaida").  A word is
 * cut at an apostrophe, so "Qa'ida" in a text still finds the first.  A
 * possessive gives a harmless extra form ("PEOPLE'S", "PEOPLES").
 */
static void
matcher_add_name(struct matcher *m, const char *name, struct variant *v,
    unsigned stripped)
{
	const unsigned char	*s = (const unsigned char *)name;
	char			*bare;
	size_t			 len = strlen(name), i, k, n = 0;
	int			 found = 0;

	matcher_add_forms(m, name, len, v, stripped, 0);
	for (i = 1; i + 1 < len && !found; i++) {
		k = matcher_apostrophe(s, i, len);
		found = k > 0 && i + k < len && s[i - 1] != ' ' &&
		    s[i + k] != ' ' && s[i + k] != ',';
	}
	if (!found)
		return;
	bare = xmalloc(len + 1);
	for (i = 0; i < len; i += k > 0 ? k : 1) {
		k = matcher_apostrophe(s, i, len);
		if (k == 0)
			bare[n++] = name[i];
	}
	matcher_add_forms(m, bare, n, v, stripped, 1);
	free(bare);
}

/* Add a person's surname, tokens nt[from..from+n), alone at a low score. */
static void
matcher_add_surname(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v)
{
	if (n == 1 && (nt->flen[from] < 4 || matcher_is_common(nt->skel[from])))
		return;
	v->method = MATCH_SURNAME;
	v->score = 500;
	matcher_add_run(m, nt, from, n, v);
}

/*
 * Add the natural-order variants of a person's "SURNAME, Given Names":
 * all given names then the surname, the first given name then the surname,
 * the surname then the first given name, and the surname alone (low).  A
 * person written "Given Names Surname" gets the last word alone (low).
 */
static void
matcher_add_person(struct matcher *m, const char *name, struct variant *v)
{
	struct ntoks	 nt, giv;
	size_t		 idx[MATCHER_MAX_TOKENS], ns, ng, i, k = 0;
	const char	*comma;
	unsigned	 score = v->score;

	if ((comma = strchr(name, ',')) == NULL) {
		matcher_cut(name, strlen(name), &nt, MATCHER_MAX_TOKENS);
		if (nt.n >= 2)
			matcher_add_surname(m, &nt, nt.n - 1, 1, v);
		return;
	}
	matcher_cut(name, (size_t)(comma - name), &nt, MATCHER_MAX_TOKENS / 2);
	matcher_cut(comma + 1, strlen(comma + 1), &giv, MATCHER_MAX_TOKENS / 2);
	ns = nt.n;
	ng = giv.n;
	if (ns == 0)
		return;
	for (i = 0; i < ng; i++) {
		nt.hash[ns + i] = giv.hash[i];
		nt.skel[ns + i] = giv.skel[i];
		nt.flen[ns + i] = giv.flen[i];
	}
	nt.n = ns + ng;
	if (ng > 0) {
		v->method = MATCH_REORDERED;
		for (i = 0; i < ng; i++)
			idx[k++] = ns + i;
		for (i = 0; i < ns; i++)
			idx[k++] = i;
		matcher_add(m, &nt, idx, k, v);		/* Given Names Surname */
	}
	/*
	 * A first given name of one or two letters is a piece of a longer
	 * one ("PAK, To-Chun", "PAK, In Su"), not a name used alone.
	 */
	if (ng > 0 && nt.flen[ns] >= 3) {
		v->score = score - 50;
		idx[0] = ns;
		for (i = 0; i < ns; i++)
			idx[1 + i] = i;
		matcher_add(m, &nt, idx, 1 + ns, v);	/* First Surname */
		for (i = 0; i < ns; i++)
			idx[i] = i;
		idx[ns] = ns;
		matcher_add(m, &nt, idx, ns + 1, v);	/* Surname, First */
	}
	/*
	 * A double surname is written with its first half alone, as Spanish
	 * and Portuguese names are: "MADURO MOROS, Nicolas" is "Nicolas
	 * Maduro", scored lower.  With every given name, so that his son
	 * "MADURO GUERRA, Nicolas Ernesto" is not "Nicolas Maduro" too; and
	 * not after a particle ("AL TIKRITI", "VAN DER BERG").
	 */
	if (ng > 0 && ns >= 2 && nt.flen[0] >= 4 &&
	    !matcher_is_function(nt.skel[0])) {
		v->score = score - 100;
		k = 0;
		for (i = 0; i < ng; i++)
			idx[k++] = ns + i;
		idx[k++] = 0;
		matcher_add(m, &nt, idx, k, v);	/* Given Names First-Surname */
	}
	matcher_add_surname(m, &nt, 0, ns, v);
	v->score = score;
}

/*
 * Add a vessel's name made only of common words and proper names ("FREEDOM",
 * "SERENA", "DEEP SEA": capped alone) once more after each vessel word:
 * "the tanker Freedom", "MT Serena" are mentions of the ship, "freedom" and
 * "Serena" alone are not.
 */
static void
matcher_add_vessel(struct matcher *m, const char *name, struct variant *v)
{
	struct ntoks	 nt;
	size_t		 idx[MATCHER_MAX_TOKENS], i, k, n;

	matcher_cut(name, strlen(name), &nt, MATCHER_MAX_TOKENS - 2);
	if (nt.n == 0 || !matcher_weak_vessel(&nt))
		return;
	n = nt.n;
	for (i = 0; i < nitems(matcher_vessel); i++) {
		for (k = 0; k < matcher_vessel[i].n; k++) {
			nt.hash[n + k] = matcher_vessel[i].hash[k];
			nt.skel[n + k] = matcher_vessel[i].skel[k];
			nt.flen[n + k] = matcher_vessel[i].flen[k];
			idx[k] = n + k;
		}
		for (k = 0; k < n; k++)
			idx[matcher_vessel[i].n + k] = k;
		matcher_add(m, &nt, idx, matcher_vessel[i].n + n, v);
	}
}

/* Add every variant of one entity. */
static void
matcher_add_entity(struct matcher *m, const struct entity *e, size_t i)
{
	struct variant	 v = { e->id, PARTY_ENTITY, e->type == ENTITY_VESSEL,
			    i, MATCH_EXACT, 1000, e->name };
	size_t		 j;

	matcher_add_name(m, e->name, &v, 950);
	if (e->type == ENTITY_PERSON) {
		v.score = 950;
		matcher_add_person(m, e->name, &v);
	}
	if (e->type == ENTITY_VESSEL) {
		v.score = 900;
		matcher_add_vessel(m, e->name, &v);
	}
	for (j = 0; j < e->aliases.n; j++) {
		v.name = e->aliases.v[j];
		v.method = MATCH_ALIAS;
		v.score = 950;
		matcher_add_name(m, v.name, &v, 900);
		if (e->type == ENTITY_PERSON) {
			v.score = 900;
			matcher_add_person(m, v.name, &v);
		}
		if (e->type == ENTITY_VESSEL) {
			v.score = 850;
			matcher_add_vessel(m, v.name, &v);
		}
	}
	for (j = 0; j < e->weak_aliases.n; j++) {
		v.name = e->weak_aliases.v[j];
		v.method = MATCH_WEAK_ALIAS;
		v.score = 600;
		matcher_add_name(m, v.name, &v, 550);
	}
}

/* Add every name of one country. */
static void
matcher_add_country(struct matcher *m, const struct country *c, size_t i)
{
	struct variant	 v = { c->code, PARTY_COUNTRY, 0, i, MATCH_EXACT,
			    1000, c->name };
	size_t		 j;

	matcher_add_name(m, c->name, &v, 1000);
	for (j = 0; j < c->aliases.n; j++) {
		v.name = c->aliases.v[j];
		v.method = MATCH_ALIAS;
		v.score = 950;
		matcher_add_name(m, v.name, &v, 950);
	}
	for (j = 0; j < c->adjectives.n; j++) {
		v.name = c->adjectives.v[j];
		v.method = MATCH_ADJECTIVE;
		v.score = 900;
		matcher_add_name(m, v.name, &v, 900);
	}
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
	if (pa->ntok != pb->ntok)
		return (pa->ntok > pb->ntok ? -1 : 1);
	if (PAT_KIND(pa) != PAT_KIND(pb))
		return (PAT_KIND(pa) < PAT_KIND(pb) ? -1 : 1);
	if (pa->party != pb->party)
		return (pa->party < pb->party ? -1 : 1);
	if (pa->score != pb->score)
		return (pa->score > pb->score ? -1 : 1);
	if (pa->tok != pb->tok)
		return (pa->tok < pb->tok ? -1 : 1);
	return (0);
}

/* Sort the n patterns of one bucket. */
static void
matcher_sort_bucket(struct pattern *p, size_t n)
{
	struct pattern	 x;
	size_t		 i, j;

	if (n > MATCHER_SORT_SMALL) {
		qsort(p, n, sizeof *p, matcher_cmp);
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
 * (with one bit per item: 6%); at the 1 MB cap, with a million names (7
 * bits per item), about 7% (13%).  The set of first tokens, tested for
 * every token of the text, has one bit per item: the cheapest test, and
 * what it lets through the keys stop.
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

/* A bitset of 16 bits per item or more, at most 1 MB; its shift in *shift. */
static uint64_t *
matcher_bitset(size_t items, unsigned *shift)
{
	unsigned	 b = MATCHER_MIN_BITS;

	while (b < MATCHER_MAX_BITS && ((size_t)1 << b) < items * 16)
		b++;
	*shift = 64 - (b - 6);
	return (xcalloc(((size_t)1 << b) / 64, sizeof(uint64_t)));
}

/*
 * Put the patterns in buckets by the low bits of their key, in place (a
 * counting pass, then each pattern swapped into its bucket), sort each
 * bucket, and fill the bitsets.  No copy of the patterns is made, so a
 * build's peak memory is about what the scans use.
 */
static void
matcher_index(struct matcher *m)
{
	struct pattern	 x;
	const uint32_t	*ids;
	uint32_t	*next, b, c;
	size_t		 i, nb = 16;

	while (nb < m->npats / 2)
		nb *= 2;
	m->dmask = (uint32_t)nb - 1;
	m->dir = xcalloc(nb + 1, sizeof *m->dir);
	for (i = 0; i < m->npats; i++)
		m->dir[(m->pats[i].key & m->dmask) + 1]++;
	for (i = 0; i < nb; i++)
		m->dir[i + 1] += m->dir[i];
	next = xreallocarray(NULL, nb, sizeof *next);
	memcpy(next, m->dir, nb * sizeof *next);
	for (b = 0; b < nb; b++) {
		while (next[b] < m->dir[b + 1]) {
			c = m->pats[next[b]].key & m->dmask;
			if (c == b) {
				next[b]++;
				continue;
			}
			x = m->pats[next[c]];
			m->pats[next[c]++] = m->pats[next[b]];
			m->pats[next[b]] = x;
		}
		if (m->dir[b + 1] > m->dir[b])	/* pats is NULL without any */
			matcher_sort_bucket(m->pats + m->dir[b],
			    m->dir[b + 1] - m->dir[b]);
	}
	free(next);
	free(m->vslots);		/* scans need only the vocabulary */
	m->vslots = NULL;
	m->nvslots = 0;
	m->first = matcher_bitset(m->npats, &m->fshift);
	m->fshift -= 6;			/* one bit per item: a shift in bits */
	m->keys = matcher_bitset(m->npats, &m->kshift);
	for (i = 0; i < m->npats; i++) {
		ids = m->toks + m->pats[i].tok;
		matcher_setbit1(m->first, m->fshift, m->vocab[ids[0]].skel);
		matcher_setbit(m->keys, m->kshift, matcher_key(
		    m->vocab[ids[0]].skel, m->pats[i].ntok > 1 ?
		    m->vocab[ids[1]].skel : 0, m->pats[i].ntok));
	}
	if (m->npats > 0) {		/* give back the growth slack */
		m->pats = xreallocarray(m->pats, m->npats, sizeof *m->pats);
		m->toks = xreallocarray(m->toks, m->ntoks, sizeof *m->toks);
		m->vocab = xreallocarray(m->vocab, m->nvocab,
		    sizeof *m->vocab);
	}
}

/* Compile a watchlist. */
struct matcher *
matcher_new(const struct watchlist *wl)
{
	struct matcher	*m;
	size_t		 i;

	pthread_once(&matcher_tables_once, matcher_tables);
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

/*
 * Whether a text token starts with a capital: not with a lower-case letter
 * (digits and letters of scripts without case pass).
 */
static int
matcher_capital(const char *text, const struct token *t)
{
	const unsigned char	*s = (const unsigned char *)text + t->start;
	utf8proc_int32_t	 cp;

	if (*s < 0x80)
		return (*s < 'a' || *s > 'z');
	if (utf8proc_iterate(s, (utf8proc_ssize_t)(t->end - t->start),
	    &cp) <= 0)
		return (1);
	return (utf8proc_toupper(cp) == cp);
}

/*
 * Whether the text capitalises every word of a pattern of common words but
 * its function words: "The Base", "Army of the Pure", not "the base".
 */
static int
matcher_capitalised(const struct matcher *m, const struct pattern *p,
    const struct token *t, const char *text)
{
	const uint32_t	*ids = m->toks + p->tok;
	size_t		 k;

	for (k = 0; k < p->ntok; k++) {
		if (!matcher_is_function(m->vocab[ids[k]].skel) &&
		    !matcher_capital(text, &t[k]))
			return (0);
	}
	return (1);
}

/*
 * Whether pattern p matches the tokens at t[0..n) of text: 0 if not, else
 * 1 and its method and score in *hit.
 */
static int
matcher_try(const struct matcher *m, const struct pattern *p,
    const struct token *t, size_t n, const char *text, struct match_hit *hit)
{
	const uint32_t	*ids = m->toks + p->tok;
	const struct vtok *v;
	size_t		 k;
	int		 exact = 1, tr = 0;
	unsigned	 score = p->score;

	if (p->ntok > n)
		return (0);
	for (k = 0; k < p->ntok; k++) {
		v = &m->vocab[ids[k]];
		if (v->skel != t[k].skel)
			return (0);
		if (v->hash != t[k].hash)
			exact = 0;
		if (t[k].flags & TOKEN_TRANSLIT)
			tr = 1;
	}
	if (!exact && (p->bits & PAT_NOFUZZY))
		return (0);
	if ((p->bits & PAT_CASED) && !matcher_capitalised(m, p, t, text))
		return (0);
	hit->method = (enum match_method)PAT_METHOD(p);
	if (!exact || tr) {
		score -= exact ? PENALTY_TRANSLIT : PENALTY_SKELETON;
		if (hit->method != MATCH_WEAK_ALIAS &&
		    hit->method != MATCH_SURNAME)
			hit->method = tr ? MATCH_TRANSLITERATED : MATCH_FUZZY;
	}
	hit->kind = (enum party_kind)PAT_KIND(p);
	hit->party = p->party;
	hit->name = p->name;
	hit->score = score / 1000.0;
	hit->start = t[0].start;
	hit->end = t[p->ntok - 1].end;
	return (1);
}

/*
 * A scan's state: where the callback goes, and the longest entity hit so
 * far, which hides the hits of other entities it strictly contains ("OSOO
 * PROGRESS LIDER" is no mention of an entity "OSOO PROGRESS").
 */
struct scan {
	const char	*text;
	matcher_cb	 cb;
	void		*arg;
	size_t		 found;
	size_t		 cover_start;	/* token index of the cover */
	size_t		 cover_end;	/* token index after the cover */
	uint32_t	 cover_party;
	int		 covered;
};

/* One candidate hit at a position, before the choice between them. */
struct cand {
	struct match_hit hit;
	size_t		 end;		/* token index after it */
};

/* Report a hit unless a longer entity hit of another party contains it. */
static void
matcher_emit(struct scan *sc, const struct match_hit *h, size_t at,
    size_t end)
{
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
	sc->cb(h, sc->arg);
	sc->found++;
}

/*
 * Report the candidates found at one position.  Where another party's name
 * matches the same tokens exactly, a spelling variant (fuzzy) is no mention:
 * "Tessaner Trading" listed beside "Tesanner Trading" is found as itself.
 */
static void
matcher_choose(struct scan *sc, const struct cand *c, size_t n, size_t at)
{
	size_t	 i, j;
	int	 beaten;

	for (i = 0; i < n; i++) {
		beaten = 0;
		for (j = 0; j < n && c[i].hit.method == MATCH_FUZZY; j++) {
			if (c[j].end == c[i].end &&
			    c[j].hit.method != MATCH_FUZZY &&
			    (c[j].hit.party != c[i].hit.party ||
			    c[j].hit.kind != c[i].hit.kind))
				beaten = 1;
		}
		if (!beaten)
			matcher_emit(sc, &c[i].hit, at, c[i].end);
	}
}

/* Keep a candidate; when the array is full, report what it holds first. */
static void
matcher_cand(struct scan *sc, struct cand *c, size_t *n,
    const struct match_hit *h, size_t at, size_t end)
{
	if (*n == MATCHER_MAX_CANDS) {
		matcher_choose(sc, c, *n, at);
		*n = 0;
	}
	c[*n].hit = *h;
	c[*n].end = end;
	(*n)++;
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
	struct match_hit	 hit, best;
	struct cand		 cand[MATCHER_MAX_CANDS];
	size_t			 ncand = 0;
	uint32_t		 k = (uint32_t)key;
	int			 have = 0;

	p = m->pats + m->dir[k & m->dmask];
	end = m->pats + m->dir[(k & m->dmask) + 1];
	while (p < end && p->key != k)
		p++;
	for (; p < end && p->key == k; p++) {
		if (grp != NULL && (p->ntok != grp->ntok ||
		    p->party != grp->party || PAT_KIND(p) != PAT_KIND(grp))) {
			if (have)
				matcher_cand(sc, cand, &ncand, &best, at,
				    at + grp->ntok);
			have = 0;
		}
		grp = p;
		if (!matcher_try(m, p, t, n, sc->text, &hit))
			continue;
		if (!have || hit.score > best.score)
			best = hit;
		have = 1;
	}
	if (have)
		matcher_cand(sc, cand, &ncand, &best, at, at + grp->ntok);
	matcher_choose(sc, cand, ncand, at);
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
 * Scan text; call cb for every hit, in order of start; return the count.
 * Tokens are made a chunk at a time, keeping the last MATCHER_MAX_TOKENS of
 * a chunk for the next, so memory does not grow with the text.
 */
size_t
matcher_scan(const struct matcher *m, const char *text, size_t len,
    matcher_cb cb, void *arg)
{
	struct token	*t;
	struct scan	 sc;
	size_t		 n = 0, pos = 0, i, limit, base = 0, nc, c;
	uint64_t	 key, s0;
	uint32_t	*cand;

	if (m->npats == 0 || len == 0)
		return (0);
	memset(&sc, 0, sizeof sc);
	sc.text = text;
	sc.cb = cb;
	sc.arg = arg;
	t = xreallocarray(NULL, MATCHER_CHUNK, sizeof *t);
	cand = xreallocarray(NULL, MATCHER_CHUNK, sizeof *cand);
	for (;;) {
		n += normalize_tokens(text, len, &pos, t + n,
		    MATCHER_CHUNK - n);
		limit = pos >= len ? n : n - MATCHER_MAX_TOKENS;
		/*
		 * First the tokens that start some name, without a branch
		 * per token: whether one does depends on the word, and lists
		 * whose names start with common words ("The", "Al") would
		 * make such a branch a coin toss.  Then the keys of those.
		 */
		for (i = 0, nc = 0; i < limit; i++) {
			cand[nc] = (uint32_t)i;
			nc += matcher_bit1(m->first, m->fshift, t[i].skel);
		}
		for (c = 0; c < nc; c++) {
			i = cand[c];
			s0 = t[i].skel;
			if (i + 1 < n) {	/* longer names first */
				key = matcher_key(s0, t[i + 1].skel, 2);
				if (matcher_bit(m->keys, m->kshift, key))
					matcher_at(m, key, t + i, n - i,
					    base + i, &sc);
			}
			if (matcher_bit(m->keys, m->kshift, s0))
				matcher_at(m, s0, t + i, n - i, base + i, &sc);
		}
		if (pos >= len)
			break;
		memmove(t, t + limit, (n - limit) * sizeof *t);
		n -= limit;
		base += limit;
	}
	free(cand);
	free(t);
	return (sc.found);
}

/* Free a compiled matcher. */
void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	free(m->vocab);
	free(m->vslots);
	free(m->toks);
	free(m->pats);
	free(m->dir);
	free(m->first);
	free(m->keys);
	free(m);
}
