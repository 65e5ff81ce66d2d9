/*
 * The rules engine: terms found in the matcher's own tokens, and the check
 * of each rule's window over the hits.
 *
 * Terms are cut by the tokenizer the names are cut by (normalize.c), so
 * they share its folding, transliteration and word boundaries; a term is a
 * sequence of folded token hashes.  Terms are sorted by their first hash
 * and fronted by a bitset of first hashes, so a scan costs one bit test
 * per token (in the matcher's own pass over the tokens, through
 * matcher_scan_tokens) and a table probe only where a term may start.
 * Countries come from the matcher's hits (their names, aliases and
 * adjectives, written as names), listed parties too.
 *
 * A document's hits carry the sets they belong to.  A rule is looked at
 * only if every set it needs was seen somewhere in the document (one mask
 * test); then the hits are sorted, and for sentence and paragraph windows
 * each is given the number of its sentence and paragraph by looking
 * between it and the hit before for the first boundary only; the windows
 * are runs of one number (or, for N words, a sliding window of hits), so
 * the check costs O(hits), not O(text).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "core/matcher-int.h"
#include "core/rules-int.h"

#define RULES_MAX_HITS		65536	/* kept of one document */
#define RULES_MAX_SPANS		24	/* in one alert */
#define RULES_MAX_PARTIES	16
#define RULES_MATCH_TEXT	300	/* bytes of a window shown as is */

struct rhit {
	size_t		 start;		/* bytes */
	size_t		 end;
	size_t		 tok;		/* tokens */
	size_t		 tok_end;
	uint64_t	 sets;
	size_t		 party;		/* entity index + 1, or 0 */
};

struct rules_scan {
	const struct rules *r;
	double		 min_score;
	const char	*text;
	size_t		 len;
	struct rhit	*v;
	size_t		 n;
	size_t		 cap;
	uint64_t	 seen;		/* every set hit */
};

/* A window that fired: hits v[from..to). */
struct rwin {
	size_t		 from;
	size_t		 to;
	unsigned	 count;
};

/* Append a term of nt's tokens in sets (an HS code if hs). */
void
rules_add_term(struct rules *r, const struct ntoks *nt, uint64_t sets, int hs)
{
	struct rterm	*t;
	size_t		 i;

	if (nt->n == 0 || nt->n > RULES_MAX_TERM_WORDS)
		return;
	if (r->nterms == r->termcap) {
		r->termcap = r->termcap == 0 ? 256 : r->termcap * 2;
		r->terms = xreallocarray(r->terms, r->termcap,
		    sizeof *r->terms);
	}
	while (r->ntoks + nt->n > r->tokcap) {
		r->tokcap = r->tokcap == 0 ? 1024 : r->tokcap * 2;
		r->toks = xreallocarray(r->toks, r->tokcap, sizeof *r->toks);
	}
	t = &r->terms[r->nterms++];
	t->first = nt->hash[0];
	t->sets = sets;
	t->tok = (uint32_t)r->ntoks;
	t->ntok = (uint8_t)nt->n;
	t->hs = (uint8_t)hs;
	for (i = 0; i < nt->n; i++)
		r->toks[r->ntoks++] = nt->hash[i];
}

/* Order terms by first hash, then length, then tokens. */
static int
rules_term_cmp(const void *a, const void *b, void *arg)
{
	const struct rterm	*ta = a, *tb = b;
	const uint64_t		*toks = arg;
	size_t			 k;

	if (ta->first != tb->first)
		return (ta->first < tb->first ? -1 : 1);
	if (ta->ntok != tb->ntok)
		return (ta->ntok < tb->ntok ? -1 : 1);
	for (k = 0; k < ta->ntok; k++) {
		if (toks[ta->tok + k] != toks[tb->tok + k])
			return (toks[ta->tok + k] < toks[tb->tok + k] ? -1 : 1);
	}
	return (0);
}

/* The table slot of a first hash. */
static size_t
rules_slot(const struct rules *r, uint64_t h)
{
	size_t	 i = (size_t)(h ^ (h >> 29)) & (r->nslots - 1);

	while (r->slots[i] != 0 && r->terms[r->slots[i] - 1].first != h)
		i = (i + 1) & (r->nslots - 1);
	return (i);
}

/*
 * Sort the terms, merge the same term of several sets into one, and build
 * the table of first hashes and its bitset.
 */
void
rules_index(struct rules *r)
{
	size_t		 i, o = 0, b = 16;
	uint64_t	 s;

	if (r->nterms > 0)
		qsort_r(r->terms, r->nterms, sizeof *r->terms, rules_term_cmp,
		    r->toks);
	for (i = 0; i < r->nterms; i++) {
		if (o > 0 && rules_term_cmp(&r->terms[o - 1], &r->terms[i],
		    r->toks) == 0) {
			r->terms[o - 1].sets |= r->terms[i].sets;
			r->terms[o - 1].hs &= r->terms[i].hs;
			continue;
		}
		r->terms[o++] = r->terms[i];
	}
	r->nterms = o;
	r->nslots = 16;
	while (r->nslots < r->nterms * 2)
		r->nslots *= 2;
	r->slots = xcalloc(r->nslots, sizeof *r->slots);
	while (b < 23 && ((size_t)1 << b) < r->nterms * 64)
		b++;
	r->shift = 64 - (unsigned)b;
	r->bits = xcalloc(((size_t)1 << b) / 64, sizeof *r->bits);
	for (i = 0; i < r->nterms; i++) {
		if (i == 0 || r->terms[i - 1].first != r->terms[i].first)
			r->slots[rules_slot(r, r->terms[i].first)] =
			    (uint32_t)i + 1;
		s = r->terms[i].first >> r->shift;
		r->bits[s / 64] |= 1ULL << (s % 64);
	}
}

/* Free compiled rules; NULL is a no-op. */
void
rules_free(struct rules *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsets; i++)
		free(r->sets[i].id);
	for (i = 0; i < r->nrules; i++) {
		free(r->rules[i].id);
		free(r->rules[i].name);
		free(r->rules[i].topic);
		strv_free(&r->rules[i].boost_topics);
	}
	free(r->sets);
	free(r->rules);
	free(r->terms);
	free(r->toks);
	free(r->slots);
	free(r->bits);
	free(r->cmask);
	free(r);
}

/* How many rules; NULL has none. */
size_t
rules_count(const struct rules *r)
{
	return (r != NULL ? r->nrules : 0);
}

/* How many term patterns (HS code forms included). */
size_t
rules_terms(const struct rules *r)
{
	return (r != NULL ? r->nterms : 0);
}

/* The sha256 of the rules files; "" for none. */
const char *
rules_hash(const struct rules *r)
{
	return (r != NULL ? r->hash : "");
}

/* A scan of one document's text. */
struct rules_scan *
rules_scan_new(const struct rules *r, double min_score, const char *text,
    size_t len)
{
	struct rules_scan	*rs;

	rs = xcalloc(1, sizeof *rs);
	rs->r = r;
	rs->min_score = min_score;
	rs->text = text;
	rs->len = len;
	return (rs);
}

void
rules_scan_free(struct rules_scan *rs)
{
	if (rs == NULL)
		return;
	free(rs->v);
	free(rs);
}

/* Keep a hit; past RULES_MAX_HITS a document's hits are not kept. */
static void
rules_push(struct rules_scan *rs, size_t start, size_t end, size_t tok,
    size_t tok_end, uint64_t sets, size_t party)
{
	struct rhit	*h;

	if (rs->n == RULES_MAX_HITS)
		return;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap == 0 ? 64 : rs->cap * 2;
		rs->v = xreallocarray(rs->v, rs->cap, sizeof *rs->v);
	}
	h = &rs->v[rs->n++];
	h->start = start;
	h->end = end;
	h->tok = tok;
	h->tok_end = tok_end;
	h->sets = sets;
	h->party = party;
	rs->seen |= sets;
}

static int
rules_digit(unsigned char c)
{
	return (c >= '0' && c <= '9');
}

/*
 * Whether an HS code's tokens a..z stand as a code, not inside an amount
 * or another number: no currency sign before, no digit group before or
 * after ("1,8542", "8542,000"), no percent after.  A dot and digits after
 * are a subheading ("8542.31" holds heading 8542).
 */
static int
rules_code_ok(const struct rules_scan *rs, const struct token *a,
    const struct token *z)
{
	const unsigned char	*s = (const unsigned char *)rs->text;
	size_t			 i = a->start, j = z->end;

	if (i >= 1 && (s[i - 1] == '$' || s[i - 1] == '#'))
		return (0);
	if (i >= 2 && s[i - 2] == 0xc2 && s[i - 1] == 0xa3)	/* pound */
		return (0);
	if (i >= 3 && s[i - 3] == 0xe2 && s[i - 2] == 0x82 &&
	    s[i - 1] == 0xac)					/* euro */
		return (0);
	if (i >= 2 && strchr(".,:/", s[i - 1]) != NULL && rules_digit(s[i - 2]))
		return (0);
	if (j < rs->len && s[j] == '%')
		return (0);
	if (j + 1 < rs->len && strchr(",:/", s[j]) != NULL &&
	    rules_digit(s[j + 1]))
		return (0);
	return (1);
}

/* The terms starting at t[0] (token number at), t[0..n) in hand. */
static void
rules_at(struct rules_scan *rs, const struct token *t, size_t n, size_t at)
{
	const struct rules	*r = rs->r;
	const struct rterm	*term;
	size_t			 s, i, k;

	if ((s = r->slots[rules_slot(r, t[0].hash)]) == 0)
		return;
	for (i = s - 1; i < r->nterms && r->terms[i].first == t[0].hash;
	    i++) {
		term = &r->terms[i];
		if (term->ntok > n)
			break;
		for (k = 1; k < term->ntok; k++) {
			if (r->toks[term->tok + k] != t[k].hash)
				break;
		}
		if (k < term->ntok)
			continue;
		if (term->hs && !rules_code_ok(rs, &t[0], &t[term->ntok - 1]))
			continue;
		rules_push(rs, t[0].start, t[term->ntok - 1].end, at,
		    at + term->ntok, term->sets, 0);
	}
}

/*
 * The matcher's chunk of tokens (matcher_tok_cb): look up the terms that
 * may start at each new token, one bit test each.
 */
void
rules_scan_tokens(struct rules_scan *rs, const char *text,
    const struct token *t, size_t from, size_t limit, size_t n, size_t base)
{
	const struct rules	*r = rs->r;
	const uint64_t		*bits = r->bits;
	unsigned		 shift = r->shift;
	size_t			 i, c, nc, cand[64];
	uint64_t		 s;

	(void)text;
	if (r->nterms == 0)
		return;
	/* Without a branch per token, as the matcher does (matcher.c). */
	for (i = from; i < limit;) {
		for (nc = 0; i < limit && nc < nitems(cand); i++) {
			s = t[i].hash >> shift;
			cand[nc] = i;
			nc += (bits[s >> 6] >> (s & 63)) & 1;
		}
		for (c = 0; c < nc; c++)
			rules_at(rs, t + cand[c], n - cand[c], base + cand[c]);
	}
}

/* A hit of the matcher: a country of some set, or a listed party. */
void
rules_scan_hit(struct rules_scan *rs, const struct match_hit *h)
{
	const struct rules	*r = rs->r;

	if (h->score < rs->min_score || h->method == MATCH_WEAK_ALIAS)
		return;
	if (h->kind == PARTY_COUNTRY && h->party < r->ncountries &&
	    r->cmask[h->party] != 0)
		rules_push(rs, h->start, h->end, h->tok, h->tok_end,
		    r->cmask[h->party], 0);
	else if (h->kind == PARTY_ENTITY)
		rules_push(rs, h->start, h->end, h->tok, h->tok_end, 0,
		    h->party + 1);
}

static int
rules_hit_cmp(const void *a, const void *b)
{
	const struct rhit	*ha = a, *hb = b;

	if (ha->tok != hb->tok)
		return (ha->tok < hb->tok ? -1 : 1);
	if (ha->tok_end != hb->tok_end)
		return (ha->tok_end < hb->tok_end ? -1 : 1);
	return (ha->sets < hb->sets ? -1 : ha->sets > hb->sets);
}

/* Whether text[i] ends a sentence: .!? then space, then no lower case. */
static int
rules_stop(const unsigned char *s, size_t i, size_t to)
{
	size_t	 j = i + 1;

	if (s[i] != '.' && s[i] != '!' && s[i] != '?')
		return (0);
	while (j < to && strchr("\"')]", s[j]) != NULL)
		j++;
	if (j >= to || (s[j] != ' ' && s[j] != '\n' && s[j] != '\t'))
		return (0);
	while (j < to && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return (j >= to || !(s[j] >= 'a' && s[j] <= 'z'));
}

/*
 * Whether a paragraph ends in text[from..to): a blank line, or a line
 * break after a sentence's end; if sentence, whether a sentence ends (a
 * line break always does).  Stops at the first.
 */
static int
rules_boundary(const struct rules_scan *rs, size_t from, size_t to,
    int sentence)
{
	const unsigned char	*s = (const unsigned char *)rs->text;
	size_t			 i, k;

	for (i = from; i < to; i++) {
		if (s[i] == '\n') {
			if (sentence)
				return (1);
			for (k = i + 1; k < to && (s[k] == ' ' ||
			    s[k] == '\t' || s[k] == '\r'); k++)
				;
			if (k < to && s[k] == '\n')
				return (1);
			for (k = i; k > from && (s[k - 1] == ' ' ||
			    s[k - 1] == '\r'); k--)
				;
			if (k > 0 && strchr(".!?:\"'", s[k - 1]) != NULL)
				return (1);
			if (k >= 3 && s[k - 3] == 0xe2 && s[k - 2] == 0x80 &&
			    s[k - 1] == 0x9d)			/* U+201D */
				return (1);
		} else if (sentence && rules_stop(s, i, to))
			return (1);
	}
	return (0);
}

/* Number the sentences or paragraphs of the sorted hits into id[]. */
static void
rules_number(const struct rules_scan *rs, size_t *id, int sentence)
{
	size_t	 i, end = 0;

	for (i = 0; i < rs->n; i++) {
		if (i == 0)
			id[i] = 0;
		else
			id[i] = id[i - 1] + (rs->v[i].start > end &&
			    rules_boundary(rs, end, rs->v[i].start, sentence));
		if (rs->v[i].end > end)
			end = rs->v[i].end;
	}
}

/* The windows of one numbering (or the document if id is NULL). */
static int
rules_groups(const struct rules_scan *rs, const struct rrule *rr,
    const size_t *id, struct rwin *w)
{
	size_t		 i = 0, j;
	uint64_t	 mask;

	while (i < rs->n) {
		mask = 0;
		for (j = i; j < rs->n && (id == NULL || id[j] == id[i]); j++)
			mask |= rs->v[j].sets;
		if ((mask & rr->need) == rr->need && !(mask & rr->unless)) {
			if (w->count++ == 0) {
				w->from = i;
				w->to = j;
			}
		}
		i = j;
	}
	return (w->count > 0);
}

/* Count the sets of a hit in or out of a sliding window. */
static void
rules_tally(const struct rhit *h, const struct rrule *rr, unsigned *cnt,
    int add, unsigned *have, unsigned *bad)
{
	uint64_t	 m = h->sets & (rr->need | rr->unless);
	int		 b;

	while (m != 0) {
		b = __builtin_ctzll(m);
		m &= m - 1;
		if (add && cnt[b]++ == 0)
			*((rr->need >> b) & 1 ? have : bad) += 1;
		else if (!add && --cnt[b] == 0)
			*((rr->need >> b) & 1 ? have : bad) -= 1;
	}
}

/* The windows of at most rr->tokens words: a sliding window of hits. */
static int
rules_slide(const struct rules_scan *rs, const struct rrule *rr,
    struct rwin *w)
{
	unsigned	 cnt[RULES_MAX_SETS] = { 0 }, have = 0, bad = 0;
	unsigned	 need = (unsigned)__builtin_popcountll(rr->need);
	size_t		 i = 0, j, last = 0;

	for (j = 0; j < rs->n; j++) {
		rules_tally(&rs->v[j], rr, cnt, 1, &have, &bad);
		while (i < j && rs->v[j].tok_end - rs->v[i].tok > rr->tokens)
			rules_tally(&rs->v[i++], rr, cnt, 0, &have, &bad);
		if (have != need || bad != 0)
			continue;
		if (w->count == 0) {
			w->from = i;
			w->to = j + 1;
		}
		if (w->count == 0 || rs->v[i].tok >= last) {
			w->count++;
			last = rs->v[j].tok_end;
		}
	}
	return (w->count > 0);
}

/* Add the span of hit h in set to the spans array, unless it is there. */
static void
rules_span(json_t *spans, const struct rules_scan *rs, const char *set,
    const struct rhit *h)
{
	json_t	*o;
	size_t	 i;

	for (i = 0; i < json_array_size(spans); i++) {
		o = json_array_get(spans, i);
		if (json_integer_value(json_object_get(o, "start")) ==
		    (json_int_t)h->start && json_integer_value(json_object_get(
		    o, "end")) == (json_int_t)h->end && strcmp(set,
		    json_string_value(json_object_get(o, "set"))) == 0)
			return;
	}
	if (json_array_size(spans) >= RULES_MAX_SPANS)
		return;
	o = json_object();
	json_object_set_new(o, "set", json_string(set));
	json_object_set_new(o, "text", json_stringn(rs->text + h->start,
	    h->end - h->start));
	json_object_set_new(o, "start", json_integer((json_int_t)h->start));
	json_object_set_new(o, "end", json_integer((json_int_t)h->end));
	json_array_append_new(spans, o);
}

/* A JSON value as a string (jansson's layout), from malloc; frees v. */
static char *
rules_dump(json_t *v)
{
	char	*s, *out;

	s = json_dumps(v, JSON_PRESERVE_ORDER);
	json_decref(v);
	out = xstrdup(s != NULL ? s : "[]");
	free(s);
	return (out);
}

/* The text an alert shows as matched: the window, or its spans. */
static char *
rules_match_text(const struct rules_scan *rs, json_t *spans, size_t start,
    size_t end)
{
	struct extract_buf	 b = { 0 };
	const char		*t;
	size_t			 i;

	if (end - start <= RULES_MATCH_TEXT)
		return (xstrndup(rs->text + start, end - start));
	for (i = 0; i < json_array_size(spans); i++) {
		t = json_string_value(json_object_get(json_array_get(spans, i),
		    "text"));
		if (i > 0)
			extract_buf_add(&b, " ... ", 5);
		extract_buf_add(&b, t != NULL ? t : "", t != NULL ?
		    strlen(t) : 0);
	}
	return (b.s != NULL ? b.s : xstrdup(""));
}

/* The rule's sets, named: "a + b + c". */
static char *
rules_need_name(const struct rules *r, const struct rrule *rr)
{
	struct extract_buf	 b = { 0 };
	size_t			 k;

	for (k = 0; k < r->nsets; k++) {
		if (!((rr->need >> k) & 1))
			continue;
		if (b.len > 0)
			extract_buf_add(&b, " + ", 3);
		extract_buf_add(&b, r->sets[k].id, strlen(r->sets[k].id));
	}
	return (b.s != NULL ? b.s : xstrdup(""));
}

/*
 * Whether a listed party in a rule's window boosts it: any party, or with
 * boost_topics only one the lists give one of those topics (an
 * export-restricted party, say, and not an asset-frozen one).
 */
static int
rules_boosts(const struct rrule *rr, const struct entity *e)
{
	size_t	 i;

	if (rr->boost_topics.n == 0)
		return (1);
	for (i = 0; i < e->topics.n; i++) {
		if (strv_contains(&rr->boost_topics, e->topics.v[i]))
			return (1);
	}
	return (0);
}

/* Fill alert a of rule rr, which fired in window w. */
static void
rules_alert(struct alert *a, const struct rules_scan *rs,
    const struct rrule *rr, const struct rwin *w, const struct document *doc,
    const struct watchlist *wl, const struct alert_opts *opts)
{
	const struct rules	*r = rs->r;
	const struct rhit	*h;
	const struct entity	*e;
	json_t			*spans = json_array(), *parties = json_array();
	json_t			*o, *t;
	size_t			 i, k, start = SIZE_MAX, end = 0, np = 0;
	size_t			 shown, nboost = 0;
	uint64_t		 m;

	for (i = w->from; i < w->to; i++) {
		h = &rs->v[i];
		if ((m = h->sets & rr->need) != 0) {
			if (h->start < start)
				start = h->start;
			if (h->end > end)
				end = h->end;
			for (k = 0; k < r->nsets; k++) {
				if ((m >> k) & 1)
					rules_span(spans, rs, r->sets[k].id, h);
			}
		}
		if (h->party == 0 || np == RULES_MAX_PARTIES)
			continue;
		e = &wl->entities[h->party - 1];
		for (k = 0; k < json_array_size(parties); k++) {
			if (strcmp(e->id, json_string_value(json_object_get(
			    json_array_get(parties, k), "id"))) == 0)
				break;
		}
		if (k < json_array_size(parties))
			continue;
		o = json_object();
		json_object_set_new(o, "id", json_string(e->id));
		json_object_set_new(o, "name", json_string(e->name));
		if (e->topics.n > 0) {
			t = json_array();
			for (k = 0; k < e->topics.n; k++)
				json_array_append_new(t,
				    json_string(e->topics.v[k]));
			json_object_set_new(o, "topics", t);
		}
		json_array_append_new(parties, o);
		np++;
		nboost += rules_boosts(rr, e);
	}
	memset(a, 0, sizeof *a);
	a->kind = PARTY_RULE;
	a->party_index = SIZE_MAX;	/* no list entry: suppressions never lapse */
	a->severity = nboost > 0 && rr->boost != -1 ?
	    (enum severity)rr->boost : rr->severity;
	a->party_id = xstrdup(rr->id);
	a->party_name = xstrdup(rr->name != NULL ? rr->name : rr->id);
	a->party_type = xstrdup("rule");
	a->match_text = rules_match_text(rs, spans, start, end);
	a->match_name = rules_need_name(r, rr);
	a->method = MATCH_RULE;
	a->score = 1.0;
	a->start = start;
	a->end = end;
	a->count = w->count;
	a->source_id = xstrdup(doc->source_id);
	a->url = xstrdup(doc->url);
	a->title = doc->title != NULL ? xstrdup(doc->title) : NULL;
	memcpy(a->sha256, doc->sha256, sizeof a->sha256);
	memcpy(a->watchlist, wl->hash, sizeof a->watchlist);
	shown = end - start > 2 * opts->snippet_chars ?
	    start + 2 * opts->snippet_chars : end;
	a->snippet = alert_snippet(doc->text, doc->len, start, shown,
	    opts->snippet_chars);
	a->topic = xstrdup(rr->topic);
	a->spans = rules_dump(spans);
	a->parties = rules_dump(parties);
}

/*
 * The rule alerts of a scanned document, appended to *alerts (n of them
 * already, from malloc); the new count.
 */
size_t
rules_scan_alerts(struct rules_scan *rs, const struct document *doc,
    const struct watchlist *wl, const struct alert_opts *opts,
    struct alert **alerts, size_t n)
{
	const struct rules	*r = rs->r;
	const struct rrule	*rr;
	struct rwin		 w;
	size_t			*sid = NULL, *pid = NULL, i;
	int			 any = 0, fired;

	for (i = 0; i < r->nrules; i++)
		any |= (r->rules[i].need & ~rs->seen) == 0;
	if (!any)
		return (n);
	qsort(rs->v, rs->n, sizeof *rs->v, rules_hit_cmp);
	for (i = 0; i < r->nrules; i++) {
		rr = &r->rules[i];
		if ((rr->need & ~rs->seen) != 0)
			continue;
		memset(&w, 0, sizeof w);
		switch (rr->window) {
		case RWIN_SENTENCE:
			if (sid == NULL) {
				sid = xreallocarray(NULL, rs->n, sizeof *sid);
				rules_number(rs, sid, 1);
			}
			fired = rules_groups(rs, rr, sid, &w);
			break;
		case RWIN_PARAGRAPH:
			if (pid == NULL) {
				pid = xreallocarray(NULL, rs->n, sizeof *pid);
				rules_number(rs, pid, 0);
			}
			fired = rules_groups(rs, rr, pid, &w);
			break;
		case RWIN_DOCUMENT:
			fired = rules_groups(rs, rr, NULL, &w);
			break;
		default:
			fired = rules_slide(rs, rr, &w);
			break;
		}
		if (!fired)
			continue;
		*alerts = xreallocarray(*alerts, n + 1, sizeof **alerts);
		rules_alert(&(*alerts)[n++], rs, rr, &w, doc, wl, opts);
	}
	free(sid);
	free(pid);
	return (n);
}
