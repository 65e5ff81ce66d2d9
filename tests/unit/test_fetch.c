/*
 * fetch against a real HTTP server (the harness in tc.c): libevent's evhttp
 * on 127.0.0.1, bound to port 0, on the same event_base as the fetch.
 * Nothing asserts on exact timing.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

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
	port = tc_free_port();
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

/*
 * Every address form the private-address check sees, through the sockaddr
 * a resolver gives, in this optimised build: ::ffff:8.8.8.8 is public,
 * ::ffff:127.0.0.1 is not (the old check read the family through a cast
 * that GCC 12 -O2 may drop the store of, and called either one anything).
 */
static void
test_private_addresses(void)
{
	static const struct {
		const char	*addr;
		int		 private;
	} cases[] = {
		{ "8.8.8.8", 0 }, { "93.184.216.34", 0 }, { "172.32.0.1", 0 },
		{ "100.128.0.1", 0 }, { "10.1.2.3", 1 }, { "127.0.0.1", 1 },
		{ "0.1.2.3", 1 }, { "169.254.169.254", 1 }, { "172.16.0.1", 1 },
		{ "172.31.255.255", 1 }, { "192.168.1.1", 1 },
		{ "100.64.0.1", 1 }, { "224.0.0.1", 1 }, { "255.255.255.255", 1 },
		{ "2001:4860:4860::8888", 0 }, { "::ffff:8.8.8.8", 0 },
		{ "::ffff:93.184.216.34", 0 }, { "::1", 1 }, { "::", 1 },
		{ "::ffff:127.0.0.1", 1 }, { "::ffff:10.0.0.1", 1 },
		{ "::ffff:169.254.169.254", 1 }, { "fe80::1", 1 },
		{ "fec0::1", 1 }, { "fc00::1", 1 }, { "fd12:3456::1", 1 },
		{ "ff02::1", 1 }, { "2a00:1450::1", 0 },
	};
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	size_t			 i;

	for (i = 0; i < nitems(cases); i++) {
		memset(&ss, 0xa5, sizeof ss);	/* garbage around the fields */
		if (inet_pton(AF_INET, cases[i].addr, &sin->sin_addr) == 1)
			sin->sin_family = AF_INET;
		else if (inet_pton(AF_INET6, cases[i].addr,
		    &sin6->sin6_addr) == 1)
			sin6->sin6_family = AF_INET6;
		else {
			CHECK(!"inet_pton");
			continue;
		}
		if (!CHECK_INT(fetch_private_addr((struct sockaddr *)&ss),
		    cases[i].private))
			printf("#   for %s\n", cases[i].addr);
	}
	memset(&ss, 0, sizeof ss);
	ss.ss_family = AF_UNIX;
	CHECK_INT(fetch_private_addr((struct sockaddr *)&ss), 1);
}

/*
 * A configured source's chain of hops: trusted where it starts, but a hop
 * from a public address to a private one is refused (a redirect to a cloud
 * metadata endpoint or an admin page).
 */
static void
test_hop_guard(void)
{
	static const struct {
		const char	*hops[3];
		int		 last_ok;
	} cases[] = {
		{ { "127.0.0.1", "127.0.0.1", NULL }, 1 },	/* local feed */
		{ { "10.0.0.5", "192.168.1.1", NULL }, 1 },
		{ { "93.184.216.34", "93.184.216.35", NULL }, 1 },
		{ { "93.184.216.34", "169.254.169.254", NULL }, 0 },
		{ { "93.184.216.34", "127.0.0.1", NULL }, 0 },
		{ { "2a00:1450::1", "::1", NULL }, 0 },
		{ { "2a00:1450::1", "::ffff:10.0.0.1", NULL }, 0 },
		{ { "93.184.216.34", "93.184.216.35", "10.1.1.1" }, 0 },
		{ { "93.184.216.34", "not an address", NULL }, 0 },
	};
	size_t	 i, k;
	int	 requests, first, ok;

	for (i = 0; i < nitems(cases); i++) {
		requests = first = 0;
		ok = 1;
		for (k = 0; k < 3 && cases[i].hops[k] != NULL; k++)
			ok = fetch_hop_allowed(&requests, &first,
			    cases[i].hops[k]);
		if (!CHECK_INT(ok, cases[i].last_ok))
			printf("#   chain %zu\n", i);
	}
}

UNIT_SUITE(fetch,
	{ "status-names", test_status_names },
	{ "hop-guard", test_hop_guard },
	{ "private-addresses", test_private_addresses },
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
