/*
 * libFuzzer harness for the importers, through their interface (import.h):
 * the first byte picks the format (a row of import_formats[]), the rest is
 * the file.  Any input must be imported or refused without a crash, a leak
 * or undefined behaviour, and whatever an importer writes must load back
 * as a watchlist without a single error: the YAML writer's escaping and
 * the importers' cleaning are what this checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "import/import.h"

/* Import one input; abort if the output is not a valid watchlist. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_input	 in;
	struct diag		 d = { 0 };
	struct watchlist	*w;
	FILE			*out, *err;
	char			*obuf = NULL, *ebuf = NULL;
	size_t			 olen = 0, elen = 0;
	const char		*format;
	int			 rc;

	if (size < 1 || size > FUZZ_MAX_INPUT)
		return (0);
	format = import_formats[data[0] % import_nformats].name;
	in.name = "fuzz";
	in.len = size - 1;
	in.data = xmalloc(in.len + 1);
	memcpy(in.data, data + 1, in.len);
	in.data[in.len] = '\0';
	out = open_memstream(&obuf, &olen);
	err = open_memstream(&ebuf, &elen);
	rc = import_mem(format, &in, 1, NULL, out, err);
	fclose(out);
	fclose(err);
	if (rc == 0) {
		w = watchlist_load_mem("fuzz.yaml", obuf, olen, &d);
		if (w == NULL) {
			diag_print(&d, stderr);
			abort();
		}
		watchlist_free(w);
	}
	diag_free(&d);
	free(obuf);
	free(ebuf);
	free(in.data);
	return (0);
}
