/*
 * Fuzz extraction: any bytes, read as HTML and as plain text, must give
 * valid UTF-8 text whose length is what the document says, and never crash,
 * loop or leak; read as plain text, the text is exactly what the
 * byte-at-a-time repair of tests/utf8-ref.h makes of them; and
 * extract_document_take, which keeps a valid body as it is, makes the same
 * document as extract_document; and the input repaired read by read as it
 * comes (extract_utf8_take, in reads of 1 to 13 bytes as its own bytes
 * say) is that same text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/core.h"
#include "../utf8-ref.h"

/* data repaired by extract_utf8_take in reads of 1 to 13 bytes. */
static char *
take_reads(const uint8_t *data, size_t size, size_t *lenp)
{
	char	*buf;
	size_t	 cap = size + 1, len = 0, from = 0, got = 0, r;

	buf = xmalloc(cap + 1);
	while (got < size) {
		r = 1 + data[got] % 13;
		if (r > size - got)
			r = size - got;
		memcpy(buf + len, data + got, r);
		got += r;
		len += r;
		if (len > cap)		/* the room it keeps is never gone */
			abort();
		from = extract_utf8_take(&buf, &cap, &len, from, 0);
		if (from > len || len - from > 3)
			abort();
	}
	if (extract_utf8_take(&buf, &cap, &len, from, 1) != len)
		abort();
	buf[len] = '\0';
	*lenp = len;
	return (buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum source_format formats[] = { FORMAT_HTML, FORMAT_TEXT,
	    FORMAT_AUTO };
	struct document	*d, *t, *e;
	char		*ref, *body;
	size_t		 i, reflen;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		d = extract_document("fuzz", "fuzz://", formats[i], NULL,
		    (const char *)data, size);
		if (strlen(d->text) != d->len ||
		    !extract_utf8_valid(d->text, d->len) ||
		    (d->title != NULL && !extract_utf8_valid(d->title,
		    strlen(d->title))))
			abort();
		document_free(d);
	}
	d = extract_document("fuzz", "fuzz://", FORMAT_TEXT, NULL,
	    (const char *)data, size);
	ref = utf8_ref_repair(data, size, &reflen);
	if (d->len != reflen || memcmp(d->text, ref, reflen) != 0)
		abort();
	body = take_reads(data, size, &i);
	if (i != reflen || memcmp(body, ref, reflen) != 0)
		abort();
	free(body);
	free(ref);
	body = xmalloc(size + 1);
	memcpy(body, data, size);
	body[size] = '\0';
	t = extract_document_take("fuzz", "fuzz://", FORMAT_AUTO, NULL, body,
	    size, 0);
	e = extract_document("fuzz", "fuzz://", FORMAT_AUTO, NULL,
	    (const char *)data, size);
	if (t->len != e->len || memcmp(t->text, e->text, e->len) != 0 ||
	    strcmp(t->sha256, e->sha256) != 0)
		abort();
	document_free(t);
	document_free(e);
	document_free(d);
	return (0);
}
