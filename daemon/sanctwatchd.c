/*
 * sanctwatchd: poll sources, find listed parties, alert.
 *
 * Start-up order: options; config and watchlists (all errors reported, exit
 * 1 before anything starts); the database (migrated); the socket; libcurl;
 * the poller.  Everything then runs on one libevent loop: signals are
 * events, transfers are libcurl multi-socket transfers on the loop, and each
 * completed fetch runs the pipeline to its end before the loop goes on:
 *
 *   fetch result -> extract -> (unchanged document? stop) -> match -> alerts
 *     -> one SQLite transaction (document, alerts, source state) -> commit
 *     -> publish the committed alerts to subscribers
 *
 * An alert reaches the socket only after its transaction committed, so a
 * subscriber never sees an alert the database does not have.
 *
 * Shutdown (SIGTERM, SIGINT, or the end of --once): stop the timers, cancel
 * transfers, free libcurl's multi handle, let subscribers drain for a
 * bounded time, close the socket, close the database, free the loop.
 * SIGHUP re-reads the config and watchlists; if both are valid the new
 * watchlist, matcher and matching settings replace the running ones, and
 * otherwise the errors are logged and nothing changes.  Changes to sources,
 * the database or the socket are reported and need a restart for now.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>

#include "sanctwatch.h"

#define DEFAULT_CONFIG	"/etc/sanctwatch/sanctwatch.yaml"
#define DAEMON_DRAIN_MS	2000	/* subscribers' last chance at shutdown */

struct daemon {
	struct event_base	*base;
	struct config		*conf;
	struct watchlist	*wl;
	struct matcher		*matcher;
	struct store		*store;
	struct hub		*hub;
	struct hub_ops		 ops;
	struct fetch		*fetch;
	struct poller		*poller;
	struct event		*sig[3];
	int			 once;
	time_t			 started;
	uint64_t		 polls_ok;
	uint64_t		 polls_failed;
	uint64_t		 documents;
	uint64_t		 alerts;
};

static __dead void
usage(void)
{
	fprintf(stderr, "usage: sanctwatchd [-c FILE] [-n] [-v] [--once] "
	    "[--version]\n");
	exit(1);
}

/*
 * Load a config and its watchlists; NULL (with every error in d) if either
 * has errors.
 */
static struct config *
daemon_load(const char *path, struct watchlist **wl, struct diag *d)
{
	struct config	*conf;

	*wl = NULL;
	if ((conf = config_load(path, d)) == NULL)
		return (NULL);
	if ((*wl = watchlist_load(&conf->watchlists, d)) == NULL) {
		config_free(conf);
		return (NULL);
	}
	return (conf);
}

/* The status reply's fields, as a JSON object. */
static char *
daemon_status(void *arg)
{
	struct daemon	*d = arg;
	json_t		*o;
	char		*s;

	o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, "
	    "s:I, s:I}",
	    "version", SANCTWATCH_VERSION,
	    "uptime", (json_int_t)(time(NULL) - d->started),
	    "entities", (json_int_t)d->wl->nentities,
	    "countries", (json_int_t)d->wl->ncountries,
	    "names", (json_int_t)matcher_names(d->matcher),
	    "watchlist_sha256", d->wl->hash,
	    "sources", (json_int_t)d->conf->nsources,
	    "polls_ok", (json_int_t)d->polls_ok,
	    "polls_failed", (json_int_t)d->polls_failed,
	    "documents", (json_int_t)d->documents,
	    "alerts_written", (json_int_t)d->alerts,
	    "subscribers", (json_int_t)hub_subscribers(d->hub));
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	return (s);
}

/* The sources reply: every source's polling state. */
static char *
daemon_sources(void *arg)
{
	struct daemon	*d = arg;

	return (store_sources_json(d->store));
}

/* Record a source's poll in the database (outside any other transaction). */
static void
daemon_source_state(struct daemon *d, const struct source_cfg *src,
    const struct fetch_result *res, const char *error)
{
	struct store_source_state	 st;

	st.source_id = src->id;
	st.url = src->url;
	st.ok = error == NULL;
	st.http_code = res->http_code;
	st.error = error;
	st.elapsed_ms = res->elapsed_ms;
	if (store_source_update(d->store, &st) == -1)
		log_warnx("source %s: could not record its state", src->id);
}

/*
 * Store a document and its alerts in one transaction; then publish them.
 * Returns the number of alerts written, or -1 if the transaction failed
 * (then nothing is published).
 */
static int
daemon_commit(struct daemon *d, const struct document *doc,
    struct alert *alerts, size_t n)
{
	size_t	 i;
	char	*line;

	if (store_begin(d->store) == -1)
		return (-1);
	if (store_document_add(d->store, doc) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		if (store_alert_add(d->store, &alerts[i]) == -1)
			goto fail;
	}
	if (store_commit(d->store) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		line = alert_json(&alerts[i], 1);
		hub_publish(d->hub, line, strlen(line));
		free(line);
	}
	d->alerts += n;
	return ((int)n);
fail:
	store_rollback(d->store);
	return (-1);
}

/* Run one fetched document through extraction, matching and alerting. */
static void
daemon_document(struct daemon *d, const struct source_cfg *src,
    const struct fetch_result *res)
{
	struct document		*doc;
	struct alert		*alerts;
	struct alert_opts	 opts;
	size_t			 n;
	int			 seen;

	doc = extract_document(src->id, res->effective_url != NULL ?
	    res->effective_url : src->url, src->format, res->content_type,
	    res->body, res->len);
	if ((seen = store_document_seen(d->store, doc)) == 1) {
		log_debug("source %s: unchanged", src->id);
		document_free(doc);
		return;
	}
	opts.min_score = d->conf->min_score;
	opts.snippet_chars = d->conf->snippet_chars;
	n = alert_build(doc, d->wl, d->matcher, &opts, &alerts);
	d->documents++;
	if (daemon_commit(d, doc, alerts, n) == -1)
		log_warnx("source %s: could not store %zu alerts for %s; "
		    "will retry on the next poll", src->id, n, doc->url);
	else if (n > 0)
		log_info("source %s: %zu alerts for %s", src->id, n, doc->url);
	alert_free_array(alerts, n);
	document_free(doc);
}

/* Exit the loop when --once has polled everything. */
static void
daemon_check_once(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;

	(void)fd;
	(void)ev;
	if (d->once && poller_idle(d->poller)) {
		log_info("all sources polled once");
		event_base_loopexit(d->base, NULL);
	}
}

/* A poll completed: judge it, record it, scan what it brought. */
static void
daemon_result(const struct source_cfg *src, const struct fetch_result *res,
    void *arg)
{
	struct daemon	*d = arg;
	char		*error = NULL;

	if (res->status == FETCH_ERR_CANCELLED)
		return;
	if (res->status != FETCH_OK)
		error = xasprintf("%s: %s", fetch_status_name(res->status),
		    res->error);
	else if (res->http_code < 200 || res->http_code > 299)
		error = xasprintf("HTTP %ld", res->http_code);
	if (error != NULL) {
		log_warnx("source %s: %s (%s)", src->id, error, src->url);
		d->polls_failed++;
	} else {
		d->polls_ok++;
		daemon_document(d, src, res);
	}
	daemon_source_state(d, src, res, error);
	free(error);
	if (d->once)
		event_base_once(d->base, -1, EV_TIMEOUT, daemon_check_once, d,
		    NULL);
}

/*
 * Replace the running watchlist and matching settings from the files.
 * Returns 0, or -1 with every error in *cause (from malloc) and nothing
 * changed.
 */
static int
daemon_reload(void *arg, char **cause)
{
	struct daemon		*d = arg;
	struct diag		 diag;
	struct config		*conf;
	struct watchlist	*wl;
	size_t			 i;

	memset(&diag, 0, sizeof diag);
	log_notice("reloading %s", d->conf->path);
	if ((conf = daemon_load(d->conf->path, &wl, &diag)) == NULL) {
		log_warnx("configuration has errors, not reloading:");
		for (i = 0; i < diag.msgs.n; i++)
			log_warnx("%s", diag.msgs.v[i]);
		*cause = xasprintf("%zu errors, not reloaded; first: %s",
		    diag_count(&diag), diag.msgs.n > 0 ? diag.msgs.v[0] : "?");
		diag_free(&diag);
		return (-1);
	}
	diag_free(&diag);
	matcher_free(d->matcher);
	watchlist_free(d->wl);
	d->wl = wl;
	d->matcher = matcher_new(wl);
	d->conf->min_score = conf->min_score;
	d->conf->snippet_chars = conf->snippet_chars;
	log_setlevel(conf->log_level);
	if (conf->nsources != d->conf->nsources ||
	    strcmp(conf->database, d->conf->database) != 0 ||
	    strcmp(conf->socket, d->conf->socket) != 0)
		log_warnx("sources, database and socket changes take effect "
		    "at the next restart");
	log_notice("reloaded: %zu entities, %zu countries, %zu names",
	    wl->nentities, wl->ncountries, matcher_names(d->matcher));
	config_free(conf);
	return (0);
}

/* Signals arrive here as loop events, never in signal context. */
static void
daemon_signal(evutil_socket_t sig, short ev, void *arg)
{
	struct daemon	*d = arg;
	char		*cause = NULL;

	(void)ev;
	switch (sig) {
	case SIGHUP:
		if (daemon_reload(d, &cause) != 0)
			free(cause);
		break;
	case SIGTERM:
	case SIGINT:
		log_notice("received %s, stopping", sig == SIGTERM ? "SIGTERM" :
		    "SIGINT");
		event_base_loopexit(d->base, NULL);
		break;
	}
}

/* Open the database and socket and start polling; fatal on failure. */
static void
daemon_start(struct daemon *d)
{
	static const int	 sigs[] = { SIGTERM, SIGINT, SIGHUP };
	char			*cause = NULL;
	size_t			 i;

	signal(SIGPIPE, SIG_IGN);
	if ((d->base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	for (i = 0; i < 3; i++) {
		d->sig[i] = evsignal_new(d->base, sigs[i], daemon_signal, d);
		if (d->sig[i] == NULL || evsignal_add(d->sig[i], NULL) == -1)
			fatalx("cannot handle signal %d", sigs[i]);
	}
	if ((d->store = store_open(d->conf->database, &cause)) == NULL)
		fatalx("%s: %s", d->conf->database, cause);
	d->ops.status = daemon_status;
	d->ops.sources = daemon_sources;
	d->ops.reload = daemon_reload;
	d->ops.arg = d;
	d->hub = hub_new(d->base, d->conf->socket, d->conf->socket_mode,
	    &d->ops, &cause);
	if (d->hub == NULL)
		fatalx("%s: %s", d->conf->socket, cause);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("cannot initialize libcurl");
	if ((d->fetch = fetch_new(d->base, &d->conf->http)) == NULL)
		fatalx("cannot initialize transfers");
	d->poller = poller_new(d->base, d->fetch, d->conf, daemon_result, d);
	d->started = time(NULL);
	log_notice("started: %zu sources, %zu entities, %zu countries, "
	    "%zu names; database %s; socket %s", d->conf->nsources,
	    d->wl->nentities, d->wl->ncountries, matcher_names(d->matcher),
	    d->conf->database, d->conf->socket);
	poller_start(d->poller, d->once);
	if (d->once)
		event_base_once(d->base, -1, EV_TIMEOUT, daemon_check_once, d,
		    NULL);
}

/* Stop in order and free everything. */
static void
daemon_stop(struct daemon *d)
{
	size_t	 i, left;

	poller_free(d->poller);
	fetch_free(d->fetch);
	if ((left = hub_drain(d->hub, DAEMON_DRAIN_MS)) > 0)
		log_warnx("%zu bytes of alerts not taken by subscribers in "
		    "%d ms; they are in the database", left, DAEMON_DRAIN_MS);
	hub_free(d->hub);
	store_close(d->store);
	for (i = 0; i < 3; i++)
		event_free(d->sig[i]);
	event_base_free(d->base);
	matcher_free(d->matcher);
	watchlist_free(d->wl);
	log_notice("stopped: %llu polls ok, %llu failed, %llu alerts written",
	    (unsigned long long)d->polls_ok,
	    (unsigned long long)d->polls_failed, (unsigned long long)d->alerts);
	config_free(d->conf);
	curl_global_cleanup();
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct daemon	 d;
	struct diag	 diag;
	const char	*path = DEFAULT_CONFIG;
	int		 ch, check = 0, verbose = 0;

	memset(&d, 0, sizeof d);
	memset(&diag, 0, sizeof diag);
	log_init(LOG_LVL_INFO, "sanctwatchd");
	while ((ch = getopt_long(argc, argv, "c:nv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'o':
			d.once = 1;
			break;
		case 'V':
			printf("sanctwatchd %s\n", SANCTWATCH_VERSION);
			return (0);
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if ((d.conf = daemon_load(path, &d.wl, &diag)) == NULL) {
		diag_print(&diag, stderr);
		diag_free(&diag);
		return (1);
	}
	if (check) {
		if (verbose)
			config_print(d.conf, stdout);
		fprintf(stderr, "configuration OK: %zu sources, %zu entities, "
		    "%zu countries\n", d.conf->nsources, d.wl->nentities,
		    d.wl->ncountries);
		watchlist_free(d.wl);
		config_free(d.conf);
		return (0);
	}
	log_setlevel(d.conf->log_level);
	d.matcher = matcher_new(d.wl);
	daemon_start(&d);
	event_base_dispatch(d.base);
	daemon_stop(&d);
	return (0);
}
