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
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sanctwatch.h"

struct hitlist {
	struct match_hit	*v;
	size_t			 n;
	size_t			 cap;
};

/* Collect one hit from the matcher. */
static void
alert_collect(const struct match_hit *hit, void *arg)
{
	struct hitlist	*hl = arg;

	if (hl->n == hl->cap) {
		hl->cap = hl->cap == 0 ? 64 : hl->cap * 2;
		hl->v = xreallocarray(hl->v, hl->cap, sizeof *hl->v);
	}
	hl->v[hl->n++] = *hit;
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
static const char *
alert_severity(enum party_kind kind, double score)
{
	if (kind == PARTY_COUNTRY)
		return ("low");
	if (score >= 0.90)
		return ("high");
	if (score >= 0.80)
		return ("medium");
	return ("low");
}

/*
 * A snippet of about n bytes around text[start..end), on UTF-8 boundaries,
 * white space folded, with "..." where it was cut.
 */
static char *
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
	if (h->kind == PARTY_ENTITY) {
		e = &wl->entities[h->party];
		a->party_id = xstrdup(e->id);
		a->party_name = xstrdup(e->name);
		a->party_type = xstrdup(watchlist_type_name(e->type));
		strv_copy(&a->programs, &e->programs);
		a->list_source = e->source != NULL ? xstrdup(e->source) : NULL;
	} else {
		c = &wl->countries[h->party];
		a->party_id = xstrdup(c->code);
		a->party_name = xstrdup(c->name);
		a->party_type = xstrdup("country");
	}
}

/* Make the alert for one party's run of hits, or return 0 if it raises none. */
static int
alert_from_run(struct alert *a, const struct match_hit *run, size_t n,
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
	a->method = matcher_method_name(best->method);
	a->score = best->score;
	a->start = best->start;
	a->end = best->end;
	a->count = count;
	a->source_id = xstrdup(doc->source_id);
	a->url = xstrdup(doc->url);
	a->title = doc->title != NULL ? xstrdup(doc->title) : NULL;
	memcpy(a->sha256, doc->sha256, sizeof a->sha256);
	memcpy(a->watchlist, wl->hash, sizeof a->watchlist);
	a->snippet = alert_snippet(doc->text, doc->len, best->start, best->end,
	    opts->snippet_chars);
	return (1);
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
	struct strv	 countries;
	struct alert	*alerts;
	size_t		 i, j, n = 0;

	memset(&hl, 0, sizeof hl);
	memset(&countries, 0, sizeof countries);
	matcher_scan(m, doc->text, doc->len, alert_collect, &hl);
	alert_countries(&hl, wl, &countries);
	if (hl.n > 0)
		qsort(hl.v, hl.n, sizeof *hl.v, alert_cmp_party);
	alerts = xcalloc(hl.n + 1, sizeof *alerts);
	for (i = 0; i < hl.n; i = j) {
		for (j = i + 1; j < hl.n && hl.v[j].kind == hl.v[i].kind &&
		    hl.v[j].party == hl.v[i].party; j++)
			;
		if (alert_from_run(&alerts[n], hl.v + i, j - i, doc, wl, opts))
			strv_copy(&alerts[n++].countries, &countries);
	}
	qsort(alerts, n, sizeof *alerts, alert_cmp_start);
	free(hl.v);
	strv_free(&countries);
	*out = alerts;
	return (n);
}

/* A JSON array of strings. */
static json_t *
alert_json_strv(const struct strv *sv)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return (a);
}

/* A JSON string, or null. */
static json_t *
alert_json_str(const char *s)
{
	return (s != NULL ? json_string(s) : json_null());
}

/*
 * The alert as one line of JSON (no newline), in the field order of the
 * alert record; id and time only if with_id (they are absent from scan).
 */
char *
alert_json(const struct alert *a, int with_id)
{
	json_t	*o, *party, *match, *doc;
	char	*s;

	o = json_object();
	if (with_id) {
		json_object_set_new(o, "id", json_integer(a->id));
		json_object_set_new(o, "time", json_string(a->time));
	}
	json_object_set_new(o, "kind", json_string(a->kind == PARTY_ENTITY ?
	    "entity" : "country"));
	json_object_set_new(o, "severity", json_string(a->severity));
	party = json_pack("{s:s, s:s, s:s}", "id", a->party_id, "name",
	    a->party_name, "type", a->party_type);
	json_object_set_new(party, "programs", alert_json_strv(&a->programs));
	json_object_set_new(party, "source", alert_json_str(a->list_source));
	json_object_set_new(o, "entity", party);
	match = json_pack("{s:s, s:s, s:s, s:f, s:I, s:I, s:I}",
	    "text", a->match_text, "name", a->match_name, "method", a->method,
	    "score", a->score, "start", (json_int_t)a->start,
	    "end", (json_int_t)a->end, "count", (json_int_t)a->count);
	json_object_set_new(o, "match", match);
	doc = json_pack("{s:s, s:s}", "source", a->source_id, "url", a->url);
	json_object_set_new(doc, "title", alert_json_str(a->title));
	json_object_set_new(doc, "sha256", json_string(a->sha256));
	json_object_set_new(o, "document", doc);
	json_object_set_new(o, "countries", alert_json_strv(&a->countries));
	json_object_set_new(o, "snippet", json_string(a->snippet));
	if (a->watchlist[0] != '\0')
		json_object_set_new(o, "watchlist_sha256",
		    json_string(a->watchlist));
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
	json_decref(o);
	if (s == NULL)
		fatalx("%s: cannot encode alert", __func__);
	return (s);
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
	strv_copy(&dst->programs, &src->programs);
	strv_copy(&dst->countries, &src->countries);
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
}

/* Free the fields of one alert (not the alert itself). */
void
alert_clear(struct alert *a)
{
	free(a->party_id);
	free(a->party_name);
	free(a->party_type);
	strv_free(&a->programs);
	free(a->list_source);
	free(a->match_text);
	free(a->match_name);
	free(a->source_id);
	free(a->url);
	free(a->title);
	strv_free(&a->countries);
	free(a->snippet);
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
