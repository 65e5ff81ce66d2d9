/*
 * Subscriber request lines, as hub.c answers them: any bytes of up to
 * PROTO_MAX_LINE are one line.  The reply must be NULL (a blank line) or one
 * line of JSON, an object whose "ok" is a boolean, with an "error" string
 * when "ok" is false; a review reaches the daemon's side only if it is
 * valid (ids, action, scope and until that fit).  Anything else aborts.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/protocol.h"
#include "fuzz.h"

/* A status callback like the daemon's. */
static json_t *
fuzz_status(void *arg)
{
	(void)arg;
	return (json_pack("{s:s, s:i, s:i}", "version", SANCTWATCH_VERSION,
	    "alerts", 1, "subscribers", 2));
}

/* Abort unless reply is one well-formed reply line. */
static void
fuzz_check(const char *reply)
{
	json_t	*obj, *ok;

	if (strchr(reply, '\n') != NULL)
		abort();
	if ((obj = json_loads(reply, 0, NULL)) == NULL)
		abort();
	ok = json_object_get(obj, "ok");
	if (!json_is_boolean(ok))
		abort();
	if (json_is_false(ok) &&
	    !json_is_string(json_object_get(obj, "error")))
		abort();
	json_decref(obj);
}

/* A review as the daemon would take it: the request must be valid. */
static json_t *
fuzz_review(void *arg, const struct proto_review *rv,
    const struct proto_peer *peer, char **error)
{
	size_t	 i;

	(void)arg;
	(void)error;
	if (rv->nids == 0 || rv->nids > PROTO_MAX_REVIEW || !peer->known ||
	    (rv->scope != SCOPE_ALERT && rv->action != REVIEW_FALSE_POSITIVE) ||
	    (rv->until != 0 && rv->scope == SCOPE_ALERT) ||
	    (rv->note != NULL && strlen(rv->note) > PROTO_MAX_NOTE))
		abort();
	for (i = 0; i < rv->nids; i++) {
		if (rv->ids[i] <= 0)
			abort();
	}
	return (json_pack("{s:i}", "decisions", (int)rv->nids));
}

/* An alert that is there only if its id is odd. */
static json_t *
fuzz_show(void *arg, int64_t id, char **error)
{
	(void)arg;
	if (id <= 0)
		abort();
	if (id % 2 == 0) {
		*error = xasprintf("show: no alert %lld", (long long)id);
		return (NULL);
	}
	return (json_pack("{s:{s:I}, s:[]}", "alert", "id", (json_int_t)id,
	    "decisions"));
}

/* proto_request() only marks a reload; the hub's client starts it. */
static int
fuzz_reload(void *arg, unsigned id, char **cause)
{
	(void)arg;
	(void)id;
	(void)cause;
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct proto_ops ops = { .status = fuzz_status,
	    .reload = fuzz_reload, .review = fuzz_review, .show = fuzz_show };
	static const struct proto_peer peer = { .trusted = 1, .known = 1,
	    .uid = 1000 };
	static int	 init;
	struct proto_sub	 sub;
	char		*reply;

	if (!init) {
		log_setlevel(LOG_LVL_ERROR);
		init = 1;
	}
	if (size > FUZZ_MAX_INPUT)
		return (0);
	memset(&sub, 0, sizeof sub);
	reply = proto_request_peer((const char *)data, size, &ops, &peer,
	    &sub);
	if (sub.reload && (reply != NULL || sub.given))
		abort();
	proto_sub_free(&sub);
	if (reply != NULL) {
		fuzz_check(reply);
		free(reply);
	}
	return (0);
}
