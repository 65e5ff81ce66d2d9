/*
 * The fetch and poller tests' harness: a loop, libevent's evhttp on
 * 127.0.0.1 (bound to port 0) with the routes the tests ask for, and a
 * fetch on the same event_base.  Each test builds its own and tears them
 * down in the daemon's order, so ASan's leak check covers the shutdown
 * paths too.  The loop is always driven with a guard timer.
 */
#ifndef TC_H
#define TC_H

#include <stdint.h>

#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"

#define MAX_GOT		64
#define FOREVER		1000000

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

void		 tc_init(struct tc *, uint64_t, uint64_t);
void		 tc_free(struct tc *);
char		*tc_url(struct tc *, const char *);
void		 tc_record(struct tc *, const struct fetch_result *,
		    const char *);
void		 tc_fetch_cb(const struct fetch_result *, void *);
void		 tc_guard_cb(evutil_socket_t, short, void *);
void		 tc_run(struct tc *, int, int);
struct got	*tc_get(struct tc *, const char *);
int		 tc_free_port(void);

#endif /* TC_H */
