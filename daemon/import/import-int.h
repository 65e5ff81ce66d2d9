/*
 * What the importers share, internal to daemon/import: the entities being
 * built (import.c), the CSV reader, the safe XML parse, text cleaning,
 * problem reports, and one import_FORMAT function per list in ofac.c,
 * un.c, uk.c, eu.c and os.c; country names in core/country.c.  The client sees
 * only import.h.
 */
#ifndef SANCTWATCH_IMPORT_INT_H
#define SANCTWATCH_IMPORT_INT_H

#include "import/import.h"

#define IMPORT_MAX_FIELD	(1024u * 1024)	/* one CSV field */
#define IMPORT_MAX_FIELDS	256		/* fields of one CSV record */
#define IMPORT_MAX_REPORTS	50		/* problem lines per file */
struct _xmlDoc;
struct _xmlNode;
struct import_entity {
	char		 *id;
	char		 *name;
	enum entity_type  type;
	struct strv	  aliases;
	struct strv	  weak_aliases;
	struct strv	  programs;
	struct strv	  countries;
	char		 *listed;	/* YYYY-MM-DD or NULL */
	const char	 *source;	/* static */
	struct strv	  topics;	/* FtM topics: sanction, ... */
	struct strv	  same_as;	/* other lists' ids of the same party */
	struct strv	  imo;		/* IMO numbers, seven digits each */
	struct strv	  registrations; /* "Tax ID 7702070139" */
	struct strv	  born;		/* "1962", "1962-05-01", "1960/1962" */
	struct strv	  established;	/* a body's: "1990-10-17", "1969" */
	int		  primary;	/* the name is the list's primary one */
};
struct import {
	struct import_entity *v;
	size_t		  n;
	size_t		  cap;
	struct strindex	  ids;		/* id -> index into v */
	FILE		 *err;
	size_t		  skipped;	/* rows that could not be used */
	size_t		  ignored;	/* rows that are not parties */
	const char	 *cur_file;	/* the file being reported on */
	size_t		  file_reports;	/* problems reported for it */
	struct strv	  unknown;	/* country names not recognised */
	struct strv	  lists;	/* lists not known, reported once */
	char		  published[11]; /* the list's own date, or "" */
};
struct import_csv {
	const char	 *p;
	const char	 *end;
	char		  sep;
	size_t		  line;		/* the record's first line */
	size_t		  next_line;
	char		 *buf;
	size_t		  blen;
	size_t		  bcap;
	size_t		  fstart;
	size_t		  flen;
	size_t		  nfields;
	size_t		  offs[IMPORT_MAX_FIELDS];
	const char	 *f[IMPORT_MAX_FIELDS];
};

/* import.c */
void		 import_init(struct import *, FILE *);
void		 import_free(struct import *);
int		 import_write(const struct import *, const struct import_format *,
		    FILE *);
void		 import_report(struct import *, const char *, size_t,
		    const char *, ...) PRINTFLIKE(4, 5);
void		 import_skip(struct import *, const char *, size_t,
		    const char *, ...) PRINTFLIKE(4, 5);
struct import_entity *import_find(struct import *, const char *);
struct import_entity *import_add(struct import *, const char *, size_t,
		    const char *, const char *, enum entity_type,
		    const char *);
void		 import_alias(struct import_entity *, const char *, int);
void		 import_strong_alias(struct import_entity *, const char *);
void		 import_program(struct import_entity *, const char *);
void		 import_topic(struct import_entity *, const char *);
size_t		 import_imo(struct import_entity *, const char *);
size_t		 import_registrations(struct import_entity *, const char *);
void		 import_imo_value(struct import_entity *, const char *);
void		 import_registration_value(struct import_entity *, const char *,
		    const char *);
void		 import_registration(struct import_entity *, const char *,
		    const char *, size_t);
void		 import_add_country(struct import *, struct import_entity *,
		    const char *, size_t, const char *);
void		 import_add_code(struct import_entity *, const char *);
int		 import_iso2(const char *);
int		 import_listed(struct import_entity *, const char *);
int		 import_born(struct import_entity *, const char *);
int		 import_born_circa(struct import_entity *, unsigned);
size_t		 import_established(struct import_entity *, const char *);
unsigned	 import_year(const char *);
size_t		 import_dobs(struct import_entity *, const char *);
int		 import_published(struct import *, const char *);
void		 import_xml_date(struct import *, struct _xmlNode *,
		    const char *);
int		 import_utf8_ok(const char *, size_t);
char		*import_clean(const char *, size_t);
void		 import_csv_init(struct import_csv *, const char *, size_t,
		    char);
int		 import_csv_next(struct import_csv *);
const char	*import_csv_get(const struct import_csv *, size_t);
void		 import_csv_free(struct import_csv *);
struct _xmlDoc	*import_xml_parse(struct import *, const struct import_input *);
int		 import_xml_each(struct import *, const struct import_input *,
		    size_t, const char *, const char *,
		    void (*)(struct import *, const char *, struct _xmlNode *));

/* ofac.c, un.c, uk.c, eu.c, os.c: one function per format. */
int		 import_ofac_csv(struct import *, const struct import_input *,
		    size_t);
int		 import_un_xml(struct import *, const struct import_input *,
		    size_t);
int		 import_uk_csv(struct import *, const struct import_input *,
		    size_t);
int		 import_eu_xml(struct import *, const struct import_input *,
		    size_t);
int		 import_os_csv(struct import *, const struct import_input *,
		    size_t);
int		 import_os_ftm(struct import *, const struct import_input *,
		    size_t);
int		 import_us_csl(struct import *, const struct import_input *,
		    size_t);
int		 import_bis_dpl(struct import *, const struct import_input *,
		    size_t);

/* country.c */

#endif /* SANCTWATCH_IMPORT_INT_H */
