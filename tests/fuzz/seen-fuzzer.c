/*
 * An entry of the cluster's <name>_SEEN bucket as a node taking a source
 * over reads it (cluster-seen.c): anyone who can write to the server may
 * have put anything there.  The input is the key after "<source>." (the
 * first line) and the value (the rest).  An entry that parses must be one
 * of the three kinds with what that kind needs, and must come back the
 * same through the value this node would write for it and its key must
 * name the same kind.  Anything else aborts.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"
#include "fuzz.h"

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cluster_doc	 d, e;
	const char		*nl;
	char			*rest, *value, *v, *key;
	size_t			 rlen;

	if (size > FUZZ_MAX_INPUT)
		return (0);
	nl = memchr(data, '\n', size);
	rlen = nl != NULL ? (size_t)(nl - (const char *)data) : size;
	rest = xstrndup((const char *)data, rlen);
	value = nl != NULL ? xstrndup(nl + 1, size - rlen - 1) : xstrdup("");
	if (cluster_seen_parse("a.b", rest, value, &d) == 0) {
		if (d.kind == SHARE_VALIDATORS) {
			if (d.etag == NULL && d.last_modified == NULL)
				abort();
		} else if (d.kind == SHARE_DOC || d.kind == SHARE_ITEM) {
			if (strlen(d.sha256) != 64 ||
			    (d.kind == SHARE_DOC && d.url == NULL) ||
			    (d.kind == SHARE_ITEM && d.item_id == NULL))
				abort();
		} else
			abort();
		key = cluster_seen_key(&d);
		if (strncmp(key, "a=b.", 4) != 0 ||
		    key[4] != "dirv"[d.kind == SHARE_DOC ? 0 :
		    d.kind == SHARE_ITEM ? 1 : 3])
			abort();
		if ((v = cluster_seen_value(&d)) == NULL)
			abort();
		if (cluster_seen_parse("a.b", d.kind == SHARE_VALIDATORS ? "v" :
		    d.kind == SHARE_ITEM ? "i.x" : "d.x", v, &e) != 0 ||
		    e.kind != d.kind || !same(e.url, d.url) ||
		    !same(e.item_id, d.item_id) || !same(e.etag, d.etag) ||
		    !same(e.last_modified, d.last_modified) ||
		    strcmp(e.sha256, d.sha256) != 0)
			abort();
		free(v);
		free(key);
		cluster_seen_clear(&e);
		cluster_seen_clear(&d);
	}
	free(rest);
	free(value);
	return (0);
}
