/*
 * Extraction: a fetched body becomes the document text that is scanned.
 *
 * Plain text is taken as it is.  HTML (and RSS or Atom configured as html)
 * is made valid UTF-8 and reduced to its visible text by libxml2's HTML
 * parser (html.c): the contents of script, style, noscript, template, svg,
 * nav, footer, form, aside and the head (except the title) are dropped;
 * block elements become line breaks; runs of white space collapse;
 * character references are decoded (unterminated ones stay as written);
 * CDATA is text.  The title is kept apart and also starts the text, since
 * headlines name parties.  Every result is valid UTF-8 (invalid bytes become
 * U+FFFD, NUL becomes a space), so offsets, JSON and SQLite all see the same
 * bytes.  Charset decoding happens before (charset.c); feeds are split into
 * items before (feed.c).
 *
 * The output is at most a few bytes per input byte, so it is bounded by the
 * body cap the fetcher enforces.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/core.h"

/* Whether a name is in a table of n names, ignoring case (html, charset). */
int
extract_in(const char *const *table, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcasecmp(table[i], name) == 0)
			return (1);
	}
	return (0);
}

/* Append bytes to a buffer (html.c's too), keeping it NUL-terminated. */
void
extract_buf_add(struct extract_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/*
 * What a bad byte becomes in the text (n bytes): a space for NUL, U+FFFD
 * for any other.
 */
static const char *
extract_fix(unsigned char c, size_t *n)
{
	*n = c == '\0' ? 1 : 3;
	return (c == '\0' ? " " : "\xef\xbf\xbd");
}

/* The length of a valid UTF-8 sequence at s[i], or 0 if it is not one. */
size_t
extract_utf8_len(const unsigned char *s, size_t i, size_t len)
{
	unsigned char	 c = s[i];
	size_t		 n, k;

	if (c < 0x80)
		return (1);
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return (0);
	if (i + n > len)
		return (0);
	for (k = 1; k < n; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return (0);
	}
	/* Overlong, surrogate and out-of-range forms. */
	if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] > 0x9f) ||
	    (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] > 0x8f))
		return (0);
	return (n);
}

/*
 * Where the run of ASCII bytes other than NUL that starts at s[i] ends: the
 * index of the first byte of s[i..len) that is NUL or not ASCII, or len.
 * News is almost all ASCII, so eight bytes at a time go past most of it
 * (a word with no high bit has a NUL byte iff (w - 0x01..01) & ~w has one).
 */
static size_t
extract_ascii_run(const unsigned char *s, size_t i, size_t len)
{
	const uint64_t	 lo = 0x0101010101010101ULL;
	const uint64_t	 hi = 0x8080808080808080ULL;
	uint64_t	 w;
#ifdef __SSE2__
	const __m128i	 zero = _mm_setzero_si128();
	__m128i		 a, b, z;

	/* 32 bytes at a time: a high bit or a NUL in either half stops. */
	for (; i + 32 <= len; i += 32) {
		a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
		z = _mm_or_si128(_mm_cmpeq_epi8(a, zero),
		    _mm_cmpeq_epi8(b, zero));
		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), z)) != 0)
			break;
	}
#endif

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, sizeof w);
		if (((w | ((w - lo) & ~w)) & hi) != 0)
			break;
	}
	while (i < len && s[i] != '\0' && s[i] < 0x80)
		i++;
	return (i);
}

/* The first byte of s[i..len) that is NUL or no valid UTF-8, or len. */
static size_t
extract_utf8_bad(const unsigned char *s, size_t i, size_t len)
{
	size_t	 n;

	for (; (i = extract_ascii_run(s, i, len)) < len; i += n) {
		if (s[i] == '\0' || (n = extract_utf8_len(s, i, len)) == 0)
			break;
	}
	return (i);
}

/* Whether s[0..len) is valid UTF-8 without NUL: what extraction gives. */
int
extract_utf8_valid(const char *s, size_t len)
{
	return (extract_utf8_bad((const unsigned char *)s, 0, len) == len);
}

/* Copy s into b as valid UTF-8: bad bytes become U+FFFD, NUL a space. */
static void
extract_utf8(struct extract_buf *b, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	const char		*fix;
	size_t			 i, start, n;

	for (start = 0; (i = extract_utf8_bad(s, start, len)) < len;
	    start = i + 1) {
		extract_buf_add(b, text + start, i - start);
		fix = extract_fix(s[i], &n);
		extract_buf_add(b, fix, n);
	}
	extract_buf_add(b, text + start, len - start);
}

/*
 * Read s[r..end), whose first byte is bad, and write its repair from w on
 * (w <= r, r - w at least twice its bad bytes other than NUL); returns
 * where the writing ends.  Each bad byte becomes U+FFFD (two bytes more)
 * or, if NUL, a space, so the writer never passes the reader: it is
 * behind by twice the bad bytes not yet read.
 */
static size_t
extract_utf8_move(unsigned char *s, size_t w, size_t r, size_t end)
{
	const char	*fix;
	size_t		 next, n;

	for (; r < end; r = next) {
		next = extract_utf8_bad(s, r + 1, end);
		fix = extract_fix(s[r], &n);
		memcpy(s + w, fix, n);
		w += n;
		memmove(s + w, s + r + 1, next - r - 1);
		w += next - r - 1;
	}
	return (w);
}

/*
 * Where the bytes s[i..len) a read ends with stop being judged: at the
 * lead byte of a last sequence the read cut short (its continuation bytes
 * so far valid), which the next read may complete; else len.  A sequence
 * before it that would run past it is bad either way, since it would
 * have a lead byte where a continuation byte belongs.
 */
static size_t
extract_utf8_whole(const unsigned char *s, size_t i, size_t len)
{
	size_t	 p, n;

	for (p = len; p > i && len - p < 3 && (s[p - 1] & 0xc0) == 0x80; p--)
		;
	if (p == i || s[p - 1] < 0xc2 || s[p - 1] > 0xf4)
		return (len);
	p--;
	n = s[p] <= 0xdf ? 2 : s[p] <= 0xef ? 3 : 4;
	return (p + n > len ? p : len);
}

/*
 * Repair a text as it is read, where it is: (*bufp)[from..*lenp) is new,
 * [0..from) is done, and the buffer holds *capp bytes and a NUL.  Repairs
 * what the bytes read so far decide, all of it at eof, into what
 * extract_utf8 makes of the whole, and returns how far it got (a sequence
 * the read cut short waits for the next read).  A bad byte grows the text
 * by two: the buffer is grown once by all the new bytes need, keeping the
 * room it had after the text, so a regular file's reader still sees its
 * end without growing it again; the part from the first bad byte is
 * moved up by as much, then read from there and written back repaired
 * (extract_utf8_move).  Each read is repaired while it is in the cache,
 * and only its own bytes move (a text of 110 MB with 22 bad bytes was
 * walked three times more, and all moved twice).  A whole text is
 * repaired so in one call, from 0 with eof set.
 */
size_t
extract_utf8_take(char **bufp, size_t *capp, size_t *lenp, size_t from,
    int eof)
{
	unsigned char	*s = (unsigned char *)*bufp;
	size_t		 len = *lenp, end, bad, r, extra = 0, n;

	end = eof ? len : extract_utf8_whole(s, from, len);
	if ((bad = extract_utf8_bad(s, from, end)) == end)
		return (end);
	for (r = bad; r < end; r = extract_utf8_bad(s, r + 1, end)) {
		(void)extract_fix(s[r], &n);
		extra += n - 1;
	}
	if (extra > 0) {		/* not NUL alone, a space in its place */
		*bufp = xreallocarray(*bufp, *capp + extra + 1, 1);
		*capp += extra;
		s = (unsigned char *)*bufp;
		memmove(s + bad + extra, s + bad, len - bad);
	}
	(void)extract_utf8_move(s, bad, bad + extra, end + extra);
	*lenp = len + extra;
	return (end + extra);
}

/*
 * Reduce HTML to its visible text and title with libxml2 (html.c), after
 * making the bytes valid UTF-8.  Returns 0, or HTML_CUT_* if the page went
 * past a bound of html.c and only its text before that point was kept;
 * *text is always set (possibly empty), *title is NULL if the page has none,
 * *published (unless published is NULL) is its publication date as
 * written, or NULL.
 */
int
extract_html(const char *s, size_t len, char **text, size_t *textlen,
    char **title, char **published)
{
	struct extract_buf	 in;
	int			 cut;

	if (extract_utf8_valid(s, len))		/* nearly always: no copy */
		return (html_extract(s, len, text, textlen, title, published));
	memset(&in, 0, sizeof in);
	extract_buf_add(&in, "", 0);
	extract_utf8(&in, s, len);
	cut = html_extract(in.s, in.len, text, textlen, title, published);
	free(in.s);
	return (cut);
}

/* Decide how to read a body from the configured format and content type. */
static enum source_format
extract_format(enum source_format format, const char *ctype, const char *body,
    size_t len)
{
	if (format != FORMAT_AUTO)
		return (format);
	if (ctype != NULL && strncasecmp(ctype, "text/plain", 10) == 0)
		return (FORMAT_TEXT);
	if (ctype != NULL && (strcasestr(ctype, "html") != NULL ||
	    strcasestr(ctype, "xml") != NULL))
		return (FORMAT_HTML);
	return (html_sniff(body, len) ? FORMAT_HTML : FORMAT_TEXT);
}

/*
 * Make a document from a fetched body: one page or text.  Feeds are split
 * into items by feed.c first; RSS or Atom configured as such but handed
 * here are read as markup.
 */
struct document *
extract_document(const char *source_id, const char *url,
    enum source_format format, const char *ctype, const char *body,
    size_t len)
{
	struct document	*d;
	struct extract_buf	 out;
	char		*raw = NULL, *title = NULL, *date = NULL;
	size_t		 rawlen = 0;

	memset(&out, 0, sizeof out);
	extract_buf_add(&out, "", 0);
	d = xcalloc(1, sizeof *d);
	d->source_id = xstrdup(source_id);
	d->url = xstrdup(url);
	switch (extract_format(format, ctype, body, len)) {
	case FORMAT_HTML:
	case FORMAT_RSS:
	case FORMAT_ATOM:
		d->cut = extract_html(body, len, &raw, &rawlen, &title, &date);
		if (date != NULL)
			date_published(date, time(NULL), d->published);
		free(date);
		if (title != NULL) {
			extract_buf_add(&out, "", 0);
			extract_utf8(&out, title, strlen(title));
			d->title = xstrdup(out.s);
			extract_buf_add(&out, "\n\n", 2);
		}
		extract_utf8(&out, raw, rawlen);
		free(raw);
		free(title);
		break;
	default:
		if (extract_utf8_valid(body, len)) {	/* nearly always */
			free(out.s);
			out.s = xmalloc(len + 1);
			memcpy(out.s, body, len);
			out.s[len] = '\0';
			out.len = len;
		} else
			extract_utf8(&out, body, len);
		break;
	}
	d->text = out.s;
	d->len = out.len;
	sha256_hex(d->text, d->len, d->sha256);
	return (d);
}

/*
 * extract_document for a body from malloc, NUL at body[len], which it
 * takes (and frees): plain text that is valid UTF-8 without NUL, nearly
 * all of it, becomes the document's text as it is, with no copy, and other
 * plain text is repaired where it is.  The same document as
 * extract_document gives.  With EXTRACT_DIGEST_LATER in flags, plain text
 * is left with an empty sha256 for the caller to fill in (sanctwatch scan
 * makes it on a second thread while it matches).  With EXTRACT_UTF8_TAKEN,
 * the body was repaired as it was read (extract_utf8_take): it is valid
 * UTF-8 without NUL, and plain text is not walked again.
 */
struct document *
extract_document_take(const char *source_id, const char *url,
    enum source_format format, const char *ctype, char *body, size_t len,
    int flags)
{
	struct document	*d;
	size_t		 cap = len;

	if (extract_format(format, ctype, body, len) != FORMAT_TEXT) {
		d = extract_document(source_id, url, format, ctype, body, len);
		free(body);
		return (d);
	}
	if (~flags & EXTRACT_UTF8_TAKEN) {
		(void)extract_utf8_take(&body, &cap, &len, 0, 1);
		body[len] = '\0';
	}
	d = xcalloc(1, sizeof *d);
	d->source_id = xstrdup(source_id);
	d->url = xstrdup(url);
	d->text = body;
	d->len = len;
	if (~flags & EXTRACT_DIGEST_LATER)
		sha256_hex(d->text, d->len, d->sha256);
	return (d);
}

/* Free a document. */
void
document_free(struct document *d)
{
	if (d == NULL)
		return;
	free(d->source_id);
	free(d->url);
	free(d->title);
	free(d->text);
	tokfeed_free(d->tokens);
	free(d);
}
