/*
 * The delivery outbox (schema/NNN-outbox.sql, docs/delivery.md): a row per
 * alert and target, added in the alert's own transaction, then claimed,
 * retried and closed by the delivery engine (deliver.c).  Its times are
 * UTC to the millisecond, "YYYY-MM-DDTHH:MM:SS.sssZ", made by the caller
 * (deliver_time), so they sort as text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanctwatchd/sanctwatchd.h"
#include "sanctwatchd/store.h"

/* Queue an alert for a target (once: a second add is a no-op).  0 or -1. */
int
store_outbox_add(struct store *st, int64_t alert_id, const char *target,
    const char *now)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_ADD];
	int		 rc = 0;

	rc |= sqlite3_bind_int64(s, 1, alert_id);
	rc |= store_bind_text(s, 2, target);
	rc |= store_bind_text(s, 3, now);
	rc |= store_bind_text(s, 4, now);
	return (store_run_bound(st, STMT_OUTBOX_ADD, rc));
}

/* Up to max queued rows of a target due at now, the earliest first. */
ssize_t
store_outbox_due(struct store *st, const char *target, const char *now,
    struct store_outbox_row *v, size_t max)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_DUE];
	const char	*q;
	ssize_t		 n = 0;
	int		 rc = 0;

	rc |= store_bind_text(s, 1, target);
	rc |= store_bind_text(s, 2, now);
	rc |= store_bind_size(s, 3, max);
	if (rc != SQLITE_OK) {
		store_warn(st, STMT_OUTBOX_DUE);
		store_reset(s);
		return (-1);
	}
	while ((size_t)n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].alert_id = sqlite3_column_int64(s, 1);
		v[n].attempts = (unsigned)sqlite3_column_int64(s, 2);
		q = (const char *)sqlite3_column_text(s, 3);
		snprintf(v[n].queued_at, sizeof v[n].queued_at, "%s",
		    q != NULL ? q : "");
		n++;
	}
	if ((size_t)n < max && rc != SQLITE_DONE) {
		store_warn(st, STMT_OUTBOX_DUE);
		n = -1;
	}
	store_reset(s);
	return (n);
}

/* When a target's next queued row is due, into buf: 1, 0 if none, or -1. */
int
store_outbox_next(struct store *st, const char *target, char *buf,
    size_t len)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_NEXT];
	const char	*t;
	int		 rc = -1;

	if (store_bind_text(s, 1, target) != SQLITE_OK) {
		store_reset(s);
		return (-1);
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s, 0);
		rc = t != NULL;
		if (t != NULL)
			snprintf(buf, len, "%s", t);
	} else
		store_warn(st, STMT_OUTBOX_NEXT);
	store_reset(s);
	return (rc);
}

/*
 * An attempt starts: count it and push the row's due time past the
 * attempt (lease), so a crash during it retries it later.  0 or -1.
 */
int
store_outbox_claim(struct store *st, int64_t id, const char *now,
    const char *lease)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_CLAIM];
	int		 rc = 0;

	rc |= sqlite3_bind_int64(s, 1, id);
	rc |= store_bind_text(s, 2, now);
	rc |= store_bind_text(s, 3, lease);
	return (store_run_bound(st, STMT_OUTBOX_CLAIM, rc));
}

/* An attempt failed: its error, and when to try again.  0 or -1. */
int
store_outbox_retry(struct store *st, int64_t id, const char *error,
    const char *next)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_RETRY];
	int		 rc = 0;

	rc |= sqlite3_bind_int64(s, 1, id);
	rc |= store_bind_text(s, 2, error);
	rc |= store_bind_text(s, 3, next);
	return (store_run_bound(st, STMT_OUTBOX_RETRY, rc));
}

/* Close a row: delivered, dead or skipped (error NULL keeps the last). */
int
store_outbox_done(struct store *st, int64_t id, const char *state,
    const char *now, const char *error)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_DONE];
	int		 rc = 0;

	rc |= sqlite3_bind_int64(s, 1, id);
	rc |= store_bind_text(s, 2, state);
	rc |= store_bind_text(s, 3, now);
	rc |= store_bind_text(s, 4, error);
	return (store_run_bound(st, STMT_OUTBOX_DONE, rc));
}

/* Each target's counts of rows, through cb.  0 or -1. */
int
store_outbox_stats(struct store *st, store_outbox_stats_cb cb, void *arg)
{
	sqlite3_stmt			*s = st->stmts[STMT_OUTBOX_STATS];
	struct store_outbox_stats	 o;
	int				 rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o.target = (const char *)sqlite3_column_text(s, 0);
		o.queued = sqlite3_column_int64(s, 1);
		o.delivered = sqlite3_column_int64(s, 2);
		o.dead = sqlite3_column_int64(s, 3);
		o.last_delivered = (const char *)sqlite3_column_text(s, 4);
		if (o.target != NULL)
			cb(&o, arg);
	}
	if (rc != SQLITE_DONE)
		store_warn(st, STMT_OUTBOX_STATS);
	store_reset(s);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Forget rows closed before cutoff.  How many, or -1. */
int64_t
store_outbox_prune(struct store *st, const char *cutoff)
{
	sqlite3_stmt	*s = st->stmts[STMT_OUTBOX_PRUNE];

	if (store_bind_text(s, 1, cutoff) != SQLITE_OK ||
	    store_run(st, STMT_OUTBOX_PRUNE) != 0)
		return (-1);
	return (sqlite3_changes64(st->db));
}
