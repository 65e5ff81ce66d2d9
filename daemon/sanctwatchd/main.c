/*
 * sanctwatchd: poll sources, find listed parties, alert.
 *
 * Start-up order: options; config and watchlists (all errors reported, exit
 * 1 before anything starts); the database (migrated); the socket; libcurl;
 * the poller.  Everything then runs on one libevent loop: signals are
 * events, transfers are libcurl multi-socket transfers on the loop, and each
 * completed fetch runs the pipeline to its end before the loop goes on:
 *
 *   fetch result -> extract -> (unchanged document? stop) -> match -> alerts
 *     -> one SQLite transaction (document, alerts, source state) -> commit
 *     -> publish the committed alerts to subscribers
 *
 * An alert reaches the socket only after its transaction committed, so a
 * subscriber never sees an alert the database does not have.
 *
 * Shutdown (SIGTERM, SIGINT, or the end of --once): stop the timers, cancel
 * transfers, free libcurl's multi handle, let subscribers drain for a
 * bounded time, close the socket, close the database, free the loop.
 *
 * Reload (SIGHUP, or "reload" on the socket): the config and watchlists are
 * parsed and the matcher compiled beside the running ones; they are swapped
 * in between two loop events only if everything validated, so a document is
 * matched either wholly before or wholly after, and no alert is lost or
 * doubled.  Both build on a worker thread (a million names take seconds)
 * and hand the result back through a pipe event, so polls and subscribers
 * carry on meanwhile; a socket client that asked is answered with the
 * outcome then (hub_reload_done).  Sources take effect through
 * poller_update() (unchanged ones keep their schedule); changed http
 * settings need a new fetch and poller; a changed database or socket path is
 * refused (they need a restart).  On any error the running ones stay and the
 * errors, with their locations, go to the log and to the requester.  What a
 * reload replaced is freed on a thread too.  The threads touch only what
 * they build or free: the text side has no mutable globals but the lazily
 * built tables of normalize.c and matcher.c, which daemon_warmup() builds on
 * the main thread before any thread starts.  One reload builds at a time; a
 * request meanwhile (SIGHUP or socket) is served by one more reload after
 * it, since the files may have changed after the running build read them.
 *
 * Retro-scan: each document's text is kept for retention.texts; when the
 * watchlist changes (a reload, or a start with another list than the
 * database last saw), the kept texts are scanned again on the loop, a
 * slice at a time, so an article alerts for a party listed after it was
 * fetched (see daemon_rescan_start).
 *
 * systemd: READY=1 once the database is open, the watchlists compiled and
 * the socket listening; STATUS= on changes; RELOADING=1 and READY=1 around a
 * reload; STOPPING=1; WATCHDOG=1 from a loop timer at half of WATCHDOG_USEC.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"

#define DEFAULT_CONFIG	"/etc/sanctwatch/sanctwatch.yaml"
#define DAEMON_DRAIN_MS	2000	/* subscribers' last chance at shutdown */
#define DAEMON_TICK_MS	2000	/* STATUS= refresh, retired configs */
#define DAEMON_RESCAN_READ 8	/* kept texts read (held) per rescan slice */
#define DAEMON_RESCAN_US 5000	/* loop time a rescan slice may take */
/* The state key of the watchlist the kept texts were last scanned with. */
#define DAEMON_RESCAN_KEY "rescan_watchlist_sha256"

struct daemon;

/* A reload's new config, watchlist and matcher, built beside the running. */
struct reload {
	struct daemon		*d;
	char			*path;
	const char		*by;		/* "SIGHUP", "socket" */
	struct config		*conf;		/* NULL if there were errors */
	struct watchlist	*wl;
	struct matcher		*matcher;
	struct diag		 diag;
	pthread_t		 thread;
	int			 threaded;	/* thread is to be joined */
	uint64_t		 started_us;	/* monotonic */
	struct waiters {			/* socket clients to answer */
		unsigned	*v;
		size_t		 n;
		size_t		 cap;
	}			 waiters;
};

struct daemon {
	struct event_base	*base;
	struct config		*conf;
	struct watchlist	*wl;
	struct matcher		*matcher;
	struct store		*store;
	struct hub		*hub;
	struct proto_ops		 ops;
	struct fetch		*fetch;
	struct poller		*poller;
	struct event		*sig[3];
	int			 once;
	time_t			 started;
	uint64_t		 polls_ok;
	uint64_t		 polls_failed;
	uint64_t		 documents;
	uint64_t		 alerts;
	/* The alerts of this loop turn's transaction (daemon_commit). */
	struct {
		struct alert	*v;
		size_t		 n;
		size_t		 cap;
		int		 open;	/* a transaction is open */
		int		 rescan; /* holds a rescan's alerts or end */
	}			 batch;
	struct event		*flush_ev;	/* commits the batch */
	struct event		*prune_ev;	/* retention, hourly */
	/* Retro-scan: the kept texts against a changed watchlist. */
	struct {
		struct event	*ev;		/* the next slice */
		int		 running;
		int64_t		 before;	/* next: document ids below */
		int64_t		 total;		/* texts kept when it began */
		uint64_t	 done;		/* documents scanned */
		uint64_t	 alerts;	/* new alerts */
		uint64_t	 started_us;	/* monotonic */
	}			 rescan;
	int64_t			 committed_id;	/* newest committed alert */
	/* Service management: notify.c, the watchdog, reloads. */
	int			 notify;	/* $NOTIFY_SOCKET is ours */
	struct event		*watchdog_ev;
	struct event		*tick_ev;
	struct event		*reload_ev;	/* a reload thread finished */
	int			 reload_pipe[2];
	struct reload		*reload;	/* building, or NULL */
	int			 reload_again;	/* asked for while building */
	struct waiters		 waiters;	/* ... by these clients */
	pthread_t		 disposer;	/* frees what a reload replaced */
	int			 disposing;
	char			*status;	/* the last STATUS= sent */
	int			 today;		/* day of alerts_midnight */
	uint64_t		 alerts_midnight; /* d->alerts at 00:00 UTC */
};

static void	daemon_check_once(evutil_socket_t, short, void *);
static uint64_t	daemon_monotonic_usec(void);
static void	daemon_rescan_lost(struct daemon *);

static __dead void
usage(void)
{
	fprintf(stderr, "usage: sanctwatchd [-c FILE] [-n] [-v] [--once] "
	    "[--version]\n");
	exit(1);
}

/*
 * Load a config and its watchlists; NULL (with every error in d) if either
 * has errors.
 */
static struct config *
daemon_load(const char *path, struct watchlist **wl, struct diag *d)
{
	struct config	*conf;

	*wl = NULL;
	if ((conf = config_load(path, d)) == NULL)
		return (NULL);
	if ((*wl = watchlist_load(&conf->watchlists, d)) == NULL) {
		config_free(conf);
		return (NULL);
	}
	return (conf);
}

/* The status reply's fields, as a JSON object. */
static char *
daemon_status(void *arg)
{
	struct daemon	*d = arg;
	json_t		*o, *rescan = NULL;
	char		*s;

	if (d->rescan.running) {
		rescan = json_pack("{s:I, s:I, s:I}",
		    "documents", (json_int_t)d->rescan.done,
		    "total", (json_int_t)d->rescan.total,
		    "alerts", (json_int_t)d->rescan.alerts);
	}
	o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:o?}",
	    "version", SANCTWATCH_VERSION,
	    "uptime", (json_int_t)(time(NULL) - d->started),
	    "entities", (json_int_t)d->wl->nentities,
	    "countries", (json_int_t)d->wl->ncountries,
	    "names", (json_int_t)matcher_names(d->matcher),
	    "watchlist_sha256", d->wl->hash,
	    "sources", (json_int_t)d->conf->nsources,
	    "polls_ok", (json_int_t)d->polls_ok,
	    "polls_failed", (json_int_t)d->polls_failed,
	    "documents", (json_int_t)d->documents,
	    "alerts_written", (json_int_t)d->alerts,
	    "subscribers", (json_int_t)hub_subscribers(d->hub),
	    "rescan", rescan);
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	return (s);
}

/* The sources reply: every source's polling state. */
static char *
daemon_sources(void *arg)
{
	struct daemon	*d = arg;

	return (store_sources_json(d->store));
}

/* Record a source's poll in the database (outside any other transaction). */
static void
daemon_source_state(struct daemon *d, const struct source_cfg *src,
    const struct fetch_result *res, const char *error, const char *class,
    int new_items)
{
	struct store_source_state	 st;

	memset(&st, 0, sizeof st);
	st.source_id = src->id;
	st.url = src->url;
	st.ok = error == NULL;
	st.http_code = res->http_code;
	st.error = error;
	st.elapsed_ms = res->elapsed_ms;
	st.error_class = class;
	st.etag = res->etag;
	st.last_modified = res->last_modified;
	st.permanent_url = res->permanent_url;
	st.next_ms = res->next_ms;
	st.backoff_errors = res->errors;
	st.disabled = res->disabled;
	st.unchanged = res->unchanged;
	st.new_items = new_items;
	if (store_source_update(d->store, &st) == -1)
		log_warnx("source %s: could not record its state", src->id);
}

/* Forget the alerts of the open batch. */
static void
daemon_batch_clear(struct daemon *d)
{
	size_t	 i;

	for (i = 0; i < d->batch.n; i++)
		alert_clear(&d->batch.v[i]);
	d->batch.n = 0;
	d->batch.open = 0;
	d->batch.rescan = 0;
}

/*
 * The batch was rolled back: its documents are scanned again on the next
 * polls (no 304 or same-hash skip), and a rescan whose alerts it held
 * stops (see daemon_rescan_lost).
 */
static void
daemon_batch_lost(struct daemon *d)
{
	if (d->batch.rescan)
		daemon_rescan_lost(d);
	daemon_batch_clear(d);
	poller_retry(d->poller, NULL);
}

/*
 * Commit the batch of this loop turn, then publish its alerts: an alert
 * reaches subscribers only once it is in the database.  On failure nothing
 * is published; the documents were not recorded either, so the next poll
 * scans them again.
 */
static void
daemon_flush(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;
	size_t		 i;

	(void)fd;
	(void)ev;
	if (!d->batch.open)
		return;
	if (store_commit(d->store) == -1) {
		store_rollback(d->store);
		log_warnx("could not commit %zu alerts; their documents will "
		    "be scanned again", d->batch.n);
		daemon_batch_lost(d);
		return;
	}
	for (i = 0; i < d->batch.n; i++) {
		if (d->batch.v[i].id > d->committed_id)
			d->committed_id = d->batch.v[i].id;
	}
	hub_publish_batch(d->hub, d->batch.v, d->batch.n);
	d->alerts += d->batch.n;
	daemon_batch_clear(d);
}

/* Keep a copy of a stored alert for publishing after the commit. */
static void
daemon_batch_push(struct daemon *d, const struct alert *a)
{
	if (d->batch.n == d->batch.cap) {
		d->batch.cap = d->batch.cap == 0 ? 64 : d->batch.cap * 2;
		d->batch.v = xreallocarray(d->batch.v, d->batch.cap,
		    sizeof *d->batch.v);
	}
	alert_copy(&d->batch.v[d->batch.n++], a);
}

/* Open the transaction of this loop turn unless it is open: 0 or -1. */
static int
daemon_batch_open(struct daemon *d)
{
	static const struct timeval	 now = { 0, 0 };

	if (d->batch.open)
		return (0);
	if (store_begin(d->store) == -1)
		return (-1);
	d->batch.open = 1;
	evtimer_add(d->flush_ev, &now);
	return (0);
}

/* A write of the batch failed: roll it back whole. */
static void
daemon_batch_fail(struct daemon *d)
{
	store_rollback(d->store);
	log_warnx("batch of %zu alerts rolled back", d->batch.n);
	daemon_batch_lost(d);
	evtimer_del(d->flush_ev);
}

/*
 * Add alerts to the open batch, but not those whose party was already
 * alerted for the same article, by URL or by text.  Returns the number
 * added, or -1 (the caller fails the batch).
 */
static int
daemon_batch_alerts(struct daemon *d, struct alert *alerts, size_t n)
{
	size_t	 i;
	int	 known, added = 0;

	for (i = 0; i < n; i++) {
		if ((known = store_alert_known(d->store, &alerts[i])) == -1)
			return (-1);
		if (known)
			continue;
		if (store_alert_add(d->store, &alerts[i]) == -1)
			return (-1);
		daemon_batch_push(d, &alerts[i]);
		added++;
	}
	return (added);
}

/*
 * Add a document, its text (for rescans, if texts are kept) and its alerts
 * to the transaction of this loop turn (committed and published by
 * daemon_flush once the turn's events are done).  Returns the number of
 * alerts added, or -1 if the batch failed (it is rolled back whole).
 */
static int
daemon_commit(struct daemon *d, const struct document *doc,
    struct alert *alerts, size_t n)
{
	int	 added;

	if (daemon_batch_open(d) == -1)
		return (-1);
	if (store_document_add(d->store, doc) == -1 ||
	    (d->conf->text_retention_ms > 0 &&
	    store_text_add(d->store, doc) == -1) ||
	    (added = daemon_batch_alerts(d, alerts, n)) == -1) {
		daemon_batch_fail(d);
		return (-1);
	}
	return (added);
}

/*
 * Forget documents and kept texts older than their retention (a text goes
 * with its document too); alerts are kept.
 */
static void
daemon_prune(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;
	uint64_t	 age = d->conf->text_retention_ms / 1000;
	int64_t		 n;

	(void)fd;
	(void)ev;
	if (d->batch.open)
		return;
	if ((n = store_texts_prune(d->store, age)) > 0)
		log_info("forgot %lld kept texts older than %llu s",
		    (long long)n, (unsigned long long)age);
	if (d->conf->document_retention_ms == 0)
		return;
	n = store_documents_prune(d->store,
	    d->conf->document_retention_ms / 1000);
	if (n > 0)
		log_info("forgot %lld documents not seen for %llu s",
		    (long long)n, (unsigned long long)
		    (d->conf->document_retention_ms / 1000));
}

/*
 * Match a document against the running watchlist with the configured
 * options: its alerts in *out (alert_build), the number returned.  Fresh
 * documents and rescans go through here alike.
 */
static size_t
daemon_match(struct daemon *d, const struct document *doc,
    struct alert **out)
{
	struct alert_opts	 opts;

	opts.min_score = d->conf->min_score;
	opts.snippet_chars = d->conf->snippet_chars;
	return (alert_build(doc, d->wl, d->matcher, &opts, out));
}

/*
 * Retro-scan.  Each document is scanned once when it is fetched; when the
 * watchlist changes (a reload, or a start with another list than the
 * database last saw), the texts kept for retention.texts are scanned again
 * with the new matcher, newest first, through the same alert_build() and
 * alert identity as a fresh document: only parties an article newly names
 * alert, written and published like any other alert.  It runs in slices of
 * DAEMON_RESCAN_US from a zero timeout, so polls and clients go on between
 * them; the cursor is a document id, so documents stored meanwhile (higher
 * ids, scanned with the new list anyway) are not visited.  A list change
 * during a rescan starts it over.  When it is over, the list's hash is
 * recorded in the state table (in the batch of its last alerts, if one is
 * open); a stop before that records nothing, so the next start scans again
 * (the identity rule keeps what was alerted from alerting twice).
 */

/* Record the watchlist the kept texts were scanned with. */
static void
daemon_rescan_record(struct daemon *d)
{
	if (d->batch.open)
		d->batch.rescan = 1;
	if (store_state_set(d->store, DAEMON_RESCAN_KEY, d->wl->hash) == -1)
		log_warnx("rescan: could not record the watchlist; the next "
		    "start scans the kept texts again");
}

/* Stop a rescan; --once may have been waiting for it. */
static void
daemon_rescan_halt(struct daemon *d)
{
	d->rescan.running = 0;
	evtimer_del(d->rescan.ev);
	if (d->once)
		event_base_once(d->base, -1, EV_TIMEOUT, daemon_check_once, d,
		    NULL);
}

/* Scan the kept texts again with the running watchlist. */
static void
daemon_rescan_start(struct daemon *d, const char *why)
{
	static const struct timeval	 now = { 0, 0 };

	if (d->conf->text_retention_ms == 0) {
		if (d->rescan.running)
			daemon_rescan_halt(d);
		daemon_rescan_record(d);
		return;
	}
	if (d->rescan.running)
		log_notice("rescan: started over with the new watchlist");
	d->rescan.running = 1;
	d->rescan.before = INT64_MAX;
	d->rescan.done = d->rescan.alerts = 0;
	d->rescan.total = store_texts_count(d->store);
	d->rescan.started_us = daemon_monotonic_usec();
	log_notice("rescan: %lld kept documents against watchlist %.12s (%s)",
	    (long long)d->rescan.total, d->wl->hash, why);
	evtimer_add(d->rescan.ev, &now);
}

/* A rescan's alerts could not be stored: stop; the next start retries. */
static void
daemon_rescan_lost(struct daemon *d)
{
	log_warnx("rescan: alerts could not be stored; stopped, the next "
	    "start or list change scans the kept texts again");
	daemon_rescan_halt(d);
}

/* Every kept text was scanned again. */
static void
daemon_rescan_end(struct daemon *d)
{
	daemon_rescan_halt(d);
	daemon_rescan_record(d);
	log_notice("rescan: %llu documents, %llu new alerts in %.2f s",
	    (unsigned long long)d->rescan.done,
	    (unsigned long long)d->rescan.alerts,
	    (double)(daemon_monotonic_usec() - d->rescan.started_us) / 1e6);
}

/* Scan one kept text again: the number of new alerts, or -1. */
static int
daemon_rescan_one(struct daemon *d, const struct document *doc)
{
	struct alert		*alerts;
	size_t			 n;
	int			 rc = 0;

	n = daemon_match(d, doc, &alerts);
	if (n > 0 && daemon_batch_open(d) == -1) {
		daemon_rescan_lost(d);
		rc = -1;
	} else if (n > 0) {
		d->batch.rescan = 1;
		if ((rc = daemon_batch_alerts(d, alerts, n)) == -1)
			daemon_batch_fail(d);	/* stops the rescan */
		else if (rc > 0)
			log_info("rescan: %d alerts for %s", rc, doc->url);
	}
	alert_free_array(alerts, n);
	return (rc);
}

/* One slice of a rescan, then the next from a zero timeout. */
static void
daemon_rescan_slice(evutil_socket_t fd, short ev, void *arg)
{
	static const struct timeval	 now = { 0, 0 };
	struct daemon			*d = arg;
	struct store_text		*v;
	uint64_t			 t0 = daemon_monotonic_usec();
	ssize_t				 n, i;
	int				 rc;

	(void)fd;
	(void)ev;
	if (!d->rescan.running)
		return;
	if ((n = store_texts_read(d->store, d->rescan.before,
	    DAEMON_RESCAN_READ, &v)) == -1) {
		log_warnx("rescan: the kept texts cannot be read; stopped");
		daemon_rescan_halt(d);
		return;
	}
	if (n == 0) {
		store_texts_free(v, 0);
		daemon_rescan_end(d);
		return;
	}
	for (i = 0; i < n && d->rescan.running; i++) {
		if ((rc = daemon_rescan_one(d, v[i].doc)) == -1)
			break;	/* daemon_rescan_lost() stopped it */
		d->rescan.before = v[i].id;
		d->rescan.done++;
		d->rescan.alerts += (uint64_t)rc;
		if (daemon_monotonic_usec() - t0 >= DAEMON_RESCAN_US)
			break;
	}
	store_texts_free(v, (size_t)n);
	if (d->rescan.running)
		evtimer_add(d->rescan.ev, &now);
}

/*
 * At start: scan the kept texts again if the watchlist is not the one the
 * database last saw; a new database just records it.
 */
static void
daemon_rescan_init(struct daemon *d)
{
	char	*seen;

	if ((d->rescan.ev = evtimer_new(d->base, daemon_rescan_slice,
	    d)) == NULL)
		fatalx("cannot create the rescan event");
	if (store_state_get(d->store, DAEMON_RESCAN_KEY, &seen) == -1) {
		log_warnx("rescan: cannot read the state table; no rescan");
		return;
	}
	if (seen == NULL || d->conf->text_retention_ms == 0)
		daemon_rescan_record(d);
	else if (strcmp(seen, d->wl->hash) != 0)
		daemon_rescan_start(d, "the watchlist changed since the last "
		    "run");
	free(seen);
}

/* State for one replay call: where the emitted lines go. */
struct daemon_replay {
	proto_emit_cb	 emit;
	void		*arg;
};

/* Render one stored alert for the hub. */
static void
daemon_replay_one(const struct alert *a, void *arg)
{
	struct daemon_replay	*r = arg;
	char			*line;

	line = alert_json(a, 1);
	r->emit(a, line, strlen(line), r->arg);
	free(line);
}

/* The hub's replay: committed alerts after an id, at most max. */
static ssize_t
daemon_replay(void *arg, int64_t after, size_t max, proto_emit_cb emit,
    void *emit_arg)
{
	struct daemon		*d = arg;
	struct daemon_replay	 r = { emit, emit_arg };

	return (store_replay(d->store, after, d->committed_id, max,
	    daemon_replay_one, &r));
}

/*
 * Scan one document unless this text of this URL was scanned before: match,
 * alert, and add it to the loop turn's transaction.  Returns 1 if it was
 * scanned, 0 if it was not new, -1 if storing failed.
 */
static int
daemon_scan(struct daemon *d, const char *sid, const struct document *doc)
{
	struct alert		*alerts;
	size_t			 n;
	int			 rc;

	if (store_document_seen(d->store, doc) == 1) {
		log_debug("source %s: unchanged: %s", sid, doc->url);
		return (0);
	}
	n = daemon_match(d, doc, &alerts);
	d->documents++;
	if ((rc = daemon_commit(d, doc, alerts, n)) == -1)
		log_warnx("source %s: could not store %zu alerts for %s; "
		    "will retry on the next poll", sid, n, doc->url);
	else if (rc > 0)
		log_info("source %s: %d alerts for %s", sid, rc, doc->url);
	alert_free_array(alerts, n);
	return (rc == -1 ? -1 : 1);
}

/* A new feed item's link, fetched for its article (fetch_links). */
struct daemon_link {
	struct daemon	*d;
	char		*source_id;	/* copied: a reload may drop the source */
	char		*charset;
	char		*title;		/* the item's, if the page has none */
};

/* Free a link fetch's context. */
static void
daemon_link_free(struct daemon_link *l)
{
	free(l->source_id);
	free(l->charset);
	free(l->title);
	free(l);
}

/* A link fetch is done: free it; --once may have been waiting for it. */
static void
daemon_link_done(struct daemon_link *l)
{
	if (l->d->once)
		event_base_once(l->d->base, -1, EV_TIMEOUT, daemon_check_once,
		    l->d, NULL);
	daemon_link_free(l);
}

/* fetch callback: an item's article arrived; scan it like a page. */
static void
daemon_link_result(const struct fetch_result *res, void *arg)
{
	struct daemon_link	*l = arg;
	struct document		*doc;
	const char		*class;
	char			*utf8;
	size_t			 len;

	if (res->status == FETCH_ERR_CANCELLED) {
		daemon_link_free(l);
		return;
	}
	if ((class = fetch_error_class(res)) != NULL) {
		log_warnx("source %s: item link %s: %s, http %ld: %s",
		    l->source_id, res->effective_url, class, res->http_code,
		    res->error);
		daemon_link_done(l);
		return;
	}
	utf8 = charset_utf8(res->body, res->len, res->content_type,
	    l->charset, &len);
	doc = extract_document(l->source_id, res->effective_url, FORMAT_AUTO,
	    res->content_type, utf8 != NULL ? utf8 : res->body,
	    utf8 != NULL ? len : res->len);
	free(utf8);
	if (doc->title == NULL && l->title != NULL)
		doc->title = xstrdup(l->title);
	daemon_scan(l->d, l->source_id, doc);
	document_free(doc);
	daemon_link_done(l);
}

/*
 * Fetch a new item's link for the article (fetch_links) through the
 * poller's per-host limits: only http(s), and no private addresses unless
 * the source allows them.
 */
static void
daemon_link(struct daemon *d, const struct source_cfg *src,
    const struct feed_item *it)
{
	struct daemon_link	*l;

	if (!src->fetch_links || it->link == NULL)
		return;
	if (!fetch_public_url(it->link)) {
		log_warnx("source %s: item link refused (not http/https): %.200s",
		    src->id, it->link);
		return;
	}
	l = xcalloc(1, sizeof *l);
	l->d = d;
	l->source_id = xstrdup(src->id);
	l->charset = src->charset != NULL ? xstrdup(src->charset) : NULL;
	l->title = it->title != NULL ? xstrdup(it->title) : NULL;
	if (poller_link(d->poller, src, it->link, daemon_link_result, l) == -1) {
		log_warnx("source %s: item link not fetched (too many waiting): "
		    "%.200s", src->id, it->link);
		daemon_link_free(l);
	}
}

/*
 * Scan a feed's items: an item seen before with the same text is skipped,
 * a new or edited one is scanned and recorded; items gone from the feed are
 * forgotten after polling.item_retention.  Returns the number scanned, or -1
 * if storing failed.
 */
static int
daemon_feed(struct daemon *d, const struct source_cfg *src,
    const struct fetch_result *res, const struct feed *feed)
{
	struct document		*doc;
	struct store_item	 it;
	size_t			 i;
	int			 rc, scanned = 0, seen;

	for (i = 0; i < feed->n; i++) {
		doc = feed_document(src->id, res->effective_url != NULL ?
		    res->effective_url : src->url, &feed->items[i]);
		it.source_id = src->id;
		it.item_id = feed->items[i].id;
		it.sha256 = doc->sha256;
		it.url = doc->url;
		if ((seen = store_item_seen(d->store, &it)) == 1) {
			document_free(doc);
			continue;
		}
		rc = seen == -1 ? -1 : daemon_scan(d, src->id, doc);
		if (rc != -1 && store_item_add(d->store, &it) == -1)
			rc = -1;
		if (rc != -1)
			daemon_link(d, src, &feed->items[i]);
		document_free(doc);
		if (rc == -1)
			return (-1);
		scanned += rc;
	}
	if (store_items_prune(d->store, src->id,
	    d->conf->polling.item_retention_ms) == -1)
		log_warnx("source %s: could not prune its items", src->id);
	log_debug("source %s: feed of %zu items, %d scanned", src->id, feed->n,
	    scanned);
	return (scanned);
}

/*
 * Run a fetched body through extraction, matching and alerting: a feed
 * (configured, or sniffed by format auto) gives one document per item,
 * anything else is one document.  Returns the number of documents scanned,
 * or -1 and *class ("parse": a configured feed format that does not parse;
 * "store") on failure.
 */
static int
daemon_document(struct daemon *d, const struct source_cfg *src,
    const struct fetch_result *res, const char **class)
{
	struct document		*doc;
	struct feed		*feed;
	char			*utf8;
	size_t			 len;
	int			 rc;

	feed = feed_parse(res->body, res->len, src->format, &src->json);
	if (feed == NULL && (src->format == FORMAT_RSS ||
	    src->format == FORMAT_ATOM || (src->format == FORMAT_JSON &&
	    feed_sniff(res->body, res->len) != FORMAT_JSON))) {
		*class = "parse";
		poller_retry(d->poller, src->id);	/* report it again */
		return (-1);
	}
	if (feed != NULL) {
		poller_ttl(d->poller, src->id, feed->ttl_ms);
		rc = daemon_feed(d, src, res, feed);
	} else {
		utf8 = charset_utf8(res->body, res->len, res->content_type,
		    src->charset, &len);
		doc = extract_document(src->id, res->effective_url != NULL ?
		    res->effective_url : src->url, src->format,
		    res->content_type, utf8 != NULL ? utf8 : res->body,
		    utf8 != NULL ? len : res->len);
		free(utf8);
		rc = daemon_scan(d, src->id, doc);
		document_free(doc);
	}
	feed_free(feed);
	if (rc == -1) {
		*class = "store";
		poller_retry(d->poller, src->id);
	}
	return (rc);
}

/* Exit the loop when --once has polled everything. */
static void
daemon_check_once(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;

	(void)fd;
	(void)ev;
	if (d->once && poller_idle(d->poller) && !d->rescan.running) {
		log_info("all sources polled once");
		event_base_loopexit(d->base, NULL);
	}
}

/* A poll completed: judge it, record it, scan what it brought. */
static void
daemon_result(const struct source_cfg *src, const struct fetch_result *res,
    void *arg)
{
	struct daemon	*d = arg;
	const char	*class;
	char		*error = NULL;
	int		 scanned = 0;

	if (res->status == FETCH_ERR_CANCELLED)
		return;
	if ((class = fetch_error_class(res)) != NULL) {
		if (res->status != FETCH_OK)
			error = xasprintf("%s: %s", class, res->error);
		else
			error = xasprintf("%s: HTTP %ld", class, res->http_code);
		if (!res->disabled)
			log_warnx("source %s: %s (%s)%s", src->id, error,
			    src->url, res->network_down ?
			    "; the network looks down, not counted" : "");
		d->polls_failed++;
	} else {
		d->polls_ok++;
		if (res->permanent_url != NULL)
			log_notice("source %s: %s moved permanently to %s; "
			    "update the configuration", src->id, src->url,
			    res->permanent_url);
		if (res->unchanged)
			log_debug("source %s: not modified", src->id);
		else if ((scanned = daemon_document(d, src, res, &class)) < 0)
			error = xasprintf("%s: the document could not be "
			    "read or stored", class);
	}
	daemon_source_state(d, src, res, error, class, scanned > 0);
	free(error);
	if (d->once)
		event_base_once(d->base, -1, EV_TIMEOUT, daemon_check_once, d,
		    NULL);
}

/* Microseconds on the monotonic clock, as MONOTONIC_USEC wants them. */
static uint64_t
daemon_monotonic_usec(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/*
 * Count the configured sources whose last poll succeeded or failed, from
 * the per-source state in the database; the others have not been polled.
 */
static void
daemon_source_counts(struct daemon *d, size_t *ok, size_t *failing)
{
	json_t		*list, *o;
	const char	*id;
	char		*s;
	size_t		 i, j;

	*ok = *failing = 0;
	if ((s = store_sources_json(d->store)) == NULL)
		return;
	list = json_loads(s, 0, NULL);
	free(s);
	json_array_foreach(list, i, o) {
		if ((id = json_string_value(json_object_get(o, "id"))) == NULL)
			continue;
		for (j = 0; j < d->conf->nsources; j++) {
			if (strcmp(id, d->conf->sources[j].id) != 0)
				continue;
			if (json_is_true(json_object_get(o, "ok")))
				(*ok)++;
			else
				(*failing)++;
		}
	}
	json_decref(list);
}

/* The one-line STATUS= summary: sources, alerts today, subscribers. */
static char *
daemon_status_line(struct daemon *d)
{
	struct tm	 tm;
	time_t		 now = time(NULL);
	size_t		 ok, failing;
	int		 day;

	gmtime_r(&now, &tm);
	day = tm.tm_year * 1000 + tm.tm_yday;
	if (day != d->today) {
		d->today = day;
		d->alerts_midnight = d->alerts;
	}
	daemon_source_counts(d, &ok, &failing);
	return (xasprintf("%zu sources: %zu ok, %zu failing; %llu alerts "
	    "today; %zu subscribers", d->conf->nsources, ok, failing,
	    (unsigned long long)(d->alerts - d->alerts_midnight),
	    hub_subscribers(d->hub)));
}

/*
 * Tell systemd a state ("READY=1") with the summary, or, with state NULL,
 * the summary alone if it changed since the last one sent.
 */
static void
daemon_notify(struct daemon *d, const char *state)
{
	char	*line;

	if (!d->notify)
		return;
	line = daemon_status_line(d);
	if (state != NULL)
		notify_send("%s\nSTATUS=%s", state, line);
	else if (d->status == NULL || strcmp(line, d->status) != 0)
		notify_send("STATUS=%s", line);
	free(d->status);
	d->status = line;
}

/* The watchdog timer: the loop is alive. */
static void
daemon_watchdog(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	(void)arg;
	notify_send("WATCHDOG=1");
}

/* Every DAEMON_TICK_MS: a fresh STATUS= if the summary changed. */
static void
daemon_tick(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	daemon_notify(arg, NULL);
}

/* A reload of the running config's file, announced to systemd. */
static struct reload *
daemon_reload_new(struct daemon *d, const char *by)
{
	struct reload	*r;

	r = xcalloc(1, sizeof *r);
	r->d = d;
	r->path = xstrdup(d->conf->path);
	r->by = by;
	r->started_us = daemon_monotonic_usec();
	log_notice("reloading %s (%s)", r->path, by);
	notify_send("RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading %s",
	    (unsigned long long)r->started_us, r->path);
	return (r);
}

/* Free a reload and whatever of it was not swapped in. */
static void
daemon_reload_free(struct reload *r)
{
	if (r == NULL)
		return;
	matcher_free(r->matcher);
	watchlist_free(r->wl);
	config_free(r->conf);
	diag_free(&r->diag);
	free(r->waiters.v);
	free(r->path);
	free(r);
}

/* Parse the config and watchlists and compile the matcher: any thread. */
static void
daemon_reload_build(struct reload *r)
{
	if ((r->conf = daemon_load(r->path, &r->wl, &r->diag)) != NULL)
		r->matcher = matcher_new(r->wl);
}

/* The reload thread: build, then wake the loop through the pipe. */
static void *
daemon_reload_thread(void *arg)
{
	struct reload	*r = arg;
	char		 c = 'r';

	daemon_reload_build(r);
	while (write(r->d->reload_pipe[1], &c, 1) == -1 && errno == EINTR)
		;
	return (NULL);
}

/* Every error of a failed build, in one line for the requester. */
static char *
daemon_reload_errors(const struct diag *diag)
{
	char	*s, *t;
	size_t	 i, n = diag_count(diag);

	s = xasprintf("%zu error%s, not reloaded", n, n == 1 ? "" : "s");
	for (i = 0; i < n && i < 10; i++) {
		t = xasprintf("%s%s %s", s, i == 0 ? ":" : ";",
		    diag->msgs.v[i]);
		free(s);
		s = t;
	}
	if (n > 10) {
		t = xasprintf("%s; and %zu more (see the log)", s, n - 10);
		free(s);
		s = t;
	}
	return (s);
}

/* A NULL-safe string comparison: 1 if they differ. */
static int
daemon_strdiff(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != b);
	return (strcmp(a, b) != 0);
}

/*
 * Whether the http settings a fetch copies when it is created differ (the
 * poller takes max_connections and max_per_host from poller_update).
 */
static int
daemon_fetch_changed(const struct http_cfg *a, const struct http_cfg *b)
{
	return (daemon_strdiff(a->user_agent, b->user_agent) ||
	    a->connect_timeout_ms != b->connect_timeout_ms ||
	    a->timeout_ms != b->timeout_ms || a->max_body != b->max_body);
}

/*
 * Refuse what only a restart can change: the database and the socket are
 * opened once.  0, or -1 with the reason in *cause.
 */
static int
daemon_reload_check(const struct config *old, const struct config *new,
    char **cause)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} fixed[] = {
		{ "database", offsetof(struct config, database) },
		{ "socket", offsetof(struct config, socket) },
	};
	const char	*a, *b;
	size_t		 i;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		a = *(char *const *)(const void *)((const char *)old +
		    fixed[i].off);
		b = *(char *const *)(const void *)((const char *)new +
		    fixed[i].off);
		if (daemon_strdiff(a, b)) {
			*cause = xasprintf("%s: %s changed from %s to %s; "
			    "restart the daemon to change it, not reloaded",
			    new->path, fixed[i].key, a, b);
			return (-1);
		}
	}
	if (old->socket_mode != new->socket_mode) {
		*cause = xasprintf("%s: socket_mode changed from %04o to %04o; "
		    "restart the daemon to change it, not reloaded", new->path,
		    (unsigned)old->socket_mode, (unsigned)new->socket_mode);
		return (-1);
	}
	return (0);
}

/*
 * Put a reload's sources into effect: through poller_update() (which copies
 * them) if the fetch's settings are the same, else with a new fetch and
 * poller (transfers in flight are cancelled and polled again).  0, or -1
 * with *cause and nothing changed.
 */
static int
daemon_reload_sources(struct daemon *d, struct config *conf, char **cause)
{
	struct fetch	*fetch;
	struct poller	*poller;

	if (!daemon_fetch_changed(&d->conf->http, &conf->http)) {
		if (poller_update(d->poller, conf) == 0)
			return (0);
		*cause = xasprintf("%s: the new sources could not be "
		    "scheduled, not reloaded", conf->path);
		return (-1);
	}
	if ((fetch = fetch_new(d->base, &conf->http)) == NULL) {
		*cause = xasprintf("%s: transfers with the new http settings "
		    "cannot be set up, not reloaded", conf->path);
		return (-1);
	}
	poller = poller_new(d->base, fetch, conf, daemon_result, d);
	store_sources_restore(d->store, poller);
	poller_free(d->poller);
	fetch_free(d->fetch);
	d->poller = poller;
	d->fetch = fetch;
	poller_start(d->poller, d->once);
	log_notice("http settings changed: transfers in flight cancelled, "
	    "sources polled again with the new settings");
	return (0);
}

/* Swap the running watchlist, matcher and config with a reload's. */
static void
daemon_reload_swap(struct daemon *d, struct reload *r)
{
	struct watchlist	*wl = d->wl;
	struct matcher		*m = d->matcher;
	struct config		*conf = d->conf;

	d->wl = r->wl;
	d->matcher = r->matcher;
	d->conf = r->conf;
	r->wl = wl;
	r->matcher = m;
	r->conf = conf;
}

/*
 * Swap a built reload in, between two loop events.  On any error nothing
 * changes, the errors go to the log and, if cause is not NULL, to the
 * requester.  0 or -1.
 */
static int
daemon_reload_apply(struct daemon *d, struct reload *r, char **cause)
{
	char		*why = NULL;
	size_t		 i;

	if (r->conf == NULL) {
		log_warnx("configuration has errors, not reloading:");
		for (i = 0; i < r->diag.msgs.n; i++)
			log_warnx("%s", r->diag.msgs.v[i]);
		why = daemon_reload_errors(&r->diag);
	} else if (daemon_reload_check(d->conf, r->conf, &why) == 0 &&
	    daemon_reload_sources(d, r->conf, &why) == 0) {
		daemon_reload_swap(d, r);
		log_setlevel(d->conf->log_level);
		log_notice("reloaded: %zu entities, %zu countries, %zu names, "
		    "%zu sources (%s, %llu ms)", d->wl->nentities,
		    d->wl->ncountries, matcher_names(d->matcher),
		    d->conf->nsources, r->by, (unsigned long long)
		    ((daemon_monotonic_usec() - r->started_us) / 1000));
		return (0);
	} else
		log_warnx("%s", why);
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return (-1);
}

/* Start a thread with every signal blocked in it: 0 or an errno. */
static int
daemon_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t	 all, old;
	int		 error;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	error = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return (error);
}

/* The disposer thread: free a reload and what it replaced. */
static void *
daemon_dispose_thread(void *arg)
{
	daemon_reload_free(arg);
	return (NULL);
}

/*
 * Free a finished reload, with the watchlist and matcher it replaced, off
 * the loop: a million names take a while to free.  The disposer is joined
 * before the next one starts and at stop.
 */
static void
daemon_reload_dispose(struct daemon *d, struct reload *r)
{
	if (d->disposing) {
		pthread_join(d->disposer, NULL);
		d->disposing = 0;
	}
	if (r->matcher == NULL ||
	    daemon_thread(&d->disposer, daemon_dispose_thread, r) != 0) {
		daemon_reload_free(r);
		return;
	}
	d->disposing = 1;
}

/* Answer the socket clients that asked for a reload (error NULL: taken). */
static void
daemon_reload_answer(struct daemon *d, struct waiters *w, const char *error)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		hub_reload_done(d->hub, w->v[i], error);
	free(w->v);
	memset(w, 0, sizeof *w);
}

/*
 * Apply a built reload, answer those who asked, tell systemd we are ready
 * again, dispose of it.
 */
static void
daemon_reload_finish(struct daemon *d, struct reload *r)
{
	char	*cause = NULL;

	if (daemon_reload_apply(d, r, &cause) == 0) {
		daemon_reload_answer(d, &r->waiters, NULL);
		/* r holds what was replaced. */
		if (strcmp(r->wl->hash, d->wl->hash) != 0 ||
		    (d->rescan.running && d->conf->text_retention_ms == 0))
			daemon_rescan_start(d, r->by);
	} else
		daemon_reload_answer(d, &r->waiters, cause != NULL ? cause :
		    "failed");
	free(cause);
	daemon_notify(d, "READY=1");
	daemon_reload_dispose(d, r);
}

/*
 * Build a reload on a thread while the loop goes on; the socket clients
 * waiting for one are answered when it is done.  While one is building,
 * another is to follow it.
 */
static void
daemon_reload_start(struct daemon *d, const char *by)
{
	struct reload	*r;
	int		 error;
	char		 c = 'r';

	if (d->reload != NULL) {
		log_notice("%s: a reload is being built; another will follow "
		    "it", by);
		d->reload_again = 1;
		return;
	}
	d->reload_again = 0;
	r = daemon_reload_new(d, by);
	r->waiters = d->waiters;
	memset(&d->waiters, 0, sizeof d->waiters);
	d->reload = r;
	if ((error = daemon_thread(&r->thread, daemon_reload_thread, r)) == 0) {
		r->threaded = 1;
		return;
	}
	errno = error;
	log_warn("%s: pthread_create; building on the loop", __func__);
	daemon_reload_build(r);
	/* Finished from the pipe's event, as if the thread had built it. */
	while (write(d->reload_pipe[1], &c, 1) == -1 && errno == EINTR)
		;
}

/* The reload build finished: join its thread and swap in what it built. */
static void
daemon_reload_done(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;
	struct reload	*r = d->reload;
	char		 buf[16];

	(void)ev;
	while (read(fd, buf, sizeof buf) > 0)
		;
	if (r == NULL)
		return;
	if (r->threaded)
		pthread_join(r->thread, NULL);
	d->reload = NULL;
	daemon_reload_finish(d, r);
	if (d->reload_again)
		daemon_reload_start(d, d->waiters.n > 0 ? "socket" : "SIGHUP");
}

/*
 * The socket's "reload" (through proto_ops) for client id: started, or
 * queued behind the one being built; the client is answered with the
 * outcome by daemon_reload_finish().
 */
static int
daemon_reload(void *arg, unsigned id, char **cause)
{
	struct daemon	*d = arg;
	struct waiters	*w = &d->waiters;

	(void)cause;
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 4 : w->cap * 2;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n++] = id;
	daemon_reload_start(d, "socket");
	return (0);
}

/* Signals arrive here as loop events, never in signal context. */
static void
daemon_signal(evutil_socket_t sig, short ev, void *arg)
{
	struct daemon	*d = arg;

	(void)ev;
	switch (sig) {
	case SIGHUP:
		daemon_reload_start(d, "SIGHUP");
		break;
	case SIGTERM:
	case SIGINT:
		log_notice("received %s, stopping", sig == SIGTERM ? "SIGTERM" :
		    "SIGINT");
		notify_send("STOPPING=1\nSTATUS=stopping");
		event_base_loopexit(d->base, NULL);
		break;
	}
}

/*
 * Run a tiny watchlist through the text side once, so the lazily built
 * static tables of normalize.c and matcher.c exist before any reload thread
 * compiles a matcher beside the loop's scans.
 */
static void
daemon_warmup(void)
{
	static const char	 yaml[] =
	    "version: 1\n"
	    "entities:\n"
	    "  - {id: w1, name: \"DOE, John\", type: person}\n"
	    "  - {id: w2, name: OOO Warm Up, type: organization,"
	    " aliases: [Warm Up LLC], weak_aliases: [WU]}\n"
	    "countries:\n"
	    "  - {code: RU, name: Russia, adjectives: [Russian],"
	    " status: sanctioned}\n";
	static const char	 text[] = "John Doe of Warm Up LLC (WU), a "
	    "Russian firm; \xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f.";
	struct diag		 diag;
	struct watchlist	*wl;
	struct matcher		*m;
	struct document		*doc;
	struct alert		*alerts;
	struct alert_opts	 opts = { .min_score = 0.5, .snippet_chars = 40 };
	size_t			 n;

	memset(&diag, 0, sizeof diag);
	if ((wl = watchlist_load_mem("warm-up", yaml, sizeof yaml - 1,
	    &diag)) == NULL)
		fatalx("%s: the built-in watchlist does not load", __func__);
	m = matcher_new(wl);
	doc = extract_document("warm-up", "warm-up", FORMAT_TEXT, NULL, text,
	    sizeof text - 1);
	n = alert_build(doc, wl, m, &opts, &alerts);
	alert_free_array(alerts, n);
	document_free(doc);
	matcher_free(m);
	watchlist_free(wl);
	diag_free(&diag);
}

/*
 * The reload pipe; with $NOTIFY_SOCKET (not in once mode) the STATUS= timer
 * and, if the watchdog is ours, its timer at half the period.
 */
static void
daemon_start_service(struct daemon *d)
{
	struct timeval	 tv;
	uint64_t	 usec;

	if (pipe2(d->reload_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		fatal("%s: pipe2", __func__);
	d->reload_ev = event_new(d->base, d->reload_pipe[0],
	    EV_READ | EV_PERSIST, daemon_reload_done, d);
	if (d->reload_ev == NULL || event_add(d->reload_ev, NULL) == -1)
		fatalx("%s: cannot watch the reload pipe", __func__);
	if (d->once || notify_init() != 1)
		return;
	d->notify = 1;
	tv.tv_sec = DAEMON_TICK_MS / 1000;
	tv.tv_usec = (DAEMON_TICK_MS % 1000) * 1000;
	d->tick_ev = event_new(d->base, -1, EV_PERSIST, daemon_tick, d);
	if (d->tick_ev == NULL || event_add(d->tick_ev, &tv) == -1)
		fatalx("%s: cannot arm the status timer", __func__);
	if ((usec = notify_watchdog_usec()) == 0)
		return;
	usec /= 2;
	tv.tv_sec = (time_t)(usec / 1000000);
	tv.tv_usec = (suseconds_t)(usec % 1000000);
	d->watchdog_ev = event_new(d->base, -1, EV_PERSIST, daemon_watchdog, d);
	if (d->watchdog_ev == NULL || event_add(d->watchdog_ev, &tv) == -1)
		fatalx("%s: cannot arm the watchdog timer", __func__);
	log_info("watchdog: a ping to systemd every %llu ms",
	    (unsigned long long)(usec / 1000));
}

/* Stop the reload thread, the timers and the pipe. */
static void
daemon_stop_service(struct daemon *d)
{
	if (d->reload != NULL) {
		if (d->reload->threaded)
			pthread_join(d->reload->thread, NULL);
		daemon_reload_answer(d, &d->reload->waiters,
		    "the daemon is stopping");
		daemon_reload_free(d->reload);
		d->reload = NULL;
	}
	daemon_reload_answer(d, &d->waiters, "the daemon is stopping");
	if (d->disposing)
		pthread_join(d->disposer, NULL);
	d->disposing = 0;
	if (d->watchdog_ev != NULL)
		event_free(d->watchdog_ev);
	if (d->tick_ev != NULL)
		event_free(d->tick_ev);
	if (d->reload_ev != NULL)
		event_free(d->reload_ev);
	close(d->reload_pipe[0]);
	close(d->reload_pipe[1]);
	free(d->status);
	notify_close();
}

/* Open the database and socket and start polling; fatal on failure. */
static void
daemon_start(struct daemon *d)
{
	static const int	 sigs[] = { SIGTERM, SIGINT, SIGHUP };
	static const struct timeval prune_every = { 3600, 0 };
	char			*cause = NULL;
	size_t			 i;

	signal(SIGPIPE, SIG_IGN);
	if ((d->base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	for (i = 0; i < 3; i++) {
		d->sig[i] = evsignal_new(d->base, sigs[i], daemon_signal, d);
		if (d->sig[i] == NULL || evsignal_add(d->sig[i], NULL) == -1)
			fatalx("cannot handle signal %d", sigs[i]);
	}
	if ((d->store = store_open(d->conf->database, &cause)) == NULL)
		fatalx("%s: %s", d->conf->database, cause);
	d->ops.status = daemon_status;
	d->ops.sources = daemon_sources;
	d->ops.reload = daemon_reload;
	d->ops.replay = daemon_replay;
	d->ops.arg = d;
	if ((d->committed_id = store_alert_last_id(d->store)) == -1)
		fatalx("%s: cannot read the alerts", d->conf->database);
	if ((d->flush_ev = evtimer_new(d->base, daemon_flush, d)) == NULL)
		fatalx("cannot create the commit event");
	d->prune_ev = event_new(d->base, -1, EV_PERSIST, daemon_prune, d);
	if (d->prune_ev == NULL || event_add(d->prune_ev, &prune_every) == -1)
		fatalx("cannot create the retention timer");
	daemon_prune(-1, 0, d);
	daemon_rescan_init(d);
	d->hub = hub_new(d->base, d->conf->socket, d->conf->socket_mode,
	    &d->ops, &cause);
	if (d->hub == NULL)
		fatalx("%s: %s", d->conf->socket, cause);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("cannot initialize libcurl");
	if ((d->fetch = fetch_new(d->base, &d->conf->http)) == NULL)
		fatalx("cannot initialize transfers");
	d->poller = poller_new(d->base, d->fetch, d->conf, daemon_result, d);
	store_sources_restore(d->store, d->poller);
	d->started = time(NULL);
	daemon_start_service(d);
	log_notice("started: %zu sources, %zu entities, %zu countries, "
	    "%zu names; database %s; socket %s", d->conf->nsources,
	    d->wl->nentities, d->wl->ncountries, matcher_names(d->matcher),
	    d->conf->database, d->conf->socket);
	poller_start(d->poller, d->once);
	if (d->once)
		event_base_once(d->base, -1, EV_TIMEOUT, daemon_check_once, d,
		    NULL);
	daemon_notify(d, "READY=1");
}

/* Stop in order and free everything. */
static void
daemon_stop(struct daemon *d)
{
	size_t	 i, left;

	daemon_stop_service(d);
	if (d->rescan.running)
		log_notice("rescan: stopped after %llu of %lld documents; the "
		    "next start scans them again", (unsigned long long)
		    d->rescan.done, (long long)d->rescan.total);
	poller_free(d->poller);
	fetch_free(d->fetch);
	daemon_flush(-1, 0, d);
	if ((left = hub_drain(d->hub, DAEMON_DRAIN_MS)) > 0)
		log_warnx("%zu bytes of alerts not taken by subscribers in "
		    "%d ms; they are in the database", left, DAEMON_DRAIN_MS);
	hub_free(d->hub);
	store_close(d->store);
	event_free(d->flush_ev);
	event_free(d->prune_ev);
	event_free(d->rescan.ev);
	free(d->batch.v);
	for (i = 0; i < 3; i++)
		event_free(d->sig[i]);
	event_base_free(d->base);
	matcher_free(d->matcher);
	watchlist_free(d->wl);
	log_notice("stopped: %llu polls ok, %llu failed, %llu alerts written",
	    (unsigned long long)d->polls_ok,
	    (unsigned long long)d->polls_failed, (unsigned long long)d->alerts);
	config_free(d->conf);
	curl_global_cleanup();
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct daemon	 d;
	struct diag	 diag;
	const char	*path = DEFAULT_CONFIG;
	int		 ch, check = 0, verbose = 0;

	memset(&d, 0, sizeof d);
	memset(&diag, 0, sizeof diag);
	log_init(LOG_LVL_INFO, "sanctwatchd");
	while ((ch = getopt_long(argc, argv, "c:nv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'o':
			d.once = 1;
			break;
		case 'V':
			printf("sanctwatchd %s\n", SANCTWATCH_VERSION);
			return (0);
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if ((d.conf = daemon_load(path, &d.wl, &diag)) == NULL) {
		diag_print(&diag, stderr);
		diag_free(&diag);
		return (1);
	}
	if (check) {
		if (verbose)
			config_print(d.conf, stdout);
		fprintf(stderr, "configuration OK: %zu sources, %zu entities, "
		    "%zu countries\n", d.conf->nsources, d.wl->nentities,
		    d.wl->ncountries);
		watchlist_free(d.wl);
		config_free(d.conf);
		return (0);
	}
	log_setlevel(d.conf->log_level);
	d.matcher = matcher_new(d.wl);
	daemon_warmup();
	daemon_start(&d);
	event_base_dispatch(d.base);
	daemon_stop(&d);
	return (0);
}
