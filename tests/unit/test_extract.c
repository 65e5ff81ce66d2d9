/*
 * Extraction: visible HTML text, dropped elements, entities, titles, UTF-8
 * repair, format sniffing, and hostile markup that must not crash or loop.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "unit.h"
#include "../utf8-ref.h"

static char *
html(const char *s, char **title)
{
	char	*text, *t;
	size_t	 len;

	extract_html(s, strlen(s), &text, &len, &t, NULL);
	CHECK_INT(strlen(text), len);
	if (title != NULL)
		*title = t;
	else
		free(t);
	return (text);
}

static void
test_visible_text(void)
{
	char	*t, *title;

	t = html("<html><head><title>Four firms</title><style>p{}</style>"
	    "<script>var x = \"Russia\";</script></head><body><nav>Home "
	    "Russia</nav><h1>Sanctions</h1><p>Progress <b>Leader</b> and "
	    "Cargoline</p><footer>About Russia</footer></body></html>", &title);
	CHECK_STR(t, "Sanctions\nProgress Leader and Cargoline");
	CHECK_STR(title, "Four firms");
	free(t);
	free(title);
}

/*
 * White space of every kind collapses to one space, whatever the length of
 * the words around it (the words are found 16 bytes at a time): words of
 * 1 to 40 letters, runs of 1 to 3 of space, \t \n \r between them
 * (libxml2 drops \v and \f, which HTML does not allow).
 */
static void
test_white_space(void)
{
	static const char	 ws[] = " \t\n\r";
	char			 page[8192], want[4096], *t;
	size_t			 p = 0, w = 0, len, k, r;

	p += (size_t)snprintf(page, sizeof page, "<p>");
	for (len = 1; len <= 40; len++) {
		for (r = 0; r < 1 + len % 3; r++)
			page[p++] = ws[(len + r) % 4];
		if (w > 0)
			want[w++] = ' ';
		for (k = 0; k < len; k++) {
			page[p++] = (char)('a' + (len + k) % 26);
			want[w++] = (char)('a' + (len + k) % 26);
		}
	}
	page[p++] = ' ';
	snprintf(page + p, sizeof page - p, "</p>");
	want[w] = '\0';
	t = html(page, NULL);
	CHECK_STR(t, want);
	free(t);
}

static void
test_entities(void)
{
	char	*t;

	/*
	 * libxml2's HTML parser (HTML 4) decodes terminated references only:
	 * "&amp" with no ';' stays as written, as "&bogus;" does.
	 */
	t = html("<p>RM Design &amp; Development&rsquo;s &#8212; &#x41;"
	    "&nbsp;&bogus; &amp</p>", NULL);
	CHECK_STR(t, "RM Design & Development\xe2\x80\x99s \xe2\x80\x94 "
	    "A\xc2\xa0&bogus; &amp");
	free(t);
}

static void
test_script_raw_text(void)
{
	char	*t;

	t = html("<p>a</p><script>if (a < b && c > d) { s = '</p>Russia'; }"
	    "</script><p>b</p><SCRIPT>x</SCRIPT ><p>c</p>", NULL);
	CHECK_STR(t, "a\nb\nc");
	free(t);
}

static void
test_hostile(void)
{
	static const char *const cases[] = {
		"<", "<<<<", "<p", "<!--", "<![CDATA[x", "&#", "&#x;",
		"&#99999999999;", "<a href='>'>x</a>", "</>", "<nav><nav>a"
		"</nav>b</nav>c", "<script>never closed", "<p attr=\"x",
	};
	char	*t;
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = html(cases[i], NULL);
		CHECK(t != NULL);
		free(t);
	}
	t = html("<nav><nav>a</nav>b</nav>c", NULL);
	CHECK_STR(t, "c");
	free(t);
	t = html("x < y and <a href='>'>link</a>", NULL);
	CHECK_STR(t, "x < y and link");
	free(t);
}

static void
test_cdata(void)
{
	char	*t;

	t = html("<rss><channel><title>Feed</title><item><title><![CDATA["
	    "Cargoline fined]]></title></item></channel></rss>", NULL);
	CHECK_STR(t, "Cargoline fined");
	free(t);
}

static void
test_document_utf8(void)
{
	struct document	*d;
	static const char body[] = "ok \xff\xfe bad \xc3\x28 nul\0x "
	    "\xed\xa0\x80 surrogate \xd0\x9e fine";

	d = extract_document("s", "u", FORMAT_TEXT, NULL, body,
	    sizeof body - 1);
	CHECK_STR(d->text, "ok \xef\xbf\xbd\xef\xbf\xbd bad \xef\xbf\xbd( "
	    "nul x \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate \xd0\x9e "
	    "fine");
	CHECK_INT(strlen(d->text), d->len);
	CHECK_INT(strlen(d->sha256), 64);
	document_free(d);
}

/*
 * The eight-bytes-at-a-time path over ASCII gives what the byte-at-a-time
 * repair gives (tests/utf8-ref.h), on inputs built so that every kind of
 * byte (ASCII, NUL, lead, continuation, bad) falls at every offset of a
 * word and across its ends, and on random bytes mostly ASCII.
 */
static void
test_document_utf8_fast(void)
{
	static const char *const pieces[] = { "abcdefg", "\xc3\xa9", "\0",
	    "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff", "\x80", "\xc3",
	    "\xed\xa0\x80", "\xe0\x80\xaf", " ", "\xf4\x90\x80\x80" };
	static const size_t piece_len[] = { 7, 2, 1, 3, 4, 1, 1, 1, 3, 3, 1, 4 };
	unsigned char	 buf[64];
	struct document	*d;
	char		*ref;
	size_t		 len, reflen, p, pad, k, bad = 0;
	unsigned int	 seed = 1;

	for (p = 0; p < nitems(pieces); p++) {
		for (pad = 0; pad < 17; pad++) {
			memset(buf, 'x', pad);
			memcpy(buf + pad, pieces[p], piece_len[p]);
			len = pad + piece_len[p];
			memset(buf + len, 'y', 9);
			len += 9;
			ref = utf8_ref_repair(buf, len, &reflen);
			d = extract_document("s", "u", FORMAT_TEXT, NULL,
			    (const char *)buf, len);
			bad += d->len != reflen || memcmp(d->text, ref,
			    reflen) != 0;
			CHECK_INT(extract_utf8_valid((const char *)buf, len),
			    reflen == len && memchr(buf, '\0', len) == NULL);
			document_free(d);
			free(ref);
		}
	}
	for (k = 0; k < 2000; k++) {
		len = (size_t)rand_r(&seed) % sizeof buf;
		for (p = 0; p < len; p++) {
			buf[p] = (unsigned char)rand_r(&seed);
			if (rand_r(&seed) % 4 != 0)
				buf[p] &= 0x7f;
		}
		ref = utf8_ref_repair(buf, len, &reflen);
		d = extract_document("s", "u", FORMAT_TEXT, NULL,
		    (const char *)buf, len);
		bad += d->len != reflen || memcmp(d->text, ref, reflen) != 0;
		document_free(d);
		free(ref);
	}
	CHECK_INT(bad, 0);
}

static void
test_document_formats(void)
{
	struct document	*d;
	const char	*page = "<!doctype html><title>T</title><p>Body</p>";

	d = extract_document("s", "u", FORMAT_AUTO, "text/html; charset=utf-8",
	    page, strlen(page));
	CHECK_STR(d->title, "T");
	CHECK_STR(d->text, "T\n\nBody");
	document_free(d);
	d = extract_document("s", "u", FORMAT_AUTO, NULL, page, strlen(page));
	CHECK_STR(d->text, "T\n\nBody");
	document_free(d);
	d = extract_document("s", "u", FORMAT_AUTO, "text/plain", page,
	    strlen(page));
	CHECK_STR(d->text, page);
	CHECK(d->title == NULL);
	document_free(d);
	d = extract_document("s", "u", FORMAT_TEXT, "text/html", page,
	    strlen(page));
	CHECK_STR(d->text, page);
	document_free(d);
}

/*
 * A body of no known type is markup when it starts like a page or a feed;
 * plain text that starts with "<" stays text, as the newswire writes a
 * firm ("<Teledyne Inc> said"), and keeps the name.
 */
static void
test_sniff(void)
{
	static const struct {
		const char	*s;
		int		 markup;
	} c[] = {
		{ "<!doctype html><p>x", 1 },
		{ "  \n<html>", 1 },
		{ "\xef\xbb\xbf<html lang=en>", 1 },
		{ "<p>Body</p>", 1 },
		{ "<b>bold</b>", 1 },
		{ "<br/>", 1 },
		{ "<DIV CLASS=\"a\">", 1 },
		{ "<table\n  border=1>", 1 },
		{ "<?xml version=\"1.0\"?><rss>", 1 },
		{ "<rss version=\"2.0\">", 1 },
		{ "<!-- note --> text", 1 },
		{ "</p>", 1 },
		{ "<REUTERS TOPICS=\"NO\" NEWID=\"5\"><BODY>x</BODY>", 1 },
		{ "<DOC>\n<DOCNO>1</DOCNO>\ntext\n</DOC>\n", 1 },
		{ "<Teledyne Inc> said; <TDY> rose.", 0 },
		{ "<Teledyne Inc> said it would buy back shares.", 0 },
		{ "<Big Three Industries> said", 0 },
		{ "<AXP> rose", 0 },
		{ "<B.A.T. Industries PLC> said", 0 },
		{ "< 5 pct of the market", 0 },
		{ "<", 0 },
		{ "<p", 0 },
		{ "plain <p>", 0 },
		{ "", 0 },
	};
	const char	*t = "<Banco Nacional de Cuba> said on Monday.";
	struct document	*d;
	size_t		 i;

	for (i = 0; i < nitems(c); i++) {
		if (!CHECK_INT(html_sniff(c[i].s, strlen(c[i].s)),
		    c[i].markup))
			printf("#   in \"%s\"\n", c[i].s);
	}
	d = extract_document("s", "u", FORMAT_AUTO, NULL, t, strlen(t));
	CHECK_STR(d->text, t);
	document_free(d);
	d = extract_document("s", "u", FORMAT_AUTO, "application/octet-stream",
	    t, strlen(t));
	CHECK_STR(d->text, t);
	document_free(d);
}

/*
 * extract_document_take gives the document extract_document gives, for
 * valid text (kept as it is), text to repair, NUL, markup and an empty
 * body.
 */
static void
test_document_take(void)
{
	static const struct {
		enum source_format	 format;
		const char		*ctype;
		const char		*s;
		size_t			 len;
	} bodies[] = {
		{ FORMAT_AUTO, NULL, "Sanctions on Cargoline", 22 },
		{ FORMAT_TEXT, NULL, "ok \xff bad \xc3\x28", 11 },
		{ FORMAT_TEXT, NULL, "nul\0x", 5 },
		{ FORMAT_TEXT, NULL, "\xa3" "5 \xa3\xa3\0\xe2\x82", 9 },
		{ FORMAT_TEXT, NULL, "\xff", 1 },
		{ FORMAT_TEXT, NULL, "\0\0", 2 },
		{ FORMAT_AUTO, NULL, "<p>Progress \xd0\x9e</p>", 18 },
		{ FORMAT_AUTO, "text/plain", "<p>text</p>", 11 },
		{ FORMAT_HTML, NULL, "plain", 5 },
		{ FORMAT_TEXT, NULL, "", 0 },
	};
	struct document	*a, *b;
	char		*body;
	size_t		 i;

	for (i = 0; i < nitems(bodies); i++) {
		a = extract_document("s", "u", bodies[i].format,
		    bodies[i].ctype, bodies[i].s, bodies[i].len);
		body = xmalloc(bodies[i].len + 1);
		memcpy(body, bodies[i].s, bodies[i].len);
		body[bodies[i].len] = '\0';
		b = extract_document_take("s", "u", bodies[i].format,
		    bodies[i].ctype, body, bodies[i].len, 0);
		CHECK_INT(b->len, a->len);
		CHECK(memcmp(b->text, a->text, a->len + 1) == 0);
		CHECK_STR(b->sha256, a->sha256);
		CHECK(a->title == NULL ? b->title == NULL :
		    b->title != NULL && strcmp(a->title, b->title) == 0);
		if (i == 0)			/* valid text: not copied */
			CHECK(b->text == body);
		document_free(a);
		document_free(b);
	}
}

/*
 * Write into buf (700 bytes) a random text of at least want bytes (under
 * 600): ASCII words, bad bytes, NUL, valid sequences and sequences cut
 * short or overlong or out of range; returns its length.
 */
static size_t
bad_text(char *buf, size_t want, unsigned *seed)
{
	static const char *const bits[] = {
		"Cargoline ", "\xa3", "\0", "\xd0\x9e", "\xe2\x82\xac", "\xe2\x82",
		"\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xc0\xaf", "\x80", " ",
		"\xf4\x90\x80\x80", "\xe0\x80", "\xf0\x9f",
		"Progress Leader sanctioned ",
	};
	size_t	 k, n;

	for (n = 0; n < want;) {
		*seed = *seed * 1103515245u + 12345u;
		k = (*seed >> 16) % nitems(bits);
		if (k == 2)
			buf[n++] = '\0';
		else {
			memcpy(buf + n, bits[k], strlen(bits[k]));
			n += strlen(bits[k]);
		}
	}
	return (n);
}

/*
 * Text repaired where it is, as extract_document_take does with plain text
 * that is not valid UTF-8, is what extract_document makes of it: random
 * texts of ASCII words with bad bytes, NUL, valid and cut sequences in
 * them, at every length up to 600 bytes.
 */
static void
test_document_take_repair(void)
{
	struct document	*a, *b;
	char		 buf[700], *body;
	size_t		 i, n, same = 0;
	unsigned	 seed = 7;

	for (i = 0; i < 600; i++) {
		n = bad_text(buf, i, &seed);
		a = extract_document("s", "u", FORMAT_TEXT, NULL, buf, n);
		body = xmalloc(n + 1);
		memcpy(body, buf, n);
		body[n] = '\0';
		b = extract_document_take("s", "u", FORMAT_TEXT, NULL, body, n,
		    0);
		same += b->len == a->len &&
		    memcmp(b->text, a->text, a->len + 1) == 0 &&
		    strcmp(a->sha256, b->sha256) == 0;
		document_free(a);
		document_free(b);
	}
	CHECK_INT(same, 600);
}

/*
 * Read src[0..n) as file_read_fd_take does, in reads of random sizes from
 * 1 to max bytes, into a buffer of n + 1 bytes (a regular file's), each
 * read repaired by extract_utf8_take; returns the text.
 */
static char *
take_reads(const char *src, size_t n, size_t max, unsigned *seed,
    size_t *lenp)
{
	char	*buf;
	size_t	 cap = n + 1, len = 0, from = 0, got = 0, r;

	buf = xmalloc(cap + 1);
	while (got < n) {
		*seed = *seed * 1103515245u + 12345u;
		r = 1 + (*seed >> 16) % max;
		if (r > n - got)
			r = n - got;
		if (r > cap - len) {
			cap *= 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		memcpy(buf + len, src + got, r);
		got += r;
		len += r;
		from = extract_utf8_take(&buf, &cap, &len, from, 0);
		CHECK(from <= len && len - from <= 3);
	}
	from = extract_utf8_take(&buf, &cap, &len, from, 1);
	CHECK_INT(from, len);
	buf[len] = '\0';
	*lenp = len;
	return (buf);
}

/*
 * A text repaired read by read as it comes (extract_utf8_take, for
 * sanctwatch scan) is what extract_document makes of it whole: random
 * texts of bad bytes, NUL, valid and cut sequences, read in pieces of 1
 * to 7 bytes (so every sequence is cut by some read) and of up to 64.
 */
static void
test_utf8_take_reads(void)
{
	struct document	*a;
	char		 buf[700], *t;
	size_t		 i, k, n, len, same = 0, valid = 0;
	unsigned	 seed = 11;

	for (i = 0; i < 600; i++) {
		n = bad_text(buf, i, &seed);
		a = extract_document("s", "u", FORMAT_TEXT, NULL, buf, n);
		for (k = 0; k < 2; k++) {
			t = take_reads(buf, n, k == 0 ? 7 : 64, &seed, &len);
			same += len == a->len && memcmp(t, a->text, len) == 0;
			valid += extract_utf8_valid(t, len);
			free(t);
		}
		document_free(a);
	}
	CHECK_INT(same, 1200);
	CHECK_INT(valid, 1200);
}

/* extract_utf8_take as a file_take_fn. */
static size_t
file_utf8_take(char **bufp, size_t *capp, size_t *lenp, size_t from,
    int eof, void *arg)
{
	(void)arg;
	return (extract_utf8_take(bufp, capp, lenp, from, eof));
}

/*
 * sanctwatch scan's read of a file (file_read_take, extract_utf8_take):
 * bad bytes and sequences cut by the reads' boundaries (FILE_TAKE_STEP
 * apart), a NUL, and a last sequence the file's end cuts short.
 */
static void
test_utf8_take_file(void)
{
	static const char *const at[] = {
		"\xa3", "\xe2\x82\xac", "\xe2\x82", "\xf0\x9f\x98\x80", "\0",
	};
	struct document	*a;
	char		 path[] = "/tmp/sanctwatch-take-XXXXXX", *src, *t, *cause;
	size_t		 n = 3 * FILE_TAKE_STEP + 100, i, k, len;
	int		 fd;

	src = xmalloc(n);
	for (i = 0; i < n; i++)
		src[i] = "Cargoline sanctioned "[i % 21];
	for (k = 1; k <= 3; k++) {		/* across each read's end */
		for (i = 0; i < nitems(at); i++)
			memcpy(src + k * FILE_TAKE_STEP - 6 + i * 3, at[i],
			    strlen(at[i]) == 0 ? 1 : strlen(at[i]));
	}
	memcpy(src + n - 2, "\xe2\x82", 2);	/* cut by the end */
	if ((fd = mkstemp(path)) == -1 || write(fd, src, n) != (ssize_t)n) {
		CHECK(0);
		return;
	}
	close(fd);
	a = extract_document("s", "u", FORMAT_TEXT, NULL, src, n);
	t = file_read_take(path, n, &len, &cause, file_utf8_take, NULL);
	unlink(path);
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_INT(len, a->len);
		CHECK(len == a->len && memcmp(t, a->text, len + 1) == 0);
		CHECK(len > n);			/* grown by its repair */
	}
	free(t);
	document_free(a);
	free(src);
}

static void
test_same_text_same_hash(void)
{
	struct document	*a, *b;

	a = extract_document("s", "u1", FORMAT_HTML, NULL, "<p>x</p>", 8);
	b = extract_document("t", "u2", FORMAT_HTML, NULL, "<div>x</div>", 12);
	CHECK_STR(a->sha256, b->sha256);
	document_free(a);
	document_free(b);
}

static void
test_deep_and_broken(void)
{
	char	*t, *page;
	size_t	 i, n = 0, cap = 3000 * 5 + 64;

	/* 3000 nested divs: the text past depth 256 is not lost. */
	page = xmalloc(cap);
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(page + n, cap - n, "<div>");
	snprintf(page + n, cap - n, "Cargoline deep");
	t = html(page, NULL);
	CHECK_STR(t, "Cargoline deep");
	free(t);
	free(page);
	/* Invalid UTF-8 stays local: the rest is not read as latin-1. */
	t = html("<p>a\xff b \xc3\xa9</p>", NULL);
	CHECK_STR(t, "a\xef\xbf\xbd b \xc3\xa9");
	free(t);
	/* A party named only in the menu and footer is not in the text. */
	t = html("<body><nav><a>Cargoline</a></nav><div id=menu><ul><li>"
	    "<form><button>Cargoline</button></form></li></ul></div><p>"
	    "Story</p><footer>Cargoline</footer><aside>Cargoline</aside>"
	    "</body>", NULL);
	CHECK_STR(t, "Story");
	free(t);
	/* A meta charset does not re-decode bytes already UTF-8. */
	t = html("<meta charset=iso-8859-1><p>\xc3\xa9</p>", NULL);
	CHECK_STR(t, "\xc3\xa9");
	free(t);
}

/* A page of repeated markup, head first, then tail. */
static char *
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t	 hl = strlen(head), ul = strlen(unit), tl = strlen(tail), i;
	char	*s;

	s = xmalloc(hl + ul * n + tl + 1);
	memcpy(s, head, hl);
	for (i = 0; i < n; i++)
		memcpy(s + hl + i * ul, unit, ul);
	memcpy(s + hl + ul * n, tail, tl + 1);
	return (s);
}

/*
 * Pages built to make the parser work (issue 17, item 3) are cut at a
 * bound of work or elements; the text before the cut is kept, and pages
 * within the bounds are not cut.
 */
static void
test_bounded_work(void)
{
	struct document	*d;
	char		*page;
	size_t		 i;
	static const struct {
		const char	*unit;
		size_t		 n;
		int		 cut;
	} pages[] = {
		{ "<div>", 800000, HTML_CUT_WORK },	/* nesting */
		{ "</x>", 4000000, HTML_CUT_WORK },	/* end tags not open */
		{ "<b></b>", HTML_MAX_ELEMENTS + 10, HTML_CUT_ELEMENTS },
		{ "<b></b>", HTML_MAX_ELEMENTS / 2, 0 },
		{ "<div>", 3000, 0 },
	};

	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		page = repeat("<p>Cargoline first</p>", pages[i].unit,
		    pages[i].n, "Cargoline last");
		d = extract_document("s", "u", FORMAT_HTML, NULL, page,
		    strlen(page));
		CHECK_INT(d->cut, pages[i].cut);
		CHECK(strncmp(d->text, "Cargoline first", 15) == 0);
		CHECK((strstr(d->text, "Cargoline last") == NULL) ==
		    (pages[i].cut != 0));
		document_free(d);
		free(page);
	}
}

UNIT_SUITE(extract,
	{ "visible-text", test_visible_text },
	{ "white-space", test_white_space },
	{ "entities", test_entities },
	{ "script-raw-text", test_script_raw_text },
	{ "hostile", test_hostile },
	{ "cdata", test_cdata },
	{ "document-utf8", test_document_utf8 },
	{ "document-utf8-fast", test_document_utf8_fast },
	{ "document-formats", test_document_formats },
	{ "sniff", test_sniff },
	{ "document-take", test_document_take },
	{ "document-take-repair", test_document_take_repair },
	{ "utf8-take-reads", test_utf8_take_reads },
	{ "utf8-take-file", test_utf8_take_file },
	{ "same-text-same-hash", test_same_text_same_hash },
	{ "deep-and-broken", test_deep_and_broken },
	{ "bounded-work", test_bounded_work },
)
