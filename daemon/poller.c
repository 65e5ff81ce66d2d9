/*
 * The poller: when each source is due.  It hands due sources to fetch and
 * every result to the pipeline's callback.
 *
 * Each source has one evtimer.  A source is never in flight twice: its next
 * poll is scheduled only when the previous one completes, interval_ms after
 * that poll started (at once if the poll took longer).  At start the first
 * polls are spread over a short window, a random offset in
 * [0, min(interval, POLLER_SPREAD_MS)), so a big config does not stampede.
 * In once mode every source is due at start and polled exactly once.
 *
 * At most http.max_connections polls are handed to curl at a time; sources
 * due beyond that wait in a FIFO queue.  curl would queue them too, but a
 * transfer waiting there for a connection is already running down its
 * timeout.
 *
 * Ownership: the config is borrowed and must outlive the poller (the source
 * pointers given to the callback point into it); the fetch is the caller's.
 * A source without an interval gets the config's default.
 *
 * Cancelling is shutting down: a cancelled poll is passed to the callback,
 * but neither it nor the queued sources are started again.  poller_free
 * cancels the fetch's transfers (all of them: the poller is the fetch's only
 * user) if some of its polls are still in flight, without calling back, so it
 * must not be called from the poller's own callback.  poller_idle means
 * something only after poller_start.
 */
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "sanctwatch.h"

#define POLLER_SPREAD_MS	2000
#define POLLER_DEFAULT_INTERVAL_MS (15u * 60 * 1000)	/* if none is set */

struct poller;

/* One source's schedule. */
struct poller_src {
	struct poller		*p;
	const struct source_cfg	*cfg;
	struct event		*timer;
	uint64_t		 interval_ms;
	uint64_t		 started_ms;
	unsigned		 polls;	/* completed */
	int			 inflight;
	int			 queued;
	TAILQ_ENTRY(poller_src)	 entry;
};

struct poller {
	struct fetch		*fetch;
	poller_cb		 cb;
	void			*arg;
	struct poller_src	*srcs;
	size_t			 nsrcs;
	TAILQ_HEAD(, poller_src) queue;	/* due, waiting for a slot */
	size_t			 inflight;
	size_t			 max_inflight;	/* 0 is no limit */
	size_t			 done;	/* sources polled at least once */
	int			 started;
	int			 once;
	int			 closing;
};

static void	poller_launch(struct poller_src *);

/* Milliseconds on the monotonic clock. */
static uint64_t
poller_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/* Arm a source's timer to fire in ms milliseconds. */
static void
poller_arm(struct poller_src *s, uint64_t ms)
{
	struct timeval	 tv;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(s->timer, &tv);
}

/* Start queued sources while there is a free slot. */
static void
poller_pump(struct poller *p)
{
	struct poller_src	*s;

	while ((s = TAILQ_FIRST(&p->queue)) != NULL) {
		if (p->max_inflight != 0 && p->inflight >= p->max_inflight)
			break;
		TAILQ_REMOVE(&p->queue, s, entry);
		s->queued = 0;
		poller_launch(s);
	}
}

/* Book-keep a finished poll and pass the result on. */
static void
poller_done(struct poller_src *s, const struct fetch_result *r)
{
	struct poller	*p = s->p;

	s->inflight = 0;
	p->inflight--;
	if (s->polls++ == 0)
		p->done++;
	if (r->status == FETCH_OK || r->status == FETCH_ERR_CANCELLED) {
		log_debug("%s: %s: %s, http %ld, %zu bytes, %llu ms", __func__,
		    s->cfg->id, fetch_status_name(r->status), r->http_code,
		    r->len, (unsigned long long)r->elapsed_ms);
	} else {
		log_warnx("source %s: %s, http %ld: %s", s->cfg->id,
		    fetch_status_name(r->status), r->http_code, r->error);
	}
	p->cb(s->cfg, r, p->arg);
}

/* Schedule a source's next poll, interval after the last one started. */
static void
poller_reschedule(struct poller_src *s)
{
	uint64_t	 due, now;

	due = s->started_ms + s->interval_ms;
	now = poller_now_ms();
	poller_arm(s, due > now ? due - now : 0);
}

/* fetch callback: one poll of a source finished. */
static void
poller_fetch_cb(const struct fetch_result *r, void *arg)
{
	struct poller_src	*s = arg;
	struct poller		*p = s->p;

	if (p->closing) {
		s->inflight = 0;
		p->inflight--;
		return;
	}
	poller_done(s, r);
	if (r->status == FETCH_ERR_CANCELLED)
		return;		/* shutting down: no new polls */
	if (!p->once)
		poller_reschedule(s);
	poller_pump(p);
}

/* Hand a source to fetch; a transfer that cannot start is a failed poll. */
static void
poller_launch(struct poller_src *s)
{
	struct poller		*p = s->p;
	struct fetch_result	 r;
	char			 empty[1] = "", error[] = "could not start";

	s->started_ms = poller_now_ms();
	s->inflight = 1;
	p->inflight++;
	log_debug("%s: %s: %s", __func__, s->cfg->id, s->cfg->url);
	if (fetch_get(p->fetch, s->cfg->url, s->cfg->headers,
	    s->cfg->nheaders, poller_fetch_cb, s) == 0)
		return;
	memset(&r, 0, sizeof r);
	r.status = FETCH_ERR_OTHER;
	r.body = empty;
	r.effective_url = s->cfg->url;
	r.error = error;
	poller_done(s, &r);
	if (!p->once)
		poller_reschedule(s);
}

/* evtimer: a source is due; start it now or queue it for a slot. */
static void
poller_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct poller_src	*s = arg;
	struct poller		*p = s->p;

	(void)fd;
	(void)what;
	if (s->inflight || s->queued)
		return;
	s->queued = 1;
	TAILQ_INSERT_TAIL(&p->queue, s, entry);
	poller_pump(p);
}

/* Create a poller for every source of a config; nothing runs until start. */
struct poller *
poller_new(struct event_base *base, struct fetch *fetch,
    const struct config *cfg, poller_cb cb, void *arg)
{
	struct poller		*p;
	struct poller_src	*s;
	size_t			 i;

	p = xcalloc(1, sizeof *p);
	p->fetch = fetch;
	p->cb = cb;
	p->arg = arg;
	p->max_inflight = cfg->http.max_connections;
	TAILQ_INIT(&p->queue);
	p->nsrcs = cfg->nsources;
	p->srcs = xcalloc(p->nsrcs, sizeof *p->srcs);
	for (i = 0; i < p->nsrcs; i++) {
		s = &p->srcs[i];
		s->p = p;
		s->cfg = &cfg->sources[i];
		s->interval_ms = s->cfg->interval_ms;
		if (s->interval_ms == 0)
			s->interval_ms = cfg->default_interval_ms;
		if (s->interval_ms == 0)
			s->interval_ms = POLLER_DEFAULT_INTERVAL_MS;
		s->timer = evtimer_new(base, poller_timer_cb, s);
		if (s->timer == NULL)
			fatalx("%s: evtimer_new", __func__);
	}
	return (p);
}

/* The first delay of a source: none in once mode, else a random spread. */
static uint64_t
poller_first_delay(const struct poller *p, const struct poller_src *s)
{
	uint64_t	 window;

	if (p->once)
		return (0);
	window = s->interval_ms;
	if (window > POLLER_SPREAD_MS)
		window = POLLER_SPREAD_MS;
	return (arc4random_uniform((uint32_t)window));
}

/* Arm every source: once=1 polls each exactly once, else forever. */
void
poller_start(struct poller *p, int once)
{
	size_t	 i;

	if (p->started)
		return;
	p->started = 1;
	p->once = once;
	for (i = 0; i < p->nsrcs; i++)
		poller_arm(&p->srcs[i], poller_first_delay(p, &p->srcs[i]));
	log_debug("%s: %zu sources%s", __func__, p->nsrcs,
	    once ? ", once" : "");
}

/* 1 if nothing is in flight and, in once mode, every source was polled. */
int
poller_idle(const struct poller *p)
{
	if (p->inflight != 0)
		return (0);
	if (p->once && p->done < p->nsrcs)
		return (0);
	return (1);
}

/* Stop every timer, cancel polls still in flight, and free the poller. */
void
poller_free(struct poller *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	p->closing = 1;
	for (i = 0; i < p->nsrcs; i++)
		event_free(p->srcs[i].timer);
	if (p->inflight != 0)
		fetch_cancel_all(p->fetch);
	free(p->srcs);
	free(p);
}
