/*
 * The rules benchmark driver (scripts/bench-rules builds and runs it):
 * loads a watchlist and, if given, rules files, cuts a text into documents
 * of about 4 KB at line ends (the size of a news article) and builds the
 * alerts of each (alert_build: the matcher's scan, the rules' terms and
 * windows, the alert records), three times over; prints one line: rules,
 * term patterns, documents, MB, the best CPU seconds of the three passes,
 * MB/s, and the alerts of each kind of one pass.  Nothing is asserted.
 *
 * Usage: rules-bench WATCHLIST TEXT [RULES...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"

#include "bench.h"

#define BENCH_DOC	4096
#define BENCH_PASSES	3

int
main(int argc, char **argv)
{
	struct diag		 diag = { 0 };
	struct strv		 wfiles = { 0 }, rfiles = { 0 };
	struct watchlist	*wl;
	struct matcher		*m;
	struct rules		*rules = NULL;
	struct alert_opts	 opts = { 0.80, 200, NULL };
	struct document		 doc;
	struct alert		*alerts;
	const char		*text;
	char			*buf;
	size_t			 len, off, end, n, i, docs = 0;
	size_t			 kinds[ALERT_KINDS] = { 0 };
	double			 t0, t, best = 0;
	int			 pass, k;

	if (argc < 3) {
		fprintf(stderr, "usage: rules-bench WATCHLIST TEXT [RULES...]\n");
		return (1);
	}
	strv_push(&wfiles, argv[1]);
	for (k = 3; k < argc; k++)
		strv_push(&rfiles, argv[k]);
	if ((wl = watchlist_load(&wfiles, &diag)) == NULL || (rfiles.n > 0 &&
	    (rules = rules_load(&rfiles, wl, &diag)) == NULL)) {
		diag_print(&diag, stderr);
		return (1);
	}
	m = matcher_new(wl);
	opts.rules = rules;
	text = bench_map(argv[2], &len);
	buf = xmalloc(2 * BENCH_DOC + 1);
	memset(&doc, 0, sizeof doc);
	doc.source_id = (char *)"bench";
	doc.url = (char *)"bench";
	doc.text = buf;
	for (pass = 0; pass < BENCH_PASSES; pass++) {
		t0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
		for (off = 0; off < len; off = end) {
			end = off + BENCH_DOC < len ? off + BENCH_DOC : len;
			while (end < len && end - off < 2 * BENCH_DOC &&
			    text[end - 1] != '\n')
				end++;
			memcpy(buf, text + off, end - off);
			buf[end - off] = '\0';
			doc.len = end - off;
			n = alert_build(&doc, wl, m, &opts, &alerts);
			if (pass == 0) {
				docs++;
				for (i = 0; i < n; i++)
					kinds[alerts[i].kind]++;
			}
			alert_free_array(alerts, n);
		}
		t = bench_clock(CLOCK_PROCESS_CPUTIME_ID) - t0;
		if (pass == 0 || t < best)
			best = t;
	}
	printf("rules %zu terms %zu docs %zu MB %.1f cpu_s %.3f MB/s %.1f "
	    "alerts entity %zu country %zu rule %zu\n", rules_count(rules),
	    rules_terms(rules), docs, len / 1e6, best, len / 1e6 / best,
	    kinds[PARTY_ENTITY], kinds[PARTY_COUNTRY], kinds[PARTY_RULE]);
	free(buf);
	rules_free(rules);
	matcher_free(m);
	watchlist_free(wl);
	strv_free(&wfiles);
	strv_free(&rfiles);
	diag_free(&diag);
	return (0);
}
