/*
 * config: sanctwatch.yaml -> struct config; config-print.c writes it back.
 *
 * Every key is one row of config_table (a sources[] entry's keys are rows of
 * config_source_table), both in config-table.c: its dotted name, type,
 * field, range, default and help.  Parsing, defaults, range checks and
 * freeing here derive from the rows.  A row named "http.timeout" is key
 * timeout of section http; a mapping is parsed against the keys of its
 * section's rows (config_map), and a value by its type's parse function
 * (config_types, in the order of enum config_type).
 *
 * A config starts from the rows' defaults and the file overrides them.
 * Errors are collected, each as FILE:LINE:COL: message, and config_load
 * returns NULL if there was any, freeing what it had built.
 *
 * Validation: source ids match [a-z0-9._-]+ and are unique; URLs are http://
 * or https:// with a host; header names are HTTP tokens and values hold no
 * line breaks; numbers, durations and sizes are in their rows' ranges.  A
 * source without an interval takes defaults.interval, filled in after the
 * whole file is read since defaults may come after sources.  socket_mode is
 * always read as octal, quoted ("0660") or not (0660).
 *
 * Relative paths (watchlists, database, socket) are taken from the directory
 * of the config file, and made absolute against the working directory when
 * that is relative too, so they keep their meaning if the daemon changes
 * directory, and config_print shows the files really used.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>

#include "core/core.h"


#define CONFIG_MAX_KEYS		24		/* in one mapping */
#define CONFIG_MAX_NAME		32		/* of a section */
#define CONFIG_ID_CHARS		"abcdefghijklmnopqrstuvwxyz0123456789._-"
#define CONFIG_TOKEN_CHARS	"abcdefghijklmnopqrstuvwxyz" \
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" \
				"!#$%&'*+-.^_`|~"

/* Where a row's field is in the config or source being parsed. */
#define CONFIG_AT(w, e)		((void *)((char *)(w)->base + (e)->off))

/* A mapping being parsed against the rows of a table under a section. */
struct config_walk {
	struct config			*cfg;	/* for relative paths */
	const struct config_entry	*tab;
	const char			*section; /* "http.", or "" */
	size_t				 slen;
	void				*base;	/* config or source_cfg */
	const struct ynode		*id;	/* where a source's id was */
	int				 files;	/* check that watchlists exist */
	size_t				 rows[CONFIG_MAX_KEYS];
};

/* How a type is named and read, and what its fields hold. */
struct config_type_ops {
	const char	*name;
	void		(*parse)(struct config_walk *,
			    const struct config_entry *, const struct ynode *,
			    struct diag *);
	int		 str;		/* a string from malloc, or NULL */
	int		 num;		/* a number of 4 or 8 bytes */
};

static const char *const config_formats[] = {
	[FORMAT_AUTO] = "auto",
	[FORMAT_TEXT] = "text",
	[FORMAT_HTML] = "html",
	[FORMAT_RSS] = "rss",
	[FORMAT_ATOM] = "atom",
	[FORMAT_JSON] = "json",
};

static void	config_map(struct config_walk *, const struct ynode *,
		    struct diag *);
static void	config_source(struct config *, const struct ynode *,
		    struct diag *);
static void	config_deliver(struct config *, const struct ynode *,
		    struct diag *);

static const char *const config_bodies[] = {
	[DELIVER_JSON] = "json",
	[DELIVER_SLACK] = "slack",
};

/* Names of alert kinds, in the order of enum party_kind. */
static const char *const config_kinds[] = { "entity", "country" };

/* The name of a delivery body format. */
const char *
config_body_name(enum deliver_format f)
{
	if ((size_t)f >= nitems(config_bodies))
		return ("?");
	return (config_bodies[f]);
}

/* The name of an alert kind (enum party_kind), for CONFIG_KINDS. */
const char *
config_kind_name(size_t k)
{
	return (k < nitems(config_kinds) ? config_kinds[k] : NULL);
}

/* The name of a source format. */
const char *
config_format_name(enum source_format f)
{
	if ((size_t)f >= nitems(config_formats))
		return ("?");
	return (config_formats[f]);
}

/* A row's number (a bool as the key reads, not as its field holds it). */
uint64_t
config_get(const struct config_entry *e, const void *base)
{
	const char	*p = (const char *)base + e->off;
	uint32_t	 u32;
	uint64_t	 v;

	if (e->size == sizeof u32) {
		memcpy(&u32, p, sizeof u32);
		v = u32;
	} else
		memcpy(&v, p, sizeof v);
	if (e->flags & CONFIG_NOT)
		return (!v);
	return (v);
}

/* Set a row's number into its field, of 4 or 8 bytes. */
static void
config_set(const struct config_entry *e, void *base, uint64_t v)
{
	char		*p = (char *)base + e->off;
	uint32_t	 u32 = (uint32_t)v;

	if (e->flags & CONFIG_NOT)
		v = !v;
	if (e->size == sizeof u32) {
		u32 = (uint32_t)v;
		memcpy(p, &u32, sizeof u32);
	} else
		memcpy(p, &v, sizeof v);
}

/* The key of a row, after its section. */
static const char *
config_key_name(const struct config_entry *e)
{
	const char	*dot = strrchr(e->name, '.');

	return (dot != NULL ? dot + 1 : e->name);
}

/* Skip leading "./" components of a relative path. */
static const char *
config_skip_dot(const char *s)
{
	while (s[0] == '.' && s[1] == '/') {
		s += 2;
		while (*s == '/')
			s++;
	}
	return (s);
}

/* Join a directory and a relative name with exactly one slash. */
static char *
config_join(const char *dir, const char *name)
{
	size_t	 len = strlen(dir);

	if (len > 0 && dir[len - 1] == '/')
		return (xasprintf("%s%s", dir, name));
	return (xasprintf("%s/%s", dir, name));
}

/* The directory of the config file, absolute if the cwd is known. */
static char *
config_dir(const char *path)
{
	const char	*slash;
	char		*cwd, *dir, *rel;

	path = config_skip_dot(path);
	slash = strrchr(path, '/');
	if (slash == path)
		return (xstrdup("/"));
	rel = slash != NULL ? xstrndup(path, (size_t)(slash - path)) : NULL;
	if (path[0] == '/')
		return (rel);
	if ((cwd = getcwd(NULL, 0)) == NULL)
		return (rel != NULL ? rel : xstrdup("."));
	if (rel == NULL)
		return (cwd);
	dir = config_join(cwd, rel);
	free(cwd);
	free(rel);
	return (dir);
}

/* A path from the config, relative ones taken from the config's directory. */
static char *
config_path(const struct config *cfg, const char *s)
{
	char	*dir, *p;

	if (s[0] == '/')
		return (xstrdup(s));
	dir = config_dir(cfg->path);
	p = config_join(dir, config_skip_dot(s));
	free(dir);
	return (p);
}

/* Read a non-empty path into *out, replacing what was there. */
static int
config_set_path(const struct config *cfg, const struct ynode *val,
    struct diag *diag, char **out)
{
	char	*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return (-1);
	if (*s == '\0') {
		ytree_error(diag, val, "expected a path, not an empty string");
		free(s);
		return (-1);
	}
	free(*out);
	*out = config_path(cfg, s);
	free(s);
	return (0);
}

/* Whether a string has a control character (tab allowed if tab_ok). */
static int
config_has_ctrl(const char *s, int tab_ok)
{
	for (; *s != '\0'; s++) {
		if (*s == '\t' && tab_ok)
			continue;
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return (1);
	}
	return (0);
}

/*
 * Add one file (a watchlist, a rules file) to a list; the same file twice
 * is an error, and in a config read from a file so is a file that does not
 * exist: said here, at the line naming it.
 */
static void
config_watchlist(struct config_walk *w, const struct config_entry *e,
    struct strv *sv, const struct ynode *val, struct diag *diag)
{
	const char	*what;
	char		*p = NULL;

	if (config_set_path(w->cfg, val, diag, &p) == -1)
		return;
	what = strcmp(e->name, "rules") == 0 ? "rules file" : "watchlist";
	if (w->files && access(p, F_OK) == -1 && errno == ENOENT) {
		ytree_error(diag, val, "%s '%s' does not exist", what, p);
		free(p);
	} else if (strv_contains(sv, p)) {
		ytree_error(diag, val, "%s '%s' is listed twice", what, p);
		free(p);
	} else
		strv_push_owned(sv, p);
}

/* CONFIG_PATHS: a file name or a list of them, at least one if required. */
static void
config_parse_paths(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	size_t	 i;

	if (val->type == YNODE_SCALAR && !ytree_null(val)) {
		config_watchlist(w, e, CONFIG_AT(w, e), val, diag);
		return;
	}
	if (ytree_null(val) || (val->type == YNODE_SEQ && val->n == 0)) {
		if (!(e->flags & CONFIG_REQUIRED))
			return;
		ytree_error(diag, val, "at least one watchlist is required");
		return;
	}
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a file name or a list of "
		    "file names");
		return;
	}
	for (i = 0; i < val->n; i++)
		config_watchlist(w, e, CONFIG_AT(w, e), val->items[i], diag);
}

/* CONFIG_PATH: a non-empty path. */
static void
config_parse_path(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	config_set_path(w->cfg, val, diag, CONFIG_AT(w, e));
}

/* CONFIG_STRING: no control characters, and not empty if so flagged. */
static void
config_parse_string(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	*s = NULL, **out = CONFIG_AT(w, e);

	if (ytree_string(val, diag, &s) == -1)
		return;
	if ((e->flags & CONFIG_NONEMPTY) && (*s == '\0' ||
	    config_has_ctrl(s, 0))) {
		ytree_error(diag, val, "%s must be non-empty, without control "
		    "characters", config_key_name(e));
		free(s);
		return;
	}
	if (config_has_ctrl(s, 0)) {
		ytree_error(diag, val, "must not contain control characters");
		free(s);
		return;
	}
	free(*out);
	*out = s;
}

/* CONFIG_MODE: octal permissions, "0660" or 0660. */
static void
config_parse_mode(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	const char	*s = val->scalar;
	unsigned long	 mode;

	if (val->type != YNODE_SCALAR || ytree_null(val) || *s == '\0' ||
	    s[strspn(s, "01234567")] != '\0' ||
	    (mode = strtoul(s, NULL, 8)) > e->max) {
		ytree_error(diag, val, "expected an octal mode such as "
		    "\"0660\"");
		return;
	}
	config_set(e, w->base, mode);
}

/* CONFIG_LOG_LEVEL: debug, info, notice, warning or error. */
static void
config_parse_log_level(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	*s = NULL;
	int	 level;

	if (ytree_string(val, diag, &s) == -1)
		return;
	if ((level = log_level_parse(s)) == -1) {
		ytree_error(diag, val, "unknown log level '%s' (debug, info, "
		    "notice, warning or error)", s);
	} else
		config_set(e, w->base, (uint64_t)level);
	free(s);
}

/* CONFIG_DURATION: at least min (or 0 if CONFIG_ZERO), at most max. */
static void
config_parse_duration(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char		 buf[32];
	uint64_t	 ms;

	if (ytree_duration(val, diag, &ms) == -1)
		return;
	ytree_fmt_duration(buf, sizeof buf, e->min);
	if (ms < e->min && ms > 0 && (e->flags & CONFIG_ZERO))
		ytree_error(diag, val, "must be 0s (keep none) or at least %s",
		    buf);
	else if (ms < e->min && (e->flags & CONFIG_ZERO) == 0)
		ytree_error(diag, val, "must be at least %s", buf);
	else
		config_set(e, w->base, ms);
}

/* CONFIG_SIZE: at least min bytes. */
static void
config_parse_size(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	uint64_t	 v;

	if (ytree_size(val, diag, &v) == -1)
		return;
	if (v < e->min)
		ytree_error(diag, val, "must be at least %" PRIu64 " byte%s",
		    e->min, e->min == 1 ? "" : "s");
	else
		config_set(e, w->base, v);
}

/* CONFIG_UINT: an integer in [min, max]. */
static void
config_parse_uint(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	uint64_t	 v;

	if (ytree_uint(val, diag, &v) == -1)
		return;
	if (v < e->min || v > e->max) {
		ytree_error(diag, val, "must be between %" PRIu64 " and %"
		    PRIu64, e->min, e->max);
	} else
		config_set(e, w->base, v);
}

/* CONFIG_DOUBLE: a number in [min, max]. */
static void
config_parse_double(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	double	 v;

	if (ytree_double(val, diag, &v) == -1)
		return;
	if (v < (double)e->min || v > (double)e->max) {
		ytree_error(diag, val, "%s must be between %" PRIu64 " and %"
		    PRIu64, config_key_name(e), e->min, e->max);
	} else
		memcpy(CONFIG_AT(w, e), &v, sizeof v);
}

/* CONFIG_BOOL: true or false. */
static void
config_parse_bool(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	if (val->type == YNODE_SCALAR && val->plain &&
	    strcmp(val->scalar, "true") == 0)
		config_set(e, w->base, 1);
	else if (val->type == YNODE_SCALAR && val->plain &&
	    strcmp(val->scalar, "false") == 0)
		config_set(e, w->base, 0);
	else
		ytree_error(diag, val, "expected true or false");
}

/*
 * An address or CIDR block ("10.0.0.0/8", "::1"): 0, or -1 if it is not
 * one.  Bits past the prefix are cleared.
 */
int
config_net_parse(const char *s, struct config_net *n)
{
	char		 buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long	 bits;
	unsigned	 i;

	memset(n, 0, sizeof *n);
	if (strlen(s) >= sizeof buf)
		return (-1);
	snprintf(buf, sizeof buf, "%s", s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, n->addr) == 1) {
		n->family = AF_INET;
		n->bits = 32;
	} else if (inet_pton(AF_INET6, buf, n->addr) == 1) {
		n->family = AF_INET6;
		n->bits = 128;
	} else
		return (-1);
	if (slash != NULL) {
		errno = 0;
		bits = strtoul(slash, &end, 10);
		if (*slash < '0' || *slash > '9' || *end != '\0' ||
		    errno != 0 || bits > n->bits)
			return (-1);
		n->bits = (unsigned)bits;
	}
	for (i = n->bits; i < 128; i++)
		n->addr[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	return (0);
}

/* Whether an address (family, bytes in network order) is in a block. */
int
config_net_match(const struct config_net *n, int family,
    const unsigned char *addr)
{
	unsigned	 full = n->bits / 8, rest = n->bits % 8;
	unsigned char	 mask;

	if (family != n->family || memcmp(addr, n->addr, full) != 0)
		return (0);
	if (rest == 0)
		return (1);
	mask = (unsigned char)(0xffu << (8 - rest));
	return ((addr[full] & mask) == n->addr[full]);
}

/*
 * CONFIG_PRIVATE: true, false, or a list of addresses and CIDR blocks (a
 * source's allow_private: its private addresses, and only those).
 */
static void
config_parse_private(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	struct source_cfg	*src = w->base;
	struct config_net	 net;
	size_t			 i;

	strv_free(&src->private_nets);
	if (val->type != YNODE_SEQ) {
		config_parse_bool(w, e, val, diag);
		return;
	}
	config_set(e, w->base, 0);
	if (val->n == 0) {
		ytree_error(diag, val, "allow_private: an empty list; give "
		    "addresses or CIDR blocks, or false");
		return;
	}
	for (i = 0; i < val->n; i++) {
		if (!ytree_value(val->items[i]) ||
		    config_net_parse(val->items[i]->scalar, &net) == -1)
			ytree_error(diag, val->items[i], "allow_private: "
			    "expected an IP address or a CIDR block "
			    "(127.0.0.1, 10.0.0.0/8, fd00::/8)");
		else
			strv_push(&src->private_nets, val->items[i]->scalar);
	}
}

/* CONFIG_FORMAT: auto, text, html, rss, atom or json. */
static void
config_parse_format(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	*s = NULL;
	size_t	 i;

	if (ytree_string(val, diag, &s) == -1)
		return;
	for (i = 0; i < nitems(config_formats); i++) {
		if (strcmp(s, config_formats[i]) == 0) {
			config_set(e, w->base, i);
			free(s);
			return;
		}
	}
	ytree_error(diag, val, "unknown format '%s' (auto, text, html, rss, "
	    "atom or json)", s);
	free(s);
}

/* CONFIG_ID: [a-z0-9._-]+, remembering where it was for duplicates. */
static void
config_parse_id(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	**id = CONFIG_AT(w, e);

	if (ytree_string(val, diag, id) == -1)
		return;
	w->id = val;
	if (**id == '\0' || (*id)[strspn(*id, CONFIG_ID_CHARS)] != '\0') {
		ytree_error(diag, val, "invalid %s id '%s' (use a-z, 0-9, "
		    "'.', '_' and '-')", w->tab == config_deliver_table ?
		    "delivery target" : "source", *id);
	}
}

/* Why a URL is not an http(s) URL with a host, or NULL if it is one. */
static const char *
config_url_problem(const char *url)
{
	const char	*p, *at, *host, *end;
	size_t		 n;

	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return ("URL must start with http:// or https://");
	if (strchr(url, ' ') != NULL || config_has_ctrl(url, 0))
		return ("URL must not contain spaces or control characters");
	n = strcspn(p, "/?#");
	end = p + n;
	host = p;
	if ((at = memchr(p, '@', n)) != NULL)
		host = at + 1;
	if (*host == '[')
		p = memchr(host, ']', (size_t)(end - host));
	else
		p = host;
	if (p == NULL)
		return ("URL has an unterminated IPv6 address");
	p += strcspn(p, ":/?#");
	if (p > end)
		p = end;
	if (p == host || (*host == '[' && p == host + 2))
		return ("URL has no host");
	if (*p == ':' && (p + 1 == end || strspn(p + 1, "0123456789") !=
	    (size_t)(end - p - 1)))
		return ("URL has an invalid port");
	return (NULL);
}

/* CONFIG_URL: http:// or https:// with a host. */
static void
config_parse_url(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	const char	*problem;
	char		*s = NULL, **out = CONFIG_AT(w, e);

	if (ytree_string(val, diag, &s) == -1)
		return;
	if ((problem = config_url_problem(s)) != NULL) {
		ytree_error(diag, val, "%s", problem);
		free(s);
		return;
	}
	free(*out);
	*out = s;
}

/* CONFIG_TOKEN: a name such as a charset's, an HTTP token. */
static void
config_parse_token(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	*s = NULL, **out = CONFIG_AT(w, e);

	if (ytree_string(val, diag, &s) == -1)
		return;
	if (*s == '\0' || s[strspn(s, CONFIG_TOKEN_CHARS)] != '\0') {
		ytree_error(diag, val, "invalid %s name '%s'",
		    config_key_name(e), s);
		free(s);
		return;
	}
	free(*out);
	*out = s;
}

/* CONFIG_JSON_PATH: names and indexes separated by dots, none empty. */
static void
config_parse_json_path(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	const char	*p;
	char		*s = NULL, **out = CONFIG_AT(w, e);

	if (ytree_string(val, diag, &s) == -1)
		return;
	for (p = s; *p != '\0'; p++) {
		if ((p == s || p[1] == '\0' || p[1] == '.') && *p == '.')
			break;
		if ((unsigned char)*p < 0x20)
			break;
	}
	if (*s == '\0' || *p != '\0') {
		ytree_error(diag, val, "invalid JSON path '%s' (names "
		    "separated by dots)", s);
		free(s);
		return;
	}
	free(*out);
	*out = s;
}

/* Whether a source already has a header, in any case. */
static int
config_has_header(const struct source_cfg *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nheaders; i++) {
		if (strcasecmp(s->headers[i].name, name) == 0)
			return (1);
	}
	return (0);
}

/* One header: a token name, a value without line breaks. */
static void
config_header(struct source_cfg *s, const struct ynode *key,
    const struct ynode *val, struct diag *diag)
{
	char	*value = NULL;

	if (key->type != YNODE_SCALAR || ytree_null(key) ||
	    *key->scalar == '\0' ||
	    key->scalar[strspn(key->scalar, CONFIG_TOKEN_CHARS)] != '\0') {
		ytree_error(diag, key, "invalid header name");
		return;
	}
	if (config_has_header(s, key->scalar)) {
		ytree_error(diag, key, "duplicate header '%s'", key->scalar);
		return;
	}
	if (ytree_string(val, diag, &value) == -1)
		return;
	if (config_has_ctrl(value, 1)) {
		ytree_error(diag, val, "header value must not contain control "
		    "characters");
		free(value);
		return;
	}
	s->headers = xreallocarray(s->headers, s->nheaders + 1,
	    sizeof *s->headers);
	s->headers[s->nheaders].name = xstrdup(key->scalar);
	s->headers[s->nheaders++].value = value;
}

/* CONFIG_HEADERS: a mapping of header names to values, in a source. */
static void
config_parse_headers(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	size_t	 i;

	(void)e;
	if (ytree_null(val))
		return;
	if (val->type != YNODE_MAP) {
		ytree_error(diag, val, "expected a mapping of header names to "
		    "values");
		return;
	}
	for (i = 0; i < val->n; i++) {
		config_header(w->base, val->items[2 * i],
		    val->items[2 * i + 1], diag);
	}
}

/* A list of items (null or empty: none), each read by fn. */
static void
config_each(struct config *cfg, const struct ynode *val, const char *what,
    void (*fn)(struct config *, const struct ynode *, struct diag *),
    struct diag *diag)
{
	size_t	 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of %s", what);
		return;
	}
	for (i = 0; i < val->n; i++)
		fn(cfg, val->items[i], diag);
}

/* CONFIG_SOURCES: a list of sources. */
static void
config_parse_sources(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	(void)e;
	config_each(w->cfg, val, "sources", config_source, diag);
}

/* CONFIG_DELIVER: a list of delivery targets. */
static void
config_parse_deliver(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	(void)e;
	config_each(w->cfg, val, "delivery targets", config_deliver, diag);
}

/* CONFIG_STRINGS: a list of strings, replacing what was there. */
static void
config_parse_strings(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	struct strv	*sv = CONFIG_AT(w, e);
	char		*s = NULL;

	strv_free(sv);
	if ((e->flags & CONFIG_ONE) && val->type == YNODE_SCALAR &&
	    !ytree_null(val)) {
		if (ytree_string(val, diag, &s) == 0)
			strv_push_owned(sv, s);
		return;
	}
	if (ytree_strlist(val, diag, sv) == -1)
		strv_free(sv);
}

/* Whether a program can be run: a path, or a name found in $PATH. */
static int
config_program_ok(const char *prog)
{
	const char	*path, *p, *end;
	char		*full;
	int		 ok;

	if (strchr(prog, '/') != NULL)
		return (access(prog, X_OK) == 0);
	if ((path = getenv("PATH")) == NULL)
		path = "/usr/bin:/bin";
	for (p = path; *p != '\0'; p = *end == ':' ? end + 1 : end) {
		end = p + strcspn(p, ":");
		full = xasprintf("%.*s/%s", (int)(end - p), p, prog);
		ok = access(full, X_OK) == 0;
		free(full);
		if (ok)
			return (1);
	}
	return (0);
}

/* CONFIG_COMMAND: a program that exists now and its arguments. */
static void
config_parse_command(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	struct strv	*sv = CONFIG_AT(w, e);

	strv_free(sv);
	if (val->type == YNODE_SCALAR && !ytree_null(val)) {
		ytree_error(diag, val, "expected a list: the program and its "
		    "arguments, such as [\"/usr/sbin/sendmail\", \"-t\"]");
		return;
	}
	if (ytree_strlist(val, diag, sv) == -1) {
		strv_free(sv);
		return;
	}
	if (sv->n == 0 || *sv->v[0] == '\0') {
		ytree_error(diag, val, "command must name a program");
		strv_free(sv);
	} else if (!config_program_ok(sv->v[0])) {
		ytree_error(diag, val, "command '%s' is missing or not "
		    "executable", sv->v[0]);
		strv_free(sv);
	}
}

/* CONFIG_SECRET: a non-empty string. */
static void
config_parse_secret(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	*s = NULL, **out = CONFIG_AT(w, e);

	if (ytree_string(val, diag, &s) == -1)
		return;
	if (*s == '\0') {
		ytree_error(diag, val, "secret must not be empty");
		free(s);
		return;
	}
	free(*out);
	*out = s;
}

/* CONFIG_TEXT: a string; line breaks and tabs are allowed. */
static void
config_parse_text(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	const char	*p;
	char		*s = NULL, **out = CONFIG_AT(w, e);

	if (ytree_string(val, diag, &s) == -1)
		return;
	for (p = s; *p != '\0'; p++) {
		if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') ||
		    *p == 0x7f)
			break;
	}
	if (*p != '\0') {
		ytree_error(diag, val, "must not contain control characters "
		    "other than line breaks and tabs");
		free(s);
		return;
	}
	free(*out);
	*out = s;
}

/* CONFIG_BODY: json or slack. */
static void
config_parse_body(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	char	*s = NULL;
	size_t	 i;

	if (ytree_string(val, diag, &s) == -1)
		return;
	for (i = 0; i < nitems(config_bodies); i++) {
		if (strcmp(s, config_bodies[i]) == 0) {
			config_set(e, w->base, i);
			free(s);
			return;
		}
	}
	ytree_error(diag, val, "unknown format '%s' (json or slack)", s);
	free(s);
}

/* A list of names of a table into a bit set. */
static void
config_parse_bits(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag, const char *const *names,
    size_t n)
{
	struct strv	 sv = { 0 };
	size_t		 i, j;
	int		 bits = 0;

	if (ytree_strlist(val, diag, &sv) == -1) {
		strv_free(&sv);
		return;
	}
	for (i = 0; i < sv.n; i++) {
		for (j = 0; j < n && strcmp(sv.v[i], names[j]) != 0; j++)
			;
		if (j == n) {
			ytree_error(diag, val, "unknown %s '%s'",
			    config_key_name(e), sv.v[i]);
			strv_free(&sv);
			return;
		}
		bits |= 1 << j;
	}
	strv_free(&sv);
	memcpy(CONFIG_AT(w, e), &bits, sizeof bits);
}

/* CONFIG_KINDS: entity, country. */
static void
config_parse_kinds(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	config_parse_bits(w, e, val, diag, config_kinds, nitems(config_kinds));
}

/* CONFIG_SEVERITIES: high, medium, low. */
static void
config_parse_severities(struct config_walk *w, const struct config_entry *e,
    const struct ynode *val, struct diag *diag)
{
	config_parse_bits(w, e, val, diag, alert_severity_names,
	    SEVERITY_COUNT);
}

/* The types, in the order of enum config_type. */
static const struct config_type_ops config_types[] = {
	[CONFIG_PATHS] = { "paths", config_parse_paths, 0, 0 },
	[CONFIG_PATH] = { "path", config_parse_path, 1, 0 },
	[CONFIG_STRING] = { "string", config_parse_string, 1, 0 },
	[CONFIG_MODE] = { "mode", config_parse_mode, 0, 1 },
	[CONFIG_LOG_LEVEL] = { "log level", config_parse_log_level, 0, 1 },
	[CONFIG_DURATION] = { "duration", config_parse_duration, 0, 1 },
	[CONFIG_SIZE] = { "size", config_parse_size, 0, 1 },
	[CONFIG_UINT] = { "integer", config_parse_uint, 0, 1 },
	[CONFIG_DOUBLE] = { "number", config_parse_double, 0, 0 },
	[CONFIG_BOOL] = { "bool", config_parse_bool, 0, 1 },
	[CONFIG_FORMAT] = { "format", config_parse_format, 0, 1 },
	[CONFIG_ID] = { "id", config_parse_id, 1, 0 },
	[CONFIG_URL] = { "URL", config_parse_url, 1, 0 },
	[CONFIG_TOKEN] = { "token", config_parse_token, 1, 0 },
	[CONFIG_JSON_PATH] = { "JSON path", config_parse_json_path, 1, 0 },
	[CONFIG_HEADERS] = { "headers", config_parse_headers, 0, 0 },
	[CONFIG_SOURCES] = { "sources", config_parse_sources, 0, 0 },
	[CONFIG_DELIVER] = { "targets", config_parse_deliver, 0, 0 },
	[CONFIG_STRINGS] = { "strings", config_parse_strings, 0, 0 },
	[CONFIG_COMMAND] = { "command", config_parse_command, 0, 0 },
	[CONFIG_SECRET] = { "secret", config_parse_secret, 1, 0 },
	[CONFIG_TEXT] = { "text", config_parse_text, 1, 0 },
	[CONFIG_BODY] = { "body format", config_parse_body, 0, 1 },
	[CONFIG_KINDS] = { "kinds", config_parse_kinds, 0, 0 },
	[CONFIG_SEVERITIES] = { "severities", config_parse_severities, 0, 0 },
	[CONFIG_PRIVATE] = { "bool or addresses", config_parse_private, 0, 1 },
};

/* The name of a type, as the documentation gives it. */
const char *
config_type_name(enum config_type type)
{
	if ((size_t)type >= nitems(config_types))
		return ("?");
	return (config_types[type].name);
}

/* Set the defaults of a table's rows in base, whose fields are zero. */
static void
config_defaults(const struct config_entry *tab, void *base)
{
	const struct config_entry	*e;
	char				*s;
	double				 d;

	for (e = tab; e->name != NULL; e++) {
		if (e->type == CONFIG_DOUBLE) {
			d = strtod(e->def_str, NULL);
			memcpy((char *)base + e->off, &d, sizeof d);
		} else if (config_types[e->type].str && e->def_str != NULL) {
			s = xstrdup(e->def_str);
			memcpy((char *)base + e->off, &s, sizeof s);
		} else if (config_types[e->type].num)
			config_set(e, base, e->def);
	}
}

/* Free the strings, lists and sources a table's rows hold in base. */
static void
config_clear(const struct config_entry *tab, void *base)
{
	const struct config_entry	*e;
	struct source_cfg		*src = base;
	struct config			*cfg = base;
	char				*s;
	size_t				 i;

	for (e = tab; e->name != NULL; e++) {
		if (config_types[e->type].str) {
			memcpy(&s, (char *)base + e->off, sizeof s);
			free(s);
		} else if (e->type == CONFIG_PATHS ||
		    e->type == CONFIG_STRINGS || e->type == CONFIG_COMMAND)
			strv_free((struct strv *)((char *)base + e->off));
		else if (e->type == CONFIG_DELIVER) {
			for (i = 0; i < cfg->ndeliver; i++)
				config_clear(config_deliver_table,
				    &cfg->deliver[i]);
			free(cfg->deliver);
		}
		else if (e->type == CONFIG_HEADERS) {
			for (i = 0; i < src->nheaders; i++) {
				free(src->headers[i].name);
				free(src->headers[i].value);
			}
			free(src->headers);
		} else if (e->type == CONFIG_PRIVATE)
			strv_free(&src->private_nets);
		else if (e->type == CONFIG_SOURCES) {
			for (i = 0; i < cfg->nsources; i++)
				config_clear(config_source_table,
				    &cfg->sources[i]);
			free(cfg->sources);
		}
	}
}

/* Hand a mapping's value to its row's type, or its section to config_map. */
static void
config_key(void *arg, size_t k, const struct ynode *val, struct diag *diag)
{
	struct config_walk		*w = arg, sub;
	const struct config_entry	*e = &w->tab[w->rows[k]];
	const char			*dot;

	if ((dot = strchr(e->name + w->slen, '.')) != NULL) {
		sub = *w;
		sub.section = e->name;
		sub.slen = (size_t)(dot + 1 - e->name);
		config_map(&sub, val, diag);
		w->id = sub.id;
		return;
	}
	config_types[e->type].parse(w, e, val, diag);
}

/*
 * Parse a mapping against the rows of w's table in w's section: a key for
 * each row, or one for each section below.
 */
static void
config_map(struct config_walk *w, const struct ynode *val, struct diag *diag)
{
	struct ykey			 keys[CONFIG_MAX_KEYS];
	char				 names[CONFIG_MAX_KEYS][CONFIG_MAX_NAME];
	const struct config_entry	*e;
	const char			*leaf;
	size_t				 n = 0, len;

	for (e = w->tab; e->name != NULL; e++) {
		if (strncmp(e->name, w->section, w->slen) != 0)
			continue;
		leaf = e->name + w->slen;
		len = strcspn(leaf, ".");
		if (n > 0 && strncmp(names[n - 1], leaf, len) == 0 &&
		    names[n - 1][len] == '\0')
			continue;	/* the section of the row before */
		if (n == CONFIG_MAX_KEYS || len >= CONFIG_MAX_NAME)
			fatalx("config table: %s: too many keys", e->name);
		memcpy(names[n], leaf, len);
		names[n][len] = '\0';
		memset(&keys[n], 0, sizeof keys[n]);
		keys[n].name = names[n];
		keys[n].required = (e->flags & CONFIG_REQUIRED) != 0;
		w->rows[n++] = (size_t)(e - w->tab);
	}
	ytree_map_index(val, keys, n, config_key, w, diag);
}

/* The source with an id, or NULL. */
static const struct source_cfg *
config_find_source(const struct config *cfg, const char *id)
{
	size_t	 i;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].id, id) == 0)
			return (&cfg->sources[i]);
	}
	return (NULL);
}

/* Parse one source and add it, unless it has no id or a duplicate one. */
static void
config_source(struct config *cfg, const struct ynode *item,
    struct diag *diag)
{
	struct source_cfg	 s;
	struct config_walk	 w;
	const struct source_cfg	*first = NULL;

	memset(&s, 0, sizeof s);
	config_defaults(config_source_table, &s);
	s.line = item->line;
	memset(&w, 0, sizeof w);
	w.cfg = cfg;
	w.tab = config_source_table;
	w.section = "";
	w.base = &s;
	config_map(&w, item, diag);
	if (s.id != NULL && (first = config_find_source(cfg, s.id)) != NULL) {
		ytree_error(diag, w.id, "duplicate source id '%s' (first at "
		    "%s:%zu)", s.id, item->file, first->line);
	}
	if (s.id == NULL || first != NULL) {
		config_clear(config_source_table, &s);
		return;
	}
	cfg->sources = xreallocarray(cfg->sources, cfg->nsources + 1,
	    sizeof *cfg->sources);
	cfg->sources[cfg->nsources++] = s;
}

/* The delivery target with an id, or NULL. */
static const struct deliver_cfg *
config_find_deliver(const struct config *cfg, const char *id)
{
	size_t	 i;

	for (i = 0; i < cfg->ndeliver; i++) {
		if (strcmp(cfg->deliver[i].id, id) == 0)
			return (&cfg->deliver[i]);
	}
	return (NULL);
}

/* What is wrong with a target's combination of keys, or NULL. */
static const char *
config_deliver_problem(const struct deliver_cfg *t)
{
	if (t->webhook != NULL && t->command.n > 0)
		return ("give either webhook or command, not both");
	if (t->webhook == NULL && t->command.n == 0)
		return ("give a webhook or a command");
	if (t->command.n > 0 && t->secret != NULL)
		return ("secret is for webhooks; a command gets no signature");
	if (t->command.n > 0 && t->format == DELIVER_SLACK)
		return ("format slack is for webhooks");
	if (t->command.n > 0 && t->allow_private)
		return ("allow_private is for webhooks");
	return (NULL);
}

/* Parse one delivery target and add it if it is whole and its id unique. */
static void
config_deliver(struct config *cfg, const struct ynode *item,
    struct diag *diag)
{
	struct deliver_cfg	 t;
	struct config_walk	 w;
	const struct deliver_cfg *first = NULL;
	const char		*problem = NULL;
	size_t			 before = diag_count(diag);

	memset(&t, 0, sizeof t);
	config_defaults(config_deliver_table, &t);
	t.line = item->line;
	memset(&w, 0, sizeof w);
	w.cfg = cfg;
	w.tab = config_deliver_table;
	w.section = "";
	w.base = &t;
	config_map(&w, item, diag);
	if (t.id != NULL && (first = config_find_deliver(cfg, t.id)) != NULL) {
		ytree_error(diag, w.id, "duplicate delivery target id '%s' "
		    "(first at %s:%zu)", t.id, item->file, first->line);
	}
	if (t.id != NULL && diag_count(diag) == before &&
	    (problem = config_deliver_problem(&t)) != NULL)
		ytree_error(diag, item, "delivery target '%s': %s", t.id,
		    problem);
	if (t.id == NULL || first != NULL || problem != NULL) {
		config_clear(config_deliver_table, &t);
		return;
	}
	cfg->deliver = xreallocarray(cfg->deliver, cfg->ndeliver + 1,
	    sizeof *cfg->deliver);
	cfg->deliver[cfg->ndeliver++] = t;
}

/* A config holding the defaults, for a file named path. */
static struct config *
config_new(const char *path)
{
	struct config	*cfg;

	cfg = xcalloc(1, sizeof *cfg);
	cfg->path = xstrdup(path);
	config_defaults(config_table, cfg);
	return (cfg);
}

/* Free a config; NULL is a no-op. */
void
config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	config_clear(config_table, cfg);
	free(cfg->path);
	free(cfg);
}

/*
 * Build a config from a parsed document; NULL if any error was recorded.
 * With files, a watchlist that does not exist is one.
 */
static void	config_cluster_check(const struct config *, const char *,
		    struct diag *);

static struct config *
config_parse(const struct ydoc *doc, int files, struct diag *diag)
{
	struct config		*cfg;
	struct config_walk	 w;
	size_t			 before = diag_count(diag), i;

	cfg = config_new(doc->file);
	memset(&w, 0, sizeof w);
	w.cfg = cfg;
	w.tab = config_table;
	w.section = "";
	w.base = cfg;
	w.files = files;
	if (doc->root == NULL)
		diag_add(diag, doc->file, 1, 1, "missing required key "
		    "'watchlists'");
	else
		config_map(&w, doc->root, diag);
	config_cluster_check(cfg, doc->file, diag);
	for (i = 0; i < cfg->nsources; i++) {
		if (cfg->sources[i].interval_ms == 0)
			cfg->sources[i].interval_ms = cfg->default_interval_ms;
	}
	if (diag_count(diag) > before) {
		config_free(cfg);
		return (NULL);
	}
	return (cfg);
}

/*
 * cluster.name and cluster.node become parts of NATS subjects, stream,
 * bucket and key names: letters, digits, '-' and '_' only.
 */
static void
config_cluster_check(const struct config *cfg, const char *file,
    struct diag *diag)
{
	static const char	 ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
	const char		*v[] = { cfg->cluster.name, cfg->cluster.node };
	const char		*k[] = { "cluster.name", "cluster.node" };
	size_t			 i;

	for (i = 0; i < nitems(v); i++) {
		if (v[i] != NULL && v[i][strspn(v[i], ok)] != '\0')
			diag_add(diag, file, 1, 1, "%s '%s': only letters, "
			    "digits, '-' and '_' are allowed", k[i], v[i]);
	}
}

/* Load a config file; NULL if it has any error (all of them in diag). */
struct config *
config_load(const char *path, struct diag *diag)
{
	struct ydoc	*doc;
	struct config	*cfg;

	if ((doc = ytree_load_file(path, diag)) == NULL)
		return (NULL);
	cfg = config_parse(doc, 1, diag);
	ydoc_free(doc);
	return (cfg);
}

/* Load a config from a buffer named name, as config_load does a file. */
struct config *
config_load_mem(const char *name, const void *buf, size_t len,
    struct diag *diag)
{
	struct ydoc	*doc;
	struct config	*cfg;

	if ((doc = ytree_load_mem(name, buf, len, diag)) == NULL)
		return (NULL);
	cfg = config_parse(doc, 0, diag);
	ydoc_free(doc);
	return (cfg);
}
