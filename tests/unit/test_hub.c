/*
 * hub.c on a real event loop and a real socket in a private temporary
 * directory, with real client sockets connected to its path.  The test
 * drives the loop itself with EVLOOP_NONBLOCK passes, a bounded number of
 * them, and never sleeps: every wait is "until this happens, or give up
 * after TRIES passes".  proto_request() is also tested on its own.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "sanctwatchd/sanctwatchd.h"
#include "unit.h"

#define TRIES	2000		/* loop passes before a wait gives up */

struct thub {
	char			 dir[64];
	char			 path[100];
	struct event_base	*base;
	struct hub		*hub;
	struct proto_ops		 ops;
	int			 status_calls;
	int			 level;		/* log level to restore */
};

struct tclient {
	int	 fd;
	char	*buf;
	size_t	 len;
	size_t	 cap;
	int	 eof;
};

/* The daemon's status, as the hub's callback gets it. */
static json_t *
t_status(void *arg)
{
	struct thub	*t = arg;

	t->status_calls++;
	return (json_pack("{s:s, s:i, s:I}", "version", SANCTWATCH_VERSION,
	    "alerts", 7, "subscribers", (json_int_t)hub_subscribers(t->hub)));
}

/* Make a directory, a loop and a hub listening in it. */
static int
thub_init(struct thub *t)
{
	char	*cause = NULL;

	memset(t, 0, sizeof *t);
	t->level = log_getlevel();
	log_setlevel(LOG_LVL_WARNING);
	snprintf(t->dir, sizeof t->dir, "/tmp/sanctwatch-hub.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		fatal("mkdtemp");
	snprintf(t->path, sizeof t->path, "%s/alerts.sock", t->dir);
	if ((t->base = event_base_new()) == NULL)
		fatalx("event_base_new");
	t->ops.status = t_status;
	t->ops.arg = t;
	t->hub = hub_new(t->base, t->path, 0600, &t->ops, &cause);
	CHECK_STR(cause, NULL);
	free(cause);
	return (CHECK(t->hub != NULL) ? 0 : -1);
}

/* Free the hub and the loop and remove the directory. */
static void
thub_done(struct thub *t)
{
	hub_free(t->hub);
	event_base_free(t->base);
	unlink(t->path);
	rmdir(t->dir);
	log_setlevel(t->level);
}

/* Run the loop for some passes without blocking. */
static void
pump(struct event_base *base, int passes)
{
	while (passes-- > 0)
		event_base_loop(base, EVLOOP_NONBLOCK);
}

/* Run the loop until the hub has n subscribers; whether it got there. */
static int
wait_subscribers(struct thub *t, size_t n)
{
	int	 i;

	for (i = 0; i < TRIES; i++) {
		if (hub_subscribers(t->hub) == n)
			return (1);
		event_base_loop(t->base, EVLOOP_NONBLOCK);
	}
	return (hub_subscribers(t->hub) == n);
}

/* Connect a non-blocking client to path; -1 if it cannot. */
static int
tc_connect(struct tclient *c, const char *path)
{
	struct sockaddr_un	 sun;

	memset(c, 0, sizeof *c);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd == -1)
		fatal("socket");
	return (connect(c->fd, (struct sockaddr *)&sun, sizeof sun));
}

/* Close a client and free its buffer. */
static void
tc_close(struct tclient *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
	c->len = c->cap = 0;
}

/* Read whatever has arrived, noting EOF. */
static void
tc_fill(struct tclient *c)
{
	ssize_t	 n;

	for (;;) {
		if (c->cap - c->len < 65536) {
			c->cap = c->cap * 2 + 65536;
			c->buf = xreallocarray(c->buf, 1, c->cap);
		}
		n = read(c->fd, c->buf + c->len, c->cap - c->len);
		if (n > 0) {
			c->len += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			c->eof = 1;
		return;
	}
}

/* Take one complete line out of the buffer, or NULL. */
static char *
tc_take(struct tclient *c)
{
	char	*nl, *line;
	size_t	 n;

	if (c->len == 0 || (nl = memchr(c->buf, '\n', c->len)) == NULL)
		return (NULL);
	n = (size_t)(nl - c->buf);
	line = xstrndup(c->buf, n);
	memmove(c->buf, nl + 1, c->len - n - 1);
	c->len -= n + 1;
	return (line);
}

/* The next line the client receives, without its LF; NULL after TRIES. */
static char *
tc_line(struct event_base *base, struct tclient *c)
{
	char	*line;
	int	 i;

	for (i = 0; i < TRIES; i++) {
		if ((line = tc_take(c)) != NULL)
			return (line);
		if (c->eof)
			return (NULL);
		event_base_loop(base, EVLOOP_NONBLOCK);
		tc_fill(c);
	}
	return (NULL);
}

/* Whether the client reaches EOF (after reading what was queued for it). */
static int
tc_wait_eof(struct event_base *base, struct tclient *c)
{
	int	 i;

	for (i = 0; i < TRIES && !c->eof; i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		c->len = 0;
		tc_fill(c);
	}
	return (c->eof);
}

/* Send bytes, running the loop while the socket is full. */
static void
tc_send(struct event_base *base, struct tclient *c, const void *data,
    size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	int		 i;

	for (i = 0; len > 0 && i < 100 * TRIES; i++) {
		n = write(c->fd, p, len);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else
			event_base_loop(base, EVLOOP_NONBLOCK);
	}
	CHECK_INT(len, 0);
}

/* Send a string. */
static void
tc_puts(struct event_base *base, struct tclient *c, const char *s)
{
	tc_send(base, c, s, strlen(s));
}

/* Check the next line a client receives. */
#define CHECK_LINE(t, c, want) do {					\
	char	*l_ = tc_line((t)->base, (c));				\
	CHECK_STR(l_, (want));						\
	free(l_);							\
} while (0)

/* Publish a string. */
static void
publish(struct thub *t, const char *s)
{
	hub_publish(t->hub, NULL, s, strlen(s));
}

/* A published line reaches every client, in order. */
static void
test_publish(void)
{
	struct thub	 t;
	struct tclient	 a, b;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&a, t.path), 0);
	CHECK_INT(tc_connect(&b, t.path), 0);
	CHECK(wait_subscribers(&t, 2));
	publish(&t, "{\"id\":1}");
	publish(&t, "{\"id\":2}\n");	/* a trailing LF is not doubled */
	CHECK_LINE(&t, &a, "{\"id\":1}");
	CHECK_LINE(&t, &a, "{\"id\":2}");
	CHECK_LINE(&t, &b, "{\"id\":1}");
	CHECK_LINE(&t, &b, "{\"id\":2}");
	tc_close(&a);
	CHECK(wait_subscribers(&t, 1));
	publish(&t, "{\"id\":3}");
	CHECK_LINE(&t, &b, "{\"id\":3}");
	tc_close(&b);
	CHECK(wait_subscribers(&t, 0));
	thub_done(&t);
}

/* "status" gets exactly one reply, with the callback's fields after "ok". */
static void
test_status(void)
{
	struct thub	 t;
	struct tclient	 c;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	tc_puts(t.base, &c, "{\"cmd\": \"status\"}\n");
	CHECK_LINE(&t, &c, "{\"ok\":true,\"version\":\"" SANCTWATCH_VERSION
	    "\",\"alerts\":7,\"subscribers\":1}");
	publish(&t, "{\"id\":1}");
	CHECK_LINE(&t, &c, "{\"id\":1}");
	CHECK_INT(t.status_calls, 1);
	tc_close(&c);
	thub_done(&t);
}

/* Bad requests get error replies in order; the client keeps its alerts. */
static void
test_bad_input(void)
{
	struct thub	 t;
	struct tclient	 c;
	char		*line;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	tc_puts(t.base, &c, "{not json\n" "\n" "[1,2]\n"
	    "{\"cmd\":\"frobnicate\"}\n");
	tc_send(t.base, &c, "\x01\x02\xff\xfe\x00junk\n", 10);
	tc_puts(t.base, &c, "{\"cmd\":\"subscribe\",\"since\":120}\n"
	    "{\"cmd\":\"subscribe\"}\r\n");
	line = tc_line(t.base, &c);
	CHECK(line != NULL && strncmp(line,
	    "{\"ok\":false,\"error\":\"invalid JSON: ", 35) == 0);
	free(line);
	CHECK_LINE(&t, &c,
	    "{\"ok\":false,\"error\":\"a request must be a JSON object\"}");
	CHECK_LINE(&t, &c,
	    "{\"ok\":false,\"error\":\"unknown command 'frobnicate'\"}");
	line = tc_line(t.base, &c);
	CHECK(line != NULL && strncmp(line,
	    "{\"ok\":false,\"error\":\"invalid JSON: ", 35) == 0);
	free(line);
	CHECK_LINE(&t, &c, "{\"ok\":false,"
	    "\"error\":\"subscribe: replay not available\"}");
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	CHECK_INT(hub_subscribers(t.hub), 1);
	publish(&t, "{\"id\":1}");
	CHECK_LINE(&t, &c, "{\"id\":1}");
	tc_close(&c);
	thub_done(&t);
}

/* A line past PROTO_MAX_LINE gets one error; the next line is answered. */
static void
test_long_line(void)
{
	struct thub	 t;
	struct tclient	 c;
	char		*big;
	size_t		 n = PROTO_MAX_LINE + 100;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	big = xmalloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\n';
	tc_send(t.base, &c, big, n + 1);
	tc_puts(t.base, &c, "{\"cmd\":\"subscribe\"}\n");
	CHECK_LINE(&t, &c,
	    "{\"ok\":false,\"error\":\"request line too long\"}");
	CHECK_LINE(&t, &c, "{\"ok\":true}");

	/* In pieces: the error comes before the line's end is even sent. */
	tc_send(t.base, &c, big, PROTO_MAX_LINE + 10);
	CHECK_LINE(&t, &c,
	    "{\"ok\":false,\"error\":\"request line too long\"}");
	tc_send(t.base, &c, big, n);
	tc_puts(t.base, &c, "tail\n{\"cmd\":\"subscribe\"}\n");
	CHECK_LINE(&t, &c, "{\"ok\":true}");

	/* Exactly PROTO_MAX_LINE bytes is not too long. */
	memset(big, ' ', PROTO_MAX_LINE);
	memcpy(big, "{\"cmd\":\"subscribe\"}", 19);
	big[PROTO_MAX_LINE] = '\n';
	tc_send(t.base, &c, big, PROTO_MAX_LINE + 1);
	CHECK_LINE(&t, &c, "{\"ok\":true}");

	publish(&t, "{\"id\":1}");
	CHECK_LINE(&t, &c, "{\"id\":1}");
	CHECK_INT(hub_subscribers(t.hub), 1);
	free(big);
	tc_close(&c);
	thub_done(&t);
}

/* Count and check the "seq" lines a reading client has received. */
static void
take_seq(struct tclient *c, int *next)
{
	char	*line, want[32];

	while ((line = tc_take(c)) != NULL) {
		snprintf(want, sizeof want, "{\"seq\":%d,", *next);
		if (strncmp(line, want, strlen(want)) != 0) {
			CHECK_STR(line, want);
			free(line);
			return;
		}
		(*next)++;
		free(line);
	}
}

/* A client that never reads is cut off; a reading one gets every line. */
static void
test_slow_client(void)
{
	struct thub	 t;
	struct tclient	 slow, good;
	char		*line;
	int		 i, next = 0, n = 10000, level;
	size_t		 pad = 1000;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&slow, t.path), 0);
	CHECK_INT(tc_connect(&good, t.path), 0);
	CHECK(wait_subscribers(&t, 2));
	level = log_getlevel();
	log_setlevel(LOG_LVL_ERROR);	/* the expected "too far behind" */
	for (i = 0; i < n; i++) {	/* about 10 MB */
		line = xasprintf("{\"seq\":%d,\"pad\":\"%0*d\"}", i, (int)pad,
		    0);
		publish(&t, line);
		free(line);
		event_base_loop(t.base, EVLOOP_NONBLOCK);
		tc_fill(&good);
		take_seq(&good, &next);
	}
	log_setlevel(level);
	for (i = 0; i < TRIES && next < n; i++) {
		event_base_loop(t.base, EVLOOP_NONBLOCK);
		tc_fill(&good);
		take_seq(&good, &next);
	}
	CHECK_INT(next, n);
	CHECK_INT(hub_subscribers(t.hub), 1);
	CHECK(tc_wait_eof(t.base, &slow));
	CHECK(!good.eof);
	tc_close(&slow);
	tc_close(&good);
	thub_done(&t);
}

/* A client that goes away with output queued is dropped, nothing else. */
static void
test_gone_mid_write(void)
{
	struct thub	 t;
	struct tclient	 c, d;
	char		*big;
	int		 i;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	big = xmalloc(100000);
	memset(big, 'x', 99999);
	big[99999] = '\0';
	for (i = 0; i < 10; i++) {
		publish(&t, big);
		pump(t.base, 2);
	}
	tc_close(&c);
	for (i = 0; i < 10; i++) {
		publish(&t, big);
		pump(t.base, 2);
	}
	CHECK(wait_subscribers(&t, 0));
	CHECK_INT(tc_connect(&d, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	publish(&t, "{\"id\":1}");
	CHECK_LINE(&t, &d, "{\"id\":1}");
	free(big);
	tc_close(&d);
	thub_done(&t);
}

/*
 * A client that shuts down its sending side is answered and stays a
 * subscriber; once it is gone altogether, the next line sent ends it.
 */
static void
test_half_close(void)
{
	struct thub	 t;
	struct tclient	 c;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	tc_puts(t.base, &c, "{\"cmd\":\"subscribe\"}\n{\"cmd\":\"subscribe\"}");
	shutdown(c.fd, SHUT_WR);
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	CHECK(wait_subscribers(&t, 1));
	hub_publish(t.hub, NULL, "{\"alert\":1}", 11);
	CHECK_LINE(&t, &c, "{\"alert\":1}");
	CHECK(!c.eof);
	tc_close(&c);
	hub_publish(t.hub, NULL, "{\"alert\":2}", 11);
	CHECK(wait_subscribers(&t, 0));
	thub_done(&t);
}

/* A client that closes the connection with a request unanswered is closed. */
static void
test_hang_up(void)
{
	struct thub	 t;
	struct tclient	 c;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	tc_puts(t.base, &c, "{\"cmd\":\"status\"}\n");
	tc_close(&c);
	CHECK(wait_subscribers(&t, 0));
	thub_done(&t);
}

/* A second hub on a live path fails; the first carries on. */
static void
test_live_path(void)
{
	struct thub	 t;
	struct tclient	 c;
	struct hub	*second;
	char		*cause = NULL, *want;

	if (thub_init(&t) != 0)
		return;
	second = hub_new(t.base, t.path, 0600, NULL, &cause);
	CHECK(second == NULL);
	want = xasprintf("another sanctwatchd is listening on %s", t.path);
	CHECK_STR(cause, want);
	free(want);
	free(cause);
	hub_free(second);
	CHECK_INT(tc_connect(&c, t.path), 0);
	tc_puts(t.base, &c, "{\"cmd\":\"subscribe\"}\n");
	CHECK_LINE(&t, &c, "{\"ok\":true}");	/* c is accepted */
	CHECK(wait_subscribers(&t, 1));		/* and the probe gone */
	publish(&t, "{\"id\":1}");
	CHECK_LINE(&t, &c, "{\"id\":1}");
	tc_close(&c);
	thub_done(&t);
}

/* Leave a socket file nobody listens on at path. */
static void
make_stale(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1)
		fatal("stale socket");
	close(fd);
}

/* A stale socket is replaced; a file that is not a socket is refused. */
static void
test_stale_and_file(void)
{
	struct thub	 t;
	struct tclient	 c;
	struct stat	 sb;
	struct hub	*hub;
	char		*cause = NULL, *want;
	FILE		*f;

	if (thub_init(&t) != 0)
		return;
	hub_free(t.hub);
	CHECK(lstat(t.path, &sb) == -1 && errno == ENOENT);

	make_stale(t.path);
	t.hub = hub_new(t.base, t.path, 0660, NULL, &cause);
	CHECK(t.hub != NULL);
	CHECK_STR(cause, NULL);
	CHECK(lstat(t.path, &sb) == 0 && S_ISSOCK(sb.st_mode));
	CHECK_INT(sb.st_mode & 0777, 0660);
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	tc_puts(t.base, &c, "{\"cmd\":\"status\"}\n");
	CHECK_LINE(&t, &c, "{\"ok\":true}");	/* no status callback */
	tc_close(&c);
	hub_free(t.hub);
	t.hub = NULL;

	if ((f = fopen(t.path, "w")) == NULL)
		fatal("fopen");
	fputs("precious\n", f);
	fclose(f);
	hub = hub_new(t.base, t.path, 0600, NULL, &cause);
	CHECK(hub == NULL);
	want = xasprintf("%s exists and is not a socket", t.path);
	CHECK_STR(cause, want);
	free(want);
	free(cause);
	CHECK(lstat(t.path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size == 9);
	thub_done(&t);
}

/* The socket has the mode asked for; hub_free leaves a newer socket alone. */
static void
test_mode_and_unlink(void)
{
	struct thub	 t;
	struct tclient	 c;
	struct stat	 sb;
	struct hub	*second;
	char		*cause = NULL;

	if (thub_init(&t) != 0)
		return;
	CHECK(lstat(t.path, &sb) == 0 && S_ISSOCK(sb.st_mode));
	CHECK_INT(sb.st_mode & 0777, 0600);
	unlink(t.path);
	second = hub_new(t.base, t.path, 0600, NULL, &cause);
	CHECK(second != NULL);
	hub_free(t.hub);
	t.hub = second;
	CHECK(lstat(t.path, &sb) == 0);
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	tc_close(&c);
	hub_free(t.hub);
	t.hub = NULL;
	CHECK(lstat(t.path, &sb) == -1 && errno == ENOENT);
	thub_done(&t);
}

/* Out of descriptors, accepting pauses; a client leaving resumes it. */
static void
test_emfile_pause(void)
{
	struct thub	 t;
	struct tclient	 a, b;
	struct rlimit	 saved, rl;
	int		 fd;

	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&a, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	CHECK_INT(tc_connect(&b, t.path), 0);	/* waits in the backlog */
	if ((fd = open("/dev/null", O_RDONLY)) == -1 ||
	    getrlimit(RLIMIT_NOFILE, &saved) == -1)
		fatal("rlimit");
	close(fd);
	rl = saved;
	rl.rlim_cur = (rlim_t)fd;	/* no descriptor can be made */
	log_setlevel(LOG_LVL_ERROR);
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		fatal("setrlimit");
	pump(t.base, 20);
	CHECK_INT(hub_subscribers(t.hub), 1);	/* b not accepted */
	if (setrlimit(RLIMIT_NOFILE, &saved) == -1)
		fatal("setrlimit");
	log_setlevel(LOG_LVL_WARNING);
	tc_close(&a);
	tc_puts(t.base, &b, "{\"cmd\":\"subscribe\"}\n");
	CHECK_LINE(&t, &b, "{\"ok\":true}");	/* long before the 1 s timer */
	CHECK_INT(hub_subscribers(t.hub), 1);
	publish(&t, "{\"id\":1}");
	CHECK_LINE(&t, &b, "{\"id\":1}");
	tc_close(&b);
	thub_done(&t);
}

/* A status callback that fails. */
static json_t *
t_status_none(void *arg)
{
	(void)arg;
	return (NULL);
}

/* A status callback that returns something other than an object. */
static json_t *
t_status_array(void *arg)
{
	(void)arg;
	return (json_pack("[i, i]", 1, 2));
}

/* An in-memory alert history standing in for the database. */
static struct alert	t_history[600];
static int64_t		t_committed;	/* replay sees ids up to this */

/* Fill t_history with n alerts, ids 1..n, alternating entity and source. */
static void
t_history_fill(size_t n)
{
	size_t	 i;

	memset(t_history, 0, sizeof t_history);
	for (i = 0; i < n; i++) {
		t_history[i].id = (int64_t)i + 1;
		t_history[i].kind = i % 5 == 4 ? PARTY_COUNTRY : PARTY_ENTITY;
		t_history[i].severity = i % 5 == 4 ? SEVERITY_LOW :
		    SEVERITY_HIGH;
		t_history[i].score = i % 2 ? 0.9 : 1.0;
		t_history[i].party_id = i % 2 ? "e-odd" : "e-even";
		t_history[i].source_id = i % 3 ? "feed" : "page";
		t_history[i].party_name = "NAME";
		t_history[i].party_type = "organization";
		t_history[i].match_text = "Name";
		t_history[i].match_name = "NAME";
		t_history[i].method = MATCH_EXACT;
		t_history[i].url = "http://127.0.0.1/a";
		t_history[i].snippet = "... Name ...";
	}
	t_committed = (int64_t)n;
}

static int		t_big_lines;	/* pad lines to 64 KiB */
static char		t_pad[16 * 1024];	/* a big snippet */

/* The JSON line of a history alert. */
static void
t_line(const struct alert *a, char *buf, size_t len)
{
	size_t	 n;

	n = (size_t)snprintf(buf, len, "{\"id\":%lld}", (long long)a->id);
	if (t_big_lines && len > n + 1) {	/* padding after the object */
		memset(buf + n, ' ', len - n - 1);
		buf[len - 1] = '\0';
	}
}

/* Replay from t_history, as the daemon does from SQLite. */
static ssize_t
t_replay(void *arg, int64_t after, size_t max, proto_emit_cb emit,
    void *emit_arg)
{
	static char	 buf[64 * 1024];
	size_t	 n = 0;
	int64_t	 id;

	(void)arg;
	for (id = after + 1; id <= t_committed && n < max; id++, n++) {
		t_line(&t_history[id - 1], buf, sizeof buf);
		emit(&t_history[id - 1], buf, strlen(buf), emit_arg);
	}
	return ((ssize_t)n);
}

/* "Commit" and publish history alerts up to id, as the daemon does. */
static void
t_commit_publish(struct thub *t, int64_t upto)
{
	static char	 buf[64 * 1024];

	while (t_committed < upto) {
		t_committed++;
		t_line(&t_history[t_committed - 1], buf, sizeof buf);
		hub_publish(t->hub, &t_history[t_committed - 1], buf,
		    strlen(buf));
	}
}

/* Whether the client's next line starts with prefix. */
static int
tc_prefix(struct thub *t, struct tclient *c, const char *prefix)
{
	char	*l = tc_line(t->base, c);
	int	 ok = l != NULL && strncmp(l, prefix, strlen(prefix)) == 0;

	if (!ok)
		printf("#   got %s, want %s...\n", l ? l : "nothing", prefix);
	free(l);
	return (ok);
}

/* Read lines until the one with this id; 0 if every id in between came. */
static int
t_expect_ids(struct thub *t, struct tclient *c, int64_t from, int64_t to,
    int step)
{
	char	*l, want[64];
	int64_t	 id;
	int	 ok = 1;

	for (id = from; id <= to; id += step) {
		snprintf(want, sizeof want, "{\"id\":%lld}", (long long)id);
		l = tc_line(t->base, c);
		if (l == NULL || strncmp(l, want, strlen(want)) != 0 ||
		    strspn(l + strlen(want), " ") != strlen(l + strlen(want))) {
			printf("#   got %s, want %s\n", l ? l : "nothing", want);
			ok = 0;
		}
		free(l);
		if (!ok)
			break;
	}
	return (ok);
}

/*
 * subscribe with since replays the history in order, then goes live with
 * no gap and no duplicate, even when alerts are committed and published
 * while the replay is under way.
 */
static void
test_replay_seam(void)
{
	struct thub	 t;
	struct tclient	 c;
	char		 req[64];

	t_history_fill(600);
	t_committed = 300;		/* 300 stored so far */
	if (thub_init(&t) != 0)
		return;
	t.ops.replay = t_replay;
	hub_free(t.hub);
	t.hub = hub_new(t.base, t.path, 0600, &t.ops, NULL);
	CHECK_INT(tc_connect(&c, t.path), 0);
	snprintf(req, sizeof req, "{\"cmd\":\"subscribe\",\"since\":10}\n");
	tc_puts(t.base, &c, req);
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	CHECK(t_expect_ids(&t, &c, 11, 100, 1));
	t_commit_publish(&t, 450);	/* during the replay */
	CHECK(t_expect_ids(&t, &c, 101, 450, 1));
	t_commit_publish(&t, 600);	/* live now */
	CHECK(t_expect_ids(&t, &c, 451, 600, 1));
	tc_close(&c);
	thub_done(&t);
}

/* Filters: all given must match; lists match any of their strings. */
static void
test_filters(void)
{
	struct thub	 t;
	struct tclient	 c;

	t_history_fill(40);
	t_committed = 0;
	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&c, t.path), 0);
	tc_puts(t.base, &c, "{\"cmd\":\"subscribe\",\"kinds\":[\"entity\"],"
	    "\"entities\":[\"e-even\"],\"min_score\":0.95}\n");
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	t_commit_publish(&t, 40);
	/* even ids-1 (i even) are e-even with score 1.0; i % 5 == 4 is a
	 * country: ids 1, 3, 7, 9, 11, 13, 17, ... */
	CHECK_LINE(&t, &c, "{\"id\":1}");
	CHECK_LINE(&t, &c, "{\"id\":3}");
	CHECK_LINE(&t, &c, "{\"id\":7}");
	tc_puts(t.base, &c, "{\"cmd\":\"subscribe\",\"sources\":[\"page\"],"
	    "\"severities\":[\"low\"]}\n");
	CHECK_LINE(&t, &c, "{\"id\":9}");	/* queued before the request */
	CHECK_LINE(&t, &c, "{\"id\":11}");
	CHECK_LINE(&t, &c, "{\"id\":13}");
	CHECK_LINE(&t, &c, "{\"id\":17}");
	CHECK_LINE(&t, &c, "{\"id\":19}");
	CHECK_LINE(&t, &c, "{\"id\":21}");
	CHECK_LINE(&t, &c, "{\"id\":23}");
	CHECK_LINE(&t, &c, "{\"id\":27}");
	CHECK_LINE(&t, &c, "{\"id\":29}");
	CHECK_LINE(&t, &c, "{\"id\":31}");
	CHECK_LINE(&t, &c, "{\"id\":33}");
	CHECK_LINE(&t, &c, "{\"id\":37}");
	CHECK_LINE(&t, &c, "{\"id\":39}");
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	t_history_fill(80);
	t_committed = 40;
	t_commit_publish(&t, 80);	/* low (i % 5 == 4) from page (i % 3 == 0) */
	CHECK_LINE(&t, &c, "{\"id\":55}");
	CHECK_LINE(&t, &c, "{\"id\":70}");
	tc_close(&c);
	thub_done(&t);
}

/* A batch goes out in runs: each client gets exactly its alerts, in order. */
static void
test_publish_batch(void)
{
	struct thub	 t;
	struct tclient	 all, some;
	char		 want[64];
	int		 i;

	t_history_fill(60);
	if (thub_init(&t) != 0)
		return;
	CHECK_INT(tc_connect(&all, t.path), 0);
	CHECK_INT(tc_connect(&some, t.path), 0);
	tc_puts(t.base, &some, "{\"cmd\":\"subscribe\",\"sources\":[\"page\"]}\n");
	CHECK_LINE(&t, &some, "{\"ok\":true}");
	CHECK(wait_subscribers(&t, 2));
	hub_publish_batch(t.hub, t_history, 60);
	for (i = 0; i < 60; i++) {
		snprintf(want, sizeof want, "{\"id\": %d,", i + 1);
		CHECK(tc_prefix(&t, &all, want));
		if (i % 3 == 0)		/* from "page" */
			CHECK(tc_prefix(&t, &some, want));
	}
	hub_publish_batch(t.hub, t_history, 60);	/* the same ids again */
	hub_publish(t.hub, NULL, "{\"end\":1}", 9);
	CHECK_LINE(&t, &all, "{\"end\":1}");
	CHECK_LINE(&t, &some, "{\"end\":1}");
	tc_close(&all);
	tc_close(&some);
	thub_done(&t);
}

/*
 * A subscriber that does not read is not queued more than the cap; when it
 * reads again it catches up from the database: every alert, in order, no
 * notice, no disconnection, and live again afterwards.
 */
static void
test_slow_catches_up(void)
{
	struct thub	 t;
	struct tclient	 slow;

	t_history_fill(600);
	t_committed = 0;
	memset(t_pad, 'x', sizeof t_pad - 1);
	if (thub_init(&t) != 0)
		return;
	t.ops.replay = t_replay;
	hub_free(t.hub);
	t.hub = hub_new(t.base, t.path, 0600, &t.ops, NULL);
	CHECK_INT(tc_connect(&slow, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	t_big_lines = 1;		/* 64 KiB a line: 600 lines, 38 MiB */
	t_commit_publish(&t, 590);
	CHECK_INT(hub_subscribers(t.hub), 1);
	CHECK(t_expect_ids(&t, &slow, 1, 590, 1));
	t_commit_publish(&t, 600);
	CHECK(t_expect_ids(&t, &slow, 591, 600, 1));
	t_big_lines = 0;
	tc_close(&slow);
	thub_done(&t);
}

/* One batch far over the cap, to a client with nothing queued yet. */
static void
test_big_batch_catches_up(void)
{
	struct thub	 t;
	struct tclient	 c;
	size_t		 i;

	t_history_fill(600);
	memset(t_pad, 'x', sizeof t_pad - 1);
	for (i = 0; i < 600; i++)
		t_history[i].snippet = t_pad;	/* 600 * 16 KiB */
	t_committed = 600;
	if (thub_init(&t) != 0)
		return;
	t.ops.replay = t_replay;
	hub_free(t.hub);
	t.hub = hub_new(t.base, t.path, 0600, &t.ops, NULL);
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK(wait_subscribers(&t, 1));
	hub_publish_batch(t.hub, t_history, 600);	/* all of it replayed */
	CHECK(t_expect_ids(&t, &c, 1, 600, 1));
	tc_close(&c);
	thub_done(&t);
}

/* Sources as the daemon gives them. */
static json_t *
t_sources(void *arg)
{
	(void)arg;
	return (json_pack("[{s:s, s:b}]", "id", "a", "ok", 1));
}

/* Reloads started, and the client of the last, as the daemon sees them. */
static int		t_reloads;
static unsigned		t_reload_client;

/* A reload that starts (its outcome comes later), and one refused. */
static int
t_reload_ok(void *arg, unsigned id, char **cause)
{
	(void)arg;
	(void)cause;
	t_reloads++;
	t_reload_client = id;
	return (0);
}

static int
t_reload_bad(void *arg, unsigned id, char **cause)
{
	(void)arg;
	(void)id;
	*cause = xstrdup("a reload cannot start");
	return (-1);
}

/* Check one proto_request() answer, with a status callback or none. */
static void
check_request(const char *line, json_t *(*status)(void *), const char *want)
{
	struct proto_ops	 ops = { .status = status };
	char		*got;

	got = proto_request(line, strlen(line), status != NULL ? &ops : NULL, 0,
	    NULL);
	CHECK_STR(got, want);
	free(got);
}

/* Check one answer given the ops and whether the peer is trusted. */
static void
check_ops(const char *line, const struct proto_ops *ops, int trusted,
    const char *want)
{
	char	*got;

	got = proto_request(line, strlen(line), ops, trusted, NULL);
	CHECK_STR(got, want);
	free(got);
}

/* Whether a client has received nothing after some loop passes. */
static int
tc_quiet(struct thub *t, struct tclient *c)
{
	pump(t->base, 50);
	tc_fill(c);
	if (c->len != 0)
		printf("#   unexpected: %.*s\n", (int)c->len, c->buf);
	return (c->len == 0);
}

/* Run the loop until n reloads were started, while c gets nothing. */
static int
wait_reloads(struct thub *t, struct tclient *c, int n)
{
	int	 i;

	for (i = 0; i < 40 && t_reloads < n; i++) {
		if (!tc_quiet(t, c))
			return (0);
	}
	return (t_reloads == n);
}

/*
 * A reload's reply comes when the daemon is done: meanwhile the client gets
 * nothing (neither its next replies nor alerts), others go on; then the
 * reply, the alerts held back, its next replies, and live alerts again.  A
 * client gone meanwhile is no trouble; a half-closed one gets its reply.
 */
static void
test_reload_deferred(void)
{
	struct thub	 t;
	struct tclient	 c, o, gone;
	unsigned	 cid;

	t_history_fill(40);
	t_committed = 0;
	t_reloads = 0;
	if (thub_init(&t) != 0)
		return;
	t.ops.replay = t_replay;
	t.ops.reload = t_reload_ok;
	hub_free(t.hub);
	t.hub = hub_new(t.base, t.path, 0600, &t.ops, NULL);
	CHECK_INT(tc_connect(&c, t.path), 0);
	CHECK_INT(tc_connect(&o, t.path), 0);
	CHECK(wait_subscribers(&t, 2));
	tc_puts(t.base, &c, "{\"cmd\":\"reload\"}\n{\"cmd\":\"status\"}\n");
	CHECK(wait_reloads(&t, &c, 1));
	CHECK_INT(t_reloads, 1);
	cid = t_reload_client;
	t_commit_publish(&t, 5);
	CHECK(t_expect_ids(&t, &o, 1, 5, 1));
	CHECK(tc_quiet(&t, &c));
	CHECK_INT(t_reloads, 1);	/* the status waits, unread */
	hub_reload_done(t.hub, cid, NULL);
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	CHECK(t_expect_ids(&t, &c, 1, 5, 1));
	CHECK(tc_prefix(&t, &c, "{\"ok\":true,\"version\":"));
	t_commit_publish(&t, 7);
	CHECK(t_expect_ids(&t, &c, 6, 7, 1));
	CHECK(t_expect_ids(&t, &o, 6, 7, 1));

	/* A failed reload, and a second answer for it, which is ignored. */
	tc_puts(t.base, &c, "{\"cmd\":\"reload\"}\n");
	CHECK(wait_reloads(&t, &c, 2));
	CHECK_INT(t_reloads, 2);
	hub_reload_done(t.hub, t_reload_client,
	    "1 error, not reloaded: w.yaml:3:5: unknown key 'x'");
	hub_reload_done(t.hub, t_reload_client, NULL);
	CHECK_LINE(&t, &c, "{\"ok\":false,\"error\":\"reload: 1 error, not "
	    "reloaded: w.yaml:3:5: unknown key 'x'\"}");
	CHECK(tc_quiet(&t, &c));

	/* Gone while waiting. */
	CHECK_INT(tc_connect(&gone, t.path), 0);
	CHECK(wait_subscribers(&t, 3));
	tc_puts(t.base, &gone, "{\"cmd\":\"reload\"}\n");
	CHECK(wait_reloads(&t, &c, 3));
	CHECK_INT(t_reloads, 3);
	tc_close(&gone);
	CHECK(wait_subscribers(&t, 2));
	hub_reload_done(t.hub, t_reload_client, NULL);

	/* Half-closed after asking (an unterminated last line): answered. */
	tc_puts(t.base, &c, "{\"cmd\":\"reload\"}");
	shutdown(c.fd, SHUT_WR);
	CHECK(wait_reloads(&t, &c, 4));
	CHECK_INT(t_reloads, 4);
	t_commit_publish(&t, 8);
	CHECK(t_expect_ids(&t, &o, 8, 8, 1));
	hub_reload_done(t.hub, t_reload_client, NULL);
	CHECK_LINE(&t, &c, "{\"ok\":true}");
	CHECK(t_expect_ids(&t, &c, 8, 8, 1));
	CHECK_INT(hub_subscribers(t.hub), 2);

	/* Refused at once. */
	t.ops.reload = t_reload_bad;
	hub_free(t.hub);
	tc_close(&c);
	tc_close(&o);
	t.hub = hub_new(t.base, t.path, 0600, &t.ops, NULL);
	CHECK_INT(tc_connect(&c, t.path), 0);
	tc_puts(t.base, &c, "{\"cmd\":\"reload\"}\n");
	CHECK_LINE(&t, &c, "{\"ok\":false,\"error\":\"reload: a reload "
	    "cannot start\"}");
	tc_close(&c);
	thub_done(&t);
}

/* "sources" and "reload" through the daemon's ops; reload needs trust. */
static void
test_request_ops(void)
{
	struct proto_ops	 ok = { .sources = t_sources, .reload = t_reload_ok };
	struct proto_ops	 bad = { .reload = t_reload_bad };
	struct proto_sub	 sub;
	char		*got;

	t_reloads = 0;

	check_ops("{\"cmd\":\"sources\"}", &ok, 0,
	    "{\"ok\":true,\"sources\":[{\"id\":\"a\",\"ok\":true}]}");
	check_ops("{\"cmd\":\"sources\"}", &bad, 0,
	    "{\"ok\":false,\"error\":\"sources: not available\"}");
	check_ops("{\"cmd\":\"reload\"}", &ok, 0,
	    "{\"ok\":false,\"error\":\"reload: permission denied: "
	    "only root or the daemon's user may reload (sudo sanctwatch "
	    "reload, or systemctl reload sanctwatchd)\"}");
	/* Without a client to answer later, there is no reload. */
	check_ops("{\"cmd\":\"reload\"}", &ok, 1,
	    "{\"ok\":false,\"error\":\"reload: not available\"}");
	check_ops("{\"cmd\":\"reload\"}", NULL, 1,
	    "{\"ok\":false,\"error\":\"reload: not available\"}");
	/* With one, no reply now: the reload's outcome is the reply. */
	memset(&sub, 0, sizeof sub);
	got = proto_request("{\"cmd\":\"reload\"}", 16, &ok, 1, &sub);
	CHECK(got == NULL);
	CHECK_INT(sub.reload, 1);
	CHECK_INT(sub.given, 0);
	free(got);
	memset(&sub, 0, sizeof sub);
	got = proto_request("{\"cmd\":\"reload\"}", 16, &ok, 0, &sub);
	CHECK_STR(got, "{\"ok\":false,\"error\":\"reload: permission denied: "
	    "only root or the daemon's user may reload (sudo sanctwatch "
	    "reload, or systemctl reload sanctwatchd)\"}");
	CHECK_INT(sub.reload, 0);
	free(got);
	CHECK_INT(t_reloads, 0);	/* proto_request() starts nothing */
	check_ops("{\"cmd\":\"reload\",\"now\":1}", &ok, 1,
	    "{\"ok\":false,\"error\":\"reload: unknown field 'now'\"}");
}

/* proto_request() alone: each request line and its reply. */
static void
test_request(void)
{
	char	*got, *big;
	int	 level = log_getlevel();

	check_request("", NULL, NULL);
	check_request(" \t\r", NULL, NULL);
	check_request("{\"cmd\":\"subscribe\"}", NULL, "{\"ok\":true}");
	check_request(" { \"cmd\" : \"subscribe\" } \r", NULL, "{\"ok\":true}");
	check_request("{\"cmd\":\"subscribe\",\"min_score\":0.9}", NULL,
	    "{\"ok\":true}");
	check_request("{\"cmd\":\"subscribe\",\"min_score\":1.5}", NULL,
	    "{\"ok\":false,\"error\":\"subscribe: 'min_score' must be a "
	    "number in [0, 1]\"}");
	check_request("{\"cmd\":\"subscribe\",\"kinds\":[\"entity\"]}", NULL,
	    "{\"ok\":true}");
	check_request("{\"cmd\":\"subscribe\",\"kinds\":[\"vessel\"]}", NULL,
	    "{\"ok\":false,\"error\":\"subscribe: unknown kinds 'vessel'\"}");
	check_request("{\"cmd\":\"subscribe\",\"entities\":\"x\"}", NULL,
	    "{\"ok\":false,\"error\":\"subscribe: 'entities' must be an "
	    "array of at most 1024 strings\"}");
	check_request("{\"cmd\":\"subscribe\",\"since\":-1}", NULL,
	    "{\"ok\":false,\"error\":\"subscribe: 'since' must be an alert "
	    "id (an integer >= 0)\"}");
	check_request("{\"cmd\":\"subscribe\",\"since\":5}", NULL,
	    "{\"ok\":false,\"error\":\"subscribe: replay not available\"}");
	check_request("{\"cmd\":\"subscribe\",\"bogus\":1}", NULL,
	    "{\"ok\":false,\"error\":\"subscribe: unknown field 'bogus'\"}");
	check_request("{\"cmd\":\"status\",\"x\":1}", NULL,
	    "{\"ok\":false,\"error\":\"status: unknown field 'x'\"}");
	check_request("{\"cmd\":\"status\"}", NULL, "{\"ok\":true}");
	check_request("{\"cmd\":\"status\"}", t_status_none,
	    "{\"ok\":false,\"error\":\"status: not available\"}");
	log_setlevel(LOG_LVL_ERROR);
	check_request("{\"cmd\":\"status\"}", t_status_array,
	    "{\"ok\":false,\"error\":\"status: not available\"}");
	log_setlevel(level);
	check_request("{\"cmd\":\"sources\"}", NULL,
	    "{\"ok\":false,\"error\":\"sources: not available\"}");
	check_request("{}", NULL, "{\"ok\":false,\"error\":\"missing 'cmd'\"}");
	check_request("{\"cmd\":5}", NULL,
	    "{\"ok\":false,\"error\":\"'cmd' must be a string\"}");
	check_request("\"status\"", NULL,
	    "{\"ok\":false,\"error\":\"a request must be a JSON object\"}");
	check_request("{\"cmd\":\"a\\\"b\\n\"}", NULL,
	    "{\"ok\":false,\"error\":\"unknown command 'a\\\"b\\n'\"}");
	got = proto_request("{\"cmd\":\"status\",\"cmd\":\"status\"}", 31, NULL, 0,
	    NULL);
	CHECK(got != NULL && strncmp(got, "{\"ok\":false,\"error\":\"invalid "
	    "JSON: duplicate object key", 55) == 0);
	free(got);
	got = proto_request("{\"cmd\":\"\xff\"}", 11, NULL, 0, NULL);
	CHECK(got != NULL && strncmp(got,
	    "{\"ok\":false,\"error\":\"invalid JSON: ", 35) == 0);
	free(got);
	got = proto_request("{\"cmd\0\":1}", 10, NULL, 0, NULL);
	CHECK(got != NULL && strncmp(got,
	    "{\"ok\":false,\"error\":\"invalid JSON: ", 35) == 0);
	free(got);

	big = xmalloc(PROTO_MAX_LINE + 1);
	memset(big, ' ', PROTO_MAX_LINE + 1);
	got = proto_request(big, PROTO_MAX_LINE + 1, NULL, 0, NULL);
	CHECK_STR(got, "{\"ok\":false,\"error\":\"request line too long\"}");
	free(got);
	free(big);
	hub_free(NULL);
}

UNIT_SUITE(hub,
	{ "request", test_request },
	{ "request-ops", test_request_ops },
	{ "reload-deferred", test_reload_deferred },
	{ "replay-seam", test_replay_seam },
	{ "filters", test_filters },
	{ "publish-batch", test_publish_batch },
	{ "slow-catches-up", test_slow_catches_up },
	{ "big-batch-catches-up", test_big_batch_catches_up },
	{ "publish-two-clients", test_publish },
	{ "status-one-reply", test_status },
	{ "bad-input-keeps-client", test_bad_input },
	{ "long-line", test_long_line },
	{ "slow-client-disconnected", test_slow_client },
	{ "client-gone-mid-write", test_gone_mid_write },
	{ "half-close", test_half_close },
	{ "hang-up", test_hang_up },
	{ "live-path-refused", test_live_path },
	{ "stale-socket-and-file", test_stale_and_file },
	{ "mode-and-unlink", test_mode_and_unlink },
	{ "emfile-pause", test_emfile_pause },
)
