/*
 * sanctwatch tail: print alerts as the daemon writes them, as JSON lines
 * or one line of text each, from --since if given, filtered by the
 * subscribe request's lists (--kind, --severity, ...), suppressed alerts
 * only with --suppressed.  After a restart of the daemon it reconnects
 * (once a second, saying so once) and resumes from the last alert printed,
 * unless --no-reconnect; -n stops after COUNT alerts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "client/client.h"

/* What sanctwatch tail asked for and where it is in the stream. */
struct cmd_tail {
	const char	*path;
	json_t		*filter;	/* the subscribe request, less since */
	int64_t		 last_id;	/* newest alert printed; -1: none */
	int64_t		 since_ns;	/* --nats --since a time; 0: none */
	long		 count;		/* stop after this many; 0: never */
	long		 printed;
	int		 text;		/* --format text */
	int		 reconnect;
	int		 waiting;	/* for the reply to our subscribe */
	char		*database;	/* the daemon's database's identity */
	char		 not_before[32]; /* started before the daemon: "" or */
					/*   when, to replay from then */
	const char	*nats;		/* --nats: the cluster's stream */
	const char	*name;		/* --name: the cluster's name */
	int		 follow;	/* --nats: not --no-follow */
};

static int	cmd_tail_exec(int, char **);

const struct cmd_entry cmd_tail_entry = {
	.name = "tail",
	.usage = "tail [-s SOCKET] [--since ID] [--min-score S] [--kind K] "
	    "[--severity S] [--entity ID] [--program P] [--source ID] "
	    "[--country CC] [--rule ID] [--suppressed] [--format json|text] "
	    "[-n COUNT] [--no-reconnect] [--nats URL [--since SEQ|TIME] "
	    "[--name CLUSTER] "
	    "[--no-follow]]",
	.exec = cmd_tail_exec,
	.help = "Print alerts as the daemon writes them; after a restart of "
	    "the daemon,\nreconnect and resume after the last alert printed.\n"
	    "\n"
	    "  -s SOCKET         the daemon's socket (default " DEFAULT_SOCKET
	    ")\n"
	    "  --since ID        replay the stored alerts after this id first\n"
	    "  --min-score S     only alerts scoring at least S\n"
	    "  --kind K          entity, country or rule; these filters may "
	    "be repeated\n"
	    "  --severity S      high, medium or low\n"
	    "  --entity ID       a listed party's id\n"
	    "  --program P       a sanctions program\n"
	    "  --source ID       a configured source\n"
	    "  --country CC      an ISO 3166-1 alpha-2 code\n"
	    "  --rule ID         a rule's id (rule alerts)\n"
	    "  --suppressed      also the alerts a suppression held back\n"
	    "  --format F        json (one alert a line, the default) or text\n"
	    "  -n, --count N     exit after N alerts\n"
	    "  --no-reconnect    exit when the daemon goes away\n"
	    "  --nats URL        follow the cluster's stream on this NATS "
	    "server instead;\n"
	    "                    --since is then a stream sequence, a time\n"
	    "                    (2026-12-06T05:00:00Z) or a duration ago (15m)\n"
	    "  --name CLUSTER    the cluster's name (default sanctwatch)\n"
	    "  --no-follow       with --nats: exit at the stream's end\n"
	    "  -h, --help        this help\n",
};

/* Send the subscribe request, from the last alert seen if there is one. */
static int
cmd_tail_subscribe(struct cmd_tail *t, int fd)
{
	json_t	*req = json_deep_copy(t->filter);
	char	*line;
	int	 rc;

	if (t->last_id >= 0)
		json_object_set_new(req, "since", json_integer(t->last_id));
	else if (t->not_before[0] != '\0')
		json_object_set_new(req, "since", json_integer(0));
	line = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	rc = dprintf(fd, "%s\n", line) < 0 ? -1 : 0;
	free(line);
	t->waiting = 1;
	return (rc);
}

/* The strings of a JSON array joined by commas, or "-"; from malloc. */
static char *
cmd_tail_join(json_t *a)
{
	json_t		*v;
	size_t		 i, len = 2, o = 0, n;
	const char	*str;
	char		*s;

	json_array_foreach(a, i, v) {
		if ((str = json_string_value(v)) != NULL)
			len += strlen(str) + 1;
	}
	s = xcalloc(1, len);
	json_array_foreach(a, i, v) {
		if ((str = json_string_value(v)) == NULL)
			continue;
		if (o > 0)
			s[o++] = ',';
		n = strlen(str);
		memcpy(s + o, str, n);
		o += n;
	}
	if (o == 0)
		s[o++] = '-';
	s[o] = '\0';
	return (s);
}

/* A string as one line: control characters (a title's LF) become spaces. */
static char *
cmd_tail_oneline(const char *str)
{
	char	*s, *p;

	s = xstrdup(str != NULL ? str : "-");
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	return (s);
}

/*
 * Print one alert as JSON or as one line of text: id, time, severity,
 * kind, state when not new, party, what matched, programs, source, title
 * and link.
 */
static void
cmd_tail_print(const struct cmd_tail *t, json_t *a, const char *line)
{
	json_t		*e = json_object_get(a, "entity");
	json_t		*m = json_object_get(a, "match");
	json_t		*doc = json_object_get(a, "document");
	const char	*state;
	char		*programs, *title, *mtext;

	if (!t->text) {
		printf("%s\n", line);
		return;
	}
	state = json_string_value(json_object_get(a, "state"));
	programs = cmd_tail_join(json_object_get(e, "programs"));
	title = cmd_tail_oneline(json_string_value(json_object_get(doc,
	    "title")));
	mtext = cmd_tail_oneline(json_string_value(json_object_get(m,
	    "text")));
	printf("#%lld %s %-6s %-7s %s%s%s%s %s: \"%s\" (%s %.2f, %lld) [%s] "
	    "%s \"%s\" %s\n",
	    (long long)json_integer_value(json_object_get(a, "id")),
	    json_string_value(json_object_get(a, "time")),
	    json_string_value(json_object_get(a, "severity")),
	    json_string_value(json_object_get(a, "kind")),
	    state != NULL && strcmp(state, "new") != 0 ? "(" : "",
	    state != NULL && strcmp(state, "new") != 0 ? state : "",
	    state != NULL && strcmp(state, "new") != 0 ? ") " : "",
	    json_string_value(json_object_get(e, "id")),
	    json_string_value(json_object_get(e, "name")),
	    mtext,
	    json_string_value(json_object_get(m, "method")),
	    json_number_value(json_object_get(m, "score")),
	    (long long)json_integer_value(json_object_get(m, "count")),
	    programs,
	    json_string_value(json_object_get(doc, "source")),
	    title,
	    json_string_value(json_object_get(doc, "url")));
	free(programs);
	free(title);
	free(mtext);
}

/*
 * Whether an alert was written before tail started, when tail started
 * before the daemon (times are ISO-8601 UTC: they compare as text).  Such
 * a tail replays from the first alert and prints those written since it
 * started, so the daemon's first alerts are not missed.
 */
static int
cmd_tail_before(const struct cmd_tail *t, json_t *a)
{
	const char	*time = json_string_value(json_object_get(a, "time"));

	return (t->not_before[0] != '\0' && time != NULL &&
	    strcmp(time, t->not_before) < 0);
}

/*
 * Whether a subscribe reply names another database than the one followed
 * so far (deleted and made anew, or another daemon): its ids are not the
 * old ones, so the stream starts again from its first alert.
 */
static int
cmd_tail_database(struct cmd_tail *t, json_t *reply)
{
	const char	*id;

	if ((id = json_string_value(json_object_get(reply, "database"))) ==
	    NULL)
		return (0);
	if (t->database == NULL || strcmp(t->database, id) == 0) {
		free(t->database);
		t->database = xstrdup(id);
		return (0);
	}
	fprintf(stderr, "sanctwatch: the daemon's database changed (was %s, "
	    "is %s): following it from its first alert\n", t->database, id);
	free(t->database);
	t->database = xstrdup(id);
	t->last_id = 0;
	return (1);
}

/*
 * Handle one line from the daemon: 1 to go on, 0 when done, -1 on a
 * refused request.  After a {"dropped": N} notice the subscription is
 * renewed from the last alert printed, and alerts are ignored until its
 * reply, so the replay fills the gap in order.
 */
static int
cmd_tail_line(struct cmd_tail *t, int fd, const char *line)
{
	json_t	*o, *id;
	int	 rc = 1;

	if ((o = json_loads(line, 0, NULL)) == NULL)
		return (1);
	if (json_object_get(o, "ok") != NULL) {
		if (json_is_false(json_object_get(o, "ok"))) {
			fprintf(stderr, "sanctwatch: %s\n", json_string_value(
			    json_object_get(o, "error")));
			rc = -1;
		} else if (cmd_tail_database(t, o))
			(void)cmd_tail_subscribe(t, fd);	/* from its start */
		else
			t->waiting = 0;
	} else if (json_object_get(o, "dropped") != NULL)
		(void)cmd_tail_subscribe(t, fd);	/* a failure ends the read */
	else if (!t->waiting && json_is_integer(id = json_object_get(o,
	    "id")) && json_integer_value(id) > t->last_id) {
		t->last_id = json_integer_value(id);
		if (cmd_tail_before(t, o))
			goto out;
		cmd_tail_print(t, o, line);
		fflush(stdout);
		if (t->count > 0 && ++t->printed >= t->count)
			rc = 0;
	}
out:
	json_decref(o);
	return (rc);
}

/*
 * Follow one connection until it ends: 0 at its end (to reconnect), 1 when
 * done, -1 on a refused request.
 */
static int
cmd_tail_stream(struct cmd_tail *t, int fd)
{
	struct socket_lines	 sl = { .watch_stdout = 1 };
	char			*line;
	size_t			 n;
	int			 more = 1;

	if (cmd_tail_subscribe(t, fd) != 0)
		return (0);
	while (more == 1 && (line = socket_line(&sl, fd, &n)) != NULL)
		more = cmd_tail_line(t, fd, line);
	if (sl.stdout_gone)
		more = 0;		/* done: no one reads what we print */
	socket_lines_free(&sl);
	return (more == 1 ? 0 : more == 0 ? 1 : -1);
}

/* Add a repeated option's value to a list filter of the request. */
static void
cmd_tail_filter_add(json_t *req, const char *key, const char *value)
{
	json_t	*list = json_object_get(req, key);

	if (list == NULL) {
		list = json_array();
		json_object_set_new(req, key, list);
	}
	json_array_append_new(list, json_string(value));
}

/* Parse the options of tail into t; exit 1 on a bad one. */
static void
cmd_tail_options(struct cmd_tail *t, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 'S' },
		{ "min-score", required_argument, NULL, 'm' },
		{ "kind", required_argument, NULL, 'k' },
		{ "severity", required_argument, NULL, 'v' },
		{ "entity", required_argument, NULL, 'e' },
		{ "program", required_argument, NULL, 'p' },
		{ "source", required_argument, NULL, 'o' },
		{ "country", required_argument, NULL, 'C' },
		{ "rule", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "no-reconnect", no_argument, NULL, 'R' },
		{ "suppressed", no_argument, NULL, 'X' },
		{ "nats", required_argument, NULL, 'N' },
		{ "name", required_argument, NULL, 'A' },
		{ "no-follow", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const lists[] = {
		['k'] = "kinds", ['v'] = "severities", ['e'] = "entities",
		['p'] = "programs", ['o'] = "sources", ['C'] = "countries",
		['r'] = "rules",
	};
	char	*end;
	double	 score;
	int	 ch;

	while ((ch = getopt_long(argc, argv, ":s:n:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 's':
			t->path = optarg;
			break;
		case 'S':
			t->last_id = strtoll(optarg, &end, 10);
			if (*end != '\0' || end == optarg || t->last_id < 0) {
				t->last_id = -1;
				if (tail_nats_time(optarg, &t->since_ns) == -1)
					client_usage_error("--since: not an "
					    "alert id, a stream sequence, a "
					    "time (2026-12-06T05:00:00Z) or a "
					    "duration (15m): %s", optarg);
			}
			break;
		case 'm':
			score = strtod(optarg, &end);
			if (*end != '\0' || end == optarg || score < 0 ||
			    score > 1)
				client_usage_error("--min-score: not a number "
				    "in [0, 1]: %s", optarg);
			json_object_set_new(t->filter, "min_score",
			    json_real(score));
			break;
		case 'k': case 'v': case 'e': case 'p': case 'o': case 'C':
		case 'r':
			cmd_tail_filter_add(t->filter, lists[ch], optarg);
			break;
		case 'f':
			if (strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "json") != 0)
				client_usage_error("--format: not json or "
				    "text: %s", optarg);
			t->text = strcmp(optarg, "text") == 0;
			break;
		case 'n':
			if ((t->count = strtol(optarg, &end, 10)) <= 0 ||
			    *end != '\0')
				client_usage_error("-n: not a positive number: "
				    "%s", optarg);
			break;
		case 'R':
			t->reconnect = 0;
			break;
		case 'X':
			json_object_set_new(t->filter, "suppressed",
			    json_true());
			break;
		case 'N':
			t->nats = optarg;
			break;
		case 'A':
			t->name = optarg;
			break;
		case 'F':
			t->follow = 0;
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (optind != argc)
		client_usage_error("unexpected argument '%s'", argv[optind]);
	if (t->nats == NULL && t->since_ns != 0)
		client_usage_error("--since takes a time or a duration only "
		    "with --nats");
	if (t->nats == NULL && (t->name != NULL || !t->follow))
		client_usage_error("--name and --no-follow go with --nats");
}

/* tail --nats: one message of the stream, printed if the filter takes it. */
static int
cmd_tail_nats_msg(uint64_t seq, const char *data, size_t len, void *arg)
{
	struct cmd_tail	*t = arg;
	json_t		*a;
	char		*line;

	(void)seq;
	if ((a = json_loadb(data, len, 0, NULL)) == NULL ||
	    !tail_nats_alert(a)) {
		fprintf(stderr, "sanctwatch: stream message %llu is not an "
		    "alert; skipped\n", (unsigned long long)seq);
		json_decref(a);
		return (1);
	}
	if (!tail_nats_match(t->filter, a)) {
		json_decref(a);
		return (1);
	}
	json_object_set_new(a, "seq", json_integer((json_int_t)seq));
	if (t->text)	/* #N: the stream's sequence, not a node's id */
		json_object_set_new(a, "id", json_integer((json_int_t)seq));
	line = json_dumps(a, JSON_COMPACT);
	cmd_tail_print(t, a, line);
	fflush(stdout);
	free(line);
	json_decref(a);
	return (t->count == 0 || ++t->printed < t->count);
}

/*
 * sanctwatch tail: print alerts as the daemon writes them, from --since if
 * given; reconnect after a restart and resume from the last alert printed.
 */
static int
cmd_tail_exec(int argc, char **argv)
{
	struct cmd_tail	 t = { .path = DEFAULT_SOCKET, .last_id = -1,
			     .reconnect = 1 };
	int		 fd, rc = 0, warned = 0;
	char		 started[32];
	struct tm	 tm;
	time_t		 now;

	t.filter = json_pack("{s:s}", "cmd", "subscribe");
	t.follow = 1;
	cmd_tail_options(&t, argc, argv);
	if (t.nats != NULL) {
		rc = tail_nats_run(t.nats, t.name != NULL ? t.name :
		    "sanctwatch", t.last_id, t.since_ns, t.follow,
		    cmd_tail_nats_msg, &t);
		json_decref(t.filter);
		return (rc);
	}
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL || strftime(started, sizeof started,
	    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		started[0] = '\0';
	for (;;) {
		if ((fd = socket_connect(t.path, warned)) == -1 &&
		    errno == EACCES) {
			rc = -1;	/* retrying would not help */
			break;
		}
		if (fd == -1 && t.last_id < 0 && t.reconnect)	/* not up */
			memcpy(t.not_before, started, sizeof t.not_before);
		if (fd != -1) {
			warned = 0;
			rc = cmd_tail_stream(&t, fd);
			close(fd);
			if (rc != 0)
				break;
		} else if (!t.reconnect) {
			rc = -1;	/* exit 1, as the manual says */
			break;
		} else
			warned = 1;
		if (!t.reconnect)
			break;
		sleep(1);
	}
	json_decref(t.filter);
	free(t.database);
	return (rc < 0 ? 1 : 0);
}
