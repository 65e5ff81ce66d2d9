/*
 * Kept texts (retention.texts): each scanned document's text, kept so that
 * a watchlist change can scan it again (a rescan), read back newest first
 * in slices, and forgotten after their retention.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sanctwatchd/sanctwatchd.h"
#include "sanctwatchd/store.h"

/*
 * Keep the text of a scanned document, recorded by store_document_add()
 * before, so that a watchlist change can scan it again.  Keeping it again
 * replaces it and its time.
 */
int
store_text_add(struct store *st, const struct document *d)
{
	sqlite3_stmt	*s = st->stmts[STMT_TEXT_ADD];
	char		 now[32];
	int		 rc;

	store_now(now, sizeof now);
	rc = store_bind_document(s, d, now);
	rc |= sqlite3_bind_blob64(s, 5, d->text != NULL ? d->text : "",
	    d->len, SQLITE_STATIC);
	return (store_run_bound(st, STMT_TEXT_ADD, rc));
}

/*
 * Forget the texts kept for longer than age seconds; age 0 forgets them
 * all.  Returns how many went, or -1.
 */
int64_t
store_texts_prune(struct store *st, uint64_t age)
{
	sqlite3_stmt	*s = st->stmts[STMT_TEXTS_PRUNE];
	char		 cutoff[32];
	struct tm	 tm;
	time_t		 t;

	t = time(NULL) - (time_t)(age > INT32_MAX ? INT32_MAX : age);
	if (age == 0)
		snprintf(cutoff, sizeof cutoff, "9999-12-31T23:59:59Z");
	else if (gmtime_r(&t, &tm) == NULL ||
	    strftime(cutoff, sizeof cutoff, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return (-1);
	if (store_bind_text(s, 1, cutoff) != SQLITE_OK ||
	    store_run(st, STMT_TEXTS_PRUNE) != 0)
		return (-1);
	return (sqlite3_changes64(st->db));
}

/* A row of STMT_TEXTS_READ as a document. */
static struct document *
store_row_document(sqlite3_stmt *s)
{
	struct document	*d;
	const void	*blob;
	const char	*sha, *pub;
	int		 len;

	d = xcalloc(1, sizeof *d);
	d->source_id = store_column_dup(s, 1);
	d->url = store_column_dup(s, 2);
	d->title = store_column_dup(s, 3);
	if ((sha = (const char *)sqlite3_column_text(s, 4)) != NULL)
		snprintf(d->sha256, sizeof d->sha256, "%s", sha);
	blob = sqlite3_column_blob(s, 5);
	len = sqlite3_column_bytes(s, 5);
	d->len = len > 0 ? (size_t)len : 0;
	d->text = xmalloc(d->len + 1);
	if (d->len > 0)
		memcpy(d->text, blob, d->len);
	d->text[d->len] = '\0';
	if ((pub = (const char *)sqlite3_column_text(s, 6)) != NULL)
		snprintf(d->published, sizeof d->published, "%s", pub);
	if (d->source_id == NULL)
		d->source_id = xstrdup("");
	if (d->url == NULL)
		d->url = xstrdup("");
	return (d);
}

/*
 * Read up to max kept texts of documents with ids below before, the newest
 * (highest id) first, into *out (free with store_texts_free).  Returns how
 * many, or -1.  They are copied out, so the caller may write while it
 * holds them.
 */
ssize_t
store_texts_read(struct store *st, int64_t before, size_t max,
    struct store_text **out)
{
	sqlite3_stmt	*s = st->stmts[STMT_TEXTS_READ];
	struct store_text *v;
	size_t		 n = 0;
	int		 rc = SQLITE_DONE;

	*out = NULL;
	if (sqlite3_bind_int64(s, 1, before) != SQLITE_OK ||
	    store_bind_size(s, 2, max) != SQLITE_OK) {
		store_warn(st, STMT_TEXTS_READ);
		store_reset(s);
		return (-1);
	}
	v = xcalloc(max + 1, sizeof *v);
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].doc = store_row_document(s);
		n++;
	}
	if (n < max && rc != SQLITE_DONE) {
		store_warn(st, STMT_TEXTS_READ);
		store_reset(s);
		store_texts_free(v, n);
		return (-1);
	}
	store_reset(s);
	*out = v;
	return ((ssize_t)n);
}

/* Free what store_texts_read() returned. */
void
store_texts_free(struct store_text *v, size_t n)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		document_free(v[i].doc);
	free(v);
}

/* The number of kept texts, or -1. */
int64_t
store_texts_count(struct store *st)
{
	return (store_int64(st, STMT_TEXTS_COUNT));
}

