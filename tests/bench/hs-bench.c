/*
 * The Vectorscan peer of the matcher benchmark: compiles every line of a
 * names file as a caseless literal with hs_compile_lit_multi (no word
 * boundaries: the literal API has none), scans the text in one block and
 * prints build seconds, scan seconds, MB/s and matches, like matcher-bench.
 *
 * Usage: hs-bench NAMES TEXT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hs.h>

#include "bench.h"

static size_t	matches;

/* Count one match. */
static int
hs_bench_match(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	(void)id; (void)from; (void)to; (void)flags; (void)ctx;
	matches++;
	return (0);
}

int
main(int argc, char **argv)
{
	const char		*names, *text, *s, *e, *end;
	const char		**lits = NULL;
	size_t			*lens = NULL;
	unsigned		*flags = NULL, *ids = NULL;
	size_t			 nlen, tlen, n = 0, cap = 0, off;
	hs_database_t		*db;
	hs_scratch_t		*scratch = NULL;
	hs_compile_error_t	*err;
	double			 t0, t1, t2;

	if (argc != 3) {
		fprintf(stderr, "usage: hs-bench NAMES TEXT\n");
		return (2);
	}
	names = bench_map(argv[1], &nlen);
	text = bench_map(argv[2], &tlen);
	end = names + nlen;
	for (s = names; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		if (e == s)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			lits = realloc(lits, cap * sizeof *lits);
			lens = realloc(lens, cap * sizeof *lens);
			flags = realloc(flags, cap * sizeof *flags);
			ids = realloc(ids, cap * sizeof *ids);
			if (!lits || !lens || !flags || !ids)
				abort();
		}
		lits[n] = s;
		lens[n] = (size_t)(e - s);
		flags[n] = HS_FLAG_CASELESS;
		ids[n] = (unsigned)n;
		n++;
	}
	t0 = bench_clock(CLOCK_MONOTONIC);
	if (hs_compile_lit_multi(lits, flags, ids, lens, (unsigned)n,
	    HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
		fprintf(stderr, "hs_compile_lit_multi: %s\n", err->message);
		return (1);
	}
	if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
		return (1);
	t1 = bench_clock(CLOCK_MONOTONIC);
	for (off = 0; off < tlen; off += 1u << 30) {
		if (hs_scan(db, text + off, (unsigned)(tlen - off > (1u << 30) ?
		    1u << 30 : tlen - off), 0, scratch, hs_bench_match,
		    NULL) != HS_SUCCESS)
			return (1);
	}
	t2 = bench_clock(CLOCK_MONOTONIC);
	printf("names %zu build %.3f scan %.3f mbps %.0f hits %zu rss_mb %.0f\n",
	    n, t1 - t0, t2 - t1, tlen / 1e6 / (t2 - t1), matches,
	    bench_rss_mb());
	return (0);
}
