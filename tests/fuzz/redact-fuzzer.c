/*
 * Fuzz the redaction of credentials in URLs (redact.c), which every log
 * line goes through: any bytes must give NULL (nothing to redact: no URL
 * authority nor query parameter in the text) or a NUL-terminated string
 * that holds "***", never crash, loop or leak.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in, *out;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	in = strndup((const char *)data, size);
	if (in == NULL)
		return (0);
	if ((out = redact_secrets(in)) != NULL) {
		if (strstr(out, "***") == NULL)
			abort();
		if (strstr(in, "://") == NULL && strchr(in, '?') == NULL &&
		    strchr(in, '&') == NULL)
			abort();
		free(out);
	}
	free(in);
	return (0);
}
