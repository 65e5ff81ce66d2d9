/*
 * A growable vector of owned strings: aliases, programs, file lists.  The
 * zero value is an empty vector; strv_free() leaves it empty again.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Append a string the vector takes ownership of. */
void
strv_push_owned(struct strv *sv, char *s)
{
	if (sv->n == sv->cap) {
		if (sv->cap > UINT32_MAX / 2)
			fatalx("strv: too many strings");
		sv->cap = sv->cap == 0 ? 4 : sv->cap * 2;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
}

/* Append a copy of a string. */
void
strv_push(struct strv *sv, const char *s)
{
	strv_push_owned(sv, xstrdup(s));
}

/* Whether the vector holds a string equal to s. */
int
strv_contains(const struct strv *sv, const char *s)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++) {
		if (strcmp(sv->v[i], s) == 0)
			return (1);
	}
	return (0);
}

/* Whether two vectors hold the same strings in the same order. */
int
strv_equal(const struct strv *a, const struct strv *b)
{
	size_t	 i;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->v[i], b->v[i]) != 0)
			return (0);
	}
	return (1);
}

/* Append copies of every string of src to dst. */
void
strv_copy(struct strv *dst, const struct strv *src)
{
	size_t	 i;

	for (i = 0; i < src->n; i++)
		strv_push(dst, src->v[i]);
}

/* Free every string and the vector's array. */
void
strv_free(struct strv *sv)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}
