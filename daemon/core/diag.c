/*
 * Diagnostics: configuration and watchlist errors are collected as
 * "FILE:LINE:COL: message" lines rather than stopping at the first, and
 * reported together at the end (bgpd parse.y, h2o).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/core.h"

/* Record one error at a location; line and col are 1-based, 0 if unknown. */
void
diag_add(struct diag *d, const char *file, size_t line, size_t col,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (line == 0)
		strv_push_owned(&d->msgs, xasprintf("%s: %s", file, msg));
	else {
		strv_push_owned(&d->msgs, xasprintf("%s:%zu:%zu: %s", file,
		    line, col, msg));
	}
	free(msg);
}

/* How many errors were recorded. */
size_t
diag_count(const struct diag *d)
{
	return (d->msgs.n);
}

/* Print every error, one per line. */
void
diag_print(const struct diag *d, FILE *f)
{
	size_t	 i;

	for (i = 0; i < d->msgs.n; i++)
		fprintf(f, "%s\n", d->msgs.v[i]);
}

/* Forget every error. */
void
diag_free(struct diag *d)
{
	strv_free(&d->msgs);
}
