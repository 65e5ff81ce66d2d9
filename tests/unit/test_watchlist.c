/*
 * watchlist: good files and their normalization, merging, duplicates across
 * files with where the first was, every kind of error with its location,
 * the hash over the files' bytes, and a large list through the id index.
 */
#include <stdlib.h>
#include <string.h>

#include "sanctwatch.h"
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

	w = load_files(&d, FIX "watchlist-a.yaml", FIX "watchlist-dup.yaml",
	    NULL);
	CHECK(w == NULL);
	EXPECT_DIAG(&d,
	    FIX "watchlist-dup.yaml:7:9: duplicate entity id 'ofac-44001' "
	    "(first at " FIX "watchlist-a.yaml:14)",
	    FIX "watchlist-dup.yaml:9:11: duplicate country code 'KG' (first "
	    "at " FIX "watchlist-a.yaml:28)");
	diag_free(&d);
	/* The same file twice: every id is a duplicate. */
	w = load_files(&d, FIX "watchlist-b.yaml", FIX "watchlist-b.yaml",
	    NULL);
	CHECK(w == NULL);
	EXPECT_DIAG(&d,
	    FIX "watchlist-b.yaml:3:9: duplicate entity id 'ofac-44002' "
	    "(first at " FIX "watchlist-b.yaml:3)",
	    FIX "watchlist-b.yaml:10:9: duplicate entity id 'vessel-1' "
	    "(first at " FIX "watchlist-b.yaml:10)",
	    FIX "watchlist-b.yaml:14:11: duplicate country code 'KZ' (first "
	    "at " FIX "watchlist-b.yaml:14)");
	diag_free(&d);
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

UNIT_SUITE(watchlist,
	{ "good-file", test_good_file },
	{ "merge", test_merge },
	{ "duplicates-across-files", test_duplicates_across_files },
	{ "duplicates-in-one-file", test_duplicates_in_one_file },
	{ "bad-file-all-errors", test_bad_file_all_errors },
	{ "structure-errors", test_structure_errors },
	{ "dates", test_dates },
	{ "types-and-status", test_types_and_status },
	{ "mem-hash-and-empty", test_mem_hash_and_empty },
	{ "missing-file", test_missing_file },
	{ "large", test_large },
)
