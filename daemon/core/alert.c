/*
 * Alerts: the matcher's hits in one document become alert records, one per
 * (document, listed party), and records become JSON lines.
 *
 * Rules (docs/alerts.md says them to users):
 *   - Hits of one party are grouped; the best-scoring hit is the evidence
 *     (ties: the earliest) and each distinct, non-overlapping mention adds
 *     one to count.
 *   - A party whose hits are all weak aliases raises nothing: weak aliases
 *     only add to an alert that a stronger name raised.
 *   - A party whose best score is below min_score raises nothing.
 *   - Entities raise alerts; countries raise alerts only when their status
 *     is "sanctioned".  Every watched country the document mentions is
 *     listed in each alert's countries, in order of first mention.
 *   - severity: a country alert is low; an entity alert is high at score
 *     0.90 and above, medium from 0.80, low below.
 * Alerts come out in the order of their first mention in the text.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "core/core.h"

/* The names of the severities, as alerts, filters and the database say. */
const char *const alert_severity_names[SEVERITY_COUNT] = {
	[SEVERITY_HIGH] = "high",
	[SEVERITY_MEDIUM] = "medium",
	[SEVERITY_LOW] = "low",
};

/* The names of the kinds of alert, by enum party_kind. */
const char *const alert_kind_names[ALERT_KINDS] = {
	[PARTY_ENTITY] = "entity",
	[PARTY_COUNTRY] = "country",
	[PARTY_RULE] = "rule",
};

/*
 * A party's hits kept so far, the best of them (score and what the text
 * may give back) and those left out: a text that names one party a
 * thousand times ("Ahmed" again and again, a surname two hundred listed
 * persons bear) keeps its first ALERT_PARTY_HITS hits of each party and
 * then only one better than those, and counts the rest, so that its hits
 * take memory in proportion to its parties, not to its length times
 * them.  What decides an alert is kept: the best hit and the first ones.
 */
#define ALERT_PARTY_HITS	256

struct hitcount {
	uint64_t		 key;		/* kind, party + 1; 0: free */
	uint32_t		 kept;
	uint32_t		 dropped;	/* mentions left out */
	double			 best;
	size_t			 last_end;	/* of its hits so far */
};

struct hitlist {
	struct match_hit	*v;
	size_t			 n;
	size_t			 cap;
	struct hitcount		*hc;		/* open addressing */
	size_t			 hcap;		/* a power of two, or 0 */
	size_t			 hn;
};

/* The slot of key in a table of cap slots: its own, or the free one. */
static struct hitcount *
alert_hitslot(struct hitcount *hc, size_t cap, uint64_t key)
{
	size_t	 i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) & (cap - 1);

	while (hc[i].key != 0 && hc[i].key != key)
		i = (i + 1) & (cap - 1);
	return (&hc[i]);
}

/* The count of a party's hits (kind, party), made if new. */
static struct hitcount *
alert_hitcount(struct hitlist *hl, enum party_kind kind, size_t party)
{
	struct hitcount	*old = hl->hc, *slot;
	uint64_t	 key = ((uint64_t)kind << 40) | ((uint64_t)party + 1);
	size_t		 j, ocap = hl->hcap;

	if ((hl->hn + 1) * 2 > hl->hcap) {
		hl->hcap = hl->hcap == 0 ? 64 : hl->hcap * 2;
		hl->hc = xcalloc(hl->hcap, sizeof *hl->hc);
		for (j = 0; j < ocap; j++) {
			if (old[j].key != 0)
				*alert_hitslot(hl->hc, hl->hcap,
				    old[j].key) = old[j];
		}
		free(old);
	}
	slot = alert_hitslot(hl->hc, hl->hcap, key);
	if (slot->key == 0) {
		slot->key = key;
		hl->hn++;
	}
	return (slot);
}

/* Hits of a party that were counted, not kept (alert_collect). */
static unsigned
alert_dropped(struct hitlist *hl, enum party_kind kind, size_t party)
{
	return (hl->hcap == 0 ? 0 : alert_hitcount(hl, kind, party)->dropped);
}

/* Collect one hit from the matcher. */
static void
alert_collect(const struct match_hit *hit, void *arg)
{
	struct hitlist	*hl = arg;
	struct hitcount	*hc = alert_hitcount(hl, hit->kind, hit->party);
	double		 may = hit->score + (hit->lift > 0 ? hit->lift : 0);

	if (hit->method == MATCH_WEAK_ALIAS)
		may = 0;
	/*
	 * A hit left out counts as a mention where it overlaps none before
	 * it, as alert_from_run counts those kept ("Vladimir Putin" is one
	 * mention, not two with its "Putin").
	 */
	if (hc->kept >= ALERT_PARTY_HITS && may <= hc->best) {
		if (hit->start >= hc->last_end)
			hc->dropped++;
		if (hit->end > hc->last_end)
			hc->last_end = hit->end;
		return;
	}
	if (hit->end > hc->last_end)
		hc->last_end = hit->end;
	hc->kept++;
	if (may > hc->best)
		hc->best = may;
	if (hl->n == hl->cap) {
		hl->cap = hl->cap == 0 ? 64 : hl->cap * 2;
		hl->v = xreallocarray(hl->v, hl->cap, sizeof *hl->v);
	}
	hl->v[hl->n++] = *hit;
}

/*
 * A scan for names, the countries named and rules at once: the hits go to
 * the list and the rules, the tokens to the rules and, once the text has
 * had a hit, to the countries.  Most documents are one chunk of tokens and
 * most have no hit: their countries are found only if a weak name needs
 * them, by a walk of the bytes (country_scan_part).  A long text has its
 * hits early, and its countries, and how often it names each, are taken
 * from its tokens from the chunk after the first hit on (country_tokens),
 * so that most of it is not walked twice; the part before, if ever needed,
 * is walked.
 */
struct alert_scan {
	struct hitlist		*hl;
	struct rules_scan	*rs;		/* or NULL */
	size_t			 len;		/* of the text */
	uint64_t		*named;		/* countries named, from tokens */
	unsigned		*counts;	/* and how often */
	size_t			*named_from;	/* the byte they start at */
};

static void
alert_collect_scan(const struct match_hit *hit, void *arg)
{
	struct alert_scan	*as = arg;

	alert_collect(hit, as->hl);
	if (as->rs != NULL)
		rules_scan_hit(as->rs, hit);
}

static void
alert_tokens(const char *text, const struct token *t, size_t from,
    size_t limit, size_t n, size_t base, void *arg)
{
	struct alert_scan	*as = arg;

	if (*as->named_from == SIZE_MAX && as->hl->n > 0 && from < limit)
		*as->named_from = t[from].start;
	if (*as->named_from != SIZE_MAX)
		country_tokens(text, as->len, t, from, limit, n, as->named,
		    as->counts);
	if (as->rs != NULL)
		rules_scan_tokens(as->rs, text, t, from, limit, n, base);
}

/*
 * Whether text[0..at) ends with a given name joined by "and" or "&" to
 * what follows ("Uday and ", "Gilberto & "): *from and *to get the given
 * name's bytes.  The name is a word of letters, two at least, in capitals
 * first; a byte >= 0x80 counts as a letter (Joaquín).
 */
static int
alert_joined_name(const char *text, size_t at, size_t *from, size_t *to)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = at, c, e;

	while (i > 0 && s[i - 1] == ' ')
		i--;
	if (i == at)
		return (0);
	if (i >= 1 && s[i - 1] == '&')
		c = i - 1;
	else if (i >= 3 && strncasecmp(text + i - 3, "and", 3) == 0)
		c = i - 3;
	else
		return (0);
	if (c == 0 || s[c - 1] != ' ')
		return (0);
	for (e = c; e > 0 && s[e - 1] == ' '; e--)
		;
	for (i = e; i > 0 && (isalpha(s[i - 1]) || s[i - 1] >= 0x80 ||
	    s[i - 1] == '-'); i--)
		;
	if (e - i < 2 || !(isupper(s[i]) || s[i] >= 0x80))
		return (0);
	*from = i;
	*to = e;
	return (1);
}

/*
 * The persons other than party that a given name s[gfrom..gto) with a
 * relative's surname s[sfrom..sto) after it names whole, scanned as a
 * text of their own with a space between ("Uday Hussein", "Bashar
 * al-Assad"): their hits go to sub, which the caller frees
 * (alert_hitlist_free).
 */
static void
alert_relative_scan(const char *s, const struct watchlist *wl,
    const struct matcher *m, size_t party, size_t gfrom, size_t gto,
    size_t sfrom, size_t sto, struct hitlist *sub)
{
	char	*buf;
	size_t	 k, n = 0, len = gto - gfrom + 1 + sto - sfrom;

	buf = xmalloc(len + 1);
	memcpy(buf, s + gfrom, gto - gfrom);
	buf[gto - gfrom] = ' ';
	memcpy(buf + (gto - gfrom) + 1, s + sfrom, sto - sfrom);
	buf[len] = '\0';
	memset(sub, 0, sizeof *sub);
	(void)matcher_scan(m, buf, len, alert_collect, sub);
	for (k = 0; k < sub->n; k++) {
		if (sub->v[k].kind == PARTY_ENTITY &&
		    sub->v[k].party != party && sub->v[k].start == 0 &&
		    sub->v[k].end == len &&
		    wl->entities[sub->v[k].party].type == ENTITY_PERSON)
			sub->v[n++] = sub->v[k];
	}
	sub->n = n;
	free(buf);
}

/* Free a hitlist's arrays. */
static void
alert_hitlist_free(struct hitlist *hl)
{
	free(hl->v);
	free(hl->hc);
}

/*
 * Two persons of one family are written with one surname after both
 * given names: "Uday and Qusay Hussein", "Gilberto and Miguel Rodriguez
 * Orejuela".  For each person's hit of two words or more with a given
 * name joined by "and" before it, the given name with the hit's words
 * after its first is scanned again as a text of its own ("Uday Hussein");
 * a person that names whole, other than the hit's, is a hit on the bytes
 * from that given name to the hit's end (MATCH_R_JOINED).  A story has a
 * few such pairs; a text of thousands ("Ahmed and Qusay Hussein" again
 * and again, each a dozen namesakes) is read for its first
 * ALERT_JOINED_MAX only, so that it costs neither time nor memory.
 */
#define ALERT_JOINED_MAX	32	/* pairs read again per document */

static void
alert_joined(struct hitlist *hl, const struct document *doc,
    const struct watchlist *wl, const struct matcher *m)
{
	struct hitlist	 sub;
	struct match_hit h, nh;
	const char	*sp;
	size_t		 i, k, n = hl->n, from, to, done = 0;

	for (i = 0; i < n && done < ALERT_JOINED_MAX; i++) {
		h = hl->v[i];
		if (h.kind != PARTY_ENTITY ||
		    wl->entities[h.party].type != ENTITY_PERSON ||
		    (h.rules & MATCH_R_JOINED) ||
		    (sp = memchr(doc->text + h.start, ' ', h.end - h.start)) ==
		    NULL || !alert_joined_name(doc->text, h.start, &from, &to))
			continue;
		/* The given name, then the hit's words after its first. */
		alert_relative_scan(doc->text, wl, m, h.party, from, to,
		    (size_t)(sp - doc->text) + 1, h.end, &sub);
		done++;
		for (k = 0; k < sub.n; k++) {
			nh = sub.v[k];
			nh.start = from;
			nh.end = h.end;
			nh.tok = h.tok >= 2 ? h.tok - 2 : 0;
			nh.tok_end = h.tok_end;
			nh.rules |= MATCH_R_JOINED;
			alert_collect(&nh, hl);
		}
		alert_hitlist_free(&sub);
	}
}

/*
 * A relative named by a given name alone after a word of kinship, whose
 * surname a person named before it gives (kin.c): "Hafez al-Assad ...
 * his son Bashar", "Moammar Gadhafi ... two of his young sons, Khamis and
 * Saif al-Arab".  For each person's hit (its name no common one on the
 * lists, no relative's itself), the ALERT_KIN_NEAR bytes after it are read
 * for such given names; each, with the hit's surname, is scanned again as
 * a text of its own ("Bashar al-Assad"), and a person it names whole,
 * other than the hit's and of agreeing patronymics (kin_related), is a
 * hit on the given name's bytes, at ALERT_KIN_SCORE at most
 * (MATCH_R_KIN).  Its tokens are taken as the relative's hit's end.
 * ALERT_KIN_MAX hits are read after, per document, so that a long text
 * costs little; a surname alone (alert_kin_anchor's 2) reads only the
 * word after it, and counts only when that is a word of kinship.
 */
#define ALERT_KIN_NEAR		2000	/* bytes read after a person's hit */
#define ALERT_KIN_MAX		32	/* persons' hits read after */
#define ALERT_KIN_NAMES		32	/* given names kept a document */
#define ALERT_KIN_SCORE		0.9	/* a relative so named: at most */
#define ALERT_KIN_SURNAME	0.85	/* a surname alone that names one */

/* Whether hl has a hit of party on the bytes from start. */
static int
alert_has_hit(const struct hitlist *hl, size_t party, size_t start)
{
	size_t	 i;

	for (i = 0; i < hl->n; i++) {
		if (hl->v[i].kind == PARTY_ENTITY && hl->v[i].party == party &&
		    hl->v[i].start == start)
			return (1);
	}
	return (0);
}

/* Scan a relative's given name g with the surname of hit h (alert_kin). */
static void
alert_kin_one(struct hitlist *hl, const struct document *doc,
    const struct watchlist *wl, const struct matcher *m,
    const struct match_hit *h, const struct kin_name *g, size_t sfrom,
    size_t sto)
{
	struct hitlist	 sub;
	struct match_hit nh;
	size_t		 k;

	alert_relative_scan(doc->text, wl, m, h->party, g->from, g->to,
	    sfrom, sto, &sub);
	for (k = 0; k < sub.n; k++) {
		nh = sub.v[k];
		if (!kin_related(h->name, nh.name, g->kind) ||
		    alert_has_hit(hl, nh.party, g->from))
			continue;
		nh.start = g->from;
		nh.end = g->to;
		nh.tok = h->tok_end;
		nh.tok_end = h->tok_end + 1;
		nh.rules |= MATCH_R_KIN;
		if (nh.score > ALERT_KIN_SCORE)
			nh.score = ALERT_KIN_SCORE;
		alert_collect(&nh, hl);
	}
	alert_hitlist_free(&sub);
}

/*
 * How a person's hit h may give its surname to relatives (alert_kin): 0
 * not at all; 1 to any in the ALERT_KIN_NEAR bytes after it; 2 only to
 * those after a word of kinship right after it, a surname alone that
 * names the family ("the Arellano Felix brothers, Ramon and Benjamin",
 * "Assad's son Bashar").
 */
static int
alert_kin_anchor(const struct match_hit *h, const struct watchlist *wl,
    const struct matcher *m)
{
	if (h->kind != PARTY_ENTITY ||
	    wl->entities[h->party].type != ENTITY_PERSON ||
	    h->method == MATCH_WEAK_ALIAS || (h->rules & MATCH_R_KIN) ||
	    !matcher_has_family(m, h->party))
		return (0);
	if (h->method == MATCH_SURNAME && ((h->rules & MATCH_R_COMMON_NAMES) ||
	    (h->base < ALERT_KIN_SURNAME && !(h->rules & MATCH_R_TITLED))))
		return (2);
	return ((h->rules & MATCH_R_COMMON_NAMES) ? 0 : 1);
}

/*
 * Where a word right after byte from of s (len bytes) starts: after
 * spaces, "'s" and spaces ("Assad's son", "Assad 's son").
 */
static size_t
alert_kin_right_after(const char *s, size_t len, size_t from)
{
	while (from < len && s[from] == ' ')
		from++;
	if (len - from >= 2 && s[from] == '\'' && s[from + 1] == 's')
		from += 2;
	while (from < len && s[from] == ' ')
		from++;
	return (from);
}

/* The relatives named after the persons' hits of hl (see above). */
static void
alert_kin(struct hitlist *hl, const struct document *doc,
    const struct watchlist *wl, const struct matcher *m)
{
	struct kin_name	 g[ALERT_KIN_NAMES], gw[ALERT_KIN_NAMES];
	struct match_hit h;
	size_t		 i, k, n = hl->n, ng = 0, nw, w, sfrom, sto, to;
	size_t		 done = 0, scanned = 0;
	int		 how;

	for (i = 0; i < n && done < ALERT_KIN_MAX; i++) {
		h = hl->v[i];
		if ((how = alert_kin_anchor(&h, wl, m)) == 0)
			continue;
		if (how == 2) {
			/*
			 * The text after it first: a surname a hundred
			 * listed persons bear is a hundred hits here, and
			 * their names are read only before a kinship word.
			 */
			w = alert_kin_right_after(doc->text, doc->len, h.end);
			nw = kin_names(doc->text, doc->len, w, w + 1, gw,
			    nitems(gw));
			if (nw == 0 ||
			    !kin_surname(doc->text, &h, &sfrom, &sto))
				continue;
			done++;
			for (k = 0; k < nw; k++)
				alert_kin_one(hl, doc, wl, m, &h, &gw[k],
				    sfrom, sto);
			continue;
		}
		if (!kin_surname(doc->text, &h, &sfrom, &sto))
			continue;
		done++;
		/* Each byte is read once: from where the last hit's ended. */
		to = doc->len - h.end > ALERT_KIN_NEAR ?
		    h.end + ALERT_KIN_NEAR : doc->len;
		if (to > scanned && ng < nitems(g)) {
			ng += kin_names(doc->text, doc->len, scanned > h.end ?
			    scanned : h.end, to, g + ng, nitems(g) - ng);
			scanned = to;
		}
		for (k = 0; k < ng; k++) {
			if (g[k].from >= h.end && g[k].from < to)
				alert_kin_one(hl, doc, wl, m, &h, &g[k],
				    sfrom, sto);
		}
	}
}

#define ALERT_PLACE_NEAR	400	/* bytes: a place near a cover name */
#define ALERT_PLACE_SCORE	0.9	/* a body named so at most */

/*
 * Whether a longer hit of h's own party holds hit h: "Islamic Jihad" of
 * "Islamic Jihad for the Liberation of Palestine", a name of HIZBALLAH's.
 */
static int
alert_held(const struct hitlist *hl, const struct match_hit *h)
{
	const struct match_hit	*g;
	size_t			 i;

	for (i = 0; i < hl->n; i++) {
		g = &hl->v[i];
		if (g->kind == h->kind && g->party == h->party &&
		    g->start <= h->start && g->end >= h->end &&
		    g->end - g->start > h->end - h->start)
			return (1);
	}
	return (0);
}

/*
 * A body's cover name that other listed bodies bear with a place
 * ("Islamic Jihad", HIZBALLAH's, of "ISLAMIC JIHAD OF PALESTINE" and
 * "EGYPTIAN ISLAMIC JIHAD") is the body whose place the text names near
 * it, ALERT_PLACE_NEAR bytes either side: "Palestinian sources in Gaza
 * said the men were members of Islamic Jihad" names the Palestinian
 * group.  With no such place near, or inside a longer name of the cover
 * name's body (alert_held), the cover name's body stays.
 */
static void
alert_placed(struct hitlist *hl, const struct document *doc,
    const struct watchlist *wl, const struct matcher *m)
{
	struct placed_party	 pp[8];
	struct match_hit	*h;
	uint64_t		 set[COUNTRY_SET];
	size_t			 i, k, n, from, to;

	for (i = 0; i < hl->n; i++) {
		h = &hl->v[i];
		if (h->kind != PARTY_ENTITY || wl->entities[h->party].type !=
		    ENTITY_ORGANIZATION || (n = matcher_placed(m, h->party,
		    doc->text + h->start, h->end - h->start, pp,
		    nitems(pp))) == 0 || alert_held(hl, h))
			continue;
		from = h->start > ALERT_PLACE_NEAR ?
		    h->start - ALERT_PLACE_NEAR : 0;
		while (from > 0 && from < h->start &&
		    doc->text[from - 1] != ' ' && doc->text[from - 1] != '\n')
			from++;
		to = doc->len - h->end > ALERT_PLACE_NEAR ?
		    h->end + ALERT_PLACE_NEAR : doc->len;
		memset(set, 0, sizeof set);
		country_scan_part(doc->text + from, to - from, to - from, set);
		for (k = 0; k < n && !country_set_has(set, pp[k].cc); k++)
			;
		if (k == n)
			continue;
		h->party = pp[k].party;
		h->name = pp[k].name;
		h->rules |= MATCH_R_PAREN | MATCH_R_COUNTRY;
		if (h->score > ALERT_PLACE_SCORE)
			h->score = ALERT_PLACE_SCORE;
	}
}

/* Order hits by party, then start, so each party's hits are one run. */
static int
alert_cmp_party(const void *a, const void *b)
{
	const struct match_hit	*ha = a, *hb = b;

	if (ha->kind != hb->kind)
		return (ha->kind < hb->kind ? -1 : 1);
	if (ha->party != hb->party)
		return (ha->party < hb->party ? -1 : 1);
	if (ha->start != hb->start)
		return (ha->start < hb->start ? -1 : 1);
	return (ha->end > hb->end ? -1 : ha->end < hb->end);
}

/* Order alerts by first mention. */
static int
alert_cmp_start(const void *a, const void *b)
{
	const struct alert	*aa = a, *ab = b;

	if (aa->start != ab->start)
		return (aa->start < ab->start ? -1 : 1);
	return (strcmp(aa->party_id, ab->party_id));
}

/* The severity of a kind and score. */
static enum severity
alert_severity(enum party_kind kind, double score)
{
	if (kind == PARTY_COUNTRY)
		return (SEVERITY_LOW);
	if (score >= 0.90)
		return (SEVERITY_HIGH);
	if (score >= 0.80)
		return (SEVERITY_MEDIUM);
	return (SEVERITY_LOW);
}

/* The name of a severity; "?" for none. */
const char *
alert_severity_name(enum severity sev)
{
	if ((size_t)sev >= SEVERITY_COUNT)
		return ("?");
	return (alert_severity_names[sev]);
}

/* The severity of a name, or -1. */
int
alert_severity_parse(const char *s)
{
	int	 sev;

	for (sev = 0; s != NULL && sev < SEVERITY_COUNT; sev++) {
		if (strcmp(s, alert_severity_names[sev]) == 0)
			return (sev);
	}
	return (-1);
}

/*
 * A snippet of about n bytes around text[start..end), on UTF-8 boundaries,
 * white space folded, with "..." where it was cut.
 */
char *
alert_snippet(const char *text, size_t len, size_t start, size_t end,
    size_t n)
{
	const unsigned char	*u = (const unsigned char *)text;
	size_t			 from, to, i, o, pad;
	char			*s;

	pad = end - start >= n ? 0 : (n - (end - start)) / 2;
	from = start > pad ? start - pad : 0;
	to = from + n > end ? from + n : end;
	if (to > len)
		to = len;
	while (from > 0 && (u[from] & 0xc0) == 0x80)
		from--;
	while (to < len && (u[to] & 0xc0) == 0x80)
		to++;
	s = xmalloc(to - from + 7);
	o = 0;
	if (from > 0) {
		memcpy(s, "...", 3);
		o = 3;
	}
	for (i = from; i < to; i++) {
		if (text[i] == '\n' || text[i] == '\r' || text[i] == '\t') {
			if (o == 0 || s[o - 1] != ' ')
				s[o++] = ' ';
		} else
			s[o++] = text[i];
	}
	if (to < len) {
		memcpy(s + o, "...", 3);
		o += 3;
	}
	s[o] = '\0';
	return (s);
}

/* Fill the party fields of an alert from the watchlist. */
static void
alert_party(struct alert *a, const struct watchlist *wl,
    const struct match_hit *h)
{
	const struct entity	*e;
	const struct country	*c;

	a->kind = h->kind;
	a->party_index = h->party;
	if (h->kind == PARTY_ENTITY) {
		e = &wl->entities[h->party];
		a->party_id = xstrdup(e->id);
		a->party_name = xstrdup(e->name);
		a->party_type = xstrdup(watchlist_type_name(e->type));
		strv_copy(&a->programs, &e->programs);
		a->list_source = e->source != NULL ? xstrdup(e->source) : NULL;
		strv_copy(&a->topics, &e->topics);
	} else {
		c = &wl->countries[h->party];
		a->party_id = xstrdup(c->code);
		a->party_name = xstrdup(c->name);
		a->party_type = xstrdup("country");
	}
}

static char	*alert_explain(const struct match_hit *);

/*
 * What a text says of sanctions, in words the regimes and the press use
 * for them, in English and Russian: their stems, in lower case, matched at
 * a word's start in any case (alert_stem_at: "САНКЦИИ" too), with a
 * weight.  A word of weight 2 says it alone ("sanctions", "embargo",
 * "OFAC"); one of weight 1 is everyday alone ("a designated driver", "the
 * Security Council met") and needs another.
 */
struct alert_term {
	const char	*stem;
	unsigned	 weight;
};
#define ALERT_TERMS_MAX		128	/* terms a table may have */
static const struct alert_term alert_context_terms[] = {
	{ "sanction", 2 }, { "embargo", 2 }, { "blacklist", 2 },
	{ "asset freeze", 2 }, { "assets freeze", 2 }, { "asset-freeze", 2 },
	{ "frozen asset", 2 }, { "assets frozen", 2 }, { "ofac", 2 },
	{ "ofsi", 2 }, { "specially designated", 2 }, { "export control", 2 },
	{ "entity list", 2 },
	{ "designat", 1 }, { "sdn", 1 }, { "dual-use", 1 }, { "proliferat", 1 },
	{ "security council", 1 }, { "treasury", 1 }, { "evasion", 1 },
	{ "smuggl", 1 }, { "front compan", 1 }, { "shell compan", 1 },
	{ "санкци", 2 }, { "эмбарго", 2 }, { "черный спис", 2 },
	{ "чёрный спис", 2 }, { "черного спис", 2 }, { "чёрного спис", 2 },
	{ "заморож", 2 }, { "экспортн", 1 }, { "минфин", 1 },
	{ "двойного назначения", 1 }, { "контрабанд", 1 }, { "совбез", 1 },
	{ "совет безопасности", 1 },
};
#define ALERT_CONTEXT_MIN	2	/* weight that makes a context */
#define ALERT_SPORT_PENALTY	0.25	/* a short name many bear, in sport */
#define ALERT_BORN_PENALTY	0.40	/* a person of another age (born.c) */

/*
 * A table of terms by their first byte (of the term in lower case): the
 * terms of byte b are order[from[b]..from[b + 1]), so a word is compared
 * only with the few that start as it does (alert_fold_byte).
 */
struct alert_index {
	unsigned char	 order[ALERT_TERMS_MAX];
	unsigned char	 from[257];
	size_t		 len[ALERT_TERMS_MAX];
};
static struct alert_index alert_context_index, alert_sport_index;
static struct alert_index alert_ship_index;
static pthread_once_t	 alert_index_once = PTHREAD_ONCE_INIT;

/* Index one table of terms. */
static void
alert_index_table(struct alert_index *x, const struct alert_term *terms,
    size_t n)
{
	size_t	 b, k, o = 0;

	for (b = 0; b < 256; b++) {
		x->from[b] = (unsigned char)o;
		for (k = 0; k < n; k++) {
			if ((unsigned char)tolower((unsigned char)
			    terms[k].stem[0]) == b)
				x->order[o++] = (unsigned char)k;
		}
	}
	x->from[256] = (unsigned char)o;
	for (k = 0; k < n; k++)
		x->len[k] = strlen(terms[k].stem);
}

static void	alert_index_tables(void);

/*
 * The first byte of the character at text[i] in lower case: ASCII by
 * tolower, others by utf8proc; 0 inside a character or at a bad byte.
 */
static unsigned char
alert_fold_byte(const char *text, size_t len, size_t i)
{
	const unsigned char	*t = (const unsigned char *)text;
	utf8proc_int32_t	 cp;
	utf8proc_uint8_t	 b[4];

	if (t[i] < 0x80)
		return ((unsigned char)tolower(t[i]));
	if (t[i] < 0xc0 || utf8proc_iterate(t + i,
	    (utf8proc_ssize_t)(len - i), &cp) <= 0 ||
	    utf8proc_encode_char(utf8proc_tolower(cp), b) <= 0)
		return (0);
	return (b[0]);
}

/*
 * Whether text[i..len) starts with stem (n bytes, in lower case) in any
 * case: ASCII letters by tolower, other characters by utf8proc's lower
 * case, so "Санкции" and "САНКЦИИ" start with "санкци".
 */
static int
alert_stem_at(const char *text, size_t len, size_t i, const char *stem,
    size_t n)
{
	const unsigned char	*t = (const unsigned char *)text;
	const unsigned char	*s = (const unsigned char *)stem;
	utf8proc_int32_t	 a, b;
	utf8proc_ssize_t	 ka, kb;
	size_t			 j = 0;

	while (j < n) {
		if (i >= len)
			return (0);
		if (s[j] < 0x80) {
			if (t[i] >= 0x80 || tolower(t[i]) != s[j])
				return (0);
			i++;
			j++;
			continue;
		}
		if ((ka = utf8proc_iterate(s + j, (utf8proc_ssize_t)(n - j),
		    &a)) <= 0 || (kb = utf8proc_iterate(t + i,
		    (utf8proc_ssize_t)(len - i), &b)) <= 0 ||
		    utf8proc_tolower(b) != a)
			return (0);
		i += (size_t)kb;
		j += (size_t)ka;
	}
	return (1);
}

/*
 * The weight of the distinct terms of a table that a text has, counted up
 * to want: stems matched at a word's start, in any case (alert_stem_at).
 */
static unsigned
alert_terms(const char *text, size_t len, const struct alert_term *terms,
    const struct alert_index *x, unsigned want)
{
	unsigned char	 seen[ALERT_TERMS_MAX] = { 0 };
	size_t		 i, o, k, n;
	unsigned	 found = 0;
	unsigned char	 c;

	pthread_once(&alert_index_once, alert_index_tables);
	for (i = 0; i < len; i++) {
		c = alert_fold_byte(text, len, i);
		if (x->from[c] == x->from[c + 1])
			continue;
		if (normalize_word_before(text, i))
			continue;
		for (o = x->from[c]; o < x->from[c + 1]; o++) {
			k = x->order[o];
			n = x->len[k];
			if (seen[k] || !alert_stem_at(text, len, i,
			    terms[k].stem, n))
				continue;
			seen[k] = 1;
			found += terms[k].weight;
			if (found >= want)
				return (found);
		}
	}
	return (found);
}

/* Whether a text is about sanctions: terms of weight 2 at least. */
static int
alert_context(const char *text, size_t len)
{
	return (alert_terms(text, len, alert_context_terms,
	    &alert_context_index, ALERT_CONTEXT_MIN) >=
	    ALERT_CONTEXT_MIN);
}

/*
 * What a story on a sanctioned ship says beside its vessel word, and a
 * story on a ship of the same everyday name in another year does not: how
 * it hides and who tracks it.  One such word gives back a ship's name of
 * everyday words (MATCH_R_SHIPNAME).
 */
static const struct alert_term alert_ship_terms[] = {
	{ "transponder", 1 }, { "ship-to-ship", 1 }, { "ship to ship", 1 },
	{ "shadow fleet", 1 }, { "dark fleet", 1 }, { "ghost fleet", 1 },
	{ "satellite image", 1 }, { "satellite imagery", 1 },
	{ "tracking data", 1 }, { "tanker tracker", 1 }, { "superyacht", 1 },
	{ "spoofing", 1 }, { "went dark", 1 },
};

/* Whether text is a story on a ship that hides (alert_ship_terms). */
static int
alert_ship(const char *text, size_t len)
{
	return (alert_terms(text, len, alert_ship_terms, &alert_ship_index,
	    1) >= 1);
}

/*
 * What a sport report says, and no other story says three times over: the
 * games, their places, their people and their tallies.
 */
static const struct alert_term alert_sport_terms[] = {
	{ "football", 1 }, { "soccer", 1 }, { "cricket", 1 }, { "rugby", 1 },
	{ "tennis", 1 }, { "golf", 1 }, { "athletics", 1 }, { "olympic", 1 },
	{ "goalkeeper", 1 }, { "goal", 1 }, { "striker", 1 },
	{ "midfield", 1 }, { "innings", 1 }, { "wicket", 1 },
	{ "batsman", 1 }, { "bowler", 1 }, { "hat-trick", 1 },
	{ "half-time", 1 }, { "halftime", 1 }, { "semi-final", 1 },
	{ "quarter-final", 1 }, { "grand prix", 1 }, { "stadium", 1 },
	{ "referee", 1 }, { "tournament", 1 }, { "medal", 1 },
	{ "kick-off", 1 }, { "line-up", 1 }, { "lineup", 1 },
	{ "substitute", 1 }, { "scorer", 1 }, { "scored", 1 }, { "playoff", 1 },
	{ "play-off", 1 }, { "championship", 1 }, { "matchday", 1 },
	{ "skipper", 1 }, { "world cup", 1 }, { "t20", 1 }, { "unbeaten", 1 },
	{ "opener", 1 }, { "teammate", 1 }, { "team-mate", 1 },
	/*
	 * Other games, and the words of their results; not those that are
	 * stems of other news's words ("discus" of "discussion", "jockey"
	 * of "jockeying", "tie-break" of a "tie-breaking vote", «гол» of
	 * «голосование»: the goalkeeper and the penalty instead), nor its
	 * figures of speech ("marathon talks", a political "heavyweight")
	 * or weapons ("Javelin").
	 */
	{ "basketball", 1 }, { "baseball", 1 }, { "hockey", 1 },
	{ "volleyball", 1 }, { "badminton", 1 }, { "snooker", 1 },
	{ "cycling", 1 }, { "cyclist", 1 }, { "sprinter", 1 },
	{ "hurdles", 1 }, { "decathlon", 1 }, { "heptathlon", 1 },
	{ "steeplechase", 1 }, { "pole vault", 1 }, { "long jump", 1 },
	{ "high jump", 1 }, { "triple jump", 1 }, { "semifinal", 1 },
	{ "quarterfinal", 1 }, { "formula one", 1 }, { "motor racing", 1 },
	{ "fifa", 1 }, { "uefa", 1 }, { "batting", 1 }, { "equaliser", 1 },
	{ "equalizer", 1 }, { "goalless", 1 }, { "offside", 1 },
	{ "relegation", 1 }, { "grand slam", 1 }, { "unseeded", 1 },
	/* Scoreboards and results tables ("lbw b Cairns", "top seed"). */
	{ "scoreboard", 1 }, { "lbw", 1 }, { "wickets", 1 }, { "bowled", 1 },
	{ "leaderboard", 1 }, { "boxing", 1 }, { "boxer", 1 },
	{ "seeded", 1 }, { "top seed", 1 },
	/* Games on ice, snow, water, the mat, the board and the links. */
	{ "swimming", 1 }, { "swimmer", 1 }, { "freestyle", 1 },
	{ "backstroke", 1 }, { "breaststroke", 1 }, { "skating", 1 },
	{ "skater", 1 }, { "skiing", 1 }, { "slalom", 1 }, { "biathlon", 1 },
	{ "wrestling", 1 }, { "wrestler", 1 }, { "weightlift", 1 },
	{ "gymnast", 1 }, { "handball", 1 }, { "nhl", 1 }, { "nba", 1 },
	{ "grandmaster", 1 }, { "chess", 1 }, { "under-par", 1 },
	{ "over-par", 1 }, { "birdie", 1 }, { "bogey", 1 }, { "fairway", 1 },
	{ "stroke lead", 1 },
	{ "футбол", 1 }, { "матч", 1 }, { "голкипер", 1 }, { "вратар", 1 },
	{ "пенальти", 1 }, { "чемпионат", 1 },
	{ "сборн", 1 }, { "финал", 1 }, { "четвертьфинал", 1 },
	{ "полуфинал", 1 }, { "кубк", 1 }, { "кубок", 1 }, { "тренер", 1 },
};
#define ALERT_SPORT_MIN		3	/* distinct terms that make a report */
#define ALERT_RESULTS_MIN	3	/* lines of results with a term */
#define ALERT_RESULTS_LINE	160	/* bytes of a results line at most */
_Static_assert(nitems(alert_sport_terms) <= ALERT_TERMS_MAX &&
    nitems(alert_context_terms) <= ALERT_TERMS_MAX, "alert_terms tables");

/*
 * Whether the line at s[0..len) is a line of a results table: a name in
 * parentheses, a country or a club, then a tally ("2. Kim Myong-chol (
 * North Korea ) 290.0", "Pete Sampras (U.S.) beat Mark Philippoussis
 * (Australia) 6-4 7-6", "1. Anna Ivanova (Russia) 1:58.72").
 */
static int
alert_results_line(const char *s, size_t len)
{
	size_t	 i, k;

	for (i = 0; i < len; i++) {
		if (s[i] != '(')
			continue;
		for (k = i + 1; k < len && s[k] == ' '; k++)
			;
		if (k == len || s[k] < 'A' || s[k] > 'Z')
			continue;
		while (k < len && (isalpha((unsigned char)s[k]) ||
		    s[k] == '.' || s[k] == ' '))
			k++;
		if (k == len || s[k] != ')')
			continue;
		for (k++; k < len && s[k] != '('; k++) {
			if (isdigit((unsigned char)s[k]))
				return (1);
		}
	}
	return (0);
}

/*
 * How many lines of a results table a text has, up to max: lines of
 * ALERT_RESULTS_LINE bytes at most (alert_results_line).
 */
static size_t
alert_results(const char *text, size_t len, size_t max)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 n = 0;

	while (p < end && n < max) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) <= ALERT_RESULTS_LINE &&
		    alert_results_line(p, (size_t)(nl - p)))
			n++;
		p = nl + 1;
	}
	return (n);
}

/*
 * Whether a text is a sport report: three of the terms above, or a
 * results table of ALERT_RESULTS_MIN lines and one term (a page of
 * weightlifting results names its sport once), or of twice as many.  A
 * story of other news has a line or two so at most ("Likud (Netanyahu)
 * 32 seats").
 */
static int
alert_sport(const char *text, size_t len)
{
	size_t	 terms, lines;

	terms = alert_terms(text, len, alert_sport_terms,
	    &alert_sport_index, ALERT_SPORT_MIN);
	if (terms >= ALERT_SPORT_MIN)
		return (1);
	lines = alert_results(text, len, 2 * ALERT_RESULTS_MIN);
	return (lines >= 2 * ALERT_RESULTS_MIN ||
	    (terms >= 1 && lines >= ALERT_RESULTS_MIN));
}

/* Index the two tables of terms, once. */
static void
alert_index_tables(void)
{
	alert_index_table(&alert_context_index, alert_context_terms,
	    nitems(alert_context_terms));
	alert_index_table(&alert_sport_index, alert_sport_terms,
	    nitems(alert_sport_terms));
	alert_index_table(&alert_ship_index, alert_ship_terms,
	    nitems(alert_ship_terms));
}

/* What a document says that corroborates a weak form, found once. */
struct corroboration {
	uint64_t	 named[COUNTRY_SET];	/* countries named */
	size_t		 named_from;	/* from tokens from here, or SIZE_MAX */
	int		 scanned;	/* named is whole */
	int		 context;		/* alert_context(), or -1 */
	int		 sport;			/* alert_sport(), or -1 */
	int		 ship;			/* alert_ship(), or -1 */
	const struct match_hit **strong;	/* hits without doubt */
	size_t		 nstrong;
	unsigned	 counts[COUNTRY_CODES];	/* country_count() */
	int		 counted;	/* counts is whole */
};

/* Whether text a[0..na) holds b[0..nb), in any ASCII case. */
static int
alert_holds(const char *a, size_t na, const char *b, size_t nb)
{
	size_t	 i;

	for (i = 0; nb > 0 && i + nb <= na; i++) {
		if (strncasecmp(a + i, b, nb) == 0)
			return (1);
	}
	return (0);
}

/*
 * Whether the words of a weak hit are part of a name that the text gives
 * another party without doubt: "Sberbank" beside "Sberbank of Russia" is
 * that bank again, not its namesake subsidiary, whatever else corroborates.
 */
static int
alert_taken(const struct corroboration *co, const struct document *doc,
    const struct match_hit *h)
{
	const struct match_hit	*s;
	size_t			 i;

	for (i = 0; i < co->nstrong; i++) {
		s = co->strong[i];
		if (s->party != h->party && alert_holds(doc->text + s->start,
		    s->end - s->start, doc->text + h->start, h->end - h->start))
			return (1);
	}
	return (0);
}

/*
 * The family of a program's name: its first word of letters, after a
 * "UN-" ("DPRK" of DPRK2 and DPRK3, "IRAN" of IRAN-EO13846, "Iraq" of
 * UN-Iraq), and its length; 0 if that has fewer than three letters or
 * runs into a digit of its own ("E.O. 13382", "561-Related").
 */
static size_t
alert_program_family(const char *s, const char **fam)
{
	size_t	 n;

	if (strncasecmp(s, "UN-", 3) == 0)
		s += 3;
	for (n = 0; isalpha((unsigned char)s[n]); n++)
		/* nothing */;
	*fam = s;
	return (n >= 3 ? n : 0);
}

/*
 * Whether two programs are one, or of one family: a regime's numbered
 * programs and each list's name for it (DPRK2 and DPRK3, IRAN and
 * "Iran (human rights)", IRAQ2 and UN-Iraq).
 */
static int
alert_same_program(const char *a, const char *b)
{
	const char	*fa, *fb;
	size_t		 na, nb;

	if (strcmp(a, b) == 0)
		return (1);
	na = alert_program_family(a, &fa);
	nb = alert_program_family(b, &fb);
	return (na > 0 && na == nb && strncasecmp(fa, fb, na) == 0);
}

/*
 * Whether another party that the text names without doubt shares a
 * program with the party of a weak hit ("Basic Element" beside Oleg
 * Deripaska): the press names a listed party's partners with it.
 */
static int
alert_program_named(const struct watchlist *wl, const struct corroboration *co,
    const struct match_hit *h)
{
	const struct entity	*e = &wl->entities[h->party], *o;
	size_t			 i, j, k;

	for (i = 0; i < co->nstrong; i++) {
		/*
		 * Not a party found by names many bear, or by another
		 * spelling: one namesake so corroborated would vouch for
		 * the next ("Mohammad Nabi" for "Abdul Karim", in one story
		 * on Afghan refugees; "Ahmed Gailani", the Afghan leader,
		 * for "Abdul Rahim").
		 */
		if (co->strong[i]->party == h->party ||
		    (co->strong[i]->rules & (MATCH_R_COMMON_NAMES |
		    MATCH_R_SPORT | MATCH_R_SPELLING)))
			continue;
		o = &wl->entities[co->strong[i]->party];
		for (j = 0; j < e->programs.n; j++) {
			for (k = 0; k < o->programs.n; k++) {
				if (alert_same_program(e->programs.v[j],
				    o->programs.v[k]))
					return (1);
			}
		}
	}
	return (0);
}

/*
 * The entry of a party's ring (watchlist-party.c) after x, or SIZE_MAX
 * once the walk from party is back at it; *steps, 0 at the start, bounds
 * the walk should the ring be broken.
 */
static size_t
alert_ring_next(const struct watchlist *wl, size_t party, size_t x,
    size_t *steps)
{
	x = wl->entities[x].next_same;
	if (x == party || x >= wl->nentities || (*steps)++ >= wl->nentities)
		return (SIZE_MAX);
	return (x);
}

/*
 * The country a sanctions program is named for, its regime's target
 * ("SYRIA", "IRAQ2", "RUSSIA-EO14024", "UN-Iran", "Iran (nuclear
 * proliferation)", "North Korea (Democratic People's Republic of
 * Korea)"), or NULL ("SDGT", "BALKANS").
 */
static const char *
alert_program_country(const char *prog)
{
	char	 buf[64];
	size_t	 n;

	if (strncmp(prog, "UN-", 3) == 0)
		prog += 3;
	n = strcspn(prog, "-");
	while (n > 0 && (prog[n - 1] == ' ' ||
	    isdigit((unsigned char)prog[n - 1])))
		n--;
	if (n == 0 || n >= sizeof buf)
		return (NULL);
	memcpy(buf, prog, n);
	buf[n] = '\0';
	return (country_lookup(buf));
}

/*
 * Whether the text names one of the countries the entries of entity
 * party's ring give (another list's entry of the party may give them): 1
 * if it does, 0 if it names none of them, -1 if no entry gives any.
 */
static int
alert_entry_country_named(const struct watchlist *wl,
    struct corroboration *co, const struct document *doc, size_t party)
{
	const struct entity	*e;
	size_t			 x, k, steps = 0;
	int			 any = 0;

	if (!co->scanned) {
		country_scan_part(doc->text, doc->len, co->named_from,
		    co->named);
		co->scanned = 1;
	}
	for (x = party; x != SIZE_MAX; x = alert_ring_next(wl, party, x,
	    &steps)) {
		e = &wl->entities[x];
		for (k = 0; k < e->countries.n; k++) {
			any = 1;
			if (country_set_has(co->named, e->countries.v[k]))
				return (1);
		}
	}
	return (any ? 0 : -1);
}

/*
 * Whether the text names one of entity party's countries: of any entry of
 * its ring (alert_entry_country_named), or where none gives any, the
 * country one of its programs is named for (the UK lists Syria's "COTTON
 * MARKETING ORGANISATION" under Syria alone).
 */
static int
alert_country_named(const struct watchlist *wl, struct corroboration *co,
    const struct document *doc, size_t party)
{
	const struct entity	*e;
	const char		*code;
	size_t			 x, k, steps = 0;
	int			 r;

	if ((r = alert_entry_country_named(wl, co, doc, party)) >= 0)
		return (r);
	for (x = party; x != SIZE_MAX; x = alert_ring_next(wl, party, x,
	    &steps)) {
		e = &wl->entities[x];
		for (k = 0; k < e->programs.n; k++) {
			code = alert_program_country(e->programs.v[k]);
			if (code != NULL && country_set_has(co->named, code))
				return (1);
		}
	}
	return (0);
}

/*
 * Whether the text names one of the countries of hit h's party (of its
 * ring's entries, and those its programs are named for) at least a third
 * as often as any other, or right before the hit ("Iran's Ministry of
 * ..."); so too a party of no country.  A name of everyday words is the
 * country's the story is about, not that of one it names in passing ("the
 * Ministry of Petroleum" in a story on Syria's oil that names Iranian
 * crude once is Syria's, not the listed Iranian one), whatever else the
 * text names.
 */
static int
alert_country_main(const struct watchlist *wl, struct corroboration *co,
    const struct document *doc, const struct match_hit *h)
{
	const struct entity	*e;
	const char		*code;
	size_t			 x, k, steps = 0, party = h->party;
	unsigned		 most = 0, own = 0;
	int			 c, any = 0;

	if (!co->counted) {	/* the bytes before the tokens counted */
		country_count_part(doc->text, doc->len, co->named_from,
		    co->counts);
		co->counted = 1;
	}
	for (k = 0; k < COUNTRY_CODES; k++) {
		if (co->counts[k] > most)
			most = co->counts[k];
	}
	for (x = party; x != SIZE_MAX; x = alert_ring_next(wl, party, x,
	    &steps)) {
		e = &wl->entities[x];
		for (k = 0; k < e->countries.n + e->programs.n; k++) {
			code = k < e->countries.n ? e->countries.v[k] :
			    alert_program_country(
			    e->programs.v[k - e->countries.n]);
			if (code == NULL)
				continue;
			if (h->place != NULL && strcmp(h->place, code) == 0)
				return (1);
			any = 1;
			c = country_index(code);
			if (c >= 0 && co->counts[c] > own)
				own = co->counts[c];
		}
	}
	return (!any || own * 3 >= most);
}

/*
 * Whether a weak hit may be corroborated by its party's country: not a
 * given name and half a double surname, census names both ("Ivan Duque" of
 * DUQUE GAVIRIA, Ivan Roberto), which that country's own news is full of,
 * nor a long firm's first words ("Cosco Shipping" in a story on China,
 * match_hit.nocountry), nor a name in a sport report.
 */
static int
alert_country_may(const struct match_hit *h)
{
	return (h->lift > 0 && !h->nocountry && !(h->rules & MATCH_R_SPORT));
}

/* Give a weak hit its score back, for the reason rule. */
static void
alert_lift(struct match_hit *h, unsigned rule)
{
	/* Per mille, as the matcher scores: 0.7 + 0.2 is 0.9, not less. */
	h->score = floor((h->score + h->lift) * 1000 + 0.5) / 1000;
	h->lift = 0;
	h->rules |= rule;
}

/* Whether a hit raises an alert by itself, needing nothing more. */
static int
alert_sure(const struct match_hit *h, double min_score)
{
	return (h->kind == PARTY_ENTITY && h->lift <= 0 &&
	    h->method != MATCH_WEAK_ALIAS && h->method != MATCH_SURNAME &&
	    h->score >= min_score);
}

/*
 * Whether a hit may raise an alert, given back what it lost: only such a
 * hit is worth reading the text again for (a surname alone never is).
 */
static int
alert_may_reach(const struct match_hit *h, double min_score)
{
	return (h->kind == PARTY_ENTITY && h->method != MATCH_WEAK_ALIAS &&
	    h->score + (h->lift > 0 ? h->lift : 0) >= min_score - 1e-9);
}

/*
 * In a sport report, full of players' names and their countries, a
 * person's short form that many people bear (match_hit.namesake: "Yasser
 * Ibrahim", "Kim Sang") is weak, and so is a person's name of common
 * names where the report names the party's country ("Mohamed Ibrahim" in
 * Zamalek's line-up, Egypt named): both need a party of its program or
 * sanctions words.
 */
static void
alert_sport_weigh(struct match_hit *hits, size_t n,
    const struct document *doc, struct corroboration *co, double min_score)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!hits[i].namesake || !alert_may_reach(&hits[i], min_score))
			continue;
		if (co->sport == -1)
			co->sport = alert_sport(doc->text, doc->len);
		if (!co->sport)
			return;
		hits[i].rules |= MATCH_R_SPORT;
		if (hits[i].lift > 0)
			continue;
		hits[i].score = hits[i].score > ALERT_SPORT_PENALTY ?
		    hits[i].score - ALERT_SPORT_PENALTY : 0;
		hits[i].lift = ALERT_SPORT_PENALTY;
	}
}

/* The years of birth the lists give a party: of every entry of its ring. */
static void
alert_born_years(const struct watchlist *wl, size_t party, unsigned *lo,
    unsigned *hi)
{
	const struct entity	*e;
	size_t			 x, steps = 0;

	*lo = *hi = 0;
	for (x = party; x != SIZE_MAX; x = alert_ring_next(wl, party, x,
	    &steps)) {
		e = &wl->entities[x];
		if (e->born_lo != 0 && (*lo == 0 || e->born_lo < *lo))
			*lo = e->born_lo;
		if (e->born_hi > *hi)
			*hi = e->born_hi;
	}
}

/*
 * Where in s[0..len) one of the words of a splinter group starts, or len
 * if none does.
 */
static size_t
alert_splinter_word(const char *s, size_t len)
{
	/* Each word less its first letter, in capitals and in lower case. */
	static const char *const words[][2] = {
		{ "ISSIDENT", "issident" }, { "PLINTER", "plinter" },
	};
	const char	*p;
	size_t		 k, c, at = len, n;

	for (k = 0; k < nitems(words); k++) {
		n = strlen(words[k][0]);
		for (c = 0; c < 2; c++) {
			p = s;
			while ((p = memmem(p, len - (size_t)(p - s),
			    words[k][c], n)) != NULL) {
				if (p > s && (p[-1] | 0x20) == (k == 0 ?
				    'd' : 's') && (size_t)(p - 1 - s) < at) {
					at = (size_t)(p - 1 - s);
					break;
				}
				p++;
			}
		}
	}
	return (at);
}

/*
 * Whether name, one of entity e's, is that of the group e split from, as
 * e's aliases say: "FARC DISSIDENTS FARC-EP" makes "FARC-EP" and
 * "REVOLUTIONARY ARMED FORCES OF COLOMBIA DISSIDENTS FARC-EP" the
 * Colombian FARC's names, not "SEGUNDA MARQUETALIA".
 */
static int
alert_splinter(const struct entity *e, const char *name)
{
	const struct strv	*v;
	const char		*a;
	size_t			 at;
	uint32_t		 i;
	int			 k;

	for (k = 0; k < 2; k++) {
		v = k == 0 ? &e->aliases : &e->weak_aliases;
		for (i = 0; i < v->n; i++) {
			a = v->v[i];
			at = alert_splinter_word(a, strlen(a));
			while (at > 0 && a[at - 1] == ' ')
				at--;
			if (at >= 3 && at < strlen(a) &&
			    alert_holds(name, strlen(name), a, at))
				return (1);
		}
	}
	return (0);
}

/*
 * A group the list calls another's dissidents by its own aliases ("FARC
 * DISSIDENTS FARC-EP" of REVOLUTIONARY ARMED FORCES OF COLOMBIA - PEOPLE'S
 * ARMY) bears the name of the group it split from: a text that never says
 * "dissident" or "splinter" names that other group by it ("FARC rebels"
 * in 1996).  Such a hit loses ALERT_BORN_PENALTY, and nothing gives it
 * back.
 */
static void
alert_dissidents(struct hitlist *hl, const struct document *doc,
    const struct watchlist *wl, const struct matcher *m)
{
	struct match_hit	*h;
	size_t			 i;
	int			 said = -1;

	for (i = 0; i < hl->n; i++) {
		h = &hl->v[i];
		if (h->kind != PARTY_ENTITY ||
		    !matcher_is_splinter(m, h->party) ||
		    !alert_splinter(&wl->entities[h->party], h->name))
			continue;
		if (said == -1)
			said = alert_splinter_word(doc->text, doc->len) <
			    doc->len;
		if (said)
			return;
		h->score = h->score > ALERT_BORN_PENALTY ?
		    h->score - ALERT_BORN_PENALTY : 0;
		h->lift = 0;
		h->rules |= MATCH_R_ANOTHER;
	}
}

/*
 * A person the lists give years of birth, whom the text names at its
 * date as a child or not yet born, or with another age beside the name
 * (born.c), is another of the name: its hit loses ALERT_BORN_PENALTY, and
 * nothing gives it back.  A text that says nothing of its date is read
 * by what holds at any date up to today (born_other_now).  So is a body
 * that a text written before the year it was established names: the
 * Soviet "Vneshtorgbank" of a 1987 story is not the VTB BANK established
 * in 1990, whose alias the name is.
 */
static void
alert_born(struct hitlist *hl, const struct document *doc,
    const struct watchlist *wl)
{
	struct match_hit	*h;
	unsigned		 lo, hi, year = 0, age;
	size_t			 i;
	int			 dated = -1, office;

	for (i = 0; i < hl->n; i++) {
		h = &hl->v[i];
		if (h->kind != PARTY_ENTITY)
			continue;
		alert_born_years(wl, h->party, &lo, &hi);
		if (lo == 0)
			continue;
		if (dated == -1) {
			year = born_doc_year(doc);
			dated = year != 0;
		}
		if (wl->entities[h->party].type != ENTITY_PERSON) {
			if (!dated || year >= lo)
				continue;
		} else {
			age = born_age(doc->text, doc->len, h->start, h->end);
			office = born_office(doc->text, h->start);
			if (!(dated ? born_other(lo, hi, year, age, office) :
			    born_other_now(lo, age, office)))
				continue;
		}
		h->score = h->score > ALERT_BORN_PENALTY ?
		    h->score - ALERT_BORN_PENALTY : 0;
		h->lift = 0;
		h->rules |= MATCH_R_ANOTHER;
	}
}

/*
 * A name the text calls a ship once ("the missile cruiser Slava") is the
 * ship's wherever else it stands alone in the text ("crossing to the
 * Slava"), not the listed firm's: each other mention of the same words
 * weighs no more than the ship's.  hits[0..n) are sorted by party.
 */
static void
alert_ship_named(struct match_hit *hits, size_t n, const char *text)
{
	const struct match_hit	*s;
	size_t			 i, j, k, len;

	for (i = 0; i < n; i = j) {
		s = NULL;
		for (j = i; j < n && hits[j].kind == hits[i].kind &&
		    hits[j].party == hits[i].party; j++) {
			if (s == NULL && (hits[j].rules & MATCH_R_SHIP))
				s = &hits[j];
		}
		if (s == NULL)
			continue;
		len = s->end - s->start;
		for (k = i; k < j; k++) {
			if ((hits[k].rules & MATCH_R_SHIP) ||
			    hits[k].end - hits[k].start != len ||
			    strncasecmp(text + hits[k].start, text + s->start,
			    len) != 0)
				continue;
			if (hits[k].score > s->score)
				hits[k].score = s->score;
			if (hits[k].lift > s->lift)
				hits[k].lift = s->lift;
			hits[k].rules |= MATCH_R_SHIP;
		}
	}
}

/*
 * Give weak forms that need evidence (a name of everyday words, a person's
 * common names, a firm's one word left, a short name in a sport report)
 * their score back where the text corroborates them, strongest evidence
 * first over the whole document:
 *   1. it names one of the party's countries ("Saddam Hussein" in a story
 *      on Iraq, "Shining Path" beside Peru), but for a short form of
 *      census names or a name in a sport report (alert_country_may);
 *      such a hit is then as sure as a strong one;
 *   2. unless the hit's words are part of a name the text gives another
 *      party so far (alert_taken), it names another party of one of its
 *      programs (not one found by common names or in a sport report, and
 *      not for a name in a sport report), or it is about sanctions
 *      (alert_context); not for words that text in capitals cannot tell
 *      from a name (MATCH_R_CASELESS), which a story on sanctions is full
 *      of too.
 * hits[0..n) are sorted by party; co->strong, made here (the caller frees
 * it), receives the hits that raise an alert by themselves.
 */
static void
alert_corroborate(struct match_hit *hits, size_t n,
    const struct document *doc, const struct watchlist *wl,
    struct corroboration *co, double min_score)
{
	size_t	 i, j, k;

	alert_sport_weigh(hits, n, doc, co, min_score);
	alert_ship_named(hits, n, doc->text);
	co->strong = xcalloc(n + 1, sizeof *co->strong);
	for (i = 0; i < n; i++) {
		if (alert_sure(&hits[i], min_score))
			co->strong[co->nstrong++] = &hits[i];
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && hits[j].kind == hits[i].kind &&
		    hits[j].party == hits[i].party; j++)
			;
		if (hits[i].kind != PARTY_ENTITY)
			continue;
		for (k = i; k < j && (!alert_country_may(&hits[k]) ||
		    !alert_may_reach(&hits[k], min_score)); k++)
			;
		if (k == j || !alert_country_named(wl, co, doc, hits[i].party))
			continue;
		for (k = i; k < j; k++) {
			if (!alert_country_may(&hits[k]) ||
			    ((hits[k].rules & MATCH_R_GENERIC) &&
			    !alert_country_main(wl, co, doc, &hits[k])))
				continue;
			alert_lift(&hits[k], MATCH_R_COUNTRY);
			if (alert_sure(&hits[k], min_score))
				co->strong[co->nstrong++] = &hits[k];
		}
	}
	for (i = 0; i < n; i++) {
		if (hits[i].lift <= 0 || !alert_may_reach(&hits[i], min_score) ||
		    (hits[i].rules & MATCH_R_CASELESS) ||
		    alert_taken(co, doc, &hits[i]) ||
		    ((hits[i].rules & MATCH_R_GENERIC) &&
		    !alert_country_main(wl, co, doc, &hits[i])))
			continue;
		/*
		 * A sport report names listed athletes turned politicians
		 * beside their old teammates' namesakes: its namesakes need
		 * sanctions words.
		 */
		if (!(hits[i].rules & MATCH_R_SPORT) &&
		    alert_program_named(wl, co, &hits[i]))
			alert_lift(&hits[i], MATCH_R_PROGRAM);
		else {
			if (co->context == -1)
				co->context = alert_context(doc->text,
				    doc->len);
			if (co->context)
				alert_lift(&hits[i], MATCH_R_CONTEXT);
		}
		if (hits[i].lift > 0 && (hits[i].rules & MATCH_R_SHIPNAME)) {
			if (co->ship == -1)
				co->ship = alert_ship(doc->text, doc->len);
			if (co->ship)
				alert_lift(&hits[i], MATCH_R_CONTEXT);
		}
	}
}

/* Order hits' pointers by their bytes in the text. */
static int
alert_cmp_span(const void *a, const void *b)
{
	const struct match_hit	*ha = *(const struct match_hit *const *)a;
	const struct match_hit	*hb = *(const struct match_hit *const *)b;

	if (ha->start != hb->start)
		return (ha->start < hb->start ? -1 : 1);
	if (ha->end != hb->end)
		return (ha->end < hb->end ? -1 : 1);
	return (0);
}

/*
 * The hits of entity e in hits[0..n), which are in alert_cmp_party order:
 * hits[*from..return).
 */
static size_t
alert_entity_run(const struct match_hit *hits, size_t n, size_t e,
    size_t *from)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (hits[mid].kind < PARTY_ENTITY || (hits[mid].kind ==
		    PARTY_ENTITY && hits[mid].party < e))
			lo = mid + 1;
		else
			hi = mid;
	}
	*from = lo;
	while (hi < n && hits[hi].kind == PARTY_ENTITY && hits[hi].party == e)
		hi++;
	return (hi);
}

/*
 * Whether entity e, one of the gn parties whose hits are grp (on one span
 * of the text), has a name of its own in the text: a hit of any entry of
 * its party elsewhere, but a surname alone, that no hit of the others
 * overlaps ("the ELN", an alias of the Colombian NATIONAL LIBERATION ARMY,
 * not of the Macedonian one).
 */
static int
alert_own_name(const struct match_hit *hits, size_t n,
    const struct watchlist *wl, struct match_hit *const *grp, size_t gn,
    size_t e)
{
	const struct match_hit	*h, *o;
	size_t			 i, from, to, g, of, ot, k, x, steps = 0;
	int			 shared;

	for (x = e; x != SIZE_MAX; x = alert_ring_next(wl, e, x, &steps)) {
		to = alert_entity_run(hits, n, x, &from);
		for (i = from; i < to; i++) {
			h = &hits[i];
			if (h->method == MATCH_SURNAME || h->score <= 0 ||
			    (h->start < grp[0]->end &&
			    grp[0]->start < h->end))
				continue;
			shared = 0;
			for (g = 0; g < gn && !shared; g++) {
				if (wl->entities[grp[g]->party].same ==
				    wl->entities[e].same)
					continue;
				ot = alert_entity_run(hits, n, grp[g]->party,
				    &of);
				for (k = of; k < ot && !shared; k++) {
					o = &hits[k];
					shared = o->start < h->end &&
					    h->start < o->end;
				}
			}
			if (!shared)
				return (1);
		}
	}
	return (0);
}

/*
 * A hit that another party's beat in the matcher (matcher_may_yield) is
 * that party's, unless the text names the hit's own country and none of
 * the other's: then the other's hit on those words is not meant ("Tour
 * operator Havanatur" in a story on Cuba is HAVANATUR S.A. of Cuba, not
 * HAVANATUR of France, whose name is the words as listed).
 */
static void
alert_yield(struct match_hit *hits, size_t n, const struct document *doc,
    const struct watchlist *wl, struct corroboration *co)
{
	struct match_hit	*h;
	size_t			 i, k, from, to, d;

	for (i = 0; i < n; i++) {
		h = &hits[i];
		if (h->kind != PARTY_ENTITY || h->yields == 0 || h->score <= 0)
			continue;
		d = h->yields - 1;
		h->yields = 0;
		if (d >= wl->nentities || alert_entry_country_named(wl, co, doc,
		    h->party) != 1 || alert_entry_country_named(wl, co, doc,
		    d) != 0) {
			h->score = 0;
			continue;
		}
		to = alert_entity_run(hits, n, d, &from);
		for (k = from; k < to; k++) {
			if (hits[k].start == h->start && hits[k].end == h->end)
				hits[k].score = 0;
		}
	}
}

/*
 * Parties of one name told apart by their countries: where the same words
 * of the text raise alerts of several parties, and the text names the
 * countries of some of them, the others, whose lists give them countries
 * of their own that the text does not name, are not meant ("Corporacion
 * Cimex" in a story on Cuba is the Cuban holding's, not the Panamanian
 * firm's of the same name).  Where that leaves several, and the text names
 * some of them by a name of their own as well (alert_own_name), the others
 * are not meant: "the National Liberation Army ... the ELN" is the
 * Colombian group, not the Macedonian one of that name, whose "NLA" and
 * "UCK" the text never writes.
 */
static void
alert_same_name(struct match_hit *hits, size_t n, const struct document *doc,
    const struct watchlist *wl, struct corroboration *co, double min_score)
{
	struct match_hit	**v;
	size_t			  i, j, k, m = 0, left, own;
	int			  several, named, *mine;

	v = xcalloc(n + 1, sizeof *v);
	mine = xcalloc(n + 1, sizeof *mine);
	for (i = 0; i < n; i++) {
		if (hits[i].kind == PARTY_ENTITY && hits[i].score >= min_score)
			v[m++] = &hits[i];
	}
	qsort(v, m, sizeof *v, alert_cmp_span);
	for (i = 0; i < m; i = j) {
		several = 0;
		for (j = i + 1; j < m && v[j]->start == v[i]->start &&
		    v[j]->end == v[i]->end; j++)
			several |= v[j]->party != v[i]->party;
		if (!several)
			continue;
		named = 0;
		for (k = i; k < j && !named; k++)
			named = alert_country_named(wl, co, doc, v[k]->party);
		for (k = i; named && k < j; k++) {
			if (alert_entry_country_named(wl, co, doc,
			    v[k]->party) == 0)
				v[k]->score = 0;
		}
		for (k = i, left = 0, own = 0; k < j; k++) {
			if (v[k]->score <= 0)
				continue;
			left++;
			mine[k] = alert_own_name(hits, n, wl, v + i, j - i,
			    v[k]->party);
			own += (size_t)mine[k];
		}
		if (own == 0 || own == left)
			continue;
		for (k = i; k < j; k++) {
			if (v[k]->score > 0 && !mine[k])
				v[k]->score = 0;
		}
	}
	free(mine);
	free(v);
}

/* Make the alert for one party's run of hits, or return 0 if it raises none. */
static int
alert_from_run(struct alert *a, struct match_hit *run, size_t n,
    const struct document *doc, const struct watchlist *wl,
    const struct alert_opts *opts)
{
	const struct match_hit	*best = NULL;
	size_t			 i, last_end = 0;
	unsigned		 count = 0;

	for (i = 0; i < n; i++) {
		if (run[i].method != MATCH_WEAK_ALIAS && (best == NULL ||
		    run[i].score > best->score))
			best = &run[i];
		if (i == 0 || run[i].start >= last_end) {
			count++;
			last_end = run[i].end;
		} else if (run[i].end > last_end)
			last_end = run[i].end;
	}
	if (best == NULL || best->score < opts->min_score)
		return (0);
	if (best->kind == PARTY_COUNTRY && !wl->countries[best->party].sanctioned)
		return (0);
	memset(a, 0, sizeof *a);
	alert_party(a, wl, best);
	a->severity = alert_severity(best->kind, best->score);
	a->match_text = xstrndup(doc->text + best->start,
	    best->end - best->start);
	a->match_name = xstrdup(best->name);
	a->method = best->method;
	a->score = best->score;
	a->start = best->start;
	a->end = best->end;
	a->count = count;
	a->source_id = xstrdup(doc->source_id);
	a->url = xstrdup(doc->url);
	a->title = doc->title != NULL ? xstrdup(doc->title) : NULL;
	memcpy(a->sha256, doc->sha256, sizeof a->sha256);
	memcpy(a->published, doc->published, sizeof a->published);
	memcpy(a->watchlist, wl->hash, sizeof a->watchlist);
	a->snippet = alert_snippet(doc->text, doc->len, best->start, best->end,
	    opts->snippet_chars);
	a->explain = alert_explain(best);
	return (1);
}

/* Whether two alerts are of one party (entity.same, see watchlist.c). */
static int
alert_same_party(const struct watchlist *wl, const struct alert *a,
    size_t pa, const struct alert *b, size_t pb)
{
	return (a->kind == PARTY_ENTITY && b->kind == PARTY_ENTITY &&
	    wl->entities[pa].same == wl->entities[pb].same);
}

/*
 * Name in an entity alert every entry of its party, not only those whose
 * names the text matched (entries joined by same_as may be written quite
 * otherwise), with their programs: the party's ring (watchlist-party.c).
 */
static void
alert_party_all(const struct watchlist *wl, struct alert *a, size_t party)
{
	const struct entity	*e;
	size_t			 x, k, steps = 0;

	if (a->kind != PARTY_ENTITY)
		return;
	for (x = alert_ring_next(wl, party, party, &steps); x != SIZE_MAX;
	    x = alert_ring_next(wl, party, x, &steps)) {
		e = &wl->entities[x];
		if (!strv_contains(&a->also, e->id))
			strv_push(&a->also, e->id);
		for (k = 0; k < e->programs.n; k++) {
			if (!strv_contains(&a->programs, e->programs.v[k]))
				strv_push(&a->programs, e->programs.v[k]);
		}
	}
}

/*
 * Fold the alerts of list entries that are one party into one: the best
 * scoring (the first, on a tie) stays, naming the others in also, with
 * every program of them; mentions are counted once.  parties[i] is the
 * entity of alerts[i].  Returns the new count.
 */
static size_t
alert_fold(const struct watchlist *wl, struct alert *alerts,
    size_t *parties, size_t n)
{
	struct alert	*a, *b;
	size_t		 i, j, k, o = 0;

	for (i = 0; i < n; i++) {
		a = &alerts[i];
		for (j = 0; j < o; j++) {
			b = &alerts[j];
			if (!alert_same_party(wl, a, parties[i], b, parties[j]))
				continue;
			if (a->score > b->score) {	/* a leads */
				struct alert	 t = *a;
				size_t		 tp = parties[i];

				*a = *b;
				*b = t;
				parties[i] = parties[j];
				parties[j] = tp;
			}
			strv_push(&b->also, a->party_id);
			for (k = 0; k < a->also.n; k++)
				strv_push(&b->also, a->also.v[k]);
			for (k = 0; k < a->programs.n; k++) {
				if (!strv_contains(&b->programs,
				    a->programs.v[k]))
					strv_push(&b->programs,
					    a->programs.v[k]);
			}
			for (k = 0; k < a->topics.n; k++) {
				if (!strv_contains(&b->topics, a->topics.v[k]))
					strv_push(&b->topics, a->topics.v[k]);
			}
			if (a->count > b->count)
				b->count = a->count;
			alert_clear(a);
			break;
		}
		if (j == o) {
			if (o != i) {
				alerts[o] = *a;
				parties[o] = parties[i];
			}
			o++;
		}
	}
	for (i = 0; i < o; i++)
		alert_party_all(wl, &alerts[i], parties[i]);
	return (o);
}

/* The codes of the countries hits mention, in order of first mention. */
static void
alert_countries(const struct hitlist *hl, const struct watchlist *wl,
    struct strv *out)
{
	size_t	 i, j, first;
	size_t	*seen;

	seen = xcalloc(wl->ncountries + 1, sizeof *seen);
	for (i = 0; i < hl->n; i++) {	/* hits arrive in order of start */
		if (hl->v[i].kind == PARTY_COUNTRY && seen[hl->v[i].party] == 0)
			seen[hl->v[i].party] = i + 1;
	}
	for (;;) {
		first = 0;
		for (j = 0; j < wl->ncountries; j++) {
			if (seen[j] != 0 && seen[j] != (size_t)-1 &&
			    (first == 0 || seen[j] < seen[first - 1]))
				first = j + 1;
		}
		if (first == 0)
			break;
		strv_push(out, wl->countries[first - 1].code);
		seen[first - 1] = (size_t)-1;
	}
	free(seen);
}

/*
 * Scan a document and build its alerts into *out (caller frees with
 * alert_free_array); returns how many.
 */
size_t
alert_build(const struct document *doc, const struct watchlist *wl,
    const struct matcher *m, const struct alert_opts *opts,
    struct alert **out)
{
	struct hitlist	 hl;
	struct alert_scan as;
	struct strv	 countries;
	struct alert	*alerts;
	size_t		 i, j, n = 0, k, *parties;
	struct corroboration co;

	co.context = -1;
	co.ship = -1;
	co.sport = -1;
	co.strong = NULL;
	co.nstrong = 0;
	co.counted = 0;
	memset(&hl, 0, sizeof hl);
	memset(&countries, 0, sizeof countries);
	as.hl = &hl;
	as.rs = NULL;
	as.len = doc->len;
	as.named = co.named;
	as.counts = co.counts;
	as.named_from = &co.named_from;
	memset(co.named, 0, sizeof co.named);
	memset(co.counts, 0, sizeof co.counts);
	co.named_from = SIZE_MAX;
	co.scanned = 0;
	if (rules_count(opts->rules) > 0)
		as.rs = rules_scan_new(opts->rules, opts->min_score, doc->text,
		    doc->len);
	matcher_scan_tokens(m, doc->text, doc->len, doc->tokens,
	    alert_collect_scan, alert_tokens, &as);
	alert_joined(&hl, doc, wl, m);
	alert_kin(&hl, doc, wl, m);
	alert_placed(&hl, doc, wl, m);
	alert_born(&hl, doc, wl);
	alert_dissidents(&hl, doc, wl, m);
	alert_countries(&hl, wl, &countries);
	if (hl.n > 0)
		qsort(hl.v, hl.n, sizeof *hl.v, alert_cmp_party);
	alerts = xcalloc(hl.n + 1, sizeof *alerts);
	parties = xcalloc(hl.n + 1, sizeof *parties);
	alert_corroborate(hl.v, hl.n, doc, wl, &co, opts->min_score);
	alert_yield(hl.v, hl.n, doc, wl, &co);
	alert_same_name(hl.v, hl.n, doc, wl, &co, opts->min_score);
	for (i = 0; i < hl.n; i = j) {
		for (j = i + 1; j < hl.n && hl.v[j].kind == hl.v[i].kind &&
		    hl.v[j].party == hl.v[i].party; j++)
			;
		if (alert_from_run(&alerts[n], hl.v + i, j - i, doc, wl,
		    opts)) {
			alerts[n].count += alert_dropped(&hl, hl.v[i].kind,
			    hl.v[i].party);
			parties[n] = hl.v[i].party;
			strv_copy(&alerts[n++].countries, &countries);
		}
	}
	n = alert_fold(wl, alerts, parties, n);
	if (as.rs != NULL) {
		k = n;
		n = rules_scan_alerts(as.rs, doc, wl, opts, &alerts, n);
		for (; k < n; k++)
			strv_copy(&alerts[k].countries, &countries);
		rules_scan_free(as.rs);
	}
	qsort(alerts, n, sizeof *alerts, alert_cmp_start);
	free(parties);
	free(co.strong);
	alert_hitlist_free(&hl);
	strv_free(&countries);
	*out = alerts;
	return (n);
}

/*
 * The JSON line is written straight into a buffer, in the layout jansson's
 * json_dumps() gives without JSON_COMPACT (", " and ": "): building a
 * jansson tree and dumping it byte by byte through a callback cost more
 * than the database insert of the same alert.  Bytes that are not UTF-8
 * become U+FFFD, so a field is never lost.
 */
struct jbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* Room for n more bytes and a NUL. */
static void
jbuf_room(struct jbuf *b, size_t n)
{
	size_t	 cap = b->cap == 0 ? 1024 : b->cap;

	while (b->len + n + 1 > cap)
		cap *= 2;
	if (cap != b->cap) {
		b->s = xreallocarray(b->s, cap, 1);
		b->cap = cap;
	}
}

static void
jbuf_add(struct jbuf *b, const char *s, size_t n)
{
	jbuf_room(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

#define jbuf_lit(b, lit) jbuf_add((b), (lit), sizeof (lit) - 1)

/* JSON text as it is; [] for none. */
static void
jbuf_raw(struct jbuf *b, const char *json)
{
	if (json == NULL)
		jbuf_lit(b, "[]");
	else
		jbuf_add(b, json, strlen(json));
}

/* Whether a byte can go into a JSON string as it is (ASCII only). */
static int
jbuf_plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x80 && c != '"' && c != '\\');
}

/* A string, quoted and escaped, or null. */
static void
jbuf_str(struct jbuf *b, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 len, i = 0, j, n;
	char			 esc[8];

	if (str == NULL) {
		jbuf_lit(b, "null");
		return;
	}
	len = strlen(str);
	jbuf_lit(b, "\"");
	while (i < len) {
		for (j = i; j < len && jbuf_plain(s[j]); j++)
			;
		if (j > i)
			jbuf_add(b, str + i, j - i);
		if ((i = j) >= len)
			break;
		if (s[i] >= 0x80) {
			if ((n = extract_utf8_len(s, i, len)) == 0) {
				jbuf_lit(b, "\xef\xbf\xbd");
				n = 1;
			} else
				jbuf_add(b, str + i, n);
			i += n;
			continue;
		}
		switch (s[i]) {
		case '"':
			jbuf_lit(b, "\\\"");
			break;
		case '\\':
			jbuf_lit(b, "\\\\");
			break;
		case '\b':
			jbuf_lit(b, "\\b");
			break;
		case '\f':
			jbuf_lit(b, "\\f");
			break;
		case '\n':
			jbuf_lit(b, "\\n");
			break;
		case '\r':
			jbuf_lit(b, "\\r");
			break;
		case '\t':
			jbuf_lit(b, "\\t");
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", s[i]);
			jbuf_add(b, esc, 6);
		}
		i++;
	}
	jbuf_lit(b, "\"");
}

/* A key and its separator; the first key of an object has no comma. */
static void
jbuf_key(struct jbuf *b, const char *key, int first)
{
	if (!first)
		jbuf_lit(b, ", ");
	jbuf_str(b, key);
	jbuf_lit(b, ": ");
}

/* An array of strings. */
static void
jbuf_strv(struct jbuf *b, const struct strv *sv)
{
	size_t	 i;

	jbuf_lit(b, "[");
	for (i = 0; i < sv->n; i++) {
		if (i > 0)
			jbuf_lit(b, ", ");
		jbuf_str(b, sv->v[i]);
	}
	jbuf_lit(b, "]");
}

/* An integer. */
static void
jbuf_int(struct jbuf *b, long long v)
{
	char	 num[32];
	int	 n;

	n = snprintf(num, sizeof num, "%lld", v);
	jbuf_add(b, num, (size_t)n);
}

/*
 * A real as jansson writes it with JSON_REAL_PRECISION(4): "%.4g", with
 * ".0" added when it would read back as an integer, and the exponent
 * without '+' or leading zeros.
 */
static void
jbuf_real(struct jbuf *b, double v)
{
	char	 num[64], *start, *end;

	snprintf(num, sizeof num, "%.4g", v);
	if (strchr(num, '.') == NULL && strchr(num, 'e') == NULL)
		memcpy(num + strlen(num), ".0", 3);
	if ((start = strchr(num, 'e')) != NULL) {
		end = ++start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	jbuf_add(b, num, strlen(num));
}

/* A list of strings as a compact JSON array (as stored), from malloc. */
char *
alert_json_array(const struct strv *sv)
{
	struct jbuf	 b = { 0 };
	size_t		 i;

	jbuf_lit(&b, "[");
	for (i = 0; i < sv->n; i++) {
		if (i > 0)
			jbuf_lit(&b, ",");
		jbuf_str(&b, sv->v[i]);
	}
	jbuf_lit(&b, "]");
	return (b.s);
}

/*
 * The alert as one line of JSON (no newline), in the field order of the
 * alert record; id, time, state and suppressed_by only if with_id (they
 * are absent from scan).
 */
char *
alert_json(const struct alert *a, int with_id)
{
	struct jbuf	 b = { 0 };

	jbuf_room(&b, 1536);
	jbuf_lit(&b, "{");
	if (with_id) {
		jbuf_key(&b, "id", 1);
		jbuf_int(&b, (long long)a->id);
		jbuf_key(&b, "time", 0);
		jbuf_str(&b, a->time);
	}
	jbuf_key(&b, "kind", !with_id);
	jbuf_str(&b, alert_kind_name(a->kind));
	jbuf_key(&b, "severity", 0);
	jbuf_str(&b, alert_severity_name(a->severity));
	jbuf_key(&b, "entity", 0);
	jbuf_lit(&b, "{\"id\": ");
	jbuf_str(&b, a->party_id);
	jbuf_key(&b, "name", 0);
	jbuf_str(&b, a->party_name);
	jbuf_key(&b, "type", 0);
	jbuf_str(&b, a->party_type);
	jbuf_key(&b, "programs", 0);
	jbuf_strv(&b, &a->programs);
	jbuf_key(&b, "source", 0);
	jbuf_str(&b, a->list_source);
	jbuf_key(&b, "topics", 0);
	jbuf_strv(&b, &a->topics);
	jbuf_key(&b, "also", 0);
	jbuf_strv(&b, &a->also);
	jbuf_lit(&b, "}");
	jbuf_key(&b, "match", 0);
	jbuf_lit(&b, "{\"text\": ");
	jbuf_str(&b, a->match_text);
	jbuf_key(&b, "name", 0);
	jbuf_str(&b, a->match_name);
	jbuf_key(&b, "method", 0);
	jbuf_str(&b, matcher_method_name(a->method));
	jbuf_key(&b, "score", 0);
	jbuf_real(&b, a->score);
	jbuf_key(&b, "start", 0);
	jbuf_int(&b, (long long)a->start);
	jbuf_key(&b, "end", 0);
	jbuf_int(&b, (long long)a->end);
	jbuf_key(&b, "count", 0);
	jbuf_int(&b, (long long)a->count);
	if (a->explain != NULL) {
		jbuf_key(&b, "explain", 0);
		jbuf_add(&b, a->explain, strlen(a->explain));
	}
	jbuf_lit(&b, "}");
	if (a->kind == PARTY_RULE) {
		jbuf_key(&b, "rule", 0);
		jbuf_lit(&b, "{\"id\": ");
		jbuf_str(&b, a->party_id);
		jbuf_key(&b, "topic", 0);
		jbuf_str(&b, a->topic);
		jbuf_key(&b, "spans", 0);
		jbuf_raw(&b, a->spans);
		jbuf_key(&b, "parties", 0);
		jbuf_raw(&b, a->parties);
		jbuf_lit(&b, "}");
	}
	jbuf_key(&b, "document", 0);
	jbuf_lit(&b, "{\"source\": ");
	jbuf_str(&b, a->source_id);
	jbuf_key(&b, "url", 0);
	jbuf_str(&b, a->url);
	jbuf_key(&b, "title", 0);
	jbuf_str(&b, a->title);
	jbuf_key(&b, "sha256", 0);
	jbuf_str(&b, a->sha256);
	if (a->published[0] != '\0') {
		jbuf_key(&b, "published", 0);
		jbuf_str(&b, a->published);
	}
	jbuf_lit(&b, "}");
	jbuf_key(&b, "countries", 0);
	jbuf_strv(&b, &a->countries);
	jbuf_key(&b, "snippet", 0);
	jbuf_str(&b, a->snippet);
	if (a->watchlist[0] != '\0') {
		jbuf_key(&b, "watchlist_sha256", 0);
		jbuf_str(&b, a->watchlist);
	}
	if (with_id) {
		jbuf_key(&b, "state", 0);
		jbuf_str(&b, alert_state_names[a->state]);
		if (a->suppressed_by > 0) {
			jbuf_key(&b, "suppressed_by", 0);
			jbuf_int(&b, (long long)a->suppressed_by);
		}
	}
	jbuf_lit(&b, "}");
	return (b.s);
}

/* The name of an alert's kind, as records, filters and the database say. */
const char *
alert_kind_name(enum party_kind kind)
{
	if ((size_t)kind >= nitems(alert_kind_names))
		return ("?");
	return (alert_kind_names[kind]);
}

/* The kind of a name, or -1. */
int
alert_kind_parse(const char *s)
{
	size_t	 k;

	for (k = 0; s != NULL && k < nitems(alert_kind_names); k++) {
		if (strcmp(s, alert_kind_names[k]) == 0)
			return ((int)k);
	}
	return (-1);
}

/* A string copy that keeps NULL. */
static char *
alert_strdup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Make dst a deep copy of src. */
void
alert_copy(struct alert *dst, const struct alert *src)
{
	*dst = *src;
	memset(&dst->programs, 0, sizeof dst->programs);
	memset(&dst->countries, 0, sizeof dst->countries);
	memset(&dst->also, 0, sizeof dst->also);
	memset(&dst->topics, 0, sizeof dst->topics);
	strv_copy(&dst->programs, &src->programs);
	strv_copy(&dst->topics, &src->topics);
	strv_copy(&dst->countries, &src->countries);
	strv_copy(&dst->also, &src->also);
	dst->explain = alert_strdup(src->explain);
	dst->party_id = alert_strdup(src->party_id);
	dst->party_name = alert_strdup(src->party_name);
	dst->party_type = alert_strdup(src->party_type);
	dst->list_source = alert_strdup(src->list_source);
	dst->match_text = alert_strdup(src->match_text);
	dst->match_name = alert_strdup(src->match_name);
	dst->source_id = alert_strdup(src->source_id);
	dst->url = alert_strdup(src->url);
	dst->title = alert_strdup(src->title);
	dst->snippet = alert_strdup(src->snippet);
	dst->topic = alert_strdup(src->topic);
	dst->spans = alert_strdup(src->spans);
	dst->parties = alert_strdup(src->parties);
}

/* Free the fields of one alert (not the alert itself). */
void
alert_clear(struct alert *a)
{
	free(a->party_id);
	free(a->party_name);
	free(a->party_type);
	strv_free(&a->programs);
	strv_free(&a->topics);
	free(a->list_source);
	free(a->match_text);
	free(a->match_name);
	free(a->source_id);
	free(a->url);
	free(a->title);
	strv_free(&a->countries);
	free(a->snippet);
	strv_free(&a->also);
	free(a->explain);
	free(a->topic);
	free(a->spans);
	free(a->parties);
}

/* Free an array of alerts from alert_build. */
void
alert_free_array(struct alert *a, size_t n)
{
	size_t	 i;

	if (a == NULL)
		return;
	for (i = 0; i < n; i++)
		alert_clear(&a[i]);
	free(a);
}

/* Add the names of the rules among mask to an array. */
static void
alert_rules(struct jbuf *b, unsigned rules, unsigned mask)
{
	unsigned	 r, i;
	int		 first = 1;

	jbuf_lit(b, "[");
	for (i = 0; i < MATCH_R_NRULES; i++) {
		r = 1u << i;
		if ((rules & mask & r) == 0 || matcher_rule_name(r) == NULL)
			continue;
		if (!first)
			jbuf_lit(b, ", ");
		jbuf_str(b, matcher_rule_name(r));
		first = 0;
	}
	jbuf_lit(b, "]");
}

/*
 * Why a hit matched, as a JSON object: the form of the listed name that
 * matched ("form": what was left out or weighed; "order": a person's name
 * order), the score of that form ("base"), and the rules of the text that
 * moved it to the hit's score ("text").
 */
static char *
alert_explain(const struct match_hit *h)
{
	struct jbuf	 b = { 0 };

	jbuf_room(&b, 256);
	jbuf_lit(&b, "{\"form\": ");
	alert_rules(&b, h->rules, MATCH_R_FORM);
	if (h->method == MATCH_REORDERED) {
		jbuf_key(&b, "order", 0);
		jbuf_str(&b, matcher_order_name(h->order));
	}
	jbuf_key(&b, "base", 0);
	jbuf_real(&b, h->base);
	jbuf_key(&b, "text", 0);
	alert_rules(&b, h->rules, ~(unsigned)MATCH_R_FORM);
	jbuf_lit(&b, "}");
	return (b.s);
}
