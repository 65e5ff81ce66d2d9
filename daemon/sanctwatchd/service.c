/*
 * The service side: what systemd and the socket's "status" and "sources"
 * see of the running daemon.  READY=1 once the database is open, the
 * watchlists compiled and the socket listening; STATUS= on changes (checked
 * every DAEMON_TICK_MS); RELOADING=1 and READY=1 around a reload
 * (reload.c); STOPPING=1; WATCHDOG=1 from a loop timer at half of
 * WATCHDOG_USEC.  notify.c speaks the notify protocol; without
 * $NOTIFY_SOCKET (or in once mode) none of the timers run.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "sanctwatchd/daemon.h"

#define DAEMON_TICK_MS	2000	/* STATUS= refresh */

/*
 * Count the configured sources whose last poll succeeded or failed, from
 * the per-source state in the database; the others have not been polled.
 */
static void
service_source_counts(struct daemon *d, size_t *ok, size_t *failing)
{
	size_t	 i;

	*ok = *failing = 0;
	for (i = 0; i < d->conf->nsources; i++) {
		switch (store_source_ok(d->store, d->conf->sources[i].id)) {
		case 1:
			(*ok)++;
			break;
		case 0:
			(*failing)++;
			break;
		}
	}
}

/* The one-line STATUS= summary: sources, alerts today, subscribers. */
static char *
service_status_line(struct daemon *d)
{
	struct tm	 tm;
	time_t		 now = time(NULL);
	size_t		 ok, failing, subs;
	int64_t		 today;
	char		*reloading, *line;
	int		 day;

	gmtime_r(&now, &tm);
	day = tm.tm_year * 1000 + tm.tm_yday;
	if (day != d->today) {
		d->today = day;
		d->alerts_midnight = d->pipeline->alerts;
	}
	service_source_counts(d, &ok, &failing);
	/* From the database: a restart does not start the count again. */
	if ((today = store_alerts_today(d->store)) < 0)
		today = (int64_t)(d->pipeline->alerts - d->alerts_midnight);
	subs = hub_subscribers(d->hub);
	reloading = reload_status_line(d);
	line = xasprintf("%s%s%s%zu source%s: %zu ok, %zu failing; %llu alert%s "
	    "today; %zu subscriber%s%s%s%s%s", reloading != NULL ?
	    "reloading: " : "", reloading != NULL ? reloading : "",
	    reloading != NULL ? "; " : "", d->conf->nsources,
	    d->conf->nsources == 1 ? "" : "s", ok, failing,
	    (unsigned long long)today, today == 1 ? "" : "s",
	    subs, subs == 1 ? "" : "s", d->pipeline->storage.failing ?
	    "; STORAGE FAILING: " : "", d->pipeline->storage.failing ?
	    d->pipeline->storage.error : "", d->last_reload.error != NULL ?
	    "; last reload failed: " : "", d->last_reload.error != NULL ?
	    d->last_reload.error : "");
	free(reloading);
	return (line);
}

/*
 * Tell systemd a state ("READY=1") with the summary, or, with state NULL,
 * the summary alone if it changed since the last one sent (one that could
 * not be sent, its queue full, is sent again at the next tick).
 */
void
service_notify(struct daemon *d, const char *state)
{
	char	*line;
	int	 rc = 0;

	if (!d->notify)
		return;
	line = service_status_line(d);
	if (state != NULL)
		rc = notify_send("%s\nSTATUS=%s", state, line);
	else if (d->status == NULL || strcmp(line, d->status) != 0)
		rc = notify_send("STATUS=%s", line);
	free(d->status);
	d->status = line;
	if (rc == -1) {		/* not sent (a full queue): again next tick */
		free(d->status);
		d->status = NULL;
	}
}

/* The watchdog timer: the loop is alive. */
static void
service_watchdog(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	(void)arg;
	notify_send("WATCHDOG=1");
}

/* Every DAEMON_TICK_MS: a fresh STATUS= if the summary changed. */
static void
service_tick(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	service_notify(arg, NULL);
}

/*
 * With $NOTIFY_SOCKET (not in once mode) the STATUS= timer and, if the
 * watchdog is ours, its timer at half the period.
 */
void
service_start(struct daemon *d)
{
	struct timeval	 tv;
	uint64_t	 usec;

	if (d->once || notify_init() != 1)
		return;
	d->notify = 1;
	tv.tv_sec = DAEMON_TICK_MS / 1000;
	tv.tv_usec = (DAEMON_TICK_MS % 1000) * 1000;
	d->tick_ev = event_new(d->base, -1, EV_PERSIST, service_tick, d);
	if (d->tick_ev == NULL || event_add(d->tick_ev, &tv) == -1)
		fatalx("cannot arm the status timer");
	if ((usec = notify_watchdog_usec()) == 0)
		return;
	usec /= 2;
	tv.tv_sec = (time_t)(usec / 1000000);
	tv.tv_usec = (suseconds_t)(usec % 1000000);
	d->watchdog_ev = event_new(d->base, -1, EV_PERSIST, service_watchdog,
	    d);
	if (d->watchdog_ev == NULL || event_add(d->watchdog_ev, &tv) == -1)
		fatalx("cannot arm the watchdog timer");
	log_info("watchdog: a ping to systemd every %llu ms",
	    (unsigned long long)(usec / 1000));
}

/* Stop the timers and close the notify socket. */
void
service_stop(struct daemon *d)
{
	if (d->watchdog_ev != NULL)
		event_free(d->watchdog_ev);
	if (d->tick_ev != NULL)
		event_free(d->tick_ev);
	free(d->status);
	notify_close();
}

/*
 * Storage health: {"ok", "errors", "last_error", "last_error_at",
 * "database_id"}; ok is whether the last write succeeded.
 */
static json_t *
service_storage(struct daemon *d)
{
	struct pipeline	*p = d->pipeline;

	return (json_pack("{s:b, s:I, s:s?, s:s?, s:s}",
	    "ok", !p->storage.failing,
	    "errors", (json_int_t)p->storage.errors,
	    "last_error", p->storage.error,
	    "last_error_at", p->storage.errors > 0 ? p->storage.error_at : NULL,
	    "database_id", store_id(d->store)));
}

/* The status reply's fields, as a JSON object (proto_ops.status). */
json_t *
service_status(void *arg)
{
	struct daemon	*d = arg;
	struct pipeline	*p = d->pipeline;
	json_t		*rescan = NULL, *st, *cl;

	if (d->rescan.running) {
		rescan = json_pack("{s:I, s:I, s:I}",
		    "documents", (json_int_t)d->rescan.done,
		    "total", (json_int_t)d->rescan.total,
		    "alerts", (json_int_t)d->rescan.alerts);
	}
	st = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:I, s:s, s:I, s:I, "
	    "s:I, s:I, s:I, s:I, s:o?, s:o}",
	    "version", SANCTWATCH_VERSION,
	    "uptime", (json_int_t)(time(NULL) - d->started),
	    "entities", (json_int_t)d->wl->nentities,
	    "countries", (json_int_t)d->wl->ncountries,
	    "names", (json_int_t)matcher_names(d->matcher),
	    "watchlist_sha256", d->wl->hash,
	    "rules", (json_int_t)rules_count(d->rules),
	    "rules_sha256", rules_hash(d->rules),
	    "sources", (json_int_t)d->conf->nsources,
	    "polls_ok", (json_int_t)p->polls_ok,
	    "polls_failed", (json_int_t)p->polls_failed,
	    "documents", (json_int_t)p->documents,
	    "alerts_written", (json_int_t)p->alerts,
	    "subscribers", (json_int_t)hub_subscribers(d->hub),
	    "rescan", rescan,
	    "deliver", deliver_status(d->deliver));
	if (st != NULL) {
		json_object_set_new(st, "clients_queued",
		    json_integer((json_int_t)hub_queued_bytes(d->hub)));
		json_object_set_new(st, "storage", service_storage(d));
		json_object_set_new(st, "last_reload",
		    d->last_reload.at[0] == '\0' ? json_null() :
		    json_pack("{s:s, s:b, s:s?}", "at", d->last_reload.at,
		    "ok", d->last_reload.ok, "error", d->last_reload.error));
		json_object_set_new(st, "reloading", reload_status(d));
		if ((cl = cluster_status(d->cluster)) != NULL)
			json_object_set_new(st, "cluster", cl);
	}
	return (st);
}

/* The sources reply: every source's polling state (proto_ops.sources). */
json_t *
service_sources(void *arg)
{
	struct daemon	*d = arg;

	return (store_sources_json(d->store));
}

