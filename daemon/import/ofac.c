/*
 * import_ofac: OFAC's legacy CSV files -> entities.
 *
 * The files have no header row, so each is recognised by the number of
 * fields of its records (one row per kind in ofac_kinds[]): 12 is a list of
 * primary names (sdn.csv, cons_prim.csv), 5 aliases (alt.csv), 6 addresses
 * (add.csv), 2 remarks overflow (sdn_comments.csv).  Primary files are read
 * first whatever the order on the command line, then the others are joined
 * on ent_num; a row naming an entry no primary file has is counted and
 * reported (that is expected when alt.csv is newer than sdn.csv).
 *
 * Fields: `-0-` is empty; SDN_Type individual/vessel/aircraft, empty for
 * an entity; programs split on "] ["; alt.csv aka/fka/nka are strong
 * aliases; the quoted `a.k.a. '...'` (and f.k.a., n.k.a.) in Remarks are
 * OFAC's weak aliases; countries come from Vess_flag, the addresses'
 * country, "nationality X" and "citizen X" in Remarks, and any "(X)" of
 * Remarks that is exactly a country name.  Names are kept as listed
 * ("SURNAME, Given Names"); the matcher handles the order.  Ids are
 * ofac-<ent_num>; the source is us-ofac-sdn, or us-ofac-cons for a file
 * whose name starts with "cons_".
 */
#include <stdlib.h>
#include <string.h>

#include "import/import-int.h"

#define OFAC_MAX_ENTNUM	12	/* digits */

static int	ofac_primary(struct import *, struct import_csv *, const char *,
		    const char *);
static int	ofac_alt(struct import *, struct import_csv *, const char *,
		    const char *);
static int	ofac_add(struct import *, struct import_csv *, const char *,
		    const char *);
static int	ofac_comments(struct import *, struct import_csv *,
		    const char *, const char *);

/* One row per kind of file, recognised by its number of fields. */
static const struct ofac_kind {
	int		 fields;
	int		 pass;		/* primary names first */
	int		(*row)(struct import *, struct import_csv *,
			    const char *, const char *);
} ofac_kinds[] = {
	{ 12, 0, ofac_primary },
	{ 5, 1, ofac_alt },
	{ 6, 1, ofac_add },
	{ 2, 1, ofac_comments },
};

static const struct {
	const char	*name;
	enum entity_type type;
} ofac_types[] = {
	{ "", ENTITY_ORGANIZATION },
	{ "individual", ENTITY_PERSON },
	{ "vessel", ENTITY_VESSEL },
	{ "aircraft", ENTITY_AIRCRAFT },
};

/* Remarks phrases that introduce a weak alias in single quotes. */
static const char *const ofac_weak[] = { "a.k.a. '", "f.k.a. '", "n.k.a. '" };

/* Remarks phrases followed by a country name up to ';'. */
static const char *const ofac_nationality[] = { "nationality ", "citizen " };

/* A field cleaned, with OFAC's "-0-" read as empty; never NULL. */
static char *
ofac_field(const struct import_csv *csv, size_t i)
{
	const char	*s = import_csv_get(csv, i);
	char		*c;

	if ((c = import_clean(s, strlen(s))) == NULL)
		return (xstrdup(""));
	if (strcmp(c, "-0-") == 0)
		c[0] = '\0';
	return (c);
}

/* The id of a record's ent_num, or NULL after counting the row. */
static char *
ofac_id(struct import *imp, const struct import_csv *csv, const char *file)
{
	const char	*n = import_csv_get(csv, 0);
	size_t		 len = strspn(n, "0123456789");

	if (len == 0 || len > OFAC_MAX_ENTNUM || n[len] != '\0') {
		import_skip(imp, file, csv->line, "ent_num '%.40s' is not a "
		    "number", n);
		return (NULL);
	}
	return (xasprintf("ofac-%s", n));
}

/* The entity an alt/add/comments row joins to, or NULL after counting. */
static struct import_entity *
ofac_join(struct import *imp, const struct import_csv *csv, const char *file)
{
	struct import_entity	*e;
	char			*id;

	if ((id = ofac_id(imp, csv, file)) == NULL)
		return (NULL);
	if ((e = import_find(imp, id)) == NULL)
		import_skip(imp, file, csv->line, "no primary entry %s", id);
	free(id);
	return (e);
}

/* Add the weak aliases quoted in remarks ("a.k.a. 'X'; a.k.a. 'Y'."). */
static void
ofac_weak_aliases(struct import_entity *e, const char *remarks)
{
	const char	*p, *q, *end;
	char		*name;
	size_t		 i;

	for (i = 0; i < nitems(ofac_weak); i++) {
		for (p = remarks; (p = strstr(p, ofac_weak[i])) != NULL; ) {
			p += strlen(ofac_weak[i]);
			/* The closing quote is followed by ; . , ) or end. */
			for (end = NULL, q = p; (q = strchr(q, '\'')) != NULL;
			    q++) {
				if (strchr(";.,)", q[1]) != NULL) {
					end = q;
					break;
				}
			}
			if (end == NULL)
				break;
			if ((name = import_clean(p, (size_t)(end - p))) != NULL)
				import_alias(e, name, 1);
			free(name);
			p = end;
		}
	}
}

/* Add the countries remarks name: nationality, citizenship, "(Country)". */
static void
ofac_remarks_countries(struct import *imp, struct import_entity *e,
    const char *file, size_t line, const char *remarks)
{
	const char	*p, *end, *code;
	char		*name;
	size_t		 i, len;

	for (i = 0; i < nitems(ofac_nationality); i++) {
		for (p = remarks; (p = strstr(p, ofac_nationality[i])) != NULL;
		    p = end) {
			p += strlen(ofac_nationality[i]);
			end = p + strcspn(p, ";");
			len = (size_t)(end - p);
			while (len > 0 && (p[len - 1] == '.' ||
			    p[len - 1] == ' '))
				len--;
			if ((name = import_clean(p, len)) != NULL)
				import_add_country(imp, e, file, line, name);
			free(name);
		}
	}
	for (p = remarks; (p = strchr(p, '(')) != NULL; p = end) {
		p++;
		end = p + strcspn(p, "()");
		if ((name = import_clean(p, (size_t)(end - p))) != NULL &&
		    (code = country_lookup(name)) != NULL)
			import_add_code(e, code);
		free(name);
	}
}

/* Weak aliases, countries and IMO numbers from a Remarks text. */
static void
ofac_remarks(struct import *imp, struct import_entity *e, const char *file,
    size_t line, const char *remarks)
{
	ofac_weak_aliases(e, remarks);
	ofac_remarks_countries(imp, e, file, line, remarks);
	import_imo(e, remarks);
	import_registrations(e, remarks);
	import_dobs(e, remarks);
	import_established(e, remarks);
}

/* Split "SDGT] [IRGC" into programs. */
static void
ofac_programs(struct import_entity *e, const char *s)
{
	const char	*p, *end;
	char		*prog;

	for (p = s; *p != '\0'; p = *end != '\0' ? end + 3 : end) {
		if ((end = strstr(p, "] [")) == NULL)
			end = p + strlen(p);
		p += strspn(p, "[ ");
		if ((prog = import_clean(p, (size_t)(end > p ? end - p : 0)))
		    != NULL) {
			prog[strcspn(prog, "]")] = '\0';
			import_program(e, prog);
		}
		free(prog);
	}
}

/* One row of sdn.csv / cons_prim.csv. */
static int
ofac_primary(struct import *imp, struct import_csv *csv, const char *file,
    const char *source)
{
	struct import_entity	*e = NULL;
	char			*id, *name, *type, *progs, *flag, *remarks;
	size_t			 i;

	if ((id = ofac_id(imp, csv, file)) == NULL)
		return (-1);
	name = ofac_field(csv, 1);
	type = ofac_field(csv, 2);
	for (i = 0; i < nitems(ofac_types); i++) {
		if (strcmp(type, ofac_types[i].name) == 0)
			break;
	}
	if (i == nitems(ofac_types))
		import_skip(imp, file, csv->line, "unknown SDN_Type '%.40s'",
		    type);
	else
		e = import_add(imp, file, csv->line, id, name,
		    ofac_types[i].type, source);
	if (e != NULL) {
		e->primary = 1;
		progs = ofac_field(csv, 3);
		ofac_programs(e, progs);
		free(progs);
		flag = ofac_field(csv, 9);
		import_add_country(imp, e, file, csv->line, flag);
		free(flag);
		remarks = ofac_field(csv, 11);
		ofac_remarks(imp, e, file, csv->line, remarks);
		free(remarks);
	}
	free(id);
	free(name);
	free(type);
	return (e != NULL ? 0 : -1);
}

/* One row of alt.csv: a strong alias. */
static int
ofac_alt(struct import *imp, struct import_csv *csv, const char *file,
    const char *source)
{
	struct import_entity	*e;
	char			*type, *name;
	int			 rc = 0;

	(void)source;
	if ((e = ofac_join(imp, csv, file)) == NULL)
		return (-1);
	type = ofac_field(csv, 2);
	name = ofac_field(csv, 3);
	if (strcmp(type, "aka") != 0 && strcmp(type, "fka") != 0 &&
	    strcmp(type, "nka") != 0) {
		import_skip(imp, file, csv->line, "unknown alt_type '%.40s'",
		    type);
		rc = -1;
	} else if (*name == '\0') {
		import_skip(imp, file, csv->line, "empty alt_name");
		rc = -1;
	} else
		import_strong_alias(e, name);
	free(type);
	free(name);
	return (rc);
}

/* One row of add.csv: the address's country. */
static int
ofac_add(struct import *imp, struct import_csv *csv, const char *file,
    const char *source)
{
	struct import_entity	*e;
	char			*country;

	(void)source;
	if ((e = ofac_join(imp, csv, file)) == NULL)
		return (-1);
	country = ofac_field(csv, 4);
	import_add_country(imp, e, file, csv->line, country);
	free(country);
	return (0);
}

/* One row of sdn_comments.csv: more Remarks. */
static int
ofac_comments(struct import *imp, struct import_csv *csv, const char *file,
    const char *source)
{
	struct import_entity	*e;
	char			*remarks;

	(void)source;
	if ((e = ofac_join(imp, csv, file)) == NULL)
		return (-1);
	remarks = ofac_field(csv, 1);
	ofac_remarks(imp, e, file, csv->line, remarks);
	free(remarks);
	return (0);
}

/* The kind of a file: the row of its first record's field count, or NULL. */
static const struct ofac_kind *
ofac_kind(const struct import_input *in)
{
	struct import_csv	 csv;
	const struct ofac_kind	*k = NULL;
	size_t			 i;
	int			 n;

	import_csv_init(&csv, in->data, in->len, ',');
	n = import_csv_next(&csv);
	for (i = 0; i < nitems(ofac_kinds); i++) {
		if (ofac_kinds[i].fields == n)
			k = &ofac_kinds[i];
	}
	import_csv_free(&csv);
	return (k);
}

/* Read every record of one file with its kind's row function. */
static void
ofac_file(struct import *imp, const struct import_input *in,
    const struct ofac_kind *k)
{
	struct import_csv	 csv;
	const char		*base, *source = "us-ofac-sdn";
	int			 n;

	base = strrchr(in->name, '/') != NULL ? strrchr(in->name, '/') + 1 :
	    in->name;
	if (strncmp(base, "cons_", 5) == 0)
		source = "us-ofac-cons";
	import_csv_init(&csv, in->data, in->len, ',');
	while ((n = import_csv_next(&csv)) != 0) {
		if (n != k->fields) {
			import_skip(imp, in->name, csv.line, n == -1 ?
			    "malformed record" : "%d fields, expected %d", n,
			    k->fields);
			continue;
		}
		k->row(imp, &csv, in->name, source);
	}
	import_csv_free(&csv);
}

/* Import OFAC legacy CSV files: primary names first, then the joins. */
int
import_ofac_csv(struct import *imp, const struct import_input *in, size_t n)
{
	const struct ofac_kind	*k;
	size_t			 i;
	int			 pass, rc = 0;

	for (i = 0; i < n; i++) {
		if (ofac_kind(&in[i]) == NULL) {
			fprintf(imp->err, "%s: not an OFAC legacy CSV file "
			    "(expected 12, 5, 6 or 2 fields a record)\n",
			    in[i].name);
			rc = -1;
		}
	}
	for (pass = 0; pass < 2 && rc == 0; pass++) {
		for (i = 0; i < n; i++) {
			k = ofac_kind(&in[i]);
			if (k->pass == pass)
				ofac_file(imp, &in[i], k);
		}
	}
	return (rc);
}
