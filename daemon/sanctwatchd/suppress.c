/*
 * The suppressions in force, in memory, so that checking an alert costs one
 * hash lookup of its party ("kind:entity_id"), not a query.  Loaded from the
 * decisions table at start (store_suppressions), added to on each
 * false-positive with a scope, and dropped when a later decision on the
 * same alert supersedes them.
 *
 * An alert falls under a suppression of its party if the suppression
 *   - has not expired (until, against the now the caller gives),
 *   - covers it: scope entity always; scope source if the alert is from the
 *     same source; scope text if its matched text has the same match key
 *     (review_match_key),
 *   - has not lapsed: the list entry it was made against is unchanged.  The
 *     entry's digest (review_party_digest) is compared once per watchlist
 *     version, when the first alert of the party built by that version is
 *     checked, since the alert knows its entry's index in it.
 * Of several, the newest decision is the one the alert is suppressed by.
 *
 * Superseded suppressions, and expired ones when a suppression is added,
 * are marked dead and the index is rebuilt from the live ones, which
 * happens at a person's pace (a decision), never per alert; so the table
 * holds no more than the suppressions decided and not yet expired.
 */
#include <stdlib.h>
#include <string.h>

#include "sanctwatchd/sanctwatchd.h"

#define SUPPRESS_NONE	SIZE_MAX

struct suppress *
suppress_new(void)
{
	return (xcalloc(1, sizeof (struct suppress)));
}

/* Free what one suppression holds. */
static void
suppress_clear(struct suppression *s)
{
	free(s->entity_id);
	free(s->source_id);
	free(s->match_key);
	free(s->key);
}

void
suppress_free(struct suppress *sp)
{
	size_t	 i;

	if (sp == NULL)
		return;
	for (i = 0; i < sp->n; i++)
		suppress_clear(&sp->v[i]);
	free(sp->v);
	strindex_free(&sp->index);
	free(sp);
}

/* The key of a party: its kind and id. */
static char *
suppress_key(enum party_kind kind, const char *id)
{
	return (xasprintf("%c:%s", kind == PARTY_COUNTRY ? 'c' : 'e', id));
}

/* Index suppression i, after the first of its key if there is one. */
static void
suppress_link(struct suppress *sp, size_t i)
{
	struct suppression	*s = &sp->v[i];
	size_t			 first;

	if ((first = strindex_add(&sp->index, s->key, i)) != SIZE_MAX) {
		s->next = sp->v[first].next;
		sp->v[first].next = i;
	} else
		s->next = SUPPRESS_NONE;
}

/* Index the live suppressions again, dropping the dead ones. */
static void
suppress_reindex(struct suppress *sp)
{
	size_t			 i, o = 0;

	strindex_free(&sp->index);
	for (i = 0; i < sp->n; i++) {
		if (sp->v[i].dead)
			suppress_clear(&sp->v[i]);
		else
			sp->v[o++] = sp->v[i];
	}
	sp->n = sp->live = o;
	strindex_reserve(&sp->index, sp->n);
	for (i = 0; i < sp->n; i++)
		suppress_link(sp, i);
}

/* Parse an until as the table holds it; 0 for none. */
static time_t
suppress_until(const char *until)
{
	time_t	 t;

	if (until == NULL || review_time_parse(until, &t) != 0)
		return (0);
	return (t);
}

/* Drop the suppressions that have expired at now. */
static void
suppress_expire(struct suppress *sp, time_t now)
{
	size_t	 i, dead = 0;

	for (i = 0; i < sp->n; i++) {
		if (sp->v[i].until != 0 && now >= sp->v[i].until) {
			sp->v[i].dead = 1;
			dead++;
		}
	}
	if (dead > 0)
		suppress_reindex(sp);
}

/*
 * Add the suppression a decision makes, unless it is not one (not a
 * false-positive with a wider scope than its alert) or has expired at now.
 */
void
suppress_add(struct suppress *sp, const struct store_decision *d, time_t now)
{
	struct suppression	*s;

	if (d->action != REVIEW_FALSE_POSITIVE || d->scope == SCOPE_ALERT)
		return;
	if (d->until != NULL && suppress_until(d->until) <= now)
		return;
	suppress_expire(sp, now);
	if (sp->n == sp->cap) {
		sp->cap = sp->cap == 0 ? 16 : sp->cap * 2;
		sp->v = xreallocarray(sp->v, sp->cap, sizeof *sp->v);
	}
	s = &sp->v[sp->n++];
	memset(s, 0, sizeof *s);
	s->id = d->id;
	s->alert_id = d->alert_id;
	s->scope = d->scope;
	s->kind = d->kind;
	s->entity_id = xstrdup(d->entity_id);
	s->source_id = d->source_id != NULL ? xstrdup(d->source_id) : NULL;
	s->match_key = d->match_key != NULL ? xstrdup(d->match_key) : NULL;
	s->until = suppress_until(d->until);
	if (d->entity_digest != NULL)
		snprintf(s->digest, sizeof s->digest, "%s", d->entity_digest);
	s->key = suppress_key(d->kind, d->entity_id);
	suppress_link(sp, sp->n - 1);
	sp->live++;
}

/* A later decision on an alert supersedes the suppressions taken on it. */
void
suppress_supersede(struct suppress *sp, int64_t alert_id)
{
	size_t	 i, dead = 0;

	for (i = 0; i < sp->n; i++) {
		if (sp->v[i].alert_id == alert_id) {
			sp->v[i].dead = 1;
			dead++;
		}
	}
	if (dead > 0)
		suppress_reindex(sp);
}

/*
 * Whether a suppression is in force for an alert of its party built by wl
 * at its entry party_index (SIZE_MAX: unknown, no lapse check), at now.
 */
static int
suppress_live(struct suppression *s, const struct watchlist *wl,
    size_t party_index, time_t now)
{
	char	 digest[65];

	if (s->until != 0 && now >= s->until)
		return (0);
	if (wl == NULL || party_index == SIZE_MAX ||
	    strcmp(s->checked, wl->hash) == 0)
		return (!s->lapsed);
	review_party_digest(wl, s->kind, party_index, digest);
	s->lapsed = strcmp(s->digest, digest) != 0;
	memcpy(s->checked, wl->hash, sizeof s->checked);
	if (s->lapsed)
		log_info("suppression %lld of %s has lapsed: its list entry "
		    "changed", (long long)s->id, s->entity_id);
	return (!s->lapsed);
}

/* Whether a suppression's scope covers an alert of its party. */
static int
suppress_covers(const struct suppression *s, const struct alert *a,
    char **key)
{
	switch (s->scope) {
	case SCOPE_ENTITY:
		return (1);
	case SCOPE_SOURCE:
		return (s->source_id != NULL &&
		    strcmp(s->source_id, a->source_id) == 0);
	case SCOPE_TEXT:
		if (*key == NULL)
			*key = review_match_key(a->match_text);
		return (s->match_key != NULL && strcmp(s->match_key, *key) == 0);
	default:
		return (0);
	}
}

/*
 * The id of the newest decision whose suppression an alert, built by wl,
 * falls under at now, or 0.
 */
int64_t
suppress_match(struct suppress *sp, const struct alert *a,
    const struct watchlist *wl, time_t now)
{
	struct suppression	*s;
	char			*key, *mkey = NULL;
	size_t			 i;
	int64_t			 best = 0;

	if (sp == NULL || sp->n == 0)
		return (0);
	key = suppress_key(a->kind, a->party_id);
	i = strindex_find(&sp->index, key);
	free(key);
	for (; i != SIZE_MAX; i = s->next) {
		s = &sp->v[i];
		if (s->id > best && suppress_covers(s, a, &mkey) &&
		    suppress_live(s, wl, a->party_index, now))
			best = s->id;
	}
	free(mkey);
	return (best);
}

/* The suppression a decision made, if it is still held, or NULL. */
struct suppression *
suppress_find(struct suppress *sp, int64_t id)
{
	size_t	 i;

	for (i = 0; sp != NULL && i < sp->n; i++) {
		if (sp->v[i].id == id)
			return (&sp->v[i]);
	}
	return (NULL);
}

/*
 * Whether a suppression is in force at now against the running watchlist:
 * not expired, and its entry unchanged (looked up by id: for a person's
 * question, not per alert).
 */
int
suppress_in_force(struct suppression *s, const struct watchlist *wl,
    time_t now)
{
	size_t	 idx;

	if (s->until != 0 && now >= s->until)
		return (0);
	if (wl == NULL)
		return (!s->lapsed);
	if (strcmp(s->checked, wl->hash) != 0) {
		idx = review_party_find(wl, s->kind, s->entity_id);
		if (idx == SIZE_MAX) {
			/* Off the list: nothing of it can alert; keep it. */
			return (!s->lapsed);
		}
		return (suppress_live(s, wl, idx, now));
	}
	return (!s->lapsed);
}

/* The number of suppressions held (some may have expired or lapsed). */
size_t
suppress_count(const struct suppress *sp)
{
	return (sp != NULL ? sp->n : 0);
}
