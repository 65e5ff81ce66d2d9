/*
 * import_un: the UN Security Council consolidated list (XML) -> entities.
 *
 * The document is parsed whole with libxml2 (no network, no external
 * entities or DTDs loaded, no entity substitution).  Each INDIVIDUAL and
 * ENTITY element is one entity: id un-<REFERENCE_NUMBER> (the UN's own
 * stable reference, such as un-QDi.001), name FIRST_NAME ... FOURTH_NAME
 * joined in the order the UN gives them, type person or organization,
 * program UN-<UN_LIST_TYPE>, listed LISTED_ON.  Aliases: quality "Good",
 * "a.k.a." and "f.k.a." are strong, "Low" weak (the UN's own "low quality
 * alias"); NAME_ORIGINAL_SCRIPT is a strong alias.  Countries come from
 * NATIONALITY values and the addresses' COUNTRY, dates of birth from
 * INDIVIDUAL_DATE_OF_BIRTH.  An element without a reference number or a
 * name is counted and reported with its line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "import/import-int.h"

/* Alias qualities the list uses, and whether each is weak. */
static const struct {
	const char	*quality;
	int		 weak;
} un_qualities[] = {
	{ "Good", 0 },
	{ "a.k.a.", 0 },
	{ "f.k.a.", 0 },
	{ "Low", 1 },
};

static const char *const un_name_parts[] = {
	"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME",
};

/* Whether a node is the element name. */
static int
import_un_is(const xmlNode *n, const char *name)
{
	return (n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

/* The first child element called name, or NULL. */
static xmlNode *
import_un_child(const xmlNode *parent, const char *name)
{
	xmlNode	*n;

	for (n = parent->children; n != NULL; n = n->next) {
		if (import_un_is(n, name))
			return (n);
	}
	return (NULL);
}

/* The cleaned text of a node (NULL if none or empty). */
static char *
import_un_text(const xmlNode *n)
{
	xmlChar	*c;
	char	*s;

	if (n == NULL || (c = xmlNodeGetContent(n)) == NULL)
		return (NULL);
	s = import_clean((const char *)c, strlen((const char *)c));
	xmlFree(c);
	return (s);
}

/* The cleaned text of the child element called name, or NULL. */
static char *
import_un_field(const xmlNode *parent, const char *name)
{
	return (import_un_text(import_un_child(parent, name)));
}

/* The name parts joined with spaces, or NULL if there are none. */
static char *
import_un_name(const xmlNode *x)
{
	char	*name = NULL, *part, *t;
	size_t	 i;

	for (i = 0; i < nitems(un_name_parts); i++) {
		if ((part = import_un_field(x, un_name_parts[i])) == NULL)
			continue;
		if (name == NULL)
			name = part;
		else {
			t = xasprintf("%s %s", name, part);
			free(name);
			free(part);
			name = t;
		}
	}
	return (name);
}

/* One INDIVIDUAL_ALIAS or ENTITY_ALIAS. */
static void
import_un_alias(struct import *imp, struct import_entity *e,
    const char *file, const xmlNode *a)
{
	char	*name, *quality;
	size_t	 i;

	if ((name = import_un_field(a, "ALIAS_NAME")) == NULL)
		return;		/* the list's empty placeholders */
	quality = import_un_field(a, "QUALITY");
	for (i = 0; i < nitems(un_qualities); i++) {
		if (quality != NULL &&
		    strcmp(quality, un_qualities[i].quality) == 0)
			break;
	}
	if (i == nitems(un_qualities)) {
		import_report(imp, file, (size_t)xmlGetLineNo(a), "alias "
		    "'%s' of %s has quality '%s': kept as a weak alias", name,
		    e->id, quality != NULL ? quality : "");
		import_alias(e, name, 1);
	} else
		import_alias(e, name, un_qualities[i].weak);
	free(name);
	free(quality);
}

/* Every VALUE (or COUNTRY) below n as a country. */
static void
import_un_countries(struct import *imp, struct import_entity *e,
    const char *file, const xmlNode *parent, const char *child)
{
	xmlNode	*n;
	char	*s;

	for (n = parent->children; n != NULL; n = n->next) {
		if (!import_un_is(n, child) ||
		    (s = import_un_text(n)) == NULL)
			continue;
		import_add_country(imp, e, file, (size_t)xmlGetLineNo(n), s);
		free(s);
	}
}

/*
 * One INDIVIDUAL_DATE_OF_BIRTH: a DATE (xs:date, maybe with a zone), a
 * YEAR, or FROM_YEAR and TO_YEAR; a TYPE_OF_DATE of APPROXIMATELY makes a
 * year about.
 */
static void
import_un_born(struct import *imp, struct import_entity *e,
    const char *file, const xmlNode *b)
{
	char		*type, *s, *to, span[16];
	unsigned	 year;
	int		 ok = -1;

	type = import_un_field(b, "TYPE_OF_DATE");
	if ((s = import_un_field(b, "DATE")) != NULL) {
		if (strlen(s) > 10)
			s[10] = '\0';
		ok = import_born(e, s);
	} else if ((s = import_un_field(b, "YEAR")) != NULL) {
		if (type != NULL && strcmp(type, "APPROXIMATELY") == 0 &&
		    (year = import_year(s)) != 0)
			ok = import_born_circa(e, year);
		else
			ok = import_born(e, s);
	} else if ((s = import_un_field(b, "FROM_YEAR")) != NULL) {
		if ((to = import_un_field(b, "TO_YEAR")) != NULL) {
			snprintf(span, sizeof span, "%.4s/%.4s", s, to);
			if (strlen(s) == 4 && strlen(to) == 4)
				ok = import_born(e, span);
		}
		free(to);
	} else
		ok = 0;		/* the list's empty placeholders */
	if (ok == -1)
		import_report(imp, file, (size_t)xmlGetLineNo(b), "%s: a date "
		    "of birth '%.40s' is not a date, left out", e->id,
		    s != NULL ? s : "");
	free(s);
	free(type);
}

/* The children of an INDIVIDUAL or ENTITY: aliases, countries, births. */
static void
import_un_details(struct import *imp, struct import_entity *e,
    const char *file, const xmlNode *x)
{
	xmlNode	*n;
	char	*s;

	for (n = x->children; n != NULL; n = n->next) {
		if (import_un_is(n, "INDIVIDUAL_ALIAS") ||
		    import_un_is(n, "ENTITY_ALIAS"))
			import_un_alias(imp, e, file, n);
		else if (import_un_is(n, "NAME_ORIGINAL_SCRIPT")) {
			if ((s = import_un_text(n)) != NULL)
				import_strong_alias(e, s);
			free(s);
		} else if (import_un_is(n, "NATIONALITY"))
			import_un_countries(imp, e, file, n, "VALUE");
		else if (import_un_is(n, "INDIVIDUAL_DATE_OF_BIRTH"))
			import_un_born(imp, e, file, n);
		else if (import_un_is(n, "INDIVIDUAL_ADDRESS") ||
		    import_un_is(n, "ENTITY_ADDRESS"))
			import_un_countries(imp, e, file, n, "COUNTRY");
		else if (import_un_is(n, "COMMENTS1")) {
			/* "International Maritime Organization (IMO) Number" */
			if ((s = import_un_text(n)) != NULL)
				import_imo(e, s);
			free(s);
		}
	}
}

/* One INDIVIDUAL or ENTITY element. */
static void
import_un_party(struct import *imp, const char *file, const xmlNode *x,
    enum entity_type type)
{
	struct import_entity	*e;
	size_t			 line = (size_t)xmlGetLineNo(x);
	char			*ref, *id, *name, *s;

	if ((ref = import_un_field(x, "REFERENCE_NUMBER")) == NULL) {
		import_skip(imp, file, line, "no REFERENCE_NUMBER");
		return;
	}
	id = xasprintf("un-%s", ref);
	name = import_un_name(x);
	if ((e = import_add(imp, file, line, id, name, type, "un-sc")) !=
	    NULL) {
		e->primary = 1;
		if ((s = import_un_field(x, "UN_LIST_TYPE")) != NULL) {
			free(ref);
			ref = xasprintf("UN-%s", s);
			import_program(e, ref);
		}
		free(s);
		/* xs:date may carry a zone: "2015-04-07-04:00". */
		if ((s = import_un_field(x, "LISTED_ON")) != NULL &&
		    strlen(s) > 10 && strchr("+-Z", s[10]) != NULL)
			s[10] = '\0';
		if (s != NULL && import_listed(e, s) == -1)
			import_report(imp, file, line, "%s: LISTED_ON '%s' is "
			    "not a date, left out", id, s);
		free(s);
		import_un_details(imp, e, file, x);
	}
	free(ref);
	free(id);
	free(name);
}

/* The INDIVIDUAL and ENTITY elements of a consolidated list. */
static void
import_un_list(struct import *imp, const char *file, xmlNode *root)
{
	xmlNode	*list, *x;

	import_xml_date(imp, root, "dateGenerated");
	for (list = root->children; list != NULL; list = list->next) {
		for (x = list->children; x != NULL; x = x->next) {
			if (import_un_is(x, "INDIVIDUAL"))
				import_un_party(imp, file, x, ENTITY_PERSON);
			else if (import_un_is(x, "ENTITY"))
				import_un_party(imp, file, x,
				    ENTITY_ORGANIZATION);
		}
	}
}

/* Import UN consolidated XML files. */
int
import_un_xml(struct import *imp, const struct import_input *in, size_t n)
{
	return (import_xml_each(imp, in, n, "CONSOLIDATED_LIST",
	    "a UN consolidated list", import_un_list));
}
