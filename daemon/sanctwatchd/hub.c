/*
 * The Unix socket: every connected client is a subscriber that gets each new
 * alert as one JSON line, and may send request lines at any time.
 *
 * Start-up.  hub_new() listens through hub-socket.c, which will not take
 * over a live socket nor anything but a stale socket, and at the end
 * removes the path only while it is still the socket it bound.
 *
 * Accepting.  One persistent read event on the listening socket; each
 * connection gets a bufferevent (BEV_OPT_CLOSE_ON_FREE).  When accept fails
 * for want of descriptors (EMFILE, ENFILE) or for another lasting reason,
 * accepting pauses for HUB_PAUSE_SEC, or until a client goes away, instead of
 * spinning on a listener that stays readable.
 *
 * Requests.  A request is a line ending in LF of at most PROTO_MAX_LINE bytes.
 * Reading stops at PROTO_MAX_LINE + 1 unread bytes (the read high watermark),
 * so a client costs bounded memory; a longer line gets one error reply, the
 * rest of it up to its LF is discarded and the client stays.  Blank lines are
 * ignored; every other line gets exactly one reply line, queued in order
 * with the client's alerts, so it arrives before any alert published after
 * it.  proto_request() turns a line into its reply and knows nothing of
 * sockets, so the fuzzer calls it as it is; commands are rows of hub_cmds[].
 * The daemon answers "status", "sources", "reload", "review" and "show"
 * through struct proto_ops; "reload" is refused unless the peer's
 * SO_PEERCRED uid is root or the daemon's own, and a "review" is recorded
 * with that uid.
 *
 * Reloading.  A reload of a million names takes seconds, so its reply comes
 * later: proto_ops.reload starts the build and the daemon calls
 * hub_reload_done() when it is over.  Meanwhile the client waits: its
 * further request lines stay unread (the read watermark bounds them), and
 * alerts published for it are held back by not moving its position, so
 * that after the reply it catches up from the database; the reply thus
 * comes before any alert written after the request, as for every request,
 * and nothing is lost.  Other clients carry on.
 *
 * Subscribing.  A client is subscribed to every alert from the moment it
 * connects; "subscribe" sets filters (struct proto_filter, all must match)
 * and, with "since", replays stored alerts first.  A replaying client is
 * fed HUB_REPLAY_BATCH alerts at a time from the daemon (proto_ops.replay)
 * whenever less than HUB_REPLAY_HIGH is queued for it, so a long replay
 * never holds up the loop; when a read comes back short it has caught up
 * and goes live.  The daemon publishes an alert only after its commit and
 * replays only committed ones, and every client remembers the id of the
 * last alert it was given: ids make the seam, with no gap and no duplicate.
 *
 * Publishing and overflow.  hub_publish() and hub_publish_batch() queue a
 * shared line (evbuffer_add_reference, no copy per client) for every live
 * client whose filter takes it; libevent writes it out as the socket
 * drains.  What a client has queued is capped at HUB_MAX_QUEUED bytes.  A
 * client whose alerts would pass the cap has fallen behind: it is switched
 * to replay from the first alert it was not given, and catches up from the
 * database, HUB_REPLAY_BATCH at a time, as it reads.  Nothing is lost, its
 * memory stays bounded, and the daemon and the others are unaffected.
 * Replies count against the same cap: a reply that comes while more than
 * the cap is queued disconnects the client (one large reply passes it).
 *
 * Bounds of all clients (issue 17, item 4).  At most clients.max are
 * connected; one more is sent {"ok": false, "error": "too many clients
 * ..."} and closed at once (the log says so once a minute, with a count).
 * clients.max_memory is divided evenly among those clients.max slots: a
 * client is fed (replayed, published to) while less than its share is
 * queued for it, and a replay stops mid-batch at the share, so subscribers
 * that never read hold at most clients.max_memory together, and cannot
 * starve one that reads.  What is queued for all of them is counted
 * (evbuffer callbacks) and shown by status as clients_queued.
 *
 * End of a client.  EOF means the client has finished sending: its last
 * unterminated line, if any, is answered.  A client that only shut down its
 * sending side (socat -u, nc < /dev/null, a script that writes one request)
 * stays a subscriber and keeps receiving alerts; one that closed the
 * connection altogether (poll() reports POLLHUP) is closed once its queued
 * output is flushed, so "printf '...' | socat - UNIX-CONNECT:..." gets its
 * reply.  A half-closed client that later goes away is noticed by the write
 * error of the next line sent to it.  Write errors (EPIPE, ECONNRESET) close
 * a client at once.  SIGPIPE must be ignored, since libevent writes with
 * writev(); hub_new() ignores it if it is still at its default.
 *
 * Teardown has two phases, as in tmux: hub_client_lost() stops the client's
 * events and moves it from the live list to the dead one, so neither a
 * fan-out loop nor a callback further up the stack sees it again, and the
 * reap event frees it on the next pass of the loop.
 */
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <poll.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"

#define HUB_PAUSE_SEC	1
#define HUB_REPLAY_BATCH 256		/* alerts read from the database at once */
#define HUB_REPLAY_HIGH	(256 * 1024)	/* replay while less is queued */
#define HUB_REPLAY_TURN	(4 * HUB_REPLAY_BATCH) /* alerts read per loop turn */
#define HUB_WRITE_LOW	(64 * 1024)	/* write callback below this */
#define HUB_MAX_WRITE	(1024 * 1024)	/* bytes per write to one client */
#define HUB_MAX_CLIENTS	256		/* until hub_limits(): clients.max */
#define HUB_MAX_MEMORY	(64 * 1024 * 1024) /* and clients.max_memory */
#define HUB_REFUSED_LOG_SEC 60		/* a refused client is logged */

struct hub_client {
	struct hub		*hub;
	unsigned		 id;
	struct bufferevent	*bev;
	struct proto_peer	 peer;		/* SO_PEERCRED: may reload? */
	struct proto_filter	 filter;	/* what it subscribed to */
	int			 replaying;	/* catching up from the database */
	int			 full;		/* its share is queued: stop there */
	struct event		*replay_ev;	/* goes on next loop turn */
	struct evbuffer_cb_entry *out_cb;	/* counts its output */
	int64_t			 last_id;	/* last alert considered for it */
	int			 flags;
#define HUB_CLIENT_DISCARD	0x1	/* skipping the rest of a long line */
#define HUB_CLIENT_CLOSING	0x2	/* hung up: flush, then close */
#define HUB_CLIENT_DEAD		0x4	/* lost: on the dead list */
#define HUB_CLIENT_WAITING	0x8	/* for the outcome of its reload */
#define HUB_CLIENT_EOF		0x10	/* has sent all it will send */
	TAILQ_ENTRY(hub_client)	 entry;
};
TAILQ_HEAD(hub_clients, hub_client);

struct hub {
	struct event_base	*base;
	struct hub_socket	 sock;		/* listening */
	struct event		*accept_ev;
	struct event		*resume_ev;	/* ends a pause in accepting */
	struct event		*reap_ev;	/* frees the dead clients */
	int			 paused;
	struct proto_ops		 ops;		/* the daemon's answers */
	struct hub_clients	 clients;	/* live, in connection order */
	struct hub_clients	 dead;
	unsigned		 next_id;
	int64_t			 last_id;	/* newest alert published */
	size_t			 nclients;	/* live */
	unsigned		 max_clients;	/* clients.max */
	size_t			 max_memory;	/* clients.max_memory */
	size_t			 queued;	/* output bytes of live clients */
	unsigned		 refused;	/* clients refused, not yet logged */
	time_t			 refused_logged;
};


static void	hub_client_lost(struct hub_client *, const char *);

/*
 * Queue a reply line.  A client is disconnected only when a reply comes
 * while it has more than HUB_MAX_QUEUED unread: one large reply (the
 * sources of 10,000, about 5 MB) goes whole, and a client that asks
 * without reading holds at most the cap and one reply (issue 17, item 7).
 */
static int
hub_client_write(struct hub_client *c, const char *line, size_t len)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);
	size_t		 queued = evbuffer_get_length(out);

	(void)len;
	if (queued > HUB_MAX_QUEUED) {
		log_warnx("client %u: too far behind (%zu bytes queued), "
		    "disconnecting", c->id, queued);
		hub_client_lost(c, "too far behind");
		return (-1);
	}
	if (evbuffer_add(out, line, len) != 0 ||
	    evbuffer_add(out, "\n", 1) != 0) {
		log_warnx("client %u: out of buffer space, disconnecting",
		    c->id);
		hub_client_lost(c, "out of buffer space");
		return (-1);
	}
	return (0);
}

/*
 * What one client may have queued: cap, or its slot's share of
 * clients.max_memory (divided evenly among clients.max slots) if that is
 * less.  The share is fixed, not what the others left: clients that never
 * read cannot starve those that do, whatever order they came in, and all
 * together stay within clients.max_memory (an alert line each past it at
 * most).
 */
static size_t
hub_client_share(const struct hub *hub, size_t cap)
{
	size_t	 share = hub->max_memory / hub->max_clients;

	return (share < cap ? share : cap);
}

/* Queue one replayed alert for a client if its filter takes it. */
static void
hub_client_replay_one(const struct alert *a, const char *line, size_t len,
    void *arg)
{
	struct hub_client	*c = arg;
	struct evbuffer		*out = bufferevent_get_output(c->bev);

	if (c->full || evbuffer_get_length(out) >= hub_client_share(c->hub,
	    HUB_REPLAY_HIGH)) {
		c->full = 1;	/* this alert and the rest come next time */
		return;
	}
	c->last_id = a->id;
	if (proto_filter_match(&c->filter, a) && (evbuffer_add(out, line,
	    len) != 0 || evbuffer_add(out, "\n", 1) != 0))
		hub_client_lost(c, "out of buffer space");
}

/*
 * Replay from the database while little is queued for the client; when a
 * read comes back short the client has caught up and goes live.  The
 * daemon replays only committed alerts, and publishes each after its
 * commit, so ids mark the seam: nothing is missed or sent twice.  One call
 * reads at most HUB_REPLAY_TURN alerts, whether the filter takes them or
 * not (issue 17, item 5: a filter that takes nothing queues nothing, and
 * would read the whole history at once); the rest waits for the next turn
 * of the loop (replay_ev), after the other clients and the polls.
 */
static void
hub_client_replay(struct hub_client *c)
{
	static const struct timeval	 now = { 0, 0 };
	struct hub			*hub = c->hub;
	struct evbuffer			*out = bufferevent_get_output(c->bev);
	ssize_t				 n;
	size_t				 rows = 0;

	while (c->replaying && !(c->flags & (HUB_CLIENT_DEAD |
	    HUB_CLIENT_WAITING)) && evbuffer_get_length(out) <
	    hub_client_share(hub, HUB_REPLAY_HIGH)) {
		if (rows >= HUB_REPLAY_TURN) {
			if (evtimer_add(c->replay_ev, &now) != 0)
				hub_client_lost(c, "cannot schedule the replay");
			return;
		}
		c->full = 0;
		n = hub->ops.replay(hub->ops.arg, c->last_id, HUB_REPLAY_BATCH,
		    hub_client_replay_one, c);
		if (n < 0) {
			hub_client_lost(c, "replay failed");
			return;
		}
		rows += (size_t)n;
		if ((size_t)n < HUB_REPLAY_BATCH && !c->full) {
			c->replaying = 0;
			log_debug("client %u: caught up at alert %lld, live",
			    c->id, (long long)c->last_id);
		}
	}
}

/* Count what is queued for a client against clients.max_memory. */
static void
hub_client_out_cb(struct evbuffer *b, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct hub_client	*c = arg;
	struct hub		*hub = c->hub;

	(void)b;
	hub->queued += info->n_added;
	hub->queued -= info->n_deleted;
}

/* The next turn of a long replay. */
static void
hub_client_replay_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	hub_client_replay(arg);
}

/*
 * One published line with its LF, shared by the output buffers of every
 * subscriber it goes to (evbuffer_add_reference), and freed by the last.
 */
struct hub_line {
	unsigned	 refs;
	size_t		 len;
	size_t		 cap;		/* bytes of data allocated */
	char		 data[];
};



/* Append a line and its LF to a shared buffer still held only by us. */
static struct hub_line *
hub_line_append(struct hub_line *l, const char *line, size_t len)
{
	size_t	 cap = l->cap;

	while (l->len + len + 1 > cap)
		cap *= 2;
	if (cap != l->cap) {
		l = xreallocarray(l, 1, sizeof *l + cap);
		l->cap = cap;
	}
	memcpy(l->data + l->len, line, len);
	l->data[l->len + len] = '\n';
	l->len += len + 1;
	return (l);
}

/* An empty shared buffer holding one reference, for the publisher. */
static struct hub_line *
hub_line_new(void)
{
	struct hub_line	*l;

	l = xmalloc(sizeof *l + 4096);
	l->refs = 1;
	l->len = 0;
	l->cap = 4096;
	return (l);
}

/* Drop one reference to a shared line (an evbuffer cleanup function). */
static void
hub_line_unref(const void *data, size_t len, void *arg)
{
	struct hub_line	*l = arg;

	(void)data;
	(void)len;
	if (--l->refs == 0)
		free(l);
}

/*
 * Whether a live client is to be sent a newly committed alert: not while
 * it replays or waits for a reload (it will read it from the database),
 * not twice, and only through its filter.  Moves the client's position
 * past the alert if it was considered.
 */
static int
hub_client_takes(struct hub_client *c, const struct alert *a)
{
	if (c->replaying || a->id <= c->last_id)
		return (0);
	if ((c->flags & HUB_CLIENT_WAITING) && c->hub->ops.replay != NULL)
		return (0);
	c->last_id = a->id;
	return (proto_filter_match(&c->filter, a));
}

/*
 * Queue len bytes of a shared buffer at off for a client: n alerts from a
 * (or a raw line if a is NULL).  When the alerts would pass the cap, the
 * client falls behind: it is switched to replay from the first of them, and
 * catches up from the database at its own pace (all of them are committed
 * before they are published).  Without a database to replay from, or for a
 * raw line, it is disconnected.
 */
static void
hub_client_send(struct hub_client *c, struct hub_line *l, size_t off,
    size_t len, const struct alert *a, size_t n)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);

	if (evbuffer_get_length(out) + len >= hub_client_share(c->hub,
	    HUB_MAX_QUEUED)) {
		if (a == NULL || c->hub->ops.replay == NULL) {
			hub_client_write(c, l->data + off, len - 1);
			return;
		}
		log_debug("client %u: behind, catching up from alert %lld",
		    c->id, (long long)a[0].id);
		c->last_id = a[0].id - 1;
		c->replaying = 1;
		if (evbuffer_get_length(out) < HUB_REPLAY_HIGH)
			hub_client_replay(c);	/* no write will come to start it */
		return;
	}
	(void)n;
	l->refs++;
	if (evbuffer_add_reference(out, l->data + off, len, hub_line_unref,
	    l) != 0) {
		l->refs--;
		hub_client_lost(c, "out of buffer space");
	}
}

/* Start a client's reload; it waits for the outcome unless refused. */
static void
hub_client_reload(struct hub_client *c)
{
	struct hub	*hub = c->hub;
	char		*cause = NULL, *msg, *reply;

	c->flags |= HUB_CLIENT_WAITING;
	if (hub->ops.reload(hub->ops.arg, c->id, &cause) == 0) {
		log_debug("client %u: waiting for the reload", c->id);
		return;
	}
	c->flags &= ~HUB_CLIENT_WAITING;
	msg = xasprintf("reload: %s", cause != NULL ? cause : "failed");
	reply = proto_error_line(msg);
	hub_client_write(c, reply, strlen(reply));
	free(reply);
	free(msg);
	free(cause);
}

/* Answer one request line of a client; a subscribe takes effect now. */
static void
hub_client_request(struct hub_client *c, const char *line, size_t len)
{
	struct proto_sub	 sub;
	char		*reply;

	memset(&sub, 0, sizeof sub);
	reply = proto_request_peer(line, len, &c->hub->ops, &c->peer, &sub);
	if (sub.reload) {
		hub_client_reload(c);
		return;
	}
	if (reply == NULL)
		return;
	if (sub.given) {
		proto_filter_free(&c->filter);
		c->filter = sub.filter;
		if (sub.has_since) {
			c->last_id = sub.since;
			c->replaying = 1;
		}
	}
	if (hub_client_write(c, reply, strlen(reply)) == 0 && c->replaying)
		hub_client_replay(c);
	free(reply);
}

/* Answer a line that is longer than PROTO_MAX_LINE. */
static void
hub_client_too_long(struct hub_client *c)
{
	char	*reply;

	reply = proto_error_line("request line too long");
	hub_client_write(c, reply, strlen(reply));
	free(reply);
}

/* Skip the rest of a long line: 0 once its LF is gone, -1 if still in it. */
static int
hub_client_discard(struct hub_client *c, struct evbuffer *in)
{
	struct evbuffer_ptr	 eol;
	size_t			 eol_len;

	eol = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
	if (eol.pos == -1) {
		evbuffer_drain(in, evbuffer_get_length(in));
		return (-1);
	}
	evbuffer_drain(in, (size_t)eol.pos + eol_len);
	c->flags &= ~HUB_CLIENT_DISCARD;
	return (0);
}

static void	hub_client_ended(struct hub_client *);

/*
 * Answer every complete line a client has sent, unless it waits for a
 * reload; then, if it has sent all it will, its end.
 */
static void
hub_client_input(struct hub_client *c)
{
	struct evbuffer	*in = bufferevent_get_input(c->bev);
	char		*line;
	size_t		 len;

	while (!(c->flags & (HUB_CLIENT_DEAD | HUB_CLIENT_WAITING))) {
		if ((c->flags & HUB_CLIENT_DISCARD) &&
		    hub_client_discard(c, in) != 0)
			break;
		line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
		if (line == NULL) {
			if (evbuffer_get_length(in) <= PROTO_MAX_LINE)
				break;
			log_debug("client %u: request line too long", c->id);
			c->flags |= HUB_CLIENT_DISCARD;
			hub_client_too_long(c);
			continue;
		}
		hub_client_request(c, line, len);
		free(line);
	}
	if ((c->flags & (HUB_CLIENT_EOF | HUB_CLIENT_DEAD |
	    HUB_CLIENT_WAITING)) == HUB_CLIENT_EOF)
		hub_client_ended(c);
}

/* The client sent more. */
static void
hub_client_read_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	hub_client_input(arg);
}

/*
 * The output has drained below HUB_WRITE_LOW: go on replaying, or, for a
 * client that hung up, close once all is flushed.
 */
static void
hub_client_write_cb(struct bufferevent *bev, void *arg)
{
	struct hub_client	*c = arg;

	if (c->flags & HUB_CLIENT_CLOSING) {
		if (!(c->flags & HUB_CLIENT_WAITING) &&
		    evbuffer_get_length(bufferevent_get_output(bev)) == 0)
			hub_client_lost(c, "closed");
		return;
	}
	if (c->replaying)
		hub_client_replay(c);
}

/* Whether the peer closed the connection altogether, not just its side. */
static int
hub_client_hungup(struct hub_client *c)
{
	struct pollfd	 pfd;

	pfd.fd = bufferevent_getfd(c->bev);
	pfd.events = POLLOUT;
	pfd.revents = 0;
	return (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR)));
}

/*
 * The client has sent all it will and every complete line is answered:
 * answer an unterminated last line; then stay subscribed if only the
 * client's sending side is shut, or close once flushed (and any reload
 * answered) if it hung up.
 */
static void
hub_client_ended(struct hub_client *c)
{
	struct evbuffer	*in = bufferevent_get_input(c->bev);
	size_t		 len = evbuffer_get_length(in);

	c->flags &= ~HUB_CLIENT_EOF;
	if (len > 0 && !(c->flags & HUB_CLIENT_DISCARD)) {
		hub_client_request(c, (const char *)evbuffer_pullup(in, -1),
		    len);
	}
	evbuffer_drain(in, evbuffer_get_length(in));
	if (c->flags & HUB_CLIENT_DEAD)
		return;
	if (!hub_client_hungup(c)) {
		log_debug("client %u: half-closed, still subscribed", c->id);
		return;
	}
	c->flags |= HUB_CLIENT_CLOSING;
	if (!(c->flags & HUB_CLIENT_WAITING) &&
	    evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		hub_client_lost(c, "closed");
}

/* EOF: nothing more will come; lines still unread are answered first. */
static void
hub_client_eof(struct hub_client *c)
{
	bufferevent_disable(c->bev, EV_READ);
	if ((c->flags & HUB_CLIENT_WAITING) && hub_client_hungup(c)) {
		hub_client_lost(c, "closed while waiting for its reload");
		return;
	}
	c->flags |= HUB_CLIENT_EOF;
	hub_client_input(c);
}

/*
 * The outcome of the reload client id asked for (error NULL: taken): its
 * reply, then the alerts held back meanwhile from the database, then its
 * next request lines.
 */
void
hub_reload_done(struct hub *hub, unsigned id, const char *error)
{
	struct hub_client	*c;
	char			*msg, *reply;

	TAILQ_FOREACH(c, &hub->clients, entry) {
		if (c->id == id)
			break;
	}
	if (c == NULL || !(c->flags & HUB_CLIENT_WAITING)) {
		log_debug("client %u: gone before its reload was done", id);
		return;
	}
	c->flags &= ~HUB_CLIENT_WAITING;
	if (error != NULL) {
		msg = xasprintf("reload: %s", error);
		reply = proto_error_line(msg);
		free(msg);
	} else
		reply = xstrdup("{\"ok\":true}");
	if (hub_client_write(c, reply, strlen(reply)) == 0) {
		if (hub->ops.replay != NULL) {
			c->replaying = 1;
			hub_client_replay(c);
		}
		hub_client_input(c);
	}
	free(reply);
}

/* A client's connection ended or failed. */
static void
hub_client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct hub_client	*c = arg;

	(void)bev;
	if (what & BEV_EVENT_ERROR)
		hub_client_lost(c, evutil_socket_error_to_string(
		    EVUTIL_SOCKET_ERROR()));
	else if (what & BEV_EVENT_EOF)
		hub_client_eof(c);
}

/* Free a client that is on no list any more. */
static void
hub_client_free(struct hub_client *c)
{
	proto_filter_free(&c->filter);
	if (c->replay_ev != NULL)
		event_free(c->replay_ev);
	bufferevent_free(c->bev);
	free(c);
}

/* A client's output no longer counts against clients.max_memory. */
static void
hub_client_uncount(struct hub_client *c)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);

	if (c->out_cb == NULL)
		return;
	evbuffer_remove_cb_entry(out, c->out_cb);
	c->out_cb = NULL;
	c->hub->queued -= evbuffer_get_length(out);
}

/* Stop a client and move it to the dead list, to be freed next loop pass. */
static void
hub_client_lost(struct hub_client *c, const char *why)
{
	struct hub	*hub = c->hub;

	if (c->flags & HUB_CLIENT_DEAD)
		return;
	c->flags |= HUB_CLIENT_DEAD;
	bufferevent_disable(c->bev, EV_READ | EV_WRITE);
	bufferevent_setcb(c->bev, NULL, NULL, NULL, NULL);
	if (c->replay_ev != NULL)
		evtimer_del(c->replay_ev);
	hub_client_uncount(c);
	TAILQ_REMOVE(&hub->clients, c, entry);
	hub->nclients--;
	TAILQ_INSERT_TAIL(&hub->dead, c, entry);
	event_active(hub->reap_ev, EV_TIMEOUT, 0);
	log_debug("client %u: disconnected (%s)", c->id, why);
}

/* Start accepting again after a pause. */
static void
hub_accept_resume(struct hub *hub)
{
	if (!hub->paused)
		return;
	evtimer_del(hub->resume_ev);
	if (event_add(hub->accept_ev, NULL) != 0)
		log_warnx("socket %s: cannot accept clients again",
		    hub->sock.path);
	hub->paused = 0;
}

/* Free the dead clients; each freed descriptor may let accepting resume. */
static void
hub_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hub		*hub = arg;
	struct hub_client	*c;

	(void)fd;
	(void)what;
	if (TAILQ_EMPTY(&hub->dead))
		return;
	while ((c = TAILQ_FIRST(&hub->dead)) != NULL) {
		TAILQ_REMOVE(&hub->dead, c, entry);
		hub_client_free(c);
	}
	hub_accept_resume(hub);
}

/* The pause is over. */
static void
hub_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	hub_accept_resume(arg);
}

/* Stop accepting for a while. */
static void
hub_accept_pause(struct hub *hub)
{
	struct timeval	 tv = { .tv_sec = HUB_PAUSE_SEC };

	event_del(hub->accept_ev);
	evtimer_add(hub->resume_ev, &tv);
	hub->paused = 1;
}

/*
 * Who the peer on fd is (SO_PEERCRED): its uid, for the decisions it
 * records, and whether it runs as root or as the daemon's effective user.
 */
static void
hub_peer(int fd, struct proto_peer *peer)
{
	struct ucred	 cred;
	socklen_t	 len = sizeof cred;

	memset(peer, 0, sizeof *peer);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
		return;
	peer->known = 1;
	peer->uid = cred.uid;
	peer->trusted = cred.uid == 0 || cred.uid == geteuid();
}

/* Make a subscriber of an accepted connection. */
static void
hub_client_new(struct hub *hub, int fd)
{
	struct hub_client	*c;

	c = xcalloc(1, sizeof *c);
	c->hub = hub;
	c->id = ++hub->next_id;
	hub_peer(fd, &c->peer);
	c->bev = bufferevent_socket_new(hub->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		log_warnx("client %u: cannot set up its buffers, closing",
		    c->id);
		close(fd);
		free(c);
		return;
	}
	c->replay_ev = evtimer_new(hub->base, hub_client_replay_cb, c);
	if (c->replay_ev == NULL) {
		log_warnx("client %u: cannot set up its replay, closing",
		    c->id);
		hub_client_free(c);
		return;
	}
	bufferevent_setcb(c->bev, hub_client_read_cb, hub_client_write_cb,
	    hub_client_event_cb, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, PROTO_MAX_LINE + 1);
	bufferevent_setwatermark(c->bev, EV_WRITE, HUB_WRITE_LOW, 0);
	/* libevent writes 16 KiB per call by default: fewer, larger writes. */
	bufferevent_set_max_single_write(c->bev, HUB_MAX_WRITE);
	c->last_id = hub->last_id;
	if (bufferevent_enable(c->bev, EV_READ | EV_WRITE) != 0) {
		log_warnx("client %u: cannot start reading, closing", c->id);
		hub_client_free(c);
		return;
	}
	c->out_cb = evbuffer_add_cb(bufferevent_get_output(c->bev),
	    hub_client_out_cb, c);
	TAILQ_INSERT_TAIL(&hub->clients, c, entry);
	hub->nclients++;
	log_debug("client %u: connected", c->id);
}

/*
 * One client more than clients.max: told why and closed at once.  The log
 * says so at most once a minute, with how many were refused.
 */
static void
hub_refuse(struct hub *hub, int fd)
{
	char	 reply[128];
	int	 n;
	time_t	 now = time(NULL);

	n = snprintf(reply, sizeof reply, "{\"ok\": false, \"error\": \"too "
	    "many clients (clients.max is %u)\"}\n", hub->max_clients);
	if (write(fd, reply, (size_t)n) != n)
		log_debug("socket: a refused client did not take its reply");
	close(fd);
	hub->refused++;
	if (now - hub->refused_logged >= HUB_REFUSED_LOG_SEC) {
		log_warnx("socket: refused %u client%s: %zu connected, "
		    "clients.max is %u", hub->refused, hub->refused == 1 ?
		    "" : "s", hub->nclients, hub->max_clients);
		hub->refused = 0;
		hub->refused_logged = now;
	}
}

/* Accept one connection; pause accepting on errors that would persist. */
static void
hub_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hub	*hub = arg;
	int		 cfd;

	(void)what;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd != -1 && hub->nclients >= hub->max_clients) {
		hub_refuse(hub, cfd);
		return;
	}
	if (cfd != -1) {
		hub_client_new(hub, cfd);
		return;
	}
	switch (errno) {
	case EAGAIN:
	case EINTR:
	case ECONNABORTED:
		return;
	default:	/* EMFILE, ENFILE, ENOBUFS, ENOMEM ... */
		log_warn("socket %s: accepting a client, pausing %d s",
		    hub->sock.path, HUB_PAUSE_SEC);
		hub_accept_pause(hub);
	}
}

/* Create the listener's events. */
static int
hub_events(struct hub *hub, char **cause)
{
	hub->accept_ev = event_new(hub->base, hub->sock.fd,
	    EV_READ | EV_PERSIST, hub_accept_cb, hub);
	hub->resume_ev = evtimer_new(hub->base, hub_resume_cb, hub);
	hub->reap_ev = event_new(hub->base, -1, 0, hub_reap_cb, hub);
	if (hub->accept_ev == NULL || hub->resume_ev == NULL ||
	    hub->reap_ev == NULL || event_add(hub->accept_ev, NULL) != 0) {
		log_cause(cause, "%s: cannot create events", hub->sock.path);
		return (-1);
	}
	return (0);
}

/* Writes to a client that went away must fail with EPIPE, not kill us. */
static void
hub_ignore_sigpipe(void)
{
	struct sigaction	 sa;

	if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_IGN;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGPIPE, &sa, NULL);
	}
}

/* Listen on path for subscribers; ops answer the daemon's requests. */
struct hub *
hub_new(struct event_base *base, const char *path, mode_t mode,
    const struct proto_ops *ops, char **cause)
{
	struct hub		*hub;

	hub = xcalloc(1, sizeof *hub);
	hub->base = base;
	if (ops != NULL)
		hub->ops = *ops;
	TAILQ_INIT(&hub->clients);
	TAILQ_INIT(&hub->dead);
	hub->max_clients = HUB_MAX_CLIENTS;
	hub->max_memory = HUB_MAX_MEMORY;
	if (hub_socket_open(&hub->sock, path, mode, cause) != 0 ||
	    hub_events(hub, cause) != 0) {
		hub_free(hub);
		return (NULL);
	}
	hub_ignore_sigpipe();
	log_info("listening on %s", path);
	return (hub);
}

/*
 * Send an alert's line (an LF is added) to every live subscriber whose
 * filter takes it.  A client still replaying gets it from the database
 * instead; one with no room left catches up from the database (see
 * hub_client_send).  With a NULL alert the line goes to everyone.
 */
void
hub_publish(struct hub *hub, const struct alert *a, const char *line,
    size_t len)
{
	struct hub_client	*c, *next;
	struct hub_line		*l;

	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (a != NULL && a->id > hub->last_id)
		hub->last_id = a->id;
	l = hub_line_append(hub_line_new(), line, len);
	for (c = TAILQ_FIRST(&hub->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->flags & HUB_CLIENT_CLOSING)
			continue;
		if (a == NULL)
			hub_client_send(c, l, 0, l->len, NULL, 0);
		else if (hub_client_takes(c, a))
			hub_client_send(c, l, 0, l->len, a, 1);
	}
	hub_line_unref(l->data, l->len, l);
}

/*
 * Publish a batch of committed alerts, in id order: their lines are
 * rendered once into one shared buffer, and each subscriber is given one
 * reference per run of consecutive alerts its filter takes, so a subscriber
 * without filters costs one buffer chain per batch, not one per alert.
 */
void
hub_publish_batch(struct hub *hub, const struct alert *alerts, size_t n)
{
	struct hub_client	*c, *next;
	struct hub_line		*l;
	size_t			*off, i, run;
	char			*line;

	if (n == 0)
		return;
	off = xreallocarray(NULL, n + 1, sizeof *off);
	l = hub_line_new();
	for (i = 0; i < n; i++) {
		off[i] = l->len;
		line = alert_json(&alerts[i], 1);
		l = hub_line_append(l, line, strlen(line));
		free(line);
		if (alerts[i].id > hub->last_id)
			hub->last_id = alerts[i].id;
	}
	off[n] = l->len;
	for (c = TAILQ_FIRST(&hub->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (c->flags & HUB_CLIENT_CLOSING)
			continue;
		for (i = 0; i < n; i = run) {
			for (run = i; run < n && hub_client_takes(c,
			    &alerts[run]); run++)
				;
			if (run > i)
				hub_client_send(c, l, off[i], off[run] - off[i],
				    &alerts[i], run - i);
			else
				run++;
		}
	}
	hub_line_unref(l->data, l->len, l);
	free(off);
}

/* The number of connected subscribers. */
size_t
hub_subscribers(const struct hub *hub)
{
	const struct hub_client	*c;
	size_t			 n = 0;

	TAILQ_FOREACH(c, &hub->clients, entry) {
		if (!(c->flags & HUB_CLIENT_CLOSING))
			n++;
	}
	return (n);
}

/*
 * Set the bounds of clients.max and clients.max_memory (at start and after
 * each reload); clients already connected past a lowered max stay.
 */
void
hub_limits(struct hub *hub, const struct client_cfg *cfg)
{
	hub->max_clients = cfg->max;
	hub->max_memory = cfg->max_memory;
}

/* Output queued for live clients, counted against clients.max_memory. */
size_t
hub_queued_bytes(const struct hub *hub)
{
	return (hub->queued);
}

/* Bytes queued for all live clients and not yet written. */
static size_t
hub_queued(const struct hub *hub)
{
	const struct hub_client	*c;
	size_t			 n = 0;

	TAILQ_FOREACH(c, &hub->clients, entry)
		n += evbuffer_get_length(bufferevent_get_output(c->bev));
	return (n);
}

/*
 * At shutdown, run the loop until every subscriber has taken what is queued
 * for it, or ms milliseconds have passed (a client that does not read is
 * not waited for longer).  Returns the bytes still queued.
 */
size_t
hub_drain(struct hub *hub, int ms)
{
	struct timeval	 tv = { 0, 20000 };
	uint64_t	 end = clock_ms() + (uint64_t)(ms > 0 ? ms : 0);

	for (;;) {
		if (hub_queued(hub) == 0)
			return (0);
		if (clock_ms() >= end)
			return (hub_queued(hub));
		event_base_loopexit(hub->base, &tv);
		event_base_loop(hub->base, EVLOOP_ONCE);
	}
}

/* Free every client of a list. */
static void
hub_free_clients(struct hub_clients *list)
{
	struct hub_client	*c;

	while ((c = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, c, entry);
		hub_client_free(c);
	}
}

/* Close the listener and all clients, remove the socket; NULL is a no-op. */
void
hub_free(struct hub *hub)
{
	if (hub == NULL)
		return;
	if (hub->accept_ev != NULL)
		event_free(hub->accept_ev);
	if (hub->resume_ev != NULL)
		event_free(hub->resume_ev);
	if (hub->reap_ev != NULL)
		event_free(hub->reap_ev);
	hub_socket_close(&hub->sock);
	hub_free_clients(&hub->clients);
	hub_free_clients(&hub->dead);
	free(hub);
}
