/*
 * ytree: locations, libyaml errors as FILE:LINE:COL, the refusals (aliases,
 * depth, NUL, several documents, size), key tables and the typed readers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "unit.h"


/* Parse a string; the document or NULL. */
static struct ydoc *
load(const char *s, struct diag *d)
{
	return (ytree_load_mem("t.yaml", s, strlen(s), d));
}

/* Parse a string that must fail with exactly one message. */
static void
load_fails(const char *s, const char *msg, int line)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;

	doc = load(s, &d);
	unit_check(doc == NULL, "doc == NULL", __FILE__, line);
	unit_check_diag(&d, &msg, 1, __FILE__, line);
	ydoc_free(doc);
	diag_free(&d);
}
#define LOAD_FAILS(s, msg)	load_fails((s), (msg), __LINE__)

static void
test_locations(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	struct ynode	*root, *v;

	doc = load("a: 1\nb:\n  - x\n  - \"y\"\nc: {d: e}\n", &d);
	CHECK_INT(diag_count(&d), 0);
	if (!CHECK(doc != NULL && doc->root != NULL))
		return;
	CHECK_STR(doc->file, "t.yaml");
	root = doc->root;
	CHECK_INT(root->type, YNODE_MAP);
	CHECK_INT(root->n, 3);
	CHECK_INT(root->line, 1);
	CHECK_INT(root->col, 1);
	CHECK_STR(root->items[0]->scalar, "a");
	CHECK_INT(root->items[1]->line, 1);
	CHECK_INT(root->items[1]->col, 4);
	v = root->items[3];
	CHECK_INT(v->type, YNODE_SEQ);
	CHECK_INT(v->n, 2);
	CHECK_INT(v->items[0]->line, 3);
	CHECK_INT(v->items[0]->col, 5);
	CHECK(v->items[0]->plain);
	CHECK_STR(v->items[1]->scalar, "y");
	CHECK_INT(v->items[1]->len, 1);
	CHECK(!v->items[1]->plain);
	CHECK_STR(v->items[1]->file, "t.yaml");
	v = root->items[5];
	CHECK_INT(v->type, YNODE_MAP);
	CHECK_INT(v->n, 1);
	CHECK_INT(v->line, 5);
	CHECK_INT(v->col, 4);
	CHECK_STR(v->items[1]->scalar, "e");
	ydoc_free(doc);
	diag_free(&d);
}

static void
test_large_map(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	char		*s = NULL, *t;
	int		 i;

	s = xstrdup("");
	for (i = 0; i < 1000; i++) {
		t = xasprintf("%sk%d: [%d]\n", s, i, i);
		free(s);
		s = t;
	}
	doc = load(s, &d);
	if (CHECK(doc != NULL)) {
		CHECK_INT(doc->root->n, 1000);
		CHECK_STR(doc->root->items[2 * 999]->scalar, "k999");
		CHECK_STR(doc->root->items[2 * 999 + 1]->items[0]->scalar,
		    "999");
		CHECK_INT(doc->root->items[2 * 999]->line, 1000);
	}
	ydoc_free(doc);
	diag_free(&d);
	free(s);
}

static void
test_empty(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;

	doc = load("", &d);
	CHECK(doc != NULL && doc->root == NULL);
	ydoc_free(doc);
	doc = load("# only a comment\n\n", &d);
	CHECK(doc != NULL && doc->root == NULL);
	ydoc_free(doc);
	doc = load("---\n...\n", &d);
	CHECK(doc != NULL && doc->root != NULL && ytree_null(doc->root));
	ydoc_free(doc);
	CHECK_INT(diag_count(&d), 0);
	diag_free(&d);
	ydoc_free(NULL);
}

static void
test_syntax_errors(void)
{
	LOAD_FAILS("a: [1, 2\n",
	    "t.yaml:2:1: did not find expected ',' or ']' (while parsing a "
	    "flow sequence at 1:4)");
	LOAD_FAILS("a: b: c\n",
	    "t.yaml:1:5: mapping values are not allowed in this context");
	LOAD_FAILS("a:\n  - x\n b: 1\n",
	    "t.yaml:3:2: did not find expected key (while parsing a block "
	    "mapping at 1:1)");
	LOAD_FAILS("a: 'x\n",
	    "t.yaml:2:1: found unexpected end of stream (while scanning a "
	    "quoted scalar at 1:4)");
	LOAD_FAILS("\t- x\n", "t.yaml:1:1: found character that cannot start "
	    "any token (while scanning for the next token)");
	LOAD_FAILS("a: 1\nb: \xff\n",
	    "t.yaml:2:4: invalid leading UTF-8 octet");
	LOAD_FAILS("key: \"\\z\"\n", "t.yaml:1:7: found unknown escape "
	    "character (while parsing a quoted scalar at 1:6)");
}

static void
test_aliases_rejected(void)
{
	struct diag	 d = { 0 };

	LOAD_FAILS("a: &x 1\nb: *x\n",
	    "t.yaml:1:4: YAML anchors and aliases are not allowed");
	LOAD_FAILS("a: &x [1, 2]\n",
	    "t.yaml:1:4: YAML anchors and aliases are not allowed");
	LOAD_FAILS("a: &x {b: 1}\n",
	    "t.yaml:1:4: YAML anchors and aliases are not allowed");
	/* An alias to an undefined anchor: caught before libyaml cares. */
	LOAD_FAILS("- 1\n- *nowhere\n",
	    "t.yaml:2:3: YAML anchors and aliases are not allowed");
	CHECK(ytree_load_file("tests/fixtures/conf/billion-laughs.yaml",
	    &d) == NULL);
	EXPECT_DIAG(&d, "tests/fixtures/conf/billion-laughs.yaml:3:4: YAML "
	    "anchors and aliases are not allowed");
	diag_free(&d);
}

/* A document nested n levels deep: [[[...]]]. */
static char *
nested(int n)
{
	char	*s;

	s = xmalloc(2 * (size_t)n + 2);
	memset(s, '[', (size_t)n);
	memset(s + n, ']', (size_t)n);
	s[2 * n] = '\n';
	s[2 * n + 1] = '\0';
	return (s);
}

static void
test_depth(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	char		*s;

	s = nested(YAML_MAX_DEPTH);
	doc = load(s, &d);
	CHECK(doc != NULL);
	CHECK_INT(diag_count(&d), 0);
	ydoc_free(doc);
	free(s);
	s = nested(YAML_MAX_DEPTH + 1);
	LOAD_FAILS(s, "t.yaml:1:65: nested deeper than 64 levels");
	free(s);
	s = nested(100000);	/* libyaml must not get to see it all */
	LOAD_FAILS(s, "t.yaml:1:65: nested deeper than 64 levels");
	free(s);
	diag_free(&d);
}

static void
test_refusals(void)
{
	struct diag	 d = { 0 };

	LOAD_FAILS("a: 1\n---\nb: 2\n",
	    "t.yaml:2:1: only one YAML document per file is allowed");
	LOAD_FAILS("x: \"a\\0b\"\n",
	    "t.yaml:1:4: a string must not contain a NUL byte");
	CHECK(ytree_load_mem("big.yaml", "", (size_t)YAML_MAX_FILE + 1, &d) ==
	    NULL);
	EXPECT_DIAG(&d, "big.yaml: file too large (268435457 bytes, at most "
	    "268435456)");
	diag_free(&d);
}

static void
test_files(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	char		*buf;
	size_t		 len = 0;

	CHECK(ytree_load_file("tests/fixtures/conf/nonexistent.yaml", &d) ==
	    NULL);
	EXPECT_DIAG(&d, "tests/fixtures/conf/nonexistent.yaml: No such file "
	    "or directory");
	diag_free(&d);
	CHECK(ytree_read_file("tests/fixtures/conf", &len, &d) == NULL);
	EXPECT_DIAG(&d, "tests/fixtures/conf: Is a directory");
	diag_free(&d);
	buf = ytree_read_file("tests/fixtures/conf/watchlist-a.yaml", &len,
	    &d);
	CHECK(buf != NULL && len > 0 && strlen(buf) == len);
	free(buf);
	doc = ytree_load_file("tests/fixtures/conf/watchlist-a.yaml", &d);
	CHECK(doc != NULL && doc->root->type == YNODE_MAP);
	CHECK_INT(diag_count(&d), 0);
	ydoc_free(doc);
	diag_free(&d);
}

/* What the key-table test collects. */
struct kctx {
	char		*name;
	uint64_t	 count;
	int		 seen_opt;
};

static void
k_name(void *ctx, const struct ynode *val, struct diag *d)
{
	struct kctx	*k = ctx;

	ytree_string(val, d, &k->name);
}

static void
k_count(void *ctx, const struct ynode *val, struct diag *d)
{
	struct kctx	*k = ctx;

	ytree_uint(val, d, &k->count);
}

static void
k_opt(void *ctx, const struct ynode *val, struct diag *d)
{
	struct kctx	*k = ctx;

	(void)val;
	(void)d;
	k->seen_opt++;
}

static const struct ykey kkeys[] = {
	{ .name = "name", .required = 1, .parse = k_name },
	{ .name = "count", .required = 1, .parse = k_count },
	{ .name = "opt", .parse = k_opt },
};

/* Run the key table over a document; the number of errors. */
static size_t
map_run(const char *s, struct kctx *k, struct diag *d)
{
	struct ydoc	*doc;

	memset(k, 0, sizeof *k);
	if ((doc = load(s, d)) == NULL)
		return (diag_count(d));
	ytree_map(doc->root, kkeys, nitems(kkeys), k, d);
	ydoc_free(doc);
	return (diag_count(d));
}

static void
test_map(void)
{
	struct diag	 d = { 0 };
	struct kctx	 k;

	CHECK_INT(map_run("name: x\ncount: 3\nopt: [1]\n", &k, &d), 0);
	CHECK_STR(k.name, "x");
	CHECK_INT(k.count, 3);
	CHECK_INT(k.seen_opt, 1);
	free(k.name);

	map_run("name: x\nbogus: 1\ncount: 3\nname: y\nname: z\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:2:1: unknown key 'bogus'",
	    "t.yaml:4:1: duplicate key 'name' (first at 1:1)",
	    "t.yaml:5:1: duplicate key 'name' (first at 1:1)");
	CHECK_STR(k.name, "x");
	free(k.name);
	diag_free(&d);

	map_run("\n  opt: 1\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:2:3: missing required key 'name'",
	    "t.yaml:2:3: missing required key 'count'");
	diag_free(&d);

	map_run("[name, count]\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:1:1: expected a mapping");
	diag_free(&d);

	map_run("just a string\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:1:1: expected a mapping");
	diag_free(&d);

	map_run("? [a]\n: 1\nname: x\ncount: 1\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:1:3: expected a string key");
	free(k.name);
	diag_free(&d);

	map_run("name: x\ncount: -1\n\"opt\": 1\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:2:8: expected a non-negative integer");
	CHECK_INT(k.seen_opt, 1);
	free(k.name);
	diag_free(&d);

	/* A control character in a key is not echoed raw. */
	map_run("\"a\\nb\": 1\nname: x\ncount: 1\n", &k, &d);
	EXPECT_DIAG(&d, "t.yaml:1:1: unknown key 'a?b'");
	free(k.name);
	diag_free(&d);
}

static void
test_map_null(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	struct kctx	 k;
	static const struct ykey optkeys[] = {
		{ .name = "opt", .parse = k_opt },
	};

	/* A null section is an empty mapping: only required keys matter. */
	memset(&k, 0, sizeof k);
	doc = load("section:\nother: ~\n", &d);
	if (CHECK(doc != NULL)) {
		ytree_map(doc->root->items[1], optkeys, 1, &k, &d);
		ytree_map(doc->root->items[3], optkeys, 1, &k, &d);
		CHECK_INT(diag_count(&d), 0);
		ytree_map(doc->root->items[1], kkeys, nitems(kkeys), &k, &d);
		EXPECT_DIAG(&d, "t.yaml:1:9: missing required key 'name'",
		    "t.yaml:1:9: missing required key 'count'");
	}
	CHECK_INT(k.seen_opt, 0);
	ydoc_free(doc);
	diag_free(&d);
}

/* The root of a one-key document "v: ...", for the typed readers. */
static struct ydoc *
value_doc(const char *s, struct diag *d)
{
	struct ydoc	*doc;

	doc = load(s, d);
	if (doc == NULL || doc->root == NULL || doc->root->type != YNODE_MAP) {
		ydoc_free(doc);
		return (NULL);
	}
	return (doc);
}
#define VAL(doc)	((doc)->root->items[1])

static void
test_string(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	char		*s = NULL;
	size_t		 i;
	static const char *const bad[] = {
		"v:\n", "v: ~\n", "v: null\n", "v: [a]\n", "v: {a: b}\n",
	};

	doc = value_doc("v: hello world\n", &d);
	CHECK(doc != NULL && ytree_string(VAL(doc), &d, &s) == 0);
	CHECK_STR(s, "hello world");
	ydoc_free(doc);
	doc = value_doc("v: \"null\"\n", &d);	/* quoted: a string */
	CHECK(doc != NULL && ytree_string(VAL(doc), &d, &s) == 0);
	CHECK_STR(s, "null");
	ydoc_free(doc);
	doc = value_doc("v: ''\n", &d);
	CHECK(doc != NULL && ytree_string(VAL(doc), &d, &s) == 0);
	CHECK_STR(s, "");
	ydoc_free(doc);
	doc = value_doc("v: 42\n", &d);
	CHECK(doc != NULL && ytree_string(VAL(doc), &d, &s) == 0);
	CHECK_STR(s, "42");
	ydoc_free(doc);
	CHECK_INT(diag_count(&d), 0);
	for (i = 0; i < nitems(bad); i++) {
		doc = value_doc(bad[i], &d);
		if (CHECK(doc != NULL))
			CHECK_INT(ytree_string(VAL(doc), &d, &s), -1);
		ydoc_free(doc);
	}
	CHECK_STR(s, "42");	/* left alone on error */
	EXPECT_DIAG(&d, "t.yaml:1:3: expected a string",
	    "t.yaml:1:4: expected a string", "t.yaml:1:4: expected a string",
	    "t.yaml:1:4: expected a string", "t.yaml:1:4: expected a string");
	free(s);
	diag_free(&d);
}

static void
test_strlist(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	struct strv	 sv = { 0 };

	doc = value_doc("v: [a, 'b c', 3]\n", &d);
	CHECK(doc != NULL && ytree_strlist(VAL(doc), &d, &sv) == 0);
	CHECK_INT(sv.n, 3);
	if (sv.n == 3) {
		CHECK_STR(sv.v[0], "a");
		CHECK_STR(sv.v[1], "b c");
		CHECK_STR(sv.v[2], "3");
	}
	ydoc_free(doc);
	strv_free(&sv);
	doc = value_doc("v:\n", &d);
	CHECK(doc != NULL && ytree_strlist(VAL(doc), &d, &sv) == 0);
	CHECK_INT(sv.n, 0);
	ydoc_free(doc);
	doc = value_doc("v: []\n", &d);
	CHECK(doc != NULL && ytree_strlist(VAL(doc), &d, &sv) == 0);
	CHECK_INT(sv.n, 0);
	ydoc_free(doc);
	CHECK_INT(diag_count(&d), 0);

	doc = value_doc("v: a\n", &d);
	CHECK(doc != NULL && ytree_strlist(VAL(doc), &d, &sv) == -1);
	ydoc_free(doc);
	doc = value_doc("v:\n  - a\n  - [b]\n  - c\n  -\n", &d);
	CHECK(doc != NULL && ytree_strlist(VAL(doc), &d, &sv) == -1);
	CHECK_INT(sv.n, 2);
	ydoc_free(doc);
	EXPECT_DIAG(&d, "t.yaml:1:4: expected a list of strings",
	    "t.yaml:3:5: expected a string", "t.yaml:5:4: expected a string");
	strv_free(&sv);
	diag_free(&d);
}

/* One row of the duration and size parser tables. */
struct parse_case {
	const char	*s;
	int		 rc;
	uint64_t	 v;
};

static void
test_parse_duration(void)
{
	static const struct parse_case cases[] = {
		{ "500ms", 0, 500 },
		{ "30s", 0, 30000 },
		{ "5m", 0, 300000 },
		{ "2h", 0, 7200000 },
		{ "1d", 0, 86400000 },
		{ "0s", 0, 0 },
		{ "007s", 0, 7000 },
		{ "18446744073709551615ms", 0, UINT64_MAX },
		{ "18446744073709551616ms", -1, 0 },
		{ "213503982335d", -1, 0 },
		{ "30", -1, 0 },
		{ "", -1, 0 },
		{ "s", -1, 0 },
		{ "-5s", -1, 0 },
		{ "+5s", -1, 0 },
		{ "5 s", -1, 0 },
		{ " 5s", -1, 0 },
		{ "5s ", -1, 0 },
		{ "1.5h", -1, 0 },
		{ "5S", -1, 0 },
		{ "5sec", -1, 0 },
		{ "1h30m", -1, 0 },
		{ "5w", -1, 0 },
	};
	size_t		 i;
	uint64_t	 v;

	for (i = 0; i < nitems(cases); i++) {
		v = 12345;
		if (!CHECK_INT(ytree_int_parse_duration(cases[i].s, &v),
		    cases[i].rc))
			printf("#   for \"%s\"\n", cases[i].s);
		if (cases[i].rc == 0 && !CHECK_INT(v == cases[i].v, 1))
			printf("#   for \"%s\"\n", cases[i].s);
	}
}

static void
test_parse_size(void)
{
	static const struct parse_case cases[] = {
		{ "512", 0, 512 },
		{ "0", 0, 0 },
		{ "512KiB", 0, 512 * 1024 },
		{ "16MiB", 0, 16 * 1024 * 1024 },
		{ "1GiB", 0, 1024 * 1024 * 1024 },
		{ "17179869183GiB", 0, 17179869183ULL << 30 },
		{ "17179869184GiB", -1, 0 },
		{ "16MB", -1, 0 },
		{ "16KB", -1, 0 },
		{ "16mib", -1, 0 },
		{ "16M", -1, 0 },
		{ "16 MiB", -1, 0 },
		{ "1.5MiB", -1, 0 },
		{ "MiB", -1, 0 },
		{ "", -1, 0 },
		{ "-1", -1, 0 },
		{ "1TiB", -1, 0 },
	};
	size_t		 i;
	uint64_t	 v;

	for (i = 0; i < nitems(cases); i++) {
		v = 12345;
		if (!CHECK_INT(ytree_int_parse_size(cases[i].s, &v),
		    cases[i].rc))
			printf("#   for \"%s\"\n", cases[i].s);
		if (cases[i].rc == 0 && !CHECK_INT(v == cases[i].v, 1))
			printf("#   for \"%s\"\n", cases[i].s);
	}
}

static void
test_typed(void)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	uint64_t	 u = 0;
	double		 x = 0;

	doc = value_doc("v: 5m\n", &d);
	CHECK(doc != NULL && ytree_duration(VAL(doc), &d, &u) == 0);
	CHECK_INT(u, 300000);
	ydoc_free(doc);
	doc = value_doc("v: \"16MiB\"\n", &d);
	CHECK(doc != NULL && ytree_size(VAL(doc), &d, &u) == 0);
	CHECK_INT(u, 16 * 1024 * 1024);
	ydoc_free(doc);
	doc = value_doc("v: 0.8\n", &d);
	CHECK(doc != NULL && ytree_double(VAL(doc), &d, &x) == 0);
	CHECK_DBL(x, 0.8);
	ydoc_free(doc);
	doc = value_doc("v: 1e-3\n", &d);
	CHECK(doc != NULL && ytree_double(VAL(doc), &d, &x) == 0);
	CHECK_DBL(x, 0.001);
	ydoc_free(doc);
	doc = value_doc("v: 32\n", &d);
	CHECK(doc != NULL && ytree_uint(VAL(doc), &d, &u) == 0);
	CHECK_INT(u, 32);
	ydoc_free(doc);
	CHECK_INT(diag_count(&d), 0);
	diag_free(&d);
}

/* Run one typed reader over "v: VALUE" and expect it to fail. */
static void
typed_fails(const char *s, int which, const char *msg, int line)
{
	struct diag	 d = { 0 };
	struct ydoc	*doc;
	uint64_t	 u;
	double		 x;
	int		 rc = 0;

	if ((doc = value_doc(s, &d)) == NULL) {
		unit_check(0, "value_doc", __FILE__, line);
		return;
	}
	switch (which) {
	case 'd':
		rc = ytree_duration(VAL(doc), &d, &u);
		break;
	case 's':
		rc = ytree_size(VAL(doc), &d, &u);
		break;
	case 'f':
		rc = ytree_double(VAL(doc), &d, &x);
		break;
	case 'u':
		rc = ytree_uint(VAL(doc), &d, &u);
		break;
	}
	unit_check_int(rc, -1, "rc", __FILE__, line);
	unit_check_diag(&d, &msg, 1, __FILE__, line);
	ydoc_free(doc);
	diag_free(&d);
}
#define TYPED_FAILS(s, w, m)	typed_fails((s), (w), (m), __LINE__)

static void
test_typed_errors(void)
{
	TYPED_FAILS("v: 30\n", 'd',
	    "t.yaml:1:4: duration '30' needs a unit: ms, s, m, h or d");
	TYPED_FAILS("v: soon\n", 'd', "t.yaml:1:4: expected a duration such "
	    "as 500ms, 30s, 5m, 2h or 1d");
	TYPED_FAILS("v: [5s]\n", 'd', "t.yaml:1:4: expected a duration such "
	    "as 500ms, 30s, 5m, 2h or 1d");
	TYPED_FAILS("v:\n", 'd', "t.yaml:1:3: expected a duration such "
	    "as 500ms, 30s, 5m, 2h or 1d");
	TYPED_FAILS("v: 16MB\n", 's', "t.yaml:1:4: expected a size such as "
	    "512, 512KiB, 16MiB or 1GiB");
	TYPED_FAILS("v: {a: 1}\n", 's', "t.yaml:1:4: expected a size such as "
	    "512, 512KiB, 16MiB or 1GiB");
	TYPED_FAILS("v: high\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: nan\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: inf\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: .inf\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: 0x10\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: 1e999\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: ''\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: ' 1'\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: 0.8.1\n", 'f', "t.yaml:1:4: expected a number");
	TYPED_FAILS("v: -1\n", 'u',
	    "t.yaml:1:4: expected a non-negative integer");
	TYPED_FAILS("v: 1.0\n", 'u',
	    "t.yaml:1:4: expected a non-negative integer");
	TYPED_FAILS("v: 99999999999999999999\n", 'u',
	    "t.yaml:1:4: expected a non-negative integer");
	TYPED_FAILS("v: []\n", 'u',
	    "t.yaml:1:4: expected a non-negative integer");
}

/* Collects what the streamed "opt" key saw: its items, read one by one. */
static int
k_opt_stream(void *ctx, struct yreader *r, struct ynode *val, struct diag *d)
{
	struct kctx	*k = ctx;
	struct yarena	 a = { 0 };
	struct ynode	*item;
	int		 rc;

	(void)d;
	k->seen_opt++;
	if (val->type != YNODE_SEQ)
		rc = ytree_skip(r, val);
	else {
		while ((rc = ytree_next(r, &a, &item)) == 1) {
			if ((rc = ytree_rest(r, &a, item)) == -1)
				break;
			k->count += 1000;	/* one per item */
			ytree_arena_reset(&a);
		}
	}
	ytree_arena_free(&a);
	return (rc);
}

/* Walk a document's root with ytree_map_stream; the number of errors. */
static size_t
map_stream_run(const char *s, struct kctx *k, struct diag *d)
{
	static const struct ykey skeys[] = {
		{ .name = "name", .required = 1, .parse = k_name },
		{ .name = "count", .required = 1, .parse = k_count },
		{ .name = "opt", .parse = k_opt, .stream = k_opt_stream },
	};
	struct diag	 rd = { 0 };
	struct yreader	*r;
	struct yarena	 a = { 0 };
	struct ynode	*root;
	int		 rc;

	memset(k, 0, sizeof *k);
	r = ytree_reader_new("t.yaml", s, strlen(s), &rd);
	if ((rc = ytree_next(r, &a, &root)) == 1)
		rc = ytree_map_stream(r, &a, root, skeys, nitems(skeys), k, d);
	if (rc != -1)
		rc = ytree_reader_end(r);
	ytree_reader_free(r);
	ytree_arena_free(&a);
	if (rc == -1) {		/* the read's own error comes alone */
		diag_free(d);
		*d = rd;
	} else
		diag_free(&rd);
	return (diag_count(d));
}

static void
test_map_stream(void)
{
	struct diag	 d = { 0 }, d2 = { 0 };
	struct kctx	 k, k2;
	size_t		 i, j;
	static const char *const docs[] = {
		"name: x\ncount: 3\nopt: [1]\n",
		"name: x\nbogus: [1, {a: b}]\ncount: 3\nname: y\nname: z\n",
		"\n  opt: 1\n",
		"[name, count]\n",
		"just a string\n",
		"? [a]\n: 1\nname: x\ncount: 1\n",
		"name: x\ncount: -1\n\"opt\": 1\n",
		"name: x\ncount: 1\nopt: [a, b]\nopt: [c]\n",
		"name: x\ncount: 1\nbogus: [[[[[1]]]]]\nopt: {a: [1, 2]}\n",
		"name: x\nopt: [1, 2\n",
		"name: x\ncount: 1\nopt: [&a 1]\n",
	};

	/* The same errors as ytree_map over the whole tree, in order. */
	for (i = 0; i < nitems(docs); i++) {
		map_run(docs[i], &k, &d);
		map_stream_run(docs[i], &k2, &d2);
		CHECK_INT(diag_count(&d2), diag_count(&d));
		for (j = 0; j < diag_count(&d) && j < diag_count(&d2); j++)
			CHECK_STR(d2.msgs.v[j], d.msgs.v[j]);
		if (k.name != NULL)	/* else the read failed: partial */
			CHECK_STR(k2.name, k.name);
		free(k.name);
		free(k2.name);
		diag_free(&d);
		diag_free(&d2);
	}
	/* The streamed value was read item by item, none of it kept. */
	map_stream_run("name: x\ncount: 1\nopt: [a, [b], {c: d}]\n", &k, &d);
	CHECK_INT(diag_count(&d), 0);
	CHECK_INT(k.seen_opt, 1);
	CHECK_INT(k.count, 3001);
	free(k.name);
	diag_free(&d);
}

static void
test_arena(void)
{
	struct yarena	 a = { .chunk = 1024 }, b = { 0 };
	char		*s, *big;
	void		*p;
	size_t		 i;

	/* Strings leave the arena unaligned; allocations are aligned again. */
	for (i = 0; i < 500; i++) {
		s = ytree_arena_strndup(&a, "abc", 3);
		CHECK_STR(s, "abc");
		p = ytree_arena_alloc(&a, 24);
		CHECK((uintptr_t)p % _Alignof (max_align_t) == 0);
		CHECK(((char *)p)[0] == 0 && ((char *)p)[23] == 0);
	}
	big = xmalloc(5000);
	memset(big, 'x', 4999);
	big[4999] = '\0';
	s = ytree_arena_strndup(&a, big, 4999);	/* a chunk of its own */
	CHECK_STR(s, big);
	ytree_arena_move(&b, &a);
	CHECK(a.chunks == NULL && b.chunks != NULL);
	CHECK_STR(s, big);			/* still there, now b's */
	ytree_arena_reset(&b);
	CHECK_STR(ytree_arena_strndup(&b, "x", 1), "x");
	ytree_arena_free(&b);
	ytree_arena_free(&a);
	free(big);
}

/*
 * A file over the bound is refused before a byte of it is read (a sparse
 * file past YAML_MAX_FILE: the descriptor's offset stays at 0), with the
 * message a large file always had.
 */
static void
test_oversize_file(void)
{
	struct diag	 d = { 0 };
	char		 path[] = "/tmp/sanctwatch-big-XXXXXX", *buf, *cause;
	size_t		 len;
	int		 fd;

	if (!CHECK((fd = mkstemp(path)) != -1))
		return;
	if (CHECK(ftruncate(fd, (off_t)YAML_MAX_FILE + 1) == 0)) {
		buf = file_read_fd(fd, YAML_MAX_FILE, &len, &cause);
		CHECK(buf == NULL);
		if (buf == NULL) {
			CHECK_STR(cause, "larger than 268435456 bytes");
			free(cause);
		}
		CHECK_INT(lseek(fd, 0, SEEK_CUR), 0);
		CHECK(ytree_read_file(path, &len, &d) == NULL);
		CHECK_INT(diag_count(&d), 1);
		if (diag_count(&d) == 1)
			CHECK(strstr(d.msgs.v[0], "file too large") != NULL);
		diag_free(&d);
	}
	close(fd);
	unlink(path);
}

UNIT_SUITE(ytree,
	{ "oversize-file", test_oversize_file },
	{ "locations", test_locations },
	{ "large-map", test_large_map },
	{ "empty", test_empty },
	{ "syntax-errors", test_syntax_errors },
	{ "aliases-rejected", test_aliases_rejected },
	{ "depth", test_depth },
	{ "refusals", test_refusals },
	{ "files", test_files },
	{ "map", test_map },
	{ "map-null", test_map_null },
	{ "map-stream", test_map_stream },
	{ "arena", test_arena },
	{ "string", test_string },
	{ "strlist", test_strlist },
	{ "parse-duration", test_parse_duration },
	{ "parse-size", test_parse_size },
	{ "typed", test_typed },
	{ "typed-errors", test_typed_errors },
)
