/*
 * libFuzzer harness for config_load_mem: any input must either load or be
 * refused with located errors, without a crash, a leak or undefined
 * behaviour.  A config that loads is printed, and the printed text must load
 * back and print the same (the -n -v round trip).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

/* config_print into a string. */
static char *
fuzz_print(const struct config *cfg, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	config_print(cfg, f);
	fclose(f);
	return (buf);
}

/* Load one input; check the print round trip of what loads. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 d = { 0 };
	struct config	*cfg, *again;
	char		*text, *text2;
	size_t		 len, len2;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	cfg = config_load_mem("/etc/sanctwatch/fuzz.yaml", data, size, &d);
	if (cfg != NULL) {
		text = fuzz_print(cfg, &len);
		again = config_load_mem("/etc/sanctwatch/fuzz.yaml", text, len,
		    &d);
		if (again == NULL) {
			diag_print(&d, stderr);
			abort();
		}
		text2 = fuzz_print(again, &len2);
		if (len != len2 || memcmp(text, text2, len) != 0)
			abort();
		free(text);
		free(text2);
		config_free(again);
	}
	config_free(cfg);
	diag_free(&d);
	return (0);
}
