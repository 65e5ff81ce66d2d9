/*
 * Reload (SIGHUP, or "reload" on the socket): the config and watchlists are
 * parsed and the matcher compiled beside the running ones; they are swapped
 * in between two loop events only if everything validated, so a document is
 * matched either wholly before or wholly after, and no alert is lost or
 * doubled.  Both build on a worker thread (a million names take seconds)
 * and hand the result back through a pipe event, so polls and subscribers
 * carry on meanwhile; a socket client that asked is answered with the
 * outcome then (hub_reload_done).  Sources take effect through
 * poller_update() (unchanged ones keep their schedule); changed http
 * settings need a new fetch and poller; a changed database or socket path is
 * refused (they need a restart).  On any error the running ones stay and the
 * errors, with their locations, go to the log and to the requester.  What a
 * reload replaced is freed on a thread too.  The threads touch only what
 * they build or free: the text side has no mutable globals but the lazily
 * built tables of normalize.c and matcher.c, which reload_warmup() builds on
 * the main thread before any thread starts.  One reload builds at a time; a
 * request meanwhile (SIGHUP or socket) is served by one more reload after
 * it, since the files may have changed after the running build read them.
 *
 * systemd hears RELOADING=1 when a reload starts (reload_new) and READY=1
 * with the new STATUS= when it is over (service_notify).
 *
 * A build that is not done after reload_timeout (a watchlist on a hung NFS
 * or FUSE mount, a pipe whose writer never writes; issue 17, item 6) is
 * given up: those who asked are told, the running configuration stays, the
 * thread is detached and frees its build itself whenever its read returns.
 * Later reloads start afresh; while RELOAD_MAX_STUCK given-up builds are
 * still stuck, further reloads are refused.  Stopping never waits for a
 * build: one still running is given up the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "sanctwatchd/daemon.h"

#define RELOAD_MAX_STUCK	2	/* given-up builds still reading */

static atomic_int	 reload_stuck;	/* given up, their threads not done */

static void	reload_free(struct reload *);

/* A reload of the running config's file, announced to systemd. */
static struct reload *
reload_new(struct daemon *d, const char *by)
{
	struct reload	*r;

	r = xcalloc(1, sizeof *r);
	r->d = d;
	r->path = xstrdup(d->conf->path);
	r->by = by;
	r->started_us = clock_usec();
	log_notice("reloading %s (%s)", r->path, by);
	notify_send("RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading %s",
	    (unsigned long long)r->started_us, r->path);
	return (r);
}

/* Free a reload and whatever of it was not swapped in. */
static void
reload_free(struct reload *r)
{
	if (r == NULL)
		return;
	if (r->timer != NULL)
		event_free(r->timer);
	matcher_free(r->matcher);
	rules_free(r->rules);
	watchlist_free(r->wl);
	config_free(r->conf);
	diag_free(&r->diag);
	free(r->waiters.v);
	free(r->path);
	free(r);
}

/* Parse the config and watchlists and compile the matcher: any thread. */
static void
reload_build(struct reload *r)
{
	if ((r->conf = daemon_load(r->path, &r->wl, &r->rules, &r->diag,
	    &r->progress)) != NULL) {
		atomic_store(&r->progress.step, RELOAD_STEP_MATCHER);
		r->matcher = matcher_new(r->wl);
	}
	atomic_store(&r->progress.step, RELOAD_STEP_DONE);
}

/*
 * The reload thread: build, then wake the loop through the pipe; or, if the
 * loop gave the build up meanwhile, free it.
 */
static void *
reload_thread(void *arg)
{
	struct reload	*r = arg;
	char		 c = 'r';
	int		 fd = r->d->reload_pipe[1];

	reload_build(r);
	if (atomic_exchange(&r->state, RELOAD_BUILT) == RELOAD_ABANDONED) {
		reload_free(r);
		atomic_fetch_sub(&reload_stuck, 1);
		return (NULL);
	}
	while (write(fd, &c, 1) == -1 && errno == EINTR)
		;
	return (NULL);
}

/* Every error of a failed build, in one line for the requester. */
static char *
reload_errors(const struct diag *diag)
{
	char	*s, *t;
	size_t	 i, n = diag_count(diag);

	s = xasprintf("%zu error%s, not reloaded", n, n == 1 ? "" : "s");
	for (i = 0; i < n && i < 10; i++) {
		t = xasprintf("%s%s %s", s, i == 0 ? ":" : ";",
		    diag->msgs.v[i]);
		free(s);
		s = t;
	}
	if (n > 10) {
		t = xasprintf("%s; and %zu more (see the log)", s, n - 10);
		free(s);
		s = t;
	}
	return (s);
}

/* A NULL-safe string comparison: 1 if they differ. */
static int
reload_strdiff(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != b);
	return (strcmp(a, b) != 0);
}

/*
 * Whether the http settings a fetch copies when it is created differ (the
 * poller takes max_connections and max_per_host from poller_update).
 */
static int
reload_fetch_changed(const struct http_cfg *a, const struct http_cfg *b)
{
	return (reload_strdiff(a->user_agent, b->user_agent) ||
	    a->connect_timeout_ms != b->connect_timeout_ms ||
	    a->timeout_ms != b->timeout_ms || a->max_body != b->max_body);
}

/*
 * Refuse what only a restart can change: the database and the socket are
 * opened once.  0, or -1 with the reason in *cause.
 */
static int
reload_check(const struct config *old, const struct config *new,
    char **cause)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} fixed[] = {
		{ "database", offsetof(struct config, database) },
		{ "socket", offsetof(struct config, socket) },
	};
	const char	*a, *b;
	size_t		 i;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		a = *(char *const *)(const void *)((const char *)old +
		    fixed[i].off);
		b = *(char *const *)(const void *)((const char *)new +
		    fixed[i].off);
		if (reload_strdiff(a, b)) {
			*cause = xasprintf("%s: %s changed from %s to %s; "
			    "restart the daemon to change it, not reloaded",
			    new->path, fixed[i].key, a, b);
			return (-1);
		}
	}
	if (old->socket_mode != new->socket_mode) {
		*cause = xasprintf("%s: socket_mode changed from %04o to %04o; "
		    "restart the daemon to change it, not reloaded", new->path,
		    (unsigned)old->socket_mode, (unsigned)new->socket_mode);
		return (-1);
	}
	return (0);
}

/*
 * Put a reload's sources into effect: through poller_update() (which copies
 * them) if the fetch's settings are the same, else with a new fetch and
 * poller (transfers in flight are cancelled and polled again).  0, or -1
 * with *cause and nothing changed.
 */
static int
reload_sources(struct daemon *d, struct config *conf, char **cause)
{
	struct fetch	*fetch;
	struct poller	*poller;

	if (!reload_fetch_changed(&d->conf->http, &conf->http)) {
		if (poller_update(d->poller, conf) == 0)
			return (0);
		*cause = xasprintf("%s: the new sources could not be "
		    "scheduled, not reloaded", conf->path);
		return (-1);
	}
	if ((fetch = fetch_new(d->base, &conf->http)) == NULL) {
		*cause = xasprintf("%s: transfers with the new http settings "
		    "cannot be set up, not reloaded", conf->path);
		return (-1);
	}
	poller = daemon_poller(d, fetch, conf);
	poller_free(d->poller);
	fetch_free(d->fetch);
	d->poller = poller;
	d->fetch = fetch;
	d->pipeline->poller = poller;
	poller_start(d->poller, d->once);
	log_notice("http settings changed: transfers in flight cancelled, "
	    "sources polled again with the new settings");
	return (0);
}

/* Swap the running watchlist, matcher and config with a reload's. */
static void
reload_swap(struct daemon *d, struct reload *r)
{
	struct watchlist	*wl = d->wl;
	struct matcher		*m = d->matcher;
	struct rules		*rules = d->rules;
	struct config		*conf = d->conf;

	d->wl = r->wl;
	d->matcher = r->matcher;
	d->rules = r->rules;
	d->conf = r->conf;
	r->wl = wl;
	r->matcher = m;
	r->rules = rules;
	r->conf = conf;
	pipeline_set(d->pipeline, d->conf, d->wl, d->matcher, d->rules);
	deliver_update(d->deliver, d->conf);
	cluster_update(d->cluster, d->conf, d->wl->hash);
}

/*
 * Swap a built reload in, between two loop events.  On any error nothing
 * changes, the errors go to the log and, if cause is not NULL, to the
 * requester.  0 or -1.
 */
static int
reload_apply(struct daemon *d, struct reload *r, char **cause)
{
	char		*why = NULL;
	size_t		 i;

	if (r->conf == NULL) {
		log_warnx("configuration has errors, not reloading:");
		for (i = 0; i < r->diag.msgs.n; i++)
			log_warnx("%s", r->diag.msgs.v[i]);
		why = reload_errors(&r->diag);
	} else if (reload_check(d->conf, r->conf, &why) == 0 &&
	    reload_sources(d, r->conf, &why) == 0) {
		reload_swap(d, r);
		log_setlevel(d->conf->log_level);
		log_notice("reloaded: %zu entit%s, %zu countr%s, %zu name%s, "
		    "%zu rule%s, %zu source%s (%s, %llu ms)", d->wl->nentities,
		    d->wl->nentities == 1 ? "y" : "ies", d->wl->ncountries,
		    d->wl->ncountries == 1 ? "y" : "ies",
		    matcher_names(d->matcher),
		    matcher_names(d->matcher) == 1 ? "" : "s",
		    rules_count(d->rules), rules_count(d->rules) == 1 ? "" : "s",
		    d->conf->nsources, d->conf->nsources == 1 ? "" : "s", r->by,
		    (unsigned long long)((clock_usec() - r->started_us) / 1000));
		return (0);
	} else
		log_warnx("%s", why);
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return (-1);
}

/* Start a thread with every signal blocked in it: 0 or an errno. */
static int
reload_spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t	 all, old;
	int		 error;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	error = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return (error);
}

/* The disposer thread: free a reload and what it replaced. */
static void *
reload_dispose_thread(void *arg)
{
	reload_free(arg);
	return (NULL);
}

/*
 * Free a finished reload, with the watchlist and matcher it replaced, off
 * the loop: a million names take a while to free.  The disposer is joined
 * before the next one starts and at stop.
 */
static void
reload_dispose(struct daemon *d, struct reload *r)
{
	if (d->disposing) {
		pthread_join(d->disposer, NULL);
		d->disposing = 0;
	}
	if (r->matcher == NULL ||
	    reload_spawn(&d->disposer, reload_dispose_thread, r) != 0) {
		reload_free(r);
		return;
	}
	d->disposing = 1;
}

/* Answer the socket clients that asked for a reload (error NULL: taken). */
static void
reload_answer(struct daemon *d, struct waiters *w, const char *error)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		hub_reload_done(d->hub, w->v[i], error);
	free(w->v);
	memset(w, 0, sizeof *w);
}

/*
 * Record a reload's outcome (error NULL: it took) for status and STATUS=,
 * so a failed reload is not only in the log.
 */
static void
reload_outcome(struct daemon *d, const char *error)
{
	struct tm	 tm;
	time_t		 now = time(NULL);

	if (gmtime_r(&now, &tm) == NULL || strftime(d->last_reload.at,
	    sizeof d->last_reload.at, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		d->last_reload.at[0] = '\0';
	d->last_reload.ok = error == NULL;
	free(d->last_reload.error);
	d->last_reload.error = error != NULL ? xstrdup(error) : NULL;
}

/*
 * Apply a built reload, answer those who asked, tell systemd we are ready
 * again, dispose of it.
 */
static void
reload_finish(struct daemon *d, struct reload *r)
{
	char	*cause = NULL;

	if (reload_apply(d, r, &cause) == 0) {
		reload_outcome(d, NULL);
		hub_limits(d->hub, &d->conf->clients);
		reload_answer(d, &r->waiters, NULL);
		/* r holds what was replaced. */
		if (strcmp(r->wl->hash, d->wl->hash) != 0)
			daemon_lists(d);
		if (strcmp(r->wl->hash, d->wl->hash) != 0 ||
		    strcmp(rules_hash(r->rules), rules_hash(d->rules)) != 0 ||
		    (d->rescan.running && d->conf->text_retention_ms == 0))
			rescan_start(d, r->by);
	} else {
		reload_outcome(d, cause != NULL ? cause : "failed");
		reload_answer(d, &r->waiters, cause != NULL ? cause :
		    "failed");
	}
	free(cause);
	service_notify(d, "READY=1");
	reload_dispose(d, r);
}

/*
 * Give up a build still running on its thread: answer its waiters with
 * why, detach the thread, which frees the build when its read returns.
 * Returns 0, or -1 if the build is done after all (the caller takes it).
 */
static int
reload_abandon(struct daemon *d, struct reload *r, const char *why)
{
	struct waiters	 w = r->waiters;

	if (!r->threaded)
		return (-1);
	if (r->timer != NULL)
		event_free(r->timer);	/* not on the thread: libevent's */
	r->timer = NULL;
	memset(&r->waiters, 0, sizeof r->waiters);
	atomic_fetch_add(&reload_stuck, 1);
	if (atomic_exchange(&r->state, RELOAD_ABANDONED) == RELOAD_BUILT) {
		atomic_store(&r->state, RELOAD_BUILT);
		atomic_fetch_sub(&reload_stuck, 1);
		r->waiters = w;
		return (-1);
	}
	/* r is the thread's from here on. */
	pthread_detach(r->thread);
	reload_answer(d, &w, why);
	return (0);
}

/* reload_timeout passed: give the build up unless it has just finished. */
static void
reload_timeout(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;
	struct reload	*r = d->reload;
	char		*why, *path;
	uint64_t	 ms = d->conf->reload_timeout_ms;

	(void)fd;
	(void)ev;
	if (r == NULL)
		return;
	path = xstrdup(r->path);
	why = xasprintf("not reloaded: %s and its watchlists were still being "
	    "read after %llu ms (a hung mount, or a pipe?); the running "
	    "configuration stays", path, (unsigned long long)ms);
	if (reload_abandon(d, r, why) == 0) {
		log_warnx("reload given up: %s", why + strlen("not reloaded: "));
		reload_outcome(d, why);
		d->reload = NULL;
		service_notify(d, "READY=1");
		if (d->reload_again)
			reload_start(d, d->waiters.n > 0 ? "socket" : "SIGHUP");
	}
	free(why);
	free(path);
}

/* Give a threaded build reload_timeout to finish. */
static void
reload_arm(struct daemon *d, struct reload *r)
{
	struct timeval	 tv;
	uint64_t	 ms = d->conf->reload_timeout_ms;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	r->timer = evtimer_new(d->base, reload_timeout, d);
	if (r->timer == NULL || evtimer_add(r->timer, &tv) != 0)
		log_warnx("reload: no timer: a build that hangs is waited for");
}

/*
 * Build a reload on a thread while the loop goes on; the socket clients
 * waiting for one are answered when it is done.  While one is building,
 * another is to follow it.
 */
void
reload_start(struct daemon *d, const char *by)
{
	struct reload	*r;
	int		 error;
	char		 c = 'r';

	if (d->reload != NULL) {
		log_notice("%s: a reload is being built; another will follow "
		    "it", by);
		d->reload_again = 1;
		return;
	}
	d->reload_again = 0;
	if (atomic_load(&reload_stuck) >= RELOAD_MAX_STUCK) {
		log_warnx("%s: not reloading: %d given-up reloads are still "
		    "reading their files (a hung mount?)", by,
		    atomic_load(&reload_stuck));
		reload_outcome(d, "not reloaded: earlier reloads are still "
		    "stuck reading their files");
		reload_answer(d, &d->waiters, "not reloaded: earlier reloads "
		    "are still stuck reading their files (see the log)");
		return;
	}
	r = reload_new(d, by);
	r->waiters = d->waiters;
	memset(&d->waiters, 0, sizeof d->waiters);
	d->reload = r;
	if ((error = reload_spawn(&r->thread, reload_thread, r)) == 0) {
		r->threaded = 1;
		reload_arm(d, r);
		return;
	}
	errno = error;
	log_warn("cannot start a reload thread; reloading on the "
	    "main loop");
	reload_build(r);
	atomic_store(&r->state, RELOAD_BUILT);
	/* Finished from the pipe's event, as if the thread had built it. */
	while (write(d->reload_pipe[1], &c, 1) == -1 && errno == EINTR)
		;
}

/* The reload build finished: join its thread and swap in what it built. */
static void
reload_done(evutil_socket_t fd, short ev, void *arg)
{
	struct daemon	*d = arg;
	struct reload	*r = d->reload;
	char		 buf[16];

	(void)ev;
	while (read(fd, buf, sizeof buf) > 0)
		;
	if (r == NULL || atomic_load(&r->state) != RELOAD_BUILT)
		return;
	if (r->threaded)
		pthread_join(r->thread, NULL);
	if (r->timer != NULL)
		event_free(r->timer);	/* here: the disposer is a thread */
	r->timer = NULL;
	d->reload = NULL;
	reload_finish(d, r);
	if (d->reload_again)
		reload_start(d, d->waiters.n > 0 ? "socket" : "SIGHUP");
}

/*
 * The socket's "reload" (through proto_ops) for client id: started, or
 * queued behind the one being built; the client is answered with the
 * outcome by reload_finish().
 */
int
reload_request(void *arg, unsigned id, char **cause)
{
	struct daemon	*d = arg;
	struct waiters	*w = &d->waiters;

	(void)cause;
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 4 : w->cap * 2;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n++] = id;
	reload_start(d, "socket");
	return (0);
}

/*
 * Run a tiny watchlist through the text side once, so the lazily built
 * static tables of normalize.c and matcher.c exist before any reload thread
 * compiles a matcher beside the loop's scans.
 */
void
reload_warmup(void)
{
	static const char	 yaml[] =
	    "version: 1\n"
	    "entities:\n"
	    "  - {id: w1, name: \"DOE, John\", type: person}\n"
	    "  - {id: w2, name: OOO Warm Up, type: organization,"
	    " aliases: [Warm Up LLC], weak_aliases: [WU]}\n"
	    "countries:\n"
	    "  - {code: RU, name: Russia, adjectives: [Russian],"
	    " status: sanctioned}\n";
	static const char	 text[] = "John Doe of Warm Up LLC (WU), a "
	    "Russian firm; \xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f.";
	struct diag		 diag;
	struct watchlist	*wl;
	struct matcher		*m;
	struct document		*doc;
	struct alert		*alerts;
	struct alert_opts	 opts = { .min_score = 0.5, .snippet_chars = 40 };
	size_t			 n;

	memset(&diag, 0, sizeof diag);
	if ((wl = watchlist_load_mem("warm-up", yaml, sizeof yaml - 1,
	    &diag)) == NULL)
		fatalx("the built-in warm-up watchlist does not load");
	m = matcher_new(wl);
	doc = extract_document("warm-up", "warm-up", FORMAT_TEXT, NULL, text,
	    sizeof text - 1);
	n = alert_build(doc, wl, m, &opts, &alerts);
	alert_free_array(alerts, n);
	document_free(doc);
	matcher_free(m);
	watchlist_free(wl);
	diag_free(&diag);
}


/* The reload pipe and its event: a build finished. */
void
reload_init(struct daemon *d)
{
	if (pipe2(d->reload_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		fatal("creating the reload pipe");
	d->reload_ev = event_new(d->base, d->reload_pipe[0],
	    EV_READ | EV_PERSIST, reload_done, d);
	if (d->reload_ev == NULL || event_add(d->reload_ev, NULL) == -1)
		fatalx("cannot watch the reload pipe");
}

/*
 * Stop: answer everyone who asked, give up the reload being built unless
 * it is done (its thread frees it), wait for the disposer (it only frees
 * memory), close the pipe.
 */
void
reload_stop(struct daemon *d)
{
	if (d->reload != NULL && reload_abandon(d, d->reload,
	    "the daemon is stopping") != 0) {
		if (d->reload->threaded)
			pthread_join(d->reload->thread, NULL);
		reload_answer(d, &d->reload->waiters,
		    "the daemon is stopping");
		reload_free(d->reload);
	}
	d->reload = NULL;
	reload_answer(d, &d->waiters, "the daemon is stopping");
	if (d->disposing)
		pthread_join(d->disposer, NULL);
	d->disposing = 0;
	if (d->reload_ev != NULL)
		event_free(d->reload_ev);
	free(d->last_reload.error);
	close(d->reload_pipe[0]);
	close(d->reload_pipe[1]);
}

/* What each step of a build does, for status and STATUS=. */
static const char *const reload_steps[] = {
	[RELOAD_STEP_CONFIG] = "reading the configuration",
	[RELOAD_STEP_WATCHLISTS] = "reading watchlists",
	[RELOAD_STEP_RULES] = "reading the rules",
	[RELOAD_STEP_MATCHER] = "compiling the matcher",
	[RELOAD_STEP_DONE] = "putting it into effect",
};

/* A reload's step, or "?" for a value no step has. */
static const char *
reload_step_name(int step)
{
	if (step < 0 || (size_t)step >= nitems(reload_steps))
		return ("?");
	return (reload_steps[step]);
}

/*
 * The reload in progress for status: {"step", "file", "files",
 * "entities", "by", "seconds"}, or JSON null if none is.  The counts are
 * the building thread's, read as it writes them.
 */
json_t *
reload_status(struct daemon *d)
{
	struct reload	*r = d->reload;

	if (r == NULL)
		return (json_null());
	return (json_pack("{s:s, s:I, s:I, s:I, s:s, s:I}",
	    "step", reload_step_name(atomic_load(&r->progress.step)),
	    "file", (json_int_t)atomic_load(&r->progress.wl.file),
	    "files", (json_int_t)atomic_load(&r->progress.wl.files),
	    "entities", (json_int_t)atomic_load(&r->progress.wl.entities),
	    "by", r->by,
	    "seconds", (json_int_t)((clock_usec() - r->started_us) /
	    1000000)));
}

/*
 * The reload in progress in a few words for STATUS=: "reading watchlists
 * (file 2 of 3, 120000 entities so far)", or NULL if none is.
 */
char *
reload_status_line(struct daemon *d)
{
	struct reload	*r = d->reload;
	int		 step;
	size_t		 file, files, n;

	if (r == NULL)
		return (NULL);
	step = atomic_load(&r->progress.step);
	file = atomic_load(&r->progress.wl.file);
	files = atomic_load(&r->progress.wl.files);
	n = atomic_load(&r->progress.wl.entities);
	if (step == RELOAD_STEP_WATCHLISTS && file > 0)
		return (xasprintf("%s (file %zu of %zu, %zu entit%s so far)",
		    reload_step_name(step), file, files, n, n == 1 ? "y" :
		    "ies"));
	if (step > RELOAD_STEP_WATCHLISTS)
		return (xasprintf("%s (%zu entit%s)", reload_step_name(step),
		    n, n == 1 ? "y" : "ies"));
	return (xstrdup(reload_step_name(step)));
}
