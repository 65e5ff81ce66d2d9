/*
 * The cluster outbox (schema/NNN-cluster.sql, docs/cluster.md): a row per
 * alert for the cluster's JetStream stream, added in the alert's own
 * transaction, read in id order by cluster.c and deleted once the stream
 * acknowledged it.  Its few statements are prepared per call: they run
 * once per alert and once per published batch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanctwatchd/sanctwatchd.h"
#include "sanctwatchd/store.h"

/* Prepare one statement; NULL (logged) on failure. */
static sqlite3_stmt *
store_cluster_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt	*s = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		log_warnx("%s: cluster outbox: %s", st->path,
		    sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		return (NULL);
	}
	return (s);
}

/* Step a bound statement to its end; 0 or -1 (logged). */
static int
store_cluster_done_stmt(struct store *st, sqlite3_stmt *s, int rc)
{
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		log_warnx("%s: cluster outbox: %s", st->path,
		    sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return (rc == SQLITE_OK ? 0 : -1);
}

/* Queue an alert for the stream (once: a second add is a no-op). */
int
store_cluster_add(struct store *st, int64_t alert_id, const char *subject,
    const char *msg_id, const char *body)
{
	sqlite3_stmt	*s;
	char		 now[32];
	int		 rc = 0;

	s = store_cluster_prepare(st, "INSERT INTO cluster_outbox (alert_id, "
	    "subject, msg_id, body, queued_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT (alert_id) DO NOTHING");
	if (s == NULL)
		return (-1);
	store_now(now, sizeof now);
	rc |= sqlite3_bind_int64(s, 1, alert_id);
	rc |= store_bind_text(s, 2, subject);
	rc |= store_bind_text(s, 3, msg_id);
	rc |= store_bind_text(s, 4, body);
	rc |= store_bind_text(s, 5, now);
	return (store_cluster_done_stmt(st, s, rc));
}

/* Up to max queued rows after id after, oldest first: how many, or -1. */
ssize_t
store_cluster_due(struct store *st, int64_t after, size_t max,
    struct store_cluster_row *v)
{
	sqlite3_stmt	*s;
	ssize_t		 n = 0;
	int		 rc;

	s = store_cluster_prepare(st, "SELECT id, subject, msg_id, body "
	    "FROM cluster_outbox WHERE id > ? ORDER BY id LIMIT ?");
	if (s == NULL)
		return (-1);
	rc = sqlite3_bind_int64(s, 1, after);
	rc |= store_bind_size(s, 2, max);
	while (rc == SQLITE_OK && (size_t)n < max &&
	    (rc = sqlite3_step(s)) == SQLITE_ROW) {
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].subject = store_column_dup(s, 1);
		v[n].msg_id = store_column_dup(s, 2);
		v[n].body = store_column_dup(s, 3);
		n++;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		log_warnx("%s: cluster outbox: %s", st->path,
		    sqlite3_errmsg(st->db));
		store_cluster_rows_free(v, (size_t)n);
		n = -1;
	}
	sqlite3_finalize(s);
	return (n);
}

/* Free what store_cluster_due read. */
void
store_cluster_rows_free(struct store_cluster_row *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].subject);
		free(v[i].msg_id);
		free(v[i].body);
	}
}

/* The stream stored every row up to id: forget them.  0 or -1. */
int
store_cluster_published(struct store *st, int64_t id)
{
	sqlite3_stmt	*s;

	s = store_cluster_prepare(st, "DELETE FROM cluster_outbox "
	    "WHERE id <= ?");
	if (s == NULL)
		return (-1);
	return (store_cluster_done_stmt(st, s, sqlite3_bind_int64(s, 1, id)));
}

/* Rows waiting for the stream, or -1. */
int64_t
store_cluster_queued(struct store *st)
{
	sqlite3_stmt	*s;
	int64_t		 n = -1;

	s = store_cluster_prepare(st, "SELECT count(*) FROM cluster_outbox");
	if (s == NULL)
		return (-1);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (n);
}

/* Whether a transaction is open (the pipeline's batch of this loop turn). */
int
store_in_transaction(struct store *st)
{
	return (sqlite3_get_autocommit(st->db) == 0);
}
