/*
 * Review: the words of decisions on alerts (actions, scopes, states), the
 * --until of a decision (a date, a time or a duration), the normalised
 * matched text a scope "text" compares, and the digest of a list entry's
 * material content that a suppression is made against.  Shared by the
 * client, the protocol and the daemon; the daemon keeps the decisions.
 *
 * The digest is SHA-256 over the entry's kind, id, its names (the name and
 * every alias, strong or weak) sorted, and its programs sorted, each string
 * ended by a NUL and each group by an extra NUL, so that moving a string
 * from one group to another changes it.  For a country: its name, aliases
 * and adjectives, and whether it is sanctioned.  The order of names or
 * programs in the file does not count; a name, alias or program added,
 * removed or changed does.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "core/core.h"

#define REVIEW_MAX_SECONDS	(100LL * 366 * 86400)	/* an until's reach */

const char *const review_action_names[REVIEW_ACTIONS] = {
	[REVIEW_CONFIRM] = "confirm",
	[REVIEW_FALSE_POSITIVE] = "false-positive",
	[REVIEW_DISMISS] = "dismiss",
};

const char *const review_scope_names[REVIEW_SCOPES] = {
	[SCOPE_ALERT] = "alert",
	[SCOPE_TEXT] = "text",
	[SCOPE_SOURCE] = "source",
	[SCOPE_ENTITY] = "entity",
};

const char *const alert_state_names[ALERT_STATES] = {
	[STATE_NEW] = "new",
	[STATE_CONFIRMED] = "confirmed",
	[STATE_FALSE_POSITIVE] = "false-positive",
	[STATE_DISMISSED] = "dismissed",
	[STATE_SUPPRESSED] = "suppressed",
};

/* The units of a duration, in seconds. */
static const struct review_unit {
	char		 name;
	int64_t		 secs;
} review_units[] = {
	{ 's', 1 },
	{ 'm', 60 },
	{ 'h', 3600 },
	{ 'd', 86400 },
	{ 'w', 7 * 86400 },
};

/* The index of s in a table of n names, or -1. */
static int
review_lookup(const char *const *names, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < n; i++) {
		if (strcmp(s, names[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

int
review_action_parse(const char *s)
{
	return (review_lookup(review_action_names, REVIEW_ACTIONS, s));
}

int
review_scope_parse(const char *s)
{
	return (review_lookup(review_scope_names, REVIEW_SCOPES, s));
}

int
alert_state_parse(const char *s)
{
	return (review_lookup(alert_state_names, ALERT_STATES, s));
}

/* The state an action gives the alert it was taken on. */
enum alert_state
review_action_state(enum review_action action)
{
	static const enum alert_state states[REVIEW_ACTIONS] = {
		[REVIEW_CONFIRM] = STATE_CONFIRMED,
		[REVIEW_FALSE_POSITIVE] = STATE_FALSE_POSITIVE,
		[REVIEW_DISMISS] = STATE_DISMISSED,
	};

	return (states[action]);
}

/*
 * A duration: a number and a unit, s, m, h, d or w, once or more ("30d",
 * "12h", "2w", "1d12h"); -1 unless it is one of at least a second and at
 * most a hundred years.
 */
int
review_duration_parse(const char *s, int64_t *secs)
{
	int64_t		 v, total = 0;
	size_t		 i;

	if (*s == '\0')
		return (-1);
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return (-1);
		for (v = 0; isdigit((unsigned char)*s); s++) {
			v = v * 10 + (*s - '0');
			if (v > REVIEW_MAX_SECONDS)
				return (-1);
		}
		for (i = 0; i < nitems(review_units); i++) {
			if (*s == review_units[i].name)
				break;
		}
		if (i == nitems(review_units) ||
		    v > REVIEW_MAX_SECONDS / review_units[i].secs)
			return (-1);
		total += v * review_units[i].secs;
		if (total > REVIEW_MAX_SECONDS)
			return (-1);
		s++;
	}
	if (total == 0)
		return (-1);
	*secs = total;
	return (0);
}

/* n decimal digits at s into *v; -1 if they are not all digits. */
static int
review_digits(const char *s, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		*v = *v * 10 + (s[i] - '0');
	}
	return (0);
}

/*
 * A date or time in UTC: YYYY-MM-DD (its first second), or
 * YYYY-MM-DDTHH:MM[:SS] followed by Z or an offset +HH:MM / -HH:MM; -1
 * unless it is one, and a real one (no 31 April).
 */
int
review_time_parse(const char *s, time_t *t)
{
	struct tm	 tm, check;
	int		 y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
	long		 off = 0;
	size_t		 len = strlen(s), i = 10;
	time_t		 v;

	if (len < 10 || review_digits(s, 4, &y) || s[4] != '-' ||
	    review_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    review_digits(s + 8, 2, &d))
		return (-1);
	if (len > 10) {
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		    len < 16 || review_digits(s + 11, 2, &h) || s[13] != ':' ||
		    review_digits(s + 14, 2, &mi))
			return (-1);
		i = 16;
		if (s[i] == ':') {
			if (review_digits(s + i + 1, 2, &sec))
				return (-1);
			i += 3;
		}
		if (s[i] == 'Z' || s[i] == 'z')
			i++;
		else if (s[i] == '+' || s[i] == '-') {
			if (review_digits(s + i + 1, 2, &oh) ||
			    s[i + 3] != ':' || review_digits(s + i + 4, 2, &om) ||
			    oh > 23 || om > 59)
				return (-1);
			off = (s[i] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
			i += 6;
		} else
			return (-1);
	}
	if (s[i] != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    h > 23 || mi > 59 || sec > 59)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	if ((v = timegm(&tm)) == (time_t)-1 || gmtime_r(&v, &check) == NULL ||
	    check.tm_mday != d || check.tm_mon != mo - 1)
		return (-1);		/* 2026-02-30 */
	*t = v + (time_t)h * 3600 + (time_t)mi * 60 + sec - (time_t)off;
	return (0);
}

/*
 * A decision's --until: a date or time (review_time_parse) or a duration
 * from now (review_duration_parse).  -1 with *cause if it is neither, or
 * if it is not after now.
 */
int
review_until_parse(const char *s, time_t now, time_t *until, char **cause)
{
	int64_t		 secs;
	char		 when[32];

	if (review_duration_parse(s, &secs) == 0) {
		*until = now + (time_t)secs;
		return (0);
	}
	if (review_time_parse(s, until) != 0) {
		log_cause(cause, "until '%.64s' is neither a date "
		    "(YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ) nor a duration (30d, "
		    "12h, 2w)", s);
		return (-1);
	}
	if (*until <= now) {
		review_time_fmt(*until, when, sizeof when);
		log_cause(cause, "until '%.64s' is in the past (%s)", s, when);
		return (-1);
	}
	if (*until - now > REVIEW_MAX_SECONDS) {
		log_cause(cause, "until '%.64s' is more than a hundred years "
		    "away", s);
		return (-1);
	}
	return (0);
}

/* A time as ISO-8601 UTC, "YYYY-MM-DDTHH:MM:SSZ". */
void
review_time_fmt(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * The matched text as a scope "text" compares it, from malloc: case
 * folded, accents stripped, compatibility forms composed, and every run of
 * characters that are not letters or digits one space, none at either end
 * ("Al-Jamal  TRADING" and "al jamal trading" are one key).  Invalid UTF-8
 * is kept byte for byte, lower-cased where it is ASCII.
 */
char *
review_match_key(const char *text)
{
	utf8proc_uint8_t	*folded = NULL;
	utf8proc_ssize_t	 n;
	const unsigned char	*s;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 step;
	char			*out;
	size_t			 o = 0, i, len;
	int			 space = 0;

	n = utf8proc_map((const utf8proc_uint8_t *)text, 0, &folded,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_COMPAT |
	    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
	if (n < 0) {
		s = (const unsigned char *)text;
		len = strlen(text);
	} else {
		s = folded;
		len = (size_t)n;
	}
	out = xmalloc(len + 1);
	for (i = 0; i < len; i += (size_t)step) {
		step = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (step <= 0) {		/* a stray byte: keep it */
			step = 1;
			cp = 'a';
		}
		if (utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
		    utf8proc_category(cp) <= UTF8PROC_CATEGORY_NO) {
			if (space && o > 0)
				out[o++] = ' ';
			space = 0;
			memcpy(out + o, s + i, (size_t)step);
			if (step == 1)
				out[o] = (char)tolower((unsigned char)out[o]);
			o += (size_t)step;
		} else
			space = 1;
	}
	out[o] = '\0';
	free(folded);
	return (out);
}

/* Compare two strings for qsort. */
static int
review_strcmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Add the strings of several vectors, sorted, each with its NUL, then a NUL. */
static void
review_digest_group(struct sha256 *sha, const char *one,
    const struct strv *const *sv, size_t nsv)
{
	const char	**v;
	size_t		 n = one != NULL, i, j, k = 0;

	for (i = 0; i < nsv; i++)
		n += sv[i]->n;
	v = xreallocarray(NULL, n + 1, sizeof *v);
	if (one != NULL)
		v[k++] = one;
	for (i = 0; i < nsv; i++) {
		for (j = 0; j < sv[i]->n; j++)
			v[k++] = sv[i]->v[j];
	}
	qsort(v, n, sizeof *v, review_strcmp);
	for (i = 0; i < n; i++)
		sha256_update(sha, v[i], strlen(v[i]) + 1);
	sha256_update(sha, "", 1);
	free(v);
}

/*
 * The digest of the material content of list entry idx (an entity, or a
 * country for PARTY_COUNTRY): see the top of this file.
 */
void
review_party_digest(const struct watchlist *wl, enum party_kind kind,
    size_t idx, char out[65])
{
	const struct entity	*e;
	const struct country	*c;
	const struct strv	*sv[3];
	struct sha256		 sha;

	sha256_init(&sha);
	if (kind == PARTY_ENTITY) {
		e = &wl->entities[idx];
		sha256_update(&sha, "entity", 7);
		sha256_update(&sha, e->id, strlen(e->id) + 1);
		sv[0] = &e->aliases;
		sv[1] = &e->weak_aliases;
		review_digest_group(&sha, e->name, sv, 2);
		sv[0] = &e->programs;
		review_digest_group(&sha, NULL, sv, 1);
	} else {
		c = &wl->countries[idx];
		sha256_update(&sha, "country", 8);
		sha256_update(&sha, c->code, strlen(c->code) + 1);
		sv[0] = &c->aliases;
		sv[1] = &c->adjectives;
		review_digest_group(&sha, c->name, sv, 2);
		sha256_update(&sha, c->sanctioned ? "sanctioned" : "watch",
		    c->sanctioned ? 11 : 6);
	}
	sha256_final_hex(&sha, out);
}

/*
 * The index of the list entry of a kind with an id (an entity id, or a
 * country's code), or SIZE_MAX if the watchlist has none.  A walk of the
 * list: for a decision, not for every alert.
 */
size_t
review_party_find(const struct watchlist *wl, enum party_kind kind,
    const char *id)
{
	size_t	 i;

	if (kind == PARTY_RULE)
		return (SIZE_MAX);	/* a rule is no list entry */
	if (kind == PARTY_ENTITY) {
		for (i = 0; i < wl->nentities; i++) {
			if (strcmp(wl->entities[i].id, id) == 0)
				return (i);
		}
	} else {
		for (i = 0; i < wl->ncountries; i++) {
			if (strcmp(wl->countries[i].code, id) == 0)
				return (i);
		}
	}
	return (SIZE_MAX);
}
