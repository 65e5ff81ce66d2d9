/*
 * The source settings the poller keeps: its own deep copy of each source's
 * config (so the caller's config may be freed once poller_new or
 * poller_update returned), and the comparison poller_update uses to keep an
 * unchanged source's schedule across a reload.
 */
#include <stdlib.h>
#include <string.h>

#include "sanctwatchd/sanctwatchd.h"

/* A string copy that keeps NULL. */
static char *
poller_cfg_strdup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Whether two strings, either maybe NULL, are equal. */
static int
poller_cfg_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Deep-copy a source's config. */
void
poller_cfg_copy(struct source_cfg *dst, const struct source_cfg *src)
{
	size_t	 i;

	*dst = *src;
	dst->id = xstrdup(src->id);
	dst->url = xstrdup(src->url);
	dst->proxy = poller_cfg_strdup(src->proxy);
	dst->charset = poller_cfg_strdup(src->charset);
	dst->json.items = poller_cfg_strdup(src->json.items);
	dst->json.id = poller_cfg_strdup(src->json.id);
	dst->json.title = poller_cfg_strdup(src->json.title);
	dst->json.link = poller_cfg_strdup(src->json.link);
	dst->json.text = poller_cfg_strdup(src->json.text);
	dst->json.date = poller_cfg_strdup(src->json.date);
	dst->json.published = poller_cfg_strdup(src->json.published);
	memset(&dst->private_nets, 0, sizeof dst->private_nets);
	strv_copy(&dst->private_nets, &src->private_nets);
	dst->headers = NULL;
	if (src->nheaders > 0)
		dst->headers = xcalloc(src->nheaders, sizeof *dst->headers);
	for (i = 0; i < src->nheaders; i++) {
		dst->headers[i].name = xstrdup(src->headers[i].name);
		dst->headers[i].value = xstrdup(src->headers[i].value);
	}
}

/* Free a copy made by poller_cfg_copy. */
void
poller_cfg_clear(struct source_cfg *c)
{
	size_t	 i;

	for (i = 0; i < c->nheaders; i++) {
		free(c->headers[i].name);
		free(c->headers[i].value);
	}
	free(c->headers);
	free(c->id);
	free(c->url);
	free(c->proxy);
	free(c->charset);
	free(c->json.items);
	free(c->json.id);
	free(c->json.title);
	free(c->json.link);
	free(c->json.text);
	free(c->json.date);
	free(c->json.published);
	strv_free(&c->private_nets);
}

/* Whether two sources have the same settings (the line does not count). */
int
poller_cfg_equal(const struct source_cfg *a, const struct source_cfg *b)
{
	size_t	 i;

	if (strcmp(a->id, b->id) != 0 || strcmp(a->url, b->url) != 0 ||
	    a->format != b->format || a->interval_ms != b->interval_ms ||
	    a->nheaders != b->nheaders || a->tls_noverify != b->tls_noverify ||
	    a->allow_private != b->allow_private ||
	    !strv_equal(&a->private_nets, &b->private_nets) ||
	    a->fetch_links != b->fetch_links ||
	    !poller_cfg_streq(a->proxy, b->proxy) ||
	    !poller_cfg_streq(a->charset, b->charset) ||
	    !poller_cfg_streq(a->json.items, b->json.items) ||
	    !poller_cfg_streq(a->json.id, b->json.id) ||
	    !poller_cfg_streq(a->json.title, b->json.title) ||
	    !poller_cfg_streq(a->json.link, b->json.link) ||
	    !poller_cfg_streq(a->json.text, b->json.text) ||
	    !poller_cfg_streq(a->json.date, b->json.date) ||
	    !poller_cfg_streq(a->json.published, b->json.published))
		return (0);
	for (i = 0; i < a->nheaders; i++) {
		if (strcmp(a->headers[i].name, b->headers[i].name) != 0 ||
		    strcmp(a->headers[i].value, b->headers[i].value) != 0)
			return (0);
	}
	return (1);
}

