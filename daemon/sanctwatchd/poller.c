/*
 * The poller: when each source is due.  It hands due sources to fetch and
 * every result to the pipeline's callback.
 *
 * Each source has one evtimer and is never in flight twice: its next poll is
 * scheduled when the previous one completes, a delay after that poll started
 * (at once if the poll took longer).  The delay is, with +-10% jitter:
 *
 *   success (2xx, 304)  max(interval, max-age, Expires, feed ttl), the
 *                       hints capped at polling.max_delay
 *   429/503             max(backoff, Retry-After capped at max_delay)
 *   other failures      interval * 2^errors, capped at polling.backoff_max
 *   410 Gone            none: disabled, across restarts, until its config changes
 *
 * A success resets the error count.  When most recent polls of several hosts
 * fail on DNS or connect, our network is down: such failures are passed on
 * with network_down set and do not add to a source's backoff.  At start (and
 * for sources added by a reload) the first polls are spread over a short
 * window, a random offset in [0, min(interval, POLLER_SPREAD_MS)), after
 * the next poll a previous run had set, if poller_restore gave one.  In once
 * mode every source is due at start and polled exactly once.
 *
 * Limits are ours, not libcurl's, since a transfer curl queues is already
 * running down its timeout: at most http.max_connections polls in flight, at
 * most http.max_per_host to one host (host:port of the URL), and starts to
 * one host at least polling.host_spacing apart.  Due sources wait in one FIFO
 * queue; a pass over it starts every source whose host allows it, and a pump
 * timer wakes the queue when the next host's spacing has passed.
 *
 * Conditional GET: ETag and Last-Modified are kept verbatim as the server
 * sent them (also from a 304) and sent back as If-None-Match and
 * If-Modified-Since, except that at least every polling.unconditional the
 * request goes without them.  A 200 whose body hashes the same as the last
 * one is passed on with unchanged set, as is every 304.
 *
 * Ownership: the poller copies every source it polls, so the caller's config
 * may be freed once poller_new or poller_update returned; the source given to
 * the callback is the poller's copy and lives until the callback returns.  A
 * source removed by poller_update while in flight is kept, marked removed,
 * until its transfer completes, and then freed without calling back.
 * poller_update and poller_free must not be called from the callback;
 * poller_retry may be.
 *
 * Links found in fetched content (poller_link: a feed item's article) go
 * through the same limits: they wait in a queue of their own, served after
 * the due sources, count in max_connections, max_per_host and the spacing
 * of their own host, and are refused on private addresses unless their
 * source allows them.  A link's callback is called exactly once, never from
 * poller_link itself; with FETCH_ERR_CANCELLED if the poller is freed
 * first.  poller_idle is false while links wait or run, so once mode scans
 * the linked articles too.
 *
 * Cancelling is shutting down: a cancelled poll is passed to the callback,
 * but no further poll is started.  poller_free cancels the fetch's transfers
 * (the poller is the fetch's only user) without calling back for sources,
 * so it must not be called from the poller's own callback.
 */
#include <sys/queue.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"

#define POLLER_NET_WINDOW	16	/* recent outcomes for network-down */
#define POLLER_NET_AGE_MS	(2u * 60 * 1000)
#define POLLER_NET_MIN		4	/* failures, over at least... */
#define POLLER_NET_HOSTS	3	/* ...this many hosts */
#define POLLER_MAX_HEADERS	64

struct poller;

/* A host:port the poller limits, shared by its sources. */
struct poller_host {
	char			*name;
	unsigned		 refs;
	unsigned		 inflight;
	uint64_t		 last_start_ms;
	int			 started;	/* last_start_ms is set */
	TAILQ_ENTRY(poller_host) entry;
};

/* One source: its copied config, schedule and HTTP state. */
struct poller_src {
	struct poller		*p;
	struct source_cfg	 cfg;		/* the poller's own copy */
	struct poller_host	*host;
	struct event		*timer;
	uint64_t		 interval_ms;
	uint64_t		 started_ms;
	uint64_t		 uncond_ms;	/* last request without validators */
	int			 uncond_done;
	unsigned		 polls;		/* completed */
	unsigned		 errors;	/* consecutive */
	char			*etag;
	char			*last_modified;
	char			 body_sha[65];	/* of the last 200 body, or "" */
	uint64_t		 ttl_ms;	/* the feed's own <ttl> */
	uint64_t		 due_ms;	/* restored: first poll not before */
	int			 inflight;
	int			 queued;
	int			 removed;	/* freed when its poll returns */
	int			 disabled;	/* 410 */
	TAILQ_ENTRY(poller_src)	 entry;		/* all sources */
	TAILQ_ENTRY(poller_src)	 qentry;	/* the due queue */
};

/* A link to fetch under the limits, for a callback of its own. */
struct poller_link {
	struct poller		*p;
	struct source_cfg	 cfg;		/* the source's, url the link */
	struct poller_host	*host;
	fetch_cb		 cb;
	void			*arg;
	int			 inflight;
	TAILQ_ENTRY(poller_link) entry;		/* while queued */
};

/* One recent outcome, for network-down detection. */
struct poller_outcome {
	uint64_t		 ms;
	const void		*host;	/* compared, never dereferenced */
	int			 netfail;
};

struct poller {
	struct event_base	*base;
	struct fetch		*fetch;
	poller_cb		 cb;
	void			*arg;
	TAILQ_HEAD(, poller_src) srcs;
	TAILQ_HEAD(, poller_src) queue;		/* due, waiting for a slot */
	TAILQ_HEAD(, poller_host) hosts;
	TAILQ_HEAD(, poller_link) links;	/* waiting for a slot */
	size_t			 nlinks;	/* waiting */
	struct event		*pump_timer;
	size_t			 inflight;
	size_t			 max_inflight;	/* 0 is no limit */
	unsigned		 max_per_host;	/* 0 is no limit */
	uint64_t		 default_interval_ms;
	struct poll_cfg		 pc;		/* defaults filled in */
	struct poller_outcome	 recent[POLLER_NET_WINDOW];
	size_t			 nrecent;
	int			 started;
	int			 once;
	int			 closing;
	int			(*gate)(const char *, void *); /* cluster */
	void			*gate_arg;
};

static void	poller_launch(struct poller_src *);
static void	poller_link_launch(struct poller_link *);
static void	poller_pump(struct poller *);

/* Arm a timer to fire in ms milliseconds. */
static void
poller_arm_ev(struct event *ev, uint64_t ms)
{
	struct timeval	 tv;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(ev, &tv);
}

/*
 * The host:port of a URL, lower case, for the per-host limits (and the
 * cluster's, which gives all of a host's sources to one node).
 */
char *
poller_host_key(const char *url)
{
	const char	*p, *at, *end;
	char		*key;
	size_t		 n, i;

	if ((p = strstr(url, "://")) != NULL)
		p += 3;
	else
		p = url;
	n = strcspn(p, "/?#");
	end = p + n;
	if ((at = memchr(p, '@', n)) != NULL)
		p = at + 1;
	key = xstrndup(p, (size_t)(end - p));
	for (i = 0; key[i] != '\0'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	return (key);
}

/* Take a reference to the host of a URL, creating it the first time. */
static struct poller_host *
poller_host_get(struct poller *p, const char *url)
{
	struct poller_host	*h;
	char			*key;

	key = poller_host_key(url);
	TAILQ_FOREACH(h, &p->hosts, entry) {
		if (strcmp(h->name, key) == 0) {
			free(key);
			h->refs++;
			return (h);
		}
	}
	h = xcalloc(1, sizeof *h);
	h->name = key;
	h->refs = 1;
	TAILQ_INSERT_TAIL(&p->hosts, h, entry);
	return (h);
}

/* Drop a reference to a host; the last one frees it. */
static void
poller_host_put(struct poller *p, struct poller_host *h)
{
	if (--h->refs > 0)
		return;
	TAILQ_REMOVE(&p->hosts, h, entry);
	free(h->name);
	free(h);
}

/* The first delay of a source: none in once mode, else a random spread. */
static uint64_t
poller_first_delay(const struct poller *p, const struct poller_src *s)
{
	if (p->once)
		return (0);
	return (poller_schedule_spread(s->interval_ms, s->due_ms));
}

/* evtimer: a source is due; queue it and start what the limits allow. */
static void
poller_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct poller_src	*s = arg;
	struct poller		*p = s->p;

	(void)fd;
	(void)what;
	if (s->inflight || s->queued || s->removed || s->disabled)
		return;
	if (p->gate != NULL && !p->once && !p->gate(s->cfg.id, p->gate_arg)) {
		poller_arm_ev(s->timer, s->interval_ms);
		return;		/* another node polls it this time */
	}
	s->queued = 1;
	TAILQ_INSERT_TAIL(&p->queue, s, qentry);
	poller_pump(p);
}

/* Ask gate before each poll whether this node polls the source (cluster). */
void
poller_gate(struct poller *p, int (*gate)(const char *, void *), void *arg)
{
	p->gate = gate;
	p->gate_arg = arg;
}

/* evtimer: a host's spacing has passed; try the queue again. */
static void
poller_pump_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	poller_pump(arg);
}

/* Create the state of one source from its config. */
static struct poller_src *
poller_src_new(struct poller *p, const struct source_cfg *cfg)
{
	struct poller_src	*s;

	s = xcalloc(1, sizeof *s);
	s->p = p;
	poller_cfg_copy(&s->cfg, cfg);
	s->interval_ms = cfg->interval_ms;
	if (s->interval_ms == 0)
		s->interval_ms = p->default_interval_ms;
	s->host = poller_host_get(p, cfg->url);
	if ((s->timer = evtimer_new(p->base, poller_timer_cb, s)) == NULL)
		fatalx("source %s: cannot create its timer", cfg->id);
	TAILQ_INSERT_TAIL(&p->srcs, s, entry);
	return (s);
}

/* Free a source that is not in flight. */
static void
poller_src_free(struct poller_src *s)
{
	struct poller	*p = s->p;

	if (s->queued)
		TAILQ_REMOVE(&p->queue, s, qentry);
	TAILQ_REMOVE(&p->srcs, s, entry);
	event_free(s->timer);
	poller_host_put(p, s->host);
	poller_cfg_clear(&s->cfg);
	free(s->etag);
	free(s->last_modified);
	free(s);
}

/* Stop a source: free it now, or when its poll in flight returns. */
static void
poller_src_remove(struct poller_src *s)
{
	if (!s->inflight) {
		poller_src_free(s);
		return;
	}
	s->removed = 1;
	evtimer_del(s->timer);
}

/* Take the limits and bounds of a config (config_load's defaults). */
static void
poller_settings(struct poller *p, const struct config *cfg)
{
	p->max_inflight = cfg->http.max_connections;
	p->max_per_host = cfg->http.max_per_host;
	p->default_interval_ms = cfg->default_interval_ms;
	p->pc = cfg->polling;
}

/* Whether a host lets a poll start now; else how long until it may. */
static int
poller_host_ready(const struct poller *p, const struct poller_host *h,
    uint64_t now, uint64_t *wait)
{
	uint64_t	 at;

	if (p->max_per_host != 0 && h->inflight >= p->max_per_host)
		return (0);
	if (!h->started || p->pc.host_spacing_ms == 0)
		return (1);
	at = h->last_start_ms + p->pc.host_spacing_ms;
	if (at <= now)
		return (1);
	if (*wait == 0 || at - now < *wait)
		*wait = at - now;
	return (0);
}

/* Take a slot of the limits for a request to a host starting now. */
static void
poller_slot_take(struct poller *p, struct poller_host *h, uint64_t now)
{
	p->inflight++;
	h->inflight++;
	h->last_start_ms = now;
	h->started = 1;
}

/* Give a slot back when its request is done. */
static void
poller_slot_give(struct poller *p, struct poller_host *h)
{
	p->inflight--;
	h->inflight--;
}

/* Start queued sources the limits allow; wake up again for the spacing. */
static void
poller_pump(struct poller *p)
{
	struct poller_src	*s, *next;
	struct poller_link	*l, *lnext;
	uint64_t		 now, wait = 0;

	if (p->closing)
		return;
	now = clock_ms();
	for (s = TAILQ_FIRST(&p->queue); s != NULL; s = next) {
		next = TAILQ_NEXT(s, qentry);
		if (p->max_inflight != 0 && p->inflight >= p->max_inflight)
			break;
		if (!poller_host_ready(p, s->host, now, &wait))
			continue;
		TAILQ_REMOVE(&p->queue, s, qentry);
		s->queued = 0;
		poller_launch(s);
	}
	for (l = TAILQ_FIRST(&p->links); l != NULL; l = lnext) {
		lnext = TAILQ_NEXT(l, entry);
		if (p->closing || (p->max_inflight != 0 &&
		    p->inflight >= p->max_inflight))
			break;
		if (!poller_host_ready(p, l->host, now, &wait))
			continue;
		TAILQ_REMOVE(&p->links, l, entry);
		p->nlinks--;
		poller_link_launch(l);
	}
	if (wait > 0)
		poller_arm_ev(p->pump_timer, wait);
}

/* Record an outcome; 1 if our network looks down. */
static int
poller_network_down(struct poller *p, const struct poller_src *s, int netfail)
{
	const void	*hosts[POLLER_NET_HOSTS];
	uint64_t	 now = clock_ms();
	size_t		 i, k, fails = 0, total = 0, nhosts = 0;

	memmove(&p->recent[1], &p->recent[0],
	    (POLLER_NET_WINDOW - 1) * sizeof p->recent[0]);
	p->recent[0].ms = now;
	p->recent[0].host = s->host;
	p->recent[0].netfail = netfail;
	if (p->nrecent < POLLER_NET_WINDOW)
		p->nrecent++;
	if (!netfail)
		return (0);
	for (i = 0; i < p->nrecent; i++) {
		if (now - p->recent[i].ms > POLLER_NET_AGE_MS)
			break;
		total++;
		if (!p->recent[i].netfail)
			continue;
		fails++;
		for (k = 0; k < nhosts && hosts[k] != p->recent[i].host; k++)
			;
		if (k == nhosts && nhosts < POLLER_NET_HOSTS)
			hosts[nhosts++] = p->recent[i].host;
	}
	return (fails >= POLLER_NET_MIN && nhosts >= POLLER_NET_HOSTS &&
	    fails * 4 >= total * 3);
}

/* Replace a kept validator with a new one the server sent. */
static void
poller_keep(char **slot, const char *v)
{
	if (v == NULL)
		return;
	free(*slot);
	*slot = xstrdup(v);
}

/* Whether a result is a failure; code 304 and 2xx are not. */
static int
poller_failed(const struct fetch_result *r)
{
	if (r->status != FETCH_OK)
		return (1);
	return (r->http_code != 304 &&
	    (r->http_code < 200 || r->http_code > 299));
}

/*
 * Judge a finished poll: update the source's validators, body hash and
 * error count, fill in the poller's fields of r, and return the delay until
 * the next poll (0 for none).
 */
static uint64_t
poller_judge(struct poller_src *s, struct fetch_result *r)
{
	struct poller	*p = s->p;
	uint64_t	 delay, hint, max = p->pc.max_delay_ms;
	char		 sha[65];
	int		 netfail;

	netfail = r->status == FETCH_ERR_DNS || r->status == FETCH_ERR_CONNECT;
	r->network_down = poller_network_down(p, s, netfail);
	if (r->status == FETCH_OK && r->http_code == 410) {
		s->disabled = 1;
		s->errors++;
		r->disabled = 1;
		r->errors = s->errors;
		return (0);
	}
	if (poller_failed(r)) {
		if (!r->network_down)
			s->errors++;
		r->errors = s->errors;
		delay = r->network_down ? s->interval_ms :
		    poller_schedule_backoff(s->interval_ms, s->errors,
		    p->pc.backoff_max_ms);
		if (r->http_code == 429 || r->http_code == 503) {
			hint = poller_schedule_hint(r->retry_after_s, max);
			if (hint > delay)
				return (hint);	/* the server said: no jitter */
		}
		return (poller_schedule_jitter(delay));
	}
	s->errors = 0;
	poller_keep(&s->etag, r->etag);
	poller_keep(&s->last_modified, r->last_modified);
	if (r->http_code == 304)
		r->unchanged = 1;
	else {
		sha256_hex(r->body, r->len, sha);
		r->unchanged = strcmp(sha, s->body_sha) == 0;
		memcpy(s->body_sha, sha, sizeof sha);
	}
	delay = s->interval_ms;
	if ((hint = poller_schedule_hint(r->max_age_s, max)) > delay)
		delay = hint;
	if ((hint = poller_schedule_hint(r->expires_s, max)) > delay)
		delay = hint;
	if ((hint = poller_schedule_hint((int64_t)(s->ttl_ms / 1000),
	    max)) > delay)
		delay = hint;
	return (poller_schedule_jitter(delay));
}

/* A result for a request that failed before it reached the network. */
static void
poller_result_failed(struct fetch_result *r, enum fetch_status status,
    char *url, char *error)
{
	static char	 empty[1] = "";

	memset(r, 0, sizeof *r);
	r->status = status;
	r->body = empty;
	r->effective_url = url;
	r->error = error;
	r->retry_after_s = r->max_age_s = r->expires_s = -1;
}

/* Book-keep a finished poll, pass it on, and schedule the next one. */
static void
poller_done(struct poller_src *s, const struct fetch_result *res)
{
	struct poller		*p = s->p;
	struct fetch_result	 r = *res;
	uint64_t		 delay, now, due;
	char			*etag, *lm;

	s->inflight = 0;
	poller_slot_give(p, s->host);
	s->polls++;
	if (r.status == FETCH_ERR_CANCELLED) {
		p->cb(&s->cfg, &r, p->arg);
		return;		/* shutting down: no new polls */
	}
	delay = poller_judge(s, &r);
	r.next_ms = p->once ? 0 : delay;
	/*
	 * The daemon stores what the poller will send next time: copies, as
	 * the callback may make the poller forget them (poller_retry).
	 */
	r.etag = etag = s->etag != NULL ? xstrdup(s->etag) : NULL;
	r.last_modified = lm = s->last_modified != NULL ?
	    xstrdup(s->last_modified) : NULL;
	if (r.disabled) {
		log_warnx("source %s: 410 Gone: polling disabled until its "
		    "configuration changes (%s)", s->cfg.id, s->cfg.url);
	} else if (poller_failed(&r) && r.status == FETCH_OK) {
		log_debug("source %s: fetched %s: HTTP %ld, %llu ms",
		    s->cfg.id, s->cfg.url, r.http_code,
		    (unsigned long long)r.elapsed_ms);
	} else if (poller_failed(&r)) {
		log_debug("source %s: fetching %s failed: %s: %s%s",
		    s->cfg.id, s->cfg.url, fetch_status_name(r.status),
		    r.error, r.network_down ? " (network down?)" : "");
	} else {
		log_debug("source %s: fetched %s: http %ld, %zu bytes, "
		    "%llu ms%s", s->cfg.id, s->cfg.url, r.http_code, r.len,
		    (unsigned long long)r.elapsed_ms,
		    r.unchanged ? ", unchanged" : "");
	}
	p->cb(&s->cfg, &r, p->arg);
	free(etag);
	free(lm);
	if (p->once || r.disabled)
		return;
	now = clock_ms();
	due = s->started_ms + delay;
	poller_arm_ev(s->timer, due > now ? due - now : 0);
}

/* fetch callback: one poll of a source finished. */
static void
poller_fetch_cb(const struct fetch_result *r, void *arg)
{
	struct poller_src	*s = arg;
	struct poller		*p = s->p;

	if (p->closing || s->removed) {
		s->inflight = 0;
		poller_slot_give(p, s->host);
		if (s->removed && !p->closing) {
			poller_src_free(s);
			poller_pump(p);
		}
		return;
	}
	poller_done(s, r);
	poller_pump(p);
}

/* Add a header unless the source set it itself. */
static void
poller_add_header(struct header *h, size_t *n, const struct source_cfg *c,
    const char *name, const char *value)
{
	size_t	 i;

	if (value == NULL || *n >= POLLER_MAX_HEADERS)
		return;
	for (i = 0; i < c->nheaders; i++) {
		if (strcasecmp(c->headers[i].name, name) == 0)
			return;
	}
	h[*n].name = (char *)(uintptr_t)name;
	h[*n].value = (char *)(uintptr_t)value;
	(*n)++;
}

/* Hand a source to fetch; a transfer that cannot start is a failed poll. */
static void
poller_launch(struct poller_src *s)
{
	struct poller		*p = s->p;
	struct fetch_result	 r;
	struct fetch_req	 req;
	struct header		 h[POLLER_MAX_HEADERS + 2];
	size_t			 n;
	int			 cond;
	char			 error[] = "could not start";

	s->started_ms = clock_ms();
	s->inflight = 1;
	poller_slot_take(p, s->host, s->started_ms);
	n = s->cfg.nheaders < POLLER_MAX_HEADERS ? s->cfg.nheaders :
	    POLLER_MAX_HEADERS;
	if (n > 0)
		memcpy(h, s->cfg.headers, n * sizeof *h);
	cond = s->uncond_done &&
	    s->started_ms - s->uncond_ms < p->pc.unconditional_ms;
	if (cond) {
		poller_add_header(h, &n, &s->cfg, "If-None-Match", s->etag);
		poller_add_header(h, &n, &s->cfg, "If-Modified-Since",
		    s->last_modified);
	} else {
		s->uncond_ms = s->started_ms;
		s->uncond_done = 1;
	}
	memset(&req, 0, sizeof req);
	req.url = s->cfg.url;
	req.headers = h;
	req.nheaders = n;
	req.proxy = s->cfg.proxy;
	req.tls_noverify = s->cfg.tls_noverify;
	req.allow_private = s->cfg.allow_private;
	/* allow_private: [list]: every hop public or listed, the first too. */
	req.public_only = s->cfg.private_nets.n > 0;
	req.private_nets = &s->cfg.private_nets;
	log_debug("source %s: fetching %s%s", s->cfg.id, s->cfg.url,
	    cond ? " (conditional)" : "");
	if (fetch_start(p->fetch, &req, poller_fetch_cb, s) == 0)
		return;
	poller_result_failed(&r, FETCH_ERR_OTHER, s->cfg.url, error);
	poller_done(s, &r);
}

/* Free a link and give back its slot if it had one. */
static void
poller_link_free(struct poller_link *l)
{
	struct poller	*p = l->p;

	if (l->inflight)
		poller_slot_give(p, l->host);
	poller_host_put(p, l->host);
	poller_cfg_clear(&l->cfg);
	free(l);
}

/* fetch callback: a link's fetch finished; hand it on, free it. */
static void
poller_link_fetch_cb(const struct fetch_result *r, void *arg)
{
	struct poller_link	*l = arg;
	struct poller		*p = l->p;

	l->cb(r, l->arg);
	poller_link_free(l);
	if (!p->closing)
		poller_pump(p);
}

/*
 * Hand a link to fetch: a link from content is refused on private
 * addresses unless its source allows them.
 */
static void
poller_link_launch(struct poller_link *l)
{
	struct poller		*p = l->p;
	struct fetch_result	 r;
	struct fetch_req	 req;
	char			 error[] = "could not start";

	l->inflight = 1;
	poller_slot_take(p, l->host, clock_ms());
	memset(&req, 0, sizeof req);
	req.url = l->cfg.url;
	req.headers = l->cfg.headers;
	req.nheaders = l->cfg.nheaders;
	req.proxy = l->cfg.proxy;
	req.tls_noverify = l->cfg.tls_noverify;
	req.public_only = !l->cfg.allow_private;
	req.private_nets = &l->cfg.private_nets;
	log_debug("source %s: fetching the linked article %s", l->cfg.id,
	    l->cfg.url);
	if (fetch_start(p->fetch, &req, poller_link_fetch_cb, l) == 0)
		return;
	poller_result_failed(&r, FETCH_ERR_OTHER, l->cfg.url, error);
	l->cb(&r, l->arg);
	poller_link_free(l);
}

/*
 * Fetch a link found in what a source brought (a feed item's article),
 * under the same limits as polls, with the source's headers, proxy, TLS
 * and private-address settings.  cb is called once with the result, later,
 * never from here.  -1 (cb not called) if the URL is not http(s) or too
 * many links wait already.
 */
int
poller_link(struct poller *p, const struct source_cfg *src, const char *url,
    fetch_cb cb, void *arg)
{
	struct poller_link	*l;

	if (p->closing || !fetch_public_url(url) ||
	    p->nlinks >= p->pc.max_links)
		return (-1);
	l = xcalloc(1, sizeof *l);
	l->p = p;
	poller_cfg_copy(&l->cfg, src);
	free(l->cfg.url);
	l->cfg.url = xstrdup(url);
	l->host = poller_host_get(p, url);
	l->cb = cb;
	l->arg = arg;
	TAILQ_INSERT_TAIL(&p->links, l, entry);
	p->nlinks++;
	poller_arm_ev(p->pump_timer, 0);	/* not from inside a callback */
	return (0);
}

/* Create a poller for every source of a config; nothing runs until start. */
struct poller *
poller_new(struct event_base *base, struct fetch *fetch,
    const struct config *cfg, poller_cb cb, void *arg)
{
	struct poller	*p;
	size_t		 i;

	p = xcalloc(1, sizeof *p);
	p->base = base;
	p->fetch = fetch;
	p->cb = cb;
	p->arg = arg;
	TAILQ_INIT(&p->srcs);
	TAILQ_INIT(&p->queue);
	TAILQ_INIT(&p->hosts);
	TAILQ_INIT(&p->links);
	if ((p->pump_timer = evtimer_new(base, poller_pump_cb, p)) == NULL)
		fatalx("cannot create the poller's timer");
	poller_settings(p, cfg);
	for (i = 0; i < cfg->nsources; i++)
		poller_src_new(p, &cfg->sources[i]);
	return (p);
}

/* Arm every source: once=1 polls each exactly once, else forever. */
void
poller_start(struct poller *p, int once)
{
	struct poller_src	*s;
	size_t			 n = 0;

	if (p->started)
		return;
	p->started = 1;
	p->once = once;
	TAILQ_FOREACH(s, &p->srcs, entry) {
		if (!s->disabled)
			poller_arm_ev(s->timer, poller_first_delay(p, s));
		n++;
	}
	log_debug("polling %zu source%s%s", n, n == 1 ? "" : "s",
	    once ? ", once" : "");
}

/* The live source with an id, or NULL. */
static struct poller_src *
poller_find(struct poller *p, const char *id)
{
	struct poller_src	*s;

	TAILQ_FOREACH(s, &p->srcs, entry) {
		if (!s->removed && strcmp(s->cfg.id, id) == 0)
			return (s);
	}
	return (NULL);
}

/* Whether a config has a source with an id and the same settings. */
static int
poller_unchanged(const struct config *cfg, const struct poller_src *s)
{
	size_t	 i;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].id, s->cfg.id) == 0)
			return (poller_cfg_equal(&cfg->sources[i], &s->cfg));
	}
	return (0);
}

/*
 * Adopt a new, validated config: unchanged sources keep their state and
 * schedule, removed ones stop (a poll in flight is dropped when it returns),
 * changed ones restart with their new settings and new ones start, spread.
 * Nothing of cfg is kept: the caller may free it.  Returns 0.
 */
int
poller_update(struct poller *p, const struct config *cfg)
{
	struct poller_src	*s, *next;
	size_t			 i, kept = 0, added = 0, removed = 0;

	poller_settings(p, cfg);
	for (s = TAILQ_FIRST(&p->srcs); s != NULL; s = next) {
		next = TAILQ_NEXT(s, entry);
		if (s->removed)
			continue;
		if (poller_unchanged(cfg, s)) {
			kept++;
			continue;
		}
		poller_src_remove(s);
		removed++;
	}
	for (i = 0; i < cfg->nsources; i++) {
		if (poller_find(p, cfg->sources[i].id) != NULL)
			continue;
		s = poller_src_new(p, &cfg->sources[i]);
		added++;
		if (p->started)
			poller_arm_ev(s->timer, poller_first_delay(p, s));
	}
	log_info("sources: %zu kept, %zu stopped, %zu started", kept,
	    removed, added);
	poller_pump(p);
	return (0);
}

/* Whether a stored url (credentials redacted) is the configured one. */
static int
poller_same_url(const char *stored, const char *cfg)
{
	char	*red = redact_secrets(cfg);
	int	 same;

	same = strcmp(stored, red != NULL ? red : cfg) == 0;
	free(red);
	return (same);
}

/*
 * Give a source the state a previous run left in the database: its
 * validators, its error count and how long until its next poll was due
 * (due_ms from now: a server's Retry-After or a backoff outlives a restart,
 * capped at polling.max_delay or backoff_max; once mode ignores it).  A
 * source a 410 Gone disabled (at url) stays disabled while its url is the
 * same.  Before poller_start.
 */
void
poller_restore(struct poller *p, const char *id, const char *etag,
    const char *last_modified, unsigned errors, uint64_t due_ms,
    const char *url, int disabled)
{
	struct poller_src	*s;
	uint64_t		 cap;

	if ((s = poller_find(p, id)) == NULL)
		return;
	if (disabled && url != NULL && poller_same_url(url, s->cfg.url)) {
		s->disabled = 1;
		log_warnx("source %s: disabled since a 410 Gone from %s; "
		    "give it another url to poll it again", id, url);
	}
	poller_keep(&s->etag, etag);
	poller_keep(&s->last_modified, last_modified);
	s->errors = errors;
	cap = p->pc.max_delay_ms > p->pc.backoff_max_ms ? p->pc.max_delay_ms :
	    p->pc.backoff_max_ms;
	s->due_ms = due_ms < cap ? due_ms : cap;
	if (etag != NULL || last_modified != NULL) {
		/* Conditional from the first poll on. */
		s->uncond_ms = clock_ms();
		s->uncond_done = 1;
	}
}

/*
 * The validators another node of the cluster last polled a source with
 * (cluster.c, on taking its lease): sent from the next poll on, in place
 * of this node's own older ones.
 */
void
poller_validators(struct poller *p, const char *id, const char *etag,
    const char *last_modified)
{
	struct poller_src	*s;

	if (p == NULL || (s = poller_find(p, id)) == NULL ||
	    (etag == NULL && last_modified == NULL))
		return;
	poller_keep(&s->etag, etag);
	poller_keep(&s->last_modified, last_modified);
	s->uncond_ms = clock_ms();
	s->uncond_done = 1;
}

/* Forget what makes a source's next poll conditional or unchanged. */
static void
poller_forget(struct poller_src *s)
{
	free(s->etag);
	free(s->last_modified);
	s->etag = s->last_modified = NULL;
	s->body_sha[0] = '\0';
	s->uncond_done = 0;
}

/*
 * Forget a source's validators and body hash (every source's if id is
 * NULL), so its next poll is unconditional and scanned in full: for when
 * the pipeline could not store what the last poll brought.
 */
void
poller_retry(struct poller *p, const char *id)
{
	struct poller_src	*s;

	TAILQ_FOREACH(s, &p->srcs, entry) {
		if (!s->removed && (id == NULL || strcmp(s->cfg.id, id) == 0))
			poller_forget(s);
	}
}

/*
 * A source's feed asks to be polled at most every ttl_ms (RSS <ttl>); it
 * counts like max-age from the next poll on.  0 forgets it.
 */
void
poller_ttl(struct poller *p, const char *id, uint64_t ttl_ms)
{
	struct poller_src	*s;

	if ((s = poller_find(p, id)) != NULL)
		s->ttl_ms = ttl_ms;
}

/* 1 if nothing is in flight and, in once mode, every source was polled. */
int
poller_idle(const struct poller *p)
{
	const struct poller_src	*s;

	if (p->inflight != 0 || !TAILQ_EMPTY(&p->links))
		return (0);
	if (!p->once)
		return (1);
	TAILQ_FOREACH(s, &p->srcs, entry) {
		if (!s->removed && !s->disabled && s->polls == 0)
			return (0);
	}
	return (1);
}

/* Stop every timer, cancel polls still in flight, and free the poller. */
void
poller_free(struct poller *p)
{
	struct poller_src	*s;
	struct poller_link	*l;
	struct fetch_result	 r;
	char			 cancelled[] = "cancelled";

	if (p == NULL)
		return;
	p->closing = 1;
	if (p->inflight != 0)
		fetch_cancel_all(p->fetch);	/* links call back, cancelled */
	while ((l = TAILQ_FIRST(&p->links)) != NULL) {
		TAILQ_REMOVE(&p->links, l, entry);
		p->nlinks--;
		poller_result_failed(&r, FETCH_ERR_CANCELLED, l->cfg.url,
		    cancelled);
		l->cb(&r, l->arg);
		poller_link_free(l);
	}
	while ((s = TAILQ_FIRST(&p->srcs)) != NULL)
		poller_src_free(s);
	event_free(p->pump_timer);
	free(p);
}
