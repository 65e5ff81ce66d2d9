/*
 * Decisions' parsers of outside input: the first line is a --until (a date,
 * a time or a duration), the rest a matched text made into a match key.
 * An accepted until lies after now and within a hundred years; an accepted
 * duration is positive; a match key has no upper-case ASCII, no space at
 * either end or twice in a row, and is its own key.  Anything else aborts.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const time_t	 now = 1798675200;	/* fixed: runs repeat */
	const char	*nl;
	char		*in, *key, *again, *cause = NULL;
	time_t		 until, t;
	int64_t		 secs;
	size_t		 i, len;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	in = xmalloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	if ((nl = strchr(in, '\n')) != NULL)
		in[nl - in] = '\0';
	if (review_until_parse(in, now, &until, &cause) == 0) {
		if (until <= now || until - now > 100LL * 366 * 86400)
			abort();
	} else if (cause == NULL)
		abort();
	free(cause);
	if (review_duration_parse(in, &secs) == 0 && secs <= 0)
		abort();
	(void)review_time_parse(in, &t);
	key = review_match_key(nl != NULL ? in + (nl - in) + 1 : in);
	len = strlen(key);
	if (len > 0 && (key[0] == ' ' || key[len - 1] == ' '))
		abort();
	for (i = 0; i < len; i++) {
		if ((key[i] >= 'A' && key[i] <= 'Z') ||
		    (key[i] == ' ' && key[i + 1] == ' '))
			abort();
	}
	again = review_match_key(key);
	if (strcmp(again, key) != 0)
		abort();
	free(again);
	free(key);
	free(in);
	return (0);
}
