/*
 * The socket protocol's requests: a request line -> its reply line, and
 * subscription filters.  No sockets here: the hub (sanctwatchd/hub.c) feeds
 * lines in and writes replies out, and the request fuzzer calls
 * proto_request() as it is.  Commands are rows of proto_cmds[]; the daemon
 * answers "status", "sources", "reload", "review" and "show" through struct
 * proto_ops; "reload" is refused unless the peer is trusted (root or the
 * daemon's uid); a "review" is checked whole here (ids, action, a scope
 * that fits it, an until in the future) before the daemon sees it, and
 * carries the peer's uid (proto_request_peer).  An unknown field is refused, not ignored, so no client believes
 * it is filtering.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "core/protocol.h"

#define PROTO_MAX_FILTER	1024		/* strings in one filter list */
/* One request being answered. */
struct proto_req {
	json_t		*obj;
	const char	*cmd;
	const struct proto_ops *ops;	/* NULL: no daemon behind (tests) */
	int		 trusted;	/* peer is root or the daemon's uid */
	const struct proto_peer *peer;
	struct proto_sub	*sub;		/* a valid subscribe fills it in */
	char		*error;		/* why it failed, from xasprintf */
};

static json_t	*proto_cmd_status(struct proto_req *);
static json_t	*proto_cmd_subscribe(struct proto_req *);
static json_t	*proto_cmd_sources(struct proto_req *);
static json_t	*proto_cmd_reload(struct proto_req *);
static json_t	*proto_cmd_review(struct proto_req *);
static json_t	*proto_cmd_show(struct proto_req *);

static const struct proto_cmd {
	const char	*name;
	json_t		*(*exec)(struct proto_req *);
} proto_cmds[] = {
	{ .name = "status", .exec = proto_cmd_status },
	{ .name = "subscribe", .exec = proto_cmd_subscribe },
	{ .name = "sources", .exec = proto_cmd_sources },
	{ .name = "reload", .exec = proto_cmd_reload },
	{ .name = "review", .exec = proto_cmd_review },
	{ .name = "show", .exec = proto_cmd_show },
};

/* The string-list filters of subscribe, and where each goes. */
static const struct proto_list_field {
	const char	*name;
	size_t		 offset;	/* of a struct strv in struct proto_filter */
} proto_list_fields[] = {
	{ "entities", offsetof(struct proto_filter, entities) },
	{ "programs", offsetof(struct proto_filter, programs) },
	{ "sources", offsetof(struct proto_filter, sources) },
	{ "countries", offsetof(struct proto_filter, countries) },
	{ "rules", offsetof(struct proto_filter, rules) },
};

/* Names of the values of the bit-set filters, in bit order. */

/* Serialize a reply object to one line, from malloc. */
static char *
proto_dump(json_t *reply)
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
char *
proto_error_line(const char *msg)
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
	out = proto_dump(reply);
	json_decref(reply);
	return (out);
}

/* A success reply with nothing else in it. */
static json_t *
proto_reply_ok(void)
{
	return (json_pack("{s:b}", "ok", 1));
}

/* Refuse any field but "cmd": an unknown one is never silently ignored. */
static int
proto_req_no_fields(struct proto_req *req)
{
	const char	*key;
	json_t		*value;

	json_object_foreach(req->obj, key, value) {
		if (strcmp(key, "cmd") == 0)
			continue;
		req->error = xasprintf("%s: unknown field '%s'", req->cmd, key);
		return (-1);
	}
	return (0);
}

/* "status": the daemon's status object, with "ok" first. */
static json_t *
proto_cmd_status(struct proto_req *req)
{
	json_t	*reply, *status;

	if (proto_req_no_fields(req) != 0)
		return (NULL);
	if (req->ops == NULL || req->ops->status == NULL)
		return (proto_reply_ok());
	if ((status = req->ops->status(req->ops->arg)) == NULL) {
		req->error = xstrdup("status: not available");
		return (NULL);
	}
	if (!json_is_object(status)) {
		log_warnx("status request: the daemon's status is not a "
		    "JSON object");
		json_decref(status);
		req->error = xstrdup("status: not available");
		return (NULL);
	}
	reply = proto_reply_ok();
	json_object_update_missing(reply, status);
	json_decref(status);
	return (reply);
}

/* A list of strings from a JSON array; -1 with req->error if it is not. */
static int
proto_sub_strv(struct proto_req *req, const char *key, json_t *v,
    struct strv *sv)
{
	json_t	*e;
	size_t	 i;

	if (!json_is_array(v) || json_array_size(v) > PROTO_MAX_FILTER) {
		req->error = xasprintf("subscribe: '%s' must be an array of at "
		    "most %d strings", key, PROTO_MAX_FILTER);
		return (-1);
	}
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			req->error = xasprintf("subscribe: '%s' must hold "
			    "strings", key);
			return (-1);
		}
		strv_push(sv, json_string_value(e));
	}
	return (0);
}

/* A bit set from an array of names of a table; -1 with req->error. */
static int
proto_sub_bits(struct proto_req *req, const char *key, json_t *v,
    const char *const *names, size_t n, int *bits)
{
	struct strv	 sv = { 0 };
	size_t		 i, j;
	int		 rc = 0;

	if (proto_sub_strv(req, key, v, &sv) != 0) {
		strv_free(&sv);		/* the strings before the bad one */
		return (-1);
	}
	for (i = 0; i < sv.n && rc == 0; i++) {
		for (j = 0; j < n && strcasecmp(sv.v[i], names[j]) != 0; j++)
			;
		if (j == n) {
			req->error = xasprintf("subscribe: unknown %s '%s'",
			    key, sv.v[i]);
			rc = -1;
		} else
			*bits |= 1 << j;
	}
	strv_free(&sv);
	return (rc);
}

/* One field of a subscribe request into sub; -1 with req->error. */
static int
proto_sub_field(struct proto_req *req, struct proto_sub *sub, const char *key,
    json_t *v)
{
	struct proto_filter	*f = &sub->filter;
	size_t			 i;

	for (i = 0; i < sizeof proto_list_fields / sizeof proto_list_fields[0];
	    i++) {
		if (strcmp(key, proto_list_fields[i].name) == 0)
			return (proto_sub_strv(req, key, v, (struct strv *)(void *)
			    ((char *)f + proto_list_fields[i].offset)));
	}
	if (strcmp(key, "kinds") == 0)
		return (proto_sub_bits(req, key, v, alert_kind_names,
		    ALERT_KINDS, &f->kinds));
	if (strcmp(key, "severities") == 0)
		return (proto_sub_bits(req, key, v, alert_severity_names,
		    SEVERITY_COUNT, &f->severities));
	if (strcmp(key, "min_score") == 0) {
		if (!json_is_number(v) || json_number_value(v) < 0 ||
		    json_number_value(v) > 1) {
			req->error = xstrdup("subscribe: 'min_score' must be a "
			    "number in [0, 1]");
			return (-1);
		}
		f->min_score = json_number_value(v);
		return (0);
	}
	if (strcmp(key, "suppressed") == 0) {
		if (!json_is_boolean(v)) {
			req->error = xstrdup("subscribe: 'suppressed' must be "
			    "true or false");
			return (-1);
		}
		f->suppressed = json_is_true(v);
		return (0);
	}
	if (strcmp(key, "since") == 0) {
		if (!json_is_integer(v) || json_integer_value(v) < 0) {
			req->error = xstrdup("subscribe: 'since' must be an "
			    "alert id (an integer >= 0)");
			return (-1);
		}
		sub->has_since = 1;
		sub->since = json_integer_value(v);
		return (0);
	}
	req->error = xasprintf("subscribe: unknown field '%s'", key);
	return (-1);
}

/*
 * "subscribe": filters (all given must match; within a list, any) and an
 * optional "since" to replay from the database before going live.
 */
static json_t *
proto_cmd_subscribe(struct proto_req *req)
{
	struct proto_sub	 sub;
	const char	*key;
	json_t		*value, *reply;

	memset(&sub, 0, sizeof sub);
	json_object_foreach(req->obj, key, value) {
		if (strcmp(key, "cmd") != 0 &&
		    proto_sub_field(req, &sub, key, value) != 0) {
			proto_sub_free(&sub);
			return (NULL);
		}
	}
	if (sub.has_since && (req->ops == NULL || req->ops->replay == NULL)) {
		proto_sub_free(&sub);
		req->error = xstrdup("subscribe: replay not available");
		return (NULL);
	}
	sub.given = 1;
	if (req->sub != NULL)
		*req->sub = sub;
	else
		proto_sub_free(&sub);
	reply = proto_reply_ok();
	if (reply != NULL && req->ops != NULL && req->ops->database != NULL)
		json_object_set_new(reply, "database",
		    json_string(req->ops->database));
	return (reply);
}

/* Free what a filter holds; it then takes every alert. */
void
proto_filter_free(struct proto_filter *f)
{
	strv_free(&f->entities);
	strv_free(&f->programs);
	strv_free(&f->sources);
	strv_free(&f->countries);
	strv_free(&f->rules);
	memset(f, 0, sizeof *f);
}

/* Free what a parsed subscribe holds. */
void
proto_sub_free(struct proto_sub *sub)
{
	proto_filter_free(&sub->filter);
	memset(sub, 0, sizeof *sub);
}

/*
 * Whether a list filter is empty or holds one of the alert's strings, in
 * any case (--country kg finds KG).
 */
static int
proto_filter_any(const struct strv *want, const struct strv *have)
{
	size_t	 i, j;

	if (want->n == 0)
		return (1);
	for (i = 0; i < have->n; i++) {
		for (j = 0; j < want->n; j++) {
			if (strcasecmp(want->v[j], have->v[i]) == 0)
				return (1);
		}
	}
	return (0);
}

/* Whether an alert passes a subscriber's filter. */
int
proto_filter_match(const struct proto_filter *f, const struct alert *a)
{
	struct strv	 one;
	char		*v[1];

	if (a->state == STATE_SUPPRESSED && !f->suppressed)
		return (0);
	if (f->kinds != 0 && !(f->kinds & (1 << a->kind)))
		return (0);
	if (a->score < f->min_score)
		return (0);
	if (f->severities != 0 && !(f->severities & (1 << a->severity)))
		return (0);
	one.v = v;
	one.n = one.cap = 1;
	v[0] = a->party_id;
	if (f->entities.n > 0 && !proto_filter_any(&f->entities, &one))
		return (0);
	if (f->rules.n > 0 && (a->kind != PARTY_RULE ||
	    !proto_filter_any(&f->rules, &one)))
		return (0);
	v[0] = a->source_id;
	if (f->sources.n > 0 && !proto_filter_any(&f->sources, &one))
		return (0);
	if (!proto_filter_any(&f->programs, &a->programs))
		return (0);
	v[0] = a->party_id;
	if (f->countries.n > 0 && !proto_filter_any(&f->countries,
	    &a->countries) && !(a->kind == PARTY_COUNTRY &&
	    proto_filter_any(&f->countries, &one)))
		return (0);
	return (1);
}

/* "sources": the daemon's per-source state, as {"ok":true,"sources":[...]}. */
static json_t *
proto_cmd_sources(struct proto_req *req)
{
	json_t	*reply, *list;

	if (proto_req_no_fields(req) != 0)
		return (NULL);
	if (req->ops == NULL || req->ops->sources == NULL ||
	    (list = req->ops->sources(req->ops->arg)) == NULL) {
		req->error = xstrdup("sources: not available");
		return (NULL);
	}
	if (!json_is_array(list)) {
		log_warnx("sources request: the sources' state is not a "
		    "JSON array");
		json_decref(list);
		req->error = xstrdup("sources: not available");
		return (NULL);
	}
	reply = proto_reply_ok();
	json_object_set_new(reply, "sources", list);
	return (reply);
}

/*
 * "reload": only for a peer running as root or as the daemon's user
 * (SO_PEERCRED).  A valid request sets req->sub->reload: the caller starts
 * the reload, whose outcome is the reply.
 */
static json_t *
proto_cmd_reload(struct proto_req *req)
{
	if (proto_req_no_fields(req) != 0)
		return (NULL);
	if (!req->trusted) {
		req->error = xstrdup("reload: permission denied: only root or "
		    "the daemon's user may reload (sudo sanctwatch reload, or "
		    "systemctl reload sanctwatchd)");
		return (NULL);
	}
	if (req->ops == NULL || req->ops->reload == NULL || req->sub == NULL) {
		req->error = xstrdup("reload: not available");
		return (NULL);
	}
	req->sub->reload = 1;
	return (proto_reply_ok());
}

/* The ids of a review: a non-empty array of alert ids. */
static int
proto_review_ids(struct proto_req *req, json_t *v, struct proto_review *rv)
{
	json_t	*e;
	size_t	 i;

	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > PROTO_MAX_REVIEW) {
		req->error = xasprintf("review: 'ids' must be an array of 1 to "
		    "%d alert ids", PROTO_MAX_REVIEW);
		return (-1);
	}
	rv->ids = xreallocarray(NULL, json_array_size(v), sizeof *rv->ids);
	json_array_foreach(v, i, e) {
		if (!json_is_integer(e) || json_integer_value(e) <= 0) {
			req->error = xstrdup("review: 'ids' must hold alert ids "
			    "(integers > 0)");
			return (-1);
		}
		rv->ids[rv->nids++] = json_integer_value(e);
	}
	return (0);
}

/* A string field of a review mapped through a parse function. */
static int
proto_review_word(struct proto_req *req, const char *key, json_t *v,
    int (*parse)(const char *), const char *what)
{
	int	 n;

	if ((n = parse(json_string_value(v))) == -1) {
		req->error = xasprintf("review: '%s' must be %s", key, what);
		return (-1);
	}
	return (n);
}

/* The note of a review: a string of bounded length. */
static int
proto_review_note(struct proto_req *req, json_t *v, struct proto_review *rv)
{
	if (!json_is_string(v) || json_string_length(v) > PROTO_MAX_NOTE ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		req->error = xasprintf("review: 'note' must be a string of at "
		    "most %d bytes", PROTO_MAX_NOTE);
		return (-1);
	}
	rv->note = json_string_value(v);
	return (0);
}

/* One field of a review request into rv; -1 with req->error. */
static int
proto_review_field(struct proto_req *req, const char *key, json_t *v,
    struct proto_review *rv, int *has_action)
{
	char	*cause = NULL;
	int	 n;

	if (strcmp(key, "ids") == 0)
		return (proto_review_ids(req, v, rv));
	if (strcmp(key, "action") == 0) {
		if ((n = proto_review_word(req, key, v, review_action_parse,
		    "confirm, false-positive or dismiss")) == -1)
			return (-1);
		rv->action = (enum review_action)n;
		*has_action = 1;
		return (0);
	}
	if (strcmp(key, "scope") == 0) {
		if ((n = proto_review_word(req, key, v, review_scope_parse,
		    "alert, text, source or entity")) == -1)
			return (-1);
		rv->scope = (enum review_scope)n;
		return (0);
	}
	if (strcmp(key, "until") == 0) {
		if (!json_is_string(v)) {
			req->error = xstrdup("review: 'until' must be a string");
			return (-1);
		}
		if (review_until_parse(json_string_value(v), time(NULL),
		    &rv->until, &cause) != 0) {
			req->error = xasprintf("review: %s", cause);
			free(cause);
			return (-1);
		}
		return (0);
	}
	if (strcmp(key, "note") == 0)
		return (proto_review_note(req, v, rv));
	req->error = xasprintf("review: unknown field '%s'", key);
	return (-1);
}

/* Whether a review's scope and until fit its action; -1 with req->error. */
static int
proto_review_check(struct proto_req *req, const struct proto_review *rv,
    int has_action)
{
	if (!has_action) {
		req->error = xstrdup("review: missing 'action' (confirm, "
		    "false-positive or dismiss)");
		return (-1);
	}
	if (rv->nids == 0) {
		req->error = xstrdup("review: missing 'ids'");
		return (-1);
	}
	if (rv->scope != SCOPE_ALERT && rv->action != REVIEW_FALSE_POSITIVE) {
		req->error = xasprintf("review: scope '%s' applies only to "
		    "false-positive; %s is for the alert alone",
		    review_scope_names[rv->scope],
		    review_action_names[rv->action]);
		return (-1);
	}
	if (rv->until != 0 && rv->scope == SCOPE_ALERT) {
		req->error = xstrdup("review: 'until' applies only to a "
		    "false-positive with a scope of text, source or entity");
		return (-1);
	}
	return (0);
}

/*
 * "review": a decision on alerts, recorded by the daemon with the peer's
 * user (proto_ops.review); nothing is recorded unless all of it is valid.
 */
static json_t *
proto_cmd_review(struct proto_req *req)
{
	struct proto_review	 rv;
	const char		*key;
	json_t			*value, *reply = NULL, *fields;
	int			 has_action = 0;

	memset(&rv, 0, sizeof rv);
	json_object_foreach(req->obj, key, value) {
		if (strcmp(key, "cmd") != 0 && proto_review_field(req, key,
		    value, &rv, &has_action) != 0)
			goto out;
	}
	if (proto_review_check(req, &rv, has_action) != 0)
		goto out;
	if (req->ops == NULL || req->ops->review == NULL) {
		req->error = xstrdup("review: not available");
		goto out;
	}
	if ((fields = req->ops->review(req->ops->arg, &rv, req->peer,
	    &req->error)) == NULL)
		goto out;
	reply = proto_reply_ok();
	json_object_update_missing(reply, fields);
	json_decref(fields);
out:
	free(rv.ids);
	return (reply);
}

/* "show": one alert with its decisions. */
static json_t *
proto_cmd_show(struct proto_req *req)
{
	const char	*key;
	json_t		*value, *id = NULL, *reply, *fields;

	json_object_foreach(req->obj, key, value) {
		if (strcmp(key, "id") == 0)
			id = value;
		else if (strcmp(key, "cmd") != 0) {
			req->error = xasprintf("show: unknown field '%s'", key);
			return (NULL);
		}
	}
	if (!json_is_integer(id) || json_integer_value(id) <= 0) {
		req->error = xstrdup("show: 'id' must be an alert id (an "
		    "integer > 0)");
		return (NULL);
	}
	if (req->ops == NULL || req->ops->show == NULL) {
		req->error = xstrdup("show: not available");
		return (NULL);
	}
	if ((fields = req->ops->show(req->ops->arg, json_integer_value(id),
	    &req->error)) == NULL)
		return (NULL);
	reply = proto_reply_ok();
	json_object_update_missing(reply, fields);
	json_decref(fields);
	return (reply);
}

/* Find the request's command, or say why there is none. */
static const struct proto_cmd *
proto_cmd_find(struct proto_req *req)
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
	for (i = 0; i < sizeof proto_cmds / sizeof proto_cmds[0]; i++) {
		if (strcmp(req->cmd, proto_cmds[i].name) == 0)
			return (&proto_cmds[i]);
	}
	req->error = xasprintf("unknown command '%s'", req->cmd);
	return (NULL);
}

/* Whether a line holds only white space. */
static int
proto_blank(const char *line, size_t len)
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
 * malloc, or NULL for a blank line, which needs no answer, and for a valid
 * reload (sub->reload), whose reply is its outcome.
 */
char *
proto_request(const char *line, size_t len, const struct proto_ops *ops,
    int trusted, struct proto_sub *sub)
{
	struct proto_peer	 peer = { .trusted = trusted };

	return (proto_request_peer(line, len, ops, &peer, sub));
}

/* proto_request() for a peer whose credentials are known. */
char *
proto_request_peer(const char *line, size_t len, const struct proto_ops *ops,
    const struct proto_peer *peer, struct proto_sub *sub)
{
	struct proto_req		 req = { .ops = ops,
				     .trusted = peer->trusted, .peer = peer,
				     .sub = sub };
	const struct proto_cmd	*cmd;
	json_error_t		 jerr;
	json_t			*reply = NULL;
	char			*out;

	if (len > PROTO_MAX_LINE)
		return (proto_error_line("request line too long"));
	if (proto_blank(line, len))
		return (NULL);
	req.obj = json_loadb(line, len, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &jerr);
	if (req.obj == NULL) {
		req.error = xasprintf("invalid JSON: %s (at byte %d)",
		    jerr.text, jerr.position);
	} else if (!json_is_object(req.obj))
		req.error = xstrdup("a request must be a JSON object");
	else if ((cmd = proto_cmd_find(&req)) != NULL)
		reply = cmd->exec(&req);
	if (reply != NULL)
		out = proto_dump(reply);
	else
		out = proto_error_line(req.error != NULL ? req.error : "failed");
	json_decref(reply);
	json_decref(req.obj);
	free(req.error);
	if (sub != NULL && sub->reload) {
		free(out);
		out = NULL;
	}
	return (out);
}

/* Queue a line and its LF for a client, or lose the client past the cap. */
