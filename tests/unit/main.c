/*
 * The unit-test runner: runs every registered suite (or those named on the
 * command line), prints one TAP-style line per test and ends with
 * "unit: N passed, N failed".  Exit status 1 if any test failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "unit.h"

#define MAX_SUITES 64

static struct {
	const char		*name;
	const struct unit_test	*tests;
	size_t			 n;
} suites[MAX_SUITES];
static size_t	nsuites;
static int	failures;	/* in the test being run */

void
unit_register(const char *name, const struct unit_test *tests, size_t n)
{
	if (nsuites == MAX_SUITES) {
		fprintf(stderr, "too many suites\n");
		exit(2);
	}
	suites[nsuites].name = name;
	suites[nsuites].tests = tests;
	suites[nsuites].n = n;
	nsuites++;
}

int
unit_check(int ok, const char *what, const char *file, int line)
{
	if (!ok) {
		printf("#   %s:%d: CHECK(%s) failed\n", file, line, what);
		failures++;
	}
	return (ok);
}

int
unit_check_str(const char *got, const char *want, const char *what,
    const char *file, int line)
{
	if (got == NULL || want == NULL ? got != want : strcmp(got, want) != 0) {
		printf("#   %s:%d: %s is \"%s\", want \"%s\"\n", file, line, what,
		    got ? got : "(null)", want ? want : "(null)");
		failures++;
		return (0);
	}
	return (1);
}

/* Check two doubles agree to within 1e-9, printing both if not. */
int
unit_check_dbl(double got, double want, const char *what, const char *file,
    int line)
{
	if (got - want > 1e-9 || want - got > 1e-9) {
		printf("#   %s:%d: %s is %.9g, want %.9g\n", file, line, what,
		    got, want);
		failures++;
		return (0);
	}
	return (1);
}

int
unit_check_int(long long got, long long want, const char *what,
    const char *file, int line)
{
	if (got != want) {
		printf("#   %s:%d: %s is %lld, want %lld\n", file, line, what,
		    got, want);
		failures++;
		return (0);
	}
	return (1);
}

/* The alert of party (or rule) id among a[0..n), or NULL. */
const struct alert *
unit_alert_of(const struct alert *a, size_t n, const char *id)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(a[i].party_id, id) == 0)
			return (&a[i]);
	}
	return (NULL);
}

int
unit_check_diag(const struct diag *d, const char *const *want, size_t n,
    const char *file, int line)
{
	size_t	 i;
	int	 ok;

	ok = unit_check_int((long long)diag_count(d), (long long)n,
	    "diag_count", file, line);
	if (!ok)
		diag_print(d, stdout);
	for (i = 0; i < n && i < diag_count(d); i++)
		ok &= unit_check_str(d->msgs.v[i], want[i], "message", file,
		    line);
	return (ok);
}

static int
selected(int argc, char **argv, const char *suite)
{
	int	 i;

	if (argc < 2)
		return (1);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], suite) == 0)
			return (1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	size_t	 s, t;
	int	 passed = 0, failed = 0, n = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = 0; s < nsuites; s++) {
		if (!selected(argc, argv, suites[s].name))
			continue;
		for (t = 0; t < suites[s].n; t++) {
			failures = 0;
			suites[s].tests[t].fn();
			n++;
			if (failures == 0) {
				printf("ok %d - %s/%s\n", n, suites[s].name,
				    suites[s].tests[t].name);
				passed++;
			} else {
				printf("not ok %d - %s/%s\n", n, suites[s].name,
				    suites[s].tests[t].name);
				failed++;
			}
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return (failed == 0 ? 0 : 1);
}

/* Send stderr to a fresh temporary file. */
int
unit_log_begin(struct unit_log *t)
{
	int	 fd;

	snprintf(t->path, sizeof t->path, "/tmp/sw-log-XXXXXX");
	if ((fd = mkstemp(t->path)) == -1)
		return (-1);
	fflush(stderr);
	t->saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	t->level = log_getlevel();
	unsetenv("JOURNAL_STREAM");
	unsetenv("SANCTWATCH_LOG_PREFIX");
	return (0);
}

/* Put stderr back; what was written, from malloc. */
char *
unit_log_end(struct unit_log *t)
{
	char	*buf;
	FILE	*f;
	long	 n;

	fflush(stderr);
	dup2(t->saved, STDERR_FILENO);
	close(t->saved);
	unsetenv("JOURNAL_STREAM");
	unsetenv("SANCTWATCH_LOG_PREFIX");
	log_init(t->level, "sanctwatch");
	buf = xcalloc(1, 65536);
	if ((f = fopen(t->path, "r")) != NULL) {
		n = (long)fread(buf, 1, 65535, f);
		buf[n > 0 ? n : 0] = '\0';
		fclose(f);
	}
	unlink(t->path);
	return (buf);
}
