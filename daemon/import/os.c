/*
 * import_os: OpenSanctions exports -> entities.
 *
 * opensanctions-csv reads targets.simple.csv: a header row (columns found
 * by name, os_csv_cols[]), one row per target; multi-valued cells are
 * themselves ';'-separated CSV (so a value holding ';' is quoted), read with
 * the same CSV reader.  Programs come from program_ids when the export has
 * that column, else from the sanctions cell (each "program - reason - ...",
 * the text before the first " - ").
 *
 * opensanctions-ftm reads FollowTheMoney entities, one JSON object a line
 * (entities.ftm.json), with jansson.  Only the schemas of os_schemas[] are
 * parties; other entities (Sanction, Address, Ownership, ...) and those
 * marked "target": false are not, and are counted as ignored, not as
 * problems.  The first name is the name; other names, alias and
 * previousName are strong aliases, weakAlias weak ones; country,
 * nationality, citizenship, jurisdiction and flag give countries;
 * program and programId the programs; birthDate (the CSV's birth_date)
 * the dates of birth.
 *
 * Ids are os-<id>; country codes other than two letters (OpenSanctions
 * writes historic ones such as "suhh") are reported once and left out.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "import/import-int.h"

#define OS_MAX_LINE	(16u * 1024 * 1024)	/* one FtM entity */

/* FtM schemas that are parties, and their entity type. */
static const struct {
	const char	*schema;
	enum entity_type type;
} os_schemas[] = {
	{ "Person", ENTITY_PERSON },
	{ "Company", ENTITY_ORGANIZATION },
	{ "Organization", ENTITY_ORGANIZATION },
	{ "LegalEntity", ENTITY_ORGANIZATION },
	{ "PublicBody", ENTITY_ORGANIZATION },
	{ "Vessel", ENTITY_VESSEL },
	{ "Airplane", ENTITY_AIRCRAFT },
};

enum os_col {
	OS_ID, OS_SCHEMA, OS_NAME, OS_ALIASES, OS_COUNTRIES, OS_SANCTIONS,
	OS_PROGRAM_IDS, OS_IDENTIFIERS, OS_BIRTH, OS_NCOLS
};

static const struct {
	const char	*name;
	int		 required;
} os_csv_cols[OS_NCOLS] = {
	[OS_ID] = { "id", 1 },
	[OS_SCHEMA] = { "schema", 1 },
	[OS_NAME] = { "name", 1 },
	[OS_ALIASES] = { "aliases", 0 },
	[OS_COUNTRIES] = { "countries", 0 },
	[OS_SANCTIONS] = { "sanctions", 0 },
	[OS_PROGRAM_IDS] = { "program_ids", 0 },
	[OS_IDENTIFIERS] = { "identifiers", 0 },
	[OS_BIRTH] = { "birth_date", 0 },
};

/* FtM properties and what they are to an entity. */
enum os_prop_kind { OS_ALIAS, OS_WEAK, OS_COUNTRY, OS_PROGRAM, OS_IMO,
	OS_INN, OS_OGRN, OS_TAX, OS_REG, OS_IDENT, OS_BORN };
static const struct {
	const char	*prop;
	enum os_prop_kind kind;
} os_props[] = {
	{ "name", OS_ALIAS },
	{ "alias", OS_ALIAS },
	{ "previousName", OS_ALIAS },
	{ "weakAlias", OS_WEAK },
	{ "imoNumber", OS_IMO },
	{ "innCode", OS_INN },
	{ "ogrnCode", OS_OGRN },
	{ "taxNumber", OS_TAX },
	{ "registrationNumber", OS_REG },
	{ "country", OS_COUNTRY },
	{ "nationality", OS_COUNTRY },
	{ "citizenship", OS_COUNTRY },
	{ "jurisdiction", OS_COUNTRY },
	{ "flag", OS_COUNTRY },
	{ "birthDate", OS_BORN },
	{ "program", OS_PROGRAM },
	{ "programId", OS_PROGRAM },
};

/* The entity type of a schema, or -1. */
static int
import_os_type(const char *schema)
{
	size_t	 i;

	for (i = 0; i < nitems(os_schemas); i++) {
		if (strcmp(schema, os_schemas[i].schema) == 0)
			return ((int)os_schemas[i].type);
	}
	return (-1);
}

/* Add an OpenSanctions country code; others are reported once. */
static void
import_os_country(struct import *imp, struct import_entity *e,
    const char *file, size_t line, const char *code)
{
	if (import_iso2(code)) {
		import_add_code(e, code);
		return;
	}
	if (strv_contains(&imp->unknown, code))
		return;
	strv_push(&imp->unknown, code);
	import_report(imp, file, line, "country code '%s' is not ISO 3166-1 "
	    "alpha-2, left out (reported once)", code);
}

/* Add a value of the given kind to an entity. */
static void
import_os_value(struct import *imp, struct import_entity *e,
    const char *file, size_t line, enum os_prop_kind kind, const char *raw)
{
	char	*s;

	if ((s = import_clean(raw, strlen(raw))) == NULL)
		return;
	switch (kind) {
	case OS_ALIAS:
		import_strong_alias(e, s);
		break;
	case OS_WEAK:
		import_alias(e, s, 1);
		break;
	case OS_COUNTRY:
		import_os_country(imp, e, file, line, s);
		break;
	case OS_PROGRAM:
		s[strcspn(s, "\n")] = '\0';
		if (strstr(s, " - ") != NULL)
			*strstr(s, " - ") = '\0';
		import_program(e, s);
		break;
	case OS_IMO:		/* "IMO9187629", or the digits alone */
		import_imo_value(e, s);
		break;
	case OS_INN:
	case OS_OGRN:
	case OS_TAX:
	case OS_REG:		/* the digits alone */
		import_registration_value(e, kind == OS_INN ? "INN" :
		    kind == OS_OGRN ? "OGRN" : kind == OS_TAX ? "Tax ID" :
		    "Registration Number", s);
		break;
	case OS_IDENT:
		/*
		 * The CSV's identifiers, of no scheme: an IMO number by its
		 * prefix, else a firm's or ship's number of 8 to 15 digits
		 * (a person's are papers: left out).
		 */
		if (import_imo(e, s) == 0 && e->type != ENTITY_PERSON)
			import_registration_value(e, "ID", s);
		break;
	case OS_BORN:		/* 1962, 1962-05 or 1962-05-01 */
		if (import_born(e, s) == -1)
			import_report(imp, file, line, "%s: birth date '%.40s' "
			    "is not a date, left out", e->id, s);
		break;
	}
	free(s);
}

/* Each value of a ';'-separated cell. */
static void
import_os_cell(struct import *imp, struct import_entity *e, const char *file,
    size_t line, enum os_prop_kind kind, const char *cell)
{
	struct import_csv	 csv;
	int			 n, i;

	import_csv_init(&csv, cell, strlen(cell), ';');
	if ((n = import_csv_next(&csv)) == -1)
		import_report(imp, file, line, "malformed list '%.60s', left "
		    "out", cell);
	for (i = 0; i < n; i++)
		import_os_value(imp, e, file, line, kind, csv.f[i]);
	import_csv_free(&csv);
}

/* Find the columns in the header record; -1 if a required one is missing. */
static int
import_os_header(struct import *imp, const char *file, struct import_csv *csv,
    int *col)
{
	size_t	 c, i;
	int	 n;

	n = import_csv_next(csv);
	for (c = 0; c < OS_NCOLS; c++) {
		col[c] = -1;
		for (i = 0; n > 0 && i < (size_t)n; i++) {
			if (strcmp(csv->f[i], os_csv_cols[c].name) == 0)
				col[c] = (int)i;
		}
		if (os_csv_cols[c].required && col[c] == -1) {
			fprintf(imp->err, "%s: no '%s' column in the header: "
			    "not an OpenSanctions targets.simple.csv\n", file,
			    os_csv_cols[c].name);
			return (-1);
		}
	}
	return (0);
}

/* One row of targets.simple.csv. */
static void
import_os_row(struct import *imp, const char *file, struct import_csv *csv,
    const int *col)
{
	struct import_entity	*e;
	const char		*cell;
	char			*id, *name, *schema;
	int			 type;

	schema = import_clean(import_csv_get(csv, (size_t)col[OS_SCHEMA]),
	    strlen(import_csv_get(csv, (size_t)col[OS_SCHEMA])));
	if ((type = import_os_type(schema != NULL ? schema : "")) == -1) {
		import_skip(imp, file, csv->line, "schema '%.40s' is not a "
		    "party", schema != NULL ? schema : "");
		free(schema);
		return;
	}
	free(schema);
	cell = import_csv_get(csv, (size_t)col[OS_ID]);
	if ((id = import_clean(cell, strlen(cell))) == NULL) {
		import_skip(imp, file, csv->line, "no id");
		return;
	}
	name = id;
	id = xasprintf("os-%s", name);
	free(name);
	cell = import_csv_get(csv, (size_t)col[OS_NAME]);
	name = import_clean(cell, strlen(cell));
	e = import_add(imp, file, csv->line, id, name, (enum entity_type)type,
	    "opensanctions");
	if (e != NULL) {
		if (col[OS_ALIASES] != -1)
			import_os_cell(imp, e, file, csv->line, OS_ALIAS,
			    import_csv_get(csv, (size_t)col[OS_ALIASES]));
		if (col[OS_COUNTRIES] != -1)
			import_os_cell(imp, e, file, csv->line, OS_COUNTRY,
			    import_csv_get(csv, (size_t)col[OS_COUNTRIES]));
		if (col[OS_PROGRAM_IDS] != -1)
			import_os_cell(imp, e, file, csv->line, OS_PROGRAM,
			    import_csv_get(csv, (size_t)col[OS_PROGRAM_IDS]));
		else if (col[OS_SANCTIONS] != -1)
			import_os_cell(imp, e, file, csv->line, OS_PROGRAM,
			    import_csv_get(csv, (size_t)col[OS_SANCTIONS]));
		if (col[OS_IDENTIFIERS] != -1)
			import_os_cell(imp, e, file, csv->line, OS_IDENT,
			    import_csv_get(csv, (size_t)col[OS_IDENTIFIERS]));
		if (col[OS_BIRTH] != -1)
			import_os_cell(imp, e, file, csv->line, OS_BORN,
			    import_csv_get(csv, (size_t)col[OS_BIRTH]));
	}
	free(id);
	free(name);
}

/* Import targets.simple.csv files. */
int
import_os_csv(struct import *imp, const struct import_input *in, size_t n)
{
	struct import_csv	 csv;
	size_t			 i;
	int			 col[OS_NCOLS], nf, rc = 0;

	for (i = 0; i < n; i++) {
		import_csv_init(&csv, in[i].data, in[i].len, ',');
		if (import_os_header(imp, in[i].name, &csv, col) == -1)
			rc = -1;
		while (rc == 0 && (nf = import_csv_next(&csv)) != 0) {
			if (nf == -1)
				import_skip(imp, in[i].name, csv.line,
				    "malformed record");
			else
				import_os_row(imp, in[i].name, &csv, col);
		}
		import_csv_free(&csv);
	}
	return (rc);
}

/* Add the values of one FtM property. */
static void
import_os_prop(struct import *imp, struct import_entity *e, const char *file,
    size_t line, json_t *props, size_t p)
{
	json_t	*vals, *v;
	size_t	 i;

	if ((vals = json_object_get(props, os_props[p].prop)) == NULL)
		return;
	if (!json_is_array(vals)) {
		import_report(imp, file, line, "%s: property %s is not a list, "
		    "left out", e->id, os_props[p].prop);
		return;
	}
	json_array_foreach(vals, i, v) {
		if (json_is_string(v))
			import_os_value(imp, e, file, line, os_props[p].kind,
			    json_string_value(v));
	}
}

/* The first usable name of an FtM entity's properties, or NULL. */
static char *
import_os_name(json_t *props)
{
	json_t	*names, *v;
	size_t	 i;
	char	*s;

	names = json_object_get(props, "name");
	json_array_foreach(names, i, v) {
		if (json_is_string(v) && (s = import_clean(json_string_value(v),
		    json_string_length(v))) != NULL)
			return (s);
	}
	return (NULL);
}

/* One line of entities.ftm.json. */
static void
import_os_entity(struct import *imp, const char *file, size_t line,
    const char *text, size_t len)
{
	struct import_entity	*e;
	json_error_t		 jerr;
	json_t			*o, *props, *target;
	const char		*rawid;
	char			*id, *name, *clean;
	size_t			 p;
	int			 type;

	if ((o = json_loadb(text, len, JSON_DISABLE_EOF_CHECK, &jerr)) ==
	    NULL || !json_is_object(o)) {
		import_skip(imp, file, line, "not a JSON object: %s",
		    o == NULL ? jerr.text : "");
		json_decref(o);
		return;
	}
	target = json_object_get(o, "target");
	type = import_os_type(json_string_value(json_object_get(o,
	    "schema")) != NULL ? json_string_value(json_object_get(o,
	    "schema")) : "");
	props = json_object_get(o, "properties");
	rawid = json_string_value(json_object_get(o, "id"));
	/* Cleaned as the CSV's ids are: no control characters, no runs. */
	clean = rawid != NULL ? import_clean(rawid, strlen(rawid)) : NULL;
	if (type == -1 || json_is_false(target)) {
		imp->ignored++;
	} else if (clean == NULL || !json_is_object(props)) {
		import_skip(imp, file, line, "no id or no properties");
	} else {
		id = xasprintf("os-%s", clean);
		name = import_os_name(props);
		e = import_add(imp, file, line, id, name,
		    (enum entity_type)type, "opensanctions");
		for (p = 0; e != NULL && p < nitems(os_props); p++)
			import_os_prop(imp, e, file, line, props, p);
		free(id);
		free(name);
	}
	free(clean);
	json_decref(o);
}

/* Import FtM JSON-lines files. */
int
import_os_ftm(struct import *imp, const struct import_input *in, size_t n)
{
	const char	*p, *end, *nl;
	size_t		 i, line, len;

	for (i = 0; i < n; i++) {
		end = in[i].data + in[i].len;
		for (p = in[i].data, line = 1; p < end; p = nl + 1, line++) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			len = (size_t)(nl - p);
			if (len > OS_MAX_LINE)
				import_skip(imp, in[i].name, line, "line "
				    "longer than %u bytes", OS_MAX_LINE);
			else if (len > strspn(p, " \t\r"))
				import_os_entity(imp, in[i].name, line, p, len);
		}
	}
	return (0);
}
