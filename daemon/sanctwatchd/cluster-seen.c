/*
 * The entries of the cluster's <name>_SEEN bucket (docs/cluster.md,
 * "Shared seen-state"): their keys and JSON values, written by this node
 * and read back from a bucket anyone with access to the server may have
 * written (tests/fuzz/seen-fuzzer.c).  No NATS here: cluster.c does the
 * talking.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sanctwatchd/sanctwatchd.h"

/* A source id as one token of a key: its dots (allowed in ids) as '='. */
char *
cluster_key_source(const char *id)
{
	char	*t, *p;

	t = xstrdup(id);
	for (p = t; *p != '\0'; p++) {
		if (*p == '.')
			*p = '=';
	}
	return (t);
}

/* The hex sha256 of a string. */
static void
cluster_sha_hex(const char *v, char hex[65])
{
	sha256_hex(v, strlen(v), hex);
}

/* The key of an entry in <name>_SEEN (docs/cluster.md). */
char *
cluster_seen_key(const struct cluster_doc *d)
{
	char	*src, *key, hex[65];

	src = cluster_key_source(d->source_id);
	if (d->kind == SHARE_VALIDATORS)
		key = xasprintf("%s.v", src);
	else {
		cluster_sha_hex(d->kind == SHARE_ITEM ? d->item_id : d->url,
		    hex);
		key = xasprintf("%s.%c.%s", src,
		    d->kind == SHARE_ITEM ? 'i' : 'd', hex);
	}
	free(src);
	return (key);
}

/* The value of an entry in <name>_SEEN. */
char *
cluster_seen_value(const struct cluster_doc *d)
{
	json_t	*j;
	char	*v;

	if (d->kind == SHARE_VALIDATORS)
		j = json_pack("{s:s?, s:s?}", "etag", d->etag,
		    "last_modified", d->last_modified);
	else if (d->kind == SHARE_ITEM)
		j = json_pack("{s:s, s:s?, s:s}", "item", d->item_id, "url",
		    d->url, "sha256", d->sha256);
	else
		j = json_pack("{s:s, s:s}", "url", d->url, "sha256",
		    d->sha256);
	v = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return (v);
}

/*
 * An entry of <name>_SEEN read back (key after "<source>.", and value) as
 * what to record for source id; 0, or -1 if it is not one of ours.
 */
int
cluster_seen_parse(const char *id, const char *rest, const char *value,
    struct cluster_doc *d)
{
	json_t		*j;
	const char	*url, *sha, *item, *etag, *lm;
	int		 rc = -1;

	memset(d, 0, sizeof *d);
	if ((j = json_loads(value, 0, NULL)) == NULL)
		return (-1);
	url = json_string_value(json_object_get(j, "url"));
	sha = json_string_value(json_object_get(j, "sha256"));
	item = json_string_value(json_object_get(j, "item"));
	etag = json_string_value(json_object_get(j, "etag"));
	lm = json_string_value(json_object_get(j, "last_modified"));
	if (strcmp(rest, "v") == 0 && (etag != NULL || lm != NULL)) {
		d->kind = SHARE_VALIDATORS;
		d->etag = etag != NULL ? xstrdup(etag) : NULL;
		d->last_modified = lm != NULL ? xstrdup(lm) : NULL;
		rc = 0;
	} else if (sha != NULL && strlen(sha) == 64 && ((strncmp(rest, "d.",
	    2) == 0 && url != NULL) || (strncmp(rest, "i.", 2) == 0 &&
	    item != NULL))) {
		d->kind = rest[0] == 'i' ? SHARE_ITEM : SHARE_DOC;
		d->url = url != NULL ? xstrdup(url) : NULL;
		d->item_id = item != NULL && d->kind == SHARE_ITEM ?
		    xstrdup(item) : NULL;
		memcpy(d->sha256, sha, sizeof d->sha256);
		rc = 0;
	}
	if (rc == 0)
		d->source_id = xstrdup(id);
	json_decref(j);
	return (rc);
}

/* Free what an entry holds. */
void
cluster_seen_clear(struct cluster_doc *d)
{
	free(d->source_id);
	free(d->url);
	free(d->item_id);
	free(d->etag);
	free(d->last_modified);
	memset(d, 0, sizeof *d);
}

/* Free an array of entries. */
void
cluster_seen_free(struct cluster_doc *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		cluster_seen_clear(&v[i]);
	free(v);
}
