/*
 * ytree-value: the typed accessors of ytree nodes, each checking one node
 * and reporting a located error.  A plain
 * null (empty, ~ or null) reads as an empty mapping or list, so a section
 * whose lines are all commented out is valid; it is never a string.  Numbers
 * may be quoted or not.  Durations are an integer and a unit: 500ms, 30s, 5m,
 * 2h, 1d; a bare integer is an error, as its unit would be a guess.  Sizes
 * are bytes: 512, or an integer with KiB, MiB or GiB (powers of 1024); the
 * 1000-based KB and MB are not accepted, so no size means two things.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

/* One unit of a duration or a size. */
struct yunit {
	const char	*name;
	uint64_t	 mult;
};

static const struct yunit ytree_duration_units[] = {
	{ .name = "ms", .mult = 1 },
	{ .name = "s", .mult = 1000 },
	{ .name = "m", .mult = 60 * 1000 },
	{ .name = "h", .mult = 60 * 60 * 1000 },
	{ .name = "d", .mult = 24 * 60 * 60 * 1000 },
};

static const struct yunit ytree_size_units[] = {
	{ .name = "", .mult = 1 },
	{ .name = "KiB", .mult = 1024 },
	{ .name = "MiB", .mult = 1024 * 1024 },
	{ .name = "GiB", .mult = 1024 * 1024 * 1024 },
};

/* A string's text, in the node; NULL (reported) if it is not one. */
const char *
ytree_str(const struct ynode *n, struct diag *diag)
{
	if (!ytree_value(n)) {
		ytree_error(diag, n, "expected a string");
		return (NULL);
	}
	return (n->scalar);
}

/* Read a string, replacing (and freeing) *out; -1 if it is not one. */
int
ytree_string(const struct ynode *n, struct diag *diag, char **out)
{
	const char	*s;

	if ((s = ytree_str(n, diag)) == NULL)
		return (-1);
	free(*out);
	*out = xstrdup(s);
	return (0);
}

/* Append a list of strings to sv (null is an empty list); -1 on error. */
int
ytree_strlist(const struct ynode *n, struct diag *diag, struct strv *sv)
{
	size_t	 i;
	int	 rc = 0;

	if (ytree_null(n))
		return (0);
	if (n->type != YNODE_SEQ) {
		ytree_error(diag, n, "expected a list of strings");
		return (-1);
	}
	for (i = 0; i < n->n; i++) {
		if (!ytree_value(n->items[i])) {
			ytree_error(diag, n->items[i], "expected a string");
			rc = -1;
		} else
			strv_push(sv, n->items[i]->scalar);
	}
	return (rc);
}

/* Parse leading decimal digits into *v; -1 if none or on overflow. */
static int
ytree_digits(const char **sp, uint64_t *v)
{
	const char	*s = *sp;
	unsigned	 d;

	*v = 0;
	if (*s < '0' || *s > '9')
		return (-1);
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (unsigned)(*s - '0');
		if (*v > (UINT64_MAX - d) / 10)
			return (-1);
		*v = *v * 10 + d;
	}
	*sp = s;
	return (0);
}

/* Parse an integer followed by exactly one unit of a table. */
static int
ytree_parse_units(const char *s, const struct yunit *units, size_t nunits,
    uint64_t *out)
{
	uint64_t	 v;
	size_t		 i;

	if (ytree_digits(&s, &v) == -1)
		return (-1);
	for (i = 0; i < nunits; i++) {
		if (strcmp(s, units[i].name) != 0)
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return (-1);
		*out = v * units[i].mult;
		return (0);
	}
	return (-1);
}

/* Parse a duration (500ms, 30s, 5m, 2h, 1d) into milliseconds. */
int
ytree_int_parse_duration(const char *s, uint64_t *ms)
{
	return (ytree_parse_units(s, ytree_duration_units,
	    nitems(ytree_duration_units), ms));
}

/* Parse a size (512, 512KiB, 16MiB, 1GiB) into bytes. */
int
ytree_int_parse_size(const char *s, uint64_t *bytes)
{
	return (ytree_parse_units(s, ytree_size_units,
	    nitems(ytree_size_units), bytes));
}

/* A value in its largest unit that divides it exactly: 90000 -> "90s". */
static void
ytree_fmt_units(char *buf, size_t len, uint64_t v, const struct yunit *units,
    size_t nunits)
{
	size_t	 i = nunits - 1;

	while (i > 0 && (v == 0 || v % units[i].mult != 0))
		i--;
	snprintf(buf, len, "%" PRIu64 "%s", v / units[i].mult, units[i].name);
}

/* A duration in milliseconds as it reads back, in its largest exact unit. */
void
ytree_fmt_duration(char *buf, size_t len, uint64_t ms)
{
	ytree_fmt_units(buf, len, ms, ytree_duration_units,
	    nitems(ytree_duration_units));
}

/* A size in bytes as it reads back, in its largest exact unit. */
void
ytree_fmt_size(char *buf, size_t len, uint64_t bytes)
{
	ytree_fmt_units(buf, len, bytes, ytree_size_units,
	    nitems(ytree_size_units));
}

/* Whether a string is all decimal digits. */
static int
ytree_all_digits(const char *s)
{
	if (*s == '\0')
		return (0);
	return (s[strspn(s, "0123456789")] == '\0');
}

/* Read a duration in milliseconds; -1 if it is not one. */
int
ytree_duration(const struct ynode *n, struct diag *diag, uint64_t *ms)
{
	if (ytree_value(n) && ytree_int_parse_duration(n->scalar, ms) == 0)
		return (0);
	if (ytree_value(n) && ytree_all_digits(n->scalar)) {
		ytree_error(diag, n, "duration '%s' needs a unit: ms, s, m, h "
		    "or d", n->scalar);
	} else {
		ytree_error(diag, n, "expected a duration such as 500ms, 30s, "
		    "5m, 2h or 1d");
	}
	return (-1);
}

/* Read a size in bytes; -1 if it is not one. */
int
ytree_size(const struct ynode *n, struct diag *diag, uint64_t *bytes)
{
	if (ytree_value(n) && ytree_int_parse_size(n->scalar, bytes) == 0)
		return (0);
	ytree_error(diag, n, "expected a size such as 512, 512KiB, 16MiB or "
	    "1GiB");
	return (-1);
}

/* Whether a string looks like a decimal number to strtod: no "inf", hex. */
static int
ytree_decimal(const char *s)
{
	static const char	 chars[] = "+-.0123456789eE";

	if (*s == '\0' || strchr("+-.0123456789", *s) == NULL)
		return (0);
	return (s[strspn(s, chars)] == '\0');
}

/* Read a finite decimal number; -1 if it is not one. */
int
ytree_double(const struct ynode *n, struct diag *diag, double *out)
{
	char	*end;
	double	 v;

	if (ytree_value(n) && ytree_decimal(n->scalar)) {
		errno = 0;
		v = strtod(n->scalar, &end);
		if (*end == '\0' && errno == 0 && isfinite(v)) {
			*out = v;
			return (0);
		}
	}
	ytree_error(diag, n, "expected a number");
	return (-1);
}

/* Read a non-negative decimal integer; -1 if it is not one. */
int
ytree_uint(const struct ynode *n, struct diag *diag, uint64_t *out)
{
	const char	*s;
	uint64_t	 v;

	if (ytree_value(n)) {
		s = n->scalar;
		if (ytree_digits(&s, &v) == 0 && *s == '\0') {
			*out = v;
			return (0);
		}
	}
	ytree_error(diag, n, "expected a non-negative integer");
	return (-1);
}
