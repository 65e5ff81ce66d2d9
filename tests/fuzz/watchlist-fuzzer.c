/*
 * libFuzzer harness for watchlist_load_mem: any input must either load or
 * be refused with located errors, without a crash, a leak or undefined
 * behaviour.  A watchlist that loads is checked for what the loader
 * promises: upper-case two-letter codes that look themselves up.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sanctwatch.h"

/* Check the promises of a loaded watchlist; abort if one is broken. */
static void
fuzz_check(const struct watchlist *w)
{
	size_t	 i, j;

	for (i = 0; i < w->ncountries; i++) {
		if (strlen(w->countries[i].code) != 2 ||
		    watchlist_country(w, w->countries[i].code) !=
		    &w->countries[i])
			abort();
	}
	for (i = 0; i < w->nentities; i++) {
		if (w->entities[i].id[0] == '\0' ||
		    w->entities[i].name == NULL ||
		    strcmp(watchlist_type_name(w->entities[i].type), "?") == 0)
			abort();
		for (j = 0; j < w->entities[i].countries.n; j++) {
			if (strlen(w->entities[i].countries.v[j]) != 2)
				abort();
		}
	}
	if (strlen(w->hash) != 64)
		abort();
}

/* Load one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	w = watchlist_load_mem("fuzz.yaml", data, size, &d);
	if (w != NULL)
		fuzz_check(w);
	watchlist_free(w);
	diag_free(&d);
	return (0);
}
