/*
 * HTTP GETs with libcurl's multi-socket API, driven by the libevent loop,
 * and the POSTs of delivery (deliver.c: fetch_req.post, with no redirects
 * and a timeout and body limit of their own).
 *
 * curl_global_init() is the caller's job (main, once, before fetch_new) and so
 * is curl_global_cleanup() (after fetch_free and event_base_free).
 *
 * The integration follows the documented contract (curl multi-event.c and the
 * CURLMOPT_* man pages), not hiperfifo.c:
 *
 * - One evtimer per multi handle.  The timer callback only arms it (0 is a
 *   valid expiry, -1 deletes it) and never calls libcurl; when it fires,
 *   curl_multi_socket_action(CURL_SOCKET_TIMEOUT) runs from the loop.
 * - The socket callback keeps one persistent event per socket, attached with
 *   curl_multi_assign.  REMOVE frees it; REMOVE with a NULL socketp is a no-op.
 *   REMOVE does not mean closed: the same fd may come back.
 * - Every curl_multi_socket_action is followed by draining
 *   curl_multi_info_read.  The drain copies what it needs out of curl's memory
 *   and removes each finished easy handle (outside any curl callback), and
 *   only then are the completions dispatched.  A completion callback may
 *   therefore call fetch_get or fetch_cancel_all; it must not call fetch_free.
 *
 * Errors: a connection reset or closed before the response was complete
 * is FETCH_ERR_RESET ("reset": the server was reached, so it is not a sign
 * that our network is down), a body that stops coming is a timeout; both
 * messages say how much of the body had arrived.
 *
 * Limits: the body is counted on decoded bytes (ACCEPT_ENCODING ""), and the
 * write callback aborts the transfer when it would pass max_body.  Only http
 * and https are allowed, for redirects too, and at most five redirects.
 * libcurl's own connection limits are off: a transfer curl queues for a free
 * connection is already running down its timeout, so the callers limit what
 * they hand over (the poller does, per host and in total).
 *
 * The header callback sees every response of a redirect chain; a status line
 * starts a new response, so what is kept (ETag and Last-Modified verbatim,
 * Cache-Control max-age, Expires against Date, a bot-challenge marker) is the
 * final response's, while the statuses of the hops decide whether the chain
 * was permanent (301 and 308 only).  Retry-After comes from libcurl
 * (CURLINFO_RETRY_AFTER: seconds for both forms), clamped to >= 0.
 *
 * A request with public_only (links taken from fetched content) may not
 * connect to loopback, private, link-local, multicast or unspecified
 * addresses: the check runs on the resolved address in the open-socket
 * callback, so a redirect or a DNS answer cannot get around it, on a fresh
 * connection never reused (a pooled one would skip the check).  A
 * configured source is trusted where it starts, but a hop from a public
 * address to a private one (a redirect to a metadata endpoint or an admin
 * page) is refused: the pre-request callback sees the address of every
 * hop, a reused connection's too (fetch_hop_allowed).  Through a proxy the
 * address is the proxy's, and the guard is off.  A source whose
 * allow_private lists addresses (req.private_nets) is public_only for its
 * configured URL too, with those addresses let through: every hop of every
 * fetch must be public or listed, checked before connecting.
 *
 * Ownership: the fetch owns its transfers (easy handle, header list, body) and
 * its per-socket events.  A struct fetch_result lives only for the duration of
 * its callback.  fetch_free cancels the transfers, then curl_multi_cleanup
 * (which may call the socket callback), then frees the events.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <limits.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"

#define FETCH_MAX_REDIRS	5L
#define FETCH_BUF_MIN		(16u * 1024)
#define FETCH_MAX_HEADER	8192	/* longer header lines are ignored */

/* One transfer: the easy handle and everything it needs until it is freed. */
struct fetch_xfer {
	CURL			*easy;
	struct curl_slist	*headers;
	char			*url;
	fetch_cb		 cb;
	void			*arg;
	uint64_t		 start_ms;
	uint64_t		 max_body;

	char			*buf;	/* decoded body */
	size_t			 len;
	size_t			 cap;
	int			 too_large;
	char			 errbuf[CURL_ERROR_SIZE];

	/* Copied out of curl when it finishes. */
	enum fetch_status	 status;
	long			 http_code;
	char			*content_type;
	char			*effective_url;
	char			*error;

	/* From the response headers, final response's. */
	char			*etag;
	char			*last_modified;
	int64_t			 max_age_s;
	time_t			 expires;	/* 0: none, or unparsable */
	time_t			 date;
	int			 challenge;
	int			 cf_mitigated;
	long			 hop_code;	/* of the current response */
	int			 hops;		/* redirect responses seen */
	int			 temporary;	/* a hop was not 301/308 */
	int			 refused;	/* public_only said no */
	char			 refused_ip[INET6_ADDRSTRLEN];
	int			 public_only;
	struct config_net	*nets;		/* private ones allowed */
	size_t			 nnets;
	int			 guard_hops;	/* no public-to-private hop */
	int			 requests;	/* hops whose address was seen */
	int			 first_private;	/* the first hop's address */
	int64_t			 retry_after_s;
	long			 redirects;

	TAILQ_ENTRY(fetch_xfer)	 entry;
};
TAILQ_HEAD(fetch_xfers, fetch_xfer);

/* One socket curl asked us to watch. */
struct fetch_sock {
	struct event		*ev;
	LIST_ENTRY(fetch_sock)	 entry;
};

struct fetch {
	struct event_base	*base;
	CURLM			*multi;
	struct event		*timer;
	char			*user_agent;
	struct http_cfg		 http;	/* user_agent points at ours */
	struct fetch_xfers	 xfers;	/* in the multi handle */
	size_t			 n;
	LIST_HEAD(, fetch_sock)	 socks;
	int			 running;
	int			 closing;
	int			 env_proxy;	/* a proxy from the environment */
};

static const char *const fetch_status_names[] = {
	[FETCH_OK] = "ok",
	[FETCH_ERR_DNS] = "dns",
	[FETCH_ERR_CONNECT] = "connect",
	[FETCH_ERR_TLS] = "tls",
	[FETCH_ERR_TIMEOUT] = "timeout",
	[FETCH_ERR_TOO_LARGE] = "too-large",
	[FETCH_ERR_OTHER] = "error",
	[FETCH_ERR_CANCELLED] = "cancelled",
	[FETCH_ERR_REFUSED] = "refused",
	[FETCH_ERR_RESET] = "reset",
};

/* A millisecond setting as the long curl wants. */
static long
fetch_ms(uint64_t ms)
{
	return (ms > LONG_MAX ? LONG_MAX : (long)ms);
}

/* The name of a status, for logs and the store. */
const char *
fetch_status_name(enum fetch_status status)
{
	if ((size_t)status >= sizeof fetch_status_names /
	    sizeof fetch_status_names[0])
		return ("?");
	return (fetch_status_names[status]);
}

/*
 * The class of a failed poll, stored per source: NULL for a success (2xx or
 * 304).  A 410 is "gone", 429 "rate-limited", a bot-protection page
 * "bot-challenge", other statuses "http-4xx" or "http-5xx".
 */
const char *
fetch_error_class(const struct fetch_result *r)
{
	if (r->status != FETCH_OK)
		return (fetch_status_name(r->status));
	if (r->http_code == 304 || (r->http_code >= 200 &&
	    r->http_code <= 299))
		return (NULL);
	if (r->challenge)
		return ("bot-challenge");
	if (r->http_code == 410)
		return ("gone");
	if (r->http_code == 429)
		return ("rate-limited");
	if (r->http_code >= 400 && r->http_code <= 499)
		return ("http-4xx");
	if (r->http_code >= 500 && r->http_code <= 599)
		return ("http-5xx");
	return ("http-other");
}

/*
 * Whether a URL found in fetched content may be fetched: http or https with
 * a host, no control characters or spaces.  The address check comes later,
 * on the resolved address (public_only).
 */
int
fetch_public_url(const char *url)
{
	const char	*p;

	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return (0);
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return (0);
	for (; *url != '\0'; url++) {
		if ((unsigned char)*url <= 0x20 || *url == 0x7f)
			return (0);
	}
	return (strlen(p) < 8192);
}

/* Map a curl result to a status; our own abort for size wins. */
static enum fetch_status
fetch_classify(CURLcode code, int too_large)
{
	if (too_large)
		return (FETCH_ERR_TOO_LARGE);
	switch (code) {
	case CURLE_OK:
		return (FETCH_OK);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return (FETCH_ERR_DNS);
	case CURLE_COULDNT_CONNECT:
		return (FETCH_ERR_CONNECT);
	case CURLE_OPERATION_TIMEDOUT:
		return (FETCH_ERR_TIMEOUT);
	case CURLE_RECV_ERROR:		/* ECONNRESET, mostly */
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:	/* closed before Content-Length */
	case CURLE_GOT_NOTHING:		/* closed before a status line */
	case CURLE_HTTP2_STREAM:
		return (FETCH_ERR_RESET);
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		return (FETCH_ERR_TLS);
	default:
		return (FETCH_ERR_OTHER);
	}
}

/* Free a transfer; its easy handle must be out of the multi handle. */
static void
fetch_xfer_free(struct fetch_xfer *x)
{
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	free(x->url);
	free(x->buf);
	free(x->content_type);
	free(x->effective_url);
	free(x->error);
	free(x->etag);
	free(x->last_modified);
	free(x->nets);
	free(x);
}

/* Fill in what the response headers said. */
static void
fetch_result_headers(struct fetch_xfer *x, struct fetch_result *r)
{
	time_t	 base;

	r->etag = x->etag;
	r->last_modified = x->last_modified;
	r->retry_after_s = x->retry_after_s;
	r->max_age_s = x->max_age_s;
	r->expires_s = -1;
	if (x->expires != 0) {
		base = x->date != 0 ? x->date : time(NULL);
		r->expires_s = x->expires > base ? (int64_t)(x->expires - base) :
		    0;
	}
	r->redirects = x->redirects > 0 ? (unsigned)x->redirects : 0;
	if (x->redirects > 0 && !x->temporary && x->effective_url != NULL &&
	    ((r->http_code >= 200 && r->http_code <= 299) ||
	    r->http_code == 304))
		r->permanent_url = x->effective_url;
	r->challenge = x->challenge || (x->cf_mitigated &&
	    (x->http_code == 403 || x->http_code == 503));
}

/* Hand a finished transfer to its callback, then free it. */
static void
fetch_xfer_dispatch(struct fetch_xfer *x)
{
	struct fetch_result	 r;

	memset(&r, 0, sizeof r);
	r.status = x->status;
	r.http_code = x->http_code;
	if (x->buf == NULL)
		x->buf = xcalloc(1, 1);
	r.body = x->buf;
	r.len = x->len;
	r.content_type = x->content_type;
	r.effective_url = x->effective_url != NULL ? x->effective_url : x->url;
	r.error = x->error != NULL ? x->error : x->errbuf;
	r.elapsed_ms = clock_ms() - x->start_ms;
	fetch_result_headers(x, &r);
	x->cb(&r, x->arg);
	fetch_xfer_free(x);
}

/*
 * Say where a transfer was cut short: a connection reset or closed before
 * the response was complete, or a body that stalled (the status line came,
 * then the timeout), with how much of the body had arrived and curl's words.
 */
static void
fetch_error_cut(struct fetch_xfer *x, CURLcode code)
{
	const char	*why = x->errbuf[0] != '\0' ? x->errbuf :
	    curl_easy_strerror(code);
	int		 body;

	/* A redirect's status line is not the response the body is of. */
	body = x->hop_code != 0 && (x->hop_code < 300 || x->hop_code > 399);
	if (x->status == FETCH_ERR_TIMEOUT && !body)
		x->error = xstrdup(why);
	else if (x->status == FETCH_ERR_TIMEOUT)
		x->error = xasprintf("the body stalled after %zu bytes and "
		    "timed out (%s)", x->len, why);
	else if (!body)
		x->error = xasprintf("the connection was reset or closed "
		    "before a response (%s)", why);
	else
		x->error = xasprintf("the connection was reset or closed "
		    "after %zu bytes of the body (%s)", x->len, why);
}

/* The error of a refused transfer: which address, at which hop. */
static void
fetch_error_refused(struct fetch_xfer *x)
{
	const char	*hop = "";

	if (x->effective_url != NULL && strcmp(x->effective_url, x->url) != 0)
		hop = x->effective_url;
	if (x->guard_hops)
		x->error = xasprintf("a redirect from a public address "
		    "to a loopback, private or link-local one%s%s%s",
		    *hop != '\0' ? " (" : "", hop, *hop != '\0' ? ")" : "");
	else
		x->error = xasprintf("%s%s%s is a loopback, private "
		    "or link-local address%s", hop, *hop != '\0' ? " at " : "",
		    x->refused_ip[0] != '\0' ? x->refused_ip : "the address",
		    x->nnets > 0 ? " not in the source's allow_private" : "");
}

/* Copy a finished transfer's outcome out of curl's memory. */
static void
fetch_xfer_collect(struct fetch_xfer *x, CURLcode code)
{
	char	*s;

	curl_off_t	 ra = -1;

	x->status = fetch_classify(code, x->too_large);
	if (x->refused)
		x->status = FETCH_ERR_REFUSED;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->http_code);
	if (curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK ||
	    ra < 0)
		ra = -1;
	x->retry_after_s = ra > 0 ? (int64_t)ra : -1;
	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &x->redirects);
	s = NULL;
	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &s);
	if (s != NULL)
		x->content_type = xstrdup(s);
	s = NULL;
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &s);
	if (s != NULL)
		x->effective_url = xstrdup(s);
	if (x->status == FETCH_ERR_REFUSED)
		fetch_error_refused(x);
	else if (x->status == FETCH_ERR_TOO_LARGE) {
		x->error = xasprintf("body larger than max_body (%llu bytes)",
		    (unsigned long long)x->max_body);
	} else if (x->status == FETCH_ERR_RESET ||
	    x->status == FETCH_ERR_TIMEOUT)
		fetch_error_cut(x, code);
	else if (code != CURLE_OK && x->errbuf[0] == '\0')
		x->error = xstrdup(curl_easy_strerror(code));
	else
		x->error = xstrdup(code == CURLE_OK ? "" : x->errbuf);
}

/*
 * Take every finished transfer out of the multi handle, then call their
 * callbacks, which may start new transfers.
 */
static void
fetch_drain(struct fetch *f)
{
	struct fetch_xfers	 done = TAILQ_HEAD_INITIALIZER(done);
	struct fetch_xfer	*x;
	CURLMsg			*msg;
	CURL			*easy;
	CURLcode		 code;
	char			*priv;
	int			 left;

	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		easy = msg->easy_handle;
		code = msg->data.result;
		priv = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		x = (struct fetch_xfer *)(void *)priv;
		fetch_xfer_collect(x, code);
		curl_multi_remove_handle(f->multi, easy); /* msg now gone */
		TAILQ_REMOVE(&f->xfers, x, entry);
		f->n--;
		TAILQ_INSERT_TAIL(&done, x, entry);
	}
	while ((x = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, x, entry);
		fetch_xfer_dispatch(x);
	}
}

/* Run curl on a socket or on the timeout, then drain what finished. */
static void
fetch_action(struct fetch *f, curl_socket_t fd, int flags)
{
	CURLMcode	 rc;

	rc = curl_multi_socket_action(f->multi, fd, flags, &f->running);
	if (rc != CURLM_OK)
		log_warnx("curl: %s", curl_multi_strerror(rc));
	fetch_drain(f);
}

/* libevent: a watched socket is ready. */
static void
fetch_event_cb(evutil_socket_t fd, short what, void *arg)
{
	int	 flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	fetch_action(arg, fd, flags);
}

/* libevent: curl's timeout expired. */
static void
fetch_timer_event_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fetch_action(arg, CURL_SOCKET_TIMEOUT, 0);
}

/* CURLMOPT_TIMERFUNCTION: only (re)arm or delete the timer, never call curl. */
static int
fetch_timer_cb(CURLM *multi, long timeout_ms, void *arg)
{
	struct fetch	*f = arg;
	struct timeval	 tv;

	(void)multi;
	if (timeout_ms < 0) {
		evtimer_del(f->timer);
		return (0);
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(f->timer, &tv);
	return (0);
}

/* Free one socket's event. */
static void
fetch_sock_free(struct fetch_sock *fs)
{
	LIST_REMOVE(fs, entry);
	event_free(fs->ev);
	free(fs);
}

/* Watch a socket for what curl asks, creating its event the first time. */
static int
fetch_sock_watch(struct fetch *f, struct fetch_sock *fs, curl_socket_t s,
    int what)
{
	short	 kind = EV_PERSIST;

	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		kind |= EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		kind |= EV_WRITE;
	if (fs == NULL) {
		fs = xcalloc(1, sizeof *fs);
		fs->ev = event_new(f->base, s, kind, fetch_event_cb, f);
		if (fs->ev == NULL)
			fatalx("cannot create an event for a connection");
		LIST_INSERT_HEAD(&f->socks, fs, entry);
		curl_multi_assign(f->multi, s, fs);
	} else {
		event_del(fs->ev);
		event_assign(fs->ev, f->base, s, kind, fetch_event_cb, f);
	}
	if (kind != EV_PERSIST && event_add(fs->ev, NULL) == -1) {
		log_warnx("cannot watch a connection (fd %d)", (int)s);
		return (-1);
	}
	return (0);
}

/* CURLMOPT_SOCKETFUNCTION: one persistent event per socket. */
static int
fetch_socket_cb(CURL *easy, curl_socket_t s, int what, void *arg,
    void *socketp)
{
	struct fetch		*f = arg;
	struct fetch_sock	*fs = socketp;

	(void)easy;	/* may be an internal handle: never look at it */
	if (what == CURL_POLL_REMOVE) {
		if (fs != NULL)
			fetch_sock_free(fs);
		return (0);
	}
	return (fetch_sock_watch(f, fs, s, what));
}

/* CURLOPT_WRITEFUNCTION: append decoded bytes, abort past max_body. */
static size_t
fetch_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_xfer	*x = arg;
	size_t			 n = size * nmemb, want;

	if (n > x->max_body - x->len) {
		x->too_large = 1;
		return (0);	/* short count: CURLE_WRITE_ERROR */
	}
	if (x->len + n + 1 > x->cap) {
		want = x->cap == 0 ? FETCH_BUF_MIN : x->cap;
		while (want < x->len + n + 1)
			want *= 2;
		if (want > x->max_body + 1)
			want = x->max_body + 1;
		x->buf = xreallocarray(x->buf, want, 1);
		x->cap = want;
	}
	memcpy(x->buf + x->len, data, n);
	x->len += n;
	x->buf[x->len] = '\0';
	return (n);
}

/* Parse a header's integer value; -1 if it is not one. */
static int64_t
fetch_header_int(const char *s)
{
	int64_t	 v = 0;

	if (*s < '0' || *s > '9')
		return (-1);
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > INT64_MAX / 10 - 10)
			return (INT64_MAX / 10);
		v = v * 10 + (*s - '0');
	}
	return (v);
}

/* Replace a kept header value. */
static void
fetch_keep(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

/* Cache-Control: max-age=N, unless no-store or no-cache say otherwise. */
static void
fetch_cache_control(struct fetch_xfer *x, const char *v)
{
	const char	*p;

	if (strcasestr(v, "no-store") != NULL ||
	    strcasestr(v, "no-cache") != NULL) {
		x->max_age_s = -1;
		return;
	}
	if ((p = strcasestr(v, "max-age")) == NULL)
		return;
	p += 7;
	while (*p == ' ')
		p++;
	if (*p++ != '=')
		return;
	while (*p == ' ' || *p == '"')
		p++;
	x->max_age_s = fetch_header_int(p);
}

/* Start a new response of the chain: a status line. */
static void
fetch_status_line(struct fetch_xfer *x, const char *line)
{
	const char	*p = strchr(line, ' ');
	long		 code;

	code = p != NULL ? strtol(p + 1, NULL, 10) : 0;
	if (x->hop_code >= 300 && x->hop_code <= 399 &&
	    x->hop_code != 301 && x->hop_code != 308)
		x->temporary = 1;
	x->hop_code = code;
	free(x->etag);
	free(x->last_modified);
	x->etag = x->last_modified = NULL;
	x->max_age_s = -1;
	x->expires = x->date = 0;
	x->challenge = x->cf_mitigated = 0;
}

/* Keep one header of the current response, if it is one we use. */
static void
fetch_header_line(struct fetch_xfer *x, const char *name, const char *v)
{
	time_t	 t;

	if (strcasecmp(name, "ETag") == 0)
		fetch_keep(&x->etag, v);
	else if (strcasecmp(name, "Last-Modified") == 0)
		fetch_keep(&x->last_modified, v);
	else if (strcasecmp(name, "Cache-Control") == 0)
		fetch_cache_control(x, v);
	else if (strcasecmp(name, "Expires") == 0) {
		t = curl_getdate(v, NULL);
		x->expires = t > 0 ? t : 0;
	} else if (strcasecmp(name, "Date") == 0) {
		t = curl_getdate(v, NULL);
		x->date = t > 0 ? t : 0;
	} else if (strcasecmp(name, "cf-mitigated") == 0 &&
	    strcasecmp(v, "challenge") == 0)
		x->challenge = 1;
	else if (strcasecmp(name, "Server") == 0 &&
	    strcasestr(v, "cloudflare") != NULL)
		x->cf_mitigated = 1;
}

/* CURLOPT_HEADERFUNCTION: one header line of any response of the chain. */
static size_t
fetch_header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_xfer	*x = arg;
	size_t			 n = size * nmemb, k;
	char			 line[FETCH_MAX_HEADER], *colon, *v;

	if (n >= sizeof line)
		return (n);		/* longer than anything we keep */
	memcpy(line, data, n);
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (strncmp(line, "HTTP/", 5) == 0) {
		fetch_status_line(x, line);
		return (n);
	}
	if ((colon = strchr(line, ':')) == NULL)
		return (n);
	*colon = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	k = strlen(v);
	while (k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\t'))
		v[--k] = '\0';
	fetch_header_line(x, line, v);
	return (n);
}

/*
 * Whether an IPv4 address (host order) is one only a trusted source may
 * name: this network, private, loopback, link-local, shared (CGNAT),
 * multicast or reserved.
 */
static int
fetch_private_v4(uint32_t a)
{
	return ((a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
	    (a >> 16) == 0xa9fe || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8 ||
	    (a >> 22) == (100u << 2 | 1) || (a >> 28) >= 0xe);
}

/*
 * Whether an IPv6 address is one only a trusted source may name: loopback,
 * unspecified, link- or site-local, multicast, unique local, or an IPv4
 * address mapped into IPv6 (::ffff:a.b.c.d) that is.
 */
static int
fetch_private_v6(const uint8_t b[16])
{
	static const uint8_t	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				     0xff, 0xff };
	static const uint8_t	 zero[15];

	if (memcmp(b, mapped, sizeof mapped) == 0)
		return (fetch_private_v4((uint32_t)b[12] << 24 |
		    (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]));
	if (memcmp(b, zero, sizeof zero) == 0)
		return (b[15] <= 1);		/* :: and ::1 */
	return (b[0] == 0xff || (b[0] & 0xfe) == 0xfc ||
	    (b[0] == 0xfe && (b[1] & 0x80) == 0x80));	/* fe80::/9 */
}

/*
 * Whether an address is one only a trusted source may name.  The bytes are
 * copied out of the socket address, never read through another struct
 * type: a cast between sockaddr types would let the compiler drop stores
 * (strict aliasing).  An unknown family is private.
 */
int
fetch_private_addr(const struct sockaddr *sa)
{
	struct sockaddr_in	 sin;
	struct sockaddr_in6	 sin6;
	sa_family_t		 family;

	memcpy(&family, (const char *)sa + offsetof(struct sockaddr,
	    sa_family), sizeof family);
	if (family == AF_INET) {
		memcpy(&sin, sa, sizeof sin);
		return (fetch_private_v4(ntohl(sin.sin_addr.s_addr)));
	}
	if (family == AF_INET6) {
		memcpy(&sin6, sa, sizeof sin6);
		return (fetch_private_v6(sin6.sin6_addr.s6_addr));
	}
	return (1);
}

/*
 * Whether the next hop of a configured source's fetch, to ip, may go on:
 * the first sets whether the chain began on a private address; after one
 * that began on a public address, no hop may reach a private one.
 * requests and first_private are the chain's state.
 */
int
fetch_hop_allowed(int *requests, int *first_private, const char *ip)
{
	struct sockaddr_in6	 sin6;
	struct sockaddr_in	 sin;
	int			 priv;

	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	if (ip != NULL && inet_pton(AF_INET, ip, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		priv = fetch_private_addr((struct sockaddr *)&sin);
	} else if (ip != NULL && inet_pton(AF_INET6, ip, &sin6.sin6_addr) ==
	    1) {
		sin6.sin6_family = AF_INET6;
		priv = fetch_private_addr((struct sockaddr *)&sin6);
	} else
		priv = 1;		/* not an address: not public */
	if ((*requests)++ == 0) {
		*first_private = priv;
		return (1);
	}
	return (*first_private || !priv);
}

/* CURLOPT_PREREQFUNCTION: a configured source's hop to a private address. */
static int
fetch_prereq_cb(void *arg, char *ip, char *local, int port, int lport)
{
	struct fetch_xfer	*x = arg;

	(void)local;
	(void)port;
	(void)lport;
	if (fetch_hop_allowed(&x->requests, &x->first_private, ip))
		return (CURL_PREREQFUNC_OK);
	x->refused = 1;
	return (CURL_PREREQFUNC_ABORT);
}

/*
 * Whether a private address is one of those a source's allow_private
 * lists; its text goes to buf for the error.
 */
static int
fetch_net_listed(const struct fetch_xfer *x, const struct sockaddr *sa,
    char *buf, size_t len)
{
	struct sockaddr_in	 sin;
	struct sockaddr_in6	 sin6;
	const unsigned char	*a;
	sa_family_t		 family;
	size_t			 i;

	memcpy(&family, (const char *)sa + offsetof(struct sockaddr,
	    sa_family), sizeof family);
	if (family == AF_INET) {
		memcpy(&sin, sa, sizeof sin);
		a = (const unsigned char *)&sin.sin_addr;
	} else if (family == AF_INET6) {
		memcpy(&sin6, sa, sizeof sin6);
		a = sin6.sin6_addr.s6_addr;
	} else {
		snprintf(buf, len, "an address of family %d", (int)family);
		return (0);
	}
	if (inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		buf[0] = '\0';
	for (i = 0; i < x->nnets; i++) {
		if (config_net_match(&x->nets[i], family, a))
			return (1);
	}
	return (0);
}

/*
 * CURLOPT_OPENSOCKETFUNCTION: for public_only, refuse a private address
 * unless the source's allow_private lists it.
 */
static curl_socket_t
fetch_opensocket_cb(void *arg, curlsocktype purpose,
    struct curl_sockaddr *addr)
{
	struct fetch_xfer	*x = arg;

	(void)purpose;
	if (x->public_only && fetch_private_addr(&addr->addr) &&
	    !fetch_net_listed(x, &addr->addr, x->refused_ip,
	    sizeof x->refused_ip)) {
		x->refused = 1;
		return (CURL_SOCKET_BAD);
	}
	return (socket(addr->family, addr->socktype, addr->protocol));
}

/* Build the request header list; -1 if a header could smuggle a line. */
static int
fetch_headers(struct fetch_xfer *x, const struct header *h, size_t nh)
{
	struct curl_slist	*l;
	char			*line;
	size_t			 i;

	for (i = 0; i < nh; i++) {
		if (strpbrk(h[i].name, "\r\n:") != NULL ||
		    strpbrk(h[i].value, "\r\n") != NULL) {
			log_warnx("fetching %s: header %s has a line break: "
			    "not fetched", x->url, h[i].name);
			return (-1);
		}
		/* "Name;" is how curl sends a header with an empty value. */
		if (*h[i].value == '\0')
			line = xasprintf("%s;", h[i].name);
		else
			line = xasprintf("%s: %s", h[i].name, h[i].value);
		l = curl_slist_append(x->headers, line);
		free(line);
		if (l == NULL)
			fatalx("out of memory adding a request header");
		x->headers = l;
	}
	return (0);
}

/* Set every option of a GET; -1 if curl refused one. */
static int
fetch_setopt(struct fetch *f, struct fetch_xfer *x,
    const struct fetch_req *req)
{
	CURL	*e = x->easy;

	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    fetch_ms(f->http.connect_timeout_ms));
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, fetch_ms(req->timeout_ms > 0 ?
	    req->timeout_ms : f->http.timeout_ms));
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, req->no_redirects ? 0L : 1L);
	if (req->post != NULL) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->post_len);
		if (curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS,
		    req->post) != CURLE_OK)
			return (-1);
	}
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, FETCH_MAX_REDIRS);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, fetch_opensocket_cb);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
	if (req->public_only) {
		/* A reused connection would skip the address check. */
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	} else if (x->guard_hops) {
		curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, fetch_prereq_cb);
		curl_easy_setopt(e, CURLOPT_PREREQDATA, x);
	}
	if (req->tls_noverify) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (req->proxy != NULL &&
	    curl_easy_setopt(e, CURLOPT_PROXY, req->proxy) != CURLE_OK)
		return (-1);
	if (x->headers != NULL)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	if (curl_easy_setopt(e, CURLOPT_URL, x->url) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_USERAGENT,
	    f->http.user_agent) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR,
	    "http,https") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR,
	    "http,https") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK)
		return (-1);
	return (0);
}

/* Parse a source's allow_private list (checked by the config) for x. */
static void
fetch_nets(struct fetch_xfer *x, const struct strv *sv)
{
	size_t	 i;

	if (sv == NULL || sv->n == 0)
		return;
	x->nets = xcalloc(sv->n, sizeof *x->nets);
	for (i = 0; i < sv->n; i++) {
		if (config_net_parse(sv->v[i], &x->nets[x->nnets]) == 0)
			x->nnets++;
	}
}

/* Start a GET of a URL with headers; see fetch_start. */
int
fetch_get(struct fetch *f, const char *url, const struct header *headers,
    size_t nheaders, fetch_cb cb, void *arg)
{
	struct fetch_req	 req;

	memset(&req, 0, sizeof req);
	req.url = url;
	req.headers = headers;
	req.nheaders = nheaders;
	return (fetch_start(f, &req, cb, arg));
}

/* Start a GET; cb is called once with the result.  -1 if it cannot start. */
int
fetch_start(struct fetch *f, const struct fetch_req *req, fetch_cb cb,
    void *arg)
{
	struct fetch_xfer	*x;
	const char		*url = req->url;
	CURLMcode		 rc;

	if (f->closing) {
		log_warnx("fetching %s: not started, shutting down", url);
		return (-1);
	}
	x = xcalloc(1, sizeof *x);
	x->url = xstrdup(url);
	x->cb = cb;
	x->arg = arg;
	x->max_body = req->max_body > 0 ? req->max_body : f->http.max_body;
	x->start_ms = clock_ms();
	x->max_age_s = -1;
	x->retry_after_s = -1;
	x->public_only = req->public_only;
	fetch_nets(x, req->private_nets);
	x->guard_hops = !req->public_only && !req->allow_private &&
	    req->proxy == NULL && !f->env_proxy;
	if ((x->easy = curl_easy_init()) == NULL) {
		log_warnx("fetching %s: cannot create a curl handle", url);
		goto fail;
	}
	if (fetch_headers(x, req->headers, req->nheaders) == -1)
		goto fail;
	if (fetch_setopt(f, x, req) == -1) {
		log_warnx("fetching %s: cannot set curl's options", url);
		goto fail;
	}
	if ((rc = curl_multi_add_handle(f->multi, x->easy)) != CURLM_OK) {
		log_warnx("fetching %s: %s", url, curl_multi_strerror(rc));
		goto fail;
	}
	TAILQ_INSERT_TAIL(&f->xfers, x, entry);
	f->n++;
	log_debug("fetch started: %s", url);
	return (0);

fail:
	fetch_xfer_free(x);
	return (-1);
}

/* How many transfers are in flight. */
size_t
fetch_inflight(const struct fetch *f)
{
	return (f->n);
}

/*
 * Cancel every transfer in flight: all are taken out of curl first, then each
 * callback gets FETCH_ERR_CANCELLED.  Transfers those callbacks start are not
 * cancelled.
 */
void
fetch_cancel_all(struct fetch *f)
{
	struct fetch_xfers	 list = TAILQ_HEAD_INITIALIZER(list);
	struct fetch_xfer	*x;

	TAILQ_CONCAT(&list, &f->xfers, entry);
	f->n = 0;
	TAILQ_FOREACH(x, &list, entry) {
		curl_multi_remove_handle(f->multi, x->easy);
		x->status = FETCH_ERR_CANCELLED;
		x->error = xstrdup("cancelled");
	}
	while ((x = TAILQ_FIRST(&list)) != NULL) {
		TAILQ_REMOVE(&list, x, entry);
		fetch_xfer_dispatch(x);
	}
}

/* Create the multi handle and its timer on a loop. */
struct fetch *
fetch_new(struct event_base *base, const struct http_cfg *http)
{
	struct fetch	*f;

	f = xcalloc(1, sizeof *f);
	f->base = base;
	f->http = *http;
	f->user_agent = xstrdup(http->user_agent != NULL ? http->user_agent :
	    "sanctwatch/" SANCTWATCH_VERSION);
	f->http.user_agent = f->user_agent;
	f->env_proxy = getenv("http_proxy") != NULL ||
	    getenv("https_proxy") != NULL || getenv("HTTPS_PROXY") != NULL ||
	    getenv("all_proxy") != NULL || getenv("ALL_PROXY") != NULL;
	TAILQ_INIT(&f->xfers);
	LIST_INIT(&f->socks);
	if ((f->timer = evtimer_new(base, fetch_timer_event_cb, f)) == NULL)
		fatalx("cannot create the fetch timer");
	if ((f->multi = curl_multi_init()) == NULL)
		fatalx("cannot create a curl multi handle");
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, fetch_socket_cb);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, fetch_timer_cb);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	return (f);
}

/*
 * Cancel every transfer, then curl_multi_cleanup (which may still call the
 * socket callback), then free the events curl did not remove.  Not from a
 * fetch callback.
 */
void
fetch_free(struct fetch *f)
{
	struct fetch_sock	*fs;

	if (f == NULL)
		return;
	f->closing = 1;
	fetch_cancel_all(f);
	curl_multi_cleanup(f->multi);
	while ((fs = LIST_FIRST(&f->socks)) != NULL)
		fetch_sock_free(fs);
	event_free(f->timer);
	free(f->user_agent);
	free(f);
}
