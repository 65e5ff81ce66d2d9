/*
 * The store's decisions: what analysts decided on alerts (sanctwatch
 * review), appended to the decisions table, read back for an alert
 * (sanctwatch show) and, at start, as the suppressions still in force.
 * The table is append-only (triggers in schema/008-decisions.sql refuse
 * UPDATE and DELETE); nothing here writes anything else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"
#include "sanctwatchd/store.h"

/*
 * Read the alert with an id into *a (alert_clear() it): 1 if there is one,
 * 0 if not, -1 on error.
 */
int
store_alert_get(struct store *st, int64_t id, struct alert *a)
{
	sqlite3_stmt	*s = st->stmts[STMT_ALERT_GET];
	int		 rc;

	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		store_reset(s);
		return (-1);
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_row_alert(s, a);
	else if (rc != SQLITE_DONE)
		store_warn(st, STMT_ALERT_GET);
	store_reset(s);
	return (rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1);
}

/* Bind the columns of a decision, ?1 to ?13 of STMT_DECISION_ADD. */
static int
store_bind_decision(sqlite3_stmt *s, const struct store_decision *d)
{
	int	 rc = 0;

	rc |= store_bind_text(s, 1, d->created_at);
	rc |= sqlite3_bind_int64(s, 2, d->alert_id);
	rc |= store_bind_text(s, 3, review_action_names[d->action]);
	rc |= store_bind_text(s, 4, review_scope_names[d->scope]);
	rc |= store_bind_text(s, 5, d->until);
	rc |= store_bind_text(s, 6, d->note);
	rc |= store_bind_text(s, 7, d->user);
	rc |= sqlite3_bind_int64(s, 8, d->uid);
	rc |= store_bind_text(s, 9, d->kind == PARTY_COUNTRY ? "country" :
	    "entity");
	rc |= store_bind_text(s, 10, d->entity_id);
	rc |= store_bind_text(s, 11, d->source_id);
	rc |= store_bind_text(s, 12, d->match_key);
	rc |= store_bind_text(s, 13, d->entity_digest);
	return (rc == SQLITE_OK ? 0 : -1);
}

/* Append a decision; its id into d->id.  0 or -1. */
int
store_decision_add(struct store *st, struct store_decision *d)
{
	sqlite3_stmt	*s = st->stmts[STMT_DECISION_ADD];

	if (store_run_bound(st, STMT_DECISION_ADD,
	    store_bind_decision(s, d)) != 0)
		return (-1);
	d->id = sqlite3_last_insert_rowid(st->db);
	return (0);
}

/* A text column as a JSON string, or null. */
static json_t *
store_json_text(sqlite3_stmt *s, int col)
{
	const unsigned char	*t = sqlite3_column_text(s, col);

	return (t != NULL ? json_string((const char *)t) : json_null());
}

/*
 * The decisions a statement selects by one id, oldest first, as a JSON
 * array of objects {"id", "time", "action", "scope", "until", "note",
 * "user", "uid", "entity_digest"}; NULL on error.
 */
static json_t *
store_decisions_select(struct store *st, enum store_stmt which, int64_t id)
{
	static const char *const keys[] = { "id", "time", "action", "scope",
	    "until", "note", "user", "uid", "entity_digest" };
	sqlite3_stmt	*s = st->stmts[which];
	json_t		*list, *o;
	size_t		 i;
	int		 rc;

	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		store_reset(s);
		return (NULL);
	}
	list = json_array();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		o = json_object();
		for (i = 0; i < nitems(keys); i++) {
			if (sqlite3_column_type(s, (int)i) == SQLITE_INTEGER)
				json_object_set_new(o, keys[i], json_integer(
				    sqlite3_column_int64(s, (int)i)));
			else
				json_object_set_new(o, keys[i],
				    store_json_text(s, (int)i));
		}
		json_array_append_new(list, o);
	}
	if (rc != SQLITE_DONE) {
		store_warn(st, which);
		json_decref(list);
		list = NULL;
	}
	store_reset(s);
	return (list);
}

/* The decisions on an alert, oldest first (see store_decisions_select). */
json_t *
store_decisions_json(struct store *st, int64_t alert_id)
{
	return (store_decisions_select(st, STMT_DECISIONS_OF, alert_id));
}

/* One decision by its id, as an array of it (empty if none), or NULL. */
json_t *
store_decision_json(struct store *st, int64_t id)
{
	return (store_decisions_select(st, STMT_DECISION_GET, id));
}

/* A text column, or NULL (valid until the next step). */
static const char *
store_text(sqlite3_stmt *s, int col)
{
	return ((const char *)sqlite3_column_text(s, col));
}

/*
 * Call cb for each suppression in force at now (ISO-8601 UTC): a
 * false-positive with a scope wider than its alert, not expired, and not
 * superseded by a later decision on the same alert.  Returns how many, or
 * -1 on error.  The decision is only valid during the call.
 */
ssize_t
store_suppressions(struct store *st, const char *now,
    void (*cb)(const struct store_decision *, void *), void *arg)
{
	sqlite3_stmt		*s = st->stmts[STMT_SUPPRESSIONS];
	struct store_decision	 d;
	ssize_t			 n = 0;
	int			 rc, v;

	if (store_bind_text(s, 1, now) != SQLITE_OK) {
		store_reset(s);
		return (-1);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&d, 0, sizeof d);
		d.id = sqlite3_column_int64(s, 0);
		d.created_at = store_text(s, 1);
		d.alert_id = sqlite3_column_int64(s, 2);
		d.action = REVIEW_FALSE_POSITIVE;
		v = review_scope_parse(store_text(s, 4));
		d.scope = v != -1 ? (enum review_scope)v : SCOPE_ALERT;
		d.until = store_text(s, 5);
		d.note = store_text(s, 6);
		d.user = store_text(s, 7);
		d.uid = sqlite3_column_int64(s, 8);
		d.kind = store_text(s, 9) != NULL && strcmp(store_text(s, 9),
		    "country") == 0 ? PARTY_COUNTRY : PARTY_ENTITY;
		d.entity_id = store_text(s, 10);
		d.source_id = store_text(s, 11);
		d.match_key = store_text(s, 12);
		d.entity_digest = store_text(s, 13);
		if (d.scope != SCOPE_ALERT && d.entity_id != NULL) {
			cb(&d, arg);
			n++;
		}
	}
	if (rc != SQLITE_DONE) {
		store_warn(st, STMT_SUPPRESSIONS);
		n = -1;
	}
	store_reset(s);
	return (n);
}
