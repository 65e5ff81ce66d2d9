/*
 * Fuzz extraction: any bytes, read as HTML and as plain text, must give
 * valid UTF-8 text whose length is what the document says, and never crash,
 * loop or leak.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sanctwatch.h"

/* Whether s[0..len) is valid UTF-8 with no NUL byte. */
static int
valid_utf8(const unsigned char *s, size_t len)
{
	size_t	 i = 0, n, k;

	while (i < len) {
		if (s[i] == 0)
			return (0);
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : 2;
		if (s[i] < 0xc2 || s[i] > 0xf4 || i + n > len)
			return (0);
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (0);
		}
		i += n;
	}
	return (1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum source_format formats[] = { FORMAT_HTML, FORMAT_TEXT,
	    FORMAT_AUTO };
	struct document	*d;
	size_t		 i;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		d = extract_document("fuzz", "fuzz://", formats[i], NULL,
		    (const char *)data, size);
		if (strlen(d->text) != d->len ||
		    !valid_utf8((const unsigned char *)d->text, d->len) ||
		    (d->title != NULL && !valid_utf8((const unsigned char *)
		    d->title, strlen(d->title))))
			abort();
		document_free(d);
	}
	return (0);
}
