/*
 * The rules migration (schema/NNN-rules.sql) on a real file: a database
 * made by the migrations before it, with alerts in it, is rebuilt so that
 * alerts may be of kind 'rule'; the alerts, indexes and views are kept; a
 * rule alert is stored and read back with its rule, topic, spans and
 * parties.  The migration is found by its name, not its number.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

/* The first column of the first row as text, or "no row" / an error. */
static char *
rq_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*s;
	char		*out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return (xasprintf("error: %s", sqlite3_errmsg(db)));
	if (sqlite3_step(s) == SQLITE_ROW)
		out = xstrdup(sqlite3_column_type(s, 0) == SQLITE_NULL ?
		    "NULL" : (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return (out != NULL ? out : xstrdup("no row"));
}

#define CHECK_RQ(db, sql, want) do {					\
	char	*q_ = rq_text((db), (sql));				\
	CHECK_STR(q_, (want));						\
	free(q_);							\
} while (0)

/* The index of the rules migration, or schema_nmigrations. */
static size_t
rules_migration(void)
{
	size_t	 i, n;

	for (i = 0; i < schema_nmigrations; i++) {
		n = strlen(schema_migrations[i].name);
		if (n > 10 && strcmp(schema_migrations[i].name + n - 10,
		    "-rules.sql") == 0)
			return (i);
	}
	return (i);
}

/* One replayed alert, copied. */
static void
collect(const struct alert *a, void *arg)
{
	struct alert	*out = arg;

	if (a->kind == PARTY_RULE)
		alert_copy(out, a);
}

static void
test_rules_migration(void)
{
	char		 dir[64], path[128], *sql, *cause = NULL, p[160];
	const char	*suffix[] = { "", "-wal", "-shm", ".lock" };
	struct store	*st;
	struct alert	 a, got;
	sqlite3		*db;
	size_t		 i, at = rules_migration();
	int		 level = log_getlevel();

	if (!CHECK(at < schema_nmigrations))
		return;
	log_setlevel(LOG_LVL_WARNING);
	snprintf(dir, sizeof dir, "/tmp/sanctwatch-rules.XXXXXX");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	snprintf(path, sizeof path, "%s/alerts.db", dir);
	/* A database as the migrations before the rules left it. */
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatalx("sqlite3_open");
	for (i = 0; i < at; i++) {
		sql = xasprintf("BEGIN; %s; PRAGMA user_version = %d; COMMIT;",
		    schema_migrations[i].sql, schema_migrations[i].version);
		CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		free(sql);
	}
	CHECK_INT(sqlite3_exec(db, "INSERT INTO alerts (created_at, kind,"
	    " severity, entity_id, entity_name, matched_text, match_name,"
	    " method, score, start_offset, end_offset, source_id, url, sha256)"
	    " VALUES ('2024-01-02T03:04:05Z', 'entity', 'high', 'ofac-1',"
	    " 'ONE', 'One', 'ONE', 'exact', 0.95, 3, 6, 'feed', 'http://x/1',"
	    " 'abc')", NULL, NULL, NULL), SQLITE_OK);
	CHECK(sqlite3_exec(db, "INSERT INTO alerts (created_at, kind,"
	    " severity, entity_id, entity_name, matched_text, match_name,"
	    " method, score, start_offset, end_offset, source_id, url, sha256)"
	    " VALUES ('2024-01-02T03:04:05Z', 'rule', 'high', 'r', 'R', 'x',"
	    " 'x', 'rule', 1, 0, 1, 'feed', 'http://x/1', 'abc')", NULL, NULL,
	    NULL) != SQLITE_OK);	/* not before the migration */
	sqlite3_close(db);

	/* The daemon's store migrates it. */
	st = store_open(path, &cause);
	if (!CHECK(st != NULL)) {
		free(cause);
		goto out;
	}
	memset(&a, 0, sizeof a);
	a.kind = PARTY_RULE;
	a.severity = SEVERITY_MEDIUM;
	a.party_id = "ru-transit";
	a.party_name = "Transit";
	a.party_type = "rule";
	a.match_text = "Kyrgyz ... microchips ... Russia";
	a.match_name = "third + goods + dest";
	a.method = MATCH_RULE;
	a.score = 1;
	a.count = 1;
	a.source_id = "feed";
	a.url = "http://x/2";
	a.topic = "export.risk";
	a.spans = "[{\"set\": \"goods\", \"text\": \"microchips\", "
	    "\"start\": 7, \"end\": 17}]";
	a.parties = "[]";
	CHECK_INT(store_alert_add(st, &a), 0);
	CHECK_INT(a.id, 2);
	memset(&got, 0, sizeof got);
	CHECK_INT(store_replay(st, 0, 2, 10, collect, &got), 2);
	CHECK(got.kind == PARTY_RULE && got.method == MATCH_RULE);
	if (got.party_id != NULL) {
		CHECK_STR(got.party_id, "ru-transit");
		CHECK_STR(got.topic, "export.risk");
		CHECK_STR(got.spans, a.spans);
		CHECK_STR(got.parties, "[]");
	}
	alert_clear(&got);
	store_close(st);

	db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatalx("sqlite3_open");
	/* The old alert, whole; the new one's columns. */
	CHECK_RQ(db, "SELECT kind || '|' || entity_id || '|' || score || '|' "
	    "|| also || '|' || quote(rule_id) FROM alerts WHERE id = 1",
	    "entity|ofac-1|0.95|[]|NULL");
	CHECK_RQ(db, "SELECT kind || '|' || rule_id || '|' || topic || '|' || "
	    "json_extract(rule_spans, '$[0].text') FROM alerts WHERE id = 2",
	    "rule|ru-transit|export.risk|microchips");
	/* The indexes and views of alerts are there again. */
	CHECK_RQ(db, "SELECT group_concat(name, ' ') FROM (SELECT name FROM "
	    "sqlite_schema WHERE type = 'index' AND tbl_name = 'alerts' AND "
	    "name NOT LIKE 'sqlite_%' ORDER BY name)",
	    "alerts_created_at alerts_document alerts_party_text "
	    "alerts_party_url alerts_rule alerts_source");
	CHECK_RQ(db, "SELECT count(*) FROM latest_alerts", "2");
	CHECK_RQ(db, "SELECT count(*) FROM alerts_per_entity", "2");
	CHECK_RQ(db, "SELECT count(*) FROM alerts_per_source", "1");
	CHECK_RQ(db, "SELECT sum(alerts) FROM alerts_per_day", "2");
	CHECK_RQ(db, "SELECT rule_id || ' ' || alerts FROM alerts_per_rule",
	    "ru-transit 1");
	CHECK_RQ(db, "PRAGMA integrity_check", "ok");
	/* A rule alert needs its rule, and only a rule alert has one. */
	CHECK(sqlite3_exec(db, "INSERT INTO alerts (created_at, kind,"
	    " severity, entity_id, entity_name, matched_text, match_name,"
	    " method, score, start_offset, end_offset, source_id, url, sha256)"
	    " VALUES ('2024-01-02T03:04:05Z', 'rule', 'high', 'r', 'R', 'x',"
	    " 'x', 'rule', 1, 0, 1, 'feed', 'http://x/1', 'abc')", NULL, NULL,
	    NULL) != SQLITE_OK);
	sqlite3_close(db);
out:
	for (i = 0; i < nitems(suffix); i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
	log_setlevel(level);
}

UNIT_SUITE(store_rules,
	{ "rules-migration", test_rules_migration },
)
