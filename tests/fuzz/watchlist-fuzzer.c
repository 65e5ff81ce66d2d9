/*
 * libFuzzer harness for watchlist_load_mem: any input must either load or
 * be refused with located errors, without a crash, a leak or undefined
 * behaviour.  A watchlist that loads is checked for what the loader
 * promises: upper-case two-letter codes that look themselves up.  Every
 * input is also loaded through libyaml alone: the fast path for the
 * importers' files must give the same watchlist and the same errors.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

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

/* Abort unless two loads gave the same watchlist (or none) and errors. */
static void
fuzz_same(const struct watchlist *a, const struct diag *da,
    const struct watchlist *b, const struct diag *db)
{
	size_t	 i;

	if ((a == NULL) != (b == NULL) || diag_count(da) != diag_count(db))
		abort();
	for (i = 0; i < diag_count(da); i++) {
		if (strcmp(da->msgs.v[i], db->msgs.v[i]) != 0)
			abort();
	}
	if (a != NULL && (!watchlist_same(a, b) ||
	    strcmp(a->hash, b->hash) != 0))
		abort();
}

/* Load one input, with the fast path and without. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 d = { 0 }, d2 = { 0 };
	struct watchlist	*w, *w2;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	watchlist_fastpath = 1;
	w = watchlist_load_mem("fuzz.yaml", data, size, &d);
	if (w != NULL)
		fuzz_check(w);
	watchlist_fastpath = 0;
	w2 = watchlist_load_mem("fuzz.yaml", data, size, &d2);
	watchlist_fastpath = 1;
	fuzz_same(w, &d, w2, &d2);
	watchlist_free(w);
	watchlist_free(w2);
	diag_free(&d);
	diag_free(&d2);
	return (0);
}
