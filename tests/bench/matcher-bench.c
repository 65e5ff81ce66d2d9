/*
 * The matcher benchmark driver (scripts/bench-matcher builds and runs it):
 * reads a names file (one name a line; each becomes an entity of type
 * "other", so no variants but legal-form stripping) and a text file,
 * compiles the matcher, scans the whole text as one document and prints
 * one line: names, patterns, build seconds, scan seconds, MB/s, hits and
 * peak RSS in MB.  Nothing is asserted.
 *
 * Usage: matcher-bench NAMES TEXT
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sanctwatch.h"

static size_t	hits;

/* Count one hit. */
static void
bench_hit(const struct match_hit *h, void *arg)
{
	(void)h;
	(void)arg;
	hits++;
}

/* Seconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Map a whole file read-only; exit on failure. */
static const char *
bench_map(const char *path, size_t *len)
{
	struct stat	 st;
	void		*p;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		fatal("%s", path);
	*len = (size_t)st.st_size;
	p = mmap(NULL, *len ? *len : 1, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		fatal("mmap %s", path);
	close(fd);
	return (p);
}

/* A watchlist with one entity per line of the names file. */
static struct watchlist *
bench_watchlist(const char *path)
{
	struct watchlist	*wl;
	const char		*s, *e, *end;
	size_t			 len, n = 0, cap = 0;

	s = bench_map(path, &len);
	end = s + len;
	wl = xcalloc(1, sizeof *wl);
	for (; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		if (e == s)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			wl->entities = xreallocarray(wl->entities, cap,
			    sizeof *wl->entities);
		}
		memset(&wl->entities[n], 0, sizeof wl->entities[n]);
		wl->entities[n].id = xasprintf("n%zu", n);
		wl->entities[n].name = xstrndup(s, (size_t)(e - s));
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
	struct rusage		 ru;
	const char		*text;
	size_t			 len;
	double			 t0, t1, t2;

	if (argc != 3) {
		fprintf(stderr, "usage: matcher-bench NAMES TEXT\n");
		return (2);
	}
	log_init(LOG_LVL_ERROR, "matcher-bench");
	wl = bench_watchlist(argv[1]);
	text = bench_map(argv[2], &len);
	t0 = bench_now();
	m = matcher_new(wl);
	t1 = bench_now();
	matcher_scan(m, text, len, bench_hit, NULL);
	t2 = bench_now();
	getrusage(RUSAGE_SELF, &ru);
	printf("names %zu patterns %zu build %.3f scan %.3f mbps %.0f hits %zu "
	    "rss_mb %.0f\n", wl->nentities, matcher_names(m), t1 - t0, t2 - t1,
	    len / 1e6 / (t2 - t1), hits, ru.ru_maxrss / 1024.0);
	return (0);
}
