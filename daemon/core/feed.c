/*
 * Feeds: a fetched body -> its items, each scanned as a document of its own.
 *
 * XML feeds go through libxml2's parser in recover mode with no network
 * (XML_PARSE_NONET), no entity substitution and no DTD loading, so a feed
 * cannot make the daemon fetch anything or expand external entities; a
 * malformed feed yields what could be recovered.  Element names are matched
 * on their local names, so RSS 0.9x/2.0 (rss/channel/item), RSS 1.0
 * (rdf:RDF/item), Atom (feed/entry) and the common extensions
 * (content:encoded, dc:date) all read the same way.  JSON goes through
 * jansson: a JSON Feed (version https://jsonfeed.org/...) by its fields, any
 * other JSON by the source's dotted paths (json.items to the array, then
 * json.id, title, link, text and published (or date) inside each item; an
 * array root needs no items path; without a date path the common names of
 * feed_json_item's dates[] are tried).
 *
 * Dates: an item's date as written (RSS pubDate or dc:date, Atom published,
 * else updated, JSON's) becomes its document's publication date in UTC
 * through date_published(), which drops what does not parse and what is
 * before 1990 or more than a day ahead.
 *
 * Identity: an item's id is its GUID (Atom id), else its link, else a hash
 * of its title and content.  A GUID that repeats within one feed is not an
 * identity: such items fall back to "guid|link", then "guid|#position", so
 * distinct items never share an id.  At most FEED_MAX_ITEMS items are taken
 * (the body is bounded, but its items are not); how many were left is in
 * feed->left, for the daemon to say.
 *
 * The text of an item's document is its title, a blank line and its content
 * reduced to visible text (extract_document), so offsets, hashes and UTF-8
 * validity follow extract.c's rules.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/core.h"

#define FEED_SNIFF_BYTES	2048
#define FEED_MAX_DEPTH		64	/* of a JSON path */

/* Growing item list. */
struct feed_list {
	struct feed_item	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 left;	/* items past FEED_MAX_ITEMS */
};

/* A new empty item at the end of a list, or NULL past FEED_MAX_ITEMS. */
static struct feed_item *
feed_item_new(struct feed_list *l)
{
	if (l->n == FEED_MAX_ITEMS) {
		l->left++;
		return (NULL);
	}
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return (&l->v[l->n++]);
}

/* Free one item's strings. */
static void
feed_item_clear(struct feed_item *it)
{
	free(it->id);
	free(it->link);
	free(it->title);
	free(it->content);
	free(it->date);
}

/* Free a feed; NULL is a no-op. */
void
feed_free(struct feed *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		feed_item_clear(&f->items[i]);
	free(f->items);
	free(f->title);
	free(f);
}

/* A string with leading and trailing white space removed, or NULL if empty. */
static char *
feed_trim(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return (NULL);
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return (n == 0 ? NULL : xstrndup(s, n));
}

/* Skip a BOM, white space, XML declarations, comments and doctypes. */
static const char *
feed_skip_prolog(const char *s, const char *end)
{
	const char	*e;

	if (end - s >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	for (;;) {
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (end - s < 2 || s[0] != '<' ||
		    (s[1] != '?' && s[1] != '!'))
			return (s);
		if ((e = memchr(s, '>', (size_t)(end - s))) == NULL)
			return (end);
		s = e + 1;
	}
}

/*
 * Sniff a body: FORMAT_RSS or FORMAT_ATOM for an XML feed (RSS 1.0 counts as
 * RSS), FORMAT_JSON for JSON, else FORMAT_AUTO.
 */
int
feed_sniff(const char *body, size_t len)
{
	const char	*end = body + (len < FEED_SNIFF_BYTES ? len :
	    FEED_SNIFF_BYTES), *s;
	size_t		 n;

	s = feed_skip_prolog(body, end);
	if (s < end && (*s == '{' || *s == '['))
		return (FORMAT_JSON);
	if (s >= end || *s != '<')
		return (FORMAT_AUTO);
	n = (size_t)(end - s);
	if (n >= 4 && strncasecmp(s, "<rss", 4) == 0)
		return (FORMAT_RSS);
	if (n >= 5 && strncmp(s, "<feed", 5) == 0)
		return (FORMAT_ATOM);
	if (n >= 5 && (strncmp(s, "<rdf:", 5) == 0 ||
	    strncmp(s, "<RDF", 4) == 0))
		return (FORMAT_RSS);
	return (FORMAT_AUTO);
}

/* Whether an element has a local name. */
static int
feed_is(const xmlNode *n, const char *name)
{
	return (n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

/* Whether an element is in a namespace whose URI contains s. */
static int
feed_ns(const xmlNode *n, const char *s)
{
	return (n->ns != NULL && n->ns->href != NULL &&
	    strstr((const char *)n->ns->href, s) != NULL);
}

/* The text content of an element, trimmed, from malloc; NULL if empty. */
static char *
feed_text(const xmlNode *n)
{
	xmlChar	*c;
	char	*s;

	if ((c = xmlNodeGetContent(n)) == NULL)
		return (NULL);
	s = feed_trim((const char *)c);
	xmlFree(c);
	return (s);
}

/* An attribute's value, trimmed, from malloc; NULL if absent or empty. */
static char *
feed_attr(const xmlNode *n, const char *name)
{
	xmlChar	*c;
	char	*s;

	if ((c = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return (NULL);
	s = feed_trim((const char *)c);
	xmlFree(c);
	return (s);
}

/* Set a field once: the first value found wins. */
static void
feed_set(char **slot, char *v)
{
	if (*slot == NULL)
		*slot = v;
	else
		free(v);
}

/* Read one RSS item's fields. */
static void
feed_rss_item(struct feed_item *it, const xmlNode *item)
{
	const xmlNode	*c;

	for (c = item->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (feed_is(c, "guid"))
			feed_set(&it->id, feed_text(c));
		else if (feed_is(c, "link") && !feed_ns(c, "Atom"))
			feed_set(&it->link, feed_text(c));
		else if (feed_is(c, "title"))
			feed_set(&it->title, feed_text(c));
		else if (feed_is(c, "encoded")) {	/* content:encoded */
			free(it->content);
			it->content = feed_text(c);
		} else if (feed_is(c, "description"))
			feed_set(&it->content, feed_text(c));
		else if (feed_is(c, "pubDate") || feed_is(c, "date"))
			feed_set(&it->date, feed_text(c));
	}
	it->html = 1;
}

/* The href of an Atom entry's alternate link. */
static char *
feed_atom_link(const xmlNode *entry)
{
	const xmlNode	*c;
	char		*rel, *href = NULL;

	for (c = entry->children; c != NULL; c = c->next) {
		if (!feed_is(c, "link"))
			continue;
		rel = feed_attr(c, "rel");
		if (rel == NULL || strcmp(rel, "alternate") == 0)
			feed_set(&href, feed_attr(c, "href"));
		free(rel);
	}
	return (href);
}

/* Read one Atom entry's fields; content wins over summary. */
static void
feed_atom_entry(struct feed_item *it, const xmlNode *entry)
{
	const xmlNode	*c;
	char		*type;
	int		 pub = 0;

	it->html = 1;
	for (c = entry->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (feed_is(c, "id"))
			feed_set(&it->id, feed_text(c));
		else if (feed_is(c, "title"))
			feed_set(&it->title, feed_text(c));
		else if (feed_is(c, "content")) {
			free(it->content);
			it->content = feed_text(c);
			type = feed_attr(c, "type");
			it->html = type == NULL || strcmp(type, "text") != 0;
			free(type);
		} else if (feed_is(c, "summary"))
			feed_set(&it->content, feed_text(c));
		else if (feed_is(c, "published")) {
			free(it->date);		/* published wins */
			it->date = feed_text(c);
			pub = 1;
		} else if (feed_is(c, "updated") && !pub)
			feed_set(&it->date, feed_text(c));
	}
	it->link = feed_atom_link(entry);
}

/* Collect the items under an element (channel, RDF root, Atom feed). */
static void
feed_xml_items(struct feed *f, struct feed_list *l, const xmlNode *parent)
{
	const xmlNode		*c;
	struct feed_item	*it;
	char			*ttl;

	for (c = parent->children; c != NULL; c = c->next) {
		if (feed_is(c, "channel"))
			feed_xml_items(f, l, c);	/* RSS 0.9x/2.0 */
		else if (feed_is(c, "title") && f->title == NULL)
			f->title = feed_text(c);
		else if (feed_is(c, "ttl") && (ttl = feed_text(c)) != NULL) {
			f->ttl_ms = strtoull(ttl, NULL, 10) % 100000 * 60000;
			free(ttl);
		} else if (feed_is(c, "item") &&
		    (it = feed_item_new(l)) != NULL)
			feed_rss_item(it, c);
		else if (feed_is(c, "entry") &&
		    (it = feed_item_new(l)) != NULL)
			feed_atom_entry(it, c);
	}
}

/* Parse an XML feed; NULL if the root is not rss, RDF or feed. */
static struct feed *
feed_parse_xml(const char *body, size_t len, struct feed_list *l)
{
	xmlDoc		*doc;
	const xmlNode	*root;
	struct feed	*f = NULL;
	int		 opts = XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

	if (len > INT32_MAX)
		return (NULL);
	doc = xmlReadMemory(body, (int)len, NULL, NULL, opts);
	if (doc == NULL)
		return (NULL);
	root = xmlDocGetRootElement(doc);
	if (root != NULL && (feed_is(root, "rss") || feed_is(root, "RDF") ||
	    feed_is(root, "feed"))) {
		f = xcalloc(1, sizeof *f);
		f->format = feed_is(root, "feed") ? FORMAT_ATOM : FORMAT_RSS;
		feed_xml_items(f, l, root);
	}
	xmlFreeDoc(doc);
	return (f);
}

/* Follow a dotted path (names, or indexes into arrays) from a value. */
static json_t *
feed_json_path(json_t *v, const char *path)
{
	const char	*p = path, *dot;
	char		 name[256], *end;
	size_t		 n, depth = 0;
	unsigned long	 idx;

	while (v != NULL && *p != '\0' && depth++ < FEED_MAX_DEPTH) {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof name)
			return (NULL);
		memcpy(name, p, n);
		name[n] = '\0';
		if (json_is_array(v)) {
			idx = strtoul(name, &end, 10);
			v = *end == '\0' && n > 0 ? json_array_get(v, idx) :
			    NULL;
		} else
			v = json_object_get(v, name);
		p += n + (dot != NULL);
	}
	return (v);
}

/* A JSON value at a path as a string (numbers too), from malloc; or NULL. */
static char *
feed_json_str(json_t *item, const char *path)
{
	json_t	*v;
	char	 buf[64];

	if (path == NULL || (v = feed_json_path(item, path)) == NULL)
		return (NULL);
	if (json_is_string(v))
		return (feed_trim(json_string_value(v)));
	if (json_is_integer(v)) {
		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return (xstrdup(buf));
	}
	return (NULL);
}

/* The first of several paths that gives a string. */
static char *
feed_json_first(json_t *item, const char *const *paths)
{
	char	*s;

	for (; *paths != NULL; paths++) {
		if ((s = feed_json_str(item, *paths)) != NULL)
			return (s);
	}
	return (NULL);
}

/* Read a JSON Feed item, or an API item by the source's paths. */
static void
feed_json_item(struct feed_item *it, json_t *item, const struct json_paths *jp,
    int jsonfeed)
{
	static const char *const ids[] = { "id", "guid", NULL };
	static const char *const links[] = { "url", "link", NULL };
	static const char *const titles[] = { "title", "headline", NULL };
	static const char *const texts[] = { "content_text", "text", "body",
	    "content", "summary", "description", NULL };
	static const char *const dates[] = { "date_published", "published",
	    "published_at", "publishedAt", "pubDate", "datePublished", "date",
	    "created_at", NULL };

	if (jsonfeed || jp == NULL) {
		it->id = feed_json_first(item, ids);
		it->link = feed_json_first(item, links);
		it->title = feed_json_first(item, titles);
		if ((it->content = feed_json_str(item, "content_html")) !=
		    NULL)
			it->html = 1;
		else
			it->content = feed_json_first(item, texts);
		it->date = feed_json_first(item, dates);
		return;
	}
	it->id = feed_json_str(item, jp->id);
	it->link = feed_json_str(item, jp->link);
	it->title = feed_json_str(item, jp->title);
	it->content = feed_json_str(item, jp->text);
	it->date = feed_json_str(item, jp->published != NULL ?
	    jp->published : jp->date);
	if (it->date == NULL && jp->published == NULL && jp->date == NULL)
		it->date = feed_json_first(item, dates);
	it->html = it->content != NULL && it->content[0] == '<';
}

/* Whether a source's JSON paths say anything. */
static int
feed_json_paths_set(const struct json_paths *jp)
{
	return (jp != NULL && (jp->items != NULL || jp->id != NULL ||
	    jp->title != NULL || jp->link != NULL || jp->text != NULL ||
	    jp->published != NULL));
}

/*
 * Parse JSON: a JSON Feed, or an API answer when the source has paths.
 * NULL if it is neither.
 */
static struct feed *
feed_parse_json(const char *body, size_t len, const struct json_paths *jp,
    struct feed_list *l)
{
	json_t			*root, *items, *v;
	json_error_t		 err;
	struct feed		*f = NULL;
	struct feed_item	*it;
	const char		*ver;
	size_t			 i;
	int			 jsonfeed;

	root = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (root == NULL)
		return (NULL);
	ver = json_string_value(json_object_get(root, "version"));
	jsonfeed = ver != NULL && strstr(ver, "jsonfeed.org") != NULL;
	if (jsonfeed)
		items = json_object_get(root, "items");
	else if (feed_json_paths_set(jp))
		items = jp->items != NULL ? feed_json_path(root, jp->items) :
		    root;
	else
		items = NULL;
	if (json_is_array(items)) {
		f = xcalloc(1, sizeof *f);
		f->format = FORMAT_JSON;
		f->title = feed_trim(json_string_value(json_object_get(root,
		    "title")));
		json_array_foreach(items, i, v) {
			if (!json_is_object(v) || (it = feed_item_new(l)) ==
			    NULL)
				continue;
			feed_json_item(it, v, jsonfeed ? NULL : jp, jsonfeed);
		}
	}
	json_decref(root);
	return (f);
}

/* Whether an item's GUID is used by another item of the list. */
static int
feed_guid_repeats(const struct feed_list *l, size_t i)
{
	size_t	 k;

	for (k = 0; k < l->n; k++) {
		if (k != i && l->v[k].id != NULL &&
		    strcmp(l->v[k].id, l->v[i].id) == 0)
			return (1);
	}
	return (0);
}

/* Whether an id is taken by an item before position i. */
static int
feed_id_taken(const struct feed_list *l, size_t i, const char *id)
{
	size_t	 k;

	for (k = 0; k < i; k++) {
		if (strcmp(l->v[k].id, id) == 0)
			return (1);
	}
	return (0);
}

/* Give every item a unique id: GUID, link, hash; disambiguate repeats. */
static void
feed_ids(struct feed_list *l)
{
	struct feed_item	*it;
	struct sha256		 h;
	char			*id, *rep, hex[65];
	size_t			 i;

	rep = xcalloc(l->n + 1, 1);
	for (i = 0; i < l->n; i++)	/* first find, then rewrite */
		rep[i] = l->v[i].id != NULL && feed_guid_repeats(l, i);
	for (i = 0; i < l->n; i++) {
		it = &l->v[i];
		if (rep[i]) {
			id = xasprintf("%s|%s", it->id, it->link != NULL ?
			    it->link : "");
			free(it->id);
			it->id = id;
		}
	}
	free(rep);
	for (i = 0; i < l->n; i++) {
		it = &l->v[i];
		if (it->id == NULL && it->link != NULL)
			it->id = xstrdup(it->link);
		if (it->id == NULL) {
			sha256_init(&h);
			if (it->title != NULL)
				sha256_update(&h, it->title, strlen(it->title));
			sha256_update(&h, "\n", 1);
			if (it->content != NULL)
				sha256_update(&h, it->content,
				    strlen(it->content));
			sha256_final_hex(&h, hex);
			it->id = xasprintf("sha256:%s", hex);
		}
		if (feed_id_taken(l, i, it->id)) {
			id = xasprintf("%s|#%zu", it->id, i);
			free(it->id);
			it->id = id;
		}
	}
}

/*
 * Parse a body as a feed of the given format (FORMAT_AUTO sniffs; FORMAT_JSON
 * takes a JSON Feed, or an API answer by the source's paths).  NULL if the
 * body is not such a feed.
 */
struct feed *
feed_parse(const char *body, size_t len, enum source_format format,
    const struct json_paths *jp)
{
	struct feed_list	 l;
	struct feed		*f = NULL;
	int			 kind;

	memset(&l, 0, sizeof l);
	kind = feed_sniff(body, len);
	if (format != FORMAT_AUTO && format != FORMAT_RSS &&
	    format != FORMAT_ATOM && format != FORMAT_JSON)
		return (NULL);
	if (format == FORMAT_JSON || (format == FORMAT_AUTO &&
	    kind == FORMAT_JSON))
		f = feed_parse_json(body, len, jp, &l);
	else if (format != FORMAT_AUTO || kind != FORMAT_AUTO)
		f = feed_parse_xml(body, len, &l);
	if (f == NULL) {
		while (l.n > 0)
			feed_item_clear(&l.v[--l.n]);
		free(l.v);
		return (NULL);
	}
	feed_ids(&l);
	f->items = l.v;
	f->n = l.n;
	f->left = l.left;
	return (f);
}

/*
 * An item as a document: its title, a blank line, its content as visible
 * text.  The URL is the item's link if it has an http(s) one, else the
 * feed's URL with the item's id as fragment.
 */
struct document *
feed_document(const char *source_id, const char *feed_url,
    const struct feed_item *it)
{
	struct document	*d, *t = NULL;
	const char	*c = it->content != NULL ? it->content : "";
	char		*url, *text, pub[DATE_ISO_LEN];

	if (it->link != NULL && (strncasecmp(it->link, "http://", 7) == 0 ||
	    strncasecmp(it->link, "https://", 8) == 0))
		url = xstrdup(it->link);
	else
		url = xasprintf("%s#%s", feed_url, it->id);
	d = extract_document(source_id, url, it->html ? FORMAT_HTML :
	    FORMAT_TEXT, NULL, c, strlen(c));
	free(url);
	if (date_published(it->date, time(NULL), pub) == 0)
		memcpy(d->published, pub, sizeof pub);
	if (it->title != NULL)
		t = extract_document(source_id, "", FORMAT_HTML, NULL,
		    it->title, strlen(it->title));
	if (t != NULL && t->len > 0) {
		text = xasprintf("%s\n\n%s", t->text, d->text);
		free(d->text);
		free(d->title);
		d->text = text;
		d->len = strlen(text);
		d->title = xstrdup(t->text);
		sha256_hex(d->text, d->len, d->sha256);
	}
	document_free(t);
	return (d);
}
