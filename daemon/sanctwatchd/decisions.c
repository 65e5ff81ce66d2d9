/*
 * Decisions: the daemon's answers to "review" and "show" (proto_ops), and
 * the suppressions in force (suppress.c), loaded at start.
 *
 * A review is recorded whole or not at all: every alert id must exist,
 * then one transaction appends a decision per alert, each with the peer's
 * user name (getpwuid_r of its SO_PEERCRED uid; the uid as a number if it
 * has no name), the time, what a scope covers copied from the alert, and
 * the digest of its list entry in the running watchlist.  The open batch of
 * the loop turn is committed first (pipeline_flush), since the store has
 * one connection and one transaction at a time.  Only after the commit is
 * the table of suppressions in memory brought up to date: a later decision
 * on an alert supersedes the suppression taken on it, and a false-positive
 * with a scope of text, source or entity adds one.
 */
#include <sys/types.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "sanctwatchd/daemon.h"

#define DECISIONS_PWBUF	16384		/* getpwuid_r's buffer */

/* The name of a user, or its uid as a number if it has none; malloc'd. */
static char *
decisions_user(uid_t uid)
{
	struct passwd	 pw, *res = NULL;
	char		*buf;
	char		*name;

	buf = xmalloc(DECISIONS_PWBUF);
	if (getpwuid_r(uid, &pw, buf, DECISIONS_PWBUF, &res) == 0 &&
	    res != NULL && pw.pw_name != NULL && *pw.pw_name != '\0')
		name = xstrdup(pw.pw_name);
	else
		name = xasprintf("%lu", (unsigned long)uid);
	free(buf);
	return (name);
}

/* Read the alerts of a review; -1 with *error if one is missing. */
static int
decisions_alerts(struct daemon *d, const struct proto_review *rv,
    struct alert *alerts, char **error)
{
	size_t	 i, j;
	int	 rc;

	for (i = 0; i < rv->nids; i++) {
		for (j = 0; j < i; j++) {
			if (rv->ids[j] == rv->ids[i]) {
				*error = xasprintf("review: alert %lld is "
				    "given twice", (long long)rv->ids[i]);
				return (-1);
			}
		}
		if ((rc = store_alert_get(d->store, rv->ids[i],
		    &alerts[i])) == 1)
			continue;
		*error = rc == 0 ? xasprintf("review: no alert %lld",
		    (long long)rv->ids[i]) : xasprintf("review: cannot read "
		    "alert %lld", (long long)rv->ids[i]);
		return (-1);
	}
	return (0);
}

/* The decision on one alert, its strings in keys[] (freed by the caller). */
static void
decisions_fill(struct daemon *d, const struct proto_review *rv,
    const struct alert *a, struct store_decision *dec, char *digest,
    char **match_key)
{
	size_t	 idx;

	dec->alert_id = a->id;
	dec->action = rv->action;
	dec->scope = rv->scope;
	dec->note = rv->note;
	dec->kind = a->kind;
	dec->entity_id = a->party_id;
	dec->source_id = a->source_id;
	*match_key = review_match_key(a->match_text);
	dec->match_key = *match_key;
	idx = review_party_find(d->wl, a->kind, a->party_id);
	if (idx != SIZE_MAX) {
		review_party_digest(d->wl, a->kind, idx, digest);
		dec->entity_digest = digest;
	} else
		dec->entity_digest = NULL;
}

/* The reply's entry for one recorded decision. */
static json_t *
decisions_entry(const struct store_decision *dec)
{
	return (json_pack("{s:I, s:I, s:s, s:s, s:s?, s:s}",
	    "id", (json_int_t)dec->id, "alert_id", (json_int_t)dec->alert_id,
	    "action", review_action_names[dec->action],
	    "scope", review_scope_names[dec->scope],
	    "until", dec->until,
	    "state", alert_state_names[review_action_state(dec->action)]));
}

/* Append the decisions in one transaction; -1 with *error if it failed. */
static int
decisions_write(struct daemon *d, struct store_decision *decs, size_t n,
    char **error)
{
	size_t	 i;

	pipeline_flush(d->pipeline);
	if (store_begin(d->store) == -1) {
		*error = xstrdup("review: the database is busy; nothing was "
		    "recorded");
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (store_decision_add(d->store, &decs[i]) == -1)
			break;
	}
	if (i < n || store_commit(d->store) == -1) {
		store_rollback(d->store);
		*error = xstrdup("review: could not write to the database; "
		    "nothing was recorded");
		return (-1);
	}
	return (0);
}

/*
 * proto_ops.review: record a decision on each alert of a review for the
 * peer, then update the suppressions in force.  The reply's fields, or NULL
 * with *error and nothing recorded.
 */
json_t *
decisions_review(void *arg, const struct proto_review *rv,
    const struct proto_peer *peer, char **error)
{
	struct daemon		*d = arg;
	struct store_decision	*decs;
	struct alert		*alerts;
	char			(*digests)[65], **keys, *user, now[32],
				 until[32];
	json_t			*reply = NULL, *list;
	time_t			 t = time(NULL);
	size_t			 i;

	if (!peer->known) {
		*error = xstrdup("review: the socket cannot tell who you are "
		    "(no SO_PEERCRED); nothing was recorded");
		return (NULL);
	}
	alerts = xcalloc(rv->nids, sizeof *alerts);
	decs = xcalloc(rv->nids, sizeof *decs);
	digests = xcalloc(rv->nids, sizeof *digests);
	keys = xcalloc(rv->nids, sizeof *keys);
	user = decisions_user(peer->uid);
	review_time_fmt(t, now, sizeof now);
	if (rv->until != 0)
		review_time_fmt(rv->until, until, sizeof until);
	if (decisions_alerts(d, rv, alerts, error) != 0)
		goto out;
	for (i = 0; i < rv->nids; i++) {
		decisions_fill(d, rv, &alerts[i], &decs[i], digests[i],
		    &keys[i]);
		decs[i].created_at = now;
		decs[i].until = rv->until != 0 ? until : NULL;
		decs[i].user = user;
		decs[i].uid = (int64_t)peer->uid;
	}
	if (decisions_write(d, decs, rv->nids, error) != 0)
		goto out;
	list = json_array();
	for (i = 0; i < rv->nids; i++) {
		suppress_supersede(d->suppress, decs[i].alert_id);
		suppress_add(d->suppress, &decs[i], t);
		json_array_append_new(list, decisions_entry(&decs[i]));
		log_info("alert %lld: %s (scope %s) by %s", (long long)
		    decs[i].alert_id, review_action_names[rv->action],
		    review_scope_names[rv->scope], user);
	}
	reply = json_pack("{s:s, s:o}", "user", user, "decisions", list);
out:
	for (i = 0; i < rv->nids; i++) {
		alert_clear(&alerts[i]);
		free(keys[i]);
	}
	free(alerts);
	free(decs);
	free(digests);
	free(keys);
	free(user);
	return (reply);
}

/* Mark each suppression among an alert's decisions with whether it holds. */
static void
decisions_in_force(struct daemon *d, json_t *list)
{
	struct suppression	*s;
	json_t			*o;
	size_t			 i;
	time_t			 now = time(NULL);

	json_array_foreach(list, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "action")),
		    "false-positive") != 0 || strcmp(json_string_value(
		    json_object_get(o, "scope")), "alert") == 0)
			continue;
		s = suppress_find(d->suppress, json_integer_value(
		    json_object_get(o, "id")));
		json_object_set_new(o, "in_force", json_boolean(s != NULL &&
		    suppress_in_force(s, d->wl, now)));
	}
}

/*
 * proto_ops.show: one alert's record and its decisions, oldest first, and
 * for an alert written under a suppression the decision that held it back
 * ("held_back_by").
 */
json_t *
decisions_show(void *arg, int64_t id, char **error)
{
	struct daemon	*d = arg;
	struct alert	 a;
	json_t		*record, *list, *by = NULL, *reply;
	char		*line;
	int64_t		 sup;
	int		 rc;

	pipeline_flush(d->pipeline);
	if ((rc = store_alert_get(d->store, id, &a)) != 1) {
		*error = rc == 0 ? xasprintf("show: no alert %lld",
		    (long long)id) : xasprintf("show: cannot read alert %lld",
		    (long long)id);
		return (NULL);
	}
	line = alert_json(&a, 1);
	record = json_loads(line, 0, NULL);
	free(line);
	sup = a.suppressed_by;
	alert_clear(&a);
	if (record == NULL || (list = store_decisions_json(d->store,
	    id)) == NULL) {
		json_decref(record);
		*error = xasprintf("show: cannot read alert %lld",
		    (long long)id);
		return (NULL);
	}
	decisions_in_force(d, list);
	reply = json_pack("{s:o, s:o}", "alert", record, "decisions", list);
	if (sup > 0 && (by = store_decision_json(d->store, sup)) != NULL) {
		decisions_in_force(d, by);
		if (json_array_size(by) == 1)
			json_object_set(reply, "held_back_by",
			    json_array_get(by, 0));
		json_decref(by);
	}
	return (reply);
}

/* One suppression in force, read at start. */
static void
decisions_load_one(const struct store_decision *dec, void *arg)
{
	struct daemon	*d = arg;

	suppress_add(d->suppress, dec, time(NULL));
}

/* Load the suppressions in force; fatal if the database cannot say. */
void
decisions_init(struct daemon *d)
{
	char	 now[32];
	ssize_t	 n;

	d->suppress = suppress_new();
	review_time_fmt(time(NULL), now, sizeof now);
	if ((n = store_suppressions(d->store, now, decisions_load_one,
	    d)) == -1)
		fatalx("%s: cannot read the decisions", d->conf->database);
	if (n > 0)
		log_info("%zd suppression%s in force", n, n == 1 ? "" : "s");
	d->pipeline->suppress = d->suppress;
}

/* Free the suppressions. */
void
decisions_free(struct daemon *d)
{
	if (d->pipeline != NULL)
		d->pipeline->suppress = NULL;
	suppress_free(d->suppress);
	d->suppress = NULL;
}
