/*
 * The sources' polling state in the database: each poll's outcome, its
 * validators and schedule (schema 2) and error classes; read back for the
 * "sources" reply, the STATUS= counts, and for the poller at start
 * (store_sources_saved), so a restart keeps validators, backoff and the
 * next poll time.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"
#include "sanctwatchd/store.h"

static int	store_source_poll(struct store *,
		    const struct store_source_state *, const char *);

/* A string with its URLs' credentials redacted, or itself: free *keep. */
static const char *
store_redacted(const char *s, char **keep)
{
	*keep = s != NULL ? redact_secrets(s) : NULL;
	return (*keep != NULL ? *keep : s);
}

/*
 * Record the outcome of one poll of a source.  URLs and errors are stored
 * with the credentials of their URLs redacted ("user:***@", "apiKey=***"):
 * the sources table is what `sanctwatch sources` shows.
 */
int
store_source_update(struct store *st, const struct store_source_state *ss)
{
	sqlite3_stmt	*s = st->stmts[STMT_SOURCE_UPDATE];
	struct store_source_state red = *ss;
	const char	*error = NULL;
	char		 now[32], *url, *perm, *err;
	int		 rc = 0;

	red.url = store_redacted(ss->url, &url);
	red.permanent_url = store_redacted(ss->permanent_url, &perm);
	red.error = store_redacted(ss->error, &err);
	ss = &red;
	if (!ss->ok)
		error = ss->error != NULL ? ss->error : "unknown error";
	store_now(now, sizeof now);
	rc |= store_bind_text(s, 1, ss->source_id);
	rc |= store_bind_text(s, 2, ss->url);
	rc |= store_bind_text(s, 3, now);
	rc |= sqlite3_bind_int(s, 4, ss->ok ? 1 : 0);
	if (ss->http_code > 0)
		rc |= sqlite3_bind_int64(s, 5, ss->http_code);
	rc |= store_bind_text(s, 6, error);
	rc |= store_bind_size(s, 7, ss->elapsed_ms);
	if (store_run_bound(st, STMT_SOURCE_UPDATE, rc) != 0)
		rc = -1;
	else
		rc = store_source_poll(st, ss, now);
	free(url);
	free(perm);
	free(err);
	return (rc);
}

/* The UTC time ms milliseconds from now, as store_now writes it. */
static void
store_time_in(char *buf, size_t len, uint64_t ms)
{
	struct tm	 tm;
	time_t		 t;

	t = time(NULL) + (time_t)(ms / 1000 > INT32_MAX ? INT32_MAX :
	    ms / 1000);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
}

/* Record a poll's polling state (schema 2) and count its error class. */
static int
store_source_poll(struct store *st, const struct store_source_state *ss,
    const char *now)
{
	sqlite3_stmt	*s = st->stmts[STMT_SOURCE_POLL];
	const char	*class = ss->ok ? NULL : ss->error_class;
	char		 next[32];
	int		 rc = 0;

	if (!ss->ok && class == NULL)
		class = "error";
	store_time_in(next, sizeof next, ss->next_ms);
	rc |= store_bind_text(s, 1, ss->source_id);
	rc |= store_bind_text(s, 2, ss->etag);
	rc |= store_bind_text(s, 3, ss->last_modified);
	rc |= store_bind_text(s, 4, class);
	rc |= store_bind_text(s, 5, now);
	rc |= sqlite3_bind_int64(s, 6, ss->backoff_errors);
	rc |= store_bind_text(s, 7, ss->next_ms > 0 ? next : NULL);
	rc |= sqlite3_bind_int(s, 8, ss->disabled ? 1 : 0);
	rc |= store_bind_text(s, 9, ss->permanent_url);
	rc |= sqlite3_bind_int(s, 10, ss->unchanged ? 1 : 0);
	rc |= sqlite3_bind_int(s, 11, ss->new_items);
	if (store_run_bound(st, STMT_SOURCE_POLL, rc) != 0)
		return (-1);
	if (class == NULL)
		return (0);
	s = st->stmts[STMT_SOURCE_ERROR];
	rc |= store_bind_text(s, 1, ss->source_id);
	rc |= store_bind_text(s, 2, class);
	rc |= store_bind_text(s, 3, now);
	rc |= store_bind_text(s, 4, ss->error);
	return (store_run_bound(st, STMT_SOURCE_ERROR, rc));
}

/*
 * Every source's polling state as a JSON array (SQLite builds it; it is
 * parsed here, once, into the reply's value); NULL on error.
 */
json_t *
store_sources_json(struct store *st)
{
	sqlite3_stmt	*s = st->stmts[STMT_SOURCES_JSON];
	json_t		*list = NULL;

	if (sqlite3_step(s) == SQLITE_ROW)
		list = json_loads((const char *)sqlite3_column_text(s, 0), 0,
		    NULL);
	else
		store_warn(st, STMT_SOURCES_JSON);
	store_reset(s);
	return (list);
}

/*
 * Whether a source's last poll succeeded: 1, 0 if it failed, -1 if it was
 * never polled (or on error).
 */
int
store_source_ok(struct store *st, const char *id)
{
	sqlite3_stmt	*s = st->stmts[STMT_SOURCE_OK];
	int		 rc, ok = -1;

	if (store_bind_text(s, 1, id) != SQLITE_OK)
		store_warn(st, STMT_SOURCE_OK);
	else if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		ok = sqlite3_column_int(s, 0) != 0;
	else if (rc != SQLITE_DONE)
		store_warn(st, STMT_SOURCE_OK);
	store_reset(s);
	return (ok);
}

/* Copy a row of STMT_SOURCES_SAVED. */
static void
store_row_saved(sqlite3_stmt *s, struct store_saved *sv)
{
	sv->source_id = store_column_dup(s, 0);
	sv->etag = store_column_dup(s, 1);
	sv->last_modified = store_column_dup(s, 2);
	sv->backoff_errors = (unsigned)sqlite3_column_int(s, 3);
	sv->next_ms = (uint64_t)sqlite3_column_int64(s, 4);
	sv->url = store_column_dup(s, 5);
	sv->disabled = sqlite3_column_int(s, 6);
}

/*
 * The validators, error counts and next polls a previous run left, one row
 * per source, into *out (free with store_saved_free).  How many, or -1.
 */
ssize_t
store_sources_saved(struct store *st, struct store_saved **out)
{
	sqlite3_stmt	*s = st->stmts[STMT_SOURCES_SAVED];
	struct store_saved *v = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		store_row_saved(s, &v[n++]);
	}
	store_reset(s);
	if (rc != SQLITE_DONE) {
		store_warn(st, STMT_SOURCES_SAVED);
		store_saved_free(v, n);
		v = NULL;
		n = 0;
	}
	*out = v;
	return (rc != SQLITE_DONE ? -1 : (ssize_t)n);
}

/* Free what store_sources_saved() returned. */
void
store_saved_free(struct store_saved *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].source_id);
		free(v[i].etag);
		free(v[i].last_modified);
		free(v[i].url);
	}
	free(v);
}
