/*
 * config-table: the keys of sanctwatch.yaml, one row each (as tmux's
 * options-table.c): config_table for the file, config_source_table for each
 * entry of sources.  A row gives the key's dotted name, its type, its field,
 * range, default and a line of help; config.c parses and checks by them,
 * config-print.c prints by them, and a unit test checks that
 * docs/configuration.md lists every row.  Adding a key is a row here and a
 * field in core.h.
 *
 * Rows print in table order, so a section's rows are adjacent; a CONFIG_IFSET
 * row is left out of -n -v while it holds its default.  Durations are in
 * milliseconds, sizes in bytes; max 0 is no maximum.
 */
#include <stddef.h>

#include "core/core.h"

#define CONFIG_DEFAULT_UA	"sanctwatch/" SANCTWATCH_VERSION \
				" (+https://sanctwatch.invalid/contact)"
#define CONFIG_SEC		1000ULL		/* ms */
#define CONFIG_MIN		(60 * CONFIG_SEC)
#define CONFIG_HOUR		(60 * CONFIG_MIN)
#define CONFIG_DAY		(24 * CONFIG_HOUR)
#define CONFIG_MIN_INTERVAL	100		/* ms */
#define CONFIG_MAX_CONNECTIONS	65535
#define CONFIG_MAX_SNIPPET	65536

/* A row's field: its offset and size in struct config or source_cfg. */
#define CONFIG_FIELD(f)		.off = offsetof(struct config, f), \
				.size = sizeof ((struct config *)0)->f
#define SOURCE_FIELD(f)		.off = offsetof(struct source_cfg, f), \
				.size = sizeof ((struct source_cfg *)0)->f

const struct config_entry config_table[] = {
	{ .name = "watchlists", .type = CONFIG_PATHS,
	  CONFIG_FIELD(watchlists), .flags = CONFIG_REQUIRED,
	  .help = "watchlist files, merged" },
	{ .name = "database", .type = CONFIG_PATH, CONFIG_FIELD(database),
	  .def_str = "/var/lib/sanctwatch/alerts.db",
	  .help = "the SQLite file" },
	{ .name = "socket", .type = CONFIG_PATH, CONFIG_FIELD(socket),
	  .def_str = "/run/sanctwatch/alerts.sock",
	  .help = "the Unix socket subscribers connect to" },
	{ .name = "socket_mode", .type = CONFIG_MODE,
	  CONFIG_FIELD(socket_mode), .max = 0777, .def = 0660,
	  .help = "permissions of the socket file" },
	{ .name = "clients.max", .type = CONFIG_UINT, CONFIG_FIELD(clients.max),
	  .min = 1, .max = CONFIG_MAX_CONNECTIONS, .def = 256,
	  .flags = CONFIG_IFSET, .help = "socket clients connected at once; more are refused" },
	{ .name = "clients.max_memory", .type = CONFIG_SIZE,
	  CONFIG_FIELD(clients.max_memory), .min = 1024 * 1024,
	  .def = 64 * 1024 * 1024, .flags = CONFIG_IFSET,
	  .help = "bytes queued for all clients; past it they catch up later" },
	{ .name = "reload_timeout", .type = CONFIG_DURATION,
	  CONFIG_FIELD(reload_timeout_ms), .min = 100, .def = CONFIG_MIN,
	  .flags = CONFIG_IFSET,
	  .help = "a reload still reading its files then is given up" },
	{ .name = "log_level", .type = CONFIG_LOG_LEVEL,
	  CONFIG_FIELD(log_level), .def = LOG_LVL_INFO,
	  .help = "debug, info, notice, warning or error" },
	{ .name = "http.user_agent", .type = CONFIG_STRING,
	  CONFIG_FIELD(http.user_agent), .flags = CONFIG_NONEMPTY,
	  .def_str = CONFIG_DEFAULT_UA, .help = "sent with every request" },
	{ .name = "http.connect_timeout", .type = CONFIG_DURATION,
	  CONFIG_FIELD(http.connect_timeout_ms), .min = 1,
	  .def = 10 * CONFIG_SEC, .help = "to connect to a server" },
	{ .name = "http.timeout", .type = CONFIG_DURATION,
	  CONFIG_FIELD(http.timeout_ms), .min = 1, .def = 30 * CONFIG_SEC,
	  .help = "for a whole transfer" },
	{ .name = "http.max_body", .type = CONFIG_SIZE,
	  CONFIG_FIELD(http.max_body), .min = 1, .def = 16 * 1024 * 1024,
	  .help = "decoded bytes of a body" },
	{ .name = "http.max_connections", .type = CONFIG_UINT,
	  CONFIG_FIELD(http.max_connections), .min = 1,
	  .max = CONFIG_MAX_CONNECTIONS, .def = 32,
	  .help = "transfers at once" },
	{ .name = "http.max_per_host", .type = CONFIG_UINT,
	  CONFIG_FIELD(http.max_per_host), .min = 1,
	  .max = CONFIG_MAX_CONNECTIONS, .def = 2,
	  .help = "transfers at once to one host" },
	{ .name = "matching.min_score", .type = CONFIG_DOUBLE,
	  CONFIG_FIELD(min_score), .min = 0, .max = 1, .def_str = "0.8",
	  .help = "alerts scoring below are not raised" },
	{ .name = "matching.snippet_chars", .type = CONFIG_UINT,
	  CONFIG_FIELD(snippet_chars), .max = CONFIG_MAX_SNIPPET, .def = 200,
	  .help = "bytes of context around a match" },
	{ .name = "retention.documents", .type = CONFIG_DURATION,
	  CONFIG_FIELD(document_retention_ms), .def = 90 * CONFIG_DAY,
	  .help = "forget documents unseen this long; 0s never" },
	{ .name = "retention.texts", .type = CONFIG_DURATION,
	  CONFIG_FIELD(text_retention_ms), .min = CONFIG_SEC,
	  .flags = CONFIG_ZERO, .def = 3 * CONFIG_DAY,
	  .help = "keep texts to rescan this long; 0s keeps none" },
	{ .name = "defaults.interval", .type = CONFIG_DURATION,
	  CONFIG_FIELD(default_interval_ms), .min = CONFIG_MIN_INTERVAL,
	  .def = 15 * CONFIG_MIN, .help = "of sources without their own" },
	{ .name = "polling.max_delay", .type = CONFIG_DURATION,
	  CONFIG_FIELD(polling.max_delay_ms), .min = CONFIG_SEC,
	  .def = CONFIG_DAY, .help = "the most a server's hint delays a poll" },
	{ .name = "polling.backoff_max", .type = CONFIG_DURATION,
	  CONFIG_FIELD(polling.backoff_max_ms), .min = CONFIG_MIN_INTERVAL,
	  .def = 6 * CONFIG_HOUR, .help = "the longest backoff after errors" },
	{ .name = "polling.unconditional", .type = CONFIG_DURATION,
	  CONFIG_FIELD(polling.unconditional_ms), .min = CONFIG_MIN_INTERVAL,
	  .def = 12 * CONFIG_HOUR,
	  .help = "a GET without validators at least this often" },
	{ .name = "polling.host_spacing", .type = CONFIG_DURATION,
	  CONFIG_FIELD(polling.host_spacing_ms), .def = 0,
	  .help = "between two requests to one host; 0ms none" },
	{ .name = "polling.item_retention", .type = CONFIG_DURATION,
	  CONFIG_FIELD(polling.item_retention_ms), .min = CONFIG_SEC,
	  .def = 7 * CONFIG_DAY,
	  .help = "how long gone feed items are remembered" },
	{ .name = "sources", .type = CONFIG_SOURCES, CONFIG_FIELD(sources),
	  .help = "the sources to poll" },
	{ .name = NULL },
};

const struct config_entry config_source_table[] = {
	{ .name = "id", .type = CONFIG_ID, SOURCE_FIELD(id),
	  .flags = CONFIG_REQUIRED, .help = "unique, [a-z0-9._-]+" },
	{ .name = "url", .type = CONFIG_URL, SOURCE_FIELD(url),
	  .flags = CONFIG_REQUIRED, .help = "http:// or https://" },
	{ .name = "format", .type = CONFIG_FORMAT, SOURCE_FIELD(format),
	  .def = FORMAT_AUTO, .help = "auto, text, html, rss, atom or json" },
	{ .name = "interval", .type = CONFIG_DURATION,
	  SOURCE_FIELD(interval_ms), .min = CONFIG_MIN_INTERVAL,
	  .help = "how often it is polled; unset: defaults.interval" },
	{ .name = "proxy", .type = CONFIG_STRING, SOURCE_FIELD(proxy),
	  .flags = CONFIG_IFSET,
	  .help = "a proxy URL; \"\" none; unset: from the environment" },
	{ .name = "tls_verify", .type = CONFIG_BOOL,
	  SOURCE_FIELD(tls_noverify), .flags = CONFIG_NOT | CONFIG_IFSET,
	  .def = 1, .help = "false turns certificate checks off" },
	{ .name = "allow_private", .type = CONFIG_BOOL,
	  SOURCE_FIELD(allow_private), .flags = CONFIG_IFSET,
	  .help = "links may lead to private addresses" },
	{ .name = "fetch_links", .type = CONFIG_BOOL,
	  SOURCE_FIELD(fetch_links), .flags = CONFIG_IFSET,
	  .help = "fetch and scan each new item's link" },
	{ .name = "charset", .type = CONFIG_TOKEN, SOURCE_FIELD(charset),
	  .flags = CONFIG_IFSET,
	  .help = "the body's charset, whatever it declares" },
	{ .name = "json.items", .type = CONFIG_JSON_PATH,
	  SOURCE_FIELD(json.items), .flags = CONFIG_IFSET,
	  .help = "path to a JSON API's array of items; unset: the root" },
	{ .name = "json.id", .type = CONFIG_JSON_PATH, SOURCE_FIELD(json.id),
	  .flags = CONFIG_IFSET, .help = "path to an item's id" },
	{ .name = "json.title", .type = CONFIG_JSON_PATH,
	  SOURCE_FIELD(json.title), .flags = CONFIG_IFSET,
	  .help = "path to an item's title" },
	{ .name = "json.link", .type = CONFIG_JSON_PATH,
	  SOURCE_FIELD(json.link), .flags = CONFIG_IFSET,
	  .help = "path to an item's link" },
	{ .name = "json.text", .type = CONFIG_JSON_PATH,
	  SOURCE_FIELD(json.text), .flags = CONFIG_IFSET,
	  .help = "path to an item's text" },
	{ .name = "json.date", .type = CONFIG_JSON_PATH,
	  SOURCE_FIELD(json.date), .flags = CONFIG_IFSET,
	  .help = "path to an item's date" },
	{ .name = "headers", .type = CONFIG_HEADERS, SOURCE_FIELD(headers),
	  .flags = CONFIG_IFSET, .help = "extra request headers" },
	{ .name = NULL },
};
