/*
 * Publication dates: each shape date.c reads (RFC 822/1123 with numeric,
 * named and absent zones, RFC 850, ISO 8601 with offsets and fractions,
 * Unix times), what it refuses, the plausibility window, and the dates
 * feeds, JSON APIs and pages give their documents.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "unit.h"

#define NOW	((time_t)1733443200)	/* 2024-12-06T00:00:00Z */

/* The ISO form of a parsed date, or "" if it did not parse. */
static const char *
iso(const char *s)
{
	static char	 out[DATE_ISO_LEN];
	time_t		 t;

	out[0] = '\0';
	if (date_parse(s, &t) == 0)
		date_iso(t, out);
	return (out);
}

static void
test_rfc822(void)
{
	CHECK_STR(iso("Tue, 05 Mar 2024 10:15:30 +0100"),
	    "2024-03-05T09:15:30Z");
	CHECK_STR(iso("Tue, 05 Mar 2024 10:15:30 GMT"),
	    "2024-03-05T10:15:30Z");
	CHECK_STR(iso("Tue, 5 Mar 2024 10:15 EST"), "2024-03-05T15:15:00Z");
	CHECK_STR(iso("5 March 2024 23:30:00 -07:00"),
	    "2024-03-06T06:30:00Z");
	CHECK_STR(iso("05 mar 24 10:15:30 UT"), "2024-03-05T10:15:30Z");
	CHECK_STR(iso("Sunday, 06-Nov-94 08:49:37 GMT"),
	    "1994-11-06T08:49:37Z");
	CHECK_STR(iso("Wed, 01 Jan 2020 00:00:00"), "2020-01-01T00:00:00Z");
	CHECK_STR(iso("  Mon, 31 Dec 2018 23:59:60 Z  "),
	    "2018-12-31T23:59:59Z");
	CHECK_STR(iso("Fri, 01 Mar 2024 12:00:00 CEST"),
	    "2024-03-01T10:00:00Z");
	CHECK_STR(iso("01 Mar 2024"), "2024-03-01T00:00:00Z");
}

static void
test_iso8601(void)
{
	CHECK_STR(iso("2024-03-05"), "2024-03-05T00:00:00Z");
	CHECK_STR(iso("2024-03-05T10:15:30Z"), "2024-03-05T10:15:30Z");
	CHECK_STR(iso("2024-03-05T10:15:30.123+01:00"),
	    "2024-03-05T09:15:30Z");
	CHECK_STR(iso("2024-03-05T10:15:30-0530"), "2024-03-05T15:45:30Z");
	CHECK_STR(iso("2024-03-05T10:15+02"), "2024-03-05T08:15:00Z");
	CHECK_STR(iso("2024-03-05 10:15:30"), "2024-03-05T10:15:30Z");
	CHECK_STR(iso("2024-03-05t10:15:30z"), "2024-03-05T10:15:30Z");
	CHECK_STR(iso("2024-02-29T23:00:00-01:00"), "2024-03-01T00:00:00Z");
}

static void
test_unix(void)
{
	CHECK_STR(iso("1709633730"), "2024-03-05T10:15:30Z");
	CHECK_STR(iso("1709633730123"), "2024-03-05T10:15:30Z");
	CHECK_STR(iso("12345"), "");
}

static void
test_refused(void)
{
	static const char *const bad[] = {
		"", "yesterday", "2024-13-01", "2024-04-31", "2023-02-29",
		"2024-03-05T24:00:00Z", "2024-03-05T10:60:00Z",
		"2024-03-05T10:15:30+15:00", "2024-03-05T10:15:30 XYZ",
		"Tue, 05 Foo 2024 10:15:30 GMT", "05 Mar 2024 10:15:30 PLUTO",
		"05 Mar 202 10:15", "2024-03-05T10:15:30Z trailing",
		"2024-3-5", "Tue, 05 Mar 2024 10:15:30 +01:00 +01:00",
		"2024-03-05T10:15:.5Z", "-1",
	};
	time_t	 t;
	size_t	 i;

	for (i = 0; i < nitems(bad); i++) {
		if (!CHECK(date_parse(bad[i], &t) == -1))
			fprintf(stderr, "#   parsed: '%s'\n", bad[i]);
	}
	CHECK(date_parse(NULL, &t) == -1);
}

static void
test_window(void)
{
	char	 out[DATE_ISO_LEN];

	CHECK_INT(date_published("2024-12-06T20:00:00Z", NOW, out), 0);
	CHECK_STR(out, "2024-12-06T20:00:00Z");
	CHECK_INT(date_published("2024-12-07T00:00:01Z", NOW, out), -1);
	CHECK_STR(out, "");
	CHECK_INT(date_published("1990-01-01T00:00:00Z", NOW, out), 0);
	CHECK_INT(date_published("1989-12-31T23:59:59Z", NOW, out), -1);
	CHECK_INT(date_published("Thu, 01 Jan 1970 00:00:00 GMT", NOW, out),
	    -1);
	CHECK_INT(date_published(NULL, NOW, out), -1);
}

/* The publication date of a feed's first item's document. */
static void
check_feed_date(const char *body, const struct json_paths *jp,
    const char *want)
{
	struct feed	*f;
	struct document	*d;

	f = feed_parse(body, strlen(body), FORMAT_AUTO, jp);
	if (!CHECK(f != NULL && f->n > 0)) {
		feed_free(f);
		return;
	}
	d = feed_document("s", "http://x/", &f->items[0]);
	CHECK_STR(d->published, want);
	document_free(d);
	feed_free(f);
}

static void
test_feeds(void)
{
	struct json_paths	 jp = { .items = "data", .title = "t",
				     .published = "meta.when" };

	check_feed_date("<rss><channel><item><title>a</title>"
	    "<pubDate>Tue, 05 Mar 2024 10:15:30 +0100</pubDate></item>"
	    "</channel></rss>", NULL, "2024-03-05T09:15:30Z");
	check_feed_date("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/"
	    "22-rdf-syntax-ns#' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
	    "<item><title>a</title><dc:date>2024-03-05T10:15:30+01:00"
	    "</dc:date></item></rdf:RDF>", NULL, "2024-03-05T09:15:30Z");
	check_feed_date("<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
	    "<title>a</title><updated>2024-06-01T00:00:00Z</updated>"
	    "<published>2024-03-05T10:15:30Z</published></entry></feed>",
	    NULL, "2024-03-05T10:15:30Z");
	check_feed_date("<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
	    "<title>a</title><updated>2024-06-01T00:00:00Z</updated>"
	    "</entry></feed>", NULL, "2024-06-01T00:00:00Z");
	check_feed_date("{\"data\": [{\"t\": \"a\", \"meta\": {\"when\": "
	    "\"2024-03-05T10:15:30Z\"}}]}", &jp, "2024-03-05T10:15:30Z");
	jp.published = NULL;
	check_feed_date("{\"data\": [{\"t\": \"a\", \"publishedAt\": "
	    "\"2024-03-05T10:15:30Z\"}]}", &jp, "2024-03-05T10:15:30Z");
	check_feed_date("{\"version\": \"https://jsonfeed.org/version/1.1\", "
	    "\"items\": [{\"id\": \"1\", \"content_text\": \"x\", "
	    "\"date_published\": \"2024-03-05T10:15:30-05:00\"}]}", NULL,
	    "2024-03-05T15:15:30Z");
	check_feed_date("<rss><channel><item><title>a</title>"
	    "<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>"
	    "</channel></rss>", NULL, "");
	check_feed_date("<rss><channel><item><title>a</title>"
	    "<pubDate>Tue, 05 Mar 2999 10:15:30 GMT</pubDate></item>"
	    "</channel></rss>", NULL, "");
}

/* The publication date extract_document gives a page. */
static void
check_page_date(const char *html, const char *want)
{
	struct document	*d;

	d = extract_document("s", "http://x/", FORMAT_HTML, NULL, html,
	    strlen(html));
	CHECK_STR(d->published, want);
	document_free(d);
}

static void
test_pages(void)
{
	check_page_date("<html><head><meta property='article:published_time'"
	    " content='2024-03-05T10:15:30+01:00'></head><body>x</body>"
	    "</html>", "2024-03-05T09:15:30Z");
	check_page_date("<html><head><meta name='dc.date' "
	    "content='2024-03-05'></head><body>x</body></html>",
	    "2024-03-05T00:00:00Z");
	check_page_date("<html><head><script type='application/ld+json'>"
	    "{\"@graph\": [{\"@type\": \"WebPage\"}, {\"@type\": "
	    "\"NewsArticle\", \"datePublished\": \"2024-03-05T10:15:30Z\"}]}"
	    "</script></head><body><time itemprop='datePublished' "
	    "datetime='2020-01-01'>x</time></body></html>",
	    "2024-03-05T10:15:30Z");
	check_page_date("<html><body><p>x <time datetime='2021-01-01'>then"
	    "</time></p><time pubdate datetime='2024-03-05T10:15:30Z'>now"
	    "</time></body></html>", "2024-03-05T10:15:30Z");
	check_page_date("<html><body><time datetime='2024-03-05'>a bare time"
	    "</time></body></html>", "");
	check_page_date("<html><head><script type='application/ld+json'>"
	    "{broken</script></head><body>x</body></html>", "");
}

UNIT_SUITE(date,
	{ "rfc822", test_rfc822 },
	{ "iso8601", test_iso8601 },
	{ "unix", test_unix },
	{ "refused", test_refused },
	{ "plausible-window", test_window },
	{ "feed-dates", test_feeds },
	{ "page-dates", test_pages },
)
