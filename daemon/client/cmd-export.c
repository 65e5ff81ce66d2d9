/*
 * sanctwatch export: the alert history for an auditor, read-only from the
 * database.  Each alert is written with its decisions (who decided what,
 * when, and why) and the list files that produced it (name, issuer, the
 * list's own publication date, SHA-256), as NDJSON (one object per line)
 * or as CSV (one row per alert, the latest decision flattened).
 *
 * One SQL query builds each alert's JSON object inside SQLite, from one
 * read transaction, so the export is a consistent snapshot however long it
 * takes and however the daemon writes meanwhile; CSV rows are flattened
 * from the same objects, so the two formats cannot disagree.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/client.h"

static int	cmd_export_exec(int, char **);

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "export [-c FILE | -d DATABASE] [--from DATE] [--to DATE] "
	    "[--format ndjson|csv]",
	.exec = cmd_export_exec,
};

/*
 * The alert record of docs/alerts.md, with its state, decisions and lists.
 * ?1 and ?2 bound the alert's time (created_at), both inclusive.
 */
static const char export_sql[] =
"SELECT json_object("
"  'id', a.id, 'time', a.created_at, 'kind', a.kind,"
"  'severity', a.severity,"
"  'state', coalesce(s.state, 'new'),"
"  'suppressed_by', a.suppressed_by,"
"  'entity', json_object('id', a.entity_id, 'name', a.entity_name,"
"    'type', a.entity_type, 'programs', json(a.programs),"
"    'source', a.list_source, 'also', json(a.also)),"
"  'match', json_object('text', a.matched_text, 'name', a.match_name,"
"    'method', a.method, 'score', a.score, 'start', a.start_offset,"
"    'end', a.end_offset, 'count', a.match_count,"
"    'explain', json(a.explain)),"
"  'document', json_object('source', a.source_id, 'url', a.url,"
"    'title', a.title, 'sha256', a.sha256, 'published', a.published),"
"  'countries', json(a.countries), 'snippet', a.snippet,"
"  'watchlist_sha256', a.watchlist_sha256,"
"  'decisions', (SELECT json_group_array(json_object('id', d.id,"
"      'time', d.created_at, 'action', d.action, 'scope', d.scope,"
"      'until', d.until, 'note', d.note, 'user', d.user, 'uid', d.uid,"
"      'alert', d.alert_id))"
"    FROM (SELECT * FROM decisions"
"      WHERE alert_id = a.id OR id = a.suppressed_by ORDER BY id) AS d),"
"  'lists', (SELECT json_group_array(json_object('path', l.path,"
"      'name', l.name, 'issuer', l.issuer, 'published', l.published,"
"      'sha256', l.sha256, 'entities', l.entities,"
"      'loaded_at', l.loaded_at))"
"    FROM (SELECT * FROM lists"
"      WHERE watchlist_sha256 = a.watchlist_sha256 ORDER BY path) AS l))"
" FROM alerts AS a LEFT JOIN alert_states AS s ON s.alert_id = a.id"
" WHERE a.created_at >= ?1 AND a.created_at <= ?2"
" ORDER BY a.id";

/* The CSV columns: a heading and where its value is in the object. */
struct export_column {
	const char	*heading;
	const char	*path;		/* "a.b" is member b of member a */
};

static const struct export_column export_columns[] = {
	{ "id", "id" },
	{ "time", "time" },
	{ "kind", "kind" },
	{ "severity", "severity" },
	{ "state", "state" },
	{ "entity_id", "entity.id" },
	{ "entity_name", "entity.name" },
	{ "entity_type", "entity.type" },
	{ "programs", "entity.programs" },
	{ "list_source", "entity.source" },
	{ "also", "entity.also" },
	{ "matched_text", "match.text" },
	{ "match_name", "match.name" },
	{ "method", "match.method" },
	{ "score", "match.score" },
	{ "source_id", "document.source" },
	{ "url", "document.url" },
	{ "title", "document.title" },
	{ "published", "document.published" },
	{ "sha256", "document.sha256" },
	{ "countries", "countries" },
	{ "snippet", "snippet" },
	{ "watchlist_sha256", "watchlist_sha256" },
};

/* Decision columns: of the latest decision on the alert itself. */
static const struct export_column export_decision_columns[] = {
	{ "decision", "action" },
	{ "decision_scope", "scope" },
	{ "decision_until", "until" },
	{ "decided_by", "user" },
	{ "decided_at", "time" },
	{ "decision_note", "note" },
};

/* Write one CSV field, quoted where RFC 4180 needs it. */
static void
export_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* The strings of sv joined by sep, as a new string. */
static char *
export_join(const struct strv *sv, const char *sep)
{
	char	*s, *t;
	size_t	 i;

	s = xstrdup("");
	for (i = 0; i < sv->n; i++) {
		t = xasprintf("%s%s%s", s, i > 0 ? sep : "", sv->v[i]);
		free(s);
		s = t;
	}
	return (s);
}

/* A JSON value as CSV text: strings as they are, arrays joined by "; ". */
static char *
export_csv_text(json_t *v)
{
	struct strv	 sv;
	json_t		*e;
	size_t		 i;
	char		*s;

	if (v == NULL || json_is_null(v))
		return (xstrdup(""));
	if (json_is_string(v))
		return (xstrdup(json_string_value(v)));
	if (json_is_integer(v))
		return (xasprintf("%lld", (long long)json_integer_value(v)));
	if (json_is_real(v))
		return (xasprintf("%.4g", json_real_value(v)));
	if (json_is_array(v)) {
		memset(&sv, 0, sizeof sv);
		json_array_foreach(v, i, e) {
			s = export_csv_text(e);
			strv_push(&sv, s);
			free(s);
		}
		s = export_join(&sv, "; ");
		strv_free(&sv);
		return (s);
	}
	return (json_dumps(v, JSON_COMPACT) ?: xstrdup(""));
}

/* The member of o at a dotted path, or NULL. */
static json_t *
export_get(json_t *o, const char *path)
{
	const char	*dot;
	char		 key[64];

	while (o != NULL && (dot = strchr(path, '.')) != NULL) {
		snprintf(key, sizeof key, "%.*s", (int)(dot - path), path);
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return (o == NULL ? NULL : json_object_get(o, path));
}

/* One list file as a CSV word: "name (published) sha256:abcdef012345". */
static void
export_csv_lists(FILE *f, json_t *lists)
{
	struct strv	 sv;
	json_t		*l;
	size_t		 i;
	const char	*name, *pub, *sha;
	char		*s;

	memset(&sv, 0, sizeof sv);
	json_array_foreach(lists, i, l) {
		name = json_string_value(json_object_get(l, "name"));
		if (name == NULL)
			name = json_string_value(json_object_get(l, "path"));
		pub = json_string_value(json_object_get(l, "published"));
		sha = json_string_value(json_object_get(l, "sha256"));
		s = xasprintf("%s (%s) sha256:%.12s", name ? name : "?",
		    pub ? pub : "undated", sha ? sha : "");
		strv_push(&sv, s);
		free(s);
	}
	s = export_join(&sv, " | ");
	export_csv_field(f, s);
	free(s);
	strv_free(&sv);
}

static void
export_csv_heading(FILE *f)
{
	size_t	 i;

	for (i = 0; i < nitems(export_columns); i++)
		fprintf(f, "%s,", export_columns[i].heading);
	for (i = 0; i < nitems(export_decision_columns); i++)
		fprintf(f, "%s,", export_decision_columns[i].heading);
	fputs("decisions,lists\r\n", f);
}

/* One alert object as one CSV row. */
static void
export_csv_row(FILE *f, json_t *o)
{
	json_t	*decisions, *d, *last = NULL;
	size_t	 i;
	char	*s;

	for (i = 0; i < nitems(export_columns); i++) {
		s = export_csv_text(export_get(o, export_columns[i].path));
		export_csv_field(f, s);
		fputc(',', f);
		free(s);
	}
	decisions = json_object_get(o, "decisions");
	json_array_foreach(decisions, i, d) {
		if (json_equal(json_object_get(d, "alert"),
		    json_object_get(o, "id")))
			last = d;
	}
	for (i = 0; i < nitems(export_decision_columns); i++) {
		s = export_csv_text(last == NULL ? NULL :
		    json_object_get(last, export_decision_columns[i].path));
		export_csv_field(f, s);
		fputc(',', f);
		free(s);
	}
	fprintf(f, "%zu,", json_array_size(decisions));
	export_csv_lists(f, json_object_get(o, "lists"));
	fputs("\r\n", f);
}

/*
 * An option's date as the bound of a time range: YYYY-MM-DD (the start of
 * that day for --from, its last second for --to) or YYYY-MM-DDTHH:MM:SSZ.
 */
static int
export_date(const char *opt, const char *arg, int end, char *out,
    size_t len)
{
	struct tm	 tm;
	const char	*rest;
	time_t		 t;
	char		 back[32];

	memset(&tm, 0, sizeof tm);
	if ((rest = strptime(arg, "%Y-%m-%d", &tm)) != NULL && *rest == '\0') {
		if (end) {
			tm.tm_hour = 23;
			tm.tm_min = tm.tm_sec = 59;
		}
	} else {
		memset(&tm, 0, sizeof tm);
		if ((rest = strptime(arg, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
		    *rest != '\0')
			goto bad;
	}
	/* A date that does not exist (2026-02-30) does not come back. */
	t = timegm(&tm);
	strftime(back, sizeof back, "%Y-%m-%d", gmtime_r(&t, &tm));
	if (strncmp(back, arg, 10) != 0)
		goto bad;
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return (0);
bad:
	fprintf(stderr, "sanctwatch: %s: not a date (YYYY-MM-DD or "
	    "YYYY-MM-DDTHH:MM:SSZ): %s\n", opt, arg);
	return (-1);
}

/* The database path: -d, else the config's database. */
static char *
export_database(const char *config, const char *database)
{
	struct config	*cf;
	struct diag	 d;
	char		*path;

	if (database != NULL)
		return (xstrdup(database));
	memset(&d, 0, sizeof d);
	if ((cf = config_load(config, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_free(&d);
		return (NULL);
	}
	diag_free(&d);
	path = xstrdup(cf->database);
	config_free(cf);
	return (path);
}

/* The database's schema version (0: not a sanctwatch database), or -1. */
static int
export_version(sqlite3 *db)
{
	sqlite3_stmt	*s;
	int		 v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return (-1);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return (v);
}

/* Run the query and write every row; -1 after printing why. */
static int
export_run(sqlite3 *db, const char *path, const char *from, const char *to,
    int csv)
{
	sqlite3_stmt	*s = NULL;
	json_t		*o;
	json_error_t	 error;
	const char	*row;
	int		 rc, n = 0;

	if (sqlite3_prepare_v2(db, export_sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "sanctwatch: %s: %s (a database older than "
		    "this sanctwatch: start sanctwatchd once to upgrade it)\n",
		    path, sqlite3_errmsg(db));
		return (-1);
	}
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	if (csv)
		export_csv_heading(stdout);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row = (const char *)sqlite3_column_text(s, 0);
		if (!csv) {
			fputs(row, stdout);
			fputc('\n', stdout);
		} else {
			if ((o = json_loads(row, 0, &error)) == NULL) {
				fprintf(stderr, "sanctwatch: %s: alert row "
				    "%d: %s\n", path, n + 1, error.text);
				break;
			}
			export_csv_row(stdout, o);
			json_decref(o);
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path,
		    rc == SQLITE_ROW ? "export stopped" : sqlite3_errmsg(db));
		sqlite3_finalize(s);
		return (-1);
	}
	sqlite3_finalize(s);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sanctwatch: export: %s\n", strerror(errno));
		return (-1);
	}
	fprintf(stderr, "sanctwatch: exported %d alert%s from %s\n", n,
	    n == 1 ? "" : "s", path);
	return (0);
}

/* sanctwatch export: the alert history with decisions and list versions. */
static int
cmd_export_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*config = DEFAULT_CONFIG, *database = NULL;
	char		 from[32] = "0000", to[32] = "9999", *path;
	sqlite3		*db = NULL;
	int		 ch, csv = 0, rc = 1, version;

	while ((ch = getopt_long(argc, argv, "c:d:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'd':
			database = optarg;
			break;
		case 'f':
			if (export_date("--from", optarg, 0, from,
			    sizeof from) != 0)
				return (1);
			break;
		case 't':
			if (export_date("--to", optarg, 1, to, sizeof to) != 0)
				return (1);
			break;
		case 'F':
			if (strcmp(optarg, "csv") == 0)
				csv = 1;
			else if (strcmp(optarg, "ndjson") != 0) {
				fprintf(stderr, "sanctwatch: --format: "
				    "expected ndjson or csv, not %s\n", optarg);
				return (1);
			}
			break;
		default:
			client_usage();
		}
	}
	if (optind != argc) {
		fprintf(stderr, "sanctwatch: export: unexpected argument %s\n",
		    argv[optind]);
		return (1);
	}
	if (strcmp(from, to) > 0) {
		fprintf(stderr, "sanctwatch: --from %s is after --to %s\n",
		    from, to);
		return (1);
	}
	if ((path = export_database(config, database)) == NULL)
		return (1);
	/* Read-only, and a snapshot: one read transaction around it all. */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    (version = export_version(db)) < 0)
		goto fail;
	if (version == 0) {
		fprintf(stderr, "sanctwatch: %s: not a sanctwatch database\n",
		    path);
		goto out;
	}
	if (export_run(db, path, from, to, csv) == 0)
		rc = 0;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	goto out;
fail:
	fprintf(stderr, "sanctwatch: %s: %s\n", path, sqlite3_errmsg(db));
out:
	sqlite3_close(db);
	free(path);
	return (rc);
}
