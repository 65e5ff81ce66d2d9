/*
 * config: the shipped example, defaults, relative paths, every kind of
 * error with its FILE:LINE:COL, all errors of a file reported together, and
 * config_print output loading back to an equal config.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "core/core.h"
#include "unit.h"

#define FIX		"tests/fixtures/conf/"

/* Load a config from a string named t.yaml. */
static struct config *
load(const char *s, struct diag *d)
{
	return (config_load_mem("/etc/sw/t.yaml", s, strlen(s), d));
}

/* Load a config that must fail with exactly one message. */
static void
load_fails(const char *s, const char *msg, int line)
{
	struct diag	 d = { 0 };
	struct config	*cfg;

	cfg = load(s, &d);
	unit_check(cfg == NULL, "cfg == NULL", __FILE__, line);
	unit_check_diag(&d, &msg, 1, __FILE__, line);
	config_free(cfg);
	diag_free(&d);
}
#define LOAD_FAILS(s, msg)	load_fails((s), (msg), __LINE__)

/* The working directory joined with a relative path. */
static char *
cwd_path(const char *rel)
{
	char	*cwd, *p;

	cwd = getcwd(NULL, 0);
	p = xasprintf("%s/%s", cwd != NULL ? cwd : ".", rel);
	free(cwd);
	return (p);
}

/* Whether two strings, either maybe NULL, are equal. */
static int
same_str(const char *a, const char *b)
{
	return (a == NULL || b == NULL ? a == b : strcmp(a, b) == 0);
}

/* Whether two configs say the same (path aside). */
static int
config_equal(const struct config *a, const struct config *b)
{
	const struct source_cfg	*s, *t;
	size_t			 i, j;

	if (a->watchlists.n != b->watchlists.n ||
	    strcmp(a->database, b->database) != 0 ||
	    strcmp(a->socket, b->socket) != 0 ||
	    a->socket_mode != b->socket_mode || a->log_level != b->log_level ||
	    strcmp(a->http.user_agent, b->http.user_agent) != 0 ||
	    a->http.connect_timeout_ms != b->http.connect_timeout_ms ||
	    a->http.timeout_ms != b->http.timeout_ms ||
	    a->http.max_body != b->http.max_body ||
	    a->http.max_connections != b->http.max_connections ||
	    a->http.max_per_host != b->http.max_per_host ||
	    a->min_score != b->min_score ||
	    a->snippet_chars != b->snippet_chars ||
	    a->document_retention_ms != b->document_retention_ms ||
	    a->text_retention_ms != b->text_retention_ms ||
	    a->default_interval_ms != b->default_interval_ms ||
	    memcmp(&a->polling, &b->polling, sizeof a->polling) != 0 ||
	    memcmp(&a->delivery, &b->delivery, sizeof a->delivery) != 0 ||
	    a->ndeliver != b->ndeliver || a->nsources != b->nsources)
		return (0);
	for (i = 0; i < a->ndeliver; i++) {
		if (strcmp(a->deliver[i].id, b->deliver[i].id) != 0 ||
		    !same_str(a->deliver[i].webhook, b->deliver[i].webhook) ||
		    !same_str(a->deliver[i].template,
		    b->deliver[i].template) ||
		    a->deliver[i].command.n != b->deliver[i].command.n ||
		    a->deliver[i].min_score != b->deliver[i].min_score ||
		    a->deliver[i].kinds != b->deliver[i].kinds ||
		    a->deliver[i].severities != b->deliver[i].severities ||
		    a->deliver[i].format != b->deliver[i].format ||
		    a->deliver[i].timeout_ms != b->deliver[i].timeout_ms ||
		    a->deliver[i].programs.n != b->deliver[i].programs.n)
			return (0);
	}
	for (i = 0; i < a->watchlists.n; i++) {
		if (strcmp(a->watchlists.v[i], b->watchlists.v[i]) != 0)
			return (0);
	}
	for (i = 0; i < a->nsources; i++) {
		s = &a->sources[i];
		t = &b->sources[i];
		if (strcmp(s->id, t->id) != 0 || strcmp(s->url, t->url) != 0 ||
		    s->format != t->format ||
		    s->interval_ms != t->interval_ms ||
		    s->nheaders != t->nheaders ||
		    !same_str(s->proxy, t->proxy) ||
		    s->tls_noverify != t->tls_noverify ||
		    s->allow_private != t->allow_private ||
		    !strv_equal(&s->private_nets, &t->private_nets) ||
		    s->fetch_links != t->fetch_links ||
		    !same_str(s->charset, t->charset) ||
		    !same_str(s->json.items, t->json.items) ||
		    !same_str(s->json.id, t->json.id) ||
		    !same_str(s->json.title, t->json.title) ||
		    !same_str(s->json.link, t->json.link) ||
		    !same_str(s->json.text, t->json.text) ||
		    !same_str(s->json.date, t->json.date))
			return (0);
		for (j = 0; j < s->nheaders; j++) {
			if (strcmp(s->headers[j].name,
			    t->headers[j].name) != 0 ||
			    strcmp(s->headers[j].value,
			    t->headers[j].value) != 0)
				return (0);
		}
	}
	return (1);
}

/* config_print into a string. */
static char *
print_config(const struct config *cfg)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return (xstrdup(""));
	config_print(cfg, f);
	fclose(f);
	return (buf);
}

/* Print a config, load the output, and check it is equal and prints equal. */
static void
round_trip(const struct config *cfg, int line)
{
	struct diag	 d = { 0 };
	struct config	*again;
	char		*text, *text2;

	text = print_config(cfg);
	again = config_load_mem("/elsewhere/rt.yaml", text, strlen(text), &d);
	if (!unit_check(again != NULL, "printed config loads", __FILE__,
	    line)) {
		diag_print(&d, stdout);
		printf("%s", text);
	} else {
		unit_check(config_equal(cfg, again), "round trip equal",
		    __FILE__, line);
		text2 = print_config(again);
		unit_check_str(text2, text, "printed twice", __FILE__, line);
		free(text2);
	}
	config_free(again);
	diag_free(&d);
	free(text);
}

/*
 * A config file parsed as config_load does, but without checking that its
 * watchlists exist (the shipped ones name /etc/sanctwatch, not installed
 * here): config_load_mem.
 */
static struct config *
load_unchecked(const char *path, struct diag *d)
{
	struct config	*cfg;
	char		*buf, *cause;
	size_t		 len;

	if ((buf = file_read(path, 1024 * 1024, &len, &cause)) == NULL) {
		diag_add(d, path, 0, 0, "%s", cause);
		free(cause);
		return (NULL);
	}
	cfg = config_load_mem(path, buf, len, d);
	free(buf);
	return (cfg);
}

/* A config read from a file names files that do not exist. */
static void
test_missing_watchlist(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;

	cfg = config_load("config/sanctwatch.yaml", &d);
	CHECK(cfg == NULL || access("/etc/sanctwatch/watchlist.yaml", F_OK) ==
	    0);
	if (cfg == NULL && CHECK(diag_count(&d) == 2)) {
		CHECK_STR(d.msgs.v[0], "config/sanctwatch.yaml:10:5: watchlist "
		    "'/etc/sanctwatch/watchlist.yaml' does not exist");
		CHECK_STR(d.msgs.v[1], "config/sanctwatch.yaml:15:5: rules file "
		    "'/etc/sanctwatch/rules/export-risk.yaml' does not exist");
	}
	config_free(cfg);
	diag_free(&d);
}

static void
test_shipped_example(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;

	cfg = load_unchecked("config/sanctwatch.yaml", &d);
	CHECK_INT(diag_count(&d), 0);
	diag_print(&d, stdout);
	if (!CHECK(cfg != NULL))
		return;
	CHECK_INT(cfg->watchlists.n, 1);
	CHECK_STR(cfg->watchlists.v[0], "/etc/sanctwatch/watchlist.yaml");
	CHECK_STR(cfg->database, "/var/lib/sanctwatch/alerts.db");
	CHECK_STR(cfg->socket, "/run/sanctwatch/alerts.sock");
	CHECK_INT(cfg->socket_mode, 0660);
	CHECK(cfg->nsources >= 2);
	if (cfg->nsources == 3) {
		CHECK_STR(cfg->sources[0].id, "example-feed");
		CHECK_INT(cfg->sources[0].interval_ms, 5 * 60 * 1000);
		CHECK_INT(cfg->sources[2].format, FORMAT_JSON);
		CHECK_INT(cfg->sources[2].interval_ms, 15 * 60 * 1000);
		CHECK_INT(cfg->sources[2].nheaders, 2);
	}
	round_trip(cfg, __LINE__);
	config_free(cfg);
	diag_free(&d);
}

static void
test_defaults(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;

	cfg = load_unchecked(FIX "config-minimal.yaml", &d);
	CHECK_INT(diag_count(&d), 0);
	if (!CHECK(cfg != NULL))
		return;
	CHECK_STR(cfg->path, FIX "config-minimal.yaml");
	CHECK_INT(cfg->watchlists.n, 1);
	CHECK_STR(cfg->watchlists.v[0], "/etc/sanctwatch/watchlist.yaml");
	CHECK_STR(cfg->database, "/var/lib/sanctwatch/alerts.db");
	CHECK_STR(cfg->socket, "/run/sanctwatch/alerts.sock");
	CHECK_INT(cfg->socket_mode, 0660);
	CHECK_INT(cfg->log_level, LOG_LVL_INFO);
	CHECK_STR(cfg->http.user_agent, "sanctwatch/" SANCTWATCH_VERSION
	    " (+https://sanctwatch.invalid/contact)");
	CHECK_INT(cfg->http.connect_timeout_ms, 10000);
	CHECK_INT(cfg->http.timeout_ms, 30000);
	CHECK_INT(cfg->http.max_body, 16 * 1024 * 1024);
	CHECK_INT(cfg->http.max_connections, 32);
	CHECK_INT(cfg->http.max_per_host, 2);
	CHECK(cfg->min_score == 0.80);
	CHECK_INT(cfg->snippet_chars, 200);
	CHECK_INT(cfg->document_retention_ms, 90ll * 86400000);
	CHECK_INT(cfg->text_retention_ms, 3ll * 86400000);
	CHECK_INT(cfg->default_interval_ms, 15 * 60 * 1000);
	CHECK_INT(cfg->nsources, 0);
	round_trip(cfg, __LINE__);
	config_free(cfg);
	diag_free(&d);
	config_free(NULL);
}

static void
test_good_file(void)
{
	struct diag		 d = { 0 };
	struct config		*cfg;
	const struct source_cfg	*s;
	char			*p;

	cfg = config_load(FIX "config-good.yaml", &d);
	CHECK_INT(diag_count(&d), 0);
	diag_print(&d, stdout);
	if (!CHECK(cfg != NULL))
		return;
	CHECK_INT(cfg->watchlists.n, 2);
	p = cwd_path(FIX "watchlist-a.yaml");
	CHECK_STR(cfg->watchlists.v[0], p);
	free(p);
	p = cwd_path(FIX "watchlist-b.yaml");
	CHECK_STR(cfg->watchlists.v[1], p);
	free(p);
	p = cwd_path(FIX "state/alerts.db");
	CHECK_STR(cfg->database, p);
	free(p);
	CHECK_STR(cfg->socket, "/tmp/sanctwatch-test.sock");
	CHECK_INT(cfg->socket_mode, 0640);
	CHECK_INT(cfg->log_level, LOG_LVL_DEBUG);
	CHECK_STR(cfg->http.user_agent, "test-agent/1.0");
	CHECK_INT(cfg->http.connect_timeout_ms, 1500);
	CHECK_INT(cfg->http.timeout_ms, 120000);
	CHECK_INT(cfg->http.max_body, 512 * 1024);
	CHECK_INT(cfg->http.max_connections, 8);
	CHECK_INT(cfg->http.max_per_host, 1);
	CHECK(cfg->min_score == 0.9);
	CHECK_INT(cfg->snippet_chars, 120);
	CHECK_INT(cfg->default_interval_ms, 3600000);
	if (CHECK_INT(cfg->nsources, 2)) {
		s = &cfg->sources[0];
		CHECK_STR(s->id, "feed.one");
		CHECK_STR(s->url, "https://news.example.org/rss.xml");
		CHECK_INT(s->format, FORMAT_RSS);
		CHECK_INT(s->interval_ms, 300000);
		CHECK_INT(s->line, 20);
		if (CHECK_INT(s->nheaders, 2)) {
			CHECK_STR(s->headers[0].name, "X-Api-Key");
			CHECK_STR(s->headers[0].value, "k1");
			CHECK_STR(s->headers[1].name, "Accept");
		}
		s = &cfg->sources[1];
		CHECK_STR(s->id, "page_2");
		CHECK_INT(s->format, FORMAT_AUTO);
		/* defaults.interval comes after the sources and still counts */
		CHECK_INT(s->interval_ms, 3600000);
		CHECK_INT(s->nheaders, 0);
	}
	round_trip(cfg, __LINE__);
	config_free(cfg);
	diag_free(&d);
}

static void
test_relative_paths(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;
	char		*p;
	const char	*body =
	    "watchlists: [w.yaml, ./sub/x.yaml, /abs.yaml]\n"
	    "database: db/alerts.db\nsocket: s.sock\n";

	cfg = config_load_mem("/etc/sw/sanctwatch.yaml", body, strlen(body),
	    &d);
	if (CHECK(cfg != NULL) && CHECK_INT(cfg->watchlists.n, 3)) {
		CHECK_STR(cfg->watchlists.v[0], "/etc/sw/w.yaml");
		CHECK_STR(cfg->watchlists.v[1], "/etc/sw/sub/x.yaml");
		CHECK_STR(cfg->watchlists.v[2], "/abs.yaml");
		CHECK_STR(cfg->database, "/etc/sw/db/alerts.db");
		CHECK_STR(cfg->socket, "/etc/sw/s.sock");
	}
	config_free(cfg);
	cfg = config_load_mem("/sanctwatch.yaml", body, strlen(body), &d);
	if (CHECK(cfg != NULL))
		CHECK_STR(cfg->watchlists.v[0], "/w.yaml");
	config_free(cfg);
	cfg = config_load_mem("sanctwatch.yaml", body, strlen(body), &d);
	if (CHECK(cfg != NULL)) {
		p = cwd_path("w.yaml");
		CHECK_STR(cfg->watchlists.v[0], p);
		free(p);
	}
	config_free(cfg);
	cfg = config_load_mem("./etc/sanctwatch.yaml", body, strlen(body), &d);
	if (CHECK(cfg != NULL)) {
		p = cwd_path("etc/sub/x.yaml");
		CHECK_STR(cfg->watchlists.v[1], p);
		free(p);
	}
	config_free(cfg);
	CHECK_INT(diag_count(&d), 0);
	diag_free(&d);
}

static void
test_bad_file_all_errors(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;

	cfg = config_load(FIX "config-bad.yaml", &d);
	CHECK(cfg == NULL);
	EXPECT_DIAG(&d,
	    FIX "config-bad.yaml:1:13: at least one watchlist is required",
	    FIX "config-bad.yaml:2:11: expected a path, not an empty string",
	    FIX "config-bad.yaml:3:14: expected an octal mode such as "
	    "\"0660\"",
	    FIX "config-bad.yaml:4:12: unknown log level 'loud' (debug, info, "
	    "notice, warning or error)",
	    FIX "config-bad.yaml:7:20: duration '10' needs a unit: ms, s, m, "
	    "h or d",
	    FIX "config-bad.yaml:8:12: must be at least 1ms",
	    FIX "config-bad.yaml:9:13: expected a size such as 512, 512KiB, "
	    "16MiB or 1GiB",
	    FIX "config-bad.yaml:10:20: must be between 1 and 65535",
	    FIX "config-bad.yaml:11:3: unknown key 'proxy'",
	    FIX "config-bad.yaml:13:14: min_score must be between 0 and 1",
	    FIX "config-bad.yaml:14:18: expected a non-negative integer",
	    FIX "config-bad.yaml:16:13: must be at least 100ms",
	    FIX "config-bad.yaml:18:9: invalid source id 'Bad_ID' (use a-z, "
	    "0-9, '.', '_' and '-')",
	    FIX "config-bad.yaml:19:10: URL must start with http:// or "
	    "https://",
	    FIX "config-bad.yaml:21:10: URL has no host",
	    FIX "config-bad.yaml:22:13: unknown format 'xml' (auto, text, "
	    "html, rss, atom or json)",
	    FIX "config-bad.yaml:23:15: must be at least 100ms",
	    FIX "config-bad.yaml:24:16: invalid header name",
	    FIX "config-bad.yaml:24:37: header value must not contain "
	    "control characters",
	    FIX "config-bad.yaml:25:9: duplicate source id 'ok' (first at "
	    FIX "config-bad.yaml:20)",
	    FIX "config-bad.yaml:27:5: missing required key 'id'",
	    FIX "config-bad.yaml:30:5: duplicate key 'id' (first at 28:5)");
	diag_free(&d);
}

static void
test_duplicate_source(void)
{
	struct diag	 d = { 0 };

	CHECK(load("watchlists: w.yaml\nsources:\n"
	    "  - id: a\n    url: http://a.example/\n"
	    "  - id: b\n    url: http://b.example/\n"
	    "  - url: http://c.example/\n    id: a\n", &d) == NULL);
	EXPECT_DIAG(&d, "/etc/sw/t.yaml:8:9: duplicate source id 'a' (first "
	    "at /etc/sw/t.yaml:3)");
	diag_free(&d);
}

static void
test_structure_errors(void)
{
	LOAD_FAILS("", "/etc/sw/t.yaml:1:1: missing required key "
	    "'watchlists'");
	LOAD_FAILS("# nothing\n", "/etc/sw/t.yaml:1:1: missing required key "
	    "'watchlists'");
	LOAD_FAILS("- watchlists\n", "/etc/sw/t.yaml:1:1: expected a mapping");
	LOAD_FAILS("database: x\n", "/etc/sw/t.yaml:1:1: missing required "
	    "key 'watchlists'");
	LOAD_FAILS("watchlists:\n", "/etc/sw/t.yaml:1:12: at least one "
	    "watchlist is required");
	LOAD_FAILS("watchlists: {a: b}\n", "/etc/sw/t.yaml:1:13: expected a "
	    "file name or a list of file names");
	LOAD_FAILS("watchlists: [a, [b]]\n",
	    "/etc/sw/t.yaml:1:17: expected a string");
	LOAD_FAILS("watchlists: [a.yaml, ./a.yaml]\n", "/etc/sw/t.yaml:1:22: "
	    "watchlist '/etc/sw/a.yaml' is listed twice");
	LOAD_FAILS("watchlists: w\nWatchlists: w\n",
	    "/etc/sw/t.yaml:2:1: unknown key 'Watchlists'");
	LOAD_FAILS("watchlists: w\nwatchlists: v\n",
	    "/etc/sw/t.yaml:2:1: duplicate key 'watchlists' (first at 1:1)");
	LOAD_FAILS("watchlists: w\nhttp: 5\n",
	    "/etc/sw/t.yaml:2:7: expected a mapping");
	LOAD_FAILS("watchlists: w\nsources: {id: a}\n",
	    "/etc/sw/t.yaml:2:10: expected a list of sources");
	LOAD_FAILS("watchlists: w\nsources: [a]\n",
	    "/etc/sw/t.yaml:2:11: expected a mapping");
	LOAD_FAILS("watchlists: w\nsources:\n  - id: a\n",
	    "/etc/sw/t.yaml:3:5: missing required key 'url'");
	LOAD_FAILS("watchlists: w\nsources:\n  - id: a\n    url: http://a/\n"
	    "    headers: [a]\n", "/etc/sw/t.yaml:5:14: expected a mapping of "
	    "header names to values");
	LOAD_FAILS("watchlists: w\nsources:\n  - id: a\n    url: http://a/\n"
	    "    headers: {Accept: a, accept: b}\n",
	    "/etc/sw/t.yaml:5:26: duplicate header 'accept'");
	LOAD_FAILS("watchlists: w\nsources:\n  - id: a\n    url: http://a/\n"
	    "    headers: {X-A: [1]}\n",
	    "/etc/sw/t.yaml:5:20: expected a string");
	LOAD_FAILS("watchlists: w\nsources:\n  - id: ''\n    url: http://a/\n",
	    "/etc/sw/t.yaml:3:9: invalid source id '' (use a-z, 0-9, '.', '_' "
	    "and '-')");
	LOAD_FAILS("watchlists: w\nhttp:\n  user_agent: \"a\\r\\nX: y\"\n",
	    "/etc/sw/t.yaml:3:15: user_agent must be non-empty, without "
	    "control characters");
	LOAD_FAILS("watchlists: w\nsources: &s []\n", "/etc/sw/t.yaml:2:10: "
	    "YAML anchors and aliases are not allowed");
	LOAD_FAILS("watchlists: [w\n", "/etc/sw/t.yaml:2:1: did not find "
	    "expected ',' or ']' (while parsing a flow sequence at 1:13)");
}

static void
test_null_sections(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;

	cfg = load("watchlists: w\nhttp:\nmatching: ~\ndefaults:\nsources:\n",
	    &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(cfg != NULL)) {
		CHECK_INT(cfg->nsources, 0);
		CHECK_INT(cfg->http.max_connections, 32);
	}
	config_free(cfg);
	diag_free(&d);
}

/* One row of the URL table. */
struct url_case {
	const char	*url;
	const char	*error;		/* NULL: valid */
};

static void
test_urls(void)
{
	static const struct url_case cases[] = {
		{ "http://example.org", NULL },
		{ "https://example.org/", NULL },
		{ "HTTPS://Example.org/a?b#c", NULL },
		{ "http://user:pw@example.org:8080/x", NULL },
		{ "http://[::1]:8080/", NULL },
		{ "http://127.0.0.1/feed", NULL },
		{ "ftp://example.org/", "URL must start with http:// or "
		    "https://" },
		{ "example.org", "URL must start with http:// or https://" },
		{ "https://", "URL has no host" },
		{ "https:///path", "URL has no host" },
		{ "https://user@/x", "URL has no host" },
		{ "https://:80/", "URL has no host" },
		{ "http://[]/", "URL has no host" },
		{ "http://[::1/", "URL has an unterminated IPv6 address" },
		{ "http://a:/", "URL has an invalid port" },
		{ "http://a:8x/", "URL has an invalid port" },
		{ "http://a b/", "URL must not contain spaces or control "
		    "characters" },
		{ "http://a/\tb", "URL must not contain spaces or control "
		    "characters" },
	};
	struct diag	 d = { 0 };
	struct config	*cfg;
	char		*body, *want;
	size_t		 i;

	for (i = 0; i < nitems(cases); i++) {
		body = xasprintf("watchlists: w\nsources:\n  - id: a\n"
		    "    url: \"%s\"\n", cases[i].url);
		cfg = load(body, &d);
		if (cases[i].error == NULL) {
			if (!CHECK(cfg != NULL && diag_count(&d) == 0))
				printf("#   for %s\n", cases[i].url);
		} else {
			want = xasprintf("/etc/sw/t.yaml:4:10: %s",
			    cases[i].error);
			CHECK(cfg == NULL);
			if (CHECK_INT(diag_count(&d), 1))
				CHECK_STR(d.msgs.v[0], want);
			free(want);
		}
		config_free(cfg);
		diag_free(&d);
		free(body);
	}
}

/* One row of the socket_mode table. */
struct mode_case {
	const char	*text;
	int		 mode;		/* -1: an error */
};

static void
test_socket_mode(void)
{
	static const struct mode_case cases[] = {
		{ "\"0660\"", 0660 },
		{ "0660", 0660 },
		{ "'0600'", 0600 },
		{ "660", 0660 },
		{ "0777", 0777 },
		{ "0", 0 },
		{ "\"0o660\"", -1 },
		{ "0800", -1 },
		{ "01777", -1 },
		{ "-0660", -1 },
		{ "\"\"", -1 },
		{ "~", -1 },
		{ "[0660]", -1 },
		{ "0x1b0", -1 },
	};
	struct diag	 d = { 0 };
	struct config	*cfg;
	char		*body;
	size_t		 i;

	for (i = 0; i < nitems(cases); i++) {
		body = xasprintf("watchlists: w\nsocket_mode: %s\n",
		    cases[i].text);
		cfg = load(body, &d);
		if (cases[i].mode == -1) {
			CHECK(cfg == NULL);
			if (CHECK_INT(diag_count(&d), 1))
				CHECK_STR(d.msgs.v[0], "/etc/sw/t.yaml:2:14: "
				    "expected an octal mode such as \"0660\"");
		} else if (CHECK(cfg != NULL))
			CHECK_INT(cfg->socket_mode, cases[i].mode);
		config_free(cfg);
		diag_free(&d);
		free(body);
	}
}

static void
test_round_trip_strings(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;
	const char	*body =
	    "watchlists: [\"/srv/with space/w.yaml\", \"/srv/qu\\\"ote.yaml\","
	    " \"/srv/back\\\\slash.yaml\", \"/srv/\\u00e9t\\u00e9.yaml\","
	    " \"/srv/\\x85nel\\u2028ls\\ufeff\\x9f.yaml\"]\n"
	    "database: \"#not-a-comment.db\"\n"
	    "socket: \"/run/a: b.sock\"\n"
	    "socket_mode: 0600\n"
	    "log_level: WARNING\n"
	    "http:\n  user_agent: \"x y 'z' \\u0416\"\n"
	    "  connect_timeout: 90000ms\n  timeout: 1d\n"
	    "  max_body: 1536KiB\n  max_connections: 65535\n"
	    "  max_per_host: 65535\n"
	    "matching:\n  min_score: 0.1\n  snippet_chars: 0\n"
	    "defaults:\n  interval: 100ms\n"
	    "sources:\n  - id: a.b_c-d\n    url: http://x/?q=a%20b\n"
	    "    interval: 25h\n    format: atom\n"
	    "    headers: {\"X-Weird\": \"tab\\there: \\\"q\\\" #x\", "
	    "Empty: ''}\n";

	cfg = load(body, &d);
	CHECK_INT(diag_count(&d), 0);
	diag_print(&d, stdout);
	if (CHECK(cfg != NULL)) {
		CHECK_STR(cfg->watchlists.v[1], "/srv/qu\"ote.yaml");
		CHECK_STR(cfg->watchlists.v[3], "/srv/\xc3\xa9t\xc3\xa9.yaml");
		CHECK_STR(cfg->database, "/etc/sw/#not-a-comment.db");
		CHECK_INT(cfg->log_level, LOG_LVL_WARNING);
		CHECK_INT(cfg->http.connect_timeout_ms, 90000);
		CHECK_INT(cfg->sources[0].interval_ms, 25 * 3600 * 1000);
		CHECK_STR(cfg->sources[0].headers[1].value, "");
		round_trip(cfg, __LINE__);
	}
	config_free(cfg);
	diag_free(&d);
}

static void
test_print_canonical(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;
	char		*text;

	cfg = load("watchlists: /w.yaml\nhttp:\n  connect_timeout: 120s\n"
	    "  timeout: 1500ms\n  max_body: 2048KiB\n"
	    "matching:\n  min_score: 0.80\n"
	    "sources:\n  - id: s\n    url: http://s/\n", &d);
	if (!CHECK(cfg != NULL))
		return;
	text = print_config(cfg);
	CHECK_STR(text,
	    "watchlists:\n"
	    "  - \"/w.yaml\"\n"
	    "database: \"/var/lib/sanctwatch/alerts.db\"\n"
	    "socket: \"/run/sanctwatch/alerts.sock\"\n"
	    "socket_mode: \"0660\"\n"
	    "log_level: info\n"
	    "http:\n"
	    "  user_agent: \"sanctwatch/" SANCTWATCH_VERSION
	    " (+https://sanctwatch.invalid/contact)\"\n"
	    "  connect_timeout: 2m\n"
	    "  timeout: 1500ms\n"
	    "  max_body: 2MiB\n"
	    "  max_connections: 32\n"
	    "  max_per_host: 2\n"
	    "matching:\n"
	    "  min_score: 0.8\n"
	    "  snippet_chars: 200\n"
	    "retention:\n"
	    "  documents: 90d\n"
	    "  texts: 3d\n"
	    "defaults:\n"
	    "  interval: 15m\n"
	    "polling:\n"
	    "  max_delay: 1d\n"
	    "  backoff_max: 6h\n"
	    "  unconditional: 12h\n"
	    "  host_spacing: 0ms\n"
	    "  item_retention: 7d\n"
	    "  max_links: 10000\n"
	    "sources:\n"
	    "  - id: \"s\"\n"
	    "    url: \"http://s/\"\n"
	    "    format: auto\n"
	    "    interval: 15m\n"
	    "delivery:\n"
	    "  retry_base: 30s\n"
	    "  retry_max: 1h\n"
	    "  give_up: 2d\n"
	    "  keep: 30d\n"
	    "deliver: []\n");
	free(text);
	config_free(cfg);
	diag_free(&d);
}

/* allow_private: true, false, or addresses and CIDR blocks. */
static void
test_private_nets(void)
{
	struct diag		 d = { 0 };
	struct config		*cfg;
	const struct source_cfg	*s;
	struct config_net	 n;
	unsigned char		 a[16];

	cfg = load("watchlists: w\nsources:\n  - id: a\n    url: http://a/\n"
	    "    allow_private: [127.0.0.1, 10.1.0.0/16, \"fd00::/8\"]\n"
	    "  - id: b\n    url: http://b/\n    allow_private: false\n", &d);
	diag_print(&d, stdout);
	if (CHECK(cfg != NULL)) {
		s = &cfg->sources[0];
		CHECK_INT(s->allow_private, 0);
		CHECK_INT(s->private_nets.n, 3);
		CHECK_STR(s->private_nets.v[1], "10.1.0.0/16");
		CHECK_INT(cfg->sources[1].private_nets.n, 0);
		round_trip(cfg, __LINE__);
	}
	config_free(cfg);
	diag_free(&d);
	cfg = load("watchlists: w\nsources:\n  - id: a\n    url: http://a/\n"
	    "    allow_private: [localhost, 10.0.0.0/33, 1.2.3.4/x]\n"
	    "  - id: b\n    url: http://b/\n    allow_private: []\n", &d);
	CHECK(cfg == NULL);
	CHECK_INT(diag_count(&d), 4);
	config_free(cfg);
	diag_free(&d);

	CHECK_INT(config_net_parse("10.1.2.3/16", &n), 0);
	CHECK_INT(n.bits, 16);
	CHECK(inet_pton(AF_INET, "10.1.200.9", a) == 1);
	CHECK(config_net_match(&n, AF_INET, a));
	CHECK(inet_pton(AF_INET, "10.2.0.1", a) == 1);
	CHECK(!config_net_match(&n, AF_INET, a));
	CHECK_INT(config_net_parse("127.0.0.1", &n), 0);
	CHECK(inet_pton(AF_INET, "127.0.0.2", a) == 1);
	CHECK(!config_net_match(&n, AF_INET, a));
	CHECK(inet_pton(AF_INET6, "::ffff:127.0.0.1", a) == 1);
	CHECK(!config_net_match(&n, AF_INET6, a));	/* another family */
	CHECK_INT(config_net_parse("fe80::/10", &n), 0);
	CHECK(inet_pton(AF_INET6, "febf::1", a) == 1);
	CHECK(config_net_match(&n, AF_INET6, a));
	CHECK(inet_pton(AF_INET6, "fec0::1", a) == 1);
	CHECK(!config_net_match(&n, AF_INET6, a));
	CHECK_INT(config_net_parse("0.0.0.0/0", &n), 0);
	CHECK(inet_pton(AF_INET, "8.8.8.8", a) == 1);
	CHECK(config_net_match(&n, AF_INET, a));
	CHECK_INT(config_net_parse("::1/129", &n), -1);
	CHECK_INT(config_net_parse("1.2.3.4/", &n), -1);
	CHECK_INT(config_net_parse("", &n), -1);
}

static void
test_polling_keys(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;
	const struct source_cfg *s;

	cfg = load("watchlists: w\npolling:\n  max_delay: 2d\n"
	    "  backoff_max: 1h\n  unconditional: 6h\n  host_spacing: 0ms\n"
	    "  item_retention: 30d\n"
	    "sources:\n  - id: a\n    url: http://a/\n"
	    "    proxy: \"http://proxy:3128\"\n    tls_verify: false\n"
	    "    allow_private: true\n    fetch_links: true\n"
	    "    charset: windows-1251\n"
	    "    json: {items: data.articles, id: id, title: headline,"
	    " link: url, text: body.0.text, date: published}\n"
	    "  - id: b\n    url: https://b/\n    proxy: \"\"\n", &d);
	CHECK_INT(diag_count(&d), 0);
	diag_print(&d, stdout);
	if (CHECK(cfg != NULL)) {
		CHECK_INT(cfg->polling.max_delay_ms, 2 * 86400000);
		CHECK_INT(cfg->polling.backoff_max_ms, 3600000);
		CHECK_INT(cfg->polling.unconditional_ms, 6 * 3600000);
		CHECK_INT(cfg->polling.host_spacing_ms, 0);
		CHECK_INT(cfg->polling.item_retention_ms, 30ll * 86400000);
		s = &cfg->sources[0];
		CHECK_STR(s->proxy, "http://proxy:3128");
		CHECK_INT(s->tls_noverify, 1);
		CHECK_INT(s->allow_private, 1);
		CHECK_INT(s->fetch_links, 1);
		CHECK_STR(s->charset, "windows-1251");
		CHECK_STR(s->json.items, "data.articles");
		CHECK_STR(s->json.text, "body.0.text");
		CHECK_STR(s->json.date, "published");
		s = &cfg->sources[1];
		CHECK_STR(s->proxy, "");
		CHECK_INT(s->tls_noverify, 0);
		CHECK(s->json.items == NULL && s->charset == NULL);
		round_trip(cfg, __LINE__);
	}
	config_free(cfg);
	diag_free(&d);
	cfg = load("watchlists: w\npolling: {host_spacing: 5, backoff_max: 1ms}\n"
	    "sources:\n  - id: a\n    url: http://a/\n    tls_verify: nope\n"
	    "    charset: \"a b\"\n    json: {items: a..b, other: x}\n", &d);
	CHECK(cfg == NULL);
	EXPECT_DIAG(&d,
	    "/etc/sw/t.yaml:2:25: duration '5' needs a unit: ms, s, m, h or d",
	    "/etc/sw/t.yaml:2:41: must be at least 100ms",
	    "/etc/sw/t.yaml:6:17: expected true or false",
	    "/etc/sw/t.yaml:7:14: invalid charset name 'a b'",
	    "/etc/sw/t.yaml:8:19: invalid JSON path 'a..b' (names separated "
	    "by dots)",
	    "/etc/sw/t.yaml:8:25: unknown key 'other'");
	diag_free(&d);
}

/* retention.texts: a duration, 0s keeps none, less than 1s is refused. */
static void
test_retention_keys(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;
	char		*text;

	cfg = load("watchlists: w\nretention:\n  documents: 30d\n"
	    "  texts: 36h\n", &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(cfg != NULL)) {
		CHECK_INT(cfg->document_retention_ms, 30ll * 86400000);
		CHECK_INT(cfg->text_retention_ms, 36ll * 3600000);
		text = print_config(cfg);
		CHECK(strstr(text, "retention:\n  documents: 30d\n"
		    "  texts: 36h\n") != NULL);
		free(text);
		round_trip(cfg, __LINE__);
	}
	config_free(cfg);
	diag_free(&d);
	cfg = load("watchlists: w\nretention: {texts: 0s}\n", &d);
	CHECK_INT(diag_count(&d), 0);
	if (CHECK(cfg != NULL)) {
		CHECK_INT(cfg->text_retention_ms, 0);
		round_trip(cfg, __LINE__);
	}
	config_free(cfg);
	diag_free(&d);
	cfg = load("watchlists: w\nretention:\n  texts: 500ms\n"
	    "  other: 1d\n", &d);
	CHECK(cfg == NULL);
	EXPECT_DIAG(&d,
	    "/etc/sw/t.yaml:3:10: must be 0s (keep none) or at least 1s",
	    "/etc/sw/t.yaml:4:3: unknown key 'other'");
	diag_free(&d);
	LOAD_FAILS("watchlists: w\nretention: {texts: 3}\n",
	    "/etc/sw/t.yaml:2:20: duration '3' needs a unit: ms, s, m, h or d");
	LOAD_FAILS("watchlists: w\nretention: {texts: [1d]}\n",
	    "/etc/sw/t.yaml:2:20: expected a duration such as 500ms, 30s, 5m, "
	    "2h or 1d");
}

static void
test_load_errors(void)
{
	struct diag	 d = { 0 };

	CHECK(config_load(FIX "nonexistent.yaml", &d) == NULL);
	EXPECT_DIAG(&d, FIX "nonexistent.yaml: No such file or directory");
	diag_free(&d);
}

static void
test_format_names(void)
{
	CHECK_STR(config_format_name(FORMAT_AUTO), "auto");
	CHECK_STR(config_format_name(FORMAT_TEXT), "text");
	CHECK_STR(config_format_name(FORMAT_HTML), "html");
	CHECK_STR(config_format_name(FORMAT_RSS), "rss");
	CHECK_STR(config_format_name(FORMAT_ATOM), "atom");
	CHECK_STR(config_format_name(FORMAT_JSON), "json");
	CHECK_STR(config_format_name((enum source_format)99), "?");
}

/* The range a row allows, as docs/configuration.md gives it ("" if any). */
static void
docs_range(const struct config_entry *e, char *buf, size_t len)
{
	char	 min[32];

	ytree_fmt_duration(min, sizeof min, e->min);
	*buf = '\0';
	if (e->type == CONFIG_UINT || e->type == CONFIG_DOUBLE)
		snprintf(buf, len, "%llu to %llu", (unsigned long long)e->min,
		    (unsigned long long)e->max);
	else if (e->type == CONFIG_DURATION && (e->flags & CONFIG_ZERO))
		snprintf(buf, len, "0s, or at least %s", min);
	else if (e->type == CONFIG_DURATION && e->min > 0)
		snprintf(buf, len, "at least %s", min);
	else if (e->type == CONFIG_SIZE && e->min > 0)
		snprintf(buf, len, "at least %llu byte%s",
		    (unsigned long long)e->min, e->min == 1 ? "" : "s");
	else if (e->type == CONFIG_MODE)
		snprintf(buf, len, "at most %04llo", (unsigned long long)e->max);
	else if (e->flags & CONFIG_NONEMPTY)
		snprintf(buf, len, "non-empty");
}

/* Check the docs' line of a row: "| `name` | type | `default` | range |". */
static void
docs_row(const char *docs, const char *prefix, const struct config_entry *e)
{
	const char	*line, *end;
	char		*want, *row, def[128], range[64];

	want = xasprintf("| `%s%s` | %s |", prefix, e->name,
	    config_type_name(e->type));
	if ((line = strstr(docs, want)) == NULL) {
		CHECK_STR("(missing)", want);
		free(want);
		return;
	}
	end = strchr(line, '\n');
	row = xstrndup(line, end != NULL ? (size_t)(end - line) : strlen(line));
	free(want);
	if (config_print_default(e, def, sizeof def) == 0) {
		want = xasprintf("| `%s` |", def);
		if (!CHECK(strstr(row, want) != NULL))
			printf("#   %s lacks %s\n", row, want);
		free(want);
	}
	docs_range(e, range, sizeof range);
	want = xasprintf(" | %s%s|", range, *range != '\0' ? " " : "");
	if (!CHECK(strstr(row, want) != NULL))
		printf("#   %s lacks range '%s'\n", row, range);
	free(want);
	free(row);
}

/* docs/configuration.md lists every row of the tables, so it cannot drift. */
static void
test_docs_keys(void)
{
	const struct config_entry	*e;
	struct diag			 d = { 0 };
	char				*docs;
	size_t				 len;

	docs = ytree_read_file("docs/configuration.md", &len, &d);
	if (!CHECK(docs != NULL)) {
		diag_print(&d, stdout);
		diag_free(&d);
		return;
	}
	for (e = config_table; e->name != NULL; e++) {
		CHECK(e->help != NULL && *e->help != '\0');
		docs_row(docs, "", e);
	}
	for (e = config_source_table; e->name != NULL; e++) {
		CHECK(e->help != NULL && *e->help != '\0');
		docs_row(docs, "sources[].", e);
	}
	for (e = config_deliver_table; e->name != NULL; e++) {
		CHECK(e->help != NULL && *e->help != '\0');
		docs_row(docs, "deliver[].", e);
	}
	free(docs);
}

/* deliver: targets, their filters, and the secret kept out of -n -v. */
static void
test_deliver_keys(void)
{
	struct diag		 d = { 0 };
	struct config		*cfg;
	const struct deliver_cfg *t;
	char			*text;

	cfg = load("watchlists: w\ndelivery:\n  retry_base: 50ms\n"
	    "deliver:\n"
	    "  - id: soc\n    webhook: https://hooks.example.org/x\n"
	    "    secret: \"s3cr3t-value\"\n    min_score: 0.9\n"
	    "    kinds: [entity]\n    severities: [high, low]\n"
	    "    programs: [SDGT]\n    format: slack\n"
	    "  - id: desk\n    command: [\"/bin/cat\", \"-u\"]\n"
	    "    template: \"Subject: {{entity.name}}\\n\\n{{snippet}}\"\n"
	    "    timeout: 2s\n    concurrency: 1\n", &d);
	diag_print(&d, stdout);
	if (!CHECK(cfg != NULL))
		return;
	CHECK_INT(cfg->delivery.retry_base_ms, 50);
	CHECK_INT(cfg->delivery.give_up_ms, 2 * 24 * 3600 * 1000ULL);
	CHECK_INT(cfg->ndeliver, 2);
	t = &cfg->deliver[0];
	CHECK_STR(t->id, "soc");
	CHECK_STR(t->webhook, "https://hooks.example.org/x");
	CHECK_STR(t->secret, "s3cr3t-value");
	CHECK(t->min_score == 0.9);
	CHECK_INT(t->kinds, 1 << PARTY_ENTITY);
	CHECK_INT(t->severities, (1 << SEVERITY_HIGH) | (1 << SEVERITY_LOW));
	CHECK_INT(t->programs.n, 1);
	CHECK_INT(t->format, DELIVER_SLACK);
	CHECK_INT(t->command.n, 0);
	t = &cfg->deliver[1];
	CHECK_INT(t->command.n, 2);
	CHECK_STR(t->command.v[0], "/bin/cat");
	CHECK_STR(t->template, "Subject: {{entity.name}}\n\n{{snippet}}");
	CHECK_INT(t->timeout_ms, 2000);
	CHECK_INT(t->concurrency, 1);
	CHECK(t->webhook == NULL);
	text = print_config(cfg);
	CHECK(strstr(text, "s3cr3t") == NULL);
	CHECK(strstr(text, "# secret: (set, not shown)") != NULL);
	CHECK(strstr(text, "      - high\n      - low\n") != NULL);
	free(text);
	/* The secret is not printed, so the round trip is without it. */
	free(cfg->deliver[0].secret);
	cfg->deliver[0].secret = NULL;
	round_trip(cfg, __LINE__);
	config_free(cfg);
	diag_free(&d);
}

/* A target's errors are located at the key or the target. */
static void
test_deliver_errors(void)
{
	LOAD_FAILS("watchlists: w\ndeliver:\n  - webhook: http://h/\n",
	    "/etc/sw/t.yaml:3:5: missing required key 'id'");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    webhook: http://h/\n    command: [/bin/cat]\n",
	    "/etc/sw/t.yaml:3:5: delivery target 'x': give either webhook "
	    "or command, not both");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n",
	    "/etc/sw/t.yaml:3:5: delivery target 'x': give a webhook or a "
	    "command");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    webhook: ftp://h/\n",
	    "/etc/sw/t.yaml:4:14: URL must start with http:// or https://");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    command: [/nonexistent/sendmail, -t]\n",
	    "/etc/sw/t.yaml:4:14: command '/nonexistent/sendmail' is missing "
	    "or not executable");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    command: /bin/cat\n",
	    "/etc/sw/t.yaml:4:14: expected a list: the program and its "
	    "arguments, such as [\"/usr/sbin/sendmail\", \"-t\"]");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    command: [/bin/cat]\n    kinds: [person]\n",
	    "/etc/sw/t.yaml:5:12: unknown kinds 'person'");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    command: [/bin/cat]\n  - id: x\n    command: [/bin/cat]\n",
	    "/etc/sw/t.yaml:5:9: duplicate delivery target id 'x' (first at "
	    "/etc/sw/t.yaml:3)");
	LOAD_FAILS("watchlists: w\ndeliver:\n  - id: x\n"
	    "    command: [/bin/cat]\n    secret: k\n",
	    "/etc/sw/t.yaml:3:5: delivery target 'x': secret is for "
	    "webhooks; a command gets no signature");
}

/* cluster: one URL or a list, the defaults, names NATS can carry. */
static void
test_cluster_keys(void)
{
	struct diag	 d = { 0 };
	struct config	*cfg;
	char		*text;

	cfg = load("watchlists: w\n", &d);
	if (CHECK(cfg != NULL)) {
		CHECK_INT(cfg->cluster.nats.n, 0);
		CHECK_STR(cfg->cluster.name, "sanctwatch");
		CHECK(cfg->cluster.node == NULL);
		CHECK_INT(cfg->cluster.lease_ttl_ms, 30000);
		text = print_config(cfg);
		CHECK(strstr(text, "cluster") == NULL);
		free(text);
	}
	config_free(cfg);
	cfg = load("watchlists: w\ncluster:\n  nats: nats://127.0.0.1:4222\n"
	    "  node: n-1\n  name: desk_A\n  lease_ttl: 3s\n", &d);
	diag_print(&d, stdout);
	if (CHECK(cfg != NULL)) {
		CHECK_INT(cfg->cluster.nats.n, 1);
		CHECK_STR(cfg->cluster.nats.v[0], "nats://127.0.0.1:4222");
		CHECK_STR(cfg->cluster.node, "n-1");
		CHECK_STR(cfg->cluster.name, "desk_A");
		CHECK_INT(cfg->cluster.lease_ttl_ms, 3000);
	}
	config_free(cfg);
	cfg = load("watchlists: w\ncluster:\n  nats: [nats://a:4222, "
	    "nats://b:4222]\n", &d);
	if (CHECK(cfg != NULL))
		CHECK_INT(cfg->cluster.nats.n, 2);
	config_free(cfg);
	diag_free(&d);
	LOAD_FAILS("watchlists: w\ncluster:\n  name: a.b\n",
	    "/etc/sw/t.yaml:1:1: cluster.name 'a.b': only letters, digits, '-' and "
	    "'_' are allowed");
	LOAD_FAILS("watchlists: w\ncluster:\n  lease_ttl: 10ms\n",
	    "/etc/sw/t.yaml:3:14: must be at least 1s");
}

UNIT_SUITE(config,
	{ "shipped-example", test_shipped_example },
	{ "missing-watchlist", test_missing_watchlist },
	{ "defaults", test_defaults },
	{ "good-file", test_good_file },
	{ "relative-paths", test_relative_paths },
	{ "bad-file-all-errors", test_bad_file_all_errors },
	{ "duplicate-source", test_duplicate_source },
	{ "structure-errors", test_structure_errors },
	{ "null-sections", test_null_sections },
	{ "urls", test_urls },
	{ "socket-mode", test_socket_mode },
	{ "round-trip-strings", test_round_trip_strings },
	{ "print-canonical", test_print_canonical },
	{ "load-errors", test_load_errors },
	{ "polling-keys", test_polling_keys },
	{ "private-nets", test_private_nets },
	{ "retention-keys", test_retention_keys },
	{ "format-names", test_format_names },
	{ "docs-keys", test_docs_keys },
	{ "deliver-keys", test_deliver_keys },
	{ "deliver-errors", test_deliver_errors },
	{ "cluster-keys", test_cluster_keys },
)
