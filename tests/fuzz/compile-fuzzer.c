/*
 * Fuzz watchlist compilation: any watchlist that loads must compile into a
 * matcher without a crash, a leak or undefined behaviour, whatever its
 * names normalize to (nothing, legal forms only, one letter, Cyrillic,
 * invalid bytes, very long words).  The compiled matcher then scans the
 * watchlist's own names, one after another: every hit must lie inside the
 * text and name a party of the watchlist with a score in [0, 1].
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

struct fuzz_ctx {
	const struct watchlist	*wl;
	size_t			 len;
};

/* Check one hit; abort if it breaks a promise. */
static void
fuzz_hit(const struct match_hit *h, void *arg)
{
	const struct fuzz_ctx	*c = arg;

	if (h->start >= h->end || h->end > c->len || h->score < 0 ||
	    h->score > 1 || h->name == NULL)
		abort();
	if (h->kind == PARTY_ENTITY ? h->party >= c->wl->nentities :
	    h->party >= c->wl->ncountries)
		abort();
}

/* Append s and a separator to the text being built. */
static void
fuzz_append(char **t, size_t *len, size_t *cap, const char *s)
{
	size_t	 n = strlen(s);

	while (*len + n + 2 > *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*t = xreallocarray(*t, *cap, 1);
	}
	memcpy(*t + *len, s, n);
	*len += n;
	(*t)[(*len)++] = '\n';
	(*t)[*len] = '\0';
}

/* The watchlist's names, one a line. */
static char *
fuzz_names(const struct watchlist *w, size_t *len)
{
	char	*t = NULL;
	size_t	 cap = 0, i, j;

	*len = 0;
	fuzz_append(&t, len, &cap, "");
	for (i = 0; i < w->nentities; i++) {
		fuzz_append(&t, len, &cap, w->entities[i].name);
		for (j = 0; j < w->entities[i].aliases.n; j++)
			fuzz_append(&t, len, &cap, w->entities[i].aliases.v[j]);
	}
	for (i = 0; i < w->ncountries; i++)
		fuzz_append(&t, len, &cap, w->countries[i].name);
	return (t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag		 d = { 0 };
	struct watchlist	*w;
	struct matcher		*m;
	struct fuzz_ctx		 c;
	char			*text;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	log_setlevel(LOG_LVL_ERROR);	/* names that never match warn */
	w = watchlist_load_mem("fuzz.yaml", data, size, &d);
	diag_free(&d);
	if (w == NULL)
		return (0);
	m = matcher_new(w);
	text = fuzz_names(w, &c.len);
	c.wl = w;
	matcher_scan(m, text, c.len, fuzz_hit, &c);
	free(text);
	matcher_free(m);
	watchlist_free(w);
	return (0);
}
