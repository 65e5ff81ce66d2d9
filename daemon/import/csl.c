/*
 * import_csl: the US export-control and screening lists -> entities.
 *
 * us-csl reads trade.gov's Consolidated Screening List CSV: a header row
 * (columns found by name, csl_cols[]; trade.gov repeats the header line,
 * and a repeated header is no party), one row per list entry, the list it
 * comes from named in the `source` column ("Entity List (EL) - Bureau of
 * Industry and Security").  Each list is one row of csl_lists[], found by
 * the abbreviation in parentheses: its `source:` and its FollowTheMoney
 * topic, export.control for the Commerce (BIS) and State (DDTC) export
 * lists, sanction for State's nonproliferation sanctions and for the
 * Treasury (OFAC) lists the CSL merges.  A list not in the table is
 * imported without a topic, as us-csl-other, and reported once.
 *
 * Ids: the Treasury rows carry OFAC's own entry number, so they are
 * ofac-<entity_number>, the ids `import ofac-csv` gives the same entries
 * (loaded together, the two are merged into one entity by id).  The other
 * lists have no stable number (trade.gov's _id is a digest of the row that
 * changes with any of its fields), so their id is the source and twelve
 * hex digits of the SHA-256 of the name and the start date as listed
 * (us-bis-entity-3f2a...): stable while those stay, the same for the rows
 * of one party at several addresses, and for the Denied Persons List the
 * same as `import bis-dpl` gives.  Rows of one id are merged: aliases,
 * programs, countries and topics united, the first row's name and source
 * kept.
 *
 * Fields: name; alt_names (';'-separated) are strong aliases; type
 * Individual, Entity, Vessel, Aircraft (empty on the BIS and State lists:
 * other); programs ';'-separated; countries from the addresses (each
 * address ends with an ISO code or a country name), nationalities,
 * citizenships (codes or names, ';'-separated) and vessel_flag; start_date
 * (YYYY-MM-DD) is the listing date.
 *
 * bis-dpl reads BIS's own Denied Persons List: tab-separated, quoted, a
 * header row, one row per (person, address); Effective_Date MM/DD/YYYY is
 * the listing date, Country an ISO code.  Every entry is export.control,
 * us-bis-dpl.
 */
#include <stdlib.h>
#include <string.h>

#include "import/import-int.h"

#define CSL_ID_HEX	12	/* hex digits of the digest in an id */

/* The lists of the CSL, by the abbreviation its source column gives. */
static const struct csl_list {
	const char	*abbrev;
	const char	*source;
	const char	*topic;
	int		 treasury;	/* entity_number is OFAC's ent_num */
} csl_lists[] = {
	{ "(EL)", "us-bis-entity", "export.control", 0 },
	{ "(DPL)", "us-bis-dpl", "export.control", 0 },
	{ "(UVL)", "us-bis-uvl", "export.control", 0 },
	{ "(MEU)", "us-bis-meu", "export.control", 0 },
	{ "(DTC)", "us-state-itar", "export.control", 0 },
	{ "(ISN)", "us-state-isn", "sanction", 0 },
	{ "(SDN)", "us-ofac-sdn", "sanction", 1 },
	{ "(SSI)", "us-ofac-ssi", "sanction", 1 },
	{ "(FSE)", "us-ofac-fse", "sanction", 1 },
	{ "(PLC)", "us-ofac-plc", "sanction", 1 },
	{ "(CAP)", "us-ofac-capta", "sanction", 1 },
	{ "(CMIC)", "us-ofac-cmic", "sanction", 1 },
	{ "(NS-MBS List)", "us-ofac-mbs", "sanction", 1 },
};
static const struct csl_list csl_other = { "", "us-csl-other", NULL, 0 };

static const struct {
	const char	*name;
	enum entity_type type;
} csl_types[] = {
	{ "", ENTITY_OTHER },
	{ "Individual", ENTITY_PERSON },
	{ "Entity", ENTITY_ORGANIZATION },
	{ "Vessel", ENTITY_VESSEL },
	{ "Aircraft", ENTITY_AIRCRAFT },
};

enum csl_col {
	CSL_ID, CSL_SOURCE, CSL_NUMBER, CSL_TYPE, CSL_PROGRAMS, CSL_NAME,
	CSL_ADDRESSES, CSL_START, CSL_FLAG, CSL_ALT, CSL_CITIZEN,
	CSL_NATIONAL, CSL_IDS, CSL_REMARKS, CSL_BIRTH, CSL_NCOLS
};
static const struct csl_col_def {
	const char	*name;
	int		 required;
} csl_cols[CSL_NCOLS] = {
	[CSL_ID] = { "_id", 1 },
	[CSL_SOURCE] = { "source", 1 },
	[CSL_NUMBER] = { "entity_number", 1 },
	[CSL_TYPE] = { "type", 1 },
	[CSL_PROGRAMS] = { "programs", 0 },
	[CSL_NAME] = { "name", 1 },
	[CSL_ADDRESSES] = { "addresses", 0 },
	[CSL_START] = { "start_date", 0 },
	[CSL_FLAG] = { "vessel_flag", 0 },
	[CSL_ALT] = { "alt_names", 0 },
	[CSL_CITIZEN] = { "citizenships", 0 },
	[CSL_NATIONAL] = { "nationalities", 0 },
	[CSL_IDS] = { "ids", 0 },
	[CSL_REMARKS] = { "remarks", 0 },
	[CSL_BIRTH] = { "dates_of_birth", 0 },
};

enum dpl_col {
	DPL_NAME, DPL_STREET, DPL_CITY, DPL_COUNTRY, DPL_EFFECTIVE, DPL_NCOLS
};
static const struct csl_col_def dpl_cols[DPL_NCOLS] = {
	[DPL_NAME] = { "Name", 1 },
	[DPL_STREET] = { "Street_Address", 1 },
	[DPL_CITY] = { "City", 0 },
	[DPL_COUNTRY] = { "Country", 1 },
	[DPL_EFFECTIVE] = { "Effective_Date", 1 },
};

/*
 * Find the columns of a header record (already read into csv); -1 after
 * saying so if a required one is missing.
 */
static int
csl_header(struct import *imp, const char *file, const struct import_csv *csv,
    const struct csl_col_def *defs, size_t ndefs, int *col, const char *what)
{
	size_t	 c, i;

	for (c = 0; c < ndefs; c++) {
		col[c] = -1;
		for (i = 0; i < csv->nfields; i++) {
			if (strcmp(csv->f[i], defs[c].name) == 0)
				col[c] = (int)i;
		}
		if (defs[c].required && col[c] == -1) {
			fprintf(imp->err, "%s: no '%s' column in the header: "
			    "not %s\n", file, defs[c].name, what);
			return (-1);
		}
	}
	return (0);
}

/* A column of a record cleaned (NULL if empty, absent or not UTF-8). */
static char *
csl_get(const struct import_csv *csv, const int *col, int c)
{
	const char	*s;

	if (col[c] == -1)
		return (NULL);
	s = import_csv_get(csv, (size_t)col[c]);
	return (import_clean(s, strlen(s)));
}

/* The list a source column names. */
static const struct csl_list *
csl_list(struct import *imp, const char *file, size_t line, const char *src)
{
	size_t	 i;

	for (i = 0; i < nitems(csl_lists); i++) {
		if (strstr(src, csl_lists[i].abbrev) != NULL)
			return (&csl_lists[i]);
	}
	if (!strv_contains(&imp->lists, src)) {
		strv_push(&imp->lists, src);
		import_report(imp, file, line, "list '%.80s' not known: its "
		    "entries are imported as us-csl-other, without a topic "
		    "(reported once)", src);
	}
	return (&csl_other);
}

/* The id of a list entry without a number: source-<digest of name|date>. */
static char *
csl_digest_id(const char *source, const char *name, const char *date)
{
	char	*key, hex[65];

	key = xasprintf("%s|%s", name, date != NULL ? date : "");
	sha256_hex(key, strlen(key), hex);
	free(key);
	hex[CSL_ID_HEX] = '\0';
	return (xasprintf("%s-%s", source, hex));
}

/*
 * A country given as an ISO code or a name; a name not in the table is
 * left out quietly if quiet (the last part of an address is often a city
 * or a postal code), else reported once.
 */
static void
csl_country(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *s, int quiet)
{
	const char	*code;

	if (import_iso2(s))
		import_add_code(e, s);
	else if (quiet) {
		if ((code = country_lookup(s)) != NULL)
			import_add_code(e, code);
	} else
		import_add_country(imp, e, file, line, s);
}

/* Call fn on each cleaned, non-empty ';'-separated value of a cell. */
static void
csl_each(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *cell,
    void (*fn)(struct import *, struct import_entity *, const char *,
    size_t, const char *))
{
	const char	*p, *end;
	char		*v;

	if (cell == NULL)
		return;
	for (p = cell; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ";");
		if ((v = import_clean(p, (size_t)(end - p))) != NULL)
			fn(imp, e, file, line, v);
		free(v);
	}
}

/* An alias of alt_names. */
static void
csl_alias(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *v)
{
	(void)imp;
	(void)file;
	(void)line;
	import_strong_alias(e, v);
}

/* A program of programs. */
static void
csl_program(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *v)
{
	(void)imp;
	(void)file;
	(void)line;
	import_program(e, v);
}

/* A date of birth of dates_of_birth: 1962, 1962-05-01 or "circa 1962". */
static void
csl_born(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *v)
{
	unsigned	 year;

	if (strncmp(v, "circa ", 6) == 0 && (year = import_year(v + 6)) != 0 &&
	    import_born_circa(e, year) == 0)
		return;
	if (import_born(e, v) == -1)
		import_report(imp, file, line, "date of birth '%.40s' is not "
		    "a date, left out", v);
}

/* A country of nationalities or citizenships: a code or a name. */
static void
csl_nationality(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *v)
{
	csl_country(imp, e, file, line, v, 0);
}

/* An address: its country is its last comma-separated part. */
static void
csl_address(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *v)
{
	const char	*last = strrchr(v, ',');

	if (last != NULL)
		csl_country(imp, e, file, line, last + 1 + (last[1] == ' '),
		    1);
}

/*
 * The entity of an id: a new one, or the one of an earlier row of the same
 * id (merged into: its name becomes an alias); NULL after reporting.
 */
static struct import_entity *
csl_entity(struct import *imp, const char *file, size_t line, const char *id,
    const char *name, enum entity_type type, const char *source)
{
	struct import_entity	*e;

	if ((e = import_find(imp, id)) != NULL) {
		import_strong_alias(e, name);
		return (e);
	}
	return (import_add(imp, file, line, id, name, type, source));
}

/* The entity type of a type cell, or -1. */
static int
csl_type(const char *s)
{
	size_t	 i;

	for (i = 0; i < nitems(csl_types); i++) {
		if (strcmp(s, csl_types[i].name) == 0)
			return ((int)csl_types[i].type);
	}
	return (-1);
}

/* The id of a CSL row, or NULL after counting it. */
static char *
csl_row_id(struct import *imp, const char *file, size_t line,
    const struct csl_list *l, const char *number, const char *name,
    const char *date)
{
	size_t	 len;

	if (!l->treasury)
		return (csl_digest_id(l->source, name, date));
	len = number != NULL ? strspn(number, "0123456789") : 0;
	if (len == 0 || len > 12 || number[len] != '\0') {
		import_skip(imp, file, line, "entity_number '%.40s' of a "
		    "Treasury list is not a number", number != NULL ? number :
		    "");
		return (NULL);
	}
	return (xasprintf("ofac-%s", number));
}

/* The rest of a CSL row, into its entity. */
static void
csl_fields(struct import *imp, struct import_entity *e, const char *file,
    const struct import_csv *csv, const int *col, const char *date)
{
	char	*cell;
	size_t	 line = csv->line;
	int	 i;
	static const struct {
		enum csl_col	 col;
		void		(*fn)(struct import *, struct import_entity *,
				    const char *, size_t, const char *);
	} cells[] = {
		{ CSL_ALT, csl_alias },
		{ CSL_PROGRAMS, csl_program },
		{ CSL_ADDRESSES, csl_address },
		{ CSL_NATIONAL, csl_nationality },
		{ CSL_CITIZEN, csl_nationality },
		{ CSL_FLAG, csl_nationality },
		{ CSL_BIRTH, csl_born },
	};

	for (i = 0; i < (int)nitems(cells); i++) {
		cell = csl_get(csv, col, cells[i].col);
		csl_each(imp, e, file, line, cell, cells[i].fn);
		free(cell);
	}
	for (i = CSL_IDS; i <= CSL_REMARKS; i++) {	/* IMO numbers */
		cell = csl_get(csv, col, i);
		import_imo(e, cell);
		import_registrations(e, cell);
		import_established(e, cell);
		free(cell);
	}
	if (date != NULL && import_listed(e, date) == -1)
		import_report(imp, file, line, "start_date '%.20s' is not "
		    "YYYY-MM-DD, left out", date);
}

/* One row of the CSL. */
static void
csl_row(struct import *imp, const char *file, const struct import_csv *csv,
    const int *col)
{
	const struct csl_list	*l;
	struct import_entity	*e = NULL;
	char			*src, *name, *type, *num, *date, *id = NULL;
	int			 t;

	src = csl_get(csv, col, CSL_SOURCE);
	name = csl_get(csv, col, CSL_NAME);
	type = csl_get(csv, col, CSL_TYPE);
	num = csl_get(csv, col, CSL_NUMBER);
	date = csl_get(csv, col, CSL_START);
	l = csl_list(imp, file, csv->line, src != NULL ? src : "");
	if ((t = csl_type(type != NULL ? type : "")) == -1) {
		import_report(imp, file, csv->line, "unknown type '%.40s', "
		    "imported as other", type);
		t = ENTITY_OTHER;
	}
	if (name == NULL)
		import_skip(imp, file, csv->line, "no name (or it is not "
		    "UTF-8)");
	else if ((id = csl_row_id(imp, file, csv->line, l, num, name,
	    date)) != NULL)
		e = csl_entity(imp, file, csv->line, id, name,
		    (enum entity_type)t, l->source);
	if (e != NULL) {
		if (l->topic != NULL)
			import_topic(e, l->topic);
		csl_fields(imp, e, file, csv, col, date);
	}
	free(id);
	free(src);
	free(name);
	free(type);
	free(num);
	free(date);
}

/* Whether a record is the header again (trade.gov writes it twice). */
static int
csl_is_header(const struct import_csv *csv, const int *col)
{
	return (strcmp(import_csv_get(csv, (size_t)col[CSL_ID]), "_id") == 0 &&
	    strcmp(import_csv_get(csv, (size_t)col[CSL_NAME]), "name") == 0);
}

/* MM/DD/YYYY as YYYY-MM-DD into out[11]; -1 if it is not written so. */
static int
dpl_date(const char *s, char out[11])
{
	if (s == NULL || strlen(s) != 10 || s[2] != '/' || s[5] != '/' ||
	    strspn(s, "0123456789") != 2 || strspn(s + 3, "0123456789") != 2 ||
	    strspn(s + 6, "0123456789") != 4)
		return (-1);
	snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s, s + 3);
	return (watchlist_date_ok(out) ? 0 : -1);
}

/* One row of the DPL. */
static void
dpl_row(struct import *imp, const char *file, const struct import_csv *csv,
    const int *col)
{
	struct import_entity	*e;
	char			*name, *eff, *country, *id, date[11];
	int			 dated;

	name = csl_get(csv, col, DPL_NAME);
	eff = csl_get(csv, col, DPL_EFFECTIVE);
	country = csl_get(csv, col, DPL_COUNTRY);
	if (name == NULL) {
		import_skip(imp, file, csv->line, "no name (or it is not "
		    "UTF-8)");
		goto out;
	}
	if (!(dated = dpl_date(eff, date) == 0) && eff != NULL)
		import_report(imp, file, csv->line, "Effective_Date '%.20s' is "
		    "not MM/DD/YYYY, left out", eff);
	id = csl_digest_id("us-bis-dpl", name, dated ? date : NULL);
	e = csl_entity(imp, file, csv->line, id, name, ENTITY_OTHER,
	    "us-bis-dpl");
	free(id);
	if (e == NULL)
		goto out;
	import_topic(e, "export.control");
	if (country != NULL)
		csl_country(imp, e, file, csv->line, country, 0);
	if (dated)
		import_listed(e, date);
out:
	free(name);
	free(eff);
	free(country);
}

/* Room for the columns of either shape. */
#define CSL_MAX_COLS	((int)CSL_NCOLS > (int)DPL_NCOLS ? (int)CSL_NCOLS : \
			    (int)DPL_NCOLS)

/* A file shape: its separator, columns, name and the reader of a row. */
struct csl_shape {
	char			 sep;
	const struct csl_col_def *cols;
	size_t			 ncols;
	const char		*what;
	void			(*row)(struct import *, const char *,
				    const struct import_csv *, const int *);
};

static const struct csl_shape csl_shape = { ',', csl_cols, CSL_NCOLS,
    "a Consolidated Screening List CSV", csl_row };
static const struct csl_shape dpl_shape = { '\t', dpl_cols, DPL_NCOLS,
    "a BIS Denied Persons List file", dpl_row };

/*
 * Import one file of a shape: its header names the columns; a record with
 * another number of fields is skipped, and so is the header written again
 * (trade.gov's CSL has it twice).
 */
static int
csl_file(struct import *imp, const struct import_input *in,
    const struct csl_shape *sh)
{
	struct import_csv	 csv;
	int			 col[CSL_MAX_COLS], n, hdr;

	import_csv_init(&csv, in->data, in->len, sh->sep);
	if ((n = import_csv_next(&csv)) <= 0 || csl_header(imp, in->name,
	    &csv, sh->cols, sh->ncols, col, sh->what) == -1) {
		if (n <= 0)
			fprintf(imp->err, "%s: no header row: not %s\n",
			    in->name, sh->what);
		import_csv_free(&csv);
		return (-1);
	}
	hdr = n;
	while ((n = import_csv_next(&csv)) != 0) {
		if (n != hdr) {
			import_skip(imp, in->name, csv.line, n == -1 ?
			    "malformed record" : "%d fields, the header has "
			    "%d", n, hdr);
			continue;
		}
		if (sh == &csl_shape && csl_is_header(&csv, col))
			imp->ignored++;
		else
			sh->row(imp, in->name, &csv, col);
	}
	import_csv_free(&csv);
	return (0);
}

/* Import the files of a shape; -1 if one of them was not of it. */
static int
csl_files(struct import *imp, const struct import_input *in, size_t n,
    const struct csl_shape *sh)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		if (csl_file(imp, &in[i], sh) == -1)
			rc = -1;
	}
	return (rc);
}

/* Import Consolidated Screening List CSV files. */
int
import_us_csl(struct import *imp, const struct import_input *in, size_t n)
{
	return (csl_files(imp, in, n, &csl_shape));
}

/* Import BIS Denied Persons List files. */
int
import_bis_dpl(struct import *imp, const struct import_input *in, size_t n)
{
	return (csl_files(imp, in, n, &dpl_shape));
}
