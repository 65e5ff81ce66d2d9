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
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Append text, collapsing white space; pending breaks come first. */
static void
html_text(struct html_buf *b, const char *s)
{
	size_t	 k;

	while (*s != '\0') {
		if (isspace((unsigned char)*s)) {
			b->space = 1;
			s++;
			continue;
		}
		if (b->b.len > 0 && b->newline)
			extract_buf_add(&b->b, "\n", 1);
		else if (b->b.len > 0 && b->space && b->b.s[b->b.len - 1] != '\n')
			extract_buf_add(&b->b, " ", 1);
		b->space = b->newline = 0;
		for (k = 0; s[k] != '\0' && !isspace((unsigned char)s[k]); k++)
			;
		extract_buf_add(&b->b, s, k);
		s += k;
	}
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

/*
 * Reduce valid UTF-8 HTML to its visible text and title.  *text is always
 * set (possibly empty), *title is NULL if the page has none.
 */
void
html_extract(const char *s, size_t len, char **text, size_t *textlen,
    char **title)
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
	if (len > 0 && len < INT32_MAX)
		doc = htmlReadMemory(s, (int)len, NULL, "UTF-8", opts);
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL) {
		tn = html_title(root, &t);
		html_walk(root, tn, &out);
	}
	xmlFreeDoc(doc);
	*text = out.b.s;
	*textlen = out.b.len;
	*title = t.b.len > 0 ? t.b.s : NULL;
	if (*title == NULL)
		free(t.b.s);
}
