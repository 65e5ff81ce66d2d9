/*
 * What the benchmark drivers share (matcher-bench.c, hs-bench.c,
 * textpath-bench.c, docpath-bench.c): the clocks, the best CPU time of
 * several runs, mapping a file and peak RSS.  hs-bench links no sanctwatch
 * code, so this is a header of static functions, not a part of the library.
 */
#ifndef BENCH_H
#define BENCH_H

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Seconds on a clock: CLOCK_MONOTONIC, or a CPU-time clock. */
static inline double
bench_clock(clockid_t clock)
{
	struct timespec	 ts;

	clock_gettime(clock, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/*
 * Map a whole file read-only, its pages read in now, so that a scan's time
 * is not its page faults; exit on failure.
 */
static inline const char *
bench_map(const char *path, size_t *len)
{
	struct stat	 st;
	void		*p;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		perror(path);
		exit(1);
	}
	*len = (size_t)st.st_size;
	p = mmap(NULL, *len ? *len : 1, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
	    0);
	if (p == MAP_FAILED) {
		perror(path);
		exit(1);
	}
	close(fd);
	return (p);
}

/* The best CPU time of runs runs of f (the machine may be shared). */
static inline double
bench_best(void (*f)(void), int runs)
{
	double	 best = 1e30, c0, c;
	int	 r;

	for (r = 0; r < runs; r++) {
		c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
		f();
		c = bench_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (c < best)
			best = c;
	}
	return (best);
}

/* The peak RSS of the process so far, in MB. */
static inline double
bench_rss_mb(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_maxrss / 1024.0);
}

#endif
