/*
 * Delivery: alerts to webhooks and commands, at least once, from the
 * outbox in SQLite (docs/delivery.md).
 *
 *   pipeline: alert written -> deliver_enqueue (a row per matching target,
 *     in the alert's own transaction) -> commit -> deliver_kick
 *   target timer -> deliver_pump: due rows -> attempts (at most
 *     concurrency a target) -> delivered | retried later | dead
 *
 * Each target has its own timer, its own limit of attempts in flight and
 * its own rows, so a slow or failing target never delays another, and
 * none of it waits on the loop: webhooks are POSTs on a fetch of their own
 * (libcurl multi on the loop, apart from the poller's transfers, no
 * redirects followed, the answer read up to DELIVER_MAX_ANSWER bytes),
 * commands are posix_spawn'ed with the alert written to a non-blocking
 * pipe, their exit seen through SIGCHLD, and a command that outlives the
 * timeout is killed with its process group.
 *
 * An attempt first claims its row: attempts + 1, and the row's due time
 * pushed past the attempt (timeout plus the next delay), so that a crash
 * during the attempt retries it then.  Success closes the row (delivered);
 * failure records the error and the next due time, base * 2^(attempts-1)
 * capped at retry_max, between half and all of it (jitter); a row still
 * failing give_up after it was queued is closed as dead and logged.  Only
 * rows of committed alerts are taken (*committed: the pipeline's newest
 * committed id), and an alert whose record says "state": "suppressed" is
 * not delivered (closed as skipped).
 *
 * Targets are kept by id across reloads: a changed target keeps its rows
 * and its attempts in flight; a target taken out of the config stops
 * (its rows stay queued for its return).
 */
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"

#define DELIVER_MAX_ANSWER	(64u * 1024)	/* bytes of an answer read */
#define DELIVER_MAX_OUTPUT	512		/* of a command's output kept */
#define DELIVER_RECHECK_MS	60000		/* the longest a timer sleeps */
#define DELIVER_BUSY_MS		1000		/* rows due but not committed */
#define DELIVER_MAX_CONCURRENCY	64
#define DELIVER_PRUNE_SEC	3600

extern char **environ;

struct deliver_target;

/* One attempt at one row: a POST, or a command running. */
struct deliver_attempt {
	struct deliver			*d;
	struct deliver_target		*t;
	int64_t				 id;		/* outbox row */
	int64_t				 alert_id;
	unsigned			 attempt;	/* 1 for the first */
	char				 queued_at[32];
	char				*body;
	size_t				 len;
	char				*what;		/* for messages */
	/* A command's. */
	pid_t				 pid;
	int				 in_fd;
	int				 out_fd;
	size_t				 off;		/* of body written */
	struct event			*in_ev;
	struct event			*out_ev;
	struct event			*timer;
	char				 output[DELIVER_MAX_OUTPUT];
	size_t				 outlen;
	int				 timed_out;
	int				 listed;	/* in running */
	TAILQ_ENTRY(deliver_attempt)	 entry;		/* commands running */
};
TAILQ_HEAD(deliver_attempts, deliver_attempt);

/* A target: its settings (copied from the config), filter and state. */
struct deliver_target {
	struct deliver			*d;
	char				*id;
	char				*webhook;
	struct strv			 argv;
	char				*secret;
	enum deliver_format		 format;
	char				*template;
	int				 allow_private;
	uint64_t			 timeout_ms;
	unsigned			 concurrency;
	struct proto_filter		 filter;
	int				 live;		/* in the config */
	unsigned			 inflight;
	int64_t				 busy[DELIVER_MAX_CONCURRENCY];
	struct event			*timer;
	char				*last_error;
	char				 last_error_at[32];
	TAILQ_ENTRY(deliver_target)	 entry;
};
TAILQ_HEAD(deliver_targets, deliver_target);

struct deliver {
	struct event_base		*base;
	struct store			*store;
	const int64_t			*committed;
	struct fetch			*fetch;
	struct delivery_cfg		 cfg;
	struct deliver_targets		 targets;
	struct deliver_attempts		 running;	/* commands */
	struct event			*sigchld;
	struct event			*prune_ev;
	int				 closing;
};

static void	deliver_pump(struct deliver_target *);
static void	deliver_end(struct deliver_attempt *, const char *);

/* The wall clock in milliseconds since the epoch. */
static uint64_t
deliver_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/* A time of the outbox: "YYYY-MM-DDTHH:MM:SS.sssZ". */
static void
deliver_time(char *buf, size_t len, uint64_t ms)
{
	struct tm	 tm;
	time_t		 t = (time_t)(ms / 1000);
	char		 s[24];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(s, sizeof s, "1970-01-01T00:00:00");
	snprintf(buf, len, "%s.%03uZ", s, (unsigned)(ms % 1000));
}

/* An outbox time back in milliseconds; 0 if it does not read. */
static uint64_t
deliver_parse_time(const char *s)
{
	struct tm	 tm;
	unsigned	 msec = 0;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%d-%d-%dT%d:%d:%d.%uZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &msec) < 6)
		return (0);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((t = timegm(&tm)) == (time_t)-1 || t < 0)
		return (0);
	return ((uint64_t)t * 1000 + msec % 1000);
}

/* The delay before attempt n + 1 after n failed: exponential, jittered. */
static uint64_t
deliver_delay(const struct deliver *d, unsigned n)
{
	uint64_t	 ms = d->cfg.retry_base_ms, half;
	unsigned	 i;

	for (i = 1; i < n && ms < d->cfg.retry_max_ms; i++)
		ms *= 2;
	if (ms > d->cfg.retry_max_ms)
		ms = d->cfg.retry_max_ms;
	half = ms / 2;
	if (half == 0 || half > UINT32_MAX)
		return (ms);
	return (ms - half + arc4random_uniform((uint32_t)half + 1));
}

/* Arm a target's timer to fire in ms. */
static void
deliver_arm(struct deliver_target *t, uint64_t ms)
{
	struct timeval	 tv;

	if (ms > DELIVER_RECHECK_MS)
		ms = DELIVER_RECHECK_MS;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(t->timer, &tv);
}

/* A target's timer: start what is due. */
static void
deliver_timer_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	deliver_pump(arg);
}

/*
 * Whether an alert record says it is suppressed (its "state", which
 * review decisions set: docs/alerts.md); such an alert is not delivered.
 */
static int
deliver_suppressed(const char *record)
{
	char	*state;
	int	 yes;

	if (strstr(record, "\"state\"") == NULL)
		return (0);
	state = template_field(record, "state");
	yes = state != NULL && strcmp(state, "suppressed") == 0;
	free(state);
	return (yes);
}

/* Copy a config target's settings and filter into a target. */
static void
deliver_target_set(struct deliver_target *t, const struct deliver_cfg *c)
{
	free(t->webhook);
	strv_free(&t->argv);
	free(t->secret);
	free(t->template);
	proto_filter_free(&t->filter);
	t->webhook = c->webhook != NULL ? xstrdup(c->webhook) : NULL;
	strv_copy(&t->argv, &c->command);
	t->secret = c->secret != NULL ? xstrdup(c->secret) : NULL;
	t->format = c->format;
	t->template = c->template != NULL ? xstrdup(c->template) : NULL;
	t->allow_private = c->allow_private;
	t->timeout_ms = c->timeout_ms;
	t->concurrency = c->concurrency;
	if (t->concurrency > DELIVER_MAX_CONCURRENCY)
		t->concurrency = DELIVER_MAX_CONCURRENCY;
	t->filter.min_score = c->min_score;
	t->filter.kinds = c->kinds;
	t->filter.severities = c->severities;
	strv_copy(&t->filter.entities, &c->entities);
	strv_copy(&t->filter.programs, &c->programs);
	strv_copy(&t->filter.sources, &c->sources);
	strv_copy(&t->filter.countries, &c->countries);
	t->live = 1;
}

/* The target with an id, or NULL. */
static struct deliver_target *
deliver_find(struct deliver *d, const char *id)
{
	struct deliver_target	*t;

	TAILQ_FOREACH(t, &d->targets, entry) {
		if (strcmp(t->id, id) == 0)
			return (t);
	}
	return (NULL);
}

/* Free a target (none of its attempts may be in flight). */
static void
deliver_target_free(struct deliver_target *t)
{
	event_free(t->timer);
	free(t->id);
	free(t->webhook);
	strv_free(&t->argv);
	free(t->secret);
	free(t->template);
	free(t->last_error);
	proto_filter_free(&t->filter);
	free(t);
}

/*
 * Take a config's targets: a known id keeps its state and attempts, a new
 * one starts, one gone stops taking rows.  Each is pumped at once.
 */
void
deliver_update(struct deliver *d, const struct config *conf)
{
	struct deliver_target	*t;
	size_t			 i;

	d->cfg = conf->delivery;
	TAILQ_FOREACH(t, &d->targets, entry)
		t->live = 0;
	for (i = 0; i < conf->ndeliver; i++) {
		if ((t = deliver_find(d, conf->deliver[i].id)) == NULL) {
			t = xcalloc(1, sizeof *t);
			t->d = d;
			t->id = xstrdup(conf->deliver[i].id);
			if ((t->timer = evtimer_new(d->base, deliver_timer_cb,
			    t)) == NULL)
				fatalx("cannot create a delivery timer");
			TAILQ_INSERT_TAIL(&d->targets, t, entry);
		}
		deliver_target_set(t, &conf->deliver[i]);
	}
	TAILQ_FOREACH(t, &d->targets, entry) {
		if (t->live)
			deliver_arm(t, 0);
		else
			evtimer_del(t->timer);
	}
}

/* Forget closed rows older than delivery.keep. */
static void
deliver_prune(struct deliver *d)
{
	char	 cutoff[32];
	int64_t	 n;

	deliver_time(cutoff, sizeof cutoff, deliver_now() - d->cfg.keep_ms);
	if ((n = store_outbox_prune(d->store, cutoff)) > 0)
		log_info("delivery: forgot %lld delivered or dead entries",
		    (long long)n);
}

/* The hourly prune. */
static void
deliver_prune_cb(evutil_socket_t fd, short ev, void *arg)
{
	(void)fd;
	(void)ev;
	deliver_prune(arg);
}

/* SIGCHLD: reap the commands that ended and finish their attempts. */
static void
deliver_sigchld(evutil_socket_t fd, short ev, void *arg)
{
	struct deliver		*d = arg;
	struct deliver_attempt	*a, *next;
	char			*why;
	ssize_t			 n;
	pid_t			 pid;
	int			 status;

	(void)fd;
	(void)ev;
	for (a = TAILQ_FIRST(&d->running); a != NULL; a = next) {
		next = TAILQ_NEXT(a, entry);
		if ((pid = waitpid(a->pid, &status, WNOHANG)) <= 0)
			continue;
		/* What it wrote last, if it is still in the pipe. */
		while (a->out_fd != -1 && a->outlen < sizeof a->output - 1 &&
		    (n = read(a->out_fd, a->output + a->outlen,
		    sizeof a->output - 1 - a->outlen)) > 0)
			a->outlen += (size_t)n;
		a->output[a->outlen] = '\0';
		a->output[strcspn(a->output, "\r\n")] = '\0';
		a->pid = -1;
		if (a->timed_out)
			why = xasprintf("command %s killed after the timeout "
			    "of %llu ms", a->what,
			    (unsigned long long)a->t->timeout_ms);
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			why = NULL;
		else if (WIFEXITED(status))
			why = xasprintf("command %s exited with status %d%s%s",
			    a->what, WEXITSTATUS(status),
			    *a->output != '\0' ? ": " : "", a->output);
		else
			why = xasprintf("command %s killed by signal %d",
			    a->what, WTERMSIG(status));
		deliver_end(a, why);
		free(why);
	}
}

/*
 * The delivery engine for a config's targets, on a loop and a store;
 * committed is the newest committed alert's id (rows of newer alerts are
 * in a transaction still open).
 */
struct deliver *
deliver_new(struct event_base *base, struct store *store,
    const struct config *conf, const int64_t *committed)
{
	static const struct timeval prune_every = { DELIVER_PRUNE_SEC, 0 };
	struct deliver	*d;
	struct http_cfg	 http;

	d = xcalloc(1, sizeof *d);
	d->base = base;
	d->store = store;
	d->committed = committed;
	TAILQ_INIT(&d->targets);
	TAILQ_INIT(&d->running);
	http = conf->http;
	http.max_body = DELIVER_MAX_ANSWER;
	if ((d->fetch = fetch_new(base, &http)) == NULL)
		fatalx("cannot set up delivery transfers");
	d->sigchld = evsignal_new(base, SIGCHLD, deliver_sigchld, d);
	if (d->sigchld == NULL || evsignal_add(d->sigchld, NULL) == -1)
		fatalx("cannot handle SIGCHLD");
	d->prune_ev = event_new(base, -1, EV_PERSIST, deliver_prune_cb, d);
	if (d->prune_ev == NULL || event_add(d->prune_ev, &prune_every) == -1)
		fatalx("cannot create the delivery prune timer");
	deliver_update(d, conf);
	deliver_prune(d);
	return (d);
}

/*
 * Queue a just written alert (in its transaction) for each target whose
 * filter it passes, unless it is suppressed.  0, or -1 if a row could not
 * be written (the caller rolls the transaction back).
 */
int
deliver_enqueue(struct deliver *d, const struct alert *a)
{
	struct deliver_target	*t;
	char			 now[32], *record = NULL;
	int			 rc = 0;

	if (d == NULL)
		return (0);
	deliver_time(now, sizeof now, deliver_now());
	TAILQ_FOREACH(t, &d->targets, entry) {
		if (!t->live || !proto_filter_match(&t->filter, a))
			continue;
		if (record == NULL)
			record = alert_json(a, 1);
		if (deliver_suppressed(record))
			break;
		if ((rc = store_outbox_add(d->store, a->id, t->id, now)) == -1)
			break;
	}
	free(record);
	return (rc);
}

/* New rows were committed: every target looks for due rows now. */
void
deliver_kick(struct deliver *d)
{
	struct deliver_target	*t;

	if (d == NULL)
		return;
	TAILQ_FOREACH(t, &d->targets, entry) {
		if (t->live && t->inflight < t->concurrency)
			deliver_arm(t, 0);
	}
}

/* Whether a row is in flight on its target. */
static int
deliver_busy(const struct deliver_target *t, int64_t id)
{
	unsigned	 i;

	for (i = 0; i < t->inflight; i++) {
		if (t->busy[i] == id)
			return (1);
	}
	return (0);
}

/* Free an attempt and take it off its target. */
static void
deliver_attempt_free(struct deliver_attempt *a)
{
	struct deliver_target	*t = a->t;
	unsigned		 i;

	for (i = 0; i < t->inflight; i++) {
		if (t->busy[i] == a->id) {
			t->busy[i] = t->busy[--t->inflight];
			break;
		}
	}
	if (a->in_ev != NULL)
		event_free(a->in_ev);
	if (a->out_ev != NULL)
		event_free(a->out_ev);
	if (a->timer != NULL)
		event_free(a->timer);
	if (a->in_fd != -1)
		close(a->in_fd);
	if (a->out_fd != -1)
		close(a->out_fd);
	free(a->body);
	free(a->what);
	free(a);
}

/* Record a target's last error. */
static void
deliver_error(struct deliver_target *t, const char *error)
{
	free(t->last_error);
	t->last_error = xstrdup(error);
	deliver_time(t->last_error_at, sizeof t->last_error_at,
	    deliver_now());
}

/*
 * An attempt is over: why it failed, or NULL for delivered.  The row is
 * closed or set to its next try, the attempt freed, the target pumped.
 */
static void
deliver_end(struct deliver_attempt *a, const char *why)
{
	struct deliver		*d = a->d;
	struct deliver_target	*t = a->t;
	uint64_t		 now = deliver_now(), queued, delay;
	char			 at[32], next[32];

	if (a->listed) {
		TAILQ_REMOVE(&d->running, a, entry);
		a->listed = 0;
	}
	deliver_time(at, sizeof at, now);
	queued = deliver_parse_time(a->queued_at);
	if (why == NULL) {
		log_debug("delivery %s: alert %lld delivered (attempt %u)",
		    t->id, (long long)a->alert_id, a->attempt);
		store_outbox_done(d->store, a->id, "delivered", at, NULL);
	} else if (queued != 0 && now >= queued + d->cfg.give_up_ms) {
		log_warnx("delivery %s: alert %lld is dead after %u attempt%s "
		    "since %s: %s", t->id, (long long)a->alert_id, a->attempt,
		    a->attempt == 1 ? "" : "s", a->queued_at, why);
		deliver_error(t, why);
		store_outbox_done(d->store, a->id, "dead", at, why);
	} else {
		delay = deliver_delay(d, a->attempt);
		deliver_time(next, sizeof next, now + delay);
		log_warnx("delivery %s: alert %lld, attempt %u: %s; next "
		    "attempt in %llu ms", t->id, (long long)a->alert_id,
		    a->attempt, why, (unsigned long long)delay);
		deliver_error(t, why);
		store_outbox_retry(d->store, a->id, why, next);
	}
	deliver_attempt_free(a);
	if (t->live && !d->closing)
		deliver_arm(t, 0);	/* from the loop, not from here */
}

/*
 * A webhook URL for messages: scheme and host only, since the rest (a
 * Slack-style token in the path, a password) may be a secret.
 */
static char *
deliver_redact(const char *url)
{
	const char	*host, *end, *at;

	if ((host = strstr(url, "://")) == NULL)
		return (xstrdup("(webhook)"));
	host += 3;
	end = host + strcspn(host, "/?#");
	if ((at = memchr(host, '@', (size_t)(end - host))) != NULL)
		host = at + 1;
	return (xasprintf("%.*s%.*s%s", (int)(strstr(url, "://") + 3 - url),
	    url, (int)(end - host), host, *end != '\0' ? "/..." : ""));
}

/* A webhook's answer. */
static void
deliver_webhook_done(const struct fetch_result *res, void *arg)
{
	struct deliver_attempt	*a = arg;
	char			*why = NULL;
	int			 ok2xx;

	if (res->status == FETCH_ERR_CANCELLED) {
		deliver_attempt_free(a);	/* shutdown: the lease stays */
		return;
	}
	ok2xx = res->http_code >= 200 && res->http_code <= 299;
	if (res->status == FETCH_ERR_REFUSED)
		why = xasprintf("webhook %s refused: it is on a loopback, "
		    "private or link-local address (allow_private: true "
		    "allows it)", a->what);
	else if (res->status != FETCH_OK &&
	    !(res->status == FETCH_ERR_TOO_LARGE && ok2xx))
		why = xasprintf("webhook %s: %s: %s", a->what,
		    fetch_status_name(res->status), res->error);
	else if (res->http_code >= 300 && res->http_code <= 399)
		why = xasprintf("webhook %s: HTTP %ld (redirects are not "
		    "followed)", a->what, res->http_code);
	else if (!ok2xx)
		why = xasprintf("webhook %s: HTTP %ld", a->what,
		    res->http_code);
	deliver_end(a, why);
	free(why);
}

/* POST an attempt's body to its target's webhook; -1 if it cannot start. */
static int
deliver_webhook(struct deliver_attempt *a)
{
	struct deliver_target	*t = a->t;
	struct fetch_req	 req;
	struct header		 h[6];
	char			 id[32], attempt[16], sig[80], hex[65];
	size_t			 n = 0;

	snprintf(id, sizeof id, "%lld", (long long)a->alert_id);
	snprintf(attempt, sizeof attempt, "%u", a->attempt);
	h[n].name = "Content-Type";
	h[n++].value = "application/json";
	h[n].name = "Idempotency-Key";
	h[n++].value = id;
	h[n].name = "X-Sanctwatch-Alert-Id";
	h[n++].value = id;
	h[n].name = "X-Sanctwatch-Target";
	h[n++].value = t->id;
	h[n].name = "X-Sanctwatch-Attempt";
	h[n++].value = attempt;
	if (t->secret != NULL) {
		hmac_sha256_hex(t->secret, strlen(t->secret), a->body, a->len,
		    hex);
		snprintf(sig, sizeof sig, "sha256=%s", hex);
		h[n].name = "X-Sanctwatch-Signature";
		h[n++].value = sig;
	}
	memset(&req, 0, sizeof req);
	req.url = t->webhook;
	req.headers = h;
	req.nheaders = n;
	req.public_only = !t->allow_private;
	req.allow_private = t->allow_private;
	req.proxy = t->allow_private ? "" : NULL;
	req.post = a->body;
	req.post_len = a->len;
	req.no_redirects = 1;
	req.timeout_ms = t->timeout_ms;
	req.max_body = DELIVER_MAX_ANSWER;
	return (fetch_start(a->d->fetch, &req, deliver_webhook_done, a));
}

/* A command's input can take more of the alert. */
static void
deliver_cmd_write(evutil_socket_t fd, short ev, void *arg)
{
	struct deliver_attempt	*a = arg;
	ssize_t			 n;

	(void)ev;
	n = write(fd, a->body + a->off, a->len - a->off);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		a->off += (size_t)n;
	if (n == -1 || a->off == a->len) {
		/* All written, or it stopped reading (EPIPE): EOF. */
		event_del(a->in_ev);
		close(a->in_fd);
		a->in_fd = -1;
	}
}

/* A command wrote output: keep the first bytes for an error message. */
static void
deliver_cmd_read(evutil_socket_t fd, short ev, void *arg)
{
	struct deliver_attempt	*a = arg;
	char			 sink[4096];
	ssize_t			 n;

	(void)ev;
	if (a->outlen < sizeof a->output - 1)
		n = read(fd, a->output + a->outlen,
		    sizeof a->output - 1 - a->outlen);
	else
		n = read(fd, sink, sizeof sink);
	if (n > 0 && a->outlen < sizeof a->output - 1)
		a->outlen += (size_t)n;
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		event_del(a->out_ev);
		close(a->out_fd);
		a->out_fd = -1;
	}
}

/* The timeout of a command: kill its process group; SIGCHLD ends it. */
static void
deliver_cmd_timeout(evutil_socket_t fd, short ev, void *arg)
{
	struct deliver_attempt	*a = arg;

	(void)fd;
	(void)ev;
	if (a->pid <= 0)
		return;
	a->timed_out = 1;
	if (kill(-a->pid, SIGKILL) == -1)
		kill(a->pid, SIGKILL);
}

/* The environment of a command: ours and the alert's id and target. */
static char **
deliver_cmd_env(struct deliver_attempt *a)
{
	char	**env;
	size_t	  n, i, j = 0;

	for (n = 0; environ[n] != NULL; n++)
		;
	env = xcalloc(n + 4, sizeof *env);
	for (i = 0; i < n; i++) {
		if (strncmp(environ[i], "SANCTWATCH_", 11) != 0)
			env[j++] = xstrdup(environ[i]);
	}
	env[j++] = xasprintf("SANCTWATCH_ALERT_ID=%lld",
	    (long long)a->alert_id);
	env[j++] = xasprintf("SANCTWATCH_TARGET=%s", a->t->id);
	env[j++] = xasprintf("SANCTWATCH_ATTEMPT=%u", a->attempt);
	env[j] = NULL;
	return (env);
}

/* Free an environment of deliver_cmd_env. */
static void
deliver_cmd_env_free(char **env)
{
	size_t	 i;

	for (i = 0; env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/* Spawn the command with its input and output on pipes; errno or 0. */
static int
deliver_spawn(struct deliver_attempt *a, int in[2], int out[2])
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 none, def;
	char				**env, **argv;
	int				 rc;

	/*
	 * A path that cannot be run is said so without a spawn: an exec
	 * failure only shows as exit status 127 where posix_spawn forks
	 * (valgrind, older libcs).
	 */
	if (strchr(a->t->argv.v[0], '/') != NULL &&
	    access(a->t->argv.v[0], X_OK) == -1)
		return (errno);
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGCHLD);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDERR_FILENO);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	env = deliver_cmd_env(a);
	argv = xcalloc(a->t->argv.n + 1, sizeof *argv);
	memcpy(argv, a->t->argv.v, a->t->argv.n * sizeof *argv);
	rc = posix_spawnp(&a->pid, argv[0], &fa, &attr, argv, env);
	free(argv);
	deliver_cmd_env_free(env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return (rc);
}

/* Run the target's command with the attempt's body on its input. */
static int
deliver_command(struct deliver_attempt *a)
{
	struct deliver	*d = a->d;
	struct timeval	 tv;
	char		*why;
	int		 in[2], out[2], rc;

	if (pipe2(in, O_CLOEXEC) == -1)
		return (-1);
	if (pipe2(out, O_CLOEXEC) == -1) {
		close(in[0]);
		close(in[1]);
		return (-1);
	}
	rc = deliver_spawn(a, in, out);
	close(in[0]);
	close(out[1]);
	a->in_fd = in[1];
	a->out_fd = out[0];
	if (rc != 0) {
		a->pid = -1;
		why = xasprintf("command %s cannot be run: %s",
		    a->what, strerror(rc));
		deliver_end(a, why);
		free(why);
		return (0);
	}
	fcntl(a->in_fd, F_SETFL, fcntl(a->in_fd, F_GETFL) | O_NONBLOCK);
	fcntl(a->out_fd, F_SETFL, fcntl(a->out_fd, F_GETFL) | O_NONBLOCK);
	a->in_ev = event_new(d->base, a->in_fd, EV_WRITE | EV_PERSIST,
	    deliver_cmd_write, a);
	a->out_ev = event_new(d->base, a->out_fd, EV_READ | EV_PERSIST,
	    deliver_cmd_read, a);
	a->timer = evtimer_new(d->base, deliver_cmd_timeout, a);
	if (a->in_ev == NULL || a->out_ev == NULL || a->timer == NULL)
		fatalx("cannot create a command's events");
	event_add(a->in_ev, NULL);
	event_add(a->out_ev, NULL);
	tv.tv_sec = (time_t)(a->t->timeout_ms / 1000);
	tv.tv_usec = (suseconds_t)(a->t->timeout_ms % 1000) * 1000;
	evtimer_add(a->timer, &tv);
	TAILQ_INSERT_TAIL(&d->running, a, entry);
	a->listed = 1;
	log_debug("delivery %s: alert %lld: command %s started, pid %ld",
	    a->t->id, (long long)a->alert_id, a->what, (long)a->pid);
	return (0);
}

/* The body of an alert for a target: JSON, Slack's, or its template. */
static char *
deliver_body(const struct deliver_target *t, const char *record)
{
	static const char	 slack_default[] = "sanctwatch alert {{id}} "
	    "({{severity}}, score {{match.score}}): {{entity.name}} "
	    "[{{entity.programs}}] matched \"{{match.text}}\" in "
	    "{{document.title}} <{{document.url}}>";
	json_t			*o;
	char			*text, *body;

	if (t->format == DELIVER_SLACK) {
		text = template_render(t->template != NULL ? t->template :
		    slack_default, record);
		o = json_pack("{s:s}", "text", text);
		body = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		free(text);
		return (body != NULL ? body : xstrdup("{}"));
	}
	if (t->template != NULL)
		return (template_render(t->template, record));
	if (t->argv.n > 0)
		return (xasprintf("%s\n", record));
	return (xstrdup(record));
}

/*
 * Start an attempt at a due row, or close it (its alert is gone or
 * suppressed): 1, or 0 if the database failed and it is left as it was.
 */
static int
deliver_start(struct deliver_target *t, const struct store_outbox_row *row)
{
	struct deliver		*d = t->d;
	struct deliver_attempt	*a;
	struct alert		 al;
	uint64_t		 now = deliver_now();
	char			 at[32], lease[32], *record;
	int			 found;

	deliver_time(at, sizeof at, now);
	if ((found = store_alert_get(d->store, row->alert_id, &al)) == -1)
		return (0);
	if (found == 0) {
		log_warnx("delivery %s: alert %lld is not in the database; "
		    "entry closed as dead", t->id, (long long)row->alert_id);
		store_outbox_done(d->store, row->id, "dead", at,
		    "the alert is not in the database");
		return (1);
	}
	record = alert_json(&al, 1);
	alert_clear(&al);
	if (deliver_suppressed(record)) {
		log_info("delivery %s: alert %lld is suppressed, not "
		    "delivered", t->id, (long long)row->alert_id);
		store_outbox_done(d->store, row->id, "skipped", at, NULL);
		free(record);
		return (1);
	}
	deliver_time(lease, sizeof lease, now + t->timeout_ms +
	    deliver_delay(d, row->attempts + 1));
	if (store_outbox_claim(d->store, row->id, at, lease) == -1) {
		free(record);
		return (0);
	}
	a = xcalloc(1, sizeof *a);
	a->d = d;
	a->t = t;
	a->id = row->id;
	a->alert_id = row->alert_id;
	a->attempt = row->attempts + 1;
	snprintf(a->queued_at, sizeof a->queued_at, "%s", row->queued_at);
	a->in_fd = a->out_fd = -1;
	a->body = deliver_body(t, record);
	a->len = strlen(a->body);
	free(record);
	a->what = t->webhook != NULL ? deliver_redact(t->webhook) :
	    xstrdup(t->argv.v[0]);
	t->busy[t->inflight++] = a->id;
	if (t->webhook != NULL) {
		if (deliver_webhook(a) == -1)
			deliver_end(a, "the transfer could not be started");
	} else if (deliver_command(a) == -1)
		deliver_end(a, "no pipe for the command");
	return (1);
}

/*
 * Start attempts at a target's due rows up to its concurrency, then sleep
 * until its next row is due (or DELIVER_RECHECK_MS).
 */
static void
deliver_pump(struct deliver_target *t)
{
	struct deliver		*d = t->d;
	struct store_outbox_row	 rows[2 * DELIVER_MAX_CONCURRENCY];
	uint64_t		 now, next;
	ssize_t			 n, i;
	char			 at[32], due[32];
	int			 progress = 0, rc;

	if (!t->live || d->closing)
		return;
	evtimer_del(t->timer);
	now = deliver_now();
	deliver_time(at, sizeof at, now);
	n = t->inflight >= t->concurrency ? 0 : store_outbox_due(d->store,
	    t->id, at, rows, t->concurrency + t->inflight);
	for (i = 0; i < n && t->inflight < t->concurrency; i++) {
		/* In flight, or of a transaction not yet committed. */
		if (deliver_busy(t, rows[i].id) ||
		    rows[i].alert_id > *d->committed)
			continue;
		progress |= deliver_start(t, &rows[i]);
	}
	if (t->inflight >= t->concurrency)
		return;		/* an attempt's end pumps again */
	if (progress)
		deliver_arm(t, 0);	/* there may be more due */
	else if ((rc = store_outbox_next(d->store, t->id, due,
	    sizeof due)) == 1) {
		next = deliver_parse_time(due);
		deliver_arm(t, next > now ? next - now : DELIVER_BUSY_MS);
	} else if (rc == -1)
		deliver_arm(t, DELIVER_RECHECK_MS);
}

/* One target's line of status. */
struct deliver_status {
	struct deliver	*d;
	json_t		*targets;
};

/* Fill the counts of one target from the outbox. */
static void
deliver_status_row(const struct store_outbox_stats *o, void *arg)
{
	struct deliver_status	*s = arg;
	json_t			*t;

	if ((t = json_object_get(s->targets, o->target)) == NULL)
		return;
	json_object_set_new(t, "queued", json_integer(o->queued));
	json_object_set_new(t, "delivered", json_integer(o->delivered));
	json_object_set_new(t, "dead", json_integer(o->dead));
	json_object_set_new(t, "last_success", o->last_delivered != NULL ?
	    json_string(o->last_delivered) : json_null());
}

/* The status of every target in the config, as a JSON array. */
json_t *
deliver_status(struct deliver *d)
{
	struct deliver_status	 s;
	struct deliver_target	*t;
	json_t			*arr, *o;

	s.d = d;
	s.targets = json_object();
	arr = json_array();
	TAILQ_FOREACH(t, &d->targets, entry) {
		if (!t->live)
			continue;
		o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:n, s:s?, s:s?}",
		    "id", t->id, "kind", t->webhook != NULL ? "webhook" :
		    "command", "queued", (json_int_t)0, "in_flight",
		    (json_int_t)t->inflight, "delivered", (json_int_t)0,
		    "dead", (json_int_t)0, "last_success",
		    "last_error", t->last_error, "last_error_at",
		    t->last_error != NULL ? t->last_error_at : NULL);
		if (o == NULL)
			continue;
		json_object_set(s.targets, t->id, o);
		json_array_append_new(arr, o);
	}
	store_outbox_stats(d->store, deliver_status_row, &s);
	json_decref(s.targets);
	return (arr);
}

/*
 * Stop: transfers are cancelled and commands killed (their rows keep
 * their lease and are tried again after it), then everything is freed.
 */
void
deliver_free(struct deliver *d)
{
	struct deliver_attempt	*a;
	struct deliver_target	*t;
	int			 status;

	if (d == NULL)
		return;
	d->closing = 1;
	fetch_free(d->fetch);
	while ((a = TAILQ_FIRST(&d->running)) != NULL) {
		TAILQ_REMOVE(&d->running, a, entry);
		a->listed = 0;
		if (a->pid > 0) {
			kill(-a->pid, SIGKILL);
			while (waitpid(a->pid, &status, 0) == -1 &&
			    errno == EINTR)
				;
		}
		deliver_attempt_free(a);
	}
	while ((t = TAILQ_FIRST(&d->targets)) != NULL) {
		TAILQ_REMOVE(&d->targets, t, entry);
		deliver_target_free(t);
	}
	event_free(d->sigchld);
	event_free(d->prune_ev);
	free(d);
}
