/*
 * A small unit-test framework: each file in tests/unit declares a table of
 * {name, fn} rows with UNIT_SUITE(); a constructor registers it, so adding a
 * file or a row is all it takes.  CHECK* record a failure with its location
 * and carry on, so one run shows every broken assertion; CHECK_STR,
 * CHECK_INT and CHECK_DBL print the value got beside the one wanted.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stddef.h>
#include <string.h>

struct alert;
struct diag;

/* The log captured: stderr sent to a file (unit_log_begin, _end). */
struct unit_log {
	char	 path[64];
	int	 saved;		/* the real stderr */
	int	 level;
};

struct unit_test {
	const char	*name;
	void		(*fn)(void);
};

void	unit_register(const char *, const struct unit_test *, size_t);
int	unit_check(int, const char *, const char *, int);
int	unit_check_str(const char *, const char *, const char *, const char *,
	    int);
int	unit_check_int(long long, long long, const char *, const char *, int);
int	unit_check_dbl(double, double, const char *, const char *, int);
int	unit_log_begin(struct unit_log *);
char	*unit_log_end(struct unit_log *);
int	unit_check_diag(const struct diag *, const char *const *, size_t,
	    const char *, int);
const struct alert *unit_alert_of(const struct alert *, size_t,
	    const char *);

#ifndef nitems
#define nitems(a)		(sizeof (a) / sizeof (a)[0])
#endif

#define CHECK(c)		unit_check(!!(c), #c, __FILE__, __LINE__)
#define CHECK_STR(a, b)		unit_check_str((a), (b), #a, __FILE__, __LINE__)
#define CHECK_INT(a, b)		unit_check_int((long long)(a), (long long)(b), \
				    #a, __FILE__, __LINE__)
#define CHECK_DBL(a, b)		unit_check_dbl((double)(a), (double)(b), #a, \
				    __FILE__, __LINE__)

/* Check that a diag holds exactly these messages, in order. */
#define EXPECT_DIAG(d, ...) do {					\
	static const char *const want_[] = { __VA_ARGS__ };		\
	unit_check_diag((d), want_, nitems(want_), __FILE__, __LINE__);	\
} while (0)

#define UNIT_SUITE(suite, ...)						\
	static const struct unit_test suite##_tests[] = { __VA_ARGS__ };	\
	static void suite##_register(void) __attribute__((constructor));	\
	static void suite##_register(void)					\
	{								\
		unit_register(#suite, suite##_tests,			\
		    sizeof suite##_tests / sizeof suite##_tests[0]);	\
	}

#endif
