/*
 * config: sanctwatch.yaml -> struct config, and back to YAML for -n -v.
 *
 * Every key is one row of a static ykey table (a section is a table of its
 * own), so adding a key is one row and one small function.  A config starts
 * from the defaults of the spec and the file overrides them.  Errors are
 * collected, each as FILE:LINE:COL: message, and config_load returns NULL if
 * there was any, freeing what it had built.
 *
 * Validation: source ids match [a-z0-9._-]+ and are unique; URLs are http://
 * or https:// with a host; intervals are at least CONFIG_MIN_INTERVAL; header
 * names are HTTP tokens and values hold no line breaks; min_score is in
 * [0, 1].  A source without an interval takes defaults.interval, filled in
 * after the whole file is read since defaults may come after sources.
 * socket_mode is always read as octal, quoted ("0660") or not (0660).
 *
 * Relative paths (watchlists, database, socket) are taken from the directory
 * of the config file, and made absolute against the working directory when
 * that is relative too, so they keep their meaning if the daemon changes
 * directory, and config_print shows the files really used.
 *
 * config_print writes the normalized config: every key with defaults filled
 * in, strings double-quoted with escapes, durations and sizes in their
 * largest exact unit.  Loading its output gives back an equal config.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/core.h"

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#define CONFIG_DEFAULT_DATABASE	"/var/lib/sanctwatch/alerts.db"
#define CONFIG_DEFAULT_SOCKET	"/run/sanctwatch/alerts.sock"
#define CONFIG_DEFAULT_MODE	0660
#define CONFIG_DEFAULT_UA	"sanctwatch/" SANCTWATCH_VERSION \
				" (+https://sanctwatch.invalid/contact)"
#define CONFIG_MIN_INTERVAL	100		/* ms */
#define CONFIG_MAX_CONNECTIONS	65535
#define CONFIG_MAX_SNIPPET	65536
#define CONFIG_ID_CHARS		"abcdefghijklmnopqrstuvwxyz0123456789._-"
#define CONFIG_TOKEN_CHARS	"abcdefghijklmnopqrstuvwxyz" \
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" \
				"!#$%&'*+-.^_`|~"

/* A source being parsed, with where its id was written. */
struct config_src {
	struct source_cfg	 s;
	const struct ynode	*id;
};

/* A unit for printing durations and sizes. */
struct config_unit {
	const char	*name;
	uint64_t	 mult;
};

static void	config_watchlists(void *, const struct ynode *, struct diag *);
static void	config_database(void *, const struct ynode *, struct diag *);
static void	config_socket(void *, const struct ynode *, struct diag *);
static void	config_socket_mode(void *, const struct ynode *, struct diag *);
static void	config_log_level(void *, const struct ynode *, struct diag *);
static void	config_http(void *, const struct ynode *, struct diag *);
static void	config_matching(void *, const struct ynode *, struct diag *);
static void	config_retention(void *, const struct ynode *, struct diag *);
static void	retention_documents(void *, const struct ynode *, struct diag *);
static void	retention_texts(void *, const struct ynode *, struct diag *);
static void	config_defaults(void *, const struct ynode *, struct diag *);
static void	config_sources(void *, const struct ynode *, struct diag *);
static void	http_user_agent(void *, const struct ynode *, struct diag *);
static void	http_connect_timeout(void *, const struct ynode *,
		    struct diag *);
static void	http_timeout(void *, const struct ynode *, struct diag *);
static void	http_max_body(void *, const struct ynode *, struct diag *);
static void	http_max_connections(void *, const struct ynode *,
		    struct diag *);
static void	http_max_per_host(void *, const struct ynode *, struct diag *);
static void	matching_min_score(void *, const struct ynode *, struct diag *);
static void	matching_snippet_chars(void *, const struct ynode *,
		    struct diag *);
static void	defaults_interval(void *, const struct ynode *, struct diag *);
static void	source_id(void *, const struct ynode *, struct diag *);
static void	source_url(void *, const struct ynode *, struct diag *);
static void	source_format(void *, const struct ynode *, struct diag *);
static void	source_interval(void *, const struct ynode *, struct diag *);
static void	source_headers(void *, const struct ynode *, struct diag *);
static void	config_polling(void *, const struct ynode *, struct diag *);
static void	polling_max_delay(void *, const struct ynode *, struct diag *);
static void	polling_backoff_max(void *, const struct ynode *,
		    struct diag *);
static void	polling_unconditional(void *, const struct ynode *,
		    struct diag *);
static void	polling_host_spacing(void *, const struct ynode *,
		    struct diag *);
static void	polling_item_retention(void *, const struct ynode *,
		    struct diag *);
static void	source_proxy(void *, const struct ynode *, struct diag *);
static void	source_tls_verify(void *, const struct ynode *, struct diag *);
static void	source_allow_private(void *, const struct ynode *,
		    struct diag *);
static void	source_fetch_links(void *, const struct ynode *, struct diag *);
static void	source_charset(void *, const struct ynode *, struct diag *);
static void	source_json(void *, const struct ynode *, struct diag *);
static void	json_items(void *, const struct ynode *, struct diag *);
static void	json_id(void *, const struct ynode *, struct diag *);
static void	json_title(void *, const struct ynode *, struct diag *);
static void	json_link(void *, const struct ynode *, struct diag *);
static void	json_text(void *, const struct ynode *, struct diag *);
static void	json_date(void *, const struct ynode *, struct diag *);

static const struct ykey config_keys[] = {
	{ .name = "watchlists", .required = 1, .parse = config_watchlists },
	{ .name = "database", .parse = config_database },
	{ .name = "socket", .parse = config_socket },
	{ .name = "socket_mode", .parse = config_socket_mode },
	{ .name = "log_level", .parse = config_log_level },
	{ .name = "http", .parse = config_http },
	{ .name = "matching", .parse = config_matching },
	{ .name = "retention", .parse = config_retention },
	{ .name = "defaults", .parse = config_defaults },
	{ .name = "polling", .parse = config_polling },
	{ .name = "sources", .parse = config_sources },
};

static const struct ykey config_http_keys[] = {
	{ .name = "user_agent", .parse = http_user_agent },
	{ .name = "connect_timeout", .parse = http_connect_timeout },
	{ .name = "timeout", .parse = http_timeout },
	{ .name = "max_body", .parse = http_max_body },
	{ .name = "max_connections", .parse = http_max_connections },
	{ .name = "max_per_host", .parse = http_max_per_host },
};

static const struct ykey config_matching_keys[] = {
	{ .name = "min_score", .parse = matching_min_score },
	{ .name = "snippet_chars", .parse = matching_snippet_chars },
};

static const struct ykey config_retention_keys[] = {
	{ .name = "documents", .parse = retention_documents },
	{ .name = "texts", .parse = retention_texts },
};

static const struct ykey config_defaults_keys[] = {
	{ .name = "interval", .parse = defaults_interval },
};

static const struct ykey config_source_keys[] = {
	{ .name = "id", .required = 1, .parse = source_id },
	{ .name = "url", .required = 1, .parse = source_url },
	{ .name = "format", .parse = source_format },
	{ .name = "interval", .parse = source_interval },
	{ .name = "headers", .parse = source_headers },
	{ .name = "proxy", .parse = source_proxy },
	{ .name = "tls_verify", .parse = source_tls_verify },
	{ .name = "allow_private", .parse = source_allow_private },
	{ .name = "fetch_links", .parse = source_fetch_links },
	{ .name = "charset", .parse = source_charset },
	{ .name = "json", .parse = source_json },
};

static const struct ykey config_polling_keys[] = {
	{ .name = "max_delay", .parse = polling_max_delay },
	{ .name = "backoff_max", .parse = polling_backoff_max },
	{ .name = "unconditional", .parse = polling_unconditional },
	{ .name = "host_spacing", .parse = polling_host_spacing },
	{ .name = "item_retention", .parse = polling_item_retention },
};

static const struct ykey config_json_keys[] = {
	{ .name = "items", .parse = json_items },
	{ .name = "id", .parse = json_id },
	{ .name = "title", .parse = json_title },
	{ .name = "link", .parse = json_link },
	{ .name = "text", .parse = json_text },
	{ .name = "date", .parse = json_date },
};

static const char *const config_formats[] = {
	[FORMAT_AUTO] = "auto",
	[FORMAT_TEXT] = "text",
	[FORMAT_HTML] = "html",
	[FORMAT_RSS] = "rss",
	[FORMAT_ATOM] = "atom",
	[FORMAT_JSON] = "json",
};

static const struct config_unit config_duration_units[] = {
	{ .name = "ms", .mult = 1 },
	{ .name = "s", .mult = 1000 },
	{ .name = "m", .mult = 60 * 1000 },
	{ .name = "h", .mult = 60 * 60 * 1000 },
	{ .name = "d", .mult = 24 * 60 * 60 * 1000 },
};

static const struct config_unit config_size_units[] = {
	{ .name = "", .mult = 1 },
	{ .name = "KiB", .mult = 1024 },
	{ .name = "MiB", .mult = 1024 * 1024 },
	{ .name = "GiB", .mult = 1024 * 1024 * 1024 },
};

/* The name of a source format. */
const char *
config_format_name(enum source_format f)
{
	if ((size_t)f >= nitems(config_formats))
		return ("?");
	return (config_formats[f]);
}

/* A value in its largest unit that divides it exactly: 90000 -> "90s". */
static void
config_fmt_units(char *buf, size_t len, uint64_t v,
    const struct config_unit *units, size_t nunits)
{
	size_t	 i = nunits - 1;

	while (i > 0 && (v == 0 || v % units[i].mult != 0))
		i--;
	snprintf(buf, len, "%" PRIu64 "%s", v / units[i].mult, units[i].name);
}

/* A duration in canonical units. */
static void
config_fmt_duration(char *buf, size_t len, uint64_t ms)
{
	config_fmt_units(buf, len, ms, config_duration_units,
	    nitems(config_duration_units));
}

/* A size in canonical units. */
static void
config_fmt_size(char *buf, size_t len, uint64_t bytes)
{
	config_fmt_units(buf, len, bytes, config_size_units,
	    nitems(config_size_units));
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

/* Read a duration of at least min milliseconds. */
static int
config_duration(const struct ynode *val, struct diag *diag, uint64_t min,
    uint64_t *out)
{
	char		 buf[32];
	uint64_t	 ms;

	if (ytree_duration(val, diag, &ms) == -1)
		return (-1);
	if (ms < min) {
		config_fmt_duration(buf, sizeof buf, min);
		ytree_error(diag, val, "must be at least %s", buf);
		return (-1);
	}
	*out = ms;
	return (0);
}

/* Read an integer in [lo, hi]. */
static int
config_uint(const struct ynode *val, struct diag *diag, uint64_t lo,
    uint64_t hi, uint64_t *out)
{
	uint64_t	 v;

	if (ytree_uint(val, diag, &v) == -1)
		return (-1);
	if (v < lo || v > hi) {
		ytree_error(diag, val, "must be between %" PRIu64 " and %"
		    PRIu64, lo, hi);
		return (-1);
	}
	*out = v;
	return (0);
}

/* Add one watchlist file; the same file twice is an error. */
static void
config_watchlist(struct config *cfg, const struct ynode *val,
    struct diag *diag)
{
	char	*p = NULL;

	if (config_set_path(cfg, val, diag, &p) == -1)
		return;
	if (strv_contains(&cfg->watchlists, p)) {
		ytree_error(diag, val, "watchlist '%s' is listed twice", p);
		free(p);
	} else
		strv_push_owned(&cfg->watchlists, p);
}

/* watchlists: a file name or a list of them, at least one. */
static void
config_watchlists(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	size_t		 i;

	if (val->type == YNODE_SCALAR && !ytree_null(val)) {
		config_watchlist(cfg, val, diag);
		return;
	}
	if (ytree_null(val) || (val->type == YNODE_SEQ && val->n == 0)) {
		ytree_error(diag, val, "at least one watchlist is required");
		return;
	}
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a file name or a list of "
		    "file names");
		return;
	}
	for (i = 0; i < val->n; i++)
		config_watchlist(cfg, val->items[i], diag);
}

/* database: the SQLite file. */
static void
config_database(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_set_path(cfg, val, diag, &cfg->database);
}

/* socket: the Unix socket's path. */
static void
config_socket(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_set_path(cfg, val, diag, &cfg->socket);
}

/* socket_mode: octal permissions, "0660" or 0660. */
static void
config_socket_mode(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	const char	*s = val->scalar;
	unsigned long	 mode;

	if (val->type != YNODE_SCALAR || ytree_null(val) || *s == '\0' ||
	    s[strspn(s, "01234567")] != '\0' ||
	    (mode = strtoul(s, NULL, 8)) > 0777) {
		ytree_error(diag, val, "expected an octal mode such as "
		    "\"0660\"");
		return;
	}
	cfg->socket_mode = (mode_t)mode;
}

/* log_level: debug, info, notice, warning or error. */
static void
config_log_level(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	char		*s = NULL;
	int		 level;

	if (ytree_string(val, diag, &s) == -1)
		return;
	if ((level = log_level_parse(s)) == -1) {
		ytree_error(diag, val, "unknown log level '%s' (debug, info, "
		    "notice, warning or error)", s);
	} else
		cfg->log_level = level;
	free(s);
}

/* http: a section. */
static void
config_http(void *ctx, const struct ynode *val, struct diag *diag)
{
	ytree_map(val, config_http_keys, nitems(config_http_keys), ctx, diag);
}

/* matching: a section. */
static void
config_matching(void *ctx, const struct ynode *val, struct diag *diag)
{
	ytree_map(val, config_matching_keys, nitems(config_matching_keys), ctx,
	    diag);
}

/* retention: a section. */
static void
config_retention(void *ctx, const struct ynode *val, struct diag *diag)
{
	ytree_map(val, config_retention_keys, nitems(config_retention_keys),
	    ctx, diag);
}

/* retention.documents: forget scanned documents unseen this long; 0 never. */
static void
retention_documents(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, 0, &cfg->document_retention_ms);
}

/*
 * retention.texts: keep scanned texts this long, so a watchlist change can
 * scan them again; 0 keeps none.
 */
static void
retention_texts(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	uint64_t	 ms;

	/* Pruning counts in seconds: less than one would mean "keep none". */
	if (config_duration(val, diag, 0, &ms) == -1)
		return;
	if (ms > 0 && ms < 1000)
		ytree_error(diag, val, "must be 0s (keep none) or at least 1s");
	else
		cfg->text_retention_ms = ms;
}

/* defaults: a section. */
static void
config_defaults(void *ctx, const struct ynode *val, struct diag *diag)
{
	ytree_map(val, config_defaults_keys, nitems(config_defaults_keys),
	    ctx, diag);
}

/* http.user_agent: non-empty, no control characters. */
static void
http_user_agent(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	char		*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return;
	if (*s == '\0' || config_has_ctrl(s, 0)) {
		ytree_error(diag, val, "user_agent must be non-empty, without "
		    "control characters");
		free(s);
		return;
	}
	free(cfg->http.user_agent);
	cfg->http.user_agent = s;
}

/* http.connect_timeout: a duration. */
static void
http_connect_timeout(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, 1, &cfg->http.connect_timeout_ms);
}

/* http.timeout: a duration for a whole transfer. */
static void
http_timeout(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, 1, &cfg->http.timeout_ms);
}

/* http.max_body: a size, at least one byte. */
static void
http_max_body(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	uint64_t	 v;

	if (ytree_size(val, diag, &v) == -1)
		return;
	if (v == 0)
		ytree_error(diag, val, "must be at least 1 byte");
	else
		cfg->http.max_body = v;
}

/* http.max_connections: transfers at once. */
static void
http_max_connections(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	uint64_t	 v;

	if (config_uint(val, diag, 1, CONFIG_MAX_CONNECTIONS, &v) == 0)
		cfg->http.max_connections = (unsigned)v;
}

/* http.max_per_host: transfers at once to one host. */
static void
http_max_per_host(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	uint64_t	 v;

	if (config_uint(val, diag, 1, CONFIG_MAX_CONNECTIONS, &v) == 0)
		cfg->http.max_per_host = (unsigned)v;
}

/* matching.min_score: a number in [0, 1]. */
static void
matching_min_score(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	double		 v;

	if (ytree_double(val, diag, &v) == -1)
		return;
	if (v < 0 || v > 1)
		ytree_error(diag, val, "min_score must be between 0 and 1");
	else
		cfg->min_score = v;
}

/* matching.snippet_chars: characters of context around a match. */
static void
matching_snippet_chars(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	uint64_t	 v;

	if (config_uint(val, diag, 0, CONFIG_MAX_SNIPPET, &v) == 0)
		cfg->snippet_chars = (size_t)v;
}

/* defaults.interval: how often a source without its own is polled. */
static void
defaults_interval(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, CONFIG_MIN_INTERVAL,
	    &cfg->default_interval_ms);
}

/* sources[].id: [a-z0-9._-]+. */
static void
source_id(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;
	const char		*id;

	if (ytree_string(val, diag, &cs->s.id) == -1)
		return;
	cs->id = val;
	id = cs->s.id;
	if (*id == '\0' || id[strspn(id, CONFIG_ID_CHARS)] != '\0') {
		ytree_error(diag, val, "invalid source id '%s' (use a-z, 0-9, "
		    "'.', '_' and '-')", id);
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

/* sources[].url: http:// or https:// with a host. */
static void
source_url(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;
	const char		*problem;
	char			*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return;
	if ((problem = config_url_problem(s)) != NULL) {
		ytree_error(diag, val, "%s", problem);
		free(s);
		return;
	}
	free(cs->s.url);
	cs->s.url = s;
}

/* sources[].format: auto, text, html, rss, atom or json. */
static void
source_format(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;
	char			*s = NULL;
	size_t			 i;

	if (ytree_string(val, diag, &s) == -1)
		return;
	for (i = 0; i < nitems(config_formats); i++) {
		if (strcmp(s, config_formats[i]) == 0) {
			cs->s.format = (enum source_format)i;
			free(s);
			return;
		}
	}
	ytree_error(diag, val, "unknown format '%s' (auto, text, html, rss, "
	    "atom or json)", s);
	free(s);
}

/* sources[].interval: at least CONFIG_MIN_INTERVAL. */
static void
source_interval(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;

	config_duration(val, diag, CONFIG_MIN_INTERVAL, &cs->s.interval_ms);
}

/* polling: a section. */
static void
config_polling(void *ctx, const struct ynode *val, struct diag *diag)
{
	ytree_map(val, config_polling_keys, nitems(config_polling_keys), ctx,
	    diag);
}

/* polling.max_delay: the longest a server's hint may push a poll back. */
static void
polling_max_delay(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, 1000, &cfg->polling.max_delay_ms);
}

/* polling.backoff_max: the longest backoff after errors. */
static void
polling_backoff_max(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, CONFIG_MIN_INTERVAL,
	    &cfg->polling.backoff_max_ms);
}

/* polling.unconditional: a GET without validators at least this often. */
static void
polling_unconditional(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, CONFIG_MIN_INTERVAL,
	    &cfg->polling.unconditional_ms);
}

/* polling.host_spacing: between two requests to one host (0ms: none). */
static void
polling_host_spacing(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, 0, &cfg->polling.host_spacing_ms);
}

/* polling.item_retention: how long gone feed items are remembered. */
static void
polling_item_retention(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;

	config_duration(val, diag, 1000, &cfg->polling.item_retention_ms);
}

/* Read true or false. */
static int
config_bool(const struct ynode *val, struct diag *diag, int *out)
{
	if (val->type == YNODE_SCALAR && val->plain &&
	    strcmp(val->scalar, "true") == 0)
		*out = 1;
	else if (val->type == YNODE_SCALAR && val->plain &&
	    strcmp(val->scalar, "false") == 0)
		*out = 0;
	else {
		ytree_error(diag, val, "expected true or false");
		return (-1);
	}
	return (0);
}

/* Read a string without control characters into *out, replacing it. */
static int
config_set_str(const struct ynode *val, struct diag *diag, char **out)
{
	char	*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return (-1);
	if (config_has_ctrl(s, 0)) {
		ytree_error(diag, val, "must not contain control characters");
		free(s);
		return (-1);
	}
	free(*out);
	*out = s;
	return (0);
}

/* sources[].proxy: a proxy URL; "" for none, even if the environment has. */
static void
source_proxy(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;

	config_set_str(val, diag, &cs->s.proxy);
}

/* sources[].tls_verify: false turns certificate checks off. */
static void
source_tls_verify(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;
	int			 v;

	if (config_bool(val, diag, &v) == 0)
		cs->s.tls_noverify = !v;
}

/* sources[].allow_private: links may lead to private addresses. */
static void
source_allow_private(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;

	config_bool(val, diag, &cs->s.allow_private);
}

/* sources[].fetch_links: fetch and scan each new item's link. */
static void
source_fetch_links(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;

	config_bool(val, diag, &cs->s.fetch_links);
}

/* sources[].charset: the body's charset, whatever it declares. */
static void
source_charset(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;
	char			*s = NULL;

	if (ytree_string(val, diag, &s) == -1)
		return;
	if (*s == '\0' || s[strspn(s, CONFIG_TOKEN_CHARS)] != '\0') {
		ytree_error(diag, val, "invalid charset name '%s'", s);
		free(s);
		return;
	}
	free(cs->s.charset);
	cs->s.charset = s;
}

/* sources[].json: paths into a JSON API's answer. */
static void
source_json(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;

	ytree_map(val, config_json_keys, nitems(config_json_keys),
	    &cs->s.json, diag);
}

/* A dotted path: names and indexes separated by dots, none empty. */
static void
config_json_path(const struct ynode *val, struct diag *diag, char **out)
{
	const char	*p;
	char		*s = NULL;

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

/* sources[].json.items: the array of items (absent: the root is it). */
static void
json_items(void *ctx, const struct ynode *val, struct diag *diag)
{
	config_json_path(val, diag, &((struct json_paths *)ctx)->items);
}

/* sources[].json.id */
static void
json_id(void *ctx, const struct ynode *val, struct diag *diag)
{
	config_json_path(val, diag, &((struct json_paths *)ctx)->id);
}

/* sources[].json.title */
static void
json_title(void *ctx, const struct ynode *val, struct diag *diag)
{
	config_json_path(val, diag, &((struct json_paths *)ctx)->title);
}

/* sources[].json.link */
static void
json_link(void *ctx, const struct ynode *val, struct diag *diag)
{
	config_json_path(val, diag, &((struct json_paths *)ctx)->link);
}

/* sources[].json.text */
static void
json_text(void *ctx, const struct ynode *val, struct diag *diag)
{
	config_json_path(val, diag, &((struct json_paths *)ctx)->text);
}

/* sources[].json.date */
static void
json_date(void *ctx, const struct ynode *val, struct diag *diag)
{
	config_json_path(val, diag, &((struct json_paths *)ctx)->date);
}

/* Whether a source already has a header, in any case. */
static int
source_has_header(const struct source_cfg *s, const char *name)
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
source_header(struct source_cfg *s, const struct ynode *key,
    const struct ynode *val, struct diag *diag)
{
	char	*value = NULL;

	if (key->type != YNODE_SCALAR || ytree_null(key) ||
	    *key->scalar == '\0' ||
	    key->scalar[strspn(key->scalar, CONFIG_TOKEN_CHARS)] != '\0') {
		ytree_error(diag, key, "invalid header name");
		return;
	}
	if (source_has_header(s, key->scalar)) {
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

/* sources[].headers: a mapping of header names to values. */
static void
source_headers(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config_src	*cs = ctx;
	size_t			 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_MAP) {
		ytree_error(diag, val, "expected a mapping of header names to "
		    "values");
		return;
	}
	for (i = 0; i < val->n; i++) {
		source_header(&cs->s, val->items[2 * i], val->items[2 * i + 1],
		    diag);
	}
}

/* Free what a source holds. */
static void
source_clear(struct source_cfg *s)
{
	size_t	 i;

	for (i = 0; i < s->nheaders; i++) {
		free(s->headers[i].name);
		free(s->headers[i].value);
	}
	free(s->headers);
	free(s->id);
	free(s->url);
	free(s->proxy);
	free(s->charset);
	free(s->json.items);
	free(s->json.id);
	free(s->json.title);
	free(s->json.link);
	free(s->json.text);
	free(s->json.date);
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
	struct config_src	 cs;
	const struct source_cfg	*first = NULL;

	memset(&cs, 0, sizeof cs);
	cs.s.format = FORMAT_AUTO;
	cs.s.tls_noverify = 0;
	cs.s.line = item->line;
	ytree_map(item, config_source_keys, nitems(config_source_keys), &cs,
	    diag);
	if (cs.s.id != NULL &&
	    (first = config_find_source(cfg, cs.s.id)) != NULL) {
		ytree_error(diag, cs.id, "duplicate source id '%s' (first at "
		    "%s:%zu)", cs.s.id, item->file, first->line);
	}
	if (cs.s.id == NULL || first != NULL) {
		source_clear(&cs.s);
		return;
	}
	cfg->sources = xreallocarray(cfg->sources, cfg->nsources + 1,
	    sizeof *cfg->sources);
	cfg->sources[cfg->nsources++] = cs.s;
}

/* sources: a list of sources (null or empty: none). */
static void
config_sources(void *ctx, const struct ynode *val, struct diag *diag)
{
	struct config	*cfg = ctx;
	size_t		 i;

	if (ytree_null(val))
		return;
	if (val->type != YNODE_SEQ) {
		ytree_error(diag, val, "expected a list of sources");
		return;
	}
	for (i = 0; i < val->n; i++)
		config_source(cfg, val->items[i], diag);
}

/* A config holding the defaults, for a file named path. */
static struct config *
config_new(const char *path)
{
	struct config	*cfg;

	cfg = xcalloc(1, sizeof *cfg);
	cfg->path = xstrdup(path);
	cfg->database = xstrdup(CONFIG_DEFAULT_DATABASE);
	cfg->socket = xstrdup(CONFIG_DEFAULT_SOCKET);
	cfg->socket_mode = CONFIG_DEFAULT_MODE;
	cfg->log_level = LOG_LVL_INFO;
	cfg->http.user_agent = xstrdup(CONFIG_DEFAULT_UA);
	cfg->http.connect_timeout_ms = 10 * 1000;
	cfg->http.timeout_ms = 30 * 1000;
	cfg->http.max_body = 16 * 1024 * 1024;
	cfg->http.max_connections = 32;
	cfg->http.max_per_host = 2;
	cfg->min_score = 0.80;
	cfg->snippet_chars = 200;
	cfg->document_retention_ms = 90ULL * 24 * 3600 * 1000;
	cfg->text_retention_ms = 3ULL * 24 * 3600 * 1000;
	cfg->default_interval_ms = 15 * 60 * 1000;
	cfg->polling.max_delay_ms = 24 * 60 * 60 * 1000;
	cfg->polling.backoff_max_ms = 6 * 60 * 60 * 1000;
	cfg->polling.unconditional_ms = 12 * 60 * 60 * 1000;
	cfg->polling.host_spacing_ms = 0;
	cfg->polling.item_retention_ms = 7ull * 24 * 60 * 60 * 1000;
	return (cfg);
}

/* Free a config; NULL is a no-op. */
void
config_free(struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nsources; i++)
		source_clear(&cfg->sources[i]);
	free(cfg->sources);
	strv_free(&cfg->watchlists);
	free(cfg->path);
	free(cfg->database);
	free(cfg->socket);
	free(cfg->http.user_agent);
	free(cfg);
}

/* Build a config from a parsed document; NULL if any error was recorded. */
static struct config *
config_parse(const struct ydoc *doc, struct diag *diag)
{
	struct config	*cfg;
	size_t		 before = diag_count(diag), i;

	cfg = config_new(doc->file);
	if (doc->root == NULL)
		diag_add(diag, doc->file, 1, 1, "missing required key "
		    "'watchlists'");
	else
		ytree_map(doc->root, config_keys, nitems(config_keys), cfg,
		    diag);
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

/* Load a config file; NULL if it has any error (all of them in diag). */
struct config *
config_load(const char *path, struct diag *diag)
{
	struct ydoc	*doc;
	struct config	*cfg;

	if ((doc = ytree_load_file(path, diag)) == NULL)
		return (NULL);
	cfg = config_parse(doc, diag);
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
	cfg = config_parse(doc, diag);
	ydoc_free(doc);
	return (cfg);
}

/* Decode one UTF-8 sequence at p into *cp; its length, 1 if invalid. */
static size_t
config_utf8(const unsigned char *p, uint32_t *cp)
{
	size_t	 len, i;

	*cp = p[0];
	if (p[0] < 0x80)
		return (1);
	if ((p[0] & 0xe0) == 0xc0)
		len = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		len = 3;
	else if ((p[0] & 0xf8) == 0xf0)
		len = 4;
	else {
		*cp = UINT32_MAX;
		return (1);
	}
	*cp &= 0x3fu >> (len - 1);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = UINT32_MAX;
			return (1);
		}
		*cp = *cp << 6 | (p[i] & 0x3f);
	}
	return (len);
}

/* Whether a code point must be escaped in a YAML double-quoted scalar. */
static int
config_must_escape(uint32_t cp)
{
	return (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff ||
	    cp == UINT32_MAX);
}

/* Print a string as a YAML double-quoted scalar. */
static void
config_print_str(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 len;

	fputc('"', f);
	for (; *p != '\0'; p += len) {
		len = config_utf8(p, &cp);
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == UINT32_MAX || (cp < 0x100 &&
		    config_must_escape(cp)))
			fprintf(f, "\\x%02x", cp == UINT32_MAX ? *p : cp);
		else if (config_must_escape(cp))
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(p, 1, len, f);
	}
	fputc('"', f);
}

/* Print a number with the fewest digits that read back to the same value. */
static void
config_print_double(FILE *f, double v)
{
	char	 buf[64];
	int	 prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	snprintf(buf, sizeof buf, "%.*g", prec, v);
	fputs(buf, f);
}

/* Print one "  key: value" line whose value is a string. */
static void
config_print_kv(FILE *f, const char *indent, const char *key, const char *s)
{
	fprintf(f, "%s%s: ", indent, key);
	config_print_str(f, s);
	fputc('\n', f);
}

/* Print the http section. */
static void
config_print_http(const struct http_cfg *h, FILE *f)
{
	char	 buf[32];

	fprintf(f, "http:\n");
	config_print_kv(f, "  ", "user_agent", h->user_agent);
	config_fmt_duration(buf, sizeof buf, h->connect_timeout_ms);
	fprintf(f, "  connect_timeout: %s\n", buf);
	config_fmt_duration(buf, sizeof buf, h->timeout_ms);
	fprintf(f, "  timeout: %s\n", buf);
	config_fmt_size(buf, sizeof buf, h->max_body);
	fprintf(f, "  max_body: %s\n", buf);
	fprintf(f, "  max_connections: %u\n", h->max_connections);
	fprintf(f, "  max_per_host: %u\n", h->max_per_host);
}

/* Print one "key: value" line of a string that is set. */
static void
config_print_opt(FILE *f, const char *indent, const char *key, const char *s)
{
	if (s != NULL)
		config_print_kv(f, indent, key, s);
}

/* Print a source's polling keys that differ from their defaults. */
static void
config_print_source_polling(const struct source_cfg *s, FILE *f)
{
	const struct json_paths	*j = &s->json;

	config_print_opt(f, "    ", "proxy", s->proxy);
	if (s->tls_noverify)
		fprintf(f, "    tls_verify: false\n");
	if (s->allow_private)
		fprintf(f, "    allow_private: true\n");
	if (s->fetch_links)
		fprintf(f, "    fetch_links: true\n");
	config_print_opt(f, "    ", "charset", s->charset);
	if (j->items == NULL && j->id == NULL && j->title == NULL &&
	    j->link == NULL && j->text == NULL && j->date == NULL)
		return;
	fprintf(f, "    json:\n");
	config_print_opt(f, "      ", "items", j->items);
	config_print_opt(f, "      ", "id", j->id);
	config_print_opt(f, "      ", "title", j->title);
	config_print_opt(f, "      ", "link", j->link);
	config_print_opt(f, "      ", "text", j->text);
	config_print_opt(f, "      ", "date", j->date);
}

/* Print the polling section. */
static void
config_print_polling(const struct poll_cfg *pc, FILE *f)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} rows[] = {
		{ "max_delay", offsetof(struct poll_cfg, max_delay_ms) },
		{ "backoff_max", offsetof(struct poll_cfg, backoff_max_ms) },
		{ "unconditional", offsetof(struct poll_cfg,
		    unconditional_ms) },
		{ "host_spacing", offsetof(struct poll_cfg, host_spacing_ms) },
		{ "item_retention", offsetof(struct poll_cfg,
		    item_retention_ms) },
	};
	char		 buf[32];
	uint64_t	 v;
	size_t		 i;

	fprintf(f, "polling:\n");
	for (i = 0; i < nitems(rows); i++) {
		memcpy(&v, (const char *)pc + rows[i].off, sizeof v);
		config_fmt_duration(buf, sizeof buf, v);
		fprintf(f, "  %s: %s\n", rows[i].key, buf);
	}
}

/* Print one source as an item of the sources list. */
static void
config_print_source(const struct source_cfg *s, FILE *f)
{
	char	 buf[32];
	size_t	 i;

	config_print_kv(f, "  - ", "id", s->id);
	config_print_kv(f, "    ", "url", s->url);
	fprintf(f, "    format: %s\n", config_format_name(s->format));
	config_fmt_duration(buf, sizeof buf, s->interval_ms);
	fprintf(f, "    interval: %s\n", buf);
	config_print_source_polling(s, f);
	if (s->nheaders == 0)
		return;
	fprintf(f, "    headers:\n");
	for (i = 0; i < s->nheaders; i++) {
		fprintf(f, "      ");
		config_print_str(f, s->headers[i].name);
		fprintf(f, ": ");
		config_print_str(f, s->headers[i].value);
		fputc('\n', f);
	}
}

/* Print the normalized config as YAML that loads back to an equal one. */
void
config_print(const struct config *cfg, FILE *f)
{
	char	 buf[32];
	size_t	 i;

	fprintf(f, "watchlists:\n");
	for (i = 0; i < cfg->watchlists.n; i++) {
		fprintf(f, "  - ");
		config_print_str(f, cfg->watchlists.v[i]);
		fputc('\n', f);
	}
	config_print_kv(f, "", "database", cfg->database);
	config_print_kv(f, "", "socket", cfg->socket);
	fprintf(f, "socket_mode: \"%04o\"\n", (unsigned)cfg->socket_mode);
	fprintf(f, "log_level: %s\n", log_level_name(cfg->log_level));
	config_print_http(&cfg->http, f);
	fprintf(f, "matching:\n  min_score: ");
	config_print_double(f, cfg->min_score);
	fprintf(f, "\n  snippet_chars: %zu\n", cfg->snippet_chars);
	config_fmt_duration(buf, sizeof buf, cfg->document_retention_ms);
	fprintf(f, "retention:\n  documents: %s\n", buf);
	config_fmt_duration(buf, sizeof buf, cfg->text_retention_ms);
	fprintf(f, "  texts: %s\n", buf);
	config_fmt_duration(buf, sizeof buf, cfg->default_interval_ms);
	fprintf(f, "defaults:\n  interval: %s\n", buf);
	config_print_polling(&cfg->polling, f);
	if (cfg->nsources == 0)
		fprintf(f, "sources: []\n");
	else
		fprintf(f, "sources:\n");
	for (i = 0; i < cfg->nsources; i++)
		config_print_source(&cfg->sources[i], f);
}
