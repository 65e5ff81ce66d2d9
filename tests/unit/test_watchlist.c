/*
 * watchlist: good files and their normalization, merging, duplicates across
 * files with where the first was, every kind of error with its location,
 * the hash over the files' bytes, and a large list through the id index.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "unit.h"

#define FIX		"tests/fixtures/conf/"

/* Load a watchlist from a string named w.yaml. */
static struct watchlist *
load(const char *s, struct diag *d)
{
	return (watchlist_load_mem("w.yaml", s, strlen(s), d));
}

/* Load a watchlist that must fail with exactly one message. */
static void
load_fails(const char *s, const char *msg, int line)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = load(s, &d);
	unit_check(w == NULL, "w == NULL", __FILE__, line);
	unit_check_diag(&d, &msg, 1, __FILE__, line);
	watchlist_free(w);
	diag_free(&d);
}
#define LOAD_FAILS(s, msg)	load_fails((s), (msg), __LINE__)

/* Load watchlist files given as a NULL-terminated list. */
static struct watchlist *
load_files(struct diag *d, ...)
{
	struct watchlist	*w;
	struct strv		 files = { 0 };
	const char		*f;
	va_list			 ap;

	va_start(ap, d);
	while ((f = va_arg(ap, const char *)) != NULL)
		strv_push(&files, f);
	va_end(ap);
	w = watchlist_load(&files, d);
	strv_free(&files);
	return (w);
}

/* The entity with an id, or NULL. */
static const struct entity *
find_entity(const struct watchlist *w, const char *id)
{
	size_t	 i;

	for (i = 0; i < w->nentities; i++) {
		if (strcmp(w->entities[i].id, id) == 0)
			return (&w->entities[i]);
	}
	return (NULL);
}

static void
test_good_file(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	const struct entity	*e;
	const struct country	*c;

	w = load_files(&d, FIX "watchlist-a.yaml", NULL);
	CHECK_INT(diag_count(&d), 0);
	diag_print(&d, stdout);
	if (!CHECK(w != NULL))
		return;
	CHECK_INT(w->nentities, 4);
	CHECK_INT(w->ncountries, 2);
	CHECK_INT(w->files.n, 1);
	CHECK_STR(w->files.v[0], FIX "watchlist-a.yaml");
	e = find_entity(w, "ofac-44000");
	if (CHECK(e != NULL)) {
		CHECK_STR(e->name, "LLC RM DESIGN AND DEVELOPMENT");
		CHECK_INT(e->type, ENTITY_ORGANIZATION);
		CHECK_INT(e->aliases.n, 2);
		CHECK_STR(e->aliases.v[0], "RM DESIGN&DEVELOPMENT");
		CHECK_INT(e->weak_aliases.n, 0);
		CHECK_INT(e->programs.n, 1);
		CHECK_STR(e->programs.v[0], "RUSSIA-EO14024");
		if (CHECK_INT(e->countries.n, 2)) {	/* kg, RU, KG */
			CHECK_STR(e->countries.v[0], "KG");
			CHECK_STR(e->countries.v[1], "RU");
		}
		CHECK_STR(e->listed, "2023-07-20");
		CHECK_STR(e->source, "us-ofac-sdn");
	}
	e = find_entity(w, "person-1");
	if (CHECK(e != NULL)) {
		CHECK_INT(e->type, ENTITY_PERSON);
		CHECK_STR(e->aliases.v[1], "Садыр Жапаров");
		CHECK(e->listed == NULL && e->source == NULL);
	}
	e = find_entity(w, "misc-1");
	if (CHECK(e != NULL)) {
		CHECK_INT(e->type, ENTITY_OTHER);
		CHECK_INT(e->aliases.n + e->programs.n + e->countries.n, 0);
	}
	c = watchlist_country(w, "KG");
	if (CHECK(c != NULL)) {
		CHECK_STR(c->code, "KG");
		CHECK_STR(c->name, "Kyrgyzstan");
		CHECK_INT(c->aliases.n, 2);
		CHECK_INT(c->adjectives.n, 2);
		CHECK_STR(c->adjectives.v[1], "Kyrgyzstani");
		CHECK(!c->sanctioned);
	}
	c = watchlist_country(w, "ru");
	CHECK(c != NULL && c->sanctioned && strcmp(c->code, "RU") == 0);
	CHECK(watchlist_country(w, "KZ") == NULL);
	watchlist_free(w);
	diag_free(&d);
	watchlist_free(NULL);
}

/* The sha256 of two files' bytes, concatenated. */
static void
hash_files(const char *a, const char *b, char hex[65])
{
	struct diag	 d = { 0 };
	char		*x, *y, *both;
	size_t		 xl = 0, yl = 0;

	x = ytree_read_file(a, &xl, &d);
	y = ytree_read_file(b, &yl, &d);
	both = xmalloc(xl + yl);
	if (x != NULL && y != NULL) {
		memcpy(both, x, xl);
		memcpy(both + xl, y, yl);
	}
	sha256_hex(both, xl + yl, hex);
	free(x);
	free(y);
	free(both);
	diag_free(&d);
}

static void
test_merge(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w, *w2;
	const struct entity	*e;
	char			 hex[65];

	w = load_files(&d, FIX "watchlist-a.yaml", FIX "watchlist-b.yaml",
	    NULL);
	CHECK_INT(diag_count(&d), 0);
	if (!CHECK(w != NULL))
		return;
	CHECK_INT(w->nentities, 6);
	CHECK_INT(w->ncountries, 3);
	CHECK_INT(w->files.n, 2);
	CHECK_STR(w->entities[4].id, "ofac-44002");
	e = find_entity(w, "ofac-44002");
	if (CHECK(e != NULL)) {
		CHECK_STR(e->weak_aliases.v[0], "Cargoline");
		CHECK_STR(e->listed, "2024-02-29");
	}
	e = find_entity(w, "vessel-1");
	CHECK(e != NULL && e->type == ENTITY_VESSEL);
	CHECK(watchlist_country(w, "kz") != NULL);
	hash_files(FIX "watchlist-a.yaml", FIX "watchlist-b.yaml", hex);
	CHECK_STR(w->hash, hex);
	/* Order matters to the hash. */
	w2 = load_files(&d, FIX "watchlist-b.yaml", FIX "watchlist-a.yaml",
	    NULL);
	if (CHECK(w2 != NULL)) {
		CHECK(strcmp(w->hash, w2->hash) != 0);
		CHECK_STR(w2->entities[0].id, "ofac-44002");
	}
	watchlist_free(w);
	watchlist_free(w2);
	diag_free(&d);
}

static void
test_duplicates_across_files(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;

	/* An entity id in two files merges; a country code does not. */
	w = load_files(&d, FIX "watchlist-a.yaml", FIX "watchlist-dup.yaml",
	    NULL);
	CHECK(w == NULL);
	EXPECT_DIAG(&d,
	    FIX "watchlist-dup.yaml:9:11: duplicate country code 'KG' (first "
	    "at " FIX "watchlist-a.yaml:28)");
	diag_free(&d);
	/* The same file twice: its entities merge into themselves. */
	w = load_files(&d, FIX "watchlist-b.yaml", FIX "watchlist-b.yaml",
	    NULL);
	CHECK(w == NULL);
	EXPECT_DIAG(&d,
	    FIX "watchlist-b.yaml:14:11: duplicate country code 'KZ' (first "
	    "at " FIX "watchlist-b.yaml:14)");
	diag_free(&d);
}

/* Write a file of the given text into a temporary directory. */
static char *
write_tmp(const char *name, const char *text)
{
	char	*path = xasprintf("/tmp/sanctwatch-test-%d-%s", (int)getpid(),
		    name);
	FILE	*f;

	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return (path);
}

/*
 * The same id in two files (the OFAC SDN and non-SDN lists, an import and
 * a hand-written list) is one entity: names, aliases, programs, countries
 * united, the other file's name an alias, the first type kept.
 */
static void
test_merge_across_files(void)
{
	struct diag		 d = { 0 };
	struct strv		 files = { 0 };
	struct watchlist	*w;
	const struct entity	*e;
	char			*a, *b;

	a = write_tmp("a.yaml", "version: 1\nentities:\n"
	    "  - {id: x-1, name: ALPHA TRADING, type: organization, "
	    "aliases: [ALFA TRADING], programs: [P1], countries: [RU], "
	    "listed: 2023-07-20}\n"
	    "  - {id: x-2, name: OTHER, type: person}\n");
	b = write_tmp("b.yaml", "version: 1\nentities:\n"
	    "  - {id: x-1, name: ALPHA TRADING LLC, type: vessel, "
	    "aliases: [ALFA TRADING, AT LLC], weak_aliases: [ALFA TRADING], "
	    "programs: [P1, P2], countries: [KG], listed: 2022-01-05}\n");
	strv_push(&files, a);
	strv_push(&files, b);
	w = watchlist_load(&files, &d);
	if (CHECK(w != NULL) && CHECK_INT(w->nentities, 2)) {
		e = &w->entities[0];
		CHECK_STR(e->id, "x-1");
		CHECK_STR(e->name, "ALPHA TRADING");
		CHECK_INT(e->type, ENTITY_ORGANIZATION);
		/* weak in one entry, weak in both (OFAC's a.k.a. copied) */
		CHECK_INT(e->aliases.n, 2);
		CHECK(strv_contains(&e->aliases, "ALPHA TRADING LLC"));
		CHECK(strv_contains(&e->aliases, "AT LLC"));
		CHECK_INT(e->weak_aliases.n, 1);
		CHECK(strv_contains(&e->weak_aliases, "ALFA TRADING"));
		CHECK_INT(e->programs.n, 2);
		CHECK_INT(e->countries.n, 2);
		CHECK_STR(e->listed, "2022-01-05");
	}
	CHECK_INT(diag_count(&d), 0);
	watchlist_free(w);
	diag_free(&d);
	strv_free(&files);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
}

static void
test_duplicates_in_one_file(void)
{
	LOAD_FAILS("version: 1\nentities:\n  - {id: a, name: A}\n"
	    "  - {id: b, name: B}\n  - {name: A2, id: a}\n",
	    "w.yaml:5:20: duplicate entity id 'a' (first at w.yaml:3)");
	LOAD_FAILS("version: 1\ncountries:\n  - {code: ru, name: Russia}\n"
	    "  - {code: RU, name: Russia}\n",
	    "w.yaml:4:12: duplicate country code 'RU' (first at w.yaml:3)");
}

static void
test_bad_file_all_errors(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = load_files(&d, FIX "watchlist-bad.yaml", NULL);
	CHECK(w == NULL);
	EXPECT_DIAG(&d,
	    FIX "watchlist-bad.yaml:1:10: unsupported watchlist version 2 "
	    "(expected 1)",
	    FIX "watchlist-bad.yaml:2:7: expected a string",
	    FIX "watchlist-bad.yaml:5:11: must not be empty",
	    FIX "watchlist-bad.yaml:6:11: unknown entity type 'company' "
	    "(person, organization, vessel, aircraft or other)",
	    FIX "watchlist-bad.yaml:7:19: must not be empty",
	    FIX "watchlist-bad.yaml:7:23: expected a string",
	    FIX "watchlist-bad.yaml:8:17: invalid country code 'KGZ' "
	    "(expected ISO 3166-1 alpha-2, such as KG)",
	    FIX "watchlist-bad.yaml:8:22: invalid country code 'K1' "
	    "(expected ISO 3166-1 alpha-2, such as KG)",
	    FIX "watchlist-bad.yaml:9:13: invalid date '2023-02-30' "
	    "(expected YYYY-MM-DD)",
	    FIX "watchlist-bad.yaml:10:5: unknown key 'colour'",
	    FIX "watchlist-bad.yaml:11:9: duplicate entity id 'e1' (first at "
	    FIX "watchlist-bad.yaml:4)",
	    FIX "watchlist-bad.yaml:13:5: missing required key 'id'",
	    FIX "watchlist-bad.yaml:14:5: expected a mapping",
	    FIX "watchlist-bad.yaml:18:13: unknown country status 'hostile' "
	    "(sanctioned or watch)",
	    FIX "watchlist-bad.yaml:19:5: missing required key 'name'",
	    FIX "watchlist-bad.yaml:19:11: duplicate country code 'XX' (first "
	    "at " FIX "watchlist-bad.yaml:16)",
	    FIX "watchlist-bad.yaml:20:5: missing required key 'code'",
	    FIX "watchlist-bad.yaml:21:1: unknown key 'unknown'");
	diag_free(&d);
}

static void
test_structure_errors(void)
{
	LOAD_FAILS("", "w.yaml:1:1: missing required key 'version'");
	LOAD_FAILS("entities: []\n",
	    "w.yaml:1:1: missing required key 'version'");
	LOAD_FAILS("- version\n", "w.yaml:1:1: expected a mapping");
	LOAD_FAILS("version: 0\n",
	    "w.yaml:1:10: unsupported watchlist version 0 (expected 1)");
	LOAD_FAILS("version: one\n",
	    "w.yaml:1:10: expected a non-negative integer");
	LOAD_FAILS("version: 1\nversion: 1\n",
	    "w.yaml:2:1: duplicate key 'version' (first at 1:1)");
	LOAD_FAILS("version: 1\nentities: {id: a}\n",
	    "w.yaml:2:11: expected a list of entities");
	LOAD_FAILS("version: 1\ncountries: KG\n",
	    "w.yaml:2:12: expected a list of countries");
	LOAD_FAILS("version: 1\nentities:\n  - id: a\n",
	    "w.yaml:3:5: missing required key 'name'");
	LOAD_FAILS("version: 1\nentities:\n  - id: \"\"\n    name: x\n",
	    "w.yaml:3:9: must not be empty");
	LOAD_FAILS("version: 1\nentities:\n  - id: \"a\\tb\"\n    name: x\n",
	    "w.yaml:3:9: an id must not contain control characters");
	LOAD_FAILS("version: 1\nentities:\n  - id: a\n    name: \"  \"\n",
	    "w.yaml:4:11: must not be empty");
	LOAD_FAILS("version: 1\nentities:\n  - id: a\n    name: x\n"
	    "    aliases: single\n", "w.yaml:5:14: expected a list of strings");
	LOAD_FAILS("version: 1\nentities:\n  - id: a\n    name: x\n"
	    "    countries: KG\n",
	    "w.yaml:5:16: expected a list of country codes");
	LOAD_FAILS("version: 1\nentities:\n  - id: a\n    name: x\n"
	    "    programs: [[nested]]\n", "w.yaml:5:16: expected a string");
	LOAD_FAILS("version: 1\ncountries:\n  - code: K\n    name: x\n",
	    "w.yaml:3:11: invalid country code 'K' (expected ISO 3166-1 "
	    "alpha-2, such as KG)");
	LOAD_FAILS("version: 1\ncountries:\n  - code: \"\xc3\x9c\x45\"\n"
	    "    name: x\n", "w.yaml:3:11: invalid country code '\xc3\x9c\x45'"
	    " (expected ISO 3166-1 alpha-2, such as KG)");
	LOAD_FAILS("version: 1\ncountries:\n  - code: KG\n    name: x\n"
	    "    flag: red\n", "w.yaml:5:5: unknown key 'flag'");
	LOAD_FAILS("version: 1\nentities:\n  - &e {id: a, name: b}\n",
	    "w.yaml:3:5: YAML anchors and aliases are not allowed");
	LOAD_FAILS("version: 1\nentities: [\n",
	    "w.yaml:3:1: did not find expected node content (while parsing a "
	    "flow node)");
}

/* One row of the date table. */
struct date_case {
	const char	*date;
	int		 ok;
};

static void
test_dates(void)
{
	static const struct date_case cases[] = {
		{ "2023-07-20", 1 },
		{ "2024-02-29", 1 },
		{ "2000-02-29", 1 },
		{ "1900-02-28", 1 },
		{ "2023-12-31", 1 },
		{ "\"2023-01-01\"", 1 },
		{ "1900-02-29", 0 },
		{ "2023-02-29", 0 },
		{ "2023-04-31", 0 },
		{ "2023-13-01", 0 },
		{ "2023-00-10", 0 },
		{ "2023-01-00", 0 },
		{ "2023-7-20", 0 },
		{ "20230720", 0 },
		{ "2023/07/20", 0 },
		{ "2023-07-20T00:00:00Z", 0 },
		{ "July 2023", 0 },
		{ "2023-07-2x", 0 },
		{ "+123-07-20", 0 },
	};
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			*body;
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		body = xasprintf("version: 1\nentities:\n  - id: a\n"
		    "    name: b\n    listed: %s\n", cases[i].date);
		w = load(body, &d);
		if (!CHECK_INT(w != NULL, cases[i].ok))
			printf("#   for %s\n", cases[i].date);
		if (!cases[i].ok && CHECK_INT(diag_count(&d), 1))
			CHECK(strncmp(d.msgs.v[0], "w.yaml:5:13: invalid date",
			    25) == 0);
		watchlist_free(w);
		diag_free(&d);
		free(body);
	}
}

static void
test_types_and_status(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	const char		*body = "version: 1\nname: types\nentities:\n"
	    "  - {id: p, name: P, type: person}\n"
	    "  - {id: o, name: O, type: organization}\n"
	    "  - {id: v, name: V, type: vessel}\n"
	    "  - {id: a, name: A, type: aircraft}\n"
	    "  - {id: x, name: X, type: other}\n"
	    "countries:\n  - {code: ir, name: Iran, status: sanctioned}\n"
	    "  - {code: kz, name: Kazakhstan}\n";

	w = load(body, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL) && CHECK_INT(w->nentities, 5)) {
		CHECK_INT(w->entities[0].type, ENTITY_PERSON);
		CHECK_INT(w->entities[1].type, ENTITY_ORGANIZATION);
		CHECK_INT(w->entities[2].type, ENTITY_VESSEL);
		CHECK_INT(w->entities[3].type, ENTITY_AIRCRAFT);
		CHECK_INT(w->entities[4].type, ENTITY_OTHER);
		CHECK(watchlist_country(w, "IR")->sanctioned);
		CHECK(!watchlist_country(w, "KZ")->sanctioned);
	}
	CHECK_STR(watchlist_type_name(ENTITY_PERSON), "person");
	CHECK_STR(watchlist_type_name(ENTITY_ORGANIZATION), "organization");
	CHECK_STR(watchlist_type_name(ENTITY_VESSEL), "vessel");
	CHECK_STR(watchlist_type_name(ENTITY_AIRCRAFT), "aircraft");
	CHECK_STR(watchlist_type_name(ENTITY_OTHER), "other");
	CHECK_STR(watchlist_type_name((enum entity_type)42), "?");
	watchlist_free(w);
	diag_free(&d);
}

static void
test_mem_hash_and_empty(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	const char		*body = "version: 1\n";
	char			 hex[65];

	w = load(body, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL)) {
		CHECK_INT(w->nentities, 0);
		CHECK_INT(w->ncountries, 0);
		CHECK_STR(w->files.v[0], "w.yaml");
		sha256_hex(body, strlen(body), hex);
		CHECK_STR(w->hash, hex);
	}
	watchlist_free(w);
	w = load("version: 1\nentities:\ncountries: []\n", &d);
	CHECK(w != NULL && w->nentities == 0);
	watchlist_free(w);
	w = load_files(&d, NULL);	/* no files: empty, hash of nothing */
	if (CHECK(w != NULL))
		CHECK_STR(w->hash, "e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855");
	watchlist_free(w);
	CHECK_INT(diag_count(&d), 0);
	diag_free(&d);
}

static void
test_missing_file(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = load_files(&d, FIX "nonexistent.yaml", FIX "watchlist-bad.yaml",
	    FIX "billion-laughs.yaml", NULL);
	CHECK(w == NULL);
	/* Every file is still checked: one error, 18, one. */
	CHECK_INT(diag_count(&d), 20);
	if (diag_count(&d) == 20) {
		CHECK_STR(d.msgs.v[0], FIX "nonexistent.yaml: No such file or "
		    "directory");
		CHECK_STR(d.msgs.v[19], FIX "billion-laughs.yaml:3:4: YAML "
		    "anchors and aliases are not allowed");
	}
	diag_free(&d);
}

static void
test_large(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			*buf;
	size_t			 len = 0, cap = 64u * 20002, i;
	int			 n;

	buf = xmalloc(cap);
	len = (size_t)snprintf(buf, cap, "version: 1\nentities:\n");
	for (i = 0; i < 20000; i++) {
		n = snprintf(buf + len, cap - len,
		    "  - {id: e%zu, name: N%zu}\n", i, i);
		len += (size_t)n;
	}
	w = watchlist_load_mem("big.yaml", buf, len, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL)) {
		CHECK_INT(w->nentities, 20000);
		CHECK_STR(w->entities[19999].id, "e19999");
	}
	watchlist_free(w);
	len += (size_t)snprintf(buf + len, cap - len, "  - {id: e12345, "
	    "name: again}\n");
	w = watchlist_load_mem("big.yaml", buf, len, &d);
	CHECK(w == NULL);
	EXPECT_DIAG(&d, "big.yaml:20003:10: duplicate entity id 'e12345' "
	    "(first at big.yaml:12348)");
	free(buf);
	diag_free(&d);
}

/*
 * The importers' shape, read by the fast path: escapes, raw UTF-8, empty
 * lists, a repeated country, comments and blank lines between entities.
 */
static const char imported[] =
    "# Written by sanctwatch import; one entity per line.\n"
    "version: 1\n"
    "name: \"Test \\\"list\\\" \\u00e9\"\n"
    "entities:\n"
    "  - {\"id\": \"ofac-1\", \"name\": \"LLC RM DESIGN AND DEVELOPMENT\", "
    "\"type\": \"organization\", \"aliases\": [\"RM DESIGN&DEVELOPMENT\", "
    "\"a \\\\ b\"], \"programs\": [\"RUSSIA-EO14024\"], \"countries\": "
    "[\"kg\", \"KG\", \"ru\"], \"listed\": \"2023-07-20\", \"source\": "
    "\"us-ofac-sdn\"}\n"
    "\n"
    "# between entities\n"
    "  - {\"id\": \"un-QDi.001\", \"name\": \"\xd0\xa1\xd0\xb0\xd0\xb4\xd1"
    "\x8b\xd1\x80 \xd0\x96\xd0\xb0\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xb2\", "
    "\"type\": \"person\", \"weak_aliases\": [\"Tab\\u0009Name\"], "
    "\"programs\": [\"RUSSIA-EO14024\", \"KGZ\"], \"countries\": [\"KG\"], "
    "\"listed\": \"2023-07-20\", \"source\": \"us-ofac-sdn\"}\n"
    "  - {\"name\": \"No \\u20acype \\U0001F600\", \"id\": \"x-\\u0031\", "
    "\"aliases\": []}\n";

/*
 * Load s with the fast path and through libyaml alone: the same watchlist
 * or the same errors, which are returned in d.
 */
static struct watchlist *
load_both(const char *s, struct diag *d, int line)
{
	struct diag		 d2 = { 0 };
	struct watchlist	*w, *w2;
	size_t			 i;

	watchlist_fastpath = 0;
	w2 = load(s, &d2);
	watchlist_fastpath = 1;
	w = load(s, d);
	unit_check((w == NULL) == (w2 == NULL), "both load or neither",
	    __FILE__, line);
	if (w != NULL && w2 != NULL) {
		unit_check(watchlist_same(w, w2), "watchlist_same(w, w2)",
		    __FILE__, line);
		unit_check_str(w->hash, w2->hash, "w->hash", __FILE__, line);
	}
	unit_check_int((long long)diag_count(d), (long long)diag_count(&d2),
	    "diag_count(d)", __FILE__, line);
	for (i = 0; i < diag_count(d) && i < diag_count(&d2); i++)
		unit_check_str(d->msgs.v[i], d2.msgs.v[i], "d->msgs.v[i]",
		    __FILE__, line);
	watchlist_free(w2);
	diag_free(&d2);
	return (w);
}
#define LOAD_BOTH(s, d)	load_both((s), (d), __LINE__)

static void
test_imported_shape(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	const struct entity	*e, *e2;

	w = LOAD_BOTH(imported, &d);
	CHECK_INT(diag_count(&d), 0);
	if (!CHECK(w != NULL && w->nentities == 3))
		goto out;
	e = &w->entities[0];
	CHECK_STR(e->aliases.v[1], "a \\ b");
	CHECK_INT(e->countries.n, 2);
	CHECK_STR(e->countries.v[0], "KG");
	CHECK_STR(e->countries.v[1], "RU");
	e2 = &w->entities[1];
	CHECK_STR(e2->name, "\xd0\xa1\xd0\xb0\xd0\xb4\xd1\x8b\xd1\x80 "
	    "\xd0\x96\xd0\xb0\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xb2");
	CHECK_INT(e2->type, ENTITY_PERSON);
	CHECK_STR(e2->weak_aliases.v[0], "Tab\tName");
	/* Repeated strings are stored once. */
	CHECK(e->programs.v[0] == e2->programs.v[0]);
	CHECK(e->countries.v[0] == e2->countries.v[0]);
	CHECK(e->source == e2->source && e->listed == e2->listed);
	e = &w->entities[2];
	CHECK_STR(e->id, "x-1");
	CHECK_STR(e->name, "No \xe2\x82\xac" "ype \xf0\x9f\x98\x80");
	CHECK_INT(e->type, ENTITY_OTHER);
	CHECK(e->aliases.n == 0 && e->programs.n == 0 && e->listed == NULL &&
	    e->source == NULL);
out:
	watchlist_free(w);
	diag_free(&d);
}

/* The entity line of id and rest, in the importers' shape. */
#define LINE(id, rest)	\
	"  - {\"id\": \"" id "\", \"name\": \"N\"" rest "}\n"
#define HEAD		"version: 1\nentities:\n"

static void
test_same(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*a, *b, *c;

	a = load(HEAD LINE("a", ", \"aliases\": [\"X\"]"), &d);
	b = load(HEAD LINE("a", ", \"aliases\": [\"Y\"]"), &d);
	c = load(HEAD "  - {id: a, name: N, aliases: [X]}\n", &d);
	if (CHECK(a != NULL && b != NULL && c != NULL)) {
		CHECK(!watchlist_same(a, b));
		CHECK(watchlist_same(a, c));
	}
	CHECK_INT(diag_count(&d), 0);
	watchlist_free(a);
	watchlist_free(b);
	watchlist_free(c);
	diag_free(&d);
}

static void
test_imported_long_line(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			*alias, *s;

	/* Past libyaml's 1024 characters for a simple key, in a value. */
	alias = xmalloc(3001);
	memset(alias, 'A', 3000);
	alias[3000] = '\0';
	s = xasprintf(HEAD "  - {\"id\": \"a\", \"name\": \"N\", "
	    "\"aliases\": [\"%s\", \"B\"]}\n", alias);
	w = LOAD_BOTH(s, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL && w->nentities == 1)) {
		CHECK_STR(w->entities[0].aliases.v[0], alias);
		CHECK_STR(w->entities[0].aliases.v[1], "B");
	}
	watchlist_free(w);
	diag_free(&d);
	free(s);
	free(alias);
}

static void
test_imported_errors(void)
{
	struct diag	 d = { 0 };
	size_t		 i;
	static const struct {
		const char	*yaml;
		const char	*msg;
	} cases[] = {
		{ HEAD LINE("a", "") LINE("a", ""),
		    "w.yaml:4:12: duplicate entity id 'a' (first at "
		    "w.yaml:3)" },
		{ HEAD LINE("a", ", \"bogus\": \"x\""),
		    "w.yaml:3:30: unknown key 'bogus'" },
		{ HEAD LINE("a", ", \"countries\": [\"K1\"]"),
		    "w.yaml:3:44: invalid country code 'K1' (expected ISO "
		    "3166-1 alpha-2, such as KG)" },
		{ HEAD LINE("a", ", \"listed\": \"2023-02-29\""),
		    "w.yaml:3:40: invalid date '2023-02-29' (expected "
		    "YYYY-MM-DD)" },
		{ HEAD LINE("a", ", \"type\": \"ship\""),
		    "w.yaml:3:38: unknown entity type 'ship' (person, "
		    "organization, vessel, aircraft or other)" },
		{ HEAD LINE("a", ", \"aliases\": [\" \"]"),
		    "w.yaml:3:42: must not be empty" },
		{ HEAD LINE("a", ", \"name\": \"M\""),
		    "w.yaml:3:30: duplicate key 'name' (first at 3:17)" },
		{ HEAD LINE("\\u0007", ""),
		    "w.yaml:3:12: an id must not contain control characters" },
		{ HEAD "  - {\"name\": \"N\"}\n",
		    "w.yaml:3:5: missing required key 'id'" },
		{ HEAD LINE("a", ", \"source\": \"\\ud800\""),
		    "w.yaml:3:43: found invalid Unicode character escape code "
		    "(while parsing a quoted scalar at 3:40)" },
		{ HEAD LINE("a", ", \"source\": \"x\\u0000\""),
		    "w.yaml:3:40: a string must not contain a NUL byte" },
		/* A YAML error anywhere is a file's only error, as ever. */
		{ HEAD LINE("a", ", \"countries\": [\"K1\"]") LINE("b", "")
		    "  - {\"id\": \"c\"\n",
		    "w.yaml:6:1: did not find expected ',' or '}' (while "
		    "parsing a flow mapping at 5:5)" },
	};

	for (i = 0; i < nitems(cases); i++) {
		watchlist_free(LOAD_BOTH(cases[i].yaml, &d));
		unit_check_diag(&d, &cases[i].msg, 1, __FILE__, __LINE__);
		diag_free(&d);
	}
}

/* Write a temporary file holding s; its path, to free and unlink. */
static char *
temp_file(const char *s)
{
	char	*path;
	FILE	*f;

	path = xstrdup("/tmp/test-watchlist-XXXXXX");
	if (!CHECK(mkstemp(path) != -1) || (f = fopen(path, "w")) == NULL) {
		free(path);
		return (NULL);
	}
	fputs(s, f);
	CHECK(fclose(f) == 0);
	return (path);
}

static void
test_imported_large_file(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			*buf, *path, hex[65];
	size_t			 len, cap = 6u * 1024 * 1024, i;

	/* Past WL_HASH_THREAD (4 MiB): hashed in a thread beside the parse. */
	buf = xmalloc(cap);
	len = (size_t)snprintf(buf, cap, HEAD);
	for (i = 0; i < 50000; i++) {
		len += (size_t)snprintf(buf + len, cap - len, "  - {\"id\": "
		    "\"e%zu\", \"name\": \"NAME NUMBER %zu OF A LARGE LIST\", "
		    "\"programs\": [\"P%zu\"], \"countries\": [\"KG\"]}\n",
		    i, i, i % 7);
	}
	CHECK(len > 4u * 1024 * 1024 && len < cap);
	if ((path = temp_file(buf)) == NULL)
		goto out;
	w = load_files(&d, path, NULL);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL)) {
		CHECK_INT(w->nentities, 50000);
		CHECK_STR(w->entities[49999].id, "e49999");
		CHECK(w->entities[7].programs.v[0] ==
		    w->entities[49994].programs.v[0]);
		sha256_hex(buf, len, hex);
		CHECK_STR(w->hash, hex);
	}
	watchlist_free(w);
	unlink(path);
	free(path);
out:
	free(buf);
	diag_free(&d);
}

static void
test_stream_refusals(void)
{
	char	*s;

	/* Refused inside a key while the file is read a node at a time. */
	s = xmalloc(100);
	memset(s, '{', 99);
	s[99] = '\0';
	LOAD_FAILS(s, "w.yaml:1:65: nested deeper than 64 levels");
	free(s);
	LOAD_FAILS("version: 1\nentities:\n  - {id: a, name: &x A}\n",
	    "w.yaml:3:19: YAML anchors and aliases are not allowed");
	LOAD_FAILS("version: 1\nentities:\n  - {id: a, name: A}\n---\n",
	    "w.yaml:4:1: only one YAML document per file is allowed");
}

static void
test_imported_files(void)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			*a, *b, *c, *e, *msg;

	a = temp_file(HEAD LINE("a", ", \"programs\": [\"P\"]") LINE("b", ""));
	/* In the importers' shape up to its countries, which libyaml reads. */
	b = temp_file(HEAD LINE("c", ", \"programs\": [\"P\"]")
	    "countries: [{code: KG, name: Kyrgyzstan}]\n");
	c = temp_file("# x\n" HEAD LINE("d", "") LINE("b", ""));
	/* Its YAML error comes after its first entity. */
	e = temp_file(HEAD LINE("a", "") "  - {\"id\": \"c\"\n");
	if (a == NULL || b == NULL || c == NULL || e == NULL)
		goto out;
	/* The fast path gives up on b after adding c: c is added once. */
	w = load_files(&d, a, b, NULL);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL)) {
		CHECK_INT(w->nentities, 3);
		CHECK_INT(w->ncountries, 1);
		CHECK_STR(w->entities[2].id, "c");
		CHECK_STR(w->entities[2].programs.v[0], "P");
		CHECK_STR(w->entities[0].programs.v[0], "P");
	}
	watchlist_free(w);
	/* c's "b" is a's "b" again: merged, not added (libyaml reads c). */
	w = load_files(&d, a, b, c, NULL);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL))
		CHECK_INT(w->nentities, 4);
	watchlist_free(w);
	diag_free(&d);
	/* A file with a YAML error adds nothing: a's "a" is no duplicate. */
	w = load_files(&d, e, a, NULL);
	CHECK(w == NULL);
	msg = xasprintf("%s:5:1: did not find expected ',' or '}' (while "
	    "parsing a flow mapping at 4:5)", e);
	unit_check_diag(&d, (const char *const *)&msg, 1, __FILE__, __LINE__);
	free(msg);
	diag_free(&d);
out:
	if (a != NULL)
		unlink(a);
	if (b != NULL)
		unlink(b);
	if (c != NULL)
		unlink(c);
	if (e != NULL)
		unlink(e);
	free(a);
	free(b);
	free(c);
	free(e);
}

/* A watchlist of no entities loads, with a warning that it finds nothing. */
static void
test_empty_warns(void)
{
	struct unit_log		 lg;
	struct diag		 d = { 0 };
	struct watchlist	*w;
	char			*out;
	static const char	 y[] = "version: 1\nentities: []\n";

	if (!CHECK(unit_log_begin(&lg) == 0))
		return;
	log_setlevel(LOG_LVL_WARNING);
	w = watchlist_load_mem("empty.yaml", y, sizeof y - 1, &d);
	out = unit_log_end(&lg);
	CHECK(w != NULL && w->nentities == 0);
	CHECK_INT(diag_count(&d), 0);
	if (!CHECK(strstr(out, "empty.yaml: no entities") != NULL))
		printf("#   log: %s\n", out);
	free(out);
	watchlist_free(w);
	diag_free(&d);
}

/* topics: FtM names, interned, the fast path and libyaml agreeing. */
static void
test_topics(void)
{
	static const char	 ok[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"a\", \"name\": \"A\", \"topics\": "
	    "[\"export.control\", \"sanction\"]}\n"
	    "  - {\"id\": \"b\", \"name\": \"B\", \"topics\": "
	    "[\"sanction\"]}\n";
	static const char	 bad[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"a\", \"name\": \"A\", \"topics\": "
	    "[\"Export Control\"]}\n";
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = LOAD_BOTH(ok, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL && w->nentities == 2)) {
		CHECK_INT(w->entities[0].topics.n, 2);
		CHECK_STR(w->entities[0].topics.v[0], "export.control");
		CHECK(w->entities[0].topics.v[1] == w->entities[1].topics.v[0]);
	}
	watchlist_free(w);
	diag_free(&d);
	w = LOAD_BOTH(bad, &d);
	CHECK(w == NULL);
	if (!CHECK(diag_count(&d) == 1 && strstr(d.msgs.v[0], "w.yaml:3:") !=
	    NULL && strstr(d.msgs.v[0], "invalid topic 'Export Control'") !=
	    NULL))
		diag_print(&d, stdout);
	watchlist_free(w);
	diag_free(&d);
}

/*
 * Each of bad[0..n) as the one value of an entity's list key: no
 * watchlist, one error at its line that says msg, on both paths.
 */
static void
check_bad_values(const char *key, const char *const *bad, size_t n,
    const char *msg)
{
	char			 y[256];
	struct diag		 d = { 0 };
	struct watchlist	*w;
	size_t			 i;

	for (i = 0; i < n; i++) {
		snprintf(y, sizeof y, "version: 1\nentities:\n  - {\"id\": "
		    "\"a\", \"name\": \"A\", \"%s\": [\"%s\"]}\n", key,
		    bad[i]);
		w = LOAD_BOTH(y, &d);
		CHECK(w == NULL);
		if (!CHECK(diag_count(&d) == 1 && strstr(d.msgs.v[0],
		    "w.yaml:3:") != NULL && strstr(d.msgs.v[0], msg) != NULL))
			diag_print(&d, stdout);
		watchlist_free(w);
		diag_free(&d);
	}
}

/*
 * imo: seven digits each, as the importers write them (quoted) or as a
 * person writes them (a plain number), the fast path and libyaml agreeing;
 * anything else is a located error.
 */
static void
test_imo(void)
{
	static const char	 ok[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"a\", \"name\": \"ARTAVIL\", \"type\": \"vessel\", "
	    "\"imo\": [\"9187629\", \"0187620\"]}\n"
	    "  - id: b\n    name: TIFON\n    imo: [7206512]\n";
	static const char *const bad[] = { "IMO 9187629", "918762",
	    "91876290", "918762x" };
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = LOAD_BOTH(ok, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL && w->nentities == 2)) {
		CHECK_INT(w->entities[0].imo.n, 2);
		CHECK_STR(w->entities[0].imo.v[0], "9187629");
		CHECK_STR(w->entities[0].imo.v[1], "0187620");
		CHECK_INT(w->entities[1].imo.n, 1);
		CHECK_STR(w->entities[1].imo.v[0], "7206512");
	}
	watchlist_free(w);
	diag_free(&d);
	check_bad_values("imo", bad, nitems(bad), "invalid IMO number");
}

/* registrations: a label, a space and 8 to 15 digits; else an error. */
static void
test_registrations(void)
{
	static const char	 ok[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"a\", \"name\": \"A\", \"registrations\": "
	    "[\"Tax ID 7702070139\", \"Registration Number 1027700132195\"]}"
	    "\n";
	static const char *const bad[] = { "7702070139", "Tax ID 1234567",
	    "Tax ID 1234567890123456", "Tax ID 77020701x9", "Tax ID " };
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = LOAD_BOTH(ok, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL && w->nentities == 1)) {
		CHECK_INT(w->entities[0].registrations.n, 2);
		CHECK_STR(w->entities[0].registrations.v[1],
		    "Registration Number 1027700132195");
	}
	watchlist_free(w);
	diag_free(&d);
	check_bad_values("registrations", bad, nitems(bad),
	    "invalid registration number");
}

/*
 * born: a person's dates of birth, kept as the years they span: a year, a
 * month, a day, or two with a slash between; entries of one id in two
 * files span both; anything else is a located error, on both paths.
 */
static void
test_born(void)
{
	static const char	 ok[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"a\", \"name\": \"A\", \"born\": "
	    "[\"1962-05-01\", \"1960/1961\", \"1963-07\"]}\n"
	    "  - id: b\n    name: B\n    born: [1975]\n"
	    "  - {\"id\": \"c\", \"name\": \"C\", \"born\": "
	    "[\"1950-01-01/1952-12-31\"]}\n"
	    "  - {\"id\": \"d\", \"name\": \"D\"}\n";
	static const char *const bad[] = { "62", "1962-13-01", "1962-02-30",
	    "1962/1960", "circa 1962", "1962-5-1", "1799", "1962/",
	    "1962-05-01x" };
	struct diag		 d = { 0 };
	struct strv		 files = { 0 };
	struct watchlist	*w;
	char			*a, *b;

	w = LOAD_BOTH(ok, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL && w->nentities == 4)) {
		CHECK_INT(w->entities[0].born_lo, 1960);
		CHECK_INT(w->entities[0].born_hi, 1963);
		CHECK_INT(w->entities[1].born_lo, 1975);
		CHECK_INT(w->entities[1].born_hi, 1975);
		CHECK_INT(w->entities[2].born_lo, 1950);
		CHECK_INT(w->entities[2].born_hi, 1952);
		CHECK_INT(w->entities[3].born_lo, 0);
	}
	watchlist_free(w);
	diag_free(&d);
	a = write_tmp("a.yaml", ok);
	b = write_tmp("b.yaml", "version: 1\nentities:\n"
	    "  - {id: b, name: B, born: [1971]}\n");
	strv_push(&files, a);
	strv_push(&files, b);
	w = watchlist_load(&files, &d);
	if (CHECK(w != NULL && w->nentities == 4)) {
		CHECK_INT(w->entities[1].born_lo, 1971);
		CHECK_INT(w->entities[1].born_hi, 1975);
	}
	watchlist_free(w);
	diag_free(&d);
	strv_free(&files);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	check_bad_values("born", bad, nitems(bad), "invalid date of birth");
}

/*
 * established: a body's dates of founding, in born's forms and kept as
 * its years are, on both paths; anything else is a located error.
 */
static void
test_established(void)
{
	static const char	 ok[] = "version: 1\nentities:\n"
	    "  - {\"id\": \"v\", \"name\": \"VTB BANK\", \"type\": "
	    "\"organization\", \"established\": [\"1990-10-17\"]}\n"
	    "  - id: s\n    name: S\n    type: organization\n"
	    "    established: [1969, 1971-05]\n";
	static const char *const bad[] = { "1990-10-32", "17 Oct 1990",
	    "1799" };
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = LOAD_BOTH(ok, &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(w != NULL && w->nentities == 2)) {
		CHECK_INT(w->entities[0].born_lo, 1990);
		CHECK_INT(w->entities[0].born_hi, 1990);
		CHECK_INT(w->entities[1].born_lo, 1969);
		CHECK_INT(w->entities[1].born_hi, 1971);
	}
	watchlist_free(w);
	diag_free(&d);
	check_bad_values("established", bad, nitems(bad),
	    "invalid date of establishment");
}

/* A list file given as a watchlist is named, with the import command. */
static void
test_foreign_format(void)
{
	static const char	 sdn[] = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,"
	    "\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
	struct diag		 d = { 0 };
	struct watchlist	*w;

	w = load(sdn, &d);
	CHECK(w == NULL);
	if (!CHECK(diag_count(&d) == 1 && strstr(d.msgs.v[0], "this looks "
	    "like an OFAC legacy CSV file, not a watchlist: convert it with "
	    "`sanctwatch import ofac-csv w.yaml -o watchlist.yaml`") != NULL))
		diag_print(&d, stdout);
	diag_free(&d);
}

UNIT_SUITE(watchlist,
	{ "empty-warns", test_empty_warns },
	{ "good-file", test_good_file },
	{ "merge", test_merge },
	{ "duplicates-across-files", test_duplicates_across_files },
	{ "merge-across-files", test_merge_across_files },
	{ "duplicates-in-one-file", test_duplicates_in_one_file },
	{ "bad-file-all-errors", test_bad_file_all_errors },
	{ "structure-errors", test_structure_errors },
	{ "dates", test_dates },
	{ "types-and-status", test_types_and_status },
	{ "mem-hash-and-empty", test_mem_hash_and_empty },
	{ "missing-file", test_missing_file },
	{ "large", test_large },
	{ "imported-shape", test_imported_shape },
	{ "imported-errors", test_imported_errors },
	{ "same", test_same },
	{ "imported-long-line", test_imported_long_line },
	{ "imported-files", test_imported_files },
	{ "stream-refusals", test_stream_refusals },
	{ "imported-large-file", test_imported_large_file },
	{ "topics", test_topics },
	{ "imo", test_imo },
	{ "registrations", test_registrations },
	{ "born", test_born },
	{ "established", test_established },
	{ "foreign-format", test_foreign_format },
)
