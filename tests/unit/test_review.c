/*
 * Decisions: durations and dates of --until, match keys, the digest of a
 * list entry, the review request's checks, and the table of suppressions
 * with an injected clock (expiry, scopes, lapse, supersession).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

static void
test_duration(void)
{
	static const struct {
		const char	*in;
		int64_t		 secs;		/* -1: refused */
	} cases[] = {
		{ "30d", 30 * 86400 }, { "12h", 12 * 3600 }, { "2w", 14 * 86400 },
		{ "90m", 5400 }, { "5s", 5 }, { "1d12h", 86400 + 12 * 3600 },
		{ "", -1 }, { "d", -1 }, { "30", -1 }, { "3x", -1 }, { "0d", -1 },
		{ "-1d", -1 }, { "1.5d", -1 }, { "30d ", -1 }, { " 30d", -1 },
		{ "99999999999999999999d", -1 }, { "5300w", -1 },
	};
	int64_t	 secs;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(cases); i++) {
		secs = -1;
		rc = review_duration_parse(cases[i].in, &secs);
		if (!CHECK_INT(rc == 0 ? secs : -1, cases[i].secs))
			printf("#   input '%s'\n", cases[i].in);
	}
}

static void
test_time(void)
{
	static const struct {
		const char	*in;
		time_t		 t;		/* -1: refused */
	} cases[] = {
		{ "2026-12-31", 1798675200 },
		{ "2026-12-31T10:20:30Z", 1798675200 + 37230 },
		{ "2026-12-31T10:20Z", 1798675200 + 37200 },
		{ "2026-12-31T12:20:30+02:00", 1798675200 + 37230 },
		{ "2026-12-31T08:20:30-02:00", 1798675200 + 37230 },
		{ "2028-02-29", 1835395200 },
		{ "2026-02-29", -1 }, { "2026-04-31", -1 }, { "2026-13-01", -1 },
		{ "2026-12-31T24:00:00Z", -1 }, { "2026-12-31T10:60Z", -1 },
		{ "2026-12-31T10:20:30", -1 }, { "2026-12-31T10:20:30+2", -1 },
		{ "26-12-31", -1 }, { "2026/12/31", -1 }, { "2026-12-31x", -1 },
		{ "1969-12-31", -1 },
	};
	time_t	 t;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nitems(cases); i++) {
		t = -1;
		rc = review_time_parse(cases[i].in, &t);
		if (!CHECK_INT(rc == 0 ? (long long)t : -1, cases[i].t))
			printf("#   input '%s'\n", cases[i].in);
	}
}

static void
test_until(void)
{
	time_t	 now = 1798675200, until = 0;	/* 2026-12-31T00:00:00Z */
	char	*cause = NULL, buf[32];

	CHECK(review_until_parse("30d", now, &until, &cause) == 0);
	CHECK_INT(until, now + 30 * 86400);
	CHECK(review_until_parse("2027-01-01", now, &until, &cause) == 0);
	CHECK_INT(until, now + 86400);
	review_time_fmt(until, buf, sizeof buf);
	CHECK_STR(buf, "2027-01-01T00:00:00Z");
	CHECK(review_until_parse("2026-12-31", now, &until, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "in the past") != NULL);
	free(cause);
	cause = NULL;
	CHECK(review_until_parse("soon", now, &until, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "neither a date") != NULL);
	free(cause);
	cause = NULL;
	CHECK(review_until_parse("2200-01-01", now, &until, &cause) == -1);
	CHECK(cause != NULL && strstr(cause, "hundred years") != NULL);
	free(cause);
}

static void
test_match_key(void)
{
	static const char *const cases[][2] = {
		{ "Korvel Marine Logistics", "korvel marine logistics" },
		{ "  KORVEL\tmarine--LOGISTICS!", "korvel marine logistics" },
		{ "Al-Jamal", "al jamal" },
		{ "M\xc3\xbcller & S\xc3\xb6hne", "muller sohne" },
		{ "\xd0\x9f\xd0\xa0\xd0\x9e\xd0\x93\xd0\xa0\xd0\x95\xd0\xa1\xd0\xa1",
		  "\xd0\xbf\xd1\x80\xd0\xbe\xd0\xb3\xd1\x80\xd0\xb5\xd1\x81\xd1\x81" },
		{ "\xef\xbc\xa1\xef\xbc\xa2", "ab" },		/* full width */
		{ "", "" }, { "---", "" },
		{ "bad \xff byte", "bad \xff byte" },
	};
	char	*key;
	size_t	 i;

	for (i = 0; i < nitems(cases); i++) {
		key = review_match_key(cases[i][0]);
		CHECK_STR(key, cases[i][1]);
		free(key);
	}
}

static const char wl_a[] =
    "version: 1\nentities:\n"
    "  - id: e1\n    name: KORVEL MARINE LOGISTICS LLC\n"
    "    type: organization\n    aliases: [Korvel Marine, Korvel Shipping]\n"
    "    programs: [P1, P2]\n    countries: [KG]\n"
    "  - id: e2\n    name: ODRAN TIMBER\n    type: organization\n"
    "countries:\n  - code: RU\n    name: Russia\n    status: sanctioned\n";
/* The same material content: order of aliases and programs, countries. */
static const char wl_same[] =
    "version: 1\nentities:\n"
    "  - id: e2\n    name: ODRAN TIMBER HOLDINGS\n    type: organization\n"
    "  - id: e1\n    name: KORVEL MARINE LOGISTICS LLC\n"
    "    type: organization\n    aliases: [Korvel Shipping, Korvel Marine]\n"
    "    programs: [P2, P1]\n    countries: [UZ]\n    listed: 2024-01-02\n"
    "countries:\n  - code: RU\n    name: Russia\n    status: sanctioned\n";
/* A program added. */
static const char wl_prog[] =
    "version: 1\nentities:\n"
    "  - id: e1\n    name: KORVEL MARINE LOGISTICS LLC\n"
    "    type: organization\n    aliases: [Korvel Marine, Korvel Shipping]\n"
    "    programs: [P1, P2, P3]\n"
    "countries:\n  - code: RU\n    name: Russia\n    status: watch\n";
/* An alias become the name and the name an alias. */
static const char wl_swap[] =
    "version: 1\nentities:\n"
    "  - id: e1\n    name: Korvel Marine\n"
    "    type: organization\n"
    "    aliases: [KORVEL MARINE LOGISTICS LLC, Korvel Shipping]\n"
    "    programs: [P1, P2]\n";
/* An alias moved to the weak ones. */
static const char wl_weak[] =
    "version: 1\nentities:\n"
    "  - id: e1\n    name: KORVEL MARINE LOGISTICS LLC\n"
    "    type: organization\n    aliases: [Korvel Marine]\n"
    "    weak_aliases: [Korvel Shipping]\n    programs: [P1, P2]\n";

static struct watchlist *
load(const char *yaml)
{
	struct diag		 d = { 0 };
	struct watchlist	*wl;

	wl = watchlist_load_mem("r.yaml", yaml, strlen(yaml), &d);
	CHECK(wl != NULL && diag_count(&d) == 0);
	diag_free(&d);
	return (wl);
}

/* The digest of id in the watchlist yaml. */
static void
digest_of(const char *yaml, enum party_kind kind, const char *id, char out[65])
{
	struct watchlist	*wl = load(yaml);
	size_t			 idx;

	out[0] = '\0';
	if (wl == NULL)
		return;
	idx = review_party_find(wl, kind, id);
	if (CHECK(idx != SIZE_MAX))
		review_party_digest(wl, kind, idx, out);
	watchlist_free(wl);
}

static void
test_digest(void)
{
	char	 a[65], b[65];
	struct watchlist	*wl;

	digest_of(wl_a, PARTY_ENTITY, "e1", a);
	CHECK_INT(strlen(a), 64);
	digest_of(wl_same, PARTY_ENTITY, "e1", b);
	CHECK_STR(b, a);
	digest_of(wl_prog, PARTY_ENTITY, "e1", b);
	CHECK(strcmp(a, b) != 0);
	digest_of(wl_swap, PARTY_ENTITY, "e1", b);
	CHECK_STR(b, a);	/* the same names: the one listed first no matter */
	digest_of(wl_weak, PARTY_ENTITY, "e1", b);
	CHECK_STR(b, a);	/* names are names, strong or weak */
	digest_of(wl_a, PARTY_ENTITY, "e2", b);
	CHECK(strcmp(a, b) != 0);
	digest_of(wl_a, PARTY_COUNTRY, "RU", a);
	digest_of(wl_prog, PARTY_COUNTRY, "RU", b);
	CHECK(strcmp(a, b) != 0);	/* sanctioned -> watch */
	wl = load(wl_a);
	if (wl != NULL) {
		CHECK(review_party_find(wl, PARTY_ENTITY, "e3") == SIZE_MAX);
		CHECK(review_party_find(wl, PARTY_COUNTRY, "e1") == SIZE_MAX);
		watchlist_free(wl);
	}
}

/* An alert of e1 built by wl, as the pipeline has it. */
static void
alert_of(struct alert *a, struct watchlist *wl, const char *source,
    const char *text)
{
	memset(a, 0, sizeof *a);
	a->kind = PARTY_ENTITY;
	a->party_id = "e1";
	a->source_id = (char *)(uintptr_t)source;
	a->match_text = (char *)(uintptr_t)text;
	a->party_index = review_party_find(wl, PARTY_ENTITY, "e1");
	memcpy(a->watchlist, wl->hash, sizeof a->watchlist);
}

/* A decision of e1 from source news on "Korvel Marine". */
static void
decision(struct store_decision *d, int64_t id, enum review_scope scope,
    const char *until, const char *digest)
{
	memset(d, 0, sizeof *d);
	d->id = id;
	d->alert_id = id * 10;
	d->action = REVIEW_FALSE_POSITIVE;
	d->scope = scope;
	d->until = until;
	d->kind = PARTY_ENTITY;
	d->entity_id = "e1";
	d->source_id = "news";
	d->match_key = "korvel marine";
	d->entity_digest = digest;
}

static void
test_suppress(void)
{
	struct watchlist	*wl = load(wl_a), *same = load(wl_same),
				*prog = load(wl_prog);
	struct suppress		*sp = suppress_new();
	struct store_decision	 d;
	struct alert		 a;
	char			 digest[65];
	time_t			 t0 = 1798675200;	/* 2026-12-31T00:00Z */

	if (wl == NULL || same == NULL || prog == NULL)
		goto out;
	review_party_digest(wl, PARTY_ENTITY, review_party_find(wl,
	    PARTY_ENTITY, "e1"), digest);
	alert_of(&a, wl, "news", "Korvel  MARINE");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 0);

	/* Scope source: the same source only; until an hour later. */
	decision(&d, 1, SCOPE_SOURCE, "2026-12-31T01:00:00Z", digest);
	suppress_add(sp, &d, t0);
	CHECK_INT(suppress_count(sp), 1);
	CHECK_INT(suppress_match(sp, &a, wl, t0), 1);
	CHECK_INT(suppress_match(sp, &a, wl, t0 + 3599), 1);
	CHECK_INT(suppress_match(sp, &a, wl, t0 + 3600), 0);	/* expired */
	alert_of(&a, wl, "wire", "Korvel Marine");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 0);

	/* Scope text: the same normalised text from anywhere. */
	decision(&d, 2, SCOPE_TEXT, NULL, digest);
	suppress_add(sp, &d, t0);
	CHECK_INT(suppress_match(sp, &a, wl, t0 + 86400 * 365), 2);
	alert_of(&a, wl, "wire", "KORVEL MARINE LOGISTICS LLC");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 0);
	alert_of(&a, wl, "news", "KORVEL MARINE LOGISTICS LLC");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 1);	/* by source */

	/* Another party: untouched. */
	a.party_id = "e2";
	a.party_index = review_party_find(wl, PARTY_ENTITY, "e2");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 0);

	/* An expired decision is not added at all. */
	decision(&d, 3, SCOPE_ENTITY, "2026-12-30T00:00:00Z", digest);
	suppress_add(sp, &d, t0);
	CHECK_INT(suppress_count(sp), 2);
	/* Nor is a false-positive of the alert alone, or a confirm. */
	decision(&d, 4, SCOPE_ALERT, NULL, digest);
	suppress_add(sp, &d, t0);
	decision(&d, 5, SCOPE_ENTITY, NULL, digest);
	d.action = REVIEW_CONFIRM;
	suppress_add(sp, &d, t0);
	CHECK_INT(suppress_count(sp), 2);

	/* Scope entity: everywhere; the newest decision wins. */
	decision(&d, 6, SCOPE_ENTITY, NULL, digest);
	suppress_add(sp, &d, t0);
	alert_of(&a, wl, "wire", "KORVEL MARINE LOGISTICS LLC");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 6);
	alert_of(&a, wl, "news", "Korvel Marine");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 6);

	/* A list whose entry is materially the same: still in force. */
	alert_of(&a, same, "wire", "Korvel Marine");
	CHECK_INT(suppress_match(sp, &a, same, t0), 6);
	/* A program added: every suppression of the entry lapses. */
	alert_of(&a, prog, "news", "Korvel Marine");
	CHECK_INT(suppress_match(sp, &a, prog, t0), 0);
	CHECK(!suppress_in_force(suppress_find(sp, 6), prog, t0));
	CHECK(suppress_in_force(suppress_find(sp, 6), wl, t0));

	/* A later decision on alert 60 supersedes suppression 6. */
	suppress_supersede(sp, 60);
	CHECK(suppress_find(sp, 6) == NULL);
	CHECK_INT(suppress_count(sp), 2);
	alert_of(&a, wl, "wire", "KORVEL MARINE LOGISTICS LLC");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 0);
	alert_of(&a, wl, "news", "Korvel Marine");
	CHECK_INT(suppress_match(sp, &a, wl, t0), 2);

	/* A suppression added later drops the expired ones from the table. */
	CHECK(suppress_find(sp, 1) != NULL);
	decision(&d, 7, SCOPE_ENTITY, NULL, digest);
	d.alert_id = 70;
	suppress_add(sp, &d, t0 + 7200);
	CHECK(suppress_find(sp, 1) == NULL);
	CHECK(suppress_find(sp, 2) != NULL && suppress_find(sp, 7) != NULL);
	CHECK_INT(suppress_count(sp), 2);
	CHECK_INT(suppress_match(sp, &a, wl, t0 + 7200), 7);
out:
	suppress_free(sp);
	watchlist_free(wl);
	watchlist_free(same);
	watchlist_free(prog);
}

/* A review op that records nothing and says what it was given. */
static json_t *
fake_review(void *arg, const struct proto_review *rv,
    const struct proto_peer *peer, char **error)
{
	(void)arg;
	(void)error;
	return (json_pack("{s:i, s:s, s:s, s:b, s:i}", "n", (int)rv->nids,
	    "action", review_action_names[rv->action],
	    "scope", review_scope_names[rv->scope], "until", rv->until != 0,
	    "uid", (int)peer->uid));
}

static void
test_request(void)
{
	static const struct proto_ops ops = { .review = fake_review };
	static const struct {
		const char	*line;
		const char	*want;		/* in the reply */
	} cases[] = {
		{ "{\"cmd\":\"review\",\"ids\":[1,2],\"action\":\"confirm\"}",
		  "\"n\":2" },
		{ "{\"cmd\":\"review\",\"ids\":[1],\"action\":\"false-positive\","
		  "\"scope\":\"text\",\"until\":\"2w\",\"note\":\"x\"}",
		  "\"until\":true" },
		{ "{\"cmd\":\"review\",\"ids\":[1],\"action\":\"confirm\","
		  "\"scope\":\"entity\"}", "applies only to false-positive" },
		{ "{\"cmd\":\"review\",\"ids\":[1],\"action\":\"false-positive\","
		  "\"until\":\"2w\"}", "'until' applies only" },
		{ "{\"cmd\":\"review\",\"ids\":[1],\"action\":\"false-positive\","
		  "\"scope\":\"source\",\"until\":\"2000-01-01\"}",
		  "in the past" },
		{ "{\"cmd\":\"review\",\"ids\":[1],\"action\":\"false-positive\","
		  "\"scope\":\"source\",\"until\":7}", "'until' must be a string" },
		{ "{\"cmd\":\"review\",\"ids\":[0],\"action\":\"confirm\"}",
		  "'ids' must hold" },
		{ "{\"cmd\":\"review\",\"ids\":\"1\",\"action\":\"confirm\"}",
		  "'ids' must be" },
		{ "{\"cmd\":\"review\",\"action\":\"confirm\"}", "missing 'ids'" },
		{ "{\"cmd\":\"review\",\"ids\":[1]}", "missing 'action'" },
		{ "{\"cmd\":\"review\",\"ids\":[1],\"action\":\"confirm\","
		  "\"note\":5}", "'note' must be" },
		{ "{\"cmd\":\"show\"}", "'id' must be" },
		{ "{\"cmd\":\"show\",\"id\":3}", "show: not available" },
	};
	struct proto_peer	 peer = { .known = 1, .uid = 1000 };
	char			*reply;
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		reply = proto_request_peer(cases[i].line, strlen(cases[i].line),
		    &ops, &peer, NULL);
		if (!CHECK(reply != NULL && strstr(reply, cases[i].want) != NULL))
			printf("#   %s -> %s\n", cases[i].line, reply);
		free(reply);
	}
}

UNIT_SUITE(review,
	{ "duration", test_duration },
	{ "time", test_time },
	{ "until", test_until },
	{ "match-key", test_match_key },
	{ "digest", test_digest },
	{ "suppress", test_suppress },
	{ "request", test_request },
)
