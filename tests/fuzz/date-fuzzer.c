/*
 * Fuzz the publication-date parser (date.c) and the page-date finder
 * (html.c through extract_document): any bytes as a date must parse to a
 * time whose ISO form is 20 characters and parses back to the same time,
 * or be refused; date_published must keep to its window; a page made of
 * the bytes must give an empty or well-formed date.  Never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "core/core.h"

#define NOW	((time_t)1733443200)

/* An ISO-8601 UTC string as date_iso writes it, or empty. */
static void
check_iso(const char *s)
{
	time_t	 t;
	char	 again[DATE_ISO_LEN];

	if (s[0] == '\0')
		return;
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' ||
	    date_parse(s, &t) == -1)
		abort();
	date_iso(t, again);
	if (strcmp(s, again) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct document	*d;
	char		*s, iso[DATE_ISO_LEN];
	time_t		 t;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (date_parse(s, &t) == 0) {
		date_iso(t, iso);
		if (iso[0] != '\0')
			check_iso(iso);
	}
	if (date_published(s, NOW, iso) == 0) {
		check_iso(iso);
		if (date_parse(iso, &t) == -1 || t < 631152000 ||
		    t > NOW + 86400)
			abort();
	} else if (iso[0] != '\0')
		abort();
	d = extract_document("fuzz", "http://fuzz/", FORMAT_HTML, NULL, s,
	    size);
	check_iso(d->published);
	document_free(d);
	free(s);
	return (0);
}
