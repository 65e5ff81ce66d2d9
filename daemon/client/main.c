/*
 * sanctwatch: the command-line client.
 *
 *   sanctwatch scan [-c FILE | -w WATCHLIST...] [--min-score S] [FILE...|-]
 *	match local text against the watchlist with the daemon's own code and
 *	print one alert JSON per line;
 *   sanctwatch tail [-s SOCKET]
 *	print alerts from the daemon's socket as they arrive;
 *   sanctwatch status [-s SOCKET]
 *	ask the daemon for its status.
 *
 * Commands are rows of a table; each parses its own options.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "client/client.h"

#define DEFAULT_CONFIG	"/etc/sanctwatch/sanctwatch.yaml"
#define DEFAULT_SOCKET	"/run/sanctwatch/alerts.sock"
#define SCAN_MAX_FILE	(256u * 1024 * 1024)
#define OK_PREFIX	"{\"ok\":true"	/* how the daemon's success replies start */

struct command {
	const char	*name;
	const char	*usage;
	int		(*fn)(int, char **);
};

static int	cmd_scan(int, char **);
static int	cmd_tail(int, char **);
static int	cmd_status(int, char **);
static int	cmd_sources(int, char **);
static int	cmd_reload(int, char **);

static const struct command commands[] = {
	{ "scan", "scan [-c FILE | -w WATCHLIST...] [--min-score S] "
	    "[FILE...|-]", cmd_scan },
	{ "import", "import FORMAT FILE... > watchlist.yaml", cmd_import },
	{ "tail", "tail [-s SOCKET] [--since ID] [--min-score S] [--kind K] "
	    "[--severity S] [--entity ID] [--program P] [--source ID] "
	    "[--country CC] [--format json|text] [-n COUNT] [--no-reconnect]",
	    cmd_tail },
	{ "status", "status [-s SOCKET]", cmd_status },
	{ "sources", "sources [-s SOCKET]", cmd_sources },
	{ "reload", "reload [-s SOCKET]", cmd_reload },
};

/* Print the usage of every command and exit 1. */
static __dead void
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(stderr, "  sanctwatch %s\n", commands[i].usage);
	fprintf(stderr, "  sanctwatch --version\n");
	exit(1);
}

/* Read a whole file (or stdin for "-"), bounded; NULL with a message. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "sanctwatch: %s: %s\n", path, strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (n == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		if ((r = fread(buf + n, 1, cap - n, f)) == 0)
			break;
		if ((n += r) > SCAN_MAX_FILE) {
			fprintf(stderr, "sanctwatch: %s: larger than %u bytes\n",
			    path, SCAN_MAX_FILE);
			break;
		}
	}
	if (ferror(f) || n > SCAN_MAX_FILE) {
		if (ferror(f))
			fprintf(stderr, "sanctwatch: %s: read error\n", path);
		free(buf);
		buf = NULL;
	} else
		buf[n] = '\0';
	if (f != stdin)
		fclose(f);
	*len = n;
	return (buf);
}

/* Load the watchlists named by a config or by -w; NULL after printing why. */
static struct watchlist *
scan_watchlist(const char *config, const struct strv *files, double *min_score)
{
	struct diag		 d;
	struct config		*cf = NULL;
	struct watchlist	*wl;

	memset(&d, 0, sizeof d);
	if (files->n == 0) {
		if ((cf = config_load(config, &d)) == NULL) {
			diag_print(&d, stderr);
			diag_free(&d);
			return (NULL);
		}
		if (*min_score < 0)
			*min_score = cf->min_score;
	}
	wl = watchlist_load(cf != NULL ? &cf->watchlists : files, &d);
	if (wl == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	config_free(cf);
	return (wl);
}

/* Scan one file and print its alerts; -1 if it could not be read. */
static int
scan_one(const char *path, const struct watchlist *wl,
    const struct matcher *m, const struct alert_opts *opts)
{
	struct document	*doc;
	struct alert	*alerts;
	char		*body, *line;
	size_t		 len, n, i;

	if ((body = read_file(path, &len)) == NULL)
		return (-1);
	doc = extract_document("scan", path, FORMAT_AUTO, NULL, body, len);
	free(body);
	n = alert_build(doc, wl, m, opts, &alerts);
	for (i = 0; i < n; i++) {
		line = alert_json(&alerts[i], 0);
		printf("%s\n", line);
		free(line);
	}
	alert_free_array(alerts, n);
	document_free(doc);
	return (0);
}

/* sanctwatch scan: match local files against the watchlist. */
static int
cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "min-score", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct strv		 files;
	struct watchlist	*wl;
	struct matcher		*m;
	struct alert_opts	 opts = { .min_score = -1, .snippet_chars = 200 };
	const char		*config = DEFAULT_CONFIG;
	char			*end;
	int			 ch, i, rc = 0;

	memset(&files, 0, sizeof files);
	while ((ch = getopt_long(argc, argv, "c:w:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'w':
			strv_push(&files, optarg);
			break;
		case 'm':
			opts.min_score = strtod(optarg, &end);
			if (*end != '\0' || opts.min_score < 0 ||
			    opts.min_score > 1) {
				fprintf(stderr, "sanctwatch: --min-score: "
				    "expected a number in [0, 1]\n");
				return (1);
			}
			break;
		default:
			usage();
		}
	}
	if ((wl = scan_watchlist(config, &files, &opts.min_score)) == NULL) {
		strv_free(&files);
		return (1);
	}
	if (opts.min_score < 0)
		opts.min_score = 0.80;
	m = matcher_new(wl);
	if (optind == argc)
		rc = scan_one("-", wl, m, &opts) != 0;
	for (i = optind; i < argc; i++)
		rc |= scan_one(argv[i], wl, m, &opts) != 0;
	fflush(stdout);
	matcher_free(m);
	watchlist_free(wl);
	strv_free(&files);
	return (rc);
}

/* Connect to the daemon's socket; -1, saying why unless quiet. */
static int
client_connect_quiet(const char *path, int quiet)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		fprintf(stderr, "sanctwatch: %s: socket path too long\n", path);
		return (-1);
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		if (!quiet)
			fprintf(stderr, "sanctwatch: %s: %s\n", path,
			    strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	return (fd);
}

/* Connect to the daemon's socket; -1 after printing why. */
static int
client_connect(const char *path)
{
	return (client_connect_quiet(path, 0));
}

/* Parse the -s option common to the socket commands. */
static const char *
socket_opt(int argc, char **argv)
{
	const char	*path = DEFAULT_SOCKET;
	int		 ch;

	while ((ch = getopt(argc, argv, "s:")) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	return (path);
}

/* What sanctwatch tail asked for and where it is in the stream. */
struct tail {
	const char	*path;
	json_t		*filter;	/* the subscribe request, less since */
	int64_t		 last_id;	/* newest alert printed; -1: none */
	long		 count;		/* stop after this many; 0: never */
	long		 printed;
	int		 text;		/* --format text */
	int		 reconnect;
	int		 waiting;	/* for the reply to our subscribe */
};

/* Send the subscribe request, from the last alert seen if there is one. */
static int
tail_subscribe(struct tail *t, int fd)
{
	json_t	*req = json_deep_copy(t->filter);
	char	*line;
	int	 rc;

	if (t->last_id >= 0)
		json_object_set_new(req, "since", json_integer(t->last_id));
	line = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	rc = dprintf(fd, "%s\n", line) < 0 ? -1 : 0;
	free(line);
	t->waiting = 1;
	return (rc);
}

/* Print one alert as JSON or as one line of text. */
static void
tail_print(const struct tail *t, json_t *a, const char *line)
{
	json_t	*e = json_object_get(a, "entity");
	json_t	*m = json_object_get(a, "match");
	json_t	*doc = json_object_get(a, "document");

	if (!t->text) {
		printf("%s\n", line);
		return;
	}
	printf("%s %-6s %-7s %s %s: \"%s\" (%s %.2f, %lld) %s %s\n",
	    json_string_value(json_object_get(a, "time")),
	    json_string_value(json_object_get(a, "severity")),
	    json_string_value(json_object_get(a, "kind")),
	    json_string_value(json_object_get(e, "id")),
	    json_string_value(json_object_get(e, "name")),
	    json_string_value(json_object_get(m, "text")),
	    json_string_value(json_object_get(m, "method")),
	    json_number_value(json_object_get(m, "score")),
	    (long long)json_integer_value(json_object_get(m, "count")),
	    json_string_value(json_object_get(doc, "source")),
	    json_string_value(json_object_get(doc, "url")));
}

/*
 * Handle one line from the daemon: 1 to go on, 0 when done, -1 on a
 * refused request.  After a {"dropped": N} notice the subscription is
 * renewed from the last alert printed, and alerts are ignored until its
 * reply, so the replay fills the gap in order.
 */
static int
tail_line(struct tail *t, int fd, const char *line)
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
		} else
			t->waiting = 0;
	} else if (json_object_get(o, "dropped") != NULL)
		(void)tail_subscribe(t, fd);	/* a failure ends the read */
	else if (!t->waiting && json_is_integer(id = json_object_get(o,
	    "id")) && json_integer_value(id) > t->last_id) {
		t->last_id = json_integer_value(id);
		tail_print(t, o, line);
		fflush(stdout);
		if (t->count > 0 && ++t->printed >= t->count)
			rc = 0;
	}
	json_decref(o);
	return (rc);
}

/* Follow one connection until it ends; 0 at its end, 1 when done or bad. */
static int
tail_stream(struct tail *t, int fd)
{
	char	*buf = NULL, *nl, *p;
	size_t	 len = 0, cap = 0;
	ssize_t	 r;
	int	 rc = 0, more = 1;

	if (tail_subscribe(t, fd) != 0)
		return (0);
	while (more == 1) {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((r = read(fd, buf + len, cap - len)) <= 0)
			break;
		len += (size_t)r;
		p = buf;
		while (more == 1 && (nl = memchr(p, '\n', len - (size_t)(p -
		    buf))) != NULL) {
			*nl = '\0';
			more = tail_line(t, fd, p);
			p = nl + 1;
		}
		len -= (size_t)(p - buf);
		memmove(buf, p, len);
	}
	free(buf);
	if (more != 1)
		rc = 1;
	return (more == -1 ? -1 : rc);
}

/* Add a repeated option's value to a list filter of the request. */
static void
tail_filter_add(json_t *req, const char *key, const char *value)
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
tail_options(struct tail *t, int argc, char **argv)
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
		{ "format", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "no-reconnect", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const lists[] = {
		['k'] = "kinds", ['v'] = "severities", ['e'] = "entities",
		['p'] = "programs", ['o'] = "sources", ['C'] = "countries",
	};
	char	*end;
	int	 ch;

	while ((ch = getopt_long(argc, argv, "s:n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			t->path = optarg;
			break;
		case 'S':
			t->last_id = strtoll(optarg, &end, 10);
			if (*end != '\0' || t->last_id < 0)
				usage();
			break;
		case 'm':
			json_object_set_new(t->filter, "min_score",
			    json_real(strtod(optarg, NULL)));
			break;
		case 'k': case 'v': case 'e': case 'p': case 'o': case 'C':
			tail_filter_add(t->filter, lists[ch], optarg);
			break;
		case 'f':
			if (strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "json") != 0)
				usage();
			t->text = strcmp(optarg, "text") == 0;
			break;
		case 'n':
			if ((t->count = strtol(optarg, &end, 10)) <= 0 ||
			    *end != '\0')
				usage();
			break;
		case 'R':
			t->reconnect = 0;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
}

/*
 * sanctwatch tail: print alerts as the daemon writes them, from --since if
 * given; reconnect after a restart and resume from the last alert printed.
 */
static int
cmd_tail(int argc, char **argv)
{
	struct tail	 t = { .path = DEFAULT_SOCKET, .last_id = -1,
			     .reconnect = 1 };
	int		 fd, rc = 0, warned = 0;

	t.filter = json_pack("{s:s}", "cmd", "subscribe");
	tail_options(&t, argc, argv);
	for (;;) {
		if ((fd = client_connect_quiet(t.path, warned)) != -1) {
			warned = 0;
			rc = tail_stream(&t, fd);
			close(fd);
			if (rc != 0)
				break;
		} else if (!t.reconnect) {
			rc = 1;
			break;
		} else
			warned = 1;
		if (!t.reconnect)
			break;
		sleep(1);
	}
	json_decref(t.filter);
	return (rc < 0 ? 1 : 0);
}

/*
 * Whether a line is a request's reply (an object with "ok"), not one of
 * the alerts that a connection, being a subscriber, may be sent first.
 */
static int
client_is_reply(const char *line, size_t len)
{
	json_t	*o;
	int	 reply;

	if ((o = json_loadb(line, len, 0, NULL)) == NULL)
		return (1);		/* not ours to judge: show it */
	reply = !json_is_object(o) || json_object_get(o, "ok") != NULL;
	json_decref(o);
	return (reply);
}

/*
 * Send one request line and print its reply line, skipping alerts sent
 * before it; exit 1 unless the reply says "ok": true.
 */
static int
client_request(int argc, char **argv, const char *req)
{
	const char	*path = socket_opt(argc, argv);
	char		*buf = NULL, *nl;
	size_t		 len = 0, cap = 0, n;
	ssize_t		 r;
	int		 fd, rc = 1;

	if ((fd = client_connect(path)) == -1)
		return (1);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		fprintf(stderr, "sanctwatch: write: %s\n", strerror(errno));
		close(fd);
		return (1);
	}
	for (;;) {
		while ((nl = len > 0 ? memchr(buf, '\n', len) : NULL) != NULL) {
			n = (size_t)(nl - buf);
			if (client_is_reply(buf, n)) {
				printf("%.*s\n", (int)n, buf);
				rc = strncmp(buf, OK_PREFIX, sizeof OK_PREFIX -
				    1) == 0 ? 0 : 1;
				goto out;
			}
			memmove(buf, nl + 1, len - n - 1);
			len -= n + 1;
		}
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((r = read(fd, buf + len, cap - len)) <= 0)
			break;
		len += (size_t)r;
	}
	fprintf(stderr, "sanctwatch: %s: no reply\n", path);
out:
	close(fd);
	free(buf);
	return (rc);
}

/* sanctwatch status: the daemon's status. */
static int
cmd_status(int argc, char **argv)
{
	return (client_request(argc, argv, "{\"cmd\": \"status\"}\n"));
}

/* sanctwatch sources: every source's polling state. */
static int
cmd_sources(int argc, char **argv)
{
	return (client_request(argc, argv, "{\"cmd\": \"sources\"}\n"));
}

/* sanctwatch reload: ask the daemon to reload its config and watchlists. */
static int
cmd_reload(int argc, char **argv)
{
	return (client_request(argc, argv, "{\"cmd\": \"reload\"}\n"));
}

int
main(int argc, char **argv)
{
	size_t	 i;

	log_init(LOG_LVL_WARNING, "sanctwatch");
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "--version") == 0) {
		printf("sanctwatch %s\n", SANCTWATCH_VERSION);
		return (0);
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return (commands[i].fn(argc - 1, argv + 1));
	}
	fprintf(stderr, "sanctwatch: unknown command '%s'\n", argv[1]);
	usage();
}
