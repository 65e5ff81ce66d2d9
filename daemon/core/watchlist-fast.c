#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "core/core.h"
#include "core/watchlist-int.h"

/*
 * The fast path.  libyaml reads some 20 MB a second, so a million-entity
 * list would take most of the ten seconds its load may take.  The files
 * `sanctwatch import` writes have one shape: a comment, "version: 1", a
 * double-quoted name, "entities:" and one entity a line, "  - {...}", a
 * flow mapping of double-quoted strings and lists of them with only the
 * escapes \" \\ and \uXXXX.  Such a file is read here directly, line by
 * line, into the same entities the YAML reading gives.  The fast path only
 * ever accepts: at the first byte it does not take (another layout, other
 * escapes, characters libyaml would refuse or fold, such as line breaks
 * other than \n), and at anything that would be an error (an unknown or
 * repeated key, an empty name, a bad code or date, a duplicate id), what it
 * added is undone and the file is read again through libyaml, which makes
 * the very same errors as ever.
 */

/* The rows of wl_entity_keys, in order. */
enum wl_fkey {
	WL_F_ID,
	WL_F_NAME,
	WL_F_TYPE,
	WL_F_ALIASES,
	WL_F_WEAK_ALIASES,
	WL_F_PROGRAMS,
	WL_F_COUNTRIES,
	WL_F_LISTED,
	WL_F_SOURCE,
	WL_F_TOPICS,
	WL_F_SAME_AS,
	WL_F_IMO,
	WL_F_REGISTRATIONS,
	WL_F_BORN,
	WL_F_ESTABLISHED,
};

/* A list of interned strings kept once (wl_fast_shared). */
struct wl_flist {
	char		**v;
	size_t		 n;
	uint64_t	 hash;
};

/*
 * A large file's bytes are given back to the system as they are read and
 * hashed (a million entities are 200 MB, as much as what is made of
 * them), a few MB at a time, and read again only if libyaml must read it.
 */
size_t	 watchlist_drop_step = 8u * 1024 * 1024;	/* a test makes it small */
#define WL_DROP_MIN	(4 * watchlist_drop_step)	/* from 32 MB on */

/* The state of a fast read of one file. */
struct wl_fast {
	struct wl_load	*l;
	const char	*p;		/* the cursor */
	const char	*eol;		/* the end of its line */
	char		*tmp;		/* the last string unescaped */
	size_t		 tmplen;
	size_t		 tmpcap;
	char		**items;	/* a list's strings so far */
	size_t		 nitems;
	size_t		 itemscap;
	size_t		 dropfrom;	/* the file's bytes given back */
	size_t		 dropped;	/* up to here */
	struct wl_flist	*lists;		/* lists of interned strings, once */
	size_t		 nlists;
	size_t		 listslots;	/* a power of two, or 0 */
};

/*
 * The length of the UTF-8 character at p if libyaml reads it as itself in
 * a double-quoted scalar or a comment: printable (YAML 1.1), not a line
 * break (NEL, LS, PS), not a byte order mark; else 0.  Tabs and other
 * controls are 0 too: the importer escapes them.
 */
static size_t
wl_fast_char(const unsigned char *p, const unsigned char *end)
{
	uint32_t	 cp;
	size_t		 n, i;

	if (*p < 0x80)
		return (*p >= 0x20 && *p < 0x7f ? 1 : 0);
	if ((*p & 0xe0) == 0xc0) {
		n = 2;
		cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		n = 3;
		cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		n = 4;
		cp = *p & 0x07;
	} else
		return (0);
	if ((size_t)(end - p) < n)
		return (0);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000))
		return (0);	/* overlong */
	if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff ||
	    cp > 0x10ffff)
		return (0);
	return (n);
}

/* Append n bytes to the string being unescaped. */
static void
wl_fast_put(struct wl_fast *f, const char *s, size_t n)
{
	if (f->tmplen + n + 1 > f->tmpcap) {
		f->tmpcap = 2 * (f->tmplen + n + 1);
		f->tmp = xreallocarray(f->tmp, f->tmpcap, 1);
	}
	memcpy(f->tmp + f->tmplen, s, n);
	f->tmplen += n;
	f->tmp[f->tmplen] = '\0';
}

/* Skip a literal at the cursor; 0 if it is not there. */
static int
wl_fast_lit(struct wl_fast *f, const char *lit)
{
	size_t	 n = strlen(lit);

	if ((size_t)(f->eol - f->p) < n || memcmp(f->p, lit, n) != 0)
		return (0);
	f->p += n;
	return (1);
}

/* A \uXXXX escape at p (after the backslash) into f->tmp; -1 if not taken. */
static int
wl_fast_u(struct wl_fast *f, const char *p)
{
	unsigned	 cp = 0, i, d;
	char		 u[3];

	if (f->eol - p < 5)
		return (-1);
	for (i = 1; i < 5; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = (unsigned)(p[i] - '0');
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			d = (unsigned)((p[i] | 0x20) - 'a' + 10);
		else
			return (-1);
		cp = cp << 4 | d;
	}
	/* NUL is refused and surrogates are errors: libyaml says which. */
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
		return (-1);
	wl_fast_put(f, u, (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
	    (utf8proc_uint8_t *)u));
	return (0);
}

/*
 * Whether a byte of a double-quoted string stands for itself: printable
 * ASCII but the quote and the backslash (what wl_fast_char takes of ASCII).
 */
static inline int
wl_fast_plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
}

/*
 * The first byte from p on (before end) that does not stand for itself
 * (wl_fast_plain), or end: 16 bytes at a time where SSE2 is.
 */
static const char *
wl_fast_run(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i	 sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
	const __m128i	 q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
	__m128i		 v, x;
	unsigned	 m;

	/* Signed: bytes >= 0x80 are below 0x20 too. */
	for (; end - p >= 16; p += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		x = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, sp),
		    _mm_cmpeq_epi8(v, del)), _mm_or_si128(_mm_cmpeq_epi8(v, q),
		    _mm_cmpeq_epi8(v, bs)));
		if ((m = (unsigned)_mm_movemask_epi8(x)) != 0)
			return (p + __builtin_ctz(m));
	}
#endif
	while (p < end && wl_fast_plain((unsigned char)*p))
		p++;
	return (p);
}

/* A double-quoted string at the cursor, unescaped into f->tmp; 0 or -1. */
static int
wl_fast_str(struct wl_fast *f)
{
	const unsigned char	*end = (const unsigned char *)f->eol;
	const char		*p, *run;
	size_t			 n;

	f->tmplen = 0;
	if (f->tmpcap == 0)
		wl_fast_put(f, "", 0);
	f->tmp[0] = '\0';
	if (!wl_fast_lit(f, "\""))
		return (-1);
	for (p = run = f->p;; p += n) {
		p = wl_fast_run(p, f->eol);
		if (p == f->eol || *p == '"')
			break;
		if (*p != '\\') {
			if ((n = wl_fast_char((const unsigned char *)p,
			    end)) == 0)
				return (-1);
			continue;
		}
		wl_fast_put(f, run, (size_t)(p - run));
		if (p + 1 < f->eol && (p[1] == '"' || p[1] == '\\')) {
			wl_fast_put(f, p + 1, 1);
			n = 2;
		} else if (p + 1 < f->eol && p[1] == 'u' &&
		    wl_fast_u(f, p + 1) == 0)
			n = 6;
		else
			return (-1);
		run = p + n;
	}
	if (p == f->eol)
		return (-1);
	wl_fast_put(f, run, (size_t)(p - run));
	f->p = p + 1;
	return (0);
}

/* A string value that must not be blank: its copy, interned or not. */
static char *
wl_fast_text(struct wl_fast *f, int intern)
{
	if (wl_fast_str(f) == -1 || wl_blank(f->tmp))
		return (NULL);
	if (intern)
		return (wl_intern(f->l, f->tmp, f->tmplen));
	return (wl_copy(f->l, f->tmp, f->tmplen));
}

/* The hash of a list of interned strings: of their addresses. */
static uint64_t
wl_fast_lhash(char *const *v, size_t n)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t		 i;

	for (i = 0; i < n; i++) {
		h = (h ^ (uint64_t)(uintptr_t)v[i]) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return (h);
}

/* Double the table of shared lists. */
static void
wl_fast_lgrow(struct wl_fast *f)
{
	struct wl_flist	*old = f->lists;
	size_t		 n = f->listslots, i, j;

	f->listslots = n == 0 ? 64 : 2 * n;
	f->lists = xcalloc(f->listslots, sizeof *f->lists);
	for (i = 0; i < n; i++) {
		if (old[i].v == NULL)
			continue;
		j = old[i].hash & (f->listslots - 1);
		while (f->lists[j].v != NULL)
			j = (j + 1) & (f->listslots - 1);
		f->lists[j] = old[i];
	}
	free(old);
}

/*
 * A list of interned strings (programs, countries, topics) into sv: the
 * same vector for every entity that has the same list, as a million
 * entities name a few hundred lists of programs or countries.  The
 * watchlist's vectors are never written to once loaded.
 */
static void
wl_fast_shared(struct wl_fast *f, struct strv *sv)
{
	uint64_t	 h = wl_fast_lhash(f->items, f->nitems);
	size_t		 j, bytes = f->nitems * sizeof *f->items;

	if ((f->nlists + 1) * 2 > f->listslots)
		wl_fast_lgrow(f);
	j = h & (f->listslots - 1);
	for (; f->lists[j].v != NULL; j = (j + 1) & (f->listslots - 1)) {
		if (f->lists[j].hash == h && f->lists[j].n == f->nitems &&
		    memcmp(f->lists[j].v, f->items, bytes) == 0) {
			sv->v = f->lists[j].v;
			sv->n = sv->cap = f->nitems;
			return;
		}
	}
	wl_list(f->l, sv, f->nitems);
	memcpy(sv->v, f->items, bytes);
	sv->n = f->nitems;
	f->lists[j].v = sv->v;
	f->lists[j].n = f->nitems;
	f->lists[j].hash = h;
	f->nlists++;
}

/*
 * A list of non-blank strings (country codes if codes) into sv; 0 or -1.
 * The empty list leaves sv empty, as wl_names does.
 */
static int
wl_fast_list(struct wl_fast *f, struct strv *sv, int intern, int codes)
{
	char	*s;
	size_t	 i;

	f->nitems = 0;
	if (!wl_fast_lit(f, "["))
		return (-1);
	if (wl_fast_lit(f, "]"))
		return (0);
	do {
		if (codes) {
			if (wl_fast_str(f) == -1 || !wl_code_ok(f->tmp))
				return (-1);
			s = wl_code_intern(f->l, f->tmp);
			for (i = 0; i < f->nitems && f->items[i] != s; i++)
				;
			if (i < f->nitems)
				continue;	/* kept once */
		} else if ((s = wl_fast_text(f, intern)) == NULL)
			return (-1);
		if (f->nitems == f->itemscap) {
			f->itemscap = f->itemscap == 0 ? 16 : 2 * f->itemscap;
			f->items = xreallocarray(f->items, f->itemscap,
			    sizeof *f->items);
		}
		f->items[f->nitems++] = s;
	} while (wl_fast_lit(f, ", "));
	if (!wl_fast_lit(f, "]"))
		return (-1);
	if (intern) {
		wl_fast_shared(f, sv);
		return (0);
	}
	wl_list(f->l, sv, f->nitems);
	memcpy(sv->v, f->items, f->nitems * sizeof *sv->v);
	sv->n = f->nitems;
	return (0);
}

/* A list as wl_fast_list, each of whose strings ok must pass; 0 or -1. */
static int
wl_fast_checked(struct wl_fast *f, struct strv *sv, int intern,
    int (*ok)(const char *))
{
	size_t	 i;

	if (wl_fast_list(f, sv, intern, 0) == -1)
		return (-1);
	for (i = 0; i < sv->n; i++) {
		if (!ok(sv->v[i]))
			return (-1);
	}
	return (0);
}

/* A list of dates of birth into e's years (entity_born); 0 or -1. */
static int
wl_fast_born(struct wl_fast *f, struct entity *e)
{
	unsigned	 lo, hi;

	if (!wl_fast_lit(f, "["))
		return (-1);
	if (wl_fast_lit(f, "]"))
		return (0);
	do {
		if (wl_fast_str(f) == -1 ||
		    watchlist_born_years(f->tmp, &lo, &hi) == -1)
			return (-1);
		wl_born_add(e, lo, hi);
	} while (wl_fast_lit(f, ", "));
	return (wl_fast_lit(f, "]") ? 0 : -1);
}

/* One key's value into e; 0 or -1. */
static int
wl_fast_value(struct wl_fast *f, enum wl_fkey k, struct entity *e)
{
	int	 t;

	switch (k) {
	case WL_F_ID:
		if ((e->id = wl_fast_text(f, 0)) == NULL || !wl_id_ok(e->id))
			return (-1);
		strindex_prefetch(&f->l->eindex, e->id);
		return (0);
	case WL_F_NAME:
		return ((e->name = wl_fast_text(f, 0)) != NULL ? 0 : -1);
	case WL_F_TYPE:
		if (wl_fast_str(f) == -1 || (t = wl_type(f->tmp)) == -1)
			return (-1);
		e->type = (enum entity_type)t;
		return (0);
	case WL_F_ALIASES:
		return (wl_fast_list(f, &e->aliases, 0, 0));
	case WL_F_WEAK_ALIASES:
		return (wl_fast_list(f, &e->weak_aliases, 0, 0));
	case WL_F_PROGRAMS:
		return (wl_fast_list(f, &e->programs, 1, 0));
	case WL_F_COUNTRIES:
		return (wl_fast_list(f, &e->countries, 1, 1));
	case WL_F_LISTED:
		if (wl_fast_str(f) == -1 || !watchlist_date_ok(f->tmp))
			return (-1);
		e->listed = wl_intern(f->l, f->tmp, f->tmplen);
		return (0);
	case WL_F_SOURCE:
		return ((e->source = wl_fast_text(f, 1)) != NULL ? 0 : -1);
	case WL_F_TOPICS:
		return (wl_fast_checked(f, &e->topics, 1, wl_topic_ok));
	case WL_F_SAME_AS:
		return (wl_fast_list(f, &e->same_as, 1, 0));
	case WL_F_IMO:
		return (wl_fast_checked(f, &e->imo, 0, wl_imo_ok));
	case WL_F_REGISTRATIONS:
		return (wl_fast_checked(f, &e->registrations, 0,
		    wl_registration_ok));
	case WL_F_BORN:
	case WL_F_ESTABLISHED:
		return (wl_fast_born(f, e));
	}
	return (-1);
}

/*
 * The key at the cursor written as the importers write it, a key of
 * wl_entity_keys from row from on, each row's name in double quotes with
 * no escape and ": " after it: skipped, and its row returned.  Else
 * nitems(wl_entity_keys), and the cursor stays (the key is read as any
 * string).  The importers write the keys in the table's order, so the
 * row after the last key is nearly always the next or the one after.
 */
static size_t
wl_fast_key(struct wl_fast *f, size_t from)
{
	const char	*name, *p;
	size_t		 k;

	if (f->p == f->eol || *f->p != '"')
		return (nitems(wl_entity_keys));
	for (k = from; k < nitems(wl_entity_keys); k++) {
		name = wl_entity_keys[k].name;
		for (p = f->p + 1; p < f->eol && *name != '\0' && *p == *name;
		    p++)
			name++;
		if (*name == '\0' && f->eol - p >= 3 && p[0] == '"' &&
		    p[1] == ':' && p[2] == ' ') {
			f->p = p + 3;
			return (k);
		}
	}
	return (nitems(wl_entity_keys));
}

/* The rest of an entity line after "  - ", added at line; 0 or -1. */
static int
wl_fast_entity(struct wl_fast *f, size_t line)
{
	struct entity	 e;
	unsigned	 seen = 0;
	size_t		 k, next = 0;

	memset(&e, 0, sizeof e);
	e.type = ENTITY_OTHER;
	if (!wl_fast_lit(f, "{"))
		return (-1);
	do {
		if ((k = wl_fast_key(f, next)) == nitems(wl_entity_keys)) {
			if (wl_fast_str(f) == -1 || !wl_fast_lit(f, ": "))
				return (-1);
			for (k = 0; k < nitems(wl_entity_keys); k++) {
				if (strcmp(f->tmp, wl_entity_keys[k].name) == 0)
					break;
			}
		}
		if (k == nitems(wl_entity_keys) || (seen & 1u << k) != 0)
			return (-1);
		seen |= 1u << k;
		next = k + 1;
		if (wl_fast_value(f, (enum wl_fkey)k, &e) == -1)
			return (-1);
	} while (wl_fast_lit(f, ", "));
	if (!wl_fast_lit(f, "}") || f->p != f->eol)
		return (-1);
	if ((seen & (1u << WL_F_ID | 1u << WL_F_NAME)) !=
	    (1u << WL_F_ID | 1u << WL_F_NAME))
		return (-1);
	return (wl_entity_add(f->l, &e, line, 0) == SIZE_MAX ? 0 : -1);
}

/* Whether the line at the cursor is a comment that libyaml would take. */
static int
wl_fast_comment(struct wl_fast *f)
{
	const unsigned char	*p = (const unsigned char *)f->p;
	const unsigned char	*end = (const unsigned char *)f->eol;
	size_t			 n;

	if (p == end || *p != '#')
		return (0);
	for (; p < end; p += n) {
		if ((n = wl_fast_char(p, end)) == 0)
			return (0);
	}
	return (1);
}

/*
 * Make room for an entity a line from p on: the arrays and the index are
 * sized once, not doubled a dozen times.  Room not used costs address
 * space, not memory.
 */
static void
wl_fast_reserve(struct wl_fast *f, const char *p, const char *end)
{
	size_t	 lines = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	wl_entity_reserve(f->l, lines + 1);
}

/*
 * The optional header keys after the name, in the importers' order; each
 * one's state is its index + 3.  Their strings are kept for the file.
 */
static const char *const wl_fast_heads[] = { "issuer: ", "published: " };

/* Read a header line's string into the file's info; 0 or -1. */
static int
wl_fast_head(struct wl_fast *f, int state)
{
	struct watchlist_file	*info = &f->l->w->info[f->l->file];
	char			*s;

	if (wl_fast_str(f) == -1 || f->p != f->eol)
		return (-1);
	s = wl_copy(f->l, f->tmp, f->tmplen);
	if (state == 2)
		info->name = s;
	else if (state == 3 && !wl_blank(s))
		info->issuer = s;
	else if (state == 4 && watchlist_date_ok(s))
		info->published = s;
	else
		return (-1);	/* libyaml says what is wrong */
	return (0);
}

/*
 * Give back the whole pages of buf[0..upto) that are read and hashed: to
 * the system, which makes them zeros if they are touched again.
 */
static void
wl_fast_drop(struct wl_fast *f, const char *buf, size_t upto)
{
	uintptr_t	 pg = (uintptr_t)sysconf(_SC_PAGESIZE), b = (uintptr_t)buf;
	size_t		 hashed = atomic_load(f->l->hashed), from, end;

	if (upto > hashed)
		upto = hashed;
	if (f->dropped == 0)	/* from the first whole page on */
		f->dropfrom = f->dropped = (size_t)(((b + pg - 1) & ~(pg - 1)) -
		    b);
	from = f->dropped;
	end = (size_t)(((b + upto) & ~(pg - 1)) - b);
	if (end <= from || madvise((void *)(b + from), end - from,
	    MADV_DONTNEED) == -1)
		return;
	f->dropped = end;
}

/*
 * Read the bytes given back again, for libyaml; 0, or -1 if the file is
 * no longer what it was.
 */
static int
wl_fast_restore(struct wl_fast *f, const char *buf)
{
	char		*p = (char *)(uintptr_t)buf;
	size_t		 off = f->dropfrom;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(f->l->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return (-1);
	while (off < f->dropped) {
		r = pread(fd, p + off, f->dropped - off, (off_t)off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	return (off == f->dropped ? 0 : -1);
}

/* Read every line; 0 if the whole file is in the importers' shape. */
static int
wl_fast_lines(struct wl_fast *f, const char *buf, size_t len)
{
	const char	*end = buf + len, *next;
	size_t		 line = 0, k;
	int		 state = 0;	/* 1 version, 2 name, 3-4 heads */

	for (next = buf; next < end; line++) {
		f->p = next;
		if ((f->eol = memchr(f->p, '\n', (size_t)(end - f->p))) == NULL)
			f->eol = end;
		next = f->eol < end ? f->eol + 1 : end;
		if (f->p == f->eol || wl_fast_comment(f))
			continue;
		if (state == 5 && wl_fast_lit(f, "  - ")) {
			if (wl_fast_entity(f, line + 1) == -1)
				return (-1);
			if (f->l->hashed != NULL && len >= WL_DROP_MIN &&
			    (size_t)(next - buf) >= f->dropped + watchlist_drop_step)
				wl_fast_drop(f, buf, (size_t)(next - buf));
			continue;
		}
		if (state == 0 && wl_fast_lit(f, "version: 1") &&
		    f->p == f->eol) {
			state = 1;
			continue;
		}
		if (state == 1 && wl_fast_lit(f, "name: ")) {
			if (wl_fast_head(f, 2) == -1)
				return (-1);
			state = 2;
			continue;
		}
		for (k = 0; state >= 2 && state < 5 && k < nitems(wl_fast_heads);
		    k++) {
			if ((int)k + 3 > state &&
			    wl_fast_lit(f, wl_fast_heads[k]))
				break;
		}
		if (state >= 2 && state < 5 && k < nitems(wl_fast_heads)) {
			if (wl_fast_head(f, (int)k + 3) == -1)
				return (-1);
			state = (int)k + 3;
		} else if (state >= 1 && state < 5 &&
		    wl_fast_lit(f, "entities:") && f->p == f->eol) {
			wl_fast_reserve(f, f->eol, end);
			state = 5;
		} else
			return (-1);
	}
	return (state == 5 ? 0 : -1);
}

/*
 * Load a file in the importers' shape; 0, or -1 with nothing added if it
 * is not one (then libyaml reads it).  What it adds is held in an arena of
 * its own until the whole file has been read.
 */
int
wl_fast(struct wl_load *l, const char *buf, size_t len)
{
	struct wl_fast	 f;
	struct yarena	 arena = { .chunk = WL_ARENA_CHUNK };
	size_t		 before = l->w->nentities;
	int		 rc;

	if (!watchlist_fastpath || len > YAML_MAX_FILE)
		return (-1);
	memset(&f, 0, sizeof f);
	f.l = l;
	l->arena = &arena;
	rc = wl_fast_lines(&f, buf, len);
	l->arena = &l->w->arena;
	if (rc == 0)
		ytree_arena_move(l->arena, &arena);
	else {
		wl_undo(l, before, l->w->ncountries);
		ytree_arena_free(&arena);
		if (f.dropped > f.dropfrom && wl_fast_restore(&f, buf) == -1) {
			diag_add(l->diag, l->path, 0, 0, "the file changed "
			    "while it was read: not loaded");
			rc = 0;
		}
	}
	free(f.tmp);
	free(f.items);
	free(f.lists);
	return (rc);
}

