/*
 * import_eu: EU Financial Sanctions Files (FSF) XML -> entities.
 *
 * The export (root <export>, namespace http://eu.europa.ec/fpi/fsd/export,
 * elements compared by local name) holds one <sanctionEntity> per listed
 * party, with attributes rather than text: id eu-<logicalId>; type from
 * <subjectType code="person|enterprise">; names from <nameAlias
 * wholeName=... strong="true|false"> (firstName middleName lastName when
 * wholeName is empty): the first strong one is the name, other strong ones
 * aliases, strong="false" weak aliases; programs from <regulation
 * programme=...>, the listing date from the earliest regulation
 * publicationDate; countries from <citizenship> and <address>
 * countryIso2Code ("00" is the EU's "unknown"); IMO, registration and tax
 * numbers from <identification identificationTypeCode="imo|regnumber|
 * fiscalcode" number=...>; dates of birth from <birthdate birthdate=...>,
 * or its year (circa="true": about it).  Parsed with the same safe
 * libxml2 settings as the UN list (import_xml_parse).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "import/import-int.h"

#define EU_MAX_ID	20

static const struct {
	const char	*code;
	enum entity_type type;
} eu_types[] = {
	{ "person", ENTITY_PERSON },
	{ "enterprise", ENTITY_ORGANIZATION },
};

static const char *const eu_name_parts[] = {
	"firstName", "middleName", "lastName",
};

/* Whether a node is the element name (local name, any namespace). */
static int
import_eu_is(const xmlNode *n, const char *name)
{
	return (n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

/* An attribute, cleaned; NULL if absent or empty. */
static char *
import_eu_attr(const xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return (NULL);
	s = import_clean((const char *)v, strlen((const char *)v));
	xmlFree(v);
	return (s);
}

/* The name of a nameAlias: wholeName, or its parts joined; NULL if none. */
static char *
import_eu_name(const xmlNode *a)
{
	char	*name, *part, *t;
	size_t	 i;

	if ((name = import_eu_attr(a, "wholeName")) != NULL)
		return (name);
	for (i = 0; i < nitems(eu_name_parts); i++) {
		if ((part = import_eu_attr(a, eu_name_parts[i])) == NULL)
			continue;
		t = name == NULL ? part : xasprintf("%s %s", name, part);
		if (name != NULL) {
			free(name);
			free(part);
		}
		name = t;
	}
	return (name);
}

/* The entity type of a sanctionEntity, reported if unknown. */
static enum entity_type
import_eu_type(struct import *imp, const char *file, const xmlNode *x)
{
	xmlNode	*n;
	char	*code = NULL;
	size_t	 i;

	for (n = x->children; n != NULL && code == NULL; n = n->next) {
		if (import_eu_is(n, "subjectType"))
			code = import_eu_attr(n, "code");
	}
	for (i = 0; i < nitems(eu_types); i++) {
		if (code != NULL && strcmp(code, eu_types[i].code) == 0)
			break;
	}
	if (i == nitems(eu_types))
		import_report(imp, file, (size_t)xmlGetLineNo(x), "subjectType "
		    "'%s' unknown: type other", code != NULL ? code : "");
	free(code);
	return (i == nitems(eu_types) ? ENTITY_OTHER : eu_types[i].type);
}

/* The name of the first strong nameAlias, else of the first one; or NULL. */
static char *
import_eu_primary(const xmlNode *x)
{
	xmlNode	*n;
	char	*name, *strong;
	int	 pass;

	for (pass = 0; pass < 2; pass++) {
		for (n = x->children; n != NULL; n = n->next) {
			if (!import_eu_is(n, "nameAlias"))
				continue;
			strong = import_eu_attr(n, "strong");
			name = pass == 1 || (strong != NULL &&
			    strcmp(strong, "false") != 0) ? import_eu_name(n) :
			    NULL;
			free(strong);
			if (name != NULL)
				return (name);
		}
	}
	return (NULL);
}

/* A country code attribute of n, unless absent or "00". */
static void
import_eu_country(struct import_entity *e, const xmlNode *n)
{
	char	*c;

	if ((c = import_eu_attr(n, "countryIso2Code")) != NULL &&
	    import_iso2(c))
		import_add_code(e, c);
	free(c);
}

/*
 * An identification's number, if it is a ship's or firm's: the IMO number
 * (code imo, "IMO 9187629" or the digits), a registration number
 * (regnumber) or a tax number (fiscalcode), digits only.  Passports and
 * other papers of persons are left out.
 */
static void
import_eu_number(struct import_entity *e, const xmlNode *n)
{
	char	*code, *num;

	code = import_eu_attr(n, "identificationTypeCode");
	if ((num = import_eu_attr(n, "number")) == NULL || *num == '\0') {
		free(num);
		num = import_eu_attr(n, "latinNumber");
	}
	if (code != NULL && num != NULL) {
		if (strcmp(code, "imo") == 0)
			import_imo_value(e, num);
		else if (strcmp(code, "regnumber") == 0)
			import_registration_value(e, "Registration Number",
			    num);
		else if (strcmp(code, "fiscalcode") == 0)
			import_registration_value(e, "Tax ID", num);
	}
	free(code);
	free(num);
}

/* A <birthdate>: its whole date, else its year, about it if circa. */
static void
import_eu_born(struct import *imp, struct import_entity *e, const char *file,
    const xmlNode *n)
{
	char		*d, *y, *circa;
	unsigned	 year;
	int		 ok = 0;

	d = import_eu_attr(n, "birthdate");
	y = import_eu_attr(n, "year");
	circa = import_eu_attr(n, "circa");
	if (d != NULL && *d != '\0')
		ok = import_born(e, d);
	else if (y != NULL && *y != '\0') {
		if (circa != NULL && strcmp(circa, "true") == 0 &&
		    (year = import_year(y)) != 0)
			ok = import_born_circa(e, year);
		else
			ok = import_born(e, y);
	}
	if (ok == -1)
		import_report(imp, file, (size_t)xmlGetLineNo(n),
		    "%s: birthdate '%.40s' is not a date, left out", e->id,
		    d != NULL && *d != '\0' ? d : y);
	free(d);
	free(y);
	free(circa);
}

/* The children of a sanctionEntity: names, regulations, countries. */
static void
import_eu_details(struct import *imp, struct import_entity *e,
    const char *file, const xmlNode *x)
{
	xmlNode	*n;
	char	*s, *strong;

	for (n = x->children; n != NULL; n = n->next) {
		if (import_eu_is(n, "nameAlias")) {
			s = import_eu_name(n);
			strong = import_eu_attr(n, "strong");
			if (s != NULL)
				import_alias(e, s, strong != NULL &&
				    strcmp(strong, "false") == 0);
			free(s);
			free(strong);
		} else if (import_eu_is(n, "regulation")) {
			if ((s = import_eu_attr(n, "programme")) != NULL)
				import_program(e, s);
			free(s);
			s = import_eu_attr(n, "publicationDate");
			if (s != NULL && import_listed(e, s) == -1)
				import_report(imp, file,
				    (size_t)xmlGetLineNo(n), "%s: "
				    "publicationDate '%.40s' is not a date",
				    e->id, s);
			free(s);
		} else if (import_eu_is(n, "citizenship") ||
		    import_eu_is(n, "address"))
			import_eu_country(e, n);
		else if (import_eu_is(n, "identification"))
			import_eu_number(e, n);
		else if (import_eu_is(n, "birthdate"))
			import_eu_born(imp, e, file, n);
	}
}

/* One sanctionEntity. */
static void
import_eu_party(struct import *imp, const char *file, const xmlNode *x)
{
	struct import_entity	*e;
	size_t			 line = (size_t)xmlGetLineNo(x);
	char			*lid, *name, id[EU_MAX_ID + 4];

	lid = import_eu_attr(x, "logicalId");
	if (lid == NULL || strlen(lid) > EU_MAX_ID ||
	    lid[strspn(lid, "0123456789")] != '\0') {
		import_skip(imp, file, line, "logicalId '%.40s' is not a "
		    "number", lid != NULL ? lid : "");
		free(lid);
		return;
	}
	snprintf(id, sizeof id, "eu-%s", lid);
	free(lid);
	name = import_eu_primary(x);
	e = import_add(imp, file, line, id, name, import_eu_type(imp, file, x),
	    "eu-fsf");
	if (e != NULL) {
		e->primary = 1;
		import_eu_details(imp, e, file, x);
	}
	free(name);
}

/* The sanctionEntity elements of an export. */
static void
import_eu_export(struct import *imp, const char *file, xmlNode *root)
{
	xmlNode	*x;

	import_xml_date(imp, root, "generationDate");
	for (x = root->children; x != NULL; x = x->next) {
		if (import_eu_is(x, "sanctionEntity"))
			import_eu_party(imp, file, x);
	}
}

/* Import EU FSF XML files. */
int
import_eu_xml(struct import *imp, const struct import_input *in, size_t n)
{
	return (import_xml_each(imp, in, n, "export", "an EU FSF export",
	    import_eu_export));
}
