/*
 * The matcher benchmark driver (scripts/bench-matcher builds and runs it):
 * reads a names file (one name a line; each becomes an entity of type
 * "other", so no variants but legal-form stripping) and a text file,
 * compiles the matcher, scans the whole text as one document and prints
 * one line: names, patterns, build seconds, scan seconds (wall clock and
 * the process's CPU time: the machine may be shared), MB/s of both, hits,
 * the peak RSS in MB once the names and text are loaded (before the build)
 * and at the end.  Nothing is asserted.
 *
 * Usage: matcher-bench NAMES TEXT
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"

#include "bench.h"

static size_t	hits;

/* Count one hit. */
static void
bench_hit(const struct match_hit *h, void *arg)
{
	(void)h;
	(void)arg;
	hits++;
}

/*
 * A watchlist with one entity per line of the names file.  The names stay
 * in one buffer, the file's bytes with NULs for newlines, and the ids in
 * another: the same strings a loader would make, without a heap block
 * each, so the peak RSS is the watchlist's and the matcher's, not malloc's.
 */
static struct watchlist *
bench_watchlist(const char *path)
{
	struct watchlist	*wl;
	char			*buf, *s, *e, *end, *ids;
	size_t			 len, n = 0, cap = 1, off = 0;
	ssize_t			 r;
	int			 fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		perror(path);
		exit(1);
	}
	len = (size_t)lseek(fd, 0, SEEK_END);
	buf = xmalloc(len + 1);
	while (off < len && (r = pread(fd, buf + off, len - off,
	    (off_t)off)) > 0)
		off += (size_t)r;
	close(fd);
	len = off;
	buf[len] = '\n';
	for (s = buf; s < buf + len; s++)
		cap += *s == '\n';
	wl = xcalloc(1, sizeof *wl);
	wl->entities = xcalloc(cap, sizeof *wl->entities);
	ids = xmalloc(cap * 22);
	end = buf + len;
	for (s = buf; s < end; s = e + 1) {
		e = memchr(s, '\n', (size_t)(end + 1 - s));
		*e = '\0';
		if (e == s)
			continue;
		wl->entities[n].id = ids;
		ids += snprintf(ids, 22, "n%zu", n) + 1;
		wl->entities[n].name = s;
		wl->entities[n].type = ENTITY_OTHER;
		n++;
	}
	wl->nentities = n;
	return (wl);
}

int
main(int argc, char **argv)
{
	struct watchlist	*wl;
	struct matcher		*m;
	const char		*text;
	size_t			 len;
	double			 t0, t1, t2, c1, c2, load_rss;

	if (argc != 3) {
		fprintf(stderr, "usage: matcher-bench NAMES TEXT\n");
		return (2);
	}
	log_init(LOG_LVL_ERROR, "matcher-bench");
	wl = bench_watchlist(argv[1]);
	text = bench_map(argv[2], &len);
	load_rss = bench_rss_mb();
	t0 = bench_clock(CLOCK_MONOTONIC);
	m = matcher_new(wl);
	t1 = bench_clock(CLOCK_MONOTONIC);
	c1 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
	matcher_scan(m, text, len, bench_hit, NULL);
	t2 = bench_clock(CLOCK_MONOTONIC);
	c2 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
	printf("names %zu patterns %zu build %.3f scan %.3f scan_cpu %.3f "
	    "mbps %.0f mbps_cpu %.0f hits %zu load_rss_mb %.0f rss_mb %.0f\n",
	    wl->nentities, matcher_names(m), t1 - t0, t2 - t1, c2 - c1,
	    len / 1e6 / (t2 - t1), len / 1e6 / (c2 - c1), hits, load_rss,
	    bench_rss_mb());
	return (0);
}
