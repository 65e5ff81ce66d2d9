/*
 * sanctwatchd: the daemon side, on top of the core (core.h): the event
 * loop, HTTP, SQLite, the socket and the service.  Only sanctwatchd and its
 * tests link these.
 *
 *   poller (when) -> fetch (libcurl on libevent) -> pipeline
 *     (extract -> matcher -> alert) -> store (SQLite, committed first)
 *     -> hub (Unix socket subscribers, published after the commit)
 *
 * Each stage hands plain data to the next.  main.c starts and stops them;
 * it and the parts that act on the whole daemon (reload.c, rescan.c,
 * service.c) share struct daemon through daemon.h.
 */
#ifndef SANCTWATCHD_H
#define SANCTWATCHD_H

#include "core/core.h"
#include "core/protocol.h"

#include <time.h>

struct event_base;

/* notify.c: the systemd notify protocol; no-ops without $NOTIFY_SOCKET. */
int	 notify_init(void);
int	 notify_send(const char *, ...) PRINTFLIKE(1, 2);
uint64_t notify_watchdog_usec(void);
void	 notify_close(void);


/* fetch.c: HTTP GETs with libcurl's multi-socket API on the libevent loop. */
enum fetch_status {
	FETCH_OK,		/* a response arrived (any HTTP status) */
	FETCH_ERR_DNS,
	FETCH_ERR_CONNECT,
	FETCH_ERR_TLS,
	FETCH_ERR_TIMEOUT,
	FETCH_ERR_TOO_LARGE,
	FETCH_ERR_OTHER,
	FETCH_ERR_CANCELLED,	/* shutdown */
	FETCH_ERR_REFUSED,	/* a private address for a public_only URL */
	FETCH_ERR_RESET,	/* the server cut the connection short */
};
struct fetch_result {
	enum fetch_status status;
	long		  http_code;	/* 0 if no response */
	char		 *body;		/* NUL-terminated, owned by the fetch */
	size_t		  len;
	char		 *content_type;	/* may be NULL */
	char		 *effective_url;
	char		 *error;	/* human readable, "" if none */
	uint64_t	  elapsed_ms;
	/* Of the final response, verbatim; NULL if absent. */
	char		 *etag;
	char		 *last_modified;
	int64_t		  retry_after_s; /* -1: none (both forms, clamped) */
	int64_t		  max_age_s;	/* Cache-Control max-age, or -1 */
	int64_t		  expires_s;	/* Expires - Date (or now), or -1 */
	char		 *permanent_url; /* every redirect was 301/308 */
	unsigned	  redirects;
	int		  challenge;	/* a bot-protection challenge page */
	/* Set by the poller for its callback. */
	int		  unchanged;	/* 304, or the same body as before */
	int		  network_down;	/* failing with most other sources */
	int		  disabled;	/* 410 Gone: no more polls */
	unsigned	  errors;	/* consecutive failed polls */
	uint64_t	  next_ms;	/* until the next poll; 0: none */
};
/* One request: the URL and what a source adds to it. */
struct fetch_req {
	const char	 *url;
	const struct header *headers;
	size_t		  nheaders;
	const char	 *proxy;	/* NULL: libcurl's environment */
	int		  tls_noverify;
	int		  public_only;	/* refuse loopback/private/link-local */
	int		  allow_private; /* no guard on public-to-private hops */
	const struct strv *private_nets; /* public_only: these are allowed */
	/* A POST (delivery): the body, and limits of its own. */
	const char	 *post;		/* NULL: a GET */
	size_t		  post_len;
	int		  no_redirects;	/* a 3xx is the answer */
	uint64_t	  timeout_ms;	/* 0: http.timeout */
	uint64_t	  max_body;	/* 0: http.max_body */
};
typedef void	(*fetch_cb)(const struct fetch_result *, void *);
struct fetch	*fetch_new(struct event_base *, const struct http_cfg *);
int		 fetch_get(struct fetch *, const char *, const struct header *,
		    size_t, fetch_cb, void *);
int		 fetch_start(struct fetch *, const struct fetch_req *, fetch_cb,
		    void *);
const char	*fetch_error_class(const struct fetch_result *);
int		 fetch_public_url(const char *);
struct sockaddr;
int		 fetch_private_addr(const struct sockaddr *);
int		 fetch_hop_allowed(int *, int *, const char *);
size_t		 fetch_inflight(const struct fetch *);
void		 fetch_cancel_all(struct fetch *);
void		 fetch_free(struct fetch *);
const char	*fetch_status_name(enum fetch_status);

/* poller.c: when each source is due; hands results to the pipeline. */
typedef void	(*poller_cb)(const struct source_cfg *,
		    const struct fetch_result *, void *);
struct poller	*poller_new(struct event_base *, struct fetch *,
		    const struct config *, poller_cb, void *);
void		 poller_start(struct poller *, int);
int		 poller_update(struct poller *, const struct config *);
void		 poller_restore(struct poller *, const char *, const char *,
		    const char *, unsigned, uint64_t, const char *, int);
void		 poller_retry(struct poller *, const char *);
void		 poller_ttl(struct poller *, const char *, uint64_t);
int		 poller_link(struct poller *, const struct source_cfg *,
		    const char *, fetch_cb, void *);
int		 poller_idle(const struct poller *);
void		 poller_gate(struct poller *, int (*)(const char *, void *),
		    void *);
void		 poller_validators(struct poller *, const char *, const char *,
		    const char *);
char		*poller_host_key(const char *);
void		 poller_free(struct poller *);
/* poller-cfg.c: the poller's own copies of source settings. */
void		 poller_cfg_copy(struct source_cfg *, const struct source_cfg *);
void		 poller_cfg_clear(struct source_cfg *);
int		 poller_cfg_equal(const struct source_cfg *,
		    const struct source_cfg *);
/* poller-schedule.c: the delays between polls, on plain numbers. */
uint64_t	 poller_schedule_jitter(uint64_t);
uint64_t	 poller_schedule_spread(uint64_t, uint64_t);
uint64_t	 poller_schedule_hint(int64_t, uint64_t);
uint64_t	 poller_schedule_backoff(uint64_t, unsigned, uint64_t);

/* schema.c (generated by scripts/embed-schema from schema/NNN-*.sql) */
struct schema_migration {
	int		  version;	/* the file's number: 1..N in order */
	const char	 *name;		/* "001-init.sql" */
	const char	 *sql;
};
extern const struct schema_migration schema_migrations[];
extern const size_t schema_nmigrations;

/* store.c: the SQLite database. One writer: the daemon. */
struct store_source_state {
	const char	 *source_id;
	const char	 *url;
	int		  ok;
	long		  http_code;
	const char	 *error;	/* NULL on success */
	uint64_t	  elapsed_ms;
	const char	 *error_class;	/* NULL on success: dns, http-5xx... */
	const char	 *etag;		/* the validators to send next */
	const char	 *last_modified;
	const char	 *permanent_url; /* where a permanent redirect led */
	uint64_t	  next_ms;	/* until the next poll, 0: none */
	unsigned	  backoff_errors; /* consecutive, as the poller counts */
	int		  disabled;	/* 410 Gone */
	int		  unchanged;	/* 304 or the same body */
	int		  new_items;	/* documents scanned from this poll */
};
/* A feed item's identity and the hash of its text, for seen-state. */
struct store_item {
	const char	 *source_id;
	const char	 *item_id;
	const char	 *sha256;
	const char	 *url;
};
/* What a previous run left of a source's polling (store_sources_saved). */
struct store_saved {
	char		 *source_id;
	char		 *etag;
	char		 *last_modified;
	unsigned	  backoff_errors;
	uint64_t	  next_ms;	/* until the next poll a run had set */
	char		 *url;
	int		  disabled;
};
/* A kept text (retention.texts) as the document it was scanned as. */
struct store_text {
	int64_t		  id;		/* documents.id */
	struct document	 *doc;
};
/* A decision on an alert, as the decisions table holds it. */
struct store_decision {
	int64_t		  id;		/* set when stored */
	const char	 *created_at;
	int64_t		  alert_id;
	enum review_action action;
	enum review_scope scope;
	const char	 *until;	/* NULL: none */
	const char	 *note;
	const char	 *user;
	int64_t		  uid;
	enum party_kind	  kind;
	const char	 *entity_id;
	const char	 *source_id;
	const char	 *match_key;
	const char	 *entity_digest; /* NULL: not on the list then */
};
struct store	*store_open(const char *, char **);
void		 store_close(struct store *);
int		 store_begin(struct store *);
int		 store_commit(struct store *);
void		 store_rollback(struct store *);
int		 store_document_seen(struct store *, const struct document *);
int		 store_document_add(struct store *, const struct document *);
int		 store_alert_add(struct store *, struct alert *);
int		 store_source_update(struct store *,
		    const struct store_source_state *);
int64_t		 store_alert_count(struct store *);
json_t		*store_sources_json(struct store *);
int		 store_source_ok(struct store *, const char *);
int		 store_item_seen(struct store *, const struct store_item *);
int		 store_item_add(struct store *, const struct store_item *);
int		 store_items_prune(struct store *, const char *, uint64_t);
ssize_t		 store_sources_saved(struct store *, struct store_saved **);
void		 store_saved_free(struct store_saved *, size_t);
int		 store_alert_known(struct store *, const struct alert *);
ssize_t		 store_replay(struct store *, int64_t, int64_t, size_t,
		    void (*)(const struct alert *, void *), void *);
int64_t		 store_alert_last_id(struct store *);
int64_t		 store_documents_prune(struct store *, uint64_t);
int		 store_text_add(struct store *, const struct document *);
int64_t		 store_texts_prune(struct store *, uint64_t);
ssize_t		 store_texts_read(struct store *, int64_t, size_t,
		    struct store_text **);
void		 store_texts_free(struct store_text *, size_t);
int64_t		 store_texts_count(struct store *);
int		 store_state_get(struct store *, const char *, char **);
int		 store_state_set(struct store *, const char *, const char *);
int		 store_lists_add(struct store *, const struct watchlist *);
const char	*store_id(const struct store *);
int		 store_gone(const struct store *);
int64_t		 store_alerts_today(struct store *);
const char	*store_path(const struct store *);
void		 store_patience(struct store *, int);
const char	*store_errmsg(struct store *);
int		 store_schema_version(void);
/* store-outbox.c: the delivery outbox. */
struct store_outbox_row {
	int64_t		  id;
	int64_t		  alert_id;
	unsigned	  attempts;	/* started before this one */
	char		  queued_at[32];
};
struct store_outbox_stats {
	const char	 *target;
	int64_t		  queued;
	int64_t		  delivered;
	int64_t		  dead;
	const char	 *last_delivered; /* or NULL */
};
typedef void	(*store_outbox_stats_cb)(const struct store_outbox_stats *,
		    void *);
int		 store_outbox_add(struct store *, int64_t, const char *,
		    const char *);
ssize_t		 store_outbox_due(struct store *, const char *, const char *,
		    struct store_outbox_row *, size_t);
int		 store_outbox_next(struct store *, const char *, char *,
		    size_t);
int		 store_outbox_claim(struct store *, int64_t, const char *,
		    const char *);
int		 store_outbox_retry(struct store *, int64_t, const char *,
		    const char *);
int		 store_outbox_done(struct store *, int64_t, const char *,
		    const char *, const char *);
int		 store_outbox_stats(struct store *, store_outbox_stats_cb,
		    void *);
int64_t		 store_outbox_prune(struct store *, const char *);
/* store-cluster.c: the cluster outbox. */
struct store_cluster_row {
	int64_t		  id;
	char		 *subject;
	char		 *msg_id;
	char		 *body;
};
int		 store_cluster_add(struct store *, int64_t, const char *,
		    const char *, const char *);
ssize_t		 store_cluster_due(struct store *, int64_t, size_t,
		    struct store_cluster_row *);
void		 store_cluster_rows_free(struct store_cluster_row *, size_t);
int		 store_cluster_published(struct store *, int64_t);
int64_t		 store_cluster_queued(struct store *);
int		 store_in_transaction(struct store *);
/* store-decisions.c */
int		 store_alert_get(struct store *, int64_t, struct alert *);
int		 store_decision_add(struct store *, struct store_decision *);
json_t		*store_decisions_json(struct store *, int64_t);
json_t		*store_decision_json(struct store *, int64_t);
ssize_t		 store_suppressions(struct store *, const char *,
		    void (*)(const struct store_decision *, void *), void *);

/*
 * suppress.c: the suppressions in force, in memory: one hash lookup of
 * the alert's party per alert.
 */
struct suppression {
	int64_t		  id;		/* the decision */
	int64_t		  alert_id;	/* it was taken on */
	enum review_scope scope;	/* text, source or entity */
	enum party_kind	  kind;
	char		 *entity_id;
	char		 *source_id;
	char		 *match_key;
	time_t		  until;	/* 0: none */
	char		  digest[65];	/* the entry then; "": not listed */
	char		  checked[65];	/* the watchlist it was compared to */
	int		  lapsed;	/* the entry changed since */
	char		 *key;		/* "kind:entity_id" */
	size_t		  next;		/* the next of the same key */
	int		  dead;		/* superseded */
};
struct suppress {
	struct suppression *v;
	size_t		  n;
	size_t		  cap;
	size_t		  live;
	struct strindex	  index;	/* key -> its first suppression */
};
struct suppress	*suppress_new(void);
void		 suppress_free(struct suppress *);
void		 suppress_add(struct suppress *, const struct store_decision *,
		    time_t);
void		 suppress_supersede(struct suppress *, int64_t);
int64_t		 suppress_match(struct suppress *, const struct alert *,
		    const struct watchlist *, time_t);
struct suppression *suppress_find(struct suppress *, int64_t);
int		 suppress_in_force(struct suppression *,
		    const struct watchlist *, time_t);
size_t		 suppress_count(const struct suppress *);

/* pipeline.c: fetch result -> documents -> alerts -> commit -> publish. */
struct pipeline_ops {
	/* Committed alerts, to publish (the daemon: hub_publish_batch). */
	void		(*publish)(const struct alert *, size_t, void *);
	/* A batch holding a rescan's alerts or its end was rolled back. */
	void		(*lost)(void *);
	/* A stored alert, in its transaction: queue its deliveries; 0 or -1. */
	int		(*enqueue)(const struct alert *, void *);
	/* A poll or an item link was handled (--once waits for them all). */
	void		(*done)(void *);
	/* A document recorded as scanned (the cluster shares it); may be NULL. */
	void		(*seen)(const struct document *, void *);
	/* A feed item recorded as seen (the cluster shares it); may be NULL. */
	void		(*item)(const struct store_item *, void *);
	/* A poll's validators, recorded after it succeeded; may be NULL. */
	void		(*validators)(const char *, const char *, const char *,
			    void *);
	void		 *arg;
};
struct pipeline {
	struct event_base	*base;
	struct store		*store;
	struct poller		*poller;	/* retries, feed TTLs, links */
	const struct config	*conf;		/* pipeline_set() */
	const struct watchlist	*wl;
	const struct matcher	*matcher;
	struct suppress		*suppress;	/* NULL: none */
	const struct rules	*rules;		/* NULL: none */
	struct pipeline_ops	 ops;
	uint64_t		 polls_ok;
	uint64_t		 polls_failed;
	uint64_t		 documents;	/* scanned */
	uint64_t		 alerts;	/* committed and published */
	int64_t			 committed_id;	/* newest committed alert */
	/* Storage health, for status and STATUS= (pipeline_storage). */
	struct {
		int		 gone;		/* the file was deleted: stop */
		int		 failing;	/* the last write failed */
		uint64_t	 run;		/* failures since the last success */
		uint64_t	 errors;	/* writes failed */
		char		*error;		/* the last failure's */
		char		 error_at[32];
	}			 storage;
	/* The alerts of this loop turn's transaction (pipeline_flush). */
	struct {
		struct alert	*v;
		size_t		 n;
		size_t		 cap;
		int		 open;	/* a transaction is open */
		int		 rescan; /* holds a rescan's alerts or end */
	}			 batch;
	struct event		*flush_ev;	/* commits the batch */
	struct event		*prune_ev;	/* retention, hourly */
	/* Item-link warnings, rate-limited (pipeline_link_warn). */
	struct {
		time_t		 start;		/* of the window */
		unsigned	 logged;	/* in the window */
		unsigned	 held;		/* counted, not logged */
		struct event	*ev;		/* logs the count at the end */
	}			 linkwarn;
};
struct pipeline	*pipeline_new(struct event_base *, struct store *,
		    const struct pipeline_ops *);
void		 pipeline_free(struct pipeline *);
void		 pipeline_set(struct pipeline *, const struct config *,
		    const struct watchlist *, const struct matcher *,
		    const struct rules *);
void		 pipeline_result(const struct source_cfg *,
		    const struct fetch_result *, void *);
int		 pipeline_scan(struct pipeline *, const char *,
		    const struct document *);
int		 pipeline_commit(struct pipeline *, const struct document *,
		    struct alert *, size_t);
int		 pipeline_rescan(struct pipeline *, const struct document *);
void		 pipeline_rescan_mark(struct pipeline *);
void		 pipeline_flush(struct pipeline *);
void		 pipeline_prune(struct pipeline *);
ssize_t		 pipeline_replay(struct pipeline *, int64_t, size_t,
		    proto_emit_cb, void *);

/* deliver.c: alerts to webhooks and commands from the outbox, at least once. */
struct deliver	*deliver_new(struct event_base *, struct store *,
		    const struct config *, const int64_t *);
void		 deliver_update(struct deliver *, const struct config *);
int		 deliver_enqueue(struct deliver *, const struct alert *);
void		 deliver_kick(struct deliver *);
json_t		*deliver_status(struct deliver *);
void		 deliver_free(struct deliver *);

/* cluster-seen.c: the entries of <name>_SEEN (docs/cluster.md). */
/* What <name>_SEEN holds of a source, under "<source>.<letter>...". */
enum cluster_share {
	SHARE_DOC,		/* d.<sha256 of url>: url, text hash */
	SHARE_ITEM,		/* i.<sha256 of item id>: item, url, hash */
	SHARE_VALIDATORS,	/* v: etag, last_modified of the last poll */
	SHARE_END		/* imports: the end of one source's */
};

/* One entry to share, or imported from the bucket. */
struct cluster_doc {
	enum cluster_share kind;
	char		*source_id;
	char		*url;
	char		*item_id;
	char		 sha256[65];
	char		*etag;
	char		*last_modified;
};

char		*cluster_key_source(const char *);
char		*cluster_seen_key(const struct cluster_doc *);
char		*cluster_seen_value(const struct cluster_doc *);
int		 cluster_seen_parse(const char *, const char *, const char *,
		    struct cluster_doc *);
void		 cluster_seen_clear(struct cluster_doc *);
void		 cluster_seen_free(struct cluster_doc *, size_t);

/* cluster.c: sources shared and one alert stream on NATS JetStream. */
struct cluster	*cluster_new(struct event_base *, struct store *,
		    const struct config *, const char *);
void		 cluster_update(struct cluster *, const struct config *,
		    const char *);
int		 cluster_enqueue(struct cluster *, const struct alert *);
void		 cluster_seen(const struct document *, void *);
void		 cluster_kick(struct cluster *);
int		 cluster_holds(const char *, void *);
void		 cluster_poller(struct cluster *, struct poller *);
void		 cluster_item(const struct store_item *, void *);
void		 cluster_validators(const char *, const char *, const char *,
		    void *);
json_t		*cluster_status(struct cluster *);
void		 cluster_free(struct cluster *);

/* hub.c: the Unix socket; subscribers get every new alert as a JSON line. */
#define HUB_MAX_QUEUED		(4u * 1024 * 1024) /* bytes queued per subscriber */
struct hub	*hub_new(struct event_base *, const char *, mode_t,
		    const struct proto_ops *, char **);
void		 hub_publish(struct hub *, const struct alert *, const char *,
		    size_t);
void		 hub_publish_batch(struct hub *, const struct alert *, size_t);
void		 hub_reload_done(struct hub *, unsigned, const char *);
size_t		 hub_subscribers(const struct hub *);
void		 hub_limits(struct hub *, const struct client_cfg *);
size_t		 hub_queued_bytes(const struct hub *);
size_t		 hub_drain(struct hub *, int);
void		 hub_free(struct hub *);

/* hub-socket.c: the listening Unix socket, and only ours to remove. */
struct hub_socket {
	char		 *path;
	int		  fd;
	int		  bound;	/* path is our socket */
	dev_t		  dev;
	ino_t		  ino;
};
int		 hub_socket_open(struct hub_socket *, const char *, mode_t,
		    char **);
void		 hub_socket_close(struct hub_socket *);

#endif /* SANCTWATCHD_H */
