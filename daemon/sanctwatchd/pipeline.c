/*
 * The pipeline: what happens to a completed fetch.  Each one runs to its end
 * before the loop goes on:
 *
 *   fetch result -> extract -> (unchanged document? stop) -> match -> alerts
 *     -> one SQLite transaction (document, alerts, source state) -> commit
 *     -> publish the committed alerts (pipeline_ops.publish)
 *
 * The writes of one loop turn go into one transaction, opened by the first
 * of them; a zero timeout (flush_ev) commits it once the turn's events are
 * done, and only then are its alerts published.  An alert reaches the
 * socket only after its transaction committed, so a subscriber never sees
 * an alert the database does not have.  If a write or the commit fails the
 * batch is rolled back whole and nothing of it is published; its documents
 * were not recorded either, so the next polls scan them again
 * (poller_retry).
 *
 * The pipeline matches with the config, watchlist and matcher given by
 * pipeline_set(); the daemon swaps them between two loop events (a reload),
 * so a document is matched wholly before or wholly after.  Rescans add
 * their alerts to the same batch (pipeline_rescan).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"

#define PIPELINE_PRUNE_SEC	3600	/* retention, hourly */
#define PIPELINE_WARN_BURST	10	/* item-link warnings per window */
#define PIPELINE_WARN_WINDOW	60	/* seconds */
/*
 * A failed write's consequences: a warning for the first failure of a run,
 * then debug (the run, its count and error are in status).
 */
#define PIPELINE_STORE_LOG(p, ...) do {					\
	if ((p)->storage.run <= 1)					\
		log_warnx(__VA_ARGS__);					\
	else								\
		log_debug(__VA_ARGS__);					\
} while (0)

static void	pipeline_flush_cb(evutil_socket_t, short, void *);
static void	pipeline_warn_cb(evutil_socket_t, short, void *);
static void	pipeline_batch_clear(struct pipeline *);
static void	pipeline_prune_cb(evutil_socket_t, short, void *);

/*
 * A pipeline writing to store and publishing through ops; NULL if the
 * newest alert cannot be read.  Fatal if its events cannot be made.
 */
struct pipeline *
pipeline_new(struct event_base *base, struct store *store,
    const struct pipeline_ops *ops)
{
	static const struct timeval prune_every = { PIPELINE_PRUNE_SEC, 0 };
	struct pipeline	*p;

	p = xcalloc(1, sizeof *p);
	p->base = base;
	p->store = store;
	p->ops = *ops;
	if ((p->committed_id = store_alert_last_id(store)) == -1) {
		free(p);
		return (NULL);
	}
	if ((p->flush_ev = evtimer_new(base, pipeline_flush_cb, p)) == NULL)
		fatalx("cannot create the commit event");
	if ((p->linkwarn.ev = evtimer_new(base, pipeline_warn_cb, p)) == NULL)
		fatalx("cannot create the link warnings' timer");
	p->prune_ev = event_new(base, -1, EV_PERSIST, pipeline_prune_cb, p);
	if (p->prune_ev == NULL || event_add(p->prune_ev, &prune_every) == -1)
		fatalx("cannot create the retention timer");
	return (p);
}

/* Commit what is open, then free the pipeline; NULL is a no-op. */
void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	pipeline_flush(p);
	event_free(p->flush_ev);
	event_free(p->prune_ev);
	pipeline_warn_cb(-1, 0, p);
	event_free(p->linkwarn.ev);
	free(p->batch.v);
	free(p->storage.error);
	free(p);
}

/* Match with this config, watchlist and matcher from now on. */
void
pipeline_set(struct pipeline *p, const struct config *conf,
    const struct watchlist *wl, const struct matcher *matcher,
    const struct rules *rules)
{
	p->conf = conf;
	p->wl = wl;
	p->matcher = matcher;
	p->rules = rules;
}

/*
 * Storage health (issue 17, item 13): the outcome of each write, shown by
 * status and STATUS=; the first failure and the recovery are logged.
 * Called before any rollback, so the error is the write's own.
 */
static void
pipeline_storage(struct pipeline *p, int ok)
{
	struct tm	 tm;
	time_t		 now;

	if (ok) {
		if (p->storage.failing) {
			log_notice("storage: the database is written again");
			store_patience(p->store, 1);
		}
		p->storage.failing = 0;
		p->storage.run = 0;
		return;
	}
	store_patience(p->store, 0);	/* no more waits on the loop */
	p->storage.run++;
	p->storage.errors++;
	free(p->storage.error);
	p->storage.error = xstrdup(store_errmsg(p->store));
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL || strftime(p->storage.error_at,
	    sizeof p->storage.error_at, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		p->storage.error_at[0] = '\0';
	if (!p->storage.failing)
		log_warnx("storage: cannot write the database: %s; polling "
		    "goes on, and what was not stored is scanned again once it "
		    "can be", p->storage.error);
	p->storage.failing = 1;
}

/*
 * Whether the database file was deleted or replaced under the daemon (issue
 * 17, item 1).  Then nothing more is committed or published, since it
 * would be lost at the next start: the open batch is rolled back, the log
 * says why, and the loop is stopped (sanctwatchd exits 1, and a restart
 * opens the path anew, a new database with a new identity).
 */
static int
pipeline_gone(struct pipeline *p)
{
	if (p->storage.gone)
		return (1);
	if (!store_gone(p->store))
		return (0);
	p->storage.gone = 1;
	log_warnx("storage: the database %s was deleted or replaced while "
	    "sanctwatchd ran; %zu alert%s of this moment %s not published, "
	    "as they could not be kept; stopping, so that a restart opens "
	    "a new one", store_path(p->store), p->batch.n,
	    p->batch.n == 1 ? "" : "s", p->batch.n == 1 ? "is" : "are");
	if (p->batch.open) {
		store_rollback(p->store);
		pipeline_batch_clear(p);
		evtimer_del(p->flush_ev);
	}
	event_base_loopbreak(p->base);
	return (1);
}

/* Record a source's poll in the database (outside any other transaction). */
static void
pipeline_source_state(struct pipeline *p, const struct source_cfg *src,
    const struct fetch_result *res, const char *error, const char *class,
    int new_items)
{
	struct store_source_state	 st;

	if (pipeline_gone(p))
		return;
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
	if (store_source_update(p->store, &st) == -1) {
		pipeline_storage(p, 0);
		PIPELINE_STORE_LOG(p, "source %s: could not record its state",
		    src->id);
	} else {
		pipeline_storage(p, 1);
		if (st.ok && p->ops.validators != NULL)
			p->ops.validators(src->id, res->etag,
			    res->last_modified, p->ops.arg);
	}
}

/* Forget the alerts of the open batch. */
static void
pipeline_batch_clear(struct pipeline *p)
{
	size_t	 i;

	for (i = 0; i < p->batch.n; i++)
		alert_clear(&p->batch.v[i]);
	p->batch.n = 0;
	p->batch.open = 0;
	p->batch.rescan = 0;
}

/*
 * The batch was rolled back: its documents are scanned again on the next
 * polls (no 304 or same-hash skip), and a rescan whose alerts it held
 * stops (pipeline_ops.lost).
 */
static void
pipeline_batch_lost(struct pipeline *p)
{
	if (p->batch.rescan && p->ops.lost != NULL)
		p->ops.lost(p->ops.arg);
	pipeline_batch_clear(p);
	if (p->poller != NULL)		/* none at shutdown */
		poller_retry(p->poller, NULL);
}

/*
 * Commit the batch of this loop turn, then publish its alerts: an alert
 * reaches subscribers only once it is in the database.  On failure nothing
 * is published; the documents were not recorded either, so the next poll
 * scans them again.
 */
void
pipeline_flush(struct pipeline *p)
{
	size_t	 i;

	if (!p->batch.open || pipeline_gone(p))
		return;
	if (store_commit(p->store) == -1) {
		pipeline_storage(p, 0);
		store_rollback(p->store);
		PIPELINE_STORE_LOG(p, "could not commit %zu alert%s; their "
		    "documents will be scanned again", p->batch.n,
		    p->batch.n == 1 ? "" : "s");
		pipeline_batch_lost(p);
		return;
	}
	pipeline_storage(p, 1);
	for (i = 0; i < p->batch.n; i++) {
		if (p->batch.v[i].id > p->committed_id)
			p->committed_id = p->batch.v[i].id;
	}
	if (p->ops.publish != NULL)
		p->ops.publish(p->batch.v, p->batch.n, p->ops.arg);
	p->alerts += p->batch.n;
	pipeline_batch_clear(p);
}

/* The zero timeout after the turn's events: commit and publish. */
static void
pipeline_flush_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	pipeline_flush(arg);
}

/* Keep a copy of a stored alert for publishing after the commit. */
static void
pipeline_batch_push(struct pipeline *p, const struct alert *a)
{
	if (p->batch.n == p->batch.cap) {
		p->batch.cap = p->batch.cap == 0 ? 64 : p->batch.cap * 2;
		p->batch.v = xreallocarray(p->batch.v, p->batch.cap,
		    sizeof *p->batch.v);
	}
	alert_copy(&p->batch.v[p->batch.n++], a);
}

/* Open the transaction of this loop turn unless it is open: 0 or -1. */
static int
pipeline_batch_open(struct pipeline *p)
{
	static const struct timeval	 now = { 0, 0 };

	if (p->batch.open)
		return (0);
	if (pipeline_gone(p))
		return (-1);
	if (store_begin(p->store) == -1) {
		pipeline_storage(p, 0);
		return (-1);
	}
	p->batch.open = 1;
	evtimer_add(p->flush_ev, &now);
	return (0);
}

/* A write of the batch failed: roll it back whole. */
static void
pipeline_batch_fail(struct pipeline *p)
{
	pipeline_storage(p, 0);
	store_rollback(p->store);
	PIPELINE_STORE_LOG(p, "batch of %zu alert%s rolled back", p->batch.n,
	    p->batch.n == 1 ? "" : "s");
	pipeline_batch_lost(p);
	evtimer_del(p->flush_ev);
}

/*
 * Mark an alert that falls under a suppression in force (suppress.c): it
 * is written all the same, in state suppressed, and subscribers get it
 * only if they asked for suppressed alerts.
 */
static void
pipeline_suppress(struct pipeline *p, struct alert *a)
{
	int64_t	 by;

	if (suppress_count(p->suppress) == 0)
		return;
	if ((by = suppress_match(p->suppress, a, p->wl, time(NULL))) > 0) {
		a->suppressed_by = by;
		a->state = STATE_SUPPRESSED;
	}
}

/*
 * Add alerts to the open batch, but not those whose party was already
 * alerted for the same article, by URL or by text.  Returns the number
 * added, or -1 (the caller fails the batch).
 */
static int
pipeline_batch_alerts(struct pipeline *p, struct alert *alerts, size_t n)
{
	size_t	 i;
	int	 known, added = 0;

	for (i = 0; i < n; i++) {
		if ((known = store_alert_known(p->store, &alerts[i])) == -1)
			return (-1);
		if (known)
			continue;
		pipeline_suppress(p, &alerts[i]);
		if (store_alert_add(p->store, &alerts[i]) == -1)
			return (-1);
		if (p->ops.enqueue != NULL &&
		    p->ops.enqueue(&alerts[i], p->ops.arg) == -1)
			return (-1);
		pipeline_batch_push(p, &alerts[i]);
		added++;
	}
	return (added);
}

/*
 * Add a document, its text (for rescans, if texts are kept) and its alerts
 * to the transaction of this loop turn (committed and published by
 * pipeline_flush once the turn's events are done).  Returns the number of
 * alerts added, or -1 if the batch failed (it is rolled back whole).
 */
int
pipeline_commit(struct pipeline *p, const struct document *doc,
    struct alert *alerts, size_t n)
{
	int	 added;

	if (pipeline_batch_open(p) == -1)
		return (-1);
	if (store_document_add(p->store, doc) == -1 ||
	    (p->conf->text_retention_ms > 0 &&
	    store_text_add(p->store, doc) == -1) ||
	    (added = pipeline_batch_alerts(p, alerts, n)) == -1) {
		pipeline_batch_fail(p);
		return (-1);
	}
	if (p->ops.seen != NULL)
		p->ops.seen(doc, p->ops.arg);
	return (added);
}

/*
 * Forget documents and kept texts older than their retention (a text goes
 * with its document too); alerts are kept.  Not while a batch is open.
 */
void
pipeline_prune(struct pipeline *p)
{
	uint64_t	 age = p->conf->text_retention_ms / 1000;
	int64_t		 n;

	if (p->batch.open)
		return;
	if ((n = store_texts_prune(p->store, age)) > 0)
		log_info("forgot %lld kept texts older than %llu s",
		    (long long)n, (unsigned long long)age);
	if (p->conf->document_retention_ms == 0)
		return;
	n = store_documents_prune(p->store,
	    p->conf->document_retention_ms / 1000);
	if (n > 0)
		log_info("forgot %lld document%s not seen for %llu s",
		    (long long)n, n == 1 ? "" : "s", (unsigned long long)
		    (p->conf->document_retention_ms / 1000));
}

/* The hourly retention timer. */
static void
pipeline_prune_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	pipeline_prune(arg);
}

/*
 * Match a document against the running watchlist with the configured
 * options: its alerts in *out (alert_build), the number returned.  Fresh
 * documents and rescans go through here alike.
 */
static size_t
pipeline_match(struct pipeline *p, const struct document *doc,
    struct alert **out)
{
	struct alert_opts	 opts;

	opts.min_score = p->conf->min_score;
	opts.snippet_chars = p->conf->snippet_chars;
	opts.rules = p->rules;
	return (alert_build(doc, p->wl, p->matcher, &opts, out));
}

/*
 * Scan a kept text again (a rescan): its new alerts join the batch, which
 * then holds a rescan's alerts.  The number of new alerts, or -1 (the
 * rescan is lost: pipeline_ops.lost was called).
 */
int
pipeline_rescan(struct pipeline *p, const struct document *doc)
{
	struct alert		*alerts;
	size_t			 n;
	int			 rc = 0;

	n = pipeline_match(p, doc, &alerts);
	if (n > 0 && pipeline_batch_open(p) == -1) {
		if (p->ops.lost != NULL)
			p->ops.lost(p->ops.arg);
		rc = -1;
	} else if (n > 0) {
		p->batch.rescan = 1;
		if ((rc = pipeline_batch_alerts(p, alerts, n)) == -1)
			pipeline_batch_fail(p);	/* stops the rescan */
	}
	alert_free_array(alerts, n);
	return (rc);
}

/*
 * The open batch, if any, holds a rescan's state (its end is recorded in
 * it): rolling it back loses the rescan (pipeline_ops.lost).
 */
void
pipeline_rescan_mark(struct pipeline *p)
{
	if (p->batch.open)
		p->batch.rescan = 1;
}

/* State for one replay call: where the emitted lines go. */
struct pipeline_replay {
	proto_emit_cb	 emit;
	void		*arg;
};

/* Render one stored alert for the hub. */
static void
pipeline_replay_one(const struct alert *a, void *arg)
{
	struct pipeline_replay	*r = arg;
	char			*line;

	line = alert_json(a, 1);
	r->emit(a, line, strlen(line), r->arg);
	free(line);
}

/*
 * The hub's replay (behind proto_ops.replay): committed alerts after an
 * id, at most max, each emitted with its JSON line.
 */
ssize_t
pipeline_replay(struct pipeline *p, int64_t after, size_t max,
    proto_emit_cb emit, void *emit_arg)
{
	struct pipeline_replay	 r = { emit, emit_arg };

	return (store_replay(p->store, after, p->committed_id, max,
	    pipeline_replay_one, &r));
}

/*
 * Scan one document unless this text of this URL was scanned before: match,
 * alert, and add it to the loop turn's transaction.  Returns 1 if it was
 * scanned, 0 if it was not new, -1 if storing failed.
 */
int
pipeline_scan(struct pipeline *p, const char *sid, const struct document *doc)
{
	struct alert		*alerts;
	size_t			 n;
	int			 rc;

	if (store_document_seen(p->store, doc) == 1) {
		log_debug("source %s: unchanged: %s", sid, doc->url);
		return (0);
	}
	n = pipeline_match(p, doc, &alerts);
	p->documents++;
	if ((rc = pipeline_commit(p, doc, alerts, n)) == -1)
		PIPELINE_STORE_LOG(p, "source %s: could not store %zu alert%s "
		    "for %s; will retry on the next poll", sid, n,
		    n == 1 ? "" : "s", doc->url);
	else if (rc > 0)
		log_info("source %s: %d alert%s for %s", sid, rc,
		    rc == 1 ? "" : "s", doc->url);
	alert_free_array(alerts, n);
	return (rc == -1 ? -1 : 1);
}

/* A new feed item's link, fetched for its article (fetch_links). */
struct pipeline_link {
	struct pipeline	*p;
	char		*source_id;	/* copied: a reload may drop the source */
	char		*charset;
	char		*title;		/* the item's, if the page has none */
	char		 published[DATE_ISO_LEN]; /* the item's, or "" */
};

/* Free a link fetch's context. */
static void
pipeline_link_free(struct pipeline_link *l)
{
	free(l->source_id);
	free(l->charset);
	free(l->title);
	free(l);
}

/* A fetch was handled: tell the daemon (--once may have been waiting). */
static void
pipeline_done(struct pipeline *p)
{
	if (p->ops.done != NULL)
		p->ops.done(p->ops.arg);
}

/* A link fetch is done: free it; --once may have been waiting for it. */
static void
pipeline_link_done(struct pipeline_link *l)
{
	pipeline_done(l->p);
	pipeline_link_free(l);
}

/* The document of a fetched body, in UTF-8 (charset: the source's). */
static struct document *
pipeline_extract(const char *sid, const char *url, enum source_format format,
    const char *charset, const struct fetch_result *res)
{
	struct document	*doc;
	char		*utf8;
	size_t		 len;

	utf8 = charset_utf8(res->body, res->len, res->content_type, charset,
	    &len);
	doc = extract_document(sid, url, format, res->content_type,
	    utf8 != NULL ? utf8 : res->body, utf8 != NULL ? len : res->len);
	free(utf8);
	if (doc->cut == HTML_CUT_WORK)
		log_warnx("source %s: %s has markup too deeply nested or "
		    "broken to read whole: only its text before that point is "
		    "scanned", sid, url);
	else if (doc->cut == HTML_CUT_ELEMENTS)
		log_warnx("source %s: %s has more than %d elements: only its "
		    "text before that point is scanned", sid, url,
		    HTML_MAX_ELEMENTS);
	return (doc);
}

/* The end of a window of link warnings: how many were not logged. */
static void
pipeline_warn_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct pipeline	*p = arg;

	(void)fd;
	(void)ev;
	if (p->linkwarn.held > 0)
		log_warnx("item links: %u more warnings (failed or dropped "
		    "links) in the last %d s, not shown one by one",
		    p->linkwarn.held, PIPELINE_WARN_WINDOW);
	p->linkwarn.held = 0;
	p->linkwarn.logged = 0;
	p->linkwarn.start = time(NULL);
}

/*
 * Log a warning about an item link, at most PIPELINE_WARN_BURST in a
 * window of PIPELINE_WARN_WINDOW seconds; the rest are counted and the
 * count logged at the window's end (issue 17, item 14: a flood of links
 * logged one line each, thousands a second).
 */
static void PRINTFLIKE(2, 3)
pipeline_link_warn(struct pipeline *p, const char *fmt, ...)
{
	struct timeval	 tv = { 0, 0 };
	time_t		 now = time(NULL);
	va_list		 ap;
	char		*msg;

	if (now - p->linkwarn.start >= PIPELINE_WARN_WINDOW)
		pipeline_warn_cb(-1, 0, p);
	if (p->linkwarn.logged == PIPELINE_WARN_BURST) {
		if (p->linkwarn.held++ == 0) {
			tv.tv_sec = p->linkwarn.start + PIPELINE_WARN_WINDOW -
			    now;
			evtimer_add(p->linkwarn.ev, &tv);
		}
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	if (msg == NULL)
		return;
	log_warnx("%s%s", msg, ++p->linkwarn.logged < PIPELINE_WARN_BURST ?
	    "" : " (more item-link warnings are counted for a while)");
	free(msg);
}

/* fetch callback: an item's article arrived; scan it like a page. */
static void
pipeline_link_result(const struct fetch_result *res, void *arg)
{
	struct pipeline_link	*l = arg;
	struct document		*doc;
	const char		*class;

	if (res->status == FETCH_ERR_CANCELLED) {
		pipeline_link_free(l);
		return;
	}
	if ((class = fetch_error_class(res)) != NULL) {
		pipeline_link_warn(l->p, "source %s: item link %s: %s, http "
		    "%ld: %s%s", l->source_id, res->effective_url, class,
		    res->http_code, res->error, strcmp(class, "refused") == 0 ?
		    " (set allow_private on the source to fetch links to "
		    "private addresses)" : "");
		pipeline_link_done(l);
		return;
	}
	doc = pipeline_extract(l->source_id, res->effective_url, FORMAT_AUTO,
	    l->charset, res);
	if (doc->title == NULL && l->title != NULL)
		doc->title = xstrdup(l->title);
	if (l->published[0] != '\0')	/* the feed's date wins */
		memcpy(doc->published, l->published, sizeof doc->published);
	pipeline_scan(l->p, l->source_id, doc);
	document_free(doc);
	pipeline_link_done(l);
}

/*
 * Fetch a new item's link for the article (fetch_links) through the
 * poller's per-host limits: only http(s), and no private addresses unless
 * the source allows them.  -1 if the link was dropped for now (too many
 * waiting): the caller leaves the item new, to be tried at the next poll.
 */
static int
pipeline_link(struct pipeline *p, const struct source_cfg *src,
    const struct feed_item *it, const char *published)
{
	struct pipeline_link	*l;

	if (!src->fetch_links || it->link == NULL)
		return (0);
	if (!fetch_public_url(it->link)) {
		pipeline_link_warn(p, "source %s: item link refused (not "
		    "http/https): %.200s", src->id, it->link);
		return (0);
	}
	l = xcalloc(1, sizeof *l);
	l->p = p;
	l->source_id = xstrdup(src->id);
	l->charset = src->charset != NULL ? xstrdup(src->charset) : NULL;
	l->title = it->title != NULL ? xstrdup(it->title) : NULL;
	memcpy(l->published, published, sizeof l->published);
	if (poller_link(p->poller, src, it->link, pipeline_link_result,
	    l) == -1) {
		pipeline_link_warn(p, "source %s: item link not fetched yet "
		    "(too many waiting; tried again at the next poll): %.200s",
		    src->id, it->link);
		pipeline_link_free(l);
		return (-1);
	}
	return (0);
}

/*
 * Scan a feed's items: an item seen before with the same text is skipped,
 * a new or edited one is scanned and recorded; items gone from the feed are
 * forgotten after polling.item_retention.  Returns the number scanned, or -1
 * if storing failed.
 */
static int
pipeline_feed(struct pipeline *p, const struct source_cfg *src,
    const struct fetch_result *res, const struct feed *feed)
{
	struct document		*doc;
	struct store_item	 it;
	size_t			 i;
	int			 rc, scanned = 0, seen, dropped = 0;

	for (i = 0; i < feed->n; i++) {
		doc = feed_document(src->id, res->effective_url != NULL ?
		    res->effective_url : src->url, &feed->items[i]);
		it.source_id = src->id;
		it.item_id = feed->items[i].id;
		it.sha256 = doc->sha256;
		it.url = doc->url;
		if ((seen = store_item_seen(p->store, &it)) == 1) {
			document_free(doc);
			continue;
		}
		rc = seen == -1 ? -1 : pipeline_scan(p, src->id, doc);
		/* An item whose link was dropped stays new for the next poll. */
		if (rc != -1 && pipeline_link(p, src, &feed->items[i],
		    doc->published) == -1)
			dropped++;
		else if (rc != -1 && store_item_add(p->store, &it) == -1)
			rc = -1;
		else if (rc != -1 && p->ops.item != NULL)
			p->ops.item(&it, p->ops.arg);
		document_free(doc);
		if (rc == -1)
			return (-1);
		scanned += rc;
	}
	if (dropped > 0)
		poller_retry(p->poller, src->id);	/* a full poll next */
	if (store_items_prune(p->store, src->id,
	    p->conf->polling.item_retention_ms) == -1)
		log_warnx("source %s: could not prune its items", src->id);
	log_debug("source %s: feed of %zu item%s, %d scanned", src->id,
	    feed->n, feed->n == 1 ? "" : "s", scanned);
	return (scanned);
}

/*
 * Why a body is not what the source's format says (issue 17, paper cuts:
 * this was polled "ok" and the wrong thing scanned, or failed as "could
 * not be read"): the class and a message that says what to change.
 */
static void
pipeline_misread(const struct source_cfg *src, const struct fetch_result *res,
    const char **class, char **why)
{
	enum source_format	 got = feed_sniff(res->body, res->len);
	const char		*want = config_format_name(src->format);

	*class = "parse";
	if (src->format == FORMAT_JSON && got == FORMAT_JSON) {
		*class = "config";
		*why = src->json.items != NULL ? xasprintf("json.items '%s' "
		    "is not an array in the response: check the path",
		    src->json.items) : xstrdup("the response is JSON but no "
		    "list of items: set json.items to the path of the list");
	} else if (got == FORMAT_JSON)
		*why = xasprintf("not %s but JSON: set format: json", want);
	else if (got == FORMAT_RSS || got == FORMAT_ATOM)
		*why = xasprintf("not %s but %s: set format: %s or auto",
		    want, config_format_name(got), config_format_name(got));
	else if (res->content_type != NULL &&
	    strcasestr(res->content_type, "html") != NULL)
		*why = xasprintf("not %s but an HTML page: set format: html "
		    "or auto, or use the site's feed URL", want);
	else
		*why = xasprintf("not a %s document it can read", want);
}

/*
 * Run a fetched body through extraction, matching and alerting: a feed
 * (configured, or sniffed by format auto) gives one document per item,
 * anything else is one document.  Returns the number of documents scanned,
 * or -1 and *class ("parse": a configured feed format that does not parse;
 * "config": a JSON API whose json.items is not in the response; "store")
 * on failure, with *why when there is more to say.
 */
static int
pipeline_document(struct pipeline *p, const struct source_cfg *src,
    const struct fetch_result *res, const char **class, char **why)
{
	struct document		*doc;
	struct feed		*feed;
	int			 rc;

	feed = feed_parse(res->body, res->len, src->format, &src->json);
	if (feed == NULL && (src->format == FORMAT_RSS ||
	    src->format == FORMAT_ATOM || src->format == FORMAT_JSON)) {
		pipeline_misread(src, res, class, why);
		log_warnx("source %s: %s", src->id, *why);
		poller_retry(p->poller, src->id);	/* report it again */
		return (-1);
	}
	if (feed != NULL && feed->left > 0)
		log_warnx("source %s: the feed has %zu items; the first %d "
		    "are scanned and %zu are left out (at most %d a body)",
		    src->id, feed->n + feed->left, FEED_MAX_ITEMS, feed->left,
		    FEED_MAX_ITEMS);
	if (feed != NULL) {
		poller_ttl(p->poller, src->id, feed->ttl_ms);
		rc = pipeline_feed(p, src, res, feed);
	} else {
		doc = pipeline_extract(src->id, res->effective_url != NULL ?
		    res->effective_url : src->url, src->format, src->charset,
		    res);
		rc = pipeline_scan(p, src->id, doc);
		document_free(doc);
	}
	feed_free(feed);
	if (rc == -1) {
		*class = "store";
		poller_retry(p->poller, src->id);
	}
	return (rc);
}

/*
 * A poll completed (the poller's callback, arg the pipeline): judge it,
 * scan what it brought, record it.
 */
void
pipeline_result(const struct source_cfg *src, const struct fetch_result *res,
    void *arg)
{
	struct pipeline	*p = arg;
	const char	*class;
	char		*error = NULL, *why = NULL;
	int		 scanned = 0;

	if (res->status == FETCH_ERR_CANCELLED)
		return;
	if ((class = fetch_error_class(res)) != NULL) {
		if (res->status != FETCH_OK)
			error = xasprintf("%s: %s", class, res->error);
		else
			error = xasprintf("%s: HTTP %ld", class, res->http_code);
		if (!res->disabled)
			log_warnx("source %s: fetching %s: %s%s", src->id,
			    src->url, error, res->network_down ?
			    "; the network looks down, not counted" : "");
		p->polls_failed++;
	} else {
		p->polls_ok++;
		if (res->permanent_url != NULL)
			log_notice("source %s: %s moved permanently to %s; "
			    "update the configuration", src->id, src->url,
			    res->permanent_url);
		if (res->unchanged)
			log_debug("source %s: not modified", src->id);
		else if ((scanned = pipeline_document(p, src, res, &class,
		    &why)) < 0) {
			error = xasprintf("%s: %s", class, why != NULL ? why :
			    "the document could not be read or stored");
			free(why);
		}
	}
	pipeline_source_state(p, src, res, error, class, scanned > 0);
	free(error);
	pipeline_done(p);
}
