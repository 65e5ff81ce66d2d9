/*
 * Allocation wrappers that never return NULL: running out of memory for an
 * internal size is fatal.  Sizes that come from outside (bodies, lines, YAML
 * scalars) are bounded by their callers before they get here.
 */
#include <sys/mman.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* Linux 6.1's, which glibc 2.36 (Debian 12) does not name yet. */
#if defined(__linux__) && !defined(MADV_COLLAPSE)
#define MADV_COLLAPSE	25
#endif

/*
 * n bytes, not cleared, never NULL, in huge pages where the kernel has them
 * for the asking (MADV_HUGEPAGE) when n is at least one: filling them takes
 * a page fault per 2 MB, not per 4 KB, and reading them at random misses
 * the TLB less (a text to scan, a watchlist's bytes, the matcher's key
 * bitset).  Freed with free().
 */
void *
xhugealloc(size_t n)
{
#ifdef MADV_HUGEPAGE
	void	*p;

	if (n >= XHUGE_PAGE && posix_memalign(&p, XHUGE_PAGE, n) == 0) {
		(void)madvise(p, n, MADV_HUGEPAGE);
		return (p);
	}
#endif
	return (xmalloc(n));
}

/*
 * Put what is already in n bytes at p into huge pages now (MADV_COLLAPSE,
 * Linux 6.1; where the kernel has none to give, nothing changes): arrays
 * grown in small pages while a list is read and then read at random by
 * every scan (the matcher's patterns, a watchlist's entities).
 */
void
xcollapse(void *p, size_t n)
{
#if defined(MADV_HUGEPAGE) && defined(MADV_COLLAPSE)
	uintptr_t	 a = ((uintptr_t)p + XHUGE_PAGE - 1) &
			    ~(uintptr_t)(XHUGE_PAGE - 1);
	uintptr_t	 e = ((uintptr_t)p + n) & ~(uintptr_t)(XHUGE_PAGE - 1);

	if (e > a) {
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
		(void)madvise((void *)a, e - a, MADV_COLLAPSE);
	}
#else
	(void)p;
	(void)n;
#endif
}

/* malloc(size), never NULL; size 0 is taken as 1. */
void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return (p);
}

/* calloc(n, size), never NULL. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", n, size);
	return (p);
}

/* realloc(p, n * size) with an overflow check, never NULL. */
void *
xreallocarray(void *p, size_t n, size_t size)
{
	void	*q;

	if (size != 0 && n > SIZE_MAX / size)
		fatalx("allocating %zu * %zu bytes: the size overflows", n,
		    size);
	if (n == 0 || size == 0)
		n = size = 1;
	if ((q = realloc(p, n * size)) == NULL)
		fatal("out of memory reallocating %zu * %zu bytes", n, size);
	return (q);
}

/* strdup, never NULL. */
char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

/* The first len bytes of s as a new string, never NULL. */
char *
xstrndup(const char *s, size_t len)
{
	char	*p;

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

/* vasprintf, never NULL. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) == -1)
		fatal("out of memory formatting a string");
	return (s);
}

/* asprintf, never NULL. */
char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return (s);
}
