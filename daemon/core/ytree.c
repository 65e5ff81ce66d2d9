/*
 * ytree: a YAML document as a tree of struct ynode whose nodes remember the
 * file, line and column (1-based) they came from, so that config.c and
 * watchlist.c can report every problem as FILE:LINE:COL: message.
 *
 * The tree is built from libyaml's event API rather than yaml_parser_load():
 * the document loader recurses without bound and expands aliases.  Here the
 * depth is checked at each start event, before libyaml reads any deeper
 * (YAML_MAX_DEPTH), and anchors and aliases are refused outright, so a
 * "billion laughs" file costs nothing.  Files are capped at YAML_MAX_FILE.
 * One document per file; tags are ignored; a scalar holding a NUL byte (from
 * a "\0" escape) is refused, so every scalar is a plain C string.  Scalars
 * are copied out of libyaml's events; the ydoc owns every node and the file
 * name the nodes point to.  Columns count characters, as libyaml's do.
 *
 * Nodes come from an arena (struct yarena), not one malloc each.  A file
 * too large to hold as a tree (a watchlist of a million entities was 2.9 GB
 * of nodes) is read node by node instead: ytree_next returns each node as
 * libyaml reads it, ytree_rest completes one (an entity) into an arena the
 * caller empties when done with it, and ytree_map_stream walks a mapping
 * against its key table as ytree_map does, handing a large value (the list
 * of entities) to a function that reads it through.  The typed accessors
 * are in ytree-value.c.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "core/core.h"


/* Record an error at a node; control characters in it are shown as '?'. */
void
ytree_error(struct diag *diag, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *p;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	for (p = msg; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	diag_add(diag, n->file, n->line, n->col, "%s", msg);
	free(msg);
}

/* One block of an arena; data follows. */
struct yarena_chunk {
	struct yarena_chunk	*next;
	size_t			 size;
	max_align_t		 data[];
};

/* A streaming read of one document: libyaml and the refusals. */
struct yreader {
	yaml_parser_t	 parser;
	struct diag	*diag;
	const char	*file;	/* the nodes point to it */
	const char	*buf;
	size_t		 len;
	size_t		 depth;	/* open sequences and mappings */
	size_t		 ndocs;
	int		 done;	/* the stream ended */
	int		 failed;
};

#define YARENA_CHUNK	(64 * 1024)
#define YARENA_ALIGN	(_Alignof (max_align_t))

/* Add a chunk of at least size bytes; large ones do not become current. */
static void *
ytree_arena_chunk(struct yarena *a, size_t size)
{
	struct yarena_chunk	*c;
	size_t			 csize;

	csize = a->chunk != 0 ? a->chunk : YARENA_CHUNK;
	if (size > csize / 4) {
		/* Kept behind the current chunk, whose space stays in use. */
		c = xmalloc(sizeof *c + size);
		c->size = size;
		if (a->chunks == NULL) {
			c->next = NULL;
			a->chunks = c;
		} else {
			c->next = a->chunks->next;
			a->chunks->next = c;
		}
		return (c->data);
	}
	c = xmalloc(sizeof *c + csize);
	c->size = csize;
	c->next = a->chunks;
	a->chunks = c;
	a->p = (char *)c->data;
	a->left = csize;
	return (NULL);
}

/* Take size bytes from the current chunk, or a new one. */
static void *
ytree_arena_take(struct yarena *a, size_t size)
{
	void	*p = NULL;

	if (a->p == NULL || size > a->left)
		p = ytree_arena_chunk(a, size);
	if (p == NULL) {
		p = a->p;
		a->p += size;
		a->left -= size;
	}
	return (p);
}

/* Allocate size bytes, aligned for any type, zeroed; freed with the arena. */
void *
ytree_arena_alloc(struct yarena *a, size_t size)
{
	size_t	 pad;

	/* Unaligned strings may have moved the current position. */
	if (a->p != NULL) {
		pad = (YARENA_ALIGN - (uintptr_t)a->p % YARENA_ALIGN) %
		    YARENA_ALIGN;
		if (pad <= a->left) {
			a->p += pad;
			a->left -= pad;
		} else
			a->left = 0;
	}
	size = (size + YARENA_ALIGN - 1) & ~(YARENA_ALIGN - 1);
	return (memset(ytree_arena_take(a, size), 0, size));
}

/* Copy len bytes and a NUL into the arena, unaligned. */
char *
ytree_arena_strndup(struct yarena *a, const char *s, size_t len)
{
	char	*p;

	p = ytree_arena_take(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

/* Free everything but the current chunk, which is emptied for reuse. */
void
ytree_arena_reset(struct yarena *a)
{
	struct yarena_chunk	*c, *next;

	if ((c = a->chunks) == NULL)
		return;
	for (next = c->next; next != NULL; next = c->next) {
		c->next = next->next;
		free(next);
	}
	a->p = (char *)c->data;
	a->left = c->size;
}

/* Give to every chunk of from, which is left empty. */
void
ytree_arena_move(struct yarena *to, struct yarena *from)
{
	struct yarena_chunk	*last;

	if (from->chunks == NULL)
		return;
	if (to->chunks == NULL) {
		to->chunks = from->chunks;
		to->p = from->p;
		to->left = from->left;
	} else {
		/* Behind to's current chunk, which stays current. */
		for (last = from->chunks; last->next != NULL; last = last->next)
			;
		last->next = to->chunks->next;
		to->chunks->next = from->chunks;
	}
	from->chunks = NULL;
	from->p = NULL;
	from->left = 0;
}

/* Free an arena's memory; it can be used again, empty. */
void
ytree_arena_free(struct yarena *a)
{
	struct yarena_chunk	*c, *next;

	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks = NULL;
	a->p = NULL;
	a->left = 0;
}

/* Free a document and its tree; NULL is a no-op. */
void
ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	ytree_arena_free(&doc->arena);
	free(doc->file);
	free(doc);
}

/* Append a child to a sequence or mapping, doubling its array as needed. */
static void
ytree_append(struct yarena *a, struct ynode *parent, struct ynode *child)
{
	struct ynode	**items;
	size_t		  n = parent->n;

	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		/* The old array stays in the arena, unused: at most as much. */
		items = ytree_arena_alloc(a, (n == 0 ? 4 : 2 * n) *
		    sizeof *items);
		if (n > 0)
			memcpy(items, parent->items, n * sizeof *items);
		parent->items = items;
	}
	parent->items[parent->n++] = child;
}

/* Record an error at a libyaml mark and fail the read. */
static int
ytree_fail(struct yreader *r, const yaml_mark_t *mark, const char *msg)
{
	diag_add(r->diag, r->file, mark->line + 1, mark->column + 1, "%s",
	    msg);
	r->failed = 1;
	return (-1);
}

/* A new node at a mark. */
static struct ynode *
ytree_node(struct yreader *r, struct yarena *a, enum ynode_type type,
    const yaml_mark_t *mark)
{
	struct ynode	*n;

	n = ytree_arena_alloc(a, sizeof *n);
	n->type = type;
	n->file = r->file;
	n->line = mark->line + 1;
	n->col = mark->column + 1;
	return (n);
}

/* A scalar event's node. */
static int
ytree_scalar(struct yreader *r, struct yarena *a, const yaml_event_t *ev,
    struct ynode **np)
{
	struct ynode	*n;
	const char	*value = (const char *)ev->data.scalar.value;
	size_t		 len = ev->data.scalar.length;

	if (ev->data.scalar.anchor != NULL)
		return (ytree_fail(r, &ev->start_mark,
		    "YAML anchors and aliases are not allowed"));
	if (memchr(value, '\0', len) != NULL)
		return (ytree_fail(r, &ev->start_mark,
		    "a string must not contain a NUL byte"));
	n = ytree_node(r, a, YNODE_SCALAR, &ev->start_mark);
	n->scalar = ytree_arena_strndup(a, value, len);
	n->len = len;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	*np = n;
	return (1);
}

/* The start of a sequence or mapping: check depth, then open it. */
static int
ytree_open(struct yreader *r, struct yarena *a, const yaml_event_t *ev,
    enum ynode_type type, const yaml_char_t *anchor, struct ynode **np)
{
	char	 msg[64];

	if (anchor != NULL)
		return (ytree_fail(r, &ev->start_mark,
		    "YAML anchors and aliases are not allowed"));
	if (r->depth == YAML_MAX_DEPTH) {
		snprintf(msg, sizeof msg, "nested deeper than %d levels",
		    YAML_MAX_DEPTH);
		return (ytree_fail(r, &ev->start_mark, msg));
	}
	r->depth++;
	*np = ytree_node(r, a, type, &ev->start_mark);
	return (1);
}

/* One event: 1 and a node, 0 at an end, -1 to stop, 2 to read on. */
static int
ytree_event(struct yreader *r, struct yarena *a, const yaml_event_t *ev,
    struct ynode **np)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++r->ndocs > 1)
			return (ytree_fail(r, &ev->start_mark,
			    "only one YAML document per file is allowed"));
		return (2);
	case YAML_ALIAS_EVENT:
		return (ytree_fail(r, &ev->start_mark,
		    "YAML anchors and aliases are not allowed"));
	case YAML_SCALAR_EVENT:
		return (ytree_scalar(r, a, ev, np));
	case YAML_SEQUENCE_START_EVENT:
		return (ytree_open(r, a, ev, YNODE_SEQ,
		    ev->data.sequence_start.anchor, np));
	case YAML_MAPPING_START_EVENT:
		return (ytree_open(r, a, ev, YNODE_MAP,
		    ev->data.mapping_start.anchor, np));
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		r->depth--;
		return (0);
	case YAML_STREAM_END_EVENT:
		r->done = 1;
		return (0);
	default:
		return (2);
	}
}

/* Report libyaml's error as FILE:LINE:COL: problem (context at L:C). */
static void
ytree_parse_error(struct yreader *r)
{
	const yaml_parser_t	*p = &r->parser;
	yaml_mark_t		 mark = p->problem_mark;
	const char		*problem = p->problem;
	size_t			 i, off;

	if (problem == NULL)
		problem = "YAML parse error";

	if (p->error == YAML_READER_ERROR) {
		/* Reader errors have a byte offset, not a mark. */
		off = p->problem_offset < r->len ? p->problem_offset : r->len;
		mark.line = mark.column = 0;
		for (i = 0; i < off; i++) {
			if (r->buf[i] == '\n') {
				mark.line++;
				mark.column = 0;
			} else
				mark.column++;
		}
	}
	if (p->context != NULL && (p->context_mark.line != mark.line ||
	    p->context_mark.column != mark.column)) {
		diag_add(r->diag, r->file, mark.line + 1, mark.column + 1,
		    "%s (%s at %zu:%zu)", problem, p->context,
		    p->context_mark.line + 1, p->context_mark.column + 1);
	} else if (p->context != NULL) {
		diag_add(r->diag, r->file, mark.line + 1, mark.column + 1,
		    "%s (%s)", problem, p->context);
	} else {
		diag_add(r->diag, r->file, mark.line + 1, mark.column + 1,
		    "%s", problem);
	}
	r->failed = 1;
}

/*
 * Start reading a YAML buffer; file names it in errors and must outlive the
 * nodes.  NULL (and the error in diag) if the buffer is too large.  Errors
 * of the read go to diag; once one is reported every call returns -1.
 */
struct yreader *
ytree_reader_new(const char *file, const void *buf, size_t len,
    struct diag *diag)
{
	struct yreader	*r;

	if (len > YAML_MAX_FILE) {
		diag_add(diag, file, 0, 0, "file too large (%zu bytes, at most "
		    "%u)", len, YAML_MAX_FILE);
		return (NULL);
	}
	r = xcalloc(1, sizeof *r);
	if (!yaml_parser_initialize(&r->parser))
		fatalx("YAML: libyaml cannot initialize a parser");
	yaml_parser_set_input_string(&r->parser, buf, len);
	r->diag = diag;
	r->file = file;
	r->buf = buf;
	r->len = len;
	return (r);
}

/* Free a reader; NULL is a no-op. */
void
ytree_reader_free(struct yreader *r)
{
	if (r == NULL)
		return;
	yaml_parser_delete(&r->parser);
	free(r);
}

/*
 * Read one node into a: 1 with *np a scalar, or a sequence or mapping that
 * is open (its items are what the next calls return); 0 at the end of the
 * innermost open one, or of the document; -1 once the read has failed.  A
 * mapping's items come as key, value, key, value.
 */
int
ytree_next(struct yreader *r, struct yarena *a, struct ynode **np)
{
	yaml_event_t	 ev;
	int		 rc;

	*np = NULL;
	do {
		if (r->failed)
			return (-1);
		if (r->done)
			return (0);
		if (!yaml_parser_parse(&r->parser, &ev)) {
			ytree_parse_error(r);
			return (-1);
		}
		rc = ytree_event(r, a, &ev, np);
		yaml_event_delete(&ev);
	} while (rc == 2);
	return (rc);
}

/* Read the rest of an open node's items into a, so it is whole; 0 or -1. */
int
ytree_rest(struct yreader *r, struct yarena *a, struct ynode *n)
{
	struct ynode	*child;
	int		 rc;

	if (n->type == YNODE_SCALAR)
		return (0);
	while ((rc = ytree_next(r, a, &child)) == 1) {
		ytree_append(a, n, child);
		if (ytree_rest(r, a, child) == -1)
			return (-1);
	}
	if (rc == -1)
		return (-1);
	if (n->type == YNODE_MAP) {
		if (n->n % 2 != 0)
			ytree_append(a, n, NULL);
		n->n /= 2;
	}
	return (0);
}

/* Read past an open node's items, keeping nothing; 0 or -1. */
int
ytree_skip(struct yreader *r, struct ynode *n)
{
	struct yarena	 a = { 0 };
	struct ynode	*child;
	int		 rc;

	if (n->type == YNODE_SCALAR)
		return (0);
	while ((rc = ytree_next(r, &a, &child)) == 1) {
		if (child->type != YNODE_SCALAR && ytree_skip(r, child) == -1)
			break;
		ytree_arena_reset(&a);
	}
	ytree_arena_free(&a);
	return (r->failed ? -1 : 0);
}

/*
 * Read to the end of the stream once the root node is read whole: another
 * document is refused, as is any error libyaml still finds; 0 or -1.
 */
int
ytree_reader_end(struct yreader *r)
{
	struct ynode	*n;
	int		 rc;

	if (r->depth != 0)
		fatalx("YAML reader: %zu nodes still open after the root",
		    r->depth);
	/* At depth 0 after the root only document and stream events come. */
	if ((rc = ytree_next(r, NULL, &n)) == 1)
		fatalx("YAML reader: a second root node");
	return (rc);
}

/* Parse a YAML buffer named file; NULL (and errors in diag) on failure. */
struct ydoc *
ytree_load_mem(const char *file, const void *buf, size_t len,
    struct diag *diag)
{
	struct yreader	*r;
	struct ydoc	*doc;
	int		 rc;

	doc = xcalloc(1, sizeof *doc);
	doc->file = xstrdup(file);
	if ((r = ytree_reader_new(doc->file, buf, len, diag)) == NULL) {
		ydoc_free(doc);
		return (NULL);
	}
	rc = ytree_next(r, &doc->arena, &doc->root);
	if (rc == 1)
		rc = ytree_rest(r, &doc->arena, doc->root);
	if (rc != -1)
		rc = ytree_reader_end(r);
	ytree_reader_free(r);
	if (rc == -1) {
		ydoc_free(doc);
		return (NULL);
	}
	return (doc);
}

/* Read all of a file, at most YAML_MAX_FILE bytes; NUL-terminated. */
char *
ytree_read_file(const char *path, size_t *lenp, struct diag *diag)
{
	char	*buf, *cause;

	if ((buf = file_read(path, YAML_MAX_FILE, lenp, &cause)) != NULL)
		return (buf);
	if (strncmp(cause, "larger than", 11) == 0)
		diag_add(diag, path, 0, 0, "file too large (more than %u "
		    "bytes)", YAML_MAX_FILE);
	else
		diag_add(diag, path, 0, 0, "%s", cause);
	free(cause);
	return (NULL);
}

/* Read and parse a YAML file; NULL (and errors in diag) on failure. */
struct ydoc *
ytree_load_file(const char *path, struct diag *diag)
{
	struct ydoc	*doc;
	char		*buf;
	size_t		 len;

	if ((buf = ytree_read_file(path, &len, diag)) == NULL)
		return (NULL);
	doc = ytree_load_mem(path, buf, len, diag);
	free(buf);
	return (doc);
}

/* Whether a node is missing or a plain null: empty, ~ or null. */
int
ytree_null(const struct ynode *n)
{
	if (n == NULL)
		return (1);
	if (n->type != YNODE_SCALAR || !n->plain)
		return (0);
	return (n->len == 0 || strcmp(n->scalar, "~") == 0 ||
	    strcmp(n->scalar, "null") == 0 || strcmp(n->scalar, "Null") == 0 ||
	    strcmp(n->scalar, "NULL") == 0);
}

/* Whether a node is a scalar that is not null: a value to read. */
int
ytree_value(const struct ynode *n)
{
	return (n != NULL && n->type == YNODE_SCALAR && !ytree_null(n));
}

/* Find a key's row in a table, or -1. */
static int
ytree_key_find(const struct ykey *keys, size_t nkeys, const char *name)
{
	size_t	 i;

	for (i = 0; i < nkeys; i++) {
		if (strcmp(keys[i].name, name) == 0)
			return ((int)i);
	}
	return (-1);
}

/*
 * Check a mapping's key against its table: its row, or -1 once reported
 * (not a string, unknown, or a repeat of one in seen, copies of the keys
 * met so far: line 0 is a key not met).
 */
static int
ytree_key(const struct ynode *key, const struct ykey *keys, size_t nkeys,
    struct ynode *seen, struct diag *diag)
{
	int	 k;

	if (!ytree_value(key)) {
		ytree_error(diag, key, "expected a string key");
		return (-1);
	}
	if ((k = ytree_key_find(keys, nkeys, key->scalar)) == -1) {
		ytree_error(diag, key, "unknown key '%s'", key->scalar);
		return (-1);
	}
	if (seen[k].line != 0) {
		ytree_error(diag, key, "duplicate key '%s' (first at %zu:%zu)",
		    key->scalar, seen[k].line, seen[k].col);
		return (-1);
	}
	seen[k] = *key;
	return (k);
}

/* Report the required keys a mapping at n lacks. */
static void
ytree_required(const struct ynode *n, const struct ykey *keys, size_t nkeys,
    const struct ynode *seen, struct diag *diag)
{
	size_t	 i;

	for (i = 0; i < nkeys; i++) {
		if (keys[i].required && seen[i].line == 0)
			ytree_error(diag, n, "missing required key '%s'",
			    keys[i].name);
	}
}

/* Room for the keys met in a mapping: buf if it is large enough. */
static struct ynode *
ytree_seen(struct ynode *buf, size_t nbuf, size_t nkeys)
{
	if (nkeys <= nbuf)
		return (memset(buf, 0, nkeys * sizeof *buf));
	return (xcalloc(nkeys, sizeof *buf));
}

/*
 * Walk a mapping against a key table, in document order, handing each value
 * to cb with its key's row: unknown and duplicate keys are errors at the
 * key, missing required keys at the map.
 */
void
ytree_map_index(const struct ynode *n, const struct ykey *keys, size_t nkeys,
    ytree_index_cb cb, void *ctx, struct diag *diag)
{
	struct ynode	 buf[16], *seen;
	size_t		 i;
	int		 k;

	if (!ytree_null(n) && n->type != YNODE_MAP) {
		ytree_error(diag, n, "expected a mapping");
		return;
	}
	seen = ytree_seen(buf, nitems(buf), nkeys);
	for (i = 0; n->type == YNODE_MAP && i < n->n; i++) {
		k = ytree_key(n->items[2 * i], keys, nkeys, seen, diag);
		if (k != -1)
			cb(ctx, (size_t)k, n->items[2 * i + 1], diag);
	}
	ytree_required(n, keys, nkeys, seen, diag);
	if (seen != buf)
		free(seen);
}

/* A key table and the context of its parse functions, for ytree_map. */
struct ytree_map_ctx {
	const struct ykey	*keys;
	void			*ctx;
};

/* Hand a value to its row's parse function. */
static void
ytree_map_parse(void *arg, size_t k, const struct ynode *val,
    struct diag *diag)
{
	struct ytree_map_ctx	*m = arg;

	m->keys[k].parse(m->ctx, val, diag);
}

/* ytree_map_index with each row's own parse function. */
void
ytree_map(const struct ynode *n, const struct ykey *keys, size_t nkeys,
    void *ctx, struct diag *diag)
{
	struct ytree_map_ctx	 m = { keys, ctx };

	ytree_map_index(n, keys, nkeys, ytree_map_parse, &m, diag);
}

/*
 * ytree_map over a mapping being read, open (from ytree_next): the same
 * checks and errors, in the same order, without building the whole tree.
 * A value whose key has a stream function is handed to it open, to read
 * through itself; any other is read whole into a and parsed; the value of
 * a key in error is skipped.  Anything but a mapping is read whole and
 * given to ytree_map.  0, or -1 if the read failed.
 */
int
ytree_map_stream(struct yreader *r, struct yarena *a, struct ynode *map,
    const struct ykey *keys, size_t nkeys, void *ctx, struct diag *diag)
{
	struct ynode	 buf[16], *seen, *key, *val;
	int		 k, rc;

	if (map->type != YNODE_MAP) {
		if (ytree_rest(r, a, map) == -1)
			return (-1);
		ytree_map(map, keys, nkeys, ctx, diag);
		return (0);
	}
	seen = ytree_seen(buf, nitems(buf), nkeys);
	while ((rc = ytree_next(r, a, &key)) == 1) {
		if (ytree_rest(r, a, key) == -1) {
			rc = -1;
			break;
		}
		if ((rc = ytree_next(r, a, &val)) != 1)
			break;	/* libyaml gives every key a value */
		if ((k = ytree_key(key, keys, nkeys, seen, diag)) == -1)
			rc = ytree_skip(r, val);
		else if (keys[k].stream != NULL)
			rc = keys[k].stream(ctx, r, val, diag);
		else if ((rc = ytree_rest(r, a, val)) == 0)
			keys[k].parse(ctx, val, diag);
		if (rc == -1)
			break;
	}
	if (rc != -1)
		ytree_required(map, keys, nkeys, seen, diag);
	if (seen != buf)
		free(seen);
	return (rc == -1 ? -1 : 0);
}
