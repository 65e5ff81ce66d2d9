/*
 * sanctwatch collect: the cluster's alert stream into one SQLite database
 * with the schema and views of a node's (the daemon's numbered migrations,
 * linked in), so every sqlite3 recipe of the README runs on the whole
 * cluster's history (docs/cluster.md).  An alert's id in it is its stream
 * sequence: a message is written at most once however often collect is
 * restarted, and collect resumes after the highest id it holds.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "client/client.h"

/* As sanctwatchd.h declares them: build/schema.c, linked in. */
struct schema_migration {
	int		  version;
	const char	 *name;
	const char	 *sql;
};
extern const struct schema_migration schema_migrations[];
extern const size_t schema_nmigrations;

static int	cmd_collect_exec(int, char **);

const struct cmd_entry cmd_collect_entry = {
	.name = "collect",
	.usage = "collect --nats URL [--name CLUSTER] --db FILE [--no-follow]",
	.exec = cmd_collect_exec,
	.help = "Write the cluster's alert stream into one SQLite database "
	    "with the schema of\na node's; an alert's id there is its "
	    "stream sequence, so a restart resumes\nwhere it stopped and "
	    "writes nothing twice.\n"
	    "\n"
	    "  --nats URL        the NATS server\n"
	    "  --name CLUSTER    the cluster's name (default sanctwatch)\n"
	    "  --db FILE         the database, created if absent\n"
	    "  --no-follow       exit at the stream's end\n"
	    "  -h, --help        this help\n",
};

/*
 * An alert record (docs/alerts.md) into the alerts table, mapped by
 * SQLite's own JSON functions; ?1 the stream sequence, ?2 the record.
 * suppressed_by names a decision of the node's database: not kept here.
 */
static const char cmd_collect_insert[] =
    "INSERT OR IGNORE INTO alerts (id, created_at, kind, severity,"
    " entity_id, entity_name, entity_type, programs, list_source,"
    " matched_text, match_name, method, score, start_offset, end_offset,"
    " match_count, source_id, url, title, sha256, countries, snippet,"
    " watchlist_sha256, also, explain, topics, published, rule_id, topic,"
    " rule_spans, rule_parties) SELECT ?1, j->>'$.time', j->>'$.kind',"
    " j->>'$.severity', j->>'$.entity.id', j->>'$.entity.name',"
    " j->>'$.entity.type', coalesce(j->'$.entity.programs', '[]'),"
    " j->>'$.entity.source', j->>'$.match.text', j->>'$.match.name',"
    " j->>'$.match.method', j->>'$.match.score', j->>'$.match.start',"
    " j->>'$.match.end', j->>'$.match.count', j->>'$.document.source',"
    " j->>'$.document.url', j->>'$.document.title',"
    " j->>'$.document.sha256', coalesce(j->'$.countries', '[]'),"
    " j->>'$.snippet', j->>'$.watchlist_sha256',"
    " coalesce(j->'$.entity.also', '[]'), j->'$.match.explain',"
    " coalesce(j->'$.entity.topics', '[]'), j->>'$.document.published',"
    " j->>'$.rule.id', j->>'$.rule.topic', j->'$.rule.spans',"
    " j->'$.rule.parties' FROM (SELECT ?2 AS j)";

struct cmd_collect {
	sqlite3		*db;
	sqlite3_stmt	*insert;
	const char	*path;
	uint64_t	 written;
	uint64_t	 skipped;
	int		 failed;
};

/* Run SQL without results; 0 or -1 (said). */
static int
cmd_collect_exec_sql(struct cmd_collect *c, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return (0);
	fprintf(stderr, "sanctwatch: %s: %s\n", c->path, err != NULL ? err :
	    sqlite3_errmsg(c->db));
	sqlite3_free(err);
	return (-1);
}

/* Bring the database to the daemon's schema, as the daemon does. */
static int
cmd_collect_migrate(struct cmd_collect *c)
{
	sqlite3_stmt	*s;
	char		*sql;
	size_t		 i;
	int		 version = -1, rc;

	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return (cmd_collect_exec_sql(c, "PRAGMA user_version"));
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version < 0 || (size_t)version > schema_nmigrations) {
		fprintf(stderr, "sanctwatch: %s: schema version %d is not one "
		    "this sanctwatch knows\n", c->path, version);
		return (-1);
	}
	for (i = (size_t)version; i < schema_nmigrations; i++) {
		sql = xasprintf("BEGIN IMMEDIATE; %s; PRAGMA user_version = "
		    "%d; COMMIT", schema_migrations[i].sql,
		    schema_migrations[i].version);
		rc = cmd_collect_exec_sql(c, sql);
		free(sql);
		if (rc != 0) {
			(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL,
			    NULL);
			return (-1);
		}
	}
	return (0);
}

/* One message of the stream: an alert written under its sequence. */
static int
cmd_collect_msg(uint64_t seq, const char *data, size_t len, void *arg)
{
	struct cmd_collect	*c = arg;
	json_t			*a;
	int			 rc;

	if ((a = json_loadb(data, len, 0, NULL)) == NULL ||
	    !tail_nats_alert(a)) {
		fprintf(stderr, "sanctwatch: stream message %llu is not an "
		    "alert; skipped\n", (unsigned long long)seq);
		json_decref(a);
		c->skipped++;
		return (1);
	}
	json_decref(a);
	sqlite3_bind_int64(c->insert, 1, (sqlite3_int64)seq);
	sqlite3_bind_text(c->insert, 2, data, (int)len, SQLITE_TRANSIENT);
	rc = sqlite3_step(c->insert);
	sqlite3_reset(c->insert);
	sqlite3_clear_bindings(c->insert);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "sanctwatch: %s: stream message %llu: %s\n",
		    c->path, (unsigned long long)seq, sqlite3_errmsg(c->db));
		c->failed = 1;
		return (0);
	}
	c->written += (uint64_t)sqlite3_changes(c->db);
	return (1);
}

/* The highest stream sequence the database holds (0: none). */
static int64_t
cmd_collect_last(struct cmd_collect *c)
{
	sqlite3_stmt	*s;
	int64_t		 last = 0;

	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(id), 0) FROM "
	    "alerts", -1, &s, NULL) != SQLITE_OK)
		return (0);
	if (sqlite3_step(s) == SQLITE_ROW)
		last = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (last);
}

/* sanctwatch collect. */
static int
cmd_collect_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "nats", required_argument, NULL, 'N' },
		{ "name", required_argument, NULL, 'A' },
		{ "db", required_argument, NULL, 'd' },
		{ "no-follow", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_collect	 c = { 0 };
	const char		*url = NULL, *name = "sanctwatch";
	int			 ch, follow = 1, rc = 1;

	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case 'N':
			url = optarg;
			break;
		case 'A':
			name = optarg;
			break;
		case 'd':
			c.path = optarg;
			break;
		case 'F':
			follow = 0;
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (optind != argc)
		client_usage_error("unexpected argument '%s'", argv[optind]);
	if (url == NULL || c.path == NULL)
		client_usage_error("collect needs --nats and --db");
	if (sqlite3_open(c.path, &c.db) != SQLITE_OK) {
		fprintf(stderr, "sanctwatch: %s: %s\n", c.path,
		    sqlite3_errmsg(c.db));
		goto out;
	}
	sqlite3_busy_timeout(c.db, 5000);
	if (cmd_collect_exec_sql(&c, "PRAGMA journal_mode = WAL") != 0 ||
	    cmd_collect_migrate(&c) != 0)
		goto out;
	if (sqlite3_prepare_v2(c.db, cmd_collect_insert, -1, &c.insert,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "sanctwatch: %s: %s\n", c.path,
		    sqlite3_errmsg(c.db));
		goto out;
	}
	rc = tail_nats_run(url, name, cmd_collect_last(&c), 0, follow,
	    cmd_collect_msg, &c);
	if (c.failed)
		rc = 1;
	fprintf(stderr, "sanctwatch: collect: %llu alerts written, %llu "
	    "messages skipped\n", (unsigned long long)c.written,
	    (unsigned long long)c.skipped);
out:
	sqlite3_finalize(c.insert);
	sqlite3_close(c.db);
	return (rc);
}
