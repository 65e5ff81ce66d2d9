/*
 * pipeline.c with a real SQLite store in a private temporary directory, a
 * real (idle) poller and a publish callback that looks at the database
 * through a second connection, which sees only what was committed: alerts
 * are published only after their commit, unchanged documents are not
 * scanned twice, and a failed write or commit publishes nothing and leaves
 * the documents to be scanned again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <sqlite3.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

static const char	 tp_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - {id: w1, name: \"DOE, John\", type: person}\n"
    "  - {id: w2, name: OOO Warm Up, type: organization,"
    " aliases: [Warm Up LLC]}\n";

/* One test's loop, store, pipeline and what the callbacks saw. */
struct tp {
	char			 dir[64];
	char			 path[128];
	int			 level;		/* log level to restore */
	struct event_base	*base;
	struct store		*store;
	sqlite3			*reader;	/* sees committed rows only */
	struct config		 conf;
	struct watchlist	*wl;
	struct matcher		*matcher;
	struct fetch		*fetch;
	struct poller		*poller;
	struct pipeline		*p;
	int			 publishes;	/* calls with alerts */
	int64_t			 published;	/* alerts */
	int64_t			 committed;	/* ... the reader saw then */
	int64_t			 last_id;	/* of the last alert published */
	int			 lost;
	int			 done;
};

/* The one integer a query of the reader yields, or -1. */
static int64_t
tp_int(struct tp *t, const char *sql)
{
	sqlite3_stmt	*s;
	int64_t		 n = -1;

	if (sqlite3_prepare_v2(t->reader, sql, -1, &s, NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (n);
}

/* Run SQL through the reader's connection. */
static void
tp_exec(struct tp *t, const char *sql)
{
	CHECK_INT(sqlite3_exec(t->reader, sql, NULL, NULL, NULL), SQLITE_OK);
}

/*
 * Make every commit that wrote an alert fail: a deferred foreign key the
 * commit finds broken (DROP TRIGGER t_fail mends it).
 */
static void
tp_break_commit(struct tp *t)
{
	tp_exec(t, "CREATE TABLE t_parent (id INTEGER PRIMARY KEY);"
	    "CREATE TABLE t_child (pid INTEGER REFERENCES t_parent (id)"
	    " DEFERRABLE INITIALLY DEFERRED);"
	    "CREATE TRIGGER t_fail AFTER INSERT ON alerts"
	    " BEGIN INSERT INTO t_child VALUES (42); END;");
}

/* pipeline_ops.publish: what the database had committed at the time. */
static void
tp_publish(const struct alert *alerts, size_t n, void *arg)
{
	struct tp	*t = arg;

	if (n == 0)
		return;
	t->publishes++;
	t->published += (int64_t)n;
	t->last_id = alerts[n - 1].id;
	t->committed = tp_int(t, "SELECT count(*) FROM alerts");
}

/* pipeline_ops.lost: a rescan's batch was rolled back. */
static void
tp_lost(void *arg)
{
	((struct tp *)arg)->lost++;
}

/* pipeline_ops.done: a poll was handled. */
static void
tp_done(void *arg)
{
	((struct tp *)arg)->done++;
}

/* A fresh database, watchlist, idle poller and pipeline. */
static void
tp_init(struct tp *t)
{
	struct pipeline_ops	 ops = { .publish = tp_publish, .lost = tp_lost,
	    .done = tp_done, .arg = t };
	struct diag		 diag;
	char			*cause = NULL;

	memset(t, 0, sizeof *t);
	memset(&diag, 0, sizeof diag);
	t->level = log_getlevel();
	log_setlevel(LOG_LVL_ERROR);
	snprintf(t->dir, sizeof t->dir, "/tmp/sanctwatch-pipeline.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		fatal("mkdtemp");
	snprintf(t->path, sizeof t->path, "%s/alerts.db", t->dir);
	t->base = event_base_new();
	if ((t->store = store_open(t->path, &cause)) == NULL)
		fatalx("%s", cause);
	if (sqlite3_open(t->path, &t->reader) != SQLITE_OK)
		fatalx("sqlite3_open %s", t->path);
	t->wl = watchlist_load_mem("test", tp_yaml, sizeof tp_yaml - 1, &diag);
	CHECK(t->wl != NULL);
	diag_free(&diag);
	t->matcher = matcher_new(t->wl);
	t->conf.min_score = 0.5;
	t->conf.snippet_chars = 40;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	t->fetch = fetch_new(t->base, &t->conf.http);
	t->p = pipeline_new(t->base, t->store, &ops);
	pipeline_set(t->p, &t->conf, t->wl, t->matcher, NULL);
	t->poller = poller_new(t->base, t->fetch, &t->conf, pipeline_result,
	    t->p);
	t->p->poller = t->poller;
}

/* Tear down in the daemon's order and remove the files. */
static void
tp_free(struct tp *t)
{
	const char	*suffix[] = { "", "-wal", "-shm", ".lock" };
	char		 p[160];
	size_t		 i;

	poller_free(t->poller);
	fetch_free(t->fetch);
	t->p->poller = NULL;
	pipeline_free(t->p);
	sqlite3_close(t->reader);
	store_close(t->store);
	event_base_free(t->base);
	curl_global_cleanup();
	matcher_free(t->matcher);
	watchlist_free(t->wl);
	for (i = 0; i < nitems(suffix); i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
	log_setlevel(t->level);
}

/* Run the loop's pending events: the zero timeout commits the batch. */
static void
tp_turn(struct tp *t)
{
	event_base_loop(t->base, EVLOOP_NONBLOCK);
}

/* A plain-text document of a source. */
static struct document *
tp_doc(const char *url, const char *text)
{
	return (extract_document("src", url, FORMAT_TEXT, NULL, text,
	    strlen(text)));
}

/* Scan a document through the pipeline: pipeline_scan's result. */
static int
tp_scan(struct tp *t, const char *url, const char *text)
{
	struct document	*doc = tp_doc(url, text);
	int		 rc;

	rc = pipeline_scan(t->p, "src", doc);
	document_free(doc);
	return (rc);
}

/* Whether the store has this text of this URL as scanned (1, 0). */
static int
tp_seen(struct tp *t, const char *url, const char *text)
{
	struct document	*doc = tp_doc(url, text);
	int		 rc;

	rc = store_document_seen(t->store, doc);
	document_free(doc);
	return (rc);
}

/* Replay's emit callback: count the lines. */
static void
tp_emit(const struct alert *a, const char *line, size_t len, void *arg)
{
	(void)a;
	(void)line;
	(void)len;
	(*(int *)arg)++;
}

/* Alerts are written in the turn's transaction, published after commit. */
static void
test_commit_then_publish(void)
{
	struct tp	 t;
	int		 lines = 0;

	tp_init(&t);
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe of Warm Up LLC."), 1);
	CHECK_INT(t.publishes, 0);			/* not committed yet */
	CHECK_INT(tp_int(&t, "SELECT count(*) FROM alerts"), 0);
	CHECK_INT(pipeline_replay(t.p, 0, 100, tp_emit, &lines), 0);
	tp_turn(&t);
	CHECK_INT(t.publishes, 1);
	CHECK_INT(t.published, 2);
	CHECK_INT(t.committed, 2);	/* in the database when published */
	CHECK_INT(t.p->alerts, 2);
	CHECK_INT(t.p->documents, 1);
	CHECK_INT(t.p->committed_id, t.last_id);
	CHECK_INT(tp_int(&t, "SELECT max(id) FROM alerts"), t.last_id);
	CHECK_INT(pipeline_replay(t.p, 0, 100, tp_emit, &lines), 2);
	CHECK_INT(lines, 2);
	tp_free(&t);
}

/* The same text of a URL is not scanned again; nor alerted under another. */
static void
test_unchanged(void)
{
	struct tp	 t;

	tp_init(&t);
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe resigned."), 1);
	tp_turn(&t);
	CHECK_INT(t.published, 1);
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe resigned."), 0);
	tp_turn(&t);
	CHECK_INT(t.p->documents, 1);
	CHECK_INT(tp_scan(&t, "http://y/copy", "John Doe resigned."), 1);
	tp_turn(&t);
	CHECK_INT(t.p->documents, 2);
	CHECK_INT(t.publishes, 1);	/* the same article: no second alert */
	CHECK_INT(tp_int(&t, "SELECT count(*) FROM alerts"), 1);
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe and Warm Up LLC."), 1);
	tp_turn(&t);
	CHECK_INT(t.publishes, 2);	/* an edit names another party */
	CHECK_INT(t.published, 2);
	tp_free(&t);
}

/* A failed commit publishes nothing; the documents are scanned again. */
static void
test_commit_fails(void)
{
	struct tp	 t;

	tp_init(&t);
	tp_break_commit(&t);
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe of Warm Up LLC."), 1);
	tp_turn(&t);
	CHECK_INT(t.publishes, 0);
	CHECK_INT(t.p->alerts, 0);
	CHECK_INT(t.p->committed_id, 0);
	CHECK_INT(tp_int(&t, "SELECT count(*) FROM alerts"), 0);
	CHECK_INT(tp_seen(&t, "http://x/a", "John Doe of Warm Up LLC."), 0);
	tp_exec(&t, "DROP TRIGGER t_fail");
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe of Warm Up LLC."), 1);
	tp_turn(&t);
	CHECK_INT(t.publishes, 1);
	CHECK_INT(t.committed, 2);
	tp_free(&t);
}

/* A failed write rolls the turn's batch back whole: nothing of it is out. */
static void
test_write_fails(void)
{
	struct tp	 t;

	tp_init(&t);
	tp_exec(&t, "CREATE TRIGGER t_fail BEFORE INSERT ON alerts"
	    " WHEN NEW.entity_id = 'w2' BEGIN SELECT RAISE(ABORT, 'no'); END;");
	CHECK_INT(tp_scan(&t, "http://x/a", "John Doe resigned."), 1);
	CHECK_INT(tp_scan(&t, "http://x/b", "Warm Up LLC was listed."), -1);
	tp_turn(&t);
	CHECK_INT(t.publishes, 0);
	CHECK_INT(t.p->alerts, 0);
	CHECK_INT(tp_int(&t, "SELECT count(*) FROM alerts"), 0);
	CHECK_INT(tp_seen(&t, "http://x/a", "John Doe resigned."), 0);
	CHECK_INT(tp_int(&t, "SELECT count(*) FROM documents"), 0);
	tp_free(&t);
}

/* A rescan's batch that cannot be committed loses the rescan. */
static void
test_rescan_lost(void)
{
	struct tp	 t;
	struct document	*doc;

	tp_init(&t);
	tp_break_commit(&t);
	doc = tp_doc("http://x/kept", "John Doe resigned.");
	CHECK_INT(pipeline_rescan(t.p, doc), 1);
	document_free(doc);
	CHECK_INT(t.lost, 0);
	tp_turn(&t);
	CHECK_INT(t.lost, 1);
	CHECK_INT(t.publishes, 0);
	tp_free(&t);
}

/* A poll's result: scanned, counted and recorded; cancelled ones are not. */
static void
test_result(void)
{
	struct tp		 t;
	struct source_cfg	 src;
	struct fetch_result	 res;
	static char		 body[] = "John Doe resigned.";

	tp_init(&t);
	memset(&src, 0, sizeof src);
	src.id = (char *)(uintptr_t)"src";
	src.url = (char *)(uintptr_t)"http://x/page";
	src.format = FORMAT_TEXT;
	memset(&res, 0, sizeof res);
	res.status = FETCH_OK;
	res.http_code = 200;
	res.body = body;
	res.len = strlen(body);
	res.effective_url = src.url;
	res.error = (char *)(uintptr_t)"";
	res.retry_after_s = res.max_age_s = res.expires_s = -1;
	pipeline_result(&src, &res, t.p);
	tp_turn(&t);
	CHECK_INT(t.done, 1);
	CHECK_INT(t.p->polls_ok, 1);
	CHECK_INT(t.p->documents, 1);
	CHECK_INT(t.published, 1);
	CHECK_INT(store_source_ok(t.store, "src"), 1);
	res.http_code = 500;
	pipeline_result(&src, &res, t.p);
	CHECK_INT(t.done, 2);
	CHECK_INT(t.p->polls_failed, 1);
	CHECK_INT(t.p->documents, 1);
	CHECK_INT(store_source_ok(t.store, "src"), 0);
	CHECK_INT(store_source_ok(t.store, "never"), -1);
	res.status = FETCH_ERR_CANCELLED;
	pipeline_result(&src, &res, t.p);
	CHECK_INT(t.done, 2);
	CHECK_INT(t.p->polls_ok + t.p->polls_failed, 2);
	tp_free(&t);
}

UNIT_SUITE(pipeline,
	{ "commit-then-publish", test_commit_then_publish },
	{ "unchanged-not-again", test_unchanged },
	{ "commit-fails-publishes-nothing", test_commit_fails },
	{ "write-fails-rolls-back-whole", test_write_fails },
	{ "rescan-lost", test_rescan_lost },
	{ "poll-result", test_result },
)
