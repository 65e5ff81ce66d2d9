/*
 * import_uk: HM Treasury / OFSI consolidated list (ConList.csv) -> entities.
 *
 * The file is Windows-1252 (converted to UTF-8 with iconv; a file that is
 * already valid UTF-8 is read as is).  It has a "Last Updated" line, then
 * the header, which is looked for in the first IMPORT_UK_HEADER_ROWS
 * records; columns are found by their header names (uk_cols[]), so their
 * order does not matter.  There is one row per name variant; rows are
 * grouped by Group ID into one entity, id uk-<Group ID>.  The first
 * "Prime Alias" row gives the name, every other row (another prime alias,
 * AKA, FKA) a strong alias; a low-quality alias (the newer files' "Alias
 * Quality" column) a weak one.  A person is written as the list does,
 * "SURNAME, Given Names" (Name 6, then Name 1-5); other names are Name 1-6
 * joined.  Group Type gives the type, Regime the program, the earliest
 * Listed On (DD/MM/YYYY) the date, Country and Nationality (which may be
 * "(1) Somali (2) Swedish") the countries.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "import/import-int.h"

#define IMPORT_UK_HEADER_ROWS	5
#define IMPORT_UK_MAX_ID	32

enum uk_col {
	UK_NAME1, UK_NAME2, UK_NAME3, UK_NAME4, UK_NAME5, UK_NAME6,
	UK_GROUP_ID, UK_GROUP_TYPE, UK_ALIAS_TYPE, UK_ALIAS_QUALITY,
	UK_REGIME, UK_LISTED_ON, UK_COUNTRY, UK_NATIONALITY, UK_OTHER,
	UK_DOB, UK_NCOLS
};

/* One row per column used: its header name and whether it must be there. */
static const struct {
	const char	*name;
	int		 required;
} uk_cols[UK_NCOLS] = {
	[UK_NAME1] = { "Name 1", 0 },
	[UK_NAME2] = { "Name 2", 0 },
	[UK_NAME3] = { "Name 3", 0 },
	[UK_NAME4] = { "Name 4", 0 },
	[UK_NAME5] = { "Name 5", 0 },
	[UK_NAME6] = { "Name 6", 1 },
	[UK_GROUP_ID] = { "Group ID", 1 },
	[UK_GROUP_TYPE] = { "Group Type", 1 },
	[UK_ALIAS_TYPE] = { "Alias Type", 1 },
	[UK_ALIAS_QUALITY] = { "Alias Quality", 0 },
	[UK_REGIME] = { "Regime", 0 },
	[UK_LISTED_ON] = { "Listed On", 0 },
	[UK_COUNTRY] = { "Country", 0 },
	[UK_NATIONALITY] = { "Nationality", 0 },
	[UK_OTHER] = { "Other Information", 0 },
	[UK_DOB] = { "DOB", 0 },
};

static const struct {
	const char	*name;
	enum entity_type type;
} uk_types[] = {
	{ "Individual", ENTITY_PERSON },
	{ "Entity", ENTITY_ORGANIZATION },
	{ "Ship", ENTITY_VESSEL },
};

/* Alias types: primary (the entity's name) or not. */
static const struct {
	const char	*name;
	int		 primary;
} uk_aliases[] = {
	{ "Prime Alias", 1 },
	{ "Primary name", 1 },
	{ "AKA", 0 },
	{ "FKA", 0 },
	{ "Primary name variation", 0 },
	{ "Alias", 0 },
};

/* The state of one file: where each column is (-1 if absent). */
struct uk_file {
	struct import		*imp;
	const char		*file;
	int			 col[UK_NCOLS];
};

/*
 * Windows-1252 -> UTF-8 (NUL-terminated, from malloc).  A byte with no
 * character in Windows-1252 is reported with its line and becomes U+FFFD.
 */
static char *
import_uk_utf8(struct import *imp, const struct import_input *in,
    size_t *lenp)
{
	iconv_t		 cd;
	char		*out, *ip, *op;
	const char	*counted;
	size_t		 il, ol, line = 1;

	if (import_utf8_ok(in->data, in->len)) {
		*lenp = in->len;
		return (xstrndup(in->data, in->len));
	}
	if ((cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		fprintf(imp->err, "%s: iconv: %s\n", in->name, strerror(errno));
		return (NULL);
	}
	counted = ip = in->data;
	il = in->len;
	ol = in->len * 3 + 1;	/* a character is at most 3 bytes of UTF-8 */
	op = out = xmalloc(ol);
	while (il > 0 && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno != EILSEQ && errno != EINVAL) {
			fprintf(imp->err, "%s: iconv: %s\n", in->name,
			    strerror(errno));
			free(out);
			out = NULL;
			break;
		}
		for (; counted < ip; counted++)
			line += *counted == '\n';
		import_report(imp, in->name, line, "byte 0x%02x is not "
		    "Windows-1252, read as U+FFFD", (unsigned char)*ip);
		memcpy(op, "\xef\xbf\xbd", 3);
		op += 3;
		ol -= 3;
		ip++;
		il--;
	}
	iconv_close(cd);
	if (out == NULL)
		return (NULL);
	*op = '\0';
	*lenp = (size_t)(op - out);
	return (out);
}

/* A DD/MM/YYYY date as YYYY-MM-DD into ymd ("" if it is not one). */
static void
import_uk_ymd(const char *s, char ymd[11])
{
	if (strlen(s) == 10 && s[2] == '/' && s[5] == '/')
		snprintf(ymd, 11, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
	else
		ymd[0] = '\0';
}

/*
 * A date of birth as the list writes it, DD/MM/YYYY with 00 for a day or
 * month it does not know ("00/00/1965"): added as 1965-05-12, 1965-05 or
 * 1965.  0, or -1 if it is none.
 */
static int
import_uk_born(struct import_entity *e, const char *s)
{
	char	 d[11];

	if (strlen(s) != 10 || s[2] != '/' || s[5] != '/')
		return (-1);
	if (strncmp(s + 3, "00", 2) == 0)
		snprintf(d, sizeof d, "%.4s", s + 6);
	else if (strncmp(s, "00", 2) == 0)
		snprintf(d, sizeof d, "%.4s-%.2s", s + 6, s + 3);
	else
		snprintf(d, sizeof d, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
	return (import_born(e, d));
}

/* The list's date from the "Last Updated,DD/MM/YYYY" record. */
static void
import_uk_updated(struct uk_file *uf, const struct import_csv *csv, int n)
{
	char	 ymd[11];

	if (n < 2 || strcmp(csv->f[0], "Last Updated") != 0)
		return;
	import_uk_ymd(csv->f[1], ymd);
	if (import_published(uf->imp, ymd) == -1)
		import_report(uf->imp, uf->file, csv->line, "Last Updated "
		    "'%.40s' is not a DD/MM/YYYY date, left out", csv->f[1]);
}

/* Find the header record and where each column is; -1 if not found. */
static int
import_uk_header(struct uk_file *uf, struct import_csv *csv)
{
	size_t	 i, c;
	int	 n, rows;

	for (rows = 0; rows < IMPORT_UK_HEADER_ROWS; rows++) {
		if ((n = import_csv_next(csv)) <= 0)
			break;
		import_uk_updated(uf, csv, n);
		for (c = 0; c < UK_NCOLS; c++) {
			uf->col[c] = -1;
			for (i = 0; i < (size_t)n; i++) {
				if (strcmp(csv->f[i], uk_cols[c].name) == 0)
					uf->col[c] = (int)i;
			}
		}
		if (uf->col[UK_GROUP_ID] != -1)
			break;
	}
	for (c = 0; c < UK_NCOLS; c++) {
		if (uk_cols[c].required && (rows == IMPORT_UK_HEADER_ROWS ||
		    uf->col[c] == -1)) {
			fprintf(uf->imp->err, "%s: no '%s' column in the first "
			    "%d lines: not an OFSI consolidated list CSV\n",
			    uf->file, uk_cols[c].name, IMPORT_UK_HEADER_ROWS);
			return (-1);
		}
	}
	return (0);
}

/* A column of the current record, cleaned; NULL if absent or empty. */
static char *
import_uk_get(const struct uk_file *uf, const struct import_csv *csv,
    enum uk_col c)
{
	const char	*s;

	if (uf->col[c] == -1)
		return (NULL);
	s = import_csv_get(csv, (size_t)uf->col[c]);
	return (import_clean(s, strlen(s)));
}

/* The name of a row: "SURNAME, Given Names" for a person; NULL if none. */
static char *
import_uk_name(const struct uk_file *uf, const struct import_csv *csv,
    enum entity_type type)
{
	char	*given = NULL, *part, *t, *last;
	int	 c;

	for (c = UK_NAME1; c <= UK_NAME5; c++) {
		if ((part = import_uk_get(uf, csv, (enum uk_col)c)) == NULL)
			continue;
		t = given == NULL ? part : xasprintf("%s %s", given, part);
		if (given != NULL) {
			free(given);
			free(part);
		}
		given = t;
	}
	last = import_uk_get(uf, csv, UK_NAME6);
	if (given == NULL || last == NULL)
		return (given != NULL ? given : last);
	t = xasprintf(type == ENTITY_PERSON ? "%2$s, %1$s" : "%1$s %2$s",
	    given, last);
	free(given);
	free(last);
	return (t);
}

/* Add the segment [start, end) as a country name, without ", " at its end. */
static void
import_uk_country(struct import *imp, struct import_entity *e,
    const char *file, size_t line, const char *start, const char *end)
{
	char	*name;

	while (end > start && (end[-1] == ' ' || end[-1] == ','))
		end--;
	if ((name = import_clean(start, (size_t)(end - start))) != NULL)
		import_add_country(imp, e, file, line, name);
	free(name);
}

/* The length of an item marker "(1)", "1)", "(a)", "a)" at p, or 0. */
static size_t
import_uk_marker(const char *s, const char *p)
{
	const char	*q = p + (*p == '(');
	size_t		 n;

	if (p != s && p[-1] != ' ')
		return (0);
	if ((n = strspn(q, "0123456789")) == 0 && *q >= 'a' && *q <= 'h')
		n = 1;
	if (n == 0 || q[n] != ')')
		return (0);
	return ((size_t)(q + n + 1 - p));
}

/* Nationalities, possibly numbered "(1) Somali (2) Swedish", as countries. */
static void
import_uk_nationality(struct import *imp, struct import_entity *e,
    const char *file, size_t line, const char *s)
{
	const char	*p = s, *start = s;
	size_t		 n;

	for (;; p++) {
		n = *p == '\0' ? 0 : import_uk_marker(s, p);
		if (*p == '\0' || n > 0) {
			import_uk_country(imp, e, file, line, start, p);
			if (*p == '\0')
				break;
			start = p + n;
			p = start - 1;
		}
	}
}

/* The type of a row's Group Type, or -1 after counting the row. */
static int
import_uk_type(struct uk_file *uf, const struct import_csv *csv)
{
	char	*gt;
	size_t	 i;

	gt = import_uk_get(uf, csv, UK_GROUP_TYPE);
	for (i = 0; i < nitems(uk_types); i++) {
		if (gt != NULL && strcmp(gt, uk_types[i].name) == 0)
			break;
	}
	if (i == nitems(uk_types))
		import_skip(uf->imp, uf->file, csv->line, "unknown Group Type "
		    "'%.40s'", gt != NULL ? gt : "");
	free(gt);
	return (i == nitems(uk_types) ? -1 : (int)uk_types[i].type);
}

/* Whether a row's alias type is the primary name (an unknown one is not). */
static int
import_uk_primary(struct uk_file *uf, const struct import_csv *csv)
{
	char	*at;
	size_t	 i;

	at = import_uk_get(uf, csv, UK_ALIAS_TYPE);
	for (i = 0; i < nitems(uk_aliases); i++) {
		if (at != NULL && strcmp(at, uk_aliases[i].name) == 0)
			break;
	}
	if (i == nitems(uk_aliases))
		import_report(uf->imp, uf->file, csv->line, "unknown Alias "
		    "Type '%.40s': read as an alias", at != NULL ? at : "");
	free(at);
	return (i == nitems(uk_aliases) ? 0 : uk_aliases[i].primary);
}

/* Put a row's name on its entity: as the name, a strong or weak alias. */
static void
import_uk_names(struct uk_file *uf, struct import_entity *e,
    const struct import_csv *csv, const char *name, int primary)
{
	char	*q, *old;
	int	 weak;

	q = import_uk_get(uf, csv, UK_ALIAS_QUALITY);
	weak = q != NULL && strncmp(q, "Low", 3) == 0;
	free(q);
	if (primary && !e->primary) {
		/* The first prime alias: the earlier name becomes an alias. */
		old = e->name;
		e->name = xstrdup(name);
		e->primary = 1;
		import_strong_alias(e, old);
		free(old);
		return;
	}
	import_alias(e, name, weak && !primary);
}

/*
 * The UN references in a record's Other Information ("(UN Ref QDi.001)",
 * "UN Ref.KPI.067"): the same party on the UN list, whose importer gives
 * it the id un-QDi.001, so same_as: [un-QDi.001] (watchlist-party.c).
 */
static void
import_uk_un_refs(struct import_entity *e, const char *s)
{
	const char	*p, *d;
	char		 id[16];

	for (p = s; (p = strstr(p, "UN Ref")) != NULL; ) {
		p += 6;
		p += strspn(p, " .:)(");
		if (p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z' ||
		    (p[2] != 'i' && p[2] != 'e' && p[2] != 'I' && p[2] != 'E'))
			continue;
		d = p + 3 + (p[3] == '.');
		if (strspn(d, "0123456789") != 3)
			continue;
		snprintf(id, sizeof id, "un-%c%c%c.%.3s", p[0], p[1],
		    p[2] == 'I' || p[2] == 'i' ? 'i' : 'e', d);
		if (!strv_contains(&e->same_as, id))
			strv_push(&e->same_as, id);
	}
}

/* The program, dates, countries and UN references of a row. */
static void
import_uk_facts(struct uk_file *uf, struct import_entity *e,
    const struct import_csv *csv)
{
	char	*s, ymd[11];

	if ((s = import_uk_get(uf, csv, UK_REGIME)) != NULL)
		import_program(e, s);
	free(s);
	if ((s = import_uk_get(uf, csv, UK_LISTED_ON)) != NULL) {
		import_uk_ymd(s, ymd);
		if (import_listed(e, ymd) == -1)
			import_report(uf->imp, uf->file, csv->line, "Listed "
			    "On '%.40s' is not a DD/MM/YYYY date, left out", s);
	}
	free(s);
	if ((s = import_uk_get(uf, csv, UK_COUNTRY)) != NULL)
		import_add_country(uf->imp, e, uf->file, csv->line, s);
	free(s);
	if ((s = import_uk_get(uf, csv, UK_NATIONALITY)) != NULL)
		import_uk_nationality(uf->imp, e, uf->file, csv->line, s);
	free(s);
	if ((s = import_uk_get(uf, csv, UK_DOB)) != NULL &&
	    import_uk_born(e, s) == -1)
		import_report(uf->imp, uf->file, csv->line, "DOB '%.40s' is "
		    "not a DD/MM/YYYY date, left out", s);
	free(s);
	if ((s = import_uk_get(uf, csv, UK_OTHER)) != NULL) {
		import_uk_un_refs(e, s);
		import_imo(e, s);
		import_registrations(e, s);
	}
	free(s);
}

/* One row: a name variant of a group. */
static void
import_uk_row(struct uk_file *uf, const struct import_csv *csv)
{
	struct import_entity	*e;
	char			*gid, *name, id[IMPORT_UK_MAX_ID + 4];
	int			 type, primary;

	gid = import_uk_get(uf, csv, UK_GROUP_ID);
	if (gid == NULL || strlen(gid) > IMPORT_UK_MAX_ID ||
	    gid[strspn(gid, "0123456789")] != '\0') {
		import_skip(uf->imp, uf->file, csv->line, "Group ID '%.40s' "
		    "is not a number", gid != NULL ? gid : "");
		free(gid);
		return;
	}
	snprintf(id, sizeof id, "uk-%s", gid);
	free(gid);
	if ((type = import_uk_type(uf, csv)) == -1)
		return;
	primary = import_uk_primary(uf, csv);
	if ((name = import_uk_name(uf, csv, (enum entity_type)type)) == NULL) {
		import_skip(uf->imp, uf->file, csv->line, "%s: no name", id);
		return;
	}
	if ((e = import_find(uf->imp, id)) == NULL) {
		e = import_add(uf->imp, uf->file, csv->line, id, name,
		    (enum entity_type)type, "uk-ofsi");
		if (e != NULL)
			e->primary = primary;
	} else
		import_uk_names(uf, e, csv, name, primary);
	if (e != NULL)
		import_uk_facts(uf, e, csv);
	free(name);
}

/* Import OFSI consolidated list CSV files. */
int
import_uk_csv(struct import *imp, const struct import_input *in, size_t n)
{
	struct import_csv	 csv;
	struct uk_file		 uf;
	char			*text;
	size_t			 i, len;
	int			 nf, rc = 0;

	for (i = 0; i < n; i++) {
		if ((text = import_uk_utf8(imp, &in[i], &len)) == NULL) {
			rc = -1;
			continue;
		}
		memset(&uf, 0, sizeof uf);
		uf.imp = imp;
		uf.file = in[i].name;
		import_csv_init(&csv, text, len, ',');
		if (import_uk_header(&uf, &csv) == -1)
			rc = -1;
		while (rc == 0 && (nf = import_csv_next(&csv)) != 0) {
			if (nf == -1)
				import_skip(imp, uf.file, csv.line,
				    "malformed record");
			else
				import_uk_row(&uf, &csv);
		}
		import_csv_free(&csv);
		free(text);
	}
	return (rc);
}
