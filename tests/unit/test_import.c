/*
 * Tests of sanctwatch import: the CSV reader, the country table, the YAML
 * writer's escaping, and each format on the excerpts of real lists in
 * tests/fixtures/lists (see its SOURCES.md).  Every import is loaded back
 * with watchlist_load_mem, so the output is checked to be a valid
 * watchlist, not just text.  The full-file checks read the real lists in
 * ../shared/data/lists (SANCTWATCH_LISTS overrides) and print "# skip" and
 * pass when they are absent: the project never needs them.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/import-int.h"
#include "unit.h"

#define FIX		"tests/fixtures/lists/"
#define LISTS		"../shared/data/lists"
#define MAX_FILES	4

/* One import's result: the watchlist loaded back and what went to stderr. */
struct result {
	struct watchlist	*w;
	char			*err;
	int			 rc;
};

/* Read a file whole into an input; 0 if it is not there. */
static int
read_input(struct import_input *in, const char *path)
{
	FILE	*f;
	long	 len;

	memset(in, 0, sizeof *in);
	if ((f = fopen(path, "rb")) == NULL)
		return (0);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	in->name = path;
	in->data = xmalloc((size_t)len + 1);
	in->len = fread(in->data, 1, (size_t)len, f);
	in->data[in->len] = '\0';
	fclose(f);
	return (1);
}

/* Import in-memory inputs and load the output back as a watchlist. */
static void
run_mem(struct result *r, const char *format, struct import_input *in,
    size_t n)
{
	struct diag	 d = { 0 };
	FILE		*out, *err;
	char		*obuf = NULL;
	size_t		 olen = 0, elen = 0;

	memset(r, 0, sizeof *r);
	out = open_memstream(&obuf, &olen);
	err = open_memstream(&r->err, &elen);
	r->rc = import_mem(format, in, n, NULL, out, err);
	fclose(out);
	fclose(err);
	if (r->rc == 0) {
		r->w = watchlist_load_mem("import.yaml", obuf, olen, &d);
		if (!CHECK(r->w != NULL))
			diag_print(&d, stdout);
	}
	diag_free(&d);
	free(obuf);
}

/* Import files (NULL-terminated list); -1 if one is missing. */
static int
run_files(struct result *r, const char *format, ...)
{
	struct import_input	 in[MAX_FILES];
	const char		*path;
	va_list			 ap;
	size_t			 n = 0, i;
	int			 ok = 1;

	va_start(ap, format);
	while ((path = va_arg(ap, const char *)) != NULL && n < MAX_FILES)
		ok &= read_input(&in[n++], path);
	va_end(ap);
	if (ok)
		run_mem(r, format, in, n);
	for (i = 0; i < n; i++)
		free(in[i].data);
	return (ok ? 0 : -1);
}

/* Free a result. */
static void
result_free(struct result *r)
{
	watchlist_free(r->w);
	free(r->err);
}

/* The entity with this id, or NULL. */
static const struct entity *
entity(const struct result *r, const char *id)
{
	size_t	 i;

	for (i = 0; r->w != NULL && i < r->w->nentities; i++) {
		if (strcmp(r->w->entities[i].id, id) == 0)
			return (&r->w->entities[i]);
	}
	return (NULL);
}

/* The type of the entity with this id, or -1. */
static int
etype(const struct result *r, const char *id)
{
	const struct entity	*e = entity(r, id);

	return (e != NULL ? (int)e->type : -1);
}

/* How many entities have this type. */
static size_t
count_type(const struct result *r, enum entity_type t)
{
	size_t	 i, n = 0;

	for (i = 0; r->w != NULL && i < r->w->nentities; i++)
		n += r->w->entities[i].type == t;
	return (n);
}

/* Whether the error output holds this text. */
static int
err_has(const struct result *r, const char *s)
{
	return (r->err != NULL && strstr(r->err, s) != NULL);
}

/* The CSV reader: quotes, doubled quotes, CRLF, line breaks, 0x1A, errors. */
static void
test_csv(void)
{
	static const char	 text[] = "1,\"a, b\",-0- \r\n"
	    "\n2,\"say \"\"hi\"\"\",\"two\nlines\"\r\n3,x\r\n4,\"open\x1a";
	static const char	 ofac[] = "5,\"x\"\r\n\x1a";
	struct import_csv	 csv;

	import_csv_init(&csv, text, sizeof text - 1, ',');
	CHECK_INT(import_csv_next(&csv), 3);
	CHECK_INT(csv.line, 1);
	CHECK_STR(csv.f[1], "a, b");
	CHECK_STR(csv.f[2], "-0- ");
	CHECK_INT(import_csv_next(&csv), 3);
	CHECK_INT(csv.line, 3);
	CHECK_STR(csv.f[1], "say \"hi\"");
	CHECK_STR(csv.f[2], "two\nlines");
	CHECK_INT(import_csv_next(&csv), 2);
	CHECK_INT(csv.line, 5);
	CHECK_STR(import_csv_get(&csv, 7), "");
	CHECK_INT(import_csv_next(&csv), -1);	/* unterminated quote */
	CHECK_INT(import_csv_next(&csv), 0);
	import_csv_free(&csv);
	import_csv_init(&csv, ofac, sizeof ofac - 1, ',');
	CHECK_INT(import_csv_next(&csv), 2);
	CHECK_INT(import_csv_next(&csv), 0);
	import_csv_free(&csv);
}

/* Country names as the lists write them. */
static void
test_countries(void)
{
	static const struct {
		const char	*name;
		const char	*code;
	} cases[] = {
		{ "Russia", "RU" },
		{ "Russian Federation", "RU" },
		{ "Korea, North", "KP" },
		{ "DPRK", "KP" },
		{ "Burma", "MM" },
		{ "Kyrgyzstan", "KG" },
		{ "  kyrgyz   republic ", "KG" },
		{ "Iran (Islamic Republic of)", "IR" },
		{ "Afghanistan (since 2009)", "AF" },
		{ "Kuwait (residence as at Mar 2009) (UN address)", "KW" },
		{ "Türkiye", "TR" },
		{ "TÜRKIYE", "TR" },
		{ "The Gambia", "GM" },
		{ "Region: Gaza", "PS" },
		{ "Saudi Arabian", "SA" },
		{ "Congo, Democratic Republic of the", "CD" },
		{ "Congolese", NULL },		/* which Congo? */
		{ "Soviet Union", "RU" },	/* continued by Russia */
		{ "USSR", "RU" },
		{ "Yugoslavia", "RS" },
		{ "West German", "DE" },
		{ "Zaire", "CD" },
		{ "Czechoslovakia", NULL },	/* two successors alike */
		{ "In Syria as at June 2013", NULL },
		{ "", NULL },
	};
	size_t	 i;

	for (i = 0; i < nitems(cases); i++)
		CHECK_STR(country_lookup(cases[i].name), cases[i].code);
}

/* Names with quotes, backslashes, controls, C1 and BOM survive the YAML. */
static void
test_escaping(void)
{
	static const char *const names[] = {
		"O'BRIEN \"THE BANK\" \\ CO.",
		"tab\there",
		"c1\xc2\x85next",
		"bom\xef\xbb\xbfhere",
		"- [not: a, list] # nor a comment",
		"yes",
		"Садыр Жапаров",
	};
	struct import		 imp;
	struct import_entity	*e;
	struct diag		 d = { 0 };
	struct watchlist	*w;
	FILE			*out;
	char			*buf = NULL, id[16];
	size_t			 len = 0, i;
	const struct import_format fmt = { .title = "a \"title\"",
				     .issuer = "an \\ issuer\t" };

	import_init(&imp, NULL);
	snprintf(imp.published, sizeof imp.published, "2024-03-05");
	for (i = 0; i < nitems(names); i++) {
		snprintf(id, sizeof id, "t-%zu", i);
		e = import_add(&imp, "t", 1, id, names[i], ENTITY_OTHER, NULL);
		import_alias(e, names[(i + 1) % nitems(names)], 0);
	}
	out = open_memstream(&buf, &len);
	CHECK(import_write(&imp, &fmt, out) == 0);
	fclose(out);
	w = watchlist_load_mem("esc.yaml", buf, len, &d);
	if (w != NULL) {
		CHECK_STR(w->info[0].name, "a \"title\"");
		CHECK_STR(w->info[0].issuer, "an \\ issuer\t");
		CHECK_STR(w->info[0].published, "2024-03-05");
	}
	if (CHECK(w != NULL) && CHECK_INT(w->nentities, nitems(names))) {
		for (i = 0; i < nitems(names); i++) {
			CHECK_STR(w->entities[i].name, names[i]);
			CHECK_STR(w->entities[i].aliases.v[0],
			    names[(i + 1) % nitems(names)]);
		}
	}
	diag_print(&d, stdout);
	diag_free(&d);
	watchlist_free(w);
	import_free(&imp);
	free(buf);
}

/* Text cleaning: spaces collapsed, empty and invalid UTF-8 refused. */
static void
test_clean(void)
{
	char	*s;

	s = import_clean("  a \r\n\t b  ", 11);
	CHECK_STR(s, "a b");
	free(s);
	CHECK(import_clean(" \t ", 3) == NULL);
	CHECK(import_clean("a\xff", 2) == NULL);
	CHECK(import_clean("\xc0\xaf", 2) == NULL);	/* overlong */
	CHECK(import_clean("\xed\xa0\x80", 3) == NULL);	/* surrogate */
	CHECK(import_utf8_ok("\xf0\x9f\x98\x80", 4));
}

/* Check one entity's name, aliases and first program and country. */
static void
check_entity(const struct result *r, const char *id, const char *name,
    const char *alias, const char *program, const char *country)
{
	const struct entity	*e = entity(r, id);

	if (!CHECK(e != NULL)) {
		printf("#   no entity %s\n", id);
		return;
	}
	CHECK_STR(e->name, name);
	if (alias != NULL)
		CHECK(strv_contains(&e->aliases, alias));
	if (program != NULL)
		CHECK(strv_contains(&e->programs, program));
	if (country != NULL)
		CHECK(strv_contains(&e->countries, country));
}

/* OFAC sdn.csv + alt.csv + add.csv: the joins, weak aliases, types. */
static void
test_ofac(void)
{
	struct result		 r;
	const struct entity	*e;

	run_files(&r, "ofac-csv", FIX "ofac/alt.csv", FIX "ofac/sdn.csv",
	    FIX "ofac/add.csv", NULL);
	CHECK_INT(r.rc, 0);
	if (!CHECK(r.w != NULL))
		goto out;
	CHECK_INT(r.w->nentities, 34);
	check_entity(&r, "ofac-44000", "LLC RM DESIGN AND DEVELOPMENT",
	    "RM DESIGN&DEVELOPMENT", "RUSSIA-EO14024", "KG");
	check_entity(&r, "ofac-44024", "OSOO PROGRESS LIDER",
	    "PROGRESS LEADER LLC", "RUSSIA-EO14024", "KG");
	check_entity(&r, "ofac-44028", "ZAO GTME TEKHNOLOGII", NULL,
	    "RUSSIA-EO14024", "KG");
	check_entity(&r, "ofac-44030", "OSOO KARGOLAYN", "CARGOLINE LLC",
	    "RUSSIA-EO14024", "KG");
	if (CHECK((e = entity(&r, "ofac-44000")) != NULL)) {
		CHECK_INT(e->aliases.n, 5);
		CHECK_INT(e->type, ENTITY_ORGANIZATION);
		CHECK_STR(e->source, "us-ofac-sdn");
	}
	if (CHECK((e = entity(&r, "ofac-306")) != NULL)) {
		CHECK(strv_contains(&e->weak_aliases, "BNC"));
		CHECK(strv_contains(&e->aliases, "NATIONAL BANK OF CUBA"));
	}
	if (CHECK((e = entity(&r, "ofac-4632")) != NULL)) {
		CHECK_INT(e->programs.n, 4);
		CHECK_STR(e->programs.v[3], "IFSR");
	}
	if (CHECK((e = entity(&r, "ofac-9647")) != NULL)) {
		CHECK_INT(e->type, ENTITY_PERSON);
		CHECK_STR(e->name, "ZAHHAR, Mahmoud Khaled");
		/* Remarks: "nationality Palestinian" */
		CHECK(strv_contains(&e->countries, "PS"));
	}
	CHECK_INT(etype(&r, "ofac-15037"), ENTITY_VESSEL);
	if (CHECK((e = entity(&r, "ofac-15037")) != NULL))
		CHECK(strv_contains(&e->countries, "IR"));	/* Vess_flag */
	CHECK_INT(etype(&r, "ofac-15431"), ENTITY_AIRCRAFT);
	/* f.k.a. in Remarks: a weak alias too; and its IMO number. */
	if (CHECK((e = entity(&r, "ofac-4243")) != NULL)) {
		CHECK(strv_contains(&e->weak_aliases, "ANA I"));
		CHECK(e->imo.n == 1 && strcmp(e->imo.v[0], "7406784") == 0);
	}
	if (CHECK((e = entity(&r, "ofac-15037")) != NULL))
		CHECK(e->imo.n == 1 && strcmp(e->imo.v[0], "9187655") == 0);
	/* No IMO number in its remarks; its tax number. */
	if (CHECK((e = entity(&r, "ofac-44000")) != NULL)) {
		CHECK_INT(e->imo.n, 0);
		CHECK(e->registrations.n == 1 && strcmp(e->registrations.v[0],
		    "Tax ID 01703202210110") == 0);
	}
	/* The alt and add rows of an entry not in sdn.csv: counted, shown. */
	CHECK(err_has(&r, FIX "ofac/alt.csv:67: skipped: no primary entry "
	    "ofac-18292"));
	CHECK(err_has(&r, "34 entities written, 2 rows skipped"));
out:
	result_free(&r);
}

/* The consolidated non-SDN files. */
static void
test_ofac_cons(void)
{
	struct result		 r;
	const struct entity	*e;

	run_files(&r, "ofac-csv", FIX "ofac/cons_prim.csv",
	    FIX "ofac/cons_alt.csv", NULL);
	CHECK_INT(r.rc, 0);
	if (CHECK(r.w != NULL) && CHECK_INT(r.w->nentities, 12)) {
		e = &r.w->entities[0];
		CHECK_STR(e->id, "ofac-9639");
		CHECK_STR(e->source, "us-ofac-cons");
		CHECK_STR(e->programs.v[0], "NS-PLC");
	}
	CHECK(err_has(&r, "0 rows skipped"));
	result_free(&r);
}

/* Bad OFAC input: unknown files are refused, bad rows counted. */
static void
test_ofac_errors(void)
{
	static char	 rows[] = "1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- "
	    ",-0- ,-0- ,-0- \r\nx1,\"B\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- "
	    ",-0- ,-0- ,-0- \r\n1,\"C\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- "
	    ",-0- ,-0- ,-0- \r\n2,\"D\",\"robot\",\"X\",-0- ,-0- ,-0- ,-0- "
	    ",-0- ,-0- ,-0- ,-0- \r\n3,\"E\",-0- \r\n4,-0- ,-0- ,\"X\",-0- ,"
	    "-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n5,\"\xe9t\xe9\",-0- ,\"X\","
	    "-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
	static char	 bad[] = "a,b,c\n";
	struct import_input in = { "sdn.csv", rows, sizeof rows - 1 };
	struct import_input other = { "x.csv", bad, sizeof bad - 1 };
	struct result	 r;

	run_mem(&r, "ofac-csv", &in, 1);
	CHECK_INT(r.rc, 0);
	if (CHECK(r.w != NULL))
		CHECK_INT(r.w->nentities, 1);
	CHECK(err_has(&r, "sdn.csv:2: skipped: ent_num 'x1' is not a number"));
	CHECK(err_has(&r, "sdn.csv:3: skipped: duplicate id ofac-1"));
	CHECK(err_has(&r, "sdn.csv:4: skipped: unknown SDN_Type 'robot'"));
	CHECK(err_has(&r, "sdn.csv:5: skipped: 3 fields, expected 12"));
	CHECK(err_has(&r, "sdn.csv:6: skipped: ofac-4 has no name"));
	CHECK(err_has(&r, "sdn.csv:7: skipped: ofac-5 has no name (or it is "
	    "not UTF-8)"));
	CHECK(err_has(&r, "1 entity written, 6 rows skipped"));
	result_free(&r);
	run_mem(&r, "ofac-csv", &other, 1);
	CHECK_INT(r.rc, -1);
	CHECK(err_has(&r, "x.csv: not an OFAC legacy CSV file"));
	result_free(&r);
	run_mem(&r, "no-such-format", &other, 1);
	CHECK_INT(r.rc, -1);
	result_free(&r);
}

/* The UN list: qualities, original script, dates with a zone. */
static void
test_un(void)
{
	struct result		 r;
	const struct entity	*e;

	run_files(&r, "un-xml", FIX "un/consolidated.xml", NULL);
	CHECK_INT(r.rc, 0);
	if (!CHECK(r.w != NULL))
		goto out;
	CHECK_INT(count_type(&r, ENTITY_PERSON), 9);
	CHECK_INT(count_type(&r, ENTITY_ORGANIZATION), 4);
	check_entity(&r, "un-CDi.002", "FRANK KAKOLELE BWAMBALE",
	    "AIGLE BLANC", "UN-DRC", NULL);
	if (CHECK((e = entity(&r, "un-CDi.003")) != NULL)) {
		/* Quality "Low" is weak, "Good" strong. */
		CHECK(strv_contains(&e->weak_aliases, "Rumuli"));
		CHECK(strv_contains(&e->aliases, "Victor Rumuri"));
		CHECK_STR(e->listed, "2010-12-01");
	}
	if (CHECK((e = entity(&r, "un-QDi.352")) != NULL))
		CHECK_STR(e->listed, "2015-04-07");	/* "2015-04-07-04:00" */
	CHECK(entity(&r, "un-KPe.023") != NULL);	/* "KPe.023 " */
	if (CHECK((e = entity(&r, "un-CDe.001")) != NULL)) {
		CHECK_STR(e->name, "ADF");
		CHECK(strv_contains(&e->aliases, "Allied Democratic Forces"));
		CHECK(strv_contains(&e->aliases, "NALU"));	/* f.k.a. */
		CHECK(strv_contains(&e->countries, "CD"));
	}
	if (CHECK((e = entity(&r, "un-IQi.001")) != NULL))
		CHECK(e->aliases.n > 0);
out:
	result_free(&r);
}

/* The UK list: Windows-1252, groups, prime aliases, nationalities. */
static void
test_uk(void)
{
	struct result		 r;
	const struct entity	*e;
	size_t			 i;
	int			 utf8 = 0;

	run_files(&r, "uk-ofsi-csv", FIX "uk/ConList.csv", NULL);
	CHECK_INT(r.rc, 0);
	if (!CHECK(r.w != NULL))
		goto out;
	CHECK_INT(r.w->nentities, 7);
	if (CHECK((e = entity(&r, "uk-12871")) != NULL)) {
		/* The first row is an AKA; the prime alias is the name. */
		CHECK_STR(e->name, "SECOND ACADEMY OF NATURAL SCIENCES");
		CHECK(strv_contains(&e->aliases, "2ND ACADEMY OF NATURAL "
		    "SCIENCES"));
		CHECK_INT(e->type, ENTITY_ORGANIZATION);
		CHECK_STR(e->listed, "2013-04-23");
		CHECK(strv_contains(&e->countries, "KP"));
		/* "UN Ref KPe.018" in Other Information: the UN's entry. */
		CHECK(e->same_as.n == 1 &&
		    strcmp(e->same_as.v[0], "un-KPe.018") == 0);
	}
	if (CHECK((e = entity(&r, "uk-13349")) != NULL)) {
		CHECK_STR(e->name, "AL-HABABI, Nayef Salam Muhammad Ujaym");
		CHECK_INT(e->type, ENTITY_PERSON);
		/* "1) Saudi Arabia 2) Qatar" */
		CHECK(strv_contains(&e->countries, "SA"));
		CHECK(strv_contains(&e->countries, "QA"));
	}
	for (i = 0; i < r.w->nentities; i++) {
		e = &r.w->entities[i];
		utf8 |= strstr(e->name, "\xc3") != NULL;
	}
	CHECK(utf8);	/* Windows-1252 letters arrived as UTF-8 */
	check_entity(&r, "uk-13284", "NGENDAKUMANA, Léonard", NULL, NULL,
	    NULL);
	check_entity(&r, "uk-6963", "ARMED ISLAMIC GROUP",
	    "GROUPE ISLAMIQUE ARMÉ", NULL, NULL);
out:
	result_free(&r);
}

/* Bytes Windows-1252 does not define: U+FFFD, reported with their line. */
static void
test_uk_bytes(void)
{
	static char		 text[] = "Last Updated,x\nName 6,Name 1,"
	    "Group Type,Alias Type,Group ID\nA\x81\xe9,,Entity,Prime Alias,1\n"
	    "B,,Ship,AKA,2\nC,,Dragon,AKA,3\n";
	struct import_input	 in = { "ConList.csv", text, sizeof text - 1 };
	struct result		 r;

	run_mem(&r, "uk-ofsi-csv", &in, 1);
	CHECK_INT(r.rc, 0);
	check_entity(&r, "uk-1", "A\xef\xbf\xbd\xc3\xa9", NULL, NULL, NULL);
	CHECK_INT(etype(&r, "uk-2"), ENTITY_VESSEL);
	CHECK(err_has(&r, "ConList.csv:3: byte 0x81 is not Windows-1252"));
	CHECK(err_has(&r, "ConList.csv:5: skipped: unknown Group Type "
	    "'Dragon'"));
	result_free(&r);
	in.len = 9;	/* "Last Upda": no header */
	run_mem(&r, "uk-ofsi-csv", &in, 1);
	CHECK_INT(r.rc, -1);
	CHECK(err_has(&r, "no 'Name 6' column"));
	result_free(&r);
}

/* The EU file (written from the schema): strong/weak, programmes, codes. */
static void
test_eu(void)
{
	struct result		 r;
	const struct entity	*e;

	run_files(&r, "eu-fsf-xml", FIX "eu/export.xml", NULL);
	CHECK_INT(r.rc, 0);
	if (!CHECK(r.w != NULL))
		goto out;
	CHECK_INT(r.w->nentities, 3);
	if (CHECK((e = entity(&r, "eu-13")) != NULL)) {
		CHECK_STR(e->name, "Saddam Hussein Al-Tikriti");
		CHECK(strv_contains(&e->weak_aliases, "Abu Ali"));
		CHECK_STR(e->programs.v[0], "IRQ");
		CHECK_STR(e->listed, "2003-07-08");
	}
	if (CHECK((e = entity(&r, "eu-147411")) != NULL)) {
		CHECK(strv_contains(&e->aliases,
		    "ООО Пример Трейд"));
		CHECK_INT(e->countries.n, 2);	/* KG, RU; not "00" */
		CHECK_STR(e->listed, "2023-06-23");
		/* identification regnumber, fiscalcode (latinNumber), imo */
		CHECK(e->registrations.n == 2 && strcmp(e->registrations.v[0],
		    "Registration Number 1027700132195") == 0 &&
		    strcmp(e->registrations.v[1], "Tax ID 7702070139") == 0);
		CHECK(e->imo.n == 1 && strcmp(e->imo.v[0], "5342883") == 0);
	}
	check_entity(&r, "eu-200001", "Ivan Ivanovich Petrov", NULL, "UKR",
	    "RU");
	/* A passport is no number of a firm's. */
	if (CHECK((e = entity(&r, "eu-200001")) != NULL))
		CHECK(e->registrations.n == 0 && e->imo.n == 0);
	CHECK(err_has(&r, "export.xml:46: skipped: logicalId 'not-a-number'"));
out:
	result_free(&r);
}

/* OpenSanctions targets.simple.csv and FtM JSON lines. */
static void
test_opensanctions(void)
{
	struct result		 r;
	const struct entity	*e;

	run_files(&r, "opensanctions-csv",
	    FIX "opensanctions/targets.simple.csv", NULL);
	CHECK_INT(r.rc, 0);
	if (CHECK(r.w != NULL)) {
		CHECK_INT(r.w->nentities, 4);
		check_entity(&r, "os-NK-6dqjVxNpELnRLNvbGvHZgU",
		    "OSOO KARGOLAYN", "CARGOLINE LLC", "RUSSIA-EO14024", "KG");
		if (CHECK((e = entity(&r, "os-NK-PL5K6gGyk2WdRYvRqhJbBB")) !=
		    NULL))
			CHECK(strv_contains(&e->aliases, "RM DIZAIN; AND "
			    "DEVELOPMENT OSOO"));
		CHECK_INT(etype(&r, "os-NK-vessel1"), ENTITY_VESSEL);
		/* identifiers: an IMO number by its prefix, a firm's digits */
		if (CHECK((e = entity(&r, "os-NK-vessel1")) != NULL))
			CHECK(e->imo.n == 1 &&
			    strcmp(e->imo.v[0], "9116230") == 0);
		if (CHECK((e = entity(&r, "os-NK-6dqjVxNpELnRLNvbGvHZgU")) !=
		    NULL))
			CHECK(e->registrations.n == 1 && strcmp(
			    e->registrations.v[0], "ID 02503202210145") == 0);
	}
	CHECK(err_has(&r, "country code 'suhh'"));
	CHECK(err_has(&r, "targets.simple.csv:6: skipped: schema 'Address'"));
	result_free(&r);

	run_files(&r, "opensanctions-ftm",
	    FIX "opensanctions/entities.ftm.json", NULL);
	CHECK_INT(r.rc, 0);
	if (CHECK(r.w != NULL)) {
		CHECK_INT(r.w->nentities, 4);
		if (CHECK((e = entity(&r, "os-NK-PL5K6gGyk2WdRYvRqhJbBB")) !=
		    NULL)) {
			CHECK(strv_contains(&e->aliases,
			    "RM DESIGN&DEVELOPMENT"));
			CHECK(strv_contains(&e->aliases, "RM DIZAIN AND "
			    "DEVELOPMENT OSOO"));	/* previousName */
			CHECK(strv_contains(&e->weak_aliases, "RMDD"));
			CHECK(e->registrations.n == 1 && strcmp(
			    e->registrations.v[0], "INN 01703202210110") == 0);
		}
		/* "target": false */
		CHECK(entity(&r, "os-NK-related") == NULL);
		if (CHECK((e = entity(&r, "os-NK-vessel1")) != NULL)) {
			CHECK_INT(e->countries.n, 1);	/* flag */
			/* imoNumber "IMO 9116230" */
			CHECK(e->imo.n == 1 &&
			    strcmp(e->imo.v[0], "9116230") == 0);
		}
	}
	CHECK(err_has(&r, "entities.ftm.json:8: skipped: not a JSON object"));
	CHECK(err_has(&r, "4 entities written, 2 rows skipped, 2 not parties"));
	result_free(&r);
}

/*
 * Dates of birth in OFAC's words ("DOB 04 Dec 2001", "alt. DOB 1963",
 * "DOB circa 1965", "DOB 1960 to 1962"); not a date of another label, nor
 * one cut short.
 */
static void
test_dob_text(void)
{
	static const struct {
		const char	*text;
		const char	*born[2];
	} c[] = {
		{ "DOB 04 Dec 2001; POB Damascus, Syria", { "2001-12-04",
		    NULL } },
		{ "DOB 1962; alt. DOB 1963; nationality Iraq", { "1962",
		    "1963" } },
		{ "DOB Dec 1960;", { "1960-12", NULL } },
		{ "DOB circa 1965;", { "1963/1967", NULL } },
		{ "DOB 1960 to 1962;", { "1960/1962", NULL } },
		{ "DOB 01 Jan 1960 to 31 Dec 1962.", {
		    "1960-01-01/1962-12-31", NULL } },
		{ "DOB 1962; DOB 1962", { "1962", NULL } },
		{ "DOB 31 Feb 1962; DOB 196; DOB 19620;", { NULL, NULL } },
		{ "Passport DOB1962 issued 12 Jan 2001", { NULL, NULL } },
		{ "DOB 1960 to", { "1960", NULL } },
		{ "", { NULL, NULL } },
	};
	struct import_entity	 e;
	size_t			 i, k, n;

	for (i = 0; i < nitems(c); i++) {
		memset(&e, 0, sizeof e);
		n = c[i].born[0] == NULL ? 0 : c[i].born[1] == NULL ? 1 : 2;
		if (!CHECK(import_dobs(&e, c[i].text) == n && e.born.n == n))
			printf("#   \"%s\"\n", c[i].text);
		for (k = 0; k < n && k < e.born.n; k++)
			CHECK_STR(e.born.v[k], c[i].born[k]);
		strv_free(&e.born);
	}
	CHECK_INT(import_dobs(&e, NULL), 0);
}

/*
 * A body's dates of founding as OFAC's remarks and the CSL's ids write
 * them; a date that is none is left out.
 */
static void
test_established_text(void)
{
	static const struct {
		const char	*text;
		const char	*date[2];
	} c[] = {
		{ "Organization Established Date 17 Oct 1990; SWIFT/BIC "
		    "VTBRRUMM", { "1990-10-17", NULL } },
		{ "Organization Established Date 1969.", { "1969", NULL } },
		{ "Organization Established Date, 1990-07-31; alt. "
		    "Organization Established Date, 1993", { "1990-07-31",
		    "1993" } },
		{ "Organization Established Date 31 Feb 1990; Organization "
		    "Established Date 199;", { NULL, NULL } },
		{ "Organization Established Date1990", { NULL, NULL } },
		{ "DOB 1962", { NULL, NULL } },
	};
	struct import_entity	 e;
	size_t			 i, k, n;

	for (i = 0; i < nitems(c); i++) {
		memset(&e, 0, sizeof e);
		n = c[i].date[0] == NULL ? 0 : c[i].date[1] == NULL ? 1 : 2;
		if (!CHECK(import_established(&e, c[i].text) == n &&
		    e.established.n == n))
			printf("#   \"%s\"\n", c[i].text);
		for (k = 0; k < n && k < e.established.n; k++)
			CHECK_STR(e.established.v[k], c[i].date[k]);
		strv_free(&e.established);
	}
	CHECK_INT(import_established(&e, NULL), 0);
}

/* The born years of the entity with this id, as lo and hi. */
static void
check_born(const struct result *r, const char *id, unsigned lo, unsigned hi)
{
	const struct entity	*e;

	if (!CHECK((e = entity(r, id)) != NULL))
		return;
	if (!CHECK(e->born_lo == lo && e->born_hi == hi))
		printf("#   %s: born %u..%u, not %u..%u\n", id,
		    (unsigned)e->born_lo, (unsigned)e->born_hi, lo, hi);
}

/* An in-memory input of one file. */
static void
run_text(struct result *r, const char *format, const char *name,
    const char *text)
{
	struct import_input	 in;

	memset(&in, 0, sizeof in);
	in.name = name;
	in.data = xstrdup(text);
	in.len = strlen(text);
	run_mem(r, format, &in, 1);
	free(in.data);
}

/*
 * Each list's dates of birth: OFAC's remarks, the UN's date, year,
 * approximate year (two either side) and span, the UK's DD/MM/YYYY with 00
 * unknown, the EU's birthdate, OpenSanctions' birth_date and birthDate,
 * the CSL's dates_of_birth; a date that is none is reported, not kept.
 */
static void
test_dates_of_birth(void)
{
	static const char un[] =
	    "<CONSOLIDATED_LIST><INDIVIDUALS>\n"
	    "<INDIVIDUAL><FIRST_NAME>ALPHA</FIRST_NAME>"
	    "<REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER>"
	    "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
	    "<DATE>1961-03-02-05:00</DATE></INDIVIDUAL_DATE_OF_BIRTH>"
	    "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY"
	    "</TYPE_OF_DATE><YEAR>1964</YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
	    "</INDIVIDUAL>\n"
	    "<INDIVIDUAL><FIRST_NAME>BETA</FIRST_NAME>"
	    "<REFERENCE_NUMBER>QDi.902</REFERENCE_NUMBER>"
	    "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
	    "<FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1975</TO_YEAR>"
	    "</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"
	    "<INDIVIDUAL><FIRST_NAME>GAMMA</FIRST_NAME>"
	    "<REFERENCE_NUMBER>QDi.903</REFERENCE_NUMBER>"
	    "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>"
	    "<YEAR>19xx</YEAR></INDIVIDUAL_DATE_OF_BIRTH>"
	    "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/>"
	    "</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"
	    "</INDIVIDUALS></CONSOLIDATED_LIST>\n";
	static const char ftm[] =
	    "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": "
	    "{\"name\": [\"Ivan Petrov\"], \"birthDate\": [\"1958-02\", "
	    "\"1959\", \"soon\"]}, \"target\": true}\n";
	static const char csl[] =
	    "_id,source,entity_number,type,name,dates_of_birth\n"
	    "a1,Entity List (EL) - Bureau of Industry and Security,,"
	    "Individual,IVAN PETROV,1950-05-06; circa 1955\n";
	struct result		 r;
	const struct entity	*e;

	run_files(&r, "ofac-csv", FIX "ofac/alt.csv", FIX "ofac/sdn.csv",
	    FIX "ofac/add.csv", NULL);
	check_born(&r, "ofac-2686", 1953, 1960);	/* four DOBs */
	check_born(&r, "ofac-9647", 1945, 1945);
	/* a firm: "Organization Established Date 17 Mar 2022" */
	check_born(&r, "ofac-44000", 2022, 2022);
	result_free(&r);
	run_text(&r, "un-xml", "un.xml", un);
	CHECK_INT(r.rc, 0);
	check_born(&r, "un-QDi.901", 1961, 1966);
	check_born(&r, "un-QDi.902", 1970, 1975);
	check_born(&r, "un-QDi.903", 0, 0);
	CHECK(err_has(&r, "un-QDi.903: a date of birth '19xx' is not a "
	    "date"));
	result_free(&r);
	run_files(&r, "uk-ofsi-csv", FIX "uk/ConList.csv", NULL);
	check_born(&r, "uk-13349", 1980, 1981);		/* 00/00/1980 */
	if (CHECK((e = entity(&r, "uk-10929")) != NULL))
		CHECK_INT(e->born_lo, 1965);		/* 24/12/1965 */
	result_free(&r);
	run_files(&r, "eu-fsf-xml", FIX "eu/export.xml", NULL);
	check_born(&r, "eu-13", 1937, 1937);
	result_free(&r);
	run_files(&r, "opensanctions-csv",
	    FIX "opensanctions/targets.simple.csv", NULL);
	check_born(&r, "os-Q7747", 1952, 1952);
	result_free(&r);
	run_text(&r, "opensanctions-ftm", "e.ftm.json", ftm);
	check_born(&r, "os-p1", 1958, 1959);
	CHECK(err_has(&r, "os-p1: birth date 'soon' is not a date"));
	result_free(&r);
	run_text(&r, "us-csl", "csl.csv", csl);
	if (CHECK(r.w != NULL && r.w->nentities == 1))
		CHECK(r.w->entities[0].born_lo == 1950 &&
		    r.w->entities[0].born_hi == 1957);
	result_free(&r);
}

/*
 * IMO numbers in the lists' own words: OFAC's remarks, the UK's Other
 * Information, the UN's comments, CSL's ids, OpenSanctions' imoNumber; not
 * a word that ends in "imo", nor a number of six or eight digits.
 */
static void
test_imo_text(void)
{
	static const struct {
		const char	*text;
		const char	*imo[2];
	} c[] = {
		{ "Vessel Registration Identification IMO 9187629; f.k.a. "
		    "'ARK'", { "9187629", NULL } },
		{ "UN Ref KPe.022. IMO Number: 5342883. The Chong-chon-gang",
		    { "5342883", NULL } },
		{ "Company Number IMO 5434358  Registered owner", { "5434358",
		    NULL } },
		{ "International Maritime Organization (IMO) Number: 1790183.",
		    { "1790183", NULL } },
		{ "Vessel Registration Identification, IMO 7406784", {
		    "7406784", NULL } },
		{ "IMO9116230", { "9116230", NULL } },
		{ "IMO no. 9187629; alt. IMO No. 9187631", { "9187629",
		    "9187631" } },
		{ "IMO 9187629; IMO 9187629", { "9187629", NULL } },
		{ "PRIMO 9187629", { NULL, NULL } },
		{ "IMO 918762", { NULL, NULL } },
		{ "IMO 91876290", { NULL, NULL } },
		{ "Identification Number IMO", { NULL, NULL } },
		{ "", { NULL, NULL } },
	};
	struct import_entity	 e;
	size_t			 i, k, n;

	for (i = 0; i < nitems(c); i++) {
		memset(&e, 0, sizeof e);
		n = c[i].imo[0] == NULL ? 0 : c[i].imo[1] == NULL ? 1 : 2;
		if (!CHECK(import_imo(&e, c[i].text) == n &&
		    e.imo.n == n))
			printf("#   \"%s\"\n", c[i].text);
		for (k = 0; k < n && k < e.imo.n; k++)
			CHECK_STR(e.imo.v[k], c[i].imo[k]);
		strv_free(&e.imo);
	}
	CHECK_INT(import_imo(&e, NULL), 0);
}

/*
 * Tax and company registration numbers in OFAC's words; not a number of
 * seven or sixteen digits, nor one a letter follows.
 */
static void
test_registration_text(void)
{
	static const struct {
		const char	*text;
		const char	*reg[2];
	} c[] = {
		{ "Tax ID No. 7702070139 (Russia); Registration Number "
		    "1027700132195 (Russia).", { "Tax ID 7702070139",
		    "Registration Number 1027700132195" } },
		{ "Government Gazette Number 00044434 (Russia)", {
		    "OKPO 00044434", NULL } },
		{ "alt. Tax ID No. 01703202210110 (Kyrgyzstan)", {
		    "Tax ID 01703202210110", NULL } },
		{ "Business Registration Number 0105536056137 (Thailand)",
		    { "Registration Number 0105536056137", NULL } },
		{ "UK Company Number 07567512 (United Kingdom)", {
		    "Company Number 07567512", NULL } },
		{ "Tax ID No. 1234567 (Russia)", { NULL, NULL } },
		{ "Tax ID No. 1234567890123456", { NULL, NULL } },
		{ "Tax ID No. 12345678A", { NULL, NULL } },
		{ "Passport 123456789 (Russia)", { NULL, NULL } },
	};
	struct import_entity	 e;
	size_t			 i, k, n;

	for (i = 0; i < nitems(c); i++) {
		memset(&e, 0, sizeof e);
		n = c[i].reg[0] == NULL ? 0 : c[i].reg[1] == NULL ? 1 : 2;
		if (!CHECK(import_registrations(&e, c[i].text) == n &&
		    e.registrations.n == n))
			printf("#   \"%s\"\n", c[i].text);
		for (k = 0; k < n && k < e.registrations.n; k++)
			CHECK_STR(e.registrations.v[k], c[i].reg[k]);
		strv_free(&e.registrations);
	}
	CHECK_INT(import_registrations(&e, NULL), 0);
}

/* Not XML, the wrong root, an empty file: refused with a message. */
static void
test_xml_errors(void)
{
	static char		 junk[] = "<CONSOLIDATED_LIST><INDIV";
	static char		 other[] = "<export/>";
	struct import_input	 in = { "un.xml", junk, sizeof junk - 1 };
	struct import_input	 in2 = { "eu.xml", other, sizeof other - 1 };
	struct result		 r;

	run_mem(&r, "un-xml", &in, 1);
	CHECK_INT(r.rc, -1);
	CHECK(err_has(&r, "un.xml:1: not well-formed XML"));
	result_free(&r);
	run_mem(&r, "un-xml", &in2, 1);
	CHECK_INT(r.rc, -1);
	CHECK(err_has(&r, "not a UN consolidated list (root <export>)"));
	result_free(&r);
	/* No entities: nothing written, an error. */
	run_mem(&r, "eu-fsf-xml", &in2, 1);
	CHECK_INT(r.rc, -1);
	CHECK(r.w == NULL);
	CHECK(err_has(&r, "no entities found; no watchlist written"));
	result_free(&r);
}

/* Where the real lists are, or NULL after printing a skip line. */
static const char *
lists_dir(const char *what)
{
	const char	*dir = getenv("SANCTWATCH_LISTS");

	if (dir == NULL)
		dir = LISTS;
	if (access(dir, R_OK) == -1) {
		printf("# skip %s: %s not present\n", what, dir);
		return (NULL);
	}
	return (dir);
}

/* The full SDN of 2024-05-03 with the aliases and addresses of 2026-06. */
static void
test_full_sdn(void)
{
	struct result	 r;
	const char	*dir;
	char		*sdn, *alt, *add;

	if ((dir = lists_dir("full SDN import")) == NULL)
		return;
	sdn = xasprintf("%s/ofac/sdn_2024-05-03/sdn.csv", dir);
	alt = xasprintf("%s/ofac/add_alt_2026-06/alt.csv", dir);
	add = xasprintf("%s/ofac/add_alt_2026-06/add.csv", dir);
	if (CHECK(run_files(&r, "ofac-csv", sdn, alt, add, NULL) == 0)) {
		CHECK_INT(r.rc, 0);
		if (CHECK(r.w != NULL)) {
			CHECK_INT(r.w->nentities, 14965);
			CHECK_INT(count_type(&r, ENTITY_PERSON), 6854);
			CHECK_INT(count_type(&r, ENTITY_VESSEL), 851);
			CHECK_INT(count_type(&r, ENTITY_AIRCRAFT), 376);
			CHECK_INT(count_type(&r, ENTITY_ORGANIZATION), 6884);
			check_entity(&r, "ofac-44000", "LLC RM DESIGN AND "
			    "DEVELOPMENT", "RM DESIGN&DEVELOPMENT",
			    "RUSSIA-EO14024", "KG");
			check_entity(&r, "ofac-44024", "OSOO PROGRESS LIDER",
			    "PROGRESS LEADER LLC", NULL, "KG");
			check_entity(&r, "ofac-44030", "OSOO KARGOLAYN",
			    "CARGOLINE LLC", NULL, "KG");
		}
		result_free(&r);
	}
	free(sdn);
	free(alt);
	free(add);
}

/* The full UN list: 730 individuals and 273 entities. */
static void
test_full_un(void)
{
	struct result	 r;
	const char	*dir;
	char		*path;

	if ((dir = lists_dir("full UN import")) == NULL)
		return;
	path = xasprintf("%s/un/UN_consolidated_2026-02-27.xml", dir);
	if (CHECK(run_files(&r, "un-xml", path, NULL) == 0)) {
		CHECK_INT(r.rc, 0);
		CHECK_INT(count_type(&r, ENTITY_PERSON), 730);
		CHECK_INT(count_type(&r, ENTITY_ORGANIZATION), 273);
		CHECK(err_has(&r, "0 rows skipped"));
		result_free(&r);
	}
	free(path);
}

/* The full UK list: 9,487 rows in 2,106 groups. */
static void
test_full_uk(void)
{
	struct result	 r;
	const char	*dir;
	char		*path;

	if ((dir = lists_dir("full UK import")) == NULL)
		return;
	path = xasprintf("%s/uk/hmt_conlist_2018-04-13/ConList.csv", dir);
	if (CHECK(run_files(&r, "uk-ofsi-csv", path, NULL) == 0)) {
		CHECK_INT(r.rc, 0);
		if (CHECK(r.w != NULL))
			CHECK_INT(r.w->nentities, 2106);
		CHECK(err_has(&r, "0 rows skipped"));
		result_free(&r);
	}
	free(path);
}

/* The CSL excerpt: lists, topics, OFAC ids, merged rows, the DPL's ids. */
static void
test_us_csl(void)
{
	struct result		 r, d;
	const struct entity	*e;

	run_files(&r, "us-csl", FIX "us_csl/csl.csv", NULL);
	CHECK_INT(r.rc, 0);
	if (!CHECK(r.w != NULL && r.w->nentities == 12))
		goto out;
	e = entity(&r, "us-bis-uvl-feb1f5ab3fdd");
	if (CHECK(e != NULL)) {
		CHECK_STR(e->source, "us-bis-uvl");
		CHECK(e->topics.n == 1 && strcmp(e->topics.v[0],
		    "export.control") == 0);
		CHECK(e->countries.n == 1 && strcmp(e->countries.v[0], "AM") ==
		    0);
		CHECK_INT(e->type, ENTITY_OTHER);
	}
	e = entity(&r, "ofac-17014");
	if (CHECK(e != NULL)) {
		CHECK_STR(e->source, "us-ofac-mbs");
		CHECK_STR(e->topics.v[0], "sanction");
		CHECK_INT(e->programs.n, 2);
	}
	CHECK_INT(etype(&r, "ofac-4238"), ENTITY_VESSEL);
	/* ids: "Vessel Registration Identification, IMO 7406784" */
	e = entity(&r, "ofac-4243");
	if (CHECK(e != NULL))
		CHECK(e->imo.n == 1 && strcmp(e->imo.v[0], "7406784") == 0);
	e = entity(&r, "us-state-isn-ccad7763f758");
	if (CHECK(e != NULL)) {
		CHECK_STR(e->topics.v[0], "sanction");
		CHECK_STR(e->listed, "1994-02-08");
	}
	CHECK(err_has(&r, "12 entities written, 0 rows skipped, 1 not "
	    "parties"));
	run_files(&d, "bis-dpl", FIX "us_csl/dpl.txt", NULL);
	CHECK_INT(d.rc, 0);
	if (CHECK(d.w != NULL && d.w->nentities == 4)) {
		e = entity(&d, "us-bis-dpl-c5dad1991389");
		CHECK(e != NULL && entity(&r, "us-bis-dpl-c5dad1991389") !=
		    NULL);
		CHECK(e != NULL && e->listed != NULL &&
		    strcmp(e->listed, "2002-03-04") == 0);
	}
	CHECK(err_has(&d, "country 'PRC' not recognised"));
	result_free(&d);
out:
	result_free(&r);
}

/* Bad CSL and DPL input: located skips, a header missing, nothing found. */
static void
test_csl_errors(void)
{
	static char	 csl[] = "_id,source,entity_number,type,name\n"
	    "1,Specially Designated Nationals (SDN) - Treasury,x,Entity,A\n"
	    "2,Some New List (SNL) - Commerce,,Robot,B\n"
	    "3,Entity List (EL) - BIS,,,\n"
	    "4,Entity List (EL) - BIS,,\n"
	    "5,\"Entity List (EL) - BIS,,,C\n";
	static char	 dpl[] = "Name\tStreet_Address\tCountry\t"
	    "Effective_Date\nA\tX\tUS\t13/45/2001\n\tX\tUS\t01/02/2003\n";
	static char	 nohdr[] = "a,b,c\n";
	struct import_input c = { "csl.csv", csl, sizeof csl - 1 };
	struct import_input p = { "dpl.txt", dpl, sizeof dpl - 1 };
	struct import_input n = { "x.csv", nohdr, sizeof nohdr - 1 };
	struct result	 r;

	run_mem(&r, "us-csl", &c, 1);
	CHECK_INT(r.rc, 0);
	if (CHECK(r.w != NULL && r.w->nentities == 1)) {
		CHECK_STR(r.w->entities[0].source, "us-csl-other");
		CHECK_INT(r.w->entities[0].topics.n, 0);
		CHECK_INT(r.w->entities[0].type, ENTITY_OTHER);
	}
	CHECK(err_has(&r, "csl.csv:2: skipped: entity_number 'x' of a "
	    "Treasury list is not a number"));
	CHECK(err_has(&r, "csl.csv:3: list 'Some New List (SNL) - Commerce' "
	    "not known"));
	CHECK(err_has(&r, "csl.csv:3: unknown type 'Robot'"));
	CHECK(err_has(&r, "csl.csv:4: skipped: no name"));
	CHECK(err_has(&r, "csl.csv:5: skipped: 4 fields, the header has 5"));
	CHECK(err_has(&r, "csl.csv:6: skipped: malformed record"));
	CHECK(err_has(&r, "0 country names not recognised"));
	result_free(&r);
	run_mem(&r, "bis-dpl", &p, 1);
	CHECK_INT(r.rc, 0);
	CHECK(r.w != NULL && r.w->nentities == 1 &&
	    r.w->entities[0].listed == NULL);
	CHECK(err_has(&r, "dpl.txt:2: Effective_Date '13/45/2001' is not "
	    "MM/DD/YYYY"));
	CHECK(err_has(&r, "dpl.txt:3: skipped: no name"));
	result_free(&r);
	run_mem(&r, "us-csl", &n, 1);
	CHECK_INT(r.rc, -1);
	CHECK(err_has(&r, "x.csv: no '_id' column in the header"));
	result_free(&r);
	run_mem(&r, "bis-dpl", &n, 1);
	CHECK_INT(r.rc, -1);
	CHECK(err_has(&r, "x.csv: no 'Name' column in the header"));
	result_free(&r);
}

/* Each format's files are named when given to another importer. */
static void
test_guess(void)
{
	static const struct {
		const char	*path;
		const char	*format;
	} cases[] = {
		{ FIX "ofac/sdn.csv", "ofac-csv" },
		{ FIX "ofac/alt.csv", "ofac-csv" },
		{ FIX "un/consolidated.xml", "un-xml" },
		{ FIX "uk/ConList.csv", "uk-ofsi-csv" },
		{ FIX "eu/export.xml", "eu-fsf-xml" },
		{ FIX "opensanctions/targets.simple.csv", "opensanctions-csv" },
		{ FIX "opensanctions/entities.ftm.json", "opensanctions-ftm" },
		{ FIX "us_csl/csl.csv", "us-csl" },
		{ FIX "us_csl/dpl.txt", "bis-dpl" },
		{ "config/watchlist.yaml", NULL },
	};
	struct import_input	 in;
	const char		*g;
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		if (!CHECK(read_input(&in, cases[i].path)))
			continue;
		g = listformat_guess(in.data, in.len, NULL);
		if (!CHECK((g == NULL) == (cases[i].format == NULL) &&
		    (g == NULL || strcmp(g, cases[i].format) == 0)))
			printf("#   %s: %s\n", cases[i].path, g ? g : "NULL");
		free(in.data);
	}
	CHECK(listformat_guess("", 0, NULL) == NULL);
	CHECK(listformat_guess("12", 2, NULL) == NULL);
}

/* Names that never match are reported at import, with their entity. */
static void
test_never_matching(void)
{
	static char	 rows[] = "7,\"PTE OOO\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- "
	    ",-0- ,-0- ,-0- ,\"a.k.a. '...'.\"\r\n8,\"ALPHA BETA LLC\",-0- ,"
	    "\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
	struct import_input in = { "sdn.csv", rows, sizeof rows - 1 };
	struct result	 r;

	CHECK_STR(names_problem("PTE OOO"), "is only a legal form");
	CHECK_STR(names_problem("..."), "has no letters or digits");
	CHECK(names_problem("ALPHA BETA LLC") == NULL);
	run_mem(&r, "ofac-csv", &in, 1);
	CHECK_INT(r.rc, 0);
	CHECK(err_has(&r, "ofac-csv: entity ofac-7: name \"PTE OOO\" is only "
	    "a legal form; it never matches"));
	CHECK(err_has(&r, "ofac-csv: entity ofac-7: name \"...\" has no "
	    "letters or digits"));
	CHECK(err_has(&r, "2 names that can never match"));
	if (CHECK(r.w != NULL && r.w->nentities == 2))
		CHECK_STR(r.w->entities[0].topics.v[0], "sanction");
	result_free(&r);
}

UNIT_SUITE(import,
	{ "csv", test_csv },
	{ "countries", test_countries },
	{ "escaping", test_escaping },
	{ "clean", test_clean },
	{ "ofac", test_ofac },
	{ "ofac_cons", test_ofac_cons },
	{ "ofac_errors", test_ofac_errors },
	{ "un", test_un },
	{ "uk", test_uk },
	{ "uk_bytes", test_uk_bytes },
	{ "eu", test_eu },
	{ "opensanctions", test_opensanctions },
	{ "imo-text", test_imo_text },
	{ "registration-text", test_registration_text },
	{ "dob-text", test_dob_text },
	{ "established-text", test_established_text },
	{ "dates-of-birth", test_dates_of_birth },
	{ "xml_errors", test_xml_errors },
	{ "us_csl", test_us_csl },
	{ "csl_errors", test_csl_errors },
	{ "guess", test_guess },
	{ "never_matching", test_never_matching },
	{ "full_sdn", test_full_sdn },
	{ "full_un", test_full_un },
	{ "full_uk", test_full_uk },
)
