/*
 * sanctwatch import: official lists -> watchlist YAML, behind one table of
 * formats.  This is all the client (sanctwatch import) and the import
 * fuzzer need; what the format files share is in import-int.h.  Of the
 * programs only the client links the importers; they build on the core
 * (core.h) and never on the daemon.
 */
#ifndef SANCTWATCH_IMPORT_H
#define SANCTWATCH_IMPORT_H

#include "core/core.h"

#define IMPORT_MAX_FILE		(1024u * 1024 * 1024)	/* one input file */

struct import;

/* One input file, in memory. */
struct import_input {
	const char	 *name;		/* for reports: FILE:LINE */
	char		 *data;		/* NUL-terminated */
	size_t		  len;
};

/* One row per format (import.c): what it reads and which function. */
struct import_format {
	const char	 *name;
	const char	 *files;	/* for the usage message */
	const char	 *title;	/* the watchlist's name */
	const char	 *issuer;	/* who publishes the list */
	const char	 *topic;	/* of entries without one, or NULL */
	int		(*fn)(struct import *, const struct import_input *,
			    size_t);
};

/* import.c */
extern const struct import_format import_formats[];
extern const size_t import_nformats;
const struct import_format *import_format_find(const char *);
int		 import_mem(const char *, const struct import_input *, size_t,
		    const char *, FILE *, FILE *);
int		 import_run(const char *, char **, size_t, const char *, FILE *,
		    FILE *);

#endif /* SANCTWATCH_IMPORT_H */
