/*
 * Publication dates, as feeds, APIs and pages write them, -> ISO-8601 UTC.
 *
 * Two shapes are read, each with its zone:
 *
 *   RFC 822/1123 (RSS pubDate, HTTP): "[Tue, ]5 Mar 2024 10:15[:30] ZONE",
 *	two-digit years (RFC 822, RFC 850's "05-Mar-24"), month names short
 *	or whole in any case, ZONE one of +HHMM, +HH:MM, the names of
 *	zone_names[] (UT, GMT, UTC, Z, the US zones of RFC 822 and a few
 *	common others) or absent (UTC); a zone name not in the table is
 *	refused rather than guessed;
 *   ISO 8601 / RFC 3339 (Atom, dc:date, JSON, <time datetime>):
 *	"2024-03-05", "2024-03-05T10:15[:30[.123]]" with T or a space, and
 *	"Z", "+01:00", "+0100", "+01" or no zone (UTC);
 *
 * and, for JSON APIs, a Unix time of 9 or 10 digits (seconds) or of 12 or
 * 13 (milliseconds).  Fields are checked (no 31 April, no hour 24); a
 * leap second reads as :59.  Everything is by hand over the bytes and
 * timegm(3), so the locale plays no part.  date_published() adds the
 * plausibility rule: a date before 1990 or more than a day ahead of now is
 * dropped as unreliable (feeds that write 1970 or a wrong zone).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core.h"

#define DATE_MIN		631152000	/* 1990-01-01T00:00:00Z */
#define DATE_AHEAD		86400		/* how far ahead is believed */
#define DATE_MAX_INPUT		128

/* A date being read: its fields, then its zone's offset in seconds. */
struct date_tm {
	int	 year;
	int	 mon;		/* 1-12 */
	int	 day;
	int	 hour;
	int	 min;
	int	 sec;
	long	 off;		/* east of UTC */
};

static const char *const date_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec",
};

/* Zone names and their offsets in minutes east of UTC. */
static const struct {
	const char	*name;
	int		 minutes;
} date_zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	{ "WET", 0 }, { "WEST", 60 }, { "BST", 60 }, { "CET", 60 },
	{ "CEST", 120 }, { "EET", 120 }, { "EEST", 180 }, { "MSK", 180 },
	{ "JST", 540 },
};

/* Skip white space. */
static const char *
date_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return (p);
}

/* Read between min and max digits into *v; the end, or NULL. */
static const char *
date_digits(const char *p, int min, int max, int *v)
{
	int	 n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)p[n]))
		*v = *v * 10 + (p[n++] - '0');
	return (n >= min ? p + n : NULL);
}

/* Read a month's name (its first three letters are enough); the end. */
static const char *
date_month(const char *p, int *mon)
{
	size_t	 n = 0, i;

	while (isalpha((unsigned char)p[n]))
		n++;
	if (n < 3 || n > 9)
		return (NULL);
	for (i = 0; i < nitems(date_months); i++) {
		if (strncasecmp(p, date_months[i], 3) == 0) {
			*mon = (int)i + 1;
			return (p + n);
		}
	}
	return (NULL);
}

/* Read a numeric zone: +HH, +HHMM or +HH:MM. */
static const char *
date_offset(const char *p, long *off)
{
	int	 sign = *p == '-' ? -1 : 1, h, m = 0;

	if ((p = date_digits(p + 1, 2, 2, &h)) == NULL)
		return (NULL);
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) &&
	    (p = date_digits(p, 2, 2, &m)) == NULL)
		return (NULL);
	if (h > 14 || m > 59)
		return (NULL);
	*off = sign * (h * 3600L + m * 60L);
	return (p);
}

/* Read a zone, numeric or named, or none; the end of the input, or NULL. */
static const char *
date_zone(const char *p, long *off)
{
	size_t	 n = 0, i;

	p = date_space(p);
	*off = 0;
	if (*p == '+' || *p == '-')
		p = date_offset(p, off);
	else if (isalpha((unsigned char)*p)) {
		while (isalpha((unsigned char)p[n]))
			n++;
		for (i = 0; i < nitems(date_zones); i++) {
			if (strlen(date_zones[i].name) == n &&
			    strncasecmp(p, date_zones[i].name, n) == 0)
				break;
		}
		if (i == nitems(date_zones))
			return (NULL);
		*off = date_zones[i].minutes * 60L;
		p += n;
	}
	if (p == NULL || *(p = date_space(p)) != '\0')
		return (NULL);
	return (p);
}

/* Read HH:MM[:SS[.fraction]]. */
static const char *
date_clock(const char *p, struct date_tm *t)
{
	if ((p = date_digits(p, 1, 2, &t->hour)) == NULL || *p++ != ':' ||
	    (p = date_digits(p, 2, 2, &t->min)) == NULL)
		return (NULL);
	if (*p == ':' && (p = date_digits(p + 1, 2, 2, &t->sec)) == NULL)
		return (NULL);
	if (*p == '.' || *p == ',') {
		p++;
		if (!isdigit((unsigned char)*p))
			return (NULL);
		while (isdigit((unsigned char)*p))
			p++;
	}
	return (p);
}

/* ISO 8601: YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][zone]. */
static int
date_iso8601(const char *p, struct date_tm *t)
{
	if ((p = date_digits(p, 4, 4, &t->year)) == NULL || *p++ != '-' ||
	    (p = date_digits(p, 2, 2, &t->mon)) == NULL || *p++ != '-' ||
	    (p = date_digits(p, 2, 2, &t->day)) == NULL)
		return (-1);
	if ((*p == 'T' || *p == 't' || *p == ' ') &&
	    isdigit((unsigned char)p[1])) {
		if ((p = date_clock(p + 1, t)) == NULL)
			return (-1);
	}
	return (date_zone(p, &t->off) != NULL ? 0 : -1);
}

/* RFC 822/1123/850: [Day,] D Mon YY[YY] HH:MM[:SS] [zone]. */
static int
date_rfc822(const char *p, struct date_tm *t)
{
	const char	*y;

	if (isalpha((unsigned char)*p)) {	/* the day's name */
		while (isalpha((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
		p = date_space(p);
	}
	if ((p = date_digits(p, 1, 2, &t->day)) == NULL)
		return (-1);
	p = *p == '-' ? p + 1 : date_space(p);
	if ((p = date_month(p, &t->mon)) == NULL)
		return (-1);
	p = *p == '-' ? p + 1 : date_space(p);
	y = p;
	if ((p = date_digits(p, 2, 4, &t->year)) == NULL || p - y == 3)
		return (-1);
	if (p - y == 2)
		t->year += t->year < 50 ? 2000 : 1900;
	if (*date_space(p) == '\0')
		return (0);		/* a date without a time */
	if (!isspace((unsigned char)*p))
		return (-1);
	if ((p = date_clock(date_space(p), t)) == NULL)
		return (-1);
	return (date_zone(p, &t->off) != NULL ? 0 : -1);
}

/* A Unix time in seconds (9-10 digits) or milliseconds (12-13). */
static int
date_unix(const char *p, time_t *out)
{
	size_t	 n = strspn(p, "0123456789");
	long long v;

	if (p[n] != '\0' || (n != 9 && n != 10 && n != 12 && n != 13))
		return (-1);
	v = strtoll(p, NULL, 10);
	*out = (time_t)(n > 10 ? v / 1000 : v);
	return (0);
}

/* The fields as a time, if they name a real moment. */
static int
date_make(const struct date_tm *t, time_t *out)
{
	struct tm	 tm;
	time_t		 v;

	if (t->year < 1000 || t->mon < 1 || t->mon > 12 || t->day < 1 ||
	    t->day > 31 || t->hour > 23 || t->min > 59 || t->sec > 60)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = t->year - 1900;
	tm.tm_mon = t->mon - 1;
	tm.tm_mday = t->day;
	tm.tm_hour = t->hour;
	tm.tm_min = t->min;
	tm.tm_sec = t->sec == 60 ? 59 : t->sec;
	if ((v = timegm(&tm)) == (time_t)-1 || tm.tm_mday != t->day)
		return (-1);		/* 31 April became 1 May */
	*out = v - t->off;
	return (0);
}

/*
 * Parse a date as written into a Unix time; 0, or -1 if it is none of the
 * shapes above.
 */
int
date_parse(const char *s, time_t *out)
{
	struct date_tm	 t;
	char		 buf[DATE_MAX_INPUT];
	const char	*p;

	if (s == NULL || strlen(s) >= sizeof buf)
		return (-1);
	p = date_space(s);
	snprintf(buf, sizeof buf, "%s", p);
	if (date_unix(buf, out) == 0)
		return (0);
	memset(&t, 0, sizeof t);
	if (date_iso8601(buf, &t) == 0)
		return (date_make(&t, out));
	memset(&t, 0, sizeof t);
	if (date_rfc822(buf, &t) == 0)
		return (date_make(&t, out));
	return (-1);
}

/* Write a time as "YYYY-MM-DDTHH:MM:SSZ". */
void
date_iso(time_t t, char out[DATE_ISO_LEN])
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, DATE_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

/*
 * A publication date as written -> ISO-8601 UTC in out; 0, or -1 (and out
 * empty) if it does not parse, is before 1990 or more than a day after now.
 */
int
date_published(const char *s, time_t now, char out[DATE_ISO_LEN])
{
	time_t	 t;

	out[0] = '\0';
	if (date_parse(s, &t) == -1 || t < DATE_MIN || t > now + DATE_AHEAD)
		return (-1);
	date_iso(t, out);
	return (out[0] != '\0' ? 0 : -1);
}
