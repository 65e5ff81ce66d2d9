/*
 * Subscriber request lines, as hub.c answers them: any bytes of up to
 * PROTO_MAX_LINE are one line.  The reply must be NULL (a blank line) or one
 * line of JSON, an object whose "ok" is a boolean, with an "error" string
 * when "ok" is false.  Anything else aborts.
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
	    .reload = fuzz_reload };
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
	reply = proto_request((const char *)data, size, &ops, 1, &sub);
	if (sub.reload && (reply != NULL || sub.given))
		abort();
	proto_sub_free(&sub);
	if (reply != NULL) {
		fuzz_check(reply);
		free(reply);
	}
	return (0);
}
