/*
 * Feeds and charsets: RSS 2.0/1.0, Atom, JSON Feed and JSON API items, item
 * identity with blank and duplicate GUIDs, hostile XML (external entities,
 * truncation), sniffing; charset choice and conversion.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "unit.h"

static struct feed *
parse(const char *s, enum source_format f, const struct json_paths *jp)
{
	return (feed_parse(s, strlen(s), f, jp));
}

static void
test_rss(void)
{
	struct feed	*f;

	f = parse("<?xml version='1.0'?><rss version='2.0'><channel>"
	    "<title>W</title><ttl>5</ttl><item><title>A &amp; B</title>"
	    "<link>http://x/a</link><guid>g1</guid><description>"
	    "&lt;p&gt;Hi&lt;/p&gt;</description></item><item><title>T2"
	    "</title><description>Two</description></item></channel></rss>",
	    FORMAT_AUTO, NULL);
	if (!CHECK(f != NULL))
		return;
	CHECK_INT(f->format, FORMAT_RSS);
	CHECK_STR(f->title, "W");
	CHECK_INT(f->ttl_ms, 5 * 60000);
	if (CHECK_INT(f->n, 2)) {
		CHECK_STR(f->items[0].id, "g1");
		CHECK_STR(f->items[0].title, "A & B");
		CHECK_STR(f->items[0].content, "<p>Hi</p>");
		CHECK_STR(f->items[0].link, "http://x/a");
		CHECK(strncmp(f->items[1].id, "sha256:", 7) == 0);
	}
	feed_free(f);
}

static void
test_rdf_and_atom(void)
{
	struct feed	*f;

	f = parse("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-"
	    "syntax-ns#' xmlns='http://purl.org/rss/1.0/'><item><title>R"
	    "</title><link>http://x/r</link></item></rdf:RDF>", FORMAT_AUTO,
	    NULL);
	if (CHECK(f != NULL) && CHECK_INT(f->n, 1))
		CHECK_STR(f->items[0].id, "http://x/r");
	feed_free(f);
	f = parse("<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>e1"
	    "</id><title>E</title><link rel='self' href='http://x/self'/>"
	    "<link href='http://x/e1'/><summary>S</summary><content "
	    "type='text'>C</content></entry></feed>", FORMAT_ATOM, NULL);
	if (CHECK(f != NULL) && CHECK_INT(f->n, 1)) {
		CHECK_INT(f->format, FORMAT_ATOM);
		CHECK_STR(f->items[0].link, "http://x/e1");
		CHECK_STR(f->items[0].content, "C");
		CHECK_INT(f->items[0].html, 0);
	}
	feed_free(f);
}

static void
test_duplicate_guids(void)
{
	struct feed	*f;

	f = parse("<rss><channel><item><guid>d</guid><link>http://x/1</link>"
	    "</item><item><guid>d</guid><link>http://x/2</link></item>"
	    "<item><guid>d</guid><link>http://x/2</link></item><item><guid>"
	    " </guid><title>blank</title></item></channel></rss>",
	    FORMAT_RSS, NULL);
	if (CHECK(f != NULL) && CHECK_INT(f->n, 4)) {
		CHECK_STR(f->items[0].id, "d|http://x/1");
		CHECK_STR(f->items[1].id, "d|http://x/2");
		CHECK_STR(f->items[2].id, "d|http://x/2|#2");
		CHECK(strncmp(f->items[3].id, "sha256:", 7) == 0);
	}
	feed_free(f);
}

static void
test_hostile_xml(void)
{
	struct feed	*f;

	/* No external entity is loaded, no network is touched. */
	f = parse("<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM "
	    "'file:///etc/passwd'>]><rss><channel><item><title>&x;</title>"
	    "<guid>1</guid></item></channel></rss>", FORMAT_RSS, NULL);
	if (CHECK(f != NULL) && CHECK_INT(f->n, 1))
		CHECK(f->items[0].title == NULL ||
		    strstr(f->items[0].title, "root:") == NULL);
	feed_free(f);
	/* Truncated: what was read is kept. */
	f = parse("<rss><channel><item><guid>1</guid><title>One</title>"
	    "</item><item><guid>2</guid><title>Tw", FORMAT_RSS, NULL);
	if (CHECK(f != NULL))
		CHECK(f->n >= 1);
	feed_free(f);
	CHECK(parse("not xml at all", FORMAT_RSS, NULL) == NULL);
	CHECK(parse("<html><p>page</p></html>", FORMAT_AUTO, NULL) == NULL);
	CHECK(parse("", FORMAT_ATOM, NULL) == NULL);
}

static void
test_json(void)
{
	struct json_paths	 jp;
	struct feed		*f;

	f = parse("{\"version\": \"https://jsonfeed.org/version/1.1\","
	    "\"items\": [{\"id\": \"1\", \"url\": \"http://x/1\", "
	    "\"title\": \"T\", \"content_text\": \"plain\"}, 5]}",
	    FORMAT_AUTO, NULL);
	if (CHECK(f != NULL) && CHECK_INT(f->n, 1)) {
		CHECK_STR(f->items[0].content, "plain");
		CHECK_INT(f->items[0].html, 0);
	}
	feed_free(f);
	memset(&jp, 0, sizeof jp);
	jp.items = (char *)(uintptr_t)"data.list";
	jp.id = (char *)(uintptr_t)"n";
	jp.title = (char *)(uintptr_t)"h";
	jp.text = (char *)(uintptr_t)"b.0";
	f = parse("{\"data\": {\"list\": [{\"n\": 42, \"h\": \"Head\", "
	    "\"b\": [\"body\"]}]}}", FORMAT_JSON, &jp);
	if (CHECK(f != NULL) && CHECK_INT(f->n, 1)) {
		CHECK_STR(f->items[0].id, "42");
		CHECK_STR(f->items[0].title, "Head");
		CHECK_STR(f->items[0].content, "body");
	}
	feed_free(f);
	CHECK(parse("{\"a\": 1}", FORMAT_JSON, NULL) == NULL);
	CHECK(parse("{broken", FORMAT_JSON, &jp) == NULL);
}

static void
test_item_document(void)
{
	struct feed_item	 it;
	struct document		*d;

	memset(&it, 0, sizeof it);
	it.id = (char *)(uintptr_t)"g";
	it.title = (char *)(uintptr_t)"Cargoline <b>fined</b>";
	it.content = (char *)(uintptr_t)"<p>One</p><script>x</script>";
	it.html = 1;
	d = feed_document("s", "http://feed/", &it);
	CHECK_STR(d->text, "Cargoline fined\n\nOne");
	CHECK_STR(d->title, "Cargoline fined");
	CHECK_STR(d->url, "http://feed/#g");
	document_free(d);
	it.link = (char *)(uintptr_t)"https://x/item";
	d = feed_document("s", "http://feed/", &it);
	CHECK_STR(d->url, "https://x/item");
	document_free(d);
}

static void
test_sniff(void)
{
	CHECK_INT(feed_sniff("\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c -->"
	    "<rss>", 40), FORMAT_RSS);
	CHECK_INT(feed_sniff("  {\"a\":1}", 9), FORMAT_JSON);
	CHECK_INT(feed_sniff("<feed xmlns=''>", 15), FORMAT_ATOM);
	CHECK_INT(feed_sniff("<!doctype html><html>", 21), FORMAT_AUTO);
	CHECK_INT(feed_sniff("plain", 5), FORMAT_AUTO);
}

/* Convert and compare; want NULL means "passed through as it is". */
static void
utf8_is(const char *in, size_t len, const char *ctype, const char *forced,
    const char *want)
{
	char	*out;
	size_t	 n = 0;

	out = charset_utf8(in, len, ctype, forced, &n);
	if (want == NULL)
		CHECK(out == NULL);
	else if (CHECK(out != NULL)) {
		CHECK_STR(out, want);
		CHECK_INT(n, strlen(want));
	}
	free(out);
}

static void
test_charsets(void)
{
	/* windows-1251 from the header: "Жапаров". */
	utf8_is("\xc6\xe0\xef\xe0\xf0\xee\xe2", 7, "text/html; charset=windows-1251",
	    NULL, "\xd0\x96\xd0\xb0\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xb2");
	/* The document's meta wins over the header. */
	utf8_is("<meta charset=\"koi8-r\">\xea", 24, "text/html; charset=utf-8",
	    NULL, "<meta charset=\"koi8-r\">\xd0\x99");
	/* No label, not UTF-8: windows-1252. */
	utf8_is("caf\xe9 \x93q\x94", 8, "text/html", NULL,
	    "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
	/* Labelled latin-1 but valid UTF-8 with non-ASCII: kept as UTF-8. */
	utf8_is("caf\xc3\xa9", 5, "text/html; charset=iso-8859-1", NULL, NULL);
	/* Plain UTF-8: untouched. */
	utf8_is("plain", 5, NULL, NULL, NULL);
	/* BOMs. */
	utf8_is("\xef\xbb\xbfok", 5, NULL, NULL, "ok");
	utf8_is("\xff\xfeo\0k\0", 6, NULL, NULL, "ok");
	/* The source's charset overrides everything; unknown names: 1252. */
	utf8_is("\xe9", 1, "text/html; charset=utf-8", "iso-8859-15",
	    "\xc3\xa9");
	utf8_is("\xe9", 1, "text/html; charset=no-such-charset", NULL,
	    "\xc3\xa9");
	/* Invalid sequences in a multi-byte charset become U+FFFD. */
	utf8_is("a\x82\xa0z", 4, "text/plain; charset=shift_jis", NULL,
	    "a\xe3\x81\x82z");
	utf8_is("a\xff\xffz", 4, "text/plain; charset=euc-jp", NULL,
	    "a\xef\xbf\xbd\xef\xbf\xbdz");
}

/* A feed of more items than FEED_MAX_ITEMS: the first taken, the rest counted. */
static void
test_too_many_items(void)
{
	struct extract_buf	 b = { 0 };
	struct feed		*f;
	int			 i;

	extract_buf_add(&b, "<rss><channel>", 14);
	for (i = 0; i < FEED_MAX_ITEMS + 25; i++) {
		char	 item[64];
		int	 n = snprintf(item, sizeof item,
			    "<item><guid>g%d</guid></item>", i);

		extract_buf_add(&b, item, (size_t)n);
	}
	extract_buf_add(&b, "</channel></rss>", 16);
	f = feed_parse(b.s, b.len, FORMAT_RSS, NULL);
	if (CHECK(f != NULL)) {
		CHECK_INT(f->n, FEED_MAX_ITEMS);
		CHECK_INT(f->left, 25);
		CHECK_STR(f->items[0].id, "g0");
	}
	feed_free(f);
	free(b.s);
}

UNIT_SUITE(feed,
	{ "too-many-items", test_too_many_items },
	{ "rss", test_rss },
	{ "rdf-and-atom", test_rdf_and_atom },
	{ "duplicate-guids", test_duplicate_guids },
	{ "hostile-xml", test_hostile_xml },
	{ "json", test_json },
	{ "item-document", test_item_document },
	{ "sniff", test_sniff },
	{ "charsets", test_charsets },
)
