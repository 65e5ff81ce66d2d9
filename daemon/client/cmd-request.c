/*
 * sanctwatch status, sources and reload: one request line each to the
 * daemon's socket, and its reply printed.  status and sources print the
 * reply as it is (one JSON line) with --json or when standard output is
 * not a terminal, so scripts keep reading JSON, and as text for a person
 * with --text or on a terminal: status as labelled lines (fields it does
 * not know as "key: value"), sources as one line each.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client/client.h"

static int	cmd_request_status(int, char **);
static int	cmd_request_sources(int, char **);
static int	cmd_request_reload(int, char **);

#define CMD_REQUEST_OUTPUT						\
	"  -s SOCKET         the daemon's socket (default " DEFAULT_SOCKET	\
	")\n"								\
	"  --json            print the reply as one JSON line (the default "	\
	"when\n"							\
	"                    standard output is not a terminal)\n"		\
	"  --text            print it for a person (the default on a "	\
	"terminal)\n"							\
	"  -h, --help        this help\n"

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "status [-s SOCKET] [--json | --text]",
	.exec = cmd_request_status,
	.help = "Print the daemon's status: version, uptime, the watchlist, "
	    "sources, polls,\ndocuments, alerts, subscribers, a retro-scan "
	    "under way.\n\n" CMD_REQUEST_OUTPUT,
};

const struct cmd_entry cmd_sources_entry = {
	.name = "sources",
	.usage = "sources [-s SOCKET] [--json | --text]",
	.exec = cmd_request_sources,
	.help = "Print every source's polling state: ok or failing, the last "
	    "poll, its HTTP\nstatus, polls and errors, the next poll, the "
	    "last error.\n\n" CMD_REQUEST_OUTPUT,
};

const struct cmd_entry cmd_reload_entry = {
	.name = "reload",
	.usage = "reload [-s SOCKET]",
	.exec = cmd_request_reload,
	.help = "Ask the daemon to reload its configuration and watchlists; "
	    "print its answer\n(ok, or every error with its location).  Only "
	    "root and the daemon's user may.\n\n"
	    "  -s SOCKET         the daemon's socket (default " DEFAULT_SOCKET
	    ")\n"
	    "  -h, --help        this help\n",
};

/* A status field printed with a label, and how. */
struct cmd_status_row {
	const char	*key;
	const char	*label;
};

static const struct cmd_status_row cmd_status_rows[] = {
	{ "version", "version" },
	{ "uptime", "uptime" },
	{ "entities", "entities" },
	{ "countries", "countries" },
	{ "names", "names" },
	{ "watchlist_sha256", "watchlist" },
	{ "rules", "rules" },
	{ "rules_sha256", "rules sha256" },
	{ "sources", "sources" },
	{ "polls_ok", "polls ok" },
	{ "polls_failed", "polls failed" },
	{ "documents", "documents" },
	{ "alerts_written", "alerts written" },
	{ "subscribers", "subscribers" },
	{ "clients_queued", "queued to clients" },
	{ "storage", "storage" },
	{ "last_reload", "last reload" },
	{ "reloading", "reloading" },
	{ "rescan", "rescan" },
	{ "deliver", "delivery" },
	{ "cluster", "cluster" },
};

/* Parse -s, --json and --text; the socket's path, *text the mode. */
static const char *
cmd_request_options(int argc, char **argv, int *text)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "text", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*path = DEFAULT_SOCKET;
	int		 ch, mode = -1;

	while ((ch = getopt_long(argc, argv, ":s:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		case 'j':
		case 't':
			mode = ch == 't';
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (optind != argc)
		client_usage_error("unexpected argument '%s'", argv[optind]);
	*text = client_output_text(mode);
	return (path);
}

/* A duration in seconds as "3d 4h 05m 06s". */
static void
cmd_request_duration(char *buf, size_t len, json_int_t s)
{
	if (s >= 86400)
		snprintf(buf, len, "%lldd %lldh %02lldm %02llds",
		    (long long)s / 86400, (long long)s % 86400 / 3600,
		    (long long)s % 3600 / 60, (long long)s % 60);
	else if (s >= 3600)
		snprintf(buf, len, "%lldh %02lldm %02llds", (long long)s / 3600,
		    (long long)s % 3600 / 60, (long long)s % 60);
	else
		snprintf(buf, len, "%lldm %02llds", (long long)s / 60,
		    (long long)s % 60);
}

static const char *cmd_request_str(json_t *, const char *);

/* The delivery targets of a status, a line each (docs/delivery.md). */
static void
cmd_request_deliver(const char *label, json_t *v)
{
	json_t	*t, *err;
	size_t	 i;

	if (json_array_size(v) == 0)
		printf("%-16s -\n", label);
	json_array_foreach(v, i, t) {
		err = json_object_get(t, "last_error");
		printf("%-16s %s (%s): %lld queued, %lld delivered, %lld dead; "
		    "last success %s%s%s\n", i == 0 ? label : "",
		    cmd_request_str(t, "id"), cmd_request_str(t, "kind"),
		    (long long)json_integer_value(json_object_get(t, "queued")),
		    (long long)json_integer_value(json_object_get(t,
		    "delivered")),
		    (long long)json_integer_value(json_object_get(t, "dead")),
		    cmd_request_str(t, "last_success"),
		    json_is_string(err) ? "; last error: " : "",
		    json_is_string(err) ? json_string_value(err) : "");
	}
}

/*
 * The reload in progress: "reading watchlists (file 2 of 3, 120000
 * entities so far), 4 s, asked by socket".
 */
static void
cmd_request_reloading(const char *label, json_t *v)
{
	json_int_t	 file, files, n;

	file = json_integer_value(json_object_get(v, "file"));
	files = json_integer_value(json_object_get(v, "files"));
	n = json_integer_value(json_object_get(v, "entities"));
	printf("%-16s %s", label, cmd_request_str(v, "step"));
	if (strcmp(cmd_request_str(v, "step"), "reading watchlists") == 0 &&
	    file > 0)
		printf(" (file %lld of %lld, %lld entit%s so far)",
		    (long long)file, (long long)files, (long long)n,
		    n == 1 ? "y" : "ies");
	printf(", %lld s, asked by %s\n", (long long)json_integer_value(
	    json_object_get(v, "seconds")), cmd_request_str(v, "by"));
}

/* The cluster of a status, a few lines (docs/cluster.md). */
static void
cmd_request_cluster(const char *label, json_t *v)
{
	json_t		*n, *leases = json_object_get(v, "leases");
	const char	*problem = json_string_value(json_object_get(v,
			    "problem"));
	size_t		 i;

	printf("%-16s %s, node %s, NATS %s: %s\n", label,
	    cmd_request_str(v, "name"), cmd_request_str(v, "node"),
	    cmd_request_str(v, "nats"),
	    !json_is_true(json_object_get(v, "joined")) ?
	    "not joined, polling every source alone" :
	    json_is_true(json_object_get(v, "connected")) ? "joined" :
	    "server lost, polling the sources it held");
	if (problem != NULL)
		printf("%-16s %s\n", "", problem);
	printf("%-16s %zu:", "leases", json_array_size(leases));
	json_array_foreach(leases, i, n)
		printf(" %s", json_string_value(n));
	printf("\n%-16s", "nodes");
	json_array_foreach(json_object_get(v, "nodes"), i, n)
		printf("%s %s (%lld sources)", i > 0 ? "," : "",
		    cmd_request_str(n, "node"), (long long)json_integer_value(
		    json_object_get(n, "holds")));
	printf("; %s\n", json_is_true(json_object_get(v, "same_watchlist")) ?
	    "the same watchlist" : "NOT the same watchlist (see --json)");
	printf("%-16s %lld published (%lld already there), %lld queued\n",
	    "stream", (long long)json_integer_value(json_object_get(v,
	    "published")), (long long)json_integer_value(json_object_get(v,
	    "duplicates")), (long long)json_integer_value(json_object_get(v,
	    "queued")));
}

/* Print one status field for a person. */
static void
cmd_request_field(const char *label, const char *key, json_t *v)
{
	char		 buf[64], *s;
	json_int_t	 total, alerts;

	if (strcmp(key, "uptime") == 0 && json_is_integer(v)) {
		cmd_request_duration(buf, sizeof buf, json_integer_value(v));
		printf("%-16s %s\n", label, buf);
	} else if (strcmp(key, "rescan") == 0 && json_is_object(v)) {
		total = json_integer_value(json_object_get(v, "total"));
		alerts = json_integer_value(json_object_get(v, "alerts"));
		printf("%-16s %lld of %lld kept document%s, %lld new alert%s\n",
		    label, (long long)json_integer_value(json_object_get(v,
		    "documents")), (long long)total, total == 1 ? "" : "s",
		    (long long)alerts, alerts == 1 ? "" : "s");
	} else if (strcmp(key, "deliver") == 0 && json_is_array(v))
		cmd_request_deliver(label, v);
	else if (strcmp(key, "storage") == 0 && json_is_object(v)) {
		total = json_integer_value(json_object_get(v, "errors"));
		printf("%-16s %s, %lld write error%s%s%s%s%s\n", label,
		    json_is_true(json_object_get(v, "ok")) ? "ok" : "FAILING",
		    (long long)total, total == 1 ? "" : "s",
		    json_is_string(json_object_get(v, "last_error")) ?
		    "; last: " : "", json_is_string(json_object_get(v,
		    "last_error")) ? cmd_request_str(v, "last_error") : "",
		    json_is_string(json_object_get(v, "last_error_at")) ?
		    " at " : "", json_is_string(json_object_get(v,
		    "last_error_at")) ? cmd_request_str(v, "last_error_at") :
		    "");
		printf("%-16s %s\n", "database id", cmd_request_str(v,
		    "database_id"));
	} else if (strcmp(key, "last_reload") == 0 && json_is_object(v))
		printf("%-16s %s at %s%s%s\n", label,
		    json_is_true(json_object_get(v, "ok")) ? "ok" : "failed",
		    cmd_request_str(v, "at"), json_is_string(json_object_get(v,
		    "error")) ? ": " : "", json_is_string(json_object_get(v,
		    "error")) ? cmd_request_str(v, "error") : "");
	else if (strcmp(key, "reloading") == 0 && json_is_object(v))
		cmd_request_reloading(label, v);
	else if (json_is_string(v) && *json_string_value(v) == '\0')
		printf("%-16s -\n", label);
	else if (strcmp(key, "clients_queued") == 0 && json_is_integer(v))
		printf("%-16s %lld bytes\n", label,
		    (long long)json_integer_value(v));
	else if (strcmp(key, "cluster") == 0 && json_is_object(v))
		cmd_request_cluster(label, v);
	else if (json_is_null(v))
		printf("%-16s -\n", label);
	else if (json_is_string(v))
		printf("%-16s %s\n", label, json_string_value(v));
	else {
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		printf("%-16s %s\n", label, s != NULL ? s : "?");
		free(s);
	}
}

/* The status reply for a person: known fields labelled, then the rest. */
static void
cmd_request_status_text(json_t *o)
{
	const char	*key;
	json_t		*v;
	size_t		 i;

	for (i = 0; i < nitems(cmd_status_rows); i++) {
		if ((v = json_object_get(o, cmd_status_rows[i].key)) != NULL)
			cmd_request_field(cmd_status_rows[i].label,
			    cmd_status_rows[i].key, v);
	}
	json_object_foreach(o, key, v) {
		for (i = 0; i < nitems(cmd_status_rows); i++) {
			if (strcmp(key, cmd_status_rows[i].key) == 0)
				break;
		}
		if (i == nitems(cmd_status_rows) && strcmp(key, "ok") != 0)
			cmd_request_field(key, key, v);
	}
}

/* A string field of a source, or "-". */
static const char *
cmd_request_str(json_t *s, const char *key)
{
	const char	*v = json_string_value(json_object_get(s, key));

	return (v != NULL ? v : "-");
}

/* The sources reply for a person: a header, then a line per source. */
static void
cmd_request_sources_text(json_t *o)
{
	json_t		*s;
	const char	*state;
	size_t		 i;

	printf("%-20s %-8s %-20s %4s %6s %6s  %s\n", "SOURCE", "STATE",
	    "LAST POLL", "HTTP", "POLLS", "ERRORS", "NEXT POLL / LAST ERROR");
	json_array_foreach(json_object_get(o, "sources"), i, s) {
		if (json_is_true(json_object_get(s, "disabled")))
			state = "disabled";
		else if (json_is_true(json_object_get(s, "ok")))
			state = "ok";
		else
			state = "failing";
		printf("%-20s %-8s %-20s %4lld %6lld %6lld  %s%s%s\n",
		    cmd_request_str(s, "id"), state,
		    cmd_request_str(s, "last_poll"),
		    (long long)json_integer_value(json_object_get(s,
		    "last_http_code")),
		    (long long)json_integer_value(json_object_get(s, "polls")),
		    (long long)json_integer_value(json_object_get(s,
		    "errors")), cmd_request_str(s, "next_poll"),
		    strcmp(state, "failing") == 0 ? "  " : "",
		    strcmp(state, "failing") == 0 ?
		    cmd_request_str(s, "last_error") : "");
	}
}

/*
 * Ask the daemon, print the reply as JSON or through text(); 1 unless the
 * reply says "ok": true.
 */
static int
cmd_request_show(int argc, char **argv, const char *req,
    void (*text)(json_t *))
{
	const char	*path;
	json_t		*o;
	char		*reply;
	int		 astext, rc;

	path = cmd_request_options(argc, argv, &astext);
	if ((reply = socket_ask(path, req)) == NULL)
		return (1);
	o = json_loads(reply, 0, NULL);
	rc = !json_is_true(json_object_get(o, "ok"));
	if (!astext || o == NULL)
		printf("%s\n", reply);
	else if (rc)
		printf("error: %s\n", cmd_request_str(o, "error"));
	else
		text(o);
	json_decref(o);
	free(reply);
	return (rc);
}

/* sanctwatch status: the daemon's status. */
static int
cmd_request_status(int argc, char **argv)
{
	return (cmd_request_show(argc, argv, "{\"cmd\": \"status\"}\n",
	    cmd_request_status_text));
}

/* sanctwatch sources: every source's polling state. */
static int
cmd_request_sources(int argc, char **argv)
{
	return (cmd_request_show(argc, argv, "{\"cmd\": \"sources\"}\n",
	    cmd_request_sources_text));
}

/* sanctwatch reload: ask the daemon to reload its config and watchlists. */
static int
cmd_request_reload(int argc, char **argv)
{
	return (socket_request(argc, argv, "{\"cmd\": \"reload\"}\n"));
}
