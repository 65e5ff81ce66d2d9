/*
 * Alerts: one per (document, party), counts, weak aliases, min_score,
 * sanctioned versus watched countries, severity, snippet and JSON.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sanctwatch.h"
#include "unit.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - id: ofac-44024\n"
    "    name: OSOO PROGRESS LIDER\n"
    "    type: organization\n"
    "    aliases: [PROGRESS LEADER LLC]\n"
    "    weak_aliases: [PROLID]\n"
    "    programs: [RUSSIA-EO14024]\n"
    "    countries: [KG]\n"
    "    source: us-ofac-sdn\n"
    "  - id: weak-only\n"
    "    name: SOMETHING LONG AND UNUSED\n"
    "    weak_aliases: [WEAKY]\n"
    "countries:\n"
    "  - code: KG\n"
    "    name: Kyrgyzstan\n"
    "    adjectives: [Kyrgyz]\n"
    "  - code: RU\n"
    "    name: Russia\n"
    "    adjectives: [Russian]\n"
    "    status: sanctioned\n";

static size_t
build(const char *text, double min_score, struct alert **out)
{
	struct diag		 d;
	struct watchlist	*wl;
	struct matcher		*m;
	struct document		*doc;
	struct alert_opts	 opts = { min_score, 40 };
	size_t			 n;

	memset(&d, 0, sizeof d);
	wl = watchlist_load_mem("t.yaml", wl_yaml, sizeof wl_yaml - 1, &d);
	diag_free(&d);
	*out = NULL;
	if (!CHECK(wl != NULL))
		return (0);
	m = matcher_new(wl);
	doc = extract_document("src", "http://x/a", FORMAT_TEXT, NULL, text,
	    strlen(text));
	n = alert_build(doc, wl, m, &opts, out);
	document_free(doc);
	matcher_free(m);
	watchlist_free(wl);
	return (n);
}

static void
test_one_per_party(void)
{
	struct alert	*a;
	size_t		 n;

	n = build("In Russia, Progress Leader (OSOO Progress Lider) and "
	    "PROLID: Progress Leader again. Kyrgyz firms, Russian buyers.",
	    0.8, &a);
	if (!CHECK_INT(n, 2))
		goto out;
	CHECK_STR(a[0].party_id, "RU");	/* first mention first */
	CHECK_STR(a[0].severity, "low");
	CHECK_INT(a[0].count, 2);
	CHECK_STR(a[1].party_id, "ofac-44024");
	CHECK_INT(a[1].count, 4);	/* weak alias adds to the count */
	CHECK_STR(a[1].method, "exact");	/* "OSOO Progress Lider" */
	CHECK_STR(a[1].match_text, "OSOO Progress Lider");
	CHECK_STR(a[1].severity, "high");
	CHECK_INT(a[1].countries.n, 2);
	CHECK_STR(a[1].countries.v[0], "RU");
	CHECK_STR(a[1].countries.v[1], "KG");
	CHECK_STR(a[1].programs.v[0], "RUSSIA-EO14024");
out:
	alert_free_array(a, n);
}

static void
test_weak_alone(void)
{
	struct alert	*a;
	size_t		 n;

	n = build("WEAKY and PROLID are only weak aliases.", 0.0, &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
}

static void
test_watch_country_alone(void)
{
	struct alert	*a;
	size_t		 n;

	n = build("Kyrgyzstan and Kyrgyz traders.", 0.5, &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
}

static void
test_no_hits(void)
{
	struct alert	*a;
	size_t		 n;

	n = build("Nothing listed here at all.", 0.0, &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	n = build("", 0.0, &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
}

static void
test_min_score(void)
{
	struct alert	*a;
	size_t		 n;

	n = build("Progress Leader", 0.95, &a);	/* alias minus LLC: 0.90 */
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	n = build("Progress Leader", 0.90, &a);
	CHECK_INT(n, 1);
	alert_free_array(a, n);
}

static void
test_json(void)
{
	struct alert	*a;
	json_t		*o;
	json_error_t	 err;
	char		*s;
	size_t		 n;

	n = build("Earlier text that pads the snippet well. The firm Progress "
	    "Leader was named. More text follows here.", 0.8, &a);
	if (!CHECK_INT(n, 1))
		goto out;
	s = alert_json(&a[0], 0);
	CHECK(strchr(s, '\n') == NULL);
	o = json_loads(s, 0, &err);
	if (CHECK(o != NULL)) {
		CHECK(json_object_get(o, "id") == NULL);
		CHECK_STR(json_string_value(json_object_get(o, "kind")),
		    "entity");
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "entity"), "id")), "ofac-44024");
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "match"), "text")), "Progress Leader");
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "match"), "method")), "alias");
		CHECK(json_real_value(json_object_get(json_object_get(o,
		    "match"), "score")) > 0.89);
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "document"), "url")), "http://x/a");
		CHECK(strncmp(json_string_value(json_object_get(o, "snippet")),
		    "...", 3) == 0);
		CHECK(strstr(json_string_value(json_object_get(o, "snippet")),
		    "Progress Leader") != NULL);
		json_decref(o);
	}
	CHECK(strstr(s, "\"score\": 0.9,") != NULL);
	free(s);
	a[0].id = 7;
	strcpy(a[0].time, "2026-11-22T10:15:03Z");
	s = alert_json(&a[0], 1);
	CHECK(strncmp(s, "{\"id\": 7, \"time\": \"2026-11-22T10:15:03Z\"", 39)
	    == 0);
	free(s);
out:
	alert_free_array(a, n);
}

UNIT_SUITE(alert,
	{ "one-per-party", test_one_per_party },
	{ "weak-alone", test_weak_alone },
	{ "watch-country-alone", test_watch_country_alone },
	{ "no-hits", test_no_hits },
	{ "min-score", test_min_score },
	{ "json", test_json },
)
