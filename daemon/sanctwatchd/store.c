/*
 * The SQLite database: one connection, opened once by the daemon, which is
 * its only writer.  The sqlite3 shell may read it at any time (WAL).
 *
 * Opening sets the connection up (busy_timeout, journal_mode=WAL,
 * synchronous=NORMAL, foreign_keys=ON) and brings the schema up to date from
 * the migrations compiled in from schema/ (build/schema.c).  Migration N runs
 * in one BEGIN IMMEDIATE transaction that also sets PRAGMA user_version = N,
 * so a crash leaves the database at N-1 or N, never in between; the version
 * is read inside that transaction, so two processes opening a fresh file do
 * not both migrate it.  A database newer than the code is refused untouched.
 * Nothing creates the database's directory: that is the installer's job.
 *
 * Every statement is prepared at open into stmts[], indexed by enum
 * store_stmt, and is reset and cleared after each use, so a failed step never
 * leaves a statement busy or pointing at a caller's strings.  Strings are
 * bound SQLITE_STATIC for that reason: they only have to live until the reset.
 *
 * Batching is the caller's: store_begin() (BEGIN IMMEDIATE), writes,
 * store_commit(); if the commit fails the caller calls store_rollback().
 * Outside a transaction each write commits on its own.  Nothing here exits:
 * errors are logged with the database's path, what the statement was doing
 * (store_what[], beside store_sql[]) and sqlite3_errmsg(), and returned as
 * -1, and store_open() returns its cause (the caller frees it).
 *
 * Times are ISO-8601 UTC to the second, "YYYY-MM-DDTHH:MM:SSZ", taken from
 * the system clock here, so they sort and group as text in the views.
 *
 * This file holds the connection, the migrations, the statement table and
 * the alerts, documents, feed items and state; the sources' polling state
 * is in store-sources.c and the kept texts in store-texts.c, which share
 * struct store and store.c's statement helpers through store.h.
 */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"
#include "sanctwatchd/store.h"

#define STORE_BUSY_TIMEOUT_MS	1000	/* at open: migrations */
#define STORE_LOOP_BUSY_MS	20	/* then, on the loop (store_patience) */
#define STORE_CACHE_KIB	"32768"		/* page cache: the indexes of alerts stay in it */

/* The columns store_row_alert() reads, and the state decisions give. */
#define STORE_ALERT_COLUMNS \
	"SELECT id, created_at, kind, severity, entity_id, entity_name," \
	" entity_type, programs, list_source, matched_text, match_name," \
	" method, score, start_offset, end_offset, match_count," \
	" source_id, url, title, sha256, countries, snippet," \
	" watchlist_sha256, also, explain, topics," \
	" coalesce((SELECT CASE action WHEN 'confirm' THEN 'confirmed'" \
	" WHEN 'dismiss' THEN 'dismissed' ELSE action END FROM decisions" \
	" WHERE alert_id = alerts.id ORDER BY id DESC LIMIT 1)," \
	" iif(suppressed_by IS NULL, 'new', 'suppressed')), suppressed_by," \
	" published, topic, rule_spans, rule_parties FROM alerts"

static const char *const store_sql[STMT_LAST] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_ALERT_ADD] =
	    "INSERT INTO alerts (created_at, kind, severity, entity_id,"
	    " entity_name, entity_type, programs, list_source, matched_text,"
	    " match_name, method, score, start_offset, end_offset,"
	    " match_count, source_id, url, title, sha256, countries, snippet,"
	    " watchlist_sha256, also, explain, topics, suppressed_by, published,"
	    " rule_id, topic, rule_spans, rule_parties)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26,"
	    " ?27, ?28, ?29, ?30, ?31)",
	[STMT_ALERT_GET] = STORE_ALERT_COLUMNS " WHERE id = ?1",
	[STMT_DECISION_ADD] =
	    "INSERT INTO decisions (created_at, alert_id, action, scope, until,"
	    " note, user, uid, kind, entity_id, source_id, match_key,"
	    " entity_digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13)",
	[STMT_DECISIONS_OF] =
	    "SELECT id, created_at, action, scope, until, note, user, uid,"
	    " entity_digest FROM decisions WHERE alert_id = ?1 ORDER BY id",
	[STMT_DECISION_GET] =
	    "SELECT id, created_at, action, scope, until, note, user, uid,"
	    " entity_digest FROM decisions WHERE id = ?1",
	/* Suppressions not superseded by a later decision on their alert. */
	[STMT_SUPPRESSIONS] =
	    "SELECT id, created_at, alert_id, action, scope, until, note, user,"
	    " uid, kind, entity_id, source_id, match_key, entity_digest"
	    " FROM decisions d WHERE action = 'false-positive'"
	    " AND scope != 'alert' AND (until IS NULL OR until > ?1)"
	    " AND id = (SELECT max(id) FROM decisions WHERE alert_id ="
	    " d.alert_id) ORDER BY id",
	[STMT_ALERT_KNOWN] =
	    "SELECT EXISTS (SELECT 1 FROM alerts WHERE entity_id = ?1"
	    " AND kind = ?2 AND url = ?3) OR EXISTS (SELECT 1 FROM alerts"
	    " WHERE entity_id = ?1 AND kind = ?2 AND sha256 = ?4)",
	[STMT_ALERT_REPLAY] =
	    STORE_ALERT_COLUMNS
	    " WHERE id > ?1 AND id <= ?3"
	    " ORDER BY id LIMIT ?2",
	[STMT_ALERT_LAST_ID] = "SELECT coalesce(max(id), 0) FROM alerts",
	[STMT_DOCUMENTS_PRUNE] = "DELETE FROM documents WHERE last_seen < ?1",
	[STMT_ALERT_COUNT] = "SELECT count(*) FROM alerts",
	[STMT_ALERTS_TODAY] = "SELECT count(*) FROM alerts"
	    " WHERE created_at >= strftime('%Y-%m-%dT00:00:00Z', 'now')",
	[STMT_SOURCES_JSON] =
	    "SELECT json_group_array(json_object('id', id, 'url', url,"
	    " 'ok', json(CASE WHEN consecutive_errors = 0 THEN 'true'"
	    " ELSE 'false' END), 'last_poll', last_poll, 'last_ok', last_ok,"
	    " 'last_http_code', last_http_code, 'last_error', last_error,"
	    " 'polls', polls, 'errors', errors, 'consecutive_errors',"
	    " consecutive_errors, 'last_elapsed_ms', last_elapsed_ms,"
	    " 'error_class', error_class, 'last_error_at', last_error_at,"
	    " 'failing_since', failing_since, 'next_poll', next_poll,"
	    " 'disabled', json(iif(disabled, 'true', 'false')),"
	    " 'permanent_url', permanent_url, 'unchanged', unchanged,"
	    " 'last_new_item', last_new_item, 'etag', etag,"
	    " 'last_modified', last_modified, 'error_counts',"
	    " json((SELECT json_group_object(class, json_object('count', count,"
	    " 'first', first_at, 'last', last_at, 'error', last_error))"
	    " FROM source_errors e WHERE e.source_id = s.id))))"
	    " FROM (SELECT * FROM sources ORDER BY id) s",
	[STMT_SOURCE_POLL] =
	    "UPDATE sources SET etag = ?2, last_modified = ?3,"
	    " error_class = ?4,"
	    " last_error_at = iif(?4 IS NULL, last_error_at, ?5),"
	    " failing_since = iif(?4 IS NULL, NULL,"
	    " coalesce(failing_since, ?5)),"
	    " backoff_errors = ?6, next_poll = ?7, disabled = ?8,"
	    " permanent_url = ?9, unchanged = unchanged + ?10,"
	    " last_new_item = iif(?11 > 0, ?5, last_new_item)"
	    " WHERE id = ?1",
	[STMT_SOURCE_ERROR] =
	    "INSERT INTO source_errors (source_id, class, count, first_at,"
	    " last_at, last_error) VALUES (?1, ?2, 1, ?3, ?3, ?4)"
	    " ON CONFLICT (source_id, class) DO UPDATE SET"
	    " count = source_errors.count + 1, last_at = excluded.last_at,"
	    " last_error = excluded.last_error",
	[STMT_SOURCE_OK] =
	    "SELECT consecutive_errors = 0 FROM sources WHERE id = ?1",
	[STMT_SOURCES_SAVED] =
	    "SELECT id, etag, last_modified, backoff_errors,"
	    " max(0, (strftime('%s', next_poll) - strftime('%s')) * 1000),"
	    " url, disabled FROM sources",
	[STMT_ITEM_SEEN] =
	    "UPDATE feed_items SET last_seen = ?4, url = ?5"
	    " WHERE source_id = ?1 AND item_id = ?2 AND sha256 = ?3",
	[STMT_ITEM_ADD] =
	    "INSERT INTO feed_items (source_id, item_id, sha256, url,"
	    " first_seen, last_seen) VALUES (?1, ?2, ?3, ?5, ?4, ?4)"
	    " ON CONFLICT (source_id, item_id) DO UPDATE SET"
	    " sha256 = excluded.sha256, url = excluded.url,"
	    " last_seen = excluded.last_seen",
	[STMT_ITEMS_PRUNE] =
	    "DELETE FROM feed_items WHERE source_id = ?1 AND last_seen < ?2",
	/* The SELECT's WHERE keeps ON CONFLICT from reading as a join. */
	[STMT_TEXT_ADD] =
	    "INSERT INTO document_texts (document_id, stored_at, text)"
	    " SELECT id, ?4, ?5 FROM documents"
	    " WHERE source_id = ?1 AND url = ?2 AND sha256 = ?3"
	    " ON CONFLICT (document_id) DO UPDATE SET"
	    " stored_at = excluded.stored_at, text = excluded.text",
	[STMT_TEXTS_PRUNE] = "DELETE FROM document_texts WHERE stored_at < ?1",
	[STMT_TEXTS_READ] =
	    "SELECT t.document_id, d.source_id, d.url, d.title, d.sha256,"
	    " t.text, d.published FROM document_texts t JOIN documents d"
	    " ON d.id = t.document_id WHERE t.document_id < ?1"
	    " ORDER BY t.document_id DESC LIMIT ?2",
	[STMT_TEXTS_COUNT] = "SELECT count(*) FROM document_texts",
	[STMT_STATE_GET] = "SELECT value FROM state WHERE key = ?1",
	[STMT_STATE_SET] =
	    "INSERT INTO state (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[STMT_OUTBOX_ADD] =
	    "INSERT INTO outbox (alert_id, target, queued_at, next_attempt)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (alert_id, target) DO NOTHING",
	[STMT_OUTBOX_DUE] =
	    "SELECT id, alert_id, attempts, queued_at FROM outbox"
	    " WHERE target = ?1 AND state = 'queued' AND next_attempt <= ?2"
	    " ORDER BY next_attempt, id LIMIT ?3",
	[STMT_OUTBOX_NEXT] =
	    "SELECT min(next_attempt) FROM outbox"
	    " WHERE target = ?1 AND state = 'queued'",
	[STMT_OUTBOX_CLAIM] =
	    "UPDATE outbox SET attempts = attempts + 1, last_attempt = ?2,"
	    " next_attempt = ?3 WHERE id = ?1 AND state = 'queued'",
	[STMT_OUTBOX_RETRY] =
	    "UPDATE outbox SET last_error = ?2, next_attempt = ?3"
	    " WHERE id = ?1 AND state = 'queued'",
	[STMT_OUTBOX_DONE] =
	    "UPDATE outbox SET state = ?2, done_at = ?3,"
	    " last_error = coalesce(?4, last_error)"
	    " WHERE id = ?1 AND state = 'queued'",
	[STMT_OUTBOX_STATS] =
	    "SELECT target, count(*) FILTER (WHERE state = 'queued'),"
	    " count(*) FILTER (WHERE state = 'delivered'),"
	    " count(*) FILTER (WHERE state = 'dead'),"
	    " max(done_at) FILTER (WHERE state = 'delivered')"
	    " FROM outbox GROUP BY target",
	[STMT_OUTBOX_PRUNE] =
	    "DELETE FROM outbox WHERE state <> 'queued' AND done_at < ?1",
	[STMT_DOCUMENT_TOUCH] =
	    "UPDATE documents SET last_seen = ?4"
	    " WHERE source_id = ?1 AND url = ?2 AND sha256 = ?3",
	[STMT_DOCUMENT_ADD] =
	    "INSERT INTO documents (source_id, url, sha256, title, length,"
	    " first_seen, last_seen, published)"
	    " VALUES (?1, ?2, ?3, ?5, ?6, ?4, ?4, ?7)"
	    " ON CONFLICT (source_id, url, sha256) DO UPDATE SET"
	    " last_seen = excluded.last_seen,"
	    " title = coalesce(excluded.title, documents.title),"
	    " published = coalesce(documents.published, excluded.published)",
	[STMT_LIST_ADD] =
	    "INSERT INTO lists (watchlist_sha256, path, name, issuer,"
	    " published, sha256, entities, loaded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT (watchlist_sha256, path) DO NOTHING",
	[STMT_SOURCE_UPDATE] =
	    "INSERT INTO sources (id, url, last_poll, last_ok, last_http_code,"
	    " last_error, polls, errors, consecutive_errors, last_elapsed_ms)"
	    " VALUES (?1, ?2, ?3, iif(?4, ?3, NULL), ?5, ?6, 1, 1 - ?4, 1 - ?4,"
	    " ?7)"
	    " ON CONFLICT (id) DO UPDATE SET"
	    " url = excluded.url,"
	    " last_poll = excluded.last_poll,"
	    " last_ok = coalesce(excluded.last_ok, sources.last_ok),"
	    " last_http_code = excluded.last_http_code,"
	    " last_error = excluded.last_error,"
	    " polls = sources.polls + 1,"
	    " errors = sources.errors + excluded.errors,"
	    " consecutive_errors = iif(excluded.errors > 0,"
	    " sources.consecutive_errors + 1, 0),"
	    " last_elapsed_ms = excluded.last_elapsed_ms",
};

/*
 * What each statement does, for the log: "database PATH: WHAT: error"
 * (store_warn).  A row beside each row of store_sql[].
 */
static const char *const store_what[STMT_LAST] = {
	[STMT_BEGIN] = "starting a write transaction",
	[STMT_COMMIT] = "committing a write transaction",
	[STMT_ROLLBACK] = "rolling a write transaction back",
	[STMT_ALERT_ADD] = "writing an alert",
	[STMT_ALERT_COUNT] = "counting the alerts",
	[STMT_ALERTS_TODAY] = "counting today's alerts",
	[STMT_DOCUMENT_TOUCH] = "marking a document seen again",
	[STMT_DOCUMENT_ADD] = "recording a document",
	[STMT_SOURCE_UPDATE] = "updating a source's state",
	[STMT_SOURCES_JSON] = "reading the sources' state",
	[STMT_ALERT_KNOWN] = "checking whether an alert was already raised",
	[STMT_ALERT_REPLAY] = "reading alerts for a subscriber",
	[STMT_ALERT_LAST_ID] = "reading the newest alert's id",
	[STMT_DOCUMENTS_PRUNE] = "forgetting old documents",
	[STMT_SOURCE_POLL] = "recording a poll",
	[STMT_SOURCE_ERROR] = "recording a poll's error",
	[STMT_SOURCES_SAVED] = "reading the sources' saved state",
	[STMT_SOURCE_OK] = "reading whether a source's last poll succeeded",
	[STMT_ITEM_SEEN] = "marking a feed item seen again",
	[STMT_ITEM_ADD] = "recording a feed item",
	[STMT_ITEMS_PRUNE] = "forgetting old feed items",
	[STMT_TEXT_ADD] = "keeping a document's text",
	[STMT_TEXTS_PRUNE] = "forgetting old kept texts",
	[STMT_TEXTS_READ] = "reading kept texts for a retro-scan",
	[STMT_TEXTS_COUNT] = "counting the kept texts",
	[STMT_STATE_GET] = "reading a state value",
	[STMT_STATE_SET] = "writing a state value",
	[STMT_OUTBOX_ADD] = "queueing an alert for delivery",
	[STMT_OUTBOX_DUE] = "reading the deliveries due",
	[STMT_OUTBOX_NEXT] = "reading when the next delivery is due",
	[STMT_OUTBOX_CLAIM] = "claiming a delivery",
	[STMT_OUTBOX_RETRY] = "scheduling a delivery's retry",
	[STMT_OUTBOX_DONE] = "recording a delivery's outcome",
	[STMT_OUTBOX_STATS] = "counting the deliveries",
	[STMT_OUTBOX_PRUNE] = "forgetting old deliveries",
	[STMT_ALERT_GET] = "reading an alert",
	[STMT_DECISION_ADD] = "recording a review decision",
	[STMT_DECISIONS_OF] = "reading an alert's review decisions",
	[STMT_DECISION_GET] = "reading a review decision",
	[STMT_SUPPRESSIONS] = "reading the suppressions in force",
	[STMT_LIST_ADD] = "recording a watchlist version",
};

static void	store_destroy(struct store *);
static int	store_lock(struct store *, char **);

/* Write the current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void
store_now(char *buf, size_t len)
{
	struct tm	 tm;
	time_t		 t;

	t = time(NULL);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
}

/* Run SQL with no result rows outside the statement table. */
static int
store_exec(struct store *st, const char *sql)
{
	return (sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ?
	    0 : -1);
}

/* Read PRAGMA user_version. */
static int
store_user_version(struct store *st, int *version)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return (-1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return (rc == SQLITE_ROW ? 0 : -1);
}

/* Switch to WAL; anything else (a memory database) is only worth a warning. */
static int
store_wal(struct store *st)
{
	sqlite3_stmt	*s;
	const char	*mode;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s,
	    NULL) != SQLITE_OK)
		return (-1);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		mode = (const char *)sqlite3_column_text(s, 0);
		if (mode == NULL || strcasecmp(mode, "wal") != 0) {
			log_warnx("database %s: journal mode is %s, not wal",
			    st->path, mode == NULL ? "?" : mode);
		}
	}
	sqlite3_finalize(s);
	return (rc == SQLITE_ROW ? 0 : -1);
}

/* Open the file and set the connection up. */
static int
store_connect(struct store *st, char **cause)
{
	int	 flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int	 error;

	if (sqlite3_open_v2(st->path, &st->db, flags, NULL) != SQLITE_OK) {
		error = st->db == NULL ? 0 : sqlite3_system_errno(st->db);
		log_cause(cause, "%s: %s%s%s%s", st->path,
		    sqlite3_errmsg(st->db), error == 0 ? "" : " (",
		    error == 0 ? "" : strerror(error), error == 0 ? "" : ")");
		return (-1);
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	if (store_wal(st) != 0 ||
	    store_exec(st, "PRAGMA synchronous = NORMAL") != 0 ||
	    store_exec(st, "PRAGMA cache_size = -" STORE_CACHE_KIB) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys = ON") != 0) {
		log_cause(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return (-1);
	}
	return (0);
}

/* Apply one migration and record its version, inside the open transaction. */
static int
store_apply(struct store *st, const struct schema_migration *m, char **cause)
{
	char	*sql;
	int	 rc;

	if (store_exec(st, m->sql) != 0) {
		log_cause(cause, "%s: migration %s: %s", st->path, m->name,
		    sqlite3_errmsg(st->db));
		return (-1);
	}
	sql = xasprintf("PRAGMA user_version = %d", m->version);
	rc = store_exec(st, sql);
	free(sql);
	if (rc != 0) {
		log_cause(cause, "%s: migration %s: %s", st->path, m->name,
		    sqlite3_errmsg(st->db));
	}
	return (rc);
}

/* Take one step towards the code's schema version: 1 done, 0 more, -1 error. */
static int
store_migrate_step(struct store *st, char **cause)
{
	const struct schema_migration	*m;
	int				 version, latest;

	latest = store_schema_version();
	if (store_exec(st, "BEGIN IMMEDIATE") != 0 ||
	    store_user_version(st, &version) != 0) {
		log_cause(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return (-1);
	}
	if (version < 0) {
		log_cause(cause, "%s: database schema version %d is not "
		    "one sanctwatchd wrote", st->path, version);
		return (-1);
	}
	if (version > latest) {
		log_cause(cause, "%s: database schema version %d is newer "
		    "than this sanctwatchd (%d)", st->path, version, latest);
		return (-1);
	}
	if (version == latest)
		return (1);
	m = &schema_migrations[version];
	if (m->version != version + 1) {
		log_cause(cause, "%s: migration %s has version %d, not %d",
		    st->path, m->name, m->version, version + 1);
		return (-1);
	}
	if (store_apply(st, m, cause) != 0)
		return (-1);
	if (store_exec(st, "COMMIT") != 0) {
		log_cause(cause, "%s: migration %s: %s", st->path, m->name,
		    sqlite3_errmsg(st->db));
		return (-1);
	}
	log_info("database %s: migrated to schema version %d (%s)",
	    st->path, m->version, m->name);
	return (0);
}

/* Apply every migration the database has not seen, one transaction each. */
static int
store_migrate(struct store *st, char **cause)
{
	int	 rc;

	while ((rc = store_migrate_step(st, cause)) == 0)
		;
	if (rc == 1 && store_exec(st, "COMMIT") != 0) {
		log_cause(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
		rc = -1;
	}
	if (rc == -1 && !sqlite3_get_autocommit(st->db))
		store_exec(st, "ROLLBACK");
	return (rc == 1 ? 0 : -1);
}

/*
 * Drop the planner's statistics, whoever took them (issue 17, item 10):
 * ANALYZE when the history was tiny (a first --once run, "PRAGMA optimize"
 * at its close) made the replay's range on alerts.id a scan to the end of
 * the table for years after.  Without sqlite_stat1 the planner assumes large
 * tables, which they become, so every statement's plan is the same whenever
 * the database is opened; the statements here are simple enough that no
 * statistics help them.  Dropping them is a schema change, so it comes
 * before the statements are prepared.
 */
static int
store_no_stats(struct store *st, char **cause)
{
	if (store_exec(st, "DROP TABLE IF EXISTS sqlite_stat1;"
	    " DROP TABLE IF EXISTS sqlite_stat4") != 0) {
		log_cause(cause, "%s: dropping the planner's statistics: %s",
		    st->path, sqlite3_errmsg(st->db));
		return (-1);
	}
	return (0);
}

/* Prepare every statement of the table. */
static int
store_prepare(struct store *st, char **cause)
{
	int	 i;

	for (i = 0; i < STMT_LAST; i++) {
		if (sqlite3_prepare_v3(st->db, store_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmts[i], NULL) !=
		    SQLITE_OK) {
			log_cause(cause, "%s: preparing statement %d: %s",
			    st->path, i, sqlite3_errmsg(st->db));
			return (-1);
		}
	}
	return (0);
}

/*
 * Refuse a database the daemon cannot write (issue 17, item 13): a file
 * SQLite opened read-only, or one where a first write fails (a full disk, a
 * directory where the -wal file cannot be made).  The write records when
 * the daemon started and, once in a database's life, its identity: a random
 * id that tells one database from another (the subscribe reply carries it;
 * issue 17, item 1).  Then reads the identity into st->id.
 */
static int
store_writable(struct store *st, char **cause)
{
	struct stat	 sb;
	char		 now[32];

	if (sqlite3_db_readonly(st->db, "main") == 1) {
		log_cause(cause, "%s: the database is read-only to sanctwatchd "
		    "(the file's owner and permissions?): it must be writable",
		    st->path);
		return (-1);
	}
	store_now(now, sizeof now);
	if (store_exec(st, "BEGIN IMMEDIATE") != 0 ||
	    store_exec(st, "INSERT OR IGNORE INTO state (key, value) VALUES"
	    " ('database_id', lower(hex(randomblob(16))))") != 0 ||
	    store_state_set(st, "started_at", now) != 0 ||
	    store_exec(st, "COMMIT") != 0) {
		log_cause(cause, "%s: cannot write the database: %s", st->path,
		    sqlite3_errmsg(st->db));
		if (!sqlite3_get_autocommit(st->db))
			store_exec(st, "ROLLBACK");
		return (-1);
	}
	if (store_state_get(st, "database_id", &st->id) != 0 || st->id == NULL) {
		log_cause(cause, "%s: the database has no identity", st->path);
		return (-1);
	}
	if (stat(st->path, &sb) == -1) {
		log_cause(cause, "%s: %s", st->path, strerror(errno));
		return (-1);
	}
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	return (0);
}

/*
 * Whether the database file was deleted or replaced under the daemon (issue
 * 17, item 1): its path no longer names the file opened.  What is written
 * to it then is lost at the next start.
 */
int
store_gone(const struct store *st)
{
	struct stat	 sb;

	if (stat(st->path, &sb) == -1)
		return (errno == ENOENT || errno == ENOTDIR);
	return (sb.st_dev != st->dev || sb.st_ino != st->ino ||
	    sb.st_nlink == 0);
}

/* The database's identity: a random id made when it was created. */
const char *
store_id(const struct store *st)
{
	return (st->id);
}

/*
 * How long a write waits for another process's lock (issue 17, item 2).
 * On the loop a write may not wait the 1 s of the open: it waits
 * STORE_LOOP_BUSY_MS (a brief foreign write passes), and, once writes fail
 * (patient 0), not at all until one succeeds again; what could not be
 * stored is scanned again at the next poll, so polls, clients and the
 * watchdog go on while another process holds the lock, and nothing
 * committed is lost.
 */
void
store_patience(struct store *st, int patient)
{
	sqlite3_busy_timeout(st->db, patient ? STORE_LOOP_BUSY_MS : 0);
}

/* The database's path. */
const char *
store_path(const struct store *st)
{
	return (st->path);
}

/* The last error SQLite reported on the connection. */
const char *
store_errmsg(struct store *st)
{
	return (sqlite3_errmsg(st->db));
}

/* Open, set up and migrate the database at path. */
struct store *
store_open(const char *path, char **cause)
{
	struct store	*st;

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->lockfd = -1;
	if (store_connect(st, cause) != 0 || store_lock(st, cause) != 0 ||
	    store_migrate(st, cause) != 0 || store_no_stats(st, cause) != 0 ||
	    store_prepare(st, cause) != 0 || store_writable(st, cause) != 0) {
		store_destroy(st);
		return (NULL);
	}
	store_patience(st, 1);
	st->ready = 1;
	return (st);
}

/*
 * Take the database for this daemon alone: an exclusive flock(2) on
 * PATH.lock, which holds the holder's pid.  A second daemon on the same
 * database (another socket, another config) is refused, naming the first;
 * the kernel drops the lock when its holder exits, even by kill -9.
 */
static int
store_lock(struct store *st, char **cause)
{
	char	*lpath, pid[32];
	ssize_t	 n;

	lpath = xasprintf("%s.lock", st->path);
	st->lockfd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (st->lockfd == -1) {
		*cause = xasprintf("%s: %s", lpath, strerror(errno));
		free(lpath);
		return (-1);
	}
	if (flock(st->lockfd, LOCK_EX | LOCK_NB) == -1) {
		n = pread(st->lockfd, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		*cause = xasprintf("%s is in use by another sanctwatchd "
		    "(pid %s, %s)", st->path, *pid != '\0' ? pid : "unknown",
		    lpath);
		free(lpath);
		return (-1);
	}
	if (ftruncate(st->lockfd, 0) == 0) {
		n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
		if (pwrite(st->lockfd, pid, (size_t)n, 0) != n)
			log_warnx("lock file %s: cannot write the pid: %s",
			    lpath, strerror(errno));
	}
	free(lpath);
	return (0);
}

/*
 * Finalize everything and close.  No "PRAGMA optimize": its statistics
 * would be dropped at the next open anyway (store_no_stats).
 */
static void
store_destroy(struct store *st)
{
	int	 i;

	for (i = 0; i < STMT_LAST; i++)
		sqlite3_finalize(st->stmts[i]);
	if (st->db != NULL && st->ready) {
		if (!sqlite3_get_autocommit(st->db)) {
			log_warnx("database %s: closing: an open transaction "
			    "was rolled back", st->path);
			store_exec(st, "ROLLBACK");
		}
	}
	if (sqlite3_close_v2(st->db) != SQLITE_OK) {
		log_warnx("database %s: closing: %s", st->path,
		    sqlite3_errmsg(st->db));
	}
	if (st->lockfd != -1)
		close(st->lockfd);	/* the file stays: no unlink race */
	free(st->id);
	free(st->path);
	free(st);
}

/* Close the database; NULL is a no-op. */
void
store_close(struct store *st)
{
	if (st != NULL)
		store_destroy(st);
}

/* The schema version this code writes: the number of migrations. */
int
store_schema_version(void)
{
	return ((int)schema_nmigrations);
}

/* Reset a statement and drop its bindings, ready for the next use. */
void
store_reset(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/*
 * Log the connection's last error as the failure of statement idx:
 * "database PATH: what it was doing: SQLite's message".
 */
void
store_warn(struct store *st, enum store_stmt idx)
{
	log_warnx("database %s: %s: %s", st->path, store_what[idx] != NULL ?
	    store_what[idx] : "running a statement", sqlite3_errmsg(st->db));
}

/* Step a statement that returns no rows, then reset it. */
int
store_run(struct store *st, enum store_stmt idx)
{
	sqlite3_stmt	*s = st->stmts[idx];
	int		 rc;

	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		store_warn(st, idx);
	store_reset(s);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/*
 * Run a statement whose parameters were bound with result bound (an
 * SQLite code, or the OR of several): a failed bind is logged, the
 * statement reset and nothing run.  0 or -1.
 */
int
store_run_bound(struct store *st, enum store_stmt idx, int bound)
{
	if (bound != SQLITE_OK) {
		store_warn(st, idx);
		store_reset(st->stmts[idx]);
		return (-1);
	}
	return (store_run(st, idx));
}

/* Bind a string, or NULL; the string must live until the reset. */
int
store_bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (text == NULL)
		return (sqlite3_bind_null(s, i));
	return (sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC));
}

/* Bind an unsigned size, clamped to what an SQLite integer holds. */
int
store_bind_size(sqlite3_stmt *s, int i, uint64_t v)
{
	return (sqlite3_bind_int64(s, i, v > INT64_MAX ? INT64_MAX :
	    (sqlite3_int64)v));
}

/* Begin a write transaction. */
int
store_begin(struct store *st)
{
	return (store_run(st, STMT_BEGIN));
}

/* Commit the transaction; on failure it is still open for store_rollback. */
int
store_commit(struct store *st)
{
	return (store_run(st, STMT_COMMIT));
}

/* Roll the transaction back, if one is open. */
void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		store_run(st, STMT_ROLLBACK);
}


/* The name stored for a kind of party. */
static const char *
store_kind_name(enum party_kind kind)
{
	return (alert_kind_name(kind));
}

/* Bind an alert's columns, ?1 to ?31, in the order of STMT_ALERT_ADD. */
static int
store_bind_alert(sqlite3_stmt *s, const struct alert *a, const char *now,
    const char *programs, const char *countries, const char *also,
    const char *topics)
{
	int	 rc = 0;

	rc |= store_bind_text(s, 1, now);
	rc |= store_bind_text(s, 2, store_kind_name(a->kind));
	rc |= store_bind_text(s, 3, alert_severity_name(a->severity));
	rc |= store_bind_text(s, 4, a->party_id);
	rc |= store_bind_text(s, 5, a->party_name);
	rc |= store_bind_text(s, 6, a->party_type);
	rc |= store_bind_text(s, 7, programs);
	rc |= store_bind_text(s, 8, a->list_source);
	rc |= store_bind_text(s, 9, a->match_text);
	rc |= store_bind_text(s, 10, a->match_name);
	rc |= store_bind_text(s, 11, matcher_method_name(a->method));
	rc |= sqlite3_bind_double(s, 12, a->score);
	rc |= store_bind_size(s, 13, a->start);
	rc |= store_bind_size(s, 14, a->end);
	rc |= store_bind_size(s, 15, a->count);
	rc |= store_bind_text(s, 16, a->source_id);
	rc |= store_bind_text(s, 17, a->url);
	rc |= store_bind_text(s, 18, a->title);
	rc |= store_bind_text(s, 19, a->sha256);
	rc |= store_bind_text(s, 20, countries);
	rc |= store_bind_text(s, 21, a->snippet);
	rc |= store_bind_text(s, 22, a->watchlist[0] != '\0' ? a->watchlist :
	    NULL);
	rc |= store_bind_text(s, 23, also);
	rc |= store_bind_text(s, 24, a->explain);
	rc |= store_bind_text(s, 25, topics);
	rc |= a->suppressed_by > 0 ? sqlite3_bind_int64(s, 26,
	    a->suppressed_by) : sqlite3_bind_null(s, 26);
	rc |= store_bind_text(s, 27, a->published[0] != '\0' ? a->published :
	    NULL);
	rc |= store_bind_text(s, 28, a->kind == PARTY_RULE ? a->party_id :
	    NULL);
	rc |= store_bind_text(s, 29, a->topic);
	rc |= store_bind_text(s, 30, a->spans);
	rc |= store_bind_text(s, 31, a->parties);
	return (rc == SQLITE_OK ? 0 : -1);
}

/* Insert an alert; set its id and time (now) once it is stored. */
int
store_alert_add(struct store *st, struct alert *a)
{
	sqlite3_stmt	*s = st->stmts[STMT_ALERT_ADD];
	char		*programs, *countries, *also, *topics, now[32];
	int		 rc;

	store_now(now, sizeof now);
	programs = alert_json_array(&a->programs);
	countries = alert_json_array(&a->countries);
	also = alert_json_array(&a->also);
	topics = alert_json_array(&a->topics);
	rc = store_run_bound(st, STMT_ALERT_ADD, store_bind_alert(s, a, now,
	    programs, countries, also, topics));
	free(programs);
	free(countries);
	free(also);
	free(topics);
	if (rc == 0) {
		a->id = sqlite3_last_insert_rowid(st->db);
		snprintf(a->time, sizeof a->time, "%s", now);
	}
	return (rc);
}

/*
 * Forget documents not seen for age seconds (alerts are kept).  Returns how
 * many were removed, or -1.  A forgotten page that comes back is scanned
 * again, and the alert identity rule still keeps it from alerting twice.
 */
int64_t
store_documents_prune(struct store *st, uint64_t age)
{
	sqlite3_stmt	*s = st->stmts[STMT_DOCUMENTS_PRUNE];
	char		 cutoff[32];
	time_t		 t = time(NULL) - (time_t)age;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(cutoff, sizeof cutoff, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (store_bind_text(s, 1, cutoff) != SQLITE_OK ||
	    store_run(st, STMT_DOCUMENTS_PRUNE) != 0)
		return (-1);
	return (sqlite3_changes64(st->db));
}

/* The one integer a statement without parameters yields, or -1. */
int64_t
store_int64(struct store *st, enum store_stmt idx)
{
	sqlite3_stmt	*s = st->stmts[idx];
	int64_t		 n = -1;

	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		store_warn(st, idx);
	store_reset(s);
	return (n);
}

/* The id of the newest alert in the database, 0 if none, -1 on error. */
int64_t
store_alert_last_id(struct store *st)
{
	return (store_int64(st, STMT_ALERT_LAST_ID));
}

/* The number of alerts written since 00:00 UTC, by any run, or -1. */
int64_t
store_alerts_today(struct store *st)
{
	return (store_int64(st, STMT_ALERTS_TODAY));
}

/* The number of alerts in the database, or -1. */
int64_t
store_alert_count(struct store *st)
{
	return (store_int64(st, STMT_ALERT_COUNT));
}

/*
 * Whether the party of an alert was already alerted for the same article:
 * the same URL, or the same extracted text under another URL.  1 yes, 0 no,
 * -1 on error.
 */
int
store_alert_known(struct store *st, const struct alert *a)
{
	sqlite3_stmt	*s = st->stmts[STMT_ALERT_KNOWN];
	int		 rc = -1;

	if (store_bind_text(s, 1, a->party_id) != SQLITE_OK ||
	    store_bind_text(s, 2, store_kind_name(a->kind)) != SQLITE_OK ||
	    store_bind_text(s, 3, a->url) != SQLITE_OK ||
	    store_bind_text(s, 4, a->sha256) != SQLITE_OK)
		store_warn(st, STMT_ALERT_KNOWN);
	else if (sqlite3_step(s) == SQLITE_ROW)
		rc = sqlite3_column_int(s, 0) != 0;
	else
		store_warn(st, STMT_ALERT_KNOWN);
	store_reset(s);
	return (rc);
}

/* A text column as a new string, or NULL. */
char *
store_column_dup(sqlite3_stmt *s, int col)
{
	const unsigned char	*t = sqlite3_column_text(s, col);

	return (t != NULL ? xstrdup((const char *)t) : NULL);
}

/* A JSON array column of strings into sv. */
static void
store_column_strv(sqlite3_stmt *s, int col, struct strv *sv)
{
	json_t	*a, *v;
	size_t	 i;

	a = json_loads((const char *)sqlite3_column_text(s, col), 0, NULL);
	json_array_foreach(a, i, v) {
		if (json_is_string(v))
			strv_push(sv, json_string_value(v));
	}
	json_decref(a);
}

/* Fill an alert from a row of STORE_ALERT_COLUMNS. */
void
store_row_alert(sqlite3_stmt *s, struct alert *a)
{
	const char	*t;
	int		 sev, m, st;

	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(s, 0);
	snprintf(a->time, sizeof a->time, "%s", sqlite3_column_text(s, 1));
	t = (const char *)sqlite3_column_text(s, 2);
	a->kind = (sev = alert_kind_parse(t)) != -1 ? (enum party_kind)sev :
	    PARTY_ENTITY;
	sev = alert_severity_parse((const char *)sqlite3_column_text(s, 3));
	a->severity = sev != -1 ? (enum severity)sev : SEVERITY_LOW;
	a->party_id = store_column_dup(s, 4);
	a->party_name = store_column_dup(s, 5);
	a->party_type = store_column_dup(s, 6);
	store_column_strv(s, 7, &a->programs);
	a->list_source = store_column_dup(s, 8);
	a->match_text = store_column_dup(s, 9);
	a->match_name = store_column_dup(s, 10);
	m = matcher_method_parse((const char *)sqlite3_column_text(s, 11));
	a->method = m != -1 ? (enum match_method)m : MATCH_UNKNOWN;
	a->score = sqlite3_column_double(s, 12);
	a->start = (size_t)sqlite3_column_int64(s, 13);
	a->end = (size_t)sqlite3_column_int64(s, 14);
	a->count = (unsigned)sqlite3_column_int64(s, 15);
	a->source_id = store_column_dup(s, 16);
	a->url = store_column_dup(s, 17);
	a->title = store_column_dup(s, 18);
	snprintf(a->sha256, sizeof a->sha256, "%s", sqlite3_column_text(s, 19));
	store_column_strv(s, 20, &a->countries);
	a->snippet = store_column_dup(s, 21);
	if ((t = (const char *)sqlite3_column_text(s, 22)) != NULL)
		snprintf(a->watchlist, sizeof a->watchlist, "%s", t);
	store_column_strv(s, 23, &a->also);
	a->explain = store_column_dup(s, 24);
	store_column_strv(s, 25, &a->topics);
	st = alert_state_parse((const char *)sqlite3_column_text(s, 26));
	a->state = st != -1 ? (enum alert_state)st : STATE_NEW;
	a->suppressed_by = sqlite3_column_int64(s, 27);
	a->party_index = SIZE_MAX;
	if ((t = (const char *)sqlite3_column_text(s, 28)) != NULL)
		snprintf(a->published, sizeof a->published, "%s", t);
	a->topic = store_column_dup(s, 29);
	a->spans = store_column_dup(s, 30);
	a->parties = store_column_dup(s, 31);
}

/*
 * Replay: call cb for each stored alert with an id above after and at most
 * upto (the last committed one: the daemon's own connection would see its
 * open transaction), in order, at most max of them.  Returns how many were
 * read, or -1 on error.  The alert is only valid during the call.
 */
ssize_t
store_replay(struct store *st, int64_t after, int64_t upto, size_t max,
    void (*cb)(const struct alert *, void *), void *arg)
{
	sqlite3_stmt	*s = st->stmts[STMT_ALERT_REPLAY];
	struct alert	 a;
	ssize_t		 n = 0;
	int		 rc;

	if (sqlite3_bind_int64(s, 1, after) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 2, (sqlite3_int64)max) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 3, upto) != SQLITE_OK) {
		store_warn(st, STMT_ALERT_REPLAY);
		store_reset(s);
		return (-1);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_row_alert(s, &a);
		cb(&a, arg);
		alert_clear(&a);
		n++;
	}
	if (rc != SQLITE_DONE) {
		store_warn(st, STMT_ALERT_REPLAY);
		n = -1;
	}
	store_reset(s);
	return (n);
}

/* Bind a document's key and the time, ?1 to ?4, shared by touch and add. */
int
store_bind_document(sqlite3_stmt *s, const struct document *d,
    const char *now)
{
	int	 rc = 0;

	rc |= store_bind_text(s, 1, d->source_id);
	rc |= store_bind_text(s, 2, d->url);
	rc |= store_bind_text(s, 3, d->sha256);
	rc |= store_bind_text(s, 4, now);
	return (rc == SQLITE_OK ? 0 : -1);
}

/* 1 if this text of this URL was recorded before (its last_seen is bumped). */
int
store_document_seen(struct store *st, const struct document *d)
{
	sqlite3_stmt	*s = st->stmts[STMT_DOCUMENT_TOUCH];
	char		 now[32];

	store_now(now, sizeof now);
	if (store_run_bound(st, STMT_DOCUMENT_TOUCH, store_bind_document(s, d,
	    now)) != 0)
		return (-1);
	return (sqlite3_changes(st->db) > 0);
}

/* Record a scanned document; recording it again only bumps last_seen. */
int
store_document_add(struct store *st, const struct document *d)
{
	sqlite3_stmt	*s = st->stmts[STMT_DOCUMENT_ADD];
	char		 now[32];
	int		 rc;

	store_now(now, sizeof now);
	rc = store_bind_document(s, d, now);
	rc |= store_bind_text(s, 5, d->title);
	rc |= store_bind_size(s, 6, d->len);
	rc |= store_bind_text(s, 7, d->published[0] != '\0' ? d->published :
	    NULL);
	return (store_run_bound(st, STMT_DOCUMENT_ADD, rc));
}

/*
 * Record the files of a loaded watchlist in lists, one row each, unless
 * this version of the watchlist was recorded before; all or none, in one
 * transaction (none may be open).  0 or -1.
 */
int
store_lists_add(struct store *st, const struct watchlist *wl)
{
	sqlite3_stmt		*s = st->stmts[STMT_LIST_ADD];
	const struct watchlist_file *f;
	char			 now[32];
	size_t			 i;
	int			 rc;

	if (store_begin(st) == -1)
		return (-1);
	store_now(now, sizeof now);
	for (i = 0; i < wl->files.n; i++) {
		f = &wl->info[i];
		rc = store_bind_text(s, 1, wl->hash);
		rc |= store_bind_text(s, 2, wl->files.v[i]);
		rc |= store_bind_text(s, 3, f->name);
		rc |= store_bind_text(s, 4, f->issuer);
		rc |= store_bind_text(s, 5, f->published);
		rc |= store_bind_text(s, 6, f->sha256);
		rc |= store_bind_size(s, 7, f->entities);
		rc |= store_bind_text(s, 8, now);
		if (store_run_bound(st, STMT_LIST_ADD, rc) != 0) {
			store_rollback(st);
			return (-1);
		}
	}
	if (store_commit(st) == -1) {
		store_rollback(st);
		return (-1);
	}
	return (0);
}

/* Bind a feed item, ?1 to ?5, shared by seen and add. */
static int
store_bind_item(sqlite3_stmt *s, const struct store_item *it,
    const char *now)
{
	int	 rc = 0;

	rc |= store_bind_text(s, 1, it->source_id);
	rc |= store_bind_text(s, 2, it->item_id);
	rc |= store_bind_text(s, 3, it->sha256);
	rc |= store_bind_text(s, 4, now);
	rc |= store_bind_text(s, 5, it->url);
	return (rc == SQLITE_OK ? 0 : -1);
}

/* 1 if this item was seen with this text before (last_seen is bumped). */
int
store_item_seen(struct store *st, const struct store_item *it)
{
	sqlite3_stmt	*s = st->stmts[STMT_ITEM_SEEN];
	char		 now[32];

	store_now(now, sizeof now);
	if (store_run_bound(st, STMT_ITEM_SEEN,
	    store_bind_item(s, it, now)) != 0)
		return (-1);
	return (sqlite3_changes(st->db) > 0);
}

/* Record a feed item and the hash of its text. */
int
store_item_add(struct store *st, const struct store_item *it)
{
	sqlite3_stmt	*s = st->stmts[STMT_ITEM_ADD];
	char		 now[32];

	store_now(now, sizeof now);
	return (store_run_bound(st, STMT_ITEM_ADD, store_bind_item(s, it, now)));
}

/* Forget a source's items not seen for retention_ms; -1 on error. */
int
store_items_prune(struct store *st, const char *source_id,
    uint64_t retention_ms)
{
	sqlite3_stmt	*s = st->stmts[STMT_ITEMS_PRUNE];
	char		 before[32];
	struct tm	 tm;
	time_t		 t;

	t = time(NULL) - (time_t)(retention_ms / 1000 > INT32_MAX ?
	    INT32_MAX : retention_ms / 1000);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return (-1);
	if (store_bind_text(s, 1, source_id) != SQLITE_OK ||
	    store_bind_text(s, 2, before) != SQLITE_OK) {
		store_reset(s);
		return (-1);
	}
	if (store_run(st, STMT_ITEMS_PRUNE) != 0)
		return (-1);
	return (sqlite3_changes(st->db));
}

/*
 * A value of the state table into *value (from malloc; NULL if the key is
 * not there).  0, or -1 on error.
 */
int
store_state_get(struct store *st, const char *key, char **value)
{
	sqlite3_stmt	*s = st->stmts[STMT_STATE_GET];
	int		 rc;

	*value = NULL;
	if (store_bind_text(s, 1, key) != SQLITE_OK) {
		store_warn(st, STMT_STATE_GET);
		store_reset(s);
		return (-1);
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*value = store_column_dup(s, 0);
	else if (rc != SQLITE_DONE)
		store_warn(st, STMT_STATE_GET);
	store_reset(s);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1);
}

/* Set a value of the state table (NULL stores a NULL). */
int
store_state_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt	*s = st->stmts[STMT_STATE_SET];
	int		 rc;

	rc = store_bind_text(s, 1, key);
	rc |= store_bind_text(s, 2, value);
	return (store_run_bound(st, STMT_STATE_SET, rc));
}
