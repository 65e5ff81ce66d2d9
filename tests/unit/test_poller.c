/*
 * The poller against a real HTTP server (the harness in tc.c): schedules,
 * limits, conditional GETs, backoff, links; and its schedule arithmetic
 * (poller-schedule.c) on plain numbers.  Nothing asserts on exact timing.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "sanctwatchd/sanctwatchd.h"
#include "tc.h"
#include "unit.h"


/* poller callback: record the result under the source's id. */
static void
tc_poller_cb(const struct source_cfg *src, const struct fetch_result *r,
    void *arg)
{
	tc_record(arg, r, src->id);
}

/* A header fetch refuses, so the poll cannot start. */
static struct header bad_header = {
	(char *)(uintptr_t)"X-Bad", (char *)(uintptr_t)"a\r\nX-Evil: 1"
};

/* The polling bounds config_load gives a file that sets none. */
static struct poll_cfg
tc_polling(void)
{
	struct diag	 d = { 0 };
	struct config	*c;
	struct poll_cfg	 pc;

	c = config_load_mem("t.yaml", "watchlists: w\n", 14, &d);
	pc = c->polling;
	config_free(c);
	return (pc);
}

/*
 * A config of n sources on the test server: a NULL path is a refused port,
 * "!" a source fetch refuses to start.
 */
static void
tc_config(struct tc *t, struct config *c, const char **paths, size_t n,
    uint64_t interval_ms)
{
	struct source_cfg	*src;
	size_t			 i;
	int			 port = tc_free_port();

	memset(c, 0, sizeof *c);
	c->http = t->hc;
	c->polling = tc_polling();
	c->sources = xcalloc(n, sizeof *c->sources);
	c->nsources = n;
	for (i = 0; i < n; i++) {
		src = &c->sources[i];
		src->id = xasprintf("src-%zu", i);
		if (paths[i] == NULL)
			src->url = xasprintf("http://127.0.0.1:%d/", port);
		else if (strcmp(paths[i], "!") == 0) {
			src->url = tc_url(t, "/ok");
			src->headers = &bad_header;
			src->nheaders = 1;
		} else
			src->url = tc_url(t, paths[i]);
		src->interval_ms = interval_ms;
	}
}

/* Free a config made by tc_config. */
static void
tc_config_free(struct config *c)
{
	size_t	 i;

	for (i = 0; i < c->nsources; i++) {
		free(c->sources[i].id);
		free(c->sources[i].url);
	}
	free(c->sources);
}

/* The results a source got, and the status of its last one. */
static int
tc_count(const struct tc *t, const char *id, enum fetch_status *status)
{
	int	 i, n = 0;

	for (i = 0; i < t->n; i++) {
		if (strcmp(t->got[i].source, id) == 0) {
			*status = t->got[i].status;
			n++;
		}
	}
	return (n);
}

/* Poll n sources once, at most max_connections at a time. */
static void
poller_once(const char **paths, const enum fetch_status *want, size_t n,
    unsigned max_connections)
{
	struct tc		 t;
	struct config		 c;
	enum fetch_status	 status;
	size_t			 i;
	char			 id[32];

	tc_init(&t, 5000, 1 << 20);
	tc_config(&t, &c, paths, n, 60000);
	c.http.max_connections = max_connections;
	t.poller = poller_new(t.base, t.fetch, &c, tc_poller_cb, &t);
	poller_start(t.poller, 1);
	tc_run(&t, (int)n, 10000);
	CHECK(poller_idle(t.poller));
	tc_run(&t, FOREVER, 300);	/* and nothing more comes */
	CHECK_INT(t.n, n);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "src-%zu", i);
		status = FETCH_ERR_CANCELLED;
		CHECK_INT(tc_count(&t, id, &status), 1);
		CHECK_INT(status, want[i]);
	}
	CHECK(poller_idle(t.poller));
	tc_free(&t);
	tc_config_free(&c);
}

static void
test_poller_once(void)
{
	const char		*paths[] = { "/ok", NULL, "/gzip" };
	enum fetch_status	 want[] = { FETCH_OK, FETCH_ERR_CONNECT,
	    FETCH_OK };

	poller_once(paths, want, 3, 32);
}

static void
test_poller_once_queued(void)
{
	const char		*paths[] = { "/ok", NULL, "/gzip", "!", "/500",
	    "/ok" };
	enum fetch_status	 want[] = { FETCH_OK, FETCH_ERR_CONNECT,
	    FETCH_OK, FETCH_ERR_OTHER, FETCH_OK, FETCH_OK };

	poller_once(paths, want, 6, 1);
}

static void
test_poller_interval(void)
{
	struct tc	 t;
	struct config	 c;
	const char	*paths[] = { "/ok" };
	int		 i;

	tc_init(&t, 5000, 1 << 20);
	tc_config(&t, &c, paths, 1, 100);
	t.poller = poller_new(t.base, t.fetch, &c, tc_poller_cb, &t);
	poller_start(t.poller, 0);
	tc_run(&t, FOREVER, 1000);
	CHECK(t.n >= 3);
	for (i = 0; i < t.n; i++)
		CHECK_INT(t.got[i].status, FETCH_OK);
	tc_free(&t);
	tc_config_free(&c);
}

static void
test_poller_free_inflight(void)
{
	struct tc	 t;
	struct config	 c;
	const char	*paths[] = { "/hang", "/hang" };

	tc_init(&t, 5000, 1 << 20);
	tc_config(&t, &c, paths, 2, 100);
	t.poller = poller_new(t.base, t.fetch, &c, tc_poller_cb, &t);
	poller_start(t.poller, 0);
	tc_run(&t, FOREVER, 300);
	CHECK_INT(fetch_inflight(t.fetch), 2);
	poller_free(t.poller);		/* cancels, without calling back */
	t.poller = NULL;
	CHECK_INT(fetch_inflight(t.fetch), 0);
	CHECK_INT(t.n, 0);
	tc_free(&t);
	tc_config_free(&c);
}

/* Results a source got so far. */
static int
tc_n(const struct tc *t, const char *id)
{
	enum fetch_status	 st;

	return (tc_count(t, id, &st));
}

/* The last result a source got, or NULL. */
static struct got *
tc_last(struct tc *t, const char *id)
{
	int	 i;

	for (i = t->n - 1; i >= 0; i--) {
		if (t->got[i].source != NULL &&
		    strcmp(t->got[i].source, id) == 0)
			return (&t->got[i]);
	}
	return (NULL);
}

/* Run the loop until a source has n results, or ms passed. */
static void
tc_run_src(struct tc *t, const char *id, int n, int ms)
{
	struct event	*guard;
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	t->expired = 0;
	guard = evtimer_new(t->base, tc_guard_cb, t);
	evtimer_add(guard, &tv);
	while (tc_n(t, id) < n && !t->expired)
		event_base_loop(t->base, EVLOOP_ONCE);
	event_free(guard);
}

/* Run the loop until a slow request is being answered, or ms passed. */
static void
tc_run_active(struct tc *t, int ms)
{
	struct event	*guard;
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	t->expired = 0;
	guard = evtimer_new(t->base, tc_guard_cb, t);
	evtimer_add(guard, &tv);
	while (t->active == 0 && !t->expired)
		event_base_loop(t->base, EVLOOP_ONCE);
	event_free(guard);
}

/* Run the loop until every slow request was answered, or ms passed. */
static void
tc_run_slow(struct tc *t, int ms)
{
	struct event	*guard;
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	t->expired = 0;
	guard = evtimer_new(t->base, tc_guard_cb, t);
	evtimer_add(guard, &tv);
	while (t->active > 0 && !t->expired)
		event_base_loop(t->base, EVLOOP_ONCE);
	event_free(guard);
}

/* A heap config of sources "id=path" with one interval, like config_load's. */
static struct config *
tc_heap_config(struct tc *t, const char *const *specs, size_t n,
    uint64_t interval_ms)
{
	struct config	*c;
	const char	*eq;
	size_t		 i;

	c = xcalloc(1, sizeof *c);
	c->http = t->hc;
	c->http.user_agent = NULL;
	c->polling = tc_polling();
	c->sources = xcalloc(n, sizeof *c->sources);
	c->nsources = n;
	for (i = 0; i < n; i++) {
		eq = strchr(specs[i], '=');
		c->sources[i].id = xstrndup(specs[i], (size_t)(eq - specs[i]));
		c->sources[i].url = tc_url(t, eq + 1);
		c->sources[i].interval_ms = interval_ms;
	}
	return (c);
}

/*
 * Start t's poller on heap config c (the poller keeps its own copy, so c is
 * freed), polling each source once or on its interval.
 */
static void
tc_poller_start(struct tc *t, struct config *c, int once)
{
	t->poller = poller_new(t->base, t->fetch, c, tc_poller_cb, t);
	config_free(c);
	poller_start(t->poller, once);
}

static void
test_poller_update(void)
{
	const char	*a[] = { "keep=/ok", "gone=/ok", "change=/ok",
	    "inflight=/slow" };
	const char	*b[] = { "keep=/ok", "change=/gzip", "new=/ok" };
	struct tc	 t;
	struct config	*ca, *cb;
	struct got	*g;
	int		 gone, inflight;

	tc_init(&t, 5000, 1 << 20);
	ca = tc_heap_config(&t, a, 4, 60000);
	t.poller = poller_new(t.base, t.fetch, ca, tc_poller_cb, &t);
	config_free(ca);	/* the poller copied what it needs */
	poller_start(t.poller, 0);
	tc_run_active(&t, 5000);	/* "inflight" is being answered */
	CHECK_INT(t.active, 1);
	gone = tc_n(&t, "gone");
	inflight = tc_n(&t, "inflight");
	CHECK_INT(inflight, 0);
	cb = tc_heap_config(&t, b, 3, 60000);
	CHECK_INT(poller_update(t.poller, cb), 0);
	config_free(cb);
	tc_run_src(&t, "new", 1, 5000);
	tc_run_slow(&t, 5000);
	tc_run(&t, FOREVER, 2500);	/* past every first poll's spread */
	CHECK_INT(tc_n(&t, "keep"), 1);		/* no extra poll */
	CHECK_INT(tc_n(&t, "gone"), gone);
	CHECK_INT(tc_n(&t, "inflight"), 0);	/* dropped, not passed on */
	CHECK_INT(tc_n(&t, "new"), 1);
	if ((g = tc_last(&t, "change")) != NULL)
		CHECK_STR(g->body, "hello, gzip world\n");
	CHECK_INT(t.slow_done, 1);
	CHECK_INT(fetch_inflight(t.fetch), 0);
	tc_free(&t);
}

static void
test_poller_per_host(void)
{
	const char	*a[] = { "a=/slow", "b=/slow", "c=/slow", "d=/slow" };
	struct tc	 t;
	struct config	*c;
	int		 ok = 0, i;

	/* Four 300 ms answers in a row outlast a 1 s timeout: curl must not
	 * be the queue. */
	tc_init(&t, 1000, 1 << 20);
	c = tc_heap_config(&t, a, 4, 60000);
	c->http.max_per_host = 1;
	tc_poller_start(&t, c, 1);
	tc_run(&t, 4, 10000);
	CHECK_INT(t.n, 4);
	CHECK_INT(t.max_active, 1);
	for (i = 0; i < t.n; i++)
		ok += t.got[i].status == FETCH_OK;
	CHECK_INT(ok, 4);
	CHECK(poller_idle(t.poller));
	tc_free(&t);
}

static void
test_poller_conditional(void)
{
	const char	*a[] = { "tag=/etag", "same=/ok" };
	struct tc	 t;
	struct config	*c;
	struct got	*g;

	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, 2, 100);
	tc_poller_start(&t, c, 0);
	tc_run_src(&t, "tag", 2, 5000);
	tc_run_src(&t, "same", 2, 5000);
	if (CHECK(t.n >= 4)) {
		CHECK_INT(t.got[0].unchanged, 0);
		CHECK_INT(t.got[1].unchanged, 0);
	}
	if ((g = tc_last(&t, "tag")) != NULL) {
		CHECK_INT(g->http_code, 304);
		CHECK_INT(g->unchanged, 1);
		CHECK_STR(g->etag, "\"v1\"");
	}
	if ((g = tc_last(&t, "same")) != NULL) {
		CHECK_INT(g->http_code, 200);
		CHECK_INT(g->unchanged, 1);
	}
	tc_free(&t);
}

static void
test_poller_gone_and_retry_after(void)
{
	const char	*a[] = { "gone=/gone", "retry=/retry", "moved=/moved" };
	struct tc	 t;
	struct config	*c;
	struct got	*g;
	char		*url;

	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, 3, 100);
	tc_poller_start(&t, c, 0);
	tc_run(&t, 3, 5000);
	tc_run(&t, FOREVER, 700);
	CHECK_INT(tc_n(&t, "gone"), 1);		/* disabled */
	CHECK_INT(tc_n(&t, "retry"), 1);	/* told to wait 2 minutes */
	CHECK(tc_n(&t, "moved") >= 2);
	if ((g = tc_last(&t, "gone")) != NULL)
		CHECK_INT(g->disabled, 1);
	if ((g = tc_last(&t, "retry")) != NULL) {
		CHECK_INT(g->http_code, 429);
		CHECK_INT(g->retry_after_s, 120);
	}
	if ((g = tc_last(&t, "moved")) != NULL) {
		url = tc_url(&t, "/ok");
		CHECK_STR(g->permanent_url, url);
		free(url);
	}
	tc_free(&t);
}

static void
test_poller_network_down(void)
{
	struct tc	 t;
	struct config	*c;
	const char	*a[] = { "a=/", "b=/", "c=/", "d=/", "e=/" };
	size_t		 i;
	int		 down = 0;

	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, 5, 60000);
	for (i = 0; i < 5; i++) {	/* five refused ports: five hosts */
		free(c->sources[i].url);
		c->sources[i].url = xasprintf("http://127.0.0.1:%d/",
		    tc_free_port());
	}
	tc_poller_start(&t, c, 1);
	tc_run(&t, 5, 10000);
	if (CHECK_INT(t.n, 5)) {
		for (i = 0; i < 5; i++) {
			CHECK_INT(t.got[i].status, FETCH_ERR_CONNECT);
			if (t.got[i].network_down) {
				down++;
				CHECK_INT(t.got[i].errors, 0);	/* not counted */
			} else
				CHECK_INT(t.got[i].errors, 1);
		}
		CHECK(down >= 1);
		CHECK_INT(t.got[4].network_down, 1);
	}
	tc_free(&t);
}

static void
test_poller_spacing(void)
{
	const char	*a[] = { "a=/ok", "b=/ok", "other=/" };
	struct tc	 t;
	struct config	*c;

	/* Two sources of one host a minute apart: only one is polled within
	 * the test, while a source of another host (a refused port) is. */
	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, 3, 60000);
	free(c->sources[2].url);
	c->sources[2].url = xasprintf("http://127.0.0.1:%d/", tc_free_port());
	c->polling.host_spacing_ms = 60000;
	tc_poller_start(&t, c, 1);
	tc_run(&t, FOREVER, 1000);
	CHECK_INT(tc_n(&t, "a") + tc_n(&t, "b"), 1);
	CHECK_INT(tc_n(&t, "other"), 1);
	CHECK(!poller_idle(t.poller));
	tc_free(&t);
}

/* Whether a delay is within +-10% of ms. */
static int
jittered(uint64_t got, uint64_t ms)
{
	return (got >= ms - ms / 10 && got <= ms + ms / 10);
}

static void
test_poller_schedule(void)
{
	const char	*a[] = { "ok=/ok", "e500=/500", "cache=/maxage",
	    "capped=/500", "retry=/retry", "date=/retry-date",
	    "long=/retry-long", "j1=/ok", "j2=/ok", "j3=/ok", "j4=/ok",
	    "j5=/ok", "j6=/ok", "j7=/ok" };
	struct tc	 t;
	struct config	*c;
	struct got	*g;
	uint64_t	 next[8];
	size_t		 i;
	int		 same = 1;

	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, nitems(a), 100000);
	for (i = 4; i <= 6; i++)	/* backoff below Retry-After */
		c->sources[i].interval_ms = 10000;
	t.poller = poller_new(t.base, t.fetch, c, tc_poller_cb, &t);
	config_free(c);
	/* A source that failed 30 times before a restart. */
	poller_restore(t.poller, "capped", NULL, NULL, 30, 0, NULL, 0);
	poller_start(t.poller, 0);
	tc_run(&t, (int)nitems(a), 10000);
	CHECK_INT(t.n, nitems(a));
	if ((g = tc_last(&t, "ok")) != NULL)
		CHECK(jittered(g->next_ms, 100000));
	if ((g = tc_last(&t, "e500")) != NULL) {	/* interval * 2^1 */
		CHECK_INT(g->errors, 1);
		CHECK(jittered(g->next_ms, 200000));
	}
	if ((g = tc_last(&t, "cache")) != NULL)		/* max-age=300 */
		CHECK(jittered(g->next_ms, 300000));
	if ((g = tc_last(&t, "capped")) != NULL) {	/* the 6 h cap */
		CHECK_INT(g->errors, 31);
		CHECK_INT(g->disabled, 0);
		CHECK(jittered(g->next_ms, 6ull * 3600 * 1000));
	}
	if ((g = tc_last(&t, "retry")) != NULL)		/* as told */
		CHECK_INT(g->next_ms, 120000);
	if ((g = tc_last(&t, "date")) != NULL) {	/* an HTTP date */
		CHECK_INT(g->http_code, 503);
		CHECK(g->next_ms >= 115000 && g->next_ms <= 121000);
	}
	if ((g = tc_last(&t, "long")) != NULL)		/* max_delay: 1 d */
		CHECK_INT(g->next_ms, 24ull * 3600 * 1000);
	/* Sources of one interval drift apart. */
	next[0] = (g = tc_last(&t, "ok")) != NULL ? g->next_ms : 0;
	for (i = 1; i < 8; i++) {
		char	 id[8];

		snprintf(id, sizeof id, "j%zu", i);
		next[i] = (g = tc_last(&t, id)) != NULL ? g->next_ms : 0;
		CHECK(jittered(next[i], 100000));
		same &= next[i] == next[0];
	}
	CHECK(!same);
	tc_free(&t);
}

static void
test_poller_unconditional(void)
{
	const char	*a[] = { "tag=/etag" };
	struct tc	 t;
	struct config	*c;
	int		 i, full = 0, cond = 0;

	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, 1, 50);
	c->polling.unconditional_ms = 300;
	tc_poller_start(&t, c, 0);
	tc_run(&t, 16, 10000);
	for (i = 0; i < t.n; i++) {
		full += t.got[i].http_code == 200;
		cond += t.got[i].http_code == 304;
	}
	CHECK_INT(t.n, 16);
	CHECK(full >= 2);	/* the first poll, and again later */
	CHECK(cond >= 1);
	tc_free(&t);
}

/* fetch callback of a link: record it as the source "link". */
static void
tc_link_cb(const struct fetch_result *r, void *arg)
{
	tc_record(arg, r, "link");
}

static void
test_poller_links(void)
{
	const char	*a[] = { "a=/slow" };
	struct tc	 t;
	struct config	*c;
	char		*url;
	int		 i, ok = 0;

	/* A source and three links to one host, one at a time: four 300 ms
	 * answers outlast the 1 s timeout unless the poller queues them. */
	tc_init(&t, 1000, 1 << 20);
	c = tc_heap_config(&t, a, 1, 60000);
	c->http.max_per_host = 1;
	c->sources[0].allow_private = 1;
	t.poller = poller_new(t.base, t.fetch, c, tc_poller_cb, &t);
	url = tc_url(&t, "/slow");
	CHECK_INT(poller_link(t.poller, &c->sources[0], "file:///etc/passwd",
	    tc_link_cb, &t), -1);
	for (i = 0; i < 3; i++)
		CHECK_INT(poller_link(t.poller, &c->sources[0], url, tc_link_cb,
		    &t), 0);
	free(url);
	CHECK_INT(t.n, 0);		/* never called back from poller_link */
	poller_start(t.poller, 1);
	CHECK(!poller_idle(t.poller));
	tc_run(&t, 4, 10000);
	CHECK_INT(t.n, 4);
	CHECK_INT(t.max_active, 1);
	CHECK_INT(tc_n(&t, "link"), 3);
	for (i = 0; i < t.n; i++)
		ok += t.got[i].status == FETCH_OK;
	CHECK_INT(ok, 4);
	CHECK(poller_idle(t.poller));
	/* Without allow_private, a link to 127.0.0.1 is refused. */
	c->sources[0].allow_private = 0;
	url = tc_url(&t, "/ok");
	CHECK_INT(poller_link(t.poller, &c->sources[0], url, tc_link_cb, &t),
	    0);
	free(url);
	CHECK(!poller_idle(t.poller));
	tc_run(&t, 5, 5000);
	if (CHECK_INT(t.n, 5))
		CHECK_INT(t.got[4].status, FETCH_ERR_REFUSED);
	CHECK(poller_idle(t.poller));
	config_free(c);
	tc_free(&t);
}

static void
test_poller_links_freed(void)
{
	const char	*a[] = { "a=/ok" };
	struct tc	 t;
	struct config	*c;
	char		*url;
	int		 i;

	tc_init(&t, 5000, 1 << 20);
	c = tc_heap_config(&t, a, 1, 60000);
	c->http.max_per_host = 1;
	c->sources[0].allow_private = 1;
	t.poller = poller_new(t.base, t.fetch, c, tc_poller_cb, &t);
	url = tc_url(&t, "/hang");
	for (i = 0; i < 3; i++)
		CHECK_INT(poller_link(t.poller, &c->sources[0], url, tc_link_cb,
		    &t), 0);
	free(url);
	config_free(c);
	tc_run(&t, FOREVER, 300);	/* one hangs, two wait */
	CHECK_INT(fetch_inflight(t.fetch), 1);
	CHECK_INT(t.n, 0);
	poller_free(t.poller);		/* every link is called back */
	t.poller = NULL;
	CHECK_INT(t.n, 3);
	for (i = 0; i < t.n; i++)
		CHECK_INT(t.got[i].status, FETCH_ERR_CANCELLED);
	CHECK_INT(fetch_inflight(t.fetch), 0);
	tc_free(&t);
}

/* The delay arithmetic on plain numbers. */
static void
test_schedule_math(void)
{
	uint64_t	 d;
	int		 i;

	for (i = 0; i < 100; i++) {
		d = poller_schedule_jitter(10000);
		CHECK(d >= 9000 && d <= 11000);
		d = poller_schedule_spread(500, 1000);
		CHECK(d >= 1000 && d < 1500);
		d = poller_schedule_spread(60000, 0);
		CHECK(d < 2000);
	}
	CHECK_INT(poller_schedule_jitter(3), 3);
	CHECK_INT(poller_schedule_hint(-1, 86400000), 0);
	CHECK_INT(poller_schedule_hint(0, 86400000), 0);
	CHECK_INT(poller_schedule_hint(300, 86400000), 300000);
	CHECK_INT(poller_schedule_hint(100000, 86400000), 86400000);
	CHECK_INT(poller_schedule_backoff(60000, 0, 3600000), 60000);
	CHECK_INT(poller_schedule_backoff(60000, 3, 3600000), 480000);
	CHECK_INT(poller_schedule_backoff(60000, 40, 3600000), 3600000);
	CHECK_INT(poller_schedule_backoff(60000, 2, 1000), 60000);
}

UNIT_SUITE(poller,
	{ "once", test_poller_once },
	{ "once-queued", test_poller_once_queued },
	{ "interval", test_poller_interval },
	{ "free-in-flight", test_poller_free_inflight },
	{ "update", test_poller_update },
	{ "per-host-limit", test_poller_per_host },
	{ "conditional-get", test_poller_conditional },
	{ "gone-retry-after-moved", test_poller_gone_and_retry_after },
	{ "network-down", test_poller_network_down },
	{ "schedule", test_poller_schedule },
	{ "host-spacing", test_poller_spacing },
	{ "unconditional", test_poller_unconditional },
	{ "links-per-host", test_poller_links },
	{ "links-freed", test_poller_links_freed },
	{ "schedule-math", test_schedule_math },
)

