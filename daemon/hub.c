/*
 * The Unix socket: every connected client is a subscriber that gets each new
 * alert as one JSON line, and may send request lines at any time.
 *
 * Start-up.  hub_new() will not take over a path that is not a socket, nor a
 * socket some live process accepts on (probed with a non-blocking connect);
 * a socket nobody listens on (ECONNREFUSED) is stale and is replaced.  The
 * socket is bound under a umask that leaves it no more than mode, then
 * chmod'ed to mode.  hub_free() unlinks the path only while it is still the
 * socket this hub bound (same device and inode).
 *
 * Accepting.  One persistent read event on the listening socket; each
 * connection gets a bufferevent (BEV_OPT_CLOSE_ON_FREE).  When accept fails
 * for want of descriptors (EMFILE, ENFILE) or for another lasting reason,
 * accepting pauses for HUB_PAUSE_SEC, or until a client goes away, instead of
 * spinning on a listener that stays readable.
 *
 * Requests.  A request is a line ending in LF of at most HUB_MAX_LINE bytes.
 * Reading stops at HUB_MAX_LINE + 1 unread bytes (the read high watermark),
 * so a client costs bounded memory; a longer line gets one error reply, the
 * rest of it up to its LF is discarded and the client stays.  Blank lines are
 * ignored; every other line gets exactly one reply line, queued in order
 * with the client's alerts, so it arrives before any alert published after
 * it.  hub_request() turns a line into its reply and knows nothing of
 * sockets, so the fuzzer calls it as it is; commands are rows of hub_cmds[].
 * The daemon answers "status", "sources" and "reload" through struct
 * hub_ops; "reload" is refused unless the peer's SO_PEERCRED uid is root or
 * the daemon's own.
 * Fields a later version will take ("since", "min_score", ...) are refused
 * by name rather than ignored, so no client believes it is filtering.
 *
 * Publishing and overflow.  hub_publish() appends the line and an LF to each
 * subscriber's output buffer; libevent writes it out as the socket drains.
 * What a client has queued (alerts and replies) is capped at HUB_MAX_QUEUED
 * bytes.  The policy, for now, is to disconnect a client whose queue would
 * pass the cap, with a warning in the log; the others are unaffected, nothing
 * is dropped from the middle of a stream, and every alert stays in the
 * database for replay.  A disconnected client may see its last line cut
 * short: only LF-terminated lines are records.
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

#include "sanctwatch.h"

#define HUB_BACKLOG	64
#define HUB_PAUSE_SEC	1

struct hub_client {
	struct hub		*hub;
	unsigned		 id;
	struct bufferevent	*bev;
	int			 trusted;	/* may ask for a reload */
	int			 flags;
#define HUB_CLIENT_DISCARD	0x1	/* skipping the rest of a long line */
#define HUB_CLIENT_CLOSING	0x2	/* hung up: flush, then close */
#define HUB_CLIENT_DEAD		0x4	/* lost: on the dead list */
	TAILQ_ENTRY(hub_client)	 entry;
};
TAILQ_HEAD(hub_clients, hub_client);

struct hub {
	struct event_base	*base;
	char			*path;
	int			 fd;
	int			 bound;		/* path is our socket */
	dev_t			 dev;
	ino_t			 ino;
	struct event		*accept_ev;
	struct event		*resume_ev;	/* ends a pause in accepting */
	struct event		*reap_ev;	/* frees the dead clients */
	int			 paused;
	struct hub_ops		 ops;		/* the daemon's answers */
	struct hub_clients	 clients;	/* live, in connection order */
	struct hub_clients	 dead;
	unsigned		 next_id;
};

/* One request being answered. */
struct hub_req {
	json_t		*obj;
	const char	*cmd;
	const struct hub_ops *ops;	/* NULL: no daemon behind (tests) */
	int		 trusted;	/* peer is root or the daemon's uid */
	char		*error;		/* why it failed, from xasprintf */
};

static json_t	*hub_cmd_status(struct hub_req *);
static json_t	*hub_cmd_subscribe(struct hub_req *);
static json_t	*hub_cmd_sources(struct hub_req *);
static json_t	*hub_cmd_reload(struct hub_req *);

static const struct hub_cmd {
	const char	*name;
	json_t		*(*exec)(struct hub_req *);
} hub_cmds[] = {
	{ .name = "status", .exec = hub_cmd_status },
	{ .name = "subscribe", .exec = hub_cmd_subscribe },
	{ .name = "sources", .exec = hub_cmd_sources },
	{ .name = "reload", .exec = hub_cmd_reload },
};

/* The subscribe fields of the protocol that are not implemented yet. */
static const char *const hub_subscribe_later[] = {
	"since", "min_score", "kinds", "entities", "sources",
};

static void	hub_client_lost(struct hub_client *, const char *);

/* Serialize a reply object to one line, from malloc. */
static char *
hub_dump(json_t *reply)
{
	char	*s = NULL;

	if (reply != NULL)
		s = json_dumps(reply, JSON_COMPACT);
	if (s == NULL)
		s = xstrdup("{\"ok\":false,\"error\":\"internal error\"}");
	return (s);
}

/* An error reply line; bytes that are not printable ASCII become '?' if the
 * message is not valid UTF-8 (a parser's excerpt of the input can be cut). */
static char *
hub_error_line(const char *msg)
{
	json_t	*reply, *s;
	char	*copy, *out, *p;

	if ((s = json_string(msg)) == NULL) {
		copy = xstrdup(msg);
		for (p = copy; *p != '\0'; p++) {
			if ((unsigned char)*p < 0x20 ||
			    (unsigned char)*p >= 0x7f)
				*p = '?';
		}
		s = json_string(copy);
		free(copy);
	}
	reply = json_object();
	if (reply != NULL) {
		json_object_set_new(reply, "ok", json_false());
		json_object_set_new(reply, "error", s);
	} else
		json_decref(s);
	out = hub_dump(reply);
	json_decref(reply);
	return (out);
}

/* A success reply with nothing else in it. */
static json_t *
hub_reply_ok(void)
{
	return (json_pack("{s:b}", "ok", 1));
}

/* Whether s is one of the n strings of list. */
static int
hub_in(const char *s, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(s, list[i]) == 0)
			return (1);
	}
	return (0);
}

/* Refuse any field but "cmd", naming those a later version will take. */
static int
hub_req_no_fields(struct hub_req *req, const char *const *later,
    size_t nlater)
{
	const char	*key;
	json_t		*value;

	json_object_foreach(req->obj, key, value) {
		if (strcmp(key, "cmd") == 0)
			continue;
		if (hub_in(key, later, nlater)) {
			req->error = xasprintf("%s: '%s' is not supported yet",
			    req->cmd, key);
		} else {
			req->error = xasprintf("%s: unknown field '%s'",
			    req->cmd, key);
		}
		return (-1);
	}
	return (0);
}

/* "status": the daemon's status object, with "ok" first. */
static json_t *
hub_cmd_status(struct hub_req *req)
{
	json_t	*reply, *status;
	char	*s;

	if (hub_req_no_fields(req, NULL, 0) != 0)
		return (NULL);
	if (req->ops == NULL || req->ops->status == NULL)
		return (hub_reply_ok());
	if ((s = req->ops->status(req->ops->arg)) == NULL) {
		req->error = xstrdup("status: not available");
		return (NULL);
	}
	status = json_loads(s, 0, NULL);
	free(s);
	if (!json_is_object(status)) {
		log_warnx("%s: status is not a JSON object", __func__);
		json_decref(status);
		req->error = xstrdup("status: not available");
		return (NULL);
	}
	reply = hub_reply_ok();
	json_object_update_missing(reply, status);
	json_decref(status);
	return (reply);
}

/* "subscribe": every client already gets every alert; no filters yet. */
static json_t *
hub_cmd_subscribe(struct hub_req *req)
{
	if (hub_req_no_fields(req, hub_subscribe_later,
	    sizeof hub_subscribe_later / sizeof hub_subscribe_later[0]) != 0)
		return (NULL);
	return (hub_reply_ok());
}

/* "sources": the daemon's per-source state, as {"ok":true,"sources":[...]}. */
static json_t *
hub_cmd_sources(struct hub_req *req)
{
	json_t	*reply, *list;
	char	*s;

	if (hub_req_no_fields(req, NULL, 0) != 0)
		return (NULL);
	if (req->ops == NULL || req->ops->sources == NULL ||
	    (s = req->ops->sources(req->ops->arg)) == NULL) {
		req->error = xstrdup("sources: not available");
		return (NULL);
	}
	list = json_loads(s, 0, NULL);
	free(s);
	if (!json_is_array(list)) {
		log_warnx("%s: sources is not a JSON array", __func__);
		json_decref(list);
		req->error = xstrdup("sources: not available");
		return (NULL);
	}
	reply = hub_reply_ok();
	json_object_set_new(reply, "sources", list);
	return (reply);
}

/*
 * "reload": only for a peer running as root or as the daemon's user
 * (SO_PEERCRED); the reply says whether the new config was taken.
 */
static json_t *
hub_cmd_reload(struct hub_req *req)
{
	char	*cause = NULL;

	if (hub_req_no_fields(req, NULL, 0) != 0)
		return (NULL);
	if (!req->trusted) {
		req->error = xstrdup("reload: permission denied");
		return (NULL);
	}
	if (req->ops == NULL || req->ops->reload == NULL) {
		req->error = xstrdup("reload: not available");
		return (NULL);
	}
	if (req->ops->reload(req->ops->arg, &cause) != 0) {
		req->error = xasprintf("reload: %s", cause != NULL ? cause :
		    "failed");
		free(cause);
		return (NULL);
	}
	free(cause);
	return (hub_reply_ok());
}

/* Find the request's command, or say why there is none. */
static const struct hub_cmd *
hub_cmd_find(struct hub_req *req)
{
	json_t	*cmd;
	size_t	 i;

	if ((cmd = json_object_get(req->obj, "cmd")) == NULL) {
		req->error = xstrdup("missing 'cmd'");
		return (NULL);
	}
	if ((req->cmd = json_string_value(cmd)) == NULL) {
		req->error = xstrdup("'cmd' must be a string");
		return (NULL);
	}
	for (i = 0; i < sizeof hub_cmds / sizeof hub_cmds[0]; i++) {
		if (strcmp(req->cmd, hub_cmds[i].name) == 0)
			return (&hub_cmds[i]);
	}
	req->error = xasprintf("unknown command '%s'", req->cmd);
	return (NULL);
}

/* Whether a line holds only white space. */
static int
hub_blank(const char *line, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (strchr(" \t\r\n", line[i]) == NULL || line[i] == '\0')
			return (0);
	}
	return (1);
}

/*
 * Answer one request line (without its LF): the reply line without LF, from
 * malloc, or NULL for a blank line, which needs no answer.
 */
char *
hub_request(const char *line, size_t len, const struct hub_ops *ops,
    int trusted)
{
	struct hub_req		 req = { .ops = ops, .trusted = trusted };
	const struct hub_cmd	*cmd;
	json_error_t		 jerr;
	json_t			*reply = NULL;
	char			*out;

	if (len > HUB_MAX_LINE)
		return (hub_error_line("request line too long"));
	if (hub_blank(line, len))
		return (NULL);
	req.obj = json_loadb(line, len, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &jerr);
	if (req.obj == NULL) {
		req.error = xasprintf("invalid JSON: %s (at byte %d)",
		    jerr.text, jerr.position);
	} else if (!json_is_object(req.obj))
		req.error = xstrdup("a request must be a JSON object");
	else if ((cmd = hub_cmd_find(&req)) != NULL)
		reply = cmd->exec(&req);
	if (reply != NULL)
		out = hub_dump(reply);
	else
		out = hub_error_line(req.error != NULL ? req.error : "failed");
	json_decref(reply);
	json_decref(req.obj);
	free(req.error);
	return (out);
}

/* Queue a line and its LF for a client, or lose the client past the cap. */
static int
hub_client_write(struct hub_client *c, const char *line, size_t len)
{
	struct evbuffer	*out = bufferevent_get_output(c->bev);
	size_t		 queued = evbuffer_get_length(out);

	if (queued > HUB_MAX_QUEUED || len >= HUB_MAX_QUEUED - queued) {
		log_warnx("%s: client %u: too far behind (%zu bytes queued), "
		    "disconnecting", __func__, c->id, queued);
		hub_client_lost(c, "too far behind");
		return (-1);
	}
	if (evbuffer_add(out, line, len) != 0 ||
	    evbuffer_add(out, "\n", 1) != 0) {
		log_warnx("%s: client %u: out of buffer space", __func__,
		    c->id);
		hub_client_lost(c, "out of buffer space");
		return (-1);
	}
	return (0);
}

/* Answer one request line of a client. */
static void
hub_client_request(struct hub_client *c, const char *line, size_t len)
{
	char	*reply;

	reply = hub_request(line, len, &c->hub->ops, c->trusted);
	if (reply != NULL) {
		hub_client_write(c, reply, strlen(reply));
		free(reply);
	}
}

/* Answer a line that is longer than HUB_MAX_LINE. */
static void
hub_client_too_long(struct hub_client *c)
{
	char	*reply;

	reply = hub_error_line("request line too long");
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

/* Answer every complete line a client has sent. */
static void
hub_client_read_cb(struct bufferevent *bev, void *arg)
{
	struct hub_client	*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	char			*line;
	size_t			 len;

	while (!(c->flags & HUB_CLIENT_DEAD)) {
		if ((c->flags & HUB_CLIENT_DISCARD) &&
		    hub_client_discard(c, in) != 0)
			break;
		line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
		if (line == NULL) {
			if (evbuffer_get_length(in) <= HUB_MAX_LINE)
				break;
			log_debug("%s: client %u: request line too long",
			    __func__, c->id);
			c->flags |= HUB_CLIENT_DISCARD;
			hub_client_too_long(c);
			continue;
		}
		hub_client_request(c, line, len);
		free(line);
	}
}

/* The output is flushed: a client that has finished sending can go now. */
static void
hub_client_write_cb(struct bufferevent *bev, void *arg)
{
	struct hub_client	*c = arg;

	(void)bev;
	if (c->flags & HUB_CLIENT_CLOSING)
		hub_client_lost(c, "closed");
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
 * EOF: answer an unterminated last line; then stay subscribed if only the
 * client's sending side is shut, or close once flushed if it hung up.
 */
static void
hub_client_eof(struct hub_client *c)
{
	struct evbuffer	*in = bufferevent_get_input(c->bev);
	size_t		 len = evbuffer_get_length(in);

	if (len > 0 && !(c->flags & HUB_CLIENT_DISCARD)) {
		hub_client_request(c, (const char *)evbuffer_pullup(in, -1),
		    len);
	}
	evbuffer_drain(in, evbuffer_get_length(in));
	if (c->flags & HUB_CLIENT_DEAD)
		return;
	bufferevent_disable(c->bev, EV_READ);
	if (!hub_client_hungup(c)) {
		log_debug("%s: client %u: half-closed, still subscribed",
		    __func__, c->id);
		return;
	}
	c->flags |= HUB_CLIENT_CLOSING;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		hub_client_lost(c, "closed");
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
	bufferevent_free(c->bev);
	free(c);
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
	TAILQ_REMOVE(&hub->clients, c, entry);
	TAILQ_INSERT_TAIL(&hub->dead, c, entry);
	event_active(hub->reap_ev, EV_TIMEOUT, 0);
	log_debug("%s: client %u: disconnected (%s)", __func__, c->id, why);
}

/* Start accepting again after a pause. */
static void
hub_accept_resume(struct hub *hub)
{
	if (!hub->paused)
		return;
	evtimer_del(hub->resume_ev);
	if (event_add(hub->accept_ev, NULL) != 0)
		log_warnx("%s: cannot re-enable accepting", __func__);
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

/* Whether the peer on fd runs as root or as the daemon's effective user. */
static int
hub_peer_trusted(int fd)
{
	struct ucred	 cred;
	socklen_t	 len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
		return (0);
	return (cred.uid == 0 || cred.uid == geteuid());
}

/* Make a subscriber of an accepted connection. */
static void
hub_client_new(struct hub *hub, int fd)
{
	struct hub_client	*c;

	c = xcalloc(1, sizeof *c);
	c->hub = hub;
	c->id = ++hub->next_id;
	c->trusted = hub_peer_trusted(fd);
	c->bev = bufferevent_socket_new(hub->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		log_warnx("%s: client %u: no bufferevent", __func__, c->id);
		close(fd);
		free(c);
		return;
	}
	bufferevent_setcb(c->bev, hub_client_read_cb, hub_client_write_cb,
	    hub_client_event_cb, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, HUB_MAX_LINE + 1);
	if (bufferevent_enable(c->bev, EV_READ | EV_WRITE) != 0) {
		log_warnx("%s: client %u: cannot enable", __func__, c->id);
		hub_client_free(c);
		return;
	}
	TAILQ_INSERT_TAIL(&hub->clients, c, entry);
	log_debug("%s: client %u: connected", __func__, c->id);
}

/* Accept one connection; pause accepting on errors that would persist. */
static void
hub_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hub	*hub = arg;
	int		 cfd;

	(void)what;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
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
		log_warn("%s: accept on %s, pausing %d s", __func__, hub->path,
		    HUB_PAUSE_SEC);
		hub_accept_pause(hub);
	}
}

/* Fill a Unix socket address, if the path fits. */
static int
hub_sockaddr(const char *path, struct sockaddr_un *sun, char **cause)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path) {
		log_cause(cause, "socket path too long: %s", path);
		return (-1);
	}
	memcpy(sun->sun_path, path, strlen(path) + 1);
	return (0);
}

/* Whether a live process accepts on the socket at sun: 1, 0 (stale), -1. */
static int
hub_probe(const struct sockaddr_un *sun, char **cause)
{
	int	 fd, rc, error;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_cause(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	rc = connect(fd, (const struct sockaddr *)sun, sizeof *sun);
	error = errno;
	close(fd);
	if (rc == 0 || error == EAGAIN || error == EINPROGRESS)
		return (1);
	if (error == ECONNREFUSED)
		return (0);
	log_cause(cause, "cannot check %s: %s", sun->sun_path,
	    strerror(error));
	return (-1);
}

/* Make sure the path is free: absent, or a stale socket that is removed. */
static int
hub_check_path(const char *path, const struct sockaddr_un *sun,
    char **cause)
{
	struct stat	 sb;
	int		 live;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return (0);
		log_cause(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISSOCK(sb.st_mode)) {
		log_cause(cause, "%s exists and is not a socket", path);
		return (-1);
	}
	if ((live = hub_probe(sun, cause)) == -1)
		return (-1);
	if (live) {
		log_cause(cause, "another sanctwatchd is listening on %s",
		    path);
		return (-1);
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		log_cause(cause, "cannot remove stale socket %s: %s", path,
		    strerror(errno));
		return (-1);
	}
	log_info("%s: removed stale socket %s", __func__, path);
	return (0);
}

/* Bind the socket with no more than mode, set mode and listen. */
static int
hub_listen(struct hub *hub, const struct sockaddr_un *sun, mode_t mode,
    char **cause)
{
	struct stat	 sb;
	mode_t		 mask;
	int		 rc, error;

	hub->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (hub->fd == -1) {
		log_cause(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	mask = umask(~mode & 0777);
	rc = bind(hub->fd, (const struct sockaddr *)sun, sizeof *sun);
	error = errno;
	umask(mask);
	if (rc == -1) {
		log_cause(cause, "cannot bind %s: %s", hub->path,
		    strerror(error));
		return (-1);
	}
	if (lstat(hub->path, &sb) == 0) {
		hub->bound = 1;
		hub->dev = sb.st_dev;
		hub->ino = sb.st_ino;
	}
	if (chmod(hub->path, mode & 07777) == -1 ||
	    listen(hub->fd, HUB_BACKLOG) == -1) {
		log_cause(cause, "%s: %s", hub->path, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Create the listener's events. */
static int
hub_events(struct hub *hub, char **cause)
{
	hub->accept_ev = event_new(hub->base, hub->fd, EV_READ | EV_PERSIST,
	    hub_accept_cb, hub);
	hub->resume_ev = evtimer_new(hub->base, hub_resume_cb, hub);
	hub->reap_ev = event_new(hub->base, -1, 0, hub_reap_cb, hub);
	if (hub->accept_ev == NULL || hub->resume_ev == NULL ||
	    hub->reap_ev == NULL || event_add(hub->accept_ev, NULL) != 0) {
		log_cause(cause, "%s: cannot create events", hub->path);
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
    const struct hub_ops *ops, char **cause)
{
	struct hub		*hub;
	struct sockaddr_un	 sun;

	if (hub_sockaddr(path, &sun, cause) != 0 ||
	    hub_check_path(path, &sun, cause) != 0)
		return (NULL);
	hub_ignore_sigpipe();
	hub = xcalloc(1, sizeof *hub);
	hub->base = base;
	hub->path = xstrdup(path);
	hub->fd = -1;
	if (ops != NULL)
		hub->ops = *ops;
	TAILQ_INIT(&hub->clients);
	TAILQ_INIT(&hub->dead);
	if (hub_listen(hub, &sun, mode, cause) != 0 ||
	    hub_events(hub, cause) != 0) {
		hub_free(hub);
		return (NULL);
	}
	log_info("%s: listening on %s", __func__, path);
	return (hub);
}

/* Send one line (an LF is added) to every subscriber. */
void
hub_publish(struct hub *hub, const char *line, size_t len)
{
	struct hub_client	*c, *next;

	if (len > 0 && line[len - 1] == '\n')
		len--;
	for (c = TAILQ_FIRST(&hub->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (!(c->flags & HUB_CLIENT_CLOSING))
			hub_client_write(c, line, len);
	}
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
	struct timespec	 now, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000;
	for (;;) {
		if (hub_queued(hub) == 0)
			return (0);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec &&
		    now.tv_nsec >= end.tv_nsec))
			return (hub_queued(hub));
		event_base_loopexit(hub->base, &tv);
		event_base_loop(hub->base, EVLOOP_ONCE);
	}
}

/* Remove the socket file if it is still the one this hub bound. */
static void
hub_unlink(struct hub *hub)
{
	struct stat	 sb;

	if (!hub->bound || lstat(hub->path, &sb) == -1)
		return;
	if (sb.st_dev != hub->dev || sb.st_ino != hub->ino) {
		log_info("%s: %s was replaced, not removing it", __func__,
		    hub->path);
		return;
	}
	if (unlink(hub->path) == -1)
		log_warn("%s: unlink %s", __func__, hub->path);
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
	if (hub->fd != -1)
		close(hub->fd);
	hub_unlink(hub);
	hub_free_clients(&hub->clients);
	hub_free_clients(&hub->dead);
	free(hub->path);
	free(hub);
}
