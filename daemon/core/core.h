/*
 * sanctwatch core: the text library.  YAML, config, watchlists, folding,
 * matching, extraction (HTML, feeds, charsets), alerts and the socket
 * protocol's requests; one section per file, and the file name is the
 * function prefix (config.c holds config_*).
 *
 * Data flows one way:
 *
 *   config/watchlist (YAML) -> matcher (compiled, immutable)
 *   body -> extract (charset, html, feed) -> document
 *     -> matcher (text -> hits) -> alert (hits -> records)
 *
 * Nothing here uses libevent, libcurl or SQLite (`make check` verifies the
 * built library's symbols), so sanctwatch scan, the daemon, the tests and
 * the fuzzers all run the very same code.  The daemon (sanctwatchd.h), the
 * client (client.h) and the importers (import.h) build on it.
 */
#ifndef SANCTWATCH_CORE_H
#define SANCTWATCH_CORE_H

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define SANCTWATCH_VERSION "0.1.0"

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif
#define PRINTFLIKE(a, b) __attribute__((__format__(__printf__, a, b)))
#ifndef nitems
#define nitems(a)	(sizeof (a) / sizeof (a)[0])
#endif

/* Limits on what comes from outside. */
#define YAML_MAX_FILE		(256u * 1024 * 1024)	/* one watchlist/config file */
#define YAML_MAX_DEPTH		64

/* log.c */
enum log_level {
	LOG_LVL_ERROR = 3,	/* numbers are syslog priorities */
	LOG_LVL_WARNING = 4,
	LOG_LVL_NOTICE = 5,
	LOG_LVL_INFO = 6,
	LOG_LVL_DEBUG = 7,
};
void	 log_init(int, const char *);
void	 log_setlevel(int);
int	 log_getlevel(void);
int	 log_level_parse(const char *);
const char *log_level_name(int);
void	 log_warn(const char *, ...) PRINTFLIKE(1, 2);
void	 log_warnx(const char *, ...) PRINTFLIKE(1, 2);
void	 log_notice(const char *, ...) PRINTFLIKE(1, 2);
void	 log_info(const char *, ...) PRINTFLIKE(1, 2);
void	 log_debug(const char *, ...) PRINTFLIKE(1, 2);
void	 log_cause(char **, const char *, ...) PRINTFLIKE(2, 3);
__dead void fatal(const char *, ...) PRINTFLIKE(1, 2);
__dead void fatalx(const char *, ...) PRINTFLIKE(1, 2);

/* xmalloc.c */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
#define XHUGE_PAGE	(2u * 1024 * 1024)	/* a huge page */
void	*xhugealloc(size_t);
void	 xcollapse(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) PRINTFLIKE(1, 2);
char	*xvasprintf(const char *, va_list) PRINTFLIKE(1, 0);

/* file.c: whole files read into memory, bounded. */
#define FILE_TAKE_STEP	(256 * 1024)	/* a read, for a take function */
typedef size_t	 file_take_fn(char **, size_t *, size_t *, size_t, int, void *);
char	*file_read(const char *, size_t, size_t *, char **);
char	*file_read_fd(int, size_t, size_t *, char **);
char	*file_read_take(const char *, size_t, size_t *, char **,
	    file_take_fn *, void *);
char	*file_read_fd_take(int, size_t, size_t *, char **, file_take_fn *,
	    void *);

/* strv.c: a growable, owning vector of strings. */
struct strv {
	char		**v;
	uint32_t	  n;		/* 16 bytes, not 24: an entity has six */
	uint32_t	  cap;
};
void	 strv_push(struct strv *, const char *);
void	 strv_push_owned(struct strv *, char *);
int	 strv_contains(const struct strv *, const char *);
int	 strv_equal(const struct strv *, const struct strv *);
void	 strv_copy(struct strv *, const struct strv *);
void	 strv_free(struct strv *);

/* strindex.c: an open-addressing index of borrowed strings -> indices. */
struct strindex_slot {
	char		 *key;		/* NULL: empty */
	size_t		  idx;
	size_t		  hash;
};
struct strindex {
	struct strindex_slot *slots;
	size_t		  size;		/* a power of two, or 0 */
	size_t		  used;
};
size_t		 strindex_hash(const char *);
struct strindex_slot *strindex_slot(const struct strindex *, const char *,
		    size_t);
void		 strindex_reserve(struct strindex *, size_t);
size_t		 strindex_add(struct strindex *, char *, size_t);
size_t		 strindex_find(const struct strindex *, const char *);
void		 strindex_prefetch(const struct strindex *, const char *);
void		 strindex_free(struct strindex *);

/* clock.c: the monotonic clock. */
uint64_t	 clock_usec(void);
uint64_t	 clock_ms(void);

/* date.c: publication dates as written -> ISO-8601 UTC. */
#define DATE_ISO_LEN	21		/* "YYYY-MM-DDTHH:MM:SSZ" and NUL */
int		 date_parse(const char *, time_t *);
void		 date_iso(time_t, char[DATE_ISO_LEN]);
int		 date_published(const char *, time_t, char[DATE_ISO_LEN]);

/* country.c: country names <-> ISO 3166-1 alpha-2 codes. */
#define COUNTRY_SET	11		/* words of a set of 26 * 26 codes */
#define COUNTRY_CODES	(26 * 26)	/* country_count's counts */
const char	*country_lookup(const char *);
void		 country_scan(const char *, size_t, uint64_t *);
void		 country_scan_part(const char *, size_t, size_t, uint64_t *);
void		 country_count(const char *, size_t, unsigned *);
void		 country_count_part(const char *, size_t, size_t, unsigned *);
int		 country_index(const char *);
struct token;
void		 country_tokens(const char *, size_t, const struct token *,
		    size_t, size_t, size_t, uint64_t *, unsigned *);
int		 country_set_has(const uint64_t *, const char *);
int		 country_word_maybe(const char *, size_t);

/* diag.c: errors collected with their location, reported all at once. */
struct diag {
	struct strv	  msgs;		/* "FILE:LINE:COL: message" */
};
void	 diag_add(struct diag *, const char *, size_t, size_t, const char *,
	    ...) PRINTFLIKE(5, 6);
size_t	 diag_count(const struct diag *);
void	 diag_print(const struct diag *, FILE *);
void	 diag_free(struct diag *);

/* ytree.c: a YAML document as a tree whose nodes remember where they were. */
enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};
struct ynode {
	enum ynode_type	  type;
	const char	 *file;		/* owned by the ydoc */
	size_t		  line;		/* 1-based */
	size_t		  col;		/* 1-based */
	char		 *scalar;	/* YNODE_SCALAR: NUL-terminated */
	size_t		  len;
	int		  plain;	/* unquoted scalar */
	struct ynode	**items;	/* SEQ: n items; MAP: 2n (key, value) */
	size_t		  n;
};
/* A bump allocator: a document's nodes, a watchlist's strings. */
struct yarena_chunk;
struct yarena {
	struct yarena_chunk *chunks;	/* the current one first */
	char		 *p;		/* its free space */
	size_t		  left;
	size_t		  chunk;	/* bytes a chunk; 0: 64 KiB */
};
struct ydoc {
	char		 *file;
	struct ynode	 *root;		/* NULL for an empty document */
	struct yarena	  arena;	/* holds every node */
};
/* A document read node by node (ytree_next), for files too large to hold. */
struct yreader;
/* One row of a mapping's key table: parse val into ctx. */
struct ykey {
	const char	 *name;
	int		  required;
	void		(*parse)(void *ctx, const struct ynode *val,
			    struct diag *);
	/* Optional, for ytree_map_stream: read the open val through. */
	int		(*stream)(void *ctx, struct yreader *,
			    struct ynode *val, struct diag *);
};
struct ydoc	*ytree_load_file(const char *, struct diag *);
struct ydoc	*ytree_load_mem(const char *, const void *, size_t,
		    struct diag *);
void		 ydoc_free(struct ydoc *);
void		*ytree_arena_alloc(struct yarena *, size_t);
char		*ytree_arena_strndup(struct yarena *, const char *, size_t);
void		 ytree_arena_reset(struct yarena *);
void		 ytree_arena_move(struct yarena *, struct yarena *);
void		 ytree_arena_free(struct yarena *);
struct yreader	*ytree_reader_new(const char *, const void *, size_t,
		    struct diag *);
void		 ytree_reader_free(struct yreader *);
int		 ytree_next(struct yreader *, struct yarena *, struct ynode **);
int		 ytree_rest(struct yreader *, struct yarena *, struct ynode *);
int		 ytree_skip(struct yreader *, struct ynode *);
int		 ytree_reader_end(struct yreader *);
char		*ytree_read_file(const char *, size_t *, struct diag *);
int		 ytree_null(const struct ynode *);
int		 ytree_value(const struct ynode *);
void		 ytree_error(struct diag *, const struct ynode *, const char *,
		    ...) PRINTFLIKE(3, 4);
typedef void	(*ytree_index_cb)(void *, size_t, const struct ynode *,
		    struct diag *);
void		 ytree_map(const struct ynode *, const struct ykey *, size_t,
		    void *, struct diag *);
void		 ytree_map_index(const struct ynode *, const struct ykey *,
		    size_t, ytree_index_cb, void *, struct diag *);
int		 ytree_map_stream(struct yreader *, struct yarena *,
		    struct ynode *, const struct ykey *, size_t, void *,
		    struct diag *);
const char	*ytree_str(const struct ynode *, struct diag *);
int		 ytree_string(const struct ynode *, struct diag *, char **);
int		 ytree_strlist(const struct ynode *, struct diag *,
		    struct strv *);
int		 ytree_duration(const struct ynode *, struct diag *,
		    uint64_t *);
int		 ytree_size(const struct ynode *, struct diag *, uint64_t *);
int		 ytree_double(const struct ynode *, struct diag *, double *);
int		 ytree_uint(const struct ynode *, struct diag *, uint64_t *);
int		 ytree_int_parse_duration(const char *, uint64_t *);
int		 ytree_int_parse_size(const char *, uint64_t *);
void		 ytree_fmt_duration(char *, size_t, uint64_t);
void		 ytree_fmt_size(char *, size_t, uint64_t);

/* config.c: sanctwatch.yaml. */
enum source_format {
	FORMAT_AUTO,
	FORMAT_TEXT,
	FORMAT_HTML,
	FORMAT_RSS,
	FORMAT_ATOM,
	FORMAT_JSON,
};
struct header {
	char		 *name;
	char		 *value;
};
/* Where a JSON API keeps its items and their fields: dotted paths. */
struct json_paths {
	char		 *items;	/* to the array of items; NULL: root */
	char		 *id;
	char		 *title;
	char		 *link;
	char		 *text;
	char		 *date;
	char		 *published;	/* json.published; NULL: json.date */
};
struct source_cfg {
	char		 *id;		/* [a-z0-9._-]+, unique */
	char		 *url;
	enum source_format format;
	uint64_t	  interval_ms;
	struct header	 *headers;
	size_t		  nheaders;
	size_t		  line;		/* where it was defined */
	char		 *proxy;	/* NULL: from the environment */
	int		  tls_noverify;	/* tls_verify: false */
	int		  allow_private; /* true: any private address */
	struct strv	  private_nets;	/* allow_private: [...]: these only */
	int		  fetch_links;	/* fetch each new item's link */
	char		 *charset;	/* forced body charset, or NULL */
	struct json_paths json;
};
struct http_cfg {
	char		 *user_agent;
	uint64_t	  connect_timeout_ms;
	uint64_t	  timeout_ms;
	uint64_t	  max_body;	/* decoded bytes */
	unsigned	  max_connections;
	unsigned	  max_per_host;
};
/* Bounds of the socket's clients (issue 17, item 4). */
struct client_cfg {
	unsigned	  max;		/* connected at once */
	uint64_t	  max_memory;	/* bytes queued for all of them */
};
/* Bounds of the poller's schedule, defaults filled in by config_load. */
struct poll_cfg {
	uint64_t	  max_delay_ms;	/* cap on server hints (Retry-After...) */
	uint64_t	  backoff_max_ms; /* cap on error backoff */
	uint64_t	  unconditional_ms; /* a full GET at least this often */
	uint64_t	  host_spacing_ms; /* between starts to one host */
	uint64_t	  item_retention_ms; /* seen-state of gone items */
	unsigned	  max_links;	/* item links waiting at once */
};
/* A delivery target (deliver:): a webhook or a command, and its filter. */
enum deliver_format {
	DELIVER_JSON,		/* the alert record */
	DELIVER_SLACK,		/* {"text": ...} */
};
struct deliver_cfg {
	char		 *id;		/* [a-z0-9._-]+, unique */
	char		 *webhook;	/* http(s) URL, or NULL */
	struct strv	  command;	/* argv, or empty */
	char		 *secret;	/* HMAC key, or NULL; never printed */
	enum deliver_format format;
	char		 *template;	/* {{field}} text, or NULL */
	int		  allow_private; /* the webhook may be on a private address */
	uint64_t	  timeout_ms;	/* one attempt */
	unsigned	  concurrency;	/* attempts at once */
	/* The subscribe filter (struct proto_filter). */
	double		  min_score;
	int		  kinds;	/* bits 1 << enum party_kind; 0: all */
	int		  severities;	/* bits 1 << enum severity; 0: all */
	struct strv	  entities;
	struct strv	  programs;
	struct strv	  sources;
	struct strv	  countries;
	size_t		  line;		/* where it was defined */
};
/* The NATS JetStream cluster (cluster:); no nats: no cluster. */
struct cluster_cfg {
	struct strv	  nats;		/* server URLs; empty: single node */
	char		 *name;		/* prefix of streams, buckets, subjects */
	char		 *node;		/* this node's id; NULL: the host name */
	char		 *credentials;	/* a .creds file, or NULL */
	char		 *tls_ca;	/* CA certificates file, or NULL */
	uint64_t	  lease_ttl_ms;	/* a source lease lives this long */
	uint64_t	  keep_ms;	/* the alert stream keeps alerts so long */
};
/* How delivery retries (delivery:). */
struct delivery_cfg {
	uint64_t	  retry_base_ms; /* the first retry's delay */
	uint64_t	  retry_max_ms;	/* the longest delay */
	uint64_t	  give_up_ms;	/* after this long an entry is dead */
	uint64_t	  keep_ms;	/* delivered and dead entries kept */
};
struct config {
	char		 *path;		/* the file it came from */
	struct strv	  watchlists;	/* absolute or relative to cwd */
	struct strv	  rules;	/* rules files; may be empty */
	char		 *database;
	char		 *socket;
	mode_t		  socket_mode;
	struct client_cfg clients;
	uint64_t	  reload_timeout_ms;	/* a build not done is given up */
	int		  log_level;
	struct http_cfg	  http;
	double		  min_score;
	size_t		  snippet_chars;
	uint64_t	  document_retention_ms;	/* 0: keep them all */
	uint64_t	  text_retention_ms;	/* 0: keep none, no rescans */
	uint64_t	  default_interval_ms;
	struct poll_cfg	  polling;
	struct source_cfg *sources;
	size_t		  nsources;
	struct delivery_cfg delivery;
	struct deliver_cfg *deliver;
	size_t		  ndeliver;
	struct cluster_cfg cluster;
};
/*
 * One key of sanctwatch.yaml, a row of config_table (or of
 * config_source_table for a sources[] entry): parsing, defaults, range
 * checks, -n -v and the documentation's key list all come from the rows.
 */
enum config_type {
	CONFIG_PATHS,		/* watchlists: one path or a list */
	CONFIG_PATH,		/* non-empty, relative to the config's dir */
	CONFIG_STRING,		/* no control characters */
	CONFIG_MODE,		/* octal permissions, at most max */
	CONFIG_LOG_LEVEL,
	CONFIG_DURATION,	/* milliseconds, at least min */
	CONFIG_SIZE,		/* bytes, at least min */
	CONFIG_UINT,		/* in [min, max] */
	CONFIG_DOUBLE,		/* in [min, max]; default in def_str */
	CONFIG_BOOL,
	CONFIG_FORMAT,		/* enum source_format */
	CONFIG_ID,		/* [a-z0-9._-]+ */
	CONFIG_URL,		/* http(s) with a host */
	CONFIG_TOKEN,		/* an HTTP token: a charset name */
	CONFIG_JSON_PATH,	/* names separated by dots */
	CONFIG_HEADERS,		/* a mapping of header names to values */
	CONFIG_SOURCES,		/* a list of config_source_table mappings */
	CONFIG_DELIVER,		/* a list of config_deliver_table mappings */
	CONFIG_STRINGS,		/* a list of strings */
	CONFIG_COMMAND,		/* argv: a program found now, its arguments */
	CONFIG_SECRET,		/* a string never printed */
	CONFIG_TEXT,		/* a string that may span lines */
	CONFIG_BODY,		/* enum deliver_format */
	CONFIG_KINDS,		/* a list of alert kinds -> bits */
	CONFIG_SEVERITIES,	/* a list of severities -> bits */
	CONFIG_PRIVATE,		/* true, false, or addresses and CIDRs */
};
#define CONFIG_REQUIRED	0x1	/* the key must be there */
#define CONFIG_NONEMPTY	0x2	/* a string must not be empty */
#define CONFIG_ZERO	0x4	/* 0 is allowed below min: "none" */
#define CONFIG_NOT	0x8	/* the field holds the bool negated */
#define CONFIG_IFSET	0x10	/* printed only if not the default */
#define CONFIG_ONE	0x20	/* strings: one may be given without a list */
struct config_entry {
	const char	 *name;		/* dotted path: "http.timeout" */
	enum config_type  type;
	size_t		  off;		/* into struct config, source_cfg */
	size_t		  size;		/* of the field, for numbers */
	uint64_t	  min;
	uint64_t	  max;		/* 0: no maximum */
	uint64_t	  def;		/* numbers, durations, sizes, bools */
	const char	 *def_str;	/* strings and paths; doubles */
	int		  flags;	/* CONFIG_* */
	const char	 *help;		/* one line */
};
/* An address or CIDR block of allow_private (config_net_parse). */
struct config_net {
	int		  family;	/* AF_INET or AF_INET6 */
	unsigned char	  addr[16];	/* network byte order */
	unsigned	  bits;		/* prefix length */
};
int		 config_net_parse(const char *, struct config_net *);
int		 config_net_match(const struct config_net *, int,
		    const unsigned char *);
extern const struct config_entry config_table[];	/* NULL name ends */
extern const struct config_entry config_source_table[];
extern const struct config_entry config_deliver_table[];
struct config	*config_load(const char *, struct diag *);
struct config	*config_load_mem(const char *, const void *, size_t,
		    struct diag *);
void		 config_free(struct config *);
const char	*config_format_name(enum source_format);
const char	*config_body_name(enum deliver_format);
const char	*config_kind_name(size_t);
const char	*config_type_name(enum config_type);
uint64_t	 config_get(const struct config_entry *, const void *);

/* config-print.c: struct config -> YAML for -n -v. */
void		 config_print(const struct config *, FILE *);
int		 config_print_default(const struct config_entry *, char *,
		    size_t);

/* watchlist.c: watchlist YAML files, merged. */
enum entity_type {
	ENTITY_PERSON,
	ENTITY_ORGANIZATION,
	ENTITY_VESSEL,
	ENTITY_AIRCRAFT,
	ENTITY_OTHER,
};
struct entity {
	char		 *id;
	char		 *name;
	struct strv	  aliases;	/* strong */
	struct strv	  weak_aliases;	/* never alert on their own */
	struct strv	  programs;
	struct strv	  countries;	/* ISO 3166-1 alpha-2 */
	char		 *listed;	/* YYYY-MM-DD or NULL */
	char		 *source;	/* e.g. us-ofac-sdn, or NULL */
	struct strv	  topics;	/* FtM topics: sanction, export.control */
	struct strv	  same_as;	/* ids of other lists' entries of it */
	struct strv	  imo;		/* IMO numbers: seven digits each */
	struct strv	  registrations; /* "Tax ID 7702070139" */
	enum entity_type  type;
	/* 176 bytes, not 184: a million entities make 176 MB */
	uint32_t	  same;		/* the first entity of its party */
	uint32_t	  next_same;	/* the next of its party, in a ring */
	uint16_t	  born_lo;	/* years of birth the lists give (a */
	uint16_t	  born_hi;	/* body's: established), earliest and
					   latest; 0 if none */
};
struct country {
	char		 *code;		/* ISO 3166-1 alpha-2, upper case */
	char		 *name;
	struct strv	  aliases;
	struct strv	  adjectives;
	int		  sanctioned;	/* status: sanctioned (else watch) */
};
/* One file of a watchlist as loaded; its strings are in the arena. */
struct watchlist_file {
	const char	 *name;		/* its name:, or NULL */
	const char	 *issuer;	/* its issuer:, or NULL */
	const char	 *published;	/* its published: (YYYY-MM-DD), or NULL */
	char		  sha256[65];	/* of its bytes */
	size_t		  entities;	/* entries it holds */
};
/*
 * The strings and string vectors of entities and countries live in the
 * arena, with repeated ones (programs, countries, sources, dates) shared:
 * read them, never free or push to them.
 */
struct watchlist {
	struct entity	 *entities;
	size_t		  nentities;
	struct country	 *countries;
	size_t		  ncountries;
	struct strv	  files;
	struct watchlist_file *info;	/* one per file, as files */
	char		  hash[65];	/* sha256 over the files' bytes */
	struct yarena	  arena;
};
/*
 * How far a load got, written by the loading thread and read by another
 * (a reload's progress in status): the file being read, counted from 1 (0
 * before the first), of files; the entities added so far.
 */
struct watchlist_progress {
	_Atomic size_t	  file;
	_Atomic size_t	  files;
	_Atomic size_t	  entities;
};
extern int	 watchlist_fastpath;	/* 0: all through libyaml (tests) */
extern size_t	 watchlist_drop_step;	/* a large file's bytes given back */
struct watchlist *watchlist_load(const struct strv *, struct diag *);
struct watchlist *watchlist_load_progress(const struct strv *, struct diag *,
		    struct watchlist_progress *);
const char	*listformat_guess(const char *, size_t, const char **);
struct watchlist *watchlist_load_mem(const char *, const void *, size_t,
		    struct diag *);
void		 watchlist_free(struct watchlist *);
int		 watchlist_date_ok(const char *);
int		 watchlist_born_years(const char *, unsigned *, unsigned *);
int		 watchlist_same(const struct watchlist *,
		    const struct watchlist *);
const char	*watchlist_type_name(enum entity_type);
const struct country *watchlist_country(const struct watchlist *,
		    const char *);

/* sha256.c: SHA-256 by libcrypto. */
struct evp_md_ctx_st;
struct sha256 {
	struct evp_md_ctx_st *ctx;	/* from sha256_init to sha256_final */
};
void	 sha256_init(struct sha256 *);
void	 sha256_update(struct sha256 *, const void *, size_t);
void	 sha256_final(struct sha256 *, uint8_t[32]);
void	 sha256_final_hex(struct sha256 *, char[65]);
void	 sha256_hex(const void *, size_t, char[65]);
void	 hmac_sha256_hex(const void *, size_t, const void *, size_t,
	    char[65]);

/* template.c: {{field}} of an alert record in a text (deliver: template). */
char	*template_render(const char *, const char *);
char	*template_field(const char *, const char *);

/* normalize.c: text -> tokens, the unit both names and text are cut into. */
#define TOKEN_TRANSLIT	0x1		/* had Cyrillic, transliterated */
struct token {
	uint64_t	  hash;		/* of the folded token */
	uint64_t	  skel;		/* of its spelling skeleton */
	size_t		  start;	/* byte offsets into the text */
	size_t		  end;
	size_t		  flen;		/* length of the folded token */
	unsigned	  flags;	/* TOKEN_* */
};
size_t		 normalize_tokens(const char *, size_t, size_t *,
		    struct token *, size_t);
size_t		 normalize_tokens_bytewise(const char *, size_t, size_t *,
		    struct token *, size_t);
int		 normalize_word_at(const char *, size_t, size_t);
int		 normalize_word_before(const char *, size_t);

/*
 * tokfeed.c: a long text's tokens made ahead on another thread, in the
 * chunks the matcher scans: t[0..n), of which t[from..limit) are new, t[0]
 * being token number base of the text.
 */
struct tokchunk {
	struct token	*t;
	size_t		  n;
	size_t		  from;
	size_t		  limit;
	size_t		  base;
};
struct tokfeed;
struct tokfeed	*tokfeed_new(const char *, size_t);
int		 tokfeed_make(struct tokfeed *);
void		 tokfeed_wait(struct tokfeed *);
const struct tokchunk *tokfeed_take(struct tokfeed *);
void		 tokfeed_give(struct tokfeed *);
void		 tokfeed_cancel(struct tokfeed *);
int		 tokfeed_done(struct tokfeed *);
void		 tokfeed_free(struct tokfeed *);

/* matcher.c: a compiled watchlist; scan(text) -> hits. Immutable once built. */
enum party_kind {
	PARTY_ENTITY,
	PARTY_COUNTRY,
	PARTY_RULE,		/* an alert of a rule (rules.c), not a hit */
};
enum match_method {
	MATCH_EXACT,		/* the listed name */
	MATCH_ALIAS,		/* a strong alias, or a country alias */
	MATCH_WEAK_ALIAS,	/* a weak alias: never alerts alone */
	MATCH_ADJECTIVE,	/* a country adjective */
	MATCH_REORDERED,	/* a person's name in natural order */
	MATCH_TRANSLITERATED,	/* Cyrillic text, transliterated */
	MATCH_FUZZY,		/* a spelling variant (same skeleton) */
	MATCH_SURNAME,		/* a person's surname alone: scores low */
	MATCH_RULE,		/* a rule's sets in one window (rules.c) */
	MATCH_IMO,		/* a ship's or shipping firm's IMO number */
	MATCH_REGISTRATION,	/* a tax or company registration number */
	MATCH_UNKNOWN,		/* read back as a name no method has */
};
/* A person's name in another order than listed (MATCH_REORDERED). */
enum match_order {
	ORDER_GIVEN_SURNAME,	/* all given names, then the surname */
	ORDER_FIRST_SURNAME,	/* the first given name, then the surname */
	ORDER_SURNAME_FIRST,	/* the surname, then the first given name */
	ORDER_DOUBLE_SURNAME,	/* given names and half a double surname */
};
/*
 * What made a hit's score, for its explanation: the rules of the form that
 * matched (MATCH_R_LEGAL ... MATCH_R_COMMON_NAMES) and of the text around
 * it (the rest).  matcher_rule_name() names each bit.
 */
#define MATCH_R_LEGAL		0x0001	/* a legal form left out */
#define MATCH_R_PAREN		0x0002	/* a part in parentheses left out */
#define MATCH_R_APOSTROPHE	0x0004	/* apostrophes left out */
#define MATCH_R_CAPPED		0x0008	/* short, common or initials */
#define MATCH_R_COMMON_NAMES	0x0010	/* every word a common name */
#define MATCH_R_SPELLING	0x0020	/* a spelling variant */
#define MATCH_R_TRANSLIT	0x0040	/* Cyrillic, transliterated */
#define MATCH_R_ONE_WORD	0x0080	/* one word, spelt differently */
#define MATCH_R_LONGER		0x0100	/* inside a longer name */
#define MATCH_R_VESSEL		0x0200	/* a vessel word or IMO near */
#define MATCH_R_NO_VESSEL	0x0400	/* a vessel's name, no vessel near */
#define MATCH_R_GENERIC		0x0800	/* only everyday words */
#define MATCH_R_COUNTRY		0x1000	/* a country of the party named */
#define MATCH_R_BARE		0x2000	/* one word once the legal form is out */
#define MATCH_R_CONTEXT		0x4000	/* sanctions words in the text */
#define MATCH_R_PROGRAM		0x8000	/* a party of its program named */
#define MATCH_R_SPORT		0x10000	/* a name many bear, in a sport report */
#define MATCH_R_HEAD		0x20000	/* a long name's first words */
#define MATCH_R_NICKNAME	0x40000	/* a nickname in quotes inside */
#define MATCH_R_CASELESS	0x80000	/* text in capitals: case tells nothing */
#define MATCH_R_IMO		0x100000 /* its IMO number right after it */
#define MATCH_R_OTHER_IMO	0x200000 /* another ship's IMO number after */
#define MATCH_R_REG		0x400000 /* its registration number after it */
#define MATCH_R_OTHER_REG	0x800000 /* another registration number after */
#define MATCH_R_ABBREV		0x1000000 /* a word short, or in the
						     other number */
#define MATCH_R_MEN		0x2000000 /* a word for a group's men
						     after it */
#define MATCH_R_SHIPNAME	0x4000000 /* a ship's name of words,
						     a vessel word near */
#define MATCH_R_JOINED		0x8000000 /* a given name joined by
						     "and" to a surname */
#define MATCH_R_TITLED		0x10000000 /* a title right before a
						     surname one person bears */
#define MATCH_R_SHIP		0x20000000 /* a vessel word right before
						     a name of no vessel */
#define MATCH_R_ANOTHER		0x40000000 /* the text's date, an age
						     it gives, a body's date
						     of founding, or a
						     splinter group's name
						     it never calls so:
						     another's */
#define MATCH_R_KIN		0x80000000 /* a given name after a word
						     of kinship, a relative's
						     surname */
#define MATCH_R_NRULES		32
#define MATCH_R_FORM		(MATCH_R_LEGAL | MATCH_R_PAREN | \
				    MATCH_R_APOSTROPHE | MATCH_R_CAPPED | \
				    MATCH_R_COMMON_NAMES | MATCH_R_GENERIC | \
				    MATCH_R_BARE | MATCH_R_HEAD | \
				    MATCH_R_ABBREV)
struct match_hit {
	enum party_kind	  kind;
	size_t		  party;	/* index into entities or countries */
	const char	 *name;		/* the watchlist string that matched */
	enum match_method method;
	enum match_order  order;	/* for MATCH_REORDERED */
	double		  score;	/* [0, 1] */
	double		  base;		/* the form's score before the text */
	double		  lift;		/* given back if the text corroborates */
	unsigned	  rules;	/* MATCH_R_* */
	int		  namesake;	/* a short person's form many bear */
	int		  nocountry;	/* its country does not corroborate it */
	const char	 *place;	/* a country's code right before it */
	int		  own_nickname;	/* the nickname inside is its own */
	size_t		  start;	/* byte offsets into the scanned text */
	size_t		  end;
	size_t		  tok;		/* index of its first token in the text */
	size_t		  tok_end;	/* after its last token */
	size_t		  yields;	/* 1 + the entity whose hit beat it
					   (matcher_choose), or 0 */
};
typedef void	(*matcher_cb)(const struct match_hit *, void *);
/*
 * Called with each chunk of tokens before its names are looked up: t[0..n)
 * of which t[from..limit) are new (the others are context kept from the
 * last chunk, or look-ahead the next chunk gives again); t[0] is token
 * number base of the text.
 */
typedef void	(*matcher_tok_cb)(const char *, const struct token *, size_t,
		    size_t, size_t, size_t, void *);
struct matcher	*matcher_new(const struct watchlist *);
size_t		 matcher_scan(const struct matcher *, const char *, size_t,
		    matcher_cb, void *);
size_t		 matcher_scan_tokens(const struct matcher *, const char *,
		    size_t, struct tokfeed *, matcher_cb, matcher_tok_cb,
		    void *);
size_t		 matcher_names(const struct matcher *);
int		 matcher_has_family(const struct matcher *, size_t);
int		 matcher_is_splinter(const struct matcher *, size_t);
/* A body named by a cover name and a place (matcher_placed). */
struct placed_party {
	size_t		 party;
	char		 cc[3];		/* the place's country */
	const char	*name;
};
size_t		 matcher_placed(const struct matcher *, size_t, const char *,
		    size_t, struct placed_party *, size_t);
void		 matcher_free(struct matcher *);
const char	*matcher_method_name(enum match_method);
const char	*matcher_order_name(enum match_order);
const char	*matcher_rule_name(unsigned);
int		 matcher_method_parse(const char *);
const char	*names_problem(const char *);

/* extract.c: a fetched body -> the document text to scan. */
struct extract_buf {		/* a growing NUL-terminated string */
	char		 *s;
	size_t		  len;
	size_t		  cap;
};
struct document {
	char		 *source_id;
	char		 *url;
	char		 *title;	/* may be NULL */
	char		 *text;		/* NUL-terminated UTF-8 */
	size_t		  len;
	char		  sha256[65];	/* of text */
	char		  published[DATE_ISO_LEN]; /* ISO-8601 UTC, or "" */
	int		  cut;		/* HTML_CUT_*: only the text before */
	struct tokfeed	 *tokens;	/* made ahead (tokfeed.c), or NULL */
};
struct document	*extract_document(const char *, const char *, enum source_format,
		    const char *, const char *, size_t);
#define EXTRACT_DIGEST_LATER	0x1	/* the caller fills in sha256 */
#define EXTRACT_UTF8_TAKEN	0x2	/* body is from extract_utf8_take */
struct document	*extract_document_take(const char *, const char *,
		    enum source_format, const char *, char *, size_t, int);
size_t		 extract_utf8_len(const unsigned char *, size_t, size_t);
size_t		 extract_utf8_take(char **, size_t *, size_t *, size_t, int);
int		 extract_utf8_valid(const char *, size_t);
void		 extract_buf_add(struct extract_buf *, const char *, size_t);
int		 extract_in(const char *const *, size_t, const char *);
int		 extract_html(const char *, size_t, char **, size_t *, char **,
		    char **);
void		 document_free(struct document *);

/* born.c: a text's date and the ages it gives, against dates of birth. */
unsigned	 born_doc_year(const struct document *);
unsigned	 born_age(const char *, size_t, size_t, size_t);
int		 born_office(const char *, size_t);
int		 born_other(unsigned, unsigned, unsigned, unsigned, int);
int		 born_other_now(unsigned, unsigned, int);

/* kin.c: a relative's given name after a word of kinship ("his son X"). */
enum kin_kind {
	KIN_CHILD,			/* son, daughters */
	KIN_FATHER,
	KIN_SIBLING,			/* brother, sisters */
	KIN_OTHER,			/* wife, cousin, in-laws, ... */
};
struct kin_name {
	size_t		 from;		/* the given name's bytes */
	size_t		 to;
	size_t		 word;		/* where the word of kinship starts */
	enum kin_kind	 kind;		/* of that word */
};
size_t		 kin_names(const char *, size_t, size_t, size_t,
		    struct kin_name *, size_t);
int		 kin_surname(const char *, const struct match_hit *, size_t *,
		    size_t *);
int		 kin_related(const char *, const char *, enum kin_kind);

/* redact.c: credentials in URLs ("user:pass@", "?apiKey=") as "***". */
char		*redact_secrets(const char *);

/*
 * html.c: valid UTF-8 HTML -> visible text and title (libxml2's SAX parser,
 * no tree) and the page's publication date as written.  A page past either
 * bound is cut there (html_extract says so).
 */
#define HTML_MAX_ELEMENTS	250000	/* elements in one page */
#define HTML_MAX_WORK		50000000 /* parser steps in one page */
#define HTML_COST_TAG		16	/* steps of a tag, on top of depth */
#define HTML_COST_ERROR		128	/* steps of a parse error, the same */
#define HTML_CUT_ELEMENTS	1	/* more than HTML_MAX_ELEMENTS */
#define HTML_CUT_WORK		2	/* more than HTML_MAX_WORK */
int		 html_extract(const char *, size_t, char **, size_t *, char **,
		    char **);
int		 html_sniff(const char *, size_t);

/* charset.c: a body in its charset -> UTF-8 (BOM, document, header, bytes). */
char		*charset_utf8(const char *, size_t, const char *, const char *,
		    size_t *);

/*
 * feed.c: RSS 0.9x/1.0/2.0, Atom, JSON Feed and JSON APIs -> items, each
 * item a document of its own.
 */
#define FEED_MAX_ITEMS		2000	/* items taken from one body */
struct feed_item {
	char		 *id;		/* GUID/id, else link, else a hash */
	char		 *link;		/* NULL if none */
	char		 *title;	/* NULL if none */
	char		 *content;	/* as the feed gives it, or NULL */
	int		  html;		/* content is markup */
	char		 *date;		/* as written, or NULL */
};
struct feed {
	enum source_format format;	/* FORMAT_RSS, _ATOM or _JSON */
	char		 *title;
	struct feed_item *items;
	size_t		  n;
	size_t		  left;		/* items past FEED_MAX_ITEMS, not taken */
	uint64_t	  ttl_ms;	/* RSS <ttl>, 0 if none */
};
struct feed	*feed_parse(const char *, size_t, enum source_format,
		    const struct json_paths *);
void		 feed_free(struct feed *);
struct document	*feed_document(const char *, const char *,
		    const struct feed_item *);
int		 feed_sniff(const char *, size_t);

/* review.c: decisions on alerts, their scopes, states and --until. */
enum review_action {
	REVIEW_CONFIRM,
	REVIEW_FALSE_POSITIVE,
	REVIEW_DISMISS,
};
#define REVIEW_ACTIONS	3
enum review_scope {
	SCOPE_ALERT,		/* the alert alone */
	SCOPE_TEXT,		/* the party matched by the same text */
	SCOPE_SOURCE,		/* the party from the same source */
	SCOPE_ENTITY,		/* the party anywhere */
};
#define REVIEW_SCOPES	4
enum alert_state {
	STATE_NEW,
	STATE_CONFIRMED,
	STATE_FALSE_POSITIVE,
	STATE_DISMISSED,
	STATE_SUPPRESSED,	/* written under a suppression */
};
#define ALERT_STATES	5
extern const char *const review_action_names[REVIEW_ACTIONS];
extern const char *const review_scope_names[REVIEW_SCOPES];
extern const char *const alert_state_names[ALERT_STATES];
int		 review_action_parse(const char *);
int		 review_scope_parse(const char *);
int		 alert_state_parse(const char *);
enum alert_state review_action_state(enum review_action);
int		 review_duration_parse(const char *, int64_t *);
int		 review_time_parse(const char *, time_t *);
int		 review_until_parse(const char *, time_t, time_t *, char **);
void		 review_time_fmt(time_t, char *, size_t);
char		*review_match_key(const char *);
struct watchlist;
void		 review_party_digest(const struct watchlist *, enum party_kind,
		    size_t, char[65]);
size_t		 review_party_find(const struct watchlist *, enum party_kind,
		    const char *);

/* alert.c: hits -> alert records, and their JSON. */
enum severity {			/* in the order of a filter's bits */
	SEVERITY_HIGH,
	SEVERITY_MEDIUM,
	SEVERITY_LOW,
};
#define SEVERITY_COUNT	3
extern const char *const alert_severity_names[SEVERITY_COUNT];
#define ALERT_KINDS	3		/* enum party_kind */
extern const char *const alert_kind_names[ALERT_KINDS];
struct alert {
	int64_t		  id;		/* 0 until stored */
	char		  time[32];	/* ISO-8601 UTC, "" until stored */
	enum party_kind	  kind;
	enum severity	  severity;
	char		 *party_id;
	char		 *party_name;
	char		 *party_type;
	struct strv	  programs;
	char		 *list_source;	/* may be NULL */
	struct strv	  topics;	/* of the entity: sanction, ... */
	char		 *match_text;
	char		 *match_name;
	enum match_method method;
	double		  score;
	size_t		  start;
	size_t		  end;
	unsigned	  count;
	char		 *source_id;
	char		 *url;
	char		 *title;	/* may be NULL */
	char		  sha256[65];
	char		  published[DATE_ISO_LEN]; /* the document's, or "" */
	struct strv	  countries;
	char		 *snippet;
	char		  watchlist[65];	/* sha256 of the watchlist, or "" */
	struct strv	  also;		/* other list entries of the party */
	char		 *explain;	/* JSON object: why it matched */
	enum alert_state  state;	/* new when written (review.c) */
	int64_t		  suppressed_by; /* the decision's id, or 0 */
	size_t		  party_index;	/* in the watchlist that built it */
	/* kind PARTY_RULE: the rule (party_id), topic, spans, parties. */
	char		 *topic;	/* FollowTheMoney topic, or NULL */
	char		 *spans;	/* JSON array: the sets' spans */
	char		 *parties;	/* JSON array: listed parties near */
};
struct rules;
struct alert_opts {
	double		  min_score;
	size_t		  snippet_chars;
	const struct rules *rules;	/* NULL: names only */
};
size_t		 alert_build(const struct document *, const struct watchlist *,
		    const struct matcher *, const struct alert_opts *,
		    struct alert **);
const char	*alert_severity_name(enum severity);
int		 alert_severity_parse(const char *);
char		*alert_json(const struct alert *, int);
char		*alert_json_array(const struct strv *);
void		 alert_copy(struct alert *, const struct alert *);
void		 alert_clear(struct alert *);
void		 alert_free_array(struct alert *, size_t);
char		*alert_snippet(const char *, size_t, size_t, size_t, size_t);
const char	*alert_kind_name(enum party_kind);
int		 alert_kind_parse(const char *);

/*
 * rules.c, rules-load.c: export-risk rules.  Named sets of terms (words,
 * phrases, HS codes) and of watchlist countries; a rule fires when all its
 * sets occur in one window (sentence, paragraph, N tokens, document).
 * Compiled against a watchlist (its countries) and immutable once built.
 */
#define RULES_MAX_SETS		64	/* sets in all the files */
#define RULES_MAX_TERMS		20000	/* terms of one set, HS codes too */
#define RULES_MAX_PATTERNS	200000	/* compiled forms in all the sets */
#define RULES_MAX_TERM_WORDS	8	/* tokens of one term */
#define RULES_MAX_RULES		256
#define RULES_MAX_WINDOW	100000	/* tokens */
struct rules	*rules_load(const struct strv *, const struct watchlist *,
		    struct diag *);
struct rules	*rules_load_mem(const char *, const void *, size_t,
		    const struct watchlist *, struct diag *);
void		 rules_free(struct rules *);
size_t		 rules_count(const struct rules *);
size_t		 rules_terms(const struct rules *);
const char	*rules_hash(const struct rules *);
/* One document's scan: term hits from the tokens, names from the matcher. */
struct rules_scan;
struct rules_scan *rules_scan_new(const struct rules *, double, const char *,
		    size_t);
void		 rules_scan_tokens(struct rules_scan *, const char *,
		    const struct token *, size_t, size_t, size_t, size_t);
void		 rules_scan_hit(struct rules_scan *, const struct match_hit *);
size_t		 rules_scan_alerts(struct rules_scan *, const struct document *,
		    const struct watchlist *, const struct alert_opts *,
		    struct alert **, size_t);
void		 rules_scan_free(struct rules_scan *);

/* words.c (generated by scripts/embed-words from Debian's word lists) */
extern const char matcher_dict[];	/* lower-case words, each NUL-ended */
extern const size_t matcher_dict_len;
extern const char matcher_proper[];	/* proper names, lower-cased */
extern const size_t matcher_proper_len;
extern const char matcher_popnames[];	/* common given names, surnames */
extern const size_t matcher_popnames_len;
extern const char matcher_census[];	/* names one country's people bear */
extern const size_t matcher_census_len;
extern const char matcher_rare[];	/* rarer lower-case words */
extern const size_t matcher_rare_len;

/* wordkeys.c (generated by scripts/embed-wordkeys.c from the lists above) */
extern const uint64_t matcher_dict_skels[];	/* skeletons of their tokens */
extern const size_t matcher_dict_skels_n;
extern const uint64_t matcher_dict_hashes[];	/* their folded hashes */
extern const size_t matcher_dict_hashes_n;
extern const uint64_t matcher_proper_skels[];
extern const size_t matcher_proper_skels_n;
extern const uint64_t matcher_rare_skels[];
extern const size_t matcher_rare_skels_n;
extern const uint64_t matcher_popnames_hashes[];	/* folded hashes */
extern const size_t matcher_popnames_hashes_n;
extern const uint64_t matcher_census_hashes[];
extern const size_t matcher_census_hashes_n;

#endif /* SANCTWATCH_CORE_H */
