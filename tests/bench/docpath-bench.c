/*
 * The daemon's document path, stage by stage (scripts/bench-textpath
 * builds and runs it): what a fetched news page goes through after the
 * fetch, each stage timed alone over the same pages, in CPU seconds (the
 * machine may be shared), best of three runs.  The pages are cut at form
 * feeds (scripts/bench-textpath makes 20-80 KB pages of the BBC articles,
 * with a head, scripts, navigation and a footer around them).
 *
 * Stages: charset (charset_utf8: is the page UTF-8, as the pipeline asks
 * first), html (extract_document: libxml2's parse, the visible text and
 * title, the publication date, the SHA-256), alerts (alert_build: tokens,
 * matching, evidence, folding), store (pipeline_commit of each document
 * with its alerts and its text, kept for rescans as by default, into a
 * fresh SQLite file, a transaction per 16 documents as a busy loop turn
 * makes; each run a new file, since a second run would find every
 * document known), and all (charset + html + alerts + store).
 * Prints seconds, documents per second and MB/s of HTML per stage, and
 * per cent of "all".  Nothing is asserted.
 *
 * Usage: docpath-bench WATCHLIST PAGES [STAGE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"

#include "bench.h"

#define RUNS	3
#define BATCH	16		/* documents a transaction */

struct bench_doc {
	const char	*s;
	size_t		 len;
	char		 url[64];
};

static struct bench_doc	*docs;
static size_t		 ndocs;
static size_t		 total;
static struct watchlist	*wl;
static struct matcher	*m;
static struct document	**made;
static size_t		 sink;
static const struct alert_opts opts = { .min_score = 0.80,
    .snippet_chars = 200 };

static void
stage_charset(void)
{
	size_t	 i, n;
	char	*c;

	for (i = 0; i < ndocs; i++) {
		c = charset_utf8(docs[i].s, docs[i].len, "text/html", NULL, &n);
		sink += c == NULL;
		free(c);
	}
}

static void
stage_html(void)
{
	struct document	*d;
	size_t		 i;

	for (i = 0; i < ndocs; i++) {
		d = extract_document("bench", docs[i].url, FORMAT_AUTO,
		    "text/html", docs[i].s, docs[i].len);
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
		sha256_hex(made[i]->text, made[i]->len, hex);
		sink += (size_t)hex[0];
	}
}

static void
stage_alerts(void)
{
	struct alert	*alerts;
	size_t		 i, n;

	for (i = 0; i < ndocs; i++) {
		n = alert_build(made[i], wl, m, &opts, &alerts);
		sink += n;
		alert_free_array(alerts, n);
	}
}

/* A fresh database and pipeline, in a temporary directory. */
static struct pipeline *
bench_store_begin(struct event_base **base, struct store **st, char *dir,
    size_t dirsize, struct config *conf)
{
	const struct pipeline_ops	 ops = { 0 };
	struct pipeline			*p;
	char				 path[128], *cause = NULL;

	snprintf(dir, dirsize, "/tmp/sanctwatch-docpath.XXXXXX");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	snprintf(path, sizeof path, "%s/alerts.db", dir);
	if ((*base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((*st = store_open(path, &cause)) == NULL)
		fatalx("%s", cause);
	if ((p = pipeline_new(*base, *st, &ops)) == NULL)
		fatalx("pipeline_new");
	memset(conf, 0, sizeof *conf);
	conf->text_retention_ms = 3 * 86400 * 1000LL;	/* the default 3d */
	pipeline_set(p, conf, NULL, NULL, NULL);
	return (p);
}

static void
bench_store_end(struct event_base *base, struct store *st, struct pipeline *p,
    const char *dir)
{
	char	 cmd[128];

	pipeline_free(p);
	store_close(st);
	event_base_free(base);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		log_warnx("could not remove %s", dir);
}

/* Commit each document with its alerts, as the pipeline does. */
static void
bench_store_run(struct pipeline *p, struct document **d, int build)
{
	struct alert	*alerts;
	size_t		 i, n;
	char		*c;

	for (i = 0; i < ndocs; i++) {
		if (build) {
			c = charset_utf8(docs[i].s, docs[i].len, "text/html",
			    NULL, &n);
			d[i] = extract_document("bench", docs[i].url,
			    FORMAT_AUTO, "text/html", c != NULL ? c :
			    docs[i].s, c != NULL ? n : docs[i].len);
			free(c);
		}
		n = alert_build(d[i], wl, m, &opts, &alerts);
		if (pipeline_commit(p, d[i], alerts, n) < 0)
			fatalx("commit");
		alert_free_array(alerts, n);
		if (build) {
			document_free(d[i]);
			d[i] = NULL;
		}
		if (i % BATCH == BATCH - 1)
			pipeline_flush(p);
	}
	pipeline_flush(p);
}

/* The store stage alone: documents and alerts made outside the clock. */
static double
stage_store(int build)
{
	struct event_base	*base;
	struct store		*st;
	struct pipeline		*p;
	struct config		 conf;
	struct document		**d = made;
	char			 dir[64];
	double			 c0, c, a0;
	struct alert		*alerts;
	size_t			 i, n;

	p = bench_store_begin(&base, &st, dir, sizeof dir, &conf);
	if (build)
		d = xcalloc(ndocs, sizeof *d);
	c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
	bench_store_run(p, d, build);
	c = bench_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
	if (!build) {		/* alert_build's share is not the store's */
		a0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
		for (i = 0; i < ndocs; i++) {
			n = alert_build(made[i], wl, m, &opts, &alerts);
			alert_free_array(alerts, n);
		}
		c -= bench_clock(CLOCK_PROCESS_CPUTIME_ID) - a0;
	} else
		free(d);
	bench_store_end(base, st, p, dir);
	return (c);
}

static const struct {
	const char	*name;
	void		(*run)(void);
} stages[] = {
	{ "charset (charset_utf8)", stage_charset },
	{ "html (libxml2, text, SHA-256)", stage_html },
	{ "  sha256 alone", stage_sha256 },
	{ "alerts (alert_build)", stage_alerts },
};

static void
bench_line(const char *name, double secs, double all)
{
	printf("  %-30s %7.3f s %8.0f docs/s %7.1f MB/s %5.1f%%\n", name, secs,
	    ndocs / secs, total / 1e6 / secs, 100 * secs / all);
}

/* Run the first stage whose name has word once, for a profiler. */
static int
bench_one(const char *word)
{
	size_t	 i;

	if (strstr("store all", word) != NULL) {
		sink += (size_t)stage_store(strcmp(word, "all") == 0);
		return (0);
	}
	for (i = 0; i < nitems(stages); i++) {
		if (strstr(stages[i].name, word) != NULL) {
			stages[i].run();
			return (0);
		}
	}
	fprintf(stderr, "docpath-bench: no stage %s\n", word);
	return (1);
}

int
main(int argc, char **argv)
{
	struct strv	 files;
	struct diag	 d;
	const char	*text, *p, *e;
	double		 secs[nitems(stages)], st, all, c;
	size_t		 len, i, cap = 0;
	int		 r;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: docpath-bench WATCHLIST PAGES "
		    "[STAGE]\n");
		return (1);
	}
	log_init(LOG_LVL_ERROR, "docpath-bench");
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
		docs[ndocs].len = (size_t)(e - p);
		snprintf(docs[ndocs].url, sizeof docs[ndocs].url,
		    "https://news.example.org/%zu", ndocs);
		total += (size_t)(e - p);
		ndocs++;
	}
	made = xcalloc(ndocs, sizeof *made);
	for (i = 0; i < ndocs; i++)
		made[i] = extract_document("bench", docs[i].url, FORMAT_AUTO,
		    "text/html", docs[i].s, docs[i].len);
	if (argc == 4)
		return (bench_one(argv[3]));
	printf("pages: %.1f MB of HTML in %zu documents (%.0f KB each); "
	    "watchlist: %zu entities; CPU seconds, best of %d\n", total / 1e6,
	    ndocs, total / 1e3 / ndocs, wl->nentities, RUNS);
	for (i = 0; i < nitems(stages); i++)
		secs[i] = bench_best(stages[i].run, RUNS);
	for (st = all = 1e30, r = 0; r < RUNS; r++) {
		if ((c = stage_store(0)) < st)
			st = c;
		if ((c = stage_store(1)) < all)
			all = c;
	}
	for (i = 0; i < nitems(stages); i++)
		bench_line(stages[i].name, secs[i], all);
	bench_line("store (SQLite, 16 a batch)", st, all);
	bench_line("all: the four, as the daemon", all, all);
	for (i = 0; i < ndocs; i++)
		document_free(made[i]);
	free(made);
	free(docs);
	matcher_free(m);
	watchlist_free(wl);
	return (sink == 0);
}
