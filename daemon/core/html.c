/*
 * HTML -> visible text, with libxml2's HTML parser driven by SAX: no tree
 * is built, so memory is the text and a byte of state per open element.
 *
 * The input must already be valid UTF-8 (extract.c repairs it first) and is
 * parsed as UTF-8 whatever it declares (HTML_PARSE_IGNORE_ENC: charset.c has
 * done the decoding), in recover mode, with no network access, and with
 * XML_PARSE_HUGE so deep nesting does not silently cut the text at depth
 * 256.  The parser's work is bounded instead (issue 17, item 3): every tag
 * and every parse error is counted with the depth of open elements (an end
 * tag makes libxml2 search them), and past HTML_MAX_WORK steps or
 * HTML_MAX_ELEMENTS elements the parser is stopped; the text before that
 * point is kept and the caller is told (a page of 16 MB of nested or broken
 * markup is read in about 50 ms rather than seconds and a gigabyte).
 *
 * What is kept: text of visible elements.  The content of script, style,
 * noscript, template, svg, nav, footer, form, aside, head, select, button,
 * iframe and object is dropped; block elements become line breaks; runs of
 * white space collapse to one space; the first title (not one inside svg,
 * script and the like) is kept apart.  Entities are decoded by the parser;
 * unknown ones stay as written.
 *
 * The page's publication date, as written, is looked for in this order: a
 * <meta> whose property, name or itemprop is one of html_date_metas[]
 * (article:published_time and the like), JSON-LD's datePublished (in a
 * script of type application/ld+json, at its top, in an array or in its
 * @graph; at most HTML_MAX_LD bytes of it are read), then <time datetime>
 * marked itemprop=datePublished or pubdate.  A bare <time> is not taken:
 * pages carry many (comments, related links).  Of one kind, the first.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "core/core.h"

/* Growing output text. */
struct html_buf {
	struct extract_buf b;
	int	 space;		/* a space is pending */
	int	 newline;	/* a line break is pending */
};

static void	html_text_node(struct html_buf *, const char *);

/* Elements whose whole content is not visible text. */
static const char *const html_hidden[] = {
	"script", "style", "noscript", "template", "svg", "nav", "footer",
	"form", "aside", "head", "select", "button", "iframe", "object",
};

/* Elements whose titles are not the page's. */
static const char *const html_no_title[] = {
	"svg", "script", "style", "template", "noscript", "iframe", "object",
};

/* Elements that break the text into lines. */
static const char *const html_blocks[] = {
	"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
	"tr", "td", "th", "table", "section", "article", "header", "main",
	"blockquote", "pre", "hr", "dd", "dt", "dl", "figure", "figcaption",
	"title", "address", "caption", "body", "html",
};

/* Meta names, properties and itemprops that hold the publication date. */
static const char *const html_date_metas[] = {
	"article:published_time", "og:article:published_time",
	"datePublished", "date", "dc.date", "dc.date.issued", "dcterms.date",
	"dcterms.created", "dcterms.issued", "pubdate", "publishdate",
	"publish-date", "parsely-pub-date", "sailthru.date",
};

#define HTML_MAX_LD	(256 * 1024)	/* bytes of one JSON-LD script read */

/*
 * Copy the run of bytes that are not white space (isspace in the C locale:
 * space, \t \n \v \f \r) from s, ending at end at the latest, to d;
 * return its length.  With SSE2, 16 bytes at a time, stored whole: d has
 * room for as many bytes as s has before end, and one more.
 */
static size_t
html_word(char *d, const char *s, const char *end)
{
	size_t		 k = 0;
#ifdef __SSE2__
	const __m128i	 sp = _mm_set1_epi8(' ');
	const __m128i	 off = _mm_set1_epi8((char)(0x80 - '\t'));
	const __m128i	 lim = _mm_set1_epi8((char)(-128 + 5));
	__m128i		 v;
	unsigned	 mask;

	for (; end - (s + k) >= 16; k += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
		_mm_storeu_si128((__m128i *)(void *)(d + k), v);
		mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, sp), _mm_cmplt_epi8(_mm_add_epi8(v, off),
		    lim)));
		if (mask != 0)
			return (k + (size_t)__builtin_ctz(mask));
	}
#endif
	for (; s + k < end && !isspace((unsigned char)s[k]); k++)
		d[k] = s[k];
	return (k);
}

/*
 * Append text, collapsing white space; pending breaks come first.  The
 * text only shrinks (a run of space becomes at most one byte, and one
 * pending break may come first), so room is made once and each word is
 * copied whole.
 */
static void
html_text(struct html_buf *b, const char *s)
{
	size_t		 n = strlen(s), o, k;
	const char	*end = s + n;
	char		*d;

	if (b->b.len + n + 2 > b->b.cap) {
		b->b.cap = (b->b.len + n + 2) * 2;
		b->b.s = xreallocarray(b->b.s, b->b.cap, 1);
	}
	d = b->b.s;
	o = b->b.len;
	while (s < end) {
		if (isspace((unsigned char)*s)) {
			b->space = 1;
			s++;
			continue;
		}
		if (o > 0 && b->newline)
			d[o++] = '\n';
		else if (o > 0 && b->space && d[o - 1] != '\n')
			d[o++] = ' ';
		b->space = b->newline = 0;
		k = html_word(d + o, s, end);
		o += k;
		s += k;
	}
	d[o] = '\0';
	b->b.len = o;
}

/*
 * Append a text node; CDATA sections, which the HTML parser leaves as
 * written (feeds read as HTML have them), lose their markers.
 */
static void
html_text_node(struct html_buf *out, const char *s)
{
	const char	*p, *e;
	char		*part;

	while ((p = strstr(s, "<![CDATA[")) != NULL) {
		part = xstrndup(s, (size_t)(p - s));
		html_text(out, part);
		free(part);
		p += 9;
		if ((e = strstr(p, "]]>")) == NULL) {
			s = p;
			break;
		}
		part = xstrndup(p, (size_t)(e - p));
		html_text(out, part);
		free(part);
		s = e + 3;
	}
	html_text(out, s);
}


/* What an open element is, kept on html_sax's stack. */
#define HTML_HIDDEN	0x01	/* its content is not visible */
#define HTML_NOTITLE	0x02	/* titles inside it are not the page's */
#define HTML_TITLE	0x04	/* the page's title */
#define HTML_BLOCK	0x08	/* it breaks lines */

/* The state of one extraction, handed to the SAX callbacks. */
struct html_sax {
	struct html_buf	 out;		/* the visible text */
	struct html_buf	 title;		/* the first title's text */
	struct extract_buf text;	/* text not yet placed (comes in pieces) */
	htmlParserCtxtPtr ctxt;
	unsigned char	*open;		/* what each open element is */
	size_t		 depth;		/* open elements */
	size_t		 cap;		/* of open */
	size_t		 work;		/* the parser's steps, estimated */
	size_t		 hidden;	/* open elements with HTML_HIDDEN */
	size_t		 notitle;	/* open elements with HTML_NOTITLE */
	size_t		 elements;	/* elements started */
	int		 in_title;	/* inside the page's title */
	int		 has_title;	/* the page's title was found */
	int		 cut;		/* HTML_CUT_ELEMENTS, HTML_CUT_WORK or 0 */
	int		 want_date;	/* the caller asked for the date */
	char		*date;		/* the best date so far, as written */
	int		 date_rank;	/* its rank: 1 meta, 2 JSON-LD, 3 time */
	struct extract_buf ld;		/* a JSON-LD script's text */
	int		 in_ld;		/* inside one (its element's depth) */
};

#define NELEM(t)	(sizeof (t) / sizeof (t)[0])

/* Place the text gathered since the last tag where it belongs. */
static void
html_sax_flush(struct html_sax *h)
{
	if (h->text.len == 0)
		return;
	if (h->in_title)
		html_text_node(&h->title, h->text.s);
	else if (h->hidden == 0)
		html_text_node(&h->out, h->text.s);
	h->text.len = 0;
	h->text.s[0] = '\0';
}

/*
 * Count the parser's work for one event, cost steps on top of the search
 * of the open elements libxml2 does for an end tag; stop at a bound: what
 * was read so far is the text.  Returns whether to go on.
 */
static int
html_sax_work(struct html_sax *h, size_t cost)
{
	if (h->cut)
		return (0);
	h->work += cost + h->depth;
	if (h->work > HTML_MAX_WORK)
		h->cut = HTML_CUT_WORK;
	else if (h->elements > HTML_MAX_ELEMENTS)
		h->cut = HTML_CUT_ELEMENTS;
	if (h->cut)
		xmlStopParser(h->ctxt);
	return (!h->cut);
}

/* An attribute's value in a SAX attribute list, or NULL. */
static const char *
html_att(const xmlChar **atts, const char *name)
{
	size_t	 i;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2) {
		if (strcasecmp((const char *)atts[i], name) == 0)
			return (atts[i + 1] != NULL ? (const char *)atts[i + 1] :
			    "");
	}
	return (NULL);
}

/* Whether an attribute's value is one of a table's names (any case). */
static int
html_att_in(const xmlChar **atts, const char *name, const char *const *t,
    size_t nt)
{
	const char	*v;

	return ((v = html_att(atts, name)) != NULL && extract_in(t, nt, v));
}

/* Keep a date found at a rank if it is the best so far. */
static void
html_date_found(struct html_sax *h, const char *date, int rank)
{
	if (date == NULL || *date == '\0' || rank >= h->date_rank)
		return;
	free(h->date);
	h->date = xstrdup(date);
	h->date_rank = rank;
}

/* A JSON-LD object's datePublished: at its top, in an array or @graph. */
static const char *
html_ld_date(json_t *v, int depth)
{
	json_t		*x;
	size_t		 i;
	const char	*s;

	if (depth > 3)
		return (NULL);
	if (json_is_object(v)) {
		x = json_object_get(v, "datePublished");
		if (json_is_string(x))
			return (json_string_value(x));
		return (html_ld_date(json_object_get(v, "@graph"), depth + 1));
	}
	json_array_foreach(v, i, x) {
		if ((s = html_ld_date(x, depth + 1)) != NULL)
			return (s);
	}
	return (NULL);
}

/* A JSON-LD script ended: its datePublished, if any, at rank 2. */
static void
html_ld_end(struct html_sax *h)
{
	json_t	*v;

	if (h->ld.len > 0 && h->ld.len <= HTML_MAX_LD &&
	    (v = json_loadb(h->ld.s, h->ld.len, JSON_DECODE_ANY, NULL)) !=
	    NULL) {
		html_date_found(h, html_ld_date(v, 0), 2);
		json_decref(v);
	}
	h->ld.len = 0;
	h->in_ld = 0;
}

/* The dates an element's start tag may hold: meta, JSON-LD, time. */
static void
html_sax_date(struct html_sax *h, const char *name, const xmlChar **atts)
{
	static const char *const by[] = { "property", "name", "itemprop" };
	static const char *const ld[] = { "application/ld+json" };
	static const char *const pub[] = { "datePublished" };
	size_t			 i;

	if (strcasecmp(name, "meta") == 0) {
		for (i = 0; i < nitems(by); i++) {
			if (html_att_in(atts, by[i], html_date_metas,
			    nitems(html_date_metas)))
				html_date_found(h, html_att(atts, "content"), 1);
		}
	} else if (strcasecmp(name, "script") == 0 && h->date_rank > 2 &&
	    html_att_in(atts, "type", ld, 1)) {
		h->in_ld = (int)h->depth + 1;
		h->ld.len = 0;
	} else if (strcasecmp(name, "time") == 0 &&
	    (html_att_in(atts, "itemprop", pub, 1) ||
	    html_att(atts, "pubdate") != NULL))
		html_date_found(h, html_att(atts, "datetime"), 3);
}

static void
html_sax_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct html_sax	*h = ((htmlParserCtxtPtr)ctx)->_private;
	const char	*name = (const char *)xname;
	unsigned char	 f = 0;

	h->elements++;
	if (!html_sax_work(h, HTML_COST_TAG))
		return;
	html_sax_flush(h);
	if (h->want_date && h->date_rank > 1)
		html_sax_date(h, name, atts);
	if (extract_in(html_hidden, NELEM(html_hidden), name))
		f |= HTML_HIDDEN;
	if (extract_in(html_no_title, NELEM(html_no_title), name))
		f |= HTML_NOTITLE;
	if (extract_in(html_blocks, NELEM(html_blocks), name))
		f |= HTML_BLOCK;
	if (!h->has_title && h->notitle == 0 && strcasecmp(name, "title") == 0) {
		f |= HTML_TITLE;
		h->has_title = h->in_title = 1;
	}
	if ((f & HTML_BLOCK) && h->hidden == 0)
		h->out.newline = 1;
	if (h->depth == h->cap) {
		h->cap = h->cap * 2 + 64;
		h->open = xreallocarray(h->open, h->cap, 1);
	}
	h->open[h->depth++] = f;
	h->hidden += (f & HTML_HIDDEN) != 0;
	h->notitle += (f & HTML_NOTITLE) != 0;
}

static void
html_sax_end(void *ctx, const xmlChar *name)
{
	struct html_sax	*h = ((htmlParserCtxtPtr)ctx)->_private;
	unsigned char	 f;

	(void)name;
	if (!html_sax_work(h, HTML_COST_TAG) || h->depth == 0)
		return;
	html_sax_flush(h);
	if (h->in_ld != 0 && (size_t)h->in_ld == h->depth)
		html_ld_end(h);
	f = h->open[--h->depth];
	h->hidden -= (f & HTML_HIDDEN) != 0;
	h->notitle -= (f & HTML_NOTITLE) != 0;
	if (f & HTML_TITLE)
		h->in_title = 0;
	if ((f & HTML_BLOCK) && h->hidden == 0)
		h->out.newline = 1;
}

static void
html_sax_text(void *ctx, const xmlChar *s, int len)
{
	struct html_sax	*h = ((htmlParserCtxtPtr)ctx)->_private;

	if (h->cut || len <= 0)
		return;
	if (h->in_ld != 0 && h->ld.len <= HTML_MAX_LD)
		extract_buf_add(&h->ld, (const char *)s, (size_t)len);
	if (h->in_title || h->hidden == 0)
		extract_buf_add(&h->text, (const char *)s, (size_t)len);
}

/* A parse error (not reported): counted, an end tag not open costs most. */
static void
html_sax_error(void *ctx, xmlErrorPtr error)
{
	struct html_sax	*h = ((htmlParserCtxtPtr)ctx)->_private;

	(void)error;
	html_sax_work(h, HTML_COST_ERROR);
}

/* Whether s[0..len) has the end tag of an element, "</name", in any case. */
static int
html_end_tag(const char *s, size_t len, const char *name, size_t n)
{
	const char	*p = s, *end = s + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) < n + 2)
			return (0);
		if (p[1] == '/' && strncasecmp(p + 2, name, n) == 0)
			return (1);
		p++;
	}
	return (0);
}

/*
 * Whether a body is markup, by how it starts (after a byte-order mark and
 * white space): a declaration, comment, processing instruction or end tag
 * ("<!doctype", "<!--", "<?xml", "</"); a start tag with an attribute's
 * value; a start tag of an element HTML knows (libxml2's table) or of a
 * feed ("rss", "feed", "rdf:RDF") that ends with its name; or a start tag
 * whose end tag follows (SGML such as "<REUTERS>...</REUTERS>").  Plain
 * text may start with "<" too, and not only as a tag: the newswire writes
 * a firm so ("<Teledyne Inc> said", "<Big Three Industries> said"), where
 * read as markup the name would be lost in an unknown tag.
 */
int
html_sniff(const char *s, size_t len)
{
	static const char *const feeds[] = { "rss", "feed", "rdf:rdf" };
	char	 name[32];
	size_t	 i = 0, n = 0, k, from;
	int	 known;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	if (i + 1 >= len || s[i++] != '<')
		return (0);
	if (s[i] == '!' || s[i] == '?' || s[i] == '/')
		return (1);
	from = i;
	while (i < len && n < sizeof name - 1 &&
	    (isalnum((unsigned char)s[i]) || s[i] == ':' || s[i] == '-' ||
	    s[i] == '_'))
		name[n++] = (char)tolower((unsigned char)s[i++]);
	name[n] = '\0';
	if (n == 0 || !isalpha((unsigned char)name[0]) || i == len ||
	    !(isspace((unsigned char)s[i]) || s[i] == '>' || s[i] == '/'))
		return (0);
	for (k = i; k < len && k < i + 1024 && s[k] != '>' && s[k] != '<';
	    k++) {
		if (s[k] == '=')
			return (1);
	}
	for (k = 0; k < nitems(feeds); k++) {
		if (strcmp(name, feeds[k]) == 0)
			break;
	}
	known = k < nitems(feeds) ||
	    htmlTagLookup((const xmlChar *)name) != NULL;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	if (known && i < len && (s[i] == '>' || s[i] == '/'))
		return (1);
	return (html_end_tag(s + i, len - i, s + from, n));
}

/*
 * Reduce valid UTF-8 HTML to its visible text and title.  *text is always
 * set (possibly empty), *title is NULL if the page has none; *published
 * (if published is not NULL) is the page's date as written, or NULL.
 * Returns 0, or HTML_CUT_ELEMENTS or HTML_CUT_WORK if the page went past a
 * bound and only the text before that point was kept.
 */
int
html_extract(const char *s, size_t len, char **text, size_t *textlen,
    char **title, char **published)
{
	struct html_sax		*h;
	htmlSAXHandler		 sax;
	htmlParserCtxtPtr	 ctxt = NULL;
	int			 cut, opts = HTML_PARSE_RECOVER |
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE | HTML_PARSE_NOBLANKS;

	h = xcalloc(1, sizeof *h);
	extract_buf_add(&h->out.b, "", 0);
	extract_buf_add(&h->text, "", 0);
	h->want_date = published != NULL;
	h->date_rank = 4;
	memset(&sax, 0, sizeof sax);
	sax.startElement = html_sax_start;
	sax.endElement = html_sax_end;
	sax.characters = html_sax_text;
	sax.cdataBlock = html_sax_text;
	sax.serror = html_sax_error;
	sax.initialized = XML_SAX2_MAGIC;	/* for serror; HTML has no SAX2 */
	if (len > 0 && len < INT32_MAX)
		ctxt = htmlCreateMemoryParserCtxt(s, (int)len);
	if (ctxt != NULL) {
		memcpy(ctxt->sax, &sax, sizeof sax);
		ctxt->userData = ctxt;
		ctxt->_private = h;
		h->ctxt = ctxt;
		htmlCtxtUseOptions(ctxt, opts);
		xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
		htmlParseDocument(ctxt);
		html_sax_flush(h);
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		htmlFreeParserCtxt(ctxt);
	}
	*text = h->out.b.s;
	*textlen = h->out.b.len;
	*title = h->title.b.len > 0 ? h->title.b.s : NULL;
	if (*title == NULL)
		free(h->title.b.s);
	if (published != NULL)
		*published = h->date;
	else
		free(h->date);
	free(h->text.s);
	free(h->ld.s);
	free(h->open);
	cut = h->cut;
	free(h);
	return (cut);
}
