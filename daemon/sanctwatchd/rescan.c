/*
 * Retro-scan.  Each document is scanned once when it is fetched; when the
 * watchlist changes (a reload, or a start with another list than the
 * database last saw), the texts kept for retention.texts are scanned again
 * with the new matcher, newest first, through the same alert_build() and
 * alert identity as a fresh document (pipeline_rescan): only parties an
 * article newly names alert, written and published like any other alert.
 * It runs in slices of DAEMON_RESCAN_US from a zero timeout, so polls and
 * clients go on between them; the cursor is a document id, so documents
 * stored meanwhile (higher ids, scanned with the new list anyway) are not
 * visited.  A list change during a rescan starts it over.  When it is over,
 * the list's hash is recorded in the state table (in the batch of its last
 * alerts, if one is open); a stop before that records nothing, so the next
 * start scans again (the identity rule keeps what was alerted from alerting
 * twice).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "sanctwatchd/daemon.h"

#define DAEMON_RESCAN_READ 8	/* kept texts read (held) per rescan slice */
#define DAEMON_RESCAN_US 5000	/* loop time a rescan slice may take */
/* The state key of the watchlist the kept texts were last scanned with. */
#define DAEMON_RESCAN_KEY "rescan_watchlist_sha256"
/* And of the rules files ("" for none). */
#define DAEMON_RESCAN_RULES_KEY "rescan_rules_sha256"

/* Record the watchlist and rules the kept texts were scanned with. */
static void
rescan_record(struct daemon *d)
{
	pipeline_rescan_mark(d->pipeline);
	if (store_state_set(d->store, DAEMON_RESCAN_KEY, d->wl->hash) == -1 ||
	    store_state_set(d->store, DAEMON_RESCAN_RULES_KEY,
	    rules_hash(d->rules)) == -1)
		log_warnx("rescan: could not record the watchlist; the next "
		    "start scans the kept texts again");
}

/* Stop a rescan; --once may have been waiting for it. */
static void
rescan_halt(struct daemon *d)
{
	d->rescan.running = 0;
	evtimer_del(d->rescan.ev);
	daemon_once(d);
}

/* Scan the kept texts again with the running watchlist. */
void
rescan_start(struct daemon *d, const char *why)
{
	static const struct timeval	 now = { 0, 0 };

	if (d->conf->text_retention_ms == 0) {
		if (d->rescan.running)
			rescan_halt(d);
		rescan_record(d);
		return;
	}
	if (d->rescan.running)
		log_notice("rescan: started over with the new watchlist");
	d->rescan.running = 1;
	d->rescan.before = INT64_MAX;
	d->rescan.done = d->rescan.alerts = 0;
	d->rescan.total = store_texts_count(d->store);
	d->rescan.started_us = clock_usec();
	log_notice("rescan: %lld kept documents against watchlist %.12s (%s)",
	    (long long)d->rescan.total, d->wl->hash, why);
	evtimer_add(d->rescan.ev, &now);
}

/*
 * A rescan's alerts could not be stored (pipeline_ops.lost): stop; the next
 * start retries.
 */
void
rescan_lost(void *arg)
{
	log_warnx("rescan: alerts could not be stored; stopped, the next "
	    "start or list change scans the kept texts again");
	rescan_halt(arg);
}

/* Every kept text was scanned again. */
static void
rescan_end(struct daemon *d)
{
	rescan_halt(d);
	rescan_record(d);
	log_notice("rescan: %llu documents, %llu new alerts in %.2f s",
	    (unsigned long long)d->rescan.done,
	    (unsigned long long)d->rescan.alerts,
	    (double)(clock_usec() - d->rescan.started_us) / 1e6);
}

/* Scan one kept text again: the number of new alerts, or -1. */
static int
rescan_one(struct daemon *d, const struct document *doc)
{
	int	 rc;

	if ((rc = pipeline_rescan(d->pipeline, doc)) > 0)
		log_info("rescan: %d alerts for %s", rc, doc->url);
	return (rc);
}

/* One slice of a rescan, then the next from a zero timeout. */
static void
rescan_slice(evutil_socket_t fd, short ev, void *arg)
{
	static const struct timeval	 now = { 0, 0 };
	struct daemon			*d = arg;
	struct store_text		*v;
	uint64_t			 t0 = clock_usec();
	ssize_t				 n, i;
	int				 rc;

	(void)fd;
	(void)ev;
	if (!d->rescan.running)
		return;
	if ((n = store_texts_read(d->store, d->rescan.before,
	    DAEMON_RESCAN_READ, &v)) == -1) {
		log_warnx("rescan: the kept texts cannot be read; stopped");
		rescan_halt(d);
		return;
	}
	if (n == 0) {
		store_texts_free(v, 0);
		rescan_end(d);
		return;
	}
	for (i = 0; i < n && d->rescan.running; i++) {
		if ((rc = rescan_one(d, v[i].doc)) == -1)
			break;	/* rescan_lost() stopped it */
		d->rescan.before = v[i].id;
		d->rescan.done++;
		d->rescan.alerts += (uint64_t)rc;
		if (clock_usec() - t0 >= DAEMON_RESCAN_US)
			break;
	}
	store_texts_free(v, (size_t)n);
	if (d->rescan.running)
		evtimer_add(d->rescan.ev, &now);
}

/*
 * At start: scan the kept texts again if the watchlist is not the one the
 * database last saw; a new database just records it.
 */
void
rescan_init(struct daemon *d)
{
	char	*seen, *rules = NULL;

	if ((d->rescan.ev = evtimer_new(d->base, rescan_slice, d)) == NULL)
		fatalx("cannot create the rescan event");
	if (store_state_get(d->store, DAEMON_RESCAN_KEY, &seen) == -1 ||
	    store_state_get(d->store, DAEMON_RESCAN_RULES_KEY, &rules) == -1) {
		log_warnx("rescan: cannot read the state table; no rescan");
		free(seen);
		return;
	}
	if (seen == NULL || d->conf->text_retention_ms == 0)
		rescan_record(d);
	else if (strcmp(seen, d->wl->hash) != 0)
		rescan_start(d, "the watchlist changed since the last run");
	else if (strcmp(rules != NULL ? rules : "", rules_hash(d->rules)) != 0)
		rescan_start(d, "the rules changed since the last run");
	free(seen);
	free(rules);
}

/* At stop: say how far a running rescan got. */
void
rescan_stop(struct daemon *d)
{
	if (d->rescan.running)
		log_notice("rescan: stopped after %llu of %lld documents; the "
		    "next start scans them again", (unsigned long long)
		    d->rescan.done, (long long)d->rescan.total);
}

/* Free the rescan's event, once nothing can stop it any more. */
void
rescan_free(struct daemon *d)
{
	event_free(d->rescan.ev);
}
