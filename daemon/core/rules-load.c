/*
 * Rules files (docs/rules.md): YAML with a list of sets and a list of
 * rules, checked with located errors like the watchlist; every error is
 * collected, and rules_load returns NULL if there was any.
 *
 *   version: 1
 *   sets:
 *     - id: third-countries        [a-z0-9._-]+, unique in all the files
 *       countries: [KG, KZ]        watchlist countries: their names,
 *                                  aliases and adjectives
 *       terms: [Bishkek, "dual-use goods"]  words and phrases, any language
 *       hs: [8542.31, "8532", 854124]       HS codes: 4, 6 or 8 digits
 *   rules:
 *     - id: ru-third-country       [a-z0-9._-]+, unique
 *       name: "..."                optional
 *       all: [third-countries, russia, goods]   sets that must all occur
 *       window: paragraph          sentence | paragraph | document | N
 *       unless: [sport]            optional: sets that cancel a window
 *       boost: high                optional: severity if a listed party
 *                                  is in the window
 *       boost_topics: [export.control]  optional: only a party of one of
 *                                  these topics (the watchlist's topics:)
 *       topic: export.risk         FollowTheMoney topic
 *       severity: medium
 *
 * Terms are cut into tokens by the matcher's own tokenizer (normalize.c):
 * folded, Cyrillic transliterated, punctuation a separator, so a term is
 * literal text (no pattern syntax) and matches on word boundaries.  Sets
 * may be used by rules of other files; a file is read whole, all sets
 * first, then the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/matcher-int.h"
#include "core/rules-int.h"

struct rl_file {
	struct ydoc		*doc;
	const struct ynode	*sets;
	const struct ynode	*rules;
};

struct rl {
	struct rules		*r;
	const struct watchlist	*wl;
	struct diag		*diag;
	struct rl_file		*files;
	size_t			 nfiles;
	struct strindex		 setidx;	/* set id -> index */
	struct strindex		 ruleidx;	/* rule id -> index */
	const struct ynode	**setnode;	/* where each set was */
	const struct ynode	**rulenode;
};

enum { RL_TOP_VERSION, RL_TOP_SETS, RL_TOP_RULES };
static const struct ykey rl_top_keys[] = {
	[RL_TOP_VERSION] = { "version", 0, NULL, NULL },
	[RL_TOP_SETS] = { "sets", 0, NULL, NULL },
	[RL_TOP_RULES] = { "rules", 0, NULL, NULL },
};

enum { RL_SET_ID, RL_SET_COUNTRIES, RL_SET_TERMS, RL_SET_HS, RL_SET_NOTE,
    RL_SET_KEYS };
static const struct ykey rl_set_keys[] = {
	[RL_SET_ID] = { "id", 1, NULL, NULL },
	[RL_SET_COUNTRIES] = { "countries", 0, NULL, NULL },
	[RL_SET_TERMS] = { "terms", 0, NULL, NULL },
	[RL_SET_HS] = { "hs", 0, NULL, NULL },
	[RL_SET_NOTE] = { "note", 0, NULL, NULL },
};

enum { RL_RULE_ID, RL_RULE_NAME, RL_RULE_ALL, RL_RULE_WINDOW, RL_RULE_UNLESS,
    RL_RULE_BOOST, RL_RULE_BOOST_TOPICS, RL_RULE_TOPIC, RL_RULE_SEVERITY,
    RL_RULE_NOTE, RL_RULE_KEYS };
static const struct ykey rl_rule_keys[] = {
	[RL_RULE_ID] = { "id", 1, NULL, NULL },
	[RL_RULE_NAME] = { "name", 0, NULL, NULL },
	[RL_RULE_ALL] = { "all", 1, NULL, NULL },
	[RL_RULE_WINDOW] = { "window", 1, NULL, NULL },
	[RL_RULE_UNLESS] = { "unless", 0, NULL, NULL },
	[RL_RULE_BOOST] = { "boost", 0, NULL, NULL },
	[RL_RULE_BOOST_TOPICS] = { "boost_topics", 0, NULL, NULL },
	[RL_RULE_TOPIC] = { "topic", 1, NULL, NULL },
	[RL_RULE_SEVERITY] = { "severity", 1, NULL, NULL },
	[RL_RULE_NOTE] = { "note", 0, NULL, NULL },
};

static const char *const rl_window_names[] = {
	[RWIN_SENTENCE] = "sentence",
	[RWIN_PARAGRAPH] = "paragraph",
	[RWIN_DOCUMENT] = "document",
};

/* Keep the value node of each key met, by the key's row. */
static void
rl_keep(void *ctx, size_t k, const struct ynode *val, struct diag *diag)
{
	const struct ynode	**nodes = ctx;

	(void)diag;
	nodes[k] = val;
}

/* Whether s is an id: [a-z0-9._-]+. */
static int
rl_id_ok(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", *s) ==
		    NULL)
			return (0);
	}
	return (1);
}

/* A topic: lower-case words joined by dots ("export.risk"). */
static int
rl_topic_ok(const char *s)
{
	int	 word = 0;

	for (; *s != '\0'; s++) {
		if (*s >= 'a' && *s <= 'z')
			word = 1;
		else if (*s == '.' && word)
			word = 0;
		else
			return (0);
	}
	return (word);
}

/* A sequence node's items, or NULL (reported) if it is not a list. */
static int
rl_list(const struct ynode *val, struct diag *diag, const char *what)
{
	if (val == NULL || ytree_null(val))
		return (0);
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of %s", what);
		return (-1);
	}
	return (0);
}

/* An id at val, checked; NULL after an error. */
static const char *
rl_id(const struct ynode *val, struct diag *diag)
{
	const char	*s;

	if ((s = ytree_str(val, diag)) == NULL)
		return (NULL);
	if (!rl_id_ok(s)) {
		ytree_error(diag, val, "invalid id '%s' (expected "
		    "[a-z0-9._-]+)", s);
		return (NULL);
	}
	return (s);
}

/* Add the names of watchlist country code to set bit. */
static int
rl_country(struct rl *l, const struct ynode *val, uint64_t bit)
{
	const char	*s;
	size_t		 i;

	if ((s = ytree_str(val, l->diag)) == NULL)
		return (-1);
	for (i = 0; i < l->wl->ncountries; i++) {
		if (strcmp(l->wl->countries[i].code, s) == 0) {
			l->r->cmask[i] |= bit;
			return (0);
		}
	}
	ytree_error(l->diag, val, "unknown country '%s' (not among the "
	    "watchlist's countries)", s);
	return (-1);
}

/* Add one term (words or a phrase) to set bit. */
static int
rl_term(struct rl *l, const struct ynode *val, uint64_t bit)
{
	struct ntoks	 nt;
	const char	*s;

	if ((s = ytree_str(val, l->diag)) == NULL)
		return (-1);
	names_cut(s, val->len, &nt, MATCHER_MAX_TOKENS);
	if (nt.n == 0) {
		ytree_error(l->diag, val, "term '%s' has no word in it "
		    "(punctuation only separates words)", s);
		return (-1);
	}
	if (nt.n > RULES_MAX_TERM_WORDS) {
		ytree_error(l->diag, val, "term '%s' has more than %d words",
		    s, RULES_MAX_TERM_WORDS);
		return (-1);
	}
	rules_add_term(l->r, &nt, bit, 0);
	return (0);
}

/* Add an HS code written as one token string ("8542 31") to set bit. */
static void
rl_hs_form(struct rl *l, const char *form, uint64_t bit)
{
	struct ntoks	 nt;

	names_cut(form, strlen(form), &nt, MATCHER_MAX_TOKENS);
	rules_add_term(l->r, &nt, bit, 1);
}

/*
 * Add an HS code: 4, 6 or 8 digits, with or without dots after the 4th
 * and 6th ("8542", "8542.31", "854231", "8542.31.10").  It is found as
 * the text writes it: with dots or spaces between the groups, or joined,
 * or (for a heading) as the start of any of its subheadings ("854231").
 */
static int
rl_hs(struct rl *l, const struct ynode *val, uint64_t bit)
{
	const char	*s;
	char		 d[16], form[64];
	size_t		 i, n = 0;
	int		 k;

	if ((s = ytree_str(val, l->diag)) == NULL)
		return (-1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9' && n < 10)
			d[n++] = s[i];
		else if (s[i] != '.' || (n != 4 && n != 6) || s[i + 1] == '.')
			break;
	}
	d[n] = '\0';
	if (s[i] != '\0' || (n != 4 && n != 6 && n != 8)) {
		ytree_error(l->diag, val, "invalid HS code '%s' (expected 4, 6 "
		    "or 8 digits: 8542, 8542.31, 854231)", s);
		return (-1);
	}
	if (n == 4) {
		rl_hs_form(l, d, bit);
		for (k = 0; k < 100; k++) {
			snprintf(form, sizeof form, "%s%02d", d, k);
			rl_hs_form(l, form, bit);
		}
	} else if (n == 6) {
		snprintf(form, sizeof form, "%.4s %.2s", d, d + 4);
		rl_hs_form(l, form, bit);
		rl_hs_form(l, d, bit);
	} else {
		snprintf(form, sizeof form, "%.4s %.2s %.2s", d, d + 4, d + 6);
		rl_hs_form(l, form, bit);
		snprintf(form, sizeof form, "%.6s %.2s", d, d + 6);
		rl_hs_form(l, form, bit);
		rl_hs_form(l, d, bit);
	}
	return (0);
}

/* Each item of a list through fn; the number added, -1 on a list error. */
static ssize_t
rl_items(struct rl *l, const struct ynode *val, const char *what,
    int (*fn)(struct rl *, const struct ynode *, uint64_t), uint64_t bit)
{
	size_t	 i, n = 0;

	if (val == NULL || rl_list(val, l->diag, what) == -1)
		return (val == NULL ? 0 : -1);
	if (ytree_null(val))
		return (0);
	if (val->n > RULES_MAX_TERMS) {
		ytree_error(l->diag, val, "too many %s (%zu, at most %d in "
		    "one set)", what, val->n, RULES_MAX_TERMS);
		return (-1);
	}
	for (i = 0; i < val->n; i++) {
		if (l->r->nterms > RULES_MAX_PATTERNS) {
			ytree_error(l->diag, val->items[i], "too many terms in "
			    "all the sets (more than %d forms; an HS heading "
			    "is 101)", RULES_MAX_PATTERNS);
			return (-1);
		}
		n += fn(l, val->items[i], bit) == 0;
	}
	return ((ssize_t)n);
}

/* One item of sets: */
static void
rl_set(struct rl *l, const struct ynode *item)
{
	const struct ynode	*k[RL_SET_KEYS] = { NULL };
	struct rules		*r = l->r;
	const char		*id;
	size_t			 before = diag_count(l->diag), idx;
	ssize_t			 n, total = 0;
	uint64_t		 bit;

	ytree_map_index(item, rl_set_keys, nitems(rl_set_keys), rl_keep, k,
	    l->diag);
	if (k[RL_SET_ID] == NULL || (id = rl_id(k[RL_SET_ID], l->diag)) ==
	    NULL)
		return;
	if ((idx = strindex_find(&l->setidx, id)) != SIZE_MAX) {
		ytree_error(l->diag, k[RL_SET_ID], "duplicate set id '%s' "
		    "(first at %s:%zu:%zu)", id, l->setnode[idx]->file,
		    l->setnode[idx]->line, l->setnode[idx]->col);
		return;
	}
	if (r->nsets == RULES_MAX_SETS) {
		ytree_error(l->diag, k[RL_SET_ID], "too many sets (at most "
		    "%d)", RULES_MAX_SETS);
		return;
	}
	if (k[RL_SET_NOTE] != NULL)
		ytree_str(k[RL_SET_NOTE], l->diag);
	bit = 1ULL << r->nsets;
	if ((n = rl_items(l, k[RL_SET_COUNTRIES], "country codes", rl_country,
	    bit)) > 0)
		total += n;
	if ((n = rl_items(l, k[RL_SET_TERMS], "terms", rl_term, bit)) > 0)
		total += n;
	if ((n = rl_items(l, k[RL_SET_HS], "HS codes", rl_hs, bit)) > 0)
		total += n;
	if (total == 0 && diag_count(l->diag) == before)
		ytree_error(l->diag, item, "set '%s' is empty (give it "
		    "countries, terms or hs)", id);
	r->sets = xreallocarray(r->sets, r->nsets + 1, sizeof *r->sets);
	l->setnode = xreallocarray(l->setnode, r->nsets + 1,
	    sizeof *l->setnode);
	r->sets[r->nsets].id = xstrdup(id);
	l->setnode[r->nsets] = k[RL_SET_ID];
	strindex_add(&l->setidx, r->sets[r->nsets].id, r->nsets);
	r->nsets++;
}

/* A rule's list of set ids as a mask; 0 after an error or if empty. */
static uint64_t
rl_setlist(struct rl *l, const struct ynode *val)
{
	const char	*s;
	uint64_t	 mask = 0;
	size_t		 i, idx;
	int		 bad = 0;

	if (rl_list(val, l->diag, "set ids") == -1)
		return (0);
	for (i = 0; !ytree_null(val) && i < val->n; i++) {
		if ((s = ytree_str(val->items[i], l->diag)) == NULL) {
			bad = 1;
			continue;
		}
		if ((idx = strindex_find(&l->setidx, s)) == SIZE_MAX) {
			ytree_error(l->diag, val->items[i], "unknown set '%s'",
			    s);
			bad = 1;
			continue;
		}
		mask |= 1ULL << idx;
	}
	return (bad ? 0 : mask);
}

/* A window: sentence, paragraph, document or a number of tokens. */
static int
rl_window(struct rl *l, const struct ynode *val, struct rrule *rr)
{
	const char	*s;
	uint64_t	 n;
	size_t		 i;

	if ((s = ytree_str(val, l->diag)) == NULL)
		return (-1);
	for (i = 0; i < nitems(rl_window_names); i++) {
		if (strcmp(s, rl_window_names[i]) == 0) {
			rr->window = (enum rwindow)i;
			return (0);
		}
	}
	if (s[strspn(s, "0123456789")] != '\0' || *s == '\0') {
		ytree_error(l->diag, val, "invalid window '%s' (sentence, "
		    "paragraph, document or a number of words)", s);
		return (-1);
	}
	if (ytree_uint(val, l->diag, &n) == -1)
		return (-1);
	if (n == 0 || n > RULES_MAX_WINDOW) {
		ytree_error(l->diag, val, "window must be from 1 to %d words",
		    RULES_MAX_WINDOW);
		return (-1);
	}
	rr->window = RWIN_TOKENS;
	rr->tokens = (size_t)n;
	return (0);
}

/* A severity name into *sev; -1 (reported) if it is none. */
static int
rl_severity(struct rl *l, const struct ynode *val, int *sev)
{
	const char	*s;

	if ((s = ytree_str(val, l->diag)) == NULL)
		return (-1);
	if ((*sev = alert_severity_parse(s)) == -1) {
		ytree_error(l->diag, val, "unknown severity '%s' (high, "
		    "medium, low)", s);
		return (-1);
	}
	return (0);
}

/* A rule's boost_topics: FollowTheMoney topics, into sv. */
static void
rl_boost_topics(struct rl *l, const struct ynode *val, struct strv *sv)
{
	const char	*s;
	size_t		 i;

	if (rl_list(val, l->diag, "topics") == -1)
		return;
	for (i = 0; !ytree_null(val) && i < val->n; i++) {
		if ((s = ytree_str(val->items[i], l->diag)) == NULL)
			continue;
		if (!rl_topic_ok(s))
			ytree_error(l->diag, val->items[i], "invalid topic "
			    "'%s' (a FollowTheMoney topic such as "
			    "export.control)", s);
		else if (!strv_contains(sv, s))
			strv_push(sv, s);
	}
}

/* One item of rules: */
static void
rl_rule(struct rl *l, const struct ynode *item)
{
	const struct ynode	*k[RL_RULE_KEYS] = { NULL };
	struct rules		*r = l->r;
	struct rrule		 rr;
	const char		*id, *s;
	size_t			 before = diag_count(l->diag), idx;
	int			 sev = SEVERITY_LOW;

	memset(&rr, 0, sizeof rr);
	rr.boost = -1;
	ytree_map_index(item, rl_rule_keys, nitems(rl_rule_keys), rl_keep, k,
	    l->diag);
	if (k[RL_RULE_ID] == NULL || (id = rl_id(k[RL_RULE_ID], l->diag)) ==
	    NULL)
		return;
	if ((idx = strindex_find(&l->ruleidx, id)) != SIZE_MAX) {
		ytree_error(l->diag, k[RL_RULE_ID], "duplicate rule id '%s' "
		    "(first at %s:%zu:%zu)", id, l->rulenode[idx]->file,
		    l->rulenode[idx]->line, l->rulenode[idx]->col);
		return;
	}
	if (r->nrules == RULES_MAX_RULES) {
		ytree_error(l->diag, k[RL_RULE_ID], "too many rules (at most "
		    "%d)", RULES_MAX_RULES);
		return;
	}
	if (k[RL_RULE_ALL] != NULL) {
		rr.need = rl_setlist(l, k[RL_RULE_ALL]);
		if (rr.need == 0 && diag_count(l->diag) == before)
			ytree_error(l->diag, k[RL_RULE_ALL], "a rule needs at "
			    "least one set");
	}
	if (k[RL_RULE_UNLESS] != NULL) {
		rr.unless = rl_setlist(l, k[RL_RULE_UNLESS]);
		if (rr.unless & rr.need)
			ytree_error(l->diag, k[RL_RULE_UNLESS], "a set cannot "
			    "be both needed (all) and excluded (unless)");
	}
	if (k[RL_RULE_WINDOW] != NULL)
		rl_window(l, k[RL_RULE_WINDOW], &rr);
	if (k[RL_RULE_SEVERITY] != NULL)
		rl_severity(l, k[RL_RULE_SEVERITY], &sev);
	rr.severity = (enum severity)sev;
	if (k[RL_RULE_BOOST] != NULL && rl_severity(l, k[RL_RULE_BOOST],
	    &sev) == 0)
		rr.boost = sev;
	if (k[RL_RULE_BOOST_TOPICS] != NULL) {
		rl_boost_topics(l, k[RL_RULE_BOOST_TOPICS], &rr.boost_topics);
		if (k[RL_RULE_BOOST] == NULL)
			ytree_error(l->diag, k[RL_RULE_BOOST_TOPICS],
			    "boost_topics without boost");
	}
	if (k[RL_RULE_TOPIC] != NULL &&
	    (s = ytree_str(k[RL_RULE_TOPIC], l->diag)) != NULL &&
	    !rl_topic_ok(s))
		ytree_error(l->diag, k[RL_RULE_TOPIC], "invalid topic '%s' "
		    "(a FollowTheMoney topic such as export.risk)", s);
	if (k[RL_RULE_NAME] != NULL &&
	    (s = ytree_str(k[RL_RULE_NAME], l->diag)) != NULL && *s == '\0')
		ytree_error(l->diag, k[RL_RULE_NAME], "must not be empty");
	if (k[RL_RULE_NOTE] != NULL)
		ytree_str(k[RL_RULE_NOTE], l->diag);
	if (diag_count(l->diag) != before) {
		strv_free(&rr.boost_topics);
		return;
	}
	rr.id = xstrdup(id);
	rr.topic = xstrdup(k[RL_RULE_TOPIC]->scalar);
	if (k[RL_RULE_NAME] != NULL)
		rr.name = xstrdup(k[RL_RULE_NAME]->scalar);
	r->rules = xreallocarray(r->rules, r->nrules + 1, sizeof *r->rules);
	l->rulenode = xreallocarray(l->rulenode, r->nrules + 1,
	    sizeof *l->rulenode);
	r->rules[r->nrules] = rr;
	l->rulenode[r->nrules] = k[RL_RULE_ID];
	strindex_add(&l->ruleidx, r->rules[r->nrules].id, r->nrules);
	r->nrules++;
}

/* Read one file's top level: its sets and rules nodes, for later. */
static void
rl_parse(struct rl *l, const char *name, const void *buf, size_t len)
{
	const struct ynode	*k[nitems(rl_top_keys)] = { NULL };
	struct rl_file		*f;
	struct ydoc		*doc;
	const char		*s;

	if ((doc = ytree_load_mem(name, buf, len, l->diag)) == NULL)
		return;
	l->files = xreallocarray(l->files, l->nfiles + 1, sizeof *l->files);
	f = &l->files[l->nfiles++];
	f->doc = doc;
	f->sets = f->rules = NULL;
	if (doc->root == NULL)
		return;
	ytree_map_index(doc->root, rl_top_keys, nitems(rl_top_keys), rl_keep,
	    k, l->diag);
	if (k[RL_TOP_VERSION] != NULL &&
	    (s = ytree_str(k[RL_TOP_VERSION], l->diag)) != NULL &&
	    strcmp(s, "1") != 0)
		ytree_error(l->diag, k[RL_TOP_VERSION], "unsupported rules "
		    "version %s (this is version 1)", s);
	if (k[RL_TOP_SETS] != NULL && rl_list(k[RL_TOP_SETS], l->diag,
	    "sets") == 0)
		f->sets = k[RL_TOP_SETS];
	if (k[RL_TOP_RULES] != NULL && rl_list(k[RL_TOP_RULES], l->diag,
	    "rules") == 0)
		f->rules = k[RL_TOP_RULES];
}

static void
rl_begin(struct rl *l, const struct watchlist *wl, struct diag *diag)
{
	memset(l, 0, sizeof *l);
	l->wl = wl;
	l->diag = diag;
	l->r = xcalloc(1, sizeof *l->r);
	l->r->ncountries = wl->ncountries;
	l->r->cmask = xcalloc(wl->ncountries + 1, sizeof *l->r->cmask);
}

/* All sets of all files, then all rules; the rules, or NULL on errors. */
static struct rules *
rl_end(struct rl *l, struct sha256 *sha, size_t before)
{
	struct rules	*r = l->r;
	size_t		 i, j;

	for (i = 0; i < l->nfiles; i++) {
		for (j = 0; l->files[i].sets != NULL &&
		    !ytree_null(l->files[i].sets) && j < l->files[i].sets->n;
		    j++)
			rl_set(l, l->files[i].sets->items[j]);
	}
	for (i = 0; i < l->nfiles; i++) {
		for (j = 0; l->files[i].rules != NULL &&
		    !ytree_null(l->files[i].rules) &&
		    j < l->files[i].rules->n; j++)
			rl_rule(l, l->files[i].rules->items[j]);
	}
	sha256_final_hex(sha, r->hash);
	for (i = 0; i < l->nfiles; i++)
		ydoc_free(l->files[i].doc);
	free(l->files);
	free(l->setnode);
	free(l->rulenode);
	strindex_free(&l->setidx);
	strindex_free(&l->ruleidx);
	if (diag_count(l->diag) != before) {
		rules_free(r);
		return (NULL);
	}
	rules_index(r);
	return (r);
}

/* Load and compile rules files against a watchlist's countries. */
struct rules *
rules_load(const struct strv *files, const struct watchlist *wl,
    struct diag *diag)
{
	struct rl	 l;
	struct sha256	 sha;
	size_t		 i, len, before = diag_count(diag);
	char		*buf;

	rl_begin(&l, wl, diag);
	sha256_init(&sha);
	for (i = 0; i < files->n; i++) {
		if ((buf = ytree_read_file(files->v[i], &len, diag)) == NULL)
			continue;
		sha256_update(&sha, buf, len);
		rl_parse(&l, files->v[i], buf, len);
		free(buf);
	}
	return (rl_end(&l, &sha, before));
}

/* Load rules from a buffer named name, as from a file. */
struct rules *
rules_load_mem(const char *name, const void *buf, size_t len,
    const struct watchlist *wl, struct diag *diag)
{
	struct rl	 l;
	struct sha256	 sha;
	size_t		 before = diag_count(diag);

	rl_begin(&l, wl, diag);
	sha256_init(&sha);
	sha256_update(&sha, buf, len);
	rl_parse(&l, name, buf, len);
	return (rl_end(&l, &sha, before));
}
