/*
 * import: official sanctions lists -> watchlist YAML.
 *
 * Each format is one row of import_formats[] and one function in its own
 * file (ofac.c, un.c, uk.c, eu.c, os.c, csl.c); import_run() reads the files
 * (whole, at most IMPORT_MAX_FILE bytes each) and import_mem() runs a
 * format's function and writes the result.  This file also holds what the
 * format files share (import-int.h): a CSV reader, a safe XML parse (no
 * network, no DTD, no entity substitution), text cleaning, the entities
 * being built with an id index (open addressing) for joins, the country
 * name table lookup (country.c), problem reports and the YAML writer.
 *
 * Never guess silently: a row that cannot be used is counted and reported
 * on stderr as FILE:LINE: message (at most IMPORT_MAX_REPORTS lines per
 * file, then a count), a country name that is not in the table is reported
 * once and left out, a name that can never match (a legal form alone) is
 * reported here rather than at every load, and the run ends with a
 * summary line.  A run that imports nothing writes nothing, and a run that
 * fails says which format the files look like if it is another one.
 * Every entry carries FollowTheMoney topics: its list's (sanction,
 * export.control), else the format row's.  Ids are built
 * from the list's own stable keys, so alerts stay joinable across updates.
 *
 * Output: one entity per line as a YAML flow mapping whose strings are all
 * double-quoted with only the escapes YAML and JSON share (\" \\ \uXXXX),
 * so every line is also JSON (any JSON tool reads an entity line), a line
 * diff of two imports is an entity diff, and any byte the YAML reader would
 * refuse is escaped.  Entities keep the order of the list.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "import/import-int.h"

/* One row per format. */
const struct import_format import_formats[] = {
	{ "ofac-csv", "sdn.csv [alt.csv] [add.csv] [sdn_comments.csv] "
	    "| cons_prim.csv [cons_alt.csv] ...", "OFAC (legacy CSV)",
	    "US Treasury, Office of Foreign Assets Control (OFAC)",
	    "sanction", import_ofac_csv },
	{ "un-xml", "consolidated.xml", "UN Security Council consolidated "
	    "list", "United Nations Security Council", "sanction",
	    import_un_xml },
	{ "uk-ofsi-csv", "ConList.csv", "UK HM Treasury / OFSI consolidated "
	    "list", "HM Treasury, Office of Financial Sanctions "
	    "Implementation (OFSI)", "sanction", import_uk_csv },
	{ "eu-fsf-xml", "export.xml", "EU Financial Sanctions Files",
	    "European Commission (FISMA)", "sanction", import_eu_xml },
	{ "opensanctions-csv", "targets.simple.csv", "OpenSanctions targets",
	    "OpenSanctions", NULL, import_os_csv },
	{ "opensanctions-ftm", "entities.ftm.json", "OpenSanctions entities",
	    "OpenSanctions", NULL, import_os_ftm },
	{ "us-csl", "consolidated.csv", "US Consolidated Screening List "
	    "(trade.gov)", "International Trade Administration, US Department "
	    "of Commerce", NULL, import_us_csl },
	{ "bis-dpl", "dpl.txt", "US BIS Denied Persons List",
	    "Bureau of Industry and Security, US Department of Commerce",
	    "export.control", import_bis_dpl },
};
const size_t import_nformats = nitems(import_formats);

static const char *const import_types[] = {
	[ENTITY_PERSON] = "person",
	[ENTITY_ORGANIZATION] = "organization",
	[ENTITY_VESSEL] = "vessel",
	[ENTITY_AIRCRAFT] = "aircraft",
	[ENTITY_OTHER] = "other",
};

/* Start an import: nothing built yet, reports to err. */
void
import_init(struct import *imp, FILE *err)
{
	memset(imp, 0, sizeof *imp);
	imp->err = err;
}

/* Free what an import built. */
void
import_free(struct import *imp)
{
	struct import_entity	*e;
	size_t			 i;

	for (i = 0; i < imp->n; i++) {
		e = &imp->v[i];
		free(e->id);
		free(e->name);
		free(e->listed);
		strv_free(&e->aliases);
		strv_free(&e->weak_aliases);
		strv_free(&e->programs);
		strv_free(&e->countries);
		strv_free(&e->topics);
		strv_free(&e->same_as);
		strv_free(&e->imo);
		strv_free(&e->registrations);
		strv_free(&e->born);
		strv_free(&e->established);
	}
	free(imp->v);
	strindex_free(&imp->ids);
	strv_free(&imp->unknown);
	strv_free(&imp->lists);
	memset(imp, 0, sizeof *imp);
}

/* Close a file's reports: say how many were not printed. */
static void
import_end_file(struct import *imp)
{
	if (imp->file_reports > IMPORT_MAX_REPORTS && imp->err != NULL) {
		fprintf(imp->err, "%s: %zu more problems not shown\n",
		    imp->cur_file, imp->file_reports - IMPORT_MAX_REPORTS);
	}
	imp->file_reports = 0;
	imp->cur_file = NULL;
}

/* Report a problem at FILE:LINE, bounded per file; counts nothing. */
void
import_report(struct import *imp, const char *file, size_t line,
    const char *fmt, ...)
{
	va_list	 ap;

	if (imp->cur_file == NULL || strcmp(imp->cur_file, file) != 0) {
		import_end_file(imp);
		imp->cur_file = file;
	}
	if (imp->file_reports++ >= IMPORT_MAX_REPORTS || imp->err == NULL)
		return;
	if (line > 0)
		fprintf(imp->err, "%s:%zu: ", file, line);
	else
		fprintf(imp->err, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(imp->err, fmt, ap);
	va_end(ap);
	fputc('\n', imp->err);
}

/* Count a row that cannot be used and report why. */
void
import_skip(struct import *imp, const char *file, size_t line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	imp->skipped++;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	import_report(imp, file, line, "skipped: %s", msg);
	free(msg);
}

/* The entity with this id, or NULL. */
struct import_entity *
import_find(struct import *imp, const char *id)
{
	size_t	 i = strindex_find(&imp->ids, id);

	return (i == SIZE_MAX ? NULL : &imp->v[i]);
}

/*
 * Add an entity (id and name are copied); NULL after reporting if the id
 * is already taken or the name is empty.
 */
struct import_entity *
import_add(struct import *imp, const char *file, size_t line, const char *id,
    const char *name, enum entity_type type, const char *source)
{
	struct import_entity	*e;

	if (name == NULL || *name == '\0') {
		import_skip(imp, file, line, "%s has no name (or it is not "
		    "UTF-8)", id);
		return (NULL);
	}
	if (import_find(imp, id) != NULL) {
		import_skip(imp, file, line, "duplicate id %s", id);
		return (NULL);
	}
	if (imp->n == imp->cap) {
		imp->cap = imp->cap == 0 ? 1024 : imp->cap * 2;
		imp->v = xreallocarray(imp->v, imp->cap, sizeof *imp->v);
	}
	e = &imp->v[imp->n];
	memset(e, 0, sizeof *e);
	e->id = xstrdup(id);
	e->name = xstrdup(name);
	e->type = type;
	e->source = source;
	strindex_add(&imp->ids, e->id, imp->n++);
	return (e);
}

/* Add a name as an alias (strong or weak) unless empty or already known. */
void
import_alias(struct import_entity *e, const char *name, int weak)
{
	if (name == NULL || *name == '\0' || strcmp(name, e->name) == 0 ||
	    strv_contains(&e->aliases, name))
		return;
	if (weak) {
		if (!strv_contains(&e->weak_aliases, name))
			strv_push(&e->weak_aliases, name);
		return;
	}
	strv_push(&e->aliases, name);
}

/* Make a weak alias strong, or add a strong alias. */
void
import_strong_alias(struct import_entity *e, const char *name)
{
	size_t	 i;

	for (i = 0; i < e->weak_aliases.n; i++) {
		if (strcmp(e->weak_aliases.v[i], name) == 0) {
			free(e->weak_aliases.v[i]);
			memmove(&e->weak_aliases.v[i],
			    &e->weak_aliases.v[i + 1],
			    (e->weak_aliases.n - i - 1) * sizeof (char *));
			e->weak_aliases.n--;
			break;
		}
	}
	import_alias(e, name, 0);
}

/* Add a program unless empty or already there. */
void
import_program(struct import_entity *e, const char *program)
{
	if (program != NULL && *program != '\0' &&
	    !strv_contains(&e->programs, program))
		strv_push(&e->programs, program);
}

/* Add a FollowTheMoney topic unless already there. */
void
import_topic(struct import_entity *e, const char *topic)
{
	if (!strv_contains(&e->topics, topic))
		strv_push(&e->topics, topic);
}

/*
 * Add the IMO numbers a list's free text gives, unless already there: "IMO"
 * as a word of its own (any case), then "Number", "No." or "Nr" if any, a
 * colon or '#' if any, and seven digits that no digit follows: "Vessel
 * Registration Identification IMO 9187629", "IMO Number: 5342883", "Company
 * Number IMO 5434358", OpenSanctions' "IMO9187629".  Returns how many were
 * new.
 */
size_t
import_imo(struct import_entity *e, const char *text)
{
	static const char *const labels[] = { "number", "no.", "no", "nr" };
	const char	*p, *q;
	char		 num[8];
	size_t		 i, n, added = 0;

	if (text == NULL)
		return (0);
	for (p = text; (p = strcasestr(p, "imo")) != NULL; p += 3) {
		if (p > text && isalnum((unsigned char)p[-1]))
			continue;
		q = p + 3;
		q += strspn(q, ") ");	/* "Organization (IMO) Number" */
		for (i = 0; i < nitems(labels); i++) {
			n = strlen(labels[i]);
			if (strncasecmp(q, labels[i], n) == 0 &&
			    !isalpha((unsigned char)q[n])) {
				q += n;
				break;
			}
		}
		q += strspn(q, " ");
		if (*q == ':' || *q == '#')
			q++;
		q += strspn(q, " ");
		if (strspn(q, "0123456789") != 7)
			continue;
		memcpy(num, q, 7);
		num[7] = '\0';
		if (!strv_contains(&e->imo, num)) {
			strv_push(&e->imo, num);
			added++;
		}
	}
	return (added);
}

/*
 * Add an IMO number a list gives by itself (EU identification,
 * OpenSanctions' imoNumber): the seven digits alone, or with its prefix
 * ("IMO9187629", "IMO 9187629").
 */
void
import_imo_value(struct import_entity *e, const char *s)
{
	if (strspn(s, "0123456789") == 7 && s[7] == '\0') {
		if (!strv_contains(&e->imo, s))
			strv_push(&e->imo, s);
	} else
		import_imo(e, s);
}

/*
 * Add a registration number a list gives by itself, as "label s", if s is
 * digits alone (8 to 15 of them).
 */
void
import_registration_value(struct import_entity *e, const char *label,
    const char *s)
{
	size_t	 n = strlen(s);

	if (strspn(s, "0123456789") == n)
		import_registration(e, label, s, n);
}

/* Add "label digits" to an entity's registration numbers, unless there. */
void
import_registration(struct import_entity *e, const char *label,
    const char *digits, size_t n)
{
	char	*s;

	if (n < 8 || n > 15)
		return;
	s = xasprintf("%s %.*s", label, (int)n, digits);
	if (!strv_contains(&e->registrations, s))
		strv_push(&e->registrations, s);
	free(s);
}

/*
 * Add the tax and company registration numbers a list's free text gives:
 * a label of the table, a space and 8 to 15 digits that no digit or
 * letter follows, as OFAC writes them ("Tax ID No. 7702070139 (Russia)",
 * "Registration Number 1027700132195", "Government Gazette Number
 * 00207845", which is Russia's OKPO code).  Returns how many were new.
 */
size_t
import_registrations(struct import_entity *e, const char *text)
{
	static const struct {
		const char	*written;
		const char	*label;
	} labels[] = {
		{ "Tax ID No.", "Tax ID" },
		{ "Business Registration Number", "Registration Number" },
		{ "Commercial Registry Number", "Registration Number" },
		{ "Registration Number", "Registration Number" },
		{ "Registration ID", "Registration Number" },
		{ "Company Number", "Company Number" },
		{ "Government Gazette Number", "OKPO" },
		{ "INN", "INN" },
		{ "OGRN", "OGRN" },
	};
	const char	*p, *q;
	size_t		 i, n, before, added = 0;

	if (text == NULL)
		return (0);
	for (i = 0; i < nitems(labels); i++) {
		for (p = text; (p = strstr(p, labels[i].written)) != NULL;
		    p = q) {
			q = p + strlen(labels[i].written);
			if ((p > text && isalnum((unsigned char)p[-1])) ||
			    *q != ' ')
				continue;
			q++;
			if (*q == ':')
				q += 1 + (q[1] == ' ');
			n = strspn(q, "0123456789");
			if (isalnum((unsigned char)q[n]))
				continue;
			before = e->registrations.n;
			import_registration(e, labels[i].label, q, n);
			added += e->registrations.n - before;
		}
	}
	return (added);
}

/*
 * Add a date of birth as the watchlist writes it (watchlist_born_years:
 * "1962", "1962-05", "1962-05-01", "1960/1962"), unless there.  0, or -1
 * if s is none of these.
 */
int
import_born(struct import_entity *e, const char *s)
{
	unsigned	 lo, hi;

	if (watchlist_born_years(s, &lo, &hi) == -1)
		return (-1);
	if (!strv_contains(&e->born, s))
		strv_push(&e->born, s);
	return (0);
}

/* The year s writes as four digits and nothing else, or 0. */
unsigned
import_year(const char *s)
{
	return (strspn(s, "0123456789") == 4 && s[4] == '\0' ?
	    (unsigned)atoi(s) : 0);
}

/*
 * Add a year of birth the list gives as about ("circa 1965", UN's
 * APPROXIMATELY): the years two either side of it.
 */
int
import_born_circa(struct import_entity *e, unsigned year)
{
	char	 span[16];

	if (year < 1802 || year > 2197)
		return (-1);
	snprintf(span, sizeof span, "%u/%u", year - 2, year + 2);
	return (import_born(e, span));
}

/*
 * One date as OFAC writes it in a DOB at p: "04 Dec 2001", "Dec 1960" or
 * "1962", into out as YYYY-MM-DD, YYYY-MM or YYYY.  The byte after it, or
 * NULL if none is there.
 */
static const char *
import_dob_date(const char *p, char out[11])
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t		 n;
	int		 day = 0, mon = 0, k;

	n = strspn(p, "0123456789");
	if (n == 1 || n == 2) {
		day = atoi(p);
		if (p[n] != ' ')
			return (NULL);
		p += n + 1;
		n = strspn(p, "0123456789");
	}
	if (n == 0) {
		for (k = 0; k < 12; k++) {
			if (strncmp(p, months + 3 * k, 3) == 0 && p[3] == ' ')
				break;
		}
		if (k == 12)
			return (NULL);
		mon = k + 1;
		p += 4;
		n = strspn(p, "0123456789");
	}
	if (n != 4 || (day != 0 && mon == 0))
		return (NULL);
	if (day != 0)
		snprintf(out, 11, "%.4s-%02d-%02d", p, mon, day);
	else if (mon != 0)
		snprintf(out, 8, "%.4s-%02d", p, mon);
	else
		snprintf(out, 5, "%.4s", p);
	return (p + 4);
}

/*
 * Add the dates of birth a list's free text gives, as OFAC writes them:
 * "DOB 04 Dec 2001", "DOB Dec 1960", "DOB 1962", "alt. DOB 1963", "DOB
 * circa 1965", "DOB 1960 to 1962".  Returns how many were new.
 */
size_t
import_dobs(struct import_entity *e, const char *text)
{
	const char	*p, *q, *r;
	char		 a[11], b[11], span[24];
	size_t		 before = e->born.n;

	if (text == NULL)
		return (0);
	for (p = text; (p = strstr(p, "DOB ")) != NULL; p += 4) {
		if (p > text && isalnum((unsigned char)p[-1]))
			continue;
		q = p + 4;
		if (strncmp(q, "circa ", 6) == 0) {
			if ((r = import_dob_date(q + 6, a)) != NULL &&
			    !isalnum((unsigned char)*r))
				import_born_circa(e, (unsigned)atoi(a));
			continue;
		}
		if ((r = import_dob_date(q, a)) == NULL ||
		    isalnum((unsigned char)*r))
			continue;
		if (strncmp(r, " to ", 4) == 0 &&
		    (q = import_dob_date(r + 4, b)) != NULL &&
		    !isalnum((unsigned char)*q)) {
			snprintf(span, sizeof span, "%s/%s", a, b);
			import_born(e, span);
		} else
			import_born(e, a);
	}
	return (e->born.n - before);
}

/*
 * Add the dates a list's free text gives a body's founding, as OFAC writes
 * them ("Organization Established Date 17 Oct 1990", "... Date 1969.")
 * and the CSL ("Organization Established Date, 1990-07-31").  Returns how
 * many were new.
 */
size_t
import_established(struct import_entity *e, const char *text)
{
	static const char	 label[] = "Organization Established Date";
	const char		*p, *q, *r;
	char			 d[11];
	unsigned		 lo, hi;
	size_t			 before = e->established.n, n;

	if (text == NULL)
		return (0);
	for (p = text; (p = strstr(p, label)) != NULL; p += sizeof label - 1) {
		q = p + sizeof label - 1;
		q += *q == ',';
		if (*q++ != ' ')
			continue;
		n = strspn(q, "0123456789-");
		if ((n == 7 || n == 10) && q[4] == '-') {
			memcpy(d, q, n);	/* already YYYY-MM[-DD] */
			d[n] = '\0';
			r = q + n;
		} else if ((r = import_dob_date(q, d)) == NULL)
			continue;
		if (isalnum((unsigned char)*r) ||
		    watchlist_born_years(d, &lo, &hi) == -1)
			continue;
		if (!strv_contains(&e->established, d))
			strv_push(&e->established, d);
	}
	return (e->established.n - before);
}

/* Whether s is two ASCII letters (an ISO 3166-1 alpha-2 code, any case). */
int
import_iso2(const char *s)
{
	static const char	 az[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	return (strlen(s) == 2 && strspn(s, az) == 2);
}

/* Add an ISO 3166-1 alpha-2 code (any case) unless already there. */
void
import_add_code(struct import_entity *e, const char *code)
{
	char	 c[3];

	c[0] = (char)(code[0] & ~0x20);
	c[1] = (char)(code[1] & ~0x20);
	c[2] = '\0';
	if (!strv_contains(&e->countries, c))
		strv_push(&e->countries, c);
}

/*
 * Add a country given by name; a name not in the table is reported once
 * per import (with where it was first seen) and left out.
 */
void
import_add_country(struct import *imp, struct import_entity *e,
    const char *file, size_t line, const char *name)
{
	const char	*code;

	if (name == NULL || *name == '\0')
		return;
	if ((code = country_lookup(name)) != NULL) {
		import_add_code(e, code);
		return;
	}
	if (strv_contains(&imp->unknown, name))
		return;
	strv_push(&imp->unknown, name);
	import_report(imp, file, line, "country '%s' not recognised, left "
	    "out (reported once)", name);
}

/*
 * Set the listing date from YYYY-MM-DD, keeping the earliest one seen; -1
 * if it is not a real date (the caller reports it).
 */
int
import_listed(struct import_entity *e, const char *ymd)
{
	if (!watchlist_date_ok(ymd))
		return (-1);
	if (e->listed == NULL || strcmp(ymd, e->listed) < 0) {
		free(e->listed);
		e->listed = xstrdup(ymd);
	}
	return (0);
}

/*
 * The list's own date (YYYY-MM-DD) as one of its files states it; of
 * several files, the latest.  0, or -1 if it is not a real date.
 */
int
import_published(struct import *imp, const char *ymd)
{
	if (!watchlist_date_ok(ymd))
		return (-1);
	if (strcmp(ymd, imp->published) > 0)
		snprintf(imp->published, sizeof imp->published, "%s", ymd);
	return (0);
}

/*
 * The list's date from an attribute of an XML root holding an ISO 8601
 * date or time (UN dateGenerated, EU generationDate): its date part, as
 * the issuer wrote it.
 */
void
import_xml_date(struct import *imp, xmlNode *root, const char *attr)
{
	xmlChar	*v;
	char	 ymd[11];

	if ((v = xmlGetProp(root, (const xmlChar *)attr)) == NULL)
		return;
	snprintf(ymd, sizeof ymd, "%s", (const char *)v);
	if (import_published(imp, ymd) == -1)
		fprintf(imp->err, "import: %s '%.40s' is not a date, "
		    "left out\n", attr, (const char *)v);
	xmlFree(v);
}

/* Whether s is valid UTF-8 (no overlongs, surrogates or values > U+10FFFF). */
int
import_utf8_ok(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 c;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			n = 1, c = p[i] & 0x1f;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			n = 2, c = p[i] & 0x0f;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			n = 3, c = p[i] & 0x07;
		else
			return (0);
		if (len - i <= n)
			return (0);
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return (0);
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return (0);
		i += n + 1;
	}
	return (1);
}

/*
 * A cleaned copy of len bytes of s: spaces and control characters (tabs,
 * line breaks, NULs) trimmed and runs of them made one space.  NULL if
 * nothing is left or if the text is not UTF-8 (the caller reports that).
 */
char *
import_clean(const char *s, size_t len)
{
	char	*out, *o;
	size_t	 i;
	int	 space = 0;

	if (!import_utf8_ok(s, len))
		return (NULL);
	o = out = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = s[i];
	}
	*o = '\0';
	if (o == out) {
		free(out);
		return (NULL);
	}
	return (out);
}

/* Start reading CSV text; sep is the field separator. */
void
import_csv_init(struct import_csv *csv, const char *data, size_t len,
    char sep)
{
	memset(csv, 0, sizeof *csv);
	csv->p = data;
	csv->end = data + len;
	csv->sep = sep;
	csv->next_line = 1;
	/* A trailing DOS end-of-file (0x1A), as OFAC writes, is not data. */
	while (csv->end > csv->p && csv->end[-1] == 0x1a)
		csv->end--;
	/* A UTF-8 byte order mark is not data either. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		csv->p += 3;
}

/* Free a CSV reader's buffers. */
void
import_csv_free(struct import_csv *csv)
{
	free(csv->buf);
	memset(csv, 0, sizeof *csv);
}

/* Append one byte to the current field, bounded by IMPORT_MAX_FIELD. */
static int
import_csv_put(struct import_csv *csv, char c)
{
	if (csv->flen >= IMPORT_MAX_FIELD)
		return (-1);
	if (csv->blen + 1 >= csv->bcap) {
		csv->bcap = csv->bcap == 0 ? 4096 : csv->bcap * 2;
		csv->buf = xreallocarray(csv->buf, csv->bcap, 1);
	}
	csv->buf[csv->blen++] = c;
	csv->flen++;
	return (0);
}

/* End the current field. */
static int
import_csv_field(struct import_csv *csv)
{
	if (csv->nfields == IMPORT_MAX_FIELDS)
		return (-1);
	if (import_csv_put(csv, '\0') == -1)
		return (-1);
	csv->offs[csv->nfields++] = csv->fstart;
	csv->fstart = csv->blen;
	csv->flen = 0;
	return (0);
}

/*
 * Read the next record: 0 at the end, the number of fields, or -1 for a
 * malformed record (an unterminated quote, a field or record over the
 * limits), which is skipped.  csv->line is the record's first line.
 * Quoted fields may hold separators, "" and line breaks; CRLF and LF both
 * end a record; blank lines are skipped.
 */
int
import_csv_next(struct import_csv *csv)
{
	const char	*p;
	int		 quoted = 0, bad = 0, any = 0;
	size_t		 i;

	while (csv->p < csv->end && (*csv->p == '\n' || *csv->p == '\r')) {
		if (*csv->p == '\n')
			csv->next_line++;
		csv->p++;
	}
	if (csv->p >= csv->end)
		return (0);
	csv->line = csv->next_line;
	csv->blen = csv->fstart = csv->flen = 0;
	csv->nfields = 0;
	for (p = csv->p; p < csv->end; p++) {
		if (quoted) {
			if (*p == '"' && p + 1 < csv->end && p[1] == '"')
				p++;
			else if (*p == '"') {
				quoted = 0;
				continue;
			}
			if (*p == '\n')
				csv->next_line++;
			bad |= import_csv_put(csv, *p);
			continue;
		}
		if (*p == '\n' || (*p == '\r' && p + 1 < csv->end &&
		    p[1] == '\n'))
			break;
		if (*p == '"' && csv->flen == 0 && !any)
			quoted = any = 1;
		else if (*p == csv->sep) {
			bad |= import_csv_field(csv);
			any = 0;
		} else {
			bad |= import_csv_put(csv, *p);
			any = 1;
		}
	}
	bad |= import_csv_field(csv);
	csv->p = p;
	if (quoted)
		bad = -1;
	for (i = 0; i < csv->nfields; i++)
		csv->f[i] = csv->buf + csv->offs[i];
	return (bad ? -1 : (int)csv->nfields);
}

/* Parse XML from memory safely: no network, no entities, no DTD. */
xmlDoc *
import_xml_parse(struct import *imp, const struct import_input *in)
{
	xmlDoc		*doc;
	const xmlError	*err;

	if (in->len > INT_MAX) {
		fprintf(imp->err, "%s: too large for the XML parser\n",
		    in->name);
		return (NULL);
	}
	doc = xmlReadMemory(in->data, (int)in->len, in->name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		err = xmlGetLastError();
		fprintf(imp->err, "%s:%d: not well-formed XML: %s", in->name,
		    err != NULL ? err->line : 0, err != NULL && err->message !=
		    NULL ? err->message : "no root element\n");
		xmlFreeDoc(doc);
		return (NULL);
	}
	return (doc);
}

/*
 * Parse each XML input and hand its root element to fn if it is called
 * root; what names the format when it is not.  After an input that is not
 * well-formed or not of the format, the later ones are still parsed, for
 * their errors, but not imported.  0, or -1 after any error.
 */
int
import_xml_each(struct import *imp, const struct import_input *in, size_t n,
    const char *root, const char *what,
    void (*fn)(struct import *, const char *, struct _xmlNode *))
{
	xmlDoc	*doc;
	xmlNode	*r;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		if ((doc = import_xml_parse(imp, &in[i])) == NULL) {
			rc = -1;
			continue;
		}
		r = xmlDocGetRootElement(doc);
		if (r->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)r->name, root) != 0) {
			fprintf(imp->err, "%s: not %s (root <%s>)\n",
			    in[i].name, what, (const char *)r->name);
			rc = -1;
		}
		if (rc == 0)
			fn(imp, in[i].name, r);
		xmlFreeDoc(doc);
	}
	return (rc);
}

/* The field of a record, or "" past its end. */
const char *
import_csv_get(const struct import_csv *csv, size_t i)
{
	return (i < csv->nfields ? csv->f[i] : "");
}

/* Write s as a double-quoted scalar that is also a JSON string. */
static void
import_write_str(FILE *out, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls: not printable in YAML. */
			fprintf(out, "\\u%04x", p[1]);
			p++;
		} else if (p[0] == 0xef && ((p[1] == 0xbb && p[2] == 0xbf) ||
		    (p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)))) {
			/* U+FEFF, U+FFFE, U+FFFF. */
			fprintf(out, "\\u%02x%02x", p[1] == 0xbb ? 0xfe : 0xff,
			    p[1] == 0xbb ? 0xff : p[2] == 0xbe ? 0xfe : 0xff);
			p += 2;
		} else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* Write ", key: [...]" unless the list is empty. */
static void
import_write_list(FILE *out, const char *key, const struct strv *sv)
{
	size_t	 i;

	if (sv->n == 0)
		return;
	fprintf(out, ", \"%s\": [", key);
	for (i = 0; i < sv->n; i++) {
		if (i > 0)
			fputs(", ", out);
		import_write_str(out, sv->v[i]);
	}
	fputc(']', out);
}

/* Write one entity as a one-line flow mapping. */
static void
import_write_entity(FILE *out, const struct import_entity *e)
{
	fputs("  - {\"id\": ", out);
	import_write_str(out, e->id);
	fputs(", \"name\": ", out);
	import_write_str(out, e->name);
	fprintf(out, ", \"type\": \"%s\"", import_types[e->type]);
	import_write_list(out, "aliases", &e->aliases);
	import_write_list(out, "weak_aliases", &e->weak_aliases);
	import_write_list(out, "programs", &e->programs);
	import_write_list(out, "countries", &e->countries);
	if (e->listed != NULL)
		fprintf(out, ", \"listed\": \"%s\"", e->listed);
	if (e->source != NULL)
		fprintf(out, ", \"source\": \"%s\"", e->source);
	import_write_list(out, "topics", &e->topics);
	import_write_list(out, "same_as", &e->same_as);
	import_write_list(out, "imo", &e->imo);
	import_write_list(out, "registrations", &e->registrations);
	import_write_list(out, "born", &e->born);
	import_write_list(out, "established", &e->established);
	fputs("}\n", out);
}

/* Write the whole watchlist; -1 if the stream failed. */
int
import_write(const struct import *imp, const struct import_format *f,
    FILE *out)
{
	size_t	 i;

	fputs("# Written by sanctwatch import; one entity per line.\n", out);
	fputs("version: 1\nname: ", out);
	import_write_str(out, f->title);
	fputs("\nissuer: ", out);
	import_write_str(out, f->issuer);
	fputs("\n", out);
	if (imp->published[0] != '\0') {
		fputs("published: ", out);
		import_write_str(out, imp->published);
		fputs("\n", out);
	}
	if (imp->n == 0) {
		fputs("entities: []\n", out);
		return (fflush(out) == 0 && !ferror(out) ? 0 : -1);
	}
	fputs("entities:\n", out);
	for (i = 0; i < imp->n; i++)
		import_write_entity(out, &imp->v[i]);
	return (fflush(out) == 0 && !ferror(out) ? 0 : -1);
}

/* The row of a format, or NULL. */
const struct import_format *
import_format_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(import_formats); i++) {
		if (strcmp(import_formats[i].name, name) == 0)
			return (&import_formats[i]);
	}
	return (NULL);
}

/*
 * Say which format the inputs look like if they are not fmt's own: after
 * a run that failed, the likely reason.
 */
static void
import_suggest(const struct import_format *f, const struct import_input *in,
    size_t nin, FILE *err)
{
	const char	*g, *what;
	size_t		 i;

	for (i = 0; i < nin; i++) {
		g = listformat_guess(in[i].data, in[i].len, &what);
		if (g != NULL && strcmp(g, f->name) != 0)
			fprintf(err, "%s: this looks like %s: import it with "
			    "`sanctwatch import %s`\n", in[i].name, what, g);
	}
}

/*
 * Report, once and here, the names of the list that can never match (a
 * legal form alone, "PTE OOO"; no letters): the daemon and scan only count
 * them.  Returns how many.
 */
static size_t
import_check_names(struct import *imp, const char *format)
{
	const struct import_entity	*e;
	const char			*why, *name;
	size_t				 i, j, n = 0, k;

	for (i = 0; i < imp->n; i++) {
		e = &imp->v[i];
		k = 1 + e->aliases.n + e->weak_aliases.n;
		for (j = 0; j < k; j++) {
			name = j == 0 ? e->name : j <= e->aliases.n ?
			    e->aliases.v[j - 1] :
			    e->weak_aliases.v[j - 1 - e->aliases.n];
			if ((why = names_problem(name)) == NULL)
				continue;
			n++;
			import_report(imp, format, 0, "entity %s: name \"%s\" "
			    "%s; it never matches (the list's own data: "
			    "reported here, only counted at load)", e->id,
			    name, why);
		}
	}
	import_end_file(imp);
	return (n);
}

/* Give entries without a topic the format's own. */
static void
import_default_topic(struct import *imp, const struct import_format *f)
{
	size_t	 i;

	if (f->topic == NULL)
		return;
	for (i = 0; i < imp->n; i++) {
		if (imp->v[i].topics.n == 0)
			import_topic(&imp->v[i], f->topic);
	}
}

/*
 * Import in-memory files of a format and write the watchlist to out; 0 on
 * success, -1 if the format is unknown, a file could not be used at all,
 * nothing was imported (an empty watchlist is never written), published
 * (the list's date given by the user, YYYY-MM-DD, or NULL) is not a date,
 * or the output failed.  A date given wins over the files' own.  Problems
 * go to err.
 */
int
import_mem(const char *format, const struct import_input *in, size_t nin,
    const char *published, FILE *out, FILE *err)
{
	const struct import_format	*f;
	struct import			 imp;
	size_t				 never = 0, n;
	int				 rc;

	if ((f = import_format_find(format)) == NULL) {
		fprintf(err, "import: unknown format '%s'\n", format);
		return (-1);
	}
	if (published != NULL && !watchlist_date_ok(published)) {
		fprintf(err, "import: --published: not a YYYY-MM-DD date: "
		    "%s\n", published);
		return (-1);
	}
	import_init(&imp, err);
	rc = f->fn(&imp, in, nin);
	import_end_file(&imp);
	if (rc == 0 && imp.n == 0) {
		fprintf(err, "import: %s: no entities found; no watchlist "
		    "written\n", f->name);
		rc = -1;
	}
	if (rc == -1)
		import_suggest(f, in, nin, err);
	if (published != NULL)
		snprintf(imp.published, sizeof imp.published, "%s", published);
	if (rc == 0) {
		import_default_topic(&imp, f);
		never = import_check_names(&imp, f->name);
		rc = import_write(&imp, f, out);
	}
	n = rc == 0 ? imp.n : 0;
	fprintf(err, "import: %s: %zu entit%s written, %zu row%s skipped, "
	    "%zu not parties, %zu country name%s not recognised, %zu name%s "
	    "that can never match\n", f->name, n, n == 1 ? "y" : "ies",
	    imp.skipped, imp.skipped == 1 ? "" : "s", imp.ignored,
	    (size_t)imp.unknown.n, imp.unknown.n == 1 ? "" : "s", never,
	    never == 1 ? "" : "s");
	if (rc == 0)
		fprintf(err, "import: %s: issuer: %s; published: %s\n",
		    f->name, f->issuer, imp.published[0] != '\0' ?
		    imp.published : "unknown (the files state no date: give "
		    "it with --published YYYY-MM-DD)");
	import_free(&imp);
	return (rc);
}

/*
 * Read files (each whole, at most IMPORT_MAX_FILE bytes), import them as
 * format and write the watchlist to out; 0 on success, -1 after saying why
 * on err.  A file that cannot be read stops the run before any import.
 */
int
import_run(const char *format, char **paths, size_t n, const char *published,
    FILE *out, FILE *err)
{
	struct import_input	*in;
	char			*cause;
	size_t			 i;
	int			 rc = 0;

	in = xcalloc(n, sizeof *in);
	for (i = 0; i < n && rc == 0; i++) {
		in[i].name = paths[i];
		in[i].data = file_read(paths[i], IMPORT_MAX_FILE, &in[i].len,
		    &cause);
		if (in[i].data == NULL) {
			fprintf(err, "%s: %s\n", paths[i], cause);
			free(cause);
			rc = -1;
		}
	}
	if (rc == 0)
		rc = import_mem(format, in, n, published, out, err);
	for (i = 0; i < n; i++)
		free(in[i].data);
	free(in);
	return (rc);
}
