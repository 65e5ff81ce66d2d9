/*
 * Extraction: a fetched body becomes the document text that is scanned.
 *
 * Plain text is taken as it is.  HTML (and, until feeds get their own
 * parser, RSS and Atom, whose markup is the same shape) is reduced to its
 * visible text by one pass of a small tag scanner: the contents of script,
 * style, noscript, template, svg, nav, footer, form, aside and the head
 * (except the title) are dropped; block elements become line breaks; runs of
 * white space collapse; character references are decoded; CDATA is text.
 * The title is kept apart and also starts the text, since headlines name
 * parties.  Every result is made valid UTF-8 (invalid bytes become U+FFFD,
 * NUL becomes a space), so offsets, JSON and SQLite all see the same bytes.
 *
 * The scanner never looks back more than a tag, works on any input, and
 * writes at most a few bytes per input byte, so its output is bounded by the
 * body cap the fetcher enforces.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sanctwatch.h"

/* Growing output text. */
struct xbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

/* Elements whose whole content is not visible text. */
static const char *const extract_hidden[] = {
	"script", "style", "noscript", "template", "svg", "nav", "footer",
	"form", "aside", "head", "select", "button", "iframe", "object",
};

/* Elements that break the text into lines. */
static const char *const extract_blocks[] = {
	"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
	"tr", "td", "th", "table", "section", "article", "header", "main",
	"blockquote", "pre", "hr", "dd", "dt", "dl", "figure", "figcaption",
	"title", "item", "entry", "summary", "description", "content",
	"address", "caption",
};

/* The named character references we decode; others are left as written. */
static const struct {
	const char	*name;
	uint32_t	 cp;
} extract_entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "rsquo", 0x2019 },
	{ "lsquo", 0x2018 }, { "rdquo", 0x201d }, { "ldquo", 0x201c },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
	{ "laquo", 0xab }, { "raquo", 0xbb }, { "copy", 0xa9 },
	{ "reg", 0xae }, { "trade", 0x2122 }, { "eacute", 0xe9 },
	{ "egrave", 0xe8 }, { "aacute", 0xe1 }, { "agrave", 0xe0 },
	{ "oacute", 0xf3 }, { "ouml", 0xf6 }, { "uuml", 0xfc },
	{ "auml", 0xe4 }, { "Ouml", 0xd6 }, { "Uuml", 0xdc }, { "Auml", 0xc4 },
	{ "szlig", 0xdf }, { "ccedil", 0xe7 }, { "ntilde", 0xf1 },
	{ "iacute", 0xed }, { "uacute", 0xfa }, { "shy", 0xad },
	{ "middot", 0xb7 }, { "bull", 0x2022 }, { "euro", 0x20ac },
	{ "pound", 0xa3 }, { "deg", 0xb0 }, { "thinsp", 0x2009 },
	{ "ensp", 0x2002 }, { "emsp", 0x2003 }, { "zwj", 0x200d },
	{ "zwnj", 0x200c },
};

/* Append bytes. */
static void
xbuf_add(struct xbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append a code point as UTF-8 (surrogates and out of range as U+FFFD). */
static void
xbuf_add_cp(struct xbuf *b, uint32_t cp)
{
	char	 u[4];

	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		xbuf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		xbuf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		xbuf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		xbuf_add(b, u, 4);
	}
}

/* The length of a valid UTF-8 sequence at s[i], or 0 if it is not one. */
static size_t
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

/* Copy s into b as valid UTF-8: bad bytes become U+FFFD, NUL a space. */
static void
extract_utf8(struct xbuf *b, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, start = 0, n;

	while (i < len) {
		if (s[i] != '\0' && (n = extract_utf8_len(s, i, len)) != 0) {
			i += n;
			continue;
		}
		xbuf_add(b, text + start, i - start);
		if (s[i] == '\0')
			xbuf_add(b, " ", 1);
		else
			xbuf_add_cp(b, 0xfffd);
		start = ++i;
	}
	xbuf_add(b, text + start, i - start);
}

/* Whether name (of length n) is in a table of element names. */
static int
extract_in(const char *const *table, size_t ntable, const char *name,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < ntable; i++) {
		if (strlen(table[i]) == n && strncasecmp(table[i], name, n) == 0)
			return (1);
	}
	return (0);
}

/* Decode the character reference at s[i] ('&'); return bytes consumed. */
static size_t
extract_entity(struct xbuf *b, const char *s, size_t i, size_t len)
{
	size_t		 j = i + 1, k;
	unsigned long	 cp = 0;
	int		 hex;

	if (j < len && s[j] == '#') {
		hex = ++j < len && (s[j] == 'x' || s[j] == 'X');
		j += (size_t)hex;
		for (k = j; k < len && k - j < 8 && (hex ? isxdigit(
		    (unsigned char)s[k]) : isdigit((unsigned char)s[k])); k++)
			cp = cp * (hex ? 16 : 10) + (unsigned long)(isdigit(
			    (unsigned char)s[k]) ? s[k] - '0' :
			    tolower((unsigned char)s[k]) - 'a' + 10);
		if (k == j)
			goto literal;
		xbuf_add_cp(b, (uint32_t)(cp > 0x10ffff ? 0xfffd : cp));
		return (k - i + (k < len && s[k] == ';'));
	}
	for (k = j; k < len && k - j < 10 && isalnum((unsigned char)s[k]); k++)
		;
	for (j = 0; j < sizeof extract_entities / sizeof extract_entities[0];
	    j++) {
		if (strlen(extract_entities[j].name) == k - i - 1 &&
		    strncmp(extract_entities[j].name, s + i + 1, k - i - 1) ==
		    0) {
			xbuf_add_cp(b, extract_entities[j].cp);
			return (k - i + (k < len && s[k] == ';'));
		}
	}
literal:
	xbuf_add(b, "&", 1);
	return (1);
}

/* State of one HTML pass. */
struct html {
	const char	*s;
	size_t		 len;
	struct xbuf	 text;
	struct xbuf	 title;
	int		 in_title;
	char		 skip[16];	/* hidden element we are inside, or "" */
	int		 skip_depth;
	int		 space;		/* a space is pending */
	int		 newline;	/* a line break is pending */
};

/* Emit pending white space before visible text. */
static void
html_flush_space(struct html *h, struct xbuf *out)
{
	if (out->len > 0 && h->newline)
		xbuf_add(out, "\n", 1);
	else if (out->len > 0 && h->space && out->s[out->len - 1] != '\n')
		xbuf_add(out, " ", 1);
	h->space = h->newline = 0;
}

/* Emit visible character data s[i..j), decoding references. */
static void
html_text(struct html *h, size_t i, size_t j)
{
	struct xbuf	*out = h->in_title ? &h->title : &h->text;
	size_t		 k;

	if (h->skip[0] != '\0' && !h->in_title)
		return;
	while (i < j) {
		if (isspace((unsigned char)h->s[i])) {
			h->space = 1;
			i++;
			continue;
		}
		html_flush_space(h, out);
		if (h->s[i] == '&') {
			i += extract_entity(out, h->s, i, j);
			continue;
		}
		for (k = i; k < j && h->s[k] != '&' &&
		    !isspace((unsigned char)h->s[k]); k++)
			;
		xbuf_add(out, h->s + i, k - i);
		i = k;
	}
}

/* Handle a tag named name[0..n), closing or not; update skip state. */
static void
html_tag(struct html *h, const char *name, size_t n, int closing)
{
	size_t	 nh = sizeof extract_hidden / sizeof extract_hidden[0];

	if (n == 5 && strncasecmp(name, "title", 5) == 0) {
		/* Only the first title counts; svg and feeds have others. */
		h->in_title = !closing && h->title.len == 0;
		h->space = 0;
	}
	if (h->skip[0] != '\0') {
		if (strlen(h->skip) == n && strncasecmp(h->skip, name, n) == 0)
			h->skip_depth += closing ? -1 : 1;
		if (h->skip_depth == 0)
			h->skip[0] = '\0';
		return;
	}
	if (!closing && extract_in(extract_hidden, nh, name, n) &&
	    n < sizeof h->skip) {
		memcpy(h->skip, name, n);
		h->skip[n] = '\0';
		h->skip_depth = 1;
		return;
	}
	if (extract_in(extract_blocks, sizeof extract_blocks /
	    sizeof extract_blocks[0], name, n))
		h->newline = 1;
}

/* Skip the raw text of script or style up to its closing tag. */
static size_t
html_raw(struct html *h, size_t i)
{
	const char	*end;
	size_t		 n = strlen(h->skip), k;

	for (k = i; k + n + 2 <= h->len; k++) {
		if (h->s[k] == '<' && h->s[k + 1] == '/' &&
		    strncasecmp(h->s + k + 2, h->skip, n) == 0)
			break;
	}
	if (k + n + 2 > h->len)
		return (h->len);
	end = memchr(h->s + k, '>', h->len - k);
	h->skip[0] = '\0';
	h->skip_depth = 0;
	return (end == NULL ? h->len : (size_t)(end - h->s) + 1);
}

/* Parse the markup at s[i] ('<'); return the index after it. */
static size_t
html_markup(struct html *h, size_t i)
{
	const char	*s = h->s, *end;
	size_t		 j, k, n;
	int		 closing, quote = 0;

	if (h->len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		end = memmem(s + i + 4, h->len - i - 4, "-->", 3);
		return (end == NULL ? h->len : (size_t)(end - s) + 3);
	}
	if (h->len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		end = memmem(s + i + 9, h->len - i - 9, "]]>", 3);
		k = end == NULL ? h->len : (size_t)(end - s);
		html_text(h, i + 9, k);
		return (end == NULL ? h->len : k + 3);
	}
	j = i + 1;
	closing = j < h->len && s[j] == '/';
	j += (size_t)closing;
	for (k = j; k < h->len && (isalnum((unsigned char)s[k]) ||
	    s[k] == '-' || s[k] == ':'); k++)
		;
	n = k - j;
	if (n == 0 && !(j < h->len && (s[j] == '!' || s[j] == '?'))) {
		html_text(h, i, i + 1);		/* a lone '<' is text */
		return (i + 1);
	}
	for (; k < h->len && (quote || s[k] != '>'); k++) {
		if (quote && s[k] == quote)
			quote = 0;
		else if (!quote && (s[k] == '"' || s[k] == '\''))
			quote = s[k];
	}
	if (n > 0)
		html_tag(h, s + j, n, closing);
	if (!closing && n > 0 && (strcasecmp(h->skip, "script") == 0 ||
	    strcasecmp(h->skip, "style") == 0) && h->skip_depth == 1)
		return (html_raw(h, k < h->len ? k + 1 : h->len));
	return (k < h->len ? k + 1 : h->len);
}

/*
 * Reduce HTML to its visible text and title.  Returns 0; *text is always
 * set (possibly empty), *title is NULL if the page has none.
 */
int
extract_html(const char *s, size_t len, char **text, size_t *textlen,
    char **title)
{
	struct html	 h;
	size_t		 i = 0, j;

	memset(&h, 0, sizeof h);
	h.s = s;
	h.len = len;
	xbuf_add(&h.text, "", 0);
	while (i < len) {
		if (s[i] == '<') {
			i = html_markup(&h, i);
			continue;
		}
		j = i;
		while (j < len && s[j] != '<')
			j++;
		html_text(&h, i, j);
		i = j;
	}
	*text = h.text.s;
	*textlen = h.text.len;
	*title = h.title.len > 0 ? h.title.s : NULL;
	if (*title == NULL)
		free(h.title.s);
	return (0);
}

/* Whether a body looks like markup rather than plain text. */
static int
extract_sniff_markup(const char *s, size_t len)
{
	size_t	 i = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return (i < len && s[i] == '<');
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
	return (extract_sniff_markup(body, len) ? FORMAT_HTML : FORMAT_TEXT);
}

/*
 * Make a document from a fetched body.  RSS, Atom and JSON are read as
 * markup or text until they get their own parsers.
 */
struct document *
extract_document(const char *source_id, const char *url,
    enum source_format format, const char *ctype, const char *body,
    size_t len)
{
	struct document	*d;
	struct xbuf	 out;
	char		*raw = NULL, *title = NULL;
	size_t		 rawlen = 0;

	memset(&out, 0, sizeof out);
	xbuf_add(&out, "", 0);
	d = xcalloc(1, sizeof *d);
	d->source_id = xstrdup(source_id);
	d->url = xstrdup(url);
	switch (extract_format(format, ctype, body, len)) {
	case FORMAT_HTML:
	case FORMAT_RSS:
	case FORMAT_ATOM:
		extract_html(body, len, &raw, &rawlen, &title);
		if (title != NULL) {
			xbuf_add(&out, "", 0);
			extract_utf8(&out, title, strlen(title));
			d->title = xstrdup(out.s);
			xbuf_add(&out, "\n\n", 2);
		}
		extract_utf8(&out, raw, rawlen);
		free(raw);
		free(title);
		break;
	default:
		extract_utf8(&out, body, len);
		break;
	}
	d->text = out.s;
	d->len = out.len;
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
	free(d);
}
