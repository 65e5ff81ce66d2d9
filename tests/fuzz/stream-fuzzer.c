/*
 * A message of the cluster's alert stream as sanctwatch tail --nats and
 * collect read it (cmd-tail-nats.c): anything may arrive on our subjects.
 * The input is a filter (the first line: a subscribe request's fields) and
 * a message body (the rest); a body that is no JSON object is skipped as
 * the client skips it, and the filter must answer 0 or 1 for any object,
 * whatever its fields hold, and so must the check that it is an alert
 * record.  The first line is also read as tail --since's time or
 * duration: a time it accepts is after the epoch.  Anything else aborts.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client/client.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*nl;
	json_t		*filter, *a;
	char		*since;
	int64_t		 ns;
	size_t		 flen;
	int		 m;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	nl = memchr(data, '\n', size);
	flen = nl != NULL ? (size_t)(nl - (const char *)data) : 0;
	since = xstrndup((const char *)data, flen);
	if (tail_nats_time(since, &ns) == 0 && ns <= 0)
		abort();
	free(since);
	filter = json_loadb((const char *)data, flen, 0, NULL);
	if (!json_is_object(filter)) {
		json_decref(filter);
		filter = json_object();
	}
	if (nl != NULL) {
		data += flen + 1;
		size -= flen + 1;
	}
	a = json_loadb((const char *)data, size, 0, NULL);
	if (json_is_object(a)) {
		m = tail_nats_match(filter, a);
		if (m != 0 && m != 1)
			abort();
		m = tail_nats_alert(a);
		if (m != 0 && m != 1)
			abort();
	}
	json_decref(a);
	json_decref(filter);
	return (0);
}
