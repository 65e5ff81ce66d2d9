/*
 * HTML -> visible text, with libxml2's HTML parser.
 *
 * The input must already be valid UTF-8 (extract.c repairs it first) and is
 * parsed as UTF-8 whatever it declares (HTML_PARSE_IGNORE_ENC: charset.c has
 * done the decoding), in recover mode, with no network access, and with
 * XML_PARSE_HUGE so deep nesting does not silently cut the text at depth
 * 256; the body cap bounds what HUGE allows.  The tree is walked
 * iteratively, never recursively.
 *
 * What is kept: text of visible elements.  The subtrees of script, style,
 * noscript, template, svg, nav, footer, form, aside, head, select, button,
 * iframe and object are dropped; block elements become line breaks; runs of
 * white space collapse to one space; the first title is kept apart.
 * Entities are decoded by the parser; unknown ones stay as written.
 *
 * The page's publication date, as written, is looked for in this order: a
 * <meta> whose property, name or itemprop is one of html_date_metas[]
 * (article:published_time and the like), JSON-LD's datePublished (in a
 * script of type application/ld+json, at its top, in an array or in its
 * @graph), then <time datetime> marked itemprop=datePublished or pubdate.
 * A bare <time> is not taken: pages carry many (comments, related links).
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

/* Whether an element is shown: not hidden, nor inside a hidden one. */
static int
html_hidden_elem(const xmlNode *n)
{
	return (n->type == XML_ELEMENT_NODE && extract_in(html_hidden,
	    sizeof html_hidden / sizeof html_hidden[0],
	    (const char *)n->name));
}

/* Whether an element breaks lines. */
static int
html_block(const xmlNode *n)
{
	return (n->type == XML_ELEMENT_NODE && extract_in(html_blocks,
	    sizeof html_blocks / sizeof html_blocks[0],
	    (const char *)n->name));
}

/* The first title element's text, anywhere in the tree; the element. */
static const xmlNode *
html_title(const xmlNode *n, struct html_buf *title)
{
	const xmlNode	*c;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)n->name, "title") == 0) {
			for (c = n->children; c != NULL; c = c->next) {
				if (c->type == XML_TEXT_NODE &&
				    c->content != NULL)
					html_text_node(title, (const char *)
					    c->content);
			}
			return (n);
		}
		if (n->children != NULL && !(n->type == XML_ELEMENT_NODE &&
		    extract_in(html_no_title, sizeof html_no_title /
		    sizeof html_no_title[0], (const char *)n->name)))
			n = n->children;	/* head is searched */
		else {
			while (n != NULL && n->next == NULL)
				n = n->parent;
			if (n != NULL)
				n = n->next;
		}
	}
	return (NULL);
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

/* Walk the tree from n without recursion, collecting visible text. */
static void
html_walk(xmlNode *n, const xmlNode *title, struct html_buf *out)
{
	xmlNode	*root = n;

	while (n != NULL) {
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			html_text_node(out, (const char *)n->content);
		if (html_block(n))
			out->newline = 1;
		if (n->children != NULL && !html_hidden_elem(n) &&
		    n != title && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (html_block(n))
				out->newline = 1;
		}
		if (n == root)
			break;
		n = n->next;
	}
}

/* An attribute's value, from malloc, or NULL. */
static char *
html_attr(const xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return (NULL);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return (s);
}

/* Whether an attribute is one of a table's names (any case). */
static int
html_attr_in(const xmlNode *n, const char *name, const char *const *t,
    size_t nt)
{
	char	*v;
	int	 in;

	if ((v = html_attr(n, name)) == NULL)
		return (0);
	in = extract_in(t, nt, v);
	free(v);
	return (in);
}

/* A JSON-LD object's datePublished: at its top, in an array or @graph. */
static char *
html_ld_date(json_t *v, int depth)
{
	json_t	*x;
	size_t	 i;
	char	*s;

	if (depth > 3)
		return (NULL);
	if (json_is_object(v)) {
		x = json_object_get(v, "datePublished");
		if (json_is_string(x))
			return (xstrdup(json_string_value(x)));
		return (html_ld_date(json_object_get(v, "@graph"), depth + 1));
	}
	json_array_foreach(v, i, x) {
		if ((s = html_ld_date(x, depth + 1)) != NULL)
			return (s);
	}
	return (NULL);
}

/* The date of a script element if it is JSON-LD with a datePublished. */
static char *
html_ld_script(const xmlNode *n)
{
	static const char *const ld[] = { "application/ld+json" };
	xmlChar		*c;
	json_t		*v;
	char		*s = NULL;

	if (!html_attr_in(n, "type", ld, 1) ||
	    (c = xmlNodeGetContent(n)) == NULL)
		return (NULL);
	if ((v = json_loads((const char *)c, JSON_DECODE_ANY, NULL)) != NULL) {
		s = html_ld_date(v, 0);
		json_decref(v);
	}
	xmlFree(c);
	return (s);
}

/* One element's date: rank 1 meta, 2 JSON-LD, 3 time; 0 none. */
static int
html_elem_date(const xmlNode *n, char **date)
{
	static const char *const attrs[] = { "property", "name", "itemprop" };
	static const char *const pub[] = { "datePublished" };
	size_t			 i;

	*date = NULL;
	if (strcasecmp((const char *)n->name, "meta") == 0) {
		for (i = 0; i < nitems(attrs); i++) {
			if (html_attr_in(n, attrs[i], html_date_metas,
			    nitems(html_date_metas)))
				*date = html_attr(n, "content");
		}
		return (*date != NULL ? 1 : 0);
	}
	if (strcasecmp((const char *)n->name, "script") == 0)
		return ((*date = html_ld_script(n)) != NULL ? 2 : 0);
	if (strcasecmp((const char *)n->name, "time") == 0 &&
	    (html_attr_in(n, "itemprop", pub, 1) ||
	    xmlHasProp(n, (const xmlChar *)"pubdate") != NULL))
		*date = html_attr(n, "datetime");
	return (*date != NULL ? 3 : 0);
}

/* The page's publication date as written, best rank first; or NULL. */
static char *
html_date(const xmlNode *n)
{
	char	*best = NULL, *d;
	int	 rank, best_rank = 4;

	while (n != NULL && best_rank > 1) {
		if (n->type == XML_ELEMENT_NODE &&
		    (rank = html_elem_date(n, &d)) > 0) {
			if (rank < best_rank) {
				free(best);
				best = d;
				best_rank = rank;
			} else
				free(d);
		}
		if (n->children != NULL && n->type == XML_ELEMENT_NODE)
			n = n->children;
		else {
			while (n != NULL && n->next == NULL)
				n = n->parent;
			if (n != NULL)
				n = n->next;
		}
	}
	return (best);
}

/*
 * Reduce valid UTF-8 HTML to its visible text and title.  *text is always
 * set (possibly empty), *title is NULL if the page has none; *published
 * (if published is not NULL) is the page's date as written, or NULL.
 */
void
html_extract(const char *s, size_t len, char **text, size_t *textlen,
    char **title, char **published)
{
	struct html_buf	 out, t;
	htmlDocPtr	 doc = NULL;
	xmlNode		*root;
	const xmlNode	*tn;
	int		 opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
	    XML_PARSE_HUGE | HTML_PARSE_NOBLANKS;

	memset(&out, 0, sizeof out);
	memset(&t, 0, sizeof t);
	extract_buf_add(&out.b, "", 0);
	if (published != NULL)
		*published = NULL;
	if (len > 0 && len < INT32_MAX)
		doc = htmlReadMemory(s, (int)len, NULL, "UTF-8", opts);
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL) {
		tn = html_title(root, &t);
		html_walk(root, tn, &out);
		if (published != NULL)
			*published = html_date(root);
	}
	xmlFreeDoc(doc);
	*text = out.b.s;
	*textlen = out.b.len;
	*title = t.b.len > 0 ? t.b.s : NULL;
	if (*title == NULL)
		free(t.b.s);
}
