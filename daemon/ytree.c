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
 * The typed accessors check one node and report a located error.  A plain
 * null (empty, ~ or null) reads as an empty mapping or list, so a section
 * whose lines are all commented out is valid; it is never a string.  Numbers
 * may be quoted or not.  Durations are an integer and a unit: 500ms, 30s, 5m,
 * 2h, 1d; a bare integer is an error, as its unit would be a guess.  Sizes
 * are bytes: 512, or an integer with KiB, MiB or GiB (powers of 1024); the
 * 1000-based KB and MB are not accepted, so no size means two things.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <yaml.h>

#include "sanctwatch.h"

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

/* The state of one parse: the document so far and the open containers. */
struct ybuild {
	struct ydoc	*doc;
	struct diag	*diag;
	const char	*buf;
	size_t		 len;
	struct ynode	*stack[YAML_MAX_DEPTH];
	size_t		 depth;
	size_t		 ndocs;
	int		 failed;
};

/* One unit of a duration or a size. */
struct yunit {
	const char	*name;
	uint64_t	 mult;
};

static const struct yunit ytree_duration_units[] = {
	{ .name = "ms", .mult = 1 },
	{ .name = "s", .mult = 1000 },
	{ .name = "m", .mult = 60 * 1000 },
	{ .name = "h", .mult = 60 * 60 * 1000 },
	{ .name = "d", .mult = 24 * 60 * 60 * 1000 },
};

static const struct yunit ytree_size_units[] = {
	{ .name = "", .mult = 1 },
	{ .name = "KiB", .mult = 1024 },
	{ .name = "MiB", .mult = 1024 * 1024 },
	{ .name = "GiB", .mult = 1024 * 1024 * 1024 },
};

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

/* Free a node and everything under it. */
static void
ynode_free(struct ynode *n)
{
	size_t	 i, count;

	if (n == NULL)
		return;
	count = n->type == YNODE_MAP ? 2 * n->n : n->n;
	for (i = 0; i < count; i++)
		ynode_free(n->items[i]);
	free(n->items);
	free(n->scalar);
	free(n);
}

/* Free a document and its tree; NULL is a no-op. */
void
ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	ynode_free(doc->root);
	free(doc->file);
	free(doc);
}

/* Append a child to a sequence or mapping, doubling its array as needed. */
static void
ytree_append(struct ynode *parent, struct ynode *child)
{
	size_t	 n = parent->n;

	if (n == 0)
		parent->items = xreallocarray(NULL, 4, sizeof *parent->items);
	else if (n >= 4 && (n & (n - 1)) == 0) {
		parent->items = xreallocarray(parent->items, 2 * n,
		    sizeof *parent->items);
	}
	parent->items[parent->n++] = child;
}

/* Record an error at a libyaml mark and fail the parse. */
static int
ytree_fail(struct ybuild *b, const yaml_mark_t *mark, const char *msg)
{
	diag_add(b->diag, b->doc->file, mark->line + 1, mark->column + 1, "%s",
	    msg);
	b->failed = 1;
	return (-1);
}

/* Create a node at a mark and hang it under the innermost open container. */
static struct ynode *
ytree_node(struct ybuild *b, enum ynode_type type, const yaml_mark_t *mark)
{
	struct ynode	*n;

	n = xcalloc(1, sizeof *n);
	n->type = type;
	n->file = b->doc->file;
	n->line = mark->line + 1;
	n->col = mark->column + 1;
	if (b->depth == 0)
		b->doc->root = n;
	else
		ytree_append(b->stack[b->depth - 1], n);
	return (n);
}

/* Handle a scalar event. */
static int
ytree_scalar(struct ybuild *b, const yaml_event_t *ev)
{
	struct ynode	*n;
	const char	*value = (const char *)ev->data.scalar.value;
	size_t		 len = ev->data.scalar.length;

	if (ev->data.scalar.anchor != NULL)
		return (ytree_fail(b, &ev->start_mark,
		    "YAML anchors and aliases are not allowed"));
	if (memchr(value, '\0', len) != NULL)
		return (ytree_fail(b, &ev->start_mark,
		    "a string must not contain a NUL byte"));
	n = ytree_node(b, YNODE_SCALAR, &ev->start_mark);
	n->scalar = xstrndup(value, len);
	n->len = len;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return (0);
}

/* Handle the start of a sequence or mapping: check depth, then open it. */
static int
ytree_open(struct ybuild *b, const yaml_event_t *ev, enum ynode_type type,
    const yaml_char_t *anchor)
{
	char	 msg[64];

	if (anchor != NULL)
		return (ytree_fail(b, &ev->start_mark,
		    "YAML anchors and aliases are not allowed"));
	if (b->depth == YAML_MAX_DEPTH) {
		snprintf(msg, sizeof msg, "nested deeper than %d levels",
		    YAML_MAX_DEPTH);
		return (ytree_fail(b, &ev->start_mark, msg));
	}
	b->stack[b->depth] = ytree_node(b, type, &ev->start_mark);
	b->depth++;
	return (0);
}

/* Close the innermost container; a mapping's n counts pairs from now on. */
static void
ytree_close(struct ybuild *b)
{
	struct ynode	*n = b->stack[--b->depth];

	if (n->type == YNODE_MAP) {
		if (n->n % 2 != 0)
			ytree_append(n, NULL);
		n->n /= 2;
	}
}

/* Apply one event to the tree; -1 stops the parse. */
static int
ytree_event(struct ybuild *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1)
			return (ytree_fail(b, &ev->start_mark,
			    "only one YAML document per file is allowed"));
		return (0);
	case YAML_ALIAS_EVENT:
		return (ytree_fail(b, &ev->start_mark,
		    "YAML anchors and aliases are not allowed"));
	case YAML_SCALAR_EVENT:
		return (ytree_scalar(b, ev));
	case YAML_SEQUENCE_START_EVENT:
		return (ytree_open(b, ev, YNODE_SEQ,
		    ev->data.sequence_start.anchor));
	case YAML_MAPPING_START_EVENT:
		return (ytree_open(b, ev, YNODE_MAP,
		    ev->data.mapping_start.anchor));
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		ytree_close(b);
		return (0);
	default:
		return (0);
	}
}

/* Report libyaml's error as FILE:LINE:COL: problem (context at L:C). */
static void
ytree_parse_error(struct ybuild *b, const yaml_parser_t *p)
{
	yaml_mark_t	 mark = p->problem_mark;
	const char	*problem = p->problem;
	size_t		 i, off;

	if (problem == NULL)
		problem = "YAML parse error";

	if (p->error == YAML_READER_ERROR) {
		/* Reader errors have a byte offset, not a mark. */
		off = p->problem_offset < b->len ? p->problem_offset : b->len;
		mark.line = mark.column = 0;
		for (i = 0; i < off; i++) {
			if (b->buf[i] == '\n') {
				mark.line++;
				mark.column = 0;
			} else
				mark.column++;
		}
	}
	if (p->context != NULL && (p->context_mark.line != mark.line ||
	    p->context_mark.column != mark.column)) {
		diag_add(b->diag, b->doc->file, mark.line + 1, mark.column + 1,
		    "%s (%s at %zu:%zu)", problem, p->context,
		    p->context_mark.line + 1, p->context_mark.column + 1);
	} else if (p->context != NULL) {
		diag_add(b->diag, b->doc->file, mark.line + 1, mark.column + 1,
		    "%s (%s)", problem, p->context);
	} else {
		diag_add(b->diag, b->doc->file, mark.line + 1, mark.column + 1,
		    "%s", problem);
	}
	b->failed = 1;
}

/* Run libyaml over a buffer, building the tree event by event. */
static void
ytree_parse(struct ybuild *b)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	int		 done, rc;

	if (!yaml_parser_initialize(&p))
		fatalx("%s: yaml_parser_initialize", __func__);
	yaml_parser_set_input_string(&p, (const unsigned char *)b->buf, b->len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			ytree_parse_error(b, &p);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = ytree_event(b, &ev);
		yaml_event_delete(&ev);
		if (rc == -1 || done)
			break;
	}
	yaml_parser_delete(&p);
	while (b->depth > 0)	/* a failed parse leaves containers open */
		ytree_close(b);
}

/* Parse a YAML buffer named file; NULL (and errors in diag) on failure. */
struct ydoc *
ytree_load_mem(const char *file, const void *buf, size_t len,
    struct diag *diag)
{
	struct ybuild	 b;

	if (len > YAML_MAX_FILE) {
		diag_add(diag, file, 0, 0, "file too large (%zu bytes, at most "
		    "%u)", len, YAML_MAX_FILE);
		return (NULL);
	}
	memset(&b, 0, sizeof b);
	b.doc = xcalloc(1, sizeof *b.doc);
	b.doc->file = xstrdup(file);
	b.diag = diag;
	b.buf = buf;
	b.len = len;
	ytree_parse(&b);
	if (b.failed) {
		ydoc_free(b.doc);
		return (NULL);
	}
	return (b.doc);
}

/* Read all of a file, at most YAML_MAX_FILE bytes; NUL-terminated. */
char *
ytree_read_file(const char *path, size_t *lenp, struct diag *diag)
{
	char	*buf = NULL;
	size_t	 len = 0, cap = 0;
	ssize_t	 r = 0;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_add(diag, path, 0, 0, "%s", strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (len == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		r = read(fd, buf + len, cap - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (len > YAML_MAX_FILE)
			break;
	}
	if (r == -1)
		diag_add(diag, path, 0, 0, "%s", strerror(errno));
	else if (len > YAML_MAX_FILE) {
		diag_add(diag, path, 0, 0, "file too large (more than %u "
		    "bytes)", YAML_MAX_FILE);
	}
	close(fd);
	if (r == -1 || len > YAML_MAX_FILE) {
		free(buf);
		return (NULL);
	}
	buf[len] = '\0';
	*lenp = len;
	return (buf);
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
static int
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

/* Handle one key-value pair of a mapping against its table. */
static void
ytree_map_pair(const struct ynode *key, const struct ynode *val,
    const struct ykey *keys, size_t nkeys, const struct ynode **seen,
    void *ctx, struct diag *diag)
{
	int	 k;

	if (!ytree_value(key)) {
		ytree_error(diag, key, "expected a string key");
		return;
	}
	if ((k = ytree_key_find(keys, nkeys, key->scalar)) == -1) {
		ytree_error(diag, key, "unknown key '%s'", key->scalar);
		return;
	}
	if (seen[k] != NULL) {
		ytree_error(diag, key, "duplicate key '%s' (first at %zu:%zu)",
		    key->scalar, seen[k]->line, seen[k]->col);
		return;
	}
	seen[k] = key;
	keys[k].parse(ctx, val, diag);
}

/*
 * Walk a mapping against a key table, in document order: unknown and
 * duplicate keys are errors at the key, missing required keys at the map.
 */
void
ytree_map(const struct ynode *n, const struct ykey *keys, size_t nkeys,
    void *ctx, struct diag *diag)
{
	const struct ynode	**seen;
	size_t			  i;

	if (!ytree_null(n) && n->type != YNODE_MAP) {
		ytree_error(diag, n, "expected a mapping");
		return;
	}
	seen = xcalloc(nkeys, sizeof *seen);
	for (i = 0; n->type == YNODE_MAP && i < n->n; i++) {
		ytree_map_pair(n->items[2 * i], n->items[2 * i + 1], keys,
		    nkeys, seen, ctx, diag);
	}
	for (i = 0; i < nkeys; i++) {
		if (keys[i].required && seen[i] == NULL)
			ytree_error(diag, n, "missing required key '%s'",
			    keys[i].name);
	}
	free(seen);
}

/* Read a string, replacing (and freeing) *out; -1 if it is not one. */
int
ytree_string(const struct ynode *n, struct diag *diag, char **out)
{
	if (!ytree_value(n)) {
		ytree_error(diag, n, "expected a string");
		return (-1);
	}
	free(*out);
	*out = xstrdup(n->scalar);
	return (0);
}

/* Append a list of strings to sv (null is an empty list); -1 on error. */
int
ytree_strlist(const struct ynode *n, struct diag *diag, struct strv *sv)
{
	size_t	 i;
	int	 rc = 0;

	if (ytree_null(n))
		return (0);
	if (n->type != YNODE_SEQ) {
		ytree_error(diag, n, "expected a list of strings");
		return (-1);
	}
	for (i = 0; i < n->n; i++) {
		if (!ytree_value(n->items[i])) {
			ytree_error(diag, n->items[i], "expected a string");
			rc = -1;
		} else
			strv_push(sv, n->items[i]->scalar);
	}
	return (rc);
}

/* Parse leading decimal digits into *v; -1 if none or on overflow. */
static int
ytree_digits(const char **sp, uint64_t *v)
{
	const char	*s = *sp;
	unsigned	 d;

	*v = 0;
	if (*s < '0' || *s > '9')
		return (-1);
	for (; *s >= '0' && *s <= '9'; s++) {
		d = (unsigned)(*s - '0');
		if (*v > (UINT64_MAX - d) / 10)
			return (-1);
		*v = *v * 10 + d;
	}
	*sp = s;
	return (0);
}

/* Parse an integer followed by exactly one unit of a table. */
static int
ytree_parse_units(const char *s, const struct yunit *units, size_t nunits,
    uint64_t *out)
{
	uint64_t	 v;
	size_t		 i;

	if (ytree_digits(&s, &v) == -1)
		return (-1);
	for (i = 0; i < nunits; i++) {
		if (strcmp(s, units[i].name) != 0)
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return (-1);
		*out = v * units[i].mult;
		return (0);
	}
	return (-1);
}

/* Parse a duration (500ms, 30s, 5m, 2h, 1d) into milliseconds. */
int
ytree_int_parse_duration(const char *s, uint64_t *ms)
{
	return (ytree_parse_units(s, ytree_duration_units,
	    nitems(ytree_duration_units), ms));
}

/* Parse a size (512, 512KiB, 16MiB, 1GiB) into bytes. */
int
ytree_int_parse_size(const char *s, uint64_t *bytes)
{
	return (ytree_parse_units(s, ytree_size_units,
	    nitems(ytree_size_units), bytes));
}

/* Whether a string is all decimal digits. */
static int
ytree_all_digits(const char *s)
{
	if (*s == '\0')
		return (0);
	return (s[strspn(s, "0123456789")] == '\0');
}

/* Read a duration in milliseconds; -1 if it is not one. */
int
ytree_duration(const struct ynode *n, struct diag *diag, uint64_t *ms)
{
	if (ytree_value(n) && ytree_int_parse_duration(n->scalar, ms) == 0)
		return (0);
	if (ytree_value(n) && ytree_all_digits(n->scalar)) {
		ytree_error(diag, n, "duration '%s' needs a unit: ms, s, m, h "
		    "or d", n->scalar);
	} else {
		ytree_error(diag, n, "expected a duration such as 500ms, 30s, "
		    "5m, 2h or 1d");
	}
	return (-1);
}

/* Read a size in bytes; -1 if it is not one. */
int
ytree_size(const struct ynode *n, struct diag *diag, uint64_t *bytes)
{
	if (ytree_value(n) && ytree_int_parse_size(n->scalar, bytes) == 0)
		return (0);
	ytree_error(diag, n, "expected a size such as 512, 512KiB, 16MiB or "
	    "1GiB");
	return (-1);
}

/* Whether a string looks like a decimal number to strtod: no "inf", hex. */
static int
ytree_decimal(const char *s)
{
	static const char	 chars[] = "+-.0123456789eE";

	if (*s == '\0' || strchr("+-.0123456789", *s) == NULL)
		return (0);
	return (s[strspn(s, chars)] == '\0');
}

/* Read a finite decimal number; -1 if it is not one. */
int
ytree_double(const struct ynode *n, struct diag *diag, double *out)
{
	char	*end;
	double	 v;

	if (ytree_value(n) && ytree_decimal(n->scalar)) {
		errno = 0;
		v = strtod(n->scalar, &end);
		if (*end == '\0' && errno == 0 && isfinite(v)) {
			*out = v;
			return (0);
		}
	}
	ytree_error(diag, n, "expected a number");
	return (-1);
}

/* Read a non-negative decimal integer; -1 if it is not one. */
int
ytree_uint(const struct ynode *n, struct diag *diag, uint64_t *out)
{
	const char	*s;
	uint64_t	 v;

	if (ytree_value(n)) {
		s = n->scalar;
		if (ytree_digits(&s, &v) == 0 && *s == '\0') {
			*out = v;
			return (0);
		}
	}
	ytree_error(diag, n, "expected a non-negative integer");
	return (-1);
}
