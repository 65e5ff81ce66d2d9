/*
 * Export-risk rules: the loader's located errors, the windows (sentence,
 * paragraph, words, document), exclusions, the boost of a listed party,
 * HS codes, Cyrillic, and the shipped default rules on short articles the
 * team wrote: circumvention stories written in different ways fire, and
 * ordinary news on the same countries does not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "unit.h"

static const char wl_yaml[] =
    "version: 1\n"
    "entities:\n"
    "  - id: ofac-44024\n"
    "    name: OSOO PROGRESS LIDER\n"
    "    type: organization\n"
    "    aliases: [PROGRESS LEADER LLC]\n"
    "    countries: [KG]\n"
    "countries:\n"
    "  - {code: KG, name: Kyrgyzstan, adjectives: [Kyrgyz]}\n"
    "  - {code: KZ, name: Kazakhstan, adjectives: [Kazakh]}\n"
    "  - {code: RU, name: Russia, adjectives: [Russian], status: sanctioned}\n";

/* A small rules file of the tests. */
static const char rules_yaml[] =
    "version: 1\n"
    "sets:\n"
    "  - id: third\n"
    "    countries: [KG, KZ]\n"
    "    terms: [Bishkek]\n"
    "  - id: dest\n"
    "    countries: [RU]\n"
    "    terms: [Москва, Moscow]\n"
    "  - id: goods\n"
    "    terms: [microchips, dual-use goods, \"micro.*parts\"]\n"
    "    hs: [8542.31, \"8532\"]\n"
    "  - id: sport\n"
    "    terms: [football]\n"
    "rules:\n"
    "  - id: para\n"
    "    all: [third, dest, goods]\n"
    "    window: paragraph\n"
    "    unless: [sport]\n"
    "    boost: high\n"
    "    topic: export.risk\n"
    "    severity: medium\n"
    "  - id: sent\n"
    "    name: In one sentence\n"
    "    all: [third, goods]\n"
    "    window: sentence\n"
    "    topic: export.risk\n"
    "    severity: low\n"
    "  - id: near\n"
    "    all: [dest, goods]\n"
    "    window: 6\n"
    "    topic: export.control\n"
    "    severity: low\n";

/* Whether some message of d has both parts. */
static int
diag_has(const struct diag *d, const char *where, const char *what)
{
	size_t	 i;

	for (i = 0; i < d->msgs.n; i++) {
		if (strstr(d->msgs.v[i], where) != NULL &&
		    strstr(d->msgs.v[i], what) != NULL)
			return (1);
	}
	return (0);
}

/* Load rules from YAML against the test watchlist; the errors in d. */
static struct rules *
load(const char *yaml, struct watchlist **wlp, struct diag *d)
{
	struct diag	 wd = { 0 };

	log_setlevel(LOG_LVL_ERROR);
	*wlp = watchlist_load_mem("w.yaml", wl_yaml, sizeof wl_yaml - 1, &wd);
	diag_free(&wd);
	if (*wlp == NULL)
		return (NULL);
	return (rules_load_mem("r.yaml", yaml, strlen(yaml), *wlp, d));
}

/* The rule alerts of text; their count (alerts in *out, caller frees). */
static size_t
scan(const struct watchlist *wl, const struct rules *r, const char *text,
    struct alert **out)
{
	struct matcher		*m = matcher_new(wl);
	struct document		*doc;
	struct alert_opts	 opts = { 0.80, 60, r };
	struct alert		*all;
	size_t			 n, i, k = 0;

	doc = extract_document("src", "http://x/a", FORMAT_TEXT, NULL, text,
	    strlen(text));
	n = alert_build(doc, wl, m, &opts, &all);
	for (i = 0; i < n; i++) {
		if (all[i].kind == PARTY_RULE) {
			if (i != k) {
				struct alert	 t = all[k];

				all[k] = all[i];
				all[i] = t;
			}
			k++;
		}
	}
	for (i = k; i < n; i++)
		alert_clear(&all[i]);
	*out = all;
	document_free(doc);
	matcher_free(m);
	return (k);
}

static void
test_load_errors(void)
{
	static const struct {
		const char	*yaml;
		const char	*where;
		const char	*what;
	} cases[] = {
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a, nope], window: sentence, topic: export.risk, severity: "
		  "low}\n", "r.yaml:4:", "unknown set 'nope'" },
		{ "sets:\n  - {id: a, countries: [XX]}\n", "r.yaml:2:",
		  "unknown country 'XX'" },
		{ "sets:\n  - {id: a, countries: [], terms: []}\n",
		  "r.yaml:2:", "set 'a' is empty" },
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a], window: 0, topic: export.risk, severity: low}\n",
		  "r.yaml:4:", "window must be from 1 to" },
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a], window: nearby, topic: export.risk, severity: low}\n",
		  "r.yaml:4:", "invalid window 'nearby'" },
		{ "sets:\n  - {id: a, hs: [\"85.42\"]}\n", "r.yaml:2:",
		  "invalid HS code '85.42'" },
		{ "sets:\n  - {id: a, hs: [8542.3]}\n", "r.yaml:2:",
		  "invalid HS code '8542.3'" },
		{ "sets:\n  - {id: a, terms: [\".*+?\"]}\n", "r.yaml:2:",
		  "has no word in it" },
		{ "sets:\n  - {id: a, terms: [a b c d e f g h i]}\n",
		  "r.yaml:2:", "has more than 8 words" },
		{ "sets:\n  - {id: a, terms: [x]}\n  - {id: a, terms: [y]}\n",
		  "r.yaml:3:", "duplicate set id 'a'" },
		{ "sets:\n  - {id: A!, terms: [x]}\n", "r.yaml:2:",
		  "invalid id 'A!'" },
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a], unless: [a], window: 3, topic: export.risk, "
		  "severity: low}\n", "r.yaml:4:", "both needed" },
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a], window: 3, topic: Export Risk, severity: low}\n",
		  "r.yaml:4:", "invalid topic" },
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a], window: 3, topic: export.risk, severity: dire}\n",
		  "r.yaml:4:", "unknown severity 'dire'" },
		{ "sets:\n  - {id: a, terms: [x]}\nrules:\n  - {id: r, all: "
		  "[a], window: 3, severity: low}\n", "r.yaml:4:",
		  "missing required key 'topic'" },
		{ "sets:\n  - {id: a, words: [x]}\n", "r.yaml:2:",
		  "unknown key 'words'" },
		{ "sets:\n  - {id: a, terms: [\"\xff\xfe\"]}\n", "r.yaml",
		  "" },
		{ "version: 2\n", "r.yaml:1:", "unsupported rules version" },
	};
	struct watchlist	*wl;
	struct rules		*r;
	struct diag		 d;
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		memset(&d, 0, sizeof d);
		r = load(cases[i].yaml, &wl, &d);
		if (!CHECK(r == NULL) || !CHECK(diag_has(&d, cases[i].where,
		    cases[i].what)))
			fprintf(stderr, "case %zu: %s\n", i, d.msgs.n > 0 ?
			    d.msgs.v[0] : "(no error)");
		rules_free(r);
		watchlist_free(wl);
		diag_free(&d);
	}
}

/* More terms in one set than a set may hold: an error, not a stall. */
static void
test_huge_set(void)
{
	struct watchlist	*wl;
	struct rules		*r;
	struct diag		 d = { 0 };
	char			*yaml, *p;
	size_t			 i, n = RULES_MAX_TERMS + 1;

	yaml = xmalloc(64 + n * 20);
	p = yaml + sprintf(yaml, "sets:\n  - id: big\n    terms:\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "      - w%zu\n", i);
	r = load(yaml, &wl, &d);
	CHECK(r == NULL);
	CHECK(diag_has(&d, "r.yaml:4:", "too many terms"));
	rules_free(r);
	watchlist_free(wl);
	diag_free(&d);
	free(yaml);
	/* HS headings are 101 forms each: the forms of all sets are bounded. */
	n = RULES_MAX_PATTERNS / 101 + 10;
	yaml = xmalloc(64 + n * 20);
	p = yaml + sprintf(yaml, "sets:\n  - id: big\n    hs:\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "      - \"%04zu\"\n", 1000 + i % 9000);
	memset(&d, 0, sizeof d);
	r = load(yaml, &wl, &d);
	CHECK(r == NULL);
	CHECK(diag_has(&d, "r.yaml:", "too many terms in all the sets"));
	rules_free(r);
	watchlist_free(wl);
	diag_free(&d);
	free(yaml);
}

static void
test_windows(void)
{
	struct watchlist	*wl;
	struct rules		*r;
	struct diag		 d = { 0 };
	struct alert		*a;
	const struct alert	*x;
	size_t			 n;

	if (!CHECK((r = load(rules_yaml, &wl, &d)) != NULL)) {
		diag_print(&d, stderr);
		watchlist_free(wl);
		diag_free(&d);
		return;
	}
	CHECK_INT(rules_count(r), 3);
	/* One sentence: all three rules. */
	n = scan(wl, r, "Kyrgyz firms sold microchips to Russia.", &a);
	CHECK_INT(n, 3);
	CHECK((x = unit_alert_of(a, n, "para")) != NULL && x->severity ==
	    SEVERITY_MEDIUM && strcmp(x->topic, "export.risk") == 0);
	CHECK((x = unit_alert_of(a, n, "sent")) != NULL &&
	    strcmp(x->party_name, "In one sentence") == 0);
	CHECK(unit_alert_of(a, n, "near") != NULL);
	alert_free_array(a, n);
	/* Two sentences of one paragraph: not the sentence rule. */
	n = scan(wl, r, "Kyrgyz firms are busy. They sold microchips to "
	    "Russia.", &a);
	CHECK(unit_alert_of(a, n, "para") != NULL);
	CHECK(unit_alert_of(a, n, "sent") == NULL);
	alert_free_array(a, n);
	/* Two paragraphs: neither; the goods far from Moscow: not near. */
	n = scan(wl, r, "Trade with Kyrgyzstan grew.\n\nMicrochips were "
	    "scarce this year in every market of the world, even in "
	    "Moscow.", &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	/* An exclusion in the window cancels it. */
	n = scan(wl, r, "Kyrgyz football fans bought microchips in Russia.",
	    &a);
	CHECK(unit_alert_of(a, n, "para") == NULL);
	CHECK(unit_alert_of(a, n, "sent") != NULL);
	alert_free_array(a, n);
	/* The document's two windows count as two. */
	n = scan(wl, r, "Kazakh firms shipped microchips to Russia.\n\n"
	    "Later, Bishkek traders sent 8542.31 goods to Moscow.\n", &a);
	CHECK((x = unit_alert_of(a, n, "para")) != NULL && x->count == 2);
	alert_free_array(a, n);
	/* A listed party in the window: boosted, and named. */
	n = scan(wl, r, "Traders said OSOO Progress Lider sold microchips "
	    "from Bishkek to Russia.", &a);
	CHECK((x = unit_alert_of(a, n, "para")) != NULL && x->severity ==
	    SEVERITY_HIGH && x->parties != NULL &&
	    strstr(x->parties, "ofac-44024") != NULL);
	alert_free_array(a, n);
	rules_free(r);
	watchlist_free(wl);
	diag_free(&d);
}

static void
test_terms(void)
{
	struct watchlist	*wl;
	struct rules		*r;
	struct diag		 d = { 0 };
	struct alert		*a;
	size_t			 n;

	if (!CHECK((r = load(rules_yaml, &wl, &d)) != NULL)) {
		watchlist_free(wl);
		diag_free(&d);
		return;
	}
	/* HS codes as 8542.31, 8542 31, 854231, and a heading's code. */
	n = scan(wl, r, "Kyrgyz exporters declared HS 854231 for Russia.", &a);
	CHECK(unit_alert_of(a, n, "sent") != NULL);
	alert_free_array(a, n);
	n = scan(wl, r, "Kyrgyz exporters declared code 8542 31 for Russia.",
	    &a);
	CHECK(unit_alert_of(a, n, "sent") != NULL);
	alert_free_array(a, n);
	n = scan(wl, r, "Kyrgyz exporters declared 8532.24 for Russia.", &a);
	CHECK(unit_alert_of(a, n, "sent") != NULL);
	alert_free_array(a, n);
	/* Amounts are no codes. */
	n = scan(wl, r, "Kyrgyz exports rose to $8542.31 million in Russia.",
	    &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	n = scan(wl, r, "Kyrgyz exports rose 8532% and Russia noticed.", &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	/* Regex-like characters are text: "micro.*parts" is two words. */
	n = scan(wl, r, "Kyrgyz microXXparts went to Russia.", &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	n = scan(wl, r, "Kyrgyz micro parts went to Russia.", &a);
	CHECK(unit_alert_of(a, n, "sent") != NULL);
	alert_free_array(a, n);
	/* Phrases across a hyphen or a space; case folded. */
	n = scan(wl, r, "KYRGYZ DUAL USE GOODS reached Russia.", &a);
	CHECK(unit_alert_of(a, n, "sent") != NULL);
	alert_free_array(a, n);
	/* Cyrillic terms; a word inside a longer one is not the word. */
	n = scan(wl, r, "Kyrgyz microchipsets went to Москва.", &a);
	CHECK_INT(n, 0);
	alert_free_array(a, n);
	n = scan(wl, r, "Kyrgyz microchips went to Москва.", &a);
	CHECK(unit_alert_of(a, n, "para") != NULL);
	alert_free_array(a, n);
	rules_free(r);
	watchlist_free(wl);
	diag_free(&d);
}

/* The record of a rule alert: its rule, topic and spans, as JSON. */
static void
test_json(void)
{
	struct watchlist	*wl;
	struct rules		*r;
	struct diag		 d = { 0 };
	struct alert		*a;
	json_t			*o, *spans;
	char			*line;
	size_t			 n;

	if (!CHECK((r = load(rules_yaml, &wl, &d)) != NULL)) {
		watchlist_free(wl);
		diag_free(&d);
		return;
	}
	n = scan(wl, r, "Bishkek traders sold microchips to Russia.", &a);
	if (CHECK(unit_alert_of(a, n, "near") != NULL)) {
		line = alert_json(unit_alert_of(a, n, "near"), 0);
		o = json_loads(line, 0, NULL);
		CHECK_STR(json_string_value(json_object_get(o, "kind")),
		    "rule");
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "rule"), "id")), "near");
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "rule"), "topic")), "export.control");
		spans = json_object_get(json_object_get(o, "rule"), "spans");
		CHECK_INT(json_array_size(spans), 2);
		CHECK_STR(json_string_value(json_object_get(json_array_get(
		    spans, 0), "text")), "microchips");
		CHECK_STR(json_string_value(json_object_get(json_array_get(
		    spans, 0), "set")), "goods");
		CHECK_STR(json_string_value(json_object_get(json_array_get(
		    spans, 1), "text")), "Russia");
		CHECK_STR(json_string_value(json_object_get(json_object_get(o,
		    "match"), "method")), "rule");
		CHECK(strstr(json_string_value(json_object_get(o, "snippet")),
		    "microchips") != NULL);
		json_decref(o);
		free(line);
	}
	alert_free_array(a, n);
	rules_free(r);
	watchlist_free(wl);
	diag_free(&d);
}

/*
 * The shipped rules (config/rules/export-risk.yaml) with the shipped
 * watchlist, on short articles written for these tests.
 */
static const char *const default_fire[] = {
	/* goods by word, country by adjective, Russia by name */
	"Customs brokers in the region say that Kyrgyz trading houses "
	"bought semiconductors and other electronic components from Asian "
	"suppliers last year and passed them on to buyers in Russia.",
	/* goods by HS code, country by capital */
	"Invoices seen by our reporters list integrated circuits under HS "
	"code 8542.31 shipped from Yerevan warehouses; the trucks then "
	"crossed into Russia at Upper Lars.",
	/* country by name, destination Belarus, drone parts */
	"A freight forwarder registered in Uzbekistan moved drone parts and "
	"rifle scopes to Minsk, where they were loaded onto trains bound "
	"for Belarusian military plants.",
	/* Russian text */
	"Казахстанские посредники закупали микросхемы и транзисторы у "
	"европейских поставщиков и перепродавали их в Россию, говорится в "
	"отчёте.",
	/* Turkey and the UAE, ball bearings and CNC machines */
	"Exports of ball bearings and CNC machine tools from Turkey and the "
	"United Arab Emirates to Russia have tripled since 2021, "
	"according to the trade data.",
};

static const char *const default_quiet[] = {
	/* sport */
	"Kazakhstan beat Russia 2-1 in Astana on Saturday, with a late "
	"goal from their captain sealing a first win over their neighbours "
	"in a decade.",
	/* ordinary trade */
	"Kyrgyzstan and Russia signed an agreement on Tuesday to raise "
	"the trade in wheat, cotton and fruit, officials in Bishkek said.",
	/* politics */
	"The presidents of Armenia and Georgia met in Tbilisi to discuss "
	"the border, while Turkey called for new talks with Russia on "
	"gas prices.",
	/* goods far from the countries */
	"China's smartphone makers reported record sales of microchips "
	"and semiconductors this quarter.\n\n"
	"In other news, the Russian ballet opened its season in Moscow "
	"to full houses.",
	/* goods and a third country, no Russia */
	"Chinese semiconductor firms expanded their plants in Shenzhen as "
	"demand for electronic components rose in Europe.",
};

static void
test_default_rules(void)
{
	struct strv		 wf = { 0 }, rf = { 0 };
	struct watchlist	*wl;
	struct rules		*r = NULL;
	struct diag		 d = { 0 };
	struct alert		*a;
	size_t			 i, n;

	log_setlevel(LOG_LVL_ERROR);
	strv_push(&wf, "config/watchlist.yaml");
	strv_push(&rf, "config/rules/export-risk.yaml");
	wl = watchlist_load(&wf, &d);
	if (wl != NULL)
		r = rules_load(&rf, wl, &d);
	if (!CHECK(r != NULL)) {
		diag_print(&d, stderr);
		goto out;
	}
	CHECK(rules_count(r) >= 2);
	for (i = 0; i < nitems(default_fire); i++) {
		n = scan(wl, r, default_fire[i], &a);
		if (!CHECK(unit_alert_of(a, n, "ru-by-third-country-chpl") != NULL))
			fprintf(stderr, "did not fire: %s\n", default_fire[i]);
		alert_free_array(a, n);
	}
	for (i = 0; i < nitems(default_quiet); i++) {
		n = scan(wl, r, default_quiet[i], &a);
		if (!CHECK_INT(n, 0))
			fprintf(stderr, "fired: %s\n", default_quiet[i]);
		alert_free_array(a, n);
	}
out:
	rules_free(r);
	watchlist_free(wl);
	strv_free(&wf);
	strv_free(&rf);
	diag_free(&d);
}

/*
 * boost_topics: a party in the window boosts the rule only if the lists
 * give it one of those topics; the party is named either way, with its
 * topics.  boost_topics without boost, or a bad topic, is a located error.
 */
static void
test_boost_topics(void)
{
	static const char wl_topics[] =
	    "version: 1\n"
	    "entities:\n"
	    "  - {id: e-frozen, name: ALATAU FREIGHT LLC, type: organization,"
	    " topics: [sanction]}\n"
	    "  - {id: e-export, name: TENGRI MICRO LLC, type: organization,"
	    " topics: [export.control]}\n"
	    "countries:\n"
	    "  - {code: KZ, name: Kazakhstan, adjectives: [Kazakh]}\n"
	    "  - {code: RU, name: Russia, status: sanctioned}\n";
	static const char rules_topics[] =
	    "version: 1\n"
	    "sets:\n"
	    "  - {id: third, countries: [KZ]}\n"
	    "  - {id: dest, countries: [RU]}\n"
	    "  - {id: goods, terms: [microchips]}\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    all: [third, dest, goods]\n"
	    "    window: sentence\n"
	    "    boost: high\n"
	    "    boost_topics: [export.control]\n"
	    "    topic: export.risk\n"
	    "    severity: low\n";
	struct watchlist	*wl;
	struct rules		*r;
	struct diag		 d = { 0 }, wd = { 0 };
	const struct alert	*x;
	struct alert		*a;
	size_t			 n;
	char			*bad;

	wl = watchlist_load_mem("w.yaml", wl_topics, sizeof wl_topics - 1,
	    &wd);
	diag_free(&wd);
	if (!CHECK(wl != NULL))
		return;
	r = rules_load_mem("r.yaml", rules_topics, strlen(rules_topics), wl,
	    &d);
	if (!CHECK(r != NULL)) {
		diag_print(&d, stderr);
		watchlist_free(wl);
		diag_free(&d);
		return;
	}
	n = scan(wl, r, "Alatau Freight LLC moved microchips from Kazakhstan "
	    "to Russia.", &a);
	CHECK((x = unit_alert_of(a, n, "r")) != NULL && x->severity == SEVERITY_LOW &&
	    x->parties != NULL && strstr(x->parties, "e-frozen") != NULL &&
	    strstr(x->parties, "\"sanction\"") != NULL);
	alert_free_array(a, n);
	n = scan(wl, r, "Tengri Micro LLC moved microchips from Kazakhstan "
	    "to Russia.", &a);
	CHECK((x = unit_alert_of(a, n, "r")) != NULL && x->severity == SEVERITY_HIGH &&
	    strstr(x->parties, "export.control") != NULL);
	alert_free_array(a, n);
	rules_free(r);
	bad = xstrdup(rules_topics);
	memcpy(strstr(bad, "    boost: high\n"), "    note: hi   \n", 16);
	CHECK(rules_load_mem("r.yaml", bad, strlen(bad), wl, &d) == NULL);
	CHECK(diag_has(&d, "r.yaml:11:", "boost_topics without boost"));
	free(bad);
	diag_free(&d);
	bad = xstrdup(rules_topics);
	memcpy(strstr(bad, "[export.control]"), "[Export Ctl!!!!]", 16);
	CHECK(rules_load_mem("r.yaml", bad, strlen(bad), wl, &d) == NULL);
	CHECK(diag_has(&d, "r.yaml:11:", "invalid topic"));
	free(bad);
	diag_free(&d);
	watchlist_free(wl);
}

UNIT_SUITE(rules,
	{ "load-errors", test_load_errors },
	{ "huge-set", test_huge_set },
	{ "windows", test_windows },
	{ "terms", test_terms },
	{ "json", test_json },
	{ "default-rules", test_default_rules },
	{ "boost-topics", test_boost_topics },
)
