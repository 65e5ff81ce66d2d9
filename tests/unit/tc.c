/*
 * The fetch and poller tests' harness (tc.h): the test HTTP server's routes
 * and the loop, server and fetch each test builds.
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
int
tc_free_port(void)
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
void
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
void
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
char *
tc_url(struct tc *t, const char *path)
{
	return (xasprintf("http://127.0.0.1:%d%s", t->port, path));
}

/* Copy a result, which lives only during its callback. */
void
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
void
tc_fetch_cb(const struct fetch_result *r, void *arg)
{
	tc_record(arg, r, NULL);
}

/* evtimer: the guard expired. */
void
tc_guard_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tc	*t = arg;

	(void)fd;
	(void)what;
	t->expired = 1;
}

/* Run the loop until want callbacks were seen or ms passed. */
void
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
struct got *
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

