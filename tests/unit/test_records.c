/*
 * What the store keeps of issue 13's records, against a real database
 * file: an alert's and a document's publication date written, read back
 * by replay and by the kept texts a rescan reads (the first date a
 * document was recorded with stays), and the lists table: one row per
 * file of each watchlist version, recorded once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

struct rdb {
	char	 dir[64];
	char	 path[128];
	int	 level;
};

/* A private directory and a database path in it. */
static void
rdb_init(struct rdb *t)
{
	t->level = log_getlevel();
	log_setlevel(LOG_LVL_WARNING);
	snprintf(t->dir, sizeof t->dir, "/tmp/sanctwatch-records.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		fatal("mkdtemp");
	snprintf(t->path, sizeof t->path, "%s/alerts.db", t->dir);
}

/* Remove the database and its directory. */
static void
rdb_done(struct rdb *t)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	char	 p[160];
	size_t	 i;

	for (i = 0; i < nitems(suffix); i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
	log_setlevel(t->level);
}

/* The first column of the first row as a string, "NULL" for NULL. */
static char *
rdb_text(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	char		*out = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		out = xasprintf("error: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return (out);
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		out = xstrdup(sqlite3_column_type(s, 0) == SQLITE_NULL ?
		    "NULL" : (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return (out != NULL ? out : xstrdup("no row"));
}

#define CHECK_SQL(path, sql, want) do {					\
	char	*q_ = rdb_text((path), (sql));				\
	CHECK_STR(q_, (want));						\
	free(q_);							\
} while (0)

/* A document of a feed with a date. */
static void
doc_make(struct document *d, const char *url, const char *text,
    const char *published)
{
	memset(d, 0, sizeof *d);
	d->source_id = "feed";
	d->url = (char *)(uintptr_t)url;
	d->text = (char *)(uintptr_t)text;
	d->len = strlen(text);
	sha256_hex(d->text, d->len, d->sha256);
	snprintf(d->published, sizeof d->published, "%s", published);
}

/* Keep the published date of a replayed alert. */
static void
replay_cb(const struct alert *a, void *arg)
{
	snprintf(arg, DATE_ISO_LEN, "%s", a->published[0] != '\0' ?
	    a->published : "none");
}

static void
test_published(void)
{
	struct rdb		 t;
	struct store		*st;
	struct document		 d;
	struct alert		 a;
	struct store_text	*v;
	char			*cause = NULL, got[DATE_ISO_LEN];
	ssize_t			 n;

	rdb_init(&t);
	if (!CHECK((st = store_open(t.path, &cause)) != NULL)) {
		free(cause);
		rdb_done(&t);
		return;
	}
	doc_make(&d, "https://news.example.org/1", "Cargoline was fined.",
	    "2024-03-05T09:15:30Z");
	CHECK_INT(store_document_add(st, &d), 0);
	CHECK_INT(store_text_add(st, &d), 0);
	snprintf(d.published, sizeof d.published, "2025-01-01T00:00:00Z");
	CHECK_INT(store_document_add(st, &d), 0);	/* the first date stays */
	n = store_texts_read(st, INT64_MAX, 10, &v);
	if (CHECK_INT(n, 1))
		CHECK_STR(v[0].doc->published, "2024-03-05T09:15:30Z");
	store_texts_free(v, n > 0 ? (size_t)n : 0);

	memset(&a, 0, sizeof a);
	a.kind = PARTY_ENTITY;
	a.party_id = "ofac-44030";
	a.party_name = "OSOO KARGOLAYN";
	a.match_text = a.match_name = "Cargoline";
	a.score = 0.9;
	a.count = 1;
	a.source_id = "feed";
	a.url = d.url;
	memcpy(a.sha256, d.sha256, sizeof a.sha256);
	snprintf(a.published, sizeof a.published, "2024-03-05T09:15:30Z");
	CHECK_INT(store_alert_add(st, &a), 0);
	a.published[0] = '\0';			/* unknown: NULL */
	a.url = "https://news.example.org/2";
	CHECK_INT(store_alert_add(st, &a), 0);
	CHECK_INT(store_replay(st, 0, 1, 10, replay_cb, got), 1);
	CHECK_STR(got, "2024-03-05T09:15:30Z");
	CHECK_INT(store_replay(st, 1, 2, 10, replay_cb, got), 1);
	CHECK_STR(got, "none");
	store_close(st);
	CHECK_SQL(t.path, "SELECT group_concat(quote(published), ' ') FROM "
	    "(SELECT published FROM alerts ORDER BY id)",
	    "'2024-03-05T09:15:30Z' NULL");
	CHECK_SQL(t.path, "SELECT published FROM documents",
	    "2024-03-05T09:15:30Z");
	rdb_done(&t);
}

static void
test_lists(void)
{
	static const char yaml[] = "version: 1\nname: \"UN list\"\n"
	    "issuer: \"United Nations Security Council\"\n"
	    "published: \"2026-02-27\"\nentities:\n"
	    "  - {\"id\": \"un-1\", \"name\": \"Ahmad Example\"}\n";
	struct rdb		 t;
	struct store		*st;
	struct watchlist	*w;
	struct diag		 dg = { 0 };
	char			*cause = NULL, *sql;

	rdb_init(&t);
	w = watchlist_load_mem("/etc/sanctwatch/un.yaml", yaml,
	    strlen(yaml), &dg);
	st = store_open(t.path, &cause);
	if (!CHECK(w != NULL && st != NULL)) {
		free(cause);
		watchlist_free(w);
		store_close(st);
		rdb_done(&t);
		return;
	}
	CHECK_INT(store_lists_add(st, w), 0);
	CHECK_INT(store_lists_add(st, w), 0);	/* the same version: once */
	store_close(st);
	CHECK_SQL(t.path, "SELECT count(*) FROM lists", "1");
	CHECK_SQL(t.path, "SELECT path || '|' || name || '|' || issuer || '|' "
	    "|| published || '|' || entities FROM lists",
	    "/etc/sanctwatch/un.yaml|UN list|United Nations Security Council|"
	    "2026-02-27|1");
	sql = xasprintf("SELECT watchlist_sha256 = '%s' AND sha256 = '%s' "
	    "AND loaded_at GLOB '20[0-9][0-9]-*Z' FROM lists", w->hash,
	    w->info[0].sha256);
	CHECK_SQL(t.path, sql, "1");
	free(sql);
	watchlist_free(w);
	diag_free(&dg);
	rdb_done(&t);
}

UNIT_SUITE(records,
	{ "published-stored", test_published },
	{ "lists-table", test_lists },
)
