/*
 * store.c against real database files in a private temporary directory:
 * migrations and the version check, every column of an alert read back with
 * plain SQL, document dedupe, per-source counters and the views.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

struct tdb {
	char	 dir[64];
	char	 path[128];
	int	 level;		/* log level to restore */
};

/* Make a private directory and the path of a database in it. */
static void
tdb_init(struct tdb *t)
{
	t->level = log_getlevel();
	log_setlevel(LOG_LVL_WARNING);
	snprintf(t->dir, sizeof t->dir, "/tmp/sanctwatch-store.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		fatal("mkdtemp");
	snprintf(t->path, sizeof t->path, "%s/alerts.db", t->dir);
}

/* Remove the database, its WAL files and the directory. */
static void
tdb_done(struct tdb *t)
{
	const char	*suffix[] = { "", "-wal", "-shm", "-journal", ".lock" };
	char		 p[160];
	size_t		 i;

	for (i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
	log_setlevel(t->level);
}

/* Open a database as a plain sqlite3 client would. */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3	*db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatalx("sqlite3_open %s: %s", path, sqlite3_errmsg(db));
	return (db);
}

/* The first column of the first row as a string ("NULL" for NULL). */
static char *
q_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*s;
	char		*out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return (xasprintf("error: %s", sqlite3_errmsg(db)));
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) == SQLITE_NULL)
			out = xstrdup("NULL");
		else
			out = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return (out != NULL ? out : xstrdup("no row"));
}

/* The first column of the first row as an integer, -999 if none. */
static long long
q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*s;
	long long	 v = -999;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return (-998);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (v);
}

/* Check one query's text result. */
#define CHECK_Q(db, sql, want) do {					\
	char	*q_ = q_text((db), (sql));				\
	CHECK_STR(q_, (want));						\
	free(q_);							\
} while (0)

/* Fill an alert with every field set. */
static void
alert_fill(struct alert *a, const char *party, const char *source,
    double score)
{
	memset(a, 0, sizeof *a);
	a->kind = PARTY_ENTITY;
	a->severity = SEVERITY_HIGH;
	a->party_id = xstrdup(party);
	a->party_name = xstrdup("LLC RM DESIGN AND DEVELOPMENT");
	a->party_type = xstrdup("organization");
	strv_push(&a->programs, "RUSSIA-EO14024");
	strv_push(&a->programs, "a \"quoted\" program");
	a->list_source = xstrdup("us-ofac-sdn");
	a->match_text = xstrdup("RM Design and Development");
	a->match_name = xstrdup("RM DESIGN AND DEVELOPMENT");
	a->method = MATCH_EXACT;
	a->score = score;
	a->start = 1234;
	a->end = 1259;
	a->count = 2;
	a->source_id = xstrdup(source);
	a->url = xstrdup("https://news.example.org/a/1");
	a->title = xstrdup("Sanctions \xc3\xa9l\xc3\xa9ments");
	memset(a->sha256, 'a', 64);
	strv_push(&a->countries, "KG");
	strv_push(&a->countries, "RU");
	a->snippet = xstrdup("... four Kyrgyzstani companies: RM Design ...");
}

/* Add one alert with the given party, source and score. */
static int64_t
add_alert(struct store *st, const char *party, const char *source,
    double score)
{
	struct alert	 a;
	int64_t		 id = -1;

	alert_fill(&a, party, source, score);
	if (store_alert_add(st, &a) == 0)
		id = a.id;
	alert_clear(&a);
	return (id);
}

/* The migrations compiled in are numbered 1..N, each with some SQL. */
static void
test_embedded(void)
{
	size_t	 i;

	CHECK(schema_nmigrations >= 1);
	CHECK_INT(store_schema_version(), schema_nmigrations);
	for (i = 0; i < schema_nmigrations; i++) {
		CHECK_INT(schema_migrations[i].version, i + 1);
		CHECK(sqlite3_complete(schema_migrations[i].sql));
	}
	CHECK_STR(schema_migrations[0].name, "001-init.sql");
}

/* A fresh file is migrated to the code's version, in WAL mode. */
static void
test_fresh(void)
{
	struct tdb	 t;
	struct store	*st;
	sqlite3		*db;
	char		*cause = NULL;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	CHECK(st != NULL);
	CHECK_STR(cause, NULL);
	CHECK_INT(store_alert_count(st), 0);
	store_close(st);

	db = raw_open(t.path);
	CHECK_INT(q_int(db, "PRAGMA user_version"), store_schema_version());
	CHECK_Q(db, "PRAGMA journal_mode", "wal");
	CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = "
	    "'table' AND name IN ('alerts', 'documents', 'sources')"), 3);
	CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = "
	    "'view' AND name IN ('latest_alerts', 'alerts_per_entity', "
	    "'alerts_per_source', 'alerts_per_day', 'sources_in_error')"), 5);
	CHECK_INT(q_int(db, "SELECT strict FROM pragma_table_list "
	    "WHERE name = 'alerts'"), 1);
	sqlite3_close(db);
	tdb_done(&t);
}

/* Opening again changes nothing and keeps the data. */
static void
test_reopen(void)
{
	struct tdb	 t;
	struct store	*st;
	sqlite3		*db;
	char		*cause = NULL;
	int		 i;

	tdb_init(&t);
	for (i = 0; i < 3; i++) {
		st = store_open(t.path, &cause);
		if (!CHECK(st != NULL)) {
			free(cause);
			break;
		}
		CHECK_INT(store_alert_count(st), i);
		CHECK_INT(add_alert(st, "ofac-1", "feed", 0.9), i + 1);
		store_close(st);
	}
	db = raw_open(t.path);
	CHECK_INT(q_int(db, "PRAGMA user_version"), store_schema_version());
	CHECK_INT(q_int(db, "SELECT count(*) FROM alerts"), 3);
	sqlite3_close(db);
	tdb_done(&t);
}

/* A database from a newer sanctwatchd is refused and left alone. */
static void
test_newer_refused(void)
{
	struct tdb	 t;
	struct store	*st;
	sqlite3		*db;
	char		*cause = NULL, *want;

	tdb_init(&t);
	db = raw_open(t.path);
	sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 99",
	    NULL, NULL, NULL);
	sqlite3_close(db);

	st = store_open(t.path, &cause);
	CHECK(st == NULL);
	want = xasprintf("%s: database schema version 99 is newer than this "
	    "sanctwatchd (%d)", t.path, store_schema_version());
	CHECK_STR(cause, want);
	free(want);
	free(cause);
	store_close(st);

	db = raw_open(t.path);
	CHECK_INT(q_int(db, "PRAGMA user_version"), 99);
	CHECK_INT(q_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name = 'alerts'"), 0);
	sqlite3_close(db);
	tdb_done(&t);
}

/* A missing directory or a file that is not a database: a cause, no crash. */
static void
test_open_errors(void)
{
	struct tdb	 t;
	struct store	*st;
	char		*cause = NULL, path[192];
	FILE		*f;
	int		 i;

	tdb_init(&t);
	snprintf(path, sizeof path, "%s/missing/alerts.db", t.dir);
	st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(cause != NULL && strstr(cause, "unable to open") != NULL);
	CHECK(cause != NULL && strstr(cause, "No such file") != NULL);
	free(cause);
	cause = NULL;

	if ((f = fopen(t.path, "w")) == NULL)
		fatal("fopen");
	for (i = 0; i < 100; i++)
		fputs("this is not an SQLite database\n", f);
	fclose(f);
	st = store_open(t.path, &cause);
	CHECK(st == NULL);
	CHECK(cause != NULL && strstr(cause, "not a database") != NULL);
	free(cause);
	store_close(NULL);
	tdb_done(&t);
}

/* Every field of an alert lands in its column. */
static void
test_alert_columns(void)
{
	struct tdb	 t;
	struct store	*st;
	struct alert	 a;
	sqlite3		*db;
	char		*cause = NULL;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	alert_fill(&a, "ofac-44000", "example-feed", 0.97);
	CHECK_INT(store_alert_add(st, &a), 0);
	CHECK_INT(a.id, 1);
	CHECK_INT(strlen(a.time), 20);
	CHECK(a.time[4] == '-' && a.time[10] == 'T' && a.time[19] == 'Z');
	alert_clear(&a);

	memset(&a, 0, sizeof a);	/* the optional fields left NULL */
	a.kind = PARTY_COUNTRY;
	a.severity = SEVERITY_LOW;
	a.party_id = "KG";
	a.party_name = "Kyrgyzstan";
	a.match_text = "Kyrgyz";
	a.match_name = "Kyrgyz";
	a.method = MATCH_ADJECTIVE;
	a.score = 0.8;
	a.count = 1;
	a.source_id = "example-feed";
	a.url = "https://news.example.org/a/1";
	CHECK_INT(store_alert_add(st, &a), 0);
	CHECK_INT(a.id, 2);
	CHECK_INT(store_alert_count(st), 2);
	store_close(st);

	db = raw_open(t.path);
	CHECK_Q(db, "SELECT kind || '|' || severity || '|' || entity_id || '|'"
	    " || entity_name || '|' || entity_type FROM alerts WHERE id = 1",
	    "entity|high|ofac-44000|LLC RM DESIGN AND DEVELOPMENT|"
	    "organization");
	CHECK_Q(db, "SELECT programs FROM alerts WHERE id = 1",
	    "[\"RUSSIA-EO14024\",\"a \\\"quoted\\\" program\"]");
	CHECK_Q(db, "SELECT json_extract(programs, '$[1]') FROM alerts "
	    "WHERE id = 1", "a \"quoted\" program");
	CHECK_Q(db, "SELECT list_source FROM alerts WHERE id = 1",
	    "us-ofac-sdn");
	CHECK_Q(db, "SELECT matched_text || '|' || match_name || '|' || method"
	    " FROM alerts WHERE id = 1",
	    "RM Design and Development|RM DESIGN AND DEVELOPMENT|exact");
	CHECK_Q(db, "SELECT typeof(score) || ' ' || score FROM alerts "
	    "WHERE id = 1", "real 0.97");
	CHECK_Q(db, "SELECT start_offset || ' ' || end_offset || ' ' || "
	    "match_count FROM alerts WHERE id = 1", "1234 1259 2");
	CHECK_Q(db, "SELECT source_id || '|' || url || '|' || title FROM "
	    "alerts WHERE id = 1", "example-feed|https://news.example.org/a/1|"
	    "Sanctions \xc3\xa9l\xc3\xa9ments");
	CHECK_Q(db, "SELECT sha256 FROM alerts WHERE id = 1",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	CHECK_Q(db, "SELECT countries FROM alerts WHERE id = 1",
	    "[\"KG\",\"RU\"]");
	CHECK_Q(db, "SELECT snippet FROM alerts WHERE id = 1",
	    "... four Kyrgyzstani companies: RM Design ...");
	CHECK_Q(db, "SELECT kind || '|' || severity || '|' || programs || '|'"
	    " || countries FROM alerts WHERE id = 2", "country|low|[]|[]");
	CHECK_Q(db, "SELECT quote(entity_type) || quote(list_source) || "
	    "quote(title) || quote(snippet) FROM alerts WHERE id = 2",
	    "NULLNULLNULLNULL");
	CHECK_INT(q_int(db, "SELECT count(*) FROM alerts WHERE created_at "
	    "GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:"
	    "[0-6][0-9]Z' AND created_at >= strftime('%Y-%m-%dT%H:%M:%SZ', "
	    "'now', '-1 hour')"), 2);
	sqlite3_close(db);
	tdb_done(&t);
}

/* A rejected alert is an error, and the statement still works after it. */
static void
test_alert_rejected(void)
{
	struct tdb	 t;
	struct store	*st;
	struct alert	 a;
	char		*cause = NULL;
	int		 level = log_getlevel();

	tdb_init(&t);
	st = store_open(t.path, &cause);
	alert_fill(&a, "ofac-1", "feed", 0.9);
	a.severity = (enum severity)SEVERITY_COUNT;	/* no name */
	log_setlevel(LOG_LVL_ERROR);
	CHECK_INT(store_alert_add(st, &a), -1);
	CHECK_INT(a.id, 0);
	CHECK_STR(a.time, "");
	a.severity = SEVERITY_MEDIUM;
	a.score = 1.5;
	CHECK_INT(store_alert_add(st, &a), -1);
	log_setlevel(level);
	a.score = 0.5;
	CHECK_INT(store_alert_add(st, &a), 0);
	CHECK_INT(a.id, 1);
	CHECK_INT(store_alert_count(st), 1);
	alert_clear(&a);
	store_close(st);
	tdb_done(&t);
}

/* Rollback drops a batch, commit keeps it. */
static void
test_transactions(void)
{
	struct tdb	 t;
	struct store	*st;
	char		*cause = NULL;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	CHECK_INT(store_begin(st), 0);
	CHECK(add_alert(st, "a", "s", 0.9) > 0);
	CHECK(add_alert(st, "b", "s", 0.9) > 0);
	store_rollback(st);
	CHECK_INT(store_alert_count(st), 0);
	store_rollback(st);	/* no transaction: nothing to do */
	CHECK_INT(store_begin(st), 0);
	CHECK(add_alert(st, "a", "s", 0.9) > 0);
	CHECK(add_alert(st, "b", "s", 0.9) > 0);
	CHECK_INT(store_commit(st), 0);
	CHECK_INT(store_alert_count(st), 2);
	CHECK_INT(store_begin(st), 0);
	CHECK(add_alert(st, "c", "s", 0.9) > 0);
	log_setlevel(LOG_LVL_ERROR);
	store_close(st);	/* left open: rolled back, with a warning */
	log_setlevel(LOG_LVL_WARNING);

	st = store_open(t.path, &cause);
	CHECK_INT(store_alert_count(st), 2);
	store_close(st);
	tdb_done(&t);
}

/* A document is new once per (source, URL, text); seeing it bumps last_seen. */
static void
test_documents(void)
{
	struct tdb	 t;
	struct store	*st;
	struct document	 d;
	sqlite3		*db;
	char		*cause = NULL;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	memset(&d, 0, sizeof d);
	d.source_id = "feed";
	d.url = "https://news.example.org/a/1";
	d.title = "First";
	d.len = 4096;
	sha256_hex("text one", 8, d.sha256);

	CHECK_INT(store_document_seen(st, &d), 0);
	CHECK_INT(store_document_add(st, &d), 0);
	CHECK_INT(store_document_add(st, &d), 0);	/* again: no new row */

	db = raw_open(t.path);
	sqlite3_exec(db, "UPDATE documents SET last_seen = "
	    "'2000-01-01T00:00:00Z'", NULL, NULL, NULL);
	CHECK_INT(store_document_seen(st, &d), 1);
	CHECK_INT(q_int(db, "SELECT count(*) FROM documents"), 1);
	CHECK_INT(q_int(db, "SELECT last_seen > '2000-01-01T00:00:00Z' AND "
	    "first_seen <= last_seen FROM documents"), 1);
	CHECK_Q(db, "SELECT title || ' ' || length FROM documents",
	    "First 4096");

	sha256_hex("text two", 8, d.sha256);		/* the page changed */
	CHECK_INT(store_document_seen(st, &d), 0);
	CHECK_INT(store_document_add(st, &d), 0);
	d.url = "https://news.example.org/a/2";	/* same text elsewhere */
	CHECK_INT(store_document_seen(st, &d), 0);
	d.source_id = "other-feed";
	d.title = NULL;
	CHECK_INT(store_document_seen(st, &d), 0);
	CHECK_INT(store_document_add(st, &d), 0);
	CHECK_INT(store_document_seen(st, &d), 1);
	CHECK_INT(q_int(db, "SELECT count(*) FROM documents"), 3);
	CHECK_INT(q_int(db, "SELECT count(*) FROM documents WHERE "
	    "title IS NULL"), 1);

	/* Retention: documents not seen for the age are forgotten. */
	sqlite3_exec(db, "UPDATE documents SET last_seen = "
	    "'2001-01-01T00:00:00Z' WHERE source_id = 'other-feed'", NULL,
	    NULL, NULL);
	CHECK_INT(store_documents_prune(st, 86400), 1);
	CHECK_INT(q_int(db, "SELECT count(*) FROM documents"), 2);
	CHECK_INT(store_documents_prune(st, 86400), 0);
	sqlite3_close(db);
	store_close(st);
	tdb_done(&t);
}

/* Count replayed alerts in seen[0] and keep their ids; check fields. */
static void
replay_collect(const struct alert *a, void *arg)
{
	int64_t	*seen = arg;

	CHECK_STR(a->source_id, "feed");
	CHECK_INT(a->severity, SEVERITY_HIGH);
	CHECK_STR(a->watchlist, "abc");
	CHECK(a->programs.n > 0 && a->countries.n > 0);
	if (seen[0] < 7)
		seen[++seen[0]] = a->id;
}

/* Alerts are kept once per party and article: same URL or same text. */
static void
test_alert_identity(void)
{
	struct tdb	 t;
	struct store	*st;
	struct alert	 a;
	char		*cause = NULL;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	alert_fill(&a, "ofac-44000", "feed", 0.9);
	CHECK_INT(store_alert_known(st, &a), 0);
	CHECK_INT(store_alert_add(st, &a), 0);
	CHECK_INT(store_alert_known(st, &a), 1);	/* the same page */
	free(a.url);
	a.url = xstrdup("https://mirror.example.net/copy");
	CHECK_INT(store_alert_known(st, &a), 1);	/* same text elsewhere */
	sha256_hex("edited", 6, a.sha256);
	CHECK_INT(store_alert_known(st, &a), 0);	/* a new article */
	free(a.party_id);
	a.party_id = xstrdup("ofac-44024");
	CHECK_INT(store_alert_known(st, &a), 0);	/* another party */
	CHECK_INT(store_alert_last_id(st), 1);
	alert_clear(&a);
	store_close(st);
	tdb_done(&t);
}

/* Replay: stored alerts after an id, up to the committed one, in order. */
static void
test_replay(void)
{
	struct tdb	 t;
	struct store	*st;
	struct alert	 a;
	char		*cause = NULL;
	int64_t		 seen[8];
	int		 i;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	for (i = 0; i < 5; i++) {
		alert_fill(&a, i % 2 ? "ofac-1" : "ofac-2", "feed", 0.9);
		strcpy(a.watchlist, "abc");
		CHECK_INT(store_alert_add(st, &a), 0);
		alert_clear(&a);
	}
	memset(seen, 0, sizeof seen);
	CHECK_INT(store_replay(st, 1, 4, 10, replay_collect, seen), 3);
	CHECK_INT(seen[0], 3);
	CHECK_INT(seen[1], 2);
	CHECK_INT(seen[2], 3);
	CHECK_INT(seen[3], 4);
	memset(seen, 0, sizeof seen);
	CHECK_INT(store_replay(st, 0, 5, 2, replay_collect, seen), 2);
	CHECK_INT(seen[0], 2);
	store_close(st);
	tdb_done(&t);
}

/* Record one poll of a source. */
static int
poll_source(struct store *st, const char *id, int ok, long code,
    const char *error)
{
	struct store_source_state	 ss = {
		.source_id = id,
		.url = "https://news.example.org/rss.xml",
		.ok = ok,
		.http_code = code,
		.error = error,
		.elapsed_ms = 42,
	};

	return (store_source_update(st, &ss));
}

/* Polls, errors and consecutive errors count; success clears the error. */
static void
test_sources(void)
{
	struct tdb	 t;
	struct store	*st;
	sqlite3		*db;
	char		*cause = NULL;
	const char	*row = "SELECT polls || ' ' || errors || ' ' || "
	    "consecutive_errors || ' ' || quote(last_http_code) || ' ' || "
	    "quote(last_error) || ' ' || (last_ok IS NOT NULL) || ' ' || "
	    "last_elapsed_ms FROM sources WHERE id = 'feed'";

	tdb_init(&t);
	st = store_open(t.path, &cause);
	db = raw_open(t.path);
	CHECK_INT(poll_source(st, "feed", 0, 0, "connect: refused"), 0);
	CHECK_Q(db, row, "1 1 1 NULL 'connect: refused' 0 42");
	CHECK_INT(poll_source(st, "feed", 0, 503, "HTTP 503"), 0);
	CHECK_Q(db, row, "2 2 2 503 'HTTP 503' 0 42");
	CHECK_INT(poll_source(st, "feed", 1, 200, "ignored on success"), 0);
	CHECK_Q(db, row, "3 2 0 200 NULL 1 42");
	CHECK_INT(poll_source(st, "feed", 0, 0, NULL), 0);
	CHECK_Q(db, row, "4 3 1 NULL 'unknown error' 1 42");
	CHECK_Q(db, "SELECT last_poll >= last_ok FROM sources", "1");
	CHECK_INT(poll_source(st, "good", 1, 200, NULL), 0);
	CHECK_INT(q_int(db, "SELECT count(*) FROM sources"), 2);
	sqlite3_close(db);
	store_close(st);
	tdb_done(&t);
}

/* The views answer the common questions. */
static void
test_views(void)
{
	struct tdb	 t;
	struct store	*st;
	sqlite3		*db;
	char		*cause = NULL;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	add_alert(st, "ofac-1", "feed-a", 0.91);
	add_alert(st, "ofac-2", "feed-a", 0.85);
	add_alert(st, "ofac-1", "feed-b", 0.99);
	poll_source(st, "feed-a", 1, 200, NULL);
	poll_source(st, "feed-b", 0, 404, "HTTP 404");
	poll_source(st, "feed-b", 0, 404, "HTTP 404");
	poll_source(st, "feed-c", 0, 0, "timeout");
	store_close(st);

	db = raw_open(t.path);
	CHECK_Q(db, "SELECT group_concat(id) FROM latest_alerts", "3,2,1");
	CHECK_Q(db, "SELECT entity_id || ' ' || score || ' ' || source_id "
	    "FROM latest_alerts LIMIT 1", "ofac-1 0.99 feed-b");
	CHECK_Q(db, "SELECT entity_id || ' ' || alerts || ' ' || max_score "
	    "FROM alerts_per_entity LIMIT 1", "ofac-1 2 0.99");
	CHECK_INT(q_int(db, "SELECT count(*) FROM alerts_per_entity"), 2);
	CHECK_Q(db, "SELECT source_id || ' ' || alerts || ' ' || documents "
	    "FROM alerts_per_source LIMIT 1", "feed-a 2 1");
	CHECK_Q(db, "SELECT (day = strftime('%Y-%m-%d', 'now') OR "
	    "day = strftime('%Y-%m-%d', 'now', '-1 minute')) || ' ' || alerts "
	    "|| ' ' || high || ' ' || medium || ' ' || low FROM alerts_per_day",
	    "1 3 3 0 0");
	CHECK_Q(db, "SELECT group_concat(id || ':' || consecutive_errors) "
	    "FROM sources_in_error", "feed-b:2,feed-c:1");
	sqlite3_close(db);
	tdb_done(&t);
}

/* Fill a document with a text of its own; sha256 over the text. */
static void
doc_fill(struct document *d, const char *url, const char *title,
    const char *text)
{
	memset(d, 0, sizeof *d);
	d->source_id = (char *)(uintptr_t)"feed";
	d->url = (char *)(uintptr_t)url;
	d->title = (char *)(uintptr_t)title;
	d->text = (char *)(uintptr_t)text;
	d->len = strlen(text);
	sha256_hex(text, d->len, d->sha256);
}

/*
 * Kept texts: stored beside their document, read back newest first as the
 * documents they were, pruned by age, gone with their document; the state
 * table.
 */
static void
test_texts(void)
{
	struct tdb	 t;
	struct store	*st;
	struct document	 a, b, c;
	struct store_text *v;
	sqlite3		*db;
	char		*cause = NULL, *val;
	int64_t		 newest;
	ssize_t		 n;

	tdb_init(&t);
	st = store_open(t.path, &cause);
	if (!CHECK(st != NULL)) {
		free(cause);
		tdb_done(&t);
		return;
	}
	doc_fill(&a, "https://news.example.org/a/1", "First",
	    "A harbour crane firm was named today.");
	doc_fill(&b, "https://news.example.org/a/2", NULL,
	    "Caf\xc3\xa9 owners in Bishkek said little.");
	doc_fill(&c, "https://news.example.org/a/3", "Third", "Not kept.");
	CHECK_INT(store_texts_count(st), 0);
	CHECK_INT(store_document_add(st, &a), 0);
	CHECK_INT(store_text_add(st, &a), 0);
	CHECK_INT(store_document_add(st, &b), 0);
	CHECK_INT(store_text_add(st, &b), 0);
	CHECK_INT(store_document_add(st, &c), 0);
	CHECK_INT(store_text_add(st, &a), 0);		/* again: replaced */
	b.url = "https://news.example.org/unrecorded";
	CHECK_INT(store_text_add(st, &b), 0);		/* no document: none */
	b.url = "https://news.example.org/a/2";
	CHECK_INT(store_texts_count(st), 2);

	/* Newest first, each the document it was scanned as. */
	n = store_texts_read(st, INT64_MAX, 10, &v);
	if (!CHECK_INT(n, 2))
		store_texts_free(v, n > 0 ? (size_t)n : 0);
	else {
		CHECK(v[0].id > v[1].id);
		CHECK_STR(v[0].doc->source_id, "feed");
		CHECK_STR(v[0].doc->url, b.url);
		CHECK_STR(v[0].doc->title, NULL);
		CHECK_STR(v[0].doc->text, b.text);
		CHECK_INT(v[0].doc->len, b.len);
		CHECK_STR(v[0].doc->sha256, b.sha256);
		CHECK_STR(v[1].doc->url, a.url);
		CHECK_STR(v[1].doc->title, "First");
		CHECK_STR(v[1].doc->text, a.text);
		newest = v[0].id;
		store_texts_free(v, 2);
		/* The cursor: ids below the last one read. */
		if (CHECK_INT(store_texts_read(st, newest, 10, &v), 1))
			CHECK_STR(v[0].doc->url, a.url);
		store_texts_free(v, 1);
		CHECK_INT(store_texts_read(st, newest - 1, 10, &v), 0);
		store_texts_free(v, 0);
		CHECK_INT(store_texts_read(st, INT64_MAX, 1, &v), 1);
		store_texts_free(v, 1);
	}

	/* Pruned by age; a forgotten document takes its text along. */
	db = raw_open(t.path);
	sqlite3_exec(db, "UPDATE document_texts SET stored_at = "
	    "'2001-01-01T00:00:00Z' WHERE document_id = (SELECT id FROM "
	    "documents WHERE url LIKE '%a/1')", NULL, NULL, NULL);
	CHECK_INT(store_texts_prune(st, 3600), 1);
	CHECK_INT(store_texts_prune(st, 3600), 0);
	CHECK_INT(store_texts_count(st), 1);
	sqlite3_exec(db, "UPDATE documents SET last_seen = "
	    "'2001-01-01T00:00:00Z' WHERE url LIKE '%a/2'", NULL, NULL, NULL);
	CHECK_INT(store_documents_prune(st, 3600), 1);
	CHECK_INT(store_texts_count(st), 0);
	CHECK_INT(store_text_add(st, &a), 0);
	CHECK_INT(store_texts_count(st), 1);
	CHECK_INT(store_texts_prune(st, 0), 1);		/* 0: all of them */
	CHECK_INT(store_texts_count(st), 0);

	/* The state table. */
	CHECK_INT(store_state_get(st, "k", &val), 0);
	CHECK_STR(val, NULL);
	CHECK_INT(store_state_set(st, "k", "one"), 0);
	CHECK_INT(store_state_set(st, "k", "two"), 0);
	CHECK_INT(store_state_get(st, "k", &val), 0);
	CHECK_STR(val, "two");
	free(val);
	CHECK_INT(q_int(db, "SELECT count(*) FROM state WHERE key = 'k'"), 1);
	/* The database's identity, made once at its creation. */
	CHECK(store_id(st) != NULL && strlen(store_id(st)) == 32);
	CHECK_INT(q_int(db, "SELECT count(*) FROM state WHERE key ="
	    " 'database_id'"), 1);
	sqlite3_close(db);
	store_close(st);
	tdb_done(&t);
}

UNIT_SUITE(store,
	{ "embedded-migrations", test_embedded },
	{ "fresh-migrate", test_fresh },
	{ "reopen-idempotent", test_reopen },
	{ "newer-schema-refused", test_newer_refused },
	{ "open-errors", test_open_errors },
	{ "alert-columns", test_alert_columns },
	{ "alert-rejected", test_alert_rejected },
	{ "transactions", test_transactions },
	{ "documents-dedupe", test_documents },
	{ "alert-identity", test_alert_identity },
	{ "replay", test_replay },
	{ "source-counters", test_sources },
	{ "views", test_views },
	{ "texts", test_texts },
)
