/*
 * listformat: which official list format a file's first bytes look like,
 * so that a list given where a watchlist is expected (or to the wrong
 * importer) is named and the right `sanctwatch import FORMAT` suggested
 * instead of a YAML or CSV error.  One row per format in listformat_rows[]:
 * a test on the first line (the header, or the first record of a file
 * without one) or on the first LISTFORMAT_HEAD bytes.  The names are the
 * importers' format names (daemon/import/import.c).  Only a guess: nothing
 * is parsed, and a file that fits no row gives NULL.
 */
#include <string.h>

#include "core/core.h"

#define LISTFORMAT_HEAD	4096	/* bytes looked at */

static int	lf_ofac(const char *, size_t);
static int	lf_us_csl(const char *, size_t);
static int	lf_bis_dpl(const char *, size_t);
static int	lf_uk(const char *, size_t);
static int	lf_os_csv(const char *, size_t);
static int	lf_os_ftm(const char *, size_t);
static int	lf_un(const char *, size_t);
static int	lf_eu(const char *, size_t);

static const struct {
	const char	*format;
	const char	*what;
	int		(*test)(const char *, size_t);
} listformat_rows[] = {
	{ "us-csl", "a US Consolidated Screening List CSV", lf_us_csl },
	{ "bis-dpl", "a BIS Denied Persons List file", lf_bis_dpl },
	{ "ofac-csv", "an OFAC legacy CSV file", lf_ofac },
	{ "uk-ofsi-csv", "a UK OFSI consolidated list CSV", lf_uk },
	{ "opensanctions-csv", "an OpenSanctions targets.simple.csv",
	    lf_os_csv },
	{ "opensanctions-ftm", "an OpenSanctions FollowTheMoney export",
	    lf_os_ftm },
	{ "un-xml", "a UN Security Council consolidated list XML", lf_un },
	{ "eu-fsf-xml", "an EU Financial Sanctions Files XML export", lf_eu },
};

/* Whether the first n bytes of s hold lit. */
static int
lf_has(const char *s, size_t n, const char *lit)
{
	return (memmem(s, n, lit, strlen(lit)) != NULL);
}

/* Whether s (n bytes) starts with lit. */
static int
lf_starts(const char *s, size_t n, const char *lit)
{
	size_t	 k = strlen(lit);

	return (n >= k && memcmp(s, lit, k) == 0);
}

/*
 * OFAC's legacy CSV: no header; a record starts with its ent_num, the
 * primary, alias and address files then a quoted field, and `-0-` marks
 * the empty ones.
 */
static int
lf_ofac(const char *s, size_t n)
{
	size_t	 d = 0;

	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	return (d > 0 && d < n && s[d] == ',' && lf_has(s, n, "-0-"));
}

/* trade.gov's CSL: a header of 29 columns, "_id,source,entity_number,". */
static int
lf_us_csl(const char *s, size_t n)
{
	return (lf_starts(s, n, "_id,source,entity_number,") ||
	    lf_starts(s, n, "\"_id\",\"source\",\"entity_number\","));
}

/* BIS's DPL: a tab-separated header "Name", "Street_Address", ... */
static int
lf_bis_dpl(const char *s, size_t n)
{
	return (lf_starts(s, n, "\"Name\"\t\"Street_Address\"") ||
	    lf_starts(s, n, "Name\tStreet_Address"));
}

/* OFSI's ConList.csv: "Last Updated," then the header of Name 6, Name 1. */
static int
lf_uk(const char *s, size_t n)
{
	return (lf_starts(s, n, "Last Updated,") &&
	    lf_has(s, n, "Name 6,Name 1"));
}

/* OpenSanctions' targets.simple.csv: "id,schema,name,". */
static int
lf_os_csv(const char *s, size_t n)
{
	return (lf_starts(s, n, "id,schema,name,"));
}

/* FollowTheMoney JSON lines: an object with "schema" and "properties". */
static int
lf_os_ftm(const char *s, size_t n)
{
	return (lf_starts(s, n, "{") && lf_has(s, n, "\"schema\"") &&
	    lf_has(s, n, "\"properties\""));
}

/* The UN list's XML: <CONSOLIDATED_LIST. */
static int
lf_un(const char *s, size_t n)
{
	return (lf_starts(s, n, "<") && lf_has(s, n, "<CONSOLIDATED_LIST"));
}

/* The EU FSF XML: <export ...> holding sanctionEntity elements. */
static int
lf_eu(const char *s, size_t n)
{
	return (lf_starts(s, n, "<") && lf_has(s, n, "<export") &&
	    lf_has(s, n, "fsd/export"));
}

/*
 * The import format whose files buf (len bytes) looks like, or NULL; if
 * what is not NULL it is set to a phrase naming it ("an OFAC legacy CSV
 * file").  A UTF-8 byte order mark and leading blank space are skipped.
 */
const char *
listformat_guess(const char *buf, size_t len, const char **what)
{
	size_t	 i, n;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	while (len > 0 && strchr(" \t\r\n", *buf) != NULL && *buf != '\0') {
		buf++;
		len--;
	}
	n = len < LISTFORMAT_HEAD ? len : LISTFORMAT_HEAD;
	for (i = 0; i < nitems(listformat_rows); i++) {
		if (listformat_rows[i].test(buf, n)) {
			if (what != NULL)
				*what = listformat_rows[i].what;
			return (listformat_rows[i].format);
		}
	}
	return (NULL);
}
