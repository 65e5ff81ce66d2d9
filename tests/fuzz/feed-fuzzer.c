/*
 * Fuzz the feed parsers and charset conversion: any bytes, read as an
 * auto-sniffed, RSS, Atom and JSON feed (with and without JSON paths), must
 * give items with unique ids whose documents are valid UTF-8, and converted
 * text must be NUL-terminated at its length; never crash, loop or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"

/* Check a feed's items: unique ids, documents of valid UTF-8. */
static void
check_feed(const struct feed *f)
{
	struct document	*d;
	size_t		 i, k;

	for (i = 0; i < f->n; i++) {
		if (f->items[i].id == NULL)
			abort();
		for (k = 0; k < i; k++) {
			if (strcmp(f->items[k].id, f->items[i].id) == 0)
				abort();
		}
		d = feed_document("fuzz", "http://fuzz/", &f->items[i]);
		if (strlen(d->text) != d->len ||
		    !extract_utf8_valid(d->text, d->len))
			abort();
		document_free(d);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum source_format formats[] = { FORMAT_AUTO, FORMAT_RSS,
	    FORMAT_ATOM, FORMAT_JSON };
	struct json_paths	 jp;
	struct feed		*f;
	char			*s, *u;
	size_t			 i, n;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	memset(&jp, 0, sizeof jp);
	jp.items = (char *)(uintptr_t)"items";
	jp.id = (char *)(uintptr_t)"id";
	jp.text = (char *)(uintptr_t)"a.0.b";
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if ((f = feed_parse(s, size, formats[i], NULL)) != NULL) {
			check_feed(f);
			feed_free(f);
		}
	}
	if ((f = feed_parse(s, size, FORMAT_JSON, &jp)) != NULL) {
		check_feed(f);
		feed_free(f);
	}
	if ((u = charset_utf8(s, size, "text/html; charset=koi8-r", NULL,
	    &n)) != NULL) {
		if (u[n] != '\0')
			abort();
		free(u);
	}
	if ((u = charset_utf8(s, size, NULL, NULL, &n)) != NULL) {
		if (u[n] != '\0')
			abort();
		free(u);
	}
	free(s);
	return (0);
}
