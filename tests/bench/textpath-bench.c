/*
 * The text path benchmark driver (scripts/bench-textpath builds and runs
 * it): the stages a document goes through in `sanctwatch scan` and in the
 * daemon, each timed alone over the same text, in CPU seconds (the machine
 * may be shared), best of three runs.  The text is cut into documents at
 * form feeds (scripts/bench-textpath puts one between articles), so the
 * per-document work (a SHA-256, alert building) is counted as often as in real use.
 *
 * Stages: extract (UTF-8 repair into the document, with its SHA-256),
 * sha256 (the identity hash alone), tokens (normalize_tokens over every
 * document), match (matcher_scan), countries (the countries named, from
 * the tokens as alert_build finds them; tokens included),
 * alerts (alert_build: matching, evidence and folding), and all (what
 * `sanctwatch scan` does per document: extract + alerts).  Prints one line
 * per stage: seconds, MB/s, and per cent of "all".  Nothing is asserted.
 * A third argument, a word of a stage's name ("countries"), runs that
 * stage alone, once, for a profiler (perf, callgrind); -t and words
 * separated by commas ("-t match,alerts") time only the stages they name,
 * as the 1M comparison of scripts/bench-textpath does.
 *
 * Usage: textpath-bench WATCHLIST TEXT [STAGE | -t STAGE,...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#include "bench.h"

#define RUNS	3

struct bench_doc {
	const char	*s;
	size_t		 len;
};

static struct bench_doc	*docs;
static size_t		 ndocs;
static size_t		 total;
static struct watchlist	*wl;
static struct matcher	*m;
static size_t		 sink;

static void
bench_hit(const struct match_hit *h, void *arg)
{
	(void)h;
	(void)arg;
	sink++;
}

static void
stage_extract(void)
{
	struct document	*d;
	size_t		 i;

	for (i = 0; i < ndocs; i++) {
		d = extract_document("bench", "bench", FORMAT_TEXT, NULL,
		    docs[i].s, docs[i].len);
		sink += d->len;
		document_free(d);
	}
}

static void
stage_sha256(void)
{
	char	 hex[65];
	size_t	 i;

	for (i = 0; i < ndocs; i++) {
		sha256_hex(docs[i].s, docs[i].len, hex);
		sink += (size_t)hex[0];
	}
}

static void
stage_tokens(void)
{
	struct token	 t[512];
	size_t		 i, pos;

	for (i = 0; i < ndocs; i++) {
		for (pos = 0; pos < docs[i].len;)
			sink += normalize_tokens(docs[i].s, docs[i].len, &pos,
			    t, nitems(t));
	}
}

static void
stage_match(void)
{
	size_t	 i;

	for (i = 0; i < ndocs; i++)
		matcher_scan(m, docs[i].s, docs[i].len, bench_hit, NULL);
}

static void
stage_countries(void)
{
	struct token	 t[512];
	uint64_t	 set[COUNTRY_SET];
	size_t		 i, n, pos;

	for (i = 0; i < ndocs; i++) {
		memset(set, 0, sizeof set);
		for (pos = 0; pos < docs[i].len;) {
			n = normalize_tokens(docs[i].s, docs[i].len, &pos, t,
			    nitems(t));
			country_tokens(docs[i].s, docs[i].len, t, 0, n, n,
			    set, NULL);
		}
		sink += (size_t)set[0];
	}
}

/* alert_build over documents made once, outside the clock. */
static struct document	**made;

static void
stage_alerts(void)
{
	struct alert_opts	 opts = { .min_score = 0.80, .snippet_chars = 200 };
	struct alert		*alerts;
	size_t			 i, n;

	for (i = 0; i < ndocs; i++) {
		n = alert_build(made[i], wl, m, &opts, &alerts);
		sink += n;
		alert_free_array(alerts, n);
	}
}

static void
stage_all(void)
{
	struct alert_opts	 opts = { .min_score = 0.80, .snippet_chars = 200 };
	struct document		*d;
	struct alert		*alerts;
	size_t			 i, n;

	for (i = 0; i < ndocs; i++) {
		d = extract_document("bench", "bench", FORMAT_TEXT, NULL,
		    docs[i].s, docs[i].len);
		n = alert_build(d, wl, m, &opts, &alerts);
		sink += n;
		alert_free_array(alerts, n);
		document_free(d);
	}
}

static const struct {
	const char	*name;
	void		(*run)(void);
} stages[] = {
	{ "extract (UTF-8 + SHA-256)", stage_extract },
	{ "  sha256 alone", stage_sha256 },
	{ "tokens (normalize_tokens)", stage_tokens },
	{ "match (matcher_scan)", stage_match },
	{ "countries (tokens included)", stage_countries },
	{ "alerts (alert_build)", stage_alerts },
	{ "all: extract + alerts", stage_all },
};

/* Run the first stage whose name has word once, for a profiler. */
static int
bench_one(const char *word)
{
	size_t	 i;

	for (i = 0; i < nitems(stages); i++) {
		if (strstr(stages[i].name, word) != NULL) {
			stages[i].run();
			return (0);
		}
	}
	fprintf(stderr, "textpath-bench: no stage %s\n", word);
	return (1);
}

/*
 * Whether a stage is one of words, a comma-separated list of the first
 * words of stages' names ("match,alerts"); NULL: all.
 */
static int
bench_wanted(const char *words, const char *name)
{
	const char	*w, *e;
	char		 buf[64];
	size_t		 n;

	if (words == NULL)
		return (1);
	for (w = words; *w != '\0'; w = *e == ',' ? e + 1 : e) {
		if ((e = strchr(w, ',')) == NULL)
			e = w + strlen(w);
		n = (size_t)(e - w) < sizeof buf ? (size_t)(e - w) :
		    sizeof buf - 1;
		memcpy(buf, w, n);
		buf[n] = '\0';
		if (n > 0 && strncmp(name + strspn(name, " "), buf, n) == 0)
			return (1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	struct strv	 files;
	struct diag	 d;
	const char	*text, *p, *e;
	double		 secs[nitems(stages)];
	size_t		 len, i, cap = 0;

	if ((argc != 3 && argc != 4 && argc != 5) || (argc == 5 &&
	    strcmp(argv[3], "-t") != 0)) {
		fprintf(stderr, "usage: textpath-bench WATCHLIST TEXT "
		    "[STAGE | -t STAGE,...]\n");
		return (1);
	}
	log_init(LOG_LVL_ERROR, "textpath-bench");
	memset(&files, 0, sizeof files);
	memset(&d, 0, sizeof d);
	strv_push(&files, argv[1]);
	if ((wl = watchlist_load(&files, &d)) == NULL) {
		diag_print(&d, stderr);
		return (1);
	}
	diag_free(&d);
	strv_free(&files);
	m = matcher_new(wl);
	text = bench_map(argv[2], &len);
	for (p = text; p < text + len; p = e + 1) {
		if ((e = memchr(p, '\f', (size_t)(text + len - p))) == NULL)
			e = text + len;
		if (ndocs == cap) {
			cap = cap ? cap * 2 : 1024;
			docs = xreallocarray(docs, cap, sizeof *docs);
		}
		docs[ndocs].s = p;
		docs[ndocs++].len = (size_t)(e - p);
		total += (size_t)(e - p);
	}
	made = xcalloc(ndocs, sizeof *made);
	for (i = 0; i < ndocs; i++)
		made[i] = extract_document("bench", "bench", FORMAT_TEXT, NULL,
		    docs[i].s, docs[i].len);
	if (argc == 4)
		return (bench_one(argv[3]));
	printf("text: %.1f MB in %zu documents; watchlist: %zu entities; "
	    "CPU seconds, best of %d\n", total / 1e6, ndocs, wl->nentities,
	    RUNS);
	for (i = 0; i < nitems(stages); i++)
		secs[i] = bench_wanted(argc == 5 ? argv[4] : NULL,
		    stages[i].name) ? bench_best(stages[i].run, RUNS) : 0;
	for (i = 0; i < nitems(stages); i++) {
		if (secs[i] == 0)
			continue;
		printf("  %-28s %7.3f s %8.1f MB/s", stages[i].name,
		    secs[i], total / 1e6 / secs[i]);
		if (secs[nitems(stages) - 1] > 0)
			printf(" %5.1f%%", 100 * secs[i] /
			    secs[nitems(stages) - 1]);
		printf("\n");
	}
	for (i = 0; i < ndocs; i++)
		document_free(made[i]);
	free(made);
	free(docs);
	matcher_free(m);
	watchlist_free(wl);
	return (sink == 0);
}
