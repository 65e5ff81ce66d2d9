/*
 * sanctwatch scan: match local files (or stdin) against the watchlists and
 * rules of a config (-c), or the watchlists named by -w and the rules
 * files named by -r, with the daemon's own extraction, matcher
 * and alert code, and print one alert JSON per line.  Each file is read
 * whole, at most SCAN_MAX_FILE bytes; one that cannot be read is reported
 * and makes the exit status 1, the others are still scanned.  A directory
 * is every regular file under it, in name order, as grep -r reads one.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fts.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/client.h"

#define SCAN_MAX_FILE	(256u * 1024 * 1024)
#define SCAN_SNIFF	8192	/* bytes judged text or binary */

static int	cmd_scan_exec(int, char **);

const struct cmd_entry cmd_scan_entry = {
	.name = "scan",
	.usage = "scan [-c FILE | -w WATCHLIST... [-r RULES...]] "
	    "[--min-score S] [FILE|DIR...|-]",
	.exec = cmd_scan_exec,
	.help = "Match local files (or standard input; a directory is the "
	    "files under it)\nagainst the watchlists and print one alert JSON "
	    "per line, with the\ndaemon's own code.\n"
	    "\n"
	    "  -c FILE           the configuration naming the watchlists\n"
	    "                    (default " DEFAULT_CONFIG ")\n"
	    "  -w WATCHLIST      a watchlist file; may be repeated; instead "
	    "of -c\n"
	    "  -r RULES          a rules file (with -w); may be repeated\n"
	    "  --min-score S     the lowest score to print, in [0, 1] "
	    "(default: the\n"
	    "                    config's min_score, else 0.80)\n"
	    "  -h, --help        this help\n",
};

/*
 * Load the watchlists and rules named by a config or by -w and -r; NULL
 * after printing why.
 */
static struct watchlist *
cmd_scan_watchlist(const char *config, const struct strv *files,
    const struct strv *rfiles, struct rules **rules, double *min_score)
{
	struct diag		 d;
	struct config		*cf = NULL;
	struct watchlist	*wl;
	const struct strv	*rf = rfiles;

	memset(&d, 0, sizeof d);
	if (files->n == 0) {
		if ((cf = config_load(config, &d)) == NULL) {
			diag_print(&d, stderr);
			diag_free(&d);
			return (NULL);
		}
		if (*min_score < 0)
			*min_score = cf->min_score;
	}
	wl = watchlist_load(cf != NULL ? &cf->watchlists : files, &d);
	if (cf != NULL)
		rf = &cf->rules;
	*rules = NULL;
	if (wl != NULL && rf->n > 0 &&
	    (*rules = rules_load(rf, wl, &d)) == NULL) {
		watchlist_free(wl);
		wl = NULL;
	}
	if (wl == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	config_free(cf);
	return (wl);
}

/*
 * What binary file a body is (its kind), or NULL if it looks like text: a
 * known magic number, or a NUL byte in its first 8 KiB (as grep and git
 * judge).  Matching names in a binary file's bytes finds nothing real.
 */
static const char *
cmd_scan_binary(const char *s, size_t len)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		const char	*kind;
	} magics[] = {
		{ "%PDF-", 5, "a PDF document" },
		{ "\x1f\x8b", 2, "gzip data" },
		{ "PK\x03\x04", 4, "a zip archive (docx, xlsx, odt ...)" },
		{ "\xd0\xcf\x11\xe0", 4, "an old Office document" },
		{ "\x7f" "ELF", 4, "a program" },
		{ "\x89PNG", 4, "an image" },
		{ "\xff\xd8\xff", 3, "an image" },
	};
	size_t	 i;

	for (i = 0; i < sizeof magics / sizeof magics[0]; i++) {
		if (len >= magics[i].len &&
		    memcmp(s, magics[i].magic, magics[i].len) == 0)
			return (magics[i].kind);
	}
	if (memchr(s, '\0', len < SCAN_SNIFF ? len : SCAN_SNIFF) != NULL)
		return ("binary data");
	return (NULL);
}

/*
 * Files are read on a second thread, ahead of the matcher: while the first
 * thread loads the watchlists (when the files are regular files: see
 * cmd_scan_paths) and then matches file i, the reader makes
 * file i's digest and reads, repairs and digests file i + 1, so that at
 * most SCAN_AHEAD documents are held and memory stays bounded.  A document
 * is handed over before its SHA-256, its identity in every alert, is made:
 * for a large text the digest is a seventh of the work (1.6 GB/s with
 * SHA-NI against 250 MB/s for the rest) and only the alerts' field needs
 * it, so the matcher does not wait for it until it prints.  Output and
 * messages come in the files' order.  Without a thread the same work is
 * done in turn.
 *
 * A long text's tokens are made on the reader too (tokfeed.c), ahead of
 * the matcher, which then only looks names up: the reader makes them
 * while there is room in the feed, and makes the digest a step at a time
 * while there is not.  Each makes the tokens when the other is busy, so
 * neither waits for the other.
 */
#define SCAN_AHEAD	2
#define SCAN_FEED_MIN	(1024 * 1024)	/* texts whose tokens are fed */
#define SCAN_DIGEST_STEP (256 * 1024)	/* bytes digested between looks */

struct scan_item {
	const char	*path;
	struct document	*doc;		/* NULL if not scanned */
	char		*error;		/* why not, to print */
	char		 hex[65];	/* the digest, once made */
	int		 digested;
};

struct scan_queue {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct scan_item *items;
	size_t		 n;
	size_t		 ready;		/* items [0, ready) are read */
	size_t		 done;		/* items [0, done) are printed */
	int		 stop;		/* the reader is to stop */
	int		 threaded;
};

/* What a file's reader has judged of it so far (cmd_scan_take). */
struct scan_take {
	int		 judged;	/* its start was looked at */
	const char	*kind;		/* binary: what it is */
};

/*
 * Take a file's bytes as they are read: its first 8 KiB (or all of a
 * shorter file) are judged as they were read, then each read is repaired
 * into UTF-8 while it is in the cache (extract_utf8_take).  A binary file
 * is read on, untouched, to be refused.
 */
static size_t
cmd_scan_take(char **bufp, size_t *capp, size_t *lenp, size_t from, int eof,
    void *arg)
{
	struct scan_take	*st = arg;

	if (!st->judged) {
		if (*lenp < SCAN_SNIFF && !eof)
			return (0);
		st->judged = 1;
		st->kind = cmd_scan_binary(*bufp, *lenp);
	}
	if (st->kind != NULL)
		return (*lenp);
	return (extract_utf8_take(bufp, capp, lenp, from, eof));
}

/* Read, check and extract one file into its item; no digest yet. */
static void
cmd_scan_read_item(struct scan_item *it)
{
	struct scan_take	 st = { 0, NULL };
	char			*body, *cause;
	size_t			 len;

	if (strcmp(it->path, "-") == 0)
		body = file_read_fd_take(STDIN_FILENO, SCAN_MAX_FILE, &len,
		    &cause, cmd_scan_take, &st);
	else
		body = file_read_take(it->path, SCAN_MAX_FILE, &len, &cause,
		    cmd_scan_take, &st);
	if (body == NULL) {
		it->error = xasprintf("sanctwatch: %s: %s", it->path, cause);
		free(cause);
		return;
	}
	if (st.kind != NULL) {
		it->error = xasprintf("sanctwatch: %s: %s, not scanned: convert "
		    "it to text first", it->path, st.kind);
		free(body);
		return;
	}
	it->doc = extract_document_take("scan", it->path, FORMAT_AUTO, NULL,
	    body, len, EXTRACT_DIGEST_LATER | EXTRACT_UTF8_TAKEN);
}

/* Make an item's digest (extraction made it already for markup). */
static void
cmd_scan_digest(struct scan_item *it)
{
	if (it->doc == NULL)
		return;
	if (it->doc->sha256[0] != '\0')
		memcpy(it->hex, it->doc->sha256, sizeof it->hex);
	else
		sha256_hex(it->doc->text, it->doc->len, it->hex);
}

/*
 * Make a fed text's tokens while the matcher wants them, and its digest
 * in steps while it does not; both are done when this returns.
 */
static void
cmd_scan_feed(struct scan_item *it)
{
	struct document	*d = it->doc;
	struct sha256	 s;
	size_t		 at = 0, step;
	int		 r;

	sha256_init(&s);
	while ((r = tokfeed_make(d->tokens)) >= 0) {
		if (r > 0)
			continue;
		if (at < d->len) {
			step = d->len - at < SCAN_DIGEST_STEP ?
			    d->len - at : SCAN_DIGEST_STEP;
			sha256_update(&s, d->text + at, step);
			at += step;
		} else
			tokfeed_wait(d->tokens);
	}
	sha256_update(&s, d->text + at, d->len - at);
	sha256_final_hex(&s, it->hex);
}

/* The reader: each file in turn, at most one ahead of the matcher's. */
static void *
cmd_scan_reader(void *arg)
{
	struct scan_queue	*q = arg;
	struct scan_item	*it;
	size_t			 i;

	for (i = 0; i < q->n; i++) {
		pthread_mutex_lock(&q->lock);
		while (!q->stop && i >= q->done + SCAN_AHEAD)
			pthread_cond_wait(&q->cond, &q->lock);
		if (q->stop) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		pthread_mutex_unlock(&q->lock);
		it = &q->items[i];
		cmd_scan_read_item(it);
		if (it->doc != NULL && it->doc->sha256[0] == '\0' &&
		    it->doc->len >= SCAN_FEED_MIN)
			it->doc->tokens = tokfeed_new(it->doc->text,
			    it->doc->len);
		pthread_mutex_lock(&q->lock);
		q->ready = i + 1;
		if (q->stop && it->doc != NULL)	/* cmd_scan_end did not see it */
			tokfeed_cancel(it->doc->tokens);
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		if (it->doc != NULL && it->doc->tokens != NULL)
			cmd_scan_feed(it);
		else
			cmd_scan_digest(it);
		pthread_mutex_lock(&q->lock);
		it->digested = 1;
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
	}
	return (NULL);
}

/* Wait for an item to be read (or digested), reading it here if alone. */
static void
cmd_scan_wait(struct scan_queue *q, size_t i, int digested)
{
	struct scan_item	*it = &q->items[i];

	if (!q->threaded) {
		if (!digested)
			cmd_scan_read_item(it);
		else
			cmd_scan_digest(it);
		return;
	}
	pthread_mutex_lock(&q->lock);
	while (q->ready <= i || (digested && !it->digested))
		pthread_cond_wait(&q->cond, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

/* Scan file i and print its alerts; -1 if it could not be scanned. */
static int
cmd_scan_one(struct scan_queue *q, size_t i, const struct watchlist *wl,
    const struct matcher *m, const struct alert_opts *opts)
{
	struct scan_item	*it = &q->items[i];
	struct alert		*alerts;
	char			*line;
	size_t			 n, k;

	cmd_scan_wait(q, i, 0);
	if (it->doc == NULL) {
		fprintf(stderr, "%s\n", it->error);
		free(it->error);
		it->error = NULL;
		return (-1);
	}
	n = alert_build(it->doc, wl, m, opts, &alerts);
	tokfeed_cancel(it->doc->tokens);	/* if the scan did not take all */
	cmd_scan_wait(q, i, 1);
	for (k = 0; k < n; k++) {
		memcpy(alerts[k].sha256, it->hex, sizeof alerts[k].sha256);
		line = alert_json(&alerts[k], 0);
		printf("%s\n", line);
		free(line);
	}
	alert_free_array(alerts, n);
	document_free(it->doc);
	it->doc = NULL;
	return (0);
}

/* Start reading paths ahead, on a second thread if there is one. */
static void
cmd_scan_start(struct scan_queue *q, pthread_t *reader, char **paths,
    size_t n)
{
	size_t	 i;

	memset(q, 0, sizeof *q);
	q->n = n;
	q->items = xcalloc(n, sizeof *q->items);
	for (i = 0; i < n; i++)
		q->items[i].path = paths[i];
	if (pthread_mutex_init(&q->lock, NULL) != 0 ||
	    pthread_cond_init(&q->cond, NULL) != 0)
		fatalx("pthread_mutex_init");
	q->threaded = pthread_create(reader, NULL, cmd_scan_reader, q) == 0;
}

/* Mark file i printed, so the reader may go on. */
static void
cmd_scan_done(struct scan_queue *q, size_t i)
{
	pthread_mutex_lock(&q->lock);
	q->done = i + 1;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

/* Stop the reader and free what it read that was not scanned. */
static void
cmd_scan_end(struct scan_queue *q, pthread_t reader)
{
	size_t	 i;

	if (q->threaded) {
		pthread_mutex_lock(&q->lock);
		q->stop = 1;
		for (i = q->done; i < q->ready; i++) {	/* not scanned */
			if (q->items[i].doc != NULL)
				tokfeed_cancel(q->items[i].doc->tokens);
		}
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		if (pthread_join(reader, NULL) != 0)
			fatalx("pthread_join");
	}
	for (i = 0; i < q->n; i++) {
		document_free(q->items[i].doc);
		free(q->items[i].error);
	}
	free(q->items);
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
}

static int
cmd_scan_fts_cmp(const FTSENT **a, const FTSENT **b)
{
	return (strcmp((*a)->fts_name, (*b)->fts_name));
}

/*
 * The files to scan: each path as given, but a directory as the regular
 * files under it, in name order (symbolic links inside it not followed).
 * A directory that cannot be read is reported; 1 then, else 0.
 *
 * *ends says whether every file is a regular file (or there is none),
 * whose reads end: then the reader may start before the watchlists load,
 * since if they fail it is waited for.  Standard input or a FIFO could
 * keep it in a read for ever, so with one of those it starts once they
 * have loaded.
 */
static int
cmd_scan_paths(char **paths, size_t n, struct strv *out, int *ends)
{
	struct stat	 st;
	FTS		*fts;
	FTSENT		*e;
	char		*one[2] = { NULL, NULL };
	size_t		 i;
	int		 rc = 0;

	*ends = 1;
	for (i = 0; i < n; i++) {
		if (strcmp(paths[i], "-") == 0) {
			*ends = 0;
			strv_push(out, paths[i]);
			continue;
		}
		if (stat(paths[i], &st) != 0) {	/* reported when read */
			strv_push(out, paths[i]);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (!S_ISREG(st.st_mode))
				*ends = 0;
			strv_push(out, paths[i]);
			continue;
		}
		one[0] = paths[i];
		if ((fts = fts_open(one, FTS_PHYSICAL | FTS_COMFOLLOW |
		    FTS_NOCHDIR, cmd_scan_fts_cmp)) == NULL) {
			fprintf(stderr, "sanctwatch: %s: %s\n", paths[i],
			    strerror(errno));
			rc = 1;
			continue;
		}
		while ((e = fts_read(fts)) != NULL) {
			if (e->fts_info == FTS_F)
				strv_push(out, e->fts_path);
			else if (e->fts_info == FTS_DNR ||
			    e->fts_info == FTS_ERR) {
				fprintf(stderr, "sanctwatch: %s: %s\n",
				    e->fts_path, strerror(e->fts_errno));
				rc = 1;
			}
		}
		fts_close(fts);
	}
	return (rc);
}

/* sanctwatch scan: match local files against the watchlist. */
static int
cmd_scan_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "min-score", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct strv		 files, rfiles, scanned;
	struct watchlist	*wl;
	struct rules		*rules;
	struct matcher		*m;
	struct alert_opts	 opts = { .min_score = -1, .snippet_chars = 200 };
	struct scan_queue	 q0, *q = &q0;
	pthread_t		 reader;
	char			**paths;
	size_t			 npaths;
	int			 early;
	const char		*config = DEFAULT_CONFIG;
	char			*end, *stdin_path[] = { (char *)"-" };
	size_t			 i;
	int			 ch, rc = 0;

	memset(&files, 0, sizeof files);
	memset(&rfiles, 0, sizeof rfiles);
	memset(&scanned, 0, sizeof scanned);
	while ((ch = getopt_long(argc, argv, ":c:r:w:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'w':
			strv_push(&files, optarg);
			break;
		case 'r':
			strv_push(&rfiles, optarg);
			break;
		case 'm':
			opts.min_score = strtod(optarg, &end);
			if (*end != '\0' || end == optarg ||
			    opts.min_score < 0 || opts.min_score > 1)
				client_usage_error("--min-score: not a number "
				    "in [0, 1]: %s", optarg);
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (rfiles.n > 0 && files.n == 0) {
		fprintf(stderr, "sanctwatch: -r needs -w (a config names its "
		    "own rules)\n");
		strv_free(&rfiles);
		return (1);
	}
	paths = optind == argc ? stdin_path : argv + optind;
	npaths = optind == argc ? 1 : (size_t)(argc - optind);
	rc = cmd_scan_paths(paths, npaths, &scanned, &early);
	paths = scanned.v;
	npaths = scanned.n;
	if (early)
		cmd_scan_start(q, &reader, paths, npaths);
	if ((wl = cmd_scan_watchlist(config, &files, &rfiles, &rules,
	    &opts.min_score)) == NULL) {
		if (early)
			cmd_scan_end(q, reader);
		strv_free(&files);
		strv_free(&rfiles);
		strv_free(&scanned);
		return (1);
	}
	if (!early)
		cmd_scan_start(q, &reader, paths, npaths);
	opts.rules = rules;
	if (opts.min_score < 0)
		opts.min_score = 0.80;
	m = matcher_new(wl);
	for (i = 0; i < q->n; i++) {
		rc |= cmd_scan_one(q, i, wl, m, &opts) != 0;
		cmd_scan_done(q, i);
	}
	cmd_scan_end(q, reader);
	fflush(stdout);
	matcher_free(m);
	rules_free(rules);
	watchlist_free(wl);
	strv_free(&files);
	strv_free(&rfiles);
	strv_free(&scanned);
	return (rc);
}
