/*
 * The labelled set: tests/labelled/passages.txt holds short news-like
 * passages, each with the parties it must yield, scanned against
 * tests/labelled/watchlist.yaml.  A passage yields the entities that raise
 * an alert at the default min_score (the SPEC's alert record, through
 * alert_build) and the watched countries it names.  Precision and recall
 * over (passage, party) pairs are printed and must both be 1.0; every
 * miss and every false find is named.  Run from the top of the tree (as
 * tests/run does), or with SANCTWATCH_LABELLED set to the directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "unit.h"

#define LABELLED_DIR	"tests/labelled"
#define LABELLED_SCORE	0.80		/* the default matching.min_score */

struct tally {
	size_t		 tp;
	size_t		 fp;
	size_t		 fn;
	size_t		 passages;
};

struct countries_seen {
	const struct watchlist	*wl;
	struct strv		*out;
};

/* Add a watched country a hit names, once. */
static void
labelled_country(const struct match_hit *h, void *arg)
{
	struct countries_seen	*cs = arg;
	const char		*code;

	if (h->kind != PARTY_COUNTRY || h->score < LABELLED_SCORE)
		return;
	code = cs->wl->countries[h->party].code;
	if (!strv_contains(cs->out, code))
		strv_push(cs->out, code);
}

/* The parties one passage yields. */
static void
labelled_found(const struct watchlist *wl, const struct matcher *m,
    const char *text, struct strv *out)
{
	struct document		 d;
	struct alert		*a;
	struct alert_opts	 o = { LABELLED_SCORE, 40, NULL };
	struct countries_seen	 cs = { wl, out };
	size_t			 n, i;

	memset(&d, 0, sizeof d);
	d.source_id = "labelled";
	d.url = "labelled";
	d.text = (char *)(uintptr_t)text;
	d.len = strlen(text);
	n = alert_build(&d, wl, m, &o, &a);
	for (i = 0; i < n; i++) {
		if (a[i].kind == PARTY_ENTITY)
			strv_push(out, a[i].party_id);
	}
	alert_free_array(a, n);
	matcher_scan(m, text, strlen(text), labelled_country, &cs);
}

/* Score one passage against its expected ids (space separated). */
static void
labelled_score(const char *name, const char *expect, const char *text,
    const struct watchlist *wl, const struct matcher *m, struct tally *t)
{
	struct strv	 want, got;
	char		*s, *p, *tok;
	size_t		 i;

	memset(&want, 0, sizeof want);
	memset(&got, 0, sizeof got);
	s = xstrdup(expect);
	for (p = s; (tok = strsep(&p, " \t")) != NULL;) {
		if (*tok != '\0')
			strv_push(&want, tok);
	}
	free(s);
	labelled_found(wl, m, text, &got);
	for (i = 0; i < got.n; i++) {
		if (strv_contains(&want, got.v[i]))
			t->tp++;
		else {
			printf("#   %s: found %s, not expected\n", name,
			    got.v[i]);
			t->fp++;
		}
	}
	for (i = 0; i < want.n; i++) {
		if (!strv_contains(&got, want.v[i])) {
			printf("#   %s: missed %s\n", name, want.v[i]);
			t->fn++;
		}
	}
	t->passages++;
	strv_free(&want);
	strv_free(&got);
}

/* Read a whole file; NULL if it cannot be read. */
static char *
labelled_read(const char *dir, const char *file)
{
	struct diag	 d;
	char		*path, *buf;
	size_t		 len;

	memset(&d, 0, sizeof d);
	path = xasprintf("%s/%s", dir, file);
	buf = ytree_read_file(path, &len, &d);
	if (buf == NULL)
		diag_print(&d, stdout);
	diag_free(&d);
	free(path);
	return (buf);
}

/* Walk the passages file, scoring each passage. */
static void
labelled_walk(char *buf, const struct watchlist *wl, const struct matcher *m,
    struct tally *t)
{
	char	*p = buf, *next, *name, *expect, *text;

	while ((p = strstr(p, "\n=== ")) != NULL) {
		name = p + 5;
		if ((expect = strchr(name, '\n')) == NULL)
			break;
		*expect++ = '\0';
		if ((text = strchr(expect, '\n')) == NULL)
			break;
		*text++ = '\0';
		if (!CHECK(strncmp(expect, "expect:", 7) == 0))
			break;
		if ((next = strstr(text, "\n=== ")) != NULL)
			*next = '\0';
		labelled_score(name, expect + 7, text, wl, m, t);
		if (next == NULL)
			break;
		*next = '\n';
		p = next;
	}
}

static void
test_precision_recall(void)
{
	struct diag		 d;
	struct strv		 files;
	struct watchlist	*wl;
	struct matcher		*m;
	struct tally		 t;
	const char		*dir = getenv("SANCTWATCH_LABELLED");
	char			*buf, *path;
	double			 precision, recall;

	if (dir == NULL)
		dir = LABELLED_DIR;
	memset(&d, 0, sizeof d);
	memset(&files, 0, sizeof files);
	memset(&t, 0, sizeof t);
	path = xasprintf("%s/watchlist.yaml", dir);
	strv_push_owned(&files, path);
	wl = watchlist_load(&files, &d);
	strv_free(&files);
	if (!CHECK(wl != NULL)) {
		diag_print(&d, stdout);
		diag_free(&d);
		return;
	}
	diag_free(&d);
	if (!CHECK((buf = labelled_read(dir, "passages.txt")) != NULL)) {
		watchlist_free(wl);
		return;
	}
	m = matcher_new(wl);
	labelled_walk(buf, wl, m, &t);
	precision = t.tp + t.fp == 0 ? 1.0 : (double)t.tp / (t.tp + t.fp);
	recall = t.tp + t.fn == 0 ? 1.0 : (double)t.tp / (t.tp + t.fn);
	printf("# labelled: %zu passages, %zu expected parties: precision "
	    "%.3f, recall %.3f (%zu false, %zu missed)\n", t.passages,
	    t.tp + t.fn, precision, recall, t.fp, t.fn);
	CHECK(t.passages >= 40);
	CHECK_INT(t.fp, 0);
	CHECK_INT(t.fn, 0);
	matcher_free(m);
	watchlist_free(wl);
	free(buf);
}

UNIT_SUITE(labelled,
	{ "precision-recall", test_precision_recall },
)
