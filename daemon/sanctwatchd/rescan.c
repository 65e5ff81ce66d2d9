/*
 * Retro-scan.  Each document is scanned once when it is fetched; when the
 * watchlist changes (a reload, or a start with another list than the
 * database last saw), the texts kept for retention.texts are scanned again
 * with the new matcher, newest first, through the same alert_build() and
 * alert identity as a fresh document (pipeline_rescan): only parties an
 * article newly names alert, written and published like any other alert.
 * It runs in slices from a zero timeout, so polls and clients go on
 * between them.  A slice may take as long as the loop spent on everything
 * else since the last one, from DAEMON_RESCAN_US to DAEMON_RESCAN_MAX_US:
 * idle, it runs in short slices back to back; under steady load it gets
 * about an even share instead of 5 ms per turn of a busy loop (issue 17,
 * item 14: 173 documents/s under load against 7,600 idle); the cursor is a document id, so documents
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
#define DAEMON_RESCAN_MAX_US 25000 /* ... at most, however busy the loop */
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
	log_notice("rescan: %llu document%s, %llu new alert%s in %.2f s",
	    (unsigned long long)d->rescan.done,
	    d->rescan.done == 1 ? "" : "s",
	    (unsigned long long)d->rescan.alerts,
	    d->rescan.alerts == 1 ? "" : "s",
	    (double)(clock_usec() - d->rescan.started_us) / 1e6);
}

/* Scan one kept text again: the number of new alerts, or -1. */
static int
rescan_one(struct daemon *d, const struct document *doc)
{
	int	 rc;

	if ((rc = pipeline_rescan(d->pipeline, doc)) > 0)
		log_info("rescan: %d alert%s for %s", rc, rc == 1 ? "" : "s",
		    doc->url);
	return (rc);
}

/*
 * Scan up to DAEMON_RESCAN_READ kept texts, newest first, until budget
 * (from t0) is used: 1 to go on, 0 when every text was scanned (or the
 * rescan stopped), -1 if they cannot be read.
 */
static int
rescan_batch(struct daemon *d, uint64_t t0, uint64_t budget)
{
	struct store_text	*v;
	ssize_t			 n, i;
	int			 rc;

	if ((n = store_texts_read(d->store, d->rescan.before,
	    DAEMON_RESCAN_READ, &v)) == -1)
		return (-1);
	for (i = 0; i < n && d->rescan.running; i++) {
		if ((rc = rescan_one(d, v[i].doc)) == -1)
			break;	/* rescan_lost() stopped it */
		d->rescan.before = v[i].id;
		d->rescan.done++;
		d->rescan.alerts += (uint64_t)rc;
		if (clock_usec() - t0 >= budget)
			break;
	}
	store_texts_free(v, (size_t)n);
	return (n > 0 && d->rescan.running);
}

/* One slice of a rescan, then the next from a zero timeout. */
static void
rescan_slice(evutil_socket_t fd, short ev, void *arg)
{
	static const struct timeval	 now = { 0, 0 };
	struct daemon			*d = arg;
	uint64_t			 t0 = clock_usec(), budget;
	int				 more;

	(void)fd;
	(void)ev;
	if (!d->rescan.running)
		return;
	budget = t0 - d->rescan.slice_end_us;	/* the others' share */
	if (budget < DAEMON_RESCAN_US || d->rescan.slice_end_us == 0)
		budget = DAEMON_RESCAN_US;
	if (budget > DAEMON_RESCAN_MAX_US)
		budget = DAEMON_RESCAN_MAX_US;
	while ((more = rescan_batch(d, t0, budget)) == 1 &&
	    clock_usec() - t0 < budget)
		;
	d->rescan.slice_end_us = clock_usec();
	if (more == -1) {
		log_warnx("rescan: the kept texts cannot be read; stopped");
		rescan_halt(d);
	} else if (more == 0 && d->rescan.running)
		rescan_end(d);
	else if (more == 1)
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
		log_notice("rescan: stopped after %llu of %lld document%s; "
		    "the next start scans them again", (unsigned long long)
		    d->rescan.done, (long long)d->rescan.total,
		    d->rescan.total == 1 ? "" : "s");
}

/* Free the rescan's event, once nothing can stop it any more. */
void
rescan_free(struct daemon *d)
{
	event_free(d->rescan.ev);
}
