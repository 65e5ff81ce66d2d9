/*
 * fetch and poller against a real HTTP server: libevent's evhttp on
 * 127.0.0.1, bound to port 0, on the same event_base as the fetch.  Each test
 * builds its own loop, server and fetch and tears them down in the daemon's
 * order, so ASan's leak check covers the shutdown paths too.  The loop is
 * always driven with a guard timer; nothing asserts on exact timing.
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
#include "unit.h"

#define MAX_GOT		64
#define FOREVER		1000000

/* gzip of "hello, gzip world\n" (18 bytes), made with Python's gzip. */
static const unsigned char gz_hello[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48,
	0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0x48, 0xaf, 0xca, 0x2c, 0x50, 0x28, 0xcf,
	0x2f, 0xca, 0x49, 0xe1, 0x02, 0x00, 0xe0, 0x7b, 0x8d, 0x05, 0x12, 0x00,
	0x00, 0x00,
};

/* gzip of 65536 zero bytes: 96 bytes on the wire. */
static const unsigned char gz_zeros[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xc1,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x80, 0x90, 0xfe, 0xaf, 0xee, 0x08, 0x0a,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x6a, 0xeb, 0x8e, 0x97, 0xd7, 0x00, 0x00, 0x01, 0x00,
};

/* What a callback saw, copied out of the result. */
struct got {
	enum fetch_status	 status;
	long			 http_code;
	char			*body;
	size_t			 len;
	char			*content_type;
	char			*effective_url;
	char			*error;
	char			*source;	/* poller tests */
	char			*etag;
	int			 unchanged;
	int			 disabled;
	int			 network_down;
	unsigned		 errors;
	uint64_t		 next_ms;
	int64_t			 retry_after_s;
	char			*permanent_url;
};

/* One test's loop, server, fetch and what the callbacks saw. */
struct tc {
	struct event_base	*base;
	struct evhttp		*http;
	int			 port;
	struct http_cfg		 hc;
	struct fetch		*fetch;
	struct poller		*poller;
	struct got		 got[MAX_GOT];
	int			 n;
	int			 expired;
	int			 again;	/* re-entrant fetches still to start */
	int			 active;	/* slow requests being answered */
	int			 max_active;
	int			 slow_done;
};

/* A slow request waiting for its reply. */
struct slow {
	struct tc		*t;
	struct evhttp_request	*req;
};

static struct tc	*the_tc;	/* for the routes */

/* Reply with a status, a body and optional extra headers. */
static void
reply(struct evhttp_request *req, int code, const char *type,
    const void *body, size_t len, const char *hname, const char *hvalue)
{
	struct evkeyvalq	*oh = evhttp_request_get_output_headers(req);
	struct evbuffer		*out = evhttp_request_get_output_buffer(req);

	if (type != NULL)
		evhttp_add_header(oh, "Content-Type", type);
	if (hname != NULL)
		evhttp_add_header(oh, hname, hvalue);
	evbuffer_add(out, body, len);
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Other", NULL);
}

static void
route_ok(struct evhttp_request *req)
{
	reply(req, 200, "text/plain", "hello world", 11, NULL, NULL);
}

static void
route_500(struct evhttp_request *req)
{
	reply(req, 500, "text/plain", "oops", 4, NULL, NULL);
}

static void
route_big(struct evhttp_request *req)
{
	char	 buf[4096];

	memset(buf, 'x', sizeof buf);
	reply(req, 200, "text/plain", buf, sizeof buf, NULL, NULL);
}

static void
route_large(struct evhttp_request *req)
{
	char	*buf;

	buf = xmalloc(100000);
	memset(buf, 'y', 100000);
	reply(req, 200, "text/plain", buf, 100000, NULL, NULL);
	free(buf);
}

static void
route_gzip(struct evhttp_request *req)
{
	reply(req, 200, "text/plain", gz_hello, sizeof gz_hello,
	    "Content-Encoding", "gzip");
}

static void
route_gzip_bomb(struct evhttp_request *req)
{
	reply(req, 200, "text/plain", gz_zeros, sizeof gz_zeros,
	    "Content-Encoding", "gzip");
}

static void
route_redirect(struct evhttp_request *req)
{
	reply(req, 302, NULL, "", 0, "Location", "/ok");
}

static void
route_redirect_file(struct evhttp_request *req)
{
	reply(req, 302, NULL, "", 0, "Location", "file:///etc/passwd");
}

static void
route_headers(struct evhttp_request *req)
{
	struct evkeyvalq	*ih = evhttp_request_get_input_headers(req);
	const char		*x, *e, *ua;
	char			*body;

	x = evhttp_find_header(ih, "X-Test");
	e = evhttp_find_header(ih, "X-Empty");
	ua = evhttp_find_header(ih, "User-Agent");
	body = xasprintf("X-Test=%s X-Empty=[%s] UA=%s", x ? x : "-",
	    e ? e : "-", ua ? ua : "-");
	reply(req, 200, "text/plain", body, strlen(body), NULL, NULL);
	free(body);
}

/* evtimer: answer a slow request. */
static void
slow_cb(evutil_socket_t fd, short what, void *arg)
{
	struct slow	*sl = arg;

	(void)fd;
	(void)what;
	sl->t->active--;
	sl->t->slow_done++;
	reply(sl->req, 200, "text/plain", "slow", 4, NULL, NULL);
	free(sl);
}

static void
route_slow(struct evhttp_request *req)
{
	struct slow	*sl;
	struct timeval	 tv = { 0, 300 * 1000 };

	sl = xcalloc(1, sizeof *sl);
	sl->t = the_tc;
	sl->req = req;
	if (++the_tc->active > the_tc->max_active)
		the_tc->max_active = the_tc->active;
	event_base_once(the_tc->base, -1, EV_TIMEOUT, slow_cb, sl, &tv);
}

static void
route_etag(struct evhttp_request *req)
{
	struct evkeyvalq	*ih = evhttp_request_get_input_headers(req);
	const char		*inm = evhttp_find_header(ih, "If-None-Match");

	if (inm != NULL && strcmp(inm, "\"v1\"") == 0) {
		reply(req, 304, NULL, "", 0, "ETag", "\"v1\"");
		return;
	}
	reply(req, 200, "text/plain", "tagged", 6, "ETag", "\"v1\"");
}

static void
route_retry(struct evhttp_request *req)
{
	reply(req, 429, "text/plain", "slow down", 9, "Retry-After", "120");
}

static void
route_retry_date(struct evhttp_request *req)
{
	char	 date[64];
	time_t	 t = time(NULL) + 120;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	reply(req, 503, "text/plain", "later", 5, "Retry-After", date);
}

static void
route_retry_long(struct evhttp_request *req)
{
	reply(req, 429, "text/plain", "never", 5, "Retry-After", "99999999");
}

static void
route_maxage(struct evhttp_request *req)
{
	reply(req, 200, "text/plain", "cached", 6, "Cache-Control",
	    "public, max-age=300");
}

static void
route_gone(struct evhttp_request *req)
{
	reply(req, 410, "text/plain", "gone", 4, NULL, NULL);
}

static void
route_moved(struct evhttp_request *req)
{
	reply(req, 301, NULL, "", 0, "Location", "/ok");
}

static void
route_hang(struct evhttp_request *req)
{
	(void)req;		/* never answered; evhttp_free reclaims it */
}

/* Start a 100-byte answer and send its first 5 bytes. */
static void
reply_part(struct evhttp_request *req)
{
	struct evkeyvalq	*oh = evhttp_request_get_output_headers(req);
	struct evbuffer		*part = evbuffer_new();

	evhttp_add_header(oh, "Content-Type", "text/plain");
	evhttp_add_header(oh, "Content-Length", "100");
	evhttp_send_reply_start(req, 200, "OK");
	evbuffer_add(part, "part ", 5);
	evhttp_send_reply_chunk(req, part);
	evbuffer_free(part);
}

/* evtimer: close a request's connection with a TCP reset. */
static void
reset_cb(evutil_socket_t fd, short what, void *arg)
{
	struct evhttp_connection	*conn = arg;
	struct linger			 lg = { 1, 0 };

	(void)fd;
	(void)what;
	fd = bufferevent_getfd(evhttp_connection_get_bufferevent(conn));
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	evhttp_connection_free(conn);
}

/* Reset the connection later, out of evhttp's own callback. */
static void
reset_later(struct evhttp_request *req, int ms)
{
	struct timeval	 tv = { 0, ms * 1000 };

	event_base_once(the_tc->base, -1, EV_TIMEOUT, reset_cb,
	    evhttp_request_get_connection(req), &tv);
}

/* evtimer: end a stalled answer (or free it, if its client hung up). */
static void
stall_end_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	evhttp_send_reply_end(arg);
}

static void
route_stall(struct evhttp_request *req)
{
	struct timeval	 tv = { 1, 200 * 1000 };

	reply_part(req);	/* the rest comes after the client's timeout */
	event_base_once(the_tc->base, -1, EV_TIMEOUT, stall_end_cb, req, &tv);
}

static void
route_reset_body(struct evhttp_request *req)
{
	reply_part(req);
	reset_later(req, 100);
}

static void
route_reset(struct evhttp_request *req)
{
	reset_later(req, 0);	/* no response at all */
}

static const struct {
	const char	*path;
	void		(*fn)(struct evhttp_request *);
} routes[] = {
	{ "/ok", route_ok },
	{ "/500", route_500 },
	{ "/big", route_big },
	{ "/large", route_large },
	{ "/gzip", route_gzip },
	{ "/gzip-bomb", route_gzip_bomb },
	{ "/redirect", route_redirect },
	{ "/redirect-file", route_redirect_file },
	{ "/headers", route_headers },
	{ "/hang", route_hang },
	{ "/slow", route_slow },
	{ "/etag", route_etag },
	{ "/retry", route_retry },
	{ "/retry-date", route_retry_date },
	{ "/retry-long", route_retry_long },
	{ "/maxage", route_maxage },
	{ "/gone", route_gone },
	{ "/moved", route_moved },
	{ "/stall", route_stall },
	{ "/reset-body", route_reset_body },
	{ "/reset", route_reset },
};

/* evhttp: dispatch a request by its path. */
static void
server_cb(struct evhttp_request *req, void *arg)
{
	const char	*uri = evhttp_request_get_uri(req);
	size_t		 i;

	(void)arg;
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (strcmp(uri, routes[i].path) == 0) {
			routes[i].fn(req);
			return;
		}
	}
	evhttp_send_error(req, 404, NULL);
}

/* The port a bound socket got. */
static int
sock_port(int fd)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;

	if (getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		return (-1);
	return (ntohs(sin.sin_port));
}

/* A local port nothing listens on: bind, read the port, close. */
static int
free_port(void)
{
	struct sockaddr_in	 sin;
	int			 fd, port;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		close(fd);
		return (-1);
	}
	port = sock_port(fd);
	close(fd);
	return (port);
}

/* Start a loop, a server and a fetch with test-sized limits. */
static void
tc_init(struct tc *t, uint64_t timeout_ms, uint64_t max_body)
{
	struct evhttp_bound_socket	*bs;

	memset(t, 0, sizeof *t);
	the_tc = t;
	setenv("no_proxy", "*", 1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	t->base = event_base_new();
	t->http = evhttp_new(t->base);
	evhttp_set_gencb(t->http, server_cb, t);
	bs = evhttp_bind_socket_with_handle(t->http, "127.0.0.1", 0);
	CHECK(bs != NULL);
	t->port = bs != NULL ? sock_port(evhttp_bound_socket_get_fd(bs)) : -1;
	t->hc.user_agent = (char *)(uintptr_t)"sanctwatch-test/1";
	t->hc.connect_timeout_ms = 2000;
	t->hc.timeout_ms = timeout_ms;
	t->hc.max_body = max_body;
	t->hc.max_connections = 32;
	t->hc.max_per_host = 4;
	t->fetch = fetch_new(t->base, &t->hc);
}

/* Tear down in the daemon's order, and forget what the callbacks saw. */
static void
tc_free(struct tc *t)
{
	int	 i;

	poller_free(t->poller);
	fetch_free(t->fetch);
	evhttp_free(t->http);
	event_base_free(t->base);
	curl_global_cleanup();
	for (i = 0; i < t->n; i++) {
		free(t->got[i].body);
		free(t->got[i].content_type);
		free(t->got[i].effective_url);
		free(t->got[i].error);
		free(t->got[i].source);
		free(t->got[i].etag);
		free(t->got[i].permanent_url);
	}
}

/* A URL on the test server. */
static char *
tc_url(struct tc *t, const char *path)
{
	return (xasprintf("http://127.0.0.1:%d%s", t->port, path));
}

/* Copy a result, which lives only during its callback. */
static void
tc_record(struct tc *t, const struct fetch_result *r, const char *source)
{
	struct got	*g;

	if (t->n == MAX_GOT)
		return;
	g = &t->got[t->n++];
	g->status = r->status;
	g->http_code = r->http_code;
	g->body = xstrndup(r->body, r->len);
	g->len = r->len;
	g->content_type = r->content_type ? xstrdup(r->content_type) : NULL;
	g->effective_url = xstrdup(r->effective_url);
	g->error = xstrdup(r->error);
	g->source = source != NULL ? xstrdup(source) : NULL;
	g->etag = r->etag != NULL ? xstrdup(r->etag) : NULL;
	g->unchanged = r->unchanged;
	g->disabled = r->disabled;
	g->network_down = r->network_down;
	g->errors = r->errors;
	g->next_ms = r->next_ms;
	g->retry_after_s = r->retry_after_s;
	g->permanent_url = r->permanent_url != NULL ?
	    xstrdup(r->permanent_url) : NULL;
}

/* fetch callback: record the result. */
static void
tc_fetch_cb(const struct fetch_result *r, void *arg)
{
	tc_record(arg, r, NULL);
}

/* evtimer: the guard expired. */
static void
tc_guard_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tc	*t = arg;

	(void)fd;
	(void)what;
	t->expired = 1;
}

/* Run the loop until want callbacks were seen or ms passed. */
static void
tc_run(struct tc *t, int want, int ms)
{
	struct event	*guard;
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };

	t->expired = 0;
	guard = evtimer_new(t->base, tc_guard_cb, t);
	evtimer_add(guard, &tv);
	while (t->n < want && !t->expired)
		event_base_loop(t->base, EVLOOP_ONCE);
	event_free(guard);
}

/* Fetch one path and wait for its result. */
static struct got *
tc_get(struct tc *t, const char *path)
{
	char	*url = tc_url(t, path);
	int	 n = t->n;

	CHECK_INT(fetch_get(t->fetch, url, NULL, 0, tc_fetch_cb, t), 0);
	free(url);
	tc_run(t, n + 1, 5000);
	if (!CHECK_INT(t->n, n + 1))
		return (NULL);
	CHECK_INT(fetch_inflight(t->fetch), 0);
	return (&t->got[n]);
}

static void
test_ok(void)
{
	struct tc	 t;
	struct got	*g;
	char		*url;

	tc_init(&t, 5000, 1 << 20);
	if ((g = tc_get(&t, "/ok")) != NULL) {
		CHECK_INT(g->status, FETCH_OK);
		CHECK_INT(g->http_code, 200);
		CHECK_STR(g->body, "hello world");
		CHECK_INT(g->len, 11);
		CHECK_STR(g->content_type, "text/plain");
		url = tc_url(&t, "/ok");
		CHECK_STR(g->effective_url, url);
		free(url);
		CHECK_STR(g->error, "");
	}
	tc_free(&t);
}

static void
test_large_body(void)
{
	struct tc	 t;
	struct got	*g;
	size_t		 i, ys = 0;

	tc_init(&t, 5000, 1 << 20);
	if ((g = tc_get(&t, "/large")) != NULL) {
		CHECK_INT(g->status, FETCH_OK);
		CHECK_INT(g->len, 100000);
		for (i = 0; i < g->len; i++)
			ys += g->body[i] == 'y';
		CHECK_INT(ys, 100000);
	}
	tc_free(&t);
}

static void
test_status_names(void)
{
	CHECK_STR(fetch_status_name(FETCH_OK), "ok");
	CHECK_STR(fetch_status_name(FETCH_ERR_DNS), "dns");
	CHECK_STR(fetch_status_name(FETCH_ERR_CONNECT), "connect");
	CHECK_STR(fetch_status_name(FETCH_ERR_TLS), "tls");
	CHECK_STR(fetch_status_name(FETCH_ERR_TIMEOUT), "timeout");
	CHECK_STR(fetch_status_name(FETCH_ERR_TOO_LARGE), "too-large");
	CHECK_STR(fetch_status_name(FETCH_ERR_OTHER), "error");
	CHECK_STR(fetch_status_name(FETCH_ERR_CANCELLED), "cancelled");
	CHECK_STR(fetch_status_name(FETCH_ERR_REFUSED), "refused");
	CHECK_STR(fetch_status_name(FETCH_ERR_RESET), "reset");
	CHECK_STR(fetch_status_name((enum fetch_status)99), "?");
}

static void
test_http_500(void)
{
	struct tc	 t;
	struct got	*g;

	tc_init(&t, 5000, 1 << 20);
	if ((g = tc_get(&t, "/500")) != NULL) {
		CHECK_INT(g->status, FETCH_OK);
		CHECK_INT(g->http_code, 500);
		CHECK_STR(g->body, "oops");
	}
	tc_free(&t);
}

static void
test_too_large(void)
{
	struct tc	 t;
	struct got	*g;

	tc_init(&t, 5000, 1000);
	if ((g = tc_get(&t, "/big")) != NULL) {
		CHECK_INT(g->status, FETCH_ERR_TOO_LARGE);
		CHECK(g->len <= 1000);
		CHECK(strstr(g->error, "1000") != NULL);
	}
	if ((g = tc_get(&t, "/ok")) != NULL)	/* the fetch is still fine */
		CHECK_INT(g->status, FETCH_OK);
	tc_free(&t);
}

static void
test_gzip(void)
{
	struct tc	 t;
	struct got	*g;

	tc_init(&t, 5000, 1000);
	if ((g = tc_get(&t, "/gzip")) != NULL) {
		CHECK_INT(g->status, FETCH_OK);
		CHECK_STR(g->body, "hello, gzip world\n");
		CHECK_INT(g->len, 18);
	}
	/* 96 bytes on the wire, 64 KiB decoded: the cap is on decoded. */
	if ((g = tc_get(&t, "/gzip-bomb")) != NULL) {
		CHECK_INT(g->status, FETCH_ERR_TOO_LARGE);
		CHECK(g->len <= 1000);
	}
	tc_free(&t);
}

static void
test_connect_refused(void)
{
	struct tc	 t;
	char		*url;
	int		 port;

	tc_init(&t, 5000, 1 << 20);
	port = free_port();
	CHECK(port > 0);
	url = xasprintf("http://127.0.0.1:%d/", port);
	CHECK_INT(fetch_get(t.fetch, url, NULL, 0, tc_fetch_cb, &t), 0);
	free(url);
	tc_run(&t, 1, 5000);
	if (CHECK_INT(t.n, 1)) {
		CHECK_INT(t.got[0].status, FETCH_ERR_CONNECT);
		CHECK_INT(t.got[0].http_code, 0);
		CHECK(t.got[0].error[0] != '\0');
		CHECK_STR(fetch_status_name(t.got[0].status), "connect");
	}
	tc_free(&t);
}

static void
test_timeout(void)
{
	struct tc	 t;
	struct got	*g;

	tc_init(&t, 300, 1 << 20);
	if ((g = tc_get(&t, "/hang")) != NULL) {
		CHECK_INT(g->status, FETCH_ERR_TIMEOUT);
		CHECK(g->error[0] != '\0');
	}
	tc_free(&t);
}

static void
test_redirect_scheme(void)
{
	struct tc	 t;
	struct got	*g;

	tc_init(&t, 5000, 1 << 20);
	if ((g = tc_get(&t, "/redirect-file")) != NULL) {	/* http(s) only */
		CHECK_INT(g->status, FETCH_ERR_OTHER);
		CHECK(strstr(g->body, "root:") == NULL);
		CHECK(g->error[0] != '\0');
	}
	tc_free(&t);
}

static void
test_reset_and_stall(void)
{
	struct tc		 t;
	struct got		*g;
	struct fetch_result	 r;

	tc_init(&t, 1000, 1 << 20);
	if ((g = tc_get(&t, "/stall")) != NULL) {
		CHECK_INT(g->status, FETCH_ERR_TIMEOUT);
		CHECK(strstr(g->error, "stalled after 5 bytes") != NULL);
	}
	if ((g = tc_get(&t, "/reset-body")) != NULL) {
		CHECK_INT(g->status, FETCH_ERR_RESET);
		CHECK_INT(g->http_code, 200);
		CHECK(strstr(g->error, "after 5 bytes of the body") != NULL);
		memset(&r, 0, sizeof r);
		r.status = g->status;
		r.http_code = g->http_code;
		CHECK_STR(fetch_error_class(&r), "reset");
	}
	if ((g = tc_get(&t, "/reset")) != NULL) {
		CHECK_INT(g->status, FETCH_ERR_RESET);
		CHECK(strstr(g->error, "before a response") != NULL);
	}
	if ((g = tc_get(&t, "/hang")) != NULL) {	/* no status line */
		CHECK_INT(g->status, FETCH_ERR_TIMEOUT);
		CHECK(strstr(g->error, "stalled") == NULL);
	}
	tc_free(&t);
}

static void
test_redirect(void)
{
	struct tc	 t;
	struct got	*g;
	char		*url;

	tc_init(&t, 5000, 1 << 20);
	if ((g = tc_get(&t, "/redirect")) != NULL) {
		CHECK_INT(g->status, FETCH_OK);
		CHECK_INT(g->http_code, 200);
		CHECK_STR(g->body, "hello world");
		url = tc_url(&t, "/ok");
		CHECK_STR(g->effective_url, url);
		free(url);
	}
	tc_free(&t);
}

static void
test_headers(void)
{
	struct tc	 t;
	struct header	 h[] = {
		{ (char *)(uintptr_t)"X-Test", (char *)(uintptr_t)"abc 123" },
		{ (char *)(uintptr_t)"X-Empty", (char *)(uintptr_t)"" },
	};
	char		*url;

	tc_init(&t, 5000, 1 << 20);
	url = tc_url(&t, "/headers");
	CHECK_INT(fetch_get(t.fetch, url, h, 2, tc_fetch_cb, &t), 0);
	free(url);
	tc_run(&t, 1, 5000);
	if (CHECK_INT(t.n, 1)) {
		CHECK_STR(t.got[0].body,
		    "X-Test=abc 123 X-Empty=[] UA=sanctwatch-test/1");
	}
	tc_free(&t);
}

static void
test_bad_header(void)
{
	struct tc	 t;
	struct header	 h[] = {
		{ (char *)(uintptr_t)"X-Test",
		    (char *)(uintptr_t)"a\r\nX-Evil: 1" },
	};
	char		*url;

	tc_init(&t, 5000, 1 << 20);
	url = tc_url(&t, "/headers");
	CHECK_INT(fetch_get(t.fetch, url, h, 1, tc_fetch_cb, &t), -1);
	free(url);
	CHECK_INT(fetch_inflight(t.fetch), 0);
	CHECK_INT(t.n, 0);
	tc_free(&t);
}

static void
test_many(void)
{
	struct tc	 t;
	char		*url;
	int		 i, ok = 0;

	tc_init(&t, 5000, 1 << 20);
	url = tc_url(&t, "/ok");
	for (i = 0; i < 20; i++)
		CHECK_INT(fetch_get(t.fetch, url, NULL, 0, tc_fetch_cb, &t), 0);
	free(url);
	CHECK_INT(fetch_inflight(t.fetch), 20);
	tc_run(&t, 20, 10000);
	CHECK_INT(t.n, 20);
	for (i = 0; i < t.n; i++)
		ok += t.got[i].status == FETCH_OK && t.got[i].http_code == 200;
	CHECK_INT(ok, 20);
	CHECK_INT(fetch_inflight(t.fetch), 0);
	tc_free(&t);
}

/* fetch callback: record, and start the next fetch from inside. */
static void
tc_again_cb(const struct fetch_result *r, void *arg)
{
	struct tc	*t = arg;

	tc_record(t, r, NULL);
	if (t->again-- > 0)
		CHECK_INT(fetch_get(t->fetch, r->effective_url, NULL, 0,
		    tc_again_cb, t), 0);
}

static void
test_reentrant(void)
{
	struct tc	 t;
	char		*url;
	int		 i;

	tc_init(&t, 5000, 1 << 20);
	t.again = 4;
	url = tc_url(&t, "/ok");
	CHECK_INT(fetch_get(t.fetch, url, NULL, 0, tc_again_cb, &t), 0);
	free(url);
	tc_run(&t, 5, 5000);
	CHECK_INT(t.n, 5);
	for (i = 0; i < t.n; i++)
		CHECK_INT(t.got[i].status, FETCH_OK);
	CHECK_INT(fetch_inflight(t.fetch), 0);
	tc_free(&t);
}

static void
test_cancel_all(void)
{
	struct tc	 t;
	struct got	*g;
	char		*url;
	int		 i;

	tc_init(&t, 5000, 1 << 20);
	url = tc_url(&t, "/hang");
	for (i = 0; i < 5; i++)
		CHECK_INT(fetch_get(t.fetch, url, NULL, 0, tc_fetch_cb, &t), 0);
	free(url);
	tc_run(&t, FOREVER, 200);	/* let them connect and send */
	CHECK_INT(t.n, 0);
	fetch_cancel_all(t.fetch);
	CHECK_INT(t.n, 5);
	for (i = 0; i < t.n; i++) {
		CHECK_INT(t.got[i].status, FETCH_ERR_CANCELLED);
		CHECK_INT(t.got[i].http_code, 0);
	}
	CHECK_INT(fetch_inflight(t.fetch), 0);
	if ((g = tc_get(&t, "/ok")) != NULL)	/* still usable */
		CHECK_INT(g->status, FETCH_OK);
	tc_free(&t);
}

static void
test_free_inflight(void)
{
	struct tc	 t;
	char		*url;
	int		 i;

	tc_init(&t, 5000, 1 << 20);
	url = tc_url(&t, "/hang");
	for (i = 0; i < 3; i++)
		CHECK_INT(fetch_get(t.fetch, url, NULL, 0, tc_fetch_cb, &t), 0);
	free(url);
	url = tc_url(&t, "/ok");		/* and a kept-alive idle one */
	CHECK_INT(fetch_get(t.fetch, url, NULL, 0, tc_fetch_cb, &t), 0);
	free(url);
	tc_run(&t, FOREVER, 200);
	CHECK_INT(t.n, 1);
	fetch_free(t.fetch);
	t.fetch = NULL;
	CHECK_INT(t.n, 4);
	for (i = 1; i < t.n; i++)
		CHECK_INT(t.got[i].status, FETCH_ERR_CANCELLED);
	tc_free(&t);
}

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
	int			 port = free_port();

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
test_public_only(void)
{
	struct tc		 t;
	struct fetch_req	 req;
	char			*url;

	CHECK(fetch_public_url("http://example.org/a"));
	CHECK(fetch_public_url("HTTPS://example.org"));
	CHECK(!fetch_public_url("file:///etc/passwd"));
	CHECK(!fetch_public_url("gopher://x/"));
	CHECK(!fetch_public_url("http:///nohost"));
	CHECK(!fetch_public_url("http://a b/"));
	CHECK(!fetch_public_url("javascript:alert(1)"));
	tc_init(&t, 5000, 1 << 20);
	url = tc_url(&t, "/ok");
	memset(&req, 0, sizeof req);
	req.url = url;
	CHECK_INT(fetch_start(t.fetch, &req, tc_fetch_cb, &t), 0);
	tc_run(&t, 1, 5000);		/* a pooled connection now exists */
	req.public_only = 1;
	CHECK_INT(fetch_start(t.fetch, &req, tc_fetch_cb, &t), 0);
	tc_run(&t, 2, 5000);
	free(url);
	if (CHECK_INT(t.n, 2)) {
		CHECK_INT(t.got[0].status, FETCH_OK);
		CHECK_INT(t.got[1].status, FETCH_ERR_REFUSED);
		CHECK_STR(fetch_status_name(t.got[1].status), "refused");
	}
	tc_free(&t);
}

static void
test_error_classes(void)
{
	struct fetch_result	 r;
	static const struct {
		enum fetch_status	 status;
		long			 code;
		int			 challenge;
		const char		*want;
	} cases[] = {
		{ FETCH_OK, 200, 0, NULL }, { FETCH_OK, 304, 0, NULL },
		{ FETCH_OK, 404, 0, "http-4xx" }, { FETCH_OK, 410, 0, "gone" },
		{ FETCH_OK, 429, 0, "rate-limited" },
		{ FETCH_OK, 503, 0, "http-5xx" },
		{ FETCH_OK, 403, 1, "bot-challenge" },
		{ FETCH_OK, 302, 0, "http-other" },
		{ FETCH_ERR_DNS, 0, 0, "dns" },
		{ FETCH_ERR_TIMEOUT, 0, 0, "timeout" },
		{ FETCH_ERR_TOO_LARGE, 200, 0, "too-large" },
	};
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		memset(&r, 0, sizeof r);
		r.status = cases[i].status;
		r.http_code = cases[i].code;
		r.challenge = cases[i].challenge;
		CHECK_STR(fetch_error_class(&r), cases[i].want);
	}
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
		    free_port());
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
	c->sources[2].url = xasprintf("http://127.0.0.1:%d/", free_port());
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

UNIT_SUITE(fetch,
	{ "status-names", test_status_names },
	{ "ok-200", test_ok },
	{ "large-body", test_large_body },
	{ "http-500-is-ok", test_http_500 },
	{ "too-large", test_too_large },
	{ "gzip-decoded-and-capped", test_gzip },
	{ "connect-refused", test_connect_refused },
	{ "timeout", test_timeout },
	{ "reset-and-stall", test_reset_and_stall },
	{ "redirect-http-only", test_redirect_scheme },
	{ "redirect", test_redirect },
	{ "headers", test_headers },
	{ "bad-header-refused", test_bad_header },
	{ "twenty-in-flight", test_many },
	{ "reentrant-get", test_reentrant },
	{ "cancel-all", test_cancel_all },
	{ "free-in-flight", test_free_inflight },
	{ "public-only", test_public_only },
	{ "error-classes", test_error_classes },
)

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
)
