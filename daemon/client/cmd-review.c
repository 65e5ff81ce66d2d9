/*
 * sanctwatch review and show: a decision on alerts, and one alert for a
 * person.  Both are one request to the daemon's socket ("review", "show";
 * docs/protocol.md), which records the decision with the peer's user: the
 * client never writes the database.  Arguments are checked here first, so
 * that a bad one is named as it was typed; the daemon checks them again.
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
#include "core/protocol.h"

static int	cmd_review_exec(int, char **);
static int	cmd_show_exec(int, char **);

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "review [-s SOCKET] ID... (--confirm | --false-positive | "
	    "--dismiss) [--scope alert|text|source|entity] "
	    "[--until DATE|DURATION] [--note TEXT]",
	.exec = cmd_review_exec,
	.help = "Record a decision on alerts, with your user and the time; the "
	    "daemon writes\nit to its append-only decisions table.\n"
	    "\n"
	    "  -s SOCKET           the daemon's socket (default "
	    DEFAULT_SOCKET ")\n"
	    "  --confirm           the alert names the listed party\n"
	    "  --false-positive    it does not (a namesake, a word)\n"
	    "  --dismiss           right party, nothing to act on\n"
	    "  --scope S           what a false positive suppresses from now "
	    "on: alert (only\n"
	    "                      this one, the default), text (the party "
	    "matched by the\n"
	    "                      same text), source (the party from this "
	    "source), entity\n"
	    "                      (the party anywhere)\n"
	    "  --until T           the suppression ends at T: a date, a time "
	    "or a duration\n"
	    "                      (90d, 12h, 2w, 1d12h)\n"
	    "  --note TEXT         why, for the record\n"
	    "  -h, --help          this help\n",
};

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "show [-s SOCKET] [--json] ID",
	.exec = cmd_show_exec,
	.help = "Print one alert for a person: the party and its list entries, "
	    "what matched and\nwhy, the snippet with the match marked, the "
	    "title, date and link, and its\ndecisions.\n"
	    "\n"
	    "  -s SOCKET         the daemon's socket (default " DEFAULT_SOCKET
	    ")\n"
	    "  --json            the alert and its decisions as one JSON "
	    "object\n"
	    "  -h, --help        this help\n",
};

/*
 * Send one request and return its reply object (alerts the connection is
 * sent first are skipped), or NULL having said why.
 */
static json_t *
cmd_review_ask(const char *path, json_t *req)
{
	struct socket_lines	 sl = { 0 };
	json_t			*o = NULL;
	char			*line, *s;
	size_t			 n;
	int			 fd, rc;

	if ((fd = socket_connect(path, 0)) == -1)
		return (NULL);
	s = json_dumps(req, JSON_COMPACT);
	rc = dprintf(fd, "%s\n", s);
	free(s);
	if (rc < 0) {
		fprintf(stderr, "sanctwatch: write: %s\n", strerror(errno));
		close(fd);
		return (NULL);
	}
	while ((line = socket_line(&sl, fd, &n)) != NULL) {
		o = json_loadb(line, n, 0, NULL);
		if (json_is_object(o) && json_object_get(o, "ok") != NULL)
			break;
		json_decref(o);
		o = NULL;
	}
	socket_lines_free(&sl);
	close(fd);
	if (o == NULL) {
		fprintf(stderr, "sanctwatch: %s: no reply\n", path);
		return (NULL);
	}
	if (!json_is_true(json_object_get(o, "ok"))) {
		fprintf(stderr, "sanctwatch: %s\n", json_string_value(
		    json_object_get(o, "error")));
		json_decref(o);
		return (NULL);
	}
	return (o);
}

/* Exit 1 with a message naming the bad argument. */
static __dead void PRINTFLIKE(1, 2)
cmd_review_bad(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "sanctwatch: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/* An alert id as typed, or exit naming it. */
static json_int_t
cmd_review_id(const char *cmd, const char *s)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v <= 0)
		cmd_review_bad("%s: '%s' is not an alert id (a number above 0)",
		    cmd, s);
	return ((json_int_t)v);
}

/* Set the action of a review, once. */
static void
cmd_review_action(json_t *req, enum review_action action)
{
	if (json_object_get(req, "action") != NULL)
		cmd_review_bad("review: give one of --confirm, "
		    "--false-positive and --dismiss, not several");
	json_object_set_new(req, "action",
	    json_string(review_action_names[action]));
}

/* Check --scope and --until as typed, and that they fit the action. */
static void
cmd_review_check(json_t *req)
{
	const char	*action, *scope, *until;
	char		*cause = NULL;
	time_t		 t;

	action = json_string_value(json_object_get(req, "action"));
	scope = json_string_value(json_object_get(req, "scope"));
	until = json_string_value(json_object_get(req, "until"));
	if (action == NULL)
		cmd_review_bad("review: give one of --confirm, "
		    "--false-positive and --dismiss");
	if (scope != NULL && review_scope_parse(scope) == -1)
		cmd_review_bad("review: --scope '%s': must be alert, text, "
		    "source or entity", scope);
	if (scope != NULL && strcmp(scope, "alert") != 0 &&
	    strcmp(action, "false-positive") != 0)
		cmd_review_bad("review: --scope %s applies only to "
		    "--false-positive (--%s is for the alert alone)", scope,
		    action);
	if (until != NULL && (scope == NULL || strcmp(scope, "alert") == 0))
		cmd_review_bad("review: --until applies only to "
		    "--false-positive with --scope text, source or entity");
	if (until != NULL && review_until_parse(until, time(NULL), &t,
	    &cause) != 0)
		cmd_review_bad("review: --until: %s", cause);
}

/* Print what a review recorded. */
static void
cmd_review_print(json_t *reply)
{
	json_t	*d;
	size_t	 i;

	json_array_foreach(json_object_get(reply, "decisions"), i, d) {
		printf("alert %lld: %s", (long long)json_integer_value(
		    json_object_get(d, "alert_id")), json_string_value(
		    json_object_get(d, "action")));
		if (strcmp(json_string_value(json_object_get(d, "scope")),
		    "alert") != 0)
			printf(", suppressing scope %s", json_string_value(
			    json_object_get(d, "scope")));
		if (json_is_string(json_object_get(d, "until")))
			printf(" until %s", json_string_value(
			    json_object_get(d, "until")));
		printf(" (decision %lld by %s)\n", (long long)
		    json_integer_value(json_object_get(d, "id")),
		    json_string_value(json_object_get(reply, "user")));
	}
}

/* sanctwatch review: record a decision on alerts. */
static int
cmd_review_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "confirm", no_argument, NULL, 'C' },
		{ "false-positive", no_argument, NULL, 'F' },
		{ "dismiss", no_argument, NULL, 'D' },
		{ "scope", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "note", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*path = DEFAULT_SOCKET;
	json_t		*req, *ids, *reply;
	int		 ch, i;

	req = json_pack("{s:s}", "cmd", "review");
	ids = json_array();
	while ((ch = getopt_long(argc, argv, ":s:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		case 'C':
			cmd_review_action(req, REVIEW_CONFIRM);
			break;
		case 'F':
			cmd_review_action(req, REVIEW_FALSE_POSITIVE);
			break;
		case 'D':
			cmd_review_action(req, REVIEW_DISMISS);
			break;
		case 'S':
			json_object_set_new(req, "scope", json_string(optarg));
			break;
		case 'U':
			json_object_set_new(req, "until", json_string(optarg));
			break;
		case 'N':
			if (strlen(optarg) > PROTO_MAX_NOTE)
				cmd_review_bad("review: --note: longer than %d "
				    "bytes", PROTO_MAX_NOTE);
			json_object_set_new(req, "note", json_string(optarg));
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (optind == argc)
		cmd_review_bad("review: give the id of at least one alert");
	for (i = optind; i < argc; i++)
		json_array_append_new(ids, json_integer(cmd_review_id("review",
		    argv[i])));
	json_object_set_new(req, "ids", ids);
	cmd_review_check(req);
	reply = cmd_review_ask(path, req);
	json_decref(req);
	if (reply == NULL)
		return (1);
	cmd_review_print(reply);
	json_decref(reply);
	return (0);
}

/* A string field, or def if it is absent or not a string. */
static const char *
cmd_show_str(json_t *o, const char *key, const char *def)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return (s != NULL ? s : def);
}

/* The strings of a JSON array joined by ", ", or "-" if none. */
static void
cmd_show_list(json_t *a)
{
	json_t	*v;
	size_t	 i;

	if (json_array_size(a) == 0)
		printf("-");
	json_array_foreach(a, i, v)
		printf("%s%s", i > 0 ? ", " : "", json_string_value(v));
	printf("\n");
}

/* The snippet with the matched text between >> and <<. */
static void
cmd_show_snippet(json_t *alert)
{
	const char	*snippet, *text, *at;

	snippet = cmd_show_str(alert, "snippet", "");
	text = cmd_show_str(json_object_get(alert, "match"), "text", "");
	if (*text == '\0' || (at = strstr(snippet, text)) == NULL) {
		printf("  snippet:   %s\n", snippet);
		return;
	}
	printf("  snippet:   %.*s>>%s<<%s\n", (int)(at - snippet), snippet,
	    text, at + strlen(text));
}

/* Why it matched: the explanation's form, base score and text rules. */
static void
cmd_show_explain(json_t *explain)
{
	json_t	*v;
	size_t	 i;

	if (!json_is_object(explain))
		return;
	printf("  why:       base %.2f", json_number_value(json_object_get(
	    explain, "base")));
	if (json_is_string(json_object_get(explain, "order")))
		printf(", name order %s", cmd_show_str(explain, "order", ""));
	json_array_foreach(json_object_get(explain, "form"), i, v)
		printf("%s%s", i == 0 ? "; form: " : ", ",
		    json_string_value(v));
	json_array_foreach(json_object_get(explain, "text"), i, v)
		printf("%s%s", i == 0 ? "; text: " : ", ",
		    json_string_value(v));
	printf("\n");
}

/* One decision of the history. */
static void
cmd_show_decision(json_t *d)
{
	printf("    #%lld %s %s (uid %lld): %s",
	    (long long)json_integer_value(json_object_get(d, "id")),
	    cmd_show_str(d, "time", "?"), cmd_show_str(d, "user", "?"),
	    (long long)json_integer_value(json_object_get(d, "uid")),
	    cmd_show_str(d, "action", "?"));
	if (strcmp(cmd_show_str(d, "scope", "alert"), "alert") != 0)
		printf(", scope %s", cmd_show_str(d, "scope", ""));
	if (json_is_string(json_object_get(d, "until")))
		printf(", until %s", cmd_show_str(d, "until", ""));
	if (json_is_boolean(json_object_get(d, "in_force")))
		printf(json_is_true(json_object_get(d, "in_force")) ?
		    " [in force]" : " [expired, lapsed or superseded]");
	if (json_is_string(json_object_get(d, "note")))
		printf("\n      note: %s", cmd_show_str(d, "note", ""));
	printf("\n");
}

/* One alert for a person. */
static void
cmd_show_print(json_t *reply)
{
	json_t	*a = json_object_get(reply, "alert");
	json_t	*e = json_object_get(a, "entity");
	json_t	*m = json_object_get(a, "match");
	json_t	*doc = json_object_get(a, "document");
	json_t	*d;
	size_t	 i;

	printf("alert %lld  %s  %s  %s", (long long)json_integer_value(
	    json_object_get(a, "id")), cmd_show_str(a, "severity", "?"),
	    cmd_show_str(a, "kind", "?"), cmd_show_str(a, "state", "new"));
	if (json_is_integer(json_object_get(a, "suppressed_by")))
		printf(" (by decision %lld)", (long long)json_integer_value(
		    json_object_get(a, "suppressed_by")));
	printf("\n  time:      %s\n", cmd_show_str(a, "time", "?"));
	printf("  party:     %s %s (%s)", cmd_show_str(e, "id", "?"),
	    cmd_show_str(e, "name", "?"), cmd_show_str(e, "type", "?"));
	if (json_is_string(json_object_get(e, "source")))
		printf(", list %s", cmd_show_str(e, "source", ""));
	printf("\n  entries:   %s", cmd_show_str(e, "id", "?"));
	json_array_foreach(json_object_get(e, "also"), i, d)
		printf(", %s", json_string_value(d));
	printf("\n  programs:  ");
	cmd_show_list(json_object_get(e, "programs"));
	printf("  matched:   \"%s\" as \"%s\" (%s, score %.2f, %lld "
	    "mention%s)\n", cmd_show_str(m, "text", ""),
	    cmd_show_str(m, "name", ""), cmd_show_str(m, "method", "?"),
	    json_number_value(json_object_get(m, "score")),
	    (long long)json_integer_value(json_object_get(m, "count")),
	    json_integer_value(json_object_get(m, "count")) == 1 ? "" : "s");
	cmd_show_explain(json_object_get(m, "explain"));
	cmd_show_snippet(a);
	printf("  countries: ");
	cmd_show_list(json_object_get(a, "countries"));
	printf("  title:     %s\n", cmd_show_str(doc, "title", "-"));
	if (json_is_string(json_object_get(doc, "published")))
		printf("  published: %s\n", cmd_show_str(doc, "published", ""));
	printf("  link:      %s\n", cmd_show_str(doc, "url", "?"));
	printf("  source:    %s\n", cmd_show_str(doc, "source", "?"));
	if ((d = json_object_get(reply, "held_back_by")) != NULL) {
		printf("  held back by:\n");
		cmd_show_decision(d);
	}
	printf("  decisions:%s\n", json_array_size(json_object_get(reply,
	    "decisions")) == 0 ? " none" : "");
	json_array_foreach(json_object_get(reply, "decisions"), i, d)
		cmd_show_decision(d);
}

/* sanctwatch show: one alert, what matched and why, and its decisions. */
static int
cmd_show_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char	*path = DEFAULT_SOCKET;
	json_t		*req, *reply;
	char		*s;
	int		 ch, json = 0;

	while ((ch = getopt_long(argc, argv, ":s:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			client_bad_option(ch, argv);
		}
	}
	if (optind + 1 != argc)
		cmd_review_bad("show: give the id of one alert");
	req = json_pack("{s:s, s:I}", "cmd", "show", "id",
	    cmd_review_id("show", argv[optind]));
	reply = cmd_review_ask(path, req);
	json_decref(req);
	if (reply == NULL)
		return (1);
	if (json) {
		json_object_del(reply, "ok");
		s = json_dumps(reply, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
	} else
		cmd_show_print(reply);
	json_decref(reply);
	return (0);
}
