/*
 * template: a delivery target's text with {{field}} replaced by the field
 * of the alert record (docs/delivery.md).  A field is a dotted path into
 * the record's JSON: {{id}}, {{entity.name}}, {{document.url}},
 * {{match.score}}; a list gives its items joined by ", ", a missing field
 * or null nothing.  Text outside {{...}} is copied as it is, and a "{{"
 * without its "}}" too.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"

#define TEMPLATE_MAX_PATH	128

/* The value at a dotted path, or NULL. */
static json_t *
template_lookup(json_t *root, const char *path, size_t len)
{
	char		 key[TEMPLATE_MAX_PATH];
	const char	*p = path, *end = path + len, *dot;
	json_t		*v = root;

	while (v != NULL && p < end) {
		dot = memchr(p, '.', (size_t)(end - p));
		if (dot == NULL)
			dot = end;
		if ((size_t)(dot - p) >= sizeof key)
			return (NULL);
		memcpy(key, p, (size_t)(dot - p));
		key[dot - p] = '\0';
		v = json_is_object(v) ? json_object_get(v, key) : NULL;
		p = dot + 1;
	}
	return (v);
}

/* Append a scalar's text. */
static void
template_scalar(struct extract_buf *b, json_t *v)
{
	char	 num[64];

	if (json_is_string(v))
		extract_buf_add(b, json_string_value(v),
		    json_string_length(v));
	else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld",
		    (long long)json_integer_value(v));
		extract_buf_add(b, num, strlen(num));
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%.4g", json_real_value(v));
		extract_buf_add(b, num, strlen(num));
	} else if (json_is_true(v))
		extract_buf_add(b, "true", 4);
	else if (json_is_false(v))
		extract_buf_add(b, "false", 5);
}

/* Append a value: a scalar, or a list's scalars joined by ", ". */
static void
template_value(struct extract_buf *b, json_t *v)
{
	json_t	*e;
	size_t	 i;

	if (!json_is_array(v)) {
		template_scalar(b, v);
		return;
	}
	json_array_foreach(v, i, e) {
		if (i > 0)
			extract_buf_add(b, ", ", 2);
		template_scalar(b, e);
	}
}

/*
 * One field of an alert record (JSON) as text, from malloc; NULL if the
 * record has no such field or it is null.
 */
char *
template_field(const char *record, const char *path)
{
	struct extract_buf	 b = { 0 };
	json_t			*root, *v;

	root = json_loads(record, 0, NULL);
	v = template_lookup(root, path, strlen(path));
	if (v != NULL && !json_is_null(v)) {
		extract_buf_add(&b, "", 0);
		template_value(&b, v);
	}
	json_decref(root);
	return (b.s);
}

/* The text of a template over an alert record (JSON), from malloc. */
char *
template_render(const char *tpl, const char *record)
{
	struct extract_buf	 b = { 0 };
	const char		*p = tpl, *open, *close, *name;
	json_t			*root;
	size_t			 len;

	root = json_loads(record, 0, NULL);
	extract_buf_add(&b, "", 0);
	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open + 2, "}}")) != NULL) {
		extract_buf_add(&b, p, (size_t)(open - p));
		name = open + 2;
		len = (size_t)(close - name);
		while (len > 0 && *name == ' ') {
			name++;
			len--;
		}
		while (len > 0 && name[len - 1] == ' ')
			len--;
		template_value(&b, template_lookup(root, name, len));
		p = close + 2;
	}
	extract_buf_add(&b, p, strlen(p));
	json_decref(root);
	return (b.s);
}
