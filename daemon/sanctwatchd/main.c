/*
 * sanctwatchd: poll sources, find listed parties, alert.
 *
 * Start-up order: options; config and watchlists (all errors reported, exit
 * 1 before anything starts); the database (migrated); the pipeline and the
 * retro-scan; the socket; libcurl; the poller.  Everything then runs on one
 * libevent loop: signals are events, transfers are libcurl multi-socket
 * transfers on the loop, and each completed fetch runs the pipeline
 * (pipeline.c) to its end before the loop goes on; an alert reaches the
 * socket only after its transaction committed, so a subscriber never sees
 * an alert the database does not have.
 *
 * Shutdown (SIGTERM, SIGINT, or the end of --once): stop the timers, cancel
 * transfers, free libcurl's multi handle, commit what is open, let
 * subscribers drain for a bounded time, close the socket, close the
 * database, free the loop.
 *
 * Reload (SIGHUP, or "reload" on the socket) is reload.c; the retro-scan of
 * kept texts after a watchlist change is rescan.c; systemd's notify
 * protocol, the watchdog and the status replies are service.c.  They share
 * struct daemon (daemon.h).
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "sanctwatchd/daemon.h"

#define DEFAULT_CONFIG	"/etc/sanctwatch/sanctwatch.yaml"
#define DAEMON_DRAIN_MS	2000	/* subscribers' last chance at shutdown */

#define DAEMON_USAGE	"usage: sanctwatchd [-c FILE] [-n [-v]] [--once] " \
	"[--version] [--help]\n"

/* Print the usage and what each option does on stdout (--help). */
static void
help(void)
{
	printf(DAEMON_USAGE "\n"
	    "Poll the configured news sources, match the watchlists' parties "
	    "in what they\npublish, write alerts to SQLite and stream them "
	    "on a Unix socket.\n\n"
	    "  -c FILE           the configuration (default " DEFAULT_CONFIG
	    ")\n"
	    "  -n                check the configuration and watchlists, "
	    "then exit\n"
	    "  -v                with -n: print the configuration as read, "
	    "defaults filled in\n"
	    "  --once            poll every source once, then exit\n"
	    "  --version         print the version\n"
	    "  -h, --help        this help\n");
}

/* Say what was wrong with which argument, then the usage; exit 1. */
static __dead void
usage(const char *what, const char *arg)
{
	fprintf(stderr, "sanctwatchd: %s%s\n" DAEMON_USAGE, what, arg);
	exit(1);
}

/*
 * Load a config, its watchlists and its rules (NULL if it names none);
 * NULL (with every error in d) if any has errors.
 */
struct config *
daemon_load(const char *path, struct watchlist **wl, struct rules **rules,
    struct diag *d, struct reload_progress *progress)
{
	struct config	*conf;

	*wl = NULL;
	*rules = NULL;
	if ((conf = config_load(path, d)) == NULL)
		return (NULL);
	if (progress != NULL)
		atomic_store(&progress->step, RELOAD_STEP_WATCHLISTS);
	if ((*wl = watchlist_load_progress(&conf->watchlists, d,
	    progress != NULL ? &progress->wl : NULL)) == NULL) {
		config_free(conf);
		return (NULL);
	}
	if (progress != NULL) {
		atomic_store(&progress->wl.entities, (*wl)->nentities);
		atomic_store(&progress->step, RELOAD_STEP_RULES);
	}
	if (conf->rules.n > 0 &&
	    (*rules = rules_load(&conf->rules, *wl, d)) == NULL) {
		watchlist_free(*wl);
		*wl = NULL;
		config_free(conf);
		return (NULL);
	}
	return (conf);
}

/* Exit the loop when --once has polled everything. */
static void
daemon_check_once(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;

	(void)fd;
	(void)ev;
	if (d->once && !d->once_done && poller_idle(d->poller) &&
	    !d->rescan.running) {
		/* Several checks may be queued in one loop turn: say it once. */
		d->once_done = 1;
		log_info("all sources polled once");
		event_base_loopexit(d->base, NULL);
	}
}

/* --once may have been waiting for this: check from a new loop event. */
void
daemon_once(struct daemon *d)
{
	if (d->once)
		event_base_once(d->base, -1, EV_TIMEOUT, daemon_check_once, d,
		    NULL);
}

/* pipeline_ops.publish: committed alerts out to the subscribers. */
static void
daemon_publish(const struct alert *alerts, size_t n, void *arg)
{
	struct daemon	*d = arg;

	hub_publish_batch(d->hub, alerts, n);
	if (n > 0) {
		deliver_kick(d->deliver);
		cluster_kick(d->cluster);
	}
}

/* A stored alert, in its transaction: queue it for the delivery targets. */
static int
daemon_enqueue(const struct alert *a, void *arg)
{
	struct daemon	*d = arg;

	if (deliver_enqueue(d->deliver, a) == -1)
		return (-1);
	return (cluster_enqueue(d->cluster, a));
}

/* pipeline_ops.seen: a scanned document, shared with the cluster. */
static void
daemon_seen(const struct document *doc, void *arg)
{
	struct daemon	*d = arg;

	cluster_seen(doc, d->cluster);
}

/* pipeline_ops.item: a feed item recorded, shared with the cluster. */
static void
daemon_item(const struct store_item *it, void *arg)
{
	struct daemon	*d = arg;

	cluster_item(it, d->cluster);
}

/* pipeline_ops.validators: a source's validators, shared with the cluster. */
static void
daemon_validators(const char *id, const char *etag, const char *lm,
    void *arg)
{
	struct daemon	*d = arg;

	cluster_validators(id, etag, lm, d->cluster);
}

/* proto_ops.replay: the hub's replay of committed alerts. */
static ssize_t
daemon_replay(void *arg, int64_t after, size_t max, proto_emit_cb emit,
    void *emit_arg)
{
	struct daemon	*d = arg;

	return (pipeline_replay(d->pipeline, after, max, emit, emit_arg));
}

/* pipeline_ops.done: a poll or an item link was handled. */
static void
daemon_done(void *arg)
{
	daemon_once(arg);
}

/*
 * A poller for conf on fetch whose results go to the pipeline, given the
 * validators, error counts and next polls a previous run left.
 */
struct poller *
daemon_poller(struct daemon *d, struct fetch *fetch,
    const struct config *conf)
{
	struct poller		*poller;
	struct store_saved	*v;
	ssize_t			 n, i;

	poller = poller_new(d->base, fetch, conf, pipeline_result, d->pipeline);
	poller_gate(poller, cluster_holds, d->cluster);
	cluster_poller(d->cluster, poller);
	if ((n = store_sources_saved(d->store, &v)) == -1)
		return (poller);
	for (i = 0; i < n; i++)
		poller_restore(poller, v[i].source_id, v[i].etag,
		    v[i].last_modified, v[i].backoff_errors, v[i].next_ms,
		    v[i].url, v[i].disabled);
	store_saved_free(v, (size_t)n);
	return (poller);
}

/* Signals arrive here as loop events, never in signal context. */
static void
daemon_signal(evutil_socket_t sig, short ev, void *arg)
{
	struct daemon	*d = arg;

	(void)ev;
	switch (sig) {
	case SIGHUP:
		reload_start(d, "SIGHUP");
		break;
	case SIGTERM:
	case SIGINT:
		log_notice("received %s, stopping", sig == SIGTERM ? "SIGTERM" :
		    "SIGINT");
		notify_send("STOPPING=1\nSTATUS=stopping");
		event_base_loopexit(d->base, NULL);
		break;
	}
}

/* The pipeline between the store and the hub; fatal on failure. */
static void
daemon_start_pipeline(struct daemon *d)
{
	struct pipeline_ops	 ops = {
		.publish = daemon_publish,
		.lost = rescan_lost,
		.enqueue = daemon_enqueue,
		.done = daemon_done,
		.seen = daemon_seen,
		.item = daemon_item,
		.validators = daemon_validators,
		.arg = d,
	};

	if ((d->pipeline = pipeline_new(d->base, d->store, &ops)) == NULL)
		fatalx("%s: cannot read the alerts", d->conf->database);
	pipeline_set(d->pipeline, d->conf, d->wl, d->matcher, d->rules);
	pipeline_prune(d->pipeline);
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
	daemon_start_pipeline(d);
	decisions_init(d);
	daemon_lists(d);
	rescan_init(d);
	d->ops.status = service_status;
	d->ops.sources = service_sources;
	d->ops.reload = reload_request;
	d->ops.replay = daemon_replay;
	d->ops.review = decisions_review;
	d->ops.show = decisions_show;
	d->ops.database = store_id(d->store);
	d->ops.arg = d;
	d->hub = hub_new(d->base, d->conf->socket, d->conf->socket_mode,
	    &d->ops, &cause);
	if (d->hub == NULL)
		fatalx("%s: %s", d->conf->socket, cause);
	hub_limits(d->hub, &d->conf->clients);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("cannot initialize libcurl");
	if ((d->fetch = fetch_new(d->base, &d->conf->http)) == NULL)
		fatalx("cannot initialize transfers");
	d->poller = daemon_poller(d, d->fetch, d->conf);
	d->pipeline->poller = d->poller;
	d->deliver = deliver_new(d->base, d->store, d->conf,
	    &d->pipeline->committed_id);
	d->cluster = cluster_new(d->base, d->store, d->conf, d->wl->hash);
	poller_gate(d->poller, cluster_holds, d->cluster);
	cluster_poller(d->cluster, d->poller);
	d->started = time(NULL);
	reload_init(d);
	service_start(d);
	log_notice("started: %zu source%s, %zu entit%s, %zu countr%s, "
	    "%zu name%s, %zu rule%s; database %s; socket %s",
	    d->conf->nsources, d->conf->nsources == 1 ? "" : "s",
	    d->wl->nentities, d->wl->nentities == 1 ? "y" : "ies",
	    d->wl->ncountries, d->wl->ncountries == 1 ? "y" : "ies",
	    matcher_names(d->matcher), matcher_names(d->matcher) == 1 ? "" :
	    "s", rules_count(d->rules), rules_count(d->rules) == 1 ? "" : "s",
	    d->conf->database, d->conf->socket);
	poller_start(d->poller, d->once);
	daemon_once(d);
	service_notify(d, "READY=1");
}

/*
 * Record the running watchlist's files in the database's lists table (a
 * version seen before adds nothing), in a transaction of their own: the
 * batch of this loop turn, if one is open, is committed and published
 * first, so a batch rolled back later cannot take them along.  A failure
 * is logged and not fatal.
 */
void
daemon_lists(struct daemon *d)
{
	pipeline_flush(d->pipeline);
	if (store_lists_add(d->store, d->wl) == -1)
		log_warnx("watchlist %.12s: its files could not be recorded in "
		    "the database", d->wl->hash);
}

/*
 * Stop in order and free everything.  The exit status: 1 if the database
 * was deleted under the daemon (pipeline_gone), else 0.
 */
static int
daemon_stop(struct daemon *d)
{
	struct pipeline	*p = d->pipeline;
	uint64_t	 ok, failed, alerts;
	size_t		 i, left;
	int		 gone = p->storage.gone;

	reload_stop(d);
	service_stop(d);
	rescan_stop(d);
	poller_free(d->poller);
	cluster_poller(d->cluster, NULL);	/* its last imports: no poller */
	fetch_free(d->fetch);
	p->poller = NULL;
	pipeline_flush(p);
	deliver_free(d->deliver);
	d->deliver = NULL;
	cluster_free(d->cluster);
	d->cluster = NULL;
	if ((left = hub_drain(d->hub, DAEMON_DRAIN_MS)) > 0)
		log_warnx("%zu bytes of alerts not taken by subscribers in "
		    "%d ms; they are in the database", left, DAEMON_DRAIN_MS);
	hub_free(d->hub);
	store_close(d->store);
	ok = p->polls_ok;
	failed = p->polls_failed;
	alerts = p->alerts;
	decisions_free(d);
	pipeline_free(p);
	rescan_free(d);
	for (i = 0; i < 3; i++)
		event_free(d->sig[i]);
	event_base_free(d->base);
	matcher_free(d->matcher);
	rules_free(d->rules);
	watchlist_free(d->wl);
	log_notice("stopped: %llu poll%s ok, %llu failed, %llu alert%s "
	    "written", (unsigned long long)ok, ok == 1 ? "" : "s",
	    (unsigned long long)failed, (unsigned long long)alerts,
	    alerts == 1 ? "" : "s");
	config_free(d->conf);
	curl_global_cleanup();
	return (gone ? 1 : 0);
}

/*
 * -n: whether the database's and the socket's directories exist and are
 * writable, and an existing database file too, as nginx -t checks what it
 * can; each problem is printed.  A directory that does not exist is an
 * error (-1); one this user may not write is only a warning, since -n may
 * be run by another user than the service's.  0 or -1.
 */
static int
daemon_check_paths(const struct config *conf)
{
	const struct {
		const char	*what;
		const char	*path;
	} paths[] = {
		{ "database", conf->database },
		{ "socket", conf->socket },
	};
	char	*copy, *dir;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		copy = xstrdup(paths[i].path);
		dir = dirname(copy);
		if (access(dir, W_OK | X_OK) == -1) {
			fprintf(stderr, "%s: %s%s directory %s: %s\n",
			    conf->path, errno == EACCES ? "warning: " : "",
			    paths[i].what, dir, strerror(errno));
			if (errno != EACCES)
				rc = -1;
		}
		free(copy);
	}
	if (access(conf->database, F_OK) == 0 &&
	    access(conf->database, R_OK | W_OK) == -1)
		fprintf(stderr, "%s: warning: database %s: %s\n", conf->path,
		    conf->database, strerror(errno));
	return (rc);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char		 opt[3] = "-?";
	struct daemon	 d;
	struct diag	 diag;
	const char	*path = DEFAULT_CONFIG;
	int		 ch, check = 0, verbose = 0;

	memset(&d, 0, sizeof d);
	memset(&diag, 0, sizeof diag);
	log_init(LOG_LVL_INFO, "sanctwatchd");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:nvh", longopts, NULL)) !=
	    -1) {
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
		case 'h':
			help();
			return (0);
		case ':':
			opt[1] = (char)optopt;
			usage("a value is needed after ", optopt == 0 ||
			    strncmp(argv[optind - 1], "--", 2) == 0 ?
			    argv[optind - 1] : opt);
		default:
			opt[1] = (char)optopt;
			usage("unknown option ", optopt == 0 ?
			    argv[optind - 1] : opt);
		}
	}
	if (optind != argc)
		usage("unexpected argument ", argv[optind]);
	if ((d.conf = daemon_load(path, &d.wl, &d.rules, &diag, NULL)) == NULL) {
		diag_print(&diag, stderr);
		diag_free(&diag);
		return (1);
	}
	if (check) {
		if (daemon_check_paths(d.conf) != 0) {
			watchlist_free(d.wl);
			config_free(d.conf);
			return (1);
		}
		if (verbose)
			config_print(d.conf, stdout);
		fprintf(stderr, "configuration OK: %zu source%s, %zu entit%s, "
		    "%zu countr%s, %zu rule%s\n", d.conf->nsources,
		    d.conf->nsources == 1 ? "" : "s", d.wl->nentities,
		    d.wl->nentities == 1 ? "y" : "ies", d.wl->ncountries,
		    d.wl->ncountries == 1 ? "y" : "ies", rules_count(d.rules),
		    rules_count(d.rules) == 1 ? "" : "s");
		rules_free(d.rules);
		watchlist_free(d.wl);
		config_free(d.conf);
		return (0);
	}
	log_setlevel(d.conf->log_level);
	d.matcher = matcher_new(d.wl);
	reload_warmup();
	daemon_start(&d);
	event_base_dispatch(d.base);
	return (daemon_stop(&d));
}
